//! User operations and their rules: unique UPN per tenant on a verified domain, one B2B user
//! per home user, defaults, typed values, `manager` in the same tenant, soft delete, restore
//! and purge.
//!
//! Every rule of a write is checked before any table changes, so a refused object leaves the
//! transaction as it was and a batch can report it and go on ([`Batch::Each`]).

use crate::error::{Error, Kind, Result};
use crate::model::{
    Attr, ChangeOp, Home, NewUser, ObjOrd, SearchKind, Source, Tenant, User, UserType, Value, ids::now_millis,
};
use crate::search::filter::Val;
use crate::search::{self, PeopleQuery, Pred};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

pub use super::bulk::create_many;

/// How a batch meets a refused object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Batch {
    /// The first refused object fails the whole batch (the caller rolls back).
    #[default]
    Atomic,
    /// Refused objects are reported and skipped; the others land.
    Each,
}

/// What a batch did: how many objects it changed, and the refused ones with their errors.
#[derive(Debug, Default)]
pub struct BatchReport {
    /// Objects created or changed.
    pub done: u64,
    /// Refused objects: their 0-based position in the batch, and why.
    pub refused: Vec<(u64, Error)>,
}

impl BatchReport {
    /// Records the outcome of object `at`; in [`Batch::Atomic`] a refusal ends the batch.
    pub(super) fn record(&mut self, mode: Batch, at: u64, outcome: Result<bool>) -> Result<()> {
        match outcome {
            Ok(true) => self.done += 1,
            Ok(false) => {}
            Err(e) if mode == Batch::Each && e.is_refusal() => self.refused.push((at, e)),
            Err(e) if e.is_refusal() => {
                return Err(Error::Batch {
                    index: at,
                    error: Box::new(e),
                });
            }
            // A failure of the file (a full disk, a damaged page) is no fault of this object.
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

/// The user with this UPN, or [`Error::NotFound`].
pub fn find<S: Open>(tables: &Tables<S>, tenant: &Tenant, upn: &str) -> Result<User> {
    tables.user_by_upn(tenant.ord, upn)?.ok_or_else(|| Error::NotFound {
        kind: Kind::User,
        name: upn.to_owned(),
        tenant: Some(tenant.handle.clone()),
        hint: String::new(),
    })
}

/// Checks a UPN's form and that its domain is one of the tenant's verified domains.
pub(super) fn check_upn(tenant: &Tenant, upn: &str) -> Result<()> {
    let (local, domain) = upn.rsplit_once('@').ok_or_else(|| Error::NotAUpn(upn.to_owned()))?;
    if local.is_empty() || local.chars().any(char::is_whitespace) {
        return Err(Error::NotAUpn(upn.to_owned()));
    }
    if !tenant.owns_domain(domain) {
        return Err(Error::DomainNotVerified {
            domain: domain.to_owned(),
            tenant: tenant.handle.clone(),
            domains: tenant.domains.join(", "),
        });
    }
    Ok(())
}

/// Refuses a UPN that another user of the tenant holds.
pub(super) fn check_upn_free<S: Open>(
    tables: &Tables<S>,
    tenant: &Tenant,
    upn: &str,
    own: Option<ObjOrd>,
) -> Result<()> {
    match tables.user_ord_by_upn(tenant.ord, upn)? {
        Some(other) if Some(other) != own => Err(Error::UpnTaken {
            upn: upn.to_owned(),
            tenant: tenant.handle.clone(),
        }),
        _ => Ok(()),
    }
}

/// Applies assigned values to a user; `manager` is a UPN of the same tenant.
pub(super) fn assign<S: Open>(
    tables: &Tables<S>,
    tenant: &Tenant,
    user: &mut User,
    values: &[(Attr, Value)],
) -> Result<()> {
    for (attr, value) in values {
        if *attr == Attr::Manager {
            user.manager = match value {
                Value::Null => None,
                v => {
                    let upn = v.to_string();
                    let manager = tables
                        .user_ord_by_upn(tenant.ord, &upn)?
                        .ok_or_else(|| Error::ManagerNotFound {
                            upn: upn.clone(),
                            tenant: tenant.handle.clone(),
                        })?;
                    if manager == user.ord {
                        return Err(Error::OwnManager(upn));
                    }
                    Some(manager)
                }
            };
            continue;
        }
        user.set(*attr, value.clone())?;
    }
    Ok(())
}

/// Creates a user in `tenant` and returns it.
pub fn create(w: &mut WriteTables<'_>, tenant: &Tenant, new: &NewUser) -> Result<User> {
    let user = build(w, tenant, new)?;
    // `build` has checked the UPN and the home identity free in this transaction.
    w.create_user_deriving(&user)?;
    Ok(user)
}

/// Checks and builds a new user without storing it: every rule of a create is checked here.
fn build(w: &mut WriteTables<'_>, tenant: &Tenant, new: &NewUser) -> Result<User> {
    check_upn(tenant, &new.upn)?;
    check_upn_free(w, tenant, &new.upn, None)?;
    if let Some(home) = &new.b2b {
        if w.user_ord_by_home(tenant.ord, home)?.is_some() {
            return Err(Error::HomeTaken {
                tenant: tenant.handle.clone(),
            });
        }
    }
    let mut user = User::new(Uuid::now_v7(), ObjOrd(0), tenant.ord, &new.upn, now_millis());
    if let Some(Home {
        tenant: home_tenant,
        object: home_object,
    }) = new.b2b
    {
        user.source = Source::B2b {
            home_tenant,
            home_object,
        };
        user.user_type = UserType::Guest;
        user.show_in_address_list = false;
    }
    assign(w, tenant, &mut user, &new.values)?;
    user.user_principal_name = new.upn.clone();
    user.apply_defaults();
    user.ord = w.next_object()?;
    Ok(user)
}

/// Changes a live user's attributes.
pub fn update(w: &mut WriteTables<'_>, tenant: &Tenant, upn: &str, values: &[(Attr, Value)]) -> Result<User> {
    let old = find(w, tenant, upn)?;
    update_user(w, tenant, old, values)
}

fn update_user(w: &mut WriteTables<'_>, tenant: &Tenant, old: User, values: &[(Attr, Value)]) -> Result<User> {
    if old.is_soft_deleted() {
        return Err(Error::UserDeleted {
            upn: old.user_principal_name,
            doing: "changing it",
        });
    }
    let mut user = old.clone();
    assign(w, tenant, &mut user, values)?;
    if user.user_principal_name != old.user_principal_name {
        check_upn(tenant, &user.user_principal_name)?;
        check_upn_free(w, tenant, &user.user_principal_name, Some(user.ord))?;
    }
    if user != old {
        w.write_user(Some(&old), Some(&user), ChangeOp::Update)?;
    }
    Ok(user)
}

/// Every user (deleted ones too) matching `filter`, in display order.
pub fn matching<S: Open>(tables: &Tables<S>, tenant: &Tenant, filter: Pred) -> Result<Vec<User>> {
    let q = PeopleQuery {
        filter,
        ..PeopleQuery::new(tenant.ord, SearchKind::Find)
    };
    Ok(search::search(tables, &q)?.users)
}

/// Changes every live user matching `filter`; the report counts the users that changed.
pub fn update_many(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    filter: Pred,
    values: &[(Attr, Value)],
    mode: Batch,
) -> Result<BatchReport> {
    if values.iter().any(|(a, _)| *a == Attr::UserPrincipalName) {
        return Err(Error::UpnInBulk);
    }
    let mut report = BatchReport::default();
    for (at, user) in matching(w, tenant, filter)?.into_iter().enumerate() {
        if user.is_soft_deleted() {
            continue;
        }
        let before = user.clone();
        let outcome = update_user(w, tenant, user, values).map(|after| after != before);
        report.record(mode, at as u64, outcome)?;
    }
    Ok(report)
}

/// Soft-deletes a user: it keeps its identity and can be restored.
pub fn delete(w: &mut WriteTables<'_>, tenant: &Tenant, upn: &str) -> Result<User> {
    let old = find(w, tenant, upn)?;
    if old.is_soft_deleted() {
        return Err(Error::AlreadyDeleted(upn.to_owned()));
    }
    let mut user = old.clone();
    user.deleted = Some(now_millis());
    w.write_user(Some(&old), Some(&user), ChangeOp::Delete)?;
    Ok(user)
}

/// Restores a soft-deleted user.
pub fn restore(w: &mut WriteTables<'_>, tenant: &Tenant, upn: &str) -> Result<User> {
    let old = find(w, tenant, upn)?;
    if !old.is_soft_deleted() {
        return Err(Error::NotDeleted {
            upn: upn.to_owned(),
            purging: false,
        });
    }
    let mut user = old.clone();
    user.deleted = None;
    w.write_user(Some(&old), Some(&user), ChangeOp::Restore)?;
    Ok(user)
}

/// The users `manager` manages (deleted ones too), by the manager's equality posting.
pub fn reports<S: Open>(tables: &Tables<S>, tenant: &Tenant, manager: ObjOrd) -> Result<Vec<User>> {
    matching(
        tables,
        tenant,
        Pred::Cmp(Attr::Manager, crate::model::CmpOp::Eq, Val::Int(i64::from(manager.0))),
    )
}

/// Removes a soft-deleted user for good; users it managed lose their manager.
pub fn purge(w: &mut WriteTables<'_>, tenant: &Tenant, upn: &str) -> Result<User> {
    let old = find(w, tenant, upn)?;
    if !old.is_soft_deleted() {
        return Err(Error::NotDeleted {
            upn: upn.to_owned(),
            purging: true,
        });
    }
    for report in reports(w, tenant, old.ord)? {
        let mut changed = report.clone();
        changed.manager = None;
        w.write_user(Some(&report), Some(&changed), ChangeOp::Update)?;
    }
    w.write_user(Some(&old), None, ChangeOp::Purge)?;
    Ok(old)
}

//! User operations and their rules: unique UPN per tenant on a verified domain, defaults,
//! typed values, `manager` in the same tenant, soft delete, restore and purge.

use super::Principal;
use crate::error::{Error, Result};
use crate::lang::ast::SearchKind;
use crate::model::{Attr, ChangeOp, NewUser, ObjOrd, Source, Tenant, User, UserType, Value, ids::now_millis};
use crate::search::{self, PeopleQuery, Pred};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// The user with this UPN, or a clear error.
pub fn find<S: Open>(tables: &Tables<S>, tenant: &Tenant, upn: &str) -> Result<User> {
    tables
        .user_by_upn(tenant.ord, upn)?
        .ok_or_else(|| Error::invalid(format!("no user `{upn}` in tenant {}", tenant.handle)))
}

/// Checks a UPN's form and that its domain is one of the tenant's verified domains.
fn check_upn(tenant: &Tenant, upn: &str) -> Result<()> {
    let (local, domain) = upn
        .rsplit_once('@')
        .ok_or_else(|| Error::invalid(format!("`{upn}` is not a user principal name (name@domain)")))?;
    if local.is_empty() || local.chars().any(char::is_whitespace) {
        return Err(Error::invalid(format!(
            "`{upn}` is not a user principal name (name@domain)"
        )));
    }
    if !tenant.owns_domain(domain) {
        return Err(Error::invalid(format!(
            "`{domain}` is not a verified domain of tenant {} (its domains: {})",
            tenant.handle,
            tenant.domains.join(", ")
        )));
    }
    Ok(())
}

/// Applies assigned values to a user; `manager` is a UPN of the same tenant.
fn assign<S: Open>(tables: &Tables<S>, tenant: &Tenant, user: &mut User, values: &[(Attr, Value)]) -> Result<()> {
    for (attr, value) in values {
        if *attr == Attr::Manager {
            user.manager = match value {
                Value::Null => None,
                v => {
                    let upn = v.to_string();
                    let manager = tables.user_ord_by_upn(tenant.ord, &upn)?.ok_or_else(|| {
                        Error::invalid(format!("manager `{upn}` is not a user of tenant {}", tenant.handle))
                    })?;
                    if manager == user.ord {
                        return Err(Error::invalid(format!("`{upn}` cannot be their own manager")));
                    }
                    Some(manager)
                }
            };
            continue;
        }
        user.set(*attr, value.clone())
            .map_err(|e| Error::invalid(e.to_string()))?;
    }
    Ok(())
}

/// Creates a user in `tenant` and returns it.
pub fn create(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, new: &NewUser) -> Result<User> {
    let user = build(w, who, tenant, new)?;
    w.write_user(None, Some(&user), ChangeOp::Create)?;
    Ok(user)
}

/// Checks and builds a new user without storing it.
fn build(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, new: &NewUser) -> Result<User> {
    who.check_tenant(tenant, "create users")?;
    check_upn(tenant, &new.upn)?;
    if w.user_ord_by_upn(tenant.ord, &new.upn)?.is_some() {
        return Err(Error::invalid(format!(
            "a user with UPN `{}` already exists in tenant {}",
            new.upn, tenant.handle
        )));
    }
    let ord = w.next_object()?;
    let mut user = User::new(Uuid::now_v7(), ord, tenant.ord, &new.upn, now_millis());
    if let Some((home_tenant, home_object)) = new.b2b {
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
    Ok(user)
}

/// Changes a live user's attributes.
pub fn update(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    upn: &str,
    values: &[(Attr, Value)],
) -> Result<User> {
    who.check_tenant(tenant, "change users")?;
    let old = find(w, tenant, upn)?;
    update_user(w, tenant, old, values)
}

fn update_user(w: &mut WriteTables<'_>, tenant: &Tenant, old: User, values: &[(Attr, Value)]) -> Result<User> {
    if old.is_soft_deleted() {
        return Err(Error::invalid(format!(
            "user `{}` is deleted; restore it before changing it",
            old.user_principal_name
        )));
    }
    let mut user = old.clone();
    assign(w, tenant, &mut user, values)?;
    if user.user_principal_name != old.user_principal_name {
        check_upn(tenant, &user.user_principal_name)?;
        if let Some(other) = w.user_ord_by_upn(tenant.ord, &user.user_principal_name)? {
            if other != user.ord {
                return Err(Error::invalid(format!(
                    "a user with UPN `{}` already exists in tenant {}",
                    user.user_principal_name, tenant.handle
                )));
            }
        }
    }
    if user != old {
        w.write_user(Some(&old), Some(&user), ChangeOp::Update)?;
    }
    Ok(user)
}

/// The ordinals of every user (deleted ones too) matching `filter`.
pub fn matching<S: Open>(tables: &Tables<S>, tenant: &Tenant, filter: Pred) -> Result<Vec<User>> {
    let q = PeopleQuery {
        filter,
        ..PeopleQuery::new(tenant.ord, SearchKind::Find)
    };
    Ok(search::search(tables, &q)?.users)
}

/// Changes every live user matching `filter`; returns how many changed.
pub fn update_many(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    filter: Pred,
    values: &[(Attr, Value)],
) -> Result<usize> {
    who.check_tenant(tenant, "change users")?;
    if values.iter().any(|(a, _)| *a == Attr::UserPrincipalName) {
        return Err(Error::invalid(
            "`userPrincipalName` is unique: change it one user at a time",
        ));
    }
    let mut changed = 0;
    for user in matching(w, tenant, filter)? {
        if user.is_soft_deleted() {
            continue;
        }
        let before = user.clone();
        if update_user(w, tenant, user, values)? != before {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Soft-deletes a user: it keeps its identity and can be restored.
pub fn delete(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, upn: &str) -> Result<User> {
    who.check_tenant(tenant, "delete users")?;
    let old = find(w, tenant, upn)?;
    if old.is_soft_deleted() {
        return Err(Error::invalid(format!("user `{upn}` is already deleted")));
    }
    let mut user = old.clone();
    user.deleted = Some(now_millis());
    w.write_user(Some(&old), Some(&user), ChangeOp::Delete)?;
    Ok(user)
}

/// Restores a soft-deleted user.
pub fn restore(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, upn: &str) -> Result<User> {
    who.check_tenant(tenant, "restore users")?;
    let old = find(w, tenant, upn)?;
    if !old.is_soft_deleted() {
        return Err(Error::invalid(format!("user `{upn}` is not deleted")));
    }
    let mut user = old.clone();
    user.deleted = None;
    w.write_user(Some(&old), Some(&user), ChangeOp::Restore)?;
    Ok(user)
}

/// Removes a soft-deleted user for good; users it managed lose their manager.
pub fn purge(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, upn: &str) -> Result<()> {
    who.check_tenant(tenant, "purge users")?;
    let old = find(w, tenant, upn)?;
    if !old.is_soft_deleted() {
        return Err(Error::invalid(format!(
            "user `{upn}` is not deleted: `delete user` first, then `purge user`"
        )));
    }
    let mut reports = Vec::new();
    w.scan_users(tenant.ord, |u| {
        if u.manager == Some(old.ord) {
            reports.push(u);
        }
        Ok(())
    })?;
    for report in reports {
        let mut changed = report.clone();
        changed.manager = None;
        w.write_user(Some(&report), Some(&changed), ChangeOp::Update)?;
    }
    w.write_user(Some(&old), None, ChangeOp::Purge)
}

/// Creates many users in one go (import, generate). Stops at the first failure and says
/// which item (0-based) failed; the caller's transaction then rolls everything back.
pub fn create_many(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    users: impl IntoIterator<Item = (NewUser, bool)>,
    mut progress: impl FnMut(u64),
) -> std::result::Result<u64, (u64, Error)> {
    w.set_bulk(true).map_err(|e| (0, e))?;
    let mut made = 0u64;
    let mut managers: Vec<(u64, ObjOrd, Value)> = Vec::new();
    for (i, (mut new, soft_deleted)) in users.into_iter().enumerate() {
        let at = i as u64;
        // Managers may come later in the file: assign them once everyone exists.
        let manager = new
            .values
            .iter()
            .position(|(a, _)| *a == Attr::Manager)
            .map(|p| new.values.remove(p).1);
        let mut user = build(w, who, tenant, &new).map_err(|e| (at, e))?;
        if soft_deleted {
            user.deleted = Some(user.created);
        }
        w.write_user(None, Some(&user), ChangeOp::Create).map_err(|e| (at, e))?;
        if let Some(manager) = manager.filter(|m| !m.is_null()) {
            managers.push((at, user.ord, manager));
        }
        made += 1;
        progress(made);
    }
    w.set_bulk(false).map_err(|e| (made, e))?;
    for (at, ord, manager) in managers {
        let Some(user) = w.user(tenant.ord, ord).map_err(|e| (at, e))? else {
            continue;
        };
        let mut changed = user.clone();
        assign(w, tenant, &mut changed, &[(Attr::Manager, manager)]).map_err(|e| (at, e))?;
        w.write_user(Some(&user), Some(&changed), ChangeOp::Update)
            .map_err(|e| (at, e))?;
    }
    Ok(made)
}

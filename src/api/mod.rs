//! The typed library API: what embedders call, and what the language executor calls too.
//! Each method is one operation: it names its [`Action`] and tenant, is authorized once
//! (reads included) before it reads anything, and runs in one transaction (or in the open
//! `begin` block).

mod access;
mod audit;
mod files;
mod maintenance;
mod organization;
mod provisioning_log;
mod search;
mod sync;

pub use access::{AccessImport, AccessOverview, AccessView, PartnerSummary};
pub use audit::ChangeQuery;
pub use organization::OrganizationView;
pub use provisioning_log::LogQuery;
pub use search::{Search, people};
pub use sync::{Missing, OrganizationCheck, SyncImport, SyncRef, SyncView};

use crate::directory::users::{Batch, BatchReport};
use crate::directory::{groups, tenants, users};
use crate::error::{Error, Result};
use crate::limits::{Limit, MAX_ROWS};
use crate::model::{Attr, Filter, Group, NewUser, Tenant, User, Value};
use crate::output::Rows;
use crate::present::Presenter;
use crate::rights::{Action, Principal};
use crate::search::{Pred, filter};
use crate::session::{Session, read_in, with_view};
use crate::store::keys::{self, PostingKind};
use crate::store::{Open, Tables, index::ALL_CLASSES};

/// A tenant and how many users it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantSummary {
    /// The tenant.
    pub tenant: Tenant,
    /// Its users, deleted ones included.
    pub users: u64,
}

/// A group and how many members it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// The group.
    pub group: Group,
    /// Its direct members, deleted users included.
    pub members: u64,
}

/// The term of the `memberOf` posting of `group`.
fn member_term(group: &Group) -> Vec<u8> {
    keys::equal_term(Attr::MemberOf.posting().unwrap_or_default(), &group.ord.0.to_string())
}

/// The number of entries of a posting over every class.
fn total<S: Open>(t: &Tables<S>, tenant: &Tenant, kind: PostingKind, term: &[u8]) -> Result<u64> {
    ALL_CLASSES
        .iter()
        .map(|&c| t.count(&keys::posting_head(tenant.ord, kind, term, c)))
        .sum()
}

impl Session<'_> {
    /// The tenant with this handle.
    pub fn tenant(&self, handle: &str) -> Result<Tenant> {
        read_in!(self, Action::ReadTenants, handle, |_t, tenant| Ok(tenant))
    }

    /// The tenant with this handle and how many users it holds.
    pub fn tenant_summary(&self, handle: &str) -> Result<TenantSummary> {
        read_in!(self, Action::ReadTenants, handle, |t, tenant| {
            let users = total(t, &tenant, PostingKind::Order, b"")?;
            Ok(TenantSummary { tenant, users })
        })
    }

    /// The tenants this principal may read (a tenant's administrator: its own), with their
    /// user counts, in creation order.
    pub fn tenants(&self) -> Result<Vec<TenantSummary>> {
        let who = self.principal.clone();
        with_view!(self, |t| {
            let mut out = Vec::new();
            for tenant in t.tenants()? {
                if who.authorize(Action::ReadTenants, Some(&tenant)).is_ok() {
                    let users = total(t, &tenant, PostingKind::Order, b"")?;
                    out.push(TenantSummary { tenant, users });
                }
            }
            Ok(out)
        })
    }

    /// Creates a tenant (operator only).
    pub fn create_tenant(&mut self, handle: &str, name: Option<&str>, domains: &[String]) -> Result<Tenant> {
        self.write_global(Action::CreateTenants, |w| {
            tenants::create_tenant(w, handle, name, domains)
        })
    }

    /// Creates a user in the tenant with this handle.
    pub fn create_user(&mut self, tenant: &str, user: &NewUser) -> Result<User> {
        self.write_in(Action::CreateUsers, tenant, |w, t, _| users::create(w, t, user))
    }

    /// Creates many users in one transaction. [`Batch::Atomic`]: the first refused user
    /// fails the whole batch ([`crate::Error::Batch`] says which, 0-based) and nothing is
    /// kept; [`Batch::Each`]: refused users are reported and the others land.
    pub fn create_users(
        &mut self,
        tenant: &str,
        new: impl IntoIterator<Item = NewUser, IntoIter: Send>,
        mode: Batch,
    ) -> Result<BatchReport> {
        self.load_users(tenant, new.into_iter().map(|u| (u, false)), mode)
    }

    /// [`Session::create_users`] for loads that carry each user's soft-deleted flag (`true`:
    /// created deleted, as an exported file's deleted users are), in bulk mode.
    pub fn load_users(
        &mut self,
        tenant: &str,
        users: impl IntoIterator<Item = (NewUser, bool), IntoIter: Send>,
        mode: Batch,
    ) -> Result<BatchReport> {
        self.write_in(Action::CreateUsers, tenant, |w, t, _| {
            users::create_many(w, t, users, mode, |_| {})
        })
    }

    /// Changes a user's attributes (`manager` as a UPN).
    pub fn update_user(&mut self, tenant: &str, upn: &str, values: &[(Attr, Value)]) -> Result<User> {
        self.write_in(Action::ChangeUsers, tenant, |w, t, _| users::update(w, t, upn, values))
    }

    /// Changes every live user matching `filter` (every live user when `None`); the report
    /// counts the users that changed.
    pub fn update_users(
        &mut self,
        tenant: &str,
        filter: Option<&Filter>,
        values: &[(Attr, Value)],
        mode: Batch,
    ) -> Result<BatchReport> {
        let who = self.principal.clone();
        self.write_in(Action::ChangeUsers, tenant, |w, t, _| {
            let pred = compile(w, &who, t, filter)?;
            users::update_many(w, t, pred, values, mode)
        })
    }

    /// Soft-deletes a user.
    pub fn delete_user(&mut self, tenant: &str, upn: &str) -> Result<User> {
        self.write_in(Action::DeleteUsers, tenant, |w, t, _| users::delete(w, t, upn))
    }

    /// Restores a soft-deleted user.
    pub fn restore_user(&mut self, tenant: &str, upn: &str) -> Result<User> {
        self.write_in(Action::RestoreUsers, tenant, |w, t, _| users::restore(w, t, upn))
    }

    /// Removes a soft-deleted user for good; returns it as it was.
    pub fn purge_user(&mut self, tenant: &str, upn: &str) -> Result<User> {
        self.write_in(Action::PurgeUsers, tenant, |w, t, _| users::purge(w, t, upn))
    }

    /// The user with this UPN.
    pub fn user(&self, tenant: &str, upn: &str) -> Result<User> {
        read_in!(self, Action::ReadUsers, tenant, |t, tenant| users::find(
            t, &tenant, upn
        ))
    }

    /// The user with this UPN as one row of `columns`, references named (the manager by
    /// UPN, groups by name).
    pub fn user_row(&self, tenant: &str, upn: &str, columns: &[Attr]) -> Result<Rows> {
        read_in!(self, Action::ReadUsers, tenant, |t, tenant| {
            let user = users::find(t, &tenant, upn)?;
            Presenter::new(t).rows(&[user], columns)
        })
    }

    /// Creates a group.
    pub fn create_group(&mut self, tenant: &str, name: &str, description: Option<&str>) -> Result<Group> {
        self.write_in(Action::CreateGroups, tenant, |w, t, _| {
            groups::create(w, t, name, description)
        })
    }

    /// The groups of a tenant with their member counts.
    pub fn groups(&self, tenant: &str) -> Result<Vec<GroupSummary>> {
        read_in!(self, Action::ReadGroups, tenant, |t, tenant| {
            let mut out = Vec::new();
            for group in t.groups(tenant.ord)? {
                let members = total(t, &tenant, PostingKind::Equal, &member_term(&group))?;
                out.push(GroupSummary { group, members });
            }
            Ok(out)
        })
    }

    /// The members of a group (deleted users too) as rows of `columns`, in display order; a
    /// group of more than [`MAX_ROWS`] members is refused ([`Error::TooLarge`]: search it
    /// with `memberOf`, page by page).
    pub fn group_members(&self, tenant: &str, group: &str, columns: &[Attr]) -> Result<Rows> {
        read_in!(self, Action::ReadGroups, tenant, |t, tenant| {
            let group = groups::find(t, &tenant, group)?;
            let size = total(t, &tenant, PostingKind::Equal, &member_term(&group))?;
            if size > MAX_ROWS {
                return Err(Error::TooLarge {
                    limit: Limit::Rows,
                    size,
                });
            }
            let members = groups::members(t, &group)?;
            Presenter::new(t).rows(&members, columns)
        })
    }

    /// Adds (`member` true) or removes a user; false when nothing changed.
    pub fn set_member(&mut self, tenant: &str, group: &str, upn: &str, member: bool) -> Result<bool> {
        self.write_in(Action::ChangeMembers, tenant, |w, t, _| {
            groups::change_member(w, t, group, upn, member)
        })
    }

    /// Adds or removes every user matching `filter`; the report counts the users that
    /// changed.
    pub fn set_members(
        &mut self,
        tenant: &str,
        group: &str,
        filter: Option<&Filter>,
        member: bool,
        mode: Batch,
    ) -> Result<BatchReport> {
        let who = self.principal.clone();
        self.write_in(Action::ChangeMembers, tenant, |w, t, _| {
            let pred = compile(w, &who, t, filter)?;
            groups::change_members(w, t, group, pred, member, mode)
        })
    }

    /// Compiles a typed filter (built with [`Filter`]'s builder, or parsed by
    /// [`crate::parse_filter`]) for a tenant: values typed, names resolved.
    pub fn compile(&self, tenant: &str, filter: &Filter) -> Result<Pred> {
        let who = self.principal.clone();
        read_in!(self, Action::Search, tenant, |t, tenant| compile(
            t,
            &who,
            &tenant,
            Some(filter)
        ))
    }
}

/// Compiles an optional filter for `tenant` (none: everyone) as `who` may: a tenant's
/// administrator who names a tenant that does not exist is not told so
/// ([`filter::Unknown::MatchNone`]).
fn compile<S: Open>(t: &Tables<S>, who: &Principal, tenant: &Tenant, f: Option<&Filter>) -> Result<Pred> {
    let unknown = match who {
        Principal::Operator => filter::Unknown::Refuse,
        Principal::TenantAdmin { .. } => filter::Unknown::MatchNone,
    };
    match f {
        Some(f) => filter::compile_with(t, tenant.ord, f, unknown),
        None => Ok(Pred::True),
    }
}

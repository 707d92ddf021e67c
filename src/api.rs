//! The typed library API: what embedders call, and what the language executor calls too.
//! Each method is one transaction (or part of the open `begin` block).

use crate::directory::{groups, tenants, users};
use crate::error::{Error, Result};
use crate::lang::ast::{SearchKind, Statement};
use crate::model::{Attr, Group, NewUser, Tenant, User, Value};
use crate::search::{self, Found, PeopleQuery, Pred};
use crate::session::{Session, with_view};
use crate::store::ReadTables;

impl Session<'_> {
    /// A read snapshot of the committed state, for running [`crate::search`] functions
    /// directly (plans, scans, statistics).
    pub fn snapshot(&self) -> Result<ReadTables> {
        Ok(crate::store::Tables::new(redb::ReadableDatabase::begin_read(
            &self.dir.db,
        )?))
    }

    /// The tenant with this handle.
    pub fn tenant(&self, handle: &str) -> Result<Tenant> {
        with_view!(self, |t| tenants::resolve(t, handle))
    }

    /// Creates a tenant (operator only).
    pub fn create_tenant(&mut self, handle: &str, name: Option<&str>, domains: &[String]) -> Result<Tenant> {
        self.write(|w, who| tenants::create_tenant(w, who, handle, name, domains))
    }

    /// Creates a user in the tenant with this handle.
    pub fn create_user(&mut self, tenant: &str, user: &NewUser) -> Result<User> {
        self.write(|w, who| users::create(w, who, &tenants::resolve(w, tenant)?, user))
    }

    /// Creates many users in one transaction; the first failure rolls all back and says
    /// which (0-based) failed.
    pub fn create_users(&mut self, tenant: &str, new: impl IntoIterator<Item = NewUser>) -> Result<u64> {
        self.write(|w, who| {
            let t = tenants::resolve(w, tenant)?;
            who.check_tenant(&t, "create users")?;
            users::create_many(w, who, &t, new.into_iter().map(|u| (u, false)), |_| {})
                .map_err(|(i, e)| Error::invalid(format!("user {i}: {e}")))
        })
    }

    /// Changes a user's attributes (`manager` as a UPN).
    pub fn update_user(&mut self, tenant: &str, upn: &str, values: &[(Attr, Value)]) -> Result<User> {
        self.write(|w, who| users::update(w, who, &tenants::resolve(w, tenant)?, upn, values))
    }

    /// Soft-deletes a user.
    pub fn delete_user(&mut self, tenant: &str, upn: &str) -> Result<User> {
        self.write(|w, who| users::delete(w, who, &tenants::resolve(w, tenant)?, upn))
    }

    /// Restores a soft-deleted user.
    pub fn restore_user(&mut self, tenant: &str, upn: &str) -> Result<User> {
        self.write(|w, who| users::restore(w, who, &tenants::resolve(w, tenant)?, upn))
    }

    /// Removes a soft-deleted user for good.
    pub fn purge_user(&mut self, tenant: &str, upn: &str) -> Result<()> {
        self.write(|w, who| users::purge(w, who, &tenants::resolve(w, tenant)?, upn))
    }

    /// The user with this UPN.
    pub fn user(&self, tenant: &str, upn: &str) -> Result<User> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let tenant = tenants::resolve(t, tenant)?;
            who.check_tenant(&tenant, "read users")?;
            users::find(t, &tenant, upn)
        })
    }

    /// Creates a group.
    pub fn create_group(&mut self, tenant: &str, name: &str, description: Option<&str>) -> Result<Group> {
        self.write(|w, who| groups::create(w, who, &tenants::resolve(w, tenant)?, name, description))
    }

    /// Adds (`member` true) or removes a user; false when nothing changed.
    pub fn set_member(&mut self, tenant: &str, group: &str, upn: &str, member: bool) -> Result<bool> {
        self.write(|w, who| groups::change_member(w, who, &tenants::resolve(w, tenant)?, group, upn, member))
    }

    /// Compiles filter text (`department = "Sales" and not city = Oslo`) for a tenant.
    pub fn filter(&self, tenant: &str, text: &str) -> Result<Pred> {
        let source = format!("find users in tenant \"{}\" where {text}", tenant.replace('"', "\\\""));
        let statement = crate::lang::parser::parse(&source)?.into_iter().next();
        let Some(Statement::Search(s)) = statement.map(|l| l.stmt) else {
            return Err(Error::invalid(format!("`{text}` is not a filter")));
        };
        with_view!(self, |t| {
            let tenant = tenants::resolve(t, tenant)?;
            match &s.filter {
                Some(f) => search::filter::compile(t, tenant.ord, f).map_err(|e| e.locate(&source)),
                None => Ok(Pred::True),
            }
        })
    }

    /// A query over the tenant with this handle in view `kind`.
    pub fn query(&self, tenant: &str, kind: SearchKind) -> Result<PeopleQuery> {
        Ok(PeopleQuery::new(self.tenant(tenant)?.ord, kind))
    }

    /// Runs a people search (or listing) with the planner's plan.
    pub fn search(&self, q: &PeopleQuery) -> Result<Found> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            check_reader(t, &who, q)?;
            search::search(t, q)
        })
    }

    /// Counts the matches of a query.
    pub fn count(&self, q: &PeopleQuery) -> Result<u64> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            check_reader(t, &who, q)?;
            search::count(t, q)
        })
    }

    /// The plan of a query and what running it read.
    pub fn explain(&self, q: &PeopleQuery) -> Result<String> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            check_reader(t, &who, q)?;
            search::explain(t, q)
        })
    }
}

fn check_reader<S: crate::store::Open>(
    t: &crate::store::Tables<S>,
    who: &crate::Principal,
    q: &PeopleQuery,
) -> Result<()> {
    let tenant = t.tenant(q.tenant)?.ok_or_else(|| Error::invalid("no such tenant"))?;
    who.check_tenant(&tenant, "search")
}

/// Shorthand for [`SearchKind::People`] queries.
pub fn people(tenant: crate::model::TenantOrd) -> PeopleQuery {
    PeopleQuery::new(tenant, SearchKind::People)
}

//! The multitenant organization through the typed API. Each operation names the tenant that
//! acts (`as tenant A`), which the principal must administer; the organization's own rules
//! (owners add, remove, change roles and set labels) are checked by the directory.

use crate::directory::access::SettingChange;
use crate::directory::organization as org;
use crate::error::{Error, Result};
use crate::model::{Labels, Member, MemberState, Organization, Role, Tenant};
use crate::rights::{Action, Principal};
use crate::session::{Session, with_view};
use crate::store::{Open, Tables};
use uuid::Uuid;

/// An organization as a principal may see it: pending tenants are hidden from the
/// administrator of a member (not owner) tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationView {
    /// The organization.
    pub organization: Organization,
    /// Its visible tenants with their records (`None` for tenants this file does not hold).
    pub members: Vec<(Member, Option<Tenant>)>,
    /// The handles of the tenants that added them (or the ids of those this file does not
    /// hold), in the order of `members`.
    pub added_by: Vec<Option<String>>,
}

/// Custom labels as a statement gives them: tenant handles and labels.
pub type LabelInput<'a> = &'a [(String, String)];

impl Session<'_> {
    /// Runs an organization operation as the tenant with handle `actor`, once the principal
    /// may act for it.
    fn act<R>(
        &mut self,
        actor: &str,
        f: impl FnOnce(&mut crate::store::WriteTables<'_>, &Tenant) -> Result<R>,
    ) -> Result<R> {
        self.write_in(Action::ActInOrganization, actor, |w, t, _| f(w, t))
    }

    /// Like [`Session::act`], handing `f` a resolver of the other tenants the statement names
    /// that refuses a tenant's administrator an unknown one as any other (no suggestions).
    fn act_naming<R>(
        &mut self,
        actor: &str,
        f: impl FnOnce(
            &mut crate::store::WriteTables<'_>,
            &Tenant,
            &dyn Fn(&crate::store::WriteTables<'_>, &str) -> Result<Tenant>,
        ) -> Result<R>,
    ) -> Result<R> {
        let who = self.principal().clone();
        let resolve = move |w: &crate::store::WriteTables<'_>, h: &str| {
            crate::session::resolve_as(w, &who, Action::ActInOrganization, h)
        };
        self.write_in(Action::ActInOrganization, actor, |w, t, _| f(w, t, &resolve))
    }

    /// Creates an organization with tenant `actor` as its first active owner.
    pub fn create_organization(&mut self, actor: &str, name: &str, description: Option<&str>) -> Result<Organization> {
        self.act(actor, |w, t| org::create(w, t, name, description))
    }

    /// Tenant `actor` (an owner) adds tenant `added`, pending until it joins.
    pub fn add_to_organization(&mut self, actor: &str, added: &str, role: Role) -> Result<()> {
        self.act_naming(actor, |w, t, resolve| {
            let added = resolve(w, added)?;
            org::add(w, t, &added, role)
        })
    }

    /// Tenant `actor` joins the organization `name` it was added to.
    pub fn join_organization(&mut self, actor: &str, name: &str) -> Result<()> {
        self.act(actor, |w, t| org::join(w, t, name))
    }

    /// Tenant `actor` (an owner) gives tenant `target` a role.
    pub fn set_organization_role(&mut self, actor: &str, target: &str, role: Role) -> Result<()> {
        self.act_naming(actor, |w, t, resolve| {
            let target = resolve(w, target)?;
            org::set_role(w, t, &target, role)
        })
    }

    /// Tenant `actor` (an owner) removes tenant `target`; true when that deleted the
    /// organization.
    pub fn remove_from_organization(&mut self, actor: &str, target: &str) -> Result<bool> {
        self.act_naming(actor, |w, t, resolve| {
            let target = resolve(w, target)?;
            org::remove(w, t, &target)
        })
    }

    /// Tenant `actor` leaves its organization; true when that deleted it (the last owner
    /// left, alone).
    pub fn leave_organization(&mut self, actor: &str) -> Result<bool> {
        self.act(actor, org::leave)
    }

    /// Tenant `actor` (an owner) sets the labels: none, the organization's name, or custom
    /// labels per tenant (`custom`: handles and labels).
    pub fn set_organization_labels(&mut self, actor: &str, labels: Option<bool>, custom: LabelInput<'_>) -> Result<()> {
        self.act_naming(actor, |w, t, resolve| {
            let labels = match labels {
                Some(false) => Labels::None,
                Some(true) => Labels::OrganizationName,
                None => {
                    let mut list = Vec::new();
                    for (handle, label) in custom {
                        list.push((resolve(w, handle)?.id, label.clone()));
                    }
                    Labels::Custom(list)
                }
            };
            org::set_labels(w, t, labels)
        })
    }

    /// Tenant `actor` turns its side of calendar sharing with tenant `with` on or off.
    pub fn set_calendar_sharing(&mut self, actor: &str, with: &str, on: bool) -> Result<()> {
        self.act_naming(actor, |w, t, resolve| {
            let with = resolve(w, with)?;
            org::set_calendar(w, t, &with, on)
        })
    }

    /// Tenant `actor` sets its partner template and where it applies.
    pub fn set_organization_template(
        &mut self,
        actor: &str,
        changes: &[SettingChange],
        new_partners: bool,
        existing_partners: bool,
    ) -> Result<()> {
        self.act(actor, |w, t| {
            org::set_template(w, t, changes, new_partners, existing_partners)
        })
    }

    /// The organization tenant `viewer` takes part in, as the principal may see it.
    pub fn organization(&self, viewer: &str) -> Result<OrganizationView> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let tenant = crate::session::resolve_as(t, &who, Action::ReadOrganization, viewer)?;
            who.authorize(Action::ReadOrganization, Some(&tenant))?;
            let organization = t
                .organization_of(&tenant.id)?
                .ok_or_else(|| Error::NotInOrganization(tenant.handle.clone()))?;
            view(t, &who, &tenant, organization)
        })
    }

    /// Calendar sharing of tenant `viewer` with each other active tenant: its own switch,
    /// the other's, and whether sharing is in effect.
    pub fn calendar_sharing(&self, viewer: &str) -> Result<Vec<(Tenant, bool, bool)>> {
        let view = self.organization(viewer)?;
        let me = view
            .members
            .iter()
            .find(|(_, t)| t.as_ref().is_some_and(|t| t.handle.eq_ignore_ascii_case(viewer)))
            .map(|(m, _)| m.tenant_id)
            .unwrap_or_default();
        let org = &view.organization;
        Ok(view
            .members
            .iter()
            .filter(|(m, _)| m.tenant_id != me && m.state == MemberState::Active)
            .filter_map(|(m, t)| t.clone().map(|t| (m.tenant_id, t)))
            .map(|(id, t)| (t, org.calendar.contains(&(me, id)), org.calendar.contains(&(id, me))))
            .collect())
    }
}

/// The members a principal sees: the operator and owners' administrators see pending
/// tenants; a member tenant's administrator does not, except its own tenant's record (a
/// pending tenant's administrator sees the invitation it may accept).
fn view<S: Open>(
    t: &Tables<S>,
    who: &Principal,
    viewer: &Tenant,
    organization: Organization,
) -> Result<OrganizationView> {
    let hide_pending = matches!(who, Principal::TenantAdmin { .. }) && !organization.is_active_owner(viewer.id);
    let all = t.tenants()?;
    let by_id = |id: &Uuid| all.iter().find(|x| x.id == *id).cloned();
    let members: Vec<(Member, Option<Tenant>)> = organization
        .members
        .iter()
        .filter(|m| !(hide_pending && m.state == MemberState::Pending && m.tenant_id != viewer.id))
        .map(|m| (m.clone(), by_id(&m.tenant_id)))
        .collect();
    let added_by = members
        .iter()
        .map(|(m, _)| {
            m.added_by
                .map(|id| by_id(&id).map_or_else(|| id.to_string(), |t| t.handle))
        })
        .collect();
    Ok(OrganizationView {
        organization,
        members,
        added_by,
    })
}

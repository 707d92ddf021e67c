//! Cross-tenant access settings and invitations through the typed API.

use crate::directory::access::{self, Effective, PartnerId, Scope, SettingChange, SettingInput};
use crate::directory::invite::{self, AccessCheck};
use crate::error::{Error, Result};
use crate::interchange::{self, Ignored, SettingsIn};
use crate::model::{Policy, Setting, Tenant, User};
use crate::rights::{Action, Principal};
use crate::session::{Session, read_in, with_view};
use crate::store::{Open, Tables};
use std::path::Path;
use uuid::Uuid;

/// A partner configuration as `show access for tenant B` lists it: the partner, what it
/// sets (the rest inherits), and whether both tenants are in the same organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerSummary {
    /// The partner.
    pub partner: PartnerId,
    /// The settings it sets, with their values in words.
    pub set: Vec<(Setting, String)>,
    /// What it sets, as values.
    pub policy: Policy,
    /// `isInMultiTenantOrganization`.
    pub in_organization: bool,
}

/// What `import access settings` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessImport {
    /// True when the file held the default configuration (and it was imported).
    pub default: bool,
    /// The partner configurations the file held, each created or changed to match it.
    pub partners: usize,
    /// The tenant's partner configurations the file does not name, kept as they were.
    pub kept: usize,
    /// What was not imported, with its JSON path: properties mtodir does not model, unknown
    /// ones, and read-only values (`isInMultiTenantOrganization`) that disagree.
    pub ignored: Vec<Ignored>,
}

/// A tenant's access settings: its effective defaults and its partners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessOverview {
    /// The default configuration's effective values.
    pub default: Vec<Effective>,
    /// The partner configurations.
    pub partners: Vec<PartnerSummary>,
}

/// The effective settings of one configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessView {
    /// The partner's id (or, for a default configuration, the tenant's own).
    pub partner: String,
    /// Every setting's effective value and origin.
    pub effective: Vec<Effective>,
    /// `isInMultiTenantOrganization` (false for a default configuration).
    pub in_organization: bool,
}

/// The partner a statement names: a tenant of this file by handle, or any tenant by id. A
/// tenant's administrator who names neither is refused as for any other tenant (no
/// suggestion of the handles that exist).
fn partner_as<S: Open>(t: &Tables<S>, who: &Principal, action: Action, name: &str) -> Result<PartnerId> {
    match partner_id(t, name) {
        Err(Error::UnknownTenant { .. }) if who.tenant().is_some() => Err(Error::Denied {
            principal: who.clone(),
            action,
            tenant: Some(name.to_owned()),
        }),
        other => other,
    }
}

/// The partner a statement names: a tenant of this file by handle, or any tenant by id.
pub(crate) fn partner_id<S: Open>(t: &Tables<S>, name: &str) -> Result<PartnerId> {
    if let Some(tenant) = t.tenant_by_handle(name)? {
        return Ok(PartnerId::of(&tenant));
    }
    match Uuid::parse_str(name) {
        Ok(id) => Ok(PartnerId {
            id,
            tenant: t.tenants()?.into_iter().find(|x| x.id == id),
        }),
        Err(_) => Err(t
            .resolve_tenant(name)
            .err()
            .unwrap_or_else(|| Error::invalid(name.to_owned()))),
    }
}

/// The tenant a partner id names in this file, if any.
fn tenant_by_id<S: Open>(t: &Tables<S>, id: &Uuid) -> Result<Option<Tenant>> {
    Ok(t.tenants()?.into_iter().find(|x| x.id == *id))
}

impl Session<'_> {
    /// The effective settings of a tenant's default configuration (`partner` `None`) or of
    /// its configuration for a partner (by handle, or by tenant id), each with its origin.
    pub fn access(&self, tenant: &str, partner: Option<&str>) -> Result<AccessView> {
        let who = self.principal().clone();
        read_in!(self, Action::ReadAccess, tenant, |t, tenant| {
            match partner {
                Some(p) => {
                    let p = partner_as(t, &who, Action::ReadAccess, p)?;
                    let in_organization = t.partner(tenant.ord, &p.id)?.is_some_and(|s| s.in_organization);
                    Ok(AccessView {
                        partner: p.id.to_string(),
                        effective: access::effective(t, &tenant, Scope::Partner(&p))?,
                        in_organization,
                    })
                }
                None => Ok(AccessView {
                    partner: tenant.id.to_string(),
                    effective: access::effective(t, &tenant, Scope::Default)?,
                    in_organization: false,
                }),
            }
        })
    }

    /// A tenant's default settings and every partner configuration.
    pub fn access_overview(&self, tenant: &str) -> Result<AccessOverview> {
        read_in!(self, Action::ReadAccess, tenant, |t, tenant| {
            let default = access::effective(t, &tenant, Scope::Default)?;
            let mut partners = Vec::new();
            for stored in t.partners(tenant.ord)? {
                let partner = PartnerId {
                    id: stored.tenant_id,
                    tenant: tenant_by_id(t, &stored.tenant_id)?,
                };
                let mut set = Vec::new();
                for (&setting, value) in &stored.policy.settings {
                    set.push((
                        setting,
                        access::describe(t, &tenant, Scope::Partner(&partner), setting, Some(value))?,
                    ));
                }
                partners.push(PartnerSummary {
                    partner,
                    set,
                    policy: stored.policy,
                    in_organization: stored.in_organization,
                });
            }
            partners.sort_by_key(|p| p.partner.name());
            Ok(AccessOverview { default, partners })
        })
    }

    /// Sets (or, for `None` values, resets) settings of a tenant's default configuration or
    /// of its configuration for a partner (created when missing).
    pub fn set_access(&mut self, tenant: &str, partner: Option<&str>, changes: &[SettingChange]) -> Result<()> {
        let who = self.principal().clone();
        self.write_in(Action::ChangeAccess, tenant, |w, t, _| match partner {
            Some(p) => {
                let p = partner_as(w, &who, Action::ChangeAccess, p)?;
                access::set(w, t, Scope::Partner(&p), changes)
            }
            None => access::set(w, t, Scope::Default, changes),
        })
    }

    /// Resets every setting of a configuration (the default to the system defaults; a
    /// partner's to inherit the default).
    pub fn reset_access(&mut self, tenant: &str, partner: Option<&str>) -> Result<()> {
        let changes: Vec<SettingChange> = Setting::ALL
            .iter()
            .filter(|s| partner.is_some() || !s.partner_only())
            .map(|&setting| SettingChange { setting, value: None })
            .collect();
        self.set_access(tenant, partner, &changes)
    }

    /// Deletes a tenant's configuration for a partner; refused while it holds an identity
    /// synchronization policy.
    pub fn delete_partner(&mut self, tenant: &str, partner: &str) -> Result<()> {
        let who = self.principal().clone();
        self.write_in(Action::ChangeAccess, tenant, |w, t, _| {
            let p = partner_as(w, &who, Action::ChangeAccess, partner)?;
            access::delete_partner(w, t, &p)
        })
    }

    /// `import access settings of tenant T from "path"`: the default and partner
    /// configurations of a Graph policy file (see [`crate::interchange::read_policy`]) set on
    /// tenant `tenant`, in one transaction, through the same rules and audit trail as
    /// [`Session::set_access`]. A setting the file gives is set (`null`: unset, so that it
    /// inherits); one it leaves out is kept; partners it does not name are kept. A bad file
    /// changes nothing ([`Error::Import`], [`Error::ImportJson`]).
    pub fn import_access(&mut self, tenant: &str, path: &Path) -> Result<AccessImport> {
        let dir = self.dir;
        self.write_in(Action::ChangeAccess, tenant, |w, t, _| {
            let real = dir.files.read(path)?;
            let file = interchange::read_policy(&real, path)?;
            let mut ignored = file.ignored;
            if let Some(settings) = &file.default {
                access::set(w, t, Scope::Default, &changes(settings))?;
            }
            for p in &file.partners {
                let id = PartnerId {
                    id: p.tenant_id,
                    tenant: tenant_by_id(w, &p.tenant_id)?,
                };
                access::set(w, t, Scope::Partner(&id), &changes(&p.settings))?;
                access::ensure_partner(w, t, &id)?;
                let here = w.partner(t.ord, &id.id)?.is_some_and(|s| s.in_organization);
                if p.in_organization.is_some_and(|claimed| claimed != here) {
                    let at = if p.at.is_empty() {
                        String::new()
                    } else {
                        format!("{}.", p.at)
                    };
                    ignored.push(Ignored {
                        at: format!("{at}isInMultiTenantOrganization"),
                        why: format!("read-only: the organization maintains it, and it is {here} here"),
                    });
                }
            }
            // Each partner's reports together, in file order.
            ignored.sort_by_key(|i| partner_index(&i.at));
            let named = |id: &Uuid| file.partners.iter().any(|p| p.tenant_id == *id);
            let kept = w.partners(t.ord)?.iter().filter(|p| !named(&p.tenant_id)).count();
            Ok(AccessImport {
                default: file.default.is_some(),
                partners: file.partners.len(),
                kept,
                ignored,
            })
        })
    }

    /// `export access settings of tenant T to "path"`: the tenant's default and every partner
    /// configuration as Graph's JSON (`{"default": {…}, "partners": […]}`), which
    /// [`Session::import_access`] reads back to the same settings. Returns how many partner
    /// configurations were written.
    pub fn export_access(&self, tenant: &str, path: &Path) -> Result<usize> {
        read_in!(self, Action::ReadAccess, tenant, |t, tenant| {
            let default = t.access_default(tenant.ord)?;
            let partners = t.partners(tenant.ord)?;
            let real = self.dir.files.write(path)?;
            self.dir.not_the_database(path, &real)?;
            interchange::write_policy(&real, path, &default, &partners)?;
            Ok(partners.len())
        })
    }

    /// What the access settings allow `upn` of tenant `home` in tenant `resource`: for each
    /// capability, the home tenant's outbound setting and the resource's inbound one.
    /// Either tenant's administrator may ask.
    pub fn explain_access(&self, home: &str, upn: &str, resource: &str) -> Result<(User, Vec<AccessCheck>)> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let home = crate::session::resolve_as(t, &who, Action::ReadAccess, home)?;
            let resource = crate::session::resolve_as(t, &who, Action::ReadAccess, resource)?;
            who.authorize(Action::ReadAccess, Some(&resource))
                .or_else(|_| who.authorize(Action::ReadAccess, Some(&home)))?;
            let user = crate::directory::users::find(t, &home, upn)?;
            let checks = invite::explain(t, &user, &home, &resource)?;
            Ok((user, checks))
        })
    }

    /// Invites `upn` of tenant `home` into tenant `resource` (a Guest, or a Member when
    /// `member`); returns the B2B user and whether it was created (false: it existed).
    pub fn invite(&mut self, home: &str, upn: &str, resource: &str, member: bool) -> Result<(User, bool)> {
        let who = self.principal().clone();
        self.write_in(Action::InviteUsers, resource, |w, r, _| {
            let home = crate::session::resolve_as(w, &who, Action::InviteUsers, home)?;
            invite::invite(w, &home, r, upn, member)
        })
    }
}

/// The settings a file gives as changes: a value sets, `null` resets.
fn changes(settings: &SettingsIn) -> Vec<SettingChange> {
    settings
        .iter()
        .map(|(setting, value)| SettingChange {
            setting: *setting,
            value: value.as_ref().map(SettingInput::of),
        })
        .collect()
}

/// The index of the partner a JSON path of a policy file is under (`value[2].…`,
/// `partners[2].…`, `[2].…`); `None` for the default and the document's own members.
fn partner_index(at: &str) -> Option<usize> {
    let rest = ["value[", "partners[", "["].iter().find_map(|p| at.strip_prefix(p))?;
    rest.split(']').next()?.parse().ok()
}

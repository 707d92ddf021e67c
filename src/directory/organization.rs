//! The multitenant organization's rules: create, add, join, leave, remove, roles, labels,
//! calendar sharing and templates. A tenant that becomes active gets partner configurations
//! with every other active tenant (both ways, flagged `isInMultiTenantOrganization`, templates
//! applied); one that stops being active loses the flag and nothing else. Every change is
//! recorded in the change feed of the tenant it concerns.

use super::access::{self, PartnerId, Scope, SettingChange, SettingInput};
use crate::error::{Error, Result};
use crate::model::{
    ChangeOp, Labels, Member, MemberState, Organization, Partner, PropertyChange, Role, Subject, Template, Tenant,
    Value, ids::now_millis, organization::MAX_ACTIVE_TENANTS,
};
use crate::store::WriteTables;
use uuid::Uuid;

/// The organization `tenant` was added to, or [`Error::NotInOrganization`].
fn of(w: &WriteTables<'_>, tenant: &Tenant) -> Result<Organization> {
    w.organization_of(&tenant.id)?
        .ok_or_else(|| Error::NotInOrganization(tenant.handle.clone()))
}

/// Refuses unless `tenant` is an active owner of `org`.
fn owner(org: &Organization, tenant: &Tenant, action: &'static str) -> Result<()> {
    if org.is_active_owner(tenant.id) {
        Ok(())
    } else {
        Err(Error::NotOwner {
            tenant: tenant.handle.clone(),
            action,
            organization: org.display_name.clone(),
        })
    }
}

/// The tenant of this file with this id.
fn tenant_by_id(w: &WriteTables<'_>, id: &Uuid) -> Result<Option<Tenant>> {
    Ok(w.tenants()?.into_iter().find(|t| t.id == *id))
}

/// Records an organization change in `tenant`'s feed.
fn record(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    org: &Organization,
    op: ChangeOp,
    changes: &[(&str, Value, Value)],
) -> Result<()> {
    let properties = changes
        .iter()
        .map(|(p, old, new)| PropertyChange {
            property: (*p).to_owned(),
            old: old.clone(),
            new: new.clone(),
        })
        .collect();
    w.record(
        tenant.ord,
        Subject::Organization,
        org.id,
        org.display_name.clone(),
        op,
        properties,
    )
}

/// Creates an organization with `tenant` as its first active owner.
pub fn create(w: &mut WriteTables<'_>, tenant: &Tenant, name: &str, description: Option<&str>) -> Result<Organization> {
    if let Some(existing) = w.organization_of(&tenant.id)? {
        return Err(Error::InOrganization {
            tenant: tenant.handle.clone(),
            organization: existing.display_name,
        });
    }
    if name.trim().is_empty() {
        return Err(Error::invalid("an organization needs a name"));
    }
    let now = now_millis();
    let org = Organization {
        id: Uuid::now_v7(),
        display_name: name.to_owned(),
        description: description.map(str::to_owned),
        created: now,
        members: vec![Member {
            tenant_id: tenant.id,
            role: Role::Owner,
            state: MemberState::Active,
            added_by: None,
            added: now,
            joined: Some(now),
        }],
        labels: Labels::None,
        calendar: Vec::new(),
        templates: Vec::new(),
    };
    w.put_organization(&org, None)?;
    record(
        w,
        tenant,
        &org,
        ChangeOp::Create,
        &[
            ("role", Value::Null, Value::str("owner")),
            ("state", Value::Null, Value::str("active")),
        ],
    )?;
    Ok(org)
}

/// An owner adds a tenant: it is pending until it joins.
pub fn add(w: &mut WriteTables<'_>, by: &Tenant, added: &Tenant, role: Role) -> Result<()> {
    let old = of(w, by)?;
    owner(&old, by, "add tenants")?;
    if let Some(other) = w.organization_of(&added.id)? {
        return Err(Error::InOrganization {
            tenant: added.handle.clone(),
            organization: other.display_name,
        });
    }
    let mut org = old.clone();
    org.members.push(Member {
        tenant_id: added.id,
        role,
        state: MemberState::Pending,
        added_by: Some(by.id),
        added: now_millis(),
        joined: None,
    });
    w.put_organization(&org, Some(&old))?;
    record(
        w,
        added,
        &org,
        ChangeOp::Create,
        &[
            ("role", Value::Null, Value::str(role.as_str())),
            ("state", Value::Null, Value::str("pending")),
        ],
    )
}

/// A pending tenant joins the organization `name` and becomes active.
pub fn join(w: &mut WriteTables<'_>, tenant: &Tenant, name: &str) -> Result<()> {
    let old = w
        .organization_of(&tenant.id)?
        .filter(|o| o.display_name.eq_ignore_ascii_case(name));
    let Some(old) = old else {
        if let Some(other) = w.organization_of(&tenant.id)? {
            return Err(Error::InOrganization {
                tenant: tenant.handle.clone(),
                organization: other.display_name,
            });
        }
        return match w
            .organizations()?
            .into_iter()
            .find(|o| o.display_name.eq_ignore_ascii_case(name))
        {
            Some(org) => Err(Error::NotAdded {
                tenant: tenant.handle.clone(),
                organization: org.display_name,
            }),
            None => Err(Error::NoOrganization(name.to_owned())),
        };
    };
    if old.is_active(tenant.id) {
        return Err(Error::AlreadyActive(tenant.handle.clone()));
    }
    if old.active().count() >= MAX_ACTIVE_TENANTS {
        return Err(Error::OrganizationFull {
            organization: old.display_name.clone(),
            limit: MAX_ACTIVE_TENANTS,
        });
    }
    let mut org = old.clone();
    if let Some(m) = org.member_mut(tenant.id) {
        m.state = MemberState::Active;
        m.joined = Some(now_millis());
    }
    w.put_organization(&org, Some(&old))?;
    record(
        w,
        tenant,
        &org,
        ChangeOp::Update,
        &[("state", Value::str("pending"), Value::str("active"))],
    )?;
    activate(w, &org, tenant)
}

/// Partner configurations between `tenant` and every other active tenant, both ways: created
/// where missing, flagged as in the organization, each side's template applied to what it
/// creates (`newPartners`) or already had (`existingPartners`).
fn activate(w: &mut WriteTables<'_>, org: &Organization, tenant: &Tenant) -> Result<()> {
    // The tenants are read once, not once per partner: a join into a large organization
    // links with every active tenant.
    let all = w.tenants()?;
    let others = org
        .active()
        .filter(|m| m.tenant_id != tenant.id)
        .filter_map(|m| all.iter().find(|t| t.id == m.tenant_id));
    for other in others {
        link(w, org, tenant, other)?;
        link(w, org, other, tenant)?;
    }
    Ok(())
}

/// `tenant`'s partner configuration for `partner` in the organization.
fn link(w: &mut WriteTables<'_>, org: &Organization, tenant: &Tenant, partner: &Tenant) -> Result<()> {
    let existing = w.partner(tenant.ord, &partner.id)?;
    let created = existing.is_none();
    let mut config = existing.unwrap_or_else(|| Partner::new(partner.id));
    if !config.in_organization {
        config.in_organization = true;
        w.put_partner(tenant.ord, &config)?;
        let op = if created { ChangeOp::Create } else { ChangeOp::Update };
        w.record(
            tenant.ord,
            Subject::Access,
            partner.id,
            format!("partner {}", partner.handle),
            op,
            vec![PropertyChange {
                property: "isInMultiTenantOrganization".into(),
                old: Value::Bool(false),
                new: Value::Bool(true),
            }],
        )?;
    }
    if let Some(template) = org.template(tenant.id) {
        if (created && template.new_partners) || (!created && template.existing_partners) {
            apply(w, tenant, partner, template)?;
        }
    }
    Ok(())
}

/// Applies the settings a template sets to `tenant`'s partner configuration for `partner`.
fn apply(w: &mut WriteTables<'_>, tenant: &Tenant, partner: &Tenant, template: &Template) -> Result<()> {
    let changes: Vec<SettingChange> = template
        .policy
        .settings
        .iter()
        .map(|(&setting, value)| SettingChange {
            setting,
            value: Some(SettingInput::of(value)),
        })
        .collect();
    let id = PartnerId::of(partner);
    access::set(w, tenant, Scope::Partner(&id), &changes)
}

/// Clears the organization flag between `tenant` and every other tenant of `org` (leaving
/// and removal change nothing else: settings and sync configurations stay).
fn deactivate(w: &mut WriteTables<'_>, org: &Organization, tenant: &Tenant) -> Result<()> {
    for m in &org.members {
        let Some(other) = tenant_by_id(w, &m.tenant_id)? else {
            continue;
        };
        for (a, b) in [(tenant, &other), (&other, tenant)] {
            if let Some(mut config) = w.partner(a.ord, &b.id)? {
                if config.in_organization {
                    config.in_organization = false;
                    w.put_partner(a.ord, &config)?;
                    w.record(
                        a.ord,
                        Subject::Access,
                        b.id,
                        format!("partner {}", b.handle),
                        ChangeOp::Update,
                        vec![PropertyChange {
                            property: "isInMultiTenantOrganization".into(),
                            old: Value::Bool(true),
                            new: Value::Bool(false),
                        }],
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// True when `tenant` is the only active owner of `org`.
fn last_owner(org: &Organization, tenant: &Tenant) -> bool {
    org.is_active_owner(tenant.id) && org.active().filter(|m| m.role == Role::Owner).count() == 1
}

/// An owner changes a tenant's role. There is always an active owner.
pub fn set_role(w: &mut WriteTables<'_>, by: &Tenant, target: &Tenant, role: Role) -> Result<()> {
    let old = of(w, by)?;
    owner(&old, by, "change roles")?;
    let current = old.member(target.id).ok_or_else(|| Error::NotActive {
        tenant: target.handle.clone(),
        organization: old.display_name.clone(),
    })?;
    if current.role == role {
        return Ok(());
    }
    if role == Role::Member && last_owner(&old, target) {
        return Err(Error::LastOwner(target.handle.clone()));
    }
    let before = current.role;
    let mut org = old.clone();
    if let Some(m) = org.member_mut(target.id) {
        m.role = role;
    }
    w.put_organization(&org, Some(&old))?;
    record(
        w,
        target,
        &org,
        ChangeOp::Update,
        &[("role", Value::str(before.as_str()), Value::str(role.as_str()))],
    )
}

/// Takes `tenant` out of `org` (removal or leave); the last owner leaving when no other tenant
/// is active deletes the organization. Returns true when the organization was deleted.
fn take_out(w: &mut WriteTables<'_>, old: &Organization, tenant: &Tenant) -> Result<bool> {
    let others_active = old.active().any(|m| m.tenant_id != tenant.id);
    if last_owner(old, tenant) && others_active {
        return Err(Error::LastOwner(tenant.handle.clone()));
    }
    let state = old.member(tenant.id).map_or(MemberState::Pending, |m| m.state);
    if state == MemberState::Active {
        deactivate(w, old, tenant)?;
    }
    let mut org = old.clone();
    org.members.retain(|m| m.tenant_id != tenant.id);
    org.calendar.retain(|(a, b)| *a != tenant.id && *b != tenant.id);
    org.templates.retain(|(t, _)| *t != tenant.id);
    if let Labels::Custom(list) = &mut org.labels {
        list.retain(|(t, _)| *t != tenant.id);
    }
    let deleted = !org.active().any(|_| true);
    record(
        w,
        tenant,
        old,
        ChangeOp::Delete,
        &[("state", Value::str(state.as_str()), Value::Null)],
    )?;
    if deleted {
        // The tenants still pending lose their invitation with the organization: their
        // trails say so too.
        for m in &org.members {
            if let Some(pending) = tenant_by_id(w, &m.tenant_id)? {
                let state = Value::str(m.state.as_str());
                record(w, &pending, old, ChangeOp::Delete, &[("state", state, Value::Null)])?;
            }
        }
        w.delete_organization(old)?;
    } else {
        w.put_organization(&org, Some(old))?;
    }
    Ok(deleted)
}

/// An owner removes a tenant (pending or active).
pub fn remove(w: &mut WriteTables<'_>, by: &Tenant, target: &Tenant) -> Result<bool> {
    let old = of(w, by)?;
    owner(&old, by, "remove tenants")?;
    if old.member(target.id).is_none() {
        return Err(Error::NotInOrganization(target.handle.clone()));
    }
    take_out(w, &old, target)
}

/// A tenant leaves its organization (a pending tenant declines). Returns true when the
/// organization was deleted (its last owner left, alone).
pub fn leave(w: &mut WriteTables<'_>, tenant: &Tenant) -> Result<bool> {
    let old = of(w, tenant)?;
    take_out(w, &old, tenant)
}

/// An owner sets the labels people search shows. Custom labels name tenants of the
/// organization and are not blank.
pub fn set_labels(w: &mut WriteTables<'_>, by: &Tenant, labels: Labels) -> Result<()> {
    let old = of(w, by)?;
    owner(&old, by, "set labels")?;
    if let Labels::Custom(list) = &labels {
        for (id, label) in list {
            let handle = tenant_by_id(w, id)?.map_or_else(|| id.to_string(), |t| t.handle);
            if label.trim().is_empty() {
                return Err(Error::BlankLabel(handle));
            }
            if old.member(*id).is_none() {
                return Err(Error::NotActive {
                    tenant: handle,
                    organization: old.display_name.clone(),
                });
            }
        }
    }
    let mut org = old.clone();
    org.labels = labels;
    w.put_organization(&org, Some(&old))?;
    let words = |l: &Labels| match l {
        Labels::None => "none".to_owned(),
        Labels::OrganizationName => "organization name".to_owned(),
        Labels::Custom(list) => format!("custom ({} tenants)", list.len()),
    };
    record(
        w,
        by,
        &org,
        ChangeOp::Update,
        &[("labels", Value::Str(words(&old.labels)), Value::Str(words(&org.labels)))],
    )
}

/// Turns `tenant`'s side of calendar sharing with `with` on or off; sharing is in effect when
/// both sides are on. Both must be active in the organization.
pub fn set_calendar(w: &mut WriteTables<'_>, tenant: &Tenant, with: &Tenant, on: bool) -> Result<()> {
    let old = of(w, tenant)?;
    for t in [tenant, with] {
        if !old.is_active(t.id) {
            return Err(Error::NotActive {
                tenant: t.handle.clone(),
                organization: old.display_name.clone(),
            });
        }
    }
    let pair = (tenant.id, with.id);
    let was = old.calendar.contains(&pair);
    if was == on {
        return Ok(());
    }
    let mut org = old.clone();
    if on {
        org.calendar.push(pair);
    } else {
        org.calendar.retain(|p| *p != pair);
    }
    w.put_organization(&org, Some(&old))?;
    let property = format!("calendarSharing.{}", with.handle);
    record(
        w,
        tenant,
        &org,
        ChangeOp::Update,
        &[(property.as_str(), Value::Bool(was), Value::Bool(on))],
    )
}

/// Sets the settings of `tenant`'s partner template and where it applies; with
/// `existing_partners`, it is applied at once to its configurations for the active tenants.
pub fn set_template(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    changes: &[SettingChange],
    new_partners: bool,
    existing_partners: bool,
) -> Result<()> {
    let old = of(w, tenant)?;
    let mut template = old.template(tenant.id).cloned().unwrap_or_default();
    for change in changes {
        match &change.value {
            Some(input) => {
                let value = access::unnamed(change.setting, input)?;
                template.policy.settings.insert(change.setting, value);
            }
            None => {
                template.policy.settings.remove(&change.setting);
            }
        }
    }
    template.new_partners = new_partners;
    template.existing_partners = existing_partners;
    let mut org = old.clone();
    org.templates.retain(|(t, _)| *t != tenant.id);
    org.templates.push((tenant.id, template.clone()));
    w.put_organization(&org, Some(&old))?;
    let before = template_words(w, tenant, old.template(tenant.id))?;
    let after = template_words(w, tenant, Some(&template))?;
    record(w, tenant, &org, ChangeOp::Update, &[("template", before, after)])?;
    if existing_partners && org.is_active(tenant.id) {
        for m in org.active().filter(|m| m.tenant_id != tenant.id) {
            let Some(partner) = tenant_by_id(w, &m.tenant_id)? else {
                continue;
            };
            if w.partner(tenant.ord, &partner.id)?.is_some() {
                apply(w, tenant, &partner, &template)?;
            }
        }
    }
    Ok(())
}

/// A template in words for the audit trail: each setting with its value, and where it
/// applies (`identitySynchronization.userSyncInbound.isSyncAllowed = on; for new partners`);
/// null when there is none.
fn template_words(w: &WriteTables<'_>, tenant: &Tenant, template: Option<&Template>) -> Result<Value> {
    let Some(template) = template else {
        return Ok(Value::Null);
    };
    let mut words = Vec::new();
    for (&setting, value) in &template.policy.settings {
        let value = access::describe(w, tenant, Scope::Default, setting, Some(value))?;
        words.push(format!("{setting} = {value}"));
    }
    let level = match (template.new_partners, template.existing_partners) {
        (true, true) => "for new and existing partners",
        (true, false) => "for new partners",
        (false, true) => "for existing partners",
        (false, false) => "for no partners",
    };
    words.push(level.to_owned());
    Ok(Value::Str(words.join("; ")))
}

//! Cross-tenant access settings: setting, resetting and deleting configurations (every change
//! recorded in the tenant's change feed), their effective values, and what they allow a user.

use crate::error::{Error, Result};
use crate::model::{
    AccessType, ChangeOp, Origin, Partner, Policy, PropertyChange, Setting, SettingValue, Subject, Target, TargetType,
    Targets, Tenant, User, Value,
};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// A setting's new value as a statement or an embedder gives it, names not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingInput {
    /// On or off (trust, automatic redemption, inbound sync).
    Flag(bool),
    /// Everyone allowed or blocked.
    Everyone(AccessType),
    /// Targets already resolved to ids (templates, imported policies).
    Resolved(Targets),
    /// These users (by UPN), groups (by name) or applications (by id) allowed or blocked.
    Named {
        /// Allowed or blocked.
        access: AccessType,
        /// Users, by UPN.
        users: Vec<String>,
        /// Groups, by name.
        groups: Vec<String>,
        /// Applications, by id.
        applications: Vec<String>,
    },
}

impl SettingInput {
    /// A stored value as the input that sets it again (targets are ids, kept as they are).
    pub fn of(value: &SettingValue) -> SettingInput {
        match value {
            SettingValue::Flag(b) => SettingInput::Flag(*b),
            SettingValue::Targets(t) => SettingInput::Resolved(t.clone()),
        }
    }
}

/// One change to a configuration: a setting and its new value (`None`: unset, so that it
/// inherits again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingChange {
    /// The setting.
    pub setting: Setting,
    /// The new value, or `None` to reset it.
    pub value: Option<SettingInput>,
}

/// Whose configuration: a tenant's default, or its configuration for one partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The default configuration.
    Default,
    /// The configuration for this partner (held in this file, or only known by id).
    Partner(&'a PartnerId),
}

/// A partner tenant: its id, and the tenant itself when this file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerId {
    /// The partner's tenant id.
    pub id: Uuid,
    /// The partner, when this file holds it.
    pub tenant: Option<Tenant>,
}

impl PartnerId {
    /// A partner this file holds.
    pub fn of(tenant: &Tenant) -> PartnerId {
        PartnerId {
            id: tenant.id,
            tenant: Some(tenant.clone()),
        }
    }

    /// How messages name it: its handle, else its id.
    pub fn name(&self) -> String {
        self.tenant
            .as_ref()
            .map_or_else(|| self.id.to_string(), |t| t.handle.clone())
    }
}

/// The name a feed entry gives a configuration.
fn scope_name(scope: Scope<'_>) -> String {
    match scope {
        Scope::Default => "default".to_owned(),
        Scope::Partner(p) => format!("partner {}", p.name()),
    }
}

/// The tenant whose users and groups a setting's targets name: the partner's for inbound
/// settings, the tenant's own for outbound ones.
fn target_tenant<'a>(setting: Setting, own: &'a Tenant, scope: Scope<'a>) -> Result<Option<&'a Tenant>> {
    if !setting.inbound() {
        return Ok(Some(own));
    }
    match scope {
        Scope::Default => Ok(None),
        Scope::Partner(p) => Ok(p.tenant.as_ref()),
    }
}

/// Resolves a setting's input into a stored value.
fn resolve<S: Open>(
    t: &Tables<S>,
    own: &Tenant,
    scope: Scope<'_>,
    setting: Setting,
    input: &SettingInput,
) -> Result<SettingValue> {
    let users = setting.applies_to_users();
    match (input, users) {
        (SettingInput::Flag(b), None) => Ok(SettingValue::Flag(*b)),
        (SettingInput::Everyone(access), Some(users)) => Ok(SettingValue::Targets(Targets::everyone(*access, users))),
        (SettingInput::Resolved(targets), Some(users)) => {
            if users && setting.inbound() && matches!(scope, Scope::Default) && !targets.is_everyone() {
                return Err(Error::NamedInboundDefault);
            }
            Ok(SettingValue::Targets(targets.clone()))
        }
        (
            SettingInput::Named {
                access,
                users: upns,
                groups,
                applications,
            },
            Some(users),
        ) => {
            let mut targets = Vec::new();
            if users {
                if !applications.is_empty() {
                    return Err(Error::invalid(format!(
                        "`{setting}` names users and groups, not applications"
                    )));
                }
                let holder = match target_tenant(setting, own, scope)? {
                    Some(h) => h,
                    None if matches!(scope, Scope::Default) => return Err(Error::NamedInboundDefault),
                    None => {
                        return Err(Error::invalid(
                            "the partner is not a tenant of this file: name its users and groups by id in an imported policy",
                        ));
                    }
                };
                for upn in upns {
                    let user = t.user_by_upn(holder.ord, upn)?.ok_or_else(|| Error::UnknownTarget {
                        name: upn.clone(),
                        tenant: holder.handle.clone(),
                    })?;
                    targets.push(Target {
                        target: user.id.to_string(),
                        target_type: TargetType::User,
                    });
                }
                for name in groups {
                    let group = t.group_by_name(holder.ord, name)?.ok_or_else(|| Error::UnknownTarget {
                        name: name.clone(),
                        tenant: holder.handle.clone(),
                    })?;
                    targets.push(Target {
                        target: group.id.to_string(),
                        target_type: TargetType::Group,
                    });
                }
            } else {
                if !upns.is_empty() || !groups.is_empty() {
                    return Err(Error::invalid(format!(
                        "`{setting}` names applications, not users or groups"
                    )));
                }
                for app in applications {
                    targets.push(Target {
                        target: app.clone(),
                        target_type: TargetType::Application,
                    });
                }
            }
            Ok(SettingValue::Targets(Targets {
                access_type: *access,
                targets,
            }))
        }
        (SettingInput::Flag(_), Some(_)) => Err(not_a_flag(setting)),
        (SettingInput::Everyone(_) | SettingInput::Named { .. } | SettingInput::Resolved(_), None) => {
            Err(only_a_flag(setting))
        }
    }
}

fn not_a_flag(setting: Setting) -> Error {
    Error::invalid(format!(
        "`{setting}` takes allow or block (with users and groups or applications), not on or off"
    ))
}

fn only_a_flag(setting: Setting) -> Error {
    Error::invalid(format!("`{setting}` is on or off"))
}

/// A setting's value that names no one, as a template of partner settings holds it (it
/// applies to every partner): on or off, everyone allowed or blocked, or targets already
/// resolved to ids. Checked as [`set`] checks it, so that a template never holds a value a
/// partner configuration would refuse.
pub fn unnamed(setting: Setting, input: &SettingInput) -> Result<SettingValue> {
    match (input, setting.applies_to_users()) {
        (SettingInput::Flag(b), None) => Ok(SettingValue::Flag(*b)),
        (SettingInput::Everyone(access), Some(users)) => Ok(SettingValue::Targets(Targets::everyone(*access, users))),
        (SettingInput::Resolved(targets), Some(_)) => Ok(SettingValue::Targets(targets.clone())),
        (SettingInput::Named { .. }, Some(_)) => Err(Error::invalid(format!(
            "a template applies to every partner: `{setting}` can allow or block everyone, not named users"
        ))),
        (SettingInput::Flag(_), Some(_)) => Err(not_a_flag(setting)),
        (SettingInput::Everyone(_) | SettingInput::Named { .. } | SettingInput::Resolved(_), None) => {
            Err(only_a_flag(setting))
        }
    }
}

/// A setting's value in words, targets named where this file knows them: `allowed: all
/// users`, `blocked: annie@a.example, group Collab`, `on`, `off`; `(inherit)` when unset.
pub fn describe<S: Open>(
    t: &Tables<S>,
    own: &Tenant,
    scope: Scope<'_>,
    setting: Setting,
    value: Option<&SettingValue>,
) -> Result<String> {
    let Some(value) = value else {
        return Ok("(inherit)".to_owned());
    };
    let targets = match value {
        SettingValue::Flag(b) => return Ok(if *b { "on" } else { "off" }.to_owned()),
        SettingValue::Targets(t) => t,
    };
    let holder = target_tenant(setting, own, scope)?;
    let mut names = Vec::new();
    for target in &targets.targets {
        names.push(match (target.target.as_str(), target.target_type) {
            (crate::model::access::ALL_USERS, _) => "all users".to_owned(),
            (crate::model::access::ALL_APPLICATIONS, _) => "all applications".to_owned(),
            (id, TargetType::User) => match (holder, Uuid::parse_str(id)) {
                (Some(h), Ok(guid)) => match t.object_by_id(&guid)? {
                    Some((tenant, ord)) if tenant == h.ord => {
                        t.user(tenant, ord)?.map_or(id.to_owned(), |u| u.user_principal_name)
                    }
                    _ => id.to_owned(),
                },
                _ => id.to_owned(),
            },
            (id, TargetType::Group) => match (holder, Uuid::parse_str(id)) {
                (Some(h), Ok(guid)) => match t.object_by_id(&guid)? {
                    Some((tenant, ord)) if tenant == h.ord => t
                        .group(tenant, ord)?
                        .map_or(format!("group {id}"), |g| format!("group {}", g.display_name)),
                    _ => format!("group {id}"),
                },
                _ => format!("group {id}"),
            },
            (id, TargetType::Application) => id.to_owned(),
        });
    }
    Ok(format!("{}: {}", targets.access_type.as_str(), names.join(", ")))
}

/// The stored configuration a scope names (a partner's is new and empty when missing), and
/// whether it is new.
fn load<S: Open>(t: &Tables<S>, tenant: &Tenant, scope: Scope<'_>) -> Result<(Policy, Option<Partner>, bool)> {
    match scope {
        Scope::Default => Ok((t.access_default(tenant.ord)?, None, false)),
        Scope::Partner(p) => match t.partner(tenant.ord, &p.id)? {
            Some(partner) => Ok((partner.policy.clone(), Some(partner), false)),
            None => Ok((Policy::default(), Some(Partner::new(p.id)), true)),
        },
    }
}

/// Sets or resets settings of one configuration and records the change in the tenant's feed.
/// Every setting is checked and resolved before anything is written.
pub fn set(w: &mut WriteTables<'_>, tenant: &Tenant, scope: Scope<'_>, changes: &[SettingChange]) -> Result<()> {
    if let Scope::Partner(p) = scope {
        if p.id == tenant.id {
            return Err(Error::OwnPartner(tenant.handle.clone()));
        }
    }
    let (mut policy, partner, created) = load(w, tenant, scope)?;
    let mut properties = Vec::new();
    for change in changes {
        if matches!(scope, Scope::Default) && change.setting.partner_only() {
            return Err(Error::PartnerOnly(change.setting.graph_name()));
        }
        let new = match &change.value {
            Some(input) => Some(resolve(w, tenant, scope, change.setting, input)?),
            None => None,
        };
        let old = policy.settings.get(&change.setting).cloned();
        if old != new {
            properties.push(PropertyChange {
                property: change.setting.graph_name(),
                old: Value::Str(describe(w, tenant, scope, change.setting, old.as_ref())?),
                new: Value::Str(describe(w, tenant, scope, change.setting, new.as_ref())?),
            });
        }
        match new {
            Some(v) => policy.settings.insert(change.setting, v),
            None => policy.settings.remove(&change.setting),
        };
    }
    if properties.is_empty() {
        return Ok(());
    }
    match partner {
        None => w.put_access_default(tenant.ord, &policy)?,
        Some(mut partner) => {
            partner.policy = policy;
            w.put_partner(tenant.ord, &partner)?;
        }
    }
    let (object, op) = match scope {
        Scope::Default => (tenant.id, ChangeOp::Update),
        Scope::Partner(p) => (p.id, if created { ChangeOp::Create } else { ChangeOp::Update }),
    };
    w.record(tenant.ord, Subject::Access, object, scope_name(scope), op, properties)
}

/// Deletes a partner configuration; refused while it holds an identity sync policy.
pub fn delete_partner(w: &mut WriteTables<'_>, tenant: &Tenant, partner: &PartnerId) -> Result<()> {
    let stored = w.partner(tenant.ord, &partner.id)?.ok_or_else(|| Error::NoPartner {
        tenant: tenant.handle.clone(),
        partner: partner.name(),
    })?;
    if stored.has_sync_policy() {
        return Err(Error::SyncPolicyExists {
            tenant: tenant.handle.clone(),
            partner: partner.name(),
        });
    }
    let mut properties = Vec::new();
    for (&setting, value) in &stored.policy.settings {
        properties.push(PropertyChange {
            property: setting.graph_name(),
            old: Value::Str(describe(w, tenant, Scope::Partner(partner), setting, Some(value))?),
            new: Value::Null,
        });
    }
    w.delete_partner(tenant.ord, &partner.id)?;
    w.record(
        tenant.ord,
        Subject::Access,
        partner.id,
        scope_name(Scope::Partner(partner)),
        ChangeOp::Delete,
        properties,
    )
}

/// Creates an empty configuration for `partner` (one that sets nothing: everything
/// inherits) unless `tenant` has one; true when it was created. An import uses it so that a
/// partner configuration of the file exists even when it sets nothing.
pub fn ensure_partner(w: &mut WriteTables<'_>, tenant: &Tenant, partner: &PartnerId) -> Result<bool> {
    if partner.id == tenant.id {
        return Err(Error::OwnPartner(tenant.handle.clone()));
    }
    if w.partner(tenant.ord, &partner.id)?.is_some() {
        return Ok(false);
    }
    w.put_partner(tenant.ord, &Partner::new(partner.id))?;
    w.record(
        tenant.ord,
        Subject::Access,
        partner.id,
        scope_name(Scope::Partner(partner)),
        ChangeOp::Create,
        Vec::new(),
    )?;
    Ok(true)
}

/// One row of an effective configuration: the setting, its value in words, where it comes
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// The setting.
    pub setting: Setting,
    /// Its value.
    pub value: SettingValue,
    /// The value in words, targets named.
    pub words: String,
    /// Where it comes from.
    pub origin: Origin,
}

/// The effective settings of a tenant's default (`Scope::Default`) or of its configuration
/// for a partner, each with where it comes from.
pub fn effective<S: Open>(t: &Tables<S>, tenant: &Tenant, scope: Scope<'_>) -> Result<Vec<Effective>> {
    let default = t.access_default(tenant.ord)?;
    let partner = match scope {
        Scope::Default => None,
        Scope::Partner(p) => t.partner(tenant.ord, &p.id)?,
    };
    let mut out = Vec::new();
    for &setting in Setting::ALL {
        if matches!(scope, Scope::Default) && setting.partner_only() {
            continue;
        }
        let (value, origin) = default.effective(partner.as_ref().map(|p| &p.policy), setting);
        out.push(Effective {
            setting,
            words: describe(t, tenant, scope, setting, Some(&value))?,
            value,
            origin,
        });
    }
    Ok(out)
}

/// The ids a user is targeted by: its own and its groups'.
pub fn subject_ids<S: Open>(t: &Tables<S>, user: &User) -> Result<Vec<String>> {
    let mut ids = vec![user.id.to_string()];
    for g in &user.member_of {
        if let Some(group) = t.group(user.tenant, *g)? {
            ids.push(group.id.to_string());
        }
    }
    Ok(ids)
}

/// The effective value of one setting of `tenant` towards `partner`.
pub fn effective_one<S: Open>(
    t: &Tables<S>,
    tenant: &Tenant,
    partner: &Uuid,
    setting: Setting,
) -> Result<(SettingValue, Origin)> {
    let default = t.access_default(tenant.ord)?;
    let stored = t.partner(tenant.ord, partner)?;
    Ok(default.effective(stored.as_ref().map(|p| &p.policy), setting))
}

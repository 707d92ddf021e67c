//! Cross-tenant access settings: a tenant's default configuration and its partner
//! configurations, as Microsoft Graph's `crossTenantAccessPolicyConfigurationDefault` and
//! `…Partner` hold them.
//!
//! A configuration is a set of [`Setting`]s, each a leaf of Graph's shape
//! (`b2bCollaborationInbound.usersAndGroups`, `inboundTrust.isMfaAccepted`,
//! `automaticUserConsentSettings.inboundAllowed`,
//! `identitySynchronization.userSyncInbound.isSyncAllowed`, …). A partner leaves a setting
//! unset to inherit the tenant's default; a default leaves it unset for the system default.
//! [`Policy::effective`] resolves a setting through that chain and says where it came from.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use uuid::Uuid;

/// `allowed` or `blocked`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessType {
    /// The targets are allowed (and no one else).
    Allowed,
    /// The targets are blocked (and everyone else allowed).
    Blocked,
}

impl AccessType {
    /// `allowed` / `blocked`, as Graph writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessType::Allowed => "allowed",
            AccessType::Blocked => "blocked",
        }
    }
}

/// What a target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetType {
    /// A user (or `AllUsers`).
    User,
    /// A group.
    Group,
    /// An application (or `AllApplications`).
    Application,
}

impl TargetType {
    /// `user`, `group`, `application`, as Graph writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::User => "user",
            TargetType::Group => "group",
            TargetType::Application => "application",
        }
    }
}

/// `AllUsers`: the target that stands for every user.
pub const ALL_USERS: &str = "AllUsers";
/// `AllApplications`: the target that stands for every application.
pub const ALL_APPLICATIONS: &str = "AllApplications";

/// One target: `AllUsers`, `AllApplications`, or an object's id (a user's or group's GUID,
/// an application's id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// `AllUsers`, `AllApplications`, or an id.
    pub target: String,
    /// What it names.
    pub target_type: TargetType,
}

/// `{ accessType, targets }`: who (or which applications) a B2B setting allows or blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// Allowed or blocked.
    pub access_type: AccessType,
    /// The targets (`AllUsers` alone for everyone).
    pub targets: Vec<Target>,
}

impl Targets {
    /// Everyone (`AllUsers` or `AllApplications`) allowed or blocked.
    pub fn everyone(access_type: AccessType, users: bool) -> Targets {
        let (target, target_type) = if users {
            (ALL_USERS, TargetType::User)
        } else {
            (ALL_APPLICATIONS, TargetType::Application)
        };
        Targets {
            access_type,
            targets: vec![Target {
                target: target.to_owned(),
                target_type,
            }],
        }
    }

    /// True when the targets are everyone.
    pub fn is_everyone(&self) -> bool {
        self.targets
            .iter()
            .any(|t| t.target == ALL_USERS || t.target == ALL_APPLICATIONS)
    }

    /// Whether a subject is allowed: one of `ids` (a user's id and its groups' ids) is a
    /// target, or the targets are everyone; blocked targets allow everyone else.
    pub fn allows(&self, ids: &[String]) -> bool {
        let named = self.is_everyone() || self.targets.iter().any(|t| ids.contains(&t.target));
        named == (self.access_type == AccessType::Allowed)
    }
}

/// One leaf of an access configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Setting {
    /// `b2bCollaborationInbound.usersAndGroups`
    CollaborationInboundUsers,
    /// `b2bCollaborationInbound.applications`
    CollaborationInboundApplications,
    /// `b2bCollaborationOutbound.usersAndGroups`
    CollaborationOutboundUsers,
    /// `b2bCollaborationOutbound.applications`
    CollaborationOutboundApplications,
    /// `b2bDirectConnectInbound.usersAndGroups`
    DirectConnectInboundUsers,
    /// `b2bDirectConnectInbound.applications`
    DirectConnectInboundApplications,
    /// `b2bDirectConnectOutbound.usersAndGroups`
    DirectConnectOutboundUsers,
    /// `b2bDirectConnectOutbound.applications`
    DirectConnectOutboundApplications,
    /// `inboundTrust.isMfaAccepted`
    TrustMfa,
    /// `inboundTrust.isCompliantDeviceAccepted`
    TrustCompliantDevice,
    /// `inboundTrust.isHybridAzureADJoinedDeviceAccepted`
    TrustHybridJoinedDevice,
    /// `automaticUserConsentSettings.inboundAllowed` (partners only)
    RedemptionInbound,
    /// `automaticUserConsentSettings.outboundAllowed` (partners only)
    RedemptionOutbound,
    /// `identitySynchronization.userSyncInbound.isSyncAllowed` (partners only)
    SyncInbound,
}

impl Setting {
    /// Every setting, in the order `show access` lists them.
    pub const ALL: &'static [Setting] = &[
        Setting::CollaborationInboundUsers,
        Setting::CollaborationInboundApplications,
        Setting::CollaborationOutboundUsers,
        Setting::CollaborationOutboundApplications,
        Setting::DirectConnectInboundUsers,
        Setting::DirectConnectInboundApplications,
        Setting::DirectConnectOutboundUsers,
        Setting::DirectConnectOutboundApplications,
        Setting::TrustMfa,
        Setting::TrustCompliantDevice,
        Setting::TrustHybridJoinedDevice,
        Setting::RedemptionInbound,
        Setting::RedemptionOutbound,
        Setting::SyncInbound,
    ];

    /// The setting's path in Graph's JSON: the object and the member.
    pub fn graph_path(self) -> (&'static str, &'static str) {
        match self {
            Setting::CollaborationInboundUsers => ("b2bCollaborationInbound", "usersAndGroups"),
            Setting::CollaborationInboundApplications => ("b2bCollaborationInbound", "applications"),
            Setting::CollaborationOutboundUsers => ("b2bCollaborationOutbound", "usersAndGroups"),
            Setting::CollaborationOutboundApplications => ("b2bCollaborationOutbound", "applications"),
            Setting::DirectConnectInboundUsers => ("b2bDirectConnectInbound", "usersAndGroups"),
            Setting::DirectConnectInboundApplications => ("b2bDirectConnectInbound", "applications"),
            Setting::DirectConnectOutboundUsers => ("b2bDirectConnectOutbound", "usersAndGroups"),
            Setting::DirectConnectOutboundApplications => ("b2bDirectConnectOutbound", "applications"),
            Setting::TrustMfa => ("inboundTrust", "isMfaAccepted"),
            Setting::TrustCompliantDevice => ("inboundTrust", "isCompliantDeviceAccepted"),
            Setting::TrustHybridJoinedDevice => ("inboundTrust", "isHybridAzureADJoinedDeviceAccepted"),
            Setting::RedemptionInbound => ("automaticUserConsentSettings", "inboundAllowed"),
            Setting::RedemptionOutbound => ("automaticUserConsentSettings", "outboundAllowed"),
            Setting::SyncInbound => ("identitySynchronization", "userSyncInbound.isSyncAllowed"),
        }
    }

    /// `b2bCollaborationInbound.usersAndGroups`.
    pub fn graph_name(self) -> String {
        let (object, member) = self.graph_path();
        format!("{object}.{member}")
    }

    /// True for the settings that take targets (the B2B settings); the others are on/off.
    pub fn takes_targets(self) -> bool {
        self.applies_to_users().is_some()
    }

    /// For the B2B settings: `Some(true)` for the users-and-groups half, `Some(false)` for the
    /// applications half; `None` for the on/off settings.
    pub fn applies_to_users(self) -> Option<bool> {
        match self {
            Setting::CollaborationInboundUsers
            | Setting::CollaborationOutboundUsers
            | Setting::DirectConnectInboundUsers
            | Setting::DirectConnectOutboundUsers => Some(true),
            Setting::CollaborationInboundApplications
            | Setting::CollaborationOutboundApplications
            | Setting::DirectConnectInboundApplications
            | Setting::DirectConnectOutboundApplications => Some(false),
            Setting::TrustMfa
            | Setting::TrustCompliantDevice
            | Setting::TrustHybridJoinedDevice
            | Setting::RedemptionInbound
            | Setting::RedemptionOutbound
            | Setting::SyncInbound => None,
        }
    }

    /// True for the inbound settings (what this tenant lets in from others: their users and
    /// groups are the targets); false for the outbound ones (this tenant's users and groups).
    pub fn inbound(self) -> bool {
        !matches!(
            self,
            Setting::CollaborationOutboundUsers
                | Setting::CollaborationOutboundApplications
                | Setting::DirectConnectOutboundUsers
                | Setting::DirectConnectOutboundApplications
                | Setting::RedemptionOutbound
        )
    }

    /// True for the settings that exist only on partner configurations.
    pub fn partner_only(self) -> bool {
        matches!(
            self,
            Setting::RedemptionInbound | Setting::RedemptionOutbound | Setting::SyncInbound
        )
    }

    /// The system default: B2B collaboration allowed for all users and applications; B2B
    /// direct connect blocked; inbound trust not accepted; automatic redemption off; inbound
    /// user synchronization not allowed.
    pub fn system_default(self) -> SettingValue {
        match self.applies_to_users() {
            Some(users) => {
                let collaboration = matches!(
                    self,
                    Setting::CollaborationInboundUsers
                        | Setting::CollaborationInboundApplications
                        | Setting::CollaborationOutboundUsers
                        | Setting::CollaborationOutboundApplications
                );
                let access = if collaboration {
                    AccessType::Allowed
                } else {
                    AccessType::Blocked
                };
                SettingValue::Targets(Targets::everyone(access, users))
            }
            None => SettingValue::Flag(false),
        }
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.graph_name())
    }
}

/// The value of a setting: targets for the B2B settings, a flag for the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingValue {
    /// Who or what is allowed or blocked.
    Targets(Targets),
    /// On or off (accepted, allowed).
    Flag(bool),
}

impl SettingValue {
    /// The flag of an on/off setting (false for targets).
    pub fn flag(&self) -> bool {
        matches!(self, SettingValue::Flag(true))
    }
}

/// Where an effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Set on the partner configuration.
    Partner,
    /// Inherited from the tenant's default configuration, where it is set.
    Default,
    /// Neither sets it: the system default.
    System,
}

impl Origin {
    /// `partner`, `default`, `system default`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Partner => "partner",
            Origin::Default => "default",
            Origin::System => "system default",
        }
    }
}

/// One configuration: the settings it sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The settings set here; the others inherit.
    pub settings: BTreeMap<Setting, SettingValue>,
}

impl Policy {
    /// The value set here, if any.
    pub fn get(&self, s: Setting) -> Option<&SettingValue> {
        self.settings.get(&s)
    }

    /// The effective value of `s` for a partner configuration `partner` (or the default alone
    /// when `None`) over this default, and where it comes from.
    pub fn effective(&self, partner: Option<&Policy>, s: Setting) -> (SettingValue, Origin) {
        if let Some(v) = partner.and_then(|p| p.get(s)) {
            return (v.clone(), Origin::Partner);
        }
        if !s.partner_only() {
            if let Some(v) = self.get(s) {
                return (v.clone(), Origin::Default);
            }
        }
        (s.system_default(), Origin::System)
    }
}

/// A tenant's configuration for one partner tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// The partner tenant's id (it may be a tenant this file does not hold).
    pub tenant_id: Uuid,
    /// What it sets.
    pub policy: Policy,
    /// Set while both tenants are active in the same multitenant organization; maintained by
    /// the organization, never by hand.
    pub in_organization: bool,
}

impl Partner {
    /// A partner configuration that sets nothing.
    pub fn new(tenant_id: Uuid) -> Partner {
        Partner {
            tenant_id,
            policy: Policy::default(),
            in_organization: false,
        }
    }

    /// True when it holds an identity synchronization policy (deleting the partner is then
    /// refused, as the service does).
    pub fn has_sync_policy(&self) -> bool {
        self.policy.get(Setting::SyncInbound).is_some()
    }
}

/// Settings in Graph's JSON nesting (`b2bCollaborationInbound.usersAndGroups.accessType`,
/// `inboundTrust.isMfaAccepted`, `identitySynchronization.userSyncInbound.isSyncAllowed`),
/// as named members of objects: what `--format json` and policy exports write. Settings
/// given as `None` are written as `null` members.
pub fn to_graph<'a>(
    settings: impl IntoIterator<Item = (Setting, Option<&'a SettingValue>)>,
) -> Vec<(String, super::Value)> {
    use super::Value;
    let mut objects: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for (setting, value) in settings {
        let (object, member) = setting.graph_path();
        let json = match value {
            None => Value::Null,
            Some(SettingValue::Flag(b)) => Value::Bool(*b),
            Some(SettingValue::Targets(t)) => Value::Object(vec![
                ("accessType".into(), Value::str(t.access_type.as_str())),
                (
                    "targets".into(),
                    Value::List(
                        t.targets
                            .iter()
                            .map(|x| {
                                Value::Object(vec![
                                    ("target".into(), Value::str(&x.target)),
                                    ("targetType".into(), Value::str(x.target_type.as_str())),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ]),
        };
        // `userSyncInbound.isSyncAllowed` nests once more.
        let (member, json) = match member.split_once('.') {
            Some((outer, inner)) => (outer.to_owned(), Value::Object(vec![(inner.to_owned(), json)])),
            None => (member.to_owned(), json),
        };
        match objects.iter_mut().find(|(name, _)| name == object) {
            Some((_, members)) => members.push((member, json)),
            None => objects.push((object.to_owned(), vec![(member, json)])),
        }
    }
    objects
        .into_iter()
        .map(|(name, members)| (name, Value::Object(members)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_inherit_the_default_then_the_system() {
        let mut default = Policy::default();
        default.settings.insert(
            Setting::CollaborationOutboundUsers,
            SettingValue::Targets(Targets::everyone(AccessType::Blocked, true)),
        );
        let mut partner = Policy::default();
        partner.settings.insert(Setting::SyncInbound, SettingValue::Flag(true));
        let (v, from) = default.effective(Some(&partner), Setting::CollaborationOutboundUsers);
        assert_eq!(from, Origin::Default);
        assert!(!matches!(v, SettingValue::Targets(t) if t.allows(&["x".into()])));
        assert_eq!(
            default.effective(Some(&partner), Setting::SyncInbound),
            (SettingValue::Flag(true), Origin::Partner)
        );
        let (v, from) = default.effective(None, Setting::DirectConnectInboundUsers);
        assert_eq!(from, Origin::System);
        assert!(matches!(v, SettingValue::Targets(t) if !t.allows(&[])));
    }

    #[test]
    fn targets_allow_and_block() {
        let only = Targets {
            access_type: AccessType::Allowed,
            targets: vec![Target {
                target: "g1".into(),
                target_type: TargetType::Group,
            }],
        };
        assert!(only.allows(&["u1".into(), "g1".into()]));
        assert!(!only.allows(&["u2".into()]));
        let except = Targets {
            access_type: AccessType::Blocked,
            ..only
        };
        assert!(!except.allows(&["u1".into(), "g1".into()]));
        assert!(except.allows(&["u2".into()]));
    }
}

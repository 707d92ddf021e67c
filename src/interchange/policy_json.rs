//! Cross-tenant access settings in Microsoft Graph's JSON: what `import access settings`
//! reads and `export access settings` writes (model ↔ Graph JSON).
//!
//! Documents read:
//! - `GET /policies/crossTenantAccessPolicy/default`: one
//!   `crossTenantAccessPolicyConfigurationDefault` object;
//! - `GET …/partners`: `{"value": [partner, …]}` (or a bare array of partners), and
//!   `GET …/partners/{id}`: one `crossTenantAccessPolicyConfigurationPartner` (it has a
//!   `tenantId`);
//! - `GET …/partners/{id}/identitySynchronization`: one `crossTenantIdentitySyncPolicyPartner`
//!   (`tenantId`, `userSyncInbound.isSyncAllowed`); a partner may also hold it nested, as
//!   `identitySynchronization`, which is how export writes it;
//! - the document export writes, shaped like `GET /policies/crossTenantAccessPolicy` with its
//!   `default` and `partners` expanded: `{"default": {…}, "partners": [ … ]}`.
//!
//! Rules: Graph's property names and nesting (`b2bCollaborationInbound.usersAndGroups` with
//! `accessType` and `targets[].target` / `.targetType`, `inboundTrust.isMfaAccepted`,
//! `automaticUserConsentSettings.inboundAllowed`, …). `null` means "inherit": the setting is
//! unset (a default's falls back to the system default); a property the file leaves out is
//! left as it is. Targets stay ids (user and group targets are `AllUsers` or object GUIDs).
//! OData annotations (`@odata.context`, `…@odata.type`) are skipped; everything else mtodir does
//! not model (`tenantRestrictions`, `isServiceProvider: true`,
//! `invitationRedemptionIdentityProviderConfiguration`, unknown properties, an
//! `@odata.nextLink` to a page the file does not hold) is reported in [`PolicyIn::ignored`]
//! with its JSON path, never dropped silently. `isInMultiTenantOrganization` is read-only:
//! the organization maintains it, the importer only compares it. A syntax error is
//! [`crate::Error::Import`] with its line; a wrong type or value is
//! [`crate::Error::ImportJson`] with its JSON path.

mod read;
pub(super) mod strict;

use super::json_users::json_message;
use super::{import_error, io_error, strip_bom, write_file};
use crate::Result;
use crate::model::access::to_graph;
use crate::model::{Partner, Policy, Setting, SettingValue, Value};
use std::fmt;
use std::io::Write;
use std::path::Path;
use strict::Strict;
use uuid::Uuid;

/// The settings a configuration of the file mentions, each with its value (`None`: `null`,
/// so unset). Settings the file leaves out are not listed.
pub type SettingsIn = Vec<(Setting, Option<SettingValue>)>;

/// A partner configuration read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerIn {
    /// The partner's tenant id.
    pub tenant_id: Uuid,
    /// Where the partner stands in the file (`value[1]`, `partners[0]`, or empty for a
    /// document that is one partner).
    pub at: String,
    /// What it sets.
    pub settings: SettingsIn,
    /// The file's `isInMultiTenantOrganization`, when it says (read-only: only compared).
    pub in_organization: Option<bool>,
}

/// Something of the file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// Its JSON path (`value[1].tenantRestrictions`).
    pub at: String,
    /// Why (`not modelled`, `unknown property`, …).
    pub why: String,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.at, self.why)
    }
}

/// What a policy file holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyIn {
    /// The default configuration, when the file has one.
    pub default: Option<SettingsIn>,
    /// The partner configurations, in file order.
    pub partners: Vec<PartnerIn>,
    /// What was not imported, in file order.
    pub ignored: Vec<Ignored>,
}

/// Reads a policy file at `real` (see the module's documentation for the documents it takes);
/// errors name it `name`, the path as the user wrote it.
pub fn read_policy(real: &Path, name: &Path) -> Result<PolicyIn> {
    let bytes = std::fs::read(real).map_err(|e| io_error(name, e))?;
    read_policy_from(&bytes, name)
}

/// Same from bytes; `name` is used in errors.
pub fn read_policy_from(bytes: &[u8], name: &Path) -> Result<PolicyIn> {
    let bytes = strip_bom(bytes);
    let Strict(doc) = serde_json::from_slice::<Strict>(bytes)
        .map_err(|e| import_error(name, e.line().max(1) as u64, json_message(&e)))?;
    let mut reader = read::Reader {
        name,
        out: PolicyIn::default(),
    };
    reader.document(&doc)?;
    Ok(reader.out)
}

/// The JSON of a whole configuration set, as export writes it:
/// `{"default": {…}, "partners": [ … ]}`.
pub fn policy_document(default: &Policy, partners: &[Partner]) -> Value {
    Value::Object(vec![
        ("default".into(), default_json(default)),
        (
            "partners".into(),
            Value::List(partners.iter().map(partner_json).collect()),
        ),
    ])
}

/// Writes [`policy_document`] to `real` (named `name` in errors), pretty-printed; an existing file is replaced only
/// once the new one is complete.
pub fn write_policy(real: &Path, name: &Path, default: &Policy, partners: &[Partner]) -> Result<()> {
    let document = policy_document(default, partners).to_json();
    write_file(real, |out| {
        serde_json::to_writer_pretty(&mut *out, &document).map_err(|e| io_error(name, e.into()))?;
        out.write_all(b"\n").map_err(|e| io_error(name, e))
    })
}

/// A default configuration as Graph's `crossTenantAccessPolicyConfigurationDefault`: what it
/// sets, `null` for what falls back to the system default; `isServiceDefault` when it sets
/// nothing.
pub fn default_json(policy: &Policy) -> Value {
    let mut members = vec![("isServiceDefault".to_owned(), Value::Bool(policy.settings.is_empty()))];
    let settings = Setting::ALL.iter().filter(|s| !s.partner_only());
    members.extend(graph_members(policy, settings.copied()));
    Value::Object(members)
}

/// A partner configuration as Graph's `crossTenantAccessPolicyConfigurationPartner`: its
/// `tenantId`, `isInMultiTenantOrganization`, what it sets and `null` for what it inherits,
/// and its identity synchronization policy nested as `identitySynchronization`.
pub fn partner_json(partner: &Partner) -> Value {
    let id = Value::Str(partner.tenant_id.to_string());
    let mut members = vec![
        ("tenantId".to_owned(), id.clone()),
        (
            "isInMultiTenantOrganization".to_owned(),
            Value::Bool(partner.in_organization),
        ),
    ];
    for (name, value) in graph_members(&partner.policy, Setting::ALL.iter().copied()) {
        let value = match value {
            Value::Object(mut inner) if name == "identitySynchronization" => {
                inner.insert(0, ("tenantId".to_owned(), id.clone()));
                Value::Object(inner)
            }
            other => other,
        };
        members.push((name, value));
    }
    Value::Object(members)
}

/// `settings` of `policy` in Graph's nesting, objects whose members are all `null` written
/// as `null` (as Graph writes an unset `b2bCollaborationInbound`).
fn graph_members(policy: &Policy, settings: impl Iterator<Item = Setting>) -> Vec<(String, Value)> {
    to_graph(settings.map(|s| (s, policy.get(s))))
        .into_iter()
        .map(|(name, value)| (name, collapse(value)))
        .collect()
}

/// An object whose members are all null (after collapsing them) as null.
fn collapse(value: Value) -> Value {
    match value {
        Value::Object(members) => {
            let members: Vec<(String, Value)> = members.into_iter().map(|(k, v)| (k, collapse(v))).collect();
            if members.iter().all(|(_, v)| *v == Value::Null) {
                Value::Null
            } else {
                Value::Object(members)
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::model::{AccessType, Target, TargetType, Targets};

    fn read(text: &str) -> Result<PolicyIn> {
        read_policy_from(text.as_bytes(), Path::new("policy.json"))
    }

    /// A default and a partner that set a little of everything.
    fn sample() -> (Policy, Partner) {
        let mut default = Policy::default();
        default.settings.insert(
            Setting::CollaborationOutboundUsers,
            SettingValue::Targets(Targets {
                access_type: AccessType::Allowed,
                targets: vec![Target {
                    target: Uuid::from_u128(7).to_string(),
                    target_type: TargetType::Group,
                }],
            }),
        );
        default.settings.insert(Setting::TrustMfa, SettingValue::Flag(true));
        let mut partner = Partner::new(Uuid::from_u128(0xB));
        partner.in_organization = true;
        for (setting, value) in [
            (Setting::SyncInbound, SettingValue::Flag(true)),
            (Setting::RedemptionInbound, SettingValue::Flag(false)),
            (
                Setting::DirectConnectInboundApplications,
                SettingValue::Targets(Targets::everyone(AccessType::Blocked, false)),
            ),
        ] {
            partner.policy.settings.insert(setting, value);
        }
        (default, partner)
    }

    #[test]
    fn what_export_writes_reads_back_to_the_same_settings() {
        let (default, partner) = sample();
        let text =
            serde_json::to_string_pretty(&policy_document(&default, std::slice::from_ref(&partner)).to_json()).unwrap();
        let file = read(&text).unwrap();
        assert!(file.ignored.is_empty(), "{:?}", file.ignored);
        let set = |settings: &SettingsIn| -> Policy {
            let mut p = Policy::default();
            for (s, v) in settings {
                if let Some(v) = v {
                    p.settings.insert(*s, v.clone());
                }
            }
            p
        };
        let read_default = file.default.unwrap();
        // Every setting a default can hold is mentioned (null where unset).
        assert_eq!(
            read_default.len(),
            Setting::ALL.iter().filter(|s| !s.partner_only()).count()
        );
        assert_eq!(set(&read_default), default);
        assert_eq!(file.partners.len(), 1);
        assert_eq!(file.partners[0].at, "partners[0]");
        assert_eq!(file.partners[0].settings.len(), Setting::ALL.len());
        assert_eq!(set(&file.partners[0].settings), partner.policy);
        assert_eq!(file.partners[0].in_organization, Some(true));
        // An unset B2B object is written as Graph writes it: null.
        assert!(text.contains("\"b2bCollaborationInbound\": null"), "{text}");
        assert!(text.contains("\"isServiceDefault\": false"), "{text}");
    }

    #[test]
    fn a_property_given_twice_is_a_syntax_error_with_its_line() {
        let text = "{\n  \"inboundTrust\": {\n    \"isMfaAccepted\": true,\n    \"isMfaAccepted\": false\n  }\n}";
        match read(text) {
            Err(Error::Import { line, message, .. }) => {
                assert_eq!(line, 4);
                assert!(message.contains("`isMfaAccepted` is given twice"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_service_default_sets_nothing_that_equals_the_system_default() {
        let file = read(
            r#"{"isServiceDefault": true,
                "inboundTrust": {"isMfaAccepted": false, "isCompliantDeviceAccepted": true},
                "b2bDirectConnectInbound": {"usersAndGroups": {"accessType": "blocked",
                    "targets": [{"target": "AllUsers", "targetType": "user"}]}}}"#,
        )
        .unwrap();
        let default = file.default.unwrap();
        assert_eq!(
            default,
            vec![
                (Setting::TrustMfa, None),
                (Setting::TrustCompliantDevice, Some(SettingValue::Flag(true))),
                (Setting::DirectConnectInboundUsers, None),
            ]
        );
    }
}

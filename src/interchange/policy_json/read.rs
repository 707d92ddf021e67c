//! Reading a policy document: the walk from parsed JSON to [`PolicyIn`], with the JSON path
//! of everything it reports or refuses.

use super::{Ignored, PartnerIn, PolicyIn, SettingsIn};
use crate::Error;
use crate::Result;
use crate::model::access::{ALL_APPLICATIONS, ALL_USERS};
use crate::model::{AccessType, Setting, SettingValue, Target, TargetType, Targets};
use serde_json::{Map, Value as Json};
use std::path::Path;
use uuid::Uuid;

/// `parent.key` (or `key` at the top).
fn key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// A JSON value in words, for type errors.
fn kind(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) => format!("\"{s}\""),
        Json::Array(_) => "an array".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    }
}

/// True for values that say nothing: `null`, `[]`, `{}`.
fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::Array(items) => items.is_empty(),
        Json::Object(members) => members.is_empty(),
        _ => false,
    }
}

/// True for OData annotations (`@odata.context`, `b2bCollaborationInbound@odata.type`).
fn annotation(name: &str) -> bool {
    name.contains('@')
}

/// The on/off members of `inboundTrust` and of a partner's `automaticUserConsentSettings`.
const TRUST: &[(&str, Setting)] = &[
    ("isMfaAccepted", Setting::TrustMfa),
    ("isCompliantDeviceAccepted", Setting::TrustCompliantDevice),
    ("isHybridAzureADJoinedDeviceAccepted", Setting::TrustHybridJoinedDevice),
];
const CONSENT: &[(&str, Setting)] = &[
    ("inboundAllowed", Setting::RedemptionInbound),
    ("outboundAllowed", Setting::RedemptionOutbound),
];

/// The four B2B objects and the settings of their two halves.
const B2B: &[(&str, Setting, Setting)] = &[
    (
        "b2bCollaborationInbound",
        Setting::CollaborationInboundUsers,
        Setting::CollaborationInboundApplications,
    ),
    (
        "b2bCollaborationOutbound",
        Setting::CollaborationOutboundUsers,
        Setting::CollaborationOutboundApplications,
    ),
    (
        "b2bDirectConnectInbound",
        Setting::DirectConnectInboundUsers,
        Setting::DirectConnectInboundApplications,
    ),
    (
        "b2bDirectConnectOutbound",
        Setting::DirectConnectOutboundUsers,
        Setting::DirectConnectOutboundApplications,
    ),
];

/// Walks a parsed document into a [`PolicyIn`], with the JSON path of everything it reports.
pub(super) struct Reader<'a> {
    pub(super) name: &'a Path,
    pub(super) out: PolicyIn,
}

impl Reader<'_> {
    /// [`Error::ImportJson`] at `at`.
    fn error(&self, at: &str, message: impl Into<String>) -> Error {
        Error::ImportJson {
            path: self.name.to_path_buf(),
            json_path: if at.is_empty() {
                "(the document)".to_owned()
            } else {
                at.to_owned()
            },
            message: message.into(),
        }
    }

    fn ignore(&mut self, at: String, why: &str) {
        self.out.ignored.push(Ignored {
            at,
            why: why.to_owned(),
        });
    }

    /// The kind of document, by its members.
    pub(super) fn document(&mut self, doc: &Json) -> Result<()> {
        let map = match doc {
            Json::Array(items) => return self.partner_list(items, ""),
            Json::Object(map) => map,
            other => {
                return Err(self.error(
                    "",
                    format!(
                        "a policy file holds an object (a default or partner configuration, \
                         {{\"value\": [...]}} or {{\"default\": ..., \"partners\": [...]}}), not {}",
                        kind(other)
                    ),
                ));
            }
        };
        if map.contains_key("value") {
            self.envelope(map, &["value"])
        } else if map.contains_key("default") || map.contains_key("partners") {
            self.envelope(map, &["default", "partners"])
        } else if map.contains_key("userSyncInbound") {
            let tenant_id = self.tenant_id(map, "")?;
            let mut settings = Vec::new();
            self.sync(doc, "", tenant_id, true, &mut settings)?;
            self.push_partner(tenant_id, String::new(), settings, None)
        } else if map.contains_key("tenantId") {
            self.partner(map, String::new())
        } else {
            self.default(map, "")
        }
    }

    /// A collection response (`value`) or the combined document (`default`, `partners`):
    /// those members, and a report of the others.
    fn envelope(&mut self, map: &Map<String, Json>, wanted: &[&str]) -> Result<()> {
        for (name, value) in map {
            match name.as_str() {
                "value" | "partners" if wanted.contains(&name.as_str()) => match value {
                    Json::Array(items) => self.partner_list(items, name)?,
                    other => {
                        let message = format!("`{name}` holds an array of partner configurations, not {}", kind(other));
                        return Err(self.error(name, message));
                    }
                },
                "default" if wanted.contains(&"default") => match value {
                    Json::Object(inner) => self.default(inner, "default")?,
                    other => {
                        let message = format!(
                            "`default` is the default configuration (an object), not {}",
                            kind(other)
                        );
                        return Err(self.error(name, message));
                    }
                },
                "@odata.nextLink" => self.ignore(name.clone(), "a next page this file does not hold"),
                _ if annotation(name) => {}
                "id" | "displayName" | "definition" | "allowedCloudEndpoints" | "templates" => {
                    if !is_empty(value) {
                        self.ignore(name.clone(), "not modelled");
                    }
                }
                _ => self.ignore(name.clone(), "unknown property"),
            }
        }
        Ok(())
    }

    /// Partner configurations, at `at[0]`, `at[1]`, ….
    fn partner_list(&mut self, items: &[Json], at: &str) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            let here = format!("{at}[{i}]");
            match item {
                Json::Object(map) => self.partner(map, here)?,
                other => {
                    let message = format!("a partner configuration is an object, not {}", kind(other));
                    return Err(self.error(&here, message));
                }
            }
        }
        Ok(())
    }

    /// The `tenantId` of the object at `at`: required, a GUID.
    fn tenant_id(&self, map: &Map<String, Json>, at: &str) -> Result<Uuid> {
        let here = key(at, "tenantId");
        match map.get("tenantId") {
            Some(Json::String(s)) => {
                Uuid::parse_str(s).map_err(|_| self.error(&here, format!("a tenant id is a GUID, not \"{s}\"")))
            }
            Some(other) => Err(self.error(&here, format!("a tenant id is a GUID, not {}", kind(other)))),
            None => Err(self.error(at, "a partner configuration needs its `tenantId`")),
        }
    }

    fn push_partner(&mut self, tenant_id: Uuid, at: String, settings: SettingsIn, in_org: Option<bool>) -> Result<()> {
        if let Some(first) = self.out.partners.iter().find(|p| p.tenant_id == tenant_id) {
            let message = format!(
                "partner {tenant_id} is configured twice (first at {})",
                if first.at.is_empty() { "the top" } else { &first.at }
            );
            return Err(self.error(&key(&at, "tenantId"), message));
        }
        self.out.partners.push(PartnerIn {
            tenant_id,
            at,
            settings,
            in_organization: in_org,
        });
        Ok(())
    }

    /// A default configuration.
    fn default(&mut self, map: &Map<String, Json>, at: &str) -> Result<()> {
        if self.out.default.is_some() {
            return Err(self.error(at, "the file holds two default configurations"));
        }
        let mut settings = Vec::new();
        let mut service_default = false;
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                _ if annotation(name) => {}
                "inboundTrust" => self.flags(value, &here, TRUST, &mut settings)?,
                "automaticUserConsentSettings" => self.default_consent(value, &here)?,
                "isServiceDefault" => service_default = self.flag(value, &here)? == Some(true),
                "tenantRestrictions" | "invitationRedemptionIdentityProviderConfiguration" => {
                    if !is_empty(value) {
                        self.ignore(here, "not modelled");
                    }
                }
                _ => match B2B.iter().find(|(object, ..)| object == name) {
                    Some(&(_, users, apps)) => self.b2b(value, &here, users, apps, &mut settings)?,
                    None => self.ignore(here, "unknown property"),
                },
            }
        }
        // The partner a default's inbound setting would name is unknown: everyone or no one.
        for (setting, value) in &settings {
            if let Some(SettingValue::Targets(targets)) = value {
                if setting.applies_to_users() == Some(true) && setting.inbound() && !targets.is_everyone() {
                    let (object, member) = setting.graph_path();
                    let message = "a default inbound setting can only allow or block everyone (`AllUsers`): \
                                   name users and groups on a partner configuration";
                    return Err(self.error(&key(at, &format!("{object}.{member}.targets")), message));
                }
            }
        }
        if service_default {
            // Graph shows the service's defaults: they are what an unset default means here.
            for (setting, value) in &mut settings {
                if value.as_ref() == Some(&setting.system_default()) {
                    *value = None;
                }
            }
        }
        self.out.default = Some(settings);
        Ok(())
    }

    /// A partner configuration at `at`.
    fn partner(&mut self, map: &Map<String, Json>, at: String) -> Result<()> {
        let tenant_id = self.tenant_id(map, &at)?;
        let mut settings = Vec::new();
        let mut in_org = None;
        for (name, value) in map {
            let here = key(&at, name);
            match name.as_str() {
                "tenantId" => {}
                _ if annotation(name) => {}
                "inboundTrust" => self.flags(value, &here, TRUST, &mut settings)?,
                "automaticUserConsentSettings" => self.flags(value, &here, CONSENT, &mut settings)?,
                "identitySynchronization" => self.sync(value, &here, tenant_id, false, &mut settings)?,
                "isInMultiTenantOrganization" => in_org = self.flag(value, &here)?,
                "isServiceProvider" => {
                    if self.flag(value, &here)? == Some(true) {
                        self.ignore(here, "not modelled");
                    }
                }
                "tenantRestrictions" => {
                    if !is_empty(value) {
                        self.ignore(here, "not modelled");
                    }
                }
                _ => match B2B.iter().find(|(object, ..)| object == name) {
                    Some(&(_, users, apps)) => self.b2b(value, &here, users, apps, &mut settings)?,
                    None => self.ignore(here, "unknown property"),
                },
            }
        }
        self.push_partner(tenant_id, at, settings, in_org)
    }

    /// `true`, `false` or `null`.
    fn flag(&self, value: &Json, at: &str) -> Result<Option<bool>> {
        match value {
            Json::Null => Ok(None),
            Json::Bool(b) => Ok(Some(*b)),
            other => Err(self.error(at, format!("expected true, false or null, not {}", kind(other)))),
        }
    }

    /// An object of on/off members (`inboundTrust`, `automaticUserConsentSettings`); `null`
    /// unsets them all.
    fn flags(&mut self, value: &Json, at: &str, members: &[(&str, Setting)], settings: &mut SettingsIn) -> Result<()> {
        match value {
            Json::Null => settings.extend(members.iter().map(|&(_, s)| (s, None))),
            Json::Object(map) => {
                for (name, inner) in map {
                    let here = key(at, name);
                    match members.iter().find(|(member, _)| member == name) {
                        Some(&(_, setting)) => {
                            let flag = self.flag(inner, &here)?;
                            settings.push((setting, flag.map(SettingValue::Flag)));
                        }
                        None if annotation(name) => {}
                        None => self.ignore(here, "unknown property"),
                    }
                }
            }
            other => return Err(self.error(at, format!("expected an object or null, not {}", kind(other)))),
        }
        Ok(())
    }

    /// A default's `automaticUserConsentSettings`: Graph always has it false there, and
    /// mtodir keeps automatic redemption on partner configurations only.
    fn default_consent(&mut self, value: &Json, at: &str) -> Result<()> {
        let mut found = Vec::new();
        self.flags(value, at, CONSENT, &mut found)?;
        for (setting, value) in found {
            if value == Some(SettingValue::Flag(true)) {
                let (_, member) = setting.graph_path();
                self.ignore(key(at, member), "partner configurations only");
            }
        }
        Ok(())
    }

    /// A partner's identity synchronization policy (`identitySynchronization`, or a whole
    /// document when `document`): `userSyncInbound.isSyncAllowed`.
    fn sync(
        &mut self,
        value: &Json,
        at: &str,
        tenant_id: Uuid,
        document: bool,
        settings: &mut SettingsIn,
    ) -> Result<()> {
        let map = match value {
            Json::Null => {
                settings.push((Setting::SyncInbound, None));
                return Ok(());
            }
            Json::Object(map) => map,
            other => return Err(self.error(at, format!("expected an object or null, not {}", kind(other)))),
        };
        for (name, inner) in map {
            let here = key(at, name);
            match name.as_str() {
                _ if annotation(name) => {}
                "tenantId" if document => {}
                "tenantId" => match inner {
                    Json::Null => {}
                    Json::String(s) if Uuid::parse_str(s).is_ok_and(|id| id == tenant_id) => {}
                    other => {
                        let message = format!("the policy belongs to the partner, {tenant_id}, not {}", kind(other));
                        return Err(self.error(&here, message));
                    }
                },
                "userSyncInbound" => match inner {
                    Json::Null => settings.push((Setting::SyncInbound, None)),
                    Json::Object(members) => {
                        for (member, flag) in members {
                            let there = key(&here, member);
                            match member.as_str() {
                                "isSyncAllowed" => {
                                    let flag = self.flag(flag, &there)?;
                                    settings.push((Setting::SyncInbound, flag.map(SettingValue::Flag)));
                                }
                                _ if annotation(member) => {}
                                _ => self.ignore(there, "unknown property"),
                            }
                        }
                    }
                    other => return Err(self.error(&here, format!("expected an object or null, not {}", kind(other)))),
                },
                "displayName" | "externalCloudAuthorizedApplicationId" => {
                    if !is_empty(inner) {
                        self.ignore(here, "not modelled");
                    }
                }
                _ => self.ignore(here, "unknown property"),
            }
        }
        Ok(())
    }

    /// A B2B object (`b2bCollaborationInbound`, …): `usersAndGroups` and `applications`;
    /// `null` unsets both.
    fn b2b(&mut self, value: &Json, at: &str, users: Setting, apps: Setting, settings: &mut SettingsIn) -> Result<()> {
        let map = match value {
            Json::Null => {
                settings.extend([(users, None), (apps, None)]);
                return Ok(());
            }
            Json::Object(map) => map,
            other => {
                let message = format!(
                    "expected an object with `usersAndGroups` and `applications`, or null, not {}",
                    kind(other)
                );
                return Err(self.error(at, message));
            }
        };
        for (name, inner) in map {
            let here = key(at, name);
            match name.as_str() {
                "usersAndGroups" => settings.push((users, self.targets(inner, &here, true)?)),
                "applications" => settings.push((apps, self.targets(inner, &here, false)?)),
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        Ok(())
    }

    /// `{accessType, targets}` of users and groups (`users`) or applications; `null` unsets.
    fn targets(&mut self, value: &Json, at: &str, users: bool) -> Result<Option<SettingValue>> {
        let map = match value {
            Json::Null => return Ok(None),
            Json::Object(map) => map,
            other => {
                let message = format!(
                    "expected an object with `accessType` and `targets`, or null, not {}",
                    kind(other)
                );
                return Err(self.error(at, message));
            }
        };
        let (mut access, mut targets) = (None, None);
        for (name, inner) in map {
            let here = key(at, name);
            match name.as_str() {
                "accessType" => {
                    access = Some(match inner {
                        Json::String(s) if s == "allowed" => AccessType::Allowed,
                        Json::String(s) if s == "blocked" => AccessType::Blocked,
                        other => {
                            let message = format!("`accessType` is \"allowed\" or \"blocked\", not {}", kind(other));
                            return Err(self.error(&here, message));
                        }
                    })
                }
                "targets" => targets = Some(self.target_list(inner, &here, users)?),
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        let access_type = access.ok_or_else(|| self.error(at, "`accessType` is missing"))?;
        let targets = targets.ok_or_else(|| self.error(at, "`targets` is missing"))?;
        Ok(Some(SettingValue::Targets(Targets { access_type, targets })))
    }

    /// The `targets` array: at least one `{target, targetType}`.
    fn target_list(&mut self, value: &Json, at: &str, users: bool) -> Result<Vec<Target>> {
        let items = match value {
            Json::Array(items) if !items.is_empty() => items,
            Json::Array(_) => return Err(self.error(at, "`targets` needs at least one target")),
            other => return Err(self.error(at, format!("`targets` is an array, not {}", kind(other)))),
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let here = format!("{at}[{i}]");
            let Json::Object(map) = item else {
                return Err(self.error(&here, format!("a target is an object, not {}", kind(item))));
            };
            let (mut target, mut target_type) = (None, None);
            for (name, inner) in map {
                let there = key(&here, name);
                match (name.as_str(), inner) {
                    ("target", Json::String(s)) => target = Some(s.clone()),
                    ("targetType", Json::String(s)) => {
                        target_type = Some(match s.as_str() {
                            "user" => TargetType::User,
                            "group" => TargetType::Group,
                            "application" => TargetType::Application,
                            _ => {
                                let message = format!("`targetType` is user, group or application, not \"{s}\"");
                                return Err(self.error(&there, message));
                            }
                        })
                    }
                    ("target" | "targetType", other) => {
                        return Err(self.error(&there, format!("expected a string, not {}", kind(other))));
                    }
                    _ if annotation(name) => {}
                    _ => self.ignore(there, "unknown property"),
                }
            }
            let target = target.ok_or_else(|| self.error(&here, "`target` is missing"))?;
            let target_type = target_type.ok_or_else(|| self.error(&here, "`targetType` is missing"))?;
            out.push(self.target(target, target_type, &here, users)?);
        }
        Ok(out)
    }

    /// One target, checked against the half it stands in; GUIDs written canonically.
    fn target(&self, target: String, target_type: TargetType, at: &str, users: bool) -> Result<Target> {
        let fits = match target_type {
            TargetType::User | TargetType::Group => users,
            TargetType::Application => !users,
        };
        if !fits {
            let half = if users { "usersAndGroups" } else { "applications" };
            let message = format!("`{half}` cannot hold a target of type {}", target_type.as_str());
            return Err(self.error(&key(at, "targetType"), message));
        }
        let everyone = if users { ALL_USERS } else { ALL_APPLICATIONS };
        if target.eq_ignore_ascii_case(everyone) {
            if target_type == TargetType::Group {
                return Err(self.error(&key(at, "targetType"), "`AllUsers` is a target of type user"));
            }
            return Ok(Target {
                target: everyone.to_owned(),
                target_type,
            });
        }
        let target = match target_type {
            TargetType::Application => target,
            TargetType::User | TargetType::Group => match Uuid::parse_str(&target) {
                Ok(id) => id.to_string(),
                Err(_) => {
                    let message =
                        format!("a user or group target is `AllUsers` or an object id (a GUID), not \"{target}\"");
                    return Err(self.error(&key(at, "target"), message));
                }
            },
        };
        Ok(Target { target, target_type })
    }
}

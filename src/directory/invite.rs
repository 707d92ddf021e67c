//! What the access settings allow a user across two tenants (`explain access`), and B2B
//! invitations, which need B2B collaboration allowed on both sides.

use super::access::{PartnerId, Scope, describe, effective_one, subject_ids};
use super::users;
use crate::error::{Error, Result};
use crate::model::{Attr, Home, NewUser, Origin, Setting, SettingValue, Source, Tenant, User, UserType, Value};
use crate::store::{Open, Tables, WriteTables};

/// A cross-tenant capability the access settings decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// B2B collaboration: invitations, guests and B2B members.
    Collaboration,
    /// B2B direct connect: Teams shared channels.
    DirectConnect,
    /// Automatic redemption: no consent prompt for synchronized and invited users.
    Redemption,
    /// Cross-tenant synchronization into the resource tenant.
    IdentitySync,
}

impl Capability {
    /// Every capability, in the order `explain access` lists them.
    pub const ALL: [Capability; 4] = [
        Capability::Collaboration,
        Capability::DirectConnect,
        Capability::Redemption,
        Capability::IdentitySync,
    ];

    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Collaboration => "B2B collaboration",
            Capability::DirectConnect => "B2B direct connect",
            Capability::Redemption => "automatic redemption",
            Capability::IdentitySync => "identity synchronization",
        }
    }

    /// The settings that decide it: the home tenant's outbound one (if any), then the
    /// resource tenant's inbound one.
    fn settings(self) -> (Option<Setting>, Setting) {
        match self {
            Capability::Collaboration => (
                Some(Setting::CollaborationOutboundUsers),
                Setting::CollaborationInboundUsers,
            ),
            Capability::DirectConnect => (
                Some(Setting::DirectConnectOutboundUsers),
                Setting::DirectConnectInboundUsers,
            ),
            Capability::Redemption => (Some(Setting::RedemptionOutbound), Setting::RedemptionInbound),
            Capability::IdentitySync => (None, Setting::SyncInbound),
        }
    }
}

/// One side's say on a capability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessCheck {
    /// The capability.
    pub capability: Capability,
    /// The tenant whose setting this is.
    pub tenant: String,
    /// The setting.
    pub setting: Setting,
    /// Its effective value, in words.
    pub value: String,
    /// Where the value comes from.
    pub origin: Origin,
    /// True when it allows the user.
    pub allows: bool,
}

impl AccessCheck {
    /// "tenant A's b2bCollaborationOutbound.usersAndGroups (blocked: all users, inherited from
    /// its default configuration)".
    pub fn words(&self) -> String {
        let from = match self.origin {
            Origin::Partner => "set on its partner configuration",
            Origin::Default => "inherited from its default configuration",
            Origin::System => "the system default",
        };
        format!("tenant {}'s {} ({}, {from})", self.tenant, self.setting, self.value)
    }
}

/// The say of one tenant's setting towards `partner` on `user`.
fn check<S: Open>(
    t: &Tables<S>,
    capability: Capability,
    tenant: &Tenant,
    partner: &Tenant,
    setting: Setting,
    ids: &[String],
) -> Result<AccessCheck> {
    let (value, origin) = effective_one(t, tenant, &partner.id, setting)?;
    let allows = match &value {
        SettingValue::Targets(targets) => targets.allows(ids),
        SettingValue::Flag(b) => *b,
    };
    let scope_partner = PartnerId::of(partner);
    Ok(AccessCheck {
        capability,
        tenant: tenant.handle.clone(),
        setting,
        value: describe(t, tenant, Scope::Partner(&scope_partner), setting, Some(&value))?,
        origin,
        allows,
    })
}

/// Every check that decides what `user` of `home` may do in `resource`: for each capability,
/// the home tenant's outbound setting and the resource tenant's inbound one.
pub fn explain<S: Open>(t: &Tables<S>, user: &User, home: &Tenant, resource: &Tenant) -> Result<Vec<AccessCheck>> {
    let ids = subject_ids(t, user)?;
    let mut out = Vec::new();
    for capability in Capability::ALL {
        let (outbound, inbound) = capability.settings();
        if let Some(setting) = outbound {
            out.push(check(t, capability, home, resource, setting, &ids)?);
        }
        out.push(check(t, capability, resource, home, inbound, &ids)?);
    }
    Ok(out)
}

/// The UPN a B2B user of `home_upn` gets in `resource`: `<home UPN with @ as _>#EXT#@<the
/// resource's default domain>`, as the service writes it.
pub fn external_upn(home_upn: &str, resource: &Tenant) -> String {
    format!("{}#EXT#@{}", home_upn.replace('@', "_"), resource.default_domain())
}

/// Invites `upn` of `home` into `resource` as a B2B Guest (hidden from the address list), or
/// a Member (shown) when `member`; when the resource already holds a B2B user for that home
/// user, returns it (false: nothing created). Refused unless the home tenant's outbound and
/// the resource tenant's inbound B2B collaboration allow the user.
pub fn invite(
    w: &mut WriteTables<'_>,
    home: &Tenant,
    resource: &Tenant,
    upn: &str,
    member: bool,
) -> Result<(User, bool)> {
    let user = users::find(w, home, upn)?;
    if home.ord == resource.ord {
        return Err(Error::InviteHome {
            upn: upn.to_owned(),
            tenant: home.handle.clone(),
        });
    }
    if user.source != Source::Internal {
        return Err(Error::NotInternal {
            upn: upn.to_owned(),
            tenant: home.handle.clone(),
        });
    }
    if user.is_soft_deleted() {
        return Err(Error::UserDeleted {
            upn: user.user_principal_name,
            doing: "inviting it",
        });
    }
    let identity = Home {
        tenant: home.id,
        object: user.id,
    };
    if let Some(ord) = w.user_ord_by_home(resource.ord, &identity)? {
        if let Some(existing) = w.user(resource.ord, ord)? {
            return Ok((existing, false));
        }
    }
    let ids = subject_ids(w, &user)?;
    for (tenant, partner, setting) in [
        (home, resource, Setting::CollaborationOutboundUsers),
        (resource, home, Setting::CollaborationInboundUsers),
    ] {
        let verdict = check(w, Capability::Collaboration, tenant, partner, setting, &ids)?;
        if !verdict.allows {
            return Err(Error::AccessBlocked {
                refusal: format!("{} does not allow {upn}", verdict.words()),
                tenant: verdict.tenant,
                setting: verdict.setting,
            });
        }
    }
    let user_type = if member { UserType::Member } else { UserType::Guest };
    let copied = [Attr::DisplayName, Attr::GivenName, Attr::Surname, Attr::Mail];
    let mut values: Vec<(Attr, Value)> = copied
        .iter()
        .map(|&a| (a, user.get(a)))
        .filter(|(_, v)| !v.is_null())
        .collect();
    values.push((Attr::UserType, Value::str(user_type.as_str())));
    values.push((Attr::ShowInAddressList, Value::Bool(member)));
    let new = NewUser {
        upn: external_upn(&user.user_principal_name, resource),
        values,
        b2b: Some(identity),
    };
    Ok((users::create(w, resource, &new)?, true))
}

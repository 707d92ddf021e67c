//! The multitenant organization: tenants grouped through an invite-and-accept flow, with
//! owner and member roles, labels and calendar sharing — Microsoft Graph's
//! `multiTenantOrganization` and its `multiTenantOrganizationMember`s.

use super::ids::Millis;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most active tenants an organization holds (the service's limit).
pub const MAX_ACTIVE_TENANTS: usize = 100;

/// `owner` or `member`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// May add and remove tenants, change roles and set labels.
    Owner,
    /// Takes part.
    Member,
}

impl Role {
    /// `owner` / `member`, as Graph writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Member => "member",
        }
    }
}

/// `pending` (added, not joined yet) or `active`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberState {
    /// Added by an owner; has not joined.
    Pending,
    /// Created or joined the organization.
    Active,
}

impl MemberState {
    /// `pending` / `active`, as Graph writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberState::Pending => "pending",
            MemberState::Active => "active",
        }
    }
}

/// One tenant of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The tenant's id.
    pub tenant_id: Uuid,
    /// Owner or member.
    pub role: Role,
    /// Pending or active.
    pub state: MemberState,
    /// The owner tenant that added it (`None` for the creator).
    pub added_by: Option<Uuid>,
    /// When it was added (or created the organization).
    pub added: Millis,
    /// When it joined (or created the organization).
    pub joined: Option<Millis>,
}

/// How people search labels organization users.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Labels {
    /// No labels.
    #[default]
    None,
    /// The organization's name for every tenant.
    OrganizationName,
    /// A label per tenant (tenants without one show none).
    Custom(Vec<(Uuid, String)>),
}

/// A template of partner settings that joins and (optionally) existing partners receive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Template {
    /// The partner settings it sets (only these are applied).
    pub policy: super::access::Policy,
    /// `newPartners`: applied to partner configurations created when tenants join.
    pub new_partners: bool,
    /// `existingPartners`: applied to the existing partner configurations of the
    /// organization's tenants too.
    pub existing_partners: bool,
}

/// A multitenant organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub display_name: String,
    /// Free text.
    pub description: Option<String>,
    /// When it was created.
    pub created: Millis,
    /// Its tenants, in the order they were added.
    pub members: Vec<Member>,
    /// People search labels.
    pub labels: Labels,
    /// Calendar (free/busy) sharing switches: (tenant, with tenant), each side its own.
    pub calendar: Vec<(Uuid, Uuid)>,
    /// Partner setting templates, by the tenant that keeps them.
    pub templates: Vec<(Uuid, Template)>,
}

impl Organization {
    /// The member record of a tenant.
    pub fn member(&self, tenant: Uuid) -> Option<&Member> {
        self.members.iter().find(|m| m.tenant_id == tenant)
    }

    /// The member record of a tenant, to change.
    pub fn member_mut(&mut self, tenant: Uuid) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.tenant_id == tenant)
    }

    /// The active tenants.
    pub fn active(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.state == MemberState::Active)
    }

    /// True when `tenant` is an active owner.
    pub fn is_active_owner(&self, tenant: Uuid) -> bool {
        self.member(tenant)
            .is_some_and(|m| m.state == MemberState::Active && m.role == Role::Owner)
    }

    /// True when `tenant` is active.
    pub fn is_active(&self, tenant: Uuid) -> bool {
        self.member(tenant).is_some_and(|m| m.state == MemberState::Active)
    }

    /// The label people search shows for users whose home is `tenant`.
    pub fn label_of(&self, tenant: Uuid) -> Option<&str> {
        match &self.labels {
            Labels::None => None,
            Labels::OrganizationName => Some(&self.display_name),
            Labels::Custom(list) => list.iter().find(|(t, _)| *t == tenant).map(|(_, l)| l.as_str()),
        }
    }

    /// True when both tenants have turned calendar sharing on with each other.
    pub fn calendar_shared(&self, a: Uuid, b: Uuid) -> bool {
        self.calendar.contains(&(a, b)) && self.calendar.contains(&(b, a))
    }

    /// The template `tenant` keeps, if any.
    pub fn template(&self, tenant: Uuid) -> Option<&Template> {
        self.templates.iter().find(|(t, _)| *t == tenant).map(|(_, t)| t)
    }
}

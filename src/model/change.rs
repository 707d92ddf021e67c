//! Change-feed records: every user change of a tenant, numbered in commit order, with who
//! made it and the properties it changed. The audit trail shows them; incremental sync
//! cycles read them from their watermarks.

use super::ids::Millis;
use super::record::{Field, Record};
use super::value::Value;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What happened to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeOp {
    /// Created.
    Create,
    /// Properties or memberships changed.
    Update,
    /// Soft-deleted.
    Delete,
    /// Restored from soft delete.
    Restore,
    /// Removed for good.
    Purge,
}

impl ChangeOp {
    /// `create`, `update`, `delete`, `restore`, `purge`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOp::Create => "create",
            ChangeOp::Update => "update",
            ChangeOp::Delete => "delete",
            ChangeOp::Restore => "restore",
            ChangeOp::Purge => "purge",
        }
    }
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Actor {
    /// The operator of the file.
    #[default]
    Operator,
    /// The administrator of a tenant (by handle).
    TenantAdmin(String),
    /// A cross-tenant synchronization configuration (by name), writing into its target.
    Sync(String),
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Operator => f.write_str("operator"),
            Actor::TenantAdmin(handle) => write!(f, "administrator of tenant {handle}"),
            Actor::Sync(name) => write!(f, "sync \"{name}\""),
        }
    }
}

/// One property a change modified: its Graph name, the value before and after (references
/// named: the manager by UPN, groups by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertyChange {
    /// The property's Graph name (`jobTitle`).
    pub property: String,
    /// Before (`Null` for a create).
    pub old: Value,
    /// After (`Null` for a purge).
    pub new: Value,
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// A user of the tenant.
    User,
    /// The tenant's cross-tenant access settings (its default or a partner configuration).
    Access,
    /// The multitenant organization, as this tenant took part in it.
    Organization,
}

impl Subject {
    /// `user`, `access`, `organization`.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::User => "user",
            Subject::Access => "access",
            Subject::Organization => "organization",
        }
    }
}

/// One entry of a tenant's change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the tenant's feed (1, 2, …), contiguous.
    pub seq: u64,
    /// What was changed: a user, the tenant's access settings, its organization.
    pub subject: Subject,
    /// The object's GUID: the user's (stable, and meaningful after a purge), the partner
    /// tenant's for access settings (the tenant's own for its default), the organization's.
    pub object: Uuid,
    /// Its name when the change was made: the user's UPN, `default` or `partner <handle>`,
    /// the organization's name.
    pub name: String,
    /// What happened.
    pub op: ChangeOp,
    /// Who did it.
    pub actor: Actor,
    /// When.
    pub at: Millis,
    /// The properties it changed. A bulk load (import, generate) records who and when, not
    /// the values: they are the file's (or the generator's).
    pub properties: Vec<PropertyChange>,
}

/// The fields of a [`Change`] that `show changes … where` filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeField {
    /// `seq`
    Seq,
    /// `at` (milliseconds since the epoch)
    At,
    /// `actor`: `operator`, `administrator of tenant A`, `sync "A to B"`
    Actor,
    /// `op`: create, update, delete, restore, purge
    Op,
    /// `subject`: user, access, organization
    Subject,
    /// `name`: the user's UPN, `default` or `partner B`, the organization's name
    Name,
    /// `property`: any property the change modified
    Property,
}

impl Field for ChangeField {
    const ALL: &'static [ChangeField] = &[
        ChangeField::Seq,
        ChangeField::At,
        ChangeField::Actor,
        ChangeField::Op,
        ChangeField::Subject,
        ChangeField::Name,
        ChangeField::Property,
    ];
    const RECORDS: &'static str = "a change";

    fn name(self) -> &'static str {
        match self {
            ChangeField::Seq => "seq",
            ChangeField::At => "at",
            ChangeField::Actor => "actor",
            ChangeField::Op => "op",
            ChangeField::Subject => "subject",
            ChangeField::Name => "name",
            ChangeField::Property => "property",
        }
    }
}

impl Record for Change {
    type Field = ChangeField;

    fn field(&self, field: ChangeField) -> Value {
        match field {
            ChangeField::Seq => Value::Int(i64::try_from(self.seq).unwrap_or(i64::MAX)),
            ChangeField::At => Value::Int(self.at),
            ChangeField::Actor => Value::Str(self.actor.to_string()),
            ChangeField::Op => Value::str(self.op.as_str()),
            ChangeField::Subject => Value::str(self.subject.as_str()),
            ChangeField::Name => Value::str(&self.name),
            ChangeField::Property => Value::List(self.properties.iter().map(|p| Value::str(&p.property)).collect()),
        }
    }
}

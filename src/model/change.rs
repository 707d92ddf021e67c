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

/// One entry of a tenant's change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the tenant's feed (1, 2, …), contiguous.
    pub seq: u64,
    /// The user's object GUID (stable, and meaningful after a purge).
    pub object: Uuid,
    /// The user's UPN when the change was made.
    pub upn: String,
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
    /// `user`: the UPN
    User,
    /// `property`: any property the change modified
    Property,
}

impl Field for ChangeField {
    const ALL: &'static [ChangeField] = &[
        ChangeField::Seq,
        ChangeField::At,
        ChangeField::Actor,
        ChangeField::Op,
        ChangeField::User,
        ChangeField::Property,
    ];
    const RECORDS: &'static str = "a change";

    fn name(self) -> &'static str {
        match self {
            ChangeField::Seq => "seq",
            ChangeField::At => "at",
            ChangeField::Actor => "actor",
            ChangeField::Op => "op",
            ChangeField::User => "user",
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
            ChangeField::User => Value::str(&self.upn),
            ChangeField::Property => Value::List(self.properties.iter().map(|p| Value::str(&p.property)).collect()),
        }
    }
}

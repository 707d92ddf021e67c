//! Change-feed records: every user change of a tenant, numbered in commit order.

use super::ids::{Millis, ObjOrd};
use serde::{Deserialize, Serialize};

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

/// One entry of a tenant's change feed. Incremental sync cycles read the feed from their
/// watermark, so their cost follows the changes, not the size of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the tenant's feed (1, 2, …).
    pub seq: u64,
    /// The user.
    pub object: ObjOrd,
    /// What happened.
    pub op: ChangeOp,
    /// When.
    pub at: Millis,
}

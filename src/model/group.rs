//! Groups: named sets of a tenant's users (assignment for sync, `memberOf` filters).

use super::ids::{Millis, ObjOrd, TenantOrd};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A security group. Its members are recorded on the users (`memberOf`), so that a user's
/// index entries derive from the user alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The group's GUID.
    pub id: Uuid,
    /// The store ordinal.
    pub ord: ObjOrd,
    /// The tenant that holds the group.
    pub tenant: TenantOrd,
    /// The name (unique per tenant, case-insensitive).
    pub display_name: String,
    /// Free text.
    pub description: Option<String>,
    /// When the group was created.
    pub created: Millis,
}

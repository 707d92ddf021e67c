//! The redb tables, all in one place. Every table maps bytes to bytes; `keys` encodes the
//! keys and `codec` the values.

use redb::TableDefinition;

/// A table definition of this store.
pub type Def = TableDefinition<'static, &'static [u8], &'static [u8]>;

/// File identity and counters: `magic`, `format`, `next_tenant`, `next_object`.
pub const META: Def = TableDefinition::new("meta");
/// `tenant` → Tenant
pub const TENANTS: Def = TableDefinition::new("tenants");
/// folded handle → `tenant`
pub const TENANT_HANDLES: Def = TableDefinition::new("tenant_handles");
/// `tenant | object` → User
pub const USERS: Def = TableDefinition::new("users");
/// `tenant | folded UPN` → `object` (unique UPN per tenant)
pub const UPNS: Def = TableDefinition::new("upns");
/// `tenant | home tenant | home object` → `object` (B2B users by home identity)
pub const HOMES: Def = TableDefinition::new("homes");
/// object GUID → `tenant | object`
pub const OBJECT_IDS: Def = TableDefinition::new("object_ids");
/// `tenant | object` → Group
pub const GROUPS: Def = TableDefinition::new("groups");
/// `tenant | folded name` → `object`
pub const GROUP_NAMES: Def = TableDefinition::new("group_names");
/// posting entries, see `index`
pub const POSTINGS: Def = TableDefinition::new("postings");
/// posting head → entry count (u64, big-endian)
pub const COUNTS: Def = TableDefinition::new("counts");
/// `tenant | seq` → Change: the per-tenant change feed
pub const FEED: Def = TableDefinition::new("feed");
/// `tenant | 0` → Policy (the default configuration); `tenant | 1 | partner GUID` → Partner
pub const ACCESS: Def = TableDefinition::new("access");
/// organization GUID → Organization
pub const ORGANIZATIONS: Def = TableDefinition::new("organizations");
/// tenant GUID → organization GUID (every tenant added to one, pending or active)
pub const ORGANIZATION_MEMBERS: Def = TableDefinition::new("organization_members");
/// `source tenant | configuration id` → SyncConfig
pub const SYNCS: Def = TableDefinition::new("syncs");
/// `configuration id | source user id` → target user id (the link table)
pub const SYNC_LINKS: Def = TableDefinition::new("sync_links");
/// `configuration id | seq` → LogEntry (provisioning logs)
pub const PROVISIONING_LOG: Def = TableDefinition::new("provisioning_log");

//! The redb store: one file, typed table definitions ([`tables`]), key encodings ([`keys`]),
//! the value codec ([`codec`]), index derivation ([`index`]), and the change feed.
//!
//! [`Tables`] is the view a statement works through, over a read transaction (MVCC snapshot;
//! readers never wait) or a write transaction. Tables open lazily, the first time a statement
//! touches them, so a search opens only what it reads.
//!
//! The store is built of rooms of one concept each: the file's identity (opening, identifying
//! and initializing the file: `file.rs`), the read view ([`Tables`] and its getters:
//! `read.rs`) and the write view (the [`WriteTables`] methods: `write.rs`, with the postings'
//! blocks in `postings.rs` and bulk loads in `bulk.rs`). Files of an earlier format are
//! upgraded at open by the steps of [`migrate`]; values of an earlier version of their type
//! are upgraded when read by [`codec`].

mod backend;
pub mod block;
mod bulk;
pub mod check;
pub mod codec;
mod file;
pub mod index;
mod indexer;
pub mod keys;
pub mod migrate;
mod postings;
pub mod problems;
mod read;
pub mod rebuild;
mod records;
mod sync_records;
pub mod tables;
mod write;

pub use backend::Storage;
pub use bulk::SPILL_ENTRIES as BULK_SPILL_ENTRIES;
pub use file::{DEFAULT_CACHE_BYTES, FORMAT_VERSION, OpenSettings, Opened, open};
pub use read::{Open, ReadTables, Tables, WriteTables};
use tables::Def;

/// Every table of the store, in the order of [`Table`].
const DEFS: [Def; 18] = [
    tables::META,
    tables::TENANTS,
    tables::TENANT_HANDLES,
    tables::USERS,
    tables::UPNS,
    tables::HOMES,
    tables::OBJECT_IDS,
    tables::GROUPS,
    tables::GROUP_NAMES,
    tables::POSTINGS,
    tables::COUNTS,
    tables::FEED,
    tables::ACCESS,
    tables::ORGANIZATIONS,
    tables::ORGANIZATION_MEMBERS,
    tables::SYNCS,
    tables::SYNC_LINKS,
    tables::PROVISIONING_LOG,
];

/// Names the tables of [`DEFS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Table {
    Meta,
    Tenants,
    TenantHandles,
    Users,
    Upns,
    Homes,
    ObjectIds,
    Groups,
    GroupNames,
    Postings,
    Counts,
    Feed,
    Access,
    Organizations,
    OrganizationMembers,
    Syncs,
    SyncLinks,
    ProvisioningLog,
}

impl Table {
    /// The table's name in the file (`postings`).
    pub fn name(self) -> &'static str {
        redb::TableHandle::name(&DEFS[self as usize])
    }

    /// True for the tables derived from the tenants, users and groups, which `--repair`
    /// rebuilds from them.
    pub fn derived(self) -> bool {
        match self {
            Table::TenantHandles
            | Table::Upns
            | Table::Homes
            | Table::ObjectIds
            | Table::GroupNames
            | Table::Postings
            | Table::Counts => true,
            // The organization index is kept with the organizations; the sync links and logs are
            // records of their own: `check` verifies them, `--repair` cannot rebuild them.
            Table::Meta
            | Table::Tenants
            | Table::Users
            | Table::Groups
            | Table::Feed
            | Table::Access
            | Table::Organizations
            | Table::OrganizationMembers
            | Table::Syncs
            | Table::SyncLinks
            | Table::ProvisioningLog => false,
        }
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

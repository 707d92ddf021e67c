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

pub mod block;
mod bulk;
pub mod codec;
mod file;
pub mod index;
pub mod keys;
pub mod migrate;
mod postings;
mod read;
mod records;
mod sync_records;
pub mod tables;
mod write;

pub use file::{DEFAULT_CACHE_BYTES, FORMAT_VERSION, open};
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

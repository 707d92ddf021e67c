//! What `check` reports: redb's verdict on the file's pages, the problems found in what
//! mtodir keeps (each a typed [`Problem`] with its words), and what was looked at.

use super::Table;
use std::fmt;

/// At most this many problems are listed one by one; the rest are counted.
pub const LISTED: usize = 100;

/// What redb's own integrity check of the pages said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// Every page of the committed trees verified.
    Verified,
    /// The pages verified, but redb had to rebuild its record of free pages.
    Repaired,
    /// Not run: see the reason.
    Skipped(Skip),
    /// The pages did not verify: [`Problem::Pages`] says why.
    Failed,
}

/// Why redb's page check did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// `check` ran inside a transaction, and checked what the transaction sees.
    InTransaction,
    /// Another session of this directory has a transaction or a snapshot open.
    Busy,
}

/// Something wrong with the file, in a form callers match on; `Display` says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// redb's check of the pages failed, in redb's words.
    Pages(String),
    /// Reading the tables failed part way, so the check is incomplete.
    Unreadable(String),
    /// A stored record or entry that cannot be read, or whose key disagrees with it.
    BadRecord {
        /// Its table.
        table: Table,
        /// Its key, described.
        key: String,
        /// What is wrong.
        detail: String,
    },
    /// A posting whose entries are not exactly those its users' derivation gives.
    Posting {
        /// The tenant's handle (`#n` when no tenant has that ordinal).
        tenant: String,
        /// The posting, described.
        posting: String,
        /// Entries the file holds.
        stored: u64,
        /// Entries the users give.
        derived: u64,
        /// Entries the users give that the posting lacks (or holds with another value),
        /// when counted.
        missing: Option<u64>,
        /// Entries the posting holds that no user gives, when counted.
        extra: Option<u64>,
        /// One of the differences, described.
        example: Option<String>,
    },
    /// A posting count that is not the number of the posting's entries.
    Count {
        /// The tenant.
        tenant: String,
        /// The posting, described.
        posting: String,
        /// What the `counts` table says (0: no entry).
        stored: u64,
        /// How many entries the posting holds.
        entries: u64,
    },
    /// An entry that a record implies is missing from a lookup table, or points elsewhere.
    Missing {
        /// The lookup table.
        table: Table,
        /// The tenant.
        tenant: String,
        /// The entry, described.
        entry: String,
    },
    /// A lookup entry that no record implies.
    Stray {
        /// The lookup table.
        table: Table,
        /// The tenant.
        tenant: String,
        /// The entry, described.
        entry: String,
    },
    /// Two records that claim the same unique key.
    Duplicate {
        /// The lookup table of the key.
        table: Table,
        /// The tenant.
        tenant: String,
        /// The key, described, and who claims it.
        entry: String,
    },
    /// A user's `memberOf` names a group that does not exist.
    NoSuchGroup {
        /// The tenant.
        tenant: String,
        /// The user's UPN.
        user: String,
        /// The group's ordinal.
        group: u32,
    },
    /// A tenant's change feed whose sequence numbers are not contiguous from 1.
    FeedGap {
        /// The tenant.
        tenant: String,
        /// The number that should come next.
        expected: u64,
        /// The number that does.
        found: u64,
    },
    /// A synchronization link that does not hold: its source is not a user of the source
    /// tenant, or its target is not the source user's copy in the target tenant, or no entry
    /// of the provisioning log names that copy.
    SyncLink {
        /// The source tenant.
        tenant: String,
        /// The configuration's name.
        sync: String,
        /// The source user (its UPN, or its id when it was purged).
        source: String,
        /// What is wrong.
        detail: String,
    },
    /// A configuration's provisioning log whose sequence numbers are not contiguous from 1.
    LogGap {
        /// The source tenant.
        tenant: String,
        /// The configuration (its name in quotes, or `#id`).
        sync: String,
        /// The number that should come next.
        expected: u64,
        /// The number that does.
        found: u64,
    },
    /// A counter of the `meta` table that would hand out an ordinal in use.
    Counter {
        /// `next_object` or `next_tenant`.
        name: &'static str,
        /// Its value.
        next: u32,
        /// The highest ordinal in use.
        highest: u32,
    },
}

impl Problem {
    /// True when `mtodir FILE --repair` mends it: the derived tables (postings, counts, the
    /// lookup tables) and the counters are rebuilt from the tenants, users and groups.
    pub fn repairable(&self) -> bool {
        match self {
            Problem::BadRecord { table, .. } => table.derived(),
            Problem::Posting { .. }
            | Problem::Count { .. }
            | Problem::Missing { .. }
            | Problem::Stray { .. }
            | Problem::Counter { .. } => true,
            Problem::Pages(_)
            | Problem::Unreadable(_)
            | Problem::Duplicate { .. }
            | Problem::NoSuchGroup { .. }
            | Problem::FeedGap { .. }
            | Problem::SyncLink { .. }
            | Problem::LogGap { .. } => false,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Pages(said) => write!(f, "redb's check of the file's pages failed: {said}"),
            Problem::Unreadable(said) => write!(f, "reading the tables failed, so the check is incomplete: {said}"),
            Problem::BadRecord { table, key, detail } => write!(f, "{table}: the entry {key} {detail}"),
            Problem::Posting {
                tenant,
                posting,
                stored,
                derived,
                missing,
                extra,
                example,
            } => {
                write!(
                    f,
                    "tenant {tenant}: the posting {posting} holds {stored} entries where its users give {derived}"
                )?;
                if let (Some(m), Some(x)) = (missing, extra) {
                    write!(f, " ({m} missing or different, {x} that no user gives)")?;
                }
                match example {
                    Some(e) => write!(f, "; e.g. {e}"),
                    None => Ok(()),
                }
            }
            Problem::Count {
                tenant,
                posting,
                stored,
                entries,
            } => match stored {
                0 => write!(
                    f,
                    "tenant {tenant}: the posting {posting} holds {entries} entries but has no count"
                ),
                _ => write!(
                    f,
                    "tenant {tenant}: the count of the posting {posting} says {stored}, the posting holds {entries}"
                ),
            },
            Problem::Missing { table, tenant, entry } => write!(f, "tenant {tenant}: {table} lacks {entry}"),
            Problem::Stray { table, tenant, entry } => {
                write!(f, "tenant {tenant}: {table} holds {entry}, which no record gives")
            }
            Problem::Duplicate { table, tenant, entry } => {
                write!(f, "tenant {tenant}: {entry}, a key of {table} that must be unique")
            }
            Problem::NoSuchGroup { tenant, user, group } => write!(
                f,
                "tenant {tenant}: user {user} is a member of group #{group}, which does not exist"
            ),
            Problem::FeedGap {
                tenant,
                expected,
                found,
            } => write!(
                f,
                "tenant {tenant}: the change feed goes on with {found} where {expected} should come"
            ),
            Problem::SyncLink {
                tenant,
                sync,
                source,
                detail,
            } => write!(
                f,
                "tenant {tenant}: sync \"{sync}\" links source user {source}, but that link {detail} (links are records: `--repair` cannot rebuild them; delete the sync, or `restart sync \"{sync}\" full`, to provision again)"
            ),
            Problem::LogGap {
                tenant,
                sync,
                expected,
                found,
            } => write!(
                f,
                "tenant {tenant}: the provisioning log of sync {sync} goes on with {found} where {expected} should come"
            ),
            Problem::Counter { name, next, highest } => {
                write!(f, "meta: the counter {name} is {next}, but ordinal {highest} is in use")
            }
        }
    }
}

/// How much the check looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    /// Tenants.
    pub tenants: u64,
    /// Users, deleted ones included.
    pub users: u64,
    /// Groups.
    pub groups: u64,
    /// Posting entries.
    pub entries: u64,
    /// Change-feed entries.
    pub changes: u64,
    /// Synchronization configurations.
    pub syncs: u64,
    /// Synchronization links.
    pub links: u64,
    /// Provisioning log entries.
    pub log_entries: u64,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The file (or the backend's name).
    pub file: String,
    /// redb's verdict on the pages.
    pub integrity: Integrity,
    /// The problems, at most [`LISTED`] of them.
    pub problems: Vec<Problem>,
    /// How many more problems were found than are listed.
    pub more: u64,
    /// What was looked at.
    pub counted: Counted,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty() && self.more == 0
    }

    /// True when every listed problem is one `--repair` mends.
    pub fn repairable(&self) -> bool {
        self.problems.iter().all(Problem::repairable)
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counted;
        let pages = match self.integrity {
            Integrity::Verified => "redb's check of the pages passed",
            Integrity::Repaired => "redb's check of the pages passed after it rebuilt its record of free pages",
            Integrity::Skipped(Skip::InTransaction) => {
                "redb's check of the pages does not run inside a transaction (`mtodir FILE --check` runs it)"
            }
            Integrity::Skipped(Skip::Busy) => {
                "redb's check of the pages did not run: another session has a transaction or snapshot open"
            }
            Integrity::Failed => "redb's check of the pages failed",
        };
        writeln!(
            f,
            "checked {}: {pages}; {} tenants, {} users, {} groups, {} index entries, {} changes",
            self.file, c.tenants, c.users, c.groups, c.entries, c.changes
        )?;
        if c.syncs > 0 {
            writeln!(
                f,
                "and {} synchronization configurations, {} links, {} provisioning log entries",
                c.syncs, c.links, c.log_entries
            )?;
        }
        if self.is_sound() {
            return write!(f, "no problems found");
        }
        let total = self.problems.len() as u64 + self.more;
        let mendable = self.problems.iter().filter(|p| p.repairable()).count();
        write!(
            f,
            "{total} problem{} ({mendable} of those listed are mended by `mtodir {} --repair`):",
            if total == 1 { "" } else { "s" },
            self.file
        )?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        if self.more > 0 {
            write!(f, "\n  … and {} more", self.more)?;
        }
        Ok(())
    }
}

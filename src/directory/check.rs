//! Checking the file (redb's check of its pages, then every invariant mtodir keeps) and
//! repairing what is derived from the records.

use super::Directory;
use crate::error::{Error, Result, shielded};
use crate::store::check::{self, Found};
use crate::store::problems::{CheckReport, Integrity, Problem, Skip};
use crate::store::rebuild::{self, Rebuilt};
use crate::store::{Open, Tables};

impl Directory {
    /// Checks the file: redb's integrity check of every page first (it needs the directory
    /// to itself: with a transaction or snapshot open elsewhere it is skipped, and says so),
    /// then every invariant mtodir keeps (see [`crate::store::check`]). A damaged file is a
    /// report that says so, not an error; an error is a failure to read the file at all.
    pub fn check(&self) -> Result<CheckReport> {
        let (integrity, pages) = self.check_pages()?;
        let found = self
            .begin_read()
            .and_then(|read| shielded(|| check::scan(&Tables::new(read))));
        self.report(integrity, pages, found)
    }

    /// [`Directory::check`] of what the open transaction `txn` sees, without redb's check of
    /// the pages (which cannot run inside a transaction).
    pub(crate) fn check_in<S: Open>(&self, view: &Tables<S>) -> Result<CheckReport> {
        let found = shielded(|| check::scan(view));
        self.report(Integrity::Skipped(Skip::InTransaction), None, found)
    }

    /// redb's check of the pages, and its words when they do not verify.
    fn check_pages(&self) -> Result<(Integrity, Option<String>)> {
        let mut db = self.db();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| db.check_integrity()));
        Ok(match outcome {
            Ok(Ok(true)) => (Integrity::Verified, None),
            Ok(Ok(false)) => (Integrity::Repaired, None),
            Ok(Err(redb::DatabaseError::TransactionInProgress)) => (Integrity::Skipped(Skip::Busy), None),
            Ok(Err(e)) => match Error::from(e) {
                Error::Damaged { detail, .. } => (Integrity::Failed, Some(detail)),
                other => return Err(other.in_file(self.path())),
            },
            Err(payload) => match Error::from_panic(&*payload) {
                Error::Damaged { detail, .. } => (Integrity::Failed, Some(detail)),
                other => return Err(other),
            },
        })
    }

    fn report(&self, integrity: Integrity, pages: Option<String>, found: Result<Found>) -> Result<CheckReport> {
        let mut problems: Vec<Problem> = pages.into_iter().map(Problem::Pages).collect();
        let (mut more, mut counted) = (0, Default::default());
        match found {
            Ok(found) => {
                problems.extend(found.problems);
                (more, counted) = (found.more, found.counted);
            }
            Err(e) => match e.root() {
                Error::Damaged { detail, .. } => problems.push(Problem::Unreadable(detail.clone())),
                _ => return Err(e.in_file(self.path())),
            },
        }
        Ok(CheckReport {
            file: self.path().display().to_string(),
            integrity,
            problems,
            more,
            counted,
        })
    }

    /// Rebuilds the derived tables (postings, counts, UPNs, homes, object ids, group names,
    /// tenant handles) from the tenants, users and groups, and moves the counters past the
    /// ordinals in use, in one write transaction: what `mtodir FILE --repair` does after a
    /// check that found problems it mends.
    pub fn repair(&self) -> Result<Rebuilt> {
        let txn = self.begin_write()?;
        let spill = self.options().bulk_spill_entries;
        shielded(move || {
            let rebuilt = rebuild::rebuild(&txn, spill)?;
            txn.commit()?;
            Ok(rebuilt)
        })
        .map_err(|e| e.in_file(self.path()))
    }
}

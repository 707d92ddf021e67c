//! Looking after the file: `check`.

use crate::error::Result;
use crate::rights::Action;
use crate::session::Session;
use crate::store::Tables;
use crate::store::problems::CheckReport;

impl Session<'_> {
    /// `check`: redb's check of the file's pages and every invariant mtodir keeps (see
    /// [`crate::Directory::check`]); operator only. Inside a transaction it checks what the
    /// transaction sees, and leaves the page check to `mtodir FILE --check`.
    pub fn check(&self) -> Result<CheckReport> {
        self.principal.authorize(Action::CheckFile, None)?;
        match &self.txn {
            Some(txn) => self.dir.check_in(&Tables::new(txn)),
            None => self.dir.check(),
        }
    }
}

//! Where mtodir meets its storage engine: redb's failures and panics turned into typed
//! errors ([`Error::FileIo`], [`Error::Unusable`], [`Error::Damaged`], [`Error::Storage`]).

use super::{Error, Result};
use std::path::PathBuf;

impl Error {
    /// The typed error of a failure of redb: an I/O error, the latch redb sets after one, a
    /// damaged file, or another storage error.
    pub fn from_redb(e: redb::Error) -> Error {
        match e {
            redb::Error::Io(io) => Error::FileIo(io),
            redb::Error::PreviousIo | redb::Error::LockPoisoned(_) | redb::Error::DatabaseClosed => Error::Unusable,
            redb::Error::Corrupted(detail) => Error::damaged(detail),
            // The types of mtodir's tables are fixed: other types mean a damaged table tree.
            e @ (redb::Error::TableTypeMismatch { .. }
            | redb::Error::TableIsMultimap(_)
            | redb::Error::TableIsNotMultimap(_)
            | redb::Error::TypeDefinitionChanged { .. }) => Error::damaged(e.to_string()),
            other => Error::Storage(other),
        }
    }

    /// The error of a panic caught at the boundary that opens and reads the file: redb panics
    /// on some damaged files, and the panic becomes [`Error::Damaged`].
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let said = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Error::damaged(format!("reading it failed ({said})"))
    }
}

pub(super) fn damaged_file(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map_or_else(|| "the directory file".to_owned(), |f| f.display().to_string())
}

pub(super) fn damaged_arg(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map_or_else(|| "FILE".to_owned(), |f| f.display().to_string())
}

macro_rules! storage_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error::from_redb(e.into())
            }
        }
    )*};
}
storage_errors!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::CompactionError
);

/// Runs `f`, turning a panic inside it (redb panics on some damaged files) into
/// [`Error::Damaged`]: the boundary that opens and reads a file.
pub(crate) fn shielded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::from_panic(&*payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_of_the_file_are_typed() {
        let io = redb::Error::Io(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(matches!(Error::from_redb(io), Error::FileIo(_)));
        assert!(matches!(Error::from_redb(redb::Error::PreviousIo), Error::Unusable));
        let damaged = Error::from_redb(redb::Error::Corrupted("bad checksum".into()));
        assert!(matches!(&damaged, Error::Damaged { file: None, detail } if detail == "bad checksum"));
        let named = damaged.in_file(std::path::Path::new("org.redb")).to_string();
        assert_eq!(
            named,
            "org.redb is damaged: bad checksum; try `mtodir org.redb --check`, then `--repair`"
        );
        let caught = std::panic::catch_unwind(|| panic!("index out of bounds")).unwrap_err();
        let said = Error::from_panic(&*caught).to_string();
        assert!(
            said.contains("is damaged: reading it failed (index out of bounds)"),
            "{said}"
        );
        let nothing = shielded(|| -> Result<()> { panic!("boom") }).unwrap_err();
        assert!(matches!(nothing, Error::Damaged { .. }));
    }
}

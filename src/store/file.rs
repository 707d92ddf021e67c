//! The file's identity: opening the redb file, telling an mtodir file of this format from
//! anything else, and initializing a new (or incomplete) file.

use super::{DEFS, keys, tables};
use crate::error::{Error, Result};
use redb::{ReadTransaction, ReadableDatabase};
use std::path::Path;

/// What the `magic` meta entry holds in every mtodir file.
const MAGIC: &[u8] = b"mtodir";
/// The file format this build writes and reads. 2: postings in prefix-compressed blocks;
/// 3: typeahead terms of up to four characters.
pub const FORMAT_VERSION: u32 = 3;
/// The page cache redb gets unless told otherwise (bytes).
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// Opens the redb database at `path`, creating it if missing, and checks that it is an
/// mtodir file of a format this build reads. An existing file is checked read-only first, so
/// that a file of another program is refused without being touched.
pub fn open(path: &Path, cache_bytes: usize) -> Result<redb::Database> {
    let existing = std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
    if existing {
        match redb::Database::builder()
            .set_cache_size(cache_bytes)
            .open_read_only(path)
        {
            Ok(db) => {
                identify(&db.begin_read()?, path)?;
            }
            // A file that was not closed cleanly needs the repair that a read-write open does;
            // it is identified after that.
            Err(redb::DatabaseError::RepairAborted) => {}
            Err(e) => return Err(open_error(path, e)),
        }
    }
    let db = redb::Database::builder()
        .set_cache_size(cache_bytes)
        .create(path)
        .map_err(|e| open_error(path, e))?;
    let state = identify(&db.begin_read()?, path)?;
    if state != Identity::Complete {
        initialize(&db)?;
    }
    Ok(db)
}

fn open_error(path: &Path, e: redb::DatabaseError) -> Error {
    let shown = path.display();
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => Error::Format(format!(
            "{shown} is already open (here or in another mtodir process); close it there first"
        )),
        redb::DatabaseError::Storage(redb::StorageError::Io(io)) if io.kind() == std::io::ErrorKind::InvalidData => {
            Error::Format(format!(
                "{shown} is not an mtodir database (it is not a redb file: {io})"
            ))
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(io)) => Error::Io {
            path: path.to_owned(),
            source: io,
        },
        other => Error::Format(format!("{shown} is not an mtodir database ({other})")),
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// No tables yet: a new file.
    Empty,
    /// An mtodir file without some tables of this build (it gets them).
    Incomplete,
    /// An mtodir file with every table.
    Complete,
}

/// Says what the file holds, or refuses a file of another program or of a newer format.
fn identify(read: &ReadTransaction, path: &Path) -> Result<Identity> {
    let names: Vec<String> = read
        .list_tables()?
        .map(|t| redb::TableHandle::name(&t).to_owned())
        .collect();
    if names.is_empty() {
        return Ok(Identity::Empty);
    }
    let not_ours = || Error::Format(format!("{} was written by another program, not mtodir", path.display()));
    if !names.iter().any(|n| n == "meta") {
        return Err(not_ours());
    }
    let meta = read.open_table(tables::META)?;
    if meta.get(b"magic".as_slice())?.map(|v| v.value() == MAGIC) != Some(true) {
        return Err(not_ours());
    }
    let format = meta
        .get(b"format".as_slice())?
        .map(|v| keys::read_u32(v.value()))
        .unwrap_or(0);
    if format > FORMAT_VERSION {
        return Err(Error::Format(format!(
            "{} has file format {format}, written by a newer mtodir; this build reads format {FORMAT_VERSION}",
            path.display()
        )));
    }
    if format < FORMAT_VERSION {
        return Err(Error::Format(format!(
            "{} has file format {format}, from an earlier development build whose indexes this build cannot \
             read (it reads format {FORMAT_VERSION}); export its users with that build and import them here",
            path.display()
        )));
    }
    let complete = DEFS
        .iter()
        .all(|d| names.iter().any(|n| n == redb::TableHandle::name(d)));
    Ok(if complete {
        Identity::Complete
    } else {
        Identity::Incomplete
    })
}

/// Creates every table (idempotent) and writes the file's identity.
fn initialize(db: &redb::Database) -> Result<()> {
    let txn = db.begin_write()?;
    for def in DEFS {
        txn.open_table(def)?;
    }
    {
        let mut meta = txn.open_table(tables::META)?;
        meta.insert(b"magic".as_slice(), MAGIC)?;
        meta.insert(b"format".as_slice(), FORMAT_VERSION.to_be_bytes().as_slice())?;
    }
    txn.commit()?;
    Ok(())
}

//! The file's identity: opening the redb file, telling an mtodir file of this format from
//! anything else, initializing a new (or incomplete) file, and upgrading a file of an
//! earlier format that [`super::migrate`] knows how to upgrade.

use super::backend::Storage;
use super::migrate::{self, Step};
use super::{DEFS, keys, tables};
use crate::error::{Error, Result, shielded};
use redb::{ReadTransaction, ReadableDatabase};
use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;

/// What the `magic` meta entry holds in every mtodir file.
const MAGIC: &[u8] = b"mtodir";
/// The file format this build writes and reads. 2: postings in prefix-compressed blocks;
/// 3: typeahead terms of up to four characters; 4: an equality posting of `manager`.
pub const FORMAT_VERSION: u32 = 4;
/// The page cache redb gets unless told otherwise (bytes).
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// How to open a file.
#[derive(Clone)]
pub struct OpenSettings {
    /// redb's page cache, in bytes.
    pub cache_bytes: usize,
    /// Told how far redb's repair of a file that was not closed cleanly has got (0.0 to
    /// 1.0): at least once when the file needs one, and with 1.0 when it is done.
    pub on_repair: Option<Rc<dyn Fn(f64)>>,
}

impl OpenSettings {
    /// Settings with this cache and no repair report.
    pub fn with_cache(cache_bytes: usize) -> OpenSettings {
        OpenSettings {
            cache_bytes,
            on_repair: None,
        }
    }
}

/// An open file, and what opening it did.
pub struct Opened {
    /// The database.
    pub db: redb::Database,
    /// True when redb repaired the file after an unclean shutdown (a crash, a kill, a power
    /// loss) before it could be used.
    pub repaired: bool,
}

/// Opens the redb database in `storage`, creating it if missing, and checks that it is an
/// mtodir file of a format this build reads. An existing file is checked read-only first, so
/// that a file of another program is refused without being touched. A file of an earlier
/// format that the upgrade steps reach is upgraded, in one write transaction. A file that was
/// not closed cleanly is repaired by redb first (`settings.on_repair` hears of it). A panic of
/// redb on a damaged file is caught here and becomes [`Error::Damaged`].
pub fn open(storage: &Storage, settings: &OpenSettings) -> Result<Opened> {
    open_upgrading(storage, settings, migrate::STEPS)
}

/// [`open`] with the upgrade `steps` to use (tests give synthetic ones).
fn open_upgrading(storage: &Storage, settings: &OpenSettings, steps: &[Step]) -> Result<Opened> {
    let path = storage.label();
    shielded(|| open_shielded(storage, settings, steps)).map_err(|e| e.in_file(path))
}

fn open_shielded(storage: &Storage, settings: &OpenSettings, steps: &[Step]) -> Result<Opened> {
    let path = storage.label();
    let existing = storage.size().unwrap_or(0) > 0;
    let repaired = Rc::new(Cell::new(false));
    let mut builder = redb::Database::builder();
    builder.set_cache_size(settings.cache_bytes);
    {
        let (flag, report) = (repaired.clone(), settings.on_repair.clone());
        builder.set_repair_callback(move |session| {
            flag.set(true);
            if let Some(report) = &report {
                report(session.progress());
            }
        });
    }
    if existing {
        match storage.open_read_only(&builder) {
            Ok(db) => {
                identify(&db.begin_read()?, path, steps)?;
            }
            // A file that was not closed cleanly needs the repair that a read-write open does;
            // it is identified after that.
            Err(redb::DatabaseError::RepairAborted) => {}
            Err(e) => return Err(open_error(path, e)),
        }
    }
    let db = storage.create(&builder).map_err(|e| open_error(path, e))?;
    if repaired.get() {
        if let Some(report) = &settings.on_repair {
            report(1.0);
        }
    }
    match identify(&db.begin_read()?, path, steps)? {
        Identity::Complete => {}
        Identity::Empty | Identity::Incomplete => initialize(&db)?,
        Identity::Older(format) => migrate::upgrade(&db, format, FORMAT_VERSION, steps)
            .map_err(|e| Error::Format(format!("{}: {e}", path.display())))?,
    }
    Ok(Opened {
        db,
        repaired: repaired.get(),
    })
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
        // A redb file in a bad state: say so in redb's words.
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => Error::Damaged {
            file: Some(path.to_owned()),
            detail,
        },
        redb::DatabaseError::UpgradeRequired(_) => Error::Format(format!("{shown} is not an mtodir database ({e})")),
        other => Error::from(other),
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
    /// An mtodir file of this earlier format, which the upgrade steps reach.
    Older(u32),
}

/// Says what the file holds, or refuses a file of another program, of a newer format, or of
/// a format older than the first of the upgrade `steps`.
fn identify(read: &ReadTransaction, path: &Path, steps: &[Step]) -> Result<Identity> {
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
    let meta = match read.open_table(tables::META) {
        Ok(meta) => meta,
        Err(redb::TableError::TableTypeMismatch { .. }) => return Err(not_ours()),
        Err(e) => return Err(e.into()),
    };
    if meta.get(b"magic".as_slice())?.map(|v| v.value() == MAGIC) != Some(true) {
        return Err(not_ours());
    }
    let format = meta
        .get(b"format".as_slice())?
        .map(|v| keys::read_u32(v.value()))
        .unwrap_or(0);
    let oldest = migrate::oldest(steps, FORMAT_VERSION);
    let reads = if oldest == FORMAT_VERSION {
        format!("format {FORMAT_VERSION}")
    } else {
        format!("formats {oldest} to {FORMAT_VERSION}")
    };
    if format > FORMAT_VERSION {
        return Err(Error::Format(format!(
            "{} has file format {format}, written by a newer mtodir; this build reads {reads}",
            path.display()
        )));
    }
    if format < oldest {
        return Err(Error::Format(format!(
            "{} has file format {format}, from an earlier development build whose indexes this build cannot \
             read (it reads {reads}); export its users with that build and import them here",
            path.display()
        )));
    }
    if format < FORMAT_VERSION {
        return Ok(Identity::Older(format));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Tables;

    /// A file holding the demo, then marked as of `format`.
    fn demo_file_of_format(dir: &tempfile::TempDir, format: u32) -> std::path::PathBuf {
        let path = dir.path().join("demo.redb");
        crate::Directory::open(&path)
            .unwrap()
            .session()
            .execute("demo")
            .unwrap();
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut meta = txn.open_table(tables::META).unwrap();
            meta.insert(b"format".as_slice(), format.to_be_bytes().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
        path
    }

    fn meta_entry(db: &redb::Database, key: &[u8]) -> Option<Vec<u8>> {
        let read = db.begin_read().unwrap();
        let meta = read.open_table(tables::META).unwrap();
        meta.get(key).unwrap().map(|v| v.value().to_vec())
    }

    fn mark(txn: &redb::WriteTransaction) -> Result<()> {
        txn.open_table(tables::META)?
            .insert(b"upgraded".as_slice(), b"yes".as_slice())?;
        Ok(())
    }

    const PREVIOUS: u32 = FORMAT_VERSION - 1;

    fn settings() -> OpenSettings {
        OpenSettings::with_cache(DEFAULT_CACHE_BYTES)
    }

    #[test]
    fn a_file_of_a_format_the_steps_reach_is_upgraded_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file_of_format(&dir, PREVIOUS);
        let steps = [Step {
            from: PREVIOUS,
            to: FORMAT_VERSION,
            what: "synthetic",
            run: mark,
        }];
        let db = open_upgrading(&Storage::Path(path.clone()), &settings(), &steps)
            .unwrap()
            .db;
        assert_eq!(meta_entry(&db, b"upgraded").as_deref(), Some(b"yes".as_slice()));
        let format = meta_entry(&db, b"format").map(|v| keys::read_u32(&v));
        assert_eq!(format, Some(FORMAT_VERSION));
        let tables = Tables::new(db.begin_read().unwrap());
        assert_eq!(tables.tenants().unwrap().len(), 3);
        drop(tables);
        drop(db);
        // Upgraded once: the next open is an ordinary one.
        let db = open_upgrading(&Storage::Path(path.clone()), &settings(), &[])
            .unwrap()
            .db;
        assert_eq!(meta_entry(&db, b"upgraded").as_deref(), Some(b"yes".as_slice()));
    }

    #[test]
    fn a_failed_upgrade_refuses_the_file_and_leaves_its_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file_of_format(&dir, PREVIOUS);
        let steps = [Step {
            from: PREVIOUS,
            to: FORMAT_VERSION,
            what: "synthetic",
            run: |txn| {
                mark(txn)?;
                Err(Error::invalid("synthetic failure"))
            },
        }];
        let message = open_upgrading(&Storage::Path(path.clone()), &settings(), &steps)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("synthetic failure") && message.contains("unchanged"),
            "{message}"
        );
        let db = redb::Database::open(&path).unwrap();
        assert_eq!(meta_entry(&db, b"upgraded"), None);
        let format = meta_entry(&db, b"format").map(|v| keys::read_u32(&v));
        assert_eq!(format, Some(PREVIOUS));
    }

    #[test]
    fn a_format_older_than_the_first_step_is_refused_with_the_export_advice() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file_of_format(&dir, PREVIOUS - 1);
        let steps = [Step {
            from: PREVIOUS,
            to: FORMAT_VERSION,
            what: "synthetic",
            run: mark,
        }];
        let message = open_upgrading(&Storage::Path(path.clone()), &settings(), &steps)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("export"), "{message}");
        assert!(
            message.contains(&format!("formats {PREVIOUS} to {FORMAT_VERSION}")),
            "{message}"
        );
    }
}

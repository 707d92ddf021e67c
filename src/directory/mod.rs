//! The directory: opening a file, and the operations on tenants, users and groups with their
//! rules. Rights are not checked here but once, by the session, before an operation starts;
//! nothing here parses text.

pub mod access;
mod bulk;
mod check;
mod files;
pub mod groups;
pub mod invite;
pub mod organization;
pub mod tenants;
pub mod users;

pub use crate::rights::Principal;
pub use files::FileAccess;
pub use users::{Batch, BatchReport};

pub(crate) use files::Files;

use crate::error::{Error, Result, shielded};
use crate::store::{self, OpenSettings, Storage};
use std::path::Path;
use std::rc::Rc;
use std::sync::{Mutex, MutexGuard};

/// How to open a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// redb's page cache, in bytes (default 128 MiB).
    pub cache_bytes: usize,
    /// A bulk load (import, generate) spills its sorted index entries to a temporary file
    /// every this many entries (default about 6 million; tests make it small).
    pub bulk_spill_entries: usize,
    /// Which files `import`, `export`, `.read` and `-f` may open (default: any).
    pub files: FileAccess,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            cache_bytes: store::DEFAULT_CACHE_BYTES,
            bulk_spill_entries: store::BULK_SPILL_ENTRIES,
            files: FileAccess::Any,
        }
    }
}

/// An open directory file.
pub struct Directory {
    /// The database, behind a lock that is held only to begin a transaction, and for the
    /// checks and compaction that need the database to themselves.
    db: Mutex<redb::Database>,
    storage: Storage,
    options: Options,
    repaired: bool,
    /// Which files statements may open.
    pub(crate) files: Files,
}

impl Directory {
    /// Opens (or creates) the directory file at `path`.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let directory = mtodir::Directory::open(dir.path().join("org.redb")).unwrap();
    /// let mut session = directory.session();
    /// session.execute("create tenant A name \"Contoso\" domain a.example;").unwrap();
    /// session.execute("create user annie@a.example in tenant A with displayName = \"Annie Adams\";").unwrap();
    /// let out = session.execute("search people in tenant A for \"ann\";").unwrap();
    /// let rows = out[0].rows().unwrap();
    /// assert_eq!(rows.strings("displayName"), vec!["Annie Adams"]);
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Directory> {
        Directory::open_with(path, Options::default())
    }

    /// Opens (or creates) the directory file at `path` with `options`.
    pub fn open_with(path: impl AsRef<Path>, options: Options) -> Result<Directory> {
        Directory::open_storage(Storage::Path(path.as_ref().to_owned()), options, None)
    }

    /// [`Directory::open_with`], telling `on_repair` how far redb's repair of a file that was
    /// not closed cleanly (a crash, a kill, a power loss) has got, from 0.0 to 1.0: at least
    /// once when the file needs one, and 1.0 when it is done. The shell shows it.
    pub fn open_reporting(
        path: impl AsRef<Path>,
        options: Options,
        on_repair: impl Fn(f64) + 'static,
    ) -> Result<Directory> {
        let on_repair: Rc<dyn Fn(f64)> = Rc::new(on_repair);
        Directory::open_storage(Storage::Path(path.as_ref().to_owned()), options, Some(on_repair))
    }

    /// Opens (or creates) a directory held by a redb storage backend instead of a file (tests
    /// give backends that fail on purpose). The file is identified, initialized, upgraded and
    /// repaired as [`Directory::open`] does.
    pub fn open_backend(backend: impl redb::StorageBackend, options: Options) -> Result<Directory> {
        Directory::open_storage(Storage::backend(backend), options, None)
    }

    fn open_storage(storage: Storage, options: Options, on_repair: Option<Rc<dyn Fn(f64)>>) -> Result<Directory> {
        let settings = OpenSettings {
            cache_bytes: options.cache_bytes,
            on_repair,
        };
        let opened = store::open(&storage, &settings)?;
        let files = Files::new(&options.files)?;
        Ok(Directory {
            db: Mutex::new(opened.db),
            storage,
            options,
            repaired: opened.repaired,
            files,
        })
    }

    /// Reads a script file (the shell's `.read`, the command line's `-f`) if this
    /// directory's [`FileAccess`] lets statements open it: [`crate::Error::FilesForbidden`]
    /// or [`crate::Error::FileOutside`] otherwise.
    pub fn read_script(&self, path: impl AsRef<Path>) -> Result<String> {
        let path = path.as_ref();
        let real = self.files.read(path)?;
        let io = |e| crate::Error::Io {
            path: path.to_owned(),
            source: e,
        };
        let size = std::fs::metadata(&real).map_err(io)?.len();
        if size > crate::limits::MAX_SCRIPT_BYTES {
            return Err(crate::Error::TooLarge {
                limit: crate::Limit::Script,
                size,
            });
        }
        std::fs::read_to_string(&real).map_err(io)
    }

    /// The file's path (for a backend, the name messages give it).
    pub fn path(&self) -> &Path {
        self.storage.label()
    }

    /// The options it was opened with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Refuses to write `real` (the resolved `path` of an export) when it is this
    /// directory's own file: renaming an export over it would replace the open database.
    pub(crate) fn not_the_database(&self, path: &Path, real: &Path) -> Result<()> {
        let same = match (real.canonicalize(), self.path().canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(crate::Error::DatabaseFile { path: path.to_owned() });
        }
        Ok(())
    }

    /// True when opening the file repaired it after an unclean shutdown.
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// The database; the lock is held only as long as the guard lives (a poisoned lock is
    /// taken over: the database itself latches its failures).
    pub(crate) fn db(&self) -> MutexGuard<'_, redb::Database> {
        self.db.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A read transaction on the committed state (an MVCC snapshot).
    pub(crate) fn begin_read(&self) -> Result<redb::ReadTransaction> {
        let db = self.db();
        shielded(|| Ok(redb::ReadableDatabase::begin_read(&*db)?)).map_err(|e| e.in_file(self.path()))
    }

    /// A write transaction.
    pub(crate) fn begin_write(&self) -> Result<redb::WriteTransaction> {
        let db = self.db();
        shielded(|| Ok(db.begin_write()?)).map_err(|e| e.in_file(self.path()))
    }

    /// A new session acting as the operator.
    pub fn session(&self) -> crate::Session<'_> {
        crate::Session::new(self)
    }

    /// The handles of every tenant (for completion).
    pub fn tenant_handles(&self) -> Result<Vec<String>> {
        let read = self.begin_read()?;
        shielded(|| {
            let tables = store::Tables::new(read);
            Ok(tables.tenants()?.into_iter().map(|t| t.handle).collect())
        })
        .map_err(|e| e.in_file(self.path()))
    }

    /// Compacts the file: moves pages to its start and truncates the free space that bulk
    /// loads leave behind. Needs the directory to itself (no session open). Returns the file
    /// size before and after, in bytes.
    pub fn compact(&mut self) -> Result<(u64, u64)> {
        let size = |storage: &Storage| {
            storage.size().map_err(|e| Error::Io {
                path: storage.label().to_owned(),
                source: e,
            })
        };
        let before = size(&self.storage)?;
        let db = self.db.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        shielded(|| {
            // `compact` itself repeats until a pass moves nothing: calling it again would only
            // visit every page once more.
            db.compact()?;
            Ok(())
        })
        .map_err(|e| e.in_file(self.storage.label()))?;
        Ok((before, size(&self.storage)?))
    }

    /// True when the file holds no tenant yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.tenant_handles()?.is_empty())
    }
}

//! The directory: opening a file, and the operations on tenants, users and groups with their
//! rules. Rights are not checked here but once, by the session, before an operation starts;
//! nothing here parses text.

mod files;
pub mod groups;
pub mod tenants;
pub mod users;

pub use crate::rights::Principal;
pub use files::FileAccess;
pub use users::{Batch, BatchReport};

pub(crate) use files::Files;

use crate::error::Result;
use crate::store;
use std::path::{Path, PathBuf};

/// How to open a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// redb's page cache, in bytes (default 128 MiB).
    pub cache_bytes: usize,
    /// Which files `import`, `export`, `.read` and `-f` may open (default: any).
    pub files: FileAccess,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            cache_bytes: store::DEFAULT_CACHE_BYTES,
            files: FileAccess::Any,
        }
    }
}

/// An open directory file.
pub struct Directory {
    pub(crate) db: redb::Database,
    path: PathBuf,
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
        let path = path.as_ref().to_owned();
        let files = Files::new(&options.files)?;
        let db = store::open(&path, options.cache_bytes)?;
        Ok(Directory { db, path, files })
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

    /// Refuses to write `real` (the resolved `path` of an export) when it is this
    /// directory's own file: renaming an export over it would replace the open database.
    pub(crate) fn not_the_database(&self, path: &Path, real: &Path) -> Result<()> {
        let same = match (real.canonicalize(), self.path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(crate::Error::DatabaseFile { path: path.to_owned() });
        }
        Ok(())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new session acting as the operator.
    pub fn session(&self) -> crate::Session<'_> {
        crate::Session::new(self)
    }

    /// The handles of every tenant (for completion).
    pub fn tenant_handles(&self) -> Result<Vec<String>> {
        let tables = store::Tables::new(redb::ReadableDatabase::begin_read(&self.db)?);
        Ok(tables.tenants()?.into_iter().map(|t| t.handle).collect())
    }

    /// Compacts the file: moves pages to its start and truncates the free space that bulk
    /// loads leave behind. Needs the directory to itself (no session open). Returns the file
    /// size before and after, in bytes.
    pub fn compact(&mut self) -> Result<(u64, u64)> {
        let size = |p: &Path| {
            std::fs::metadata(p).map(|m| m.len()).map_err(|e| crate::Error::Io {
                path: p.to_owned(),
                source: e,
            })
        };
        let before = size(&self.path)?;
        while self
            .db
            .compact()
            .map_err(|e| crate::Error::Format(format!("cannot compact {}: {e}", self.path.display())))?
        {}
        Ok((before, size(&self.path)?))
    }

    /// True when the file holds no tenant yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.tenant_handles()?.is_empty())
    }
}

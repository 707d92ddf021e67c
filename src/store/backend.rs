//! Where a file's bytes live: a path, or any redb [`StorageBackend`] (tests give one that
//! fails at a chosen write). A backend is shared between the read-only look that identifies
//! the file and the writable open that follows, and kept to measure its length.

use redb::{BackendError, StorageBackend};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the directory's bytes live.
#[derive(Debug, Clone)]
pub enum Storage {
    /// A file on disk.
    Path(PathBuf),
    /// A storage backend, with the name messages call it by.
    Backend {
        /// The backend, shared by every open of it.
        backend: Arc<dyn StorageBackend>,
        /// What messages call it.
        label: PathBuf,
    },
}

impl Storage {
    /// A backend, called `(storage backend)` in messages.
    pub fn backend(backend: impl StorageBackend) -> Storage {
        Storage::Backend {
            backend: Arc::new(backend),
            label: PathBuf::from("(storage backend)"),
        }
    }

    /// The path, or the backend's name, for messages.
    pub fn label(&self) -> &Path {
        match self {
            Storage::Path(p) => p,
            Storage::Backend { label, .. } => label,
        }
    }

    /// The size in bytes (0 for a file that does not exist yet).
    pub fn size(&self) -> std::io::Result<u64> {
        match self {
            Storage::Path(p) => match std::fs::metadata(p) {
                Ok(m) => Ok(m.len()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
                Err(e) => Err(e),
            },
            Storage::Backend { backend, .. } => backend.len(),
        }
    }

    /// Opens the storage read-only, without changing it.
    pub(super) fn open_read_only(
        &self,
        builder: &redb::Builder,
    ) -> Result<redb::ReadOnlyDatabase, redb::DatabaseError> {
        match self {
            Storage::Path(p) => builder.open_read_only(p),
            Storage::Backend { backend, .. } => builder.open_read_only_with_backend(Shared(backend.clone())),
        }
    }

    /// Opens the storage for writing, creating a database in it if it is empty.
    pub(super) fn create(&self, builder: &redb::Builder) -> Result<redb::Database, redb::DatabaseError> {
        match self {
            Storage::Path(p) => builder.create(p),
            Storage::Backend { backend, .. } => builder.create_with_backend(Shared(backend.clone())),
        }
    }
}

/// A shared backend, handed to redb once per open.
#[derive(Debug)]
struct Shared(Arc<dyn StorageBackend>);

impl StorageBackend for Shared {
    fn len(&self) -> std::io::Result<u64> {
        self.0.len()
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.0.read(offset, out)
    }

    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.0.set_len(len)
    }

    fn sync_data(&self) -> std::io::Result<()> {
        self.0.sync_data()
    }

    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.0.write(offset, data)
    }

    fn close(&self) -> std::io::Result<()> {
        self.0.close()
    }

    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.0.try_lock_range(start, end)
    }

    fn try_lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.0.try_lock_shared_range(start, end)
    }

    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.0.lock_range(start, end)
    }

    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.0.lock_shared_range(start, end)
    }

    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.0.unlock_range(start, end)
    }

    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.0.query_lock_range(start, end)
    }
}

//! What a commit asks of the disk. [`Counting`] is redb's file backend with a ledger: for
//! each sync it records the bytes written since the previous one, how many separate runs of
//! the file they form, and how long the sync took. [`probe`] times this disk's sync after
//! writing as many 4 KiB pages scattered over a file as large as the database, and in one run,
//! so that the commit's share of an incremental cycle can be read against what the disk does
//! with either pattern.

use super::Res;
use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};
use std::fs::{File, OpenOptions};
use std::io;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The disk's page: the unit the probe writes.
pub const PAGE: u64 = 4096;

/// What one sync made durable, and what was read from the file since the previous sync.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sync {
    /// Bytes written since the previous sync.
    pub bytes: u64,
    /// Separate runs of the file those writes form (adjacent or overlapping writes join).
    pub runs: u64,
    /// How long the sync took.
    pub took: Duration,
    /// Reads from the file since the previous sync (pages redb's cache did not hold).
    pub reads: u64,
    /// How long those reads took.
    pub reading: Duration,
}

impl Sync {
    /// Both summed: what a commit of several syncs asked.
    pub fn plus(self, other: Sync) -> Sync {
        Sync {
            bytes: self.bytes + other.bytes,
            runs: self.runs + other.runs,
            took: self.took + other.took,
            reads: self.reads + other.reads,
            reading: self.reading + other.reading,
        }
    }
}

/// redb's file backend, keeping a ledger of its syncs.
#[derive(Debug)]
pub struct Counting {
    inner: FileBackend,
    ledger: Arc<Mutex<Ledger>>,
}

/// The ledger of a [`Counting`] backend, read while redb holds the backend.
#[derive(Debug, Clone)]
pub struct Syncs(Arc<Mutex<Ledger>>);

#[derive(Debug, Default)]
struct Ledger {
    /// (offset, length) of each write since the last sync.
    writes: Vec<(u64, u64)>,
    /// Reads since the last sync, and their time.
    reads: (u64, Duration),
    syncs: Vec<Sync>,
}

impl Counting {
    /// The backend of the file at `path` (which must exist), and its ledger.
    pub fn open(path: &Path) -> Res<(Counting, Syncs)> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        let ledger = Arc::new(Mutex::new(Ledger::default()));
        let backend = Counting {
            inner: FileBackend::new(file)?,
            ledger: ledger.clone(),
        };
        Ok((backend, Syncs(ledger)))
    }
}

impl Syncs {
    /// The syncs since the last call, oldest first.
    pub fn take(&self) -> Vec<Sync> {
        self.0
            .lock()
            .map(|mut l| std::mem::take(&mut l.syncs))
            .unwrap_or_default()
    }
}

/// The number of separate runs that `writes` cover.
fn runs(writes: &mut [(u64, u64)]) -> u64 {
    writes.sort_unstable();
    let mut runs = 0;
    let mut end = None;
    for &(at, len) in writes.iter() {
        match end {
            Some(e) if at <= e => end = Some(e.max(at + len)),
            _ => {
                runs += 1;
                end = Some(at + len);
            }
        }
    }
    runs
}

impl StorageBackend for Counting {
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let started = Instant::now();
        self.inner.read(offset, out)?;
        let took = started.elapsed();
        if let Ok(mut l) = self.ledger.lock() {
            l.reads.0 += 1;
            l.reads.1 += took;
        }
        Ok(())
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }

    fn sync_data(&self) -> io::Result<()> {
        let started = Instant::now();
        self.inner.sync_data()?;
        let took = started.elapsed();
        if let Ok(mut l) = self.ledger.lock() {
            let bytes = l.writes.iter().map(|w| w.1).sum();
            let runs = runs(&mut l.writes);
            l.writes.clear();
            let (reads, reading) = std::mem::take(&mut l.reads);
            l.syncs.push(Sync {
                bytes,
                runs,
                took,
                reads,
                reading,
            });
        }
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        if let Ok(mut l) = self.ledger.lock() {
            l.writes.push((offset, data.len() as u64));
        }
        self.inner.write(offset, data)
    }

    fn close(&self) -> io::Result<()> {
        self.inner.close()
    }

    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_range(start, end)
    }

    fn try_lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_shared_range(start, end)
    }

    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_range(start, end)
    }

    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_shared_range(start, end)
    }

    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.unlock_range(start, end)
    }

    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.query_lock_range(start, end)
    }
}

/// How the probe lays its pages out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Each page at a random place of the file.
    Scattered,
    /// The pages back to back, at a random place.
    OneRun,
}

/// The median time of `reps` syncs, each after writing `pages` pages laid out as `layout`
/// into a file of `size` bytes in `dir` (seeded: the same places every run).
pub fn probe(dir: &Path, size: u64, pages: u64, layout: Layout, reps: usize) -> Res<Duration> {
    use std::os::unix::fs::FileExt;
    let span = (size / PAGE).max(pages + 1);
    let path = dir.join("disk-probe.bin");
    let file: File = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)?;
    file.set_len(span * PAGE)?;
    let page = vec![0x5au8; PAGE as usize];
    let run = vec![0xa5u8; (pages * PAGE) as usize];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 20) % span
    };
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps.max(1) {
        match layout {
            Layout::Scattered => {
                for _ in 0..pages {
                    file.write_all_at(&page, next() * PAGE)?;
                }
            }
            Layout::OneRun => file.write_all_at(&run, (next() % (span - pages.min(span))) * PAGE)?,
        }
        let started = Instant::now();
        file.sync_data()?;
        times.push(started.elapsed());
    }
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(super::quantile(&mut times, 0.5))
}

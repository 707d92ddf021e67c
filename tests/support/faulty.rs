//! A redb storage backend in memory that fails on purpose: at its Nth write, `set_len` or sync
//! (counted from when it is armed) it either returns an I/O error once (a full disk, EIO) or
//! "loses power": what was not synced is dropped (all of it, or a seeded half of the writes
//! since the last sync, as a disk that reorders writes would keep), and every later call
//! fails. The surviving bytes are then opened again on a reliable disk.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use redb::StorageBackend;
use std::io::{Error, ErrorKind};
use std::sync::{Arc, Mutex, MutexGuard};

/// What happens at the chosen call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The call fails with this error; later calls work (the disk was full for a moment).
    Error(ErrorKind),
    /// The power goes: nothing since the last sync survives, and every later call fails.
    PowerLoss,
    /// The power goes, and of the writes since the last sync a seeded half survive, in any
    /// order (a disk with a volatile write cache); every later call fails.
    TornPowerLoss(u64),
}

impl Fault {
    /// Every kind of fault, for a failure point `k` (errors alternate between a full disk and
    /// EIO; torn power losses take `k` as their seed).
    pub fn all(k: u64) -> [Fault; 3] {
        let error = if k % 2 == 0 {
            ErrorKind::StorageFull
        } else {
            ErrorKind::Other
        };
        [Fault::Error(error), Fault::PowerLoss, Fault::TornPowerLoss(k)]
    }
}

#[derive(Debug, Clone)]
enum Op {
    Write(u64, Vec<u8>),
    SetLen(u64),
}

#[derive(Debug, Default)]
struct State {
    /// What the process sees.
    bytes: Vec<u8>,
    /// What survived the last sync.
    synced: Vec<u8>,
    /// Writes and length changes since the last sync.
    since_sync: Vec<Op>,
    /// Calls that change the disk, counted since it was armed.
    calls: u64,
    /// The call that fails, and how.
    plan: Option<(u64, Fault)>,
    /// The fault that fired.
    fired: Option<Fault>,
    /// The power is gone.
    dead: bool,
}

impl State {
    /// Counts one call that changes the disk; fails it when it is the planned one.
    fn count(&mut self) -> std::io::Result<()> {
        if self.dead {
            return Err(eio());
        }
        let n = self.calls;
        self.calls += 1;
        match self.plan {
            Some((at, fault)) if at == n => {
                self.fired = Some(fault);
                match fault {
                    Fault::Error(kind) => Err(Error::new(kind, "simulated failure")),
                    Fault::PowerLoss | Fault::TornPowerLoss(_) => {
                        self.dead = true;
                        Err(eio())
                    }
                }
            }
            _ => Ok(()),
        }
    }
}

/// A disk in memory, shared by the backends handed to redb and by the test.
#[derive(Debug, Clone, Default)]
pub struct Disk(Arc<Mutex<State>>);

fn eio() -> Error {
    Error::other("the disk is gone (simulated power loss)")
}

impl Disk {
    /// A disk holding `bytes` (synced).
    pub fn new(bytes: Vec<u8>) -> Disk {
        Disk(Arc::new(Mutex::new(State {
            synced: bytes.clone(),
            bytes,
            ..State::default()
        })))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A backend on this disk, for [`mtodir::Directory::open_backend`].
    pub fn backend(&self) -> FaultyBackend {
        FaultyBackend(self.clone())
    }

    /// Counts calls from now on, and makes call number `at` (0-based) fail with `fault`.
    pub fn arm(&self, at: u64, fault: Fault) {
        let mut s = self.state();
        s.calls = 0;
        s.plan = Some((at, fault));
    }

    /// Counts calls from now on, failing none.
    pub fn count(&self) {
        let mut s = self.state();
        s.calls = 0;
        s.plan = None;
    }

    /// The calls counted since the disk was armed.
    pub fn calls(&self) -> u64 {
        self.state().calls
    }

    /// The fault that fired, if one did.
    pub fn fired(&self) -> Option<Fault> {
        self.state().fired
    }

    /// The bytes a reboot finds: after a power loss, what was synced (and, for a torn one,
    /// a seeded half of the writes since); otherwise everything written.
    pub fn surviving(&self) -> Vec<u8> {
        let s = self.state();
        match s.fired {
            Some(Fault::PowerLoss) => s.synced.clone(),
            Some(Fault::TornPowerLoss(seed)) => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut bytes = s.synced.clone();
                for op in &s.since_sync {
                    if rng.random_bool(0.5) {
                        apply(&mut bytes, op);
                    }
                }
                bytes
            }
            _ => s.bytes.clone(),
        }
    }

    /// One call that changes the disk: counted, and failed when it is the planned one.
    fn change(&self, op: Op) -> std::io::Result<()> {
        let mut s = self.state();
        s.count()?;
        apply(&mut s.bytes, &op);
        s.since_sync.push(op);
        Ok(())
    }
}

fn apply(bytes: &mut Vec<u8>, op: &Op) {
    match op {
        Op::Write(offset, data) => {
            let start = *offset as usize;
            if bytes.len() < start + data.len() {
                bytes.resize(start + data.len(), 0);
            }
            bytes[start..start + data.len()].copy_from_slice(data);
        }
        Op::SetLen(len) => bytes.resize(*len as usize, 0),
    }
}

/// The backend redb is handed: every call goes to the shared [`Disk`].
#[derive(Debug)]
pub struct FaultyBackend(Disk);

impl StorageBackend for FaultyBackend {
    fn len(&self) -> std::io::Result<u64> {
        let s = self.0.state();
        if s.dead {
            return Err(eio());
        }
        Ok(s.bytes.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        let s = self.0.state();
        if s.dead {
            return Err(eio());
        }
        let start = usize::try_from(offset).map_err(|_| Error::other("offset out of range"))?;
        let source = s
            .bytes
            .get(start..start + out.len())
            .ok_or_else(|| Error::new(ErrorKind::UnexpectedEof, "read past the end"))?;
        out.copy_from_slice(source);
        Ok(())
    }

    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.0.change(Op::SetLen(len))
    }

    fn sync_data(&self) -> std::io::Result<()> {
        let mut s = self.0.state();
        s.count()?;
        s.synced = s.bytes.clone();
        s.since_sync.clear();
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.0.change(Op::Write(offset, data.to_vec()))
    }
}

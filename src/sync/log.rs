//! A cycle's provisioning log, written as the cycle goes: each entry is numbered on from the
//! log's last and stored when it is made (in the cycle's write transaction, so a cycle that
//! fails stores none), instead of being held until the cycle ends.

use crate::error::Result;
use crate::model::sync::{LogEntry, LogEntryRef};
use crate::store::WriteTables;
use uuid::Uuid;

/// Writes one cycle's log entries in order.
pub(super) struct LogWriter {
    /// The sequence number of the last entry in the log.
    seq: u64,
    /// Entries this cycle wrote.
    written: u64,
    /// The encoding buffer, reused from one entry to the next.
    buf: Vec<u8>,
}

impl LogWriter {
    /// A writer that numbers on from configuration `config`'s last entry.
    pub(super) fn new(w: &WriteTables<'_>, config: &Uuid) -> Result<LogWriter> {
        Ok(LogWriter {
            seq: w.last_log_seq(config)?,
            written: 0,
            buf: Vec::new(),
        })
    }

    /// Numbers `entry` and stores it.
    pub(super) fn put(&mut self, w: &mut WriteTables<'_>, mut entry: LogEntry) -> Result<()> {
        self.seq += 1;
        self.written += 1;
        entry.seq = self.seq;
        w.put_log(&entry, &mut self.buf)
    }

    /// Numbers an entry told by reference and stores it (as the [`LogEntry`] it tells).
    pub(super) fn put_ref(&mut self, w: &mut WriteTables<'_>, mut entry: LogEntryRef<'_>) -> Result<()> {
        self.seq += 1;
        self.written += 1;
        entry.seq = self.seq;
        w.put_log_ref(&entry, &mut self.buf)
    }

    /// Entries this cycle wrote so far.
    pub(super) fn written(&self) -> u64 {
        self.written
    }
}

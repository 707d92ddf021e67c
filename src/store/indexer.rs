//! Where a bulk load's new posting entries go: a [`BulkBuffer`] kept on the writing thread
//! while the load is small, handed to a thread of its own once it is large, so that
//! interning, copying, sorting and spilling the entries run beside the B-tree writes of the
//! users, their keys and the change feed. Either way the entries come back as the same
//! buffer, merged into their postings by the writing thread (redb's tables are not shared
//! across threads).

use super::bulk::BulkBuffer;
use super::index::Posting;
use crate::error::{Error, Result};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A buffer holding this many entries moves to a thread of its own (smaller loads, such as a
/// sync cycle's few creates, never start a thread).
const AWAY_FROM: usize = 64 * 1024;
/// Entries sent to the thread at a time.
const BATCH: usize = 4096;
/// Batches the writing thread may run ahead of the buffer's thread.
const AHEAD: usize = 8;

/// A bulk load's new posting entries, here or on their own thread.
#[derive(Debug)]
pub(super) enum Indexer {
    /// On the writing thread.
    Here(BulkBuffer),
    /// On a thread of its own, fed in batches.
    Away {
        sender: SyncSender<Vec<Posting>>,
        thread: JoinHandle<Result<BulkBuffer>>,
        batch: Vec<Posting>,
    },
}

impl Indexer {
    /// An indexer over an empty buffer, on the writing thread.
    pub(super) fn new(buffer: BulkBuffer) -> Indexer {
        Indexer::Here(buffer)
    }

    /// True when no entry was added.
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Indexer::Here(buffer) => buffer.is_empty(),
            Indexer::Away { .. } => false,
        }
    }

    /// Adds one user's entries.
    pub(super) fn add(&mut self, postings: Vec<Posting>) -> Result<()> {
        match self {
            Indexer::Here(buffer) => {
                for p in &postings {
                    buffer.add(p)?;
                }
                if buffer.len() >= AWAY_FROM {
                    self.move_away();
                }
                Ok(())
            }
            Indexer::Away { sender, batch, .. } => {
                batch.extend(postings);
                if batch.len() >= BATCH {
                    let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
                    if sender.send(full).is_err() {
                        // The thread stopped on an error: finishing tells it.
                        return self.take_error();
                    }
                }
                Ok(())
            }
        }
    }

    /// Moves the buffer to a thread of its own.
    fn move_away(&mut self) {
        let Indexer::Here(buffer) = std::mem::replace(self, Indexer::Here(BulkBuffer::default())) else {
            return;
        };
        let (sender, receiver) = sync_channel::<Vec<Posting>>(AHEAD);
        let thread = std::thread::spawn(move || {
            let mut buffer = buffer;
            for batch in receiver {
                for p in &batch {
                    buffer.add(p)?;
                }
            }
            Ok(buffer)
        });
        *self = Indexer::Away {
            sender,
            thread,
            batch: Vec::with_capacity(BATCH),
        };
    }

    /// The error the buffer's thread stopped on.
    fn take_error(&mut self) -> Result<()> {
        let me = std::mem::replace(self, Indexer::Here(BulkBuffer::default()));
        me.finish()
            .and_then(|_| Err(Error::invalid("the bulk buffer's thread stopped taking entries")))
    }

    /// Every entry added, in one buffer (waiting for the buffer's thread to take the last).
    pub(super) fn finish(self) -> Result<BulkBuffer> {
        match self {
            Indexer::Here(buffer) => Ok(buffer),
            Indexer::Away { sender, thread, batch } => {
                // A send error means the thread stopped on an error, which joining returns.
                let _ = sender.send(batch);
                drop(sender);
                thread.join().unwrap_or_else(|panic| Err(Error::from_panic(&*panic)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::block::Entry;

    /// `users` users' entries, each user a few entries in a few postings, seeded.
    fn entries(users: usize) -> Vec<Vec<Posting>> {
        let mut state = 7u64;
        (0..users)
            .map(|u| {
                (0..5)
                    .map(|i| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let head = format!("h{}|", (state >> 40) % 97);
                        Posting {
                            key: format!("{head}{:06}-{u}-{i}", (state >> 12) % 1_000_000).into_bytes(),
                            value: if i == 0 { vec![b'v'] } else { Vec::new() },
                            head_len: head.len(),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn drained(buffer: BulkBuffer) -> Vec<(Vec<u8>, Vec<Entry>)> {
        buffer.into_sorted().unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn a_buffer_moved_to_its_thread_gives_what_it_would_have_given_here() {
        let users = entries(AWAY_FROM / 5 + 3 * BATCH);
        let mut here = BulkBuffer::spilling_at(50_000);
        let mut indexer = Indexer::new(BulkBuffer::spilling_at(50_000));
        for postings in &users {
            for p in postings {
                here.add(p).unwrap();
            }
            indexer.add(postings.clone()).unwrap();
        }
        assert!(
            matches!(indexer, Indexer::Away { .. }),
            "the load is large enough to move"
        );
        let away = indexer.finish().unwrap();
        assert_eq!(away.len(), here.len());
        let counts = |b: &BulkBuffer| b.added().map(|(h, n)| (h.to_vec(), n)).collect::<Vec<_>>();
        assert_eq!(counts(&away), counts(&here));
        assert_eq!(drained(away), drained(here));
    }

    #[test]
    fn a_small_load_stays_on_the_writing_thread() {
        let mut indexer = Indexer::new(BulkBuffer::default());
        assert!(indexer.is_empty());
        for postings in entries(100) {
            indexer.add(postings).unwrap();
        }
        assert!(matches!(indexer, Indexer::Here(_)));
        assert!(!indexer.is_empty());
        assert_eq!(indexer.finish().unwrap().len(), 500);
    }
}

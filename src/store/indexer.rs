//! Where a bulk load's new posting entries go: a [`BulkBuffer`] kept on the writing thread
//! while the load is small, handed to a thread of its own once it is large, so that
//! interning, copying, sorting and spilling the entries run beside the B-tree writes of the
//! users, their keys and the change feed. Either way the entries come back as the same
//! buffer, merged into their postings by the writing thread (redb's tables are not shared
//! across threads).

use super::block::Entry;
use super::bulk::BulkBuffer;
use super::index::Posting;
use crate::error::{Error, Result};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A buffer holding this many entries moves to a thread of its own (smaller loads, such as a
/// sync cycle's few creates, never start a thread).
const AWAY_FROM: usize = 64 * 1024;
/// Entries sent to the thread at a time.
const BATCH: usize = 4096;
/// Batches the writing thread may run ahead of the buffer's thread (and back).
const AHEAD: usize = 8;
/// About how many entries the buffer's thread hands back at a time.
const GROUPS_BATCH: usize = 64 * 1024;

/// One posting's new entries: its head, and the entries sorted by position.
pub(super) type Group = (Vec<u8>, Vec<Entry>);

/// What the buffer's thread sends back once the load is over.
#[derive(Debug)]
pub(super) enum Back {
    /// Each posting's head with the number of entries added to it (sent first).
    Added(Vec<(Vec<u8>, u64)>),
    /// The next postings, in key order.
    Groups(Vec<Group>),
    /// Why the thread stopped.
    Failed(Error),
}

/// A bulk load's new posting entries, here or on their own thread.
#[derive(Debug)]
pub(super) enum Indexer {
    /// On the writing thread.
    Here(BulkBuffer),
    /// On a thread of its own, fed in batches.
    Away {
        sender: SyncSender<Vec<Posting>>,
        back: Receiver<Back>,
        thread: JoinHandle<()>,
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
                        let me = std::mem::replace(self, Indexer::Here(BulkBuffer::default()));
                        return me
                            .finish()
                            .and_then(|_| Err(Error::invalid("the bulk buffer's thread stopped taking entries")));
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
        let (to_writer, back) = sync_channel::<Back>(AHEAD);
        let thread = std::thread::spawn(move || away(buffer, &receiver, &to_writer));
        *self = Indexer::Away {
            sender,
            back,
            thread,
            batch: Vec::with_capacity(BATCH),
        };
    }

    /// Ends the load: the count added to each posting, and the postings' new entries in key
    /// order. On its own thread the buffer sorts and merges while the writing thread goes on
    /// (it writes the UPNs meanwhile) and takes the postings as they come.
    pub(super) fn finish(self) -> Result<Sorted> {
        match self {
            Indexer::Here(buffer) => {
                let added = buffer.added().map(|(h, n)| (h.to_vec(), n)).collect();
                Ok(Sorted {
                    added,
                    groups: Groups::Here(buffer.into_sorted()?),
                })
            }
            Indexer::Away {
                sender,
                back,
                thread,
                batch,
            } => {
                // A send error means the thread stopped on an error, which it sent back.
                let _ = sender.send(batch);
                drop(sender);
                let mut groups = Groups::Away {
                    back,
                    batch: Vec::new().into_iter(),
                    thread: Some(thread),
                };
                match groups.receive() {
                    Some(Ok(Back::Added(added))) => Ok(Sorted { added, groups }),
                    Some(Ok(other)) => Err(Error::invalid(format!(
                        "the bulk buffer's thread answered out of order ({})",
                        match other {
                            Back::Groups(_) => "postings before their counts",
                            Back::Added(_) | Back::Failed(_) => "an unexpected message",
                        }
                    ))),
                    Some(Err(e)) => Err(e),
                    None => Err(Error::invalid("the bulk buffer's thread ended without an answer")),
                }
            }
        }
    }
}

/// The buffer's own thread: takes entries until the writing thread says the load is over,
/// then sends back the counts and the sorted postings (or the error it stopped on).
fn away(mut buffer: BulkBuffer, receiver: &Receiver<Vec<Posting>>, back: &SyncSender<Back>) {
    let taken = receiver
        .iter()
        .try_for_each(|batch| batch.iter().try_for_each(|p| buffer.add(p)));
    if let Err(e) = taken {
        let _ = back.send(Back::Failed(e));
        return;
    }
    let added = buffer.added().map(|(h, n)| (h.to_vec(), n)).collect();
    if back.send(Back::Added(added)).is_err() {
        return;
    }
    let sorted = match buffer.into_sorted() {
        Ok(sorted) => sorted,
        Err(e) => {
            let _ = back.send(Back::Failed(e));
            return;
        }
    };
    let (mut groups, mut entries) = (Vec::new(), 0);
    for group in sorted {
        match group {
            Ok(group) => {
                entries += group.1.len();
                groups.push(group);
                if entries >= GROUPS_BATCH {
                    entries = 0;
                    if back.send(Back::Groups(std::mem::take(&mut groups))).is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                let _ = back.send(Back::Failed(e));
                return;
            }
        }
    }
    if !groups.is_empty() {
        let _ = back.send(Back::Groups(groups));
    }
}

/// A finished load's entries: the counts, then the postings in key order.
#[derive(Debug)]
pub(super) struct Sorted {
    /// Each posting's head with the number of entries added to it.
    pub(super) added: Vec<(Vec<u8>, u64)>,
    /// The postings' new entries, in key order.
    pub(super) groups: Groups,
}

/// The postings of a finished load, from the writing thread's buffer or from the buffer's
/// own thread.
#[derive(Debug)]
pub(super) enum Groups {
    /// Merged on the writing thread.
    Here(super::bulk::SortedBuffer),
    /// Merged on the buffer's thread and received in batches.
    Away {
        back: Receiver<Back>,
        batch: std::vec::IntoIter<Group>,
        thread: Option<JoinHandle<()>>,
    },
}

impl Groups {
    /// The next message of the buffer's thread; `None` once it has ended well.
    fn receive(&mut self) -> Option<Result<Back>> {
        let Groups::Away { back, thread, .. } = self else {
            return None;
        };
        match back.recv() {
            Ok(Back::Failed(e)) => Some(Err(e)),
            Ok(message) => Some(Ok(message)),
            Err(_) => match thread.take().map(JoinHandle::join) {
                Some(Err(panic)) => Some(Err(Error::from_panic(&*panic))),
                Some(Ok(())) | None => None,
            },
        }
    }
}

impl Iterator for Groups {
    type Item = Result<Group>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Groups::Away { batch, .. } = self {
                if let Some(group) = batch.next() {
                    return Some(Ok(group));
                }
            }
            if let Groups::Here(sorted) = self {
                return sorted.next();
            }
            match self.receive()? {
                Ok(Back::Groups(groups)) => {
                    if let Groups::Away { batch, .. } = self {
                        *batch = groups.into_iter();
                    }
                }
                Ok(Back::Added(_)) => {
                    return Some(Err(Error::invalid("the bulk buffer's thread sent its counts twice")));
                }
                Ok(Back::Failed(e)) | Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn drained(buffer: BulkBuffer) -> Vec<Group> {
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
        let counts: Vec<(Vec<u8>, u64)> = here.added().map(|(h, n)| (h.to_vec(), n)).collect();
        assert_eq!(away.added, counts);
        let groups: Vec<Group> = away.groups.map(Result::unwrap).collect();
        assert_eq!(groups, drained(here));
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
        let sorted = indexer.finish().unwrap();
        assert_eq!(sorted.added.iter().map(|(_, n)| n).sum::<u64>(), 500);
        assert_eq!(sorted.groups.map(|g| g.unwrap().1.len()).sum::<usize>(), 500);
    }
}

//! Where a bulk load's new posting entries go: a [`BulkBuffer`] kept on the writing thread
//! while the load is small, handed to a thread of its own once it is large, so that
//! interning, copying, sorting and spilling the entries run beside the B-tree writes of the
//! users, their keys and the change feed. Either way the entries come back as the same
//! buffer, merged into their postings by the writing thread (redb's tables are not shared
//! across threads).
//!
//! A load can hand over users instead of entries ([`Indexer::add_user`]): once the buffer has
//! its thread, that thread derives their entries too, so the writing thread of a sync cycle's
//! creates derives only the users' keys.

use super::block::Entry;
use super::bulk::BulkBuffer;
use super::index::{self, Posting};
use crate::error::{Error, Result};
use crate::model::User;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A buffer holding this many entries moves to a thread of its own (smaller loads, such as a
/// sync cycle's few creates, never start a thread).
const AWAY_FROM: usize = 64 * 1024;
/// Entries sent to the thread at a time.
const BATCH: usize = 4096;
/// Users sent to the thread at a time (a user has some thirty entries).
const USERS_BATCH: usize = 128;
/// Batches the writing thread may run ahead of the buffer's thread (and back).
const AHEAD: usize = 8;
/// About how many entries the buffer's thread hands back at a time.
const GROUPS_BATCH: usize = 64 * 1024;

/// One posting's new entries: its head, and the entries sorted by position.
pub(super) type Group = (Vec<u8>, Vec<Entry>);

/// What the writing thread sends the buffer's thread at a time: entries, and users whose
/// entries that thread derives.
#[derive(Debug, Default)]
pub(super) struct Batch {
    postings: Vec<Posting>,
    users: Vec<User>,
}

impl Batch {
    /// An empty batch with room for as many entries and users as `full` holds (a load
    /// sends batches of one shape: growing each from empty would copy it on the way).
    fn room_of(full: &Batch) -> Batch {
        Batch {
            postings: Vec::with_capacity(full.postings.len()),
            users: Vec::with_capacity(full.users.len()),
        }
    }

    fn is_full(&self) -> bool {
        self.postings.len() >= BATCH || self.users.len() >= USERS_BATCH
    }

    /// Adds the batch's entries, and those of its users, to `buffer`.
    fn add_to(&self, buffer: &mut BulkBuffer) -> Result<()> {
        self.postings.iter().try_for_each(|p| buffer.add(p))?;
        for user in &self.users {
            index::derive(user).postings.iter().try_for_each(|p| buffer.add(p))?;
        }
        Ok(())
    }
}

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
        sender: SyncSender<Batch>,
        back: Receiver<Back>,
        thread: JoinHandle<()>,
        batch: Batch,
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
                self.move_away_if_large();
                Ok(())
            }
            Indexer::Away { batch, .. } => {
                batch.postings.extend(postings);
                self.send_if_full()
            }
        }
    }

    /// Adds the entries of a new user (`index::derive(user)`'s), derived on the buffer's
    /// thread once it has one (the user is copied to it; here, only derived).
    pub(super) fn add_user(&mut self, user: &User) -> Result<()> {
        match self {
            Indexer::Here(buffer) => {
                for p in &index::derive(user).postings {
                    buffer.add(p)?;
                }
                self.move_away_if_large();
                Ok(())
            }
            Indexer::Away { batch, .. } => {
                batch.users.push(user.clone());
                self.send_if_full()
            }
        }
    }

    fn move_away_if_large(&mut self) {
        if let Indexer::Here(buffer) = self {
            if buffer.len() >= AWAY_FROM {
                self.move_away();
            }
        }
    }

    /// Sends a full batch to the buffer's thread.
    fn send_if_full(&mut self) -> Result<()> {
        let Indexer::Away { sender, batch, .. } = self else {
            return Ok(());
        };
        if !batch.is_full() {
            return Ok(());
        }
        let next = Batch::room_of(batch);
        if sender.send(std::mem::replace(batch, next)).is_ok() {
            return Ok(());
        }
        // The thread stopped on an error: finishing tells it.
        let me = std::mem::replace(self, Indexer::Here(BulkBuffer::default()));
        me.finish()
            .and_then(|_| Err(Error::invalid("the bulk buffer's thread stopped taking entries")))
    }

    /// Moves the buffer to a thread of its own.
    fn move_away(&mut self) {
        let Indexer::Here(buffer) = std::mem::replace(self, Indexer::Here(BulkBuffer::default())) else {
            return;
        };
        let (sender, receiver) = sync_channel::<Batch>(AHEAD);
        let (to_writer, back) = sync_channel::<Back>(AHEAD);
        let thread = std::thread::spawn(move || away(buffer, &receiver, &to_writer));
        *self = Indexer::Away {
            sender,
            back,
            thread,
            batch: Batch::default(),
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

/// The buffer's own thread: takes entries (and derives those of users) until the writing
/// thread says the load is over, then sends back the counts and the sorted postings (or the
/// error it stopped on).
fn away(mut buffer: BulkBuffer, receiver: &Receiver<Batch>, back: &SyncSender<Back>) {
    let taken = receiver.iter().try_for_each(|batch| batch.add_to(&mut buffer));
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
        gives_what_here_gives(indexer, here);
    }

    /// Checks that `indexer` is on its thread and gives the counts and postings of `here`.
    fn gives_what_here_gives(indexer: Indexer, here: BulkBuffer) {
        assert!(
            matches!(indexer, Indexer::Away { .. }),
            "the load is large enough to move to a thread"
        );
        let away = indexer.finish().unwrap();
        let counts: Vec<(Vec<u8>, u64)> = here.added().map(|(h, n)| (h.to_vec(), n)).collect();
        assert_eq!(away.added, counts);
        let groups: Vec<Group> = away.groups.map(Result::unwrap).collect();
        assert_eq!(groups, drained(here));
    }

    /// `n` users with a few words each, numbered from 1.
    fn users(n: u32) -> Vec<User> {
        use crate::model::{ObjOrd, TenantOrd};
        (1..=n)
            .map(|i| {
                let mut u = User::new(
                    uuid::Uuid::from_u128(u128::from(i)),
                    ObjOrd(i),
                    TenantOrd(1),
                    &format!("user{i}@a.example"),
                    0,
                );
                u.given_name = Some(format!("Given{}", i % 89));
                u.surname = Some(format!("Surname{}", i % 97));
                u.display_name = Some(format!("Given{} Surname{}", i % 89, i % 97));
                u.job_title = Some(format!("Title {}", i % 7));
                u.apply_defaults();
                u
            })
            .collect()
    }

    #[test]
    fn users_handed_over_give_the_entries_derived_from_them() {
        let users = users(6000);
        let mut derived = BulkBuffer::spilling_at(50_000);
        let mut indexer = Indexer::new(BulkBuffer::spilling_at(50_000));
        for (i, user) in users.iter().enumerate() {
            for p in &index::derive(user).postings {
                derived.add(p).unwrap();
            }
            // Entries and users mixed, as a load may mix them.
            if i % 3 == 0 {
                indexer.add(index::derive(user).postings).unwrap();
            } else {
                indexer.add_user(user).unwrap();
            }
        }
        gives_what_here_gives(indexer, derived);
    }

    #[test]
    fn a_few_users_are_derived_on_the_writing_thread() {
        let mut indexer = Indexer::new(BulkBuffer::default());
        let users = users(10);
        for user in &users {
            indexer.add_user(user).unwrap();
        }
        assert!(matches!(indexer, Indexer::Here(_)));
        let expected: usize = users.iter().map(|u| index::derive(u).postings.len()).sum();
        let sorted = indexer.finish().unwrap();
        assert_eq!(sorted.groups.map(|g| g.unwrap().1.len()).sum::<usize>(), expected);
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

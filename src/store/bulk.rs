//! The bulk-load buffer: new posting entries held compactly (their bytes back to back, their
//! postings' heads interned) until they are merged into their postings in key order.
//! Interning the heads makes sorting compare a head's rank and the first eight bytes of a
//! position before it ever compares bytes, and gives each posting's count delta for free.
//!
//! Entries arrive in chunks: each full chunk is sorted and *sealed* as a run in memory, so a
//! load that feeds the buffer on a thread of its own ([`super::indexer`]) sorts while the
//! users are still being written, not after. When the memory is full the sealed runs are
//! spilled to temporary files; at the end the runs, in files and in memory, are merged
//! (k-way, by head then position), so every posting is written once, in full blocks, however
//! large the load: nothing is rewritten and memory stays bounded.

use super::block::Entry;
use super::index::Posting;
use crate::error::{Error, Result};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// One buffered entry: its posting, where its bytes are, and its position's first 8 bytes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    head: u32,
    /// The position's first eight bytes, big-endian, zero-padded: orders most pairs alone.
    prefix: u64,
    start: u32,
    pos_len: u32,
    value_len: u32,
}

/// New posting entries of a bulk load, not yet in their postings.
#[derive(Debug)]
pub struct BulkBuffer {
    /// Every head seen in this load (ids stay valid across spills).
    heads: Vec<Vec<u8>>,
    ids: HashMap<Vec<u8>, u32>,
    /// Entries added per head id.
    added: Vec<u64>,
    /// The entries not yet sorted.
    chunk: Chunk,
    /// Sorted runs in memory.
    sealed: Vec<Chunk>,
    /// Sorted runs spilled to temporary files.
    runs: Vec<Run>,
    /// Spill when the memory holds this many bytes or entries.
    limits: (usize, usize),
    /// Seal the chunk when it holds this many entries.
    seal_at: usize,
}

/// Entries back to back: their positions and values in `bytes`, their slots in `slots`.
#[derive(Debug, Default)]
struct Chunk {
    bytes: Vec<u8>,
    slots: Vec<Slot>,
}

impl Chunk {
    /// An empty chunk with room for `bytes` bytes and `slots` entries.
    fn with_capacity(bytes: usize, slots: usize) -> Chunk {
        Chunk {
            bytes: Vec::with_capacity(bytes),
            slots: Vec::with_capacity(slots),
        }
    }

    /// The bytes of a slot's position.
    fn pos(&self, s: &Slot) -> &[u8] {
        &self.bytes[s.start as usize..s.start as usize + s.pos_len as usize]
    }

    /// The bytes of a slot's value.
    fn value(&self, s: &Slot) -> &[u8] {
        let at = s.start as usize + s.pos_len as usize;
        &self.bytes[at..at + s.value_len as usize]
    }

    /// Sorts the slots by head rank, then position.
    fn sort(&mut self, rank: &[u32]) {
        let bytes = &self.bytes;
        let pos = |s: &Slot| &bytes[s.start as usize..s.start as usize + s.pos_len as usize];
        self.slots.sort_unstable_by(|a, b| {
            (rank[a.head as usize], a.prefix)
                .cmp(&(rank[b.head as usize], b.prefix))
                .then_with(|| pos(a).cmp(pos(b)))
        });
    }
}

/// The buffer spills when its bytes reach this size (or its entries [`SPILL_ENTRIES`]).
const SPILL_BYTES: usize = 384 << 20;
/// The buffer spills when it holds this many entries (unless told another number).
pub const SPILL_ENTRIES: usize = 6 << 20;
/// A chunk is sorted and sealed when it holds this many entries.
const SEAL_ENTRIES: usize = 1 << 20;

impl Default for BulkBuffer {
    fn default() -> Self {
        BulkBuffer::with_limits(SPILL_BYTES, SPILL_ENTRIES)
    }
}

/// A sorted run in a temporary file: records of head id, position length, value length
/// (three little-endian u32), position, value.
#[derive(Debug)]
struct Run {
    file: File,
    records: u64,
}

fn spill_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("(temporary file of a bulk load)"),
        source,
    }
}

impl BulkBuffer {
    /// A buffer that spills at `entries` entries (or at the default number of bytes).
    pub fn spilling_at(entries: usize) -> BulkBuffer {
        BulkBuffer::with_limits(SPILL_BYTES, entries.max(1))
    }

    /// A buffer that spills at `bytes` bytes or `entries` entries.
    pub fn with_limits(bytes: usize, entries: usize) -> BulkBuffer {
        BulkBuffer {
            heads: Vec::new(),
            ids: HashMap::new(),
            added: Vec::new(),
            chunk: Chunk::default(),
            sealed: Vec::new(),
            runs: Vec::new(),
            limits: (bytes, entries),
            seal_at: SEAL_ENTRIES,
        }
    }

    /// The same buffer, sealing a sorted run in memory every `entries` entries.
    #[cfg(test)]
    pub fn sealing_at(mut self, entries: usize) -> BulkBuffer {
        self.seal_at = entries.max(1);
        self
    }

    /// Puts one entry in memory (an error only if the memory part would pass 4 GiB, which
    /// spilling prevents for any real entry).
    fn push(&mut self, p: &Posting) -> Result<()> {
        let too_large = |_| Error::invalid("a bulk load's index entries passed 4 GiB before a flush");
        let head = p.head();
        let id = match self.ids.get(head) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.heads.len()).map_err(too_large)?;
                self.heads.push(head.to_vec());
                self.ids.insert(head.to_vec(), id);
                self.added.push(0);
                id
            }
        };
        self.added[id as usize] += 1;
        let pos = &p.key[p.head_len..];
        let mut prefix = [0u8; 8];
        let n = pos.len().min(8);
        prefix[..n].copy_from_slice(&pos[..n]);
        let chunk = &mut self.chunk;
        let start = u32::try_from(chunk.bytes.len()).map_err(too_large)?;
        let pos_len = u32::try_from(pos.len()).map_err(too_large)?;
        let value_len = u32::try_from(p.value.len()).map_err(too_large)?;
        u32::try_from(chunk.bytes.len() + pos.len() + p.value.len()).map_err(too_large)?;
        chunk.bytes.extend_from_slice(pos);
        chunk.bytes.extend_from_slice(&p.value);
        chunk.slots.push(Slot {
            head: id,
            prefix: u64::from_be_bytes(prefix),
            start,
            pos_len,
            value_len,
        });
        Ok(())
    }

    /// Adds one entry: a full chunk is sealed, a full memory spilled to files.
    pub fn add(&mut self, p: &Posting) -> Result<()> {
        self.push(p)?;
        let in_memory = |f: fn(&Chunk) -> usize| f(&self.chunk) + self.sealed.iter().map(f).sum::<usize>();
        if in_memory(|c| c.bytes.len()) >= self.limits.0 || in_memory(|c| c.slots.len()) >= self.limits.1 {
            self.spill()?;
        } else if self.chunk.slots.len() >= self.seal_at {
            self.seal();
        }
        Ok(())
    }

    /// How many entries were added (in memory and spilled).
    pub fn len(&self) -> usize {
        let spilled: u64 = self.runs.iter().map(|r| r.records).sum();
        let in_memory: usize = self.sealed.iter().map(|c| c.slots.len()).sum();
        self.chunk.slots.len() + in_memory + usize::try_from(spilled).unwrap_or(usize::MAX)
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sorts the chunk and keeps it as a run in memory.
    fn seal(&mut self) {
        if self.chunk.slots.is_empty() {
            return;
        }
        // Heads seen later rank between these, never reorder them: a sealed run stays sorted.
        let rank = self.ranks();
        // The next chunk starts with the room this one took: growing it from empty would copy
        // it over and over, and hand the allocator's freed blocks back to be faulted in again.
        let (bytes, slots) = (self.chunk.bytes.len(), self.chunk.slots.len());
        let mut chunk = std::mem::replace(&mut self.chunk, Chunk::with_capacity(bytes, slots));
        chunk.sort(&rank);
        self.sealed.push(chunk);
    }

    /// The ranks of the heads: their positions in byte order.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.heads.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.heads[a as usize].cmp(&self.heads[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }

    /// Writes every sorted run in memory (the chunk sealed first) to a temporary file of its
    /// own, and empties the memory.
    fn spill(&mut self) -> Result<()> {
        self.seal();
        for chunk in std::mem::take(&mut self.sealed) {
            let mut out = BufWriter::with_capacity(1 << 20, tempfile::tempfile().map_err(spill_error)?);
            for s in &chunk.slots {
                let end = s.start as usize + s.pos_len as usize + s.value_len as usize;
                out.write_all(&s.head.to_le_bytes()).map_err(spill_error)?;
                out.write_all(&s.pos_len.to_le_bytes()).map_err(spill_error)?;
                out.write_all(&s.value_len.to_le_bytes()).map_err(spill_error)?;
                out.write_all(&chunk.bytes[s.start as usize..end])
                    .map_err(spill_error)?;
            }
            let mut file = out.into_inner().map_err(|e| spill_error(e.into_error()))?;
            file.seek(SeekFrom::Start(0)).map_err(spill_error)?;
            self.runs.push(Run {
                file,
                records: chunk.slots.len() as u64,
            });
            // A spilled chunk's memory becomes the next chunk's, if it has more room.
            if chunk.slots.capacity() > self.chunk.slots.capacity() {
                let mut reused = chunk;
                reused.bytes.clear();
                reused.slots.clear();
                self.chunk = reused;
            }
        }
        Ok(())
    }

    /// Each posting's head with the number of entries added to it.
    pub fn added(&self) -> impl Iterator<Item = (&[u8], u64)> {
        self.heads.iter().map(Vec::as_slice).zip(self.added.iter().copied())
    }

    /// The buffered entries (spilled runs and memory merged), grouped by posting in key
    /// order, each group sorted by position.
    pub fn into_sorted(mut self) -> Result<SortedBuffer> {
        self.seal();
        let rank = self.ranks();
        let mut sources = Vec::with_capacity(self.runs.len() + self.sealed.len());
        for run in std::mem::take(&mut self.runs) {
            sources.push(Source::Run {
                reader: BufReader::with_capacity(1 << 16, run.file),
                left: run.records,
            });
        }
        sources.extend((0..self.sealed.len()).map(|run| Source::Memory { run, at: 0 }));
        let mut sorted = SortedBuffer {
            heads: self.heads,
            added: self.added,
            rank,
            memory: self.sealed,
            sources,
            heap: BinaryHeap::new(),
        };
        for i in 0..sorted.sources.len() {
            sorted.refill(i)?;
        }
        Ok(sorted)
    }
}

/// Where merged records come from.
#[derive(Debug)]
enum Source {
    Run { reader: BufReader<File>, left: u64 },
    Memory { run: usize, at: usize },
}

/// One record waiting in the merge: ordered by head rank, position, then source.
type Waiting = Reverse<(u32, Vec<u8>, usize, u32, Vec<u8>)>;

/// A sorted buffer, handed out one posting at a time.
#[derive(Debug)]
pub struct SortedBuffer {
    heads: Vec<Vec<u8>>,
    /// Entries per head id: how many each group holds.
    added: Vec<u64>,
    rank: Vec<u32>,
    /// The sorted runs in memory.
    memory: Vec<Chunk>,
    sources: Vec<Source>,
    /// The next record of each source that has one: (rank, position, source, head, value).
    heap: BinaryHeap<Waiting>,
}

impl SortedBuffer {
    /// Reads source `i`'s next record into the heap.
    fn refill(&mut self, i: usize) -> Result<()> {
        let record = match &mut self.sources[i] {
            Source::Memory { run, at } => {
                let chunk = &self.memory[*run];
                chunk.slots.get(*at).map(|s| {
                    *at += 1;
                    (s.head, chunk.pos(s).to_vec(), chunk.value(s).to_vec())
                })
            }
            Source::Run { reader, left } => {
                if *left == 0 {
                    None
                } else {
                    *left -= 1;
                    let mut header = [0u8; 12];
                    reader.read_exact(&mut header).map_err(spill_error)?;
                    let word = |k: usize| u32::from_le_bytes([header[k], header[k + 1], header[k + 2], header[k + 3]]);
                    let mut pos = vec![0u8; word(4) as usize];
                    let mut value = vec![0u8; word(8) as usize];
                    reader.read_exact(&mut pos).map_err(spill_error)?;
                    reader.read_exact(&mut value).map_err(spill_error)?;
                    Some((word(0), pos, value))
                }
            }
        };
        if let Some((head, pos, value)) = record {
            let rank = *self.rank.get(head as usize).ok_or_else(|| {
                spill_error(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "unknown posting head",
                ))
            })?;
            self.heap.push(Reverse((rank, pos, i, head, value)));
        }
        Ok(())
    }
}

impl Iterator for SortedBuffer {
    /// A posting's head and its new entries, sorted by position.
    type Item = Result<(Vec<u8>, Vec<Entry>)>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((rank, _, _, head, _)) = self.heap.peek()?;
        let (rank, head) = (*rank, *head);
        let size = self.added.get(head as usize).copied().unwrap_or(0);
        let mut entries = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        while let Some(Reverse((r, ..))) = self.heap.peek() {
            if *r != rank {
                break;
            }
            let Some(Reverse((_, pos, source, _, value))) = self.heap.pop() else {
                break;
            };
            entries.push(Entry { pos, value });
            if let Err(e) = self.refill(source) {
                return Some(Err(e));
            }
        }
        Some(Ok((std::mem::take(&mut self.heads[head as usize]), entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(head: &str, pos: &str, value: &str) -> Posting {
        Posting {
            key: format!("{head}{pos}").into_bytes(),
            value: value.as_bytes().to_vec(),
            head_len: head.len(),
        }
    }

    #[test]
    fn entries_come_out_by_head_then_position_with_their_values() {
        let mut buffer = BulkBuffer::default();
        for (h, p, v) in [
            ("t2|", "zed", ""),
            ("t1|", "abcdefghij2", "x"),
            ("t1|", "abcdefghij1", ""),
            ("t1|", "ab", "y"),
            ("t2|", "a", ""),
        ] {
            buffer.add(&posting(h, p, v)).unwrap();
        }
        let added: Vec<(String, u64)> = buffer
            .added()
            .map(|(h, n)| (String::from_utf8_lossy(h).into_owned(), n))
            .collect();
        assert_eq!(added, vec![("t2|".to_owned(), 2), ("t1|".to_owned(), 3)]);
        let groups: Vec<(String, Vec<(String, String)>)> = buffer
            .into_sorted()
            .unwrap()
            .map(|group| {
                let (h, entries) = group.unwrap();
                let entries = entries
                    .into_iter()
                    .map(|e| (String::from_utf8(e.pos).unwrap(), String::from_utf8(e.value).unwrap()))
                    .collect();
                (String::from_utf8(h).unwrap(), entries)
            })
            .collect();
        let text = |items: &[(&str, &str)]| -> Vec<(String, String)> {
            items.iter().map(|(p, v)| ((*p).to_owned(), (*v).to_owned())).collect()
        };
        assert_eq!(
            groups,
            vec![
                (
                    "t1|".to_owned(),
                    text(&[("ab", "y"), ("abcdefghij1", ""), ("abcdefghij2", "x")])
                ),
                ("t2|".to_owned(), text(&[("a", ""), ("zed", "")])),
            ]
        );
    }

    #[test]
    fn a_position_that_is_a_prefix_of_another_sorts_first() {
        let mut buffer = BulkBuffer::default();
        buffer.add(&posting("h", "ab\0c", "")).unwrap();
        buffer.add(&posting("h", "ab", "")).unwrap();
        let (_, entries) = buffer.into_sorted().unwrap().next().unwrap().unwrap();
        assert_eq!(entries[0].pos, b"ab");
        assert_eq!(entries[1].pos, b"ab\0c");
    }

    #[test]
    fn spilled_runs_and_memory_merge_into_one_sorted_stream() {
        // Spill every 7 entries: a few hundred entries make dozens of runs, heads first seen
        // in later runs included.
        let mut buffer = BulkBuffer::with_limits(usize::MAX, 7);
        let mut expected: Vec<(String, String, String)> = Vec::new();
        let mut state = 12345u64;
        for i in 0..300 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let head = format!("h{}|", (state >> 33) % (5 + i / 30));
            let pos = format!("{:08}-{i}", (state >> 13) % 100_000);
            let value = if i % 3 == 0 { format!("v{i}") } else { String::new() };
            buffer.add(&posting(&head, &pos, &value)).unwrap();
            expected.push((head, pos, value));
        }
        assert!(buffer.runs.len() > 30);
        expected.sort();
        let mut got = Vec::new();
        let mut heads_seen = Vec::new();
        for group in buffer.into_sorted().unwrap() {
            let (head, entries) = group.unwrap();
            let head = String::from_utf8(head).unwrap();
            assert!(!heads_seen.contains(&head), "{head} came out twice");
            heads_seen.push(head.clone());
            for e in entries {
                got.push((
                    head.clone(),
                    String::from_utf8(e.pos).unwrap(),
                    String::from_utf8(e.value).unwrap(),
                ));
            }
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn runs_sealed_in_memory_and_spilled_merge_like_one_sort() {
        let drain = |mut buffer: BulkBuffer, state: &mut u64| {
            for i in 0..500u64 {
                *state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Heads keep arriving: later runs rank heads the earlier ones never saw.
                let head = format!("h{}|", (*state >> 33) % (3 + i / 20));
                let value = if i % 4 == 0 { format!("v{i}") } else { String::new() };
                buffer
                    .add(&posting(&head, &format!("{:05}-{i}", (*state >> 13) % 10_000), &value))
                    .unwrap();
            }
            let sealed = buffer.sealed.len();
            let groups: Vec<(Vec<u8>, Vec<Entry>)> = buffer.into_sorted().unwrap().map(Result::unwrap).collect();
            (groups, sealed)
        };
        let (one_sort, _) = drain(BulkBuffer::default(), &mut 99);
        let (sealed, kept) = drain(BulkBuffer::default().sealing_at(9), &mut 99);
        assert!(kept > 40, "runs sealed in memory: {kept}");
        assert_eq!(sealed, one_sort);
        let (mixed, _) = drain(BulkBuffer::with_limits(usize::MAX, 100).sealing_at(7), &mut 99);
        assert_eq!(mixed, one_sort);
    }
}

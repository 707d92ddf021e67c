//! The bulk-load buffer: new posting entries held compactly (their bytes back to back, their
//! postings' heads interned) until they are sorted and merged into their postings in key
//! order. Interning the heads makes sorting compare a head's rank and the first eight bytes of
//! a position before it ever compares bytes, and gives each posting's count delta for free.

use super::block::Entry;
use super::index::Posting;
use crate::error::{Error, Result};
use std::collections::HashMap;

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
#[derive(Debug, Default)]
pub struct BulkBuffer {
    heads: Vec<Vec<u8>>,
    ids: HashMap<Vec<u8>, u32>,
    /// Entries added per head id.
    added: Vec<u64>,
    bytes: Vec<u8>,
    slots: Vec<Slot>,
}

/// The buffer flushes when its bytes reach this size (or its entries [`FLUSH_ENTRIES`]).
const FLUSH_BYTES: usize = 384 << 20;
/// The buffer flushes when it holds this many entries.
const FLUSH_ENTRIES: usize = 6 << 20;

impl BulkBuffer {
    /// Adds one entry (an error only if the buffer would pass 4 GiB, which [`Self::is_full`]
    /// prevents for any real entry).
    pub fn push(&mut self, p: &Posting) -> Result<()> {
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
        let start = u32::try_from(self.bytes.len()).map_err(too_large)?;
        let pos_len = u32::try_from(pos.len()).map_err(too_large)?;
        let value_len = u32::try_from(p.value.len()).map_err(too_large)?;
        u32::try_from(self.bytes.len() + pos.len() + p.value.len()).map_err(too_large)?;
        self.bytes.extend_from_slice(pos);
        self.bytes.extend_from_slice(&p.value);
        self.slots.push(Slot {
            head: id,
            prefix: u64::from_be_bytes(prefix),
            start,
            pos_len,
            value_len,
        });
        Ok(())
    }

    /// True when the buffer should be merged into the postings now.
    pub fn is_full(&self) -> bool {
        self.bytes.len() >= FLUSH_BYTES || self.slots.len() >= FLUSH_ENTRIES
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Each posting's head with the number of entries added to it.
    pub fn added(&self) -> impl Iterator<Item = (&[u8], u64)> {
        self.heads.iter().map(Vec::as_slice).zip(self.added.iter().copied())
    }

    /// The buffered entries, grouped by posting in key order, each group sorted by position.
    pub fn into_sorted(mut self) -> SortedBuffer {
        let mut order: Vec<u32> = (0..self.heads.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.heads[a as usize].cmp(&self.heads[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let bytes = &self.bytes;
        let pos = |s: &Slot| &bytes[s.start as usize..s.start as usize + s.pos_len as usize];
        self.slots.sort_unstable_by(|a, b| {
            (rank[a.head as usize], a.prefix)
                .cmp(&(rank[b.head as usize], b.prefix))
                .then_with(|| pos(a).cmp(pos(b)))
        });
        SortedBuffer {
            heads: self.heads,
            bytes: self.bytes,
            slots: self.slots,
            at: 0,
        }
    }
}

/// A sorted buffer, handed out one posting at a time.
#[derive(Debug)]
pub struct SortedBuffer {
    heads: Vec<Vec<u8>>,
    bytes: Vec<u8>,
    slots: Vec<Slot>,
    at: usize,
}

impl Iterator for SortedBuffer {
    /// A posting's head and its new entries, sorted by position.
    type Item = (Vec<u8>, Vec<Entry>);

    fn next(&mut self) -> Option<Self::Item> {
        let first = *self.slots.get(self.at)?;
        let end = self.at
            + self.slots[self.at..]
                .iter()
                .take_while(|s| s.head == first.head)
                .count();
        let entries = self.slots[self.at..end]
            .iter()
            .map(|s| {
                let (start, pos_end) = (s.start as usize, s.start as usize + s.pos_len as usize);
                Entry {
                    pos: self.bytes[start..pos_end].to_vec(),
                    value: self.bytes[pos_end..pos_end + s.value_len as usize].to_vec(),
                }
            })
            .collect();
        self.at = end;
        Some((std::mem::take(&mut self.heads[first.head as usize]), entries))
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
            buffer.push(&posting(h, p, v)).unwrap();
        }
        let added: Vec<(String, u64)> = buffer
            .added()
            .map(|(h, n)| (String::from_utf8_lossy(h).into_owned(), n))
            .collect();
        assert_eq!(added, vec![("t2|".to_owned(), 2), ("t1|".to_owned(), 3)]);
        let groups: Vec<(String, Vec<(String, String)>)> = buffer
            .into_sorted()
            .map(|(h, entries)| {
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
        buffer.push(&posting("h", "ab\0c", "")).unwrap();
        buffer.push(&posting("h", "ab", "")).unwrap();
        let (_, entries) = buffer.into_sorted().next().unwrap();
        assert_eq!(entries[0].pos, b"ab");
        assert_eq!(entries[1].pos, b"ab\0c");
    }
}

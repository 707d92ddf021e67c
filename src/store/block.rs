//! Posting blocks. A posting's entries (position · value, in position order) are stored in
//! runs of up to [`MAX_ENTRIES`]: one redb entry per block, keyed by the posting's head and the
//! block's first position. Positions are prefix-compressed against the one before, so the
//! display names that every posting repeats cost a few bytes each, and a bulk load writes one
//! B-tree entry per block instead of one per entry.
//!
//! Encoding: entry count, then per entry: bytes shared with the previous position, the rest
//! of the position, the value; every number a LEB128 varint.

use crate::error::{Error, Result};

/// Most entries in one block.
pub const MAX_ENTRIES: usize = 64;

/// One posting entry: its position (sort key · 0 · ordinal) and its value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Where the entry sorts in its posting.
    pub pos: Vec<u8>,
    /// What it carries (the word rests of typeahead terms; else empty).
    pub value: Vec<u8>,
}

fn put_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Result<usize> {
    let mut n = 0usize;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at).ok_or_else(damaged)?;
        *at += 1;
        n |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(damaged())
}

fn damaged() -> Error {
    Error::damaged("a posting block cannot be read")
}

fn take<'a>(bytes: &'a [u8], at: &mut usize, len: usize) -> Result<&'a [u8]> {
    let end = at.checked_add(len).filter(|&e| e <= bytes.len()).ok_or_else(damaged)?;
    let slice = &bytes[*at..end];
    *at = end;
    Ok(slice)
}

/// Encodes entries (sorted by position) as a block value.
pub fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 12);
    put_varint(&mut out, entries.len());
    let mut previous: &[u8] = &[];
    for e in entries {
        let shared = previous.iter().zip(&e.pos).take_while(|(a, b)| a == b).count();
        put_varint(&mut out, shared);
        put_varint(&mut out, e.pos.len() - shared);
        out.extend_from_slice(&e.pos[shared..]);
        put_varint(&mut out, e.value.len());
        out.extend_from_slice(&e.value);
        previous = &e.pos;
    }
    out
}

/// Decodes a block value.
pub fn decode(bytes: &[u8]) -> Result<Vec<Entry>> {
    let mut at = 0;
    let n = get_varint(bytes, &mut at)?;
    let mut entries: Vec<Entry> = Vec::with_capacity(n.min(MAX_ENTRIES * 4));
    for _ in 0..n {
        let shared = get_varint(bytes, &mut at)?;
        let suffix_len = get_varint(bytes, &mut at)?;
        let mut pos = match entries.last() {
            Some(prev) if shared <= prev.pos.len() => prev.pos[..shared].to_vec(),
            None if shared == 0 => Vec::new(),
            _ => return Err(damaged()),
        };
        pos.extend_from_slice(take(bytes, &mut at, suffix_len)?);
        let value_len = get_varint(bytes, &mut at)?;
        let value = take(bytes, &mut at, value_len)?.to_vec();
        entries.push(Entry { pos, value });
    }
    Ok(entries)
}

/// A block for reading, decoded lazily and forward only, one entry at a time: [`Decoded::load`]
/// keeps the encoded bytes, and a reader moves to the entry it wants ([`Decoded::advance_to`],
/// [`Decoded::seek`]). Only the current entry is held: its position is rebuilt in place from the
/// one before (the shared bytes stay, the rest is appended), its value is read where it lies.
/// A sparse intersection seeks into many blocks and uses a few entries of each, so it decodes
/// no entry past the ones it needs and copies no position whole. The buffers are reused from
/// block to block: a cursor walking a posting allocates nothing per entry.
#[derive(Debug, Default)]
pub struct Decoded {
    /// The encoded block.
    raw: Vec<u8>,
    /// Where the next entry to decode starts in `raw`.
    next: usize,
    /// How many entries the block holds.
    count: usize,
    /// How many entries are decoded: the current one is `decoded - 1`.
    decoded: usize,
    /// The current entry's position.
    pos: Vec<u8>,
    /// Where the current entry's value lies in `raw`.
    value: (usize, usize),
}

impl Decoded {
    /// Takes `bytes` as the block, replacing what it held; decodes nothing yet but its count.
    pub fn load(&mut self, bytes: &[u8]) -> Result<()> {
        self.clear();
        self.raw.extend_from_slice(bytes);
        let mut at = 0;
        self.count = get_varint(&self.raw, &mut at)?;
        self.next = at;
        Ok(())
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.raw.clear();
        self.pos.clear();
        self.next = 0;
        self.count = 0;
        self.decoded = 0;
        self.value = (0, 0);
    }

    /// How many entries it holds (decoded or not).
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Decodes the next entry, which becomes the current one; returns how many bytes its
    /// position shares with the one before it, or `None` when every entry is decoded.
    fn decode_next(&mut self) -> Result<Option<usize>> {
        if self.decoded == self.count {
            return Ok(None);
        }
        let at = &mut self.next;
        let shared = get_varint(&self.raw, at)?;
        let suffix_len = get_varint(&self.raw, at)?;
        if shared > self.pos.len() || (self.decoded == 0 && shared > 0) {
            return Err(damaged());
        }
        self.pos.truncate(shared);
        self.pos.extend_from_slice(take(&self.raw, at, suffix_len)?);
        let value_len = get_varint(&self.raw, at)?;
        let value_at = *at;
        take(&self.raw, at, value_len)?;
        self.value = (value_at, *at);
        self.decoded += 1;
        Ok(Some(shared))
    }

    /// Moves forward to entry `i` (at or after the current one); false when the block holds
    /// no entry `i`.
    pub fn advance_to(&mut self, i: usize) -> Result<bool> {
        debug_assert!(self.decoded == 0 || i + 1 >= self.decoded, "blocks are read forward");
        while self.decoded <= i {
            if self.decode_next()?.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The current entry's position (empty before the first [`Decoded::advance_to`]).
    pub fn pos(&self) -> &[u8] {
        &self.pos
    }

    /// The current entry's value.
    pub fn value(&self) -> &[u8] {
        &self.raw[self.value.0..self.value.1]
    }

    /// Moves forward to the first entry from `from` on (`from` at or after the current one)
    /// whose position is at or after `target`, and returns its index, or [`Decoded::len`]
    /// when there is none. It compares as little as the prefix compression allows: with `m`
    /// the bytes the previous position shares with `target` (it sorts before it), a position
    /// sharing more than `m` bytes with the previous one sorts before `target` too, one
    /// sharing fewer sorts after it, and only one sharing exactly `m` is compared.
    pub fn seek(&mut self, from: usize, target: &[u8]) -> Result<usize> {
        let current = self.decoded.checked_sub(1);
        if current == Some(from) && self.pos.as_slice() >= target {
            return Ok(from);
        }
        // Whether the current position is known to sort before `target`, and what it shares.
        let mut known = current.is_some_and(|c| c >= from);
        let mut m = if known { common_prefix(&self.pos, target) } else { 0 };
        while let Some(shared) = self.decode_next()? {
            let i = self.decoded - 1;
            if i < from {
                continue;
            }
            if known {
                match shared.cmp(&m) {
                    std::cmp::Ordering::Greater => continue,
                    std::cmp::Ordering::Less => return Ok(i),
                    std::cmp::Ordering::Equal => {}
                }
            }
            if self.pos.as_slice() >= target {
                return Ok(i);
            }
            known = true;
            m = common_prefix(&self.pos, target);
        }
        Ok(self.count)
    }
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Splits a run of sorted entries into blocks. A run that grew by appending at its end is cut
/// into full blocks (sequential loads fill every block); one that grew in the middle is cut
/// in halves, so that both keep room.
pub fn split(entries: Vec<Entry>, appended: bool) -> Vec<Vec<Entry>> {
    if entries.len() <= MAX_ENTRIES {
        return vec![entries];
    }
    if !appended && entries.len() <= 2 * MAX_ENTRIES {
        let mut first = entries;
        let second = first.split_off(first.len() / 2);
        return vec![first, second];
    }
    let mut out = Vec::with_capacity(entries.len() / MAX_ENTRIES + 1);
    let mut rest = entries.into_iter().peekable();
    while rest.peek().is_some() {
        out.push(rest.by_ref().take(MAX_ENTRIES).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pos: &str, value: &str) -> Entry {
        Entry {
            pos: pos.as_bytes().to_vec(),
            value: value.as_bytes().to_vec(),
        }
    }

    #[test]
    fn blocks_round_trip_and_compress_shared_prefixes() {
        let entries = vec![
            entry("anna adams\0\0\0\0\x01", ""),
            entry("anna adamson\0\0\0\0\x02", "rest\0"),
            entry("b", ""),
        ];
        let bytes = encode(&entries);
        assert_eq!(decode(&bytes).unwrap(), entries);
        assert_eq!(decode(&encode(&[])).unwrap(), vec![]);
        let similar: Vec<Entry> = (0..20)
            .map(|i| entry(&format!("maria garcia lopez\0{i:04}"), ""))
            .collect();
        let raw: usize = similar.iter().map(|e| e.pos.len()).sum();
        let packed = encode(&similar).len();
        assert!(packed * 3 < raw, "{packed} bytes for {raw} bytes of positions");
    }

    #[test]
    fn decoded_blocks_read_like_decoded_entries() {
        let entries: Vec<Entry> = (0..30)
            .map(|i| entry(&format!("name {:03}\0{i}", i * 7), if i % 3 == 0 { "r\0" } else { "" }))
            .collect();
        let bytes = encode(&entries);
        let mut d = Decoded::default();
        d.load(&bytes).unwrap();
        assert_eq!(d.len(), entries.len());
        for (i, e) in entries.iter().enumerate() {
            assert!(d.advance_to(i).unwrap());
            assert_eq!((d.pos(), d.value()), (e.pos.as_slice(), e.value.as_slice()));
        }
        assert!(!d.advance_to(30).unwrap());
        d.load(&bytes).unwrap();
        assert_eq!(d.seek(0, b"name 010").unwrap(), 2);
        assert_eq!(
            d.seek(2, b"name 000").unwrap(),
            2,
            "the current entry is at or after it"
        );
        assert_eq!(d.seek(5, b"name 000").unwrap(), 5);
        assert_eq!(d.seek(5, b"zzz").unwrap(), 30);
        for cut in 0..bytes.len() {
            let read_all = |d: &mut Decoded| -> Result<bool> {
                d.load(&bytes[..cut])?;
                d.advance_to(29)
            };
            assert!(read_all(&mut d).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_seek_decodes_only_as_far_as_its_target() {
        let entries: Vec<Entry> = (0..64).map(|i| entry(&format!("{i:03}"), "")).collect();
        let mut d = Decoded::default();
        d.load(&encode(&entries)).unwrap();
        assert_eq!(d.seek(0, b"010").unwrap(), 10);
        assert_eq!(d.decoded, 11, "entries after the target stay encoded");
        assert_eq!(d.seek(10, b"004").unwrap(), 10);
        assert_eq!(d.seek(10, b"0205").unwrap(), 21);
        assert_eq!(d.seek(40, b"039").unwrap(), 40, "`from` past the target");
        assert_eq!(d.seek(41, b"999").unwrap(), 64);
    }

    #[test]
    fn seeks_agree_with_a_plain_search_wherever_they_start() {
        // Positions with long shared prefixes, as display names give them.
        let words = ["ann", "anna", "annabel", "b", "bo", "bob", "bobby", "c"];
        let mut positions: Vec<Vec<u8>> = Vec::new();
        for a in words {
            for b in words {
                positions.push(format!("{a} {b}").into_bytes());
            }
        }
        positions.sort();
        positions.dedup();
        positions.truncate(MAX_ENTRIES);
        let entries: Vec<Entry> = positions
            .iter()
            .map(|p| entry(std::str::from_utf8(p).unwrap(), ""))
            .collect();
        let bytes = encode(&entries);
        let mut targets: Vec<Vec<u8>> = positions.clone();
        targets.extend(positions.iter().map(|p| [p.as_slice(), b"!"].concat()));
        targets.extend(positions.iter().map(|p| p[..p.len() - 1].to_vec()));
        targets.extend([b"".to_vec(), b"zzz".to_vec(), b"anna c".to_vec(), b"bob\xff".to_vec()]);
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut d = Decoded::default();
        for _ in 0..4000 {
            d.load(&bytes).unwrap();
            // Start nowhere, or at some entry, then seek from there or later.
            let current = next(entries.len() + 1);
            if current > 0 {
                assert!(d.advance_to(current - 1).unwrap());
            }
            let from = current.saturating_sub(1) + next(entries.len() + 1 - current.saturating_sub(1));
            let target = &targets[next(targets.len())];
            let expected = (from..entries.len())
                .find(|&i| entries[i].pos.as_slice() >= target.as_slice())
                .unwrap_or(entries.len());
            let found = d.seek(from, target).unwrap();
            assert_eq!(
                found,
                expected,
                "from {from} to {:?} with entry {current} current",
                String::from_utf8_lossy(target)
            );
            if found < entries.len() {
                assert_eq!(d.pos(), entries[found].pos.as_slice());
            }
        }
    }

    #[test]
    fn damaged_blocks_are_errors_not_panics() {
        let bytes = encode(&[entry("abc", "v"), entry("abd", "")]);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(
            decode(&[1, 5, 0, 0]).is_err(),
            "shares more than the previous position has"
        );
        assert!(decode(&[0xff; 12]).is_err());
    }

    #[test]
    fn appended_runs_fill_blocks_and_others_split_in_halves() {
        let run = |n: usize| (0..n).map(|i| entry(&format!("{i:05}"), "")).collect::<Vec<_>>();
        let full = split(run(2 * MAX_ENTRIES + 1), true);
        assert_eq!(
            full.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![MAX_ENTRIES, MAX_ENTRIES, 1]
        );
        let halves = split(run(MAX_ENTRIES + 1), false);
        assert_eq!(
            halves.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![MAX_ENTRIES / 2, MAX_ENTRIES / 2 + 1]
        );
        assert_eq!(split(run(3), false).len(), 1);
    }
}

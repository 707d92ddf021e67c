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

/// A decoded block for reading: positions and values in one buffer, reused from block to
/// block, so a cursor walking a posting allocates nothing per entry.
#[derive(Debug, Default)]
pub struct Decoded {
    data: Vec<u8>,
    /// Per entry: where its position starts, where its value starts, where its value ends.
    spans: Vec<(u32, u32, u32)>,
}

impl Decoded {
    /// Decodes `bytes` into this buffer, replacing what it held.
    pub fn load(&mut self, bytes: &[u8]) -> Result<()> {
        self.data.clear();
        self.spans.clear();
        let mut at = 0;
        let n = get_varint(bytes, &mut at)?;
        let mut previous = (0usize, 0usize);
        for _ in 0..n {
            let shared = get_varint(bytes, &mut at)?;
            let suffix_len = get_varint(bytes, &mut at)?;
            if shared > previous.1 - previous.0 {
                return Err(damaged());
            }
            let start = self.data.len();
            self.data.extend_from_within(previous.0..previous.0 + shared);
            self.data.extend_from_slice(take(bytes, &mut at, suffix_len)?);
            let value_at = self.data.len();
            let value_len = get_varint(bytes, &mut at)?;
            self.data.extend_from_slice(take(bytes, &mut at, value_len)?);
            let offset = |n: usize| u32::try_from(n).map_err(|_| damaged());
            self.spans
                .push((offset(start)?, offset(value_at)?, offset(self.data.len())?));
            previous = (start, value_at);
        }
        Ok(())
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.data.clear();
        self.spans.clear();
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The position of entry `i`.
    pub fn pos(&self, i: usize) -> &[u8] {
        let (start, value, _) = self.spans[i];
        &self.data[start as usize..value as usize]
    }

    /// The value of entry `i`.
    pub fn value(&self, i: usize) -> &[u8] {
        let (_, value, end) = self.spans[i];
        &self.data[value as usize..end as usize]
    }

    /// The first index from `from` on whose position is at or after `target`.
    pub fn seek(&self, from: usize, target: &[u8]) -> usize {
        let (mut lo, mut hi) = (from, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.pos(mid) < target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
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
        let mut d = Decoded::default();
        d.load(&encode(&entries)).unwrap();
        assert_eq!(d.len(), entries.len());
        for (i, e) in entries.iter().enumerate() {
            assert_eq!((d.pos(i), d.value(i)), (e.pos.as_slice(), e.value.as_slice()));
        }
        assert_eq!(d.seek(0, b"name 010"), 2);
        assert_eq!(d.seek(5, b"name 000"), 5);
        assert_eq!(d.seek(0, b"zzz"), 30);
        for cut in 0..encode(&entries).len() {
            assert!(d.load(&encode(&entries)[..cut]).is_err());
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

//! Posting cursors. A posting lists users in display order; a [`Cursor`] walks one posting
//! across the visibility classes a search may see, merging them by position, and seeks
//! forward by reopening its range at a target position (a B-tree descent) when a short
//! linear probe does not reach it. [`next_match`] intersects cursors by leapfrogging.

use crate::error::Result;
use crate::store::block::Decoded;
use crate::store::{Open, Table, Tables, index::Posting, keys};

/// Statistics of one search's reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Posting entries read.
    pub entries: u64,
    /// Range re-openings (seeks).
    pub seeks: u64,
    /// Posting blocks decoded.
    pub blocks: u64,
    /// User objects read and decoded.
    pub fetches: u64,
}

impl std::fmt::Display for Stats {
    /// `12 posting entries read in 1 block, 0 seeks, 12 users read`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |count: u64, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        write!(
            f,
            "{} read in {}, {}, {} read",
            n(self.entries, "posting entry", "posting entries"),
            n(self.blocks, "block", "blocks"),
            n(self.seeks, "seek", "seeks"),
            n(self.fetches, "user", "users"),
        )
    }
}

type Range<'a> = redb::Range<'a, &'static [u8], &'static [u8]>;
/// A block read from its range: its key (head · first position) and its encoded entries.
type RawBlock<'a> = (
    redb::AccessGuard<'a, &'static [u8]>,
    redb::AccessGuard<'a, &'static [u8]>,
);

/// How many following blocks a seek steps over (by their keys, without decoding them) before
/// it reopens the range instead.
const PROBE: usize = 8;

/// One class of a posting: its blocks in order, the current block decoded.
struct Sub<'a> {
    head: Vec<u8>,
    end: Vec<u8>,
    /// The blocks after the current one.
    range: Range<'a>,
    /// The block after the current one when a seek has looked at its key; not decoded yet.
    peeked: Option<RawBlock<'a>>,
    block: Decoded,
    /// The current entry in `block`; `None` at the end of the posting.
    at: Option<usize>,
}

impl Sub<'_> {
    fn pos(&self) -> Option<&[u8]> {
        self.at.map(|_| self.block.pos())
    }

    /// Whether the block after the current one starts after `target`; `None` at the end of
    /// the posting. Reads the block's key only.
    fn next_starts_after(&mut self, target: &[u8]) -> Result<Option<bool>> {
        if self.peeked.is_none() {
            self.peeked = self.range.next().transpose()?;
        }
        Ok(self
            .peeked
            .as_ref()
            .map(|(key, _)| &key.value()[self.head.len()..] > target))
    }

    /// Decodes `bytes` as the current block.
    fn load(&mut self, bytes: &[u8], stats: &mut Stats) -> Result<()> {
        stats.blocks += 1;
        self.block.load(bytes)
    }

    /// Loads the next block from the range; false at the end of the posting.
    fn next_block(&mut self, stats: &mut Stats) -> Result<bool> {
        let next = match self.peeked.take() {
            Some(block) => Some(block),
            None => self.range.next().transpose()?,
        };
        match next {
            Some((_, value)) => {
                self.load(value.value(), stats)?;
                Ok(true)
            }
            None => {
                self.block.clear();
                Ok(false)
            }
        }
    }
}

/// A cursor over one posting in the given classes.
pub struct Cursor<'a, S: Open> {
    tables: &'a Tables<S>,
    subs: Vec<Sub<'a>>,
    /// For typed words longer than a term: the rest a stored word must start with.
    rest: Vec<u8>,
}

impl<'a, S: Open> Cursor<'a, S> {
    /// Opens a cursor at the start of the posting with these heads (one per class).
    pub fn open(tables: &'a Tables<S>, heads: &[Vec<u8>], rest: &[u8], stats: &mut Stats) -> Result<Self> {
        let mut subs = Vec::with_capacity(heads.len());
        for head in heads {
            let end = keys::prefix_end(head);
            let range = tables.range(Table::Postings, head, &end)?;
            subs.push(Sub {
                head: head.clone(),
                end,
                range,
                peeked: None,
                block: Decoded::default(),
                at: None,
            });
        }
        let mut cursor = Cursor {
            tables,
            subs,
            rest: rest.to_vec(),
        };
        for i in 0..cursor.subs.len() {
            if cursor.subs[i].next_block(stats)? {
                cursor.settle(i, 0, stats)?;
            }
        }
        Ok(cursor)
    }

    /// The smallest current position, or `None` when every class is exhausted.
    pub fn position(&self) -> Option<&[u8]> {
        self.subs.iter().filter_map(Sub::pos).min()
    }

    /// Moves past the current position.
    pub fn advance(&mut self, stats: &mut Stats) -> Result<()> {
        let Some(current) = self.position().map(<[u8]>::to_vec) else {
            return Ok(());
        };
        for i in 0..self.subs.len() {
            if let (Some(at), Some(pos)) = (self.subs[i].at, self.subs[i].pos()) {
                if pos == current.as_slice() {
                    self.settle(i, at + 1, stats)?;
                }
            }
        }
        Ok(())
    }

    /// Moves to the first position at or after `target`.
    pub fn seek(&mut self, target: &[u8], stats: &mut Stats) -> Result<()> {
        for i in 0..self.subs.len() {
            let Some(at) = self.subs[i].at else { continue };
            if self.subs[i].block.pos() >= target {
                continue;
            }
            // Whether `target` is past the current block is told by the next block's key, so
            // a block that ends before it is stepped over undecoded; the blocks after it that
            // also start at or before it are stepped over by their keys too.
            let mut probes = 0;
            loop {
                let sub = &mut self.subs[i];
                match sub.next_starts_after(target)? {
                    None | Some(true) => {
                        // Only on the first turn: the first entry at or after `target` is in
                        // the current block, else it is the next block's first.
                        let found = sub.block.seek(at, target)?;
                        self.settle(i, found, stats)?;
                        break;
                    }
                    Some(false) if probes == PROBE => {
                        self.reopen(i, target, stats)?;
                        break;
                    }
                    Some(false) => {
                        probes += 1;
                        let candidate = sub.peeked.take();
                        if sub.next_starts_after(target)? == Some(false) {
                            continue;
                        }
                        // The candidate is the last block that starts at or before `target`
                        // (the one after it stays peeked).
                        if let Some((_, value)) = candidate {
                            sub.load(value.value(), stats)?;
                        }
                        let found = sub.block.seek(0, target)?;
                        self.settle(i, found, stats)?;
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Positions class `i` at `target` by a fresh descent: the last block that starts at or
    /// before it, then the first entry at or after it.
    fn reopen(&mut self, i: usize, target: &[u8], stats: &mut Stats) -> Result<()> {
        stats.seeks += 1;
        let sub = &mut self.subs[i];
        let mut upto = sub.head.clone();
        upto.extend_from_slice(target);
        upto.push(0);
        let found = self
            .tables
            .range(Table::Postings, &sub.head, &upto)?
            .next_back()
            .transpose()?;
        let after = match found {
            Some((key, value)) => {
                sub.load(value.value(), stats)?;
                let mut after = key.value().to_vec();
                after.push(0);
                after
            }
            None => {
                sub.block.clear();
                sub.head.clone()
            }
        };
        sub.range = self.tables.range(Table::Postings, &after, &sub.end)?;
        sub.peeked = None;
        // Past the block's end (or with no block), `settle` goes on into the next one.
        let found = sub.block.seek(0, target)?;
        self.settle(i, found, stats)
    }

    /// Makes class `i` current at the first entry from index `from` on (crossing into the
    /// following blocks) that passes the rest check.
    fn settle(&mut self, i: usize, mut from: usize, stats: &mut Stats) -> Result<()> {
        let sub = &mut self.subs[i];
        loop {
            while sub.block.advance_to(from)? {
                stats.entries += 1;
                if self.rest.is_empty() || Posting::rests(sub.block.value()).any(|r| r.starts_with(&self.rest)) {
                    sub.at = Some(from);
                    return Ok(());
                }
                from += 1;
            }
            if !sub.next_block(stats)? {
                sub.at = None;
                return Ok(());
            }
            from = 0;
        }
    }
}

/// Leapfrogs `cursors` to the next position they all share, or `None` when one runs out.
/// After using a match, advance the first cursor to continue.
pub fn next_match<S: Open>(cursors: &mut [Cursor<'_, S>], stats: &mut Stats) -> Result<Option<Vec<u8>>> {
    loop {
        let mut max: Option<Vec<u8>> = None;
        for c in cursors.iter() {
            match c.position() {
                None => return Ok(None),
                Some(p) => {
                    if max.as_deref().is_none_or(|m| p > m) {
                        max = Some(p.to_vec());
                    }
                }
            }
        }
        let Some(target) = max else { return Ok(None) };
        let mut agreed = true;
        for c in cursors.iter_mut() {
            c.seek(&target, stats)?;
            match c.position() {
                None => return Ok(None),
                Some(p) if p != target.as_slice() => agreed = false,
                Some(_) => {}
            }
        }
        if agreed {
            return Ok(Some(target));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stats;

    #[test]
    fn stats_read_as_words_with_plurals() {
        let one = Stats {
            entries: 1,
            seeks: 1,
            blocks: 1,
            fetches: 1,
        };
        assert_eq!(one.to_string(), "1 posting entry read in 1 block, 1 seek, 1 user read");
        let many = Stats {
            entries: 451,
            seeks: 6,
            blocks: 305,
            fetches: 25,
        };
        assert_eq!(
            many.to_string(),
            "451 posting entries read in 305 blocks, 6 seeks, 25 users read"
        );
    }
}

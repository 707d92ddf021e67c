//! Posting cursors. A posting lists users in display order; a [`Cursor`] walks one posting
//! across the visibility classes a search may see, merging them by position, and seeks
//! forward by reopening its range at a target position (a B-tree descent) when a short
//! linear probe does not reach it. [`next_match`] intersects cursors by leapfrogging.

use crate::error::Result;
use crate::store::{Open, Table, Tables, index::Posting, keys};

/// Statistics of one search's reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Posting entries read.
    pub entries: u64,
    /// Range re-openings (seeks).
    pub seeks: u64,
    /// User objects read and decoded.
    pub fetches: u64,
}

type Range<'a> = redb::Range<'a, &'static [u8], &'static [u8]>;

/// How many entries a seek steps through before it reopens the range instead.
const PROBE: usize = 4;

struct Sub<'a> {
    head: Vec<u8>,
    end: Vec<u8>,
    range: Range<'a>,
    /// The current entry's position (the key after the head), or `None` at the end.
    pos: Option<Vec<u8>>,
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
                pos: None,
            });
        }
        let mut cursor = Cursor {
            tables,
            subs,
            rest: rest.to_vec(),
        };
        for i in 0..cursor.subs.len() {
            cursor.step(i, stats)?;
        }
        Ok(cursor)
    }

    /// The smallest current position, or `None` when every class is exhausted.
    pub fn position(&self) -> Option<&[u8]> {
        self.subs.iter().filter_map(|s| s.pos.as_deref()).min()
    }

    /// Moves past the current position.
    pub fn advance(&mut self, stats: &mut Stats) -> Result<()> {
        let Some(current) = self.position().map(<[u8]>::to_vec) else {
            return Ok(());
        };
        for i in 0..self.subs.len() {
            if self.subs[i].pos.as_deref() == Some(current.as_slice()) {
                self.step(i, stats)?;
            }
        }
        Ok(())
    }

    /// Moves to the first position at or after `target`.
    pub fn seek(&mut self, target: &[u8], stats: &mut Stats) -> Result<()> {
        for i in 0..self.subs.len() {
            let mut probes = 0;
            while self.subs[i].pos.as_deref().is_some_and(|p| p < target) {
                if probes == PROBE {
                    let mut from = self.subs[i].head.clone();
                    from.extend_from_slice(target);
                    stats.seeks += 1;
                    self.subs[i].range = self.tables.range(Table::Postings, &from, &self.subs[i].end)?;
                    self.step(i, stats)?;
                    break;
                }
                self.step(i, stats)?;
                probes += 1;
            }
        }
        Ok(())
    }

    /// Reads the next entry of class `i` that passes the rest check.
    fn step(&mut self, i: usize, stats: &mut Stats) -> Result<()> {
        let sub = &mut self.subs[i];
        sub.pos = None;
        for entry in sub.range.by_ref() {
            let (key, value) = entry?;
            stats.entries += 1;
            let value = value.value();
            if !self.rest.is_empty() && !Posting::rests(value).any(|r| r.starts_with(&self.rest)) {
                continue;
            }
            sub.pos = Some(key.value()[sub.head.len()..].to_vec());
            break;
        }
        Ok(())
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

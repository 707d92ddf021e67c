//! Writing postings block by block (see [`super::block`]): one entry put or removed, and the
//! bulk merge of sorted new entries.

use super::block::{self, Entry};
use super::{Table, WriteTables};
use crate::error::Result;

type Found = Option<(Vec<u8>, Vec<Entry>)>;

/// A bulk merge rewrites a posting whole unless it adds fewer than one entry in this many.
const REWRITE_FROM: u64 = 8;

impl WriteTables<'_> {
    /// The block of posting `head` that holds, or would hold, `pos`: the last block whose first
    /// position is at or before `pos`, else the posting's first block.
    fn find_block(&self, head: &[u8], pos: &[u8]) -> Result<Found> {
        let mut upto = Vec::with_capacity(head.len() + pos.len() + 1);
        upto.extend_from_slice(head);
        upto.extend_from_slice(pos);
        upto.push(0);
        let before = self.range(Table::Postings, head, &upto)?.next_back().transpose()?;
        let found = match before {
            Some((k, v)) => Some((k.value().to_vec(), v.value().to_vec())),
            None => {
                let first = self.prefixed(Table::Postings, head)?.next().transpose()?;
                first.map(|(k, v)| (k.value().to_vec(), v.value().to_vec()))
            }
        };
        found.map(|(k, v)| Ok((k, block::decode(&v)?))).transpose()
    }

    /// Stores `entries` (sorted) of posting `head` as blocks, replacing the block at `old`.
    fn write_run(&mut self, head: &[u8], old: Option<&[u8]>, entries: Vec<Entry>, appended: bool) -> Result<()> {
        let mut replaced = false;
        for chunk in block::split(entries, appended) {
            let Some(first) = chunk.first() else { continue };
            let mut key = head.to_vec();
            key.extend_from_slice(&first.pos);
            replaced |= old == Some(key.as_slice());
            self.table_mut(Table::Postings)?
                .insert(key.as_slice(), block::encode(&chunk).as_slice())?;
        }
        if let (Some(old), false) = (old, replaced) {
            self.table_mut(Table::Postings)?.remove(old)?;
        }
        Ok(())
    }

    /// Puts one entry into posting `head` (replacing the value of an equal position).
    pub(super) fn posting_put(&mut self, head: &[u8], pos: &[u8], value: &[u8]) -> Result<()> {
        let entry = Entry {
            pos: pos.to_vec(),
            value: value.to_vec(),
        };
        self.put_entries(head, vec![entry])
    }

    /// Puts sorted entries into posting `head` (replacing the values of equal positions),
    /// rewriting each block that gains entries once.
    fn put_entries(&mut self, head: &[u8], entries: Vec<Entry>) -> Result<()> {
        let mut pending = entries.into_iter().peekable();
        while let Some(first) = pending.peek() {
            let Some((key, old)) = self.find_block(head, &first.pos)? else {
                return self.write_run(head, None, pending.collect(), true);
            };
            // Entries before the next block's first position belong to this block.
            let single = pending.len() == 1;
            let bound = if single { None } else { self.next_block(head, &key)? };
            let batch: Vec<Entry> = if single {
                pending.by_ref().collect()
            } else {
                let mut batch = Vec::new();
                while let Some(e) = pending.next_if(|e| bound.as_ref().is_none_or(|b| e.pos < *b)) {
                    batch.push(e);
                }
                batch
            };
            let appended = batch
                .last()
                .zip(old.last())
                .is_none_or(|(new, last)| new.pos > last.pos);
            self.write_run(head, Some(&key), merge_sorted(old, batch), appended)?;
        }
        Ok(())
    }

    /// The first position of the block after the one keyed `key` in posting `head`, if any.
    fn next_block(&self, head: &[u8], key: &[u8]) -> Result<Option<Vec<u8>>> {
        let mut after = key.to_vec();
        after.push(0);
        let next = self
            .range(Table::Postings, &after, &super::keys::prefix_end(head))?
            .next()
            .transpose()?;
        Ok(next.map(|(k, _)| k.value()[head.len()..].to_vec()))
    }

    /// Removes the entry at `pos` from posting `head`, if present.
    pub(super) fn posting_remove(&mut self, head: &[u8], pos: &[u8]) -> Result<()> {
        let Some((key, mut entries)) = self.find_block(head, pos)? else {
            return Ok(());
        };
        let Ok(i) = entries.binary_search_by(|e| e.pos.as_slice().cmp(pos)) else {
            return Ok(());
        };
        entries.remove(i);
        if entries.is_empty() {
            self.table_mut(Table::Postings)?.remove(key.as_slice())?;
            Ok(())
        } else {
            self.write_run(head, Some(&key), entries, false)
        }
    }

    /// Merges new entries (sorted by position; their count already added) into posting
    /// `head`: a posting that is new, or small beside what it gains, is rewritten in full
    /// blocks; a large one has only the blocks that gain entries rewritten.
    pub(super) fn merge_posting(&mut self, head: &[u8], group: Vec<Entry>) -> Result<()> {
        let existing = self.count(head)?.saturating_sub(group.len() as u64);
        if existing >= REWRITE_FROM * group.len() as u64 {
            return self.put_entries(head, group);
        }
        let mut old_keys = Vec::new();
        let mut old = Vec::with_capacity(existing as usize);
        for item in self.prefixed(Table::Postings, head)? {
            let (k, v) = item?;
            old_keys.push(k.value().to_vec());
            old.extend(block::decode(v.value())?);
        }
        for k in old_keys {
            self.table_mut(Table::Postings)?.remove(k.as_slice())?;
        }
        self.write_run(head, None, merge_sorted(old, group), true)
    }
}

/// Merges two runs sorted by position; an entry of `new` replaces an `old` one at the same
/// position.
fn merge_sorted(old: Vec<Entry>, new: Vec<Entry>) -> Vec<Entry> {
    if old.is_empty() {
        return new;
    }
    let mut out = Vec::with_capacity(old.len() + new.len());
    let mut old = old.into_iter().peekable();
    for e in new {
        while let Some(o) = old.next_if(|o| o.pos < e.pos) {
            out.push(o);
        }
        old.next_if(|o| o.pos == e.pos);
        out.push(e);
    }
    out.extend(old);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(items: &[(&str, &str)]) -> Vec<Entry> {
        items
            .iter()
            .map(|(p, v)| Entry {
                pos: p.as_bytes().to_vec(),
                value: v.as_bytes().to_vec(),
            })
            .collect()
    }

    #[test]
    fn merging_interleaves_runs_and_new_entries_replace_equal_positions() {
        let old = entries(&[("b", "1"), ("d", "1"), ("f", "1")]);
        let new = entries(&[("a", "2"), ("d", "2"), ("e", "2"), ("g", "2")]);
        let merged = merge_sorted(old, new);
        let got: Vec<(String, String)> = merged
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(&e.pos).into(),
                    String::from_utf8_lossy(&e.value).into(),
                )
            })
            .collect();
        let want = [("a", "2"), ("b", "1"), ("d", "2"), ("e", "2"), ("f", "1"), ("g", "2")];
        assert_eq!(got.len(), want.len());
        for ((p, v), (wp, wv)) in got.iter().zip(want) {
            assert_eq!((p.as_str(), v.as_str()), (wp, wv));
        }
    }

    #[test]
    fn merging_into_nothing_or_nothing_into_a_run_keeps_the_run() {
        let run = entries(&[("a", ""), ("b", "")]);
        assert_eq!(merge_sorted(Vec::new(), run.clone()), run);
        assert_eq!(merge_sorted(run.clone(), Vec::new()), run);
    }
}

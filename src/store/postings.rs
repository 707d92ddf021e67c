//! Writing postings block by block (see [`super::block`]): one entry put or removed, and the
//! bulk merge of sorted new entries.

use super::block::{self, Entry};
use super::index::Posting;
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
        match self.find_block(head, pos)? {
            None => self.write_run(head, None, vec![entry], true),
            Some((key, mut entries)) => {
                let appended = match entries.binary_search_by(|e| e.pos.as_slice().cmp(pos)) {
                    Ok(i) => {
                        entries[i] = entry;
                        false
                    }
                    Err(i) => {
                        entries.insert(i, entry);
                        i + 1 == entries.len()
                    }
                };
                self.write_run(head, Some(&key), entries, appended)
            }
        }
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

    /// Merges new entries (sorted by key; new positions) into their postings: a posting that
    /// is new, or small beside what it gains, is rewritten in full blocks; a large one gets
    /// its few new entries put one by one.
    pub(super) fn merge_postings(&mut self, mut new: Vec<Posting>) -> Result<()> {
        new.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        let mut at = 0;
        while at < new.len() {
            let head = new[at].head().to_vec();
            let end = at + new[at..].iter().take_while(|p| p.head() == head.as_slice()).count();
            let group: Vec<Entry> = new[at..end]
                .iter_mut()
                .map(|p| Entry {
                    pos: p.key.split_off(p.head_len),
                    value: std::mem::take(&mut p.value),
                })
                .collect();
            at = end;
            // The counts already include the new entries.
            let existing = self.count(&head)?.saturating_sub(group.len() as u64);
            if existing >= REWRITE_FROM * group.len() as u64 {
                for e in group {
                    self.posting_put(&head, &e.pos, &e.value)?;
                }
                continue;
            }
            let mut old_keys = Vec::new();
            let mut entries = Vec::with_capacity(group.len() + existing as usize);
            for item in self.prefixed(Table::Postings, &head)? {
                let (k, v) = item?;
                old_keys.push(k.value().to_vec());
                entries.extend(block::decode(v.value())?);
            }
            for k in old_keys {
                self.table_mut(Table::Postings)?.remove(k.as_slice())?;
            }
            entries.extend(group);
            entries.sort_unstable();
            entries.dedup_by(|b, a| a.pos == b.pos);
            self.write_run(&head, None, entries, true)?;
        }
        Ok(())
    }
}

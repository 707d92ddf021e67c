//! The postings part of the check: every block read in order and tallied by posting, the
//! tallies compared with those of the users' derivations (the first postings that differ
//! diffed entry by entry), and the counts compared with the postings.

use super::Scan;
use crate::error::Result;
use crate::model::{Attr, TenantOrd};
use crate::store::problems::Problem;
use crate::store::{Open, Table, block, index, keys};
use redb::ReadableTable;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// How many differing postings are diffed entry by entry (the others are counted).
const DIFFED: usize = 16;

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A posting's entries summed up: how many, and the wrapping sum of their hashes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tally {
    n: u64,
    sum: u128,
}

impl Tally {
    pub(super) fn add(&mut self, pos: &[u8], value: &[u8]) {
        let hash = |seed: u8| {
            let mut h = DefaultHasher::new();
            (seed, pos, value).hash(&mut h);
            u128::from(h.finish())
        };
        self.n += 1;
        self.sum = self.sum.wrapping_add(hash(0) << 64 | hash(1));
    }
}

impl<S: Open> Scan<'_, S> {
    /// Reads every posting block: checks its order and tallies its entries by posting.
    pub(super) fn postings(&mut self) -> Result<HashMap<Vec<u8>, (Tally, bool)>> {
        let t = self.t;
        let mut stored: HashMap<Vec<u8>, (Tally, bool)> = HashMap::new();
        let mut last: Option<(Vec<u8>, Vec<u8>)> = None;
        for entry in t.table(Table::Postings)?.iter()? {
            let (k, v) = entry?;
            let key = k.value();
            let Some(head_len) = keys::head_len(key) else {
                self.bad(Table::Postings, lossy(key), "has no posting head".into());
                continue;
            };
            let (head, first) = key.split_at(head_len);
            let entries = match block::decode(v.value()) {
                Ok(entries) => entries,
                Err(e) => {
                    let key = self.describe_head(head);
                    self.bad(Table::Postings, format!("of {key}"), format!("cannot be read ({e})"));
                    continue;
                }
            };
            let sorted = entries.windows(2).all(|w| w[0].pos < w[1].pos);
            let starts = entries.first().map(|e| e.pos.as_slice()) == Some(first);
            let follows = match &last {
                Some((h, p)) if h.as_slice() == head => first > p.as_slice(),
                _ => true,
            };
            if !(sorted && starts && follows) {
                let detail = "is out of order (a block starts with its key and follows the one before)".into();
                let key = format!("of {}", self.describe_head(head));
                self.bad(Table::Postings, key, detail);
            }
            let tally = match stored.get_mut(head) {
                Some((tally, _)) => tally,
                None => &mut stored.entry(head.to_vec()).or_default().0,
            };
            for e in &entries {
                tally.add(&e.pos, &e.value);
            }
            self.found.counted.entries += entries.len() as u64;
            if let Some(e) = entries.last() {
                last = Some((head.to_vec(), e.pos.clone()));
            }
        }
        Ok(stored)
    }

    /// Describes a posting head: its kind and term, and its visibility class.
    fn describe_head(&self, head: &[u8]) -> String {
        let (kind, term) = (
            head.get(4).copied(),
            head.get(5..head.len().saturating_sub(2)).unwrap_or_default(),
        );
        let class = head.last().copied().unwrap_or(0);
        let what = match kind {
            Some(0) => "of the display order".to_owned(),
            Some(1) => format!("of typeahead \"{}\"", lossy(term)),
            Some(2) => {
                let attr = term.first().and_then(|&id| Attr::from_posting(id));
                let value = lossy(term.get(1..).unwrap_or_default());
                match attr {
                    Some(Attr::MemberOf) => {
                        let t = keys::read_u32(head);
                        let name = value
                            .parse::<u32>()
                            .ok()
                            .and_then(|o| self.groups.get(&(t, o)))
                            .map_or(value.clone(), |g| g.display_name.clone());
                        format!("of memberOf = \"{name}\"")
                    }
                    Some(a) => format!("of {a} = \"{value}\""),
                    None => format!("of an unknown attribute = \"{value}\""),
                }
            }
            _ => "of an unknown kind".to_owned(),
        };
        let flag = |bit: u8, on: &'static str, off: &'static str| if class & bit != 0 { on } else { off };
        format!(
            "{what} ({}, {}, {})",
            flag(index::LIVE, "live", "deleted"),
            flag(index::SHOWN, "shown", "hidden"),
            flag(index::MEMBER, "members", "guests")
        )
    }

    /// Describes a posting position by its user.
    fn describe_position(&self, tenant: TenantOrd, pos: &[u8]) -> String {
        let o = keys::trailing_ord(pos);
        match self.t.user(tenant, o).ok().flatten() {
            Some(u) => format!("the entry of user {}", u.user_principal_name),
            None => format!("an entry of #{}, which is no user", o.0),
        }
    }

    /// Reports the postings whose tallies differ; the first [`DIFFED`] are diffed entry by
    /// entry.
    pub(super) fn compare(
        &mut self,
        expected: &HashMap<Vec<u8>, Tally>,
        stored: &HashMap<Vec<u8>, (Tally, bool)>,
    ) -> Result<()> {
        let none = Tally::default();
        let mut differing: Vec<&Vec<u8>> = expected
            .keys()
            .chain(stored.keys())
            .filter(|h| expected.get(*h).unwrap_or(&none) != stored.get(*h).map_or(&none, |s| &s.0))
            .collect();
        differing.sort();
        differing.dedup();
        let diffed: HashSet<&[u8]> = differing.iter().take(DIFFED).map(|h| h.as_slice()).collect();
        let mut want: HashMap<Vec<u8>, BTreeMap<Vec<u8>, Vec<u8>>> = HashMap::new();
        if !diffed.is_empty() {
            self.each_user(|_, user| {
                for p in index::derive(&user).postings {
                    if diffed.contains(p.head()) {
                        let pos = p.key[p.head_len..].to_vec();
                        want.entry(p.head().to_vec()).or_default().insert(pos, p.value);
                    }
                }
                Ok(())
            })?;
        }
        for head in differing {
            let t = TenantOrd(keys::read_u32(head));
            let (stored_n, derived_n) = (
                stored.get(head).map_or(0, |s| s.0.n),
                expected.get(head).map_or(0, |e| e.n),
            );
            let (mut missing, mut extra, mut example) = (None, None, None);
            if diffed.contains(head.as_slice()) {
                let mut have: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
                for entry in self.t.prefixed(Table::Postings, head)? {
                    let (_, v) = entry?;
                    for e in block::decode(v.value()).unwrap_or_default() {
                        have.insert(e.pos, e.value);
                    }
                }
                let empty = BTreeMap::new();
                let want = want.get(head).unwrap_or(&empty);
                let lacks: Vec<&Vec<u8>> = want
                    .iter()
                    .filter(|(p, v)| have.get(*p) != Some(v))
                    .map(|(p, _)| p)
                    .collect();
                let strays: Vec<&Vec<u8>> = have
                    .iter()
                    .filter(|(p, v)| want.get(*p) != Some(v))
                    .map(|(p, _)| p)
                    .collect();
                example = match (lacks.first(), strays.first()) {
                    (Some(p), _) => Some(format!("it lacks {}", self.describe_position(t, p))),
                    (None, Some(p)) => Some(format!("it holds {}", self.describe_position(t, p))),
                    (None, None) => None,
                };
                (missing, extra) = (Some(lacks.len() as u64), Some(strays.len() as u64));
            }
            self.found.add(Problem::Posting {
                tenant: self.handle(t.0),
                posting: self.describe_head(head),
                stored: stored_n,
                derived: derived_n,
                missing,
                extra,
                example,
            });
        }
        Ok(())
    }

    /// Each count equals its posting's entries; each posting with entries has a count.
    pub(super) fn counts(&mut self, stored: &mut HashMap<Vec<u8>, (Tally, bool)>) -> Result<()> {
        let t = self.t;
        for entry in t.table(Table::Counts)?.iter()? {
            let (k, v) = entry?;
            let head = k.value();
            let Ok(bytes) = <[u8; 8]>::try_from(v.value()) else {
                let key = self.describe_head(head);
                self.bad(Table::Counts, format!("of {key}"), "is not a count".into());
                continue;
            };
            let count = u64::from_be_bytes(bytes);
            let entries = match stored.get_mut(head) {
                Some((tally, seen)) => {
                    *seen = true;
                    tally.n
                }
                None => 0,
            };
            if count == 0 {
                let key = self.describe_head(head);
                self.bad(Table::Counts, format!("of {key}"), "is 0, which is never stored".into());
            } else if count != entries {
                let (tenant, posting) = (self.handle(keys::read_u32(head)), self.describe_head(head));
                self.found.add(Problem::Count {
                    tenant,
                    posting,
                    stored: count,
                    entries,
                });
            }
        }
        let mut uncounted: Vec<(&Vec<u8>, u64)> = stored
            .iter()
            .filter(|(_, (tally, seen))| !seen && tally.n > 0)
            .map(|(h, (tally, _))| (h, tally.n))
            .collect();
        uncounted.sort();
        for (head, entries) in uncounted {
            let (tenant, posting) = (self.handle(keys::read_u32(head)), self.describe_head(head));
            self.found.add(Problem::Count {
                tenant,
                posting,
                stored: 0,
                entries,
            });
        }
        Ok(())
    }
}

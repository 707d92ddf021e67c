//! The write view: the [`WriteTables`] methods that put and delete entries, hand out
//! ordinals, write users with every index they derive (in bulk mode through the bulk buffer),
//! append to the change feed, and flush what is pending before commit.

use super::bulk::BulkBuffer;
use super::indexer::Indexer;
use super::{Table, WriteTables, codec, index, keys};
use crate::error::{Error, Result};
use crate::model::{
    Actor, Attr, Change, ChangeOp, Group, ObjOrd, PropertyChange, Subject, Tenant, TenantOrd, User, Value,
    ids::now_millis,
};
use std::collections::HashMap;

/// What [`WriteTables::write_derived`] may take as known about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// Nothing: the unique keys (UPN, home identity) are checked here.
    Nothing,
    /// The caller checked, in this transaction, that a new user's unique keys are free.
    KeysFree,
    /// As [`Known::KeysFree`], and the new user's posting entries are left for the bulk
    /// buffer to derive (the derived entries hold only the keys).
    KeysFreeEntriesAside,
}

/// Writes not yet flushed: posting-count deltas and counters, applied by [`Tables::finish`].
#[derive(Default)]
pub(super) struct Pending {
    pub(super) counts: HashMap<Vec<u8>, i64>,
    next_object: Option<u32>,
    next_tenant: Option<u32>,
    pub(super) feed_seq: HashMap<TenantOrd, u64>,
    /// In bulk mode: new posting entries, merged into their blocks when flushed.
    bulk: Option<Indexer>,
    /// In bulk mode: new UPN keys, inserted in key order when flushed (random inserts would
    /// leave half-empty pages). Hashed, not ordered: a create looks its UPN up here, and a
    /// large load makes far more lookups than the one sort at the flush.
    pub(super) bulk_upns: HashMap<Vec<u8>, [u8; 4]>,
    /// Who makes this transaction's changes, for the feed.
    actor: Actor,
    /// A bulk buffer spills every this many entries (`None`: the default).
    spill_entries: Option<usize>,
}

impl<'t> WriteTables<'t> {
    pub(super) fn table_mut(&mut self, t: Table) -> Result<&mut redb::Table<'t, &'static [u8], &'static [u8]>> {
        self.table(t)?;
        self.cells[t as usize]
            .get_mut()
            .ok_or_else(|| Error::Transaction("table not open".into()))
    }

    /// Stores `value` at `key`.
    pub fn put(&mut self, t: Table, key: &[u8], value: &[u8]) -> Result<()> {
        self.table_mut(t)?.insert(key, value)?;
        Ok(())
    }

    /// Removes `key`.
    pub fn delete(&mut self, t: Table, key: &[u8]) -> Result<()> {
        self.table_mut(t)?.remove(key)?;
        Ok(())
    }

    /// Removes every entry whose key starts with `prefix`, without reading the values (a
    /// damaged value does not stop it).
    pub fn delete_prefixed(&mut self, t: Table, prefix: &[u8]) -> Result<()> {
        let end = keys::prefix_end(prefix);
        self.table_mut(t)?
            .retain_in::<&[u8], _>(prefix..end.as_slice(), |_, _| false)?;
        Ok(())
    }

    fn counter(&mut self, name: &'static [u8], cached: fn(&mut Pending) -> &mut Option<u32>) -> Result<u32> {
        let current = match *cached(&mut self.pending) {
            Some(n) => n,
            None => self.get(Table::Meta, name)?.map_or(1, |v| keys::read_u32(&v)),
        };
        let next = current
            .checked_add(1)
            .ok_or_else(|| Error::invalid("the store has run out of object numbers"))?;
        *cached(&mut self.pending) = Some(next);
        Ok(current)
    }

    /// A new object ordinal.
    pub fn next_object(&mut self) -> Result<ObjOrd> {
        self.counter(b"next_object", |p| &mut p.next_object).map(ObjOrd)
    }

    /// A new tenant ordinal.
    pub fn next_tenant(&mut self) -> Result<TenantOrd> {
        self.counter(b"next_tenant", |p| &mut p.next_tenant).map(TenantOrd)
    }

    /// Stores a tenant (new or changed).
    pub fn put_tenant(&mut self, tenant: &Tenant, old_handle: Option<&str>) -> Result<()> {
        if let Some(old) = old_handle {
            self.delete(Table::TenantHandles, crate::fold::fold(old).as_bytes())?;
        }
        let handle = crate::fold::fold(&tenant.handle);
        self.put(Table::TenantHandles, handle.as_bytes(), &tenant.ord.0.to_be_bytes())?;
        self.put(Table::Tenants, &keys::tenant(tenant.ord), &codec::encode(tenant)?)
    }

    /// Stores a group (new or changed).
    pub fn put_group(&mut self, group: &Group, old_name: Option<&str>) -> Result<()> {
        if let Some(old) = old_name {
            self.delete(Table::GroupNames, &keys::named(group.tenant, old))?;
        }
        self.put(
            Table::GroupNames,
            &keys::named(group.tenant, &group.display_name),
            &group.ord.0.to_be_bytes(),
        )?;
        self.put(
            Table::ObjectIds,
            group.id.as_bytes(),
            &keys::object(group.tenant, group.ord),
        )?;
        self.put(
            Table::Groups,
            &keys::object(group.tenant, group.ord),
            &codec::encode(group)?,
        )
    }

    /// Who the changes of this transaction are made by, for the change feed (the operator
    /// unless set).
    /// Returns the actor it replaces.
    pub fn set_actor(&mut self, actor: Actor) -> Actor {
        std::mem::replace(&mut self.pending.actor, actor)
    }

    /// Writes a user change: `old` is the stored version (None when creating), `new` the
    /// version to store (None when purging). Maintains every index in this transaction and
    /// appends the change to the tenant's feed. The unique keys (UPN, home identity) are
    /// checked before anything is written, so a refused change leaves the transaction as it
    /// was; the directory checks the same rules first, with better words.
    pub fn write_user(&mut self, old: Option<&User>, new: Option<&User>, op: ChangeOp) -> Result<()> {
        let (before, after) = match (old, new) {
            (Some(old), Some(new)) => {
                let (before, after) = index::derive_update(old, new);
                (Some(before), Some(after))
            }
            _ => (old.map(index::derive), new.map(index::derive)),
        };
        self.write_derived(old, new, before, after, op, Known::Nothing)
    }

    /// [`WriteTables::write_user`] of a new user whose index entries were derived already
    /// (a bulk load derives them on another thread); `derived` must be `index::derive(user)`.
    /// The caller has checked, in this transaction, that the user's UPN and home identity are
    /// free (`directory::bulk` does, with the directory's own errors), so they are not looked
    /// up again.
    pub fn create_user(&mut self, user: &User, derived: index::Derived) -> Result<()> {
        debug_assert_eq!(derived, index::derive(user), "entries derived from another user");
        debug_assert!(
            self.user_ord_by_upn(user.tenant, &user.user_principal_name)
                .is_ok_and(|o| o.is_none()),
            "create_user of a taken UPN"
        );
        self.write_derived(None, Some(user), None, Some(derived), ChangeOp::Create, Known::KeysFree)
    }

    /// [`WriteTables::create_user`] that derives the entries itself. In bulk mode they are
    /// derived where the bulk buffer is, which is a thread of its own once the load is large:
    /// the writing thread then derives only the user's keys.
    pub fn create_user_deriving(&mut self, user: &User) -> Result<()> {
        if self.pending.bulk.is_none() {
            return self.create_user(user, index::derive(user));
        }
        debug_assert!(
            self.user_ord_by_upn(user.tenant, &user.user_principal_name)
                .is_ok_and(|o| o.is_none()),
            "create_user_deriving of a taken UPN"
        );
        let keys = index::derive_keys(user);
        self.write_derived(
            None,
            Some(user),
            None,
            Some(keys),
            ChangeOp::Create,
            Known::KeysFreeEntriesAside,
        )
    }

    fn write_derived(
        &mut self,
        old: Option<&User>,
        new: Option<&User>,
        before: Option<index::Derived>,
        after: Option<index::Derived>,
        op: ChangeOp,
        known: Known,
    ) -> Result<()> {
        let Some(subject) = new.or(old) else { return Ok(()) };
        let (t, o) = (subject.tenant, subject.ord);
        let ord_bytes = o.0.to_be_bytes();
        let keys_checked = known != Known::Nothing;
        let bulk_create = self.pending.bulk.is_some() && old.is_none();
        debug_assert!(
            bulk_create || known != Known::KeysFreeEntriesAside,
            "entries left to a bulk buffer outside a bulk create"
        );
        let parts = |d: Option<index::Derived>| match d {
            Some(d) => (d.postings, Some(d.upn), d.home),
            None => (Vec::new(), None, None),
        };
        let (old_postings, old_upn, old_home) = parts(before);
        let (new_postings, new_upn, new_home) = parts(after);
        let (old_upn, new_upn) = (old_upn.as_ref(), new_upn.as_ref());
        let (old_home, new_home) = (old_home.as_ref(), new_home.as_ref());
        if let Some(k) = new_upn.filter(|k| !keys_checked && Some(*k) != old_upn) {
            if self.pending.bulk_upns.contains_key(k) || self.taken_by_other(Table::Upns, k, &ord_bytes)? {
                return Err(Error::invalid(format!(
                    "a user with UPN `{}` already exists in this tenant",
                    subject.user_principal_name
                )));
            }
        }
        if let Some(k) = new_home.filter(|k| !keys_checked && Some(*k) != old_home) {
            if self.taken_by_other(Table::Homes, k, &ord_bytes)? {
                return Err(Error::invalid(
                    "this tenant already holds a B2B user for that home user",
                ));
            }
        }
        if bulk_create && known == Known::KeysFreeEntriesAside {
            // Bulk mode: the buffer derives a new user's entries.
            self.buffer_user(subject)?;
        } else if bulk_create {
            // Bulk mode: a new user's entries go to the buffer.
            self.buffer_postings(new_postings)?;
        } else {
            self.apply_postings(&old_postings, &new_postings)?;
        }
        if old_upn != new_upn {
            if let Some(k) = old_upn {
                self.delete(Table::Upns, k)?;
            }
            if let Some(k) = new_upn {
                if bulk_create {
                    self.pending.bulk_upns.insert(k.clone(), ord_bytes);
                } else {
                    self.put(Table::Upns, k, &ord_bytes)?;
                }
            }
        }
        if old_home != new_home {
            if let Some(k) = old_home {
                self.delete(Table::Homes, k)?;
            }
            if let Some(k) = new_home {
                self.put(Table::Homes, k, &ord_bytes)?;
            }
        }
        match new {
            Some(user) => {
                if old.is_none() {
                    self.put(Table::ObjectIds, user.id.as_bytes(), &keys::object(t, o))?;
                }
                self.put(Table::Users, &keys::object(t, o), &codec::encode(user)?)?;
            }
            None => {
                self.delete(Table::ObjectIds, subject.id.as_bytes())?;
                self.delete(Table::Users, &keys::object(t, o))?;
            }
        }
        let properties = if bulk_create {
            Vec::new()
        } else {
            self.property_changes(t, old, new)?
        };
        self.append_change(subject, op, properties)
    }

    /// True when `key` of a unique table belongs to another object than `ord`.
    fn taken_by_other(&self, t: Table, key: &[u8], ord: &[u8; 4]) -> Result<bool> {
        Ok(self.get(t, key)?.is_some_and(|v| v.as_slice() != ord.as_slice()))
    }

    /// The properties that differ between `old` and `new`, references named (the manager by
    /// UPN, groups by name) so that the record means the same after a purge.
    fn property_changes(&self, t: TenantOrd, old: Option<&User>, new: Option<&User>) -> Result<Vec<PropertyChange>> {
        let mut out = Vec::new();
        for &attr in Attr::ALL {
            if attr.recorded_in_changes() {
                let before = old.map_or(Value::Null, |u| u.get(attr));
                let after = new.map_or(Value::Null, |u| u.get(attr));
                if before != after && !(old.is_none() && after.is_null()) && new.is_some() {
                    out.push(PropertyChange {
                        property: attr.name().to_owned(),
                        old: self.named(t, attr, before)?,
                        new: self.named(t, attr, after)?,
                    });
                }
            }
        }
        Ok(out)
    }

    /// A reference value named: a manager's ordinal by its UPN, group ordinals by name.
    fn named(&self, t: TenantOrd, attr: Attr, value: Value) -> Result<Value> {
        let ord = |v: &Value| match v {
            Value::Int(i) => u32::try_from(*i).ok().map(ObjOrd),
            _ => None,
        };
        Ok(match (attr, &value) {
            (Attr::Manager, v) => match ord(v) {
                Some(o) => self.user(t, o)?.map_or(value, |u| Value::Str(u.user_principal_name)),
                None => value,
            },
            (Attr::MemberOf, Value::List(items)) => {
                let mut names = Vec::with_capacity(items.len());
                for o in items.iter().filter_map(ord) {
                    names.push(
                        self.group(t, o)?
                            .map_or(Value::Int(i64::from(o.0)), |g| Value::Str(g.display_name)),
                    );
                }
                Value::List(names)
            }
            _ => value,
        })
    }

    /// Bulk loads of this transaction spill their sorted entries to a temporary file every
    /// `entries` entries.
    pub fn set_bulk_spill(&mut self, entries: usize) {
        self.pending.spill_entries = Some(entries);
    }

    fn new_buffer(&self) -> Indexer {
        new_buffer(self.pending.spill_entries)
    }

    /// Bulk mode (for imports): new posting entries are buffered and inserted in key order,
    /// which turns random B-tree inserts into sequential ones. Postings must not be read
    /// while it is on; removals flush the buffer first. [`Tables::finish`](super::Tables::finish)
    /// flushes it.
    pub fn set_bulk(&mut self, on: bool) -> Result<()> {
        if on {
            if self.pending.bulk.is_none() {
                self.pending.bulk = Some(self.new_buffer());
            }
            Ok(())
        } else {
            self.flush_bulk()?;
            self.pending.bulk = None;
            Ok(())
        }
    }

    /// Adds a new user's posting entries to the bulk buffer.
    fn buffer_postings(&mut self, postings: Vec<index::Posting>) -> Result<()> {
        self.bulk_buffer().add(postings)
    }

    /// Adds a new user to the bulk buffer, which derives its posting entries.
    pub(super) fn buffer_user(&mut self, user: &User) -> Result<()> {
        self.bulk_buffer().add_user(user)
    }

    /// The bulk buffer, made if there is none.
    fn bulk_buffer(&mut self) -> &mut Indexer {
        let spill = self.pending.spill_entries;
        self.pending.bulk.get_or_insert_with(|| new_buffer(spill))
    }

    fn flush_bulk(&mut self) -> Result<()> {
        let mut upns: Vec<_> = std::mem::take(&mut self.pending.bulk_upns).into_iter().collect();
        upns.sort_unstable();
        let sorted = if self.pending.bulk.as_ref().is_none_or(Indexer::is_empty) {
            None
        } else {
            let fresh = self.new_buffer();
            match self.pending.bulk.replace(fresh) {
                // A buffer on its own thread sorts while the UPNs are written.
                Some(indexer) => Some(indexer.finish()?),
                None => None,
            }
        };
        for (k, ord) in &upns {
            self.table_mut(Table::Upns)?.insert(k.as_slice(), ord.as_slice())?;
        }
        let Some(sorted) = sorted else {
            return Ok(());
        };
        for (head, added) in &sorted.added {
            self.count_delta(head, i64::try_from(*added).unwrap_or(i64::MAX));
        }
        for group in sorted.groups {
            let (head, entries) = group?;
            self.merge_posting(&head, entries)?;
        }
        Ok(())
    }

    /// Removes the entries only in `before`, inserts those only in `after` (both sorted).
    fn apply_postings(&mut self, before: &[index::Posting], after: &[index::Posting]) -> Result<()> {
        // Removals and changes must see every earlier insert: flush a bulk buffer first.
        self.flush_bulk()?;
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < after.len() {
            let order = match (before.get(i), after.get(j)) {
                (Some(b), Some(a)) => b.key.cmp(&a.key),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    let gone = &before[i];
                    self.posting_remove(gone.head(), &gone.key[gone.head_len..])?;
                    self.count_delta(gone.head(), -1);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    let new = &after[j];
                    self.posting_put(new.head(), &new.key[new.head_len..], &new.value)?;
                    self.count_delta(new.head(), 1);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    if before[i].value != after[j].value {
                        let new = &after[j];
                        self.posting_put(new.head(), &new.key[new.head_len..], &new.value)?;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    fn count_delta(&mut self, head: &[u8], delta: i64) {
        match self.pending.counts.get_mut(head) {
            Some(n) => *n += delta,
            None => {
                self.pending.counts.insert(head.to_vec(), delta);
            }
        }
    }

    fn append_change(&mut self, user: &User, op: ChangeOp, properties: Vec<PropertyChange>) -> Result<()> {
        let name = user.user_principal_name.clone();
        self.record(user.tenant, Subject::User, user.id, name, op, properties)
    }

    /// Appends a change to tenant `t`'s feed, made by this transaction's actor.
    pub fn record(
        &mut self,
        t: TenantOrd,
        subject: Subject,
        object: uuid::Uuid,
        name: String,
        op: ChangeOp,
        properties: Vec<PropertyChange>,
    ) -> Result<()> {
        let seq = self.last_change(t)? + 1;
        self.pending.feed_seq.insert(t, seq);
        let change = Change {
            seq,
            subject,
            object,
            name,
            op,
            actor: self.pending.actor.clone(),
            at: now_millis(),
            properties,
        };
        self.put(Table::Feed, &keys::feed(t, seq), &codec::encode(&change)?)
    }

    /// Flushes counters and posting counts. Call before committing.
    pub fn finish(mut self) -> Result<()> {
        self.flush_bulk()?;
        let pending = std::mem::take(&mut self.pending);
        if let Some(n) = pending.next_object {
            self.put(Table::Meta, b"next_object", &n.to_be_bytes())?;
        }
        if let Some(n) = pending.next_tenant {
            self.put(Table::Meta, b"next_tenant", &n.to_be_bytes())?;
        }
        let mut counts: Vec<_> = pending.counts.into_iter().filter(|(_, d)| *d != 0).collect();
        counts.sort();
        for (head, delta) in counts {
            let total = self.count(&head)?.saturating_add_signed(delta);
            if total == 0 {
                self.delete(Table::Counts, &head)?;
            } else {
                self.put(Table::Counts, &head, &total.to_be_bytes())?;
            }
        }
        Ok(())
    }
}

/// An empty bulk buffer that spills every `spill_entries` entries (`None`: the default).
fn new_buffer(spill_entries: Option<usize>) -> Indexer {
    Indexer::new(spill_entries.map_or_else(BulkBuffer::default, BulkBuffer::spilling_at))
}

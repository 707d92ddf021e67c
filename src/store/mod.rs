//! The redb store: one file, typed table definitions ([`tables`]), key encodings ([`keys`]),
//! the value codec ([`codec`]), index derivation ([`index`]), and the change feed.
//!
//! [`Tables`] is the view a statement works through, over a read transaction (MVCC snapshot;
//! readers never wait) or a write transaction. Tables open lazily, the first time a statement
//! touches them, so a search opens only what it reads.

pub mod block;
mod bulk;
pub mod codec;
pub mod index;
pub mod keys;
mod postings;
pub mod tables;

use crate::error::{Error, Result};
use crate::model::{Change, ChangeOp, Group, ObjOrd, Tenant, TenantOrd, User, ids::now_millis};
use bulk::BulkBuffer;
use redb::{ReadTransaction, ReadableDatabase, ReadableTable, WriteTransaction};
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tables::Def;

/// What the `magic` meta entry holds in every mtodir file.
const MAGIC: &[u8] = b"mtodir";
/// The file format this build writes and reads. 2: postings in prefix-compressed blocks;
/// 3: typeahead terms of up to four characters.
pub const FORMAT_VERSION: u32 = 3;
/// The page cache redb gets unless told otherwise (bytes).
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

/// Every table of the store, in the order of [`Table`].
const DEFS: [Def; 12] = [
    tables::META,
    tables::TENANTS,
    tables::TENANT_HANDLES,
    tables::USERS,
    tables::UPNS,
    tables::HOMES,
    tables::OBJECT_IDS,
    tables::GROUPS,
    tables::GROUP_NAMES,
    tables::POSTINGS,
    tables::COUNTS,
    tables::FEED,
];

/// Names the tables of [`DEFS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Table {
    Meta,
    Tenants,
    TenantHandles,
    Users,
    Upns,
    Homes,
    ObjectIds,
    Groups,
    GroupNames,
    Postings,
    Counts,
    Feed,
}

/// Opens the redb database at `path`, creating it if missing, and checks that it is an
/// mtodir file of a format this build reads. An existing file is checked read-only first, so
/// that a file of another program is refused without being touched.
pub fn open(path: &Path, cache_bytes: usize) -> Result<redb::Database> {
    let existing = std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
    if existing {
        match redb::Database::builder()
            .set_cache_size(cache_bytes)
            .open_read_only(path)
        {
            Ok(db) => {
                identify(&db.begin_read()?, path)?;
            }
            // A file that was not closed cleanly needs the repair that a read-write open does;
            // it is identified after that.
            Err(redb::DatabaseError::RepairAborted) => {}
            Err(e) => return Err(open_error(path, e)),
        }
    }
    let db = redb::Database::builder()
        .set_cache_size(cache_bytes)
        .create(path)
        .map_err(|e| open_error(path, e))?;
    let state = identify(&db.begin_read()?, path)?;
    if state != Identity::Complete {
        initialize(&db)?;
    }
    Ok(db)
}

fn open_error(path: &Path, e: redb::DatabaseError) -> Error {
    let shown = path.display();
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => Error::Format(format!(
            "{shown} is already open (here or in another mtodir process); close it there first"
        )),
        redb::DatabaseError::Storage(redb::StorageError::Io(io)) if io.kind() == std::io::ErrorKind::InvalidData => {
            Error::Format(format!(
                "{shown} is not an mtodir database (it is not a redb file: {io})"
            ))
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(io)) => Error::Io {
            path: path.to_owned(),
            source: io,
        },
        other => Error::Format(format!("{shown} is not an mtodir database ({other})")),
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// No tables yet: a new file.
    Empty,
    /// An mtodir file without some tables of this build (it gets them).
    Incomplete,
    /// An mtodir file with every table.
    Complete,
}

/// Says what the file holds, or refuses a file of another program or of a newer format.
fn identify(read: &ReadTransaction, path: &Path) -> Result<Identity> {
    let names: Vec<String> = read
        .list_tables()?
        .map(|t| redb::TableHandle::name(&t).to_owned())
        .collect();
    if names.is_empty() {
        return Ok(Identity::Empty);
    }
    let not_ours = || Error::Format(format!("{} was written by another program, not mtodir", path.display()));
    if !names.iter().any(|n| n == "meta") {
        return Err(not_ours());
    }
    let meta = read.open_table(tables::META)?;
    if meta.get(b"magic".as_slice())?.map(|v| v.value() == MAGIC) != Some(true) {
        return Err(not_ours());
    }
    let format = meta
        .get(b"format".as_slice())?
        .map(|v| keys::read_u32(v.value()))
        .unwrap_or(0);
    if format > FORMAT_VERSION {
        return Err(Error::Format(format!(
            "{} has file format {format}, written by a newer mtodir; this build reads format {FORMAT_VERSION}",
            path.display()
        )));
    }
    if format < FORMAT_VERSION {
        return Err(Error::Format(format!(
            "{} has file format {format}, from an earlier development build whose indexes this build cannot \
             read (it reads format {FORMAT_VERSION}); export its users with that build and import them here",
            path.display()
        )));
    }
    let complete = DEFS
        .iter()
        .all(|d| names.iter().any(|n| n == redb::TableHandle::name(d)));
    Ok(if complete {
        Identity::Complete
    } else {
        Identity::Incomplete
    })
}

/// Creates every table (idempotent) and writes the file's identity.
fn initialize(db: &redb::Database) -> Result<()> {
    let txn = db.begin_write()?;
    for def in DEFS {
        txn.open_table(def)?;
    }
    {
        let mut meta = txn.open_table(tables::META)?;
        meta.insert(b"magic".as_slice(), MAGIC)?;
        meta.insert(b"format".as_slice(), FORMAT_VERSION.to_be_bytes().as_slice())?;
    }
    txn.commit()?;
    Ok(())
}

/// Something tables can be opened from: a read or a write transaction.
pub trait Open {
    /// The table type it opens.
    type T: ReadableTable<&'static [u8], &'static [u8]>;
    /// Opens one table.
    fn open(&self, def: Def) -> Result<Self::T>;
}

impl Open for ReadTransaction {
    type T = redb::ReadOnlyTable<&'static [u8], &'static [u8]>;
    fn open(&self, def: Def) -> Result<Self::T> {
        Ok(self.open_table(def)?)
    }
}

impl<'t> Open for &'t WriteTransaction {
    type T = redb::Table<'t, &'static [u8], &'static [u8]>;
    fn open(&self, def: Def) -> Result<Self::T> {
        Ok(self.open_table(def)?)
    }
}

/// Writes not yet flushed: posting-count deltas and counters, applied by [`Tables::finish`].
#[derive(Default)]
struct Pending {
    counts: HashMap<Vec<u8>, i64>,
    next_object: Option<u32>,
    next_tenant: Option<u32>,
    feed_seq: HashMap<TenantOrd, u64>,
    /// In bulk mode: new posting entries, merged into their blocks when flushed.
    bulk: Option<BulkBuffer>,
    /// In bulk mode: new UPN keys, inserted in key order when flushed (random inserts would
    /// leave half-empty pages).
    bulk_upns: BTreeMap<Vec<u8>, [u8; 4]>,
}

/// The tables of one transaction, opened on first use.
pub struct Tables<S: Open> {
    src: S,
    cells: [OnceCell<S::T>; DEFS.len()],
    pending: Pending,
}

/// Tables of a read transaction.
pub type ReadTables = Tables<ReadTransaction>;
/// Tables of a write transaction.
pub type WriteTables<'t> = Tables<&'t WriteTransaction>;

impl<S: Open> Tables<S> {
    /// The tables of `src`.
    pub fn new(src: S) -> Tables<S> {
        Tables {
            src,
            cells: Default::default(),
            pending: Pending::default(),
        }
    }

    /// One table, opened if needed.
    pub fn table(&self, t: Table) -> Result<&S::T> {
        let cell = &self.cells[t as usize];
        if let Some(table) = cell.get() {
            return Ok(table);
        }
        let opened = self.src.open(DEFS[t as usize])?;
        Ok(cell.get_or_init(|| opened))
    }

    /// The value at `key`, copied out.
    pub fn get(&self, t: Table, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.table(t)?.get(key)?.map(|v| v.value().to_vec()))
    }

    /// True when `key` is present.
    pub fn contains(&self, t: Table, key: &[u8]) -> Result<bool> {
        Ok(self.table(t)?.get(key)?.is_some())
    }

    /// Entries with keys in `[from, to)`.
    pub fn range<'a>(
        &'a self,
        t: Table,
        from: &[u8],
        to: &[u8],
    ) -> Result<redb::Range<'a, &'static [u8], &'static [u8]>> {
        Ok(self.table(t)?.range::<&[u8]>(from..to)?)
    }

    /// Entries whose keys start with `prefix`.
    pub fn prefixed<'a>(&'a self, t: Table, prefix: &[u8]) -> Result<redb::Range<'a, &'static [u8], &'static [u8]>> {
        self.range(t, prefix, &keys::prefix_end(prefix))
    }

    /// The number of entries of the posting with this head (see [`index::Posting::head`]).
    pub fn count(&self, head: &[u8]) -> Result<u64> {
        let stored = self.get(Table::Counts, head)?.map_or(0, |v| read_u64(&v));
        let pending = self.pending.counts.get(head).copied().unwrap_or(0);
        Ok(stored.saturating_add_signed(pending))
    }

    /// A tenant by ordinal.
    pub fn tenant(&self, t: TenantOrd) -> Result<Option<Tenant>> {
        self.get(Table::Tenants, &keys::tenant(t))?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// A tenant by handle (case-insensitive).
    pub fn tenant_by_handle(&self, handle: &str) -> Result<Option<Tenant>> {
        let key = crate::fold::fold(handle);
        match self.get(Table::TenantHandles, key.as_bytes())? {
            Some(ord) => self.tenant(TenantOrd(keys::read_u32(&ord))),
            None => Ok(None),
        }
    }

    /// The tenant with this handle, or [`Error::UnknownTenant`] naming the nearest handle.
    pub fn resolve_tenant(&self, handle: &str) -> Result<Tenant> {
        if let Some(t) = self.tenant_by_handle(handle)? {
            return Ok(t);
        }
        let handles: Vec<String> = self.tenants()?.into_iter().map(|t| t.handle).collect();
        Err(Error::UnknownTenant {
            name: handle.to_owned(),
            hint: crate::suggest::hint(handle, handles.iter().map(String::as_str)),
        })
    }

    /// Every tenant, in creation order.
    pub fn tenants(&self) -> Result<Vec<Tenant>> {
        let mut out = Vec::new();
        for entry in self.table(Table::Tenants)?.iter()? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }

    /// A user by ordinal.
    pub fn user(&self, t: TenantOrd, o: ObjOrd) -> Result<Option<User>> {
        self.get(Table::Users, &keys::object(t, o))?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// The ordinal of the user with this UPN (case-insensitive).
    pub fn user_ord_by_upn(&self, t: TenantOrd, upn: &str) -> Result<Option<ObjOrd>> {
        let key = keys::named(t, upn);
        if let Some(ord) = self.pending.bulk_upns.get(&key) {
            return Ok(Some(ObjOrd(u32::from_be_bytes(*ord))));
        }
        Ok(self.get(Table::Upns, &key)?.map(|v| ObjOrd(keys::read_u32(&v))))
    }

    /// The ordinal of the B2B user of tenant `t` whose home identity is `home`.
    pub fn user_ord_by_home(&self, t: TenantOrd, home: &crate::model::Home) -> Result<Option<ObjOrd>> {
        let key = keys::home(t, &home.tenant, &home.object);
        Ok(self.get(Table::Homes, &key)?.map(|v| ObjOrd(keys::read_u32(&v))))
    }

    /// The user with this UPN (case-insensitive).
    pub fn user_by_upn(&self, t: TenantOrd, upn: &str) -> Result<Option<User>> {
        match self.user_ord_by_upn(t, upn)? {
            Some(o) => self.user(t, o),
            None => Ok(None),
        }
    }

    /// A group by ordinal.
    pub fn group(&self, t: TenantOrd, o: ObjOrd) -> Result<Option<Group>> {
        self.get(Table::Groups, &keys::object(t, o))?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// A group by name (case-insensitive).
    pub fn group_by_name(&self, t: TenantOrd, name: &str) -> Result<Option<Group>> {
        match self.get(Table::GroupNames, &keys::named(t, name))? {
            Some(o) => self.group(t, ObjOrd(keys::read_u32(&o))),
            None => Ok(None),
        }
    }

    /// Every group of a tenant.
    pub fn groups(&self, t: TenantOrd) -> Result<Vec<Group>> {
        let mut out = Vec::new();
        for entry in self.prefixed(Table::Groups, &keys::tenant(t))? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }

    /// Every user of a tenant, in ordinal order (a full scan).
    pub fn scan_users(&self, t: TenantOrd, mut each: impl FnMut(User) -> Result<()>) -> Result<()> {
        for entry in self.prefixed(Table::Users, &keys::tenant(t))? {
            let (_, v) = entry?;
            each(codec::decode(v.value())?)?;
        }
        Ok(())
    }

    /// The change feed of a tenant after `after`, in order.
    pub fn changes(&self, t: TenantOrd, after: u64) -> Result<Vec<Change>> {
        let mut out = Vec::new();
        let from = keys::feed(t, after.saturating_add(1));
        for entry in self.range(Table::Feed, &from, &keys::prefix_end(&keys::tenant(t)))? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }

    /// The last sequence number of a tenant's change feed (0 when empty).
    pub fn last_change(&self, t: TenantOrd) -> Result<u64> {
        if let Some(seq) = self.pending.feed_seq.get(&t) {
            return Ok(*seq);
        }
        let last = self.prefixed(Table::Feed, &keys::tenant(t))?.next_back().transpose()?;
        Ok(last.map_or(0, |(k, _)| read_u64(&k.value()[4..])))
    }
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = bytes.len().min(8);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(b)
}

impl<'t> WriteTables<'t> {
    fn table_mut(&mut self, t: Table) -> Result<&mut redb::Table<'t, &'static [u8], &'static [u8]>> {
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

    /// Writes a user change: `old` is the stored version (None when creating), `new` the
    /// version to store (None when purging). Maintains every index in this transaction and
    /// appends the change to the tenant's feed.
    pub fn write_user(&mut self, old: Option<&User>, new: Option<&User>, op: ChangeOp) -> Result<()> {
        let Some(subject) = new.or(old) else { return Ok(()) };
        let (t, o) = (subject.tenant, subject.ord);
        let before = old.map(index::derive);
        let after = new.map(index::derive);
        if before.is_none() && self.pending.bulk.is_some() {
            // Bulk mode: a new user's entries go to the buffer.
            self.buffer_postings(after.as_ref().map_or(&[], |d| d.postings.as_slice()))?;
        } else {
            let empty = Vec::new();
            self.apply_postings(
                before.as_ref().map_or(&empty, |d| &d.postings),
                after.as_ref().map_or(&empty, |d| &d.postings),
            )?;
        }
        let ord_bytes = o.0.to_be_bytes();
        let (old_upn, new_upn) = (before.as_ref().map(|d| &d.upn), after.as_ref().map(|d| &d.upn));
        if old_upn != new_upn {
            if let Some(k) = old_upn {
                self.delete(Table::Upns, k)?;
            }
            if let Some(k) = new_upn {
                let taken = || {
                    format!(
                        "a user with UPN `{}` already exists in this tenant",
                        subject.user_principal_name
                    )
                };
                if self.pending.bulk.is_some() && old.is_none() {
                    if self.pending.bulk_upns.contains_key(k) || self.contains(Table::Upns, k)? {
                        return Err(Error::invalid(taken()));
                    }
                    self.pending.bulk_upns.insert(k.clone(), ord_bytes);
                } else {
                    self.put_unique(Table::Upns, k, &ord_bytes, taken)?;
                }
            }
        }
        let (old_home, new_home) = (
            before.as_ref().and_then(|d| d.home.as_ref()),
            after.as_ref().and_then(|d| d.home.as_ref()),
        );
        if old_home != new_home {
            if let Some(k) = old_home {
                self.delete(Table::Homes, k)?;
            }
            if let Some(k) = new_home {
                self.put_unique(Table::Homes, k, &ord_bytes, || {
                    "this tenant already holds a B2B user for that home user".to_owned()
                })?;
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
        self.append_change(t, o, op)
    }

    /// Bulk mode (for imports): new posting entries are buffered and inserted in key order,
    /// which turns random B-tree inserts into sequential ones. Postings must not be read
    /// while it is on; removals flush the buffer first. [`Tables::finish`] flushes it.
    pub fn set_bulk(&mut self, on: bool) -> Result<()> {
        if on {
            self.pending.bulk.get_or_insert_with(BulkBuffer::default);
            Ok(())
        } else {
            self.flush_bulk()?;
            self.pending.bulk = None;
            Ok(())
        }
    }

    /// Adds a new user's posting entries to the bulk buffer.
    fn buffer_postings(&mut self, postings: &[index::Posting]) -> Result<()> {
        let buffer = self.pending.bulk.get_or_insert_with(BulkBuffer::default);
        for p in postings {
            buffer.add(p)?;
        }
        Ok(())
    }

    fn flush_bulk(&mut self) -> Result<()> {
        let upns = std::mem::take(&mut self.pending.bulk_upns);
        for (k, ord) in &upns {
            self.table_mut(Table::Upns)?.insert(k.as_slice(), ord.as_slice())?;
        }
        let Some(buffer) = self.pending.bulk.as_mut().filter(|b| !b.is_empty()) else {
            return Ok(());
        };
        let buffer = std::mem::take(buffer);
        for (head, added) in buffer.added() {
            self.count_delta(head, i64::try_from(added).unwrap_or(i64::MAX));
        }
        for group in buffer.into_sorted()? {
            let (head, entries) = group?;
            self.merge_posting(&head, entries)?;
        }
        Ok(())
    }

    fn put_unique(&mut self, t: Table, key: &[u8], value: &[u8], message: impl FnOnce() -> String) -> Result<()> {
        let previous = self.table_mut(t)?.insert(key, value)?.map(|v| v.value().to_vec());
        match previous {
            Some(p) if p != value => Err(Error::invalid(message())),
            _ => Ok(()),
        }
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

    fn append_change(&mut self, t: TenantOrd, object: ObjOrd, op: ChangeOp) -> Result<()> {
        let seq = self.last_change(t)? + 1;
        self.pending.feed_seq.insert(t, seq);
        let change = Change {
            seq,
            object,
            op,
            at: now_millis(),
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

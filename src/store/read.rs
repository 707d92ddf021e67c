//! The read view: [`Tables`], the tables of one transaction opened on first use, and the
//! getters every statement reads through (tenants, users, groups, posting counts, the feed).

use super::tables::Def;
use super::write::Pending;
use super::{DEFS, Table, codec, keys};
use crate::error::{Error, Result};
use crate::model::{Change, Group, ObjOrd, Tenant, TenantOrd, User, UserView};
use redb::{ReadTransaction, ReadableTable, WriteTransaction};
use std::cell::OnceCell;

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

impl Open for &ReadTransaction {
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

/// The tables of one transaction, opened on first use.
pub struct Tables<S: Open> {
    src: S,
    pub(super) cells: [OnceCell<S::T>; DEFS.len()],
    pub(super) pending: Pending,
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

    /// The number of entries of the posting with this head (see
    /// [`index::Posting::head`](super::index::Posting::head)).
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
        // Read in place (no copy of the value first), then each text copied once.
        let Some(guard) = self.table(Table::Users)?.get(&keys::object(t, o)[..])? else {
            return Ok(None);
        };
        owned_user(guard.value()).map(Some)
    }

    /// Reads a user in place and hands it to `f` as a [`UserView`] borrowing the stored
    /// bytes (no copy of the value, no `String` per field); `None` when there is no such
    /// user. A value of an earlier value version is upgraded whole first
    /// ([`codec::decode`]), so `f` sees today's shape either way.
    pub fn with_user<R>(
        &self,
        t: TenantOrd,
        o: ObjOrd,
        f: impl FnOnce(&UserView<'_>) -> Result<R>,
    ) -> Result<Option<R>> {
        let Some(guard) = self.table(Table::Users)?.get(&keys::object(t, o)[..])? else {
            return Ok(None);
        };
        in_place(guard.value(), f).map(Some)
    }

    /// The ordinal of the user with this UPN (case-insensitive).
    pub fn user_ord_by_upn(&self, t: TenantOrd, upn: &str) -> Result<Option<ObjOrd>> {
        let key = keys::named(t, upn);
        if let Some(ord) = self.pending.bulk_upns.get(&key) {
            return Ok(Some(ObjOrd(u32::from_be_bytes(*ord))));
        }
        Ok(self.get(Table::Upns, &key)?.map(|v| ObjOrd(keys::read_u32(&v))))
    }

    /// The tenant and ordinal of the user or group with this GUID.
    pub fn object_by_id(&self, id: &uuid::Uuid) -> Result<Option<(TenantOrd, ObjOrd)>> {
        Ok(self.get(Table::ObjectIds, id.as_bytes())?.map(|v| {
            let t = TenantOrd(keys::read_u32(&v));
            (t, keys::trailing_ord(&v))
        }))
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
            each(owned_user(v.value())?)?;
        }
        Ok(())
    }

    /// Every user of a tenant in ordinal order, each handed to `each` as a [`UserView`] read
    /// in place (a full scan that decodes no `String`; see [`Tables::with_user`]).
    pub fn scan_user_views(&self, t: TenantOrd, mut each: impl FnMut(&UserView<'_>) -> Result<()>) -> Result<()> {
        for entry in self.prefixed(Table::Users, &keys::tenant(t))? {
            let (_, v) = entry?;
            in_place(v.value(), &mut each)?;
        }
        Ok(())
    }

    /// The change feed of a tenant after sequence number `after`, in order, read lazily:
    /// the reader of the audit trail and of incremental sync cycles.
    pub fn changes(&self, t: TenantOrd, after: u64) -> Result<impl Iterator<Item = Result<Change>> + '_> {
        let from = keys::feed(t, after.saturating_add(1));
        let range = self.range(Table::Feed, &from, &keys::prefix_end(&keys::tenant(t)))?;
        Ok(range.map(|entry| {
            let (_, v) = entry?;
            codec::decode(v.value())
        }))
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

/// Hands the stored user `bytes` to `f` as a view: today's value version borrowed in place, an
/// earlier one upgraded whole first.
/// A stored user decoded: today's value version through its view (each text copied once),
/// an earlier one upgraded by [`codec::decode`]. Equal to `codec::decode(bytes)`.
pub(crate) fn owned_user(bytes: &[u8]) -> Result<User> {
    match bytes.split_first() {
        Some((&version, payload)) if version == <User as codec::Stored>::VERSION => {
            codec::body_borrowed::<UserView<'_>>(payload)?
                .to_user()
                .map_err(|e| crate::Error::damaged(format!("a stored user's text is not UTF-8: {e}")))
        }
        _ => codec::decode(bytes),
    }
}

fn in_place<R>(bytes: &[u8], f: impl FnOnce(&UserView<'_>) -> Result<R>) -> Result<R> {
    match bytes.split_first() {
        Some((&version, payload)) if version == <User as codec::Stored>::VERSION => {
            f(&codec::body_borrowed::<UserView<'_>>(payload)?)
        }
        _ => {
            let user: User = codec::decode(bytes)?;
            f(&user.view())
        }
    }
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = bytes.len().min(8);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, TenantOrd, UserType};
    use uuid::Uuid;

    fn users() -> Vec<User> {
        let mut plain = User::new(Uuid::from_u128(1), ObjOrd(3), TenantOrd(2), "annie@a.example", 10);
        plain.apply_defaults();
        let mut full = User::new(Uuid::from_u128(2), ObjOrd(9), TenantOrd(2), "bárbara@b.example", 20);
        full.display_name = Some("Bárbara Núñez 😀".into());
        full.given_name = Some("Bárbara".into());
        full.job_title = Some(String::new());
        full.city = Some("São Paulo".into());
        full.manager = Some(ObjOrd(3));
        full.member_of = vec![ObjOrd(4), ObjOrd(7)];
        full.user_type = UserType::Guest;
        full.source = Source::B2b {
            home_tenant: Uuid::from_u128(5),
            home_object: Uuid::from_u128(6),
        };
        full.deleted = Some(30);
        full.apply_defaults();
        vec![plain, full]
    }

    #[test]
    fn an_owned_user_read_through_its_view_equals_a_whole_decode() {
        for user in users() {
            let bytes = codec::encode(&user).unwrap();
            let whole: User = codec::decode(&bytes).unwrap();
            assert_eq!(owned_user(&bytes).unwrap(), whole);
            assert_eq!(whole, user);
        }
    }

    #[test]
    fn text_that_is_not_utf8_is_damage_not_a_panic() {
        let user = &users()[1];
        let mut bytes = codec::encode(user).unwrap();
        let at = bytes.windows(2).position(|w| w == "ú".as_bytes()).unwrap();
        bytes[at] = 0xff;
        assert!(matches!(owned_user(&bytes), Err(crate::Error::Damaged { .. })));
        assert!(matches!(
            codec::decode::<User>(&bytes),
            Err(crate::Error::Damaged { .. })
        ));
        assert!(matches!(
            owned_user(&bytes[..bytes.len() / 2]),
            Err(crate::Error::Damaged { .. })
        ));
    }
}

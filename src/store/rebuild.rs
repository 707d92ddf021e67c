//! `--repair`: the derived tables (postings, counts, UPNs, homes, object ids, group names,
//! tenant handles) emptied and rebuilt from the tenants, users and groups, and the counters
//! moved past the ordinals in use, in the caller's one write transaction. The change feed
//! and the records themselves are left as they are.

use super::{DEFS, Table, Tables, codec, index, keys};
use crate::error::Result;
use crate::fold::fold;
use crate::model::{Group, Tenant, User};
use redb::WriteTransaction;

/// The tables a rebuild empties and fills again.
pub const DERIVED: [Table; 7] = [
    Table::TenantHandles,
    Table::Upns,
    Table::Homes,
    Table::ObjectIds,
    Table::GroupNames,
    Table::Postings,
    Table::Counts,
];

/// Users are read this many at a time (the users table cannot be read while others are
/// written through the same view).
const CHUNK: usize = 4096;

/// What a rebuild wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Tenants whose handles were written.
    pub tenants: u64,
    /// Groups whose names and ids were written.
    pub groups: u64,
    /// Users whose entries were written.
    pub users: u64,
    /// Records that cannot be read or whose key disagrees with them, left out.
    pub skipped: u64,
}

/// Empties the derived tables of `txn` and rebuilds them from the records; bulk buffers spill
/// every `spill_entries` entries. Must be committed by the caller.
pub fn rebuild(txn: &WriteTransaction, spill_entries: usize) -> Result<Rebuilt> {
    for table in DERIVED {
        let def = DEFS[table as usize];
        txn.delete_table(def)?;
        txn.open_table(def)?;
    }
    let mut w = Tables::new(txn);
    w.set_bulk_spill(spill_entries);
    w.set_bulk(true)?;
    let mut out = Rebuilt::default();
    let (mut highest_tenant, mut highest_object) = (0u32, 0u32);
    for (key, value) in read_all(&w, Table::Tenants, &[], usize::MAX)? {
        match codec::decode::<Tenant>(&value) {
            Ok(tenant) if key == keys::tenant(tenant.ord) => {
                highest_tenant = highest_tenant.max(tenant.ord.0);
                w.put(Table::TenantHandles, fold(&tenant.handle).as_bytes(), &key)?;
                out.tenants += 1;
            }
            _ => out.skipped += 1,
        }
    }
    for (key, value) in read_all(&w, Table::Groups, &[], usize::MAX)? {
        match codec::decode::<Group>(&value) {
            Ok(group) if key == keys::object(group.tenant, group.ord) => {
                highest_object = highest_object.max(group.ord.0);
                w.put(
                    Table::GroupNames,
                    &keys::named(group.tenant, &group.display_name),
                    &group.ord.0.to_be_bytes(),
                )?;
                w.put(Table::ObjectIds, group.id.as_bytes(), &key)?;
                out.groups += 1;
            }
            _ => out.skipped += 1,
        }
    }
    let mut from = Vec::new();
    loop {
        let chunk = read_all(&w, Table::Users, &from, CHUNK)?;
        let Some((last, _)) = chunk.last() else { break };
        from = last.clone();
        from.push(0);
        for (key, value) in chunk {
            let user = match codec::decode::<User>(&value) {
                Ok(user) if key == keys::object(user.tenant, user.ord) => user,
                _ => {
                    out.skipped += 1;
                    continue;
                }
            };
            highest_object = highest_object.max(user.ord.0);
            // The keys here; the entries where the bulk buffer is (its thread, once it has one).
            let derived = index::derive_keys(&user);
            let ord = user.ord.0.to_be_bytes();
            w.pending.bulk_upns.insert(derived.upn, ord);
            if let Some(home) = &derived.home {
                w.put(Table::Homes, home, &ord)?;
            }
            w.put(Table::ObjectIds, user.id.as_bytes(), &key)?;
            w.buffer_user(&user)?;
            out.users += 1;
        }
    }
    for (name, highest) in [(b"next_object", highest_object), (b"next_tenant", highest_tenant)] {
        let next = w.get(Table::Meta, name)?.map_or(1, |v| keys::read_u32(&v));
        if next <= highest {
            w.put(Table::Meta, name, &highest.saturating_add(1).to_be_bytes())?;
        }
    }
    w.finish()?;
    Ok(out)
}

/// Up to `limit` entries of `table` from key `from` on, copied out.
fn read_all(w: &Tables<&WriteTransaction>, table: Table, from: &[u8], limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in redb::ReadableTable::range::<&[u8]>(w.table(table)?, from..)?.take(limit) {
        let (k, v) = entry?;
        out.push((k.value().to_vec(), v.value().to_vec()));
    }
    Ok(out)
}

//! The check of every invariant mtodir keeps, over one transaction's view: each posting holds
//! exactly the entries [`index::derive`] gives for its users (compared posting by posting
//! through a count and a sum of 128-bit entry hashes, and diffed entry by entry for the first
//! postings that differ), the counts equal the postings, the lookup tables (UPNs, homes,
//! object ids, group names, tenant handles) equal the records, `memberOf` names groups that
//! exist, each tenant's change feed is numbered 1, 2, 3, …, the synchronization records hold
//! (see `sync.rs`: every provisioned user has its link and its log), and the counters are ahead
//! of the ordinals in use. Memory is one tally per posting, whatever the number of users.

mod postings;
mod sync;

use super::problems::{Counted, LISTED, Problem};
use super::{Open, Table, Tables, codec, index, keys};
use crate::error::Result;
use crate::fold::fold;
use crate::model::{Change, Group, ObjOrd, Tenant, TenantOrd, User};
use postings::Tally;
use redb::ReadableTable;
use std::collections::{BTreeMap, HashMap};

/// What the scan found: the first [`LISTED`] problems, how many more, what it looked at.
#[derive(Debug, Default)]
pub struct Found {
    /// The problems listed.
    pub problems: Vec<Problem>,
    /// How many more there were.
    pub more: u64,
    /// What was looked at.
    pub counted: Counted,
}

impl Found {
    fn add(&mut self, p: Problem) {
        if self.problems.len() < LISTED {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }
}

/// The scan's state.
struct Scan<'a, S: Open> {
    t: &'a Tables<S>,
    tenants: BTreeMap<u32, Tenant>,
    groups: HashMap<(u32, u32), Group>,
    found: Found,
    highest_object: u32,
}

/// Checks every invariant over the view `t`.
pub fn scan<S: Open>(t: &Tables<S>) -> Result<Found> {
    let mut s = Scan {
        t,
        tenants: BTreeMap::new(),
        groups: HashMap::new(),
        found: Found::default(),
        highest_object: 0,
    };
    s.tenants()?;
    s.groups()?;
    let expected = s.users()?;
    s.lookups()?;
    let mut stored = s.postings()?;
    s.compare(&expected, &stored)?;
    s.counts(&mut stored)?;
    s.feed()?;
    s.syncs()?;
    s.counters()?;
    Ok(s.found)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ord_of(bytes: &[u8]) -> Option<u32> {
    <[u8; 4]>::try_from(bytes).ok().map(u32::from_be_bytes)
}

impl<S: Open> Scan<'_, S> {
    fn handle(&self, t: u32) -> String {
        self.tenants
            .get(&t)
            .map_or_else(|| format!("#{t}"), |x| x.handle.clone())
    }

    fn bad(&mut self, table: Table, key: String, detail: String) {
        self.found.add(Problem::BadRecord { table, key, detail });
    }

    fn tenants(&mut self) -> Result<()> {
        let t = self.t;
        for entry in t.table(Table::Tenants)?.iter()? {
            let (k, v) = entry?;
            match codec::decode::<Tenant>(v.value()) {
                Ok(tenant) if k.value() == keys::tenant(tenant.ord) => {
                    self.tenants.insert(tenant.ord.0, tenant);
                }
                Ok(tenant) => self.bad(
                    Table::Tenants,
                    format!("{:?}", k.value()),
                    format!("holds tenant {}", tenant.handle),
                ),
                Err(e) => self.bad(
                    Table::Tenants,
                    format!("{:?}", k.value()),
                    format!("cannot be read ({e})"),
                ),
            }
        }
        self.found.counted.tenants = self.tenants.len() as u64;
        let mine: Vec<(Vec<u8>, u32, String)> = self
            .tenants
            .values()
            .map(|x| (fold(&x.handle).into_bytes(), x.ord.0, x.handle.clone()))
            .collect();
        for (key, ord, handle) in mine {
            match t.get(Table::TenantHandles, &key)? {
                Some(v) if ord_of(&v) == Some(ord) => {}
                Some(v) => {
                    let other = ord_of(&v).and_then(|o| self.tenants.get(&o)).map(|x| x.handle.clone());
                    let problem = match other.filter(|h| fold(h).as_bytes() == key.as_slice()) {
                        Some(other) => Problem::Duplicate {
                            table: Table::TenantHandles,
                            tenant: handle.clone(),
                            entry: format!("the handle {handle} is also tenant {other}'s"),
                        },
                        None => Problem::Missing {
                            table: Table::TenantHandles,
                            tenant: handle.clone(),
                            entry: format!("the handle {handle} (it points elsewhere)"),
                        },
                    };
                    self.found.add(problem);
                }
                None => self.found.add(Problem::Missing {
                    table: Table::TenantHandles,
                    tenant: handle.clone(),
                    entry: format!("the handle {handle}"),
                }),
            }
        }
        Ok(())
    }

    fn groups(&mut self) -> Result<()> {
        let t = self.t;
        for entry in t.table(Table::Groups)?.iter()? {
            let (k, v) = entry?;
            let key = k.value().to_vec();
            let group = match codec::decode::<Group>(v.value()) {
                Ok(g) if key == keys::object(g.tenant, g.ord) => g,
                Ok(g) => {
                    self.bad(
                        Table::Groups,
                        format!("{key:?}"),
                        format!("holds group {}", g.display_name),
                    );
                    continue;
                }
                Err(e) => {
                    self.bad(Table::Groups, format!("{key:?}"), format!("cannot be read ({e})"));
                    continue;
                }
            };
            self.highest_object = self.highest_object.max(group.ord.0);
            if !self.tenants.contains_key(&group.tenant.0) {
                let detail = format!("belongs to tenant #{}, which does not exist", group.tenant.0);
                self.bad(Table::Groups, format!("group {}", group.display_name), detail);
            }
            let name = keys::named(group.tenant, &group.display_name);
            let what = format!("the name of group {}", group.display_name);
            self.unique(Table::GroupNames, group.tenant, &name, group.ord, &what)?;
            self.object_id(
                &group.id,
                group.tenant,
                group.ord,
                &format!("group {}", group.display_name),
            )?;
            self.groups.insert((group.tenant.0, group.ord.0), group);
        }
        self.found.counted.groups = self.groups.len() as u64;
        Ok(())
    }

    /// Every readable user with its key right, in key order.
    fn each_user(&mut self, mut each: impl FnMut(&mut Self, User) -> Result<()>) -> Result<()> {
        let t = self.t;
        for entry in t.table(Table::Users)?.iter()? {
            let (k, v) = entry?;
            let key = k.value().to_vec();
            match codec::decode::<User>(v.value()) {
                Ok(user) if key == keys::object(user.tenant, user.ord) => each(self, user)?,
                Ok(user) => {
                    let detail = format!("holds user {} of tenant #{}", user.user_principal_name, user.tenant.0);
                    self.bad(Table::Users, format!("{key:?}"), detail);
                }
                Err(e) => self.bad(Table::Users, format!("{key:?}"), format!("cannot be read ({e})")),
            }
        }
        Ok(())
    }

    /// Checks each user's own entries and returns the tally of the postings they give.
    fn users(&mut self) -> Result<HashMap<Vec<u8>, Tally>> {
        let mut expected: HashMap<Vec<u8>, Tally> = HashMap::new();
        self.each_user(|s, user| {
            s.found.counted.users += 1;
            s.highest_object = s.highest_object.max(user.ord.0);
            let (t, upn) = (user.tenant, user.user_principal_name.as_str());
            if !s.tenants.contains_key(&t.0) {
                let detail = format!("belongs to tenant #{}, which does not exist", t.0);
                s.bad(Table::Users, format!("user {upn}"), detail);
            }
            for g in &user.member_of {
                if !s.groups.contains_key(&(t.0, g.0)) {
                    let (tenant, user) = (s.handle(t.0), upn.to_owned());
                    s.found.add(Problem::NoSuchGroup {
                        tenant,
                        user,
                        group: g.0,
                    });
                }
            }
            let derived = index::derive(&user);
            for p in &derived.postings {
                let (head, pos) = p.key.split_at(p.head_len);
                match expected.get_mut(head) {
                    Some(tally) => tally.add(pos, &p.value),
                    None => expected.entry(head.to_vec()).or_default().add(pos, &p.value),
                }
            }
            s.unique(Table::Upns, t, &derived.upn, user.ord, &format!("the UPN {upn}"))?;
            if let Some(home) = &derived.home {
                s.unique(Table::Homes, t, home, user.ord, &format!("the home identity of {upn}"))?;
            }
            s.object_id(&user.id, t, user.ord, &format!("user {upn}"))
        })?;
        Ok(expected)
    }

    /// The key of the lookup `table` that the object `(t, o)` gives, if it exists.
    fn owned_key(&self, table: Table, t: TenantOrd, o: ObjOrd) -> Result<Option<Vec<u8>>> {
        Ok(match table {
            Table::GroupNames => self.groups.get(&(t.0, o.0)).map(|g| keys::named(t, &g.display_name)),
            Table::Upns => self
                .t
                .user(t, o)
                .ok()
                .flatten()
                .map(|u| keys::named(t, &u.user_principal_name)),
            Table::Homes => self.t.user(t, o).ok().flatten().and_then(|u| index::derive(&u).home),
            _ => None,
        })
    }

    /// Checks that the unique `key` of `table` points to `(t, o)`.
    fn unique(&mut self, table: Table, t: TenantOrd, key: &[u8], o: ObjOrd, what: &str) -> Result<()> {
        let tenant = self.handle(t.0);
        match self.t.get(table, key)? {
            Some(v) if ord_of(&v) == Some(o.0) => {}
            Some(v) => {
                let other = ord_of(&v).unwrap_or(0);
                let problem = if self.owned_key(table, t, ObjOrd(other))?.as_deref() == Some(key) {
                    let entry = format!("{what} is claimed by #{} and #{other}", o.0);
                    Problem::Duplicate { table, tenant, entry }
                } else {
                    let entry = format!("{what} (it points to #{other})");
                    Problem::Missing { table, tenant, entry }
                };
                self.found.add(problem);
            }
            None => self.found.add(Problem::Missing {
                table,
                tenant,
                entry: what.to_owned(),
            }),
        }
        Ok(())
    }

    fn object_id(&mut self, id: &uuid::Uuid, t: TenantOrd, o: ObjOrd, what: &str) -> Result<()> {
        let tenant = self.handle(t.0);
        match self.t.get(Table::ObjectIds, id.as_bytes())? {
            Some(v) if v.as_slice() == keys::object(t, o) => {}
            Some(_) => self.found.add(Problem::Missing {
                table: Table::ObjectIds,
                tenant,
                entry: format!("the id {id} of {what} (it points elsewhere)"),
            }),
            None => self.found.add(Problem::Missing {
                table: Table::ObjectIds,
                tenant,
                entry: format!("the id {id} of {what}"),
            }),
        }
        Ok(())
    }

    /// Entries of the lookup tables that no record gives.
    fn lookups(&mut self) -> Result<()> {
        let t = self.t;
        for table in [Table::Upns, Table::Homes, Table::GroupNames] {
            for entry in t.table(table)?.iter()? {
                let (k, v) = entry?;
                let key = k.value();
                let tenant = TenantOrd(keys::read_u32(key));
                let o = ord_of(v.value());
                let owned = match o {
                    Some(o) => self.owned_key(table, tenant, ObjOrd(o))?,
                    None => None,
                };
                if owned.as_deref() != Some(key) {
                    let shown = match table {
                        Table::Homes => format!("a home identity of #{}", o.unwrap_or(0)),
                        _ => format!(
                            "\"{}\" for #{}",
                            lossy(key.get(4..).unwrap_or_default()),
                            o.unwrap_or(0)
                        ),
                    };
                    let tenant = self.handle(tenant.0);
                    self.found.add(Problem::Stray {
                        table,
                        tenant,
                        entry: shown,
                    });
                }
            }
        }
        for entry in t.table(Table::TenantHandles)?.iter()? {
            let (k, v) = entry?;
            let o = ord_of(v.value()).unwrap_or(0);
            let owner = self.tenants.get(&o).map(|x| fold(&x.handle));
            if owner.as_deref().map(str::as_bytes) != Some(k.value()) {
                let tenant = self.handle(o);
                let entry = format!("the handle \"{}\"", lossy(k.value()));
                self.found.add(Problem::Stray {
                    table: Table::TenantHandles,
                    tenant,
                    entry,
                });
            }
        }
        for entry in t.table(Table::ObjectIds)?.iter()? {
            let (k, v) = entry?;
            let value = v.value();
            let (tenant, o) = (TenantOrd(keys::read_u32(value)), keys::trailing_ord(value));
            let is_group = self.groups.get(&(tenant.0, o.0)).map(|g| g.id.as_bytes().as_slice()) == Some(k.value());
            let is_user = !is_group
                && value.len() == 8
                && t.user(tenant, o)
                    .ok()
                    .flatten()
                    .map(|u| u.id.as_bytes().to_vec())
                    .as_deref()
                    == Some(k.value());
            if !is_group && !is_user {
                let id = uuid::Uuid::from_slice(k.value()).map_or_else(|_| lossy(k.value()), |u| u.to_string());
                let tenant = self.handle(tenant.0);
                self.found.add(Problem::Stray {
                    table: Table::ObjectIds,
                    tenant,
                    entry: format!("the id {id} of #{}", o.0),
                });
            }
        }
        Ok(())
    }

    /// Each tenant's change feed is numbered 1, 2, 3, … and each change knows its number.
    fn feed(&mut self) -> Result<()> {
        let t = self.t;
        let mut at: Option<(u32, u64)> = None;
        for entry in t.table(Table::Feed)?.iter()? {
            let (k, v) = entry?;
            let key = k.value();
            let Ok(key) = <[u8; 12]>::try_from(key) else {
                self.bad(Table::Feed, format!("{key:?}"), "is not a tenant and a number".into());
                continue;
            };
            let tenant = keys::read_u32(&key);
            let seq = u64::from_be_bytes([key[4], key[5], key[6], key[7], key[8], key[9], key[10], key[11]]);
            let expected = match at {
                Some((t, next)) if t == tenant => next,
                _ => {
                    if !self.tenants.contains_key(&tenant) {
                        let detail = "belongs to no tenant".into();
                        self.bad(Table::Feed, format!("of tenant #{tenant}"), detail);
                    }
                    1
                }
            };
            if seq != expected {
                let handle = self.handle(tenant);
                self.found.add(Problem::FeedGap {
                    tenant: handle,
                    expected,
                    found: seq,
                });
            }
            at = Some((tenant, seq.saturating_add(1)));
            self.found.counted.changes += 1;
            match codec::decode::<Change>(v.value()) {
                Ok(change) if change.seq == seq => {}
                Ok(change) => {
                    let detail = format!("says it is change {}", change.seq);
                    self.bad(Table::Feed, format!("{seq} of tenant {}", self.handle(tenant)), detail);
                }
                Err(e) => {
                    let detail = format!("cannot be read ({e})");
                    self.bad(Table::Feed, format!("{seq} of tenant {}", self.handle(tenant)), detail);
                }
            }
        }
        Ok(())
    }

    /// The counters hand out ordinals that are not in use.
    fn counters(&mut self) -> Result<()> {
        let highest_tenant = self.tenants.keys().next_back().copied().unwrap_or(0);
        for (name, highest) in [("next_object", self.highest_object), ("next_tenant", highest_tenant)] {
            let next = self
                .t
                .get(Table::Meta, name.as_bytes())?
                .map_or(1, |v| keys::read_u32(&v));
            if highest > 0 && next <= highest {
                self.found.add(Problem::Counter { name, next, highest });
            }
        }
        Ok(())
    }
}

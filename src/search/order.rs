//! Result order: display order (the postings' order) or `order by` attributes.

use super::filter::Val;
use crate::error::Result;
use crate::fold::fold;
use crate::model::Direction;
use crate::model::{Attr, AttrKind, ObjOrd, TenantOrd, User, Value};
use crate::store::keys;
use crate::store::{Open, Tables};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The display position of a user: its place in every posting.
pub fn position(user: &User) -> Vec<u8> {
    let mut k = Vec::new();
    keys::push_position(&mut k, &keys::sort_key(user.sort_name()), user.ord);
    k
}

/// The sort value of `attr` for `user`: references sort by what people see (a manager by UPN,
/// a tenant by handle), not by internal numbers.
fn value<S: Open>(
    tables: &Tables<S>,
    names: &mut HashMap<(Attr, i64), Option<Val>>,
    user: &User,
    attr: Attr,
) -> Result<Option<Val>> {
    let raw = user.get(attr);
    let reference = match (attr.kind(), &raw) {
        (AttrKind::UserRef, Value::Int(i)) => Some(*i),
        (AttrKind::TenantRef, Value::Int(i)) => Some(*i),
        _ => None,
    };
    if let Some(id) = reference {
        if let Some(v) = names.get(&(attr, id)) {
            return Ok(v.clone());
        }
        let ord = u32::try_from(id).unwrap_or_default();
        let name = match attr.kind() {
            AttrKind::UserRef => tables.user(user.tenant, ObjOrd(ord))?.map(|u| u.user_principal_name),
            _ => tables.tenant(TenantOrd(ord))?.map(|t| t.handle),
        };
        let v = name.map(|n| Val::Text(fold(&n)));
        names.insert((attr, id), v.clone());
        return Ok(v);
    }
    if attr == Attr::HomeTenant {
        if let Value::Str(id) = &raw {
            let handle = tables
                .tenants()?
                .into_iter()
                .find(|t| t.id.to_string() == *id)
                .map(|t| t.handle);
            return Ok(Some(Val::Text(fold(&handle.unwrap_or_else(|| id.clone())))));
        }
    }
    Ok(match raw {
        Value::Str(s) => Some(Val::Text(fold(&s))),
        Value::Bool(b) => Some(Val::Bool(b)),
        Value::Int(i) => Some(Val::Int(i)),
        Value::Null | Value::List(_) | Value::Object(_) => None,
    })
}

/// Sorts users by `order` (then display position); `order by displayName` is display order.
/// Nulls sort last ascending, first descending.
pub fn sort<S: Open>(tables: &Tables<S>, users: &mut Vec<User>, order: &[(Attr, Direction)]) -> Result<()> {
    let mut names = HashMap::new();
    let mut keyed: Vec<(Vec<Option<Val>>, Vec<u8>, User)> = Vec::with_capacity(users.len());
    for u in users.drain(..) {
        let mut vals = Vec::with_capacity(order.len());
        for (a, _) in order {
            vals.push(if *a == Attr::DisplayName {
                None
            } else {
                value(tables, &mut names, &u, *a)?
            });
        }
        keyed.push((vals, position(&u), u));
    }
    keyed.sort_by(|a, b| {
        for (i, (attr, dir)) in order.iter().enumerate() {
            let o = if *attr == Attr::DisplayName {
                a.1.cmp(&b.1)
            } else {
                match (&a.0[i], &b.0[i]) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            };
            let o = if *dir == Direction::Desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        a.1.cmp(&b.1)
    });
    users.extend(keyed.into_iter().map(|(_, _, u)| u));
    Ok(())
}

//! Result order: display order (the postings' order) or `order by` attributes.

use super::filter::Val;
use crate::fold::fold;
use crate::lang::ast::Direction;
use crate::model::{Attr, User, Value};
use crate::store::keys;
use std::cmp::Ordering;

/// The display position of a user: its place in every posting.
pub fn position(user: &User) -> Vec<u8> {
    let mut k = Vec::new();
    keys::push_position(&mut k, &keys::sort_key(user.sort_name()), user.ord);
    k
}

fn value(user: &User, attr: Attr) -> Option<Val> {
    match user.get(attr) {
        Value::Str(s) => Some(Val::Text(fold(&s))),
        Value::Bool(b) => Some(Val::Bool(b)),
        Value::Int(i) => Some(Val::Int(i)),
        Value::Null | Value::List(_) => None,
    }
}

/// Sorts users by `order` (then display position); `order by displayName` is display order.
/// Nulls sort last ascending, first descending.
pub fn sort(users: &mut Vec<User>, order: &[(Attr, Direction)]) {
    let mut keyed: Vec<(Vec<Option<Val>>, Vec<u8>, User)> = users
        .drain(..)
        .map(|u| {
            let vals = order
                .iter()
                .map(|(a, _)| if *a == Attr::DisplayName { None } else { value(&u, *a) })
                .collect();
            (vals, position(&u), u)
        })
        .collect();
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
}

//! Groups and their members. Membership is recorded on the user (`memberOf`), so a user's
//! index entries, `memberOf` postings included, derive from the user alone.

use super::users::{self, Batch, BatchReport};
use crate::error::{Error, Kind, Result};
use crate::model::{Attr, ChangeOp, CmpOp, Group, SearchKind, Tenant, User, ids::now_millis};
use crate::search::{self, PeopleQuery, Pred, Val};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// The group with this name, or [`Error::NotFound`] suggesting the nearest name.
pub fn find<S: Open>(tables: &Tables<S>, tenant: &Tenant, name: &str) -> Result<Group> {
    if let Some(g) = tables.group_by_name(tenant.ord, name)? {
        return Ok(g);
    }
    let names: Vec<String> = tables.groups(tenant.ord)?.into_iter().map(|g| g.display_name).collect();
    Err(Error::NotFound {
        kind: Kind::Group,
        name: name.to_owned(),
        tenant: Some(tenant.handle.clone()),
        hint: crate::suggest::hint(name, names.iter().map(String::as_str)),
    })
}

/// Creates a group; names are unique per tenant (case-insensitive).
pub fn create(w: &mut WriteTables<'_>, tenant: &Tenant, name: &str, description: Option<&str>) -> Result<Group> {
    if name.trim().is_empty() {
        return Err(Error::GroupName);
    }
    if w.group_by_name(tenant.ord, name)?.is_some() {
        return Err(Error::GroupExists {
            name: name.to_owned(),
            tenant: tenant.handle.clone(),
        });
    }
    let group = Group {
        id: Uuid::now_v7(),
        ord: w.next_object()?,
        tenant: tenant.ord,
        display_name: name.to_owned(),
        description: description.map(str::to_owned),
        created: now_millis(),
    };
    w.put_group(&group, None)?;
    Ok(group)
}

/// The members of a group (deleted users too), in display order.
pub fn members<S: Open>(tables: &Tables<S>, group: &Group) -> Result<Vec<User>> {
    let filter = Pred::Cmp(Attr::MemberOf, CmpOp::Eq, Val::Int(i64::from(group.ord.0)));
    let q = PeopleQuery {
        filter,
        ..PeopleQuery::new(group.tenant, SearchKind::Find)
    };
    Ok(search::search(tables, &q)?.users)
}

/// Adds or removes one user; returns false when nothing changed (already / not a member).
/// A soft-deleted user cannot be added (restore it first); it can be removed.
fn set_membership(w: &mut WriteTables<'_>, group: &Group, user: User, member: bool) -> Result<bool> {
    if member && user.is_soft_deleted() {
        return Err(Error::UserDeleted {
            upn: user.user_principal_name,
            doing: "adding it to a group",
        });
    }
    let mut changed = user.clone();
    match (changed.member_of.binary_search(&group.ord), member) {
        (Err(at), true) => changed.member_of.insert(at, group.ord),
        (Ok(at), false) => {
            changed.member_of.remove(at);
        }
        (Ok(_), true) | (Err(_), false) => return Ok(false),
    }
    w.write_user(Some(&user), Some(&changed), ChangeOp::Update)?;
    Ok(true)
}

/// Adds (`member` true) or removes one user; false when it already was / was not a member.
pub fn change_member(w: &mut WriteTables<'_>, tenant: &Tenant, group: &str, upn: &str, member: bool) -> Result<bool> {
    let group = find(w, tenant, group)?;
    let user = users::find(w, tenant, upn)?;
    set_membership(w, &group, user, member)
}

/// Adds or removes every user matching `filter`; the report counts the users that changed.
/// Adding by filter passes over deleted users, as `update users` does.
pub fn change_members(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    group: &str,
    filter: Pred,
    member: bool,
    mode: Batch,
) -> Result<BatchReport> {
    let group = find(w, tenant, group)?;
    let mut report = BatchReport::default();
    for (at, user) in users::matching(w, tenant, filter)?.into_iter().enumerate() {
        if member && user.is_soft_deleted() {
            continue;
        }
        report.record(mode, at as u64, set_membership(w, &group, user, member))?;
    }
    Ok(report)
}

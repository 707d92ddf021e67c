//! Groups and their members. Membership is recorded on the user (`memberOf`), so a user's
//! index entries, `memberOf` postings included, derive from the user alone.

use super::Principal;
use super::users;
use crate::error::{Error, Result};
use crate::lang::ast::SearchKind;
use crate::model::{Attr, ChangeOp, Group, Tenant, User, ids::now_millis};
use crate::search::{self, PeopleQuery, Pred, Val};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// The group with this name, or an error that suggests the nearest name.
pub fn find<S: Open>(tables: &Tables<S>, tenant: &Tenant, name: &str) -> Result<Group> {
    if let Some(g) = tables.group_by_name(tenant.ord, name)? {
        return Ok(g);
    }
    let names: Vec<String> = tables.groups(tenant.ord)?.into_iter().map(|g| g.display_name).collect();
    let hint = crate::suggest::hint(name, names.iter().map(String::as_str));
    Err(Error::invalid(format!(
        "no group `{name}` in tenant {}{hint}",
        tenant.handle
    )))
}

/// Creates a group; names are unique per tenant (case-insensitive).
pub fn create(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    name: &str,
    description: Option<&str>,
) -> Result<Group> {
    who.check_tenant(tenant, "create groups")?;
    if name.trim().is_empty() {
        return Err(Error::invalid("a group needs a name"));
    }
    if w.group_by_name(tenant.ord, name)?.is_some() {
        return Err(Error::invalid(format!(
            "group `{name}` already exists in tenant {}",
            tenant.handle
        )));
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
    let filter = Pred::Cmp(
        Attr::MemberOf,
        crate::lang::ast::CmpOp::Eq,
        Val::Int(i64::from(group.ord.0)),
    );
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
        return Err(Error::invalid(format!(
            "user `{}` is deleted; restore it before adding it to a group",
            user.user_principal_name
        )));
    }
    let mut changed = user.clone();
    match (changed.member_of.binary_search(&group.ord), member) {
        (Err(at), true) => changed.member_of.insert(at, group.ord),
        (Ok(at), false) => {
            changed.member_of.remove(at);
        }
        _ => return Ok(false),
    }
    w.write_user(Some(&user), Some(&changed), ChangeOp::Update)?;
    Ok(true)
}

/// Adds (`member` true) or removes one user; false when it already was / was not a member.
pub fn change_member(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    group: &str,
    upn: &str,
    member: bool,
) -> Result<bool> {
    who.check_tenant(tenant, "change group members")?;
    let group = find(w, tenant, group)?;
    let user = users::find(w, tenant, upn)?;
    set_membership(w, &group, user, member)
}

/// Adds or removes every user matching `filter`; returns how many changed.
pub fn change_members(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    group: &str,
    filter: Pred,
    member: bool,
) -> Result<usize> {
    who.check_tenant(tenant, "change group members")?;
    let group = find(w, tenant, group)?;
    let mut changed = 0;
    for user in users::matching(w, tenant, filter)? {
        // Adding by filter passes over deleted users, as `update users` does.
        if member && user.is_soft_deleted() {
            continue;
        }
        if set_membership(w, &group, user, member)? {
            changed += 1;
        }
    }
    Ok(changed)
}

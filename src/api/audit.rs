//! The audit trail: a tenant's change feed read through the typed API.

use crate::error::Result;
use crate::fold::fold;
use crate::model::record;
use crate::model::{Change, ChangeField, FieldRef, Filter, Subject};
use crate::rights::Action;
use crate::session::{Session, read_in};

/// What `show changes` asks for: a tenant's changes after a sequence number, of one user or
/// all, that pass a filter over the changes' fields, at most `limit` of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeQuery {
    /// Only the changes of the user with this UPN (its current UPN, or the one a change
    /// recorded: a purged or renamed user is still found).
    pub user: Option<String>,
    /// `where …` over `seq`, `at`, `actor`, `op`, `user`, `property`.
    pub filter: Option<Filter<FieldRef<ChangeField>>>,
    /// Only changes with a greater sequence number.
    pub after: u64,
    /// At most this many (`None`: all).
    pub limit: Option<u64>,
}

impl Session<'_> {
    /// The changes of a tenant that `q` asks for, oldest first.
    pub fn changes(&self, tenant: &str, q: &ChangeQuery) -> Result<Vec<Change>> {
        read_in!(self, Action::ReadChanges, tenant, |t, tenant| {
            let object = match &q.user {
                Some(upn) => t.user_by_upn(tenant.ord, upn)?.map(|u| u.id),
                None => None,
            };
            let upn = q.user.as_deref().map(fold);
            let limit = q.limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
            let mut out = Vec::new();
            for change in t.changes(tenant.ord, q.after)? {
                if out.len() >= limit {
                    break;
                }
                let change = change?;
                let theirs = match &upn {
                    Some(upn) => {
                        Some(change.object) == object || (change.subject == Subject::User && fold(&change.name) == *upn)
                    }
                    None => true,
                };
                if theirs && q.filter.as_ref().is_none_or(|f| record::matches(&change, f)) {
                    out.push(change);
                }
            }
            Ok(out)
        })
    }
}

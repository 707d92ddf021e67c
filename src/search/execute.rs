//! Execution: running a plan (leapfrogging the chosen postings in display order), handing
//! rows on as they are read, paging, counting, and the reference full scan.

use super::cursor::{Cursor, Stats, next_match};
use super::plan::{Plan, classes, plan, plan_for};
use super::{Found, PeopleQuery, Pred, order};
use crate::error::Result;
use crate::model::{ObjOrd, User, UserView};
use crate::store::index;
use crate::store::keys::{self, PostingKind};
use crate::store::{Open, Tables};

/// True when `user` matches the words and the filter of `q` (visibility aside).
fn matches(user: &User, words: &[String], filter: &Pred) -> bool {
    let stored = index::typeahead_words(user);
    words.iter().all(|w| stored.iter().any(|s| s.starts_with(w.as_str()))) && filter.eval(user)
}

/// Runs `plan`: visits the intersection in display order, checks rows when the plan says so,
/// and calls `each` with every matching user's ordinal (and the user when it was read);
/// `each` returns false to stop.
fn execute<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    need_user: bool,
    stats: &mut Stats,
    mut each: impl FnMut(ObjOrd, Option<User>) -> bool,
) -> Result<()> {
    let words = q.words();
    let mut cursors = Vec::new();
    if plan.chosen.is_empty() {
        let heads: Vec<Vec<u8>> = plan
            .classes
            .iter()
            .map(|&c| keys::posting_head(q.tenant, PostingKind::Order, b"", c))
            .collect();
        cursors.push(Cursor::open(tables, &heads, b"", stats)?);
    }
    for &i in &plan.chosen {
        let a = &plan.accesses[i];
        cursors.push(Cursor::open(tables, &a.heads, &a.rest, stats)?);
    }
    while let Some(pos) = next_match(&mut cursors, stats)? {
        let ord = keys::trailing_ord(&pos);
        let user = if plan.verify || need_user {
            stats.fetches += 1;
            tables.user(q.tenant, ord)?
        } else {
            None
        };
        let keep = !plan.verify || user.as_ref().is_some_and(|u| matches(u, &words, &q.filter));
        if keep && !each(ord, user) {
            break;
        }
        cursors[0].advance(stats)?;
    }
    Ok(())
}

/// Searches: the users of `q`'s tenant and view that match, in order, after offset and limit.
pub fn search<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<Found> {
    let plan = plan(tables, q)?;
    search_with(tables, q, &plan)
}

/// Runs a search with a given plan (any plan returns the same rows; tests force plans).
pub fn search_with<S: Open>(tables: &Tables<S>, q: &PeopleQuery, plan: &Plan) -> Result<Found> {
    let mut users = Vec::new();
    let (more, stats) = search_each_with(tables, q, plan, |user| {
        users.push(user);
        Ok(())
    })?;
    Ok(Found { users, more, stats })
}

/// Searches like [`search`], handing each row to `sink` as soon as it is known instead of
/// collecting them: in display order nothing is held (a large answer can be printed as it is
/// read); another `order by` must see every match first. Returns whether more rows match
/// than `limit` let through, and what the search read.
pub fn search_each<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    sink: impl FnMut(User) -> Result<()>,
) -> Result<(bool, Stats)> {
    let plan = plan(tables, q)?;
    search_each_with(tables, q, &plan, sink)
}

/// [`search_each`] with a given plan.
pub fn search_each_with<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    mut sink: impl FnMut(User) -> Result<()>,
) -> Result<(bool, Stats)> {
    each_with(tables, q, plan, |ord, checked| {
        let user = match checked {
            Some(user) => user,
            None => tables.user(q.tenant, ord)?.ok_or_else(missing)?,
        };
        sink(user)
    })
}

/// Searches like [`search_each`], handing each row to `sink` as a [`UserView`] read in
/// place: the user is not copied out of the file nor decoded into a `String` per field, which
/// is what makes a returned row cheap (the language's searches present rows from views).
pub fn search_views<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    mut sink: impl FnMut(&UserView<'_>) -> Result<()>,
) -> Result<(bool, Stats)> {
    let plan = plan(tables, q)?;
    each_with(tables, q, &plan, |ord, checked| match checked {
        Some(user) => sink(&user.view()),
        None => tables.with_user(q.tenant, ord, &mut sink)?.ok_or_else(missing),
    })
}

fn missing() -> crate::Error {
    crate::Error::invalid("a posting names a missing user")
}

/// Runs `plan` and hands each row to `row` in the query's order, after offset and limit: its
/// ordinal, and the user when the search read it already (a plan that checks rows, or an
/// order other than display order); `row` reads it otherwise (counted as a fetch).
fn each_with<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    mut row: impl FnMut(ObjOrd, Option<User>) -> Result<()>,
) -> Result<(bool, Stats)> {
    let mut stats = Stats::default();
    if plan.ordered {
        let more = deliver(tables, q, plan, &mut stats, row)?;
        return Ok((more, stats));
    }
    let mut users = Vec::new();
    deliver(tables, q, plan, &mut stats, |ord, checked| {
        users.push(match checked {
            Some(user) => user,
            None => tables.user(q.tenant, ord)?.ok_or_else(missing)?,
        });
        Ok(())
    })?;
    order::sort(tables, &mut users, &q.order)?;
    let (users, more) = page(users, q);
    for user in users {
        row(user.ord, Some(user))?;
    }
    Ok((more, stats))
}

/// The rows of sorted `users` that `offset` and `limit` keep, and whether `limit` cut some.
fn page(users: Vec<User>, q: &PeopleQuery) -> (Vec<User>, bool) {
    let offset = usize::try_from(q.offset).unwrap_or(usize::MAX);
    let limit = q.limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let more = users.len().saturating_sub(offset) > limit;
    (users.into_iter().skip(offset).take(limit).collect(), more)
}

/// Hands the plan's matches to `row` in the plan's order (the ordinal, and the user when the
/// plan read it to check it). In display order it applies offset and limit itself, without
/// reading the rows `offset` skips nor the extra match that only proves more rows match; it
/// returns whether there was one.
fn deliver<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    stats: &mut Stats,
    mut row: impl FnMut(ObjOrd, Option<User>) -> Result<()>,
) -> Result<bool> {
    let (mut seen, mut more, mut reads) = (0u64, false, 0u64);
    let mut failure = None;
    execute(tables, q, plan, false, stats, |ord, checked| {
        if plan.ordered {
            let at = seen;
            seen += 1;
            if at < q.offset {
                return true;
            }
            if q.limit.is_some_and(|l| at >= q.offset.saturating_add(l)) {
                more = true;
                return false;
            }
        }
        reads += u64::from(checked.is_none());
        if let Err(e) = row(ord, checked) {
            failure = Some(e);
        }
        failure.is_none()
    })?;
    stats.fetches += reads;
    failure.map_or(Ok(more), Err)
}

/// Counts the matching users (offset and limit ignored).
pub fn count<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<u64> {
    let (q, plan) = count_plan(tables, q)?;
    Ok(run_count(tables, &q, &plan, &mut Stats::default())?.0)
}

pub(super) fn count_plan<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<(PeopleQuery, Plan)> {
    let q = PeopleQuery {
        limit: None,
        offset: 0,
        order: Vec::new(),
        ..q.clone()
    };
    let plan = plan_for(tables, &q, false)?;
    Ok((q, plan))
}

/// Counts with `plan`; also says whether the posting counts alone answered.
pub(super) fn run_count<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    stats: &mut Stats,
) -> Result<(u64, bool)> {
    if !plan.verify && plan.chosen.len() <= 1 && plan.chosen.iter().all(|&i| plan.accesses[i].rest.is_empty()) {
        let n = match plan.chosen.first() {
            Some(&i) => plan.accesses[i]
                .heads
                .iter()
                .map(|h| tables.count(h))
                .sum::<Result<u64>>()?,
            None => plan.total,
        };
        return Ok((n, true));
    }
    let mut n = 0u64;
    execute(tables, q, plan, false, stats, |_, _| {
        n += 1;
        true
    })?;
    Ok((n, false))
}

/// The reference answer: a full scan of the tenant with the same visibility, words, filter
/// and order. Every plan must return exactly this (the property tests check it).
pub fn scan<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<Vec<User>> {
    let classes = classes(q.kind);
    let words = q.words();
    let mut users = Vec::new();
    tables.scan_users(q.tenant, |u| {
        if classes.contains(&index::class_of(&u)) && matches(&u, &words, &q.filter) {
            users.push(u);
        }
        Ok(())
    })?;
    order::sort(tables, &mut users, &q.order)?;
    Ok(page(users, q).0)
}

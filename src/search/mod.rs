//! People search: visibility, planning over the postings, execution, ordering, `explain`.
//!
//! A search is a conjunction over one tenant's postings: the typed words (prefix terms) and
//! the equality conjuncts of the filter, each a posting in display order, restricted to the
//! visibility classes of the view. The planner ([`plan`]) estimates every subset of these
//! access paths from the posting counts and picks the cheapest to intersect; the rest of the
//! filter is checked on the rows. When the answer is wanted in display order, execution stops
//! as soon as `offset + limit` rows are certain.

pub mod cursor;
pub mod filter;
mod order;

use crate::error::Result;
use crate::fold::query_words;
use crate::model::{Attr, TenantOrd, User};
use crate::model::{CmpOp, Direction, SearchKind};
use crate::store::index::{self, ALL_CLASSES, LIVE, MEMBER, PEOPLE, SHOWN};
use crate::store::keys::{self, PostingKind};
use crate::store::{Open, Tables};
use cursor::{Cursor, Stats, next_match};
pub use filter::{Pred, Val};
use std::fmt::Write as _;

/// A people search, count or listing over one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleQuery {
    /// The tenant searched.
    pub tenant: TenantOrd,
    /// The view: people search, address list, or every object.
    pub kind: SearchKind,
    /// Typeahead text: every word must start a word of the names, or start the mail or UPN.
    pub text: Option<String>,
    /// The compiled filter.
    pub filter: Pred,
    /// Sort order; empty means display order.
    pub order: Vec<(Attr, Direction)>,
    /// At most this many rows (`None`: all).
    pub limit: Option<u64>,
    /// Skip this many rows first.
    pub offset: u64,
}

impl PeopleQuery {
    /// A query over `tenant` in view `kind` with no text, filter or limit.
    pub fn new(tenant: TenantOrd, kind: SearchKind) -> PeopleQuery {
        PeopleQuery {
            tenant,
            kind,
            text: None,
            filter: Pred::True,
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    fn words(&self) -> Vec<String> {
        self.text.as_deref().map(query_words).unwrap_or_default()
    }
}

/// The visibility classes a view sees.
pub fn classes(kind: SearchKind) -> &'static [u8] {
    match kind {
        SearchKind::People => &[PEOPLE],
        SearchKind::AddressList => &[LIVE | SHOWN, PEOPLE],
        SearchKind::Find => &ALL_CLASSES,
    }
}

/// For a conjunct on a visibility flag (`isSoftDeleted`, `showInAddressList`, `userType`
/// compared with `=` or `!=`): which classes satisfy it. Such conjuncts narrow the classes a
/// search reads instead of needing postings.
fn class_test(p: &Pred) -> Option<impl Fn(u8) -> bool> {
    let Pred::Cmp(attr, op @ (CmpOp::Eq | CmpOp::Ne), value) = p else {
        return None;
    };
    let (bit, wanted) = match (attr, value) {
        (Attr::IsSoftDeleted, Val::Bool(b)) => (LIVE, !b),
        (Attr::ShowInAddressList, Val::Bool(b)) => (SHOWN, *b),
        (Attr::UserType, Val::Text(t)) if t == "member" => (MEMBER, true),
        (Attr::UserType, Val::Text(t)) if t == "guest" => (MEMBER, false),
        _ => return None,
    };
    let wanted = wanted == (*op == CmpOp::Eq);
    Some(move |class: u8| (class & bit != 0) == wanted)
}

/// Names a class for `explain`: `live·shown·member`.
fn class_name(class: u8) -> String {
    let mut parts = Vec::new();
    parts.push(if class & LIVE != 0 { "live" } else { "deleted" });
    parts.push(if class & SHOWN != 0 { "shown" } else { "hidden" });
    parts.push(if class & MEMBER != 0 { "member" } else { "guest" });
    parts.join("·")
}

/// The rows a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The users, in the requested order, after `offset`, at most `limit`.
    pub users: Vec<User>,
    /// True when more rows match than `limit` let through.
    pub more: bool,
    /// What the search read.
    pub stats: Stats,
}

/// One candidate access path: a posting in the view's classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// How `explain` names it (`word "bar"`, `department = sales`).
    pub label: String,
    /// The posting's head in each class.
    pub heads: Vec<Vec<u8>>,
    /// For typed words longer than a term: the rest a stored word must start with.
    pub rest: Vec<u8>,
    /// The posting's entry count (for longer words, an upper bound).
    pub estimate: u64,
}

/// The plan of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The visibility classes read: the view's, narrowed by conjuncts on the flags.
    pub classes: Vec<u8>,
    /// Users in those classes.
    pub total: u64,
    /// Every candidate access path.
    pub accesses: Vec<Access>,
    /// The access paths intersected (indexes into `accesses`); empty: walk the display order.
    pub chosen: Vec<usize>,
    /// True when rows must be read and checked against the filter and the words.
    pub verify: bool,
    /// True when the answer comes in posting order and stops after `wanted` rows.
    pub ordered: bool,
    /// `offset + limit + 1` (one more, to tell whether more match), when limited.
    pub wanted: Option<u64>,
    /// Estimated rows read from the intersection.
    pub estimated_rows: f64,
    /// Estimated cost (arbitrary units: a seek is 1).
    pub estimated_cost: f64,
}

const READ: f64 = 0.2;
const SEEK: f64 = 1.0;
const FETCH: f64 = 2.0;
/// Assumed selectivity of a conjunct no posting answers.
const OTHER_SELECTIVITY: f64 = 0.3;

/// Plans a search (rows are read for output): estimates every subset of access paths and
/// keeps the cheapest.
pub fn plan<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<Plan> {
    plan_for(tables, q, true)
}

/// Plans `q`; `reading` says whether matching rows are read anyway (searches) or not
/// (counts), which decides what checking a row against the filter costs.
pub fn plan_for<S: Open>(tables: &Tables<S>, q: &PeopleQuery, reading: bool) -> Result<Plan> {
    let t = q.tenant;
    let mut classes = classes(q.kind).to_vec();
    let mut others = 0usize;
    let mut equalities = Vec::new();
    for conjunct in q.filter.conjuncts() {
        if let Some(test) = class_test(conjunct) {
            classes.retain(|&c| test(c));
        } else if let Some(posting) = conjunct.equality_posting() {
            equalities.push(posting);
        } else {
            others += 1;
        }
    }
    let heads = |kind: PostingKind, term: &[u8]| -> Vec<Vec<u8>> {
        classes.iter().map(|&c| keys::posting_head(t, kind, term, c)).collect()
    };
    let count = |hs: &[Vec<u8>]| -> Result<u64> { hs.iter().map(|h| tables.count(h)).sum() };
    let total = count(&heads(PostingKind::Order, b""))?;

    let mut accesses = Vec::new();
    for word in q.words() {
        let (term, rest) = index::split_term(&word);
        let hs = heads(PostingKind::Term, term.as_bytes());
        let estimate = count(&hs)?;
        accesses.push(Access {
            label: format!("word \"{word}\""),
            heads: hs,
            rest: rest.as_bytes().to_vec(),
            estimate,
        });
    }
    for (attr, id, text) in equalities {
        let hs = heads(PostingKind::Equal, &keys::equal_term(id, &text));
        let estimate = count(&hs)?;
        accesses.push(Access {
            label: format!("{attr} = {text}"),
            heads: hs,
            rest: Vec::new(),
            estimate,
        });
    }

    let ordered = q.order.is_empty() || q.order == [(Attr::DisplayName, Direction::Asc)];
    let wanted = q
        .limit
        .filter(|_| ordered)
        .map(|l| q.offset.saturating_add(l).saturating_add(1));
    let n = total.max(1) as f64;
    let other_sel = OTHER_SELECTIVITY.powi(others as i32);
    let mut best: Option<Plan> = None;
    let subsets = 1u32 << accesses.len().min(10);
    for mask in 0..subsets {
        let chosen: Vec<usize> = (0..accesses.len()).filter(|i| mask & (1 << i) != 0).collect();
        let sel = |i: &usize| (accesses[*i].estimate as f64 / n).min(1.0);
        let inter = n * chosen.iter().map(sel).product::<f64>();
        let rest_sel = other_sel
            * (0..accesses.len())
                .filter(|i| !chosen.contains(i))
                .map(|i| sel(&i))
                .product::<f64>();
        let verify = others > 0 || chosen.len() < accesses.len();
        let rows = match wanted {
            Some(k) => inter.min(k as f64 / rest_sel.max(1.0 / n)),
            None => inter,
        };
        let driver = chosen.iter().map(|i| accesses[*i].estimate).min().unwrap_or(total) as f64;
        // Rows that pass are read for output anyway; checking costs the rejected ones.
        let check = match (verify, reading) {
            (false, _) => 0.0,
            (true, true) => FETCH * (1.0 - rest_sel),
            (true, false) => FETCH,
        };
        let per_row = (driver / inter.max(1.0)) * (READ + SEEK * chosen.len().saturating_sub(1) as f64) + check;
        let sort = if ordered {
            0.0
        } else {
            rows * rows.max(2.0).log2() * 0.05
        };
        let cost = rows * per_row + sort + SEEK * chosen.len().max(1) as f64;
        if best.as_ref().is_none_or(|b| cost < b.estimated_cost) {
            best = Some(Plan {
                classes: Vec::new(),
                total,
                accesses: Vec::new(),
                chosen,
                verify,
                ordered,
                wanted,
                estimated_rows: rows,
                estimated_cost: cost,
            });
        }
    }
    let mut plan = best.unwrap_or(Plan {
        classes: Vec::new(),
        total,
        accesses: Vec::new(),
        chosen: Vec::new(),
        verify: true,
        ordered,
        wanted,
        estimated_rows: n,
        estimated_cost: n,
    });
    plan.accesses = accesses;
    plan.classes = classes;
    Ok(plan)
}

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
    mut each: impl FnMut(crate::model::ObjOrd, Option<User>) -> bool,
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
    let mut stats = Stats::default();
    if plan.ordered {
        let more = deliver(tables, q, plan, &mut stats, sink)?;
        return Ok((more, stats));
    }
    let mut users = Vec::new();
    deliver(tables, q, plan, &mut stats, |user| {
        users.push(user);
        Ok(())
    })?;
    order::sort(tables, &mut users, &q.order)?;
    let (users, more) = page(users, q);
    for user in users {
        sink(user)?;
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

/// Hands the plan's matches to `sink` in the plan's order. In display order it applies offset
/// and limit itself, without reading the rows `offset` skips nor the extra match that only
/// proves more rows match; it returns whether there was one.
fn deliver<S: Open>(
    tables: &Tables<S>,
    q: &PeopleQuery,
    plan: &Plan,
    stats: &mut Stats,
    mut sink: impl FnMut(User) -> Result<()>,
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
        let user = match checked {
            Some(user) => Ok(user),
            None => {
                reads += 1;
                tables
                    .user(q.tenant, ord)
                    .and_then(|u| u.ok_or_else(|| crate::Error::invalid("a posting names a missing user")))
            }
        };
        if let Err(e) = user.and_then(&mut sink) {
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

fn count_plan<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<(PeopleQuery, Plan)> {
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
fn run_count<S: Open>(tables: &Tables<S>, q: &PeopleQuery, plan: &Plan, stats: &mut Stats) -> Result<(u64, bool)> {
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

/// `explain count`: the plan of the count, then what running it read.
pub fn explain_count<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<String> {
    let (q, plan) = count_plan(tables, q)?;
    let mut stats = Stats::default();
    let (n, from_counts) = run_count(tables, &q, &plan, &mut stats)?;
    let mut out = describe(tables, &q, &plan)?;
    if from_counts {
        let _ = write!(
            out,
            "actual: {n} counted from the posting counts alone, no entries read"
        );
    } else {
        let _ = write!(out, "actual: {n} counted; {stats}");
    }
    Ok(out)
}

/// `explain`: the plan with its estimates, then what running it read.
pub fn explain<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<String> {
    let plan = plan(tables, q)?;
    let found = search_with(tables, q, &plan)?;
    let mut out = describe(tables, q, &plan)?;
    let _ = write!(out, "actual: {} rows returned; {}", found.users.len(), found.stats);
    Ok(out)
}

/// The scope, the classes, the access paths with their sizes, the chosen plan and its
/// estimate, one per line.
fn describe<S: Open>(tables: &Tables<S>, q: &PeopleQuery, plan: &Plan) -> Result<String> {
    let mut out = String::new();
    let view = match q.kind {
        SearchKind::People => "people search (members shown in the address list)",
        SearchKind::AddressList => "address list (shown in the address list)",
        SearchKind::Find => "every object",
    };
    let handle = tables.tenant(q.tenant)?.map(|t| t.handle).unwrap_or_default();
    let _ = writeln!(
        out,
        "scope: tenant {handle}, {view}: {} {}",
        plan.total,
        if plan.total == 1 { "user" } else { "users" }
    );
    let names: Vec<String> = plan.classes.iter().map(|&c| class_name(c)).collect();
    let _ = writeln!(
        out,
        "classes read: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    );
    if plan.accesses.is_empty() {
        let _ = writeln!(out, "access paths: none (no words, no equality conjuncts)");
    } else {
        let _ = writeln!(out, "access paths (entries):");
        for (i, a) in plan.accesses.iter().enumerate() {
            let mark = if plan.chosen.contains(&i) { "*" } else { " " };
            let rest = if a.rest.is_empty() {
                String::new()
            } else {
                ", rest checked in the posting".into()
            };
            let _ = writeln!(out, "  {mark} {}: {}{rest}", a.label, a.estimate);
        }
    }
    let walk = if plan.chosen.is_empty() {
        "walk the display order".to_owned()
    } else if plan.chosen.len() == 1 {
        format!("walk {}", plan.accesses[plan.chosen[0]].label)
    } else {
        let names: Vec<&str> = plan.chosen.iter().map(|&i| plan.accesses[i].label.as_str()).collect();
        format!("intersect {} by seeking", names.join(" ⋈ "))
    };
    let order = match (plan.ordered, plan.chosen.is_empty()) {
        (true, true) => "",
        (true, false) => " in display order",
        (false, _) => ", then sort",
    };
    let stop = match plan.wanted {
        Some(k) => format!(", stop after {k} rows"),
        None => String::new(),
    };
    let check = if plan.verify {
        ", check each row against the filter"
    } else {
        ""
    };
    let _ = writeln!(out, "plan: {walk}{order}{check}{stop}");
    let _ = writeln!(
        out,
        "estimate: {:.0} rows read, cost {:.1}",
        plan.estimated_rows, plan.estimated_cost
    );
    Ok(out)
}

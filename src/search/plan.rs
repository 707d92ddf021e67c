//! The planner: the access paths of a query (typed words and equality conjuncts, each a
//! posting whose size the counts know) and the cheapest subset of them to intersect.

use super::{PeopleQuery, Pred, Val};
use crate::error::Result;
use crate::model::Attr;
use crate::model::{CmpOp, Direction, SearchKind};
use crate::store::index::{self, ALL_CLASSES, LIVE, MEMBER, PEOPLE, SHOWN};
use crate::store::keys::{self, PostingKind};
use crate::store::{Open, Tables};

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
/// At most this many access paths are considered for intersection (2^10 subsets costed).
const MAX_INTERSECTED: usize = 10;

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
    // Subsets of the first MAX_INTERSECTED access paths are costed; the others are checked
    // on the rows read (a mask bit per path: no shift past the mask's width).
    let costed = accesses.len().min(MAX_INTERSECTED);
    let subsets = 1u32 << costed;
    for mask in 0..subsets {
        let chosen: Vec<usize> = (0..costed).filter(|i| mask & (1 << i) != 0).collect();
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

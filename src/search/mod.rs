//! People search: visibility, planning over the postings, execution, ordering, `explain`.
//!
//! A search is a conjunction over one tenant's postings: the typed words (prefix terms) and
//! the equality conjuncts of the filter, each a posting in display order, restricted to the
//! visibility classes of the view. The planner ([`plan`]) estimates every subset of these
//! access paths from the posting counts and picks the cheapest to intersect; the rest of the
//! filter is checked on the rows. When the answer is wanted in display order, execution stops
//! as soon as `offset + limit` rows are certain.
//!
//! One concept a file: the planner (`plan.rs`: access paths and their costs), execution
//! (`execute.rs`: running a plan, paging, counting, and the reference scan) and `explain`
//! (`explain.rs`: the plan and what running it read, in words).

pub mod cursor;
mod execute;
mod explain;
pub mod filter;
pub mod label;
mod order;
mod plan;

use crate::fold::query_words;
use crate::model::{Attr, TenantOrd, User};
use crate::model::{Direction, SearchKind};
use cursor::Stats;
pub use execute::{count, scan, search, search_each, search_each_with, search_views, search_with};
pub use explain::{explain, explain_count};
pub use filter::{Pred, Val};
pub use plan::{Access, Plan, classes, plan, plan_for};

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

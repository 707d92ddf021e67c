//! People search through the typed API: a [`Search`] names the view, the typed words, a
//! typed [`Filter`], the order and the page; the session compiles it for the tenant, checks
//! the right to search there once, and runs it.

use super::compile;
use crate::error::{Error, Result};
use crate::model::{Attr, Direction, Filter, SearchKind, TenantOrd, Value};
use crate::present::Presenter;
use crate::rights::{Action, Principal};
use crate::search::{self, Found, PeopleQuery};
use crate::session::{Session, read_in, with_view};
use crate::store::{Open, Tables};

/// A search over one tenant, as a user says it: `search people in tenant B for "bar" where
/// department = "Sales" order by displayName limit 25`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The view: people search, address list, or every object.
    pub kind: SearchKind,
    /// Typeahead text: every word must start a word of the names, or start the mail or UPN.
    pub text: Option<String>,
    /// The filter (`None`: everyone in the view).
    pub filter: Option<Filter>,
    /// Sort order; empty means display order.
    pub order: Vec<(Attr, Direction)>,
    /// At most this many rows (`None`: all).
    pub limit: Option<u64>,
    /// Skip this many rows first.
    pub offset: u64,
}

impl Search {
    /// Everyone in view `kind`, in display order, no limit.
    pub fn new(kind: SearchKind) -> Search {
        Search {
            kind,
            text: None,
            filter: None,
            order: Vec::new(),
            limit: None,
            offset: 0,
        }
    }

    /// With typeahead text.
    pub fn text(mut self, text: impl Into<String>) -> Search {
        self.text = Some(text.into());
        self
    }

    /// With a filter.
    pub fn filter(mut self, filter: Filter) -> Search {
        self.filter = Some(filter);
        self
    }

    /// With a limit.
    pub fn limit(mut self, limit: u64) -> Search {
        self.limit = Some(limit);
        self
    }

    /// The engine's query for `tenant`: the filter compiled there.
    fn prepare<S: Open>(&self, t: &Tables<S>, who: &Principal, tenant: &crate::model::Tenant) -> Result<PeopleQuery> {
        Ok(PeopleQuery {
            tenant: tenant.ord,
            kind: self.kind,
            text: self.text.clone(),
            filter: compile(t, who, tenant, self.filter.as_ref())?,
            order: self.order.clone(),
            limit: self.limit,
            offset: self.offset,
        })
    }
}

/// Shorthand for a [`SearchKind::People`] query of the engine.
pub fn people(tenant: TenantOrd) -> PeopleQuery {
    PeopleQuery::new(tenant, SearchKind::People)
}

impl Session<'_> {
    /// Runs a search: the users, in order, after offset and limit.
    pub fn find(&self, tenant: &str, s: &Search) -> Result<Found> {
        let who = self.principal.clone();
        read_in!(self, Action::Search, tenant, |t, tenant| {
            search::search(t, &s.prepare(t, &who, &tenant)?)
        })
    }

    /// Runs a search and hands each row of `columns` to `sink` as soon as it is read
    /// (references named), so a large answer is never held; returns whether more rows match
    /// than `limit` let through.
    pub fn search_rows(
        &self,
        tenant: &str,
        s: &Search,
        columns: &[Attr],
        mut sink: impl FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<bool> {
        let who = self.principal.clone();
        read_in!(self, Action::Search, tenant, |t, tenant| {
            let q = s.prepare(t, &who, &tenant)?;
            let mut presenter = Presenter::new(t);
            let (more, _) = search::search_views(t, &q, |user| sink(presenter.row(user, columns)?))?;
            Ok(more)
        })
    }

    /// True when the organization the tenant is active in labels its users (people search
    /// then shows a `label` column).
    pub fn shows_labels(&self, tenant: &str) -> Result<bool> {
        read_in!(self, Action::Search, tenant, |t, tenant| {
            let org = crate::search::label::organization(t, tenant.ord)?;
            Ok(org.is_some_and(|o| o.labels != crate::model::Labels::None))
        })
    }

    /// Counts the matches of a search (its order, limit and offset aside).
    pub fn count_matches(&self, tenant: &str, s: &Search) -> Result<u64> {
        let who = self.principal.clone();
        read_in!(self, Action::Search, tenant, |t, tenant| {
            search::count(t, &s.prepare(t, &who, &tenant)?)
        })
    }

    /// The plan of a search (or of its count) and what running it read.
    pub fn explain_search(&self, tenant: &str, s: &Search, count: bool) -> Result<String> {
        let who = self.principal.clone();
        read_in!(self, Action::Search, tenant, |t, tenant| {
            let q = s.prepare(t, &who, &tenant)?;
            if count {
                search::explain_count(t, &q)
            } else {
                search::explain(t, &q)
            }
        })
    }

    /// The engine's query over the tenant with this handle in view `kind` (for embedders
    /// that set compiled filters themselves, and for benchmarks).
    pub fn query(&self, tenant: &str, kind: SearchKind) -> Result<PeopleQuery> {
        read_in!(self, Action::Search, tenant, |_t, tenant| Ok(PeopleQuery::new(
            tenant.ord, kind
        )))
    }

    /// Runs an engine query with the planner's plan.
    pub fn search(&self, q: &PeopleQuery) -> Result<Found> {
        let who = self.principal.clone();
        with_view!(self, |t| {
            authorize_query(t, &who, q)?;
            search::search(t, q)
        })
    }

    /// Runs an engine query and hands each row of `columns` to `sink` as it is read, as
    /// [`Session::search_rows`] does for a [`Search`]: users are presented from their stored
    /// bytes, not copied out whole. Returns whether more rows match than `limit` let through.
    pub fn search_query_rows(
        &self,
        q: &PeopleQuery,
        columns: &[Attr],
        mut sink: impl FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<bool> {
        let who = self.principal.clone();
        with_view!(self, |t| {
            authorize_query(t, &who, q)?;
            let mut presenter = Presenter::new(t);
            let (more, _) = search::search_views(t, q, |user| sink(presenter.row(user, columns)?))?;
            Ok(more)
        })
    }

    /// Counts the matches of an engine query.
    pub fn count(&self, q: &PeopleQuery) -> Result<u64> {
        let who = self.principal.clone();
        with_view!(self, |t| {
            authorize_query(t, &who, q)?;
            search::count(t, q)
        })
    }

    /// The plan of an engine query and what running it read.
    pub fn explain(&self, q: &PeopleQuery) -> Result<String> {
        let who = self.principal.clone();
        with_view!(self, |t| {
            authorize_query(t, &who, q)?;
            search::explain(t, q)
        })
    }
}

/// Authorizes searching the tenant of an engine query.
fn authorize_query<S: Open>(t: &Tables<S>, who: &Principal, q: &PeopleQuery) -> Result<()> {
    let name = format!("#{}", q.tenant.0);
    let tenant = match t.tenant(q.tenant)? {
        Some(tenant) => tenant,
        // A tenant's administrator learns nothing of other tenants, existing or not.
        None if who.tenant().is_some() => {
            return Err(Error::Denied {
                principal: who.clone(),
                action: Action::Search,
                tenant: Some(name),
            });
        }
        None => {
            return Err(Error::UnknownTenant {
                name,
                hint: String::new(),
            });
        }
    };
    who.authorize(Action::Search, Some(&tenant))
}

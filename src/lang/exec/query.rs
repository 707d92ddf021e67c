//! `search people`, `search address list`, `find users`, `count …`, `explain …`.

use super::at_tenant;
use crate::api::Search;
use crate::error::Result;
use crate::lang::ast::{QueryStmt, SearchStmt};
use crate::model::{Attr, SearchKind};
use crate::output::{Output, Rows};
use crate::session::Session;

/// Rows a search returns when it names no `limit`.
pub const DEFAULT_LIMIT: u64 = 100;

/// Columns of `search people` and `search address list` unless `fields` says otherwise.
const PEOPLE_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::Mail,
    Attr::JobTitle,
    Attr::Department,
    Attr::City,
    Attr::Country,
];
/// Columns of `find users`.
const FIND_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::UserPrincipalName,
    Attr::UserType,
    Attr::Source,
    Attr::AccountEnabled,
    Attr::ShowInAddressList,
    Attr::IsSoftDeleted,
];

pub(super) fn run(session: &mut Session<'_>, stmt: &QueryStmt) -> Result<Output> {
    match stmt {
        QueryStmt::Search(s) => {
            let (h, search) = spec(session, s, true)?;
            let mut columns = columns(s);
            // Organization labels stand beside the display name when the organization has
            // them and the answer holds an organization user.
            let labels = s.fields.is_empty()
                && s.kind != SearchKind::Find
                && session.shows_labels(&h).map_err(|e| at_tenant(e, &s.tenant))?;
            if labels {
                columns.insert(1, Attr::Label);
            }
            let mut rows = Rows::new(columns.iter().map(|a| a.name().to_owned()).collect());
            rows.more = session
                .search_rows(&h, &search, &columns, |row| {
                    rows.rows.push(row);
                    Ok(())
                })
                .map_err(|e| at_tenant(e, &s.tenant))?;
            if labels && rows.rows.iter().all(|r| r[1].is_null()) {
                rows.columns.remove(1);
                rows.rows.iter_mut().for_each(|r| {
                    r.remove(1);
                });
            }
            Ok(Output::Rows(rows))
        }
        QueryStmt::Count(s) => {
            let (h, search) = spec(session, s, false)?;
            let n = session
                .count_matches(&h, &search)
                .map_err(|e| at_tenant(e, &s.tenant))?;
            Ok(Output::Count(n))
        }
        QueryStmt::Explain { search: s, count } => {
            let (h, search) = spec(session, s, !count)?;
            let text = session
                .explain_search(&h, &search, *count)
                .map_err(|e| at_tenant(e, &s.tenant))?;
            Ok(Output::Text(text))
        }
    }
}

/// The tenant and the typed search of a statement; `limited` searches get the default limit.
fn spec(session: &Session<'_>, s: &SearchStmt, limited: bool) -> Result<(String, Search)> {
    let h = super::handle(session, &s.tenant)?;
    let search = Search {
        kind: s.kind,
        text: s.text.clone(),
        filter: s.filter.clone(),
        order: s.order.iter().map(|(a, d)| (a.attr, *d)).collect(),
        limit: limited.then(|| s.limit.unwrap_or(DEFAULT_LIMIT)),
        offset: s.offset.unwrap_or(0),
    };
    Ok((h, search))
}

/// The columns a search prints: `fields`, else the view's defaults.
fn columns(s: &SearchStmt) -> Vec<Attr> {
    if !s.fields.is_empty() {
        s.fields.iter().map(|f| f.attr).collect()
    } else if s.kind == SearchKind::Find {
        FIND_COLUMNS.to_vec()
    } else {
        PEOPLE_COLUMNS.to_vec()
    }
}

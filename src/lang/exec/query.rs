//! `search people`, `search address list`, `find users`, `count …`, `explain …`.

use super::at_tenant;
use crate::api::Search;
use crate::error::{Error, Result};
use crate::lang::ast::{LIMIT_ALL, QueryStmt, SearchStmt};
use crate::limits::{Limit, MAX_ROWS};
use crate::model::{Attr, SearchKind, Value};
use crate::output::{Output, RowSink, Rows};
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

/// Rows a streamed search holds to decide whether its `label` column stays (it goes when no
/// row of a short answer has a label; an answer longer than this keeps it).
const LABEL_WINDOW: usize = 1000;

pub(super) fn run(session: &mut Session<'_>, stmt: &QueryStmt, stream: Option<&mut dyn RowSink>) -> Result<Output> {
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
            let names: Vec<String> = columns.iter().map(|a| a.name().to_owned()).collect();
            if let Some(out) = stream {
                let mut rows = Labelled::new(out, names, labels.then_some(1))?;
                let more = session
                    .search_rows(&h, &search, &columns, |row| rows.row(row))
                    .map_err(|e| at_tenant(e, &s.tenant))?;
                return Ok(Output::Streamed { rows: rows.end(more)? });
            }
            let mut rows = Rows::new(names);
            // A materialized answer holds at most MAX_ROWS rows (`limit all` streams).
            let unbounded = search.limit.is_none();
            rows.more = session
                .search_rows(&h, &search, &columns, |row| {
                    if unbounded && rows.rows.len() as u64 >= MAX_ROWS {
                        return Err(Error::TooLarge {
                            limit: Limit::Rows,
                            size: MAX_ROWS + 1,
                        });
                    }
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
        limit: match s.limit {
            Some(LIMIT_ALL) => None,
            limit => limited.then(|| limit.unwrap_or(DEFAULT_LIMIT)),
        },
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

/// A search's rows on their way to a [`RowSink`], deciding the `label` column as the
/// materialized answer does: the first [`LABEL_WINDOW`] rows are held; an answer that ends
/// within them drops the column when none of them has a label, a longer one keeps it.
struct Labelled<'s> {
    out: &'s mut dyn RowSink,
    columns: Vec<String>,
    /// The `label` column, while undecided.
    label: Option<usize>,
    /// The rows held while undecided.
    held: Vec<Vec<Value>>,
    /// The column dropped from every row, once decided.
    dropped: Option<usize>,
    count: u64,
}

impl<'s> Labelled<'s> {
    fn new(out: &'s mut dyn RowSink, columns: Vec<String>, label: Option<usize>) -> Result<Labelled<'s>> {
        if label.is_none() {
            out.start(&columns)?;
        }
        Ok(Labelled {
            out,
            columns,
            label,
            held: Vec::new(),
            dropped: None,
            count: 0,
        })
    }

    fn row(&mut self, mut row: Vec<Value>) -> Result<()> {
        self.count += 1;
        if self.label.is_some() {
            self.held.push(row);
            if self.held.len() >= LABEL_WINDOW {
                self.decide(true)?;
            }
            return Ok(());
        }
        if let Some(i) = self.dropped {
            row.remove(i);
        }
        self.out.row(row)
    }

    /// Starts the result set with or without the label column and hands on the held rows.
    fn decide(&mut self, long: bool) -> Result<()> {
        let Some(i) = self.label.take() else {
            return Ok(());
        };
        if !long && self.held.iter().all(|r| r[i].is_null()) {
            self.columns.remove(i);
            self.dropped = Some(i);
        }
        self.out.start(&self.columns)?;
        for mut row in std::mem::take(&mut self.held) {
            if let Some(i) = self.dropped {
                row.remove(i);
            }
            self.out.row(row)?;
        }
        Ok(())
    }

    /// Ends the result set; the number of rows.
    fn end(mut self, more: bool) -> Result<u64> {
        self.decide(false)?;
        self.out.end(more)?;
        Ok(self.count)
    }
}

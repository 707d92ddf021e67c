//! Running the bench queries on mtodir through its typed API: each search is one read
//! transaction (`session.search_query_rows`) answering `search people`'s six columns, as the
//! language's `search people` statement presents them; filters are compiled once beforehand,
//! like prepared statements.

use super::Res;
use super::dataset::SCOPE;
use super::queries::{Answer, Query};
use mtodir::search::{PeopleQuery, Pred};
use mtodir::{Attr, SearchKind};
use mtodir::{Directory, Session};

/// `search people`'s default columns (as `src/lang/exec/query.rs` lists them): what a search
/// answers in the latency tables, in both engines.
pub const PEOPLE_COLUMNS: [Attr; 6] = [
    Attr::DisplayName,
    Attr::Mail,
    Attr::JobTitle,
    Attr::Department,
    Attr::City,
    Attr::Country,
];

/// A query ready to run.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// A people search.
    Search(PeopleQuery),
    /// A count.
    Count(PeopleQuery),
    /// A UPN lookup.
    Upn(String),
}

/// mtodir's side of the benchmark.
pub struct MtodirEngine<'d> {
    session: Session<'d>,
    base: PeopleQuery,
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

impl<'d> MtodirEngine<'d> {
    /// An operator session on `directory`, searching the scope tenant.
    pub fn new(directory: &'d Directory) -> Res<MtodirEngine<'d>> {
        let session = directory.session();
        let base = session.query(SCOPE.handle, SearchKind::People)?;
        Ok(MtodirEngine { session, base })
    }

    /// The scope tenant's ordinal (SQLite's `tenant` column holds it too).
    pub fn tenant_key(&self) -> i64 {
        i64::from(self.base.tenant.0)
    }

    fn filter(&self, text: &str) -> Res<Pred> {
        Ok(self.session.compile(SCOPE.handle, &mtodir::parse_filter(text)?)?)
    }

    /// Compiles `q` (top `limit` rows; `None` for every row).
    pub fn prepare(&self, q: &Query, limit: Option<u64>) -> Res<Prepared> {
        let mut p = self.base.clone();
        p.limit = limit;
        Ok(match q {
            Query::Typeahead { text, member } => {
                p.text = Some(text.clone());
                if *member {
                    p.filter = self.filter("userType = Member")?;
                }
                Prepared::Search(p)
            }
            Query::Filter { department, country } => {
                p.filter = self.filter(&format!(
                    "department = {} and country = {}",
                    quoted(department),
                    quoted(country)
                ))?;
                Prepared::Search(p)
            }
            Query::Count { department } => {
                p.filter = self.filter(&format!("department = {}", quoted(department)))?;
                Prepared::Count(p)
            }
            Query::Upn(upn) => Prepared::Upn(upn.clone()),
        })
    }

    /// Runs a prepared query; returns the rows (or the count) it produced. A search answers
    /// [`PEOPLE_COLUMNS`] (a UPN lookup, the whole user).
    pub fn run(&self, p: &Prepared) -> Res<u64> {
        Ok(match p {
            Prepared::Search(q) => {
                let mut rows = 0u64;
                self.session.search_query_rows(q, &PEOPLE_COLUMNS, |row| {
                    std::hint::black_box(row);
                    rows += 1;
                    Ok(())
                })?;
                rows
            }
            Prepared::Count(q) => self.session.count(q)?,
            Prepared::Upn(upn) => u64::from(!self.session.user(SCOPE.handle, upn)?.user_principal_name.is_empty()),
        })
    }

    /// Runs a prepared search copying each found user out whole (`session.search`: the
    /// library's whole-object answer); other queries as [`MtodirEngine::run`].
    pub fn run_whole(&self, p: &Prepared) -> Res<u64> {
        match p {
            Prepared::Search(q) => Ok(self.session.search(q)?.users.len() as u64),
            other => self.run(other),
        }
    }

    /// What a prepared query answers.
    pub fn answer(&self, p: &Prepared) -> Res<Answer> {
        Ok(match p {
            Prepared::Search(q) => Answer::Rows(
                self.session
                    .search(q)?
                    .users
                    .into_iter()
                    .map(|u| u.user_principal_name.to_lowercase())
                    .collect(),
            ),
            Prepared::Count(q) => Answer::Count(self.session.count(q)?),
            Prepared::Upn(upn) => Answer::Rows(vec![
                self.session.user(SCOPE.handle, upn)?.user_principal_name.to_lowercase(),
            ]),
        })
    }

    /// `explain` of a prepared search (the plan, its estimate and what it read).
    pub fn explain(&self, p: &Prepared) -> Res<String> {
        Ok(match p {
            Prepared::Search(q) | Prepared::Count(q) => self.session.explain(q)?,
            Prepared::Upn(_) => "UPN lookup: the upns table, then the users table".into(),
        })
    }
}

//! Running the bench queries on the SQLite mirror with prepared (cached) statements. People
//! search there is `tenant = S AND isSoftDeleted = 0 AND showInAddressList = 1 AND
//! userType = 'Member'`; typeahead is answered four ways (see [`Variant`]).

use super::Res;
use super::queries::{Answer, Query};
use super::sqlite_store;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use std::path::Path;

/// How SQLite answers a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Typeahead: FTS5 `MATCH '"mar"* "gar"*'` joined to `users`, sorted by displayName.
    Fts,
    /// Typeahead: `LIKE 'mar%'` on the NOCASE-indexed columns, OR'ed, per typed word.
    Like,
    /// Typeahead on the token table, index first: `u.id IN (term range [INTERSECT term
    /// range…])`, one range per typed word, intersected before any user row is read; the users
    /// looked up by rowid, then sorted (`ORDER BY sortKey, id LIMIT 25`, a top-N sort).
    TokenIn,
    /// Typeahead on the token table, name order first: walk `users_people_order` (people
    /// search's class, in display order) and keep a row when `EXISTS (term range AND
    /// user = u.id)` for every typed word (one seek in `tokens_by_user` each); stops after 25.
    TokenExists,
    /// The one obvious statement (filters, counts, UPN lookups).
    Plain,
}

impl Variant {
    /// Its name in tables and criterion ids.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Fts => "sqlite_fts5",
            Variant::Like => "sqlite_like",
            Variant::TokenIn => "sqlite_token_in",
            Variant::TokenExists => "sqlite_token_exists",
            Variant::Plain => "sqlite",
        }
    }

    /// The variants that answer `q`.
    pub fn for_query(q: &Query) -> &'static [Variant] {
        match q {
            Query::Typeahead { .. } => &[Variant::Fts, Variant::Like, Variant::TokenIn, Variant::TokenExists],
            _ => &[Variant::Plain],
        }
    }

    /// True when the variant answers typeahead with mtodir's semantics and order (the same
    /// folding and words, `ORDER BY sortKey, id`): its answers must equal mtodir's, the same
    /// rows in the same order.
    pub fn exact(self) -> bool {
        matches!(self, Variant::TokenIn | Variant::TokenExists)
    }
}

/// The end of a term range: every term that starts with `word` is `>= word` and below this.
fn range_end(word: &str) -> String {
    format!("{word}\u{10FFFF}")
}

const PEOPLE: &str = "u.tenant = ?1 AND u.isSoftDeleted = 0 AND u.showInAddressList = 1 AND u.userType = 'Member'";
const TYPEAHEAD_COLUMNS: [&str; 5] = ["displayName", "givenName", "surname", "mail", "upn"];
/// The columns `search people` prints, which the shell scripts select.
const PEOPLE_OUTPUT: &str = "u.displayName, u.mail, u.jobTitle, u.department, u.city, u.country";

/// `value` as an SQL literal.
fn literal(value: &Value) -> String {
    match value {
        Value::Integer(i) => i.to_string(),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Real(r) => r.to_string(),
        Value::Null => "NULL".into(),
        Value::Blob(b) => format!("X'{}'", b.iter().map(|x| format!("{x:02X}")).collect::<String>()),
    }
}

/// `sql` with each parameter `?N` written in as the literal `params[N - 1]` (one pass, so a
/// literal's own text is never taken for a parameter).
fn inline(sql: &str, params: &[Value]) -> String {
    let mut out = String::with_capacity(sql.len() + 64);
    let mut rest = sql;
    while let Some(at) = rest.find('?') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| params.get(n.wrapping_sub(1)))
        {
            Some(p) => out.push_str(&literal(p)),
            None => out.push_str(&rest[at..=at + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// SQLite's side of the benchmark.
pub struct SqliteEngine {
    conn: Connection,
    tenant: i64,
}

/// The statement and parameters of a query.
struct Statement {
    sql: String,
    params: Vec<Value>,
    count: bool,
}

fn like_pattern(word: &str) -> String {
    let mut p = String::with_capacity(word.len() + 1);
    for c in word.chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn fts_query(words: &[String]) -> String {
    let terms: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    terms.join(" ")
}

impl SqliteEngine {
    /// Opens the mirror; `tenant` is the scope's `tenant` value.
    pub fn open(path: &Path, tenant: i64) -> Res<SqliteEngine> {
        let conn = sqlite_store::connect(path)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(SqliteEngine { conn, tenant })
    }

    fn statement(&self, v: Variant, q: &Query, limit: Option<u64>) -> Statement {
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let mut params = vec![Value::Integer(self.tenant)];
        let next = |params: &mut Vec<Value>, v: Value| {
            params.push(v);
            params.len()
        };
        let (sql, count) = match (v, q) {
            (Variant::Fts, Query::Typeahead { member, .. }) => {
                let m = next(&mut params, Value::Text(fts_query(&q.words())));
                let member = if *member { " AND u.userType = 'Member'" } else { "" };
                let l = next(&mut params, Value::Integer(limit));
                (
                    format!(
                        "SELECT u.* FROM users_fts JOIN users u ON u.id = users_fts.rowid \
                         WHERE users_fts MATCH ?{m} AND {PEOPLE}{member} ORDER BY u.displayName LIMIT ?{l}"
                    ),
                    false,
                )
            }
            (Variant::TokenIn | Variant::TokenExists, Query::Typeahead { member, .. }) => {
                let exists = v == Variant::TokenExists;
                let mut clauses = String::new();
                let mut ranges = Vec::new();
                for w in q.words() {
                    let end = range_end(&w);
                    let lo = next(&mut params, Value::Text(w));
                    let hi = next(&mut params, Value::Text(end));
                    let range = format!("t.tenant = ?1 AND t.term >= ?{lo} AND t.term < ?{hi}");
                    if exists {
                        clauses.push_str(&format!(
                            " AND EXISTS (SELECT 1 FROM tokens t WHERE {range} AND t.user = u.id)"
                        ));
                    } else {
                        ranges.push(format!("SELECT t.user FROM tokens t WHERE {range}"));
                    }
                }
                if !ranges.is_empty() {
                    // The typed words' ranges intersected before any user row is read.
                    clauses = format!(" AND u.id IN ({})", ranges.join(" INTERSECT "));
                }
                let member = if *member { " AND u.userType = 'Member'" } else { "" };
                let l = next(&mut params, Value::Integer(limit));
                // NOT INDEXED keeps rowid lookups (the IN lists) but no index for the order;
                // INDEXED BY pins the walk in name order.
                let access = if exists {
                    "INDEXED BY users_people_order"
                } else {
                    "NOT INDEXED"
                };
                (
                    format!(
                        "SELECT u.* FROM users u {access} WHERE {PEOPLE}{member}{clauses} \
                         ORDER BY u.sortKey, u.id LIMIT ?{l}"
                    ),
                    false,
                )
            }
            (_, Query::Typeahead { member, .. }) => {
                let mut clauses = Vec::new();
                for w in q.words() {
                    let i = next(&mut params, Value::Text(like_pattern(&w)));
                    let any: Vec<String> = TYPEAHEAD_COLUMNS
                        .iter()
                        .map(|c| format!("u.{c} LIKE ?{i} ESCAPE '\\'"))
                        .collect();
                    clauses.push(format!(" AND ({})", any.join(" OR ")));
                }
                let member = if *member { " AND u.userType = 'Member'" } else { "" };
                let l = next(&mut params, Value::Integer(limit));
                (
                    format!(
                        "SELECT u.* FROM users u WHERE {PEOPLE}{member}{} ORDER BY u.displayName LIMIT ?{l}",
                        clauses.concat()
                    ),
                    false,
                )
            }
            (_, Query::Filter { department, country }) => {
                let d = next(&mut params, Value::Text(department.clone()));
                let c = next(&mut params, Value::Text(country.clone()));
                let l = next(&mut params, Value::Integer(limit));
                (
                    format!(
                        "SELECT u.* FROM users u WHERE {PEOPLE} AND u.department = ?{d} AND u.country = ?{c} \
                         ORDER BY u.displayName LIMIT ?{l}"
                    ),
                    false,
                )
            }
            (_, Query::Count { department }) => {
                let d = next(&mut params, Value::Text(department.clone()));
                (
                    format!("SELECT count(*) FROM users u WHERE {PEOPLE} AND u.department = ?{d}"),
                    true,
                )
            }
            (_, Query::Upn(upn)) => {
                let n = next(&mut params, Value::Text(upn.clone()));
                (
                    format!("SELECT u.* FROM users u WHERE u.tenant = ?1 AND u.upn = ?{n}"),
                    false,
                )
            }
        };
        Statement { sql, params, count }
    }

    /// Runs `q`, reading every column of every row it selects: a search selects `search
    /// people`'s six columns, as mtodir's side answers them (a UPN lookup, the whole user);
    /// returns the rows (or the count).
    pub fn run(&self, v: Variant, q: &Query, limit: Option<u64>) -> Res<u64> {
        let mut s = self.statement(v, q, limit);
        if !matches!(q, Query::Upn(_)) {
            s.sql = s.sql.replacen("SELECT u.*", &format!("SELECT {PEOPLE_OUTPUT}"), 1);
        }
        let mut stmt = self.conn.prepare_cached(&s.sql)?;
        if s.count {
            let n: i64 = stmt.query_row(params_from_iter(s.params), |r| r.get(0))?;
            return Ok(u64::try_from(n).unwrap_or(0));
        }
        let columns = stmt.column_count();
        let mut rows = stmt.query(params_from_iter(s.params))?;
        let mut n = 0u64;
        while let Some(row) = rows.next()? {
            let mut values: Vec<Value> = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(row.get::<_, Value>(i)?);
            }
            std::hint::black_box(values);
            n += 1;
        }
        Ok(n)
    }

    /// What `q` answers.
    pub fn answer(&self, v: Variant, q: &Query, limit: Option<u64>) -> Res<Answer> {
        let s = self.statement(v, q, limit);
        let mut stmt = self.conn.prepare_cached(&s.sql)?;
        if s.count {
            let n: i64 = stmt.query_row(params_from_iter(s.params), |r| r.get(0))?;
            return Ok(Answer::Count(u64::try_from(n).unwrap_or(0)));
        }
        let upns = stmt
            .query_map(params_from_iter(s.params), |r| r.get::<_, String>("upn"))?
            .map(|r| r.map(|u| u.to_lowercase()))
            .collect::<Result<_, _>>()?;
        Ok(Answer::Rows(upns))
    }

    /// `EXPLAIN QUERY PLAN` of `q`, one line.
    pub fn plan(&self, v: Variant, q: &Query, limit: Option<u64>) -> Res<String> {
        let s = self.statement(v, q, limit);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {}", s.sql))?;
        let details = stmt
            .query_map(params_from_iter(s.params), |r| r.get::<_, String>(3))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(details.join("; "))
    }

    /// `q` as one statement of a `sqlite3` shell script: the parameters written in as
    /// literals, and `search people`'s six columns selected (what `mtodir -f` prints).
    pub fn shell_sql(&self, v: Variant, q: &Query, limit: u64) -> String {
        let s = self.statement(v, q, Some(limit));
        let sql = s.sql.replacen("SELECT u.*", &format!("SELECT {PEOPLE_OUTPUT}"), 1);
        format!("{};", inline(&sql, &s.params))
    }

    /// The statement text of `q` (for the README).
    pub fn sql(&self, v: Variant, q: &Query) -> String {
        self.statement(v, q, Some(25)).sql
    }
}

//! What a statement returns: rows, a count, a message, or text.

use crate::model::Value;

/// A result set: named columns (Graph property names) and rows of values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rows {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
    /// True when more rows match than were returned (the `limit` cut them).
    pub more: bool,
}

impl Rows {
    /// An empty result with these columns.
    pub fn new(columns: Vec<String>) -> Rows {
        Rows {
            columns,
            rows: Vec::new(),
            more: false,
        }
    }

    /// The values of column `name` (empty when there is no such column).
    pub fn column(&self, name: &str) -> Vec<&Value> {
        match self.columns.iter().position(|c| c == name) {
            Some(i) => self.rows.iter().map(|r| &r[i]).collect(),
            None => Vec::new(),
        }
    }

    /// The text values of column `name`, convenient in tests.
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.column(name).into_iter().map(|v| v.to_string()).collect()
    }
}

/// Receives a result set row by row while a statement produces it: the streaming API.
/// [`crate::Session::run_streaming`] hands a search's rows here as they are read instead of
/// returning them in [`Output::Rows`], so an answer of any size is printed in bounded memory
/// (the materialized API, [`crate::Session::execute`], still returns whole [`Rows`]).
///
/// A result set is `start`, then `row` for each row, then `end`. An error from the sink stops
/// the statement (a closed standard output, say) and is returned by it.
pub trait RowSink {
    /// A result set with these columns starts.
    fn start(&mut self, columns: &[String]) -> crate::Result<()>;
    /// One row, as long as the columns.
    fn row(&mut self, row: Vec<Value>) -> crate::Result<()>;
    /// The result set is over; `more` when `limit` cut rows that match.
    fn end(&mut self, more: bool) -> crate::Result<()>;

    /// True when the sink prints rows that have a natural JSON shape of their own (a
    /// provisioning log entry as Graph's `provisioningObjectSummary`) as that shape: a JSON
    /// writer. Such rows then reach it through [`RowSink::document`] instead of
    /// [`RowSink::row`], and only the shape it prints is built.
    fn wants_documents(&self) -> bool {
        false
    }

    /// One row as its JSON shape, for a sink that [`RowSink::wants_documents`]; a sink that
    /// does not is handed rows only, and refuses this.
    fn document(&mut self, document: Value) -> crate::Result<()> {
        let _ = document;
        Err(crate::Error::Transaction(
            "a result set's document went to a sink that prints rows".into(),
        ))
    }
}

impl RowSink for Rows {
    /// Collects the rows: a sink that materializes.
    fn start(&mut self, columns: &[String]) -> crate::Result<()> {
        *self = Rows::new(columns.to_vec());
        Ok(())
    }

    fn row(&mut self, row: Vec<Value>) -> crate::Result<()> {
        self.rows.push(row);
        Ok(())
    }

    fn end(&mut self, more: bool) -> crate::Result<()> {
        self.more = more;
        Ok(())
    }
}

/// The result of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A result set (`search`, `find`, `show …`).
    Rows(Rows),
    /// A result set already handed to the [`RowSink`] of
    /// [`crate::Session::run_streaming`], row by row: nothing is left to print.
    Streamed {
        /// How many rows it had.
        rows: u64,
    },
    /// A number (`count`).
    Count(u64),
    /// A short confirmation (`created user annie@a.example in tenant A`).
    Message(String),
    /// Preformatted text (`help`, `explain`).
    Text(String),
    /// An object with a natural JSON shape (Graph's, for access settings and organizations),
    /// which tables show as `rows`.
    Document {
        /// What `--format json` prints.
        document: Value,
        /// What tables and CSV print.
        rows: Rows,
    },
}

impl Output {
    /// The rows, when this is a result set.
    pub fn rows(&self) -> Option<&Rows> {
        match self {
            Output::Rows(r) | Output::Document { rows: r, .. } => Some(r),
            _ => None,
        }
    }
}

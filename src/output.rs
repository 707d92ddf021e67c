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

/// The result of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A result set (`search`, `find`, `show …`).
    Rows(Rows),
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

//! The one error type of mtodir, and diagnostics that point into the statement text.

use crate::lang::ast::Span;
use std::fmt;
use std::path::PathBuf;

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A message that points at a place in the input: line, column, the line itself and a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What was wrong, in words.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The text of that line.
    pub line_text: String,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
}

impl Diagnostic {
    /// A diagnostic for `span` of `source`.
    pub fn new(message: impl Into<String>, source: &str, span: Span) -> Diagnostic {
        let start = span.start.min(source.len());
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        let width = source[start..end].chars().count().max(1);
        Diagnostic {
            message: message.into(),
            line,
            column,
            line_text: source[line_start..line_end].to_owned(),
            width,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = self.line.to_string().len();
        writeln!(f, "{} (line {}, column {})", self.message, self.line, self.column)?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, self.line_text)?;
        write!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(self.column - 1),
            "^".repeat(self.width)
        )
    }
}

/// Everything that can go wrong. Every error leaves the database as it was.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not MTOQL.
    #[error("syntax error: {0}")]
    Syntax(Box<Diagnostic>),
    /// A statement is well-formed but wrong, pointed at the offending place.
    #[error("error: {0}")]
    Located(Box<Diagnostic>),
    /// Bad input: a wrong value, an unknown name, a broken rule. `span` points at the cause
    /// when it is known; the session turns it into [`Error::Located`].
    #[error("{message}")]
    Invalid {
        /// What was wrong.
        message: String,
        /// Where, in the statement text.
        span: Option<Span>,
    },
    /// The acting principal may not do this.
    #[error("permission denied: {0}")]
    Denied(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A line of an imported file is wrong; nothing was imported.
    #[error("{}, line {line}: {message} (nothing was imported)", path.display())]
    Import {
        /// The file.
        path: PathBuf,
        /// 1-based line (for CSV, the header is line 1).
        line: u64,
        /// What was wrong.
        message: String,
    },
    /// The file is not an mtodir database, or one of a format this version cannot read.
    #[error("{0}")]
    Format(String),
    /// A `begin`/`commit`/`rollback` out of place.
    #[error("{0}")]
    Transaction(String),
    /// A statement inside `begin` … `commit` failed, so the whole transaction was rolled back.
    #[error("{0}\nthe transaction was rolled back: nothing since `begin` was kept")]
    RolledBack(Box<Error>),
    /// A statement of an atomic script failed, so none of the script was kept.
    #[error("{0}\nthe script was rolled back: none of it was kept")]
    ScriptRolledBack(Box<Error>),
    /// The storage engine failed.
    #[error("storage error: {0}")]
    Storage(#[from] redb::Error),
}

impl Error {
    /// Bad input without a known position.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            span: None,
        }
    }

    /// Bad input at `span`.
    pub fn invalid_at(message: impl Into<String>, span: Span) -> Error {
        Error::Invalid {
            message: message.into(),
            span: Some(span),
        }
    }

    /// Attaches positions to an [`Error::Invalid`] that has a span, using the statement text.
    pub fn locate(self, source: &str) -> Error {
        self.locate_in(source, None)
    }

    /// Like [`Error::locate`]; an [`Error::Invalid`] without a span of its own points at
    /// `statement`, the span of the statement that failed.
    pub fn locate_in(self, source: &str, statement: Option<Span>) -> Error {
        match self {
            Error::Invalid { message, span } => match span.or(statement) {
                Some(span) => Error::Located(Box::new(Diagnostic::new(message, source, span))),
                None => Error::Invalid { message, span: None },
            },
            Error::RolledBack(inner) => Error::RolledBack(Box::new(inner.locate_in(source, statement))),
            Error::ScriptRolledBack(inner) => Error::ScriptRolledBack(Box::new(inner.locate_in(source, statement))),
            other => other,
        }
    }
}

macro_rules! storage_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error::Storage(e.into())
            }
        }
    )*};
}
storage_errors!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_points_at_the_second_line() {
        let src = "show tenants;\nsearch peple in tenant B";
        let d = Diagnostic::new("expected `people`", src, Span { start: 21, end: 26 });
        assert_eq!((d.line, d.column, d.width), (2, 8, 5));
        let text = d.to_string();
        assert!(text.contains("2 | search peple in tenant B"), "{text}");
        assert!(text.ends_with("|        ^^^^^"), "{text}");
    }
}

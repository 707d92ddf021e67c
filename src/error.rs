//! The one error type of mtodir, and diagnostics that point into the statement text.

pub use crate::model::Span;
use crate::model::{Attr, TypeError};
use crate::rights::{Action, Principal};
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

/// The kind of a named object, in "not found" errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A user.
    User,
    /// A group.
    Group,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::User => "user",
            Kind::Group => "group",
        })
    }
}

/// "in tenant B", or "in this tenant" when the tenant is the one being filtered.
fn place(tenant: &Option<String>) -> String {
    match tenant {
        Some(t) => format!("in tenant {t}"),
        None => "in this tenant".to_owned(),
    }
}

/// Everything that can go wrong. Every error leaves the database as it was.
///
/// Each broken rule is its own variant, so callers (and tests) match on what happened, not
/// on words; [`Error::root`] looks through the wrappers that add a position or say that a
/// transaction was rolled back.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not MTOQL.
    #[error("syntax error: {0}")]
    Syntax(Box<Diagnostic>),
    /// An error pointed at its place in the statement text.
    #[error("error: {diagnostic}")]
    Located {
        /// What went wrong.
        error: Box<Error>,
        /// Where, with the message.
        diagnostic: Box<Diagnostic>,
    },
    /// An error with the span of its cause, not yet located in a text: running a statement
    /// turns it into [`Error::Located`].
    #[error("{error}")]
    At {
        /// What went wrong.
        error: Box<Error>,
        /// Where, in the statement text.
        span: Span,
    },
    /// The acting principal may not do this.
    #[error("permission denied: {}", crate::rights::refusal(principal, *action, tenant))]
    Denied {
        /// Who tried.
        principal: Principal,
        /// What.
        action: Action,
        /// In which tenant (`None`: an action only the operator may take).
        tenant: Option<String>,
    },
    /// A value does not fit its attribute.
    #[error(transparent)]
    Type(#[from] TypeError),
    /// No tenant has this handle.
    #[error("unknown tenant `{name}`{hint}")]
    UnknownTenant {
        /// The handle given.
        name: String,
        /// ` (did you mean `B`?)`, or empty.
        hint: String,
    },
    /// No user or group has this name in the tenant.
    #[error("no {kind} `{name}` {}{hint}", place(tenant))]
    NotFound {
        /// User or group.
        kind: Kind,
        /// The name given.
        name: String,
        /// The tenant's handle (`None`: the tenant a filter is compiled for).
        tenant: Option<String>,
        /// A suggestion, or empty.
        hint: String,
    },
    /// `create tenant` with a handle that is taken.
    #[error("tenant {0} already exists")]
    TenantExists(String),
    /// A handle with other characters than letters, digits, `_` and `-`.
    #[error("a tenant handle is letters, digits, `_` and `-`, not `{0}`")]
    BadHandle(String),
    /// A domain that is not a domain name.
    #[error("`{0}` is not a domain name")]
    NotADomain(String),
    /// A domain another tenant has verified.
    #[error("domain {domain} is already verified by tenant {tenant}")]
    DomainTaken {
        /// The domain.
        domain: String,
        /// The tenant that has it.
        tenant: String,
    },
    /// A UPN that is not `name@domain`.
    #[error("`{0}` is not a user principal name (name@domain)")]
    NotAUpn(String),
    /// A UPN on a domain the tenant has not verified.
    #[error("`{domain}` is not a verified domain of tenant {tenant} (its domains: {domains})")]
    DomainNotVerified {
        /// The UPN's domain.
        domain: String,
        /// The tenant.
        tenant: String,
        /// The tenant's domains, comma-separated.
        domains: String,
    },
    /// A UPN another user of the tenant has (deleted users keep theirs).
    #[error("a user with UPN `{upn}` already exists in tenant {tenant}")]
    UpnTaken {
        /// The UPN.
        upn: String,
        /// The tenant.
        tenant: String,
    },
    /// A second B2B user for the same home user in one tenant.
    #[error("tenant {tenant} already holds a B2B user for that home user")]
    HomeTaken {
        /// The tenant.
        tenant: String,
    },
    /// `manager` names no user of the tenant.
    #[error("manager `{upn}` is not a user of tenant {tenant}")]
    ManagerNotFound {
        /// The manager's UPN as given.
        upn: String,
        /// The tenant.
        tenant: String,
    },
    /// A user as their own manager.
    #[error("`{0}` cannot be their own manager")]
    OwnManager(String),
    /// A change to a soft-deleted user.
    #[error("user `{upn}` is deleted; restore it before {doing}")]
    UserDeleted {
        /// The user.
        upn: String,
        /// What was tried ("changing it").
        doing: &'static str,
    },
    /// `delete user` on a deleted user.
    #[error("user `{0}` is already deleted")]
    AlreadyDeleted(String),
    /// `restore user` or `purge user` on a live user.
    #[error("user `{upn}` is not deleted{}", if *purging { ": `delete user` first, then `purge user`" } else { "" })]
    NotDeleted {
        /// The user.
        upn: String,
        /// True for `purge`.
        purging: bool,
    },
    /// `update users … set userPrincipalName = …`.
    #[error("`userPrincipalName` is unique: change it one user at a time")]
    UpnInBulk,
    /// A group without a name.
    #[error("a group needs a name")]
    GroupName,
    /// A group name the tenant has.
    #[error("group `{name}` already exists in tenant {tenant}")]
    GroupExists {
        /// The name.
        name: String,
        /// The tenant.
        tenant: String,
    },
    /// `<`, `>` on a boolean attribute.
    #[error("`{0}` cannot be compared with < or >")]
    NotOrdered(Attr),
    /// `starts with` and the like on an attribute that is not text.
    #[error("`{0}` is not text: use `=` or `in`")]
    NotText(Attr),
    /// `attr = null`.
    #[error("compare with null using `{0} is null`")]
    NullComparison(Attr),
    /// A statement with no tenant, in a session that acts for none.
    #[error("which tenant? add `in tenant X`, or `use tenant X` first")]
    NoTenant,
    /// `demo` on a file that has tenants.
    #[error(
        "`demo` loads into an empty database, and this one already has tenant {0} (open a new file: `mtodir demo.redb`)"
    )]
    NotEmpty(String),
    /// One object of a batch failed; `index` is 0-based.
    #[error("user {index}: {error}")]
    Batch {
        /// Which object.
        index: u64,
        /// Why.
        error: Box<Error>,
    },
    /// Bad input of no other kind (internal parser errors, exhausted counters).
    #[error("{0}")]
    Invalid(String),
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
    /// The directory file could not be read or written (disk full, an I/O error): the
    /// statement was not saved, or was saved whole. The open directory takes no more writes
    /// ([`Error::Unusable`]); reopening the file shows which.
    #[error(
        "the directory file could not be written or read ({0}): the statement was not saved, or was saved whole; \
         close the file and open it again to see which"
    )]
    FileIo(std::io::Error),
    /// An earlier failure (an I/O error, a damaged page) left this open directory unable to
    /// work: it must be closed and opened again.
    #[error(
        "an earlier failure to write or read the directory file left it unusable here: close it and open it again \
         (opening repairs what a crash left; `mtodir FILE --check` says what is wrong)"
    )]
    Unusable,
    /// The file is damaged: redb found a page it cannot read, or a stored value does not
    /// decode, or redb gave up on it (its panic caught at the boundary).
    #[error(
        "{} is damaged: {detail}; try `mtodir {} --check`, then `--repair`",
        damaged_file(file),
        damaged_arg(file)
    )]
    Damaged {
        /// The file, when known where the damage was found.
        file: Option<PathBuf>,
        /// What redb or the decoder said.
        detail: String,
    },
    /// The storage engine failed in another way.
    #[error("storage error: {0}")]
    Storage(redb::Error),
}

fn damaged_file(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map_or_else(|| "the directory file".to_owned(), |f| f.display().to_string())
}

fn damaged_arg(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map_or_else(|| "FILE".to_owned(), |f| f.display().to_string())
}

impl Error {
    /// Bad input of no other kind.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid(message.into())
    }

    /// A damaged file, in redb's or the decoder's words.
    pub fn damaged(detail: impl Into<String>) -> Error {
        Error::Damaged {
            file: None,
            detail: detail.into(),
        }
    }

    /// This error with the directory file named, where it says the file is damaged.
    pub fn in_file(self, path: &std::path::Path) -> Error {
        match self {
            Error::Damaged { file: None, detail } => Error::Damaged {
                file: Some(path.to_owned()),
                detail,
            },
            Error::RolledBack(inner) => Error::RolledBack(Box::new(inner.in_file(path))),
            Error::ScriptRolledBack(inner) => Error::ScriptRolledBack(Box::new(inner.in_file(path))),
            Error::At { error, span } => Error::At {
                error: Box::new(error.in_file(path)),
                span,
            },
            other => other,
        }
    }

    /// The typed error of a failure of redb: an I/O error, the latch redb sets after one, a
    /// damaged file, or another storage error.
    pub fn from_redb(e: redb::Error) -> Error {
        match e {
            redb::Error::Io(io) => Error::FileIo(io),
            redb::Error::PreviousIo | redb::Error::LockPoisoned(_) | redb::Error::DatabaseClosed => Error::Unusable,
            redb::Error::Corrupted(detail) => Error::damaged(detail),
            // The types of mtodir's tables are fixed: other types mean a damaged table tree.
            e @ (redb::Error::TableTypeMismatch { .. }
            | redb::Error::TableIsMultimap(_)
            | redb::Error::TableIsNotMultimap(_)
            | redb::Error::TypeDefinitionChanged { .. }) => Error::damaged(e.to_string()),
            other => Error::Storage(other),
        }
    }

    /// The error of a panic caught at the boundary that opens and reads the file: redb panics
    /// on some damaged files, and the panic becomes [`Error::Damaged`].
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let said = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Error::damaged(format!("reading it failed ({said})"))
    }

    /// This error, pointing at `span` of the statement text (unless it points somewhere
    /// already).
    pub fn at(self, span: Span) -> Error {
        match self {
            Error::At { .. } | Error::Located { .. } | Error::Syntax(_) => self,
            Error::RolledBack(inner) => Error::RolledBack(Box::new(inner.at(span))),
            Error::ScriptRolledBack(inner) => Error::ScriptRolledBack(Box::new(inner.at(span))),
            other => Error::At {
                error: Box::new(other),
                span,
            },
        }
    }

    /// The error itself, through the wrappers that locate it or report a rollback.
    pub fn root(&self) -> &Error {
        match self {
            Error::Located { error, .. } | Error::At { error, .. } => error.root(),
            Error::RolledBack(inner) | Error::ScriptRolledBack(inner) => inner.root(),
            other => other,
        }
    }

    /// True for mistakes in what a statement says (a broken rule, an unknown name, a wrong
    /// value): those point at the statement when they have no place of their own.
    pub fn is_refusal(&self) -> bool {
        match self {
            Error::Type(_)
            | Error::UnknownTenant { .. }
            | Error::NotFound { .. }
            | Error::TenantExists(_)
            | Error::BadHandle(_)
            | Error::NotADomain(_)
            | Error::DomainTaken { .. }
            | Error::NotAUpn(_)
            | Error::DomainNotVerified { .. }
            | Error::UpnTaken { .. }
            | Error::HomeTaken { .. }
            | Error::ManagerNotFound { .. }
            | Error::OwnManager(_)
            | Error::UserDeleted { .. }
            | Error::AlreadyDeleted(_)
            | Error::NotDeleted { .. }
            | Error::UpnInBulk
            | Error::GroupName
            | Error::GroupExists { .. }
            | Error::NotOrdered(_)
            | Error::NotText(_)
            | Error::NullComparison(_)
            | Error::NoTenant
            | Error::NotEmpty(_)
            | Error::Batch { .. }
            | Error::Invalid(_) => true,
            Error::Syntax(_)
            | Error::Located { .. }
            | Error::At { .. }
            | Error::Denied { .. }
            | Error::Io { .. }
            | Error::Import { .. }
            | Error::Format(_)
            | Error::Transaction(_)
            | Error::RolledBack(_)
            | Error::ScriptRolledBack(_)
            | Error::FileIo(_)
            | Error::Unusable
            | Error::Damaged { .. }
            | Error::Storage(_) => false,
        }
    }

    /// Locates an error that has a span in the statement text `source`.
    pub fn locate(self, source: &str) -> Error {
        self.locate_in(source, None)
    }

    /// Like [`Error::locate`]; an input error without a span of its own points at
    /// `statement`, the span of the statement that failed.
    pub fn locate_in(self, source: &str, statement: Option<Span>) -> Error {
        match self {
            Error::At { error, span } => Error::Located {
                diagnostic: Box::new(Diagnostic::new(error.to_string(), source, span)),
                error,
            },
            Error::RolledBack(inner) => Error::RolledBack(Box::new(inner.locate_in(source, statement))),
            Error::ScriptRolledBack(inner) => Error::ScriptRolledBack(Box::new(inner.locate_in(source, statement))),
            input if input.is_refusal() => match statement {
                Some(span) => Error::Located {
                    diagnostic: Box::new(Diagnostic::new(input.to_string(), source, span)),
                    error: Box::new(input),
                },
                None => input,
            },
            other => other,
        }
    }
}

macro_rules! storage_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error::from_redb(e.into())
            }
        }
    )*};
}
storage_errors!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::CompactionError
);

/// Runs `f`, turning a panic inside it (redb panics on some damaged files) into
/// [`Error::Damaged`]: the boundary that opens and reads a file.
pub(crate) fn shielded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::from_panic(&*payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_of_the_file_are_typed() {
        let io = redb::Error::Io(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(matches!(Error::from_redb(io), Error::FileIo(_)));
        assert!(matches!(Error::from_redb(redb::Error::PreviousIo), Error::Unusable));
        let damaged = Error::from_redb(redb::Error::Corrupted("bad checksum".into()));
        assert!(matches!(&damaged, Error::Damaged { file: None, detail } if detail == "bad checksum"));
        let named = damaged.in_file(std::path::Path::new("org.redb")).to_string();
        assert_eq!(
            named,
            "org.redb is damaged: bad checksum; try `mtodir org.redb --check`, then `--repair`"
        );
        let caught = std::panic::catch_unwind(|| panic!("index out of bounds")).unwrap_err();
        let said = Error::from_panic(&*caught).to_string();
        assert!(
            said.contains("is damaged: reading it failed (index out of bounds)"),
            "{said}"
        );
        let nothing = shielded(|| -> Result<()> { panic!("boom") }).unwrap_err();
        assert!(matches!(nothing, Error::Damaged { .. }));
    }

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

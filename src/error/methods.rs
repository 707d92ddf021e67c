//! What every error can do: point at a place, say whether it refuses input, find its root,
//! locate itself in a statement text.

use super::*;

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
            Error::CyclesKept { kept, error } => Error::CyclesKept {
                kept,
                error: Box::new(error.in_file(path)),
            },
            Error::At { error, span } => Error::At {
                error: Box::new(error.in_file(path)),
                span,
            },
            other => other,
        }
    }

    /// This error, pointing at `span` of the statement text (unless it points somewhere
    /// already).
    pub fn at(self, span: Span) -> Error {
        match self {
            Error::At { .. } | Error::Located { .. } | Error::Syntax(_) => self,
            Error::RolledBack(inner) => Error::RolledBack(Box::new(inner.at(span))),
            Error::ScriptRolledBack(inner) => Error::ScriptRolledBack(Box::new(inner.at(span))),
            Error::CyclesKept { kept, error } => Error::CyclesKept {
                kept,
                error: Box::new(error.at(span)),
            },
            other => Error::At {
                error: Box::new(other),
                span,
            },
        }
    }

    /// The error itself, through the wrappers that locate it or report a rollback (or the
    /// cycles kept before it).
    pub fn root(&self) -> &Error {
        match self {
            Error::Located { error, .. } | Error::At { error, .. } => error.root(),
            Error::RolledBack(inner) | Error::ScriptRolledBack(inner) => inner.root(),
            Error::CyclesKept { error, .. } => error.root(),
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
            | Error::UserNowhere(_)
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
            | Error::PartnerOnly(_)
            | Error::OwnPartner(_)
            | Error::NoPartner { .. }
            | Error::SyncPolicyExists { .. }
            | Error::NamedInboundDefault
            | Error::UnknownTarget { .. }
            | Error::AccessBlocked { .. }
            | Error::InviteHome { .. }
            | Error::NotInternal { .. }
            | Error::InOrganization { .. }
            | Error::NotInOrganization(_)
            | Error::NoOrganization(_)
            | Error::NotOwner { .. }
            | Error::NotAdded { .. }
            | Error::AlreadyActive(_)
            | Error::OrganizationFull { .. }
            | Error::LastOwner(_)
            | Error::BlankLabel(_)
            | Error::NotActive { .. }
            | Error::SyncExists { .. }
            | Error::NoSync { .. }
            | Error::SyncAmbiguous { .. }
            | Error::SyncToItself(_)
            | Error::NoStagedDeletes(_)
            | Error::TooLarge { .. }
            | Error::Invalid(_) => true,
            Error::Syntax(_)
            | Error::Located { .. }
            | Error::At { .. }
            | Error::Denied { .. }
            | Error::Io { .. }
            | Error::FilesForbidden { .. }
            | Error::FileOutside { .. }
            | Error::DatabaseFile { .. }
            | Error::Import { .. }
            | Error::ImportJson { .. }
            | Error::ImportExpression { .. }
            | Error::ImportUnsupported { .. }
            | Error::NotExportable { .. }
            | Error::Format(_)
            | Error::Transaction(_)
            | Error::RolledBack(_)
            | Error::ScriptRolledBack(_)
            | Error::CyclesKept { .. }
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
            Error::CyclesKept { kept, error } => Error::CyclesKept {
                kept,
                error: Box::new(error.locate_in(source, statement)),
            },
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

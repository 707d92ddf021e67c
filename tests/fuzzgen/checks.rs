//! The checks of a run: the digest of the committed tables, the view through an open
//! transaction, and the positions of errors.

use mtodir::format::{Mode, render};
use mtodir::store::Table;
use mtodir::{Diagnostic, Directory, Error, Output, Principal, Session};
use redb::ReadableTable;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::shorten;

/// Every table, for the digest of the committed state.
const TABLES: [Table; 18] = [
    Table::Meta,
    Table::Tenants,
    Table::TenantHandles,
    Table::Users,
    Table::Upns,
    Table::Homes,
    Table::ObjectIds,
    Table::Groups,
    Table::GroupNames,
    Table::Postings,
    Table::Counts,
    Table::Feed,
    Table::Access,
    Table::Organizations,
    Table::OrganizationMembers,
    Table::Syncs,
    Table::SyncLinks,
    Table::ProvisioningLog,
];

/// The digest of the committed state: every table, byte for byte.
pub fn digest(directory: &Directory) -> u64 {
    let mut h = DefaultHasher::new();
    let session = directory.session();
    let tables = session.snapshot().expect("an operator's snapshot");
    for table in TABLES {
        for entry in tables.table(table).expect("table").iter().expect("iterate") {
            let (k, v) = entry.expect("entry");
            k.value().hash(&mut h);
            v.value().hash(&mut h);
        }
    }
    h.finish()
}

/// What `session` sees (through its open transaction), read as the operator.
pub(super) fn view(session: &mut Session<'_>, full: bool) -> String {
    let who = session.principal().clone();
    session.use_operator().expect("an unconfined session");
    let out = if full {
        crate::common::fingerprint(session)
    } else {
        let mut out = String::new();
        let tenants = crate::common::rows(session, "show tenants");
        out.push_str(&render(&Output::Rows(tenants.clone()), Mode::Csv));
        let fields = crate::common::all_fields();
        for handle in tenants.strings("handle") {
            for statement in [
                format!("find users in tenant \"{handle}\" order by userPrincipalName limit 100000 fields {fields}"),
                format!("show groups in tenant \"{handle}\""),
            ] {
                let r = crate::common::rows(session, &statement);
                out.push_str(&render(&Output::Rows(r), Mode::Csv));
            }
        }
        out
    };
    if let Principal::TenantAdmin { handle, .. } = who {
        let _ = session.use_tenant(&handle);
    }
    out
}

/// Checks that a diagnostic points into `text`.
pub(super) fn check_diagnostic(text: &str, d: &Diagnostic) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    if d.line == 0 || d.line > lines.len() {
        return Err(format!("line {} of {}", d.line, lines.len()));
    }
    if lines[d.line - 1] != d.line_text {
        return Err(format!("line text {:?} is not line {}", shorten(&d.line_text), d.line));
    }
    if d.column == 0 || d.column > d.line_text.chars().count() + 1 || d.width == 0 {
        return Err(format!("column {} width {}", d.column, d.width));
    }
    Ok(())
}

/// Checks an error: located errors point into the text; nothing is a storage error or an
/// internal one. `parsing`: the error came from the parser, so it must have a position.
pub fn check_error(text: &str, e: &Error, parsing: bool) -> Result<(), String> {
    let _ = e.to_string();
    let mut at = e;
    loop {
        match at {
            Error::Syntax(d) => return check_diagnostic(text, d),
            Error::Located { diagnostic, .. } => return check_diagnostic(text, diagnostic),
            Error::RolledBack(inner) | Error::ScriptRolledBack(inner) | Error::CyclesKept { error: inner, .. } => {
                at = inner
            }
            _ => break,
        }
    }
    match e.root() {
        Error::Storage(s) => Err(format!("storage error: {s}")),
        Error::Invalid(m) if m.contains("internal") => Err(format!("internal error: {m}")),
        Error::TooLarge { .. } if parsing => Ok(()),
        _ if parsing => Err(format!("a parse error without a position: {e:?}")),
        _ => Ok(()),
    }
}

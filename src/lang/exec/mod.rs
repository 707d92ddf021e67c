//! The executor: each statement family maps onto the typed API in its own module, with an
//! exhaustive match, and shapes the answer into an [`Output`].

mod access;
mod audit;
mod groups;
mod interchange;
mod maintenance;
mod organization;
mod provisioning_log;
mod query;
mod session;
mod shell;
mod sync;
mod tenants;
mod users;

use super::ast::{Assignment, Name, Statement};
use crate::error::{Error, Result};
use crate::model::{Attr, Value, typing};
use crate::output::{Output, RowSink};
use crate::session::Session;

/// Runs one statement in `session`.
pub fn statement(session: &mut Session<'_>, stmt: &Statement) -> Result<Output> {
    statement_to(session, stmt, None)
}

/// Runs one statement in `session`; a search hands its rows to `rows`, when given, as they
/// are read (and returns [`Output::Streamed`]) instead of returning them.
pub fn statement_to(session: &mut Session<'_>, stmt: &Statement, rows: Option<&mut dyn RowSink>) -> Result<Output> {
    match stmt {
        Statement::Tenants(s) => tenants::run(session, s),
        Statement::Users(s) => users::run(session, s),
        Statement::Groups(s) => groups::run(session, s),
        Statement::Query(s) => query::run(session, s, rows),
        Statement::Interchange(s) => interchange::run(session, s),
        Statement::Session(s) => session::run(session, s),
        Statement::Shell(s) => shell::run(session, s),
        Statement::Audit(s) => audit::run(session, s),
        Statement::Access(s) => access::run(session, s),
        Statement::Organization(s) => organization::run(session, s),
        Statement::Sync(s) => sync::run(session, s, rows),
        Statement::Maintenance(s) => maintenance::run(session, s),
    }
}

fn message(text: impl Into<String>) -> Result<Output> {
    Ok(Output::Message(text.into()))
}

/// The handle of the tenant a statement names, or the one the session acts for.
fn handle(session: &Session<'_>, name: &Option<Name>) -> Result<String> {
    match name {
        Some(n) => Ok(n.text.clone()),
        None => session.own_tenant().map(str::to_owned),
    }
}

/// Points an unknown-tenant error at the tenant name the statement wrote, when that is the
/// name that is unknown.
fn at_tenant(e: Error, name: &Option<Name>) -> Error {
    match (e.root(), name) {
        (Error::UnknownTenant { name: unknown, .. }, Some(n)) if unknown.eq_ignore_ascii_case(&n.text) => e.at(n.span),
        _ => e,
    }
}

/// Points an unknown-group error at the group name the statement wrote.
fn at_group(e: Error, group: &Name) -> Error {
    match e.root() {
        Error::NotFound {
            kind: crate::Kind::Group,
            ..
        }
        | Error::GroupExists { .. }
        | Error::GroupName => e.at(group.span),
        _ => e,
    }
}

/// Types the values of `with …` / `set …` by their attributes, through the one value typer.
fn values(set: &[Assignment]) -> Result<Vec<(Attr, Value)>> {
    set.iter()
        .map(|a| {
            let value = typing::assigned(a.attr.attr, &a.value).map_err(|e| Error::from(e).at(a.attr.span))?;
            Ok((a.attr.attr, value))
        })
        .collect()
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

//! `help` and `demo`.

use super::message;
use crate::error::{Error, Result};
use crate::lang::ast::ShellStmt;
use crate::lang::{help, parser};
use crate::output::Output;
use crate::rights::Action;
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &ShellStmt) -> Result<Output> {
    match stmt {
        ShellStmt::Help(topic) => Ok(Output::Text(help::help(topic.as_deref())?)),
        ShellStmt::Demo => demo(session),
    }
}

/// Loads the seeds' sample organization into an empty file, in one transaction (or in the
/// open one): the script of [`crate::demo::SCRIPT`], run through the typed API.
fn demo(session: &mut Session<'_>) -> Result<Output> {
    session.principal().authorize(Action::LoadDemo, None)?;
    if let Some(first) = session.tenants()?.first() {
        return Err(Error::NotEmpty(first.tenant.handle.clone()));
    }
    let script = crate::demo::SCRIPT;
    let statements = parser::parse(script)?;
    if session.in_transaction() {
        for located in &statements {
            super::statement(session, &located.stmt).map_err(|e| e.locate(script))?;
        }
    } else {
        session.atomically(script, &statements, |_| {})?;
    }
    message(
        "loaded the sample organization: tenants A (Contoso), B (Fabrikam) and C (Tailspin) with Annie, Bob, Barbara, Charlie and colleagues, in the multitenant organization \"Contoso Group\".\ntry: search people in tenant B where userType = Member;",
    )
}

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
        ShellStmt::Demo { synced } => demo(session, *synced),
    }
}

/// Loads the seeds' sample organization into an empty file, in one transaction (or in the
/// open one): the script of [`crate::demo::SCRIPT`], then, when `synced`, the sharing and
/// sync cycles of [`crate::demo::SYNC`], run through the typed API.
fn demo(session: &mut Session<'_>, synced: bool) -> Result<Output> {
    session.principal().authorize(Action::LoadDemo, None)?;
    if let Some(first) = session.tenants()?.first() {
        return Err(Error::NotEmpty(first.tenant.handle.clone()));
    }
    let script = if synced {
        format!("{}\n{}", crate::demo::SCRIPT, crate::demo::SYNC)
    } else {
        crate::demo::SCRIPT.to_owned()
    };
    let statements = parser::parse(&script)?;
    if session.in_transaction() {
        for located in &statements {
            super::statement(session, &located.stmt).map_err(|e| e.locate(&script))?;
        }
    } else {
        session.atomically(&script, &statements, |_| {})?;
    }
    let loaded = "loaded the sample organization: tenants A (Contoso), B (Fabrikam) and C (Tailspin) with Annie, Bob, Barbara, Charlie and colleagues, in the multitenant organization \"Contoso Group\"";
    if synced {
        message(format!(
            "{loaded}; each tenant shares its Collab group and the syncs have run, so every tenant finds Annie, Bob, Barbara and Charlie.\ntry: search people in tenant B where userType = Member;"
        ))
    } else {
        message(format!(
            "{loaded}; nobody is shared yet.\ntry: share users of tenant A group Collab with organization; run syncs;"
        ))
    }
}

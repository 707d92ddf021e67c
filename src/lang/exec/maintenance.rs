//! `check`.

use crate::error::Result;
use crate::lang::ast::MaintenanceStmt;
use crate::output::Output;
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &MaintenanceStmt) -> Result<Output> {
    match stmt {
        MaintenanceStmt::Check => Ok(Output::Text(session.check()?.to_string())),
    }
}

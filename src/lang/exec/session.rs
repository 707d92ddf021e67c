//! `use tenant`, `use operator`, `whoami`, `begin`, `commit`, `rollback`.

use super::message;
use crate::error::{Error, Result};
use crate::lang::ast::SessionStmt;
use crate::output::Output;
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &SessionStmt) -> Result<Output> {
    match stmt {
        SessionStmt::Begin => {
            session.begin()?;
            message("transaction started: statements now land together at `commit`")
        }
        SessionStmt::Commit => {
            session.commit()?;
            message("committed")
        }
        SessionStmt::Rollback => match session.rollback() {
            true => message("rolled back: nothing since `begin` was kept"),
            false => Err(Error::Transaction("no transaction is open".into())),
        },
        SessionStmt::UseTenant(name) => {
            session.use_tenant(&name.text).map_err(|e| e.at(name.span))?;
            message(format!(
                "acting as the administrator of tenant {}",
                session.own_tenant()?
            ))
        }
        SessionStmt::UseOperator => {
            session.use_operator()?;
            message("acting as the operator")
        }
        SessionStmt::Whoami => {
            let txn = if session.in_transaction() {
                " (in a transaction)"
            } else {
                ""
            };
            message(format!("{}{txn}", session.principal()))
        }
    }
}

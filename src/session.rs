//! Sessions: an acting principal, a current tenant, and transactions.
//!
//! Every statement is one redb write transaction (reads use an MVCC snapshot and never wait);
//! `begin` … `commit` groups several. A statement that fails while changing the directory
//! inside such a block rolls the whole block back (redb cannot undo part of a transaction), so
//! nothing is ever half-written; a failed read or a syntax error changes nothing and leaves
//! the block open.

use crate::directory::{Directory, Principal, tenants};
use crate::error::{Error, Result};
use crate::lang::ast::{Located, Statement};
use crate::lang::{exec, parser};
use crate::output::Output;
use crate::store::{Tables, WriteTables};
use redb::WriteTransaction;

/// A session on a [`Directory`]: who acts, which tenant is current, and the open explicit
/// transaction, if any.
pub struct Session<'d> {
    pub(crate) dir: &'d Directory,
    pub(crate) principal: Principal,
    pub(crate) txn: Option<WriteTransaction>,
    /// True when the open transaction is the user's `begin` block, not a script's.
    pub(crate) explicit: bool,
}

/// Evaluates `$body` with `$t` bound to the session's current read view: the open
/// transaction's tables (so reads see its writes), or a fresh MVCC snapshot's.
macro_rules! with_view {
    ($session:expr, |$t:ident| $body:expr) => {
        match &$session.txn {
            Some(txn) => {
                let $t = &$crate::store::Tables::new(txn);
                $body
            }
            None => match redb::ReadableDatabase::begin_read(&$session.dir.db) {
                Ok(snapshot) => {
                    let $t = &$crate::store::Tables::new(snapshot);
                    $body
                }
                Err(e) => Err($crate::Error::from(e)),
            },
        }
    };
}
pub(crate) use with_view;

impl<'d> Session<'d> {
    pub(crate) fn new(dir: &'d Directory) -> Session<'d> {
        Session {
            dir,
            principal: Principal::Operator,
            txn: None,
            explicit: false,
        }
    }

    /// The directory this session works on.
    pub fn directory(&self) -> &'d Directory {
        self.dir
    }

    /// Who acts.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// Acts as the administrator of the tenant with this handle.
    pub fn use_tenant(&mut self, handle: &str) -> Result<()> {
        let tenant = with_view!(self, |t| tenants::resolve(t, handle))?;
        self.principal = Principal::admin_of(&tenant);
        Ok(())
    }

    /// Acts as the operator again.
    pub fn use_operator(&mut self) {
        self.principal = Principal::Operator;
    }

    /// True inside `begin` … `commit` (and while an atomic script runs).
    pub fn in_transaction(&self) -> bool {
        self.txn.is_some()
    }

    /// True inside the user's own `begin` … `commit` block.
    pub fn in_block(&self) -> bool {
        self.txn.is_some() && self.explicit
    }

    /// Runs every statement of `text`, one transaction each (or inside the open `begin`
    /// block), and returns their outputs. Stops at the first error; statements before it
    /// stay done (outside a `begin` block).
    pub fn execute(&mut self, text: &str) -> Result<Vec<Output>> {
        let mut outputs = Vec::new();
        self.run(text, |o| outputs.push(o))?;
        Ok(outputs)
    }

    /// Like [`Session::execute`], handing each output to `sink` as soon as it is ready.
    pub fn run(&mut self, text: &str, mut sink: impl FnMut(Output)) -> Result<()> {
        let statements = parser::parse(text)?;
        for located in &statements {
            let output = self
                .statement(&located.stmt)
                .map_err(|e| e.locate_in(text, Some(located.span)))?;
            sink(output);
        }
        Ok(())
    }

    /// Runs a script atomically: all of it lands or none of it does. A script that manages
    /// its own transactions (`begin`, `commit`, `rollback`) runs as [`Session::run`] does.
    pub fn run_script(&mut self, text: &str, mut sink: impl FnMut(Output)) -> Result<()> {
        let statements = parser::parse(text)?;
        let manages_own = statements
            .iter()
            .any(|s| matches!(s.stmt, Statement::Begin | Statement::Commit | Statement::Rollback));
        if manages_own || self.in_transaction() {
            return self.run(text, sink);
        }
        self.begin()?;
        self.explicit = false;
        let mut outputs = Vec::new();
        for Located { stmt, span } in &statements {
            match self.statement(stmt) {
                Ok(o) => outputs.push(o),
                Err(e) => {
                    self.rollback();
                    let inner = match e {
                        Error::RolledBack(inner) => *inner,
                        other => other,
                    };
                    return Err(Error::ScriptRolledBack(Box::new(inner.locate_in(text, Some(*span)))));
                }
            }
        }
        self.commit()?;
        outputs.into_iter().for_each(&mut sink);
        Ok(())
    }

    /// [`Session::run_script`], collecting the outputs.
    pub fn execute_script(&mut self, text: &str) -> Result<Vec<Output>> {
        let mut outputs = Vec::new();
        self.run_script(text, |o| outputs.push(o))?;
        Ok(outputs)
    }

    /// Starts an explicit transaction.
    pub fn begin(&mut self) -> Result<()> {
        if self.txn.is_some() {
            return Err(Error::Transaction(
                "a transaction is already open (commit or rollback it first)".into(),
            ));
        }
        self.txn = Some(self.dir.db.begin_write()?);
        self.explicit = true;
        Ok(())
    }

    /// Commits the explicit transaction.
    pub fn commit(&mut self) -> Result<()> {
        let txn = self
            .txn
            .take()
            .ok_or_else(|| Error::Transaction("no transaction is open".into()))?;
        txn.commit()?;
        Ok(())
    }

    /// Abandons the explicit transaction, if any.
    pub fn rollback(&mut self) -> bool {
        match self.txn.take() {
            Some(txn) => {
                // Dropping an uncommitted write transaction rolls it back.
                let _ = txn.abort();
                true
            }
            None => false,
        }
    }

    /// Runs `f` in a write transaction: the open one, or a new one committed at the end.
    /// An error rolls back everything `f` did (and, inside `begin`, the whole block).
    pub fn write<R>(&mut self, f: impl FnOnce(&mut WriteTables<'_>, &Principal) -> Result<R>) -> Result<R> {
        let (txn, explicit) = match self.txn.take() {
            Some(txn) => (txn, true),
            None => (self.dir.db.begin_write()?, false),
        };
        let outcome = {
            let mut tables = Tables::new(&txn);
            f(&mut tables, &self.principal).and_then(|r| tables.finish().map(|()| r))
        };
        match outcome {
            Ok(r) if explicit => {
                self.txn = Some(txn);
                Ok(r)
            }
            Ok(r) => {
                txn.commit()?;
                Ok(r)
            }
            Err(e) => {
                let _ = txn.abort();
                if explicit {
                    Err(Error::RolledBack(Box::new(e)))
                } else {
                    Err(e)
                }
            }
        }
    }

    fn statement(&mut self, stmt: &Statement) -> Result<Output> {
        exec::statement(self, stmt)
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.rollback();
    }
}

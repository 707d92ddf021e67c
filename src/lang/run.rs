//! Running MTOQL text in a session: one statement at a time, or a whole script atomically.

use super::ast::{Located, Statement};
use super::{exec, parser};
use crate::error::{Error, Result};
use crate::output::{Output, RowSink};
use crate::session::Session;

impl Session<'_> {
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
            let output = exec::statement(self, &located.stmt).map_err(|e| e.locate_in(text, Some(located.span)))?;
            sink(output);
        }
        Ok(())
    }

    /// Like [`Session::run`], but a search hands its rows to `rows` as they are read (its
    /// output is then [`Output::Streamed`]), so an answer of any size (`limit all`) is
    /// printed in bounded memory; other outputs reach `sink` as they are ready. The shell
    /// prints this way; [`Session::execute`] is the materialized API.
    pub fn run_streaming(&mut self, text: &str, rows: &mut dyn RowSink, mut sink: impl FnMut(Output)) -> Result<()> {
        let statements = parser::parse(text)?;
        self.each_streaming(text, &statements, rows, &mut sink)
    }

    fn each_streaming(
        &mut self,
        text: &str,
        statements: &[Located],
        rows: &mut dyn RowSink,
        sink: &mut dyn FnMut(Output),
    ) -> Result<()> {
        for located in statements {
            let output = exec::statement_to(self, &located.stmt, Some(&mut *rows))
                .map_err(|e| e.locate_in(text, Some(located.span)))?;
            sink(output);
        }
        Ok(())
    }

    /// [`Session::run_script`], streaming as [`Session::run_streaming`] does where the
    /// script's atomicity allows it: a script that only reads (no statement changes the
    /// directory, no `check`) runs over one read snapshot held for the whole script and
    /// streams every answer (its other outputs are held until rows start or the script ends,
    /// so a script that fails before any row is printed prints nothing, as an atomic one); a script that manages its own transactions streams statement by
    /// statement; a script that writes runs in one write transaction and its outputs, answers
    /// included, reach `sink` once it is committed (a materialized answer holds at most
    /// [`crate::limits::MAX_ROWS`] rows).
    pub fn run_script_streaming(
        &mut self,
        text: &str,
        rows: &mut dyn RowSink,
        mut sink: impl FnMut(Output),
    ) -> Result<()> {
        let statements = parser::parse(text)?;
        if statements.iter().any(|s| s.stmt.manages_transactions()) || self.in_transaction() {
            return self.each_streaming(text, &statements, rows, &mut sink);
        }
        let reads_only = statements
            .iter()
            .all(|s| !s.stmt.writes() && !matches!(s.stmt, Statement::Maintenance(_)));
        if !reads_only {
            return self.atomically(text, &statements, sink);
        }
        self.hold_snapshot()?;
        let mut deferred = Deferred {
            rows,
            sink: &mut sink,
            pending: Vec::new(),
        };
        let mut outcome = Ok(());
        for located in &statements {
            match exec::statement_to(self, &located.stmt, Some(&mut deferred)) {
                Ok(output) => deferred.pending.push(output),
                Err(e) => {
                    outcome = Err(e.locate_in(text, Some(located.span)));
                    break;
                }
            }
        }
        self.release_snapshot();
        outcome?;
        deferred.flush();
        Ok(())
    }

    /// Runs a script atomically: all of it lands or none of it does. A script that manages
    /// its own transactions (`begin`, `commit`, `rollback`) runs as [`Session::run`] does.
    pub fn run_script(&mut self, text: &str, sink: impl FnMut(Output)) -> Result<()> {
        let statements = parser::parse(text)?;
        if statements.iter().any(|s| s.stmt.manages_transactions()) || self.in_transaction() {
            return self.run(text, sink);
        }
        self.atomically(text, &statements, sink)
    }

    /// [`Session::run_script`], collecting the outputs.
    pub fn execute_script(&mut self, text: &str) -> Result<Vec<Output>> {
        let mut outputs = Vec::new();
        self.run_script(text, |o| outputs.push(o))?;
        Ok(outputs)
    }

    /// Runs parsed `statements` of `text` in one transaction of their own; the outputs reach
    /// `sink` once it is committed.
    pub(super) fn atomically(
        &mut self,
        text: &str,
        statements: &[Located],
        mut sink: impl FnMut(Output),
    ) -> Result<()> {
        self.begin_script()?;
        let mut outputs = Vec::new();
        for Located { stmt, span } in statements {
            match exec::statement(self, stmt) {
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
}

/// A read-only script's outputs on their way out: held until a result set starts streaming
/// (then everything before it is handed on first, in order) or the script ends.
struct Deferred<'a> {
    rows: &'a mut dyn RowSink,
    sink: &'a mut dyn FnMut(Output),
    pending: Vec<Output>,
}

impl Deferred<'_> {
    fn flush(&mut self) {
        for output in self.pending.drain(..) {
            (self.sink)(output);
        }
    }
}

impl RowSink for Deferred<'_> {
    fn start(&mut self, columns: &[String]) -> Result<()> {
        self.flush();
        self.rows.start(columns)
    }

    fn row(&mut self, row: Vec<crate::model::Value>) -> Result<()> {
        self.rows.row(row)
    }

    fn end(&mut self, more: bool) -> Result<()> {
        self.rows.end(more)
    }

    fn wants_documents(&self) -> bool {
        self.rows.wants_documents()
    }

    fn document(&mut self, document: crate::model::Value) -> Result<()> {
        self.rows.document(document)
    }
}

//! Running MTOQL text in a session: one statement at a time, or a whole script atomically.

use super::ast::Located;
use super::{exec, parser};
use crate::error::{Error, Result};
use crate::output::Output;
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

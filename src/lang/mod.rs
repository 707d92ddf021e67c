//! MTOQL: the grammar binding, the syntax tree, and the executor. The language is a client
//! of the typed API ([`crate::Session`]'s methods), like any embedder: it parses text into
//! statements, maps each onto one API call, and shapes the answer into an [`crate::Output`].

pub mod ast;
pub mod exec;
pub mod help;
pub mod parser;
mod run;

pub use parser::{parse as parse_script, parse_filter};

use ast::{InterchangeStmt, Statement};

/// True when `text` holds an `import users` or `generate users` statement (after which the
/// command line compacts the file, and the REPL suggests `.compact`).
pub fn loads_users(text: &str) -> bool {
    parser::parse(text)
        .map(|statements| {
            statements.iter().any(|l| {
                matches!(
                    l.stmt,
                    Statement::Interchange(InterchangeStmt::Import { .. } | InterchangeStmt::Generate { .. })
                )
            })
        })
        .unwrap_or(false)
}

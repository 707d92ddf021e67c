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
    // Both keywords are ASCII and case-insensitive: text without either loads nobody, and
    // a script of many statements is not parsed a second time to learn it.
    let lower = text.to_ascii_lowercase();
    if !lower.contains("import") && !lower.contains("generate") {
        return false;
    }
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

#[cfg(test)]
mod tests {
    use super::loads_users;

    #[test]
    fn a_bulk_load_is_told_in_any_case_and_other_scripts_are_not() {
        assert!(loads_users("IMPORT users INTO tenant A FROM \"u.csv\""));
        assert!(loads_users(
            "search people in tenant A; Generate users into tenant A count 5"
        ));
        assert!(!loads_users(
            "search people in tenant A for \"imp\"; count users in tenant A"
        ));
        // The keyword alone is not a load: an export, or a search for the word.
        assert!(!loads_users("export users of tenant A to \"import.csv\""));
        assert!(!loads_users("search people in tenant A for \"generate\""));
        // Text that does not parse loads nobody.
        assert!(!loads_users("import users from"));
    }
}

//! Syntax errors as a user sees them: line, column, a caret under the offending token, and
//! what was expected in plain words.

use mtodir::lang::parser::parse;
use mtodir::{Diagnostic, Error};

/// The diagnostic of `text`, which must be a syntax error.
fn diagnostic(text: &str) -> Diagnostic {
    match parse(text) {
        Err(Error::Syntax(d)) => *d,
        other => panic!("{text:?} should be a syntax error, not {other:?}"),
    }
}

/// Checks where the caret stands and how wide it is, both in the fields and in the text shown.
fn assert_caret(d: &Diagnostic, line: usize, column: usize, width: usize) {
    assert_eq!((d.line, d.column, d.width), (line, column, width), "{d}");
    let shown = d.to_string();
    let caret = format!("| {}{}", " ".repeat(column - 1), "^".repeat(width));
    assert!(
        shown.ends_with(&caret),
        "caret line should end with {caret:?}:\n{shown}"
    );
    assert!(shown.contains(&format!("(line {line}, column {column})")), "{shown}");
}

#[test]
fn misspelled_keyword() {
    let d = diagnostic("search peple in tenant B");
    assert_caret(&d, 1, 8, 5);
    assert_eq!(
        d.message,
        "expected `people` or `address list`, found `peple` (did you mean `people`?)"
    );
}

#[test]
fn misspelled_statement() {
    let d = diagnostic("serch people in tenant B");
    assert_caret(&d, 1, 1, 5);
    assert_eq!(
        d.message,
        "expected a statement, found `serch` (did you mean `search`?)"
    );
}

#[test]
fn misspelled_clause() {
    let d = diagnostic("search people in tenant B wher department = 'Sales'");
    assert_caret(&d, 1, 27, 4);
    assert_eq!(
        d.message,
        "expected `for`, `where`, `order by`, `limit`, `offset`, `fields` or end of statement, \
         found `wher` (did you mean `where`?)"
    );
}

#[test]
fn missing_value_after_equals() {
    let d = diagnostic("search people in tenant B where department = ;");
    assert_caret(&d, 1, 46, 1);
    assert_eq!(d.message, "expected a value, found `;`");

    // At the end of the input the caret stands right after the last token.
    let d = diagnostic("search people in tenant B where department =\n");
    assert_caret(&d, 1, 45, 1);
    assert_eq!(d.message, "expected a value, found end of input");
}

#[test]
fn missing_operator() {
    let d = diagnostic("find users where department 'Sales'");
    assert_caret(&d, 1, 29, 7);
    assert!(d.message.starts_with("expected a comparison operator"), "{}", d.message);
    assert!(
        d.message
            .contains("`in`, `is`, `starts with`, `ends with` or `contains`"),
        "{}",
        d.message
    );
}

#[test]
fn unterminated_string() {
    let d = diagnostic("search people in tenant B for \"bar\nshow tenants;");
    assert_caret(&d, 1, 31, 4);
    assert_eq!(d.message, "unterminated string: the closing `\"` is missing");

    let d = diagnostic("find users where city = 'Oslo");
    assert_caret(&d, 1, 25, 5);
    assert_eq!(d.message, "unterminated string: the closing `'` is missing");
}

#[test]
fn unknown_attribute_with_suggestion() {
    let d = diagnostic("find users in tenant A where departmnt = \"R&D\"");
    assert_caret(&d, 1, 30, 9);
    assert_eq!(d.message, "unknown attribute `departmnt` (did you mean `department`?)");

    let d = diagnostic("find users order by zzzzzz");
    assert_eq!(d.message, "unknown attribute `zzzzzz`");
}

#[test]
fn error_on_the_third_line_of_a_script() {
    let script =
        "show tenants;\nshow tenant A;   -- fine so far\n  search people in tenant A whre city = 'Oslo';\nwhoami;\n";
    let d = diagnostic(script);
    assert_caret(&d, 3, 29, 4);
    assert_eq!(d.line_text, "  search people in tenant A whre city = 'Oslo';");
    assert!(
        d.to_string().contains("3 |   search people in tenant A whre city"),
        "{d}"
    );
    assert!(
        d.message.ends_with("found `whre` (did you mean `where`?)"),
        "{}",
        d.message
    );
}

#[test]
fn garbage_after_a_complete_statement() {
    let d = diagnostic("show tenants please");
    assert_caret(&d, 1, 14, 6);
    assert_eq!(d.message, "expected end of statement, found `please`");

    let d = diagnostic("search people in tenant B limit 5 now");
    assert_caret(&d, 1, 35, 3);
    assert_eq!(
        d.message,
        "expected `offset`, `fields` or end of statement, found `now`"
    );

    let d = diagnostic("find users where city = Oslo )");
    assert_eq!(
        d.message,
        "expected `and`, `or`, `order by`, `limit`, `offset`, `fields` or end of statement, found `)`"
    );
}

#[test]
fn missing_semicolon_between_statements() {
    let d = diagnostic("show tenants\nshow groups");
    assert_caret(&d, 2, 1, 4);
    assert_eq!(
        d.message,
        "expected end of statement, found `show` (is a `;` missing before it?)"
    );
}

#[test]
fn missing_names() {
    let d = diagnostic("show tenant ;");
    assert_eq!(d.message, "expected a tenant name, found `;`");
    let d = diagnostic("add user annie@a.example to group");
    assert_caret(&d, 1, 34, 1);
    assert_eq!(d.message, "expected a group name, found end of input");
    let d = diagnostic("delete user in tenant A");
    assert_caret(&d, 1, 13, 2);
    assert!(d.message.starts_with("expected a user principal name"), "{}", d.message);
    let d = diagnostic("import users into tenant A from users.csv");
    assert_eq!(d.message, "expected a file name in quotes, found `users.csv`");
}

#[test]
fn unbalanced_parentheses() {
    let d = diagnostic("find users where (city = Oslo or city = Bergen");
    assert_caret(&d, 1, 47, 1);
    assert_eq!(d.message, "expected `)`, `and` or `or`, found end of input");
}

#[test]
fn multibyte_text_before_the_error_counts_in_characters() {
    let d = diagnostic("find users where city = 'Zürich' lmit 5");
    assert_caret(&d, 1, 34, 4);
    assert!(
        d.message.ends_with("found `lmit` (did you mean `limit`?)"),
        "{}",
        d.message
    );
}

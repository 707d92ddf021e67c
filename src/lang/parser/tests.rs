//! Unit tests of the parser.

use super::parse;

#[test]
fn empty_input_has_no_statements() {
    assert_eq!(parse("").map(|v| v.len()).ok(), Some(0));
}

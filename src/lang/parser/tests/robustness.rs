//! Parser robustness: random text and random pieces of MTOQL never make the parser panic.

use super::parse;

// ---------------------------------------------------------------------------------------------
// Robustness

mod never_panics {
    use super::parse;
    use crate::error::Error;
    use proptest::prelude::*;

    /// Pieces of MTOQL, so that random sequences get deep into the grammar.
    const PIECES: &[&str] = &[
        "search",
        "people",
        "find",
        "users",
        "user",
        "count",
        "explain",
        "in",
        "tenant",
        "A",
        "for",
        "where",
        "and",
        "or",
        "not",
        "(",
        ")",
        "=",
        "!=",
        "<=",
        "<>",
        ">",
        "is",
        "null",
        "starts",
        "with",
        "contains",
        "order",
        "by",
        "desc",
        "limit",
        "offset",
        "fields",
        "city",
        ",",
        ";",
        "'x",
        "\"y\"",
        "'z'",
        "--",
        "\n",
        "create",
        "group",
        "set",
        "update",
        "add",
        "to",
        "from",
        "import",
        "export",
        "format",
        "csv",
        "generate",
        "seed",
        "12",
        "-3",
        "99999999999999999999",
        "annie@a.example",
        "é",
        "\u{301}",
        "\\",
        "help",
        "departmnt",
        "#EXT#",
        "-",
        ".",
        "\t",
    ];

    fn check(text: &str) {
        match parse(text) {
            Ok(_) => {}
            Err(Error::Syntax(d)) => {
                assert!(d.line >= 1 && d.column >= 1 && d.width >= 1, "{d:?}");
                assert!(!d.message.is_empty());
                let _ = d.to_string();
            }
            Err(other) => panic!("{text:?}: not a syntax error: {other:?}"),
        }
    }

    proptest! {
        #[test]
        fn on_random_text(text in "\\PC*") {
            check(&text);
        }

        #[test]
        fn on_random_pieces(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
            check(&pieces.join(" "));
            check(&pieces.concat());
        }
    }
}

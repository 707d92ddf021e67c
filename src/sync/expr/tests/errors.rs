//! Every refusal, with the place of its caret.

use crate::error::{Diagnostic, Error};
use crate::sync::expr::parse_expression;

/// The diagnostic of `text`, which must not parse.
fn refused(text: &str) -> Diagnostic {
    match parse_expression(text) {
        Ok(expr) => panic!("{text:?} parsed as {expr}"),
        Err(Error::Syntax(d)) => *d,
        Err(other) => panic!("{text:?}: not a syntax error: {other:?}"),
    }
}

/// Asserts that `text` is refused with a caret at `column` (1-based, on line 1) `width`
/// characters wide, and a message that contains `words`.
#[track_caller]
fn caret(text: &str, column: usize, width: usize, words: &str) {
    let d = refused(text);
    assert_eq!((d.line, d.column, d.width), (1, column, width), "{text:?}: {d}");
    assert!(d.message.contains(words), "{text:?}: {:?} lacks {words:?}", d.message);
}

#[test]
fn unknown_attributes_get_the_nearest_name() {
    caret(
        r#"Join(" ", [givnName])"#,
        12,
        8,
        "unknown attribute `givnName` (did you mean `givenName`?)",
    );
    caret("[zzzzzzzzzz]", 2, 10, "unknown attribute `zzzzzzzzzz`");
    assert!(!refused("[zzzzzzzzzz]").message.contains("did you mean"));
}

#[test]
fn unknown_functions_get_the_nearest_name() {
    caret(
        r#"Jion(" ", [givenName])"#,
        1,
        4,
        "unknown function `Jion` (did you mean `Join`?)",
    );
    caret(r#"Append(tolowr([city]), "x")"#, 8, 6, "(did you mean `ToLower`?)");
    caret(
        r#"FormatDateTime([city], , "a", "b")"#,
        1,
        14,
        "`FormatDateTime` is a function of the provisioning service that mtodir does not evaluate",
    );
    caret("now()", 1, 3, "`Now` is a function of the provisioning service");
}

#[test]
fn wrong_argument_counts_point_at_the_extra_argument_or_the_parenthesis() {
    caret(
        "Left([givenName])",
        17,
        1,
        "`Left` takes 2 arguments, not 1: Left(source, numChars)",
    );
    caret("Left([givenName], 1, 2)", 22, 1, "`Left` takes 2 arguments, not 3");
    caret("ToLower()", 9, 1, "`ToLower` takes 1 or 2 arguments, not none");
    caret(
        "ToLower([city], , [city])",
        19,
        6,
        "`ToLower` takes 1 or 2 arguments, not 3",
    );
    caret(r#"Join(" ")"#, 9, 1, "`Join` takes at least 2 arguments, not 1");
    caret("IIF([city], 1, 2, 3)", 19, 1, "`IIF` takes 3 arguments, not 4");
    caret(
        r#"Switch([country], "U", "US")"#,
        28,
        1,
        "`Switch` takes at least 4 arguments, not 3",
    );
    caret(
        r#"Switch([country], "U", "US", "United States", "DE")"#,
        51,
        1,
        "`Switch` takes keys and values in pairs, and the last key has no value",
    );
    caret(
        "Replace([mail], 1, , , 2, , , 3)",
        31,
        1,
        "`Replace` takes 1 to 7 arguments, not 8",
    );
}

#[test]
fn required_arguments_cannot_be_left_empty() {
    caret(
        "Left(, 1)",
        6,
        1,
        "the source of `Left` cannot be left empty: Left(source, numChars)",
    );
    caret(
        r#"Join(" ", [city], )"#,
        19,
        1,
        "the source2 of `Join` cannot be left empty",
    );
    caret(
        r#"Coalesce([city], , "x")"#,
        18,
        1,
        "the source2 of `Coalesce` cannot be left empty",
    );
    caret(
        r#"Switch([city], "d", , "v")"#,
        21,
        1,
        "the key1 of `Switch` cannot be left empty",
    );
}

#[test]
fn quoted_numbers_must_be_numbers() {
    caret(
        r#"Left([givenName], "x")"#,
        19,
        3,
        "the numChars of `Left` is a whole number, not \"x\"",
    );
    caret(
        r#"Mid([givenName], 1, "two")"#,
        21,
        5,
        "the length of `Mid` is a whole number",
    );
    caret(
        "99999999999999999999",
        1,
        20,
        "the number 99999999999999999999 is too large",
    );
}

#[test]
fn replace_needs_one_of_its_forms() {
    caret("Replace([mail])", 1, 7, "`Replace` needs an oldValue or a regexPattern");
    caret(
        r#"Replace([mail], "a", , , , , )"#,
        17,
        3,
        "an oldValue needs a replacementValue or a template",
    );
    caret(
        r#"Replace([mail], "a", "b", , "c", , )"#,
        17,
        3,
        "an oldValue or a regexPattern, not both",
    );
    caret(
        r#"Replace([mail], "a", , , "c", , "t")"#,
        33,
        3,
        "a replacementValue or a template, not both",
    );
    caret(
        r#"Replace([mail], "a", , "g", "c", , )"#,
        24,
        3,
        "a regexGroupName goes with a regexPattern",
    );
    caret(
        r#"Replace([mail], "a", , , "c", [city], )"#,
        31,
        6,
        "a replacementAttributeName goes with a regexPattern",
    );
    caret(
        r#"Replace([mail], , "x", , , , )"#,
        19,
        3,
        "a regexPattern needs a replacementValue",
    );
    caret(
        r#"Replace([mail], , "x", , "c", , "t")"#,
        33,
        3,
        "a template goes with an oldValue",
    );
    caret(
        r#"Replace([mail], , "x", , , [city], )"#,
        28,
        6,
        "a replacementAttributeName needs a regexGroupName",
    );
    caret(
        r#"Replace([mail], , "(?<g>x)", "g", "c", [city], )"#,
        40,
        6,
        "a replacementValue or a replacementAttributeName",
    );
}

#[test]
fn replace_checks_its_regular_expression() {
    caret(
        r#"Replace([mail], , [city], , "c", , )"#,
        19,
        6,
        "the regexPattern of `Replace` is a string in quotes",
    );
    caret(
        r#"Replace([mail], , "(ab", , "c", , )"#,
        19,
        5,
        "the regexPattern is not a regular expression",
    );
    caret(r#"Replace([mail], , "(?<=a)b", , "", , )"#, 19, 9, "look-around");
    caret(
        r#"Replace([mail], , "(?<a>x)", "b", "", , )"#,
        30,
        3,
        "no group named `b` (its groups: a)",
    );
    caret(
        r#"Replace([mail], , "x", "b", "", , )"#,
        24,
        3,
        "no group named `b` (it has no named groups)",
    );
}

#[test]
fn syntax_errors_say_what_was_expected() {
    caret(
        "",
        1,
        1,
        "expected a value (`[attribute]`, `\"text\"`, a number or `Function(…)`), found end of input",
    );
    caret(
        r#"Join(" ", [givenName] [surname])"#,
        23,
        1,
        "expected a comparison (`=`, `<>`, `<`, `<=`, `>`, `>=`), `,` or `)`, found `[`",
    );
    caret(
        r#"Join(" ", @)"#,
        11,
        1,
        "expected a value (`[attribute]`, `\"text\"`, a number or `Function(…)`), `,` or `)`, found `@`",
    );
    caret(r#"Join(" ","#, 10, 1, "`,` or `)`, found end of input");
    caret(
        "Left([givenName], 1) x",
        22,
        1,
        "expected a comparison (`=`, `<>`, `<`, `<=`, `>`, `>=`) or end of expression, found `x`",
    );
    caret("[]", 2, 1, "expected an attribute name, found `]`");
    caret("[givenName", 11, 1, "expected `]`, found end of input");
    caret(
        "[city] = [city] = [city]",
        17,
        1,
        "expected end of expression, found `=`",
    );
    caret("Join", 5, 1, "expected `(`, found end of input");
    caret("3abc", 1, 4, "found `3abc`");
}

#[test]
fn strings_and_bare_attribute_names_get_hints() {
    caret(
        r#"Join(" ", "abc)"#,
        11,
        5,
        "unterminated string: the closing `\"` is missing",
    );
    caret(r#""a""b""#, 4, 3, "(a quote inside a string is written `\\\"`)");
    caret(
        r#"Join(" ", givenName, [surname])"#,
        11,
        9,
        "`givenName` is an attribute: write it in brackets, `[givenName]`",
    );
}

#[test]
fn carets_point_into_later_lines() {
    let text = "Join(\" \",\n     [givenName],\n     [surnme])";
    let d = refused(text);
    assert_eq!((d.line, d.column, d.width), (3, 7, 6), "{d}");
    assert_eq!(d.line_text, "     [surnme])");
    assert!(d.to_string().ends_with("|       ^^^^^^"), "{d}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!("{}[city]{}", "ToLower(".repeat(40), ")".repeat(40));
    caret(
        &text,
        8 * 33,
        1,
        "the expression nests calls too deeply (at most 32 levels)",
    );
    let fine = format!("{}[city]{}", "ToLower(".repeat(32), ")".repeat(32));
    assert!(parse_expression(&fine).is_ok());
    caret(r#"Join("((((", [city"#, 19, 1, "expected `]`");
}

//! Parser tests of the filters: comparison, `in`, null and match operators, precedence, literals.

use super::*;

// ---------------------------------------------------------------------------------------------
// Filters

#[test]
fn every_comparison_operator() {
    for (op, expected) in [
        ("=", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<>", CmpOp::Ne),
        ("<", CmpOp::Lt),
        ("<=", CmpOp::Le),
        (">", CmpOp::Gt),
        (">=", CmpOp::Ge),
    ] {
        let condition = format!("surname {op} 'M'");
        let text = format!("find users where {condition}");
        let f = filter(&condition);
        assert_eq!(
            f,
            Filter::Cmp {
                attr: AttrRef {
                    attr: Attr::Surname,
                    span: at(&text, "surname")
                },
                op: expected,
                value: Literal::Str("M".into()),
                span: at(&text, &condition),
            }
        );
        // Operators need no spaces around them.
        let tight = filter(&format!("surname{op}'M'"));
        assert!(matches!(tight, Filter::Cmp { op, .. } if op == expected), "{op}");
    }
}

#[test]
fn in_null_and_match_operators() {
    let text = "find users where country in ('US', NO, 3)";
    let Some(Filter::In { attr, values, span }) = search(text).filter else {
        panic!()
    };
    assert_eq!(attr.attr, Attr::Country);
    assert_eq!(
        values,
        [Literal::Str("US".into()), Literal::Word("NO".into()), Literal::Int(3)]
    );
    assert_eq!(span, at(text, "country in ('US', NO, 3)"));

    let is_null = filter("manager is null");
    assert!(matches!(is_null, Filter::IsNull { attr, negated: false } if attr.attr == Attr::Manager));
    let not_null = filter("manager IS NOT NULL");
    assert!(matches!(not_null, Filter::IsNull { negated: true, .. }));

    for (words, op) in [
        ("starts with", MatchOp::StartsWith),
        ("ends with", MatchOp::EndsWith),
        ("contains", MatchOp::Contains),
    ] {
        let f = filter(&format!("jobTitle {words} \"Lead\""));
        assert!(
            matches!(&f, Filter::Match { attr, op: o, value: Literal::Str(v), .. }
                if attr.attr == Attr::JobTitle && *o == op && v == "Lead"),
            "{words}: {f:?}"
        );
    }
}

#[test]
fn special_attributes_of_the_design_note() {
    assert_eq!(shape(&filter("memberOf = \"Collab\"")), "memberOf Eq Collab");
    assert_eq!(shape(&filter("homeTenant = A")), "homeTenant Eq A");
    assert_eq!(shape(&filter("source = b2b")), "source Eq b2b");
}

#[test]
fn precedence_is_or_then_and_then_not() {
    assert_eq!(
        shape(&filter("city = 1 or city = 2 and not city = 3")),
        "or(city Eq 1, and(city Eq 2, not(city Eq 3)))"
    );
    assert_eq!(
        shape(&filter("not city = 1 and city = 2 or city = 3")),
        "or(and(not(city Eq 1), city Eq 2), city Eq 3)"
    );
    assert_eq!(
        shape(&filter("(city = 1 or city = 2) and city = 3")),
        "and(or(city Eq 1, city Eq 2), city Eq 3)"
    );
    assert_eq!(
        shape(&filter("not (city = 1 or city = 2)")),
        "not(or(city Eq 1, city Eq 2))"
    );
    assert_eq!(shape(&filter("not not city = 1")), "not(not(city Eq 1))");
}

#[test]
fn nested_junctions_are_flattened() {
    assert_eq!(
        shape(&filter("(city = 1 and city = 2) and (city = 3 and city = 4)")),
        "and(city Eq 1, city Eq 2, city Eq 3, city Eq 4)"
    );
    assert_eq!(
        shape(&filter("city = 1 or (city = 2 or (city = 3)) or city = 4")),
        "or(city Eq 1, city Eq 2, city Eq 3, city Eq 4)"
    );
    assert_eq!(shape(&filter("((city = 1))")), "city Eq 1");
}

#[test]
fn literals() {
    let value = |v: &str| match filter(&format!("city = {v}")) {
        Filter::Cmp { value, .. } => value,
        other => panic!("{other:?}"),
    };
    assert_eq!(value("-12"), Literal::Int(-12));
    assert_eq!(value("TRUE"), Literal::Bool(true));
    assert_eq!(value("False"), Literal::Bool(false));
    assert_eq!(value("NULL"), Literal::Null);
    assert_eq!(value("Member"), Literal::Word("Member".into()));
    assert_eq!(value("2024-01-01"), Literal::Word("2024-01-01".into()));
    assert_eq!(value("12abc"), Literal::Word("12abc".into()));
    assert_eq!(value("truely"), Literal::Word("truely".into()));
    assert_eq!(value("OR"), Literal::Word("OR".into()));
    assert_eq!(value("'null'"), Literal::Str("null".into()));
    assert_eq!(value("Zürich"), Literal::Word("Zürich".into()));
    let message = syntax_message("find users where employeeId = 99999999999999999999");
    assert!(message.contains("too large"), "{message}");
}

#[test]
fn strings_resolve_escapes() {
    let text = |v: &str| search(&format!("search people for {v}")).text.unwrap_or_default();
    assert_eq!(text(r#""say \"hi\"""#), r#"say "hi""#);
    assert_eq!(text(r"'it\'s'"), "it's");
    assert_eq!(text(r#"'say "hi"'"#), r#"say "hi""#);
    assert_eq!(text(r#""back\\slash""#), r"back\slash");
    assert_eq!(text(r#""C:\data""#), r"C:\data");
    assert_eq!(
        text(r#""-- not a comment; nor a separator""#),
        "-- not a comment; nor a separator"
    );
    assert_eq!(text("\"\""), "");
}

//! The syntax: what parses into what, the canonical text, spans, and what an expression reads.

use super::{eval, parse, s};
use crate::model::{Attr, CmpOp, Span};
use crate::sync::expr::{Expr, Function};

fn span(start: usize, end: usize) -> Span {
    Span { start, end }
}

#[test]
fn parses_into_the_tree_with_spans() {
    let text = r#"Join(" ", [givenName], Left([surname], 1))"#;
    let Expr::Call {
        function,
        args,
        span: call,
        ..
    } = parse(text)
    else {
        panic!("not a call")
    };
    assert_eq!((function, call), (Function::Join, span(0, text.len())));
    assert!(matches!(&args[0], Some(Expr::Str(t, sp)) if t == " " && *sp == span(5, 8)));
    assert!(matches!(&args[1], Some(Expr::Attribute(Attr::GivenName, sp)) if *sp == span(10, 21)));
    let Some(Expr::Call {
        function,
        args,
        span: inner,
        ..
    }) = &args[2]
    else {
        panic!("not a nested call")
    };
    assert_eq!((*function, *inner), (Function::Left, span(23, 41)));
    assert!(matches!(&args[1], Some(Expr::Number(1, sp)) if *sp == span(39, 40)));
}

#[test]
fn names_are_case_insensitive_and_aliases_resolve() {
    let expr = parse("  jOiN ( \" \" ,[GIVENNAME] , [ firstName ]\n, tolower( [Surname] ) )  ");
    assert_eq!(
        expr.to_string(),
        r#"Join(" ", [givenName], [givenName], ToLower([surname]))"#
    );
    assert_eq!(
        parse("iif(isnull([mail]), 1, 2)").to_string(),
        "IIF(IsNull([mail]), 1, 2)"
    );
    assert_eq!(
        parse("[officeLocation]"),
        Expr::attribute(Attr::PhysicalDeliveryOfficeName)
    );
}

#[test]
fn constants_and_attributes_stand_alone() {
    assert_eq!(parse("[mail]"), Expr::attribute(Attr::Mail));
    assert_eq!(parse(r#""United States""#), Expr::str("United States"));
    assert_eq!(parse("-42"), Expr::number(-42));
    assert_eq!(eval(r#""United States""#), s("United States"));
}

#[test]
fn strings_take_backslash_escapes() {
    assert_eq!(
        parse(r#""Company name: \"Contoso\"""#),
        Expr::str("Company name: \"Contoso\"")
    );
    assert_eq!(parse(r#""C:\\data""#), Expr::str("C:\\data"));
    assert_eq!(parse(r#""\d+""#), Expr::str("\\d+"), "other backslashes stay");
    assert_eq!(parse(r#""""#), Expr::str(""));
    assert_eq!(parse("\"two\nlines\""), Expr::str("two\nlines"));
    assert_eq!(Expr::str("say \"hi\" \\d").to_string(), r#""say \"hi\" \\d""#);
}

#[test]
fn empty_arguments_are_not_given() {
    let expr = parse(r#"Replace([mail], "@contoso.com", , ,"", ,)"#);
    let Expr::Call { args, .. } = &expr else {
        panic!("not a call")
    };
    let given: Vec<bool> = args.iter().map(Option::is_some).collect();
    assert_eq!(given, [true, true, false, false, true, false, false]);
    assert_eq!(expr.to_string(), r#"Replace([mail], "@contoso.com", , , "", , )"#);
    assert_eq!(
        parse(r#"Switch([city], , "1", "a")"#).to_string(),
        r#"Switch([city], , "1", "a")"#
    );
    assert_eq!(parse("ToLower([city],)").to_string(), "ToLower([city], )");
}

#[test]
fn comparisons_parse_between_operands() {
    let expr = parse(r#"IIF([country]="USA",[country],[department])"#);
    assert_eq!(expr.to_string(), r#"IIF([country] = "USA", [country], [department])"#);
    for (op, sym) in [
        (CmpOp::Eq, "="),
        (CmpOp::Ne, "<>"),
        (CmpOp::Lt, "<"),
        (CmpOp::Le, "<="),
        (CmpOp::Gt, ">"),
        (CmpOp::Ge, ">="),
    ] {
        let built = Expr::compare(op, Expr::attribute(Attr::City), Expr::number(3)).expect("a comparison");
        assert_eq!(parse(&format!("[city]{sym}3")), built);
        assert_eq!(built.to_string(), format!("[city] {sym} 3"));
    }
    let nested = Expr::compare(CmpOp::Eq, Expr::number(1), Expr::number(1)).expect("a comparison");
    assert!(Expr::compare(CmpOp::Eq, nested, Expr::number(1)).is_err());
}

#[test]
fn display_is_canonical_and_parses_back() {
    for text in [
        r#"Join(" ", [givenName], [surname])"#,
        r#"Switch([country], "Unknown", "US", "United States", "DE", "Germany")"#,
        "Append(Left([givenName], 1), [surname])",
        r#"Replace([telephoneNumber], , "\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})", , "${phoneNumber}", , )"#,
        r#"Join(" ", [jobTitle], "(A)")"#,
        r#"IIF([country] = "USA", IIF([state] = "CA", "True", "False"), "False")"#,
        r#"ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname]))), "contoso.com"))"#,
    ] {
        let expr = parse(text);
        assert_eq!(expr.to_string(), text);
        assert_eq!(parse(&expr.to_string()), expr);
    }
}

#[test]
fn built_calls_are_checked_like_parsed_ones() {
    let join = Expr::call(
        Function::Join,
        vec![Some(Expr::str(" ")), Some(Expr::attribute(Attr::City))],
    );
    assert_eq!(join.expect("a call"), parse(r#"Join(" ", [city])"#));
    assert!(Expr::call(Function::Left, vec![Some(Expr::str("x"))]).is_err());
    assert!(Expr::call(Function::Left, vec![None, Some(Expr::number(1))]).is_err());
    let bad_regex = vec![
        Some(Expr::attribute(Attr::Mail)),
        None,
        Some(Expr::str("(")),
        None,
        Some(Expr::str("")),
    ];
    assert!(Expr::call(Function::Replace, bad_regex).is_err());
}

#[test]
fn attributes_lists_what_is_read_once_in_order() {
    let expr = parse(r#"Join(" ", [givenName], [surname], IIF([country] = "US", [givenName], [city]))"#);
    assert_eq!(
        expr.attributes(),
        [Attr::GivenName, Attr::Surname, Attr::Country, Attr::City]
    );
    let replace = parse(r#"Replace([employeeId], , "(?<n>\d+)", "n", , [telephoneNumber], )"#);
    assert_eq!(replace.attributes(), [Attr::EmployeeId, Attr::TelephoneNumber]);
    assert!(parse(r#"Join("", "a", 1)"#).attributes().is_empty());
}

#[test]
fn every_function_has_its_name_and_a_sane_arity() {
    for f in Function::ALL {
        assert_eq!(Function::lookup(&f.name().to_uppercase()), Some(*f));
        let (min, max) = f.arity();
        assert!(min >= 1 && max.is_none_or(|max| max >= min), "{f:?}");
        assert!(f.params().len() >= min, "{f:?}");
        assert!(
            !super::super::UNSUPPORTED
                .iter()
                .any(|u| u.eq_ignore_ascii_case(f.name()))
        );
    }
    assert_eq!(Function::nearest("Jion"), Some("Join"));
    assert_eq!(Function::Left.signature(), "Left(source, numChars)");
}

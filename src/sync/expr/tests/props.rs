//! Properties over random input: the canonical text parses back to the same expression, the
//! parser never panics (it parses or points at something), and evaluation never panics.

use crate::error::Error;
use crate::model::{Attr, CmpOp, Value};
use crate::sync::expr::{Expr, Function, parse_expression};
use proptest::prelude::*;
use proptest::sample::select;

const OPS: &[CmpOp] = &[CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];

/// Patterns with a group `g`, for `Replace`'s regular-expression forms.
const PATTERNS: &[&str] = &["(?<g>\\d+)", "(?<g>[a-z])-", "^(?<g>.)", "(?<g>o+)|x"];

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        select(Attr::ALL).prop_map(Expr::attribute),
        any::<String>().prop_map(Expr::str),
        "[a-z\"\\\\ ,()\\[\\]]{0,6}".prop_map(Expr::str),
        any::<i64>().prop_map(Expr::number),
    ]
}

/// A comparison as an operand of another is wrapped in `CBool`.
fn operand(expr: Expr) -> Expr {
    match expr {
        compare @ Expr::Compare { .. } => Expr::Call {
            function: Function::CBool,
            args: vec![Some(compare)],
            span: Default::default(),
            regex: None,
        },
        other => other,
    }
}

/// A valid call of `function` on arguments drawn from `pool`; the bits of `shape` choose
/// how many arguments, which optional ones are left empty, and `Replace`'s form.
fn call(function: Function, pool: Vec<Expr>, shape: u8) -> Option<Expr> {
    let mut pool = pool.into_iter();
    let mut next = move || pool.next().unwrap_or_else(|| Expr::str("x"));
    let args: Vec<Option<Expr>> = if function == Function::Replace {
        let pattern = || Some(Expr::str(PATTERNS[usize::from(shape >> 4) % PATTERNS.len()]));
        let g = || Some(Expr::str("g"));
        let mut args = match shape % 5 {
            0 => vec![Some(next()), Some(next()), None, None, Some(next()), None, None],
            1 => vec![Some(next()), Some(next()), None, None, None, None, Some(next())],
            2 => vec![Some(next()), None, pattern(), None, Some(next()), None, None],
            3 => vec![Some(next()), None, pattern(), g(), Some(next()), None, None],
            _ => vec![Some(next()), None, pattern(), g(), None, Some(next()), None],
        };
        if shape & 0x08 != 0 {
            while args.last().is_some_and(Option::is_none) {
                args.pop();
            }
        }
        args
    } else {
        let (min, max) = function.arity();
        let mut n = (min + usize::from(shape % 3)).min(max.unwrap_or(usize::MAX));
        if function == Function::Switch && n % 2 == 1 {
            n += 1;
        }
        (0..n)
            .map(|i| match next() {
                _ if function.may_be_empty(i) && shape & (1 << (i % 8)) != 0 => None,
                Expr::Str(..) if function.takes_number(i) => Some(Expr::number(i as i64)),
                arg => Some(operand(arg)),
            })
            .collect()
    };
    Expr::call(function, args).ok()
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            3 => (select(Function::ALL), prop::collection::vec(inner.clone(), 0..6), any::<u8>())
                .prop_filter_map("a valid call", |(f, pool, shape)| call(f, pool, shape)),
            1 => (select(OPS), inner.clone(), inner)
                .prop_filter_map("a comparison", |(op, l, r)| Expr::compare(op, operand(l), operand(r)).ok()),
        ]
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<String>().prop_map(Value::Str),
        "[0-9 \\-+()a-z]{0,6}".prop_map(Value::Str),
        any::<i64>().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
        prop::collection::vec("[a-z]{0,3}".prop_map(Value::Str), 0..3).prop_map(Value::List),
    ]
}

/// Pieces of expressions, so that random sequences get deep into the grammar.
const PIECES: &[&str] = &[
    "Join",
    "Replace",
    "Switch",
    "Left",
    "Mid",
    "IIF",
    "ToLower",
    "Word",
    "PCase",
    "Coalesce",
    "Now",
    "Jion",
    "(",
    ")",
    "(",
    ")",
    ",",
    ",",
    "[",
    "]",
    "[givenName]",
    "[surname]",
    "givenName",
    "[givnName]",
    "\"",
    "\" \"",
    "\"x\"",
    "\"\\\"\"",
    "\"(?<g>\\d+)\"",
    "\"g\"",
    "\"(\"",
    "\\",
    "=",
    "<>",
    "<=",
    ">",
    "1",
    "-3",
    "-",
    "99999999999999999999",
    "é",
    "\u{301}",
    " ",
    "\n",
    "\t",
    "\u{feff}",
    "@",
];

/// `text` parses, and its canonical text parses back to the same expression; or it is refused
/// with a diagnostic that points somewhere.
fn check(text: &str) {
    match parse_expression(text) {
        Ok(expr) => {
            let again = parse_expression(&expr.to_string());
            assert!(
                again.as_ref().is_ok_and(|e| *e == expr),
                "{text:?} → {expr} → {again:?}"
            );
        }
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
    fn display_parses_back_to_the_same_expression(e in expr()) {
        let text = e.to_string();
        let back = parse_expression(&text);
        prop_assert!(back.is_ok(), "{}: {:?}", text, back.as_ref().err());
        prop_assert_eq!(back.ok(), Some(e));
    }

    #[test]
    fn evaluation_never_panics(e in expr(), values in prop::collection::vec(value(), Attr::ALL.len())) {
        let source = |a: Attr| {
            let i = Attr::ALL.iter().position(|b| *b == a).unwrap_or(0);
            values.get(i).cloned().unwrap_or(Value::Null)
        };
        let _ = e.eval(&source);
        let _ = e.attributes();
    }

    #[test]
    fn the_parser_never_panics_on_random_text(text in "\\PC*") {
        check(&text);
    }

    #[test]
    fn the_parser_never_panics_on_any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn the_parser_never_panics_on_random_pieces(pieces in prop::collection::vec(select(PIECES), 0..40)) {
        check(&pieces.join(" "));
        check(&pieces.concat());
    }
}

//! Tests of the expression language: every function (`functions`), the syntax, the canonical
//! text and what an expression reads (`syntax`), every refusal with its caret (`errors`), and
//! properties over random input (`props`).

mod errors;
mod functions;
mod props;
mod syntax;

use super::{Expr, parse_expression};
use crate::model::{Attr, Value};

/// The expression of `text`, or a panic that shows the error.
fn parse(text: &str) -> Expr {
    parse_expression(text).unwrap_or_else(|e| panic!("{text:?} does not parse:\n{e}"))
}

/// The value of `text` for a source user with `attrs` (every other attribute null).
fn eval_with(text: &str, attrs: &[(Attr, Value)]) -> Value {
    let attrs = attrs.to_vec();
    parse(text).eval(&move |a| {
        attrs
            .iter()
            .find(|(b, _)| *b == a)
            .map_or(Value::Null, |(_, v)| v.clone())
    })
}

/// The value of `text` for John Doe: givenName John, surname Doe, userPrincipalName
/// John.Doe@contoso.com, country DE, no mail.
fn eval(text: &str) -> Value {
    eval_with(
        text,
        &[
            (Attr::GivenName, s("John")),
            (Attr::Surname, s("Doe")),
            (Attr::UserPrincipalName, s("John.Doe@contoso.com")),
            (Attr::Country, s("DE")),
        ],
    )
}

fn s(text: &str) -> Value {
    Value::str(text)
}

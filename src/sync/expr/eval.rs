//! Evaluation: an expression and the source user's attributes give a [`Value`].
//!
//! Values are the service's strings, booleans and numbers: [`Value::Str`], [`Value::Bool`]
//! (written `True` / `False` wherever a boolean becomes text, as the service writes them),
//! [`Value::Int`] and [`Value::Null`]. A multi-valued attribute joins its values with `;` where
//! a function takes one string (`Join` takes every value). Evaluation is pure and total: a
//! call that cannot be evaluated (`Left([givenName], [city])` with a city that is not a
//! number) is null, and a mapping that is null provisions nothing.

use super::ast::Expr;
use crate::model::typing::parse_bool;
use crate::model::{Attr, CmpOp, Value};
use std::cmp::Ordering;

impl Expr {
    /// The value of the expression for a source user whose attributes `source` gives.
    ///
    /// ```
    /// use mtodir::sync::expr::parse_expression;
    /// use mtodir::{Attr, Value};
    ///
    /// let expr = parse_expression(r#"Join(" ", [givenName], [surname])"#).unwrap();
    /// let annie = |attr: Attr| match attr {
    ///     Attr::GivenName => Value::str("Annie"),
    ///     Attr::Surname => Value::str("Adams"),
    ///     _ => Value::Null,
    /// };
    /// assert_eq!(expr.eval(&annie), Value::str("Annie Adams"));
    /// ```
    pub fn eval(&self, source: &dyn Fn(Attr) -> Value) -> Value {
        match self {
            Expr::Attribute(attr, _) => source(*attr),
            Expr::Str(s, _) => Value::Str(s.clone()),
            Expr::Number(n, _) => Value::Int(*n),
            Expr::Call {
                function, args, regex, ..
            } => {
                let values: Vec<Option<Value>> = args.iter().map(|a| a.as_ref().map(|e| e.eval(source))).collect();
                function.apply(&values, regex.as_ref())
            }
            Expr::Compare { op, left, right, .. } => compare(*op, &left.eval(source), &right.eval(source)),
        }
    }
}

/// The service's spelling of a boolean as text.
pub fn bool_text(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

static NULL: Value = Value::Null;

/// The argument at `index`: null when it was left empty or not given.
pub(super) fn arg(args: &[Option<Value>], index: usize) -> &Value {
    args.get(index).and_then(Option::as_ref).unwrap_or(&NULL)
}

/// A value as text, or `None` for null (an empty list is null).
pub(super) fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(bool_text(*b).to_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::Str(s) => Some(s.clone()),
        Value::List(items) if items.is_empty() => None,
        Value::List(items) => Some(items.iter().filter_map(text).collect::<Vec<_>>().join(";")),
        Value::Object(_) => Some(value.to_string()),
    }
}

/// A value as a whole number: a number, or text that reads as one.
pub(super) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Str(s) => s.trim().parse().ok(),
        Value::Null | Value::Bool(_) | Value::List(_) | Value::Object(_) => None,
    }
}

/// A value as a condition: a boolean, a number (non-zero is true) or text that reads as
/// either (`True`, `false`, `yes`, `1`: [`parse_bool`]); `None` for null and other text.
pub(super) fn truth(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        Value::Str(s) => parse_bool(s).or_else(|| s.trim().parse::<i64>().ok().map(|i| i != 0)),
        Value::Null | Value::List(_) | Value::Object(_) => None,
    }
}

/// True for null and the empty string.
pub(super) fn is_empty(value: &Value) -> bool {
    value.is_null() || matches!(value, Value::Str(s) if s.is_empty())
}

/// `left op right`: null when either side is null (the service's condition check fails);
/// booleans compare as conditions, numbers (and text that reads as numbers) by value, other
/// text case-sensitively, character by character.
fn compare(op: CmpOp, left: &Value, right: &Value) -> Value {
    if left.is_null() || right.is_null() {
        return Value::Null;
    }
    let order = if matches!(left, Value::Bool(_)) || matches!(right, Value::Bool(_)) {
        match (truth(left), truth(right)) {
            (Some(l), Some(r)) => Some(l.cmp(&r)),
            _ => None,
        }
    } else if let (Some(l), Some(r)) = (int(left), int(right)) {
        Some(l.cmp(&r))
    } else {
        text(left).zip(text(right)).map(|(l, r)| l.cmp(&r))
    };
    let Some(order) = order else {
        // A boolean against text that is no boolean: equal to nothing, ordered against nothing.
        return Value::Bool(op == CmpOp::Ne);
    };
    Value::Bool(match op {
        CmpOp::Eq => order == Ordering::Equal,
        CmpOp::Ne => order != Ordering::Equal,
        CmpOp::Lt => order == Ordering::Less,
        CmpOp::Le => order != Ordering::Greater,
        CmpOp::Gt => order == Ordering::Greater,
        CmpOp::Ge => order != Ordering::Less,
    })
}

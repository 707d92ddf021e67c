//! Text of the parse tree's leaves: quoted strings, names, operators.

use super::{Node, Result, Rule, children, required};
use crate::model::CmpOp;

/// Resolves the escapes of a quoted string (`\"`, `\'`, `\\`); any other backslash is kept
/// as written, so that `"C:\data\users.csv"` means what it says.
pub(super) fn unquote(quoted: &str) -> String {
    let body = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next @ ('"' | '\'' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The text of a node that is a quoted string or a bare word (`upn`, `text`, `tenant`, …).
pub(super) fn text_of(node: &Node<'_>) -> String {
    match node.clone().into_inner().next() {
        Some(inner) if inner.as_rule() == Rule::string => unquote(inner.as_str()),
        Some(inner) => inner.as_str().to_owned(),
        None if node.as_rule() == Rule::path || node.as_rule() == Rule::string => unquote(node.as_str()),
        None => node.as_str().to_owned(),
    }
}

/// The user principal name of a statement about one user.
pub(super) fn upn(node: &Node<'_>) -> Result<String> {
    Ok(text_of(&required(node, Rule::upn)?))
}

/// The words after `help`, joined by single spaces.
pub(super) fn help_topic(node: &Node<'_>) -> Option<String> {
    let words: Vec<&str> = children(node, Rule::topic).map(|t| t.as_str()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub(super) fn cmp_op(text: &str) -> CmpOp {
    match text {
        "!=" | "<>" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        _ => CmpOp::Eq,
    }
}

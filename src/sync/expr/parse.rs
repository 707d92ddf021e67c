//! The pest binding of `grammar/expression.pest`: text to an [`Expr`] with spans. Function
//! and attribute names are resolved here, calls are checked (their arguments, `Replace`'s
//! parameters and regular expression), and every refusal is an [`Error::Syntax`] whose caret
//! points at the offending token.

use super::ast::Expr;
use super::errors;
use super::functions::{At, Function, UNSUPPORTED};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{Attr, CmpOp, Span};
use grammar::ExpressionParser;
pub(super) use grammar::Rule;
use pest::Parser as _;
use pest::iterators::Pair;

mod grammar {
    /// The pest parser generated from `grammar/expression.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/expression.pest"]
    pub struct ExpressionParser;
}

/// How deeply calls may nest.
pub const MAX_DEPTH: usize = 32;

/// Parses an attribute-mapping expression (`Join(" ", [givenName], [surname])`).
///
/// Errors are [`Error::Syntax`] diagnostics with a caret under the offending token, saying in
/// words what was expected; unknown attribute and function names get the nearest known one.
///
/// ```
/// use mtodir::sync::expr::parse_expression;
///
/// let expr = parse_expression(r#"append( left([GivenName], 1), [surname] )"#).unwrap();
/// assert_eq!(expr.to_string(), "Append(Left([givenName], 1), [surname])");
///
/// let error = parse_expression("Join(\" \", [givnName])").unwrap_err();
/// assert!(error.to_string().contains("did you mean `givenName`?"), "{error}");
/// ```
pub fn parse_expression(text: &str) -> Result<Expr> {
    errors::check_nesting(text, MAX_DEPTH)?;
    let pairs = ExpressionParser::parse(Rule::expression_text, text).map_err(|e| errors::to_error(text, &e))?;
    let node = pairs
        .into_iter()
        .find(|p| p.as_rule() == Rule::expression)
        .ok_or_else(|| Error::invalid("internal parser error: no expression"))?;
    Builder { text }.expression(node)
}

type Node<'i> = Pair<'i, Rule>;

fn span_of(node: &Node<'_>) -> Span {
    let s = node.as_span();
    Span {
        start: s.start(),
        end: s.end(),
    }
}

/// Resolves `\"` and `\\` in a quoted string; any other backslash is kept as written, so that
/// a regular expression's `\d` means what it says.
fn unquote(quoted: &str) -> String {
    let body = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next @ ('"' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Walks the parse tree of one text into an [`Expr`].
struct Builder<'t> {
    text: &'t str,
}

impl Builder<'_> {
    fn syntax(&self, message: impl Into<String>, span: Span) -> Error {
        Error::Syntax(Box::new(Diagnostic::new(message, self.text, span)))
    }

    fn internal(&self, node: &Node<'_>) -> Error {
        Error::invalid(format!("internal parser error: unexpected {:?}", node.as_rule()))
    }

    fn expression(&self, node: Node<'_>) -> Result<Expr> {
        let mut inner = node.clone().into_inner();
        let first = inner.next().ok_or_else(|| self.internal(&node))?;
        let left = self.operand(first)?;
        let Some(op) = inner.next() else {
            return Ok(left);
        };
        let right = self.operand(inner.next().ok_or_else(|| self.internal(&node))?)?;
        let op = match op.as_str() {
            "=" => CmpOp::Eq,
            "<>" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => return Err(self.internal(&op)),
        };
        let span = Span {
            start: left.span().start,
            end: right.span().end,
        };
        Ok(Expr::Compare {
            op,
            left: Box::new(left),
            right: Box::new(right),
            span,
        })
    }

    fn operand(&self, node: Node<'_>) -> Result<Expr> {
        let span = span_of(&node);
        match node.as_rule() {
            Rule::call => self.call(node),
            Rule::attribute => self.attribute(node),
            Rule::string => Ok(Expr::Str(unquote(node.as_str()), span)),
            Rule::number => match node.as_str().parse::<i64>() {
                Ok(n) => Ok(Expr::Number(n, span)),
                Err(_) => Err(self.syntax(
                    format!(
                        "the number {} is too large (whole numbers go to ±{})",
                        node.as_str(),
                        i64::MAX
                    ),
                    span,
                )),
            },
            _ => Err(self.internal(&node)),
        }
    }

    fn attribute(&self, node: Node<'_>) -> Result<Expr> {
        let name = node
            .clone()
            .into_inner()
            .find(|c| c.as_rule() == Rule::attribute_name)
            .ok_or_else(|| self.internal(&node))?;
        match Attr::lookup(name.as_str()) {
            Some(attr) => Ok(Expr::Attribute(attr, span_of(&node))),
            None => {
                let hint = Attr::nearest(name.as_str())
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                let message = format!("unknown attribute `{}`{hint}", name.as_str());
                Err(self.syntax(message, span_of(&name)))
            }
        }
    }

    fn function(&self, name: &Node<'_>) -> Result<Function> {
        let text = name.as_str();
        if let Some(function) = Function::lookup(text) {
            return Ok(function);
        }
        let message = match UNSUPPORTED.iter().find(|u| u.eq_ignore_ascii_case(text)) {
            Some(known) => format!("`{known}` is a function of the provisioning service that mtodir does not evaluate"),
            None => {
                let hint = Function::nearest(text)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                format!("unknown function `{text}`{hint}")
            }
        };
        Err(self.syntax(message, span_of(name)))
    }

    fn call(&self, node: Node<'_>) -> Result<Expr> {
        let mut function = None;
        let mut args = Vec::new();
        let mut arg_spans = Vec::new();
        let mut close = span_of(&node);
        for child in node.clone().into_inner() {
            match child.as_rule() {
                Rule::function => function = Some((self.function(&child)?, span_of(&child))),
                Rule::argument => {
                    arg_spans.push(span_of(&child));
                    args.push(match child.into_inner().next() {
                        Some(expression) => Some(self.expression(expression)?),
                        None => None,
                    });
                }
                Rule::rparen => close = span_of(&child),
                _ => {}
            }
        }
        let (function, name_span) = function.ok_or_else(|| self.internal(&node))?;
        // `Now()`: no arguments, not one empty one.
        if matches!(args.as_slice(), [None]) {
            args.clear();
        }
        let regex = function.check(&args).map_err(|refusal| {
            let span = match refusal.at {
                At::Name => name_span,
                At::Arg(i) => arg_spans.get(i).copied().unwrap_or(close),
                At::Close => close,
            };
            self.syntax(refusal.message, span)
        })?;
        Ok(Expr::Call {
            function,
            args,
            span: span_of(&node),
            regex,
        })
    }
}

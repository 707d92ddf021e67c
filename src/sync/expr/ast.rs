//! The syntax tree of an expression, and its canonical text.

use super::functions::Function;
use crate::error::{Error, Result};
use crate::model::{Attr, CmpOp, Span};
use regex::Regex;
use std::fmt;

/// An attribute-mapping expression. Parsed expressions carry the spans their errors point
/// at; built ones carry empty spans. Equality compares what expressions say, not where they
/// were written (spans are ignored), so `parse(display(e)) == e`.
#[derive(Debug, Clone)]
pub enum Expr {
    /// `[givenName]`: an attribute of the source user.
    Attribute(Attr, Span),
    /// `"text"`, escapes resolved.
    Str(String, Span),
    /// A whole number (`Left([givenName], 1)`).
    Number(i64, Span),
    /// `Name(argument, …)`.
    Call {
        /// The function.
        function: Function,
        /// The arguments; `None` for one left empty (the parameter is not given).
        args: Vec<Option<Expr>>,
        /// From the function's name to the closing parenthesis.
        span: Span,
        /// The compiled `regexPattern` of a `Replace` that has one (compiled once, when the
        /// call is parsed or built; evaluation compiles it when it is missing).
        regex: Option<Regex>,
    },
    /// `left op right` (`IIF([country] = "US", …)`): a boolean, or null when a side is null.
    Compare {
        /// The operator.
        op: CmpOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
        /// From the left operand to the right one.
        span: Span,
    },
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        match (self, other) {
            (Expr::Attribute(a, _), Expr::Attribute(b, _)) => a == b,
            (Expr::Str(a, _), Expr::Str(b, _)) => a == b,
            (Expr::Number(a, _), Expr::Number(b, _)) => a == b,
            (
                Expr::Call {
                    function: f, args: a, ..
                },
                Expr::Call {
                    function: g, args: b, ..
                },
            ) => f == g && a == b,
            (
                Expr::Compare {
                    op: o,
                    left: l,
                    right: r,
                    ..
                },
                Expr::Compare {
                    op: p,
                    left: m,
                    right: s,
                    ..
                },
            ) => o == p && l == m && r == s,
            (Expr::Attribute(..) | Expr::Str(..) | Expr::Number(..) | Expr::Call { .. } | Expr::Compare { .. }, _) => {
                false
            }
        }
    }
}

impl Eq for Expr {}

impl Expr {
    /// `[attr]`.
    pub fn attribute(attr: Attr) -> Expr {
        Expr::Attribute(attr, Span::default())
    }

    /// `"text"`.
    pub fn str(text: impl Into<String>) -> Expr {
        Expr::Str(text.into(), Span::default())
    }

    /// A number.
    pub fn number(n: i64) -> Expr {
        Expr::Number(n, Span::default())
    }

    /// A call, checked as the parser checks it (the number of arguments, the ones left
    /// empty, `Replace`'s parameters and regular expression); refusals are
    /// [`Error::Invalid`].
    pub fn call(function: Function, args: Vec<Option<Expr>>) -> Result<Expr> {
        let regex = function.check(&args).map_err(|r| Error::invalid(r.message))?;
        Ok(Expr::Call {
            function,
            args,
            span: Span::default(),
            regex,
        })
    }

    /// `left op right`; the operands cannot be comparisons themselves.
    pub fn compare(op: CmpOp, left: Expr, right: Expr) -> Result<Expr> {
        if matches!(left, Expr::Compare { .. }) || matches!(right, Expr::Compare { .. }) {
            return Err(Error::invalid("a comparison cannot compare comparisons"));
        }
        Ok(Expr::Compare {
            op,
            left: Box::new(left),
            right: Box::new(right),
            span: Span::default(),
        })
    }

    /// Where the expression was written (empty for built ones).
    pub fn span(&self) -> Span {
        match self {
            Expr::Attribute(_, span) | Expr::Str(_, span) | Expr::Number(_, span) => *span,
            Expr::Call { span, .. } | Expr::Compare { span, .. } => *span,
        }
    }

    /// The attributes the expression reads, each once, in the order they first appear: the
    /// sync engine re-evaluates a mapping when one of them changes.
    pub fn attributes(&self) -> Vec<Attr> {
        fn visit(expr: &Expr, out: &mut Vec<Attr>) {
            match expr {
                Expr::Attribute(attr, _) => {
                    if !out.contains(attr) {
                        out.push(*attr);
                    }
                }
                Expr::Str(..) | Expr::Number(..) => {}
                Expr::Call { args, .. } => args.iter().flatten().for_each(|a| visit(a, out)),
                Expr::Compare { left, right, .. } => {
                    visit(left, out);
                    visit(right, out);
                }
            }
        }
        let mut out = Vec::new();
        visit(self, &mut out);
        out
    }
}

/// How a comparison operator is written.
pub(super) fn symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

/// The canonical text: function names as the service spells them, attributes by their Graph
/// names in brackets, strings in double quotes with `\"` and `\\`, arguments separated by
/// `, ` (an empty one by nothing: `Replace([mail], "@a", , , "", , )`), operators between
/// spaces.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Attribute(attr, _) => write!(f, "[{}]", attr.name()),
            Expr::Str(s, _) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
            Expr::Number(n, _) => write!(f, "{n}"),
            Expr::Call { function, args, .. } => {
                write!(f, "{}(", function.name())?;
                for (i, arg) in args.iter().enumerate() {
                    match (i, arg) {
                        (0, Some(arg)) => write!(f, "{arg}")?,
                        (0, None) => {}
                        (_, Some(arg)) => write!(f, ", {arg}")?,
                        (_, None) => f.write_str(", ")?,
                    }
                }
                f.write_str(")")
            }
            Expr::Compare { op, left, right, .. } => write!(f, "{left} {} {right}", symbol(*op)),
        }
    }
}

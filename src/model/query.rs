//! The vocabulary of queries, shared by the engine, the typed API and the language: spans,
//! literals, comparison and match operators, sort direction, search views, and the typed
//! filter with its builder.
//!
//! A [`Filter`] is what a user wrote, typed by attribute but not yet resolved against a
//! tenant (group names, manager UPNs and tenant handles are still names); the search layer
//! compiles it into a predicate for one tenant. Filters made by the builder carry empty
//! spans; filters parsed from text carry the spans an error points at.

use super::Attr;
use serde::{Deserialize, Serialize};

/// A byte range in a statement or filter text, for error carets. The default (`0..0`) is
/// the span of things that were not written as text (built by the typed API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A literal value as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Literal {
    /// A quoted string, escapes resolved.
    Str(String),
    /// A bare word (`Member`, `annie@a.example`, `A`).
    Word(String),
    /// A whole number.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Literal {
    /// The literal as text (strings and words as written, numbers and booleans printed).
    pub fn text(&self) -> String {
        match self {
            Literal::Str(s) | Literal::Word(s) => s.clone(),
            Literal::Int(i) => i.to_string(),
            Literal::Bool(b) => b.to_string(),
            Literal::Null => "null".into(),
        }
    }

    /// How an error message names the literal: strings quoted, the rest in backticks.
    pub fn describe(&self) -> String {
        match self {
            Literal::Str(s) => format!("\"{s}\""),
            other => format!("`{}`", other.text()),
        }
    }
}

impl From<&str> for Literal {
    fn from(s: &str) -> Literal {
        Literal::Str(s.to_owned())
    }
}

impl From<String> for Literal {
    fn from(s: String) -> Literal {
        Literal::Str(s)
    }
}

impl From<bool> for Literal {
    fn from(b: bool) -> Literal {
        Literal::Bool(b)
    }
}

impl From<i64> for Literal {
    fn from(i: i64) -> Literal {
        Literal::Int(i)
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=` (also `<>`)
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A string-match operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchOp {
    /// `starts with`
    StartsWith,
    /// `ends with`
    EndsWith,
    /// `contains`
    Contains,
}

/// Which view a search takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchKind {
    /// `search people`: Microsoft 365 people search (members shown in the address list).
    People,
    /// `search address list`: Outlook's address list (guests shown there too).
    AddressList,
    /// `find users`: the administrator's view, every object.
    Find,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// `asc` (the default)
    Asc,
    /// `desc`
    Desc,
}

/// An attribute reference with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttrRef {
    /// The attribute.
    pub attr: Attr,
    /// Where it stands in the input.
    pub span: Span,
}

impl From<Attr> for AttrRef {
    fn from(attr: Attr) -> AttrRef {
        AttrRef {
            attr,
            span: Span::default(),
        }
    }
}

/// A reference to a field of a record other than a user (a change of the audit trail, a
/// provisioning log entry), with where it was written: what record filters compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRef<F> {
    /// The field.
    pub field: F,
    /// Where it stands in the input.
    pub span: Span,
}

/// A filter (`where …`): over user attributes ([`AttrRef`], the default), typed by attribute
/// and names not yet resolved; or over the fields of other records ([`FieldRef`]), which
/// the records evaluate themselves ([`crate::model::record`]). One grammar for both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filter<A = AttrRef> {
    /// `attr op value`
    Cmp {
        /// The attribute compared.
        attr: A,
        /// The operator.
        op: CmpOp,
        /// The value compared with.
        value: Literal,
        /// The whole comparison.
        span: Span,
    },
    /// `attr in (v1, v2, …)`
    In {
        /// The attribute.
        attr: A,
        /// The values, any of which matches.
        values: Vec<Literal>,
        /// The whole predicate.
        span: Span,
    },
    /// `attr is null` / `attr is not null`
    IsNull {
        /// The attribute.
        attr: A,
        /// True for `is not null`.
        negated: bool,
    },
    /// `attr starts with v` / `ends with` / `contains`
    Match {
        /// The attribute.
        attr: A,
        /// The operator.
        op: MatchOp,
        /// The text matched.
        value: Literal,
        /// The whole predicate.
        span: Span,
    },
    /// `f and g and …`
    And(Vec<Filter<A>>),
    /// `f or g or …`
    Or(Vec<Filter<A>>),
    /// `not f`
    Not(Box<Filter<A>>),
}

/// The builder: `Filter::eq(Attr::Department, "Sales").and(Filter::eq(Attr::City, "Oslo").not())`.
impl Filter {
    /// `attr op value`.
    pub fn cmp(attr: Attr, op: CmpOp, value: impl Into<Literal>) -> Filter {
        Filter::Cmp {
            attr: attr.into(),
            op,
            value: value.into(),
            span: Span::default(),
        }
    }

    /// `attr = value`.
    pub fn eq(attr: Attr, value: impl Into<Literal>) -> Filter {
        Filter::cmp(attr, CmpOp::Eq, value)
    }

    /// `attr != value`.
    pub fn ne(attr: Attr, value: impl Into<Literal>) -> Filter {
        Filter::cmp(attr, CmpOp::Ne, value)
    }

    /// `attr in (values…)`.
    pub fn one_of<L: Into<Literal>>(attr: Attr, values: impl IntoIterator<Item = L>) -> Filter {
        Filter::In {
            attr: attr.into(),
            values: values.into_iter().map(Into::into).collect(),
            span: Span::default(),
        }
    }

    /// `attr is null`.
    pub fn is_null(attr: Attr) -> Filter {
        Filter::IsNull {
            attr: attr.into(),
            negated: false,
        }
    }

    /// `attr is not null`.
    pub fn is_not_null(attr: Attr) -> Filter {
        Filter::IsNull {
            attr: attr.into(),
            negated: true,
        }
    }

    /// `attr starts with / ends with / contains value`.
    pub fn matching(attr: Attr, op: MatchOp, value: impl Into<Literal>) -> Filter {
        Filter::Match {
            attr: attr.into(),
            op,
            value: value.into(),
            span: Span::default(),
        }
    }

    /// `attr starts with value`.
    pub fn starts_with(attr: Attr, value: impl Into<Literal>) -> Filter {
        Filter::matching(attr, MatchOp::StartsWith, value)
    }

    /// `self and other` (flattened: `a and b and c` is one list).
    pub fn and(self, other: Filter) -> Filter {
        match self {
            Filter::And(mut parts) => {
                parts.push(other);
                Filter::And(parts)
            }
            first => Filter::And(vec![first, other]),
        }
    }

    /// `self or other` (flattened).
    pub fn or(self, other: Filter) -> Filter {
        match self {
            Filter::Or(mut parts) => {
                parts.push(other);
                Filter::Or(parts)
            }
            first => Filter::Or(vec![first, other]),
        }
    }

    /// `not self`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Filter {
        Filter::Not(Box::new(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_flattens_junctions() {
        let f = Filter::eq(Attr::Department, "Sales")
            .and(Filter::eq(Attr::City, "Oslo").not())
            .and(Filter::is_null(Attr::Manager));
        let Filter::And(parts) = f else { panic!("an and") };
        assert_eq!(parts.len(), 3);
        assert!(matches!(parts[1], Filter::Not(_)));
    }
}

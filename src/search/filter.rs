//! Filters compiled for evaluation: literals typed by their attribute and names resolved
//! (tenants, groups, managers), so that evaluating a filter on a user is a pure function.

use crate::error::{Error, Result};
use crate::fold::fold;
use crate::lang::ast::{CmpOp, Filter, Literal, MatchOp, Span};
use crate::model::{Attr, AttrKind, TenantOrd, User, Value, ids::parse_millis};
use crate::store::{Open, Tables};

/// A comparable value: text is folded for case and accents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    /// A whole number (ordinals, timestamps).
    Int(i64),
    /// `true` / `false`.
    Bool(bool),
    /// Folded text.
    Text(String),
}

impl Val {
    /// The text an equality posting stores for this value.
    pub fn posting_text(&self) -> String {
        match self {
            Val::Int(i) => i.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Text(s) => s.clone(),
        }
    }

    fn of(value: &Value) -> Option<Val> {
        match value {
            Value::Null | Value::List(_) => None,
            Value::Bool(b) => Some(Val::Bool(*b)),
            Value::Int(i) => Some(Val::Int(*i)),
            Value::Str(s) => Some(Val::Text(fold(s))),
        }
    }
}

/// A compiled filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pred {
    /// Always true (no filter).
    True,
    /// `attr op value`; `!=` is the negation of `=` (true for null).
    Cmp(Attr, CmpOp, Val),
    /// `attr in (…)`
    In(Attr, Vec<Val>),
    /// `attr is null` (`true`) / `is not null` (`false`)
    IsNull(Attr, bool),
    /// `starts with` / `ends with` / `contains`, on folded text
    Match(Attr, MatchOp, String),
    /// All of them.
    And(Vec<Pred>),
    /// Any of them.
    Or(Vec<Pred>),
    /// Not.
    Not(Box<Pred>),
}

impl Pred {
    /// Evaluates the filter on a user.
    pub fn eval(&self, user: &User) -> bool {
        match self {
            Pred::True => true,
            Pred::Cmp(attr, CmpOp::Ne, v) => !any_value(user, *attr, |x| x == *v),
            Pred::Cmp(attr, op, v) => any_value(user, *attr, |x| compare(&x, *op, v)),
            Pred::In(attr, vs) => any_value(user, *attr, |x| vs.contains(&x)),
            Pred::IsNull(attr, want_null) => user.get(*attr).is_null() == *want_null,
            Pred::Match(attr, op, text) => any_value(user, *attr, |x| match x {
                Val::Text(s) => match op {
                    MatchOp::StartsWith => s.starts_with(text.as_str()),
                    MatchOp::EndsWith => s.ends_with(text.as_str()),
                    MatchOp::Contains => s.contains(text.as_str()),
                },
                _ => false,
            }),
            Pred::And(ps) => ps.iter().all(|p| p.eval(user)),
            Pred::Or(ps) => ps.iter().any(|p| p.eval(user)),
            Pred::Not(p) => !p.eval(user),
        }
    }

    /// The top-level conjuncts (`a and b and c` → `[a, b, c]`).
    pub fn conjuncts(&self) -> Vec<&Pred> {
        match self {
            Pred::True => Vec::new(),
            Pred::And(ps) => ps.iter().flat_map(Pred::conjuncts).collect(),
            other => vec![other],
        }
    }

    /// For `attr = value` on an attribute with an equality posting: the posting and its term.
    pub fn equality_posting(&self) -> Option<(Attr, u8, String)> {
        match self {
            Pred::Cmp(attr, CmpOp::Eq, v) => attr.posting().map(|id| (*attr, id, v.posting_text())),
            _ => None,
        }
    }
}

fn compare(x: &Val, op: CmpOp, v: &Val) -> bool {
    if std::mem::discriminant(x) != std::mem::discriminant(v) {
        return false;
    }
    match op {
        CmpOp::Eq => x == v,
        CmpOp::Ne => x != v,
        CmpOp::Lt => x < v,
        CmpOp::Le => x <= v,
        CmpOp::Gt => x > v,
        CmpOp::Ge => x >= v,
    }
}

/// True when some value of `attr` (lists: any element; null: none) satisfies `test`.
fn any_value(user: &User, attr: Attr, test: impl FnMut(Val) -> bool) -> bool {
    match user.get(attr) {
        Value::List(items) => items.iter().filter_map(Val::of).any(test),
        other => Val::of(&other).is_some_and(test),
    }
}

/// Compiles a parsed filter for tenant `t`, typing literals and resolving names.
pub fn compile<S: Open>(tables: &Tables<S>, t: TenantOrd, filter: &Filter) -> Result<Pred> {
    Ok(match filter {
        Filter::Cmp { attr, op, value, span } => {
            let v = literal(tables, t, attr.attr, value, *span)?;
            if matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge) && matches!(v, Val::Bool(_)) {
                return Err(Error::invalid_at(
                    format!("`{}` cannot be compared with < or >", attr.attr),
                    *span,
                ));
            }
            Pred::Cmp(attr.attr, *op, v)
        }
        Filter::In { attr, values, span } => Pred::In(
            attr.attr,
            values
                .iter()
                .map(|v| literal(tables, t, attr.attr, v, *span))
                .collect::<Result<_>>()?,
        ),
        Filter::IsNull { attr, negated } => Pred::IsNull(attr.attr, !negated),
        Filter::Match { attr, op, value, span } => {
            if !matches!(
                attr.attr.kind(),
                AttrKind::Text | AttrKind::Guid | AttrKind::SecurityIds
            ) {
                return Err(Error::invalid_at(
                    format!("`{}` is not text: use `=` or `in`", attr.attr),
                    *span,
                ));
            }
            Pred::Match(attr.attr, *op, fold(&value.text()))
        }
        Filter::And(fs) => Pred::And(fs.iter().map(|f| compile(tables, t, f)).collect::<Result<_>>()?),
        Filter::Or(fs) => Pred::Or(fs.iter().map(|f| compile(tables, t, f)).collect::<Result<_>>()?),
        Filter::Not(f) => Pred::Not(Box::new(compile(tables, t, f)?)),
    })
}

/// Types one literal for `attr`.
fn literal<S: Open>(tables: &Tables<S>, t: TenantOrd, attr: Attr, lit: &Literal, span: Span) -> Result<Val> {
    let wrong = |expected: &str| Error::invalid_at(format!("`{attr}` takes {expected}, not {}", describe(lit)), span);
    if let Literal::Null = lit {
        return Err(Error::invalid_at(
            format!("compare with null using `{attr} is null`"),
            span,
        ));
    }
    Ok(match attr.kind() {
        AttrKind::Text | AttrKind::Guid | AttrKind::SecurityIds => Val::Text(fold(&lit.text())),
        AttrKind::Bool => match lit {
            Literal::Bool(b) => Val::Bool(*b),
            Literal::Word(w) | Literal::Str(w) if w.eq_ignore_ascii_case("true") => Val::Bool(true),
            Literal::Word(w) | Literal::Str(w) if w.eq_ignore_ascii_case("false") => Val::Bool(false),
            _ => return Err(wrong("true or false")),
        },
        AttrKind::UserType => match crate::model::UserType::parse(&lit.text()) {
            Some(ut) => Val::Text(fold(ut.as_str())),
            None => return Err(wrong("Member or Guest")),
        },
        AttrKind::Source => match fold(&lit.text()).as_str() {
            s @ ("internal" | "b2b") => Val::Text(s.to_owned()),
            _ => return Err(wrong("internal or b2b")),
        },
        AttrKind::Time => match lit {
            Literal::Int(ms) => Val::Int(*ms),
            other => Val::Int(parse_time(&other.text()).ok_or_else(|| wrong("a date or an RFC 3339 time"))?),
        },
        AttrKind::UserRef => {
            let upn = lit.text();
            let ord = tables
                .user_ord_by_upn(t, &upn)?
                .ok_or_else(|| Error::invalid_at(format!("no user `{upn}` in this tenant"), span))?;
            Val::Int(i64::from(ord.0))
        }
        AttrKind::Groups => {
            let name = lit.text();
            match tables.group_by_name(t, &name)? {
                Some(g) => Val::Int(i64::from(g.ord.0)),
                None => {
                    let names: Vec<String> = tables.groups(t)?.into_iter().map(|g| g.display_name).collect();
                    let hint = crate::suggest::hint(&name, names.iter().map(String::as_str));
                    return Err(Error::invalid_at(
                        format!("no group `{name}` in this tenant{hint}"),
                        span,
                    ));
                }
            }
        }
        AttrKind::TenantRef => {
            let handle = lit.text();
            let tenant = tables
                .tenant_by_handle(&handle)?
                .ok_or_else(|| unknown_tenant(tables, &handle, span))?;
            if attr == Attr::Tenant {
                Val::Int(i64::from(tenant.ord.0))
            } else {
                Val::Text(tenant.id.to_string())
            }
        }
    })
}

/// "unknown tenant `Bx` (did you mean `B`?)", pointed at `span`.
pub fn unknown_tenant<S: Open>(tables: &Tables<S>, handle: &str, span: Span) -> Error {
    let handles: Vec<String> = tables
        .tenants()
        .map(|ts| ts.into_iter().map(|t| t.handle).collect())
        .unwrap_or_default();
    let hint = crate::suggest::hint(handle, handles.iter().map(String::as_str));
    Error::invalid_at(format!("unknown tenant `{handle}`{hint}"), span)
}

fn parse_time(text: &str) -> Option<i64> {
    parse_millis(text).or_else(|| {
        let date: jiff::civil::Date = text.parse().ok()?;
        date.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_millisecond())
    })
}

fn describe(lit: &Literal) -> String {
    match lit {
        Literal::Str(s) => format!("\"{s}\""),
        other => format!("`{}`", other.text()),
    }
}

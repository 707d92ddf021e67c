//! Filters compiled for evaluation: literals typed by their attribute and names resolved
//! (tenants, groups, managers), so that evaluating a filter on a user is a pure function.

use crate::error::{Error, Kind, Result};
use crate::fold::fold;
use crate::model::{Attr, AttrKind, CmpOp, Filter, Literal, MatchOp, TenantOrd, User, Value, typing};
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
            Value::Null | Value::List(_) | Value::Object(_) => None,
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

/// How a filter treats a tenant it names (`homeTenant = X`, `tenant = X`) that does not
/// exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Refuse it with [`Error::UnknownTenant`] and the nearest handle (the operator's view).
    Refuse,
    /// Let it match no user, as a tenant no one comes from does: a tenant's administrator
    /// learns neither which tenants exist nor their handles.
    MatchNone,
}

/// Compiles a typed filter for tenant `t`: literals typed by their attribute (through the
/// one value typer, [`typing::typed`]) and names resolved. Errors point at the predicate.
pub fn compile<S: Open>(tables: &Tables<S>, t: TenantOrd, filter: &Filter) -> Result<Pred> {
    compile_with(tables, t, filter, Unknown::Refuse)
}

/// [`compile`], with unknown tenants treated as `unknown` says.
pub fn compile_with<S: Open>(tables: &Tables<S>, t: TenantOrd, filter: &Filter, unknown: Unknown) -> Result<Pred> {
    if let Some(pred) = super::label::compile(tables, t, filter)? {
        return Ok(pred);
    }
    let compile = |f: &Filter| compile_with(tables, t, f, unknown);
    let literal = |attr: Attr, lit: &Literal| literal(tables, t, attr, lit, unknown);
    Ok(match filter {
        Filter::Cmp { attr, op, value, span } => {
            let v = literal(attr.attr, value).map_err(|e| e.at(*span))?;
            if matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge) && matches!(v, Val::Bool(_)) {
                return Err(Error::NotOrdered(attr.attr).at(*span));
            }
            Pred::Cmp(attr.attr, *op, v)
        }
        Filter::In { attr, values, span } => Pred::In(
            attr.attr,
            values
                .iter()
                .map(|v| literal(attr.attr, v).map_err(|e| e.at(*span)))
                .collect::<Result<_>>()?,
        ),
        Filter::IsNull { attr, negated } => Pred::IsNull(attr.attr, !negated),
        Filter::Match { attr, op, value, span } => match attr.attr.kind() {
            AttrKind::Text | AttrKind::Guid | AttrKind::SecurityIds => Pred::Match(attr.attr, *op, fold(&value.text())),
            AttrKind::Bool
            | AttrKind::UserType
            | AttrKind::UserRef
            | AttrKind::Time
            | AttrKind::TenantRef
            | AttrKind::Source
            | AttrKind::Groups
            | AttrKind::Label => return Err(Error::NotText(attr.attr).at(*span)),
        },
        Filter::And(fs) => Pred::And(fs.iter().map(compile).collect::<Result<_>>()?),
        Filter::Or(fs) => Pred::Or(fs.iter().map(compile).collect::<Result<_>>()?),
        Filter::Not(f) => Pred::Not(Box::new(compile(f)?)),
    })
}

/// Types one literal for `attr` and resolves the names of references.
fn literal<S: Open>(tables: &Tables<S>, t: TenantOrd, attr: Attr, lit: &Literal, unknown: Unknown) -> Result<Val> {
    if let Literal::Null = lit {
        return Err(Error::NullComparison(attr));
    }
    let value = typing::typed(attr, lit)?;
    let name = value.to_string();
    Ok(match (attr.kind(), value) {
        (AttrKind::UserRef, _) => {
            let ord = tables.user_ord_by_upn(t, &name)?.ok_or_else(|| Error::NotFound {
                kind: Kind::User,
                name: name.clone(),
                tenant: None,
                hint: String::new(),
            })?;
            Val::Int(i64::from(ord.0))
        }
        (AttrKind::Groups, _) => match tables.group_by_name(t, &name)? {
            Some(g) => Val::Int(i64::from(g.ord.0)),
            None => {
                let names: Vec<String> = tables.groups(t)?.into_iter().map(|g| g.display_name).collect();
                let hint = crate::suggest::hint(&name, names.iter().map(String::as_str));
                return Err(Error::NotFound {
                    kind: Kind::Group,
                    name,
                    tenant: None,
                    hint,
                });
            }
        },
        (AttrKind::TenantRef, _) => {
            let found = match unknown {
                Unknown::Refuse => Some(tables.resolve_tenant(&name)?),
                Unknown::MatchNone => tables.tenant_by_handle(&name)?,
            };
            match (found, attr) {
                (Some(tenant), Attr::Tenant) => Val::Int(i64::from(tenant.ord.0)),
                (Some(tenant), _) => Val::Text(tenant.id.to_string()),
                // No tenant has a negative ordinal, and no id is empty.
                (None, Attr::Tenant) => Val::Int(-1),
                (None, _) => Val::Text(String::new()),
            }
        }
        (_, Value::Bool(b)) => Val::Bool(b),
        (_, Value::Int(i)) => Val::Int(i),
        (_, Value::Str(s)) => Val::Text(fold(&s)),
        (_, Value::Null | Value::List(_) | Value::Object(_)) => return Err(Error::NullComparison(attr)),
    })
}

//! The one value typer: a literal becomes the [`Value`] of an attribute by the attribute's
//! kind. Statements (`with` / `set`), filters, imports and [`User::set`](super::User::set)
//! all type through [`typed`], so they accept the same spellings everywhere:
//!
//! | kind | accepts | gives |
//! | --- | --- | --- |
//! | boolean | `true`/`false`, `yes`/`no`, `1`/`0` (any case) | `Bool` |
//! | `userType` | `member`/`guest` (any case) | `Str("Member")` / `Str("Guest")` |
//! | `source` | `internal`/`b2b` (any case) | `Str("internal")` / `Str("b2b")` |
//! | time | RFC 3339, a date (`2026-11-30`, midnight UTC) or milliseconds | `Int` (ms) |
//! | text, references | any string, word or number | `Str` as written |
//!
//! `null` is [`Value::Null`] for every kind. References (`manager` as a UPN, `memberOf` as a
//! group name, `homeTenant` as a handle) stay names here: resolving them needs the store.

use super::attr::{Attr, AttrKind};
use super::ids::{Millis, parse_millis};
use super::query::Literal;
use super::user::UserType;
use super::value::Value;

/// Why a literal cannot be a value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    /// The attribute is computed or managed by mtodir.
    #[error("`{0}` is read-only")]
    ReadOnly(Attr),
    /// The literal has the wrong type for the attribute.
    #[error("`{attr}` takes {expected}, not {got}")]
    Wrong {
        /// The attribute.
        attr: Attr,
        /// What it takes, in words.
        expected: &'static str,
        /// The literal as written.
        got: String,
    },
}

/// What an attribute of `kind` takes, in words.
pub fn expected(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::Bool => "true or false",
        AttrKind::UserType => "Member or Guest",
        AttrKind::Source => "internal or b2b",
        AttrKind::Time => "a date or an RFC 3339 time",
        AttrKind::UserRef => "a user principal name",
        AttrKind::Text
        | AttrKind::Guid
        | AttrKind::TenantRef
        | AttrKind::Groups
        | AttrKind::SecurityIds
        | AttrKind::Label => "text",
    }
}

/// true/yes/1 or false/no/0, in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// An RFC 3339 time or a date (midnight UTC), in milliseconds.
pub fn parse_time(text: &str) -> Option<Millis> {
    let text = text.trim();
    parse_millis(text).or_else(|| {
        let date: jiff::civil::Date = text.parse().ok()?;
        date.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_millisecond())
    })
}

/// The value of `attr` written as `lit`, typed by the attribute's kind.
pub fn typed(attr: Attr, lit: &Literal) -> Result<Value, TypeError> {
    let kind = attr.kind();
    let wrong = || TypeError::Wrong {
        attr,
        expected: expected(kind),
        got: lit.describe(),
    };
    let text = match lit {
        Literal::Null => return Ok(Value::Null),
        Literal::Bool(b) if kind == AttrKind::Bool => return Ok(Value::Bool(*b)),
        Literal::Bool(_) => return Err(wrong()),
        Literal::Int(ms) if kind == AttrKind::Time => return Ok(Value::Int(*ms)),
        Literal::Str(s) | Literal::Word(s) => s.clone(),
        Literal::Int(i) => i.to_string(),
    };
    match kind {
        AttrKind::Bool => parse_bool(&text).map(Value::Bool).ok_or_else(wrong),
        AttrKind::UserType => UserType::parse(text.trim())
            .map(|t| Value::str(t.as_str()))
            .ok_or_else(wrong),
        AttrKind::Source => match text.trim().to_ascii_lowercase().as_str() {
            s @ ("internal" | "b2b") => Ok(Value::str(s)),
            _ => Err(wrong()),
        },
        AttrKind::Time => parse_time(&text).map(Value::Int).ok_or_else(wrong),
        AttrKind::Text
        | AttrKind::Guid
        | AttrKind::UserRef
        | AttrKind::TenantRef
        | AttrKind::Groups
        | AttrKind::SecurityIds
        | AttrKind::Label => Ok(Value::Str(text)),
    }
}

/// [`typed`] for an assignment (`with` / `set`, imports): the attribute must be settable.
pub fn assigned(attr: Attr, lit: &Literal) -> Result<Value, TypeError> {
    if !attr.settable() {
        return Err(TypeError::ReadOnly(attr));
    }
    typed(attr, lit)
}

/// A stored value as the literal that would write it (for [`User::set`](super::User::set)).
pub fn literal_of(value: &Value) -> Literal {
    match value {
        Value::Null => Literal::Null,
        Value::Bool(b) => Literal::Bool(*b),
        Value::Int(i) => Literal::Int(*i),
        Value::Str(s) => Literal::Str(s.clone()),
        Value::List(items) => Literal::Str(items.iter().map(Value::to_string).collect::<Vec<_>>().join(";")),
        Value::Object(_) => Literal::Str(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_take_every_spelling() {
        for (text, b) in [
            ("true", true),
            ("YES", true),
            ("1", true),
            ("False", false),
            ("no", false),
            ("0", false),
        ] {
            assert_eq!(
                typed(Attr::AccountEnabled, &Literal::Word(text.into())),
                Ok(Value::Bool(b))
            );
            assert_eq!(
                typed(Attr::AccountEnabled, &Literal::Str(text.into())),
                Ok(Value::Bool(b))
            );
        }
        assert_eq!(typed(Attr::AccountEnabled, &Literal::Int(1)), Ok(Value::Bool(true)));
        assert!(matches!(
            typed(Attr::AccountEnabled, &Literal::Word("maybe".into())),
            Err(TypeError::Wrong {
                expected: "true or false",
                ..
            })
        ));
    }

    #[test]
    fn user_type_source_and_time() {
        assert_eq!(
            typed(Attr::UserType, &Literal::Word("guest".into())),
            Ok(Value::str("Guest"))
        );
        assert_eq!(typed(Attr::Source, &Literal::Word("B2B".into())), Ok(Value::str("b2b")));
        assert_eq!(
            typed(Attr::CreatedDateTime, &Literal::Str("1970-01-02".into())),
            Ok(Value::Int(86_400_000))
        );
        assert_eq!(typed(Attr::CreatedDateTime, &Literal::Int(5)), Ok(Value::Int(5)));
        assert!(typed(Attr::City, &Literal::Bool(true)).is_err());
        assert_eq!(typed(Attr::City, &Literal::Int(7)), Ok(Value::str("7")));
        assert_eq!(typed(Attr::City, &Literal::Null), Ok(Value::Null));
    }

    #[test]
    fn assignments_refuse_read_only_attributes() {
        assert_eq!(
            assigned(Attr::Id, &Literal::Str("x".into())),
            Err(TypeError::ReadOnly(Attr::Id))
        );
        assert_eq!(
            assigned(Attr::UserType, &Literal::Word("x".into()))
                .unwrap_err()
                .to_string(),
            "`userType` takes Member or Guest, not `x`"
        );
    }
}

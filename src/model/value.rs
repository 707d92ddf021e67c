//! Attribute values as the language, the filters and the output see them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One attribute value. Strings keep their case; comparisons fold them (see [`crate::fold`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    /// No value (`is null`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (also timestamps, in milliseconds since the Unix epoch).
    Int(i64),
    /// Text.
    Str(String),
    /// Several values (`memberOf`, `alternativeSecurityIds`, `domains`).
    List(Vec<Value>),
    /// Named values, in order: a nested object of Graph's JSON shapes (a modified property's
    /// `displayName`, `oldValue`, `newValue`; a policy's `b2bCollaborationInbound`).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// `Value::Str` from anything string-like.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// `Value::Str` for `Some`, `Value::Null` for `None`.
    pub fn opt_str(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::str)
    }

    /// True for [`Value::Null`] and for an empty list.
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null => true,
            Value::List(items) => items.is_empty(),
            Value::Object(_) => false,
            _ => false,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as JSON, the way Microsoft Graph writes it.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(fields) => {
                serde_json::Value::Object(fields.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Str(s) => f.write_str(s),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
            Value::Object(fields) => {
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}: {value}")?;
                }
                Ok(())
            }
        }
    }
}

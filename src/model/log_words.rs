//! The words a provisioning log entry repeats, and the compact serialized shape that names
//! them instead of spelling them out.
//!
//! Most of a [`super::sync::LogEntry`]'s text is the same in every entry: the fixed phrases
//! of its steps ("read the source user", "in scope") and the names of the properties it
//! modified ("displayName"). Spelled out, they were more than half of a created user's entry.
//! Serialized here, a step's detail that is one of [`PHRASES`] is written as the phrase's
//! number and any other detail as its text; a modified property that is an attribute is
//! written as the [`Attr`] (by position, as every stored attribute is) and any other as its
//! name. Reading gives back the same words, so the entry's model is unchanged.
//!
//! [`PHRASES`] is append-only: a stored entry names a phrase by its position, so a phrase is
//! never removed or moved, and rewording one rewords the entries already stored.

use super::{Attr, PropertyChange, Value};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The import step's words for a source user that was read.
pub const READ: &str = "read the source user";
/// The matching step's words when the target holds no copy.
pub const NO_MATCH: &str = "no B2B user for this home user in the target";
/// The processing step's words of a create.
pub const CREATING: &str = "in scope, no match: create a B2B member";
/// The import step's words when the source user no longer exists.
pub const GONE: &str = "the source user is gone";
/// The scoping step's words for a source user that no longer exists.
pub const NOT_IN_SOURCE: &str = "no longer in the source";
/// Scoping: the user is not an internal user of the source.
pub const NOT_INTERNAL: &str = "not an internal user of the source";
/// Scoping: the user is soft-deleted in the source.
pub const DELETED_IN_SOURCE: &str = "deleted in the source";
/// Scoping: the configuration is scoped to assignments and the user has none.
pub const NOT_ASSIGNED: &str = "neither assigned nor a member of an assigned group";
/// Scoping: the scoping filter refuses the user.
pub const FILTERED_OUT: &str = "does not pass the scoping filter";
/// Scoping: the user is in scope.
pub const IN_SCOPE: &str = "in scope";
/// Processing: the target copy already holds what the mappings give.
pub const NOTHING_TO_CHANGE: &str = "nothing to change";
/// Processing: a soft-deleted copy back in scope.
pub const RESTORED: &str = "back in scope: restored";
/// Processing: a source user disabled while in scope.
pub const DISABLED: &str = "disabled in the source: disabled, not deleted";
/// Processing: in scope, but the configuration does not create.
pub const CREATE_OFF: &str = "in scope; the Create action is off";
/// Processing: out of scope, so the copy is soft-deleted.
pub const SOFT_DELETE: &str = "out of scope: soft-delete";
/// Processing: out of scope, but the configuration does not delete.
pub const DELETE_OFF: &str = "out of scope; the Delete action is off";

/// The phrases a stored step names by number (its position here). Append only.
pub const PHRASES: &[&str] = &[
    READ,
    NO_MATCH,
    CREATING,
    GONE,
    NOT_IN_SOURCE,
    NOT_INTERNAL,
    DELETED_IN_SOURCE,
    NOT_ASSIGNED,
    FILTERED_OUT,
    IN_SCOPE,
    NOTHING_TO_CHANGE,
    RESTORED,
    DISABLED,
    CREATE_OFF,
    SOFT_DELETE,
    DELETE_OFF,
];

/// A step's detail as written: a phrase by number, or the text.
#[derive(Serialize)]
enum DetailOut<'a> {
    Phrase(u8),
    Text(&'a str),
}

/// A step's detail as read (the same variants in the same order as [`DetailOut`]).
#[derive(Deserialize)]
enum DetailIn {
    Phrase(u8),
    Text(String),
}

/// A step's detail (`#[serde(with = "…::detail")]`, or `serialize_with` on a `&str`).
pub mod detail {
    use super::*;

    /// Writes `detail` as its phrase's number when it is one of [`PHRASES`].
    pub fn serialize<S: Serializer>(detail: &str, serializer: S) -> Result<S::Ok, S::Error> {
        match PHRASES
            .iter()
            .position(|p| *p == detail)
            .and_then(|i| u8::try_from(i).ok())
        {
            Some(i) => DetailOut::Phrase(i).serialize(serializer),
            None => DetailOut::Text(detail).serialize(serializer),
        }
    }

    /// Reads a detail written by [`serialize`]; a phrase number this build does not know is
    /// an error (the entry was written by a newer build, or is damaged).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match DetailIn::deserialize(deserializer)? {
            DetailIn::Text(text) => Ok(text),
            DetailIn::Phrase(i) => PHRASES
                .get(usize::from(i))
                .map(|p| (*p).to_owned())
                .ok_or_else(|| D::Error::custom(format!("unknown provisioning step phrase {i}"))),
        }
    }
}

/// A modified property's name as written: an attribute, or the name.
#[derive(Serialize)]
enum PropertyOut<'a> {
    Attr(Attr),
    Named(&'a str),
}

/// A modified property's name as read (the same variants in the same order).
#[derive(Deserialize)]
enum PropertyIn {
    Attr(Attr),
    Named(String),
}

impl PropertyIn {
    fn into_name(self) -> String {
        match self {
            PropertyIn::Attr(a) => a.name().to_owned(),
            PropertyIn::Named(name) => name,
        }
    }
}

/// The attribute spelled exactly `name` (not an alias, not another case: what is read back
/// must be what was written).
fn attr_named(name: &str) -> Option<Attr> {
    Attr::ALL.iter().copied().find(|a| a.name() == name)
}

/// One modified property as written: name, old value, new value.
#[derive(Serialize)]
struct ChangeOut<'a>(PropertyOut<'a>, &'a Value, &'a Value);

/// One modified property as read.
#[derive(Deserialize)]
struct ChangeIn(PropertyIn, Value, Value);

/// A log entry's modified properties (`#[serde(with = "…::changes")]`).
pub mod changes {
    use super::*;

    /// Writes each property's name as its attribute when it names one.
    pub fn serialize<S: Serializer>(changes: &[PropertyChange], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(changes.iter().map(|c| {
            let name = match attr_named(&c.property) {
                Some(a) => PropertyOut::Attr(a),
                None => PropertyOut::Named(&c.property),
            };
            ChangeOut(name, &c.old, &c.new)
        }))
    }

    /// Reads what [`serialize`] wrote.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<PropertyChange>, D::Error> {
        let read = Vec::<ChangeIn>::deserialize(deserializer)?;
        Ok(read
            .into_iter()
            .map(|ChangeIn(name, old, new)| PropertyChange {
                property: name.into_name(),
                old,
                new,
            })
            .collect())
    }

    /// Writes attributes given their first values as [`serialize`] writes the property
    /// changes from null to each value (a create's entry, told by reference).
    pub fn serialize_first<S: Serializer>(values: &[(Attr, Value)], serializer: S) -> Result<S::Ok, S::Error> {
        let null = Value::Null;
        serializer.collect_seq(
            values
                .iter()
                .map(|(attr, value)| ChangeOut(PropertyOut::Attr(*attr), &null, value)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> bincode::config::Configuration {
        bincode::config::standard()
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Detail(#[serde(with = "detail")] String);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Changes(#[serde(with = "changes")] Vec<PropertyChange>);

    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(value: &T) -> (T, usize) {
        let bytes = bincode::serde::encode_to_vec(value, config()).unwrap();
        let (back, _) = bincode::serde::decode_from_slice(&bytes, config()).unwrap();
        (back, bytes.len())
    }

    #[test]
    fn phrases_are_distinct_and_numbered_in_a_byte() {
        assert!(PHRASES.len() <= usize::from(u8::MAX));
        for (i, p) in PHRASES.iter().enumerate() {
            assert!(!PHRASES[..i].contains(p), "{p:?} is listed twice");
        }
    }

    #[test]
    fn every_phrase_is_written_by_number_and_read_back() {
        for p in PHRASES {
            let (back, len) = round_trip(&Detail((*p).to_owned()));
            assert_eq!(back.0, *p);
            assert_eq!(len, 2, "{p:?}: the variant and the number");
        }
        let text = Detail("created ann_a.example#EXT#@b.example".into());
        let (back, len) = round_trip(&text);
        assert_eq!(back, text);
        assert!(len > text.0.len());
    }

    #[test]
    fn an_unknown_phrase_number_is_an_error() {
        let bytes = bincode::serde::encode_to_vec(DetailOut::Phrase(u8::MAX), config()).unwrap();
        let read: Result<(Detail, usize), _> = bincode::serde::decode_from_slice(&bytes, config());
        let message = read.unwrap_err().to_string();
        assert!(message.contains("unknown provisioning step phrase 255"), "{message}");
    }

    #[test]
    fn properties_are_written_by_attribute_when_they_name_one() {
        let changes = Changes(vec![
            PropertyChange {
                property: "displayName".into(),
                old: Value::Null,
                new: Value::str("Ann"),
            },
            PropertyChange {
                property: "isSoftDeleted".into(),
                old: Value::Bool(false),
                new: Value::Bool(true),
            },
            // Not an attribute's exact spelling: kept as written.
            PropertyChange {
                property: "DisplayName".into(),
                old: Value::Int(1),
                new: Value::List(vec![Value::Null]),
            },
            PropertyChange {
                property: "somethingElse".into(),
                old: Value::Null,
                new: Value::Null,
            },
        ]);
        let (back, _) = round_trip(&changes);
        assert_eq!(back, changes);
        let one = |p: &str| {
            Changes(vec![PropertyChange {
                property: p.into(),
                old: Value::Null,
                new: Value::Null,
            }])
        };
        assert!(round_trip(&one("telephoneNumber")).1 < round_trip(&one("telephoneNumbe")).1);
    }

    #[test]
    fn first_values_are_written_as_changes_from_null() {
        #[derive(Serialize)]
        struct First<'a>(#[serde(serialize_with = "changes::serialize_first")] &'a [(Attr, Value)]);
        let values = [
            (Attr::Mail, Value::str("ann@a.example")),
            (Attr::AccountEnabled, Value::Bool(true)),
        ];
        let owned = Changes(
            values
                .iter()
                .map(|(a, v)| PropertyChange {
                    property: a.name().into(),
                    old: Value::Null,
                    new: v.clone(),
                })
                .collect(),
        );
        let a = bincode::serde::encode_to_vec(First(&values), config()).unwrap();
        let b = bincode::serde::encode_to_vec(&owned, config()).unwrap();
        assert_eq!(a, b);
    }
}

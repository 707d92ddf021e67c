//! JSON Lines, and what the JSON formats share: user objects with Graph property names, read
//! in the file's order of properties, and written in the order of the export's columns.
//!
//! Object rules: `@odata.*` annotations are ignored, and so are the Graph user properties
//! mtodir does not model (`usageLocation`, `identities`, `onPremises…`, …); any other unknown
//! property is an error. `null` is "not set". `businessPhones` gives its first element to
//! `telephoneNumber` when that is not set, `mobilePhone` the same after it; `officeLocation` is
//! `physicalDeliveryOfficeName`. `manager` is a UPN, or an expanded user object with its
//! `userPrincipalName`. `alternativeSecurityIds` entries in Graph's own form (objects) are
//! ignored; strings are `<home tenant id>/<home object id>`.

use super::typing::{Cell, Column, UserBuilder, is_graph_only, unknown};
use super::{ImportedUser, UserSink, import_error, io_error};
use crate::Result;
use crate::model::{Attr, AttrKind, NewUser, Value};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;
use std::fmt;
use std::io::Write;
use std::path::Path;

/// A JSON object with its properties in file order; a property given twice is an error.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Obj(pub(super) Vec<(String, Json)>);

impl<'de> Deserialize<'de> for Obj {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Obj, D::Error> {
        deserializer.deserialize_map(ObjVisitor)
    }
}

struct ObjVisitor;

impl<'de> Visitor<'de> for ObjVisitor {
    type Value = Obj;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object (one user)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj, A::Error> {
        let mut properties: Vec<(String, Json)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            if properties.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("property `{key}` is given twice")));
            }
            properties.push((key, value));
        }
        Ok(Obj(properties))
    }
}

/// One user object as a user, and whether it is soft-deleted.
pub(super) fn object_user(object: &Obj) -> Result<(NewUser, bool), String> {
    let mut builder = UserBuilder::new();
    for (key, value) in &object.0 {
        put_property(&mut builder, key, value)?;
    }
    builder.finish()
}

/// Takes one property of a user object.
fn put_property(builder: &mut UserBuilder, key: &str, value: &Json) -> Result<(), String> {
    if key.starts_with('@') || key.contains("@odata.") {
        return Ok(());
    }
    let column = match Column::of_property(key) {
        Some(column) => column,
        None if is_graph_only(key) => Column::Ignore,
        None => return Err(unknown("property", key)),
    };
    match value {
        _ if column == Column::Ignore => Ok(()),
        Json::Null => Ok(()),
        Json::Bool(b) => builder.put(column, key, Cell::Bool(*b)),
        Json::Number(n) => builder.put(column, key, Cell::Text(&n.to_string())),
        Json::String(s) => builder.put(column, key, Cell::Text(s)),
        Json::Array(items) => put_array(builder, column, key, items),
        Json::Object(fields) => match (column, fields.get("userPrincipalName")) {
            (Column::Set(Attr::Manager), Some(Json::String(upn))) => builder.put(column, key, Cell::Text(upn)),
            _ => Err(format!("`{key}` takes {}, not an object", single(column))),
        },
    }
}

/// Takes an array: `alternativeSecurityIds` entries, or the first of `businessPhones`.
fn put_array(builder: &mut UserBuilder, column: Column, key: &str, items: &[Json]) -> Result<(), String> {
    match column {
        Column::SecurityIds => items.iter().try_for_each(|item| match item {
            Json::String(s) => builder.put_security_id(s),
            _ => Ok(()), // Graph's own form ({type, identityProvider, key}): not a home object.
        }),
        Column::Fallback(..) => match items.iter().find(|i| !i.is_null()) {
            Some(Json::String(s)) => builder.put(column, key, Cell::Text(s)),
            Some(other) => Err(format!("`{key}` takes text, not {other}")),
            None => Ok(()),
        },
        _ => Err(format!("`{key}` takes {}, not a list", single(column))),
    }
}

/// What a column takes, for type errors on arrays and objects.
fn single(column: Column) -> &'static str {
    match column {
        Column::Set(Attr::Manager) => "a user principal name",
        Column::Set(a) if a.kind() == AttrKind::Bool => "true or false",
        Column::SoftDeleted | Column::BlockSignIn => "true or false",
        _ => "one value",
    }
}

/// A serde_json error's message without its " at line L column C" tail, with the column.
pub(super) fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let tail = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&tail) {
        Some(message) => format!("{message} (column {})", error.column()),
        None => text,
    }
}

/// Reads users from JSON Lines: one object a line; blank lines are skipped.
pub(super) fn read_lines(bytes: &[u8], name: &Path, sink: UserSink<'_>) -> Result<()> {
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = index as u64 + 1;
        let fail = |message: String| import_error(name, line, message);
        let text =
            std::str::from_utf8(raw).map_err(|_| fail("the line is not valid UTF-8; save the file as UTF-8".into()))?;
        if text.trim().is_empty() {
            continue;
        }
        let object: Obj = serde_json::from_str(text).map_err(|e| fail(json_message(&e)))?;
        let (user, soft_deleted) = object_user(&object).map_err(fail)?;
        sink(ImportedUser {
            line,
            user,
            soft_deleted,
        })?;
    }
    Ok(())
}

/// One export row as a JSON object: the columns in order, nulls left out.
pub(super) struct JsonRow<'a> {
    /// The property names.
    pub(super) columns: &'a [String],
    /// One value per column.
    pub(super) row: &'a [Value],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (column, value) in self.columns.iter().zip(self.row) {
            if *value != Value::Null {
                map.serialize_entry(column, &value.to_json())?;
            }
        }
        map.end()
    }
}

/// Writes one object a line.
pub(super) fn write_lines(writer: &mut impl Write, name: &Path, columns: &[String], rows: &[Vec<Value>]) -> Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *writer, &JsonRow { columns, row }).map_err(|e| io_error(name, e.into()))?;
        writer.write_all(b"\n").map_err(|e| io_error(name, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::interchange::{Format, read_users_from, write_users_to};

    fn read_str(text: &str) -> crate::Result<Vec<ImportedUser>> {
        read_users_from(text.as_bytes(), Path::new("users.jsonl"), Format::JsonLines)
    }

    fn failure(text: &str) -> (u64, String) {
        match read_str(text) {
            Err(Error::Import { line, message, .. }) => (line, message),
            other => panic!("expected an import error, got {other:?}"),
        }
    }

    #[test]
    fn reads_objects_with_graph_names() {
        let text = r##"{"userPrincipalName":"annie@a.example","displayName":"Annie","accountEnabled":false,"userType":"guest","@odata.type":"#microsoft.graph.user","id":"x","usageLocation":"US","businessPhones":["+1 425"],"mobilePhone":"+1 555","officeLocation":"B1","preferredLanguage":"en-US","city":null}

{"upn":"bob@a.example","manager":{"id":"1","userPrincipalName":"annie@a.example"},"employeeId":42,"isSoftDeleted":true}
"##;
        let users = read_str(text).unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].line, 1);
        assert_eq!(
            users[0].user.values,
            vec![
                (Attr::DisplayName, Value::str("Annie")),
                (Attr::AccountEnabled, Value::Bool(false)),
                (Attr::UserType, Value::str("Guest")),
                (Attr::PhysicalDeliveryOfficeName, Value::str("B1")),
                (Attr::PreferredLanguage, Value::str("en-US")),
                (Attr::TelephoneNumber, Value::str("+1 425")),
            ]
        );
        assert_eq!(users[1].line, 3);
        assert_eq!(
            users[1].user.values,
            vec![
                (Attr::Manager, Value::str("annie@a.example")),
                (Attr::EmployeeId, Value::str("42")),
            ]
        );
        assert!(users[1].soft_deleted);
    }

    #[test]
    fn malformed_json_on_line_2() {
        let text = "{\"userPrincipalName\":\"a@a.example\"}\n{\"userPrincipalName\": \"b@a.example\",}\n";
        let (line, message) = failure(text);
        assert_eq!(line, 2);
        assert!(message.contains("column"), "{message}");
    }

    #[test]
    fn object_errors_carry_their_line() {
        let ok = "{\"userPrincipalName\":\"a@a.example\"}\n";
        assert_eq!(
            failure(&format!(
                "{ok}{ok}{{\"userPrincipalName\":\"c\",\"accountEnabled\":\"maybe\"}}\n"
            )),
            (3, "`accountEnabled` takes true or false, not \"maybe\"".into())
        );
        assert_eq!(
            failure(&format!("{ok}{{\"userPrincipalName\":\"c\",\"departmnt\":\"R&D\"}}")),
            (2, "unknown property `departmnt` (did you mean `department`?)".into())
        );
        assert_eq!(failure("{\"displayName\":\"A\"}"), (1, "no `userPrincipalName`".into()));
        assert_eq!(failure("[1]").0, 1);
        assert!(failure("{\"upn\":\"a\",\"upn\":\"b\"}").1.contains("given twice"));
        assert_eq!(
            failure("{\"upn\":\"a\",\"city\":[\"Oslo\"]}").1,
            "`city` takes one value, not a list"
        );
        assert_eq!(
            failure("{\"upn\":\"a\",\"city\":true}").1,
            "`city` takes text, not `true`"
        );
    }

    #[test]
    fn writes_columns_in_order_without_nulls() {
        let columns: Vec<String> = ["userPrincipalName", "zzz", "accountEnabled", "city", "memberOf"]
            .map(String::from)
            .to_vec();
        let rows = vec![vec![
            Value::str("a@a.example"),
            Value::Int(7),
            Value::Bool(true),
            Value::Null,
            Value::List(vec![Value::str("Collab")]),
        ]];
        let mut out = Vec::new();
        write_users_to(&mut out, Path::new("x.jsonl"), Format::JsonLines, &columns, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"userPrincipalName\":\"a@a.example\",\"zzz\":7,\"accountEnabled\":true,\"memberOf\":[\"Collab\"]}\n"
        );
    }
}

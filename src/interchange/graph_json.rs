//! A Microsoft Graph collection response, as `GET /users` returns it:
//! `{"@odata.context": …, "value": [ {user}, … ], "@odata.nextLink"?: …}`, or a bare array of
//! user objects. The objects follow the rules of [`super::json_users`]. Only the users in the
//! file are read: an `@odata.nextLink` is not followed.
//!
//! A user's line is the line where its object starts, found by scanning the document (which
//! serde_json has already accepted) for the start of each element of `value`.

use super::json_users::{JsonRow, Obj, json_message, object_user};
use super::{ImportedUser, UserSink, import_error, io_error};
use crate::Result;
use crate::model::Value;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// The part of a collection response that holds the users; other properties are ignored.
#[derive(Deserialize)]
struct Page {
    value: Vec<Obj>,
}

/// Reads users from a Graph collection response or a bare array of objects.
pub(super) fn read(bytes: &[u8], name: &Path, sink: UserSink<'_>) -> Result<()> {
    let bare = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let parsed = if bare {
        serde_json::from_slice::<Vec<Obj>>(bytes)
    } else {
        serde_json::from_slice::<Page>(bytes).map(|page| page.value)
    };
    let objects = parsed.map_err(|e| import_error(name, e.line().max(1) as u64, json_message(&e)))?;
    let lines = element_lines(bytes);
    for (i, object) in objects.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let (user, soft_deleted) = object_user(object).map_err(|m| import_error(name, line, m))?;
        sink(ImportedUser {
            line,
            user,
            soft_deleted,
        })?;
    }
    Ok(())
}

/// The 1-based lines where the elements of the users array start.
fn element_lines(doc: &[u8]) -> Vec<u64> {
    let offsets = Scanner { doc, at: 0 }.element_offsets();
    let mut lines = Vec::with_capacity(offsets.len());
    let (mut line, mut counted) = (1u64, 0usize);
    for offset in offsets {
        line += doc[counted..offset].iter().filter(|b| **b == b'\n').count() as u64;
        counted = offset;
        lines.push(line);
    }
    lines
}

/// A cursor over a well-formed JSON document that skips values without building them.
struct Scanner<'a> {
    doc: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    /// Byte offsets of the elements of the top-level array, or of the array under the
    /// top-level key `value`.
    fn element_offsets(mut self) -> Vec<usize> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'[') => self.array_elements(),
            Some(b'{') => {
                self.at += 1;
                self.find_value_array()
            }
            _ => Vec::new(),
        }
    }

    /// Walks the top-level object's members to `"value": [`, and lists that array's elements.
    fn find_value_array(&mut self) -> Vec<usize> {
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Vec::new();
            }
            let key_start = self.at;
            self.skip_string();
            let key = serde_json::from_slice::<String>(&self.doc[key_start..self.at]).ok();
            self.skip_whitespace();
            self.at += 1; // ':'
            self.skip_whitespace();
            if key.as_deref() == Some("value") && self.peek() == Some(b'[') {
                return self.array_elements();
            }
            self.skip_value();
            self.skip_whitespace();
            if self.peek() == Some(b',') {
                self.at += 1;
            }
        }
    }

    /// At `[`: the offsets of the array's elements.
    fn array_elements(&mut self) -> Vec<usize> {
        let mut offsets = Vec::new();
        self.at += 1;
        loop {
            self.skip_whitespace();
            match self.peek() {
                None | Some(b']') => return offsets,
                Some(b',') => self.at += 1,
                Some(_) => {
                    offsets.push(self.at);
                    self.skip_value();
                }
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.doc.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// At `"`: past the closing quote.
    fn skip_string(&mut self) {
        self.at += 1;
        while let Some(b) = self.peek() {
            self.at += if b == b'\\' { 2 } else { 1 };
            if b == b'"' {
                return;
            }
        }
    }

    /// Past one value: a string, an object or array (with everything in it), or a scalar.
    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            self.skip_string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.at += 1;
                    if depth == 0 {
                        return;
                    }
                }
            }
            _ => {
                while self.peek().is_some_and(|b| !matches!(b, b',' | b']' | b'}')) {
                    self.at += 1;
                }
            }
        }
    }
}

/// The document export writes: `{"value": [ … ]}`, pretty-printed.
#[derive(Serialize)]
struct PageOut<'a> {
    value: Vec<JsonRow<'a>>,
}

/// Writes `{"value": [...]}` with one object per row.
pub(super) fn write(writer: &mut impl Write, name: &Path, columns: &[String], rows: &[Vec<Value>]) -> Result<()> {
    let page = PageOut {
        value: rows.iter().map(|row| JsonRow { columns, row }).collect(),
    };
    serde_json::to_writer_pretty(&mut *writer, &page).map_err(|e| io_error(name, e.into()))?;
    writer.write_all(b"\n").map_err(|e| io_error(name, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::interchange::{Format, read_users_from};
    use crate::model::Attr;

    fn read_str(text: &str) -> crate::Result<Vec<ImportedUser>> {
        read_users_from(text.as_bytes(), Path::new("users.json"), Format::GraphJson)
    }

    /// A pretty-printed `GET /users` response, with strings that hold brackets and quotes.
    const RESPONSE: &str = r#"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X[1]",
  "note": {"value": [{"nested": "not users"}]},
  "value": [
    {
      "businessPhones": ["+1 425 555 0100"],
      "displayName": "Adele \"Vance\" [R&D]}",
      "givenName": "Adele",
      "jobTitle": "Retail Manager",
      "mail": "AdeleV@contoso.example",
      "mobilePhone": null,
      "officeLocation": "18/2111",
      "preferredLanguage": "en-US",
      "surname": "Vance",
      "userPrincipalName": "AdeleV@contoso.example",
      "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
    },
    {"userPrincipalName": "AlexW@contoso.example", "accountEnabled": true},

    {
      "userPrincipalName": "bob@contoso.example",
      "identities": [{"signInType": "userPrincipalName", "issuer": "contoso.example"}],
      "onPremisesSyncEnabled": null
    }
  ]
}"#;

    #[test]
    fn reads_a_pretty_printed_response_with_element_lines() {
        let users = read_str(RESPONSE).unwrap();
        let lines: Vec<u64> = users.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![6, 19, 21]);
        assert_eq!(users[0].user.upn, "AdeleV@contoso.example");
        assert_eq!(
            users[0].user.values[0],
            (Attr::DisplayName, Value::str("Adele \"Vance\" [R&D]}"))
        );
        assert!(
            users[0]
                .user
                .values
                .contains(&(Attr::TelephoneNumber, Value::str("+1 425 555 0100")))
        );
        assert!(
            users[0]
                .user
                .values
                .contains(&(Attr::PhysicalDeliveryOfficeName, Value::str("18/2111")))
        );
        assert_eq!(users[1].user.values, vec![(Attr::AccountEnabled, Value::Bool(true))]);
    }

    #[test]
    fn a_bad_second_element_reports_its_line() {
        let bad = RESPONSE.replace("\"accountEnabled\": true", "\"accountEnabled\": \"maybe\"");
        match read_str(&bad) {
            Err(Error::Import { line, message, .. }) => {
                assert_eq!(line, 19);
                assert_eq!(message, "`accountEnabled` takes true or false, not \"maybe\"");
            }
            other => panic!("{other:?}"),
        }
        let bad = RESPONSE.replace("\"officeLocation\"", "\"ofice\"");
        assert!(matches!(read_str(&bad), Err(Error::Import { line: 6, .. })));
    }

    #[test]
    fn syntax_errors_report_their_line_and_bare_arrays_work() {
        let broken =
            "{\n  \"value\": [\n    {\"userPrincipalName\": \"a\"},\n    {\"userPrincipalName\" \"b\"}\n  ]\n}";
        match read_str(broken) {
            Err(Error::Import { line, message, .. }) => {
                assert_eq!(line, 4);
                assert!(message.contains("column"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let users = read_str("\n[\n {\"userPrincipalName\": \"a\"},\n {\"upn\": \"b\"}]").unwrap();
        assert_eq!(users.iter().map(|u| u.line).collect::<Vec<_>>(), vec![3, 4]);
        assert!(matches!(read_str("{\"values\": []}"), Err(Error::Import { .. })));
        assert!(read_str("{\"value\": []}").unwrap().is_empty());
    }

    #[test]
    fn writes_a_value_array() {
        let columns = vec!["userPrincipalName".to_owned(), "city".to_owned()];
        let rows = vec![vec![Value::str("a@a.example"), Value::Null]];
        let mut out = Vec::new();
        crate::interchange::write_users_to(&mut out, Path::new("x.json"), Format::GraphJson, &columns, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\n  \"value\": [\n    {\n      \"userPrincipalName\": \"a@a.example\"\n    }\n  ]\n}\n"
        );
    }
}

//! CSV with a header of property names, the layout export writes; and the record loop that
//! Entra's CSV layouts share.

use super::typing::{Cell, Column, UserBuilder, unknown};
use super::{ImportedUser, UserSink, import_error, io_error};
use crate::model::Value;
use crate::{Error, Result};
use csv::StringRecord;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// How a CSV layout names its columns.
pub(super) trait Layout {
    /// True when `first` is a line before the header (Entra's `version:v1.0`).
    fn is_preamble(&self, _first: &StringRecord) -> bool {
        false
    }

    /// The column of each header cell, or what is wrong with the header.
    fn columns(&self, header: &StringRecord) -> Result<Vec<Column>, String>;

    /// True for a data row that only shows how to fill the file in (Entra's `Example:` row).
    fn is_example(&self, _row: &StringRecord) -> bool {
        false
    }
}

/// The header names Graph properties or their aliases, in any case.
struct PropertyNames;

impl Layout for PropertyNames {
    fn columns(&self, header: &StringRecord) -> Result<Vec<Column>, String> {
        let mut columns: Vec<Column> = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("column {} of the header has no name", i + 1));
            }
            let column = Column::of_property(name).ok_or_else(|| unknown("column", name))?;
            if let Some(j) = columns.iter().position(|c| *c == column && *c != Column::Ignore) {
                return Err(format!(
                    "the columns `{}` and `{name}` give the same property",
                    header.get(j).unwrap_or_default().trim()
                ));
            }
            columns.push(column);
        }
        require_upn(&columns)?;
        Ok(columns)
    }
}

/// An error unless one of `columns` is the user principal name.
pub(super) fn require_upn(columns: &[Column]) -> Result<(), String> {
    if columns.contains(&Column::Upn) {
        Ok(())
    } else {
        Err("no `userPrincipalName` column".into())
    }
}

/// Reads users from CSV with a header of property names.
pub(super) fn read(bytes: &[u8], name: &Path, sink: UserSink<'_>) -> Result<()> {
    read_table(bytes, name, &PropertyNames, sink)
}

/// Reads users from CSV in `layout`: the header (after any preamble line), then one user a
/// row. Rows of blank cells are skipped.
pub(super) fn read_table(bytes: &[u8], name: &Path, layout: &impl Layout, sink: UserSink<'_>) -> Result<()> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.into_records();
    let mut next = || records.next().transpose().map_err(|e| csv_read_error(name, bytes, e));
    let mut lines = Lines::new(bytes);
    let Some(mut header) = next()? else {
        return Err(import_error(name, 1, "the file is empty: no header"));
    };
    if layout.is_preamble(&header) {
        let after = lines.of(&header) + 1;
        header = next()?.ok_or_else(|| import_error(name, after, "no header"))?;
    }
    let header_line = lines.of(&header);
    let columns = layout
        .columns(&header)
        .map_err(|m| import_error(name, header_line, m))?;
    while let Some(row) = next()? {
        if row.iter().all(|cell| cell.trim().is_empty()) || layout.is_example(&row) {
            continue;
        }
        let line = lines.of(&row);
        let (user, soft_deleted) = read_row(&header, &columns, &row).map_err(|m| import_error(name, line, m))?;
        sink(ImportedUser {
            line,
            user,
            soft_deleted,
        })?;
    }
    Ok(())
}

/// One data row as a user.
fn read_row(
    header: &StringRecord,
    columns: &[Column],
    row: &StringRecord,
) -> Result<(crate::model::NewUser, bool), String> {
    if row.len() != columns.len() {
        return Err(format!(
            "the row has {} fields, the header has {}",
            row.len(),
            columns.len()
        ));
    }
    let mut builder = UserBuilder::new();
    for ((column, name), cell) in columns.iter().zip(header.iter()).zip(row.iter()) {
        builder.put(*column, name.trim(), Cell::Text(cell))?;
    }
    builder.finish()
}

/// The lines where records start, counted from their byte offsets.
///
/// The csv crate's own `Position::line` is off after blank lines and CRLF line ends: a
/// record's position is where the previous record's terminator ended, before the `\n` of a
/// `\r\n` and any blank lines. So the count skips those bytes and counts `\n` itself.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes before this offset are counted …
    counted: usize,
    /// … and hold this many line ends.
    newlines: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines {
            bytes,
            counted: 0,
            newlines: 0,
        }
    }

    /// The 1-based line where `record` starts (records come in file order).
    fn of(&mut self, record: &StringRecord) -> u64 {
        self.at(record.position().map_or(0, csv::Position::byte))
    }

    /// The 1-based line of the record the csv crate places at `byte`.
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.counted {
            let between = &self.bytes[self.counted..start];
            self.newlines += between.iter().filter(|b| **b == b'\n').count() as u64;
            self.counted = start;
        }
        self.newlines + 1
    }
}

/// A CSV parse error as an import error at its line, or an I/O error.
fn csv_read_error(name: &Path, bytes: &[u8], error: csv::Error) -> Error {
    let line = Lines::new(bytes).at(error.position().map_or(0, csv::Position::byte));
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(e) => io_error(name, e),
        csv::ErrorKind::Utf8 { err, .. } => import_error(
            name,
            line,
            format!("field {} is not valid UTF-8; save the file as UTF-8", err.field() + 1),
        ),
        _ => import_error(name, line, message),
    }
}

/// Writes a header of `columns` and one record a row.
pub(super) fn write(writer: &mut impl Write, name: &Path, columns: &[String], rows: &[Vec<Value>]) -> Result<()> {
    let mut out = csv::Writer::from_writer(writer);
    out.write_record(columns).map_err(|e| csv_write_error(name, e))?;
    for row in rows {
        out.write_record(row.iter().map(|v| cell_text(v).into_owned()))
            .map_err(|e| csv_write_error(name, e))?;
    }
    out.flush().map_err(|e| io_error(name, e))
}

/// A value as one CSV cell: null is empty, lists are `;`-joined.
fn cell_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Str(s) => Cow::Borrowed(s),
        Value::List(items) => Cow::Owned(
            items
                .iter()
                .map(|v| cell_text(v).into_owned())
                .collect::<Vec<_>>()
                .join(";"),
        ),
        other => Cow::Owned(other.to_string()),
    }
}

/// A CSV write error as an I/O error, or as invalid input.
fn csv_write_error(name: &Path, error: csv::Error) -> Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(e) => io_error(name, e),
        _ => Error::invalid(format!("cannot write {}: {message}", name.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{Format, read_users_from, write_users_to};
    use crate::model::Attr;

    fn read_str(text: &str) -> Result<Vec<ImportedUser>> {
        read_users_from(text.as_bytes(), Path::new("users.csv"), Format::Csv)
    }

    fn import_failure(text: &str) -> (u64, String) {
        match read_str(text) {
            Err(Error::Import { line, message, .. }) => (line, message),
            other => panic!("expected an import error, got {other:?}"),
        }
    }

    #[test]
    fn reads_property_names_and_aliases_in_any_case() {
        let text = "UPN,displayname,Office,accountEnabled,userType,manager,id,memberOf\n\
                    annie@a.example,Annie Adams,B1,yes,guest,bob@a.example,x,Collab\n\
                    \n\
                    bob@a.example,,,,,,,\n";
        let users = read_str(text).unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].line, 2);
        assert_eq!(users[0].user.upn, "annie@a.example");
        assert_eq!(
            users[0].user.values,
            vec![
                (Attr::DisplayName, Value::str("Annie Adams")),
                (Attr::PhysicalDeliveryOfficeName, Value::str("B1")),
                (Attr::AccountEnabled, Value::Bool(true)),
                (Attr::UserType, Value::str("Guest")),
                (Attr::Manager, Value::str("bob@a.example")),
            ]
        );
        assert_eq!(users[1].line, 4);
        assert!(users[1].user.values.is_empty());
        assert!(!users[1].soft_deleted);
    }

    #[test]
    fn quoted_newlines_keep_line_numbers_right() {
        let text = "userPrincipalName,streetAddress,accountEnabled\r\n\
                    a@a.example,\"1 Main St\r\nFloor 2\",true\r\n\
                    b@a.example,\"x\",maybe\r\n";
        assert_eq!(
            import_failure(text),
            (4, "`accountEnabled` takes true or false, not \"maybe\"".into())
        );
        let users = read_str(&text.replace("maybe", "no")).unwrap();
        assert_eq!(users[0].user.values[0].1, Value::str("1 Main St\r\nFloor 2"));
        assert_eq!((users[0].line, users[1].line), (2, 4));
    }

    #[test]
    fn blank_lines_and_crlf_do_not_shift_lines() {
        let text = "\r\n\r\nupn,city\r\n\r\n\r\na,Oslo\r\n,\r\nb,x\n\nc,Bergen\r\nd\r\n";
        let (line, message) = import_failure(text);
        assert_eq!((line, message.as_str()), (11, "the row has 1 fields, the header has 2"));
        let users = read_str(&text.replace("\r\nd\r\n", "\r\n")).unwrap();
        assert_eq!(users.iter().map(|u| u.line).collect::<Vec<_>>(), vec![6, 8, 10]);
        let (line, _) = import_failure("\n\ncity\n");
        assert_eq!(line, 3);
    }

    #[test]
    fn bad_bool_on_line_3() {
        let text = "userPrincipalName,accountEnabled\na@a.example,true\nb@a.example,maybe\n";
        assert_eq!(
            import_failure(text),
            (3, "`accountEnabled` takes true or false, not \"maybe\"".into())
        );
        let err = read_str(text).unwrap_err().to_string();
        assert_eq!(
            err,
            "users.csv, line 3: `accountEnabled` takes true or false, not \"maybe\" \
             (nothing was imported)"
        );
    }

    #[test]
    fn header_errors_are_on_line_1() {
        assert_eq!(
            import_failure("displayName,city\nAnnie,Oslo\n"),
            (1, "no `userPrincipalName` column".into())
        );
        assert_eq!(
            import_failure("userPrincipalName,departmnt\na,R&D\n"),
            (1, "unknown column `departmnt` (did you mean `department`?)".into())
        );
        let (line, message) = import_failure("userPrincipalName,usageLocation\na,US\n");
        assert_eq!(line, 1);
        assert!(message.contains("mtodir does not keep"), "{message}");
        assert_eq!(
            import_failure("upn,office,physicalDeliveryOfficeName\n"),
            (
                1,
                "the columns `office` and `physicalDeliveryOfficeName` give the same property".into()
            )
        );
        assert_eq!(import_failure(""), (1, "the file is empty: no header".into()));
    }

    #[test]
    fn row_errors_carry_their_line() {
        assert_eq!(
            import_failure("upn,city\na,Oslo\nb\n"),
            (3, "the row has 1 fields, the header has 2".into())
        );
        assert_eq!(
            import_failure("upn,city\na,Oslo\n ,Bergen\n"),
            (3, "`userPrincipalName` is blank".into())
        );
        assert_eq!(
            import_failure("upn,userType\na,Owner\n"),
            (2, "`userType` takes Member or Guest, not \"Owner\"".into())
        );
    }

    #[test]
    fn soft_deletion_and_b2b_columns_are_read() {
        let text = "userPrincipalName,source,alternativeSecurityIds,isSoftDeleted,deletedDateTime\n\
                    x_b.example#EXT#@a.example,b2b,\
                    11111111-1111-1111-1111-111111111111/22222222-2222-2222-2222-222222222222,\
                    true,2026-01-01T00:00:00Z\n\
                    a@a.example,internal,,false,\n";
        let users = read_str(text).unwrap();
        assert!(users[0].soft_deleted);
        assert!(users[0].user.b2b.is_some());
        assert!(!users[1].soft_deleted);
        assert_eq!(users[1].user.b2b, None);
    }

    #[test]
    fn byte_order_mark_and_utf16_are_handled() {
        let users = read_str("\u{feff}userPrincipalName\na@a.example\n").unwrap();
        assert_eq!(users[0].user.upn, "a@a.example");
        let utf16 = [0xFF, 0xFE, b'u', 0];
        let err = read_users_from(&utf16[..], Path::new("u.csv"), Format::Csv).unwrap_err();
        assert!(matches!(err, Error::Import { line: 1, .. }), "{err}");
        let bad = b"userPrincipalName,city\na,ok\nb,\xff\n";
        let err = read_users_from(&bad[..], Path::new("u.csv"), Format::Csv).unwrap_err();
        assert!(matches!(err, Error::Import { line: 3, .. }), "{err}");
    }

    #[test]
    fn writes_a_header_and_quotes_what_needs_it() {
        let columns: Vec<String> = ["userPrincipalName", "displayName", "accountEnabled", "memberOf"]
            .map(String::from)
            .to_vec();
        let rows = vec![vec![
            Value::str("a@a.example"),
            Value::str("Adams, \"Annie\""),
            Value::Bool(false),
            Value::List(vec![Value::str("Collab"), Value::str("R&D")]),
        ]];
        let mut out = Vec::new();
        write_users_to(&mut out, Path::new("x.csv"), Format::Csv, &columns, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "userPrincipalName,displayName,accountEnabled,memberOf\n\
             a@a.example,\"Adams, \"\"Annie\"\"\",false,Collab;R&D\n"
        );
    }
}

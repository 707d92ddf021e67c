//! Tests across formats: resolving the format, files on disk, and export → import round trips.

use super::*;
use crate::model::{Attr, AttrKind, Home};
use uuid::Uuid;

/// The text of a settable attribute's test value: accents, commas, quotes, newlines.
fn sample(attr: Attr, n: usize) -> Value {
    match attr.kind() {
        AttrKind::Bool => Value::Bool(n % 2 == 0),
        AttrKind::UserType => Value::str(if n % 2 == 0 { "Guest" } else { "Member" }),
        AttrKind::UserRef => Value::str(format!("manager{n}@a.example")),
        _ => Value::str(format!("José {n}, \"{attr}\"\nline 2; ünïcødé ✓")),
    }
}

/// Users with every settable attribute set (one internal, one B2B and soft-deleted, one with
/// only its UPN), as export rows over every attribute, and as the users import must return.
fn sample_export() -> (Vec<String>, Vec<Vec<Value>>, Vec<ImportedUser>) {
    let columns: Vec<String> = Attr::stored().iter().map(|a| a.name().to_owned()).collect();
    let home = Home {
        tenant: Uuid::from_u128(0x1111),
        object: Uuid::from_u128(0x2222),
    };
    let mut rows = Vec::new();
    let mut expected = Vec::new();
    for n in 0..3 {
        let upn = format!("user{n}@a.example");
        let b2b = n == 1;
        let mut values = Vec::new();
        let row = Attr::stored()
            .iter()
            .map(|&attr| match attr {
                Attr::UserPrincipalName => Value::str(&upn),
                Attr::Id => Value::str(Uuid::from_u128(n as u128).to_string()),
                Attr::Tenant => Value::str("A"),
                Attr::Source => Value::str(if b2b { "b2b" } else { "internal" }),
                Attr::HomeTenant if b2b => Value::str("B"),
                Attr::AlternativeSecurityIds if b2b => {
                    Value::List(vec![Value::str(format!("{}/{}", home.tenant, home.object))])
                }
                Attr::AlternativeSecurityIds => Value::List(Vec::new()),
                Attr::MemberOf => Value::List(vec![Value::str("Collab"), Value::str("R&D, \"x\"")]),
                Attr::IsSoftDeleted => Value::Bool(b2b),
                Attr::CreatedDateTime => Value::str("2026-01-02T03:04:05Z"),
                Attr::DeletedDateTime if b2b => Value::str("2026-02-03T04:05:06Z"),
                a if a.settable() && n < 2 => {
                    let value = sample(a, n);
                    values.push((a, value.clone()));
                    value
                }
                _ => Value::Null,
            })
            .collect();
        rows.push(row);
        let user = NewUser {
            upn,
            values,
            b2b: b2b.then_some(home),
        };
        expected.push(ImportedUser {
            line: 0,
            user,
            soft_deleted: b2b,
        });
    }
    (columns, rows, expected)
}

/// Writes the sample in `format` and reads it back; lines are checked by the caller.
fn round_trip(format: Format, file: &str) -> (String, Vec<ImportedUser>, Vec<ImportedUser>) {
    let (columns, rows, expected) = sample_export();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    write_users(&path, format, &columns, &rows).unwrap();
    let resolved = Format::resolve(&path, None).unwrap();
    assert_eq!(resolved, format);
    let text = std::fs::read_to_string(&path).unwrap();
    let read = read_users(&path, resolved).unwrap();
    (text, read, expected)
}

fn without_lines(users: &[ImportedUser]) -> Vec<(NewUser, bool)> {
    users.iter().map(|u| (u.user.clone(), u.soft_deleted)).collect()
}

#[test]
fn csv_round_trip() {
    let (text, read, expected) = round_trip(Format::Csv, "users.csv");
    assert_eq!(without_lines(&read), without_lines(&expected));
    // Each user starts on the line after the previous one's embedded newlines.
    let per_user = 1 + Attr::stored()
        .iter()
        .filter(|a| a.settable() && a.kind() == AttrKind::Text)
        .count() as u64
        - 1;
    assert_eq!(read[0].line, 2);
    assert_eq!(read[1].line, 2 + per_user, "{text}");
    assert_eq!(read[2].line, 2 + 2 * per_user);
}

#[test]
fn json_lines_round_trip() {
    let (text, read, expected) = round_trip(Format::JsonLines, "users.jsonl");
    assert_eq!(without_lines(&read), without_lines(&expected));
    assert_eq!(read.iter().map(|u| u.line).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn graph_json_round_trip() {
    let (text, read, expected) = round_trip(Format::GraphJson, "users.json");
    assert_eq!(without_lines(&read), without_lines(&expected));
    let starts: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "    {")
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(read.iter().map(|u| u.line).collect::<Vec<_>>(), starts);
}

#[test]
fn entra_download_files_are_recognised_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exportUsers_2026-1-2.csv");
    std::fs::write(&path, "\u{feff}User principal name,Display name\na@a.example,A\n").unwrap();
    assert_eq!(Format::resolve(&path, None).unwrap(), Format::EntraCsv);
    assert_eq!(Format::resolve(&path, Some("CSV")).unwrap(), Format::Csv);
    let users = read_users(&path, Format::EntraCsv).unwrap();
    assert_eq!(users[0].user.values, vec![(Attr::DisplayName, Value::str("A"))]);
    let template = dir.path().join("UserCreateTemplate.csv");
    std::fs::write(&template, "version:v1.0\nUser name [userPrincipalName] Required\n").unwrap();
    assert_eq!(Format::resolve(&template, None).unwrap(), Format::EntraCsv);
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "userPrincipalName,displayName\n").unwrap();
    assert_eq!(Format::resolve(&plain, None).unwrap(), Format::Csv);
    assert_eq!(Format::resolve(&dir.path().join("new.csv"), None).unwrap(), Format::Csv);
}

#[test]
fn formats_come_from_words_or_extensions() {
    let p = Path::new;
    assert_eq!(Format::resolve(p("a.JSONL"), None).unwrap(), Format::JsonLines);
    assert_eq!(Format::resolve(p("a.ndjson"), None).unwrap(), Format::JsonLines);
    assert_eq!(Format::resolve(p("a.json"), None).unwrap(), Format::GraphJson);
    assert_eq!(Format::resolve(p("a.txt"), Some("entra")).unwrap(), Format::EntraCsv);
    assert_eq!(Format::resolve(p("a.csv"), Some("Json")).unwrap(), Format::GraphJson);
    let err = Format::resolve(p("a.txt"), None).unwrap_err().to_string();
    assert!(err.contains("format csv"), "{err}");
    let err = Format::resolve(p("a.csv"), Some("jsnl")).unwrap_err().to_string();
    assert!(err.contains("did you mean `jsonl`"), "{err}");
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    match read_users(&missing, Format::Csv) {
        Err(Error::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("{other:?}"),
    }
    let nowhere = dir.path().join("no/such/dir/out.csv");
    let columns = vec!["userPrincipalName".to_owned()];
    assert!(matches!(
        write_users(&nowhere, Format::Csv, &columns, &[]),
        Err(Error::Io { .. })
    ));
    let bad_row = vec![vec![Value::str("a"), Value::str("b")]];
    let out = dir.path().join("out.csv");
    assert!(matches!(
        write_users(&out, Format::Csv, &columns, &bad_row),
        Err(Error::Invalid { .. })
    ));
    assert!(!out.exists(), "a failed export leaves no file");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nor a temporary one");
}

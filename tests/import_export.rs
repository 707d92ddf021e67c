//! Round trips through the language: `export users of tenant A to FILE` then `import users
//! into tenant A from FILE` of a new database, in every format; Entra's CSV files; bad lines
//! reported by their line; and export files that do not depend on how the CLI prints rows.

mod common;

use common::{count, demo, empty, error, fingerprint, mails, one, property, rows, text, upns};
use mtodir::model::{Attr, Home, NewUser, Value};
use mtodir::{Batch, Directory, Error, Session};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// What must survive a round trip: every settable attribute (the manager as a UPN), the
/// tenant, where the user comes from (source, B2B home identity) and the soft-deleted state.
/// Not compared: the object id, timestamps and group memberships (a new database has its
/// own), and `homeTenant`, which names a tenant of the source database.
fn compared_fields() -> String {
    let mut names: Vec<&str> = Attr::stored()
        .iter()
        .filter(|a| a.settable())
        .map(|a| a.name())
        .collect();
    names.extend(["tenant", "source", "alternativeSecurityIds", "isSoftDeleted"]);
    names.join(", ")
}

/// Every user of a tenant with the compared fields, by UPN.
fn users_of(s: &mut Session<'_>, tenant: &str) -> Vec<Vec<String>> {
    let r = rows(
        s,
        &format!(
            "find users in tenant {tenant} order by userPrincipalName limit 100000 fields {}",
            compared_fields()
        ),
    );
    let mut out = vec![r.columns.clone()];
    out.extend(r.rows.iter().map(|row| row.iter().map(|v| format!("{v:?}")).collect()));
    out
}

/// The demo, plus what a round trip must carry beyond it: a B2B member of A whose home is B,
/// a soft-deleted B2B guest from C, a soft-deleted internal user with a manager, a disabled
/// account, and values with commas, quotes, a line break and surrounding spaces.
fn source() -> (TempDir, Directory) {
    let (dir, directory) = demo();
    {
        let mut s = directory.session();
        let b = s.tenant("B").unwrap().id;
        let bob = s.user("B", "bob@b.example").unwrap().id;
        let c = s.tenant("C").unwrap().id;
        let charlie = s.user("C", "charlie@c.example").unwrap().id;
        let bob_in_a = NewUser {
            upn: "bob_b.example#EXT#@a.example".into(),
            values: vec![
                (Attr::DisplayName, Value::str("Bob Baker")),
                (Attr::GivenName, Value::str("Bob")),
                (Attr::Surname, Value::str("Baker")),
                (Attr::Mail, Value::str("bob@b.example")),
                (Attr::UserType, Value::str("Member")),
                (Attr::ShowInAddressList, Value::Bool(true)),
                (Attr::JobTitle, Value::str("Senior Account Manager")),
                (Attr::Department, Value::str("Sales")),
                (Attr::Country, Value::str("GB")),
            ],
            b2b: Some(Home { tenant: b, object: bob }),
        };
        s.create_user("A", &bob_in_a).unwrap();
        let charlie_in_a = NewUser {
            upn: "charlie_c.example#EXT#@a.example".into(),
            values: vec![(Attr::DisplayName, Value::str("Charlie Chen"))],
            b2b: Some(Home {
                tenant: c,
                object: charlie,
            }),
        };
        s.create_user("A", &charlie_in_a).unwrap();
        s.execute_script(
            "update user bob_b.example#EXT#@a.example in tenant A set manager = annie@a.example;
             delete user charlie_c.example#EXT#@a.example in tenant A;
             delete user joy.adeyemi@a.example in tenant A;
             update user mei.chen@a.example in tenant A set accountEnabled = false,
               jobTitle = \"Chief \\\"Executive\\\" Officer, Contoso\", city = \"  Redmond  \";",
        )
        .unwrap();
        s.update_user(
            "A",
            "annie@a.example",
            &[(Attr::StreetAddress, Value::str("500 Pine Street\nFloor 12"))],
        )
        .unwrap();
    }
    (dir, directory)
}

/// A new database with tenants A and B on the demo's domains.
fn target(dir: &TempDir, name: &str) -> Directory {
    let directory = Directory::open(dir.path().join(name)).unwrap();
    directory
        .session()
        .execute_script(
            "create tenant A name \"Contoso\" domain a.example; create tenant B name \"Fabrikam\" domain b.example",
        )
        .unwrap();
    directory
}

fn file(dir: &TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// Exports A and B in `ext`, imports them into a new database, and checks every user.
fn round_trip(ext: &str) {
    let (dir, directory) = source();
    let mut s = directory.session();
    let (a, b) = (file(&dir, &format!("a.{ext}")), file(&dir, &format!("b.{ext}")));
    let m = text(&mut s, &format!("export users of tenant A to \"{}\"", a.display()));
    assert_eq!(m, format!("exported 23 users of tenant A to {}", a.display()));
    one(&mut s, &format!("export users of tenant B to \"{}\"", b.display()));

    let copy = target(&dir, "copy.redb");
    let mut t = copy.session();
    let m = text(&mut t, &format!("import users into tenant A from \"{}\"", a.display()));
    assert_eq!(m, format!("imported 23 users into tenant A from {}", a.display()));
    one(&mut t, &format!("import users into tenant B from \"{}\"", b.display()));
    for tenant in ["A", "B"] {
        assert_eq!(
            users_of(&mut t, tenant),
            users_of(&mut s, tenant),
            "{ext}: tenant {tenant}"
        );
        for view in ["people", "address list", "users"] {
            let statement = format!("count {view} in tenant {tenant}");
            assert_eq!(
                count(&mut t, &statement),
                count(&mut s, &statement),
                "{ext}: {statement}"
            );
        }
    }
    // Spot checks of what the comparison covers.
    let bob = "bob_b.example#EXT#@a.example";
    assert_eq!(property(&mut t, bob, "A", "source"), "b2b");
    assert_eq!(
        property(&mut t, bob, "A", "alternativeSecurityIds"),
        format!(
            "{}/{}",
            s.tenant("B").unwrap().id,
            s.user("B", "bob@b.example").unwrap().id
        )
    );
    assert_eq!(property(&mut t, bob, "A", "manager"), "annie@a.example");
    assert_eq!(
        mails(&mut t, "search people in tenant A for \"bob\""),
        ["bob@b.example"]
    );
    assert_eq!(
        property(&mut t, "charlie_c.example#EXT#@a.example", "A", "isSoftDeleted"),
        "true"
    );
    assert_eq!(property(&mut t, "joy.adeyemi@a.example", "A", "isSoftDeleted"), "true");
    assert_eq!(
        property(&mut t, "joy.adeyemi@a.example", "A", "manager"),
        "ines.nunez@a.example"
    );
    assert_eq!(
        property(&mut t, "baerbel.schmitt@b.example", "B", "manager"),
        "barbara@b.example"
    );
    assert_eq!(property(&mut t, "mei.chen@a.example", "A", "accountEnabled"), "false");
    assert_eq!(property(&mut t, "mei.chen@a.example", "A", "city"), "  Redmond  ");
    assert_eq!(
        property(&mut t, "mei.chen@a.example", "A", "jobTitle"),
        "Chief \"Executive\" Officer, Contoso"
    );
    assert_eq!(
        property(&mut t, "annie@a.example", "A", "streetAddress"),
        "500 Pine Street\nFloor 12"
    );
    assert_eq!(property(&mut t, "barry.oneill@b.example", "B", "userType"), "Guest");
    assert_eq!(
        property(&mut t, "bookings@b.example", "B", "showInAddressList"),
        "false"
    );
}

#[test]
fn json_lines_round_trip_keeps_every_user() {
    round_trip("jsonl");
}

#[test]
fn csv_round_trip_keeps_every_user() {
    round_trip("csv");
}

#[test]
fn graph_json_round_trip_keeps_every_user() {
    round_trip("json");
}

#[test]
fn an_explicit_format_overrides_the_extension() {
    let (dir, directory) = source();
    let mut s = directory.session();
    let path = file(&dir, "a-users.txt");
    let e = error(&mut s, &format!("export users of tenant A to \"{}\"", path.display()));
    assert!(e.to_string().contains("format"), "{e}");
    assert!(!path.exists());
    one(
        &mut s,
        &format!("export users of tenant A to \"{}\" format jsonl", path.display()),
    );
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with('{'), "{first}");
    assert_eq!(first.lines().count(), 23);
    let copy = target(&dir, "copy.redb");
    let mut t = copy.session();
    one(
        &mut t,
        &format!("import users into tenant A from \"{}\" format JSONL", path.display()),
    );
    assert_eq!(users_of(&mut t, "A"), users_of(&mut s, "A"));
}

#[test]
fn graph_json_export_is_a_collection_response_with_graph_names() {
    let (dir, directory) = source();
    let mut s = directory.session();
    let path = file(&dir, "b.json");
    one(&mut s, &format!("export users of tenant B to \"{}\"", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let users = doc["value"].as_array().expect("a `value` array");
    assert_eq!(users.len(), 5);
    let bob = users
        .iter()
        .find(|u| u["userPrincipalName"] == "bob@b.example")
        .expect("Bob");
    assert_eq!(bob["displayName"], "Bob Baker");
    assert_eq!(bob["accountEnabled"], true);
    assert_eq!(bob["manager"], "barbara@b.example");
    assert_eq!(bob["memberOf"], serde_json::json!(["Collab"]));
    assert!(bob.get("homeTenant").is_none(), "nulls are left out: {bob}");
    let barbel = users
        .iter()
        .find(|u| u["userPrincipalName"] == "baerbel.schmitt@b.example")
        .expect("Bärbel");
    assert_eq!(barbel["isSoftDeleted"], true);
    assert!(barbel["deletedDateTime"].is_string());
}

#[test]
fn importing_the_same_file_twice_fails_on_its_first_user_and_imports_nothing() {
    let (dir, directory) = source();
    let mut s = directory.session();
    let path = file(&dir, "b.jsonl");
    one(&mut s, &format!("export users of tenant B to \"{}\"", path.display()));
    let copy = target(&dir, "copy.redb");
    let mut t = copy.session();
    let import = format!("import users into tenant B from \"{}\"", path.display());
    one(&mut t, &import);
    let before = fingerprint(&mut t);
    match error(&mut t, &import) {
        Error::Import { line, message, .. } => {
            assert_eq!(line, 1);
            assert!(message.contains("already exists"), "{message}");
        }
        other => panic!("expected an import error, not {other:?}"),
    }
    assert_eq!(fingerprint(&mut t), before);
}

#[test]
fn an_import_needs_the_domains_of_its_upns() {
    let (dir, directory) = source();
    let mut s = directory.session();
    let path = file(&dir, "a.csv");
    one(&mut s, &format!("export users of tenant A to \"{}\"", path.display()));
    let other = Directory::open(file(&dir, "other.redb")).unwrap();
    let mut t = other.session();
    one(&mut t, "create tenant Z name \"Zeta\" domain z.example");
    let e = error(
        &mut t,
        &format!("import users into tenant Z from \"{}\"", path.display()),
    );
    match &e {
        Error::Import { line, message, .. } => {
            assert_eq!(*line, 2, "the first user, after the header");
            assert!(message.contains("not a verified domain of tenant Z"), "{message}");
        }
        other => panic!("expected an import error, not {other:?}"),
    }
    assert_eq!(count(&mut t, "count users in tenant Z"), 0);
}

#[test]
fn a_tenant_admin_exports_and_imports_its_own_tenant_without_naming_it() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    let path = file(&dir, "mine.csv");
    let m = text(&mut s, &format!("export users to \"{}\"", path.display()));
    assert!(m.contains("exported 5 users of tenant B"), "{m}");
    let copy = target(&dir, "copy.redb");
    let mut t = copy.session();
    one(&mut t, "use tenant B");
    let m = text(&mut t, &format!("import users from \"{}\"", path.display()));
    assert!(m.contains("imported 5 users into tenant B"), "{m}");
    assert_eq!(mails(&mut t, "search people"), ["barbara@b.example", "bob@b.example"]);
}

#[test]
fn an_export_to_a_missing_folder_is_an_io_error_naming_the_file() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let path = dir.path().join("missing").join("a.jsonl");
    match error(&mut s, &format!("export users of tenant A to \"{}\"", path.display())) {
        Error::Io { path: p, .. } => assert_eq!(p, path),
        other => panic!("expected an I/O error, not {other:?}"),
    }
    let e = error(
        &mut s,
        &format!("import users into tenant A from \"{}\"", path.display()),
    );
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("a.jsonl"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Entra admin center files

/// A "Download users" file as the Entra admin center writes it: a BOM, human headers, columns
/// mtodir does not keep, `True`/`No` booleans, and a mobile phone standing in for an empty
/// office phone.
const DOWNLOAD: &str = "\u{feff}User principal name,Display name,Surname,Mail,Given name,Object Id,User type,\
Job title,Department,Account enabled,Usage location,Street address,State or province,Country or region,Office,\
City,ZIP or postal code,Office phone,Mobile phone,Alternate email address,Age group,Consent provided for minor,\
Legal age group classification,Company name,Creation type,Directory synced,Invitation state,Identity issuer,\
Created date time
annie@contoso.example,Annie Adams,Adams,annie@contoso.example,Annie,0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6,Member,\
Engineer,R&D,True,US,\"1 Main St, Suite 2\",WA,United States,B1,Seattle,98052,+1 425 555 0100,+1 425 555 0199,,,,,\
Contoso,,,,contoso.example,2024-03-01T10:00:00Z
bob_fabrikam.example#EXT#@contoso.example,Bob Baker,Baker,bob@fabrikam.example,Bob,\
9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0,Guest,,,No,,,,,,,,,+47 555 0101,,,,,,Invitation,,Accepted,ExternalAzureAD,\
2024-04-01T10:00:00Z
carla@contoso.example,Carla Diaz,Diaz,carla@contoso.example,Carla,4a5b6c7d-0000-4000-8000-000000000003,Member,\
Buyer,Sales,True,ES,Calle 1,Madrid,Spain,M1,Madrid,28001,,+34 600 000 000,,,,,Contoso,,,,contoso.example,\
2024-05-01T10:00:00Z
";

#[test]
fn an_entra_download_users_file_imports_by_its_headers() {
    let (dir, directory) = empty();
    let mut s = directory.session();
    one(&mut s, "create tenant T name \"Contoso\" domain contoso.example");
    let path = file(&dir, "exportUsers_2024-06-01.csv");
    std::fs::write(&path, DOWNLOAD).unwrap();
    let m = text(
        &mut s,
        &format!("import users into tenant T from \"{}\"", path.display()),
    );
    assert!(m.contains("imported 3 users"), "{m}");
    let annie = common::user(&mut s, "annie@contoso.example", "T");
    let get = |name: &str| annie.iter().find(|(c, _)| c == name).map(|(_, v)| v.as_str()).unwrap();
    assert_eq!(get("displayName"), "Annie Adams");
    assert_eq!(get("jobTitle"), "Engineer");
    assert_eq!(get("department"), "R&D");
    assert_eq!(get("streetAddress"), "1 Main St, Suite 2");
    assert_eq!(get("state"), "WA");
    assert_eq!(get("country"), "United States");
    assert_eq!(get("physicalDeliveryOfficeName"), "B1");
    assert_eq!(get("postalCode"), "98052");
    assert_eq!(get("telephoneNumber"), "+1 425 555 0100");
    assert_eq!(get("accountEnabled"), "true");
    let bob = "bob_fabrikam.example#EXT#@contoso.example";
    assert_eq!(property(&mut s, bob, "T", "userType"), "Guest");
    assert_eq!(property(&mut s, bob, "T", "accountEnabled"), "false");
    assert_eq!(property(&mut s, bob, "T", "telephoneNumber"), "+47 555 0101");
    assert_eq!(property(&mut s, bob, "T", "mail"), "bob@fabrikam.example");
    assert_eq!(
        property(&mut s, "carla@contoso.example", "T", "telephoneNumber"),
        "+34 600 000 000"
    );
    assert_eq!(
        mails(&mut s, "search people in tenant T"),
        ["annie@contoso.example", "carla@contoso.example"]
    );
    assert_eq!(upns(&mut s, "find users in tenant T where userType = Guest"), [bob]);
}

#[test]
fn an_entra_bulk_create_template_imports_with_format_entra() {
    let (dir, directory) = empty();
    let mut s = directory.session();
    one(&mut s, "create tenant T domain contoso.example");
    let path = file(&dir, "bulk.csv");
    std::fs::write(
        &path,
        "version:v1.0,,,,,,\n\
         Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,\
Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle]\n\
         Example: Chris Green,chris@contoso.com,myPassword1234,No,Chris,Green,IT Manager\n\
         Dan Ek,dan@contoso.example,Pa55word!,Yes,Dan,Ek,Buyer\n\
         Eva Lund,eva@contoso.example,Pa55word!,No,Eva,Lund,\n",
    )
    .unwrap();
    one(
        &mut s,
        &format!("import users into tenant T from \"{}\" format entra", path.display()),
    );
    assert_eq!(
        upns(&mut s, "find users in tenant T"),
        ["dan@contoso.example", "eva@contoso.example"]
    );
    assert_eq!(property(&mut s, "dan@contoso.example", "T", "accountEnabled"), "false");
    assert_eq!(property(&mut s, "eva@contoso.example", "T", "accountEnabled"), "true");
    assert_eq!(property(&mut s, "dan@contoso.example", "T", "jobTitle"), "Buyer");
}

// ---------------------------------------------------------------------------------------------
// Bad lines

/// Imports `content` as `name` into B of the demo; returns the line and message of the error,
/// after checking that nothing changed.
fn bad_import(name: &str, content: &str) -> (u64, String) {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let path = file(&dir, name);
    std::fs::write(&path, content).unwrap();
    let e = error(
        &mut s,
        &format!("import users into tenant B from \"{}\"", path.display()),
    );
    let shown = e.to_string();
    assert!(shown.contains(name), "the error names the file: {shown}");
    assert!(shown.contains("nothing was imported"), "{shown}");
    assert_eq!(fingerprint(&mut s), before, "{name}");
    match e {
        Error::Import { line, message, .. } => (line, message),
        other => panic!("expected an import error, not {other:?}"),
    }
}

#[test]
fn a_bad_csv_row_reports_its_line() {
    let (line, message) = bad_import(
        "bad.csv",
        "userPrincipalName,displayName,accountEnabled\n\
         one@b.example,One,true\n\
         two@b.example,Two,maybe\n",
    );
    assert_eq!(line, 3);
    assert!(message.contains("true or false"), "{message}");
}

#[test]
fn a_bad_csv_row_after_a_multi_line_cell_reports_the_line_where_it_starts() {
    let (line, message) = bad_import(
        "multi.csv",
        "userPrincipalName,streetAddress,userType\n\
         one@b.example,\"1 Main St\nFloor 2\",Member\n\
         \n\
         two@b.example,,Owner\n",
    );
    assert_eq!(line, 5, "{message}");
}

#[test]
fn a_bad_csv_row_with_crlf_line_ends_reports_its_line() {
    let (line, message) = bad_import(
        "crlf.csv",
        "userPrincipalName,displayName\r\none@b.example,One\r\ntwo@b.example,Two,extra\r\n",
    );
    assert_eq!(line, 3, "{message}");
    assert!(message.contains("fields"), "{message}");
}

#[test]
fn an_unknown_csv_column_reports_the_header_line_and_suggests() {
    let (line, message) = bad_import("header.csv", "userPrincipalName,departmnt\none@b.example,Sales\n");
    assert_eq!(line, 1);
    assert!(message.contains("did you mean `department`"), "{message}");
}

#[test]
fn a_bad_json_line_reports_its_line() {
    let (line, message) = bad_import(
        "bad.jsonl",
        "{\"userPrincipalName\": \"one@b.example\"}\n\
         \n\
         {\"userPrincipalName\": \"two@b.example\", \"accountEnabled\": \"maybe\"}\n",
    );
    assert_eq!(line, 3);
    assert!(message.contains("true or false"), "{message}");
    let (line, _) = bad_import(
        "broken.jsonl",
        "{\"userPrincipalName\": \"one@b.example\"}\n{\"userPrincipalName\": \"two@b.example\"\n",
    );
    assert_eq!(line, 2);
}

#[test]
fn a_bad_user_of_a_graph_response_reports_the_line_where_its_object_starts() {
    let (line, message) = bad_import(
        "bad.json",
        "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\",\n  \"value\": [\n    {\n      \
         \"userPrincipalName\": \"one@b.example\"\n    },\n    {\n      \"userPrincipalName\": \"two@b.example\",\n      \
         \"userType\": \"Owner\"\n    }\n  ]\n}\n",
    );
    assert_eq!(line, 7);
    assert!(message.contains("Member or Guest"), "{message}");
}

#[test]
fn a_directory_rule_broken_by_a_json_user_reports_its_line() {
    let (line, message) = bad_import(
        "rule.jsonl",
        "{\"userPrincipalName\": \"one@b.example\", \"manager\": \"two@b.example\"}\n\
         {\"userPrincipalName\": \"two@b.example\"}\n\
         {\"userPrincipalName\": \"three@b.example\", \"manager\": \"annie@a.example\"}\n",
    );
    assert_eq!(line, 3);
    assert!(message.contains("not a user of tenant B"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Export files do not depend on how the CLI prints rows

#[test]
fn export_files_are_the_same_whatever_the_output_format() {
    let (dir, directory) = source();
    drop(directory);
    let db = common::db_path(&dir);
    let mut contents = Vec::new();
    for (mode, ext) in [
        ("table", "jsonl"),
        ("json", "jsonl"),
        ("csv", "jsonl"),
        ("table", "csv"),
        ("json", "csv"),
        ("csv", "csv"),
    ] {
        let path = file(&dir, &format!("{mode}.{ext}"));
        let out = Command::new(env!("CARGO_BIN_EXE_mtodir"))
            .arg(&db)
            .arg("--format")
            .arg(mode)
            .arg("-c")
            .arg(format!("export users of tenant A to \"{}\"", path.display()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        contents.push((ext, std::fs::read(&path).unwrap()));
    }
    for (ext, bytes) in &contents {
        let first = &contents.iter().find(|(e, _)| e == ext).unwrap().1;
        assert_eq!(bytes, first, "{ext} exports differ with --format");
    }
    // And the same as the library writes.
    let directory = Directory::open(&db).unwrap();
    let path = file(&dir, "library.jsonl");
    one(
        &mut directory.session(),
        &format!("export users of tenant A to \"{}\"", path.display()),
    );
    assert_eq!(std::fs::read(&path).unwrap(), contents[0].1);
    assert_no_temporary_files(dir.path());
}

fn assert_no_temporary_files(folder: &Path) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains("mtodir-tmp"), "a temporary file was left: {name}");
    }
}

#[test]
fn a_upn_repeated_inside_one_import_fails_on_its_line_whatever_the_case() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let path = dir.path().join("twice.csv");
    std::fs::write(
        &path,
        "userPrincipalName,displayName\nnew.one@b.example,New One\nnew.two@b.example,New Two\nNEW.ONE@b.example,Again\n",
    )
    .unwrap();
    let e = error(
        &mut s,
        &format!("import users into tenant B from \"{}\"", path.display()),
    );
    let message = e.to_string();
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("already exists"), "{message}");
    assert_eq!(fingerprint(&mut s), before);
    // The same holds through the typed bulk API, and a UPN the tenant already holds fails too.
    let err = s
        .create_users(
            "B",
            [
                NewUser::new("fresh@b.example", vec![]),
                NewUser::new("bob@b.example", vec![]),
            ],
            Batch::Atomic,
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Batch { index: 1, error } if matches!(**error, Error::UpnTaken { .. })),
        "{err:?}"
    );
    assert_eq!(fingerprint(&mut s), before);
}

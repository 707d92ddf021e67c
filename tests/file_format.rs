//! Files that last: a file written by an earlier build opens and answers the same.
//!
//! `tests/data/format3-demo.redb` is a small directory file of file format 3, checked in as
//! bytes. These tests copy it to a temporary folder, open it with today's code and check a
//! fixed set of queries against the answers written below (people search in each tenant,
//! typeahead, counts, soft-deleted users, group members, `memberOf` filters, B2B users), that
//! its postings agree with a full scan of its users, and that it still takes writes.
//!
//! **Every later format change must keep these tests passing**, as redb keeps its own
//! back-compatibility tests: a new file format brings an upgrade step (`store/migrate.rs`)
//! and a changed stored type a decoder of its old value version (`store/codec.rs`), so that
//! this file still opens without an export; neither the fixture nor the expected answers may
//! be regenerated to make a failing change pass. A new format may add its own fixture
//! (`format4-demo.redb`, …) beside this one.
//!
//! The fixture is made by [`write_fixture`], reproducibly: `MTODIR_WRITE_FIXTURE=1 cargo
//! test --test file_format write_fixture` writes `tests/data/format<N>-demo.redb` for the
//! current format N (it refuses to overwrite an existing fixture): the `demo` statement on an
//! empty file, then [`EXTRA`] and two B2B users created through the library API, then
//! `Directory::compact`. Object ids and timestamps differ from run to run; the answers below
//! leave them out.

use mtodir::format::{Mode, render};
use mtodir::lang::ast::SearchKind;
use mtodir::model::{Attr, NewUser, Value};
use mtodir::search;
use mtodir::{Directory, Output, Rows, Session};
use std::path::{Path, PathBuf};

/// The file format of the checked-in fixture (not `FORMAT_VERSION`: that moves on, the
/// fixture does not).
const FIXTURE_FORMAT: u32 = 3;

/// The statements that follow `demo` in the fixture: a soft delete, a soft delete undone, a
/// purge, a changed property, group membership changes and a generated (bulk-loaded) batch.
const EXTRA: &str = r#"
delete user jose.garcia@a.example in tenant A;
delete user charu.mehta@c.example in tenant C;
restore user charu.mehta@c.example in tenant C;
delete user bookings@b.example in tenant B;
purge user bookings@b.example in tenant B;
update user bob@b.example in tenant B set jobTitle = "Head of Partnerships";
create group "R&D Team" in tenant A description "Everyone in R&D";
add users in tenant A where department = "R&D" to group "R&D Team";
remove user jonas.odegard@a.example from group "R&D Team" in tenant A;
remove user barbara@b.example from group Collab in tenant B;
generate users into tenant C count 80 seed 3;
"#;

fn fixture(format: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(format!("format{format}-demo.redb"))
}

/// Writes the fixture of the current format when `MTODIR_WRITE_FIXTURE=1`; otherwise does
/// nothing.
#[test]
fn write_fixture() {
    if std::env::var("MTODIR_WRITE_FIXTURE").as_deref() != Ok("1") {
        return;
    }
    let path = fixture(mtodir::store::FORMAT_VERSION);
    assert!(
        !path.exists(),
        "{} exists: a checked-in fixture is never rewritten (delete it first only if it was never committed)",
        path.display()
    );
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut directory = Directory::open(&path).unwrap();
    {
        let mut s = directory.session();
        s.execute("demo").unwrap();
        s.execute(EXTRA).unwrap();
        // B2B users: Annie of A represented in B as a member shown in the address list,
        // Charlie of C invited into A as a guest hidden from it.
        let a = s.tenant("A").unwrap();
        let c = s.tenant("C").unwrap();
        let annie = s.user("A", "annie@a.example").unwrap();
        let charlie = s.user("C", "charlie@c.example").unwrap();
        let member = NewUser {
            upn: "annie_a.example#EXT#@b.example".into(),
            values: vec![
                (Attr::DisplayName, Value::str("Annie Adams")),
                (Attr::GivenName, Value::str("Annie")),
                (Attr::Surname, Value::str("Adams")),
                (Attr::Mail, Value::str("annie@a.example")),
                (Attr::UserType, Value::str("Member")),
                (Attr::ShowInAddressList, Value::Bool(true)),
                (Attr::JobTitle, Value::str("Engineer")),
                (Attr::Department, Value::str("R&D")),
            ],
            b2b: Some(mtodir::Home {
                tenant: a.id,
                object: annie.id,
            }),
        };
        let guest = NewUser {
            upn: "charlie_c.example#EXT#@a.example".into(),
            values: vec![
                (Attr::DisplayName, Value::str("Charlie Chen (Tailspin)")),
                (Attr::Mail, Value::str("charlie@c.example")),
                (Attr::UserType, Value::str("Guest")),
                (Attr::ShowInAddressList, Value::Bool(false)),
            ],
            b2b: Some(mtodir::Home {
                tenant: c.id,
                object: charlie.id,
            }),
        };
        s.create_user("B", &member).unwrap();
        s.create_user("A", &guest).unwrap();
        s.execute("add user annie_a.example#EXT#@b.example to group Collab in tenant B;")
            .unwrap();
    }
    directory.compact().unwrap();
}

/// Columns whose values differ from one writing of the fixture to the next.
const VOLATILE: [&str; 4] = ["id", "createdDateTime", "deletedDateTime", "alternativeSecurityIds"];

/// `rows` without the volatile columns.
fn stable(rows: Rows) -> Rows {
    let keep: Vec<usize> = (0..rows.columns.len())
        .filter(|&i| !VOLATILE.contains(&rows.columns[i].as_str()))
        .collect();
    let mut out = Rows::new(keep.iter().map(|&i| rows.columns[i].clone()).collect());
    out.rows = rows
        .rows
        .into_iter()
        .map(|row| keep.iter().map(|&i| row[i].clone()).collect())
        .collect();
    out.more = rows.more;
    out
}

/// Runs each statement and writes it, then its answer as CSV (volatile columns left out).
fn transcript(session: &mut Session<'_>, statements: &[&str]) -> String {
    let mut out = String::new();
    for statement in statements {
        let mut outputs = session
            .execute(statement)
            .unwrap_or_else(|e| panic!("`{statement}` failed: {e}"));
        let output = match outputs.pop() {
            Some(Output::Rows(rows)) => Output::Rows(stable(rows)),
            Some(other) => other,
            None => panic!("`{statement}` returned nothing"),
        };
        out.push_str(&format!("> {statement}\n{}\n", render(&output, Mode::Csv)));
    }
    out
}

/// The fixture, copied to a temporary folder (opening a file may write to it) and opened.
fn open_copy() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("old.redb");
    std::fs::copy(fixture(FIXTURE_FORMAT), &copy).unwrap();
    let directory = Directory::open(&copy).unwrap_or_else(|e| panic!("the format 3 fixture does not open: {e}"));
    (dir, directory)
}

/// Lines that differ, for a readable failure.
fn assert_same_text(got: &str, want: &str) {
    if got == want {
        return;
    }
    let mut report = String::new();
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            report.push_str(&format!("line {}:\n  got:  {g}\n  want: {w}\n", i + 1));
        }
    }
    let (g, w) = (got.lines().count(), want.lines().count());
    if g != w {
        report.push_str(&format!("{g} lines, {w} expected\n"));
    }
    panic!("the answers differ from the expected ones:\n{report}\nfull answers:\n{got}");
}

#[test]
fn the_fixture_is_a_small_file_of_format_3() {
    let path = fixture(FIXTURE_FORMAT);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 1 << 20, "{} is {size} bytes", path.display());
    let db = redb::Database::builder().open_read_only(&path).unwrap();
    let read = redb::ReadableDatabase::begin_read(&db).unwrap();
    let meta = read
        .open_table(redb::TableDefinition::<&[u8], &[u8]>::new("meta"))
        .unwrap();
    let format = meta.get(b"format".as_slice()).unwrap().unwrap();
    assert_eq!(format.value(), FIXTURE_FORMAT.to_be_bytes());
}

#[test]
fn a_format_3_file_answers_as_it_did() {
    let (_dir, directory) = open_copy();
    let got = transcript(&mut directory.session(), QUERIES);
    assert_same_text(&got, EXPECTED);
}

#[test]
fn a_format_3_file_takes_writes() {
    let (_dir, directory) = open_copy();
    let mut s = directory.session();
    for write in [
        "restore user jose.garcia@a.example in tenant A",
        "create user annie.park@a.example in tenant A with displayName = \"Annie Park\", department = \"R&D\"",
        "add user annie.park@a.example to group \"R&D Team\" in tenant A",
        "update user annie@a.example in tenant A set city = \"Redmond\"",
        "delete user annie_a.example#EXT#@b.example in tenant B",
    ] {
        s.execute(write).unwrap_or_else(|e| panic!("`{write}` failed: {e}"));
    }
    let reads = [
        "search people in tenant A for \"ann\" fields displayName, mail, city",
        "search people in tenant A for \"jose\" fields displayName, mail",
        "count users in tenant A where memberOf = \"R&D Team\"",
        "search people in tenant B fields displayName, mail",
        "count users in tenant B where isSoftDeleted = true",
    ];
    assert_same_text(&transcript(&mut s, &reads), WRITES_EXPECTED);
    drop(s);
    // What it wrote is still there after closing and reopening.
    let path = directory.path().to_owned();
    drop(directory);
    let directory = Directory::open(&path).unwrap();
    assert_same_text(&transcript(&mut directory.session(), &reads), WRITES_EXPECTED);
}

#[test]
fn a_format_3_files_postings_agree_with_a_scan_of_its_users() {
    // The stored postings and counts of the old file, read by today's cursors, give what a
    // full scan of its stored users gives: the old derived tables are read as they were meant.
    let (_dir, directory) = open_copy();
    let s = directory.session();
    let snapshot = s.snapshot().unwrap();
    let mut checked = 0;
    for tenant in ["A", "B", "C"] {
        for kind in [SearchKind::People, SearchKind::AddressList, SearchKind::Find] {
            for text in [
                None,
                Some("a"),
                Some("jo"),
                Some("char"),
                Some("barb"),
                Some("ann adams"),
            ] {
                let mut q = s.query(tenant, kind).unwrap();
                q.text = text.map(str::to_owned);
                q.limit = Some(1000);
                let found = search::search(&snapshot, &q).unwrap().users;
                let scanned = search::scan(&snapshot, &q).unwrap();
                assert_eq!(found, scanned, "{tenant} {kind:?} {text:?}");
                assert_eq!(search::count(&snapshot, &q).unwrap(), scanned.len() as u64);
                checked += scanned.len();
            }
        }
    }
    assert!(checked > 400, "only {checked} rows checked");
}

/// The fixed queries.
const QUERIES: &[&str] = &[
    "show tenants",
    "search people in tenant A",
    "search people in tenant B",
    "search people in tenant C limit 12 fields displayName, mail, department",
    "search people in tenant C limit 4 offset 60 fields displayName, mail",
    "search address list in tenant A fields displayName, mail, userType",
    "search address list in tenant B fields displayName, mail, userType",
    "search people in tenant A for \"jo\" fields displayName, mail",
    "search people in tenant A for \"jose\" fields displayName, mail",
    "search people in tenant C for \"jose\" fields displayName, mail",
    "search people in tenant B for \"ann\" fields displayName, mail, userType, source",
    "search people in tenant A for \"barb nov\" fields displayName, mail",
    "search people in tenant C for \"char\" fields displayName, mail",
    "search people in tenant A for \"odegard\" fields displayName, mail",
    "search people in tenant A for \"annie@a\" fields displayName, mail",
    "count people in tenant A",
    "count people in tenant B",
    "count people in tenant C",
    "count address list in tenant B",
    "count users in tenant A",
    "count users in tenant B",
    "count users in tenant C",
    "count people in tenant C for \"a\"",
    "count people in tenant A where department = \"R&D\"",
    "count users in tenant C where source = b2b",
    "count users in tenant C where isSoftDeleted = true",
    "find users in tenant A where isSoftDeleted = true",
    "find users in tenant B where isSoftDeleted = true",
    "find users in tenant C where isSoftDeleted = true order by userPrincipalName",
    "find users in tenant B for \"boo\"",
    "show group Collab in tenant A",
    "show group Collab in tenant B",
    "show group \"R&D Team\" in tenant A",
    "find users in tenant A where memberOf = \"R&D Team\"",
    "search people in tenant B where memberOf = Collab fields displayName, mail, source, homeTenant",
    "count users in tenant B where memberOf = Collab and source = b2b",
    "find users in tenant B where homeTenant = A",
    "find users in tenant A where source = b2b",
    "find users in tenant C where source = b2b order by userPrincipalName limit 3 fields userPrincipalName, userType, showInAddressList",
    "search people in tenant C where department = Engineering and country = US fields displayName, jobTitle, city",
    "show user bob@b.example in tenant B",
    "show user \"annie_a.example#EXT#@b.example\" in tenant B",
];

/// Their answers, from the build that wrote the fixture (format 3), checked against the
/// statements that made it.
const EXPECTED: &str = r##"> show tenants
handle,displayName,domains,users
A,Contoso,a.example,22
B,Fabrikam,b.example,5
C,Tailspin Toys,c.example,97
> search people in tenant A
displayName,mail,jobTitle,department,city,country
Anna Lindqvist,anna.lindqvist@a.example,UX Designer,Design,Redmond,US
Anne-Marie Dubois,anne-marie.dubois@a.example,Corporate Counsel,Legal,New York,US
Annie Adams,annie@a.example,Engineer,R&D,Seattle,US
Annika Sørensen,annika.sorensen@a.example,QA Engineer,R&D,Seattle,US
Barbara Novák,barbara.novak@a.example,Financial Analyst,Finance,Chicago,US
Bartholomew Reed,bartholomew.reed@a.example,Sales Manager,Sales,New York,US
Brian O'Connor,brian.oconnor@a.example,"Vice President, Sales",Sales,New York,US
Charles Okafor,charles.okafor@a.example,IT Manager,IT,Redmond,US
Charlotte Moreau,charlotte.moreau@a.example,Marketing Director,Marketing,Seattle,US
François Lefèvre,francois.lefevre@a.example,Software Architect,R&D,Redmond,US
Inés Núñez,ines.nunez@a.example,HR Director,Human Resources,Seattle,US
Joanna Whitfield,joanna.whitfield@a.example,Director of R&D,R&D,Seattle,US
João da Silva,joao.dasilva@a.example,Account Executive,Sales,San Francisco,US
Joaquín de la Cruz,joaquin.delacruz@a.example,Sales Representative,Sales,Austin,US
Johanna Müller,johanna.muller@a.example,Data Scientist,R&D,Seattle,US
Jonas Ødegård,jonas.odegard@a.example,Site Reliability Engineer,R&D,Seattle,US
Joy Adeyemi,joy.adeyemi@a.example,Recruiter,Human Resources,Seattle,US
Łukasz Kowalski,lukasz.kowalski@a.example,Identity Engineer,IT,Redmond,US
Mei Chen,mei.chen@a.example,Chief Executive Officer,Executive Office,Redmond,US
Zoë van der Berg,zoe.vanderberg@a.example,Product Manager,Product Management,Redmond,US
> search people in tenant B
displayName,mail,jobTitle,department,city,country
Annie Adams,annie@a.example,Engineer,R&D,,
Barbara Becker,barbara@b.example,Head of Sales Europe,Sales,München,DE
Bob Baker,bob@b.example,Head of Partnerships,Sales,London,GB
> search people in tenant C limit 12 fields displayName, mail, department
displayName,mail,department
Agnieszka Li,agnieszka.li@fourthcoffee.example,Sales
Ali Hu,ali.hu@c.example,Engineering
Andrew Martínez,andrew.martinez@c.example,Human Resources
Ann Lim,ann.lim@c.example,Finance
Anna Zhang,anna.zhang@c.example,Sales
Annabelle Wong,annabelle.wong@c.example,Human Resources
Arjun Martínez,arjun.martinez@c.example,Legal
Ayumi Jiménez,ayumi.jimenez@c.example,Customer Support
Bárbara Santos,barbara.santos@c.example,Customer Support
Brenda Williams,brenda.williams@c.example,Engineering
Camila Müller,camila.muller@c.example,Operations
Charlie Chen,charlie@c.example,Product Management
> search people in tenant C limit 4 offset 60 fields displayName, mail
displayName,mail
Mohammed Dubois,mohammed.dubois@c.example
Mohammed Hossain,mohammed.hossain@c.example
Mohammed Miller,mohammed.miller@c.example
Mohammed Ortiz,mohammed.ortiz@c.example
> search address list in tenant A fields displayName, mail, userType
displayName,mail,userType
Anna Lindqvist,anna.lindqvist@a.example,Member
Anne-Marie Dubois,anne-marie.dubois@a.example,Member
Annie Adams,annie@a.example,Member
Annika Sørensen,annika.sorensen@a.example,Member
Barbara Novák,barbara.novak@a.example,Member
Bartholomew Reed,bartholomew.reed@a.example,Member
Brian O'Connor,brian.oconnor@a.example,Member
Charles Okafor,charles.okafor@a.example,Member
Charlotte Moreau,charlotte.moreau@a.example,Member
François Lefèvre,francois.lefevre@a.example,Member
Inés Núñez,ines.nunez@a.example,Member
Joanna Whitfield,joanna.whitfield@a.example,Member
João da Silva,joao.dasilva@a.example,Member
Joaquín de la Cruz,joaquin.delacruz@a.example,Member
Johanna Müller,johanna.muller@a.example,Member
Jonas Ødegård,jonas.odegard@a.example,Member
Joy Adeyemi,joy.adeyemi@a.example,Member
Łukasz Kowalski,lukasz.kowalski@a.example,Member
Mei Chen,mei.chen@a.example,Member
Zoë van der Berg,zoe.vanderberg@a.example,Member
> search address list in tenant B fields displayName, mail, userType
displayName,mail,userType
Annie Adams,annie@a.example,Member
Barbara Becker,barbara@b.example,Member
Bob Baker,bob@b.example,Member
> search people in tenant A for "jo" fields displayName, mail
displayName,mail
Joanna Whitfield,joanna.whitfield@a.example
João da Silva,joao.dasilva@a.example
Joaquín de la Cruz,joaquin.delacruz@a.example
Johanna Müller,johanna.muller@a.example
Jonas Ødegård,jonas.odegard@a.example
Joy Adeyemi,joy.adeyemi@a.example
> search people in tenant A for "jose" fields displayName, mail
displayName,mail
> search people in tenant C for "jose" fields displayName, mail
displayName,mail
José Reyes,jose.reyes@c.example
> search people in tenant B for "ann" fields displayName, mail, userType, source
displayName,mail,userType,source
Annie Adams,annie@a.example,Member,b2b
> search people in tenant A for "barb nov" fields displayName, mail
displayName,mail
Barbara Novák,barbara.novak@a.example
> search people in tenant C for "char" fields displayName, mail
displayName,mail
Charlie Chen,charlie@c.example
Charlotte Nguyen,charlotte.nguyen@c.example
Charoen Wongsakul,charoen.wongsakul@c.example
Charu Mehta,charu.mehta@c.example
> search people in tenant A for "odegard" fields displayName, mail
displayName,mail
Jonas Ødegård,jonas.odegard@a.example
> search people in tenant A for "annie@a" fields displayName, mail
displayName,mail
Annie Adams,annie@a.example
> count people in tenant A
count
20
> count people in tenant B
count
3
> count people in tenant C
count
92
> count address list in tenant B
count
3
> count users in tenant A
count
22
> count users in tenant B
count
5
> count users in tenant C
count
97
> count people in tenant C for "a"
count
9
> count people in tenant A where department = "R&D"
count
6
> count users in tenant C where source = b2b
count
6
> count users in tenant C where isSoftDeleted = true
count
1
> find users in tenant A where isSoftDeleted = true
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
José García,jose.garcia@a.example,Member,internal,true,true,true
> find users in tenant B where isSoftDeleted = true
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
Bärbel Schmitt,baerbel.schmitt@b.example,Member,internal,true,true,true
> find users in tenant C where isSoftDeleted = true order by userPrincipalName
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
Noémie Smith,noemie.smith@c.example,Member,internal,true,true,true
> find users in tenant B for "boo"
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
> show group Collab in tenant A
displayName,userPrincipalName,userType,isSoftDeleted
Annie Adams,annie@a.example,Member,false
> show group Collab in tenant B
displayName,userPrincipalName,userType,isSoftDeleted
Annie Adams,annie_a.example#EXT#@b.example,Member,false
Bob Baker,bob@b.example,Member,false
> show group "R&D Team" in tenant A
displayName,userPrincipalName,userType,isSoftDeleted
Annie Adams,annie@a.example,Member,false
Annika Sørensen,annika.sorensen@a.example,Member,false
François Lefèvre,francois.lefevre@a.example,Member,false
Joanna Whitfield,joanna.whitfield@a.example,Member,false
Johanna Müller,johanna.muller@a.example,Member,false
> find users in tenant A where memberOf = "R&D Team"
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
Annie Adams,annie@a.example,Member,internal,true,true,false
Annika Sørensen,annika.sorensen@a.example,Member,internal,true,true,false
François Lefèvre,francois.lefevre@a.example,Member,internal,true,true,false
Joanna Whitfield,joanna.whitfield@a.example,Member,internal,true,true,false
Johanna Müller,johanna.muller@a.example,Member,internal,true,true,false
> search people in tenant B where memberOf = Collab fields displayName, mail, source, homeTenant
displayName,mail,source,homeTenant
Annie Adams,annie@a.example,b2b,A
Bob Baker,bob@b.example,internal,
> count users in tenant B where memberOf = Collab and source = b2b
count
1
> find users in tenant B where homeTenant = A
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
Annie Adams,annie_a.example#EXT#@b.example,Member,b2b,true,true,false
> find users in tenant A where source = b2b
displayName,userPrincipalName,userType,source,accountEnabled,showInAddressList,isSoftDeleted
Charlie Chen (Tailspin),charlie_c.example#EXT#@a.example,Guest,b2b,true,false,false
> find users in tenant C where source = b2b order by userPrincipalName limit 3 fields userPrincipalName, userType, showInAddressList
userPrincipalName,userType,showInAddressList
agnieszka.li_fourthcoffee.example#EXT#@c.example,Member,true
christopher.ivanova_fourthcoffee.example#EXT#@c.example,Member,true
katherine.watanabe_adatum.example#EXT#@c.example,Guest,false
> search people in tenant C where department = Engineering and country = US fields displayName, jobTitle, city
displayName,jobTitle,city
Brenda Williams,Senior Software Engineer,Boston
Emma Ivanova,Software Architect,Seattle
Ivan Solberg,Software Engineer,Boston
Jae-hyun Joshi,Senior Software Engineer,Austin
Juan Chen,Software Engineer,Austin
Lan López,Principal Software Engineer,San Francisco
> show user bob@b.example in tenant B
userPrincipalName,displayName,givenName,surname,mail,mailNickname,userType,accountEnabled,showInAddressList,jobTitle,department,employeeId,manager,physicalDeliveryOfficeName,streetAddress,city,state,postalCode,country,telephoneNumber,preferredLanguage,tenant,source,homeTenant,memberOf,isSoftDeleted
bob@b.example,Bob Baker,Bob,Baker,bob@b.example,bob,Member,true,true,Head of Partnerships,Sales,F-20114,barbara@b.example,LON-1/0305,2 Kingdom Street,London,England,W2 6BD,GB,+44 20 7946 0123,en-GB,B,internal,,Collab,false
> show user "annie_a.example#EXT#@b.example" in tenant B
userPrincipalName,displayName,givenName,surname,mail,mailNickname,userType,accountEnabled,showInAddressList,jobTitle,department,employeeId,manager,physicalDeliveryOfficeName,streetAddress,city,state,postalCode,country,telephoneNumber,preferredLanguage,tenant,source,homeTenant,memberOf,isSoftDeleted
annie_a.example#EXT#@b.example,Annie Adams,Annie,Adams,annie@a.example,annie_a.example#EXT#,Member,true,true,Engineer,R&D,,,,,,,,,,,B,b2b,A,Collab,false
"##;

/// The answers after the writes of [`a_format_3_file_takes_writes`].
const WRITES_EXPECTED: &str = r##"> search people in tenant A for "ann" fields displayName, mail, city
displayName,mail,city
Anna Lindqvist,anna.lindqvist@a.example,Redmond
Anne-Marie Dubois,anne-marie.dubois@a.example,New York
Annie Adams,annie@a.example,Redmond
Annie Park,annie.park@a.example,
Annika Sørensen,annika.sorensen@a.example,Seattle
> search people in tenant A for "jose" fields displayName, mail
displayName,mail
José García,jose.garcia@a.example
> count users in tenant A where memberOf = "R&D Team"
count
6
> search people in tenant B fields displayName, mail
displayName,mail
Barbara Becker,barbara@b.example
Bob Baker,bob@b.example
> count users in tenant B where isSoftDeleted = true
count
2
"##;

/// The change feed of a format-3 file holds version-1 entries (an ordinal, an op, a time):
/// they read as entries of today's shape (the user by `#ordinal`, the operator as actor), and
/// new changes continue their numbering.
#[test]
fn a_format_3_files_change_feed_reads_and_continues() {
    let (_dir, directory) = open_copy();
    let mut s = directory.session();
    let old = s.changes("A", &mtodir::api::ChangeQuery::default()).unwrap();
    assert!(!old.is_empty());
    assert!(old.iter().all(|c| c.name.starts_with('#') && c.properties.is_empty()));
    assert!(old.windows(2).all(|w| w[1].seq == w[0].seq + 1));
    s.execute("update user annie@a.example in tenant A set city = \"Redmond\"")
        .unwrap();
    let now = s.changes("A", &mtodir::api::ChangeQuery::default()).unwrap();
    let added = now.last().unwrap();
    assert_eq!(added.seq, old.last().unwrap().seq + 1);
    assert_eq!(added.name, "annie@a.example");
    assert_eq!(added.properties[0].property, "city");
}

#[test]
fn a_format_3_file_upgrades_to_indexed_managers() {
    // Format 4 gave `manager` an equality posting; opening the format-3 fixture rebuilds the
    // derived tables in the upgrade's one transaction: `manager =` then reads the index, and
    // answers what a scan answers.
    let (_dir, directory) = open_copy();
    let mut s = directory.session();
    let plan = match s.execute("explain find users in tenant A where manager = \"joanna.whitfield@a.example\"") {
        Ok(out) => match &out[0] {
            Output::Text(t) => t.clone(),
            other => panic!("explain gives text, not {other:?}"),
        },
        Err(e) => panic!("{e}"),
    };
    assert!(plan.contains("access paths (entries):\n  * manager = "), "{plan}");
    let upns = |s: &mut Session<'_>, filter: &str| -> Vec<String> {
        match s.execute(&format!(
            "find users in tenant A where {filter} fields userPrincipalName"
        )) {
            Ok(out) => out[0].rows().unwrap().strings("userPrincipalName"),
            Err(e) => panic!("{filter}: {e}"),
        }
    };
    let indexed = upns(&mut s, "manager = \"joanna.whitfield@a.example\"");
    assert!(!indexed.is_empty());
    // `manager in (…)` is not an index path: a scan.
    assert_eq!(indexed, upns(&mut s, "manager in (\"joanna.whitfield@a.example\")"));
}

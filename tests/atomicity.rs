//! A failing statement, script, block or import leaves every query answering exactly as
//! before; transactions are isolated; files that are not mtodir databases are refused and
//! left untouched.

mod common;

use common::{count, db_path, demo, empty, error, fingerprint, mails, one, upns};
use mtodir::SearchKind;
use mtodir::search::{self, PeopleQuery};
use mtodir::{Directory, Error, Output};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Failing statements

#[test]
fn a_failing_statement_changes_nothing() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let e = error(
        &mut s,
        "create user BOB@b.example in tenant B with displayName = \"Bob Two\"",
    );
    assert!(e.to_string().contains("already exists"), "{e}");
    assert!(!s.in_transaction());
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn a_statement_that_fails_half_way_through_its_users_changes_none_of_them() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    // Annie, Annika, François, Joanna, Johanna and Jonas come before José in display order
    // and are updated first; José cannot be his own manager, which fails the statement.
    let e = error(
        &mut s,
        "update users in tenant A where department = \"R&D\" set manager = jose.garcia@a.example, city = Oslo",
    );
    assert!(e.to_string().contains("own manager"), "{e}");
    assert_eq!(fingerprint(&mut s), before);
    assert_eq!(count(&mut s, "count users in tenant A where city = Oslo"), 0);
}

#[test]
fn a_failing_generate_and_a_refused_demo_change_nothing() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    // B's administrator may not generate into A: refused before anything is written.
    one(&mut s, "use tenant B");
    let e = error(&mut s, "generate users into tenant A count 400 seed 7");
    assert!(matches!(e, Error::Denied { .. }), "{e:?}");
    one(&mut s, "use operator");
    assert_eq!(fingerprint(&mut s), before);
    let e = error(&mut s, "demo");
    assert!(e.to_string().contains("empty database"), "{e}");
    assert_eq!(fingerprint(&mut s), before);
}

// ---------------------------------------------------------------------------------------------
// Scripts

const FIVE: &str = "create user one@b.example in tenant B with displayName = \"One\";
update user bob@b.example in tenant B set jobTitle = \"Lead\";
create user barbara@b.example in tenant B;
create user four@b.example in tenant B;
delete user bob@b.example in tenant B;";

#[test]
fn a_script_whose_third_statement_fails_lands_nothing() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let e = s.execute_script(FIVE).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert!(!s.in_transaction(), "the script's transaction is closed");
    assert_eq!(fingerprint(&mut s), before);
    assert!(upns(&mut s, "find users in tenant B for \"one\"").is_empty());
}

#[test]
fn a_failing_script_hands_out_no_output() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let mut outputs: Vec<Output> = Vec::new();
    let result = s.run_script(FIVE, |o| outputs.push(o));
    assert!(result.is_err());
    assert!(outputs.is_empty(), "outputs of a rolled-back script: {outputs:?}");
    // A script that succeeds hands every output over, in order.
    s.run_script("count people in tenant B; whoami", |o| outputs.push(o))
        .unwrap();
    assert_eq!(outputs.len(), 2);
    assert_eq!(outputs[0], Output::Count(2));
}

#[test]
fn execute_is_not_atomic_the_statements_before_the_failure_stay() {
    // The documented difference between `execute` and `execute_script`.
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = s.execute(FIVE).unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(upns(&mut s, "find users in tenant B for \"one\""), ["one@b.example"]);
    assert_eq!(common::property(&mut s, "bob@b.example", "B", "jobTitle"), "Lead");
    assert!(upns(&mut s, "find users in tenant B for \"four\"").is_empty());
    assert_eq!(common::property(&mut s, "bob@b.example", "B", "isSoftDeleted"), "false");
}

#[test]
fn a_script_that_succeeds_lands_everything_at_once() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let outputs = s
        .execute_script(
            "create user one@b.example in tenant B; create group Team in tenant B; \
             add user one@b.example to group Team in tenant B; find users in tenant B where memberOf = Team",
        )
        .unwrap();
    assert_eq!(outputs.len(), 4);
    assert_eq!(
        outputs[3].rows().unwrap().strings("userPrincipalName"),
        ["one@b.example"]
    );
    assert!(!s.in_transaction());
    let mut other = directory.session();
    assert_eq!(
        upns(&mut other, "find users in tenant B where memberOf = Team"),
        ["one@b.example"]
    );
}

#[test]
fn a_script_with_its_own_begin_and_commit_keeps_its_committed_block() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = s
        .execute_script(
            "begin; create user one@b.example in tenant B; commit;
             create user bob@b.example in tenant B;",
        )
        .unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(upns(&mut s, "find users in tenant B for \"one\""), ["one@b.example"]);
}

// ---------------------------------------------------------------------------------------------
// begin … commit / rollback

#[test]
fn a_failure_inside_begin_rolls_the_whole_block_back_and_closes_it() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let e = s
        .execute(
            "begin;
             create user one@b.example in tenant B;
             update user bob@b.example in tenant B set city = Paris;
             delete user barbara@b.example in tenant B;
             create user one@b.example in tenant B;",
        )
        .unwrap_err();
    assert!(matches!(e, Error::RolledBack(_)), "{e:?}");
    assert!(e.to_string().contains("already exists"), "{e}");
    assert!(e.to_string().contains("rolled back"), "{e}");
    assert!(!s.in_transaction(), "the session is no longer in a transaction");
    assert_eq!(fingerprint(&mut s), before);
    // The session goes on in autocommit mode.
    one(&mut s, "create user two@b.example in tenant B");
    assert!(!s.in_transaction());
    let mut other = directory.session();
    assert_eq!(
        upns(&mut other, "find users in tenant B for \"two\""),
        ["two@b.example"]
    );
    let e = error(&mut s, "commit");
    assert!(matches!(e, Error::Transaction(_)), "{e:?}");
}

#[test]
fn a_failure_after_separate_statements_inside_begin_rolls_them_all_back() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    one(&mut s, "begin");
    one(&mut s, "create user one@b.example in tenant B");
    let e = error(&mut s, "create user bad@nowhere.example in tenant B");
    assert!(e.to_string().contains("not a verified domain"), "{e}");
    assert!(!s.in_transaction());
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn a_failing_read_inside_begin_changes_nothing_and_keeps_the_block_open() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    one(&mut s, "begin");
    one(&mut s, "create user one@b.example in tenant B");
    let e = error(&mut s, "search people in tenant Q");
    assert!(e.to_string().contains("unknown tenant"), "{e}");
    let e = error(&mut s, "search peple in tenant B");
    assert!(matches!(e, Error::Syntax(_)), "{e:?}");
    assert!(
        s.in_transaction(),
        "a failed read changes nothing, so the block stays open"
    );
    assert_eq!(upns(&mut s, "find users in tenant B for \"one\""), ["one@b.example"]);
    one(&mut s, "rollback");
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn rollback_forgets_the_block() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let outputs = s
        .execute(
            "begin;
             create user one@b.example in tenant B with displayName = \"One\";
             update users in tenant B set city = Paris;
             delete user bob@b.example in tenant B;
             create group Team in tenant B;
             add users in tenant B to group Team;
             rollback;",
        )
        .unwrap();
    assert_eq!(outputs.len(), 7);
    assert!(!s.in_transaction());
    assert_eq!(fingerprint(&mut s), before);
    let e = error(&mut s, "rollback");
    assert!(matches!(e, Error::Transaction(_)), "{e:?}");
}

#[test]
fn commit_lands_the_block() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    s.execute(
        "begin;
         create user one@b.example in tenant B with displayName = \"One\";
         delete user bob@b.example in tenant B;
         commit;",
    )
    .unwrap();
    assert!(!s.in_transaction());
    let mut other = directory.session();
    assert_eq!(
        mails(&mut other, "search people in tenant B"),
        ["barbara@b.example", "one@b.example"]
    );
}

#[test]
fn begin_twice_is_refused_and_keeps_the_open_block() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "begin");
    one(&mut s, "create user one@b.example in tenant B");
    let e = error(&mut s, "begin");
    assert!(matches!(e, Error::Transaction(_)), "{e:?}");
    assert!(s.in_transaction());
    assert_eq!(upns(&mut s, "find users in tenant B for \"one\""), ["one@b.example"]);
    one(&mut s, "commit");
    assert_eq!(count(&mut s, "count users in tenant B"), 6);
}

// ---------------------------------------------------------------------------------------------
// Imports

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the test file");
}

fn import_error(e: Error) -> (u64, String) {
    match e {
        Error::Import { line, message, .. } => (line, message),
        other => panic!("expected an import error, not {other:?}"),
    }
}

#[test]
fn an_import_whose_third_line_has_a_bad_value_imports_nothing() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let file = dir.path().join("bad.csv");
    write(
        &file,
        "userPrincipalName,displayName,userType\n\
         one@b.example,One,Member\n\
         two@b.example,Two,Owner\n\
         three@b.example,Three,Guest\n",
    );
    let e = error(
        &mut s,
        &format!("import users into tenant B from \"{}\"", file.display()),
    );
    let shown = e.to_string();
    let (line, message) = import_error(e);
    assert_eq!(line, 3, "{shown}");
    assert!(message.contains("Member or Guest"), "{message}");
    assert!(shown.contains("line 3"), "{shown}");
    assert!(shown.contains("nothing was imported"), "{shown}");
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn an_import_whose_third_line_breaks_a_directory_rule_imports_nothing() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    for (name, third) in [
        ("duplicate.csv", "ONE@b.example,Again,"),
        ("domain.csv", "three@a.example,Three,"),
        ("existing.csv", "bob@b.example,Bob,"),
        ("manager.csv", "three@b.example,Three,nobody@b.example"),
    ] {
        let file = dir.path().join(name);
        write(
            &file,
            &format!(
                "userPrincipalName,displayName,manager\n\
                 one@b.example,One,\n\
                 {third}\n\
                 four@b.example,Four,one@b.example\n"
            ),
        );
        let e = error(
            &mut s,
            &format!("import users into tenant B from \"{}\"", file.display()),
        );
        let (line, message) = import_error(e);
        assert_eq!(line, 3, "{name}: {message}");
        assert_eq!(fingerprint(&mut s), before, "{name}");
    }
}

#[test]
fn a_failing_import_inside_begin_rolls_the_block_back() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let file = dir.path().join("bad.jsonl");
    write(
        &file,
        "{\"userPrincipalName\": \"one@b.example\"}\n{\"userPrincipalName\": \"two@b.example\"}\n{\"userPrincipalName\": 3}\n",
    );
    one(&mut s, "begin");
    one(&mut s, "create user zero@b.example in tenant B");
    let e = error(
        &mut s,
        &format!("import users into tenant B from \"{}\"", file.display()),
    );
    assert!(e.to_string().contains("line 3"), "{e}");
    assert!(!s.in_transaction());
    assert_eq!(fingerprint(&mut s), before);
}

// ---------------------------------------------------------------------------------------------
// Isolation

#[test]
fn reads_inside_begin_see_the_blocks_writes_and_other_sessions_do_not_until_commit() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let mut other = directory.session();
    let b = s.tenant("B").unwrap().ord;
    let before_commit = s.snapshot().unwrap();
    one(&mut s, "begin");
    one(
        &mut s,
        "create user one@b.example in tenant B with displayName = \"One\"",
    );
    one(&mut s, "delete user bob@b.example in tenant B");
    // The block sees its own writes, through every kind of read.
    assert_eq!(
        mails(&mut s, "search people in tenant B"),
        ["barbara@b.example", "one@b.example"]
    );
    assert_eq!(count(&mut s, "count users in tenant B"), 6);
    assert_eq!(common::property(&mut s, "bob@b.example", "B", "isSoftDeleted"), "true");
    assert_eq!(
        s.user("B", "one@b.example").unwrap().display_name.as_deref(),
        Some("One")
    );
    // Another session and a snapshot see the committed state only.
    assert_eq!(
        mails(&mut other, "search people in tenant B"),
        ["barbara@b.example", "bob@b.example"]
    );
    assert_eq!(count(&mut other, "count users in tenant B"), 5);
    let during = s.snapshot().unwrap();
    let everyone = PeopleQuery::new(b, SearchKind::Find);
    assert_eq!(search::search(&during, &everyone).unwrap().users.len(), 5);

    one(&mut s, "commit");
    assert_eq!(
        mails(&mut other, "search people in tenant B"),
        ["barbara@b.example", "one@b.example"]
    );
    assert_eq!(count(&mut other, "count users in tenant B"), 6);
    // Snapshots taken before the commit keep their view.
    assert_eq!(search::search(&during, &everyone).unwrap().users.len(), 5);
    assert_eq!(search::search(&before_commit, &everyone).unwrap().users.len(), 5);
    let after = s.snapshot().unwrap();
    assert_eq!(search::search(&after, &everyone).unwrap().users.len(), 6);
}

#[test]
fn dropping_a_session_with_an_open_transaction_keeps_nothing_of_it() {
    let (dir, directory) = demo();
    let before = fingerprint(&mut directory.session());
    {
        let mut s = directory.session();
        one(&mut s, "begin");
        one(&mut s, "create user one@b.example in tenant B");
        one(&mut s, "purge user baerbel.schmitt@b.example in tenant B");
        assert!(s.in_transaction());
    }
    assert_eq!(fingerprint(&mut directory.session()), before);
    drop(directory);
    let reopened = Directory::open(db_path(&dir)).unwrap();
    let mut s = reopened.session();
    assert_eq!(fingerprint(&mut s), before);
    assert!(upns(&mut s, "find users in tenant B for \"one\"").is_empty());
}

#[test]
fn committed_work_survives_reopening() {
    let (dir, directory) = demo();
    {
        let mut s = directory.session();
        s.execute("begin; create user one@b.example in tenant B; commit")
            .unwrap();
        one(&mut s, "create user two@b.example in tenant B");
    }
    let before = fingerprint(&mut directory.session());
    drop(directory);
    let reopened = Directory::open(db_path(&dir)).unwrap();
    let mut s = reopened.session();
    assert_eq!(fingerprint(&mut s), before);
    assert_eq!(count(&mut s, "count users in tenant B"), 7);
}

// ---------------------------------------------------------------------------------------------
// Files that are not mtodir databases

fn format_error(path: &Path) -> String {
    match Directory::open(path) {
        Err(Error::Format(m)) => m,
        Err(other) => panic!("expected Error::Format, not {other:?}"),
        Ok(_) => panic!("{} should not open", path.display()),
    }
}

fn garbage() -> Vec<u8> {
    // Deterministic bytes that are no database: a text line, then a byte pattern.
    let mut bytes = b"these are not the bytes of a database\n".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    bytes
}

/// Panics with a short summary unless the two versions of a file are the same bytes.
fn assert_same_bytes(before: &[u8], after: &[u8], what: &str) {
    if before != after {
        let first = before.iter().zip(after).position(|(x, y)| x != y);
        let differ = before.iter().zip(after).filter(|(x, y)| x != y).count();
        panic!(
            "{what} was modified: {} bytes before, {} after; {differ} bytes differ, the first at offset {first:?}",
            before.len(),
            after.len()
        );
    }
}

#[test]
fn opening_garbage_is_refused_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.redb");
    std::fs::write(&path, garbage()).unwrap();
    let e = Directory::open(&path).err().expect("garbage should not open");
    assert!(e.to_string().contains("garbage.redb"), "the error names the file: {e}");
    assert_same_bytes(&garbage(), &std::fs::read(&path).unwrap(), "the garbage file");
}

#[test]

fn opening_garbage_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.redb");
    std::fs::write(&path, garbage()).unwrap();
    let message = format_error(&path);
    assert!(message.contains("not an mtodir database"), "{message}");
}

const INVENTORY: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("inventory");

/// A valid redb file written by another program: one table, `inventory`.
fn other_programs_file(path: &Path) {
    let db = redb::Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut table = txn.open_table(INVENTORY).unwrap();
        table.insert("apples", 3).unwrap();
        table.insert("pears", 5).unwrap();
    }
    txn.commit().unwrap();
}

#[test]
fn opening_a_redb_file_of_another_program_is_a_format_error_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.redb");
    other_programs_file(&path);
    let message = format_error(&path);
    assert!(message.contains("another program"), "{message}");
    assert!(message.contains("other.redb"), "the message names the file: {message}");
    // Still a valid redb file with its own table and nothing of mtodir's.
    let db = redb::Database::open(&path).unwrap();
    let read = redb::ReadableDatabase::begin_read(&db).unwrap();
    let names: Vec<String> = read
        .list_tables()
        .unwrap()
        .map(|t| redb::TableHandle::name(&t).to_owned())
        .collect();
    assert_eq!(names, ["inventory"]);
    let table = read.open_table(INVENTORY).unwrap();
    assert_eq!(redb::ReadableTable::get(&table, "pears").unwrap().unwrap().value(), 5);
}

/// The `meta` table of the store, as another program would open it.
const META: redb::TableDefinition<&[u8], &[u8]> = redb::TableDefinition::new("meta");

/// A valid redb file with a `meta` table whose magic is not mtodir's.
fn foreign_meta_file(path: &Path) {
    let db = redb::Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut table = txn.open_table(META).unwrap();
        table.insert(b"magic".as_slice(), b"sqlite".as_slice()).unwrap();
    }
    txn.commit().unwrap();
}

/// A demo database whose `format` says a newer mtodir wrote it.
fn newer_format_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    format_file(dir, "newer.redb", 99)
}

/// A demo database whose `format` field says `format`.
fn format_file(dir: &tempfile::TempDir, name: &str, format: u32) -> std::path::PathBuf {
    let path = dir.path().join(name);
    {
        let directory = Directory::open(&path).unwrap();
        directory.session().execute("demo").unwrap();
    }
    let db = redb::Database::open(&path).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut table = txn.open_table(META).unwrap();
        table
            .insert(b"format".as_slice(), format.to_be_bytes().as_slice())
            .unwrap();
    }
    txn.commit().unwrap();
    path
}

#[test]
fn opening_a_redb_file_with_a_foreign_meta_table_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meta.redb");
    foreign_meta_file(&path);
    let message = format_error(&path);
    assert!(message.contains("not mtodir"), "{message}");
}

#[test]
fn opening_a_file_of_an_older_format_is_a_format_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    // Format 2 was a development format: older than every upgrade step of this build.
    let path = format_file(&dir, "older.redb", 2);
    let bytes = std::fs::read(&path).unwrap();
    let message = format_error(&path);
    assert!(message.contains("earlier"), "{message}");
    assert!(message.contains("export"), "{message}");
    assert_same_bytes(&bytes, &std::fs::read(&path).unwrap(), "older.redb");
}

#[test]
fn opening_a_file_of_a_newer_format_is_a_format_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = newer_format_file(&dir);
    let message = format_error(&path);
    assert!(message.contains("newer"), "{message}");
    assert!(message.contains("99"), "{message}");
}

#[test]

fn refusing_a_redb_file_leaves_its_bytes_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.redb");
    other_programs_file(&other);
    let meta = dir.path().join("meta.redb");
    foreign_meta_file(&meta);
    let newer = newer_format_file(&dir);
    for path in [other, meta, newer] {
        let bytes = std::fs::read(&path).unwrap();
        format_error(&path);
        assert_same_bytes(&bytes, &std::fs::read(&path).unwrap(), &path.display().to_string());
    }
}

#[test]
fn opening_the_same_file_twice_is_a_clear_error() {
    let (dir, directory) = demo();
    let message = format_error(&db_path(&dir));
    assert!(message.contains("open"), "{message}");
    // The first one still works.
    assert_eq!(count(&mut directory.session(), "count people in tenant B"), 2);
}

#[test]
fn an_empty_file_becomes_an_empty_directory() {
    let (dir, directory) = empty();
    drop(directory);
    let path = dir.path().join("zero.redb");
    std::fs::write(&path, b"").unwrap();
    let directory = Directory::open(&path).unwrap();
    assert!(directory.is_empty().unwrap());
    let mut s = directory.session();
    one(&mut s, "demo");
    // The synced demo: Bob and Barbara, and Annie and Charlie provisioned into B.
    assert_eq!(count(&mut s, "count people in tenant B"), 4);
}

//! `check` and `--repair`: each derived table damaged on purpose through redb's raw tables is
//! found by `check`, in a typed problem, and rebuilt by `repair`, after which the check passes
//! and every query answers as before; damage to the records themselves is reported and left.

mod common;

use common::{db_path, demo, error, fingerprint, one, text};
use mtodir::store::{block, keys, tables};
use mtodir::{Action, Directory, Error, Integrity, Problem};
use redb::{ReadableTable, WriteTransaction};
use std::path::Path;
use std::process::Command;

type Def = redb::TableDefinition<'static, &'static [u8], &'static [u8]>;

/// A file with the demo and 120 generated users of tenant A, and its fingerprint.
fn fixture() -> (tempfile::TempDir, String) {
    let (dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "generate users into tenant A count 120 seed 3");
    let before = fingerprint(&mut s);
    (dir, before)
}

/// Changes the file through redb's own tables, as a bug or a stray program might.
fn damage(path: &Path, f: impl FnOnce(&WriteTransaction)) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    f(&txn);
    txn.commit().unwrap();
}

/// The first entry of `def` whose key passes `pick`.
fn find(txn: &WriteTransaction, def: Def, pick: impl Fn(&[u8]) -> bool) -> (Vec<u8>, Vec<u8>) {
    let table = txn.open_table(def).unwrap();
    let found = table
        .iter()
        .unwrap()
        .map(|e| e.unwrap())
        .find(|(k, _)| pick(k.value()))
        .map(|(k, v)| (k.value().to_vec(), v.value().to_vec()));
    found.expect("an entry to damage")
}

fn remove(txn: &WriteTransaction, def: Def, pick: impl Fn(&[u8]) -> bool) {
    let (key, _) = find(txn, def, pick);
    txn.open_table(def).unwrap().remove(key.as_slice()).unwrap();
}

fn put(txn: &WriteTransaction, def: Def, key: &[u8], value: &[u8]) {
    txn.open_table(def).unwrap().insert(key, value).unwrap();
}

const A: [u8; 4] = 1u32.to_be_bytes();

fn in_a(key: &[u8]) -> bool {
    key.starts_with(&A)
}

/// A posting block of tenant A of this kind.
fn block_of(kind: u8) -> impl Fn(&[u8]) -> bool {
    move |k: &[u8]| in_a(k) && k[4] == kind
}

/// Damages a fixture with `f`, checks that `check` finds a problem `found` accepts, repairs
/// it, and checks that the file is sound and answers as before.
fn found_and_repaired(what: &str, f: impl FnOnce(&WriteTransaction), found: impl Fn(&Problem) -> bool) {
    let (dir, before) = fixture();
    damage(&db_path(&dir), f);
    let directory = Directory::open(db_path(&dir)).unwrap();
    let report = directory.check().unwrap();
    assert_eq!(report.integrity, Integrity::Verified, "{what}");
    assert!(!report.is_sound(), "{what}: the check found nothing");
    assert!(report.problems.iter().any(&found), "{what}: {report}");
    assert!(report.repairable(), "{what}: {report}");
    let rebuilt = directory.repair().unwrap();
    assert_eq!(rebuilt.users, 163, "{what}");
    let after = directory.check().unwrap();
    assert!(after.is_sound(), "{what} after the repair: {after}");
    assert_eq!(
        fingerprint(&mut directory.session()),
        before,
        "{what}: the answers after the repair"
    );
}

#[test]
fn a_posting_block_removed() {
    found_and_repaired(
        "postings: a block removed",
        |txn| remove(txn, tables::POSTINGS, block_of(1)),
        |p| matches!(p, Problem::Posting { missing: Some(n), extra: Some(0), .. } if *n > 0),
    );
}

#[test]
fn a_posting_entry_added() {
    found_and_repaired(
        "postings: an entry added",
        |txn| {
            let (key, value) = find(txn, tables::POSTINGS, block_of(0));
            let mut entries = block::decode(&value).unwrap();
            let mut pos = b"zzzz\0".to_vec();
            pos.extend_from_slice(&999_999u32.to_be_bytes());
            entries.push(block::Entry { pos, value: Vec::new() });
            put(txn, tables::POSTINGS, &key, &block::encode(&entries));
        },
        |p| {
            matches!(
                p,
                Problem::Posting {
                    missing: Some(0),
                    extra: Some(1),
                    ..
                }
            )
        },
    );
}

#[test]
fn a_posting_value_changed() {
    found_and_repaired(
        "postings: the word rests of an entry changed",
        |txn| {
            let pick = |k: &[u8]| block_of(1)(k) && keys::head_len(k) == Some(11);
            let (key, value) = find(txn, tables::POSTINGS, pick);
            let mut entries = block::decode(&value).unwrap();
            entries[0].value = b"garbage\0".to_vec();
            put(txn, tables::POSTINGS, &key, &block::encode(&entries));
        },
        |p| matches!(p, Problem::Posting { missing: Some(1), extra: Some(1), stored, derived, .. } if stored == derived),
    );
}

#[test]
fn a_count_changed_or_removed() {
    found_and_repaired(
        "counts: a count changed",
        |txn| {
            let (key, _) = find(txn, tables::COUNTS, in_a);
            put(txn, tables::COUNTS, &key, &12345u64.to_be_bytes());
        },
        |p| matches!(p, Problem::Count { stored: 12345, .. }),
    );
    found_and_repaired(
        "counts: a count removed",
        |txn| remove(txn, tables::COUNTS, in_a),
        |p| matches!(p, Problem::Count { stored: 0, .. }),
    );
}

#[test]
fn upns_removed_or_stray() {
    found_and_repaired(
        "upns: one removed",
        |txn| remove(txn, tables::UPNS, in_a),
        |p| {
            matches!(
                p,
                Problem::Missing {
                    table: mtodir::store::Table::Upns,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "upns: a stray one",
        |txn| {
            put(
                txn,
                tables::UPNS,
                &[&A[..], b"ghost@a.example"].concat(),
                &424_242u32.to_be_bytes(),
            )
        },
        |p| {
            matches!(
                p,
                Problem::Stray {
                    table: mtodir::store::Table::Upns,
                    ..
                }
            )
        },
    );
}

#[test]
fn homes_object_ids_group_names_and_tenant_handles() {
    use mtodir::store::Table;
    found_and_repaired(
        "homes: one removed",
        |txn| remove(txn, tables::HOMES, |_| true),
        |p| {
            matches!(
                p,
                Problem::Missing {
                    table: Table::Homes,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "object_ids: one removed",
        |txn| remove(txn, tables::OBJECT_IDS, |_| true),
        |p| {
            matches!(
                p,
                Problem::Missing {
                    table: Table::ObjectIds,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "object_ids: a stray one",
        |txn| {
            put(
                txn,
                tables::OBJECT_IDS,
                &[7u8; 16],
                &keys::object(mtodir::model::TenantOrd(1), mtodir::model::ObjOrd(424_242)),
            )
        },
        |p| {
            matches!(
                p,
                Problem::Stray {
                    table: Table::ObjectIds,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "group_names: one removed",
        |txn| remove(txn, tables::GROUP_NAMES, |_| true),
        |p| {
            matches!(
                p,
                Problem::Missing {
                    table: Table::GroupNames,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "tenant_handles: one removed",
        |txn| remove(txn, tables::TENANT_HANDLES, |_| true),
        |p| {
            matches!(
                p,
                Problem::Missing {
                    table: Table::TenantHandles,
                    ..
                }
            )
        },
    );
    found_and_repaired(
        "tenant_handles: a stray one",
        |txn| put(txn, tables::TENANT_HANDLES, b"ghost", &9u32.to_be_bytes()),
        |p| {
            matches!(
                p,
                Problem::Stray {
                    table: Table::TenantHandles,
                    ..
                }
            )
        },
    );
}

#[test]
fn a_counter_behind_the_ordinals_in_use() {
    found_and_repaired(
        "meta: next_object behind",
        |txn| put(txn, tables::META, b"next_object", &2u32.to_be_bytes()),
        |p| {
            matches!(
                p,
                Problem::Counter {
                    name: "next_object",
                    next: 2,
                    ..
                }
            )
        },
    );
}

#[test]
fn damage_to_the_records_is_reported_and_left() {
    let (dir, _) = fixture();
    damage(&db_path(&dir), |txn| {
        // The second change of tenant B, and a group of tenant A.
        let mut key = 2u32.to_be_bytes().to_vec();
        key.extend_from_slice(&2u64.to_be_bytes());
        txn.open_table(tables::FEED).unwrap().remove(key.as_slice()).unwrap();
        remove(txn, tables::GROUPS, in_a);
    });
    let directory = Directory::open(db_path(&dir)).unwrap();
    let report = directory.check().unwrap();
    let gap = |p: &Problem| matches!(p, Problem::FeedGap { expected: 2, found: 3, tenant } if tenant == "B");
    let group = |p: &Problem| matches!(p, Problem::NoSuchGroup { .. });
    assert!(report.problems.iter().any(gap), "{report}");
    assert!(report.problems.iter().any(group), "{report}");
    assert!(!report.repairable());
    directory.repair().unwrap();
    let after = directory.check().unwrap();
    assert!(after.problems.iter().all(|p| gap(p) || group(p)), "{after}");
    assert!(
        after.problems.iter().any(gap) && after.problems.iter().any(group),
        "{after}"
    );
}

#[test]
fn the_check_statement_is_the_operators() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let said = text(&mut s, "check");
    assert!(said.contains("no problems found"), "{said}");
    assert!(said.contains("redb's check of the pages passed"), "{said}");
    one(&mut s, "use tenant B");
    let e = error(&mut s, "check");
    assert!(
        matches!(
            e.root(),
            Error::Denied {
                action: Action::CheckFile,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn check_inside_a_transaction_checks_what_it_sees() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "begin; create user one@b.example in tenant B");
    let report = s.check().unwrap();
    assert_eq!(
        report.integrity,
        Integrity::Skipped(mtodir::store::problems::Skip::InTransaction)
    );
    assert!(report.is_sound(), "{report}");
    assert_eq!(report.counted.users, 44);
    one(&mut s, "rollback");
    // Another session's snapshot keeps redb's page check from running, and it says so.
    let snapshot = s.snapshot().unwrap();
    let report = directory.check().unwrap();
    assert_eq!(
        report.integrity,
        Integrity::Skipped(mtodir::store::problems::Skip::Busy)
    );
    drop(snapshot);
    assert_eq!(directory.check().unwrap().integrity, Integrity::Verified);
}

fn mtodir(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtodir"))
        .args(args)
        .output()
        .expect("mtodir runs")
}

#[test]
fn the_command_line_checks_and_repairs() {
    let (dir, before) = fixture();
    let path = db_path(&dir);
    let file = path.to_str().unwrap();
    let ok = mtodir(&[file, "--check"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("no problems found"));
    damage(&path, |txn| {
        remove(txn, tables::POSTINGS, block_of(2));
        remove(txn, tables::UPNS, in_a);
    });
    let found = mtodir(&[file, "--check"]);
    let said = String::from_utf8_lossy(&found.stdout);
    assert_eq!(found.status.code(), Some(1), "{said}");
    assert!(
        said.contains("upns lacks the UPN") && said.contains("--repair"),
        "{said}"
    );
    let repaired = mtodir(&[file, "--repair"]);
    let said = String::from_utf8_lossy(&repaired.stdout);
    assert!(
        repaired.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&repaired.stderr)
    );
    assert!(
        said.contains("rebuilt the postings") && said.ends_with("no problems found\n"),
        "{said}"
    );
    assert!(mtodir(&[file, "--check"]).status.success());
    let directory = Directory::open(&path).unwrap();
    assert_eq!(fingerprint(&mut directory.session()), before);
    // A file that is not there is not created to be checked.
    let missing = dir.path().join("missing.redb");
    let out = mtodir(&[missing.to_str().unwrap(), "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    assert!(!missing.exists());
}

/// A repair of a file large enough that the rebuild's bulk buffer moves to a thread of its
/// own, which then derives the users' entries: the file is sound again and answers as before.
#[test]
fn a_large_file_is_repaired_with_its_entries_derived_aside() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "generate users into tenant A count 6000 seed 5");
    let before = fingerprint(&mut s);
    drop(s);
    drop(directory);
    damage(&db_path(&dir), |txn| remove(txn, tables::POSTINGS, block_of(1)));
    let directory = Directory::open(db_path(&dir)).unwrap();
    assert!(!directory.check().unwrap().is_sound());
    let rebuilt = directory.repair().unwrap();
    assert_eq!(rebuilt.users, 6043);
    let after = directory.check().unwrap();
    assert!(after.is_sound(), "{after}");
    assert_eq!(fingerprint(&mut directory.session()), before);
}

//! Crash and fault injection at every write: each write path runs on a disk that fails at its
//! Nth write, `set_len` or sync, with an I/O error once (a full disk, EIO) or a power loss
//! (everything not synced lost, or a seeded half of it kept). The surviving bytes are opened
//! again on a reliable disk, where redb's integrity check and mtodir's `check` must pass and
//! the directory must be exactly as it was before the write or after it, never between; the
//! caller must have had a typed error, and a write reported done must have survived.
//!
//! CI tries a few seeded failure points per path; `MTODIR_FAULT_POINTS=N` tries N of them
//! (`all`: every one; `MTODIR_FAULT_SEED` picks them), `MTODIR_FAULT_USERS=N` sizes the bulk loads, e.g.
//! `MTODIR_FAULT_POINTS=200 MTODIR_FAULT_USERS=3000 cargo test --release --test faults -- --nocapture`.

mod common;
mod support;

use mtodir::{Directory, Error};
use std::path::PathBuf;
use support::faulty::{Disk, Fault};
use support::harness::{Write, WritePath, open, prepared, run_path, users};

/// A CSV of `n` generated users of domain `d.example`, for imports.
fn users_csv(n: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.csv");
    let scratch = Directory::open(dir.path().join("scratch.redb")).unwrap();
    scratch
        .session()
        .execute(&format!(
            "create tenant D domain d.example; generate users into tenant D count {n} seed 11;
             export users of tenant D to \"{}\"",
            path.display()
        ))
        .unwrap();
    (dir, path)
}

const DEMO_AND_D: &str = "demo; create tenant D name \"Delta\" domain d.example";

#[test]
fn a_single_statement() {
    let t = run_path(&WritePath {
        name: "statement",
        setup: "demo".into(),
        write: Write::Statements(
            "update user bob@b.example in tenant B set jobTitle = \"Lead\", city = \"Oslo\"".into(),
        ),
    });
    assert!(t.kept_before > 0);
}

#[test]
fn a_begin_commit_block() {
    run_path(&WritePath {
        name: "begin … commit",
        setup: "demo".into(),
        write: Write::Statements(
            "begin;
             create user one@b.example in tenant B with displayName = \"One\";
             update user bob@b.example in tenant B set city = \"Oslo\";
             delete user barbara@b.example in tenant B;
             create group Team in tenant B;
             add user one@b.example to group Team in tenant B;
             commit"
                .into(),
        ),
    });
}

#[test]
fn a_bulk_import_that_spills_runs() {
    let (_dir, csv) = users_csv(users());
    run_path(&WritePath {
        name: "import",
        setup: DEMO_AND_D.into(),
        write: Write::Statements(format!("import users into tenant D from \"{}\"", csv.display())),
    });
}

#[test]
fn generate() {
    run_path(&WritePath {
        name: "generate",
        setup: DEMO_AND_D.into(),
        write: Write::Statements(format!("generate users into tenant D count {} seed 5", users())),
    });
}

#[test]
fn compaction() {
    run_path(&WritePath {
        name: "compaction",
        setup: format!(
            "{DEMO_AND_D}; generate users into tenant D count {} seed 5;
             update users in tenant D where department = \"Sales\" set city = \"Oslo\"",
            users()
        ),
        write: Write::Compact,
    });
}

#[test]
fn the_audit_trail() {
    run_path(&WritePath {
        name: "audit trail",
        setup: format!(
            "{DEMO_AND_D}; generate users into tenant D count {} seed 5",
            users() / 2
        ),
        write: Write::Statements(
            "update users in tenant D where department = \"Engineering\" set jobTitle = \"Engineer\", city = \"Oslo\""
                .into(),
        ),
    });
}

/// Regression: a bulk load whose page cache is full writes pages before it commits, and a
/// failure of such a write was reported as a refusal of the user being loaded (`users.csv,
/// line 148: …`, `generated user 150 was refused: …`). It is the file's failure.
#[test]
fn a_disk_failure_during_a_bulk_load_is_not_blamed_on_a_user() {
    let (_dir, csv) = users_csv(users());
    let start = prepared(DEMO_AND_D);
    for text in [
        format!("import users into tenant D from \"{}\"", csv.display()),
        format!("generate users into tenant D count {} seed 5", users()),
    ] {
        let disk = Disk::new(start.clone());
        let directory = open(&disk);
        disk.arm(0, Fault::Error(std::io::ErrorKind::StorageFull));
        let e = directory.session().execute(&text).expect_err("the first write fails");
        assert!(matches!(e.root(), Error::FileIo(_)), "{text}: {e:?}");
        let said = e.to_string();
        assert!(!said.contains("line") && !said.contains("refused"), "{said}");
    }
}

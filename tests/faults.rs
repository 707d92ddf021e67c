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

use common::stable_fingerprint;
use mtodir::{Directory, Error, Integrity, Options, Session};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;
use support::faulty::{Disk, Fault};

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// How many failure points a path tries (`None`: all of them).
fn budget() -> Option<usize> {
    match std::env::var("MTODIR_FAULT_POINTS").as_deref() {
        Ok("all") => None,
        _ => Some(env_number("MTODIR_FAULT_POINTS").map_or(4, |n| n as usize)),
    }
}

/// How many users a bulk load writes.
fn users() -> u64 {
    env_number("MTODIR_FAULT_USERS").unwrap_or(150)
}

/// Options that make bulk loads spill sorted runs to temporary files often.
fn options() -> Options {
    Options {
        cache_bytes: 4 << 20,
        bulk_spill_entries: 2_000,
        ..Options::default()
    }
}

/// The write under test.
enum Write {
    /// Statements run through one session.
    Statements(String),
    /// `Directory::compact`.
    Compact,
}

/// One write path: the state it starts from, and the write.
struct WritePath {
    name: &'static str,
    setup: String,
    write: Write,
}

/// What the runs of a path came to.
#[derive(Debug, Default)]
struct Tally {
    calls: u64,
    points: usize,
    runs: usize,
    kept_before: usize,
    kept_after: usize,
    told_ok: usize,
    told_io: usize,
    told_unusable: usize,
}

fn open(disk: &Disk) -> Directory {
    Directory::open_backend(disk.backend(), options()).expect("the disk opens")
}

/// Runs the write: the caller's outcome, and whether the session then works or says it
/// does not.
fn write(directory: &mut Directory, w: &Write) -> Result<(), Error> {
    match w {
        Write::Compact => directory.compact().map(|_| ()),
        Write::Statements(text) => {
            let mut s = directory.session();
            let outcome = s.execute(text).map(|_| ());
            if outcome.is_err() {
                assert!(!s.in_transaction(), "a failed write leaves no transaction open");
            }
            probe(&mut s);
            outcome
        }
    }
}

/// After a failure the session works, or says it cannot (a typed error): a read, and a
/// write that is rolled back.
fn probe(s: &mut Session<'_>) {
    for text in [
        "count users in tenant A",
        "begin; create user probe@a.example in tenant A; rollback",
    ] {
        if let Err(e) = s.execute(text) {
            assert!(
                matches!(e.root(), Error::FileIo(_) | Error::Unusable),
                "`{text}` after a failure: {e:?}"
            );
        }
        s.rollback();
    }
}

/// The stable fingerprint of a directory on these bytes, after checking it.
fn checked_fingerprint(bytes: Vec<u8>, what: &str) -> String {
    let directory = open(&Disk::new(bytes));
    let report = directory.check().expect("the check runs");
    assert!(
        report.is_sound() && report.integrity == Integrity::Verified,
        "{what}: {report}"
    );
    stable_fingerprint(&mut directory.session())
}

/// The bytes of a directory after `setup`.
fn prepared(setup: &str) -> Vec<u8> {
    let template = Disk::default();
    {
        let directory = open(&template);
        directory.session().execute(setup).expect("the setup runs");
    }
    template.surviving()
}

fn run_path(path: &WritePath) -> Tally {
    let start = prepared(&path.setup);
    let before = checked_fingerprint(start.clone(), "before");
    let reference = Disk::new(start.clone());
    {
        let mut directory = open(&reference);
        reference.count();
        write(&mut directory, &path.write).expect("the write runs on a reliable disk");
    }
    let mut tally = Tally {
        calls: reference.calls(),
        ..Tally::default()
    };
    let after = checked_fingerprint(reference.surviving(), "after");
    let mut rng = ChaCha8Rng::seed_from_u64(env_number("MTODIR_FAULT_SEED").unwrap_or(13));
    let total = tally.calls as usize;
    let mut points: Vec<usize> = match budget() {
        Some(n) if n < total => sample(&mut rng, total, n).into_vec(),
        _ => (0..total).collect(),
    };
    // The first and the last calls are always among them.
    points.extend([0, total.saturating_sub(1)]);
    points.sort_unstable();
    points.dedup();
    tally.points = points.len();
    for k in points {
        for fault in Fault::all(k as u64) {
            let what = format!("{}: call {k} of {total}, {fault:?}", path.name);
            let disk = Disk::new(start.clone());
            let mut directory = open(&disk);
            disk.arm(k as u64, fault);
            let outcome = write(&mut directory, &path.write);
            drop(directory);
            assert!(disk.fired().is_some(), "{what}: the fault did not fire");
            match &outcome {
                Ok(()) => tally.told_ok += 1,
                Err(e) => match e.root() {
                    Error::FileIo(_) => tally.told_io += 1,
                    Error::Unusable => tally.told_unusable += 1,
                    _ => panic!("{what}: the caller was told {e:?}"),
                },
            }
            let found = checked_fingerprint(disk.surviving(), &what);
            tally.runs += 1;
            if found == after && outcome.is_ok() {
                tally.kept_after += 1;
            } else if found == before && outcome.is_err() {
                tally.kept_before += 1;
            } else if found == after {
                // Told of an error, but the write had reached the disk whole.
                tally.kept_after += 1;
            } else {
                let reported = if outcome.is_ok() {
                    "it was reported done"
                } else {
                    "it failed"
                };
                panic!("{what}: the directory is neither as before nor as after the write ({reported})");
            }
        }
    }
    eprintln!(
        "{}: {} disk calls; {} failure points x 3 faults = {} runs: {} as before, {} as after; told: {} ok, {} I/O error, {} unusable",
        path.name,
        tally.calls,
        tally.points,
        tally.runs,
        tally.kept_before,
        tally.kept_after,
        tally.told_ok,
        tally.told_io,
        tally.told_unusable
    );
    tally
}

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

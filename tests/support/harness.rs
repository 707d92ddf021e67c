//! The fault-injection harness of `tests/faults.rs` and `tests/faults_org.rs`: a write path
//! (the state it starts from and the write) runs once on a reliable disk to count its disk
//! calls, then fails at each of a seeded sample of them with each kind of fault; the surviving
//! bytes must open, pass redb's check and mtodir's `check`, and hold the state before the write
//! or after it (`crate::common::stable_fingerprint`), never anything between.
//!
//! `MTODIR_FAULT_POINTS=N|all` tries N (or every) failure point per path, `MTODIR_FAULT_SEED`
//! picks them, `MTODIR_FAULT_USERS=N` sizes the bulk loads.

use super::faulty::{Disk, Fault};
use crate::common::stable_fingerprint;
use mtodir::{Directory, Error, Integrity, Options, Session};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;

pub fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// How many failure points a path tries (`None`: all of them); `ci` unless told.
pub fn budget(ci: usize) -> Option<usize> {
    match std::env::var("MTODIR_FAULT_POINTS").as_deref() {
        Ok("all") => None,
        _ => Some(env_number("MTODIR_FAULT_POINTS").map_or(ci, |n| n as usize)),
    }
}

/// How many users a bulk load writes.
pub fn users() -> u64 {
    env_number("MTODIR_FAULT_USERS").unwrap_or(150)
}

/// Options that make bulk loads spill sorted runs to temporary files often.
pub fn options() -> Options {
    Options {
        cache_bytes: 4 << 20,
        bulk_spill_entries: 2_000,
        ..Options::default()
    }
}

/// The write under test.
pub enum Write {
    /// Statements run through one session.
    Statements(String),
    /// `Directory::compact`.
    Compact,
}

/// One write path: the state it starts from, and the write.
pub struct WritePath {
    pub name: &'static str,
    pub setup: String,
    pub write: Write,
}

/// What the runs of a path came to.
#[derive(Debug, Default)]
pub struct Tally {
    pub calls: u64,
    pub points: usize,
    pub runs: usize,
    pub kept_before: usize,
    pub kept_after: usize,
    pub told_ok: usize,
    pub told_io: usize,
    pub told_unusable: usize,
}

pub fn open(disk: &Disk) -> Directory {
    Directory::open_backend(disk.backend(), options()).expect("the disk opens")
}

/// Runs the write: the caller's outcome, and whether the session then works or says it
/// does not.
pub fn write(directory: &mut Directory, w: &Write) -> Result<(), Error> {
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
pub fn probe(s: &mut Session<'_>) {
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
pub fn checked_fingerprint(bytes: Vec<u8>, what: &str) -> String {
    let directory = open(&Disk::new(bytes));
    let report = directory.check().expect("the check runs");
    assert!(
        report.is_sound() && report.integrity == Integrity::Verified,
        "{what}: {report}"
    );
    stable_fingerprint(&mut directory.session())
}

/// The bytes of a directory after `setup`.
pub fn prepared(setup: &str) -> Vec<u8> {
    let template = Disk::default();
    {
        let directory = open(&template);
        directory.session().execute(setup).expect("the setup runs");
    }
    template.surviving()
}

pub fn run_path(path: &WritePath) -> Tally {
    run_sampled(path, 4)
}

/// Runs a path at `ci` sampled failure points (plus the first and the last call) unless
/// `MTODIR_FAULT_POINTS` says otherwise.
pub fn run_sampled(path: &WritePath, ci: usize) -> Tally {
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
    let mut points: Vec<usize> = match budget(ci) {
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
                panic!(
                    "{what}: the directory is neither as before nor as after the write ({reported}); first difference from after:\n{}",
                    first_difference(&after, &found)
                );
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

/// The first line where two fingerprints differ, with both versions.
pub fn first_difference(expected: &str, found: &str) -> String {
    let (mut e, mut f) = (expected.lines(), found.lines());
    loop {
        match (e.next(), f.next()) {
            (None, None) => return "(none)".into(),
            (a, b) if a == b => {}
            (a, b) => return format!("expected: {}\n   found: {}", a.unwrap_or("(end)"), b.unwrap_or("(end)")),
        }
    }
}

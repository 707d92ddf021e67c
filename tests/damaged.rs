//! Damaged files: copies of a real file with bytes flipped (seeded). Opening, reading and
//! checking them never lets a panic escape (redb panics on some damaged files; the boundary
//! that opens and reads the file catches it): each gives a typed error, or answers, and when
//! `check` finds the file sound the answers are the original ones. A redb file in a bad state
//! is called damaged, in redb's words, not "not an mtodir database".
//!
//! CI flips a few dozen copies; `MTODIR_FLIPS=N` flips N.

mod common;

use common::demo;
use mtodir::{Directory, Error, Output};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const QUERIES: &[&str] = &[
    "show tenants",
    "search people in tenant A for \"an\" limit 50",
    "count users in tenant A where department = \"Sales\"",
    "find users in tenant A where city = \"Seattle\" order by userPrincipalName limit 50",
    "search address list in tenant B",
    "show user bob@b.example in tenant B",
    "show group Collab in tenant A",
    "show changes in tenant B limit 20",
];

/// A real file: the demo and 150 generated users.
fn original() -> (tempfile::TempDir, Vec<u8>) {
    let (dir, directory) = demo();
    directory
        .session()
        .execute("generate users into tenant A count 150 seed 3")
        .unwrap();
    drop(directory);
    let bytes = std::fs::read(common::db_path(&dir)).unwrap();
    (dir, bytes)
}

fn answers(directory: &Directory) -> Vec<Result<Vec<Output>, String>> {
    let mut s = directory.session();
    QUERIES
        .iter()
        .map(|q| s.execute(q).map_err(|e| e.to_string()))
        .collect()
}

/// What became of one damaged copy.
fn outcome(path: &Path, expected: &[Result<Vec<Output>, String>]) -> String {
    let directory = match Directory::open(path) {
        Ok(d) => d,
        Err(e) => return format!("refused at open: {}", kind(&e)),
    };
    let got = answers(&directory);
    let failed = got.iter().filter(|a| a.is_err()).count();
    match directory.check() {
        Err(e) => format!("opened; the check failed: {} {e:?}", kind(&e)),
        Ok(report) if report.is_sound() => {
            assert_eq!(got, expected, "{}: a sound file answers as before", path.display());
            "opened; sound".to_owned()
        }
        Ok(report) => {
            let first = report.problems.first().map_or(String::new(), |p| format!("{p:?}"));
            let what: String = first.chars().take_while(|c| c.is_alphanumeric()).collect();
            format!("opened; {failed} queries failed; check found {what}")
        }
    }
}

fn kind(e: &Error) -> String {
    format!("{:?}", e.root())
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

#[test]
fn flipped_bytes_never_panic_and_never_answer_wrongly() {
    let (dir, bytes) = original();
    let expected = answers(&Directory::open(common::db_path(&dir)).unwrap());
    let copies: u64 = std::env::var("MTODIR_FLIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for seed in 0..copies {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut damaged = bytes.clone();
        // A third of the copies are damaged in the first pages (the header, the roots).
        let span = if seed % 3 == 0 { 16 << 10 } else { damaged.len() };
        for _ in 0..rng.random_range(1..=8) {
            let at = rng.random_range(0..span.min(damaged.len()));
            damaged[at] ^= rng.random_range(1..=255u8);
        }
        let path = dir.path().join(format!("flipped-{seed}.redb"));
        std::fs::write(&path, &damaged).unwrap();
        let said = std::panic::catch_unwind(|| outcome(&path, &expected))
            .unwrap_or_else(|_| panic!("copy {seed}: a panic escaped (see above)"));
        *seen.entry(said).or_default() += 1;
        if seed % 7 == 0 {
            // The command line says what is wrong, and never shows a panic.
            let out = Command::new(env!("CARGO_BIN_EXE_mtodir"))
                .args([path.to_str().unwrap(), "--check"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(matches!(out.status.code(), Some(0 | 1)), "copy {seed}: {stderr}");
            assert!(!stderr.contains("panicked"), "copy {seed}: {stderr}");
        }
        std::fs::remove_file(&path).unwrap();
    }
    for (said, n) in &seen {
        eprintln!("{n:4} × {said}");
    }
}

#[test]
fn a_damaged_redb_file_is_called_damaged_in_redbs_words() {
    let (dir, mut bytes) = original();
    // The header's page size, which redb checks before anything else.
    bytes[16..20].copy_from_slice(&3u32.to_le_bytes());
    let path = dir.path().join("bad-header.redb");
    std::fs::write(&path, &bytes).unwrap();
    let e = Directory::open(&path).err().expect("a damaged header does not open");
    let said = e.to_string();
    assert!(matches!(e, Error::Damaged { file: Some(_), .. }), "{e:?}");
    assert!(said.contains("bad-header.redb is damaged"), "{said}");
    assert!(said.contains("--check") && !said.contains("not an mtodir"), "{said}");
}

/// Regression: a byte flipped in a table's stored types made reading it a bare "storage
/// error"; it is damage. A `meta` table of other types is another program's file.
#[test]
fn tables_of_other_types_are_damage_or_another_programs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.redb");
    {
        let db = redb::Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
        txn.open_table(meta).unwrap().insert("apples", 3).unwrap();
        txn.commit().unwrap();
    }
    let e = Directory::open(&path).err().expect("another program's file");
    assert!(matches!(&e, Error::Format(m) if m.contains("another program")), "{e:?}");
    let mismatch = redb::Error::TableTypeMismatch {
        table: "users".into(),
        key: <&str as redb::Value>::type_name(),
        value: <u64 as redb::Value>::type_name(),
    };
    assert!(matches!(Error::from_redb(mismatch), Error::Damaged { .. }));
}

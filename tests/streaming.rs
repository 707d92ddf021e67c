//! Large answers stream (issue 14 item 5, issue 13 item 7): `find users … limit all` through
//! the command line prints every row in each format while the process stays far below what
//! holding the answer would take; `limit all` is refused where an answer would be held.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Users generated for the command-line run (`MTODIR_STREAM_USERS` to change it).
fn users() -> usize {
    std::env::var("MTODIR_STREAM_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000)
}

/// Every column of a user.
fn every_field() -> String {
    mtodir::Attr::ALL
        .iter()
        .filter(|a| **a != mtodir::Attr::Label)
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `mtodir DB -c TEXT ARGS…`, under `/usr/bin/time -v` when it exists; the output and the
/// peak resident set in KiB (when measured).
fn mtodir(db: &Path, text: &str, args: &[&str]) -> (Output, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_mtodir");
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = command
        .arg(db)
        .arg("-c")
        .arg(text)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("mtodir runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "`{text}` failed: {stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok());
    (out, peak)
}

#[test]
fn an_unlimited_answer_streams_in_every_format_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.redb");
    let n = users();
    mtodir(
        &db,
        &format!("create tenant A domain a.example; generate users into tenant A count {n} seed 1"),
        &[],
    );
    let find = format!("find users in tenant A limit all fields {}", every_field());
    // The same answer held whole: a script that writes is one transaction and prints its
    // outputs when it commits (`limit {n}`: a held answer is at most 100,000 rows).
    let held = format!(
        "create tenant Z domain z.example; find users in tenant A limit {n} fields {}",
        every_field()
    );
    let (out, held_peak) = mtodir(&db, &held, &["--format", "json", "--cache-mb", "16"]);
    assert_eq!(json_rows(&out.stdout), n);
    eprintln!("held whole (json): peak resident {}", mib(held_peak));
    for format in ["json", "csv", "table"] {
        let (out, peak) = mtodir(&db, &find, &["--format", format, "--cache-mb", "16"]);
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let rows = match format {
            "json" => json_rows(text.as_bytes()),
            "csv" => csv::Reader::from_reader(text.as_bytes()).records().count(),
            _ => {
                assert!(text.trim_end().ends_with(&format!("({n} rows)")), "table footer");
                text.lines().count() - 3
            }
        };
        assert_eq!(rows, n, "{format}");
        eprintln!(
            "{format}: {n} rows, {} MiB printed, peak resident {}",
            text.len() >> 20,
            mib(peak)
        );
        if let (Some(streamed), Some(held)) = (peak, held_peak) {
            assert!(
                streamed * 2 < held,
                "{format}: streamed {streamed} KiB, held {held} KiB"
            );
        }
    }
}

/// The rows of one JSON document (an array).
fn json_rows(stdout: &[u8]) -> usize {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("one JSON document");
    v.as_array().expect("an array").len()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("(not measured)".into(), |k| format!("{} MiB", k >> 10))
}

#[test]
fn limit_all_is_for_searches_and_materialized_answers_stay_bounded() {
    let (_dir, directory) = common::demo();
    let mut s = directory.session();
    let all = common::rows(&mut s, "find users in tenant A limit all");
    let page = common::rows(&mut s, "find users in tenant A limit 100000");
    assert_eq!(all, page);
    let e = common::error(&mut s, "show changes in tenant A limit all");
    assert!(e.to_string().contains("`limit all` is for searches"), "{e}");
    // Streamed and materialized answers are the same rows.
    let mut streamed = mtodir::Rows::default();
    let mut outputs = Vec::new();
    s.run_streaming("search people in tenant B limit all", &mut streamed, |o| {
        outputs.push(o)
    })
    .unwrap();
    assert!(matches!(outputs[..], [mtodir::Output::Streamed { rows }] if rows == streamed.rows.len() as u64));
    assert_eq!(streamed, common::rows(&mut s, "search people in tenant B limit all"));
}

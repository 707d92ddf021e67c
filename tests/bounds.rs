//! Bounded inputs and answers (docs/LANGUAGE.md, "Limits"): a text too long to parse, an
//! `in` list too long, a `limit` past the most rows an answer holds, too many users to
//! generate, an imported line too long, JSON nested too deeply. Each is a clear, typed error
//! that changes nothing, found before the work it would cost.
//!
//! `MTODIR_BIG=1 cargo test --release --test bounds -- --ignored` also runs the long form:
//! a million users, then the largest answer in each format.

mod common;

use common::{demo, error, fingerprint, one, rows};
use mtodir::format::{Mode, write};
use mtodir::limits::{MAX_IN_VALUES, MAX_ROWS, MAX_SCRIPT_BYTES};
use mtodir::{Error, Limit, Output};
use std::time::{Duration, Instant};

/// The limit of an `Error::TooLarge`, wherever it is wrapped.
fn too_large(e: &Error) -> Limit {
    match e.root() {
        Error::TooLarge { limit, .. } => *limit,
        _ => panic!("expected Error::TooLarge, not {e:?}"),
    }
}

#[test]
fn a_statement_of_100_mb_is_refused_before_it_is_parsed() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let mut text = String::with_capacity(100 << 20);
    text.push_str("search people in tenant A for \"");
    text.extend(std::iter::repeat_n('a', 100 << 20));
    text.push('"');
    let started = Instant::now();
    let e = s.execute(&text).unwrap_err();
    assert_eq!(too_large(&e), Limit::Script);
    assert!(matches!(e, Error::TooLarge { size, .. } if size == text.len() as u64));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(e.to_string().contains("at most 1048576"), "{e}");
    // Just under the bound is parsed.
    let fits = format!(
        "count people in tenant A for \"{}\"",
        "a".repeat(MAX_SCRIPT_BYTES as usize - 40)
    );
    assert_eq!(common::count(&mut s, &fits), 0);
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn an_in_list_of_a_million_values_is_refused() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let list = |n: usize| (0..n).map(|i| format!("'c{i}'")).collect::<Vec<_>>().join(",");
    // A million values do not even fit in a text.
    let e = error(
        &mut s,
        &format!("count users in tenant A where city in ({})", list(1_000_000)),
    );
    assert_eq!(too_large(&e), Limit::Script);
    // One more than the bound is refused with a caret under the list.
    let text = format!(
        "count users in tenant A where city in ({})",
        list(MAX_IN_VALUES as usize + 1)
    );
    let e = error(&mut s, &text);
    assert_eq!(too_large(&e), Limit::InList);
    match &e {
        Error::Located { diagnostic, .. } => assert_eq!((diagnostic.line, diagnostic.column), (1, 31)),
        other => panic!("not located: {other:?}"),
    }
    let filter = format!("city in ({})", list(MAX_IN_VALUES as usize + 1));
    assert_eq!(too_large(&mtodir::parse_filter(&filter).unwrap_err()), Limit::InList);
    // The bound itself is taken.
    let text = format!(
        "count users in tenant A where city in ({}, Seattle)",
        list(MAX_IN_VALUES as usize - 1)
    );
    assert!(common::count(&mut s, &text) > 0);
}

#[test]
fn no_answer_holds_more_than_max_rows() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for statement in [
        format!("find users in tenant A limit {}", MAX_ROWS + 1),
        format!("search people in tenant A limit {}", u64::MAX),
        format!("show changes in tenant A limit {}", MAX_ROWS + 1),
        format!("show provisioning logs limit {}", MAX_ROWS + 1),
        format!("explain search people in tenant A limit {}", MAX_ROWS * 10),
    ] {
        let e = error(&mut s, &statement);
        assert_eq!(too_large(&e), Limit::Rows, "{statement}");
        assert!(matches!(e, Error::Located { .. }), "{statement}: {e:?}");
    }
    let found = rows(&mut s, &format!("find users in tenant A limit {MAX_ROWS}"));
    assert!(!found.rows.is_empty() && !found.more);
    // `show changes` and `show provisioning logs` without a limit stop at the bound too
    // (here: far below it).
    assert!(!rows(&mut s, "show changes in tenant A").more);
    assert!(!rows(&mut s, "show provisioning logs").more);
    let two = rows(&mut s, "show changes in tenant A limit 2");
    assert_eq!(
        two.strings("seq")
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        2
    );
}

#[test]
fn generating_more_than_max_generate_users_is_refused_at_once() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    for n in [mtodir::limits::MAX_GENERATE + 1, u64::MAX] {
        let started = Instant::now();
        let e = error(&mut s, &format!("generate users into tenant A count {n}"));
        assert_eq!(too_large(&e), Limit::Generate);
        assert!(started.elapsed() < Duration::from_secs(2));
        let e = s.generate_users("A", n, 1).unwrap_err();
        assert_eq!(too_large(&e), Limit::Generate);
    }
    assert_eq!(fingerprint(&mut s), before);
}

/// The line of an `Error::Import`.
fn import_line(e: &Error) -> u64 {
    match e.root() {
        Error::Import { line, .. } => *line,
        _ => panic!("expected Error::Import, not {e:?}"),
    }
}

#[test]
fn a_csv_line_of_50_mb_and_json_nested_a_million_deep_are_clear_import_errors() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let long = format!(
        "userPrincipalName,displayName\nzed@a.example,Zed\nyan@a.example,\"{}\"\n",
        "y".repeat(50 << 20)
    );
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(1_000_000), close.repeat(1_000_000));
    let cases = [
        ("long.csv", long.clone(), 3),
        (
            "long-entra.csv",
            format!(
                "version:v1.0\n{}",
                long.replace(
                    "userPrincipalName,displayName",
                    "User name [userPrincipalName],Name [displayName]"
                )
            ),
            4,
        ),
        (
            "long.jsonl",
            format!(
                "{{\"userPrincipalName\": \"zed@a.example\"}}\n{{\"displayName\": \"{}\"}}\n",
                "y".repeat(50 << 20)
            ),
            2,
        ),
        ("deep.json", format!("{{\"value\": [{}]}}", deep("[", "]")), 1),
        (
            "deep-objects.json",
            format!("{{\"value\": [{}]}}", deep("{\"a\":", "}")),
            1,
        ),
        (
            "deep.jsonl",
            format!("{{\"userPrincipalName\": \"zed@a.example\"}}\n{}\n", deep("[", "]")),
            2,
        ),
    ];
    for (name, content, line) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let started = Instant::now();
        let statement = format!("import users into tenant A from \"{}\"", path.display());
        let e = error(&mut s, &statement);
        assert_eq!(import_line(&e), line, "{name}: {e}");
        assert!(e.to_string().contains(name), "{name}: {e}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name}: {:?}",
            started.elapsed()
        );
        std::fs::remove_file(&path).unwrap();
    }
    assert_eq!(fingerprint(&mut s), before);
}

/// The long form: a tenant of a million users, then the largest held answer in each format,
/// and a held answer of all of them refused (`limit all` streams through
/// `Session::run_streaming` instead: `tests/streaming.rs`). Run by hand (`MTODIR_BIG=1`,
/// release).
#[test]
#[ignore = "long: a million users (MTODIR_BIG=1 cargo test --release --test bounds -- --ignored)"]
fn a_million_row_answer_is_refused_and_the_largest_allowed_one_is_written_in_each_format() {
    if std::env::var_os("MTODIR_BIG").is_none() {
        return;
    }
    let (_dir, directory) = common::empty();
    let mut s = directory.session();
    one(&mut s, "create tenant A domain a.example");
    one(&mut s, "generate users into tenant A count 1000000 seed 1");
    let e = error(&mut s, "find users in tenant A limit all");
    assert_eq!(too_large(&e), Limit::Rows);
    let e = error(&mut s, &format!("find users in tenant A limit {}", MAX_ROWS + 1));
    assert_eq!(too_large(&e), Limit::Rows);
    for mode in [Mode::Table, Mode::Json, Mode::Csv] {
        let out = one(&mut s, &format!("find users in tenant A limit {MAX_ROWS}"));
        let Output::Rows(r) = &out else { panic!("rows") };
        assert_eq!(r.rows.len() as u64, MAX_ROWS);
        assert!(r.more);
        let mut sink = Counter(0);
        write(&out, mode, &mut sink).unwrap();
        assert!(sink.0 > MAX_ROWS, "{mode:?} wrote {} bytes", sink.0);
        eprintln!("{mode:?}: {} bytes, peak resident {}", sink.0, peak());
    }
}

/// A provisioning log of more than MAX_ROWS entries (an initial cycle of ~110k users): an
/// answer without a limit holds MAX_ROWS of them and says that more follow, in every format.
/// Run by hand (`MTODIR_BIG=1`, release).
#[test]
#[ignore = "long: a 110k-user initial cycle (MTODIR_BIG=1 cargo test --release --test bounds -- --ignored)"]
fn a_provisioning_log_longer_than_max_rows_is_cut_at_the_bound() {
    if std::env::var_os("MTODIR_BIG").is_none() {
        return;
    }
    let (_dir, directory) = common::empty();
    let mut s = directory.session();
    let template = "set organization template inbound sync = allow, inbound redemption = automatic, \
                    outbound redemption = automatic";
    let script = format!(
        "create tenant S domain s.example; create tenant T domain t.example;
         create organization \"Big\" as tenant S; {template} as tenant S;
         add tenant T to organization as tenant S; {template} as tenant T;
         join organization \"Big\" as tenant T;
         generate users into tenant S count 120000 seed 3;
         create sync \"S to T\" from tenant S to tenant T scope all users; start sync \"S to T\";
         run sync \"S to T\";"
    );
    s.execute_script(&script).unwrap();
    let out = one(&mut s, "show provisioning logs");
    let Some(r) = out.rows() else { panic!("rows") };
    assert_eq!(r.rows.len() as u64, MAX_ROWS);
    assert!(r.more);
    for mode in [Mode::Table, Mode::Json, Mode::Csv] {
        let mut sink = Counter(0);
        write(&out, mode, &mut sink).unwrap();
        eprintln!("{mode:?}: {} bytes, peak resident {}", sink.0, peak());
    }
    let last = one(&mut s, &format!("show provisioning logs limit {MAX_ROWS}"));
    assert!(last.rows().is_some_and(|r| !r.more && r.rows.len() as u64 == MAX_ROWS));
}

/// Counts the bytes written to it.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// This process's peak resident memory, as Linux reports it.
fn peak() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(str::to_owned))
        .unwrap_or_default()
}

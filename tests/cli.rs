//! The real `mtodir` binary: `-c`, `-f`, `--format`, exit statuses and messages, and the REPL
//! reading piped input.

mod common;

use common::fingerprint;
use mtodir::Directory;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// A temporary folder with a database path in it (the file is created by the first run).
fn folder() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.redb");
    (dir, db)
}

/// `mtodir ARGS…` run in `dir` with `HOME` there (the REPL keeps its history in `HOME`), and
/// `stdin` piped in.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtodir"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mtodir");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("mtodir runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `mtodir DB -c TEXT [extra…]` and insists on success.
fn ok(dir: &Path, db: &Path, text: &str, extra: &[&str]) -> String {
    let mut args = vec![db.to_str().unwrap(), "-c", text];
    args.extend(extra);
    let out = run(dir, &args, "");
    assert!(
        out.status.success(),
        "`{text}` failed with {:?}: {}",
        out.status.code(),
        stderr(&out)
    );
    stdout(&out)
}

/// A database holding the demo before anyone is shared (`demo without sync`).
fn demo_db() -> (TempDir, PathBuf) {
    let (dir, db) = folder();
    let out = ok(dir.path(), &db, "demo without sync", &[]);
    assert!(out.contains("loaded the sample organization"), "{out}");
    (dir, db)
}

/// The fingerprint of the database file, read through the library.
fn state(db: &Path) -> String {
    let directory = Directory::open(db).unwrap();
    fingerprint(&mut directory.session())
}

#[test]
fn demo_then_people_search_in_b_prints_the_four_collaborators_as_a_table() {
    // `demo` shares each tenant's Collab group and runs the syncs: B finds the seeds' four.
    let (dir, db) = folder();
    let out = ok(dir.path(), &db, "demo", &[]);
    assert!(out.contains("the syncs have run"), "{out}");
    let out = ok(
        dir.path(),
        &db,
        "search people in tenant B where userType = Member fields displayName, mail, label",
        &[],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("displayName"), "{out}");
    assert!(lines[0].contains("| mail"), "{out}");
    assert!(lines[1].starts_with("---"), "{out}");
    let expected = [
        ("Annie Adams", "annie@a.example", "US"),
        ("Barbara Becker", "barbara@b.example", ""),
        ("Bob Baker", "bob@b.example", ""),
        ("Charlie Chen", "charlie@c.example", "APAC"),
    ];
    for (line, (name, mail, label)) in lines[2..6].iter().zip(expected) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cells, [name, mail, label], "{out}");
    }
    assert_eq!(lines[6], "(4 rows)");
    assert_eq!(lines.len(), 7, "{out}");
}

#[test]
fn demo_without_sync_shows_bob_and_barbara_only_in_b() {
    let (dir, db) = demo_db();
    let out = ok(
        dir.path(),
        &db,
        "search people in tenant B where userType = Member",
        &[],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[2].starts_with("Barbara Becker"), "{out}");
    assert!(lines[3].starts_with("Bob Baker"), "{out}");
    assert_eq!(lines[4], "(2 rows)");
    assert!(!out.contains("Annie"), "{out}");
}

#[test]
fn json_output_is_an_array_of_objects_with_graph_property_names() {
    let (dir, db) = demo_db();
    let out = ok(
        dir.path(),
        &db,
        "search people in tenant B where userType = Member",
        &["--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let users = value.as_array().expect("an array");
    assert_eq!(users.len(), 2);
    for user in users {
        let keys: Vec<&str> = user.as_object().unwrap().keys().map(String::as_str).collect();
        for key in ["displayName", "mail", "jobTitle", "department", "city", "country"] {
            assert!(keys.contains(&key), "{key} missing: {user}");
        }
    }
    assert_eq!(users[0]["mail"], "barbara@b.example");
    assert_eq!(users[1]["mail"], "bob@b.example");
    assert_eq!(users[1]["displayName"], "Bob Baker");
    // A user with every attribute: booleans stay booleans, lists are arrays, nulls are null.
    let out = ok(
        dir.path(),
        &db,
        "show user bob@b.example in tenant B",
        &["--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let bob = &value[0];
    assert_eq!(bob["accountEnabled"], true);
    assert_eq!(bob["manager"], "barbara@b.example");
    assert_eq!(bob["memberOf"], serde_json::json!(["Collab"]));
    assert!(bob["homeTenant"].is_null());
    // A count.
    let out = ok(dir.path(), &db, "count people in tenant B", &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["count"], 2);
}

#[test]
fn csv_output_has_a_header_row() {
    let (dir, db) = demo_db();
    let out = ok(
        dir.path(),
        &db,
        "search people in tenant B where userType = Member fields displayName, mail, jobTitle",
        &["--format", "csv"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "displayName,mail,jobTitle");
    assert_eq!(lines[1], "Barbara Becker,barbara@b.example,Head of Sales Europe");
    assert_eq!(lines[2], "Bob Baker,bob@b.example,Senior Account Manager");
    assert_eq!(lines.len(), 3);
    let out = ok(dir.path(), &db, "count users in tenant B", &["--format", "csv"]);
    assert_eq!(out.trim_end(), "count\n5");
}

#[test]
fn an_unknown_output_format_is_refused() {
    let (dir, db) = folder();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap(), "--format", "xml", "-c", "whoami"],
        "",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("table, json, csv"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn c_runs_several_statements_in_order() {
    let (dir, db) = demo_db();
    let out = ok(
        dir.path(),
        &db,
        "create user nina@b.example in tenant B with displayName = \"Nina Neu\"; count people in tenant B",
        &[],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["created user nina@b.example in tenant B", "3"]);
    let out = ok(
        dir.path(),
        &db,
        "search people in tenant B for \"nina\" fields mail",
        &["--format", "csv"],
    );
    assert_eq!(out.trim_end(), "mail\nnina@b.example");
}

// ---------------------------------------------------------------------------------------------
// Scripts with -f, and failures

const FAILING_SCRIPT: &str = "show tenants;
create user nina@b.example in tenant B with displayName = \"Nina Neu\";
create user bob@b.example in tenant B;
count people in tenant B;
";

#[test]
fn a_failing_script_changes_nothing_prints_nothing_and_exits_1() {
    let (dir, db) = demo_db();
    let before = state(&db);
    let script = dir.path().join("script.mtoql");
    std::fs::write(&script, FAILING_SCRIPT).unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", script.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "partial output: {}", stdout(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(state(&db), before);
}

#[test]

fn a_failing_script_statement_is_shown_with_its_line_and_caret() {
    let (dir, db) = demo_db();
    let script = dir.path().join("script.mtoql");
    std::fs::write(&script, FAILING_SCRIPT).unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", script.to_str().unwrap()], "");
    let err = stderr(&out);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("line 3"), "the error should say where: {err}");
    assert!(err.contains("3 | create user bob@b.example in tenant B;"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]

fn an_unknown_tenant_in_a_script_is_pointed_at() {
    let (dir, db) = demo_db();
    let script = dir.path().join("script.mtoql");
    std::fs::write(
        &script,
        "show tenants;\ncreate user nina@b.example in tenant B;\ncreate user rob@b.example in tenant Q;\n",
    )
    .unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", script.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("unknown tenant `Q`"), "{err}");
    assert!(err.contains("(line 3, column 37)"), "{err}");
    assert!(err.contains(&format!("| {}^\n", " ".repeat(36))), "{err}");
    // The library's scripts point at it too.
    let directory = Directory::open(&db).unwrap();
    let mut s = directory.session();
    let e = s.execute_script("create user rob@b.example in tenant Q").unwrap_err();
    assert!(e.to_string().contains("(line 1, column 37)"), "{e}");
}

#[test]
fn a_single_failing_statement_is_pointed_at_outside_transactions() {
    // The library's `execute` (one transaction per statement) locates the error.
    let (_dir, directory) = common::demo();
    let mut s = directory.session();
    let e = s.execute("create user rob@b.example in tenant Q").unwrap_err();
    let shown = e.to_string();
    assert!(shown.contains("unknown tenant `Q`"), "{shown}");
    assert!(shown.contains("(line 1, column 37)"), "{shown}");
}

#[test]
fn a_syntax_error_in_a_script_runs_nothing_and_points_at_the_line() {
    let (dir, db) = demo_db();
    let before = state(&db);
    let script = dir.path().join("script.mtoql");
    std::fs::write(
        &script,
        "create user nina@b.example in tenant B;\ncount people in tenant B;\n  serch people in tenant B;\n",
    )
    .unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", script.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("syntax error"), "{err}");
    assert!(err.contains("(line 3, column 3)"), "{err}");
    assert!(err.contains("3 |   serch people in tenant B;"), "{err}");
    assert!(err.contains("|   ^^^^^"), "{err}");
    assert!(err.contains("did you mean `search`"), "{err}");
    assert_eq!(state(&db), before);
}

#[test]
fn a_syntax_error_in_c_exits_non_zero_with_line_column_and_caret() {
    let (dir, db) = demo_db();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap(), "-c", "search peple in tenant B"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("line 1, column 8"), "{err}");
    assert!(err.contains("1 | search peple in tenant B"), "{err}");
    assert!(err.contains("|        ^^^^^"), "{err}");
}

#[test]
fn c_is_atomic_too() {
    let (dir, db) = demo_db();
    let before = state(&db);
    let out = run(
        dir.path(),
        &[
            db.to_str().unwrap(),
            "-c",
            "create user nina@b.example in tenant B; update user bob@b.example in tenant B set city = Paris; \
             create user nina@b.example in tenant B",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert_eq!(state(&db), before);
}

#[test]
fn a_script_with_its_own_transactions_keeps_what_it_committed() {
    let (dir, db) = demo_db();
    let script = dir.path().join("script.mtoql");
    std::fs::write(
        &script,
        "begin;\ncreate user nina@b.example in tenant B;\ncommit;\ncreate user bob@b.example in tenant B;\n",
    )
    .unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", script.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let out = ok(dir.path(), &db, "count users in tenant B", &[]);
    assert_eq!(out.trim_end(), "6");
}

#[test]
fn a_missing_script_file_is_a_clear_error() {
    let (dir, db) = demo_db();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-f", "no-such-script.mtoql"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("no-such-script.mtoql"), "{err}");
    assert!(err.contains("No such file"), "{err}");
}

#[test]
fn c_and_f_together_are_refused() {
    let (dir, db) = folder();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap(), "-c", "whoami", "-f", "script.mtoql"],
        "",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot be used with"), "{}", stderr(&out));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_name() {
    let (dir, db) = folder();
    std::fs::write(&db, b"not a database at all\n").unwrap();
    let out = run(dir.path(), &[db.to_str().unwrap(), "-c", "show tenants"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("mtodir: "), "{err}");
    assert!(err.contains("org.redb"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), b"not a database at all\n");
}

#[test]
fn a_refusal_exits_1_with_the_reason() {
    let (dir, db) = demo_db();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap(), "-c", "use tenant B; search people in tenant A"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("the administrator of tenant B cannot search in tenant A"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// The REPL with piped input

#[test]
fn the_repl_reads_piped_statements_and_prints_results() {
    let (dir, db) = folder();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap()],
        "demo\nsearch people in tenant B for \"bar\";\n.quit\n",
    );
    // `demo` without its `;` runs at the end of its line; its syncs put Annie and Charlie in B.
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("loaded the sample organization"), "{text}");
    assert!(text.contains("Barbara Becker"), "{text}");
    assert!(text.contains("(1 row)"), "{text}");
    assert!(!text.contains("Bob Baker"), "{text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    // What the REPL did is in the file.
    let out = ok(dir.path(), &db, "count people in tenant B", &[]);
    assert_eq!(out.trim_end(), "4");
}

#[test]
fn the_repl_joins_lines_until_the_semicolon_and_switches_modes() {
    let (dir, db) = demo_db();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap()],
        "search people\n  in tenant B\n  for \"bo\";\n.mode json\ncount people in tenant B;\n.mode csv\n\
         search people in tenant B for \"bar\" fields mail;\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Bob Baker"), "{text}");
    assert!(text.contains("{\"count\": 2}"), "{text}");
    assert!(text.contains("mail\nbarbara@b.example"), "{text}");
}

#[test]
fn the_repl_reports_errors_and_goes_on() {
    let (dir, db) = demo_db();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap()],
        "serch people in tenant B;\nuse tenant B;\nsearch people in tenant A;\nwhoami\n.frobnicate\n.quit\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("did you mean `search`"), "{err}");
    assert!(err.contains("permission denied"), "{err}");
    assert!(err.contains("unknown shell command `.frobnicate`"), "{err}");
    assert!(stdout(&out).contains("administrator of tenant B"), "{}", stdout(&out));
}

#[test]
fn the_repl_rolls_back_an_open_transaction_at_the_end_of_input() {
    let (dir, db) = demo_db();
    let before = state(&db);
    let out = run(
        dir.path(),
        &[db.to_str().unwrap()],
        "begin\ndelete user bob@b.example in tenant B;\ncount people in tenant B;\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\n1\n"), "the block sees its delete: {text}");
    assert!(text.contains("the open transaction was rolled back"), "{text}");
    assert_eq!(state(&db), before);
}

#[test]
fn the_repl_runs_a_file_with_read() {
    let (dir, db) = demo_db();
    let script = dir.path().join("more.mtoql");
    std::fs::write(
        &script,
        "create user nina@b.example in tenant B;\ncount people in tenant B;\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[db.to_str().unwrap()],
        &format!(".read {}\n.quit\n", script.display()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("created user nina@b.example in tenant B\n3"),
        "{}",
        stdout(&out)
    );
}

/// With `--format json` or `csv`, standard output carries data only (one JSON document per
/// statement that returns something), and the messages of the statements that write go to
/// standard error, so the output pipes into a JSON tool.
#[test]
fn json_and_csv_stdout_carry_data_only_and_messages_go_to_stderr() {
    let (dir, db) = folder();
    let out = run(
        dir.path(),
        &[
            db.to_str().unwrap(),
            "-c",
            "demo; use tenant B; search people in tenant B",
            "--format",
            "json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let messages = stderr(&out);
    assert!(messages.contains("loaded the sample organization"), "{messages}");
    assert!(
        messages.contains("acting as the administrator of tenant B"),
        "{messages}"
    );
    // What `| python3 -m json.tool` would read: exactly one JSON document.
    let data: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(data.as_array().map(Vec::len), Some(4));
    let tool = Command::new("python3")
        .args(["-m", "json.tool"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    if let Ok(mut tool) = tool {
        tool.stdin.take().unwrap().write_all(&out.stdout).unwrap();
        assert!(
            tool.wait_with_output().unwrap().status.success(),
            "python3 -m json.tool refused it"
        );
    }

    let out = run(
        dir.path(),
        &[
            db.to_str().unwrap(),
            "-c",
            "update user bob@b.example in tenant B set city = Oslo; count people in tenant B",
            "--format",
            "csv",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "count\n4\n");
    assert!(stderr(&out).contains("updated user bob@b.example"));
    // explain's text is data too: a JSON document with a `text` member.
    let out = ok(
        dir.path(),
        &db,
        "explain search people in tenant B for \"bo\"",
        &["--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert!(value["text"].as_str().unwrap().contains("tenant B"));
}

/// A bulk load through the command line gives back the free pages it leaves (as a vacuum
/// would), so its file is smaller than the same load's through the library, which leaves
/// compaction to the caller. (The keyword is upper case on purpose: the shell must see a load
/// in any case.)
#[test]
fn a_bulk_load_from_the_command_line_leaves_a_compacted_file() {
    let (dir, db) = folder();
    let load = "create tenant A name \"A\" domain a.example; GENERATE users into tenant A count 2000 seed 7";
    ok(dir.path(), &db, load, &[]);
    let library = dir.path().join("library.redb");
    {
        let directory = Directory::open(&library).unwrap();
        directory.session().execute(load).unwrap();
    }
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&db) < size(&library),
        "command line {} bytes, library {} bytes",
        size(&db),
        size(&library)
    );
    assert_eq!(state(&db).lines().count(), state(&library).lines().count());
}

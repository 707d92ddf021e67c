//! The provisioning log as its readers see it: one line per entry in tables and CSV, and with
//! `--format json` every entry whole, as Graph's `provisioningObjectSummary` (ids, action,
//! status and error, identities, modified properties old → new, steps), from the library and
//! from the command line. And a log written by the build before value version 2 (every
//! phrase spelled out: `tests/data/logs-v1.redb`, `demo` then an update and a soft delete of
//! Annie, each followed by `run syncs`) reads as it did.

mod common;

use common::{demo, empty, one};
use mtodir::api::{LogQuery, SyncRef};
use mtodir::format::{Mode, render};
use mtodir::model::log_words;
use mtodir::model::sync::{Action, LogField, StepKind};
use mtodir::model::{CmpOp, FieldRef, Filter, Literal, MatchOp, Span, record};
use mtodir::{Directory, Output, Session};
use serde_json::Value as Json;
use std::process::Command;

/// The JSON document `show provisioning logs …` prints with `--format json`.
fn document(s: &mut Session<'_>, statement: &str) -> Vec<Json> {
    let out = one(s, statement);
    assert!(matches!(out, Output::Document { .. }), "{out:?}");
    match serde_json::from_str(&render(&out, Mode::Json)) {
        Ok(Json::Array(items)) => items,
        other => panic!("not a JSON array: {other:?}"),
    }
}

fn s<'a>(v: &'a Json, path: &[&str]) -> &'a str {
    let mut at = v;
    for key in path {
        at = &at[key];
    }
    at.as_str().unwrap_or_else(|| panic!("{path:?} is not text in {v}"))
}

/// The demo with its syncs run: every tenant shares its Collab group with the others.
fn shared() -> (tempfile::TempDir, Directory) {
    let (dir, directory) = empty();
    directory.session().execute("demo").expect("demo loads");
    (dir, directory)
}

/// Runs each statement, insisting on success.
fn run_all(session: &mut Session<'_>, statements: &[&str]) {
    for statement in statements {
        one(session, statement);
    }
}

#[test]
fn an_update_is_a_provisioning_object_summary_with_its_old_and_new_values() {
    let (_dir, directory) = shared();
    let mut session = directory.session();
    run_all(
        &mut session,
        &[
            "update user annie@a.example in tenant A set jobTitle = \"Principal Engineer\"",
            "run syncs",
        ],
    );
    let updates = document(
        &mut session,
        "show provisioning logs where action = update and source = \"annie@a.example\"",
    );
    // Annie is shared with B and C: one update in each.
    assert_eq!(updates.len(), 2);
    let rows = one(
        &mut session,
        "show provisioning logs where action = update and source = \"annie@a.example\"",
    );
    assert_eq!(rows.rows().map(|r| r.rows.len()), Some(2));
    for u in &updates {
        assert_eq!(s(u, &["provisioningAction"]), "update");
        assert_eq!(s(u, &["provisioningStatusInfo", "status"]), "success");
        assert!(u["provisioningStatusInfo"]["errorInformation"].is_null());
        assert_eq!(s(u, &["sourceIdentity", "displayName"]), "annie@a.example");
        assert!(s(u, &["targetIdentity", "displayName"]).starts_with("annie_a.example#EXT#@"));
        assert_eq!(s(u, &["id"]), s(u, &["changeId"]));
        assert!(!s(u, &["cycleId"]).is_empty() && !s(u, &["jobId"]).is_empty());
        assert!(s(u, &["servicePrincipal", "displayName"]).starts_with("MTO_Sync_"));
        let changed = u["modifiedProperties"].as_array().unwrap();
        assert_eq!(changed.len(), 1);
        assert_eq!(s(&changed[0], &["displayName"]), "jobTitle");
        assert_eq!(s(&changed[0], &["oldValue"]), "Engineer");
        assert_eq!(s(&changed[0], &["newValue"]), "Principal Engineer");
        let steps: Vec<(&str, &str)> = u["provisioningSteps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| (s(st, &["provisioningStepType"]), s(st, &["description"])))
            .collect();
        assert_eq!(steps[0], ("import", log_words::READ));
        assert_eq!(steps[1], ("scoping", log_words::IN_SCOPE));
        assert_eq!(steps[2].0, "matching");
        assert!(steps[2].1.starts_with("matched annie_a.example#EXT#@"), "{steps:?}");
        assert_eq!(steps.last().map(|st| st.0), Some("export"));
    }
    // Both updates came from the one cycle of each configuration that saw the change.
    assert_ne!(s(&updates[0], &["jobId"]), s(&updates[1], &["jobId"]));
}

#[test]
fn a_refused_cycle_logs_the_services_error_code() {
    let (_dir, directory) = demo();
    let mut session = directory.session();
    run_all(
        &mut session,
        &[
            "set access for tenant B partner A inbound sync = block",
            "create sync \"A to B\" from tenant A to tenant B",
            "assign group Collab to sync \"A to B\"",
            "start sync \"A to B\"",
            "run sync \"A to B\"",
        ],
    );
    let failures = document(&mut session, "show provisioning logs where status = failure");
    assert!(!failures.is_empty());
    let error = &failures[0]["provisioningStatusInfo"]["errorInformation"];
    assert_eq!(
        error["errorCode"].as_str(),
        Some("AzureDirectoryB2BManagementPolicyCheckFailure"),
        "{error}"
    );
    assert!(
        error["reason"]
            .as_str()
            .is_some_and(|r| r.contains("userSyncInbound.isSyncAllowed")),
        "{error}"
    );
}

#[test]
fn the_command_line_prints_the_summaries_as_json_on_stdout_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.redb");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mtodir"))
            .arg(&db)
            .args(args)
            .env("HOME", dir.path())
            .output()
            .expect("mtodir runs")
    };
    assert!(run(&["-c", "demo"]).status.success());
    let out = run(&[
        "--format",
        "json",
        "-c",
        "show provisioning logs where action = create limit 3",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let items: Vec<Json> = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(items.len(), 3);
    for item in &items {
        assert_eq!(s(item, &["provisioningAction"]), "create");
        let kinds: Vec<&str> = item["provisioningSteps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| s(st, &["provisioningStepType"]))
            .collect();
        assert_eq!(kinds, ["import", "scoping", "matching", "processing", "export"]);
        assert!(
            item["modifiedProperties"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["oldValue"].is_null() && p["displayName"].is_string())
        );
    }
    // CSV keeps the one-line-per-entry table.
    let out = run(&["--format", "csv", "-c", "show provisioning logs limit 1"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("sync,at,action,status,source,target,modified,reason\n"),
        "{csv}"
    );
}

/// A copy of the fixture, opened.
fn fixture() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("logs-v1.redb");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/logs-v1.redb"), &copy).unwrap();
    let directory = Directory::open(&copy).unwrap_or_else(|e| panic!("the fixture does not open: {e}"));
    (dir, directory)
}

#[test]
fn a_log_of_value_version_1_reads_as_it_did() {
    let (_dir, directory) = fixture();
    let mut session = directory.session();
    // The CSV that the build which wrote the file printed for it.
    let want = include_str!("data/logs-v1.csv");
    let got = render(&one(&mut session, "show provisioning logs"), Mode::Csv);
    assert_eq!(got.trim_end(), want.trim_end());
    // The steps it stored, every phrase spelled out, read back word for word.
    let entries = session.provisioning_logs(None).unwrap();
    assert_eq!(entries.len(), 12);
    for (_, e) in &entries {
        let target = e.target.as_ref().map(|(_, upn)| upn.as_str()).unwrap_or_default();
        let steps: Vec<(StepKind, &str)> = e.steps.iter().map(|st| (st.kind, st.detail.as_str())).collect();
        match e.action {
            Action::Create => assert_eq!(
                steps,
                [
                    (StepKind::Import, log_words::READ),
                    (StepKind::Scoping, log_words::IN_SCOPE),
                    (StepKind::Matching, log_words::NO_MATCH),
                    (StepKind::Processing, log_words::CREATING),
                    (StepKind::Export, format!("created {target}").as_str()),
                ]
            ),
            Action::Delete => {
                assert_eq!(steps[1], (StepKind::Scoping, log_words::DELETED_IN_SOURCE));
                assert_eq!(steps.last(), Some(&(StepKind::Processing, log_words::SOFT_DELETE)));
            }
            Action::Update => assert_eq!(steps[0], (StepKind::Import, log_words::READ)),
            other => panic!("the fixture holds no {other:?}"),
        }
    }
    // New entries are written in version 2 beside the old ones, and both read.
    one(&mut session, "restore user annie@a.example in tenant A");
    one(&mut session, "run syncs");
    let after = session.provisioning_logs(None).unwrap();
    assert!(after.len() > entries.len());
    assert!(
        after
            .iter()
            .any(|(_, e)| e.steps.iter().any(|st| st.detail == log_words::RESTORED))
    );
}

fn field(field: LogField) -> FieldRef<LogField> {
    FieldRef {
        field,
        span: Span::default(),
    }
}

fn eq(f: LogField, value: &str) -> Filter<FieldRef<LogField>> {
    Filter::Cmp {
        attr: field(f),
        op: CmpOp::Eq,
        value: Literal::Word(value.into()),
        span: Span::default(),
    }
}

/// Reading with a filter and a limit as the entries stream gives what the whole log gives
/// once filtered and cut (the reference), for every configuration and for all of them.
#[test]
fn a_filtered_limited_read_is_the_whole_log_filtered_and_cut() {
    let (_dir, directory) = shared();
    let mut session = directory.session();
    run_all(
        &mut session,
        &[
            "update user annie@a.example in tenant A set jobTitle = \"Principal Engineer\"",
            "run syncs",
            "delete user bob@b.example in tenant B",
            "run syncs",
            "restore user bob@b.example in tenant B",
            "run syncs",
        ],
    );
    let names: Vec<(String, String)> = session
        .syncs(None)
        .unwrap()
        .into_iter()
        .map(|v| (v.config.name, v.source.handle))
        .collect();
    assert!(names.len() >= 6, "{names:?}");
    let filters = [
        None,
        Some(eq(LogField::Action, "create")),
        Some(eq(LogField::Action, "update")),
        Some(Filter::Or(vec![
            eq(LogField::Action, "delete"),
            eq(LogField::Source, "annie@a.example"),
        ])),
        Some(Filter::Match {
            attr: field(LogField::Target),
            op: MatchOp::EndsWith,
            value: Literal::Str("@c.example".into()),
            span: Span::default(),
        }),
        Some(eq(LogField::Status, "failure")),
    ];
    let mut syncs: Vec<Option<SyncRef<'_>>> = vec![None];
    syncs.extend(names.iter().map(|(name, source)| {
        Some(SyncRef {
            name,
            source: Some(source),
        })
    }));
    let mut compared = 0;
    for sync in &syncs {
        // The reference: each configuration's log whole, and for all of them their
        // concatenation stably sorted by time.
        let whole = match sync {
            Some(_) => session.provisioning_logs(*sync).unwrap(),
            None => {
                let mut all: Vec<_> = syncs[1..]
                    .iter()
                    .flat_map(|r| session.provisioning_logs(*r).unwrap())
                    .collect();
                all.sort_by_key(|(_, e)| e.at);
                all
            }
        };
        for filter in &filters {
            let kept: Vec<_> = whole
                .iter()
                .filter(|(_, e)| filter.as_ref().is_none_or(|f| record::matches(e, f)))
                .cloned()
                .collect();
            for limit in [None, Some(0), Some(1), Some(2), Some(5), Some(1000)] {
                let query = LogQuery {
                    sync: *sync,
                    filter: filter.as_ref(),
                    limit,
                };
                let got = session.provisioning_log_entries(&query).unwrap();
                let want: Vec<_> = kept
                    .iter()
                    .take(limit.map_or(usize::MAX, |l| l as usize))
                    .cloned()
                    .collect();
                assert_eq!(got, want, "{sync:?} {filter:?} {limit:?}");
                compared += 1;
            }
        }
        // The whole log is in time order.
        assert!(whole.windows(2).all(|w| w[0].1.at <= w[1].1.at));
    }
    assert_eq!(compared, syncs.len() * filters.len() * 6);
}

/// Deleting a configuration removes its log and its links, and nothing of the others': their
/// logs read as before, the users it created stay, and the file checks sound. A full restart
/// forgets only the restarted configuration's links, and its next cycle links the copies
/// again by home identity.
#[test]
fn deleting_a_configuration_removes_its_log_and_links_only() {
    let (_dir, directory) = shared();
    let mut session = directory.session();
    let views = session.syncs(Some("A")).unwrap();
    let gone = views
        .iter()
        .find(|v| v.target.as_ref().is_some_and(|t| t.handle == "B"))
        .expect("A shares with B");
    let (gone_name, gone_id) = (gone.config.name.clone(), gone.config.id);
    let before = session.provisioning_logs(None).unwrap();
    assert!(before.iter().any(|(_, e)| e.job_id == gone_id));
    one(&mut session, &format!("delete sync \"{gone_name}\" in tenant A"));
    let after = session.provisioning_logs(None).unwrap();
    let others: Vec<_> = before.into_iter().filter(|(_, e)| e.job_id != gone_id).collect();
    assert_eq!(after, others);
    assert!(session.user("B", "annie_a.example#EXT#@b.example").is_ok());
    let report = directory.check().unwrap();
    assert!(report.is_sound(), "{report}");

    // A full restart of A's configuration to C forgets its links, and its next cycle finds
    // the copies again (one `other` entry each), creating nothing.
    let to_c = session
        .syncs(Some("A"))
        .unwrap()
        .into_iter()
        .next()
        .expect("A still shares with C");
    let name = to_c.config.name.clone();
    let r = SyncRef {
        name: &name,
        source: Some("A"),
    };
    one(&mut session, &format!("restart sync \"{name}\" in tenant A full"));
    let summary = session.run_sync(r).unwrap();
    assert_eq!(summary.created, 0, "{summary:?}");
    let relinked = session
        .provisioning_log_entries(&LogQuery {
            sync: Some(r),
            filter: Some(&eq(LogField::Action, "other")),
            limit: None,
        })
        .unwrap();
    assert!(!relinked.is_empty());
    assert!(directory.check().unwrap().is_sound());
}

/// The shell streams `show provisioning logs` entry by entry (`-c` runs a read-only script
/// over one snapshot): what it prints in each format is what the materialized answer renders.
#[test]
fn the_streamed_log_prints_what_the_materialized_answer_renders() {
    let (dir, directory) = shared();
    let statements = [
        "show provisioning logs",
        "show provisioning logs where action = create and target ends with \"@c.example\" limit 4",
        "show provisioning logs where status = failure",
    ];
    let mut want = Vec::new();
    {
        let mut session = directory.session();
        one(
            &mut session,
            "update user bob@b.example in tenant B set city = \"Oslo\"",
        );
        one(&mut session, "run syncs");
        for statement in statements {
            for (mode, flag) in [(Mode::Table, "table"), (Mode::Csv, "csv"), (Mode::Json, "json")] {
                want.push((statement, flag, render(&one(&mut session, statement), mode)));
            }
        }
    }
    drop(directory);
    let db = common::db_path(&dir);
    for (statement, flag, rendered) in want {
        let out = Command::new(env!("CARGO_BIN_EXE_mtodir"))
            .arg(&db)
            .args(["--format", flag, "-c", statement])
            .env("HOME", dir.path())
            .output()
            .expect("mtodir runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let printed = String::from_utf8_lossy(&out.stdout);
        assert_eq!(printed.trim_end(), rendered.trim_end(), "{statement} ({flag})");
    }
}

/// `where` over when, which cycle and which change, as Graph filters `activityDateTime`,
/// `cycleId` and `id`: each statement keeps exactly the entries the reference keeps.
#[test]
fn entries_filter_by_time_cycle_and_change() {
    let (_dir, directory) = shared();
    let mut session = directory.session();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run_all(
        &mut session,
        &[
            "update user annie@a.example in tenant A set jobTitle = \"Principal Engineer\"",
            "run syncs",
        ],
    );
    let all: Vec<_> = session
        .provisioning_logs(None)
        .unwrap()
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    let last = all.last().expect("the demo's syncs logged").clone();
    let count = |session: &mut Session<'_>, condition: &str| {
        common::rows(session, &format!("show provisioning logs where {condition}"))
            .rows
            .len()
    };

    let cycle = all.iter().filter(|e| e.cycle_id == last.cycle_id).count();
    assert!(cycle >= 1 && cycle < all.len(), "{cycle} of {}", all.len());
    assert_eq!(count(&mut session, &format!("cycle = \"{}\"", last.cycle_id)), cycle);
    assert_eq!(count(&mut session, &format!("change = \"{}\"", last.change_id)), 1);

    // The last entry's time as the table shows it (to the second), and a date.
    let shown = mtodir::model::ids::format_millis(last.at);
    let from = mtodir::model::typing::parse_time(&shown).unwrap();
    let since = all.iter().filter(|e| e.at >= from).count();
    assert!(since >= 1 && since < all.len(), "{since} of {}", all.len());
    assert_eq!(count(&mut session, &format!("at >= \"{shown}\"")), since);
    assert_eq!(count(&mut session, &format!("at < \"{shown}\"")), all.len() - since);
    assert_eq!(count(&mut session, "at >= \"2000-01-01\""), all.len());
    assert_eq!(count(&mut session, "at < \"2000-01-01\""), 0);
}

//! A copy's manager across incremental cycles: a change that leaves the manager alone logs no
//! manager update; a target-side edit of the manager stays until the source user changes, and
//! the update that points the copy at its manager's copy again names the edited manager as
//! the old value; a new manager at home moves the copy to that manager's copy.

mod common;

use common::{demo, one, rows};
use mtodir::Session;
use mtodir::api::SyncRef;
use mtodir::model::sync::{Action, LogEntry, StepKind};
use mtodir::model::{PropertyChange, Value};

const BOB_COPY: &str = "bob_b.example#EXT#@a.example";
const BARBARA_COPY: &str = "barbara_b.example#EXT#@a.example";

fn sync() -> SyncRef<'static> {
    SyncRef {
        name: "B to A",
        source: None,
    }
}

/// "B to A" of B's Collab group (Bob, whose manager is Barbara, and Barbara), run once.
fn provisioned(s: &mut Session<'_>) {
    for statement in [
        "create sync \"B to A\" from tenant B to tenant A",
        "assign group Collab to sync \"B to A\"",
        "start sync \"B to A\"",
    ] {
        one(s, statement);
    }
    assert_eq!(s.run_sync(sync()).unwrap().created, 2);
    assert_eq!(manager_of_bobs_copy(s), BARBARA_COPY);
}

fn manager_of_bobs_copy(s: &mut Session<'_>) -> String {
    rows(s, &format!("show user {BOB_COPY} in tenant A"))
        .strings("manager")
        .concat()
}

/// The log entries after the first `skip`.
fn entries_after(s: &Session<'_>, skip: usize) -> Vec<LogEntry> {
    let all = s.provisioning_logs(Some(sync())).unwrap();
    all.into_iter().skip(skip).map(|(_, e)| e).collect()
}

fn manager_change(entry: &LogEntry) -> Option<&PropertyChange> {
    entry.modified.iter().find(|m| m.property == "manager")
}

#[test]
fn a_change_that_leaves_the_manager_alone_logs_no_manager_update() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    provisioned(&mut s);
    let before = s.provisioning_logs(Some(sync())).unwrap().len();
    one(&mut s, "update user bob@b.example in tenant B set jobTitle = \"Lead\"");
    let summary = s.run_sync(sync()).unwrap();
    assert_eq!((summary.examined, summary.updated), (1, 1));
    let entries = entries_after(&s, before);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0].action, Action::Update);
    let properties: Vec<&str> = entries[0].modified.iter().map(|m| m.property.as_str()).collect();
    assert_eq!(properties, ["jobTitle"]);
    assert!(
        entries[0]
            .steps
            .iter()
            .all(|step| step.kind != StepKind::ReferenceResolution),
        "{:#?}",
        entries[0].steps
    );
    assert_eq!(manager_of_bobs_copy(&mut s), BARBARA_COPY);
}

#[test]
fn an_edited_manager_stays_until_the_source_changes_and_is_the_old_value_then() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    provisioned(&mut s);
    // A's administrator points Bob's copy at Annie.
    one(
        &mut s,
        &format!("update user {BOB_COPY} in tenant A set manager = annie@a.example"),
    );
    // No source change: the edit stays, and the cycle writes nothing.
    let before = s.provisioning_logs(Some(sync())).unwrap().len();
    assert_eq!(s.run_sync(sync()).unwrap().examined, 0);
    assert_eq!(manager_of_bobs_copy(&mut s), "annie@a.example");
    // Bob changes at home: the copy points at Barbara's copy again.
    one(&mut s, "update user bob@b.example in tenant B set jobTitle = \"Head\"");
    s.run_sync(sync()).unwrap();
    assert_eq!(manager_of_bobs_copy(&mut s), BARBARA_COPY);
    let entries = entries_after(&s, before);
    let changes: Vec<&PropertyChange> = entries.iter().filter_map(manager_change).collect();
    assert_eq!(changes.len(), 1, "{entries:#?}");
    assert_eq!(changes[0].old, Value::str("annie@a.example"));
    assert_eq!(changes[0].new, Value::str(BARBARA_COPY));
}

#[test]
fn a_new_manager_at_home_moves_the_copy_to_that_managers_copy() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    provisioned(&mut s);
    let before = s.provisioning_logs(Some(sync())).unwrap().len();
    // Barbara reports to Bob at home now, and Bob to no one: both copies follow.
    one(&mut s, "update user bob@b.example in tenant B set manager = null");
    one(
        &mut s,
        "update user barbara@b.example in tenant B set manager = bob@b.example",
    );
    s.run_sync(sync()).unwrap();
    let barbara = rows(&mut s, &format!("show user {BARBARA_COPY} in tenant A"));
    assert_eq!(barbara.strings("manager").concat(), BOB_COPY);
    let entries = entries_after(&s, before);
    let changes: Vec<&PropertyChange> = entries.iter().filter_map(manager_change).collect();
    assert_eq!(changes.len(), 1, "{entries:#?}");
    assert_eq!(changes[0].old, Value::Null);
    assert_eq!(changes[0].new, Value::str(BOB_COPY));
}

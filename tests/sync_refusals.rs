//! A mapped value the target does not take fails that one object: its provisioning log entry
//! says why, nothing of it is written, and the cycle goes on with the other users, whether
//! the object was being created or updated.

mod common;

use common::{demo, error, one, rows};
use mtodir::api::SyncRef;
use mtodir::model::sync::{Action, LogEntry, Status, StepKind};
use mtodir::model::{Attr, typing::TypeError};
use mtodir::sync::diagnose::Verdict;
use mtodir::{Error, Session};

const SYNC: SyncRef<'static> = SyncRef {
    name: "A to B",
    source: Some("A"),
};

/// Gives `userType` a value it does not take for the users of department Legal (Anne-Marie
/// Dubois in the demo), and Member for the others.
const REFUSED_FOR_LEGAL: &str = r#"Switch([department], "Member", "Legal", "Contractor")"#;

const ANNE_MARIE: &str = "anne-marie.dubois@a.example";
const ANNE_MARIE_IN_B: &str = "anne-marie.dubois_a.example#EXT#@b.example";

/// A started sync "A to B" of every internal user of A.
fn a_to_b_of_everyone(s: &mut Session<'_>) {
    for statement in [
        r#"create sync "A to B" from tenant A to tenant B scope all users"#,
        r#"start sync "A to B""#,
    ] {
        one(s, statement);
    }
}

/// The log's failures, with the source UPN.
fn failures(s: &Session<'_>) -> Vec<(String, LogEntry)> {
    s.provisioning_logs(Some(SYNC))
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.status == Status::Failure)
        .map(|(_, e)| (e.source.clone().map(|(_, upn)| upn).unwrap_or_default(), e))
        .collect()
}

/// The failure's last step is the refused export, and its reason is the target's refusal.
fn assert_refused_export(entry: &LogEntry) {
    let last = entry.steps.last().expect("a failure has steps");
    assert_eq!((last.kind, last.status), (StepKind::Export, Status::Failure));
    let reason = entry.reason.as_deref().expect("a failure says why");
    assert!(reason.contains("Contractor"), "{reason}");
    assert!(entry.modified.is_empty(), "nothing was modified: {entry:?}");
}

#[test]
fn a_create_the_mapping_makes_invalid_fails_alone() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b_of_everyone(&mut s);
    one(
        &mut s,
        &format!(r#"map userType of sync "A to B" to {REFUSED_FOR_LEGAL} on create"#),
    );

    let summary = s.run_sync(SYNC).unwrap();

    assert_eq!(summary.failed, 1);
    assert!(summary.created > 10, "{summary:?}");
    let failed = failures(&s);
    assert_eq!(failed.len(), 1);
    let (upn, entry) = &failed[0];
    assert_eq!((upn.as_str(), entry.action), (ANNE_MARIE, Action::Create));
    assert_refused_export(entry);
    assert!(matches!(s.user("B", ANNE_MARIE_IN_B), Err(Error::NotFound { .. })));
    assert_eq!(
        s.user("B", "annie_a.example#EXT#@b.example")
            .unwrap()
            .user_type
            .as_str(),
        "Member"
    );
}

#[test]
fn an_update_the_mapping_makes_invalid_fails_alone_and_leaves_the_copy_as_it_was() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b_of_everyone(&mut s);
    s.run_sync(SYNC).unwrap();
    let before = s.user("B", ANNE_MARIE_IN_B).unwrap();
    for statement in [
        format!(r#"map userType of sync "A to B" to {REFUSED_FOR_LEGAL} always"#),
        r#"map jobTitle of sync "A to B" to Join(" ", [jobTitle], "(A)") always"#.to_owned(),
    ] {
        one(&mut s, &statement);
    }

    // `run syncs` as well as `run sync`: a refused value is the object's failure, not the
    // statement's.
    let (_, done) = s.run_syncs(10).unwrap();
    let summary = &done.iter().find(|(name, _)| name == "A to B").unwrap().1;

    assert!(summary.initial, "a changed mapping makes the next cycle initial");
    assert_eq!(summary.failed, 1);
    assert!(summary.updated > 10, "the others took the new jobTitle: {summary:?}");
    let failed = failures(&s);
    assert_eq!(failed.len(), 1);
    let (upn, entry) = &failed[0];
    assert_eq!((upn.as_str(), entry.action), (ANNE_MARIE, Action::Update));
    assert_refused_export(entry);
    assert_eq!(s.user("B", ANNE_MARIE_IN_B).unwrap(), before, "the copy is as it was");
    let annie = s.user("B", "annie_a.example#EXT#@b.example").unwrap();
    assert_eq!(annie.job_title.as_deref(), Some("Engineer (A)"));

    // Once the source no longer gives a refused value, the next cycle updates the copy.
    one(
        &mut s,
        &format!(r#"update user {ANNE_MARIE} in tenant A set department = "Design""#),
    );
    let summary = s.run_sync(SYNC).unwrap();
    assert_eq!((summary.failed, summary.updated), (0, 1));
    let after = s.user("B", ANNE_MARIE_IN_B).unwrap();
    assert_eq!(after.department.as_deref(), Some("Design"));
    assert_eq!(after.user_type.as_str(), "Member");
}

#[test]
fn a_constant_its_attribute_never_takes_is_refused_when_mapped() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b_of_everyone(&mut s);
    let before = rows(&mut s, r#"show sync "A to B""#);

    let e = error(&mut s, r#"map userType of sync "A to B" to "Contractor" always"#);

    assert!(
        matches!(
            e.root(),
            Error::Type(TypeError::Wrong {
                attr: Attr::UserType,
                ..
            })
        ),
        "{e:?}"
    );
    assert_eq!(
        rows(&mut s, r#"show sync "A to B""#),
        before,
        "the configuration is as it was"
    );
    one(&mut s, r#"map userType of sync "A to B" to "Guest" on create"#);
}

#[test]
fn a_soft_deleted_copy_the_mapping_makes_invalid_stays_deleted_until_it_is_valid() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b_of_everyone(&mut s);
    one(&mut s, r#"set scope filter of sync "A to B" to department != "Legal""#);
    s.run_sync(SYNC).unwrap();
    one(&mut s, r#"clear scope filter of sync "A to B""#);
    s.run_sync(SYNC).unwrap();
    one(&mut s, r#"set scope filter of sync "A to B" to department != "Legal""#);
    s.run_sync(SYNC).unwrap();
    let deleted = s.user("B", ANNE_MARIE_IN_B).unwrap();
    assert!(deleted.is_soft_deleted(), "out of scope: soft-deleted");

    // Back in scope, but with a value the target does not take: not restored.
    one(&mut s, r#"clear scope filter of sync "A to B""#);
    one(
        &mut s,
        &format!(r#"map userType of sync "A to B" to {REFUSED_FOR_LEGAL} always"#),
    );
    let summary = s.run_sync(SYNC).unwrap();
    assert_eq!(summary.failed, 1);
    assert_eq!(
        s.user("B", ANNE_MARIE_IN_B).unwrap(),
        deleted,
        "still soft-deleted, as it was"
    );
    let (upn, entry) = failures(&s).pop().unwrap();
    assert_eq!((upn.as_str(), entry.action), (ANNE_MARIE, Action::Update));
    assert_refused_export(&entry);

    // A valid value restores it.
    one(
        &mut s,
        &format!(r#"update user {ANNE_MARIE} in tenant A set department = "Design""#),
    );
    let summary = s.run_sync(SYNC).unwrap();
    assert_eq!((summary.failed, summary.updated), (0, 1));
    let restored = s.user("B", ANNE_MARIE_IN_B).unwrap();
    assert!(!restored.is_soft_deleted());
    assert_eq!(restored.department.as_deref(), Some("Design"));
}

#[test]
fn check_organization_names_the_refusal_for_each_user_it_left_out() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "share users of tenant A group Collab with organization");
    // Into B only, Annie's jobTitle ("Engineer") is mapped to userType, which B refuses.
    let into_b = s
        .syncs(Some("A"))
        .unwrap()
        .into_iter()
        .find(|v| v.target.as_ref().is_some_and(|t| t.handle == "B"))
        .expect("sharing made a configuration into B")
        .config
        .name;
    one(
        &mut s,
        &format!(r#"map userType of sync "{into_b}" in tenant A to [jobTitle] on create"#),
    );
    one(&mut s, "run syncs");

    let check = s.check_organization("A").unwrap();

    let missing: Vec<_> = check
        .missing
        .iter()
        .map(|m| {
            let broken = m.visibility.first_broken().expect("a missing user has a broken link");
            (
                m.user.user_principal_name.as_str(),
                m.tenant.handle.as_str(),
                broken.verdict,
            )
        })
        .collect();
    assert_eq!(missing, [("annie@a.example", "B", Verdict::NotProvisioned)]);
}

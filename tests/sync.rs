//! Cross-tenant synchronization: the seeds' rules, each proved on the demo organization.

mod common;

use common::{count, demo, error, fingerprint, one, rows, text};
use mtodir::api::SyncRef;
use mtodir::model::sync::{Action, JobState, Status};
use mtodir::sync::diagnose::Findable;
use mtodir::{Action as Right, Error, Principal, Session};

/// A sync "A to B" of tenant A's Collab group (Annie), started, over the demo (whose partner
/// settings allow it).
fn a_to_b(s: &mut Session<'_>) {
    for statement in [
        "create sync \"A to B\" from tenant A to tenant B",
        "assign group Collab to sync \"A to B\"",
        "start sync \"A to B\"",
    ] {
        one(s, statement);
    }
}

fn sync(name: &str) -> SyncRef<'_> {
    SyncRef { name, source: None }
}

fn log(s: &Session<'_>, name: &str) -> Vec<(Action, Status, String)> {
    s.provisioning_logs(Some(sync(name)))
        .unwrap()
        .into_iter()
        .map(|(_, e)| (e.action, e.status, e.source.map(|(_, u)| u).unwrap_or_default()))
        .collect()
}

#[test]
fn a_cycle_provisions_b2b_members_that_people_search_finds() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(count(&mut s, "count people in tenant B for \"annie\""), 0);
    a_to_b(&mut s);
    let summary = s.run_sync(sync("A to B")).unwrap();
    assert!(summary.initial);
    assert_eq!(summary.created, 1);
    let annie = s.user("B", "annie_a.example#EXT#@b.example").unwrap();
    assert_eq!(annie.user_type.as_str(), "Member");
    assert!(annie.show_in_address_list);
    assert_eq!(annie.job_title.as_deref(), Some("Engineer"));
    assert_eq!(count(&mut s, "count people in tenant B for \"annie\""), 1);
    // A cycle with no source change writes nothing, its log included.
    let before = log(&s, "A to B").len();
    let quiet = s.run_sync(sync("A to B")).unwrap();
    assert!(!quiet.initial);
    assert_eq!(quiet.examined, 0);
    assert_eq!(log(&s, "A to B").len(), before);
}

#[test]
fn an_incremental_cycle_reads_only_the_changed_users() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create sync \"A to B\" from tenant A to tenant B scope all users",
    );
    one(&mut s, "start sync \"A to B\"");
    let initial = s.run_sync(sync("A to B")).unwrap();
    assert!(initial.examined > 10, "{initial:?}");
    one(
        &mut s,
        "update user annie@a.example in tenant A set jobTitle = \"Lead\"",
    );
    let next = s.run_sync(sync("A to B")).unwrap();
    assert_eq!(
        (next.examined, next.updated),
        (1, 1),
        "only Annie is looked at: {next:?}"
    );
    assert_eq!(
        s.user("B", "annie_a.example#EXT#@b.example")
            .unwrap()
            .job_title
            .as_deref(),
        Some("Lead")
    );
    let last = log(&s, "A to B").pop().unwrap();
    assert_eq!(
        (last.0, last.1, last.2.as_str()),
        (Action::Update, Status::Success, "annie@a.example")
    );
}

#[test]
fn a_guest_stays_a_guest_until_the_user_type_mapping_applies_always() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "invite user annie@a.example from tenant A to tenant B");
    a_to_b(&mut s);
    s.run_sync(sync("A to B")).unwrap();
    let annie = s.user("B", "annie_a.example#EXT#@b.example").unwrap();
    assert_eq!(
        annie.user_type.as_str(),
        "Guest",
        "matched, not created: the Guest stays"
    );
    assert_eq!(
        annie.job_title.as_deref(),
        Some("Engineer"),
        "but always-mappings update it"
    );
    one(&mut s, "map userType of sync \"A to B\" to \"Member\" always");
    s.run_sync(sync("A to B")).unwrap();
    assert_eq!(
        s.user("B", "annie_a.example#EXT#@b.example")
            .unwrap()
            .user_type
            .as_str(),
        "Member"
    );
}

#[test]
fn unassigning_soft_deletes_and_delete_off_leaves_the_user() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    s.run_sync(sync("A to B")).unwrap();
    one(
        &mut s,
        "set actions of sync \"A to B\" create on, update on, delete off",
    );
    one(&mut s, "unassign group Collab from sync \"A to B\"");
    s.run_sync(sync("A to B")).unwrap();
    assert!(!s.user("B", "annie_a.example#EXT#@b.example").unwrap().is_soft_deleted());
    let skipped = log(&s, "A to B").pop().unwrap();
    assert_eq!((skipped.0, skipped.1), (Action::Delete, Status::Skipped));
    // Turning Delete on is not a change of scope: `restart` makes the next cycle initial.
    one(&mut s, "set actions of sync \"A to B\" create on, update on, delete on");
    one(&mut s, "restart sync \"A to B\"");
    s.run_sync(sync("A to B")).unwrap();
    assert!(s.user("B", "annie_a.example#EXT#@b.example").unwrap().is_soft_deleted());
    // Back in scope: restored.
    one(&mut s, "assign user annie@a.example to sync \"A to B\"");
    s.run_sync(sync("A to B")).unwrap();
    assert!(!s.user("B", "annie_a.example#EXT#@b.example").unwrap().is_soft_deleted());
}

#[test]
fn inbound_sync_off_quarantines_the_job_and_writes_no_user() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "set access for tenant B partner A inbound sync = block");
    a_to_b(&mut s);
    let summary = s.run_sync(sync("A to B")).unwrap();
    assert_eq!((summary.created, summary.failed), (0, 1));
    let job = s.sync(sync("A to B")).unwrap().config;
    assert!(matches!(&job.state, JobState::Quarantine(r) if r == "AzureDirectoryB2BManagementPolicyCheckFailure"));
    assert_eq!(count(&mut s, "count users in tenant B for \"annie\""), 0);
    // Mended, the next run goes on.
    one(&mut s, "set access for tenant B partner A inbound sync = allow");
    assert_eq!(s.run_sync(sync("A to B")).unwrap().created, 1);
    assert_eq!(s.sync(sync("A to B")).unwrap().config.state, JobState::Active);
}

#[test]
fn managers_point_at_the_target_copies_when_both_are_in_scope() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    // Bob's manager is Barbara; both are in B's Collab group.
    one(&mut s, "create sync \"B to A\" from tenant B to tenant A");
    one(&mut s, "assign group Collab to sync \"B to A\"");
    one(&mut s, "start sync \"B to A\"");
    s.run_sync(sync("B to A")).unwrap();
    let bob = rows(&mut s, "show user bob_b.example#EXT#@a.example in tenant A");
    assert_eq!(bob.strings("manager"), ["barbara_b.example#EXT#@a.example"]);
}

#[test]
fn the_deletion_threshold_holds_deletions_until_allowed_or_rejected() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create sync \"C to A\" from tenant C to tenant A scope all users",
    );
    one(&mut s, "start sync \"C to A\"");
    s.run_sync(sync("C to A")).unwrap();
    one(&mut s, "set deletion threshold of sync \"C to A\" to 3");
    one(&mut s, "set scope of sync \"C to A\" to assigned");
    s.run_sync(sync("C to A")).unwrap();
    let job = s.sync(sync("C to A")).unwrap().config;
    assert!(matches!(&job.state, JobState::Quarantine(r) if r == "TooManyDeletes"));
    assert!(job.staged.len() > 3);
    assert!(
        log(&s, "C to A")
            .iter()
            .any(|(a, st, _)| *a == Action::StagedDelete && *st == Status::Skipped)
    );
    assert_eq!(
        count(
            &mut s,
            "count users in tenant A where source = b2b and isSoftDeleted = true"
        ),
        0
    );
    let applied = s.release_deletes(sync("C to A"), true).unwrap();
    assert_eq!(applied as usize, job.staged.len());
    assert_eq!(
        count(
            &mut s,
            "count users in tenant A where source = b2b and isSoftDeleted = true"
        ),
        applied
    );
    assert!(matches!(
        s.release_deletes(sync("C to A"), false).unwrap_err().root(),
        Error::NoStagedDeletes(_)
    ));
}

#[test]
fn sharing_users_makes_the_seeds_collaborating_set_findable_everywhere() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for t in ["A", "B", "C"] {
        one(
            &mut s,
            &format!("share users of tenant {t} group Collab with organization"),
        );
    }
    one(&mut s, "run syncs");
    for t in ["A", "B", "C"] {
        for who in ["annie", "bob", "barbara", "charlie"] {
            assert!(
                count(&mut s, &format!("count people in tenant {t} for \"{who}\"")) >= 1,
                "{who} in {t}"
            );
        }
    }
    let check = s.check_organization("A").unwrap();
    assert!(check.missing.is_empty(), "{:?}", check.missing);
    // Unsharing: the next cycle soft-deletes Barbara and Bob's copies.
    one(&mut s, "unshare users of tenant B group Collab from organization");
    one(&mut s, "run syncs");
    assert_eq!(count(&mut s, "count people in tenant A for \"barbara becker\""), 0);
    let check = s.check_organization("A").unwrap();
    assert!(check.missing.is_empty(), "B shares nobody now, so nobody is missing");
}

#[test]
fn explain_visibility_names_the_first_broken_link() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let first = |s: &Session<'_>, upn: &str, t: &str| {
        let (_, v) = s.explain_visibility(upn, t).unwrap();
        (v.first_broken().map(|f| f.link.as_str()), v.findable)
    };
    assert_eq!(
        first(&s, "annie@a.example", "B"),
        (Some("configuration"), Findable::Neither)
    );
    one(&mut s, "create sync \"A to B\" from tenant A to tenant B");
    assert_eq!(first(&s, "annie@a.example", "B"), (Some("scope"), Findable::Neither));
    one(&mut s, "assign user annie@a.example to sync \"A to B\"");
    one(&mut s, "set access for tenant B partner A inbound sync = block");
    assert_eq!(
        first(&s, "annie@a.example", "B"),
        (Some("access settings"), Findable::Neither)
    );
    one(&mut s, "set access for tenant B partner A inbound sync = allow");
    assert_eq!(first(&s, "annie@a.example", "B"), (Some("job"), Findable::Neither));
    one(&mut s, "start sync \"A to B\"");
    assert_eq!(first(&s, "annie@a.example", "B"), (Some("job"), Findable::Neither));
    one(&mut s, "run sync \"A to B\"");
    assert_eq!(first(&s, "annie@a.example", "B"), (None, Findable::PeopleSearch));
    one(
        &mut s,
        "update user annie_a.example#EXT#@b.example in tenant B set userType = Guest",
    );
    assert_eq!(
        first(&s, "annie@a.example", "B"),
        (Some("target object"), Findable::AddressListOnly)
    );
    one(
        &mut s,
        "update user annie@a.example in tenant A set accountEnabled = false",
    );
    assert_eq!(
        first(&s, "annie@a.example", "B"),
        (Some("home user"), Findable::Neither)
    );
    assert!(text(&mut s, "explain visibility of annie@a.example in tenant B").contains("home user"));
    assert_eq!(
        first(&s, "annie@a.example", "A"),
        (Some("home user"), Findable::Neither)
    );
}

#[test]
fn a_manager_provisioned_after_its_report_becomes_the_report_copys_manager() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    // Annie (managed by Joanna) is provisioned first; Joanna joins the scope later, in an
    // incremental cycle that does not look at Annie.
    a_to_b(&mut s);
    s.run_sync(sync("A to B")).unwrap();
    assert_eq!(s.user("B", "annie_a.example#EXT#@b.example").unwrap().manager, None);
    one(
        &mut s,
        "add user joanna.whitfield@a.example to group Collab in tenant A",
    );
    let next = s.run_sync(sync("A to B")).unwrap();
    assert!(!next.initial);
    let joanna = s.user("B", "joanna.whitfield_a.example#EXT#@b.example").unwrap();
    assert_eq!(
        s.user("B", "annie_a.example#EXT#@b.example").unwrap().manager,
        Some(joanna.ord)
    );
}

/// The action and tenant of an `Error::Denied` refused to B's administrator; panics on any
/// other outcome.
fn denied_to_b(e: &Error) -> (Right, Option<String>) {
    match e.root() {
        Error::Denied {
            principal: Principal::TenantAdmin { handle, .. },
            action,
            tenant,
        } if handle == "B" => (*action, tenant.clone()),
        _ => panic!("expected Error::Denied to B's administrator, not {e:?}"),
    }
}

#[test]
fn a_tenant_admin_manages_runs_and_reads_only_its_own_outbound_configurations() {
    let (_dir, directory) = demo();
    let mut operator = directory.session();
    a_to_b(&mut operator);
    operator.run_sync(sync("A to B")).unwrap();
    for statement in [
        "create sync \"B to A\" from tenant B to tenant A",
        "assign group Collab to sync \"B to A\"",
        "start sync \"B to A\"",
    ] {
        one(&mut operator, statement);
    }
    let mut b = directory.session();
    one(&mut b, "use tenant B");
    // B's own outbound configuration: B's administrator manages and runs it.
    one(
        &mut b,
        "map jobTitle of sync \"B to A\" to Join(\" \", [jobTitle], \"(B)\") always",
    );
    assert_eq!(b.run_sync(sync("B to A")).unwrap().created, 2);
    assert_eq!(
        operator
            .user("A", "bob_b.example#EXT#@a.example")
            .unwrap()
            .job_title
            .as_deref(),
        Some("Senior Account Manager (B)")
    );
    let configurations = |s: &Session<'_>| s.syncs(None).unwrap().into_iter().map(|v| v.config).collect::<Vec<_>>();
    let before = (
        fingerprint(&mut operator),
        configurations(&operator),
        operator.provisioning_logs(None).unwrap(),
    );
    // A's configuration, and A's users: refused with the typed action, naming tenant A.
    let a = Some("A".to_owned());
    for (statement, action) in [
        ("create sync \"X\" from tenant A to tenant B", Right::ManageSync),
        ("run sync \"A to B\" in tenant A", Right::RunSync),
        (
            "assign user annie@a.example to sync \"A to B\" in tenant A",
            Right::ManageSync,
        ),
        (
            "unassign group Collab from sync \"A to B\" in tenant A",
            Right::ManageSync,
        ),
        (
            "map jobTitle of sync \"A to B\" in tenant A to [department] always",
            Right::ManageSync,
        ),
        (
            "set scope of sync \"A to B\" in tenant A to all users",
            Right::ManageSync,
        ),
        ("pause sync \"A to B\" in tenant A", Right::ManageSync),
        ("delete sync \"A to B\" in tenant A", Right::ManageSync),
        (
            "provision user annie@a.example with sync \"A to B\" in tenant A",
            Right::RunSync,
        ),
        (
            "share users of tenant A group Collab with organization",
            Right::ManageSync,
        ),
        ("show sync \"A to B\" in tenant A", Right::ReadSync),
        ("show syncs in tenant A", Right::ReadSync),
        (
            "show provisioning logs for sync \"A to B\" in tenant A",
            Right::ReadSync,
        ),
    ] {
        assert_eq!(
            denied_to_b(&error(&mut b, statement)),
            (action, a.clone()),
            "{statement}"
        );
    }
    assert_eq!(
        denied_to_b(
            &b.run_sync(SyncRef {
                name: "A to B",
                source: Some("A")
            })
            .unwrap_err()
        ),
        (Right::RunSync, a.clone())
    );
    // Without a tenant, B's administrator names B's configurations: A's is not found.
    assert!(matches!(
        error(&mut b, "run sync \"A to B\"").root(),
        Error::NoSync { .. }
    ));
    // Reading: only B's configurations and B's logs.
    let names: Vec<String> = b.syncs(None).unwrap().into_iter().map(|v| v.config.name).collect();
    assert_eq!(names, ["B to A"]);
    let logs = b.provisioning_logs(None).unwrap();
    assert!(!logs.is_empty());
    assert!(logs.iter().all(|(name, _)| name == "B to A"), "{logs:?}");
    // The refusals changed nothing.
    let after = (
        fingerprint(&mut operator),
        configurations(&operator),
        operator.provisioning_logs(None).unwrap(),
    );
    assert!(before == after, "a refusal changed the directory");
}

#[test]
fn in_a_reciprocal_mesh_the_copies_a_cycle_wrote_are_not_examined_again() {
    // Round 1 provisions the collaborators everywhere; the copies it wrote are changes in each
    // target's feed, but a sync writes only B2B users, never in an outbound scope: round 2
    // examines nobody and the mesh has converged.
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for t in ["A", "B", "C"] {
        s.share_users(t, "Collab", true).unwrap();
    }
    let (rounds, done) = s.run_syncs(10).unwrap();
    assert_eq!(rounds, 2);
    let (first, second) = done.split_at(6);
    assert_eq!(first.iter().map(|(_, c)| c.created).sum::<u64>(), 8);
    assert!(second.iter().all(|(_, c)| c.examined == 0 && !c.initial), "{second:?}");
    // An administrator's change to a copy is still read (and left alone: not in scope).
    one(
        &mut s,
        "update user bob_b.example#EXT#@a.example in tenant A set city = Oslo",
    );
    let (_, done) = s.run_syncs(10).unwrap();
    let examined: u64 = done.iter().map(|(_, c)| c.examined).sum();
    assert_eq!(examined, 2, "{done:?}");
    assert!(done.iter().all(|(_, c)| c.created + c.updated + c.deleted == 0));
}

/// Found by the isolation property: the soft deletes and disables of a cycle were written
/// after the cycle had handed the actor back, so the target's change feed said the
/// administrator who ran the cycle deleted the copies. They are the configuration's writes.
#[test]
fn a_cycles_deletions_are_the_configurations_in_the_feed() {
    let (_dir, directory) = common::demo();
    let mut s = directory.session();
    common::one(&mut s, "share users of tenant A group Collab with organization");
    common::one(&mut s, "use tenant A; run syncs");
    common::one(
        &mut s,
        "unshare users of tenant A group Collab from organization; run syncs",
    );
    let mut op = directory.session();
    let feed = common::rows(&mut op, "show changes in tenant B where op = delete limit 1000");
    let names = feed.strings("name");
    let actors: Vec<String> = feed
        .strings("actor")
        .into_iter()
        .zip(&names)
        .filter(|(_, n)| n.contains("#EXT#"))
        .map(|(a, _)| a)
        .collect();
    assert!(!actors.is_empty(), "the unshare soft-deleted the copies");
    for actor in actors {
        assert!(actor.starts_with("sync \"MTO_Sync_"), "{actor}");
    }
}

/// Many assigned users (the cycle then finds them in a set): exactly the assigned ones are
/// provisioned, by the initial cycle and by an incremental one.
#[test]
fn many_assigned_users_are_provisioned_and_no_others() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "create sync \"A to B\" from tenant A to tenant B");
    for i in 0..40 {
        one(
            &mut s,
            &format!("create user many{i}@a.example in tenant A with displayName = \"Many {i}\""),
        );
        if i % 2 == 0 {
            one(&mut s, &format!("assign user many{i}@a.example to sync \"A to B\""));
        }
    }
    one(&mut s, "start sync \"A to B\"");
    assert_eq!(s.run_sync(sync("A to B")).unwrap().created, 20);
    for i in 0..40 {
        let upn = format!("many{i}_a.example#EXT#@b.example");
        assert_eq!(s.user("B", &upn).is_ok(), i % 2 == 0, "{upn}");
    }
    for i in 0..40 {
        one(
            &mut s,
            &format!("update user many{i}@a.example in tenant A set jobTitle = \"Title {i}\""),
        );
    }
    let summary = s.run_sync(sync("A to B")).unwrap();
    assert_eq!((summary.examined, summary.updated, summary.created), (40, 20, 0));
    let copy = s.user("B", "many4_a.example#EXT#@b.example").unwrap();
    assert_eq!(copy.job_title.as_deref(), Some("Title 4"));
}

/// Managers provisioned in one initial cycle (in id order: half the managers' copies exist
/// before their reports' and half after): every copy points at its manager's copy, and the log
/// records a manager update exactly for the reports created before their manager.
#[test]
fn managers_resolve_with_one_update_per_report_created_first() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let n = 30;
    // chain{i}'s manager: the next one in the first half, the previous one in the second.
    let manager = |i: usize| match i {
        i if i < n / 2 => Some(i + 1),
        i if i > n / 2 => Some(i - 1),
        _ => None,
    };
    for i in 0..n {
        one(&mut s, &format!("create user chain{i}@a.example in tenant A"));
    }
    for i in 0..n {
        if let Some(m) = manager(i) {
            one(
                &mut s,
                &format!("update user chain{i}@a.example in tenant A set manager = chain{m}@a.example"),
            );
        }
    }
    one(
        &mut s,
        "create sync \"A to B\" from tenant A to tenant B scope all users",
    );
    one(&mut s, "start sync \"A to B\"");
    s.run_sync(sync("A to B")).unwrap();
    let id = |s: &Session<'_>, i: usize| s.user("A", &format!("chain{i}@a.example")).unwrap().id;
    let mut late = 0;
    for i in 0..n {
        let Some(m) = manager(i) else { continue };
        let copy = rows(
            &mut s,
            &format!("show user chain{i}_a.example#EXT#@b.example in tenant B"),
        );
        assert_eq!(copy.strings("manager"), [format!("chain{m}_a.example#EXT#@b.example")]);
        if id(&s, m) > id(&s, i) {
            late += 1;
        }
    }
    let updates = s
        .provisioning_logs(Some(sync("A to B")))
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.action == Action::Update && e.source.as_ref().is_some_and(|(_, u)| u.starts_with("chain")))
        .inspect(|(_, e)| assert_eq!(e.modified.len(), 1))
        .count();
    assert_eq!(late, n / 2);
    assert_eq!(updates, late);
}

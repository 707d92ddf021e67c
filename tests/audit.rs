//! The change feed and the audit trail: every write path records its changes with the
//! object, the actor and the properties (old → new), contiguously numbered, and
//! `show changes` reads them back.

mod common;

use common::{demo, one, rows};
use mtodir::api::ChangeQuery;
use mtodir::model::{Actor, Attr, Change, ChangeOp, NewUser, Subject, Value};
use mtodir::{Batch, Filter, Session};

/// The changes of tenant `t` after `after`.
fn changes(s: &Session<'_>, t: &str, after: u64) -> Vec<Change> {
    s.changes(
        t,
        &ChangeQuery {
            after,
            ..ChangeQuery::default()
        },
    )
    .unwrap()
}

fn last(s: &Session<'_>, t: &str) -> u64 {
    changes(s, t, 0).last().map_or(0, |c| c.seq)
}

/// The property change of `c` for `property`, as (old, new).
fn property(c: &Change, property: &str) -> Option<(Value, Value)> {
    c.properties
        .iter()
        .find(|p| p.property == property)
        .map(|p| (p.old.clone(), p.new.clone()))
}

#[test]
fn every_write_path_records_object_actor_and_old_and_new_values() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let start = last(&s, "B");

    // Create, as B's administrator.
    s.use_tenant("B").unwrap();
    let nina = s
        .create_user(
            "B",
            &NewUser::new(
                "nina@b.example",
                vec![
                    (Attr::DisplayName, Value::str("Nina Neu")),
                    (Attr::City, Value::str("Berlin")),
                ],
            ),
        )
        .unwrap();
    // Update, bulk update, membership, delete, restore, purge.
    s.update_user("B", "nina@b.example", &[(Attr::JobTitle, Value::str("Lead"))])
        .unwrap();
    let city = Filter::eq(Attr::City, "Berlin");
    let report = s
        .update_users("B", Some(&city), &[(Attr::City, Value::str("Munich"))], Batch::Atomic)
        .unwrap();
    assert_eq!(report.done, 1);
    assert!(s.set_member("B", "Collab", "nina@b.example", true).unwrap());
    s.delete_user("B", "nina@b.example").unwrap();
    s.restore_user("B", "nina@b.example").unwrap();
    s.use_operator().expect("an unconfined session");
    s.delete_user("B", "nina@b.example").unwrap();
    s.purge_user("B", "nina@b.example").unwrap();

    let feed = changes(&s, "B", start);
    let ops: Vec<ChangeOp> = feed.iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        [
            ChangeOp::Create,
            ChangeOp::Update,
            ChangeOp::Update,
            ChangeOp::Update,
            ChangeOp::Delete,
            ChangeOp::Restore,
            ChangeOp::Delete,
            ChangeOp::Purge
        ]
    );
    // Contiguous sequence numbers, every entry about Nina's object, even after the purge.
    for (i, c) in feed.iter().enumerate() {
        assert_eq!(c.seq, start + 1 + i as u64);
        assert_eq!(c.object, nina.id);
        assert_eq!(c.name, "nina@b.example");
    }
    let admin = Actor::TenantAdmin("B".into());
    assert!(feed[..6].iter().all(|c| c.actor == admin));
    assert!(feed[6..].iter().all(|c| c.actor == Actor::Operator));
    assert_eq!(property(&feed[0], "city"), Some((Value::Null, Value::str("Berlin"))));
    assert_eq!(property(&feed[1], "jobTitle"), Some((Value::Null, Value::str("Lead"))));
    assert_eq!(
        property(&feed[2], "city"),
        Some((Value::str("Berlin"), Value::str("Munich")))
    );
    assert_eq!(
        property(&feed[3], "memberOf"),
        Some((Value::List(vec![]), Value::List(vec![Value::str("Collab")])))
    );
    assert_eq!(
        feed[1].properties.len(),
        1,
        "only what changed: {:?}",
        feed[1].properties
    );
}

#[test]
fn a_manager_is_recorded_by_upn_and_imports_record_who_and_when() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let start = last(&s, "A");
    s.update_user(
        "A",
        "annie@a.example",
        &[(Attr::Manager, Value::str("mei.chen@a.example"))],
    )
    .unwrap();
    let feed = changes(&s, "A", start);
    assert_eq!(
        property(&feed[0], "manager"),
        Some((
            Value::str("joanna.whitfield@a.example"),
            Value::str("mei.chen@a.example")
        ))
    );

    let file = dir.path().join("more.csv");
    std::fs::write(
        &file,
        "userPrincipalName,displayName\nzed@a.example,Zed\nyan@a.example,Yan\n",
    )
    .unwrap();
    let before = last(&s, "A");
    one(
        &mut s,
        &format!("import users into tenant A from \"{}\"", file.display()),
    );
    let imported = changes(&s, "A", before);
    assert_eq!(imported.len(), 2);
    assert!(
        imported
            .iter()
            .all(|c| c.op == ChangeOp::Create && c.actor == Actor::Operator)
    );
    assert_eq!(imported[0].name, "zed@a.example");
}

#[test]
fn show_changes_filters_by_user_fields_after_and_limit() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    one(
        &mut s,
        "update user bob@b.example set jobTitle = \"Lead\", city = \"Oslo\"",
    );
    one(&mut s, "use operator");
    one(&mut s, "delete user bob@b.example in tenant B");
    let mine = rows(&mut s, "show changes in tenant B for user bob@b.example");
    let ops = mine.strings("op");
    assert_eq!(ops.first().map(String::as_str), Some("create"));
    assert_eq!(ops.last().map(String::as_str), Some("delete"));
    let by_b = rows(
        &mut s,
        "show changes in tenant B where actor = \"administrator of tenant B\" and property = jobTitle",
    );
    // One row per changed property: jobTitle and city.
    assert_eq!(by_b.strings("property"), ["jobTitle", "city"]);
    assert_eq!(by_b.strings("old")[0], "Senior Account Manager");
    assert_eq!(by_b.strings("new")[0], "Lead");
    let all = rows(&mut s, "show changes in tenant B where op != create");
    let mut seqs = all.strings("seq");
    seqs.dedup();
    let paged = rows(
        &mut s,
        &format!("show changes in tenant B where op != create after {} limit 2", seqs[0]),
    );
    let mut got = paged.strings("seq");
    got.dedup();
    assert_eq!(got, seqs[1..3].to_vec());
    // A tenant's administrator reads only its own tenant's changes.
    one(&mut s, "use tenant B");
    let e = s.changes("A", &ChangeQuery::default()).unwrap_err();
    assert!(matches!(e.root(), mtodir::Error::Denied { .. }), "{e:?}");
}

/// The one change of `feed` about `subject` named `name` that changed `property` with `op`,
/// as (actor, old, new), old and new in words; panics unless there is exactly one.
fn only(feed: &[Change], subject: Subject, name: &str, op: ChangeOp, property: &str) -> (Actor, String, String) {
    let found: Vec<(Actor, String, String)> = feed
        .iter()
        .filter(|c| c.subject == subject && c.name == name && c.op == op)
        .flat_map(|c| {
            c.properties
                .iter()
                .filter(|p| p.property == property)
                .map(|p| (c.actor.clone(), p.old.to_string(), p.new.to_string()))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{subject:?} {name} {op:?} {property}: {found:?}\n{feed:#?}"
    );
    found.into_iter().next().unwrap()
}

#[test]
fn every_settings_invitation_and_organization_change_is_in_the_trail_with_actor_and_values() {
    let (dir, directory) = common::demo_without_organization();
    let mut operator = directory.session();
    let mut a = directory.session();
    a.use_tenant("A").unwrap();
    let mut b = directory.session();
    b.use_tenant("B").unwrap();
    let start: Vec<u64> = ["A", "B", "C"].iter().map(|t| last(&operator, t)).collect();
    let (admin_a, admin_b) = (Actor::TenantAdmin("A".into()), Actor::TenantAdmin("B".into()));
    let access = Subject::Access;
    let org = Subject::Organization;

    // Settings: set, reset, delete (what it held), import.
    one(
        &mut b,
        "set access for tenant B partner A inbound collaboration = allow (group Collab)",
    );
    one(&mut b, "set default access for tenant B inbound trust mfa = on");
    one(&mut b, "reset access for tenant B partner A inbound collaboration");
    one(
        &mut operator,
        "set access for tenant B partner C outbound redemption = automatic",
    );
    one(&mut operator, "delete access for tenant B partner C");
    let file = dir.path().join("b.json");
    std::fs::write(
        &file,
        r#"{"inboundTrust": {"isMfaAccepted": null, "isCompliantDeviceAccepted": true}}"#,
    )
    .unwrap();
    operator.import_access("B", &file).unwrap();
    // An invitation, by B's administrator.
    one(&mut b, "invite user annie@a.example from tenant A to tenant B");
    // The organization: every kind of change.
    one(&mut a, "create organization \"Contoso Group\"");
    one(&mut a, "set organization template inbound sync = allow");
    one(
        &mut a,
        "set organization template inbound redemption = automatic for new and existing partners",
    );
    one(&mut a, "add tenant B to organization");
    one(&mut a, "add tenant C to organization");
    one(&mut b, "join organization \"Contoso Group\"");
    one(&mut a, "set role of tenant B to owner");
    one(&mut a, "set labels = organization name");
    one(&mut b, "set calendar sharing with tenant A = on");
    one(&mut a, "remove tenant C from organization");
    one(&mut b, "leave organization");

    let feed_a = changes(&operator, "A", start[0]);
    let feed_b = changes(&operator, "B", start[1]);
    let feed_c = changes(&operator, "C", start[2]);
    let said = |actor: &Actor, old: &str, new: &str| (actor.clone(), old.to_owned(), new.to_owned());
    let inbound = "b2bCollaborationInbound.usersAndGroups";
    assert_eq!(
        only(&feed_b, access, "partner A", ChangeOp::Create, inbound),
        said(&admin_b, "(inherit)", "allowed: group Collab")
    );
    assert_eq!(
        only(&feed_b, access, "partner A", ChangeOp::Update, inbound),
        said(&admin_b, "allowed: group Collab", "(inherit)")
    );
    let mfa = "inboundTrust.isMfaAccepted";
    let compliant = "inboundTrust.isCompliantDeviceAccepted";
    let default_changes: Vec<(Actor, String, String)> = feed_b
        .iter()
        .filter(|c| c.subject == access && c.name == "default")
        .flat_map(|c| {
            c.properties
                .iter()
                .map(|p| (c.actor.clone(), format!("{}: {} -> {}", p.property, p.old, p.new)))
        })
        .map(|(actor, words)| (actor, words, String::new()))
        .collect();
    assert_eq!(
        default_changes,
        [
            (admin_b.clone(), format!("{mfa}: (inherit) -> on"), String::new()),
            (Actor::Operator, format!("{mfa}: on -> (inherit)"), String::new()),
            (Actor::Operator, format!("{compliant}: (inherit) -> on"), String::new()),
        ]
    );
    let redemption = "automaticUserConsentSettings.outboundAllowed";
    assert_eq!(
        only(&feed_b, access, "partner C", ChangeOp::Create, redemption),
        said(&Actor::Operator, "(inherit)", "on")
    );
    assert_eq!(
        only(&feed_b, access, "partner C", ChangeOp::Delete, redemption),
        said(&Actor::Operator, "on", "")
    );
    // The invitation: a new B2B user in the resource tenant, by its administrator.
    let guest = "annie_a.example#EXT#@b.example";
    assert_eq!(
        only(&feed_b, Subject::User, guest, ChangeOp::Create, "userType"),
        said(&admin_b, "", "Guest")
    );
    // The organization, in the trail of the tenant each change concerns.
    let group = "Contoso Group";
    assert_eq!(
        only(&feed_a, org, group, ChangeOp::Create, "role"),
        said(&admin_a, "", "owner")
    );
    let sync = "identitySynchronization.userSyncInbound.isSyncAllowed = on";
    let consent = "automaticUserConsentSettings.inboundAllowed = on";
    let templates: Vec<(String, String)> = feed_a
        .iter()
        .filter(|c| c.subject == org)
        .flat_map(|c| c.properties.iter().filter(|p| p.property == "template"))
        .map(|p| (p.old.to_string(), p.new.to_string()))
        .collect();
    assert_eq!(
        templates,
        [
            (String::new(), format!("{sync}; for new partners")),
            (
                format!("{sync}; for new partners"),
                format!("{consent}; {sync}; for new and existing partners")
            ),
        ]
    );
    assert_eq!(
        only(&feed_b, org, group, ChangeOp::Create, "state"),
        said(&admin_a, "", "pending")
    );
    assert_eq!(
        only(&feed_b, org, group, ChangeOp::Update, "state"),
        said(&admin_b, "pending", "active")
    );
    let flag = "isInMultiTenantOrganization";
    let flags: Vec<(Actor, String, String)> = feed_b
        .iter()
        .filter(|c| c.subject == access && c.name == "partner A")
        .flat_map(|c| {
            c.properties
                .iter()
                .filter(|p| p.property == flag)
                .map(|p| said(&c.actor, &p.old.to_string(), &p.new.to_string()))
        })
        .collect();
    assert_eq!(
        flags,
        [said(&admin_b, "false", "true"), said(&admin_b, "true", "false")]
    );
    let links: Vec<(Actor, String, String)> = feed_a
        .iter()
        .filter(|c| c.subject == access && c.name == "partner B")
        .flat_map(|c| {
            c.properties.iter().map(|p| {
                (
                    c.actor.clone(),
                    format!("{} {} -> {}", p.property, p.old, p.new),
                    c.op.as_str().to_owned(),
                )
            })
        })
        .collect();
    assert_eq!(
        links,
        [
            (admin_b.clone(), format!("{flag} false -> true"), "create".to_owned()),
            (
                admin_b.clone(),
                "automaticUserConsentSettings.inboundAllowed (inherit) -> on".to_owned(),
                "update".to_owned()
            ),
            (
                admin_b.clone(),
                "identitySynchronization.userSyncInbound.isSyncAllowed (inherit) -> on".to_owned(),
                "update".to_owned()
            ),
            (admin_b.clone(), format!("{flag} true -> false"), "update".to_owned()),
        ]
    );
    assert_eq!(
        only(&feed_b, org, group, ChangeOp::Update, "role"),
        said(&admin_a, "member", "owner")
    );
    assert_eq!(
        only(&feed_a, org, group, ChangeOp::Update, "labels"),
        said(&admin_a, "none", "organization name")
    );
    assert_eq!(
        only(&feed_b, org, group, ChangeOp::Update, "calendarSharing.A"),
        said(&admin_b, "false", "true")
    );
    assert_eq!(
        only(&feed_c, org, group, ChangeOp::Delete, "state"),
        said(&admin_a, "pending", "")
    );
    assert_eq!(
        only(&feed_b, org, group, ChangeOp::Delete, "state"),
        said(&admin_b, "active", "")
    );
    // The same through `show changes`: the changes that touched `role`, one row per property.
    let shown = rows(
        &mut b,
        "show changes in tenant B where subject = organization and property = role",
    );
    assert_eq!(shown.strings("actor"), ["administrator of tenant A"; 3]);
    assert_eq!(shown.strings("property"), ["role", "state", "role"]);
    assert_eq!(shown.strings("old"), ["", "", "member"]);
    assert_eq!(shown.strings("new"), ["member", "pending", "owner"]);
}

//! The change feed and the audit trail: every write path records its changes with the
//! object, the actor and the properties (old → new), contiguously numbered, and
//! `show changes` reads them back.

mod common;

use common::{demo, one, rows};
use mtodir::api::ChangeQuery;
use mtodir::model::{Actor, Attr, Change, ChangeOp, NewUser, Value};
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
        assert_eq!(c.upn, "nina@b.example");
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
    assert_eq!(imported[0].upn, "zed@a.example");
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

//! Who may do what: a tenant's administrator reads and changes only its tenant; everything
//! else is refused with `Error::Denied` naming both tenants, and changes nothing.

mod common;

use common::{count, demo, error, fingerprint, mails, one, rows, text, upns};
use mtodir::model::{Attr, NewUser, Value};
use mtodir::{Action, Batch, Error, Principal, SearchKind};

/// The action and tenant of an `Error::Denied` refused to B's administrator; panics on any
/// other outcome.
fn denied(e: Error) -> (Action, Option<String>) {
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
fn a_tenant_admin_may_search_and_change_its_own_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    assert_eq!(
        s.principal(),
        &Principal::TenantAdmin {
            tenant: s.tenant("B").unwrap().ord,
            handle: "B".into()
        }
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B where userType = Member"),
        ["barbara@b.example", "bob@b.example"]
    );
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    assert!(text(&mut s, "explain search people in tenant B for \"bo\"").contains("tenant B"));
    one(&mut s, "update user bob@b.example in tenant B set jobTitle = \"Lead\"");
    one(
        &mut s,
        "create user nina@b.example in tenant B with displayName = \"Nina Neu\"",
    );
    one(&mut s, "create group Team in tenant B");
    one(&mut s, "add users in tenant B where memberOf = Collab to group Team");
    one(&mut s, "remove user bob@b.example from group Team in tenant B");
    one(&mut s, "delete user nina@b.example in tenant B");
    one(&mut s, "restore user nina@b.example in tenant B");
    one(&mut s, "delete user nina@b.example in tenant B");
    one(&mut s, "purge user nina@b.example in tenant B");
    assert_eq!(rows(&mut s, "show user bob@b.example in tenant B").rows.len(), 1);
    assert_eq!(upns(&mut s, "show group Team in tenant B"), ["barbara@b.example"]);
    assert_eq!(rows(&mut s, "show tenant B").strings("handle"), ["B"]);
    // What B's admin did is there for everyone.
    let mut operator = directory.session();
    assert_eq!(
        common::property(&mut operator, "bob@b.example", "B", "jobTitle"),
        "Lead"
    );
}

#[test]
fn a_tenant_admin_is_refused_everything_about_another_tenant_and_nothing_changes() {
    let (dir, directory) = demo();
    let mut operator = directory.session();
    let before = fingerprint(&mut operator);
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "userPrincipalName,displayName\nzed@a.example,Zed\n").unwrap();
    let exported = dir.path().join("a-users.jsonl");
    let statements = [
        "search people in tenant A for \"annie\"".to_owned(),
        "search address list in tenant A".to_owned(),
        "find users in tenant A".to_owned(),
        "count people in tenant A".to_owned(),
        "count users in tenant A where department = \"R&D\"".to_owned(),
        "explain search people in tenant A for \"an\"".to_owned(),
        "show tenant A".to_owned(),
        "show user annie@a.example in tenant A".to_owned(),
        "show groups in tenant A".to_owned(),
        "show group Collab in tenant A".to_owned(),
        "create user zed@a.example in tenant A with displayName = \"Zed\"".to_owned(),
        "update user annie@a.example in tenant A set jobTitle = \"Intern\"".to_owned(),
        "update users in tenant A where department = \"R&D\" set city = \"Oslo\"".to_owned(),
        "update users in tenant A set city = \"Oslo\"".to_owned(),
        "delete user annie@a.example in tenant A".to_owned(),
        "restore user annie@a.example in tenant A".to_owned(),
        "purge user annie@a.example in tenant A".to_owned(),
        "create group Spies in tenant A".to_owned(),
        "add user annie@a.example to group Collab in tenant A".to_owned(),
        "add users in tenant A where city = Seattle to group Collab".to_owned(),
        "remove user annie@a.example from group Collab in tenant A".to_owned(),
        "remove users in tenant A from group Collab".to_owned(),
        format!("import users into tenant A from \"{}\"", csv.display()),
        format!("export users of tenant A to \"{}\"", exported.display()),
        "generate users into tenant A count 5 seed 1".to_owned(),
        "show access for tenant A".to_owned(),
        "set access for tenant A partner B inbound collaboration = allow".to_owned(),
        "set default access for tenant A outbound collaboration = block".to_owned(),
        "reset default access for tenant A".to_owned(),
        format!("import access settings of tenant A from \"{}\"", exported.display()),
        format!("export access settings of tenant A to \"{}\"", exported.display()),
        "invite user bob@b.example from tenant B to tenant A".to_owned(),
        "create organization \"Mine\" as tenant A".to_owned(),
        "show organization as tenant A".to_owned(),
        "show changes in tenant A".to_owned(),
    ];
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    for statement in &statements {
        let (_, tenant) = denied(error(&mut s, statement));
        assert_eq!(tenant.as_deref(), Some("A"), "`{statement}`");
        assert!(!s.in_transaction());
        assert_eq!(text(&mut s, "whoami"), "administrator of tenant B", "{statement}");
    }
    assert_eq!(fingerprint(&mut operator), before);
    assert!(!exported.exists(), "a refused export wrote its file");
}

#[test]

fn a_refused_bulk_change_does_not_reveal_what_the_other_tenant_holds() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    for statement in [
        "update users in tenant A where memberOf = Secret set city = Oslo",
        "add users in tenant A where manager = ceo@a.example to group Collab",
        "remove users in tenant A where memberOf = Secret from group Collab",
    ] {
        let (action, tenant) = denied(error(&mut s, statement));
        assert_eq!(tenant.as_deref(), Some("A"), "{statement}");
        assert!(
            matches!(action, Action::ChangeUsers | Action::ChangeMembers),
            "{statement}"
        );
    }
}

#[test]
fn a_tenant_admin_cannot_create_tenants_or_load_the_demo() {
    let (_dir, directory) = demo();
    let mut operator = directory.session();
    let before = fingerprint(&mut operator);
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    let e = error(&mut s, "create tenant D name \"Dunder\" domain d.example");
    assert!(e.to_string().contains("only the operator"), "{e}");
    assert_eq!(denied(e), (Action::CreateTenants, None));
    assert_eq!(denied(error(&mut s, "demo")), (Action::LoadDemo, None));
    let e = s.create_tenant("E", Some("Eagle"), &["e.example".into()]).unwrap_err();
    assert_eq!(denied(e), (Action::CreateTenants, None));
    assert_eq!(fingerprint(&mut operator), before);
    assert!(s.tenant("D").is_err());
}

#[test]
fn show_tenants_as_a_tenant_admin_lists_only_its_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(rows(&mut s, "show tenants").strings("handle"), ["A", "B", "C"]);
    one(&mut s, "use tenant B");
    let r = rows(&mut s, "show tenants");
    assert_eq!(r.strings("handle"), ["B"]);
    assert_eq!(r.strings("displayName"), ["Fabrikam"]);
    assert_eq!(r.strings("users"), ["5"]);
    one(&mut s, "use tenant C");
    assert_eq!(rows(&mut s, "show tenants").strings("handle"), ["C"]);
}

#[test]
fn use_operator_restores_every_right() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    denied(error(&mut s, "search people in tenant A"));
    one(&mut s, "use operator");
    assert_eq!(text(&mut s, "whoami"), "operator");
    assert_eq!(s.principal(), &Principal::Operator);
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"annie\""),
        ["annie@a.example"]
    );
    one(
        &mut s,
        "update user annie@a.example in tenant A set jobTitle = \"Lead\"",
    );
    one(&mut s, "create tenant D domain d.example");
    assert_eq!(rows(&mut s, "show tenants").strings("handle"), ["A", "B", "C", "D"]);
    // Without a tenant of its own, the operator must name one.
    let e = error(&mut s, "count people");
    assert!(e.to_string().contains("which tenant"), "{e}");
}

#[test]
fn the_admin_of_one_tenant_in_a_session_does_not_affect_another_session() {
    let (_dir, directory) = demo();
    let mut b = directory.session();
    let mut operator = directory.session();
    one(&mut b, "use tenant B");
    assert_eq!(text(&mut operator, "whoami"), "operator");
    assert_eq!(count(&mut operator, "count people in tenant A"), 21);
    denied(error(&mut b, "count people in tenant A"));
}

#[test]
fn a_refusal_inside_begin_rolls_the_block_back_and_still_names_both_tenants() {
    let (_dir, directory) = demo();
    let mut operator = directory.session();
    let before = fingerprint(&mut operator);
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    one(&mut s, "begin");
    one(&mut s, "update user bob@b.example set jobTitle = \"Lead\"");
    let e = error(
        &mut s,
        "update user annie@a.example in tenant A set jobTitle = \"Intern\"",
    );
    let message = e.to_string();
    assert!(message.contains("permission denied"), "{message}");
    assert!(
        message.contains("tenant B") && message.contains("tenant A"),
        "{message}"
    );
    assert!(!s.in_transaction());
    assert_eq!(fingerprint(&mut operator), before);
}

#[test]
fn the_typed_api_refuses_the_same() {
    let (_dir, directory) = demo();
    let mut operator = directory.session();
    let before = fingerprint(&mut operator);
    let mut s = directory.session();
    s.use_tenant("B").unwrap();
    assert_eq!(
        s.principal(),
        &Principal::TenantAdmin {
            tenant: s.tenant("B").unwrap().ord,
            handle: "B".into()
        }
    );
    // Its own tenant works.
    let mut own = s.query("B", SearchKind::People).unwrap();
    own.text = Some("bar".into());
    let found = s.search(&own).unwrap();
    let upns: Vec<&str> = found.users.iter().map(|u| u.user_principal_name.as_str()).collect();
    assert_eq!(upns, ["barbara@b.example"]);
    assert_eq!(s.count(&own).unwrap(), 1);
    assert_eq!(
        s.user("B", "bob@b.example").unwrap().display_name.as_deref(),
        Some("Bob Baker")
    );

    // Tenant A is refused, whatever the call: even naming it in a query (the operator's
    // query is used below to try the rest).
    assert_eq!(
        denied(s.query("A", SearchKind::People).unwrap_err()).1.as_deref(),
        Some("A")
    );
    let mut q = operator.query("A", SearchKind::People).unwrap();
    q.text = Some("annie".into());
    for (_, tenant) in [
        denied(s.search(&q).unwrap_err()),
        denied(s.count(&q).unwrap_err()),
        denied(s.explain(&q).unwrap_err()),
        denied(s.search_query_rows(&q, &[Attr::Mail], |_| Ok(())).unwrap_err()),
        denied(s.search(&mtodir::people(q.tenant)).unwrap_err()),
        denied(s.user("A", "annie@a.example").unwrap_err()),
        denied(
            s.create_user(
                "A",
                &NewUser::new("zed@a.example", vec![(Attr::DisplayName, Value::str("Zed"))]),
            )
            .unwrap_err(),
        ),
        denied(
            s.update_user("A", "annie@a.example", &[(Attr::JobTitle, Value::str("Intern"))])
                .unwrap_err(),
        ),
        denied(s.delete_user("A", "annie@a.example").unwrap_err()),
        denied(s.restore_user("A", "annie@a.example").unwrap_err()),
        denied(s.purge_user("A", "annie@a.example").unwrap_err()),
        denied(s.create_group("A", "Spies", None).unwrap_err()),
        denied(s.set_member("A", "Collab", "annie@a.example", false).unwrap_err()),
    ] {
        assert_eq!(tenant.as_deref(), Some("A"));
    }
    assert!(s.use_tenant("Z").is_err(), "an unknown tenant");
    assert_eq!(fingerprint(&mut operator), before);
    s.use_operator().expect("an unconfined session");
    assert_eq!(s.search(&q).unwrap().users.len(), 1);
}

#[test]

fn create_users_in_another_tenant_is_denied() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    s.use_tenant("B").unwrap();
    let refused = denied(
        s.create_users("A", [NewUser::new("zed@a.example", vec![])], Batch::Atomic)
            .unwrap_err(),
    );
    assert_eq!(refused, (Action::CreateUsers, Some("A".to_owned())));
}

//! Parser tests of the examples of the language design note (docs: LANGUAGE.md), as written there.

use super::*;

// ---------------------------------------------------------------------------------------------
// The examples of the language design note (docs: LANGUAGE.md), as written there.

#[test]
fn design_note_principals() {
    let text = "use tenant A;            -- act as tenant A's administrator
use operator;            -- back to the operator
whoami;";
    assert_eq!(all(text).len(), 3);
}

#[test]
fn design_note_tenants_users_groups() {
    let text = r#"create tenant A name "Contoso" domain a.example;
show tenants;  show tenant A;

create user annie@a.example in tenant A
  with displayName = "Annie Adams", givenName = "Annie", surname = "Adams",
       jobTitle = "Engineer", department = "R&D", city = "Seattle", country = "US";
update user annie@a.example in tenant A set jobTitle = "Lead";
update users in tenant A where department = "Sales" set city = "Oslo";
delete user annie@a.example in tenant A;      -- soft delete (restorable)
restore user annie@a.example in tenant A;
purge user annie@a.example in tenant A;       -- hard delete
show user annie@a.example in tenant A;        -- every property, and where it came from

create group Collab in tenant A;
add user annie@a.example to group Collab in tenant A;
add users in tenant A where department = "R&D" to group Collab;
remove user annie@a.example from group Collab in tenant A;
show group Collab in tenant A;

import users into tenant A from "users.csv";  -- CSV or JSON Lines, by extension
export users of tenant A to "a-users.jsonl";
"#;
    let stmts = all(text);
    assert_eq!(stmts.len(), 17);
    let Statement::Users(UserStmt::CreateUser { set, .. }) = &stmts[3] else {
        panic!("{:?}", stmts[3])
    };
    let attrs: Vec<Attr> = set.iter().map(|a| a.attr.attr).collect();
    assert_eq!(
        attrs,
        [
            Attr::DisplayName,
            Attr::GivenName,
            Attr::Surname,
            Attr::JobTitle,
            Attr::Department,
            Attr::City,
            Attr::Country
        ]
    );
    assert!(stmts.iter().all(|s| tenant_of_or_none(s).is_none_or(|t| t == "A")));
}

fn tenant_of_or_none(stmt: &Statement) -> Option<String> {
    match stmt {
        Statement::Tenants(TenantStmt::CreateTenant { handle, .. })
        | Statement::Tenants(TenantStmt::ShowTenant(handle)) => Some(handle.text.clone()),
        Statement::Tenants(TenantStmt::ShowTenants) => None,
        other => tenant_of(other),
    }
}

#[test]
fn design_note_people_search() {
    let text = r#"search people in tenant B where userType = Member;
search people in tenant B for "bar";                       -- typeahead: word prefixes of
                                                           -- names, prefixes of mail and UPN
search people in tenant B for "bar" where department = "Sales" and not city = "Oslo"
  order by displayName limit 25 offset 0;
count people in tenant B where userType = Guest;
find users in tenant B where isSoftDeleted = true;         -- the administrator's view:
                                                           -- every object, visible or not
search people in tenant B for "bo" fields displayName, mail, jobTitle;
explain search people in tenant B for "bar" where userType = Member;   -- the chosen plan
"#;
    let stmts = all(text);
    assert_eq!(stmts.len(), 7);
    let Statement::Query(QueryStmt::Search(s)) = &stmts[2] else {
        panic!()
    };
    assert_eq!(
        shape(s.filter.as_ref().unwrap()),
        "and(department Eq Sales, not(city Eq Oslo))"
    );
    assert_eq!((s.limit, s.offset, s.order.len()), (Some(25), Some(0), 1));
    assert!(matches!(&stmts[3], Statement::Query(QueryStmt::Count(_))));
    assert!(matches!(&stmts[4], Statement::Query(QueryStmt::Search(s)) if s.kind == SearchKind::Find));
    assert!(matches!(&stmts[5], Statement::Query(QueryStmt::Search(s)) if s.fields.len() == 3));
    assert!(matches!(
        &stmts[6],
        Statement::Query(QueryStmt::Explain { count: false, .. })
    ));
}

#[test]
fn design_note_filter_forms() {
    for condition in [
        "jobTitle = 'v'",
        "jobTitle != 'v'",
        "jobTitle < 'v'",
        "jobTitle <= 'v'",
        "jobTitle > 'v'",
        "jobTitle >= 'v'",
        "city in ('v1', 'v2', 'v3')",
        "manager is null",
        "manager is not null",
        "jobTitle starts with 'v'",
        "jobTitle ends with 'v'",
        "jobTitle contains 'v'",
        "memberOf = \"Collab\"",
        "homeTenant = A",
        "source = b2b",
        "not city = 'v'",
        "city = 'v' and city = 'w'",
        "city = 'v' or city = 'w'",
        "( city = 'v' )",
    ] {
        filter(condition);
    }
}

#[test]
fn design_note_transactions_and_the_shell() {
    assert_eq!(
        all("begin;  commit;     -- or rollback; a script run with -f is atomic unless it says otherwise\nrollback;"),
        [
            Statement::Session(SessionStmt::Begin),
            Statement::Session(SessionStmt::Commit),
            Statement::Session(SessionStmt::Rollback)
        ]
    );
    assert_eq!(
        all("help;  help search;"),
        [
            Statement::Shell(ShellStmt::Help(None)),
            Statement::Shell(ShellStmt::Help(Some("search".into())))
        ]
    );
}

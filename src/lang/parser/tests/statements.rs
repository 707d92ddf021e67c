//! Parser tests of the statements: tenants, users, groups, search, import/export/generate,
//! sync schemas, sessions, transactions and help.

use super::*;

// ---------------------------------------------------------------------------------------------
// Tenants

#[test]
fn create_tenant_with_name_and_domain() {
    let text = r#"create tenant A name "Contoso" domain a.example"#;
    assert_eq!(
        one(text),
        Statement::Tenants(TenantStmt::CreateTenant {
            handle: name_at(text, "A", "A"),
            name: Some("Contoso".into()),
            domains: vec!["a.example".into()],
        })
    );
}

#[test]
fn create_tenant_with_several_domains() {
    for text in [
        "create tenant A name Contoso domain a.example, a2.example",
        "create tenant A name 'Contoso' domains a.example, 'a2.example'",
    ] {
        let Statement::Tenants(TenantStmt::CreateTenant { name, domains, .. }) = one(text) else {
            panic!("{text}")
        };
        assert_eq!(name.as_deref(), Some("Contoso"));
        assert_eq!(domains, ["a.example", "a2.example"]);
    }
}

#[test]
fn create_tenant_needs_only_a_handle() {
    let text = r#"create tenant "Fabrikam Ltd""#;
    assert_eq!(
        one(text),
        Statement::Tenants(TenantStmt::CreateTenant {
            handle: name_at(text, r#""Fabrikam Ltd""#, "Fabrikam Ltd"),
            name: None,
            domains: vec![],
        })
    );
}

#[test]
fn show_tenants_and_tenant() {
    assert_eq!(one("show tenants"), Statement::Tenants(TenantStmt::ShowTenants));
    let text = "show tenant B";
    assert_eq!(
        one(text),
        Statement::Tenants(TenantStmt::ShowTenant(name_at(text, "B", "B")))
    );
}

// ---------------------------------------------------------------------------------------------
// Users

#[test]
fn create_user_with_assignments() {
    let text = r#"create user annie@a.example in tenant A with displayName = "Annie Adams", accountEnabled = false, employeeId = 42"#;
    let Statement::Users(UserStmt::CreateUser { upn, tenant, set }) = one(text) else {
        panic!()
    };
    assert_eq!(upn, "annie@a.example");
    assert_eq!(tenant, Some(name_in(text, "A with", "A")));
    assert_eq!(
        set,
        [
            Assignment {
                attr: AttrRef {
                    attr: Attr::DisplayName,
                    span: at(text, "displayName")
                },
                value: Literal::Str("Annie Adams".into()),
            },
            Assignment {
                attr: AttrRef {
                    attr: Attr::AccountEnabled,
                    span: at(text, "accountEnabled")
                },
                value: Literal::Bool(false),
            },
            Assignment {
                attr: AttrRef {
                    attr: Attr::EmployeeId,
                    span: at(text, "employeeId")
                },
                value: Literal::Int(42),
            },
        ]
    );
}

#[test]
fn create_user_without_tenant_or_properties() {
    assert_eq!(
        one("create user bob@a.example"),
        Statement::Users(UserStmt::CreateUser {
            upn: "bob@a.example".into(),
            tenant: None,
            set: vec![]
        })
    );
}

#[test]
fn update_user_and_users() {
    let Statement::Users(UserStmt::UpdateUser { upn, tenant, set }) =
        one("update user annie@a.example set jobTitle = 'Lead', manager = null")
    else {
        panic!()
    };
    assert_eq!((upn.as_str(), tenant), ("annie@a.example", None));
    assert_eq!(set.len(), 2);
    assert_eq!(set[1].value, Literal::Null);

    let Statement::Users(UserStmt::UpdateUsers { filter, set, .. }) =
        one("update users in tenant A where department = Sales set city = Oslo")
    else {
        panic!()
    };
    assert_eq!(shape(&filter.unwrap()), "department Eq Sales");
    assert_eq!(set[0].value, Literal::Word("Oslo".into()));

    let Statement::Users(UserStmt::UpdateUsers { tenant, filter, .. }) = one("update users set country = NO") else {
        panic!()
    };
    assert_eq!((tenant, filter), (None, None));
}

#[test]
fn one_user_statements() {
    type Make = fn(String, Option<Name>) -> Statement;
    let cases: [(&str, Make); 4] = [
        ("delete", |upn, tenant| {
            Statement::Users(UserStmt::DeleteUser { upn, tenant })
        }),
        ("restore", |upn, tenant| {
            Statement::Users(UserStmt::RestoreUser { upn, tenant })
        }),
        ("purge", |upn, tenant| {
            Statement::Users(UserStmt::PurgeUser { upn, tenant })
        }),
        ("show", |upn, tenant| {
            Statement::Users(UserStmt::ShowUser { upn, tenant })
        }),
    ];
    for (verb, make) in cases {
        let text = format!("{verb} user annie@a.example in tenant A");
        let tenant = Name {
            text: "A".into(),
            span: Span {
                start: text.len() - 1,
                end: text.len(),
            },
        };
        assert_eq!(one(&text), make("annie@a.example".into(), Some(tenant)));
        assert_eq!(
            one(&format!("{verb} user annie@a.example")),
            make("annie@a.example".into(), None)
        );
    }
}

#[test]
fn b2b_and_quoted_upns() {
    for (text, upn) in [
        (
            "show user annie_a.example#EXT#@b.example",
            "annie_a.example#EXT#@b.example",
        ),
        ("show user o'brien@a.example", "o'brien@a.example"),
        ("show user \"odd name@a.example\"", "odd name@a.example"),
        ("show user in.sales@a.example", "in.sales@a.example"),
        ("show user jean-luc@a.example", "jean-luc@a.example"),
        ("show user josé@a.example", "josé@a.example"),
    ] {
        assert_eq!(
            one(text),
            Statement::Users(UserStmt::ShowUser {
                upn: upn.into(),
                tenant: None
            }),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Groups

#[test]
fn group_statements() {
    let text = "create group Collab in tenant A description \"Cross-tenant collaboration\"";
    assert_eq!(
        one(text),
        Statement::Groups(GroupStmt::CreateGroup {
            name: name_at(text, "Collab", "Collab"),
            tenant: Some(name_in(text, "A ", "A")),
            description: Some("Cross-tenant collaboration".into()),
        })
    );
    let text = "show group 'R&D Team'";
    assert_eq!(
        one(text),
        Statement::Groups(GroupStmt::ShowGroup {
            name: name_at(text, "'R&D Team'", "R&D Team"),
            tenant: None
        })
    );
    assert_eq!(
        one("show groups"),
        Statement::Groups(GroupStmt::ShowGroups { tenant: None })
    );
    assert_eq!(tenant_of(&one("show groups in tenant B")), some("B"));
}

#[test]
fn membership_statements() {
    let Statement::Groups(GroupStmt::AddMember { upn, group, tenant }) =
        one("add user annie@a.example to group Collab in tenant A")
    else {
        panic!()
    };
    assert_eq!((upn.as_str(), group.text.as_str()), ("annie@a.example", "Collab"));
    assert_eq!(tenant.map(|t| t.text), tenant_of(&one("show groups in tenant A")));

    let stmt = one("add user annie@a.example in tenant A to group Collab");
    assert_eq!(tenant_of(&stmt), some("A"));

    let Statement::Groups(GroupStmt::AddMembers { tenant, filter, group }) =
        one("add users in tenant A where department = \"R&D\" to group Collab")
    else {
        panic!()
    };
    assert_eq!(tenant.map(|t| t.text), some("A"));
    assert_eq!(shape(&filter.unwrap()), "department Eq R&D");
    assert_eq!(group.text, "Collab");

    let Statement::Groups(GroupStmt::AddMembers { filter, .. }) = one("add users to group Everyone") else {
        panic!()
    };
    assert_eq!(filter, None);

    let Statement::Groups(GroupStmt::RemoveMember { upn, group, .. }) =
        one("remove user annie@a.example from group Collab in tenant A")
    else {
        panic!()
    };
    assert_eq!((upn.as_str(), group.text.as_str()), ("annie@a.example", "Collab"));

    let Statement::Groups(GroupStmt::RemoveMembers { tenant, filter, group }) =
        one("remove users where city = Oslo from group Collab in tenant B")
    else {
        panic!()
    };
    assert_eq!((tenant.map(|t| t.text), group.text), (some("B"), "Collab".into()));
    assert_eq!(shape(&filter.unwrap()), "city Eq Oslo");
}

#[test]
fn a_tenant_named_twice_is_an_error() {
    let message = syntax_message("add users in tenant A to group G in tenant B");
    assert!(message.contains("tenant is given twice"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Search

#[test]
fn search_with_every_clause() {
    let text = "search people in tenant B for \"bar\" where department = \"Sales\" \
                order by displayName, city desc, surname asc limit 25 offset 5 fields displayName, mail";
    let s = search(text);
    assert_eq!(s.kind, SearchKind::People);
    assert_eq!(s.tenant, Some(name_at(text, "B", "B")));
    assert_eq!(s.text.as_deref(), Some("bar"));
    assert_eq!(shape(s.filter.as_ref().unwrap()), "department Eq Sales");
    let order: Vec<(Attr, Direction)> = s.order.iter().map(|(a, d)| (a.attr, *d)).collect();
    assert_eq!(
        order,
        [
            (Attr::DisplayName, Direction::Asc),
            (Attr::City, Direction::Desc),
            (Attr::Surname, Direction::Asc)
        ]
    );
    assert_eq!((s.limit, s.offset), (Some(25), Some(5)));
    let fields: Vec<Attr> = s.fields.iter().map(|f| f.attr).collect();
    assert_eq!(fields, [Attr::DisplayName, Attr::Mail]);
    assert_eq!(s.fields[1].span, at(text, "mail"));
}

#[test]
fn search_kinds_and_bare_searches() {
    let cases = [
        ("search people", SearchKind::People),
        ("search address list", SearchKind::AddressList),
        ("find users", SearchKind::Find),
    ];
    for (text, kind) in cases {
        let s = search(text);
        assert_eq!(
            s,
            SearchStmt {
                kind,
                tenant: None,
                text: None,
                filter: None,
                order: vec![],
                limit: None,
                offset: None,
                fields: vec![]
            }
        );
    }
}

#[test]
fn fields_may_follow_the_tenant() {
    let s = search("search address list in tenant B fields displayName, jobTitle for bo limit 3");
    assert_eq!(s.kind, SearchKind::AddressList);
    assert_eq!(
        s.fields.iter().map(|f| f.attr).collect::<Vec<_>>(),
        [Attr::DisplayName, Attr::JobTitle]
    );
    assert_eq!((s.text.as_deref(), s.limit), (Some("bo"), Some(3)));
    let message = syntax_message("find users fields mail where city = Oslo fields city");
    assert!(message.contains("`fields` is given twice"), "{message}");
}

#[test]
fn count_statements() {
    for (text, kind) in [
        ("count people in tenant B where userType = Guest", SearchKind::People),
        ("count address list for \"an\"", SearchKind::AddressList),
        ("count users", SearchKind::Find),
    ] {
        let Statement::Query(QueryStmt::Count(s)) = one(text) else {
            panic!("{text}")
        };
        assert_eq!(s.kind, kind, "{text}");
    }
    let message = syntax_message("count people limit 5");
    assert!(message.contains("expected"), "{message}");
}

#[test]
fn explain_carries_the_search() {
    let Statement::Query(QueryStmt::Explain {
        search: s,
        count: false,
    }) = one("explain search people in tenant B for \"bar\" where userType = Member")
    else {
        panic!()
    };
    assert_eq!((s.kind, s.text.as_deref()), (SearchKind::People, Some("bar")));
    assert_eq!(shape(s.filter.as_ref().unwrap()), "userType Eq Member");
    let Statement::Query(QueryStmt::Explain { search: s, count: true }) =
        one("explain count users where isSoftDeleted = true")
    else {
        panic!()
    };
    assert_eq!(s.kind, SearchKind::Find);
    let Statement::Query(QueryStmt::Explain {
        search: s,
        count: false,
    }) = one("explain find users order by city")
    else {
        panic!()
    };
    assert_eq!(s.order.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Import, export, generate

#[test]
fn import_export_generate() {
    let text = r#"import users into tenant A from "users.csv""#;
    assert_eq!(
        one(text),
        Statement::Interchange(InterchangeStmt::Import {
            tenant: Some(name_in(text, "tenant A", "A")),
            path: "users.csv".into(),
            format: None
        })
    );
    let Statement::Interchange(InterchangeStmt::Import { tenant, format, path }) =
        one(r"import users from 'C:\data\users.json' format JSON")
    else {
        panic!()
    };
    assert_eq!(
        (tenant, path.as_str(), format.as_deref()),
        (None, r"C:\data\users.json", Some("json"))
    );
    for (text, format) in [
        ("export users of tenant A to \"a-users.jsonl\"", None),
        ("export users from tenant A to 'a.csv' format csv", Some("csv")),
        ("export users to 'a.jsonl' format jsonl", Some("jsonl")),
        ("export users to 'a.csv' format entra", Some("entra")),
    ] {
        let Statement::Interchange(InterchangeStmt::Export { format: f, .. }) = one(text) else {
            panic!("{text}")
        };
        assert_eq!(f.as_deref(), format, "{text}");
    }
    assert_eq!(tenant_of(&one("export users from tenant A to 'a.csv'")), some("A"));
    let Statement::Interchange(InterchangeStmt::Generate { tenant, count, seed }) =
        one("generate users into tenant A count 1000")
    else {
        panic!()
    };
    assert_eq!((tenant.map(|t| t.text), count, seed), (some("A"), 1000, 42));
    let Statement::Interchange(InterchangeStmt::Generate { count, seed, .. }) = one("generate users count 5 seed 7")
    else {
        panic!()
    };
    assert_eq!((count, seed), (5, 7));
}

// ---------------------------------------------------------------------------------------------
// Sessions, transactions, help

#[test]
fn session_and_transaction_statements() {
    let text = "use tenant A";
    assert_eq!(
        one(text),
        Statement::Session(SessionStmt::UseTenant(name_at(text, "A", "A")))
    );
    assert_eq!(
        all("use operator; whoami; begin; begin transaction; commit; commit transaction; rollback; demo"),
        [
            Statement::Session(SessionStmt::UseOperator),
            Statement::Session(SessionStmt::Whoami),
            Statement::Session(SessionStmt::Begin),
            Statement::Session(SessionStmt::Begin),
            Statement::Session(SessionStmt::Commit),
            Statement::Session(SessionStmt::Commit),
            Statement::Session(SessionStmt::Rollback),
            Statement::Shell(ShellStmt::Demo { synced: true })
        ]
    );
}

#[test]
fn check_is_a_statement_of_its_own() {
    assert_eq!(
        all("check; CHECK"),
        [
            Statement::Maintenance(MaintenanceStmt::Check),
            Statement::Maintenance(MaintenanceStmt::Check)
        ]
    );
    assert!(parse("check users").is_err());
}

#[test]
fn help_with_and_without_topic() {
    assert_eq!(one("help"), Statement::Shell(ShellStmt::Help(None)));
    assert_eq!(
        one("HELP search"),
        Statement::Shell(ShellStmt::Help(Some("search".into())))
    );
    assert_eq!(
        one("help address   list"),
        Statement::Shell(ShellStmt::Help(Some("address list".into())))
    );
    assert_eq!(
        one("help .mode"),
        Statement::Shell(ShellStmt::Help(Some(".mode".into())))
    );
}

#[test]
fn import_and_export_of_a_sync_schema() {
    use crate::lang::ast::SyncStmt;
    let Statement::Sync(SyncStmt::Import { sync, path }) =
        one(r#"import sync "A to B" in tenant A from "schema.json""#)
    else {
        panic!()
    };
    assert_eq!(
        (sync.name.as_str(), sync.source.map(|s| s.text), path.as_str()),
        ("A to B", Some("A".to_owned()), "schema.json")
    );
    let Statement::Sync(SyncStmt::Export { sync, path }) = one(r#"EXPORT SYNC "A to B" TO 'out.json'"#) else {
        panic!()
    };
    assert_eq!(
        (sync.name.as_str(), sync.source, path.as_str()),
        ("A to B", None, "out.json")
    );
    // `import sync` is not `import users`: the path is required after `from`.
    assert!(parse(r#"import sync "A to B" from"#).is_err());
}

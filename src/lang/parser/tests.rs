//! Unit tests of the parser: every statement, every filter operator, the lexical rules, and
//! the examples of the language design note.

use super::parse;
use crate::error::Error;
use crate::lang::ast::{
    Assignment, AttrRef, CmpOp, Direction, Filter, GroupStmt, InterchangeStmt, Literal, MaintenanceStmt, MatchOp, Name,
    QueryStmt, SearchKind, SearchStmt, SessionStmt, ShellStmt, Span, Statement, TenantStmt, UserStmt,
};
use crate::model::Attr;

/// The statements of `text`, or a panic that shows the error.
fn all(text: &str) -> Vec<Statement> {
    match parse(text) {
        Ok(located) => located.into_iter().map(|l| l.stmt).collect(),
        Err(e) => panic!("{text:?} does not parse:\n{e}"),
    }
}

/// The one statement of `text`.
fn one(text: &str) -> Statement {
    let mut stmts = all(text);
    assert_eq!(stmts.len(), 1, "{text:?}");
    stmts.remove(0)
}

fn search(text: &str) -> SearchStmt {
    match one(text) {
        Statement::Query(QueryStmt::Search(s))
        | Statement::Query(QueryStmt::Count(s))
        | Statement::Query(QueryStmt::Explain { search: s, .. }) => s,
        other => panic!("{text:?} is not a search: {other:?}"),
    }
}

/// The filter of `find users where {condition}`.
fn filter(condition: &str) -> Filter {
    let text = format!("find users where {condition}");
    search(&text).filter.unwrap_or_else(|| panic!("{text:?} has no filter"))
}

/// The span of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    Span {
        start,
        end: start + needle.len(),
    }
}

/// `Name` for the first `needle` in `text`, with `value` as its text.
fn name_at(text: &str, needle: &str, value: &str) -> Name {
    Name {
        text: value.into(),
        span: at(text, needle),
    }
}

/// `Name` for the first `name` inside the first `context` of `text`.
fn name_in(text: &str, context: &str, name: &str) -> Name {
    let outer = at(text, context);
    let inner = at(context, name);
    let span = Span {
        start: outer.start + inner.start,
        end: outer.start + inner.end,
    };
    Name {
        text: name.into(),
        span,
    }
}

fn some(name: &str) -> Option<String> {
    Some(name.to_owned())
}

fn tenant_of(stmt: &Statement) -> Option<String> {
    let t = match stmt {
        Statement::Users(UserStmt::CreateUser { tenant, .. })
        | Statement::Users(UserStmt::UpdateUser { tenant, .. })
        | Statement::Users(UserStmt::UpdateUsers { tenant, .. })
        | Statement::Users(UserStmt::DeleteUser { tenant, .. })
        | Statement::Users(UserStmt::RestoreUser { tenant, .. })
        | Statement::Users(UserStmt::PurgeUser { tenant, .. })
        | Statement::Users(UserStmt::ShowUser { tenant, .. })
        | Statement::Groups(GroupStmt::CreateGroup { tenant, .. })
        | Statement::Groups(GroupStmt::ShowGroup { tenant, .. })
        | Statement::Groups(GroupStmt::ShowGroups { tenant })
        | Statement::Groups(GroupStmt::AddMember { tenant, .. })
        | Statement::Groups(GroupStmt::AddMembers { tenant, .. })
        | Statement::Groups(GroupStmt::RemoveMember { tenant, .. })
        | Statement::Groups(GroupStmt::RemoveMembers { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Import { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Export { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Generate { tenant, .. }) => tenant,
        Statement::Query(QueryStmt::Search(s))
        | Statement::Query(QueryStmt::Count(s))
        | Statement::Query(QueryStmt::Explain { search: s, .. }) => &s.tenant,
        other => panic!("no tenant in {other:?}"),
    };
    t.as_ref().map(|n| n.text.clone())
}

fn syntax_message(text: &str) -> String {
    match parse(text) {
        Err(Error::Syntax(d)) => d.message,
        other => panic!("{text:?} should be a syntax error, not {other:?}"),
    }
}

/// A comparison filter without its spans, for structural comparisons.
fn shape(f: &Filter) -> String {
    match f {
        Filter::Cmp { attr, op, value, .. } => format!("{} {op:?} {}", attr.attr, value.text()),
        Filter::In { attr, values, .. } => {
            let values: Vec<String> = values.iter().map(Literal::text).collect();
            format!("{} in [{}]", attr.attr, values.join(","))
        }
        Filter::IsNull { attr, negated } => format!("{} null {negated}", attr.attr),
        Filter::Match { attr, op, value, .. } => format!("{} {op:?} {}", attr.attr, value.text()),
        Filter::And(parts) => format!("and({})", parts.iter().map(shape).collect::<Vec<_>>().join(", ")),
        Filter::Or(parts) => format!("or({})", parts.iter().map(shape).collect::<Vec<_>>().join(", ")),
        Filter::Not(inner) => format!("not({})", shape(inner)),
    }
}

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

// ---------------------------------------------------------------------------------------------
// Filters

#[test]
fn every_comparison_operator() {
    for (op, expected) in [
        ("=", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<>", CmpOp::Ne),
        ("<", CmpOp::Lt),
        ("<=", CmpOp::Le),
        (">", CmpOp::Gt),
        (">=", CmpOp::Ge),
    ] {
        let condition = format!("surname {op} 'M'");
        let text = format!("find users where {condition}");
        let f = filter(&condition);
        assert_eq!(
            f,
            Filter::Cmp {
                attr: AttrRef {
                    attr: Attr::Surname,
                    span: at(&text, "surname")
                },
                op: expected,
                value: Literal::Str("M".into()),
                span: at(&text, &condition),
            }
        );
        // Operators need no spaces around them.
        let tight = filter(&format!("surname{op}'M'"));
        assert!(matches!(tight, Filter::Cmp { op, .. } if op == expected), "{op}");
    }
}

#[test]
fn in_null_and_match_operators() {
    let text = "find users where country in ('US', NO, 3)";
    let Some(Filter::In { attr, values, span }) = search(text).filter else {
        panic!()
    };
    assert_eq!(attr.attr, Attr::Country);
    assert_eq!(
        values,
        [Literal::Str("US".into()), Literal::Word("NO".into()), Literal::Int(3)]
    );
    assert_eq!(span, at(text, "country in ('US', NO, 3)"));

    let is_null = filter("manager is null");
    assert!(matches!(is_null, Filter::IsNull { attr, negated: false } if attr.attr == Attr::Manager));
    let not_null = filter("manager IS NOT NULL");
    assert!(matches!(not_null, Filter::IsNull { negated: true, .. }));

    for (words, op) in [
        ("starts with", MatchOp::StartsWith),
        ("ends with", MatchOp::EndsWith),
        ("contains", MatchOp::Contains),
    ] {
        let f = filter(&format!("jobTitle {words} \"Lead\""));
        assert!(
            matches!(&f, Filter::Match { attr, op: o, value: Literal::Str(v), .. }
                if attr.attr == Attr::JobTitle && *o == op && v == "Lead"),
            "{words}: {f:?}"
        );
    }
}

#[test]
fn special_attributes_of_the_design_note() {
    assert_eq!(shape(&filter("memberOf = \"Collab\"")), "memberOf Eq Collab");
    assert_eq!(shape(&filter("homeTenant = A")), "homeTenant Eq A");
    assert_eq!(shape(&filter("source = b2b")), "source Eq b2b");
}

#[test]
fn precedence_is_or_then_and_then_not() {
    assert_eq!(
        shape(&filter("city = 1 or city = 2 and not city = 3")),
        "or(city Eq 1, and(city Eq 2, not(city Eq 3)))"
    );
    assert_eq!(
        shape(&filter("not city = 1 and city = 2 or city = 3")),
        "or(and(not(city Eq 1), city Eq 2), city Eq 3)"
    );
    assert_eq!(
        shape(&filter("(city = 1 or city = 2) and city = 3")),
        "and(or(city Eq 1, city Eq 2), city Eq 3)"
    );
    assert_eq!(
        shape(&filter("not (city = 1 or city = 2)")),
        "not(or(city Eq 1, city Eq 2))"
    );
    assert_eq!(shape(&filter("not not city = 1")), "not(not(city Eq 1))");
}

#[test]
fn nested_junctions_are_flattened() {
    assert_eq!(
        shape(&filter("(city = 1 and city = 2) and (city = 3 and city = 4)")),
        "and(city Eq 1, city Eq 2, city Eq 3, city Eq 4)"
    );
    assert_eq!(
        shape(&filter("city = 1 or (city = 2 or (city = 3)) or city = 4")),
        "or(city Eq 1, city Eq 2, city Eq 3, city Eq 4)"
    );
    assert_eq!(shape(&filter("((city = 1))")), "city Eq 1");
}

#[test]
fn literals() {
    let value = |v: &str| match filter(&format!("city = {v}")) {
        Filter::Cmp { value, .. } => value,
        other => panic!("{other:?}"),
    };
    assert_eq!(value("-12"), Literal::Int(-12));
    assert_eq!(value("TRUE"), Literal::Bool(true));
    assert_eq!(value("False"), Literal::Bool(false));
    assert_eq!(value("NULL"), Literal::Null);
    assert_eq!(value("Member"), Literal::Word("Member".into()));
    assert_eq!(value("2024-01-01"), Literal::Word("2024-01-01".into()));
    assert_eq!(value("12abc"), Literal::Word("12abc".into()));
    assert_eq!(value("truely"), Literal::Word("truely".into()));
    assert_eq!(value("OR"), Literal::Word("OR".into()));
    assert_eq!(value("'null'"), Literal::Str("null".into()));
    assert_eq!(value("Zürich"), Literal::Word("Zürich".into()));
    let message = syntax_message("find users where employeeId = 99999999999999999999");
    assert!(message.contains("too large"), "{message}");
}

#[test]
fn strings_resolve_escapes() {
    let text = |v: &str| search(&format!("search people for {v}")).text.unwrap_or_default();
    assert_eq!(text(r#""say \"hi\"""#), r#"say "hi""#);
    assert_eq!(text(r"'it\'s'"), "it's");
    assert_eq!(text(r#"'say "hi"'"#), r#"say "hi""#);
    assert_eq!(text(r#""back\\slash""#), r"back\slash");
    assert_eq!(text(r#""C:\data""#), r"C:\data");
    assert_eq!(
        text(r#""-- not a comment; nor a separator""#),
        "-- not a comment; nor a separator"
    );
    assert_eq!(text("\"\""), "");
}

// ---------------------------------------------------------------------------------------------
// Lexical rules

#[test]
fn keywords_and_attributes_are_case_insensitive() {
    let s = search("SEARCH People IN Tenant B WHERE USERTYPE = member ORDER BY DisplayName DESC");
    assert_eq!(s.kind, SearchKind::People);
    assert_eq!(shape(s.filter.as_ref().unwrap()), "userType Eq member");
    assert_eq!(s.order[0].0.attr, Attr::DisplayName);
    assert_eq!(s.order[0].1, Direction::Desc);
    assert_eq!(
        shape(&filter("officeLocation = 'B1'")),
        "physicalDeliveryOfficeName Eq B1"
    );
}

#[test]
fn keywords_are_whole_words() {
    assert!(parse("searchx people").is_err());
    assert!(parse("show tenantsx").is_err());
    assert!(parse("search people.x").is_err());
    // A word that begins like a keyword is a word.
    assert_eq!(shape(&filter("city = order")), "city Eq order");
    assert_eq!(tenant_of(&one("show groups in tenant Orders")), some("Orders"));
}

#[test]
fn reserved_words_cannot_stand_for_names() {
    let message = syntax_message("delete user in tenant A");
    assert!(message.starts_with("expected a user principal name"), "{message}");
    let message = syntax_message("show groups in tenant where");
    assert!(message.starts_with("expected a tenant name"), "{message}");
}

#[test]
fn comments_run_to_the_end_of_the_line() {
    let text = "-- a script\nshow tenants -- all of them\n; -- done\nwhoami --;\n;--";
    assert_eq!(
        all(text),
        [
            Statement::Tenants(TenantStmt::ShowTenants),
            Statement::Session(SessionStmt::Whoami)
        ]
    );
    assert_eq!(tenant_of(&one("show groups in tenant A--comment")), some("A"));
    assert!(all("-- nothing but a comment").is_empty());
}

#[test]
fn statements_are_located() {
    let text = "show tenants;  ; whoami -- me\n ;\n\tsearch people in tenant B\n  where city = Oslo;demo";
    let located = parse(text).unwrap();
    let spans: Vec<&str> = located.iter().map(|l| &text[l.span.start..l.span.end]).collect();
    assert_eq!(
        spans,
        [
            "show tenants",
            "whoami",
            "search people in tenant B\n  where city = Oslo",
            "demo"
        ]
    );
}

#[test]
fn separators_are_flexible() {
    assert!(all("").is_empty());
    assert!(all(" ;;; ").is_empty());
    assert_eq!(all("whoami"), [Statement::Session(SessionStmt::Whoami)]);
    assert_eq!(all("whoami;"), [Statement::Session(SessionStmt::Whoami)]);
    assert_eq!(
        all("\u{feff}whoami;\r\nwhoami\r\n"),
        [
            Statement::Session(SessionStmt::Whoami),
            Statement::Session(SessionStmt::Whoami)
        ]
    );
}

#[test]
fn unknown_attributes_are_reported_with_a_suggestion() {
    for (text, word) in [
        ("find users where departmnt = 'x'", "departmnt"),
        ("find users order by displayNme", "displayNme"),
        ("find users fields mail, jobTitel", "jobTitel"),
        ("update users set citty = Oslo", "citty"),
        ("create user a@a.example with surnme = 'A'", "surnme"),
    ] {
        let Err(Error::Syntax(d)) = parse(text) else {
            panic!("{text}")
        };
        assert!(
            d.message
                .starts_with(&format!("unknown attribute `{word}` (did you mean `")),
            "{}",
            d.message
        );
        assert_eq!(d.column, text.find(word).unwrap() + 1, "{text}");
        assert_eq!(d.width, word.len(), "{text}");
    }
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let ok = format!("find users where {}city = 1{}", "(".repeat(30), ")".repeat(30));
    assert!(parse(&ok).is_ok());
    let deep = format!(
        "find users where {}city = 1{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(syntax_message(&deep).contains("nested too deeply"));
    let nots = format!("find users where {}city = 1", "not ".repeat(100_000));
    assert!(syntax_message(&nots).contains("nested too deeply"));
    let long = format!("find users where city = 1{}", " or city = 1".repeat(20_000));
    assert!(parse(&long).is_ok());
}

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

// ---------------------------------------------------------------------------------------------
// Robustness

mod never_panics {
    use super::parse;
    use crate::error::Error;
    use proptest::prelude::*;

    /// Pieces of MTOQL, so that random sequences get deep into the grammar.
    const PIECES: &[&str] = &[
        "search",
        "people",
        "find",
        "users",
        "user",
        "count",
        "explain",
        "in",
        "tenant",
        "A",
        "for",
        "where",
        "and",
        "or",
        "not",
        "(",
        ")",
        "=",
        "!=",
        "<=",
        "<>",
        ">",
        "is",
        "null",
        "starts",
        "with",
        "contains",
        "order",
        "by",
        "desc",
        "limit",
        "offset",
        "fields",
        "city",
        ",",
        ";",
        "'x",
        "\"y\"",
        "'z'",
        "--",
        "\n",
        "create",
        "group",
        "set",
        "update",
        "add",
        "to",
        "from",
        "import",
        "export",
        "format",
        "csv",
        "generate",
        "seed",
        "12",
        "-3",
        "99999999999999999999",
        "annie@a.example",
        "é",
        "\u{301}",
        "\\",
        "help",
        "departmnt",
        "#EXT#",
        "-",
        ".",
        "\t",
    ];

    fn check(text: &str) {
        match parse(text) {
            Ok(_) => {}
            Err(Error::Syntax(d)) => {
                assert!(d.line >= 1 && d.column >= 1 && d.width >= 1, "{d:?}");
                assert!(!d.message.is_empty());
                let _ = d.to_string();
            }
            Err(other) => panic!("{text:?}: not a syntax error: {other:?}"),
        }
    }

    proptest! {
        #[test]
        fn on_random_text(text in "\\PC*") {
            check(&text);
        }

        #[test]
        fn on_random_pieces(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
            check(&pieces.join(" "));
            check(&pieces.concat());
        }
    }
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

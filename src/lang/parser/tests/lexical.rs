//! Parser tests of the lexical rules: case, whole words, reserved words, comments, spans, nesting.

use super::*;

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

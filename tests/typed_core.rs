//! The typed core: the layers, the batch modes, and the one value typer.

mod common;

use common::{demo, fingerprint, one, rows};
use mtodir::model::{Attr, Literal, NewUser, User, Value, typing};
use mtodir::{Batch, Error, Filter, Search, SearchKind};
use std::path::Path;

/// Nothing below the language imports it: only `src/lang/`, the shell (`repl.rs`,
/// `main.rs`) and the crate root name `lang`.
#[test]
fn nothing_below_the_language_imports_it() {
    fn visit(dir: &Path, offenders: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("lang") {
                    visit(&path, offenders);
                }
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || ["lib.rs", "main.rs", "repl.rs"].contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if text.contains("crate::lang") || text.contains("super::lang") || text.contains("mtodir::lang") {
                offenders.push(path.display().to_string());
            }
        }
    }
    let mut offenders = Vec::new();
    visit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut offenders);
    assert!(offenders.is_empty(), "these files import the language: {offenders:?}");
}

#[test]
fn a_batch_commits_its_good_objects_when_asked_and_nothing_when_atomic() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let batch = || {
        vec![
            NewUser::new("new.one@b.example", vec![]),
            NewUser::new("bob@b.example", vec![]),             // UPN taken
            NewUser::new("new.two@elsewhere.example", vec![]), // domain not B's
            NewUser::new("new.three@b.example", vec![(Attr::UserType, Value::str("Owner"))]),
            NewUser::new("new.four@b.example", vec![]),
        ]
    };
    let before = fingerprint(&mut s);
    let e = s.create_users("B", batch(), Batch::Atomic).unwrap_err();
    assert!(
        matches!(&e, Error::Batch { index: 1, error } if matches!(**error, Error::UpnTaken { .. })),
        "{e:?}"
    );
    assert_eq!(
        fingerprint(&mut s),
        before,
        "an atomic batch with a bad object keeps nothing"
    );

    let report = s.create_users("B", batch(), Batch::Each).unwrap();
    assert_eq!(report.done, 2);
    let refused: Vec<u64> = report.refused.iter().map(|(i, _)| *i).collect();
    assert_eq!(refused, [1, 2, 3]);
    assert!(matches!(report.refused[1].1, Error::DomainNotVerified { .. }));
    assert!(matches!(report.refused[2].1, Error::Type(_)));
    let made = rows(
        &mut s,
        "find users in tenant B where userPrincipalName starts with \"new.\"",
    );
    assert_eq!(made.rows.len(), 2);
    // The good ones are whole: indexed, and searchable.
    assert_eq!(
        s.count_matches("B", &Search::new(SearchKind::Find).text("new.four"))
            .unwrap(),
        1
    );

    // A bulk update in `Each` mode reports the users it could not change and changes the rest.
    let report = s
        .update_users(
            "B",
            Some(&Filter::starts_with(Attr::UserPrincipalName, "new.")),
            &[(Attr::Manager, Value::str("new.one@b.example"))],
            Batch::Each,
        )
        .unwrap();
    assert_eq!(report.done, 1, "new.four gets a manager");
    assert!(
        matches!(report.refused[0].1, Error::OwnManager(_)),
        "{:?}",
        report.refused
    );
}

/// The spellings each kind of attribute accepts, and what they become.
const SPELLINGS: &[(Attr, &str, Option<&str>)] = &[
    (Attr::AccountEnabled, "true", Some("true")),
    (Attr::AccountEnabled, "Yes", Some("true")),
    (Attr::AccountEnabled, "0", Some("false")),
    (Attr::AccountEnabled, "FALSE", Some("false")),
    (Attr::AccountEnabled, "maybe", None),
    (Attr::UserType, "guest", Some("Guest")),
    (Attr::UserType, "MEMBER", Some("Member")),
    (Attr::UserType, "owner", None),
    (Attr::City, "Oslo", Some("Oslo")),
];

/// Statements, filters, imports and `User::set` type values through one function, so they
/// accept the same spellings: each path is tried with each spelling and agrees with
/// `typing::typed`.
#[test]
fn statements_filters_imports_and_user_set_accept_the_same_spellings() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    for (i, &(attr, text, want)) in SPELLINGS.iter().enumerate() {
        let typed = typing::typed(attr, &Literal::Word(text.into()));
        assert_eq!(
            typed.as_ref().ok().map(Value::to_string).as_deref(),
            want,
            "{attr} {text}"
        );

        // A statement.
        let upn = format!("spell{i}@b.example");
        let statement = format!("create user {upn} in tenant B with {attr} = \"{text}\"");
        let made = s.execute(&statement);
        assert_eq!(made.is_ok(), want.is_some(), "`{statement}`: {made:?}");
        if let Some(want) = want {
            assert_eq!(s.user("B", &upn).unwrap().get(attr).to_string(), want);
        }

        // A filter: the same spelling finds the same users (or is refused the same way).
        let filter = Filter::eq(attr, text);
        let counted = s.count_matches("B", &Search::new(SearchKind::Find).filter(filter));
        assert_eq!(counted.is_ok(), want.is_some(), "filter {attr} = {text}: {counted:?}");

        // An import.
        let file = dir.path().join(format!("spell{i}.csv"));
        let upn = format!("imported{i}@b.example");
        std::fs::write(&file, format!("userPrincipalName,{attr}\n{upn},{text}\n")).unwrap();
        let imported = s.execute(&format!("import users into tenant B from \"{}\"", file.display()));
        assert_eq!(imported.is_ok(), want.is_some(), "import {attr} = {text}: {imported:?}");
        if let Some(want) = want {
            assert_eq!(s.user("B", &upn).unwrap().get(attr).to_string(), want);
        }

        // `User::set`.
        let mut user: User = s.user("B", "bob@b.example").unwrap();
        let set = user.set(attr, Value::str(text));
        assert_eq!(set.is_ok(), want.is_some(), "User::set {attr} = {text}");
        if let Some(want) = want {
            assert_eq!(user.get(attr).to_string(), want);
        }
    }
    one(&mut s, "count users in tenant B");
}

/// An engine query's rows (`search_query_rows`, what embedders who compile their queries once
/// call) are the rows the typed `Search` gives for the same search, more-flag included.
#[test]
fn an_engine_query_presents_the_rows_a_search_does() {
    let (_dir, directory) = demo();
    let s = directory.session();
    let columns = [Attr::DisplayName, Attr::Mail, Attr::Manager, Attr::MemberOf];
    for (text, limit) in [("b", 1), ("b", 25), ("a", 2), ("zzz", 5)] {
        let search = Search::new(SearchKind::People).text(text).limit(limit);
        let mut by_search = Vec::new();
        let more = s
            .search_rows("B", &search, &columns, |row| {
                by_search.push(row);
                Ok(())
            })
            .unwrap();
        let mut q = s.query("B", SearchKind::People).unwrap();
        q.text = Some(text.into());
        q.limit = Some(limit);
        let mut by_query = Vec::new();
        let more_q = s
            .search_query_rows(&q, &columns, |row| {
                by_query.push(row);
                Ok(())
            })
            .unwrap();
        assert_eq!((by_query, more_q), (by_search, more), "{text} limit {limit}");
    }
    let mut q = s.query("B", SearchKind::People).unwrap();
    q.text = Some("b".into());
    let mut names = Vec::new();
    s.search_query_rows(&q, &[Attr::DisplayName], |row| {
        names.push(row);
        Ok(())
    })
    .unwrap();
    assert!(!names.is_empty() && names.iter().all(|r| matches!(&r[..], [Value::Str(_)])));
}

//! Scenarios that read like the seeds: Annie in tenant A, Bob and Barbara in B, Charlie in C;
//! people search scoped to one tenant; visibility, typeahead, the rules of users and groups,
//! sessions, help and explain — all through the language and the typed API, after `demo`.

mod common;

use common::{column, count, demo, empty, error, mails, one, property, rows, text, upns, user};
use mtodir::fold::fold;
use mtodir::model::{Attr, Home, NewUser, Value};
use mtodir::{Error, Output};

// ---------------------------------------------------------------------------------------------
// People search is scoped to one tenant

#[test]
fn people_search_in_b_finds_bob_and_barbara_but_not_annie() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let found = mails(&mut s, "search people in tenant B where userType = Member");
    assert_eq!(found, ["barbara@b.example", "bob@b.example"]);
    let names = column(
        &mut s,
        "search people in tenant B where userType = Member",
        "displayName",
    );
    assert_eq!(names, ["Barbara Becker", "Bob Baker"]);
    assert!(!found.iter().any(|m| m.contains("annie")));
}

#[test]
fn annie_is_found_in_a_and_not_in_b_or_c() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"annie\""),
        ["annie@a.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant A where mail = \"annie@a.example\""),
        ["annie@a.example"]
    );
    for tenant in ["B", "C"] {
        for statement in [
            format!("search people in tenant {tenant} for \"annie\""),
            format!("search address list in tenant {tenant} for \"annie\""),
            format!("search people in tenant {tenant} where mail = \"annie@a.example\""),
        ] {
            assert!(mails(&mut s, &statement).is_empty(), "{statement}");
        }
        assert!(upns(&mut s, &format!("find users in tenant {tenant} for \"annie\"")).is_empty());
    }
}

#[test]
fn each_collaborator_is_found_only_in_the_home_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for (who, home) in [("annie", "A"), ("bob", "B"), ("barbara@", "B"), ("charlie", "C")] {
        for tenant in ["A", "B", "C"] {
            let found = mails(&mut s, &format!("search people in tenant {tenant} for \"{who}\""));
            if tenant == home {
                assert_eq!(found.len(), 1, "{who} in {tenant}: {found:?}");
                assert!(found[0].starts_with(who.trim_end_matches('@')), "{found:?}");
            } else {
                assert!(found.is_empty(), "{who} should not be found in {tenant}: {found:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Typeahead

#[test]
fn typeahead_bar_in_b_finds_barbara_only() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bar\""),
        ["barbara@b.example"]
    );
    // The administrator's view also holds the soft-deleted Bärbel and the guest Barry.
    assert_eq!(
        upns(&mut s, "find users in tenant B for \"bar\""),
        [
            "barbara@b.example",
            "baerbel.schmitt@b.example",
            "barry.oneill@b.example"
        ]
    );
    // In A, "bar" finds Barbara Novák and Bartholomew Reed, and nobody of B.
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"bar\""),
        ["barbara.novak@a.example", "bartholomew.reed@a.example"]
    );
}

#[test]
fn typeahead_folds_accents_both_ways() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for typed in ["jose", "José", "JOSE", "josé", "jOsÉ"] {
        assert_eq!(
            mails(&mut s, &format!("search people in tenant A for \"{typed}\"")),
            ["jose.garcia@a.example"],
            "{typed}"
        );
    }
    assert_eq!(
        mails(&mut s, "search people in tenant C for \"jose\""),
        ["jose.reyes@c.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"zoe\""),
        ["zoe.vanderberg@a.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"odegard\""),
        ["jonas.odegard@a.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"garcia\""),
        ["jose.garcia@a.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"lukasz\""),
        ["lukasz.kowalski@a.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant C for \"thao\""),
        ["thao.nguyen@c.example"]
    );
}

#[test]
fn typeahead_is_case_insensitive() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for typed in ["bar", "BAR", "Bar", "bAr", "BARBARA", "Becker"] {
        assert_eq!(
            mails(&mut s, &format!("search people in tenant B for \"{typed}\"")),
            ["barbara@b.example"],
            "{typed}"
        );
    }
}

#[test]
fn typeahead_matches_word_starts_only() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    // "arb" is inside "Barbara", not at the start of a word.
    assert!(mails(&mut s, "search people in tenant B for \"arb\"").is_empty());
    // Surnames and given names are words too.
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bak\""),
        ["bob@b.example"]
    );
    // A word longer than the stored word matches nothing.
    assert!(mails(&mut s, "search people in tenant B for \"bobby\"").is_empty());
}

#[test]
fn typeahead_requires_every_word_to_match() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bob bak\""),
        ["bob@b.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bak bob\""),
        ["bob@b.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"  Bob   Baker \""),
        ["bob@b.example"]
    );
    assert!(mails(&mut s, "search people in tenant B for \"bob zzz\"").is_empty());
    assert!(mails(&mut s, "search people in tenant B for \"bob bec\"").is_empty());
    // Both words hit Barbara Becker; only one hits Bob.
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"b bec\""),
        ["barbara@b.example"]
    );
}

#[test]
fn typeahead_matches_prefixes_of_the_whole_mail_and_upn() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for typed in ["bob@b", "bob@", "BOB@B.EXAMPLE", "bob@b.example"] {
        assert_eq!(
            mails(&mut s, &format!("search people in tenant B for \"{typed}\"")),
            ["bob@b.example"],
            "{typed}"
        );
    }
    // The domain is not the start of the mail: nobody.
    for typed in ["example", "b.example", "@b.example"] {
        assert!(
            mails(&mut s, &format!("search people in tenant B for \"{typed}\"")).is_empty(),
            "{typed}"
        );
    }
    // A mail prefix of another tenant's user finds nobody here.
    assert!(mails(&mut s, "search people in tenant B for \"annie@a\"").is_empty());
    // The UPN counts even when it differs from the mail.
    one(
        &mut s,
        "create user rob@b.example in tenant B with displayName = \"Rob Roy\", mail = \"robert.roy@b.example\"",
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"rob@\""),
        ["robert.roy@b.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"robert.r\""),
        ["robert.roy@b.example"]
    );
}

#[test]

fn typeahead_finds_a_surname_typed_with_its_apostrophe() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"o'connor\""),
        ["brian.oconnor@a.example"]
    );
}

#[test]

fn typeahead_finds_a_hyphenated_given_name_typed_whole() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create user jlp@a.example in tenant A with displayName = \"Jean-Luc Picard\", givenName = \"Jean-Luc\", surname = \"Picard\"",
    );
    // Each part alone finds him (the words of a name are split at the hyphen) …
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"luc\""),
        ["jlp@a.example"]
    );
    // … but the name typed as written should find him too.
    assert_eq!(
        mails(&mut s, "search people in tenant A for \"jean-luc\""),
        ["jlp@a.example"]
    );
}

// ---------------------------------------------------------------------------------------------
// Visibility: people search, address list, find users

#[test]
fn the_guest_the_hidden_account_and_the_deleted_bärbel_are_only_in_find_users() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let people = mails(&mut s, "search people in tenant B");
    let address_list = mails(&mut s, "search address list in tenant B");
    let all = upns(&mut s, "find users in tenant B");
    assert_eq!(people, ["barbara@b.example", "bob@b.example"]);
    assert_eq!(address_list, ["barbara@b.example", "bob@b.example"]);
    assert_eq!(
        all,
        [
            "barbara@b.example",
            "baerbel.schmitt@b.example",
            "barry.oneill@b.example",
            "bookings@b.example",
            "bob@b.example"
        ]
    );
    for (typed, upn) in [
        ("barry", "barry.oneill@b.example"),
        ("boardroom", "bookings@b.example"),
        ("barbel", "baerbel.schmitt@b.example"),
        ("bärbel", "baerbel.schmitt@b.example"),
    ] {
        assert!(mails(&mut s, &format!("search people in tenant B for \"{typed}\"")).is_empty());
        assert!(mails(&mut s, &format!("search address list in tenant B for \"{typed}\"")).is_empty());
        assert_eq!(upns(&mut s, &format!("find users in tenant B for \"{typed}\"")), [upn]);
    }
    assert_eq!(
        upns(&mut s, "find users in tenant B where isSoftDeleted = true"),
        ["baerbel.schmitt@b.example"]
    );
    assert_eq!(
        upns(&mut s, "find users in tenant B where userType = Guest"),
        ["barry.oneill@b.example"]
    );
    assert_eq!(
        upns(&mut s, "find users in tenant B where showInAddressList = false"),
        ["barry.oneill@b.example", "bookings@b.example"]
    );
}

#[test]
fn a_guest_shown_in_the_address_list_is_in_the_address_list_but_not_in_people_search() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create user gwen@b.example in tenant B with displayName = \"Gwen Guest\", userType = Guest",
    );
    assert!(mails(&mut s, "search people in tenant B for \"gwen\"").is_empty());
    assert_eq!(
        mails(&mut s, "search address list in tenant B for \"gwen\""),
        ["gwen@b.example"]
    );
    assert_eq!(count(&mut s, "count address list in tenant B"), 3);
    assert_eq!(count(&mut s, "count people in tenant B"), 2);
    // Hiding her takes her out of the address list; making her a member shows her to people
    // search only once she is shown again.
    one(
        &mut s,
        "update user gwen@b.example in tenant B set showInAddressList = false",
    );
    assert!(mails(&mut s, "search address list in tenant B for \"gwen\"").is_empty());
    one(&mut s, "update user gwen@b.example in tenant B set userType = Member");
    assert!(mails(&mut s, "search people in tenant B for \"gwen\"").is_empty());
    one(
        &mut s,
        "update user gwen@b.example in tenant B set showInAddressList = true",
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"gwen\""),
        ["gwen@b.example"]
    );
}

#[test]
fn counts_agree_with_the_views() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(count(&mut s, "count people in tenant B"), 2);
    assert_eq!(count(&mut s, "count address list in tenant B"), 2);
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    assert_eq!(count(&mut s, "count people in tenant B where userType = Guest"), 0);
    assert_eq!(count(&mut s, "count users in tenant B where userType = Guest"), 1);
    assert_eq!(count(&mut s, "count users in tenant B for \"bar\""), 3);
    assert_eq!(count(&mut s, "count people in tenant B for \"bar\""), 1);
    assert_eq!(count(&mut s, "count people in tenant A"), 21);
    assert_eq!(count(&mut s, "count people in tenant C"), 17);
    for (statement, search) in [
        (
            "count people in tenant A where department = \"R&D\"",
            "search people in tenant A where department = \"R&D\"",
        ),
        (
            "count people in tenant A for \"jo\"",
            "search people in tenant A for \"jo\"",
        ),
        (
            "count people in tenant C for \"char\" where country = SG",
            "search people in tenant C for \"char\" where country = SG",
        ),
        (
            "count users in tenant A where not city = Seattle",
            "find users in tenant A where not city = Seattle",
        ),
    ] {
        let n = count(&mut s, statement);
        let found = rows(&mut s, search).rows.len() as u64;
        assert_eq!(n, found, "{statement}");
        assert!(n > 0, "{statement}");
    }
    assert_eq!(count(&mut s, "count people in tenant A where department = \"R&D\""), 7);
}

// ---------------------------------------------------------------------------------------------
// Order, limit, offset, fields

#[test]
fn default_order_is_the_folded_display_name() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let names = column(&mut s, "search people in tenant A limit 1000", "displayName");
    assert_eq!(names.len(), 21);
    let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    assert_eq!(folded, sorted, "{names:?}");
    // "Łukasz" sorts with the L's, not after "Z".
    let l = names.iter().position(|n| n.starts_with("Łukasz")).expect("Łukasz");
    let z = names.iter().position(|n| n.starts_with("Zoë")).expect("Zoë");
    assert!(l < z, "{names:?}");
}

#[test]
fn limit_and_offset_page_through_the_same_order() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let all = mails(&mut s, "search people in tenant A limit 1000");
    let mut paged = Vec::new();
    for page in 0..5 {
        let r = rows(
            &mut s,
            &format!("search people in tenant A limit 5 offset {}", page * 5),
        );
        assert_eq!(r.more, (page + 1) * 5 < all.len(), "page {page}");
        paged.extend(r.strings("mail"));
    }
    assert_eq!(paged, all);
    let last = rows(&mut s, "search people in tenant A limit 5 offset 20");
    assert_eq!(last.strings("mail"), &all[20..]);
    assert!(!last.more);
    assert!(rows(&mut s, "search people in tenant A offset 100").rows.is_empty());
    assert!(rows(&mut s, "search people in tenant A limit 0").rows.is_empty());
}

#[test]
fn order_by_other_attributes_sorts_and_pages() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let surnames = column(
        &mut s,
        "search people in tenant A order by surname desc limit 1000 fields surname",
        "surname",
    );
    let folded: Vec<String> = surnames.iter().map(|n| fold(n)).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(folded, sorted, "{surnames:?}");

    let r = rows(
        &mut s,
        "search people in tenant A order by department, displayName limit 1000 fields department, displayName",
    );
    let pairs: Vec<(String, String)> = r
        .rows
        .iter()
        .map(|row| (fold(&row[0].to_string()), fold(&row[1].to_string())))
        .collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    assert_eq!(pairs, sorted);

    let all = mails(&mut s, "search people in tenant A order by city desc, mail limit 1000");
    let page = mails(
        &mut s,
        "search people in tenant A order by city desc, mail limit 4 offset 3",
    );
    assert_eq!(page, &all[3..7]);
}

#[test]
fn fields_choose_the_columns_in_the_order_given() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let r = rows(
        &mut s,
        "search people in tenant B for \"bo\" fields displayName, mail, jobTitle",
    );
    assert_eq!(r.columns, ["displayName", "mail", "jobTitle"]);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.strings("jobTitle"), ["Senior Account Manager"]);
    // `fields` may also stand right after the tenant, and names are case-insensitive.
    let r = rows(
        &mut s,
        "search people in tenant B fields MANAGER, userprincipalname for \"bob\"",
    );
    assert_eq!(r.columns, ["manager", "userPrincipalName"]);
    assert_eq!(r.strings("manager"), ["barbara@b.example"]);
    // The default columns.
    let r = rows(&mut s, "search people in tenant B");
    assert_eq!(
        r.columns,
        ["displayName", "mail", "jobTitle", "department", "city", "country"]
    );
    let r = rows(&mut s, "find users in tenant B");
    assert_eq!(
        r.columns,
        [
            "displayName",
            "userPrincipalName",
            "userType",
            "source",
            "accountEnabled",
            "showInAddressList",
            "isSoftDeleted"
        ]
    );
}

#[test]
fn search_without_limit_returns_at_most_100_rows_and_says_more_match() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    s.execute_script("create tenant G domain g.example; generate users into tenant G count 150 seed 3")
        .unwrap();
    let r = rows(&mut s, "find users in tenant G");
    assert_eq!(r.rows.len(), 100);
    assert!(r.more);
    let r = rows(&mut s, "find users in tenant G limit 150");
    assert_eq!(r.rows.len(), 150);
    assert!(!r.more);
    assert_eq!(count(&mut s, "count users in tenant G"), 150);
}

// ---------------------------------------------------------------------------------------------
// Filters: memberOf, homeTenant, source

#[test]
fn member_of_collab_finds_each_tenants_contribution() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(
        upns(&mut s, "find users in tenant A where memberOf = Collab"),
        ["annie@a.example"]
    );
    assert_eq!(
        upns(&mut s, "find users in tenant B where memberOf = \"Collab\""),
        ["barbara@b.example", "bob@b.example"]
    );
    assert_eq!(
        upns(&mut s, "find users in tenant C where memberOf = collab"),
        ["charlie@c.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bo\" where memberOf = Collab"),
        ["bob@b.example"]
    );
    assert_eq!(count(&mut s, "count users in tenant B where not memberOf = Collab"), 3);
    let e = error(&mut s, "find users in tenant B where memberOf = Colab");
    assert!(e.to_string().contains("no group `Colab`"), "{e}");
    assert!(e.to_string().contains("Collab"), "the error should suggest Collab: {e}");
}

/// Creates in B the B2B representation of Annie (home A) with the typed API.
fn annie_in_b(s: &mut mtodir::Session<'_>, member: bool) -> mtodir::model::User {
    let home_tenant = s.tenant("A").unwrap().id;
    let home_object = s.user("A", "annie@a.example").unwrap().id;
    let mut values = vec![
        (Attr::DisplayName, Value::str("Annie Adams")),
        (Attr::GivenName, Value::str("Annie")),
        (Attr::Surname, Value::str("Adams")),
        (Attr::Mail, Value::str("annie@a.example")),
    ];
    if member {
        values.push((Attr::UserType, Value::str("Member")));
        values.push((Attr::ShowInAddressList, Value::Bool(true)));
    }
    let new = NewUser {
        upn: "annie_a.example#EXT#@b.example".into(),
        values,
        b2b: Some(Home {
            tenant: home_tenant,
            object: home_object,
        }),
    };
    s.create_user("B", &new).unwrap()
}

#[test]
fn a_b2b_member_from_a_is_found_in_b_by_home_tenant_and_source() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let annie = annie_in_b(&mut s, true);
    assert_eq!(annie.user_principal_name, "annie_a.example#EXT#@b.example");
    let b2b = ["annie_a.example#EXT#@b.example"];
    assert_eq!(upns(&mut s, "find users in tenant B where homeTenant = A"), b2b);
    assert_eq!(upns(&mut s, "find users in tenant B where source = b2b"), b2b);
    assert_eq!(
        upns(&mut s, "find users in tenant B where source = B2B and homeTenant = a"),
        b2b
    );
    assert_eq!(count(&mut s, "count users in tenant B where source = internal"), 5);
    assert!(upns(&mut s, "find users in tenant B where homeTenant = C").is_empty());
    assert!(upns(&mut s, "find users in tenant A where source = b2b").is_empty());
    // Now Annie is represented in B, people search there finds her; C still does not.
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"ann\""),
        ["annie@a.example"]
    );
    assert!(mails(&mut s, "search people in tenant C for \"annie\"").is_empty());
    // show user names the home tenant by handle and the home identity.
    let home_tenant = s.tenant("A").unwrap().id;
    let home_object = s.user("A", "annie@a.example").unwrap().id;
    assert_eq!(property(&mut s, b2b[0], "B", "homeTenant"), "A");
    assert_eq!(property(&mut s, b2b[0], "B", "source"), "b2b");
    assert_eq!(property(&mut s, b2b[0], "B", "tenant"), "B");
    assert_eq!(
        property(&mut s, b2b[0], "B", "alternativeSecurityIds"),
        format!("{home_tenant}/{home_object}")
    );
    // The bare B2B UPN parses in statements.
    let r = rows(&mut s, "show user annie_a.example#EXT#@b.example in tenant B");
    assert_eq!(r.rows.len(), 1);
    one(
        &mut s,
        "update user annie_a.example#EXT#@b.example in tenant B set jobTitle = \"Engineer\"",
    );
    assert_eq!(property(&mut s, b2b[0], "B", "jobTitle"), "Engineer");
}

#[test]
fn a_b2b_user_is_a_hidden_guest_unless_told_otherwise() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let annie = annie_in_b(&mut s, false);
    assert_eq!(annie.user_type, mtodir::model::UserType::Guest);
    assert!(!annie.show_in_address_list);
    assert!(mails(&mut s, "search people in tenant B for \"annie\"").is_empty());
    assert!(mails(&mut s, "search address list in tenant B for \"annie\"").is_empty());
    assert_eq!(
        upns(&mut s, "find users in tenant B for \"annie\""),
        ["annie_a.example#EXT#@b.example"]
    );
}

#[test]
fn a_tenant_holds_one_b2b_user_per_home_user() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    annie_in_b(&mut s, true);
    let home = Home {
        tenant: s.tenant("A").unwrap().id,
        object: s.user("A", "annie@a.example").unwrap().id,
    };
    let again = NewUser {
        upn: "annie.again_a.example#EXT#@b.example".into(),
        values: vec![],
        b2b: Some(home),
    };
    let e = s.create_user("B", &again).unwrap_err();
    assert!(e.to_string().contains("B2B user for that home user"), "{e}");
    assert_eq!(count(&mut s, "count users in tenant B"), 6);
    // Another tenant may hold its own copy.
    let in_c = NewUser {
        upn: "annie_a.example#EXT#@c.example".into(),
        values: vec![],
        b2b: Some(home),
    };
    s.create_user("C", &in_c).unwrap();
    assert_eq!(
        upns(&mut s, "find users in tenant C where homeTenant = A"),
        ["annie_a.example#EXT#@c.example"]
    );
}

// ---------------------------------------------------------------------------------------------
// Delete, restore, purge

#[test]
fn soft_delete_hides_restore_shows_again() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let m = text(&mut s, "delete user bob@b.example in tenant B");
    assert!(m.contains("restor"), "{m}");
    assert_eq!(mails(&mut s, "search people in tenant B"), ["barbara@b.example"]);
    assert!(mails(&mut s, "search people in tenant B for \"bob\"").is_empty());
    assert_eq!(count(&mut s, "count people in tenant B"), 1);
    assert_eq!(
        upns(&mut s, "find users in tenant B where isSoftDeleted = true"),
        ["baerbel.schmitt@b.example", "bob@b.example"]
    );
    assert_eq!(property(&mut s, "bob@b.example", "B", "isSoftDeleted"), "true");
    assert!(!property(&mut s, "bob@b.example", "B", "deletedDateTime").is_empty());
    // A deleted user cannot be changed or deleted again.
    let e = error(&mut s, "update user bob@b.example in tenant B set city = Paris");
    assert!(e.to_string().contains("restore"), "{e}");
    let e = error(&mut s, "delete user bob@b.example in tenant B");
    assert!(e.to_string().contains("already deleted"), "{e}");

    one(&mut s, "restore user bob@b.example in tenant B");
    assert_eq!(
        mails(&mut s, "search people in tenant B"),
        ["barbara@b.example", "bob@b.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bob\""),
        ["bob@b.example"]
    );
    assert_eq!(property(&mut s, "bob@b.example", "B", "isSoftDeleted"), "false");
    assert_eq!(property(&mut s, "bob@b.example", "B", "deletedDateTime"), "");
    // Restored with everything it had: its manager and its group.
    assert_eq!(property(&mut s, "bob@b.example", "B", "manager"), "barbara@b.example");
    assert_eq!(property(&mut s, "bob@b.example", "B", "memberOf"), "Collab");
    let e = error(&mut s, "restore user bob@b.example in tenant B");
    assert!(e.to_string().contains("not deleted"), "{e}");
}

#[test]
fn purge_only_after_delete_and_then_the_user_is_gone() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(&mut s, "purge user barbara@b.example in tenant B");
    assert!(e.to_string().contains("delete user"), "{e}");
    assert_eq!(count(&mut s, "count users in tenant B"), 5);

    one(&mut s, "delete user barbara@b.example in tenant B");
    one(&mut s, "purge user barbara@b.example in tenant B");
    assert_eq!(count(&mut s, "count users in tenant B"), 4);
    assert!(upns(&mut s, "find users in tenant B for \"barbara\"").is_empty());
    let e = error(&mut s, "show user barbara@b.example in tenant B");
    assert!(e.to_string().contains("no user"), "{e}");
    let e = error(&mut s, "restore user barbara@b.example in tenant B");
    assert!(e.to_string().contains("no user"), "{e}");
    // Those she managed have no manager now; the group lost her.
    assert_eq!(property(&mut s, "bob@b.example", "B", "manager"), "");
    assert_eq!(property(&mut s, "baerbel.schmitt@b.example", "B", "manager"), "");
    assert_eq!(upns(&mut s, "show group Collab in tenant B"), ["bob@b.example"]);
    // The UPN is free again.
    one(
        &mut s,
        "create user barbara@b.example in tenant B with displayName = \"Barbara Bauer\"",
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bar\""),
        ["barbara@b.example"]
    );
    assert_eq!(property(&mut s, "barbara@b.example", "B", "memberOf"), "");
}

// ---------------------------------------------------------------------------------------------
// Updates

#[test]
fn update_user_changes_what_searches_see() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let m = text(
        &mut s,
        "update user bob@b.example in tenant B set jobTitle = \"Lead\", city = \"Paris\", displayName = \"Robert Baker\"",
    );
    assert_eq!(m, "updated user bob@b.example in tenant B");
    assert_eq!(property(&mut s, "bob@b.example", "B", "jobTitle"), "Lead");
    assert_eq!(
        mails(&mut s, "search people in tenant B where city = Paris"),
        ["bob@b.example"]
    );
    assert!(mails(&mut s, "search people in tenant B where city = London").is_empty());
    // The typeahead follows the new name; the mail still starts with "bob".
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"robert\""),
        ["bob@b.example"]
    );
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"bob\""),
        ["bob@b.example"]
    );
    // Display order follows the new name: Barbara, then Robert.
    assert_eq!(
        column(&mut s, "search people in tenant B", "displayName"),
        ["Barbara Becker", "Robert Baker"]
    );
    // Clearing a value with null.
    one(&mut s, "update user bob@b.example in tenant B set city = null");
    assert_eq!(property(&mut s, "bob@b.example", "B", "city"), "");
    assert_eq!(
        upns(&mut s, "find users in tenant B where city is null"),
        ["bob@b.example"]
    );
}

#[test]
fn update_user_can_rename_the_upn() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "update user bob@b.example in tenant B set userPrincipalName = robert@b.example",
    );
    let e = error(&mut s, "show user bob@b.example in tenant B");
    assert!(e.to_string().contains("no user"), "{e}");
    assert_eq!(property(&mut s, "robert@b.example", "B", "displayName"), "Bob Baker");
    assert_eq!(
        upns(&mut s, "find users in tenant B for \"robert@\""),
        ["robert@b.example"]
    );
    let e = error(
        &mut s,
        "update user robert@b.example in tenant B set userPrincipalName = BARBARA@b.example",
    );
    assert!(e.to_string().contains("already exists"), "{e}");
    let e = error(
        &mut s,
        "update user robert@b.example in tenant B set userPrincipalName = robert@a.example",
    );
    assert!(e.to_string().contains("not a verified domain"), "{e}");
}

#[test]
fn update_users_by_filter_changes_the_live_matches_only() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let m = text(
        &mut s,
        "update users in tenant A where department = \"Sales\" set city = \"Oslo\"",
    );
    assert_eq!(m, "updated 4 users in tenant A");
    assert_eq!(
        mails(&mut s, "search people in tenant A where city = Oslo"),
        [
            "bartholomew.reed@a.example",
            "brian.oconnor@a.example",
            "joao.dasilva@a.example",
            "joaquin.delacruz@a.example"
        ]
    );
    assert_eq!(
        count(
            &mut s,
            "count users in tenant A where department = Sales and not city = Oslo"
        ),
        0
    );
    // Nobody outside the filter changed.
    assert_eq!(count(&mut s, "count users in tenant A where city = Oslo"), 4);
    // In B, the soft-deleted Bärbel is in Sales but is not changed.
    let m = text(
        &mut s,
        "update users in tenant B where department = \"Sales\" set city = \"Oslo\"",
    );
    assert_eq!(m, "updated 2 users in tenant B");
    assert_eq!(property(&mut s, "baerbel.schmitt@b.example", "B", "city"), "München");
    // Nothing to change: zero users.
    let m = text(
        &mut s,
        "update users in tenant B where department = \"Sales\" set city = \"Oslo\"",
    );
    assert_eq!(m, "updated 0 users in tenant B");
    // The UPN cannot be set for many users.
    let e = error(&mut s, "update users in tenant B set userPrincipalName = x@b.example");
    assert!(e.to_string().contains("one user at a time"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Groups

#[test]
fn groups_add_and_remove_one_and_by_filter() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create group \"Seattle Office\" in tenant A description \"Everyone in Seattle\"",
    );
    let m = text(
        &mut s,
        "add user annie@a.example to group \"Seattle Office\" in tenant A",
    );
    assert_eq!(m, "added annie@a.example to group Seattle Office");
    let m = text(
        &mut s,
        "add user annie@a.example to group \"seattle office\" in tenant A",
    );
    assert!(m.contains("already is a member"), "{m}");
    let m = text(
        &mut s,
        "add users in tenant A where city = Seattle to group \"Seattle Office\"",
    );
    assert_eq!(m, "added 8 users to group Seattle Office", "Annie was already in");
    assert_eq!(
        count(&mut s, "count users in tenant A where memberOf = \"Seattle Office\""),
        9
    );
    assert_eq!(
        upns(&mut s, "show group \"Seattle Office\" in tenant A"),
        upns(&mut s, "find users in tenant A where city = Seattle")
    );
    let groups = rows(&mut s, "show groups in tenant A");
    assert_eq!(groups.strings("displayName"), ["Collab", "Seattle Office"]);
    assert_eq!(groups.strings("members"), ["1", "9"]);
    assert_eq!(groups.strings("description")[1], "Everyone in Seattle");

    let m = text(
        &mut s,
        "remove user annie@a.example from group \"Seattle Office\" in tenant A",
    );
    assert_eq!(m, "removed annie@a.example from group Seattle Office");
    let m = text(
        &mut s,
        "remove user annie@a.example from group \"Seattle Office\" in tenant A",
    );
    assert!(m.contains("is not a member"), "{m}");
    let m = text(
        &mut s,
        "remove users in tenant A where department = \"R&D\" from group \"Seattle Office\"",
    );
    assert_eq!(m, "removed 5 users from group Seattle Office");
    let left = upns(&mut s, "show group \"Seattle Office\" in tenant A");
    assert_eq!(
        left,
        [
            "charlotte.moreau@a.example",
            "ines.nunez@a.example",
            "joy.adeyemi@a.example"
        ]
    );
    assert!(!left.contains(&"annie@a.example".to_owned()));
    assert_eq!(
        upns(&mut s, "find users in tenant A where memberOf = \"Seattle Office\""),
        left
    );
    // Annie is still in Collab.
    assert_eq!(property(&mut s, "annie@a.example", "A", "memberOf"), "Collab");
}

#[test]
fn show_group_lists_members_with_their_state() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let r = rows(&mut s, "show group Collab in tenant B");
    assert_eq!(
        r.columns,
        ["displayName", "userPrincipalName", "userType", "isSoftDeleted"]
    );
    assert_eq!(r.strings("userPrincipalName"), ["barbara@b.example", "bob@b.example"]);
    one(&mut s, "delete user bob@b.example in tenant B");
    let r = rows(&mut s, "show group Collab in tenant B");
    assert_eq!(r.strings("isSoftDeleted"), ["false", "true"]);
    let e = error(&mut s, "show group Colab in tenant B");
    assert!(e.to_string().contains("Collab"), "{e}");
}

#[test]
fn group_names_are_unique_per_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(&mut s, "create group COLLAB in tenant A");
    assert!(e.to_string().contains("already exists"), "{e}");
    let e = error(&mut s, "add user bob@b.example to group Collab in tenant A");
    assert!(e.to_string().contains("no user"), "{e}");
}

#[test]

fn adding_users_by_filter_skips_soft_deleted_users() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "create group Sales in tenant B");
    let m = text(
        &mut s,
        "add users in tenant B where department = \"Sales\" to group Sales",
    );
    assert_eq!(m, "added 2 users to group Sales");
    assert_eq!(
        upns(&mut s, "show group Sales in tenant B"),
        ["barbara@b.example", "bob@b.example"]
    );
}

// ---------------------------------------------------------------------------------------------
// show user

#[test]
fn show_user_is_one_row_with_every_attribute_and_the_manager_as_a_upn() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let r = rows(&mut s, "show user bob@b.example in tenant B");
    assert_eq!(r.rows.len(), 1);
    let names: Vec<&str> = Attr::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(r.columns, names);
    let bob = user(&mut s, "bob@b.example", "B");
    let get = |name: &str| bob.iter().find(|(c, _)| c == name).map(|(_, v)| v.as_str()).unwrap();
    assert_eq!(get("userPrincipalName"), "bob@b.example");
    assert_eq!(get("displayName"), "Bob Baker");
    assert_eq!(get("mail"), "bob@b.example");
    assert_eq!(get("mailNickname"), "bob");
    assert_eq!(get("userType"), "Member");
    assert_eq!(get("accountEnabled"), "true");
    assert_eq!(get("showInAddressList"), "true");
    assert_eq!(get("manager"), "barbara@b.example");
    assert_eq!(get("memberOf"), "Collab");
    assert_eq!(get("tenant"), "B");
    assert_eq!(get("source"), "internal");
    assert_eq!(get("homeTenant"), "");
    assert_eq!(get("postalCode"), "W2 6BD");
    assert_eq!(get("isSoftDeleted"), "false");
    assert!(get("createdDateTime").ends_with('Z'), "{}", get("createdDateTime"));
    assert_eq!(get("id").len(), 36);
    // The UPN is found case-insensitively and shown as stored.
    assert_eq!(
        property(&mut s, "BOB@B.Example", "B", "userPrincipalName"),
        "bob@b.example"
    );
}

#[test]
fn created_users_get_the_documented_defaults() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(
        &mut s,
        "create user dana.dietz@b.example in tenant B with givenName = Dana, surname = Dietz",
    );
    let dana = user(&mut s, "dana.dietz@b.example", "B");
    let get = |name: &str| dana.iter().find(|(c, _)| c == name).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("mail"), "dana.dietz@b.example");
    assert_eq!(get("mailNickname"), "dana.dietz");
    assert_eq!(get("displayName"), "Dana Dietz");
    assert_eq!(get("userType"), "Member");
    assert_eq!(get("showInAddressList"), "true");
    assert_eq!(get("accountEnabled"), "true");
    assert_eq!(
        mails(&mut s, "search people in tenant B for \"dietz\""),
        ["dana.dietz@b.example"]
    );
}

// ---------------------------------------------------------------------------------------------
// Rules

#[test]
fn a_duplicate_upn_is_refused_case_insensitively() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for upn in ["bob@b.example", "BOB@B.EXAMPLE", "Bob@b.Example"] {
        let e = error(
            &mut s,
            &format!("create user {upn} in tenant B with displayName = \"Bob Two\""),
        );
        assert!(
            matches!(e.root(), Error::UpnTaken { tenant, .. } if tenant == "B"),
            "{e:?}"
        );
    }
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    assert!(upns(&mut s, "find users in tenant B for \"bob two\"").is_empty());
    // The same UPN in another tenant is another user (here on its own domain).
    one(&mut s, "create user bob@a.example in tenant A");
    assert_eq!(count(&mut s, "count users in tenant A"), 22);
}

#[test]
fn a_upn_on_a_domain_the_tenant_has_not_verified_is_refused() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(&mut s, "create user eve@a.example in tenant B");
    assert!(e.to_string().contains("not a verified domain of tenant B"), "{e}");
    let e = error(&mut s, "create user eve@fabrikam.example in tenant B");
    assert!(e.to_string().contains("b.example"), "the error lists B's domains: {e}");
    let e = error(&mut s, "create user \"no-at-sign\" in tenant B");
    assert!(e.to_string().contains("not a user principal name"), "{e}");
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    // A tenant with two domains accepts both, case-insensitively.
    one(&mut s, "create tenant D name \"Dual\" domains d.example, dual.example");
    one(&mut s, "create user one@D.EXAMPLE in tenant D");
    one(&mut s, "create user two@dual.example in tenant D");
    assert_eq!(count(&mut s, "count users in tenant D"), 2);
}

#[test]
fn user_type_is_member_or_guest_only() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(&mut s, "create user owen@b.example in tenant B with userType = Owner");
    assert!(e.to_string().contains("Member or Guest"), "{e}");
    let e = error(&mut s, "update user bob@b.example in tenant B set userType = Owner");
    assert!(e.to_string().contains("Member or Guest"), "{e}");
    let e = error(&mut s, "find users in tenant B where userType = Owner");
    assert!(e.to_string().contains("Member or Guest"), "{e}");
    assert_eq!(property(&mut s, "bob@b.example", "B", "userType"), "Member");
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    // Case does not matter for the valid ones, and the stored spelling is canonical.
    one(&mut s, "create user gus@b.example in tenant B with userType = guest");
    assert_eq!(property(&mut s, "gus@b.example", "B", "userType"), "Guest");
}

#[test]
fn the_manager_must_be_a_user_of_the_same_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(
        &mut s,
        "create user x@b.example in tenant B with manager = annie@a.example",
    );
    assert!(e.to_string().contains("not a user of tenant B"), "{e}");
    let e = error(
        &mut s,
        "update user bob@b.example in tenant B set manager = annie@a.example",
    );
    assert!(e.to_string().contains("not a user of tenant B"), "{e}");
    let e = error(
        &mut s,
        "update user bob@b.example in tenant B set manager = nobody@b.example",
    );
    assert!(e.to_string().contains("not a user of tenant B"), "{e}");
    let e = error(
        &mut s,
        "update user bob@b.example in tenant B set manager = bob@b.example",
    );
    assert!(e.to_string().contains("own manager"), "{e}");
    assert_eq!(property(&mut s, "bob@b.example", "B", "manager"), "barbara@b.example");
    assert_eq!(count(&mut s, "count users in tenant B"), 5);
    // A user of the same tenant is fine, and null removes the manager.
    one(
        &mut s,
        "update user bob@b.example in tenant B set manager = BOOKINGS@b.example",
    );
    assert_eq!(property(&mut s, "bob@b.example", "B", "manager"), "bookings@b.example");
    assert_eq!(
        upns(&mut s, "find users in tenant B where manager = bookings@b.example"),
        ["bob@b.example"]
    );
    one(&mut s, "update user bob@b.example in tenant B set manager = null");
    assert_eq!(property(&mut s, "bob@b.example", "B", "manager"), "");
}

#[test]
fn read_only_attributes_cannot_be_set() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for attr in [
        "id",
        "memberOf",
        "isSoftDeleted",
        "source",
        "homeTenant",
        "createdDateTime",
    ] {
        let e = error(&mut s, &format!("update user bob@b.example in tenant B set {attr} = x"));
        assert!(e.to_string().contains("read-only"), "{attr}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions: use tenant, whoami

#[test]
fn use_tenant_b_makes_b_the_default_tenant() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let e = error(&mut s, "search people where userType = Member");
    assert!(e.to_string().contains("which tenant"), "{e}");
    one(&mut s, "use tenant B");
    assert_eq!(
        mails(&mut s, "search people where userType = Member"),
        ["barbara@b.example", "bob@b.example"]
    );
    assert_eq!(count(&mut s, "count users"), 5);
    one(&mut s, "create user nina@b.example with displayName = \"Nina Neu\"");
    one(&mut s, "update user nina@b.example set city = Berlin");
    one(&mut s, "add user nina@b.example to group Collab");
    assert_eq!(
        upns(&mut s, "find users where memberOf = Collab"),
        ["barbara@b.example", "bob@b.example", "nina@b.example"]
    );
    assert_eq!(property(&mut s, "nina@b.example", "B", "city"), "Berlin");
    assert_eq!(column(&mut s, "show groups", "displayName"), ["Collab"]);
    assert_eq!(rows(&mut s, "show user nina@b.example").rows.len(), 1);
    one(&mut s, "use operator");
    assert_eq!(count(&mut s, "count users in tenant B"), 6);
    assert_eq!(count(&mut s, "count users in tenant A"), 21);
}

#[test]
fn use_tenant_names_are_case_insensitive_and_unknown_ones_suggest() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "use tenant b");
    assert_eq!(text(&mut s, "whoami"), "administrator of tenant B");
    let e = error(&mut s, "use tenant Bx");
    assert!(e.to_string().contains("unknown tenant `Bx`"), "{e}");
    assert!(e.to_string().contains("did you mean"), "{e}");
    assert_eq!(
        text(&mut s, "whoami"),
        "administrator of tenant B",
        "a failed `use` changes nothing"
    );
}

#[test]
fn whoami_tells_the_principal_and_the_transaction() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    assert_eq!(text(&mut s, "whoami"), "operator");
    one(&mut s, "use tenant B");
    assert_eq!(text(&mut s, "whoami"), "administrator of tenant B");
    one(&mut s, "begin");
    assert_eq!(text(&mut s, "whoami"), "administrator of tenant B (in a transaction)");
    one(&mut s, "rollback");
    one(&mut s, "use operator");
    assert_eq!(text(&mut s, "WHOAMI;"), "operator");
}

// ---------------------------------------------------------------------------------------------
// help and explain

#[test]
fn help_returns_text() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    let overview = match one(&mut s, "help") {
        Output::Text(t) => t,
        other => panic!("help returned {other:?}"),
    };
    for statement in ["search people", "create tenant", "import users", "begin"] {
        assert!(overview.contains(statement), "help lacks {statement}");
    }
    let page = match one(&mut s, "help search") {
        Output::Text(t) => t,
        other => panic!("help search returned {other:?}"),
    };
    assert!(page.contains("typeahead"), "{page}");
    assert!(page.contains("find users"), "{page}");
    assert_ne!(page, overview);
    // Topics are case-insensitive and have synonyms.
    assert_eq!(text(&mut s, "help SEARCH"), page);
    assert_eq!(text(&mut s, "help people"), page);
    assert!(text(&mut s, "help attributes").contains("userPrincipalName"));
    let e = error(&mut s, "help serch");
    assert!(e.to_string().contains("did you mean `search`"), "{e}");
}

#[test]
fn explain_names_the_chosen_access_path() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let plan = match one(
        &mut s,
        "explain search people in tenant B for \"bar\" where userType = Member",
    ) {
        Output::Text(t) => t,
        other => panic!("explain returned {other:?}"),
    };
    assert!(plan.contains("tenant B"), "{plan}");
    assert!(plan.contains("* word \"bar\""), "the word posting is chosen: {plan}");
    // `userType = Member` needs no posting: it narrows the visibility classes read.
    assert!(plan.contains("classes read: live·shown·member\n"), "{plan}");
    assert!(plan.contains("actual: 1 rows returned"), "{plan}");

    let plan = text(&mut s, "explain search people in tenant A where department = \"R&D\"");
    assert!(plan.contains("* department = r&d: 7"), "{plan}");
    assert!(plan.contains("walk department = r&d"), "{plan}");

    let plan = text(&mut s, "explain search people in tenant A");
    assert!(plan.contains("walk the display order"), "{plan}");

    let plan = text(&mut s, "explain search people in tenant A order by city");
    assert!(plan.contains("sort"), "{plan}");
}

#[test]

fn explain_count_explains_the_count() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    s.execute_script("create tenant G domain g.example; generate users into tenant G count 150 seed 3")
        .unwrap();
    let n = count(&mut s, "count users in tenant G");
    assert_eq!(n, 150);
    let plan = text(&mut s, "explain count users in tenant G");
    assert!(!plan.contains("stop after"), "a count reads every match: {plan}");
    assert!(
        plan.contains("150"),
        "the explained count should mention its 150 matches: {plan}"
    );
}

// ---------------------------------------------------------------------------------------------
// Generated tenants

fn generated(seed: u64) -> Vec<Vec<String>> {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    s.execute_script(&format!(
        "create tenant A name \"Contoso\" domain a.example; generate users into tenant A count 300 seed {seed}"
    ))
    .unwrap();
    let r = rows(
        &mut s,
        "find users in tenant A order by userPrincipalName limit 1000 fields userPrincipalName, displayName, \
         mail, userType, source, accountEnabled, showInAddressList, isSoftDeleted, jobTitle, department, city, \
         country, alternativeSecurityIds",
    );
    r.rows
        .iter()
        .map(|row| row.iter().map(|v| v.to_string()).collect())
        .collect()
}

#[test]
fn a_generated_tenant_is_deterministic() {
    let first = generated(7);
    let second = generated(7);
    assert_eq!(first.len(), 300);
    assert_eq!(first, second);
    let other = generated(8);
    assert_ne!(first, other, "another seed gives another directory");
    // The UPNs are unique and sorted as asked.
    let upns: Vec<&String> = first.iter().map(|r| &r[0]).collect();
    let mut sorted = upns.clone();
    sorted.sort_by_key(|u| fold(u));
    sorted.dedup();
    assert_eq!(upns, sorted);
}

#[test]
fn a_generated_tenant_holds_b2b_users_guests_and_deleted_ones() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    s.execute_script("create tenant A domain a.example; generate users into tenant A count 300 seed 7")
        .unwrap();
    let b2b = upns(&mut s, "find users in tenant A where source = b2b limit 1000");
    assert!(!b2b.is_empty());
    assert!(b2b.iter().all(|u| u.contains("#EXT#@a.example")), "{b2b:?}");
    assert_eq!(
        count(&mut s, "count users in tenant A"),
        300,
        "every generated user is stored"
    );
    let people = count(&mut s, "count people in tenant A");
    let deleted = count(&mut s, "count users in tenant A where isSoftDeleted = true");
    assert!(people < 300 && people > 250, "{people}");
    assert!(deleted > 0, "{deleted}");
}

#[test]

fn generating_into_the_demo_tenant_succeeds() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "generate users into tenant A count 300 seed 7");
    assert_eq!(count(&mut s, "count users in tenant A"), 321);
}

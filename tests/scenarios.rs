//! Scenarios that a golden script cannot tell as well as Rust can: B2B users created with the
//! typed API, the 100-row default limit over a generated tenant, and the properties of
//! generated tenants. The seeds' story, typeahead, visibility, counts, order and paging,
//! groups, deletion, the rules of users, sessions, help and explain are told by the scripts
//! in `tests/scripts` (see `tests/golden.rs`).

mod common;

use common::{count, demo, empty, mails, one, property, rows, upns};
use mtodir::Error;
use mtodir::fold::fold;
use mtodir::model::{Attr, Home, NewUser, Value};

// ---------------------------------------------------------------------------------------------
// The default limit

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
// B2B users: a user of one tenant represented in another

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
    assert!(
        matches!(e.root(), Error::HomeTaken { tenant } if tenant == "B"),
        "{e:?}"
    );
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

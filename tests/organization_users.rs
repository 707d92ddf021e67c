//! Organization users: a B2B member whose home tenant is active in the same organization is
//! one at once, with no re-provisioning, and people search shows (and filters by) its home
//! tenant's label; when the home tenant leaves, it is a B2B member like any other again.

mod common;

use common::{empty, one, rows};

#[test]
fn b2b_members_become_organization_users_when_the_organization_forms() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    for statement in [
        "create tenant A name Contoso domain a.example",
        "create tenant B name Fabrikam domain b.example",
        "create user annie@a.example in tenant A with displayName = \"Annie Adams\"",
        "create user bob@b.example in tenant B with displayName = \"Bob Baker\"",
        // The B2B member exists before any organization.
        "invite user annie@a.example from tenant A to tenant B as member",
    ] {
        one(&mut s, statement);
    }
    let before = rows(&mut s, "search people in tenant B");
    assert!(!before.columns.contains(&"label".to_owned()));
    assert_eq!(before.strings("displayName"), ["Annie Adams", "Bob Baker"]);

    for statement in [
        "create organization \"Contoso Group\" as tenant A",
        "add tenant B to organization as tenant A",
        "join organization \"Contoso Group\" as tenant B",
        "set labels = custom (A = \"US\", B = \"EU\") as tenant A",
    ] {
        one(&mut s, statement);
    }
    let after = rows(&mut s, "search people in tenant B");
    assert_eq!(
        after.strings("label"),
        ["US", ""],
        "Annie is labelled, Bob (internal) is not"
    );
    let us = rows(
        &mut s,
        "search people in tenant B where label = US fields userPrincipalName",
    );
    assert_eq!(us.strings("userPrincipalName"), ["annie_a.example#EXT#@b.example"]);
    // The filter is answered from the homeTenant posting: no user is read to decide it.
    let plan = match one(&mut s, "explain count people in tenant B where label = \"us\"") {
        mtodir::Output::Text(t) => t,
        other => panic!("{other:?}"),
    };
    assert!(plan.contains("counted from the posting counts alone"), "{plan}");

    // The organization name as the label, for everyone.
    one(&mut s, "set labels = organization name as tenant A");
    assert_eq!(
        rows(&mut s, "search people in tenant B").strings("label"),
        ["Contoso Group", ""]
    );

    // A leaves (after B becomes the owner): Annie is a B2B member, not an organization user.
    one(&mut s, "set role of tenant B to owner as tenant A");
    one(&mut s, "leave organization as tenant A");
    let left = rows(&mut s, "search people in tenant B");
    assert!(!left.columns.contains(&"label".to_owned()), "{:?}", left.columns);
    assert_eq!(
        common::count(&mut s, "count people in tenant B where label is not null"),
        0
    );
}

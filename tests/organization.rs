//! The multitenant organization's rules, told in Rust where a transcript cannot say them as
//! well: the limit of active tenants, the last owner, what only owners may do, what a member's
//! administrator sees, templates at both application levels, `show organization` in table and
//! JSON form, and the rights of a tenant's administrator. Every refusal changes nothing.

mod common;

use common::{empty, error, fingerprint, one, rows};
use mtodir::directory::access::{SettingChange, SettingInput};
use mtodir::format::{Mode, render};
use mtodir::model::{MemberState, Origin, Role, Setting, SettingValue};
use mtodir::{Action, Error, Output, Principal, Session};

/// Runs `f`, which must fail with an error whose root `expected` accepts, and checks with
/// `state` (read by the operator) that the refusal changed nothing.
fn refused_by<R: std::fmt::Debug>(
    s: &mut Session<'_>,
    state: impl Fn(&mut Session<'_>) -> String,
    expected: impl Fn(&Error) -> bool,
    f: impl FnOnce(&mut Session<'_>) -> mtodir::Result<R>,
) {
    let mut operator = s.directory().session();
    let before = state(&mut operator);
    let e = f(s).expect_err("refused");
    assert!(expected(e.root()), "{e:?}");
    assert_eq!(state(&mut operator), before, "the refusal ({e}) changed something");
}

/// [`refused_by`] with the whole fingerprint.
fn refused<R: std::fmt::Debug>(
    s: &mut Session<'_>,
    expected: impl Fn(&Error) -> bool,
    f: impl FnOnce(&mut Session<'_>) -> mtodir::Result<R>,
) {
    refused_by(s, fingerprint, expected, f)
}

/// The demo with A's organization "Contoso Group": A the owner, B an active member, C
/// added as a pending `c_role`.
fn contoso_group(c_role: Role) -> (tempfile::TempDir, mtodir::Directory) {
    let (dir, directory) = common::demo_without_organization();
    let mut s = directory.session();
    s.create_organization("A", "Contoso Group", Some("All of Contoso"))
        .unwrap();
    s.add_to_organization("A", "B", Role::Member).unwrap();
    s.add_to_organization("A", "C", c_role).unwrap();
    s.join_organization("B", "Contoso Group").unwrap();
    drop(s);
    (dir, directory)
}

/// The state of each tenant of the organization, as `show organization` tells it.
fn states(s: &Session<'_>, viewer: &str) -> Vec<(String, MemberState, Role)> {
    s.organization(viewer)
        .unwrap()
        .members
        .into_iter()
        .map(|(m, t)| (t.map_or_else(|| m.tenant_id.to_string(), |t| t.handle), m.state, m.role))
        .collect()
}

#[test]
fn the_101st_active_tenant_cannot_join_but_more_can_be_pending() {
    let (_dir, directory) = empty();
    let mut s = directory.session();
    let handles: Vec<String> = (0..103).map(|i| format!("T{i:03}")).collect();
    s.begin().unwrap();
    for h in &handles {
        s.create_tenant(h, None, &[]).unwrap();
    }
    let owner = handles[0].as_str();
    s.create_organization(owner, "Hundred", None).unwrap();
    for h in &handles[1..] {
        s.add_to_organization(owner, h, Role::Member).unwrap();
    }
    for h in &handles[1..100] {
        s.join_organization(h, "Hundred").unwrap();
    }
    s.commit().unwrap();
    let count = |s: &Session<'_>, state: MemberState| states(s, owner).iter().filter(|m| m.1 == state).count();
    assert_eq!(
        (count(&s, MemberState::Active), count(&s, MemberState::Pending)),
        (100, 3)
    );
    // Every active tenant has a partner configuration for each of the 99 others.
    assert_eq!(s.access_overview(&handles[57]).unwrap().partners.len(), 99);

    // The organization as the owner and the refused tenant see it, their access settings
    // and audit trails: what a refused join could have changed.
    let joiner = handles[100].clone();
    let state = |s: &mut Session<'_>| -> String {
        [
            format!("show organization as tenant {owner}"),
            format!("show access for tenant {joiner}"),
            format!("show access for tenant {owner}"),
            format!("show changes in tenant {joiner}"),
            format!("show changes in tenant {owner}"),
        ]
        .iter()
        .map(|q| render(&one(s, q), Mode::Json))
        .collect()
    };
    refused_by(
        &mut s,
        state,
        |e| matches!(e, Error::OrganizationFull { limit: 100, organization } if organization == "Hundred"),
        |s| s.join_organization(&joiner, "Hundred"),
    );
    // More tenants may still be added, pending; one leaving makes room for one.
    s.create_tenant("Late", None, &[]).unwrap();
    s.add_to_organization(owner, "Late", Role::Member).unwrap();
    assert_eq!(count(&s, MemberState::Pending), 4);
    s.leave_organization(&handles[99]).unwrap();
    s.join_organization(&joiner, "Hundred").unwrap();
    let e = s.join_organization("Late", "Hundred").unwrap_err();
    assert!(matches!(e.root(), Error::OrganizationFull { .. }), "{e:?}");
}

#[test]
fn the_last_active_owner_cannot_step_down_or_leave_while_others_are_active() {
    // C is a pending owner: it does not count until it joins.
    let (_dir, directory) = contoso_group(Role::Owner);
    let mut s = directory.session();
    let last = |e: &Error| matches!(e, Error::LastOwner(t) if t == "A");
    refused(&mut s, last, |s| s.set_organization_role("A", "A", Role::Member));
    refused(&mut s, last, |s| s.leave_organization("A"));
    refused(&mut s, last, |s| s.remove_from_organization("A", "A"));
    // Through the language the same.
    let e = error(&mut s, "set role of tenant A to member as tenant A");
    assert!(last(e.root()), "{e:?}");

    // Once C joins, A may step down and leave; C is then the last owner.
    s.join_organization("C", "Contoso Group").unwrap();
    s.set_organization_role("A", "A", Role::Member).unwrap();
    assert!(!s.leave_organization("A").unwrap());
    let last_c = |e: &Error| matches!(e, Error::LastOwner(t) if t == "C");
    refused(&mut s, last_c, |s| s.leave_organization("C"));
    refused(&mut s, last_c, |s| s.set_organization_role("C", "C", Role::Member));
    assert_eq!(
        states(&s, "C"),
        [
            ("B".to_owned(), MemberState::Active, Role::Member),
            ("C".to_owned(), MemberState::Active, Role::Owner)
        ]
    );
}

#[test]
fn the_last_owner_leaving_alone_deletes_the_organization() {
    let (_dir, directory) = contoso_group(Role::Member);
    let mut s = directory.session();
    s.leave_organization("B").unwrap();
    // A is alone (C is pending): its leaving deletes the organization, C's invitation too.
    assert!(s.leave_organization("A").unwrap());
    for t in ["A", "B", "C"] {
        let e = s.organization(t).unwrap_err();
        assert!(matches!(e.root(), Error::NotInOrganization(h) if h == t), "{e:?}");
    }
    let e = s.join_organization("C", "Contoso Group").unwrap_err();
    assert!(matches!(e.root(), Error::NoOrganization(_)), "{e:?}");
    // The settings stay; the flag is cleared.
    let b = s.access("A", Some("B")).unwrap();
    assert!(!b.in_organization);
    // Every tenant's trail says how its part ended, C's pending invitation included.
    for (t, state) in [("A", "active"), ("C", "pending")] {
        let feed = s.changes(t, &Default::default()).unwrap();
        let last = feed.last().unwrap();
        assert_eq!(
            (last.op.as_str(), last.name.as_str()),
            ("delete", "Contoso Group"),
            "{t}"
        );
        assert_eq!(last.properties[0].old.to_string(), state, "{t}");
    }
    // And a new organization can be made.
    s.create_organization("C", "Tailspin Group", None).unwrap();
}

#[test]
fn a_member_cannot_do_what_only_owners_may() {
    let (_dir, directory) = contoso_group(Role::Owner);
    let mut s = directory.session();
    s.create_tenant("D", Some("Dunder"), &[]).unwrap();
    let not_owner = |tenant: &'static str| move |e: &Error| matches!(e, Error::NotOwner { tenant: t, organization, .. } if t == tenant && organization == "Contoso Group");
    refused(&mut s, not_owner("B"), |s| {
        s.add_to_organization("B", "D", Role::Member)
    });
    refused(&mut s, not_owner("B"), |s| s.remove_from_organization("B", "A"));
    refused(&mut s, not_owner("B"), |s| {
        s.set_organization_role("B", "B", Role::Owner)
    });
    refused(&mut s, not_owner("B"), |s| {
        s.set_organization_labels("B", Some(true), &[])
    });
    // A pending owner is not an active one.
    refused(&mut s, not_owner("C"), |s| {
        s.add_to_organization("C", "D", Role::Member)
    });
    // What a member may do: share its calendar, keep a template, leave.
    s.set_calendar_sharing("B", "A", true).unwrap();
    s.set_organization_template("B", &[], true, false).unwrap();
    assert!(!s.leave_organization("B").unwrap());
}

#[test]
fn a_pending_tenant_is_hidden_from_a_members_administrator() {
    let (_dir, directory) = contoso_group(Role::Member);
    let mut s = directory.session();
    let everyone = [
        ("A".to_owned(), MemberState::Active, Role::Owner),
        ("B".to_owned(), MemberState::Active, Role::Member),
        ("C".to_owned(), MemberState::Pending, Role::Member),
    ];
    assert_eq!(states(&s, "B"), everyone, "the operator sees every tenant");
    s.use_tenant("A").unwrap();
    assert_eq!(
        states(&s, "A"),
        everyone,
        "an owner's administrator sees pending tenants"
    );
    s.use_tenant("B").unwrap();
    assert_eq!(states(&s, "B"), everyone[..2], "a member's does not");
    let r = rows(&mut s, "show organization");
    assert_eq!(r.strings("tenant"), ["A", "B"]);
    // A pending tenant's administrator sees its own invitation, not other pending tenants,
    // and no one else's organization.
    let mut operator = directory.session();
    operator.create_tenant("D", Some("Dunder"), &[]).unwrap();
    operator.add_to_organization("A", "D", Role::Owner).unwrap();
    s.use_tenant("C").unwrap();
    assert_eq!(states(&s, "C"), everyone);
    s.use_tenant("D").unwrap();
    let d = ("D".to_owned(), MemberState::Pending, Role::Owner);
    assert_eq!(states(&s, "D"), [everyone[0].clone(), everyone[1].clone(), d]);
    let e = s.organization("A").unwrap_err();
    assert!(
        matches!(e.root(), Error::Denied { action: Action::ReadOrganization, tenant: Some(t), .. } if t == "A"),
        "{e:?}"
    );
}

/// The effective value of `setting` in `tenant`'s configuration for `partner`.
fn partner_setting(s: &Session<'_>, tenant: &str, partner: &str, setting: Setting) -> (SettingValue, Origin) {
    let view = s.access(tenant, Some(partner)).unwrap();
    let e = view.effective.iter().find(|e| e.setting == setting).unwrap();
    (e.value.clone(), e.origin)
}

fn flag(setting: Setting, on: bool) -> SettingChange {
    SettingChange {
        setting,
        value: Some(SettingInput::Flag(on)),
    }
}

#[test]
fn a_template_for_new_partners_skips_existing_ones_and_one_for_existing_partners_does_not() {
    let (_dir, directory) = common::demo_without_organization();
    let mut s = directory.session();
    s.create_tenant("D", Some("Dunder"), &[]).unwrap();
    // A already has configurations for B and D before they join.
    s.set_access("A", Some("B"), &[flag(Setting::TrustMfa, true)]).unwrap();
    s.set_access("A", Some("D"), &[flag(Setting::TrustMfa, true)]).unwrap();
    s.create_organization("A", "Contoso Group", None).unwrap();
    s.set_organization_template("A", &[flag(Setting::SyncInbound, true)], true, false)
        .unwrap();
    for t in ["B", "C", "D"] {
        s.add_to_organization("A", t, Role::Member).unwrap();
    }
    s.join_organization("B", "Contoso Group").unwrap();
    s.join_organization("C", "Contoso Group").unwrap();
    let on = (SettingValue::Flag(true), Origin::Partner);
    // New partners only: C's configuration is new, B's existed.
    assert_eq!(partner_setting(&s, "A", "C", Setting::SyncInbound), on);
    assert_eq!(partner_setting(&s, "A", "B", Setting::SyncInbound).1, Origin::System);
    assert_eq!(partner_setting(&s, "A", "B", Setting::TrustMfa), on);
    // The joining tenants kept no template: their sides inherit.
    assert_eq!(partner_setting(&s, "C", "A", Setting::SyncInbound).1, Origin::System);

    // For new and existing partners: applied at once to the active tenants' configurations
    // (B's now), and to D's, which existed before D joins.
    let redemption = flag(Setting::RedemptionInbound, true);
    s.set_organization_template("A", &[redemption], true, true).unwrap();
    for setting in [Setting::SyncInbound, Setting::RedemptionInbound] {
        assert_eq!(partner_setting(&s, "A", "B", setting), on, "{setting}");
        assert_eq!(partner_setting(&s, "A", "C", setting), on, "{setting}");
    }
    assert_eq!(
        partner_setting(&s, "A", "D", Setting::SyncInbound).1,
        Origin::System,
        "D is pending"
    );
    s.join_organization("D", "Contoso Group").unwrap();
    assert_eq!(partner_setting(&s, "A", "D", Setting::SyncInbound), on);
    assert_eq!(
        partner_setting(&s, "A", "D", Setting::TrustMfa),
        on,
        "what D's had stays"
    );

    // A template holds only values a partner configuration takes: a bad one is refused when
    // set, not at the next join.
    refused(
        &mut s,
        |e| matches!(e, Error::Invalid(_)),
        |s| {
            let bad = SettingChange {
                setting: Setting::CollaborationInboundUsers,
                value: Some(SettingInput::Flag(true)),
            };
            s.set_organization_template("A", &[bad], true, false)
        },
    );
    let e = error(
        &mut s,
        "set organization template inbound collaboration = on as tenant A",
    );
    assert!(matches!(e.root(), Error::Invalid(_)), "{e:?}");
    let e = error(
        &mut s,
        "set organization template inbound collaboration = allow (group Collab) as tenant A",
    );
    assert!(matches!(e.root(), Error::Invalid(_)), "{e:?}");
}

#[test]
fn show_organization_in_table_and_in_graphs_json() {
    let (_dir, directory) = contoso_group(Role::Owner);
    let mut s = directory.session();
    s.set_organization_labels("A", Some(true), &[]).unwrap();
    let out = one(&mut s, "show organization as tenant A");
    let Output::Document { document, rows } = &out else {
        panic!("{out:?}")
    };
    assert_eq!(
        rows.columns,
        [
            "tenant",
            "displayName",
            "role",
            "state",
            "addedBy",
            "addedDateTime",
            "joinedDateTime",
            "label"
        ]
    );
    assert_eq!(rows.strings("tenant"), ["A", "B", "C"]);
    assert_eq!(rows.strings("role"), ["owner", "member", "owner"]);
    assert_eq!(rows.strings("state"), ["active", "active", "pending"]);
    assert_eq!(rows.strings("addedBy"), ["", "A", "A"]);
    assert_eq!(rows.strings("label"), ["Contoso Group"; 3]);
    assert!(rows.strings("joinedDateTime")[2].is_empty());

    // JSON: Graph's multiTenantOrganization with its multiTenantOrganizationMembers.
    let json: serde_json::Value = serde_json::from_str(&render(&out, Mode::Json)).unwrap();
    assert_eq!(json, document.to_json());
    let (a, b) = (
        s.tenant("A").unwrap().id.to_string(),
        s.tenant("B").unwrap().id.to_string(),
    );
    assert_eq!(json["displayName"], "Contoso Group");
    assert_eq!(json["description"], "All of Contoso");
    assert_eq!(json["state"], "active");
    assert!(json["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(json["createdDateTime"].as_str().is_some_and(|t| t.ends_with('Z')));
    let tenants = json["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 3);
    assert_eq!(tenants[1]["tenantId"], b);
    assert_eq!(tenants[1]["displayName"], "Fabrikam");
    assert_eq!(tenants[1]["role"], "member");
    assert_eq!(tenants[1]["state"], "active");
    assert_eq!(tenants[1]["addedByTenantId"], a);
    assert!(tenants[0]["addedByTenantId"].is_null());
    assert!(tenants[2]["joinedDateTime"].is_null());
    let keys: Vec<&String> = tenants[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "tenantId",
            "displayName",
            "role",
            "state",
            "addedByTenantId",
            "addedDateTime",
            "joinedDateTime"
        ]
    );
    assert!(render(&out, Mode::Table).starts_with("tenant | displayName"));
}

#[test]
fn a_tenant_administrator_acts_in_the_organization_only_for_its_own_tenant() {
    let (_dir, directory) = contoso_group(Role::Member);
    let mut s = directory.session();
    let e = s.create_organization("C", "Elsewhere", None).unwrap_err();
    assert!(
        matches!(e.root(), Error::InOrganization { tenant, .. } if tenant == "C"),
        "{e:?}"
    );
    s.use_tenant("B").unwrap();
    let denied = |tenant: &'static str| {
        move |e: &Error| {
            matches!(e, Error::Denied { principal: Principal::TenantAdmin { handle, .. }, action: Action::ActInOrganization, tenant: Some(t) }
                if handle == "B" && t == tenant)
        }
    };
    // B's administrator cannot act as A (the owner), nor join C's invitation.
    refused(&mut s, denied("A"), |s| s.add_to_organization("A", "C", Role::Member));
    refused(&mut s, denied("A"), |s| s.set_organization_role("A", "B", Role::Owner));
    refused(&mut s, denied("C"), |s| s.join_organization("C", "Contoso Group"));
    for statement in [
        "add tenant C to organization as tenant A",
        "join organization \"Contoso Group\" as tenant C",
        "leave organization as tenant A",
        "set labels = organization name as tenant A",
    ] {
        let e = error(&mut s, statement);
        assert!(
            matches!(
                e.root(),
                Error::Denied {
                    action: Action::ActInOrganization,
                    ..
                }
            ),
            "{statement}: {e:?}"
        );
    }
    // As B, it cannot add tenants: B is not an owner.
    let e = error(&mut s, "add tenant C to organization");
    assert!(
        matches!(e.root(), Error::NotOwner { tenant, .. } if tenant == "B"),
        "{e:?}"
    );
    // Once A makes B an owner, it can.
    let mut operator = directory.session();
    operator.set_organization_role("A", "B", Role::Owner).unwrap();
    operator.create_tenant("D", Some("Dunder"), &[]).unwrap();
    one(&mut s, "add tenant D to organization");

    // Joining: only the organization its tenant was added to.
    operator.create_tenant("E", Some("Eagle"), &[]).unwrap();
    operator.create_organization("E", "Eagle Group", None).unwrap();
    operator.create_tenant("F", None, &[]).unwrap();
    operator.use_tenant("D").unwrap();
    refused(
        &mut operator,
        |e| matches!(e, Error::InOrganization { tenant, organization } if tenant == "D" && organization == "Contoso Group"),
        |s| s.join_organization("D", "Eagle Group"),
    );
    operator.join_organization("D", "Contoso Group").unwrap();
    operator.use_tenant("F").unwrap();
    refused(
        &mut operator,
        |e| matches!(e, Error::NotAdded { tenant, organization } if tenant == "F" && organization == "Contoso Group"),
        |s| s.join_organization("F", "Contoso Group"),
    );
    refused(
        &mut operator,
        |e| matches!(e, Error::NoOrganization(name) if name == "Nowhere"),
        |s| s.join_organization("F", "Nowhere"),
    );
    operator.use_operator().unwrap();
    let d = states(&operator, "A").into_iter().find(|m| m.0 == "D").unwrap();
    assert_eq!((d.1, d.2), (MemberState::Active, Role::Member));
}

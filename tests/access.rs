//! Cross-tenant access settings across tenants: invitations that need B2B collaboration on
//! both sides (group-targeted settings deciding who passes), the default's changes reaching
//! the partners that do not override them, `show access` in table and Graph's JSON (through
//! the binary too), and the rights of a tenant's administrator. Every refusal changes nothing.

mod common;

use common::{demo, error, fingerprint, one, rows};
use mtodir::directory::access::{SettingChange, SettingInput};
use mtodir::format::{Mode, render};
use mtodir::model::{AccessType, Origin, Setting, SettingValue, Target, TargetType, Targets, UserType};
use mtodir::{Action, Error, Output, Principal, Session};
use std::process::Command;

/// Runs `statement`, which must fail with an error whose root `expected` accepts; the
/// operator's fingerprint must be the same after it.
fn refused(s: &mut Session<'_>, statement: &str, expected: impl Fn(&Error) -> bool) {
    let mut operator = s.directory().session();
    let before = fingerprint(&mut operator);
    let e = error(s, statement);
    assert!(expected(e.root()), "`{statement}`: {e:?}");
    assert_eq!(fingerprint(&mut operator), before, "`{statement}` changed something");
}

/// An `Error::AccessBlocked` by `tenant`'s `setting`.
fn blocked_by(tenant: &'static str, setting: Setting) -> impl Fn(&Error) -> bool {
    move |e| matches!(e, Error::AccessBlocked { tenant: t, setting: s, .. } if t == tenant && *s == setting)
}

/// Whether each side allows `upn` of `home` in `resource` for B2B collaboration, as `explain
/// access` says: (tenant, allows).
fn collaboration(s: &Session<'_>, home: &str, upn: &str, resource: &str) -> Vec<(String, bool)> {
    let (_, checks) = s.explain_access(home, upn, resource).unwrap();
    checks
        .into_iter()
        .filter(|c| c.setting == Setting::CollaborationOutboundUsers || c.setting == Setting::CollaborationInboundUsers)
        .map(|c| (c.tenant, c.allows))
        .collect()
}

#[test]
fn an_invitation_needs_both_sides_and_group_targets_decide_who_passes() {
    let (_dir, directory) = demo();
    let mut s = directory.session();

    // B's inbound side, for partner A: only A's Collab group (Annie).
    one(
        &mut s,
        "set access for tenant B partner A inbound collaboration = allow (group Collab)",
    );
    refused(
        &mut s,
        "invite user mei.chen@a.example from tenant A to tenant B",
        blocked_by("B", Setting::CollaborationInboundUsers),
    );
    assert_eq!(
        collaboration(&s, "A", "mei.chen@a.example", "B"),
        [("A".to_owned(), true), ("B".to_owned(), false)]
    );
    let (guest, created) = s.invite("A", "annie@a.example", "B", false).unwrap();
    assert!(created);
    assert_eq!(guest.user_principal_name, "annie_a.example#EXT#@b.example");
    assert_eq!(guest.user_type, UserType::Guest);
    // Invited again: the same B2B user, nothing new.
    let (again, created) = s.invite("A", "annie@a.example", "B", false).unwrap();
    assert!(!created);
    assert_eq!(again.id, guest.id);

    // A's outbound side, by default: only its Collab group may go out.
    one(&mut s, "reset access for tenant B partner A");
    one(
        &mut s,
        "set default access for tenant A outbound collaboration = allow (group Collab)",
    );
    refused(
        &mut s,
        "invite user jose.garcia@a.example from tenant A to tenant C",
        blocked_by("A", Setting::CollaborationOutboundUsers),
    );
    assert_eq!(
        collaboration(&s, "A", "jose.garcia@a.example", "C"),
        [("A".to_owned(), false), ("C".to_owned(), true)]
    );
    // A member of the group passes: membership is what the setting targets.
    one(&mut s, "add user jose.garcia@a.example to group Collab in tenant A");
    one(
        &mut s,
        "invite user jose.garcia@a.example from tenant A to tenant C as member",
    );
    let member = s.user("C", "jose.garcia_a.example#EXT#@c.example").unwrap();
    assert_eq!(member.user_type, UserType::Member);

    // Blocked targets block those named and let everyone else through.
    one(
        &mut s,
        "set access for tenant C partner B inbound collaboration = block (bob@b.example)",
    );
    refused(
        &mut s,
        "invite user bob@b.example from tenant B to tenant C",
        blocked_by("C", Setting::CollaborationInboundUsers),
    );
    one(&mut s, "invite user barbara@b.example from tenant B to tenant C");
    // Users of one's own tenant and B2B users are not invited.
    refused(&mut s, "invite user annie@a.example from tenant A to tenant A", |e| {
        matches!(e, Error::InviteHome { .. })
    });
    refused(
        &mut s,
        "invite user \"annie_a.example#EXT#@b.example\" from tenant B to tenant C",
        |e| matches!(e, Error::NotInternal { .. }),
    );
}

/// The effective value of `setting` in `tenant`'s configuration for `partner`.
fn effective(s: &Session<'_>, tenant: &str, partner: &str, setting: Setting) -> (SettingValue, Origin) {
    let view = s.access(tenant, Some(partner)).unwrap();
    let e = view.effective.into_iter().find(|e| e.setting == setting).unwrap();
    (e.value, e.origin)
}

fn access_type(value: &SettingValue) -> AccessType {
    match value {
        SettingValue::Targets(t) => t.access_type,
        SettingValue::Flag(_) => panic!("{value:?} is a flag"),
    }
}

#[test]
fn a_default_change_reaches_the_partners_that_do_not_override_it() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let other = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    for statement in [
        "set access for tenant A partner B inbound trust mfa = on".to_owned(),
        "set access for tenant A partner C outbound collaboration = allow".to_owned(),
        format!("set access for tenant A partner {other} inbound sync = on"),
    ] {
        one(&mut s, &statement);
    }
    let outbound = Setting::CollaborationOutboundUsers;
    assert_eq!(effective(&s, "A", "B", outbound).1, Origin::System);

    one(&mut s, "set default access for tenant A outbound collaboration = block");
    for partner in ["B", other] {
        let (value, origin) = effective(&s, "A", partner, outbound);
        assert_eq!(
            (access_type(&value), origin),
            (AccessType::Blocked, Origin::Default),
            "{partner}"
        );
    }
    let (value, origin) = effective(&s, "A", "C", outbound);
    assert_eq!((access_type(&value), origin), (AccessType::Allowed, Origin::Partner));
    // Invitations follow: B inherits the block, C overrides it.
    refused(
        &mut s,
        "invite user annie@a.example from tenant A to tenant B",
        blocked_by("A", Setting::CollaborationOutboundUsers),
    );
    one(&mut s, "invite user annie@a.example from tenant A to tenant C");
    // The partner's own settings are untouched; a partner without a configuration inherits
    // the default too.
    assert_eq!(
        effective(&s, "A", "B", Setting::TrustMfa),
        (SettingValue::Flag(true), Origin::Partner)
    );
    let (value, origin) = s
        .access("A", None)
        .unwrap()
        .effective
        .into_iter()
        .find(|e| e.setting == outbound)
        .map(|e| (e.value, e.origin))
        .unwrap();
    assert_eq!((access_type(&value), origin), (AccessType::Blocked, Origin::Default));
    // Partner-only settings are not the default's to set.
    refused(&mut s, "set default access for tenant A inbound sync = on", |e| {
        matches!(e, Error::PartnerOnly(_))
    });
    // Nor are named inbound targets, whose tenant a default cannot know: by name or by id.
    refused(
        &mut s,
        "set default access for tenant A inbound collaboration = allow (group Collab)",
        |e| matches!(e, Error::NamedInboundDefault),
    );
    let collab = s
        .groups("A")
        .unwrap()
        .into_iter()
        .find(|g| g.group.display_name == "Collab")
        .unwrap();
    let by_id = SettingChange {
        setting: Setting::CollaborationInboundUsers,
        value: Some(SettingInput::Resolved(Targets {
            access_type: AccessType::Allowed,
            targets: vec![Target {
                target: collab.group.id.to_string(),
                target_type: TargetType::Group,
            }],
        })),
    };
    let e = s.set_access("A", None, &[by_id]).unwrap_err();
    assert!(matches!(e.root(), Error::NamedInboundDefault), "{e:?}");
    // Resetting the default: back to the system default, for every partner that inherits.
    one(&mut s, "reset default access for tenant A");
    let (value, origin) = effective(&s, "A", "B", outbound);
    assert_eq!((access_type(&value), origin), (AccessType::Allowed, Origin::System));
    // Resetting the partner's override: it inherits again.
    one(&mut s, "set default access for tenant A outbound collaboration = block");
    one(&mut s, "reset access for tenant A partner C outbound collaboration");
    assert_eq!(effective(&s, "A", "C", outbound).1, Origin::Default);
}

#[test]
fn show_access_in_table_and_in_graphs_json() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    for statement in [
        // From the demo's organization, A has partner configurations for B and C with the
        // admin center's template: set B's aside and drop C's, to read B's alone.
        "reset access for tenant A partner B",
        "reset access for tenant A partner C",
        "delete access for tenant A partner C",
        "set default access for tenant A outbound collaboration = allow (group Collab), inbound trust mfa = on",
        "set access for tenant A partner B inbound collaboration = block (bob@b.example), inbound sync = on, \
         inbound redemption = automatic",
    ] {
        one(&mut s, statement);
    }
    let (b, collab) = (
        s.tenant("B").unwrap().id.to_string(),
        s.groups("A")
            .unwrap()
            .into_iter()
            .find(|g| g.group.display_name == "Collab")
            .unwrap()
            .group
            .id,
    );
    let bob = s.user("B", "bob@b.example").unwrap().id.to_string();

    // The table: one row per setting of the default (its effective value and whether it is
    // set), one per setting a partner sets, and its organization flag.
    let table = rows(&mut s, "show access for tenant A");
    assert_eq!(table.columns, ["configuration", "setting", "value", "from"]);
    let row = |config: &str, setting: &str| -> Vec<String> {
        let i = table
            .rows
            .iter()
            .position(|r| r[0].to_string() == config && r[1].to_string() == setting)
            .unwrap_or_else(|| panic!("no row {config} {setting}"));
        table.rows[i].iter().map(ToString::to_string).collect()
    };
    assert_eq!(
        row("default", "b2bCollaborationOutbound.usersAndGroups")[2..],
        ["allowed: group Collab", "set"]
    );
    assert_eq!(
        row("default", "b2bCollaborationInbound.usersAndGroups")[2..],
        ["allowed: all users", "system default"]
    );
    assert_eq!(
        row("partner B", "b2bCollaborationInbound.usersAndGroups")[2..],
        ["blocked: bob@b.example", "set"]
    );
    // The demo's organization holds A and B.
    assert_eq!(
        row("partner B", "isInMultiTenantOrganization")[2..],
        ["true", "organization"]
    );
    assert_eq!(table.rows.len(), 11 + 3 + 1);

    // JSON: Graph's default (effective values) and partner objects (null where inheriting).
    let out = one(&mut s, "show access for tenant A");
    let json: serde_json::Value = serde_json::from_str(&render(&out, Mode::Json)).unwrap();
    let default = &json["default"];
    assert_eq!(default["isServiceDefault"], false);
    let outbound = &default["b2bCollaborationOutbound"]["usersAndGroups"];
    assert_eq!(outbound["accessType"], "allowed");
    assert_eq!(outbound["targets"][0]["target"], collab.to_string());
    assert_eq!(outbound["targets"][0]["targetType"], "group");
    assert_eq!(
        default["b2bCollaborationOutbound"]["applications"]["targets"][0]["target"],
        "AllApplications"
    );
    assert_eq!(default["inboundTrust"]["isMfaAccepted"], true);
    assert_eq!(default["inboundTrust"]["isCompliantDeviceAccepted"], false);
    assert!(default.get("automaticUserConsentSettings").is_none(), "partner-only");
    let partner = &json["partners"][0];
    assert_eq!(partner["tenantId"], b);
    assert_eq!(partner["isInMultiTenantOrganization"], true);
    let inbound = &partner["b2bCollaborationInbound"];
    assert_eq!(inbound["usersAndGroups"]["accessType"], "blocked");
    assert_eq!(inbound["usersAndGroups"]["targets"][0]["target"], bob);
    assert_eq!(inbound["usersAndGroups"]["targets"][0]["targetType"], "user");
    assert!(inbound["applications"].is_null(), "inherits");
    assert!(partner["b2bCollaborationOutbound"].is_null());
    assert!(partner["inboundTrust"].is_null());
    assert_eq!(partner["automaticUserConsentSettings"]["inboundAllowed"], true);
    assert!(partner["automaticUserConsentSettings"]["outboundAllowed"].is_null());
    assert_eq!(partner["identitySynchronization"]["tenantId"], b);
    assert_eq!(
        partner["identitySynchronization"]["userSyncInbound"]["isSyncAllowed"],
        true
    );

    // One partner: every effective value, and which of them it inherits.
    let out = one(&mut s, "show access for tenant A partner B");
    let Output::Document { document, rows } = &out else {
        panic!("{out:?}")
    };
    assert_eq!(rows.columns, ["setting", "value", "from"]);
    assert_eq!(rows.rows.len(), Setting::ALL.len() + 1);
    let json = document.to_json();
    assert_eq!(
        json["inboundTrust"]["isMfaAccepted"], true,
        "inherited from the default"
    );
    assert_eq!(
        json["b2bCollaborationOutbound"]["usersAndGroups"]["targets"][0]["targetType"],
        "group"
    );
    let inherited: Vec<&str> = json["inherited"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(inherited.contains(&"inboundTrust.isMfaAccepted"));
    assert!(!inherited.contains(&"identitySynchronization.userSyncInbound.isSyncAllowed"));

    // The binary prints the same document with --format json, and nothing else on stdout.
    drop(s);
    drop(directory);
    let db = dir.path().join("org.redb");
    let run = Command::new(env!("CARGO_BIN_EXE_mtodir"))
        .args([
            db.to_str().unwrap(),
            "-c",
            "show access for tenant A",
            "--format",
            "json",
        ])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(printed["partners"][0]["tenantId"], b);
    assert_eq!(
        printed["default"]["b2bCollaborationOutbound"]["usersAndGroups"]["accessType"],
        "allowed"
    );
}

#[test]
fn a_tenant_administrator_changes_and_reads_only_its_own_access_settings() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    one(&mut s, "set access for tenant A partner B inbound trust mfa = on");
    one(&mut s, "use tenant B");
    let denied = |action: Action| {
        move |e: &Error| {
            matches!(e, Error::Denied { principal: Principal::TenantAdmin { handle, .. }, action: a, tenant: Some(t) }
                if handle == "B" && *a == action && t == "A")
        }
    };
    for statement in [
        "set access for tenant A partner B inbound collaboration = allow",
        "set default access for tenant A inbound trust mfa = on",
        "set access for tenant A partner C outbound direct connect = allow",
        "reset access for tenant A partner B",
        "reset default access for tenant A",
        "delete access for tenant A partner B",
    ] {
        refused(&mut s, statement, denied(Action::ChangeAccess));
    }
    refused(&mut s, "show access for tenant A", denied(Action::ReadAccess));
    refused(&mut s, "show access for tenant A partner B", denied(Action::ReadAccess));
    refused(
        &mut s,
        "invite user bob@b.example from tenant B to tenant A",
        denied(Action::InviteUsers),
    );
    refused(
        &mut s,
        "explain access of annie@a.example from tenant A to tenant C",
        |e| {
            matches!(
                e,
                Error::Denied {
                    action: Action::ReadAccess,
                    ..
                }
            )
        },
    );
    // The typed API refuses the same.
    let e = s.set_access("A", Some("B"), &[]).unwrap_err();
    assert!(denied(Action::ChangeAccess)(e.root()), "{e:?}");
    let e = s.delete_partner("A", "B").unwrap_err();
    assert!(denied(Action::ChangeAccess)(e.root()), "{e:?}");
    let e = s.access_overview("A").unwrap_err();
    assert!(denied(Action::ReadAccess)(e.root()), "{e:?}");

    // Its own: change, read, explain either way, invite into B.
    one(&mut s, "set access for tenant B partner A inbound trust mfa = on");
    assert_eq!(
        rows(&mut s, "show access for tenant B partner A").rows.len(),
        Setting::ALL.len() + 1
    );
    one(&mut s, "explain access of bob@b.example from tenant B to tenant A");
    one(&mut s, "explain access of annie@a.example from tenant A to tenant B");
    one(&mut s, "invite user annie@a.example from tenant A to tenant B");
}

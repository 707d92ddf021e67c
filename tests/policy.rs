//! Real configurations in and out: `import access settings` reads the JSON Microsoft Graph
//! returns for the cross-tenant access policy (the default, the partners, a partner's identity
//! synchronization policy) and the document `export access settings` writes; an export reads
//! back to the same settings; what is not modelled is reported with its JSON path; bad files
//! are typed errors with the file and the path, and change nothing.

mod common;

use common::{demo, error, fingerprint, one, rows, text};
use mtodir::api::AccessImport;
use mtodir::directory::access::Effective;
use mtodir::model::{AccessType, Origin, Setting, SettingValue, TargetType};
use mtodir::{Action, Directory, Error, Output, Principal, Session};
use std::path::{Path, PathBuf};

/// A fixture of tests/data.
fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// The partner of the Graph partners fixture that sets B2B direct connect inbound.
const CONTOSO_PARTNER: &str = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551";
/// The partner of the fixture that is a service provider with tenant restrictions.
const PROVIDER: &str = "3f2a7c41-6d0e-4b8a-9e51-2c7d8f4a6b90";
/// The partner of the fixture that sets nothing (and holds an unknown property).
const EMPTY_PARTNER: &str = "d7e6f5a4-b3c2-4d1e-8f0a-9b8c7d6e5f4a";

/// The effective value and origin of `setting` in a configuration.
fn effective(view: &[Effective], setting: Setting) -> (SettingValue, Origin) {
    let e = view
        .iter()
        .find(|e| e.setting == setting)
        .expect("the setting is listed");
    (e.value.clone(), e.origin)
}

/// The ignored paths and reasons of an import, as text.
fn ignored(report: &AccessImport) -> Vec<String> {
    report.ignored.iter().map(ToString::to_string).collect()
}

#[test]
fn a_graph_default_response_is_imported_and_what_is_not_modelled_is_reported() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let report = s.import_access("A", &data("graph-access-default.json")).unwrap();
    assert!(report.default);
    assert_eq!(report.partners, 0);
    assert_eq!(
        ignored(&report),
        ["invitationRedemptionIdentityProviderConfiguration (not modelled)"]
    );
    let view = s.access("A", None).unwrap().effective;
    assert_eq!(
        effective(&view, Setting::TrustMfa),
        (SettingValue::Flag(true), Origin::Default)
    );
    assert_eq!(
        effective(&view, Setting::TrustCompliantDevice),
        (SettingValue::Flag(false), Origin::Default)
    );
    // Graph lists every B2B setting of a default that is not the service's: each is now set.
    let (value, origin) = effective(&view, Setting::DirectConnectInboundUsers);
    assert_eq!(origin, Origin::Default);
    assert!(matches!(value, SettingValue::Targets(t) if t.access_type == AccessType::Blocked && t.is_everyone()));
    // The statement says the same, and the audit trail has the change, by its actor.
    one(&mut s, "use tenant A");
    let path = data("graph-access-default.json");
    let said = text(
        &mut s,
        &format!("import access settings of tenant A from \"{}\"", path.display()),
    );
    assert_eq!(
        said,
        format!(
            "imported the default configuration into tenant A from {}; kept 2 partner \
             configurations the file does not name; ignored: \
             invitationRedemptionIdentityProviderConfiguration (not modelled)",
            path.display()
        )
    );
    let feed = rows(&mut s, "show changes in tenant A where subject = access");
    assert_eq!(feed.strings("actor")[0], "operator");
    assert!(
        feed.strings("property")
            .contains(&"inboundTrust.isMfaAccepted".to_owned())
    );
    let mfa = feed
        .rows
        .iter()
        .find(|r| r[6].to_string() == "inboundTrust.isMfaAccepted")
        .unwrap();
    assert_eq!(
        (mfa[7].to_string(), mfa[8].to_string()),
        ("(inherit)".into(), "on".into())
    );
}

#[test]
fn a_graph_partners_list_is_imported_by_tenant_id_and_its_extras_reported_by_path() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    let report = s.import_access("A", &data("graph-access-partners.json")).unwrap();
    assert!(!report.default);
    // The demo's organization gave A partner configurations for B and C: kept.
    assert_eq!((report.partners, report.kept), (3, 2));
    assert_eq!(
        ignored(&report),
        [
            "value[1].isServiceProvider (not modelled)",
            "value[1].tenantRestrictions (not modelled)",
            "value[1].isInMultiTenantOrganization (read-only: the organization maintains it, and it is false here)",
            "value[2].protectedContentSharing (unknown property)",
        ]
    );
    // Partners this file does not hold are kept by id; targets stay ids.
    let contoso = s.access("A", Some(CONTOSO_PARTNER)).unwrap().effective;
    let (value, origin) = effective(&contoso, Setting::DirectConnectInboundApplications);
    assert_eq!(origin, Origin::Partner);
    let SettingValue::Targets(apps) = value else { panic!() };
    assert_eq!(apps.targets[0].target, "Office365");
    assert_eq!(apps.targets[0].target_type, TargetType::Application);
    assert_eq!(effective(&contoso, Setting::TrustMfa).1, Origin::System);
    let provider = s.access("A", Some(PROVIDER)).unwrap();
    assert!(
        !provider.in_organization,
        "isInMultiTenantOrganization is the organization's"
    );
    let (value, _) = effective(&provider.effective, Setting::CollaborationInboundUsers);
    let SettingValue::Targets(groups) = value else { panic!() };
    assert_eq!(groups.targets[0].target, "6c8f1d2e-5a4b-4c3d-8e9f-0a1b2c3d4e5f");
    assert_eq!(groups.targets[0].target_type, TargetType::Group);
    assert_eq!(
        effective(&provider.effective, Setting::RedemptionOutbound),
        (SettingValue::Flag(true), Origin::Partner)
    );
    // A partner that sets nothing exists all the same, as in Graph.
    let overview = s.access_overview("A").unwrap();
    let ids: Vec<String> = overview.partners.iter().map(|p| p.partner.id.to_string()).collect();
    assert!(ids.contains(&EMPTY_PARTNER.to_owned()), "{ids:?}");
    // The file's three, and B and C from the demo's organization.
    assert_eq!(overview.partners.len(), 5);

    // The partner's identity synchronization policy comes from its own endpoint.
    let report = s.import_access("A", &data("graph-identity-sync.json")).unwrap();
    assert_eq!((report.partners, report.kept), (1, 4));
    assert_eq!(ignored(&report), ["displayName (not modelled)"]);
    let contoso = s.access("A", Some(CONTOSO_PARTNER)).unwrap().effective;
    assert_eq!(
        effective(&contoso, Setting::SyncInbound),
        (SettingValue::Flag(true), Origin::Partner)
    );
    // Importing the partners again leaves out `identitySynchronization`: the policy stays.
    s.import_access("A", &data("graph-access-partners.json")).unwrap();
    let contoso = s.access("A", Some(CONTOSO_PARTNER)).unwrap().effective;
    assert_eq!(effective(&contoso, Setting::SyncInbound).0, SettingValue::Flag(true));
}

/// Settings of every kind on tenant A: a default with group targets, partners B (named
/// users and groups, trust, sync) and C (applications), a partner known only by id, and
/// a partner configuration that sets nothing.
fn configure(s: &mut Session<'_>) {
    for statement in [
        "set default access for tenant A outbound collaboration = allow (group Collab), \
         inbound direct connect = allow, inbound trust compliant device = on",
        "set access for tenant A partner B inbound collaboration = block (bob@b.example, group Collab), \
         inbound trust mfa = on, inbound sync = on, inbound redemption = automatic, outbound redemption = manual",
        "set access for tenant A partner C outbound direct connect applications = allow (Office365, \
         00000003-0000-0ff1-ce00-000000000000), inbound direct connect = block",
        "set access for tenant A partner 11111111-2222-3333-4444-555555555555 inbound collaboration = block",
        "set access for tenant A partner 66666666-7777-8888-9999-000000000000 inbound trust mfa = on",
        "reset access for tenant A partner 66666666-7777-8888-9999-000000000000",
    ] {
        one(s, statement);
    }
}

/// `show access for tenant A` in JSON: what every configuration sets.
fn settings_of(s: &mut Session<'_>, tenant: &str) -> String {
    mtodir::format::render(
        &one(s, &format!("show access for tenant {tenant}")),
        mtodir::format::Mode::Json,
    )
}

#[test]
fn an_export_imports_back_to_the_same_settings() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    configure(&mut s);
    let before = settings_of(&mut s, "A");
    let first = dir.path().join("a-policy.json");
    let said = text(
        &mut s,
        &format!("export access settings of tenant A to \"{}\"", first.display()),
    );
    assert_eq!(
        said,
        format!(
            "exported the default configuration and 4 partner configurations of tenant A to {}",
            first.display()
        )
    );

    // Reset everything, delete the partner that set nothing, then import the export.
    for statement in [
        "reset default access for tenant A",
        "reset access for tenant A partner B",
        "reset access for tenant A partner C",
        "reset access for tenant A partner 11111111-2222-3333-4444-555555555555",
        "delete access for tenant A partner 66666666-7777-8888-9999-000000000000",
    ] {
        one(&mut s, statement);
    }
    assert_ne!(settings_of(&mut s, "A"), before);
    let report = s.import_access("A", &first).unwrap();
    assert!(report.ignored.is_empty(), "{:?}", report.ignored);
    assert_eq!((report.default, report.partners, report.kept), (true, 4, 0));
    assert_eq!(settings_of(&mut s, "A"), before);

    // Exported again, the file is the same, byte for byte; importing it again changes
    // nothing, not even the audit trail.
    let second = dir.path().join("again.json");
    s.export_access("A", &second).unwrap();
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
    let state = fingerprint(&mut s);
    s.import_access("A", &second).unwrap();
    assert_eq!(fingerprint(&mut s), state);
}

#[test]
fn bad_files_are_typed_errors_with_the_file_and_the_json_path_and_change_nothing() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    configure(&mut s);
    let before = fingerprint(&mut s);
    let partner = |body: &str| format!("{{\"value\": [{{\"tenantId\": \"{CONTOSO_PARTNER}\", {body}}}]}}");
    let users = |targets: &str| {
        partner(&format!(
            "\"b2bCollaborationInbound\": {{\"usersAndGroups\": {{\"accessType\": \"allowed\", \"targets\": {targets}}}}}"
        ))
    };
    let inbound = "value[0].b2bCollaborationInbound.usersAndGroups";
    let cases: Vec<(String, String)> = vec![
        ("42".into(), "(the document)".into()),
        ("[1]".into(), "[0]".into()),
        ("{\"value\": {}}".into(), "value".into()),
        ("{\"value\": [{}]}".into(), "value[0]".into()),
        (
            "{\"value\": [{\"tenantId\": \"Fabrikam\"}]}".into(),
            "value[0].tenantId".into(),
        ),
        ("{\"default\": null}".into(), "default".into()),
        (
            "{\"inboundTrust\": {\"isMfaAccepted\": \"yes\"}}".into(),
            "inboundTrust.isMfaAccepted".into(),
        ),
        ("{\"inboundTrust\": true}".into(), "inboundTrust".into()),
        (
            format!(
                "{{\"default\": {{\"b2bDirectConnectInbound\": {{\"usersAndGroups\": {{\"accessType\": \"allowed\", \
                 \"targets\": [{{\"target\": \"{CONTOSO_PARTNER}\", \"targetType\": \"group\"}}]}}}}}}}}"
            ),
            "default.b2bDirectConnectInbound.usersAndGroups.targets".into(),
        ),
        (
            partner(
                "\"b2bCollaborationInbound\": {\"usersAndGroups\": {\"accessType\": \"permitted\", \"targets\": []}}",
            ),
            format!("{inbound}.accessType"),
        ),
        (
            partner(
                "\"b2bCollaborationInbound\": {\"usersAndGroups\": {\"targets\": [{\"target\": \"AllUsers\", \"targetType\": \"user\"}]}}",
            ),
            inbound.into(),
        ),
        (users("[]"), format!("{inbound}.targets")),
        (
            users("[{\"target\": \"AllUsers\", \"targetType\": \"device\"}]"),
            format!("{inbound}.targets[0].targetType"),
        ),
        (
            users("[{\"target\": \"Office365\", \"targetType\": \"application\"}]"),
            format!("{inbound}.targets[0].targetType"),
        ),
        (
            users("[{\"target\": \"bob@b.example\", \"targetType\": \"user\"}]"),
            format!("{inbound}.targets[0].target"),
        ),
        (
            users("[{\"target\": 7, \"targetType\": \"user\"}]"),
            format!("{inbound}.targets[0].target"),
        ),
        (users("[{\"targetType\": \"user\"}]"), format!("{inbound}.targets[0]")),
        (
            partner(
                "\"identitySynchronization\": {\"tenantId\": \"3f2a7c41-6d0e-4b8a-9e51-2c7d8f4a6b90\", \"userSyncInbound\": {\"isSyncAllowed\": true}}",
            ),
            "value[0].identitySynchronization.tenantId".into(),
        ),
        (
            format!(
                "[{{\"tenantId\": \"{CONTOSO_PARTNER}\"}}, {{\"tenantId\": \"{}\"}}]",
                CONTOSO_PARTNER.to_uppercase()
            ),
            "[1].tenantId".into(),
        ),
    ];
    let file = dir.path().join("bad.json");
    for (body, path) in &cases {
        std::fs::write(&file, body).unwrap();
        let e = s.import_access("A", &file).unwrap_err();
        match e.root() {
            Error::ImportJson {
                path: at, json_path, ..
            } => {
                assert_eq!(at, &file, "{body}");
                assert_eq!(json_path, path, "{body}: {e}");
            }
            other => panic!("{body}: expected Error::ImportJson, not {other:?}"),
        }
        assert!(e.to_string().ends_with("(nothing was imported)"), "{e}");
    }
    // Malformed JSON: the line; a missing file: the system's error.
    std::fs::write(&file, "{\n  \"value\": [\n    {\"tenantId\" \"x\"}\n  ]\n}").unwrap();
    let e = s.import_access("A", &file).unwrap_err();
    assert!(matches!(e.root(), Error::Import { line: 3, .. }), "{e:?}");
    let e = s.import_access("A", &dir.path().join("missing.json")).unwrap_err();
    assert!(matches!(e.root(), Error::Io { .. }), "{e:?}");
    // A tenant as its own partner is refused by the directory's rule, after other partners
    // of the same file were set: the whole import is rolled back.
    let own = s.tenant("A").unwrap().id;
    std::fs::write(
        &file,
        format!("{{\"value\": [{{\"tenantId\": \"{CONTOSO_PARTNER}\", \"inboundTrust\": {{\"isMfaAccepted\": true}}}}, {{\"tenantId\": \"{own}\"}}]}}"),
    )
    .unwrap();
    let e = s.import_access("A", &file).unwrap_err();
    assert!(matches!(e.root(), Error::OwnPartner(t) if t == "A"), "{e:?}");
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn import_changes_and_export_reads_access_only_where_the_principal_may() {
    let (dir, directory) = demo();
    let mut operator = directory.session();
    let before = fingerprint(&mut operator);
    let mut s = directory.session();
    one(&mut s, "use tenant B");
    let out = dir.path().join("a.json");
    let e = error(
        &mut s,
        &format!(
            "import access settings of tenant A from \"{}\"",
            data("graph-access-default.json").display()
        ),
    );
    assert!(
        matches!(e.root(), Error::Denied { principal: Principal::TenantAdmin { handle, .. }, action: Action::ChangeAccess, tenant: Some(t) } if handle == "B" && t == "A"),
        "{e:?}"
    );
    let e = error(
        &mut s,
        &format!("export access settings of tenant A to \"{}\"", out.display()),
    );
    assert!(
        matches!(e.root(), Error::Denied { action: Action::ReadAccess, tenant: Some(t), .. } if t == "A"),
        "{e:?}"
    );
    assert!(!out.exists());
    assert_eq!(fingerprint(&mut operator), before);
    // Its own tenant's, without naming it.
    one(&mut s, &format!("export access settings to \"{}\"", out.display()));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"isServiceDefault\": true")
    );
}

#[test]
fn explain_access_gives_the_verdict_of_an_imported_policy() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    let b = s.tenant("B").unwrap().id;
    let collab = s
        .groups("B")
        .unwrap()
        .into_iter()
        .find(|g| g.group.display_name == "Collab")
        .unwrap();
    // Tenant A's partner configuration for B, as Graph returns it: B2B collaboration inbound
    // for B's Collab group only, MFA trusted.
    let policy = format!(
        r#"{{
  "tenantId": "{b}",
  "isServiceProvider": false,
  "inboundTrust": {{"isMfaAccepted": true, "isCompliantDeviceAccepted": null, "isHybridAzureADJoinedDeviceAccepted": null}},
  "automaticUserConsentSettings": {{"inboundAllowed": null, "outboundAllowed": null}},
  "b2bCollaborationInbound": {{
    "usersAndGroups": {{"accessType": "allowed", "targets": [{{"target": "{}", "targetType": "group"}}]}},
    "applications": null
  }},
  "b2bCollaborationOutbound": null,
  "b2bDirectConnectInbound": null,
  "b2bDirectConnectOutbound": null
}}"#,
        collab.group.id
    );
    let file = dir.path().join("a-partner-b.json");
    std::fs::write(&file, policy).unwrap();
    let said = text(
        &mut s,
        &format!("import access settings of tenant A from \"{}\"", file.display()),
    );
    assert!(
        said.starts_with("imported 1 partner configuration into tenant A"),
        "{said}"
    );

    let verdict = |s: &mut Session<'_>, upn: &str| -> Vec<(String, String, String)> {
        let r = rows(s, &format!("explain access of {upn} from tenant B to tenant A"));
        let (caps, tenants, verdicts) = (r.strings("capability"), r.strings("tenant"), r.strings("verdict"));
        let values = r.strings("value");
        caps.into_iter()
            .zip(tenants)
            .zip(values.into_iter().zip(verdicts))
            .filter(|((c, _), _)| c == "B2B collaboration")
            .map(|((_, t), (v, verdict))| (t, v, verdict))
            .collect()
    };
    // Bob is in B's Collab group: A's inbound allows him, naming the group.
    assert_eq!(
        verdict(&mut s, "bob@b.example"),
        [
            ("B".into(), "allowed: all users".into(), "allowed".into()),
            ("A".into(), "allowed: group Collab".into(), "allowed".into()),
        ]
    );
    // Barry is not: refused, and so is his invitation.
    let barry = verdict(&mut s, "barry.oneill@b.example");
    assert!(barry.iter().all(|(_, _, v)| v == "refused"), "{barry:?}");
    let e = error(&mut s, "invite user barry.oneill@b.example from tenant B to tenant A");
    assert!(matches!(e.root(), Error::AccessBlocked { .. }), "{e:?}");
    one(&mut s, "invite user bob@b.example from tenant B to tenant A");
    // The trust setting is the partner's, as imported.
    let view = s.access("A", Some("B")).unwrap().effective;
    assert_eq!(
        effective(&view, Setting::TrustMfa),
        (SettingValue::Flag(true), Origin::Partner)
    );
    // The same file through the binary's JSON output: Graph's partner object.
    match one(&mut s, "show access for tenant A") {
        Output::Document { document, .. } => {
            let json = document.to_json();
            let partner = &json["partners"][0];
            assert_eq!(partner["tenantId"], b.to_string());
            assert_eq!(
                partner["b2bCollaborationInbound"]["usersAndGroups"]["targets"][0]["target"],
                collab.group.id.to_string()
            );
            assert_eq!(partner["inboundTrust"]["isMfaAccepted"], true);
            assert!(partner["b2bCollaborationOutbound"].is_null());
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    drop(directory);
    let reopened = Directory::open(dir.path().join("org.redb")).unwrap();
    let s = reopened.session();
    // B's, imported, and C's, from the demo's organization.
    assert_eq!(s.access_overview("A").unwrap().partners.len(), 2);
}

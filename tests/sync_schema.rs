//! Real configurations in: `import sync "A to B" from "schema.json"` reads a job's
//! synchronization schema as Microsoft Graph returns it, `export sync` writes the same shape,
//! and what mtodir cannot run as the service would is refused by JSON path, atomically.

mod common;

use common::{demo, fingerprint, one, text};
use mtodir::api::{SyncImport, SyncRef};
use mtodir::model::sync::{Apply, Mapping, MappingSource, SyncConfig, default_mappings};
use mtodir::sync::diagnose::{Findable, Link, Verdict};
use mtodir::{Action, Attr, CmpOp, Directory, Error, FileAccess, Filter, MatchOp, Options, Session};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The Graph schema fixture: the default user mapping, a scoping filter of two groups, a
/// disabled group mapping and the directories' definitions.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/graph-sync-schema.json")
}

fn fixture_json() -> Json {
    let text = std::fs::read_to_string(fixture()).expect("the fixture");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// Where the user mapping stands in the fixture.
const USERS: &str = "synchronizationRules[0].objectMappings[0]";

fn sync(name: &str) -> SyncRef<'_> {
    SyncRef { name, source: None }
}

/// `create sync "A to B"` of tenant A's Collab group.
fn a_to_b(s: &mut Session<'_>) {
    one(s, "create sync \"A to B\" from tenant A to tenant B");
    one(s, "assign group Collab to sync \"A to B\"");
}

fn config(s: &Session<'_>, name: &str) -> SyncConfig {
    s.sync(sync(name)).expect("the configuration").config
}

/// The fixture changed by `edit` (JSON pointer → value), written into `dir`.
fn variant(dir: &Path, name: &str, edits: &[(&str, Json)]) -> PathBuf {
    let mut doc = fixture_json();
    for (pointer, value) in edits {
        *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = value.clone();
    }
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

const MAPPINGS: &str = "/synchronizationRules/0/objectMappings/0/attributeMappings";
const GROUPS: &str = "/synchronizationRules/0/objectMappings/0/scope/groups";

/// The filter the fixture's scope means.
fn fixture_filter() -> Filter {
    Filter::Or(vec![
        Filter::And(vec![
            Filter::eq(Attr::Department, "R&D"),
            Filter::cmp(Attr::AccountEnabled, CmpOp::Eq, true),
        ]),
        Filter::And(vec![
            Filter::matching(Attr::JobTitle, MatchOp::EndsWith, "Manager"),
            Filter::ne(Attr::City, "Redmond"),
            Filter::is_not_null(Attr::EmployeeId),
        ]),
    ])
}

#[test]
fn the_default_schema_imports_as_the_default_mappings_with_its_filter() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    let before = config(&s, "A to B");
    let report: SyncImport = s.import_sync(sync("A to B"), &fixture()).unwrap();
    assert!(report.changed);
    assert_eq!((report.groups, report.mappings), (2, default_mappings().len()));
    let ignored: Vec<&str> = report.ignored.iter().map(|i| i.at.as_str()).collect();
    assert_eq!(ignored, ["synchronizationRules[0].objectMappings[1]", "directories"]);
    let after = config(&s, "A to B");
    assert_eq!(after.mappings, default_mappings());
    assert_eq!(after.filter, Some(fixture_filter()));
    assert!(after.actions.create && after.actions.update && after.actions.delete);
    // The job is the same job: its id, state, assignments and scope stay.
    assert_eq!(
        (after.id, &after.state, &after.groups),
        (before.id, &before.state, &before.groups)
    );
    // The same file again changes nothing.
    assert!(!s.import_sync(sync("A to B"), &fixture()).unwrap().changed);
}

#[test]
fn export_then_import_into_a_fresh_configuration_gives_the_same_configuration() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    s.import_sync(sync("A to B"), &fixture()).unwrap();
    one(
        &mut s,
        "set actions of sync \"A to B\" create on, update on, delete off",
    );
    one(
        &mut s,
        "map jobTitle of sync \"A to B\" to Coalesce(Join(\" \", [jobTitle], \"(Contoso)\"), \"Staff\") always",
    );
    let out = dir.path().join("schema.json");
    assert_eq!(
        s.export_sync(sync("A to B"), &out).unwrap(),
        default_mappings().len() + 1
    );
    one(&mut s, "create sync \"A to C\" from tenant A to tenant C");
    s.import_sync(sync("A to C"), &out).unwrap();
    let (a, c) = (config(&s, "A to B"), config(&s, "A to C"));
    assert_eq!((&a.filter, &a.mappings, a.actions), (&c.filter, &c.mappings, c.actions));
    // The file has Graph's shape: the default value and the flow types as Graph writes them.
    let written: Json = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let users = &written["synchronizationRules"][0]["objectMappings"][0];
    assert_eq!(users["flowTypes"], "Add, Update");
    let job = users["attributeMappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["targetAttributeName"] == "jobTitle")
        .unwrap();
    assert_eq!(job["defaultValue"], "Staff");
    assert_eq!(job["source"]["type"], "Function");
    assert_eq!(job["source"]["expression"], "Join(\" \", [jobTitle], \"(Contoso)\")");
    assert_eq!(users["attributeMappings"][0]["matchingPriority"], 1);
    // And exporting the copy writes the same bytes.
    let again = dir.path().join("again.json");
    s.export_sync(sync("A to C"), &again).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn an_import_keeps_the_job_state_and_links_and_makes_the_next_cycle_initial() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    one(&mut s, "start sync \"A to B\"");
    assert_eq!(s.run_sync(sync("A to B")).unwrap().created, 1);
    let before = config(&s, "A to B");
    assert!(!before.initial_next);
    s.import_sync(sync("A to B"), &fixture()).unwrap();
    let after = config(&s, "A to B");
    assert_eq!((&after.state, after.watermark), (&before.state, before.watermark));
    assert!(after.initial_next);
    // Annie (R&D, enabled) passes the first group: the next cycle keeps her, creates nothing.
    let summary = s.run_sync(sync("A to B")).unwrap();
    assert!(summary.initial);
    assert_eq!((summary.created, summary.deleted), (0, 0), "{summary:?}");
}

#[test]
fn explain_visibility_follows_the_imported_filter_and_its_null_rule() {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    one(
        &mut s,
        "create user sam@a.example in tenant A with displayName = \"Sam Field\", jobTitle = \"Sales Manager\", \
         employeeId = \"100099\"",
    );
    one(&mut s, "assign user sam@a.example to sync \"A to B\"");
    s.import_sync(sync("A to B"), &fixture()).unwrap();
    // Sam has no city: `city NOT EQUALS "Redmond"` is false on null, as cycles decide it.
    let (_, v) = s.explain_visibility("sam@a.example", "B").unwrap();
    assert_eq!(v.findable, Findable::Neither, "{v:?}");
    assert_eq!(
        v.first_broken().map(|f| (f.link, f.verdict)),
        Some((Link::ScopingFilter, Verdict::FilteredOut))
    );
    one(&mut s, "update user sam@a.example in tenant A set city = \"Oslo\"");
    let (_, v) = s.explain_visibility("sam@a.example", "B").unwrap();
    assert_ne!(v.first_broken().map(|f| f.link), Some(Link::ScopingFilter), "{v:?}");
}

#[test]
fn a_default_value_is_used_when_the_source_is_null() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    // The fixture's department mapping (the fourth after the identity) gets a default.
    let file = variant(
        dir.path(),
        "default.json",
        &[(&format!("{MAPPINGS}/4/defaultValue"), Json::from("Unassigned"))],
    );
    s.import_sync(sync("A to B"), &file).unwrap();
    let department = config(&s, "A to B")
        .mappings
        .into_iter()
        .find(|m| m.target == Attr::Department)
        .unwrap();
    assert_eq!(
        department,
        Mapping {
            target: Attr::Department,
            source: MappingSource::Expression("Coalesce([department], \"Unassigned\")".into()),
            apply: Apply::Always,
        }
    );
    one(&mut s, "clear scope filter of sync \"A to B\"");
    one(
        &mut s,
        "create user nod@a.example in tenant A with displayName = \"No Department\"",
    );
    one(&mut s, "assign user nod@a.example to sync \"A to B\"");
    one(&mut s, "start sync \"A to B\"");
    s.run_sync(sync("A to B")).unwrap();
    let copy = s.user("B", "nod_a.example#EXT#@b.example").unwrap();
    assert_eq!(copy.department.as_deref(), Some("Unassigned"));
}

/// Runs `import sync` of `file` and returns its error, checking that nothing changed.
fn refused(s: &mut Session<'_>, file: &Path) -> Error {
    let before = (fingerprint(s), config(s, "A to B"));
    let e = s.import_sync(sync("A to B"), file).unwrap_err();
    assert_eq!((fingerprint(s), config(s, "A to B")), before, "{e}");
    e
}

#[test]
fn unsupported_pieces_are_named_by_their_json_path_and_nothing_changes() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    let regex = serde_json::json!({"operatorName": "REGEX MATCH", "sourceOperandName": "mail",
        "targetOperand": {"values": ["^a.*"]}});
    let file = variant(
        dir.path(),
        "unsupported.json",
        &[
            (&format!("{GROUPS}/1/clauses/2"), regex),
            (&format!("{MAPPINGS}/1/flowBehavior"), Json::from("FlowAlways")),
            (&format!("{MAPPINGS}/18/matchingPriority"), Json::from(2)),
            (&format!("{MAPPINGS}/6/flowType"), Json::from("AttributeAddOnly")),
            (
                &format!("{MAPPINGS}/3/targetAttributeName"),
                Json::from("extensionAttribute1"),
            ),
            (
                "/synchronizationRules/0/objectMappings/0/scope/inputFilterGroups",
                serde_json::json!([{"name": "x", "clauses": []}]),
            ),
        ],
    );
    let e = refused(&mut s, &file);
    let Error::ImportUnsupported { path, pieces } = e.root() else {
        panic!("{e:?}")
    };
    assert_eq!(path, &file);
    let at: Vec<&str> = pieces.iter().map(|p| p.json_path.as_str()).collect();
    let expected = [
        format!("{USERS}.scope.groups[1].clauses[2].operatorName"),
        format!("{USERS}.scope.inputFilterGroups"),
        format!("{USERS}.attributeMappings[1].flowBehavior"),
        format!("{USERS}.attributeMappings[3].targetAttributeName"),
        format!("{USERS}.attributeMappings[6].flowType"),
        format!("{USERS}.attributeMappings[18].matchingPriority"),
    ];
    assert_eq!(at, expected);
}

#[test]
fn every_error_class_is_typed_and_leaves_the_database_as_it_was() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };

    // Not JSON: the line and column.
    let e = refused(
        &mut s,
        &write("syntax.json", "{\n  \"synchronizationRules\": [\n    }\n"),
    );
    assert!(
        matches!(e.root(), Error::Import { line: 3, message, .. } if message.contains("column")),
        "{e:?}"
    );

    // A wrong type: its JSON path.
    let file = variant(
        dir.path(),
        "type.json",
        &[("/synchronizationRules/0/objectMappings/0/flowTypes", Json::from(5))],
    );
    let e = refused(&mut s, &file);
    assert!(
        matches!(e.root(), Error::ImportJson { json_path, .. } if json_path == &format!("{USERS}.flowTypes")),
        "{e:?}"
    );

    // An expression that does not parse: its JSON path, the caret inside the expression.
    let broken = serde_json::json!({"expression": "Join(\" \", [givenName] [surname])", "name": "Join",
        "parameters": [], "type": "Function"});
    let file = variant(dir.path(), "expr.json", &[(&format!("{MAPPINGS}/5/source"), broken)]);
    let e = refused(&mut s, &file);
    let Error::ImportExpression {
        json_path, diagnostic, ..
    } = e.root()
    else {
        panic!("{e:?}")
    };
    assert_eq!(json_path, &format!("{USERS}.attributeMappings[5].source.expression"));
    assert_eq!((diagnostic.line, diagnostic.column), (1, 23), "{diagnostic}");

    // A value its attribute refuses: the clause's path.
    let file = variant(
        dir.path(),
        "value.json",
        &[(
            &format!("{GROUPS}/0/clauses/0"),
            serde_json::json!({"operatorName": "EQUALS",
            "sourceOperandName": "accountEnabled", "targetOperand": {"values": ["maybe"]}}),
        )],
    );
    let e = refused(&mut s, &file);
    assert!(
        matches!(e.root(), Error::ImportJson { json_path, .. } if json_path == &format!("{USERS}.scope.groups[0].clauses[0]")),
        "{e:?}"
    );

    // A constant its attribute never takes: the constant's path.
    let file = variant(
        dir.path(),
        "constant.json",
        &[(&format!("{MAPPINGS}/19/source/name"), Json::from("Contractor"))],
    );
    let e = refused(&mut s, &file);
    assert!(
        matches!(e.root(), Error::ImportJson { json_path, .. }
            if json_path == &format!("{USERS}.attributeMappings[19].source.name")),
        "{e:?}"
    );

    // A property given twice, no user mapping, a missing file, an unknown configuration.
    let e = refused(
        &mut s,
        &write(
            "twice.json",
            "{\"synchronizationRules\": [], \"synchronizationRules\": []}",
        ),
    );
    assert!(matches!(e.root(), Error::Import { .. }), "{e:?}");
    let file = variant(
        dir.path(),
        "nousers.json",
        &[("/synchronizationRules/0/objectMappings/0/enabled", Json::from(false))],
    );
    let e = refused(&mut s, &file);
    assert!(
        matches!(e.root(), Error::ImportJson { json_path, .. } if json_path == "synchronizationRules[0].objectMappings"),
        "{e:?}"
    );
    let e = refused(&mut s, &dir.path().join("missing.json"));
    assert!(matches!(e.root(), Error::Io { .. }), "{e:?}");
    let e = s.import_sync(sync("A to Z"), &fixture()).unwrap_err();
    assert!(matches!(e.root(), Error::NoSync { .. }), "{e:?}");
}

#[test]
fn only_the_source_tenants_administrator_or_the_operator_imports_and_exports() {
    let (dir, directory) = demo();
    let mut operator = directory.session();
    a_to_b(&mut operator);
    let mut b = directory.session();
    b.use_tenant("B").unwrap();
    let a = SyncRef {
        name: "A to B",
        source: Some("A"),
    };
    let e = b.import_sync(a, &fixture()).unwrap_err();
    assert!(
        matches!(
            e.root(),
            Error::Denied {
                action: Action::ManageSync,
                ..
            }
        ),
        "{e:?}"
    );
    let out = dir.path().join("b.json");
    let e = b.export_sync(a, &out).unwrap_err();
    assert!(
        matches!(
            e.root(),
            Error::Denied {
                action: Action::ReadSync,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!out.exists());
    let mut admin = directory.session();
    admin.use_tenant("A").unwrap();
    admin.import_sync(sync("A to B"), &fixture()).unwrap();
    admin.export_sync(sync("A to B"), &out).unwrap();
}

#[test]
fn without_files_neither_import_nor_export_opens_one() {
    let top = tempfile::tempdir().unwrap();
    let options = Options {
        files: FileAccess::None,
        ..Options::default()
    };
    let directory = Directory::open_with(top.path().join("org.redb"), options).unwrap();
    let mut s = directory.session();
    s.execute("demo").unwrap();
    a_to_b(&mut s);
    let e = s.import_sync(sync("A to B"), &fixture()).unwrap_err();
    assert!(matches!(e.root(), Error::FilesForbidden { .. }), "{e:?}");
    let out = top.path().join("out.json");
    let e = s.export_sync(sync("A to B"), &out).unwrap_err();
    assert!(matches!(e.root(), Error::FilesForbidden { .. }), "{e:?}");
    assert!(!out.exists());
}

#[test]
fn a_filter_with_not_cannot_be_exported() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    one(&mut s, "set scope filter of sync \"A to B\" to not city = \"Oslo\"");
    let out = dir.path().join("not.json");
    let e = s.export_sync(sync("A to B"), &out).unwrap_err();
    assert!(matches!(e.root(), Error::NotExportable { .. }), "{e:?}");
    assert!(!out.exists());
}

#[test]
fn the_statements_say_what_they_did() {
    let (dir, directory) = demo();
    let mut s = directory.session();
    a_to_b(&mut s);
    let said = text(
        &mut s,
        &format!("import sync \"A to B\" from \"{}\"", fixture().display()),
    );
    assert!(
        said.contains("a scoping filter of 2 groups, 20 attribute mappings"),
        "{said}"
    );
    assert!(
        said.contains("ignored: synchronizationRules[0].objectMappings[1]"),
        "{said}"
    );
    let out = dir.path().join("out.json");
    let said = text(&mut s, &format!("export sync \"A to B\" to \"{}\"", out.display()));
    assert!(said.contains("21 attribute mappings"), "{said}");
}

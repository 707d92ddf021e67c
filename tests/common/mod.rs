//! Helpers shared by the integration test crates: a demo directory in a temporary file, and
//! short ways to run statements and read their results.
//!
//! Every test crate uses a different subset of these helpers.
#![allow(dead_code)]

use mtodir::format::{Mode, render};
use mtodir::model::Attr;
use mtodir::{Directory, Error, Output, Rows, Session, Value};
use std::path::PathBuf;
use tempfile::TempDir;

/// A new, empty directory in a temporary folder (the folder lives as long as the `TempDir`).
pub fn empty() -> (TempDir, Directory) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let directory = Directory::open(dir.path().join("org.redb")).expect("open a new directory");
    (dir, directory)
}

/// A directory holding the seeds' sample organization (`demo`).
pub fn demo() -> (TempDir, Directory) {
    let (dir, directory) = empty();
    directory.session().execute("demo without sync").expect("demo loads");
    (dir, directory)
}

/// The demo's tenants, users and groups without its multitenant organization (nor the partner
/// configurations it brings), for tests that form an organization or read settings from
/// scratch.
pub fn demo_without_organization() -> (TempDir, Directory) {
    let (dir, directory) = empty();
    let script = mtodir::demo::SCRIPT;
    let cut = script
        .find("-- The multitenant organization")
        .expect("the demo forms an organization");
    directory
        .session()
        .execute_script(&script[..cut])
        .expect("the demo's people load");
    (dir, directory)
}

/// The path of the database file of `empty()` / `demo()`.
pub fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join("org.redb")
}

/// Runs `text` and returns the output of its last statement; panics on error.
pub fn one(session: &mut Session<'_>, text: &str) -> Output {
    let mut outputs = session.execute(text).unwrap_or_else(|e| panic!("`{text}` failed: {e}"));
    outputs.pop().unwrap_or_else(|| panic!("`{text}` returned nothing"))
}

/// Runs `text` (one statement returning rows, or a document shown as rows) and returns the
/// rows.
pub fn rows(session: &mut Session<'_>, text: &str) -> Rows {
    match one(session, text) {
        Output::Rows(r) | Output::Document { rows: r, .. } => r,
        other => panic!("`{text}` returned {other:?}, not rows"),
    }
}

/// The values of column `column` of the rows of `text`.
pub fn column(session: &mut Session<'_>, text: &str, column: &str) -> Vec<String> {
    let r = rows(session, text);
    assert!(
        r.columns.iter().any(|c| c == column),
        "`{text}` has no column {column}: {:?}",
        r.columns
    );
    r.strings(column)
}

/// The mails of the rows of a `search people` / `search address list` statement.
pub fn mails(session: &mut Session<'_>, text: &str) -> Vec<String> {
    column(session, text, "mail")
}

/// The UPNs of the rows of a `find users` statement.
pub fn upns(session: &mut Session<'_>, text: &str) -> Vec<String> {
    column(session, text, "userPrincipalName")
}

/// The number a `count` statement returns.
pub fn count(session: &mut Session<'_>, text: &str) -> u64 {
    match one(session, text) {
        Output::Count(n) => n,
        other => panic!("`{text}` returned {other:?}, not a count"),
    }
}

/// The message or text a statement returns.
pub fn text(session: &mut Session<'_>, text: &str) -> String {
    match one(session, text) {
        Output::Message(m) | Output::Text(m) => m,
        other => panic!("`{text}` returned {other:?}, not a message or text"),
    }
}

/// The error of `text`, which must fail.
pub fn error(session: &mut Session<'_>, text: &str) -> Error {
    match session.execute(text) {
        Ok(outputs) => panic!("`{text}` should fail, but returned {outputs:?}"),
        Err(e) => e,
    }
}

/// `show user UPN in tenant T` as (column, value) pairs.
pub fn user(session: &mut Session<'_>, upn: &str, tenant: &str) -> Vec<(String, String)> {
    let r = rows(session, &format!("show user \"{upn}\" in tenant {tenant}"));
    assert_eq!(r.rows.len(), 1, "show user returns one row");
    r.columns
        .iter()
        .cloned()
        .zip(r.rows[0].iter().map(|v| v.to_string()))
        .collect()
}

/// One property of `show user`.
pub fn property(session: &mut Session<'_>, upn: &str, tenant: &str, name: &str) -> String {
    user(session, upn, tenant)
        .into_iter()
        .find(|(c, _)| c == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("show user has no property {name}"))
}

/// `fields …` naming every attribute, for listings that must show everything.
pub fn all_fields() -> String {
    Attr::stored().iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

/// `text` as an MTOQL string literal (quotes and backslashes escaped).
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Everything a reader can observe of the directory, as text: the tenants, every user of
/// every tenant with every attribute, the groups and their members, the counts of the three
/// views and of a few typeahead and equality postings, each tenant's access settings (its
/// default and every partner configuration, in Graph's JSON), its organization (as it sees
/// it) and its change feed. Two equal fingerprints mean that no query of these kinds can tell
/// the states apart.
pub fn fingerprint(session: &mut Session<'_>) -> String {
    fingerprint_of(session, false)
}

/// Columns whose values differ between two runs of the same statements: GUIDs made at
/// creation, and clocks.
const VOLATILE: &[&str] = &[
    "id",
    "createdDateTime",
    "deletedDateTime",
    "addedDateTime",
    "joinedDateTime",
    "created",
    "at",
];

/// `rows` with the values of [`VOLATILE`] columns (and of changes to such properties) masked.
fn masked(mut r: Rows) -> Rows {
    let at = |name: &str| r.columns.iter().position(|c| c == name);
    let volatile: Vec<usize> = VOLATILE.iter().filter_map(|c| at(c)).collect();
    let (property, old, new) = (at("property"), at("old"), at("new"));
    for row in &mut r.rows {
        for &i in &volatile {
            row[i] = Value::str("*");
        }
        if let (Some(p), Some(o), Some(n)) = (property, old, new) {
            if VOLATILE.contains(&row[p].to_string().as_str()) {
                row[o] = Value::str("*");
                row[n] = Value::str("*");
            }
        }
    }
    r
}

/// [`fingerprint`] of what two runs of the same statements from the same file share (GUIDs
/// and times masked), with every tenant's change feed: two runs that end in the same state
/// have equal stable fingerprints.
pub fn stable_fingerprint(session: &mut Session<'_>) -> String {
    fingerprint_of(session, true)
}

fn fingerprint_of(session: &mut Session<'_>, stable: bool) -> String {
    let mut out = String::new();
    let tenants = rows(session, "show tenants");
    let tenants = if stable { masked(tenants) } else { tenants };
    out.push_str(&render(&Output::Rows(tenants.clone()), Mode::Json));
    for handle in tenants.strings("handle") {
        out.push_str(&tenant_fingerprint_of(session, &handle, stable));
    }
    out
}

/// The fingerprint of each tenant, by handle (the session must be able to read them all).
pub fn fingerprints(session: &mut Session<'_>) -> std::collections::BTreeMap<String, String> {
    rows(session, "show tenants")
        .strings("handle")
        .into_iter()
        .map(|h| {
            let f = tenant_fingerprint(session, &h);
            (h, f)
        })
        .collect()
}

/// Everything a reader can observe of one tenant (see [`fingerprint`]).
pub fn tenant_fingerprint(session: &mut Session<'_>, handle: &str) -> String {
    tenant_fingerprint_of(session, handle, false)
}

fn tenant_fingerprint_of(session: &mut Session<'_>, handle: &str, stable: bool) -> String {
    let read = |session: &mut Session<'_>, text: &str| {
        let r = rows(session, text);
        if stable { masked(r) } else { r }
    };
    let mut out = String::new();
    let fields = all_fields();
    let t = format!("tenant {}", quoted(handle));
    for statement in [
        format!("find users in {t} order by userPrincipalName limit 100000 fields {fields}"),
        format!("search people in {t} limit 100000"),
        format!("search address list in {t} limit 100000"),
        format!("show groups in {t}"),
    ]
    .into_iter()
    .chain(stable.then(|| format!("show changes in {t}")))
    {
        let r = read(session, &statement);
        out.push_str(&format!("\n{statement}\n{}", render(&Output::Rows(r), Mode::Json)));
    }
    for group in read(session, &format!("show groups in {t}")).strings("displayName") {
        let statement = format!("show group {} in {t}", quoted(&group));
        let r = read(session, &statement);
        out.push_str(&format!("\n{statement}\n{}", render(&Output::Rows(r), Mode::Json)));
    }
    for view in ["people", "address list", "users"] {
        for filter in [
            "",
            " for \"a\"",
            " for \"b\"",
            " for \"bar\"",
            " for \"barb\"",
            " for \"jo\"",
            " where department = \"Sales\"",
            " where userType = Guest",
            " where isSoftDeleted = true",
            " where source = b2b",
        ] {
            let statement = format!("count {view} in {t}{filter}");
            let n = count(session, &statement);
            out.push_str(&format!("\n{statement} = {n}"));
        }
    }
    for statement in [
        format!("show access for {t}"),
        format!("show organization as {t}"),
        format!("show changes in {t}"),
    ] {
        // Stable fingerprints compare runs made at other times: their rows, masked.
        let shown = |o: Output| match (stable, o.rows()) {
            (true, Some(r)) => render(&Output::Rows(masked(r.clone())), Mode::Json),
            _ => render(&o, Mode::Json),
        };
        let answer = match session.execute(&statement) {
            Ok(mut outputs) => outputs.pop().map_or_else(String::new, shown),
            Err(e) if matches!(e.root(), Error::NotInOrganization(_)) => "(in no organization)".to_owned(),
            Err(e) => panic!("`{statement}` failed: {e}"),
        };
        out.push_str(&format!("\n{statement}\n{answer}"));
    }
    out.push_str(&sync_fingerprint(session, handle, stable));
    out
}

/// Users and groups of every tenant by id, as `UPN` / `group NAME of tenant T`: links, logs
/// and assignments named so that two runs (whose new objects have other ids) compare.
fn names_by_id(session: &mut Session<'_>) -> std::collections::HashMap<uuid::Uuid, String> {
    let mut names = std::collections::HashMap::new();
    for handle in rows(session, "show tenants").strings("handle") {
        let t = format!("tenant {}", quoted(&handle));
        let users = rows(
            session,
            &format!("find users in {t} limit 100000 fields id, userPrincipalName"),
        );
        let groups = rows(session, &format!("show groups in {t}"));
        for (r, column, prefix) in [(&users, "userPrincipalName", ""), (&groups, "displayName", "group ")] {
            let (id, name) = (r.strings("id"), r.strings(column));
            for (id, name) in id.iter().zip(name) {
                if let Ok(id) = id.parse() {
                    names.insert(id, format!("{prefix}{name} of tenant {handle}"));
                }
            }
        }
    }
    names
}

/// The synchronization configurations of one source tenant: each configuration, its links
/// (source user → target user) and its provisioning log. Stable fingerprints name objects
/// instead of giving their ids, and mask the cycles' ids and clocks.
pub fn sync_fingerprint(session: &mut Session<'_>, handle: &str, stable: bool) -> String {
    let views = session
        .syncs(Some(handle))
        .unwrap_or_else(|e| panic!("the syncs of tenant {handle}: {e}"));
    if views.is_empty() {
        return String::new();
    }
    let names = names_by_id(session);
    let name = |id: &uuid::Uuid| {
        names.get(id).cloned().unwrap_or_else(|| {
            if stable {
                "(gone)".to_owned()
            } else {
                format!("(gone: {id})")
            }
        })
    };
    let mut out = String::new();
    for v in views {
        let mut c = v.config.clone();
        let (users, groups, staged): (Vec<String>, Vec<String>, Vec<String>) = (
            c.users.iter().map(&name).collect(),
            c.groups.iter().map(&name).collect(),
            c.staged.iter().map(&name).collect(),
        );
        if stable {
            c.id = uuid::Uuid::nil();
            c.created = Default::default();
            c.users.clear();
            c.groups.clear();
            c.staged.clear();
            if let Some(l) = c.last_cycle.as_mut() {
                l.id = uuid::Uuid::nil();
                l.at = Default::default();
            }
        }
        out.push_str(&format!(
            "\nsync {:?} of tenant {handle}: {c:?}\n  users {users:?}\n  groups {groups:?}\n  staged {staged:?}",
            c.name
        ));
        // Links are records of the file; the operator reads them from a snapshot.
        if let Ok(tables) = session.snapshot() {
            let mut links: Vec<String> = tables
                .sync_links(&v.config.id)
                .unwrap_or_else(|e| panic!("the links of sync {:?}: {e}", c.name))
                .iter()
                .map(|(source, target)| format!("{} -> {}", name(source), name(target)))
                .collect();
            links.sort();
            out.push_str(&format!("\n  links {links:?}"));
        }
        let r = mtodir::api::SyncRef {
            name: &v.config.name,
            source: Some(handle),
        };
        let logs = session
            .provisioning_logs(Some(r))
            .unwrap_or_else(|e| panic!("the logs of sync {:?}: {e}", c.name));
        let mut logs: Vec<_> = logs.into_iter().map(|(_, e)| e).collect();
        logs.sort_by_key(|e| e.seq);
        for mut e in logs {
            let (source, target) = (
                e.source.take().map(|(id, upn)| format!("{upn} ({})", name(&id))),
                e.target.take().map(|(id, upn)| format!("{upn} ({})", name(&id))),
            );
            if stable {
                e.cycle_id = uuid::Uuid::nil();
                e.change_id = uuid::Uuid::nil();
                e.job_id = uuid::Uuid::nil();
                e.at = Default::default();
            }
            out.push_str(&format!("\n  log {e:?} source {source:?} target {target:?}"));
        }
    }
    out
}

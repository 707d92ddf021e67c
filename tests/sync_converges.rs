//! Incremental synchronization converges: whatever happens to the source and the
//! configuration between cycles, one more cycle leaves the target as one initial cycle from
//! scratch would.
//!
//! # The property
//!
//! On the demo (whose organization already allows synchronization between A, B and C), a
//! configuration "A to B" (assigned: group Collab) is started and run. A random sequence then
//! mixes source-user changes in A (create, update of mapped attributes and of the manager,
//! disable/enable, delete, restore, purge, group membership), scope changes (assign/unassign
//! users and groups, scope all/assigned, scoping filter set/cleared), mapping changes (always
//! mappings only) and cycles (`run sync`). After the sequence, one more cycle runs, and the
//! *incremental state* is read.
//!
//! # The reference
//!
//! The reference is the same file, same final source and same configuration, provisioned
//! from scratch: every B2B user of B whose home is A is deleted and purged, `restart sync
//! "A to B" full` forgets the links, and one initial cycle runs. Purging the copies removes
//! everything the incremental history left behind, so this is exactly "one initial cycle on
//! a copy of the final source", without building a second file.
//!
//! # What is compared
//!
//! For every *live* (not soft-deleted) B2B user of A in B: its UPN, userType, accountEnabled,
//! showInAddressList, its manager (by UPN), and every attribute the final configuration maps
//! `always`. The live copies must be exactly the reference's users, and every value the
//! reference holds must be the copy's. Documented semantics that legitimately differ from
//! "from scratch" are not compared as values:
//! - a user that left scope keeps a soft-deleted copy only in the incremental history
//!   (checked instead: every soft-deleted copy is of a user the reference does not
//!   provision);
//! - a disabled home user that leaves scope has its copy disabled, not soft-deleted
//!   (LANGUAGE.md: "disabled users are disabled, not deleted"), so the incremental state may
//!   hold live, disabled copies the reference lacks;
//! - a mapping that evaluates to null provisions nothing (`src/sync/map.rs`), so where the
//!   reference has no value (an attribute cleared at home, a manager cleared, out of scope or
//!   soft-deleted), the incremental copy may keep the value it had; the reference's non-null
//!   values are all compared but those a create filled in as defaults for a value cleared at
//!   home (a display name made of the given name and surname);
//! - a user the target refuses (department Sales while the `userType` mapping gives it
//!   "Contractor") is not created from scratch, but keeps the copy it had incrementally (a
//!   refused update writes nothing);
//! - a mapping applied on create only, or removed, leaves old values (the sequence never adds
//!   on-create mappings, and only attributes mapped always at the end are compared).
//!
//! No Guest is ever invited, so no match keeps a Guest.
//!
//! Runs `SYNC_CONVERGE_CASES` sequences (16 by default), from a fixed seed.

mod common;

use common::{demo, one, upns};
use mtodir::Session;
use mtodir::api::SyncRef;
use mtodir::model::Attr;
use mtodir::model::Value;
use mtodir::model::sync::Apply;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::collections::BTreeMap;

/// The source users the sequences pick from: demo users (with a management chain) and
/// users the sequences create.
const USERS: &[&str] = &[
    "annie@a.example",
    "mei.chen@a.example",
    "joanna.whitfield@a.example",
    "jose.garcia@a.example",
    "zoe.vanderberg@a.example",
    "anna.lindqvist@a.example",
    "charles.okafor@a.example",
    "lukasz.kowalski@a.example",
    "new0@a.example",
    "new1@a.example",
    "new2@a.example",
];
const GROUPS: &[&str] = &["Collab", "Team"];
const SYNC: SyncRef<'static> = SyncRef {
    name: "A to B",
    source: Some("A"),
};
const FILTERS: &[&str] = &[
    "department = \"R&D\"",
    "jobTitle starts with \"Lead\" or city = \"Seattle\"",
    "department != \"Sales\"",
    "accountEnabled = true",
];
const MAPPINGS: &[&str] = &[
    "map jobTitle of sync \"A to B\" to Join(\" \", [jobTitle], \"(A)\") always",
    "map jobTitle of sync \"A to B\" to [jobTitle] always",
    "map userType of sync \"A to B\" to \"Member\" always",
    REFUSES_SALES,
    "map department of sync \"A to B\" to ToUpper([department]) always",
    "map city of sync \"A to B\" to [city] always",
    "unmap city of sync \"A to B\"",
];
/// A mapping B refuses for the users of department Sales ("Contractor" is no user type):
/// their creates and updates fail, the others go on.
const REFUSES_SALES: &str =
    "map userType of sync \"A to B\" to Switch([department], \"Member\", \"Sales\", \"Contractor\") always";
const TEXT: &[&str] = &["jobTitle", "department", "city", "displayName"];
const VALUES: &[&str] = &["\"Lead Engineer\"", "\"R&D\"", "\"Sales\"", "\"Seattle\"", "null"];

#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    Set(usize, usize, usize),
    Enable(usize, bool),
    Manager(usize, Option<usize>),
    Delete(usize),
    Restore(usize),
    Purge(usize),
    Member(usize, usize, bool),
    Assign(usize, bool),
    AssignGroup(usize, bool),
    ScopeAll(bool),
    Filter(Option<usize>),
    Map(usize),
    Run,
}

impl Op {
    /// The statement, and whether it may be refused (a source change that does not apply to
    /// the user's current state: restoring a live user, creating an existing one, …).
    fn statement(&self) -> (String, bool) {
        let u = |i: usize| USERS[i];
        let s = match self {
            Op::Create(k) => format!(
                "create user new{k}@a.example in tenant A with displayName = \"New {k}\", department = \"R&D\", jobTitle = \"Lead {k}\", city = \"Seattle\""
            ),
            Op::Set(i, a, v) => format!("update user {} in tenant A set {} = {}", u(*i), TEXT[*a], VALUES[*v]),
            Op::Enable(i, on) => format!("update user {} in tenant A set accountEnabled = {on}", u(*i)),
            Op::Manager(i, m) => format!(
                "update user {} in tenant A set manager = {}",
                u(*i),
                m.map_or("null".to_owned(), |m| u(m).to_owned())
            ),
            Op::Delete(i) => format!("delete user {} in tenant A", u(*i)),
            Op::Restore(i) => format!("restore user {} in tenant A", u(*i)),
            Op::Purge(i) => format!("purge user {} in tenant A", u(*i)),
            Op::Member(i, g, true) => format!("add user {} to group {} in tenant A", u(*i), GROUPS[*g]),
            Op::Member(i, g, false) => format!("remove user {} from group {} in tenant A", u(*i), GROUPS[*g]),
            Op::Assign(i, true) => format!("assign user {} to sync \"A to B\"", u(*i)),
            Op::Assign(i, false) => format!("unassign user {} from sync \"A to B\"", u(*i)),
            Op::AssignGroup(g, true) => format!("assign group {} to sync \"A to B\"", GROUPS[*g]),
            Op::AssignGroup(g, false) => format!("unassign group {} from sync \"A to B\"", GROUPS[*g]),
            Op::ScopeAll(true) => "set scope of sync \"A to B\" to all users".to_owned(),
            Op::ScopeAll(false) => "set scope of sync \"A to B\" to assigned".to_owned(),
            Op::Filter(Some(f)) => format!("set scope filter of sync \"A to B\" to {}", FILTERS[*f]),
            Op::Filter(None) => "clear scope filter of sync \"A to B\"".to_owned(),
            Op::Map(m) => MAPPINGS[*m].to_owned(),
            Op::Run => "run sync \"A to B\"".to_owned(),
        };
        let refusable = !matches!(
            self,
            Op::ScopeAll(_) | Op::Filter(_) | Op::Map(_) | Op::Run | Op::AssignGroup(..)
        );
        (s, refusable)
    }
}

fn op() -> impl Strategy<Value = Op> {
    let n = USERS.len();
    prop_oneof![
        1 => (0..3usize).prop_map(Op::Create),
        4 => (0..n, 0..TEXT.len(), 0..VALUES.len()).prop_map(|(i, a, v)| Op::Set(i, a, v)),
        1 => (0..n, any::<bool>()).prop_map(|(i, on)| Op::Enable(i, on)),
        1 => (0..n, proptest::option::of(0..n)).prop_map(|(i, m)| Op::Manager(i, m)),
        1 => (0..n).prop_map(Op::Delete),
        1 => (0..n).prop_map(Op::Restore),
        1 => (0..n).prop_map(Op::Purge),
        2 => (0..n, 0..GROUPS.len(), any::<bool>()).prop_map(|(i, g, on)| Op::Member(i, g, on)),
        1 => (0..n, any::<bool>()).prop_map(|(i, on)| Op::Assign(i, on)),
        1 => (0..GROUPS.len(), any::<bool>()).prop_map(|(g, on)| Op::AssignGroup(g, on)),
        1 => any::<bool>().prop_map(Op::ScopeAll),
        1 => proptest::option::of(0..FILTERS.len()).prop_map(Op::Filter),
        1 => (0..MAPPINGS.len()).prop_map(Op::Map),
        4 => Just(Op::Run),
    ]
}

/// What is compared of one target user (see the module comment).
type Target = BTreeMap<String, Value>;

/// The configuration "A to B" as it is now.
fn a_to_b(s: &Session<'_>) -> mtodir::model::sync::SyncConfig {
    s.sync(SYNC).unwrap().config
}

/// The B2B users of A in B: UPN → (soft-deleted, compared values).
fn targets(s: &mut Session<'_>) -> BTreeMap<String, (bool, Target)> {
    let config = a_to_b(s);
    let mut columns = vec![
        Attr::UserPrincipalName,
        Attr::IsSoftDeleted,
        Attr::UserType,
        Attr::AccountEnabled,
        Attr::ShowInAddressList,
        Attr::Manager,
    ];
    for m in &config.mappings {
        if m.apply == Apply::Always && !columns.contains(&m.target) {
            columns.push(m.target);
        }
    }
    let mut out = BTreeMap::new();
    for upn in upns(
        s,
        "find users in tenant B where homeTenant = A order by userPrincipalName limit 100000",
    ) {
        let row = s.user_row("B", &upn, &columns).unwrap();
        let values: Target = row.columns.iter().cloned().zip(row.rows[0].iter().cloned()).collect();
        let deleted = values["isSoftDeleted"] == Value::Bool(true);
        out.insert(upn, (deleted, values));
    }
    out
}

/// Attributes a create fills in when the home value is null (`User::apply_defaults`).
const DEFAULTED: &[&str] = &["displayName", "mail", "mailNickname"];

/// The home UPN of a B2B UPN of B (`jose.garcia_a.example#EXT#@b.example`).
fn home_upn(b2b: &str) -> String {
    let local = b2b.strip_suffix("#EXT#@b.example").unwrap_or(b2b);
    match local.rsplit_once('_') {
        Some((name, domain)) => format!("{name}@{domain}"),
        None => local.to_owned(),
    }
}

/// The B2B UPNs in B of the users of A whose copy B refuses under the final configuration
/// (department Sales, while [`REFUSES_SALES`] maps `userType`).
fn refused_now(s: &mut Session<'_>) -> Vec<String> {
    let config = a_to_b(s);
    let refusing = config
        .mappings
        .iter()
        .any(|m| m.target == Attr::UserType && REFUSES_SALES.contains(&format!("to {} always", source_text(m))));
    if !refusing {
        return Vec::new();
    }
    upns(s, "find users in tenant A where department = \"Sales\" limit 100000")
        .into_iter()
        .map(|upn| format!("{}#EXT#@b.example", upn.replace('@', "_")))
        .collect()
}

/// A mapping's source as `map` writes it.
fn source_text(m: &mtodir::model::sync::Mapping) -> String {
    match &m.source {
        mtodir::model::sync::MappingSource::Direct(a) => format!("[{a}]"),
        mtodir::model::sync::MappingSource::Constant(t) => format!("\"{t}\""),
        mtodir::model::sync::MappingSource::Expression(t) => t.clone(),
    }
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let (_dir, directory) = demo();
    let mut s = directory.session();
    for statement in [
        "create group Team in tenant A",
        "add user mei.chen@a.example to group Team in tenant A",
        "create sync \"A to B\" from tenant A to tenant B",
        "assign group Collab to sync \"A to B\"",
        "start sync \"A to B\"",
        "run sync \"A to B\"",
    ] {
        one(&mut s, statement);
    }
    for op in ops {
        let (statement, refusable) = op.statement();
        match s.execute(&statement) {
            Ok(_) => {}
            Err(e) if refusable && e.root().is_refusal() => {}
            Err(e) => return Err(TestCaseError::fail(format!("`{statement}` failed: {e}"))),
        }
    }
    one(&mut s, "run sync \"A to B\"");
    let incremental = targets(&mut s);
    // The reference: the same final source, provisioned from scratch.
    for upn in incremental.keys() {
        let (deleted, _) = &incremental[upn];
        if !deleted {
            one(&mut s, &format!("delete user \"{upn}\" in tenant B"));
        }
        one(&mut s, &format!("purge user \"{upn}\" in tenant B"));
    }
    one(&mut s, "restart sync \"A to B\" full");
    let summary = s.run_sync(SYNC).unwrap();
    prop_assert!(summary.initial);
    let scratch = targets(&mut s);
    prop_assert!(
        scratch.values().all(|(deleted, _)| !deleted),
        "from scratch, nothing is soft-deleted"
    );
    // A disabled home user that leaves scope keeps a disabled copy ("disabled users are
    // disabled, not deleted"), and a user the target refuses now keeps the copy it had (a
    // refused update writes nothing): the only live copies the reference may lack.
    let disabled = |v: &Target| v["accountEnabled"] == Value::Bool(false);
    let refused = refused_now(&mut s);
    let live: Vec<&String> = incremental
        .iter()
        .filter(|(u, (d, v))| !d && (scratch.contains_key(*u) || !(disabled(v) || refused.contains(*u))))
        .map(|(u, _)| u)
        .collect();
    let reference: Vec<&String> = scratch.keys().collect();
    prop_assert_eq!(live, reference, "the live copies are the users in scope");
    let mut differences = Vec::new();
    for (upn, (_, expected)) in &scratch {
        let (_, actual) = &incremental[upn];
        let home = s.user("A", &home_upn(upn)).unwrap();
        for (attr, value) in expected {
            // A null mapping provisions nothing: the incremental copy may keep an old value.
            // So does a home value cleared where a create fills in a default (the display
            // name from the given name and surname): the reference's value is that default.
            let defaulted =
                DEFAULTED.contains(&attr.as_str()) && Attr::lookup(attr).is_some_and(|a| home.get(a) == Value::Null);
            if *value != Value::Null && !defaulted && actual.get(attr) != Some(value) {
                differences.push(format!("{upn} {attr}: {:?}, from scratch {value:?}", actual.get(attr)));
            }
        }
    }
    prop_assert!(differences.is_empty(), "{}", differences.join("\n"));
    // Soft-deleted copies are of users the reference does not provision.
    for (upn, (deleted, _)) in &incremental {
        if *deleted {
            prop_assert!(!scratch.contains_key(upn), "{} is soft-deleted but in scope", upn);
        }
    }
    Ok(())
}

#[test]
fn incremental_cycles_converge_to_the_initial_cycle_of_the_final_source() {
    let cases = std::env::var("SYNC_CONVERGE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(12),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    runner
        .run(&proptest::collection::vec(op(), 1..40), |ops| run(&ops))
        .unwrap();
}

//! Tenant isolation, by property: random sequences of statements of every family (from the
//! fuzzer's generator: the organization's, access settings' and synchronization's too), run by
//! the administrator of a random tenant in a confined session, and random sequences of typed
//! API calls, on the demo with its organization and two started synchronizations. Whatever
//! they do, nothing outside that tenant changes but what the rules allow (see
//! `Pristine::others_unchanged`: copies of its own users written by its synchronizations, its
//! partner configuration there, the organization they share), nothing outside it is returned
//! (no other tenant's user or group ids, no user principal name of another tenant's domains
//! but copies of its own users, no other tenant's handle; `check organization` shows the
//! organization's collaborating users to every member by design), and every refusal is
//! `Error::Denied` (naming a tenant that does not exist too, so that no answer tells which
//! tenants exist).
//!
//! `MTODIR_ISOLATION_CASES=2000 cargo test --release --test isolation` runs longer.

mod common;
mod fuzzgen;

use fuzzgen::grammar::Grammar;
use mtodir::format::{Mode, render};
use mtodir::lang::ast::{
    AccessStmt, AuditStmt, GroupStmt, InterchangeStmt, Name, OrgStmt, QueryStmt, SessionStmt, ShellStmt, Statement,
    SyncStmt, TenantStmt, UserStmt,
};
use mtodir::model::{Attr, NewUser, Value};
use mtodir::{Action, Batch, Directory, Error, FileAccess, Filter, Options, Output, Search, SearchKind, Session};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const TENANTS: [&str; 3] = ["A", "B", "C"];

/// The demo, once, with what each tenant looks like and what belongs to it.
struct Pristine {
    _dir: tempfile::TempDir,
    path: PathBuf,
    fingerprints: BTreeMap<String, String>,
    /// Per (tenant, acting tenant): what the acting tenant may not change there
    /// ([`view_of`]).
    views: BTreeMap<(String, String), String>,
    /// Per tenant: how many changes its feed holds.
    feeds: BTreeMap<String, usize>,
    /// Per tenant: the ids of its users, groups and itself.
    ids: BTreeMap<String, BTreeSet<String>>,
    /// Per tenant: its verified domains.
    domains: BTreeMap<String, Vec<String>>,
    /// Per tenant: the text of every user with every attribute (ids of other tenants that
    /// appear in it, as B2B links do, are its own data).
    own_text: BTreeMap<String, String>,
    vocab: fuzzgen::grammar::Vocab,
}

impl Pristine {
    fn new() -> Pristine {
        // The demo with its organization (partner configurations both ways) and two
        // synchronizations, so that joins, shares and cycles reach other tenants for real.
        let (dir, directory) = common::demo();
        let mut s = directory.session();
        common::one(
            &mut s,
            "create sync \"A to B\" from tenant A to tenant B scope all users; start sync \"A to B\";
             create sync \"B to C\" from tenant B to tenant C scope assigned;
             assign group Collab to sync \"B to C\"; start sync \"B to C\"",
        );
        let fingerprints = common::fingerprints(&mut s);
        let feeds = TENANTS
            .iter()
            .map(|t| {
                let n = common::rows(&mut s, &format!("show changes in tenant {t} limit 100000"))
                    .rows
                    .len();
                (t.to_string(), n)
            })
            .collect();
        let mut views = BTreeMap::new();
        for other in TENANTS {
            for own in TENANTS.iter().filter(|t| **t != other) {
                views.insert((other.to_owned(), own.to_string()), view_of(&mut s, other, own));
            }
        }
        let (mut ids, mut domains, mut own_text) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for summary in s.tenants().unwrap() {
            let h = summary.tenant.handle.clone();
            let mut set: BTreeSet<String> =
                common::rows(&mut s, &format!("find users in tenant {h} limit 1000 fields id"))
                    .strings("id")
                    .into_iter()
                    .collect();
            // Tenant ids are not secret among the organization's members: partner
            // configurations and the organization name them by design.
            set.extend(common::rows(&mut s, &format!("show groups in tenant {h}")).strings("id"));
            ids.insert(h.clone(), set);
            domains.insert(h.clone(), summary.tenant.domains.clone());
            let all = common::rows(
                &mut s,
                &format!("find users in tenant {h} limit 1000 fields {}", common::all_fields()),
            );
            own_text.insert(h, render(&Output::Rows(all), Mode::Json));
        }
        let vocab = fuzzgen::vocabulary(&mut s);
        drop(s);
        let path = common::db_path(&dir);
        drop(directory);
        Pristine {
            _dir: dir,
            path,
            fingerprints,
            views,
            feeds,
            ids,
            domains,
            own_text,
            vocab,
        }
    }

    /// A fresh copy of the demo, in `dir`; statements open files in `dir/files` only.
    fn copy(&self, dir: &Path) -> Directory {
        let path = dir.join("case.redb");
        std::fs::copy(&self.path, &path).unwrap();
        let files = dir.join("files");
        std::fs::create_dir(&files).unwrap();
        let options = Options {
            files: FileAccess::Within(files),
            ..Options::default()
        };
        Directory::open_with(path, options).unwrap()
    }

    /// Fails unless every tenant but `own` is as in the demo, but for what `own`'s
    /// administrator may change there by design: B2B users whose home is `own`, written by
    /// `own`'s synchronizations (their users, and change-feed entries whose actor is such a
    /// synchronization and whose subject is such a user), the partner configuration for `own`
    /// (joining or leaving writes both ways, and the feed records it), and the organization
    /// `own` is a member of. Everything
    /// else (every other user, every group and its members, every other partner
    /// configuration and the default, the tenant's own synchronizations, their links and
    /// logs, the rest of the feed) must be exactly as it was.
    fn others_unchanged(&self, directory: &Directory, own: &str) -> Result<(), TestCaseError> {
        let mut op = directory.session();
        for (handle, before) in &self.fingerprints {
            if handle == own || common::tenant_fingerprint(&mut op, handle) == *before {
                continue;
            }
            let now = view_of(&mut op, handle, own);
            let then = &self.views[&(handle.clone(), own.to_owned())];
            prop_assert!(
                &now == then,
                "tenant {handle} changed beyond what {own}'s administrator may change there:\n{}",
                first_difference(then, &now)
            );
            // The feed: the demo's entries, then only those of `own`'s synchronizations on
            // users homed in `own`.
            let feed = common::rows(&mut op, &format!("show changes in tenant {handle} limit 100000"));
            let mut copies = BTreeSet::new();
            for deleted in ["false", "true"] {
                copies.extend(common::upns(
                    &mut op,
                    &format!(
                        "find users in tenant {handle} where source = b2b and homeTenant = {own} and isSoftDeleted = {deleted} limit 100000"
                    ),
                ));
            }
            let (actor, subject, name) = (feed.strings("actor"), feed.strings("subject"), feed.strings("name"));
            let property = feed.strings("property");
            let known = self.feeds[handle];
            let admin = format!("administrator of tenant {own}");
            let rows = actor.iter().zip(&subject).zip(&name).zip(&property);
            for (((a, sub), n), p) in rows.skip(known) {
                // Only the acting tenant's syncs write copies of its users (its syncs may
                // since have been deleted or renamed).
                let copy = a.starts_with("sync \"") && copies.contains(n);
                // Its partner configuration for `own`, and (an owner adding or removing a
                // member) whether a partner is in the organization.
                let partner = *a == admin
                    && sub == "access"
                    && (*n == format!("partner {own}") || p == "isInMultiTenantOrganization");
                // The organization they share, which each member's feed records.
                let organization = *a == admin && sub == "organization";
                prop_assert!(
                    copy || partner || organization,
                    "tenant {handle}'s feed has a change by {a} of {sub} {n} while {own}'s administrator acted (copies of its users there: {copies:?})"
                );
            }
        }
        Ok(())
    }

    /// Fails if `text` (an answer to `own`'s administrator) holds another tenant's ids.
    fn no_foreign_ids(&self, own: &str, text: &str) -> Result<(), TestCaseError> {
        for (handle, ids) in &self.ids {
            if handle == own {
                continue;
            }
            for id in ids {
                let theirs = !self.own_text[own].contains(id.as_str());
                prop_assert!(
                    !(theirs && text.contains(id.as_str())),
                    "tenant {handle}'s id {id} reached {own}: {text}"
                );
            }
        }
        Ok(())
    }

    /// Fails if an answer's rows name another tenant's users or the tenant itself.
    fn own_rows(&self, own: &str, output: &Output) -> Result<(), TestCaseError> {
        self.no_foreign_ids(own, &render(output, Mode::Json))?;
        let Output::Rows(rows) = output else { return Ok(()) };
        for column in ["userPrincipalName", "user"] {
            for upn in rows.strings(column).iter().filter(|u| u.contains('@')) {
                let domain = upn.rsplit('@').next().unwrap_or_default().to_lowercase();
                // A copy of one of `own`'s users elsewhere (`annie_a.example#EXT#@b.example`).
                let home = upn
                    .split("#EXT#")
                    .next()
                    .and_then(|l| l.rsplit('_').next())
                    .unwrap_or_default();
                let copy = upn.contains("#EXT#") && self.domains[own].iter().any(|d| d == &home.to_lowercase());
                prop_assert!(
                    self.domains[own].contains(&domain) || copy,
                    "{upn} is not of tenant {own}"
                );
            }
        }
        for handle in rows.strings("handle") {
            prop_assert!(handle == own, "tenant {handle} shown to {own}'s administrator");
        }
        Ok(())
    }
}

/// Whom a statement concerns, as far as rights go.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// The session's own tenant (or no tenant at all).
    Own,
    /// A tenant named by the statement (it may not exist).
    Named(String),
    /// Something only the operator may do.
    Operator,
    /// Either tenant's administrator may (an empty name: one the statement finds).
    Either(String, String),
}

fn named(name: &Option<Name>) -> Target {
    name.as_ref().map_or(Target::Own, |n| Target::Named(n.text.clone()))
}

/// Whom `stmt` concerns; every family answers with an exhaustive match.
fn target(stmt: &Statement) -> Target {
    match stmt {
        Statement::Tenants(t) => match t {
            TenantStmt::CreateTenant { .. } => Target::Operator,
            TenantStmt::ShowTenants => Target::Own,
            TenantStmt::ShowTenant(n) => Target::Named(n.text.clone()),
        },
        Statement::Users(u) => match u {
            UserStmt::CreateUser { tenant, .. }
            | UserStmt::UpdateUser { tenant, .. }
            | UserStmt::UpdateUsers { tenant, .. }
            | UserStmt::DeleteUser { tenant, .. }
            | UserStmt::RestoreUser { tenant, .. }
            | UserStmt::PurgeUser { tenant, .. }
            | UserStmt::ShowUser { tenant, .. } => named(tenant),
        },
        Statement::Groups(g) => match g {
            GroupStmt::CreateGroup { tenant, .. }
            | GroupStmt::ShowGroup { tenant, .. }
            | GroupStmt::ShowGroups { tenant }
            | GroupStmt::AddMember { tenant, .. }
            | GroupStmt::AddMembers { tenant, .. }
            | GroupStmt::RemoveMember { tenant, .. }
            | GroupStmt::RemoveMembers { tenant, .. } => named(tenant),
        },
        Statement::Query(q) => match q {
            QueryStmt::Search(s) | QueryStmt::Count(s) | QueryStmt::Explain { search: s, .. } => named(&s.tenant),
        },
        Statement::Interchange(i) => match i {
            InterchangeStmt::Import { tenant, .. }
            | InterchangeStmt::Export { tenant, .. }
            | InterchangeStmt::Generate { tenant, .. } => named(tenant),
        },
        Statement::Session(s) => match s {
            SessionStmt::UseTenant(n) => Target::Named(n.text.clone()),
            SessionStmt::UseOperator => Target::Operator,
            SessionStmt::Whoami | SessionStmt::Begin | SessionStmt::Commit | SessionStmt::Rollback => Target::Own,
        },
        Statement::Shell(s) => match s {
            ShellStmt::Help(_) => Target::Own,
            ShellStmt::Demo { .. } => Target::Operator,
        },
        Statement::Audit(a) => match a {
            AuditStmt::ShowChanges { tenant, .. } => named(tenant),
        },
        // The organization's, access settings' and synchronization's statements act as the
        // tenant they name (`as tenant`, `for tenant`, the source of a sync); what they may
        // change elsewhere by design is `Pristine::others_unchanged`'s business.
        Statement::Access(a) => match a {
            AccessStmt::ShowAccess { tenant, .. }
            | AccessStmt::SetAccess { tenant, .. }
            | AccessStmt::ResetAccess { tenant, .. }
            | AccessStmt::DeleteAccess { tenant, .. } => Target::Named(tenant.text.clone()),
            // The home's or the resource's administrator may ask.
            AccessStmt::ExplainAccess { home, resource, .. } => {
                Target::Either(home.text.clone(), resource.text.clone())
            }
            AccessStmt::Invite { resource, .. } => Target::Named(resource.text.clone()),
            AccessStmt::Import { tenant, .. } | AccessStmt::Export { tenant, .. } => named(tenant),
        },
        Statement::Organization(o) => match o {
            OrgStmt::Create { actor, .. }
            | OrgStmt::Add { actor, .. }
            | OrgStmt::Join { actor, .. }
            | OrgStmt::SetRole { actor, .. }
            | OrgStmt::Remove { actor, .. }
            | OrgStmt::Leave { actor }
            | OrgStmt::SetLabels { actor, .. }
            | OrgStmt::SetCalendar { actor, .. }
            | OrgStmt::SetTemplate { actor, .. }
            | OrgStmt::Show { actor } => named(actor),
            OrgStmt::ShowCalendar { tenant } => named(tenant),
        },
        Statement::Sync(y) => match y {
            SyncStmt::Create { source, .. } => Target::Named(source.text.clone()),
            SyncStmt::Delete(r)
            | SyncStmt::Show(r)
            | SyncStmt::Change(r, _)
            | SyncStmt::Run(r)
            | SyncStmt::Provision { sync: r, .. }
            | SyncStmt::Release { sync: r, .. }
            | SyncStmt::Import { sync: r, .. }
            | SyncStmt::Export { sync: r, .. } => named(&r.source),
            SyncStmt::ShowLogs { sync, .. } => sync.as_ref().map_or(Target::Own, |r| named(&r.source)),
            SyncStmt::ShowAll(tenant) => named(tenant),
            SyncStmt::RunAll => Target::Own,
            SyncStmt::Share { tenant, .. } => Target::Named(tenant.text.clone()),
            // The administrator of the searched tenant, or of the user's home.
            SyncStmt::ExplainVisibility { tenant, .. } => Target::Either(tenant.text.clone(), String::new()),
            SyncStmt::CheckOrganization { actor } => named(actor),
        },
        Statement::Maintenance(_) => Target::Operator,
    }
}

/// True when `name` is `own` as the directory resolves handles.
fn is_own(session: &Session<'_>, own: &str, name: &str) -> bool {
    session.tenant(name).is_ok_and(|t| t.handle == own)
}

fn cases(default: u32) -> Config {
    let cases = std::env::var("MTODIR_ISOLATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

#[test]
fn statements_of_every_family_by_a_tenant_admin_stay_in_its_tenant() {
    let pristine = Pristine::new();
    let mut runner = TestRunner::new(cases(12));
    let strategy = (0..3usize, any::<u64>(), 1..30usize);
    runner
        .run(&strategy, |(which, seed, length)| {
            let own = TENANTS[which];
            let dir = tempfile::tempdir().unwrap();
            let directory = pristine.copy(dir.path());
            let mut s = directory.session();
            s.use_tenant(own).unwrap();
            s.confine();
            let resolver = directory.session();
            let mut g = Grammar::new(seed, pristine.vocab.clone());
            for _ in 0..length {
                let tokens = if rand::Rng::random_bool(&mut g.rng, 0.3) {
                    g.near_valid()
                } else {
                    g.statement()
                };
                let text = g.join(&tokens);
                let Ok(parsed) = mtodir::parse_script(&text) else {
                    continue;
                };
                let Some(located) = parsed.first() else { continue };
                // `Some(false)`: own; `Some(true)`: foreign; `None`: either outcome may be right.
                let foreign = match target(&located.stmt) {
                    Target::Own => Some(false),
                    Target::Operator => Some(true),
                    Target::Named(name) => Some(!is_own(&resolver, own, &name)),
                    Target::Either(a, b) if is_own(&resolver, own, &a) || is_own(&resolver, own, &b) => Some(false),
                    Target::Either(..) => None,
                };
                match s.execute(&text) {
                    Ok(outputs) => {
                        prop_assert!(
                            foreign != Some(true),
                            "`{text}` about another tenant succeeded for {own}'s administrator"
                        );
                        // `check organization` shows the organization's whole collaborating
                        // user set to each member, by design (as the admin center does).
                        let org_wide = matches!(located.stmt, Statement::Sync(SyncStmt::CheckOrganization { .. }));
                        for output in outputs.iter().filter(|_| !org_wide) {
                            pristine
                                .own_rows(own, output)
                                .map_err(|e| TestCaseError::fail(format!("`{text}`: {e}")))?;
                        }
                        if org_wide {
                            for output in &outputs {
                                pristine.no_foreign_ids(own, &render(output, Mode::Json))?;
                            }
                        }
                    }
                    Err(e) => {
                        let root = e.root();
                        pristine.no_foreign_ids(own, &e.to_string())?;
                        prop_assert!(!matches!(root, Error::UnknownTenant { .. }), "`{text}`: {e}");
                        match foreign {
                            Some(true) => prop_assert!(
                                matches!(root, Error::Denied { .. } | Error::Type(_)),
                                "`{text}` about another tenant failed with {e:?}, not Error::Denied"
                            ),
                            // Naming a tenant that does not exist (a partner, a target) is
                            // refused as naming another tenant would be.
                            Some(false) => prop_assert!(
                                match root {
                                    Error::Denied { tenant: Some(t), .. } => resolver.tenant(t).is_err(),
                                    Error::Denied { .. } => false,
                                    _ => true,
                                },
                                "`{text}` was refused to {own}: {e}"
                            ),
                            None => {}
                        }
                    }
                }
                prop_assert!(s.principal().tenant().is_some(), "`{text}` changed who acts");
            }
            s.rollback();
            drop(s);
            pristine.others_unchanged(&directory, own)
        })
        .unwrap();
}

/// One typed API call by the administrator of `own` on tenant `on`; the outcome as
/// `Ok(text of what came back)` or the error.
fn call(s: &mut Session<'_>, op: u8, on: &str, own_ord: mtodir::model::TenantOrd, dir: &Path) -> Result<String, Error> {
    let upn = format!("p{op}@{}.example", on.to_lowercase());
    let filter = Filter::eq(Attr::Department, "Sales");
    let sync = mtodir::api::SyncRef {
        name: if on == "B" { "B to C" } else { "A to B" },
        source: Some(on),
    };
    Ok(match op % 32 {
        0 => format!("{:?}", s.tenant(on)?),
        1 => format!("{:?}", s.tenant_summary(on)?),
        2 => format!(
            "{:?}",
            s.create_user(on, &NewUser::new(upn, vec![(Attr::City, Value::str("Oslo"))]))?
        ),
        3 => format!(
            "{:?}",
            s.create_users(on, vec![NewUser::new(upn, vec![])], Batch::Each)?
        ),
        4 => format!(
            "{:?}",
            s.update_users(on, Some(&filter), &[(Attr::City, Value::str("Rome"))], Batch::Atomic)?
        ),
        5 => format!(
            "{:?}",
            s.update_user(
                on,
                &format!("bob@{}.example", on.to_lowercase()),
                &[(Attr::JobTitle, Value::str("X"))]
            )?
        ),
        6 => format!(
            "{:?}",
            s.delete_user(on, &format!("bob@{}.example", on.to_lowercase()))?
        ),
        7 => format!("{:?}", s.user(on, &format!("annie@{}.example", on.to_lowercase()))?),
        8 => format!("{:?}", s.create_group(on, "Team", None)?),
        9 => format!("{:?}", s.groups(on)?),
        10 => format!("{:?}", s.group_members(on, "Collab", Attr::ALL)?),
        11 => format!("{:?}", s.set_members(on, "Collab", None, true, Batch::Atomic)?),
        12 => format!("{:?}", s.find(on, &Search::new(SearchKind::Find))?),
        13 => format!("{:?}", s.count_matches(on, &Search::new(SearchKind::People).text("a"))?),
        14 => s.explain_search(on, &Search::new(SearchKind::AddressList), false)?,
        15 => format!("{:?}", s.changes(on, &mtodir::api::ChangeQuery::default())?),
        16 => format!("{:?}", s.generate_users(on, 3, u64::from(op))?),
        17 => format!("{:?}", s.export_users(on, &dir.join("files").join("out.jsonl"), None)?),
        18 => {
            let q = s.query(on, SearchKind::Find)?;
            format!("{:?}", s.search(&q)?)
        }
        19 => {
            // An engine query pointed at the tenant named, whatever its ordinal.
            let mut q = mtodir::people(own_ord);
            q.tenant = s
                .tenant(on)
                .map(|t| t.ord)
                .unwrap_or(mtodir::model::TenantOrd(own_ord.0 + 7));
            format!("{:?} {:?}", s.count(&q)?, s.explain(&q)?)
        }
        20 => format!(
            "{:?}",
            s.user_row(on, &format!("bob@{}.example", on.to_lowercase()), Attr::ALL)?
        ),
        21 => {
            s.use_tenant(on)?;
            String::new()
        }
        22 => format!(
            "{:?}",
            s.set_member(on, "Collab", &format!("bob@{}.example", on.to_lowercase()), false)?
        ),
        23 => format!("{:?}", s.compile(on, &filter)?),
        // The organization, access settings and synchronization.
        24 => format!("{:?} {:?}", s.access(on, None)?, s.access_overview(on)?),
        25 => format!("{:?}", s.organization(on)?),
        26 => format!("{:?}", s.syncs(Some(on))?),
        27 => format!("{:?}", s.run_sync(sync)?),
        28 => format!("{:?}", s.provisioning_logs(Some(sync))?),
        29 => format!("{:?}", s.share_users(on, "Collab", op % 2 == 0)?),
        30 => format!("{:?}", s.check_organization(on)?),
        _ => format!(
            "{:?}",
            s.provision(sync, &format!("annie@{}.example", on.to_lowercase()))?
        ),
    })
}

#[test]
fn typed_api_calls_by_a_tenant_admin_stay_in_its_tenant() {
    let pristine = Pristine::new();
    let mut runner = TestRunner::new(cases(16));
    let names = ["A", "B", "C", "b", "Z", "nobody"];
    let strategy = (
        0..3usize,
        proptest::collection::vec((any::<u8>(), 0..names.len()), 1..24),
    );
    runner
        .run(&strategy, |(which, calls)| {
            let own = TENANTS[which];
            let dir = tempfile::tempdir().unwrap();
            let directory = pristine.copy(dir.path());
            let own_ord = directory.session().tenant(own).unwrap().ord;
            let mut s = directory.session();
            s.use_tenant(own).unwrap();
            s.confine();
            for (op, on) in calls {
                let on = names[on];
                let foreign = !on.eq_ignore_ascii_case(own);
                match call(&mut s, op, on, own_ord, dir.path()) {
                    Ok(text) => {
                        prop_assert!(!foreign, "call {op} on tenant {on} succeeded for {own}'s administrator");
                        // `check_organization` shows the organization's collaborating users to
                        // every member, by design.
                        if op % 32 != 30 {
                            pristine.no_foreign_ids(own, &text)?;
                        }
                    }
                    Err(e) => {
                        let denied = matches!(e.root(), Error::Denied { .. });
                        prop_assert!(denied == foreign, "call {op} on tenant {on} by {own}'s administrator: {e:?}");
                    }
                }
                // Operator-only calls are refused too.
                let refused = |r: &Result<(), Error>, action: Action| {
                    matches!(r, Err(Error::Denied { action: a, .. }) if *a == action)
                };
                prop_assert!(refused(&s.use_operator(), Action::ActAs), "use_operator");
                prop_assert!(refused(&s.snapshot().map(|_| ()), Action::ReadAll), "snapshot");
                let created = s.create_tenant("Q", None, &[]).map(|_| ());
                prop_assert!(refused(&created, Action::CreateTenants), "create_tenant");
            }
            drop(s);
            pristine.others_unchanged(&directory, own)
        })
        .unwrap();
}

#[test]
fn an_unknown_tenant_is_refused_like_another_one_and_its_name_suggests_nothing() {
    let (_dir, directory) = common::demo_without_organization();
    let mut s = directory.session();
    s.use_tenant("B").unwrap();
    for statement in [
        "search people in tenant Z",
        "show tenant Aa",
        "count users in tenant C",
        "show tenant a",
    ] {
        let e = common::error(&mut s, statement);
        assert!(matches!(e.root(), Error::Denied { .. }), "{statement}: {e:?}");
        assert!(!e.to_string().contains("did you mean"), "{e}");
    }
    // The operator is still told what exists.
    let mut op = directory.session();
    let e = common::error(&mut op, "search people in tenant Aa");
    assert!(matches!(e.root(), Error::UnknownTenant { .. }), "{e:?}");
    // A confined session keeps its principal; an unconfined one may switch.
    s.confine();
    for statement in ["use operator", "use tenant A", "use tenant Z"] {
        let e = common::error(&mut s, statement);
        assert!(
            matches!(
                e.root(),
                Error::Denied {
                    action: Action::ActAs,
                    ..
                }
            ),
            "{statement}: {e:?}"
        );
    }
    common::one(&mut s, "use tenant b");
    assert_eq!(s.own_tenant().unwrap(), "B");
    let mut free = directory.session();
    common::one(&mut free, "use tenant B; use operator; use tenant A");
    assert_eq!(free.own_tenant().unwrap(), "A");
}

/// What another tenant's administrator (`own`) may not change in tenant `handle`: every user
/// not homed in `own` with every attribute, the groups and their members, the default access
/// configuration and every partner configuration but the one for `own`, and `handle`'s own
/// synchronizations with their links and logs.
fn view_of(s: &mut Session<'_>, handle: &str, own: &str) -> String {
    let mut out = String::new();
    let t = format!("tenant {handle}");
    let fields = common::all_fields();
    let mut statements = vec![
        format!(
            "find users in {t} where not (source = b2b and homeTenant = {own}) order by userPrincipalName limit 100000 fields {fields}"
        ),
        format!("show groups in {t}"),
    ];
    for group in common::rows(s, &format!("show groups in {t}")).strings("displayName") {
        statements.push(format!("show group {} in {t}", common::quoted(&group)));
    }
    for statement in statements {
        let r = common::rows(s, &statement);
        out.push_str(&format!("\n{statement}\n{}", render(&Output::Rows(r), Mode::Json)));
    }
    out.push_str(&format!("\ndefault access {:?}", s.access(handle, None).unwrap()));
    for partner in TENANTS.iter().filter(|p| **p != own && **p != handle) {
        // `isInMultiTenantOrganization` is the organization's (an owner removes a tenant).
        let view = s.access(handle, Some(partner)).ok().map(|mut v| {
            v.in_organization = false;
            v
        });
        out.push_str(&format!("\naccess for {partner} {view:?}"));
    }
    out.push_str(&common::sync_fingerprint(s, handle, false));
    out
}

/// The first line where two texts differ.
fn first_difference(expected: &str, found: &str) -> String {
    let (mut e, mut f) = (expected.lines(), found.lines());
    loop {
        match (e.next(), f.next()) {
            (None, None) => return "(none)".into(),
            (a, b) if a == b => {}
            (a, b) => return format!("was: {}\n now: {}", a.unwrap_or("(end)"), b.unwrap_or("(end)")),
        }
    }
}

/// Found by the property once it generated the organization's, access settings' and
/// synchronization's statements: a tenant's administrator who named another tenant's sync
/// configuration was told `no synchronization configuration "A to B" (did you mean `B to
/// C`?)`, naming that tenant's configurations; one who named an unknown tenant in a sync
/// reference, an organization statement or an access explanation was told `unknown tenant`
/// with the nearest handle; and `explain visibility` of a user in a tenant the administrator
/// may not read said whether such a user existed anywhere. Each is now `Error::Denied`.
#[test]
fn cross_tenant_statements_tell_nothing_of_other_tenants() {
    let (_dir, directory) = common::demo();
    let mut op = directory.session();
    common::one(
        &mut op,
        "create sync \"B to C\" from tenant B to tenant C scope assigned",
    );
    let mut s = directory.session();
    s.use_tenant("A").unwrap();
    s.confine();
    for statement in [
        "show sync \"A to B\" in tenant B",
        "map jobTitle of sync \"A to B\" in tenant B to [jobTitle]",
        "run sync \"B to C\" in tenant B",
        "assign group Collab to sync \"A to B\" in tenant Nowhere",
        "add tenant Zz to organization as tenant A",
        "set calendar sharing with tenant Bb = on as tenant A",
        "create sync \"A to Z\" from tenant A to tenant Zed",
        "explain access of bob@b.example from tenant Bee to tenant A",
        "delete access for tenant A partner Z",
        "show access for tenant A partner Zz",
        "show syncs in tenant Cc",
        "check organization as tenant Cc",
        "explain visibility of bob@b.example in tenant C",
        "explain visibility of nobody@nowhere.example in tenant C",
    ] {
        let e = common::error(&mut s, statement);
        assert!(matches!(e.root(), Error::Denied { .. }), "{statement}: {e:?}");
        let said = e.to_string();
        assert!(
            !said.contains("did you mean") && !said.contains("B to C"),
            "{statement}: {said}"
        );
    }
    // The operator is still told what exists.
    let e = common::error(&mut op, "show sync \"A to B\" in tenant B");
    assert!(e.to_string().contains("B to C"), "{e}");
}

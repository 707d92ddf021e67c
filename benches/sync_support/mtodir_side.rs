//! mtodir's side: files built through the typed `Session` API (tenants in one organization
//! whose partner template allows synchronization both ways, generated users, started
//! configurations of scope "all users"), and the timed cycles (`Session::run_sync`, whose
//! write transaction commits before it returns).

use super::Res;
use super::profile::CHANGES;
use mtodir::api::SyncRef;
use mtodir::generate::{self, GenParams};
use mtodir::model::User;
use mtodir::model::sync::{CycleSummary, Scope};
use mtodir::sync::config::Change;
use mtodir::{Batch, Directory, Options, Search, SearchKind, Session, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// The source tenant of the initial and incremental cycles.
pub const SOURCE: &str = "S";
/// Their target tenant (empty before the initial cycle).
pub const TARGET: &str = "T";
/// The configuration's name.
pub const SYNC: &str = "S to T";

/// A tenant's verified domain.
pub fn domain(handle: &str) -> String {
    format!("{}.example", handle.to_lowercase())
}

/// Creates the tenants and an organization of them whose partner template allows inbound
/// synchronization and automatic redemption both ways (the `demo` script's statements).
pub fn organization(session: &mut Session<'_>, handles: &[String]) -> Res<()> {
    for h in handles {
        session.create_tenant(h, Some(&format!("Tenant {h}")), &[domain(h)])?;
    }
    let template = "set organization template inbound sync = allow, inbound redemption = automatic, \
                    outbound redemption = automatic";
    let owner = &handles[0];
    let mut script = format!("create organization \"Bench\" as tenant {owner};\n{template} as tenant {owner};\n");
    for h in &handles[1..] {
        script.push_str(&format!(
            "add tenant {h} to organization as tenant {owner};\n{template} as tenant {h};\n\
             join organization \"Bench\" as tenant {h};\n"
        ));
    }
    session.run_script(&script, |_| {})?;
    Ok(())
}

/// Loads `count` generated users (seed `seed`; the generator's mix of internal, B2B, hidden,
/// disabled and soft-deleted users) into tenant `handle` in one transaction.
pub fn load(session: &mut Session<'_>, handle: &str, count: u64, seed: u64, b2b: bool) -> Res<()> {
    let mut params = GenParams::new(count, seed, domain(handle));
    if !b2b {
        params.b2b_fraction = 0.0;
    }
    let users = generate::users(&params).map(|g| (g.user, g.soft_deleted));
    session.load_users(handle, users, Batch::Atomic)?;
    Ok(())
}

/// Creates a started configuration `name` from `source` to `target`, scope all users, with
/// the default mappings and actions.
pub fn started_sync(session: &mut Session<'_>, source: &str, target: &str, name: &str) -> Res<()> {
    session.create_sync(source, target, name, Scope::AllUsers)?;
    session.change_sync(
        SyncRef {
            name,
            source: Some(source),
        },
        &Change::Run(true),
    )?;
    Ok(())
}

/// Builds the file of the initial cycle: tenant `S` with `count` generated users, an empty
/// tenant `T`, and the started configuration "S to T".
pub fn build_source_file(path: &Path, count: u64) -> Res<()> {
    let directory = Directory::open_with(path, Options::default())?;
    let mut session = directory.session();
    organization(&mut session, &[SOURCE.to_owned(), TARGET.to_owned()])?;
    load(&mut session, SOURCE, count, 42, true)?;
    started_sync(&mut session, SOURCE, TARGET, SYNC)?;
    Ok(())
}

/// The "S to T" configuration.
pub fn sync_ref() -> SyncRef<'static> {
    SyncRef {
        name: SYNC,
        source: Some(SOURCE),
    }
}

/// Times one cycle of "S to T" (initial or incremental, as the job needs), commit included.
pub fn cycle(session: &mut Session<'_>) -> Res<(Duration, CycleSummary)> {
    let started = Instant::now();
    let summary = session.run_sync(sync_ref())?;
    Ok((started.elapsed(), summary))
}

/// Every user of tenant `handle`, in ordinal order (read from a snapshot).
pub fn users_of(directory: &Directory, handle: &str) -> Res<Vec<User>> {
    let session = directory.session();
    let snapshot = session.snapshot()?;
    let mut out = Vec::new();
    for tenant in snapshot.tenants()? {
        if tenant.handle == handle {
            snapshot.scan_users(tenant.ord, |u| {
                out.push(u);
                Ok(())
            })?;
        }
    }
    Ok(out)
}

/// True when a cycle provisions the user (the engine's scope "all users": internal and not
/// soft-deleted).
pub fn in_scope(u: &User) -> bool {
    u.source == mtodir::model::Source::Internal && !u.is_soft_deleted()
}

/// Sets the changed attribute (`jobTitle` unless `MTODIR_SYNC_CHANGE` says otherwise) of these
/// source users (by UPN) to a new value, in one transaction.
pub fn change_titles(session: &mut Session<'_>, upns: &[&str], round: usize) -> Res<()> {
    let (attr, _) = super::profile::changed_attribute();
    session.begin()?;
    for (i, upn) in upns.iter().enumerate() {
        let value = Value::Str(super::profile::changed_value(round, i));
        if let Err(e) = session.update_user(SOURCE, upn, &[(attr, value)]) {
            session.rollback();
            return Err(e.into());
        }
    }
    session.commit()?;
    debug_assert_eq!(upns.len(), CHANGES);
    Ok(())
}

/// What a mesh's convergence did.
#[derive(Debug, Clone, Default)]
pub struct MeshRun {
    /// Wall time of `run syncs` to convergence (every cycle commits on its own).
    pub time: Duration,
    /// Rounds, the last one changing nothing.
    pub rounds: u32,
    /// Cycles run.
    pub cycles: usize,
    /// Users created in targets.
    pub created: u64,
    /// Users updated.
    pub updated: u64,
    /// Source objects examined.
    pub examined: u64,
}

/// The mesh's tenant handles.
pub fn mesh_handles(tenants: usize) -> Vec<String> {
    (0..tenants).map(|i| format!("M{i}")).collect()
}

/// The tenant of internal users only that the meshed tenant's people search is compared with.
pub const INTERNAL: &str = "I";

/// Builds the mesh's file: `tenants` tenants of `users` generated users each, every one with a
/// started configuration to every other; and tenant `I` outside the organization, holding
/// `internal` generated users with no B2B users.
pub fn build_mesh_file(path: &Path, tenants: usize, users: u64) -> Res<()> {
    let directory = Directory::open_with(path, Options::default())?;
    let mut session = directory.session();
    let handles = mesh_handles(tenants);
    organization(&mut session, &handles)?;
    for (i, h) in handles.iter().enumerate() {
        load(&mut session, h, users, 7_000 + i as u64, true)?;
    }
    for s in &handles {
        for t in &handles {
            if s != t {
                started_sync(&mut session, s, t, &format!("{s} to {t}"))?;
            }
        }
    }
    Ok(())
}

/// Adds tenant `I` of `count` internal users to the mesh's file (after convergence, so that
/// its size can match the meshed tenant's).
pub fn add_internal_tenant(session: &mut Session<'_>, count: u64) -> Res<()> {
    session.create_tenant(INTERNAL, Some("Internal only"), &[domain(INTERNAL)])?;
    load(session, INTERNAL, count, 99_000, false)
}

/// `run syncs` to convergence, timed.
pub fn converge(session: &mut Session<'_>) -> Res<MeshRun> {
    let started = Instant::now();
    let (rounds, done) = session.run_syncs(100)?;
    let mut run = MeshRun {
        time: started.elapsed(),
        rounds,
        cycles: done.len(),
        ..MeshRun::default()
    };
    for (_, s) in &done {
        run.created += s.created;
        run.updated += s.updated;
        run.examined += s.examined;
    }
    Ok(run)
}

/// The median latency (and the row count) of a top-25 people search for `text` in `tenant`,
/// through `Session::find`, over `passes` timed passes after one warm-up.
pub fn typeahead(session: &Session<'_>, tenant: &str, text: &str, passes: usize) -> Res<(Duration, usize)> {
    let search = Search::new(SearchKind::People).text(text).limit(25);
    let rows = session.find(tenant, &search)?.users.len();
    let mut times = Vec::with_capacity(passes);
    for _ in 0..passes.max(1) {
        let t = Instant::now();
        std::hint::black_box(session.find(tenant, &search)?);
        times.push(t.elapsed());
    }
    Ok((super::quantile(&mut times, 0.5), rows))
}

/// How many users people search shows in `tenant` (its whole view).
pub fn people_count(session: &Session<'_>, tenant: &str) -> Res<u64> {
    Ok(session.count_matches(tenant, &Search::new(SearchKind::People))?)
}

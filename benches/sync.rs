//! Cross-tenant synchronization benchmarks (issue 12's speed section): mtodir through its
//! typed `Session` API against the SQLite mirror of the same cycles, side by side in one run.
//! `MTODIR_BENCH=smoke|small|full` picks the profile (default `small`); see
//! `benches/README.md`, section "Synchronization". Criterion measures one initial and one
//! incremental cycle at the smallest scope; the summary then measures every scope, the mesh
//! and people search after it, and prints Markdown tables. Everything is written inside
//! temporary folders.

mod sync_support;

/// The allocator the `mtodir` binary ships (`src/main.rs`), for both engines: the command line
/// is how users run mtodir, and the SQLite mirror's Rust side allocates through it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, SamplingMode, Throughput};
use mtodir::model::User;
use mtodir::{Directory, Options};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use sync_support::disk;
use sync_support::mtodir_side::{self as m, SOURCE, TARGET};
use sync_support::profile::{self, CHANGES, Profile};
use sync_support::report::{self, Report};
use sync_support::sqlite_side as s;
use sync_support::{Res, quantile};
use tempfile::TempDir;

/// The files of one scope: templates of both engines (source loaded, target empty, the
/// configuration started), copied before each initial cycle.
struct Fixture {
    dir: TempDir,
    scope: u64,
    mtodir: PathBuf,
    sqlite: PathBuf,
    /// The source users as mtodir stored them (ordinal = SQLite rowid).
    source: Vec<User>,
    copies: usize,
}

impl Fixture {
    fn build(scope: u64) -> Res<Fixture> {
        let started = Instant::now();
        let dir = tempfile::tempdir()?;
        let mtodir = dir.path().join("template.redb");
        m::build_source_file(&mtodir, scope)?;
        let (source, tenants) = {
            let directory = Directory::open_with(&mtodir, Options::default())?;
            let tenants = directory.session().tenants()?;
            (m::users_of(&directory, SOURCE)?, tenants)
        };
        let sqlite = dir.path().join("template.db");
        {
            let mut conn = s::create(&sqlite)?;
            let uuid = |h: &str| tenants.iter().find(|t| t.tenant.handle == h).map(|t| t.tenant.id);
            let st = s::add_tenant(&conn, SOURCE, &m::domain(SOURCE), uuid(SOURCE).ok_or("no S")?)?;
            let tt = s::add_tenant(&conn, TARGET, &m::domain(TARGET), uuid(TARGET).ok_or("no T")?)?;
            s::load_users(&mut conn, &st, &source)?;
            s::add_job(&conn, m::SYNC, &st, &tt)?;
        }
        eprintln!(
            "sync bench: fixture of {scope} source users built in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(Fixture {
            dir,
            scope,
            mtodir,
            sqlite,
            source,
            copies: 0,
        })
    }

    /// Fresh copies of both templates (the previous copies removed).
    fn copies(&mut self) -> Res<(PathBuf, PathBuf)> {
        for ext in ["redb", "db", "db-wal", "db-shm"] {
            let old = self.dir.path().join(format!("run{}.{ext}", self.copies));
            if old.exists() {
                std::fs::remove_file(&old)?;
            }
        }
        self.copies += 1;
        let mc = self.dir.path().join(format!("run{}.redb", self.copies));
        let sc = self.dir.path().join(format!("run{}.db", self.copies));
        std::fs::copy(&self.mtodir, &mc)?;
        std::fs::copy(&self.sqlite, &sc)?;
        Ok((mc, sc))
    }

    fn in_scope(&self) -> Vec<&User> {
        self.source.iter().filter(|u| m::in_scope(u)).collect()
    }
}

/// One initial cycle of mtodir on a fresh copy; returns the time and the users created.
fn mtodir_initial(path: &Path) -> Res<(Duration, u64)> {
    let directory = Directory::open_with(path, Options::default())?;
    let mut session = directory.session();
    let (t, summary) = m::cycle(&mut session)?;
    if !summary.initial || summary.failed > 0 {
        return Err(format!("mtodir's first cycle: {summary:?}").into());
    }
    Ok((t, summary.created))
}

/// One initial cycle of SQLite on a fresh copy.
fn sqlite_initial(path: &Path) -> Res<(Duration, u64)> {
    let mut conn = s::connect(path)?;
    let (t, summary) = s::cycle(&mut conn, 1)?;
    if !summary.initial {
        return Err("SQLite's first cycle was not initial".into());
    }
    Ok((t, summary.created))
}

/// The 100 distinct in-scope source users of round `round` (the same for both engines).
fn changed_users<'a>(in_scope: &[&'a User], round: usize) -> Vec<&'a User> {
    let mut rng = ChaCha8Rng::seed_from_u64(round as u64);
    sample(&mut rng, in_scope.len(), CHANGES.min(in_scope.len()))
        .into_iter()
        .map(|i| in_scope[i])
        .collect()
}

fn upns<'a>(users: &[&'a User]) -> Vec<&'a str> {
    users.iter().map(|u| u.user_principal_name.as_str()).collect()
}

fn rowids(users: &[&User]) -> Vec<i64> {
    users.iter().map(|u| i64::from(u.ord.0)).collect()
}

/// Initial cycles at one scope (`reps` per engine), then `inc_reps` incremental cycles on the
/// last copies (after one untimed warm-up round).
fn scope_runs(fx: &mut Fixture, reps: usize, inc_reps: usize) -> Res<(report::Initial, Option<report::Incremental>)> {
    let mut initial = report::Initial {
        scope: fx.scope,
        ..report::Initial::default()
    };
    let mut last = None;
    for _ in 0..reps.max(1) {
        let (mc, sc) = fx.copies()?;
        let (mt, mn) = mtodir_initial(&mc)?;
        let (st, sn) = sqlite_initial(&sc)?;
        if mn != sn {
            return Err(format!("initial cycle: mtodir created {mn} users, SQLite {sn}").into());
        }
        eprintln!(
            "  initial {}: mtodir {:.3} s, SQLite {:.3} s ({mn} users)",
            fx.scope,
            mt.as_secs_f64(),
            st.as_secs_f64()
        );
        initial.provisioned = mn;
        initial.mtodir.push(mt);
        initial.sqlite.push(st);
        last = Some((mc, sc));
    }
    if inc_reps == 0 {
        return Ok((initial, None));
    }
    let (mc, sc) = last.ok_or("no copy")?;
    // The file through a backend that keeps a ledger of its syncs (what each commit wrote).
    let (backend, syncs) = disk::Counting::open(&mc)?;
    let directory = Directory::open_backend(backend, Options::default())?;
    let mut session = directory.session();
    let mut conn = s::connect(&sc)?;
    let in_scope = fx.in_scope();
    let source_tenant: i64 = 1;
    let mut inc = report::Incremental {
        scope: fx.scope,
        in_scope: initial.provisioned,
        ..report::Incremental::default()
    };
    for round in 0..=inc_reps {
        let users = changed_users(&in_scope, round);
        m::change_titles(&mut session, &upns(&users), round)?;
        s::change_titles(&mut conn, source_tenant, &rowids(&users), round)?;
        syncs.take();
        let (mt, ms) = m::cycle(&mut session)?;
        let commit = syncs.take().into_iter().fold(disk::Sync::default(), disk::Sync::plus);
        let (st, ss) = s::cycle(&mut conn, 1)?;
        if (ms.examined, ms.updated) != (CHANGES as u64, CHANGES as u64) || ss.updated != CHANGES as u64 {
            return Err(format!("incremental cycle: mtodir {ms:?}, SQLite {ss:?}").into());
        }
        // Round 0 warms both up.
        if round > 0 {
            inc.mtodir.push(mt);
            inc.sqlite.push(st);
            inc.commits.push(commit);
        }
    }
    let mut pages: Vec<u64> = inc.commits.iter().map(|c| c.bytes.div_ceil(disk::PAGE)).collect();
    pages.sort_unstable();
    if let Some(&median) = pages.get(pages.len() / 2) {
        let reps = if profile::test_mode() { 3 } else { 15 };
        let size = std::fs::metadata(&mc)?.len();
        inc.probe = Some((
            disk::probe(fx.dir.path(), size, median, disk::Layout::Scattered, reps)?,
            disk::probe(fx.dir.path(), size, median, disk::Layout::OneRun, reps)?,
        ));
    }
    let (mut a, mut b) = (inc.mtodir.clone(), inc.sqlite.clone());
    eprintln!(
        "  incremental {}: mtodir p50 {:.2} ms, SQLite p50 {:.2} ms",
        fx.scope,
        quantile(&mut a, 0.5).as_secs_f64() * 1e3,
        quantile(&mut b, 0.5).as_secs_f64() * 1e3
    );
    Ok((initial, Some(inc)))
}

/// Criterion groups at the smallest scope: one initial cycle per iteration (on a fresh copy,
/// copying untimed) and one incremental cycle of 100 changes per iteration.
fn criterion_benches(c: &mut Criterion, fx: &mut Fixture) -> Res<()> {
    let provisioned = fx.in_scope().len() as u64;
    let mut group = c.benchmark_group(format!("sync_initial_{}", fx.scope));
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.throughput(Throughput::Elements(provisioned));
    for engine in ["mtodir", "sqlite"] {
        group.bench_function(engine, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (mc, sc) = fx.copies().expect("copies");
                    total += match engine {
                        "mtodir" => mtodir_initial(&mc).expect("mtodir cycle").0,
                        _ => sqlite_initial(&sc).expect("SQLite cycle").0,
                    };
                }
                total
            })
        });
    }
    group.finish();

    let (mc, sc) = fx.copies()?;
    mtodir_initial(&mc)?;
    sqlite_initial(&sc)?;
    let directory = Directory::open_with(&mc, Options::default())?;
    let mut session = directory.session();
    let mut conn = s::connect(&sc)?;
    let in_scope = fx.in_scope();
    let mut group = c.benchmark_group(format!("sync_incremental_100_of_{}", fx.scope));
    group.sampling_mode(SamplingMode::Flat).sample_size(20);
    let mut round = 1_000;
    group.bench_function("mtodir", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                let users = changed_users(&in_scope, round);
                m::change_titles(&mut session, &upns(&users), round).expect("changes");
                total += m::cycle(&mut session).expect("mtodir cycle").0;
            }
            total
        })
    });
    group.bench_function("sqlite", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                let users = changed_users(&in_scope, round);
                s::change_titles(&mut conn, 1, &rowids(&users), round).expect("changes");
                total += s::cycle(&mut conn, 1).expect("SQLite cycle").0;
            }
            total
        })
    });
    group.finish();
    Ok(())
}

/// Typeahead texts drawn from both tenants' own internal users (`meshed` first): one letter,
/// three letters, and two words (three letters of the given name and of the surname); each
/// tenant gives half of the two-word ones, so that both have answers.
fn queries(meshed: &[User], internal: &[User]) -> Vec<String> {
    let prefix = |s: &str, n: usize| s.chars().take(n).collect::<String>().to_lowercase();
    let named = |users: &[User]| -> Vec<(String, String)> {
        users
            .iter()
            .filter(|u| m::in_scope(u))
            .filter_map(|u| Some((u.given_name.clone()?, u.surname.clone()?)))
            .collect()
    };
    let (a, b) = (named(meshed), named(internal));
    let pick = |names: &[(String, String)], k: usize| names[(k * 7919 + 13) % names.len().max(1)].clone();
    let mut out: Vec<String> = Vec::new();
    let mut add = |q: String| {
        if !out.contains(&q) {
            out.push(q);
        }
    };
    if a.is_empty() || b.is_empty() {
        return out;
    }
    add(prefix(&pick(&a, 0).0, 1));
    add(prefix(&pick(&b, 1).1, 1));
    add(prefix(&pick(&a, 2).0, 3));
    add(prefix(&pick(&b, 3).0, 3));
    add(prefix(&pick(&a, 4).1, 3));
    for (k, names) in [&a, &b, &a, &b].into_iter().enumerate() {
        let (g, s) = pick(names, 5 + k);
        add(format!("{} {}", prefix(&g, 3), prefix(&s, 3)));
    }
    out
}

/// The mesh: both engines converge, then people search in `M0` against tenant `I`.
fn mesh_run(profile: Profile) -> Res<report::Mesh> {
    let shape = profile.mesh();
    let with_sqlite = profile::mesh_with_sqlite();
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let path = dir.path().join("mesh.redb");
    m::build_mesh_file(&path, shape.tenants, shape.users)?;
    let handles = m::mesh_handles(shape.tenants);
    // The SQLite mirror of the same tenants and configurations.
    let sqlite = dir.path().join("mesh.db");
    let mut conn = s::create(&sqlite)?;
    let mut jobs = Vec::new();
    {
        let directory = Directory::open_with(&path, Options::default())?;
        let tenants = directory.session().tenants()?;
        let mut st = Vec::new();
        for h in &handles {
            let uuid = tenants
                .iter()
                .find(|t| &t.tenant.handle == h)
                .ok_or("tenant")?
                .tenant
                .id;
            let t = s::add_tenant(&conn, h, &m::domain(h), uuid)?;
            if with_sqlite {
                s::load_users(&mut conn, &t, &m::users_of(&directory, h)?)?;
            }
            st.push(t);
        }
        for (i, a) in st.iter().enumerate() {
            for (j, b) in st.iter().enumerate() {
                if i != j {
                    jobs.push(s::add_job(&conn, &format!("{} to {}", handles[i], handles[j]), a, b)?);
                }
            }
        }
    }
    eprintln!(
        "sync bench: mesh of {} × {} built in {:.1} s",
        shape.tenants,
        shape.users,
        started.elapsed().as_secs_f64()
    );
    // mtodir converges and is searched first; its file is then removed before SQLite's
    // convergence, so the two engines' converged files (~20 GB each at 10 × 100k) are never
    // on disk together.
    let (mr, meshed_users, internal_users, search, mtodir_bytes) = {
        let directory = Directory::open_with(&path, Options::default())?;
        let mut session = directory.session();
        let mr = m::converge(&mut session)?;
        eprintln!("  mesh: mtodir {:.1} s, {mr:?}", mr.time.as_secs_f64());
        let bytes = std::fs::metadata(&path)?.len();
        let meshed = m::users_of(&directory, &handles[0])?;
        m::add_internal_tenant(&mut session, meshed.len() as u64)?;
        let internal = m::users_of(&directory, m::INTERNAL)?;
        let passes = profile.search_passes();
        let mut search = Vec::new();
        for text in queries(&meshed, &internal) {
            let a = m::typeahead(&session, &handles[0], &text, passes)?;
            let b = m::typeahead(&session, m::INTERNAL, &text, passes)?;
            search.push(report::SearchRow {
                text,
                meshed: a,
                internal: b,
            });
        }
        let meshed_users = (meshed.len() as u64, m::people_count(&session, &handles[0])?);
        let internal_users = (internal.len() as u64, m::people_count(&session, m::INTERNAL)?);
        (mr, meshed_users, internal_users, search, bytes)
    };
    std::fs::remove_file(&path)?;
    let (sqlite_run, sqlite_bytes) = if with_sqlite {
        let t = Instant::now();
        let (rounds, cycles, ss) = s::converge(&mut conn, &jobs)?;
        let st = t.elapsed();
        eprintln!("  mesh: SQLite {:.1} s, {ss:?}", st.as_secs_f64());
        if mr.created != ss.created {
            return Err(format!("mesh: mtodir created {}, SQLite {}", mr.created, ss.created).into());
        }
        drop(conn);
        let bytes = ["", "-wal"]
            .iter()
            .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", sqlite.display())).ok())
            .map(|m| m.len())
            .sum();
        (Some((st, rounds, cycles, ss.created, ss.updated)), Some(bytes))
    } else {
        (None, None)
    };
    Ok(report::Mesh {
        tenants: shape.tenants,
        users: shape.users,
        mtodir: (mr.time, mr.rounds, mr.cycles, mr.created, mr.updated),
        sqlite: sqlite_run,
        meshed_users,
        internal_users,
        search,
        bytes: (mtodir_bytes, sqlite_bytes),
    })
}

fn main() -> Res<()> {
    let profile = Profile::from_env();
    let test_mode = profile::test_mode();
    let scopes = profile.scopes();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(if profile == Profile::Smoke {
            200
        } else {
            1_000
        }))
        .measurement_time(Duration::from_secs(if profile == Profile::Smoke { 1 } else { 5 }))
        .without_plots()
        .configure_from_args();
    let mut fixtures = Vec::new();
    if profile::wants("criterion") || profile::wants("initial") || profile::wants("incremental") {
        fixtures.push(Fixture::build(scopes[0])?);
    }
    if profile::wants("criterion") {
        criterion_benches(&mut c, &mut fixtures[0])?;
    }
    let wants_summary = std::env::var("MTODIR_BENCH_SUMMARY").map_or(true, |v| v != "0");
    if wants_summary && !profile::list_mode() {
        let mut r = Report {
            profile: profile.name(),
            ..Report::default()
        };
        if profile::wants("initial") || profile::wants("incremental") {
            for (k, &scope) in scopes.iter().enumerate() {
                if k > 0 {
                    // One fixture at a time: the 1M one is large.
                    fixtures.clear();
                    fixtures.push(Fixture::build(scope)?);
                }
                let reps = if test_mode { 1 } else { profile.initial_reps(scope) };
                let inc = if profile::wants("incremental") {
                    profile.incremental_reps()
                } else {
                    0
                };
                let (i, n) = scope_runs(&mut fixtures[0], reps, inc)?;
                r.initial.push(i);
                r.incremental.extend(n);
            }
        }
        fixtures.clear();
        if profile::wants("mesh") {
            r.mesh = Some(mesh_run(profile)?);
        }
        println!("\n{}", report::markdown(&r));
    }
    c.final_summary();
    Ok(())
}

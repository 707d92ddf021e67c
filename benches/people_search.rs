//! People search benchmarks: mtodir against SQLite (rusqlite, bundled) on the same data, in
//! the same run. `MTODIR_BENCH=smoke|small|full` picks the profile (default `small`); see
//! `benches/README.md`. Criterion measures each class with both engines side by side, then
//! the summary times every query of every mix individually and writes
//! `target/bench-data/summary-<profile>.md`.

mod support;

/// The allocator the `mtodir` binary ships (`src/main.rs`), for both engines: the command line
/// is how users run mtodir, and SQLite's side allocates its row values through it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use mtodir::{Directory, Options};
use std::time::{Duration, Instant};
use support::dataset::{Dataset, data_root};
use support::engine_mtodir::MtodirEngine;
use support::engine_sqlite::{SqliteEngine, Variant};
use support::import::{self, ImportInput};
use support::import_cli;
use support::profile::{self, Profile};
use support::queries::{self, Mix, Query};
use support::{process, report, summary};

/// Criterion settings for a group whose iterations may be slow (SQLite on large data).
fn slow_group(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
}

/// One group per class: mtodir and every SQLite variant cycling over the class's mix.
fn search_benches(c: &mut Criterion, data: &Dataset, mixes: &[Mix]) {
    let directory = Directory::open_with(data.mtodir_path(), Options::default()).expect("open the mtodir data");
    let m = MtodirEngine::new(&directory).expect("mtodir session");
    let s = SqliteEngine::open(&data.sqlite_path(), m.tenant_key()).expect("open the SQLite data");
    for mix in mixes {
        let draws = mix.expanded();
        let prepared: Vec<_> = draws
            .iter()
            .map(|q| m.prepare(q, Some(25)).expect("prepare an mtodir query"))
            .collect();
        let mut group = c.benchmark_group(mix.class.name());
        group.sample_size(20);
        group.bench_function("mtodir", |b| {
            let mut i = 0;
            b.iter(|| {
                i += 1;
                m.run(&prepared[i % prepared.len()]).expect("mtodir query")
            })
        });
        if mix.class.is_typeahead() {
            slow_group(&mut group);
        }
        for &v in Variant::for_query(&draws[0]) {
            group.bench_function(v.name(), |b| {
                let mut i = 0;
                b.iter(|| {
                    i += 1;
                    s.run(v, &draws[i % draws.len()], Some(25)).expect("SQLite query")
                })
            });
        }
        group.finish();
    }
}

/// Opening the file and answering one query, in this process and as a fresh `mtodir`.
fn open_benches(c: &mut Criterion, data: &Dataset) {
    let first = Query::Typeahead {
        text: "ann".into(),
        member: false,
    };
    let tenant = {
        let directory = Directory::open_with(data.mtodir_path(), Options::default()).expect("open the mtodir data");
        MtodirEngine::new(&directory).expect("mtodir session").tenant_key()
    };
    let mut group = c.benchmark_group("open_and_first_query");
    slow_group(&mut group);
    group.bench_function("mtodir", |b| {
        b.iter(|| {
            let directory = Directory::open_with(data.mtodir_path(), Options::default()).expect("open");
            let m = MtodirEngine::new(&directory).expect("session");
            m.run(&m.prepare(&first, Some(25)).expect("prepare")).expect("query")
        })
    });
    for v in [Variant::Fts, Variant::Like] {
        group.bench_function(v.name(), |b| {
            b.iter(|| {
                let s = SqliteEngine::open(&data.sqlite_path(), tenant).expect("open");
                s.run(v, &first, Some(25)).expect("query")
            })
        });
    }
    if let Some(bin) = process::binary() {
        group.bench_function("mtodir_fresh_process", |b| {
            b.iter(|| process::run_once(bin, &data.mtodir_path(), summary::FIRST_QUERY).expect("mtodir -c"))
        });
    }
    group.finish();
}

/// Bulk import of the scope's first users into a fresh file, both engines.
fn import_benches(c: &mut Criterion, data: &Dataset, n: u64) {
    let input = ImportInput::new(data, n).expect("import input");
    let scratch = data_root().join("scratch");
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut group = c.benchmark_group(format!("bulk_import_{n}_users"));
    slow_group(&mut group);
    group.throughput(Throughput::Elements(n));
    group.bench_function("mtodir", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir_in(&scratch).expect("temp dir");
                let users = input.mtodir.clone();
                total += import::mtodir(&dir.path().join("import.redb"), users).expect("mtodir import");
            }
            total
        })
    });
    group.bench_function("sqlite", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(&scratch).expect("temp dir"),
            |dir| import::sqlite(&dir.path().join("import.db"), &input.sqlite).expect("SQLite import"),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn main() {
    // The SQLite side of the CSV import comparison: this executable, re-run as a loader.
    if let Some(result) = import_cli::child() {
        if let Err(e) = result {
            eprintln!("SQLite CSV load: {e}");
            std::process::exit(1);
        }
        return;
    }
    let profile = Profile::from_env();
    let test_mode = profile::test_mode();
    let data = Dataset::new(profile.scope_users());
    let started = Instant::now();
    data.ensure().expect("build the bench data");
    eprintln!(
        "bench data ready in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        data.dir.display()
    );
    let only = std::env::var("MTODIR_BENCH_ONLY").unwrap_or_default();
    if only == "import" {
        // The same CSV imported by both engines as processes (`MTODIR_BENCH_ONLY=import`): two
        // runs each, alternating; no criterion, no summary.
        let n = profile.cli_import_users(test_mode);
        eprintln!("import of the same CSV of {n} users as processes, two runs per engine");
        let ci = import_cli::measure(&data, n, 2, &data_root().join("scratch")).expect("import of the same CSV");
        println!("{}", report::cli_import(&ci));
        return;
    }
    if only == "rows" {
        // The cost of a row alone (`MTODIR_BENCH_ONLY=rows`): no criterion, no summary.
        let mixes = queries::mixes(profile.scope_users(), profile.mix_size());
        let mix = mixes
            .iter()
            .find(|m| m.class == queries::Class::Prefix(3))
            .expect("a three-letter mix");
        let rc = support::rows::measure(&data, mix, if test_mode { 1 } else { 5 }).expect("row cost");
        println!("{}", report::row_cost(&rc));
        return;
    }
    if only == "scripts" {
        // Typeahead scripts through `mtodir -f` and the `sqlite3` shell as whole processes
        // (`MTODIR_BENCH_ONLY=scripts`): no criterion, no summary.
        let mixes = queries::mixes(profile.scope_users(), profile.mix_size());
        let typeahead: Vec<&Mix> = mixes
            .iter()
            .filter(|m| matches!(m.class, queries::Class::Prefix(_) | queries::Class::TwoWords))
            .collect();
        let sc = support::scripts::measure(&data, &typeahead, &data_root().join("scratch"), test_mode)
            .expect("whole-process scripts");
        println!("{}", report::scripts(&sc));
        return;
    }
    let (warm_up, measurement) = profile.criterion_times();
    let mut c = Criterion::default()
        .warm_up_time(warm_up)
        .measurement_time(measurement)
        .without_plots()
        .configure_from_args();
    let mixes = queries::mixes(profile.scope_users(), profile.mix_size());
    search_benches(&mut c, &data, &mixes);
    open_benches(&mut c, &data);
    import_benches(&mut c, &data, profile.criterion_import_users());

    let wants_summary = std::env::var("MTODIR_BENCH_SUMMARY").map_or(true, |v| v != "0");
    if wants_summary && !profile::list_mode() {
        let s = summary::run(profile, test_mode, &data).expect("summary");
        let text = report::markdown(&s);
        println!("\n{text}");
        let path = summary::summary_path(profile);
        std::fs::write(&path, &text).expect("write the summary");
        eprintln!("summary written to {}", path.display());
        let disagreements: Vec<_> = s
            .agreements
            .iter()
            .filter(|a| summary::must_agree(&a.class, a.variant) && !a.exact())
            .collect();
        assert!(
            disagreements.is_empty(),
            "mtodir and SQLite disagree where they must not: {disagreements:#?}"
        );
    }
    c.final_summary();
}

//! The summary run: every query of every mix timed individually in both engines (after a
//! warm-up), the engines' answers compared, opening, import, file sizes, memory, and the
//! scaling series. [`super::report`] renders it.

use super::Res;
use super::dataset::{Dataset, data_root};
use super::engine_mtodir::{MtodirEngine, Prepared};
use super::engine_sqlite::{SqliteEngine, Variant};
use super::import::{self, ImportInput};
use super::import_cli::{self, CsvImport};
use super::process;
use super::profile::Profile;
use super::queries::{self, Class, Mix, Query};
use super::rows::{self, RowCost};
use super::sizes::{self, Breakdown};
use super::timing::{self, Timing};
use super::verify::{self, Agreement};
use mtodir::{Directory, Options};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One class's latencies in both engines.
#[derive(Debug, Clone)]
pub struct ClassResult {
    /// The class.
    pub class: Class,
    /// Draws in its mix, and distinct queries among them.
    pub mix: (u32, usize),
    /// mtodir's latencies.
    pub mtodir: Timing,
    /// Each SQLite variant's latencies.
    pub sqlite: Vec<(Variant, Timing)>,
    /// The best SQLite variant per query (an oracle: each query at the least of the
    /// variants' latencies), and how many draws each variant won.
    pub oracle: Option<(Timing, Vec<(Variant, u32)>)>,
    /// mtodir's `explain` of its slowest query.
    pub explain: String,
    /// SQLite's statement and `EXPLAIN QUERY PLAN` for its slowest query, per variant.
    pub plans: Vec<(Variant, String, String)>,
}

impl ClassResult {
    /// The best single SQLite variant: the one with the lowest p50.
    pub fn best_sqlite(&self) -> Option<&(Variant, Timing)> {
        self.sqlite.iter().min_by_key(|(_, t)| t.p50)
    }

    /// The best SQLite variant per query (the oracle).
    pub fn oracle(&self) -> Option<&Timing> {
        self.oracle.as_ref().map(|(t, _)| t)
    }
}

/// Opening a file and answering a first query.
#[derive(Debug, Clone)]
pub struct OpenResult {
    /// mtodir in this process: (median, max).
    pub mtodir: (Duration, Duration),
    /// SQLite in this process, per variant.
    pub sqlite: Vec<(Variant, (Duration, Duration))>,
    /// `mtodir DB -c "search …"` as a fresh process.
    pub process: Option<(Duration, Duration)>,
    /// How many runs each median is over.
    pub runs: usize,
}

/// One point of the scaling series.
#[derive(Debug, Clone)]
pub struct ScalePoint {
    /// Users in scope.
    pub scope_users: u64,
    /// mtodir p50 and p99 per class.
    pub mtodir: Vec<(Class, Duration, Duration)>,
    /// SQLite's best single variant p50 for three-letter typeahead, and the best per query.
    pub sqlite_prefix3: Option<(Variant, Duration, Duration)>,
}

/// Everything the summary measured.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The profile.
    pub profile: Profile,
    /// True in criterion's test mode (one quick pass).
    pub test_mode: bool,
    /// `nproc`, CPU, memory, date.
    pub machine: String,
    /// Users in scope.
    pub scope_users: u64,
    /// How the data set was built.
    pub build_notes: String,
    /// Per-class latencies.
    pub classes: Vec<ClassResult>,
    /// Answer agreement.
    pub agreements: Vec<Agreement>,
    /// Opening.
    pub open: OpenResult,
    /// Peak RSS of the command line, per statement list.
    pub rss: Vec<(String, Option<u64>)>,
    /// Bulk import: users, mtodir time, SQLite time, mtodir bytes, SQLite bytes.
    pub import: (u64, Duration, Duration, u64, u64),
    /// Import of the same CSV file as processes (`None` without the `mtodir` binary).
    pub cli_import: Option<CsvImport>,
    /// The data set's files.
    pub sizes: (Breakdown, Breakdown),
    /// The scaling series.
    pub scaling: Vec<ScalePoint>,
    /// Top 1 against top 25 (the cost of a row).
    pub row_cost: RowCost,
    /// What the whole summary took.
    pub took: Duration,
}

/// The statement of the open-and-first-query class and the memory measurement.
pub const FIRST_QUERY: &str = "search people in tenant S for \"ann\" limit 25";
/// The memory measurement's statements.
pub const RSS_SCRIPTS: [&str; 2] = [
    "search people in tenant S for \"an\" limit 25",
    "search people in tenant S for \"an\" limit 25; search people in tenant S for \"a\" limit 25; \
     search people in tenant S for \"mar gar\" limit 25; \
     search people in tenant S where department = \"Sales\" and country = \"US\" limit 25; \
     count people in tenant S where department = \"Engineering\"; show user james.smith@s.example in tenant S",
];

struct Settings {
    passes: usize,
    budget: Duration,
}

fn settings(profile: Profile, test_mode: bool) -> Settings {
    if test_mode {
        Settings {
            passes: 1,
            budget: Duration::from_secs(1),
        }
    } else {
        Settings {
            passes: profile.max_passes(),
            budget: profile.pass_budget(),
        }
    }
}

/// Times every class of `mixes` on the data set in both engines; with `sqlite_only`, SQLite
/// runs only those classes.
fn time_classes(
    data: &Dataset,
    mixes: &[Mix],
    s: &Settings,
    sqlite_only: Option<&[Class]>,
    agreements: Option<(&mut Vec<Agreement>, usize)>,
) -> Res<Vec<ClassResult>> {
    let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
    let m = MtodirEngine::new(&directory)?;
    let sql = SqliteEngine::open(&data.sqlite_path(), m.tenant_key())?;
    let mut out = Vec::new();
    for mix in mixes {
        let prepared: HashMap<&Query, Prepared> = mix
            .entries
            .iter()
            .map(|(q, _)| Ok((q, m.prepare(q, Some(25))?)))
            .collect::<Res<_>>()?;
        let mt = timing::time_mix(mix, s.passes, s.budget, |q| m.run(&prepared[q]))?;
        eprintln!(
            "  {:<24} mtodir   p50 {:>10}  p99 {:>10}",
            mix.class.name(),
            timing::fmt(mt.p50),
            timing::fmt(mt.p99)
        );
        let explain = m.explain(&prepared[&mt.slowest.0])?;
        let mut sqlite = Vec::new();
        let mut plans = Vec::new();
        let runs_sqlite = sqlite_only.is_none_or(|only| only.contains(&mix.class));
        if let Some(first) = mix.entries.first().map(|(q, _)| q).filter(|_| runs_sqlite) {
            for &v in Variant::for_query(first) {
                let t = timing::time_mix(mix, s.passes, s.budget, |q| sql.run(v, q, Some(25)))?;
                eprintln!(
                    "  {:<24} {:<8} p50 {:>10}  p99 {:>10}",
                    "",
                    v.name(),
                    timing::fmt(t.p50),
                    timing::fmt(t.p99)
                );
                plans.push((v, sql.sql(v, &t.slowest.0), sql.plan(v, &t.slowest.0, Some(25))?));
                sqlite.push((v, t));
            }
        }
        let oracle = if sqlite.is_empty() {
            None
        } else {
            let timings: Vec<&Timing> = sqlite.iter().map(|(_, t)| t).collect();
            let (t, wins) = timing::best_per_query(mix, &timings)?;
            eprintln!(
                "  {:<24} {:<8} p50 {:>10}  p99 {:>10}",
                "",
                "best per query",
                timing::fmt(t.p50),
                timing::fmt(t.p99)
            );
            Some((t, sqlite.iter().map(|(v, _)| *v).zip(wins).collect()))
        };
        out.push(ClassResult {
            class: mix.class,
            mix: (mix.size(), mix.entries.len()),
            mtodir: mt,
            sqlite,
            oracle,
            explain,
            plans,
        });
    }
    if let Some((agreements, n)) = agreements {
        for mix in mixes {
            agreements.extend(verify::compare(&m, &sql, mix, n)?);
        }
    }
    Ok(out)
}

fn open_and_first_query(data: &Dataset, runs: usize) -> Res<OpenResult> {
    let first = Query::Typeahead {
        text: "ann".into(),
        member: false,
    };
    let mtodir = timing::median_of(runs, || {
        let started = Instant::now();
        let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
        let m = MtodirEngine::new(&directory)?;
        std::hint::black_box(m.run(&m.prepare(&first, Some(25))?)?);
        let took = started.elapsed();
        drop(m);
        drop(directory);
        Ok(took)
    })?;
    let tenant = {
        let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
        MtodirEngine::new(&directory)?.tenant_key()
    };
    let mut sqlite = Vec::new();
    for v in [Variant::Fts, Variant::Like, Variant::TokenIn, Variant::TokenExists] {
        sqlite.push((
            v,
            timing::median_of(runs, || {
                let started = Instant::now();
                let s = SqliteEngine::open(&data.sqlite_path(), tenant)?;
                std::hint::black_box(s.run(v, &first, Some(25))?);
                Ok(started.elapsed())
            })?,
        ));
    }
    let process = match process::binary() {
        Some(bin) => Some(timing::median_of(runs, || {
            process::run_once(bin, &data.mtodir_path(), FIRST_QUERY)
        })?),
        None => None,
    };
    Ok(OpenResult {
        mtodir,
        sqlite,
        process,
        runs,
    })
}

fn scaling(profile: Profile, own: &[ClassResult], s: &Settings, test_mode: bool) -> Res<Vec<ScalePoint>> {
    let classes: Vec<Class> = queries::CLASSES
        .iter()
        .copied()
        .filter(|c| c.is_typeahead() || *c == Class::FilterOnly)
        .collect();
    let point = |n: u64, results: &[ClassResult]| ScalePoint {
        scope_users: n,
        mtodir: results
            .iter()
            .filter(|r| classes.contains(&r.class))
            .map(|r| (r.class, r.mtodir.p50, r.mtodir.p99))
            .collect(),
        sqlite_prefix3: results.iter().find(|r| r.class == Class::Prefix(3)).and_then(|r| {
            let best = r.best_sqlite()?;
            Some((best.0, best.1.p50, r.oracle()?.p50))
        }),
    };
    let mut out = Vec::new();
    for n in profile.scaling_series() {
        if n == profile.scope_users() {
            out.push(point(n, own));
            continue;
        }
        if test_mode {
            continue;
        }
        eprintln!("scaling series: {n} users in scope");
        let data = Dataset::new(n);
        data.ensure()?;
        let mixes: Vec<Mix> = queries::mixes(n, profile.mix_size())
            .into_iter()
            .filter(|m| classes.contains(&m.class))
            .collect();
        let results = time_classes(&data, &mixes, s, Some(&[Class::Prefix(3)]), None)?;
        out.push(point(n, &results));
    }
    Ok(out)
}

/// Runs the summary on the profile's data set.
pub fn run(profile: Profile, test_mode: bool, data: &Dataset) -> Res<Summary> {
    let started = Instant::now();
    let s = settings(profile, test_mode);
    eprintln!(
        "summary ({} profile{}): timing every query of every mix",
        profile.name(),
        if test_mode { ", test mode" } else { "" }
    );
    let mixes = queries::mixes(data.scope_users, profile.mix_size());
    let mut agreements = Vec::new();
    let classes = time_classes(
        data,
        &mixes,
        &s,
        None,
        Some((&mut agreements, profile.verify_queries())),
    )?;
    eprintln!("summary: the cost of a row (top 1 against top 25)");
    let row_mix = mixes
        .iter()
        .find(|m| m.class == Class::Prefix(3))
        .ok_or("no three-letter mix")?;
    let row_cost = rows::measure(data, row_mix, if test_mode { 1 } else { 5 })?;
    let runs = if test_mode { 3 } else { 10 };
    eprintln!("summary: open and first query");
    let open = open_and_first_query(data, runs)?;
    eprintln!("summary: memory");
    let mut rss = Vec::new();
    if let Some(bin) = process::binary() {
        for script in RSS_SCRIPTS {
            rss.push((script.to_owned(), process::peak_rss(bin, &data.mtodir_path(), script)?));
        }
    }
    let import_n = if test_mode {
        profile.criterion_import_users()
    } else {
        profile.summary_import_users()
    };
    eprintln!("summary: bulk import of {import_n} users, once per engine");
    let input = ImportInput::new(data, import_n)?;
    let (mi, si, mb, sb) = import::once_each(&input, &data_root().join("scratch"))?;
    drop(input);
    let cli_import = match process::binary() {
        Some(_) => {
            let n = profile.cli_import_users(test_mode);
            eprintln!("summary: import of the same CSV of {n} users as processes, once per engine");
            Some(import_cli::measure(data, n, 1, &data_root().join("scratch"))?)
        }
        None => None,
    };
    let sizes = (sizes::mtodir(&data.mtodir_path())?, sizes::sqlite(&data.sqlite_path())?);
    let scaling = scaling(profile, &classes, &s, test_mode)?;
    Ok(Summary {
        profile,
        test_mode,
        machine: process::machine(),
        scope_users: data.scope_users,
        build_notes: data.build_notes(),
        classes,
        agreements,
        open,
        rss,
        import: (import_n, mi, si, mb, sb),
        cli_import,
        sizes,
        scaling,
        row_cost,
        took: started.elapsed(),
    })
}

/// True when mtodir and this SQLite variant must agree exactly on this class: filters,
/// counts and UPN lookups, and every class the token-table variants answer (rows and order).
pub fn must_agree(class_name: &str, variant: Variant) -> bool {
    variant.exact()
        || [Class::FilterOnly, Class::Count, Class::Upn]
            .iter()
            .any(|c| c.name() == class_name)
}

/// Where the summary of a profile is written.
pub fn summary_path(profile: Profile) -> std::path::PathBuf {
    data_root().join(format!("summary-{}.md", profile.name()))
}

//! The results of one run and their Markdown tables.

use super::quantile;
use std::fmt::Write as _;
use std::time::Duration;

/// Initial cycles at one scope.
#[derive(Debug, Clone, Default)]
pub struct Initial {
    /// Generated users in the source.
    pub scope: u64,
    /// Users each cycle provisioned (mtodir's count; SQLite's must equal it).
    pub provisioned: u64,
    /// mtodir's cycle times.
    pub mtodir: Vec<Duration>,
    /// SQLite's cycle times.
    pub sqlite: Vec<Duration>,
}

/// Incremental cycles of 100 changes at one scope.
#[derive(Debug, Clone, Default)]
pub struct Incremental {
    /// Generated users in the source.
    pub scope: u64,
    /// Users provisioned in the target (the sync's scope).
    pub in_scope: u64,
    /// mtodir's cycle times.
    pub mtodir: Vec<Duration>,
    /// SQLite's cycle times.
    pub sqlite: Vec<Duration>,
    /// What each timed mtodir cycle's commit asked of the disk (its syncs summed).
    pub commits: Vec<super::disk::Sync>,
    /// This disk's sync after as many pages as the median commit wrote: scattered over a
    /// file, and in one run.
    pub probe: Option<(Duration, Duration)>,
}

/// One typeahead query in the meshed tenant and in the tenant of internal users.
#[derive(Debug, Clone)]
pub struct SearchRow {
    /// The typed text.
    pub text: String,
    /// Median latency and rows in the meshed tenant.
    pub meshed: (Duration, usize),
    /// The same in the tenant of internal users only.
    pub internal: (Duration, usize),
}

/// The reciprocal mesh.
#[derive(Debug, Clone, Default)]
pub struct Mesh {
    /// Tenants.
    pub tenants: usize,
    /// Generated users per tenant.
    pub users: u64,
    /// mtodir: time, rounds, cycles, created, updated.
    pub mtodir: (Duration, u32, usize, u64, u64),
    /// SQLite: the same, when it ran (`MTODIR_SYNC_MESH_ENGINES`).
    pub sqlite: Option<(Duration, u32, usize, u64, u64)>,
    /// Users in the meshed tenant `M0` (all, then people search's view).
    pub meshed_users: (u64, u64),
    /// Users in the tenant of internal users (all, then people search's view).
    pub internal_users: (u64, u64),
    /// The queries.
    pub search: Vec<SearchRow>,
    /// The converged files' sizes in bytes: mtodir's, SQLite's (with its WAL) when it ran.
    pub bytes: (u64, Option<u64>),
}

/// One run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The profile.
    pub profile: &'static str,
    /// Initial cycles per scope.
    pub initial: Vec<Initial>,
    /// Incremental cycles per scope.
    pub incremental: Vec<Incremental>,
    /// The mesh.
    pub mesh: Option<Mesh>,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 10_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1e3)
    }
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn ratio(m: Duration, s: Duration) -> String {
    format!("{:.2}", m.as_secs_f64() / s.as_secs_f64().max(1e-12))
}

fn per_second(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-12)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn median(times: &[Duration]) -> Duration {
    quantile(&mut times.to_vec(), 0.5)
}

/// The report as Markdown tables (the mtodir/SQLite column is mtodir's time over SQLite's:
/// below 1, mtodir is faster).
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Profile `{}`.\n", r.profile);
    if !r.initial.is_empty() {
        let _ = writeln!(
            out,
            "**Initial cycle** (median of the runs; each into a fresh copy of the same file; target ≥ 50,000 users/s at 1M)\n"
        );
        let _ = writeln!(
            out,
            "| source users | provisioned | runs | mtodir | mtodir users/s | SQLite | SQLite users/s | mtodir/SQLite time | target |"
        );
        let _ = writeln!(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for i in &r.initial {
            let (m, s) = (median(&i.mtodir), median(&i.sqlite));
            let rate = per_second(i.provisioned, m);
            let target = match (i.scope >= 1_000_000, rate >= 50_000.0) {
                (true, true) => "met".to_owned(),
                (true, false) => "**missed**".to_owned(),
                (false, true) => "(≥ 50k/s here; the target is at 1M)".to_owned(),
                (false, false) => "(< 50k/s here; the target is at 1M)".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {target} |",
                thousands(i.scope),
                thousands(i.provisioned),
                i.mtodir.len(),
                ms(m),
                thousands(rate as u64),
                ms(s),
                thousands(per_second(i.provisioned, s) as u64),
                ratio(m, s),
            );
        }
        out.push('\n');
    }
    if !r.incremental.is_empty() {
        let _ = writeln!(
            out,
            "**Incremental cycle of 100 changes** ({} of 100 random in-scope source users, then one timed cycle; target ≤ 10 ms at 1M and flat)\n",
            super::profile::changed_attribute().1
        );
        let _ = writeln!(
            out,
            "| source users | in scope | cycles | mtodir p50 | mtodir p99 | SQLite p50 | SQLite p99 | mtodir/SQLite p50 | target (≤ 10 ms) |"
        );
        let _ = writeln!(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for i in &r.incremental {
            let (mut m, mut s) = (i.mtodir.clone(), i.sqlite.clone());
            let (m50, m99) = (quantile(&mut m, 0.5), quantile(&mut m, 0.99));
            let (s50, s99) = (quantile(&mut s, 0.5), quantile(&mut s, 0.99));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                thousands(i.scope),
                thousands(i.in_scope),
                i.mtodir.len(),
                ms(m50),
                ms(m99),
                ms(s50),
                ms(s99),
                ratio(m50, s50),
                if m50 <= Duration::from_millis(10) {
                    "met (p50)"
                } else {
                    "**missed**"
                },
            );
        }
        out.push('\n');
        disk_table(&mut out, &r.incremental);
    }
    if let Some(m) = &r.mesh {
        let objects = m.tenants as u64 * (m.tenants as u64 - 1);
        let _ = writeln!(
            out,
            "**Reciprocal mesh**: {} tenants × {} generated users, {} started configurations (scope all users), `run syncs` to convergence\n",
            m.tenants,
            thousands(m.users),
            objects
        );
        let _ = writeln!(
            out,
            "| engine | time | rounds | cycles | users created | users updated | created/s |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        let engines = [("mtodir", Some(m.mtodir)), ("SQLite", m.sqlite)];
        for (name, (t, rounds, cycles, created, updated)) in engines.into_iter().filter_map(|(n, e)| Some((n, e?))) {
            let _ = writeln!(
                out,
                "| {name} | {} | {rounds} | {cycles} | {} | {} | {} |",
                ms(t),
                thousands(created),
                thousands(updated),
                thousands(per_second(created, t) as u64)
            );
        }
        match (m.sqlite, m.bytes.1) {
            (Some(sqlite), Some(bytes)) => {
                let _ = writeln!(
                    out,
                    "\nmtodir/SQLite time: {}. Converged files: mtodir {} MiB, SQLite {} MiB (with its WAL).\n",
                    ratio(m.mtodir.0, sqlite.0),
                    thousands(m.bytes.0 >> 20),
                    thousands(bytes >> 20)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "\nSQLite's mirror did not run (`MTODIR_SYNC_MESH_ENGINES`). Converged file: mtodir {} MiB.\n",
                    thousands(m.bytes.0 >> 20)
                );
            }
        }
        let _ = writeln!(
            out,
            "**People search after the mesh** (mtodir, `Session::find`, top 25, median of passes): meshed tenant `M0` ({} users, {} in people search's view) against tenant `I` of internal users only ({} users, {} in view)\n",
            thousands(m.meshed_users.0),
            thousands(m.meshed_users.1),
            thousands(m.internal_users.0),
            thousands(m.internal_users.1)
        );
        let _ = writeln!(
            out,
            "| typed | meshed p50 | rows | internal-only p50 | rows | meshed/internal |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |");
        for q in &m.search {
            let _ = writeln!(
                out,
                "| \"{}\" | {} | {} | {} | {} | {} |",
                q.text,
                us(q.meshed.0),
                q.meshed.1,
                us(q.internal.0),
                q.internal.1,
                ratio(q.meshed.0, q.internal.0)
            );
        }
        let meshed: Vec<Duration> = m.search.iter().map(|q| q.meshed.0).collect();
        let internal: Vec<Duration> = m.search.iter().map(|q| q.internal.0).collect();
        let (a, b) = (median(&meshed), median(&internal));
        let _ = writeln!(
            out,
            "| **median of the queries** | **{}** | | **{}** | | **{}** |\n",
            us(a),
            us(b),
            ratio(a, b)
        );
    }
    out
}

/// What mtodir's incremental commits asked of the disk, against this disk's sync of the same
/// number of pages scattered and in one run.
fn disk_table(out: &mut String, incremental: &[Incremental]) {
    if incremental.iter().all(|i| i.commits.is_empty()) {
        return;
    }
    let _ = writeln!(
        out,
        "**What mtodir's incremental commit asks of the disk** (redb's file backend with a ledger: \
         the bytes written before each sync, the separate runs of the file they form, the sync's time, \
         the reads redb's cache did not answer; \
         then this disk's sync after writing as many 4 KiB pages scattered over a file of the database's size, and in one run)\n"
    );
    let _ = writeln!(
        out,
        "| source users | pages written per cycle (p50) | separate runs (p50) | sync p50 | sync ÷ cycle (p50) | this disk: that many pages scattered | in one run | file reads per cycle (p50) | their time (p50) |"
    );
    let _ = writeln!(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for i in incremental.iter().filter(|i| !i.commits.is_empty()) {
        let median = |mut v: Vec<u64>| {
            v.sort_unstable();
            v[v.len() / 2]
        };
        let pages = median(i.commits.iter().map(|c| c.bytes.div_ceil(super::disk::PAGE)).collect());
        let runs = median(i.commits.iter().map(|c| c.runs).collect());
        let mut syncs: Vec<Duration> = i.commits.iter().map(|c| c.took).collect();
        let mut cycles = i.mtodir.clone();
        let (sync50, cycle50) = (quantile(&mut syncs, 0.5), quantile(&mut cycles, 0.5));
        let (scattered, one_run) = i
            .probe
            .map_or(("—".to_owned(), "—".to_owned()), |(a, b)| (ms(a), ms(b)));
        let reads = median(i.commits.iter().map(|c| c.reads).collect());
        let mut reading: Vec<Duration> = i.commits.iter().map(|c| c.reading).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} % | {} | {} | {} | {} |",
            thousands(i.scope),
            thousands(pages),
            thousands(runs),
            ms(sync50),
            100.0 * sync50.as_secs_f64() / cycle50.as_secs_f64().max(1e-9),
            scattered,
            one_run,
            thousands(reads),
            ms(quantile(&mut reading, 0.5)),
        );
    }
    out.push('\n');
}

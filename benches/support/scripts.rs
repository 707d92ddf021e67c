//! Whole-process scripts (issue 14, item 3): typeahead statements run the way a user runs
//! them, through one `mtodir DB -f SCRIPT --format csv` process and through one `sqlite3`
//! shell process (`.mode csv`) reading the same queries as SQL, both printing `search
//! people`'s six columns to `/dev/null`.
//!
//! - **Start-up subtracted.** Each engine also runs an empty script (the process, opening the
//!   file, the shell's pragma); a statement's cost is (script − empty script) ÷ statements.
//! - **SQLite's statement per query is the oracle's**: the query's fastest variant (FTS5,
//!   LIKE, token IN, token EXISTS, at limit 25) timed in the shell itself (`.timer on`, the
//!   CPU time of a second run after a first), written with its parameters as literals. The
//!   shell plans literals, and its SQLite is another version than the bench's bundled one, so
//!   the variant that wins in process need not win there (a one-letter LIKE, say, walks the
//!   name order in process and sorts every match in the shell). No SQLite user could choose
//!   so well, so it is the hard anchor, as in the latency tables.
//! - **Top 1 against top 25**: every query at both limits, so the per-row cost of a whole
//!   process is (top 25 − top 1) ÷ 24 per statement.
//!
//! The shell is the system's `sqlite3` (its version is printed beside the figures); the
//! in-process bench links its own bundled SQLite.

use super::Res;
use super::dataset::{Dataset, SCOPE};
use super::engine_mtodir::MtodirEngine;
use super::engine_sqlite::{SqliteEngine, Variant};
use super::process;
use super::queries::{Mix, Query};
use mtodir::{Directory, Options};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Statements a class's two mtodir scripts (limit 1, limit 25) hold together, at least (its
/// queries repeated).
const MTODIR_STATEMENTS: usize = 3000;
/// What a class's SQLite script should take at most, estimated from the in-process timings.
const SQLITE_BUDGET: Duration = Duration::from_secs(8);
/// Runs of each script (the median is kept), alternating between the engines.
pub const RUNS: usize = 3;

/// The whole-process figures of one class.
#[derive(Debug, Clone)]
pub struct ClassScripts {
    /// The class's name.
    pub class: String,
    /// Distinct queries.
    pub queries: usize,
    /// Statements in each mtodir script, and in each SQLite script.
    pub statements: (usize, usize),
    /// mtodir, per statement, start-up subtracted: top 1, top 25.
    pub mtodir: (Duration, Duration),
    /// The `sqlite3` shell, the same.
    pub sqlite: (Duration, Duration),
    /// How many queries the oracle answered with each variant.
    pub variants: Vec<(Variant, usize)>,
}

impl ClassScripts {
    /// (top 25 − top 1) ÷ 24 of an engine's per-statement costs.
    pub fn per_row((one, many): (Duration, Duration)) -> Duration {
        many.saturating_sub(one) / 24
    }
}

/// The figures of every class, and what they were run with.
#[derive(Debug, Clone)]
pub struct Scripts {
    /// `sqlite3 --version`.
    pub shell: String,
    /// Start-up (empty script): mtodir, the shell.
    pub startup: (Duration, Duration),
    /// The classes.
    pub classes: Vec<ClassScripts>,
}

/// Measures `mixes`' typeahead classes as whole-process scripts; files go to `scratch`.
pub fn measure(data: &Dataset, mixes: &[&Mix], scratch: &Path, quick: bool) -> Res<Scripts> {
    let bin = process::binary().ok_or("the mtodir binary is not built")?;
    std::fs::create_dir_all(scratch)?;
    let shell = String::from_utf8_lossy(&Command::new("sqlite3").arg("--version").output()?.stdout)
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned();
    let tenant = {
        let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
        MtodirEngine::new(&directory)?.tenant_key()
    };
    let sql = SqliteEngine::open(&data.sqlite_path(), tenant)?;

    let empty_m = scratch.join("empty.mtoql");
    let empty_s = scratch.join("empty.sql");
    std::fs::write(&empty_m, "")?;
    std::fs::write(&empty_s, shell_prelude())?;
    let startup = (
        median_of(5, || run_mtodir(bin, &data.mtodir_path(), &empty_m))?,
        median_of(5, || run_shell(&data.sqlite_path(), &empty_s))?,
    );

    let mut classes = Vec::new();
    for mix in mixes {
        let texts: Vec<Query> = mix
            .entries
            .iter()
            .map(|(q, _)| q.clone())
            .filter(|q| matches!(q, Query::Typeahead { member: false, .. }))
            .collect();
        if texts.is_empty() {
            continue;
        }
        // The oracle's variant of each query, timed in the shell itself, and what the SQLite
        // script would take.
        let probed = probe(&sql, &data.sqlite_path(), &texts, scratch)?;
        let chosen: Vec<Variant> = probed.iter().map(|&(v, _)| v).collect();
        let sqlite_total: Duration = probed.iter().map(|&(_, t)| t * 2).sum();
        let reps_m = if quick {
            1
        } else {
            MTODIR_STATEMENTS.div_ceil(texts.len() * 2)
        };
        let fits = SQLITE_BUDGET.as_secs_f64() / sqlite_total.as_secs_f64().max(1e-9);
        let reps_s = if quick { 1 } else { (fits as usize).clamp(1, reps_m) };

        let mut per_statement = [[Duration::ZERO; 2]; 2];
        for (l, limit) in [1u64, 25].into_iter().enumerate() {
            let mut m_script = String::new();
            let mut s_script = shell_prelude();
            for _ in 0..reps_m {
                for q in &texts {
                    let Query::Typeahead { text, .. } = q else { continue };
                    let _ = writeln!(
                        m_script,
                        "search people in tenant {} for \"{}\" limit {limit};",
                        SCOPE.handle,
                        text.replace('\\', "\\\\").replace('"', "\\\"")
                    );
                }
            }
            for _ in 0..reps_s {
                for (q, &v) in texts.iter().zip(&chosen) {
                    s_script.push_str(&sql.shell_sql(v, q, limit));
                    s_script.push('\n');
                }
            }
            let (mp, sp) = (scratch.join("typeahead.mtoql"), scratch.join("typeahead.sql"));
            std::fs::write(&mp, m_script)?;
            std::fs::write(&sp, s_script)?;
            let (mut tm, mut ts) = (Vec::new(), Vec::new());
            for _ in 0..RUNS {
                tm.push(run_mtodir(bin, &data.mtodir_path(), &mp)?);
                ts.push(run_shell(&data.sqlite_path(), &sp)?);
            }
            let statements = |reps: usize| u32::try_from(reps * texts.len()).unwrap_or(u32::MAX).max(1);
            per_statement[0][l] = median(tm).saturating_sub(startup.0) / statements(reps_m);
            per_statement[1][l] = median(ts).saturating_sub(startup.1) / statements(reps_s);
        }
        let mut variants: Vec<(Variant, usize)> = Vec::new();
        for v in chosen {
            match variants.iter_mut().find(|(x, _)| *x == v) {
                Some((_, n)) => *n += 1,
                None => variants.push((v, 1)),
            }
        }
        eprintln!(
            "  scripts {}: mtodir {:?} / {:?}, sqlite3 {:?} / {:?} per statement (top 1 / top 25)",
            mix.class.name(),
            per_statement[0][0],
            per_statement[0][1],
            per_statement[1][0],
            per_statement[1][1]
        );
        classes.push(ClassScripts {
            class: mix.class.name(),
            queries: texts.len(),
            statements: (reps_m * texts.len(), reps_s * texts.len()),
            mtodir: (per_statement[0][0], per_statement[0][1]),
            sqlite: (per_statement[1][0], per_statement[1][1]),
            variants,
        });
    }
    Ok(Scripts {
        shell,
        startup,
        classes,
    })
}

/// Each query's fastest variant in the `sqlite3` shell and its time: one shell process runs
/// every variant of every query twice at limit 25 under `.timer on`; the second run's CPU time
/// (user + system, microsecond resolution where the wall time has milliseconds) is kept.
fn probe(sql: &SqliteEngine, db: &Path, queries: &[Query], scratch: &Path) -> Res<Vec<(Variant, Duration)>> {
    let mut script = shell_prelude();
    script.push_str(".timer on\n");
    let mut order = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        for &v in Variant::for_query(q) {
            let statement = sql.shell_sql(v, q, 25);
            for _ in 0..2 {
                script.push_str(&statement);
                script.push('\n');
            }
            order.push((i, v));
        }
    }
    let path = scratch.join("probe.sql");
    std::fs::write(&path, script)?;
    let out = Command::new("sqlite3")
        .args(["-batch", "-bail"])
        .arg(db)
        .stdin(std::fs::File::open(&path)?)
        .output()?;
    if !out.status.success() || !out.stderr.is_empty() {
        return Err(format!("sqlite3 < {}: {}", path.display(), String::from_utf8_lossy(&out.stderr)).into());
    }
    let times: Vec<Duration> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        .map(cpu_time)
        .collect::<Res<_>>()?;
    if times.len() != order.len() * 2 {
        return Err(format!("sqlite3 timed {} statements, not {}", times.len(), order.len() * 2).into());
    }
    let mut best: Vec<Option<(Variant, Duration)>> = vec![None; queries.len()];
    for (k, &(i, v)) in order.iter().enumerate() {
        let t = times[2 * k + 1];
        if best[i].is_none_or(|(_, b)| t < b) {
            best[i] = Some((v, t));
        }
    }
    best.into_iter()
        .map(|b| b.ok_or_else(|| "a typeahead query without variants".into()))
        .collect()
}

/// `user U sys S` of a `.timer` line (after `Run Time: real R `) as one duration.
fn cpu_time(line: &str) -> Res<Duration> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let field = |name: &str| -> Res<f64> {
        let at = words
            .iter()
            .position(|w| *w == name)
            .ok_or(format!("no `{name}` in `{line}`"))?;
        Ok(words
            .get(at + 1)
            .ok_or(format!("no {name} time in `{line}`"))?
            .parse()?)
    };
    Ok(Duration::from_secs_f64(field("user")? + field("sys")?))
}

/// What every shell script starts with: the bench's page cache, CSV output.
fn shell_prelude() -> String {
    format!("{}\n.mode csv\n", super::sqlite_store::CACHE_PRAGMA)
}

/// `mtodir DB -f SCRIPT --format csv > /dev/null`; its wall time. (mtodir's messages go to
/// stderr, so only its status tells a failure.)
fn run_mtodir(bin: &Path, db: &Path, script: &Path) -> Res<Duration> {
    let mut cmd = Command::new(bin);
    cmd.arg(db).arg("-f").arg(script).args(["--format", "csv"]);
    timed(cmd, || format!("mtodir -f {}", script.display()), false)
}

/// `sqlite3 -batch -bail DB < SCRIPT > /dev/null`; its wall time. (The shell says what went
/// wrong on stderr, so anything there is a failure.)
fn run_shell(db: &Path, script: &Path) -> Res<Duration> {
    let mut cmd = Command::new("sqlite3");
    cmd.args(["-batch", "-bail"])
        .arg(db)
        .stdin(std::fs::File::open(script)?);
    timed(cmd, || format!("sqlite3 < {}", script.display()), true)
}

/// Runs `cmd` with its standard output thrown away; its wall time, or an error named by
/// `what` with its stderr when it fails (or, with `stderr_fails`, says anything on stderr).
fn timed(mut cmd: Command, what: impl Fn() -> String, stderr_fails: bool) -> Res<Duration> {
    let t = Instant::now();
    let out = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output()?;
    let took = t.elapsed();
    if !out.status.success() || (stderr_fails && !out.stderr.is_empty()) {
        return Err(format!("{}: {}", what(), String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(took)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn median_of(n: usize, mut run: impl FnMut() -> Res<Duration>) -> Res<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(run()?);
    }
    Ok(median(times))
}

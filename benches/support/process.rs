//! The `mtodir` command line as a fresh process: how long it takes to open the file and
//! answer one statement, and its peak resident memory; and what machine this is.

use super::Res;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `mtodir` binary cargo built beside this bench.
pub fn binary() -> Option<&'static Path> {
    let path = Path::new(env!("CARGO_BIN_EXE_mtodir"));
    path.exists().then_some(path)
}

/// Runs `mtodir DB -c statements` once; returns its wall time.
pub fn run_once(bin: &Path, db: &Path, statements: &str) -> Res<Duration> {
    let started = Instant::now();
    let status = Command::new(bin)
        .arg(db)
        .arg("-c")
        .arg(statements)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let took = started.elapsed();
    if !status.success() {
        return Err(format!("`mtodir {} -c {statements}` failed: {status}", db.display()).into());
    }
    Ok(took)
}

/// Peak resident set (bytes) of `mtodir DB -c statements` (see [`measure`]).
pub fn peak_rss(bin: &Path, db: &Path, statements: &str) -> Res<Option<u64>> {
    let args = [db.as_os_str(), OsStr::new("-c"), OsStr::new(statements)];
    Ok(measure(bin, &args, &[])?.peak_rss)
}

/// What a child process took and printed.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Wall time from spawn to exit.
    pub took: Duration,
    /// Its peak resident set in bytes, when it could be measured.
    pub peak_rss: Option<u64>,
    /// What it wrote to standard output.
    pub stdout: String,
}

/// How [`measure`] gets a child's peak RSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    /// `/usr/bin/time -f %M`.
    Time,
    /// Python's `resource.getrusage(RUSAGE_CHILDREN)`.
    Python,
    /// None: the child runs alone.
    Alone,
}

/// Python's wrapper: runs its arguments, prints the child's wall time (ns) and peak RSS (KiB).
const PYTHON_WRAPPER: &str = "import resource, subprocess, sys, time\n\
                              t = time.perf_counter_ns()\n\
                              r = subprocess.run(sys.argv[1:])\n\
                              t = time.perf_counter_ns() - t\n\
                              print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n\
                              sys.exit(r.returncode)";

/// Runs `program args` with `env` added, through `/usr/bin/time -f %M` (its wall time is
/// timed here, from spawn to exit: the wrapper adds about a millisecond) or, without it,
/// Python's `resource.getrusage(RUSAGE_CHILDREN)` (which times the child itself, so that
/// Python's start-up is not counted), or else alone (no peak RSS). A failing exit status is
/// an error that quotes the child's standard error.
pub fn measure(program: &Path, args: &[&OsStr], env: &[(&str, &OsStr)]) -> Res<Measured> {
    let time = Path::new("/usr/bin/time");
    let wrapper = if time.exists() {
        Wrapper::Time
    } else if Command::new("python3")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        Wrapper::Python
    } else {
        Wrapper::Alone
    };
    let mut command = match wrapper {
        Wrapper::Time => Command::new(time),
        Wrapper::Python => Command::new("python3"),
        Wrapper::Alone => Command::new(program),
    };
    match wrapper {
        Wrapper::Time => command.args(["-f", "%M"]).arg(program),
        Wrapper::Python => command.args(["-c", PYTHON_WRAPPER]).arg(program),
        Wrapper::Alone => &mut command,
    };
    command.args(args).envs(env.iter().copied()).stdin(Stdio::null());
    let started = Instant::now();
    let output = command.output()?;
    let mut took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let shown: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
        return Err(format!(
            "`{} {}` failed ({}): {}",
            program.display(),
            shown.join(" "),
            output.status,
            stderr.trim()
        )
        .into());
    }
    let last: Vec<u64> = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().filter_map(|w| w.parse().ok()).collect())
        .unwrap_or_default();
    let peak_kib = match (wrapper, last.as_slice()) {
        (Wrapper::Time, [kib]) => Some(*kib),
        (Wrapper::Python, [nanos, kib]) => {
            took = Duration::from_nanos(*nanos);
            Some(*kib)
        }
        _ => None,
    };
    Ok(Measured {
        took,
        peak_rss: peak_kib.map(|k| k * 1024),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

/// `nproc`, the CPU model, total memory, and today's date.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_owned();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(0.0, |k| k / 1024.0 / 1024.0);
    let date = jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC").to_string();
    format!("{cpus} cores ({model}), {mem_gib:.0} GiB, {date}")
}

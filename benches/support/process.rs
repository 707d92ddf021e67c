//! The `mtodir` command line as a fresh process: how long it takes to open the file and
//! answer one statement, and its peak resident memory; and what machine this is.

use super::Res;
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

/// Peak resident set (bytes) of `mtodir DB -c statements`, through `/usr/bin/time -f %M`
/// or, without it, Python's `resource.getrusage(RUSAGE_CHILDREN)`.
pub fn peak_rss(bin: &Path, db: &Path, statements: &str) -> Res<Option<u64>> {
    let time = Path::new("/usr/bin/time");
    let output = if time.exists() {
        Command::new(time)
            .args(["-f", "%M"])
            .arg(bin)
            .arg(db)
            .arg("-c")
            .arg(statements)
            .stdout(Stdio::null())
            .output()?
    } else {
        let script = "import resource, subprocess, sys\n\
                      r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n\
                      print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n\
                      sys.exit(r.returncode)";
        match Command::new("python3")
            .args(["-c", script])
            .arg(bin)
            .arg(db)
            .arg("-c")
            .arg(statements)
            .stdout(Stdio::null())
            .output()
        {
            Ok(o) => o,
            Err(_) => return Ok(None),
        }
    };
    if !output.status.success() {
        return Err(format!(
            "peak RSS of `{statements}`: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let kib = text.lines().rev().find_map(|l| l.trim().parse::<u64>().ok());
    Ok(kib.map(|k| k * 1024))
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

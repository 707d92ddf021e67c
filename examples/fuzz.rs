//! Long fuzzing runs by hand:
//!
//! ```sh
//! cargo run --release --example fuzz -- --statements 10000000 --seed 1 [--progress 100000]
//! ```
//!
//! Runs the generator of `tests/fuzzgen` (statements of every family, valid and near-valid,
//! byte-mutated scripts, mutated import files) against a real directory and prints what it
//! did and found; exits with 1 when it found something, with 3 on a hang.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/fuzzgen/mod.rs"]
mod fuzzgen;

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut config = fuzzgen::Config::new(1, 100_000);
    config.progress = 100_000;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        let Some(value) = value else {
            eprintln!(
                "usage: fuzz [--statements N] [--seed N] [--progress N] [--budget-ms N] [--full-every N] [--import-every N]"
            );
            return ExitCode::FAILURE;
        };
        match args[i].as_str() {
            "--statements" => config.statements = value,
            "--seed" => config.seed = value,
            "--progress" => config.progress = value,
            "--budget-ms" => config.budget = Duration::from_millis(value),
            "--full-every" => config.full_every = value,
            "--import-every" => config.import_every = value,
            other => {
                eprintln!("unknown option {other}");
                return ExitCode::FAILURE;
            }
        }
        i += 2;
    }
    let started = Instant::now();
    let mut fuzzer = fuzzgen::Fuzzer::new(config.clone());
    fuzzer.run();
    let r = &fuzzer.report;
    let secs = started.elapsed().as_secs_f64();
    println!("seed {}: {} statements in {secs:.0} s", config.seed, config.statements);
    println!(
        "texts {} (byte-mutated {}), syntax errors {}, executed {} (succeeded {}, failed {}), full fingerprint checks {}",
        r.texts, r.mutated_texts, r.syntax_errors, r.executed, r.succeeded, r.failed, r.full_checks
    );
    println!(
        "mutated import files {} (failed {}), large generates skipped {}, episodes {}, slowest statement {:?}: {}",
        r.imports, r.imports_failed, r.skipped, r.episodes, r.slowest.0, r.slowest.1
    );
    println!("findings: {}", r.findings.len());
    for f in &r.findings {
        println!("- {}\n  {}", f.what, fuzzgen::shorten(&f.text));
    }
    if r.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! `mtodir`: the command line. With no statements it opens the REPL.

use clap::Parser;
use mtodir::format::{Mode, closed_output, emit};
use mtodir::progress_bar::RepairNotice;
use mtodir::{Directory, FileAccess, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a directory's work is many small allocations
/// (decoded users, index terms, log entries); measured on a sync cycle and on people search
/// (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An embedded database for the directories of multitenant organizations.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The database file (created if missing).
    #[arg(default_value = "mtodir.redb")]
    db: PathBuf,
    /// Run these statements and exit (atomically: all or nothing).
    #[arg(short = 'c', long = "command", value_name = "STATEMENTS", conflicts_with = "file")]
    command: Option<String>,
    /// Run the statements of this file and exit (atomically, unless it uses begin/commit).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: Option<PathBuf>,
    /// How to print rows.
    #[arg(long, default_value = "table", value_parser = ["table", "json", "csv"])]
    format: String,
    /// Compact the file (reclaim the free space bulk loads leave) and exit.
    #[arg(long, conflicts_with_all = ["command", "file"])]
    compact: bool,
    /// Check the file (redb's check of its pages, then every index, count and lookup table
    /// against the records) and exit: status 1 when problems are found.
    #[arg(long, conflicts_with_all = ["command", "file", "compact"])]
    check: bool,
    /// Check the file, rebuild what is derived from the records (postings, counts, lookup
    /// tables) in one transaction when problems are found, and check again: status 1 when
    /// problems remain.
    #[arg(long, conflicts_with_all = ["command", "file", "compact", "check"])]
    repair: bool,
    /// Refuse every statement that opens a file (import, export, .read, -f).
    #[arg(long, conflicts_with = "files_in")]
    no_files: bool,
    /// Let statements open files only inside this folder (relative paths start there).
    #[arg(long, value_name = "DIR")]
    files_in: Option<PathBuf>,
    /// redb's page cache in MiB.
    #[arg(long, default_value_t = 128, value_name = "MIB")]
    cache_mb: usize,
}

fn main() -> ExitCode {
    // redb panics on some damaged files; the library catches those panics at the boundary
    // that opens and reads the file and reports a damaged file, so they are not printed here.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_redb = info
            .location()
            .is_some_and(|l| l.file().contains("/redb-") || l.file().contains("\\redb-"));
        if !in_redb {
            default_hook(info);
        }
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("mtodir: internal error (see the message above)");
            ExitCode::from(101)
        }
    }
}

/// Opens the file, saying so while redb repairs it after an unclean shutdown.
fn open(db: &Path, options: Options) -> mtodir::Result<Directory> {
    let notice = RepairNotice::new(db.display().to_string());
    Directory::open_reporting(db, options, move |done| notice.progress(done))
}

/// `--check` and `--repair`.
fn check(directory: &Directory, repair: bool) -> ExitCode {
    let report = match directory.check() {
        Ok(report) => report,
        Err(e) => {
            eprintln!("mtodir: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{report}");
    if report.is_sound() {
        return ExitCode::SUCCESS;
    }
    if !repair {
        return ExitCode::FAILURE;
    }
    match directory.repair() {
        Ok(rebuilt) => println!(
            "rebuilt the postings, counts and lookup tables from {} tenants, {} groups and {} users{}",
            rebuilt.tenants,
            rebuilt.groups,
            rebuilt.users,
            match rebuilt.skipped {
                0 => String::new(),
                n => format!(" ({n} records that cannot be read were left out)"),
            }
        ),
        Err(e) => {
            eprintln!("mtodir: the repair failed and changed nothing: {e}");
            return ExitCode::FAILURE;
        }
    }
    match directory.check() {
        Ok(after) => {
            println!("{after}");
            if after.is_sound() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("mtodir: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let mode: Mode = cli.format.parse().unwrap_or_default();
    let files = match (cli.no_files, &cli.files_in) {
        (true, _) => FileAccess::None,
        (false, Some(dir)) => FileAccess::Within(dir.clone()),
        (false, None) => FileAccess::Any,
    };
    let options = Options {
        cache_bytes: cli.cache_mb.saturating_mul(1024 * 1024),
        files,
        ..Options::default()
    };
    if (cli.check || cli.repair) && !cli.db.exists() {
        eprintln!("mtodir: {}: no such file to check", cli.db.display());
        return ExitCode::FAILURE;
    }
    let mut directory = match open(&cli.db, options) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("mtodir: {e}");
            return ExitCode::FAILURE;
        }
    };
    let script = match (&cli.command, &cli.file) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(f)) => match directory.read_script(f) {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("mtodir: {e}");
                return ExitCode::FAILURE;
            }
        },
        (None, None) => None,
    };
    if cli.check || cli.repair {
        return check(&directory, cli.repair);
    }
    if cli.compact {
        return match directory.compact() {
            Ok((before, after)) => {
                println!(
                    "compacted {}: {} KiB -> {} KiB",
                    cli.db.display(),
                    before / 1024,
                    after / 1024
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("mtodir: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match script {
        Some(text) => {
            let mut session = directory.session();
            session.set_progress(mtodir::progress_bar::Bar::for_terminal());
            // Answers stream to standard output as they are read (bounded memory).
            let mut rows = mtodir::format::stdout_rows(mode);
            let outcome = session
                .run_script_streaming(&text, &mut rows, |o| emit(&o, mode))
                .or_else(|e| if closed_output(&e) { Ok(()) } else { Err(e) });
            drop(session);
            match outcome {
                Ok(()) => {
                    if mtodir::lang::loads_users(&text) {
                        // A bulk load leaves free pages behind: give them back, as a vacuum would.
                        if let Err(e) = directory.compact() {
                            eprintln!("mtodir: the load is saved, but compacting the file failed: {e}");
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        None => match mtodir::repl::run(&mut directory, mode) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mtodir: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

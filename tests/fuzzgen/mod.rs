//! Fuzzing MTOQL on stable Rust: a seeded, grammar-aware generator of statements of every
//! family (valid and near-valid), byte-level mutations of valid scripts, and mutated import
//! files, run against a real directory. The checks: no panic, no statement over its time
//! budget (a watchdog ends the process on a hang), every syntax error located, every failing
//! statement leaves the directory as it was (its committed tables byte for byte, the view of
//! an open transaction, and now and then `common::fingerprint`), every failing import is an
//! `Error::Import` with its file and line and imports nothing.
//!
//! Used by `tests/fuzz.rs` (a short run in CI) and `examples/fuzz.rs` (long runs by hand).
//! The including crate declares `mod common;` (tests/common).
//!
//! The generated statements import and export files with odd names, relative and absolute:
//! run them only on a directory opened with `FileAccess::Within` a temporary folder (as the
//! fuzzer and tests/isolation.rs do), never with `FileAccess::Any`.

#![allow(dead_code)]

mod checks;
mod families;
mod families_org;
pub mod grammar;
pub mod mutate;
mod setup;
mod words;

pub use checks::{check_error, digest};
#[allow(unused_imports)]
pub use setup::vocabulary;

use grammar::Grammar;
use mtodir::format::{Mode, render};
use mtodir::lang::ast::Statement;
use mtodir::{Directory, Error, FileAccess, Options, Session};
use rand::Rng;
use rand::seq::IndexedRandom;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a run goes.
#[derive(Debug, Clone)]
pub struct Config {
    /// The seed of everything random.
    pub seed: u64,
    /// How many statements to run (texts that fail to parse count as one).
    pub statements: u64,
    /// A statement slower than this is reported.
    pub budget: Duration,
    /// A statement running this long is a hang: the watchdog ends the process.
    pub hang: Duration,
    /// Every this many failing statements, also compare `common::fingerprint` (0: never).
    pub full_every: u64,
    /// One mutated import file every this many statements (0: none).
    pub import_every: u64,
    /// Statements per episode; then the directory is reset from its pristine copy.
    pub episode: u64,
    /// The share of texts that are byte-mutated scripts (the rest are generated).
    pub mutated: f64,
    /// Print progress every this many statements (0: never).
    pub progress: u64,
}

impl Config {
    /// A run of `statements` statements with seed `seed` and the defaults.
    pub fn new(seed: u64, statements: u64) -> Config {
        Config {
            seed,
            statements,
            budget: Duration::from_secs(2),
            hang: Duration::from_secs(60),
            full_every: 200,
            import_every: 25,
            episode: 2_000,
            mutated: 0.3,
            progress: 0,
        }
    }
}

/// Something a run found.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What went wrong.
    pub what: String,
    /// The text (statement, script or file name) that did it.
    pub text: String,
}

/// What a run did and found.
#[derive(Debug, Default)]
pub struct Report {
    /// Texts run (generated statements, near-valid ones, mutated scripts).
    pub texts: u64,
    /// Of which byte-mutated scripts.
    pub mutated_texts: u64,
    /// Texts refused by the parser (each with a checked position).
    pub syntax_errors: u64,
    /// Statements executed against the directory.
    pub executed: u64,
    /// Of which succeeded.
    pub succeeded: u64,
    /// Of which failed (each checked to have changed nothing).
    pub failed: u64,
    /// Failing statements also checked with the full fingerprint.
    pub full_checks: u64,
    /// Mutated import files tried.
    pub imports: u64,
    /// Of which failed (each checked to be an `Error::Import` with a line, importing nothing).
    pub imports_failed: u64,
    /// Statements not run because they are long by design (large `generate` counts).
    pub skipped: u64,
    /// Episodes (fresh copies of the directory).
    pub episodes: u64,
    /// The slowest statement and its time.
    pub slowest: (Duration, String),
    /// What went wrong.
    pub findings: Vec<Finding>,
}

impl Report {
    fn find(&mut self, what: impl Into<String>, text: &str) {
        let what = what.into();
        eprintln!("FINDING: {what}\n  in: {}", shorten(text));
        self.findings.push(Finding {
            what,
            text: text.to_owned(),
        });
    }
}

/// `text` cut to a printable length.
pub fn shorten(text: &str) -> String {
    let cut: String = text.chars().take(400).collect();
    if cut.len() < text.len() {
        format!("{cut}… ({} bytes)", text.len())
    } else {
        cut
    }
}

/// Ends the process when a statement runs past the hang limit (a hang cannot be unwound).
struct Watchdog {
    armed: Arc<Mutex<Option<(Instant, String)>>>,
}

impl Watchdog {
    fn start(hang: Duration) -> Watchdog {
        let armed: Arc<Mutex<Option<(Instant, String)>>> = Arc::default();
        let watched = Arc::clone(&armed);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let Ok(guard) = watched.lock() else { return };
                if let Some((since, text)) = guard.as_ref() {
                    if since.elapsed() > hang {
                        eprintln!("HANG: a statement ran for more than {hang:?}:\n{}", shorten(text));
                        std::process::exit(3);
                    }
                }
            }
        });
        Watchdog { armed }
    }

    fn arm(&self, text: &str) {
        if let Ok(mut g) = self.armed.lock() {
            *g = Some((Instant::now(), text.to_owned()));
        }
    }

    fn disarm(&self) {
        if let Ok(mut g) = self.armed.lock() {
            *g = None;
        }
    }
}

/// The files a mutated import starts from: (format word, extension, bytes).
pub(crate) type Base = (&'static str, &'static str, Vec<u8>);

/// A fuzzing run: the folders, the pristine directory, the generator.
pub struct Fuzzer {
    config: Config,
    _temp: tempfile::TempDir,
    pristine: PathBuf,
    empty: PathBuf,
    work: PathBuf,
    files: PathBuf,
    grammar: Grammar,
    bases: Vec<Base>,
    /// Valid scripts, to mutate.
    seeds: Vec<String>,
    watchdog: Watchdog,
    /// The report so far.
    pub report: Report,
    full_due: bool,
}

impl Fuzzer {
    /// Prepares a run: the pristine directory (the demo and an empty tenant F), the files
    /// folder, the import files to mutate, the vocabulary.
    pub fn new(config: Config) -> Fuzzer {
        let temp = tempfile::tempdir().expect("temporary folder");
        let files = temp.path().join("files");
        std::fs::create_dir(&files).expect("files folder");
        std::fs::create_dir(files.join("sub")).expect("sub folder");
        let pristine = temp.path().join("pristine.redb");
        let empty = temp.path().join("empty.redb");
        drop(Directory::open(&empty).expect("empty directory"));
        let (vocab, bases) = {
            let directory = Directory::open(&pristine).expect("pristine directory");
            let mut s = directory.session();
            s.execute(
                "demo; create tenant F name \"Fuzz\" domain f.example;
                 create sync \"A to B\" from tenant A to tenant B scope all users; start sync \"A to B\";
                 create sync \"B to C\" from tenant B to tenant C scope assigned;
                 assign group Collab to sync \"B to C\"; start sync \"B to C\"",
            )
            .expect("demo");
            let vocab = setup::vocabulary(&mut s);
            let bases = setup::base_files(&mut s, &files);
            (vocab, bases)
        };
        let mut grammar = Grammar::new(config.seed, vocab);
        let seeds = (0..200).map(|_| grammar.script(0.0)).collect();
        Fuzzer {
            watchdog: Watchdog::start(config.hang),
            config,
            work: temp.path().join("work.redb"),
            _temp: temp,
            pristine,
            empty,
            files,
            grammar,
            bases,
            seeds,
            report: Report::default(),
            full_due: false,
        }
    }

    fn open_episode(&mut self) -> Directory {
        self.report.episodes += 1;
        let from = if self.grammar.rng.random_bool(0.05) {
            &self.empty
        } else {
            &self.pristine
        };
        std::fs::copy(from, &self.work).expect("copy the pristine directory");
        let options = Options {
            files: FileAccess::Within(self.files.clone()),
            ..Options::default()
        };
        Directory::open_with(&self.work, options).expect("open the work directory")
    }

    /// Runs the configured number of statements.
    pub fn run(&mut self) {
        let started = Instant::now();
        let mut done = 0u64;
        let mut next_progress = self.config.progress;
        while done < self.config.statements {
            let directory = self.open_episode();
            let mut session = directory.session();
            let mut committed = Some(digest(&directory));
            let mut in_episode = 0u64;
            while in_episode < self.config.episode && done < self.config.statements {
                let before = self.report.executed + self.report.syntax_errors;
                let healthy = if self.config.import_every > 0 && done % self.config.import_every == 0 {
                    self.import(&directory, &mut session, &mut committed)
                } else {
                    self.text(&directory, &mut session, &mut committed)
                };
                let ran = (self.report.executed + self.report.syntax_errors - before).max(1);
                done += ran;
                in_episode += ran;
                if !healthy {
                    break;
                }
                if next_progress > 0 && done >= next_progress {
                    next_progress += self.config.progress;
                    let rate = done as f64 / started.elapsed().as_secs_f64();
                    eprintln!(
                        "{done} statements ({rate:.0}/s): {} executed, {} failed, {} syntax errors, {} imports, {} findings",
                        self.report.executed,
                        self.report.failed,
                        self.report.syntax_errors,
                        self.report.imports,
                        self.report.findings.len()
                    );
                }
            }
        }
    }

    /// One generated or mutated text. False when the episode must end (after a panic).
    fn text(&mut self, directory: &Directory, s: &mut Session<'_>, committed: &mut Option<u64>) -> bool {
        let text = if self.grammar.rng.random_bool(self.config.mutated) {
            self.report.mutated_texts += 1;
            let seed = self.seeds.choose(&mut self.grammar.rng).cloned().unwrap_or_default();
            mutate::mutate_text(&mut self.grammar.rng, &seed)
        } else {
            self.grammar.script(0.5)
        };
        self.report.texts += 1;
        let parsed = catch_unwind(|| mtodir::parse_script(&text));
        let statements = match parsed {
            Err(_) => {
                self.report.find("the parser panicked", &text);
                return true;
            }
            Ok(Err(e)) => {
                self.report.syntax_errors += 1;
                if let Err(why) = check_error(&text, &e, true) {
                    self.report.find(format!("syntax error: {why}"), &text);
                }
                return true;
            }
            Ok(Ok(statements)) => statements,
        };
        for located in &statements {
            if long_by_design(&located.stmt) {
                self.report.skipped += 1;
                continue;
            }
            let in_txn = s.in_transaction();
            let full = self.full_due && self.config.full_every > 0;
            // The digest of the committed tables, taken before every statement that may write
            // (and every 64th other one): a failing statement must leave it as it was.
            let checked = changes_committed(&located.stmt) || full || self.report.executed % 64 == 0;
            if checked && committed.is_none() {
                *committed = Some(digest(directory));
            }
            // Inside a block, what a failing write leaves is read through the block (a read
            // changes nothing there: its tables are checked once the block ends).
            let view_before = ((in_txn && located.stmt.writes()) || full).then(|| checks::view(s, full));
            self.watchdog.arm(&text);
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| mtodir::lang::exec::statement(s, &located.stmt)));
            let took = started.elapsed();
            self.watchdog.disarm();
            self.report.executed += 1;
            if took > self.report.slowest.0 {
                self.report.slowest = (took, shorten(&text));
            }
            if took > self.config.budget {
                self.report.find(format!("a statement took {took:?}"), &text);
            }
            match outcome {
                Err(_) => {
                    self.report.find("a statement panicked", &text);
                    return false;
                }
                Ok(Ok(output)) => {
                    self.report.succeeded += 1;
                    for mode in [Mode::Table, Mode::Json, Mode::Csv] {
                        let _ = render(&output, mode);
                    }
                    if !s.in_transaction() && changes_committed(&located.stmt) {
                        *committed = None;
                    }
                }
                Ok(Err(e)) => {
                    self.report.failed += 1;
                    let e = e.locate_in(&text, Some(located.span));
                    if let Err(why) = check_error(&text, &e, false) {
                        self.report.find(why, &text);
                    }
                    if let Some(before) = committed.filter(|_| checked) {
                        let now = digest(directory);
                        if now != before {
                            self.report
                                .find(format!("a failing statement changed the file: {e}"), &text);
                            *committed = Some(now);
                        }
                    }
                    let rolled_back = matches!(e, Error::RolledBack(_));
                    if rolled_back && s.in_transaction() {
                        self.report.find("a rolled-back block is still open", &text);
                    }
                    if let Some(before) = view_before {
                        let expected_same = !rolled_back && s.in_transaction() == in_txn;
                        if expected_same && checks::view(s, full) != before {
                            self.report
                                .find(format!("a failing statement changed the view: {e}"), &text);
                        }
                        if full {
                            self.report.full_checks += 1;
                            self.full_due = false;
                        }
                    }
                    if self.config.full_every > 0 && self.report.failed % self.config.full_every == 0 {
                        self.full_due = true;
                    }
                    return true;
                }
            }
        }
        true
    }

    /// One mutated import file, imported as the operator into tenant F (inside `begin` …
    /// `rollback` four times out of five). False when the episode must end.
    fn import(&mut self, directory: &Directory, s: &mut Session<'_>, committed: &mut Option<u64>) -> bool {
        if directory.tenant_handles().map_or(true, |h| !h.iter().any(|h| h == "F")) {
            return true;
        }
        let rng = &mut self.grammar.rng;
        let Some((word, ext, base)) = self.bases.choose(rng).cloned() else {
            return true;
        };
        let mut bytes = base;
        mutate::mutate(rng, &mut bytes);
        let name = format!("import-{}.{ext}", self.report.imports % 16);
        std::fs::write(self.files.join(&name), &bytes).expect("write the import file");
        let in_block = rng.random_bool(0.8);
        s.rollback();
        s.use_operator().expect("an unconfined session");
        if in_block {
            s.begin().expect("begin");
        }
        let statement = format!("import users into tenant F from \"{name}\" format {word}");
        self.report.imports += 1;
        self.report.executed += 1;
        self.watchdog.arm(&statement);
        let outcome = catch_unwind(AssertUnwindSafe(|| s.execute(&statement)));
        self.watchdog.disarm();
        let lines = bytes.split(|b| *b == b'\n').count() as u64;
        let healthy = match outcome {
            Err(_) => {
                self.report.find("an import panicked", &name);
                keep(&self.files, &name, &bytes);
                false
            }
            Ok(Ok(_)) => {
                self.report.succeeded += 1;
                true
            }
            Ok(Err(e)) => {
                self.report.failed += 1;
                self.report.imports_failed += 1;
                match e.root() {
                    // A missing header is reported at the line after the last one.
                    Error::Import { path, line, .. }
                        if path == Path::new(&name) && *line >= 1 && *line <= lines + 1 => {}
                    _ => {
                        self.report
                            .find(format!("an import failed without its file and line: {e:?}"), &name);
                        keep(&self.files, &name, &bytes);
                    }
                }
                if s.in_transaction() {
                    self.report.find("a failed import left its block open", &name);
                }
                true
            }
        };
        s.rollback();
        let now = digest(directory);
        if committed.is_some_and(|before| before != now) && in_block {
            self.report
                .find("an import inside a rolled-back block changed the file", &name);
        }
        *committed = Some(now);
        healthy
    }
}

/// Keeps a file that found something, for the report.
fn keep(files: &Path, name: &str, bytes: &[u8]) {
    let kept = std::env::temp_dir().join(format!("mtodir-fuzz-{name}"));
    let _ = std::fs::write(&kept, bytes);
    eprintln!("  kept as {} (from {})", kept.display(), files.display());
}

/// Statements that do legitimate work in proportion to a number they give: `generate` of
/// more than a thousand users (up to `MAX_GENERATE`, bounded and tested in tests/bounds.rs).
/// Byte mutations make such counts out of huge ones; the fuzzer does not run them.
fn long_by_design(stmt: &Statement) -> bool {
    use mtodir::lang::ast::InterchangeStmt;
    matches!(
        stmt,
        Statement::Interchange(InterchangeStmt::Generate { count, .. })
            if *count > 1_000 && *count <= mtodir::limits::MAX_GENERATE
    )
}

/// True for statements whose success may change the committed state.
fn changes_committed(stmt: &Statement) -> bool {
    stmt.writes() || stmt.manages_transactions()
}

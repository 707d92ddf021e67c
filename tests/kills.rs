//! kill -9 of a real `mtodir` process at random (seeded) moments of an import of many users,
//! a bulk `update users … set`, and a script of many `begin … commit` blocks. After each kill
//! `mtodir FILE --check` must repair the file (saying so), find no problem, and the directory
//! must hold each statement whole or not at all: the import's tenant with all its users or
//! none, the update on every user it matches or on none, the script's blocks up to one of
//! them. CI runs a few kills on a few thousand users; by hand, e.g.
//! `MTODIR_KILLS=100 MTODIR_KILL_USERS=100000 cargo test --release --test kills -- --nocapture`.
#![cfg(unix)]

mod common;

use common::count;
use mtodir::Directory;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn mtodir(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mtodir"));
    c.arg(db).args(args).stdin(Stdio::null());
    c
}

/// Runs to the end and insists on success.
fn run(db: &Path, args: &[&str]) -> String {
    let out = mtodir(db, args).output().expect("mtodir runs");
    assert!(
        out.status.success(),
        "mtodir {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What one step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// `create tenant T<k> …; import users into tenant T<k> …` (then the CLI compacts).
    Import(u64),
    /// `update users in tenant A where department = "Sales" set city = "City<k>"`.
    Update(u64),
    /// A script of `begin … commit` blocks after block `from`.
    Script { from: u64 },
}

/// What the directory must show, and what may have changed.
struct World {
    dir: tempfile::TempDir,
    db: PathBuf,
    csv: String,
    users: u64,
    blocks: u64,
    /// Imports tried, and those that landed.
    imports: Vec<(u64, bool)>,
    city: String,
    counter: u64,
}

impl World {
    fn new(users: u64, blocks: u64) -> World {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kills.redb");
        let scratch = dir.path().join("scratch.redb");
        let csv_path = dir.path().join("x.csv");
        run(
            &scratch,
            &[
                "-c",
                &format!(
                    "create tenant X domain x.example; generate users into tenant X count {users} seed 2;
                     export users of tenant X to \"{}\"",
                    csv_path.display()
                ),
            ],
        );
        let csv = std::fs::read_to_string(&csv_path).unwrap();
        run(
            &db,
            &[
                "-c",
                &format!(
                    "create tenant A name \"Contoso\" domain a.example; generate users into tenant A count {users} seed 1;
                     create group Steps in tenant A;
                     create user counter@a.example in tenant A with physicalDeliveryOfficeName = \"0\";
                     update users in tenant A where department = \"Sales\" set city = \"City0\""
                ),
            ],
        );
        World {
            dir,
            db,
            csv,
            users,
            blocks,
            imports: Vec::new(),
            city: "City0".into(),
            counter: 0,
        }
    }

    /// The arguments of a step (writing the files it reads).
    fn args(&self, step: Step) -> Vec<String> {
        match step {
            Step::Import(k) => {
                let path = self.dir.path().join(format!("t{k}.csv"));
                std::fs::write(&path, self.csv.replace("x.example", &format!("t{k}.example"))).unwrap();
                let text = format!(
                    "create tenant T{k} name \"T{k}\" domain t{k}.example; import users into tenant T{k} from \"{}\"",
                    path.display()
                );
                vec!["-c".into(), text]
            }
            Step::Update(k) => vec![
                "-c".into(),
                format!("update users in tenant A where department = \"Sales\" set city = \"City{k}\""),
            ],
            Step::Script { from } => {
                let mut text = String::new();
                for i in from + 1..=from + self.blocks {
                    text.push_str(&format!(
                        "begin;\ncreate user s{i}@a.example in tenant A with displayName = \"Step {i}\", jobTitle = \"Step\";\n\
                         add user s{i}@a.example to group Steps in tenant A;\n\
                         update user counter@a.example in tenant A set physicalDeliveryOfficeName = \"{i}\";\ncommit;\n"
                    ));
                }
                let path = self.dir.path().join("steps.mtoql");
                std::fs::write(&path, text).unwrap();
                vec!["-f".into(), path.display().to_string()]
            }
        }
    }

    /// Checks that the file holds `step` whole or not at all, and learns which.
    fn verify(&mut self, step: Step) {
        let directory = Directory::open(&self.db).expect("the file opens after the check");
        let mut s = directory.session();
        let handles = directory.tenant_handles().unwrap();
        for (k, landed) in &mut self.imports {
            let handle = format!("T{k}");
            if handles.contains(&handle) {
                let n = count(&mut s, &format!("count users in tenant {handle}"));
                assert_eq!(n, self.users, "tenant {handle} holds part of its import");
                *landed = true;
            } else {
                assert!(!*landed, "tenant {handle} was imported, and is gone");
            }
        }
        let sales = count(
            &mut s,
            "count users in tenant A where department = \"Sales\" and isSoftDeleted = false",
        );
        let old = count(
            &mut s,
            &format!(
                "count users in tenant A where department = \"Sales\" and isSoftDeleted = false and city = \"{}\"",
                self.city
            ),
        );
        if let Step::Update(k) = step {
            let new = format!("City{k}");
            let moved = count(
                &mut s,
                &format!(
                    "count users in tenant A where department = \"Sales\" and isSoftDeleted = false and city = \"{new}\""
                ),
            );
            assert!(
                (old == sales && moved == 0) || (moved == sales && old == 0),
                "the update is partly there: {old} of {sales} in {}, {moved} in {new}",
                self.city
            );
            if moved == sales {
                self.city = new;
            }
        } else {
            assert_eq!(old, sales, "the Sales users moved without an update");
        }
        let counter = common::property(&mut s, "counter@a.example", "A", "physicalDeliveryOfficeName");
        let counter: u64 = counter.parse().expect("the counter is a number");
        let steps = count(&mut s, "count users in tenant A where jobTitle = \"Step\"");
        let members = count(&mut s, "count users in tenant A where memberOf = Steps");
        assert_eq!((steps, members), (counter, counter), "a block is partly there");
        let most = match step {
            Step::Script { from } => from + self.blocks,
            _ => self.counter,
        };
        assert!((self.counter..=most).contains(&counter), "the counter is {counter}");
        self.counter = counter;
    }
}

#[test]
fn kill_9_at_random_moments_loses_nothing_and_leaks_nothing() {
    let kills = env_number("MTODIR_KILLS", 4);
    let users = env_number("MTODIR_KILL_USERS", 1500);
    let blocks = env_number("MTODIR_KILL_BLOCKS", 30);
    let mut rng = ChaCha8Rng::seed_from_u64(env_number("MTODIR_KILL_SEED", 7));
    let started = Instant::now();
    let mut world = World::new(users, blocks);
    // How long each kind of step takes: learned when one finishes, and stretched after each
    // kill, so that the kills spread over the whole of each step.
    let mut takes = [Duration::from_millis(1500); 3];
    let (mut killed, mut finished, mut repairs, mut k) = (0u64, 0u64, 0u64, 0u64);
    let mut killed_in = [0u64; 3];
    while killed < kills {
        k += 1;
        let imports_landed = world.imports.iter().filter(|(_, l)| *l).count();
        // The first steps take each kind in turn; then they are drawn.
        let kind = if k <= 3 { (k + 1) % 3 } else { rng.random_range(0..3) };
        let step = match kind {
            0 if imports_landed < 3 => Step::Import(k),
            0 | 1 => Step::Update(k),
            _ => Step::Script { from: world.counter },
        };
        if let Step::Import(k) = step {
            world.imports.push((k, false));
        }
        let kind = match step {
            Step::Import(_) => 0,
            Step::Update(_) => 1,
            Step::Script { .. } => 2,
        };
        let args = world.args(step);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let delay = takes[kind].mul_f64(rng.random_range(0.0..1.0));
        let begun = Instant::now();
        let mut child = mtodir(&world.db, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mtodir starts");
        std::thread::sleep(delay);
        let child_killed = match child.try_wait().expect("wait") {
            Some(status) => {
                assert!(status.success(), "{step:?} failed: {status}");
                takes[kind] = begun.elapsed().mul_f64(1.1);
                finished += 1;
                false
            }
            None => {
                child.kill().expect("SIGKILL");
                child.wait().expect("reaped");
                takes[kind] = takes[kind].mul_f64(1.3);
                killed += 1;
                killed_in[kind] += 1;
                true
            }
        };
        if let Step::Import(k) = step {
            let _ = std::fs::remove_file(world.dir.path().join(format!("t{k}.csv")));
        }
        let said = run(&world.db, &["--check"]);
        let repaired = said.contains(&format!("repairing {} after an unclean shutdown…", world.db.display()));
        repairs += u64::from(repaired);
        let counter = world.counter;
        world.verify(step);
        eprintln!(
            "step {k}: {step:?}, {} {delay:.1?}{}; {} script blocks, {} imports landed",
            if child_killed { "killed at" } else { "finished before" },
            if repaired { ", repaired on reopening" } else { "" },
            world.counter,
            world.imports.iter().filter(|(_, l)| *l).count()
        );
        if let Step::Script { from } = step {
            // Killed after committing some blocks and before the last: the file needed
            // redb's repair, and the shell said so.
            if world.counter > from && world.counter < from + blocks {
                assert!(
                    repaired,
                    "after blocks {counter}..{}, no repair was reported: {said}",
                    world.counter
                );
            }
        }
    }
    eprintln!(
        "{killed} kills survived ({} in imports, {} in updates, {} in scripts; {repairs} repairs reported; \
         {finished} steps finished first) on {users} users per import, {} imports landed, {} script blocks, in {:.0?}",
        killed_in[0],
        killed_in[1],
        killed_in[2],
        world.imports.iter().filter(|(_, l)| *l).count(),
        world.counter,
        started.elapsed()
    );
}

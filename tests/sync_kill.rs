//! A cycle killed at any moment leaves every target user either fully provisioned or absent,
//! and the next cycle finishes the work.
//!
//! The demo without its syncs (whose organization allows A to synchronize into B) gets a few thousand generated
//! users in A and a started configuration "A to B" over all users. The `mtodir` binary then
//! runs `run sync "A to B"` and is killed (SIGKILL: `Child::kill` on Unix) after a seeded
//! random delay. The file is reopened with the library and checked: every B2B user of A in B
//! was created by the configuration (a successful `create` entry in its log names it), is a
//! Member with its home user's mapped attributes, and matches exactly one home user; the log
//! has no `create` entry whose user is missing. The kills go on until a run finishes by
//! itself or the kills run out; then one more `run sync` (with the library) must leave B
//! holding a copy of every in-scope user, each once.
//!
//! `SYNC_KILLS` sets the number of kills (3 by default), `SYNC_KILL_USERS` the number of
//! generated users (2000 by default), `SYNC_KILL_SEED` the seed of the delays (7).

mod common;

use common::upns;
use mtodir::api::SyncRef;
use mtodir::model::Attr;
use mtodir::model::sync::{Action, Apply, MappingSource, Status};
use mtodir::{Directory, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// SplitMix64: the seeded delays.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

const A_TO_B: SyncRef<'static> = SyncRef {
    name: "A to B",
    source: Some("A"),
};

/// Checks that every target user is fully provisioned; returns how many there are.
fn check_all_or_nothing(path: &Path) -> usize {
    let directory = Directory::open(path).expect("the killed file opens");
    let mut s = directory.session();
    let config = s.sync(A_TO_B).unwrap().config;
    let creates: BTreeMap<_, _> = s
        .provisioning_logs(Some(A_TO_B))
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.action == Action::Create && e.status == Status::Success)
        .map(|(_, e)| {
            (
                e.target.expect("a create names its user").0,
                e.source.expect("and its home user"),
            )
        })
        .collect();
    let direct: Vec<Attr> = config
        .mappings
        .iter()
        .filter(|m| m.apply == Apply::Always && m.target != Attr::Manager)
        .filter_map(|m| match m.source {
            MappingSource::Direct(a) if a == m.target => Some(a),
            _ => None,
        })
        .collect();
    let copies = upns(
        &mut s,
        "find users in tenant B where homeTenant = A order by userPrincipalName limit 100000",
    );
    let mut homes = BTreeSet::new();
    for upn in &copies {
        let copy = s.user("B", upn).unwrap();
        let (home_id, home_upn) = creates
            .get(&copy.id)
            .unwrap_or_else(|| panic!("{upn} is in B without a create entry in the log"));
        assert!(homes.insert(*home_id), "two copies of {home_upn}");
        let home = s.user("A", home_upn).unwrap();
        assert_eq!(home.id, *home_id);
        assert_eq!(copy.user_type.as_str(), "Member", "{upn}");
        for attr in &direct {
            let value = home.get(*attr);
            if value != Value::Null {
                assert_eq!(copy.get(*attr), value, "{upn} {}", attr.name());
            }
        }
    }
    assert_eq!(creates.len(), copies.len(), "every create entry's user is in B");
    copies.len()
}

#[test]
fn a_killed_cycle_provisions_all_or_nothing_and_the_next_one_finishes() {
    let kills = env("SYNC_KILLS", 3);
    let users = env("SYNC_KILL_USERS", 2000);
    let mut rng = Seeded(env("SYNC_KILL_SEED", 7));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.redb");
    let expected = {
        let directory = Directory::open(&path).unwrap();
        let mut s = directory.session();
        s.execute(&format!(
            "demo without sync; generate users into tenant A count {users} seed 42; \
             create sync \"A to B\" from tenant A to tenant B scope all users; start sync \"A to B\""
        ))
        .unwrap();
        common::count(
            &mut s,
            "count users in tenant A where source = internal and isSoftDeleted = false",
        ) as usize
    };
    // How long an uninterrupted run takes, to spread the kills over it: time one on a copy.
    let copy = dir.path().join("copy.redb");
    std::fs::copy(&path, &copy).unwrap();
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_mtodir"))
        .arg(&copy)
        .args(["-c", "run sync \"A to B\""])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let full = started.elapsed().as_millis() as u64;
    let in_scope = check_all_or_nothing(&copy);
    assert_eq!(in_scope, expected, "the uninterrupted run provisions everyone in scope");
    assert!(in_scope as u64 > users / 2, "most generated users are internal");

    let (mut killed, mut finished) = (0, 0);
    for _ in 0..kills {
        let delay = rng.next() % full.max(1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtodir"))
            .arg(&path)
            .args(["-c", "run sync \"A to B\""])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success());
                finished += 1;
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                killed += 1;
            }
        }
        let present = check_all_or_nothing(&path);
        assert!(
            present == 0 || present == in_scope,
            "a cycle is one transaction: {present} of {in_scope}"
        );
        if present == in_scope {
            break;
        }
    }
    eprintln!("{killed} kills, {finished} runs finished before their kill ({users} users, a run takes {full} ms)");
    {
        let directory = Directory::open(&path).unwrap();
        let mut s = directory.session();
        s.run_sync(A_TO_B).unwrap();
    }
    assert_eq!(check_all_or_nothing(&path), in_scope, "the next run finishes the work");
}

//! The diagnosis reads what a provisioning log last said about a user two ways: newest entry
//! first for one person (`explain visibility`), or the whole log once, indexed, for many
//! (`check organization`). After any sequence of cycles, refused users, skipped creates,
//! deletions and restores, both give the same answer for every configuration and user (the
//! index keeping only last entries that were not a success).

mod common;

use common::{demo, one};
use mtodir::Session;
use mtodir::model::sync::Status;
use mtodir::sync::diagnose::LogReading;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DEPARTMENTS: [&str; 4] = ["Legal", "R&D", "Sales", "Design"];

/// One random step of an administrator's day on the demo: mappings that B refuses for some
/// departments, departments changing, actions switched, the scope narrowed, cycles run.
fn step(s: &mut Session<'_>, rng: &mut StdRng, users: &[String]) {
    let statement = match rng.random_range(0..7) {
        0 => {
            let refused = DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())];
            format!(
                r#"map userType of sync "A to B" to Switch([department], "Member", "{refused}", "Contractor") always"#
            )
        }
        1 => r#"map userType of sync "A to B" to "Member" on create"#.to_owned(),
        2 => {
            let user = &users[rng.random_range(0..users.len())];
            let department = DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())];
            format!(r#"update user {user} in tenant A set department = "{department}""#)
        }
        3 => {
            let create = if rng.random_bool(0.5) { "on" } else { "off" };
            format!(r#"set actions of sync "A to B" create {create}, update on, delete on"#)
        }
        4 => {
            let department = DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())];
            format!(r#"set scope filter of sync "A to B" to department != "{department}""#)
        }
        5 => r#"clear scope filter of sync "A to B""#.to_owned(),
        _ => r#"run sync "A to B""#.to_owned(),
    };
    one(s, &statement);
}

#[test]
fn the_indexed_log_answers_as_the_newest_entries_do() {
    let (mut unsuccessful, mut superseded) = (0, 0);
    for seed in 0..12u64 {
        let (_dir, directory) = demo();
        let mut s = directory.session();
        for statement in [
            r#"create sync "A to B" from tenant A to tenant B scope all users"#,
            r#"start sync "A to B""#,
        ] {
            one(&mut s, statement);
        }
        let users: Vec<String> = common::upns(&mut s, "find users in tenant A where source = internal")
            .into_iter()
            .take(8)
            .collect();
        let mut rng = StdRng::seed_from_u64(seed);
        for _ in 0..14 {
            step(&mut s, &mut rng, &users);
        }
        one(&mut s, r#"run sync "A to B""#);

        let config = s.syncs(Some("A")).unwrap().remove(0).config;
        let snapshot = s.snapshot().unwrap();
        let mut indexed = LogReading::indexed();
        let mut compared = 0;
        for (_, entry) in s.provisioning_logs(None).unwrap() {
            let Some((source, _)) = entry.source else { continue };
            let newest = LogReading::Newest
                .last_about(&snapshot, &config.id, &source, None)
                .unwrap()
                .filter(|l| l.status != Status::Success);
            let from_index = indexed.last_about(&snapshot, &config.id, &source, None).unwrap();
            assert_eq!(from_index, newest, "seed {seed}, source {source}");
            // Asked only about the log since this entry (a copy deleted then), the newest-first
            // reading stops there and agrees with the index's answer cut at that time.
            let since = Some(entry.at);
            let newest_since = LogReading::Newest
                .last_about(&snapshot, &config.id, &source, since)
                .unwrap()
                .filter(|l| l.status != Status::Success);
            let index_since = indexed.last_about(&snapshot, &config.id, &source, since).unwrap();
            assert_eq!(
                index_since, newest_since,
                "seed {seed}, source {source}, since {}",
                entry.at
            );
            assert_eq!(index_since, from_index.filter(|l| l.at >= entry.at), "seed {seed}");
            compared += 1;
            if entry.status != Status::Success {
                unsuccessful += 1;
                superseded += usize::from(newest.is_none());
            }
        }
        assert!(compared > 20, "seed {seed}: only {compared} entries");
    }
    // The sequences made failures and skips, and later successes that replaced some of them.
    assert!(
        unsuccessful > 10 && superseded > 0,
        "{unsuccessful} unsuccessful, {superseded} superseded"
    );
}

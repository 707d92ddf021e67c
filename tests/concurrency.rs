//! Readers while a writer writes: a `Directory` is `Send + Sync`, and reader threads that
//! search and count while one thread imports, updates and deletes always see one committed
//! state whole (MVCC snapshots): a count read in the same snapshot as its rows agrees with
//! them, no batch of users is half imported or half deleted, no user is half updated, and
//! every count is that of a state the writer committed. No reader ever fails.
//!
//! `MTODIR_READERS_ROUNDS=400 cargo test --release --test concurrency` runs longer. (A second
//! process opening the same file is refused: tests/atomicity.rs.)

mod common;

use mtodir::model::{Attr, SearchKind};
use mtodir::{Directory, Search, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Compile-time proof: a directory can be shared by threads.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Directory>();
};

/// Users per batch.
const BATCH: usize = 20;

/// What one snapshot shows of tenant W, checked for the invariants; returns the count of
/// users (every view) to compare with the committed states.
fn check_snapshot(session: &Session<'_>) -> Result<(u64, u64), String> {
    let tables = session.snapshot().map_err(|e| e.to_string())?;
    let tenant = tables.resolve_tenant("W").map_err(|e| e.to_string())?;
    let q = mtodir::search::PeopleQuery::new(tenant.ord, SearchKind::Find);
    let found = mtodir::search::search(&tables, &q).map_err(|e| e.to_string())?;
    let counted = mtodir::search::count(&tables, &q).map_err(|e| e.to_string())?;
    if counted != found.users.len() as u64 {
        return Err(format!(
            "count {counted} but {} rows in one snapshot",
            found.users.len()
        ));
    }
    let people = mtodir::people(tenant.ord);
    let live = mtodir::search::count(&tables, &people).map_err(|e| e.to_string())?;
    let live_rows = mtodir::search::search(&tables, &people)
        .map_err(|e| e.to_string())?
        .users
        .len() as u64;
    if live != live_rows {
        return Err(format!("people: count {live} but {live_rows} rows"));
    }
    // Per batch: how many users, how many deleted; every user's two fields agree.
    let mut batches: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for user in &found.users {
        let (job, city) = (user.get(Attr::JobTitle).to_string(), user.get(Attr::City).to_string());
        if job != city {
            return Err(format!("{} is half updated: {job} / {city}", user.user_principal_name));
        }
        let entry = batches.entry(user.get(Attr::Department).to_string()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(user.is_soft_deleted());
    }
    for (batch, (n, deleted)) in batches {
        if n != BATCH || (deleted != 0 && deleted != n) {
            return Err(format!("batch {batch}: {n} users, {deleted} deleted"));
        }
    }
    Ok((counted, live))
}

#[test]
fn readers_see_whole_committed_states_while_a_writer_imports_updates_and_deletes() {
    let rounds: usize = std::env::var("MTODIR_READERS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let (dir, directory) = common::empty();
    common::one(&mut directory.session(), "create tenant W domain w.example");
    // Every committed (users, live people) pair, registered before its commit.
    let states: Mutex<BTreeSet<(u64, u64)>> = Mutex::new([(0, 0)].into());
    let done = AtomicBool::new(false);
    let answers = AtomicU64::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for reader in 0..4 {
            let (directory, states, done, answers, failures) = (&directory, &states, &done, &answers, &failures);
            scope.spawn(move || {
                let session = directory.session();
                let fail = |m: String| failures.lock().unwrap().push(format!("reader {reader}: {m}"));
                while !done.load(Ordering::Acquire) {
                    match check_snapshot(&session) {
                        Ok(state) if states.lock().unwrap().contains(&state) => {}
                        Ok(state) => fail(format!("{state:?} is no committed state")),
                        Err(e) => fail(e),
                    }
                    // The typed API, one snapshot a call: each answer whole.
                    let search = Search::new(SearchKind::People).text("b");
                    match session.find("W", &search) {
                        Ok(found) if found.users.iter().all(|u| u.get(Attr::JobTitle) == u.get(Attr::City)) => {}
                        Ok(_) => fail("a half-updated user found".into()),
                        Err(e) => fail(e.to_string()),
                    }
                    if let Err(e) = session.count_matches("W", &Search::new(SearchKind::AddressList)) {
                        fail(e.to_string());
                    }
                    answers.fetch_add(3, Ordering::Relaxed);
                }
            });
        }
        // The writer: imports batches, updates them, deletes and restores them whole.
        let mut writer = directory.session();
        let (mut users, mut live) = (0u64, 0u64);
        let mut deleted: Vec<usize> = Vec::new();
        for round in 0..rounds {
            match round % 4 {
                0 | 1 => {
                    let path = dir.path().join(format!("batch{round}.csv"));
                    let mut csv = String::from("userPrincipalName,displayName,department,jobTitle,city\n");
                    for i in 0..BATCH {
                        csv.push_str(&format!("b{round}u{i}@w.example,Bea {round} {i},batch{round},t0,t0\n"));
                    }
                    std::fs::write(&path, csv).unwrap();
                    users += BATCH as u64;
                    live += BATCH as u64;
                    states.lock().unwrap().insert((users, live));
                    common::one(
                        &mut writer,
                        &format!("import users into tenant W from \"{}\"", path.display()),
                    );
                }
                2 => {
                    let value = format!("t{round}");
                    common::one(
                        &mut writer,
                        &format!(
                            "update users in tenant W where department = \"batch{}\" set jobTitle = \"{value}\", city = \"{value}\"",
                            round - 2
                        ),
                    );
                }
                _ => {
                    // Delete a live batch in one script (all or nothing), or restore one.
                    let batch = round - 3;
                    let script: String = (0..BATCH)
                        .map(|i| format!("delete user b{batch}u{i}@w.example in tenant W;\n"))
                        .collect();
                    live -= BATCH as u64;
                    states.lock().unwrap().insert((users, live));
                    writer.execute_script(&script).unwrap();
                    deleted.push(batch);
                    if deleted.len() > 2 {
                        let back = deleted.remove(0);
                        let script: String = (0..BATCH)
                            .map(|i| format!("restore user b{back}u{i}@w.example in tenant W;\n"))
                            .collect();
                        live += BATCH as u64;
                        states.lock().unwrap().insert((users, live));
                        writer.execute_script(&script).unwrap();
                    }
                }
            }
        }
        done.store(true, Ordering::Release);
        assert_eq!(check_snapshot(&writer).unwrap(), (users, live));
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} reader failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let answers = answers.into_inner();
    eprintln!("4 readers checked {answers} answers during {rounds} writer rounds");
    assert!(answers > 0);
}

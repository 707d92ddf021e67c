//! `check` of the synchronization records: every provisioned user has its link and its log.
//! A file that synchronized every way (shares, cycles, an invited user matched by home, an
//! unshare that soft-deletes, a restart, purges on both sides) checks sound; links and logs
//! damaged on purpose through redb's raw tables are found, in typed problems, and `--repair`
//! says it cannot rebuild them (links and logs are records, not derived) and leaves them.

mod common;

use common::{db_path, demo, one};
use mtodir::store::tables;
use mtodir::{Directory, Problem};
use redb::{ReadableTable, WriteTransaction};
use std::path::Path;

type Def = redb::TableDefinition<'static, &'static [u8], &'static [u8]>;

/// The demo after synchronizing every way; the directory is closed.
fn synced() -> tempfile::TempDir {
    let (dir, directory) = demo();
    let mut s = directory.session();
    // Annie is invited into B before the shares: the cycle finds her copy by home and links it.
    one(
        &mut s,
        "invite user annie@a.example from tenant A to tenant B as member;
         share users of tenant A group Collab with organization;
         share users of tenant B group Collab with organization;
         share users of tenant C group Collab with organization",
    );
    one(&mut s, "run syncs");
    one(
        &mut s,
        "create sync \"A to B\" from tenant A to tenant B scope all users; start sync \"A to B\"",
    );
    one(&mut s, "run sync \"A to B\"");
    one(&mut s, "unshare users of tenant C group Collab from organization");
    one(&mut s, "run syncs");
    one(&mut s, "restart sync \"A to B\" full");
    one(&mut s, "run sync \"A to B\"");
    // A source user purged, and a soft-deleted copy purged: their links outlive them.
    one(
        &mut s,
        "delete user mei.chen@a.example in tenant A; purge user mei.chen@a.example in tenant A",
    );
    let copies = common::upns(
        &mut s,
        "find users in tenant A where isSoftDeleted = true and source = b2b",
    );
    let copy = copies.first().expect("the unshare soft-deleted a copy in A");
    one(&mut s, &format!("purge user {} in tenant A", common::quoted(copy)));
    one(&mut s, "run syncs");
    drop(s);
    drop(directory);
    dir
}

fn damage(path: &Path, f: impl FnOnce(&WriteTransaction)) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_write().unwrap();
    f(&txn);
    txn.commit().unwrap();
}

fn entries(txn: &WriteTransaction, def: Def) -> Vec<(Vec<u8>, Vec<u8>)> {
    let table = txn.open_table(def).unwrap();
    let all = table.iter().unwrap().map(|e| e.unwrap());
    all.map(|(k, v)| (k.value().to_vec(), v.value().to_vec())).collect()
}

/// The id of a user, from its `show user` row (the file is closed again).
fn id_of(path: &Path, upn: &str, tenant: &str) -> uuid::Uuid {
    let directory = Directory::open(path).unwrap();
    let id = common::property(&mut directory.session(), upn, tenant, "id");
    id.parse().unwrap()
}

/// Damages the synced file, checks that `check` finds a problem `found` accepts, and that
/// `repair` leaves it, saying so.
fn found_and_left(what: &str, f: impl FnOnce(&WriteTransaction, uuid::Uuid), found: impl Fn(&Problem) -> bool) {
    let dir = synced();
    let path = db_path(&dir);
    let bob = id_of(&path, "bob@b.example", "B");
    damage(&path, |txn| f(txn, bob));
    let directory = Directory::open(&path).unwrap();
    let report = directory.check().unwrap();
    assert!(report.problems.iter().any(&found), "{what}: {report}");
    assert!(!report.repairable(), "{what}: {report}");
    let said = report.to_string();
    assert!(said.contains("0 of those listed are mended"), "{what}: {said}");
    directory.repair().unwrap();
    let after = directory.check().unwrap();
    assert!(after.problems.iter().any(&found), "{what} after the repair: {after}");
}

#[test]
fn a_file_that_synchronized_every_way_is_sound() {
    let dir = synced();
    let directory = Directory::open(db_path(&dir)).unwrap();
    let report = directory.check().unwrap();
    assert!(report.is_sound(), "{report}");
    let c = report.counted;
    assert!(c.syncs == 7 && c.links > 30 && c.log_entries > c.links, "{c:?}");
    assert!(
        report.to_string().contains("7 synchronization configurations"),
        "{report}"
    );
    // The copy found by home is logged.
    let mut s = directory.session();
    let linked = common::rows(
        &mut s,
        "show provisioning logs where action = other and target = \"annie_a.example#EXT#@b.example\"",
    );
    assert!(!linked.rows.is_empty(), "{linked:?}");
}

#[test]
fn a_link_pointing_at_another_user() {
    found_and_left(
        "a link pointing at an internal user of the target",
        |txn, bob| {
            let (key, _) = entries(txn, tables::SYNC_LINKS).into_iter().next().unwrap();
            txn.open_table(tables::SYNC_LINKS)
                .unwrap()
                .insert(key.as_slice(), bob.as_bytes().as_slice())
                .unwrap();
        },
        |p| matches!(p, Problem::SyncLink { detail, .. } if detail.contains("bob@b.example") && detail.contains("not its copy")),
    );
}

#[test]
fn a_link_from_another_tenants_user() {
    found_and_left(
        "a link whose source is a user of the target",
        |txn, bob| {
            let (key, value) = entries(txn, tables::SYNC_LINKS).into_iter().next().unwrap();
            let mut moved = key[..16].to_vec();
            moved.extend_from_slice(bob.as_bytes());
            txn.open_table(tables::SYNC_LINKS)
                .unwrap()
                .insert(moved.as_slice(), value.as_slice())
                .unwrap();
        },
        |p| matches!(p, Problem::SyncLink { source, detail, .. } if source == "bob@b.example" && detail.contains("not of the source")),
    );
}

#[test]
fn a_log_without_its_entries() {
    found_and_left(
        "a configuration's log removed",
        |txn, _| {
            let log = entries(txn, tables::PROVISIONING_LOG);
            let config = log[0].0[..16].to_vec();
            let mut table = txn.open_table(tables::PROVISIONING_LOG).unwrap();
            for (key, _) in log.iter().filter(|(k, _)| k[..16] == config[..]) {
                table.remove(key.as_slice()).unwrap();
            }
        },
        |p| matches!(p, Problem::SyncLink { detail, .. } if detail.contains("no entry of the provisioning log")),
    );
    found_and_left(
        "a log entry removed",
        |txn, _| {
            let log = entries(txn, tables::PROVISIONING_LOG);
            txn.open_table(tables::PROVISIONING_LOG)
                .unwrap()
                .remove(log[1].0.as_slice())
                .unwrap();
        },
        |p| {
            matches!(
                p,
                Problem::LogGap {
                    expected: 2,
                    found: 3,
                    ..
                }
            )
        },
    );
}

#[test]
fn links_and_logs_of_no_configuration() {
    found_and_left(
        "records of a configuration that does not exist",
        |txn, _| {
            let (key, value) = entries(txn, tables::SYNC_LINKS).into_iter().next().unwrap();
            let mut stray = uuid::Uuid::from_u128(7).as_bytes().to_vec();
            stray.extend_from_slice(&key[16..]);
            txn.open_table(tables::SYNC_LINKS)
                .unwrap()
                .insert(stray.as_slice(), value.as_slice())
                .unwrap();
        },
        |p| {
            matches!(p, Problem::BadRecord { table: mtodir::store::Table::SyncLinks, detail, .. }
                if detail.contains("no synchronization configuration"))
        },
    );
}

/// An initial cycle large enough that the bulk buffer moves to a thread of its own (some 5,500
/// copies of about 25 posting entries each: past the 64k entries at which it moves), which
/// then derives the created copies' entries: the file checks sound, and every in-scope source
/// user is found in the target by people search and by the count of B2B members.
#[test]
fn a_large_initial_cycle_indexes_every_copy() {
    let (_dir, directory) = common::empty();
    let mut s = directory.session();
    one(
        &mut s,
        "create tenant S name \"Source\" domain s.example;
         create tenant T name \"Target\" domain t.example;
         create organization \"Large\" as tenant S;
         set organization template inbound sync = allow, inbound redemption = automatic, outbound redemption = automatic as tenant S;
         add tenant T to organization as tenant S;
         set organization template inbound sync = allow, inbound redemption = automatic, outbound redemption = automatic as tenant T;
         join organization \"Large\" as tenant T;
         generate users into tenant S count 6000 seed 11;
         create sync \"S to T\" from tenant S to tenant T scope all users;
         start sync \"S to T\"",
    );
    one(&mut s, "run sync \"S to T\"");
    let report = directory.check().unwrap();
    assert!(report.is_sound(), "{report}");
    let internal = common::count(
        &mut s,
        "count users in tenant S where source = internal and isSoftDeleted = false",
    );
    let copies = common::count(&mut s, "count users in tenant T where source = b2b");
    assert!(internal > 5000, "{internal}");
    assert_eq!(copies, internal);
    // A copy is found by a word of its name in the target's people search.
    let source =
        "find users in tenant S where source = internal and isSoftDeleted = false and accountEnabled = true limit 1";
    let upn = common::upns(&mut s, source);
    let mail = common::property(&mut s, &upn[0], "S", "mail");
    let surname = common::property(&mut s, &upn[0], "S", "surname");
    let found = common::mails(
        &mut s,
        &format!("search people in tenant T for {} limit 1000", common::quoted(&surname)),
    );
    assert!(found.contains(&mail), "{surname}: {mail} not in {found:?}");
}

//! Crash and fault injection at the organization's, the access settings' and
//! synchronization's writes (`tests/faults.rs` covers users, groups, bulk loads and
//! compaction, with the same harness: `tests/support/harness.rs`). Each path runs on a disk that
//! fails at a seeded sample of its writes, `set_len`s and syncs, with an I/O error or a power
//! loss; the surviving bytes must pass redb's check and mtodir's `check` (links and logs
//! included) and hold the directory as it was before the write or after it, never between
//! (the stable fingerprint covers access settings, the organization, every synchronization
//! configuration with its links and provisioning log).
//!
//! CI tries one sampled point per path besides the first and the last call; by hand:
//! `MTODIR_FAULT_POINTS=200 cargo test --release --test faults_org -- --nocapture` (or `all`),
//! `MTODIR_FAULT_SEED=N` picks other points.

mod common;
mod support;

use support::harness::{Tally, Write, WritePath, run_sampled};

/// Sampled failure points per path in CI (the first and the last call are always tried).
const CI_POINTS: usize = 1;

/// The demo's tenants, users and groups, without its organization.
fn people() -> String {
    let script = mtodir::demo::SCRIPT;
    let cut = script
        .find("-- The multitenant organization")
        .expect("the demo forms an organization");
    script[..cut].to_owned()
}

/// A synchronization from A to B of every internal user of A, started; the demo's
/// organization lets A synchronize into B.
const SYNC_A_TO_B: &str = "create sync \"A to B\" from tenant A to tenant B scope all users;
     map jobTitle of sync \"A to B\" to Join(\" \", [jobTitle], \"(A)\");
     start sync \"A to B\"";

/// Every tenant shares its Collab group with the organization (a started configuration to
/// each other tenant).
const SHARED: &str = "share users of tenant A group Collab with organization;
     share users of tenant B group Collab with organization;
     share users of tenant C group Collab with organization";

fn statements(name: &'static str, setup: impl Into<String>, write: &str) -> Tally {
    let tally = run_sampled(
        &WritePath {
            name,
            setup: setup.into(),
            write: Write::Statements(write.into()),
        },
        CI_POINTS,
    );
    assert!(tally.runs > 0 && tally.kept_before + tally.kept_after == tally.runs);
    tally
}

// ---------------------------------------------------------------------------------------------
// The organization

#[test]
fn create_organization() {
    statements(
        "create organization",
        people(),
        "create organization \"Contoso Group\" description \"Contoso and the companies it acquired\" as tenant A",
    );
}

#[test]
fn add_and_join() {
    let created = format!(
        "{}; create organization \"Contoso Group\" as tenant A;
         set organization template inbound sync = allow, inbound redemption = automatic,
           outbound redemption = automatic as tenant A",
        people()
    );
    statements(
        "add tenant",
        created.clone(),
        "add tenant B to organization as tenant A",
    );
    // Joining writes the partner configurations both ways in one transaction.
    statements(
        "join organization",
        format!("{created}; add tenant B to organization as tenant A"),
        "join organization \"Contoso Group\" as tenant B",
    );
}

#[test]
fn role_change_and_leave() {
    statements("role change", "demo", "set role of tenant B to owner as tenant A");
    statements("leave organization", "demo", "leave organization as tenant C");
}

#[test]
fn remove_labels_calendar_template_in_one_block() {
    statements(
        "organization block",
        "demo",
        "begin;
         remove tenant C from organization as tenant A;
         set labels = organization name as tenant A;
         set calendar sharing with tenant B = off as tenant A;
         set organization template inbound trust mfa = on for new and existing partners as tenant A;
         commit",
    );
}

// ---------------------------------------------------------------------------------------------
// Access settings

#[test]
fn set_access() {
    statements(
        "set access",
        people(),
        "set access for tenant B partner A inbound sync = allow, inbound redemption = automatic,
           inbound collaboration = allow (annie@a.example), inbound trust mfa = on",
    );
}

#[test]
fn reset_default_and_delete_access() {
    statements("reset access", "demo", "reset access for tenant B partner A");
    statements(
        "default and delete access",
        "demo",
        "begin;
         set default access for tenant B outbound collaboration = block, inbound trust mfa = on;
         reset access for tenant C partner A inbound sync;
         delete access for tenant C partner A;
         commit",
    );
}

#[test]
fn invite() {
    statements(
        "invite",
        "demo",
        "invite user annie@a.example from tenant A to tenant B as member",
    );
}

// ---------------------------------------------------------------------------------------------
// Synchronization

#[test]
fn sync_configuration_edits() {
    statements(
        "sync configuration",
        "demo",
        "begin;
         create sync \"A to B\" from tenant A to tenant B scope assigned;
         assign group Collab to sync \"A to B\";
         assign user joanna.whitfield@a.example to sync \"A to B\";
         set scope filter of sync \"A to B\" to department != \"Sales\";
         map jobTitle of sync \"A to B\" to Join(\" \", [jobTitle], \"(A)\");
         unmap city of sync \"A to B\";
         set actions of sync \"A to B\" create on, update on, delete on;
         set deletion threshold of sync \"A to B\" to 3;
         start sync \"A to B\";
         commit",
    );
}

#[test]
fn share_with_the_organization() {
    statements(
        "share",
        "demo",
        "share users of tenant A group Collab with organization",
    );
}

#[test]
fn an_initial_cycle_provisions_users_and_writes_logs() {
    let t = statements(
        "run sync (initial)",
        format!("demo; {SYNC_A_TO_B}"),
        "run sync \"A to B\"",
    );
    assert!(t.calls > 10, "{t:?}");
}

#[test]
fn run_syncs_then_an_incremental_cycle() {
    statements(
        "run syncs (block)",
        format!("demo; {SHARED}"),
        "begin; run syncs; commit",
    );
    statements(
        "run sync (incremental)",
        format!(
            "demo; {SYNC_A_TO_B}; run sync \"A to B\";
             update user annie@a.example in tenant A set jobTitle = \"Head of Sales\", city = \"Oslo\";
             create user newcomer@a.example in tenant A with displayName = \"Newcomer\", manager = \"annie@a.example\""
        ),
        "run sync \"A to B\"",
    );
    statements(
        "provision on demand",
        format!("demo; {SYNC_A_TO_B}"),
        "provision user annie@a.example with sync \"A to B\"",
    );
}

#[test]
fn held_deletions_allowed() {
    statements(
        "allow deletes",
        format!(
            "demo; {SYNC_A_TO_B}; set actions of sync \"A to B\" create on, update on, delete on;
             set deletion threshold of sync \"A to B\" to 1; run sync \"A to B\";
             set scope filter of sync \"A to B\" to department = \"Sales\"; run sync \"A to B\""
        ),
        "allow deletes for sync \"A to B\"",
    );
}

#[test]
fn unshare_and_a_cycle_that_soft_deletes() {
    statements(
        "unshare and cycle",
        format!("demo; {SHARED}; run syncs"),
        "begin; unshare users of tenant C group Collab from organization; run syncs; commit",
    );
}

/// A cycle with nothing to do writes nothing, not even a commit: `run syncs` on a converged
/// organization makes no write and no sync on the disk, and a change then makes some.
#[test]
fn an_idle_cycle_touches_no_disk() {
    let bytes = support::harness::prepared(&format!("demo without sync; {SHARED}; run syncs"));
    let disk = support::faulty::Disk::new(bytes);
    let directory = support::harness::open(&disk);
    let mut s = directory.session();
    disk.count();
    let (rounds, done) = s.run_syncs(10).unwrap();
    assert_eq!((rounds, done.len()), (1, 6));
    assert!(done.iter().all(|(_, c)| c.examined == 0));
    assert_eq!(disk.calls(), 0, "an idle round wrote");
    s.execute("update user bob@b.example in tenant B set jobTitle = Lead")
        .unwrap();
    disk.count();
    let (_, done) = s.run_syncs(10).unwrap();
    assert_eq!(done.iter().map(|(_, c)| c.updated).sum::<u64>(), 2);
    assert!(disk.calls() > 0);
}

/// `run syncs` outside a transaction commits each cycle on its own: when a cycle fails on the
/// disk after others wrote users, the error names those (`Error::CyclesKept`), and the file
/// that survives the power loss holds each of them as it committed it.
#[test]
fn a_failed_cycle_of_run_syncs_names_the_cycles_kept() {
    use mtodir::Error;
    use support::faulty::{Disk, Fault};
    let bytes = support::harness::prepared(&format!("demo without sync; {SHARED}"));
    let calls = {
        let disk = Disk::new(bytes.clone());
        let directory = support::harness::open(&disk);
        disk.count();
        directory.session().run_syncs(10).expect("run syncs on a reliable disk");
        disk.calls()
    };
    let (mut wrapped, mut bare) = (0, 0);
    for at in (0..calls).step_by(usize::try_from(calls / 12).unwrap_or(1).max(1)) {
        let disk = Disk::new(bytes.clone());
        let kept = {
            let directory = support::harness::open(&disk);
            let mut s = directory.session();
            disk.arm(at, Fault::PowerLoss);
            let Err(e) = s.run_syncs(10) else { continue };
            assert!(matches!(e.root(), Error::FileIo(_) | Error::Unusable), "at {at}: {e:?}");
            match e {
                Error::CyclesKept { kept, .. } => {
                    wrapped += 1;
                    kept
                }
                _ => {
                    bare += 1;
                    Vec::new()
                }
            }
        };
        let survivor = Disk::new(disk.surviving());
        let directory = support::harness::open(&survivor);
        let mut s = directory.session();
        for (tenant, name) in &kept {
            let logged = s
                .execute(&format!(
                    "show provisioning logs for sync \"{name}\" in tenant {tenant} where status = success limit 1"
                ))
                .expect("the survivor reads its logs");
            assert!(
                matches!(logged.as_slice(), [mtodir::Output::Document { rows, .. }] if rows.rows.len() == 1),
                "at {at}: the cycle of {name} in {tenant} was said to be kept but wrote nothing in the file"
            );
        }
    }
    assert!(wrapped > 0, "no failure came after a cycle that wrote users");
    assert!(bare > 0, "no failure came in the first cycle");
}

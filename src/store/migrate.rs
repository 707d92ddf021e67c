//! Upgrading a file of an earlier format when it is opened.
//!
//! A change to key layouts or to derived tables (postings, counts, the unique-key tables) is a
//! file format bump: [`super::FORMAT_VERSION`] goes up by one and [`STEPS`] gains a step from
//! the old format to the new one. Opening a file of a format that the steps reach runs every
//! step from its format on, in order, in **one** write transaction that also creates the
//! tables this build has and the file lacks and then records the new format: a step that
//! fails leaves the file exactly as it was, and no reader ever sees a half-upgraded file.
//!
//! A step is a function over the write transaction. It opens the tables it needs by their
//! definitions (of its time: a step keeps working when later builds change the tables again)
//! or works through [`super::WriteTables`] (`Tables::new(txn)`, then `finish()`), and must not
//! commit. A file older than the first step is refused with the advice to export and
//! re-import; a file of a newer format is refused.

use super::{DEFS, tables};
use crate::error::{Error, Result};
use redb::WriteTransaction;

/// One upgrade of the file format.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The format it upgrades from.
    pub from: u32,
    /// The format the file has after it: the next step's `from`, or the current format.
    pub to: u32,
    /// What it changes, for messages (`rebuild the typeahead postings`).
    pub what: &'static str,
    /// The upgrade, inside the one transaction of the whole upgrade (it must not commit).
    pub run: fn(&WriteTransaction) -> Result<()>,
}

/// The upgrade steps of this build, oldest first; each step's `to` is the next one's `from`
/// and the last one's is [`super::FORMAT_VERSION`]. Format 3 is the first format that later
/// builds upgrade (formats 1 and 2 were development formats, refused with the advice to
/// export and re-import).
pub const STEPS: &[Step] = &[Step {
    from: 3,
    to: 4,
    what: "index managers: rebuild the postings",
    run: index_managers,
}];

/// 3 → 4: `manager` gained an equality posting (a manager's reports by index, for `manager =`
/// filters and for sync cycles that resolve references): the derived tables are rebuilt from
/// the records.
fn index_managers(txn: &WriteTransaction) -> Result<()> {
    super::rebuild::rebuild(txn, super::bulk::SPILL_ENTRIES).map(|_| ())
}

/// The oldest format that `steps` upgrade to `current`: the first step's `from`, or `current`
/// itself when there are no steps.
pub fn oldest(steps: &[Step], current: u32) -> u32 {
    steps.first().map_or(current, |s| s.from.min(current))
}

/// The steps, in order, that take a file from format `from` to `to`; `None` when `steps`
/// do not lead from one to the other.
pub fn chain(steps: &[Step], from: u32, to: u32) -> Option<Vec<&Step>> {
    let mut out = Vec::new();
    let mut at = from;
    for step in steps.iter().skip_while(|s| s.from != from) {
        if at == to {
            break;
        }
        if step.from != at || step.to <= at {
            return None;
        }
        out.push(step);
        at = step.to;
    }
    (at == to).then_some(out)
}

/// Upgrades the file of `db`, of format `from`, to format `to` by `steps`, in one write
/// transaction: creates every table of this build that the file lacks, runs the chain of
/// steps in order, records `to` as the file's format, and commits. On any failure nothing is
/// committed and the file stays at `from`.
pub fn upgrade(db: &redb::Database, from: u32, to: u32, steps: &[Step]) -> Result<()> {
    let Some(chain) = chain(steps, from, to) else {
        return Err(Error::Format(format!(
            "no upgrade leads from file format {from} to {to} in this build of mtodir"
        )));
    };
    let txn = db.begin_write()?;
    for def in DEFS {
        txn.open_table(def)?;
    }
    for step in chain {
        (step.run)(&txn).map_err(|e| {
            Error::Format(format!(
                "upgrading from file format {} to {} ({}) failed: {e}; the file is unchanged",
                step.from, step.to, step.what
            ))
        })?;
    }
    {
        let mut meta = txn.open_table(tables::META)?;
        meta.insert(b"format".as_slice(), to.to_be_bytes().as_slice())?;
    }
    txn.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FORMAT_VERSION, codec, keys};
    use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};

    #[test]
    fn the_steps_of_this_build_lead_to_the_current_format() {
        let from = oldest(STEPS, FORMAT_VERSION);
        assert!(from <= FORMAT_VERSION);
        let chain = chain(STEPS, from, FORMAT_VERSION).expect("the steps form one chain");
        assert_eq!(
            chain.len(),
            STEPS.len(),
            "every step is on the way to the current format"
        );
    }

    /// Synthetic steps over a synthetic format history 1 → 2 → 3 → 4.
    fn step(from: u32, what: &'static str, run: fn(&WriteTransaction) -> Result<()>) -> Step {
        Step {
            from,
            to: from + 1,
            what,
            run,
        }
    }

    const LOG: TableDefinition<&str, &str> = TableDefinition::new("test_upgrade_log");

    /// Appends `entry` to the log table, so the test sees which steps ran, and in what order.
    fn log(txn: &WriteTransaction, entry: &str) -> Result<()> {
        let mut table = txn.open_table(LOG)?;
        let n = table.len()?;
        table.insert(format!("{n:03}").as_str(), entry)?;
        Ok(())
    }

    fn logged(db: &redb::Database) -> Vec<String> {
        let read = db.begin_read().unwrap();
        let Ok(table) = read.open_table(LOG) else {
            return Vec::new();
        };
        table.iter().unwrap().map(|e| e.unwrap().1.value().to_owned()).collect()
    }

    fn format_of(db: &redb::Database) -> u32 {
        let read = db.begin_read().unwrap();
        let meta = read.open_table(tables::META).unwrap();
        keys::read_u32(meta.get(b"format".as_slice()).unwrap().unwrap().value())
    }

    /// A redb file whose meta says format `format`, holding the one table `meta`.
    fn file_of_format(format: u32) -> (tempfile::TempDir, redb::Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = redb::Database::create(dir.path().join("old.redb")).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut meta = txn.open_table(tables::META).unwrap();
            meta.insert(b"magic".as_slice(), b"mtodir".as_slice()).unwrap();
            meta.insert(b"format".as_slice(), format.to_be_bytes().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
        (dir, db)
    }

    fn history() -> Vec<Step> {
        vec![
            step(1, "one", |t| log(t, "1->2")),
            step(2, "two", |t| log(t, "2->3")),
            step(3, "three", |t| log(t, "3->4")),
        ]
    }

    #[test]
    fn chains_start_at_the_files_format_and_end_at_the_target() {
        let steps = history();
        assert_eq!(oldest(&steps, 4), 1);
        assert_eq!(oldest(&[], 4), 4);
        let froms = |from, to| chain(&steps, from, to).map(|c| c.iter().map(|s| s.from).collect::<Vec<_>>());
        assert_eq!(froms(1, 4), Some(vec![1, 2, 3]));
        assert_eq!(froms(2, 4), Some(vec![2, 3]));
        assert_eq!(froms(4, 4), Some(vec![]));
        assert_eq!(froms(0, 4), None);
        let gap = [step(1, "one", |_| Ok(())), step(3, "three", |_| Ok(()))];
        assert!(chain(&gap, 1, 4).is_none());
    }

    #[test]
    fn an_upgrade_runs_every_step_in_order_and_records_the_new_format() {
        let (_dir, db) = file_of_format(2);
        upgrade(&db, 2, 4, &history()).unwrap();
        assert_eq!(logged(&db), ["2->3", "3->4"]);
        assert_eq!(format_of(&db), 4);
        // The tables of this build that the file lacked were created in the same upgrade.
        let read = db.begin_read().unwrap();
        let names: Vec<String> = read
            .list_tables()
            .unwrap()
            .map(|t| redb::TableHandle::name(&t).to_owned())
            .collect();
        for def in DEFS {
            assert!(names.iter().any(|n| n == redb::TableHandle::name(&def)));
        }
    }

    #[test]
    fn the_steps_run_in_one_transaction_a_failing_step_leaves_the_file_unchanged() {
        let (_dir, db) = file_of_format(1);
        let steps = [
            step(1, "one", |t| log(t, "1->2")),
            step(2, "two", |t| log(t, "2->3")),
            step(3, "three", |t| {
                // The earlier steps' writes are visible here, not yet committed...
                assert_eq!(t.open_table(LOG)?.len()?, 2);
                Err(Error::invalid("synthetic failure"))
            }),
        ];
        let message = upgrade(&db, 1, 4, &steps).unwrap_err().to_string();
        assert!(message.contains("3 to 4 (three)") && message.contains("synthetic failure"));
        // ...and the failure undid them with the rest: no step's write, no new table, same
        // format.
        assert!(logged(&db).is_empty());
        assert_eq!(format_of(&db), 1);
        assert_eq!(db.begin_read().unwrap().list_tables().unwrap().count(), 1);
    }

    /// A stored type whose shape changed between versions 1 and 2 of its value (a field
    /// added). Reading upgrades lazily; a step may also rewrite every value eagerly.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct NoteV1 {
        text: String,
    }

    impl codec::Stored for NoteV1 {
        const VERSION: u8 = 1;
        const NAME: &'static str = "note";
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Note {
        text: String,
        pinned: bool,
    }

    impl codec::Stored for Note {
        const VERSION: u8 = 2;
        const NAME: &'static str = "note";

        fn upgrade(version: u8, payload: &[u8]) -> Result<Note> {
            match version {
                1 => codec::body::<NoteV1>(payload).map(|old| Note {
                    text: old.text,
                    pinned: false,
                }),
                _ => Err(Error::Format(format!("note version {version}"))),
            }
        }
    }

    const NOTES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("test_notes");

    #[test]
    fn a_step_can_rewrite_old_values_in_the_new_version() {
        let (_dir, db) = file_of_format(3);
        let txn = db.begin_write().unwrap();
        {
            let mut notes = txn.open_table(NOTES).unwrap();
            for (k, text) in [(b"a", "hello"), (b"b", "world")] {
                let old = codec::encode(&NoteV1 { text: text.into() }).unwrap();
                notes.insert(k.as_slice(), old.as_slice()).unwrap();
            }
        }
        txn.commit().unwrap();

        // Old values read as the new type before any step ran.
        let read = db.begin_read().unwrap();
        let old = read.open_table(NOTES).unwrap().get(b"a".as_slice()).unwrap();
        let old = old.map(|v| v.value().to_vec()).unwrap_or_default();
        assert_eq!(old[0], 1);
        let note: Note = codec::decode(&old).unwrap();
        assert_eq!(
            note,
            Note {
                text: "hello".into(),
                pinned: false
            }
        );
        drop(read);

        let rewrite = step(3, "rewrite notes in version 2", |txn| {
            let mut notes = txn.open_table(NOTES)?;
            let mut all = Vec::new();
            for entry in notes.iter()? {
                let (k, v) = entry?;
                all.push((k.value().to_vec(), codec::decode::<Note>(v.value())?));
            }
            for (k, note) in all {
                notes.insert(k.as_slice(), codec::encode(&note)?.as_slice())?;
            }
            Ok(())
        });
        upgrade(&db, 3, 4, &[rewrite]).unwrap();
        let read = db.begin_read().unwrap();
        let notes = read.open_table(NOTES).unwrap();
        for entry in notes.iter().unwrap() {
            let (_, v) = entry.unwrap();
            assert_eq!(v.value()[0], 2);
            assert!(!codec::decode::<Note>(v.value()).unwrap().pinned);
        }
    }
}

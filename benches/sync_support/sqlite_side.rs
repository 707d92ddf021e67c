//! The SQLite mirror of the same cycles (rusqlite, bundled): the design a competent engineer
//! builds for synchronization on SQLite.
//!
//! - `users`: one table for every tenant (as in the people-search bench's store), with its
//!   people-search indexes — unique `(tenant, upn)`, the people-order partial index, the
//!   token table clustered on `(tenant, term, user)` and its `(tenant, user, term)` index —
//!   and the unique home identity `(tenant, homeTenant, homeObject)` that the upserts
//!   conflict on (internal users have NULLs there, which never conflict).
//! - `changes`: the change feed (`seq` is the rowid), indexed by `(tenant, seq)`; every write
//!   into `users` appends its row, as mtodir's feed does (the sync's own writes included, marked
//!   `bySync` so that cycles skip them, as mtodir's cycles skip the changes a sync made).
//! - `provisioning_log`: one row per object action, clustered on `(job, seq)`, with the
//!   modified properties (old and new values) and the steps as JSON text.
//! - `jobs`: each configuration's watermark.
//!
//! A cycle is one transaction with prepared (cached) statements: the candidates (initial:
//! the source's internal users through the home index's `homeTenant IS NULL` range;
//! incremental: the distinct users of the source's changes after the watermark), then per
//! object: read the source row, match by home identity (one seek, which gives the old values
//! for the log), `INSERT … ON CONFLICT (tenant, homeTenant, homeObject) DO UPDATE`, the token
//! rows when the user is new or its words changed, a change row and a log row; finally the
//! watermark. The journal is WAL with `synchronous = FULL`: each commit syncs the WAL, as
//! redb syncs each commit (WAL with `NORMAL` would skip that sync and may lose the last
//! commits on power loss). The page cache is 128 MiB, as mtodir's.

use super::Res;
use mtodir::model::{Source, User};
use mtodir::store::index::typeahead_words;
use mtodir::store::keys::sort_key;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use uuid::Uuid;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE tenants (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL, handle TEXT NOT NULL UNIQUE, domain TEXT NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant INTEGER NOT NULL,
    objectId BLOB NOT NULL,
    upn TEXT NOT NULL COLLATE NOCASE,
    displayName TEXT COLLATE NOCASE,
    givenName TEXT COLLATE NOCASE,
    surname TEXT COLLATE NOCASE,
    mail TEXT COLLATE NOCASE,
    mailNickname TEXT,
    userType TEXT NOT NULL,
    accountEnabled INTEGER NOT NULL,
    showInAddressList INTEGER NOT NULL,
    isSoftDeleted INTEGER NOT NULL,
    jobTitle TEXT,
    department TEXT COLLATE NOCASE,
    employeeId TEXT,
    manager INTEGER,
    officeLocation TEXT,
    streetAddress TEXT,
    city TEXT,
    state TEXT,
    postalCode TEXT,
    country TEXT COLLATE NOCASE,
    telephoneNumber TEXT,
    preferredLanguage TEXT,
    homeTenant BLOB,
    homeObject BLOB,
    createdDateTime INTEGER NOT NULL,
    deletedDateTime INTEGER,
    sortKey TEXT NOT NULL
);
CREATE UNIQUE INDEX users_upn ON users (tenant, upn COLLATE NOCASE);
CREATE UNIQUE INDEX users_home ON users (tenant, homeTenant, homeObject);
CREATE INDEX users_people_order ON users (tenant, sortKey)
    WHERE isSoftDeleted = 0 AND showInAddressList = 1 AND userType = 'Member';
CREATE TABLE tokens (
    tenant INTEGER NOT NULL,
    term TEXT NOT NULL,
    user INTEGER NOT NULL,
    PRIMARY KEY (tenant, term, user)
) WITHOUT ROWID;
CREATE INDEX tokens_by_user ON tokens (tenant, user, term);
CREATE TABLE changes (seq INTEGER PRIMARY KEY, tenant INTEGER NOT NULL, user INTEGER NOT NULL,
    op TEXT NOT NULL, at INTEGER NOT NULL, bySync INTEGER NOT NULL DEFAULT 0);
CREATE INDEX changes_by_tenant ON changes (tenant, seq);
CREATE TABLE jobs (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL, name TEXT NOT NULL,
    source INTEGER NOT NULL, target INTEGER NOT NULL, watermark INTEGER NOT NULL DEFAULT 0,
    initialNext INTEGER NOT NULL DEFAULT 1);
CREATE TABLE provisioning_log (
    job INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    cycleId BLOB NOT NULL,
    changeId BLOB NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    sourceId BLOB,
    sourceUpn TEXT,
    targetId BLOB,
    targetUpn TEXT,
    modified TEXT NOT NULL,
    steps TEXT NOT NULL,
    PRIMARY KEY (job, seq)
) WITHOUT ROWID;";

const USER_COLUMNS: &str = "id, tenant, objectId, upn, displayName, givenName, surname, mail, mailNickname, \
    userType, accountEnabled, showInAddressList, isSoftDeleted, jobTitle, department, employeeId, manager, \
    officeLocation, streetAddress, city, state, postalCode, country, telephoneNumber, preferredLanguage, \
    homeTenant, homeObject, createdDateTime, deletedDateTime, sortKey";

/// The attributes the default mappings copy (`always`), in the order of [`Row::mapped`].
const MAPPED: [&str; 17] = [
    "displayName",
    "givenName",
    "surname",
    "mail",
    "mailNickname",
    "accountEnabled",
    "jobTitle",
    "department",
    "employeeId",
    "officeLocation",
    "streetAddress",
    "city",
    "state",
    "postalCode",
    "country",
    "telephoneNumber",
    "preferredLanguage",
];

const SELECT_SOURCE: &str = "SELECT id, objectId, upn, displayName, givenName, surname, mail, mailNickname, \
    accountEnabled, jobTitle, department, employeeId, officeLocation, streetAddress, city, state, postalCode, \
    country, telephoneNumber, preferredLanguage, homeTenant IS NULL, isSoftDeleted FROM users";

const UPSERT: &str = "INSERT INTO users (tenant, objectId, upn, displayName, givenName, surname, mail, \
    mailNickname, accountEnabled, jobTitle, department, employeeId, officeLocation, streetAddress, city, state, \
    postalCode, country, telephoneNumber, preferredLanguage, userType, showInAddressList, isSoftDeleted, \
    homeTenant, homeObject, createdDateTime, sortKey)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
        'Member', 1, 0, ?21, ?22, ?23, ?24)
    ON CONFLICT (tenant, homeTenant, homeObject) DO UPDATE SET displayName = excluded.displayName,
        givenName = excluded.givenName, surname = excluded.surname, mail = excluded.mail,
        mailNickname = excluded.mailNickname, accountEnabled = excluded.accountEnabled,
        jobTitle = excluded.jobTitle, department = excluded.department, employeeId = excluded.employeeId,
        officeLocation = excluded.officeLocation, streetAddress = excluded.streetAddress, city = excluded.city,
        state = excluded.state, postalCode = excluded.postalCode, country = excluded.country,
        telephoneNumber = excluded.telephoneNumber, preferredLanguage = excluded.preferredLanguage,
        showInAddressList = 1, isSoftDeleted = 0, deletedDateTime = NULL, sortKey = excluded.sortKey
    RETURNING id";

/// A source user's mapped values as SQLite reads them.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: i64,
    object: Vec<u8>,
    upn: String,
    /// [`MAPPED`]'s values (accountEnabled as "0"/"1").
    mapped: Vec<Option<String>>,
    internal: bool,
    deleted: bool,
}

impl Row {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        let mut mapped = Vec::with_capacity(MAPPED.len());
        for i in 0..MAPPED.len() {
            // Column 3 + i; accountEnabled is an integer.
            let v: rusqlite::types::Value = r.get(3 + i)?;
            mapped.push(match v {
                rusqlite::types::Value::Null => None,
                rusqlite::types::Value::Integer(n) => Some(n.to_string()),
                rusqlite::types::Value::Text(s) => Some(s),
                other => Some(format!("{other:?}")),
            });
        }
        Ok(Row {
            id: r.get(0)?,
            object: r.get(1)?,
            upn: r.get(2)?,
            mapped,
            internal: r.get(20)?,
            deleted: r.get(21)?,
        })
    }

    fn get(&self, attr: &str) -> Option<&str> {
        MAPPED
            .iter()
            .position(|a| *a == attr)
            .and_then(|i| self.mapped[i].as_deref())
    }

    /// The words people search finds it by, as mtodir folds them (the same function).
    fn words(&self, upn: &str) -> Vec<String> {
        let mut u = User::new(
            Uuid::nil(),
            mtodir::model::ObjOrd(0),
            mtodir::model::TenantOrd(0),
            upn,
            0,
        );
        u.display_name = self.get("displayName").map(str::to_owned);
        u.given_name = self.get("givenName").map(str::to_owned);
        u.surname = self.get("surname").map(str::to_owned);
        u.mail = self.get("mail").map(str::to_owned);
        typeahead_words(&u)
    }

    fn sort_key(&self, upn: &str) -> String {
        sort_key(self.get("displayName").filter(|d| !d.is_empty()).unwrap_or(upn))
    }
}

/// A tenant of the SQLite file.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Its rowid.
    pub id: i64,
}

/// Opens a SQLite file with the bench's page cache.
pub fn connect(path: &Path) -> Res<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA cache_size = -131072; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Creates the schema in a fresh file.
pub fn create(path: &Path) -> Res<Connection> {
    let conn = connect(path)?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// Adds a tenant; returns it.
pub fn add_tenant(conn: &Connection, handle: &str, domain: &str, uuid: Uuid) -> Res<Tenant> {
    conn.execute(
        "INSERT INTO tenants (uuid, handle, domain) VALUES (?1, ?2, ?3)",
        params![uuid.as_bytes().as_slice(), handle, domain],
    )?;
    Ok(Tenant {
        id: conn.last_insert_rowid(),
    })
}

/// Loads users (as mtodir stored them, ordinals as rowids) into `tenant` with their tokens,
/// in one transaction (setup, untimed).
pub fn load_users(conn: &mut Connection, tenant: &Tenant, users: &[User]) -> Res<()> {
    let txn = conn.transaction()?;
    {
        let mut insert = txn.prepare(&format!(
            "INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)"
        ))?;
        let mut token = txn.prepare("INSERT INTO tokens VALUES (?1, ?2, ?3)")?;
        for u in users {
            let (home_tenant, home_object) = match u.source {
                Source::Internal => (None, None),
                Source::B2b {
                    home_tenant,
                    home_object,
                } => (
                    Some(home_tenant.as_bytes().to_vec()),
                    Some(home_object.as_bytes().to_vec()),
                ),
            };
            let id = i64::from(u.ord.0);
            insert.execute(params![
                id,
                tenant.id,
                u.id.as_bytes().as_slice(),
                u.user_principal_name,
                u.display_name,
                u.given_name,
                u.surname,
                u.mail,
                u.mail_nickname,
                u.user_type.as_str(),
                u.account_enabled,
                u.show_in_address_list,
                u.is_soft_deleted(),
                u.job_title,
                u.department,
                u.employee_id,
                Option::<i64>::None,
                u.physical_delivery_office_name,
                u.street_address,
                u.city,
                u.state,
                u.postal_code,
                u.country,
                u.telephone_number,
                u.preferred_language,
                home_tenant,
                home_object,
                u.created,
                u.deleted,
                sort_key(u.sort_name()),
            ])?;
            for term in typeahead_words(u) {
                token.execute(params![tenant.id, term, id])?;
            }
        }
    }
    txn.commit()?;
    conn.execute_batch("ANALYZE;")?;
    Ok(())
}

/// Adds a configuration from `source` to `target` (its next cycle is initial); returns its id.
pub fn add_job(conn: &Connection, name: &str, source: &Tenant, target: &Tenant) -> Res<i64> {
    conn.execute(
        "INSERT INTO jobs (uuid, name, source, target) VALUES (?1, ?2, ?3, ?4)",
        params![Uuid::now_v7().as_bytes().as_slice(), name, source.id, target.id],
    )?;
    Ok(conn.last_insert_rowid())
}

/// What a SQLite cycle did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// Initial (true) or incremental.
    pub initial: bool,
    /// Source objects looked at.
    pub examined: u64,
    /// Target users created.
    pub created: u64,
    /// Target users updated.
    pub updated: u64,
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Runs one cycle of job `job` (initial or incremental, as the job needs) in one transaction,
/// commit included; returns its time and what it did.
pub fn cycle(conn: &mut Connection, job: i64) -> Res<(Duration, Summary)> {
    let started = Instant::now();
    let txn = conn.transaction()?;
    let summary = run(&txn, job)?;
    txn.commit()?;
    Ok((started.elapsed(), summary))
}

fn run(txn: &Transaction<'_>, job: i64) -> Res<Summary> {
    let (source, target, watermark, initial): (i64, i64, i64, bool) = txn.query_row(
        "SELECT source, target, watermark, initialNext FROM jobs WHERE id = ?1",
        [job],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let (source_uuid, target_domain): (Vec<u8>, String) = txn.query_row(
        "SELECT s.uuid, t.domain FROM tenants s, tenants t WHERE s.id = ?1 AND t.id = ?2",
        [source, target],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let head: i64 = txn.query_row(
        "SELECT coalesce(max(seq), 0) FROM changes WHERE tenant = ?1",
        [source],
        |r| r.get(0),
    )?;
    let candidates: Vec<Row> = if initial {
        let mut stmt = txn.prepare_cached(&format!(
            "{SELECT_SOURCE} INDEXED BY users_home WHERE tenant = ?1 AND homeTenant IS NULL AND isSoftDeleted = 0"
        ))?;
        stmt.query_map([source], Row::read)?.collect::<Result<_, _>>()?
    } else {
        let ids: Vec<i64> = {
            let mut stmt = txn.prepare_cached(
                "SELECT DISTINCT user FROM changes WHERE tenant = ?1 AND seq > ?2 AND bySync = 0 ORDER BY user",
            )?;
            stmt.query_map([source, watermark], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let mut stmt = txn.prepare_cached(&format!("{SELECT_SOURCE} WHERE id = ?1 AND tenant = ?2"))?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id, source], Row::read).optional()? {
                rows.push(row);
            }
        }
        rows
    };
    let cycle_id = Uuid::now_v7();
    let at = now_millis();
    let mut summary = Summary {
        initial,
        ..Summary::default()
    };
    let mut log_seq: i64 = txn.query_row(
        "SELECT coalesce(max(seq), 0) FROM provisioning_log WHERE job = ?1",
        [job],
        |r| r.get(0),
    )?;
    let mut matching = txn.prepare_cached(&format!(
        "{SELECT_SOURCE} WHERE tenant = ?1 AND homeTenant = ?2 AND homeObject = ?3"
    ))?;
    let mut upsert = txn.prepare_cached(UPSERT)?;
    let mut token = txn.prepare_cached("INSERT INTO tokens VALUES (?1, ?2, ?3)")?;
    let mut untoken = txn.prepare_cached("DELETE FROM tokens WHERE tenant = ?1 AND user = ?2")?;
    // A sync's writes are marked, and cycles skip them (a copy is never in an outbound scope),
    // as mtodir's cycles skip the changes a sync made.
    let mut change =
        txn.prepare_cached("INSERT INTO changes (tenant, user, op, at, bySync) VALUES (?1, ?2, ?3, ?4, 1)")?;
    let mut log = txn.prepare_cached(
        "INSERT INTO provisioning_log VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'success', ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for s in candidates {
        summary.examined += 1;
        if !s.internal || s.deleted {
            // Out of scope (a B2B copy, or deleted in the source): nothing provisioned here;
            // deprovisioning of a linked copy is not exercised by the bench.
            continue;
        }
        let upn = format!("{}#EXT#@{target_domain}", s.upn.replace('@', "_"));
        let existing = matching
            .query_row(params![target, source_uuid, s.object], Row::read)
            .optional()?;
        let modified: Vec<serde_json::Value> = MAPPED
            .iter()
            .enumerate()
            .filter_map(|(i, attr)| {
                let old = existing.as_ref().and_then(|e| e.mapped[i].clone());
                let new = s.mapped[i].clone();
                (existing.is_none() || old != new)
                    .then(|| json!({"displayName": attr, "oldValue": old, "newValue": new}))
            })
            .collect();
        if existing.is_some() && modified.is_empty() {
            continue;
        }
        let object = existing
            .as_ref()
            .map_or_else(|| Uuid::now_v7().as_bytes().to_vec(), |e| e.object.clone());
        let m = &s.mapped;
        let id: i64 = upsert.query_row(
            params![
                target,
                object,
                upn,
                m[0],
                m[1],
                m[2],
                m[3],
                m[4],
                m[5].as_deref() == Some("1"),
                m[6],
                m[7],
                m[8],
                m[9],
                m[10],
                m[11],
                m[12],
                m[13],
                m[14],
                m[15],
                m[16],
                source_uuid,
                s.object,
                at,
                s.sort_key(&upn),
            ],
            |r| r.get(0),
        )?;
        let words = s.words(&upn);
        let words_changed = match &existing {
            None => true,
            Some(e) => e.words(&e.upn) != words,
        };
        if words_changed {
            if existing.is_some() {
                untoken.execute(params![target, id])?;
            }
            for term in &words {
                token.execute(params![target, term, id])?;
            }
        }
        let (action, step) = match existing {
            None => {
                summary.created += 1;
                ("create", "in scope, no match: create a B2B member")
            }
            Some(_) => {
                summary.updated += 1;
                ("update", "in scope, matched by home identity: update")
            }
        };
        change.execute(params![target, id, action, at])?;
        log_seq += 1;
        let steps = json!([
            {"type": "import", "status": "success", "detail": "read the source user"},
            {"type": "scoping", "status": "success", "detail": "in scope"},
            {"type": "matching", "status": "success", "detail": "by home identity"},
            {"type": "processing", "status": "success", "detail": step},
            {"type": "export", "status": "success", "detail": format!("{action}d {upn}")},
        ]);
        log.execute(params![
            job,
            log_seq,
            cycle_id.as_bytes().as_slice(),
            Uuid::now_v7().as_bytes().as_slice(),
            at,
            action,
            s.object,
            s.upn,
            object,
            upn,
            serde_json::Value::Array(modified).to_string(),
            steps.to_string(),
        ])?;
    }
    txn.execute(
        "UPDATE jobs SET watermark = ?2, initialNext = 0 WHERE id = ?1",
        params![job, head],
    )?;
    Ok(summary)
}

/// Sets the changed attribute (`jobTitle` unless `MTODIR_SYNC_CHANGE` says otherwise) of these
/// source users (rowids) to a new value and appends their changes,
/// in one transaction (setup, untimed).
pub fn change_titles(conn: &mut Connection, tenant: i64, ids: &[i64], round: usize) -> Res<()> {
    let txn = conn.transaction()?;
    {
        let (_, column) = super::profile::changed_attribute();
        let mut update = txn.prepare_cached(&format!("UPDATE users SET {column} = ?2 WHERE id = ?1"))?;
        let mut change =
            txn.prepare_cached("INSERT INTO changes (tenant, user, op, at) VALUES (?1, ?2, 'update', ?3)")?;
        for (i, id) in ids.iter().enumerate() {
            update.execute(params![id, super::profile::changed_value(round, i)])?;
            change.execute(params![tenant, id, now_millis()])?;
        }
    }
    txn.commit()?;
    Ok(())
}

/// Runs every job's cycles round after round until a round changes nothing (`run syncs`),
/// each cycle its own transaction; returns (rounds, cycles, summed summary).
pub fn converge(conn: &mut Connection, jobs: &[i64]) -> Res<(u32, usize, Summary)> {
    let mut total = Summary::default();
    let mut rounds = 0;
    let mut cycles = 0;
    loop {
        rounds += 1;
        let mut changed = false;
        for &job in jobs {
            let (_, s) = cycle(conn, job)?;
            cycles += 1;
            changed |= s.created + s.updated > 0;
            total.examined += s.examined;
            total.created += s.created;
            total.updated += s.updated;
        }
        if !changed || rounds >= 100 {
            return Ok((rounds, cycles, total));
        }
    }
}

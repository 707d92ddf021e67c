//! The SQLite mirror: one `users` table with a `tenant` column, the indexes a competent
//! engineer would add, an external-content FTS5 table with prefix indexes, and a token table
//! of folded words (the "stronger anchor": the design a search engineer builds for typeahead
//! on a relational store). Loading is one transaction: rows and tokens, then indexes, then
//! the FTS5 rebuild.

use super::{Res, io_context};
use mtodir::model::{Source, User, UserType};
use mtodir::store::index::typeahead_words;
use mtodir::store::keys::sort_key;
use mtodir::{Directory, Options};
use rusqlite::{Connection, params};
use std::path::Path;

/// Bump when the schema or the loading changes (it keys the data cache).
pub const SCHEMA_VERSION: u32 = 2;

/// SQLite's page cache for every connection: the same 128 MiB mtodir's redb cache gets.
pub const CACHE_PRAGMA: &str = "PRAGMA cache_size = -131072;";

const TABLE: &str = "
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
CREATE TEMP TABLE tokens_load (tenant INTEGER NOT NULL, term TEXT NOT NULL, user INTEGER NOT NULL);";

/// The indexes of the issue, the people name order, the token table (built in key order
/// from the staging rows), and the FTS5 table (external content: it indexes `users`).
///
/// - `users_people_order`: display order (`sortKey` is mtodir's folded sort key of the
///   display name, else the UPN; then `id`, mtodir's ordinal) of the people-search class
///   only, a partial index like mtodir's class-partitioned postings, so a walk in name order
///   never visits a row people search cannot show.
/// - `tokens`: every folded word of displayName, givenName and surname, and the whole folded
///   mail and UPN, of every user (mtodir's own `typeahead_words`), clustered on
///   `(tenant, term, user)` (`WITHOUT ROWID`: the primary key is the covering B-tree), so a
///   typed word is one range scan; `tokens_by_user` (`(tenant, user, term)`, covering) makes
///   `EXISTS (… user = u.id AND term in range)` one seek per candidate row.
pub const INDEXES: &str = "
CREATE TABLE tokens (
    tenant INTEGER NOT NULL,
    term TEXT NOT NULL,
    user INTEGER NOT NULL,
    PRIMARY KEY (tenant, term, user)
) WITHOUT ROWID;
INSERT INTO tokens SELECT tenant, term, user FROM temp.tokens_load ORDER BY tenant, term, user;
DROP TABLE temp.tokens_load;
CREATE INDEX tokens_by_user ON tokens (tenant, user, term);
CREATE INDEX users_people_order ON users (tenant, sortKey)
    WHERE isSoftDeleted = 0 AND showInAddressList = 1 AND userType = 'Member';
CREATE UNIQUE INDEX users_upn ON users (tenant, upn COLLATE NOCASE);
CREATE INDEX users_display_name ON users (tenant, displayName COLLATE NOCASE);
CREATE INDEX users_given_name ON users (tenant, givenName COLLATE NOCASE);
CREATE INDEX users_surname ON users (tenant, surname COLLATE NOCASE);
CREATE INDEX users_mail ON users (tenant, mail COLLATE NOCASE);
CREATE INDEX users_user_type ON users (tenant, userType);
CREATE INDEX users_department ON users (tenant, department);
CREATE VIRTUAL TABLE users_fts USING fts5(
    displayName, givenName, surname, mail, upn,
    content = 'users', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');";

const INSERT: &str = "INSERT INTO users VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
    ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)";
const INSERT_TOKEN: &str = "INSERT INTO temp.tokens_load VALUES (?1, ?2, ?3)";

/// Opens (or creates) a SQLite file with the bench's page cache.
pub fn connect(path: &Path) -> Res<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch(CACHE_PRAGMA)?;
    Ok(conn)
}

/// Something that hands every user to a sink.
pub type Feed<'f> = Box<dyn FnOnce(&mut dyn FnMut(&User) -> Res<()>) -> Res<()> + 'f>;

/// Loads the users `feed` yields into a fresh file in one transaction: table, rows and their
/// tokens, indexes, the token table, FTS5. Returns how many rows it inserted.
pub fn load(path: &Path, feed: Feed<'_>) -> Res<u64> {
    load_then(path, feed, "")
}

/// [`load`], then `ANALYZE` in the same transaction (what a loader that serves queries at
/// once does).
pub fn load_analyzed(path: &Path, feed: Feed<'_>) -> Res<u64> {
    load_then(path, feed, "ANALYZE;")
}

/// [`load`], then the statements `then` before the commit.
fn load_then(path: &Path, feed: Feed<'_>, then: &str) -> Res<u64> {
    let mut conn = connect(path)?;
    let txn = conn.transaction()?;
    txn.execute_batch(TABLE)?;
    let mut n = 0u64;
    {
        let mut insert = txn.prepare(INSERT)?;
        let mut token = txn.prepare(INSERT_TOKEN)?;
        feed(&mut |u: &User| {
            insert_user(&mut insert, u)?;
            for term in typeahead_words(u) {
                token.execute(params![u.tenant.0, term, u.ord.0])?;
            }
            n += 1;
            Ok(())
        })?;
    }
    txn.execute_batch(INDEXES)?;
    txn.execute_batch(then)?;
    txn.commit()?;
    Ok(n)
}

/// A feed of these users.
pub fn feed_of(users: &[User]) -> Feed<'_> {
    Box::new(move |sink| users.iter().try_for_each(sink))
}

fn insert_user(insert: &mut rusqlite::Statement<'_>, u: &User) -> Res<()> {
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
    insert.execute(params![
        u.ord.0,
        u.tenant.0,
        u.id.as_bytes().as_slice(),
        u.user_principal_name,
        u.display_name,
        u.given_name,
        u.surname,
        u.mail,
        u.mail_nickname,
        match u.user_type {
            UserType::Member => "Member",
            UserType::Guest => "Guest",
        },
        u.account_enabled,
        u.show_in_address_list,
        u.is_soft_deleted(),
        u.job_title,
        u.department,
        u.employee_id,
        u.manager.map(|m| m.0),
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
    Ok(())
}

/// The first `limit` users (in ordinal order, which is generation order) of the tenant with
/// this handle in the mtodir file at `mtodir`.
pub fn read_back(mtodir: &Path, handle: &str, limit: usize) -> Res<Vec<User>> {
    let directory = Directory::open_with(mtodir, Options::default())?;
    let session = directory.session();
    let snapshot = session.snapshot()?;
    let mut out = Vec::new();
    for tenant in snapshot.tenants()? {
        if tenant.handle != handle {
            continue;
        }
        snapshot.scan_users(tenant.ord, |u| {
            if out.len() < limit {
                out.push(u);
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// Builds the SQLite mirror of an mtodir file: exactly its users, streamed out of a read
/// snapshot (so every value, default and visibility flag is the one mtodir stored), then
/// `ANALYZE`.
pub fn build_from_mtodir(mtodir: &Path, sqlite: &Path) -> Res<()> {
    if sqlite.exists() {
        std::fs::remove_file(sqlite).map_err(io_context(sqlite))?;
    }
    let directory = Directory::open_with(mtodir, Options::default())?;
    let session = directory.session();
    let snapshot = session.snapshot()?;
    load(
        sqlite,
        Box::new(|sink| {
            for tenant in snapshot.tenants()? {
                snapshot.scan_users(tenant.ord, |u| {
                    sink(&u).map_err(|e| mtodir::Error::invalid(format!("sqlite: {e}")))
                })?;
            }
            Ok(())
        }),
    )?;
    let conn = connect(sqlite)?;
    conn.execute_batch("ANALYZE;")?;
    Ok(())
}

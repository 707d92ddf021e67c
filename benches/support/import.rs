//! Bulk import of the scope's first N users into a fresh file, in each engine: mtodir's
//! `create_many` (one transaction, every index and count), SQLite's one transaction of rows,
//! eight indexes, the token table and its index, and the FTS5 rebuild. The input is built
//! before the clock starts.

use super::Res;
use super::dataset::{Dataset, SCOPE, gen_params};
use super::sqlite_store;
use mtodir::generate;
use mtodir::model::{NewUser, User};
use mtodir::{Batch, Directory, Options};
use std::path::Path;
use std::time::{Duration, Instant};

/// The same N users for both engines.
pub struct ImportInput {
    /// For mtodir: what the generator yields (user, soft-deleted).
    pub mtodir: Vec<(NewUser, bool)>,
    /// For SQLite: the same users as mtodir stored them (read back from the data set).
    pub sqlite: Vec<User>,
}

impl ImportInput {
    /// The scope's first `n` users (the data set must hold at least `n`).
    pub fn new(data: &Dataset, n: u64) -> Res<ImportInput> {
        let mtodir: Vec<(NewUser, bool)> = generate::users(&gen_params(&SCOPE, n))
            .map(|g| (g.user, g.soft_deleted))
            .collect();
        let limit = usize::try_from(n)?;
        let sqlite = sqlite_store::read_back(&data.mtodir_path(), SCOPE.handle, limit)?;
        if sqlite.len() != mtodir.len() {
            return Err(format!(
                "import input: {} users for mtodir, {} for SQLite",
                mtodir.len(),
                sqlite.len()
            )
            .into());
        }
        Ok(ImportInput { mtodir, sqlite })
    }
}

/// Imports `users` into a fresh mtodir file at `path`; times opening, the tenant, the import
/// and the commit (not the compaction that the command line runs after a bulk load: see
/// [`compact`]).
pub fn mtodir(path: &Path, users_in: Vec<(NewUser, bool)>) -> Res<Duration> {
    let started = Instant::now();
    let directory = Directory::open_with(path, Options::default())?;
    let mut session = directory.session();
    session.create_tenant(SCOPE.handle, Some(SCOPE.name), &[SCOPE.domain.to_owned()])?;
    session.load_users(SCOPE.handle, users_in, Batch::Atomic)?;
    drop(session);
    drop(directory);
    Ok(started.elapsed())
}

/// Compacts an imported file as the command line does after a bulk load; returns the time.
pub fn compact(path: &Path) -> Res<Duration> {
    let started = Instant::now();
    let mut directory = Directory::open_with(path, Options::default())?;
    directory.compact()?;
    Ok(started.elapsed())
}

/// Loads `users` into a fresh SQLite file at `path` (rows, tokens, indexes, FTS5; one transaction).
pub fn sqlite(path: &Path, users_in: &[User]) -> Res<Duration> {
    let started = Instant::now();
    sqlite_store::load(path, sqlite_store::feed_of(users_in))?;
    Ok(started.elapsed())
}

/// One timed import per engine into a temporary folder beside the data: (mtodir, SQLite,
/// mtodir file bytes, SQLite file bytes).
pub fn once_each(input: &ImportInput, scratch: &Path) -> Res<(Duration, Duration, u64, u64)> {
    std::fs::create_dir_all(scratch)?;
    let dir = tempfile::tempdir_in(scratch)?;
    let m_path = dir.path().join("import.redb");
    let s_path = dir.path().join("import.db");
    // mtodir's time includes the compaction the command line runs after a bulk load.
    let m = mtodir(&m_path, input.mtodir.clone())? + compact(&m_path)?;
    let s = sqlite(&s_path, &input.sqlite)?;
    let sizes = (std::fs::metadata(&m_path)?.len(), std::fs::metadata(&s_path)?.len());
    Ok((m, s, sizes.0, sizes.1))
}

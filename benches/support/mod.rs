//! Shared code of the benchmarks: profiles, the cached data sets, the SQLite mirror, the
//! query mixes, both engines' runners, timing, and the summary report.

pub mod dataset;
pub mod engine_mtodir;
pub mod engine_sqlite;
pub mod import;
pub mod import_cli;
pub mod process;
pub mod profile;
pub mod queries;
pub mod report;
pub mod rows;
pub mod scripts;
pub mod sizes;
pub mod sqlite_store;
pub mod summary;
pub mod timing;
pub mod verify;

use std::path::{Path, PathBuf};

/// The benches' result type: setup and query errors of either engine.
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Adds the path to an I/O error.
pub fn io_context(path: &Path) -> impl FnOnce(std::io::Error) -> Box<dyn std::error::Error> {
    let path: PathBuf = path.to_owned();
    move |e| format!("{}: {e}", path.display()).into()
}

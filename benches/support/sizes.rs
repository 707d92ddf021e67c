//! File sizes and what fills them: redb's per-table statistics for mtodir, SQLite's `dbstat`.

use super::Res;
use redb::{ReadableDatabase, ReadableTableMetadata, TableDefinition, TableHandle};
use std::path::Path;

/// One table's share of a file.
#[derive(Debug, Clone)]
pub struct Part {
    /// Table or index name.
    pub name: String,
    /// Entries (redb) or 0 when unknown.
    pub entries: u64,
    /// Bytes of the pages it occupies.
    pub bytes: u64,
}

/// A file's size and its parts, largest first.
#[derive(Debug, Clone)]
pub struct Breakdown {
    /// The file's length.
    pub file_bytes: u64,
    /// Tables and indexes.
    pub parts: Vec<Part>,
    /// Free or fragmented space (redb: fragmented bytes; SQLite: free pages).
    pub free_bytes: u64,
}

/// The breakdown of an mtodir (redb) file; it must not be open elsewhere.
pub fn mtodir(path: &Path) -> Res<Breakdown> {
    let file_bytes = std::fs::metadata(path)?.len();
    let db = redb::Database::open(path)?;
    let stats = {
        let w = db.begin_write()?;
        let s = w.stats()?;
        w.abort()?;
        s
    };
    let page = stats.page_size() as u64;
    let read = db.begin_read()?;
    let mut parts = Vec::new();
    for handle in read.list_tables()? {
        let def: TableDefinition<&[u8], &[u8]> = TableDefinition::new(handle.name());
        let table = read.open_table(def)?;
        let s = table.stats()?;
        parts.push(Part {
            name: handle.name().to_owned(),
            entries: table.len()?,
            bytes: (s.leaf_pages() + s.branch_pages()) * page,
        });
    }
    parts.sort_by_key(|p| std::cmp::Reverse(p.bytes));
    Ok(Breakdown {
        file_bytes,
        parts,
        free_bytes: file_bytes.saturating_sub(stats.allocated_pages() * page) + stats.fragmented_bytes(),
    })
}

/// The breakdown of a SQLite file (`dbstat`).
pub fn sqlite(path: &Path) -> Res<Breakdown> {
    let file_bytes = std::fs::metadata(path)?.len();
    let conn = rusqlite::Connection::open(path)?;
    let mut stmt = conn.prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")?;
    let parts = stmt
        .query_map([], |r| {
            Ok(Part {
                name: r.get(0)?,
                entries: 0,
                bytes: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok(Breakdown {
        file_bytes,
        parts,
        free_bytes: u64::try_from(free * page).unwrap_or(0),
    })
}

/// Bytes as MiB for tables.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

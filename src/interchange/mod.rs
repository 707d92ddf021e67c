//! Import and export files of users (`import users into tenant A from "file"`, `export users
//! of tenant A to "file"`) and of cross-tenant access settings (`import access settings`,
//! `export access settings`: Graph's policy JSON, in `policy_json.rs`) and of a
//! synchronization job's schema (`import sync`, `export sync`: Graph's
//! `synchronizationSchema`, in `sync_schema.rs`).
//!
//! Formats:
//! - [`Format::Csv`]: a header of property names (Graph names or their aliases, any case),
//!   then one user a row. This is also what export writes.
//! - [`Format::EntraCsv`]: the files of the Entra admin center: the "Download users" CSV
//!   (human headers such as `User principal name`, or the older property-name headers with
//!   `objectId`), and the "Bulk create" template (`version:v1.0`, then headers such as
//!   `User name [userPrincipalName] Required`). Columns mtodir does not model are ignored.
//! - [`Format::JsonLines`]: one JSON object a line, with Graph property names.
//! - [`Format::GraphJson`]: a Microsoft Graph `GET /users` response, `{"value": [...]}` (or a
//!   bare array of user objects).
//!
//! Reading never touches the directory: it types every value by its attribute's kind and
//! returns the users with the 1-based line where each starts, so that the directory can
//! report its own errors (a duplicate UPN, an unknown manager) at the right line. The first
//! bad row fails the whole read.

mod csv_users;
mod entra_csv;
mod graph_json;
mod json_users;
mod policy_json;
mod sync_schema;
mod typing;

pub use policy_json::{
    Ignored, PartnerIn, PolicyIn, SettingsIn, default_json, partner_json, policy_document, read_policy,
    read_policy_from, write_policy,
};
pub use sync_schema::{
    ClauseIn, MAX_EXPORT_GROUPS, SchemaIn, read_schema, read_schema_from, schema_document, write_schema,
};

use crate::limits::MAX_IMPORT_LINE_BYTES;
use crate::model::{NewUser, Value};
use crate::{Error, Result};
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A file format of `import users` and `export users`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CSV with a header of property names (`userPrincipalName,displayName,…`).
    Csv,
    /// The Entra admin center's "Download users" CSV or "Bulk create" template. Export writes
    /// the same CSV as [`Format::Csv`].
    EntraCsv,
    /// JSON Lines: one object a line.
    JsonLines,
    /// A Microsoft Graph collection response: `{"value": [ {…}, … ]}`.
    GraphJson,
}

/// The words of `format …`, and the format each names.
const FORMAT_WORDS: &[(&str, Format)] = &[
    ("csv", Format::Csv),
    ("entra", Format::EntraCsv),
    ("jsonl", Format::JsonLines),
    ("ndjson", Format::JsonLines),
    ("json", Format::GraphJson),
];

/// How many bytes of a `.csv` file [`Format::resolve`] reads to recognise Entra's layouts.
const SNIFF_BYTES: u64 = 16 * 1024;

impl Format {
    /// From an explicit `format` word (csv, entra, jsonl, json) or else the file extension
    /// (.csv, .jsonl/.ndjson, .json); for .csv, sniff the header: Entra's "download users"
    /// columns → EntraCsv.
    ///
    /// Sniffing reads the start of the file when it exists: a first line `version:…` (the bulk
    /// create template), a header with `User principal name` or an `objectId` column (the
    /// download) make it [`Format::EntraCsv`]. A file that cannot be opened (as when exporting
    /// to a new file) is [`Format::Csv`]; reading or writing it reports the real error.
    pub fn resolve(path: &Path, explicit: Option<&str>) -> Result<Format> {
        if let Some(word) = explicit {
            return Format::from_word(word);
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(sniff_csv(path)),
            Some("jsonl" | "ndjson") => Ok(Format::JsonLines),
            Some("json") => Ok(Format::GraphJson),
            _ => Err(Error::invalid(format!(
                "cannot tell the format of \"{}\" from its extension (.csv, .jsonl, .ndjson or \
                 .json); say `format csv`, `format entra`, `format jsonl` or `format json`",
                path.display()
            ))),
        }
    }

    /// The format named by a `format` word, case-insensitively.
    fn from_word(word: &str) -> Result<Format> {
        FORMAT_WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let hint = crate::suggest::hint(word, FORMAT_WORDS.iter().map(|(w, _)| *w));
                Error::invalid(format!("unknown format `{word}`{hint}: use csv, entra, jsonl or json"))
            })
    }

    /// The `format` word of this format.
    pub fn word(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::EntraCsv => "entra",
            Format::JsonLines => "jsonl",
            Format::GraphJson => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// [`Format::Csv`] or [`Format::EntraCsv`], from the first lines of the file at `path`.
fn sniff_csv(path: &Path) -> Format {
    let mut head = Vec::new();
    let read = File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
    match read {
        Ok(_) if entra_csv::looks_like_entra(strip_bom(&head)) => Format::EntraCsv,
        _ => Format::Csv,
    }
}

/// One user read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedUser {
    /// The 1-based line where the user starts in the file (for CSV, the header is line 1).
    pub line: u64,
    /// The user to create.
    pub user: NewUser,
    /// True when the file marks the user soft-deleted (`isSoftDeleted` true, or a
    /// `deletedDateTime`).
    pub soft_deleted: bool,
}

/// Where a reader hands each user it reads, in file order; an error stops the read.
pub type UserSink<'a> = &'a mut dyn FnMut(ImportedUser) -> Result<()>;

/// Reads every user of the file; the first bad row fails the whole read with its line number.
pub fn read_users(path: &Path, format: Format) -> Result<Vec<ImportedUser>> {
    read_users_named(path, path, format)
}

/// [`read_users`] of the file at `real`, named `name` in errors (the path as the statement
/// wrote it).
pub fn read_users_named(real: &Path, name: &Path, format: Format) -> Result<Vec<ImportedUser>> {
    let file = File::open(real).map_err(|e| io_error(name, e))?;
    read_users_from(file, name, format)
}

/// Same from an in-memory reader (for tests and embedders); `name` is used in errors.
pub fn read_users_from(mut reader: impl Read, name: &Path, format: Format) -> Result<Vec<ImportedUser>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| io_error(name, e))?;
    let mut users = Vec::new();
    each_user(&bytes, name, format, &mut |user| {
        users.push(user);
        Ok(())
    })?;
    Ok(users)
}

/// The bytes of the user file at `real` (named `name` in errors), for [`each_user`].
pub fn user_file_bytes(real: &Path, name: &Path) -> Result<Vec<u8>> {
    std::fs::read(real).map_err(|e| io_error(name, e))
}

/// Reads the users of a file's `bytes` and hands each to `sink` as soon as it is read, so a
/// caller can create users while the rest of the file is read. The first bad row stops the
/// read with its line (users before it have been handed over).
pub fn each_user(bytes: &[u8], name: &Path, format: Format, sink: UserSink<'_>) -> Result<()> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(import_error(name, 1, "the file is UTF-16; save it as UTF-8"));
    }
    let bytes = strip_bom(bytes);
    if format != Format::GraphJson {
        check_lines(bytes, name)?;
    }
    match format {
        Format::Csv => csv_users::read(bytes, name, sink),
        Format::EntraCsv => entra_csv::read(bytes, name, sink),
        Format::JsonLines => json_users::read_lines(bytes, name, sink),
        Format::GraphJson => graph_json::read(bytes, name, sink),
    }
}

/// About how many users [`each_user`] will read from `bytes` (its lines, less a header), for
/// a progress bar: exact for the files export writes.
pub fn estimated_users(bytes: &[u8], format: Format) -> u64 {
    let lines = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .count() as u64;
    match format {
        Format::Csv | Format::EntraCsv => lines.saturating_sub(1),
        Format::JsonLines | Format::GraphJson => lines,
    }
}

/// Refuses a file with a line longer than [`MAX_IMPORT_LINE_BYTES`] (a user is never that
/// long: such a file is not what it claims to be), with that line's number.
fn check_lines(bytes: &[u8], name: &Path) -> Result<()> {
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let size = line.len() as u64;
        if size > MAX_IMPORT_LINE_BYTES {
            let message =
                format!("the line is {size} bytes long, longer than the {MAX_IMPORT_LINE_BYTES} a user may take");
            return Err(import_error(name, index as u64 + 1, message));
        }
    }
    Ok(())
}

/// Writes rows (columns are Graph property names as given; values already resolved to text:
/// manager as UPN, memberOf as group names, homeTenant as handle, times as RFC 3339 strings)
/// in the format; CSV writes a header of the column names; JSONL one object per line;
/// GraphJson `{"value": [...]}`. Null values are omitted from JSON objects and empty in CSV.
/// Lists (memberOf, alternativeSecurityIds) as JSON arrays / `;`-joined in CSV.
///
/// The file is written beside `path` and renamed over it when complete, so a failed export
/// leaves an existing file as it was.
pub fn write_users(path: &Path, format: Format, columns: &[String], rows: &[Vec<Value>]) -> Result<()> {
    write_file(path, |out| write_users_to(out, path, format, columns, rows))
}

/// Writes a file through `write`: beside `path` first, renamed over it when complete and
/// synced, so that a failed write leaves an existing file as it was.
fn write_file(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> Result<()>) -> Result<()> {
    let temp = temp_sibling(path);
    // A temporary file left by an export that died is ours to replace; `create_new` then
    // refuses to follow a link planted under its name.
    let _ = std::fs::remove_file(&temp);
    let result = File::options()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| io_error(path, e))
        .and_then(|file| {
            let mut out = BufWriter::new(file);
            write(&mut out)?;
            let file = out.into_inner().map_err(|e| io_error(path, e.into_error()))?;
            file.sync_all().map_err(|e| io_error(path, e))
        })
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| io_error(path, e)));
    if result.is_err() {
        // The temporary file is ours and incomplete; the write's own error is what matters.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Same into any writer (for tests and embedders); `name` is used in errors. Every row must
/// have one value per column.
pub fn write_users_to(
    mut writer: impl Write,
    name: &Path,
    format: Format,
    columns: &[String],
    rows: &[Vec<Value>],
) -> Result<()> {
    if let Some((i, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != columns.len()) {
        return Err(Error::invalid(format!(
            "export row {} has {} values for {} columns",
            i + 1,
            row.len(),
            columns.len()
        )));
    }
    match format {
        Format::Csv | Format::EntraCsv => csv_users::write(&mut writer, name, columns, rows)?,
        Format::JsonLines => json_users::write_lines(&mut writer, name, columns, rows)?,
        Format::GraphJson => graph_json::write(&mut writer, name, columns, rows)?,
    }
    writer.flush().map_err(|e| io_error(name, e))
}

/// `path` with a hidden temporary name in the same directory (so renaming is atomic).
fn temp_sibling(path: &Path) -> PathBuf {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{file}.mtodir-tmp"))
}

/// The bytes without a leading UTF-8 byte order mark (Excel and the Entra admin center
/// write one).
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

/// [`Error::Io`] for `path`.
fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// [`Error::Import`] at `line` of `path`.
fn import_error(path: &Path, line: u64, message: impl Into<String>) -> Error {
    Error::Import {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests;

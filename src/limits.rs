//! The bounds mtodir puts on what it is given and on what it answers, so that no input can
//! exhaust memory or time (docs/LANGUAGE.md, "Limits"). Going past one is
//! [`crate::Error::TooLarge`], naming the [`Limit`].

use std::fmt;

/// The longest text parsed at once (a statement, or a script of statements), in bytes: the
/// parser holds about a hundred bytes of tokens for each byte of the densest text, so 1 MiB
/// costs at most ~150 MB while it is parsed.
pub const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;
/// The most values an `in (…)` list takes.
pub const MAX_IN_VALUES: u64 = 1000;
/// The most rows one answer holds (`limit`, `show changes`, `show group`): a 100,000-row
/// `find users` peaks at 93 MB resident. Larger sets are read page by page (`offset`) or
/// exported.
pub const MAX_ROWS: u64 = 100_000;
/// The most users one `generate users` makes (about 50 s and 600 MB resident at the top).
pub const MAX_GENERATE: u64 = 1_000_000;
/// The longest line (a CSV record, a JSON Lines object) of an imported file, in bytes.
pub const MAX_IMPORT_LINE_BYTES: u64 = 1024 * 1024;
/// How deeply JSON in an imported file may nest (serde_json's own recursion limit).
pub const MAX_JSON_DEPTH: u64 = 128;

/// Which bound was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// [`MAX_SCRIPT_BYTES`].
    Script,
    /// [`MAX_IN_VALUES`].
    InList,
    /// [`MAX_ROWS`].
    Rows,
    /// [`MAX_GENERATE`].
    Generate,
}

impl Limit {
    /// The bound.
    pub fn max(self) -> u64 {
        match self {
            Limit::Script => MAX_SCRIPT_BYTES,
            Limit::InList => MAX_IN_VALUES,
            Limit::Rows => MAX_ROWS,
            Limit::Generate => MAX_GENERATE,
        }
    }

    /// What is counted, in words.
    pub fn what(self) -> &'static str {
        match self {
            Limit::Script => "the text is too long: bytes",
            Limit::InList => "the `in` list is too long: values",
            Limit::Rows => "the answer is too large: rows",
            Limit::Generate => "too many users to generate at once: users",
        }
    }

    /// What to do instead.
    pub fn advice(self) -> &'static str {
        match self {
            Limit::Script => "split the script into several files, or import users from a file",
            Limit::InList => "use several `in` lists joined by `or`, or a group (`memberOf = …`)",
            Limit::Rows => "read it page by page with `limit` and `offset`, or `export` it",
            Limit::Generate => "generate them in several statements",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what())
    }
}

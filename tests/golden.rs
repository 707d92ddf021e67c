//! Golden scripts: MTOQL stories run statement by statement, their transcripts compared with
//! the expected ones (in the style of toydb's goldenscript tests).
//!
//! # Scripts and transcripts
//!
//! Each `tests/scripts/NAME.mtoql` is a script; `tests/scripts/NAME.golden` beside it holds
//! its expected transcript. A script runs the way the REPL runs what is typed into it: on a
//! fresh `Directory` in a temporary folder, with one `Session` (acting as the operator), each
//! statement handed to `session.execute` on its own. A statement that fails is recorded in the
//! transcript and the script goes on: errors are part of what is tested.
//!
//! The transcript repeats the script, statement by statement:
//!
//! ```text
//! -- The comments written before a statement, as written.
//! > the statement, as written (each of its lines prefixed by `> `);
//! its answer: the output as the REPL prints it in table mode
//! (`mtodir::format::render(&output, Mode::Table)`), or the error's Display (which, for
//! errors that point into the statement, shows its line with a caret under the cause)
//!
//! > the next statement;
//! …
//! ```
//!
//! Every entry ends with a blank line. A statement without output (none so far) shows only
//! its `> ` lines. Comments after the last statement close the transcript.
//!
//! # Splitting a script into statements
//!
//! A small scanner cuts the script after each `;` that stands outside strings and `--`
//! comments (a comment on the same line, right after the `;`, stays with its statement).
//! The public parser (`mtodir::lang::parser::parse`) then reads each piece: where it parses,
//! it must hold exactly one statement, whose span separates the comments before it from the
//! statement itself; a piece that is a syntax error is the statement from its first line of
//! code on, and its error goes into the transcript like any other.
//!
//! # Files and varying values
//!
//! - `$TMP` in a statement stands for a temporary folder of the script's own (for `import`
//!   and `export`): it is replaced by that folder's path before the statement runs, and the
//!   path is written back as `$TMP` in the answer. (A caret after a `$TMP` in the same line
//!   would stand as many columns off as the path is longer than `$TMP`.) The folder of the
//!   database file is written as `$DB` in answers (`check` names the file).
//! - Values that change from run to run are masked in answers, keeping their width so that
//!   tables stay aligned: RFC 3339 timestamps (`2026-11-22T10:00:00Z`) read
//!   `YYYY-MM-DDThh:mm:ssZ`, and GUIDs read `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. Scripts
//!   still prefer `fields` clauses that leave such values out.
//!
//! # Running and regenerating
//!
//! `cargo test --test golden` runs every script (one test each, named after the script) and
//! fails with a line diff of expected (`-`) against actual (`+`) transcript. Run
//! `UPDATE_GOLDEN=1 cargo test --test golden` to rewrite the `.golden` files instead, then
//! read the changes with `git diff` before committing them. A new script needs a line in the
//! `scripts!` list at the bottom of this file; a test checks that the list and the folder
//! agree.

use mtodir::format::{Mode, render};
use mtodir::lang::parser::parse;
use mtodir::{Directory, Error};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folder of the scripts and their transcripts.
fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("scripts")
}

/// One entry of a script: the comments before a statement, and the statement.
#[derive(Debug, PartialEq)]
struct Entry {
    /// The comment lines before the statement (blank lines between them kept), trimmed.
    comments: String,
    /// The statement as written, from its first character to its `;` (and a comment on the
    /// same line after it); empty for the comments that close the script.
    statement: String,
}

/// Cuts `text` after each `;` outside strings and comments. A `'` opens a string only where
/// a word cannot go on with it (`O'Connor` is one bare word), as in the grammar.
fn pieces(text: &str) -> Vec<&str> {
    let word_char = |c: char| c.is_alphanumeric() || "_.@#-'".contains(c);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    let mut previous = ' ';
    while let Some((i, c)) = chars.next() {
        match c {
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => {
                // A comment, to the end of the line.
                while chars.peek().is_some_and(|&(_, n)| n != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' if c == '"' || !word_char(previous) => {
                // A string, to its closing quote or the end of the line.
                while let Some((_, n)) = chars.next_if(|&(_, n)| n != '\n') {
                    if n == '\\' {
                        chars.next_if(|&(_, n)| n != '\n');
                    } else if n == c {
                        break;
                    }
                }
            }
            ';' => {
                // A comment right after the `;`, on the same line, belongs to this statement.
                let rest = &text[i + 1..];
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                let end = if line.trim_start().starts_with("--") {
                    i + 1 + line.len()
                } else {
                    i + 1
                };
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                pieces.push(&text[start..end]);
                start = end;
            }
            _ => {}
        }
        previous = c;
    }
    pieces.push(&text[start..]);
    pieces
}

/// True when `line` holds no code: blank, or only a comment.
fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("--")
}

/// The entries of a script, in order.
fn entries(name: &str, text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut comments = String::new();
    for piece in pieces(text) {
        let statement_start = match parse(piece) {
            Ok(located) if located.is_empty() => None,
            Ok(located) => {
                assert_eq!(
                    located.len(),
                    1,
                    "{name}: the harness took this for one statement, the parser found {}:\n{piece}",
                    located.len()
                );
                Some(located[0].span.start)
            }
            // A syntax error: the statement starts at its first line of code.
            Err(_) => {
                let mut offset = 0;
                let mut start = None;
                for line in piece.split_inclusive('\n') {
                    if !is_comment_or_blank(line) {
                        start = Some(offset + (line.len() - line.trim_start().len()));
                        break;
                    }
                    offset += line.len();
                }
                start
            }
        };
        match statement_start {
            Some(at) => {
                comments.push_str(&piece[..at]);
                entries.push(Entry {
                    comments: trim_lines(&comments),
                    statement: piece[at..].trim_end().to_owned(),
                });
                comments.clear();
            }
            // Only comments (or an empty statement): they go with the next statement.
            None => comments.push_str(piece),
        }
    }
    let closing = trim_lines(&comments);
    if !closing.is_empty() {
        entries.push(Entry {
            comments: closing,
            statement: String::new(),
        });
    }
    entries
}

/// `text` without its leading and trailing blank lines, each line without trailing blanks.
fn trim_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Replaces each match of the fixed-shape `pattern` in `text` by `placeholder`. In the
/// pattern, `9` stands for an ASCII digit, `x` for a hexadecimal digit, and any other
/// character for itself.
fn mask(text: &str, pattern: &str, placeholder: &str) -> String {
    let shape: Vec<char> = pattern.chars().collect();
    let fits = |c: char, p: char| match p {
        '9' => c.is_ascii_digit(),
        'x' => c.is_ascii_hexdigit(),
        _ => c == p,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let here = &chars[i..];
        if here.len() >= shape.len() && here.iter().zip(&shape).all(|(&c, &p)| fits(c, p)) {
            out.push_str(placeholder);
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Masks the values that change from run to run (see the top of this file).
fn mask_varying(text: &str) -> String {
    let guid = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    let text = mask(text, guid, guid);
    mask(&text, "9999-99-99T99:99:99Z", "YYYY-MM-DDThh:mm:ssZ")
}

/// Runs the script `NAME.mtoql` and returns its transcript.
fn transcript(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = tempfile::tempdir().expect("a temporary folder for the script's files");
    let tmp = files.path().to_str().expect("a UTF-8 temporary path").to_owned();
    let db_dir = dir.path().to_str().expect("a UTF-8 temporary path").to_owned();
    let directory = Directory::open(dir.path().join("org.redb")).expect("a new directory");
    let mut session = directory.session();
    let mut out = String::new();
    for entry in entries(name, text) {
        if !entry.comments.is_empty() {
            out.push_str(&entry.comments);
            out.push('\n');
        }
        if entry.statement.is_empty() {
            continue;
        }
        for line in entry.statement.lines() {
            out.push_str(format!("> {line}").trim_end());
            out.push('\n');
        }
        let answer = match session.execute(&entry.statement.replace("$TMP", &tmp)) {
            Ok(outputs) => outputs
                .iter()
                .map(|o| render(o, Mode::Table))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => error_text(&e),
        };
        let answer = mask_varying(&answer.replace(&tmp, "$TMP").replace(&db_dir, "$DB"));
        for line in answer.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The error as the REPL prints it.
fn error_text(e: &Error) -> String {
    e.to_string()
}

/// A line diff of `expected` against `actual`: `-` lines only expected, `+` lines only
/// actual, and up to three lines of context around each change.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // The longest common subsequence, by dynamic programming from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // Each line with its sign and its 1-based line numbers in `expected` and `actual`.
    let mut lines: Vec<(char, &str, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i], i + 1, j + 1));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i], i + 1, j + 1));
            i += 1;
        } else {
            lines.push(('+', b[j], i + 1, j + 1));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut in_hunk = false;
    for (k, &(sign, line, at_expected, at_actual)) in lines.iter().enumerate() {
        if near(k) {
            if !in_hunk {
                let _ = writeln!(out, "@@ expected line {at_expected}, actual line {at_actual}");
                in_hunk = true;
            }
            let _ = writeln!(out, "{sign} {line}");
        } else {
            in_hunk = false;
        }
    }
    out
}

/// Runs the script `name` and compares (or, with `UPDATE_GOLDEN` set, rewrites) its transcript.
fn check(name: &str) {
    let script = scripts_dir().join(format!("{name}.mtoql"));
    let golden = scripts_dir().join(format!("{name}.golden"));
    let text = std::fs::read_to_string(&script).unwrap_or_else(|e| panic!("{}: {e}", script.display()));
    let actual = transcript(name, &text);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&golden, &actual).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n(run `UPDATE_GOLDEN=1 cargo test --test golden` to write it)",
            golden.display()
        )
    });
    if expected != actual {
        panic!(
            "the transcript of tests/scripts/{name}.mtoql differs from {name}.golden \
             (- expected, + actual; `UPDATE_GOLDEN=1 cargo test --test golden` accepts the actual one):\n{}",
            diff(&expected, &actual)
        );
    }
}

/// One test per script, named after it; `every_script_has_a_test` keeps the list complete.
macro_rules! scripts {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        /// The scripts the macro made tests for.
        const SCRIPTS: &[&str] = &[$(stringify!($name)),*];
    };
}

scripts! {
    sync,
    sync_refusals,
    sync_schema,
    organization,
    access_files,
    audit,
    counts,
    delete_restore_purge,
    explain,
    export_import,
    file_check,
    groups,
    help,
    order_limit_fields,
    seeds,
    sessions,
    syntax_errors,
    typeahead,
    user_rules,
    users,
    visibility,
}

#[test]
fn every_script_has_a_test_and_every_transcript_a_script() {
    let mut scripts = Vec::new();
    let mut transcripts = Vec::new();
    for entry in std::fs::read_dir(scripts_dir()).expect("tests/scripts") {
        let path = entry.expect("a folder entry").path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        match path.extension().and_then(|e| e.to_str()) {
            Some("mtoql") => scripts.push(stem),
            Some("golden") => transcripts.push(stem),
            _ => {}
        }
    }
    scripts.sort();
    transcripts.sort();
    let mut listed: Vec<String> = SCRIPTS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        scripts, listed,
        "tests/scripts/*.mtoql and the `scripts!` list of tests/golden.rs"
    );
    // A missing transcript fails its script's own test (or is written with UPDATE_GOLDEN).
    let orphans: Vec<&String> = transcripts.iter().filter(|t| !listed.contains(t)).collect();
    assert!(
        orphans.is_empty(),
        "tests/scripts/*.golden without a script: {orphans:?}"
    );
}

// The harness itself.

#[test]
fn pieces_end_after_semicolons_outside_strings_and_comments() {
    let text = "a 'x;y' \"p;q\"; -- c;d\nO'Connor; b\n-- e;\nc";
    assert_eq!(pieces(text), ["a 'x;y' \"p;q\"; -- c;d", "\nO'Connor;", " b\n-- e;\nc"]);
}

#[test]
fn entries_keep_comments_with_the_statement_after_them() {
    let text = "-- one\n\n-- two\nwhoami;\nsearch peple\n  in tenant B;  -- misspelled\n-- the end\n";
    let got = entries("test", text);
    assert_eq!(
        got,
        [
            Entry {
                comments: "-- one\n\n-- two".into(),
                statement: "whoami;".into()
            },
            Entry {
                comments: String::new(),
                statement: "search peple\n  in tenant B;  -- misspelled".into()
            },
            Entry {
                comments: "-- the end".into(),
                statement: String::new()
            },
        ]
    );
}

#[test]
fn masks_keep_the_width() {
    assert_eq!(
        mask_varying("x 2026-11-22T10:00:00Z | 0190a4b2-7c1e-7d3f-9a2b-3c4d5e6f7a8b y"),
        "x YYYY-MM-DDThh:mm:ssZ | xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx y"
    );
}

#[test]
fn diffs_show_changes_with_context() {
    let d = diff("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\ne\nF\ng\nh\ni\n");
    assert_eq!(
        d,
        "@@ expected line 3, actual line 3\n  c\n  d\n  e\n- f\n+ F\n  g\n  h\n  i\n"
    );
}

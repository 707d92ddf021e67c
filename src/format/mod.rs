//! Rendering outputs for people: aligned tables, JSON with Graph property names, or CSV.

mod csv;

use crate::model::Value;
use crate::output::{Output, RowSink, Rows};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::io::{self, Write as _};
use std::str::FromStr;

/// How rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Aligned columns (one row with many columns prints as `property | value` lines).
    #[default]
    Table,
    /// A JSON array of objects keyed by Graph property names (one object per row).
    Json,
    /// CSV with a header row.
    Csv,
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Ok(Mode::Table),
            "json" => Ok(Mode::Json),
            "csv" => Ok(Mode::Csv),
            other => Err(format!("unknown output mode `{other}`: use table, json or csv")),
        }
    }
}

/// Widest a table cell gets before it is cut with `…`.
const CELL_MAX: usize = 60;
/// A single row with more columns than this prints vertically in table mode.
const VERTICAL_FROM: usize = 10;

/// Renders one output in `mode`; the result ends without a newline.
pub fn render(output: &Output, mode: Mode) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(output, mode, &mut out);
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.truncate(text.trim_end_matches('\n').len());
    text
}

/// Writes one output in `mode` to `out`, ending with a newline. Rows are formatted one at a
/// time as they are written, so a large result is never held a second time as text.
pub fn write(output: &Output, mode: Mode, out: &mut dyn io::Write) -> io::Result<()> {
    match output {
        Output::Rows(rows) => whole(rows, mode, out),
        Output::Streamed { .. } => Ok(()),
        Output::Count(n) => match mode {
            Mode::Json => writeln!(out, "{{\"count\": {n}}}"),
            Mode::Csv => writeln!(out, "count\n{n}"),
            Mode::Table => writeln!(out, "{n}"),
        },
        Output::Text(t) => match mode {
            Mode::Json => {
                serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "text": t }))?;
                writeln!(out)
            }
            Mode::Csv => {
                let mut text = Vec::with_capacity(t.len() + 16);
                csv::record(&mut text, ["text"]);
                for line in t.lines() {
                    csv::record(&mut text, [line]);
                }
                out.write_all(&text)
            }
            Mode::Table => writeln!(out, "{t}"),
        },
        Output::Document { document, rows } => match mode {
            Mode::Json => {
                // Serialized in place: no `serde_json::Value` copy of a large document.
                serde_json::to_writer_pretty(&mut *out, &JsonValue(document))?;
                writeln!(out)
            }
            Mode::Table | Mode::Csv => whole(rows, mode, out),
        },
        Output::Message(m) => writeln!(out, "{m}"),
    }
}

/// Writes a whole result set (tables aligned over all its rows).
fn whole(rows: &Rows, mode: Mode, out: &mut dyn io::Write) -> io::Result<()> {
    let mut w = RowWriter::new(out, mode);
    w.window = usize::MAX;
    w.rows(rows)
}

/// Prints one output where it belongs: data (rows, counts, text) on standard output in
/// `mode`; messages (`created user …`) on standard output in table mode, but on standard
/// error in JSON and CSV modes, so that standard output carries data only.
pub fn emit(output: &Output, mode: Mode) {
    match (output, mode) {
        (Output::Message(m), Mode::Json | Mode::Csv) => eprintln!("{m}"),
        _ => print(output, mode),
    }
}

/// Prints one output on standard output. A closed pipe (`mtodir … | head`) ends the printing
/// quietly instead of panicking.
pub fn print(output: &Output, mode: Mode) {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let _ = write(output, mode, &mut out).and_then(|()| out.flush());
}

fn cell(v: &Value) -> String {
    let text = v.to_string().replace(['\n', '\r'], " ");
    if text.chars().count() > CELL_MAX {
        let cut: String = text.chars().take(CELL_MAX - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// One table line: the cells padded to `widths`, joined by ` | `, without trailing blanks.
fn line(out: &mut dyn io::Write, cells: impl Iterator<Item = String>, widths: &[usize]) -> io::Result<()> {
    let mut text = String::new();
    for (i, (c, w)) in cells.zip(widths).enumerate() {
        if i > 0 {
            text.push_str(" | ");
        }
        let pad = w.saturating_sub(width(&c));
        text.push_str(&c);
        text.extend(std::iter::repeat_n(' ', pad));
    }
    writeln!(out, "{}", text.trim_end())
}

/// How many rows table mode aligns its columns over when it streams: the widths are those
/// of the header and the first `ALIGN_ROWS` rows; later rows are printed with the same widths
/// (a longer cell pushes the rest of its line right) without re-aligning what was printed.
pub const ALIGN_ROWS: usize = 1000;

/// Writes result sets in a [`Mode`] as their rows come ([`RowSink`]): CSV and JSON write each
/// row at once, so an answer of any size is printed in the memory of one row; table mode
/// holds the first [`ALIGN_ROWS`] rows to align the columns over them, then prints the rest
/// with those widths. A result set of at most that many rows prints exactly as [`write`]
/// prints it whole.
pub struct RowWriter<W: io::Write> {
    out: W,
    mode: Mode,
    /// Rows table mode aligns over before it prints (`usize::MAX`: all of them).
    window: usize,
    columns: Vec<String>,
    /// Table mode: the rows held until the widths are known.
    held: Vec<Vec<Value>>,
    /// Table mode: the widths, once the header is printed.
    widths: Option<Vec<usize>>,
    /// Rows written in this result set.
    count: u64,
    /// CSV: one record's text; JSON: one row's pretty text (reused).
    buf: Vec<u8>,
}

impl<W: io::Write> RowWriter<W> {
    /// A writer to `out` in `mode`, aligning tables over the first [`ALIGN_ROWS`] rows.
    pub fn new(out: W, mode: Mode) -> RowWriter<W> {
        RowWriter {
            out,
            mode,
            window: ALIGN_ROWS,
            columns: Vec::new(),
            held: Vec::new(),
            widths: None,
            count: 0,
            buf: Vec::new(),
        }
    }

    /// The writer, for flushing or reuse.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.held.clear();
        self.widths = None;
        self.count = 0;
        match self.mode {
            Mode::Csv => {
                self.buf.clear();
                csv::record(&mut self.buf, columns);
                self.out.write_all(&self.buf)
            }
            Mode::Json => self.out.write_all(b"["),
            Mode::Table => Ok(()),
        }
    }

    fn put(&mut self, row: Vec<Value>) -> io::Result<()> {
        self.count += 1;
        match self.mode {
            Mode::Csv => {
                self.buf.clear();
                csv::record(&mut self.buf, row.iter().map(csv_field));
                self.out.write_all(&self.buf)
            }
            Mode::Json => {
                self.buf.clear();
                serde_json::to_writer_pretty(&mut self.buf, &JsonRow(&self.columns, &row))?;
                self.json_item()
            }
            Mode::Table => match &self.widths {
                Some(widths) => line(&mut self.out, row.iter().map(cell), widths),
                None => {
                    self.held.push(row);
                    if self.held.len() >= self.window {
                        self.head()?;
                    }
                    Ok(())
                }
            },
        }
    }

    /// Table mode: the widths over the held rows; prints the header, the rule and those rows.
    fn head(&mut self) -> io::Result<()> {
        let mut widths: Vec<usize> = self.columns.iter().map(|c| width(c)).collect();
        for r in &self.held {
            for (w, v) in widths.iter_mut().zip(r) {
                *w = (*w).max(width(&cell(v)));
            }
        }
        line(&mut self.out, self.columns.iter().cloned(), &widths)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(self.out, "{}", rule.join("-+-"))?;
        for r in std::mem::take(&mut self.held) {
            line(&mut self.out, r.iter().map(cell), &widths)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    /// JSON: writes the item in `buf` as the array's next element, one level in, as the pretty
    /// printer puts an array's items (JSON text holds no raw line breaks inside strings).
    fn json_item(&mut self) -> io::Result<()> {
        self.out.write_all(if self.count == 1 { b"\n" } else { b",\n" })?;
        for (i, line) in self.buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line)?;
        }
        Ok(())
    }

    /// JSON: a row given as its own JSON shape, as the array's next element.
    fn put_document(&mut self, document: &Value) -> io::Result<()> {
        self.count += 1;
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, &JsonValue(document))?;
        self.json_item()
    }

    fn finish(&mut self, more: bool) -> io::Result<()> {
        match self.mode {
            Mode::Csv => {}
            Mode::Json => self.out.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?,
            Mode::Table => {
                if self.widths.is_none() && self.held.len() == 1 && self.columns.len() >= VERTICAL_FROM {
                    let w = self.columns.iter().map(|c| width(c)).max().unwrap_or(0);
                    for (c, v) in self.columns.iter().zip(&self.held[0]) {
                        writeln!(self.out, "{c}{} | {}", " ".repeat(w - width(c)), v)?;
                    }
                    self.held.clear();
                    return self.out.flush();
                }
                if self.widths.is_none() {
                    self.head()?;
                }
                let n = self.count;
                write!(self.out, "({n} {})", if n == 1 { "row" } else { "rows" })?;
                if more {
                    write!(self.out, "; more match: use `limit` and `offset` to see them")?;
                }
                writeln!(self.out)?;
            }
        }
        self.out.flush()
    }

    /// Writes a whole result set.
    fn rows(&mut self, rows: &Rows) -> io::Result<()> {
        self.begin(&rows.columns)?;
        for r in &rows.rows {
            self.put(r.clone())?;
        }
        self.finish(rows.more)
    }
}

impl<W: io::Write> RowSink for RowWriter<W> {
    fn start(&mut self, columns: &[String]) -> crate::Result<()> {
        self.begin(columns).map_err(written)
    }

    fn row(&mut self, row: Vec<Value>) -> crate::Result<()> {
        self.put(row).map_err(written)
    }

    fn end(&mut self, more: bool) -> crate::Result<()> {
        self.finish(more).map_err(written)
    }

    fn wants_documents(&self) -> bool {
        self.mode == Mode::Json
    }

    fn document(&mut self, document: Value) -> crate::Result<()> {
        self.put_document(&document).map_err(written)
    }
}

/// A row writer on standard output (buffered; flushed at the end of each result set).
pub fn stdout_rows(mode: Mode) -> RowWriter<io::BufWriter<io::Stdout>> {
    RowWriter::new(io::BufWriter::with_capacity(64 * 1024, io::stdout()), mode)
}

/// True when `e` is standard output closed under a streamed answer (`mtodir … | head`):
/// the printing ends quietly, as for whole outputs.
pub fn closed_output(e: &crate::Error) -> bool {
    matches!(e.root(), crate::Error::Io { path, source }
        if source.kind() == io::ErrorKind::BrokenPipe && path.as_os_str() == "standard output")
}

/// A failed write of output as an error of the statement that produced it.
fn written(e: io::Error) -> crate::Error {
    crate::Error::Io {
        path: "standard output".into(),
        source: e,
    }
}

/// One row as a JSON object keyed by the column names.
struct JsonRow<'a>(&'a [String], &'a [Value]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(c, &JsonValue(v))?;
        }
        map.end()
    }
}

/// A value as JSON, serialized in place (no `serde_json::Value` tree).
struct JsonValue<'a>(&'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Str(text) => s.serialize_str(text),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, &JsonValue(v))?;
                }
                map.end()
            }
        }
    }
}

/// A CSV field: text as it is, lists joined by `;`.
fn csv_field(v: &Value) -> Cow<'_, [u8]> {
    match v {
        Value::Str(s) => Cow::Borrowed(s.as_bytes()),
        Value::Null => Cow::Borrowed(b""),
        Value::List(items) => Cow::Owned(
            items
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(";")
                .into_bytes(),
        ),
        other => Cow::Owned(other.to_string().into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rows {
        Rows {
            columns: vec!["displayName".into(), "mail".into()],
            rows: vec![
                vec![Value::str("Bob Brown"), Value::str("bob@b.example")],
                vec![Value::str("Barbara Núñez"), Value::Null],
            ],
            more: true,
        }
    }

    #[test]
    fn tables_align_columns() {
        let text = render(&Output::Rows(sample()), Mode::Table);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "displayName   | mail");
        assert_eq!(lines[2], "Bob Brown     | bob@b.example");
        assert_eq!(lines[3], "Barbara Núñez |");
        assert!(lines[4].starts_with("(2 rows); more match"));
    }

    /// Only the JSON writer takes a row's own JSON shape; it prints each as an element of
    /// the array, as a whole document's list would print; a sink of rows refuses one.
    #[test]
    fn documents_go_to_the_json_writer_only() {
        let items = [
            Value::Object(vec![("id".into(), Value::str("a")), ("n".into(), Value::Int(1))]),
            Value::Object(vec![("id".into(), Value::str("b")), ("n".into(), Value::Null)]),
        ];
        for mode in [Mode::Table, Mode::Csv, Mode::Json] {
            let w = RowWriter::new(Vec::new(), mode);
            assert_eq!(w.wants_documents(), mode == Mode::Json, "{mode:?}");
        }
        let mut w = RowWriter::new(Vec::new(), Mode::Json);
        w.start(&["id".into()]).unwrap();
        for item in &items {
            w.document(item.clone()).unwrap();
        }
        w.end(false).unwrap();
        let whole = Output::Document {
            document: Value::List(items.to_vec()),
            rows: Rows::new(vec!["id".into()]),
        };
        assert_eq!(
            String::from_utf8(w.get_mut().clone()).unwrap().trim_end(),
            render(&whole, Mode::Json)
        );
        let mut rows = Rows::new(vec!["id".into()]);
        assert!(!rows.wants_documents());
        assert!(matches!(rows.document(Value::Null), Err(crate::Error::Transaction(_))));
    }

    #[test]
    fn json_uses_graph_names() {
        let text = render(&Output::Rows(sample()), Mode::Json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["mail"], "bob@b.example");
        assert!(v[1]["mail"].is_null());
    }

    #[test]
    fn csv_quotes_and_heads() {
        let mut rows = sample();
        rows.rows[0][0] = Value::str("Brown, Bob");
        let text = render(&Output::Rows(rows), Mode::Csv);
        assert_eq!(text.lines().next(), Some("displayName,mail"));
        assert!(text.contains("\"Brown, Bob\""));
    }

    /// Streams `rows` through a [`RowWriter`] aligning tables over `window` rows.
    fn streamed(rows: &Rows, mode: Mode, window: usize) -> String {
        let mut w = RowWriter::new(Vec::new(), mode);
        w.window = window;
        w.start(&rows.columns).unwrap();
        for r in &rows.rows {
            w.row(r.clone()).unwrap();
        }
        w.end(rows.more).unwrap();
        String::from_utf8(w.out).unwrap()
    }

    fn whole_text(rows: &Rows, mode: Mode) -> String {
        let mut out = Vec::new();
        write(&Output::Rows(rows.clone()), mode, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_rows_print_as_whole_ones() {
        let mut many = sample();
        for i in 0..5 {
            many.rows.push(vec![
                Value::str(format!("User {i}")),
                Value::List(vec![Value::Int(i), Value::Int(7)]),
            ]);
        }
        let empty = Rows::new(vec!["displayName".into()]);
        let wide = Rows {
            columns: (0..12).map(|i| format!("c{i}")).collect(),
            rows: vec![(0..12).map(Value::Int).collect()],
            more: false,
        };
        for rows in [sample(), many, empty, wide] {
            for mode in [Mode::Table, Mode::Json, Mode::Csv] {
                assert_eq!(streamed(&rows, mode, ALIGN_ROWS), whole_text(&rows, mode), "{mode:?}");
            }
            let json = streamed(&rows, Mode::Json, ALIGN_ROWS);
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v.as_array().map(Vec::len), Some(rows.rows.len()));
        }
    }

    #[test]
    fn long_tables_align_over_the_first_rows_only() {
        let mut rows = Rows::new(vec!["displayName".into()]);
        for name in ["Al", "Bo", "A much longer name", "Cy"] {
            rows.rows.push(vec![Value::str(name)]);
        }
        let text = streamed(&rows, Mode::Table, 2);
        let lines: Vec<&str> = text.lines().collect();
        // Aligned over the header and the first two rows; later rows are not re-aligned.
        assert_eq!(lines[0], "displayName");
        assert_eq!(lines[1], "-----------");
        assert_eq!(lines[4], "A much longer name");
        assert_eq!(lines[6], "(4 rows)");
    }

    #[test]
    fn one_wide_row_prints_vertically() {
        let columns: Vec<String> = (0..12).map(|i| format!("c{i}")).collect();
        let row = (0..12).map(Value::Int).collect();
        let text = render(
            &Output::Rows(Rows {
                columns,
                rows: vec![row],
                more: false,
            }),
            Mode::Table,
        );
        assert_eq!(text.lines().next(), Some("c0  | 0"));
    }
}

//! Rendering outputs for people: aligned tables, JSON with Graph property names, or CSV.

use crate::model::Value;
use crate::output::{Output, Rows};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
        Output::Rows(rows) => match mode {
            Mode::Table => table(rows, out),
            Mode::Json => json(rows, out),
            Mode::Csv => csv(rows, out),
        },
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
                let mut w = ::csv::Writer::from_writer(out);
                w.write_record(["text"])?;
                for line in t.lines() {
                    w.write_record([line])?;
                }
                w.flush()
            }
            Mode::Table => writeln!(out, "{t}"),
        },
        Output::Document { document, rows } => match mode {
            Mode::Json => {
                serde_json::to_writer_pretty(&mut *out, &document.to_json())?;
                writeln!(out)
            }
            Mode::Table => table(rows, out),
            Mode::Csv => csv(rows, out),
        },
        Output::Message(m) => writeln!(out, "{m}"),
    }
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

fn table(rows: &Rows, out: &mut dyn io::Write) -> io::Result<()> {
    if rows.rows.len() == 1 && rows.columns.len() >= VERTICAL_FROM {
        return vertical(rows, out);
    }
    // Two passes over the values (widths, then lines) instead of holding every cell's text.
    let mut widths: Vec<usize> = rows.columns.iter().map(|c| width(c)).collect();
    for r in &rows.rows {
        for (w, v) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(&cell(v)));
        }
    }
    line(out, rows.columns.iter().cloned(), &widths)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-"))?;
    for r in &rows.rows {
        line(out, r.iter().map(cell), &widths)?;
    }
    let n = rows.rows.len();
    write!(out, "({n} {})", if n == 1 { "row" } else { "rows" })?;
    if rows.more {
        write!(out, "; more match: use `limit` and `offset` to see them")?;
    }
    writeln!(out)
}

fn vertical(rows: &Rows, out: &mut dyn io::Write) -> io::Result<()> {
    let w = rows.columns.iter().map(|c| width(c)).max().unwrap_or(0);
    for (c, v) in rows.columns.iter().zip(&rows.rows[0]) {
        writeln!(out, "{c}{} | {}", " ".repeat(w - width(c)), v)?;
    }
    Ok(())
}

/// Rows as a JSON array, serialized row by row (no whole-document tree).
struct JsonRows<'a>(&'a Rows);

/// One row as a JSON object keyed by the column names.
struct JsonRow<'a>(&'a [String], &'a [Value]);

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
        for r in &self.0.rows {
            seq.serialize_element(&JsonRow(&self.0.columns, r))?;
        }
        seq.end()
    }
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(c, &v.to_json())?;
        }
        map.end()
    }
}

fn json(rows: &Rows, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonRows(rows))?;
    writeln!(out)
}

fn csv(rows: &Rows, out: &mut dyn io::Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(&rows.columns)?;
    for r in &rows.rows {
        w.write_record(r.iter().map(|v| match v {
            Value::List(items) => items.iter().map(Value::to_string).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        }))?;
    }
    w.flush()
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

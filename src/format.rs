//! Rendering outputs for people: aligned tables, JSON with Graph property names, or CSV.

use crate::model::Value;
use crate::output::{Output, Rows};
use std::fmt::Write as _;
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
const CELL_MAX: usize = 48;
/// A single row with more columns than this prints vertically in table mode.
const VERTICAL_FROM: usize = 10;

/// Renders one output in `mode`; the result ends without a newline.
pub fn render(output: &Output, mode: Mode) -> String {
    match output {
        Output::Rows(rows) => match mode {
            Mode::Table => table(rows),
            Mode::Json => json(rows),
            Mode::Csv => csv(rows),
        },
        Output::Count(n) => match mode {
            Mode::Json => format!("{{\"count\": {n}}}"),
            Mode::Csv => format!("count\n{n}"),
            Mode::Table => n.to_string(),
        },
        Output::Message(m) | Output::Text(m) => m.clone(),
    }
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

fn table(rows: &Rows) -> String {
    if rows.rows.len() == 1 && rows.columns.len() >= VERTICAL_FROM {
        return vertical(rows);
    }
    let cells: Vec<Vec<String>> = rows.rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    let widths: Vec<usize> = rows
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| width(&r[i])).chain([width(c)]).max().unwrap_or(0))
        .collect();
    let line = |values: &[String]| -> String {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v}{}", " ".repeat(w - width(v))))
            .collect();
        padded.join(" | ").trim_end().to_owned()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&rows.columns));
    let _ = writeln!(
        out,
        "{}",
        widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-")
    );
    for r in &cells {
        let _ = writeln!(out, "{}", line(r));
    }
    let n = rows.rows.len();
    let _ = write!(out, "({n} {})", if n == 1 { "row" } else { "rows" });
    if rows.more {
        out.push_str("; more match: use `limit` and `offset` to see them");
    }
    out
}

fn vertical(rows: &Rows) -> String {
    let w = rows.columns.iter().map(|c| width(c)).max().unwrap_or(0);
    let mut out = String::new();
    for (c, v) in rows.columns.iter().zip(&rows.rows[0]) {
        let _ = writeln!(out, "{c}{} | {}", " ".repeat(w - width(c)), v);
    }
    out.pop();
    out
}

fn json(rows: &Rows) -> String {
    let objects: Vec<serde_json::Value> = rows
        .rows
        .iter()
        .map(|r| {
            let map = rows
                .columns
                .iter()
                .zip(r)
                .map(|(c, v)| (c.clone(), v.to_json()))
                .collect();
            serde_json::Value::Object(map)
        })
        .collect();
    serde_json::to_string_pretty(&objects).unwrap_or_default()
}

fn csv(rows: &Rows) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&rows.columns);
    for r in &rows.rows {
        let _ = w.write_record(r.iter().map(|v| match v {
            Value::List(items) => items.iter().map(Value::to_string).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        }));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
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

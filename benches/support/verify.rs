//! Do both engines answer the same? On a sample of each mix, the full answers (no limit) are
//! compared as sets of UPNs (or counts). Filters, counts and UPN lookups must agree exactly;
//! the token-table typeahead variants must agree exactly too, as sequences (the same rows in
//! the same order), both the full answer and the top 25; FTS5 and LIKE differ by design in
//! small ways (see `benches/README.md`), so their overlap is reported.

use super::Res;
use super::engine_mtodir::MtodirEngine;
use super::engine_sqlite::{SqliteEngine, Variant};
use super::queries::{Answer, Mix};
use std::collections::BTreeSet;

/// Agreement of mtodir and one SQLite variant on one class.
#[derive(Debug, Clone)]
pub struct Agreement {
    /// The class's name.
    pub class: String,
    /// The SQLite variant.
    pub variant: Variant,
    /// Queries compared.
    pub queries: usize,
    /// Queries whose answers were equal.
    pub equal: usize,
    /// Rows mtodir found, summed over the queries.
    pub mtodir_rows: u64,
    /// Rows SQLite found, summed.
    pub sqlite_rows: u64,
    /// Rows both found, summed.
    pub common_rows: u64,
    /// The first query that disagreed, with what each side had that the other had not
    /// (a few UPNs).
    pub example: Option<String>,
}

impl Agreement {
    /// True when every compared answer was equal.
    pub fn exact(&self) -> bool {
        self.equal == self.queries
    }
}

fn sample(v: &BTreeSet<String>, other: &BTreeSet<String>) -> Vec<String> {
    v.difference(other).take(3).cloned().collect()
}

/// The first place two ordered answers differ, for the report.
fn first_difference(x: &[String], y: &[String]) -> String {
    let i = x.iter().zip(y).take_while(|(a, b)| a == b).count();
    format!(
        "rows {} vs {}; first difference at row {i}: mtodir {:?}, SQLite {:?}",
        x.len(),
        y.len(),
        x.get(i),
        y.get(i)
    )
}

/// Compares the engines on `n` distinct queries of `mix` (spread over it).
pub fn compare(m: &MtodirEngine<'_>, s: &SqliteEngine, mix: &Mix, n: usize) -> Res<Vec<Agreement>> {
    let step = (mix.entries.len() / n.max(1)).max(1);
    let picked: Vec<_> = mix.entries.iter().step_by(step).take(n).map(|(q, _)| q).collect();
    let variants = picked.first().map_or(&[][..], |q| Variant::for_query(q));
    let mut out = Vec::new();
    for &variant in variants {
        let mut a = Agreement {
            class: mix.class.name(),
            variant,
            queries: 0,
            equal: 0,
            mtodir_rows: 0,
            sqlite_rows: 0,
            common_rows: 0,
            example: None,
        };
        for q in &picked {
            let mine = m.answer(&m.prepare(q, None)?)?;
            let theirs = s.answer(variant, q, None)?;
            a.queries += 1;
            let mut equal;
            match (&mine, &theirs) {
                (Answer::Rows(xs), Answer::Rows(ys)) => {
                    let x: BTreeSet<String> = xs.iter().cloned().collect();
                    let y: BTreeSet<String> = ys.iter().cloned().collect();
                    a.mtodir_rows += x.len() as u64;
                    a.sqlite_rows += y.len() as u64;
                    a.common_rows += x.intersection(&y).count() as u64;
                    equal = if variant.exact() { xs == ys } else { x == y };
                    if variant.exact() && equal {
                        // The top 25, as the timed statement (with its LIMIT plan) answers.
                        let (Answer::Rows(top_m), Answer::Rows(top_s)) =
                            (m.answer(&m.prepare(q, Some(25))?)?, s.answer(variant, q, Some(25))?)
                        else {
                            return Err(format!("{q}: the engines answered different kinds").into());
                        };
                        if top_m != top_s {
                            equal = false;
                            if a.example.is_none() {
                                a.example = Some(format!("{q} limit 25: {}", first_difference(&top_m, &top_s)));
                            }
                        }
                    }
                    if !equal && a.example.is_none() {
                        a.example = Some(if variant.exact() && x == y {
                            format!("{q}: same rows, other order: {}", first_difference(xs, ys))
                        } else {
                            format!(
                                "{q}: only mtodir {:?}, only SQLite {:?}",
                                sample(&x, &y),
                                sample(&y, &x)
                            )
                        });
                    }
                }
                (Answer::Count(x), Answer::Count(y)) => {
                    equal = x == y;
                    a.mtodir_rows += x;
                    a.sqlite_rows += y;
                    a.common_rows += x.min(y);
                    if x != y && a.example.is_none() {
                        a.example = Some(format!("{q}: mtodir {x}, SQLite {y}"));
                    }
                }
                _ => return Err(format!("{q}: the engines answered different kinds").into()),
            }
            if equal {
                a.equal += 1;
            }
        }
        out.push(a);
    }
    Ok(out)
}

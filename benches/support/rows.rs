//! The cost of a row (issue 14, item 3): a top-1 against a top-25 search of the same typed
//! text, in this process, at three depths of the path that turns users into output:
//! - `engine`: `session.search` (the index, then each found user copied out whole), what the
//!   latency tables timed until 2026-12-01 (they now time `search people`'s six columns);
//! - `rows`: `session.search_rows` with `search people`'s default columns (the presenter names
//!   references and builds each row's values), what the language's search statement calls;
//! - `statement + CSV`: `session.run_streaming("search people in tenant S for \"mar\" limit
//!   N")` with the rows written as CSV into a buffer as they are read (a `format::RowWriter`,
//!   as `mtodir -f … --format csv` prints them): parse, execute, present, format. The command
//!   line adds only process start-up and the write to standard output.
//!
//! A row's cost is `(top 25 − top 1) / 24` over the mean of the queries whose top 25 is full;
//! it includes what finding 24 more rows in the index costs, which is small (see `engine`).

use super::Res;
use super::dataset::{Dataset, SCOPE};
use super::engine_mtodir::{MtodirEngine, PEOPLE_COLUMNS};
use super::queries::{Mix, Query};
use mtodir::format::{self, Mode, RowWriter};
use mtodir::{Directory, Options, Search, SearchKind};
use std::time::{Duration, Instant};

/// One depth of the path: the mean and median latency of a top-1 and a top-25 search.
#[derive(Debug, Clone)]
pub struct Depth {
    /// What it measures.
    pub name: &'static str,
    /// Mean and median over the queries, top 1.
    pub top1: (Duration, Duration),
    /// Mean and median over the queries, top 25.
    pub top25: (Duration, Duration),
}

impl Depth {
    /// `(mean top 25 − mean top 1) / 24`.
    pub fn per_row(&self) -> Duration {
        self.top25.0.saturating_sub(self.top1.0) / 24
    }

    /// Mean top 25 ÷ mean top 1.
    pub fn ratio(&self) -> f64 {
        self.top25.0.as_secs_f64() / self.top1.0.as_secs_f64().max(1e-9)
    }
}

/// The row-cost measurement.
#[derive(Debug, Clone)]
pub struct RowCost {
    /// The class whose queries were used.
    pub class: String,
    /// Distinct queries measured (those with a full top 25).
    pub queries: usize,
    /// Passes over them (each value is the median of its passes).
    pub passes: usize,
    /// The depths, outermost last.
    pub depths: Vec<Depth>,
}

fn stats(per_query: &mut [Vec<Duration>]) -> (Duration, Duration) {
    let mut medians: Vec<Duration> = per_query
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect();
    medians.sort();
    let mean = medians.iter().sum::<Duration>() / u32::try_from(medians.len().max(1)).unwrap_or(1);
    (mean, medians.get(medians.len() / 2).copied().unwrap_or_default())
}

/// Measures top 1 against top 25 on the distinct typeahead queries of `mix`.
pub fn measure(data: &Dataset, mix: &Mix, passes: usize) -> Res<RowCost> {
    let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
    let m = MtodirEngine::new(&directory)?;
    let mut session = directory.session();
    let texts: Vec<String> = mix
        .entries
        .iter()
        .filter_map(|(q, _)| match q {
            Query::Typeahead { text, member: false } => Some(text.clone()),
            _ => None,
        })
        .filter(|text| {
            let q = Query::Typeahead {
                text: text.clone(),
                member: false,
            };
            m.prepare(&q, Some(25)).and_then(|p| m.run(&p)).is_ok_and(|n| n == 25)
        })
        .collect();
    if texts.is_empty() {
        return Err("row cost: no query with 25 rows".into());
    }
    // [depth][limit 1, limit 25][query][pass]
    let mut times = vec![vec![vec![Vec::new(); texts.len()]; 2]; 3];
    let mut out = Vec::with_capacity(4096);
    for _ in 0..passes.max(1) + 1 {
        for (i, text) in texts.iter().enumerate() {
            for (l, limit) in [1u64, 25].into_iter().enumerate() {
                let q = Query::Typeahead {
                    text: text.clone(),
                    member: false,
                };
                let prepared = m.prepare(&q, Some(limit))?;
                let t = Instant::now();
                std::hint::black_box(m.run_whole(&prepared)?);
                times[0][l][i].push(t.elapsed());

                let search = Search::new(SearchKind::People).text(text.clone()).limit(limit);
                let t = Instant::now();
                let mut n = 0;
                session.search_rows(SCOPE.handle, &search, &PEOPLE_COLUMNS, |row| {
                    std::hint::black_box(row);
                    n += 1;
                    Ok(())
                })?;
                times[1][l][i].push(t.elapsed());

                let statement = format!("search people in tenant {} for \"{text}\" limit {limit}", SCOPE.handle);
                let t = Instant::now();
                out.clear();
                let mut rows = RowWriter::new(&mut out, Mode::Csv);
                let mut written = Ok(());
                session.run_streaming(&statement, &mut rows, |o| {
                    if written.is_ok() {
                        written = format::write(&o, Mode::Csv, &mut std::io::sink());
                    }
                })?;
                written?;
                drop(rows);
                std::hint::black_box(&out);
                times[2][l][i].push(t.elapsed());
            }
        }
    }
    // The first pass warmed the caches up.
    for depth in &mut times {
        for limit in depth.iter_mut() {
            for q in limit.iter_mut() {
                q.remove(0);
            }
        }
    }
    let names = [
        "engine (session.search)",
        "rows (session.search_rows)",
        "statement + CSV",
    ];
    let depths = names
        .iter()
        .zip(times.iter_mut())
        .map(|(name, t)| {
            let (one, rest) = t.split_at_mut(1);
            Depth {
                name,
                top1: stats(&mut one[0]),
                top25: stats(&mut rest[0]),
            }
        })
        .collect();
    Ok(RowCost {
        class: mix.class.name(),
        queries: texts.len(),
        passes: passes.max(1),
        depths,
    })
}

//! The summary as Markdown: the per-class table with ratios to the best SQLite variant and
//! the issue's targets, then opening, import, sizes, memory, agreement, scaling, and the
//! plans of the slowest queries.

use super::import_cli::{CsvImport, Side};
use super::profile::Profile;
use super::queries::Class;
use super::sizes::{Breakdown, mib};
use super::summary::{ClassResult, Summary, must_agree};
use super::timing::{fmt, ratio};
use std::fmt::Write as _;
use std::time::Duration;

/// Issue 14's latency target of a class against the best SQLite variant per query, for
/// p50 and p99: typeahead ≥ 50× at 1M users in scope (`full`), ≥ 20× at 100k (`small`,
/// `smoke`); filter-only top 25 ≥ 100×; a UPN lookup no slower than SQLite.
fn target(class: Class, profile: Profile) -> Option<f64> {
    match class {
        Class::Prefix(_) | Class::TwoWords | Class::TypeaheadMember => {
            Some(if profile == Profile::Full { 50.0 } else { 20.0 })
        }
        Class::FilterOnly => Some(100.0),
        Class::Upn => Some(1.0),
        Class::Count => None,
    }
}

fn factor(a: Duration, b: Duration) -> f64 {
    b.as_secs_f64() / a.as_secs_f64().max(1e-9)
}

fn verdict(r: &ClassResult, profile: Profile) -> String {
    let (Some(goal), Some(best)) = (target(r.class, profile), r.oracle()) else {
        return "—".into();
    };
    let mark = |f: f64| if f >= goal { "met" } else { "**missed**" };
    format!(
        "≥ {goal}×: p50 {}, p99 {}",
        mark(factor(r.mtodir.p50, best.p50)),
        mark(factor(r.mtodir.p99, best.p99))
    )
}

fn breakdown(out: &mut String, title: &str, b: &Breakdown) {
    let _ = writeln!(out, "\n{title}: {} in all", mib(b.file_bytes));
    let _ = writeln!(out, "\n| part | entries | pages |\n| --- | ---: | ---: |");
    for p in &b.parts {
        let entries = if p.entries > 0 {
            p.entries.to_string()
        } else {
            String::new()
        };
        let _ = writeln!(out, "| {} | {entries} | {} |", p.name, mib(p.bytes));
    }
    let _ = writeln!(out, "| free / fragmented | | {} |", mib(b.free_bytes));
}

/// Renders `s` as Markdown.
pub fn markdown(s: &Summary) -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(
        o,
        "# mtodir vs SQLite — `{}` profile{}\n",
        s.profile.name(),
        if s.test_mode {
            " (test mode: one pass, figures are not measurements)"
        } else {
            ""
        }
    );
    let _ = writeln!(o, "- machine: {}", s.machine);
    let _ = writeln!(
        o,
        "- data: tenant S holds {} users, the file {} objects (three tenants); SQLite holds the same rows",
        s.scope_users,
        s.scope_users * 3
    );
    let _ = writeln!(o, "- summary took {:.0} s", s.took.as_secs_f64());
    for line in s.build_notes.lines() {
        let _ = writeln!(o, "- data set build: {line}");
    }

    let _ = writeln!(
        o,
        "\n## Latency per class\n\nEvery distinct query of each class's mix timed individually after a warm-up pass, \
         in up to 3 passes (its latency is the median of its passes); p50/p99 over the whole mix \
         (a query weighs as often as the mix drew it). Top 25 rows \
         in display order unless said. Ratio = SQLite ÷ mtodir.\n\n\
         - **best single variant**: the one SQLite statement shape with the lowest p50 over the \
         class (what an engineer who picks one shape per class gets);\n\
         - **best per query** (oracle): for each query, the least latency of every SQLite \
         variant (FTS5, LIKE, token IN, token EXISTS), then p50/p99 over the mix: a planner no \
         real SQLite user has, so the hardest anchor. The targets are against it.\n"
    );
    let _ = writeln!(
        o,
        "| class | draws (distinct) | mtodir p50 | mtodir p99 | best single variant | its p50 | its p99 | ratio p50 | ratio p99 | best per query p50 | p99 | ratio p50 | ratio p99 | target (vs best per query) |"
    );
    let _ = writeln!(
        o,
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    );
    for r in &s.classes {
        let (name, p50, p99, r50, r99) = match r.best_sqlite() {
            Some((v, t)) => (
                v.name().to_owned(),
                fmt(t.p50),
                fmt(t.p99),
                ratio(r.mtodir.p50, t.p50),
                ratio(r.mtodir.p99, t.p99),
            ),
            None => Default::default(),
        };
        let (o50, o99, or50, or99) = match r.oracle() {
            Some(t) => (
                fmt(t.p50),
                fmt(t.p99),
                ratio(r.mtodir.p50, t.p50),
                ratio(r.mtodir.p99, t.p99),
            ),
            None => Default::default(),
        };
        let _ = writeln!(
            o,
            "| {} | {} ({}) | {} | {} | {name} | {p50} | {p99} | {r50} | {r99} | {o50} | {o99} | {or50} | {or99} | {} |",
            r.class.name(),
            r.mix.0,
            r.mix.1,
            fmt(r.mtodir.p50),
            fmt(r.mtodir.p99),
            verdict(r, s.profile)
        );
    }

    let _ = writeln!(
        o,
        "\n### Every variant\n\nRatio = the variant ÷ mtodir; draws won = how many draws of the mix this variant was the fastest SQLite variant for (the oracle's picks).\n\n\
         | class | engine | p50 | p99 | ratio p50 | ratio p99 | mean | draws won | timed passes | slowest query (its median) |\n\
         | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    );
    for r in &s.classes {
        let wins = |v: super::engine_sqlite::Variant| {
            r.oracle
                .as_ref()
                .and_then(|(_, w)| w.iter().find(|(x, _)| *x == v).map(|(_, n)| n.to_string()))
                .unwrap_or_default()
        };
        let rows = std::iter::once(("mtodir".to_owned(), &r.mtodir, String::new()))
            .chain(r.sqlite.iter().map(|(v, t)| (v.name().to_owned(), t, wins(*v))))
            .chain(
                r.oracle()
                    .map(|t| ("SQLite best per query".to_owned(), t, String::new())),
            );
        for (engine, t, won) in rows {
            let (r50, r99) = if engine == "mtodir" {
                (String::new(), String::new())
            } else {
                (ratio(r.mtodir.p50, t.p50), ratio(r.mtodir.p99, t.p99))
            };
            let _ = writeln!(
                o,
                "| {} | {engine} | {} | {} | {r50} | {r99} | {} | {won} | {} | `{}` ({}) |",
                r.class.name(),
                fmt(t.p50),
                fmt(t.p99),
                fmt(t.mean),
                t.passes,
                t.slowest.0,
                fmt(t.slowest.1)
            );
        }
    }

    o.push_str(&row_cost(&s.row_cost));

    let op = &s.open;
    let _ = writeln!(
        o,
        "\n## Open and first query (`search people in tenant S for \"ann\" limit 25`)\n\n\
         Median (max) of {} runs; the OS page cache is warm.\n\n| how | median | max |\n| --- | ---: | ---: |",
        op.runs
    );
    let _ = writeln!(
        o,
        "| mtodir, in process (open + query) | {} | {} |",
        fmt(op.mtodir.0),
        fmt(op.mtodir.1)
    );
    for (v, (m, x)) in &op.sqlite {
        let _ = writeln!(
            o,
            "| {}, in process (open + query) | {} | {} |",
            v.name(),
            fmt(*m),
            fmt(*x)
        );
    }
    match op.process {
        Some((m, x)) => {
            let _ = writeln!(o, "| `mtodir DB -c …`, fresh process | {} | {} |", fmt(m), fmt(x));
        }
        None => {
            let _ = writeln!(o, "| `mtodir DB -c …`, fresh process | (binary not built) | |");
        }
    }

    let (n, mi, si, mb, sb) = s.import;
    let per_s = |d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    let _ = writeln!(
        o,
        "\n## Bulk import of {n} users into a fresh file (one run each; mtodir's time includes the compaction `mtodir -c` runs after a bulk load)\n\n| engine | time | users/s | file |\n| --- | ---: | ---: | ---: |"
    );
    let _ = writeln!(o, "| mtodir | {} | {:.0} | {} |", fmt(mi), per_s(mi), mib(mb));
    let _ = writeln!(
        o,
        "| sqlite (rows, 8 indexes, token table + its index, FTS5) | {} | {:.0} | {} |",
        fmt(si),
        per_s(si),
        mib(sb)
    );
    let _ = writeln!(
        o,
        "\nmtodir / SQLite time: {:.2} (target ≤ 0.5: {})",
        mi.as_secs_f64() / si.as_secs_f64().max(1e-9),
        if mi.as_secs_f64() * 2.0 <= si.as_secs_f64() {
            "met"
        } else {
            "**missed**"
        }
    );

    match &s.cli_import {
        Some(ci) => o.push_str(&cli_import(ci)),
        None => {
            let _ = writeln!(
                o,
                "\n## Import of the same CSV file, as processes\n\n(the `mtodir` binary is not built)"
            );
        }
    }

    let (m, q) = &s.sizes;
    let _ = writeln!(
        o,
        "\n## File size ({} objects)\n\nmtodir / SQLite: {:.2} (target ≤ 1: {})",
        s.scope_users * 3,
        m.file_bytes as f64 / q.file_bytes.max(1) as f64,
        if m.file_bytes <= q.file_bytes {
            "met"
        } else {
            "**missed**"
        }
    );
    breakdown(o, "mtodir.redb", m);
    breakdown(o, "sqlite.db", q);

    let _ = writeln!(
        o,
        "\n## Memory: peak RSS of `mtodir <this file> -c …`\n\n| statements | peak RSS |\n| --- | ---: |"
    );
    for (script, bytes) in &s.rss {
        let shown = bytes.map_or("(not measured)".to_owned(), mib);
        let _ = writeln!(o, "| `{script}` | {shown} |");
    }

    let _ = writeln!(
        o,
        "\n## Do the engines agree? (full answers, no limit: as sets of UPNs, and for the token variants as sequences, the top 25 too)\n\n\
         | class | SQLite variant | queries | equal | mtodir rows | SQLite rows | common | note |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
    );
    for a in &s.agreements {
        let note = match (&a.example, must_agree(&a.class, a.variant)) {
            (None, _) => String::new(),
            (Some(e), true) => format!("**must agree** — {e}"),
            (Some(e), false) => e.clone(),
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            a.class,
            a.variant.name(),
            a.queries,
            a.equal,
            a.mtodir_rows,
            a.sqlite_rows,
            a.common_rows,
            note.replace('|', "\\|")
        );
    }

    if let Some(first) = s.scaling.first() {
        let _ = write!(o, "\n## Scaling: p50 (p99) by users in scope\n\n| users in scope |");
        for (c, _, _) in &first.mtodir {
            let _ = write!(o, " mtodir {} |", c.name());
        }
        let _ = writeln!(o, " SQLite typeahead_3_letters: best single (best per query) |");
        let _ = writeln!(o, "|{}", " ---: |".repeat(first.mtodir.len() + 2));
        for p in &s.scaling {
            let _ = write!(o, "| {} |", p.scope_users);
            for (_, p50, p99) in &p.mtodir {
                let _ = write!(o, " {} ({}) |", fmt(*p50), fmt(*p99));
            }
            let sq = p.sqlite_prefix3.map_or(String::new(), |(v, d, b)| {
                format!("{} {} ({})", v.name(), fmt(d), fmt(b))
            });
            let _ = writeln!(o, " {sq} |");
        }
        if s.scaling.len() > 1 {
            let _ = writeln!(
                o,
                "\nmtodir p50 growth per tenfold step (target ≤ ×1.3 for every class):\n"
            );
            let _ = write!(o, "| step |");
            for (c, _, _) in &first.mtodir {
                let _ = write!(o, " {} |", c.name());
            }
            let _ = writeln!(o, "\n|{}", " ---: |".repeat(first.mtodir.len() + 1));
            for w in s.scaling.windows(2) {
                let _ = write!(o, "| {} → {} |", w[0].scope_users, w[1].scope_users);
                for ((_, a, _), (_, b, _)) in w[0].mtodir.iter().zip(&w[1].mtodir) {
                    let g = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
                    let mark = if g <= 1.3 { "" } else { " **over**" };
                    let _ = write!(o, " ×{g:.2}{mark} |");
                }
                let _ = writeln!(o);
            }
        }
    }

    let _ = writeln!(o, "\n## mtodir `explain` of each class's slowest query\n");
    for r in &s.classes {
        let _ = writeln!(
            o,
            "{} — `{}`:\n\n```text\n{}\n```\n",
            r.class.name(),
            r.mtodir.slowest.0,
            r.explain
        );
    }
    let _ = writeln!(o, "## SQLite plans of each variant's slowest query\n");
    for r in &s.classes {
        for (v, sql, plan) in &r.plans {
            let _ = writeln!(o, "- {} / {}: `{}`\n  - plan: {}", r.class.name(), v.name(), sql, plan);
        }
    }
    out
}

/// The row-cost section (also printed alone by `MTODIR_BENCH_ONLY=rows`).
pub fn row_cost(rc: &super::rows::RowCost) -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(
        o,
        "\n## The cost of a row: top 1 against top 25, in process\n\n\
         The {} distinct queries of `{}` whose top 25 is full, each timed at limit 1 and limit 25 \
         side by side ({} passes after a warm-up; a query's time is the median of its passes). \
         Row cost = (mean top 25 − mean top 1) ÷ 24 (target ≤ 1 µs, so top 25 ≤ 2 × top 1).\n\n\
         | depth | top 1 mean (median) | top 25 mean (median) | top 25 ÷ top 1 | per row |\n\
         | --- | ---: | ---: | ---: | ---: |",
        rc.queries, rc.class, rc.passes
    );
    for d in &rc.depths {
        let per_row = d.per_row();
        let _ = writeln!(
            o,
            "| {} | {} ({}) | {} ({}) | {:.2} | {:.2} µs{} |",
            d.name,
            fmt(d.top1.0),
            fmt(d.top1.1),
            fmt(d.top25.0),
            fmt(d.top25.1),
            d.ratio(),
            per_row.as_secs_f64() * 1e6,
            if per_row <= Duration::from_micros(1) {
                ""
            } else {
                " (**over 1 µs**)"
            }
        );
    }
    out
}

/// The whole-process scripts (`MTODIR_BENCH_ONLY=scripts`).
pub fn scripts(sc: &super::scripts::Scripts) -> String {
    use super::scripts::ClassScripts;
    let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(
        o,
        "\n## Whole-process scripts: `mtodir -f` against the `sqlite3` shell\n\n\
         Each class's distinct typeahead texts as `search people in tenant S for \"…\" limit N` \
         through one `mtodir DB -f SCRIPT --format csv` process, and as SQL through one `sqlite3` \
         shell ({}, `.mode csv`), each query in the variant that was fastest for it in the shell \
         (the oracle, timed there), selecting the same six columns; output to `/dev/null`. Per statement = \
         (median of {} runs − the empty script's start-up) ÷ statements; start-up: mtodir {}, \
         sqlite3 {}. Per row = (top 25 − top 1) ÷ 24.\n\n\
         | class | queries | statements (mtodir / sqlite3) | mtodir top 1 / top 25 | sqlite3 top 1 / top 25 | sqlite3 ÷ mtodir (top 25) | per row: mtodir / sqlite3 | mtodir top 25 ÷ top 1 | sqlite3's variants |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        sc.shell,
        super::scripts::RUNS,
        fmt(sc.startup.0),
        fmt(sc.startup.1)
    );
    for c in &sc.classes {
        let variants: Vec<String> = c
            .variants
            .iter()
            .map(|(v, n)| format!("{} {n}", v.name().trim_start_matches("sqlite_")))
            .collect();
        let _ = writeln!(
            o,
            "| {} | {} | {} / {} | {} / {} | {} / {} | {:.1}× | {} / {} | {:.2} | {} |",
            c.class,
            c.queries,
            c.statements.0,
            c.statements.1,
            us(c.mtodir.0),
            us(c.mtodir.1),
            us(c.sqlite.0),
            us(c.sqlite.1),
            factor(c.mtodir.1, c.sqlite.1),
            us(ClassScripts::per_row(c.mtodir)),
            us(ClassScripts::per_row(c.sqlite)),
            c.mtodir.1.as_secs_f64() / c.mtodir.0.as_secs_f64().max(1e-9),
            variants.join(", ")
        );
    }
    out
}

/// The import of the same CSV file as processes (also printed alone by
/// `MTODIR_BENCH_ONLY=import`).
pub fn cli_import(ci: &CsvImport) -> String {
    let mut out = String::new();
    let o = &mut out;
    let n = ci.users;
    let per_s = |d: Duration| format!("{:.0}", n as f64 / d.as_secs_f64().max(1e-9));
    let rss = |side: &Side| side.peak_rss.map_or("(not measured)".to_owned(), mib);
    let _ = writeln!(
        o,
        "\n## Import of the same CSV file, as processes ({n} users, {})\n\n\
         Each engine reads the same file into a fresh file in a fresh process, timed from spawn \
         to exit; both files are counted afterwards. mtodir: `mtodir FILE -c 'create tenant S …; \
         import users into tenant S from \"users-{n}.csv\"'` (every index, the change feed, the \
         commit, and the compaction the command line runs after a load). SQLite: the bench \
         executable as a loader process that parses the file with the csv crate and loads rows, \
         tokens, 8 indexes, the token table and its index, FTS5 and `ANALYZE` in one transaction \
         (its own time, opening the CSV to the commit, in parentheses). Runs alternate, mtodir \
         first.\n\n\
         | run | engine | time | users/s | peak RSS | file |\n| --- | --- | ---: | ---: | ---: | ---: |",
        mib(ci.csv_bytes)
    );
    for (i, r) in ci.runs.iter().enumerate() {
        let _ = writeln!(
            o,
            "| {} | mtodir | {} | {} | {} | {} |",
            i + 1,
            fmt(r.mtodir.took),
            per_s(r.mtodir.took),
            rss(&r.mtodir),
            mib(r.mtodir.file_bytes)
        );
        let _ = writeln!(
            o,
            "| {} | sqlite | {} ({}) | {} | {} | {} |",
            i + 1,
            fmt(r.sqlite.took),
            fmt(r.sqlite_load),
            per_s(r.sqlite.took),
            rss(&r.sqlite),
            mib(r.sqlite.file_bytes)
        );
    }
    let (m, q) = ci.medians();
    if ci.runs.len() > 1 {
        let _ = writeln!(o, "| median | mtodir | {} | {} | | |", fmt(m), per_s(m));
        let _ = writeln!(o, "| median | sqlite | {} | {} | | |", fmt(q), per_s(q));
    }
    let _ = writeln!(
        o,
        "\nmtodir ÷ SQLite time{}: {:.2} (target ≤ 0.5: {})",
        if ci.runs.len() > 1 { " (medians)" } else { "" },
        ci.ratio(),
        if ci.ratio() <= 0.5 { "met" } else { "**missed**" }
    );
    out
}

//! The summary as Markdown: the per-class table with ratios to the best SQLite variant and
//! the issue's targets, then opening, import, sizes, memory, agreement, scaling, and the
//! plans of the slowest queries.

use super::queries::Class;
use super::sizes::{Breakdown, mib};
use super::summary::{ClassResult, Summary, must_agree};
use super::timing::{fmt, ratio};
use std::fmt::Write as _;
use std::time::Duration;

/// The issue's latency target of a class: (p50 factor, p99 factor) over the best SQLite.
fn target(class: Class) -> Option<(f64, Option<f64>)> {
    match class {
        Class::Prefix(_) | Class::TwoWords | Class::TypeaheadMember => Some((20.0, Some(50.0))),
        Class::FilterOnly => Some((50.0, None)),
        Class::Upn => Some((1.0, None)),
        Class::Count => None,
    }
}

fn factor(a: Duration, b: Duration) -> f64 {
    b.as_secs_f64() / a.as_secs_f64().max(1e-9)
}

fn verdict(r: &ClassResult) -> String {
    let (Some((p50, p99)), Some((_, best))) = (target(r.class), r.best_sqlite()) else {
        return "—".into();
    };
    let f50 = factor(r.mtodir.p50, best.p50);
    let mut parts = vec![format!(
        "p50 ≥ {p50}×: {}",
        if f50 >= p50 { "met" } else { "**missed**" }
    )];
    if let Some(p99) = p99 {
        let f99 = factor(r.mtodir.p99, best.p99);
        parts.push(format!(
            "p99 ≥ {p99}×: {}",
            if f99 >= p99 { "met" } else { "**missed**" }
        ));
    }
    parts.join(", ")
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
         in display order unless said. Ratio = best SQLite ÷ mtodir.\n"
    );
    let _ = writeln!(
        o,
        "| class | draws (distinct) | mtodir p50 | mtodir p99 | best SQLite | SQLite p50 | SQLite p99 | ratio p50 | ratio p99 | target |"
    );
    let _ = writeln!(
        o,
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
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
        let _ = writeln!(
            o,
            "| {} | {} ({}) | {} | {} | {name} | {p50} | {p99} | {r50} | {r99} | {} |",
            r.class.name(),
            r.mix.0,
            r.mix.1,
            fmt(r.mtodir.p50),
            fmt(r.mtodir.p99),
            verdict(r)
        );
    }

    let _ = writeln!(
        o,
        "\n### Every variant\n\n| class | engine | p50 | p99 | mean | timed passes | slowest query (its median) |\n| --- | --- | ---: | ---: | ---: | ---: | --- |"
    );
    for r in &s.classes {
        let rows = std::iter::once(("mtodir", &r.mtodir)).chain(r.sqlite.iter().map(|(v, t)| (v.name(), t)));
        for (engine, t) in rows {
            let _ = writeln!(
                o,
                "| {} | {engine} | {} | {} | {} | {} | `{}` ({}) |",
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
        "| sqlite (rows, 7 indexes, FTS5) | {} | {:.0} | {} |",
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
        "\n## Do the engines agree? (full answers, no limit, as sets of UPNs)\n\n\
         | class | SQLite variant | queries | equal | mtodir rows | SQLite rows | common | note |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
    );
    for a in &s.agreements {
        let note = match (&a.example, must_agree(&a.class)) {
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
        let _ = writeln!(o, " best SQLite typeahead_3_letters |");
        let _ = writeln!(o, "|{}", " ---: |".repeat(first.mtodir.len() + 2));
        for p in &s.scaling {
            let _ = write!(o, "| {} |", p.scope_users);
            for (_, p50, p99) in &p.mtodir {
                let _ = write!(o, " {} ({}) |", fmt(*p50), fmt(*p99));
            }
            let sq = p
                .sqlite_prefix3
                .map_or(String::new(), |(v, d)| format!("{} ({})", fmt(d), v.name()));
            let _ = writeln!(o, " {sq} |");
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

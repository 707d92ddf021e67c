//! `explain`: the plan of a search or count in words, with its estimates, then what running
//! it actually read.

use super::PeopleQuery;
use super::cursor::Stats;
use super::execute::{count_plan, run_count, search_with};
use super::plan::{Plan, plan};
use crate::error::Result;
use crate::model::SearchKind;
use crate::store::index::{LIVE, MEMBER, SHOWN};
use crate::store::{Open, Tables};
use std::fmt::Write as _;

/// Names a class for `explain`: `live·shown·member`.
fn class_name(class: u8) -> String {
    let mut parts = Vec::new();
    parts.push(if class & LIVE != 0 { "live" } else { "deleted" });
    parts.push(if class & SHOWN != 0 { "shown" } else { "hidden" });
    parts.push(if class & MEMBER != 0 { "member" } else { "guest" });
    parts.join("·")
}

/// `explain count`: the plan of the count, then what running it read.
pub fn explain_count<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<String> {
    let (q, plan) = count_plan(tables, q)?;
    let mut stats = Stats::default();
    let (n, from_counts) = run_count(tables, &q, &plan, &mut stats)?;
    let mut out = describe(tables, &q, &plan)?;
    if from_counts {
        let _ = write!(
            out,
            "actual: {n} counted from the posting counts alone, no entries read"
        );
    } else {
        let _ = write!(out, "actual: {n} counted; {stats}");
    }
    Ok(out)
}

/// `explain`: the plan with its estimates, then what running it read.
pub fn explain<S: Open>(tables: &Tables<S>, q: &PeopleQuery) -> Result<String> {
    let plan = plan(tables, q)?;
    let found = search_with(tables, q, &plan)?;
    let mut out = describe(tables, q, &plan)?;
    let _ = write!(out, "actual: {} rows returned; {}", found.users.len(), found.stats);
    Ok(out)
}

/// The scope, the classes, the access paths with their sizes, the chosen plan and its
/// estimate, one per line.
fn describe<S: Open>(tables: &Tables<S>, q: &PeopleQuery, plan: &Plan) -> Result<String> {
    let mut out = String::new();
    let view = match q.kind {
        SearchKind::People => "people search (members shown in the address list)",
        SearchKind::AddressList => "address list (shown in the address list)",
        SearchKind::Find => "every object",
    };
    let handle = tables.tenant(q.tenant)?.map(|t| t.handle).unwrap_or_default();
    let _ = writeln!(
        out,
        "scope: tenant {handle}, {view}: {} {}",
        plan.total,
        if plan.total == 1 { "user" } else { "users" }
    );
    let names: Vec<String> = plan.classes.iter().map(|&c| class_name(c)).collect();
    let _ = writeln!(
        out,
        "classes read: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    );
    if plan.accesses.is_empty() {
        let _ = writeln!(out, "access paths: none (no words, no equality conjuncts)");
    } else {
        let _ = writeln!(out, "access paths (entries):");
        for (i, a) in plan.accesses.iter().enumerate() {
            let mark = if plan.chosen.contains(&i) { "*" } else { " " };
            let rest = if a.rest.is_empty() {
                String::new()
            } else {
                ", rest checked in the posting".into()
            };
            let _ = writeln!(out, "  {mark} {}: {}{rest}", a.label, a.estimate);
        }
    }
    let walk = if plan.chosen.is_empty() {
        "walk the display order".to_owned()
    } else if plan.chosen.len() == 1 {
        format!("walk {}", plan.accesses[plan.chosen[0]].label)
    } else {
        let names: Vec<&str> = plan.chosen.iter().map(|&i| plan.accesses[i].label.as_str()).collect();
        format!("intersect {} by seeking", names.join(" ⋈ "))
    };
    let order = match (plan.ordered, plan.chosen.is_empty()) {
        (true, true) => "",
        (true, false) => " in display order",
        (false, _) => ", then sort",
    };
    let stop = match plan.wanted {
        Some(k) => format!(", stop after {k} rows"),
        None => String::new(),
    };
    let check = if plan.verify {
        ", check each row against the filter"
    } else {
        ""
    };
    let _ = writeln!(out, "plan: {walk}{order}{check}{stop}");
    let _ = writeln!(
        out,
        "estimate: {:.0} rows read, cost {:.1}",
        plan.estimated_rows, plan.estimated_cost
    );
    Ok(out)
}

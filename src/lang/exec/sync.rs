//! Cross-tenant synchronization statements.

use super::{at_tenant, message, plural};
use crate::api::{LogQuery, SyncRef, SyncView};
use crate::error::{Error, Result};
use crate::lang::ast::{SyncName, SyncStmt};
use crate::limits::MAX_ROWS;
use crate::model::sync::{Apply, CycleSummary, JobState, MappingSource, Scope};
use crate::model::{CmpOp, Filter, Literal, MatchOp, Value, ids::format_millis};
use crate::output::{Output, RowSink, Rows};
use crate::session::Session;
use crate::sync::diagnose::Findable;
use std::path::Path;

fn sync_ref(s: &SyncName) -> SyncRef<'_> {
    SyncRef {
        name: &s.name,
        source: s.source.as_ref().map(|n| n.text.as_str()),
    }
}

/// Points a missing configuration's error at its name.
fn at_sync(e: Error, s: &SyncName) -> Error {
    match e.root() {
        Error::NoSync { .. } | Error::SyncAmbiguous { .. } => e.at(s.span),
        _ => at_tenant(e, &s.source),
    }
}

/// Runs one synchronization statement; `show provisioning logs` hands its entries to
/// `stream`, when given, as they are read.
pub(super) fn run(session: &mut Session<'_>, stmt: &SyncStmt, stream: Option<&mut dyn RowSink>) -> Result<Output> {
    match stmt {
        SyncStmt::Create {
            name,
            source,
            target,
            scope,
        } => {
            let (config, warning) = session
                .create_sync(&source.text, &target.text, name, *scope)
                .map_err(|e| at_tenant(at_tenant(e, &Some(source.clone())), &Some(target.clone())))?;
            let mut text = format!(
                "created sync \"{}\" from tenant {} to tenant {} (paused: `start sync \"{}\"` to run it)",
                config.name, source.text, target.text, config.name
            );
            if let Some(w) = warning {
                text.push_str(&format!("\nwarning: {w}"));
            }
            message(text)
        }
        SyncStmt::Delete(s) => {
            let config = session.delete_sync(sync_ref(s)).map_err(|e| at_sync(e, s))?;
            message(format!(
                "deleted sync \"{}\" (the users it provisioned stay)",
                config.name
            ))
        }
        SyncStmt::ShowAll(tenant) => {
            let views = session
                .syncs(tenant.as_ref().map(|t| t.text.as_str()))
                .map_err(|e| at_tenant(e, tenant))?;
            let mut rows = Rows::new(
                ["name", "source", "target", "scope", "status", "lastCycle", "watermark"]
                    .map(String::from)
                    .to_vec(),
            );
            for v in &views {
                rows.rows.push(vec![
                    Value::str(&v.config.name),
                    Value::str(&v.source.handle),
                    target_name(v),
                    Value::str(scope_words(v.config.scope)),
                    Value::Str(status(&v.config)),
                    v.config
                        .last_cycle
                        .as_ref()
                        .map_or(Value::Null, |c| Value::Str(cycle_words(c))),
                    Value::Int(i64::try_from(v.config.watermark).unwrap_or(i64::MAX)),
                ]);
            }
            Ok(Output::Rows(rows))
        }
        SyncStmt::Show(s) => {
            let v = session.sync(sync_ref(s)).map_err(|e| at_sync(e, s))?;
            Ok(Output::Rows(show(&v)))
        }
        SyncStmt::ShowLogs { sync, filter, limit } => {
            let located = |e| match sync {
                Some(s) => at_sync(e, s),
                None => e,
            };
            let query = LogQuery {
                sync: sync.as_ref().map(sync_ref),
                filter: filter.as_ref(),
                limit: *limit,
            };
            match stream {
                Some(out) => super::provisioning_log::stream(session, &query, out),
                None => super::provisioning_log::materialize(session, query, MAX_ROWS),
            }
            .map_err(located)
        }
        SyncStmt::Change(s, change) => {
            let changed = session.change_sync(sync_ref(s), change).map_err(|e| at_sync(e, s))?;
            message(if changed {
                format!("changed sync \"{}\"", s.name)
            } else {
                format!("sync \"{}\" already was so", s.name)
            })
        }
        SyncStmt::Run(s) => {
            let summary = session.run_sync(sync_ref(s)).map_err(|e| at_sync(e, s))?;
            message(format!("sync \"{}\": {}", s.name, cycle_words(&summary)))
        }
        SyncStmt::RunAll => {
            let (rounds, done) = session.run_syncs(10)?;
            let mut text = format!("ran {} {} of cycles", rounds, plural(u64::from(rounds), "round"));
            for (name, summary) in done
                .iter()
                .filter(|(_, s)| s.created + s.updated + s.deleted + s.disabled + s.failed > 0)
            {
                text.push_str(&format!("\n  sync \"{name}\": {}", cycle_words(summary)));
            }
            message(text)
        }
        SyncStmt::Provision { upn, sync } => {
            let entries = session.provision(sync_ref(sync), upn).map_err(|e| at_sync(e, sync))?;
            let mut rows = Rows::new(
                ["action", "status", "step", "outcome", "detail"]
                    .map(String::from)
                    .to_vec(),
            );
            for e in &entries {
                for step in &e.steps {
                    rows.rows.push(vec![
                        Value::str(e.action.as_str()),
                        Value::str(e.status.as_str()),
                        Value::str(step.kind.as_str()),
                        Value::str(step.status.as_str()),
                        Value::str(&step.detail),
                    ]);
                }
            }
            if rows.rows.is_empty() {
                return message(format!("{upn}: nothing to do (in step with the target)"));
            }
            Ok(Output::Rows(rows))
        }
        SyncStmt::Release { sync, allow } => {
            let n = session
                .release_deletes(sync_ref(sync), *allow)
                .map_err(|e| at_sync(e, sync))?;
            message(if *allow {
                format!(
                    "applied {n} held {}; sync \"{}\" is active again",
                    plural(n, "deletion"),
                    sync.name
                )
            } else {
                format!("dropped the held deletions; sync \"{}\" is active again", sync.name)
            })
        }
        SyncStmt::ExplainVisibility { upn, tenant } => {
            let (home, v) = session
                .explain_visibility(upn, &tenant.text)
                .map_err(|e| at_tenant(e, &Some(tenant.clone())))?;
            // A chain reads best as lines: each link, then the verdict and the fix.
            let mut text = String::new();
            for f in &v.findings {
                let mark = if f.holds() { "ok " } else { "NO " };
                text.push_str(&format!("{mark} {}: {}\n", f.link, f.found));
                if let Some(fix) = &f.fix {
                    text.push_str(&format!("    fix: {fix}\n"));
                }
            }
            match v.first_broken() {
                Some(f) if v.findable == Findable::PeopleSearch => text.push_str(&format!(
                    "so {} (home: {}) is {} in tenant {}, but no synchronization keeps its B2B user up to date: the first broken link is the {}",
                    v.upn,
                    home.handle,
                    v.findable.as_str(),
                    tenant.text,
                    f.link
                )),
                Some(f) => text.push_str(&format!(
                    "so {} (home: {}) is {} in tenant {}; the first broken link is the {}",
                    v.upn,
                    home.handle,
                    v.findable.as_str(),
                    tenant.text,
                    f.link
                )),
                None => text.push_str(&format!(
                    "so {} (home: {}) is {} in tenant {}",
                    v.upn,
                    home.handle,
                    v.findable.as_str(),
                    tenant.text
                )),
            }
            Ok(Output::Text(text))
        }
        SyncStmt::CheckOrganization { actor } => {
            let h = super::handle(session, actor)?;
            let check = session.check_organization(&h).map_err(|e| at_tenant(e, actor))?;
            let mut rows = Rows::new(
                ["tenant", "home", "user", "findable", "firstBrokenLink", "fix"]
                    .map(String::from)
                    .to_vec(),
            );
            for (tenant, home, shared, found) in &check.matrix {
                rows.rows.push(vec![
                    Value::str(tenant),
                    Value::str(home),
                    Value::Str(format!("{found} of {shared} shared")),
                    Value::str(if found == shared { "all" } else { "not all" }),
                    Value::Null,
                    Value::Null,
                ]);
            }
            for m in &check.missing {
                let first = m.visibility.first_broken();
                rows.rows.push(vec![
                    Value::str(&m.tenant.handle),
                    Value::str(&m.home.handle),
                    Value::str(&m.user.user_principal_name),
                    Value::str(m.visibility.findable.as_str()),
                    first.map_or(Value::Null, |f| Value::Str(format!("{}: {}", f.link, f.found))),
                    first.and_then(|f| f.fix.clone()).map_or(Value::Null, Value::Str),
                ]);
            }
            Ok(Output::Rows(rows))
        }
        SyncStmt::Import { sync, path } => {
            let report = session
                .import_sync(sync_ref(sync), Path::new(path))
                .map_err(|e| at_sync(e, sync))?;
            let filter = match report.groups {
                0 => "no scoping filter".to_owned(),
                n => format!("a scoping filter of {n} {}", plural(n as u64, "group")),
            };
            let a = report.actions;
            let mut text = format!(
                "imported the schema of sync \"{}\" from {path}: {filter}, {} {}, actions create {}, update {}, delete {}",
                sync.name,
                report.mappings,
                plural(report.mappings as u64, "attribute mapping"),
                on(a.create),
                on(a.update),
                on(a.delete)
            );
            if !report.changed {
                text.push_str(" (it already had this schema)");
            }
            if !report.ignored.is_empty() {
                let ignored: Vec<String> = report.ignored.iter().map(ToString::to_string).collect();
                text.push_str(&format!("; ignored: {}", ignored.join(", ")));
            }
            message(text)
        }
        SyncStmt::Export { sync, path } => {
            let n = session
                .export_sync(sync_ref(sync), Path::new(path))
                .map_err(|e| at_sync(e, sync))?;
            message(format!(
                "exported the schema of sync \"{}\" to {path}: {n} {}",
                sync.name,
                plural(n as u64, "attribute mapping")
            ))
        }
        SyncStmt::Share { tenant, group, share } => {
            let names = session
                .share_users(&tenant.text, &group.text, *share)
                .map_err(|e| at_tenant(e, &Some(tenant.clone())))?;
            let verb = if *share { "shared" } else { "unshared" };
            message(format!(
                "{verb} group {} of tenant {} through {}: {}",
                group.text,
                tenant.text,
                plural(names.len() as u64, "configuration"),
                names.join(", ")
            ))
        }
    }
}

fn target_name(v: &SyncView) -> Value {
    v.target
        .as_ref()
        .map_or_else(|| Value::Str(v.config.target.to_string()), |t| Value::str(&t.handle))
}

fn scope_words(scope: Scope) -> &'static str {
    match scope {
        Scope::Assigned => "assigned users and groups",
        Scope::AllUsers => "all users",
    }
}

/// The job's `status.code` (and quarantine reason).
fn status(c: &crate::model::sync::SyncConfig) -> String {
    match &c.state {
        JobState::Paused => "Paused".into(),
        JobState::Active if c.never_run => "NotRun".into(),
        JobState::Active => "Active".into(),
        JobState::Quarantine(reason) => format!("Quarantine ({reason})"),
    }
}

fn cycle_words(c: &CycleSummary) -> String {
    let kind = if c.initial { "initial" } else { "incremental" };
    format!(
        "{kind} cycle at {}: {} examined, {} created, {} updated, {} deleted, {} disabled, {} skipped, {} failed",
        format_millis(c.at),
        c.examined,
        c.created,
        c.updated,
        c.deleted,
        c.disabled,
        c.skipped,
        c.failed
    )
}

/// A configuration as property and value lines.
fn show(v: &SyncView) -> Rows {
    let c = &v.config;
    let mut rows = Rows::new(["property", "value"].map(String::from).to_vec());
    let mut push = |k: &str, v: Value| rows.rows.push(vec![Value::str(k), v]);
    push("name", Value::str(&c.name));
    push("id", Value::Str(c.id.to_string()));
    push("source", Value::str(&v.source.handle));
    push("target", target_name(v));
    push("status", Value::Str(status(c)));
    push("scope", Value::str(scope_words(c.scope)));
    push("assignedUsers", Value::Int(c.users.len() as i64));
    push("assignedGroups", Value::Int(c.groups.len() as i64));
    // A filter of several groups (`or`s of `and`s, as Graph holds them) shows a row a group.
    match &c.filter {
        None => push("scopingFilter", Value::str("none")),
        Some(Filter::Or(groups)) => {
            for (i, g) in groups.iter().enumerate() {
                push(
                    &format!("scopingFilter group {}", i + 1),
                    Value::Str(filter_text(g, false)),
                );
            }
        }
        Some(f) => push("scopingFilter", Value::Str(filter_text(f, false))),
    }
    push(
        "actions",
        Value::Str(format!(
            "create {}, update {}, delete {}",
            on(c.actions.create),
            on(c.actions.update),
            on(c.actions.delete)
        )),
    );
    push(
        "deletionThreshold",
        c.delete_threshold.map_or(Value::str("off"), |n| Value::Int(n as i64)),
    );
    push("heldDeletions", Value::Int(c.staged.len() as i64));
    push("watermark", Value::Int(i64::try_from(c.watermark).unwrap_or(i64::MAX)));
    push(
        "nextCycle",
        Value::str(if c.initial_next || c.never_run {
            "initial"
        } else {
            "incremental"
        }),
    );
    push(
        "lastCycle",
        c.last_cycle
            .as_ref()
            .map_or(Value::Null, |l| Value::Str(cycle_words(l))),
    );
    for m in &c.mappings {
        let source = match &m.source {
            MappingSource::Direct(a) => format!("[{a}]"),
            MappingSource::Constant(t) => format!("\"{t}\""),
            MappingSource::Expression(e) => e.clone(),
        };
        let apply = match m.apply {
            Apply::Always => "always",
            Apply::OnCreate => "on create",
        };
        push(
            &format!("mapping {}", m.target),
            Value::Str(format!("{source} ({apply})")),
        );
    }
    rows
}

/// A scoping filter as MTOQL text (`department = "R&D" and accountEnabled = true or …`);
/// `nested`: inside an `and` or a `not`, where an `or` needs parentheses.
fn filter_text(f: &Filter, nested: bool) -> String {
    let literal = |l: &Literal| match l {
        Literal::Str(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        Literal::Word(_) | Literal::Int(_) | Literal::Bool(_) | Literal::Null => l.text(),
    };
    match f {
        Filter::Cmp { attr, op, value, .. } => {
            let op = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            format!("{} {op} {}", attr.attr, literal(value))
        }
        Filter::In { attr, values, .. } => {
            let values: Vec<String> = values.iter().map(literal).collect();
            format!("{} in ({})", attr.attr, values.join(", "))
        }
        Filter::IsNull { attr, negated } => format!("{} is {}null", attr.attr, if *negated { "not " } else { "" }),
        Filter::Match { attr, op, value, .. } => {
            let op = match op {
                MatchOp::StartsWith => "starts with",
                MatchOp::EndsWith => "ends with",
                MatchOp::Contains => "contains",
            };
            format!("{} {op} {}", attr.attr, literal(value))
        }
        Filter::And(parts) => parts
            .iter()
            .map(|p| filter_text(p, true))
            .collect::<Vec<_>>()
            .join(" and "),
        Filter::Or(parts) => {
            let text = parts
                .iter()
                .map(|p| filter_text(p, false))
                .collect::<Vec<_>>()
                .join(" or ");
            if nested { format!("({text})") } else { text }
        }
        Filter::Not(inner) => match inner.as_ref() {
            Filter::And(_) | Filter::Or(_) => format!("not ({})", filter_text(inner, false)),
            Filter::Cmp { .. } | Filter::In { .. } | Filter::IsNull { .. } | Filter::Match { .. } | Filter::Not(_) => {
                format!("not {}", filter_text(inner, true))
            }
        },
    }
}

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

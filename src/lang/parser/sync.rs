//! The synchronization statements: parse tree to [`SyncStmt`].

use super::grammar::Rule;
use super::{Builder, Node, child, has, required, span_of, text_of};
use crate::error::{Error, Result};
use crate::lang::ast::{LogField, SyncChange, SyncName, SyncScope, SyncStmt};
use crate::model::sync::{Actions, Apply, Mapping, MappingSource};
use crate::model::{Attr, Literal, typing};

/// One synchronization statement.
pub(super) fn statement(b: &Builder<'_>, node: &Node<'_>) -> Result<SyncStmt> {
    let sync = || sync_name(b, &required(node, Rule::sync_ref)?);
    Ok(match node.as_rule() {
        Rule::create_sync => {
            let mut tenants = node.clone().into_inner().filter(|c| c.as_rule() == Rule::tenant);
            let (source, target) = match (tenants.next(), tenants.next()) {
                (Some(s), Some(t)) => (b.name_of(&s), b.name_of(&t)),
                _ => return Err(Error::invalid("internal parser error: two tenants expected")),
            };
            SyncStmt::Create {
                name: text_of(&required(node, Rule::text)?),
                source,
                target,
                scope: match child(node, Rule::sync_scope) {
                    Some(s) => scope(&required(&s, Rule::scope_kind)?),
                    None => SyncScope::Assigned,
                },
            }
        }
        Rule::delete_sync => SyncStmt::Delete(sync()?),
        Rule::show_syncs => SyncStmt::ShowAll(b.tenant(node)?),
        Rule::show_sync => SyncStmt::Show(sync()?),
        Rule::show_logs => SyncStmt::ShowLogs {
            sync: child(node, Rule::sync_ref).map(|s| sync_name(b, &s)).transpose()?,
            filter: b.where_with(node, &|n| b.field::<LogField>(n))?,
            limit: b.clause_number(node, Rule::limit)?,
        },
        Rule::assign_sync => {
            let assign = has(node, Rule::kw_assign);
            let change = match child(node, Rule::group) {
                Some(g) => SyncChange::Group(text_of(&g), assign),
                None => SyncChange::User(text_of(&required(node, Rule::upn)?), assign),
            };
            SyncStmt::Change(sync()?, change)
        }
        Rule::set_sync_scope => SyncStmt::Change(sync()?, SyncChange::Scope(scope(&required(node, Rule::scope_kind)?))),
        Rule::set_scope_filter => {
            let filter = b.filter(&required(node, Rule::or_expr)?, 0, &|n| b.attr(n))?;
            SyncStmt::Change(sync()?, SyncChange::Filter(Some(filter)))
        }
        Rule::clear_scope_filter => SyncStmt::Change(sync()?, SyncChange::Filter(None)),
        Rule::map_attr => {
            let target = b.attr(&required(node, Rule::attr)?)?.attr;
            let text = required(node, Rule::mapping_text)?;
            let apply = match child(node, Rule::map_apply) {
                Some(a) if has(&a, Rule::kw_create) => Apply::OnCreate,
                _ => Apply::Always,
            };
            let source = mapping_source(b, &text)?;
            // A constant is typed for its attribute here, where its place is known: a value
            // the attribute never takes is refused with a caret under it.
            if let MappingSource::Constant(value) = &source {
                typing::assigned(target, &Literal::Str(value.clone()))
                    .map_err(|e| Error::from(e).at(span_of(&text)))?;
            }
            let mapping = Mapping { target, source, apply };
            SyncStmt::Change(sync()?, SyncChange::Map(mapping))
        }
        Rule::unmap_attr => SyncStmt::Change(sync()?, SyncChange::Unmap(b.attr(&required(node, Rule::attr)?)?.attr)),
        Rule::set_actions => {
            let mut actions = Actions {
                create: true,
                update: true,
                delete: true,
            };
            for a in node.clone().into_inner().filter(|c| c.as_rule() == Rule::sync_action) {
                let on = has(&a, Rule::kw_on);
                if has(&a, Rule::kw_create) {
                    actions.create = on;
                } else if has(&a, Rule::kw_update) {
                    actions.update = on;
                } else {
                    actions.delete = on;
                }
            }
            SyncStmt::Change(sync()?, SyncChange::Actions(actions))
        }
        Rule::set_threshold => {
            let n = match child(node, Rule::number) {
                Some(n) => Some(b.number(&n)?),
                None => None,
            };
            SyncStmt::Change(sync()?, SyncChange::Threshold(n))
        }
        Rule::start_sync => SyncStmt::Change(sync()?, SyncChange::Run(has(node, Rule::kw_start))),
        Rule::restart_sync => SyncStmt::Change(sync()?, SyncChange::Restart(has(node, Rule::kw_full))),
        Rule::run_syncs => SyncStmt::RunAll,
        Rule::run_sync => SyncStmt::Run(sync()?),
        Rule::provision_user => SyncStmt::Provision {
            upn: text_of(&required(node, Rule::upn)?),
            sync: sync()?,
        },
        Rule::release_deletes => SyncStmt::Release {
            sync: sync()?,
            allow: has(node, Rule::kw_allow),
        },
        Rule::explain_visibility => SyncStmt::ExplainVisibility {
            upn: text_of(&required(node, Rule::upn)?),
            tenant: b.name(node, Rule::tenant)?,
        },
        Rule::import_sync => SyncStmt::Import {
            sync: sync()?,
            path: text_of(&required(node, Rule::path)?),
        },
        Rule::export_sync => SyncStmt::Export {
            sync: sync()?,
            path: text_of(&required(node, Rule::path)?),
        },
        Rule::check_org => SyncStmt::CheckOrganization {
            actor: child(node, Rule::acting)
                .map(|a| b.name(&a, Rule::tenant))
                .transpose()?,
        },
        _ => SyncStmt::Share {
            tenant: b.name(node, Rule::tenant)?,
            group: b.name(node, Rule::group)?,
            share: has(node, Rule::kw_share),
        },
    })
}

fn sync_name(b: &Builder<'_>, node: &Node<'_>) -> Result<SyncName> {
    let text = required(node, Rule::text)?;
    Ok(SyncName {
        name: text_of(&text),
        source: b.tenant(node)?,
        span: span_of(&text),
    })
}

fn scope(node: &Node<'_>) -> SyncScope {
    if has(node, Rule::kw_all) {
        SyncScope::AllUsers
    } else {
        SyncScope::Assigned
    }
}

/// `[attr]` is a direct mapping, a lone quoted string a constant, anything else an
/// expression (checked when the mapping is set).
fn mapping_source(b: &Builder<'_>, node: &Node<'_>) -> Result<MappingSource> {
    let text = node.as_str().trim();
    if let Some(name) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        if !name.contains(['[', ']']) {
            return match Attr::lookup(name.trim()) {
                Some(attr) => Ok(MappingSource::Direct(attr)),
                None => {
                    let hint = Attr::nearest(name.trim())
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    Err(b.syntax(format!("unknown attribute `{}`{hint}", name.trim()), span_of(node)))
                }
            };
        }
    }
    let quoted =
        text.len() >= 2 && text.starts_with('"') && text.ends_with('"') && !text[1..text.len() - 1].contains('"');
    if quoted {
        return Ok(MappingSource::Constant(text[1..text.len() - 1].to_owned()));
    }
    // An expression that does not parse is a syntax error of the statement, its caret where
    // the expression's own parser puts it.
    if let Err(Error::Syntax(d)) = crate::sync::map::parse(text) {
        let node_span = span_of(node);
        let lead = node.as_str().len() - node.as_str().trim_start().len();
        let start = node_span.start + lead + byte_offset(text, d.line, d.column);
        let under: usize = b.text[start..node_span.end]
            .chars()
            .take(d.width.max(1))
            .map(char::len_utf8)
            .sum();
        let span = crate::model::query::Span {
            start,
            end: start + under,
        };
        return Err(b.syntax(d.message, span));
    }
    Ok(MappingSource::Expression(text.to_owned()))
}

/// The byte offset in `text` of 1-based `line` and character `column`.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

//! Unit tests of the parser: every statement, every filter operator, the lexical rules, and
//! the examples of the language design note.

use super::parse;
use crate::error::Error;
use crate::lang::ast::{
    Assignment, AttrRef, CmpOp, Direction, Filter, GroupStmt, InterchangeStmt, Literal, MaintenanceStmt, MatchOp, Name,
    QueryStmt, SearchKind, SearchStmt, SessionStmt, ShellStmt, Span, Statement, TenantStmt, UserStmt,
};
use crate::model::Attr;

mod design_note;
mod filters;
mod lexical;
mod robustness;
mod statements;

/// The statements of `text`, or a panic that shows the error.
fn all(text: &str) -> Vec<Statement> {
    match parse(text) {
        Ok(located) => located.into_iter().map(|l| l.stmt).collect(),
        Err(e) => panic!("{text:?} does not parse:\n{e}"),
    }
}

/// The one statement of `text`.
fn one(text: &str) -> Statement {
    let mut stmts = all(text);
    assert_eq!(stmts.len(), 1, "{text:?}");
    stmts.remove(0)
}

fn search(text: &str) -> SearchStmt {
    match one(text) {
        Statement::Query(QueryStmt::Search(s))
        | Statement::Query(QueryStmt::Count(s))
        | Statement::Query(QueryStmt::Explain { search: s, .. }) => s,
        other => panic!("{text:?} is not a search: {other:?}"),
    }
}

/// The filter of `find users where {condition}`.
fn filter(condition: &str) -> Filter {
    let text = format!("find users where {condition}");
    search(&text).filter.unwrap_or_else(|| panic!("{text:?} has no filter"))
}

/// The span of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    Span {
        start,
        end: start + needle.len(),
    }
}

/// `Name` for the first `needle` in `text`, with `value` as its text.
fn name_at(text: &str, needle: &str, value: &str) -> Name {
    Name {
        text: value.into(),
        span: at(text, needle),
    }
}

/// `Name` for the first `name` inside the first `context` of `text`.
fn name_in(text: &str, context: &str, name: &str) -> Name {
    let outer = at(text, context);
    let inner = at(context, name);
    let span = Span {
        start: outer.start + inner.start,
        end: outer.start + inner.end,
    };
    Name {
        text: name.into(),
        span,
    }
}

fn some(name: &str) -> Option<String> {
    Some(name.to_owned())
}

fn tenant_of(stmt: &Statement) -> Option<String> {
    let t = match stmt {
        Statement::Users(UserStmt::CreateUser { tenant, .. })
        | Statement::Users(UserStmt::UpdateUser { tenant, .. })
        | Statement::Users(UserStmt::UpdateUsers { tenant, .. })
        | Statement::Users(UserStmt::DeleteUser { tenant, .. })
        | Statement::Users(UserStmt::RestoreUser { tenant, .. })
        | Statement::Users(UserStmt::PurgeUser { tenant, .. })
        | Statement::Users(UserStmt::ShowUser { tenant, .. })
        | Statement::Groups(GroupStmt::CreateGroup { tenant, .. })
        | Statement::Groups(GroupStmt::ShowGroup { tenant, .. })
        | Statement::Groups(GroupStmt::ShowGroups { tenant })
        | Statement::Groups(GroupStmt::AddMember { tenant, .. })
        | Statement::Groups(GroupStmt::AddMembers { tenant, .. })
        | Statement::Groups(GroupStmt::RemoveMember { tenant, .. })
        | Statement::Groups(GroupStmt::RemoveMembers { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Import { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Export { tenant, .. })
        | Statement::Interchange(InterchangeStmt::Generate { tenant, .. }) => tenant,
        Statement::Query(QueryStmt::Search(s))
        | Statement::Query(QueryStmt::Count(s))
        | Statement::Query(QueryStmt::Explain { search: s, .. }) => &s.tenant,
        other => panic!("no tenant in {other:?}"),
    };
    t.as_ref().map(|n| n.text.clone())
}

fn syntax_message(text: &str) -> String {
    match parse(text) {
        Err(Error::Syntax(d)) => d.message,
        other => panic!("{text:?} should be a syntax error, not {other:?}"),
    }
}

/// A comparison filter without its spans, for structural comparisons.
fn shape(f: &Filter) -> String {
    match f {
        Filter::Cmp { attr, op, value, .. } => format!("{} {op:?} {}", attr.attr, value.text()),
        Filter::In { attr, values, .. } => {
            let values: Vec<String> = values.iter().map(Literal::text).collect();
            format!("{} in [{}]", attr.attr, values.join(","))
        }
        Filter::IsNull { attr, negated } => format!("{} null {negated}", attr.attr),
        Filter::Match { attr, op, value, .. } => format!("{} {op:?} {}", attr.attr, value.text()),
        Filter::And(parts) => format!("and({})", parts.iter().map(shape).collect::<Vec<_>>().join(", ")),
        Filter::Or(parts) => format!("or({})", parts.iter().map(shape).collect::<Vec<_>>().join(", ")),
        Filter::Not(inner) => format!("not({})", shape(inner)),
    }
}

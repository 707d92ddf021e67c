//! The pest grammar binding: text to [`Located`] statements.
//!
//! The grammar (`grammar/mtoql.pest`) decides what is well-formed; this module walks pest's
//! parse tree into the [`ast`](super::ast), resolves attribute names, and turns pest's errors
//! into [`Diagnostic`]s that say in plain words what was expected (see `errors`).

mod access;
mod errors;
mod filter;
mod organization;
mod sync;
#[cfg(test)]
mod tests;
mod text;

use super::ast::{
    Assignment, AttrRef, AuditStmt, Direction, Filter, GroupStmt, InterchangeStmt, LIMIT_ALL, Literal, Located,
    MaintenanceStmt, Name, QueryStmt, SearchKind, SearchStmt, SessionStmt, ShellStmt, Span, Statement, TenantStmt,
    UserStmt,
};
use crate::error::{Diagnostic, Error, Result};
use crate::limits::{Limit, MAX_ROWS, MAX_SCRIPT_BYTES};
use crate::model::{Attr, ChangeField};
use grammar::{MtoqlParser, Rule};
use pest::Parser as _;
use pest::iterators::Pair;
use text::{help_topic, text_of, unquote, upn};

mod grammar {
    /// The pest parser generated from `grammar/mtoql.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/mtoql.pest"]
    pub struct MtoqlParser;
}

/// How deeply filters may nest (parentheses and `not`s together).
const MAX_DEPTH: usize = 32;

/// Parses MTOQL text into statements, each with its span in `text`.
///
/// Empty statements (`;;`) are skipped. Errors are [`Error::Syntax`] diagnostics pointing at
/// the offending token, with what was expected in plain words.
pub fn parse(text: &str) -> Result<Vec<Located>> {
    check_size(text)?;
    errors::check_nesting(text, MAX_DEPTH)?;
    let pairs = MtoqlParser::parse(Rule::program, text).map_err(|e| errors::to_error(text, &e))?;
    let builder = Builder { text };
    // A refusal found while building (a constant its attribute never takes) carries its span:
    // it is located in the text here, as syntax errors are.
    pairs
        .filter(|p| p.as_rule() == Rule::statement)
        .map(|p| builder.located(p).map_err(|e| e.locate_in(text, None)))
        .collect()
}

/// Parses a filter alone (`department = "Sales" and not city = Oslo`), as `where` takes it:
/// the typed API's way from text to a [`Filter`], with the same errors and carets.
pub fn parse_filter(text: &str) -> Result<Filter> {
    check_size(text)?;
    errors::check_nesting(text, MAX_DEPTH)?;
    let pairs = MtoqlParser::parse(Rule::filter_text, text).map_err(|e| errors::to_error(text, &e))?;
    let node = pairs
        .into_iter()
        .find(|p| p.as_rule() == Rule::or_expr)
        .ok_or_else(|| Error::invalid("internal parser error: no filter"))?;
    let builder = Builder { text };
    builder.filter(&node, 0, &|n| builder.attr(n))
}

/// Refuses a text longer than [`MAX_SCRIPT_BYTES`] before the parser holds its tokens.
fn check_size(text: &str) -> Result<()> {
    let size = text.len() as u64;
    if size > MAX_SCRIPT_BYTES {
        return Err(Error::TooLarge {
            limit: Limit::Script,
            size,
        });
    }
    Ok(())
}

type Node<'i> = Pair<'i, Rule>;

/// The first direct child of `node` that is a `rule`.
fn child<'i>(node: &Node<'i>, rule: Rule) -> Option<Node<'i>> {
    node.clone().into_inner().find(|c| c.as_rule() == rule)
}

/// The direct children of `node` that are `rule`s.
fn children<'i>(node: &Node<'i>, rule: Rule) -> impl Iterator<Item = Node<'i>> {
    node.clone().into_inner().filter(move |c| c.as_rule() == rule)
}

/// True when `node` has a direct child that is a `rule` (typically a keyword).
fn has(node: &Node<'_>, rule: Rule) -> bool {
    child(node, rule).is_some()
}

/// The child the grammar guarantees; its absence is a bug reported as an error, not a panic.
fn required<'i>(node: &Node<'i>, rule: Rule) -> Result<Node<'i>> {
    child(node, rule)
        .ok_or_else(|| Error::invalid(format!("internal parser error: no {rule:?} in {:?}", node.as_rule())))
}

/// The only child of a node such as `statement` or `value`.
fn only_child<'i>(node: &Node<'i>) -> Result<Node<'i>> {
    node.clone()
        .into_inner()
        .next()
        .ok_or_else(|| Error::invalid(format!("internal parser error: empty {:?}", node.as_rule())))
}

fn span_of(node: &Node<'_>) -> Span {
    let s = node.as_span();
    Span {
        start: s.start(),
        end: s.end(),
    }
}

/// The span of a statement, from its first token to the end of its last one: a rule's own
/// span may include the whitespace and comments before an optional clause that was absent.
fn statement_span(node: &Node<'_>) -> Span {
    let end = node
        .clone()
        .into_inner()
        .flatten()
        .filter(|c| c.clone().into_inner().next().is_none())
        .map(|c| c.as_span().end())
        .max()
        .unwrap_or_else(|| node.as_span().end());
    Span {
        start: node.as_span().start(),
        end,
    }
}

/// Walks the parse tree of one text into AST nodes.
struct Builder<'t> {
    text: &'t str,
}

impl Builder<'_> {
    fn syntax(&self, message: impl Into<String>, span: Span) -> Error {
        Error::Syntax(Box::new(Diagnostic::new(message, self.text, span)))
    }

    fn located(&self, node: Node<'_>) -> Result<Located> {
        let span = statement_span(&node);
        let stmt = self.statement(&only_child(&node)?)?;
        Ok(Located { stmt, span })
    }

    fn statement(&self, node: &Node<'_>) -> Result<Statement> {
        Ok(match node.as_rule() {
            Rule::create_tenant => self.create_tenant(node)?,
            Rule::show_access
            | Rule::set_access
            | Rule::reset_access
            | Rule::delete_access
            | Rule::explain_access
            | Rule::invite_user
            | Rule::import_access
            | Rule::export_access => Statement::Access(access::statement(self, node)?),
            Rule::create_org
            | Rule::add_tenant
            | Rule::join_org
            | Rule::set_role
            | Rule::remove_tenant
            | Rule::leave_org
            | Rule::set_labels
            | Rule::set_calendar
            | Rule::set_template
            | Rule::show_org
            | Rule::show_calendar => Statement::Organization(organization::statement(self, node)?),
            Rule::explain_visibility
            | Rule::check_org
            | Rule::create_sync
            | Rule::delete_sync
            | Rule::show_syncs
            | Rule::show_sync
            | Rule::show_logs
            | Rule::assign_sync
            | Rule::set_sync_scope
            | Rule::set_scope_filter
            | Rule::clear_scope_filter
            | Rule::map_attr
            | Rule::unmap_attr
            | Rule::set_actions
            | Rule::set_threshold
            | Rule::start_sync
            | Rule::restart_sync
            | Rule::run_syncs
            | Rule::run_sync
            | Rule::provision_user
            | Rule::release_deletes
            | Rule::import_sync
            | Rule::export_sync
            | Rule::share_users => Statement::Sync(sync::statement(self, node)?),
            Rule::show_tenants => Statement::Tenants(TenantStmt::ShowTenants),
            Rule::show_changes => Statement::Audit(AuditStmt::ShowChanges {
                tenant: self.tenant(node)?,
                user: child(node, Rule::for_user).map(|u| upn(&u)).transpose()?,
                filter: self.where_with(node, &|n| self.field::<ChangeField>(n))?,
                after: self.clause_number(node, Rule::after)?,
                limit: self.clause_number(node, Rule::limit)?,
            }),
            Rule::show_tenant => Statement::Tenants(TenantStmt::ShowTenant(self.name(node, Rule::tenant)?)),
            Rule::create_user | Rule::update_user | Rule::update_users => self.user_write(node)?,
            Rule::delete_user | Rule::restore_user | Rule::purge_user | Rule::show_user => self.one_user(node)?,
            Rule::create_group | Rule::show_group | Rule::show_groups => self.group_stmt(node)?,
            Rule::add_member | Rule::add_members | Rule::remove_member | Rule::remove_members => {
                self.membership(node)?
            }
            Rule::search_stmt => Statement::Query(QueryStmt::Search(self.search(node)?)),
            Rule::count_stmt => Statement::Query(QueryStmt::Count(self.search(node)?)),
            Rule::explain_stmt => {
                let explained = only_child(&required(node, Rule::explained)?)?;
                let count = explained.as_rule() == Rule::count_stmt;
                Statement::Query(QueryStmt::Explain {
                    search: self.search(&explained)?,
                    count,
                })
            }
            Rule::import_stmt | Rule::export_stmt | Rule::generate_stmt => self.transfer(node)?,
            Rule::use_tenant => Statement::Session(SessionStmt::UseTenant(self.name(node, Rule::tenant)?)),
            Rule::use_operator => Statement::Session(SessionStmt::UseOperator),
            Rule::whoami_stmt => Statement::Session(SessionStmt::Whoami),
            Rule::begin_stmt => Statement::Session(SessionStmt::Begin),
            Rule::commit_stmt => Statement::Session(SessionStmt::Commit),
            Rule::rollback_stmt => Statement::Session(SessionStmt::Rollback),
            Rule::help_stmt => Statement::Shell(ShellStmt::Help(help_topic(node))),
            Rule::demo_stmt => Statement::Shell(ShellStmt::Demo {
                synced: !node.clone().into_inner().any(|n| n.as_rule() == Rule::demo_unsynced),
            }),
            Rule::check_stmt => Statement::Maintenance(MaintenanceStmt::Check),
            other => {
                return Err(Error::invalid(format!(
                    "internal parser error: unexpected statement {other:?}"
                )));
            }
        })
    }

    fn create_tenant(&self, node: &Node<'_>) -> Result<Statement> {
        let name = child(node, Rule::tenant_name)
            .map(|n| required(&n, Rule::text))
            .transpose()?;
        let domains = match child(node, Rule::domain_list) {
            Some(list) => children(&list, Rule::domain).map(|d| text_of(&d)).collect(),
            None => Vec::new(),
        };
        Ok(Statement::Tenants(TenantStmt::CreateTenant {
            handle: self.name(node, Rule::tenant)?,
            name: name.map(|n| text_of(&n)),
            domains,
        }))
    }

    /// `create user`, `update user`, `update users`.
    fn user_write(&self, node: &Node<'_>) -> Result<Statement> {
        let tenant = self.tenant(node)?;
        Ok(match node.as_rule() {
            Rule::create_user => Statement::Users(UserStmt::CreateUser {
                upn: upn(node)?,
                tenant,
                set: self.assignments(node, Rule::with_clause)?,
            }),
            Rule::update_user => Statement::Users(UserStmt::UpdateUser {
                upn: upn(node)?,
                tenant,
                set: self.assignments(node, Rule::set_clause)?,
            }),
            _ => Statement::Users(UserStmt::UpdateUsers {
                tenant,
                filter: self.where_clause(node)?,
                set: self.assignments(node, Rule::set_clause)?,
            }),
        })
    }

    /// `delete`, `restore`, `purge` and `show user`.
    fn one_user(&self, node: &Node<'_>) -> Result<Statement> {
        let (upn, tenant) = (upn(node)?, self.tenant(node)?);
        Ok(match node.as_rule() {
            Rule::delete_user => Statement::Users(UserStmt::DeleteUser { upn, tenant }),
            Rule::restore_user => Statement::Users(UserStmt::RestoreUser { upn, tenant }),
            Rule::purge_user => Statement::Users(UserStmt::PurgeUser { upn, tenant }),
            _ => Statement::Users(UserStmt::ShowUser { upn, tenant }),
        })
    }

    /// `create group`, `show group`, `show groups`.
    fn group_stmt(&self, node: &Node<'_>) -> Result<Statement> {
        let tenant = self.tenant(node)?;
        Ok(match node.as_rule() {
            Rule::create_group => Statement::Groups(GroupStmt::CreateGroup {
                name: self.name(node, Rule::group)?,
                tenant,
                description: match child(node, Rule::description) {
                    Some(d) => Some(text_of(&required(&d, Rule::text)?)),
                    None => None,
                },
            }),
            Rule::show_group => Statement::Groups(GroupStmt::ShowGroup {
                name: self.name(node, Rule::group)?,
                tenant,
            }),
            _ => Statement::Groups(GroupStmt::ShowGroups { tenant }),
        })
    }

    /// `add user(s) … to group`, `remove user(s) … from group`.
    fn membership(&self, node: &Node<'_>) -> Result<Statement> {
        let tenant = self.tenant(node)?;
        let group = self.name(node, Rule::group)?;
        Ok(match node.as_rule() {
            Rule::add_member => Statement::Groups(GroupStmt::AddMember {
                upn: upn(node)?,
                group,
                tenant,
            }),
            Rule::remove_member => Statement::Groups(GroupStmt::RemoveMember {
                upn: upn(node)?,
                group,
                tenant,
            }),
            Rule::add_members => Statement::Groups(GroupStmt::AddMembers {
                tenant,
                filter: self.where_clause(node)?,
                group,
            }),
            _ => Statement::Groups(GroupStmt::RemoveMembers {
                tenant,
                filter: self.where_clause(node)?,
                group,
            }),
        })
    }

    /// `import`, `export`, `generate`.
    fn transfer(&self, node: &Node<'_>) -> Result<Statement> {
        let tenant = self.tenant(node)?;
        let format = child(node, Rule::format)
            .map(|f| required(&f, Rule::format_name))
            .transpose()?
            .map(|f| f.as_str().to_ascii_lowercase());
        Ok(match node.as_rule() {
            Rule::import_stmt => Statement::Interchange(InterchangeStmt::Import {
                tenant,
                path: text_of(&required(node, Rule::path)?),
                format,
            }),
            Rule::export_stmt => Statement::Interchange(InterchangeStmt::Export {
                tenant,
                path: text_of(&required(node, Rule::path)?),
                format,
            }),
            _ => Statement::Interchange(InterchangeStmt::Generate {
                tenant,
                count: self.number(&required(node, Rule::number)?)?,
                seed: match child(node, Rule::seed) {
                    Some(seed) => self.number(&required(&seed, Rule::number)?)?,
                    None => 42,
                },
            }),
        })
    }

    /// `search …`, `find …`, `count …` (the clauses a count lacks are left empty).
    fn search(&self, node: &Node<'_>) -> Result<SearchStmt> {
        let kind = if has(node, Rule::kw_people) {
            SearchKind::People
        } else if has(node, Rule::kw_address) {
            SearchKind::AddressList
        } else {
            SearchKind::Find
        };
        let fields = self.at_most_once(node, Rule::fields, "`fields` is given twice")?;
        Ok(SearchStmt {
            kind,
            tenant: self.tenant(node)?,
            text: child(node, Rule::for_text)
                .map(|f| required(&f, Rule::text))
                .transpose()?
                .map(|t| text_of(&t)),
            filter: self.where_clause(node)?,
            order: match child(node, Rule::order_by) {
                Some(order) => self.order(&order)?,
                None => Vec::new(),
            },
            limit: match child(node, Rule::limit) {
                Some(c) if has(&c, Rule::kw_all) => Some(LIMIT_ALL),
                _ => self.clause_number(node, Rule::limit)?,
            },
            offset: self.clause_number(node, Rule::offset)?,
            fields: match fields {
                Some(f) => children(&f, Rule::attr).map(|a| self.attr(&a)).collect::<Result<_>>()?,
                None => Vec::new(),
            },
        })
    }

    fn order(&self, node: &Node<'_>) -> Result<Vec<(AttrRef, Direction)>> {
        children(node, Rule::order_item)
            .map(|item| {
                let direction = if has(&item, Rule::kw_desc) {
                    Direction::Desc
                } else {
                    Direction::Asc
                };
                Ok((self.attr(&required(&item, Rule::attr)?)?, direction))
            })
            .collect()
    }

    /// The number of a `limit n` / `offset n` clause, if present. A `limit` past
    /// [`MAX_ROWS`] is refused: no answer holds more rows.
    fn clause_number(&self, node: &Node<'_>, clause: Rule) -> Result<Option<u64>> {
        let Some(c) = child(node, clause) else {
            return Ok(None);
        };
        if let Some(all) = child(&c, Rule::kw_all) {
            let e = Error::invalid(format!(
                "`limit all` is for searches (`search`, `find users`); here the limit is a number up to {MAX_ROWS}"
            ));
            return Err(self.refuse_at(e, span_of(&all)));
        }
        let number = required(&c, Rule::number)?;
        let n = self.number(&number)?;
        if clause == Rule::limit && n > MAX_ROWS {
            let e = Error::TooLarge {
                limit: Limit::Rows,
                size: n,
            };
            return Err(self.refuse_at(e, span_of(&number)));
        }
        Ok(Some(n))
    }

    /// `e` located at `span` of the text.
    fn refuse_at(&self, e: Error, span: Span) -> Error {
        e.at(span).locate(self.text)
    }

    fn number(&self, node: &Node<'_>) -> Result<u64> {
        node.as_str()
            .parse()
            .map_err(|_| self.syntax(format!("`{}` is too large a number", node.as_str()), span_of(node)))
    }

    /// The clause `rule` of `node`, refusing it twice (it may stand in two places).
    fn at_most_once<'i>(&self, node: &Node<'i>, rule: Rule, message: &str) -> Result<Option<Node<'i>>> {
        let mut found = children(node, rule);
        let first = found.next();
        match found.next() {
            Some(second) => Err(self.syntax(message, span_of(&second))),
            None => Ok(first),
        }
    }

    /// The tenant of `in tenant A` / `into tenant A` / `of tenant A`, if any.
    fn tenant(&self, node: &Node<'_>) -> Result<Option<Name>> {
        let clause = match self.at_most_once(node, Rule::in_tenant, "the tenant is given twice")? {
            Some(c) => Some(c),
            None => child(node, Rule::into_tenant).or_else(|| child(node, Rule::of_tenant)),
        };
        clause.map(|c| self.name(&c, Rule::tenant)).transpose()
    }

    /// The name in the `rule` (`tenant` or `group`) child of `node`.
    /// The name a `tenant`, `group` or `partner` node holds.
    fn name_of(&self, node: &Node<'_>) -> Name {
        Name {
            text: text_of(node),
            span: span_of(node),
        }
    }

    fn name(&self, node: &Node<'_>, rule: Rule) -> Result<Name> {
        let name = required(node, rule)?;
        Ok(Name {
            text: text_of(&name),
            span: span_of(&name),
        })
    }

    fn assignments(&self, node: &Node<'_>, clause: Rule) -> Result<Vec<Assignment>> {
        let Some(clause) = child(node, clause) else {
            return Ok(Vec::new());
        };
        children(&clause, Rule::assignment)
            .map(|a| {
                Ok(Assignment {
                    attr: self.attr(&required(&a, Rule::attr)?)?,
                    value: self.literal(&required(&a, Rule::value)?)?,
                })
            })
            .collect()
    }

    fn attr(&self, node: &Node<'_>) -> Result<AttrRef> {
        let name = node.as_str();
        match Attr::lookup(name) {
            Some(attr) => Ok(AttrRef {
                attr,
                span: span_of(node),
            }),
            None => {
                let hint = Attr::nearest(name)
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                Err(self.syntax(format!("unknown attribute `{name}`{hint}"), span_of(node)))
            }
        }
    }

    fn literal(&self, node: &Node<'_>) -> Result<Literal> {
        let inner = only_child(node)?;
        let text = inner.as_str();
        Ok(match inner.as_rule() {
            Rule::string => Literal::Str(unquote(text)),
            Rule::null_lit => Literal::Null,
            Rule::bool_lit => Literal::Bool(text.eq_ignore_ascii_case("true")),
            Rule::int_lit => Literal::Int(text.parse().map_err(|_| {
                let message = format!("`{text}` is too large a number (quote it to use it as text)");
                self.syntax(message, span_of(&inner))
            })?),
            _ => Literal::Word(text.to_owned()),
        })
    }

    fn where_clause(&self, node: &Node<'_>) -> Result<Option<Filter>> {
        self.where_with(node, &|n| self.attr(n))
    }
}

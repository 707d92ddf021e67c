//! The executor: maps each statement onto the directory and search, and shapes its output.

use super::ast::{Assignment, Literal, Name, SearchKind, SearchStmt, Span, Statement};
use super::present::{self, Presenter};
use crate::directory::{Principal, groups, tenants, users};
use crate::error::{Error, Result};
use crate::model::{Attr, AttrKind, NewUser, Tenant, UserType, Value};
use crate::output::{Output, Rows};
use crate::search::{self, PeopleQuery, filter};
use crate::session::{Session, with_view};
use crate::store::index::ALL_CLASSES;
use crate::store::keys::{self, PostingKind};
use crate::store::{Open, Tables, WriteTables};

/// Rows a search returns when it names no `limit`.
pub const DEFAULT_LIMIT: u64 = 100;

/// Columns of `search people` and `search address list` unless `fields` says otherwise.
const PEOPLE_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::Mail,
    Attr::JobTitle,
    Attr::Department,
    Attr::City,
    Attr::Country,
];
/// Columns of `find users`.
const FIND_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::UserPrincipalName,
    Attr::UserType,
    Attr::Source,
    Attr::AccountEnabled,
    Attr::ShowInAddressList,
    Attr::IsSoftDeleted,
];
/// Columns of a group's member list.
const MEMBER_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::UserPrincipalName,
    Attr::UserType,
    Attr::IsSoftDeleted,
];

fn message(text: impl Into<String>) -> Result<Output> {
    Ok(Output::Message(text.into()))
}

/// Runs one statement in `session`.
pub fn statement(session: &mut Session<'_>, stmt: &Statement) -> Result<Output> {
    match stmt {
        Statement::Begin => {
            session.begin()?;
            message("transaction started: statements now land together at `commit`")
        }
        Statement::Commit => {
            session.commit()?;
            message("committed")
        }
        Statement::Rollback => match session.rollback() {
            true => message("rolled back: nothing since `begin` was kept"),
            false => Err(Error::Transaction("no transaction is open".into())),
        },
        Statement::UseTenant(name) => {
            session.use_tenant(&name.text).map_err(|e| at(e, name.span))?;
            message(format!("acting as the administrator of tenant {}", name.text))
        }
        Statement::UseOperator => {
            session.use_operator();
            message("acting as the operator")
        }
        Statement::Whoami => {
            let txn = if session.in_transaction() {
                " (in a transaction)"
            } else {
                ""
            };
            message(format!("{}{txn}", session.principal()))
        }
        Statement::Help(topic) => Ok(Output::Text(super::help::help(topic.as_deref())?)),
        Statement::ShowTenants
        | Statement::ShowTenant(_)
        | Statement::ShowUser { .. }
        | Statement::ShowGroup { .. }
        | Statement::ShowGroups { .. }
        | Statement::Search(_)
        | Statement::Count(_)
        | Statement::Explain { .. }
        | Statement::Export { .. } => {
            let who = session.principal().clone();
            with_view!(session, |t| read(t, &who, stmt))
        }
        _ => session.write(|w, who| write(w, who, stmt)),
    }
}

/// Attaches `span` to an error that has no position yet.
fn at(e: Error, span: Span) -> Error {
    match e {
        Error::Invalid { message, span: None } => Error::Invalid {
            message,
            span: Some(span),
        },
        other => other,
    }
}

/// The tenant a statement names, or the one the session acts for, once the principal's right
/// to `action` there is checked: before anything else of the statement is looked at, so that
/// a refused statement reveals nothing of another tenant.
fn tenant_of<S: Open>(t: &Tables<S>, who: &Principal, name: &Option<Name>, action: &str) -> Result<Tenant> {
    let tenant = named_tenant(t, who, name)?;
    who.check_tenant(&tenant, action)?;
    Ok(tenant)
}

fn named_tenant<S: Open>(t: &Tables<S>, who: &Principal, name: &Option<Name>) -> Result<Tenant> {
    match name {
        Some(n) => tenants::resolve(t, &n.text).map_err(|e| at(e, n.span)),
        None => match who.tenant() {
            Some(ord) => t
                .tenant(ord)?
                .ok_or_else(|| Error::invalid("the session's tenant no longer exists")),
            None => Err(Error::invalid(
                "which tenant? add `in tenant X`, or `use tenant X` first",
            )),
        },
    }
}

fn read<S: Open>(t: &Tables<S>, who: &Principal, stmt: &Statement) -> Result<Output> {
    match stmt {
        Statement::ShowTenants => {
            let all = t.tenants()?;
            let visible: Vec<Tenant> = all
                .into_iter()
                .filter(|x| who.tenant().is_none_or(|own| own == x.ord))
                .collect();
            tenant_rows(t, &visible)
        }
        Statement::ShowTenant(name) => {
            let tenant = tenant_of(t, who, &Some(name.clone()), "read tenants")?;
            tenant_rows(t, &[tenant])
        }
        Statement::ShowUser { upn, tenant } => {
            let tenant = tenant_of(t, who, tenant, "read users")?;
            let user = users::find(t, &tenant, upn)?;
            Ok(Output::Rows(Presenter::new(t).rows(&[user], Attr::ALL)?))
        }
        Statement::ShowGroup { name, tenant } => {
            let tenant = tenant_of(t, who, tenant, "read groups")?;
            let group = groups::find(t, &tenant, &name.text).map_err(|e| at(e, name.span))?;
            let members = groups::members(t, &group)?;
            Ok(Output::Rows(Presenter::new(t).rows(&members, MEMBER_COLUMNS)?))
        }
        Statement::ShowGroups { tenant } => {
            let tenant = tenant_of(t, who, tenant, "read groups")?;
            let mut rows = Rows::new(vec![
                "displayName".into(),
                "id".into(),
                "description".into(),
                "members".into(),
            ]);
            for g in t.groups(tenant.ord)? {
                let term = keys::equal_term(Attr::MemberOf.posting().unwrap_or_default(), &g.ord.0.to_string());
                let members = total(t, &tenant, PostingKind::Equal, &term)?;
                rows.rows.push(vec![
                    Value::Str(g.display_name),
                    Value::Str(g.id.to_string()),
                    Value::opt_str(g.description.as_deref()),
                    Value::Int(members as i64),
                ]);
            }
            Ok(Output::Rows(rows))
        }
        Statement::Search(s) => {
            let (q, columns) = query(t, who, s, true)?;
            let rows = present_search(t, &q, &columns)?;
            Ok(Output::Rows(rows))
        }
        Statement::Count(s) => {
            let (q, _) = query(t, who, s, false)?;
            Ok(Output::Count(search::count(t, &q)?))
        }
        Statement::Explain { search: s, count } => {
            let (q, _) = query(t, who, s, !count)?;
            let text = if *count {
                search::explain_count(t, &q)?
            } else {
                search::explain(t, &q)?
            };
            Ok(Output::Text(text))
        }
        Statement::Export { tenant, path, format } => {
            let tenant = tenant_of(t, who, tenant, "export users")?;
            let q = PeopleQuery::new(tenant.ord, SearchKind::Find);
            let rows = present_search(t, &q, Attr::ALL)?;
            let file = std::path::Path::new(path);
            let format = crate::interchange::Format::resolve(file, format.as_deref())?;
            crate::interchange::write_users(file, format, &rows.columns, &rows.rows)?;
            message(format!(
                "exported {} users of tenant {} to {path}",
                rows.rows.len(),
                tenant.handle
            ))
        }
        _ => Err(Error::invalid("this statement changes the directory")),
    }
}

/// The number of entries of a posting over every class.
fn total<S: Open>(t: &Tables<S>, tenant: &Tenant, kind: PostingKind, term: &[u8]) -> Result<u64> {
    ALL_CLASSES
        .iter()
        .map(|&c| t.count(&keys::posting_head(tenant.ord, kind, term, c)))
        .sum()
}

/// The rows of a search, each presented as soon as it is read: the users themselves are never
/// all held at once (in display order), so a large answer costs only its output values.
fn present_search<S: Open>(t: &Tables<S>, q: &PeopleQuery, columns: &[Attr]) -> Result<Rows> {
    let mut presenter = Presenter::new(t);
    let mut rows = present::header(columns);
    let (more, _) = search::search_each(t, q, |user| {
        rows.rows.push(presenter.row(&user, columns)?);
        Ok(())
    })?;
    rows.more = more;
    Ok(rows)
}

fn tenant_rows<S: Open>(t: &Tables<S>, list: &[Tenant]) -> Result<Output> {
    let mut rows = Rows::new(
        ["handle", "id", "displayName", "domains", "users", "createdDateTime"]
            .map(String::from)
            .to_vec(),
    );
    for x in list {
        rows.rows.push(vec![
            Value::str(&x.handle),
            Value::Str(x.id.to_string()),
            Value::str(&x.display_name),
            Value::List(x.domains.iter().map(Value::str).collect()),
            Value::Int(total(t, x, PostingKind::Order, b"")? as i64),
            Value::Str(crate::model::ids::format_millis(x.created)),
        ]);
    }
    Ok(Output::Rows(rows))
}

/// Builds the query of a search statement and its output columns.
fn query<S: Open>(t: &Tables<S>, who: &Principal, s: &SearchStmt, limited: bool) -> Result<(PeopleQuery, Vec<Attr>)> {
    let tenant = tenant_of(t, who, &s.tenant, "search")?;
    let filter = match &s.filter {
        Some(f) => filter::compile(t, tenant.ord, f)?,
        None => search::Pred::True,
    };
    let q = PeopleQuery {
        tenant: tenant.ord,
        kind: s.kind,
        text: s.text.clone(),
        filter,
        order: s.order.iter().map(|(a, d)| (a.attr, *d)).collect(),
        limit: if limited {
            Some(s.limit.unwrap_or(DEFAULT_LIMIT))
        } else {
            None
        },
        offset: s.offset.unwrap_or(0),
    };
    let columns = if !s.fields.is_empty() {
        s.fields.iter().map(|f| f.attr).collect()
    } else if s.kind == SearchKind::Find {
        FIND_COLUMNS.to_vec()
    } else {
        PEOPLE_COLUMNS.to_vec()
    };
    Ok((q, columns))
}

/// Types the values of `with …` / `set …` by their attributes.
fn values(set: &[Assignment]) -> Result<Vec<(Attr, Value)>> {
    set.iter()
        .map(|a| {
            Ok((
                a.attr.attr,
                typed(a.attr.attr, &a.value).map_err(|e| at(e, a.attr.span))?,
            ))
        })
        .collect()
}

/// One literal typed for `attr`.
pub fn typed(attr: Attr, lit: &Literal) -> Result<Value> {
    if !attr.settable() {
        return Err(Error::invalid(format!("`{attr}` is read-only")));
    }
    let wrong = |expected: &str| Error::invalid(format!("`{attr}` takes {expected}, not `{}`", lit.text()));
    Ok(match (attr.kind(), lit) {
        (_, Literal::Null) => Value::Null,
        (AttrKind::Bool, Literal::Bool(b)) => Value::Bool(*b),
        (AttrKind::Bool, Literal::Word(w) | Literal::Str(w)) => match w.to_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(wrong("true or false")),
        },
        (AttrKind::Bool, _) => return Err(wrong("true or false")),
        (AttrKind::UserType, l) => match UserType::parse(&l.text()) {
            Some(ut) => Value::str(ut.as_str()),
            None => return Err(wrong("Member or Guest")),
        },
        (_, Literal::Bool(_)) => return Err(wrong("text")),
        (_, l) => Value::Str(l.text()),
    })
}

fn write(w: &mut WriteTables<'_>, who: &Principal, stmt: &Statement) -> Result<Output> {
    match stmt {
        Statement::CreateTenant { handle, name, domains } => {
            let tenant = tenants::create_tenant(w, who, &handle.text, name.as_deref(), domains)
                .map_err(|e| at(e, handle.span))?;
            message(format!(
                "created tenant {} ({}, {})",
                tenant.handle,
                tenant.display_name,
                tenant.domains.join(", ")
            ))
        }
        Statement::CreateUser { upn, tenant, set } => {
            let tenant = tenant_of(w, who, tenant, "create users")?;
            let user = users::create(w, who, &tenant, &NewUser::new(upn.clone(), values(set)?))?;
            message(format!(
                "created user {} in tenant {}",
                user.user_principal_name, tenant.handle
            ))
        }
        Statement::UpdateUser { upn, tenant, set } => {
            let tenant = tenant_of(w, who, tenant, "change users")?;
            let user = users::update(w, who, &tenant, upn, &values(set)?)?;
            message(format!(
                "updated user {} in tenant {}",
                user.user_principal_name, tenant.handle
            ))
        }
        Statement::UpdateUsers { tenant, filter, set } => {
            let tenant = tenant_of(w, who, tenant, "change users")?;
            let pred = compile_opt(w, &tenant, filter)?;
            let n = users::update_many(w, who, &tenant, pred, &values(set)?)?;
            message(format!("updated {n} {} in tenant {}", plural(n, "user"), tenant.handle))
        }
        Statement::DeleteUser { upn, tenant } => {
            let tenant = tenant_of(w, who, tenant, "delete users")?;
            users::delete(w, who, &tenant, upn)?;
            message(format!(
                "deleted user {upn} in tenant {} (restorable with `restore user`)",
                tenant.handle
            ))
        }
        Statement::RestoreUser { upn, tenant } => {
            let tenant = tenant_of(w, who, tenant, "restore users")?;
            users::restore(w, who, &tenant, upn)?;
            message(format!("restored user {upn} in tenant {}", tenant.handle))
        }
        Statement::PurgeUser { upn, tenant } => {
            let tenant = tenant_of(w, who, tenant, "purge users")?;
            users::purge(w, who, &tenant, upn)?;
            message(format!("purged user {upn} from tenant {}", tenant.handle))
        }
        Statement::CreateGroup {
            name,
            tenant,
            description,
        } => {
            let tenant = tenant_of(w, who, tenant, "create groups")?;
            groups::create(w, who, &tenant, &name.text, description.as_deref()).map_err(|e| at(e, name.span))?;
            message(format!("created group {} in tenant {}", name.text, tenant.handle))
        }
        Statement::AddMember { upn, group, tenant } | Statement::RemoveMember { upn, group, tenant } => {
            let add = matches!(stmt, Statement::AddMember { .. });
            let tenant = tenant_of(w, who, tenant, "change group members")?;
            let changed =
                groups::change_member(w, who, &tenant, &group.text, upn, add).map_err(|e| at(e, group.span))?;
            message(match (add, changed) {
                (true, true) => format!("added {upn} to group {}", group.text),
                (true, false) => format!("{upn} already is a member of group {}", group.text),
                (false, true) => format!("removed {upn} from group {}", group.text),
                (false, false) => format!("{upn} is not a member of group {}", group.text),
            })
        }
        Statement::AddMembers { tenant, filter, group } | Statement::RemoveMembers { tenant, filter, group } => {
            let add = matches!(stmt, Statement::AddMembers { .. });
            let tenant = tenant_of(w, who, tenant, "change group members")?;
            let pred = compile_opt(w, &tenant, filter)?;
            let n = groups::change_members(w, who, &tenant, &group.text, pred, add).map_err(|e| at(e, group.span))?;
            let verb = if add { "added" } else { "removed" };
            let dir = if add { "to" } else { "from" };
            message(format!("{verb} {n} {} {dir} group {}", plural(n, "user"), group.text))
        }
        Statement::Import { tenant, path, format } => {
            let tenant = tenant_of(w, who, tenant, "import users")?;
            super::bulk::import(w, who, &tenant, path, format.as_deref())
        }
        Statement::Generate { tenant, count, seed } => {
            let tenant = tenant_of(w, who, tenant, "generate users")?;
            super::bulk::generate(w, who, &tenant, *count, *seed)
        }
        Statement::Demo => demo(w, who),
        _ => Err(Error::invalid("this statement does not change the directory")),
    }
}

fn compile_opt<S: Open>(t: &Tables<S>, tenant: &Tenant, f: &Option<super::ast::Filter>) -> Result<search::Pred> {
    match f {
        Some(f) => filter::compile(t, tenant.ord, f),
        None => Ok(search::Pred::True),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

/// Loads the seeds' sample organization into an empty file.
fn demo(w: &mut WriteTables<'_>, who: &Principal) -> Result<Output> {
    who.check_operator("load the demo")?;
    if let Some(first) = w.tenants()?.first() {
        return Err(Error::invalid(format!(
            "`demo` loads into an empty database, and this one already has tenant {} (open a new file: `mtodir demo.redb`)",
            first.handle
        )));
    }
    let script = crate::demo::SCRIPT;
    for located in super::parser::parse(script)? {
        write(w, who, &located.stmt).map_err(|e| e.locate(script))?;
    }
    message(
        "loaded the sample organization: tenants A (Contoso), B (Fabrikam) and C (Tailspin) with Annie, Bob, Barbara, Charlie and colleagues.\ntry: search people in tenant B where userType = Member;",
    )
}

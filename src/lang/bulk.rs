//! Bulk creation: `import users` and `generate users`, in the statement's one transaction,
//! with a progress bar on stderr when it is a terminal.

use super::ast::Statement;
use crate::directory::{Principal, users};
use crate::error::{Error, Result};
use crate::generate::{GenParams, users as generated};
use crate::interchange::{self, Format};
use crate::model::{Attr, NewUser, Tenant, Value};
use crate::output::Output;
use crate::store::WriteTables;
use crate::store::{Table, keys};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;

/// True when `text` holds an `import users` or `generate users` statement (after which the
/// command line compacts the file, and the REPL suggests `.compact`).
pub fn loads_users(text: &str) -> bool {
    super::parser::parse(text)
        .map(|statements| {
            statements
                .iter()
                .any(|l| matches!(l.stmt, Statement::Import { .. } | Statement::Generate { .. }))
        })
        .unwrap_or(false)
}

/// Work below this many users gets no progress bar.
const PROGRESS_FROM: u64 = 5_000;

fn progress_bar(total: u64, what: &str) -> Option<ProgressBar> {
    if total < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_owned());
    Some(bar)
}

fn tick(bar: &Option<ProgressBar>) -> impl FnMut(u64) + '_ {
    move |n| {
        if let Some(b) = bar {
            if n % 1024 == 0 {
                b.set_position(n);
            }
        }
    }
}

/// `import users into tenant T from "path"`: every row or none.
pub fn import(
    w: &mut WriteTables<'_>,
    who: &Principal,
    tenant: &Tenant,
    path: &str,
    format: Option<&str>,
) -> Result<Output> {
    who.check_tenant(tenant, "import users")?;
    let file = Path::new(path);
    let format = Format::resolve(file, format)?;
    let rows = interchange::read_users(file, format)?;
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    let bar = progress_bar(rows.len() as u64, "importing");
    let made = users::create_many(
        w,
        who,
        tenant,
        rows.into_iter().map(|r| (r.user, r.soft_deleted)),
        tick(&bar),
    )
    .map_err(|(i, e)| Error::Import {
        path: file.to_owned(),
        line: usize::try_from(i).ok().and_then(|i| lines.get(i).copied()).unwrap_or(0),
        message: e.to_string(),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Output::Message(format!(
        "imported {made} users into tenant {} from {path}",
        tenant.handle
    )))
}

/// The folded UPNs a tenant already holds.
fn taken_upns(w: &WriteTables<'_>, tenant: &Tenant) -> Result<HashSet<String>> {
    let prefix = keys::tenant(tenant.ord);
    let mut taken = HashSet::new();
    for entry in w.prefixed(Table::Upns, &prefix)? {
        let (key, _) = entry?;
        taken.insert(String::from_utf8_lossy(&key.value()[prefix.len()..]).into_owned());
    }
    Ok(taken)
}

/// Gives a generated user whose UPN the tenant already holds a free one, `local-g1@domain`,
/// `local-g2@domain`, … (the generator never writes `-g<digits>` itself, so a renamed UPN
/// cannot collide with a later generated one); `mail` follows when it was the UPN.
fn make_unique(taken: &mut HashSet<String>, mut user: NewUser) -> NewUser {
    if taken.insert(crate::fold::fold(&user.upn)) {
        return user;
    }
    let (local, domain) = match user.upn.rsplit_once('@') {
        Some((l, d)) => (l.to_owned(), d.to_owned()),
        None => (user.upn.clone(), String::new()),
    };
    let mut n = 1u64;
    let upn = loop {
        let candidate = format!("{local}-g{n}@{domain}");
        if taken.insert(crate::fold::fold(&candidate)) {
            break candidate;
        }
        n += 1;
    };
    for (attr, value) in &mut user.values {
        if *attr == Attr::Mail && value.as_str() == Some(user.upn.as_str()) {
            *value = Value::str(&upn);
        }
    }
    user.upn = upn;
    user
}

/// `generate users into tenant T count N seed S`: a deterministic realistic directory. Into
/// a tenant that already has users, generated UPNs that are taken get a `-g<n>` suffix.
pub fn generate(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, count: u64, seed: u64) -> Result<Output> {
    who.check_tenant(tenant, "generate users")?;
    let params = GenParams::new(count, seed, tenant.default_domain().to_owned());
    let bar = progress_bar(count, "generating");
    let mut taken = taken_upns(w, tenant)?;
    let users = generated(&params).map(move |g| (make_unique(&mut taken, g.user), g.soft_deleted));
    let made = users::create_many(w, who, tenant, users, tick(&bar))
        .map_err(|(i, e)| Error::invalid(format!("generated user {} was refused: {e}", i + 1)))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Output::Message(format!(
        "generated {made} users into tenant {} (seed {seed})",
        tenant.handle
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_upns_get_a_suffix_and_mail_follows() {
        let mut taken: HashSet<String> = ["mei.chen@a.example".to_owned(), "mei.chen-g1@a.example".to_owned()].into();
        let user = NewUser::new(
            "Mei.Chen@a.example",
            vec![(Attr::Mail, Value::str("Mei.Chen@a.example"))],
        );
        let renamed = make_unique(&mut taken, user);
        assert_eq!(renamed.upn, "mei.chen-g2@a.example".replace("mei.chen", "Mei.Chen"));
        assert_eq!(renamed.values[0].1, Value::str(&renamed.upn));
        let fresh = make_unique(&mut taken, NewUser::new("ann.lee@a.example", vec![]));
        assert_eq!(fresh.upn, "ann.lee@a.example");
    }
}

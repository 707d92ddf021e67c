//! Bulk creation: `import users` and `generate users`, in the statement's one transaction,
//! with a progress bar on stderr when it is a terminal.

use crate::directory::{Principal, users};
use crate::error::{Error, Result};
use crate::generate::{GenParams, users as generated};
use crate::interchange::{self, Format};
use crate::model::Tenant;
use crate::output::Output;
use crate::store::WriteTables;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

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

/// `generate users into tenant T count N seed S`: a deterministic realistic directory.
pub fn generate(w: &mut WriteTables<'_>, who: &Principal, tenant: &Tenant, count: u64, seed: u64) -> Result<Output> {
    who.check_tenant(tenant, "generate users")?;
    let params = GenParams::new(count, seed, tenant.default_domain().to_owned());
    let bar = progress_bar(count, "generating");
    let made = users::create_many(
        w,
        who,
        tenant,
        generated(&params).map(|g| (g.user, g.soft_deleted)),
        tick(&bar),
    )
    .map_err(|(i, e)| Error::invalid(format!("generated user {} was refused: {e}", i + 1)))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Output::Message(format!(
        "generated {made} users into tenant {} (seed {seed})",
        tenant.handle
    )))
}

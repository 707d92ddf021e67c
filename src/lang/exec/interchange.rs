//! `import users`, `export users`, `generate users`.

use super::{at_tenant, handle, message};
use crate::directory::Batch;
use crate::error::Result;
use crate::lang::ast::InterchangeStmt;
use crate::output::Output;
use crate::session::Session;
use std::path::Path;

pub(super) fn run(session: &mut Session<'_>, stmt: &InterchangeStmt) -> Result<Output> {
    match stmt {
        InterchangeStmt::Import { tenant, path, format } => {
            let h = handle(session, tenant)?;
            let report = session
                .import_users(&h, Path::new(path), format.as_deref(), Batch::Atomic)
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!("imported {} users into tenant {h} from {path}", report.done))
        }
        InterchangeStmt::Export { tenant, path, format } => {
            let h = handle(session, tenant)?;
            let n = session
                .export_users(&h, Path::new(path), format.as_deref())
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!("exported {n} users of tenant {h} to {path}"))
        }
        InterchangeStmt::Generate { tenant, count, seed } => {
            let h = handle(session, tenant)?;
            let made = session
                .generate_users(&h, *count, *seed)
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!("generated {made} users into tenant {h} (seed {seed})"))
        }
    }
}

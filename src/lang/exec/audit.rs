//! `show changes`: the audit trail.

use super::{at_tenant, handle};
use crate::api::ChangeQuery;
use crate::error::Result;
use crate::lang::ast::AuditStmt;
use crate::limits::MAX_ROWS;
use crate::model::{Value, ids::format_millis};
use crate::output::{Output, Rows};
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &AuditStmt) -> Result<Output> {
    match stmt {
        AuditStmt::ShowChanges {
            tenant,
            user,
            filter,
            after,
            limit,
        } => {
            let h = handle(session, tenant)?;
            // No more than MAX_ROWS changes in one answer (the parser refuses a larger
            // `limit`); without a limit, one more is read to tell whether more follow.
            let q = ChangeQuery {
                user: user.clone(),
                filter: filter.clone(),
                after: after.unwrap_or(0),
                limit: Some(limit.unwrap_or(MAX_ROWS + 1)),
            };
            let mut changes = session.changes(&h, &q).map_err(|e| at_tenant(e, tenant))?;
            let more = limit.is_none() && changes.len() as u64 > MAX_ROWS;
            changes.truncate(usize::try_from(MAX_ROWS).unwrap_or(usize::MAX));
            // One row per changed property (a change without properties, such as a delete,
            // is one row with the property columns empty): every value whole.
            let mut rows = Rows::new(
                ["seq", "at", "actor", "op", "subject", "name", "property", "old", "new"]
                    .map(String::from)
                    .to_vec(),
            );
            for c in changes {
                let head = [
                    Value::Int(i64::try_from(c.seq).unwrap_or(i64::MAX)),
                    Value::Str(format_millis(c.at)),
                    Value::Str(c.actor.to_string()),
                    Value::str(c.op.as_str()),
                    Value::str(c.subject.as_str()),
                    Value::Str(c.name),
                ];
                if c.properties.is_empty() {
                    rows.rows.push(
                        head.iter()
                            .cloned()
                            .chain([Value::Null, Value::Null, Value::Null])
                            .collect(),
                    );
                }
                for p in c.properties {
                    let cells = [Value::Str(p.property), p.old, p.new];
                    rows.rows.push(head.iter().cloned().chain(cells).collect());
                }
            }
            rows.more = more;
            Ok(Output::Rows(rows))
        }
    }
}

//! `create tenant`, `show tenants`, `show tenant`.

use super::{at_tenant, message};
use crate::api::TenantSummary;
use crate::error::{Error, Result};
use crate::lang::ast::TenantStmt;
use crate::model::{Value, ids::format_millis};
use crate::output::{Output, Rows};
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &TenantStmt) -> Result<Output> {
    match stmt {
        TenantStmt::CreateTenant { handle, name, domains } => {
            let tenant = session
                .create_tenant(&handle.text, name.as_deref(), domains)
                .map_err(|e| pointed(e, handle.span))?;
            message(format!(
                "created tenant {} ({}, {})",
                tenant.handle,
                tenant.display_name,
                tenant.domains.join(", ")
            ))
        }
        TenantStmt::ShowTenants => Ok(tenant_rows(&session.tenants()?)),
        TenantStmt::ShowTenant(name) => {
            let handle = Some(name.clone());
            let summary = session.tenant_summary(&name.text).map_err(|e| at_tenant(e, &handle))?;
            Ok(tenant_rows(&[summary]))
        }
    }
}

/// Points the rules of a new tenant's handle and domains at the handle.
fn pointed(e: Error, span: crate::model::Span) -> Error {
    match e.root() {
        Error::Denied { .. } => e,
        _ => e.at(span),
    }
}

fn tenant_rows(list: &[TenantSummary]) -> Output {
    let mut rows = Rows::new(
        ["handle", "id", "displayName", "domains", "users", "createdDateTime"]
            .map(String::from)
            .to_vec(),
    );
    for TenantSummary { tenant: x, users } in list {
        rows.rows.push(vec![
            Value::str(&x.handle),
            Value::Str(x.id.to_string()),
            Value::str(&x.display_name),
            Value::List(x.domains.iter().map(Value::str).collect()),
            Value::Int(i64::try_from(*users).unwrap_or(i64::MAX)),
            Value::Str(format_millis(x.created)),
        ]);
    }
    Output::Rows(rows)
}

//! Creating and reading tenants.

use super::Principal;
use crate::error::{Error, Result};
use crate::model::{Tenant, ids::now_millis};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// Creates a tenant. Only the operator may. Handles are unique (case-insensitive); so are
/// verified domains across tenants. With no domain, the tenant gets `<handle>.example`.
pub fn create_tenant(
    w: &mut WriteTables<'_>,
    who: &Principal,
    handle: &str,
    name: Option<&str>,
    domains: &[String],
) -> Result<Tenant> {
    who.check_operator("create tenants")?;
    if handle.is_empty() || !handle.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
        return Err(Error::invalid(format!(
            "a tenant handle is letters, digits, `_` and `-`, not `{handle}`"
        )));
    }
    if w.tenant_by_handle(handle)?.is_some() {
        return Err(Error::invalid(format!("tenant {handle} already exists")));
    }
    let mut domains: Vec<String> = domains.iter().map(|d| d.to_lowercase()).collect();
    if domains.is_empty() {
        domains.push(format!("{}.example", handle.to_lowercase()));
    }
    for d in &domains {
        if !d.contains('.') || d.starts_with('.') || d.ends_with('.') || d.contains('@') {
            return Err(Error::invalid(format!("`{d}` is not a domain name")));
        }
    }
    for other in w.tenants()? {
        if let Some(d) = domains.iter().find(|d| other.owns_domain(d)) {
            return Err(Error::invalid(format!(
                "domain {d} is already verified by tenant {}",
                other.handle
            )));
        }
    }
    let tenant = Tenant {
        ord: w.next_tenant()?,
        handle: handle.to_owned(),
        id: Uuid::new_v4(),
        display_name: name.unwrap_or(handle).to_owned(),
        domains,
        created: now_millis(),
    };
    w.put_tenant(&tenant, None)?;
    Ok(tenant)
}

/// The tenant with this handle, or an error that suggests the nearest handle.
pub fn resolve<S: Open>(tables: &Tables<S>, handle: &str) -> Result<Tenant> {
    if let Some(t) = tables.tenant_by_handle(handle)? {
        return Ok(t);
    }
    let handles: Vec<String> = tables.tenants()?.into_iter().map(|t| t.handle).collect();
    let hint = crate::suggest::hint(handle, handles.iter().map(String::as_str));
    Err(Error::invalid(format!("unknown tenant `{handle}`{hint}")))
}

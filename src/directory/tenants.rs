//! Creating and reading tenants.

use crate::error::{Error, Result};
use crate::model::{Tenant, ids::now_millis};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// Creates a tenant. Handles are unique (case-insensitive); so are verified domains across
/// tenants. With no domain, the tenant gets `<handle>.example`. Every rule is checked before
/// anything is written.
pub fn create_tenant(w: &mut WriteTables<'_>, handle: &str, name: Option<&str>, domains: &[String]) -> Result<Tenant> {
    if handle.is_empty() || !handle.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
        return Err(Error::BadHandle(handle.to_owned()));
    }
    if w.tenant_by_handle(handle)?.is_some() {
        return Err(Error::TenantExists(handle.to_owned()));
    }
    let mut domains: Vec<String> = domains.iter().map(|d| d.to_lowercase()).collect();
    if domains.is_empty() {
        domains.push(format!("{}.example", handle.to_lowercase()));
    }
    for d in &domains {
        if !d.contains('.') || d.starts_with('.') || d.ends_with('.') || d.contains('@') {
            return Err(Error::NotADomain(d.clone()));
        }
    }
    for other in w.tenants()? {
        if let Some(d) = domains.iter().find(|d| other.owns_domain(d)) {
            return Err(Error::DomainTaken {
                domain: d.clone(),
                tenant: other.handle,
            });
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

/// The tenant with this handle, or [`Error::UnknownTenant`] with the nearest handle.
pub fn resolve<S: Open>(tables: &Tables<S>, handle: &str) -> Result<Tenant> {
    tables.resolve_tenant(handle)
}

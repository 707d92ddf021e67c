//! Tenants: the administration and people-search boundary.

use super::ids::{Millis, TenantOrd};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A tenant (an instance of the directory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// Compact ordinal that prefixes the tenant's keys.
    pub ord: TenantOrd,
    /// The short name users type (`A`, `contoso`); unique, case-insensitive.
    pub handle: String,
    /// The tenant's GUID.
    pub id: Uuid,
    /// The organization's display name (`Contoso`).
    pub display_name: String,
    /// Verified domains; the first one is the default domain.
    pub domains: Vec<String>,
    /// When the tenant was created.
    pub created: Millis,
}

impl Tenant {
    /// The default domain (the first verified one).
    pub fn default_domain(&self) -> &str {
        self.domains.first().map(String::as_str).unwrap_or("")
    }

    /// True when `domain` is one of the tenant's verified domains (case-insensitive).
    pub fn owns_domain(&self, domain: &str) -> bool {
        self.domains.iter().any(|d| d.eq_ignore_ascii_case(domain))
    }
}

//! Who acts: the operator, or one tenant's administrator.

use crate::error::{Error, Result};
use crate::model::{Tenant, TenantOrd};
use std::fmt;

/// The acting principal of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// Administers the whole file: may do everything.
    Operator,
    /// Administers one tenant: may read and change only that tenant.
    TenantAdmin {
        /// The tenant.
        tenant: TenantOrd,
        /// Its handle, for messages.
        handle: String,
    },
}

impl Principal {
    /// The administrator of `tenant`.
    pub fn admin_of(tenant: &Tenant) -> Principal {
        Principal::TenantAdmin {
            tenant: tenant.ord,
            handle: tenant.handle.clone(),
        }
    }

    /// The tenant a tenant administrator acts for.
    pub fn tenant(&self) -> Option<TenantOrd> {
        match self {
            Principal::Operator => None,
            Principal::TenantAdmin { tenant, .. } => Some(*tenant),
        }
    }

    /// Refuses unless this principal may read and change `tenant`.
    pub fn check_tenant(&self, tenant: &Tenant, action: &str) -> Result<()> {
        match self {
            Principal::Operator => Ok(()),
            Principal::TenantAdmin { tenant: own, .. } if *own == tenant.ord => Ok(()),
            Principal::TenantAdmin { handle, .. } => Err(Error::Denied(format!(
                "the administrator of tenant {handle} cannot {action} in tenant {}",
                tenant.handle
            ))),
        }
    }

    /// Refuses unless this is the operator.
    pub fn check_operator(&self, action: &str) -> Result<()> {
        match self {
            Principal::Operator => Ok(()),
            Principal::TenantAdmin { handle, .. } => Err(Error::Denied(format!(
                "only the operator can {action} (you act as the administrator of tenant {handle}; `use operator` first)"
            ))),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::Operator => f.write_str("operator"),
            Principal::TenantAdmin { handle, .. } => write!(f, "administrator of tenant {handle}"),
        }
    }
}

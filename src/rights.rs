//! Who acts, and what they may do: the acting [`Principal`] and the typed [`Action`]s of the
//! API. Every operation of the typed API names its action and tenant and is authorized once,
//! through [`Principal::authorize`], before it reads or changes anything.

use crate::error::{Error, Result};
use crate::model::{Actor, Tenant, TenantOrd};
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

/// What an operation of the typed API does, for authorization and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create tenants (operator only).
    CreateTenants,
    /// Read a tenant's own record.
    ReadTenants,
    /// Read users (`show user`, the typed `user`).
    ReadUsers,
    /// Create users.
    CreateUsers,
    /// Change users' properties.
    ChangeUsers,
    /// Soft-delete users.
    DeleteUsers,
    /// Restore soft-deleted users.
    RestoreUsers,
    /// Purge soft-deleted users.
    PurgeUsers,
    /// Read groups and their members.
    ReadGroups,
    /// Create groups.
    CreateGroups,
    /// Add and remove group members.
    ChangeMembers,
    /// Search, count and explain.
    Search,
    /// Import users from a file.
    ImportUsers,
    /// Export users to a file.
    ExportUsers,
    /// Generate users.
    GenerateUsers,
    /// Load the sample organization (operator only).
    LoadDemo,
    /// Read a tenant's change feed (the audit trail).
    ReadChanges,
    /// Read the raw tables of every tenant (operator only): [`crate::Session::snapshot`].
    ReadAll,
    /// Read a tenant's cross-tenant access settings.
    ReadAccess,
    /// Change a tenant's cross-tenant access settings.
    ChangeAccess,
    /// Invite users into a tenant (B2B collaboration).
    InviteUsers,
    /// Act for a tenant in a multitenant organization (create, add, join, leave, …).
    ActInOrganization,
    /// Read the organization a tenant takes part in.
    ReadOrganization,
    /// Create, change and delete a tenant's outbound synchronization configurations.
    ManageSync,
    /// Run a tenant's synchronization configurations (cycles, provisioning on demand).
    RunSync,
    /// Read a tenant's synchronization configurations and their provisioning logs.
    ReadSync,
    /// Check the whole file and its indexes (operator only): [`crate::Session::check`].
    CheckFile,
    /// Act as another principal in a confined session ([`crate::Session::confine`]): a
    /// tenant's administrator may only name its own tenant.
    ActAs,
}

impl Action {
    /// True for the actions only the operator may take, whatever the tenant.
    pub fn operator_only(self) -> bool {
        match self {
            Action::CreateTenants | Action::LoadDemo | Action::ReadAll | Action::CheckFile => true,
            Action::ReadTenants
            | Action::ReadUsers
            | Action::CreateUsers
            | Action::ChangeUsers
            | Action::DeleteUsers
            | Action::RestoreUsers
            | Action::PurgeUsers
            | Action::ReadGroups
            | Action::CreateGroups
            | Action::ChangeMembers
            | Action::Search
            | Action::ImportUsers
            | Action::ExportUsers
            | Action::GenerateUsers
            | Action::ReadChanges
            | Action::ReadAccess
            | Action::ChangeAccess
            | Action::InviteUsers
            | Action::ActInOrganization
            | Action::ReadOrganization
            | Action::ManageSync
            | Action::RunSync
            | Action::ReadSync => false,
            Action::ActAs => false,
        }
    }

    /// The action in words, as messages say it ("change users").
    pub fn words(self) -> &'static str {
        match self {
            Action::CreateTenants => "create tenants",
            Action::ReadTenants => "read tenants",
            Action::ReadUsers => "read users",
            Action::CreateUsers => "create users",
            Action::ChangeUsers => "change users",
            Action::DeleteUsers => "delete users",
            Action::RestoreUsers => "restore users",
            Action::PurgeUsers => "purge users",
            Action::ReadGroups => "read groups",
            Action::CreateGroups => "create groups",
            Action::ChangeMembers => "change group members",
            Action::Search => "search",
            Action::ImportUsers => "import users",
            Action::ExportUsers => "export users",
            Action::GenerateUsers => "generate users",
            Action::LoadDemo => "load the demo",
            Action::ReadChanges => "read changes",
            Action::ReadAll => "read the whole file",
            Action::ReadAccess => "read access settings",
            Action::ChangeAccess => "change access settings",
            Action::InviteUsers => "invite users",
            Action::ActInOrganization => "take part in the organization",
            Action::ReadOrganization => "read the organization",
            Action::ManageSync => "manage synchronization",
            Action::RunSync => "run synchronization",
            Action::ReadSync => "read synchronization",
            Action::CheckFile => "check the file",
            Action::ActAs => "act as another administrator",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
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

    /// Who the change feed says made the changes of this principal.
    pub fn actor(&self) -> Actor {
        match self {
            Principal::Operator => Actor::Operator,
            Principal::TenantAdmin { handle, .. } => Actor::TenantAdmin(handle.clone()),
        }
    }

    /// Refuses with [`Error::Denied`] unless this principal may take `action` in `tenant`
    /// (`None` for actions that concern no one tenant). The one place rights are decided.
    pub fn authorize(&self, action: Action, tenant: Option<&Tenant>) -> Result<()> {
        let Principal::TenantAdmin { tenant: own, .. } = self else {
            return Ok(());
        };
        match tenant {
            _ if action.operator_only() => Err(self.denied(action, None)),
            Some(t) if t.ord == *own => Ok(()),
            Some(t) => Err(self.denied(action, Some(t.handle.clone()))),
            None => Err(self.denied(action, None)),
        }
    }

    fn denied(&self, action: Action, tenant: Option<String>) -> Error {
        Error::Denied {
            principal: self.clone(),
            action,
            tenant,
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

/// The words of a refusal, after "permission denied: ".
pub(crate) fn refusal(principal: &Principal, action: Action, tenant: &Option<String>) -> String {
    match (principal, tenant) {
        (Principal::Operator, _) => format!("the operator cannot {action}"),
        (Principal::TenantAdmin { handle, .. }, Some(t)) => {
            format!("the administrator of tenant {handle} cannot {action} in tenant {t}")
        }
        (Principal::TenantAdmin { handle, .. }, None) => format!(
            "only the operator can {action} (you act as the administrator of tenant {handle}; `use operator` first)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn tenant(ord: u32, handle: &str) -> Tenant {
        Tenant {
            ord: TenantOrd(ord),
            handle: handle.into(),
            id: Uuid::nil(),
            display_name: handle.into(),
            domains: vec![],
            created: 0,
        }
    }

    #[test]
    fn an_administrator_acts_in_its_own_tenant_only() {
        let (a, b) = (tenant(1, "A"), tenant(2, "B"));
        let admin = Principal::admin_of(&b);
        assert!(admin.authorize(Action::ChangeUsers, Some(&b)).is_ok());
        let e = admin.authorize(Action::ChangeUsers, Some(&a)).unwrap_err();
        assert!(matches!(
            &e,
            Error::Denied { action: Action::ChangeUsers, tenant: Some(t), .. } if t == "A"
        ));
        assert_eq!(
            e.to_string(),
            "permission denied: the administrator of tenant B cannot change users in tenant A"
        );
        assert!(matches!(
            admin.authorize(Action::CreateTenants, None),
            Err(Error::Denied { tenant: None, .. })
        ));
        assert!(Principal::Operator.authorize(Action::ReadAll, None).is_ok());
    }
}

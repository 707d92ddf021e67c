//! The abstract syntax of MTOQL: what the parser produces and the executor consumes.

pub use crate::directory::access::SettingInput;
pub use crate::model::sync::{LogField, Scope as SyncScope};
pub use crate::model::{AttrRef, ChangeField, CmpOp, Direction, FieldRef, Filter, Literal, MatchOp, SearchKind, Span};
pub use crate::model::{Role, Setting};
pub use crate::sync::config::Change as SyncChange;

/// A name with where it was written (tenants, groups), so that "unknown tenant" errors can
/// point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text as written (quotes removed).
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
}

/// A search, count or explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchStmt {
    /// The view.
    pub kind: SearchKind,
    /// `in tenant X`; `None` means the session's current tenant.
    pub tenant: Option<Name>,
    /// `for "text"` (typeahead).
    pub text: Option<String>,
    /// `where …`
    pub filter: Option<Filter>,
    /// `order by a [asc|desc], …`; empty means display-name order.
    pub order: Vec<(AttrRef, Direction)>,
    /// `limit n`; `limit all` is [`LIMIT_ALL`].
    pub limit: Option<u64>,
    /// `offset n`
    pub offset: Option<u64>,
    /// `fields a, b, …`; empty means the view's default columns.
    pub fields: Vec<AttrRef>,
}

/// One assignment in `with …` / `set …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The attribute.
    pub attr: AttrRef,
    /// The value.
    pub value: Literal,
}

/// A statement, by family. Each family is executed by its own module of the executor, with
/// an exhaustive match; adding a statement is adding a variant to a family (or a family).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// Tenants: create and show.
    Tenants(TenantStmt),
    /// Users: create, change, delete, restore, purge, show.
    Users(UserStmt),
    /// Groups and their members.
    Groups(GroupStmt),
    /// People search, listing, counting and explaining.
    Query(QueryStmt),
    /// Users in and out of files, and generated users.
    Interchange(InterchangeStmt),
    /// The session: who acts, and transactions.
    Session(SessionStmt),
    /// Help and the sample organization.
    Shell(ShellStmt),
    /// The audit trail.
    Audit(AuditStmt),
    /// Cross-tenant access settings and invitations.
    Access(AccessStmt),
    /// The multitenant organization.
    Organization(OrgStmt),
    /// Cross-tenant synchronization.
    Sync(SyncStmt),
    /// Looking after the file.
    Maintenance(MaintenanceStmt),
}

/// Looking after the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaintenanceStmt {
    /// `check`: redb's check of the pages, then every invariant mtodir keeps.
    Check,
}

/// A synchronization configuration by name, and its source tenant when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncName {
    /// The configuration's name.
    pub name: String,
    /// `in tenant A`.
    pub source: Option<Name>,
    /// Where the name stands.
    pub span: Span,
}

/// Cross-tenant synchronization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStmt {
    /// `create sync "N" from tenant A to tenant B [scope all users | scope assigned]`
    Create {
        name: String,
        source: Name,
        target: Name,
        scope: SyncScope,
    },
    /// `delete sync S`
    Delete(SyncName),
    /// `show syncs [in tenant A]`
    ShowAll(Option<Name>),
    /// `show sync S`
    Show(SyncName),
    /// `show provisioning logs [for sync S] [where f] [limit n]`
    ShowLogs {
        sync: Option<SyncName>,
        filter: Option<Filter<FieldRef<LogField>>>,
        limit: Option<u64>,
    },
    /// A change: assign, scope, filter, map, actions, threshold, start, pause, restart.
    Change(SyncName, SyncChange),
    /// `run sync S`
    Run(SyncName),
    /// `run syncs`
    RunAll,
    /// `provision user X with sync S`
    Provision { upn: String, sync: SyncName },
    /// `allow deletes for sync S` / `reject deletes for sync S`
    Release { sync: SyncName, allow: bool },
    /// `share users of tenant A group G with organization` / `unshare … from organization`
    Share { tenant: Name, group: Name, share: bool },
    /// `explain visibility of annie@a.example in tenant C`
    ExplainVisibility { upn: String, tenant: Name },
    /// `check organization [as tenant A]`
    CheckOrganization { actor: Option<Name> },
    /// `import sync S from "schema.json"`: a Graph synchronization schema replaces the
    /// configuration's filter, mappings and actions.
    Import { sync: SyncName, path: String },
    /// `export sync S to "schema.json"`
    Export { sync: SyncName, path: String },
}

/// Labels as `set labels = …` gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelsInput {
    /// `none`
    None,
    /// `organization name`
    OrganizationName,
    /// `custom (A = "US", …)`
    Custom(Vec<(Name, String)>),
}

/// The multitenant organization; `actor` is the tenant that acts (`as tenant A`), else the
/// session's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgStmt {
    /// `create organization "N" [description "…"] [as tenant A]`
    Create {
        name: String,
        description: Option<String>,
        actor: Option<Name>,
    },
    /// `add tenant B to organization [with role owner] [as tenant A]`
    Add {
        tenant: Name,
        role: Role,
        actor: Option<Name>,
    },
    /// `join organization "N" [as tenant B]`
    Join { name: String, actor: Option<Name> },
    /// `set role of tenant B to owner [as tenant A]`
    SetRole {
        tenant: Name,
        role: Role,
        actor: Option<Name>,
    },
    /// `remove tenant C from organization [as tenant A]`
    Remove { tenant: Name, actor: Option<Name> },
    /// `leave organization [as tenant C]`
    Leave { actor: Option<Name> },
    /// `set labels = … [as tenant A]`
    SetLabels { labels: LabelsInput, actor: Option<Name> },
    /// `set calendar sharing with tenant B = on [as tenant A]`
    SetCalendar { with: Name, on: bool, actor: Option<Name> },
    /// `set organization template … [for new and existing partners] [as tenant A]`
    SetTemplate {
        items: Vec<(Setting, SettingInput)>,
        new_partners: bool,
        existing_partners: bool,
        actor: Option<Name>,
    },
    /// `show organization [as tenant A]`
    Show { actor: Option<Name> },
    /// `show calendar sharing [for tenant A]`
    ShowCalendar { tenant: Option<Name> },
}

/// Cross-tenant access settings and invitations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessStmt {
    /// `show access for tenant B [partner A]`
    ShowAccess { tenant: Name, partner: Option<Name> },
    /// `set [default] access for tenant B [partner A] setting = value, …`
    SetAccess {
        tenant: Name,
        partner: Option<Name>,
        items: Vec<(Setting, SettingInput)>,
    },
    /// `reset [default] access for tenant B [partner A] [setting, …]` (none: every setting)
    ResetAccess {
        tenant: Name,
        partner: Option<Name>,
        settings: Vec<Setting>,
    },
    /// `delete access for tenant B partner A`
    DeleteAccess { tenant: Name, partner: Name },
    /// `explain access of annie@a.example from tenant A to tenant B`
    ExplainAccess { upn: String, home: Name, resource: Name },
    /// `invite user annie@a.example from tenant A to tenant B [as member]`
    Invite {
        upn: String,
        home: Name,
        resource: Name,
        member: bool,
    },
    /// `import access settings [of tenant A] from "policy.json"`
    Import { tenant: Option<Name>, path: String },
    /// `export access settings [of tenant A] to "policy.json"`
    Export { tenant: Option<Name>, path: String },
}

/// The audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditStmt {
    /// `show changes [in tenant A] [for user X] [where f] [after n] [limit n]`
    ShowChanges {
        tenant: Option<Name>,
        user: Option<String>,
        filter: Option<Filter<FieldRef<ChangeField>>>,
        after: Option<u64>,
        limit: Option<u64>,
    },
}

/// Tenants: create and show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantStmt {
    /// `create tenant A name "Contoso" domain a.example [, more.example];`
    CreateTenant {
        handle: Name,
        name: Option<String>,
        domains: Vec<String>,
    },
    /// `show tenants;`
    ShowTenants,
    /// `show tenant A;`
    ShowTenant(Name),
}

/// Users: create, change, delete, restore, purge, show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserStmt {
    /// `create user upn [in tenant A] [with a = v, …];`
    CreateUser {
        upn: String,
        tenant: Option<Name>,
        set: Vec<Assignment>,
    },
    /// `update user upn [in tenant A] set a = v, …;`
    UpdateUser {
        upn: String,
        tenant: Option<Name>,
        set: Vec<Assignment>,
    },
    /// `update users [in tenant A] [where f] set a = v, …;`
    UpdateUsers {
        tenant: Option<Name>,
        filter: Option<Filter>,
        set: Vec<Assignment>,
    },
    /// `delete user upn [in tenant A];` (soft delete)
    DeleteUser { upn: String, tenant: Option<Name> },
    /// `restore user upn [in tenant A];`
    RestoreUser { upn: String, tenant: Option<Name> },
    /// `purge user upn [in tenant A];` (hard delete)
    PurgeUser { upn: String, tenant: Option<Name> },
    /// `show user upn [in tenant A];`
    ShowUser { upn: String, tenant: Option<Name> },
}

/// Groups and their members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupStmt {
    /// `create group Name [in tenant A] [description "…"];`
    CreateGroup {
        name: Name,
        tenant: Option<Name>,
        description: Option<String>,
    },
    /// `show group Name [in tenant A];`
    ShowGroup { name: Name, tenant: Option<Name> },
    /// `show groups [in tenant A];`
    ShowGroups { tenant: Option<Name> },
    /// `add user upn to group G [in tenant A];`
    AddMember {
        upn: String,
        group: Name,
        tenant: Option<Name>,
    },
    /// `add users [in tenant A] where f to group G;`
    AddMembers {
        tenant: Option<Name>,
        filter: Option<Filter>,
        group: Name,
    },
    /// `remove user upn from group G [in tenant A];`
    RemoveMember {
        upn: String,
        group: Name,
        tenant: Option<Name>,
    },
    /// `remove users [in tenant A] where f from group G;`
    RemoveMembers {
        tenant: Option<Name>,
        filter: Option<Filter>,
        group: Name,
    },
}

/// People search, listing, counting and explaining.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryStmt {
    /// `search people …`, `search address list …`, `find users …`
    Search(SearchStmt),
    /// `count people …`, `count address list …`, `count users …`
    Count(SearchStmt),
    /// `explain search …` / `explain count …`
    Explain {
        /// The search or count explained.
        search: SearchStmt,
        /// True for `explain count …`.
        count: bool,
    },
}

/// Users in and out of files, and generated users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterchangeStmt {
    /// `import users into tenant A from "file" [format csv|jsonl|json];`
    Import {
        tenant: Option<Name>,
        path: String,
        format: Option<String>,
    },
    /// `export users of tenant A to "file" [format csv|jsonl|json];`
    Export {
        tenant: Option<Name>,
        path: String,
        format: Option<String>,
    },
    /// `generate users into tenant A count 1000 [seed 42];`
    Generate {
        tenant: Option<Name>,
        count: u64,
        seed: u64,
    },
}

/// The session: who acts, and transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStmt {
    /// `use tenant A;`
    UseTenant(Name),
    /// `use operator;`
    UseOperator,
    /// `whoami;`
    Whoami,
    /// `begin;`
    Begin,
    /// `commit;`
    Commit,
    /// `rollback;`
    Rollback,
}

/// Help and the sample organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellStmt {
    /// `help [topic];`
    Help(Option<String>),
    /// `demo;` loads the seeds' sample organization, its collaborators shared and
    /// synchronized; `demo without sync;` stops before anyone is shared.
    Demo {
        /// Whether the collaborators are shared with the organization and the syncs run.
        synced: bool,
    },
}

/// A statement and where it stands in the input.
/// The `limit` of a search that says `limit all`: no limit (a number is at most
/// [`crate::limits::MAX_ROWS`], so this one cannot be typed).
pub const LIMIT_ALL: u64 = u64::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The statement.
    pub stmt: Statement,
    /// Its text span.
    pub span: Span,
}

impl Statement {
    /// True when the statement may change the directory (it runs in a write transaction).
    /// Every family answers with an exhaustive match, so a new statement cannot be left out.
    pub fn writes(&self) -> bool {
        match self {
            Statement::Tenants(s) => match s {
                TenantStmt::CreateTenant { .. } => true,
                TenantStmt::ShowTenants | TenantStmt::ShowTenant(_) => false,
            },
            Statement::Users(s) => match s {
                UserStmt::CreateUser { .. }
                | UserStmt::UpdateUser { .. }
                | UserStmt::UpdateUsers { .. }
                | UserStmt::DeleteUser { .. }
                | UserStmt::RestoreUser { .. }
                | UserStmt::PurgeUser { .. } => true,
                UserStmt::ShowUser { .. } => false,
            },
            Statement::Groups(s) => match s {
                GroupStmt::CreateGroup { .. }
                | GroupStmt::AddMember { .. }
                | GroupStmt::AddMembers { .. }
                | GroupStmt::RemoveMember { .. }
                | GroupStmt::RemoveMembers { .. } => true,
                GroupStmt::ShowGroup { .. } | GroupStmt::ShowGroups { .. } => false,
            },
            Statement::Query(s) => match s {
                QueryStmt::Search(_) | QueryStmt::Count(_) | QueryStmt::Explain { .. } => false,
            },
            Statement::Interchange(s) => match s {
                InterchangeStmt::Import { .. } | InterchangeStmt::Generate { .. } => true,
                InterchangeStmt::Export { .. } => false,
            },
            Statement::Session(s) => match s {
                SessionStmt::UseTenant(_)
                | SessionStmt::UseOperator
                | SessionStmt::Whoami
                | SessionStmt::Begin
                | SessionStmt::Commit
                | SessionStmt::Rollback => false,
            },
            Statement::Shell(s) => match s {
                ShellStmt::Demo { .. } => true,
                ShellStmt::Help(_) => false,
            },
            Statement::Audit(s) => match s {
                AuditStmt::ShowChanges { .. } => false,
            },
            Statement::Access(s) => match s {
                AccessStmt::SetAccess { .. }
                | AccessStmt::ResetAccess { .. }
                | AccessStmt::DeleteAccess { .. }
                | AccessStmt::Invite { .. }
                | AccessStmt::Import { .. } => true,
                AccessStmt::ShowAccess { .. } | AccessStmt::ExplainAccess { .. } | AccessStmt::Export { .. } => false,
            },
            Statement::Organization(s) => match s {
                OrgStmt::Create { .. }
                | OrgStmt::Add { .. }
                | OrgStmt::Join { .. }
                | OrgStmt::SetRole { .. }
                | OrgStmt::Remove { .. }
                | OrgStmt::Leave { .. }
                | OrgStmt::SetLabels { .. }
                | OrgStmt::SetCalendar { .. }
                | OrgStmt::SetTemplate { .. } => true,
                OrgStmt::Show { .. } | OrgStmt::ShowCalendar { .. } => false,
            },
            Statement::Maintenance(s) => match s {
                MaintenanceStmt::Check => false,
            },
            Statement::Sync(s) => match s {
                SyncStmt::Create { .. }
                | SyncStmt::Delete(_)
                | SyncStmt::Change(..)
                | SyncStmt::Run(_)
                | SyncStmt::RunAll
                | SyncStmt::Provision { .. }
                | SyncStmt::Release { .. }
                | SyncStmt::Share { .. }
                | SyncStmt::Import { .. } => true,
                SyncStmt::ShowAll(_)
                | SyncStmt::Show(_)
                | SyncStmt::ShowLogs { .. }
                | SyncStmt::ExplainVisibility { .. }
                | SyncStmt::CheckOrganization { .. }
                | SyncStmt::Export { .. } => false,
            },
        }
    }

    /// True for `begin`, `commit` and `rollback`: a script that has them manages its own
    /// transactions.
    pub fn manages_transactions(&self) -> bool {
        matches!(
            self,
            Statement::Session(SessionStmt::Begin | SessionStmt::Commit | SessionStmt::Rollback)
        )
    }
}

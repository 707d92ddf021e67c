//! The abstract syntax of MTOQL: what the parser produces and the executor consumes.

pub use crate::model::{AttrRef, ChangeField, CmpOp, Direction, FieldRef, Filter, Literal, MatchOp, SearchKind, Span};

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
    /// `limit n`
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
    /// Looking after the file.
    Maintenance(MaintenanceStmt),
}

/// Looking after the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaintenanceStmt {
    /// `check`: redb's check of the pages, then every invariant mtodir keeps.
    Check,
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
    /// `demo;` loads the seeds' sample organization.
    Demo,
}

/// A statement and where it stands in the input.
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
                ShellStmt::Demo => true,
                ShellStmt::Help(_) => false,
            },
            Statement::Audit(s) => match s {
                AuditStmt::ShowChanges { .. } => false,
            },
            Statement::Maintenance(s) => match s {
                MaintenanceStmt::Check => false,
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

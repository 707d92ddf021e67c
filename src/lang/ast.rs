//! The abstract syntax of MTOQL: what the parser produces and the executor consumes.

use crate::model::Attr;

/// A byte range in the statement text, for error carets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A name with where it was written (tenants, groups), so that "unknown tenant" errors can
/// point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text as written (quotes removed).
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
}

/// A literal value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A quoted string, escapes resolved.
    Str(String),
    /// A bare word (`Member`, `annie@a.example`, `A`).
    Word(String),
    /// A whole number.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Literal {
    /// The literal as text (strings and words as written, numbers and booleans printed).
    pub fn text(&self) -> String {
        match self {
            Literal::Str(s) | Literal::Word(s) => s.clone(),
            Literal::Int(i) => i.to_string(),
            Literal::Bool(b) => b.to_string(),
            Literal::Null => "null".into(),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=` (also `<>`)
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A string-match operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// `starts with`
    StartsWith,
    /// `ends with`
    EndsWith,
    /// `contains`
    Contains,
}

/// An attribute reference with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrRef {
    /// The attribute.
    pub attr: Attr,
    /// Where it stands in the input.
    pub span: Span,
}

/// A filter (`where …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `attr op value`
    Cmp {
        attr: AttrRef,
        op: CmpOp,
        value: Literal,
        span: Span,
    },
    /// `attr in (v1, v2, …)`
    In {
        attr: AttrRef,
        values: Vec<Literal>,
        span: Span,
    },
    /// `attr is null` / `attr is not null`
    IsNull { attr: AttrRef, negated: bool },
    /// `attr starts with v` / `ends with` / `contains`
    Match {
        attr: AttrRef,
        op: MatchOp,
        value: Literal,
        span: Span,
    },
    /// `f and g and …`
    And(Vec<Filter>),
    /// `f or g or …`
    Or(Vec<Filter>),
    /// `not f`
    Not(Box<Filter>),
}

/// Which view a search takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    /// `search people`: Microsoft 365 people search (members shown in the address list).
    People,
    /// `search address list`: Outlook's address list (guests shown there too).
    AddressList,
    /// `find users`: the administrator's view, every object.
    Find,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `asc` (the default)
    Asc,
    /// `desc`
    Desc,
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

/// A statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
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

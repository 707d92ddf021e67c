//! The one error type of mtodir, and diagnostics that point into the statement text.

mod diagnostic;
mod methods;
mod storage;

pub use crate::model::Span;
use crate::model::{Attr, Setting, TypeError};
use crate::rights::{Action, Principal};
pub use diagnostic::Diagnostic;
use std::fmt;
use std::path::PathBuf;
pub(crate) use storage::shielded;
use storage::{damaged_arg, damaged_file};

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kind of a named object, in "not found" errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A user.
    User,
    /// A group.
    Group,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::User => "user",
            Kind::Group => "group",
        })
    }
}

/// A piece of an imported file that mtodir cannot run as the service would, with where it
/// stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// Its JSON path (`synchronizationRules[0].objectMappings[0].scope.groups[1].clauses[2].operatorName`).
    pub json_path: String,
    /// Why it cannot be imported.
    pub why: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.json_path, self.why)
    }
}

/// "in tenant B", or "in this tenant" when the tenant is the one being filtered.
fn place(tenant: &Option<String>) -> String {
    match tenant {
        Some(t) => format!("in tenant {t}"),
        None => "in this tenant".to_owned(),
    }
}

/// Everything that can go wrong. Every error leaves the database as it was.
///
/// Each broken rule is its own variant, so callers (and tests) match on what happened, not
/// on words; [`Error::root`] looks through the wrappers that add a position or say that a
/// transaction was rolled back.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not MTOQL.
    #[error("syntax error: {0}")]
    Syntax(Box<Diagnostic>),
    /// An error pointed at its place in the statement text.
    #[error("error: {diagnostic}")]
    Located {
        /// What went wrong.
        error: Box<Error>,
        /// Where, with the message.
        diagnostic: Box<Diagnostic>,
    },
    /// An error with the span of its cause, not yet located in a text: running a statement
    /// turns it into [`Error::Located`].
    #[error("{error}")]
    At {
        /// What went wrong.
        error: Box<Error>,
        /// Where, in the statement text.
        span: Span,
    },
    /// The acting principal may not do this.
    #[error("permission denied: {}", crate::rights::refusal(principal, *action, tenant))]
    Denied {
        /// Who tried.
        principal: Principal,
        /// What.
        action: Action,
        /// In which tenant (`None`: an action only the operator may take).
        tenant: Option<String>,
    },
    /// A value does not fit its attribute.
    #[error(transparent)]
    Type(#[from] TypeError),
    /// No tenant has this handle.
    #[error("unknown tenant `{name}`{hint}")]
    UnknownTenant {
        /// The handle given.
        name: String,
        /// ` (did you mean `B`?)`, or empty.
        hint: String,
    },
    /// No user or group has this name in the tenant.
    #[error("no {kind} `{name}` {}{hint}", place(tenant))]
    NotFound {
        /// User or group.
        kind: Kind,
        /// The name given.
        name: String,
        /// The tenant's handle (`None`: the tenant a filter is compiled for).
        tenant: Option<String>,
        /// A suggestion, or empty.
        hint: String,
    },
    /// `explain visibility` of a UPN that no tenant of the file holds.
    #[error("no tenant of this file holds a user `{0}`")]
    UserNowhere(String),
    /// `create tenant` with a handle that is taken.
    #[error("tenant {0} already exists")]
    TenantExists(String),
    /// A handle with other characters than letters, digits, `_` and `-`.
    #[error("a tenant handle is letters, digits, `_` and `-`, not `{0}`")]
    BadHandle(String),
    /// A domain that is not a domain name.
    #[error("`{0}` is not a domain name")]
    NotADomain(String),
    /// A domain another tenant has verified.
    #[error("domain {domain} is already verified by tenant {tenant}")]
    DomainTaken {
        /// The domain.
        domain: String,
        /// The tenant that has it.
        tenant: String,
    },
    /// A UPN that is not `name@domain`.
    #[error("`{0}` is not a user principal name (name@domain)")]
    NotAUpn(String),
    /// A UPN on a domain the tenant has not verified.
    #[error("`{domain}` is not a verified domain of tenant {tenant} (its domains: {domains})")]
    DomainNotVerified {
        /// The UPN's domain.
        domain: String,
        /// The tenant.
        tenant: String,
        /// The tenant's domains, comma-separated.
        domains: String,
    },
    /// A UPN another user of the tenant has (deleted users keep theirs).
    #[error("a user with UPN `{upn}` already exists in tenant {tenant}")]
    UpnTaken {
        /// The UPN.
        upn: String,
        /// The tenant.
        tenant: String,
    },
    /// A second B2B user for the same home user in one tenant.
    #[error("tenant {tenant} already holds a B2B user for that home user")]
    HomeTaken {
        /// The tenant.
        tenant: String,
    },
    /// `manager` names no user of the tenant.
    #[error("manager `{upn}` is not a user of tenant {tenant}")]
    ManagerNotFound {
        /// The manager's UPN as given.
        upn: String,
        /// The tenant.
        tenant: String,
    },
    /// A user as their own manager.
    #[error("`{0}` cannot be their own manager")]
    OwnManager(String),
    /// A change to a soft-deleted user.
    #[error("user `{upn}` is deleted; restore it before {doing}")]
    UserDeleted {
        /// The user.
        upn: String,
        /// What was tried ("changing it").
        doing: &'static str,
    },
    /// `delete user` on a deleted user.
    #[error("user `{0}` is already deleted")]
    AlreadyDeleted(String),
    /// `restore user` or `purge user` on a live user.
    #[error("user `{upn}` is not deleted{}", if *purging { ": `delete user` first, then `purge user`" } else { "" })]
    NotDeleted {
        /// The user.
        upn: String,
        /// True for `purge`.
        purging: bool,
    },
    /// `update users … set userPrincipalName = …`.
    #[error("`userPrincipalName` is unique: change it one user at a time")]
    UpnInBulk,
    /// A group without a name.
    #[error("a group needs a name")]
    GroupName,
    /// A group name the tenant has.
    #[error("group `{name}` already exists in tenant {tenant}")]
    GroupExists {
        /// The name.
        name: String,
        /// The tenant.
        tenant: String,
    },
    /// `<`, `>` on a boolean attribute.
    #[error("`{0}` cannot be compared with < or >")]
    NotOrdered(Attr),
    /// `starts with` and the like on an attribute that is not text.
    #[error("`{0}` is not text: use `=` or `in`")]
    NotText(Attr),
    /// `attr = null`.
    #[error("compare with null using `{0} is null`")]
    NullComparison(Attr),
    /// A statement with no tenant, in a session that acts for none.
    #[error("which tenant? add `in tenant X`, or `use tenant X` first")]
    NoTenant,
    /// `demo` on a file that has tenants.
    #[error(
        "`demo` loads into an empty database, and this one already has tenant {0} (open a new file: `mtodir demo.redb`)"
    )]
    NotEmpty(String),
    /// A setting that exists only on partner configurations, set on a default.
    #[error("`{0}` exists only on partner configurations: name the partner (`partner A`)")]
    PartnerOnly(String),
    /// A tenant as its own partner.
    #[error("tenant {0} cannot be its own partner")]
    OwnPartner(String),
    /// A partner configuration that does not exist.
    #[error("tenant {tenant} has no partner configuration for {partner}")]
    NoPartner {
        /// The tenant.
        tenant: String,
        /// The partner, by handle or id.
        partner: String,
    },
    /// Deleting a partner configuration that holds an identity synchronization policy.
    #[error(
        "tenant {tenant}'s partner configuration for {partner} holds an identity synchronization policy: reset `inbound sync` first"
    )]
    SyncPolicyExists {
        /// The tenant.
        tenant: String,
        /// The partner.
        partner: String,
    },
    /// Named users or groups on a default inbound setting, whose partner is unknown.
    #[error(
        "a default inbound setting can only allow or block everyone: name users and groups on a partner configuration"
    )]
    NamedInboundDefault,
    /// A user or group named as a target that its tenant does not hold.
    #[error("tenant {tenant} has no user or group `{name}`")]
    UnknownTarget {
        /// The name given.
        name: String,
        /// The tenant whose objects the setting names.
        tenant: String,
    },
    /// A cross-tenant action refused by an access setting.
    #[error("{refusal}")]
    AccessBlocked {
        /// The tenant whose setting refused (the home tenant's outbound setting, or the
        /// resource tenant's inbound one).
        tenant: String,
        /// The setting that refused.
        setting: Setting,
        /// What refused, in words: the tenant, the setting, its value, where it comes from.
        refusal: String,
    },
    /// An invitation of a user into its own tenant.
    #[error("{upn} is already a user of tenant {tenant}: invite users from other tenants")]
    InviteHome {
        /// The user.
        upn: String,
        /// Its tenant.
        tenant: String,
    },
    /// An invitation of a user who is not an internal user of the named home tenant.
    #[error("`{upn}` is not an internal user of tenant {tenant}: only a user's home tenant can be invited from")]
    NotInternal {
        /// The user.
        upn: String,
        /// The tenant named as home.
        tenant: String,
    },
    /// A tenant in one organization asked to create or join another.
    #[error(
        "tenant {tenant} is already in the multitenant organization \"{organization}\" (a tenant is in at most one)"
    )]
    InOrganization {
        /// The tenant.
        tenant: String,
        /// Its organization.
        organization: String,
    },
    /// A tenant that takes part in no organization.
    #[error("tenant {0} is not in a multitenant organization")]
    NotInOrganization(String),
    /// An organization name no tenant was added to.
    #[error("there is no multitenant organization \"{0}\"")]
    NoOrganization(String),
    /// A member tenant tried what only owners may do.
    #[error("only an active owner of \"{organization}\" can {action}, and tenant {tenant} is not one")]
    NotOwner {
        /// The tenant that tried.
        tenant: String,
        /// What it tried.
        action: &'static str,
        /// The organization.
        organization: String,
    },
    /// Joining an organization one was not added to.
    #[error("tenant {tenant} was not added to \"{organization}\": an owner must add it first")]
    NotAdded {
        /// The tenant.
        tenant: String,
        /// The organization.
        organization: String,
    },
    /// Joining an organization one is already active in.
    #[error("tenant {0} is already an active tenant of its organization")]
    AlreadyActive(String),
    /// The organization has its most active tenants.
    #[error("\"{organization}\" already has {limit} active tenants, the most an organization can have")]
    OrganizationFull {
        /// The organization.
        organization: String,
        /// The limit.
        limit: usize,
    },
    /// Demoting, removing or leaving as the last active owner while others remain.
    #[error("tenant {0} is the last active owner: make another tenant an owner first")]
    LastOwner(String),
    /// A custom label that is blank.
    #[error("the label of tenant {0} is blank: a custom label needs text")]
    BlankLabel(String),
    /// An organization action on a tenant that is not active in it.
    #[error("tenant {tenant} is not an active tenant of \"{organization}\"")]
    NotActive {
        /// The tenant.
        tenant: String,
        /// The organization.
        organization: String,
    },
    /// A second configuration with a name the source tenant uses.
    #[error("tenant {tenant} already has a synchronization configuration \"{name}\"")]
    SyncExists {
        /// The name.
        name: String,
        /// The source tenant.
        tenant: String,
    },
    /// No configuration has this name.
    #[error("no synchronization configuration \"{name}\"{hint}")]
    NoSync {
        /// The name given.
        name: String,
        /// A suggestion, or empty.
        hint: String,
    },
    /// A configuration name several source tenants use.
    #[error("several tenants have a synchronization configuration \"{name}\" ({tenants}): add `in tenant X`")]
    SyncAmbiguous {
        /// The name.
        name: String,
        /// The tenants that have it.
        tenants: String,
    },
    /// A configuration from a tenant to itself.
    #[error("a synchronization configuration pushes users to another tenant, not to {0} itself")]
    SyncToItself(String),
    /// `allow deletes` / `reject deletes` with none held.
    #[error("synchronization \"{0}\" holds no deletions")]
    NoStagedDeletes(String),
    /// One object of a batch failed; `index` is 0-based.
    #[error("user {index}: {error}")]
    Batch {
        /// Which object.
        index: u64,
        /// Why.
        error: Box<Error>,
    },
    /// An input or an answer larger than mtodir's bounds ([`crate::limits`]).
    #[error("{limit} {size}, at most {max}: {advice}", max = limit.max(), advice = limit.advice())]
    TooLarge {
        /// Which bound.
        limit: crate::limits::Limit,
        /// How large it was (at least; counting may stop past the bound).
        size: u64,
    },
    /// Bad input of no other kind (internal parser errors, exhausted counters).
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A statement that opens a file (`import`, `export`, `.read`, `-f`) on a directory
    /// opened with [`crate::FileAccess::None`].
    #[error("`{}`: this directory was opened without access to files (statements may not open any)", path.display())]
    FilesForbidden {
        /// The file the statement named.
        path: PathBuf,
    },
    /// A file outside the one folder a directory opened with [`crate::FileAccess::Within`]
    /// lets statements open (after `..` and symbolic links are resolved).
    #[error("`{}` is outside {}, the only folder statements may open files in", path.display(), root.display())]
    FileOutside {
        /// The file the statement named.
        path: PathBuf,
        /// The folder files must be in.
        root: PathBuf,
    },
    /// `export` onto the directory's own database file.
    #[error("`{}` is the database file itself: export to another file", path.display())]
    DatabaseFile {
        /// The file the statement named.
        path: PathBuf,
    },
    /// A line of an imported file is wrong; nothing was imported.
    #[error("{}, line {line}: {message} (nothing was imported)", path.display())]
    Import {
        /// The file.
        path: PathBuf,
        /// 1-based line (for CSV, the header is line 1).
        line: u64,
        /// What was wrong.
        message: String,
    },
    /// A JSON file holds a property of the wrong type or value (an access policy file); nothing
    /// was imported.
    #[error("{}: {json_path}: {message} (nothing was imported)", path.display())]
    ImportJson {
        /// The file.
        path: PathBuf,
        /// Where in the document, as a JSON path (`value[1].b2bCollaborationInbound.usersAndGroups.accessType`;
        /// `(the document)` for the whole of it).
        json_path: String,
        /// What was wrong.
        message: String,
    },
    /// An attribute-mapping expression of an imported synchronization schema does not parse;
    /// nothing was imported. The diagnostic's caret points inside the expression text.
    #[error("{}: {json_path}: {diagnostic}\n(nothing was imported)", path.display())]
    ImportExpression {
        /// The file.
        path: PathBuf,
        /// Where the expression stands (`synchronizationRules[0].objectMappings[0].attributeMappings[3].source.expression`).
        json_path: String,
        /// What is wrong, with a caret under it in the expression.
        diagnostic: Box<Diagnostic>,
    },
    /// An imported synchronization schema holds pieces mtodir cannot run as the service
    /// would (an operator, a flow type, a matching attribute, an attribute it does not have):
    /// each is named with its JSON path, and nothing was imported.
    #[error("{}: mtodir cannot run {} of this schema as the service would (nothing was imported):\n  {}",
        path.display(),
        if pieces.len() == 1 { "this piece" } else { "these pieces" },
        pieces.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
    ImportUnsupported {
        /// The file.
        path: PathBuf,
        /// What cannot be imported, in file order.
        pieces: Vec<Unsupported>,
    },
    /// A configuration that cannot be written in Graph's shape (a scoping filter with `not`,
    /// or too many clause groups); nothing was written.
    #[error("sync \"{name}\" cannot be exported as a Graph synchronization schema: {why}")]
    NotExportable {
        /// The configuration.
        name: String,
        /// What cannot be written, and why.
        why: String,
    },
    /// The file is not an mtodir database, or one of a format this version cannot read.
    #[error("{0}")]
    Format(String),
    /// A `begin`/`commit`/`rollback` out of place.
    #[error("{0}")]
    Transaction(String),
    /// A statement inside `begin` … `commit` failed, so the whole transaction was rolled back.
    #[error("{0}\nthe transaction was rolled back: nothing since `begin` was kept")]
    RolledBack(Box<Error>),
    /// A statement of an atomic script failed, so none of the script was kept.
    #[error("{0}\nthe script was rolled back: none of it was kept")]
    ScriptRolledBack(Box<Error>),
    /// A cycle of `run syncs` failed (an I/O error, a damaged page) after earlier cycles had
    /// written users. Outside `begin` … `commit` each cycle commits on its own, so those are
    /// kept; running `run syncs` again finishes the work.
    #[error(
        "{error}\nthe cycles before it that wrote users were kept (each commits on its own): {}",
        kept.iter().map(|(tenant, name)| format!("sync \"{name}\" of tenant {tenant}")).collect::<Vec<_>>().join(", ")
    )]
    CyclesKept {
        /// The configurations (source tenant, name) whose cycles wrote users before the
        /// failure, in the order they ran (one may appear once per round).
        kept: Vec<(String, String)>,
        /// Why the cycle that failed failed.
        error: Box<Error>,
    },
    /// The directory file could not be read or written (disk full, an I/O error): the
    /// statement was not saved, or was saved whole. The open directory takes no more writes
    /// ([`Error::Unusable`]); reopening the file shows which.
    #[error(
        "the directory file could not be written or read ({0}): the statement was not saved, or was saved whole; \
         close the file and open it again to see which"
    )]
    FileIo(std::io::Error),
    /// An earlier failure (an I/O error, a damaged page) left this open directory unable to
    /// work: it must be closed and opened again.
    #[error(
        "an earlier failure to write or read the directory file left it unusable here: close it and open it again \
         (opening repairs what a crash left; `mtodir FILE --check` says what is wrong)"
    )]
    Unusable,
    /// The file is damaged: redb found a page it cannot read, or a stored value does not
    /// decode, or redb gave up on it (its panic caught at the boundary).
    #[error(
        "{} is damaged: {detail}; try `mtodir {} --check`, then `--repair`",
        damaged_file(file),
        damaged_arg(file)
    )]
    Damaged {
        /// The file, when known where the damage was found.
        file: Option<PathBuf>,
        /// What redb or the decoder said.
        detail: String,
    },
    /// The storage engine failed in another way.
    #[error("storage error: {0}")]
    Storage(redb::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_points_at_the_second_line() {
        let src = "show tenants;\nsearch peple in tenant B";
        let d = Diagnostic::new("expected `people`", src, Span { start: 21, end: 26 });
        assert_eq!((d.line, d.column, d.width), (2, 8, 5));
        let text = d.to_string();
        assert!(text.contains("2 | search peple in tenant B"), "{text}");
        assert!(text.ends_with("|        ^^^^^"), "{text}");
    }
}

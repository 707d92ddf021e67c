//! Why a person is (not) findable in a tenant: the chain from the home tenant's user to the
//! target's people search, walked link by link, naming the first broken one and its fix —
//! and the same for the whole collaborating user set of an organization.

use super::cycle::precondition;
pub use super::logged::{LogReading, Logged};
use crate::error::Result;
use crate::model::ids::format_millis;
use crate::model::sync::{Action, JobState, Scope, Status, SyncConfig};
use crate::model::{Home, Source, Subject, Tenant, User, UserType};
use crate::store::{Open, Tables};

/// The links of the chain from a home user to another tenant's people search, in the order
/// [`visibility`] walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    /// The person is an enabled, live internal user of the home tenant.
    HomeUser,
    /// A synchronization configuration of the home tenant targets the tenant.
    Configuration,
    /// The person is assigned to it (directly or through a group), or it takes all users.
    Scope,
    /// The person passes its scoping filter.
    ScopingFilter,
    /// Both tenants' access settings let the home tenant synchronize in.
    AccessSettings,
    /// Its job is started, not in quarantine, and has run since the person's last change.
    Job,
    /// The tenant holds the person's B2B user: live, shown in the address list, a Member.
    TargetObject,
}

impl Link {
    /// In words, as `explain visibility` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Link::HomeUser => "home user",
            Link::Configuration => "configuration",
            Link::Scope => "scope",
            Link::ScopingFilter => "scoping filter",
            Link::AccessSettings => "access settings",
            Link::Job => "job",
            Link::TargetObject => "target object",
        }
    }
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a link was found to be: it holds, or the way it is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The link holds.
    Holds,
    /// The person is itself a B2B user, not a home user.
    NotAHomeUser,
    /// The home user is soft-deleted.
    HomeDeleted,
    /// The home user's account is disabled.
    HomeDisabled,
    /// No configuration of the home tenant targets the tenant.
    NoConfiguration,
    /// Neither assigned nor a member of an assigned group.
    NotAssigned,
    /// The scoping filter leaves the person out.
    FilteredOut,
    /// The access settings refuse the synchronization (the service's
    /// `AzureDirectoryB2BManagementPolicyCheckFailure`).
    AccessRefused,
    /// The job is paused (or was never started).
    Paused,
    /// The job is in quarantine.
    Quarantined,
    /// The job has not run since the person's last change (or at all).
    NotRunSinceChange,
    /// The tenant holds no B2B user for the person.
    NoTargetObject,
    /// The last cycle that examined the person did not make (or restore) its B2B user: the
    /// target refused a mapped value, or the Create action is off. Its log entry says why.
    NotProvisioned,
    /// The B2B user is soft-deleted.
    SoftDeleted,
    /// The B2B user is hidden from the address list.
    Hidden,
    /// The B2B user is a Guest: the address list shows it, people search does not.
    Guest,
}

/// One link of the chain, as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which link.
    pub link: Link,
    /// What it was found to be.
    pub verdict: Verdict,
    /// What was found, in words.
    pub found: String,
    /// What would mend it, when it does not hold.
    pub fix: Option<String>,
}

impl Finding {
    /// True when this link holds.
    pub fn holds(&self) -> bool {
        self.verdict == Verdict::Holds
    }
}

/// Where a person shows in a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Findable {
    /// People search (and the address list).
    PeopleSearch,
    /// The address list only (a guest shown there).
    AddressListOnly,
    /// Neither.
    Neither,
}

impl Findable {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            Findable::PeopleSearch => "findable in people search",
            Findable::AddressListOnly => "in the address list only, not in people search",
            Findable::Neither => "not findable",
        }
    }
}

/// The diagnosis of one person in one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    /// The person diagnosed: the home user's UPN (a B2B UPN asked about leads to its home).
    pub upn: String,
    /// The links, in order, up to the first broken one (and the target object's state).
    pub findings: Vec<Finding>,
    /// The outcome.
    pub findable: Findable,
}

impl Visibility {
    /// The first broken link.
    pub fn first_broken(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| !f.holds())
    }
}

/// How a fix names a configuration: `sync "N" in tenant A` (names repeat across tenants).
fn named(config: &SyncConfig, source: &Tenant) -> String {
    format!("sync \"{}\" in tenant {}", config.name, source.handle)
}

fn ok(link: Link, found: String) -> Finding {
    Finding {
        link,
        verdict: Verdict::Holds,
        found,
        fix: None,
    }
}

fn broken(link: Link, verdict: Verdict, found: String, fix: String) -> Finding {
    Finding {
        link,
        verdict,
        found,
        fix: Some(fix),
    }
}

/// Where `user` stands in people search and the address list of its own tenant.
fn shown(user: &User) -> (Findable, Option<Finding>) {
    if user.is_soft_deleted() {
        let f = broken(
            Link::TargetObject,
            Verdict::SoftDeleted,
            format!("{} is soft-deleted", user.user_principal_name),
            "restore it, or bring the user back into scope".into(),
        );
        return (Findable::Neither, Some(f));
    }
    if !user.show_in_address_list {
        let f = broken(
            Link::TargetObject,
            Verdict::Hidden,
            format!("{} is hidden from the address list", user.user_principal_name),
            format!("update user {} set showInAddressList = true", user.user_principal_name),
        );
        return (Findable::Neither, Some(f));
    }
    if user.user_type != UserType::Member {
        let f = broken(
            Link::TargetObject,
            Verdict::Guest,
            format!("{} is a Guest: people search shows members", user.user_principal_name),
            "map userType of the sync to \"Member\" always (a matched Guest stays Guest otherwise), or set userType = Member".into(),
        );
        return (Findable::AddressListOnly, Some(f));
    }
    (Findable::PeopleSearch, None)
}

/// True when `user` is in the scope of `config` (scope, assignment, filter), with why not.
fn scoped<S: Open>(t: &Tables<S>, source: &Tenant, config: &SyncConfig, user: &User) -> Result<Result<(), Finding>> {
    if config.scope == Scope::Assigned {
        let mut groups = Vec::new();
        for id in &config.groups {
            if let Some((tn, o)) = t.object_by_id(id)? {
                if tn == source.ord {
                    groups.push(o);
                }
            }
        }
        let direct = config.users.contains(&user.id);
        let via_group = user.member_of.iter().any(|g| groups.contains(g));
        if !direct && !via_group {
            return Ok(Err(broken(
                Link::Scope,
                Verdict::NotAssigned,
                format!(
                    "{} is neither assigned to \"{}\" nor a member of a group assigned to it",
                    user.user_principal_name, config.name
                ),
                format!("assign user {} to {}", user.user_principal_name, named(config, source)),
            )));
        }
    }
    if let Some(f) = &config.filter {
        // The scoping filter's rule, as cycles apply it: a clause on a null value is false.
        let pred = super::cycle::null_clauses_false(crate::search::filter::compile(t, source.ord, f)?);
        if !pred.eval(user) {
            return Ok(Err(broken(
                Link::ScopingFilter,
                Verdict::FilteredOut,
                format!(
                    "{} does not pass the scoping filter of \"{}\"",
                    user.user_principal_name, config.name
                ),
                format!("change the scoping filter of {}", named(config, source)),
            )));
        }
    }
    Ok(Ok(()))
}

/// The diagnosis of the user `upn` of `home` in `target`; `logs` says how the provisioning
/// log is read for why a cycle left the user without a copy.
pub fn visibility<S: Open>(
    t: &Tables<S>,
    home: &Tenant,
    user: &User,
    target: &Tenant,
    logs: &mut LogReading,
) -> Result<Visibility> {
    let mut findings = Vec::new();
    let done = |findings: Vec<Finding>, findable| {
        Ok(Visibility {
            upn: user.user_principal_name.clone(),
            findings,
            findable,
        })
    };
    // 1. The home user.
    if user.source != Source::Internal {
        findings.push(broken(
            Link::HomeUser,
            Verdict::NotAHomeUser,
            format!(
                "{} is a B2B user of {}, not a home user",
                user.user_principal_name, home.handle
            ),
            "ask about the user in its home tenant".into(),
        ));
        return done(findings, Findable::Neither);
    }
    if user.is_soft_deleted() || !user.account_enabled {
        let (state, verdict) = if user.is_soft_deleted() {
            ("deleted", Verdict::HomeDeleted)
        } else {
            ("disabled", Verdict::HomeDisabled)
        };
        findings.push(broken(
            Link::HomeUser,
            verdict,
            format!("{} is {state} in {}", user.user_principal_name, home.handle),
            format!(
                "restore or enable {} in tenant {}",
                user.user_principal_name, home.handle
            ),
        ));
        return done(findings, Findable::Neither);
    }
    findings.push(ok(
        Link::HomeUser,
        format!(
            "{} is an enabled internal user of {}",
            user.user_principal_name, home.handle
        ),
    ));
    if home.ord == target.ord {
        let (findable, problem) = shown(user);
        findings.extend(problem);
        return done(findings, findable);
    }
    // 2. A configuration from the home tenant to the target.
    let configs: Vec<SyncConfig> = t
        .syncs(home.ord)?
        .into_iter()
        .filter(|c| c.target == target.id)
        .collect();
    let Some(first) = configs.first() else {
        findings.push(broken(
            Link::Configuration,
            Verdict::NoConfiguration,
            format!("no synchronization configuration of {} targets {}", home.handle, target.handle),
            format!("share users of tenant {} group <group> with organization, or create sync \"{} to {}\" from tenant {} to tenant {}", home.handle, home.handle, target.handle, home.handle, target.handle),
        ));
        return after_break(t, home, user, target, findings);
    };
    // 3. Scope: the first configuration that has the user in scope, else the first one's reason.
    let mut config = first;
    let mut scope_problem = None;
    for c in &configs {
        match scoped(t, home, c, user)? {
            Ok(()) => {
                config = c;
                scope_problem = None;
                break;
            }
            Err(f) => {
                if scope_problem.is_none() {
                    scope_problem = Some(f);
                }
            }
        }
    }
    findings.push(ok(
        Link::Configuration,
        format!("\"{}\" synchronizes {} to {}", config.name, home.handle, target.handle),
    ));
    if let Some(f) = scope_problem {
        findings.push(f);
        return after_break(t, home, user, target, findings);
    }
    findings.push(ok(
        Link::Scope,
        format!("{} is in the scope of \"{}\"", user.user_principal_name, config.name),
    ));
    // 4. The access settings.
    if let Some(reason) = precondition(t, home, target)? {
        findings.push(broken(Link::AccessSettings, Verdict::AccessRefused, reason, format!("set access for tenant {} partner {} inbound sync = allow, inbound redemption = automatic; set access for tenant {} partner {} outbound redemption = automatic", target.handle, home.handle, home.handle, target.handle)));
        return after_break(t, home, user, target, findings);
    }
    findings.push(ok(
        Link::AccessSettings,
        format!(
            "{} lets {} synchronize in, with automatic redemption both ways",
            target.handle, home.handle
        ),
    ));
    // 5. The job.
    match &config.state {
        JobState::Paused => {
            findings.push(broken(
                Link::Job,
                Verdict::Paused,
                format!("\"{}\" is paused", config.name),
                format!("start {}", named(config, home)),
            ));
            return after_break(t, home, user, target, findings);
        }
        JobState::Quarantine(reason) => {
            findings.push(broken(
                Link::Job,
                Verdict::Quarantined,
                format!("\"{}\" is in quarantine: {reason}", config.name),
                format!(
                    "mend the reason, then run {} (held deletions: allow or reject deletes for {})",
                    named(config, home),
                    named(config, home)
                ),
            ));
            return after_break(t, home, user, target, findings);
        }
        JobState::Active => {}
    }
    let last_change = t
        .changes(home.ord, config.watermark)?
        .filter_map(|c| c.ok())
        .any(|c| c.subject == Subject::User && c.object == user.id);
    if config.never_run || config.initial_next || last_change {
        findings.push(broken(
            Link::Job,
            Verdict::NotRunSinceChange,
            format!(
                "\"{}\" has not run since {}'s last change",
                config.name, user.user_principal_name
            ),
            format!(
                "run {} (or provision user {} with {})",
                named(config, home),
                user.user_principal_name,
                named(config, home)
            ),
        ));
        return after_break(t, home, user, target, findings);
    }
    findings.push(ok(
        Link::Job,
        format!(
            "\"{}\" is active and has run since {}'s last change",
            config.name, user.user_principal_name
        ),
    ));
    // 6. The target object.
    let mut rest = Vec::new();
    let findable = target_state(t, home, user, target, &mut rest)?;
    let unmade = |f: &&mut Finding| matches!(f.verdict, Verdict::NoTargetObject | Verdict::SoftDeleted);
    if let Some(last) = rest.last_mut().filter(unmade) {
        if let Some(why) = not_provisioned(t, logs, home, config, user, target)? {
            *last = why;
        }
    }
    findings.extend(rest);
    done(findings, findable)
}

/// Why the configuration's last cycle that examined `user` left it without a live copy in
/// `target`, when its log entry says so (a failure, or a create skipped).
fn not_provisioned<S: Open>(
    t: &Tables<S>,
    logs: &mut LogReading,
    home: &Tenant,
    config: &SyncConfig,
    user: &User,
    target: &Tenant,
) -> Result<Option<Finding>> {
    // A copy soft-deleted after the last entry about the user (by hand, say) is not explained
    // by that entry: only what a cycle logged since the deletion tells why it stays deleted.
    let identity = Home {
        tenant: home.id,
        object: user.id,
    };
    let deleted = match t.user_ord_by_home(target.ord, &identity)? {
        Some(ord) => t.user(target.ord, ord)?.and_then(|copy| copy.deleted),
        None => None,
    };
    let Some(entry) = logs.last_about(t, &config.id, &user.id, deleted)? else {
        return Ok(None);
    };
    let fix = match (entry.action, entry.status) {
        (Action::Create, Status::Skipped) => format!(
            "set actions of {} create on, then restart {} (its next cycle is initial)",
            named(config, home),
            named(config, home)
        ),
        (Action::Create | Action::Update, Status::Failure) => format!(
            "mend what the reason names (a mapping of {}, or the user's value in {}), then run {}: \
             a changed mapping makes the next cycle initial, a changed user is examined again",
            named(config, home),
            home.handle,
            named(config, home)
        ),
        _ => return Ok(None),
    };
    let doing = if entry.action == Action::Create {
        "create"
    } else {
        "update"
    };
    let reason = entry.reason.as_deref().unwrap_or("no reason recorded");
    Ok(Some(broken(
        Link::TargetObject,
        Verdict::NotProvisioned,
        format!(
            "the last cycle of \"{}\" did not {doing} {}'s B2B user in {} ({}, {}): {reason}",
            config.name,
            user.user_principal_name,
            target.handle,
            entry.status.as_str(),
            format_millis(entry.at)
        ),
        fix,
    )))
}

/// After a broken link of the synchronization chain: the target object is still looked at,
/// since an invitation (or an earlier cycle) may have put the person there.
fn after_break<S: Open>(
    t: &Tables<S>,
    home: &Tenant,
    user: &User,
    target: &Tenant,
    mut findings: Vec<Finding>,
) -> Result<Visibility> {
    let findable = target_state(t, home, user, target, &mut findings)?;
    Ok(Visibility {
        upn: user.user_principal_name.clone(),
        findings,
        findable,
    })
}

/// The target's B2B object for the user, and where it shows; findings appended to `out`.
fn target_state<S: Open>(
    t: &Tables<S>,
    home: &Tenant,
    user: &User,
    target: &Tenant,
    out: &mut Vec<Finding>,
) -> Result<Findable> {
    let identity = Home {
        tenant: home.id,
        object: user.id,
    };
    let Some(ord) = t.user_ord_by_home(target.ord, &identity)? else {
        out.push(broken(
            Link::TargetObject,
            Verdict::NoTargetObject,
            format!("{} holds no B2B user for {}", target.handle, user.user_principal_name),
            "run the synchronization (or invite the user)".into(),
        ));
        return Ok(Findable::Neither);
    };
    let Some(b2b) = t.user(target.ord, ord)? else {
        return Ok(Findable::Neither);
    };
    let (findable, problem) = shown(&b2b);
    match problem {
        Some(p) => out.push(p),
        None => out.push(ok(
            Link::TargetObject,
            format!(
                "{} holds {}: a live Member shown in the address list",
                target.handle, b2b.user_principal_name
            ),
        )),
    }
    Ok(findable)
}

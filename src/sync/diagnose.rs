//! Why a person is (not) findable in a tenant: the chain from the home tenant's user to the
//! target's people search, walked link by link, naming the first broken one and its fix —
//! and the same for the whole collaborating user set of an organization.

use super::cycle::precondition;
use crate::error::Result;
use crate::model::sync::{JobState, Scope, SyncConfig};
use crate::model::{Home, Source, Subject, Tenant, User, UserType};
use crate::store::{Open, Tables};

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What is checked (`home user`, `configuration`, `scope`, …).
    pub check: &'static str,
    /// What was found.
    pub found: String,
    /// True when this link holds.
    pub ok: bool,
    /// What would mend it, when it does not hold.
    pub fix: Option<String>,
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
    /// The links, in order, up to the first broken one (and the target object's state).
    pub findings: Vec<Finding>,
    /// The outcome.
    pub findable: Findable,
}

impl Visibility {
    /// The first broken link.
    pub fn first_broken(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| !f.ok)
    }
}

/// How a fix names a configuration: `sync "N" in tenant A` (names repeat across tenants).
fn named(config: &SyncConfig, source: &Tenant) -> String {
    format!("sync \"{}\" in tenant {}", config.name, source.handle)
}

fn ok(check: &'static str, found: String) -> Finding {
    Finding {
        check,
        found,
        ok: true,
        fix: None,
    }
}

fn broken(check: &'static str, found: String, fix: String) -> Finding {
    Finding {
        check,
        found,
        ok: false,
        fix: Some(fix),
    }
}

/// Where `user` stands in people search and the address list of its own tenant.
fn shown(user: &User) -> (Findable, Option<Finding>) {
    if user.is_soft_deleted() {
        let f = broken(
            "target object",
            format!("{} is soft-deleted", user.user_principal_name),
            "restore it, or bring the user back into scope".into(),
        );
        return (Findable::Neither, Some(f));
    }
    if !user.show_in_address_list {
        let f = broken(
            "target object",
            format!("{} is hidden from the address list", user.user_principal_name),
            format!("update user {} set showInAddressList = true", user.user_principal_name),
        );
        return (Findable::Neither, Some(f));
    }
    if user.user_type != UserType::Member {
        let f = broken(
            "target object",
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
                "scope",
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
                "scoping filter",
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

/// The diagnosis of the user `upn` of `home` in `target`.
pub fn visibility<S: Open>(t: &Tables<S>, home: &Tenant, user: &User, target: &Tenant) -> Result<Visibility> {
    let mut findings = Vec::new();
    let done = |findings: Vec<Finding>, findable| Ok(Visibility { findings, findable });
    // 1. The home user.
    if user.source != Source::Internal {
        findings.push(broken(
            "home user",
            format!(
                "{} is a B2B user of {}, not a home user",
                user.user_principal_name, home.handle
            ),
            "ask about the user in its home tenant".into(),
        ));
        return done(findings, Findable::Neither);
    }
    if user.is_soft_deleted() || !user.account_enabled {
        let state = if user.is_soft_deleted() { "deleted" } else { "disabled" };
        findings.push(broken(
            "home user",
            format!("{} is {state} in {}", user.user_principal_name, home.handle),
            format!(
                "restore or enable {} in tenant {}",
                user.user_principal_name, home.handle
            ),
        ));
        return done(findings, Findable::Neither);
    }
    findings.push(ok(
        "home user",
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
            "configuration",
            format!("no synchronization configuration of {} targets {}", home.handle, target.handle),
            format!("share users of tenant {} group <group> with organization, or create sync \"{} to {}\" from tenant {} to tenant {}", home.handle, home.handle, target.handle, home.handle, target.handle),
        ));
        return done(findings, Findable::Neither);
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
        "configuration",
        format!("\"{}\" synchronizes {} to {}", config.name, home.handle, target.handle),
    ));
    if let Some(f) = scope_problem {
        findings.push(f);
        return done(findings, target_state(t, home, user, target, &mut Vec::new())?);
    }
    findings.push(ok(
        "scope",
        format!("{} is in the scope of \"{}\"", user.user_principal_name, config.name),
    ));
    // 4. The access settings.
    if let Some(reason) = precondition(t, home, target)? {
        findings.push(broken("access settings", reason, format!("set access for tenant {} partner {} inbound sync = allow, inbound redemption = automatic; set access for tenant {} partner {} outbound redemption = automatic", target.handle, home.handle, home.handle, target.handle)));
        return done(findings, target_state(t, home, user, target, &mut Vec::new())?);
    }
    findings.push(ok(
        "access settings",
        format!(
            "{} lets {} synchronize in, with automatic redemption both ways",
            target.handle, home.handle
        ),
    ));
    // 5. The job.
    match &config.state {
        JobState::Paused => {
            findings.push(broken(
                "job",
                format!("\"{}\" is paused", config.name),
                format!("start {}", named(config, home)),
            ));
            return done(findings, target_state(t, home, user, target, &mut Vec::new())?);
        }
        JobState::Quarantine(reason) => {
            findings.push(broken(
                "job",
                format!("\"{}\" is in quarantine: {reason}", config.name),
                format!(
                    "mend the reason, then run {} (held deletions: allow or reject deletes for {})",
                    named(config, home),
                    named(config, home)
                ),
            ));
            return done(findings, target_state(t, home, user, target, &mut Vec::new())?);
        }
        JobState::Active => {}
    }
    let last_change = t
        .changes(home.ord, config.watermark)?
        .filter_map(|c| c.ok())
        .any(|c| c.subject == Subject::User && c.object == user.id);
    if config.never_run || config.initial_next || last_change {
        findings.push(broken(
            "job",
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
        return done(findings, target_state(t, home, user, target, &mut Vec::new())?);
    }
    findings.push(ok(
        "job",
        format!(
            "\"{}\" is active and has run since {}'s last change",
            config.name, user.user_principal_name
        ),
    ));
    // 6. The target object.
    let mut rest = Vec::new();
    let findable = target_state(t, home, user, target, &mut rest)?;
    findings.extend(rest);
    done(findings, findable)
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
            "target object",
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
            "target object",
            format!(
                "{} holds {}: a live Member shown in the address list",
                target.handle, b2b.user_principal_name
            ),
        )),
    }
    Ok(findable)
}

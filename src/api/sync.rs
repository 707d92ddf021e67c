//! Cross-tenant synchronization through the typed API. A configuration belongs to its source
//! tenant: its administrator (or the operator) manages and runs it.

use crate::directory::tenants;
use crate::error::{Error, Result};
use crate::model::sync::{CycleSummary, JobState, LogEntry, Scope, SyncConfig};
use crate::model::{Tenant, User};
use crate::rights::{Action, Principal};
use crate::session::{Session, with_view};
use crate::store::{Open, Tables, WriteTables};
use crate::sync::config::{self, Change, Found};
use crate::sync::cycle::{self, Run};
use crate::sync::diagnose::LogReading;
use std::path::Path;

/// What `import sync` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncImport {
    /// True when the configuration changed (false: it already had this schema).
    pub changed: bool,
    /// The scoping filter's groups (0: no filter).
    pub groups: usize,
    /// The attribute mappings kept (the ones mtodir implies left out).
    pub mappings: usize,
    /// The target object actions.
    pub actions: crate::model::sync::Actions,
    /// What the file holds that has no effect here, with its JSON path.
    pub ignored: Vec<crate::interchange::Ignored>,
}

/// Which configuration: its name, and its source tenant when known (else every tenant is
/// searched for the name).
#[derive(Debug, Clone, Copy)]
pub struct SyncRef<'a> {
    /// The configuration's name.
    pub name: &'a str,
    /// Its source tenant's handle.
    pub source: Option<&'a str>,
}

/// A configuration with the handles of its source and target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncView {
    /// The source tenant.
    pub source: Tenant,
    /// The target tenant (`None` when this file no longer holds it).
    pub target: Option<Tenant>,
    /// The configuration.
    pub config: SyncConfig,
}

/// The configuration `r` names, once `action` is authorized in its source tenant when the
/// reference names one (so that a refusal tells nothing of another tenant's configurations).
fn locate<S: Open>(t: &Tables<S>, who: &Principal, action: Action, r: SyncRef<'_>) -> Result<Found> {
    let source = match (r.source, who) {
        (Some(h), _) => Some(crate::session::resolve_as(t, who, action, h)?),
        (None, Principal::TenantAdmin { handle, .. }) => Some(tenants::resolve(t, handle)?),
        (None, Principal::Operator) => None,
    };
    if let Some(source) = &source {
        who.authorize(action, Some(source))?;
    }
    config::find(t, source.as_ref(), r.name)
}

fn view<S: Open>(t: &Tables<S>, found: Found) -> Result<SyncView> {
    let target = t.tenants()?.into_iter().find(|x| x.id == found.config.target);
    Ok(SyncView {
        source: found.source,
        target,
        config: found.config,
    })
}

impl Session<'_> {
    /// Runs `f` on the configuration `r` names once `action` is authorized in its source.
    fn on_sync<R>(
        &mut self,
        r: SyncRef<'_>,
        action: Action,
        f: impl FnOnce(&mut WriteTables<'_>, &mut Found) -> Result<R>,
    ) -> Result<R> {
        let who = self.principal().clone();
        let source = {
            let found = with_view!(self, |t| locate(t, &who, action, r))?;
            found.source.handle
        };
        self.write_in(action, &source, |w, _, _| {
            let mut found = locate(w, &who, action, r)?;
            f(w, &mut found)
        })
    }

    /// Creates a paused configuration from tenant `source` to tenant `target`; returns it and
    /// a warning when the source already synchronizes to that target.
    pub fn create_sync(
        &mut self,
        source: &str,
        target: &str,
        name: &str,
        scope: Scope,
    ) -> Result<(SyncConfig, Option<String>)> {
        let who = self.principal().clone();
        self.write_in(Action::ManageSync, source, |w, s, _| {
            let target = crate::session::resolve_as(w, &who, Action::ManageSync, target)?;
            config::create(w, s, &target, name, scope)
        })
    }

    /// Changes a configuration; true when something changed.
    pub fn change_sync(&mut self, r: SyncRef<'_>, change: &Change) -> Result<bool> {
        self.on_sync(r, Action::ManageSync, |w, found| config::change(w, found, change))
    }

    /// `import sync "A to B" from "schema.json"`: replaces the schema of an existing
    /// configuration (its scoping filter, attribute mappings and target object actions) with
    /// the one of a Graph `synchronizationSchema` file (see
    /// [`crate::interchange::read_schema`]), as Graph's `PUT …/jobs/{id}/schema` does; its
    /// state, scope, assignments, links and watermark stay, and a changed filter or mapping
    /// makes the next cycle initial. Only the source tenant's administrator (or the
    /// operator) may ([`Action::ManageSync`]); the directory's [`crate::FileAccess`] decides
    /// whether the file may be opened. The whole file is checked before anything changes: a
    /// bad one changes nothing ([`Error::Import`], [`Error::ImportJson`],
    /// [`Error::ImportExpression`], [`Error::ImportUnsupported`]).
    pub fn import_sync(&mut self, r: SyncRef<'_>, path: &Path) -> Result<SyncImport> {
        let dir = self.dir;
        self.on_sync(r, Action::ManageSync, |w, found| {
            let real = dir.files.read(path)?;
            let file = crate::interchange::read_schema(&real, path)?;
            // Each clause checked on its own, so that a refusal names its place in the file.
            for clause in &file.clauses {
                crate::search::filter::compile(w, found.source.ord, &clause.filter).map_err(|e| Error::ImportJson {
                    path: path.to_owned(),
                    json_path: clause.at.clone(),
                    message: e.root().to_string(),
                })?;
            }
            let groups = match &file.filter {
                None => 0,
                Some(crate::model::Filter::Or(groups)) => groups.len(),
                Some(_) => 1,
            };
            let schema = config::Schema {
                filter: file.filter,
                mappings: file.mappings,
                actions: file.actions,
            };
            let changed = config::set_schema(w, found, &schema)?;
            Ok(SyncImport {
                changed,
                groups,
                mappings: schema.mappings.len(),
                actions: schema.actions,
                ignored: file.ignored,
            })
        })
    }

    /// `export sync "A to B" to "schema.json"`: the configuration's schema as Graph's
    /// `synchronizationSchema` (see [`crate::interchange::schema_document`]), which
    /// [`Session::import_sync`] reads back to the same filter, mappings and actions. Returns
    /// how many attribute mappings were written (the home identity's included). Reading the
    /// configuration is [`Action::ReadSync`] in its source tenant; the directory's
    /// [`crate::FileAccess`] decides whether the file may be written.
    pub fn export_sync(&self, r: SyncRef<'_>, path: &Path) -> Result<usize> {
        let view = self.sync(r)?;
        let real = self.dir.files.write(path)?;
        self.dir.not_the_database(path, &real)?;
        crate::interchange::write_schema(&real, path, &view.config)?;
        Ok(view.config.mappings.len() + 1)
    }

    /// Deletes a configuration (the users it created stay).
    pub fn delete_sync(&mut self, r: SyncRef<'_>) -> Result<SyncConfig> {
        self.on_sync(r, Action::ManageSync, |w, found| {
            config::delete(w, found)?;
            Ok(found.config.clone())
        })
    }

    /// A configuration.
    pub fn sync(&self, r: SyncRef<'_>) -> Result<SyncView> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let found = locate(t, &who, Action::ReadSync, r)?;
            who.authorize(Action::ReadSync, Some(&found.source))?;
            view(t, found)
        })
    }

    /// The configurations of a source tenant (`None`: every tenant the principal reads).
    pub fn syncs(&self, source: Option<&str>) -> Result<Vec<SyncView>> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let tenants = match source {
                Some(h) => vec![crate::session::resolve_as(t, &who, Action::ReadSync, h)?],
                None => t.tenants()?,
            };
            let mut out = Vec::new();
            for tenant in tenants {
                match who.authorize(Action::ReadSync, Some(&tenant)) {
                    Ok(()) => {}
                    Err(e) if source.is_some() => return Err(e),
                    Err(_) => continue,
                }
                for config in t.syncs(tenant.ord)? {
                    out.push(view(
                        t,
                        Found {
                            source: tenant.clone(),
                            config,
                        },
                    )?);
                }
            }
            Ok(out)
        })
    }

    /// Runs one cycle of a configuration now (initial or incremental as it needs). A paused
    /// job is refused; a quarantined one runs to see whether its reason is gone.
    pub fn run_sync(&mut self, r: SyncRef<'_>) -> Result<CycleSummary> {
        // A cycle with nothing to do is seen in a read: no write transaction, no commit.
        let who = self.principal().clone();
        let idle = with_view!(self, |t| {
            let found = locate(t, &who, Action::RunSync, r)?;
            cycle::idle(t, &found)
        })?;
        if let Some(summary) = idle {
            return Ok(summary);
        }
        self.on_sync(r, Action::RunSync, |w, found| {
            if found.config.state == JobState::Paused {
                return Err(Error::invalid(format!(
                    "synchronization \"{}\" is paused: `start sync \"{}\"` first",
                    found.config.name, found.config.name
                )));
            }
            cycle::run(w, found, Run::Cycle)
        })
    }

    /// Runs cycles of every started configuration the principal may run, until a round
    /// changes nothing (at most `rounds`); returns the rounds and what each configuration did.
    ///
    /// Outside `begin` … `commit` each cycle commits on its own: when one fails after
    /// earlier ones changed the directory, the error is [`Error::CyclesKept`], naming them.
    pub fn run_syncs(&mut self, rounds: u32) -> Result<(u32, Vec<(String, CycleSummary)>)> {
        let mut ran = Vec::new();
        let rounds = self.run_rounds(rounds, &mut ran).map_err(|error| {
            let kept: Vec<(String, String)> = ran
                .iter()
                .filter(|(.., summary)| summary.changed())
                .map(|(source, name, _)| (source.clone(), name.clone()))
                .collect();
            if kept.is_empty() || self.in_transaction() {
                error
            } else {
                Error::CyclesKept {
                    kept,
                    error: Box::new(error),
                }
            }
        })?;
        Ok((
            rounds,
            ran.into_iter().map(|(_, name, summary)| (name, summary)).collect(),
        ))
    }

    /// The rounds of [`Session::run_syncs`]: pushes each cycle (source tenant, configuration,
    /// what it did) onto `ran` once it has run, and returns how many rounds ran.
    fn run_rounds(&mut self, rounds: u32, ran: &mut Vec<(String, String, CycleSummary)>) -> Result<u32> {
        let mut round = 0;
        while round < rounds {
            round += 1;
            let started: Vec<(String, String)> = self
                .syncs(None)?
                .into_iter()
                .filter(|v| v.config.state == JobState::Active)
                .map(|v| (v.config.name, v.source.handle))
                .collect();
            let mut changed = false;
            for (name, source) in started {
                let summary = self.run_sync(SyncRef {
                    name: &name,
                    source: Some(&source),
                })?;
                changed |= summary.changed();
                ran.push((source, name, summary));
            }
            if !changed {
                break;
            }
        }
        Ok(round)
    }

    /// Provisions one source user now (on demand), whatever the job's state; returns the
    /// log entries it wrote.
    pub fn provision(&mut self, r: SyncRef<'_>, upn: &str) -> Result<Vec<LogEntry>> {
        self.on_sync(r, Action::RunSync, |w, found| {
            let user: User = crate::directory::users::find(w, &found.source, upn)?;
            let before = w.last_log_seq(&found.config.id)?;
            cycle::run(w, found, Run::OnDemand(user.id))?;
            w.provisioning_log(&found.config.id, before)?.collect()
        })
    }

    /// Applies (`allow`) or drops the deletions the accidental-deletion threshold held;
    /// returns how many were applied.
    pub fn release_deletes(&mut self, r: SyncRef<'_>, allow: bool) -> Result<u64> {
        self.on_sync(r, Action::RunSync, |w, found| cycle::release(w, found, allow))
    }

    /// Shares (`share`) or unshares a group of tenant `source` with every other active tenant
    /// of its organization (the admin center's flow); returns the configurations touched.
    pub fn share_users(&mut self, source: &str, group: &str, share: bool) -> Result<Vec<String>> {
        self.write_in(Action::ManageSync, source, |w, s, _| {
            crate::sync::share::share(w, s, group, share)
        })
    }
}

/// One collaborating user who is not findable in one tenant, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The tenant searched.
    pub tenant: Tenant,
    /// The user's home tenant.
    pub home: Tenant,
    /// The user.
    pub user: User,
    /// The diagnosis.
    pub visibility: crate::sync::diagnose::Visibility,
}

/// The organization's collaborating user set against every active tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationCheck {
    /// The active tenants, in the organization's order.
    pub tenants: Vec<Tenant>,
    /// For each (searched tenant, home tenant): the users shared from the home and how many
    /// of them people search finds there.
    pub matrix: Vec<(String, String, u64, u64)>,
    /// Every collaborating user not findable somewhere, with the first broken link.
    pub missing: Vec<Missing>,
}

impl Session<'_> {
    /// Why `upn` is (or is not) findable in tenant `target`: its home tenant is the one whose
    /// internal user it is.
    pub fn explain_visibility(&self, upn: &str, target: &str) -> Result<(Tenant, crate::sync::diagnose::Visibility)> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let target = crate::session::resolve_as(t, &who, Action::ReadSync, target)?;
            // An administrator who may not read the target looks for the user at home only, so
            // that no answer tells whether another tenant has such a user. The internal user
            // of that UPN; else, for a B2B user's UPN, its home user (or, when that is not in
            // this file, the B2B user itself, which the diagnosis names).
            let may_read_target = who.authorize(Action::ReadSync, Some(&target)).is_ok();
            let mut home = None;
            let mut b2b = None;
            for tenant in t.tenants()? {
                if !may_read_target && who.authorize(Action::ReadSync, Some(&tenant)).is_err() {
                    continue;
                }
                if let Some(user) = t.user_by_upn(tenant.ord, upn)? {
                    if user.source == crate::model::Source::Internal {
                        home = Some((tenant, user));
                        break;
                    }
                    b2b.get_or_insert((tenant, user));
                }
            }
            if home.is_none() {
                if let Some((_, copy)) = &b2b {
                    home = home_of(t, copy)?;
                }
            }
            let Some((home, user)) = home.or(b2b) else {
                if !may_read_target {
                    who.authorize(Action::ReadSync, Some(&target))?;
                }
                return Err(Error::UserNowhere(upn.to_owned()));
            };
            who.authorize(Action::ReadSync, Some(&target))
                .or_else(|_| who.authorize(Action::ReadSync, Some(&home)))?;
            let visibility = crate::sync::diagnose::visibility(t, &home, &user, &target, &mut LogReading::Newest)?;
            Ok((home, visibility))
        })
    }

    /// Who of the collaborating user set (every user some active tenant's configurations have
    /// in scope towards the organization) people search does not find in which active tenant,
    /// and why.
    pub fn check_organization(&self, viewer: &str) -> Result<OrganizationCheck> {
        let who = self.principal().clone();
        with_view!(self, |t| {
            let viewer = crate::session::resolve_as(t, &who, Action::ReadOrganization, viewer)?;
            who.authorize(Action::ReadOrganization, Some(&viewer))?;
            let org = t
                .organization_of(&viewer.id)?
                .ok_or_else(|| Error::NotInOrganization(viewer.handle.clone()))?;
            let all = t.tenants()?;
            let active: Vec<Tenant> = org
                .active()
                .filter_map(|m| all.iter().find(|x| x.id == m.tenant_id).cloned())
                .collect();
            let mut matrix = Vec::new();
            let mut missing = Vec::new();
            // Many people: each configuration's log is read once, if at all.
            let mut logs = LogReading::indexed();
            for home in &active {
                let shared = collaborating(t, home, &active)?;
                for target in active.iter().filter(|x| x.ord != home.ord) {
                    let mut found = 0;
                    for user in &shared {
                        let visibility = crate::sync::diagnose::visibility(t, home, user, target, &mut logs)?;
                        if visibility.findable == crate::sync::diagnose::Findable::PeopleSearch {
                            found += 1;
                        } else {
                            missing.push(Missing {
                                tenant: target.clone(),
                                home: home.clone(),
                                user: user.clone(),
                                visibility,
                            });
                        }
                    }
                    matrix.push((target.handle.clone(), home.handle.clone(), shared.len() as u64, found));
                }
            }
            Ok(OrganizationCheck {
                tenants: active,
                matrix,
                missing,
            })
        })
    }
}

/// The users of `home` that its configurations towards the organization's tenants have in
/// scope (assigned, in an assigned group, or every user), in display order.
fn collaborating<S: Open>(t: &Tables<S>, home: &Tenant, active: &[Tenant]) -> Result<Vec<User>> {
    let configs: Vec<SyncConfig> = t
        .syncs(home.ord)?
        .into_iter()
        .filter(|c| active.iter().any(|a| a.id == c.target))
        .collect();
    let mut group_ords = Vec::new();
    for c in &configs {
        for id in &c.groups {
            if let Some((tn, o)) = t.object_by_id(id)? {
                if tn == home.ord {
                    group_ords.push(o);
                }
            }
        }
    }
    let mut users = Vec::new();
    t.scan_users(home.ord, |u| {
        let shared = configs
            .iter()
            .any(|c| c.scope == Scope::AllUsers || c.users.contains(&u.id))
            || u.member_of.iter().any(|g| group_ords.contains(g));
        if shared && u.source == crate::model::Source::Internal && !u.is_soft_deleted() {
            users.push(u);
        }
        Ok(())
    })?;
    users.sort_by(|a, b| a.sort_name().cmp(b.sort_name()));
    Ok(users)
}

/// The home tenant and home user of a B2B user, when both are in this file.
fn home_of<S: crate::store::Open>(
    t: &crate::store::Tables<S>,
    copy: &crate::model::User,
) -> Result<Option<(Tenant, crate::model::User)>> {
    let crate::model::Source::B2b { home_object, .. } = copy.source else {
        return Ok(None);
    };
    let Some((ord, object)) = t.object_by_id(&home_object)? else {
        return Ok(None);
    };
    let (Some(tenant), Some(user)) = (t.tenant(ord)?, t.user(ord, object)?) else {
        return Ok(None);
    };
    Ok((user.source == crate::model::Source::Internal).then_some((tenant, user)))
}

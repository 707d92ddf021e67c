//! Synchronization cycles: scope, match, create, update, deprovision, log. The first cycle
//! (and the first after a change of scope, filter or mappings, or a restart) is initial: it
//! looks at every internal user of the source and every linked user; later ones are
//! incremental: they read the source's change feed after the job's watermark, so their cost
//! follows the changes. A cycle with no source change writes nothing, its log included.

use super::config::Found;
use super::log::LogWriter;
use crate::directory::access::effective_one;
use crate::error::{Error, Result};
use crate::model::log_words;
use crate::model::sync::{Action, CycleSummary, JobState, LogEntry, Scope, Status, Step, StepKind, SyncConfig};
use crate::model::{
    Actor, ChangeOp, ObjOrd, PropertyChange, Setting, SettingValue, Source, Subject, Tenant, User, ids::now_millis,
};
use crate::search::{Pred, filter};
use crate::store::{Open, Tables, WriteTables};
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// The reason the service gives when the access settings do not let a cycle write.
pub const POLICY_FAILURE: &str = "AzureDirectoryB2BManagementPolicyCheckFailure";
/// The quarantine reason of the accidental-deletion threshold.
pub const TOO_MANY_DELETES: &str = "TooManyDeletes";

/// Which users a cycle looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// A scheduled cycle: initial or incremental, as the job needs.
    Cycle,
    /// Provision on demand: this one source user, now.
    OnDemand(Uuid),
}

/// What the access settings say against synchronizing `source` into `target`, if anything.
pub fn precondition<S: Open>(t: &Tables<S>, source: &Tenant, target: &Tenant) -> Result<Option<String>> {
    let flag = |v: SettingValue| v.flag();
    let checks = [
        (target, source, Setting::SyncInbound),
        (source, target, Setting::RedemptionOutbound),
        (target, source, Setting::RedemptionInbound),
    ];
    for (tenant, partner, setting) in checks {
        let (value, _) = effective_one(t, tenant, &partner.id, setting)?;
        if !flag(value) {
            return Ok(Some(format!(
                "{POLICY_FAILURE}: tenant {}'s {setting} is not on for tenant {}",
                tenant.handle, partner.handle
            )));
        }
    }
    Ok(None)
}

/// The summary of a cycle that would find nothing to do, read without a write transaction:
/// the job is active (not paused, not in quarantine), not due for an initial cycle, the
/// source's feed has nothing after its watermark, and the access settings still allow it.
/// `None` when a cycle must run. Such a cycle writes nothing, so skipping its transaction
/// (and the commit's syncs) changes nothing but the time `run syncs` takes to see that a
/// mesh has converged.
pub fn idle<S: Open>(t: &Tables<S>, found: &Found) -> Result<Option<CycleSummary>> {
    let config = &found.config;
    if config.state != JobState::Active || config.initial_next || config.never_run {
        return Ok(None);
    }
    if t.last_change(found.source.ord)? != config.watermark {
        return Ok(None);
    }
    let Some(target) = t.tenants()?.into_iter().find(|x| x.id == config.target) else {
        return Ok(None);
    };
    if precondition(t, &found.source, &target)?.is_some() {
        return Ok(None);
    }
    Ok(Some(CycleSummary {
        id: Uuid::now_v7(),
        at: now_millis(),
        ..CycleSummary::default()
    }))
}

/// The state one cycle carries.
pub(super) struct Cycle<'a> {
    pub(super) source: &'a Tenant,
    pub(super) target: Tenant,
    pub(super) config: &'a SyncConfig,
    pub(super) id: Uuid,
    /// The compiled scoping filter.
    pub(super) filter: Option<Pred>,
    /// The attribute mappings, each expression parsed once for the whole cycle.
    pub(super) mappings: super::map::Prepared<'a>,
    /// The source ordinals of the assigned groups.
    pub(super) groups: Vec<ObjOrd>,
    /// The assigned users as a set, when the cycle looks at enough users to want one.
    pub(super) assigned: Option<HashSet<Uuid>>,
    /// The provisioning log, written as entries are made.
    pub(super) log: LogWriter,
    /// The reason of a failed precondition (the access settings refused the cycle).
    pub(super) refused: Option<String>,
    pub(super) summary: CycleSummary,
    /// Deletions and disables this cycle would make (target user ids), for the threshold.
    pub(super) removals: Vec<(User, Action, LogEntry)>,
    /// Target users whose manager waits for the end of the cycle: (target user, source user).
    pub(super) managers: Vec<(Uuid, Uuid)>,
    /// Source users this cycle created a copy of: their reports' copies may now point at it.
    pub(super) created: Vec<ObjOrd>,
    /// The target user (id, UPN) the object being processed was just linked to by home.
    pub(super) linked: Option<(Uuid, String)>,
    /// True when the configuration had no link as the cycle began: a source object's link is
    /// made only while that object is processed, and each is processed once, so no lookup
    /// can find one.
    pub(super) no_links: bool,
    /// True when the target held no B2B user of the source's home as the cycle began: likewise
    /// a home-identity lookup cannot find one.
    pub(super) no_homes: bool,
}

/// A source object a cycle looks at: its id, and its ordinal when a scan of the source
/// tenant found it there (otherwise it is looked up by id).
pub(super) type Candidate = (Uuid, Option<ObjOrd>);

/// Runs one cycle of `found`'s configuration (or provisions one user on demand) in the open
/// write transaction, writing into the target as the configuration. Returns what it did.
pub fn run(w: &mut WriteTables<'_>, found: &mut Found, run: Run) -> Result<CycleSummary> {
    let source = found.source.clone();
    let target = w
        .tenants()?
        .into_iter()
        .find(|t| t.id == found.config.target)
        .ok_or_else(|| Error::invalid(format!("the target tenant {} is not in this file", found.config.target)))?;
    let mut cycle = Cycle::new(w, &source, target, &found.config)?;
    let initial = found.config.initial_next || found.config.never_run;
    cycle.summary.initial = initial && run == Run::Cycle;
    let previous = w.set_actor(Actor::Sync(found.config.name.clone()));
    let outcome = cycle.go(w, run, initial);
    w.set_actor(previous);
    outcome?;
    let Cycle {
        mut summary,
        mut log,
        refused,
        removals,
        ..
    } = cycle;
    let config = &mut found.config;
    let watermark = w.last_change(source.ord)?;
    let quiet =
        log.written() == 0 && removals.is_empty() && !initial && run == Run::Cycle && watermark == config.watermark;
    let failed = refused.map(|r| r.split(':').next().unwrap_or(POLICY_FAILURE).to_owned());
    match &failed {
        Some(reason) => config.state = JobState::Quarantine(reason.clone()),
        None if config.state == JobState::Quarantine(POLICY_FAILURE.to_owned()) => config.state = JobState::Active,
        None => {}
    }
    let held = held(config, &removals);
    // Deletions and disables are the configuration's writes too (the change feed says so).
    let previous = w.set_actor(Actor::Sync(config.name.clone()));
    let removed = apply_removals(w, config, removals, held, &mut summary, &mut log);
    w.set_actor(previous);
    removed?;
    if held {
        config.state = JobState::Quarantine(TOO_MANY_DELETES.to_owned());
    }

    // A cycle the access settings refused read nothing: the next one starts where it would have.
    if run == Run::Cycle && failed.is_none() {
        config.watermark = watermark;
        config.initial_next = false;
        config.never_run = false;
    }
    if quiet {
        return Ok(summary);
    }
    if run == Run::Cycle {
        config.last_cycle = Some(summary.clone());
    }
    w.put_sync(source.ord, config)?;
    Ok(summary)
}

/// Applies a cycle's deletions and disables, or stages them when the threshold holds them.
fn apply_removals(
    w: &mut WriteTables<'_>,
    config: &mut SyncConfig,
    removals: Vec<(User, Action, LogEntry)>,
    held: bool,
    summary: &mut CycleSummary,
    log: &mut LogWriter,
) -> Result<()> {
    for (user, action, mut entry) in removals {
        if held {
            entry.action = Action::StagedDelete;
            entry.status = Status::Skipped;
            entry.reason = Some(format!(
                "held: more than {} deletions in one cycle",
                config.delete_threshold.unwrap_or(0)
            ));
            config.staged.push(user.id);
        } else {
            apply_removal(w, &user, action, config)?;
            match action {
                Action::Disable => summary.disabled += 1,
                _ => summary.deleted += 1,
            }
        }
        log.put(w, entry)?;
    }
    Ok(())
}

/// True when the cycle's deletions pass the accidental-deletion threshold.
fn held(config: &SyncConfig, removals: &[(User, Action, LogEntry)]) -> bool {
    config.delete_threshold.is_some_and(|n| removals.len() as u64 > n)
}

/// Soft-deletes or disables a target user.
fn apply_removal(w: &mut WriteTables<'_>, user: &User, action: Action, _config: &SyncConfig) -> Result<()> {
    let mut changed = user.clone();
    let op = match action {
        Action::Disable => {
            changed.account_enabled = false;
            ChangeOp::Update
        }
        _ => {
            changed.deleted = Some(now_millis());
            ChangeOp::Delete
        }
    };
    w.write_user(Some(user), Some(&changed), op)
}

/// Applies (or rejects) the deletions a threshold held.
pub fn release(w: &mut WriteTables<'_>, found: &mut Found, allow: bool) -> Result<u64> {
    let config = &mut found.config;
    if config.staged.is_empty() {
        return Err(Error::NoStagedDeletes(config.name.clone()));
    }
    let mut done = 0;
    if allow {
        let previous = w.set_actor(Actor::Sync(config.name.clone()));
        for id in std::mem::take(&mut config.staged) {
            if let Some((t, o)) = w.object_by_id(&id)? {
                if let Some(user) = w.user(t, o)? {
                    let action = if user.account_enabled {
                        Action::Delete
                    } else {
                        Action::Disable
                    };
                    if !user.is_soft_deleted() {
                        apply_removal(w, &user, action, config)?;
                        done += 1;
                    }
                }
            }
        }
        w.set_actor(previous);
    } else {
        config.staged.clear();
    }
    config.state = JobState::Active;
    w.put_sync(found.source.ord, config)?;
    Ok(done)
}

impl<'a> Cycle<'a> {
    fn new(w: &WriteTables<'_>, source: &'a Tenant, target: Tenant, config: &'a SyncConfig) -> Result<Cycle<'a>> {
        let filter = match &config.filter {
            Some(f) => Some(null_clauses_false(filter::compile(w, source.ord, f)?)),
            None => None,
        };
        let mut groups = Vec::new();
        for id in &config.groups {
            if let Some((t, o)) = w.object_by_id(id)? {
                if t == source.ord {
                    groups.push(o);
                }
            }
        }
        let no_links = !w.has_sync_links(&config.id)?;
        let no_homes = !w.has_homes_from(target.ord, &source.id)?;
        Ok(Cycle {
            source,
            target,
            config,
            id: Uuid::now_v7(),
            filter,
            mappings: super::map::Prepared::new(&config.mappings),
            groups,
            assigned: None,
            log: LogWriter::new(w, &config.id)?,
            refused: None,
            summary: CycleSummary {
                id: Uuid::nil(),
                at: now_millis(),
                ..CycleSummary::default()
            },
            removals: Vec::new(),
            managers: Vec::new(),
            created: Vec::new(),
            linked: None,
            no_links,
            no_homes,
        })
    }

    fn go(&mut self, w: &mut WriteTables<'_>, run: Run, initial: bool) -> Result<()> {
        self.summary.id = self.id;
        if let Some(reason) = precondition(w, self.source, &self.target)? {
            let mut entry = self.entry(Action::Other, Status::Failure);
            entry.reason = Some(reason.clone());
            entry
                .steps
                .push(step(StepKind::Processing, Status::Failure, reason.as_str()));
            self.log.put(w, entry)?;
            self.refused = Some(reason);
            self.summary.failed += 1;
            return Ok(());
        }
        let candidates = match run {
            Run::OnDemand(id) => vec![(id, None)],
            Run::Cycle if initial => self.everyone(w)?,
            Run::Cycle => self.changed(w)?.into_iter().map(|id| (id, None)).collect(),
        };
        // A cycle that looks at many users finds the assigned ones in a set, not in the list.
        if self.config.scope == Scope::Assigned && candidates.len() > 16 && self.config.users.len() > 16 {
            self.assigned = Some(self.config.users.iter().copied().collect());
        }
        // Creates buffer their index entries and insert them in key order at the end (the
        // import's bulk path); an update or removal flushes what is buffered first.
        w.set_bulk(true)?;
        for candidate in candidates {
            self.summary.examined += 1;
            self.object(w, candidate)?;
        }
        w.set_bulk(false)?;
        // An initial cycle looks at every report; other runs look for the reports of the
        // users they created, whose copies existed before their manager's.
        if !(run == Run::Cycle && initial) {
            self.reports_of_created(w)?;
        }
        self.resolve_managers(w)
    }

    /// Queues the linked reports of the users this run created for manager resolution.
    fn reports_of_created(&mut self, w: &WriteTables<'_>) -> Result<()> {
        if self.created.is_empty() {
            return Ok(());
        }
        // The reports of each created user, by the manager's equality posting: the cost
        // follows the reports, not the size of the source.
        let mut reports = Vec::new();
        for manager in &self.created {
            reports.extend(
                crate::directory::users::reports(w, self.source, *manager)?
                    .into_iter()
                    .map(|u| u.id),
            );
        }
        // Each pair once (a set beside the queue: a run that created many users does not
        // search the whole queue for each of their reports).
        let mut queued: HashSet<(Uuid, Uuid)> = self.managers.iter().copied().collect();
        for report in reports {
            if let Some(target) = w.sync_link(&self.config.id, &report)? {
                if queued.insert((target, report)) {
                    self.managers.push((target, report));
                }
            }
        }
        Ok(())
    }

    /// Every internal user of the source (with its ordinal: one scan of views, no user
    /// decoded) and every linked source user, once each, in id order.
    fn everyone(&self, w: &WriteTables<'_>) -> Result<Vec<Candidate>> {
        let mut ids = Vec::new();
        w.scan_user_views(self.source.ord, |u| {
            if u.source == Source::Internal {
                ids.push((u.id, Some(u.ord)));
            }
            Ok(())
        })?;
        if !self.no_links {
            for (source, _) in w.sync_links(&self.config.id)? {
                ids.push((source, None));
            }
        }
        ids.sort_unstable();
        // A linked internal user is there twice: keep one, with its ordinal.
        ids.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.or(later.1);
            }
            same
        });
        Ok(ids)
    }

    /// The source users changed after the watermark. Changes a sync made are left out: a sync
    /// writes only the B2B users it provisions, which are never in an outbound scope (scope
    /// takes internal users), so in a reciprocal mesh the copies one cycle wrote do not make
    /// the next round look at them one by one.
    fn changed(&self, w: &WriteTables<'_>) -> Result<BTreeSet<Uuid>> {
        let mut ids = BTreeSet::new();
        for change in w.changes(self.source.ord, self.config.watermark)? {
            let change = change?;
            if change.subject == Subject::User && !matches!(change.actor, Actor::Sync(_)) {
                ids.insert(change.object);
            }
        }
        Ok(ids)
    }

    pub(super) fn entry(&self, action: Action, status: Status) -> LogEntry {
        LogEntry {
            seq: 0,
            cycle_id: self.id,
            change_id: Uuid::now_v7(),
            job_id: self.config.id,
            at: now_millis(),
            action,
            status,
            source: None,
            target: None,
            modified: Vec::new(),
            steps: Vec::new(),
            reason: None,
        }
    }

    /// In scope: internal, not deleted, assigned (or all users), passing the filter.
    pub(super) fn in_scope(&self, user: &User) -> (bool, &'static str) {
        if user.source != Source::Internal {
            return (false, log_words::NOT_INTERNAL);
        }
        if user.is_soft_deleted() {
            return (false, log_words::DELETED_IN_SOURCE);
        }
        let assigned = match self.config.scope {
            Scope::AllUsers => true,
            Scope::Assigned => {
                let listed = match &self.assigned {
                    Some(set) => set.contains(&user.id),
                    None => self.config.users.contains(&user.id),
                };
                listed || user.member_of.iter().any(|g| self.groups.contains(g))
            }
        };
        if !assigned {
            return (false, log_words::NOT_ASSIGNED);
        }
        if let Some(f) = &self.filter {
            if !f.eval(user) {
                return (false, log_words::FILTERED_OUT);
            }
        }
        (true, log_words::IN_SCOPE)
    }
}

/// A log step; `detail` is moved in when it is a `String` already.
pub(super) fn step(kind: StepKind, status: Status, detail: impl Into<String>) -> Step {
    Step {
        kind,
        status,
        detail: detail.into(),
    }
}

pub(super) fn flag_change(property: &str, old: bool, new: bool) -> PropertyChange {
    PropertyChange {
        property: property.to_owned(),
        old: crate::model::Value::Bool(old),
        new: crate::model::Value::Bool(new),
    }
}

/// The scoping filter's rule: a clause on a null value is false, `!=` included (a user
/// filter's `!=` is true for null).
pub(super) fn null_clauses_false(p: Pred) -> Pred {
    match p {
        Pred::Cmp(attr, crate::model::CmpOp::Ne, v) => Pred::And(vec![
            Pred::IsNull(attr, false),
            Pred::Cmp(attr, crate::model::CmpOp::Ne, v),
        ]),
        Pred::And(ps) => Pred::And(ps.into_iter().map(null_clauses_false).collect()),
        Pred::Or(ps) => Pred::Or(ps.into_iter().map(null_clauses_false).collect()),
        Pred::Not(inner) => Pred::Not(Box::new(null_clauses_false(*inner))),
        other => other,
    }
}

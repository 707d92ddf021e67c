//! One source object in a cycle: scoping, matching, and the action it leads to — create,
//! update (restoring a soft-deleted copy), or a deletion or disable the threshold may hold —
//! with the steps the provisioning log records.

use super::cycle::{Candidate, Cycle, flag_change, step};
use crate::directory::invite::external_upn;
use crate::directory::users;
use crate::error::{Error, Result};
use crate::model::log_words::{
    CREATE_OFF, CREATING, DELETE_OFF, DISABLED, GONE, NO_MATCH, NOT_IN_SOURCE, NOTHING_TO_CHANGE, READ, RESTORED,
    SOFT_DELETE,
};
use crate::model::sync::{Action, FirstValues, LogEntry, LogEntryRef, Status, Step, StepKind, StepRef};
use crate::model::{Attr, ChangeOp, Home, NewUser, ObjOrd, PropertyChange, Source, User, Value};
use crate::store::WriteTables;
use uuid::Uuid;

impl Cycle<'_> {
    /// Processes one source object. A link made by matching a B2B user of the same home that
    /// the action leaves unchanged (an invited user, a copy of another configuration, a copy
    /// found again after a restart) is logged too: every link has its log entry.
    pub(super) fn object(&mut self, w: &mut WriteTables<'_>, (source_id, ord): Candidate) -> Result<()> {
        let (logged, removals) = (self.log.written(), self.removals.len());
        self.linked = None;
        let user = match ord {
            Some(o) => w.user(self.source.ord, o)?,
            None => match w.object_by_id(&source_id)? {
                Some((t, o)) if t == self.source.ord => w.user(t, o)?,
                _ => None,
            },
        };
        self.object_actions(w, source_id, user)?;
        let Some(target) = self.linked.take() else {
            return Ok(());
        };
        if self.log.written() > logged || self.removals.len() > removals {
            return Ok(());
        }
        let mut entry = self.entry(Action::Other, Status::Success);
        let source = match w.object_by_id(&source_id)? {
            Some((t, o)) => w.user(t, o)?.map(|u| u.user_principal_name),
            None => None,
        };
        entry.source = Some((source_id, source.unwrap_or_default()));
        entry.steps = vec![
            step(
                StepKind::Matching,
                Status::Success,
                format!("linked to {}, the B2B user of this home user", target.1),
            ),
            step(StepKind::Processing, Status::Skipped, NOTHING_TO_CHANGE),
        ];
        entry.target = Some(target);
        self.log.put(w, entry)?;
        Ok(())
    }

    /// What one source object leads to.
    fn object_actions(&mut self, w: &mut WriteTables<'_>, source_id: Uuid, user: Option<User>) -> Result<()> {
        let (scoped, why) = match &user {
            Some(u) => self.in_scope(u),
            None => (false, NOT_IN_SOURCE),
        };
        let target = self.matching(w, source_id)?;
        if scoped && target.is_none() && self.config.actions.create {
            if let Some(user) = &user {
                return self.create(w, user, why);
            }
        }
        let label = user.as_ref().map(|u| (u.id, u.user_principal_name.clone()));
        // Room for the two steps an action adds.
        let mut steps = Vec::with_capacity(5);
        steps.extend([
            step(
                StepKind::Import,
                Status::Success,
                if user.is_some() { READ } else { GONE },
            ),
            step(
                StepKind::Scoping,
                if scoped { Status::Success } else { Status::Skipped },
                why,
            ),
            step(
                StepKind::Matching,
                Status::Success,
                match &target {
                    Some(t) => format!("matched {} by home identity", t.user_principal_name),
                    None => NO_MATCH.into(),
                },
            ),
        ]);
        let mut entry = self.entry(Action::Other, Status::Success);
        entry.source = label.or_else(|| target.as_ref().map(|_| (source_id, String::new())));
        entry.target = target.as_ref().map(|t| (t.id, t.user_principal_name.clone()));
        match (scoped, user, target) {
            (true, Some(_), None) => self.create_off(w, entry, steps),
            (true, Some(user), Some(existing)) => self.update(w, &user, existing, entry, steps),
            (false, user, Some(existing)) if !existing.is_soft_deleted() => {
                let disabled = user
                    .as_ref()
                    .is_some_and(|u| u.source == Source::Internal && !u.is_soft_deleted() && !u.account_enabled);
                if disabled {
                    if existing.account_enabled {
                        steps.push(step(StepKind::Processing, Status::Success, DISABLED));
                        entry.action = Action::Disable;
                        entry.steps = steps;
                        entry.modified.push(flag_change("accountEnabled", true, false));
                        self.removals.push((existing, Action::Disable, entry));
                    }
                    return Ok(());
                }
                entry.action = Action::Delete;
                if !self.config.actions.delete {
                    steps.push(step(StepKind::Processing, Status::Skipped, DELETE_OFF));
                    entry.status = Status::Skipped;
                    entry.reason = Some("the Delete target object action is off".into());
                    entry.steps = steps;
                    self.summary.skipped += 1;
                    self.log.put(w, entry)?;
                    return Ok(());
                }
                steps.push(step(StepKind::Processing, Status::Success, SOFT_DELETE));
                entry.steps = steps;
                entry.modified.push(flag_change("isSoftDeleted", false, true));
                self.removals.push((existing, Action::Delete, entry));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The target's B2B user for a source user: by the link, else by home identity (then
    /// linked, and remembered in `linked`).
    fn matching(&mut self, w: &mut WriteTables<'_>, source_id: Uuid) -> Result<Option<User>> {
        let link = if self.no_links {
            None
        } else {
            w.sync_link(&self.config.id, &source_id)?
        };
        let linked = match link {
            Some(target) => match w.object_by_id(&target)? {
                Some((t, o)) if t == self.target.ord => w.user(t, o)?,
                _ => None,
            },
            None => None,
        };
        if linked.is_some() || self.no_homes {
            return Ok(linked);
        }
        let home = Home {
            tenant: self.source.id,
            object: source_id,
        };
        match w.user_ord_by_home(self.target.ord, &home)? {
            Some(o) => {
                let user = w.user(self.target.ord, o)?;
                if let Some(u) = &user {
                    w.put_sync_link(&self.config.id, &source_id, &u.id)?;
                    self.linked = Some((u.id, u.user_principal_name.clone()));
                }
                Ok(user)
            }
            None => Ok(None),
        }
    }

    /// The target copy of the source user's manager (its ordinal and UPN), when the manager
    /// is provisioned; otherwise the manager waits for the end of the cycle.
    fn manager_of(&self, w: &WriteTables<'_>, user: &User) -> Result<Option<(ObjOrd, String)>> {
        let Some(m) = user.manager else { return Ok(None) };
        let Some(manager) = w.user(self.source.ord, m)? else {
            return Ok(None);
        };
        let Some(target) = w.sync_link(&self.config.id, &manager.id)? else {
            return Ok(None);
        };
        Ok(match w.object_by_id(&target)? {
            Some((t, o)) if t == self.target.ord => w.user(t, o)?.map(|u| (o, u.user_principal_name)),
            _ => None,
        })
    }

    /// The manager mapping's value for `user` (the target UPN of its manager's copy), keeping
    /// the copy's ordinal in `seen` when the mapping asked for it.
    fn manager_upn(
        &self,
        w: &WriteTables<'_>,
        user: &User,
        seen: &mut Option<Option<ObjOrd>>,
    ) -> Result<Option<String>> {
        let copy = self.manager_of(w, user)?;
        *seen = Some(copy.as_ref().map(|(o, _)| *o));
        Ok(copy.map(|(_, upn)| upn))
    }

    /// Creates the target copy of an in-scope source user that has none (the Create action
    /// on) and logs it. The entry is stored by reference ([`LogEntryRef`]): its modified
    /// properties are read from the new user's mapped values and its steps' words are
    /// borrowed, none copied into a [`LogEntry`] first.
    fn create(&mut self, w: &mut WriteTables<'_>, user: &User, why: &str) -> Result<()> {
        let header = self.entry(Action::Create, Status::Success);
        let mut manager = None;
        let values = match self
            .mappings
            .values(user, true, |u| self.manager_upn(w, u, &mut manager))
        {
            Ok(values) => values,
            Err(e) if e.is_refusal() => return self.create_refused(w, user, why, header, &e),
            Err(e) => return Err(e),
        };
        let new = NewUser {
            upn: external_upn(&user.user_principal_name, &self.target),
            values,
            b2b: Some(Home {
                tenant: self.source.id,
                object: user.id,
            }),
        };
        let created = match users::create(w, &self.target, &new) {
            Ok(created) => created,
            Err(e) if e.is_refusal() => return self.create_refused(w, user, why, header, &e),
            Err(e) => return Err(e),
        };
        w.put_sync_link(&self.config.id, &user.id, &created.id)?;
        self.created.push(user.ord);
        if user.manager.is_some() && !points_at(&created, manager) {
            self.managers.push((created.id, user.id));
        }
        let export = format!("created {}", created.user_principal_name);
        let step = |kind, detail| StepRef {
            kind,
            status: Status::Success,
            detail,
        };
        let steps = [
            step(StepKind::Import, READ),
            step(StepKind::Scoping, why),
            step(StepKind::Matching, NO_MATCH),
            step(StepKind::Processing, CREATING),
            step(StepKind::Export, &export),
        ];
        self.log.put_ref(
            w,
            LogEntryRef {
                seq: header.seq,
                cycle_id: header.cycle_id,
                change_id: header.change_id,
                job_id: header.job_id,
                at: header.at,
                action: Action::Create,
                status: Status::Success,
                source: Some((user.id, &user.user_principal_name)),
                target: Some((created.id, &created.user_principal_name)),
                modified: FirstValues(&new.values),
                steps: &steps,
                reason: None,
            },
        )?;
        self.summary.created += 1;
        Ok(())
    }

    /// Logs a create the target refused (`entry` is its header): a mapped value it does not
    /// take, a UPN it holds already.
    fn create_refused(
        &mut self,
        w: &mut WriteTables<'_>,
        user: &User,
        why: &str,
        mut entry: LogEntry,
        e: &Error,
    ) -> Result<()> {
        entry.source = Some((user.id, user.user_principal_name.clone()));
        let steps = vec![
            step(StepKind::Import, Status::Success, READ),
            step(StepKind::Scoping, Status::Success, why),
            step(StepKind::Matching, Status::Success, NO_MATCH),
            step(StepKind::Processing, Status::Success, CREATING),
        ];
        self.refused(w, entry, steps, e)
    }

    /// Logs an object whose export the target refused, after the steps that ran: the object
    /// fails, nothing of it is written, and the cycle goes on with the next one.
    fn refused(&mut self, w: &mut WriteTables<'_>, mut entry: LogEntry, mut steps: Vec<Step>, e: &Error) -> Result<()> {
        entry.status = Status::Failure;
        entry.reason = Some(e.to_string());
        entry.modified.clear();
        steps.push(step(StepKind::Export, Status::Failure, e.to_string()));
        entry.steps = steps;
        self.summary.failed += 1;
        self.log.put(w, entry)
    }

    /// Logs an in-scope source user left uncreated because the Create action is off.
    fn create_off(&mut self, w: &mut WriteTables<'_>, mut entry: LogEntry, mut steps: Vec<Step>) -> Result<()> {
        entry.action = Action::Create;
        steps.push(step(StepKind::Processing, Status::Skipped, CREATE_OFF));
        entry.status = Status::Skipped;
        entry.reason = Some("the Create target object action is off".into());
        entry.steps = steps;
        self.summary.skipped += 1;
        self.log.put(w, entry)
    }

    fn update(
        &mut self,
        w: &mut WriteTables<'_>,
        user: &User,
        existing: User,
        mut entry: LogEntry,
        mut steps: Vec<Step>,
    ) -> Result<()> {
        entry.action = Action::Update;
        // The copy as the update sees it: restored, when it was soft-deleted.
        let mut current = existing;
        let deleted_at = current.deleted.take();
        // What the mappings make of the copy, worked out before anything is written: a value
        // the target does not take fails this object alone, and leaves it as it was.
        let mut modified = Vec::new();
        let mut manager = None;
        let next = if self.config.actions.update {
            match self.mapped(w, user, &current, &mut modified, &mut manager) {
                Ok(next) => Some(next),
                Err(e) if e.is_refusal() => return self.refused(w, entry, steps, &e),
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        if let Some(at) = deleted_at {
            let mut deleted = current.clone();
            deleted.deleted = Some(at);
            w.write_user(Some(&deleted), Some(&current), ChangeOp::Restore)?;
            steps.push(step(StepKind::Processing, Status::Success, RESTORED));
            entry.modified.push(flag_change("isSoftDeleted", true, false));
        }
        entry.modified.extend(modified);
        if let Some(next) = next {
            if user.manager.is_some() && !points_at(&current, manager) {
                self.managers.push((current.id, user.id));
            }
            if next != current {
                w.write_user(Some(&current), Some(&next), ChangeOp::Update)?;
            }
        }
        if entry.modified.is_empty() {
            return Ok(());
        }
        // A restore leaves the UPN as it was: `current`'s is the copy's UPN before this update.
        steps.push(step(
            StepKind::Export,
            Status::Success,
            format!("updated {}", current.user_principal_name),
        ));
        entry.steps = steps;
        self.summary.updated += 1;
        self.log.put(w, entry)?;
        Ok(())
    }

    /// The copy `current` with the mappings applied `always` set from the source `user`
    /// (the manager aside: it is resolved at the end of the cycle, and `manager` keeps the
    /// copy the mapping found for it), and in `modified` each property that changes, old →
    /// new. A value the target does not take is an error.
    fn mapped(
        &self,
        w: &WriteTables<'_>,
        user: &User,
        current: &User,
        modified: &mut Vec<PropertyChange>,
        manager: &mut Option<Option<ObjOrd>>,
    ) -> Result<User> {
        let values = self.mappings.values(user, false, |u| self.manager_upn(w, u, manager))?;
        let mut next = current.clone();
        for (attr, value) in values {
            if attr == Attr::Manager {
                continue;
            }
            let before = next.get(attr);
            next.set(attr, value)?;
            let after = next.get(attr);
            if before != after {
                modified.push(PropertyChange {
                    property: attr.name().to_owned(),
                    old: before,
                    new: after,
                });
            }
        }
        Ok(next)
    }

    /// Points target users at the target copies of their managers, once everyone is created.
    pub(super) fn resolve_managers(&mut self, w: &mut WriteTables<'_>) -> Result<()> {
        for (target_id, source_id) in std::mem::take(&mut self.managers) {
            let Some((_, so)) = w.object_by_id(&source_id)? else {
                continue;
            };
            let Some(source) = w.user(self.source.ord, so)? else {
                continue;
            };
            let Some((manager, manager_upn)) = self.manager_of(w, &source)? else {
                continue;
            };
            let Some((t, o)) = w.object_by_id(&target_id)? else {
                continue;
            };
            let Some(target) = w.user(t, o)? else { continue };
            if target.is_soft_deleted() {
                continue;
            }
            if target.manager != Some(manager) && target.ord != manager {
                // The manager the copy pointed at before, by UPN (a target-side edit, say).
                let old = match target.manager {
                    Some(before) => w
                        .user(t, before)?
                        .map_or(Value::Null, |u| Value::Str(u.user_principal_name)),
                    None => Value::Null,
                };
                let mut changed = target.clone();
                changed.manager = Some(manager);
                w.write_user(Some(&target), Some(&changed), ChangeOp::Update)?;
                let mut entry = self.entry(Action::Update, Status::Success);
                entry.source = Some((source.id, source.user_principal_name.clone()));
                entry.target = Some((target.id, target.user_principal_name.clone()));
                entry.modified.push(PropertyChange {
                    property: "manager".into(),
                    old,
                    new: Value::Str(manager_upn.clone()),
                });
                entry.steps.push(step(
                    StepKind::ReferenceResolution,
                    Status::Success,
                    format!("manager: {manager_upn}"),
                ));
                self.log.put(w, entry)?;
            }
        }
        Ok(())
    }
}

/// True when a copy already points at its manager's copy (`manager`: what the manager mapping
/// found, `None` when it was not asked): resolving it at the end of the cycle would change
/// nothing, so it is not queued.
fn points_at(copy: &User, manager: Option<Option<ObjOrd>>) -> bool {
    matches!(manager, Some(Some(o)) if copy.manager == Some(o))
}

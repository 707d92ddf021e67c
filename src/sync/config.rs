//! Synchronization configurations and their rules: a configuration belongs to its source
//! tenant, has a name unique there, pushes to one other tenant, starts paused; a change of
//! scope, filter or mappings makes the next cycle an initial one.

use crate::error::{Error, Result};
use crate::model::sync::{
    Actions, DEFAULT_DELETE_THRESHOLD, JobState, Mapping, MappingSource, Scope, SyncConfig, default_mappings,
};
use crate::model::{Attr, Filter, Tenant, ids::now_millis};
use crate::store::{Open, Tables, WriteTables};
use uuid::Uuid;

/// A configuration found by name, with its source tenant.
#[derive(Debug, Clone)]
pub struct Found {
    /// The source tenant.
    pub source: Tenant,
    /// The configuration.
    pub config: SyncConfig,
}

/// The configuration named `name` of `source` (when given), else of any tenant (refused when
/// several have one of that name).
pub fn find<S: Open>(t: &Tables<S>, source: Option<&Tenant>, name: &str) -> Result<Found> {
    let tenants = match source {
        Some(s) => vec![s.clone()],
        None => t.tenants()?,
    };
    let mut found = Vec::new();
    let mut names = Vec::new();
    for tenant in tenants {
        for config in t.syncs(tenant.ord)? {
            if config.name.eq_ignore_ascii_case(name) {
                found.push(Found {
                    source: tenant.clone(),
                    config,
                });
            } else {
                names.push(config.name);
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::NoSync {
            name: name.to_owned(),
            hint: crate::suggest::hint(name, names.iter().map(String::as_str)),
        }),
        _ => Err(Error::SyncAmbiguous {
            name: name.to_owned(),
            tenants: found
                .iter()
                .map(|f| f.source.handle.clone())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Creates a paused configuration from `source` to `target`; returns it and a warning when
/// the source already has one for that target (one is recommended).
pub fn create(
    w: &mut WriteTables<'_>,
    source: &Tenant,
    target: &Tenant,
    name: &str,
    scope: Scope,
) -> Result<(SyncConfig, Option<String>)> {
    if source.ord == target.ord {
        return Err(Error::SyncToItself(source.handle.clone()));
    }
    if name.trim().is_empty() {
        return Err(Error::invalid("a synchronization configuration needs a name"));
    }
    let existing = w.syncs(source.ord)?;
    if existing.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
        return Err(Error::SyncExists {
            name: name.to_owned(),
            tenant: source.handle.clone(),
        });
    }
    let warning = existing.iter().find(|c| c.target == target.id).map(|c| {
        format!(
            "tenant {} already synchronizes to tenant {} with \"{}\"; one configuration per target is recommended",
            source.handle, target.handle, c.name
        )
    });
    let config = SyncConfig {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        target: target.id,
        scope,
        users: Vec::new(),
        groups: Vec::new(),
        filter: None,
        mappings: default_mappings(),
        actions: Actions {
            create: true,
            update: true,
            delete: true,
        },
        state: JobState::Paused,
        never_run: true,
        watermark: 0,
        initial_next: true,
        delete_threshold: Some(DEFAULT_DELETE_THRESHOLD),
        staged: Vec::new(),
        created: now_millis(),
        last_cycle: None,
    };
    w.put_sync(source.ord, &config)?;
    Ok((config, warning))
}

/// A change to a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Who is in scope.
    Scope(Scope),
    /// Assign (true) or unassign a user (by UPN).
    User(String, bool),
    /// Assign (true) or unassign a group (by name).
    Group(String, bool),
    /// The scoping filter (`None`: none).
    Filter(Option<Filter>),
    /// Map a target attribute (replacing its mapping).
    Map(Mapping),
    /// Remove a target attribute's mapping.
    Unmap(Attr),
    /// The target object actions.
    Actions(Actions),
    /// Start (true) or pause.
    Run(bool),
    /// The next cycle is initial; `true` also forgets the links.
    Restart(bool),
    /// Accidental-deletion prevention threshold (`None`: off).
    Threshold(Option<u64>),
}

/// Applies a change to the configuration of `found`, checking its names in the source tenant.
/// Returns true when it changed something.
pub fn change(w: &mut WriteTables<'_>, found: &mut Found, change: &Change) -> Result<bool> {
    let source = &found.source;
    let c = &mut found.config;
    let before = c.clone();
    match change {
        Change::Scope(scope) => c.scope = *scope,
        Change::User(upn, assign) => {
            let user = crate::directory::users::find(w, source, upn)?;
            toggle(&mut c.users, user.id, *assign);
        }
        Change::Group(name, assign) => {
            let group = crate::directory::groups::find(w, source, name)?;
            toggle(&mut c.groups, group.id, *assign);
        }
        Change::Filter(filter) => {
            if let Some(f) = filter {
                // Compiled now so that a wrong value or an unknown name is refused at once.
                crate::search::filter::compile(w, source.ord, f)?;
            }
            c.filter = filter.clone();
        }
        Change::Map(mapping) => {
            check_mapping(mapping)?;
            c.mappings.retain(|m| m.target != mapping.target);
            c.mappings.push(mapping.clone());
        }
        Change::Unmap(attr) => c.mappings.retain(|m| m.target != *attr),
        Change::Actions(actions) => c.actions = *actions,
        Change::Run(start) => {
            c.state = if *start { JobState::Active } else { JobState::Paused };
        }
        Change::Restart(full) => {
            c.initial_next = true;
            c.staged.clear();
            if matches!(c.state, JobState::Quarantine(_)) {
                c.state = JobState::Active;
            }
            if *full {
                w.clear_sync_links(&c.id)?;
            }
        }
        Change::Threshold(n) => c.delete_threshold = *n,
    }
    let reshaped = before.scope != c.scope
        || before.users != c.users
        || before.groups != c.groups
        || before.filter != c.filter
        || before.mappings != c.mappings;
    if reshaped {
        c.initial_next = true;
    }
    let changed = *c != before;
    if changed {
        w.put_sync(source.ord, c)?;
    }
    Ok(changed)
}

fn toggle(list: &mut Vec<Uuid>, id: Uuid, on: bool) {
    match (list.contains(&id), on) {
        (false, true) => list.push(id),
        (true, false) => list.retain(|x| *x != id),
        _ => {}
    }
}

/// Refuses mappings that cannot work: a computed or read-only target, a constant its target
/// does not take (`userType` = "Contractor"), an expression that does not parse or names
/// unknown attributes.
fn check_mapping(m: &Mapping) -> Result<()> {
    if !m.target.settable() {
        return Err(crate::model::TypeError::ReadOnly(m.target).into());
    }
    match &m.source {
        MappingSource::Expression(text) => {
            super::map::parse(text)?;
        }
        MappingSource::Constant(text) => {
            crate::model::typing::assigned(m.target, &crate::model::Literal::Str(text.clone()))?;
        }
        MappingSource::Direct(_) => {}
    }
    if m.target == Attr::UserPrincipalName {
        return Err(Error::invalid(
            "`userPrincipalName` of a B2B user is derived from its home UPN: it is not mapped",
        ));
    }
    Ok(())
}

/// Deletes a configuration; the users it created stay as they are.
pub fn delete(w: &mut WriteTables<'_>, found: &Found) -> Result<()> {
    w.delete_sync(found.source.ord, &found.config)
}

/// What a synchronization schema sets (`import sync`): the scoping filter, the attribute
/// mappings and the target object actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// The scoping filter (`None`: none).
    pub filter: Option<Filter>,
    /// The attribute mappings, replacing every mapping.
    pub mappings: Vec<Mapping>,
    /// The target object actions.
    pub actions: Actions,
}

/// Replaces the schema of the configuration of `found` (as Graph's `PUT …/jobs/{id}/schema`
/// does): its filter, mappings and actions, each checked as `set scope filter` and `map`
/// check them. The job's state, scope, assignments, links and watermark stay; a changed
/// filter or mapping makes the next cycle initial. Returns true when it changed something.
pub fn set_schema(w: &mut WriteTables<'_>, found: &mut Found, schema: &Schema) -> Result<bool> {
    if let Some(f) = &schema.filter {
        crate::search::filter::compile(w, found.source.ord, f)?;
    }
    for m in &schema.mappings {
        check_mapping(m)?;
    }
    let c = &mut found.config;
    let before = c.clone();
    c.filter = schema.filter.clone();
    c.mappings = schema.mappings.clone();
    c.actions = schema.actions;
    if before.filter != c.filter || before.mappings != c.mappings {
        c.initial_next = true;
    }
    let changed = *c != before;
    if changed {
        w.put_sync(found.source.ord, c)?;
    }
    Ok(changed)
}

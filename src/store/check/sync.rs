//! The synchronization records: each configuration belongs to a tenant and names a target that
//! exists; each configuration's provisioning log is numbered 1, 2, 3, … and each entry knows
//! its number and its configuration; each link belongs to a configuration, its source user (when
//! not purged) is a user of the configuration's source tenant, its target user (when not
//! purged) is a B2B user of the target tenant whose home identity is that source user, and the
//! log names that target user (every provisioned user has its link and its log).
//!
//! A link may outlive its users by design: a purged source user's link lets the next cycles
//! soft-delete its copy, and a purged copy's link is replaced when the next cycle provisions it
//! again. Links and logs are records, not derived from anything: `--repair` cannot rebuild
//! them, and says so. Memory: the configurations and the set of (configuration, target user)
//! pairs the logs name.

use super::Scan;
use crate::error::Result;
use crate::model::sync::{LogEntry, SyncConfig};
use crate::model::{Source, User};
use crate::store::problems::Problem;
use crate::store::{Open, Table, keys};
use redb::ReadableTable;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A configuration as the links and logs need it.
struct Config {
    name: String,
    source: u32,
    source_id: Uuid,
    target: Option<u32>,
}

impl<S: Open> Scan<'_, S> {
    /// Checks the configurations, the provisioning logs and the links.
    pub(super) fn syncs(&mut self) -> Result<()> {
        let configs = self.configs()?;
        let logged = self.logs(&configs)?;
        self.links(&configs, &logged)
    }

    fn configs(&mut self) -> Result<HashMap<Uuid, Config>> {
        let t = self.t;
        let mut out = HashMap::new();
        for entry in t.table(Table::Syncs)?.iter()? {
            let (k, v) = entry?;
            let key = k.value();
            let config = match super::super::codec::decode::<SyncConfig>(v.value()) {
                Ok(c) if key.len() == 20 && key[4..] == *c.id.as_bytes() => c,
                Ok(c) => {
                    self.bad(Table::Syncs, format!("{key:?}"), format!("holds sync \"{}\"", c.name));
                    continue;
                }
                Err(e) => {
                    self.bad(Table::Syncs, format!("{key:?}"), format!("cannot be read ({e})"));
                    continue;
                }
            };
            let source = keys::read_u32(key);
            let Some(source_id) = self.tenants.get(&source).map(|x| x.id) else {
                let detail = format!("belongs to tenant #{source}, which does not exist");
                self.bad(Table::Syncs, format!("sync \"{}\"", config.name), detail);
                continue;
            };
            let target = self.tenants.values().find(|x| x.id == config.target).map(|x| x.ord.0);
            if target.is_none() {
                let detail = format!("synchronizes into tenant {}, which does not exist", config.target);
                self.bad(Table::Syncs, format!("sync \"{}\"", config.name), detail);
            }
            self.found.counted.syncs += 1;
            out.insert(
                config.id,
                Config {
                    name: config.name,
                    source,
                    source_id,
                    target,
                },
            );
        }
        Ok(out)
    }

    /// The name of a configuration, for the words.
    fn sync_name(configs: &HashMap<Uuid, Config>, id: &Uuid) -> String {
        configs
            .get(id)
            .map_or_else(|| format!("#{id}"), |c| format!("\"{}\"", c.name))
    }

    /// Checks each log; returns the (configuration, target user) pairs they name.
    fn logs(&mut self, configs: &HashMap<Uuid, Config>) -> Result<HashSet<(Uuid, Uuid)>> {
        let t = self.t;
        let mut logged = HashSet::new();
        let mut at: Option<(Uuid, u64)> = None;
        for entry in t.table(Table::ProvisioningLog)?.iter()? {
            let (k, v) = entry?;
            let key = k.value();
            let (Some(config), Some(seq)) = (
                key.get(..16).and_then(|b| Uuid::from_slice(b).ok()),
                key.get(16..)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map(u64::from_be_bytes),
            ) else {
                let detail = "is not a configuration and a number".into();
                self.bad(Table::ProvisioningLog, format!("{key:?}"), detail);
                continue;
            };
            let name = Self::sync_name(configs, &config);
            let expected = match at {
                Some((c, next)) if c == config => next,
                _ => {
                    if !configs.contains_key(&config) {
                        let detail = "belongs to no synchronization configuration".into();
                        self.bad(Table::ProvisioningLog, format!("of sync {name}"), detail);
                    }
                    1
                }
            };
            if seq != expected {
                let tenant = configs
                    .get(&config)
                    .map_or_else(|| "?".into(), |c| self.handle(c.source));
                self.found.add(Problem::LogGap {
                    tenant,
                    sync: name.clone(),
                    expected,
                    found: seq,
                });
            }
            at = Some((config, seq.saturating_add(1)));
            self.found.counted.log_entries += 1;
            match super::super::codec::decode::<LogEntry>(v.value()) {
                Ok(e) if e.seq == seq && e.job_id == config => {
                    if let Some((target, _)) = e.target {
                        logged.insert((config, target));
                    }
                }
                Ok(e) => {
                    let detail = format!("says it is entry {} of sync #{}", e.seq, e.job_id);
                    self.bad(Table::ProvisioningLog, format!("{seq} of sync {name}"), detail);
                }
                Err(e) => {
                    let detail = format!("cannot be read ({e})");
                    self.bad(Table::ProvisioningLog, format!("{seq} of sync {name}"), detail);
                }
            }
        }
        Ok(logged)
    }

    /// A user by id: `None` when no object has it (purged), `Some(None)` when it is not a user.
    fn user_by_id(&self, id: &Uuid) -> Result<Option<Option<User>>> {
        Ok(self.t.object_by_id(id)?.map(|(t, o)| self.t.user(t, o).ok().flatten()))
    }

    fn links(&mut self, configs: &HashMap<Uuid, Config>, logged: &HashSet<(Uuid, Uuid)>) -> Result<()> {
        let t = self.t;
        for entry in t.table(Table::SyncLinks)?.iter()? {
            let (k, v) = entry?;
            let (key, value) = (k.value(), v.value());
            let ids = (
                key.get(..16).and_then(|b| Uuid::from_slice(b).ok()),
                key.get(16..).and_then(|b| Uuid::from_slice(b).ok()),
                Uuid::from_slice(value).ok(),
            );
            let (Some(config_id), Some(source_id), Some(target_id)) = ids else {
                let detail = "is not a configuration, a source user and a target user".into();
                self.bad(Table::SyncLinks, format!("{key:?}"), detail);
                continue;
            };
            self.found.counted.links += 1;
            let Some(config) = configs.get(&config_id) else {
                let detail = "belongs to no synchronization configuration".into();
                self.bad(Table::SyncLinks, format!("of sync #{config_id}"), detail);
                continue;
            };
            let tenant = self.handle(config.source);
            let problem = |s: &mut Self, source: String, detail: String| {
                s.found.add(Problem::SyncLink {
                    tenant: tenant.clone(),
                    sync: config.name.clone(),
                    source,
                    detail,
                });
            };
            // The source user, when it still exists, is one of the source tenant's.
            let source = match self.user_by_id(&source_id)? {
                Some(Some(u)) if u.tenant.0 == config.source => u.user_principal_name,
                Some(Some(u)) => {
                    let detail = format!("is a user of tenant {}, not of the source", self.handle(u.tenant.0));
                    problem(self, u.user_principal_name, detail);
                    continue;
                }
                Some(None) => {
                    problem(self, source_id.to_string(), "is not a user".into());
                    continue;
                }
                None => source_id.to_string(),
            };
            // The target user, when it still exists, is the source user's copy in the target,
            // and the log names it.
            let copy = match self.user_by_id(&target_id)? {
                None => continue,
                Some(None) => {
                    problem(self, source, format!("points at {target_id}, which is not a user"));
                    continue;
                }
                Some(Some(u)) => u,
            };
            let home = Source::B2b {
                home_tenant: config.source_id,
                home_object: source_id,
            };
            if Some(copy.tenant.0) != config.target || copy.source != home {
                let detail = format!(
                    "points at {} of tenant {}, which is not its copy in the target",
                    copy.user_principal_name,
                    self.handle(copy.tenant.0)
                );
                problem(self, source, detail);
            } else if !logged.contains(&(config_id, target_id)) {
                let detail = format!(
                    "points at {}, which no entry of the provisioning log names",
                    copy.user_principal_name
                );
                problem(self, source, detail);
            }
        }
        Ok(())
    }
}

//! What a configuration's provisioning log last said about a source user, for the diagnosis
//! of why that user has no live copy: read newest first for one person (`explain
//! visibility`), or indexed once per configuration for many (`check organization`).

use crate::error::Result;
use crate::model::ids::Millis;
use crate::model::sync::{Action, LogEntry, Status};
use crate::store::{Open, Tables};
use std::collections::HashMap;
use uuid::Uuid;

/// The last entry about a source user, as much of it as a diagnosis tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// What the cycle did, or tried.
    pub action: Action,
    /// How it went.
    pub status: Status,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// When.
    pub at: Millis,
}

impl Logged {
    fn of(entry: LogEntry) -> Logged {
        Logged {
            action: entry.action,
            status: entry.status,
            reason: entry.reason,
            at: entry.at,
        }
    }
}

/// How a diagnosis reads the provisioning log.
#[derive(Debug)]
pub enum LogReading {
    /// Each question reads the configuration's log from its newest entry back to the first
    /// about the user: one person at a time.
    Newest,
    /// The first question about a configuration reads its log once, keeping for each source
    /// user its last entry when that was not a success; later ones look it up: many people
    /// at once, at the cost of one pass over each log asked about.
    Indexed(HashMap<Uuid, HashMap<Uuid, Logged>>),
}

impl LogReading {
    /// Reading for many questions ([`LogReading::Indexed`], empty).
    pub fn indexed() -> LogReading {
        LogReading::Indexed(HashMap::new())
    }

    /// The last entry of configuration `config`'s log about source user `source`, when it was
    /// logged at or after `since` (a copy soft-deleted then is explained only by what came
    /// after: read newest first, the cycles logged before it are not read). Indexed, only a last entry
    /// that is not a success is kept, which is all a diagnosis asks for.
    pub fn last_about<S: Open>(
        &mut self,
        t: &Tables<S>,
        config: &Uuid,
        source: &Uuid,
        since: Option<Millis>,
    ) -> Result<Option<Logged>> {
        let last = match self {
            LogReading::Newest => t.last_log_entry_about(config, source, since)?.map(Logged::of),
            LogReading::Indexed(configs) => {
                if !configs.contains_key(config) {
                    configs.insert(*config, unsuccessful_last(t, config)?);
                }
                configs.get(config).and_then(|users| users.get(source)).cloned()
            }
        };
        Ok(last.filter(|l| since.is_none_or(|at| l.at >= at)))
    }
}

/// Each source user's last entry in a configuration's log, when it was not a success.
fn unsuccessful_last<S: Open>(t: &Tables<S>, config: &Uuid) -> Result<HashMap<Uuid, Logged>> {
    let mut last = HashMap::new();
    for entry in t.provisioning_log(config, 0)? {
        let entry = entry?;
        let Some((source, _)) = entry.source else { continue };
        if entry.status == Status::Success {
            last.remove(&source);
        } else {
            last.insert(source, Logged::of(entry));
        }
    }
    Ok(last)
}

//! Synchronization records: configurations (by source tenant), the link table (source user →
//! target user, per configuration) and the provisioning log (per configuration, numbered).

use super::{Table, Tables, WriteTables, codec, keys};
use crate::error::{Error, Result};
use crate::model::TenantOrd;
use crate::model::ids::Millis;
use crate::model::sync::{LogEntry, LogEntryRef, SyncConfig};
use crate::store::Open;
use uuid::Uuid;

fn config_key(t: TenantOrd, id: &Uuid) -> Vec<u8> {
    let mut k = keys::tenant(t).to_vec();
    k.extend_from_slice(id.as_bytes());
    k
}

fn link_key(config: &Uuid, source: &Uuid) -> Vec<u8> {
    let mut k = config.as_bytes().to_vec();
    k.extend_from_slice(source.as_bytes());
    k
}

fn log_key(config: &Uuid, seq: u64) -> Vec<u8> {
    let mut k = config.as_bytes().to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn uuid(bytes: &[u8]) -> Result<Uuid> {
    Uuid::from_slice(bytes).map_err(|_| Error::Format("a synchronization link is damaged".into()))
}

impl<S: Open> Tables<S> {
    /// The synchronization configurations of a source tenant.
    pub fn syncs(&self, t: TenantOrd) -> Result<Vec<SyncConfig>> {
        let mut out = Vec::new();
        for entry in self.prefixed(Table::Syncs, &keys::tenant(t))? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }

    /// The target user linked to a source user by a configuration.
    pub fn sync_link(&self, config: &Uuid, source: &Uuid) -> Result<Option<Uuid>> {
        self.get(Table::SyncLinks, &link_key(config, source))?
            .map(|v| uuid(&v))
            .transpose()
    }

    /// Every link of a configuration: (source user, target user).
    pub fn sync_links(&self, config: &Uuid) -> Result<Vec<(Uuid, Uuid)>> {
        let mut out = Vec::new();
        for entry in self.prefixed(Table::SyncLinks, config.as_bytes())? {
            let (k, v) = entry?;
            out.push((uuid(&k.value()[16..])?, uuid(v.value())?));
        }
        Ok(out)
    }

    /// True when a configuration has at least one link.
    pub fn has_sync_links(&self, config: &Uuid) -> Result<bool> {
        Ok(self
            .prefixed(Table::SyncLinks, config.as_bytes())?
            .next()
            .transpose()?
            .is_some())
    }

    /// True when tenant `t` holds at least one B2B user whose home is in tenant `home_tenant`
    /// (by the home-identity index).
    pub fn has_homes_from(&self, t: TenantOrd, home_tenant: &Uuid) -> Result<bool> {
        let mut prefix = keys::tenant(t).to_vec();
        prefix.extend_from_slice(home_tenant.as_bytes());
        Ok(self.prefixed(Table::Homes, &prefix)?.next().transpose()?.is_some())
    }

    /// A configuration's provisioning log after sequence number `after`, oldest first.
    pub fn provisioning_log(&self, config: &Uuid, after: u64) -> Result<impl Iterator<Item = Result<LogEntry>> + '_> {
        let from = log_key(config, after.saturating_add(1));
        let range = self.range(Table::ProvisioningLog, &from, &keys::prefix_end(config.as_bytes()))?;
        Ok(range.map(|entry| {
            let (_, v) = entry?;
            codec::decode(v.value())
        }))
    }

    /// The newest entry of configuration `config`'s log about source user `source`, read
    /// from the newest entry back. With `since`, the reading ends with the cycle of the first
    /// entry logged before that time: cycles are logged in turn, so older ones were logged
    /// before it too (inside one cycle the times are not in order: its deletions are logged
    /// at its end, with the times they were decided).
    pub fn last_log_entry_about(
        &self,
        config: &Uuid,
        source: &Uuid,
        since: Option<Millis>,
    ) -> Result<Option<LogEntry>> {
        let mut last_cycle = None;
        for entry in self.prefixed(Table::ProvisioningLog, config.as_bytes())?.rev() {
            let (_, v) = entry?;
            let e: LogEntry = codec::decode(v.value())?;
            match last_cycle {
                Some(cycle) if cycle != e.cycle_id => return Ok(None),
                Some(_) => {}
                None if since.is_some_and(|at| e.at < at) => last_cycle = Some(e.cycle_id),
                None => {}
            }
            if e.source.as_ref().is_some_and(|(id, _)| id == source) {
                return Ok(Some(e));
            }
        }
        Ok(None)
    }

    /// The last sequence number of a configuration's log (0 when empty).
    pub fn last_log_seq(&self, config: &Uuid) -> Result<u64> {
        let last = self
            .prefixed(Table::ProvisioningLog, config.as_bytes())?
            .next_back()
            .transpose()?;
        Ok(last.map_or(0, |(k, _)| {
            let mut b = [0u8; 8];
            let key = k.value();
            b.copy_from_slice(&key[key.len().saturating_sub(8)..]);
            u64::from_be_bytes(b)
        }))
    }
}

impl WriteTables<'_> {
    /// Stores a configuration of source tenant `t`.
    pub fn put_sync(&mut self, t: TenantOrd, config: &SyncConfig) -> Result<()> {
        self.put(Table::Syncs, &config_key(t, &config.id), &codec::encode(config)?)
    }

    /// Removes a configuration, its links and its log (the users it created stay).
    pub fn delete_sync(&mut self, t: TenantOrd, config: &SyncConfig) -> Result<()> {
        self.delete_prefixed(Table::SyncLinks, config.id.as_bytes())?;
        self.delete_prefixed(Table::ProvisioningLog, config.id.as_bytes())?;
        self.delete(Table::Syncs, &config_key(t, &config.id))
    }

    /// Links a source user to its target user.
    pub fn put_sync_link(&mut self, config: &Uuid, source: &Uuid, target: &Uuid) -> Result<()> {
        self.put(Table::SyncLinks, &link_key(config, source), target.as_bytes())
    }

    /// Appends an entry told by reference to a configuration's log: stored as the
    /// [`LogEntry`] of the same content.
    pub fn put_log_ref(&mut self, entry: &LogEntryRef<'_>, buf: &mut Vec<u8>) -> Result<()> {
        codec::encode_as::<LogEntry>(entry, buf)?;
        self.put(Table::ProvisioningLog, &log_key(&entry.job_id, entry.seq), buf)
    }

    /// Forgets a configuration's links (`restart … full`).
    pub fn clear_sync_links(&mut self, config: &Uuid) -> Result<()> {
        self.delete_prefixed(Table::SyncLinks, config.as_bytes())
    }

    /// Appends an entry to a configuration's log, encoded in `buf` (a buffer the caller keeps
    /// from one entry to the next).
    pub fn put_log(&mut self, entry: &LogEntry, buf: &mut Vec<u8>) -> Result<()> {
        codec::encode_into(entry, buf)?;
        self.put(Table::ProvisioningLog, &log_key(&entry.job_id, entry.seq), buf)
    }
}

#[cfg(test)]
mod tests {
    use super::codec;
    use crate::model::sync::{Action, FirstValues, LogEntry, LogEntryRef, Status, Step, StepKind, StepRef};
    use crate::model::{Attr, PropertyChange, Value};
    use uuid::Uuid;

    /// An entry told by reference is stored as the same bytes as the entry it tells, and read
    /// back as that entry.
    #[test]
    fn an_entry_by_reference_encodes_as_the_entry() {
        let values = vec![
            (Attr::DisplayName, Value::str("Ann Émile")),
            (Attr::AccountEnabled, Value::Bool(true)),
            (Attr::Manager, Value::Int(42)),
            (Attr::MemberOf, Value::List(vec![Value::str("a"), Value::Null])),
        ];
        let steps = [
            (StepKind::Import, Status::Success, "read the source user"),
            (
                StepKind::Export,
                Status::Failure,
                "created ann_a.example#EXT#@b.example",
            ),
        ];
        let (cycle, change, job) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let (source, target) = ((Uuid::now_v7(), "ann@a.example"), (Uuid::now_v7(), ""));
        let owned = LogEntry {
            seq: 300,
            cycle_id: cycle,
            change_id: change,
            job_id: job,
            at: 1_764_500_000_000,
            action: Action::Create,
            status: Status::Success,
            source: Some((source.0, source.1.to_owned())),
            target: Some((target.0, target.1.to_owned())),
            modified: values
                .iter()
                .map(|(a, v)| PropertyChange {
                    property: a.name().to_owned(),
                    old: Value::Null,
                    new: v.clone(),
                })
                .collect(),
            steps: steps
                .iter()
                .map(|&(kind, status, detail)| Step {
                    kind,
                    status,
                    detail: detail.to_owned(),
                })
                .collect(),
            reason: Some("why".into()),
        };
        let step_refs: Vec<StepRef<'_>> = steps
            .iter()
            .map(|&(kind, status, detail)| StepRef { kind, status, detail })
            .collect();
        let borrowed = LogEntryRef {
            seq: 300,
            cycle_id: cycle,
            change_id: change,
            job_id: job,
            at: 1_764_500_000_000,
            action: Action::Create,
            status: Status::Success,
            source: Some(source),
            target: Some(target),
            modified: FirstValues(&values),
            steps: &step_refs,
            reason: Some("why"),
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        codec::encode_into(&owned, &mut a).unwrap();
        codec::encode_as::<LogEntry>(&borrowed, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(codec::decode::<LogEntry>(&b).unwrap(), owned);
        // None and empty fields too.
        let bare = LogEntry {
            source: None,
            target: None,
            modified: Vec::new(),
            steps: Vec::new(),
            reason: None,
            ..owned
        };
        let bare_ref = LogEntryRef {
            source: None,
            target: None,
            modified: FirstValues(&[]),
            steps: &[],
            reason: None,
            ..borrowed
        };
        codec::encode_into(&bare, &mut a).unwrap();
        codec::encode_as::<LogEntry>(&bare_ref, &mut b).unwrap();
        assert_eq!(a, b);
    }
}

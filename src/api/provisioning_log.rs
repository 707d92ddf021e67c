//! Reading provisioning logs through the typed API. An initial cycle logs one entry per user,
//! so a log can hold millions: entries are read one at a time from each configuration's log,
//! in time order across configurations, and a filter and a limit are applied as they are
//! read, so that `show provisioning logs … limit 20` reads about twenty entries and holds
//! only what it returns.

use super::SyncRef;
use crate::error::Result;
use crate::model::sync::{LogEntry, LogField};
use crate::model::{FieldRef, Filter, record};
use crate::session::{Session, with_view};

/// Which entries of which logs.
#[derive(Debug, Clone, Default)]
pub struct LogQuery<'a> {
    /// One configuration's log; every log the principal reads when `None`.
    pub sync: Option<SyncRef<'a>>,
    /// Only the entries that pass it (`action = delete and status = failure`).
    pub filter: Option<&'a Filter<FieldRef<LogField>>>,
    /// At most this many entries (the first ones in time order).
    pub limit: Option<u64>,
}

impl Session<'_> {
    /// Hands the entries of `query`, each with its configuration's name, to `each`, oldest
    /// first: by time across configurations, and in its log's order within one. Reading stops
    /// after the query's limit, or when `each` returns false; the entries handed on.
    pub fn scan_provisioning_logs(
        &self,
        query: &LogQuery<'_>,
        mut each: impl FnMut(&str, LogEntry) -> Result<bool>,
    ) -> Result<u64> {
        let views = match query.sync {
            Some(r) => vec![self.sync(r)?],
            None => self.syncs(None)?,
        };
        let limit = query.limit.unwrap_or(u64::MAX);
        with_view!(self, |t| {
            let mut handed = 0;
            if limit == 0 {
                return Ok(handed);
            }
            let mut logs = Vec::with_capacity(views.len());
            for v in &views {
                logs.push(t.provisioning_log(&v.config.id, 0)?);
            }
            // The next entry of each log; the earliest goes first (the first log on a tie).
            let mut heads = Vec::with_capacity(logs.len());
            for log in &mut logs {
                heads.push(log.next().transpose()?);
            }
            loop {
                let next = heads
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| h.as_ref().map(|e| (e.at, i)))
                    .min();
                let Some((_, i)) = next else { break };
                let fresh = logs[i].next().transpose()?;
                let Some(entry) = std::mem::replace(&mut heads[i], fresh) else {
                    break;
                };
                if query.filter.is_none_or(|f| record::matches(&entry, f)) {
                    handed += 1;
                    if !each(&views[i].config.name, entry)? || handed >= limit {
                        break;
                    }
                }
            }
            Ok(handed)
        })
    }

    /// The entries of `query`, each with its configuration's name, in the order of
    /// [`Session::scan_provisioning_logs`].
    pub fn provisioning_log_entries(&self, query: &LogQuery<'_>) -> Result<Vec<(String, LogEntry)>> {
        let mut out = Vec::new();
        self.scan_provisioning_logs(query, |name, entry| {
            out.push((name.to_owned(), entry));
            Ok(true)
        })?;
        Ok(out)
    }

    /// A configuration's provisioning log (every configuration the principal reads when
    /// `r` is `None`), oldest first: [`Session::provisioning_log_entries`] without a filter
    /// or a limit.
    pub fn provisioning_logs(&self, r: Option<SyncRef<'_>>) -> Result<Vec<(String, LogEntry)>> {
        self.provisioning_log_entries(&LogQuery {
            sync: r,
            ..LogQuery::default()
        })
    }
}

//! Users in and out of files, and generated users: `import`, `export`, `generate`, each in
//! one transaction, reporting progress through the session's [`Progress`].

use crate::directory::users::{self, Batch, BatchReport};
use crate::error::{Error, Result};
use crate::generate::{GenParams, users as generated};
use crate::interchange::{self, Format};
use crate::limits::{Limit, MAX_GENERATE};
use crate::model::{Attr, NewUser, SearchKind, Tenant, Value};
use crate::present::{self, Presenter};
use crate::rights::Action;
use crate::search::{self, PeopleQuery};
use crate::session::{Progress, Session, read_in};
use crate::store::{Table, WriteTables, keys};
use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc::SyncSender;

/// Work below this many users reports no progress.
const PROGRESS_FROM: u64 = 5_000;

/// Chunks of users a file's reader may read ahead of their creation.
const READ_AHEAD: usize = 16;
/// Users a file's reader hands over at a time.
const READ_CHUNK: usize = 256;

/// The reading side of an import: reads the users of `bytes` and sends them in chunks, in
/// file order. Returns how the read ended and the line of each user sent. When the creating
/// side has stopped (a refused user, a failure of the file), the read stops too and ends well:
/// the creating side's error is the one to tell.
fn read_in_chunks(
    bytes: &[u8],
    path: &Path,
    format: Format,
    sender: SyncSender<Vec<(NewUser, bool)>>,
) -> (Result<()>, Vec<u64>) {
    let mut lines = Vec::new();
    let mut chunk = Vec::with_capacity(READ_CHUNK);
    let mut stopped = false;
    let read = interchange::each_user(bytes, path, format, &mut |user| {
        lines.push(user.line);
        chunk.push((user.user, user.soft_deleted));
        if chunk.len() == READ_CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(READ_CHUNK));
            if sender.send(full).is_err() {
                stopped = true;
                return Err(Error::invalid("the import stopped"));
            }
        }
        Ok(())
    });
    if stopped {
        return (Ok(()), lines);
    }
    if !chunk.is_empty() {
        // The users before a bad row are created too, so that of a refused user and a bad
        // row the first in the file is told. An error here means the creating side has
        // stopped, and its error is the one to tell.
        let _ = sender.send(chunk);
    }
    (read, lines)
}

/// Creates `users` in bulk, reporting progress as `what` when there are many.
fn create_with_progress(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    total: u64,
    what: &str,
    users: impl IntoIterator<Item = (NewUser, bool), IntoIter: Send>,
    mode: Batch,
    progress: &mut Option<Box<dyn Progress>>,
) -> Result<BatchReport> {
    let mut shown = progress.as_mut().filter(|_| total >= PROGRESS_FROM);
    if let Some(p) = shown.as_mut() {
        p.begin(what, total);
    }
    let report = users::create_many(w, tenant, users, mode, |n| {
        if let Some(p) = shown.as_mut() {
            if n % 1024 == 0 {
                p.advance(n);
            }
        }
    });
    if let Some(p) = shown.as_mut() {
        p.end();
    }
    report
}

/// The folded UPNs a tenant already holds.
fn taken_upns(w: &WriteTables<'_>, tenant: &Tenant) -> Result<HashSet<String>> {
    let prefix = keys::tenant(tenant.ord);
    let mut taken = HashSet::new();
    for entry in w.prefixed(Table::Upns, &prefix)? {
        let (key, _) = entry?;
        taken.insert(String::from_utf8_lossy(&key.value()[prefix.len()..]).into_owned());
    }
    Ok(taken)
}

/// Gives a generated user whose UPN the tenant already holds a free one, `local-g1@domain`,
/// `local-g2@domain`, … (the generator never writes `-g<digits>` itself, so a renamed UPN
/// cannot collide with a later generated one); `mail` follows when it was the UPN.
fn make_unique(taken: &mut HashSet<String>, mut user: NewUser) -> NewUser {
    if taken.insert(crate::fold::fold(&user.upn)) {
        return user;
    }
    let (local, domain) = match user.upn.rsplit_once('@') {
        Some((l, d)) => (l.to_owned(), d.to_owned()),
        None => (user.upn.clone(), String::new()),
    };
    let mut n = 1u64;
    let upn = loop {
        let candidate = format!("{local}-g{n}@{domain}");
        if taken.insert(crate::fold::fold(&candidate)) {
            break candidate;
        }
        n += 1;
    };
    for (attr, value) in &mut user.values {
        if *attr == Attr::Mail && value.as_str() == Some(user.upn.as_str()) {
            *value = Value::str(&upn);
        }
    }
    user.upn = upn;
    user
}

impl Session<'_> {
    /// `import users into tenant T from "path"`: CSV, the Entra admin center's CSV files,
    /// JSON Lines or Graph JSON (by `format`, else by extension). In [`Batch::Atomic`] a bad
    /// row fails the import with its file and line ([`Error::Import`]) and nothing is kept.
    /// Returns how many users were created. The directory's [`crate::FileAccess`] decides
    /// whether the file may be opened ([`Error::FilesForbidden`], [`Error::FileOutside`]).
    pub fn import_users(
        &mut self,
        tenant: &str,
        path: &Path,
        format: Option<&str>,
        mode: Batch,
    ) -> Result<BatchReport> {
        let files = &self.dir.files;
        self.write_in(Action::ImportUsers, tenant, |w, t, progress| {
            let real = files.read(path)?;
            let format = Format::resolve(&real, format)?;
            let bytes = interchange::user_file_bytes(&real, path)?;
            let total = progress
                .as_ref()
                .map_or(0, |_| interchange::estimated_users(&bytes, format));
            // The file is read on another thread while the users it has given are created.
            let (created, read) = std::thread::scope(|scope| {
                let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
                let reader = scope.spawn(|| read_in_chunks(&bytes, path, format, sender));
                let users = receiver.into_iter().flatten();
                let created = create_with_progress(w, t, total, "importing", users, mode, progress);
                let read = reader
                    .join()
                    .unwrap_or_else(|panic| (Err(Error::from_panic(&*panic)), Vec::new()));
                (created, read)
            });
            let (read, lines) = read;
            let line = |i: u64| usize::try_from(i).ok().and_then(|i| lines.get(i).copied()).unwrap_or(0);
            match created {
                Err(Error::Batch { index, error }) => Err(Error::Import {
                    path: path.to_owned(),
                    line: line(index),
                    message: error.to_string(),
                }),
                Err(other) => Err(other),
                Ok(mut report) => {
                    // A bad row ends the read, and with it the users handed over.
                    read?;
                    for (index, _) in &mut report.refused {
                        *index = line(*index);
                    }
                    Ok(report)
                }
            }
        })
    }

    /// `generate users into tenant T count N seed S`: a deterministic realistic directory.
    /// Into a tenant that already has users, generated UPNs that are taken get a `-g<n>`
    /// suffix. Returns how many users were created; at most [`MAX_GENERATE`] at once.
    pub fn generate_users(&mut self, tenant: &str, count: u64, seed: u64) -> Result<u64> {
        self.write_in(Action::GenerateUsers, tenant, |w, t, progress| {
            if count > MAX_GENERATE {
                return Err(Error::TooLarge {
                    limit: Limit::Generate,
                    size: count,
                });
            }
            let params = GenParams::new(count, seed, t.default_domain().to_owned());
            let mut taken = taken_upns(w, t)?;
            let users = generated(&params).map(move |g| (make_unique(&mut taken, g.user), g.soft_deleted));
            match create_with_progress(w, t, count, "generating", users, Batch::Atomic, progress) {
                Ok(report) => Ok(report.done),
                Err(Error::Batch { index, error }) => Err(Error::invalid(format!(
                    "generated user {} was refused: {error}",
                    index + 1
                ))),
                Err(other) => Err(other),
            }
        })
    }

    /// `export users of tenant T to "path"`: every user with every attribute, in the format
    /// of the extension (or `format`). Returns how many users were written. The directory's
    /// [`crate::FileAccess`] decides whether the file may be written.
    pub fn export_users(&self, tenant: &str, path: &Path, format: Option<&str>) -> Result<u64> {
        read_in!(self, Action::ExportUsers, tenant, |t, tenant| {
            let real = self.dir.files.write(path)?;
            self.dir.not_the_database(path, &real)?;
            let format = Format::resolve(&real, format)?;
            let q = PeopleQuery::new(tenant.ord, SearchKind::Find);
            let mut presenter = Presenter::new(t);
            let mut rows = present::header(Attr::stored());
            search::search_each(t, &q, |user| {
                rows.rows.push(presenter.row(&user.view(), Attr::stored())?);
                Ok(())
            })?;
            interchange::write_users(&real, format, &rows.columns, &rows.rows)?;
            Ok(rows.rows.len() as u64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_upns_get_a_suffix_and_mail_follows() {
        let mut taken: HashSet<String> = ["mei.chen@a.example".to_owned(), "mei.chen-g1@a.example".to_owned()].into();
        let user = NewUser::new(
            "Mei.Chen@a.example",
            vec![(Attr::Mail, Value::str("Mei.Chen@a.example"))],
        );
        let renamed = make_unique(&mut taken, user);
        assert_eq!(renamed.upn, "mei.chen-g2@a.example".replace("mei.chen", "Mei.Chen"));
        assert_eq!(renamed.values[0].1, Value::str(&renamed.upn));
        let fresh = make_unique(&mut taken, NewUser::new("ann.lee@a.example", vec![]));
        assert_eq!(fresh.upn, "ann.lee@a.example");
    }
}

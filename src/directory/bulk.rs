//! Creating many users in one transaction (import, generate, `load_users`), on two threads:
//! a preparing thread checks each user's UPN form and values, builds the user and derives its
//! index entries — work that needs no transaction — while the calling thread checks what
//! only the transaction can tell (UPN and home identity free), numbers the users and writes
//! them in bulk mode. Users are written in input order, so ordinals, the change feed and
//! which of two equal UPNs is refused are what one thread would give.

use super::users::{Batch, BatchReport, assign, check_upn, check_upn_free};
use crate::error::{Error, Result};
use crate::model::{Attr, ChangeOp, Home, NewUser, ObjOrd, Source, Tenant, User, UserType, Value, ids::now_millis};
use crate::store::WriteTables;
use crate::store::index::{self, Derived};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use uuid::Uuid;

/// Users handed from the preparing thread to the writer at a time.
const CHUNK: usize = 256;
/// Chunks the preparing thread may run ahead of the writer (bounds the memory in flight).
const AHEAD: usize = 16;

/// A user checked and built away from the transaction.
struct Prepared {
    /// The UPN's form and domain ([`check_upn`]): the first rule a create checks.
    upn_form: Result<()>,
    upn: String,
    home: Option<Home>,
    /// The user (ordinal 0) with its index entries, or why its values were refused: told only
    /// after the transaction's own checks, in the order a single create checks them.
    built: Result<(User, Derived)>,
    manager: Option<Value>,
}

/// Creates many users in one go (import, generate). In [`Batch::Atomic`] mode the first
/// refused user fails the batch with [`Error::Batch`] naming it (the caller's transaction
/// then rolls everything back); in [`Batch::Each`] refused users are reported and skipped.
/// `soft_deleted` users are created deleted. Managers may come later in the batch: they are
/// assigned once everyone exists. `progress` is told how many users have been taken.
pub fn create_many<I>(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    users: I,
    mode: Batch,
    mut progress: impl FnMut(u64),
) -> Result<BatchReport>
where
    I: IntoIterator<Item = (NewUser, bool)>,
    I::IntoIter: Send,
{
    w.set_bulk(true)?;
    let users = users.into_iter();
    let (written, managers) = std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel(AHEAD);
        let preparer = scope.spawn(move || prepare_all(tenant, users, &sender));
        let written = write_all(w, tenant, receiver, mode, &mut progress);
        // The receiver is gone: a preparer still sending stops at its next chunk.
        let prepared = preparer.join().unwrap_or_else(|panic| Err(Error::from_panic(&*panic)));
        written.and_then(|w| prepared.map(|()| w))
    })?;
    let mut report = written;
    w.set_bulk(false)?;
    for (at, ord, manager) in managers {
        let Some(user) = w.user(tenant.ord, ord)? else {
            continue;
        };
        let mut changed = user.clone();
        let outcome = assign(w, tenant, &mut changed, &[(Attr::Manager, manager)])
            .and_then(|()| w.write_user(Some(&user), Some(&changed), ChangeOp::Update))
            .map(|()| false);
        report.record(mode, at, outcome)?;
    }
    Ok(report)
}

/// The preparing thread: prepares every user, in order, in chunks. Stops when the writer has
/// gone (it stopped at a refusal or a failure of the file).
fn prepare_all(
    tenant: &Tenant,
    users: impl Iterator<Item = (NewUser, bool)>,
    sender: &SyncSender<Vec<Prepared>>,
) -> Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK);
    for (mut new, soft_deleted) in users {
        let manager = new
            .values
            .iter()
            .position(|(a, _)| *a == Attr::Manager)
            .map(|p| new.values.remove(p).1);
        let upn_form = check_upn(tenant, &new.upn);
        let built = match &upn_form {
            Ok(()) => unnumbered(tenant, &mut new, soft_deleted).map(|u| {
                let derived = index::derive(&u);
                (u, derived)
            }),
            // Never looked at: the UPN's error is told first.
            Err(_) => Err(Error::invalid("not built")),
        };
        chunk.push(Prepared {
            upn_form,
            upn: new.upn,
            home: new.b2b,
            built,
            manager,
        });
        if chunk.len() == CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            if sender.send(full).is_err() {
                return Ok(());
            }
        }
    }
    if !chunk.is_empty() {
        // An error means the writer has stopped: nothing is waiting for the last chunk.
        let _ = sender.send(chunk);
    }
    Ok(())
}

/// A new user built from its values (without `manager`), not yet numbered: what a create
/// decides without reading the store.
fn unnumbered(tenant: &Tenant, new: &mut NewUser, soft_deleted: bool) -> Result<User> {
    let mut user = User::new(Uuid::now_v7(), ObjOrd(0), tenant.ord, &new.upn, now_millis());
    if let Some(home) = new.b2b {
        user.source = Source::B2b {
            home_tenant: home.tenant,
            home_object: home.object,
        };
        user.user_type = UserType::Guest;
        user.show_in_address_list = false;
    }
    for (attr, value) in std::mem::take(&mut new.values) {
        user.set(attr, value)?;
    }
    user.user_principal_name = new.upn.clone();
    user.apply_defaults();
    if soft_deleted {
        user.deleted = Some(user.created);
    }
    Ok(user)
}

/// Managers to assign once everyone exists: (position in the batch, user, manager's UPN).
type Managers = Vec<(u64, ObjOrd, Value)>;

/// The writing side: the transaction's checks, numbering, and the write of each user.
fn write_all(
    w: &mut WriteTables<'_>,
    tenant: &Tenant,
    receiver: Receiver<Vec<Prepared>>,
    mode: Batch,
    progress: &mut impl FnMut(u64),
) -> Result<(BatchReport, Managers)> {
    let mut report = BatchReport::default();
    let mut managers = Vec::new();
    let mut at = 0u64;
    for chunk in receiver {
        for prepared in chunk {
            let manager = prepared.manager.clone();
            let outcome = admit(w, tenant, prepared).map(|ord| {
                if let Some(manager) = manager.filter(|m| !m.is_null()) {
                    managers.push((at, ord, manager));
                }
                true
            });
            report.record(mode, at, outcome)?;
            at += 1;
            progress(at);
        }
    }
    Ok((report, managers))
}

/// Checks a prepared user against the transaction, numbers it and writes it.
fn admit(w: &mut WriteTables<'_>, tenant: &Tenant, prepared: Prepared) -> Result<ObjOrd> {
    prepared.upn_form?;
    check_upn_free(w, tenant, &prepared.upn, None)?;
    if let Some(home) = &prepared.home {
        if w.user_ord_by_home(tenant.ord, home)?.is_some() {
            return Err(Error::HomeTaken {
                tenant: tenant.handle.clone(),
            });
        }
    }
    let (mut user, mut derived) = prepared.built?;
    user.ord = w.next_object()?;
    derived.set_ord(user.ord);
    w.create_user(&user, derived)?;
    Ok(user.ord)
}

//! Sessions: an acting principal, transactions, and the one place where operations are
//! authorized.
//!
//! Every operation of the typed API is one redb write transaction (reads use an MVCC
//! snapshot and never wait), or part of the open `begin` … `commit` block. An operation that
//! fails while changing the directory inside such a block rolls the whole block back (redb
//! cannot undo part of a transaction), so nothing is ever half-written; a failed read
//! changes nothing and leaves the block open.

use crate::directory::{Directory, tenants};
use crate::error::{Error, Result, shielded};
use crate::model::Tenant;
use crate::rights::{Action, Principal};
use crate::store::{ReadTables, Tables, WriteTables};
use redb::{ReadTransaction, WriteTransaction};

/// Reports the progress of long operations (imports, generated users) to whoever shows it;
/// the library itself prints nothing.
pub trait Progress {
    /// Work of `total` units called `what` starts.
    fn begin(&mut self, what: &str, total: u64);
    /// `done` units are done.
    fn advance(&mut self, done: u64);
    /// The work is over.
    fn end(&mut self);
}

/// A session on a [`Directory`]: who acts, and the open explicit transaction, if any.
pub struct Session<'d> {
    pub(crate) dir: &'d Directory,
    pub(crate) principal: Principal,
    pub(crate) txn: Option<WriteTransaction>,
    /// True when the open transaction is the user's `begin` block, not a script's.
    pub(crate) explicit: bool,
    pub(crate) progress: Option<Box<dyn Progress>>,
    /// True when the session may not change who acts ([`Session::confine`]).
    pub(crate) confined: bool,
    /// The read snapshot a read-only script runs over (one state for all its statements).
    pub(crate) snapshot: Option<ReadTransaction>,
}

/// A read view: the snapshot the session holds, or a fresh one.
pub(crate) enum View<'a> {
    Held(&'a ReadTransaction),
    Fresh(ReadTransaction),
}

impl View<'_> {
    pub(crate) fn get(&self) -> &ReadTransaction {
        match self {
            View::Held(t) => t,
            View::Fresh(t) => t,
        }
    }
}

/// Evaluates `$body` with `$t` bound to the session's current read view: the open
/// transaction's tables (so reads see its writes), the snapshot a read-only script holds, or
/// a fresh MVCC snapshot's.
///
/// This is the boundary that reads the file: a panic of redb on a damaged file is caught here
/// and becomes [`Error::Damaged`].
macro_rules! with_view {
    ($session:expr, |$t:ident| $body:expr) => {
        match &$session.txn {
            Some(txn) => $crate::error::shielded(|| {
                let $t = &$crate::store::Tables::new(txn);
                $body
            })
            .map_err(|e| e.in_file($session.dir.path())),
            None => match $session.read_view() {
                Ok(snapshot) => $crate::error::shielded(|| {
                    let $t = &$crate::store::Tables::new(snapshot.get());
                    $body
                })
                .map_err(|e| e.in_file($session.dir.path())),
                Err(e) => Err(e),
            },
        }
    };
}
pub(crate) use with_view;

/// A read of one tenant: resolves the handle, authorizes `$action` there, then evaluates
/// `$body` with the view `$t` and the tenant `$tenant`. Nothing is read before the check.
macro_rules! read_in {
    ($session:expr, $action:expr, $handle:expr, |$t:ident, $tenant:ident| $body:expr) => {{
        let who = $session.principal.clone();
        $crate::session::with_view!($session, |$t| {
            let $tenant = $crate::session::resolve_as($t, &who, $action, $handle)?;
            who.authorize($action, Some(&$tenant))?;
            $body
        })
    }};
}
pub(crate) use read_in;

/// The tenant with this handle, as `who` may learn of it: a tenant's administrator who names
/// a tenant that does not exist is refused as for any other tenant ([`Error::Denied`]), so
/// that no answer tells which other tenants exist or suggests their handles.
pub(crate) fn resolve_as<S: crate::store::Open>(
    t: &Tables<S>,
    who: &Principal,
    action: Action,
    handle: &str,
) -> Result<Tenant> {
    match tenants::resolve(t, handle) {
        Err(Error::UnknownTenant { .. }) if who.tenant().is_some() => Err(Error::Denied {
            principal: who.clone(),
            action,
            tenant: Some(handle.to_owned()),
        }),
        other => other,
    }
}

impl<'d> Session<'d> {
    pub(crate) fn new(dir: &'d Directory) -> Session<'d> {
        Session {
            dir,
            principal: Principal::Operator,
            txn: None,
            explicit: false,
            progress: None,
            confined: false,
            snapshot: None,
        }
    }

    /// The directory this session works on.
    pub fn directory(&self) -> &'d Directory {
        self.dir
    }

    /// Who acts.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The handle of the tenant this session's administrator acts for; the operator acts for
    /// none ([`Error::NoTenant`]).
    pub fn own_tenant(&self) -> Result<&str> {
        match &self.principal {
            Principal::TenantAdmin { handle, .. } => Ok(handle),
            Principal::Operator => Err(Error::NoTenant),
        }
    }

    /// Acts as the administrator of the tenant with this handle. A confined session
    /// ([`Session::confine`]) may only name the tenant it acts for already.
    pub fn use_tenant(&mut self, handle: &str) -> Result<()> {
        let who = self.principal.clone();
        let confined = self.confined;
        let tenant = with_view!(self, |t| {
            if confined {
                let tenant = resolve_as(t, &who, Action::ActAs, handle)?;
                who.authorize(Action::ActAs, Some(&tenant))?;
                Ok(tenant)
            } else {
                tenants::resolve(t, handle)
            }
        })?;
        self.principal = Principal::admin_of(&tenant);
        Ok(())
    }

    /// Acts as the operator again; a confined session of a tenant's administrator is refused
    /// ([`Error::Denied`]).
    pub fn use_operator(&mut self) -> Result<()> {
        if self.confined {
            self.principal.authorize(Action::ActAs, None)?;
        }
        self.principal = Principal::Operator;
        Ok(())
    }

    /// Confines this session to the principal it acts as now: from here on, `use tenant`
    /// and `use operator` (statements or methods) that would change who acts are refused with
    /// [`Error::Denied`] ([`Action::ActAs`]). For embedders that hand a tenant's
    /// administrator a session to run MTOQL in: `session.use_tenant("B")?;
    /// session.confine();`.
    pub fn confine(&mut self) {
        self.confined = true;
    }

    /// Shows the progress of long operations through `progress` (`None`: not at all).
    pub fn set_progress(&mut self, progress: Option<Box<dyn Progress>>) {
        self.progress = progress;
    }

    /// True inside `begin` … `commit` (and while an atomic script runs).
    pub fn in_transaction(&self) -> bool {
        self.txn.is_some()
    }

    /// True inside the user's own `begin` … `commit` block.
    pub fn in_block(&self) -> bool {
        self.txn.is_some() && self.explicit
    }

    /// The read view outside a transaction: the held snapshot, or a fresh one.
    pub(crate) fn read_view(&self) -> Result<View<'_>> {
        match &self.snapshot {
            Some(t) => Ok(View::Held(t)),
            None => self.dir.begin_read().map(View::Fresh),
        }
    }

    /// Holds one read snapshot for the reads that follow (a read-only script's).
    pub(crate) fn hold_snapshot(&mut self) -> Result<()> {
        self.snapshot = Some(self.dir.begin_read()?);
        Ok(())
    }

    /// Lets the held snapshot go.
    pub(crate) fn release_snapshot(&mut self) {
        self.snapshot = None;
    }

    /// Starts an explicit transaction.
    pub fn begin(&mut self) -> Result<()> {
        if self.txn.is_some() {
            return Err(Error::Transaction(
                "a transaction is already open (commit or rollback it first)".into(),
            ));
        }
        self.txn = Some(self.dir.begin_write()?);
        self.explicit = true;
        Ok(())
    }

    /// Starts the transaction of an atomic script (not the user's `begin` block).
    pub(crate) fn begin_script(&mut self) -> Result<()> {
        self.begin()?;
        self.explicit = false;
        Ok(())
    }

    /// Commits the explicit transaction.
    pub fn commit(&mut self) -> Result<()> {
        let txn = self
            .txn
            .take()
            .ok_or_else(|| Error::Transaction("no transaction is open".into()))?;
        shielded(|| Ok(txn.commit()?)).map_err(|e| e.in_file(self.dir.path()))
    }

    /// Abandons the explicit transaction, if any; false when none was open.
    pub fn rollback(&mut self) -> bool {
        match self.txn.take() {
            Some(txn) => {
                // Dropping an uncommitted write transaction rolls it back.
                let _ = shielded(|| Ok(txn.abort()?));
                true
            }
            None => false,
        }
    }

    /// A read snapshot of the committed state of every tenant, for running
    /// [`crate::search`] functions directly (plans, scans, statistics). Only the operator
    /// may take one ([`Action::ReadAll`]): the tables hold every tenant.
    pub fn snapshot(&self) -> Result<ReadTables> {
        self.principal.authorize(Action::ReadAll, None)?;
        Ok(Tables::new(self.dir.begin_read()?))
    }

    /// Runs `f` in a write transaction (the open one, or a new one committed at the end) once
    /// `action` is authorized in the tenant with this handle. An error rolls back everything
    /// `f` did (and, inside `begin`, the whole block).
    pub(crate) fn write_in<R>(
        &mut self,
        action: Action,
        handle: &str,
        f: impl FnOnce(&mut WriteTables<'_>, &Tenant, &mut Option<Box<dyn Progress>>) -> Result<R>,
    ) -> Result<R> {
        let who = self.principal.clone();
        let mut progress = self.progress.take();
        let outcome = self.write(|w| {
            let tenant = resolve_as(w, &who, action, handle)?;
            who.authorize(action, Some(&tenant))?;
            f(w, &tenant, &mut progress)
        });
        self.progress = progress;
        outcome
    }

    /// Runs `f` in a write transaction once `action`, which concerns no one tenant, is
    /// authorized.
    pub(crate) fn write_global<R>(
        &mut self,
        action: Action,
        f: impl FnOnce(&mut WriteTables<'_>) -> Result<R>,
    ) -> Result<R> {
        self.principal.authorize(action, None)?;
        self.write(f)
    }

    /// The boundary that writes the file: a panic of redb on a damaged file is caught here
    /// and becomes [`Error::Damaged`], and the transaction is abandoned.
    fn write<R>(&mut self, f: impl FnOnce(&mut WriteTables<'_>) -> Result<R>) -> Result<R> {
        let (txn, explicit) = match self.txn.take() {
            Some(txn) => (txn, true),
            None => (self.dir.begin_write()?, false),
        };
        let (actor, spill) = (self.principal.actor(), self.dir.options().bulk_spill_entries);
        let outcome = shielded(|| {
            let mut tables = Tables::new(&txn);
            tables.set_actor(actor);
            tables.set_bulk_spill(spill);
            f(&mut tables).and_then(|r| tables.finish().map(|()| r))
        })
        .map_err(|e| e.in_file(self.dir.path()));
        match outcome {
            Ok(r) if explicit => {
                self.txn = Some(txn);
                Ok(r)
            }
            Ok(r) => {
                shielded(|| Ok(txn.commit()?)).map_err(|e| e.in_file(self.dir.path()))?;
                Ok(r)
            }
            Err(e) => {
                let _ = shielded(|| Ok(txn.abort()?));
                if explicit {
                    Err(Error::RolledBack(Box::new(e)))
                } else {
                    Err(e)
                }
            }
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.rollback();
    }
}

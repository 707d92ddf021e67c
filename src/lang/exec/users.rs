//! `create user`, `update user(s)`, `delete`, `restore`, `purge`, `show user`.

use super::{at_tenant, handle, message, plural, values};
use crate::directory::Batch;
use crate::error::Result;
use crate::lang::ast::UserStmt;
use crate::model::{Attr, NewUser};
use crate::output::Output;
use crate::session::Session;

pub(super) fn run(session: &mut Session<'_>, stmt: &UserStmt) -> Result<Output> {
    match stmt {
        UserStmt::CreateUser { upn, tenant, set } => {
            let h = handle(session, tenant)?;
            let user = session
                .create_user(&h, &NewUser::new(upn.clone(), values(set)?))
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!("created user {} in tenant {h}", user.user_principal_name))
        }
        UserStmt::UpdateUser { upn, tenant, set } => {
            let h = handle(session, tenant)?;
            let user = session
                .update_user(&h, upn, &values(set)?)
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!("updated user {} in tenant {h}", user.user_principal_name))
        }
        UserStmt::UpdateUsers { tenant, filter, set } => {
            let h = handle(session, tenant)?;
            let report = session
                .update_users(&h, filter.as_ref(), &values(set)?, Batch::Atomic)
                .map_err(|e| at_tenant(e, tenant))?;
            let n = report.done;
            message(format!("updated {n} {} in tenant {h}", plural(n, "user")))
        }
        UserStmt::DeleteUser { upn, tenant } => {
            let h = handle(session, tenant)?;
            session.delete_user(&h, upn).map_err(|e| at_tenant(e, tenant))?;
            message(format!(
                "deleted user {upn} in tenant {h} (restorable with `restore user`)"
            ))
        }
        UserStmt::RestoreUser { upn, tenant } => {
            let h = handle(session, tenant)?;
            session.restore_user(&h, upn).map_err(|e| at_tenant(e, tenant))?;
            message(format!("restored user {upn} in tenant {h}"))
        }
        UserStmt::PurgeUser { upn, tenant } => {
            let h = handle(session, tenant)?;
            session.purge_user(&h, upn).map_err(|e| at_tenant(e, tenant))?;
            message(format!("purged user {upn} from tenant {h}"))
        }
        UserStmt::ShowUser { upn, tenant } => {
            let h = handle(session, tenant)?;
            let rows = session
                .user_row(&h, upn, Attr::stored())
                .map_err(|e| at_tenant(e, tenant))?;
            Ok(Output::Rows(rows))
        }
    }
}

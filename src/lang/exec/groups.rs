//! `create group`, `show group(s)`, `add`/`remove` members.

use super::{at_group, at_tenant, handle, message, plural};
use crate::directory::Batch;
use crate::error::Result;
use crate::lang::ast::GroupStmt;
use crate::model::{Attr, Value};
use crate::output::{Output, Rows};
use crate::session::Session;

/// Columns of a group's member list.
const MEMBER_COLUMNS: &[Attr] = &[
    Attr::DisplayName,
    Attr::UserPrincipalName,
    Attr::UserType,
    Attr::IsSoftDeleted,
];

pub(super) fn run(session: &mut Session<'_>, stmt: &GroupStmt) -> Result<Output> {
    match stmt {
        GroupStmt::CreateGroup {
            name,
            tenant,
            description,
        } => {
            let h = handle(session, tenant)?;
            session
                .create_group(&h, &name.text, description.as_deref())
                .map_err(|e| at_group(at_tenant(e, tenant), name))?;
            message(format!("created group {} in tenant {h}", name.text))
        }
        GroupStmt::ShowGroup { name, tenant } => {
            let h = handle(session, tenant)?;
            let rows = session
                .group_members(&h, &name.text, MEMBER_COLUMNS)
                .map_err(|e| at_group(at_tenant(e, tenant), name))?;
            Ok(Output::Rows(rows))
        }
        GroupStmt::ShowGroups { tenant } => {
            let h = handle(session, tenant)?;
            let groups = session.groups(&h).map_err(|e| at_tenant(e, tenant))?;
            let mut rows = Rows::new(
                ["displayName", "id", "description", "members"]
                    .map(String::from)
                    .to_vec(),
            );
            for g in groups {
                rows.rows.push(vec![
                    Value::Str(g.group.display_name),
                    Value::Str(g.group.id.to_string()),
                    Value::opt_str(g.group.description.as_deref()),
                    Value::Int(i64::try_from(g.members).unwrap_or(i64::MAX)),
                ]);
            }
            Ok(Output::Rows(rows))
        }
        GroupStmt::AddMember { upn, group, tenant } | GroupStmt::RemoveMember { upn, group, tenant } => {
            let add = matches!(stmt, GroupStmt::AddMember { .. });
            let h = handle(session, tenant)?;
            let changed = session
                .set_member(&h, &group.text, upn, add)
                .map_err(|e| at_group(at_tenant(e, tenant), group))?;
            message(match (add, changed) {
                (true, true) => format!("added {upn} to group {}", group.text),
                (true, false) => format!("{upn} already is a member of group {}", group.text),
                (false, true) => format!("removed {upn} from group {}", group.text),
                (false, false) => format!("{upn} is not a member of group {}", group.text),
            })
        }
        GroupStmt::AddMembers { tenant, filter, group } | GroupStmt::RemoveMembers { tenant, filter, group } => {
            let add = matches!(stmt, GroupStmt::AddMembers { .. });
            let h = handle(session, tenant)?;
            let n = session
                .set_members(&h, &group.text, filter.as_ref(), add, Batch::Atomic)
                .map_err(|e| at_group(at_tenant(e, tenant), group))?
                .done;
            let (verb, dir) = if add { ("added", "to") } else { ("removed", "from") };
            message(format!("{verb} {n} {} {dir} group {}", plural(n, "user"), group.text))
        }
    }
}

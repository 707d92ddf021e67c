//! The multitenant organization's statements.

use super::{at_tenant, message};
use crate::directory::access::SettingChange;
use crate::error::Result;
use crate::lang::ast::{LabelsInput, Name, OrgStmt};
use crate::model::{Labels, MemberState, Value, ids::format_millis};
use crate::output::{Output, Rows};
use crate::session::Session;

/// The tenant that acts: `as tenant A`, or the session's own.
fn actor(session: &Session<'_>, name: &Option<Name>) -> Result<String> {
    super::handle(session, name)
}

pub(super) fn run(session: &mut Session<'_>, stmt: &OrgStmt) -> Result<Output> {
    match stmt {
        OrgStmt::Create {
            name,
            description,
            actor: a,
        } => {
            let h = actor(session, a)?;
            let org = session
                .create_organization(&h, name, description.as_deref())
                .map_err(|e| at_tenant(e, a))?;
            message(format!(
                "created the multitenant organization \"{}\" with tenant {h} as its owner",
                org.display_name
            ))
        }
        OrgStmt::Add { tenant, role, actor: a } => {
            let h = actor(session, a)?;
            session
                .add_to_organization(&h, &tenant.text, *role)
                .map_err(|e| at_tenant(at_tenant(e, a), &Some(tenant.clone())))?;
            message(format!(
                "added tenant {} as a pending {}: it becomes active when it joins",
                tenant.text,
                role.as_str()
            ))
        }
        OrgStmt::Join { name, actor: a } => {
            let h = actor(session, a)?;
            session.join_organization(&h, name).map_err(|e| at_tenant(e, a))?;
            message(format!("tenant {h} joined \"{name}\" and is active"))
        }
        OrgStmt::SetRole { tenant, role, actor: a } => {
            let h = actor(session, a)?;
            session
                .set_organization_role(&h, &tenant.text, *role)
                .map_err(|e| at_tenant(at_tenant(e, a), &Some(tenant.clone())))?;
            let article = if *role == crate::model::Role::Owner { "an" } else { "a" };
            message(format!("tenant {} is now {article} {}", tenant.text, role.as_str()))
        }
        OrgStmt::Remove { tenant, actor: a } => {
            let h = actor(session, a)?;
            let deleted = session
                .remove_from_organization(&h, &tenant.text)
                .map_err(|e| at_tenant(at_tenant(e, a), &Some(tenant.clone())))?;
            message(if deleted {
                format!(
                    "removed tenant {}; no tenant is left, so the organization is deleted",
                    tenant.text
                )
            } else {
                format!("removed tenant {} from the organization", tenant.text)
            })
        }
        OrgStmt::Leave { actor: a } => {
            let h = actor(session, a)?;
            let deleted = session.leave_organization(&h).map_err(|e| at_tenant(e, a))?;
            message(if deleted {
                format!("tenant {h} left; it was the last tenant, so the organization is deleted")
            } else {
                format!("tenant {h} left the organization (its access settings and sync configurations stay)")
            })
        }
        OrgStmt::SetLabels { labels, actor: a } => {
            let h = actor(session, a)?;
            let (choice, custom): (Option<bool>, Vec<(String, String)>) = match labels {
                LabelsInput::None => (Some(false), Vec::new()),
                LabelsInput::OrganizationName => (Some(true), Vec::new()),
                LabelsInput::Custom(list) => (None, list.iter().map(|(n, l)| (n.text.clone(), l.clone())).collect()),
            };
            session
                .set_organization_labels(&h, choice, &custom)
                .map_err(|e| at_tenant(e, a))?;
            message("set the organization's labels")
        }
        OrgStmt::SetCalendar { with, on, actor: a } => {
            let h = actor(session, a)?;
            session
                .set_calendar_sharing(&h, &with.text, *on)
                .map_err(|e| at_tenant(at_tenant(e, a), &Some(with.clone())))?;
            let state = if *on { "on" } else { "off" };
            message(format!(
                "tenant {h}'s calendar sharing with tenant {} is {state}",
                with.text
            ))
        }
        OrgStmt::SetTemplate {
            items,
            new_partners,
            existing_partners,
            actor: a,
        } => {
            let h = actor(session, a)?;
            let changes: Vec<SettingChange> = items
                .iter()
                .map(|(setting, value)| SettingChange {
                    setting: *setting,
                    value: Some(value.clone()),
                })
                .collect();
            session
                .set_organization_template(&h, &changes, *new_partners, *existing_partners)
                .map_err(|e| at_tenant(e, a))?;
            message(format!("set tenant {h}'s partner template"))
        }
        OrgStmt::Show { actor: a } => {
            let h = actor(session, a)?;
            let view = session.organization(&h).map_err(|e| at_tenant(e, a))?;
            Ok(show(&view))
        }
        OrgStmt::ShowCalendar { tenant } => {
            let h = super::handle(session, tenant)?;
            let pairs = session.calendar_sharing(&h).map_err(|e| at_tenant(e, tenant))?;
            let mut rows = Rows::new(
                ["tenant", "with", "mine", "theirs", "inEffect"]
                    .map(String::from)
                    .to_vec(),
            );
            for (other, mine, theirs) in pairs {
                rows.rows.push(vec![
                    Value::str(&h),
                    Value::Str(other.handle),
                    Value::Bool(mine),
                    Value::Bool(theirs),
                    Value::Bool(mine && theirs),
                ]);
            }
            Ok(Output::Rows(rows))
        }
    }
}

/// The organization's tenants as rows; Graph's `multiTenantOrganization` with its tenants in
/// JSON.
fn show(view: &crate::api::OrganizationView) -> Output {
    let org = &view.organization;
    let mut rows = Rows::new(
        [
            "tenant",
            "displayName",
            "role",
            "state",
            "addedBy",
            "addedDateTime",
            "joinedDateTime",
            "label",
        ]
        .map(String::from)
        .to_vec(),
    );
    let mut tenants = Vec::new();
    for ((m, t), added_by) in view.members.iter().zip(&view.added_by) {
        let name = t.as_ref().map_or_else(|| m.tenant_id.to_string(), |t| t.handle.clone());
        let display = t.as_ref().map_or(Value::Null, |t| Value::str(&t.display_name));
        let added_by = Value::opt_str(added_by.as_deref());
        let joined = m.joined.map_or(Value::Null, |j| Value::Str(format_millis(j)));
        let label = org.label_of(m.tenant_id).map_or(Value::Null, Value::str);
        rows.rows.push(vec![
            Value::Str(name),
            display.clone(),
            Value::str(m.role.as_str()),
            Value::str(m.state.as_str()),
            added_by,
            Value::Str(format_millis(m.added)),
            joined.clone(),
            label,
        ]);
        tenants.push(Value::Object(vec![
            ("tenantId".into(), Value::Str(m.tenant_id.to_string())),
            ("displayName".into(), display),
            ("role".into(), Value::str(m.role.as_str())),
            (
                "state".into(),
                Value::str(match m.state {
                    MemberState::Pending => "pending",
                    MemberState::Active => "active",
                }),
            ),
            (
                "addedByTenantId".into(),
                m.added_by.map_or(Value::Null, |id| Value::Str(id.to_string())),
            ),
            ("addedDateTime".into(), Value::Str(format_millis(m.added))),
            ("joinedDateTime".into(), joined),
        ]));
    }
    let labels = match &org.labels {
        Labels::None => Value::str("none"),
        Labels::OrganizationName => Value::str("organizationName"),
        Labels::Custom(_) => Value::str("custom"),
    };
    let document = Value::Object(vec![
        ("id".into(), Value::Str(org.id.to_string())),
        ("displayName".into(), Value::str(&org.display_name)),
        ("description".into(), Value::opt_str(org.description.as_deref())),
        ("state".into(), Value::str("active")),
        ("createdDateTime".into(), Value::Str(format_millis(org.created))),
        ("labels".into(), labels),
        ("tenants".into(), Value::List(tenants)),
    ]);
    Output::Document { document, rows }
}

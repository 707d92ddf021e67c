//! The organization's statements: parse tree to [`OrgStmt`].

use super::access::access_items;
use super::grammar::Rule;
use super::{Builder, Node, child, children, has, required, text_of};
use crate::error::Result;
use crate::lang::ast::{LabelsInput, Name, OrgStmt};
use crate::model::Role;

/// One organization statement.
pub(super) fn statement(b: &Builder<'_>, node: &Node<'_>) -> Result<OrgStmt> {
    let actor = child(node, Rule::acting)
        .map(|a| b.name(&a, Rule::tenant))
        .transpose()?;
    let text = || Ok::<_, crate::Error>(text_of(&required(node, Rule::text)?));
    let tenant = || b.name(node, Rule::tenant);
    Ok(match node.as_rule() {
        Rule::create_org => OrgStmt::Create {
            name: text()?,
            description: child(node, Rule::description)
                .map(|d| required(&d, Rule::text).map(|t| text_of(&t)))
                .transpose()?,
            actor,
        },
        Rule::add_tenant => OrgStmt::Add {
            tenant: tenant()?,
            role: child(node, Rule::org_role)
                .map(|r| role(&r))
                .transpose()?
                .unwrap_or(Role::Member),
            actor,
        },
        Rule::join_org => OrgStmt::Join { name: text()?, actor },
        Rule::set_role => OrgStmt::SetRole {
            tenant: tenant()?,
            role: role(node)?,
            actor,
        },
        Rule::remove_tenant => OrgStmt::Remove {
            tenant: tenant()?,
            actor,
        },
        Rule::leave_org => OrgStmt::Leave { actor },
        Rule::set_labels => OrgStmt::SetLabels {
            labels: if has(node, Rule::kw_none) {
                LabelsInput::None
            } else if has(node, Rule::kw_custom) {
                LabelsInput::Custom(
                    children(node, Rule::label_item)
                        .map(|item| Ok((b.name(&item, Rule::tenant)?, text_of(&required(&item, Rule::text)?))))
                        .collect::<Result<Vec<(Name, String)>>>()?,
                )
            } else {
                LabelsInput::OrganizationName
            },
            actor,
        },
        Rule::set_calendar => OrgStmt::SetCalendar {
            with: tenant()?,
            on: has(node, Rule::kw_on),
            actor,
        },
        Rule::set_template => {
            let level = child(node, Rule::template_for);
            OrgStmt::SetTemplate {
                items: access_items(node)?,
                new_partners: level.as_ref().is_none_or(|l| has(l, Rule::kw_new)),
                existing_partners: level.as_ref().is_some_and(|l| has(l, Rule::kw_existing)),
                actor,
            }
        }
        Rule::show_org => OrgStmt::Show { actor },
        _ => OrgStmt::ShowCalendar {
            tenant: children(node, Rule::tenant).next().map(|t| b.name_of(&t)),
        },
    })
}

/// The role a `role_name` (inside `node`) names.
fn role(node: &Node<'_>) -> Result<Role> {
    let name = required(node, Rule::role_name)?;
    Ok(if has(&name, Rule::kw_owner) {
        Role::Owner
    } else {
        Role::Member
    })
}

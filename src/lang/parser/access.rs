//! The access settings' and invitations' statements: parse tree to [`AccessStmt`].

use super::grammar::Rule;
use super::{Builder, Node, child, children, has, required, text_of};
use crate::directory::access::SettingInput;
use crate::error::Result;
use crate::lang::ast::AccessStmt;
use crate::model::{AccessType, Setting};

/// One access statement.
pub(super) fn statement(b: &Builder<'_>, node: &Node<'_>) -> Result<AccessStmt> {
    Ok(match node.as_rule() {
        Rule::explain_access | Rule::invite_user => {
            let mut tenants = children(node, Rule::tenant).map(|t| b.name_of(&t));
            let (home, resource) = match (tenants.next(), tenants.next()) {
                (Some(home), Some(resource)) => (home, resource),
                _ => return Err(crate::Error::invalid("internal parser error: two tenants expected")),
            };
            let upn = text_of(&required(node, Rule::upn)?);
            if node.as_rule() == Rule::explain_access {
                AccessStmt::ExplainAccess { upn, home, resource }
            } else {
                let member = child(node, Rule::invite_as).is_some_and(|a| has(&a, Rule::kw_member));
                AccessStmt::Invite {
                    upn,
                    home,
                    resource,
                    member,
                }
            }
        }
        Rule::import_access => AccessStmt::Import {
            tenant: b.tenant(node)?,
            path: text_of(&required(node, Rule::path)?),
        },
        Rule::export_access => AccessStmt::Export {
            tenant: b.tenant(node)?,
            path: text_of(&required(node, Rule::path)?),
        },
        Rule::delete_access => AccessStmt::DeleteAccess {
            tenant: b.name(node, Rule::tenant)?,
            partner: b.name(&required(node, Rule::partner_clause)?, Rule::partner)?,
        },
        _ => {
            let of = required(node, Rule::access_of)?;
            let tenant = b.name(&of, Rule::tenant)?;
            let partner = child(&of, Rule::partner_clause)
                .map(|p| b.name(&p, Rule::partner))
                .transpose()?;
            if has(node, Rule::kw_default) {
                if let Some(p) = &partner {
                    return Err(b.syntax("`default` access has no partner: leave out `partner …`", p.span));
                }
            }
            match node.as_rule() {
                Rule::show_access => AccessStmt::ShowAccess { tenant, partner },
                Rule::reset_access => AccessStmt::ResetAccess {
                    tenant,
                    partner,
                    settings: children(node, Rule::setting_name).map(|n| setting(&n)).collect(),
                },
                _ => AccessStmt::SetAccess {
                    tenant,
                    partner,
                    items: access_items(node)?,
                },
            }
        }
    })
}

/// The `setting = value` items of `node`.
pub(super) fn access_items(node: &Node<'_>) -> Result<Vec<(Setting, SettingInput)>> {
    children(node, Rule::access_item)
        .map(|item| {
            let name = setting(&required(&item, Rule::setting_name)?);
            Ok((name, value(&required(&item, Rule::setting_value)?, name)))
        })
        .collect()
}

/// The setting a `setting_name` names.
fn setting(node: &Node<'_>) -> Setting {
    let inbound = has(node, Rule::kw_inbound);
    let apps = has(node, Rule::kw_applications);
    if has(node, Rule::kw_trust) {
        return if has(node, Rule::kw_mfa) {
            Setting::TrustMfa
        } else if has(node, Rule::kw_compliant) {
            Setting::TrustCompliantDevice
        } else {
            Setting::TrustHybridJoinedDevice
        };
    }
    if has(node, Rule::kw_sync) {
        return Setting::SyncInbound;
    }
    if has(node, Rule::kw_redemption) {
        return if inbound {
            Setting::RedemptionInbound
        } else {
            Setting::RedemptionOutbound
        };
    }
    match (has(node, Rule::kw_collaboration), inbound, apps) {
        (true, true, false) => Setting::CollaborationInboundUsers,
        (true, true, true) => Setting::CollaborationInboundApplications,
        (true, false, false) => Setting::CollaborationOutboundUsers,
        (true, false, true) => Setting::CollaborationOutboundApplications,
        (false, true, false) => Setting::DirectConnectInboundUsers,
        (false, true, true) => Setting::DirectConnectInboundApplications,
        (false, false, false) => Setting::DirectConnectOutboundUsers,
        (false, false, true) => Setting::DirectConnectOutboundApplications,
    }
}

/// The value of a `setting_value` for `setting`: a flag, everyone, or named targets (users
/// by UPN, groups after `group`; for application settings the words are application ids).
fn value(node: &Node<'_>, setting: Setting) -> SettingInput {
    let positive = has(node, Rule::kw_allow) || has(node, Rule::kw_on) || has(node, Rule::kw_automatic);
    let access = if positive {
        AccessType::Allowed
    } else {
        AccessType::Blocked
    };
    let flag_words = has(node, Rule::kw_on)
        || has(node, Rule::kw_off)
        || has(node, Rule::kw_automatic)
        || has(node, Rule::kw_manual);
    let flag_setting = setting.applies_to_users().is_none() && child(node, Rule::target_list).is_none();
    if flag_words || flag_setting {
        return SettingInput::Flag(positive);
    }
    match child(node, Rule::target_list) {
        None => SettingInput::Everyone(access),
        Some(list) => {
            let (mut words, mut groups) = (Vec::new(), Vec::new());
            for item in children(&list, Rule::target_item) {
                match child(&item, Rule::group) {
                    Some(g) => groups.push(text_of(&g)),
                    None => words.extend(child(&item, Rule::upn).map(|u| text_of(&u))),
                }
            }
            let (users, applications) = match setting.applies_to_users() {
                Some(false) => (Vec::new(), words),
                Some(true) | None => (words, Vec::new()),
            };
            SettingInput::Named {
                access,
                users,
                groups,
                applications,
            }
        }
    }
}

//! `show access`, `set access`, `reset access`, `delete access`, `explain access`, `invite`.

use super::{at_tenant, handle, message};
use crate::directory::access::{Effective, SettingChange};
use crate::error::{Error, Result};
use crate::interchange::partner_json;
use crate::lang::ast::{AccessStmt, Name};
use crate::model::{Origin, Partner, Value, access::to_graph};
use crate::output::{Output, Rows};
use crate::session::Session;
use std::path::Path;

pub(super) fn run(session: &mut Session<'_>, stmt: &AccessStmt) -> Result<Output> {
    match stmt {
        AccessStmt::ShowAccess { tenant, partner: None } => {
            let overview = session.access_overview(&tenant.text).map_err(|e| at(e, tenant))?;
            let mut rows = Rows::new(["configuration", "setting", "value", "from"].map(String::from).to_vec());
            for e in &overview.default {
                let from = Value::str(match e.origin {
                    Origin::System => "system default",
                    Origin::Default | Origin::Partner => "set",
                });
                rows.rows.push(vec![
                    Value::str("default"),
                    Value::Str(e.setting.graph_name()),
                    Value::str(&e.words),
                    from,
                ]);
            }
            let mut partners = Vec::new();
            for p in &overview.partners {
                let name = Value::Str(format!("partner {}", p.partner.name()));
                for (setting, words) in &p.set {
                    rows.rows.push(vec![
                        name.clone(),
                        Value::Str(setting.graph_name()),
                        Value::str(words),
                        Value::str("set"),
                    ]);
                }
                rows.rows.push(vec![
                    name,
                    Value::str("isInMultiTenantOrganization"),
                    Value::Bool(p.in_organization),
                    Value::str("organization"),
                ]);
                partners.push(partner_json(&Partner {
                    tenant_id: p.partner.id,
                    policy: p.policy.clone(),
                    in_organization: p.in_organization,
                }));
            }
            // Graph's `GET …/default` (effective values, `isServiceDefault` when nothing is set)
            // and `GET …/partners` (what each sets, `null` where it inherits).
            let service_default = overview.default.iter().all(|e| e.origin == Origin::System);
            let mut default = vec![("isServiceDefault".to_owned(), Value::Bool(service_default))];
            default.extend(to_graph(overview.default.iter().map(|e| (e.setting, Some(&e.value)))));
            let document = Value::Object(vec![
                ("default".into(), Value::Object(default)),
                ("partners".into(), Value::List(partners)),
            ]);
            Ok(Output::Document { document, rows })
        }
        AccessStmt::ShowAccess {
            tenant,
            partner: Some(partner),
        } => {
            let view = session
                .access(&tenant.text, Some(&partner.text))
                .map_err(|e| at_partner(at(e, tenant), partner))?;
            Ok(partner_document(&view.partner, &view.effective, view.in_organization))
        }
        AccessStmt::SetAccess { tenant, partner, items } => {
            let changes: Vec<SettingChange> = items
                .iter()
                .map(|(setting, value)| SettingChange {
                    setting: *setting,
                    value: Some(value.clone()),
                })
                .collect();
            session
                .set_access(&tenant.text, partner.as_ref().map(|p| p.text.as_str()), &changes)
                .map_err(|e| at_partner(at(e, tenant), partner.as_ref().unwrap_or(tenant)))?;
            message(format!(
                "changed the access settings of tenant {}{}",
                tenant.text,
                whose(partner)
            ))
        }
        AccessStmt::ResetAccess {
            tenant,
            partner,
            settings,
        } => {
            let p = partner.as_ref().map(|p| p.text.as_str());
            let outcome = if settings.is_empty() {
                session.reset_access(&tenant.text, p)
            } else {
                let changes: Vec<SettingChange> = settings
                    .iter()
                    .map(|&setting| SettingChange { setting, value: None })
                    .collect();
                session.set_access(&tenant.text, p, &changes)
            };
            outcome.map_err(|e| at_partner(at(e, tenant), partner.as_ref().unwrap_or(tenant)))?;
            message(format!(
                "reset the access settings of tenant {}{}",
                tenant.text,
                whose(partner)
            ))
        }
        AccessStmt::DeleteAccess { tenant, partner } => {
            session
                .delete_partner(&tenant.text, &partner.text)
                .map_err(|e| at_partner(at(e, tenant), partner))?;
            message(format!(
                "deleted tenant {}'s partner configuration for {}",
                tenant.text, partner.text
            ))
        }
        AccessStmt::ExplainAccess { upn, home, resource } => {
            let (_, checks) = session
                .explain_access(&home.text, upn, &resource.text)
                .map_err(|e| at_partner(at(e, home), resource))?;
            let mut rows = Rows::new(
                ["capability", "tenant", "setting", "value", "from", "allows", "verdict"]
                    .map(String::from)
                    .to_vec(),
            );
            for c in &checks {
                let verdict = checks.iter().filter(|o| o.capability == c.capability).all(|o| o.allows);
                rows.rows.push(vec![
                    Value::str(c.capability.as_str()),
                    Value::str(&c.tenant),
                    Value::Str(c.setting.graph_name()),
                    Value::str(&c.value),
                    origin(c.origin),
                    Value::str(if c.allows { "yes" } else { "no" }),
                    Value::str(if verdict { "allowed" } else { "refused" }),
                ]);
            }
            Ok(Output::Rows(rows))
        }
        AccessStmt::Invite {
            upn,
            home,
            resource,
            member,
        } => {
            let (user, created) = session
                .invite(&home.text, upn, &resource.text, *member)
                .map_err(|e| at_partner(at(e, resource), home))?;
            let what = if *member { "member" } else { "guest" };
            message(if created {
                format!(
                    "invited {upn} into tenant {} as a B2B {what}: {}",
                    resource.text, user.user_principal_name
                )
            } else {
                format!(
                    "tenant {} already holds {upn} as {}",
                    resource.text, user.user_principal_name
                )
            })
        }
        AccessStmt::Import { tenant, path } => {
            let h = handle(session, tenant)?;
            let report = session
                .import_access(&h, Path::new(path))
                .map_err(|e| at_tenant(e, tenant))?;
            let mut what = Vec::new();
            if report.default {
                what.push("the default configuration".to_owned());
            }
            if report.partners > 0 || !report.default {
                what.push(count(report.partners, "partner configuration"));
            }
            let mut text = format!("imported {} into tenant {h} from {path}", what.join(" and "));
            if report.kept > 0 {
                text.push_str(&format!(
                    "; kept {} the file does not name",
                    count(report.kept, "partner configuration")
                ));
            }
            if !report.ignored.is_empty() {
                let ignored: Vec<String> = report.ignored.iter().map(ToString::to_string).collect();
                text.push_str(&format!("; ignored: {}", ignored.join(", ")));
            }
            message(text)
        }
        AccessStmt::Export { tenant, path } => {
            let h = handle(session, tenant)?;
            let n = session
                .export_access(&h, Path::new(path))
                .map_err(|e| at_tenant(e, tenant))?;
            message(format!(
                "exported the default configuration and {} of tenant {h} to {path}",
                count(n, "partner configuration")
            ))
        }
    }
}

/// `1 partner configuration`, `2 partner configurations`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {}", super::plural(n as u64, what))
}

/// ` partner A` or ` (default)`.
fn whose(partner: &Option<Name>) -> String {
    match partner {
        Some(p) => format!(" for partner {}", p.text),
        None => " (default)".to_owned(),
    }
}

fn origin(o: Origin) -> Value {
    Value::str(match o {
        Origin::Partner => "set on the partner",
        Origin::Default => "inherited from the default",
        Origin::System => "system default",
    })
}

/// The effective settings of a partner configuration: rows of setting, value and origin;
/// Graph's partner object in JSON.
fn partner_document(partner: &str, effective: &[Effective], in_org: bool) -> Output {
    let mut rows = Rows::new(["setting", "value", "from"].map(String::from).to_vec());
    for e in effective {
        rows.rows.push(vec![
            Value::Str(e.setting.graph_name()),
            Value::str(&e.words),
            origin(e.origin),
        ]);
    }
    rows.rows.push(vec![
        Value::str("isInMultiTenantOrganization"),
        Value::Bool(in_org),
        Value::str("organization"),
    ]);
    let mut members = vec![
        ("tenantId".to_owned(), Value::str(partner)),
        ("isInMultiTenantOrganization".to_owned(), Value::Bool(in_org)),
    ];
    members.extend(to_graph(effective.iter().map(|e| (e.setting, Some(&e.value)))));
    let inherited: Vec<Value> = effective
        .iter()
        .filter(|e| e.origin != Origin::Partner)
        .map(|e| Value::Str(e.setting.graph_name()))
        .collect();
    members.push(("inherited".to_owned(), Value::List(inherited)));
    Output::Document {
        document: Value::Object(members),
        rows,
    }
}

/// Points an unknown-tenant error at the tenant name.
fn at(e: Error, tenant: &Name) -> Error {
    at_tenant(e, &Some(tenant.clone()))
}

/// Points an unknown-tenant error not already pointed at the partner's name.
fn at_partner(e: Error, partner: &Name) -> Error {
    at_tenant(e, &Some(partner.clone()))
}

//! Sharing users with the organization (the Microsoft 365 admin center's flow): for every
//! other active tenant T of the organization, a configuration `MTO_Sync_<T's id>` with the
//! group assigned, automatic redemption turned on both ways, T's inbound sync from the source
//! allowed, and the job started. Unsharing removes the group, so the next cycle soft-deletes.

use super::config::{self, Change, Found};
use crate::directory::access::{self, PartnerId, Scope as AccessScope, SettingChange, SettingInput};
use crate::directory::groups;
use crate::error::{Error, Result};
use crate::model::Setting;
use crate::model::Tenant;
use crate::model::sync::Scope;
use crate::store::WriteTables;

/// The name the admin center gives the configuration that shares users with `target`.
pub fn config_name(target: &Tenant) -> String {
    format!("MTO_Sync_{}", target.id)
}

/// Shares (or, `share` false, unshares) `group` of `source` with every other active tenant of
/// its organization; returns the names of the configurations it created or changed.
pub fn share(w: &mut WriteTables<'_>, source: &Tenant, group: &str, share: bool) -> Result<Vec<String>> {
    let group = groups::find(w, source, group)?;
    let org = w
        .organization_of(&source.id)?
        .filter(|o| o.is_active(source.id))
        .ok_or_else(|| Error::NotInOrganization(source.handle.clone()))?;
    let tenants = w.tenants()?;
    let mut touched = Vec::new();
    for member in org.active().filter(|m| m.tenant_id != source.id) {
        let Some(target) = tenants.iter().find(|t| t.id == member.tenant_id).cloned() else {
            continue;
        };
        let name = config_name(&target);
        let existing = w
            .syncs(source.ord)?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(&name));
        let mut found = match existing {
            Some(config) => Found {
                source: source.clone(),
                config,
            },
            None if share => {
                let (config, _) = config::create(w, source, &target, &name, Scope::Assigned)?;
                Found {
                    source: source.clone(),
                    config,
                }
            }
            None => continue,
        };
        if share {
            let on = |setting| SettingChange {
                setting,
                value: Some(SettingInput::Flag(true)),
            };
            access::set(
                w,
                source,
                AccessScope::Partner(&PartnerId::of(&target)),
                &[on(Setting::RedemptionOutbound)],
            )?;
            access::set(
                w,
                &target,
                AccessScope::Partner(&PartnerId::of(source)),
                &[on(Setting::RedemptionInbound), on(Setting::SyncInbound)],
            )?;
            config::change(w, &mut found, &Change::Group(group.display_name.clone(), true))?;
            config::change(w, &mut found, &Change::Run(true))?;
        } else {
            config::change(w, &mut found, &Change::Group(group.display_name.clone(), false))?;
        }
        touched.push(name);
    }
    Ok(touched)
}

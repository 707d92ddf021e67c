//! The records of the organization's world: access configurations (a tenant's default and
//! its partners) and multitenant organizations, read and written whole.

use super::{Table, Tables, WriteTables, codec, keys};
use crate::error::Result;
use crate::model::{Organization, Partner, Policy, TenantOrd};
use crate::store::Open;
use redb::ReadableTable;
use uuid::Uuid;

/// `tenant | 0`: the default configuration's key.
fn default_key(t: TenantOrd) -> Vec<u8> {
    let mut k = keys::tenant(t).to_vec();
    k.push(0);
    k
}

/// `tenant | 1 | partner GUID`.
fn partner_key(t: TenantOrd, partner: &Uuid) -> Vec<u8> {
    let mut k = partner_prefix(t);
    k.extend_from_slice(partner.as_bytes());
    k
}

fn partner_prefix(t: TenantOrd) -> Vec<u8> {
    let mut k = keys::tenant(t).to_vec();
    k.push(1);
    k
}

impl<S: Open> Tables<S> {
    /// A tenant's default access configuration (empty: every setting at its system default).
    pub fn access_default(&self, t: TenantOrd) -> Result<Policy> {
        match self.get(Table::Access, &default_key(t))? {
            Some(v) => codec::decode(&v),
            None => Ok(Policy::default()),
        }
    }

    /// A tenant's configuration for one partner, if it has one.
    pub fn partner(&self, t: TenantOrd, partner: &Uuid) -> Result<Option<Partner>> {
        self.get(Table::Access, &partner_key(t, partner))?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// Every partner configuration of a tenant, by partner id.
    pub fn partners(&self, t: TenantOrd) -> Result<Vec<Partner>> {
        let mut out = Vec::new();
        for entry in self.prefixed(Table::Access, &partner_prefix(t))? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }

    /// The organization with this id.
    pub fn organization(&self, id: &Uuid) -> Result<Option<Organization>> {
        self.get(Table::Organizations, id.as_bytes())?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// The organization a tenant (by id) was added to, pending or active.
    pub fn organization_of(&self, tenant: &Uuid) -> Result<Option<Organization>> {
        match self.get(Table::OrganizationMembers, tenant.as_bytes())? {
            Some(id) => match Uuid::from_slice(&id) {
                Ok(id) => self.organization(&id),
                Err(_) => Err(crate::Error::Format("an organization membership is damaged".into())),
            },
            None => Ok(None),
        }
    }

    /// Every organization.
    pub fn organizations(&self) -> Result<Vec<Organization>> {
        let mut out = Vec::new();
        for entry in self.table(Table::Organizations)?.iter()? {
            let (_, v) = entry?;
            out.push(codec::decode(v.value())?);
        }
        Ok(out)
    }
}

impl WriteTables<'_> {
    /// Stores a tenant's default access configuration.
    pub fn put_access_default(&mut self, t: TenantOrd, policy: &Policy) -> Result<()> {
        self.put(Table::Access, &default_key(t), &codec::encode(policy)?)
    }

    /// Stores a partner configuration.
    pub fn put_partner(&mut self, t: TenantOrd, partner: &Partner) -> Result<()> {
        self.put(
            Table::Access,
            &partner_key(t, &partner.tenant_id),
            &codec::encode(partner)?,
        )
    }

    /// Removes a partner configuration.
    pub fn delete_partner(&mut self, t: TenantOrd, partner: &Uuid) -> Result<()> {
        self.delete(Table::Access, &partner_key(t, partner))
    }

    /// Stores an organization, keeping the tenant → organization index in step with its
    /// members (`old`: the stored version, `None` when new).
    pub fn put_organization(&mut self, org: &Organization, old: Option<&Organization>) -> Result<()> {
        if let Some(old) = old {
            for m in &old.members {
                if org.member(m.tenant_id).is_none() {
                    self.delete(Table::OrganizationMembers, m.tenant_id.as_bytes())?;
                }
            }
        }
        for m in &org.members {
            self.put(Table::OrganizationMembers, m.tenant_id.as_bytes(), org.id.as_bytes())?;
        }
        self.put(Table::Organizations, org.id.as_bytes(), &codec::encode(org)?)
    }

    /// Removes an organization and its membership index.
    pub fn delete_organization(&mut self, org: &Organization) -> Result<()> {
        for m in &org.members {
            self.delete(Table::OrganizationMembers, m.tenant_id.as_bytes())?;
        }
        self.delete(Table::Organizations, org.id.as_bytes())
    }
}

//! Turning stored objects into output rows: ordinals become names (managers as UPNs, groups
//! by name, tenants by handle), timestamps become RFC 3339.

use crate::error::Result;
use crate::model::{
    Attr, AttrKind, ObjOrd, Organization, Source, Tenant, TenantOrd, User, UserType, UserView, Value,
    ids::format_millis,
};
use crate::output::Rows;
use crate::store::{Open, Tables};
use std::collections::HashMap;

/// Resolves references for output, caching what it looked up.
pub struct Presenter<'a, S: Open> {
    tables: &'a Tables<S>,
    tenants: Option<Vec<Tenant>>,
    names: HashMap<ObjOrd, Value>,
    /// The organization of the tenant whose users are shown, looked up once.
    organization: Option<Option<Organization>>,
}

impl<'a, S: Open> Presenter<'a, S> {
    /// A presenter over `tables`.
    pub fn new(tables: &'a Tables<S>) -> Self {
        Presenter {
            tables,
            tenants: None,
            names: HashMap::new(),
            organization: None,
        }
    }

    fn tenants(&mut self) -> Result<&[Tenant]> {
        if self.tenants.is_none() {
            self.tenants = Some(self.tables.tenants()?);
        }
        Ok(self.tenants.as_deref().unwrap_or_default())
    }

    /// The name of object `ord` (a user's UPN or a group's name; ordinals are unique in the
    /// store, so one cache serves both), looked up once.
    fn name(&mut self, tenant: TenantOrd, ord: ObjOrd) -> Result<Value> {
        if let Some(v) = self.names.get(&ord) {
            return Ok(v.clone());
        }
        let name = match self
            .tables
            .with_user(tenant, ord, |u| Ok(Value::str(u.user_principal_name.as_str())))?
        {
            Some(upn) => upn,
            None => self
                .tables
                .group(tenant, ord)?
                .map_or(Value::Null, |g| Value::Str(g.display_name)),
        };
        self.names.insert(ord, name.clone());
        Ok(name)
    }

    /// The organization label of an organization user (a B2B member whose home tenant is
    /// active in the organization of the tenant that holds it).
    fn label(&mut self, user: &UserView<'_>) -> Result<Value> {
        let Source::B2b { home_tenant, .. } = user.source else {
            return Ok(Value::Null);
        };
        if user.user_type != UserType::Member {
            return Ok(Value::Null);
        }
        if self.organization.is_none() {
            self.organization = Some(crate::search::label::organization(self.tables, user.tenant)?);
        }
        let org = self.organization.as_ref().and_then(Option::as_ref);
        Ok(org
            .filter(|o| o.is_active(home_tenant))
            .and_then(|o| o.label_of(home_tenant))
            .map_or(Value::Null, Value::str))
    }

    /// The value of `attr` for output.
    pub fn value(&mut self, user: &UserView<'_>, attr: Attr) -> Result<Value> {
        let raw = user.get(attr);
        let ord = |v: &Value| match v {
            Value::Int(i) => u32::try_from(*i).ok().map(ObjOrd),
            _ => None,
        };
        if attr == Attr::Label {
            return self.label(user);
        }
        Ok(match (attr.kind(), &raw) {
            (AttrKind::Time, Value::Int(ms)) => Value::Str(format_millis(*ms)),
            (AttrKind::UserRef, v) => match ord(v) {
                Some(o) => self.name(user.tenant, o)?,
                None => Value::Null,
            },
            (AttrKind::Groups, Value::List(items)) => {
                let mut names = Vec::with_capacity(items.len());
                for o in items.iter().filter_map(ord) {
                    names.push(self.name(user.tenant, o)?);
                }
                Value::List(names)
            }
            (AttrKind::TenantRef, Value::Int(i)) => {
                let found = self
                    .tenants()?
                    .iter()
                    .find(|t| i64::from(t.ord.0) == *i)
                    .map(|t| t.handle.clone());
                found.map_or(Value::Null, Value::Str)
            }
            (AttrKind::TenantRef, Value::Str(id)) => {
                let found = self
                    .tenants()?
                    .iter()
                    .find(|t| t.id.to_string() == *id)
                    .map(|t| t.handle.clone());
                found.map_or(raw.clone(), Value::Str)
            }
            _ => raw,
        })
    }

    /// The row of `user` with these columns.
    pub fn row(&mut self, user: &UserView<'_>, columns: &[Attr]) -> Result<Vec<Value>> {
        // Sized once: collecting through `Result` would grow the vector from empty.
        let mut row = Vec::with_capacity(columns.len());
        for &attr in columns {
            row.push(self.value(user, attr)?);
        }
        Ok(row)
    }

    /// Rows of `users` with these columns.
    pub fn rows(&mut self, users: &[User], columns: &[Attr]) -> Result<Rows> {
        let mut rows = header(columns);
        for user in users {
            rows.rows.push(self.row(&user.view(), columns)?);
        }
        Ok(rows)
    }
}

/// An empty result whose columns are these attributes' Graph names.
pub fn header(columns: &[Attr]) -> Rows {
    Rows::new(columns.iter().map(|a| a.name().to_owned()).collect())
}

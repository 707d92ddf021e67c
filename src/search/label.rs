//! Organization labels in filters: `label = "EU"` matches the organization users (B2B
//! members) whose home tenant carries that label in the organization the searched tenant is
//! active in. It compiles into `userType = Member` and an equality on `homeTenant`, so the
//! planner answers it from postings without reading users.

use super::filter::{Pred, Val};
use crate::error::{Error, Result};
use crate::fold::fold;
use crate::model::{Attr, CmpOp, Filter, Literal, Organization, TenantOrd};
use crate::store::{Open, Tables};
use uuid::Uuid;

/// The organization tenant `t` is active in, if any.
pub fn organization<S: Open>(tables: &Tables<S>, t: TenantOrd) -> Result<Option<Organization>> {
    let Some(tenant) = tables.tenant(t)? else {
        return Ok(None);
    };
    Ok(tables.organization_of(&tenant.id)?.filter(|o| o.is_active(tenant.id)))
}

/// The active tenants of `org` (other than the searched one) whose label is one of
/// `labels` (folded), or that have any label when `labels` is `None`.
fn labelled(org: &Organization, own: Option<Uuid>, labels: Option<&[String]>) -> Vec<Uuid> {
    org.active()
        .map(|m| m.tenant_id)
        .filter(|id| Some(*id) != own)
        .filter(|id| match (org.label_of(*id), labels) {
            (Some(l), Some(wanted)) => wanted.contains(&fold(l)),
            (Some(_), None) => true,
            (None, _) => false,
        })
        .collect()
}

/// Organization users whose home is one of `homes`.
fn users_from(homes: Vec<Uuid>) -> Pred {
    let member = Pred::Cmp(Attr::UserType, CmpOp::Eq, Val::Text("member".into()));
    let home = match homes.as_slice() {
        [one] => Pred::Cmp(Attr::HomeTenant, CmpOp::Eq, Val::Text(one.to_string())),
        _ => Pred::In(
            Attr::HomeTenant,
            homes.iter().map(|h| Val::Text(h.to_string())).collect(),
        ),
    };
    Pred::And(vec![member, home])
}

/// The predicate of a filter node on `label`; `None` when the node is not about labels.
pub fn compile<S: Open>(tables: &Tables<S>, t: TenantOrd, filter: &Filter) -> Result<Option<Pred>> {
    let label_of_node = match filter {
        Filter::Cmp { attr, .. }
        | Filter::In { attr, .. }
        | Filter::Match { attr, .. }
        | Filter::IsNull { attr, .. } => attr.attr == Attr::Label,
        Filter::And(_) | Filter::Or(_) | Filter::Not(_) => false,
    };
    if !label_of_node {
        return Ok(None);
    }
    let org = organization(tables, t)?;
    let own = tables.tenant(t)?.map(|x| x.id);
    let homes = |labels: Option<&[String]>| org.as_ref().map_or_else(Vec::new, |o| labelled(o, own, labels));
    let text = |l: &Literal| -> Result<String> {
        match l {
            Literal::Null => Err(Error::NullComparison(Attr::Label)),
            other => Ok(fold(&other.text())),
        }
    };
    Ok(Some(match filter {
        Filter::Cmp {
            op: CmpOp::Eq,
            value,
            span,
            ..
        } => users_from(homes(Some(&[text(value).map_err(|e| e.at(*span))?]))),
        Filter::Cmp {
            op: CmpOp::Ne,
            value,
            span,
            ..
        } => Pred::Not(Box::new(users_from(homes(Some(&[
            text(value).map_err(|e| e.at(*span))?
        ]))))),
        Filter::In { values, span, .. } => {
            let wanted = values
                .iter()
                .map(text)
                .collect::<Result<Vec<_>>>()
                .map_err(|e| e.at(*span))?;
            users_from(homes(Some(&wanted)))
        }
        Filter::IsNull { negated: true, .. } => users_from(homes(None)),
        Filter::IsNull { negated: false, .. } => Pred::Not(Box::new(users_from(homes(None)))),
        Filter::Cmp { span, .. } | Filter::Match { span, .. } => return Err(Error::NotText(Attr::Label).at(*span)),
        Filter::And(_) | Filter::Or(_) | Filter::Not(_) => return Ok(None),
    }))
}

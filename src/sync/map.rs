//! Attribute mappings: what a source user's mapped values are in the target. Direct mappings
//! copy a source attribute, constants are typed for their target attribute, expressions are
//! evaluated in the service's function syntax. A mapping that evaluates to null provisions
//! nothing for its attribute.

use super::expr::{Expr, parse_expression};
use crate::error::Result;
use crate::model::sync::{Apply, Mapping, MappingSource};
use crate::model::{Attr, Literal, User, Value, typing};

/// Parses a mapping expression (refused with a caret when it does not parse or names an
/// unknown attribute).
pub fn parse(text: &str) -> Result<Expr> {
    parse_expression(text)
}

/// The values `mappings` give `user` in the target: on create every mapping, else only those
/// applied always. `manager` (a source ordinal) is handed to `manager` to name the target's
/// copy of the manager, or nothing when the manager is not provisioned.
pub fn values(
    mappings: &[Mapping],
    user: &User,
    creating: bool,
    mut manager: impl FnMut(&User) -> Result<Option<String>>,
) -> Result<Vec<(Attr, Value)>> {
    let mut out = Vec::with_capacity(mappings.len());
    for m in mappings {
        if m.apply == Apply::OnCreate && !creating {
            continue;
        }
        let value = match &m.source {
            MappingSource::Direct(Attr::Manager) => manager(user)?.map_or(Value::Null, Value::Str),
            MappingSource::Direct(attr) => user.get(*attr),
            MappingSource::Constant(text) => typing::assigned(m.target, &Literal::Str(text.clone()))?,
            MappingSource::Expression(text) => {
                let expr = parse(text)?;
                let raw = expr.eval(&|a: Attr| user.get(a));
                match raw {
                    Value::Null => Value::Null,
                    other => typing::assigned(m.target, &typing::literal_of(&other))?,
                }
            }
        };
        if !value.is_null() {
            out.push((m.target, value));
        }
    }
    Ok(out)
}

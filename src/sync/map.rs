//! Attribute mappings: what a source user's mapped values are in the target. Direct mappings
//! copy a source attribute, constants are typed for their target attribute, expressions are
//! evaluated in the service's function syntax. A mapping that evaluates to null provisions
//! nothing for its attribute.

use super::expr::{Expr, parse_expression};
use crate::error::Result;
use crate::model::sync::{Apply, Mapping, MappingSource};
use crate::model::{Attr, Literal, User, Value, typing};
use std::cell::OnceCell;

/// Parses a mapping expression (refused with a caret when it does not parse or names an
/// unknown attribute).
pub fn parse(text: &str) -> Result<Expr> {
    parse_expression(text)
}

/// A configuration's mappings, ready to map many users: each expression is parsed and each
/// constant typed once, the first time a user needs it, then kept for the rest of the cycle
/// (parsing an expression costs more than mapping a user does). Reading is lazy so that a
/// mapping that cannot be read fails where it always has: at the first user it applies to.
pub struct Prepared<'m> {
    items: Vec<(&'m Mapping, Item<'m>)>,
}

/// One mapping's source, with what reading it gave once it was needed.
enum Item<'m> {
    Direct(Attr),
    Constant { text: &'m str, value: OnceCell<Value> },
    Expression { text: &'m str, expr: OnceCell<Expr> },
}

impl<'m> Prepared<'m> {
    /// `mappings`, nothing read yet.
    pub fn new(mappings: &'m [Mapping]) -> Prepared<'m> {
        let items = mappings
            .iter()
            .map(|m| {
                let item = match &m.source {
                    MappingSource::Direct(attr) => Item::Direct(*attr),
                    MappingSource::Constant(text) => Item::Constant {
                        text,
                        value: OnceCell::new(),
                    },
                    MappingSource::Expression(text) => Item::Expression {
                        text,
                        expr: OnceCell::new(),
                    },
                };
                (m, item)
            })
            .collect();
        Prepared { items }
    }

    /// The values the mappings give `user` in the target: on create every mapping, else only
    /// those applied always. `manager` names the target's copy of the user's manager, or
    /// nothing when the manager is not provisioned.
    pub fn values(
        &self,
        user: &User,
        creating: bool,
        mut manager: impl FnMut(&User) -> Result<Option<String>>,
    ) -> Result<Vec<(Attr, Value)>> {
        let mut out = Vec::with_capacity(self.items.len());
        for (m, item) in &self.items {
            if m.apply == Apply::OnCreate && !creating {
                continue;
            }
            let value = match item {
                Item::Direct(Attr::Manager) => manager(user)?.map_or(Value::Null, Value::Str),
                Item::Direct(attr) => user.get(*attr),
                Item::Constant { text, value } => once(value, || {
                    Ok(typing::assigned(m.target, &Literal::Str((*text).to_owned()))?)
                })?
                .clone(),
                Item::Expression { text, expr } => match once(expr, || parse(text))?.eval(&|a: Attr| user.get(a)) {
                    Value::Null => Value::Null,
                    other => typing::assigned(m.target, &typing::literal_of(&other))?,
                },
            };
            if !value.is_null() {
                out.push((m.target, value));
            }
        }
        Ok(out)
    }
}

/// What `cell` holds, made by `make` the first time.
fn once<T>(cell: &OnceCell<T>, make: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = make()?;
    Ok(cell.get_or_init(|| v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::{ObjOrd, TenantOrd};
    use uuid::Uuid;

    fn person(given: &str, surname: &str) -> User {
        let mut u = User::new(Uuid::nil(), ObjOrd(1), TenantOrd(1), "p@a.example", 0);
        u.set(Attr::GivenName, Value::str(given)).unwrap();
        u.set(Attr::Surname, Value::str(surname)).unwrap();
        u
    }

    fn mapping(target: Attr, source: MappingSource, apply: Apply) -> Mapping {
        Mapping { target, source, apply }
    }

    fn no_manager(_: &User) -> Result<Option<String>> {
        Ok(None)
    }

    #[test]
    fn an_expression_is_read_once_and_evaluated_for_each_user() {
        let mappings = [
            mapping(
                Attr::DisplayName,
                MappingSource::Expression("Join(\" \", [givenName], [surname])".into()),
                Apply::Always,
            ),
            mapping(
                Attr::JobTitle,
                MappingSource::Constant("Engineer".into()),
                Apply::Always,
            ),
            mapping(Attr::Surname, MappingSource::Direct(Attr::Surname), Apply::Always),
        ];
        let prepared = Prepared::new(&mappings);
        let read = |p: &Prepared<'_>| {
            p.items
                .iter()
                .filter(|(_, item)| match item {
                    Item::Direct(_) => false,
                    Item::Constant { value, .. } => value.get().is_some(),
                    Item::Expression { expr, .. } => expr.get().is_some(),
                })
                .count()
        };
        assert_eq!(read(&prepared), 0, "nothing is read before a user needs it");
        let annie = prepared.values(&person("Annie", "Ahn"), true, no_manager).unwrap();
        assert_eq!(read(&prepared), 2);
        let bob = prepared.values(&person("Bob", "Brown"), true, no_manager).unwrap();
        assert_eq!(annie[0], (Attr::DisplayName, Value::str("Annie Ahn")));
        assert_eq!(bob[0], (Attr::DisplayName, Value::str("Bob Brown")));
        assert_eq!(bob[1], (Attr::JobTitle, Value::str("Engineer")));
        assert_eq!(bob[2], (Attr::Surname, Value::str("Brown")));
        // The same as mapping each user with fresh mappings.
        assert_eq!(
            bob,
            Prepared::new(&mappings)
                .values(&person("Bob", "Brown"), true, no_manager)
                .unwrap()
        );
    }

    #[test]
    fn a_mapping_that_cannot_be_read_fails_at_the_first_user_it_applies_to() {
        let mappings = [mapping(
            Attr::DisplayName,
            MappingSource::Expression("Join(\" \", [givenName]".into()),
            Apply::OnCreate,
        )];
        let prepared = Prepared::new(&mappings);
        // An update does not apply an on-create mapping, so it is not read.
        assert_eq!(
            prepared.values(&person("A", "B"), false, no_manager).unwrap(),
            Vec::new()
        );
        let e = prepared.values(&person("A", "B"), true, no_manager).unwrap_err();
        assert!(matches!(e, Error::Syntax(_)), "{e:?}");
        // And again for the next user: a failure is not kept as a value.
        assert!(matches!(
            prepared.values(&person("C", "D"), true, no_manager),
            Err(Error::Syntax(_))
        ));
    }
}

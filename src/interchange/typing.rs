//! What every format shares: which attribute a column or property feeds ([`Column`]), how
//! text becomes a typed [`Value`] ([`typed`]), and how one row's cells become a user
//! ([`UserBuilder`]).

use crate::model::{Attr, Home, Literal, NewUser, Value, typing};
use uuid::Uuid;

/// Where a column (CSV) or property (JSON) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// `userPrincipalName`.
    Upn,
    /// A settable attribute, typed by its kind.
    Set(Attr),
    /// An attribute set only when no [`Column::Set`] column gives it; of several fallbacks the
    /// lowest rank wins (`businessPhones` 1, `mobilePhone` 2, for `telephoneNumber`).
    Fallback(Attr, u8),
    /// Entra's `Block sign in (Yes/No)`: Yes means `accountEnabled` false.
    BlockSignIn,
    /// `isSoftDeleted`.
    SoftDeleted,
    /// `deletedDateTime`: any value means soft-deleted.
    DeletedAt,
    /// `source`: `internal` or `b2b`.
    Source,
    /// `alternativeSecurityIds`: `<home tenant id>/<home object id>`.
    SecurityIds,
    /// Computed by mtodir (`id`, `memberOf`, …) or not modelled: accepted and dropped.
    Ignore,
}

impl Column {
    /// The column of a Graph property name or alias (case-insensitive), if mtodir knows it.
    /// `mobilePhone` (Graph) and `mobile` (Entra) only stand in for a missing
    /// `telephoneNumber`; `businessPhones` does the same with its first element.
    pub(super) fn of_property(name: &str) -> Option<Column> {
        let fallback = PHONE_FALLBACKS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        if let Some((_, rank)) = fallback {
            return Some(Column::Fallback(Attr::TelephoneNumber, *rank));
        }
        Attr::lookup(name).map(Column::of_attr)
    }

    /// The column that feeds `attr`.
    pub(super) fn of_attr(attr: Attr) -> Column {
        match attr {
            Attr::UserPrincipalName => Column::Upn,
            Attr::IsSoftDeleted => Column::SoftDeleted,
            Attr::DeletedDateTime => Column::DeletedAt,
            Attr::Source => Column::Source,
            Attr::AlternativeSecurityIds => Column::SecurityIds,
            a if a.settable() => Column::Set(a),
            _ => Column::Ignore,
        }
    }
}

/// Phone properties that fill `telephoneNumber` only when nothing else does, with their rank.
const PHONE_FALLBACKS: &[(&str, u8)] = &[("businessPhones", 1), ("mobilePhone", 2), ("mobile", 2)];

/// Graph user properties (and relationships) that mtodir does not model: JSON files may carry
/// them and they are ignored; a CSV column of one is an error that says so.
const GRAPH_ONLY: &[&str] = &[
    "aboutMe",
    "ageGroup",
    "assignedLicenses",
    "assignedPlans",
    "authorizationInfo",
    "birthday",
    "companyName",
    "consentProvidedForMinor",
    "creationType",
    "customSecurityAttributes",
    "directReports",
    "employeeHireDate",
    "employeeLeaveDateTime",
    "employeeOrgData",
    "employeeType",
    "extensions",
    "externalUserState",
    "externalUserStateChangeDateTime",
    "faxNumber",
    "hireDate",
    "identities",
    "imAddresses",
    "interests",
    "isManagementRestricted",
    "isResourceAccount",
    "lastPasswordChangeDateTime",
    "legalAgeGroupClassification",
    "licenseAssignmentStates",
    "mailboxSettings",
    "mySite",
    "otherMails",
    "passwordPolicies",
    "passwordProfile",
    "pastProjects",
    "photo",
    "preferredDataLocation",
    "preferredName",
    "provisionedPlans",
    "proxyAddresses",
    "refreshTokensValidFromDateTime",
    "responsibilities",
    "schools",
    "securityIdentifier",
    "serviceProvisioningErrors",
    "signInActivity",
    "signInSessionsValidFromDateTime",
    "skills",
    "usageLocation",
];

/// True for a Graph user property mtodir does not model (including every `onPremises…`
/// property and directory extensions `extension_<app>_<name>`).
pub(super) fn is_graph_only(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("onpremises")
        || lower.starts_with("extension_")
        || GRAPH_ONLY.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// "unknown column/property `x` (did you mean `y`?)", or the note that Graph has it and
/// mtodir does not keep it.
pub(super) fn unknown(what: &str, name: &str) -> String {
    if is_graph_only(name) {
        return format!("{what} `{name}` is a Graph user property that mtodir does not keep");
    }
    let hint = crate::suggest::hint(name, Attr::ALL.iter().map(|a| a.name()));
    format!("unknown {what} `{name}`{hint}")
}

/// One cell's content, as the formats hand it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cell<'a> {
    /// Text (CSV cells, JSON strings and numbers).
    Text(&'a str),
    /// A JSON boolean.
    Bool(bool),
}

/// The value of `attr` from a cell, typed by the one value typer
/// ([`crate::model::typing::typed`]); `None` when the cell is blank.
pub(super) fn typed(attr: Attr, cell: Cell<'_>) -> Result<Option<Value>, String> {
    let literal = match cell {
        Cell::Bool(b) => Literal::Bool(b),
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Text(t) => Literal::Str(t.to_owned()),
    };
    typing::typed(attr, &literal).map(Some).map_err(|e| e.to_string())
}

/// true/yes/1 or false/no/0, in any case.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    typing::parse_bool(text)
}

/// `internal` or `b2b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Internal,
    B2b,
}

/// Collects one row's cells and checks them into a [`NewUser`].
#[derive(Debug, Default)]
pub(super) struct UserBuilder {
    /// The UPN cell: `None` when the row has none, `Some("")` when it is blank.
    upn: Option<String>,
    values: Vec<(Attr, Value)>,
    fallbacks: Vec<(u8, Attr, Value)>,
    soft_deleted: Option<bool>,
    deleted_at: bool,
    source: Option<SourceKind>,
    security_ids: Vec<(Uuid, Uuid)>,
}

impl UserBuilder {
    /// A builder for a row with nothing yet.
    pub(super) fn new() -> UserBuilder {
        UserBuilder::default()
    }

    /// Takes one cell of `column`; `name` is the column as the file spells it, for errors.
    pub(super) fn put(&mut self, column: Column, name: &str, cell: Cell<'_>) -> Result<(), String> {
        match column {
            Column::Upn => self.put_upn(cell),
            Column::Set(attr) => match typed(attr, cell)? {
                Some(value) => self.set(attr, value),
                None => Ok(()),
            },
            Column::Fallback(attr, rank) => {
                if let Some(value) = typed(attr, cell)? {
                    self.fallbacks.push((rank, attr, value));
                }
                Ok(())
            }
            Column::BlockSignIn => self.put_block_sign_in(name, cell),
            Column::SoftDeleted => {
                if let Some(Value::Bool(b)) = typed(Attr::IsSoftDeleted, cell)? {
                    self.soft_deleted = Some(b);
                }
                Ok(())
            }
            Column::DeletedAt => match cell {
                Cell::Text(t) => {
                    self.deleted_at |= !t.trim().is_empty();
                    Ok(())
                }
                Cell::Bool(b) => Err(format!("`deletedDateTime` takes a date and time, not {b}")),
            },
            Column::Source => self.put_source(cell),
            Column::SecurityIds => match cell {
                Cell::Text(t) => t.split(';').try_for_each(|id| self.put_security_id(id)),
                Cell::Bool(b) => Err(format!("`alternativeSecurityIds` takes {IDS}, not {b}")),
            },
            Column::Ignore => Ok(()),
        }
    }

    /// Records `value` for `attr`; the same attribute twice must agree.
    fn set(&mut self, attr: Attr, value: Value) -> Result<(), String> {
        match self.values.iter().find(|(a, _)| *a == attr) {
            Some((_, old)) if *old == value => Ok(()),
            Some((_, old)) => Err(format!(
                "`{attr}` is given twice: {} and {}",
                typing::literal_of(old).describe(),
                typing::literal_of(&value).describe()
            )),
            None => {
                self.values.push((attr, value));
                Ok(())
            }
        }
    }

    fn put_upn(&mut self, cell: Cell<'_>) -> Result<(), String> {
        let Cell::Text(text) = cell else {
            return Err("`userPrincipalName` takes text, not a boolean".into());
        };
        let text = text.trim();
        match &self.upn {
            Some(old) if !old.is_empty() && !text.is_empty() && old != text => {
                Err(format!("`userPrincipalName` is given twice: \"{old}\" and \"{text}\""))
            }
            Some(old) if !old.is_empty() => Ok(()),
            _ => {
                self.upn = Some(text.to_owned());
                Ok(())
            }
        }
    }

    fn put_block_sign_in(&mut self, name: &str, cell: Cell<'_>) -> Result<(), String> {
        let blocked = match cell {
            Cell::Bool(b) => b,
            Cell::Text(t) if t.trim().is_empty() => return Ok(()),
            Cell::Text(t) => parse_bool(t).ok_or_else(|| {
                format!(
                    "`{name}` takes Yes or No, not {}",
                    Literal::Str(t.to_owned()).describe()
                )
            })?,
        };
        self.set(Attr::AccountEnabled, Value::Bool(!blocked))
    }

    fn put_source(&mut self, cell: Cell<'_>) -> Result<(), String> {
        let kind = match cell {
            Cell::Text(t) if t.trim().is_empty() => return Ok(()),
            Cell::Text(t) if t.trim().eq_ignore_ascii_case("internal") => SourceKind::Internal,
            Cell::Text(t) if t.trim().eq_ignore_ascii_case("b2b") => SourceKind::B2b,
            Cell::Text(t) => {
                return Err(format!(
                    "`source` is internal or b2b, not {}",
                    Literal::Str(t.to_owned()).describe()
                ));
            }
            Cell::Bool(b) => return Err(format!("`source` is internal or b2b, not {b}")),
        };
        self.source = Some(kind);
        Ok(())
    }

    /// Takes one `<home tenant id>/<home object id>` (blank is nothing).
    pub(super) fn put_security_id(&mut self, text: &str) -> Result<(), String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let parsed = text
            .split_once('/')
            .and_then(|(t, o)| Some((Uuid::parse_str(t.trim()).ok()?, Uuid::parse_str(o.trim()).ok()?)));
        let id = parsed.ok_or_else(|| {
            format!(
                "`alternativeSecurityIds` takes {IDS}, not {}",
                Literal::Str(text.to_owned()).describe()
            )
        })?;
        if !self.security_ids.contains(&id) {
            self.security_ids.push(id);
        }
        Ok(())
    }

    /// The user, and whether it is soft-deleted; or what is wrong with the row.
    pub(super) fn finish(mut self) -> Result<(NewUser, bool), String> {
        let upn = match self.upn.take() {
            None => return Err("no `userPrincipalName`".into()),
            Some(upn) if upn.is_empty() => return Err("`userPrincipalName` is blank".into()),
            Some(upn) => upn,
        };
        self.apply_fallbacks();
        let b2b = self.home_identity()?;
        let soft_deleted = self.soft_deleted.unwrap_or(self.deleted_at);
        Ok((
            NewUser {
                upn,
                values: self.values,
                b2b,
            },
            soft_deleted,
        ))
    }

    /// Gives each attribute still unset its best-ranked fallback value.
    fn apply_fallbacks(&mut self) {
        self.fallbacks.sort_by_key(|(rank, _, _)| *rank);
        for (_, attr, value) in std::mem::take(&mut self.fallbacks) {
            if !self.values.iter().any(|(a, _)| *a == attr) {
                self.values.push((attr, value));
            }
        }
    }

    /// The B2B home identity: from `alternativeSecurityIds`, which `source` b2b requires and
    /// `source` internal forbids.
    fn home_identity(&self) -> Result<Option<Home>, String> {
        match (self.source, self.security_ids.as_slice()) {
            (_, [_, _, ..]) => Err("`alternativeSecurityIds` has several home identities; mtodir keeps one".into()),
            (Some(SourceKind::B2b), []) => Err(format!(
                "`source` is b2b but `alternativeSecurityIds` does not give {IDS}"
            )),
            (Some(SourceKind::Internal), [_]) => {
                Err("`source` is internal but `alternativeSecurityIds` gives a home identity".into())
            }
            (_, [(tenant, object)]) => Ok(Some(Home {
                tenant: *tenant,
                object: *object,
            })),
            (_, []) => Ok(None),
        }
    }
}

/// How `alternativeSecurityIds` is written.
const IDS: &str = "<home tenant id>/<home object id>";

#[cfg(test)]
mod tests {
    use super::*;

    fn build(cells: &[(&str, &str)]) -> Result<(NewUser, bool), String> {
        let mut b = UserBuilder::new();
        for (name, text) in cells {
            let column = Column::of_property(name).expect("known column");
            b.put(column, name, Cell::Text(text))?;
        }
        b.finish()
    }

    #[test]
    fn typed_follows_the_attribute_kind() {
        let t = |a, s| typed(a, Cell::Text(s));
        assert_eq!(t(Attr::AccountEnabled, "YES"), Ok(Some(Value::Bool(true))));
        assert_eq!(t(Attr::AccountEnabled, " 0 "), Ok(Some(Value::Bool(false))));
        assert_eq!(t(Attr::UserType, "guest"), Ok(Some(Value::str("Guest"))));
        assert_eq!(t(Attr::City, "  "), Ok(None));
        assert_eq!(t(Attr::City, " Oslo"), Ok(Some(Value::str(" Oslo"))));
        assert_eq!(t(Attr::Manager, "bob@a.example"), Ok(Some(Value::str("bob@a.example"))));
        assert_eq!(
            t(Attr::AccountEnabled, "maybe"),
            Err("`accountEnabled` takes true or false, not \"maybe\"".into())
        );
        assert_eq!(
            t(Attr::UserType, "Owner"),
            Err("`userType` takes Member or Guest, not \"Owner\"".into())
        );
        assert_eq!(
            typed(Attr::ShowInAddressList, Cell::Bool(false)),
            Ok(Some(Value::Bool(false)))
        );
        assert!(typed(Attr::City, Cell::Bool(true)).is_err());
    }

    #[test]
    fn builder_makes_b2b_users_from_source_and_security_ids() {
        let t = "11111111-1111-1111-1111-111111111111";
        let o = "22222222-2222-2222-2222-222222222222";
        let ids = format!("{t}/{o}");
        let (user, deleted) = build(&[
            ("upn", " x@b.example "),
            ("source", "b2b"),
            ("alternativeSecurityIds", &ids),
        ])
        .unwrap();
        assert_eq!(user.upn, "x@b.example");
        assert_eq!(
            user.b2b,
            Some(Home {
                tenant: t.parse().unwrap(),
                object: o.parse().unwrap()
            })
        );
        assert!(!deleted);
        let err = build(&[("upn", "x@b.example"), ("source", "b2b")]).unwrap_err();
        assert!(err.contains("does not give"), "{err}");
        let err = build(&[("upn", "x"), ("alternativeSecurityIds", "nope")]).unwrap_err();
        assert!(err.contains("not \"nope\""), "{err}");
    }

    #[test]
    fn builder_rules_for_upn_duplicates_fallbacks_and_deletion() {
        assert_eq!(build(&[("city", "Oslo")]).unwrap_err(), "no `userPrincipalName`");
        assert_eq!(build(&[("upn", " ")]).unwrap_err(), "`userPrincipalName` is blank");
        let err = build(&[("upn", "a"), ("office", "1"), ("officeLocation", "2")]).unwrap_err();
        assert_eq!(err, "`physicalDeliveryOfficeName` is given twice: \"1\" and \"2\"");
        let (u, deleted) = build(&[
            ("upn", "a"),
            ("mobilePhone", "+1 555"),
            ("telephoneNumber", "+1 425"),
            ("deletedDateTime", "2026-01-02T03:04:05Z"),
        ])
        .unwrap();
        assert_eq!(u.values, vec![(Attr::TelephoneNumber, Value::str("+1 425"))]);
        assert!(deleted);
        let (u, deleted) = build(&[("upn", "a"), ("mobile", "+1 555"), ("isSoftDeleted", "no")]).unwrap();
        assert_eq!(u.values, vec![(Attr::TelephoneNumber, Value::str("+1 555"))]);
        assert!(!deleted);
    }

    #[test]
    fn unknown_names_get_a_hint_or_a_note() {
        assert_eq!(
            unknown("column", "departmnt"),
            "unknown column `departmnt` (did you mean `department`?)"
        );
        assert!(unknown("column", "usageLocation").contains("mtodir does not keep"));
        assert!(is_graph_only("onPremisesImmutableId"));
        assert!(!is_graph_only("city"));
    }
}

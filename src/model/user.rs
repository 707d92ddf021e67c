//! Users: internal users and B2B collaboration users.

use super::attr::Attr;
use super::ids::{Millis, ObjOrd, TenantOrd};
use super::typing::{TypeError, literal_of, typed};
use super::value::Value;
use crate::model::AttrKind;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use uuid::Uuid;

/// `Member` or `Guest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UserType {
    /// A member of the organization (people search shows members).
    Member,
    /// A guest.
    Guest,
}

impl UserType {
    /// Parses `member` / `guest`, case-insensitively.
    pub fn parse(text: &str) -> Option<UserType> {
        if text.eq_ignore_ascii_case("member") {
            Some(UserType::Member)
        } else if text.eq_ignore_ascii_case("guest") {
            Some(UserType::Guest)
        } else {
            None
        }
    }

    /// `Member` or `Guest`.
    pub fn as_str(self) -> &'static str {
        match self {
            UserType::Member => "Member",
            UserType::Guest => "Guest",
        }
    }
}

impl fmt::Display for UserType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a user comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// The user's home is this tenant.
    Internal,
    /// A B2B collaboration user: the representation of a user whose home is another tenant.
    B2b {
        /// The home tenant's GUID.
        home_tenant: Uuid,
        /// The home user's object GUID.
        home_object: Uuid,
    },
}

impl Source {
    /// `internal` or `b2b`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Internal => "internal",
            Source::B2b { .. } => "b2b",
        }
    }
}

/// A user object of one tenant. Property names follow Microsoft Graph (see [`Attr`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub ord: ObjOrd,
    pub tenant: TenantOrd,
    pub user_principal_name: String,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub mail: Option<String>,
    pub mail_nickname: Option<String>,
    pub user_type: UserType,
    pub account_enabled: bool,
    pub show_in_address_list: bool,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub employee_id: Option<String>,
    pub manager: Option<ObjOrd>,
    pub physical_delivery_office_name: Option<String>,
    pub street_address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub telephone_number: Option<String>,
    pub preferred_language: Option<String>,
    pub source: Source,
    /// Groups of the same tenant this user is a direct member of, sorted.
    pub member_of: Vec<ObjOrd>,
    pub created: Millis,
    pub deleted: Option<Millis>,
}

impl User {
    /// A new internal member user with only its identity set; [`User::apply_defaults`] fills
    /// in what SEMANTICS.md defaults.
    pub fn new(id: Uuid, ord: ObjOrd, tenant: TenantOrd, upn: &str, created: Millis) -> User {
        User {
            id,
            ord,
            tenant,
            user_principal_name: upn.to_owned(),
            display_name: None,
            given_name: None,
            surname: None,
            mail: None,
            mail_nickname: None,
            user_type: UserType::Member,
            account_enabled: true,
            show_in_address_list: true,
            job_title: None,
            department: None,
            employee_id: None,
            manager: None,
            physical_delivery_office_name: None,
            street_address: None,
            city: None,
            state: None,
            postal_code: None,
            country: None,
            telephone_number: None,
            preferred_language: None,
            source: Source::Internal,
            member_of: Vec::new(),
            created,
            deleted: None,
        }
    }

    /// True when the user is soft-deleted.
    pub fn is_soft_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// Fills the defaults of internal users: `mail` from the UPN, `mailNickname` from the
    /// UPN's local part, `displayName` from the given name and surname.
    pub fn apply_defaults(&mut self) {
        if self.mail_nickname.is_none() {
            let local = self.user_principal_name.split('@').next().unwrap_or_default();
            self.mail_nickname = Some(local.to_owned());
        }
        if self.mail.is_none() && self.source == Source::Internal {
            self.mail = Some(self.user_principal_name.clone());
        }
        if self.display_name.is_none() {
            let name = [self.given_name.as_deref(), self.surname.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            if !name.is_empty() {
                self.display_name = Some(name);
            }
        }
    }

    /// The text the display order sorts by: the display name, else the UPN.
    pub fn sort_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.user_principal_name)
    }

    /// The stored value of `attr`. References come back raw (`manager` and `memberOf` as
    /// ordinals, `homeTenant` as the home tenant's GUID); the executor names them.
    pub fn get(&self, attr: Attr) -> Value {
        self.view().get(attr)
    }

    /// The user as a [`UserView`] borrowing its strings.
    pub fn view(&self) -> UserView<'_> {
        UserView {
            id: self.id,
            ord: self.ord,
            tenant: self.tenant,
            user_principal_name: Text::of(&self.user_principal_name),
            display_name: self.display_name.as_deref().map(Text::of),
            given_name: self.given_name.as_deref().map(Text::of),
            surname: self.surname.as_deref().map(Text::of),
            mail: self.mail.as_deref().map(Text::of),
            mail_nickname: self.mail_nickname.as_deref().map(Text::of),
            user_type: self.user_type,
            account_enabled: self.account_enabled,
            show_in_address_list: self.show_in_address_list,
            job_title: self.job_title.as_deref().map(Text::of),
            department: self.department.as_deref().map(Text::of),
            employee_id: self.employee_id.as_deref().map(Text::of),
            manager: self.manager,
            physical_delivery_office_name: self.physical_delivery_office_name.as_deref().map(Text::of),
            street_address: self.street_address.as_deref().map(Text::of),
            city: self.city.as_deref().map(Text::of),
            state: self.state.as_deref().map(Text::of),
            postal_code: self.postal_code.as_deref().map(Text::of),
            country: self.country.as_deref().map(Text::of),
            telephone_number: self.telephone_number.as_deref().map(Text::of),
            preferred_language: self.preferred_language.as_deref().map(Text::of),
            source: self.source,
            member_of: Cow::Borrowed(&self.member_of),
            created: self.created,
            deleted: self.deleted,
        }
    }

    /// Assigns a plain attribute (text, boolean or `userType`), typed by
    /// [`typed`](super::typing::typed) like every other path. `manager` is assigned by the
    /// directory, which resolves the UPN; computed attributes are read-only.
    pub fn set(&mut self, attr: Attr, value: Value) -> Result<(), TypeError> {
        if !attr.settable() || attr == Attr::Manager {
            return Err(TypeError::ReadOnly(attr));
        }
        let value = match value {
            // Text and null are what typing would give back: typing them again only copies.
            v @ Value::Null => v,
            Value::Str(s) if attr.kind() == AttrKind::Text => Value::Str(s),
            other => typed(attr, &literal_of(&other))?,
        };
        let text = match value {
            Value::Bool(b) => {
                match attr {
                    Attr::AccountEnabled => self.account_enabled = b,
                    _ => self.show_in_address_list = b,
                }
                return Ok(());
            }
            Value::Str(s) if attr == Attr::UserType => {
                self.user_type = UserType::parse(&s).unwrap_or(self.user_type);
                return Ok(());
            }
            Value::Str(s) if attr == Attr::UserPrincipalName => {
                self.user_principal_name = s;
                return Ok(());
            }
            Value::Str(s) if s.is_empty() => None,
            Value::Str(s) => Some(s),
            _ => None,
        };
        let slot = match attr {
            Attr::DisplayName => &mut self.display_name,
            Attr::GivenName => &mut self.given_name,
            Attr::Surname => &mut self.surname,
            Attr::Mail => &mut self.mail,
            Attr::MailNickname => &mut self.mail_nickname,
            Attr::JobTitle => &mut self.job_title,
            Attr::Department => &mut self.department,
            Attr::EmployeeId => &mut self.employee_id,
            Attr::PhysicalDeliveryOfficeName => &mut self.physical_delivery_office_name,
            Attr::StreetAddress => &mut self.street_address,
            Attr::City => &mut self.city,
            Attr::State => &mut self.state,
            Attr::PostalCode => &mut self.postal_code,
            Attr::Country => &mut self.country,
            Attr::TelephoneNumber => &mut self.telephone_number,
            Attr::PreferredLanguage => &mut self.preferred_language,
            Attr::Id
            | Attr::UserPrincipalName
            | Attr::UserType
            | Attr::AccountEnabled
            | Attr::ShowInAddressList
            | Attr::Manager
            | Attr::Tenant
            | Attr::Source
            | Attr::HomeTenant
            | Attr::AlternativeSecurityIds
            | Attr::MemberOf
            | Attr::IsSoftDeleted
            | Attr::CreatedDateTime
            | Attr::DeletedDateTime
            | Attr::Label => return Err(TypeError::ReadOnly(attr)),
        };
        *slot = text;
        Ok(())
    }
}

/// Text of a [`UserView`], borrowed from the stored bytes: read as bytes (bincode writes text
/// as its length and bytes) and checked to be UTF-8 only when it is used, so the fields a row
/// does not show cost nothing. A value that is not UTF-8 (a damaged file, which `check`
/// reports) reads as U+FFFD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text<'a>(&'a [u8]);

impl<'a> Text<'a> {
    /// The text of `s`.
    pub fn of(s: &'a str) -> Text<'a> {
        Text(s.as_bytes())
    }

    /// The text, checked.
    pub fn as_str(self) -> &'a str {
        std::str::from_utf8(self.0).unwrap_or("\u{FFFD}")
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text<'a>, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Text<'de>, E> {
                Ok(Text(v))
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::of(v))
            }
        }
        d.deserialize_bytes(Bytes)
    }
}

/// A user read in place: the same fields as [`User`], in the same order (so it decodes the
/// stored shape of today's value version directly), with its text borrowed from the bytes it
/// was read from instead of copied into a `String` each. Result rows are made from views:
/// reading one costs no allocation (but `memberOf` when the user is in groups).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[allow(missing_docs)]
pub struct UserView<'a> {
    pub id: Uuid,
    pub ord: ObjOrd,
    pub tenant: TenantOrd,
    #[serde(borrow)]
    pub user_principal_name: Text<'a>,
    #[serde(borrow)]
    pub display_name: Option<Text<'a>>,
    #[serde(borrow)]
    pub given_name: Option<Text<'a>>,
    #[serde(borrow)]
    pub surname: Option<Text<'a>>,
    #[serde(borrow)]
    pub mail: Option<Text<'a>>,
    #[serde(borrow)]
    pub mail_nickname: Option<Text<'a>>,
    pub user_type: UserType,
    pub account_enabled: bool,
    pub show_in_address_list: bool,
    #[serde(borrow)]
    pub job_title: Option<Text<'a>>,
    #[serde(borrow)]
    pub department: Option<Text<'a>>,
    #[serde(borrow)]
    pub employee_id: Option<Text<'a>>,
    pub manager: Option<ObjOrd>,
    #[serde(borrow)]
    pub physical_delivery_office_name: Option<Text<'a>>,
    #[serde(borrow)]
    pub street_address: Option<Text<'a>>,
    #[serde(borrow)]
    pub city: Option<Text<'a>>,
    #[serde(borrow)]
    pub state: Option<Text<'a>>,
    #[serde(borrow)]
    pub postal_code: Option<Text<'a>>,
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    #[serde(borrow)]
    pub telephone_number: Option<Text<'a>>,
    #[serde(borrow)]
    pub preferred_language: Option<Text<'a>>,
    pub source: Source,
    pub member_of: Cow<'a, [ObjOrd]>,
    pub created: Millis,
    pub deleted: Option<Millis>,
}

impl UserView<'_> {
    /// The stored value of `attr`, as [`User::get`] gives it.
    pub fn get(&self, attr: Attr) -> Value {
        let text = |t: Option<Text<'_>>| Value::opt_str(t.map(Text::as_str));
        match attr {
            Attr::Id => Value::str(self.id.to_string()),
            Attr::UserPrincipalName => Value::str(self.user_principal_name.as_str()),
            Attr::DisplayName => text(self.display_name),
            Attr::GivenName => text(self.given_name),
            Attr::Surname => text(self.surname),
            Attr::Mail => text(self.mail),
            Attr::MailNickname => text(self.mail_nickname),
            Attr::UserType => Value::str(self.user_type.as_str()),
            Attr::AccountEnabled => Value::Bool(self.account_enabled),
            Attr::ShowInAddressList => Value::Bool(self.show_in_address_list),
            Attr::JobTitle => text(self.job_title),
            Attr::Department => text(self.department),
            Attr::EmployeeId => text(self.employee_id),
            Attr::Manager => self.manager.map_or(Value::Null, |m| Value::Int(i64::from(m.0))),
            Attr::PhysicalDeliveryOfficeName => text(self.physical_delivery_office_name),
            Attr::StreetAddress => text(self.street_address),
            Attr::City => text(self.city),
            Attr::State => text(self.state),
            Attr::PostalCode => text(self.postal_code),
            Attr::Country => text(self.country),
            Attr::TelephoneNumber => text(self.telephone_number),
            Attr::PreferredLanguage => text(self.preferred_language),
            Attr::Tenant => Value::Int(i64::from(self.tenant.0)),
            Attr::Source => Value::str(self.source.kind()),
            Attr::HomeTenant => match self.source {
                Source::Internal => Value::Null,
                Source::B2b { home_tenant, .. } => Value::str(home_tenant.to_string()),
            },
            Attr::AlternativeSecurityIds => match self.source {
                Source::Internal => Value::List(Vec::new()),
                Source::B2b {
                    home_tenant,
                    home_object,
                } => Value::List(vec![Value::str(format!("{home_tenant}/{home_object}"))]),
            },
            Attr::MemberOf => Value::List(self.member_of.iter().map(|g| Value::Int(i64::from(g.0))).collect()),
            Attr::IsSoftDeleted => Value::Bool(self.deleted.is_some()),
            Attr::CreatedDateTime => Value::Int(self.created),
            Attr::DeletedDateTime => self.deleted.map_or(Value::Null, Value::Int),
            // Computed from the organization by the presenter and by filters.
            Attr::Label => Value::Null,
        }
    }

    /// The text of a text attribute (`None` for other attributes and missing values), without
    /// a copy.
    pub fn text(&self, attr: Attr) -> Option<&str> {
        let text = match attr {
            Attr::UserPrincipalName => Some(self.user_principal_name),
            Attr::DisplayName => self.display_name,
            Attr::GivenName => self.given_name,
            Attr::Surname => self.surname,
            Attr::Mail => self.mail,
            Attr::MailNickname => self.mail_nickname,
            Attr::JobTitle => self.job_title,
            Attr::Department => self.department,
            Attr::EmployeeId => self.employee_id,
            Attr::PhysicalDeliveryOfficeName => self.physical_delivery_office_name,
            Attr::StreetAddress => self.street_address,
            Attr::City => self.city,
            Attr::State => self.state,
            Attr::PostalCode => self.postal_code,
            Attr::Country => self.country,
            Attr::TelephoneNumber => self.telephone_number,
            Attr::PreferredLanguage => self.preferred_language,
            _ => None,
        };
        text.map(|t| -> &str { t.as_str() })
    }

    /// The user this view reads, owning its text: what decoding the stored value whole gives,
    /// each text copied once from the stored bytes (a whole decode first fills a zeroed buffer
    /// per text). Text that is not UTF-8 (a damaged file) is an error, as in a whole decode.
    pub fn to_user(&self) -> Result<User, std::str::Utf8Error> {
        let owned = |t: Text<'_>| std::str::from_utf8(t.0).map(str::to_owned);
        let opt = |t: Option<Text<'_>>| t.map(owned).transpose();
        Ok(User {
            id: self.id,
            ord: self.ord,
            tenant: self.tenant,
            user_principal_name: owned(self.user_principal_name)?,
            display_name: opt(self.display_name)?,
            given_name: opt(self.given_name)?,
            surname: opt(self.surname)?,
            mail: opt(self.mail)?,
            mail_nickname: opt(self.mail_nickname)?,
            user_type: self.user_type,
            account_enabled: self.account_enabled,
            show_in_address_list: self.show_in_address_list,
            job_title: opt(self.job_title)?,
            department: opt(self.department)?,
            employee_id: opt(self.employee_id)?,
            manager: self.manager,
            physical_delivery_office_name: opt(self.physical_delivery_office_name)?,
            street_address: opt(self.street_address)?,
            city: opt(self.city)?,
            state: opt(self.state)?,
            postal_code: opt(self.postal_code)?,
            country: opt(self.country)?,
            telephone_number: opt(self.telephone_number)?,
            preferred_language: opt(self.preferred_language)?,
            source: self.source,
            member_of: self.member_of.to_vec(),
            created: self.created,
            deleted: self.deleted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annie() -> User {
        let mut u = User::new(Uuid::nil(), ObjOrd(1), TenantOrd(1), "annie@a.example", 0);
        u.given_name = Some("Annie".into());
        u.surname = Some("Adams".into());
        u
    }

    #[test]
    fn defaults_follow_the_upn() {
        let mut u = annie();
        u.apply_defaults();
        assert_eq!(u.mail.as_deref(), Some("annie@a.example"));
        assert_eq!(u.mail_nickname.as_deref(), Some("annie"));
        assert_eq!(u.display_name.as_deref(), Some("Annie Adams"));
        assert!(u.show_in_address_list);
    }

    #[test]
    fn set_checks_types() {
        let mut u = annie();
        assert!(u.set(Attr::UserType, Value::str("guest")).is_ok());
        assert_eq!(u.user_type, UserType::Guest);
        assert!(u.set(Attr::UserType, Value::str("Owner")).is_err());
        assert!(u.set(Attr::AccountEnabled, Value::str("maybe")).is_err());
        assert_eq!(u.set(Attr::Id, Value::str("x")), Err(TypeError::ReadOnly(Attr::Id)));
        u.set(Attr::City, Value::str("")).unwrap();
        assert_eq!(u.get(Attr::City), Value::Null);
    }
}

/// A user to create: its UPN, the values given for it, and where it comes from. Import,
/// the generator, `create user` and synchronization all create users through this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewUser {
    /// The user principal name.
    pub upn: String,
    /// Assigned attributes, in the order given. `manager` is a UPN of the same tenant.
    pub values: Vec<(Attr, Value)>,
    /// The home identity, for a B2B user.
    pub b2b: Option<Home>,
}

/// The home identity of a B2B user: the home tenant and the user object there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Home {
    /// The home tenant's GUID.
    pub tenant: Uuid,
    /// The home user's object GUID.
    pub object: Uuid,
}

impl NewUser {
    /// An internal user with these values.
    pub fn new(upn: impl Into<String>, values: Vec<(Attr, Value)>) -> NewUser {
        NewUser {
            upn: upn.into(),
            values,
            b2b: None,
        }
    }
}

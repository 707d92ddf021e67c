//! The catalogue of user attributes: names as Microsoft Graph spells them, their kinds, and
//! which of them users may set, filter on and find indexed.

use std::fmt;

/// What kind of value an attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrKind {
    /// Free text.
    Text,
    /// `true` / `false`.
    Bool,
    /// `Member` or `Guest`.
    UserType,
    /// Another user of the same tenant, written as its UPN.
    UserRef,
    /// A timestamp (RFC 3339 in output).
    Time,
    /// A GUID.
    Guid,
    /// A tenant, written as its handle.
    TenantRef,
    /// `internal` or `b2b`.
    Source,
    /// Groups, written by name.
    Groups,
    /// The B2B home identity, read-only.
    SecurityIds,
    /// The organization label of an organization user's home tenant: computed from the
    /// organization, never stored.
    Label,
}

macro_rules! attrs {
    ($( $variant:ident => $name:literal, $kind:ident, settable: $settable:literal, posting: $posting:expr; )*) => {
        /// A user attribute. Stored values (sync mappings and scoping filters) name it by its
        /// position: new attributes go at the end of the list.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum Attr { $( #[doc = concat!("`", $name, "`")] $variant, )* }

        impl Attr {
            /// Every attribute, in the order `show user` prints them.
            pub const ALL: &'static [Attr] = &[ $( Attr::$variant, )* ];

            /// The Graph name (`userPrincipalName`).
            pub fn name(self) -> &'static str {
                match self { $( Attr::$variant => $name, )* }
            }

            /// The kind of value.
            pub fn kind(self) -> AttrKind {
                match self { $( Attr::$variant => AttrKind::$kind, )* }
            }

            /// True when `create user … with` and `update … set` may assign it.
            pub fn settable(self) -> bool {
                match self { $( Attr::$variant => $settable, )* }
            }

            /// The equality-posting number, for attributes that have an equality index.
            pub fn posting(self) -> Option<u8> {
                match self { $( Attr::$variant => $posting, )* }
            }
        }
    };
}

attrs! {
    Id => "id", Guid, settable: false, posting: None;
    UserPrincipalName => "userPrincipalName", Text, settable: true, posting: None;
    DisplayName => "displayName", Text, settable: true, posting: None;
    GivenName => "givenName", Text, settable: true, posting: None;
    Surname => "surname", Text, settable: true, posting: None;
    Mail => "mail", Text, settable: true, posting: None;
    MailNickname => "mailNickname", Text, settable: true, posting: None;
    UserType => "userType", UserType, settable: true, posting: None;
    AccountEnabled => "accountEnabled", Bool, settable: true, posting: Some(2);
    ShowInAddressList => "showInAddressList", Bool, settable: true, posting: None;
    JobTitle => "jobTitle", Text, settable: true, posting: Some(3);
    Department => "department", Text, settable: true, posting: Some(4);
    EmployeeId => "employeeId", Text, settable: true, posting: None;
    Manager => "manager", UserRef, settable: true, posting: Some(10);
    PhysicalDeliveryOfficeName => "physicalDeliveryOfficeName", Text, settable: true, posting: None;
    StreetAddress => "streetAddress", Text, settable: true, posting: None;
    City => "city", Text, settable: true, posting: Some(5);
    State => "state", Text, settable: true, posting: None;
    PostalCode => "postalCode", Text, settable: true, posting: None;
    Country => "country", Text, settable: true, posting: Some(6);
    TelephoneNumber => "telephoneNumber", Text, settable: true, posting: None;
    PreferredLanguage => "preferredLanguage", Text, settable: true, posting: None;
    Tenant => "tenant", TenantRef, settable: false, posting: None;
    Source => "source", Source, settable: false, posting: Some(7);
    HomeTenant => "homeTenant", TenantRef, settable: false, posting: Some(8);
    AlternativeSecurityIds => "alternativeSecurityIds", SecurityIds, settable: false, posting: None;
    MemberOf => "memberOf", Groups, settable: false, posting: Some(9);
    IsSoftDeleted => "isSoftDeleted", Bool, settable: false, posting: None;
    CreatedDateTime => "createdDateTime", Time, settable: false, posting: None;
    DeletedDateTime => "deletedDateTime", Time, settable: false, posting: None;
    Label => "label", Label, settable: false, posting: None;
}

/// Other spellings users type for an attribute (Entra's CSV headers, the seeds' table).
const ALIASES: &[(&str, Attr)] = &[
    ("upn", Attr::UserPrincipalName),
    ("officeLocation", Attr::PhysicalDeliveryOfficeName),
    ("office", Attr::PhysicalDeliveryOfficeName),
    ("name", Attr::DisplayName),
    ("firstName", Attr::GivenName),
    ("lastName", Attr::Surname),
    ("title", Attr::JobTitle),
    ("mobilePhone", Attr::TelephoneNumber),
    ("businessPhone", Attr::TelephoneNumber),
    ("deleted", Attr::IsSoftDeleted),
    ("softDeleted", Attr::IsSoftDeleted),
];

impl Attr {
    /// Looks an attribute up by name, case-insensitively (`usertype`, `UserType`), including
    /// the aliases of Entra's CSV headers (`officeLocation`).
    pub fn lookup(name: &str) -> Option<Attr> {
        Attr::ALL
            .iter()
            .copied()
            .find(|a| a.name().eq_ignore_ascii_case(name))
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, a)| *a)
            })
    }

    /// The known attribute name closest to `name`, for "did you mean" hints.
    pub fn nearest(name: &str) -> Option<&'static str> {
        crate::suggest::nearest(name, Attr::ALL.iter().map(|a| a.name()))
    }

    /// True for the attributes no user stores, computed when shown (`label`).
    pub fn is_computed(self) -> bool {
        matches!(self, Attr::Label)
    }

    /// Every stored attribute, in the order `show user` prints them: what exports write.
    pub fn stored() -> &'static [Attr] {
        static STORED: std::sync::LazyLock<Vec<Attr>> =
            std::sync::LazyLock::new(|| Attr::ALL.iter().copied().filter(|a| !a.is_computed()).collect());
        &STORED
    }

    /// True for the attributes whose changes the change feed records: all but the object's
    /// identity and the deletion state (the change's own `op` says that).
    pub fn recorded_in_changes(self) -> bool {
        !matches!(
            self,
            Attr::Id
                | Attr::Tenant
                | Attr::CreatedDateTime
                | Attr::IsSoftDeleted
                | Attr::DeletedDateTime
                | Attr::AlternativeSecurityIds
                | Attr::Label
        )
    }

    /// The attributes with an equality posting.
    pub fn with_postings() -> impl Iterator<Item = Attr> {
        Attr::ALL.iter().copied().filter(|a| a.posting().is_some())
    }

    /// The attribute whose equality posting has number `id`.
    pub fn from_posting(id: u8) -> Option<Attr> {
        Attr::with_postings().find(|a| a.posting() == Some(id))
    }

    /// True for the attributes whose words typeahead matches (`displayName`, `givenName`,
    /// `surname`) or whose whole value it matches by prefix (`mail`, `userPrincipalName`).
    pub fn is_typeahead(self) -> bool {
        matches!(
            self,
            Attr::DisplayName | Attr::GivenName | Attr::Surname | Attr::Mail | Attr::UserPrincipalName
        )
    }
}

impl fmt::Display for Attr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive_and_knows_aliases() {
        assert_eq!(Attr::lookup("usertype"), Some(Attr::UserType));
        assert_eq!(Attr::lookup("IsSoftDeleted"), Some(Attr::IsSoftDeleted));
        assert_eq!(Attr::lookup("officeLocation"), Some(Attr::PhysicalDeliveryOfficeName));
        assert_eq!(Attr::lookup("nope"), None);
    }

    #[test]
    fn posting_numbers_are_unique() {
        let mut ids: Vec<u8> = Attr::with_postings().filter_map(Attr::posting).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for id in ids {
            assert_eq!(Attr::from_posting(id).and_then(Attr::posting), Some(id));
        }
    }

    #[test]
    fn nearest_suggests_a_close_name() {
        assert_eq!(Attr::nearest("departmnt"), Some("department"));
        assert_eq!(Attr::nearest("usrType"), Some("userType"));
    }
}

//! The CSV files of the Entra admin center.
//!
//! - **Download users** (Users ▸ All users ▸ Download users): a header of display names such
//!   as `User principal name`, `Display name`, `Given name`, `Surname`, `Object Id`,
//!   `User type`, `Job title`, `Department`, `Account enabled`, `Usage location`,
//!   `Street address`, `State or province`, `Country or region`, `Office`, `City`,
//!   `ZIP or postal code`, `Office phone`, `Mobile phone`, `Mail`, `Alternate email address`,
//!   `Creation type`, `Directory synced`, `Identity issuer`, `Created date time`, … The older
//!   portal wrote property names instead (`userPrincipalName`, `objectId`, `mobile`, …).
//! - **Bulk create** template: a first line `version:v1.0`, then headers that carry the
//!   property in brackets: `Name [displayName] Required`,
//!   `User name [userPrincipalName] Required`, `Initial password [passwordProfile] Required`,
//!   `Block sign in (Yes/No) [accountEnabled] Required`, `First name [givenName]`, ….
//!   `Block sign in` Yes means `accountEnabled` false.
//!
//! Columns mtodir models are mapped; the others (object id, passwords, usage location,
//! creation type, …) are ignored. Phones: `Office phone` is `telephoneNumber`; `Mobile phone`
//! fills `telephoneNumber` only when `Office phone` is empty.

use super::UserSink;
use super::csv_users::{Layout, read_table, require_upn};
use super::typing::Column;
use crate::Result;
use crate::model::Attr;
use csv::StringRecord;
use std::path::Path;

/// Headers of the "Download users" file whose names are not a property name once their
/// spaces are removed (`Job title` → `jobtitle` needs no entry).
const HEADERS: &[(&str, Column)] = &[
    ("state or province", Column::Set(Attr::State)),
    ("country or region", Column::Set(Attr::Country)),
    ("zip or postal code", Column::Set(Attr::PostalCode)),
    ("office phone", Column::Set(Attr::TelephoneNumber)),
    ("email", Column::Set(Attr::Mail)),
    ("object id", Column::Ignore),
    ("objectid", Column::Ignore),
];

/// Entra's layouts: human headers, or bracketed property names after `version:v1.0`.
struct EntraLayout;

impl Layout for EntraLayout {
    fn is_preamble(&self, first: &StringRecord) -> bool {
        first.get(0).is_some_and(is_version_line)
    }

    fn columns(&self, header: &StringRecord) -> Result<Vec<Column>, String> {
        let columns: Vec<Column> = header.iter().map(column).collect();
        require_upn(&columns).map_err(|_| {
            "no user principal name column (`User principal name`, \
             `User name [userPrincipalName]` or `userPrincipalName`)"
                .to_owned()
        })?;
        Ok(columns)
    }

    fn is_example(&self, row: &StringRecord) -> bool {
        row.get(0)
            .is_some_and(|c| c.trim_start().to_ascii_lowercase().starts_with("example:"))
    }
}

/// True for the bulk template's first line (`version:v1.0`).
fn is_version_line(text: &str) -> bool {
    text.trim().to_ascii_lowercase().starts_with("version:")
}

/// The column of one Entra header; anything unknown is ignored.
fn column(header: &str) -> Column {
    let header = header.trim();
    let lower = header.to_ascii_lowercase();
    if let Some(property) = bracketed(header) {
        if lower.starts_with("block sign in") {
            return Column::BlockSignIn;
        }
        return Column::of_property(property).unwrap_or(Column::Ignore);
    }
    if let Some((_, column)) = HEADERS.iter().find(|(h, _)| *h == lower) {
        return *column;
    }
    let spaceless: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    Column::of_property(&spaceless).unwrap_or(Column::Ignore)
}

/// The property name in `Label [property] Required`.
fn bracketed(header: &str) -> Option<&str> {
    let (_, rest) = header.split_once('[')?;
    let (property, _) = rest.split_once(']')?;
    Some(property.trim())
}

/// True when the start of a `.csv` file is one of Entra's layouts: the bulk template's
/// `version:` line, a `User principal name` header, or the older download's `objectId` column.
pub(super) fn looks_like_entra(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text.lines().next().unwrap_or_default();
    if is_version_line(first) {
        return true;
    }
    let cells = || first.split(',').map(|c| c.trim().trim_matches('"').trim());
    cells().any(|c| c.eq_ignore_ascii_case("user principal name"))
        || cells().any(|c| c.eq_ignore_ascii_case("objectId"))
}

/// Reads users from an Entra CSV file.
pub(super) fn read(bytes: &[u8], name: &Path, sink: UserSink<'_>) -> Result<()> {
    read_table(bytes, name, &EntraLayout, sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{Format, read_users_from};
    use crate::model::Value;
    use crate::{Attr, Error};

    /// A file as the Entra admin center's "Download users" writes it (with its BOM).
    const DOWNLOAD: &str = "\u{feff}User principal name,Display name,Surname,Mail,Given name,\
Object Id,User type,Job title,Department,Account enabled,Usage location,Street address,\
State or province,Country or region,Office,City,ZIP or postal code,Office phone,Mobile phone,\
Alternate email address,Age group,Consent provided for minor,Legal age group classification,\
Company name,Creation type,Directory synced,Invitation state,Identity issuer,Created date time
annie@contoso.example,Annie Adams,Adams,annie@contoso.example,Annie,\
0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6,Member,Engineer,R&D,True,US,\"1 Main St, Suite 2\",WA,\
United States,B1,Seattle,98052,+1 425 555 0100,+1 425 555 0199,,,,,Contoso,,,,\
contoso.example,2024-03-01T10:00:00Z
bob_fabrikam.example#EXT#@contoso.example,Bob Baker,Baker,bob@fabrikam.example,Bob,\
9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0,Guest,,,No,,,,,,,,,+47 555 0101,,,,,,Invitation,,\
Accepted,ExternalAzureAD,2024-04-01T10:00:00Z
";

    /// The "Bulk create" template with two users.
    const BULK: &str = "version:v1.0,,,,,,,,,,,,,,,,
Name [displayName] Required,User name [userPrincipalName] Required,\
Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,\
First name [givenName],Last name [surname],Job title [jobTitle],Department [department],\
Usage location [usageLocation],Street address [streetAddress],State or province [state],\
Country or region [country],Office [physicalDeliveryOfficeName],City [city],\
ZIP or postal code [postalCode],Office phone [telephoneNumber],Mobile phone [mobile]
Example: Chris Green,chris@contoso.com,myPassword1234,No,Chris,Green,IT Manager,IT,US,\
9256 Towne Center Dr.,CA,United States,Building 1,San Diego,92121,555-0100,555-0101
Carla Diaz,carla@contoso.example,Pa55word!,No,Carla,Diaz,Buyer,Sales,ES,Calle 1,Madrid,\
Spain,M1,Madrid,28001,,+34 600 000 000
Dan Ek,dan@contoso.example,Pa55word!,Yes,Dan,Ek,,,,,,,,,,,
";

    fn read_str(text: &str) -> crate::Result<Vec<crate::interchange::ImportedUser>> {
        read_users_from(text.as_bytes(), Path::new("entra.csv"), Format::EntraCsv)
    }

    #[test]
    fn reads_the_download_users_file() {
        let users = read_str(DOWNLOAD).unwrap();
        assert_eq!(users.len(), 2);
        let annie = &users[0];
        assert_eq!((annie.line, annie.user.upn.as_str()), (2, "annie@contoso.example"));
        assert_eq!(
            annie.user.values,
            vec![
                (Attr::DisplayName, Value::str("Annie Adams")),
                (Attr::Surname, Value::str("Adams")),
                (Attr::Mail, Value::str("annie@contoso.example")),
                (Attr::GivenName, Value::str("Annie")),
                (Attr::UserType, Value::str("Member")),
                (Attr::JobTitle, Value::str("Engineer")),
                (Attr::Department, Value::str("R&D")),
                (Attr::AccountEnabled, Value::Bool(true)),
                (Attr::StreetAddress, Value::str("1 Main St, Suite 2")),
                (Attr::State, Value::str("WA")),
                (Attr::Country, Value::str("United States")),
                (Attr::PhysicalDeliveryOfficeName, Value::str("B1")),
                (Attr::City, Value::str("Seattle")),
                (Attr::PostalCode, Value::str("98052")),
                (Attr::TelephoneNumber, Value::str("+1 425 555 0100")),
            ]
        );
        let bob = &users[1];
        assert_eq!(bob.line, 3);
        assert!(bob.user.values.contains(&(Attr::UserType, Value::str("Guest"))));
        assert!(bob.user.values.contains(&(Attr::AccountEnabled, Value::Bool(false))));
        assert!(
            bob.user
                .values
                .contains(&(Attr::TelephoneNumber, Value::str("+47 555 0101")))
        );
        assert_eq!(bob.user.b2b, None);
    }

    #[test]
    fn reads_the_bulk_create_template() {
        let users = read_str(BULK).unwrap();
        assert_eq!(users.len(), 2, "the Example row is skipped");
        let carla = &users[0];
        assert_eq!((carla.line, carla.user.upn.as_str()), (4, "carla@contoso.example"));
        assert_eq!(carla.user.values[0], (Attr::DisplayName, Value::str("Carla Diaz")));
        assert!(carla.user.values.contains(&(Attr::AccountEnabled, Value::Bool(true))));
        assert!(
            carla
                .user
                .values
                .contains(&(Attr::PhysicalDeliveryOfficeName, Value::str("M1")))
        );
        assert!(
            carla
                .user
                .values
                .contains(&(Attr::TelephoneNumber, Value::str("+34 600 000 000")))
        );
        assert!(!carla.user.values.iter().any(|(_, v)| *v == Value::str("Pa55word!")));
        let dan = &users[1];
        assert_eq!(dan.line, 5);
        assert!(dan.user.values.contains(&(Attr::AccountEnabled, Value::Bool(false))));
    }

    #[test]
    fn crlf_files_read_the_same() {
        let crlf = |text: &str| read_str(&text.replace('\n', "\r\n")).unwrap();
        assert_eq!(crlf(BULK), read_str(BULK).unwrap());
        assert_eq!(crlf(DOWNLOAD), read_str(DOWNLOAD).unwrap());
    }

    #[test]
    fn errors_point_at_the_right_line() {
        let bad = BULK.replace(
            "Dan Ek,dan@contoso.example,Pa55word!,Yes",
            "Dan Ek,dan@contoso.example,x,Maybe",
        );
        match read_str(&bad) {
            Err(Error::Import { line: 5, message, .. }) => assert_eq!(
                message,
                "`Block sign in (Yes/No) [accountEnabled] Required` takes Yes or No, not \"Maybe\""
            ),
            other => panic!("{other:?}"),
        }
        let bad = DOWNLOAD.replace("No,,,,,", "Nope,,,,,");
        assert!(matches!(read_str(&bad), Err(Error::Import { line: 3, .. })));
        let no_upn = "version:v1.0\nName [displayName] Required\nAnnie\n";
        assert!(matches!(read_str(no_upn), Err(Error::Import { line: 2, .. })));
        assert!(matches!(
            read_str("Display name\nAnnie\n"),
            Err(Error::Import { line: 1, .. })
        ));
    }

    #[test]
    fn recognises_entra_layouts() {
        assert!(looks_like_entra(DOWNLOAD.trim_start_matches('\u{feff}').as_bytes()));
        assert!(looks_like_entra(BULK.as_bytes()));
        assert!(looks_like_entra(
            b"\"userPrincipalName\",\"displayName\",\"objectId\"\n"
        ));
        assert!(!looks_like_entra(b"userPrincipalName,displayName,id\n"));
        assert!(!looks_like_entra(b""));
    }

    #[test]
    fn maps_headers() {
        assert_eq!(column("ZIP or postal code"), Column::Set(Attr::PostalCode));
        assert_eq!(column("Mobile phone"), Column::Fallback(Attr::TelephoneNumber, 2));
        assert_eq!(
            column("Mobile phone [mobile]"),
            Column::Fallback(Attr::TelephoneNumber, 2)
        );
        assert_eq!(column("Initial password [passwordProfile] Required"), Column::Ignore);
        assert_eq!(column("Employee ID"), Column::Set(Attr::EmployeeId));
        assert_eq!(column("Identity issuer"), Column::Ignore);
        assert_eq!(column("Deleted date time"), Column::DeletedAt);
    }
}

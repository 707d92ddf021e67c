//! A deterministic, seeded generator of realistic directories.
//!
//! [`users`] yields, lazily, the users of one tenant: internal employees and B2B
//! collaboration users copied from a few simulated other tenants. The same [`GenParams`]
//! always yield the same users, on every machine, so that tests and benchmarks can rely on
//! them; the library, the CLI (`generate users into tenant A count 100000 seed 42`) and the
//! benchmarks all create users through it.
//!
//! What makes the directories realistic:
//! - **Names**: given names and surnames are drawn independently from embedded international
//!   lists (a few hundred each, with accents such as `José`, `Zoë`, `Ødegård`, `Núñez`, and
//!   multi-word surnames such as `van der Berg`), with a Zipf-like skew: the weight of the
//!   name of rank `r` is proportional to `1 / (r + 8)`, so a few names are very common (each
//!   of the top ones about 3 % of users) and there is a long tail (the median name is some
//!   20 times rarer than the most common one).
//! - **UPNs**: `given.surname@domain`, folded to ASCII ([`crate::fold::fold`], spaces and
//!   apostrophes dropped), with a numeric suffix from the second holder of a name on
//!   (`james.smith2@…`). UPNs are unique case-insensitively by construction.
//! - **Work**: 20 departments with skewed sizes (Engineering and Sales are large, Facilities
//!   small), job titles consistent with the department (many engineers, few directors),
//!   offices in 18 countries where a few dominate (the United States holds about 40 % of
//!   users), each city with its state, postal code, street address, office building, phone
//!   numbering plan and preferred language.
//! - **B2B users**: copies of users of simulated partner tenants (GUIDs derived from the seed
//!   with UUID v5), with UPNs written as the real service writes them
//!   (`<home UPN with @ as _>#EXT#@<domain>`), `mail` the home UPN, `userType` `Member`
//!   (synchronized colleagues, with the full synchronized property set) or `Guest` (invited,
//!   with names and mail only, and hidden from the address list).
//!
//! The cost per user is constant (a few table look-ups by binary search over at most a few
//! hundred weights, and the allocation of the user's own strings), so generation is linear
//! in `count`. The only state besides the random generator is one counter per (given name,
//! surname) pair and tenant, at most about a hundred thousand `u32`s per simulated tenant,
//! whatever the count.

use crate::fold::fold;
use crate::model::{Attr, Home, NewUser, Value};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::iter::FusedIterator;
use std::sync::LazyLock;
use uuid::Uuid;

/// What to generate. Build it with [`GenParams::new`] and adjust the fields; fractions are
/// clamped to `0.0..=1.0` (a NaN counts as 0).
#[derive(Debug, Clone, PartialEq)]
pub struct GenParams {
    /// How many users to generate, B2B users included.
    pub count: u64,
    /// The seed of the random generator: the same seed and parameters give the same users.
    pub seed: u64,
    /// The tenant's default domain (`a.example`): internal UPNs end with `@domain`, B2B UPNs
    /// with `#EXT#@domain`.
    pub domain: String,
    /// The fraction of users that are B2B copies of users of the simulated partner tenants.
    /// Default 0.05.
    pub b2b_fraction: f64,
    /// The fraction of the B2B users that are `Guest`s (invited rather than synchronized);
    /// the others are `Member`s. Default 0.3.
    pub guest_fraction: f64,
    /// The fraction of internal users hidden from the address list
    /// (`showInAddressList = false`: service accounts, shared mailboxes). Default 0.02.
    pub hidden_fraction: f64,
    /// The fraction of users (internal and B2B) that the caller should soft-delete after
    /// creating them ([`GeneratedUser::soft_deleted`]). Default 0.02.
    pub deleted_fraction: f64,
    /// The fraction of internal users and B2B members whose account is disabled
    /// (`accountEnabled = false`). Default 0.03.
    pub disabled_fraction: f64,
    /// How many departments to use, the largest first (at most 20, at least 1). Default 20.
    pub departments: usize,
    /// How many simulated partner tenants the B2B users come from (at most 12; 0 means no
    /// B2B users). Default 3.
    pub partner_tenants: usize,
}

impl GenParams {
    /// Parameters for `count` users of the tenant whose default domain is `domain`, with the
    /// defaults documented on each field.
    pub fn new(count: u64, seed: u64, domain: impl Into<String>) -> GenParams {
        GenParams {
            count,
            seed,
            domain: domain.into(),
            b2b_fraction: 0.05,
            guest_fraction: 0.3,
            hidden_fraction: 0.02,
            deleted_fraction: 0.02,
            disabled_fraction: 0.03,
            departments: DEPARTMENTS.len(),
            partner_tenants: 3,
        }
    }

    /// The simulated partner tenants that the B2B users come from, in order of how many users
    /// they contribute (the first the most). Their GUIDs are derived from the seed and their
    /// domain with UUID v5, so they are the same in every run with this seed.
    pub fn simulated_tenants(&self) -> Vec<SimulatedTenant> {
        let n = self.partner_tenants.min(PARTNERS.len());
        // The seed picks where in the list the partners start, so that different seeds give
        // different partners.
        let start = (self.seed % PARTNERS.len() as u64) as usize;
        (0..n)
            .map(|k| {
                let (name, domain, code) = PARTNERS[(start + k) % PARTNERS.len()];
                let key = format!("mtodir/generate/tenant/{}/{domain}", self.seed);
                SimulatedTenant {
                    id: Uuid::new_v5(&GEN_NAMESPACE, key.as_bytes()),
                    name,
                    domain,
                    code,
                }
            })
            .collect()
    }
}

/// A tenant that the generator pretends B2B users come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulatedTenant {
    /// Its tenant GUID (UUID v5 of the seed and the domain).
    pub id: Uuid,
    /// Its display name (`Northwind Traders`).
    pub name: &'static str,
    /// Its default domain (`northwind.example`): the domain of its users' home UPNs.
    pub domain: &'static str,
    /// The prefix of its employee ids (`NW` in `NW-100123`).
    pub code: &'static str,
}

/// One generated user: what to create, and whether to soft-delete it afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedUser {
    /// The user to create. `manager` is never set (see [`manager_of`]).
    pub user: NewUser,
    /// True when the caller should soft-delete the user after creating it, so that the
    /// directory holds deleted objects as real ones do.
    pub soft_deleted: bool,
}

/// The users that `params` describe, generated lazily, in a deterministic order.
///
/// The iterator owns what it needs, so it does not borrow `params`.
pub fn users(params: &GenParams) -> Users {
    Users::new(params)
}

/// A deterministic manager for the user at `index` (0-based, in generation order): the
/// users form a tree in which each manager has eight direct reports (`0` is the top and has
/// no manager; users 1 to 8 report to 0, users 9 to 16 to 1, and so on), so the manager of
/// a user is always generated before it.
///
/// The generator does not set `manager` itself. A caller that does should note that the
/// manager may be a B2B user or a user it soft-deletes; it may skip those, or walk up with
/// `manager_of` again until it finds an internal, live one.
pub fn manager_of(index: u64) -> Option<u64> {
    (index > 0).then(|| (index - 1) / MANAGER_SPAN)
}

/// The number of direct reports of each manager in [`manager_of`]'s tree.
const MANAGER_SPAN: u64 = 8;

/// The namespace of the generator's UUID v5 identifiers.
const GEN_NAMESPACE: Uuid = Uuid::from_u128(0x6d74_6f64_6972_5f67_656e_6572_6174_6f72);

/// The iterator that [`users`] returns.
#[derive(Debug)]
pub struct Users {
    rng: ChaCha8Rng,
    next: u64,
    count: u64,
    domain: String,
    b2b: f64,
    guest: f64,
    hidden: f64,
    deleted: f64,
    disabled: f64,
    partners: Vec<SimulatedTenant>,
    partner_table: Table,
    department_table: Table,
    /// How often each (tenant slot, given-name local part, surname local part) was used; slot
    /// 0 is this tenant, slot `1 + k` the partner `k`.
    counters: Vec<u32>,
}

impl Users {
    fn new(params: &GenParams) -> Users {
        let catalog = &*CATALOG;
        let partners = params.simulated_tenants();
        let departments = params.departments.clamp(1, DEPARTMENTS.len());
        let pairs = catalog.given_locals * catalog.surname_locals;
        Users {
            rng: ChaCha8Rng::seed_from_u64(params.seed),
            next: 0,
            count: params.count,
            domain: params.domain.clone(),
            b2b: unit(params.b2b_fraction),
            guest: unit(params.guest_fraction),
            hidden: unit(params.hidden_fraction),
            deleted: unit(params.deleted_fraction),
            disabled: unit(params.disabled_fraction),
            partner_table: Table::zipf(partners.len(), 1),
            department_table: Table::new(DEPARTMENTS[..departments].iter().map(|d| d.weight)),
            counters: vec![0; pairs * (1 + partners.len())],
            partners,
        }
    }

    /// `given.surname` (ASCII), with a numeric suffix from the second use in `slot` on.
    fn local_part(&mut self, slot: usize, given: &Name, surname: &Name) -> String {
        let catalog = &*CATALOG;
        let pair = given.local_id * catalog.surname_locals + surname.local_id;
        let counter = &mut self.counters[slot * catalog.given_locals * catalog.surname_locals + pair];
        *counter += 1;
        let mut local = String::with_capacity(given.local.len() + surname.local.len() + 4);
        local.push_str(&given.local);
        local.push('.');
        local.push_str(&surname.local);
        if *counter > 1 {
            // Writing to a String cannot fail.
            let _ = write!(local, "{counter}");
        }
        local
    }

    /// Pushes the work and location properties of a synchronized or internal user.
    fn push_work(&mut self, values: &mut Vec<(Attr, Value)>, employee_id: String) {
        let department_index = self.department_table.sample(&mut self.rng);
        let department = &DEPARTMENTS[department_index];
        let title_index = CATALOG.title_tables[department_index].sample(&mut self.rng);
        let title = department.titles[title_index].1;
        let country_index = CATALOG.country_table.sample(&mut self.rng);
        let country = &COUNTRIES[country_index];
        let city = &country.cities[CATALOG.city_tables[country_index].sample(&mut self.rng)].1;
        // u32, not usize, so that the draw is the same on 32- and 64-bit targets.
        let office_index = self.rng.random_range(0..city.offices.len() as u32) as usize;
        let (street, postal_code) = city.offices[office_index];
        let floor = self.rng.random_range(1..=18u32);
        let room = self.rng.random_range(1..=60u32);
        let office = format!("{}-{}/{floor:02}{room:02}", city.code, office_index + 1);
        let phone = fill_digits(city.phone, self.rng.random());

        values.push((Attr::JobTitle, Value::str(title)));
        values.push((Attr::Department, Value::str(department.name)));
        values.push((Attr::EmployeeId, Value::Str(employee_id)));
        values.push((Attr::PhysicalDeliveryOfficeName, Value::Str(office)));
        values.push((Attr::StreetAddress, Value::str(street)));
        values.push((Attr::City, Value::str(city.name)));
        if !city.state.is_empty() {
            values.push((Attr::State, Value::str(city.state)));
        }
        values.push((Attr::PostalCode, Value::str(postal_code)));
        values.push((Attr::Country, Value::str(country.code)));
        values.push((Attr::TelephoneNumber, Value::Str(phone)));
        values.push((Attr::PreferredLanguage, Value::str(city.language)));
    }
}

impl Iterator for Users {
    type Item = GeneratedUser;

    fn next(&mut self) -> Option<GeneratedUser> {
        if self.next >= self.count {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let catalog = &*CATALOG;
        let given = &catalog.given[catalog.given_table.sample(&mut self.rng)];
        let surname = &catalog.surnames[catalog.surname_table.sample(&mut self.rng)];
        let partner = if !self.partners.is_empty() && chance(&mut self.rng, self.b2b) {
            Some(self.partner_table.sample(&mut self.rng))
        } else {
            None
        };
        let soft_deleted = chance(&mut self.rng, self.deleted);

        let mut values = Vec::with_capacity(20);
        values.push((
            Attr::DisplayName,
            Value::Str(format!("{} {}", given.text, surname.text)),
        ));
        values.push((Attr::GivenName, Value::str(given.text)));
        values.push((Attr::Surname, Value::str(surname.text)));

        let user = match partner {
            None => {
                let upn = format!("{}@{}", self.local_part(0, given, surname), self.domain);
                let hidden = chance(&mut self.rng, self.hidden);
                let enabled = !chance(&mut self.rng, self.disabled);
                values.push((Attr::Mail, Value::str(upn.clone())));
                values.push((Attr::UserType, Value::str("Member")));
                values.push((Attr::AccountEnabled, Value::Bool(enabled)));
                values.push((Attr::ShowInAddressList, Value::Bool(!hidden)));
                self.push_work(&mut values, (100_000 + index).to_string());
                NewUser { upn, values, b2b: None }
            }
            Some(k) => {
                let home = self.partners[k];
                let local = self.local_part(1 + k, given, surname);
                let upn = format!("{local}_{}#EXT#@{}", home.domain, self.domain);
                let home_upn = format!("{local}@{}", home.domain);
                let home_object = Uuid::new_v5(&home.id, &index.to_be_bytes());
                values.push((Attr::Mail, Value::Str(home_upn)));
                if chance(&mut self.rng, self.guest) {
                    // Invited: names and mail only, mostly hidden from the address list.
                    let shown = chance(&mut self.rng, GUEST_SHOWN);
                    values.push((Attr::UserType, Value::str("Guest")));
                    values.push((Attr::AccountEnabled, Value::Bool(true)));
                    values.push((Attr::ShowInAddressList, Value::Bool(shown)));
                } else {
                    // Synchronized: the full synchronized property set of the home user.
                    let enabled = !chance(&mut self.rng, self.disabled);
                    values.push((Attr::UserType, Value::str("Member")));
                    values.push((Attr::AccountEnabled, Value::Bool(enabled)));
                    values.push((Attr::ShowInAddressList, Value::Bool(true)));
                    self.push_work(&mut values, format!("{}-{}", home.code, 100_000 + index));
                }
                NewUser {
                    upn,
                    values,
                    b2b: Some(Home {
                        tenant: home.id,
                        object: home_object,
                    }),
                }
            }
        };
        Some(GeneratedUser { user, soft_deleted })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.next;
        match usize::try_from(left) {
            Ok(n) => (n, Some(n)),
            Err(_) => (usize::MAX, None),
        }
    }
}

impl FusedIterator for Users {}

/// The share of B2B guests shown in the address list (as contacts in Outlook).
const GUEST_SHOWN: f64 = 0.1;

/// `p` as a probability.
fn unit(p: f64) -> f64 {
    if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }
}

/// True with probability `p`.
fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// `template` with every `#` replaced by a digit of `random`.
fn fill_digits(template: &str, mut random: u64) -> String {
    let mut out = String::with_capacity(template.len());
    for c in template.chars() {
        if c == '#' {
            out.push(char::from(b'0' + (random % 10) as u8));
            random /= 10;
        } else {
            out.push(c);
        }
    }
    out
}

/// A discrete distribution over `0..n` given by integer weights, sampled by binary search
/// over the cumulative weights (integers, so that sampling is the same on every platform).
#[derive(Debug, Clone)]
struct Table {
    cumulative: Vec<u32>,
}

impl Table {
    fn new(weights: impl IntoIterator<Item = u32>) -> Table {
        let mut total = 0u32;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Table { cumulative }
    }

    /// Zipf–Mandelbrot weights over `n` ranks: rank `r` weighs `1 / (r + offset)`.
    fn zipf(n: usize, offset: u32) -> Table {
        Table::new((0..n as u32).map(|r| ZIPF_SCALE / (r + offset)))
    }

    /// A rank; 0 when the table is empty or weighs nothing.
    fn sample(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return 0;
        }
        let x = rng.random_range(0..total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

const ZIPF_SCALE: u32 = 1_000_000;

/// The offset of the names' Zipf–Mandelbrot weights: larger means flatter.
const NAME_ZIPF_OFFSET: u32 = 8;

/// A name with its UPN form.
#[derive(Debug)]
struct Name {
    /// As displayed (`Ødegård`).
    text: &'static str,
    /// Folded to the ASCII of a UPN's local part (`odegard`).
    local: String,
    /// The number of `local` among the distinct local parts of its list.
    local_id: usize,
}

/// The tables that do not depend on the parameters, built once.
struct Catalog {
    given: Vec<Name>,
    surnames: Vec<Name>,
    given_locals: usize,
    surname_locals: usize,
    given_table: Table,
    surname_table: Table,
    title_tables: Vec<Table>,
    country_table: Table,
    city_tables: Vec<Table>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let (given, given_locals) = names(GIVEN_NAMES);
    let (surnames, surname_locals) = names(SURNAMES);
    Catalog {
        given_table: Table::zipf(given.len(), NAME_ZIPF_OFFSET),
        surname_table: Table::zipf(surnames.len(), NAME_ZIPF_OFFSET),
        given,
        surnames,
        given_locals,
        surname_locals,
        title_tables: DEPARTMENTS
            .iter()
            .map(|d| Table::new(d.titles.iter().map(|(w, _)| *w)))
            .collect(),
        country_table: Table::new(COUNTRIES.iter().map(|c| c.weight)),
        city_tables: COUNTRIES
            .iter()
            .map(|c| Table::new(c.cities.iter().map(|(w, _)| *w)))
            .collect(),
    }
});

/// The names of a list with their local parts, and the number of distinct local parts.
fn names(list: &'static [&'static str]) -> (Vec<Name>, usize) {
    let mut distinct: Vec<String> = Vec::new();
    let names = list
        .iter()
        .map(|&text| {
            let local = local_part_of(text);
            let local_id = match distinct.iter().position(|d| *d == local) {
                Some(i) => i,
                None => {
                    distinct.push(local.clone());
                    distinct.len() - 1
                }
            };
            Name { text, local, local_id }
        })
        .collect();
    (names, distinct.len())
}

/// A name as the local part of a UPN: folded to ASCII lower case, letters and digits kept,
/// inner hyphens kept, everything else (spaces, apostrophes) dropped: `van der Berg` gives
/// `vanderberg`, `García-López` gives `garcia-lopez`. Never empty and never holds a `.`,
/// which is what makes the generated UPNs unique.
fn local_part_of(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in fold(name).chars() {
        let inner_hyphen = c == '-' && !out.is_empty() && !out.ends_with('-');
        if c.is_ascii_alphanumeric() || inner_hyphen {
            out.push(c);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// A department with its weight and its job titles (weighted).
struct Department {
    name: &'static str,
    weight: u32,
    titles: &'static [(u32, &'static str)],
}

/// An office city.
struct City {
    name: &'static str,
    /// The state or region; empty when the country has none in addresses.
    state: &'static str,
    /// The office code in `physicalDeliveryOfficeName`.
    code: &'static str,
    /// The BCP 47 tag of the language people there prefer.
    language: &'static str,
    /// The phone number, `#` for random digits (fictional numbering ranges where possible).
    phone: &'static str,
    /// Office buildings: street address and postal code.
    offices: &'static [(&'static str, &'static str)],
}

/// A country (ISO 3166 code), its weight and its cities (weighted).
struct Country {
    code: &'static str,
    weight: u32,
    cities: &'static [(u32, City)],
}

/// The simulated partner tenants: display name, domain, employee-id prefix. (Microsoft's
/// fictitious company names, minus Contoso, Fabrikam and Tailspin, which the demo uses.)
const PARTNERS: &[(&str, &str, &str)] = &[
    ("Northwind Traders", "northwind.example", "NW"),
    ("Woodgrove Bank", "woodgrovebank.example", "WG"),
    ("Litware", "litware.example", "LW"),
    ("Adatum", "adatum.example", "AD"),
    ("Fourth Coffee", "fourthcoffee.example", "FC"),
    ("Proseware", "proseware.example", "PW"),
    ("Wingtip Toys", "wingtiptoys.example", "WT"),
    ("Alpine Ski House", "alpineskihouse.example", "AS"),
    ("Trey Research", "treyresearch.example", "TR"),
    ("Lamna Healthcare", "lamnahealthcare.example", "LH"),
    ("Relecloud", "relecloud.example", "RC"),
    ("Coho Winery", "cohowinery.example", "CW"),
];

/// Departments, largest first, with their job titles.
#[rustfmt::skip]
const DEPARTMENTS: &[Department] = &[
    Department { name: "Engineering", weight: 220, titles: &[
        (40, "Software Engineer"), (28, "Senior Software Engineer"),
        (6, "Principal Software Engineer"), (8, "Engineering Manager"),
        (8, "Site Reliability Engineer"), (7, "QA Engineer"), (2, "Software Architect"),
        (1, "Director of Engineering"),
    ] },
    Department { name: "Sales", weight: 140, titles: &[
        (35, "Account Executive"), (30, "Sales Representative"), (15, "Senior Account Manager"),
        (10, "Sales Engineer"), (8, "Sales Manager"), (2, "Regional Sales Director"),
    ] },
    Department { name: "Customer Support", weight: 100, titles: &[
        (50, "Support Engineer"), (25, "Customer Success Manager"), (15, "Support Team Lead"),
        (10, "Escalation Engineer"),
    ] },
    Department { name: "Operations", weight: 70, titles: &[
        (40, "Operations Analyst"), (30, "Logistics Coordinator"), (20, "Operations Manager"),
        (1, "Vice President, Operations"),
    ] },
    Department { name: "Marketing", weight: 60, titles: &[
        (40, "Marketing Specialist"), (25, "Product Marketing Manager"), (20, "Content Strategist"),
        (10, "Brand Manager"), (5, "Marketing Director"),
    ] },
    Department { name: "Finance", weight: 50, titles: &[
        (45, "Financial Analyst"), (30, "Accountant"), (10, "Controller"), (10, "Finance Manager"),
        (1, "Chief Financial Officer"),
    ] },
    Department { name: "IT", weight: 50, titles: &[
        (40, "IT Support Specialist"), (30, "Systems Administrator"), (15, "Identity Engineer"),
        (8, "IT Manager"), (1, "Chief Information Officer"),
    ] },
    Department { name: "Human Resources", weight: 40, titles: &[
        (40, "Recruiter"), (35, "HR Business Partner"), (20, "HR Generalist"), (3, "HR Director"),
    ] },
    Department { name: "Product Management", weight: 40, titles: &[
        (50, "Product Manager"), (30, "Senior Product Manager"), (15, "Product Owner"),
        (8, "Group Product Manager"),
    ] },
    Department { name: "R&D", weight: 40, titles: &[
        (45, "Research Scientist"), (35, "Data Scientist"), (20, "Engineer"),
        (5, "Research Director"),
    ] },
    Department { name: "Manufacturing", weight: 30, titles: &[
        (50, "Production Technician"), (25, "Manufacturing Engineer"), (20, "Quality Inspector"),
        (5, "Plant Manager"),
    ] },
    Department { name: "Legal", weight: 20, titles: &[
        (40, "Corporate Counsel"), (35, "Paralegal"), (20, "Compliance Officer"),
        (2, "General Counsel"),
    ] },
    Department { name: "Design", weight: 20, titles: &[
        (50, "UX Designer"), (25, "Visual Designer"), (15, "UX Researcher"), (10, "Design Lead"),
    ] },
    Department { name: "Procurement", weight: 20, titles: &[
        (50, "Buyer"), (20, "Category Manager"), (15, "Procurement Manager"),
    ] },
    Department { name: "Data & Analytics", weight: 20, titles: &[
        (50, "Data Analyst"), (35, "Data Engineer"), (10, "Analytics Manager"),
    ] },
    Department { name: "Security", weight: 15, titles: &[
        (50, "Security Analyst"), (35, "Security Engineer"),
        (2, "Chief Information Security Officer"),
    ] },
    Department { name: "Facilities", weight: 10, titles: &[
        (60, "Facilities Coordinator"), (20, "Facilities Manager"),
    ] },
    Department { name: "Communications", weight: 10, titles: &[
        (60, "Communications Specialist"), (10, "Communications Director"),
    ] },
    Department { name: "Training", weight: 10, titles: &[
        (60, "Trainer"), (20, "Learning and Development Manager"),
    ] },
    Department { name: "Executive Office", weight: 5, titles: &[
        (60, "Executive Assistant"), (10, "Chief of Staff"), (1, "Chief Executive Officer"),
    ] },
];

/// Countries and their office cities, weighted: a few countries dominate.
#[rustfmt::skip]
const COUNTRIES: &[Country] = &[
    Country { code: "US", weight: 380, cities: &[
        (30, City { name: "Seattle", state: "WA", code: "SEA", language: "en-US", phone: "+1 206 555 ####",
            offices: &[("500 Pine Street", "98101"), ("1200 Westlake Avenue N", "98109")] }),
        (25, City { name: "Redmond", state: "WA", code: "RED", language: "en-US", phone: "+1 425 555 ####",
            offices: &[("15010 NE 36th Street", "98052"), ("16011 NE 36th Way", "98052")] }),
        (15, City { name: "New York", state: "NY", code: "NYC", language: "en-US", phone: "+1 212 555 ####",
            offices: &[("11 Times Square", "10036"), ("250 Park Avenue", "10177")] }),
        (10, City { name: "San Francisco", state: "CA", code: "SFO", language: "en-US", phone: "+1 415 555 ####",
            offices: &[("555 California Street", "94104")] }),
        (8, City { name: "Chicago", state: "IL", code: "CHI", language: "en-US", phone: "+1 312 555 ####",
            offices: &[("200 E Randolph Street", "60601")] }),
        (7, City { name: "Austin", state: "TX", code: "AUS", language: "en-US", phone: "+1 512 555 ####",
            offices: &[("300 W 6th Street", "78701")] }),
        (5, City { name: "Atlanta", state: "GA", code: "ATL", language: "en-US", phone: "+1 404 555 ####",
            offices: &[("1180 Peachtree Street NE", "30309")] }),
        (5, City { name: "Boston", state: "MA", code: "BOS", language: "en-US", phone: "+1 617 555 ####",
            offices: &[("200 Clarendon Street", "02116")] }),
    ] },
    Country { code: "GB", weight: 90, cities: &[
        (60, City { name: "London", state: "England", code: "LON", language: "en-GB", phone: "+44 20 7946 0###",
            offices: &[("2 Kingdom Street", "W2 6BD"), ("1 Poultry", "EC2R 8EJ")] }),
        (20, City { name: "Manchester", state: "England", code: "MAN", language: "en-GB", phone: "+44 161 496 0###",
            offices: &[("1 Spinningfields", "M3 3JE")] }),
        (20, City { name: "Edinburgh", state: "Scotland", code: "EDI", language: "en-GB", phone: "+44 131 496 0###",
            offices: &[("1 Lochrin Square", "EH3 9QA")] }),
    ] },
    Country { code: "DE", weight: 80, cities: &[
        (35, City { name: "München", state: "Bayern", code: "MUC", language: "de-DE", phone: "+49 89 3176 ####",
            offices: &[("Walter-Gropius-Straße 5", "80807")] }),
        (30, City { name: "Berlin", state: "Berlin", code: "BER", language: "de-DE", phone: "+49 30 23125 ###",
            offices: &[("Unter den Linden 17", "10117")] }),
        (20, City { name: "Hamburg", state: "Hamburg", code: "HAM", language: "de-DE", phone: "+49 40 6688 ####",
            offices: &[("Großer Burstah 31", "20457")] }),
        (15, City { name: "Düsseldorf", state: "Nordrhein-Westfalen", code: "DUS", language: "de-DE", phone: "+49 211 5384 ####",
            offices: &[("Königsallee 60", "40212")] }),
    ] },
    Country { code: "IN", weight: 80, cities: &[
        (50, City { name: "Bengaluru", state: "Karnataka", code: "BLR", language: "en-IN", phone: "+91 80 4010 ####",
            offices: &[("Outer Ring Road, Bellandur", "560103")] }),
        (30, City { name: "Hyderabad", state: "Telangana", code: "HYD", language: "en-IN", phone: "+91 40 6712 ####",
            offices: &[("Gachibowli, Financial District", "500032")] }),
        (20, City { name: "Pune", state: "Maharashtra", code: "PNQ", language: "en-IN", phone: "+91 20 6600 ####",
            offices: &[("Hinjawadi Phase 1", "411057")] }),
    ] },
    Country { code: "FR", weight: 50, cities: &[
        (70, City { name: "Paris", state: "Île-de-France", code: "PAR", language: "fr-FR", phone: "+33 1 99 00 ## ##",
            offices: &[("12 Rue de la Paix", "75002"), ("8 Avenue de l'Opéra", "75001")] }),
        (30, City { name: "Lyon", state: "Auvergne-Rhône-Alpes", code: "LYS", language: "fr-FR", phone: "+33 4 99 00 ## ##",
            offices: &[("10 Place Bellecour", "69002")] }),
    ] },
    Country { code: "CA", weight: 40, cities: &[
        (50, City { name: "Toronto", state: "ON", code: "YYZ", language: "en-CA", phone: "+1 416 555 ####",
            offices: &[("81 Bay Street", "M5J 0E7")] }),
        (30, City { name: "Montréal", state: "QC", code: "YUL", language: "fr-CA", phone: "+1 514 555 ####",
            offices: &[("1250 Boulevard René-Lévesque Ouest", "H3B 4W8")] }),
        (20, City { name: "Vancouver", state: "BC", code: "YVR", language: "en-CA", phone: "+1 604 555 ####",
            offices: &[("725 Granville Street", "V7Y 1G5")] }),
    ] },
    Country { code: "JP", weight: 30, cities: &[
        (70, City { name: "Tokyo", state: "Tokyo", code: "TYO", language: "ja-JP", phone: "+81 3 5555 ####",
            offices: &[("2-16-3 Konan, Minato-ku", "108-0075")] }),
        (30, City { name: "Osaka", state: "Osaka", code: "OSA", language: "ja-JP", phone: "+81 6 5555 ####",
            offices: &[("3-3-3 Umeda, Kita-ku", "530-0001")] }),
    ] },
    Country { code: "BR", weight: 30, cities: &[
        (70, City { name: "São Paulo", state: "SP", code: "GRU", language: "pt-BR", phone: "+55 11 5555 ####",
            offices: &[("Avenida Paulista 1842", "01310-200")] }),
        (30, City { name: "Rio de Janeiro", state: "RJ", code: "GIG", language: "pt-BR", phone: "+55 21 5555 ####",
            offices: &[("Rua da Assembleia 10", "20011-000")] }),
    ] },
    Country { code: "ES", weight: 30, cities: &[
        (60, City { name: "Madrid", state: "Comunidad de Madrid", code: "MAD", language: "es-ES", phone: "+34 91 555 ## ##",
            offices: &[("Paseo de la Castellana 79", "28046")] }),
        (40, City { name: "Barcelona", state: "Cataluña", code: "BCN", language: "es-ES", phone: "+34 93 555 ## ##",
            offices: &[("Avinguda Diagonal 640", "08017")] }),
    ] },
    Country { code: "NL", weight: 20, cities: &[
        (100, City { name: "Amsterdam", state: "Noord-Holland", code: "AMS", language: "nl-NL", phone: "+31 20 555 ####",
            offices: &[("Evert van de Beekstraat 354", "1118 CZ")] }),
    ] },
    Country { code: "NO", weight: 20, cities: &[
        (75, City { name: "Oslo", state: "Oslo", code: "OSL", language: "nb-NO", phone: "+47 22 55 ## ##",
            offices: &[("Dronning Eufemias gate 71", "0194")] }),
        (25, City { name: "Bergen", state: "Vestland", code: "BGO", language: "nb-NO", phone: "+47 55 55 ## ##",
            offices: &[("Kong Oscars gate 62", "5017")] }),
    ] },
    Country { code: "SE", weight: 20, cities: &[
        (70, City { name: "Stockholm", state: "Stockholms län", code: "STO", language: "sv-SE", phone: "+46 8 555 ### ##",
            offices: &[("Kungsgatan 33", "111 56")] }),
        (30, City { name: "Göteborg", state: "Västra Götaland", code: "GOT", language: "sv-SE", phone: "+46 31 555 ## ##",
            offices: &[("Kungsportsavenyen 21", "411 36")] }),
    ] },
    Country { code: "PL", weight: 20, cities: &[
        (60, City { name: "Warszawa", state: "Mazowieckie", code: "WAW", language: "pl-PL", phone: "+48 22 555 ## ##",
            offices: &[("ul. Marszałkowska 142", "00-061")] }),
        (40, City { name: "Kraków", state: "Małopolskie", code: "KRK", language: "pl-PL", phone: "+48 12 555 ## ##",
            offices: &[("ul. Rakowicka 7", "31-511")] }),
    ] },
    Country { code: "MX", weight: 20, cities: &[
        (100, City { name: "Ciudad de México", state: "CDMX", code: "MEX", language: "es-MX", phone: "+52 55 5555 ####",
            offices: &[("Paseo de la Reforma 505", "06500")] }),
    ] },
    Country { code: "SG", weight: 20, cities: &[
        (100, City { name: "Singapore", state: "", code: "SIN", language: "en-SG", phone: "+65 6555 ####",
            offices: &[("1 Marina Boulevard", "018989")] }),
    ] },
    Country { code: "AU", weight: 20, cities: &[
        (60, City { name: "Sydney", state: "NSW", code: "SYD", language: "en-AU", phone: "+61 2 5550 ####",
            offices: &[("1 Martin Place", "2000")] }),
        (40, City { name: "Melbourne", state: "VIC", code: "MEL", language: "en-AU", phone: "+61 3 5550 ####",
            offices: &[("525 Collins Street", "3000")] }),
    ] },
    Country { code: "CH", weight: 10, cities: &[
        (100, City { name: "Zürich", state: "ZH", code: "ZRH", language: "de-CH", phone: "+41 44 555 ## ##",
            offices: &[("Bahnhofstrasse 45", "8001")] }),
    ] },
    Country { code: "DK", weight: 10, cities: &[
        (100, City { name: "København", state: "Hovedstaden", code: "CPH", language: "da-DK", phone: "+45 33 55 ## ##",
            offices: &[("Kanalvej 7", "2800")] }),
    ] },
];

/// Given names, most common first (the order sets the Zipf rank).
#[rustfmt::skip]
const GIVEN_NAMES: &[&str] = &[
    "James", "Maria", "Wei", "Mohammed", "Anna", "David", "José", "Sarah", "Michael", "Priya",
    "John", "Laura", "Ahmed", "Elena", "Daniel", "Sofía", "Juan", "Emma", "Rahul", "Olivia",
    "Thomas", "Fatima", "Carlos", "Julia", "Robert", "Yuki", "Luis", "Chloé", "William", "Mei",
    "Pedro", "Hannah", "Ali", "Lucía", "Peter", "Aisha", "Jean", "Marie", "Christopher", "Ana",
    "Andreas", "Ingrid", "Hiroshi", "Zoë", "Mark", "Isabel", "Ravi", "Charlotte", "Paul", "Nina",
    "Jorge", "Amelia", "Kevin", "Camille", "Ming", "Eva", "Miguel", "Sophie", "Richard", "Ji-woo",
    "Stefan", "Katarina", "François", "Leila", "Brian", "Ying", "Alejandro", "Grace", "Matthew",
    "Ayumi", "Antonio", "Emily", "Arjun", "Lena", "Joseph", "Mariana", "Kenji", "Inés", "Andrew",
    "Fernanda", "Sanjay", "Clara", "Steven", "Ewa", "Francesco", "Jessica", "Omar", "Léa", "Martin",
    "Valentina", "Vikram", "Astrid", "Jason", "Yasmin", "Giovanni", "Rachel", "Hassan", "Freya",
    "Ryan", "Agnieszka", "Łukasz", "Noah", "Søren", "Björn", "Jürgen", "Renée", "João", "Ömer",
    "Agnès", "Anaïs", "Benoît", "Hélène", "Jérôme", "Mónica", "Andrés", "Raúl", "Sebastián",
    "Ángel", "Álvaro", "Joaquín", "Iñaki", "Małgorzata", "Wojciech", "Paweł", "Krzysztof", "Zuzana",
    "Jiří", "Tomáš", "Lukáš", "Ondřej", "Kateřina", "Çağla", "Şebnem", "Gülşen", "Ümit", "Håkon",
    "Åsa", "Sigrún", "Ólafur", "Dagný", "Maëlle", "Noémie", "Thérèse", "Françoise", "Élodie",
    "Gaël", "Loïc", "Jörg", "Günther", "Käthe", "Barbara", "Bob", "Annie", "Charlie", "Charles",
    "Anne", "Annika", "Bartosz", "Barry", "Joanna", "Johanna", "Jonas", "Joy", "Jonathan",
    "Josephine", "Karen", "Linda", "Patricia", "Jennifer", "Elizabeth", "Susan", "Margaret", "Lisa",
    "Nancy", "Betty", "Sandra", "Ashley", "Kimberly", "Donna", "Michelle", "Dorothy", "Carol",
    "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Cynthia", "Kathleen", "Amy",
    "Angela", "Shirley", "Brenda", "Pamela", "Nicole", "Samantha", "Katherine", "Christine",
    "Debra", "George", "Edward", "Ronald", "Timothy", "Jeffrey", "Gary", "Eric", "Stephen", "Larry",
    "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Frank", "Alexander", "Raymond",
    "Patrick", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Adam", "Douglas", "Nathan",
    "Zachary", "Kyle", "Walter", "Ethan", "Jeremy", "Harold", "Keith", "Christian", "Roger",
    "Terry", "Sean", "Austin", "Gerald", "Carl", "Dylan", "Arthur", "Lawrence", "Jordan", "Jesse",
    "Bryan", "Billy", "Bruce", "Hiro", "Sakura", "Haruto", "Yui", "Takumi", "Minjun", "Seo-yeon",
    "Jae-hyun", "Xin", "Jun", "Hao", "Lan", "Lin", "Fang", "Tao", "Anh", "Minh", "Thảo", "Linh",
    "Đức", "Amit", "Deepika", "Ananya", "Rohan", "Sneha", "Kiran", "Lakshmi", "Suresh", "Meera",
    "Aditya", "Chinedu", "Ngozi", "Kwame", "Amara", "Tendai", "Zanele", "Youssef", "Layla", "Karim",
    "Nour", "Mustafa", "Zeynep", "Emre", "Elif", "Dmitri", "Olga", "Sergei", "Natalia", "Ivan",
    "Svetlana", "Mateo", "Valeria", "Santiago", "Camila", "Diego", "Gabriela", "Rafael", "Beatriz",
    "Thiago", "Larissa", "Niamh", "Siobhán", "Seán", "Aoife", "Eoin", "Pádraig", "Mikael", "Elin",
    "Oskar", "Matilda",
];

/// Surnames, most common first (the order sets the Zipf rank).
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Smith", "García", "Müller", "Wang", "Kumar", "Johnson", "Martínez", "Schmidt", "Li", "Singh",
    "Brown", "Rodríguez", "Nguyễn", "Kim", "Williams", "López", "Rossi", "Patel", "Jones",
    "González", "Zhang", "Fischer", "Hernández", "Dubois", "Sato", "Silva", "Taylor", "Pérez",
    "Chen", "Schneider", "Ivanova", "Johansson", "Andersen", "Ødegård", "Núñez", "Kowalski",
    "Nowak", "Wiśniewska", "van der Berg", "de la Cruz", "Davis", "Sánchez", "Weber", "Liu",
    "Sharma", "Miller", "Ramírez", "Meyer", "Yang", "Gupta", "Wilson", "Torres", "Wagner", "Huang",
    "Reddy", "Moore", "Flores", "Becker", "Zhao", "Iyer", "Martin", "Rivera", "Schulz", "Wu",
    "Nair", "Anderson", "Gómez", "Hoffmann", "Zhou", "Rao", "Thomas", "Díaz", "Schäfer", "Xu",
    "Das", "Jackson", "Morales", "Koch", "Sun", "Mehta", "White", "Ortiz", "Bauer", "Ma", "Joshi",
    "Harris", "Gutiérrez", "Richter", "Zhu", "Chopra", "Thompson", "Chávez", "Klein", "Hu", "Bose",
    "Clark", "Ruiz", "Wolf", "Guo", "Pillai", "Lewis", "Álvarez", "Schröder", "He", "Malhotra",
    "Robinson", "Jiménez", "Neumann", "Lin", "Banerjee", "Walker", "Moreno", "Schwarz", "Luo",
    "Menon", "Young", "Romero", "Zimmermann", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō",
    "Yamamoto", "Nakamura", "Kobayashi", "Katō", "Yoshida", "Park", "Lee", "Choi", "Jung", "Kang",
    "Cho", "Yoon", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bernard", "Petit", "Durand", "Leroy",
    "Moreau", "Lefèvre", "Fournier", "Girard", "Bonnet", "François", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Mercier", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Esposito", "Costa", "Santos", "Oliveira", "Souza",
    "Pereira", "Ferreira", "Almeida", "Carvalho", "Gonçalves", "Araújo", "dos Santos", "da Silva",
    "Rocha", "Barbosa", "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
    "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Janssens", "Peeters", "Maes", "Jacobs",
    "Nielsen", "Hansen", "Pedersen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Christensen",
    "Olsen", "Berg", "Haugen", "Hagen", "Bakken", "Lie", "Dahl", "Lund", "Strand", "Solberg",
    "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
    "Lindqvist", "Åberg", "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Wiśniewski",
    "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
    "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Novák", "Dvořák", "Černý", "Procházka",
    "Kučera", "Veselý", "Horváth", "Nagy", "Tóth", "Szabó", "Kovács", "Popescu", "Ionescu", "Popa",
    "Petrov", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkova", "Papadopoulos",
    "Georgiou", "Öztürk", "Şahin", "Çelik", "Doğan", "Kaya", "Demir", "Cohen", "Levi", "Mizrahi",
    "Haddad", "Khalil", "Hussein", "Rahman", "Hossain", "Khan", "Malik", "Qureshi", "Okafor",
    "Adeyemi", "Mensah", "Mwangi", "Otieno", "Dlamini", "Nkosi", "O'Brien", "O'Connor", "Murphy",
    "Kelly", "Byrne", "Walsh", "Ó Súilleabháin", "MacDonald", "Campbell", "Stewart", "Fraser",
    "Le Goff", "di Marco", "de Oliveira", "Van Houten", "ter Horst", "García-López", "Fernández",
    "Castro", "Vargas", "Mendoza", "Aguilar", "Peña", "Domínguez", "Muñoz", "Ibáñez", "Güell",
    "Ferrer",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn value(user: &NewUser, attr: Attr) -> Option<&Value> {
        user.values.iter().find(|(a, _)| *a == attr).map(|(_, v)| v)
    }

    fn text(user: &NewUser, attr: Attr) -> Option<&str> {
        value(user, attr).and_then(Value::as_str)
    }

    fn flag(user: &NewUser, attr: Attr) -> Option<bool> {
        match value(user, attr) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn generate(count: u64, seed: u64) -> Vec<GeneratedUser> {
        users(&GenParams::new(count, seed, "a.example")).collect()
    }

    #[test]
    fn same_seed_same_users_different_seed_different_users() {
        let a = generate(1000, 42);
        let b = generate(1000, 42);
        let c = generate(1000, 43);
        assert_eq!(a.len(), 1000);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let same_upns = a.iter().zip(&c).filter(|(x, y)| x.user.upn == y.user.upn).count();
        assert!(same_upns < 100, "{same_upns} of 1000 UPNs coincide across seeds");
    }

    #[test]
    fn a_prefix_of_the_users_does_not_depend_on_the_count() {
        let short = generate(100, 7);
        let long = generate(1000, 7);
        assert_eq!(short[..], long[..100]);
    }

    #[test]
    fn upns_are_unique_case_insensitively() {
        let mut seen = HashSet::new();
        for generated in generate(50_000, 1) {
            let upn = generated.user.upn.to_lowercase();
            assert!(upn.is_ascii(), "{upn}");
            assert!(seen.insert(upn.clone()), "duplicate UPN {upn}");
        }
    }

    #[test]
    fn fractions_are_roughly_as_asked() {
        let n = 50_000;
        let all = generate(n, 3);
        let share = |pred: &dyn Fn(&GeneratedUser) -> bool| all.iter().filter(|g| pred(g)).count() as f64 / n as f64;
        let b2b = share(&|g| g.user.b2b.is_some());
        let guests = share(&|g| text(&g.user, Attr::UserType) == Some("Guest"));
        let hidden = share(&|g| g.user.b2b.is_none() && flag(&g.user, Attr::ShowInAddressList) == Some(false));
        let deleted = share(&|g| g.soft_deleted);
        let disabled = share(&|g| flag(&g.user, Attr::AccountEnabled) == Some(false));
        assert!((0.04..0.06).contains(&b2b), "b2b {b2b}");
        assert!(
            (0.3 * b2b - 0.005..0.3 * b2b + 0.005).contains(&guests),
            "guests {guests}"
        );
        assert!((0.015..0.025).contains(&hidden), "hidden {hidden}");
        assert!((0.015..0.025).contains(&deleted), "deleted {deleted}");
        assert!((0.02..0.04).contains(&disabled), "disabled {disabled}");
    }

    #[test]
    fn fractions_can_be_switched_off_and_clamped() {
        let mut params = GenParams::new(2000, 5, "c.example");
        params.b2b_fraction = 0.0;
        params.hidden_fraction = f64::NAN;
        params.deleted_fraction = -1.0;
        params.departments = 1;
        for g in users(&params) {
            assert!(g.user.b2b.is_none());
            assert!(!g.soft_deleted);
            assert_eq!(flag(&g.user, Attr::ShowInAddressList), Some(true));
            assert_eq!(text(&g.user, Attr::Department), Some("Engineering"));
        }
        params.b2b_fraction = 7.0;
        params.guest_fraction = 1.0;
        assert!(users(&params).all(|g| text(&g.user, Attr::UserType) == Some("Guest")));
        params.partner_tenants = 0;
        assert!(users(&params).all(|g| g.user.b2b.is_none()));
    }

    #[test]
    fn names_are_skewed() {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for g in generate(50_000, 11) {
            let surname = text(&g.user, Attr::Surname).unwrap_or_default().to_owned();
            *counts.entry(surname).or_default() += 1;
        }
        let mut sorted: Vec<usize> = counts.values().copied().collect();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let top = sorted[0];
        let median = sorted[sorted.len() / 2];
        assert!(sorted.len() > 250, "only {} surnames", sorted.len());
        assert!(top > 8 * median, "top {top}, median {median}");
        assert!(top < 50_000 / 10, "the most common surname is too common: {top}");
    }

    #[test]
    fn accents_and_multi_word_surnames_are_present() {
        let all = generate(20_000, 2);
        let display = |g: &GeneratedUser| text(&g.user, Attr::DisplayName).unwrap_or_default().to_owned();
        let accented = all.iter().filter(|g| !display(g).is_ascii()).count();
        assert!(accented > 20_000 / 10, "only {accented} accented names");
        assert!(
            all.iter()
                .any(|g| display(g).contains(" van ") || display(g).contains(" de "))
        );
        let odegard = all.iter().find(|g| text(&g.user, Attr::Surname) == Some("Ødegård"));
        let odegard = odegard.map(|g| g.user.upn.as_str()).unwrap_or_default();
        assert!(odegard.contains(".odegard"), "{odegard}");
    }

    #[test]
    fn internal_users_look_like_employees() {
        for g in generate(2000, 9).iter().filter(|g| g.user.b2b.is_none()) {
            let u = &g.user;
            assert!(u.upn.ends_with("@a.example"), "{}", u.upn);
            assert_eq!(text(u, Attr::Mail), Some(u.upn.as_str()));
            assert_eq!(text(u, Attr::UserType), Some("Member"));
            let given = text(u, Attr::GivenName).unwrap_or_default();
            let surname = text(u, Attr::Surname).unwrap_or_default();
            assert_eq!(text(u, Attr::DisplayName), Some(format!("{given} {surname}").as_str()));
            for attr in [
                Attr::JobTitle,
                Attr::Department,
                Attr::City,
                Attr::Country,
                Attr::PostalCode,
                Attr::StreetAddress,
                Attr::TelephoneNumber,
                Attr::EmployeeId,
                Attr::PreferredLanguage,
                Attr::PhysicalDeliveryOfficeName,
            ] {
                assert!(text(u, attr).is_some_and(|t| !t.is_empty()), "{} lacks {attr}", u.upn);
            }
            assert!(!text(u, Attr::TelephoneNumber).unwrap_or_default().contains('#'));
            assert!(value(u, Attr::Manager).is_none());
        }
    }

    #[test]
    fn titles_match_departments_and_cities_match_countries() {
        for g in generate(5000, 4) {
            let u = &g.user;
            let Some(department) = text(u, Attr::Department) else {
                continue;
            };
            let dept = DEPARTMENTS.iter().find(|d| d.name == department);
            let title = text(u, Attr::JobTitle);
            assert!(dept.is_some_and(|d| d.titles.iter().any(|(_, t)| Some(*t) == title)));
            let country = COUNTRIES.iter().find(|c| Some(c.code) == text(u, Attr::Country));
            let city = text(u, Attr::City);
            assert!(country.is_some_and(|c| c.cities.iter().any(|(_, x)| Some(x.name) == city)));
        }
    }

    #[test]
    fn b2b_users_are_written_as_the_service_writes_them() {
        let params = GenParams::new(20_000, 8, "a.example");
        let tenants = params.simulated_tenants();
        assert_eq!(tenants, GenParams::new(5, 8, "other.example").simulated_tenants());
        assert_ne!(tenants, GenParams::new(5, 9, "a.example").simulated_tenants());
        let (mut members, mut guests) = (0, 0);
        for g in users(&params) {
            let Some(Home {
                tenant: home_tenant, ..
            }) = g.user.b2b
            else {
                continue;
            };
            let u = &g.user;
            let home = tenants.iter().find(|t| t.id == home_tenant);
            let Some(home) = home else {
                panic!("unknown home tenant {home_tenant}")
            };
            let mail = text(u, Attr::Mail).unwrap_or_default();
            assert!(mail.ends_with(&format!("@{}", home.domain)), "{mail}");
            assert_eq!(u.upn, format!("{}#EXT#@a.example", mail.replace('@', "_")));
            match text(u, Attr::UserType) {
                Some("Member") => {
                    members += 1;
                    assert_eq!(flag(u, Attr::ShowInAddressList), Some(true));
                    assert!(text(u, Attr::Department).is_some());
                }
                Some("Guest") => guests += 1,
                other => panic!("userType {other:?}"),
            }
        }
        assert!(members > 0 && guests > 0);
    }

    #[test]
    fn managers_form_a_tree() {
        assert_eq!(manager_of(0), None);
        assert_eq!(manager_of(1), Some(0));
        assert_eq!(manager_of(8), Some(0));
        assert_eq!(manager_of(9), Some(1));
        for i in 1..10_000 {
            assert!(manager_of(i).is_some_and(|m| m < i));
        }
    }

    #[test]
    fn name_lists_are_clean() {
        for list in [GIVEN_NAMES, SURNAMES] {
            let distinct: HashSet<&str> = list.iter().copied().collect();
            assert_eq!(distinct.len(), list.len(), "a name is listed twice");
            for name in list {
                let local = local_part_of(name);
                assert!(local.len() > 1 && !local.contains('.'), "{name} gives {local}");
            }
        }
        assert_eq!(local_part_of("van der Berg"), "vanderberg");
        assert_eq!(local_part_of("García-López"), "garcia-lopez");
        assert_eq!(local_part_of("O'Brien"), "obrien");
        assert_eq!(local_part_of("Łukasz"), "lukasz");
        assert_eq!(local_part_of("--"), "x");
    }
}

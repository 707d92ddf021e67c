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
//!
//! The lists themselves (names, departments and titles, countries and cities, partner
//! tenants) are in `names.rs`.

mod names;

use crate::fold::fold;
use crate::model::{Attr, Home, NewUser, Value};
use names::{COUNTRIES, DEPARTMENTS, GIVEN_NAMES, PARTNERS, SURNAMES};
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

#[cfg(test)]
mod tests;

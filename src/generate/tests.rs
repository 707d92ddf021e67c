//! Tests of the generator.

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

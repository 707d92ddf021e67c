//! Property: every plan the planner can choose returns exactly what a full scan with the same
//! visibility, words, filter and order returns.

use mtodir::model::{Attr, CmpOp, Direction, MatchOp, NewUser, SearchKind, Value};
use mtodir::search::{self, PeopleQuery, Pred, Val};
use mtodir::{Batch, Directory, Principal};
use proptest::prelude::*;

const GIVEN: &[&str] = &[
    "Ann", "Anna", "Annie", "Bob", "Barbara", "Barb", "José", "Jose", "Zoë", "Charlie", "Chan",
];
const SURNAMES: &[&str] = &[
    "Adams",
    "Núñez",
    "Nunez",
    "Bar",
    "van der Berg",
    "Brown",
    "Ødegård",
    "Smith",
    "Smithers",
];
const DEPARTMENTS: &[&str] = &["Sales", "R&D", "Legal"];
const COUNTRIES: &[&str] = &["US", "NO", "ES"];

#[derive(Debug, Clone)]
struct Person {
    given: usize,
    surname: usize,
    department: Option<usize>,
    country: usize,
    guest: bool,
    hidden: bool,
    deleted: bool,
    groups: Vec<bool>,
}

fn person() -> impl Strategy<Value = Person> {
    (
        0..GIVEN.len(),
        0..SURNAMES.len(),
        proptest::option::of(0..DEPARTMENTS.len()),
        0..COUNTRIES.len(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.15),
        prop::collection::vec(prop::bool::weighted(0.4), 2),
    )
        .prop_map(
            |(given, surname, department, country, guest, hidden, deleted, groups)| Person {
                given,
                surname,
                department,
                country,
                guest,
                hidden,
                deleted,
                groups,
            },
        )
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..GIVEN.len(), 1..6usize).prop_map(|(i, n)| GIVEN[i].to_lowercase().chars().take(n).collect()),
        (0..SURNAMES.len(), 1..7usize).prop_map(|(i, n)| SURNAMES[i].chars().take(n).collect()),
        Just("user1".to_owned()),
        Just("zz".to_owned()),
    ]
}

fn leaf() -> impl Strategy<Value = Pred> {
    prop_oneof![
        (0..DEPARTMENTS.len()).prop_map(|i| Pred::Cmp(
            Attr::Department,
            CmpOp::Eq,
            Val::Text(DEPARTMENTS[i].to_lowercase())
        )),
        (0..COUNTRIES.len()).prop_map(|i| Pred::Cmp(Attr::Country, CmpOp::Eq, Val::Text(COUNTRIES[i].to_lowercase()))),
        (0..COUNTRIES.len()).prop_map(|i| Pred::Cmp(Attr::Country, CmpOp::Ne, Val::Text(COUNTRIES[i].to_lowercase()))),
        prop::bool::ANY.prop_map(|g| Pred::Cmp(
            Attr::UserType,
            CmpOp::Eq,
            Val::Text(if g { "guest" } else { "member" }.into())
        )),
        prop::bool::ANY.prop_map(|d| Pred::Cmp(Attr::IsSoftDeleted, CmpOp::Eq, Val::Bool(d))),
        prop::bool::ANY.prop_map(|d| Pred::Cmp(Attr::IsSoftDeleted, CmpOp::Ne, Val::Bool(d))),
        prop::bool::ANY.prop_map(|s| Pred::Cmp(Attr::ShowInAddressList, CmpOp::Eq, Val::Bool(s))),
        Just(Pred::Cmp(Attr::UserType, CmpOp::Ne, Val::Text("guest".into()))),
        Just(Pred::IsNull(Attr::Department, true)),
        Just(Pred::Match(Attr::Surname, MatchOp::Contains, "mi".into())),
        Just(Pred::In(
            Attr::Department,
            vec![Val::Text("sales".into()), Val::Text("legal".into())]
        )),
        (0..2usize).prop_map(|g| Pred::Cmp(Attr::MemberOf, CmpOp::Eq, Val::Int(g as i64))),
    ]
}

fn filter() -> impl Strategy<Value = Pred> {
    prop_oneof![
        Just(Pred::True),
        leaf(),
        prop::collection::vec(leaf(), 2..4).prop_map(Pred::And),
        prop::collection::vec(leaf(), 2..3).prop_map(Pred::Or),
        leaf().prop_map(|p| Pred::Not(Box::new(p))),
    ]
}

fn order() -> impl Strategy<Value = Vec<(Attr, Direction)>> {
    prop_oneof![
        Just(vec![]),
        Just(vec![(Attr::DisplayName, Direction::Asc)]),
        Just(vec![(Attr::DisplayName, Direction::Desc)]),
        Just(vec![
            (Attr::Department, Direction::Asc),
            (Attr::Surname, Direction::Desc)
        ]),
        Just(vec![(Attr::Country, Direction::Desc)]),
        Just(vec![(Attr::Manager, Direction::Asc)]),
    ]
}

fn kind() -> impl Strategy<Value = SearchKind> {
    prop_oneof![
        Just(SearchKind::People),
        Just(SearchKind::AddressList),
        Just(SearchKind::Find)
    ]
}

/// The values of person `p`.
fn values_of(p: &Person) -> Vec<(Attr, Value)> {
    let mut values = vec![
        (Attr::GivenName, Value::str(GIVEN[p.given])),
        (Attr::Surname, Value::str(SURNAMES[p.surname])),
        (Attr::Country, Value::str(COUNTRIES[p.country])),
        (Attr::UserType, Value::str(if p.guest { "Guest" } else { "Member" })),
        (Attr::ShowInAddressList, Value::Bool(!p.hidden)),
    ];
    if let Some(d) = p.department {
        values.push((Attr::Department, Value::str(DEPARTMENTS[d])));
    }
    values
}

/// Loads the people into tenant T of a new file; returns the file and the group ordinals.
fn load(people: &[Person]) -> (tempfile::TempDir, Directory, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let directory = Directory::open(dir.path().join("p.redb")).unwrap();
    let mut session = directory.session();
    session.begin().unwrap();
    session.create_tenant("T", None, &["t.example".into()]).unwrap();
    let gs = [
        session.create_group("T", "G0", None).unwrap(),
        session.create_group("T", "G1", None).unwrap(),
    ];
    for (i, p) in people.iter().enumerate() {
        let upn = format!("user{i}@t.example");
        session
            .create_user("T", &NewUser::new(upn.clone(), values_of(p)))
            .unwrap();
        for (g, member) in gs.iter().zip(&p.groups) {
            if *member {
                session.set_member("T", &g.display_name, &upn, true).unwrap();
            }
        }
        if p.deleted {
            session.delete_user("T", &upn).unwrap();
        }
    }
    session.commit().unwrap();
    let group_ords = gs.iter().map(|g| i64::from(g.ord.0)).collect();
    drop(session);
    (dir, directory, group_ords)
}

/// Replaces the group placeholders 0 and 1 in `memberOf` conditions by real ordinals.
fn bind_groups(p: Pred, groups: &[i64]) -> Pred {
    match p {
        Pred::Cmp(Attr::MemberOf, op, Val::Int(i)) => Pred::Cmp(Attr::MemberOf, op, Val::Int(groups[i as usize])),
        Pred::And(ps) => Pred::And(ps.into_iter().map(|p| bind_groups(p, groups)).collect()),
        Pred::Or(ps) => Pred::Or(ps.into_iter().map(|p| bind_groups(p, groups)).collect()),
        Pred::Not(p) => Pred::Not(Box::new(bind_groups(*p, groups))),
        other => other,
    }
}

fn upns(users: &[mtodir::model::User]) -> Vec<String> {
    users.iter().map(|u| u.user_principal_name.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_plan_returns_what_a_scan_returns(
        people in prop::collection::vec(person(), 0..40),
        queries in prop::collection::vec(
            (kind(), prop::collection::vec(word(), 0..3), filter(), order(), proptest::option::of(1..8u64), 0..4u64),
            8,
        ),
    ) {
        let (_dir, directory, group_ords) = load(&people);
        let session = directory.session();
        let tables = session.snapshot().unwrap();
        let tenant = session.tenant("T").unwrap().ord;
        for (kind, words, filter, order, limit, offset) in queries {
            let q = PeopleQuery {
                tenant,
                kind,
                text: if words.is_empty() { None } else { Some(words.join(" ")) },
                filter: bind_groups(filter, &group_ords),
                order,
                limit,
                offset,
            };
            let expected = upns(&search::scan(&tables, &q).unwrap());
            let planned = search::plan(&tables, &q).unwrap();
            let found = search::search_with(&tables, &q, &planned).unwrap();
            prop_assert_eq!(&upns(&found.users), &expected, "planned {:?} for {:?}", planned.chosen, q);
            // Every other choice of access paths must agree too.
            for mask in 0..(1u32 << planned.accesses.len()) {
                let mut forced = planned.clone();
                forced.chosen = (0..planned.accesses.len()).filter(|i| mask & (1 << i) != 0).collect();
                forced.verify = true;
                let found = search::search_with(&tables, &q, &forced).unwrap();
                prop_assert_eq!(&upns(&found.users), &expected, "forced {:?} for {:?}", forced.chosen, q);
            }
            let all = PeopleQuery { limit: None, offset: 0, ..q.clone() };
            let total = search::scan(&tables, &all).unwrap().len() as u64;
            prop_assert_eq!(search::count(&tables, &q).unwrap(), total);
            if let Some(l) = q.limit {
                prop_assert_eq!(found_more(&tables, &q), total > q.offset + l);
            }
        }
    }
}

fn found_more<S: mtodir::store::Open>(tables: &mtodir::store::Tables<S>, q: &PeopleQuery) -> bool {
    search::search(tables, q).unwrap().more
}

#[test]
fn the_operator_principal_is_the_default() {
    let (_dir, directory, _) = load(&[]);
    assert_eq!(directory.session().principal(), &Principal::Operator);
}

/// Loads a larger directory through every write path: a bulk load (block merges), single
/// creates (block puts and splits), renames (every posting entry moves), deletes and a second
/// bulk load into the same postings.
fn load_mixed(people: &[Person], renames: &[usize]) -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().unwrap();
    let directory = Directory::open(dir.path().join("m.redb")).unwrap();
    let mut session = directory.session();
    let new_user = |i: usize, p: &Person| (NewUser::new(format!("user{i}@t.example"), values_of(p)), p.deleted);
    // Created users are soft-deleted afterwards, one by one, as they would be by hand.
    let create_many = |session: &mut mtodir::Session<'_>, batch: Vec<(NewUser, bool)>| {
        let deleted: Vec<String> = batch.iter().filter(|(_, d)| *d).map(|(u, _)| u.upn.clone()).collect();
        session
            .create_users("T", batch.into_iter().map(|(u, _)| u), Batch::Atomic)
            .unwrap();
        for upn in deleted {
            session.delete_user("T", &upn).unwrap();
        }
    };
    session.begin().unwrap();
    session.create_tenant("T", None, &["t.example".into()]).unwrap();
    let third = people.len() / 3;
    let first: Vec<_> = people[..third]
        .iter()
        .enumerate()
        .map(|(i, p)| new_user(i, p))
        .collect();
    create_many(&mut session, first);
    for (i, p) in people.iter().enumerate().take(2 * third).skip(third) {
        let (user, deleted) = new_user(i, p);
        session.create_user("T", &user).unwrap();
        if deleted {
            session.delete_user("T", &user.upn).unwrap();
        }
    }
    let mut last: Vec<_> = people
        .iter()
        .enumerate()
        .skip(2 * third)
        .map(|(i, p)| new_user(i, p))
        .collect();
    // A small bulk load into large postings merges block by block instead of rewriting
    // them: load the last few users that way.
    let tail = last.split_off(last.len().saturating_sub(6));
    create_many(&mut session, last);
    create_many(&mut session, tail);
    for &r in renames {
        let i = r % people.len().max(1);
        let upn = format!("user{i}@t.example");
        let user = session.user("T", &upn).unwrap();
        if !user.is_soft_deleted() {
            let name = format!("{} {}", SURNAMES[(i * 7) % SURNAMES.len()], GIVEN[i % GIVEN.len()]);
            session
                .update_user("T", &upn, &[(Attr::DisplayName, Value::str(name))])
                .unwrap();
        }
    }
    session.commit().unwrap();
    drop(session);
    (dir, directory)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn plans_agree_with_scans_across_many_blocks(
        people in prop::collection::vec(person(), 150..420),
        renames in prop::collection::vec(0usize..1000, 0..60),
        queries in prop::collection::vec(
            (kind(), prop::collection::vec(word(), 0..3), filter(), order(), proptest::option::of(1..40u64), 0..90u64),
            12,
        ),
    ) {
        let (_dir, directory) = load_mixed(&people, &renames);
        let session = directory.session();
        let tables = session.snapshot().unwrap();
        let tenant = session.tenant("T").unwrap().ord;
        for (kind, words, filter, order, limit, offset) in queries {
            // Groups are not loaded here: keep memberOf out of the filter.
            if format!("{filter:?}").contains("MemberOf") {
                continue;
            }
            let q = PeopleQuery {
                tenant,
                kind,
                text: if words.is_empty() { None } else { Some(words.join(" ")) },
                filter,
                order,
                limit,
                offset,
            };
            let expected = upns(&search::scan(&tables, &q).unwrap());
            let planned = search::plan(&tables, &q).unwrap();
            for mask in 0..(1u32 << planned.accesses.len()) {
                let mut forced = planned.clone();
                forced.chosen = (0..planned.accesses.len()).filter(|i| mask & (1 << i) != 0).collect();
                forced.verify = true;
                let found = search::search_with(&tables, &q, &forced).unwrap();
                prop_assert_eq!(&upns(&found.users), &expected, "forced {:?} for {:?}", forced.chosen, q);
            }
            let all = PeopleQuery { limit: None, offset: 0, ..q.clone() };
            prop_assert_eq!(search::count(&tables, &q).unwrap(), search::scan(&tables, &all).unwrap().len() as u64);
        }
    }
}

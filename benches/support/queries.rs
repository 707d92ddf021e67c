//! The query classes and their mixes: fixed, seeded draws of many different queries from the
//! scope's own users, so that common prefixes recur as often as people type them.

use super::dataset::{SCOPE, gen_params};
use mtodir::fold;
use mtodir::generate;
use mtodir::model::{Attr, Value};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// One query, as both engines run it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Query {
    /// People search for typed text, top 25 in display order; `member` adds
    /// `userType = Member` to the filter.
    Typeahead {
        /// What was typed.
        text: String,
        /// True to add `where userType = Member`.
        member: bool,
    },
    /// People search `where department = X and country = Y`, top 25.
    Filter {
        /// The department.
        department: String,
        /// The country code.
        country: String,
    },
    /// `count people … where department = X`.
    Count {
        /// The department.
        department: String,
    },
    /// The user with this UPN.
    Upn(String),
}

impl Query {
    /// The typed words, folded as mtodir folds them.
    pub fn words(&self) -> Vec<String> {
        match self {
            Query::Typeahead { text, .. } => fold::query_words(text),
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Query::Typeahead { text, member: false } => write!(f, "for \"{text}\""),
            Query::Typeahead { text, member: true } => write!(f, "for \"{text}\" where userType = Member"),
            Query::Filter { department, country } => {
                write!(f, "where department = \"{department}\" and country = \"{country}\"")
            }
            Query::Count { department } => write!(f, "count where department = \"{department}\""),
            Query::Upn(upn) => write!(f, "user {upn}"),
        }
    }
}

/// A query class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Typeahead with a one- to four-letter prefix.
    Prefix(usize),
    /// Two typed words (`mar gar`).
    TwoWords,
    /// Typeahead (two letters) plus `userType = Member`.
    TypeaheadMember,
    /// `department = X and country = Y`, top 25.
    FilterOnly,
    /// `count people … where department = X` (a large result).
    Count,
    /// UPN lookup.
    Upn,
}

/// Every class, in report order.
pub const CLASSES: [Class; 9] = [
    Class::Prefix(1),
    Class::Prefix(2),
    Class::Prefix(3),
    Class::Prefix(4),
    Class::TwoWords,
    Class::TypeaheadMember,
    Class::FilterOnly,
    Class::Count,
    Class::Upn,
];

impl Class {
    /// A short name for criterion ids and tables.
    pub fn name(self) -> String {
        match self {
            Class::Prefix(n) => format!("typeahead_{n}_letter{}", if n == 1 { "" } else { "s" }),
            Class::TwoWords => "typeahead_two_words".into(),
            Class::TypeaheadMember => "typeahead_plus_member".into(),
            Class::FilterOnly => "filter_only_top25".into(),
            Class::Count => "count_department".into(),
            Class::Upn => "upn_lookup".into(),
        }
    }

    /// True for the typeahead classes (SQLite answers them two ways).
    pub fn is_typeahead(self) -> bool {
        matches!(self, Class::Prefix(_) | Class::TwoWords | Class::TypeaheadMember)
    }

    fn seed(self) -> u64 {
        match self {
            Class::Prefix(n) => n as u64,
            Class::TwoWords => 11,
            Class::TypeaheadMember => 12,
            Class::FilterOnly => 13,
            Class::Count => 14,
            Class::Upn => 15,
        }
    }
}

/// A class's mix: its distinct queries with how often the draw picked each.
#[derive(Debug, Clone)]
pub struct Mix {
    /// The class.
    pub class: Class,
    /// Distinct queries and their multiplicities (they sum to the mix size).
    pub entries: Vec<(Query, u32)>,
}

impl Mix {
    /// Every draw, repetitions included, in a fixed shuffled order (criterion cycles over it).
    pub fn expanded(&self) -> Vec<Query> {
        let mut all: Vec<Query> = self
            .entries
            .iter()
            .flat_map(|(q, n)| std::iter::repeat_n(q.clone(), *n as usize))
            .collect();
        all.shuffle(&mut ChaCha8Rng::seed_from_u64(7));
        all
    }

    /// The number of draws.
    pub fn size(&self) -> u32 {
        self.entries.iter().map(|(_, n)| n).sum()
    }
}

/// What a draw needs to know of a user of the scope.
#[derive(Debug, Clone)]
struct Person {
    given: String,
    surname: String,
    department: Option<String>,
    country: Option<String>,
    upn: String,
}

/// How many people the draws pick from (a uniform sample of the scope's visible members).
const POOL: usize = 4_000;

/// Draws the mix of every class from the scope's users (`scope_users` of them).
pub fn mixes(scope_users: u64, size: usize) -> Vec<Mix> {
    let pool = people_pool(scope_users);
    CLASSES.iter().map(|&class| draw(class, &pool, size)).collect()
}

/// A uniform reservoir sample of the people-search-visible users of the scope.
fn people_pool(scope_users: u64) -> Vec<Person> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let mut pool: Vec<Person> = Vec::with_capacity(POOL);
    let mut seen = 0usize;
    for generated in generate::users(&gen_params(&SCOPE, scope_users)) {
        let user = generated.user;
        let text = |attr: Attr| {
            user.values
                .iter()
                .rev()
                .find(|(a, _)| *a == attr)
                .and_then(|(_, v)| v.as_str().map(str::to_owned))
        };
        let shown = user
            .values
            .iter()
            .rev()
            .find(|(a, _)| *a == Attr::ShowInAddressList)
            .is_none_or(|(_, v)| *v == Value::Bool(true));
        let member = text(Attr::UserType).is_some_and(|t| t == "Member");
        if generated.soft_deleted || !shown || !member {
            continue;
        }
        let person = Person {
            given: text(Attr::GivenName).unwrap_or_default(),
            surname: text(Attr::Surname).unwrap_or_default(),
            department: text(Attr::Department),
            country: text(Attr::Country),
            upn: user.upn.clone(),
        };
        seen += 1;
        if pool.len() < POOL {
            pool.push(person);
        } else {
            let j = rng.random_range(0..seen);
            if j < POOL {
                pool[j] = person;
            }
        }
    }
    assert!(
        !pool.is_empty(),
        "the scope has no visible members to draw queries from"
    );
    pool
}

/// The first `n` characters of `word`.
fn prefix(word: &str, n: usize) -> String {
    word.chars().take(n).collect()
}

fn draw(class: Class, pool: &[Person], size: usize) -> Mix {
    let mut rng = ChaCha8Rng::seed_from_u64(0xc1a55 + class.seed());
    let mut counts: BTreeMap<Query, u32> = BTreeMap::new();
    let mut made = 0;
    let mut attempts = 0;
    while made < size && attempts < size * 100 {
        attempts += 1;
        let p = &pool[rng.random_range(0..pool.len())];
        let name_word = |rng: &mut ChaCha8Rng, of: &str| {
            let words = fold::words(of);
            (!words.is_empty()).then(|| words[rng.random_range(0..words.len())].clone())
        };
        let query = match class {
            Class::Prefix(_) | Class::TypeaheadMember => {
                let n = match class {
                    Class::Prefix(n) => n,
                    _ => 2,
                };
                let of = if rng.random_bool(0.5) { &p.given } else { &p.surname };
                match name_word(&mut rng, of) {
                    Some(w) if w.chars().count() >= n => Some(Query::Typeahead {
                        text: prefix(&w, n),
                        member: class == Class::TypeaheadMember,
                    }),
                    _ => None,
                }
            }
            Class::TwoWords => match (name_word(&mut rng, &p.given), fold::words(&p.surname).first()) {
                (Some(g), Some(s)) => Some(Query::Typeahead {
                    text: format!("{} {}", prefix(&g, 3), prefix(s, 3)),
                    member: false,
                }),
                _ => None,
            },
            Class::FilterOnly => match (&p.department, &p.country) {
                (Some(d), Some(c)) => Some(Query::Filter {
                    department: d.clone(),
                    country: c.clone(),
                }),
                _ => None,
            },
            Class::Count => p.department.as_ref().map(|d| Query::Count { department: d.clone() }),
            Class::Upn => Some(Query::Upn(p.upn.clone())),
        };
        if let Some(q) = query {
            *counts.entry(q).or_default() += 1;
            made += 1;
        }
    }
    Mix {
        class,
        entries: counts.into_iter().collect(),
    }
}

/// What a query answered, for comparing the engines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The UPNs of the rows (folded to lower case), in the order the engine answered.
    Rows(Vec<String>),
    /// A count.
    Count(u64),
}

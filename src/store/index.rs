//! The one function that derives a user's index entries ([`derive`]). Insert, update, delete
//! and purge all write through it, so the indexes can never disagree with the objects.
//!
//! Every posting lists users in *display order* (folded display name, then ordinal) inside a
//! *visibility class*, so that a search reads postings in the order it answers in, intersects
//! them by seeking, and stops after `limit` rows. A class is the three visibility flags of a
//! user ([`LIVE`], [`SHOWN`], [`MEMBER`]):
//! - people search reads class [`PEOPLE`] alone (live, shown in the address list, `Member`),
//!   so its hot path never re-checks visibility;
//! - the address list reads the live and shown classes (guests are shown there too);
//! - `find users` reads all eight.
//!
//! Filters on `isSoftDeleted`, `showInAddressList` and `userType` narrow the classes a search
//! reads, so those attributes need no postings of their own.

use super::keys::{self, PostingKind};
use crate::fold::{fold, words};
use crate::model::{Attr, AttrKind, ObjOrd, Source, User, UserType};

/// Class flag: not soft-deleted.
pub const LIVE: u8 = 4;
/// Class flag: shown in the address list.
pub const SHOWN: u8 = 2;
/// Class flag: `userType` is `Member`.
pub const MEMBER: u8 = 1;
/// The class people search reads.
pub const PEOPLE: u8 = LIVE | SHOWN | MEMBER;
/// Every class.
pub const ALL_CLASSES: [u8; 8] = [0, 1, 2, 3, 4, 5, 6, 7];

/// How many leading characters of a word typeahead terms hold. A typed word of this length
/// or shorter is answered by its term's posting alone; a longer one also checks the stored
/// rest of the word (see [`Posting::rests`]).
pub const TERM_CHARS: usize = 4;

/// The visibility class of a user.
pub fn class_of(user: &User) -> u8 {
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    flag(!user.is_soft_deleted(), LIVE)
        | flag(user.show_in_address_list, SHOWN)
        | flag(user.user_type == UserType::Member, MEMBER)
}

/// One posting entry: its key, its value, and how long the key's head is (the head,
/// `tenant | kind | term | 0 | class`, is also the key of the posting's count).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    /// The full key.
    pub key: Vec<u8>,
    /// For typeahead terms of [`TERM_CHARS`] characters: the rests of the words, each followed
    /// by a 0 byte. Empty otherwise.
    pub value: Vec<u8>,
    /// Length of the head within `key`.
    pub head_len: usize,
}

impl Posting {
    /// The count key of the posting this entry belongs to.
    pub fn head(&self) -> &[u8] {
        &self.key[..self.head_len]
    }

    /// The word rests stored in a term entry's value.
    pub fn rests(value: &[u8]) -> impl Iterator<Item = &[u8]> {
        value
            .strip_suffix(&[0u8])
            .into_iter()
            .flat_map(|body| body.split(|&b| b == 0))
    }
}

/// Everything the store keeps about a user besides the object itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// Posting entries, sorted by key.
    pub postings: Vec<Posting>,
    /// `tenant | folded UPN`, unique.
    pub upn: Vec<u8>,
    /// `tenant | home tenant | home object` for B2B users, unique: sync matches on it.
    pub home: Option<Vec<u8>>,
}

impl Derived {
    /// Gives every position the ordinal `o`. A position ends with the user's ordinal
    /// ([`keys::push_position`]), so a user derived before the transaction numbered it (a bulk
    /// load derives on another thread) takes its ordinal here; the entries' order does not
    /// change, since no two entries of one user share a head.
    pub fn set_ord(&mut self, o: ObjOrd) {
        for p in &mut self.postings {
            let n = p.key.len();
            if let Some(tail) = p.key.get_mut(n.saturating_sub(4)..) {
                tail.copy_from_slice(&o.0.to_be_bytes());
            }
        }
    }
}

/// The words typeahead matches for a user: words of the names, and the whole mail and UPN.
pub fn typeahead_words(user: &User) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in [&user.display_name, &user.given_name, &user.surname]
        .into_iter()
        .flatten()
    {
        out.extend(words(name));
    }
    for whole in [user.mail.as_deref(), Some(user.user_principal_name.as_str())]
        .into_iter()
        .flatten()
    {
        let w = fold(whole);
        if !w.is_empty() {
            out.push(w);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The term of a typed or stored word: its first [`TERM_CHARS`] characters, and the rest.
pub fn split_term(word: &str) -> (&str, &str) {
    let cut = word.char_indices().nth(TERM_CHARS).map_or(word.len(), |(i, _)| i);
    word.split_at(cut)
}

/// The equality-posting values of a user: `(posting number, folded value)`.
pub fn equal_values(user: &User) -> Vec<(u8, String)> {
    equal_values_of(user, |_| true)
}

/// [`equal_values`] of the attributes `keep` takes.
fn equal_values_of(user: &User, keep: impl Fn(Attr) -> bool) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    for attr in Attr::with_postings().filter(|&a| keep(a)) {
        let Some(id) = attr.posting() else { continue };
        match attr {
            Attr::MemberOf => out.extend(user.member_of.iter().map(|g| (id, g.0.to_string()))),
            Attr::HomeTenant => {
                if let Source::B2b { home_tenant, .. } = user.source {
                    out.push((id, home_tenant.to_string()));
                }
            }
            _ => {
                let v = user.get(attr);
                if !v.is_null() {
                    out.push((id, fold(&v.to_string())));
                }
            }
        }
    }
    out
}

/// Derives every index entry of `user`.
pub fn derive(user: &User) -> Derived {
    derive_with(user, true, |_| true)
}

/// The entries an update must diff: [`derive`] of `old` and of `new`, less the entries the
/// two share by construction. The order entry and the typeahead terms follow only the names,
/// the mail, the UPN, the sort name and the visibility class; when none of these changed (a
/// new job title, department or manager), both sides leave them out and only the equality
/// entries and the keys are derived. Diffing the two gives exactly the changes that diffing
/// the full derivations gives. Of the equality entries, likewise, only those of attributes
/// whose value changed are derived on either side.
pub fn derive_update(old: &User, new: &User) -> (Derived, Derived) {
    let same_terms = old.tenant == new.tenant
        && old.ord == new.ord
        && class_of(old) == class_of(new)
        && old.display_name == new.display_name
        && old.given_name == new.given_name
        && old.surname == new.surname
        && old.mail == new.mail
        && old.user_principal_name == new.user_principal_name;
    if !same_terms {
        return (derive(old), derive(new));
    }
    let changed = |attr: Attr| !same_value(old, new, attr);
    (derive_with(old, false, changed), derive_with(new, false, changed))
}

/// True when `attr` has the same value in `old` and `new` (text compared in place).
fn same_value(old: &User, new: &User, attr: Attr) -> bool {
    if attr.kind() == AttrKind::Text {
        old.view().text(attr) == new.view().text(attr)
    } else {
        old.get(attr) == new.get(attr)
    }
}

/// Derives `user`'s entries; without `terms`, only the equality entries (of the attributes
/// `keep` takes) and the keys.
fn derive_with(user: &User, terms: bool, keep: impl Fn(Attr) -> bool) -> Derived {
    let t = user.tenant;
    let class = class_of(user);
    let sort = keys::sort_key(user.sort_name());
    let mut postings = Vec::new();
    let mut push = |kind: PostingKind, term: &[u8], value: Vec<u8>| {
        let mut key = keys::posting_head(t, kind, term, class);
        let head_len = key.len();
        keys::push_position(&mut key, &sort, user.ord);
        postings.push(Posting { key, value, head_len });
    };
    let mut equal_from = 0;
    if terms {
        push(PostingKind::Order, b"", Vec::new());
        equal_from = 1;
    }

    // Every (term, word, index of the term's last character) of the user's words, sorted:
    // a term's words come together, in word order, with no string copied.
    let words = if terms { typeahead_words(user) } else { Vec::new() };
    let mut prefixes: Vec<(&str, &str, usize)> = Vec::with_capacity(words.len() * TERM_CHARS);
    for word in &words {
        for (n, (i, c)) in word.char_indices().enumerate().take(TERM_CHARS) {
            prefixes.push((&word[..i + c.len_utf8()], word, n));
        }
    }
    prefixes.sort_unstable();
    // Order, then terms in term order (a term's 0 byte sorts it before its extensions), are
    // already in key order; only the equality entries need sorting.
    let mut at = 0;
    while let Some(&(term, ..)) = prefixes.get(at) {
        let mut rests = Vec::new();
        while let Some(&(t, word, n)) = prefixes.get(at).filter(|p| p.0 == term) {
            if n + 1 == TERM_CHARS {
                rests.extend(word[t.len()..].bytes().filter(|&b| b != 0));
                rests.push(0);
            }
            at += 1;
        }
        push(PostingKind::Term, term.as_bytes(), rests);
        equal_from += 1;
    }
    for (id, value) in equal_values_of(user, keep) {
        push(PostingKind::Equal, &keys::equal_term(id, &value), Vec::new());
    }
    postings[equal_from..].sort();
    debug_assert!(
        postings.windows(2).all(|w| w[0] <= w[1]),
        "derived entries out of order"
    );

    Derived {
        postings,
        ..derive_keys(user)
    }
}

/// A user's unique keys (UPN and home identity) without its posting entries: what a bulk
/// create needs on the writing thread when the entries are derived on the bulk buffer's.
pub fn derive_keys(user: &User) -> Derived {
    let t = user.tenant;
    let home = match user.source {
        Source::Internal => None,
        Source::B2b {
            home_tenant,
            home_object,
        } => Some(keys::home(t, &home_tenant, &home_object)),
    };
    Derived {
        postings: Vec::new(),
        upn: keys::named(t, &user.user_principal_name),
        home,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TenantOrd;
    use uuid::Uuid;

    fn barbara() -> User {
        let mut u = User::new(Uuid::nil(), ObjOrd(5), TenantOrd(2), "barbara@b.example", 0);
        u.given_name = Some("Barbara".into());
        u.surname = Some("Núñez".into());
        u.department = Some("Sales".into());
        u.apply_defaults();
        u
    }

    #[test]
    fn classes_follow_visibility() {
        let mut u = barbara();
        assert_eq!(class_of(&u), PEOPLE);
        u.user_type = UserType::Guest;
        assert_eq!(class_of(&u), LIVE | SHOWN);
        u.show_in_address_list = false;
        assert_eq!(class_of(&u), LIVE);
        u.deleted = Some(1);
        assert_eq!(class_of(&u), 0);
    }

    #[test]
    fn terms_cover_word_prefixes_with_rests() {
        let d = derive(&barbara());
        let term_entry = |term: &str| {
            d.postings.iter().find(|p| {
                p.key[4] == PostingKind::Term as u8
                    && &p.key[5..5 + term.len()] == term.as_bytes()
                    && p.key[5 + term.len()] == 0
            })
        };
        assert!(term_entry("b").is_some());
        assert!(term_entry("nu").is_some());
        let bar = term_entry("bar").expect("term bar");
        assert!(bar.value.is_empty(), "only terms of TERM_CHARS characters carry rests");
        let barb = term_entry("barb").expect("term barb");
        let rests: Vec<&[u8]> = Posting::rests(&barb.value).collect();
        assert_eq!(rests, vec![b"ara".as_slice(), b"ara@b.example".as_slice()]);
        assert!(term_entry("arb").is_none());
    }

    #[test]
    fn derivation_is_sorted_and_counts_heads() {
        let d = derive(&barbara());
        assert!(d.postings.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            d.postings
                .iter()
                .all(|p| p.head().len() == p.head_len && p.head_len < p.key.len())
        );
        assert!(d.home.is_none());
    }

    #[test]
    fn an_ordinal_given_after_deriving_equals_deriving_with_it() {
        let mut unnumbered = barbara();
        unnumbered.ord = ObjOrd(0);
        let mut d = derive(&unnumbered);
        d.set_ord(ObjOrd(5));
        assert_eq!(d, derive(&barbara()));
    }

    /// The entries an update removes and adds, as the merge in `apply_postings` sees them.
    fn diff(before: &Derived, after: &Derived) -> (Vec<Posting>, Vec<Posting>) {
        let gone = before
            .postings
            .iter()
            .filter(|p| !after.postings.contains(p))
            .cloned()
            .collect();
        let new = after
            .postings
            .iter()
            .filter(|p| !before.postings.contains(p))
            .cloned()
            .collect();
        (gone, new)
    }

    #[test]
    fn an_update_diffs_like_the_full_derivations() {
        type Edit = (&'static str, fn(&mut User));
        let edits: [Edit; 9] = [
            ("job title", |u| u.job_title = Some("Buyer".into())),
            ("department", |u| u.department = Some("Legal".into())),
            ("manager", |u| u.manager = Some(ObjOrd(9))),
            ("display name", |u| u.display_name = Some("Barbara Q".into())),
            ("surname", |u| u.surname = Some("Nunez".into())),
            ("mail", |u| u.mail = Some("bn@b.example".into())),
            ("guest", |u| u.user_type = UserType::Guest),
            ("hidden", |u| u.show_in_address_list = false),
            ("deleted", |u| u.deleted = Some(7)),
        ];
        let old = barbara();
        for (name, edit) in edits {
            let mut new = old.clone();
            edit(&mut new);
            let (before, after) = derive_update(&old, &new);
            assert_eq!(diff(&before, &after), diff(&derive(&old), &derive(&new)), "{name}");
            assert_eq!(
                (&before.upn, &before.home),
                (&derive(&old).upn, &derive(&old).home),
                "{name}"
            );
            assert_eq!(
                (&after.upn, &after.home),
                (&derive(&new).upn, &derive(&new).home),
                "{name}"
            );
            assert!(after.postings.windows(2).all(|w| w[0] <= w[1]), "{name}: sorted");
        }
        let mut titled = old.clone();
        titled.job_title = Some("Buyer".into());
        let (before, after) = derive_update(&old, &titled);
        assert!(
            before.postings.iter().all(|p| p.key[4] == PostingKind::Equal as u8),
            "a new job title derives only equality entries"
        );
        assert_eq!(
            (before.postings.len(), after.postings.len()),
            (0, 1),
            "and only the job title's (Barbara had none)"
        );
    }

    #[test]
    fn split_term_counts_characters() {
        assert_eq!(split_term("barbara"), ("barb", "ara"));
        assert_eq!(split_term("ba"), ("ba", ""));
        assert_eq!(split_term("ñúñez"), ("ñúñe", "z"));
    }
}

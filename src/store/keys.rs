//! Key encodings. Every per-tenant key starts with the tenant ordinal (4 bytes, big-endian),
//! so one tenant's data is one contiguous range; numbers are big-endian so that byte order is
//! numeric order; text parts are folded and end with a 0 byte, so that a shorter text sorts
//! before its extensions.

use crate::fold::fold;
use crate::model::{ObjOrd, TenantOrd};

/// The longest sort-key prefix kept in index keys (bytes); longer names tie-break by ordinal.
pub const SORT_KEY_MAX: usize = 48;

/// Kinds of posting, the byte after the tenant ordinal in the postings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum PostingKind {
    /// Every user of the tenant in display-name order.
    Order = 0,
    /// Typeahead prefix terms.
    Term = 1,
    /// Equality postings: attribute number, folded value.
    Equal = 2,
}

/// `tenant`
pub fn tenant(t: TenantOrd) -> [u8; 4] {
    t.0.to_be_bytes()
}

/// `tenant | object`
pub fn object(t: TenantOrd, o: ObjOrd) -> [u8; 8] {
    let mut k = [0u8; 8];
    k[..4].copy_from_slice(&t.0.to_be_bytes());
    k[4..].copy_from_slice(&o.0.to_be_bytes());
    k
}

/// The object ordinal at the end of a key.
pub fn trailing_ord(key: &[u8]) -> ObjOrd {
    let mut b = [0u8; 4];
    let n = key.len();
    if n >= 4 {
        b.copy_from_slice(&key[n - 4..]);
    }
    ObjOrd(u32::from_be_bytes(b))
}

/// Reads a big-endian u32 value.
pub fn read_u32(bytes: &[u8]) -> u32 {
    let mut b = [0u8; 4];
    let n = bytes.len().min(4);
    b[..n].copy_from_slice(&bytes[..n]);
    u32::from_be_bytes(b)
}

/// `tenant | home tenant GUID | home object GUID`: a B2B user by its home identity.
pub fn home(t: TenantOrd, home_tenant: &uuid::Uuid, home_object: &uuid::Uuid) -> Vec<u8> {
    let mut k = Vec::with_capacity(36);
    k.extend_from_slice(&tenant(t));
    k.extend_from_slice(home_tenant.as_bytes());
    k.extend_from_slice(home_object.as_bytes());
    k
}

/// `tenant | folded text` (UPNs, group names).
pub fn named(t: TenantOrd, name: &str) -> Vec<u8> {
    let mut k = tenant(t).to_vec();
    push_text(&mut k, &fold(name));
    k
}

/// Appends text without 0 bytes (which terminate text parts).
pub fn push_text(k: &mut Vec<u8>, text: &str) {
    k.extend(text.bytes().filter(|&b| b != 0));
}

/// The folded sort key of a display name, cut to [`SORT_KEY_MAX`] bytes at a char boundary.
pub fn sort_key(name: &str) -> String {
    let mut s = fold(name);
    s.retain(|c| c != '\0');
    if s.len() > SORT_KEY_MAX {
        let mut end = SORT_KEY_MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// The head of a posting: `tenant | kind | term… | 0 | class`. Everything after it is the
/// position `sort key | 0 | object`.
pub fn posting_head(t: TenantOrd, kind: PostingKind, term: &[u8], class: u8) -> Vec<u8> {
    let mut k = Vec::with_capacity(8 + term.len() + SORT_KEY_MAX);
    k.extend_from_slice(&tenant(t));
    k.push(kind as u8);
    k.extend_from_slice(term);
    k.push(0);
    k.push(class);
    k
}

/// The length of the head of a posting key (`tenant | kind | term… | 0 | class`), or `None`
/// when the key has no head.
pub fn head_len(key: &[u8]) -> Option<usize> {
    let end = key.get(5..)?.iter().position(|&b| b == 0)? + 5;
    (key.len() > end + 1).then_some(end + 2)
}

/// Appends a position (`sort key | 0 | object`) to a posting head.
pub fn push_position(k: &mut Vec<u8>, sort_key: &str, o: ObjOrd) {
    push_text(k, sort_key);
    k.push(0);
    k.extend_from_slice(&o.0.to_be_bytes());
}

/// The term of an equality posting: attribute number, then the folded value.
pub fn equal_term(posting: u8, value: &str) -> Vec<u8> {
    let mut k = vec![posting];
    push_text(&mut k, &fold(value));
    k
}

/// The smallest key after every key that starts with `prefix`, for half-open ranges.
pub fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0xff; prefix.len() + 1]
}

/// `tenant | seq` for the change feed.
pub fn feed(t: TenantOrd, seq: u64) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..4].copy_from_slice(&t.0.to_be_bytes());
    k[4..].copy_from_slice(&seq.to_be_bytes());
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_sort_by_name_then_ordinal() {
        let head = posting_head(TenantOrd(1), PostingKind::Order, b"", 2);
        let key = |name: &str, o: u32| {
            let mut k = head.clone();
            push_position(&mut k, &sort_key(name), ObjOrd(o));
            k
        };
        assert!(key("Ann", 9) < key("Anna", 1));
        assert!(key("anna", 1) < key("Anna", 2));
        assert!(key("Ánna", 3) > key("anna", 2));
        assert_eq!(trailing_ord(&key("Bob", 77)), ObjOrd(77));
    }

    #[test]
    fn head_len_finds_the_head_of_a_posting_key() {
        let head = posting_head(TenantOrd(3), PostingKind::Term, b"barb", 7);
        let mut key = head.clone();
        push_position(&mut key, "barbara", ObjOrd(9));
        assert_eq!(head_len(&key), Some(head.len()));
        assert_eq!(head_len(&head), Some(head.len()));
        let order = posting_head(TenantOrd(3), PostingKind::Order, b"", 0);
        assert_eq!(head_len(&order), Some(7));
        assert_eq!(head_len(b"abc"), None);
        assert_eq!(head_len(&[0, 0, 0, 1, 1, b'x']), None);
    }

    #[test]
    fn prefix_end_bounds_the_prefix() {
        assert_eq!(prefix_end(b"ab"), b"ac".to_vec());
        assert_eq!(prefix_end(&[1, 0xff]), vec![2]);
        assert!(prefix_end(b"ab").as_slice() > b"ab\xff\xff".as_slice());
    }

    #[test]
    fn sort_key_is_cut_at_a_char_boundary() {
        let long = "é".repeat(40);
        let k = sort_key(&long);
        assert!(k.len() <= SORT_KEY_MAX);
        assert!(k.chars().all(|c| c == 'e'));
        let wide = "日".repeat(40);
        assert!(sort_key(&wide).len() <= SORT_KEY_MAX);
    }
}

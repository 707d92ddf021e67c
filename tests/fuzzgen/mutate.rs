//! Byte-level mutations: of valid scripts, and of import files (CSV, JSON Lines, Graph JSON,
//! the Entra admin center's CSV files).

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

/// Byte strings worth inserting: structure characters of the formats, odd encodings.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"'",
    b"\\",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"--",
    b"(",
    b")",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\xf0\x9f\x91\xa9",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"1e999",
    b"null",
    b"true",
    b"\"value\"",
    b"version:v1.0",
    b"#EXT#",
    b"@",
    b"userPrincipalName",
    b"manager",
    b"isSoftDeleted",
    b"deletedDateTime",
    b"2026-02-30T00:00:00Z",
];

/// Applies one to eight random byte-level mutations to `bytes`.
pub fn mutate(rng: &mut ChaCha8Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.random_range(1..9) {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.random_range(0..=len) };
        match rng.random_range(0..10) {
            0 if len > 0 => {
                let i = at.min(len - 1);
                bytes[i] ^= 1 << rng.random_range(0..8);
            }
            1 if len > 0 => {
                let i = at.min(len - 1);
                bytes[i] = rng.random();
            }
            2 => {
                let piece = INTERESTING.choose(rng).copied().unwrap_or(b"\"");
                bytes.splice(at..at, piece.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + rng.random_range(1..64)).min(len);
                bytes.drain(at.min(end)..end);
            }
            4 if len > 0 => {
                // Duplicate a slice (lines, fields, whole objects).
                let start = rng.random_range(0..len);
                let end = (start + rng.random_range(1..256)).min(len);
                let piece = bytes[start..end].to_vec();
                bytes.splice(at..at, piece);
            }
            5 => bytes.truncate(at),
            6 => {
                // Nesting: brackets or parentheses, many of them.
                let (open, close) = *[(b'[', b']'), (b'{', b'}'), (b'(', b')')]
                    .choose(rng)
                    .unwrap_or(&(b'[', b']'));
                let n = rng.random_range(1..300);
                let mut piece = vec![open; n];
                if rng.random_bool(0.5) {
                    piece.extend(std::iter::repeat_n(close, n));
                }
                bytes.splice(at..at, piece);
            }
            7 => {
                let n = rng.random_range(1..4096);
                let c = *[b'a', b' ', b'"', b',', b'9'].choose(rng).unwrap_or(&b'a');
                bytes.splice(at..at, std::iter::repeat_n(c, n));
            }
            8 if len > 1 => {
                let a = rng.random_range(0..len);
                let b = rng.random_range(0..len);
                bytes.swap(a, b);
            }
            _ => {
                let piece: Vec<u8> = (0..rng.random_range(1..8)).map(|_| rng.random()).collect();
                bytes.splice(at..at, piece);
            }
        }
    }
}

/// A mutated copy of `text` as a string (invalid UTF-8 replaced, as a shell reading bytes
/// would have to).
pub fn mutate_text(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    mutate(rng, &mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

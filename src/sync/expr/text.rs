//! The string functions' work on text: `Join`, `Left`, `Mid`, `NormalizeDiacritics`,
//! `PCase`, `ToLower`, `ToUpper` and `Word`. Positions and lengths count characters.

use super::eval::text;
use crate::model::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `Join`: the sources' texts (every value of a multi-valued one) between `separator`s;
/// null and empty values are skipped (the reference's `Join(", ", "", [surname], [givenName])`
/// gives `Doe, John`). Null when every source is null.
pub(super) fn join(separator: String, sources: &[Option<Value>]) -> Value {
    fn push(value: &Value, parts: &mut Vec<String>, any: &mut bool) {
        match value {
            Value::List(items) => items.iter().for_each(|item| push(item, parts, any)),
            other => {
                if let Some(t) = text(other) {
                    *any = true;
                    if !t.is_empty() {
                        parts.push(t);
                    }
                }
            }
        }
    }
    let mut parts = Vec::new();
    let mut any = false;
    for value in sources.iter().flatten() {
        push(value, &mut parts, &mut any);
    }
    if any {
        Value::Str(parts.join(&separator))
    } else {
        Value::Null
    }
}

/// `Left`: the first `n` characters; all of them when `n` is negative.
pub(super) fn left(source: &str, n: i64) -> String {
    match usize::try_from(n) {
        Ok(n) => source.chars().take(n).collect(),
        Err(_) => source.to_owned(),
    }
}

/// `Mid`: `length` characters from the 1-based `start` (fewer at the end of the text); null
/// for a start before the first character or a negative length.
pub(super) fn mid(source: &str, start: i64, length: i64) -> Value {
    match (usize::try_from(start), usize::try_from(length)) {
        (Ok(start), Ok(length)) if start >= 1 => Value::Str(source.chars().skip(start - 1).take(length).collect()),
        _ => Value::Null,
    }
}

/// `NormalizeDiacritics`: letters without their accents, case kept, as the reference's table
/// gives them (`Zoë` → `Zoe`, `ß` → `ss`, `Ø` → `OE`, `æ` → `ae`, `ł` → `l`). Canonical
/// decomposition drops the combining marks; the rest is recomposed (Hangul stays whole).
pub(super) fn normalize(source: &str) -> String {
    if source.is_ascii() {
        return source.to_owned();
    }
    let mut out = String::with_capacity(source.len());
    for c in source.nfd() {
        match c {
            c if is_combining_mark(c) => {}
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ø' | 'œ' => out.push_str("oe"),
            'Ø' | 'Œ' => out.push_str("OE"),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

/// `PCase`: the first character of each word upper case, the others lower case. Words are
/// separated by the characters of `separators` when given, else by every character that is
/// not a letter, digit or mark (spaces, punctuation, symbols, as .NET's `ToTitleCase`).
pub(super) fn pcase(source: &str, separators: Option<&str>) -> String {
    let is_separator = |c: char| match separators {
        Some(separators) => separators.contains(c),
        None => !(c.is_alphanumeric() || is_combining_mark(c)),
    };
    let mut out = String::with_capacity(source.len());
    let mut word_start = true;
    for c in source.chars() {
        if is_separator(c) {
            out.push(c);
            word_start = true;
        } else if word_start {
            out.extend(c.to_uppercase());
            word_start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// True for a Turkish or Azerbaijani culture (`tr-TR`, `az`), whose dotted and dotless `i`
/// change case differently.
fn turkic(culture: Option<&str>) -> bool {
    culture.is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        ["tr", "az"]
            .iter()
            .any(|lang| c == *lang || c.starts_with(&format!("{lang}-")))
    })
}

/// `ToLower`: the invariant culture's lower case, or a Turkic one's (`I` → `ı`).
pub(super) fn lower(source: &str, culture: Option<&str>) -> String {
    if !turkic(culture) {
        return source.to_lowercase();
    }
    source
        .chars()
        .flat_map(|c| match c {
            'I' => vec!['ı'],
            'İ' => vec!['i'],
            c => c.to_lowercase().collect(),
        })
        .collect()
}

/// `ToUpper`: the invariant culture's upper case, or a Turkic one's (`i` → `İ`).
pub(super) fn upper(source: &str, culture: Option<&str>) -> String {
    if !turkic(culture) {
        return source.to_uppercase();
    }
    source
        .chars()
        .flat_map(|c| match c {
            'i' => vec!['İ'],
            'ı' => vec!['I'],
            c => c.to_uppercase().collect(),
        })
        .collect()
}

/// `Word`: the `n`th (1-based) of the words that the characters of `delimiters` separate;
/// empty when there is no such word.
pub(super) fn word(source: &str, n: i64, delimiters: &str) -> String {
    let Some(index) = usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) else {
        return String::new();
    };
    source
        .split(|c: char| delimiters.contains(c))
        .filter(|w| !w.is_empty())
        .nth(index)
        .unwrap_or_default()
        .to_owned()
}

//! Case and accent folding, and the word splitting that typeahead uses.
//!
//! Directory users expect `jose` to find `José` and `BOB` to find `Bob`. Every comparison that
//! people search makes, and every index key it reads, goes through [`fold`], so that the index
//! and a scan can never disagree about what matches.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `text` for comparison: canonical decomposition, combining marks dropped, lower case.
///
/// ```
/// assert_eq!(mtodir::fold::fold("José Ñúñez"), "jose nunez");
/// ```
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded words of `text`: maximal runs of letters and digits.
///
/// ```
/// assert_eq!(mtodir::fold::words("Anne-Marie O'Brien"), vec!["anne", "marie", "o", "brien"]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The folded words of what a user typed into a typeahead box. A word with `@` or `.` stays
/// whole, because it can only be the start of a mail or UPN (`bob@b`, `anne-marie.d`); any
/// other word splits where the names' words split (`o'brien` is `o` and `brien`).
pub fn query_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in fold(text).split_whitespace() {
        if word.contains('@') || word.contains('.') {
            let whole = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '_');
            if !whole.is_empty() {
                out.push(whole.to_owned());
            }
        } else {
            out.extend(
                word.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("ÅSA Ødegård"), "asa odegard");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Zoë"), "zoe");
    }

    #[test]
    fn splits_words_on_punctuation() {
        assert_eq!(words("  van der Berg "), vec!["van", "der", "berg"]);
        assert!(words("--").is_empty());
    }

    #[test]
    fn query_words_keep_mail_punctuation() {
        assert_eq!(query_words(" Bob@B.Ex  bar"), vec!["bob@b.ex", "bar"]);
        assert_eq!(query_words("anne-marie.d"), vec!["anne-marie.d"]);
    }

    #[test]
    fn query_words_split_names_like_the_index() {
        assert_eq!(query_words("O'Brien"), vec!["o", "brien"]);
        assert_eq!(query_words("Anne-Marie"), vec!["anne", "marie"]);
        assert_eq!(query_words("  ''  "), Vec::<String>::new());
    }
}

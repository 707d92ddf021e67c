//! A grammar-aware generator of MTOQL statements: every statement family, valid and
//! near-valid (wrong keywords, missing clauses, bad values, unknown names, huge numbers, odd
//! Unicode, deep nesting).

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

pub use super::words::{KEYWORDS, ODD};

/// The names a generated statement may use: those of the directory, and some that are not.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Tenant handles.
    pub tenants: Vec<String>,
    /// User principal names.
    pub upns: Vec<String>,
    /// Group names.
    pub groups: Vec<String>,
    /// Verified domains.
    pub domains: Vec<String>,
    /// Attribute names.
    pub attrs: Vec<String>,
    /// Files import and export may name (relative to the files folder).
    pub files: Vec<String>,
}

/// Fields of `show changes … where`.
const CHANGE_FIELDS: &[&str] = &["seq", "at", "actor", "op", "user", "property", "ops", "sequence"];

/// The generator: a seeded random source and the vocabulary.
pub struct Grammar {
    /// The random source.
    pub rng: ChaCha8Rng,
    /// The names.
    pub vocab: Vocab,
}

/// A generated statement as tokens, joined with spaces when done.
pub(super) type Tokens = Vec<String>;

pub(super) fn t(words: &[&str]) -> Tokens {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// `s` as an MTOQL string literal.
pub fn quote(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
    )
}

impl Grammar {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64, vocab: Vocab) -> Grammar {
        Grammar {
            rng: rand::SeedableRng::seed_from_u64(seed),
            vocab,
        }
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub(super) fn pick<'a>(&mut self, list: &'a [String], fallback: &'a str) -> &'a str {
        list.choose(&mut self.rng).map_or(fallback, String::as_str)
    }

    pub(super) fn odd(&mut self) -> String {
        ODD.choose(&mut self.rng).copied().unwrap_or("").to_owned()
    }

    /// A tenant name: mostly known, sometimes unknown or odd, sometimes quoted.
    pub(super) fn tenant(&mut self) -> String {
        match self.rng.random_range(0..20) {
            0 => quote(&self.odd()),
            1 => "Z".into(),
            2 => "a".into(),
            3 => format!("T{}", self.rng.random_range(0..1000)),
            4 => quote(&self.pick(&self.vocab.tenants.clone(), "A").to_lowercase()),
            _ => self.pick(&self.vocab.tenants.clone(), "A").to_owned(),
        }
    }

    pub(super) fn in_tenant(&mut self, word: &str) -> Tokens {
        if self.chance(0.25) {
            return Vec::new();
        }
        let tenant = self.tenant();
        vec![word.into(), "tenant".into(), tenant]
    }

    pub(super) fn upn(&mut self) -> String {
        match self.rng.random_range(0..16) {
            0 => quote(&self.odd()),
            1 => format!(
                "new{}@{}",
                self.rng.random_range(0..50),
                self.pick(&self.vocab.domains.clone(), "a.example")
            ),
            2 => format!("nobody{}@nowhere.example", self.rng.random_range(0..10)),
            3 => quote(&format!(
                "{}@{}",
                self.odd(),
                self.pick(&self.vocab.domains.clone(), "a.example")
            )),
            4 => self.pick(&self.vocab.upns.clone(), "annie@a.example").to_uppercase(),
            _ => quote(self.pick(&self.vocab.upns.clone(), "annie@a.example")),
        }
    }

    pub(super) fn group(&mut self) -> String {
        match self.rng.random_range(0..10) {
            0 => quote(&self.odd()),
            1 => format!("G{}", self.rng.random_range(0..20)),
            2 => "Order".into(),
            _ => quote(self.pick(&self.vocab.groups.clone(), "Collab")),
        }
    }

    pub(super) fn attr(&mut self) -> String {
        match self.rng.random_range(0..25) {
            0 => "displayname".into(),
            1 => "displayNam".into(),
            2 => self.odd().replace(' ', "_"),
            3 => "x".repeat(self.rng.random_range(1..300)),
            _ => self.pick(&self.vocab.attrs.clone(), "displayName").to_owned(),
        }
    }

    /// A number: mostly small, sometimes huge or negative.
    pub(super) fn number(&mut self) -> String {
        match self.rng.random_range(0..12) {
            0 => "18446744073709551615".into(),
            1 => "18446744073709551616".into(),
            2 => "99999999999999999999999999".into(),
            3 => "-1".into(),
            4 => "0".into(),
            5 => format!("{}", self.rng.random_range(0..100_000u64)),
            _ => format!("{}", self.rng.random_range(0..30u64)),
        }
    }

    /// A literal value.
    pub fn value(&mut self) -> String {
        match self.rng.random_range(0..16) {
            0 => quote(&self.odd()),
            1 => self.number(),
            2 => "true".into(),
            3 => "false".into(),
            4 => "null".into(),
            5 => "Member".into(),
            6 => "Guest".into(),
            7 => quote(&format!(
                "2026-0{}-1{}",
                self.rng.random_range(1..10),
                self.rng.random_range(0..10)
            )),
            8 => quote(self.pick(&self.vocab.upns.clone(), "annie@a.example")),
            9 => quote(&"long ".repeat(self.rng.random_range(1..2000))),
            10 => "-9223372036854775809".into(),
            11 => self.pick(&self.vocab.tenants.clone(), "A").to_owned(),
            _ => quote(
                [
                    "Sales", "R&D", "Seattle", "Oslo", "US", "DE", "Engineer", "b2b", "Collab",
                ]
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("x"),
            ),
        }
    }

    /// A filter over user attributes (or the fields of changes), nested up to `depth`.
    pub fn filter(&mut self, depth: u32, changes: bool) -> Tokens {
        let roll = self.rng.random_range(0..20);
        if depth > 0 && roll < 6 {
            let mut out = self.filter(depth - 1, changes);
            let op = if roll < 3 { "and" } else { "or" };
            out.push(op.into());
            out.extend(self.filter(depth - 1, changes));
            return out;
        }
        if depth > 0 && roll < 8 {
            let mut out = t(&["not"]);
            out.extend(self.filter(depth - 1, changes));
            return out;
        }
        if depth > 0 && roll < 10 {
            let mut out = t(&["("]);
            out.extend(self.filter(depth - 1, changes));
            out.push(")".into());
            return out;
        }
        if roll == 10 && self.chance(0.2) {
            return self.deep(changes);
        }
        let attr = if changes {
            CHANGE_FIELDS.choose(&mut self.rng).copied().unwrap_or("op").to_owned()
        } else {
            self.attr()
        };
        match self.rng.random_range(0..12) {
            0 => vec![attr, "is".into(), "null".into()],
            1 => vec![attr, "is".into(), "not".into(), "null".into()],
            2 => {
                let mut out = vec![attr, "in".into(), "(".into()];
                let n = if self.chance(0.05) {
                    self.rng.random_range(900..1100)
                } else {
                    self.rng.random_range(1..5)
                };
                for i in 0..n {
                    if i > 0 {
                        out.push(",".into());
                    }
                    out.push(self.value());
                }
                out.push(")".into());
                out
            }
            3 => vec![attr, "starts".into(), "with".into(), self.value()],
            4 => vec![attr, "ends".into(), "with".into(), self.value()],
            5 => vec![attr, "contains".into(), self.value()],
            _ => {
                let op = ["=", "!=", "<>", "<", "<=", ">", ">="]
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("=");
                vec![attr, op.into(), self.value()]
            }
        }
    }

    /// Deep nesting: parentheses, `not` runs, or long `and`/`or` chains.
    pub(super) fn deep(&mut self, changes: bool) -> Tokens {
        let n = self.rng.random_range(1..100);
        let leaf = if changes {
            t(&["op", "=", "create"])
        } else {
            t(&["city", "=", "Oslo"])
        };
        let mut out = Vec::new();
        match self.rng.random_range(0..3) {
            0 => {
                out.extend(std::iter::repeat_n("(".to_owned(), n));
                out.extend(leaf);
                out.extend(std::iter::repeat_n(")".to_owned(), n));
            }
            1 => {
                out.extend(std::iter::repeat_n("not".to_owned(), n * 10));
                out.extend(leaf);
            }
            _ => {
                for i in 0..n * 20 {
                    if i > 0 {
                        out.push(if i % 3 == 0 { "or" } else { "and" }.into());
                    }
                    out.extend(leaf.clone());
                }
            }
        }
        out
    }

    pub(super) fn assignments(&mut self) -> Tokens {
        let mut out = Vec::new();
        for i in 0..self.rng.random_range(1..5) {
            if i > 0 {
                out.push(",".into());
            }
            out.push(self.attr());
            out.push("=".into());
            out.push(self.value());
        }
        out
    }

    pub(super) fn where_clause(&mut self, changes: bool) -> Tokens {
        if self.chance(0.4) {
            return Vec::new();
        }
        let depth = self.rng.random_range(0..4);
        let mut out = t(&["where"]);
        out.extend(self.filter(depth, changes));
        out
    }

    pub(super) fn maybe(&mut self, p: f64, tokens: Tokens) -> Tokens {
        if self.chance(p) { tokens } else { Vec::new() }
    }

    pub(super) fn file(&mut self) -> String {
        match self.rng.random_range(0..8) {
            0 => quote(&self.odd()),
            1 => quote(&format!(
                "out{}.{}",
                self.rng.random_range(0..5),
                ["csv", "jsonl", "json", "txt", ""]
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("csv")
            )),
            2 => quote("sub/../../escape.csv"),
            _ => quote(self.pick(&self.vocab.files.clone(), "users.csv")),
        }
    }

    pub(super) fn format_clause(&mut self) -> Tokens {
        let name = ["csv", "jsonl", "json", "entra", "ndjson", "xml"]
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("csv");
        self.maybe(0.4, t(&["format", name]))
    }

    /// A near-valid statement: a valid one with one to three token-level mistakes.
    pub fn near_valid(&mut self) -> Tokens {
        let mut tokens = self.statement();
        for _ in 0..self.rng.random_range(1..4) {
            if tokens.is_empty() {
                break;
            }
            let i = self.rng.random_range(0..tokens.len());
            match self.rng.random_range(0..9) {
                0 => {
                    tokens.remove(i);
                }
                1 => {
                    let kw = KEYWORDS.choose(&mut self.rng).copied().unwrap_or("in");
                    tokens[i] = kw.into();
                }
                2 => {
                    let kw = KEYWORDS.choose(&mut self.rng).copied().unwrap_or("in");
                    tokens.insert(i, kw.into());
                }
                3 => {
                    // A typo: a letter dropped, doubled or changed.
                    let mut chars: Vec<char> = tokens[i].chars().collect();
                    if !chars.is_empty() {
                        let j = self.rng.random_range(0..chars.len());
                        match self.rng.random_range(0..3) {
                            0 => {
                                chars.remove(j);
                            }
                            1 => chars.insert(j, chars[j]),
                            _ => chars[j] = self.rng.random_range('a'..='z'),
                        }
                    }
                    tokens[i] = chars.into_iter().collect();
                }
                4 => tokens[i] = self.value(),
                5 => tokens[i] = self.odd(),
                6 => tokens.truncate(i),
                7 => {
                    let j = self.rng.random_range(0..tokens.len());
                    tokens.swap(i, j);
                }
                _ => {
                    let copy = tokens[i].clone();
                    tokens.insert(i, copy);
                }
            }
        }
        tokens
    }

    /// Tokens joined as text, with varied blanks and comments.
    pub fn join(&mut self, tokens: &[String]) -> String {
        let mut text = String::new();
        for (i, tok) in tokens.iter().enumerate() {
            if i > 0 {
                text.push_str(match self.rng.random_range(0..30) {
                    0 => "\n",
                    1 => "\t",
                    2 => " -- a comment\n",
                    3 => "\r\n",
                    4 => "  ",
                    5 if tok != "," && tok != ")" => "",
                    _ => " ",
                });
            }
            text.push_str(tok);
        }
        text
    }

    /// A script of one to four statements, valid or near-valid, separated by `;`.
    pub fn script(&mut self, near_valid: f64) -> String {
        let n = if self.chance(0.7) {
            1
        } else {
            self.rng.random_range(2..5)
        };
        let mut parts = Vec::new();
        for _ in 0..n {
            let tokens = if self.chance(near_valid) {
                self.near_valid()
            } else {
                self.statement()
            };
            parts.push(self.join(&tokens));
        }
        let mut text = parts.join(";\n");
        if self.chance(0.5) {
            text.push(';');
        }
        text
    }
}

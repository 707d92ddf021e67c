//! A grammar-aware generator of MTOQL statements: every statement family, valid and
//! near-valid (wrong keywords, missing clauses, bad values, unknown names, huge numbers, odd
//! Unicode, deep nesting).

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

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

/// Words and texts that break things: odd Unicode, huge numbers, quotes, keywords.
pub const ODD: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{202e}abc",
    "e\u{301}\u{301}\u{301}",
    "İstanbul",
    "ß",
    "ﬀ",
    "Ǆ",
    "ΐ",
    "👩\u{200d}💻",
    "\u{10ffff}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "中文名字",
    "\u{fdd0}",
    "\\",
    "\\\"",
    "'",
    "\"",
    "--",
    ";",
    "a--b",
    "#EXT#",
    "@",
    "@@",
    "a@",
    "@a.example",
    "x@y@z",
    "..",
    "../../etc/passwd",
    "/etc/passwd",
    "NaN",
    "-0",
    "00000000000000000000001",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999999999999",
    "1e308",
    "2026-13-45",
    "2026-01-01T25:61:61Z",
    "0000-00-00",
    "9999-12-31T23:59:59.999999999Z",
    "true",
    "null",
    "Member",
    "Guest",
    "in",
    "where",
    "tenant",
    "order",
];

/// Keywords, for wrong-keyword mutations.
pub const KEYWORDS: &[&str] = &[
    "create", "show", "update", "delete", "restore", "purge", "add", "remove", "search", "find", "count", "explain",
    "import", "export", "generate", "use", "whoami", "begin", "commit", "rollback", "help", "demo", "changes",
    "tenant", "tenants", "user", "users", "group", "groups", "people", "address", "list", "operator", "transaction",
    "name", "domain", "domains", "in", "into", "of", "from", "to", "with", "set", "description", "for", "where", "is",
    "not", "null", "starts", "ends", "contains", "and", "or", "order", "by", "asc", "desc", "after", "limit",
    "offset", "fields", "format", "seed", "(", ")", ",", "=", "!=", "<>", "<", "<=", ">", ">=", ";",
];

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
type Tokens = Vec<String>;

fn t(words: &[&str]) -> Tokens {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// `s` as an MTOQL string literal.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " "))
}

impl Grammar {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64, vocab: Vocab) -> Grammar {
        Grammar {
            rng: rand::SeedableRng::seed_from_u64(seed),
            vocab,
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn pick<'a>(&mut self, list: &'a [String], fallback: &'a str) -> &'a str {
        list.choose(&mut self.rng).map_or(fallback, String::as_str)
    }

    fn odd(&mut self) -> String {
        ODD.choose(&mut self.rng).copied().unwrap_or("").to_owned()
    }

    /// A tenant name: mostly known, sometimes unknown or odd, sometimes quoted.
    fn tenant(&mut self) -> String {
        match self.rng.random_range(0..20) {
            0 => quote(&self.odd()),
            1 => "Z".into(),
            2 => "a".into(),
            3 => format!("T{}", self.rng.random_range(0..1000)),
            4 => quote(&self.pick(&self.vocab.tenants.clone(), "A").to_lowercase()),
            _ => self.pick(&self.vocab.tenants.clone(), "A").to_owned(),
        }
    }

    fn in_tenant(&mut self, word: &str) -> Tokens {
        if self.chance(0.25) {
            return Vec::new();
        }
        let tenant = self.tenant();
        vec![word.into(), "tenant".into(), tenant]
    }

    fn upn(&mut self) -> String {
        match self.rng.random_range(0..16) {
            0 => quote(&self.odd()),
            1 => format!("new{}@{}", self.rng.random_range(0..50), self.pick(&self.vocab.domains.clone(), "a.example")),
            2 => format!("nobody{}@nowhere.example", self.rng.random_range(0..10)),
            3 => quote(&format!("{}@{}", self.odd(), self.pick(&self.vocab.domains.clone(), "a.example"))),
            4 => self.pick(&self.vocab.upns.clone(), "annie@a.example").to_uppercase(),
            _ => quote(self.pick(&self.vocab.upns.clone(), "annie@a.example")),
        }
    }

    fn group(&mut self) -> String {
        match self.rng.random_range(0..10) {
            0 => quote(&self.odd()),
            1 => format!("G{}", self.rng.random_range(0..20)),
            2 => "Order".into(),
            _ => quote(self.pick(&self.vocab.groups.clone(), "Collab")),
        }
    }

    fn attr(&mut self) -> String {
        match self.rng.random_range(0..25) {
            0 => "displayname".into(),
            1 => "displayNam".into(),
            2 => self.odd().replace(' ', "_"),
            3 => "x".repeat(self.rng.random_range(1..300)),
            _ => self.pick(&self.vocab.attrs.clone(), "displayName").to_owned(),
        }
    }

    /// A number: mostly small, sometimes huge or negative.
    fn number(&mut self) -> String {
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
            7 => quote(&format!("2026-0{}-1{}", self.rng.random_range(1..10), self.rng.random_range(0..10))),
            8 => quote(self.pick(&self.vocab.upns.clone(), "annie@a.example")),
            9 => quote(&"long ".repeat(self.rng.random_range(1..2000))),
            10 => "-9223372036854775809".into(),
            11 => self.pick(&self.vocab.tenants.clone(), "A").to_owned(),
            _ => quote(["Sales", "R&D", "Seattle", "Oslo", "US", "DE", "Engineer", "b2b", "Collab"]
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("x")),
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
                let n = if self.chance(0.05) { self.rng.random_range(900..1100) } else { self.rng.random_range(1..5) };
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
                let op = ["=", "!=", "<>", "<", "<=", ">", ">="].choose(&mut self.rng).copied().unwrap_or("=");
                vec![attr, op.into(), self.value()]
            }
        }
    }

    /// Deep nesting: parentheses, `not` runs, or long `and`/`or` chains.
    fn deep(&mut self, changes: bool) -> Tokens {
        let n = self.rng.random_range(1..100);
        let leaf = if changes { t(&["op", "=", "create"]) } else { t(&["city", "=", "Oslo"]) };
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

    fn assignments(&mut self) -> Tokens {
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

    fn where_clause(&mut self, changes: bool) -> Tokens {
        if self.chance(0.4) {
            return Vec::new();
        }
        let depth = self.rng.random_range(0..4);
        let mut out = t(&["where"]);
        out.extend(self.filter(depth, changes));
        out
    }

    fn maybe(&mut self, p: f64, tokens: Tokens) -> Tokens {
        if self.chance(p) { tokens } else { Vec::new() }
    }

    fn file(&mut self) -> String {
        match self.rng.random_range(0..8) {
            0 => quote(&self.odd()),
            1 => quote(&format!("out{}.{}", self.rng.random_range(0..5), ["csv", "jsonl", "json", "txt", ""].choose(&mut self.rng).copied().unwrap_or("csv"))),
            2 => quote("sub/../../escape.csv"),
            _ => quote(self.pick(&self.vocab.files.clone(), "users.csv")),
        }
    }

    fn format_clause(&mut self) -> Tokens {
        let name = ["csv", "jsonl", "json", "entra", "ndjson", "xml"].choose(&mut self.rng).copied().unwrap_or("csv");
        self.maybe(0.4, t(&["format", name]))
    }

    /// A valid-looking statement of a random family.
    pub fn statement(&mut self) -> Tokens {
        match self.rng.random_range(0..9) {
            0 => self.tenants(),
            1 | 2 => self.users(),
            3 => self.groups(),
            4 | 5 => self.query(),
            6 => self.interchange(),
            7 => self.session(),
            _ => self.shell_or_audit(),
        }
    }

    fn tenants(&mut self) -> Tokens {
        match self.rng.random_range(0..3) {
            0 => {
                let handle = self.tenant();
                let mut out = t(&["create", "tenant"]);
                out.push(handle);
                if self.chance(0.5) {
                    out.push("name".into());
                    out.push(self.value());
                }
                if self.chance(0.6) {
                    out.push(if self.chance(0.5) { "domain" } else { "domains" }.into());
                    for i in 0..self.rng.random_range(1..4) {
                        if i > 0 {
                            out.push(",".into());
                        }
                        let d = match self.rng.random_range(0..5) {
                            0 => quote(&self.odd()),
                            1 => self.pick(&self.vocab.domains.clone(), "a.example").to_owned(),
                            _ => format!("d{}.example", self.rng.random_range(0..100)),
                        };
                        out.push(d);
                    }
                }
                out
            }
            1 => t(&["show", "tenants"]),
            _ => {
                let h = self.tenant();
                vec!["show".into(), "tenant".into(), h]
            }
        }
    }

    fn users(&mut self) -> Tokens {
        let upn = self.upn();
        let mut out = match self.rng.random_range(0..8) {
            0 => vec!["create".into(), "user".into(), upn],
            1 => vec!["update".into(), "user".into(), upn],
            2 => t(&["update", "users"]),
            3 => vec!["delete".into(), "user".into(), upn],
            4 => vec!["restore".into(), "user".into(), upn],
            5 => vec!["purge".into(), "user".into(), upn],
            _ => vec!["show".into(), "user".into(), upn],
        };
        let kind = out[0].clone();
        let many = out[1] == "users";
        out.extend(self.in_tenant("in"));
        match kind.as_str() {
            "create" => {
                if self.chance(0.7) {
                    out.push("with".into());
                    out.extend(self.assignments());
                }
            }
            "update" => {
                if many {
                    out.extend(self.where_clause(false));
                }
                out.push("set".into());
                out.extend(self.assignments());
            }
            _ => {}
        }
        out
    }

    fn groups(&mut self) -> Tokens {
        let g = self.group();
        match self.rng.random_range(0..7) {
            0 => {
                let mut out = vec!["create".into(), "group".into(), g];
                out.extend(self.in_tenant("in"));
                if self.chance(0.5) {
                    out.push("description".into());
                    out.push(self.value());
                }
                out
            }
            1 => {
                let mut out = vec!["show".into(), "group".into(), g];
                out.extend(self.in_tenant("in"));
                out
            }
            2 => {
                let mut out = t(&["show", "groups"]);
                out.extend(self.in_tenant("in"));
                out
            }
            n => {
                let add = n % 2 == 0;
                let (verb, dir) = if add { ("add", "to") } else { ("remove", "from") };
                let mut out = t(&[verb]);
                if self.chance(0.5) {
                    out.push("user".into());
                    out.push(self.upn());
                    out.extend(self.in_tenant("in"));
                } else {
                    out.push("users".into());
                    out.extend(self.in_tenant("in"));
                    out.extend(self.where_clause(false));
                }
                out.extend([dir.to_owned(), "group".into(), g]);
                out
            }
        }
    }

    fn search(&mut self, count: bool) -> Tokens {
        let mut out = match (count, self.rng.random_range(0..3)) {
            (false, 0) => t(&["search", "people"]),
            (false, 1) => t(&["search", "address", "list"]),
            (false, _) => t(&["find", "users"]),
            (true, 0) => t(&["count", "people"]),
            (true, 1) => t(&["count", "address", "list"]),
            (true, _) => t(&["count", "users"]),
        };
        out.extend(self.in_tenant("in"));
        if self.chance(0.4) {
            out.push("for".into());
            out.push(match self.rng.random_range(0..4) {
                0 => quote(&self.odd()),
                1 => quote(&"an ".repeat(self.rng.random_range(1..50))),
                _ => quote(["a", "bar", "jo", "annie b", "zoe", "josé", "@", "b@b"].choose(&mut self.rng).copied().unwrap_or("a")),
            });
        }
        out.extend(self.where_clause(false));
        if !count {
            if self.chance(0.3) {
                out.extend(t(&["order", "by"]));
                for i in 0..self.rng.random_range(1..4) {
                    if i > 0 {
                        out.push(",".into());
                    }
                    out.push(self.attr());
                    if self.chance(0.5) {
                        out.push(if self.chance(0.5) { "asc" } else { "desc" }.into());
                    }
                }
            }
            if self.chance(0.4) {
                out.push("limit".into());
                out.push(self.number());
            }
            if self.chance(0.2) {
                out.push("offset".into());
                out.push(self.number());
            }
            if self.chance(0.3) {
                out.push("fields".into());
                for i in 0..self.rng.random_range(1..6) {
                    if i > 0 {
                        out.push(",".into());
                    }
                    out.push(self.attr());
                }
            }
        }
        out
    }

    fn query(&mut self) -> Tokens {
        match self.rng.random_range(0..6) {
            0 | 1 | 2 => self.search(false),
            3 | 4 => self.search(true),
            _ => {
                let count = self.chance(0.3);
                let mut out = t(&["explain"]);
                out.extend(self.search(count));
                out
            }
        }
    }

    fn interchange(&mut self) -> Tokens {
        match self.rng.random_range(0..3) {
            0 => {
                let mut out = t(&["import", "users"]);
                out.extend(self.in_tenant("into"));
                out.push("from".into());
                out.push(self.file());
                out.extend(self.format_clause());
                out
            }
            1 => {
                let mut out = t(&["export", "users"]);
                let word = if self.chance(0.5) { "of" } else { "from" };
                out.extend(self.in_tenant(word));
                out.push("to".into());
                out.push(self.file());
                out.extend(self.format_clause());
                out
            }
            _ => {
                let mut out = t(&["generate", "users"]);
                out.extend(self.in_tenant("into"));
                out.push("count".into());
                // Huge counts are refused at once; real ones stay small to keep runs fast.
                let n = match self.rng.random_range(0..10) {
                    0 => "1000001".into(),
                    1 => "18446744073709551615".into(),
                    2 => "99999999999999999999".into(),
                    _ => format!("{}", self.rng.random_range(0..20)),
                };
                out.push(n);
                if self.chance(0.5) {
                    out.push("seed".into());
                    out.push(self.number());
                }
                out
            }
        }
    }

    fn session(&mut self) -> Tokens {
        match self.rng.random_range(0..9) {
            0 | 1 => {
                let h = self.tenant();
                vec!["use".into(), "tenant".into(), h]
            }
            2 => t(&["use", "operator"]),
            3 => t(&["whoami"]),
            4 | 5 => self.maybe(1.0, t(&["begin"])),
            6 => t(&["commit"]),
            7 => t(&["rollback"]),
            _ => t(&["begin", "transaction"]),
        }
    }

    fn shell_or_audit(&mut self) -> Tokens {
        match self.rng.random_range(0..6) {
            0 => {
                let mut out = t(&["help"]);
                for _ in 0..self.rng.random_range(0..3) {
                    let topic = ["search", "filter", "attributes", "users", "groups", "import", "xyzzy", "changes", "tenants"]
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or("search");
                    out.push(topic.into());
                }
                out
            }
            1 => t(&["demo"]),
            _ => {
                let mut out = t(&["show", "changes"]);
                out.extend(self.in_tenant("in"));
                if self.chance(0.3) {
                    out.extend(t(&["for", "user"]));
                    out.push(self.upn());
                }
                out.extend(self.where_clause(true));
                if self.chance(0.3) {
                    out.push("after".into());
                    out.push(self.number());
                }
                if self.chance(0.3) {
                    out.push("limit".into());
                    out.push(self.number());
                }
                out
            }
        }
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
        let n = if self.chance(0.7) { 1 } else { self.rng.random_range(2..5) };
        let mut parts = Vec::new();
        for _ in 0..n {
            let tokens = if self.chance(near_valid) { self.near_valid() } else { self.statement() };
            parts.push(self.join(&tokens));
        }
        let mut text = parts.join(";\n");
        if self.chance(0.5) {
            text.push(';');
        }
        text
    }
}

//! The statement families of the generator: tenants, users, groups, queries, interchange,
//! the session, the shell and the audit trail (the organization's, access settings' and
//! synchronization's are in `families_org.rs`).

use super::grammar::{Grammar, Tokens, quote, t};
use rand::Rng;
use rand::seq::IndexedRandom;

impl Grammar {
    /// A valid-looking statement of a random family.
    pub fn statement(&mut self) -> Tokens {
        match self.rng.random_range(0..11) {
            0 => self.tenants(),
            1 | 2 => self.users(),
            3 => self.groups(),
            4 | 5 => self.query(),
            6 => self.interchange(),
            7 => self.session(),
            8 => self.shell_or_audit(),
            _ => self.cross_tenant(),
        }
    }

    pub(super) fn tenants(&mut self) -> Tokens {
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
            "create" if self.chance(0.7) => {
                out.push("with".into());
                out.extend(self.assignments());
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
                _ => quote(
                    ["a", "bar", "jo", "annie b", "zoe", "josé", "@", "b@b"]
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or("a"),
                ),
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
            0..=2 => self.search(false),
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
                    let topic = [
                        "search",
                        "filter",
                        "attributes",
                        "users",
                        "groups",
                        "import",
                        "xyzzy",
                        "changes",
                        "tenants",
                    ]
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
}

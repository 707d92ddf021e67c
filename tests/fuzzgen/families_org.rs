//! The statement families of the organization, the access settings and synchronization:
//! every statement of `grammar/mtoql.pest`'s sections on them, with their clauses.

use super::grammar::{Grammar, Tokens, quote, t};
use rand::Rng;
use rand::seq::IndexedRandom;

/// Settings, as `setting_name` spells them.
const SETTINGS: &[&str] = &[
    "inbound collaboration",
    "inbound collaboration applications",
    "outbound collaboration",
    "outbound collaboration applications",
    "inbound direct connect",
    "inbound direct connect applications",
    "outbound direct connect",
    "outbound direct connect applications",
    "inbound trust mfa",
    "inbound trust compliant device",
    "inbound trust hybrid joined device",
    "inbound redemption",
    "outbound redemption",
    "inbound sync",
];

/// Fields of `show provisioning logs … where`.
const LOG_FIELDS: &[&str] = &[
    "action", "status", "source", "target", "property", "reason", "seq", "cycle",
];

/// Mappings in the service's expression syntax, valid and not.
const MAPPINGS: &[&str] = &[
    "[jobTitle]",
    "[displayName]",
    "\"constant\"",
    "Join(\" \", [givenName], [surname])",
    "Join(\" \", [jobTitle], \"(A)\")",
    "Append([mailNickname], \"_ext\")",
    "IIF([department] = \"Sales\", \"S\", \"O\")",
    "Mid([displayName], 1, 3)",
    "ToUpper([city])",
    "Switch([country], \"X\", \"US\", \"U\")",
    "Join(",
    "[nope]",
    "Nope([x])",
    "\"unterminated",
    "Join(\" \", Join(\" \", Join(\" \", [a])))",
    "[jobTitle] always",
];

impl Grammar {
    /// A statement of the access settings, the organization or synchronization.
    pub(super) fn cross_tenant(&mut self) -> Tokens {
        match self.rng.random_range(0..5) {
            0 => self.access(),
            1 => self.organization(),
            _ => self.synchronization(),
        }
    }

    fn setting(&mut self) -> Tokens {
        let s = SETTINGS.choose(&mut self.rng).copied().unwrap_or("inbound sync");
        s.split(' ').map(str::to_owned).collect()
    }

    fn setting_value(&mut self) -> Tokens {
        match self.rng.random_range(0..8) {
            0 | 1 => t(&["allow"]),
            2 => t(&["block"]),
            3 => {
                let mut out = t(&[if self.chance(0.5) { "allow" } else { "block" }, "("]);
                for i in 0..self.rng.random_range(1..4) {
                    if i > 0 {
                        out.push(",".into());
                    }
                    if self.chance(0.4) {
                        out.push("group".into());
                        out.push(self.group());
                    } else {
                        out.push(self.upn());
                    }
                }
                out.push(")".into());
                out
            }
            4 => t(&["on"]),
            5 => t(&["off"]),
            6 => t(&["automatic"]),
            _ => t(&["manual"]),
        }
    }

    fn access_items(&mut self) -> Tokens {
        let mut out = Vec::new();
        for i in 0..self.rng.random_range(1..4) {
            if i > 0 {
                out.push(",".into());
            }
            out.extend(self.setting());
            out.push("=".into());
            out.extend(self.setting_value());
        }
        out
    }

    /// `for tenant T [partner P]`.
    fn access_of(&mut self, partner: f64) -> Tokens {
        let mut out = vec!["for".into(), "tenant".into(), self.tenant()];
        if self.chance(partner) {
            out.push("partner".into());
            out.push(if self.chance(0.1) {
                "00000000-0000-0000-0000-000000000007".into()
            } else {
                self.tenant()
            });
        }
        out
    }

    fn acting(&mut self) -> Tokens {
        if self.chance(0.3) {
            return Vec::new();
        }
        vec!["as".into(), "tenant".into(), self.tenant()]
    }

    fn access(&mut self) -> Tokens {
        match self.rng.random_range(0..10) {
            0 | 1 => {
                let mut out = t(&["show", "access"]);
                out.extend(self.access_of(0.5));
                out
            }
            2 | 3 => {
                let mut out = t(&["set"]);
                if self.chance(0.3) {
                    out.push("default".into());
                }
                out.push("access".into());
                out.extend(self.access_of(0.6));
                out.extend(self.access_items());
                out
            }
            4 => {
                let mut out = t(&["reset"]);
                if self.chance(0.3) {
                    out.push("default".into());
                }
                out.push("access".into());
                out.extend(self.access_of(0.6));
                for i in 0..self.rng.random_range(0..3) {
                    if i > 0 {
                        out.push(",".into());
                    }
                    out.extend(self.setting());
                }
                out
            }
            5 => {
                let mut out = t(&["delete", "access"]);
                out.extend(self.access_of(1.0));
                out
            }
            6 => {
                let (upn, home, resource) = (self.upn(), self.tenant(), self.tenant());
                let mut out = vec!["explain".into(), "access".into(), "of".into(), upn];
                out.extend([
                    "from".into(),
                    "tenant".into(),
                    home,
                    "to".into(),
                    "tenant".into(),
                    resource,
                ]);
                out
            }
            7 => {
                let (upn, home, resource) = (self.upn(), self.tenant(), self.tenant());
                let mut out = vec!["invite".into(), "user".into(), upn];
                out.extend([
                    "from".into(),
                    "tenant".into(),
                    home,
                    "to".into(),
                    "tenant".into(),
                    resource,
                ]);
                if self.chance(0.5) {
                    out.push("as".into());
                    out.push(if self.chance(0.5) { "member" } else { "guest" }.into());
                }
                out
            }
            8 => {
                let mut out = t(&["import", "access", "settings"]);
                if self.chance(0.6) {
                    let word = if self.chance(0.5) { "of" } else { "into" };
                    out.extend([word.to_owned(), "tenant".into(), self.tenant()]);
                }
                out.push("from".into());
                out.push(self.access_file());
                out
            }
            _ => {
                let mut out = t(&["export", "access", "settings"]);
                if self.chance(0.6) {
                    out.extend(["of".to_owned(), "tenant".into(), self.tenant()]);
                }
                out.push("to".into());
                out.push(self.access_file());
                out
            }
        }
    }

    fn access_file(&mut self) -> String {
        match self.rng.random_range(0..4) {
            0 => quote("policy.json"),
            1 => quote("partners.json"),
            _ => self.file(),
        }
    }

    fn organization_name(&mut self) -> String {
        match self.rng.random_range(0..6) {
            0 => quote(&self.odd()),
            1 => quote("Fabrikam Group"),
            _ => quote("Contoso Group"),
        }
    }

    fn role(&mut self) -> String {
        if self.chance(0.5) { "owner" } else { "member" }.into()
    }

    fn organization(&mut self) -> Tokens {
        let mut out = match self.rng.random_range(0..12) {
            0 => {
                let mut out = vec!["create".into(), "organization".into(), self.organization_name()];
                if self.chance(0.4) {
                    out.push("description".into());
                    out.push(self.value());
                }
                out
            }
            1 => {
                let mut out = vec![
                    "add".into(),
                    "tenant".into(),
                    self.tenant(),
                    "to".into(),
                    "organization".into(),
                ];
                if self.chance(0.4) {
                    out.extend(["with".into(), "role".into(), self.role()]);
                }
                out
            }
            2 => vec!["join".into(), "organization".into(), self.organization_name()],
            3 => vec![
                "set".into(),
                "role".into(),
                "of".into(),
                "tenant".into(),
                self.tenant(),
                "to".into(),
                self.role(),
            ],
            4 => vec![
                "remove".into(),
                "tenant".into(),
                self.tenant(),
                "from".into(),
                "organization".into(),
            ],
            5 => t(&["leave", "organization"]),
            6 => {
                let mut out = t(&["set", "labels", "="]);
                match self.rng.random_range(0..3) {
                    0 => out.push("none".into()),
                    1 => out.extend(t(&["organization", "name"])),
                    _ => {
                        out.extend(t(&["custom", "("]));
                        for i in 0..self.rng.random_range(1..4) {
                            if i > 0 {
                                out.push(",".into());
                            }
                            out.push(self.tenant());
                            out.push("=".into());
                            out.push(self.value());
                        }
                        out.push(")".into());
                    }
                }
                out
            }
            7 => {
                let on = if self.chance(0.5) { "on" } else { "off" };
                let mut out = t(&["set", "calendar", "sharing", "with", "tenant"]);
                out.extend([self.tenant(), "=".into(), on.into()]);
                out
            }
            8 => {
                let mut out = t(&["set", "organization", "template"]);
                out.extend(self.access_items());
                match self.rng.random_range(0..4) {
                    0 => out.extend(t(&["for", "new", "and", "existing", "partners"])),
                    1 => out.extend(t(&["for", "new", "partners"])),
                    2 => out.extend(t(&["for", "existing", "partners"])),
                    _ => {}
                }
                out
            }
            9 => t(&["show", "organization"]),
            10 => t(&["check", "organization"]),
            _ => {
                let mut out = t(&["show", "calendar", "sharing"]);
                if self.chance(0.6) {
                    out.extend(["for".into(), "tenant".into(), self.tenant()]);
                }
                return out;
            }
        };
        out.extend(self.acting());
        out
    }

    fn sync_name(&mut self) -> String {
        match self.rng.random_range(0..8) {
            0 => quote(&self.odd()),
            1 => quote("B to C"),
            2 => quote(&format!("S{}", self.rng.random_range(0..5))),
            _ => quote("A to B"),
        }
    }

    /// `sync "N" [in tenant T]`.
    fn sync_ref(&mut self) -> Tokens {
        let mut out = vec!["sync".into(), self.sync_name()];
        if self.chance(0.4) {
            out.extend(["in".into(), "tenant".into(), self.tenant()]);
        }
        out
    }

    fn scope_kind(&mut self) -> Tokens {
        if self.chance(0.5) {
            t(&["all", "users"])
        } else {
            t(&["assigned"])
        }
    }

    /// A filter of provisioning log entries.
    fn log_filter(&mut self) -> Tokens {
        let mut out = Vec::new();
        for i in 0..self.rng.random_range(1..3) {
            if i > 0 {
                out.push(if self.chance(0.5) { "and" } else { "or" }.into());
            }
            let field = LOG_FIELDS.choose(&mut self.rng).copied().unwrap_or("action");
            let value = match self.rng.random_range(0..6) {
                0 => quote("create"),
                1 => "update".into(),
                2 => "success".into(),
                3 => "failure".into(),
                _ => self.value(),
            };
            let op = ["=", "!=", "contains", "<", ">="]
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("=");
            out.extend([field.to_owned(), op.to_owned(), value]);
        }
        out
    }

    fn synchronization(&mut self) -> Tokens {
        match self.rng.random_range(0..26) {
            0 | 1 => {
                let (name, source, target) = (self.sync_name(), self.tenant(), self.tenant());
                let mut out = vec![
                    "create".into(),
                    "sync".into(),
                    name,
                    "from".into(),
                    "tenant".into(),
                    source,
                ];
                out.extend(["to".into(), "tenant".into(), target]);
                if self.chance(0.5) {
                    out.push("scope".into());
                    out.extend(self.scope_kind());
                }
                out
            }
            2 => {
                let mut out = t(&["delete"]);
                out.extend(self.sync_ref());
                out
            }
            3 => {
                let mut out = t(&["show", "syncs"]);
                out.extend(self.in_tenant("in"));
                out
            }
            4 => {
                let mut out = t(&["show"]);
                out.extend(self.sync_ref());
                out
            }
            5 | 6 => {
                let mut out = t(&["show", "provisioning", "logs"]);
                if self.chance(0.5) {
                    out.push("for".into());
                    out.extend(self.sync_ref());
                }
                if self.chance(0.5) {
                    out.push("where".into());
                    out.extend(self.log_filter());
                }
                if self.chance(0.3) {
                    out.push("limit".into());
                    out.push(self.number());
                }
                out
            }
            7 => {
                let assign = self.chance(0.6);
                let mut out = t(&[if assign { "assign" } else { "unassign" }]);
                if self.chance(0.5) {
                    out.push("user".into());
                    out.push(self.upn());
                } else {
                    out.push("group".into());
                    out.push(self.group());
                }
                out.push(if assign { "to" } else { "from" }.into());
                out.extend(self.sync_ref());
                out
            }
            8 => {
                let mut out = t(&["set", "scope", "of"]);
                out.extend(self.sync_ref());
                out.push("to".into());
                out.extend(self.scope_kind());
                out
            }
            9 => {
                let mut out = t(&["set", "scope", "filter", "of"]);
                out.extend(self.sync_ref());
                out.push("to".into());
                let depth = self.rng.random_range(0..3);
                out.extend(self.filter(depth, false));
                out
            }
            10 => {
                let mut out = t(&["clear", "scope", "filter", "of"]);
                out.extend(self.sync_ref());
                out
            }
            11 => {
                let mut out = vec!["map".into(), self.attr(), "of".into()];
                out.extend(self.sync_ref());
                out.push("to".into());
                out.push(
                    MAPPINGS
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or("[jobTitle]")
                        .to_owned(),
                );
                match self.rng.random_range(0..3) {
                    0 => out.push("always".into()),
                    1 => out.extend(t(&["on", "create"])),
                    _ => {}
                }
                out
            }
            12 => {
                let mut out = vec!["unmap".into(), self.attr(), "of".into()];
                out.extend(self.sync_ref());
                out
            }
            13 => {
                let mut out = t(&["set", "actions", "of"]);
                out.extend(self.sync_ref());
                for i in 0..self.rng.random_range(1..4) {
                    if i > 0 {
                        out.push(",".into());
                    }
                    let action = ["create", "update", "delete"]
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or("create");
                    out.push(action.into());
                    out.push(if self.chance(0.5) { "on" } else { "off" }.into());
                }
                out
            }
            14 => {
                let mut out = t(&["set", "deletion", "threshold", "of"]);
                out.extend(self.sync_ref());
                out.push("to".into());
                out.push(if self.chance(0.2) { "off".into() } else { self.number() });
                out
            }
            15 => {
                let mut out = t(&[if self.chance(0.6) { "start" } else { "pause" }]);
                out.extend(self.sync_ref());
                out
            }
            16 => {
                let mut out = t(&["restart"]);
                out.extend(self.sync_ref());
                if self.chance(0.5) {
                    out.push("full".into());
                }
                out
            }
            17 => t(&["run", "syncs"]),
            18 => {
                let mut out = t(&["run"]);
                out.extend(self.sync_ref());
                out
            }
            19 => {
                let mut out = vec!["provision".into(), "user".into(), self.upn(), "with".into()];
                out.extend(self.sync_ref());
                out
            }
            20 => {
                let mut out = t(&[if self.chance(0.5) { "allow" } else { "reject" }, "deletes", "for"]);
                out.extend(self.sync_ref());
                out
            }
            21 => {
                let share = self.chance(0.6);
                let mut out = vec![
                    if share { "share" } else { "unshare" }.to_owned(),
                    "users".into(),
                    "of".into(),
                    "tenant".into(),
                    self.tenant(),
                    "group".into(),
                    self.group(),
                ];
                out.extend([if share { "with" } else { "from" }.to_owned(), "organization".into()]);
                out
            }
            22 => {
                let (upn, tenant) = (self.upn(), self.tenant());
                vec![
                    "explain".into(),
                    "visibility".into(),
                    "of".into(),
                    upn,
                    "in".into(),
                    "tenant".into(),
                    tenant,
                ]
            }
            // A synchronization schema in or out (Graph's JSON): the file names are the access
            // settings' ones, so an import reads a policy, an export or nothing.
            24 => {
                let mut out = t(&["import"]);
                out.extend(self.sync_ref());
                out.push("from".into());
                out.push(self.access_file());
                out
            }
            25 => {
                let mut out = t(&["export"]);
                out.extend(self.sync_ref());
                out.push("to".into());
                out.push(self.access_file());
                out
            }
            _ => t(&["check"]),
        }
    }
}

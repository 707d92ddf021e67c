//! `help`: an overview of MTOQL, a page per topic, and the keyword list the REPL completes.
//!
//! Every line of a page that ends with `;` is a statement that parses as written (a test
//! checks it), so the examples cannot drift from the grammar.

use crate::error::{Error, Result};
use crate::model::{Attr, AttrKind};

/// A help page: the topic names that lead to it (the first is the one listed) and its text.
struct Page {
    names: &'static [&'static str],
    text: &'static str,
}

mod pages;

use pages::{
    ACCESS, CHANGES, FILTER, GROUPS, IMPORT, ORGANIZATION, OVERVIEW, SEARCH, SHELL, SYNC, TENANTS, TRANSACTIONS, USERS,
};

const PAGES: &[Page] = &[
    Page {
        names: &["tenants", "tenant", "use", "whoami", "operator"],
        text: TENANTS,
    },
    Page {
        names: &["users", "user", "create", "update", "delete", "restore", "purge"],
        text: USERS,
    },
    Page {
        names: &["groups", "group", "add", "remove", "members"],
        text: GROUPS,
    },
    Page {
        names: &[
            "search",
            "people",
            "address list",
            "find",
            "count",
            "explain",
            "order by",
        ],
        text: SEARCH,
    },
    Page {
        names: &["filter", "filters", "where", "operators"],
        text: FILTER,
    },
    Page {
        names: &["import", "export", "generate", "demo", "formats"],
        text: IMPORT,
    },
    Page {
        names: &["access", "settings", "partner", "invite", "invitations"],
        text: ACCESS,
    },
    Page {
        names: &["organization", "organizations", "mto", "labels", "calendar", "template"],
        text: ORGANIZATION,
    },
    Page {
        names: &[
            "sync",
            "synchronization",
            "provisioning",
            "share",
            "visibility",
            "mappings",
        ],
        text: SYNC,
    },
    Page {
        names: &["changes", "audit", "change", "feed", "log"],
        text: CHANGES,
    },
    Page {
        names: &["transactions", "transaction", "begin", "commit", "rollback"],
        text: TRANSACTIONS,
    },
    Page {
        names: &["shell", "repl", "cli", "dot-commands", ".mode", ".timer", ".read"],
        text: SHELL,
    },
];

/// The topic names of [`help`] pages, the attributes page included.
const ATTRIBUTES: &[&str] = &["attributes", "attribute", "attrs", "properties", "fields"];

/// The help text for `help;` (`None`) or `help TOPIC;`. Topics are case-insensitive and have
/// a few synonyms (`help people` is `help search`); an unknown topic is an error that
/// suggests the nearest one.
pub fn help(topic: Option<&str>) -> Result<String> {
    let wanted = topic.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
    let Some(wanted) = wanted.filter(|t| !t.is_empty()) else {
        return Ok(OVERVIEW.to_owned());
    };
    if ATTRIBUTES.contains(&wanted.as_str()) {
        return Ok(attributes_page());
    }
    if let Some(page) = PAGES.iter().find(|p| p.names.contains(&wanted.as_str())) {
        return Ok(page.text.to_owned());
    }
    let every_name = PAGES.iter().flat_map(|p| p.names.iter()).chain(ATTRIBUTES).copied();
    let hint = crate::suggest::hint(&wanted, every_name);
    let topics: Vec<&str> = PAGES.iter().map(|p| p.names[0]).chain([ATTRIBUTES[0]]).collect();
    Err(Error::invalid(format!(
        "no help on `{wanted}`{hint}; the topics are {}",
        topics.join(", ")
    )))
}

/// Every attribute with its kind, and whether statements may set it.
fn attributes_page() -> String {
    let mut page = String::from(
        "Attributes (names are case-insensitive; Entra's CSV spellings such as officeLocation\n\
         are accepted too)\n\n",
    );
    page.push_str(&format!("  {:<28} {:<20} {}\n", "name", "kind", "may be set"));
    for attr in Attr::ALL {
        let settable = if attr.settable() {
            "yes"
        } else {
            "no (maintained by mtodir)"
        };
        page.push_str(&format!(
            "  {:<28} {:<20} {settable}\n",
            attr.name(),
            kind_name(attr.kind())
        ));
    }
    page
}

/// How the attributes page names a kind of value.
fn kind_name(kind: AttrKind) -> &'static str {
    match kind {
        AttrKind::Text => "text",
        AttrKind::Bool => "true or false",
        AttrKind::UserType => "Member or Guest",
        AttrKind::UserRef => "user (by UPN)",
        AttrKind::Time => "time (RFC 3339)",
        AttrKind::Guid => "GUID",
        AttrKind::TenantRef => "tenant (by handle)",
        AttrKind::Source => "internal or b2b",
        AttrKind::Groups => "groups (by name)",
        AttrKind::SecurityIds => "B2B home identity",
        AttrKind::Label => "organization label (computed)",
    }
}

/// Every keyword of MTOQL, lowercase, grouped as in the grammar: the words that begin
/// statements, the objects, the clauses, then the words that stand for values.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "create", "show", "update", "delete", "restore", "purge", "add", "remove", "search", "find",
    "count", "explain", "import", "export", "generate", "use", "whoami", "begin", "commit",
    "rollback", "help", "demo",
    "tenant", "tenants", "user", "users", "group", "groups", "people", "address", "list",
    "operator", "transaction", "changes", "access", "partner", "settings", "default", "reset",
    "invite",
    "inbound", "outbound", "collaboration", "applications", "direct", "connect", "redemption",
    "sync", "trust", "mfa", "compliant", "device", "hybrid", "joined", "allow", "block", "on",
    "off", "automatic", "manual", "as", "organization", "role", "owner", "join", "leave",
    "labels", "none", "custom", "calendar", "sharing", "template", "new", "existing", "partners",
    "scope", "all", "assigned", "syncs", "provisioning", "logs", "assign", "unassign", "filter",
    "clear", "map", "unmap", "always", "actions", "deletion", "threshold", "start", "pause",
    "restart", "full", "run", "provision", "reject", "deletes", "share", "unshare", "without", "visibility",
    "check",
    "name", "domain", "domains", "in", "into", "of", "from", "to", "with", "set", "description",
    "for", "where", "is", "not", "null", "starts", "ends", "contains", "and", "or", "order", "by",
    "asc", "desc", "limit", "offset", "fields", "format", "seed", "after",
    "csv", "jsonl", "json", "entra", "true", "false", "member", "guest",
];

/// Every keyword of MTOQL, lowercase, for the REPL's tab completion: the grammar's keywords,
/// then the words that stand for values (formats, booleans, user types).
pub fn keywords() -> &'static [&'static str] {
    KEYWORDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parser::parse;

    /// The example statements of a page: its indented lines (with their more indented
    /// continuation lines) that end with `;`, comments removed.
    fn examples(text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let mut open = false;
        for line in text.lines() {
            let code = line.split(" --").next().unwrap_or(line).trim_end();
            match found.last_mut() {
                Some(last) if open && line.starts_with("    ") => {
                    last.push('\n');
                    last.push_str(code);
                }
                _ if line.starts_with("  ") => found.push(code.to_owned()),
                _ => {}
            }
            open = line.starts_with("  ") && !code.ends_with(';');
        }
        found.retain(|e| e.ends_with(';'));
        found
    }

    fn every_page() -> Vec<String> {
        let mut pages = vec![help(None).unwrap()];
        pages.extend(PAGES.iter().map(|p| help(Some(p.names[0])).unwrap()));
        pages.push(help(Some("attributes")).unwrap());
        pages
    }

    #[test]
    fn every_example_parses() {
        let mut count = 0;
        for page in every_page() {
            for example in examples(&page) {
                if let Err(e) = parse(&example) {
                    panic!("help example {example:?} does not parse:\n{e}");
                }
                count += 1;
            }
        }
        assert!(count > 60, "only {count} examples found");
    }

    #[test]
    fn the_overview_lists_every_statement() {
        let overview = help(None).unwrap();
        let statements: Vec<_> = examples(&overview)
            .iter()
            .flat_map(|e| parse(e).unwrap())
            .map(|l| {
                // `Users(CreateUser { … })` → `Users(CreateUser`: the family and the variant.
                let debug = format!("{:?}", l.stmt);
                let end = debug[debug.find('(').map_or(0, |i| i + 1)..]
                    .find([' ', '{', '(', ')'])
                    .map_or(debug.len(), |i| i + debug.find('(').map_or(0, |i| i + 1));
                debug[..end].to_owned()
            })
            .collect();
        let distinct: std::collections::HashSet<_> = statements.into_iter().collect();
        // Every statement of every family: 65 of them.
        assert_eq!(distinct.len(), 65);
        for command in [".mode table|json|csv", ".timer on|off", ".read FILE", ".help", ".quit"] {
            assert!(overview.contains(command), "{command}");
        }
    }

    #[test]
    fn topics_and_synonyms() {
        assert_eq!(help(Some("search")).unwrap(), help(Some("People")).unwrap());
        assert_eq!(help(Some("address  list")).unwrap(), SEARCH);
        assert_eq!(help(Some("  ")).unwrap(), OVERVIEW);
        for topic in [
            "filter",
            "users",
            "groups",
            "tenants",
            "import",
            "transactions",
            "shell",
        ] {
            assert!(help(Some(topic)).is_ok(), "{topic}");
        }
    }

    #[test]
    fn the_attributes_page_lists_every_attribute() {
        let page = help(Some("attributes")).unwrap();
        for attr in Attr::ALL {
            let line = page.lines().find(|l| l.split_whitespace().next() == Some(attr.name()));
            let line = line.unwrap_or_else(|| panic!("{attr} is missing"));
            assert!(line.contains(kind_name(attr.kind())), "{line}");
        }
    }

    #[test]
    fn an_unknown_topic_suggests_the_nearest() {
        let err = help(Some("serch")).unwrap_err().to_string();
        assert!(err.starts_with("no help on `serch` (did you mean `search`?)"), "{err}");
        assert!(err.contains("filter") && err.contains("attributes"), "{err}");
        let err = help(Some("xyzzy")).unwrap_err().to_string();
        assert!(
            err.starts_with("no help on `xyzzy`; the topics are tenants, users"),
            "{err}"
        );
    }

    #[test]
    fn keywords_match_the_grammar() {
        let grammar = include_str!("../../grammar/mtoql.pest");
        let in_grammar: Vec<&str> = grammar
            .lines()
            .filter(|l| l.starts_with("kw_"))
            .filter_map(|l| l.split("^\"").nth(1)?.split('"').next())
            .collect();
        assert!(in_grammar.len() > 50);
        for keyword in &in_grammar {
            assert!(keywords().contains(keyword), "`{keyword}` is missing from keywords()");
        }
        for keyword in keywords() {
            let known = in_grammar.contains(keyword) || grammar.contains(&format!("^\"{keyword}\""));
            let value = ["member", "guest"].contains(keyword);
            assert!(known || value, "`{keyword}` is not in the grammar");
        }
    }
}

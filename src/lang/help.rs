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

const OVERVIEW: &str = r#"MTOQL statements end with `;` (optional after the last one). Keywords and attribute
names are case-insensitive, and `--` starts a comment. Where `in tenant A` is left out, the
session's tenant (`use tenant A`) is meant. More: help TOPIC, with TOPIC one of
tenants, users, groups, search, filter, attributes, import, changes, transactions, shell.

Tenants
  create tenant A name "Contoso" domain a.example;
  show tenants;
  show tenant A;

Users
  create user annie@a.example in tenant A with displayName = "Annie Adams", city = "Seattle";
  update user annie@a.example in tenant A set jobTitle = "Lead";
  update users in tenant A where department = "Sales" set city = "Oslo";
  delete user annie@a.example in tenant A;     -- soft delete (restorable)
  restore user annie@a.example in tenant A;
  purge user annie@a.example in tenant A;      -- hard delete
  show user annie@a.example in tenant A;

Groups
  create group Collab in tenant A description "Cross-tenant collaboration";
  show groups in tenant A;
  show group Collab in tenant A;
  add user annie@a.example to group Collab in tenant A;
  add users in tenant A where department = "R&D" to group Collab;
  remove user annie@a.example from group Collab in tenant A;
  remove users in tenant A where city = "Oslo" from group Collab;

Search
  search people in tenant B for "bar" where userType = Member order by displayName limit 25;
  search address list in tenant B for "an";
  find users in tenant B where isSoftDeleted = true;
  count people in tenant B where userType = Guest;
  explain search people in tenant B for "bar";

Import, export, sample data
  import users into tenant A from "users.csv";
  export users of tenant A to "a-users.jsonl";
  generate users into tenant A count 1000 seed 42;
  demo;                                        -- load the sample organization

Audit trail
  show changes in tenant A for user annie@a.example where op = update limit 20;

Looking after the file (operator only; `mtodir FILE --check` / `--repair` from the shell)
  check;                                       -- redb's page check, then every index and count

Sessions and transactions
  use tenant A;                                -- act as tenant A's administrator
  use operator;                                -- act as the operator again
  whoami;
  begin;  commit;  rollback;
  help search;

Shell (dot-commands of the interactive shell, without `;`)
  .mode table|json|csv      how results are printed
  .timer on|off             show how long each statement took
  .read FILE                run the statements of a file
  .help                     this overview
  .quit                     leave the shell
"#;

const TENANTS: &str = r#"Tenants

A tenant has a handle (a short name such as A, used in statements), a display name and
domains. The operator sets tenants up; a tenant's administrator acts inside one tenant.

  create tenant A name "Contoso" domain a.example;
  create tenant B name "Fabrikam" domains b.example, fabrikam.example;
  show tenants;
  show tenant A;

Who acts:
  use tenant A;            -- act as tenant A's administrator
  use operator;            -- back to the operator
  whoami;

A handle is a bare name (letters, digits, `_`, `-`, `.`) or a quoted string.
"#;

const USERS: &str = r#"Users

  create user annie@a.example in tenant A
    with displayName = "Annie Adams", givenName = "Annie", surname = "Adams", jobTitle = "Engineer";
  update user annie@a.example in tenant A set jobTitle = "Lead", manager = bob@a.example;
  update users in tenant A where department = "Sales" set city = "Oslo";
  delete user annie@a.example in tenant A;     -- soft delete: restorable
  restore user annie@a.example in tenant A;
  purge user annie@a.example in tenant A;      -- hard delete
  show user annie@a.example in tenant A;       -- every property, and where it came from

A user principal name may be written bare, B2B guests' ones included
(annie_a.example#EXT#@b.example), or quoted. `in tenant A` may be left out: the session's
tenant is meant. `help attributes` lists the properties, and which of them may be set;
`help filter` explains `where`.
"#;

const GROUPS: &str = r#"Groups

  create group Collab in tenant A description "Cross-tenant collaboration";
  show groups in tenant A;
  show group Collab in tenant A;
  add user annie@a.example to group Collab in tenant A;
  add users in tenant A where department = "R&D" to group Collab;
  remove user annie@a.example from group Collab in tenant A;
  remove users in tenant A where city = "Oslo" from group Collab;

A group name is a bare name or a quoted string ("R&D Team"). Without `where`,
`add users` and `remove users` take every user of the tenant. Membership can be searched:
  find users in tenant A where memberOf = "Collab";
"#;

const SEARCH: &str = r#"Search

Three views of a tenant's users:
  search people        Microsoft 365 people search: what a user of the tenant may find
  search address list  Outlook's address list
  find users           the administrator's view: every object, visible or not

  search people in tenant B where userType = Member;
  search people in tenant B for "bar";         -- typeahead: prefixes of names' words, of mail and UPN
  search people in tenant B for "bar" where department = "Sales" and not city = "Oslo"
    order by displayName limit 25 offset 0;
  search people in tenant B for "bo" fields displayName, mail, jobTitle;
  search address list in tenant B order by surname desc, givenName;
  find users in tenant B where isSoftDeleted = true;
  count people in tenant B where userType = Guest;
  count users in tenant B;
  explain search people in tenant B for "bar" where userType = Member;   -- the chosen plan

Clauses come in this order, each one optional:
  in tenant T      the tenant searched (default: the session's tenant)
  for "text"       typeahead text
  where FILTER     see `help filter`
  order by a [asc|desc], ...   (default: display name)
  limit n
  offset n
  fields a, b, ... the columns shown (right after the tenant, or at the end)
`count` takes `in tenant`, `for` and `where`; `explain` goes before a search or a count.
"#;

const FILTER: &str = r#"Filters (after `where`)

  attr = v    attr != v (or <>)    attr < v    attr <= v    attr > v    attr >= v
  attr in (v1, v2, ...)
  attr is null                  attr is not null
  attr starts with v            attr ends with v            attr contains v
  not f                         f and g                     f or g          ( f )

`not` binds tightest, then `and`, then `or`: `a = 1 or b = 2 and not c = 3` means
`a = 1 or (b = 2 and (not c = 3))`.

Values: "double" or 'single' quoted strings (with \" \' \\ escapes), bare words
(Member, Guest, b2b, annie@a.example, A), whole numbers, true, false, null.
Text comparisons ignore case and accents: "jose" finds José.

Special attributes: memberOf (a group name), homeTenant (a tenant handle, for B2B users),
source (internal or b2b), isSoftDeleted (true or false).

  find users in tenant A where department = "R&D" and (city = "Oslo" or city = "Bergen");
  find users in tenant A where country in ("NO", "SE") and jobTitle starts with "Lead";
  find users in tenant A where manager is null and not userType = Guest;
  find users in tenant B where source = b2b and homeTenant = A;
  find users in tenant A where memberOf = "Collab";
"#;

const IMPORT: &str = r#"Import, export, sample data

  import users into tenant A from "users.csv";
  import users into tenant A from "export.csv" format entra;   -- Entra admin center's CSV
  export users of tenant A to "a-users.jsonl";
  export users of tenant A to "a-users.csv" format csv;
  generate users into tenant A count 1000;                    -- seed 42 unless given
  generate users into tenant A count 1000 seed 7;
  demo;                                                       -- the sample organization

Formats: csv, jsonl (JSON Lines), json, entra. Without `format`, the file's extension
decides. An import is all or nothing: a bad line imports nothing and names the line.
`into tenant A` / `of tenant A` may be left out: the session's tenant is meant.
"#;

const TRANSACTIONS: &str = r#"Transactions

Each statement is a transaction of its own: it all lands or none of it does. To make
several statements one transaction:

  begin;
  update users in tenant A where department = "Sales" set city = "Oslo";
  add users in tenant A where city = "Oslo" to group Oslo;
  commit;

`rollback;` forgets everything since `begin`. (`begin transaction;`, `commit transaction;`
and `rollback transaction;` are accepted too.) A script run with -f is atomic unless it says
otherwise.
"#;

const SHELL: &str = r#"The shell

Statements may span several lines; a `;` ends them. Dot-commands take no `;`:
  .mode table|json|csv      how results are printed
  .timer on|off             show how long each statement took
  .read FILE                run the statements of a file
  .help                     the overview of MTOQL
  .quit                     leave the shell

Tab completes keywords, attribute names, tenant handles and sync names; history is kept
in a file. From the command line:
  mtodir [DB]                      the shell
  mtodir DB -c "STATEMENTS"        run and exit (non-zero status on the first error)
  mtodir DB -f FILE                run a script and exit
  mtodir DB --check                check the file and its indexes (status 1 on problems)
  mtodir DB --repair               check, rebuild the indexes from the records, check again
  --format table|json|csv          how results are printed
A file left behind by a crash is repaired when it is opened ("repairing DB after an
unclean shutdown…").
"#;

const CHANGES: &str = r#"The audit trail

Every change to a user (create, update, delete, restore, purge, group membership, import)
is recorded in its tenant's change feed: a sequence number, the time, who made it (the
operator, a tenant's administrator, later a sync configuration), the user's UPN and the
properties it changed, old and new. A tenant's administrator reads its own tenant's.

  show changes in tenant A;
  show changes in tenant A for user annie@a.example;
  show changes in tenant A where op = delete or property = jobTitle;
  show changes in tenant A where actor = "administrator of tenant A" after 120 limit 20;

`where` takes the filter grammar (help filter) over the fields seq, at, actor, op
(create, update, delete, restore, purge), user and property (any property the change
modified). `after N` starts after sequence number N, as sync cycles do from their
watermarks. Imports and generated users record who and when, not each value.
"#;

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
    }
}

/// Every keyword of MTOQL, lowercase, grouped as in the grammar: the words that begin
/// statements, the objects, the clauses, then the words that stand for values.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "create", "show", "update", "delete", "restore", "purge", "add", "remove", "search", "find",
    "count", "explain", "import", "export", "generate", "use", "whoami", "begin", "commit",
    "rollback", "help", "demo", "check",
    "tenant", "tenants", "user", "users", "group", "groups", "people", "address", "list",
    "operator", "transaction", "changes",
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
        // Every statement of every family: 33 of them.
        assert_eq!(distinct.len(), 33);
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

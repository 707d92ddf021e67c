//! The texts of the help pages: the overview and one page per topic. Every indented line
//! that ends with `;` is an example statement, parsed by a test.

pub(super) const OVERVIEW: &str = r#"MTOQL statements end with `;` (optional after the last one). Keywords and attribute
names are case-insensitive, and `--` starts a comment. Where `in tenant A` is left out, the
session's tenant (`use tenant A`) is meant. More: help TOPIC, with TOPIC one of
tenants, users, groups, search, filter, attributes, import, access, organization, sync,
changes, transactions, shell.

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
  demo;                                        -- load the sample organization, synced
  demo without sync;                           -- … before anyone is shared

Cross-tenant access settings and invitations
  show access for tenant B partner A;
  set access for tenant B partner A inbound sync = allow, inbound redemption = automatic;
  set default access for tenant A outbound collaboration = allow (group Collab);
  reset access for tenant B partner A inbound sync;
  delete access for tenant B partner A;
  explain access of annie@a.example from tenant A to tenant B;
  invite user annie@a.example from tenant A to tenant B as member;

Multitenant organization
  create organization "Contoso Group" description "All of Contoso" as tenant A;
  add tenant B to organization with role member as tenant A;
  join organization "Contoso Group" as tenant B;
  set role of tenant B to owner as tenant A;
  set labels = custom (A = "US", B = "EU") as tenant A;
  set calendar sharing with tenant B = on as tenant A;
  set organization template inbound sync = allow for new and existing partners as tenant A;
  show organization as tenant A;
  show calendar sharing for tenant A;
  remove tenant B from organization as tenant A;
  leave organization as tenant A;

Cross-tenant synchronization
  share users of tenant A group Collab with organization;
  create sync "A to B" from tenant A to tenant B scope assigned;
  assign group Collab to sync "A to B";
  set scope filter of sync "A to B" to department = "R&D" or jobTitle starts with "Lead";
  map jobTitle of sync "A to B" to Join(" ", [jobTitle], "(A)") always;
  set actions of sync "A to B" create on, update on, delete off;
  start sync "A to B";
  run sync "A to B";
  run syncs;
  provision user annie@a.example with sync "A to B";
  allow deletes for sync "A to B";
  show syncs in tenant A;
  show sync "A to B";
  delete sync "A to B";
  show provisioning logs for sync "A to B" where action = delete limit 20;
  import sync "A to B" from "schema.json";          -- Graph's synchronization schema
  export sync "A to B" to "schema.json";
  explain visibility of annie@a.example in tenant B;
  check organization as tenant A;

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

pub(super) const TENANTS: &str = r#"Tenants

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

pub(super) const USERS: &str = r#"Users

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

pub(super) const GROUPS: &str = r#"Groups

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

pub(super) const SEARCH: &str = r#"Search

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
  limit n          at most n rows (default 100, at most 100000); `limit all`: every row
                   (the shell prints it as it is read: tables align over the first 1000 rows)
  offset n
  fields a, b, ... the columns shown (right after the tenant, or at the end)
`count` takes `in tenant`, `for` and `where`; `explain` goes before a search or a count.
"#;

pub(super) const FILTER: &str = r#"Filters (after `where`)

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

pub(super) const IMPORT: &str = r#"Import, export, sample data

  import users into tenant A from "users.csv";
  import users into tenant A from "export.csv" format entra;   -- Entra admin center's CSV
  export users of tenant A to "a-users.jsonl";
  export users of tenant A to "a-users.csv" format csv;
  generate users into tenant A count 1000;                    -- seed 42 unless given
  generate users into tenant A count 1000 seed 7;
  demo;                                                       -- the sample organization
  demo without sync;                                          -- … before anyone is shared
  export access settings of tenant A to "a-policy.json";      -- Graph's cross-tenant access JSON
  import access settings of tenant A from "a-policy.json";
  import sync "A to B" from "schema.json";                    -- Graph's synchronization schema
  export sync "A to B" to "schema.json";

Formats: csv, jsonl (JSON Lines), json, entra. Without `format`, the file's extension
decides. An import is all or nothing: a bad line imports nothing and names the line.
`into tenant A` / `of tenant A` may be left out: the session's tenant is meant.

Access settings files are the JSON Graph returns for
GET /policies/crossTenantAccessPolicy/default, GET …/partners (or one partner), and the
`{"default": …, "partners": […]}` document export writes. `null` unsets a setting (it
inherits), a property left out keeps its setting; what mtodir does not model is reported
with its JSON path.
"#;

pub(super) const TRANSACTIONS: &str = r#"Transactions

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

pub(super) const SHELL: &str = r#"The shell

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
  --format table|json|csv          how results are printed
  mtodir DB --check                check the file and its indexes (status 1 on problems)
  mtodir DB --repair               check, rebuild the indexes from the records, check again
A file left behind by a crash is repaired when it is opened ("repairing DB after an
unclean shutdown…").
"#;

pub(super) const CHANGES: &str = r#"The audit trail

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

pub(super) const ACCESS: &str = r#"Cross-tenant access settings and invitations

Each tenant has a default configuration and a partner configuration per other tenant; a
partner leaves a setting unset to inherit the default, a default to keep the system default
(B2B collaboration allowed, B2B direct connect blocked, no inbound trust, no automatic
redemption, no inbound sync). Settings, by Graph's names:
  inbound collaboration [applications]      b2bCollaborationInbound.usersAndGroups / .applications
  outbound collaboration [applications]     b2bCollaborationOutbound…
  inbound direct connect [applications]     b2bDirectConnectInbound…
  outbound direct connect [applications]    b2bDirectConnectOutbound…
  inbound trust mfa | compliant device | hybrid joined device      inboundTrust.…
  inbound redemption, outbound redemption   automaticUserConsentSettings (partners only)
  inbound sync                              identitySynchronization.userSyncInbound (partners only)
Values: allow or block (everyone, or named: users by UPN, `group Name`, application ids), on
or off, automatic or manual.

  show access for tenant B;
  show access for tenant B partner A;
  set access for tenant B partner A inbound sync = allow, inbound redemption = automatic;
  set access for tenant A partner B outbound collaboration = allow (annie@a.example, group Collab);
  set default access for tenant A inbound trust mfa = on;
  reset access for tenant B partner A inbound sync;
  reset default access for tenant A;
  delete access for tenant B partner A;
  explain access of annie@a.example from tenant A to tenant B;
  invite user annie@a.example from tenant A to tenant B;
  invite user annie@a.example from tenant A to tenant B as member;

`delete access` is refused while the partner holds an inbound sync policy. An invitation
needs A's outbound and B's inbound B2B collaboration to allow the user; it creates a B2B
Guest (hidden from the address list), or a Member with `as member`.
"#;

pub(super) const ORGANIZATION: &str = r#"The multitenant organization

Statements act as one tenant: `as tenant A`, or the tenant the session administers. Owners
add and remove tenants, change roles and set labels; there is always an active owner. An
added tenant is pending until it joins; when it joins, partner configurations between it and
every active tenant appear, flagged isInMultiTenantOrganization, with the partner templates
applied. At most 100 active tenants.

  create organization "Contoso Group" description "All of Contoso" as tenant A;
  add tenant B to organization as tenant A;
  add tenant C to organization with role owner as tenant A;
  join organization "Contoso Group" as tenant B;
  set role of tenant B to owner as tenant A;
  remove tenant C from organization as tenant A;
  leave organization as tenant B;
  set labels = none as tenant A;
  set labels = organization name as tenant A;
  set labels = custom (A = "US", B = "EU") as tenant A;
  set calendar sharing with tenant B = on as tenant A;
  set organization template inbound sync = allow, inbound redemption = automatic as tenant A;
  set organization template outbound redemption = automatic for new and existing partners as tenant A;
  show organization as tenant A;
  show calendar sharing for tenant A;

People search shows an organization user's (a B2B member from an active tenant) label beside
the name, and filters by it: search people in tenant B where label = "US";
"#;

pub(super) const SYNC: &str = r#"Cross-tenant synchronization

A configuration belongs to its source tenant and provisions B2B members into one target
tenant; new ones are paused. Cycles run when asked: the first is initial (everyone in scope),
the next ones incremental (the source's changes since the last cycle). A cycle needs the
target to allow inbound sync from the source and automatic redemption on both sides.

  create sync "A to B" from tenant A to tenant B;                 -- scope assigned
  create sync "A to C" from tenant A to tenant C scope all users;
  assign user annie@a.example to sync "A to B";
  assign group Collab to sync "A to B";
  unassign group Collab from sync "A to B";
  set scope of sync "A to B" to all users;
  set scope filter of sync "A to B" to department = "R&D" or jobTitle starts with "Lead";
  clear scope filter of sync "A to B";
  map jobTitle of sync "A to B" to Join(" ", [jobTitle], "(A)") always;
  map userType of sync "A to B" to "Member" on create;
  map department of sync "A to B" to [department];
  unmap telephoneNumber of sync "A to B";
  set actions of sync "A to B" create on, update on, delete off;
  set deletion threshold of sync "A to B" to 100;
  start sync "A to B";  pause sync "A to B";
  restart sync "A to B" full;                                      -- full: forget the links
  run sync "A to B";
  run syncs;                                                       -- until nothing changes
  provision user annie@a.example with sync "A to B";              -- on demand, with its steps
  allow deletes for sync "A to B";  reject deletes for sync "A to B";
  show syncs in tenant A;
  show sync "A to B";
  show provisioning logs for sync "A to B" where action = delete and status = skipped limit 20;
  share users of tenant A group Collab with organization;        -- MTO_Sync_<id> per tenant
  unshare users of tenant A group Collab from organization;
  delete sync "A to B";                                            -- provisioned users stay
  import sync "A to B" from "schema.json";                        -- Graph's job schema
  export sync "A to B" to "schema.json";
  explain visibility of annie@a.example in tenant B;
  check organization as tenant A;

Names repeat across tenants (every tenant's MTO_Sync_<B's id> targets B): add `in tenant A`
after the name. Log fields for `where`: action, status, source, target, property, reason, seq.

`import sync` reads a job's schema as Graph returns it (GET …/synchronization/jobs/{id}/schema)
into an existing configuration, as Graph's PUT of the schema does: its scoping filter groups
(ORed, their clauses ANDed), attribute mappings and flow types (the target object actions)
replace the configuration's; its state, scope, assignments, links and watermark stay, and the
next cycle is initial. Operators: EQUALS, NOT EQUALS, IS TRUE, IS FALSE, IS NULL, IS NOT NULL,
Greater_Than, Greater_Than_OR_EQUALS, Less_Than, Less_Than_OR_EQUALS, Includes, STARTS_WITH,
ENDS_WITH. Flow types: Always, ObjectAddOnly (on create). A defaultValue becomes
Coalesce(source, "default"). The home identity (alternativeSecurityIds) is the matching
attribute. Anything else that would run differently here (REGEX MATCH, FlowAlways, another
matching attribute, an attribute mtodir lacks) fails the import with its JSON path; what has
no effect (the directories, a disabled object mapping) is reported. A bad file changes
nothing. `export sync` writes the same shape, which imports back to the same configuration.
The source tenant's administrator (or the operator) imports and exports its configurations.
"#;

//! The sample organization of the seeds, as an MTOQL script.

/// The MTOQL script that builds the seeds' sample multitenant organization (the `demo;`
/// statement runs it).
///
/// Three tenants: `A` Contoso (`a.example`, headquarters in the United States), `B` Fabrikam
/// (`b.example`, Europe) and `C` Tailspin Toys (`c.example`, Asia). The collaborating user set
/// of the seeds is Annie (`annie@a.example`), Bob and Barbara (`bob@b.example`,
/// `barbara@b.example`) and Charlie (`charlie@c.example`); each tenant's `Collab` group holds
/// its contribution. About forty colleagues, most in A and C, with managers, full office
/// details, accented names and shared name prefixes (`ann`, `bar`, `char`, `jo`) make
/// typeahead worth trying. In B, people search shows exactly Bob and Barbara: B also holds a
/// guest (an external auditor, hidden from the address list), a hidden room-mailbox account
/// and a soft-deleted former employee, which only `find users` shows.
///
/// The three tenants form the multitenant organization "Contoso Group" (A the owner, B and C
/// active members, labels US, EU and APAC), with the partner settings the Microsoft 365 admin
/// center preconfigures: inbound user synchronization allowed and automatic redemption both
/// ways between every pair. Nobody is shared or synchronized by this script (`demo without
/// sync;` stops here), so that `search people in tenant A for "bob"` finds nobody until Bob
/// is represented in A; [`SYNC`] completes the picture.
pub const SCRIPT: &str = include_str!("demo.mtoql");

/// The MTOQL script that completes the seeds' picture after [`SCRIPT`] (`demo;` runs both):
/// each tenant shares its `Collab` group with the organization and the syncs run, so that
/// `search people in tenant B` finds Annie, Bob, Barbara and Charlie.
pub const SYNC: &str = include_str!("demo_sync.mtoql");

#[cfg(test)]
mod tests {
    use super::SCRIPT;

    /// The script without its `--` comments.
    fn code() -> String {
        SCRIPT
            .lines()
            .map(|line| line.find("--").map_or(line, |i| &line[..i]))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The statements: the text between `;`s, trimmed, empty ones dropped.
    fn statements(code: &str) -> Vec<String> {
        code.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_script_holds_the_collaborating_user_set() {
        assert!(!SCRIPT.trim().is_empty());
        let code = code();
        for upn in [
            "annie@a.example",
            "bob@b.example",
            "barbara@b.example",
            "charlie@c.example",
        ] {
            assert!(
                code.contains(&format!("create user {upn} in tenant")),
                "{upn} is not created"
            );
            assert!(
                code.contains(&format!("add user {upn} to group Collab")),
                "{upn} is not in Collab"
            );
        }
        for tenant in ["A", "B", "C"] {
            assert!(code.contains(&format!("create tenant {tenant} name ")));
            assert!(code.contains(&format!("create group Collab in tenant {tenant} ")));
            assert!(code.contains(&format!("outbound redemption = automatic as tenant {tenant}")));
        }
        assert!(code.contains("join organization \"Contoso Group\" as tenant B"));
        assert!(code.contains("join organization \"Contoso Group\" as tenant C"));
    }

    #[test]
    fn every_statement_ends_with_a_semicolon() {
        let code = code();
        let after_last = code.rsplit(';').next().unwrap_or_default();
        assert!(after_last.trim().is_empty(), "text after the last `;`: {after_last:?}");
        let verbs = [
            "create ", "update ", "delete ", "add ", "remove ", "restore ", "purge ", "set ", "join ",
        ];
        for stmt in statements(&code) {
            assert!(
                verbs.iter().any(|v| stmt.starts_with(v)),
                "unexpected statement: {stmt}"
            );
            // A statement's continuation lines are indented; a new statement at the start of
            // a line means the previous one lacks its `;`.
            for line in stmt.lines().skip(1) {
                assert!(
                    line.starts_with("  ") && !verbs.iter().any(|v| line.trim_start().starts_with(v)),
                    "a statement without `;` before: {line}"
                );
            }
            assert_eq!(stmt.matches('"').count() % 2, 0, "unbalanced quotes in: {stmt}");
        }
    }

    #[test]
    fn the_sync_script_shares_every_collab_group_then_runs_the_syncs() {
        let sync: Vec<String> = super::SYNC
            .lines()
            .map(|line| line.find("--").map_or(line, |i| &line[..i]))
            .collect::<Vec<_>>()
            .join("\n")
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let expected: Vec<String> = ["A", "B", "C"]
            .iter()
            .map(|t| format!("share users of tenant {t} group Collab with organization"))
            .chain(["run syncs".to_owned()])
            .collect();
        assert_eq!(sync, expected);
    }

    #[test]
    fn tenant_b_people_search_shows_only_bob_and_barbara() {
        // A textual check of the visibility rules: every other user created in B is a guest,
        // hidden from the address list or soft-deleted.
        let code = code();
        let created_in_b: Vec<String> = statements(&code)
            .into_iter()
            .filter(|s| s.starts_with("create user ") && s.contains(" in tenant B "))
            .collect();
        assert_eq!(created_in_b.len(), 5);
        for stmt in created_in_b {
            let upn = stmt.split_whitespace().nth(2).unwrap_or_default();
            let hidden = stmt.contains("showInAddressList = false");
            let deleted = code.contains(&format!("delete user {upn} in tenant B;"));
            let shown = upn == "bob@b.example" || upn == "barbara@b.example";
            assert_eq!(shown, !hidden && !deleted, "{upn}");
        }
    }
}

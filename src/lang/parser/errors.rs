//! Parse errors in plain words: pest's expected rules become "expected `where`, `order by` or
//! end of statement, found `wher` (did you mean `where`?)", with a caret under the token.

use super::grammar::Rule;
use crate::error::{Diagnostic, Error, Result};
use crate::lang::ast::Span;
use pest::error::{ErrorVariant, InputLocation};

/// The words that begin a statement, for "did you mean" hints and "missing `;`" hints.
const STATEMENT_WORDS: &[&str] = &[
    "create", "show", "update", "delete", "restore", "purge", "add", "remove", "search", "find", "count", "explain",
    "import", "export", "generate", "use", "whoami", "begin", "commit", "rollback", "help", "demo",
];

/// What a rule stands for, in the words of an error message. The match has no catch-all arm,
/// so that a rule added to the grammar cannot be forgotten here.
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI | Rule::semi => "end of statement",
        Rule::program
        | Rule::filter_text
        | Rule::statement
        | Rule::create_tenant
        | Rule::show_tenants
        | Rule::show_changes
        | Rule::show_access
        | Rule::explain_visibility
        | Rule::check_org
        | Rule::create_sync
        | Rule::delete_sync
        | Rule::show_syncs
        | Rule::show_sync
        | Rule::show_logs
        | Rule::assign_sync
        | Rule::set_sync_scope
        | Rule::set_scope_filter
        | Rule::clear_scope_filter
        | Rule::map_attr
        | Rule::unmap_attr
        | Rule::set_actions
        | Rule::set_threshold
        | Rule::start_sync
        | Rule::restart_sync
        | Rule::run_syncs
        | Rule::run_sync
        | Rule::provision_user
        | Rule::release_deletes
        | Rule::share_users
        | Rule::create_org
        | Rule::add_tenant
        | Rule::join_org
        | Rule::set_role
        | Rule::remove_tenant
        | Rule::leave_org
        | Rule::set_labels
        | Rule::set_calendar
        | Rule::set_template
        | Rule::show_org
        | Rule::show_calendar
        | Rule::set_access
        | Rule::reset_access
        | Rule::delete_access
        | Rule::explain_access
        | Rule::invite_user
        | Rule::import_access
        | Rule::export_access
        | Rule::import_sync
        | Rule::export_sync
        | Rule::show_tenant
        | Rule::create_user
        | Rule::update_user
        | Rule::update_users
        | Rule::delete_user
        | Rule::restore_user
        | Rule::purge_user
        | Rule::show_user
        | Rule::create_group
        | Rule::show_group
        | Rule::show_groups
        | Rule::add_member
        | Rule::add_members
        | Rule::remove_member
        | Rule::remove_members
        | Rule::import_stmt
        | Rule::export_stmt
        | Rule::generate_stmt
        | Rule::use_tenant
        | Rule::use_operator
        | Rule::whoami_stmt
        | Rule::begin_stmt
        | Rule::commit_stmt
        | Rule::rollback_stmt
        | Rule::help_stmt
        | Rule::demo_stmt
        | Rule::check_stmt => "a statement",
        Rule::search_stmt | Rule::search_kind => "`search` or `find`",
        Rule::count_stmt => "`count`",
        Rule::explain_stmt => "`explain`",
        Rule::explained => "`search`, `find` or `count`",
        Rule::tenant_name => "`name`",
        Rule::domain_list => "`domain`",
        Rule::with_clause => "`with`",
        Rule::set_clause => "`set`",
        Rule::assignment => "an assignment (`attribute = value`)",
        Rule::description => "`description`",
        Rule::for_text => "`for`",
        Rule::where_clause => "`where`",
        Rule::order_by => "`order by`",
        Rule::order_item | Rule::attr => "an attribute name",
        Rule::limit => "`limit`",
        Rule::for_user => "`for user`",
        Rule::access_of => "`for tenant`",
        Rule::partner_clause => "`partner`",
        Rule::partner => "a partner (a tenant name or id)",
        Rule::access_item => "a setting (`inbound collaboration = allow`)",
        Rule::setting_name => {
            "a setting (`inbound collaboration`, `outbound direct connect`, `inbound trust mfa`, `inbound redemption`, `inbound sync`, …)"
        }
        Rule::setting_value => "`allow`, `block`, `on`, `off`, `automatic` or `manual`",
        Rule::target_list => "`(` with users, groups or applications",
        Rule::target_item => "a user, `group` and a name, or an application id",
        Rule::invite_as => "`as member` or `as guest`",
        Rule::org_role => "`with role`",
        Rule::role_name => "`owner` or `member`",
        Rule::label_item => "a tenant and its label (`A = \"US\"`)",
        Rule::template_for => "`for new partners`, `for existing partners` or `for new and existing partners`",
        Rule::acting => "`as tenant`",
        Rule::sync_ref => "`sync` and its name",
        Rule::sync_scope => "`scope all users` or `scope assigned`",
        Rule::scope_kind => "`all users` or `assigned`",
        Rule::map_apply => "`always` or `on create`",
        Rule::mapping_text => "a mapping (`[attribute]`, `\"constant\"` or an expression)",
        Rule::mapping_string | Rule::mapping_end => "a mapping",
        Rule::sync_action => "`create`, `update` or `delete` with `on` or `off`",
        Rule::after => "`after`",
        Rule::offset => "`offset`",
        Rule::fields => "`fields`",
        Rule::filter | Rule::or_expr | Rule::and_expr | Rule::not_expr => "a filter",
        Rule::predicate | Rule::comparison | Rule::in_list | Rule::is_null | Rule::match_pred => "a condition",
        Rule::cmp_op => "a comparison operator (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
        Rule::seed => "`seed`",
        Rule::format => "`format`",
        Rule::format_name => "a format (`csv`, `jsonl`, `json` or `entra`)",
        Rule::topic => "a help topic",
        Rule::in_tenant => "`in tenant`",
        Rule::into_tenant => "`into tenant`",
        Rule::of_tenant => "`of tenant`",
        Rule::tenant => "a tenant name",
        Rule::group => "a group name",
        Rule::upn => "a user principal name (such as `annie@a.example`)",
        Rule::domain => "a domain name",
        Rule::text => "a text in quotes",
        Rule::path => "a file name in quotes",
        Rule::value => "a value",
        Rule::string | Rule::quoted => "a quoted string",
        Rule::null_lit => "`null`",
        Rule::bool_lit => "`true` or `false`",
        Rule::int_lit | Rule::number => "a number",
        Rule::word | Rule::bare_word | Rule::word_start | Rule::word_char => "a word",
        Rule::reserved => "a keyword",
        Rule::ident => "a name",
        Rule::comma => "`,`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::eq => "`=`",
        Rule::WHITESPACE => "a space",
        Rule::COMMENT => "a comment",
        // Keywords (`order` is always followed by `by`, and so on).
        Rule::kw_add => "`add`",
        Rule::kw_visibility => "`visibility`",
        Rule::kw_check => "`check`",
        Rule::kw_scope => "`scope`",
        Rule::kw_all => "`all`",
        Rule::kw_assigned => "`assigned`",
        Rule::kw_syncs => "`syncs`",
        Rule::kw_provisioning => "`provisioning`",
        Rule::kw_logs => "`logs`",
        Rule::kw_assign => "`assign`",
        Rule::kw_unassign => "`unassign`",
        Rule::kw_filter => "`filter`",
        Rule::kw_clear => "`clear`",
        Rule::kw_map => "`map`",
        Rule::kw_unmap => "`unmap`",
        Rule::kw_always => "`always`",
        Rule::kw_actions => "`actions`",
        Rule::kw_deletion => "`deletion`",
        Rule::kw_threshold => "`threshold`",
        Rule::kw_start => "`start`",
        Rule::kw_pause => "`pause`",
        Rule::kw_restart => "`restart`",
        Rule::kw_full => "`full`",
        Rule::kw_run => "`run`",
        Rule::kw_provision => "`provision`",
        Rule::kw_reject => "`reject`",
        Rule::kw_deletes => "`deletes`",
        Rule::kw_share => "`share`",
        Rule::kw_unshare => "`unshare`",
        Rule::kw_without => "`without`",
        Rule::demo_unsynced => "`without sync`",
        Rule::kw_organization => "`organization`",
        Rule::kw_role => "`role`",
        Rule::kw_owner => "`owner`",
        Rule::kw_join => "`join`",
        Rule::kw_leave => "`leave`",
        Rule::kw_labels => "`labels`",
        Rule::kw_none => "`none`",
        Rule::kw_custom => "`custom`",
        Rule::kw_calendar => "`calendar`",
        Rule::kw_sharing => "`sharing`",
        Rule::kw_template => "`template`",
        Rule::kw_new => "`new`",
        Rule::kw_existing => "`existing`",
        Rule::kw_partners => "`partners`",
        Rule::kw_access => "`access`",
        Rule::kw_partner => "`partner`",
        Rule::kw_settings => "`settings`",
        Rule::kw_default => "`default`",
        Rule::kw_reset => "`reset`",
        Rule::kw_inbound => "`inbound`",
        Rule::kw_outbound => "`outbound`",
        Rule::kw_collaboration => "`collaboration`",
        Rule::kw_applications => "`applications`",
        Rule::kw_direct => "`direct`",
        Rule::kw_connect => "`connect`",
        Rule::kw_redemption => "`redemption`",
        Rule::kw_sync => "`sync`",
        Rule::kw_trust => "`trust`",
        Rule::kw_mfa => "`mfa`",
        Rule::kw_compliant => "`compliant`",
        Rule::kw_device => "`device`",
        Rule::kw_hybrid => "`hybrid`",
        Rule::kw_joined => "`joined`",
        Rule::kw_allow => "`allow`",
        Rule::kw_block => "`block`",
        Rule::kw_on => "`on`",
        Rule::kw_off => "`off`",
        Rule::kw_automatic => "`automatic`",
        Rule::kw_manual => "`manual`",
        Rule::kw_invite => "`invite`",
        Rule::kw_as => "`as`",
        Rule::kw_member => "`member`",
        Rule::kw_guest => "`guest`",
        Rule::kw_after => "`after`",
        Rule::kw_changes => "`changes`",
        Rule::kw_address => "`address list`",
        Rule::kw_and => "`and`",
        Rule::kw_asc => "`asc`",
        Rule::kw_begin => "`begin`",
        Rule::kw_by => "`by`",
        Rule::kw_commit => "`commit`",
        Rule::kw_contains => "`contains`",
        Rule::kw_count => "`count`",
        Rule::kw_create => "`create`",
        Rule::kw_delete => "`delete`",
        Rule::kw_demo => "`demo`",
        Rule::kw_desc => "`desc`",
        Rule::kw_description => "`description`",
        Rule::kw_domain => "`domain`",
        Rule::kw_domains => "`domains`",
        Rule::kw_ends => "`ends with`",
        Rule::kw_explain => "`explain`",
        Rule::kw_export => "`export`",
        Rule::kw_fields => "`fields`",
        Rule::kw_find => "`find`",
        Rule::kw_for => "`for`",
        Rule::kw_format => "`format`",
        Rule::kw_from => "`from`",
        Rule::kw_generate => "`generate`",
        Rule::kw_group => "`group`",
        Rule::kw_groups => "`groups`",
        Rule::kw_help => "`help`",
        Rule::kw_import => "`import`",
        Rule::kw_in => "`in`",
        Rule::kw_into => "`into`",
        Rule::kw_is => "`is`",
        Rule::kw_limit => "`limit`",
        Rule::kw_list => "`list`",
        Rule::kw_name => "`name`",
        Rule::kw_not => "`not`",
        Rule::kw_null => "`null`",
        Rule::kw_of => "`of`",
        Rule::kw_offset => "`offset`",
        Rule::kw_operator => "`operator`",
        Rule::kw_or => "`or`",
        Rule::kw_order => "`order by`",
        Rule::kw_people => "`people`",
        Rule::kw_purge => "`purge`",
        Rule::kw_remove => "`remove`",
        Rule::kw_restore => "`restore`",
        Rule::kw_rollback => "`rollback`",
        Rule::kw_search => "`search`",
        Rule::kw_seed => "`seed`",
        Rule::kw_set => "`set`",
        Rule::kw_show => "`show`",
        Rule::kw_starts => "`starts with`",
        Rule::kw_tenant => "`tenant`",
        Rule::kw_tenants => "`tenants`",
        Rule::kw_to => "`to`",
        Rule::kw_transaction => "`transaction`",
        Rule::kw_update => "`update`",
        Rule::kw_use => "`use`",
        Rule::kw_user => "`user`",
        Rule::kw_users => "`users`",
        Rule::kw_where => "`where`",
        Rule::kw_whoami => "`whoami`",
        Rule::kw_with => "`with`",
    }
}

/// What kind of token the lexer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A bare word.
    Word,
    /// A quoted string; `closed` is false when the closing quote is missing.
    Str { closed: bool },
    /// Anything else (operators, punctuation).
    Punct,
}

/// A token as the error reporter sees it: enough to put a caret under it and name it.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    span: Span,
}

/// Characters of bare words. A superset of the grammar's word characters (every non-ASCII
/// character that is not a space counts), so that a quote the grammar reads inside a word is
/// never taken for the start of a string here.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '_' | '.' | '@' | '#' | '\'')
        || (!c.is_ascii() && !c.is_whitespace() && c != '\u{feff}')
}

/// Splits `text` into tokens the way the grammar does, skipping spaces and `--` comments.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let (kind, len) = if c.is_whitespace() || c == '\u{feff}' {
            at += c.len_utf8();
            continue;
        } else if rest.starts_with("--") {
            at += rest.find('\n').unwrap_or(rest.len());
            continue;
        } else if c == '"' || c == '\'' {
            string_len(rest, c)
        } else if is_word_char(c) || c == '-' {
            (Kind::Word, word_len(rest))
        } else if ["<=", ">=", "<>", "!="].iter().any(|op| rest.starts_with(op)) {
            (Kind::Punct, 2)
        } else {
            (Kind::Punct, c.len_utf8())
        };
        out.push(Token {
            kind,
            span: Span {
                start: at,
                end: at + len,
            },
        });
        at += len;
    }
    out
}

/// The length of the word at the start of `rest` (a `-` belongs to it unless it begins `--`).
fn word_len(rest: &str) -> usize {
    rest.char_indices()
        .find(|&(i, c)| {
            let dash = c == '-' && !rest[i..].starts_with("--");
            !(is_word_char(c) || dash)
        })
        .map_or(rest.len(), |(i, _)| i)
}

/// The kind and length of the string at the start of `rest`, opened by `quote`; a string
/// ends at its line's end at the latest.
fn string_len(rest: &str, quote: char) -> (Kind, usize) {
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => return (Kind::Str { closed: false }, i),
            '\\' if !rest[i + 1..].starts_with('\n') => {
                chars.next();
            }
            c if c == quote => return (Kind::Str { closed: true }, i + c.len_utf8()),
            _ => {}
        }
    }
    (Kind::Str { closed: false }, rest.len())
}

/// Refuses parentheses nested deeper than `max` before pest recurses into them.
pub(super) fn check_nesting(text: &str, max: usize) -> Result<()> {
    let mut depth = 0usize;
    for token in tokens(text).into_iter().filter(|t| t.kind == Kind::Punct) {
        match &text[token.span.start..token.span.end] {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > max {
            let message = format!("the filter is nested too deeply (at most {max} levels)");
            return Err(Error::Syntax(Box::new(Diagnostic::new(message, text, token.span))));
        }
    }
    Ok(())
}

/// Turns a pest error into an [`Error::Syntax`] with a caret under the offending token.
pub(super) fn to_error(text: &str, error: &pest::error::Error<Rule>) -> Error {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let tokens = tokens(text);
    let found = tokens.iter().find(|t| t.span.end > pos).copied();
    let span = match found {
        Some(t) => Span {
            start: t.span.start.max(pos),
            end: t.span.end,
        },
        None => {
            // At the end of the input: point just after the last token, not at a blank line.
            let end = tokens.last().map_or(pos.min(text.len()), |t| t.span.end);
            Span { start: end, end }
        }
    };
    let message = match &error.variant {
        ErrorVariant::CustomError { message } => message.clone(),
        ErrorVariant::ParsingError { positives, .. } => match found {
            Some(Token {
                kind: Kind::Str { closed: false },
                span,
            }) => {
                let quote = text[span.start..].chars().next().unwrap_or('"');
                format!("unterminated string: the closing `{quote}` is missing")
            }
            _ => {
                let found = found.map(|t| (t.kind, &text[span.start..span.end]));
                expected_message(positives, found)
            }
        },
    };
    Error::Syntax(Box::new(Diagnostic::new(message, text, span)))
}

/// "expected A, B or C, found `x`", with a hint when `x` looks like a misspelling of one of
/// the expected keywords or like the start of a next statement.
fn expected_message(positives: &[Rule], found: Option<(Kind, &str)>) -> String {
    let mut expected: Vec<&str> = Vec::new();
    for rule in positives {
        let words = describe(*rule);
        if !expected.contains(&words) {
            expected.push(words);
        }
    }
    // Empty statements are allowed, but nobody needs telling where a statement is expected;
    // elsewhere the end of the statement goes last.
    let statement_expected = expected.contains(&"a statement");
    let ends_statement = expected.contains(&"end of statement");
    expected.retain(|e| *e != "end of statement");
    if ends_statement && !statement_expected {
        expected.push("end of statement");
    }
    let found_text = match found {
        None => "end of input".to_owned(),
        Some((_, token)) => format!("`{}`", shorten(token)),
    };
    let hint = match found {
        Some((Kind::Word, word)) => hint(word, &expected, statement_expected),
        _ => String::new(),
    };
    if expected.is_empty() {
        return format!("unexpected {found_text}{hint}");
    }
    format!("expected {}, found {found_text}{hint}", join_or(&expected))
}

/// A "did you mean" or "missing `;`" hint for a found `word`.
fn hint(word: &str, expected: &[&str], statement_expected: bool) -> String {
    let candidates: Vec<&str> = if statement_expected {
        STATEMENT_WORDS.to_vec()
    } else {
        expected.iter().flat_map(|e| quoted_words(e)).collect()
    };
    if let Some(near) = crate::suggest::nearest(word, candidates.iter().map(|c| first_word(c))) {
        let full = candidates.iter().find(|c| first_word(c) == near).unwrap_or(&near);
        return format!(" (did you mean `{full}`?)");
    }
    let ends_statement = expected.contains(&"end of statement");
    if ends_statement && STATEMENT_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word)) {
        return " (is a `;` missing before it?)".to_owned();
    }
    String::new()
}

/// The keywords quoted in a description: "`order by`" gives "order by"; quoted samples that
/// are not keywords (`annie@a.example`, `=`) are left out.
fn quoted_words(description: &str) -> impl Iterator<Item = &str> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
}

/// The first word of `text`.
fn first_word(text: &str) -> &str {
    text.split(' ').next().unwrap_or(text)
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A token cut to a readable length.
fn shorten(token: &str) -> String {
    const MAX: usize = 30;
    if token.chars().count() <= MAX {
        token.to_owned()
    } else {
        format!("{}…", token.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_words_begin_statements_and_lead_the_keyword_list() {
        let keywords = crate::lang::help::keywords();
        assert_eq!(&keywords[..STATEMENT_WORDS.len()], STATEMENT_WORDS);
        for word in STATEMENT_WORDS {
            if let Err(Error::Syntax(d)) = super::super::parse(word) {
                assert!(!d.message.starts_with("expected a statement"), "{word}: {}", d.message);
            }
        }
    }

    #[test]
    fn tokens_follow_the_grammar() {
        let text = "find o'brien@a.example 'it\\'s' -- note\n<= a--b \"no\n\"open";
        let kinds: Vec<(Kind, &str)> = tokens(text)
            .iter()
            .map(|t| (t.kind, &text[t.span.start..t.span.end]))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Word, "find"),
                (Kind::Word, "o'brien@a.example"),
                (Kind::Str { closed: true }, "'it\\'s'"),
                (Kind::Punct, "<="),
                (Kind::Word, "a"),
                (Kind::Str { closed: false }, "\"open"),
            ]
        );
    }

    #[test]
    fn join_or_reads_naturally() {
        assert_eq!(join_or(&["a"]), "a");
        assert_eq!(join_or(&["a", "b"]), "a or b");
        assert_eq!(join_or(&["a", "b", "c"]), "a, b or c");
    }
}

//! Parse errors in plain words, as the MTOQL parser gives them: pest's expected rules become
//! "expected `,` or `)`, found `[surname]`", with a caret under the offending token.

use super::functions::Function;
use super::parse::Rule;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{Attr, Span};
use pest::error::{ErrorVariant, InputLocation};

/// What an argument can be, in words.
const VALUE: &str = "a value (`[attribute]`, `\"text\"`, a number or `Function(…)`)";

/// What a comparison operator can be, in words.
const COMPARISON: &str = "a comparison (`=`, `<>`, `<`, `<=`, `>`, `>=`)";

/// The order in which an error lists what was expected: values first, the end last.
const ORDER: &[&str] = &[
    VALUE,
    "a function name",
    "an attribute in brackets",
    "an attribute name",
    "a string in quotes",
    "a number",
    COMPARISON,
    "`(`",
    "`,`",
    "`)`",
    "`]`",
    "a space",
    "end of expression",
];

/// What a rule stands for, in the words of an error message. The match has no catch-all arm,
/// so that a rule added to the grammar cannot be forgotten here.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of expression",
        Rule::expression_text | Rule::expression | Rule::operand | Rule::argument | Rule::call => VALUE,
        Rule::function => "a function name",
        Rule::attribute | Rule::lbracket => "an attribute in brackets",
        Rule::attribute_name => "an attribute name",
        Rule::string => "a string in quotes",
        Rule::number => "a number",
        Rule::cmp_op => COMPARISON,
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::comma => "`,`",
        Rule::rbracket => "`]`",
        Rule::WHITESPACE => "a space",
    }
}

/// What kind of token the lexer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A name or a number.
    Word,
    /// A string; `closed` is false when the closing quote is missing.
    Str { closed: bool },
    /// Anything else.
    Punct,
}

/// A token as the error reporter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    pub span: Span,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` into tokens the way the grammar reads them, skipping spaces.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(rest) = text.get(at..) {
        let Some(c) = rest.chars().next() else { break };
        let (kind, len) = if c.is_whitespace() || c == '\u{feff}' {
            at += c.len_utf8();
            continue;
        } else if c == '"' {
            string_len(rest)
        } else if is_word_char(c) || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            let first = c.len_utf8();
            let len = rest[first..]
                .find(|c: char| !is_word_char(c))
                .map_or(rest.len(), |i| i + first);
            (Kind::Word, len)
        } else if ["<>", "<=", ">="].iter().any(|op| rest.starts_with(op)) {
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

/// The kind and length of the string at the start of `rest`.
fn string_len(rest: &str) -> (Kind, usize) {
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return (Kind::Str { closed: true }, i + 1),
            _ => {}
        }
    }
    (Kind::Str { closed: false }, rest.len())
}

/// Refuses calls nested deeper than `max` before pest recurses into them.
pub(super) fn check_nesting(text: &str, max: usize) -> Result<()> {
    let mut depth = 0usize;
    for token in tokens(text).into_iter().filter(|t| t.kind == Kind::Punct) {
        match text.get(token.span.start..token.span.end) {
            Some("(") => depth += 1,
            Some(")") => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > max {
            let message = format!("the expression nests calls too deeply (at most {max} levels)");
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
    let found_index = tokens.iter().position(|t| t.span.end > pos);
    let found = found_index.and_then(|i| tokens.get(i)).copied();
    let before = match found_index {
        Some(i) => i.checked_sub(1).and_then(|i| tokens.get(i)),
        None => tokens.last(),
    }
    .copied();
    let mut span = match found {
        Some(t) => Span {
            start: t.span.start.max(pos),
            end: t.span.end,
        },
        None => {
            let end = tokens.last().map_or(pos.min(text.len()), |t| t.span.end);
            Span { start: end, end }
        }
    };
    let slice = |s: Span| text.get(s.start..s.end).unwrap_or_default();
    let message = match (&error.variant, found) {
        (ErrorVariant::CustomError { message }, _) => message.clone(),
        (
            _,
            Some(Token {
                kind: Kind::Str { closed: false },
                ..
            }),
        ) => "unterminated string: the closing `\"` is missing".to_owned(),
        (ErrorVariant::ParsingError { positives, .. }, found) => {
            let mut expected: Vec<&str> = Vec::new();
            for words in positives.iter().map(|r| describe(*r)) {
                if !expected.contains(&words) {
                    expected.push(words);
                }
            }
            expected.sort_by_key(|words| ORDER.iter().position(|o| o == words));
            let found_text = match found {
                None => "end of input".to_owned(),
                Some(_) => format!("`{}`", shorten(slice(span))),
            };
            let mut message = if expected.is_empty() {
                format!("unexpected {found_text}")
            } else {
                format!("expected {}, found {found_text}", join_or(&expected))
            };
            match (before, found) {
                // `givenName` alone: the parser took it for a function and wants a `(`.
                (Some(word @ Token { kind: Kind::Word, .. }), _)
                    if expected.contains(&"`(`")
                        && Function::lookup(slice(word.span)).is_none()
                        && Attr::lookup(slice(word.span)).is_some() =>
                {
                    let name = slice(word.span);
                    message = format!("`{name}` is an attribute: write it in brackets, `[{name}]`");
                    span = word.span;
                }
                // `"a""b"`: a quote doubled inside a string.
                (
                    Some(Token {
                        kind: Kind::Str { .. },
                        span: prev,
                    }),
                    Some(Token {
                        kind: Kind::Str { .. },
                        span: next,
                    }),
                ) if prev.end == next.start => {
                    message.push_str(" (a quote inside a string is written `\\\"`)");
                }
                _ => {}
            }
            message
        }
    };
    Error::Syntax(Box::new(Diagnostic::new(message, text, span)))
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

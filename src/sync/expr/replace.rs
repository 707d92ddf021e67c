//! `Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
//! replacementAttributeName, template)`: the parameters given (an empty argument is not given)
//! choose one of the reference's five forms, case-sensitive like the service.
//!
//! | given | result |
//! | --- | --- |
//! | oldValue, replacementValue | every oldValue in source replaced |
//! | oldValue, template | every oldValue in template replaced by source |
//! | regexPattern, replacementValue | every match replaced; `${group}` names a group's text |
//! | regexPattern, regexGroupName, replacementValue | every match's group replaced |
//! | regexPattern, regexGroupName, replacementAttributeName | source if it has a value, else the group of the first match in replacementAttributeName |
//!
//! Other combinations are refused when the expression is parsed. The regular expression is
//! the `regex` crate's (named groups `(?<name>…)` as in .NET; no look-around or
//! backreferences), written as a string in quotes and compiled once, when parsed.

use super::ast::Expr;
use super::eval::{arg, is_empty, text};
use super::functions::{At, Refusal};
use crate::model::Value;
use regex::{Captures, Match, Regex, RegexBuilder};

const SOURCE: usize = 0;
const OLD: usize = 1;
const PATTERN: usize = 2;
const GROUP: usize = 3;
const REPLACEMENT: usize = 4;
const ATTRIBUTE: usize = 5;
const TEMPLATE: usize = 6;

/// The reference's forms of `Replace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    Template,
    Regex,
    RegexGroup,
    RegexAttribute,
}

/// The form that the given parameters choose, or why they choose none.
fn form(given: &[bool; 7]) -> Result<Form, Refusal> {
    let refuse = |message: &str, index: usize| Err(Refusal::new(message, At::Arg(index)));
    if given[PATTERN] {
        if given[OLD] {
            return refuse("`Replace` takes an oldValue or a regexPattern, not both", OLD);
        }
        if given[TEMPLATE] {
            return refuse("a template goes with an oldValue, not with a regexPattern", TEMPLATE);
        }
        return match (given[GROUP], given[REPLACEMENT], given[ATTRIBUTE]) {
            (true, true, true) => refuse(
                "`Replace` takes a replacementValue or a replacementAttributeName, not both",
                ATTRIBUTE,
            ),
            (true, false, true) => Ok(Form::RegexAttribute),
            (false, _, true) => refuse("a replacementAttributeName needs a regexGroupName", ATTRIBUTE),
            (true, true, false) => Ok(Form::RegexGroup),
            (false, true, false) => Ok(Form::Regex),
            (_, false, false) => refuse(
                "a regexPattern needs a replacementValue, or a regexGroupName and a replacementAttributeName",
                PATTERN,
            ),
        };
    }
    if !given[OLD] {
        let message = "`Replace` needs an oldValue or a regexPattern: \
            Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)";
        return Err(Refusal::new(message, At::Name));
    }
    if given[GROUP] {
        return refuse("a regexGroupName goes with a regexPattern, not with an oldValue", GROUP);
    }
    if given[ATTRIBUTE] {
        return refuse(
            "a replacementAttributeName goes with a regexPattern, not with an oldValue",
            ATTRIBUTE,
        );
    }
    match (given[REPLACEMENT], given[TEMPLATE]) {
        (true, true) => refuse("`Replace` takes a replacementValue or a template, not both", TEMPLATE),
        (true, false) => Ok(Form::Plain),
        (false, true) => Ok(Form::Template),
        (false, false) => refuse("an oldValue needs a replacementValue or a template", OLD),
    }
}

/// Compiles a `regexPattern`; the error says why in one line.
pub(super) fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(s) => s
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty())
                .map_or_else(String::new, |l| l.trim_start_matches("error: ").to_owned()),
            regex::Error::CompiledTooBig(_) => "the pattern is too large".to_owned(),
            other => other.to_string(),
        })
}

/// Checks the parameters of a `Replace` call and compiles its `regexPattern`, which must be a
/// string in quotes; a quoted `regexGroupName` must name one of its groups.
pub(super) fn check(args: &[Option<Expr>]) -> Result<Option<Regex>, Refusal> {
    let given: [bool; 7] = std::array::from_fn(|i| matches!(args.get(i), Some(Some(_))));
    form(&given)?;
    let Some(Some(pattern)) = args.get(PATTERN) else {
        return Ok(None);
    };
    let Expr::Str(pattern, _) = pattern else {
        return Err(Refusal::new(
            "the regexPattern of `Replace` is a string in quotes",
            At::Arg(PATTERN),
        ));
    };
    let regex = compile(pattern).map_err(|why| {
        Refusal::new(
            format!("the regexPattern is not a regular expression: {why}"),
            At::Arg(PATTERN),
        )
    })?;
    if let Some(Some(Expr::Str(name, _))) = args.get(GROUP) {
        let names: Vec<&str> = regex.capture_names().flatten().collect();
        let numbered = name.parse::<usize>().is_ok_and(|i| i < regex.captures_len());
        if !numbered && !names.contains(&name.as_str()) {
            let groups = if names.is_empty() {
                "it has no named groups".to_owned()
            } else {
                format!("its groups: {}", names.join(", "))
            };
            return Err(Refusal::new(
                format!("the regexPattern has no group named `{name}` ({groups})"),
                At::Arg(GROUP),
            ));
        }
    }
    Ok(Some(regex))
}

/// The group `name` (or number) of a match.
fn group<'h>(captures: &Captures<'h>, name: &str) -> Option<Match<'h>> {
    captures
        .name(name)
        .or_else(|| name.parse::<usize>().ok().and_then(|i| captures.get(i)))
}

/// Evaluates `Replace` on its arguments (`None`: left empty). `regex` is the pattern compiled
/// when parsed; an expression built without it compiles it here (null if it does not compile).
pub(super) fn apply(args: &[Option<Value>], regex: Option<&Regex>) -> Value {
    let given: [bool; 7] = std::array::from_fn(|i| matches!(args.get(i), Some(Some(_))));
    let Ok(form) = form(&given) else {
        return Value::Null;
    };
    let s = |i: usize| text(arg(args, i));
    let replacement = s(REPLACEMENT).unwrap_or_default();
    if form == Form::Plain || form == Form::Template {
        let old = s(OLD).unwrap_or_default();
        return match (form, s(SOURCE), s(TEMPLATE)) {
            (_, None, _) => Value::Null,
            (Form::Plain, Some(source), _) if old.is_empty() => Value::Str(source),
            (Form::Plain, Some(source), _) => Value::Str(source.replace(&old, &replacement)),
            (_, Some(_), None) => Value::Null,
            (_, Some(_), Some(template)) if old.is_empty() => Value::Str(template),
            (_, Some(source), Some(template)) => Value::Str(template.replace(&old, &source)),
        };
    }
    let compiled;
    let regex = match regex {
        Some(regex) => regex,
        None => match s(PATTERN).and_then(|p| compile(&p).ok()) {
            Some(r) => {
                compiled = r;
                &compiled
            }
            None => return Value::Null,
        },
    };
    let name = s(GROUP).unwrap_or_default();
    match form {
        Form::RegexAttribute if !is_empty(arg(args, SOURCE)) => s(SOURCE).map_or(Value::Null, Value::Str),
        Form::RegexAttribute => s(ATTRIBUTE)
            .and_then(|value| {
                let captures = regex.captures(&value)?;
                group(&captures, &name).map(|m| m.as_str().to_owned())
            })
            .map_or(Value::Null, Value::Str),
        Form::Regex | Form::RegexGroup | Form::Plain | Form::Template => {
            let Some(source) = s(SOURCE) else {
                return Value::Null;
            };
            if form != Form::RegexGroup {
                return Value::Str(regex.replace_all(&source, replacement.as_str()).into_owned());
            }
            let mut out = String::with_capacity(source.len());
            let mut last = 0;
            for captures in regex.captures_iter(&source) {
                if let Some(m) = group(&captures, &name).filter(|m| m.start() >= last) {
                    out.push_str(&source[last..m.start()]);
                    out.push_str(&replacement);
                    last = m.end();
                }
            }
            out.push_str(&source[last..]);
            Value::Str(out)
        }
    }
}

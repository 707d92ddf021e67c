//! The functions of attribute-mapping expressions: their names as the provisioning service
//! spells them, their parameters, what a call must give them, and what they compute.
//!
//! Every match on [`Function`] lists every function (no catch-all arm), so that a function
//! added to the enum cannot be forgotten anywhere.

use super::ast::Expr;
use super::eval::{arg, int, is_empty, text, truth};
use super::{replace, text as strings};
use crate::model::Value;
use regex::Regex;

macro_rules! functions {
    ($( $(#[doc = $doc:literal])* $variant:ident => $name:literal, [$($param:literal),*], $min:literal, $max:expr; )*) => {
        /// A function of the expression language, as Microsoft Entra's "Reference for writing
        /// expressions for attribute mappings" describes it. Text positions and lengths count
        /// characters; text comparisons are case-sensitive, as the service's. Unless a
        /// function says otherwise, a null source gives null (the mapping provisions nothing).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Function { $( $(#[doc = $doc])* $variant, )* }

        impl Function {
            /// Every function, in alphabetical order.
            pub const ALL: &'static [Function] = &[ $( Function::$variant, )* ];

            /// The name as the provisioning service spells it (`NormalizeDiacritics`).
            pub fn name(self) -> &'static str {
                match self { $( Function::$variant => $name, )* }
            }

            /// The names of the parameters, as the service's reference names them; a function
            /// that takes any number of arguments ends with `…`.
            pub fn params(self) -> &'static [&'static str] {
                match self { $( Function::$variant => &[$($param),*], )* }
            }

            /// The fewest and the most arguments a call gives (`None`: no upper bound).
            pub fn arity(self) -> (usize, Option<usize>) {
                match self { $( Function::$variant => ($min, $max), )* }
            }
        }
    };
}

functions! {
    /// `Append(source, suffix)`: source followed by suffix; a null suffix adds nothing.
    Append => "Append", ["source", "suffix"], 2, Some(2);
    /// `CBool(expression)`: a boolean, a number (non-zero is true) or text that reads as one
    /// (`True`, `false`, `yes`, `0`) as a boolean; null for other text.
    CBool => "CBool", ["expression"], 1, Some(1);
    /// `CStr(value)`: the value as text (`True` / `False` for booleans).
    CStr => "CStr", ["value"], 1, Some(1);
    /// `Coalesce(source1, source2, …)`: the first value that is not null (the empty string
    /// is not null); null when all are.
    Coalesce => "Coalesce", ["source1", "source2", "…"], 1, None;
    /// `IIF(condition, valueIfTrue, valueIfFalse)`: null when the condition is null or not a
    /// boolean (the service's condition check fails).
    IIF => "IIF", ["condition", "valueIfTrue", "valueIfFalse"], 3, Some(3);
    /// `IgnoreFlowIfNullOrEmpty(expression)`: null for null or the empty string, so that
    /// nothing is provisioned; else the value.
    IgnoreFlowIfNullOrEmpty => "IgnoreFlowIfNullOrEmpty", ["expression"], 1, Some(1);
    /// `IsNull(expression)`: true for null (an absent attribute, an empty list).
    IsNull => "IsNull", ["expression"], 1, Some(1);
    /// `IsNullOrEmpty(expression)`: true for null and the empty string.
    IsNullOrEmpty => "IsNullOrEmpty", ["expression"], 1, Some(1);
    /// `IsPresent(expression)`: the inverse of `IsNullOrEmpty`.
    IsPresent => "IsPresent", ["expression"], 1, Some(1);
    /// `Join(separator, source1, source2, …)`: the sources (each value of a multi-valued
    /// one) between separators; null and empty sources are skipped; null when all are null.
    Join => "Join", ["separator", "source1", "source2", "…"], 2, None;
    /// `Left(source, numChars)`: the first numChars characters; all for a negative count;
    /// the empty string for a null source (as the reference says).
    Left => "Left", ["source", "numChars"], 2, Some(2);
    /// `Mid(source, start, length)`: length characters from the 1-based start (fewer at the
    /// end); null for a start below 1 or a negative length.
    Mid => "Mid", ["source", "start", "length"], 3, Some(3);
    /// `NormalizeDiacritics(source)`: accents removed, case kept, as the reference's table
    /// (`Zoë` → `Zoe`, `ß` → `ss`, `Ø` → `OE`, `æ` → `ae`, `ł` → `l`).
    NormalizeDiacritics => "NormalizeDiacritics", ["source"], 1, Some(1);
    /// `Not(source)`: false when the source is true, else true (also for null).
    Not => "Not", ["source"], 1, Some(1);
    /// `PCase(source[, wordSeparators])`: each word's first character upper case, the rest
    /// lower case; words split at the given characters, else at anything not a letter or
    /// digit.
    PCase => "PCase", ["source", "wordSeparators"], 1, Some(2);
    /// `Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
    /// replacementAttributeName, template)`: the given parameters choose one of the
    /// reference's five forms (see `replace.rs`); empty arguments are not given.
    Replace => "Replace", [
        "source", "oldValue", "regexPattern", "regexGroupName", "replacementValue", "replacementAttributeName",
        "template"
    ], 1, Some(7);
    /// `StripSpaces(source)`: every space (` `) removed.
    StripSpaces => "StripSpaces", ["source"], 1, Some(1);
    /// `Switch(source, defaultValue, key1, value1, …)`: the value of the first key equal to
    /// the source (a null source matches the key `""`), else the default (null if left
    /// empty).
    Switch => "Switch", ["source", "defaultValue", "key1", "value1", "key2", "value2", "…"], 4, None;
    /// `ToLower(source[, culture])`: lower case, invariant but for Turkic cultures (`tr`,
    /// `az`), which lower `I` to `ı`.
    ToLower => "ToLower", ["source", "culture"], 1, Some(2);
    /// `ToUpper(source[, culture])`: upper case, invariant but for Turkic cultures (`tr`,
    /// `az`), which raise `i` to `İ`.
    ToUpper => "ToUpper", ["source", "culture"], 1, Some(2);
    /// `Word(string, wordNumber, delimiters)`: the 1-based wordNumber-th of the words the
    /// delimiter characters separate; the empty string when there is none or the string is
    /// null.
    Word => "Word", ["string", "wordNumber", "delimiters"], 3, Some(3);
}

/// Functions of the provisioning service that mtodir does not evaluate: named in errors as
/// such, rather than as unknown names.
pub const UNSUPPORTED: &[&str] = &[
    "AppRoleAssignmentsComplex",
    "BitAnd",
    "CDate",
    "ConvertToBase64",
    "ConvertToUTF8Hex",
    "Count",
    "DateAdd",
    "DateDiff",
    "DateFromNum",
    "FormatDateTime",
    "Guid",
    "InStr",
    "IsString",
    "Item",
    "Now",
    "NumFromDate",
    "RandomString",
    "Redact",
    "RemoveDuplicates",
    "SelectUniqueValue",
    "SingleAppRoleAssignment",
    "Split",
];

/// Where a refused call goes wrong, for the caret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// The function's name.
    Name,
    /// The argument of that index (0-based), empty or not.
    Arg(usize),
    /// The closing parenthesis (an argument is missing).
    Close,
}

/// Why a call cannot be evaluated, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub message: String,
    pub at: At,
}

impl Refusal {
    pub(super) fn new(message: impl Into<String>, at: At) -> Refusal {
        Refusal {
            message: message.into(),
            at,
        }
    }
}

impl Function {
    /// Looks a function up by name, case-insensitively (`join`, `JOIN`).
    pub fn lookup(name: &str) -> Option<Function> {
        Function::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The known function name closest to `name`, for "did you mean" hints.
    pub fn nearest(name: &str) -> Option<&'static str> {
        crate::suggest::nearest(name, Function::ALL.iter().map(|f| f.name()))
    }

    /// How the reference writes a call: `Left(source, numChars)`.
    pub fn signature(self) -> String {
        format!("{}({})", self.name(), self.params().join(", "))
    }

    /// True when the argument at `index` may be left empty (`Replace([mail], "@a", , , "", , )`):
    /// the parameter is optional, and an empty argument means it is not given.
    pub fn may_be_empty(self, index: usize) -> bool {
        match self {
            Function::Replace => index >= 1,
            Function::Switch | Function::PCase | Function::ToLower | Function::ToUpper => index == 1,
            Function::Append
            | Function::CBool
            | Function::CStr
            | Function::Coalesce
            | Function::IIF
            | Function::IgnoreFlowIfNullOrEmpty
            | Function::IsNull
            | Function::IsNullOrEmpty
            | Function::IsPresent
            | Function::Join
            | Function::Left
            | Function::Mid
            | Function::NormalizeDiacritics
            | Function::Not
            | Function::StripSpaces
            | Function::Word => false,
        }
    }

    /// True when the argument at `index` is a whole number (a quoted one must read as one).
    pub fn takes_number(self, index: usize) -> bool {
        match self {
            Function::Left | Function::Word => index == 1,
            Function::Mid => index == 1 || index == 2,
            Function::Append
            | Function::CBool
            | Function::CStr
            | Function::Coalesce
            | Function::IIF
            | Function::IgnoreFlowIfNullOrEmpty
            | Function::IsNull
            | Function::IsNullOrEmpty
            | Function::IsPresent
            | Function::Join
            | Function::NormalizeDiacritics
            | Function::Not
            | Function::PCase
            | Function::Replace
            | Function::StripSpaces
            | Function::Switch
            | Function::ToLower
            | Function::ToUpper => false,
        }
    }

    /// The name of the parameter at `index` (repeated parameters are named by their pattern).
    fn param(self, index: usize) -> String {
        let params = self.params();
        match params.get(index) {
            Some(p) if *p != "…" => (*p).to_owned(),
            _ if self == Function::Switch => format!("{}{}", ["key", "value"][index % 2], index / 2),
            _ if self == Function::Coalesce => format!("source{}", index + 1),
            _ => format!("source{index}"),
        }
    }

    /// Checks a call's arguments (`None`: left empty): their number, the empty ones, quoted
    /// numbers, `Replace`'s combination of parameters and its regular expression. Gives the
    /// compiled `regexPattern` of a `Replace` that has one.
    pub(super) fn check(self, args: &[Option<Expr>]) -> Result<Option<Regex>, Refusal> {
        let (min, max) = self.arity();
        let n = args.len();
        if n < min || max.is_some_and(|max| n > max) {
            let at = match max {
                Some(max) if n > max => At::Arg(max),
                _ => At::Close,
            };
            let count = match (min, max) {
                (min, Some(max)) if min == max => plural(min),
                (min, Some(max)) if max == min + 1 => format!("{min} or {}", plural(max)),
                (min, Some(max)) => format!("{min} to {}", plural(max)),
                (min, None) => format!("at least {}", plural(min)),
            };
            let given = if n == 0 { "none".to_owned() } else { n.to_string() };
            let message = format!("`{}` takes {count}, not {given}: {}", self.name(), self.signature());
            return Err(Refusal::new(message, at));
        }
        if self == Function::Switch && n % 2 == 1 {
            let message = format!(
                "`Switch` takes keys and values in pairs, and the last key has no value: {}",
                self.signature()
            );
            return Err(Refusal::new(message, At::Close));
        }
        for (index, arg) in args.iter().enumerate() {
            match arg {
                None if !self.may_be_empty(index) => {
                    let message = format!(
                        "the {} of `{}` cannot be left empty: {}",
                        self.param(index),
                        self.name(),
                        self.signature()
                    );
                    return Err(Refusal::new(message, At::Arg(index)));
                }
                Some(Expr::Str(s, _)) if self.takes_number(index) && s.trim().parse::<i64>().is_err() => {
                    let message = format!(
                        "the {} of `{}` is a whole number, not \"{s}\"",
                        self.param(index),
                        self.name()
                    );
                    return Err(Refusal::new(message, At::Arg(index)));
                }
                _ => {}
            }
        }
        match self {
            Function::Replace => replace::check(args),
            _ => Ok(None),
        }
    }

    /// The value of a call to this function on arguments already evaluated (`None`: left
    /// empty). `regex` is the compiled `regexPattern` of a `Replace`, if the call has one.
    pub(super) fn apply(self, args: &[Option<Value>], regex: Option<&Regex>) -> Value {
        let s = |i: usize| text(arg(args, i));
        match self {
            Function::Append => match s(0) {
                None => Value::Null,
                Some(source) => Value::Str(source + &s(1).unwrap_or_default()),
            },
            Function::CBool => match arg(args, 0) {
                Value::Null => Value::Null,
                v => truth(v).map_or(Value::Null, Value::Bool),
            },
            Function::CStr => s(0).map_or(Value::Null, Value::Str),
            Function::Coalesce => args
                .iter()
                .flatten()
                .find(|v| !v.is_null())
                .cloned()
                .unwrap_or(Value::Null),
            Function::IIF => match truth(arg(args, 0)) {
                Some(true) => arg(args, 1).clone(),
                Some(false) => arg(args, 2).clone(),
                None => Value::Null,
            },
            Function::IgnoreFlowIfNullOrEmpty if is_empty(arg(args, 0)) => Value::Null,
            Function::IgnoreFlowIfNullOrEmpty => arg(args, 0).clone(),
            Function::IsNull => Value::Bool(arg(args, 0).is_null()),
            Function::IsNullOrEmpty => Value::Bool(is_empty(arg(args, 0))),
            Function::IsPresent => Value::Bool(!is_empty(arg(args, 0))),
            Function::Join => strings::join(s(0).unwrap_or_default(), args.get(1..).unwrap_or_default()),
            Function::Left => match (s(0), int(arg(args, 1))) {
                (_, None) => Value::Null,
                (source, Some(n)) => Value::Str(strings::left(&source.unwrap_or_default(), n)),
            },
            Function::Mid => match (s(0), int(arg(args, 1)), int(arg(args, 2))) {
                (Some(source), Some(start), Some(length)) => strings::mid(&source, start, length),
                _ => Value::Null,
            },
            Function::NormalizeDiacritics => s(0).map_or(Value::Null, |v| Value::Str(strings::normalize(&v))),
            Function::Not => Value::Bool(truth(arg(args, 0)) != Some(true)),
            Function::PCase => s(0).map_or(Value::Null, |v| Value::Str(strings::pcase(&v, s(1).as_deref()))),
            Function::Replace => replace::apply(args, regex),
            Function::StripSpaces => s(0).map_or(Value::Null, |v| Value::Str(v.replace(' ', ""))),
            Function::Switch => {
                let source = s(0).unwrap_or_default();
                let pairs = args.get(2..).unwrap_or_default();
                pairs
                    .chunks_exact(2)
                    .find(|pair| pair[0].as_ref().and_then(text).unwrap_or_default() == source)
                    .map_or_else(|| arg(args, 1).clone(), |pair| pair[1].clone().unwrap_or(Value::Null))
            }
            Function::ToLower => s(0).map_or(Value::Null, |v| Value::Str(strings::lower(&v, s(1).as_deref()))),
            Function::ToUpper => s(0).map_or(Value::Null, |v| Value::Str(strings::upper(&v, s(1).as_deref()))),
            Function::Word => match int(arg(args, 1)) {
                None => Value::Null,
                Some(n) => Value::Str(strings::word(&s(0).unwrap_or_default(), n, &s(2).unwrap_or_default())),
            },
        }
    }
}

/// "1 argument", "3 arguments".
fn plural(n: usize) -> String {
    if n == 1 {
        "1 argument".to_owned()
    } else {
        format!("{n} arguments")
    }
}

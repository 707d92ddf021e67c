//! Records other than users that people filter with the same grammar: a change of the audit
//! trail, a provisioning log entry. A record names its [`Field`]s and gives their values;
//! [`matches`] evaluates a [`Filter`] over [`FieldRef`]s on it, comparing text case- and
//! accent-insensitively as user filters do.

use super::query::{CmpOp, FieldRef, Filter, Literal, MatchOp};
use super::typing::parse_time;
use super::value::Value;
use crate::fold::fold;

/// The fields of one kind of record, by the names users type.
pub trait Field: Copy + Eq + 'static {
    /// Every field.
    const ALL: &'static [Self];
    /// What the records are called in messages ("a change").
    const RECORDS: &'static str;
    /// The field's name (`op`, `property`).
    fn name(self) -> &'static str;
    /// The field with this name, case-insensitively.
    fn lookup(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// A record whose fields a filter can read.
pub trait Record {
    /// Its kind of field.
    type Field: Field;
    /// The value of `field` (a list when the field has several values: any of them matches).
    fn field(&self, field: Self::Field) -> Value;
}

/// True when `record` passes `filter`. A comparison with a null field is false (`!=` too,
/// as the service's scoping filters say); `is null` tests for it.
pub fn matches<R: Record>(record: &R, filter: &Filter<FieldRef<R::Field>>) -> bool {
    match filter {
        Filter::Cmp { attr, op, value, .. } => any(record, attr.field, |v| compare(v, *op, value)),
        Filter::In { attr, values, .. } => any(record, attr.field, |v| values.iter().any(|l| compare(v, CmpOp::Eq, l))),
        Filter::IsNull { attr, negated } => record.field(attr.field).is_null() != *negated,
        Filter::Match { attr, op, value, .. } => {
            let wanted = fold(&value.text());
            any(record, attr.field, |v| {
                let text = fold(&v.to_string());
                match op {
                    MatchOp::StartsWith => text.starts_with(&wanted),
                    MatchOp::EndsWith => text.ends_with(&wanted),
                    MatchOp::Contains => text.contains(&wanted),
                }
            })
        }
        Filter::And(parts) => parts.iter().all(|f| matches(record, f)),
        Filter::Or(parts) => parts.iter().any(|f| matches(record, f)),
        Filter::Not(f) => !matches(record, f),
    }
}

/// True when some value of `field` (lists: any element; null: none) passes `test`.
fn any<R: Record>(record: &R, field: R::Field, mut test: impl FnMut(&Value) -> bool) -> bool {
    match record.field(field) {
        Value::List(items) => items.iter().filter(|v| !v.is_null()).any(test),
        Value::Null => false,
        other => test(&other),
    }
}

/// Compares a value with a literal: numbers as numbers (a time, such as a record's `at`, with
/// a date or an RFC 3339 time as well as with milliseconds), the rest as folded text.
fn compare(value: &Value, op: CmpOp, lit: &Literal) -> bool {
    let order = match (value, lit) {
        (Value::Int(a), Literal::Int(b)) => a.cmp(b),
        (Value::Int(a), other) => {
            let text = other.text();
            match text.trim().parse::<i64>().ok().or_else(|| parse_time(&text)) {
                Some(b) => a.cmp(&b),
                None => return op == CmpOp::Ne,
            }
        }
        (v, l) => fold(&v.to_string()).cmp(&fold(&l.text())),
    };
    match op {
        CmpOp::Eq => order.is_eq(),
        CmpOp::Ne => order.is_ne(),
        CmpOp::Lt => order.is_lt(),
        CmpOp::Le => order.is_le(),
        CmpOp::Gt => order.is_gt(),
        CmpOp::Ge => order.is_ge(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query::Span;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum F {
        Op,
        Seq,
        Property,
    }

    impl Field for F {
        const ALL: &'static [F] = &[F::Op, F::Seq, F::Property];
        const RECORDS: &'static str = "a test record";
        fn name(self) -> &'static str {
            match self {
                F::Op => "op",
                F::Seq => "seq",
                F::Property => "property",
            }
        }
    }

    struct R;
    impl Record for R {
        type Field = F;
        fn field(&self, f: F) -> Value {
            match f {
                F::Op => Value::str("Update"),
                F::Seq => Value::Int(12),
                F::Property => Value::List(vec![Value::str("jobTitle"), Value::str("city")]),
            }
        }
    }

    fn cmp(field: F, op: CmpOp, value: Literal) -> Filter<FieldRef<F>> {
        Filter::Cmp {
            attr: FieldRef {
                field,
                span: Span::default(),
            },
            op,
            value,
            span: Span::default(),
        }
    }

    #[test]
    fn text_folds_numbers_compare_and_lists_match_any() {
        assert!(matches(&R, &cmp(F::Op, CmpOp::Eq, Literal::Word("update".into()))));
        assert!(matches(&R, &cmp(F::Seq, CmpOp::Gt, Literal::Int(9))));
        assert!(!matches(&R, &cmp(F::Seq, CmpOp::Gt, Literal::Int(100))));
        assert!(matches(&R, &cmp(F::Property, CmpOp::Eq, Literal::Word("CITY".into()))));
        assert_eq!(F::lookup("PROPERTY"), Some(F::Property));
    }

    #[test]
    fn a_number_compares_with_a_time_as_milliseconds() {
        // `seq` is 12: 12 ms after the epoch.
        let at = |op, text: &str| matches(&R, &cmp(F::Seq, op, Literal::Str(text.into())));
        assert!(at(CmpOp::Lt, "1970-01-02"));
        assert!(at(CmpOp::Gt, "1970-01-01T00:00:00.011Z"));
        assert!(at(CmpOp::Eq, "1970-01-01T00:00:00.012Z"));
        assert!(!at(CmpOp::Ge, "2026-12-01T09:00:00Z"));
        assert!(!at(CmpOp::Eq, "not a time") && at(CmpOp::Ne, "not a time"));
    }
}

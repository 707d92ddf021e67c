//! Filters (`where …`): the parse tree of `or_expr` into a [`Filter`], over user attributes or
//! the fields of another kind of record, with the nesting limit.

use super::grammar::Rule;
use super::text::cmp_op;
use super::{Builder, MAX_DEPTH, Node, child, children, has, required, span_of};
use crate::error::{Error, Result};
use crate::lang::ast::{Filter, MatchOp};
use crate::limits::{Limit, MAX_IN_VALUES};
use crate::model::{Field, FieldRef};

impl Builder<'_> {
    /// The `where` clause of `node`, its names resolved by `name` (user attributes, or the
    /// fields of another kind of record).
    pub(super) fn where_with<A>(
        &self,
        node: &Node<'_>,
        name: &dyn Fn(&Node<'_>) -> Result<A>,
    ) -> Result<Option<Filter<A>>> {
        match child(node, Rule::where_clause) {
            Some(w) => Ok(Some(self.filter(&required(&w, Rule::or_expr)?, 0, name)?)),
            None => Ok(None),
        }
    }

    /// A filter node; `depth` counts the enclosing parentheses and `not`s.
    pub(super) fn filter<A>(
        &self,
        node: &Node<'_>,
        depth: usize,
        name: &dyn Fn(&Node<'_>) -> Result<A>,
    ) -> Result<Filter<A>> {
        match node.as_rule() {
            Rule::or_expr => self.junction(node, Rule::and_expr, depth, true, name),
            Rule::and_expr => self.junction(node, Rule::not_expr, depth, false, name),
            Rule::not_expr => self.negation(node, depth, name),
            _ => self.predicate(node, name),
        }
    }

    /// `f or g …` (`or` true) / `f and g …`: one operand stands alone; nested junctions of
    /// the same kind are flattened into one list.
    fn junction<A>(
        &self,
        node: &Node<'_>,
        operand: Rule,
        depth: usize,
        or: bool,
        name: &dyn Fn(&Node<'_>) -> Result<A>,
    ) -> Result<Filter<A>> {
        let mut parts = Vec::new();
        for part in children(node, operand) {
            match (or, self.filter(&part, depth, name)?) {
                (true, Filter::Or(inner)) | (false, Filter::And(inner)) => parts.extend(inner),
                (_, part) => parts.push(part),
            }
        }
        Ok(match parts.len() {
            1 => parts.swap_remove(0),
            _ if or => Filter::Or(parts),
            _ => Filter::And(parts),
        })
    }

    /// `not … (f)` or `not … predicate`.
    fn negation<A>(&self, node: &Node<'_>, depth: usize, name: &dyn Fn(&Node<'_>) -> Result<A>) -> Result<Filter<A>> {
        let nots = children(node, Rule::kw_not).count();
        let parens = usize::from(has(node, Rule::lparen));
        let depth = depth + nots + parens;
        if depth > MAX_DEPTH {
            let message = format!("the filter is nested too deeply (at most {MAX_DEPTH} levels)");
            return Err(self.syntax(message, span_of(node)));
        }
        let operand = node
            .clone()
            .into_inner()
            .find(|c| !matches!(c.as_rule(), Rule::kw_not | Rule::lparen | Rule::rparen))
            .ok_or_else(|| Error::invalid("internal parser error: `not` without operand"))?;
        let mut filter = self.filter(&operand, depth, name)?;
        for _ in 0..nots {
            filter = Filter::Not(Box::new(filter));
        }
        Ok(filter)
    }

    fn predicate<A>(&self, node: &Node<'_>, name: &dyn Fn(&Node<'_>) -> Result<A>) -> Result<Filter<A>> {
        let attr = name(&required(node, Rule::attr)?)?;
        let span = span_of(node);
        Ok(match node.as_rule() {
            Rule::comparison => Filter::Cmp {
                attr,
                op: cmp_op(required(node, Rule::cmp_op)?.as_str()),
                value: self.literal(&required(node, Rule::value)?)?,
                span,
            },
            Rule::in_list => {
                let size = children(node, Rule::value).count() as u64;
                if size > MAX_IN_VALUES {
                    let e = Error::TooLarge {
                        limit: Limit::InList,
                        size,
                    };
                    return Err(self.refuse_at(e, span));
                }
                Filter::In {
                    attr,
                    values: children(node, Rule::value)
                        .map(|v| self.literal(&v))
                        .collect::<Result<_>>()?,
                    span,
                }
            }
            Rule::is_null => Filter::IsNull {
                attr,
                negated: has(node, Rule::kw_not),
            },
            _ => Filter::Match {
                attr,
                op: if has(node, Rule::kw_starts) {
                    MatchOp::StartsWith
                } else if has(node, Rule::kw_ends) {
                    MatchOp::EndsWith
                } else {
                    MatchOp::Contains
                },
                value: self.literal(&required(node, Rule::value)?)?,
                span,
            },
        })
    }

    /// A field name of records of kind `F` (`op`, `action`, …), or an error that names the
    /// nearest field.
    pub(super) fn field<F: Field>(&self, node: &Node<'_>) -> Result<FieldRef<F>> {
        let name = node.as_str();
        match F::lookup(name) {
            Some(field) => Ok(FieldRef {
                field,
                span: span_of(node),
            }),
            None => {
                let hint = crate::suggest::hint(name, F::ALL.iter().map(|f| f.name()));
                let message = format!("unknown field `{name}` of {}{hint}", F::RECORDS);
                Err(self.syntax(message, span_of(node)))
            }
        }
    }
}

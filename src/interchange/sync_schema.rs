//! A synchronization job's schema in Microsoft Graph's JSON (`synchronizationSchema`, as
//! `GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema` returns it): what
//! `import sync "A to B" from "schema.json"` reads and `export sync … to "schema.json"` writes.
//!
//! mtodir reads the one rule's enabled object mapping of `User` to `User`:
//! - `flowTypes` (`"Add, Update, Delete"`) are the target object actions;
//! - `scope.groups` is the scoping filter: the groups ORed, each group's clauses ANDed, a
//!   clause on a null value false. Operators: `EQUALS` (`=`), `NOT EQUALS` (`!=`), `IS TRUE`,
//!   `IS FALSE` (`= true`, `= false`), `IS NULL`, `IS NOT NULL`, `Greater_Than` (`>`),
//!   `Greater_Than_OR_EQUALS` (`>=`), `Less_Than` (`<`), `Less_Than_OR_EQUALS` (`<=`),
//!   `Includes` (`contains`), `STARTS_WITH` and `ENDS_WITH` (`starts with`, `ends with`);
//!   names are read in any case, `_` or space alike. Values compare as mtodir's filters do
//!   (case- and accent-insensitively);
//! - `attributeMappings`: the target attribute, the source (`Attribute`, `Constant`, or
//!   `Function` with its `expression` in the service's syntax, parsed by
//!   [`crate::sync::expr`]), `flowType` (`Always`, or `ObjectAddOnly`: on create only) and
//!   `defaultValue` (kept as `Coalesce(source, "default")`, the value when the source is null;
//!   export writes it back as `defaultValue`). The mappings mtodir implies are checked and
//!   not kept: the home identity (`alternativeSecurityIds`, the matching attribute), the UPN
//!   (derived from the home UPN) and `IsSoftDeleted`.
//!
//! What cannot run as the service would is refused, every piece named by its JSON path
//! ([`crate::Error::ImportUnsupported`]): `REGEX MATCH`, bitwise clauses and unknown
//! operators, `categoryFilterGroups`/`inputFilterGroups`, flow types other than `Always` and
//! `ObjectAddOnly`, `FlowAlways`, a matching attribute other than the home identity,
//! attributes mtodir does not have, object mappings of other objects, a second rule. What has
//! no effect here is reported in [`SchemaIn::ignored`] (the `directories`, a disabled object
//! mapping, unknown properties). A syntax error is [`crate::Error::Import`] with its line and
//! column; a wrong type or value [`crate::Error::ImportJson`] with its JSON path; an
//! expression that does not parse [`crate::Error::ImportExpression`], its caret inside the
//! expression.

mod read;

use super::json_users::json_message;
use super::policy_json::strict::Strict;
use super::{Ignored, import_error, io_error, strip_bom, write_file};
use crate::error::{Error, Result};
use crate::model::sync::{Apply, Mapping, MappingSource, SyncConfig};
use crate::model::{CmpOp, Filter, Literal, MatchOp};
use crate::sync::expr::{Expr, Function, parse_expression};
use serde_json::{Value as Json, json};
use std::io::Write;
use std::path::Path;

/// At most this many filter groups are written for one scoping filter (its `or`s of `and`s
/// multiplied out).
pub const MAX_EXPORT_GROUPS: usize = 256;

/// One scoping clause read, with where it stands (so that the directory's refusal of it, a
/// value that does not fit its attribute, names its JSON path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseIn {
    /// Its JSON path (`synchronizationRules[0].objectMappings[0].scope.groups[0].clauses[1]`).
    pub at: String,
    /// The clause as a filter predicate.
    pub filter: Filter,
}

/// What a synchronization schema file holds, as mtodir keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaIn {
    /// The scoping filter (`None`: no filter groups).
    pub filter: Option<Filter>,
    /// Every clause of the filter, with its JSON path.
    pub clauses: Vec<ClauseIn>,
    /// The attribute mappings, in file order (the ones mtodir implies left out).
    pub mappings: Vec<Mapping>,
    /// The target object actions (`flowTypes`).
    pub actions: crate::model::sync::Actions,
    /// What was not imported because it has no effect here, with its JSON path.
    pub ignored: Vec<Ignored>,
}

/// A mapping mtodir implies: its target, the one source it may have, and why.
pub(crate) struct Implied {
    /// The source attribute it copies.
    pub source: &'static str,
    /// True for the matching attribute (a `matchingPriority` above 0 is the default).
    pub matches: bool,
    /// Why it is implied.
    pub why: &'static str,
}

/// The mapping mtodir implies for the target attribute `name`, if any.
pub(crate) fn identity_source(name: &str) -> Option<Implied> {
    let implied = [
        Implied {
            source: "alternativeSecurityIds",
            matches: true,
            why: "mtodir matches and links a B2B user by its home identity",
        },
        Implied {
            source: "userPrincipalName",
            matches: false,
            why: "mtodir derives a B2B user's `userPrincipalName` from its home UPN",
        },
        Implied {
            source: "IsSoftDeleted",
            matches: false,
            why: "mtodir soft-deletes a B2B user when its source leaves scope",
        },
    ];
    let name = if name.eq_ignore_ascii_case("alternativeSecurityId") {
        "alternativeSecurityIds"
    } else {
        name
    };
    implied.into_iter().find(|i| i.source.eq_ignore_ascii_case(name))
}

/// Reads the schema file at `real`; errors name it `name` (the path as the statement gave it).
pub fn read_schema(real: &Path, name: &Path) -> Result<SchemaIn> {
    let bytes = std::fs::read(real).map_err(|e| io_error(name, e))?;
    read_schema_from(&bytes, name)
}

/// Same from bytes; `name` is used in errors. Every piece is checked before anything is
/// returned: a file with an unsupported piece is refused as a whole.
pub fn read_schema_from(bytes: &[u8], name: &Path) -> Result<SchemaIn> {
    let Strict(doc) = serde_json::from_slice::<Strict>(strip_bom(bytes))
        .map_err(|e| import_error(name, e.line().max(1) as u64, json_message(&e)))?;
    let mut reader = read::Reader {
        name,
        ignored: Vec::new(),
        unsupported: Vec::new(),
    };
    let mut schema = reader.document(&doc)?;
    if !reader.unsupported.is_empty() {
        return Err(Error::ImportUnsupported {
            path: name.to_path_buf(),
            pieces: reader.unsupported,
        });
    }
    schema.ignored = reader.ignored;
    Ok(schema)
}

/// Writes [`schema_document`] of `config` to `real`, pretty-printed; an existing file is
/// replaced only once the new one is complete. `name` is used in errors.
pub fn write_schema(real: &Path, name: &Path, config: &SyncConfig) -> Result<()> {
    let document = schema_document(config)?;
    write_file(real, |out| {
        serde_json::to_writer_pretty(&mut *out, &document).map_err(|e| io_error(name, e.into()))?;
        out.write_all(b"\n").map_err(|e| io_error(name, e))
    })
}

/// A configuration's schema in Graph's shape: one rule with one object mapping of users, its
/// flow types, scope and attribute mappings (the home identity first, as the matching
/// attribute). [`read_schema_from`] reads it back to the same configuration. A scoping
/// filter with `not` (but `not … is null`) has no clauses to be written as
/// ([`Error::NotExportable`]).
pub fn schema_document(config: &SyncConfig) -> Result<Json> {
    let refuse = |why: String| Error::NotExportable {
        name: config.name.clone(),
        why,
    };
    let scope = match &config.filter {
        None => Json::Null,
        Some(filter) => {
            let groups = dnf(filter).map_err(refuse)?;
            let groups: Vec<Json> = groups
                .into_iter()
                .enumerate()
                .map(|(i, clauses)| json!({"name": format!("Group {}", i + 1), "clauses": clauses}))
                .collect();
            json!({"categoryFilterGroups": [], "groups": groups, "inputFilterGroups": []})
        }
    };
    let mut mappings = vec![mapping_json(
        "alternativeSecurityIds",
        attribute_source("alternativeSecurityIds"),
        Apply::Always,
        1,
        "",
    )];
    for m in &config.mappings {
        let (source, default) = source_json(&m.source).map_err(|e| refuse(e.to_string()))?;
        mappings.push(mapping_json(m.target.name(), source, m.apply, 0, &default));
    }
    let a = &config.actions;
    let flow_types: Vec<&str> = [(a.create, "Add"), (a.update, "Update"), (a.delete, "Delete")]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
    Ok(json!({
        "synchronizationRules": [{
            "name": "USER_OUTBOUND_USER",
            "sourceDirectoryName": "Azure Active Directory",
            "targetDirectoryName": "Azure Active Directory (target tenant)",
            "objectMappings": [{
                "enabled": true,
                "flowTypes": flow_types.join(", "),
                "name": "Provision Microsoft Entra ID Users",
                "sourceObjectName": "User",
                "targetObjectName": "User",
                "scope": scope,
                "attributeMappings": mappings,
            }],
        }],
        "directories": [],
    }))
}

fn mapping_json(target: &str, source: Json, apply: Apply, matching: i64, default: &str) -> Json {
    json!({
        "targetAttributeName": target,
        "source": source,
        "flowBehavior": "FlowWhenChanged",
        "flowType": match apply {
            Apply::Always => "Always",
            Apply::OnCreate => "ObjectAddOnly",
        },
        "matchingPriority": matching,
        "defaultValue": default,
        "exportMissingReferences": false,
    })
}

fn attribute_source(name: &str) -> Json {
    json!({"expression": format!("[{name}]"), "name": name, "parameters": [], "type": "Attribute"})
}

/// A mapping's source as an `attributeMappingSource`, and its default value: an expression
/// `Coalesce(x, "d")` is source `x` with default `d`.
fn source_json(source: &MappingSource) -> Result<(Json, String)> {
    Ok(match source {
        MappingSource::Direct(attr) => (attribute_source(attr.name()), String::new()),
        MappingSource::Constant(text) => (constant_source(text), String::new()),
        MappingSource::Expression(text) => {
            let expr = parse_expression(text)?;
            if let Expr::Call {
                function: Function::Coalesce,
                args,
                ..
            } = &expr
            {
                if let [Some(inner), Some(Expr::Str(default, _))] = args.as_slice() {
                    return Ok((expression_source(inner), default.clone()));
                }
            }
            (expression_source(&expr), String::new())
        }
    })
}

fn constant_source(text: &str) -> Json {
    json!({"expression": Expr::str(text).to_string(), "name": text, "parameters": [], "type": "Constant"})
}

/// An expression as a source: an attribute, a constant, or a function with its text (the
/// service reads the `expression`; mtodir writes no `parameters`).
fn expression_source(expr: &Expr) -> Json {
    match expr {
        Expr::Attribute(attr, _) => attribute_source(attr.name()),
        Expr::Str(text, _) => constant_source(text),
        Expr::Call { function, .. } => {
            json!({"expression": expr.to_string(), "name": function.name(), "parameters": [], "type": "Function"})
        }
        Expr::Number(..) | Expr::Compare { .. } => {
            json!({"expression": expr.to_string(), "name": "", "parameters": [], "type": "Function"})
        }
    }
}

/// A filter as filter groups of clauses: its `or`s of `and`s multiplied out.
fn dnf(filter: &Filter) -> std::result::Result<Vec<Vec<Json>>, String> {
    Ok(match filter {
        Filter::Cmp { .. } | Filter::IsNull { .. } | Filter::Match { .. } => vec![vec![clause(filter, false)?]],
        Filter::In { attr, values, .. } => values
            .iter()
            .map(|v| vec![clause_json("EQUALS", attr.attr.name(), &[v.text()])])
            .collect(),
        Filter::Or(parts) => {
            let mut groups = Vec::new();
            for part in parts {
                groups.extend(dnf(part)?);
                bounded(groups.len())?;
            }
            groups
        }
        Filter::And(parts) => {
            let mut groups: Vec<Vec<Json>> = vec![Vec::new()];
            for part in parts {
                let right = dnf(part)?;
                bounded(groups.len().saturating_mul(right.len()))?;
                let mut next = Vec::new();
                for left in &groups {
                    for r in &right {
                        next.push(left.iter().chain(r).cloned().collect());
                    }
                }
                groups = next;
            }
            groups
        }
        Filter::Not(inner) => match inner.as_ref() {
            Filter::IsNull { .. } => vec![vec![clause(inner, true)?]],
            Filter::Cmp { .. }
            | Filter::In { .. }
            | Filter::Match { .. }
            | Filter::And(_)
            | Filter::Or(_)
            | Filter::Not(_) => {
                return Err(
                    "its scoping filter has `not`, and Graph's clauses have no negation (but `is not null`)".into(),
                );
            }
        },
    })
}

fn bounded(groups: usize) -> std::result::Result<(), String> {
    if groups > MAX_EXPORT_GROUPS {
        return Err(format!(
            "its scoping filter multiplies out to more than {MAX_EXPORT_GROUPS} filter groups"
        ));
    }
    Ok(())
}

/// One predicate as a clause (`negated`: under a `not`, only `is null` comes here).
fn clause(filter: &Filter, negated: bool) -> std::result::Result<Json, String> {
    Ok(match filter {
        Filter::Cmp { attr, op, value, .. } => {
            let name = attr.attr.name();
            match (op, value) {
                (CmpOp::Eq, Literal::Bool(true)) => clause_json("IS TRUE", name, &[]),
                (CmpOp::Eq, Literal::Bool(false)) => clause_json("IS FALSE", name, &[]),
                (op, value) => {
                    let operator = match op {
                        CmpOp::Eq => "EQUALS",
                        CmpOp::Ne => "NOT EQUALS",
                        CmpOp::Gt => "Greater_Than",
                        CmpOp::Ge => "Greater_Than_OR_EQUALS",
                        CmpOp::Lt => "Less_Than",
                        CmpOp::Le => "Less_Than_OR_EQUALS",
                    };
                    clause_json(operator, name, &[value.text()])
                }
            }
        }
        Filter::IsNull { attr, negated: not } => {
            let operator = if *not != negated { "IS NOT NULL" } else { "IS NULL" };
            clause_json(operator, attr.attr.name(), &[])
        }
        Filter::Match { attr, op, value, .. } => {
            let operator = match op {
                MatchOp::Contains => "Includes",
                MatchOp::StartsWith => "STARTS_WITH",
                MatchOp::EndsWith => "ENDS_WITH",
            };
            clause_json(operator, attr.attr.name(), &[value.text()])
        }
        Filter::In { .. } | Filter::And(_) | Filter::Or(_) | Filter::Not(_) => {
            return Err("internal error: a compound filter taken for a clause".into());
        }
    })
}

fn clause_json(operator: &str, attr: &str, values: &[String]) -> Json {
    json!({"operatorName": operator, "sourceOperandName": attr, "targetOperand": {"values": values}})
}

#[cfg(test)]
mod tests;

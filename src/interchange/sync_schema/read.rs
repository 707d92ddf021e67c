//! Reading a synchronization schema: the walk from parsed JSON to [`SchemaIn`], with the JSON
//! path of everything it reports, refuses or cannot run.

use super::{ClauseIn, SchemaIn};
use crate::error::{Error, Result, Unsupported};
use crate::interchange::Ignored;
use crate::model::sync::Actions;
use crate::model::{Attr, CmpOp, Filter, Literal, MatchOp};

mod mappings;
use mappings::no_attribute;
use serde_json::{Map, Value as Json};
use std::path::Path;

/// `parent.key` (or `key` at the top).
fn key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// A JSON value in words, for type errors.
fn kind(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) => format!("\"{s}\""),
        Json::Array(_) => "an array".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    }
}

/// True for values that say nothing: `null`, `[]`, `{}`, `""`.
fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::Array(items) => items.is_empty(),
        Json::Object(members) => members.is_empty(),
        Json::String(s) => s.is_empty(),
        Json::Bool(_) | Json::Number(_) => false,
    }
}

/// True for OData annotations (`@odata.type`, `source@odata.type`).
fn annotation(name: &str) -> bool {
    name.contains('@')
}

/// A scoping clause's operator as mtodir reads it: the service's name in capitals, with
/// spaces for underscores (`Greater_Than_OR_EQUALS` is `GREATER THAN OR EQUALS`).
fn operator_key(name: &str) -> String {
    name.trim().to_uppercase().replace('_', " ")
}

/// Walks a parsed document, collecting what it ignores and what it cannot run.
pub(super) struct Reader<'a> {
    pub(super) name: &'a Path,
    pub(super) ignored: Vec<Ignored>,
    pub(super) unsupported: Vec<Unsupported>,
}

impl Reader<'_> {
    /// [`Error::ImportJson`] at `at`.
    fn error(&self, at: &str, message: impl Into<String>) -> Error {
        Error::ImportJson {
            path: self.name.to_path_buf(),
            json_path: if at.is_empty() {
                "(the document)".to_owned()
            } else {
                at.to_owned()
            },
            message: message.into(),
        }
    }

    fn ignore(&mut self, at: String, why: &str) {
        self.ignored.push(Ignored {
            at,
            why: why.to_owned(),
        });
    }

    fn unsupported(&mut self, json_path: String, why: impl Into<String>) {
        self.unsupported.push(Unsupported {
            json_path,
            why: why.into(),
        });
    }

    fn object<'j>(&self, value: &'j Json, at: &str, what: &str) -> Result<&'j Map<String, Json>> {
        match value {
            Json::Object(map) => Ok(map),
            other => Err(self.error(at, format!("{what} is an object, not {}", kind(other)))),
        }
    }

    fn array<'j>(&self, value: &'j Json, at: &str) -> Result<&'j [Json]> {
        match value {
            Json::Array(items) => Ok(items),
            Json::Null => Ok(&[]),
            other => Err(self.error(at, format!("expected an array, not {}", kind(other)))),
        }
    }

    fn string<'j>(&self, value: &'j Json, at: &str) -> Result<&'j str> {
        match value {
            Json::String(s) => Ok(s),
            other => Err(self.error(at, format!("expected a string, not {}", kind(other)))),
        }
    }

    /// A string member that may be missing or null.
    fn opt_string<'j>(&self, map: &'j Map<String, Json>, at: &str, name: &str) -> Result<Option<&'j str>> {
        match map.get(name) {
            None | Some(Json::Null) => Ok(None),
            Some(value) => self.string(value, &key(at, name)).map(Some),
        }
    }

    /// The whole document: `synchronizationRules` (one rule) and `directories`.
    pub(super) fn document(&mut self, doc: &Json) -> Result<SchemaIn> {
        let map = self.object(doc, "", "a synchronization schema")?;
        // Members in file order, so that reports come in file order.
        let mut schema = None;
        for (name, value) in map {
            match name.as_str() {
                "synchronizationRules" => schema = Some(self.rules(self.array(value, name)?)?),
                "directories" => {
                    if !is_empty(value) {
                        self.ignore(
                            name.clone(),
                            "directory definitions: mtodir has its own attribute catalogue",
                        );
                    }
                }
                "id" | "version" => {}
                _ if annotation(name) => {}
                _ => self.ignore(name.clone(), "unknown property"),
            }
        }
        schema.ok_or_else(|| self.error("", "a synchronization schema needs `synchronizationRules`"))
    }

    /// The rules: one.
    fn rules(&mut self, rules: &[Json]) -> Result<SchemaIn> {
        let Some(first) = rules.first() else {
            return Err(self.error("synchronizationRules", "the schema has no synchronization rule"));
        };
        let schema = self.rule(first, "synchronizationRules[0]")?;
        for i in 1..rules.len() {
            self.unsupported(
                format!("synchronizationRules[{i}]"),
                "a second synchronization rule: a configuration runs one",
            );
        }
        Ok(schema)
    }

    /// A rule: its one enabled object mapping of users.
    fn rule(&mut self, value: &Json, at: &str) -> Result<SchemaIn> {
        let map = self.object(value, at, "a synchronization rule")?;
        let mut mappings = None;
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "objectMappings" => mappings = Some(self.array(value, &here)?),
                "id" | "name" | "sourceDirectoryName" | "targetDirectoryName" | "editable" | "priority" => {}
                "metadata" => {
                    if !is_empty(value) {
                        self.ignore(here, "not modelled");
                    }
                }
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        let list_at = key(at, "objectMappings");
        let list = mappings.ok_or_else(|| self.error(at, "a synchronization rule needs `objectMappings`"))?;
        let mut users = None;
        for (j, om) in list.iter().enumerate() {
            let here = format!("{list_at}[{j}]");
            let map = self.object(om, &here, "an object mapping")?;
            let enabled = match map.get("enabled") {
                None | Some(Json::Null) => true,
                Some(Json::Bool(b)) => *b,
                Some(other) => {
                    let message = format!("expected true or false, not {}", kind(other));
                    return Err(self.error(&key(&here, "enabled"), message));
                }
            };
            if !enabled {
                self.ignore(here, "disabled: the service does not run it");
                continue;
            }
            let source = self.opt_string(map, &here, "sourceObjectName")?.unwrap_or("");
            let target = self.opt_string(map, &here, "targetObjectName")?.unwrap_or("");
            let of_users = source.eq_ignore_ascii_case("User") && target.eq_ignore_ascii_case("User");
            match (of_users, users.is_some()) {
                (true, false) => users = Some(self.object_mapping(map, &here)?),
                (true, true) => self.unsupported(here, "a second enabled object mapping of users"),
                (false, _) => self.unsupported(
                    here,
                    format!("an object mapping of `{source}` to `{target}`: mtodir synchronizes users only"),
                ),
            }
        }
        users.ok_or_else(|| self.error(&list_at, "no enabled object mapping of `User` to `User`"))
    }

    /// The object mapping of users: its flow types, scope and attribute mappings.
    fn object_mapping(&mut self, map: &Map<String, Json>, at: &str) -> Result<SchemaIn> {
        let mut out = SchemaIn {
            filter: None,
            clauses: Vec::new(),
            mappings: Vec::new(),
            actions: Actions {
                create: true,
                update: true,
                delete: true,
            },
            ignored: Vec::new(),
        };
        let mut mapped = false;
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "enabled" | "sourceObjectName" | "targetObjectName" | "name" => {}
                "flowTypes" => out.actions = self.flow_types(value, &here)?,
                "scope" => self.scope(value, &here, &mut out)?,
                "attributeMappings" => {
                    mapped = true;
                    out.mappings = self.mappings(value, &here)?;
                }
                "metadata" => {
                    if !is_empty(value) {
                        self.ignore(here, "not modelled");
                    }
                }
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        if !mapped {
            return Err(self.error(at, "the object mapping of users needs its `attributeMappings`"));
        }
        Ok(out)
    }

    /// `"Add, Update, Delete"`: the target object actions.
    fn flow_types(&self, value: &Json, at: &str) -> Result<Actions> {
        let mut actions = Actions {
            create: false,
            update: false,
            delete: false,
        };
        let text = match value {
            Json::Null => "Add, Update, Delete",
            other => self.string(other, at)?,
        };
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word.to_ascii_lowercase().as_str() {
                "add" => actions.create = true,
                "update" => actions.update = true,
                "delete" => actions.delete = true,
                _ => {
                    let message = format!("flow types are `Add`, `Update` and `Delete`, not `{word}`");
                    return Err(self.error(at, message));
                }
            }
        }
        Ok(actions)
    }

    /// The scope: its filter groups (ORed), each of clauses (ANDed).
    fn scope(&mut self, value: &Json, at: &str, out: &mut SchemaIn) -> Result<()> {
        let map = match value {
            Json::Null => return Ok(()),
            other => self.object(other, at, "a scope")?,
        };
        let mut groups = Vec::new();
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "groups" => {
                    for (g, group) in self.array(value, &here)?.iter().enumerate() {
                        let group_at = format!("{here}[{g}]");
                        let clauses = self.group(group, &group_at, out)?;
                        groups.push(all(clauses));
                    }
                }
                "categoryFilterGroups" | "inputFilterGroups" => {
                    if !is_empty(value) {
                        self.unsupported(
                            here,
                            "experimental filter groups: mtodir runs the scoping filter (`groups`)",
                        );
                    }
                }
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        if !groups.is_empty() {
            out.filter = Some(any(groups));
        }
        Ok(())
    }

    /// One filter group: its clauses.
    fn group(&mut self, value: &Json, at: &str, out: &mut SchemaIn) -> Result<Vec<Filter>> {
        let map = self.object(value, at, "a filter group")?;
        let mut clauses = Vec::new();
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "name" => {}
                "clauses" => {
                    for (c, clause) in self.array(value, &here)?.iter().enumerate() {
                        let clause_at = format!("{here}[{c}]");
                        if let Some(filter) = self.clause(clause, &clause_at)? {
                            out.clauses.push(ClauseIn {
                                at: clause_at,
                                filter: filter.clone(),
                            });
                            clauses.push(filter);
                        }
                    }
                }
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        if clauses.is_empty() && self.unsupported.is_empty() {
            return Err(self.error(at, "a filter group needs at least one clause"));
        }
        Ok(clauses)
    }

    /// One clause, as a filter predicate (`None`: it cannot be run, and is reported).
    fn clause(&mut self, value: &Json, at: &str) -> Result<Option<Filter>> {
        let map = self.object(value, at, "a filter clause")?;
        let mut values = Vec::new();
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "operatorName" | "sourceOperandName" => {}
                "targetOperand" => values = self.operand(value, &here)?,
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        let operator = self
            .opt_string(map, at, "operatorName")?
            .ok_or_else(|| self.error(at, "a clause needs its `operatorName`"))?;
        let operand = self
            .opt_string(map, at, "sourceOperandName")?
            .ok_or_else(|| self.error(at, "a clause needs its `sourceOperandName`"))?;
        let op_at = key(at, "operatorName");
        let Some(attr) = Attr::lookup(operand) else {
            self.unsupported(key(at, "sourceOperandName"), no_attribute(operand));
            return Ok(None);
        };
        let one = |reader: &Self| -> Result<Literal> {
            match values.as_slice() {
                [v] => Ok(Literal::Str(v.clone())),
                _ => Err(reader.error(
                    &key(at, "targetOperand.values"),
                    format!("`{operator}` compares with one value, not {}", values.len()),
                )),
            }
        };
        let cmp = |op, value| Filter::cmp(attr, op, value);
        let matching = |op, value| Filter::matching(attr, op, value);
        Ok(Some(match operator_key(operator).as_str() {
            "EQUALS" => cmp(CmpOp::Eq, one(self)?),
            "NOT EQUALS" => cmp(CmpOp::Ne, one(self)?),
            "IS TRUE" => cmp(CmpOp::Eq, Literal::Bool(true)),
            "IS FALSE" => cmp(CmpOp::Eq, Literal::Bool(false)),
            "IS NULL" => Filter::is_null(attr),
            "IS NOT NULL" => Filter::is_not_null(attr),
            "GREATER THAN" => cmp(CmpOp::Gt, one(self)?),
            "GREATER THAN OR EQUALS" => cmp(CmpOp::Ge, one(self)?),
            "LESS THAN" => cmp(CmpOp::Lt, one(self)?),
            "LESS THAN OR EQUALS" => cmp(CmpOp::Le, one(self)?),
            "INCLUDES" => matching(MatchOp::Contains, one(self)?),
            "STARTS WITH" => matching(MatchOp::StartsWith, one(self)?),
            "ENDS WITH" => matching(MatchOp::EndsWith, one(self)?),
            "REGEX MATCH" | "NOT REGEX MATCH" => {
                self.unsupported(
                    op_at,
                    format!("`{operator}`: mtodir's scoping filters have no regular expressions"),
                );
                return Ok(None);
            }
            "&" | "!&" => {
                self.unsupported(
                    op_at,
                    format!("`{operator}`: mtodir's scoping filters have no bitwise clauses"),
                );
                return Ok(None);
            }
            _ => {
                self.unsupported(op_at, format!("unknown operator `{operator}`"));
                return Ok(None);
            }
        }))
    }

    /// `targetOperand`: `{"values": [...]}`, its values as text.
    fn operand(&mut self, value: &Json, at: &str) -> Result<Vec<String>> {
        let map = match value {
            Json::Null => return Ok(Vec::new()),
            other => self.object(other, at, "a target operand")?,
        };
        let mut out = Vec::new();
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "values" => {
                    for (i, v) in self.array(value, &here)?.iter().enumerate() {
                        match v {
                            Json::String(s) => out.push(s.clone()),
                            Json::Number(n) => out.push(n.to_string()),
                            Json::Bool(b) => out.push(b.to_string()),
                            other => {
                                let message = format!("a value is text, not {}", kind(other));
                                return Err(self.error(&format!("{here}[{i}]"), message));
                            }
                        }
                    }
                }
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        Ok(out)
    }
}

/// Clauses ANDed (one clause is itself).
fn all(mut clauses: Vec<Filter>) -> Filter {
    if clauses.len() == 1 {
        clauses.remove(0)
    } else {
        Filter::And(clauses)
    }
}

/// Groups ORed (one group is itself).
fn any(mut groups: Vec<Filter>) -> Filter {
    if groups.len() == 1 {
        groups.remove(0)
    } else {
        Filter::Or(groups)
    }
}

//! Reading a schema's attribute mappings: the target, the source (an attribute, a constant,
//! an expression), the flow type, the matching priority and the default value.

use super::{Reader, annotation, key, kind};
use crate::error::{Error, Result};
use crate::interchange::sync_schema::identity_source;
use crate::model::sync::{Apply, Mapping, MappingSource};
use crate::model::{Attr, Literal, typing};
use crate::sync::expr::{Expr, Function, parse_expression};
use serde_json::Value as Json;

/// Where a mapped value comes from, as the file says.
enum SourceIn {
    Attribute(String),
    Constant(String),
    Function(Expr),
}

/// One `attributeMapping`, read.
struct MappingIn {
    target: String,
    source: SourceIn,
    apply: Apply,
    matching: i64,
    default: String,
}

impl Reader<'_> {
    /// The attribute mappings; the ones mtodir implies (the home identity, the UPN, the
    /// soft delete) are checked and left out.
    pub(super) fn mappings(&mut self, value: &Json, at: &str) -> Result<Vec<Mapping>> {
        let mut out: Vec<(String, Mapping)> = Vec::new();
        for (k, item) in self.array(value, at)?.iter().enumerate() {
            let here = format!("{at}[{k}]");
            let Some(read) = self.mapping(item, &here)? else {
                continue;
            };
            let Some(mapping) = self.convert(read, &here)? else {
                continue;
            };
            if let Some((first, _)) = out.iter().find(|(_, m)| m.target == mapping.target) {
                let message = format!("`{}` is mapped twice (first at {first})", mapping.target);
                return Err(self.error(&key(&here, "targetAttributeName"), message));
            }
            out.push((here, mapping));
        }
        Ok(out.into_iter().map(|(_, m)| m).collect())
    }

    /// One attribute mapping, as the file says it.
    fn mapping(&mut self, value: &Json, at: &str) -> Result<Option<MappingIn>> {
        let map = self.object(value, at, "an attribute mapping")?;
        let mut apply = Apply::Always;
        let mut matching = 0;
        let mut source = None;
        for (name, value) in map {
            let here = key(at, name);
            match name.as_str() {
                "targetAttributeName" | "defaultValue" => {}
                "source" => source = self.source(value, &here)?,
                "flowType" => match self.string(value, &here)? {
                    "Always" => apply = Apply::Always,
                    "ObjectAddOnly" => apply = Apply::OnCreate,
                    t @ ("MultiValueAddOnly" | "ValueAddOnly" | "AttributeAddOnly") => self.unsupported(
                        here,
                        format!("flow type `{t}`: mtodir applies a mapping always or on create only (`ObjectAddOnly`)"),
                    ),
                    other => return Err(self.error(&here, format!("unknown flow type `{other}`"))),
                },
                "flowBehavior" => match self.string(value, &here)? {
                    "FlowWhenChanged" => {}
                    "FlowAlways" => self.unsupported(
                        here,
                        "`FlowAlways`: mtodir writes a value when its source changes (`FlowWhenChanged`), \
                         so edits made in the target stay until then",
                    ),
                    other => return Err(self.error(&here, format!("unknown flow behavior `{other}`"))),
                },
                "matchingPriority" => {
                    matching = match value {
                        Json::Null => 0,
                        Json::Number(n) => n
                            .as_i64()
                            .ok_or_else(|| self.error(&here, format!("a priority is a whole number, not {n}")))?,
                        other => return Err(self.error(&here, format!("expected a number, not {}", kind(other)))),
                    }
                }
                "exportMissingReferences" => match value {
                    Json::Null | Json::Bool(false) => {}
                    Json::Bool(true) => self.ignore(here, "for the service's internal use"),
                    other => return Err(self.error(&here, format!("expected true or false, not {}", kind(other)))),
                },
                _ if annotation(name) => {}
                _ => self.ignore(here, "unknown property"),
            }
        }
        let target = self
            .opt_string(map, at, "targetAttributeName")?
            .ok_or_else(|| self.error(at, "an attribute mapping needs its `targetAttributeName`"))?;
        let default = self.opt_string(map, at, "defaultValue")?.unwrap_or("").to_owned();
        let Some(source) = source else {
            if !map.contains_key("source") {
                return Err(self.error(at, "an attribute mapping needs its `source`"));
            }
            return Ok(None);
        };
        Ok(Some(MappingIn {
            target: target.to_owned(),
            source,
            apply,
            matching,
            default,
        }))
    }

    /// An `attributeMappingSource` (`None`: reported as unsupported).
    fn source(&mut self, value: &Json, at: &str) -> Result<Option<SourceIn>> {
        let map = self.object(value, at, "a mapping source")?;
        for name in map.keys() {
            match name.as_str() {
                "type" | "name" | "expression" | "parameters" => {}
                _ if annotation(name) => {}
                _ => self.ignore(key(at, name), "unknown property"),
            }
        }
        let kind_at = key(at, "type");
        let source_type = self
            .opt_string(map, at, "type")?
            .ok_or_else(|| self.error(at, "a mapping source needs its `type`"))?;
        let name = self.opt_string(map, at, "name")?;
        let expression = self.opt_string(map, at, "expression")?.unwrap_or("");
        match source_type.to_ascii_lowercase().as_str() {
            "attribute" => match name.filter(|n| !n.is_empty()) {
                Some(n) => Ok(Some(SourceIn::Attribute(n.to_owned()))),
                None => Err(self.error(&key(at, "name"), "an attribute source names its attribute")),
            },
            "constant" => Ok(Some(SourceIn::Constant(name.unwrap_or("").to_owned()))),
            "function" if expression.trim().is_empty() => {
                self.unsupported(
                    key(at, "expression"),
                    "a function without its `expression` text (mtodir reads the expression)",
                );
                Ok(None)
            }
            "function" => match parse_expression(expression) {
                Ok(expr) => Ok(Some(SourceIn::Function(expr))),
                Err(Error::Syntax(diagnostic)) => Err(Error::ImportExpression {
                    path: self.name.to_path_buf(),
                    json_path: key(at, "expression"),
                    diagnostic,
                }),
                Err(other) => Err(self.error(&key(at, "expression"), other.to_string())),
            },
            _ => Err(self.error(
                &kind_at,
                format!("a source's type is `Attribute`, `Constant` or `Function`, not `{source_type}`"),
            )),
        }
    }

    /// A mapping as mtodir keeps it (`None`: implied by mtodir, or reported as unsupported).
    fn convert(&mut self, m: MappingIn, at: &str) -> Result<Option<Mapping>> {
        let target_at = key(at, "targetAttributeName");
        let source_name = match &m.source {
            SourceIn::Attribute(n) => Some(n.as_str()),
            SourceIn::Constant(_) | SourceIn::Function(_) => None,
        };
        // What mtodir does itself: match by home identity, derive the UPN, soft-delete.
        if let Some(implied) = identity_source(&m.target) {
            if source_name.is_none_or(|n| !n.eq_ignore_ascii_case(implied.source)) {
                self.unsupported(
                    key(at, "source"),
                    format!("{} (from `{}` only)", implied.why, implied.source),
                );
            } else if m.matching > 0 && !implied.matches {
                self.unsupported(key(at, "matchingPriority"), MATCHING);
            }
            return Ok(None);
        }
        if m.matching > 0 {
            self.unsupported(key(at, "matchingPriority"), MATCHING);
        }
        let Some(target) = Attr::lookup(&m.target) else {
            self.unsupported(target_at, no_attribute(&m.target));
            return Ok(None);
        };
        if !target.settable() {
            self.unsupported(
                target_at,
                format!("`{target}` is read-only in mtodir: it is not mapped"),
            );
            return Ok(None);
        }
        let default = (!m.default.is_empty()).then(|| Expr::str(m.default.clone()));
        let source_at = match m.source {
            SourceIn::Function(_) => "source.expression",
            SourceIn::Attribute(_) | SourceIn::Constant(_) => "source.name",
        };
        let source = match m.source {
            SourceIn::Attribute(name) => match (Attr::lookup(&name), default) {
                (None, _) => {
                    self.unsupported(key(at, "source.name"), no_attribute(&name));
                    return Ok(None);
                }
                (Some(Attr::Manager), Some(_)) => {
                    self.unsupported(key(at, "defaultValue"), "a reference (`manager`) has no default value");
                    return Ok(None);
                }
                (Some(attr), None) => MappingSource::Direct(attr),
                (Some(attr), Some(d)) => coalesce(Expr::attribute(attr), d)?,
            },
            SourceIn::Constant(text) => {
                if default.is_some() {
                    self.ignore(key(at, "defaultValue"), "never used: a constant is never null");
                }
                MappingSource::Constant(text)
            }
            SourceIn::Function(expr) => match (expr, default) {
                (expr, Some(d)) => coalesce(expr, d)?,
                (Expr::Attribute(attr, _), None) => MappingSource::Direct(attr),
                (Expr::Str(text, _), None) => MappingSource::Constant(text),
                (expr, None) => MappingSource::Expression(expr.to_string()),
            },
        };
        // A constant the attribute never takes is refused where it stands, as `map` refuses it.
        if let MappingSource::Constant(text) = &source {
            if let Err(e) = typing::assigned(target, &Literal::Str(text.clone())) {
                return Err(self.error(&key(at, source_at), e.to_string()));
            }
        }
        Ok(Some(Mapping {
            target,
            source,
            apply: m.apply,
        }))
    }
}

/// Why a matching attribute other than the home identity is refused.
const MATCHING: &str = "mtodir matches a source user by its home identity (`alternativeSecurityIds`) only";

/// "mtodir has no attribute `x` (did you mean `y`?)".
pub(super) fn no_attribute(name: &str) -> String {
    let hint = Attr::nearest(name)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    format!("mtodir has no attribute `{name}`{hint}")
}

/// A source with a default value: `Coalesce(source, "default")`, which is what the service
/// does with it (the default when the source evaluates to null).
fn coalesce(expr: Expr, default: Expr) -> Result<MappingSource> {
    let call = Expr::call(Function::Coalesce, vec![Some(expr), Some(default)])?;
    Ok(MappingSource::Expression(call.to_string()))
}

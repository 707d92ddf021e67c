//! `show provisioning logs`: a table of one line per entry, and with `--format json` every
//! entry whole, as Microsoft Graph's `provisioningObjectSummary` (its ids, action, status
//! with the error, source and target identities, modified properties old → new, and steps).
//! The shell streams the entries as they are read; a materialized answer holds both shapes.

use crate::api::LogQuery;
use crate::error::Result;
use crate::model::sync::{LogEntry, Status, Step};
use crate::model::{PropertyChange, Value, ids::format_millis};
use crate::output::{Output, RowSink, Rows};
use crate::session::Session;
use uuid::Uuid;

/// The table's columns.
const COLUMNS: [&str; 8] = [
    "sync", "at", "action", "status", "source", "target", "modified", "reason",
];

fn columns() -> Vec<String> {
    COLUMNS.map(String::from).to_vec()
}

/// The entries of `query` as a table and a Graph document, each entry made into its row
/// and its document as it is read (no entry is held). At most `bound` entries (the parser
/// refuses a larger `limit`): without a limit, reading one more tells that more follow.
pub(super) fn materialize(session: &Session<'_>, mut query: LogQuery<'_>, bound: u64) -> Result<Output> {
    let unlimited = query.limit.is_none();
    query.limit = Some(query.limit.unwrap_or(bound.saturating_add(1)));
    let mut rows = Rows::new(columns());
    let mut documents = Vec::new();
    session.scan_provisioning_logs(&query, |name, e| {
        if rows.rows.len() as u64 >= bound {
            rows.more = unlimited;
            return Ok(false);
        }
        rows.rows.push(row(name, &e));
        documents.push(summary(name, &e));
        Ok(true)
    })?;
    Ok(Output::Document {
        document: Value::List(documents),
        rows,
    })
}

/// The entries of `query` handed to `out` as they are read, each as its Graph document when
/// the sink prints those, else as its row (the shell's way: any number of entries in bounded
/// memory).
pub(super) fn stream(session: &Session<'_>, query: &LogQuery<'_>, out: &mut dyn RowSink) -> Result<Output> {
    out.start(&columns())?;
    let documents = out.wants_documents();
    let rows = session.scan_provisioning_logs(query, |name, e| {
        if documents {
            out.document(summary(name, &e))?;
        } else {
            out.row(row(name, &e))?;
        }
        Ok(true)
    })?;
    out.end(false)?;
    Ok(Output::Streamed { rows })
}

/// One line per entry: what most questions about a log need.
fn row(name: &str, e: &LogEntry) -> Vec<Value> {
    vec![
        Value::str(name),
        Value::Str(format_millis(e.at)),
        Value::str(e.action.as_str()),
        Value::str(e.status.as_str()),
        e.source.as_ref().map_or(Value::Null, |(_, u)| Value::str(u)),
        e.target.as_ref().map_or(Value::Null, |(_, u)| Value::str(u)),
        Value::List(e.modified.iter().map(|p| Value::str(&p.property)).collect()),
        Value::opt_str(e.reason.as_deref()),
    ]
}

fn field(name: &str, value: Value) -> (String, Value) {
    (name.to_owned(), value)
}

fn id(id: &Uuid) -> Value {
    Value::Str(id.to_string())
}

/// A `provisioningObjectSummary`. `id` is the entry's change id (unique per entry); the
/// configuration is the `servicePrincipal` (its job id and its name).
fn summary(name: &str, e: &LogEntry) -> Value {
    let error = match (&e.reason, e.status) {
        (Some(reason), Status::Failure | Status::Warning | Status::Skipped) => Value::Object(vec![
            field("errorCode", error_code(reason).map_or(Value::Null, Value::str)),
            field("reason", Value::str(reason)),
        ]),
        _ => Value::Null,
    };
    Value::Object(vec![
        field("id", id(&e.change_id)),
        field("activityDateTime", Value::Str(format_millis(e.at))),
        field("jobId", id(&e.job_id)),
        field("cycleId", id(&e.cycle_id)),
        field("changeId", id(&e.change_id)),
        field("provisioningAction", Value::str(e.action.as_str())),
        field(
            "provisioningStatusInfo",
            Value::Object(vec![
                field("status", Value::str(e.status.as_str())),
                field("errorInformation", error),
            ]),
        ),
        field(
            "servicePrincipal",
            Value::Object(vec![field("id", id(&e.job_id)), field("displayName", Value::str(name))]),
        ),
        field("sourceIdentity", identity(e.source.as_ref())),
        field("targetIdentity", identity(e.target.as_ref())),
        field(
            "modifiedProperties",
            Value::List(e.modified.iter().map(modified).collect()),
        ),
        field("provisioningSteps", Value::List(e.steps.iter().map(step).collect())),
    ])
}

/// The service's code that a reason starts with
/// (`AzureDirectoryB2BManagementPolicyCheckFailure: tenant B's …`), if it starts with one.
fn error_code(reason: &str) -> Option<&str> {
    let (code, _) = reason.split_once(':')?;
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

/// A `provisioningObjectSummary`'s `sourceIdentity` or `targetIdentity`; null when the
/// action has none (a target not yet created).
fn identity(who: Option<&(Uuid, String)>) -> Value {
    match who {
        None => Value::Null,
        Some((object, upn)) => Value::Object(vec![
            field("id", id(object)),
            field("displayName", Value::opt_str((!upn.is_empty()).then_some(upn.as_str()))),
            field("identityType", Value::str("User")),
        ]),
    }
}

/// A `modifiedProperty`: Graph gives values as text, and null as null.
fn modified(p: &PropertyChange) -> Value {
    let text = |v: &Value| {
        if v.is_null() {
            Value::Null
        } else {
            Value::Str(v.to_string())
        }
    };
    Value::Object(vec![
        field("displayName", Value::str(&p.property)),
        field("oldValue", text(&p.old)),
        field("newValue", text(&p.new)),
    ])
}

/// A `provisioningStep`.
fn step(s: &Step) -> Value {
    Value::Object(vec![
        field("name", Value::str(s.kind.as_str())),
        field("provisioningStepType", Value::str(s.kind.as_str())),
        field("status", Value::str(s.status.as_str())),
        field("description", Value::str(&s.detail)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sync::{Action, StepKind};

    fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
        match v {
            Value::Object(fields) => fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no {key} in {v:?}")),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn entry(status: Status, reason: Option<&str>) -> LogEntry {
        let ids = |n: u128| Uuid::from_u128(n);
        LogEntry {
            seq: 3,
            cycle_id: ids(1),
            change_id: ids(2),
            job_id: ids(3),
            at: 0,
            action: Action::Update,
            status,
            source: Some((ids(4), "ann@a.example".into())),
            target: None,
            modified: vec![PropertyChange {
                property: "jobTitle".into(),
                old: Value::Null,
                new: Value::Bool(true),
            }],
            steps: vec![Step {
                kind: StepKind::ReferenceResolution,
                status: Status::Skipped,
                detail: "manager: bob@a.example".into(),
            }],
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn an_entry_is_a_provisioning_object_summary() {
        let e = entry(Status::Success, None);
        let s = summary("A to B", &e);
        assert_eq!(get(&s, "id"), &id(&e.change_id));
        assert_eq!(get(&s, "cycleId"), &id(&e.cycle_id));
        assert_eq!(get(&s, "jobId"), &id(&e.job_id));
        assert_eq!(get(&s, "activityDateTime"), &Value::str("1970-01-01T00:00:00Z"));
        assert_eq!(get(&s, "provisioningAction"), &Value::str("update"));
        let info = get(&s, "provisioningStatusInfo");
        assert_eq!(get(info, "status"), &Value::str("success"));
        assert_eq!(get(info, "errorInformation"), &Value::Null);
        assert_eq!(get(get(&s, "servicePrincipal"), "displayName"), &Value::str("A to B"));
        assert_eq!(
            get(get(&s, "sourceIdentity"), "displayName"),
            &Value::str("ann@a.example")
        );
        assert_eq!(get(&s, "targetIdentity"), &Value::Null);
        let Value::List(props) = get(&s, "modifiedProperties") else {
            panic!()
        };
        assert_eq!(get(&props[0], "displayName"), &Value::str("jobTitle"));
        assert_eq!(get(&props[0], "oldValue"), &Value::Null);
        assert_eq!(get(&props[0], "newValue"), &Value::str("true"));
        let Value::List(steps) = get(&s, "provisioningSteps") else {
            panic!()
        };
        assert_eq!(
            get(&steps[0], "provisioningStepType"),
            &Value::str("referenceResolution")
        );
        assert_eq!(get(&steps[0], "status"), &Value::str("skipped"));
        assert_eq!(get(&steps[0], "description"), &Value::str("manager: bob@a.example"));
    }

    #[test]
    fn a_failure_carries_its_reason_as_the_error() {
        let e = entry(Status::Failure, Some("the target refused"));
        let info = get(&summary("A to B", &e), "provisioningStatusInfo").clone();
        let error = get(&info, "errorInformation");
        assert_eq!(get(error, "reason"), &Value::str("the target refused"));
        assert_eq!(get(error, "errorCode"), &Value::Null);
        let coded = "AzureDirectoryB2BManagementPolicyCheckFailure: tenant B's inbound sync is not on for tenant A";
        let e = entry(Status::Failure, Some(coded));
        let info = get(&summary("A to B", &e), "provisioningStatusInfo").clone();
        let error = get(&info, "errorInformation");
        assert_eq!(
            get(error, "errorCode"),
            &Value::str("AzureDirectoryB2BManagementPolicyCheckFailure")
        );
        assert_eq!(get(error, "reason"), &Value::str(coded));
        // A success has no error, even with a reason.
        let info = get(
            &summary("A to B", &entry(Status::Success, Some("x"))),
            "provisioningStatusInfo",
        )
        .clone();
        assert_eq!(get(&info, "errorInformation"), &Value::Null);
    }
}

use super::*;
use crate::model::sync::{Actions, default_mappings};
use crate::model::{Attr, Filter, MatchOp};

fn read(text: &str) -> Result<SchemaIn> {
    read_schema_from(text.as_bytes(), Path::new("schema.json"))
}

fn config(filter: Option<Filter>) -> SyncConfig {
    let mut mappings = default_mappings();
    mappings.retain(|m| m.target != Attr::JobTitle);
    mappings.push(Mapping {
        target: Attr::JobTitle,
        source: MappingSource::Expression(r#"Coalesce(Join(" ", [jobTitle], "(A)"), "Staff")"#.into()),
        apply: Apply::Always,
    });
    SyncConfig {
        id: uuid::Uuid::nil(),
        name: "A to B".into(),
        target: uuid::Uuid::nil(),
        scope: crate::model::sync::Scope::Assigned,
        users: vec![],
        groups: vec![],
        filter,
        mappings,
        actions: Actions {
            create: true,
            update: true,
            delete: false,
        },
        state: crate::model::sync::JobState::Paused,
        never_run: true,
        watermark: 0,
        initial_next: true,
        delete_threshold: None,
        staged: vec![],
        created: 0,
        last_cycle: None,
    }
}

#[test]
fn what_export_writes_reads_back_to_the_same_schema() {
    let filter = Filter::And(vec![
        Filter::eq(Attr::Department, "Sales"),
        Filter::cmp(Attr::AccountEnabled, CmpOp::Eq, true),
        Filter::Or(vec![
            Filter::matching(Attr::JobTitle, MatchOp::StartsWith, "Lead"),
            Filter::is_not_null(Attr::Mail),
        ]),
    ]);
    let c = config(Some(filter));
    let text = serde_json::to_string_pretty(&schema_document(&c).unwrap()).unwrap();
    let schema = read(&text).unwrap();
    assert!(schema.ignored.is_empty(), "{:?}", schema.ignored);
    assert_eq!(schema.actions, c.actions);
    assert_eq!(schema.mappings, c.mappings);
    // Two groups: the `or` multiplied out, three clauses each.
    assert_eq!(schema.clauses.len(), 6);
    let again = config(schema.filter.clone());
    let text2 = serde_json::to_string_pretty(&schema_document(&again).unwrap()).unwrap();
    assert_eq!(text, text2);
    assert!(text.contains("\"defaultValue\": \"Staff\""), "{text}");
    assert!(text.contains("\"flowTypes\": \"Add, Update\""), "{text}");
}

#[test]
fn not_is_refused_on_export_but_not_is_null() {
    let ok = config(Some(Filter::Not(Box::new(Filter::is_null(Attr::Mail)))));
    let text = schema_document(&ok).unwrap().to_string();
    assert!(text.contains("IS NOT NULL"), "{text}");
    let refused = config(Some(Filter::Not(Box::new(Filter::eq(Attr::City, "Oslo")))));
    assert!(matches!(schema_document(&refused), Err(Error::NotExportable { .. })));
}

#[test]
fn operators_read_in_any_case_and_spelling() {
    let text = r#"{"synchronizationRules": [{"objectMappings": [{"enabled": true,
        "sourceObjectName": "User", "targetObjectName": "User", "flowTypes": "Add",
        "scope": {"groups": [{"clauses": [
            {"operatorName": "not_equals", "sourceOperandName": "city", "targetOperand": {"values": ["Oslo"]}},
            {"operatorName": "GREATER THAN OR EQUALS", "sourceOperandName": "employeeId", "targetOperand": {"values": ["10"]}}
        ]}]},
        "attributeMappings": []}]}]}"#;
    let schema = read(text).unwrap();
    assert_eq!(
        schema.filter,
        Some(Filter::And(vec![
            Filter::ne(Attr::City, "Oslo"),
            Filter::cmp(Attr::EmployeeId, CmpOp::Ge, "10"),
        ]))
    );
    assert!(schema.actions.create && !schema.actions.update && !schema.actions.delete);
}

//! Cross-tenant synchronization: configurations (a source tenant pushing B2B members into a
//! target tenant) and provisioning log entries, with Microsoft Graph's names: a job's
//! `status.code` (`NotRun`, `Active`, `Paused`, `Quarantine`), a `provisioningObjectSummary`
//! per object action.

use super::ids::Millis;
use super::query::Filter;
use super::{Attr, PropertyChange};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The default accidental-deletion threshold (deletes and disables in one cycle).
pub const DEFAULT_DELETE_THRESHOLD: u64 = 500;

/// Who is in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The assigned users and the direct members of the assigned groups.
    Assigned,
    /// Every internal user of the source.
    AllUsers,
}

/// Where a mapped value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingSource {
    /// The source attribute of the same or another name.
    Direct(Attr),
    /// A constant.
    Constant(String),
    /// An expression in the service's function syntax (`Join(" ", [givenName], [surname])`).
    Expression(String),
}

/// When a mapping applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Apply {
    /// On create and on every update (`Always`).
    Always,
    /// On create only (`ObjectAddOnly`).
    OnCreate,
}

/// One attribute mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The target attribute.
    pub target: Attr,
    /// Its source.
    pub source: MappingSource,
    /// When it applies.
    pub apply: Apply,
}

/// The target object actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actions {
    /// Create users.
    pub create: bool,
    /// Update users.
    pub update: bool,
    /// Soft-delete users that leave scope.
    pub delete: bool,
}

/// A job's state (`status.code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    /// Paused (new configurations start so).
    Paused,
    /// Started: cycles run when asked.
    Active,
    /// Held, with the service's reason (`TooManyDeletes`,
    /// `AzureDirectoryB2BManagementPolicyCheckFailure`).
    Quarantine(String),
}

/// What the last cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    /// The cycle's id.
    pub id: Uuid,
    /// When it ran.
    pub at: Millis,
    /// True for an initial cycle.
    pub initial: bool,
    /// Source users it looked at.
    pub examined: u64,
    /// Users created, updated, deleted, disabled, skipped, failed.
    pub created: u64,
    /// Updated.
    pub updated: u64,
    /// Soft-deleted.
    pub deleted: u64,
    /// Disabled.
    pub disabled: u64,
    /// Skipped (an action off, nothing to do that the log records).
    pub skipped: u64,
    /// Failed.
    pub failed: u64,
}

impl CycleSummary {
    /// True when the cycle wrote users: created, updated, deleted or disabled any.
    pub fn changed(&self) -> bool {
        self.created + self.updated + self.deleted + self.disabled > 0
    }
}

/// A cross-tenant synchronization configuration of its source tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConfig {
    /// Its id (the job id).
    pub id: Uuid,
    /// Its name, unique in the source tenant.
    pub name: String,
    /// The target tenant's id.
    pub target: Uuid,
    /// Who is in scope.
    pub scope: Scope,
    /// Assigned users (source user ids).
    pub users: Vec<Uuid>,
    /// Assigned groups (source group ids).
    pub groups: Vec<Uuid>,
    /// Scoping filter: a user must pass it (clauses on null values are false).
    pub filter: Option<Filter>,
    /// Attribute mappings.
    pub mappings: Vec<Mapping>,
    /// Target object actions.
    pub actions: Actions,
    /// Job state.
    pub state: JobState,
    /// True until a cycle has run.
    pub never_run: bool,
    /// The source feed's sequence number the last cycle read up to.
    pub watermark: u64,
    /// True when the next cycle must be initial (new, restarted, scope or mappings changed).
    pub initial_next: bool,
    /// Accidental-deletion prevention: at most this many deletes and disables per cycle
    /// (`None`: off).
    pub delete_threshold: Option<u64>,
    /// Deletions held by the threshold: target user ids (`stageddelete`).
    pub staged: Vec<Uuid>,
    /// When it was created.
    pub created: Millis,
    /// The last cycle.
    pub last_cycle: Option<CycleSummary>,
}

/// The default attribute mappings: the seeds' synchronized property table, each applied
/// always, but `userType`, a constant `Member` on create only, and `showInAddressList`,
/// mapped true.
pub fn default_mappings() -> Vec<Mapping> {
    let direct = [
        Attr::AccountEnabled,
        Attr::City,
        Attr::Country,
        Attr::Department,
        Attr::DisplayName,
        Attr::EmployeeId,
        Attr::GivenName,
        Attr::JobTitle,
        Attr::MailNickname,
        Attr::Manager,
        Attr::PhysicalDeliveryOfficeName,
        Attr::PostalCode,
        Attr::PreferredLanguage,
        Attr::State,
        Attr::StreetAddress,
        Attr::Surname,
        Attr::TelephoneNumber,
        Attr::Mail,
    ];
    let mut out: Vec<Mapping> = direct
        .iter()
        .map(|&a| Mapping {
            target: a,
            source: MappingSource::Direct(a),
            apply: Apply::Always,
        })
        .collect();
    out.push(Mapping {
        target: Attr::UserType,
        source: MappingSource::Constant("Member".into()),
        apply: Apply::OnCreate,
    });
    out.push(Mapping {
        target: Attr::ShowInAddressList,
        source: MappingSource::Constant("true".into()),
        apply: Apply::Always,
    });
    out
}

/// A `provisioningAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// `create`
    Create,
    /// `update`
    Update,
    /// `delete` (a soft delete)
    Delete,
    /// `stageddelete` (held by the accidental-deletion threshold)
    StagedDelete,
    /// `disable`
    Disable,
    /// `other` (a precondition, a restore, a skip)
    Other,
}

impl Action {
    /// As Graph writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::StagedDelete => "stageddelete",
            Action::Disable => "disable",
            Action::Other => "other",
        }
    }
}

/// A `provisioningStatusInfo.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// `success`
    Success,
    /// `warning`
    Warning,
    /// `failure`
    Failure,
    /// `skipped`
    Skipped,
}

impl Status {
    /// As Graph writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Success => "success",
            Status::Warning => "warning",
            Status::Failure => "failure",
            Status::Skipped => "skipped",
        }
    }
}

/// A `provisioningStep` type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    /// `import`: the source object was read.
    Import,
    /// `scoping`: in or out of scope.
    Scoping,
    /// `matching`: the target object found (or not).
    Matching,
    /// `processing`: what to do.
    Processing,
    /// `referenceResolution`: the manager.
    ReferenceResolution,
    /// `export`: the write to the target.
    Export,
}

impl StepKind {
    /// As Graph writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Import => "import",
            StepKind::Scoping => "scoping",
            StepKind::Matching => "matching",
            StepKind::Processing => "processing",
            StepKind::ReferenceResolution => "referenceResolution",
            StepKind::Export => "export",
        }
    }
}

/// One step of a provisioning action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Its type.
    pub kind: StepKind,
    /// Its outcome.
    pub status: Status,
    /// What happened, in words (stored by number when it is one of the
    /// [`super::log_words::PHRASES`]).
    #[serde(with = "super::log_words::detail")]
    pub detail: String,
}

/// A `provisioningObjectSummary`: one object action of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Position in the configuration's log.
    pub seq: u64,
    /// The cycle.
    pub cycle_id: Uuid,
    /// This action.
    pub change_id: Uuid,
    /// The configuration (job).
    pub job_id: Uuid,
    /// When.
    pub at: Millis,
    /// What.
    pub action: Action,
    /// How it went.
    pub status: Status,
    /// The source user (id and UPN), when the action is about one.
    pub source: Option<(Uuid, String)>,
    /// The target user (id and UPN), when there is one.
    pub target: Option<(Uuid, String)>,
    /// The properties written (old → new); stored with attributes named by
    /// [`super::log_words::changes`].
    #[serde(with = "super::log_words::changes")]
    pub modified: Vec<PropertyChange>,
    /// The steps.
    pub steps: Vec<Step>,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
}

/// A [`LogEntry`] told by reference, for storing one without first copying its texts and
/// values into an entry: it has the entry's fields in the entry's order, each serializing as
/// the entry's does (a `&str` as a `String`, a slice as a `Vec`), and bincode writes fields by
/// position, so it encodes to the same bytes as the [`LogEntry`] of the same content (a test
/// holds them equal) and is read back as one.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LogEntryRef<'a> {
    /// Position in the configuration's log.
    pub seq: u64,
    /// The cycle.
    pub cycle_id: Uuid,
    /// This action.
    pub change_id: Uuid,
    /// The configuration (job).
    pub job_id: Uuid,
    /// When.
    pub at: Millis,
    /// What.
    pub action: Action,
    /// How it went.
    pub status: Status,
    /// The source user (id and UPN).
    pub source: Option<(Uuid, &'a str)>,
    /// The target user (id and UPN).
    pub target: Option<(Uuid, &'a str)>,
    /// The properties written: each set from null to its value (a create).
    pub modified: FirstValues<'a>,
    /// The steps.
    pub steps: &'a [StepRef<'a>],
    /// Why it failed or was skipped.
    pub reason: Option<&'a str>,
}

/// A [`Step`] told by reference (see [`LogEntryRef`]).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StepRef<'a> {
    /// Its type.
    pub kind: StepKind,
    /// Its outcome.
    pub status: Status,
    /// What happened, in words.
    #[serde(serialize_with = "super::log_words::detail::serialize")]
    pub detail: &'a str,
}

/// Properties given their first values, serialized as the [`PropertyChange`]s from null to
/// each value that a [`LogEntry`] of a create holds.
#[derive(Debug, Clone, Copy)]
pub struct FirstValues<'a>(pub &'a [(Attr, super::Value)]);

impl Serialize for FirstValues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::log_words::changes::serialize_first(self.0, serializer)
    }
}

/// The fields of a [`LogEntry`] that `show provisioning logs … where` filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogField {
    /// `action`: create, update, delete, stageddelete, disable, other
    Action,
    /// `status`: success, warning, failure, skipped
    Status,
    /// `source`: the source user's UPN
    Source,
    /// `target`: the target user's UPN
    Target,
    /// `property`: any property the action modified
    Property,
    /// `reason`: why it failed or was skipped
    Reason,
    /// `seq`
    Seq,
    /// `at`: when (compared with a date or an RFC 3339 time, or milliseconds)
    At,
    /// `cycle`: the cycle's id (Graph's `cycleId`)
    Cycle,
    /// `change`: the entry's own id (Graph's `id` and `changeId`)
    Change,
}

impl super::record::Field for LogField {
    const ALL: &'static [LogField] = &[
        LogField::Action,
        LogField::Status,
        LogField::Source,
        LogField::Target,
        LogField::Property,
        LogField::Reason,
        LogField::Seq,
        LogField::At,
        LogField::Cycle,
        LogField::Change,
    ];
    const RECORDS: &'static str = "a provisioning log entry";

    fn name(self) -> &'static str {
        match self {
            LogField::Action => "action",
            LogField::Status => "status",
            LogField::Source => "source",
            LogField::Target => "target",
            LogField::Property => "property",
            LogField::Reason => "reason",
            LogField::Seq => "seq",
            LogField::At => "at",
            LogField::Cycle => "cycle",
            LogField::Change => "change",
        }
    }
}

impl super::record::Record for LogEntry {
    type Field = LogField;

    fn field(&self, field: LogField) -> super::Value {
        use super::Value;
        match field {
            LogField::Action => Value::str(self.action.as_str()),
            LogField::Status => Value::str(self.status.as_str()),
            LogField::Source => self.source.as_ref().map_or(Value::Null, |(_, upn)| Value::str(upn)),
            LogField::Target => self.target.as_ref().map_or(Value::Null, |(_, upn)| Value::str(upn)),
            LogField::Property => Value::List(self.modified.iter().map(|p| Value::str(&p.property)).collect()),
            LogField::Reason => Value::opt_str(self.reason.as_deref()),
            LogField::Seq => Value::Int(i64::try_from(self.seq).unwrap_or(i64::MAX)),
            LogField::At => Value::Int(self.at),
            LogField::Cycle => Value::Str(self.cycle_id.to_string()),
            LogField::Change => Value::Str(self.change_id.to_string()),
        }
    }
}

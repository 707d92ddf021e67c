//! The value codec: a value-version byte, then the bincode encoding of a serde value.
//!
//! bincode writes a struct's fields by position, without names, so a value can only be read
//! back as the shape it was written in. The version byte says which shape that was: every
//! stored type implements [`Stored`], whose [`Stored::VERSION`] is the version of the shape
//! this build writes. [`decode`] reads today's version directly, hands an older one to
//! [`Stored::upgrade`] (which decodes the old shape and converts it: old files open and read
//! without an export), and refuses a newer one clearly instead of misreading it.
//!
//! Changing a stored struct (a field added, removed, retyped or reordered) therefore means:
//! 1. copy today's struct into a private `…V<n>` struct (serde derives, same fields, same
//!    order), which decodes the values already on disk;
//! 2. change the struct and bump its `VERSION` to `n + 1` in the impl below;
//! 3. in its `upgrade`, decode version `n` with [`body`] as the old struct and convert it
//!    (for older versions, chain: convert to `n`, then to today);
//! 4. if the change alters what [`super::index::derive`] yields for a stored value, the
//!    derived tables change too: that is a file format bump with an upgrade step in
//!    `migrate.rs` that rebuilds them (see docs/ARCHITECTURE.md, "Files that last").
//!
//! Values are upgraded when read and written back in today's version when next changed; the
//! file keeps both versions side by side until then, which every reader of this build
//! understands.

use crate::error::{Error, Result};
use crate::model::sync::{LogEntry, SyncConfig};
use crate::model::{Change, Group, Organization, Partner, Policy, Tenant, User};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A type stored as a value of the store, with the version of its stored shape.
pub trait Stored: Serialize + DeserializeOwned {
    /// The version byte this build writes for this type (1 for every type so far). Bump it
    /// when the struct's serialized shape changes, and teach [`Stored::upgrade`] the old one.
    const VERSION: u8;

    /// What one value is called in messages (`user`).
    const NAME: &'static str;

    /// Reads a value written in an earlier `version` (below [`Stored::VERSION`]) of this
    /// type, whose bincode bytes are `body`, and converts it to today's shape. The default
    /// knows no earlier version and refuses clearly.
    fn upgrade(version: u8, body: &[u8]) -> Result<Self> {
        let _ = body;
        Err(Error::Format(format!(
            "a stored {} has value version {version}, which this build of mtodir cannot read \
             (it reads version {})",
            Self::NAME,
            Self::VERSION
        )))
    }
}

impl Stored for Tenant {
    const VERSION: u8 = 1;
    const NAME: &'static str = "tenant";
}

impl Stored for User {
    const VERSION: u8 = 1;
    const NAME: &'static str = "user";
}

impl Stored for Group {
    const VERSION: u8 = 1;
    const NAME: &'static str = "group";
}

impl Stored for Policy {
    const VERSION: u8 = 1;
    const NAME: &'static str = "default access configuration";
}

impl Stored for Partner {
    const VERSION: u8 = 1;
    const NAME: &'static str = "partner access configuration";
}

impl Stored for Organization {
    const VERSION: u8 = 1;
    const NAME: &'static str = "multitenant organization";
}

impl Stored for SyncConfig {
    const VERSION: u8 = 1;
    const NAME: &'static str = "synchronization configuration";
}

impl Stored for LogEntry {
    /// 2: steps' fixed phrases by number and modified attributes by attribute
    /// ([`crate::model::log_words`]).
    const VERSION: u8 = 2;
    const NAME: &'static str = "provisioning log entry";

    fn upgrade(version: u8, payload: &[u8]) -> Result<LogEntry> {
        match version {
            1 => Ok(body::<LogEntryV1>(payload)?.into()),
            _ => Err(Error::Format(format!(
                "a stored provisioning log entry has value version {version}, which this build of mtodir cannot read"
            ))),
        }
    }
}

/// A provisioning log entry of value version 1 (file formats 3 and 4): every step's detail
/// and every modified property's name spelled out.
#[derive(serde::Serialize, serde::Deserialize)]
struct LogEntryV1 {
    seq: u64,
    cycle_id: uuid::Uuid,
    change_id: uuid::Uuid,
    job_id: uuid::Uuid,
    at: crate::model::Millis,
    action: crate::model::sync::Action,
    status: crate::model::sync::Status,
    source: Option<(uuid::Uuid, String)>,
    target: Option<(uuid::Uuid, String)>,
    modified: Vec<crate::model::PropertyChange>,
    steps: Vec<StepV1>,
    reason: Option<String>,
}

/// A step of a [`LogEntryV1`].
#[derive(serde::Serialize, serde::Deserialize)]
struct StepV1 {
    kind: crate::model::sync::StepKind,
    status: crate::model::sync::Status,
    detail: String,
}

impl From<LogEntryV1> for LogEntry {
    fn from(old: LogEntryV1) -> LogEntry {
        LogEntry {
            seq: old.seq,
            cycle_id: old.cycle_id,
            change_id: old.change_id,
            job_id: old.job_id,
            at: old.at,
            action: old.action,
            status: old.status,
            source: old.source,
            target: old.target,
            modified: old.modified,
            steps: old
                .steps
                .into_iter()
                .map(|s| crate::model::sync::Step {
                    kind: s.kind,
                    status: s.status,
                    detail: s.detail,
                })
                .collect(),
            reason: old.reason,
        }
    }
}

impl Stored for Change {
    /// 2: the object's GUID and UPN, the actor and the changed properties.
    const VERSION: u8 = 2;
    const NAME: &'static str = "change-feed entry";

    fn upgrade(version: u8, payload: &[u8]) -> Result<Change> {
        match version {
            1 => Ok(body::<ChangeV1>(payload)?.into()),
            _ => Err(Error::Format(format!(
                "a stored change-feed entry has value version {version}, which this build of mtodir cannot read"
            ))),
        }
    }
}

/// A change-feed entry of value version 1 (file format 3): the object by ordinal only, no
/// actor and no properties.
#[derive(serde::Deserialize)]
struct ChangeV1 {
    seq: u64,
    object: crate::model::ObjOrd,
    op: crate::model::ChangeOp,
    at: crate::model::Millis,
}

impl From<ChangeV1> for Change {
    /// The user of a version-1 entry is known by its ordinal only (shown as `#ordinal`), and
    /// the entry was made before actors were recorded (shown as the operator).
    fn from(old: ChangeV1) -> Change {
        Change {
            seq: old.seq,
            object: uuid::Uuid::nil(),
            subject: crate::model::Subject::User,
            name: format!("#{}", old.object.0),
            op: old.op,
            actor: crate::model::Actor::Operator,
            at: old.at,
            properties: Vec::new(),
        }
    }
}

/// The capacity [`encode`] starts from: a user record of the usual attributes fits.
const ENCODE_CAPACITY: usize = 512;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes `value` behind its type's version byte.
pub fn encode<T: Stored>(value: &T) -> Result<Vec<u8>> {
    // Room for a typical record, so that encoding does not grow the buffer byte by byte.
    let mut out = Vec::with_capacity(ENCODE_CAPACITY);
    out.push(T::VERSION);
    bincode::serde::encode_into_std_write(value, &mut out, config())
        .map_err(|e| Error::Format(format!("cannot encode a {}: {e}", T::NAME)))?;
    Ok(out)
}

/// Encodes `value` as [`encode`] does into `out`, which is cleared first: a caller writing many
/// values reuses one buffer instead of growing a new one for each.
pub fn encode_into<T: Stored>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    encode_as::<T>(value, out)
}

/// Encodes `value` into `out` (cleared first) as a stored `T`: behind `T`'s version byte.
/// `value` must serialize exactly as a `T` does (a borrowed view of one, such as
/// [`crate::model::sync::LogEntryRef`]), so that [`decode`] reads it back as a `T`.
pub fn encode_as<T: Stored>(value: &impl Serialize, out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    out.push(T::VERSION);
    bincode::serde::encode_into_std_write(value, out, config())
        .map_err(|e| Error::Format(format!("cannot encode a {}: {e}", T::NAME)))?;
    Ok(())
}

/// Decodes a value written by [`encode`] of this build or of an earlier one: today's
/// version directly, an earlier one through [`Stored::upgrade`]; a later one is refused.
pub fn decode<T: Stored>(bytes: &[u8]) -> Result<T> {
    match bytes.split_first() {
        Some((&version, payload)) if version == T::VERSION => body(payload),
        Some((&version, _)) if version > T::VERSION => Err(Error::Format(format!(
            "a stored {} has value version {version}, written by a newer mtodir; this build reads \
             versions up to {}",
            T::NAME,
            T::VERSION
        ))),
        Some((&version, payload)) => T::upgrade(version, payload),
        None => Err(Error::Format(format!("a stored {} is empty", T::NAME))),
    }
}

/// Decodes the bincode bytes of a value after its version byte as `T`: the one way to read
/// a body, for [`decode`] and for the old shapes an [`Stored::upgrade`] reads.
pub fn body<T: DeserializeOwned>(payload: &[u8]) -> Result<T> {
    bincode::serde::decode_from_slice(payload, config())
        .map(|(value, _)| value)
        .map_err(|e| Error::damaged(format!("a stored value cannot be read: {e}")))
}

/// Decodes the bincode bytes of a value after its version byte as `T`, borrowing its text
/// from `payload` (a view such as [`crate::model::UserView`]; no `String` is allocated).
pub fn body_borrowed<'a, T: serde::Deserialize<'a>>(payload: &'a [u8]) -> Result<T> {
    bincode::serde::borrow_decode_from_slice(payload, config())
        .map(|(value, _)| value)
        .map_err(|e| Error::damaged(format!("a stored value cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A stored type at its first version.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct BadgeV1 {
        name: String,
        level: u32,
    }

    impl Stored for BadgeV1 {
        const VERSION: u8 = 1;
        const NAME: &'static str = "badge";
    }

    /// The same type after a change: a field added in the middle, one retyped. Its version 2
    /// keeps a decoder for version 1.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Badge {
        name: String,
        color: Option<String>,
        level: u64,
    }

    impl Stored for Badge {
        const VERSION: u8 = 2;
        const NAME: &'static str = "badge";

        fn upgrade(version: u8, payload: &[u8]) -> Result<Badge> {
            match version {
                1 => {
                    let old: BadgeV1 = body(payload)?;
                    Ok(Badge {
                        name: old.name,
                        color: None,
                        level: u64::from(old.level),
                    })
                }
                _ => Err(Error::Format(format!("a stored badge has value version {version}"))),
            }
        }
    }

    #[test]
    fn round_trips_behind_the_types_version() {
        let badge = Badge {
            name: "annie".into(),
            color: Some("teal".into()),
            level: 7,
        };
        let bytes = encode(&badge).unwrap();
        assert_eq!(bytes[0], 2);
        assert_eq!(decode::<Badge>(&bytes).unwrap(), badge);
    }

    #[test]
    fn an_old_version_is_upgraded_when_read_and_written_back_in_the_new_one() {
        let old = encode(&BadgeV1 {
            name: "annie".into(),
            level: 3,
        })
        .unwrap();
        assert_eq!(old[0], 1);
        let upgraded: Badge = decode(&old).unwrap();
        assert_eq!(
            upgraded,
            Badge {
                name: "annie".into(),
                color: None,
                level: 3
            }
        );
        // Read as version 2 without the upgrade, the old bytes would be misread or refused:
        // the version byte is what tells them apart.
        assert!(body::<Badge>(&old[1..]).map_or(true, |b| b != upgraded));
        let rewritten = encode(&upgraded).unwrap();
        assert_eq!(rewritten[0], 2);
        assert_eq!(decode::<Badge>(&rewritten).unwrap(), upgraded);
    }

    #[test]
    fn newer_unknown_and_empty_values_are_refused_clearly() {
        let mut bytes = encode(&BadgeV1 {
            name: "bob".into(),
            level: 1,
        })
        .unwrap();
        bytes[0] = 9;
        let newer = decode::<BadgeV1>(&bytes).unwrap_err().to_string();
        assert!(newer.contains("newer") && newer.contains("badge"), "{newer}");
        // A type with no upgrade refuses an older version by default.
        bytes[0] = 0;
        let older = decode::<BadgeV1>(&bytes).unwrap_err().to_string();
        assert!(
            older.contains("value version 0") && older.contains("cannot read"),
            "{older}"
        );
        assert!(matches!(decode::<Badge>(&[]), Err(Error::Format(_))));
    }

    #[test]
    fn the_stored_types_are_at_their_versions() {
        // A version bump needs an upgrade from every earlier version files may hold.
        assert_eq!(
            [User::VERSION, Tenant::VERSION, Group::VERSION, Change::VERSION],
            [1, 1, 1, 2]
        );
    }

    #[test]
    fn a_user_view_reads_every_attribute_as_the_user_does() {
        use crate::model::{Attr, ObjOrd, Source, TenantOrd, UserView};
        let mut user = User::new(
            uuid::Uuid::from_u128(7),
            ObjOrd(42),
            TenantOrd(3),
            "annie@a.example",
            99,
        );
        for (i, attr) in Attr::ALL.iter().enumerate() {
            if attr.settable() && *attr != Attr::Manager {
                let value = match attr {
                    Attr::AccountEnabled | Attr::ShowInAddressList => crate::model::Value::Bool(false),
                    Attr::UserType => crate::model::Value::str("Guest"),
                    _ => crate::model::Value::str(format!("Ünïcode {i} — text")),
                };
                let _ = user.set(*attr, value);
            }
        }
        user.manager = Some(ObjOrd(5));
        user.member_of = vec![ObjOrd(8), ObjOrd(9)];
        user.deleted = Some(123);
        let b2b = User {
            source: Source::B2b {
                home_tenant: uuid::Uuid::from_u128(1),
                home_object: uuid::Uuid::from_u128(2),
            },
            display_name: None,
            ..user.clone()
        };
        for u in [user, b2b] {
            let bytes = encode(&u).unwrap();
            let view: UserView<'_> = body_borrowed(&bytes[1..]).unwrap();
            for &attr in Attr::ALL {
                assert_eq!(view.get(attr), u.get(attr), "{attr:?}");
                assert_eq!(
                    view.text(attr).map(str::to_owned),
                    u.view().text(attr).map(str::to_owned)
                );
            }
            assert_eq!(view, u.view());
        }
    }

    #[test]
    fn a_version_1_change_feed_entry_upgrades() {
        #[derive(Serialize)]
        struct V1 {
            seq: u64,
            object: crate::model::ObjOrd,
            op: crate::model::ChangeOp,
            at: i64,
        }
        let mut bytes = vec![1u8];
        bincode::serde::encode_into_std_write(
            V1 {
                seq: 7,
                object: crate::model::ObjOrd(42),
                op: crate::model::ChangeOp::Update,
                at: 5,
            },
            &mut bytes,
            config(),
        )
        .unwrap();
        let change: Change = decode(&bytes).unwrap();
        assert_eq!((change.seq, change.name.as_str(), change.at), (7, "#42", 5));
        assert_eq!(change.actor, crate::model::Actor::Operator);
    }

    /// A create's entry as a cycle writes it: fixed phrases, attribute names, one UPN-bearing
    /// detail.
    fn create_entry() -> LogEntry {
        use crate::model::sync::{Action, Status, Step, StepKind};
        use crate::model::{PropertyChange, Value, log_words};
        let id = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
        let step = |kind, detail: &str| Step {
            kind,
            status: Status::Success,
            detail: detail.to_owned(),
        };
        LogEntry {
            seq: 12,
            cycle_id: id,
            change_id: id,
            job_id: id,
            at: 1_764_500_000_000,
            action: Action::Create,
            status: Status::Success,
            source: Some((id, "ann@a.example".into())),
            target: Some((id, "ann_a.example#EXT#@b.example".into())),
            modified: [
                ("displayName", Value::str("Ann Émile")),
                ("accountEnabled", Value::Bool(true)),
                ("userType", Value::str("Member")),
                ("isSoftDeleted", Value::Bool(false)),
                ("showInAddressList", Value::Null),
            ]
            .into_iter()
            .map(|(p, v)| PropertyChange {
                property: p.to_owned(),
                old: Value::Null,
                new: v,
            })
            .collect(),
            steps: vec![
                step(StepKind::Import, log_words::READ),
                step(StepKind::Scoping, log_words::IN_SCOPE),
                step(StepKind::Matching, log_words::NO_MATCH),
                step(StepKind::Processing, log_words::CREATING),
                step(StepKind::Export, "created ann_a.example#EXT#@b.example"),
            ],
            reason: Some("a free text".into()),
        }
    }

    #[test]
    fn a_version_1_provisioning_log_entry_upgrades_to_the_same_entry() {
        let entry = create_entry();
        let v1 = LogEntryV1 {
            seq: entry.seq,
            cycle_id: entry.cycle_id,
            change_id: entry.change_id,
            job_id: entry.job_id,
            at: entry.at,
            action: entry.action,
            status: entry.status,
            source: entry.source.clone(),
            target: entry.target.clone(),
            modified: entry.modified.clone(),
            steps: entry
                .steps
                .iter()
                .map(|s| StepV1 {
                    kind: s.kind,
                    status: s.status,
                    detail: s.detail.clone(),
                })
                .collect(),
            reason: entry.reason.clone(),
        };
        let mut old = vec![1u8];
        bincode::serde::encode_into_std_write(&v1, &mut old, config()).unwrap();
        assert_eq!(decode::<LogEntry>(&old).unwrap(), entry);
        let new = encode(&entry).unwrap();
        assert_eq!(new[0], 2);
        assert_eq!(decode::<LogEntry>(&new).unwrap(), entry);
        // The phrases and attribute names are what version 2 leaves out.
        assert!(
            new.len() * 3 < old.len() * 2,
            "{} bytes against {}",
            new.len(),
            old.len()
        );
    }
}

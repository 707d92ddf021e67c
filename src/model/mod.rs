//! Plain data: the objects mtodir stores. Nothing here knows about storage or the language.

pub mod access;
pub mod attr;
pub mod change;
pub mod group;
pub mod ids;
pub mod log_words;
pub mod organization;
pub mod query;
pub mod record;

pub mod tenant;
pub mod typing;
pub mod user;
pub mod value;

pub use access::{AccessType, Origin, Partner, Policy, Setting, SettingValue, Target, TargetType, Targets};
pub use attr::{Attr, AttrKind};
pub use change::{Actor, Change, ChangeField, ChangeOp, PropertyChange, Subject};
pub use group::Group;
pub use ids::{Millis, ObjOrd, TenantOrd};
pub use organization::{Labels, Member, MemberState, Organization, Role, Template};
pub use query::{AttrRef, CmpOp, Direction, FieldRef, Filter, Literal, MatchOp, SearchKind, Span};
pub use record::{Field, Record};
pub use tenant::Tenant;
pub use typing::TypeError;
pub use user::{Home, NewUser, Source, Text, User, UserType, UserView};
pub use value::Value;
pub mod sync;

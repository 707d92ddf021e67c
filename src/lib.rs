//! # mtodir
//!
//! An embedded database for the directories of multitenant organizations: tenants and their
//! users, groups, people search scoped to one tenant, in one transactional redb file, queried
//! with MTOQL.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let directory = mtodir::Directory::open(dir.path().join("org.redb")).unwrap();
//! let mut session = directory.session();
//! session.execute("demo").unwrap();
//! let out = session.execute("search people in tenant B where userType = Member").unwrap();
//! let names = out[0].rows().unwrap().strings("displayName");
//! assert!(names.iter().any(|n| n.starts_with("Bob")));
//! assert!(names.iter().any(|n| n.starts_with("Barbara")));
//! assert!(!names.iter().any(|n| n.starts_with("Annie")));
//! ```

pub mod api;
pub mod demo;
pub mod directory;
pub mod error;
pub mod fold;
pub mod format;
pub mod generate;
pub mod interchange;
pub mod lang;
pub mod limits;
pub mod model;
pub mod output;
pub mod present;
pub mod progress_bar;
pub mod repl;
pub mod rights;
pub mod search;
pub mod session;
pub mod store;
pub mod suggest;

pub use api::{GroupSummary, Search, TenantSummary, people};
pub use directory::{Batch, BatchReport, Directory, FileAccess, Options};
pub use error::{Diagnostic, Error, Kind, Result};
pub use lang::{parse_filter, parse_script};
pub use limits::Limit;
pub use model::{Attr, CmpOp, Direction, Filter, Home, Literal, MatchOp, NewUser, SearchKind, Value};
pub use output::{Output, Rows};
pub use rights::{Action, Principal};
pub use session::{Progress, Session};

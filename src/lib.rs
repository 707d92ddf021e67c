//! # mtodir
//!
//! An embedded database for the directories of multitenant organizations: tenants and their
//! users, groups, people search scoped to one tenant, in one transactional redb file, queried
//! with MTOQL.
//!
//! The typed API (the language is a client of it):
//!
//! ```
//! use mtodir::{Attr, Batch, Directory, Error, Filter, NewUser, Search, SearchKind, Value};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let directory = Directory::open(dir.path().join("org.redb")).unwrap();
//! let mut session = directory.session();
//! session.create_tenant("A", Some("Contoso"), &["a.example".into()]).unwrap();
//! let annie = NewUser::new("annie@a.example", vec![
//!     (Attr::DisplayName, Value::str("Annie Adams")),
//!     (Attr::Department, Value::str("R&D")),
//! ]);
//! session.create_user("A", &annie).unwrap();
//! let more = vec![NewUser::new("ann.lee@a.example", vec![]), NewUser::new("annie@a.example", vec![])];
//! let report = session.create_users("A", more, Batch::Each).unwrap();
//! assert_eq!(report.done, 1);
//! assert!(matches!(report.refused[0].1, Error::UpnTaken { .. }));
//!
//! let search = Search::new(SearchKind::People)
//!     .text("ann")
//!     .filter(Filter::eq(Attr::Department, "r&d"))
//!     .limit(25);
//! let found = session.find("A", &search).unwrap();
//! assert_eq!(found.users[0].user_principal_name, "annie@a.example");
//! let parsed = mtodir::parse_filter("department = \"R&D\" and not city = Oslo").unwrap();
//! assert_eq!(session.count_matches("A", &Search::new(SearchKind::Find).filter(parsed)).unwrap(), 1);
//! ```
//!
//! And MTOQL through the same session:
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let directory = mtodir::Directory::open(dir.path().join("org.redb")).unwrap();
//! let mut session = directory.session();
//! session.execute("demo").unwrap();
//! let out = session.execute("search people in tenant B where userType = Member").unwrap();
//! let names = out[0].rows().unwrap().strings("displayName");
//! // The demo shares each tenant's Collab group and runs the syncs: B finds all four.
//! assert_eq!(names, ["Annie Adams", "Barbara Becker", "Bob Baker", "Charlie Chen"]);
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
pub mod sync;

pub use api::{GroupSummary, Search, TenantSummary, people};
pub use directory::{Batch, BatchReport, Directory, FileAccess, Options};
pub use error::{Diagnostic, Error, Kind, Result};
pub use lang::{parse_filter, parse_script};
pub use limits::Limit;
pub use model::{Attr, CmpOp, Direction, Filter, Home, Literal, MatchOp, NewUser, SearchKind, Value};
pub use output::{Output, RowSink, Rows};
pub use rights::{Action, Principal};
pub use session::{Progress, Session};
pub use store::problems::{CheckReport, Integrity, Problem};
pub use store::rebuild::Rebuilt;

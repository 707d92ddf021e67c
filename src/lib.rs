//! # mtodir
//!
//! An embedded database for the directories of multitenant organizations: tenants and their
//! users, groups, people search scoped to one tenant, in one transactional redb file, queried
//! with MTOQL.

pub mod error;
pub mod fold;
pub mod interchange;
pub mod lang;
pub mod model;
pub mod output;
pub mod suggest;

pub use error::{Diagnostic, Error, Result};
pub use model::{Attr, Value};
pub use output::{Output, Rows};

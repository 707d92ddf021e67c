//! Cross-tenant synchronization: configurations (`config`), the attribute mappings (`map`)
//! and their expression language (`expr`), the cycles that provision B2B members from a
//! source tenant into a target tenant and log every object action (`cycle`, `provision`),
//! the admin center's sharing flow (`share`), and the diagnosis of who is findable where
//! (`diagnose`, with what the log last said about a user: `logged`).

pub mod config;
pub mod cycle;
pub mod diagnose;
pub mod expr;
mod log;
mod logged;
pub mod map;
mod provision;
pub mod share;

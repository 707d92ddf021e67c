//! MTOQL: the grammar binding, the syntax tree, and the executor.

pub mod ast;
pub mod bulk;
pub mod exec;
pub mod help;
pub mod parser;
pub mod present;

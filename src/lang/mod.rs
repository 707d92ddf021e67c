//! MTOQL: the grammar binding, the syntax tree, and the executor.

pub mod ast;
pub mod help;
pub mod parser;

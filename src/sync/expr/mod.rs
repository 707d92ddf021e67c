//! The attribute-mapping expressions of cross-tenant synchronization, in the function syntax
//! of Microsoft Entra's provisioning service: `Join(" ", [givenName], [surname])`,
//! `Switch([country], "Unknown", "US", "United States", "DE", "Germany")`.
//!
//! Its own small language with its own grammar (`grammar/expression.pest`), independent of
//! MTOQL: the MTOQL statement that maps an attribute hands the expression text to
//! [`parse_expression`].
//!
//! - `[givenName]`: an attribute of the source user, by its Graph name or an alias, in any
//!   case (`[GivenName]`);
//! - `"text"`: a string, with `\"` for a quote and `\\` for a backslash;
//! - `12`, `-3`: whole numbers (`Left([givenName], 1)`);
//! - `Name(argument, …)`: a call of a [`Function`], its name in any case; an argument may be
//!   left empty where the parameter is optional (`Replace([mail], "@a.example", , , "", , )`);
//! - `left = right` (also `<>`, `<`, `<=`, `>`, `>=`): a comparison, as `IIF` and `CBool` take
//!   conditions in the service's examples (`IIF([country] = "US", "USA", [country])`).
//!
//! An expression [evaluates](Expr::eval) purely against the source user's attributes to a
//! [`Value`](crate::Value); null means the mapping provisions nothing.
//! [`Expr::attributes`] names what it reads, and its `Display` is the canonical text
//! (`parse_expression(&e.to_string()) == Ok(e)`).

mod ast;
mod errors;
mod eval;
mod functions;
mod parse;
mod replace;
#[cfg(test)]
mod tests;
mod text;

pub use ast::Expr;
pub use eval::bool_text;
pub use functions::{Function, UNSUPPORTED};
pub use parse::{MAX_DEPTH, parse_expression};

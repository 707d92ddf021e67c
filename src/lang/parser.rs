//! The pest grammar binding: text to [`Located`] statements.

use super::ast::Located;
use crate::error::Result;

/// Parses MTOQL text into statements.
pub fn parse(_text: &str) -> Result<Vec<Located>> {
    Err(crate::Error::invalid("the parser is being written"))
}

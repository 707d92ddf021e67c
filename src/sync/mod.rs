//! Cross-tenant synchronization: the sync engine lives here. It provisions users of a source
//! tenant into a target tenant of the same organization, each target attribute from an
//! attribute mapping; [`expr`] is the language of those mappings.

pub mod expr;

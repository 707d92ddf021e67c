//! Identifiers: public GUIDs, and the compact ordinals that keys and indexes store.

use serde::{Deserialize, Serialize};

/// A tenant's compact ordinal, the first four bytes of every per-tenant key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TenantOrd(pub u32);

/// An object's (user's or group's) compact ordinal, unique in the whole store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjOrd(pub u32);

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

/// The current time in milliseconds since the Unix epoch.
pub fn now_millis() -> Millis {
    jiff::Timestamp::now().as_millisecond()
}

/// Formats milliseconds since the epoch as RFC 3339 (`2026-11-22T10:00:00Z`), as Graph does:
/// to the second, cut (not rounded), so that a time read off a table and typed into a filter
/// (`at >= "…"`) keeps the record it was read from.
pub fn format_millis(ms: Millis) -> String {
    let second = jiff::TimestampRound::new()
        .smallest(jiff::Unit::Second)
        .mode(jiff::RoundMode::Trunc);
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.round(second).unwrap_or(t).to_string())
        .unwrap_or_else(|_| ms.to_string())
}

/// Parses an RFC 3339 timestamp (as written by [`format_millis`]) back into milliseconds.
pub fn parse_millis(text: &str) -> Option<Millis> {
    text.parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_to_the_second_cut_and_read_back() {
        let at = parse_millis("2026-12-01T04:52:08Z").unwrap();
        assert_eq!(format_millis(at + 999), "2026-12-01T04:52:08Z");
        assert_eq!(format_millis(at), "2026-12-01T04:52:08Z");
        assert_eq!(format_millis(at - 1), "2026-12-01T04:52:07Z");
        assert_eq!(parse_millis(&format_millis(at + 600)), Some(at));
    }
}

//! Shared code of the synchronization benchmark (`benches/sync.rs`): the profiles, mtodir's
//! side through the typed `Session` API, the SQLite mirror of the same cycles, and the report.

pub mod disk;
pub mod mtodir_side;
pub mod profile;
pub mod report;
pub mod sqlite_side;

/// The bench's result type.
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

use std::time::Duration;

/// The `p`-quantile (nearest rank) of `times`, sorted in place.
pub fn quantile(times: &mut [Duration], p: f64) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    times.sort();
    let rank = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
    times[rank - 1]
}

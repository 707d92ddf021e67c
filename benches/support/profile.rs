//! Bench profiles (`MTODIR_BENCH=smoke|small|full`): how large the data is, how many queries
//! each mix holds, and how long criterion measures.

use std::time::Duration;

/// A bench profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// ≈ 3k users in scope, 9k objects: runs in seconds (CI's `-- --test`).
    Smoke,
    /// ≈ 100k users in scope, 300k objects (the default).
    Small,
    /// 1M users in scope, 3M objects: by hand.
    Full,
}

impl Profile {
    /// The profile named by `MTODIR_BENCH` (default `small`).
    pub fn from_env() -> Profile {
        match std::env::var("MTODIR_BENCH").as_deref() {
            Ok("smoke") => Profile::Smoke,
            Ok("full") => Profile::Full,
            Ok("small") | Err(_) => Profile::Small,
            Ok(other) => panic!("MTODIR_BENCH={other}: expected smoke, small or full"),
        }
    }

    /// The profile's name, as in `MTODIR_BENCH`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Smoke => "smoke",
            Profile::Small => "small",
            Profile::Full => "full",
        }
    }

    /// Users in the searched tenant's scope (the file holds three tenants of this size).
    pub fn scope_users(self) -> u64 {
        match self {
            Profile::Smoke => 3_000,
            Profile::Small => 100_000,
            Profile::Full => 1_000_000,
        }
    }

    /// How many queries each class's mix draws (with repetitions: common prefixes recur).
    pub fn mix_size(self) -> usize {
        match self {
            Profile::Smoke => 20,
            Profile::Small | Profile::Full => 200,
        }
    }

    /// Users imported per criterion iteration of the bulk-import group.
    pub fn criterion_import_users(self) -> u64 {
        match self {
            Profile::Smoke => 1_000,
            Profile::Small => 10_000,
            Profile::Full => 100_000,
        }
    }

    /// Users imported by the summary's one timed import per engine (the "1M users"
    /// in `full`).
    pub fn summary_import_users(self) -> u64 {
        self.scope_users()
    }

    /// Users in the CSV file both engines import as processes (`import_cli`): the summary's
    /// import size, or in test mode at most the smoke size (the first rows of tenant S).
    pub fn cli_import_users(self, test_mode: bool) -> u64 {
        if test_mode {
            self.summary_import_users().min(Profile::Smoke.summary_import_users())
        } else {
            self.summary_import_users()
        }
    }

    /// The scope sizes of the scaling series (the profile's own size is the last).
    pub fn scaling_series(self) -> Vec<u64> {
        match self {
            Profile::Smoke => vec![1_000, 3_000],
            Profile::Small => vec![10_000, 100_000],
            Profile::Full => vec![10_000, 100_000, 1_000_000],
        }
    }

    /// Criterion's warm-up and measurement time for fast benchmarks.
    pub fn criterion_times(self) -> (Duration, Duration) {
        match self {
            Profile::Smoke => (Duration::from_millis(300), Duration::from_secs(1)),
            Profile::Small | Profile::Full => (Duration::from_secs(1), Duration::from_secs(3)),
        }
    }

    /// The summary's timed passes over each mix: at most this many, and more than one only
    /// while the class stays under [`Profile::pass_budget`].
    pub fn max_passes(self) -> usize {
        match self {
            Profile::Smoke => 1,
            Profile::Small | Profile::Full => 3,
        }
    }

    /// The time after which the summary stops adding passes (or stops its warm-up).
    pub fn pass_budget(self) -> Duration {
        match self {
            Profile::Smoke => Duration::from_secs(2),
            Profile::Small | Profile::Full => Duration::from_secs(20),
        }
    }

    /// Queries per class whose full answers (no limit) both engines compare.
    pub fn verify_queries(self) -> usize {
        match self {
            Profile::Smoke => 10,
            Profile::Small => 10,
            Profile::Full => 5,
        }
    }
}

/// True when criterion runs in test mode (`cargo bench -- --test`, or `cargo test --benches`):
/// every benchmark once, and the summary takes one quick pass.
pub fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--test") || !has("--bench")
}

/// True when criterion only lists the benchmarks (`-- --list`).
pub fn list_mode() -> bool {
    std::env::args().any(|a| a == "--list")
}

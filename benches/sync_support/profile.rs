//! Profiles (`MTODIR_BENCH=smoke|small|full`, default `small`): the scopes of the initial and
//! incremental cycles, the mesh's shape, and the repetitions.

/// A bench profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Seconds: CI's `-- --test`.
    Smoke,
    /// The default: 10k and 100k scopes, a 10 × 10k mesh; a few minutes.
    Small,
    /// By hand: adds the 1M scope and the 10 × 100k mesh.
    Full,
}

/// The shape of the reciprocal mesh.
#[derive(Debug, Clone, Copy)]
pub struct Mesh {
    /// Tenants, each synchronizing all its users to every other.
    pub tenants: usize,
    /// Generated users per tenant.
    pub users: u64,
}

impl Profile {
    /// The profile `MTODIR_BENCH` names (default `small`).
    pub fn from_env() -> Profile {
        match std::env::var("MTODIR_BENCH").as_deref() {
            Ok("smoke") => Profile::Smoke,
            Ok("full") => Profile::Full,
            Ok("small") | Err(_) => Profile::Small,
            Ok(other) => panic!("MTODIR_BENCH={other}: expected smoke, small or full"),
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Smoke => "smoke",
            Profile::Small => "small",
            Profile::Full => "full",
        }
    }

    /// Source tenant sizes (generated users) of the initial and incremental cycles
    /// (`MTODIR_SYNC_SCOPES=100000,…` overrides them, e.g. for a profiler).
    pub fn scopes(self) -> Vec<u64> {
        if let Ok(list) = std::env::var("MTODIR_SYNC_SCOPES") {
            return list
                .split(',')
                .map(|n| n.trim().parse().expect("MTODIR_SYNC_SCOPES: numbers"))
                .collect();
        }
        match self {
            Profile::Smoke => vec![2_000],
            Profile::Small => vec![10_000, 100_000],
            Profile::Full => vec![10_000, 100_000, 1_000_000],
        }
    }

    /// Timed initial cycles per engine at a scope (each into a fresh copy of the same file).
    pub fn initial_reps(self, scope: u64) -> usize {
        match (self, scope) {
            (Profile::Smoke, _) => 1,
            (_, s) if s <= 10_000 => 5,
            (_, s) if s <= 100_000 => 2,
            _ => 1,
        }
    }

    /// Timed incremental cycles of 100 changes per engine and scope
    /// (`MTODIR_SYNC_INCREMENTAL_REPS=…` overrides it, e.g. for a profiler).
    pub fn incremental_reps(self) -> usize {
        if let Some(n) = std::env::var("MTODIR_SYNC_INCREMENTAL_REPS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
        {
            return n;
        }
        match self {
            Profile::Smoke => 3,
            Profile::Small | Profile::Full => 30,
        }
    }

    /// The reciprocal mesh.
    pub fn mesh(self) -> Mesh {
        match self {
            Profile::Smoke => Mesh { tenants: 3, users: 500 },
            Profile::Small => Mesh {
                tenants: 10,
                users: 10_000,
            },
            Profile::Full => Mesh {
                tenants: 10,
                users: 100_000,
            },
        }
    }

    /// Timed passes over each typeahead query (the median is kept).
    pub fn search_passes(self) -> usize {
        match self {
            Profile::Smoke => 3,
            Profile::Small | Profile::Full => 31,
        }
    }
}

/// Changes per incremental cycle (the 100).
pub const CHANGES: usize = 100;

/// True when criterion runs in test mode (`cargo bench -- --test`, or `cargo test --benches`).
pub fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--test") || !has("--bench")
}

/// True when criterion only lists the benchmarks (`-- --list`).
pub fn list_mode() -> bool {
    std::env::args().any(|a| a == "--list")
}

/// The parts `MTODIR_SYNC_PARTS` selects (comma-separated: `criterion`, `initial`,
/// `incremental`, `mesh`; default all). `incremental` needs `initial`'s files and runs it.
pub fn wants(part: &str) -> bool {
    wants_in("MTODIR_SYNC_PARTS", part)
}

/// The attribute the incremental cycle's changes set, and its SQLite column
/// (`MTODIR_SYNC_CHANGE`): `jobTitle` (the default), which mtodir keeps an equality posting
/// for, or `telephoneNumber`, which it does not (nor does the mirror index either).
pub fn changed_attribute() -> (mtodir::Attr, &'static str) {
    match std::env::var("MTODIR_SYNC_CHANGE").as_deref() {
        Ok("telephoneNumber") => (mtodir::Attr::TelephoneNumber, "telephoneNumber"),
        Ok("jobTitle") | Err(_) => (mtodir::Attr::JobTitle, "jobTitle"),
        Ok(other) => panic!("MTODIR_SYNC_CHANGE={other}: expected jobTitle or telephoneNumber"),
    }
}

/// The value the `i`th change of round `round` sets (the same for both engines).
pub fn changed_value(round: usize, i: usize) -> String {
    format!("Title {round}.{i}")
}

/// Whether the mesh also converges SQLite's mirror (`MTODIR_SYNC_MESH_ENGINES`, default
/// `mtodir,sqlite`). At 10 × 100k the two converged files do not fit on this machine's disk
/// one after the other (mtodir ~25 GB, SQLite more), so the full mesh can run mtodir alone and
/// read its ratio from the `small` profile's mesh.
pub fn mesh_with_sqlite() -> bool {
    wants_in("MTODIR_SYNC_MESH_ENGINES", "sqlite")
}

fn wants_in(variable: &str, part: &str) -> bool {
    match std::env::var(variable) {
        Ok(list) => list.split(',').any(|p| p.trim() == part),
        Err(_) => true,
    }
}

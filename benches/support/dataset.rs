//! The benchmark data: three tenants of N generated users each (the searched tenant `S` and
//! two others, so the file holds 3N objects), stored once in mtodir and mirrored into SQLite,
//! cached under `target/bench-data/<label>-<params hash>/` and rebuilt only when missing.

use super::sqlite_store;
use super::{Res, io_context};
use mtodir::generate::{self, GenParams};
use mtodir::{Batch, Directory, Options};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bump when what the cache holds changes in a way its parameters do not show.
const DATA_VERSION: u32 = 1;

/// One tenant of the data set.
#[derive(Debug, Clone, Copy)]
pub struct TenantSpec {
    /// Its handle (`S` is the searched scope).
    pub handle: &'static str,
    /// Its display name.
    pub name: &'static str,
    /// Its verified domain, which the generator's UPNs use.
    pub domain: &'static str,
    /// The generator's seed.
    pub seed: u64,
}

/// The searched tenant.
pub const SCOPE: TenantSpec = TenantSpec {
    handle: "S",
    name: "Scope",
    domain: "s.example",
    seed: 42,
};

/// The tenants of every data set, the searched one first.
pub const TENANTS: [TenantSpec; 3] = [
    SCOPE,
    TenantSpec {
        handle: "O1",
        name: "Other One",
        domain: "o1.example",
        seed: 1042,
    },
    TenantSpec {
        handle: "O2",
        name: "Other Two",
        domain: "o2.example",
        seed: 2042,
    },
];

/// A data set of [`TENANTS`], each with `scope_users` users.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Users per tenant (the scope's size).
    pub scope_users: u64,
    /// Its cache folder.
    pub dir: PathBuf,
}

impl Dataset {
    /// The data set with `scope_users` users per tenant (not built yet).
    pub fn new(scope_users: u64) -> Dataset {
        let label = match scope_users {
            3_000 => "smoke".to_owned(),
            100_000 => "small".to_owned(),
            1_000_000 => "full".to_owned(),
            n => format!("scale{n}"),
        };
        let dir = data_root().join(format!("{label}-{:016x}", params_hash(scope_users)));
        Dataset { scope_users, dir }
    }

    /// The mtodir file.
    pub fn mtodir_path(&self) -> PathBuf {
        self.dir.join("mtodir.redb")
    }

    /// The SQLite file.
    pub fn sqlite_path(&self) -> PathBuf {
        self.dir.join("sqlite.db")
    }

    /// What the build took, as recorded when it was built.
    pub fn build_notes(&self) -> String {
        std::fs::read_to_string(self.dir.join("build.txt")).unwrap_or_default()
    }

    /// Builds both files unless the cache holds them already.
    pub fn ensure(&self) -> Res<()> {
        if self.mtodir_path().exists() && self.sqlite_path().exists() {
            return Ok(());
        }
        let building = self.dir.with_extension("building");
        if building.exists() {
            std::fs::remove_dir_all(&building).map_err(io_context(&building))?;
        }
        std::fs::create_dir_all(&building).map_err(io_context(&building))?;
        eprintln!(
            "bench data: building {} users × 3 tenants in {}",
            self.scope_users,
            self.dir.display()
        );
        let mut notes = String::new();
        let mtodir = building.join("mtodir.redb");
        build_mtodir(&mtodir, self.scope_users, &mut notes)?;
        let started = Instant::now();
        sqlite_store::build_from_mtodir(&mtodir, &building.join("sqlite.db"))?;
        notes.push_str(&format!(
            "sqlite: {:.1} s (all three tenants read back from mtodir, then every index, FTS5 and ANALYZE)\n",
            started.elapsed().as_secs_f64()
        ));
        std::fs::write(building.join("build.txt"), &notes).map_err(io_context(&building))?;
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).map_err(io_context(&self.dir))?;
        }
        std::fs::rename(&building, &self.dir).map_err(io_context(&self.dir))?;
        eprint!("{notes}");
        Ok(())
    }
}

/// The generator's parameters for `tenant` with `count` users.
pub fn gen_params(tenant: &TenantSpec, count: u64) -> GenParams {
    GenParams::new(count, tenant.seed, tenant.domain)
}

/// Creates the tenants and imports each one's users in one transaction (bulk mode).
fn build_mtodir(path: &Path, count: u64, notes: &mut String) -> Res<()> {
    let mut directory = Directory::open_with(path, Options::default())?;
    let mut session = directory.session();
    for spec in &TENANTS {
        session.create_tenant(spec.handle, Some(spec.name), &[spec.domain.to_owned()])?;
        let params = gen_params(spec, count);
        let started = Instant::now();
        let generated = generate::users(&params).map(|g| (g.user, g.soft_deleted));
        session.load_users(spec.handle, generated, Batch::Atomic)?;
        notes.push_str(&format!(
            "mtodir tenant {}: {count} users in {:.1} s (one transaction, bulk mode)\n",
            spec.handle,
            started.elapsed().as_secs_f64()
        ));
    }
    drop(session);
    // What `mtodir DB -c "generate …"` does after a bulk load.
    let started = Instant::now();
    let (before, after) = directory.compact()?;
    notes.push_str(&format!(
        "mtodir compaction after the load (as the command line does): {:.1} MiB -> {:.1} MiB in {:.1} s\n",
        before as f64 / 1048576.0,
        after as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// `target/bench-data` (the target folder of the running bench executable, else
/// `CARGO_TARGET_DIR`, else the package's `target/`).
pub fn data_root() -> PathBuf {
    target_dir().join("bench-data")
}

fn target_dir() -> PathBuf {
    // The bench runs as <target>/<profile>/deps/people_search-<hash>.
    if let Ok(exe) = std::env::current_exe() {
        if let Some(target) = exe.ancestors().nth(3) {
            if exe.parent().and_then(Path::file_name).is_some_and(|n| n == "deps") {
                return target.to_owned();
            }
        }
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => manifest.join(t),
        None => manifest.join("target"),
    }
}

/// FNV-1a of everything that decides the data.
fn params_hash(scope_users: u64) -> u64 {
    let mut text = format!(
        "data v{DATA_VERSION}; mtodir format {}; sqlite schema {}; users {scope_users};",
        mtodir::store::FORMAT_VERSION,
        sqlite_store::SCHEMA_VERSION
    );
    for t in &TENANTS {
        text.push_str(&format!(" {}:{}:{}:{}", t.handle, t.name, t.domain, t.seed));
    }
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

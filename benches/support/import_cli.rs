//! Issue 14, item 4 ("import at half SQLite's time") as whole processes on the same CSV file:
//!
//! - **mtodir**: the release `mtodir` binary on a fresh file, `mtodir FILE -c 'create tenant S …;
//!   import users into tenant S from "users-N.csv"'`: reading and typing the file, every
//!   index, the change feed, the commit, and the compaction the command line runs after a load;
//! - **SQLite**: this bench executable again, started with [`LOAD_ENV`] and [`INTO_ENV`]
//!   ([`child`]): it parses the same file with the csv crate into users and loads rows, tokens,
//!   every index, the token table, FTS5 and `ANALYZE` in one transaction
//!   ([`sqlite_store::load_analyzed`]).
//!
//! Both are timed from spawn to exit with their peak RSS ([`process::measure`]), then their
//! files are counted. The CSV is the scope's first N users as `export users` writes them,
//! built once beside the data set ([`csv_of`]).

use super::dataset::{Dataset, SCOPE};
use super::process;
use super::sqlite_store;
use super::timing::median;
use super::{Res, io_context};
use mtodir::model::typing::{parse_bool, parse_time};
use mtodir::model::{ObjOrd, Source, TenantOrd, User, UserType};
use mtodir::{Attr, Directory, Options, SearchKind};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Set to the CSV file, this bench executable loads it into SQLite (into [`INTO_ENV`]) and exits.
pub const LOAD_ENV: &str = "MTODIR_BENCH_SQLITE_CSV_LOAD";
/// The fresh SQLite file the [`LOAD_ENV`] child creates.
pub const INTO_ENV: &str = "MTODIR_BENCH_SQLITE_CSV_INTO";

/// One engine's import, as a process.
#[derive(Debug, Clone)]
pub struct Side {
    /// Wall time from spawn to exit.
    pub took: Duration,
    /// Peak resident set in bytes, when it could be measured.
    pub peak_rss: Option<u64>,
    /// The file it left.
    pub file_bytes: u64,
}

impl Side {
    /// What `measured` took, and the size of the file it left.
    fn of(measured: &process::Measured, file: &Path) -> Res<Side> {
        let file_bytes = std::fs::metadata(file).map_err(io_context(file))?.len();
        Ok(Side {
            took: measured.took,
            peak_rss: measured.peak_rss,
            file_bytes,
        })
    }
}

/// One run of each engine, mtodir first.
#[derive(Debug, Clone)]
pub struct Run {
    /// `mtodir FILE -c '… import …'`.
    pub mtodir: Side,
    /// The SQLite loader process.
    pub sqlite: Side,
    /// What the SQLite loader timed itself: opening the CSV to the commit.
    pub sqlite_load: Duration,
}

/// The comparison: both engines imported the same file in each run.
#[derive(Debug, Clone)]
pub struct CsvImport {
    /// Users in the file (each side was checked to hold exactly these).
    pub users: u64,
    /// The CSV file's size.
    pub csv_bytes: u64,
    /// The runs, in the order they ran.
    pub runs: Vec<Run>,
}

impl CsvImport {
    /// The median of mtodir's and of SQLite's wall times.
    pub fn medians(&self) -> (Duration, Duration) {
        (
            median(self.runs.iter().map(|r| r.mtodir.took).collect()),
            median(self.runs.iter().map(|r| r.sqlite.took).collect()),
        )
    }

    /// mtodir ÷ SQLite, of the medians (issue 14's target: ≤ 0.5).
    pub fn ratio(&self) -> f64 {
        let (m, s) = self.medians();
        m.as_secs_f64() / s.as_secs_f64().max(1e-9)
    }
}

/// `<data dir>/users-<n>.csv`: tenant S of the data set as `export users` writes it (through
/// the library, on the cached file), cut to its first `n` rows when S holds more. Built once.
pub fn csv_of(data: &Dataset, n: u64) -> Res<PathBuf> {
    let path = data.dir.join(format!("users-{n}.csv"));
    if path.exists() {
        return Ok(path);
    }
    let whole = data.dir.join("users-S.csv.building");
    let exported = {
        let directory = Directory::open_with(data.mtodir_path(), Options::default())?;
        let session = directory.session();
        session.export_users(SCOPE.handle, &whole, Some("csv"))?
    };
    let building = data.dir.join(format!("users-{n}.csv.building"));
    if exported < n {
        return Err(format!("tenant S holds {exported} users, fewer than the {n} to import").into());
    } else if exported == n {
        std::fs::rename(&whole, &building).map_err(io_context(&building))?;
    } else {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&whole)?;
        let mut writer = csv::Writer::from_path(&building)?;
        // The header, then the first n rows.
        for record in reader.records().take(usize::try_from(n)? + 1) {
            writer.write_record(&record?)?;
        }
        writer.flush().map_err(io_context(&building))?;
        std::fs::remove_file(&whole).map_err(io_context(&whole))?;
    }
    std::fs::rename(&building, &path).map_err(io_context(&path))?;
    Ok(path)
}

/// Imports the file of [`csv_of`] `runs` times per engine, alternating (mtodir, SQLite,
/// mtodir, …), each into a fresh file in a temporary folder under `scratch`; checks after each
/// run that both files hold exactly `n` users.
pub fn measure(data: &Dataset, n: u64, runs: usize, scratch: &Path) -> Res<CsvImport> {
    let bin = process::binary().ok_or("the mtodir binary is not built")?;
    let csv = csv_of(data, n)?;
    std::fs::create_dir_all(scratch).map_err(io_context(scratch))?;
    let mut out = Vec::new();
    for run in 1..=runs {
        let dir = tempfile::tempdir_in(scratch)?;
        let mtodir = run_mtodir(bin, &csv, &dir.path().join("import.redb"), n)?;
        let (sqlite, sqlite_load) = run_sqlite(&csv, &dir.path().join("import.db"), n)?;
        eprintln!(
            "  import run {run}: mtodir {:.2} s, SQLite {:.2} s (its load {:.2} s)",
            mtodir.took.as_secs_f64(),
            sqlite.took.as_secs_f64(),
            sqlite_load.as_secs_f64()
        );
        out.push(Run {
            mtodir,
            sqlite,
            sqlite_load,
        });
    }
    Ok(CsvImport {
        users: n,
        csv_bytes: std::fs::metadata(&csv).map_err(io_context(&csv))?.len(),
        runs: out,
    })
}

/// `mtodir DB -c 'create tenant S …; import users into tenant S from "CSV"'`, then a count of
/// the tenant's users through the library.
fn run_mtodir(bin: &Path, csv: &Path, db: &Path, n: u64) -> Res<Side> {
    let shown = csv.to_str().filter(|p| !p.contains(['"', '\\'])).ok_or_else(|| {
        format!(
            "{}: a path mtodir's string literals cannot hold as it is",
            csv.display()
        )
    })?;
    let script = format!(
        "create tenant {} name \"{}\" domain {}; import users into tenant {} from \"{shown}\"",
        SCOPE.handle, SCOPE.name, SCOPE.domain, SCOPE.handle
    );
    let measured = process::measure(bin, &[db.as_os_str(), OsStr::new("-c"), OsStr::new(&script)], &[])?;
    let held = {
        let directory = Directory::open_with(db, Options::default())?;
        let session = directory.session();
        session.count(&session.query(SCOPE.handle, SearchKind::Find)?)?
    };
    if held != n {
        return Err(format!("mtodir imported {held} users from {}, not {n}", csv.display()).into());
    }
    Side::of(&measured, db)
}

/// This executable as the SQLite loader ([`child`]) of `csv` into `db`, then a count of the
/// rows; also returns the load time the child reported.
fn run_sqlite(csv: &Path, db: &Path, n: u64) -> Res<(Side, Duration)> {
    let exe = std::env::current_exe()?;
    let env = [(LOAD_ENV, csv.as_os_str()), (INTO_ENV, db.as_os_str())];
    let measured = process::measure(&exe, &[], &env)?;
    let reported: Vec<u64> = measured
        .stdout
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let [loaded, nanos] = reported[..] else {
        return Err(format!("the SQLite loader printed {:?}", measured.stdout).into());
    };
    let held: i64 = sqlite_store::connect(db)?.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    if loaded != n || u64::try_from(held)? != n {
        return Err(format!(
            "SQLite loaded {loaded} users and holds {held} from {}, not {n}",
            csv.display()
        )
        .into());
    }
    Ok((Side::of(&measured, db)?, Duration::from_nanos(nanos)))
}

/// The SQLite loader, when [`LOAD_ENV`] is set (`main` calls this first): loads the CSV into a
/// fresh SQLite file and prints the users it loaded and its time in nanoseconds.
pub fn child() -> Option<Res<()>> {
    let csv = PathBuf::from(std::env::var_os(LOAD_ENV)?);
    Some((|| {
        let db = PathBuf::from(std::env::var_os(INTO_ENV).ok_or("no SQLite file to load into")?);
        let started = Instant::now();
        let n = load_csv(&csv, &db)?;
        println!("{n} {}", started.elapsed().as_nanos());
        Ok(())
    })())
}

/// Parses the CSV (a header of property names, as `export users` writes it) into users, as
/// mtodir's import keeps them, and loads them with [`sqlite_store::load_analyzed`].
fn load_csv(csv: &Path, db: &Path) -> Res<u64> {
    let mut reader = csv::Reader::from_path(csv)?;
    let columns = reader
        .headers()?
        .iter()
        .map(|name| Attr::lookup(name.trim()).ok_or_else(|| format!("unknown column `{name}`").into()))
        .collect::<Res<Vec<Attr>>>()?;
    sqlite_store::load_analyzed(
        db,
        Box::new(move |sink| {
            let mut record = csv::StringRecord::new();
            let mut ord = 0u32;
            while reader.read_record(&mut record)? {
                ord += 1;
                let user = user_of(&columns, &record, ord).map_err(|e| format!("{} row {ord}: {e}", csv.display()))?;
                sink(&user)?;
            }
            Ok(())
        }),
    )
}

/// One CSV row as a user of tenant 1 with ordinal `ord`. Like mtodir's import it derives the
/// B2B identity from `source` and `alternativeSecurityIds` and ignores `tenant`, `homeTenant`
/// and `memberOf`; unlike it, it keeps the file's `id` and `createdDateTime` (parsing them costs
/// about what making new ones does). A manager is refused: resolving UPNs is work the
/// generator's users never need.
fn user_of(columns: &[Attr], record: &csv::StringRecord, ord: u32) -> Res<User> {
    let mut u = User::new(Uuid::nil(), ObjOrd(ord), TenantOrd(1), "", 0);
    let (mut b2b, mut home, mut soft, mut deleted) = (false, None, None, None);
    for (attr, cell) in columns.iter().zip(record.iter()) {
        if cell.is_empty() {
            continue;
        }
        let text = || Some(cell.to_owned());
        match attr {
            Attr::Id => u.id = Uuid::parse_str(cell)?,
            Attr::UserPrincipalName => u.user_principal_name = cell.to_owned(),
            Attr::DisplayName => u.display_name = text(),
            Attr::GivenName => u.given_name = text(),
            Attr::Surname => u.surname = text(),
            Attr::Mail => u.mail = text(),
            Attr::MailNickname => u.mail_nickname = text(),
            Attr::UserType => u.user_type = user_type(cell)?,
            Attr::AccountEnabled => u.account_enabled = boolean(cell)?,
            Attr::ShowInAddressList => u.show_in_address_list = boolean(cell)?,
            Attr::JobTitle => u.job_title = text(),
            Attr::Department => u.department = text(),
            Attr::EmployeeId => u.employee_id = text(),
            Attr::PhysicalDeliveryOfficeName => u.physical_delivery_office_name = text(),
            Attr::StreetAddress => u.street_address = text(),
            Attr::City => u.city = text(),
            Attr::State => u.state = text(),
            Attr::PostalCode => u.postal_code = text(),
            Attr::Country => u.country = text(),
            Attr::TelephoneNumber => u.telephone_number = text(),
            Attr::PreferredLanguage => u.preferred_language = text(),
            Attr::Source => b2b = cell.eq_ignore_ascii_case("b2b"),
            Attr::AlternativeSecurityIds => {
                let (t, o) = cell.split_once('/').ok_or("alternativeSecurityIds: no `/`")?;
                home = Some((Uuid::parse_str(t)?, Uuid::parse_str(o)?));
            }
            Attr::IsSoftDeleted => soft = Some(boolean(cell)?),
            Attr::CreatedDateTime => u.created = time(cell)?,
            Attr::DeletedDateTime => deleted = Some(time(cell)?),
            Attr::Manager => return Err("a manager: the bench's CSV loader does not resolve UPNs".into()),
            Attr::Tenant | Attr::HomeTenant | Attr::MemberOf | Attr::Label => {}
        }
    }
    if u.user_principal_name.is_empty() {
        return Err("no userPrincipalName".into());
    }
    if b2b {
        let (home_tenant, home_object) = home.ok_or("a B2B user without alternativeSecurityIds")?;
        u.source = Source::B2b {
            home_tenant,
            home_object,
        };
    }
    u.deleted = match soft {
        Some(false) => None,
        Some(true) => deleted.or(Some(u.created)),
        None => deleted,
    };
    u.apply_defaults();
    Ok(u)
}

/// A cell as a boolean, as mtodir's import reads it.
fn boolean(cell: &str) -> Res<bool> {
    parse_bool(cell).ok_or_else(|| format!("`{cell}` is not a boolean").into())
}

/// An RFC 3339 time, as mtodir's import reads it.
fn time(cell: &str) -> Res<i64> {
    parse_time(cell).ok_or_else(|| format!("`{cell}` is not a time").into())
}

/// `Member` or `Guest`.
fn user_type(cell: &str) -> Res<UserType> {
    match cell {
        "Member" => Ok(UserType::Member),
        "Guest" => Ok(UserType::Guest),
        other => Err(format!("`{other}` is not a user type").into()),
    }
}

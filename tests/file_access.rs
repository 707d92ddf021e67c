//! Statements that reach the file system (`import`, `export`, `.read`, `-f`) obey the
//! directory's `FileAccess`: `None` refuses them all with `Error::FilesForbidden`, `Within`
//! confines them to one folder (`..`, absolute paths and symbolic links are resolved first)
//! and refuses the rest with `Error::FileOutside`. Nothing changes when they are refused.

mod common;

use common::{error, fingerprint, one};
use mtodir::{Batch, Directory, Error, FileAccess, Options};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A demo directory opened with `files`, in `top/db`; `top/root` is a folder with `in.csv`
/// (one user of tenant A) and `top/secret.csv` lies outside it.
fn setup(files: impl FnOnce(&Path) -> FileAccess) -> (TempDir, PathBuf, Directory) {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("root");
    std::fs::create_dir(&root).unwrap();
    let csv = "userPrincipalName,displayName\nzed@a.example,Zed\n";
    std::fs::write(root.join("in.csv"), csv).unwrap();
    std::fs::write(top.path().join("secret.csv"), csv).unwrap();
    let options = Options {
        files: files(&root),
        ..Options::default()
    };
    let directory = Directory::open_with(top.path().join("org.redb"), options).unwrap();
    directory
        .session()
        .execute("demo; create sync \"A to B\" from tenant A to tenant B")
        .unwrap();
    (top, root, directory)
}

#[test]
fn without_files_the_typed_api_refuses_import_and_export() {
    let (top, root, directory) = setup(|_| FileAccess::None);
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let e = s
        .import_users("A", &root.join("in.csv"), None, Batch::Atomic)
        .unwrap_err();
    assert!(matches!(e.root(), Error::FilesForbidden { .. }), "{e:?}");
    let out = top.path().join("out.jsonl");
    let e = s.export_users("A", &out, None).unwrap_err();
    assert!(
        matches!(e.root(), Error::FilesForbidden { path } if path == &out),
        "{e:?}"
    );
    assert!(!out.exists());
    let e = directory.read_script(root.join("in.csv")).unwrap_err();
    assert!(matches!(e, Error::FilesForbidden { .. }), "{e:?}");
    assert_eq!(fingerprint(&mut s), before);
}

#[test]
fn without_files_statements_are_refused_and_change_nothing() {
    let (_top, root, directory) = setup(|_| FileAccess::None);
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let csv = root.join("in.csv");
    for statement in [
        format!("import users into tenant A from \"{}\"", csv.display()),
        "export users of tenant A to \"a.jsonl\"".to_owned(),
        format!("begin; import users into tenant A from \"{}\"; commit", csv.display()),
        // Every family that reads or writes files: access settings and sync schemas too.
        format!(
            "import access settings of tenant A from \"{}\"",
            root.join("a-policy.json").display()
        ),
        "export access settings of tenant A to \"a-policy.json\"".to_owned(),
        format!(
            "import sync \"A to B\" in tenant A from \"{}\"",
            root.join("schema.json").display()
        ),
        "export sync \"A to B\" in tenant A to \"schema.json\"".to_owned(),
    ] {
        let e = error(&mut s, &statement);
        assert!(matches!(e.root(), Error::FilesForbidden { .. }), "{statement}: {e:?}");
        s.rollback();
    }
    assert_eq!(fingerprint(&mut s), before);
    // A tenant's administrator is refused the other tenant first, as always.
    one(&mut s, "use tenant B");
    let e = error(&mut s, "export users of tenant A to \"a.jsonl\"");
    assert!(matches!(e.root(), Error::Denied { .. }), "{e:?}");
}

#[test]
fn within_a_folder_relative_paths_start_there_and_nothing_leaves_it() {
    let (top, root, directory) = setup(|root| FileAccess::Within(root.to_owned()));
    let mut s = directory.session();
    // Inside: relative to the folder, or absolute inside it.
    one(&mut s, "export users of tenant B to \"b.jsonl\"");
    assert!(root.join("b.jsonl").exists());
    let absolute = root.join("b2.csv");
    one(
        &mut s,
        &format!("export users of tenant B to \"{}\"", absolute.display()),
    );
    assert!(absolute.exists());
    let before = fingerprint(&mut s);
    let secret = top.path().join("secret.csv");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(top.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(&secret, root.join("link.csv")).unwrap();
    }
    let mut refused = vec![
        "import users into tenant A from \"../secret.csv\"".to_owned(),
        format!("import users into tenant A from \"{}\"", secret.display()),
        "export users of tenant A to \"../out.jsonl\"".to_owned(),
        "export users of tenant A to \"sub/../../out.jsonl\"".to_owned(),
        "export users of tenant A to \"/tmp/mtodir-outside.jsonl\"".to_owned(),
        "import access settings of tenant A from \"../secret.csv\"".to_owned(),
        "export access settings of tenant A to \"../out.jsonl\"".to_owned(),
        "export sync \"A to B\" in tenant A to \"../out.jsonl\"".to_owned(),
    ];
    if cfg!(unix) {
        refused.extend([
            "import users into tenant A from \"up/secret.csv\"".to_owned(),
            "import users into tenant A from \"link.csv\"".to_owned(),
            "export users of tenant A to \"up/out.jsonl\"".to_owned(),
            "export users of tenant A to \"link.csv\"".to_owned(),
        ]);
    }
    for statement in &refused {
        let e = error(&mut s, statement);
        assert!(matches!(e.root(), Error::FileOutside { .. }), "{statement}: {e:?}");
    }
    assert!(!top.path().join("out.jsonl").exists());
    assert!(!Path::new("/tmp/mtodir-outside.jsonl").exists());
    assert_eq!(std::fs::read_to_string(&secret).unwrap().lines().count(), 2);
    assert_eq!(fingerprint(&mut s), before);
    // The typed API confines embedders the same way.
    let e = s
        .import_users("A", Path::new("../secret.csv"), None, Batch::Atomic)
        .unwrap_err();
    assert!(matches!(e.root(), Error::FileOutside { root: r, .. } if r == &root.canonicalize().unwrap()));
    assert_eq!(fingerprint(&mut s), before);
    // And what is inside may be read and written, access settings included.
    one(&mut s, "export access settings of tenant A to \"a-policy.json\"");
    one(&mut s, "import access settings of tenant A from \"a-policy.json\"");
    one(&mut s, "import users into tenant A from \"in.csv\"");
    assert_eq!(
        common::upns(&mut s, "find users in tenant A for \"zed\""),
        ["zed@a.example"]
    );
}

#[test]
fn a_missing_folder_is_an_error_at_open() {
    let top = tempfile::tempdir().unwrap();
    let options = Options {
        files: FileAccess::Within(top.path().join("no-such-folder")),
        ..Options::default()
    };
    let e = Directory::open_with(top.path().join("org.redb"), options)
        .err()
        .unwrap();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// The binary: --no-files and --files-in

fn mtodir(dir: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtodir"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_binary_honours_no_files_and_files_in() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path();
    let root = dir.join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("in.csv"), "userPrincipalName\nzed@a.example\n").unwrap();
    std::fs::write(dir.join("script.mtoql"), "count users in tenant A;\n").unwrap();
    std::fs::write(root.join("script.mtoql"), "count users in tenant A;\n").unwrap();
    let db = dir.join("org.redb");
    let db = db.to_str().unwrap();
    assert!(mtodir(dir, &[db, "-c", "demo"], "").status.success());

    let out = mtodir(
        dir,
        &[db, "--no-files", "-c", "export users of tenant A to \"a.csv\""],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without access to files"), "{err}");
    assert!(!dir.join("a.csv").exists());

    let out = mtodir(dir, &[db, "--no-files", "-f", "script.mtoql"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("without access to files"));

    let out = mtodir(dir, &[db, "--no-files"], ".read script.mtoql\n.quit\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without access to files"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\n10\n"));

    let root_arg = root.to_str().unwrap();
    let out = mtodir(dir, &[db, "--files-in", root_arg, "-f", "../script.mtoql"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside"));
    let out = mtodir(
        dir,
        &[
            db,
            "--files-in",
            root_arg,
            "-c",
            "import users into tenant A from \"in.csv\"",
        ],
        "",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = mtodir(dir, &[db, "--files-in", root_arg, "-f", "script.mtoql"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let counted = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let out = mtodir(dir, &[db, "--files-in", root_arg], ".read ../script.mtoql\n.quit\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside"));
    let out = mtodir(dir, &[db, "-c", "count users in tenant A"], "");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), counted);
}

#[test]
fn exporting_onto_the_database_file_is_refused_and_keeps_it() {
    let (dir, directory) = common::demo();
    let mut s = directory.session();
    let before = fingerprint(&mut s);
    let db = common::db_path(&dir);
    for path in [db.display().to_string(), format!("{}/./org.redb", dir.path().display())] {
        let e = error(&mut s, &format!("export users of tenant A to \"{path}\" format jsonl"));
        assert!(matches!(e.root(), Error::DatabaseFile { .. }), "{e:?}");
        let e = error(&mut s, &format!("export access settings of tenant A to \"{path}\""));
        assert!(matches!(e.root(), Error::DatabaseFile { .. }), "{e:?}");
    }
    assert_eq!(fingerprint(&mut s), before);
    drop(s);
    drop(directory);
    let reopened = Directory::open(&db).unwrap();
    assert_eq!(fingerprint(&mut reopened.session()), before);
}

/// Found when the fuzzer generated `export access settings … to "policy.json"`: the access
/// settings' import and export opened their paths as given (relative to the process's
/// folder), whatever the directory's `FileAccess`. They obey it like the users' do.
#[test]
fn access_settings_import_and_export_obey_file_access() {
    let (top, root, directory) = setup(|root| FileAccess::Within(root.to_path_buf()));
    let mut s = directory.session();
    one(&mut s, "export access settings of tenant A to \"policy.json\"");
    assert!(root.join("policy.json").exists());
    one(&mut s, "import access settings of tenant A from \"policy.json\"");
    let before = fingerprint(&mut s);
    let outside = top.path().join("outside.json");
    for statement in [
        "export access settings of tenant A to \"../outside.json\"".to_owned(),
        format!("export access settings of tenant A to \"{}\"", outside.display()),
        "import access settings of tenant A from \"../secret.csv\"".to_owned(),
    ] {
        let e = error(&mut s, &statement);
        assert!(matches!(e.root(), Error::FileOutside { .. }), "{statement}: {e:?}");
    }
    assert!(!outside.exists());
    assert_eq!(fingerprint(&mut s), before);
    let (_top, root, directory) = setup(|_| FileAccess::None);
    let mut s = directory.session();
    let e = error(&mut s, "export access settings of tenant A to \"policy.json\"");
    assert!(matches!(e.root(), Error::FilesForbidden { .. }), "{e:?}");
    assert!(!root.join("policy.json").exists());
}

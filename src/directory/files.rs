//! Which files statements may open: `import` and `export`, the shell's `.read` and the
//! command line's `-f`. A directory opened with [`FileAccess::None`] refuses them all, one
//! opened with [`FileAccess::Within`] confines them to one folder, whatever the path says
//! (`..`, absolute paths and symbolic links are resolved before the check).

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// Which files the statements run on a [`super::Directory`] may open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FileAccess {
    /// Any file the process may open (the default).
    #[default]
    Any,
    /// None: `import`, `export`, `.read` and `-f` are refused with
    /// [`Error::FilesForbidden`].
    None,
    /// Only files inside this folder. Relative paths are taken relative to it; a path that
    /// leads out of it (by `..`, by being absolute, or through a symbolic link) is refused
    /// with [`Error::FileOutside`].
    Within(PathBuf),
}

/// [`FileAccess`] resolved when the directory is opened: the folder of
/// [`FileAccess::Within`] made canonical once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Files {
    Any,
    None,
    Within(PathBuf),
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source,
    }
}

impl Files {
    /// Resolves `access`: the folder of [`FileAccess::Within`] must exist.
    pub(crate) fn new(access: &FileAccess) -> Result<Files> {
        Ok(match access {
            FileAccess::Any => Files::Any,
            FileAccess::None => Files::None,
            FileAccess::Within(root) => {
                let canonical = root.canonicalize().map_err(|e| io(root, e))?;
                if !canonical.is_dir() {
                    return Err(Error::invalid(format!("{} is not a folder", root.display())));
                }
                Files::Within(canonical)
            }
        })
    }

    /// The path to open for reading `path` (which must exist), or the refusal.
    pub(crate) fn read(&self, path: &Path) -> Result<PathBuf> {
        match self {
            Files::Any => Ok(path.to_owned()),
            Files::None => Err(forbidden(path)),
            Files::Within(root) => {
                let joined = lexically_inside(root, path)?;
                let real = joined.canonicalize().map_err(|e| io(path, e))?;
                inside(root, path, real)
            }
        }
    }

    /// The path to write for `path` (which may not exist yet: its folder must), or the
    /// refusal. An existing file is resolved through its links; a new one must be named by a
    /// plain file name in a folder inside the root.
    pub(crate) fn write(&self, path: &Path) -> Result<PathBuf> {
        match self {
            Files::Any => Ok(path.to_owned()),
            Files::None => Err(forbidden(path)),
            Files::Within(root) => {
                let joined = lexically_inside(root, path)?;
                if let Ok(real) = joined.canonicalize() {
                    return inside(root, path, real);
                }
                let name = match joined.components().next_back() {
                    Some(Component::Normal(name)) => name.to_owned(),
                    _ => return Err(outside(root, path)),
                };
                let parent = joined.parent().ok_or_else(|| outside(root, path))?;
                let real = parent.canonicalize().map_err(|e| io(path, e))?.join(name);
                inside(root, path, real)
            }
        }
    }
}

/// `root` joined with `path`, `.` and `..` resolved as written (before any link is
/// followed), when that stays inside `root`; else the refusal of `path`.
fn lexically_inside(root: &Path, path: &Path) -> Result<PathBuf> {
    let mut joined = PathBuf::new();
    for part in root.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                joined.pop();
            }
            other => joined.push(other),
        }
    }
    if joined.starts_with(root) {
        Ok(joined)
    } else {
        Err(outside(root, path))
    }
}

/// `real` when it lies inside `root`, else the refusal of `path`.
fn inside(root: &Path, path: &Path, real: PathBuf) -> Result<PathBuf> {
    if real.starts_with(root) && real != root {
        Ok(real)
    } else {
        Err(outside(root, path))
    }
}

fn forbidden(path: &Path) -> Error {
    Error::FilesForbidden { path: path.to_owned() }
}

fn outside(root: &Path, path: &Path) -> Error {
    Error::FileOutside {
        path: path.to_owned(),
        root: root.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_resolves_dots_and_links_before_checking() {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("in.csv"), "x").unwrap();
        std::fs::write(top.path().join("secret.csv"), "x").unwrap();
        let files = Files::new(&FileAccess::Within(root.clone())).unwrap();
        assert!(files.read(Path::new("in.csv")).is_ok());
        assert!(files.read(Path::new("sub/../in.csv")).is_ok());
        assert!(files.read(&root.join("in.csv")).is_ok());
        for bad in ["../secret.csv", "sub/../../secret.csv"] {
            let e = files.read(Path::new(bad)).unwrap_err();
            assert!(matches!(e, Error::FileOutside { .. }), "{bad}: {e:?}");
        }
        let e = files.read(&top.path().join("secret.csv")).unwrap_err();
        assert!(matches!(e, Error::FileOutside { .. }), "{e:?}");
        assert!(files.write(Path::new("out.jsonl")).is_ok());
        assert!(files.write(Path::new("sub/out.jsonl")).is_ok());
        for bad in ["../out.jsonl", "sub/..", ".", "/tmp/out.jsonl", ""] {
            let e = files.write(Path::new(bad)).unwrap_err();
            assert!(
                matches!(e, Error::FileOutside { .. } | Error::Io { .. }),
                "{bad}: {e:?}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(top.path(), root.join("up")).unwrap();
            std::os::unix::fs::symlink(top.path().join("secret.csv"), root.join("link.csv")).unwrap();
            for bad in ["up/secret.csv", "link.csv"] {
                assert!(
                    matches!(files.read(Path::new(bad)), Err(Error::FileOutside { .. })),
                    "{bad}"
                );
            }
            for bad in ["up/new.csv", "link.csv"] {
                assert!(
                    matches!(files.write(Path::new(bad)), Err(Error::FileOutside { .. })),
                    "{bad}"
                );
            }
        }
        let none = Files::new(&FileAccess::None).unwrap();
        assert!(matches!(
            none.read(Path::new("in.csv")),
            Err(Error::FilesForbidden { .. })
        ));
        assert!(matches!(
            none.write(Path::new("in.csv")),
            Err(Error::FilesForbidden { .. })
        ));
    }
}

//! File-system helpers whose errors name the path. The rest of the crate goes
//! through these rather than calling `std::fs` directly.

use std::{
    fs, io,
    path::{Path, PathBuf},
};

use crate::error::{Error, Result};

fn io_err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> Error + 'p {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a UTF-8 file.
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(io_err("read", path))
}

/// Writes `contents` to `path`, creating parent directories.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, contents).map_err(io_err("write", path))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(io_err("create directory", path))
}

/// Removes a directory tree if it exists.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err("remove", path)(e)),
        _ => Ok(()),
    }
}

/// Renames `from` to `to`.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(io_err("move into place", to))
}

/// Every regular file below `dir`, as paths relative to `dir`, sorted.
/// A missing directory yields no files.
pub fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let abs = dir.join(&rel);
        let entries = match fs::read_dir(&abs) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound && rel.as_os_str().is_empty() => {
                return Ok(out);
            }
            Err(e) => return Err(io_err("list", &abs)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_err("list", &abs))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let file_type = entry
                .file_type()
                .map_err(io_err("inspect", &entry.path()))?;
            if file_type.is_dir() {
                stack.push(rel.join(&name));
            } else if file_type.is_file() {
                out.push(rel.join(&name));
            }
        }
    }
    out.sort();
    Ok(out)
}

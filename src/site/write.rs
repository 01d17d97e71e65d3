//! Writing the site: never into the book's own folders, never half-written.

use std::path::{Path, PathBuf};

use crate::{
    config::Config,
    diagnostic::Diagnostic,
    error::{Error, Result},
    fs,
};

/// Refuses destinations that would swallow the book itself.
pub(crate) fn check_destination(root: &Path, config: &Config, dest: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let dest_abs = abs(dest);
    let root_abs = abs(root);
    let content_abs = abs(&root.join(&config.book.src));
    if root_abs.starts_with(&dest_abs)
        || dest_abs.starts_with(&content_abs)
        || dest_abs.parent().is_none()
    {
        return Err(Error::Diagnostics(vec![
            Diagnostic::error(
                "destination",
                format!(
                    "refusing to write the site to `{}`: it holds the book's own files",
                    dest.display()
                ),
            )
            .help("choose an empty folder of its own, such as `book/`"),
        ]));
    }
    if dest.exists() && !dest.is_dir() {
        return Err(Error::Diagnostics(vec![
            Diagnostic::error(
                "destination",
                format!("`{}` exists and is not a folder", dest.display()),
            )
            .help("remove the file or choose another `--dest-dir`"),
        ]));
    }
    Ok(())
}

/// Writes `files` into a fresh folder beside `dest`, then swaps it in.
/// On failure the old `dest` is left untouched and the temporary folder removed.
pub fn write_atomically(dest: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    write_atomically_with(dest, |tmp| {
        for (path, bytes) in files {
            fs::write(&tmp.join(path), bytes)?;
        }
        Ok(())
    })
}

/// Like [`write_atomically`], with `fill` writing the files into the
/// temporary folder it is given (so pages can be written as they are
/// rendered, without holding the whole site in memory).
pub fn write_atomically_with(dest: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    fs::create_dir_all(&parent)?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    // Leftovers of interrupted builds.
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for entry in entries.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-")) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let (tmp_dir, old_dir) = (&tmp, &old);
    let result = (move || {
        let (tmp, old) = (tmp_dir, old_dir);
        fs::create_dir_all(tmp)?;
        fill(tmp)?;
        if dest.exists() {
            fs::rename(dest, old)?;
        }
        if let Err(e) = fs::rename(tmp, dest) {
            let _ = std::fs::rename(old, dest);
            return Err(e);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    let _ = std::fs::remove_dir_all(&old);
    result
}

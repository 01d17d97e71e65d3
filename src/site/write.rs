//! Writing the site: never into the book's own folders, never half-written.

use std::path::{Component, Path, PathBuf};

use crate::{
    config::Config,
    diagnostic::Diagnostic,
    error::{Error, Result},
    fs,
};

/// Refuses destinations that would swallow the book itself: the site
/// replaces its destination as a whole, so the destination must not be, hold
/// or be inside the content folder or the theme folder, must not be or hold
/// the book's folder, and must not hold a file the chapters include
/// (`included`, relative to `root`). `book/` inside the book's folder is the
/// usual destination.
///
/// Paths are compared as the file system resolves them: symbolic links
/// followed, `..` taken after them ([`resolve`]), so `book/../content` is
/// the content folder. Gives the destination so resolved: the folder to
/// write, the one that was checked.
pub(crate) fn check_destination(
    root: &Path,
    config: &Config,
    included: &[PathBuf],
    dest: &Path,
) -> Result<PathBuf> {
    let dest_real = resolve(dest);
    let refuse = |why: String| {
        Err(Error::Diagnostics(vec![
            Diagnostic::error(
                "destination",
                format!(
                    "refusing to write the site to `{}`: {why}",
                    dest.display()
                ),
            )
            .note(format!("`{}` is `{}`", dest.display(), dest_real.display()))
            .help("the site replaces its folder as a whole: choose a folder of its own, such as `book/` beside book.toml (the default)"),
        ]))
    };
    let root_real = resolve(root);
    if dest_real.parent().is_none() {
        return refuse("it is the file system's root".into());
    }
    if root_real.starts_with(&dest_real) {
        return refuse(format!(
            "it holds the book's own files (book.toml's folder `{}`)",
            root.display()
        ));
    }
    let sources = [
        ("content folder", &config.book.src),
        ("theme folder", &config.output.html.theme),
    ];
    for (what, rel) in sources {
        let real = resolve(&root.join(rel));
        if dest_real.starts_with(&real) || real.starts_with(&dest_real) {
            let how = if real == dest_real {
                "it is"
            } else if real.starts_with(&dest_real) {
                "it holds"
            } else {
                "it is inside"
            };
            return refuse(format!("{how} the book's {what} `{rel}`"));
        }
    }
    for file in included {
        if resolve(&root.join(file)).starts_with(&dest_real) {
            return refuse(format!(
                "it holds `{}`, which a chapter includes",
                file.display()
            ));
        }
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
    Ok(dest_real)
}

/// `path` as the file system resolves it, whether or not it exists yet:
/// its nearest existing ancestor canonicalised (symbolic links and `..`
/// resolved by the file system), then the rest of it taken lexically, a
/// `..` dropping the folder before it.
fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component<'_>> = abs.components().collect();
    for existing in (0..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        let Ok(mut out) = std::fs::canonicalize(&prefix) else {
            continue;
        };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(name) => out.push(name),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        return out;
    }
    abs
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_takes_dots_after_the_links_of_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("book/content")).unwrap();
        std::fs::create_dir_all(root.join("elsewhere/deep")).unwrap();
        // `missing` does not exist: its `..` is lexical.
        assert_eq!(
            resolve(&root.join("missing/../content")),
            root.join("content")
        );
        assert_eq!(
            resolve(&root.join("book/./content/new/..")),
            root.join("book/content")
        );
        // A link's `..` is the parent of where it leads, as the kernel has it.
        std::os::unix::fs::symlink(root.join("elsewhere/deep"), root.join("link")).unwrap();
        assert_eq!(resolve(&root.join("link/../x")), root.join("elsewhere/x"));
    }
}

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
///
/// The site is written into `.NAME.tmp-PID` beside `dest`, then exchanged
/// with `dest` in one step (`renameat2(RENAME_EXCHANGE)`), so a build killed
/// at any moment leaves the old site or the new one at `dest`, never none.
/// Where the file system cannot exchange, the old site is first moved to
/// `.NAME.old-PID`: a build killed between the two moves leaves it there,
/// and the next build puts it back before anything else.
pub fn write_atomically_with(dest: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    fs::create_dir_all(&parent)?;
    recover(&parent, &name, dest);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let result = fs::create_dir_all(&tmp)
        .and_then(|()| fill(&tmp))
        .and_then(|()| swap_in(&tmp, dest, &old, exchange));
    // After an exchange, the temporary folder holds the old site. Should
    // `dest` be missing (the old site moved aside and not back), the old
    // site stays for the next build to put back.
    let _ = std::fs::remove_dir_all(&tmp);
    if dest.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    result
}

/// Puts `dest` in place from `tmp`: exchanged with the old `dest` by
/// `exchange` (the old site is then at `tmp`), or where `exchange` is not
/// supported, the old site moved to `old` first and back if the second
/// move fails.
fn swap_in(
    tmp: &Path,
    dest: &Path,
    old: &Path,
    exchange: fn(&Path, &Path) -> std::io::Result<bool>,
) -> Result<()> {
    if !dest.exists() {
        return fs::rename(tmp, dest);
    }
    match exchange(tmp, dest) {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(source) => {
            return Err(Error::Io {
                action: "swap the new site into place",
                path: dest.to_path_buf(),
                source,
            });
        }
    }
    fs::rename(dest, old)?;
    if let Err(e) = fs::rename(tmp, dest) {
        let _ = std::fs::rename(old, dest);
        return Err(e);
    }
    Ok(())
}

/// Exchanges the folders `a` and `b` atomically: `Ok(false)` where the
/// file system or the kernel cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use nix::{
        errno::Errno,
        fcntl::{AT_FDCWD, RenameFlags, renameat2},
    };
    match renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE) {
        Ok(()) => Ok(true),
        // EINVAL: the file system has no exchange; ENOSYS: the kernel
        // (before 3.15); EPERM: a seccomp filter refusing the call.
        Err(Errno::EINVAL | Errno::ENOSYS | Errno::EOPNOTSUPP | Errno::EPERM) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Elsewhere there is no exchange: the two moves.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Repairs what builds killed earlier left beside `dest` (`.NAME.tmp-PID`,
/// `.NAME.old-PID` of processes that are gone; a running build's are left
/// alone): when `dest` is missing, the newest old site is put back, and the
/// rest is removed.
fn recover(parent: &Path, name: &str, dest: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let (tmp_prefix, old_prefix) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    let mut stale = Vec::new();
    let mut olds = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            (true, pid)
        } else if let Some(pid) = file_name.strip_prefix(&tmp_prefix) {
            (false, pid)
        } else {
            continue;
        };
        if pid.parse().is_ok_and(is_running) {
            continue;
        }
        if is_old {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            olds.push((modified, entry.path()));
        } else {
            stale.push(entry.path());
        }
    }
    olds.sort();
    if !dest.exists()
        && let Some((_, newest)) = olds.pop()
    {
        let _ = std::fs::rename(newest, dest);
    }
    for path in stale.into_iter().chain(olds.into_iter().map(|(_, p)| p)) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Whether process `pid` is another process that is alive (this process's
/// own leftovers are from an earlier call that failed).
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // Signal 0 only checks: EPERM means it exists, as someone else's.
    !matches!(
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None),
        Err(nix::errno::Errno::ESRCH)
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn site(dir: &Path, files: &[(&str, &str)]) {
        std::fs::create_dir_all(dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The pid of a process that has exited.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        site(&a, &[("new.html", "new")]);
        site(&b, &[("old.html", "old")]);
        // tmpfs and ext4 both exchange; a file system that cannot says so.
        if exchange(&a, &b).unwrap() {
            assert_eq!(listing(&b), ["new.html"]);
            assert_eq!(listing(&a), ["old.html"]);
        } else {
            assert_eq!(listing(&b), ["old.html"], "nothing moved");
        }
        let missing = dir.path().join("missing");
        assert!(exchange(&a, &missing).is_err(), "both must exist");
    }

    #[test]
    fn the_new_site_replaces_the_old_with_nothing_left_beside() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        site(&dest, &[("old.html", "old")]);
        write_atomically(&dest, &[("new.html".into(), b"new".to_vec())]).unwrap();
        assert_eq!(listing(&dest), ["new.html"]);
        assert_eq!(listing(dir.path()), ["book"]);
    }

    #[test]
    fn without_exchange_the_two_moves_still_give_the_new_site() {
        let dir = tempfile::tempdir().unwrap();
        let (tmp, dest, old) = (
            dir.path().join(".book.tmp-1"),
            dir.path().join("book"),
            dir.path().join(".book.old-1"),
        );
        site(&tmp, &[("new.html", "new")]);
        site(&dest, &[("old.html", "old")]);
        swap_in(&tmp, &dest, &old, |_, _| Ok(false)).unwrap();
        assert_eq!(listing(&dest), ["new.html"]);
        assert_eq!(listing(&old), ["old.html"]);
    }

    #[test]
    fn a_build_killed_between_the_two_moves_is_repaired_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        let pid = dead_pid();
        // What the kill left: the old site moved aside, the new one beside.
        site(
            &dir.path().join(format!(".book.old-{pid}")),
            &[("old.html", "old")],
        );
        site(
            &dir.path().join(format!(".book.tmp-{pid}")),
            &[("half.html", "")],
        );
        // The next build fails, and still the old site is back in place.
        let failed =
            write_atomically_with(&dest, |_| Err(Error::Input("the book has an error".into())));
        assert!(failed.is_err());
        assert_eq!(listing(&dest), ["old.html"]);
        assert_eq!(listing(dir.path()), ["book"], "the leftovers are gone");
    }

    #[test]
    fn a_running_builds_folders_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        let mut other = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let theirs = dir.path().join(format!(".book.tmp-{}", other.id()));
        site(&theirs, &[("page.html", "theirs")]);
        let dead = dir.path().join(format!(".book.tmp-{}", dead_pid()));
        site(&dead, &[("page.html", "dead")]);
        write_atomically(&dest, &[("new.html".into(), b"new".to_vec())]).unwrap();
        assert!(theirs.exists(), "a running build's folder was removed");
        assert!(!dead.exists());
        other.kill().unwrap();
        other.wait().unwrap();
    }

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

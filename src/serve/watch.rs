//! File events → what to rebuild, as in zola: notify's events are reduced to
//! paths, debounced, and classified by a pure function.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    sync::mpsc::{Receiver, RecvTimeoutError},
    time::{Duration, Instant},
};

/// What a batch of changed paths asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Rebuild everything (book.toml, the theme, a SUMMARY.md, a new or
    /// removed chapter).
    pub full: bool,
    /// Chapters edited in place: (language code, path in the language folder).
    pub chapters: BTreeSet<(String, String)>,
    /// The changed paths, relative to the book, for the terminal line.
    pub changed: Vec<String>,
}

impl Plan {
    /// Whether there is anything to do.
    pub fn is_empty(&self) -> bool {
        !self.full && self.chapters.is_empty()
    }
}

/// Files editors write next to the real one and remove again: vim's `4913`
/// probe and `~` backups, swap files, emacs lock files, `.tmp`/`.part`
/// writes that end in a rename.
pub fn is_editor_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.starts_with("#")
        || name == "4913"
        || name.chars().all(|c| c.is_ascii_digit())
}

/// Classifies changed `paths` of the book in `root`. `src` is the content
/// folder, `theme` the theme folder and `dest` the output folder (ignored),
/// all relative to `root`. `is_chapter(lang, path)` tells listed chapters;
/// `included_by(path)` the chapters (language code, path) that include the
/// file `path` (relative to `root`) with `{{#include …}}` and friends.
pub fn classify(
    root: &Path,
    src: &str,
    theme: &str,
    dest: &str,
    paths: &[PathBuf],
    is_chapter: &dyn Fn(&str, &str) -> bool,
    included_by: &dyn Fn(&Path) -> Vec<(String, String)>,
) -> Plan {
    let mut plan = Plan::default();
    let mut changed = BTreeSet::new();
    for path in paths {
        // Folders change when a file in them does; the file has its own event.
        if path.is_dir() {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        if is_editor_noise(rel)
            || rel.starts_with(dest)
            || rel
                .components()
                .any(|c| c.as_os_str() == "target" || c.as_os_str() == ".git")
        {
            continue;
        }
        let shown = rel.to_string_lossy().replace('\\', "/");
        if rel == Path::new("book.toml") || rel.starts_with(theme) {
            plan.full = true;
            changed.insert(shown);
            continue;
        }
        // A file chapters include: those chapters (the file may be one too).
        let users = included_by(rel);
        let included = !users.is_empty();
        if included {
            changed.insert(shown.clone());
            plan.chapters.extend(users);
        }
        let Ok(inside) = rel.strip_prefix(src) else {
            continue;
        };
        let mut parts = inside.components();
        let Some(lang) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
            continue;
        };
        let chapter: PathBuf = parts.collect();
        let chapter = chapter.to_string_lossy().replace('\\', "/");
        let is_listed =
            chapter.ends_with(".md") && chapter != "SUMMARY.md" && is_chapter(lang, &chapter);
        if !is_listed && included {
            continue;
        }
        changed.insert(shown);
        if is_listed {
            plan.chapters.insert((lang.to_string(), chapter));
        } else {
            // SUMMARY.md, a new Markdown file, an image beside the chapters.
            plan.full = true;
        }
    }
    plan.changed = changed.into_iter().collect();
    plan
}

/// Waits for the first event on `rx`, then gathers more until the files have
/// been quiet for `quiet` (at most `max` in all), so that an editor's
/// write-rename-delete sequence is one rebuild. `None` when the channel closed.
pub fn debounce(rx: &Receiver<PathBuf>, quiet: Duration, max: Duration) -> Option<Vec<PathBuf>> {
    let first = rx.recv().ok()?;
    let start = Instant::now();
    let mut paths = vec![first];
    loop {
        let left = max.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(quiet.min(left)) {
            Ok(p) => paths.push(p),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(paths: &[&str]) -> Plan {
        let root = Path::new("/b");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(
            root,
            "content",
            "theme",
            "book",
            &paths,
            &|lang, p| lang == "en" && (p == "intro.md" || p == "shared.md"),
            &|p| match p.to_str() {
                Some("listings/ch01/main.rs" | "content/en/sample.md" | "content/en/shared.md") => {
                    vec![("en".to_string(), "guide.md".to_string())]
                }
                _ => Vec::new(),
            },
        )
    }

    #[test]
    fn editing_an_included_file_rebuilds_the_chapters_that_include_it() {
        let chapters = |p: Plan| {
            assert!(!p.full);
            p.chapters.into_iter().map(|(_, c)| c).collect::<Vec<_>>()
        };
        // Outside the content folder, beside it: `../listings/…`.
        assert_eq!(chapters(plan(&["listings/ch01/main.rs"])), ["guide.md"]);
        // A Markdown file no SUMMARY lists, only included.
        assert_eq!(chapters(plan(&["content/en/sample.md"])), ["guide.md"]);
        // A chapter that another chapter includes: both.
        assert_eq!(
            chapters(plan(&["content/en/shared.md"])),
            ["guide.md", "shared.md"]
        );
        assert!(plan(&["listings/other.rs"]).is_empty());
    }

    #[test]
    fn editing_a_chapter_rebuilds_that_chapter() {
        let p = plan(&["content/en/intro.md"]);
        assert!(!p.full);
        assert_eq!(
            p.chapters.into_iter().collect::<Vec<_>>(),
            [("en".to_string(), "intro.md".to_string())]
        );
    }

    #[test]
    fn config_theme_summary_and_new_files_rebuild_all() {
        for path in [
            "book.toml",
            "theme/static/netplate.css",
            "content/en/SUMMARY.md",
            "content/en/new.md",
            "content/en/img/a.png",
        ] {
            assert!(plan(&[path]).full, "{path}");
        }
    }

    #[test]
    fn editor_noise_and_output_are_ignored() {
        for path in [
            "content/en/.intro.md.swp",
            "content/en/intro.md~",
            "content/en/4913",
            "content/en/.#intro.md",
            "book/en/intro.html",
            "content/en/intro.md.tmp",
        ] {
            assert!(plan(&[path]).is_empty(), "{path}");
        }
    }

    #[test]
    fn debounce_gathers_a_burst() {
        let (tx, rx) = std::sync::mpsc::channel();
        for p in ["a", "b", "a"] {
            tx.send(PathBuf::from(p)).unwrap();
        }
        let got = debounce(&rx, Duration::from_millis(20), Duration::from_millis(200)).unwrap();
        assert_eq!(got, [PathBuf::from("a"), PathBuf::from("b")]);
    }
}

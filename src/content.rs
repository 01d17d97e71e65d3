//! The book's content: for each language, `content/<lang>/SUMMARY.md` (mdBook's
//! syntax) and the chapters it lists, read into memory.
//!
//! Problems are collected, not returned one at a time: a chapter listed but
//! missing is an error at its SUMMARY line; a Markdown file that no SUMMARY
//! lists is a warning; two languages that list different chapters fail.
//!
//! Each chapter's mdBook directives (`{{#include …}}` and friends) are
//! expanded as it is read ([`crate::include`]); its [`Chapter::location`]
//! names, for a byte of the expanded text, the file and line the author
//! wrote.

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
};

use crate::{
    config::{Config, Language},
    diagnostic::{Diagnostic, Location},
    error::{Error, Result},
    fs,
    include::{self, Expanded, SourceMap},
    summary::{self, EntryKind},
};

/// All languages of a book, loaded.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book's folder (where `book.toml` is).
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
    /// One entry per language, default first.
    pub languages: Vec<LanguageBook>,
    /// Warnings found while loading (unlisted files, ...).
    pub warnings: Vec<Diagnostic>,
}

/// One language's chapters.
#[derive(Debug, Clone)]
pub struct LanguageBook {
    /// The language.
    pub language: Language,
    /// Chapters in reading order (drafts, listed without a path, are skipped).
    pub chapters: Vec<Chapter>,
    /// The sidebar as SUMMARY.md lists it: chapters, drafts, part titles
    /// and separators, in order.
    pub nav: Vec<NavEntry>,
}

/// One line of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavEntry {
    /// `chapters[i]`.
    Chapter(usize),
    /// A draft: listed and numbered, no page yet.
    Draft {
        /// Its title.
        title: String,
        /// Its section number, if numbered.
        number: Option<String>,
        /// Nesting depth.
        depth: usize,
    },
    /// A `# Part` title.
    Part(String),
    /// A `---` separator.
    Separator,
}

/// One chapter: a Markdown file listed in SUMMARY.md.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Title as written in SUMMARY.md.
    pub title: String,
    /// Path relative to the language folder, with `/` separators: `basics.md`.
    pub path: String,
    /// The path shown in diagnostics: `content/zh/basics.md`.
    pub display_path: PathBuf,
    /// The Markdown text, its mdBook directives expanded.
    pub source: String,
    /// Where each byte of `source` comes from, when it includes files
    /// (`None`: all of it is the chapter's own file): use
    /// [`Chapter::location`].
    pub map: Option<SourceMap>,
    /// The page's whole `<title>`, from `{{#title …}}`.
    pub head_title: Option<String>,
    /// The files the chapter includes, relative to the book's folder.
    pub includes: Vec<PathBuf>,
    /// Warnings from expanding the directives.
    pub warnings: Vec<Diagnostic>,
    /// Nesting depth in SUMMARY.md: 0 for top-level chapters.
    pub depth: usize,
    /// Section number such as `1.2.`; `None` for prefix and suffix chapters.
    pub number: Option<String>,
}

impl Chapter {
    /// The page this chapter becomes, relative to the language folder: `basics.html`.
    pub fn html_path(&self) -> String {
        html_path(&self.path)
    }

    /// The place of `len` bytes at `offset` of [`Chapter::source`], in the
    /// file the author wrote: the chapter's own, or a file it includes.
    pub fn location(&self, offset: usize, len: usize) -> Location {
        match &self.map {
            Some(map) => map.location(offset, len),
            None => Location::from_offset(&self.display_path, &self.source, offset, len),
        }
    }

    /// Puts what [`read_chapter`] read in place of the chapter's text.
    pub fn set_text(&mut self, expanded: Expanded) {
        self.source = expanded.text;
        // A chapter without includes keeps no second copy of its text.
        self.map = (!expanded.map.is_identity()).then_some(expanded.map);
        self.head_title = expanded.title;
        self.includes = expanded.includes;
        self.warnings = expanded
            .diagnostics
            .into_iter()
            .filter(|d| !d.is_error())
            .collect();
    }
}

/// Reads the chapter at `display_path` (relative to the book's folder
/// `root`) and expands its mdBook directives. The directives' errors and
/// warnings are in [`Expanded::diagnostics`]. The chapter and every file it
/// includes must resolve inside the book's [`reach`].
/// `hidelines` is `[output.html.code.hidelines]`.
pub fn read_chapter(
    root: &Path,
    display_path: &Path,
    hidelines: &include::Hidelines,
) -> Result<Expanded, fs::ReadError> {
    let (within, above) = repository(root);
    let text = fs::read_to_string_within(&root.join(display_path), &within)?;
    Ok(expand_in(
        root,
        display_path,
        &text,
        &within,
        above,
        hidelines,
    ))
}

/// Expands the mdBook directives of `text`, the chapter at `display_path`
/// (relative to the book's folder `root`); what it includes must resolve
/// inside the book's [`reach`].
pub fn expand_chapter(
    root: &Path,
    display_path: &Path,
    text: &str,
    hidelines: &include::Hidelines,
) -> Expanded {
    let (within, above) = repository(root);
    expand_in(root, display_path, text, &within, above, hidelines)
}

fn expand_in(
    root: &Path,
    display_path: &Path,
    text: &str,
    within: &Path,
    above: usize,
    hidelines: &include::Hidelines,
) -> Expanded {
    let read = |p: &Path| fs::read_to_string_within(&root.join(p), within);
    include::expand_within(display_path, text, &read, above, hidelines)
}

/// The folder every file of the book in `root` must resolve inside,
/// symbolic links followed: the git repository the book is in (what
/// `{{#include}}` may reach, as in mdBook), or else the book's folder.
pub fn reach(root: &Path) -> PathBuf {
    repository(root).0
}

/// The book's [`reach`], and how many folders the book's folder is below
/// it (0 outside a git repository).
fn repository(root: &Path) -> (PathBuf, usize) {
    let Ok(root) = std::fs::canonicalize(root) else {
        return (root.to_path_buf(), 0);
    };
    let above = root
        .ancestors()
        .position(|dir| dir.join(".git").exists())
        .unwrap_or(0);
    let top = root.ancestors().nth(above).unwrap_or(&root).to_path_buf();
    (top, above)
}

/// Whether mdBook's `index` preprocessor makes `path` its folder's
/// `index`: a file whose stem is `readme`, in any case and with any
/// extension (`README.md`, `Readme.md`, `README`).
pub fn is_readme(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.eq_ignore_ascii_case("readme")
}

/// `a/b.md` → `a/b.html`; `README.md` (and `Readme.md`, `README`) →
/// `index.html` in its folder, as in mdBook.
pub fn html_path(md_path: &str) -> String {
    let (dir, name) = md_path
        .rsplit_once('/')
        .map_or(("", md_path), |(d, n)| (d, n));
    if is_readme(md_path) {
        return if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
    }
    // mdBook's `with_extension("html")`: the last extension replaced, or
    // `.html` added to a name without one.
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => {
            let base = &md_path[..md_path.len() - (name.len() - stem.len())];
            format!("{base}.html")
        }
        _ => format!("{md_path}.html"),
    }
}

impl Book {
    /// Loads every language's SUMMARY.md and chapters.
    pub fn load(root: &Path, config: Config) -> Result<Book> {
        Book::load_warming(root, config, None)
    }

    /// [`Book::load`], with `warm` called on the chapters as they are when
    /// preprocessors are about to run (see [`crate::preprocess::Warm`]).
    pub fn load_warming(
        root: &Path,
        config: Config,
        warm: Option<&crate::preprocess::Warm<'_>>,
    ) -> Result<Book> {
        // The preprocessors are asked what they support while the chapters load.
        let probe = crate::preprocess::probe(root, &config);
        let mut diagnostics = config.warnings.clone();
        let mut languages = Vec::new();
        for language in config.languages() {
            let rel = Path::new(&config.book.src).join(&language.dir);
            match load_language(root, &rel, language.clone(), &config, &mut diagnostics) {
                Some(book) => languages.push(book),
                None => continue,
            }
        }
        if languages.len() == config.languages().len() {
            compare_chapters(&config, &languages, &mut diagnostics);
            search_keys_match(root, &config, &languages, &mut diagnostics);
            fragment_redirects_have_a_page(root, &config, &languages, &mut diagnostics);
        }
        if !diagnostics.iter().any(Diagnostic::is_error) {
            crate::preprocess::run(probe, root, &config, &mut languages, warm, &mut diagnostics);
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Diagnostics(diagnostics));
        }
        Ok(Book {
            root: root.to_path_buf(),
            config,
            languages,
            warnings: diagnostics,
        })
    }
}

/// mdBook's `create-missing`: writes the missing chapter `display_path` as
/// `# Title`, as mdBook does; the warning (or the error when it cannot be
/// written) points at its SUMMARY.md line.
fn create_chapter(root: &Path, display_path: &Path, title: &str, at: Location) -> Diagnostic {
    let text = format!("# {}\n", crate::highlight::escape(title));
    let target = root.join(display_path);
    // A folder on the way may be a symbolic link: the file is created only
    // where the book may read it back.
    let inside = target
        .ancestors()
        .skip(1)
        .find(|a| a.exists())
        .and_then(|a| std::fs::canonicalize(a).ok())
        .is_some_and(|a| a.starts_with(reach(root)));
    if !inside {
        return Diagnostic::error(
            "chapter-path",
            format!(
                "`{}` does not exist, and creating it would write outside the book",
                display_path.display()
            ),
        )
        .at(at)
        .help("a folder on its path leads out of the book; create the chapter yourself, or fix its path in SUMMARY.md");
    }
    match fs::write(&target, text.as_bytes()) {
        Ok(()) => Diagnostic::warning(
            "created-chapter",
            format!(
                "created `{}`: SUMMARY.md lists it and it did not exist",
                display_path.display()
            ),
        )
        .at(at)
        .help("write the chapter there; `[build] create-missing = false` makes a missing chapter an error"),
        Err(e) => Diagnostic::error(
            "missing-chapter",
            format!("`{}` does not exist and could not be created: {e}", display_path.display()),
        )
        .at(at)
        .help("create it, or fix its path in SUMMARY.md"),
    }
}

fn load_language(
    root: &Path,
    rel: &Path,
    language: Language,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LanguageBook> {
    let create_missing = config.build.create_missing.unwrap_or(false);
    let not_found = config.output.html.input_404.as_deref().unwrap_or("404.md");
    // A book that is not strict takes what mdBook 0.4 took.
    let lenient = !config.check.strict();
    let hidelines = &config.output.html.code.hidelines;
    let dir = root.join(rel);
    let summary_rel = rel.join("SUMMARY.md");
    let summary_path = root.join(&summary_rel);
    let summary = match fs::read_to_string_within(&summary_path, &reach(root)) {
        Ok(text) => text,
        Err(e) if !e.is_not_found() => {
            diagnostics.push(e.diagnostic(&summary_rel));
            return None;
        }
        Err(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "missing-summary",
                    format!(
                        "language `{}` has no `{}`",
                        language.code,
                        summary_rel.display()
                    ),
                )
                .help(format!(
                    "create it with one line per chapter, e.g. `- [Introduction](intro.md)`, or remove `[language.{}]` from book.toml",
                    language.code
                )),
            );
            return None;
        }
    };
    let entries = match summary::parse(&summary, &summary_rel) {
        Ok((entries, mut warnings)) => {
            diagnostics.append(&mut warnings);
            entries
        }
        Err(mut errors) => {
            diagnostics.append(&mut errors);
            return None;
        }
    };

    let mut chapters = Vec::new();
    let mut nav = Vec::new();
    let mut seen = std::collections::HashMap::new();
    // The chapter each listed path became.
    let mut index_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Files the chapters include: a Markdown file included is not unlisted.
    let mut included: HashSet<PathBuf> = HashSet::new();
    for entry in entries {
        let number = entry.number.clone();
        match entry.kind {
            EntryKind::Part => {
                nav.push(NavEntry::Part(entry.title));
                continue;
            }
            EntryKind::Separator => {
                nav.push(NavEntry::Separator);
                continue;
            }
            EntryKind::Chapter => {}
        }
        let Some(path) = entry.path.clone() else {
            nav.push(NavEntry::Draft {
                title: entry.title,
                number,
                depth: entry.depth,
            });
            continue;
        };
        let at = || Location::from_offset(&summary_rel, &summary, entry.offset, entry.len);
        if let Some(&first_line) = seen.get(&path) {
            if lenient {
                // mdBook 0.4 listed it twice and wrote its page once more;
                // here both entries lead to its one page.
                if let Some(&i) = index_of.get(&path) {
                    nav.push(NavEntry::Chapter(i));
                }
                diagnostics.push(
                    Diagnostic::warning(
                        "duplicate-chapter",
                        format!("chapter `{path}` is listed twice: both entries lead to its one page"),
                    )
                    .at(at())
                    .note(format!("first listed on line {first_line}; mdBook 0.5 and `[check] strict = true` refuse a chapter listed twice"))
                    .help("list each chapter once"),
                );
            } else {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-chapter",
                        format!("chapter `{path}` is listed twice"),
                    )
                    .at(at())
                    .note(format!("first listed on line {first_line}"))
                    .help("list each chapter once"),
                );
            }
            continue;
        }
        seen.insert(path.clone(), at().line);
        if let Some(why) = fs::escape(Path::new(&path)) {
            diagnostics.push(
                Diagnostic::error(
                    "chapter-path",
                    format!(
                        "chapter `{path}` {why}: a chapter is a file inside `{}`",
                        dir_shown(rel)
                    ),
                )
                .at(at())
                .help(format!(
                    "list the chapter by its path from `{}`, like `guide/setup.md`; to show a file from elsewhere, `{{{{#include ../path}}}}` it in a chapter",
                    dir_shown(rel)
                )),
            );
            continue;
        }
        let display_path = rel.join(&path);
        if create_missing && !root.join(&display_path).exists() {
            diagnostics.push(create_chapter(root, &display_path, &entry.title, at()));
        }
        match read_chapter(root, &display_path, hidelines) {
            Ok(expanded) => {
                diagnostics.extend(
                    expanded
                        .diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .cloned(),
                );
                included.extend(expanded.includes.iter().cloned());
                index_of.insert(path.clone(), chapters.len());
                let mut chapter = Chapter {
                    title: entry.title.clone(),
                    path,
                    display_path,
                    source: String::new(),
                    map: None,
                    head_title: None,
                    includes: Vec::new(),
                    warnings: Vec::new(),
                    depth: entry.depth,
                    number,
                };
                chapter.set_text(expanded);
                nav.push(NavEntry::Chapter(chapters.len()));
                chapters.push(chapter);
            }
            Err(e) if !e.is_not_found() => {
                let d = e.diagnostic(&display_path);
                // A problem without a place in the file is shown at the
                // SUMMARY.md line that lists it.
                diagnostics.push(match d.location {
                    Some(_) => d.note(format!("listed in {}:{}", summary_rel.display(), at().line)),
                    None => d.at(at()),
                });
            }
            Err(_) => diagnostics.push(
                Diagnostic::error(
                    "missing-chapter",
                    format!(
                        "chapter `{path}` is listed but `{}` does not exist",
                        display_path.display()
                    ),
                )
                .at(at())
                .help(format!(
                    "create `{}`, fix the path, or make it a draft with `[{}]()`",
                    display_path.display(),
                    entry.title
                )),
            ),
        }
    }

    if let Ok(files) = fs::files_below(&dir) {
        for file in files {
            let path = file.to_string_lossy().replace('\\', "/");
            if path.ends_with(".md")
                && path != "SUMMARY.md"
                && path != not_found
                && !seen.contains_key(&path)
                && !included.contains(&rel.join(&file))
            {
                diagnostics.push(
                    Diagnostic::warning(
                        "unlisted-chapter",
                        format!(
                            "`{}` is not listed in `{}` and is not built",
                            rel.join(&path).display(),
                            summary_rel.display()
                        ),
                    )
                    .help(format!(
                        "add `- [Title]({path})` to SUMMARY.md, or delete the file"
                    )),
                );
            }
        }
    }
    Some(LanguageBook {
        language,
        chapters,
        nav,
    })
}

/// A folder of the book as messages show it: `content/en/`.
fn dir_shown(rel: &Path) -> String {
    let shown = rel.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}

/// A page with only `#fragment` redirects (`"/old.html#a" = "new.html#b"`,
/// no `"/old.html"`) must be a chapter's page, which maps those fragments
/// itself; elsewhere nothing says where a reader of the page without a
/// fragment goes (mdBook refuses it too).
fn fragment_redirects_have_a_page(
    root: &Path,
    config: &Config,
    languages: &[LanguageBook],
    out: &mut Vec<Diagnostic>,
) {
    let redirects = config.redirects();
    if redirects.values().all(|(to, _)| !to.is_empty()) {
        return;
    }
    let pages: HashSet<String> = languages
        .iter()
        .flat_map(|l| {
            l.chapters
                .iter()
                .map(move |c| format!("/{}{}", l.language.dir, c.html_path()))
        })
        .collect();
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    for (base, (to, _)) in &redirects {
        if !to.is_empty() || pages.contains(base) {
            continue;
        }
        let bare = base.trim_start_matches('/');
        let needle = format!("{bare}#");
        let offset = text.find(&needle).unwrap_or(0);
        out.push(
            Diagnostic::error(
                "book-toml",
                format!("`[output.html.redirect]`: `{base}` has only `#fragment` redirects"),
            )
            .at(Location::from_offset(
                Path::new("book.toml"),
                &text,
                offset,
                needle.len().min(text.len() - offset),
            ))
            .help(format!("add `\"{base}\" = \"…\"`, where a reader of `{base}` goes without a fragment (as mdBook requires); fragments of a chapter's own page are mapped inside the page")),
        );
    }
}

/// Each `[output.html.search.chapter]` key must be a chapter's path or a
/// folder of chapters, as mdBook requires.
fn search_keys_match(
    root: &Path,
    config: &Config,
    languages: &[LanguageBook],
    out: &mut Vec<Diagnostic>,
) {
    let keys = &config.output.html.search.chapter;
    if keys.is_empty() {
        return;
    }
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    for key in keys.keys() {
        let matches = languages
            .iter()
            .flat_map(|l| &l.chapters)
            .any(|c| Path::new(&c.path).starts_with(key));
        if matches {
            continue;
        }
        let quoted = format!("\"{key}\"");
        let (offset, len) = text.find(&quoted).map_or((0, 0), |i| (i, quoted.len()));
        out.push(
            Diagnostic::error(
                "book-toml",
                format!("`[output.html.search.chapter]` key `{key}` matches no chapter"),
            )
            .at(Location::from_offset(Path::new("book.toml"), &text, offset, len))
            .help("give a chapter's path from the chapters' folder (`guide/setup.md`) or a folder of chapters (`guide`)"),
        );
    }
}

/// Every language must list the same chapters, so that switching language
/// always lands on the same page.
fn compare_chapters(config: &Config, languages: &[LanguageBook], out: &mut Vec<Diagnostic>) {
    let Some((first, rest)) = languages.split_first() else {
        return;
    };
    let summary = |l: &LanguageBook| {
        Path::new(&config.book.src)
            .join(&l.language.dir)
            .join("SUMMARY.md")
    };
    for other in rest {
        for (a, b) in [(first, other), (other, first)] {
            for chapter in &a.chapters {
                if !b.chapters.iter().any(|c| c.path == chapter.path) {
                    out.push(
                        Diagnostic::error(
                            "language-mismatch",
                            format!(
                                "chapter `{}` is in `{}` but not in `{}`",
                                chapter.path,
                                summary(a).display(),
                                summary(b).display()
                            ),
                        )
                        .help(format!(
                            "every language lists the same chapters: add `{}` to `{}` (translated), or remove it from `{}`",
                            chapter.path,
                            summary(b).display(),
                            summary(a).display()
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::html_path;

    #[test]
    fn pages_are_named_as_mdbook_names_them() {
        assert_eq!(html_path("a/b.md"), "a/b.html");
        assert_eq!(html_path("README.md"), "index.html");
        // mdBook's index preprocessor: any case, any extension
        assert_eq!(html_path("second/Readme.md"), "second/index.html");
        assert_eq!(html_path("first/README"), "first/index.html");
        // `with_extension("html")`
        assert_eq!(html_path("notes"), "notes.html");
        assert_eq!(html_path("v1.2.md"), "v1.2.html");
        assert_eq!(html_path("dir.d/x.md"), "dir.d/x.html");
        assert_eq!(html_path("../up/README.md"), "../up/index.html");
    }
}

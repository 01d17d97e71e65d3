//! Orchestration: load → Markdown → check → templates → write.
//!
//! [`Site::load`] reads and renders everything in memory and runs the checks
//! that need the whole book (links, the same heading ids in every language,
//! every config block); [`Site::pages`] applies the templates;
//! [`write_atomically`] puts the result in place so that a failed or
//! interrupted build never leaves a broken destination.
//! [`Site::update_chapter`] redoes one edited chapter for `serve`.

mod checks;
mod pages;
pub mod single;
mod write;

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use self::{
    checks::{check_heading_ids, check_links},
    write::check_destination,
};
pub use self::{
    pages::{NAV_INLINE_MAX, Output},
    write::{write_atomically, write_atomically_with},
};
use crate::{
    check,
    config::Config,
    content::{Book, read_chapter},
    diagnostic::{Diagnostic, Severity},
    error::{Error, Result},
    i18n::strings,
    markdown::{self, Context, Fill, Rendered},
    placeholder::setup::{PagePlaceholders, Reader, Setup},
    render::Templates,
    theme::Theme,
};

/// A loaded, rendered and checked book, not yet written.
pub struct Site {
    /// The book's content and configuration.
    pub book: Book,
    /// Rendered chapters, `rendered[language][chapter]`, parallel to `book`.
    pub rendered: Vec<Vec<Rendered>>,
    /// The theme.
    pub theme: Theme,
    /// The placeholders and the reader's values, if the book has any.
    pub placeholders: Option<Setup>,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
    /// Config and shell blocks validated.
    pub validated: usize,
    /// Blocks opted out of validation with `check=none`, as `file:line`.
    pub opted_out: Vec<String>,
    templates: Templates,
    /// The subnet form's data, per language.
    page_placeholders: Vec<Option<PagePlaceholders>>,
    /// Per chapter: what its own Markdown and blocks reported.
    chapter_checks: Vec<Vec<check::Checked>>,
    strictness: Strictness,
    /// `nav.html` per (language, page depth): titles come from SUMMARY.md,
    /// which a `Site` never reloads.
    nav_cache: std::sync::Mutex<std::collections::HashMap<(usize, String), std::sync::Arc<String>>>,
}

/// How strict a build is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strictness {
    /// Treat warnings as errors (`--deny-warnings`).
    pub deny_warnings: bool,
}

/// What a build writes besides the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct Outputs {
    /// Also `<lang>.html`, each language's guide in one file
    /// (`--single-file`).
    pub single_file: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub dest: PathBuf,
    /// Chapters per language.
    pub chapters: usize,
    /// Language codes, default first.
    pub languages: Vec<String>,
    /// Files written.
    pub files: usize,
    /// The one-file books written, relative to `dest`.
    pub single_files: Vec<String>,
    /// Warnings to print.
    pub warnings: Vec<Diagnostic>,
    /// Config and shell blocks validated.
    pub validated: usize,
    /// Blocks opted out with `check=none`.
    pub opted_out: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// What [`Site::update_chapter`] changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Only this page needs rendering again.
    Page,
    /// The chapter's title changed: every page of its language shows it.
    Language,
    /// Something the whole book depends on changed (the addresses the book
    /// uses): rebuild everything.
    Everything,
}

/// Builds the book in `root` into `dest` (default: the book's `build-dir`).
pub fn build(
    root: &Path,
    dest: Option<&Path>,
    reader: &Reader,
    strictness: Strictness,
) -> Result<BuildReport> {
    build_with(root, dest, reader, strictness, Outputs::default())
}

/// [`build`], with extra `outputs`.
pub fn build_with(
    root: &Path,
    dest: Option<&Path>,
    reader: &Reader,
    strictness: Strictness,
    outputs: Outputs,
) -> Result<BuildReport> {
    let start = Instant::now();
    let site = Site::load_with(root, reader, strictness)?;
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => root.join(&site.book.config.build.build_dir),
    };
    let included: Vec<PathBuf> = site
        .book
        .languages
        .iter()
        .flat_map(|l| &l.chapters)
        .flat_map(|c| c.includes.iter().cloned())
        .collect();
    // Written where the checked path leads: `book/../book` is `book`.
    let dest = check_destination(root, &site.book.config, &included, &dest)?;
    if outputs.single_file {
        let collisions = site.output_collisions(true)?;
        if !collisions.is_empty() {
            return Err(Error::Diagnostics(collisions));
        }
    }
    let mut files = 0;
    let single_files = match outputs.single_file {
        true => site
            .book
            .languages
            .iter()
            .map(|l| single::file_name(&l.language.code))
            .collect(),
        false => Vec::new(),
    };
    write::write_atomically_with(&dest, |tmp| {
        files = site.write_pages(tmp, outputs.single_file)?;
        Ok(())
    })?;
    Ok(BuildReport {
        dest,
        chapters: site.book.languages.first().map_or(0, |l| l.chapters.len()),
        languages: site
            .book
            .languages
            .iter()
            .map(|l| l.language.code.clone())
            .collect(),
        files,
        single_files,
        warnings: site.warnings,
        validated: site.validated,
        opted_out: site.opted_out,
        elapsed: start.elapsed(),
    })
}

/// Renders chapter `ci` of language `li` with the book's values filled.
pub fn render_chapter(book: &Book, setup: Option<&Setup>, li: usize, ci: usize) -> Rendered {
    let lang = &book.languages[li];
    let chapter = &lang.chapters[ci];
    let cx = Context {
        chapter: &chapter.path,
        file: &chapter.display_path,
        strings: strings(&lang.language.code),
        fill: setup.map(|p| Fill {
            template: &p.template,
            values: &p.values,
            slots: &p.slot_names,
        }),
        map: chapter.map.as_ref(),
        options: book.config.markdown_options(),
    };
    markdown::render(&chapter.source, &cx)
}

impl Site {
    /// Loads, renders and checks the book in `root`. All errors of all
    /// chapters are returned together.
    pub fn load(root: &Path, reader: &Reader) -> Result<Site> {
        Site::load_with(root, reader, Strictness::default())
    }

    /// [`Site::load`] with `--deny-warnings` and friends.
    pub fn load_with(root: &Path, reader: &Reader, strictness: Strictness) -> Result<Site> {
        let config = Config::load(root)?;
        let theme = Theme::load(
            &root.join(&config.output.html.theme),
            &crate::content::reach(root),
        )?;
        let mut book = {
            // While preprocessors run (one core, one after the other), the
            // other core highlights the code blocks of the chapters as they
            // are: the blocks they leave alone are not highlighted again.
            let options = config.markdown_options();
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let warming = std::sync::Mutex::new(None);
            let warm = |languages: &[crate::content::LanguageBook]| {
                type Job = (String, PathBuf, String, &'static crate::i18n::Strings);
                let jobs: Vec<Job> = languages
                    .iter()
                    .flat_map(|l| {
                        let words = strings(&l.language.code);
                        l.chapters.iter().map(move |c| {
                            (
                                c.path.clone(),
                                c.display_path.clone(),
                                c.source.clone(),
                                words,
                            )
                        })
                    })
                    .collect();
                let stop = stop.clone();
                crate::highlight::share_blocks();
                let handle = std::thread::spawn(move || {
                    for (path, file, source, words) in jobs {
                        if stop.load(std::sync::atomic::Ordering::Relaxed) {
                            break;
                        }
                        let mut cx = Context::new(&path, &file, words);
                        cx.options = options;
                        let _ = markdown::render(&source, &cx);
                    }
                });
                *warming.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
            };
            let book = Book::load_warming(root, config, Some(&warm));
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            if let Some(handle) = warming.lock().unwrap_or_else(|e| e.into_inner()).take() {
                let _ = handle.join();
            }
            book?
        };
        let unused = theme.unused();
        if !unused.is_empty() {
            let shown: Vec<String> = unused
                .iter()
                .take(8)
                .map(|p| format!("`{}`", p.strip_prefix(root).unwrap_or(p).display()))
                .collect();
            let more = unused.len().saturating_sub(shown.len());
            let mut w = Diagnostic::warning(
                "theme-ignored",
                format!(
                    "{} {} not used: {}{}",
                    unused.len(),
                    if unused.len() == 1 {
                        "file of the theme folder is not a netplate theme file and is"
                    } else {
                        "files of the theme folder are not netplate theme files and are"
                    },
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    },
                ),
            );
            if unused.iter().any(|p| {
                p.extension().is_some_and(|e| e == "hbs")
                    || p.components().any(|c| c.as_os_str() == "css")
            }) {
                w = w.note("mdBook's theme files (`index.hbs`, `css/…`, `book.js`) are for mdBook's handlebars theme");
            }
            book.warnings.push(w.help(
                "netplate's theme is `templates/*.html` (minijinja) and `static/*`, overriding its built-in files by name (README: Themes); add-on styles and scripts work unchanged through `additional-css` and `additional-js`",
            ));
        }
        let placeholders = Setup::new(&book, reader)?;
        let samples = placeholders
            .as_ref()
            .map(|s| check::samples(s, &book))
            .unwrap_or_default();
        // Every chapter on its own: render its Markdown and check its blocks,
        // spread over the machine's cores.
        let jobs: Vec<(usize, usize)> = (0..book.languages.len())
            .flat_map(|li| (0..book.languages[li].chapters.len()).map(move |ci| (li, ci)))
            .collect();
        let done = par_map(&jobs, |&(li, ci)| {
            let r = render_chapter(&book, placeholders.as_ref(), li, ci);
            let chapter = &book.languages[li].chapters[ci];
            let mut checked = check::chapter(
                chapter,
                &r,
                placeholders.as_ref(),
                &samples,
                &book.config.check,
            );
            checked
                .diagnostics
                .splice(0..0, chapter.warnings.iter().chain(&r.diagnostics).cloned());
            (r, checked)
        });
        let mut rendered: Vec<Vec<Rendered>> = book
            .languages
            .iter()
            .map(|l| Vec::with_capacity(l.chapters.len()))
            .collect();
        let mut chapter_checks: Vec<Vec<check::Checked>> = book
            .languages
            .iter()
            .map(|l| Vec::with_capacity(l.chapters.len()))
            .collect();
        for (&(li, _), (r, checked)) in jobs.iter().zip(done) {
            rendered[li].push(r);
            chapter_checks[li].push(checked);
        }
        let templates = Templates::new(&theme)?;
        let page_placeholders = book
            .languages
            .iter()
            .map(|l| {
                placeholders
                    .as_ref()
                    .map(|p| p.page(&book, &l.language.code))
            })
            .collect();
        let mut site = Site {
            book,
            rendered,
            theme,
            placeholders,
            warnings: Vec::new(),
            validated: 0,
            opted_out: Vec::new(),
            templates,
            page_placeholders,
            chapter_checks,
            strictness,
            nav_cache: Default::default(),
        };
        site.warnings = site.collect_diagnostics()?;
        Ok(site)
    }

    /// Every diagnostic of the book; an error if any of them is one.
    fn collect_diagnostics(&mut self) -> Result<Vec<Diagnostic>> {
        let mut diagnostics = self.book.warnings.clone();
        self.validated = 0;
        self.opted_out.clear();
        for checked in self.chapter_checks.iter().flatten() {
            diagnostics.extend(checked.diagnostics.iter().cloned());
            self.validated += checked.validated;
            self.opted_out.extend(checked.opted_out.iter().cloned());
        }
        let before = diagnostics.len();
        check_links(&self.book, &self.rendered, &mut diagnostics);
        if !self.book.config.check.strict() {
            // An mdBook book builds as mdBook builds it: its broken links are
            // reported, with file:line, as warnings (`[check] strict = true`
            // makes them errors, as they always are in a netplate book).
            for d in &mut diagnostics[before..] {
                d.severity = Severity::Warning;
            }
        }
        diagnostics.extend(self.output_collisions(false)?);
        check_heading_ids(&self.book, &self.rendered, &mut diagnostics);
        if self.strictness.deny_warnings || self.book.config.check.deny_warnings {
            for d in &mut diagnostics {
                d.severity = Severity::Error;
            }
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
            return Err(Error::Diagnostics(diagnostics));
        }
        Ok(diagnostics)
    }

    /// The chapters (language code, path) that include the file `rel`
    /// (relative to the book's folder).
    pub fn chapters_including(&self, rel: &Path) -> Vec<(String, String)> {
        self.book
            .languages
            .iter()
            .flat_map(|l| {
                l.chapters
                    .iter()
                    .filter(|c| c.includes.iter().any(|i| i == rel))
                    .map(|c| (l.language.code.clone(), c.path.clone()))
            })
            .collect()
    }

    /// The folders of every file the chapters include, relative to the
    /// book's folder.
    pub fn include_dirs(&self) -> std::collections::BTreeSet<PathBuf> {
        self.book
            .languages
            .iter()
            .flat_map(|l| &l.chapters)
            .flat_map(|c| &c.includes)
            .filter_map(|i| i.parent().map(Path::to_path_buf))
            .collect()
    }

    /// Where chapter `path` of language `code` is.
    pub fn chapter_index(&self, code: &str, path: &str) -> Option<(usize, usize)> {
        let li = self
            .book
            .languages
            .iter()
            .position(|l| l.language.code == code)?;
        let ci = self.book.languages[li]
            .chapters
            .iter()
            .position(|c| c.path == path)?;
        Some((li, ci))
    }

    /// Reads chapter `ci` of language `li` again from disk (with the files
    /// it includes) and redoes what depends on it: its page, its checks, and
    /// the checks across the book. On error the site is left as it was.
    pub fn update_chapter(&mut self, li: usize, ci: usize) -> Result<Update> {
        let chapter = &self.book.languages[li].chapters[ci];
        let expanded = read_chapter(
            &self.book.root,
            &chapter.display_path,
            &self.book.config.output.html.code.hidelines,
        )
        .map_err(|e| Error::Diagnostics(vec![e.diagnostic(&chapter.display_path)]))?;
        if expanded.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Diagnostics(expanded.diagnostics));
        }
        let old_chapter = chapter.clone();
        self.book.languages[li].chapters[ci].set_text(expanded);
        let old_source = &old_chapter.source;
        // New host offsets change every page's form data: rebuild all. When
        // the chapter uses the same offsets on the same lines as before,
        // nothing changed for the rest of the book (the usual edit).
        let same_offsets = self.placeholders.as_ref().is_none_or(|setup| {
            setup.offsets_in(old_source)
                == setup.offsets_in(&self.book.languages[li].chapters[ci].source)
        });
        if let Some(setup) = self.placeholders.as_ref().filter(|_| !same_offsets) {
            let reader = setup.reader.clone();
            match Setup::new(&self.book, &reader) {
                Ok(Some(new)) if new.used == setup.used => {}
                Ok(_) => return Ok(Update::Everything),
                Err(e) => {
                    self.book.languages[li].chapters[ci] = old_chapter;
                    return Err(e);
                }
            }
        }
        let new = render_chapter(&self.book, self.placeholders.as_ref(), li, ci);
        let samples = self
            .placeholders
            .as_ref()
            .map(|s| check::samples(s, &self.book))
            .unwrap_or_default();
        let mut checked = check::chapter(
            &self.book.languages[li].chapters[ci],
            &new,
            self.placeholders.as_ref(),
            &samples,
            &self.book.config.check,
        );
        checked.diagnostics.splice(
            0..0,
            self.book.languages[li].chapters[ci]
                .warnings
                .iter()
                .chain(&new.diagnostics)
                .cloned(),
        );
        let old_rendered = std::mem::replace(&mut self.rendered[li][ci], new);
        let old_checked = std::mem::replace(&mut self.chapter_checks[li][ci], checked);
        match self.collect_diagnostics() {
            Ok(warnings) => {
                // The chapter list comes from SUMMARY.md, whose edits
                // rebuild everything: `nav_cache` stays valid.
                self.warnings = warnings;
                Ok(if old_rendered.title == self.rendered[li][ci].title {
                    Update::Page
                } else {
                    Update::Language
                })
            }
            Err(e) => {
                self.book.languages[li].chapters[ci] = old_chapter;
                self.rendered[li][ci] = old_rendered;
                self.chapter_checks[li][ci] = old_checked;
                Err(e)
            }
        }
    }
}

/// `f` over `items` on every core, results in order. rayon's work
/// stealing keeps both cores busy when items cost unevenly (a netplan file
/// costs three times an interfaces file).
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    items.par_iter().map(f).collect()
}

/// [`par_map`] for fallible work: stops starting items after the first
/// error (a theme template that runs out of fuel fails once, not once per
/// page), and returns the results in order or an error.
pub(crate) fn par_try_map<T: Sync, R: Send, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    use rayon::prelude::*;
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    items.par_iter().map(f).collect()
}

/// A path shown relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.strip_prefix(".").unwrap_or(path).to_path_buf())
        .display()
        .to_string()
}

//! Orchestration: load → Markdown → check → templates → write.
//!
//! [`Site::load`] reads and renders everything in memory and runs the checks
//! that need the whole book (links, the same heading ids in every language);
//! [`Site::pages`] applies the templates; [`write_atomically`] puts the result
//! in place so that a failed or interrupted build never leaves a broken
//! destination.

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use minijinja::Value;

use crate::{
    check,
    config::Config,
    content::{Book, Chapter},
    diagnostic::{Diagnostic, Location, Severity},
    error::{Error, Result},
    fs,
    i18n::strings,
    markdown::{self, Context, Fill, Rendered},
    placeholder::setup::{Reader, Setup},
    render::{Alternate, LangCtx, LangLink, NavItem, PageCtx, PagerLink, Templates, TocItem},
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
}

/// How strict a build is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strictness {
    /// Treat warnings as errors (`--deny-warnings`).
    pub deny_warnings: bool,
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
    /// Warnings to print.
    pub warnings: Vec<Diagnostic>,
    /// Config and shell blocks validated.
    pub validated: usize,
    /// Blocks opted out with `check=none`.
    pub opted_out: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Builds the book in `root` into `dest` (default: the book's `build-dir`).
pub fn build(
    root: &Path,
    dest: Option<&Path>,
    reader: &Reader,
    strictness: Strictness,
) -> Result<BuildReport> {
    let start = Instant::now();
    let site = Site::load_with(root, reader, strictness)?;
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => root.join(&site.book.config.build.build_dir),
    };
    check_destination(root, &site.book.config, &dest)?;
    let files = site.pages()?;
    write_atomically(&dest, &files)?;
    Ok(BuildReport {
        dest,
        chapters: site.book.languages.first().map_or(0, |l| l.chapters.len()),
        languages: site
            .book
            .languages
            .iter()
            .map(|l| l.language.code.clone())
            .collect(),
        files: files.len(),
        warnings: site.warnings,
        validated: site.validated,
        opted_out: site.opted_out,
        elapsed: start.elapsed(),
    })
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
        let theme = Theme::load(&root.join(&config.output.html.theme))?;
        let book = Book::load(root, config)?;
        let placeholders = Setup::new(&book, reader)?;
        let mut diagnostics = book.warnings.clone();
        let fill = placeholders.as_ref().map(|p| Fill {
            template: &p.template,
            values: &p.values,
            slots: &p.slot_names,
        });
        let rendered: Vec<Vec<Rendered>> = book
            .languages
            .iter()
            .map(|l| {
                let strings = strings(&l.language.code);
                l.chapters
                    .iter()
                    .map(|c| {
                        let cx = Context {
                            chapter: &c.path,
                            file: &c.display_path,
                            strings,
                            fill,
                        };
                        markdown::render(&c.source, &cx)
                    })
                    .collect()
            })
            .collect();
        for chapters in &rendered {
            for r in chapters {
                diagnostics.extend(r.diagnostics.iter().cloned());
            }
        }
        check_links(&book, &rendered, &mut diagnostics);
        check_heading_ids(&book, &rendered, &mut diagnostics);
        let checked = check::book(&book, &rendered, placeholders.as_ref());
        diagnostics.extend(checked.diagnostics);
        if strictness.deny_warnings {
            for d in &mut diagnostics {
                d.severity = Severity::Error;
            }
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
            return Err(Error::Diagnostics(diagnostics));
        }
        Ok(Site {
            book,
            rendered,
            theme,
            placeholders,
            warnings: diagnostics,
            validated: checked.validated,
            opted_out: checked.opted_out,
        })
    }

    /// Every output file, as (path relative to the site root, bytes).
    pub fn pages(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let templates = Templates::new(&self.theme)?;
        let config = &self.book.config;
        let site_url = config.output.html.site_url.as_deref();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let langs: Vec<LangCtx> = self
            .book
            .languages
            .iter()
            .map(|l| LangCtx {
                code: l.language.code.clone(),
                name: l.language.name.clone(),
                title: l.language.title.clone(),
                description: l.language.description.clone(),
            })
            .collect();
        let book_title = &config.default_language().title;

        for (li, lang_book) in self.book.languages.iter().enumerate() {
            let lang = &langs[li];
            let t = strings(&lang.code);
            let chapters = &lang_book.chapters;
            let ph = self
                .placeholders
                .as_ref()
                .map(|p| p.page(&self.book, &lang.code));
            for (ci, chapter) in chapters.iter().enumerate() {
                let rendered = &self.rendered[li][ci];
                let page = chapter.html_path();
                let root = "../".repeat(page.matches('/').count() + 1);
                let href = |lang: &str, c: &Chapter| format!("{root}{lang}/{}", c.html_path());
                let nav: Vec<NavItem> = chapters
                    .iter()
                    .enumerate()
                    .map(|(i, c)| NavItem {
                        title: c.title.clone(),
                        href: href(&lang.code, c),
                        depth: c.depth,
                        number: c.number.clone(),
                        active: i == ci,
                    })
                    .collect();
                let pager = |i: usize| {
                    chapters.get(i).map(|c| PagerLink {
                        title: c.title.clone(),
                        href: href(&lang.code, c),
                    })
                };
                let languages = langs
                    .iter()
                    .map(|l| LangLink {
                        code: l.code.clone(),
                        name: l.name.clone(),
                        title: l.title.clone(),
                        href: format!("{root}{}/{page}", l.code),
                        active: l.code == lang.code,
                        chapters: Vec::new(),
                    })
                    .collect();
                let absolute = |code: &str| site_url.map(|u| format!("{u}{code}/{page}"));
                let mut alternates: Vec<Alternate> = langs
                    .iter()
                    .map(|l| Alternate {
                        code: l.code.clone(),
                        href: absolute(&l.code)
                            .unwrap_or_else(|| format!("{root}{}/{page}", l.code)),
                    })
                    .collect();
                alternates.push(Alternate {
                    code: "x-default".into(),
                    href: site_url
                        .map_or_else(|| format!("{root}index.html"), |u| format!("{u}index.html")),
                });
                let ctx = PageCtx {
                    lang,
                    t,
                    book_title,
                    authors: &config.book.authors,
                    page_title: rendered
                        .title
                        .clone()
                        .unwrap_or_else(|| chapter.title.clone()),
                    home: format!("{root}{}/index.html", lang.code),
                    content: Value::from_safe_string(rendered.html.clone()),
                    nav: &nav,
                    toc: rendered
                        .headings
                        .iter()
                        .filter(|h| (2..=3).contains(&h.level))
                        .map(|h| TocItem {
                            level: h.level,
                            id: h.id.clone(),
                            text: h.text.clone(),
                        })
                        .collect(),
                    prev: ci.checked_sub(1).and_then(pager),
                    next: pager(ci + 1),
                    languages,
                    alternates,
                    canonical: absolute(&lang.code),
                    root,
                    ph: ph.as_ref(),
                };
                let html = templates.render("chapter.html", &ctx)?;
                files.push((format!("{}/{page}", lang.code), html.into_bytes()));
            }
            if let Some(first) = chapters.first() {
                files.push((
                    format!("{}/index.html", lang.code),
                    redirect_page(&first.html_path()).into_bytes(),
                ));
            }
            copy_content_assets(&self.book.root, config, &lang.code, &mut files)?;
        }

        // Landing page and 404: at the site root.
        let landing_links = |root: &str, with_chapters: bool| -> Vec<LangLink> {
            self.book
                .languages
                .iter()
                .zip(&langs)
                .map(|(lb, l)| LangLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    title: l.title.clone(),
                    href: lb.chapters.first().map_or_else(
                        || format!("{root}{}/index.html", l.code),
                        |c| format!("{root}{}/{}", l.code, c.html_path()),
                    ),
                    active: false,
                    chapters: if with_chapters {
                        lb.chapters
                            .iter()
                            .map(|c| NavItem {
                                title: c.title.clone(),
                                href: format!("{root}{}/{}", l.code, c.html_path()),
                                depth: c.depth,
                                number: c.number.clone(),
                                active: false,
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect()
        };
        let default_lang = &langs[0];
        let root_page = |root: String, with_chapters: bool| PageCtx {
            lang: default_lang,
            t: strings(&default_lang.code),
            book_title,
            authors: &config.book.authors,
            page_title: book_title.clone(),
            home: format!("{root}index.html"),
            content: Value::from(""),
            nav: &[],
            toc: Vec::new(),
            prev: None,
            next: None,
            languages: landing_links(&root, with_chapters),
            alternates: Vec::new(),
            canonical: site_url
                .map(|u| format!("{u}index.html"))
                .filter(|_| !with_chapters),
            root,
            ph: None,
        };
        let landing = templates.render("landing.html", root_page(String::new(), false))?;
        files.push(("index.html".into(), landing.into_bytes()));
        // A server shows 404.html for any missing path, so its links must not
        // be relative to where it sits, unless no site URL is known.
        let not_found = templates.render(
            "404.html",
            root_page(site_url.unwrap_or("").to_string(), true),
        )?;
        files.push(("404.html".into(), not_found.into_bytes()));

        for (path, bytes) in self.theme.static_files() {
            files.push((format!("static/{path}"), bytes.to_vec()));
        }
        if let Some(url) = site_url {
            files.push(("sitemap.xml".into(), self.sitemap(url).into_bytes()));
        }
        Ok(files)
    }

    fn sitemap(&self, site_url: &str) -> String {
        let esc = crate::highlight::escape;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for lang in &self.book.languages {
            for chapter in &lang.chapters {
                let page = chapter.html_path();
                xml.push_str(&format!(
                    "<url><loc>{}</loc>",
                    esc(&format!("{site_url}{}/{page}", lang.language.code))
                ));
                for other in &self.book.languages {
                    let code = &other.language.code;
                    xml.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                        esc(&format!("{site_url}{code}/{page}"))
                    ));
                }
                xml.push_str("</url>\n");
            }
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// `<lang>/index.html`: sends the reader to the first chapter, with or without JavaScript.
fn redirect_page(target: &str) -> String {
    let t = crate::highlight::escape(target);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"><title>{t}</title></head><body><a href=\"{t}\">{t}</a></body></html>\n"
    )
}

/// Files beside the chapters that are not Markdown (images, downloads) are copied as they are.
fn copy_content_assets(
    root: &Path,
    config: &Config,
    code: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<()> {
    let dir = root.join(&config.book.src).join(code);
    for rel in fs::files_below(&dir)? {
        let key = rel.to_string_lossy().replace('\\', "/");
        if key.ends_with(".md") {
            continue;
        }
        let path = dir.join(&rel);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            action: "read",
            path,
            source,
        })?;
        files.push((format!("{code}/{key}"), bytes));
    }
    Ok(())
}

/// Every link to a chapter or `#id` must land on something.
fn check_links(book: &Book, rendered: &[Vec<Rendered>], out: &mut Vec<Diagnostic>) {
    for (li, lang) in book.languages.iter().enumerate() {
        let ids: HashMap<&str, HashSet<&str>> = lang
            .chapters
            .iter()
            .zip(&rendered[li])
            .map(|(c, r)| {
                (
                    c.path.as_str(),
                    r.headings.iter().map(|h| h.id.as_str()).collect(),
                )
            })
            .collect();
        for (chapter, r) in lang.chapters.iter().zip(&rendered[li]) {
            for link in &r.links {
                let at = || {
                    Location::from_offset(
                        &chapter.display_path,
                        &chapter.source,
                        link.offset,
                        link.len,
                    )
                };
                let Some(targets) = ids.get(link.chapter.as_str()) else {
                    out.push(
                        Diagnostic::error(
                            "broken-link",
                            format!(
                                "link to `{}`, which is not a chapter of this book",
                                link.chapter
                            ),
                        )
                        .at(at())
                        .help(format!(
                            "link to a chapter listed in {}/{}/SUMMARY.md, relative to this file",
                            book.config.book.src, lang.language.code
                        )),
                    );
                    continue;
                };
                if let Some(anchor) = &link.anchor
                    && !targets.contains(anchor.as_str())
                {
                    let mut known: Vec<&str> = targets.iter().copied().collect();
                    known.sort_unstable();
                    out.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("`{}` has no heading with id `{anchor}`", link.chapter),
                        )
                        .at(at())
                        .help(format!("use one of its ids: {}", known.join(", "))),
                    );
                }
            }
        }
    }
}

/// Every language must have the same heading ids in each chapter, so that
/// the language switch always lands on the same section.
fn check_heading_ids(book: &Book, rendered: &[Vec<Rendered>], out: &mut Vec<Diagnostic>) {
    let Some((first, others)) = book.languages.split_first() else {
        return;
    };
    for (oi, other) in others.iter().enumerate() {
        let oi = oi + 1;
        for (ci, chapter) in first.chapters.iter().enumerate() {
            let Some(cj) = other.chapters.iter().position(|c| c.path == chapter.path) else {
                continue;
            };
            let pairs = [
                (
                    chapter,
                    &rendered[0][ci],
                    &other.chapters[cj],
                    &rendered[oi][cj],
                ),
                (
                    &other.chapters[cj],
                    &rendered[oi][cj],
                    chapter,
                    &rendered[0][ci],
                ),
            ];
            for (a, ra, b, rb) in pairs {
                let b_variants: HashSet<String> =
                    rb.variants.iter().map(|v| v.ids.join(",")).collect();
                for v in &ra.variants {
                    let ids = v.ids.join(",");
                    if !b_variants.contains(&ids) {
                        let len = a.source[v.offset..].find('\n').unwrap_or(0);
                        out.push(
                            Diagnostic::error(
                                "language-mismatch",
                                format!(
                                    "variant `{ids}` is in `{}` but not in `{}`",
                                    a.display_path.display(),
                                    b.display_path.display()
                                ),
                            )
                            .at(Location::from_offset(
                                &a.display_path,
                                &a.source,
                                v.offset,
                                len,
                            ))
                            .help(format!(
                                "give `{}` the same `::: tab {ids} …` variant",
                                b.display_path.display()
                            )),
                        );
                    }
                }
                let b_ids: HashSet<&str> = rb.headings.iter().map(|h| h.id.as_str()).collect();
                for h in &ra.headings {
                    if !b_ids.contains(h.id.as_str()) {
                        let len = a.source[h.offset..].find('\n').unwrap_or(0);
                        out.push(
                            Diagnostic::error(
                                "language-mismatch",
                                format!(
                                    "heading id `{}` is in `{}` but not in `{}`",
                                    h.id,
                                    a.display_path.display(),
                                    b.display_path.display()
                                ),
                            )
                            .at(Location::from_offset(
                                &a.display_path,
                                &a.source,
                                h.offset,
                                len,
                            ))
                            .help(format!(
                                "give the matching heading in `{}` the same id: `{{#{}}}`",
                                b.display_path.display(),
                                h.id
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// Refuses destinations that would swallow the book itself.
fn check_destination(root: &Path, config: &Config, dest: &Path) -> Result<()> {
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
    let result = (|| {
        fs::create_dir_all(&tmp)?;
        for (path, bytes) in files {
            fs::write(&tmp.join(path), bytes)?;
        }
        if dest.exists() {
            fs::rename(dest, &old)?;
        }
        if let Err(e) = fs::rename(&tmp, dest) {
            let _ = std::fs::rename(&old, dest);
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

/// A path shown relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.strip_prefix(".").unwrap_or(path).to_path_buf())
        .display()
        .to_string()
}

//! The site's pages, rendered from the checked book.

use std::path::Path;

use minijinja::Value;

use super::Site;
use crate::{
    config::Config,
    content::Chapter,
    diagnostic::Diagnostic,
    error::{Error, Result},
    fs,
    i18n::strings,
    render::{Alternate, LangCtx, LangLink, NavCtx, NavItem, PageCtx, PagerLink, TocItem},
    search,
};

/// Up to this many chapters, every page carries the chapter list; past it,
/// `<lang>/toc.js` fills it in.
pub const NAV_INLINE_MAX: usize = 200;
/// The chapter list's script, in each language's folder.
const TOC_SCRIPT: &str = "toc.js";
/// The chapter list as a page, for readers without JavaScript.
const TOC_PAGE: &str = "toc.html";

/// mdBook's whole-book page, in a book in mdBook's layout.
pub(super) const PRINT_PAGE: &str = "print.html";

impl Site {
    /// Every output file, as (path relative to the site root, bytes).
    pub fn pages(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let languages: Vec<usize> = (0..self.book.languages.len()).collect();
        let mut files = Vec::new();
        for li in languages {
            files.extend(self.language_pages(li)?);
        }
        files.extend(self.site_pages()?);
        Ok(files)
    }

    /// Renders and writes every file into `dir` as it goes, and with
    /// `single_file` each language's one-file book too; returns how many
    /// files were written.
    pub fn write_pages(&self, dir: &Path, single_file: bool) -> Result<usize> {
        let jobs: Vec<(usize, usize)> = (0..self.book.languages.len())
            .flat_map(|li| (0..self.book.languages[li].chapters.len()).map(move |ci| (li, ci)))
            .collect();
        let mut count = super::par_try_map(&jobs, |&(li, ci)| {
            let (path, bytes) = self.page(li, ci)?;
            write_in(dir, &path, &bytes)
        })?
        .len();
        let mut rest = Vec::new();
        for (li, lang) in self.book.languages.iter().enumerate() {
            rest.extend(self.lang_index(li)?);
            copy_content_assets(
                &self.book.root,
                &self.book.config,
                &lang.language.dir,
                &mut rest,
            )?;
        }
        for li in 0..self.book.languages.len() {
            rest.extend(self.toc_files(li)?);
        }
        for li in 0..self.book.languages.len() {
            // Written at once: an index is as large as the language's text.
            let language = &self.book.languages[li].language;
            let script = self.search(li).to_script(&language.code);
            write_in(
                dir,
                &format!("{}{}", language.dir, search::INDEX_FILE),
                script.as_bytes(),
            )?;
            if single_file {
                let (path, bytes) = self.single_file_with(li, &script)?;
                write_in(dir, &path, &bytes)?;
                count += 1;
            }
            // mdBook's print.html: the whole book in one page, here the
            // one-file book, for a book in mdBook's layout.
            if language.dir.is_empty() && self.book.config.output.html.print.enable {
                let (_, bytes) = self.single_file_with(li, &script)?;
                write_in(dir, PRINT_PAGE, &bytes)?;
                count += 1;
            }
            count += 1;
        }
        rest.extend(self.site_pages()?);
        for (path, bytes) in &rest {
            write_in(dir, path, bytes)?;
        }
        Ok(count + rest.len())
    }

    /// Every file the site is made of, as (path relative to the site
    /// root, what writes it), in no particular order: what
    /// [`Site::write_pages`] writes, without rendering anything (a test
    /// keeps the two equal). With `single_file`, the one-file books too.
    pub fn output_paths(&self, single_file: bool) -> Result<Vec<(String, Output)>> {
        let mut out = Vec::new();
        for (li, lang) in self.book.languages.iter().enumerate() {
            let dir = &lang.language.dir;
            for (ci, chapter) in lang.chapters.iter().enumerate() {
                out.push((
                    format!("{dir}{}", chapter.html_path()),
                    Output::Chapter(li, ci),
                ));
            }
            if !lang.chapters.is_empty()
                && !lang.chapters.iter().any(|c| c.html_path() == "index.html")
            {
                out.push((format!("{dir}index.html"), Output::LangIndex(li)));
            }
            if lang.chapters.len() > NAV_INLINE_MAX {
                out.push((format!("{dir}{TOC_SCRIPT}"), Output::ChapterList(li)));
                out.push((format!("{dir}{TOC_PAGE}"), Output::ChapterList(li)));
            }
            out.push((
                format!("{dir}{}", search::INDEX_FILE),
                Output::SearchIndex(li),
            ));
            let src = self.book.root.join(&self.book.config.book.src).join(dir);
            for rel in content_assets(&src)? {
                let key = rel.to_string_lossy().replace('\\', "/");
                let shown = Path::new(&self.book.config.book.src).join(dir).join(&rel);
                out.push((format!("{dir}{key}"), Output::ContentFile(shown)));
            }
            if single_file {
                out.push((
                    super::single::file_name(&lang.language.code),
                    Output::SingleFile(li),
                ));
            }
            if dir.is_empty() && self.book.config.output.html.print.enable {
                out.push((PRINT_PAGE.to_string(), Output::Print(li)));
            }
        }
        if !self.book.config.default_language().dir.is_empty() {
            out.push(("index.html".into(), Output::Landing));
        }
        out.push(("404.html".into(), Output::NotFound));
        for (path, _) in self.theme.static_files() {
            out.push((
                format!("static/{path}"),
                Output::Theme(format!("static/{path}")),
            ));
        }
        let html = &self.book.config.output.html;
        for path in &html.additional_css {
            out.push((
                path.clone(),
                Output::Additional("additional-css", path.clone()),
            ));
        }
        for path in &html.additional_js {
            out.push((
                path.clone(),
                Output::Additional("additional-js", path.clone()),
            ));
        }
        // A page with only fragment redirects is a chapter's, which maps
        // them itself: nothing is written for it.
        for (from, _) in self
            .book
            .config
            .redirects()
            .iter()
            .filter(|(_, (to, _))| !to.is_empty())
        {
            out.push((
                from.trim_start_matches('/').to_string(),
                Output::Redirect(from.clone()),
            ));
        }
        if html.site_url.is_some() {
            out.push(("sitemap.xml".into(), Output::Sitemap));
        }
        Ok(out)
    }

    /// An error for every file of the site that two things would write
    /// (a chapter named `toc.md` in a long book, `index.md` after the first
    /// chapter, a `search-index.js` beside the chapters, ...): only one of
    /// them would be in the site.
    pub fn output_collisions(&self, single_file: bool) -> Result<Vec<Diagnostic>> {
        let mut paths = self.output_paths(single_file)?;
        // Chapters first, so each message starts with the chapter.
        paths.sort_by_key(|(path, o)| (path.clone(), !matches!(o, Output::Chapter(..))));
        paths.dedup();
        let mut out = Vec::new();
        for group in paths.chunk_by(|a, b| a.0 == b.0) {
            let Some(((path, first), rest)) = group.split_first() else {
                continue;
            };
            for (_, other) in rest {
                let help = match (first, other) {
                    (Output::Chapter(..), Output::LangIndex(_)) => "a chapter whose page is `index.html` (`README.md`, `index.md`) is its language's start page only as the first chapter: list it first, or rename its file and its link in SUMMARY.md".to_string(),
                    (Output::Chapter(..), _) => format!(
                        "rename the chapter's file and its link in SUMMARY.md: the site needs `{path}` for {}",
                        self.describe(other)
                    ),
                    _ => "rename or remove one of them".to_string(),
                };
                out.push(
                    Diagnostic::error(
                        "output-collision",
                        format!(
                            "`{path}` of the site would be both {} and {}",
                            self.describe(first),
                            self.describe(other)
                        ),
                    )
                    .help(help),
                );
            }
        }
        Ok(out)
    }

    /// What writes a file of the site, for messages: "the page of chapter
    /// `content/en/index.md`".
    pub fn describe(&self, output: &Output) -> String {
        let lang = |li: usize| &self.book.languages[li].language;
        match output {
            Output::Chapter(li, ci) => format!(
                "the page of chapter `{}`",
                self.book.languages[*li].chapters[*ci]
                    .display_path
                    .display()
            ),
            Output::LangIndex(li) => format!(
                "language `{}`'s start page (a copy of its first chapter's)",
                lang(*li).code
            ),
            Output::ChapterList(li) => {
                format!("language `{}`'s chapter list", lang(*li).code)
            }
            Output::SearchIndex(li) => format!("language `{}`'s search index", lang(*li).code),
            Output::ContentFile(shown) => format!("the copy of `{}`", shown.display()),
            Output::SingleFile(li) => {
                format!(
                    "language `{}`'s one-file book (`--single-file`)",
                    lang(*li).code
                )
            }
            Output::Print(li) => format!(
                "language `{}`'s whole book in one page (mdBook's print.html)",
                lang(*li).code
            ),
            Output::Landing => "the landing page".into(),
            Output::NotFound => "the 404 page".into(),
            Output::Theme(key) => format!("the theme's `{key}`"),
            Output::Additional(key, path) => format!("book.toml's `{key}` `{path}`"),
            Output::Redirect(from) => format!("book.toml's `[output.html.redirect]` `{from}`"),
            Output::Sitemap => "`sitemap.xml` (for `site-url`)".into(),
        }
    }

    pub(super) fn lang_ctxs(&self) -> Vec<LangCtx> {
        self.book
            .languages
            .iter()
            .map(|l| LangCtx {
                code: l.language.code.clone(),
                dir: l.language.dir.clone(),
                name: l.language.name.clone(),
                title: l.language.title.clone(),
                description: l.language.description.clone(),
            })
            .collect()
    }

    /// Every page of language `li`: its chapters, its `index.html`, and the
    /// files beside its chapters.
    pub fn language_pages(&self, li: usize) -> Result<Vec<(String, Vec<u8>)>> {
        let lang_book = &self.book.languages[li];
        let chapters: Vec<usize> = (0..lang_book.chapters.len()).collect();
        let mut files = super::par_try_map(&chapters, |&ci| self.page(li, ci))?;
        files.extend(self.lang_index(li)?);
        copy_content_assets(
            &self.book.root,
            &self.book.config,
            &lang_book.language.dir,
            &mut files,
        )?;
        files.extend(self.toc_files(li)?);
        files.push(self.search_index(li));
        if lang_book.language.dir.is_empty() && self.book.config.output.html.print.enable {
            let script = self.search(li).to_script(&lang_book.language.code);
            let (_, bytes) = self.single_file_with(li, &script)?;
            files.push((PRINT_PAGE.to_string(), bytes));
        }
        Ok(files)
    }

    /// `static/highlight.css` with the colours of the classes the book's
    /// pages use (a few hundred bytes instead of every scope of the two
    /// themes); `None` when the book's theme gives its own (shipped as is).
    pub fn highlight_css(&self) -> Option<(String, Vec<u8>)> {
        const KEY: &str = "static/highlight.css";
        if self.theme.is_overridden(KEY) {
            return None;
        }
        let mut used = std::collections::HashSet::new();
        for rendered in self.rendered.iter().flatten() {
            crate::highlight::used_classes(&rendered.html, &mut used);
        }
        let css = crate::highlight::prune_css(crate::highlight::CSS, &used);
        Some((KEY.to_string(), css.into_bytes()))
    }

    /// `<lang>/index.html`, as in mdBook: the first chapter's page (its
    /// canonical URL, when the site's is known, is the chapter's). A first
    /// chapter in a subfolder, whose page's links would not resolve from
    /// the language's folder, gets a redirect to it instead.
    pub fn lang_index(&self, li: usize) -> Result<Option<(String, Vec<u8>)>> {
        let lang = &self.book.languages[li];
        let Some(first) = lang.chapters.first() else {
            return Ok(None);
        };
        let code = &lang.language.code;
        let path = first.html_path();
        if lang.chapters.iter().any(|c| c.html_path() == "index.html") {
            // A README.md (first or not) is the index, as in mdBook.
            return Ok(None);
        }
        let bytes = if path.contains('/') {
            let title = &self.lang_ctxs()[li].title;
            let root = "../".repeat(lang.language.dir.matches('/').count());
            redirect_page(&path, &root, code, &format!("{} · {title}", first.title)).into_bytes()
        } else {
            self.page(li, 0)?.1
        };
        Ok(Some((format!("{}index.html", lang.language.dir), bytes)))
    }

    /// `<lang>/toc.js` and `<lang>/toc.html`, the chapter list of a book
    /// too long to repeat it on every page; nothing for other books.
    fn toc_files(&self, li: usize) -> Result<Vec<(String, Vec<u8>)>> {
        let lang = &self.book.languages[li];
        if lang.chapters.len() <= NAV_INLINE_MAX {
            return Ok(Vec::new());
        }
        let code = &lang.language.code;
        let dir = &lang.language.dir;
        let nav = crate::render::nav_items(lang, Chapter::html_path);
        let list = self.templates.render("nav.html", NavCtx { nav: &nav })?;
        // Links are relative to the language's folder; the script makes them
        // absolute from its own address, so pages at any depth can use it.
        let json = serde_json::to_string(&list)
            .expect("a string serialises")
            .replace("</", "<\\/");
        let script = format!(
            "(function(){{var s=document.currentScript,n=s&&s.parentNode,b=s.src.replace(/[^/]*$/,\"\"),here=location.href.split(/[?#]/)[0];\
if(!n)return;n.insertAdjacentHTML(\"beforeend\",{json});\
Array.prototype.forEach.call(n.querySelectorAll(\".chapters a\"),function(a){{a.href=b+a.getAttribute(\"href\");if(a.href===here)a.setAttribute(\"aria-current\",\"page\")}})}})();\n"
        );
        let t = strings(code);
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"{c}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{chapters} · {title}</title><link rel=\"stylesheet\" href=\"../static/netplate.css\"></head>\n<body><main class=\"content\"><h1>{chapters}</h1>\n{list}</main></body></html>\n",
            c = crate::highlight::escape(code),
            chapters = crate::highlight::escape(t.chapters),
            title = crate::highlight::escape(&lang.language.title),
        );
        Ok(vec![
            (format!("{dir}{TOC_SCRIPT}"), script.into_bytes()),
            (format!("{dir}{TOC_PAGE}"), page.into_bytes()),
        ])
    }

    /// `<lang>/search-index.js`: the search index of language `li`.
    pub fn search_index(&self, li: usize) -> (String, Vec<u8>) {
        let language = &self.book.languages[li].language;
        (
            format!("{}{}", language.dir, search::INDEX_FILE),
            self.search(li).to_script(&language.code).into_bytes(),
        )
    }

    /// What the search index of language `li` is made from, to build it
    /// elsewhere ([`search::Source::index_unless`]).
    pub fn search_source(&self, li: usize) -> search::Source {
        let mut source = search::Source::default();
        let search = &self.book.config.output.html.search;
        for (chapter, rendered) in self.book.languages[li]
            .chapters
            .iter()
            .zip(&self.rendered[li])
            .filter(|(c, _)| search.indexed(&c.path))
        {
            source.push(&chapter.title, &chapter.html_path(), rendered);
        }
        source
    }

    /// The search index of language `li`.
    pub fn search(&self, li: usize) -> search::Index {
        let lang = &self.book.languages[li];
        // `[output.html.search.chapter]` may leave chapters out.
        let search = &self.book.config.output.html.search;
        let chapters: Vec<usize> = (0..lang.chapters.len())
            .filter(|&ci| search.indexed(&lang.chapters[ci].path))
            .collect();
        let mut index = search::Index::default();
        // In slices, merged as they come: a chapter's terms before merging
        // take several times the room they take in the index.
        for slice in chapters.chunks(64) {
            let segmented = super::par_map(slice, |&ci| {
                let chapter = &lang.chapters[ci];
                let rendered = &self.rendered[li][ci];
                let title = rendered.title.as_deref().unwrap_or(&chapter.title);
                search::Chapter::new(
                    &chapter.title,
                    &chapter.html_path(),
                    search::sections(rendered, title),
                )
            });
            for chapter in segmented {
                index.add(chapter);
            }
        }
        index
    }

    /// `nav.html` for language `li` on pages `root` below the site root.
    fn nav_html(&self, li: usize, root: &str) -> Result<std::sync::Arc<String>> {
        let key = (li, root.to_string());
        if let Some(html) = self
            .nav_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(html.clone());
        }
        let lang = &self.book.languages[li];
        let nav = crate::render::nav_items(lang, |c| {
            format!("{root}{}{}", lang.language.dir, c.html_path())
        });
        let html = std::sync::Arc::new(self.templates.render("nav.html", NavCtx { nav: &nav })?);
        self.nav_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        Ok(html)
    }

    /// The page of chapter `ci` of language `li`.
    pub fn page(&self, li: usize, ci: usize) -> Result<(String, Vec<u8>)> {
        let templates = &self.templates;
        let config = &self.book.config;
        let site_url = config.output.html.site_url.as_deref();
        let redirects = config.redirects();
        let langs = self.lang_ctxs();
        let book_title = &config.default_language().title;
        let lang_book = &self.book.languages[li];
        {
            let lang = &langs[li];
            let t = strings(&lang.code);
            let chapters = &lang_book.chapters;
            let ph = self.page_placeholders[li].as_ref();
            {
                let chapter = &chapters[ci];
                let rendered = &self.rendered[li][ci];
                let page = chapter.html_path();
                let root = "../".repeat(page.matches('/').count() + lang.dir.matches('/').count());
                let href = |dir: &str, c: &Chapter| format!("{root}{dir}{}", c.html_path());
                // The chapter list is the same on every page of a language at
                // the same depth: rendered once, then the current page marked.
                // Past `NAV_INLINE_MAX` chapters, the list would be most of
                // every page (and the output quadratic): one script per
                // language fills it in, and without JavaScript a link leads
                // to the list as a page.
                let inline_nav = chapters.len() <= NAV_INLINE_MAX;
                let nav_html = if inline_nav {
                    let list = self.nav_html(li, &root)?;
                    let own_href = crate::highlight::escape(&href(&lang.dir, chapter));
                    let own = format!("<a href=\"{own_href}\">");
                    let marked = format!("<a href=\"{own_href}\" aria-current=\"page\">");
                    Value::from_safe_string(list.replacen(&own, &marked, 1))
                } else {
                    Value::from_safe_string(format!(
                        "<noscript><p><a href=\"{}\">{}</a></p></noscript>",
                        crate::highlight::escape(&format!("{root}{}{TOC_PAGE}", lang.dir)),
                        crate::highlight::escape(t.chapters),
                    ))
                };
                let toc_script = (!inline_nav).then(|| format!("{root}{}{TOC_SCRIPT}", lang.dir));
                let pager = |i: usize| {
                    chapters.get(i).map(|c| PagerLink {
                        title: c.title.clone(),
                        href: href(&lang.dir, c),
                    })
                };
                let languages = langs
                    .iter()
                    .map(|l| LangLink {
                        code: l.code.clone(),
                        name: l.name.clone(),
                        title: l.title.clone(),
                        href: format!("{root}{}{page}", l.dir),
                        active: l.code == lang.code,
                        chapters: Vec::new(),
                    })
                    .collect();
                let absolute = |dir: &str| site_url.map(|u| format!("{u}{dir}{page}"));
                // hreflang alternates must be absolute URLs (search engines
                // ignore relative ones): only when the site's URL is known.
                // The language switch links every language either way.
                let alternates: Vec<Alternate> = match site_url {
                    Some(url) => langs
                        .iter()
                        .map(|l| Alternate {
                            code: l.code.clone(),
                            href: format!("{url}{}{page}", l.dir),
                        })
                        .chain(std::iter::once(Alternate {
                            code: "x-default".into(),
                            href: format!("{url}index.html"),
                        }))
                        .collect(),
                    None => Vec::new(),
                };
                let ctx = PageCtx {
                    lang,
                    t,
                    book_title,
                    authors: &config.book.authors,
                    page_title: rendered
                        .title
                        .clone()
                        .unwrap_or_else(|| chapter.title.clone()),
                    head_title: chapter.head_title.clone(),
                    home: format!("{root}{}index.html", lang.dir),
                    content: Value::from_safe_string(rendered.html.clone()),
                    nav_html,
                    toc_script,
                    fragments: redirects
                        .get(&format!("/{}{page}", lang.dir))
                        .filter(|(to, map)| to.is_empty() && !map.is_empty())
                        .and_then(|(_, map)| serde_json::to_string(map).ok()),
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
                    canonical: absolute(&lang.dir),
                    root,
                    ph,
                    ph_here: ph.is_some() && rendered.html.contains(crate::markdown::PH_SPAN),
                    has_code: !rendered.code_blocks.is_empty(),
                    inline_style: None,
                    inline_boot: None,
                    favicon_data: None,
                    extra_css: &config.output.html.additional_css,
                    extra_js: &config.output.html.additional_js,
                    repository: config.output.html.git_repository_url.as_deref(),
                    edit_url: config
                        .output
                        .html
                        .edit_url_template
                        .as_ref()
                        // As mdBook: the content folder, then the chapter's path.
                        .map(|t| {
                            t.replace(
                                "{path}",
                                &format!("{}/{}{}", config.book.src, lang.dir, chapter.path),
                            )
                        }),
                };
                let html = templates.render("chapter.html", &ctx)?;
                Ok((format!("{}{page}", lang.dir), html.into_bytes()))
            }
        }
    }

    /// The links to each language's first chapter (with its chapters, for
    /// the 404 page), from `root`.
    fn landing_links(&self, langs: &[LangCtx], root: &str, with_chapters: bool) -> Vec<LangLink> {
        self.book
            .languages
            .iter()
            .zip(langs)
            .map(|(lb, l)| LangLink {
                code: l.code.clone(),
                name: l.name.clone(),
                title: l.title.clone(),
                href: lb.chapters.first().map_or_else(
                    || format!("{root}{}index.html", l.dir),
                    |c| format!("{root}{}{}", l.dir, c.html_path()),
                ),
                active: false,
                chapters: if with_chapters {
                    lb.chapters
                        .iter()
                        .map(|c| NavItem {
                            kind: "chapter",
                            title: c.title.clone(),
                            href: format!("{root}{}{}", l.dir, c.html_path()),
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
    }

    /// The context of a page at the site root (landing, 404), `root` its
    /// path to the root. `inline`: the page may be served at any URL and
    /// knows no root, so its style, icon and theme script are inlined.
    fn root_page<'a>(
        &'a self,
        langs: &'a [LangCtx],
        root: String,
        with_chapters: bool,
        inline: bool,
    ) -> PageCtx<'a> {
        let config = &self.book.config;
        let site_url = config.output.html.site_url.as_deref();
        let book_title = &config.default_language().title;
        let default_lang = &langs[0];
        // A theme file's text, safe inside its element.
        let text = |name: &str, end_tag: &str| {
            self.theme
                .static_files()
                .find(|(p, _)| *p == name)
                .map(|(_, b)| {
                    String::from_utf8_lossy(b).replace(end_tag, &end_tag.replace('/', "\\/"))
                })
                .unwrap_or_default()
        };
        PageCtx {
            lang: default_lang,
            t: strings(&default_lang.code),
            book_title,
            authors: &config.book.authors,
            page_title: book_title.clone(),
            head_title: None,
            home: format!("{root}index.html"),
            content: Value::from(""),
            nav_html: Value::from(""),
            toc_script: None,
            fragments: None,
            toc: Vec::new(),
            prev: None,
            next: None,
            languages: self.landing_links(langs, &root, with_chapters),
            alternates: Vec::new(),
            canonical: site_url
                .map(|u| format!("{u}index.html"))
                .filter(|_| !with_chapters),
            root,
            ph: None,
            ph_here: false,
            has_code: false,
            inline_style: inline.then(|| Value::from_safe_string(text("netplate.css", "</style"))),
            inline_boot: inline.then(|| Value::from_safe_string(text("boot.js", "</script"))),
            favicon_data: inline.then(|| self.theme.favicon_data()),
            extra_css: &config.output.html.additional_css,
            extra_js: &config.output.html.additional_js,
            repository: config.output.html.git_repository_url.as_deref(),
            edit_url: None,
        }
    }

    /// `404.html`, which a server shows for any missing path, whose links
    /// start with `root`: the site's URL, `/` where the site is known to be
    /// at the server's root (`serve`), or nothing: then they are relative
    /// to the root, which the page's script finds, and its style is
    /// inlined (the one page that does not run under a strict
    /// Content-Security-Policy; with `site-url` set it does).
    pub fn not_found_page(&self, root: &str) -> Result<Vec<u8>> {
        let langs = self.lang_ctxs();
        let mut ctx = self.root_page(&langs, root.to_string(), true, root.is_empty());
        if let Some(html) = self.not_found_text()? {
            ctx.content = Value::from_safe_string(html);
        }
        Ok(self.templates.render("404.html", ctx)?.into_bytes())
    }

    /// The book's own 404 text, as mdBook has it: `404.md` in the default
    /// language's folder (or `[output.html] input-404`), rendered.
    fn not_found_text(&self) -> Result<Option<String>> {
        let config = &self.book.config;
        let lang = config.default_language();
        let name = config.output.html.input_404.as_deref().unwrap_or("404.md");
        let shown = Path::new(&config.book.src).join(&lang.dir).join(name);
        let path = self.book.root.join(&shown);
        if !path.is_file() {
            return Ok(None);
        }
        let text = fs::read_to_string_within(&path, &crate::content::reach(&self.book.root))
            .map_err(|e| Error::Diagnostics(vec![e.diagnostic(&shown)]))?;
        let cx = crate::markdown::Context {
            options: config.markdown_options(),
            ..crate::markdown::Context::new(name, &shown, strings(&lang.code))
        };
        Ok(Some(crate::markdown::render(&text, &cx).html))
    }

    /// The pages at the site root: landing page, 404, static files, sitemap.
    pub fn site_pages(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let templates = &self.templates;
        let config = &self.book.config;
        let site_url = config.output.html.site_url.as_deref();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let langs = self.lang_ctxs();
        let book_title = &config.default_language().title;
        let default_lang = &langs[0];
        // A book in mdBook's layout has no language folders: its first
        // chapter is the index, as in mdBook.
        if !default_lang.dir.is_empty() {
            let landing = templates.render(
                "landing.html",
                self.root_page(&langs, String::new(), false, false),
            )?;
            files.push(("index.html".into(), landing.into_bytes()));
        }
        files.push((
            "404.html".into(),
            self.not_found_page(site_url.unwrap_or(""))?,
        ));

        let highlight = self.highlight_css();
        for (path, bytes) in self.theme.static_files() {
            if !(highlight.is_some() && path == "highlight.css") {
                files.push((format!("static/{path}"), bytes.to_vec()));
            }
        }
        files.extend(highlight);
        // mdBook's additional-css and -js: the book's files, at their paths.
        for path in config
            .output
            .html
            .additional_css
            .iter()
            .chain(&config.output.html.additional_js)
        {
            let bytes = fs::read_within(&self.book.root.join(path), &self.book.root)
                .map_err(|e| Error::Diagnostics(vec![e.diagnostic(Path::new(path))]))?;
            files.push((path.clone(), bytes));
        }
        // mdBook's redirects: a page at the old path that sends the reader on.
        for (from, (to, fragments)) in config
            .redirects()
            .iter()
            .filter(|(_, (to, _))| !to.is_empty())
        {
            let title = format!("{} · {book_title}", to);
            let from = from.trim_start_matches('/');
            let root = "../".repeat(from.matches('/').count());
            let mut page = redirect_page(to, &root, &default_lang.code, &title);
            if !fragments.is_empty() {
                // mdBook's fragment redirects: `static/redirect.js` reads them.
                let map = serde_json::to_string(fragments).unwrap_or_default();
                page = page.replacen(
                    " data-to=",
                    &format!(
                        " data-fragments=\"{}\" data-to=",
                        crate::highlight::escape(&map)
                    ),
                    1,
                );
            }
            files.push((from.to_string(), page.into_bytes()));
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
                    esc(&format!("{site_url}{}{page}", lang.language.dir))
                ));
                if self.book.languages.len() > 1 {
                    for other in &self.book.languages {
                        let code = &other.language.code;
                        xml.push_str(&format!(
                            "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                            esc(&format!("{site_url}{}{page}", other.language.dir))
                        ));
                    }
                }
                xml.push_str("</url>\n");
            }
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// A page that sends the reader to `target` (relative to it), keeping the
/// query (the reader's values) and the fragment, by the theme's
/// `static/redirect.js` (`root` is the page's path to the site root: no
/// inline script, for a strict Content-Security-Policy); without
/// JavaScript, a refresh and a link.
fn redirect_page(target: &str, root: &str, lang: &str, title: &str) -> String {
    let esc = crate::highlight::escape;
    let t = esc(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{l}\"><head><meta charset=\"utf-8\"><title>{title}</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><script src=\"{root}static/redirect.js\" data-to=\"{t}\"></script><meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"></head><body><a href=\"{t}\">{title}</a></body></html>\n",
        l = esc(lang),
        root = esc(root),
        title = esc(title),
    )
}

/// Writes the site's file `path` (relative to the site's root) into `dir`.
/// Every path the site is made of is checked where it comes from (SUMMARY.md,
/// book.toml, the content folder); a path that would still land outside
/// `dir` is refused here rather than written.
fn write_in(dir: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    if let Some(why) = fs::escape(Path::new(path)) {
        return Err(Error::Diagnostics(vec![
            Diagnostic::error(
                "destination",
                format!("refusing to write `{path}` into the site's folder: it {why}"),
            )
            .help(
                "every file of the site is written inside its folder: rename what names this path",
            ),
        ]));
    }
    fs::write(&dir.join(path), bytes)
}

/// What writes a file of the site ([`Site::output_paths`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Chapter `ci` of language `li`.
    Chapter(usize, usize),
    /// Language `li`'s `index.html`.
    LangIndex(usize),
    /// Language `li`'s `toc.js` and `toc.html`.
    ChapterList(usize),
    /// Language `li`'s `search-index.js`.
    SearchIndex(usize),
    /// A file beside the chapters, copied (its path from book.toml's folder).
    ContentFile(std::path::PathBuf),
    /// Language `li`'s one-file book.
    SingleFile(usize),
    /// mdBook's `print.html` of language `li` (a book in mdBook's layout).
    Print(usize),
    /// The site's `index.html`.
    Landing,
    /// `404.html`.
    NotFound,
    /// A theme file (`static/netplate.css`).
    Theme(String),
    /// `additional-css` or `additional-js`, and the path.
    Additional(&'static str, String),
    /// A redirect, from the old page's path.
    Redirect(String),
    /// `sitemap.xml`.
    Sitemap,
}

/// The files beside the chapters of the content folder `dir` that are
/// copied into the site: every file but the Markdown ones.
fn content_assets(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    Ok(fs::files_below(dir)?
        .into_iter()
        .filter(|rel| !rel.to_string_lossy().ends_with(".md"))
        .collect())
}

/// Files beside the chapters that are not Markdown (images, downloads) are copied as they are.
fn copy_content_assets(
    root: &Path,
    config: &Config,
    lang_dir: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<()> {
    let dir = root.join(&config.book.src).join(lang_dir);
    let within = crate::content::reach(root);
    for rel in content_assets(&dir)? {
        let key = rel.to_string_lossy().replace('\\', "/");
        let bytes = fs::read_within(&dir.join(&rel), &within)?;
        files.push((format!("{lang_dir}{key}"), bytes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::{collections::BTreeSet, path::PathBuf};

    use super::*;
    use crate::placeholder::setup::Reader;

    /// The paths `write_pages` writes, and the ones `output_paths` lists.
    fn written_and_listed(root: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
        let site = Site::load(root, &Reader::default()).unwrap();
        let out = tempfile::tempdir().unwrap();
        site.write_pages(out.path(), true).unwrap();
        let written = fs::files_below(out.path())
            .unwrap()
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let listed = site
            .output_paths(true)
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        (written, listed)
    }

    #[test]
    fn no_file_is_written_outside_the_site_s_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let absolute = dir.path().join("absolute.html");
        for path in [
            "../escaped.html",
            "a/../../escaped.html",
            &absolute.display().to_string(),
        ] {
            match write_in(&site, path, b"x") {
                Err(Error::Diagnostics(d)) => {
                    assert_eq!(d[0].rule, "destination", "{path}");
                }
                other => panic!("{path}: {other:?}"),
            }
        }
        assert!(!dir.path().join("escaped.html").exists());
        assert!(!absolute.exists());
        write_in(&site, "a/../inside.html", b"x").unwrap();
        assert!(site.join("inside.html").exists());
    }

    #[test]
    fn output_paths_are_the_files_the_site_writes() {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for book in [
            repo.clone(),
            repo.join("tests/testsuite/books/basic"),
            repo.join("tests/testsuite/books/mdbook_layout"),
        ] {
            let (written, listed) = written_and_listed(&book);
            assert_eq!(written, listed, "{}", book.display());
        }
        // A book too long to list its chapters on every page, with a file
        // beside them and a site URL (sitemap.xml).
        let dir = tempfile::tempdir().unwrap();
        let mut summary = String::from("# Summary\n\n");
        for i in 0..=NAV_INLINE_MAX {
            summary.push_str(&format!("- [C{i}](c{i}.md)\n"));
            std::fs::write(dir.path().join(format!("c{i}.md")), format!("# C{i}\n")).unwrap();
        }
        std::fs::write(dir.path().join("SUMMARY.md"), summary).unwrap();
        std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "[book]\nsrc = \".\"\nlanguage = \"en\"\n[output.html]\nsite-url = \"https://e.org/\"\n",
        )
        .unwrap();
        let (written, listed) = written_and_listed(dir.path());
        assert!(written.contains("toc.js") && written.contains("sitemap.xml"));
        assert_eq!(written, listed);
    }
}

//! The site's pages, rendered from the checked book.

use std::path::Path;

use minijinja::Value;

use super::Site;
use crate::{
    config::Config,
    content::Chapter,
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
            fs::write(&dir.join(path), &bytes)
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
            fs::write(
                &dir.join(format!("{}{}", language.dir, search::INDEX_FILE)),
                script.as_bytes(),
            )?;
            if single_file {
                let (path, bytes) = self.single_file_with(li, &script)?;
                fs::write(&dir.join(path), &bytes)?;
                count += 1;
            }
            count += 1;
        }
        rest.extend(self.site_pages()?);
        for (path, bytes) in &rest {
            fs::write(&dir.join(path), bytes)?;
        }
        Ok(count + rest.len())
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
        if path == "index.html" {
            // The first chapter is a README.md: its page is the index.
            return Ok(None);
        }
        let bytes = if path.contains('/') {
            let title = &self.lang_ctxs()[li].title;
            redirect_page(&path, code, &format!("{} · {title}", first.title)).into_bytes()
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
        for (chapter, rendered) in self.book.languages[li]
            .chapters
            .iter()
            .zip(&self.rendered[li])
        {
            source.push(&chapter.title, &chapter.html_path(), rendered);
        }
        source
    }

    /// The search index of language `li`.
    pub fn search(&self, li: usize) -> search::Index {
        let lang = &self.book.languages[li];
        let chapters: Vec<usize> = (0..lang.chapters.len()).collect();
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

    /// The pages at the site root: landing page, 404, static files, sitemap.
    pub fn site_pages(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let templates = &self.templates;
        let config = &self.book.config;
        let site_url = config.output.html.site_url.as_deref();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let langs = self.lang_ctxs();
        let book_title = &config.default_language().title;
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
        };
        let default_lang = &langs[0];
        let root_page = |root: String, with_chapters: bool, inline_style: Option<Value>| PageCtx {
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
            ph_here: false,
            has_code: false,
            favicon_data: inline_style.as_ref().map(|_| self.theme.favicon_data()),
            inline_style,
            extra_css: &config.output.html.additional_css,
            extra_js: &config.output.html.additional_js,
            repository: config.output.html.git_repository_url.as_deref(),
            edit_url: None,
        };
        // A book in mdBook's layout has no language folders: its first
        // chapter is the index, as in mdBook.
        if !default_lang.dir.is_empty() {
            let landing =
                templates.render("landing.html", root_page(String::new(), false, None))?;
            files.push(("index.html".into(), landing.into_bytes()));
        }
        // A server shows 404.html for any missing path: its links are
        // absolute when the site's URL is known; else relative to the root,
        // which its script finds (the template). Its style is inlined.
        let css = self
            .theme
            .static_files()
            .find(|(p, _)| *p == "netplate.css")
            .map(|(_, b)| String::from_utf8_lossy(b).replace("</style", "<\\/style"))
            .unwrap_or_default();
        let not_found = templates.render(
            "404.html",
            root_page(
                site_url.unwrap_or("").to_string(),
                true,
                Some(Value::from_safe_string(css)),
            ),
        )?;
        files.push(("404.html".into(), not_found.into_bytes()));

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
            let file = self.book.root.join(path);
            let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                action: "read",
                path: file,
                source,
            })?;
            files.push((path.clone(), bytes));
        }
        // mdBook's redirects: a page at the old path that sends the reader on.
        for (from, to) in &config.output.html.redirect {
            let title = format!("{} · {book_title}", to);
            files.push((
                from.trim_start_matches('/').to_string(),
                redirect_page(to, &default_lang.code, &title).into_bytes(),
            ));
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
/// query (the reader's values) and the fragment; without JavaScript, a
/// refresh and a link.
fn redirect_page(target: &str, lang: &str, title: &str) -> String {
    let esc = crate::highlight::escape;
    let t = esc(target);
    // JSON is a JavaScript string literal; `<` escaped, so it cannot end the script.
    let js = serde_json::to_string(target)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{l}\"><head><meta charset=\"utf-8\"><title>{title}</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><script>location.replace({js} + location.search + location.hash)</script><meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"></head><body><a href=\"{t}\">{title}</a></body></html>\n",
        l = esc(lang),
        title = esc(title),
    )
}

/// Files beside the chapters that are not Markdown (images, downloads) are copied as they are.
fn copy_content_assets(
    root: &Path,
    config: &Config,
    lang_dir: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<()> {
    let dir = root.join(&config.book.src).join(lang_dir);
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
        files.push((format!("{lang_dir}{key}"), bytes));
    }
    Ok(())
}

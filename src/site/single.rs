//! `build --single-file`: each language's whole guide as one self-contained
//! HTML file, `<lang>.html` at the site root, to mail or keep on a USB stick.
//!
//! Styles, the script, the search index and the subnet form are inlined;
//! images beside the chapters become `data:` URLs. The chapters follow one
//! another, each in an `<article id="<chapter>">`, and every id inside a
//! chapter is prefixed with `<chapter>--` so that ids stay unique: links
//! between chapters become links inside the file.

use std::collections::HashMap;

use minijinja::Value;
use serde::Serialize;

use super::Site;
use crate::{
    error::Result,
    i18n::{Strings, strings},
    placeholder::setup::PagePlaceholders,
    render::{Alternate, LangCtx, LangLink, NavCtx, NavItem},
};

/// One chapter in the file.
#[derive(Debug, Serialize)]
struct Part {
    id: String,
    html: Value,
}

/// What `single.html` gets: the fields of a chapter page that make sense
/// for a whole book, and the inlined files.
#[derive(Debug, Serialize)]
struct SingleCtx<'a> {
    lang: &'a LangCtx,
    t: &'a Strings,
    book_title: &'a str,
    authors: &'a [String],
    page_title: String,
    root: &'static str,
    home: String,
    nav_html: Value,
    languages: Vec<LangLink>,
    alternates: Vec<Alternate>,
    canonical: Option<String>,
    ph: Option<&'a PagePlaceholders>,
    chapters: Vec<Part>,
    inline_css: Value,
    inline_js: Value,
    /// The theme's `static/boot.js`, for the head.
    inline_boot: Value,
    /// The icon, as the text of a `data:` URL.
    favicon_data: String,
    has_code: bool,
    single: bool,
}

/// The file name of language `code`'s one-file book.
pub fn file_name(code: &str) -> String {
    format!("{code}.html")
}

/// The id of a chapter's article, and the prefix of the ids inside it.
pub fn chapter_id(html_path: &str) -> String {
    html_path
        .strip_suffix(".html")
        .unwrap_or(html_path)
        .replace('/', "-")
}

impl Site {
    /// `<lang>.html` for every language.
    pub fn single_files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        (0..self.book.languages.len())
            .map(|li| self.single_file(li))
            .collect()
    }

    /// The one-file book of language `li`.
    pub fn single_file(&self, li: usize) -> Result<(String, Vec<u8>)> {
        let code = &self.book.languages[li].language.code;
        self.single_file_with(li, &self.search(li).to_script(code))
    }

    /// The one-file book of language `li`, with its search index script
    /// built already (the build writes the same one beside the pages).
    pub(super) fn single_file_with(&self, li: usize, index: &str) -> Result<(String, Vec<u8>)> {
        let lang_book = &self.book.languages[li];
        let code = &lang_book.language.code;
        let langs = self.lang_ctxs();
        let lang = &langs[li];
        let config = &self.book.config;
        let paths: HashMap<String, String> = lang_book
            .chapters
            .iter()
            .map(|c| (c.html_path(), chapter_id(&c.html_path())))
            .collect();
        let content = self
            .book
            .root
            .join(&config.book.src)
            .join(&lang_book.language.dir);
        let chapters: Vec<Part> = lang_book
            .chapters
            .iter()
            .zip(&self.rendered[li])
            .map(|(chapter, rendered)| {
                let path = chapter.html_path();
                Part {
                    id: chapter_id(&path),
                    html: Value::from_safe_string(relink(&rendered.html, &path, &paths, &content)),
                }
            })
            .collect();
        let nav: Vec<NavItem> = lang_book
            .chapters
            .iter()
            .map(|c| NavItem {
                kind: "chapter",
                title: c.title.clone(),
                href: format!("#{}", chapter_id(&c.html_path())),
                depth: c.depth,
                number: c.number.clone(),
                active: false,
            })
            .collect();
        let nav_html = self.templates.render("nav.html", NavCtx { nav: &nav })?;
        let statics: HashMap<&str, &[u8]> = self.theme.static_files().collect();
        let text = |name: &str| {
            String::from_utf8_lossy(statics.get(name).copied().unwrap_or_default()).into_owned()
        };
        let highlight = self.highlight_css().map_or_else(
            || text("highlight.css"),
            |(_, css)| String::from_utf8_lossy(&css).into_owned(),
        );
        let css = format!("{}\n{highlight}", text("netplate.css")).replace("</style", "<\\/style");
        // Everything the site loads as it needs it, at once: the file is
        // the whole book.
        let js = format!(
            "{index}{}\n{}\n{}",
            text("netplate.js"),
            text("ph.js"),
            text("search.js")
        )
        .replace("</script", "<\\/script");
        let favicon_data = self.theme.favicon_data();
        let ctx = SingleCtx {
            lang,
            t: strings(code),
            book_title: &config.default_language().title,
            authors: &config.book.authors,
            page_title: lang.title.clone(),
            root: "",
            home: chapters
                .first()
                .map_or_else(String::new, |c| format!("#{}", c.id)),
            nav_html: Value::from_safe_string(nav_html),
            languages: langs
                .iter()
                .map(|l| LangLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    title: l.title.clone(),
                    href: file_name(&l.code),
                    active: l.code == lang.code,
                    chapters: Vec::new(),
                })
                .collect(),
            alternates: Vec::new(),
            canonical: None,
            ph: self.page_placeholders[li].as_ref(),
            chapters,
            inline_css: Value::from_safe_string(css),
            inline_js: Value::from_safe_string(js),
            inline_boot: Value::from_safe_string(text("boot.js").replace("</script", "<\\/script")),
            favicon_data,
            has_code: true,
            single: true,
        };
        let html = self.templates.render("single.html", &ctx)?;
        Ok((file_name(code), html.into_bytes()))
    }
}

/// Rewrites a rendered chapter for the one-file book: ids get the chapter's
/// prefix, links to chapters become links into the file, images beside the
/// chapters become `data:` URLs.
fn relink(
    html: &str,
    page: &str,
    chapters: &HashMap<String, String>,
    content: &std::path::Path,
) -> String {
    let own = chapter_id(page);
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    const ATTRS: [&str; 3] = [" id=\"", " href=\"", " src=\""];
    // Where each attribute occurs next, from `done` on: each searched for
    // again only once passed, so the page is read once (a rare attribute
    // searched for from every link made long pages quadratic).
    let find = |attr: &str, from: usize| html[from..].find(attr).map(|i| from + i);
    let mut next: [Option<usize>; 3] = ATTRS.map(|a| find(a, 0));
    let mut done = 0;
    loop {
        for (slot, attr) in next.iter_mut().zip(ATTRS) {
            if slot.is_some_and(|at| at < done) {
                *slot = find(attr, done);
            }
        }
        let Some((at, attr)) = next
            .iter()
            .zip(ATTRS)
            .filter_map(|(at, attr)| at.map(|at| (at, attr)))
            .min()
        else {
            break;
        };
        let start = at + attr.len();
        let Some(len) = html[start..].find('"') else {
            break;
        };
        let value = &html[start..start + len];
        out.push_str(&html[done..start]);
        match attr {
            " id=\"" => {
                out.push_str(&own);
                out.push_str("--");
                out.push_str(value);
            }
            " href=\"" => match value.strip_prefix('#') {
                Some(anchor) => {
                    out.push('#');
                    out.push_str(&own);
                    out.push_str("--");
                    out.push_str(anchor);
                }
                None => {
                    let (target, anchor) = value.split_once('#').unwrap_or((value, ""));
                    match resolve(dir, target).and_then(|p| chapters.get(&p)) {
                        Some(id) if anchor.is_empty() => {
                            out.push('#');
                            out.push_str(id);
                        }
                        Some(id) => {
                            out.push('#');
                            out.push_str(id);
                            out.push_str("--");
                            out.push_str(anchor);
                        }
                        None => out.push_str(value),
                    }
                }
            },
            _ => match resolve(dir, value).and_then(|p| data_url(&content.join(p), content)) {
                Some(url) => out.push_str(&url),
                None => out.push_str(value),
            },
        }
        done = start + len;
    }
    out.push_str(&html[done..]);
    out
}

/// A relative link from folder `dir`, as a path from the language's folder;
/// `None` for absolute URLs and links that leave it.
fn resolve(dir: &str, link: &str) -> Option<String> {
    if link.is_empty()
        || link.starts_with('/')
        || link.contains(':')
        || link.contains('?')
        || link.contains('&')
    {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A `data:` URL for an image file inside `content`, or `None` when it is
/// not one or is missing.
fn data_url(path: &std::path::Path, content: &std::path::Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        _ => return None,
    };
    // An image that cannot be read (or leads outside the book) keeps its link.
    let bytes = crate::fs::read_within(path, content).ok()?;
    Some(format!("data:{mime};base64,{}", base64(&bytes)))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_get_the_chapter_prefix_and_chapter_links_stay_in_the_file() {
        let chapters: HashMap<String, String> = [
            ("intro.html".to_string(), "intro".to_string()),
            ("guide/setup.html".to_string(), "guide-setup".to_string()),
        ]
        .into();
        let html = "<h2 id=\"a\">A</h2><a href=\"#a\">x</a><a href=\"../intro.html#top\">i</a>\
                    <a href=\"../intro.html\">i</a><a href=\"https://example.com/a.html\">e</a>\
                    <a href=\"other.html\">o</a><img src=\"missing.png\" alt=\"\">";
        let out = relink(
            html,
            "guide/setup.html",
            &chapters,
            std::path::Path::new("/nonexistent"),
        );
        assert_eq!(
            out,
            "<h2 id=\"guide-setup--a\">A</h2><a href=\"#guide-setup--a\">x</a><a href=\"#intro--top\">i</a>\
             <a href=\"#intro\">i</a><a href=\"https://example.com/a.html\">e</a>\
             <a href=\"other.html\">o</a><img src=\"missing.png\" alt=\"\">"
        );
    }

    #[test]
    fn images_become_data_urls() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dot.png"), b"\x89PNG\r\n").unwrap();
        let out = relink(
            "<img src=\"dot.png\">",
            "a.html",
            &HashMap::new(),
            dir.path(),
        );
        assert_eq!(out, "<img src=\"data:image/png;base64,iVBORw0K\">");
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn relative_links_resolve_inside_the_language() {
        assert_eq!(resolve("", "a.html").as_deref(), Some("a.html"));
        assert_eq!(resolve("g", "./b/../c.html").as_deref(), Some("g/c.html"));
        assert_eq!(resolve("", "../x.html"), None);
        assert_eq!(resolve("", "mailto:a@b"), None);
        assert_eq!(resolve("", "/abs.html"), None);
    }
}

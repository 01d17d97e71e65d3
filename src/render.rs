//! Pages from templates: the theme's minijinja templates, autoescaped, fed
//! typed context structs.

use minijinja::{Environment, Value};
use serde::Serialize;

use crate::{
    error::{Error, Result},
    highlight::escape,
    i18n::Strings,
    placeholder::setup::PagePlaceholders,
    theme::{TEMPLATES, Theme},
};

/// A language as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LangCtx {
    /// `zh`.
    pub code: String,
    /// Its folder in the site: `zh/`, or empty for a book in mdBook's
    /// layout.
    pub dir: String,
    /// `中文`.
    pub name: String,
    /// The book's title in this language.
    pub title: String,
    /// The description in this language.
    pub description: Option<String>,
}

/// A link in the chapter list.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// `chapter`, `draft` (no page yet), `part` (a part title) or
    /// `separator`, as SUMMARY.md lists them.
    pub kind: &'static str,
    /// Chapter title from SUMMARY.md.
    pub title: String,
    /// Relative URL.
    pub href: String,
    /// Nesting depth.
    pub depth: usize,
    /// Section number such as `1.2.`.
    pub number: Option<String>,
    /// Whether this is the current page.
    pub active: bool,
}

/// A link to a page in another (or this) language.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    /// `en`.
    pub code: String,
    /// `English`.
    pub name: String,
    /// The book's title in that language.
    pub title: String,
    /// URL of the same page in that language.
    pub href: String,
    /// Whether it is the page's own language.
    pub active: bool,
    /// That language's chapters (only filled for the 404 page).
    pub chapters: Vec<NavItem>,
}

/// A `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code or `x-default`.
    pub code: String,
    /// URL.
    pub href: String,
}

/// An entry of the in-page table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocItem {
    /// Heading level (2–4).
    pub level: u8,
    /// Heading id.
    pub id: String,
    /// Heading text.
    pub text: String,
}

/// Previous / next chapter.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// Chapter title.
    pub title: String,
    /// Relative URL.
    pub href: String,
}

/// What `nav.html` gets.
#[derive(Debug, Serialize)]
pub struct NavCtx<'a> {
    /// The chapters.
    pub nav: &'a [NavItem],
}

/// What every page template gets.
#[derive(Debug, Serialize)]
pub struct PageCtx<'a> {
    /// The page's language.
    pub lang: &'a LangCtx,
    /// Interface strings in that language.
    pub t: &'a Strings,
    /// The book's title in the default language.
    pub book_title: &'a str,
    /// Authors from book.toml.
    pub authors: &'a [String],
    /// The page's own title.
    pub page_title: String,
    /// The whole `<title>`, when the chapter sets it with mdBook's
    /// `{{#title …}}` (else `page_title · language title`).
    pub head_title: Option<String>,
    /// Relative path from the page to the site root (`../`).
    pub root: String,
    /// The language's start page.
    pub home: String,
    /// The chapter's HTML (already safe).
    pub content: Value,
    /// The chapter list (`nav.html`, rendered once per language and page
    /// depth), with the current page marked.
    pub nav_html: Value,
    /// In books too long to repeat the chapter list on every page: the
    /// script that fills it in (`<lang>/toc.js`), relative to the page.
    pub toc_script: Option<String>,
    /// mdBook's fragment redirects of this page, as JSON (`{"#old":
    /// "other.html#new"}`): `static/redirect.js` follows them.
    pub fragments: Option<String>,
    /// In-page table of contents.
    pub toc: Vec<TocItem>,
    /// Previous chapter.
    pub prev: Option<PagerLink>,
    /// Next chapter.
    pub next: Option<PagerLink>,
    /// The language switch.
    pub languages: Vec<LangLink>,
    /// hreflang alternates.
    pub alternates: Vec<Alternate>,
    /// Canonical URL when `site-url` is set.
    pub canonical: Option<String>,
    /// The subnet form, when the book has placeholders.
    pub ph: Option<&'a PagePlaceholders>,
    /// Whether the page shows reader values (the form then stands above
    /// the text, else below it).
    pub ph_here: bool,
    /// Whether the page has highlighted code (and needs its stylesheet).
    pub has_code: bool,
    /// The stylesheet inlined, for a page served at any URL (404).
    pub inline_style: Option<Value>,
    /// The theme's `static/boot.js` inlined, for the same pages.
    pub inline_boot: Option<Value>,
    /// The icon as the text of a `data:` URL, for the same pages.
    pub favicon_data: Option<String>,
    /// mdBook's `additional-css`: the book's stylesheets, from the site's
    /// root, after the theme's.
    pub extra_css: &'a [String],
    /// mdBook's `additional-js`: the book's scripts, after the theme's.
    pub extra_js: &'a [String],
    /// mdBook's `git-repository-url`.
    pub repository: Option<&'a str>,
    /// This chapter's edit link (mdBook's `edit-url-template`).
    pub edit_url: Option<String>,
}

/// The work one page's render may do, in minijinja's fuel (about one unit
/// per instruction and per 64 bytes of data): fifty times what the largest
/// page needs (the 35 MB one-file guide of a 1000-chapter book renders
/// within 1 000 000), and a second or two of a loop that does not end.
pub const FUEL: u64 = 50_000_000;

/// The template engine, loaded with a theme's templates.
pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for error messages.
    origins: std::collections::HashMap<String, String>,
}

impl Templates {
    /// Compiles the theme's templates; a syntax error names the template and line.
    pub fn new(theme: &Theme) -> Result<Templates> {
        let mut env = Environment::new();
        // A theme's loop cannot run forever: each render has a budget.
        env.set_fuel(Some(FUEL));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // minijinja's HTML escaping also escapes `/`, which bloats every URL;
        // escaping the five HTML-significant characters is enough.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                return out.write_str(&escape(text)).map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        let origins: std::collections::HashMap<String, String> = TEMPLATES
            .iter()
            .map(|n| (n.to_string(), theme.template_origin(n)))
            .collect();
        for name in TEMPLATES {
            // The built-in theme has every template (a test checks it).
            let source = theme.template(name).unwrap_or_default().to_string();
            env.add_template_owned(name.to_string(), source)
                .map_err(|e| template_error(&origins, name, &e))?;
        }
        Ok(Templates { env, origins })
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: impl Serialize) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&self.origins, name, &e))?;
        template
            .render(Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| template_error(&self.origins, name, &e))
    }
}

/// A template's error with minijinja's whole chain: the innermost error
/// where it happened, and the `{% include %}`s that led there; includes
/// that go round (a template including itself, two including each other)
/// are named as such, not as minijinja's recursion limit alone.
fn template_error(
    origins: &std::collections::HashMap<String, String>,
    name: &str,
    e: &minijinja::Error,
) -> Error {
    let origin = |template: &str| {
        origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| template.to_string())
    };
    let place = |e: &minijinja::Error| match (e.name(), e.line()) {
        (Some(template), Some(line)) => Some(format!("{}: line {line}", origin(template))),
        _ => None,
    };
    let chain: Vec<&minijinja::Error> = std::iter::successors(Some(e), |e| {
        std::error::Error::source(*e)?.downcast_ref::<minijinja::Error>()
    })
    .collect();
    // Each include on the way, outermost first: where it is, what it includes.
    let mut includes: Vec<String> = Vec::new();
    for pair in chain.windows(2) {
        if pair[0].kind() == minijinja::ErrorKind::BadInclude
            && let (Some(at), Some(included)) = (place(pair[0]), pair[1].name())
        {
            includes.push(format!("{at} includes `{included}`"));
        }
    }
    let root = chain.last().copied().unwrap_or(e);
    let cause = match root.detail() {
        Some(detail) => format!("{}: {detail}", root.kind()),
        None => root.kind().to_string(),
    };
    let cycle = includes.iter().enumerate().find_map(|(i, step)| {
        includes[..i]
            .iter()
            .position(|s| s == step)
            .map(|start| (start, i))
    });
    let detail = match cycle {
        Some((start, end)) if end - start == 1 => format!(
            "the template includes itself without end ({}; minijinja: {cause})",
            includes[start]
        ),
        Some((start, end)) => format!(
            "the templates include each other without end ({}; minijinja: {cause})",
            includes[start..end].join(", then ")
        ),
        None => {
            let cause = if root.kind() == minijinja::ErrorKind::OutOfFuel {
                format!(
                    "it did more work than any page needs ({FUEL} steps of minijinja's fuel), \
                     a loop that runs too long or never ends"
                )
            } else {
                cause
            };
            let mut detail = match place(root) {
                Some(at) => format!("{cause} ({at})"),
                None => cause,
            };
            if !includes.is_empty() {
                detail.push_str(&format!(", reached as {}", includes.join(", then ")));
            }
            detail
        }
    };
    Error::Template {
        name: name.to_string(),
        detail,
    }
}

/// The sidebar of one language, as SUMMARY.md lists it: chapters (linked
/// with `href`), drafts, part titles and separators.
pub fn nav_items(
    lang: &crate::content::LanguageBook,
    href: impl Fn(&crate::content::Chapter) -> String,
) -> Vec<NavItem> {
    use crate::content::NavEntry;
    lang.nav
        .iter()
        .map(|entry| match entry {
            NavEntry::Chapter(i) => {
                let c = &lang.chapters[*i];
                NavItem {
                    kind: "chapter",
                    title: c.title.clone(),
                    href: href(c),
                    depth: c.depth,
                    number: c.number.clone(),
                    active: false,
                }
            }
            NavEntry::Draft {
                title,
                number,
                depth,
            } => NavItem {
                kind: "draft",
                title: title.clone(),
                href: String::new(),
                depth: *depth,
                number: number.clone(),
                active: false,
            },
            NavEntry::Part(title) => NavItem {
                kind: "part",
                title: title.clone(),
                href: String::new(),
                depth: 0,
                number: None,
                active: false,
            },
            NavEntry::Separator => NavItem {
                kind: "separator",
                title: String::new(),
                href: String::new(),
                depth: 0,
                number: None,
                active: false,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_error(files: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("templates").join(name), text).unwrap();
        }
        let theme = Theme::load(dir.path(), dir.path()).unwrap();
        let templates = Templates::new(&theme).unwrap();
        let e = templates.render("chapter.html", ()).unwrap_err();
        e.to_string()
            .replace(&dir.path().display().to_string(), "THEME")
    }

    #[test]
    fn a_template_including_itself_is_named_with_the_include() {
        let e = render_error(&[("chapter.html", "x\n{% include \"chapter.html\" %}\n")]);
        assert_eq!(
            e,
            "template `chapter.html` failed: the template includes itself without end \
             (THEME/templates/chapter.html: line 2 includes `chapter.html`; \
             minijinja: invalid operation: recursion limit exceeded)"
        );
    }

    #[test]
    fn templates_including_each_other_are_named_in_turn() {
        let e = render_error(&[
            ("chapter.html", "{% include \"nav.html\" %}"),
            ("nav.html", "\n\n{% include \"chapter.html\" %}"),
        ]);
        assert!(
            e.contains("the templates include each other without end (THEME/templates/chapter.html: line 1 includes `nav.html`, then THEME/templates/nav.html: line 3 includes `chapter.html`;"),
            "{e}"
        );
    }

    #[test]
    fn an_error_inside_an_include_names_where_and_the_way_there() {
        let e = render_error(&[
            ("chapter.html", "{% include \"nav.html\" %}"),
            ("nav.html", "{{ nope.x }}"),
        ]);
        assert!(
            e.contains("undefined value: `nope` is undefined (THEME/templates/nav.html: line 1), reached as THEME/templates/chapter.html: line 1 includes `nav.html`"),
            "{e}"
        );
    }
}

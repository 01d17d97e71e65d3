//! The theme: minijinja templates and static files.
//!
//! The default theme (this repository's `theme/` folder) is embedded in the
//! binary, so any book builds without a theme folder. A book's theme folder
//! (`[output.html] theme`, default `theme/`) overrides it file by file and may
//! add files: `templates/*.html` are templates, everything under `static/` is
//! copied to the site's `static/`.

use std::{
    borrow::Cow,
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use crate::{error::Result, fs, highlight};

/// The built-in files, by path inside the theme folder; the scripts and the
/// stylesheet as `build.rs` minified them from `theme/static/`.
const BUILTIN: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../theme/templates/base.html"),
    ),
    (
        "templates/chapter.html",
        include_str!("../theme/templates/chapter.html"),
    ),
    (
        "templates/landing.html",
        include_str!("../theme/templates/landing.html"),
    ),
    (
        "templates/404.html",
        include_str!("../theme/templates/404.html"),
    ),
    (
        "templates/nav.html",
        include_str!("../theme/templates/nav.html"),
    ),
    (
        "templates/header.html",
        include_str!("../theme/templates/header.html"),
    ),
    (
        "templates/ph-form.html",
        include_str!("../theme/templates/ph-form.html"),
    ),
    (
        "templates/single.html",
        include_str!("../theme/templates/single.html"),
    ),
    (
        "static/netplate.css",
        include_str!(concat!(env!("OUT_DIR"), "/theme/netplate.css")),
    ),
    (
        "static/netplate.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/netplate.js")),
    ),
    (
        "static/ph.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/ph.js")),
    ),
    (
        "static/search.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/search.js")),
    ),
    (
        "static/boot.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/boot.js")),
    ),
    (
        "static/landing.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/landing.js")),
    ),
    (
        "static/redirect.js",
        include_str!(concat!(env!("OUT_DIR"), "/theme/redirect.js")),
    ),
    (
        "static/favicon.svg",
        include_str!("../theme/static/favicon.svg"),
    ),
    ("static/highlight.css", highlight::CSS),
];

/// The sources of the files `build.rs` minifies, as they are in `theme/`:
/// a book's theme file equal to one of them is the built-in file copied (as
/// this repository's own guide does, and `mdbook init --theme` users do),
/// not an override, and the minified one is shipped.
const SOURCES: &[(&str, &str)] = &[
    (
        "static/netplate.css",
        include_str!("../theme/static/netplate.css"),
    ),
    (
        "static/netplate.js",
        include_str!("../theme/static/netplate.js"),
    ),
    ("static/ph.js", include_str!("../theme/static/ph.js")),
    (
        "static/search.js",
        include_str!("../theme/static/search.js"),
    ),
    ("static/boot.js", include_str!("../theme/static/boot.js")),
    (
        "static/landing.js",
        include_str!("../theme/static/landing.js"),
    ),
    (
        "static/redirect.js",
        include_str!("../theme/static/redirect.js"),
    ),
];

/// The templates every theme must provide (the built-in theme always does).
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "chapter.html",
    "landing.html",
    "404.html",
    "nav.html",
    "header.html",
    "ph-form.html",
    "single.html",
];

/// A theme: the built-in files with a book's overrides on top.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Cow<'static, [u8]>>,
    /// Which files came from the book's folder (for messages).
    overridden: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The built-in theme.
    pub fn builtin() -> Theme {
        Theme {
            files: BUILTIN
                .iter()
                .map(|(path, text)| (path.to_string(), Cow::Borrowed(text.as_bytes())))
                .collect(),
            overridden: BTreeMap::new(),
        }
    }

    /// Files of the book's theme folder that are not theme files of
    /// netplate's (outside `templates/` and `static/`): mdBook's
    /// `index.hbs`, `css/*.css`, `book.js`, …, which have no effect.
    pub fn unused(&self) -> Vec<&Path> {
        self.overridden
            .iter()
            .filter(|(key, _)| !key.starts_with("templates/") && !key.starts_with("static/"))
            .map(|(_, path)| path.as_path())
            .collect()
    }

    /// The built-in theme with every file of `dir` (if it exists) on top.
    /// The folder and its files must resolve inside `within` (the book's
    /// [`crate::content::reach`]), symbolic links followed.
    pub fn load(dir: &Path, within: &Path) -> Result<Theme> {
        let mut theme = Theme::builtin();
        match fs::resolve_within(dir, within) {
            Err(e) if e.is_not_found() => return Ok(theme),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        for rel in fs::files_below(dir)? {
            let key = rel.to_string_lossy().replace('\\', "/");
            let path = dir.join(&rel);
            let bytes = if key.starts_with("templates/") {
                fs::read_to_string_within(&path, within)?.into_bytes()
            } else {
                fs::read_within(&path, within)?
            };
            if SOURCES
                .iter()
                .any(|(k, source)| *k == key && source.as_bytes() == bytes)
            {
                continue;
            }
            theme.files.insert(key.clone(), Cow::Owned(bytes));
            theme.overridden.insert(key, path);
        }
        Ok(theme)
    }

    /// The template `name` (`chapter.html`), if the theme has it.
    pub fn template(&self, name: &str) -> Option<&str> {
        self.files
            .get(&format!("templates/{name}"))
            .and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Where a template was overridden, for error messages.
    pub fn template_origin(&self, name: &str) -> String {
        match self.overridden.get(&format!("templates/{name}")) {
            Some(path) => path.display().to_string(),
            None => format!("built-in theme: templates/{name}"),
        }
    }

    /// Whether the book's theme folder gives file `key` (`static/x.css`).
    pub fn is_overridden(&self, key: &str) -> bool {
        self.overridden.contains_key(key)
    }

    /// The theme's `static/favicon.svg` as the text of a `data:` URL, for
    /// pages that must not depend on where they are served from.
    pub fn favicon_data(&self) -> String {
        let svg = self
            .files
            .get("static/favicon.svg")
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .unwrap_or_default();
        percent_encoding::utf8_percent_encode(&svg, percent_encoding::NON_ALPHANUMERIC).to_string()
    }

    /// Every file under `static/`, as (path inside `static/`, bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|p| (p, v.as_ref())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_theme_has_every_template() {
        let theme = Theme::builtin();
        for name in TEMPLATES {
            assert!(theme.template(name).is_some(), "{name}");
        }
        assert!(theme.static_files().any(|(p, _)| p == "highlight.css"));
    }

    #[test]
    fn book_theme_overrides_one_file_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "custom").unwrap();
        std::fs::create_dir_all(dir.path().join("static/img")).unwrap();
        std::fs::write(dir.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        let theme = Theme::load(dir.path(), dir.path()).unwrap();
        assert_eq!(theme.template("404.html"), Some("custom"));
        assert_eq!(
            theme.template("base.html"),
            Theme::builtin().template("base.html")
        );
        assert!(theme.static_files().any(|(p, _)| p == "img/logo.svg"));
    }

    #[test]
    fn a_copied_default_script_ships_minified_and_an_edited_one_as_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        let source = include_str!("../theme/static/netplate.js");
        std::fs::write(dir.path().join("static/netplate.js"), source).unwrap();
        let edited = format!("{source}\n// mine\n");
        std::fs::write(dir.path().join("static/ph.js"), &edited).unwrap();
        let theme = Theme::load(dir.path(), dir.path()).unwrap();
        let file = |name: &str| {
            theme
                .static_files()
                .find(|(p, _)| *p == name)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .unwrap()
        };
        let minified = file("netplate.js");
        assert!(minified.len() < source.len() * 3 / 4, "minified");
        assert!(!minified.contains("/* netplate default theme script"));
        assert!(!theme.is_overridden("static/netplate.js"));
        assert_eq!(file("ph.js"), edited);
        assert!(theme.is_overridden("static/ph.js"));
    }
}

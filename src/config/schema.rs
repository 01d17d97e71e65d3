//! The keys `book.toml` may hold: netplate's own and every key of mdBook
//! 0.5's schema (`mdbook-core/src/config.rs`), each with its type and
//! whether netplate uses it. [`check`] walks the file once and reports every
//! unknown key and wrong type, in file order, and lists the mdBook keys that
//! have no effect here in one warning.

use toml::de::{DeTable, DeValue};

/// What a key holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Str,
    Bool,
    Int,
    /// An array of strings.
    Strings,
    /// A table with these keys.
    Table(&'static [Key]),
    /// A table whose keys are names chosen by the book, each holding this.
    Map(&'static Kind),
}

/// Whether netplate reads a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// netplate reads it.
    Used,
    /// mdBook reads it; netplate accepts it and says it has no effect, why.
    Ignored(&'static str),
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub used: Use,
}

const fn used(name: &'static str, kind: Kind) -> Key {
    Key {
        name,
        kind,
        used: Use::Used,
    }
}

const fn ignored(name: &'static str, kind: Kind, why: &'static str) -> Key {
    Key {
        name,
        kind,
        used: Use::Ignored(why),
    }
}

const NOT_YET: &str = "not implemented in netplate yet";
const OWN_THEME: &str = "netplate's theme has its own";
const HTML_ONLY: &str = "netplate writes HTML, and checks links itself";

const BOOK: &[Key] = &[
    used("title", Kind::Str),
    used("authors", Kind::Strings),
    used("description", Kind::Str),
    used("src", Kind::Str),
    used("language", Kind::Str),
    ignored("text-direction", Kind::Str, NOT_YET),
    ignored(
        "multilingual",
        Kind::Bool,
        "mdBook 0.4's, removed in 0.5; `[language.<code>]` tables make a book multilingual",
    ),
];

const BUILD: &[Key] = &[
    used("build-dir", Kind::Str),
    used("create-missing", Kind::Bool),
    ignored(
        "use-default-preprocessors",
        Kind::Bool,
        "netplate has no default preprocessors to turn off",
    ),
    ignored("extra-watch-dirs", Kind::Strings, NOT_YET),
];

const RUST: &[Key] = &[ignored(
    "edition",
    Kind::Str,
    "netplate does not run Rust code blocks",
)];

const LANGUAGE: &[Key] = &[
    used("name", Kind::Str),
    used("title", Kind::Str),
    used("description", Kind::Str),
    used("default", Kind::Bool),
];

const FOLD: &[Key] = &[
    ignored("enable", Kind::Bool, OWN_THEME),
    ignored("level", Kind::Int, OWN_THEME),
];

const PLAYGROUND: &[Key] = &[
    ignored(
        "editable",
        Kind::Bool,
        "netplate does not run Rust code blocks",
    ),
    ignored(
        "copyable",
        Kind::Bool,
        "netplate's code blocks always have a copy button",
    ),
    ignored(
        "copy-js",
        Kind::Bool,
        "netplate does not run Rust code blocks",
    ),
    ignored(
        "line-numbers",
        Kind::Bool,
        "netplate does not run Rust code blocks",
    ),
    ignored(
        "runnable",
        Kind::Bool,
        "netplate does not run Rust code blocks",
    ),
];

const CODE: &[Key] = &[used("hidelines", Kind::Map(&Kind::Str))];

const PRINT: &[Key] = &[
    used("enable", Kind::Bool),
    ignored(
        "page-break",
        Kind::Bool,
        "netplate's print.html is its one-file book, whose chapters follow one another",
    ),
];

const SEARCH_CHAPTER: &[Key] = &[used("enable", Kind::Bool)];

const SEARCH: &[Key] = &[
    ignored("enable", Kind::Bool, "netplate's search is always on"),
    ignored(
        "limit-results",
        Kind::Int,
        "netplate's search ranks its own way",
    ),
    ignored(
        "teaser-word-count",
        Kind::Int,
        "netplate's search ranks its own way",
    ),
    ignored(
        "use-boolean-and",
        Kind::Bool,
        "netplate's search ranks its own way",
    ),
    ignored(
        "boost-title",
        Kind::Int,
        "netplate's search ranks its own way",
    ),
    ignored(
        "boost-hierarchy",
        Kind::Int,
        "netplate's search ranks its own way",
    ),
    ignored(
        "boost-paragraph",
        Kind::Int,
        "netplate's search ranks its own way",
    ),
    ignored("expand", Kind::Bool, "netplate's search ranks its own way"),
    ignored(
        "heading-split-level",
        Kind::Int,
        "netplate's search indexes every heading",
    ),
    ignored(
        "copy-js",
        Kind::Bool,
        "netplate's search is part of its theme",
    ),
    used("chapter", Kind::Map(&Kind::Table(SEARCH_CHAPTER))),
];

const HTML: &[Key] = &[
    used("site-url", Kind::Str),
    used("theme", Kind::Str),
    ignored("default-theme", Kind::Str, OWN_THEME),
    ignored("preferred-dark-theme", Kind::Str, OWN_THEME),
    used("smart-punctuation", Kind::Bool),
    used("curly-quotes", Kind::Bool),
    used("definition-lists", Kind::Bool),
    ignored(
        "admonitions",
        Kind::Bool,
        "netplate reads `> [!NOTE]` alerts always",
    ),
    ignored(
        "mathjax-support",
        Kind::Bool,
        "pages make no external request, and netplate ships no MathJax",
    ),
    used("additional-css", Kind::Strings),
    used("additional-js", Kind::Strings),
    ignored("fold", Kind::Table(FOLD), OWN_THEME),
    ignored(
        "playground",
        Kind::Table(PLAYGROUND),
        "netplate does not run Rust code blocks",
    ),
    ignored(
        "playpen",
        Kind::Table(PLAYGROUND),
        "netplate does not run Rust code blocks",
    ),
    used("code", Kind::Table(CODE)),
    used("print", Kind::Table(PRINT)),
    ignored(
        "no-section-label",
        Kind::Bool,
        "netplate does not number chapters",
    ),
    used("search", Kind::Table(SEARCH)),
    used("git-repository-url", Kind::Str),
    ignored("git-repository-icon", Kind::Str, NOT_YET),
    used("input-404", Kind::Str),
    ignored("cname", Kind::Str, NOT_YET),
    used("edit-url-template", Kind::Str),
    ignored(
        "live-reload-endpoint",
        Kind::Str,
        "`netplate serve` reloads pages itself",
    ),
    used("redirect", Kind::Map(&Kind::Str)),
    ignored("hash-files", Kind::Bool, NOT_YET),
    ignored("sidebar-header-nav", Kind::Bool, OWN_THEME),
    ignored(
        "google-analytics",
        Kind::Str,
        "pages make no external request",
    ),
    ignored(
        "copy-fonts",
        Kind::Bool,
        "netplate's theme ships its own fonts",
    ),
];

const INSTRUCTIONS: &[Key] = &[used("chapters", Kind::Strings)];

const OUTPUT: &[Key] = &[
    used("html", Kind::Table(HTML)),
    used("instructions", Kind::Table(INSTRUCTIONS)),
];

/// A preprocessor's keys mdBook reads; its own keys are its business.
const PREPROCESSOR: &[Key] = &[
    used("command", Kind::Str),
    used("before", Kind::Strings),
    used("after", Kind::Strings),
    used("renderers", Kind::Strings),
    used("optional", Kind::Bool),
];

const SLOT: &[Key] = &[
    used("param", Kind::Str),
    used("default", Kind::Int),
    used("label", Kind::Map(&Kind::Str)),
    used("name", Kind::Map(&Kind::Str)),
];

const FIXED: &[Key] = &[used("name", Kind::Map(&Kind::Str))];

const PLACEHOLDERS: &[Key] = &[
    used("template", Kind::Str),
    used("subnet", Kind::Str),
    used("slot", Kind::Map(&Kind::Table(SLOT))),
    used("fixed", Kind::Map(&Kind::Table(FIXED))),
];

const CHECK: &[Key] = &[
    used("formats", Kind::Strings),
    used("shell", Kind::Str),
    used("deny-warnings", Kind::Bool),
    used("strict", Kind::Bool),
];

/// The top level.
pub(super) const TOP: &[Key] = &[
    used("book", Kind::Table(BOOK)),
    used("build", Kind::Table(BUILD)),
    ignored(
        "rust",
        Kind::Table(RUST),
        "netplate does not run Rust code blocks",
    ),
    used("language", Kind::Map(&Kind::Table(LANGUAGE))),
    used("output", Kind::Table(OUTPUT)),
    used("preprocessor", Kind::Map(&Kind::Table(PREPROCESSOR))),
    used("placeholders", Kind::Table(PLACEHOLDERS)),
    used("check", Kind::Table(CHECK)),
];

/// A problem or an ignored key, at a byte range of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Finding {
    /// A key no schema knows: path, the key, a suggestion.
    Unknown {
        path: String,
        key: String,
        suggestion: Option<&'static str>,
        span: std::ops::Range<usize>,
    },
    /// A value of the wrong type: dotted key, what it must be.
    Type {
        key: String,
        expected: &'static str,
        span: std::ops::Range<usize>,
    },
    /// A key mdBook reads and netplate does not, with why.
    Ignored {
        key: String,
        why: &'static str,
        span: std::ops::Range<usize>,
    },
}

impl Finding {
    pub(super) fn start(&self) -> usize {
        match self {
            Finding::Unknown { span, .. }
            | Finding::Type { span, .. }
            | Finding::Ignored { span, .. } => span.start,
        }
    }
}

/// Walks `table` (the whole file) against [`TOP`]; findings in file order.
pub(super) fn check(table: &DeTable<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    walk_table(table, TOP, "", false, &mut out);
    out.sort_by_key(Finding::start);
    out
}

/// `quiet`: inside a key already reported as ignored, whose own keys are
/// not listed again.
fn walk_table(table: &DeTable<'_>, keys: &[Key], path: &str, quiet: bool, out: &mut Vec<Finding>) {
    for (name, value) in table {
        let name_span = name.span();
        let name = name.get_ref().as_ref();
        let dotted = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        // `[output.<renderer>]` of other renderers and a preprocessor's own
        // keys are theirs: any content.
        if path == "output" && !keys.iter().any(|k| k.name == name) && !quiet {
            out.push(Finding::Ignored {
                key: format!("[{dotted}]"),
                why: HTML_ONLY,
                span: name_span,
            });
            continue;
        }
        let Some(key) = keys.iter().find(|k| k.name == name) else {
            if path.starts_with("preprocessor.") {
                continue;
            }
            out.push(Finding::Unknown {
                path: path.to_string(),
                key: name.to_string(),
                suggestion: crate::diagnostic::closest(name, keys.iter().map(|k| k.name)),
                span: name_span,
            });
            continue;
        };
        let ignored = matches!(key.used, Use::Ignored(_));
        if let Use::Ignored(why) = key.used
            && !quiet
        {
            let shown = match key.kind {
                Kind::Table(_) | Kind::Map(_) => format!("[{dotted}]"),
                _ => dotted.clone(),
            };
            out.push(Finding::Ignored {
                key: shown,
                why,
                span: name_span,
            });
        }
        walk_value(
            value.get_ref(),
            value.span(),
            key.kind,
            &dotted,
            quiet || ignored,
            out,
        );
    }
}

fn walk_value(
    value: &DeValue<'_>,
    span: std::ops::Range<usize>,
    kind: Kind,
    dotted: &str,
    quiet: bool,
    out: &mut Vec<Finding>,
) {
    let wrong = |expected: &'static str, out: &mut Vec<Finding>| {
        out.push(Finding::Type {
            key: dotted.to_string(),
            expected,
            span: span.clone(),
        });
    };
    match kind {
        Kind::Str => {
            if !matches!(value, DeValue::String(_)) {
                wrong("a string", out);
            }
        }
        Kind::Bool => {
            if !matches!(value, DeValue::Boolean(_)) {
                wrong("`true` or `false`", out);
            }
        }
        Kind::Int => {
            if !matches!(value, DeValue::Integer(_)) {
                wrong("a whole number", out);
            }
        }
        Kind::Strings => match value {
            DeValue::Array(items)
                if items
                    .iter()
                    .all(|i| matches!(i.get_ref(), DeValue::String(_))) => {}
            _ => wrong("a list of strings, like `[\"a\", \"b\"]`", out),
        },
        Kind::Table(keys) => match value {
            DeValue::Table(t) => walk_table(t, keys, dotted, quiet, out),
            _ => wrong("a table", out),
        },
        Kind::Map(inner) => match value {
            DeValue::Table(t) => {
                for (name, v) in t {
                    let sub = format!("{dotted}.{}", name.get_ref().as_ref());
                    walk_value(v.get_ref(), v.span(), *inner, &sub, quiet, out);
                }
            }
            _ => wrong("a table", out),
        },
    }
}

//! `book.toml`: the book's configuration, compatible with mdBook where the two
//! overlap.
//!
//! ```toml
//! [book]
//! title = "VM 和 HOST 之间的通信"
//! authors = ["netplate"]
//! src = "content"
//!
//! [language.zh]
//! name = "中文"
//! default = true
//!
//! [language.en]
//! name = "English"
//! title = "Networking between a VM and its host"
//!
//! [output.html]
//! site-url = "https://example.org/guide/"
//! ```
//!
//! mdBook's whole schema is accepted ([`schema`]): what netplate does not use
//! is listed in one warning. Unknown keys and wrong types are errors, all of
//! them in one run, each with its line. Loading is then two steps, as in
//! zola: serde types what netplate reads, then [`Config::parse`]
//! checks what serde cannot (one default language, a valid site URL, ...).

use std::{collections::BTreeMap, path::Path};

use serde::Deserialize;

mod schema;

use crate::{
    diagnostic::{Diagnostic, Location},
    error::{Error, Result},
    fs,
};

/// The whole `book.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[book]`: metadata and where the content lives.
    pub book: BookConfig,
    /// `[build]`: where the site is written.
    pub build: BuildConfig,
    /// `[language.<code>]`: one table per language.
    #[serde(rename = "language")]
    languages: BTreeMap<String, LanguageConfig>,
    /// `[output.html]` and `[output.instructions]`.
    pub output: OutputConfig,
    /// `[placeholders]`: the template network and the reader's slots.
    pub placeholders: Option<PlaceholderConfig>,
    /// `[check]`: what the check stage validates, and how strictly.
    pub check: CheckConfig,
    /// `[preprocessor.<name>]`: programs that rewrite the book before it is
    /// rendered, run with mdBook's protocol ([`crate::preprocess`]).
    #[serde(rename = "preprocessor")]
    pub preprocessors: BTreeMap<String, PreprocessorConfig>,
    /// The whole file as written, for the preprocessors' context.
    #[serde(skip)]
    pub toml: toml::Table,
    /// Languages in display order (default first), filled by [`Config::parse`].
    #[serde(skip)]
    ordered: Vec<Language>,
    /// What the file holds that has no effect (mdBook keys netplate does
    /// not use), as one warning.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// `[book]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookConfig {
    /// The book's title, used where a language sets none.
    pub title: String,
    /// The authors, shown in page metadata.
    pub authors: Vec<String>,
    /// A one-line description for `<meta name="description">`.
    pub description: Option<String>,
    /// The content folder, relative to `book.toml`: as written, or
    /// `content` for a book with `[language.*]` tables and `src` (mdBook's)
    /// for one without (filled by [`Config::parse`]).
    #[serde(rename = "src")]
    src_given: Option<String>,
    /// The content folder, resolved.
    #[serde(skip)]
    pub src: String,
    /// Accepted for mdBook compatibility; `[language.*]` decides the languages.
    pub language: Option<String>,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Untitled book".to_string(),
            authors: Vec::new(),
            description: None,
            src_given: None,
            src: String::new(),
            language: None,
        }
    }
}

/// `[build]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// Where the site is written, relative to `book.toml`. Default `book`.
    pub build_dir: String,
    /// mdBook's `create-missing`: a chapter SUMMARY.md lists whose file is
    /// missing is created (`# Title`), with a warning. Default: on in
    /// mdBook's layout (as in mdBook), off in netplate's own (an error).
    pub create_missing: Option<bool>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: "book".to_string(),
            create_missing: None,
        }
    }
}

/// `[preprocessor.<name>]`: the keys mdBook reads; the rest of the table
/// is the preprocessor's own (it reads them from the context).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct PreprocessorConfig {
    /// The command line; default `mdbook-<name>`.
    pub command: Option<String>,
    /// Preprocessors this one runs before.
    pub before: Vec<String>,
    /// Preprocessors this one runs after.
    pub after: Vec<String>,
    /// The renderers it runs for; unset: ask it (`<command> supports html`).
    pub renderers: Option<Vec<String>>,
    /// A missing command is a warning, not an error.
    pub optional: bool,
}

/// `[language.<code>]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LanguageConfig {
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    default: bool,
}

/// A language of the book, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 code, also the folder under `content/` and in the site: `zh`, `en`.
    pub code: String,
    /// The language's own name for the switch: `中文`, `English`.
    pub name: String,
    /// The book's title in this language.
    pub title: String,
    /// The description in this language, if any.
    pub description: Option<String>,
    /// Whether this is the default language.
    pub default: bool,
    /// Its folder, under the content folder and in the site, with a
    /// trailing `/` (`zh/`); empty for a book in mdBook's layout (no
    /// `[language.*]` tables), whose chapters and pages have no language
    /// folder.
    pub dir: String,
}

/// `[output]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// `[output.html]`.
    pub html: HtmlConfig,
    /// `[output.instructions]`.
    pub instructions: InstructionsConfig,
}

/// `[output.instructions]`: what `netplate instructions` prints.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InstructionsConfig {
    /// The chapters with steps, in order (paths as in SUMMARY.md); empty: all.
    pub chapters: Vec<String>,
}

/// The format names `[check] formats` may list: the validators' `check=`
/// names (`validate::Format::name`; a test there keeps the two equal).
pub const FORMAT_NAMES: [&str; 7] = [
    "netplan",
    "interfaces",
    "ifcfg",
    "resolv",
    "nm",
    "nmconnection",
    "shell",
];

/// `[check]`: which blocks are validated, and how.
///
/// ```toml
/// [check]
/// formats = ["netplan", "shell"]  # default: every format
/// shell = "network"               # default "syntax"
/// strict = false                  # blocks' errors as warnings
/// deny-warnings = true            # as `--deny-warnings`, for every build
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// The formats validated (`check=` names); `None`: all of them.
    pub formats: Option<Vec<String>>,
    /// How shell blocks are judged.
    pub shell: ShellCheck,
    /// Warnings fail every build, as with `--deny-warnings`.
    pub deny_warnings: bool,
    /// Whether a block's errors fail the build (`true`) or are warnings.
    /// Default: strict, except for a book in mdBook's layout without
    /// `[placeholders]` (an mdBook book brought as it is), whose blocks are
    /// checked and reported without failing its build.
    #[serde(rename = "strict")]
    strict_given: Option<bool>,
    /// [`CheckConfig::strict`], resolved by [`Config::parse`].
    #[serde(skip)]
    strict: bool,
}

/// `[check] shell`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShellCheck {
    /// What `bash -n` rejects is an error, and `nmcli` lines are read as
    /// nmcli reads them; nothing else is judged.
    #[default]
    Syntax,
    /// Also the network guide's rules: config text pasted as commands, flags
    /// as commands, unused variables, globs in assignments, unfilled
    /// placeholders.
    Network,
}

impl CheckConfig {
    /// Whether a block's errors fail the build.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Whether blocks of `format` (a `check=` name) are validated.
    pub fn validates(&self, format: &str) -> bool {
        self.formats
            .as_ref()
            .is_none_or(|f| f.iter().any(|n| n == format))
    }
}

/// `[placeholders]`.
///
/// ```toml
/// [placeholders]
/// template = "192.168.?.0/24"   # how the guide writes addresses
/// subnet = "192.168.10.0/24"    # the default reader subnet
///
/// [placeholders.slot.xxx]       # `192.168.?.xxx`
/// param = "vm"                  # `--vm`, `?vm=` and the form field
/// default = 100                 # host offset when the reader gives none
/// label = { zh = "虚拟机地址", en = "VM address" }
/// name = { zh = "虚拟机的地址", en = "the VM's address" }
///
/// [placeholders.fixed.1]        # what `192.168.?.1` is, for messages
/// name = { zh = "网关", en = "the gateway" }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderConfig {
    /// The template network, `192.168.?.0/24`.
    pub template: String,
    /// The default subnet readers see.
    pub subnet: String,
    /// Named slots.
    #[serde(default)]
    pub slot: BTreeMap<String, SlotConfig>,
    /// Names of host offsets the guide uses literally.
    #[serde(default)]
    pub fixed: BTreeMap<String, FixedConfig>,
}

/// `[placeholders.slot.<name>]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotConfig {
    /// Parameter name in the CLI, the URL and the form (`vm`).
    pub param: String,
    /// Default host offset.
    pub default: u32,
    /// The form field's label, per language.
    #[serde(default)]
    pub label: BTreeMap<String, String>,
    /// What the address is, per language, for messages ("the VM's address").
    #[serde(default)]
    pub name: BTreeMap<String, String>,
}

/// `[placeholders.fixed.<offset>]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedConfig {
    /// What the address is, per language ("the gateway").
    pub name: BTreeMap<String, String>,
}

/// Text for `lang` from a per-language table: exact code, then the primary
/// subtag, then English, then any.
pub fn localized<'a>(table: &'a BTreeMap<String, String>, lang: &str) -> Option<&'a str> {
    let primary = lang.split('-').next().unwrap_or(lang);
    table
        .get(lang)
        .or_else(|| table.get(primary))
        .or_else(|| table.get("en"))
        .or_else(|| table.values().next())
        .map(String::as_str)
}

/// `[output.html]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// The public URL of the site, ending in `/`; enables `sitemap.xml` and
    /// canonical links.
    pub site_url: Option<String>,
    /// The theme folder that overrides the built-in theme file by file,
    /// relative to `book.toml`. Default `theme`.
    pub theme: String,
    /// mdBook's `[output.html.redirect]`: an old page's path in the site
    /// (`/format/config.html`) → where it moved, relative to the old page
    /// (`configuration/index.html`) or absolute (`https://…`).
    pub redirect: BTreeMap<String, String>,
    /// mdBook's `additional-css`: stylesheets of the book, relative to
    /// `book.toml`, copied to the same path in the site and linked from
    /// every page after the theme's.
    pub additional_css: Vec<String>,
    /// mdBook's `additional-js`: scripts, likewise.
    pub additional_js: Vec<String>,
    /// mdBook's `git-repository-url`: linked from every page's top bar.
    pub git_repository_url: Option<String>,
    /// mdBook's `edit-url-template`: each chapter's "Suggest an edit" link,
    /// `{path}` replaced by the chapter's file, from `book.toml`'s folder
    /// (`src/format/config.md`), as mdBook does.
    pub edit_url_template: Option<String>,
    /// mdBook's `smart-punctuation` (`curly-quotes` before mdBook 0.5):
    /// “curly” quotes, – and — dashes, … in the text. Default: on in
    /// mdBook's layout (as in mdBook 0.5), off in netplate's own.
    #[serde(alias = "curly-quotes")]
    pub smart_punctuation: Option<bool>,
    /// mdBook's `definition-lists` (`Term` then `: definition`). Default: on
    /// in mdBook's layout (as in mdBook 0.5); off in netplate's own, where a
    /// `::: tab` line right under a paragraph would read as a definition.
    pub definition_lists: Option<bool>,
    /// mdBook's `[output.html.print]`.
    pub print: PrintConfig,
    /// mdBook's `[output.html.code]`.
    pub code: CodeConfig,
    /// mdBook's `[output.html.search]`: what netplate reads of it.
    pub search: SearchConfig,
    /// mdBook's `input-404`: the Markdown file of the 404 page, in the
    /// default language's folder. Default `404.md` (used when it exists).
    #[serde(rename = "input-404")]
    pub input_404: Option<String>,
}

/// `[output.html.search]`, what netplate reads of it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// `[output.html.search.chapter]`: by chapter path or folder prefix
    /// (`"appendix/"`, `"first/old.md"`), whether those chapters are in the
    /// search index. Checked to match a chapter ([`Book::load`]).
    ///
    /// [`Book::load`]: crate::content::Book::load
    pub chapter: BTreeMap<String, SearchChapter>,
}

/// One `[output.html.search.chapter]` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchChapter {
    /// Whether its chapters are searched; unset: as the entries above say.
    pub enable: Option<bool>,
}

impl SearchConfig {
    /// Whether the chapter at `path` (from the language folder) is in the
    /// search index, as mdBook decides: of the keys that are a prefix of
    /// its path, folder by folder, the last in path order that says.
    pub fn indexed(&self, path: &str) -> bool {
        let path = Path::new(path);
        let mut enable = true;
        for (key, entry) in &self.chapter {
            if path.starts_with(key) {
                enable = entry.enable.unwrap_or(enable);
            }
        }
        enable
    }
}

/// `[output.html.code]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeConfig {
    /// `[output.html.code.hidelines]`: by fence language, the prefix that
    /// hides a line of its blocks (`python = "~"`), as the `hidelines=`
    /// fence attribute does for one block. Rust blocks keep Rust's rule.
    pub hidelines: BTreeMap<String, String>,
}

/// `[output.html.print]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrintConfig {
    /// Whether a book in mdBook's layout gets `print.html`, the whole book
    /// in one page (netplate's one-file book). Default on, as in mdBook.
    pub enable: bool,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig { enable: true }
    }
}

impl Default for HtmlConfig {
    fn default() -> Self {
        HtmlConfig {
            site_url: None,
            theme: "theme".to_string(),
            redirect: BTreeMap::new(),
            additional_css: Vec::new(),
            additional_js: Vec::new(),
            git_repository_url: None,
            edit_url_template: None,
            smart_punctuation: None,
            definition_lists: None,
            print: PrintConfig::default(),
            code: CodeConfig::default(),
            search: SearchConfig::default(),
            input_404: None,
        }
    }
}

impl Config {
    /// Reads and checks `book.toml` in `book_dir`. A missing file is an error
    /// that says how to create one.
    pub fn load(book_dir: &Path) -> Result<Config> {
        let path = book_dir.join("book.toml");
        if !path.is_file() {
            return Err(Error::Diagnostics(vec![
                Diagnostic::error(
                    "missing-book-toml",
                    format!("no `book.toml` in `{}`", book_dir.display()),
                )
                .help(
                    "run netplate in the book's folder, or pass it: `netplate build path/to/book`",
                ),
            ]));
        }
        let text = fs::read_to_string(&path)?;
        Config::parse_in(&text, Path::new("book.toml"), Some(book_dir)).map_err(Error::Diagnostics)
    }

    /// Parses `book.toml` text; `file` is the name used in diagnostics.
    ///
    /// Every problem of the file is reported at once, in file order: TOML
    /// syntax, unknown keys, wrong types, then what serde cannot check.
    /// mdBook keys netplate does not use are accepted and listed in one
    /// warning ([`Config::warnings`]).
    pub fn parse(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
        Config::parse_in(text, file, None)
    }

    /// [`Config::parse`] of the `book.toml` of the book in `book_root`, when
    /// known: then the files it names must exist.
    fn parse_in(
        text: &str,
        file: &Path,
        book_root: Option<&Path>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let at = |span: std::ops::Range<usize>| {
            Location::from_offset(file, text, span.start, span.len())
        };
        let (table, syntax) = toml::de::DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            return Err(syntax
                .iter()
                .map(|e| {
                    Diagnostic::error(
                        "book-toml",
                        format!("invalid book.toml: {}", e.message().trim()),
                    )
                    .at(at(e.span().unwrap_or(0..0)))
                    .help("fix the TOML syntax: `key = \"value\"` lines under `[table]` headers")
                })
                .collect());
        }
        let mut errors = Vec::new();
        let mut ignored = Vec::new();
        let mut drop: Vec<Vec<String>> = Vec::new();
        // A book in mdBook's layout (no `[language.*]` tables) that does
        // not ask for strictness is taken as mdBook 0.4 took it: a key
        // mdBook does not know is a warning, not an error (books written
        // for 0.4 carry `author`, `[output.html.playpen]` keys and the like).
        let lenient = {
            let top = table.get_ref();
            let strict = top
                .get("check")
                .and_then(|c| c.get_ref().as_table())
                .and_then(|c| c.get("strict"))
                .and_then(|s| s.get_ref().as_bool());
            !top.contains_key("language") && !strict.unwrap_or(top.contains_key("placeholders"))
        };
        let mut unknown = Vec::new();
        for finding in schema::check(table.get_ref()) {
            match finding {
                schema::Finding::Unknown {
                    path,
                    key,
                    suggestion,
                    span,
                } => {
                    let table = if path.is_empty() {
                        "at the top level".to_string()
                    } else {
                        format!("in `[{path}]`")
                    };
                    let help = match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "remove the key or fix its spelling; README.md lists every key netplate and mdBook read".to_string(),
                    };
                    let mut dotted: Vec<String> = if path.is_empty() {
                        Vec::new()
                    } else {
                        path.split('.').map(str::to_string).collect()
                    };
                    dotted.push(key.clone());
                    drop.push(dotted);
                    if lenient {
                        unknown.push(
                            Diagnostic::warning(
                                "book-toml-unknown",
                                format!("unknown key `{key}` {table} is ignored"),
                            )
                            .at(at(span))
                            .note("mdBook 0.4 ignored keys it did not know; mdBook 0.5 and `[check] strict = true` refuse them")
                            .help(help),
                        );
                    } else {
                        errors.push(
                            Diagnostic::error("book-toml", format!("unknown key `{key}` {table}"))
                                .at(at(span))
                                .help(help),
                        );
                    }
                }
                schema::Finding::Type {
                    key,
                    expected,
                    span,
                } => {
                    errors.push(
                        Diagnostic::error("book-toml", format!("`{key}` must be {expected}"))
                            .at(at(span))
                            .help("fix the value's type"),
                    );
                    drop.push(key.split('.').map(str::to_string).collect());
                }
                schema::Finding::Ignored { key, why, span } => {
                    drop.push(
                        key.trim_matches(['[', ']'])
                            .split('.')
                            .map(str::to_string)
                            .collect(),
                    );
                    ignored.push((key, why, span));
                }
            }
        }
        // What netplate reads, without what it ignores, typed by serde.
        let mut value = toml::Value::Table(text.parse::<toml::Table>().unwrap_or_default());
        for path in &drop {
            remove(&mut value, path);
        }
        if let Some(shell) = value.get("check").and_then(|c| c.get("shell"))
            && let Some(v) = shell.as_str()
            && !["syntax", "network"].contains(&v)
        {
            let offset = text.find("shell").unwrap_or(0);
            errors.push(
                Diagnostic::error("book-toml", format!("`[check] shell = \"{v}\"`: write `\"syntax\"` or `\"network\"`"))
                    .at(Location::from_offset(file, text, offset, "shell".len()))
                    .help("`syntax`: only what bash rejects is an error; `network`: also config text pasted as commands and the other rules of a network guide"),
            );
            remove(&mut value, &["check".to_string(), "shell".to_string()]);
        }
        let mut config: Config = match value.try_into() {
            Ok(config) => config,
            Err(e) => {
                errors.push(
                    Diagnostic::error(
                        "book-toml",
                        format!("invalid book.toml: {}", e.message().trim()),
                    )
                    .at(at(0..0)),
                );
                return Err(errors);
            }
        };
        if let Some((_, _, first)) = ignored.first() {
            let mut w = Diagnostic::warning(
                "book-toml-ignored",
                format!(
                    "{} mdBook setting{} of book.toml {} no effect in netplate",
                    ignored.len(),
                    if ignored.len() == 1 { "" } else { "s" },
                    if ignored.len() == 1 { "has" } else { "have" },
                ),
            )
            .at(at(first.clone()));
            for (key, why, span) in &ignored {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                w = w.note(format!("line {line}: `{key}`: {why}"));
            }
            config.warnings.push(w.help("the book builds without them; remove them to silence this warning, or keep them for mdBook"));
        }
        config.warnings.extend(unknown);
        let at_key = |needle: &str| {
            let offset = text.find(needle).unwrap_or(0);
            Location::from_offset(file, text, offset, needle.len())
        };

        if let Some(url) = &mut config.output.html.site_url {
            if url.starts_with('/') {
                // mdBook's form: the path the site is served under, for its
                // 404 page. netplate's pages link relatively everywhere.
                let offset = text.find("site-url").unwrap_or(0);
                config.warnings.push(
                    Diagnostic::warning(
                        "book-toml-ignored",
                        format!("`site-url = \"{url}\"` is a path: netplate's pages link relatively, so they work under any path without it"),
                    )
                    .at(Location::from_offset(file, text, offset, "site-url".len()))
                    .help("for sitemap.xml and canonical links, give the whole URL: `site-url = \"https://example.org/guide/\"`"),
                );
                config.output.html.site_url = None;
            } else if !(url.starts_with("https://") || url.starts_with("http://")) {
                errors.push(
                    Diagnostic::error(
                        "book-toml",
                        format!("`site-url` must be an absolute http(s) URL, not `{url}`"),
                    )
                    .at(at_key("site-url"))
                    .help("write it like `site-url = \"https://example.org/guide/\"`"),
                );
            } else if !url.ends_with('/') {
                url.push('/');
            }
        }

        let defaults: Vec<&String> = config
            .languages
            .iter()
            .filter(|(_, l)| l.default)
            .map(|(c, _)| c)
            .collect();
        if defaults.len() > 1 {
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!("more than one default language: {}", join_codes(&defaults)),
                )
                .at(at_key("default"))
                .help("keep `default = true` in exactly one `[language.<code>]` table"),
            );
        }
        for code in config.languages.keys() {
            if !is_language_code(code) {
                errors.push(
                    Diagnostic::error("book-toml", format!("`{code}` is not a language code"))
                        .at(at_key(&format!("[language.{code}]")))
                        .help("use a BCP 47 code such as `zh`, `en` or `pt-BR`; it is also the folder name under the content folder"),
                );
            }
        }
        if let Some(src) = &config.book.src_given
            && let Some(why) = fs::escape(Path::new(src))
        {
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!("`[book] src = \"{src}\"` {why}: the content folder is inside the book's folder"),
                )
                .at(at_key(&format!("\"{src}\"")))
                .help("give the folder relative to book.toml, like `src = \"src\"`; move the content there, or move book.toml to the content's parent folder"),
            );
        }
        if config.languages.is_empty()
            && let Some(code) = &config.book.language
            && !is_language_code(code)
        {
            // The code names the language's files (`<code>.html` of
            // `--single-file`, the search index).
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!("`[book] language = \"{code}\"` is not a language code"),
                )
                .at(at_key(&format!("\"{code}\"")))
                .help("use a BCP 47 code such as `en`, `zh` or `pt-BR`"),
            );
        }
        if let Some(ph) = &config.placeholders {
            check_placeholders(ph, text, file, &mut errors);
        }
        // mdBook joins a key to the output folder, so `./old.html` is
        // `old.html` (books written for mdBook 0.4 have such keys).
        config.output.html.redirect = std::mem::take(&mut config.output.html.redirect)
            .into_iter()
            .map(|(from, to)| {
                let lead = if from.starts_with('/') { "/" } else { "" };
                let parts: Vec<&str> = from
                    .split('/')
                    .filter(|p| *p != "." && !p.is_empty())
                    .collect();
                match parts.is_empty() {
                    true => (from, to),
                    false => (format!("{lead}{}", parts.join("/")), to),
                }
            })
            .collect();
        for (from, to) in &config.output.html.redirect {
            let (from, fragment) = from
                .split_once('#')
                .map_or((from.as_str(), None), |(b, f)| (b, Some(f)));
            let bad_fragment =
                fragment.is_some_and(|f| f.is_empty() || f.contains(['"', '<', '>', ' ']));
            let bad_from = bad_fragment
                || from.trim_start_matches('/').is_empty()
                || !from.ends_with(".html")
                || from.split('/').any(|part| part == ".." || part == ".")
                || from.contains('\\');
            if bad_from {
                errors.push(
                    Diagnostic::error("book-toml", format!("`[output.html.redirect]`: `{from}` is not a page path of the site"))
                        .at(at_key(&format!("\"{from}\"")))
                        .help("write the old page's path from the site's root, like `\"/format/config.html\" = \"configuration/index.html\"`"),
                );
            }
            if to.is_empty() || to.contains(['\n', '"', '<', '>']) {
                errors.push(
                    Diagnostic::error("book-toml", format!("`[output.html.redirect]`: `{from}` redirects to `{to}`, which is not a link"))
                        .at(at_key(&format!("\"{from}\"")))
                        .help("give the new page, relative to the old one (`../new.html`) or as a whole URL"),
                );
            }
        }
        for (key, path) in config
            .output
            .html
            .additional_css
            .iter()
            .map(|p| ("additional-css", p))
            .chain(
                config
                    .output
                    .html
                    .additional_js
                    .iter()
                    .map(|p| ("additional-js", p)),
            )
        {
            let outside = path.starts_with('/')
                || path.contains("://")
                || path.contains('\\')
                || path.split('/').any(|part| part == ".." || part.is_empty());
            if outside {
                errors.push(
                    Diagnostic::error("book-toml", format!("`{key}` names `{path}`, which is not a file of the book"))
                        .at(at_key(&format!("\"{path}\"")))
                        .help("give a path relative to book.toml, inside the book's folder (`theme/custom.css`); pages make no request outside the site"),
                );
            } else if let Some(root) = book_root
                && !root.join(path).is_file()
            {
                errors.push(
                    Diagnostic::error(
                        "book-toml",
                        format!("`{key}` names `{path}`, which does not exist"),
                    )
                    .at(at_key(&format!("\"{path}\"")))
                    .help("create the file, or fix the path (relative to book.toml)"),
                );
            }
        }
        // A theme folder named in book.toml must exist (the default `theme`
        // may be absent: the built-in theme is used), as mdBook has it.
        let named_theme = text
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("output")?.get("html")?.get("theme").cloned());
        if let (Some(root), Some(_)) = (book_root, named_theme)
            && !root.join(&config.output.html.theme).is_dir()
        {
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!(
                        "`[output.html] theme` names `{}`, which is not a folder",
                        config.output.html.theme
                    ),
                )
                .at({
                    // The key at the start of its line (not `theme` inside a title).
                    let offset = text
                        .match_indices("theme")
                        .map(|(i, _)| i)
                        .find(|&i| text[..i].rsplit('\n').next().is_some_and(|l| l.trim().is_empty()))
                        .unwrap_or(0);
                    Location::from_offset(file, text, offset, "theme".len())
                })
                .help("create the folder, fix the path (relative to book.toml), or remove the key to use the built-in theme"),
            );
        }
        for (key, url) in [
            ("git-repository-url", &config.output.html.git_repository_url),
            ("edit-url-template", &config.output.html.edit_url_template),
        ] {
            if let Some(url) = url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                errors.push(
                    Diagnostic::error(
                        "book-toml",
                        format!("`{key}` must be an http(s) URL, not `{url}`"),
                    )
                    .at(at_key(key))
                    .help("write the whole URL, like `\"https://github.com/you/book\"`"),
                );
            }
        }
        for name in config.check.formats.iter().flatten() {
            if !FORMAT_NAMES.contains(&name.as_str()) {
                let help = match crate::diagnostic::closest(name, FORMAT_NAMES) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the formats are {}", FORMAT_NAMES.join(", ")),
                };
                errors.push(
                    Diagnostic::error("book-toml", format!("`[check] formats` names `{name}`, which is no format netplate validates"))
                        .at(at_key(&format!("\"{name}\"")))
                        .help(help),
                );
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
            return Err(errors);
        }

        // Without `[language.*]` tables, a book is laid out as mdBook lays
        // it out: its chapters in `src/`, its pages at the site's root.
        let mdbook_layout = config.languages.is_empty();
        config.output.html.smart_punctuation = Some(
            config
                .output
                .html
                .smart_punctuation
                .unwrap_or(mdbook_layout),
        );
        config.output.html.definition_lists =
            Some(config.output.html.definition_lists.unwrap_or(mdbook_layout));
        config.build.create_missing = Some(config.build.create_missing.unwrap_or(mdbook_layout));
        config.check.strict = config
            .check
            .strict_given
            .unwrap_or(!mdbook_layout || config.placeholders.is_some());
        config.book.src = config
            .book
            .src_given
            .clone()
            .unwrap_or_else(|| if mdbook_layout { "src" } else { "content" }.to_string());
        if config.languages.is_empty() {
            // A one-language book: mdBook's `[book] language`, or English.
            let code = config
                .book
                .language
                .clone()
                .unwrap_or_else(|| "en".to_string());
            config.languages.insert(
                code,
                LanguageConfig {
                    default: true,
                    ..LanguageConfig::default()
                },
            );
        }
        // Without `default = true`, the language listed first is the default.
        let first_listed = config
            .languages
            .keys()
            .min_by_key(|code| {
                text.find(&format!("[language.{code}]"))
                    .unwrap_or(usize::MAX)
            })
            .cloned();
        let single = config.languages.len() == 1 || !config.languages.values().any(|l| l.default);
        let mut ordered: Vec<Language> = config
            .languages
            .iter()
            .map(|(code, l)| Language {
                code: code.clone(),
                name: l.name.clone().unwrap_or_else(|| code.clone()),
                title: l.title.clone().unwrap_or_else(|| config.book.title.clone()),
                description: l
                    .description
                    .clone()
                    .or_else(|| config.book.description.clone()),
                default: l.default || (single && Some(code) == first_listed.as_ref()),
                dir: if mdbook_layout {
                    String::new()
                } else {
                    format!("{code}/")
                },
            })
            .collect();
        ordered.sort_by_key(|l| !l.default);
        config.ordered = ordered;
        config.toml = text.parse::<toml::Table>().unwrap_or_default();
        Ok(config)
    }

    /// `[output.html.redirect]` by old page: where it goes, and where each of
    /// its `#fragment`s goes (mdBook's fragment redirects), checked by
    /// [`Config::parse`] to have a destination.
    pub fn redirects(&self) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
        let mut out: BTreeMap<String, (String, BTreeMap<String, String>)> = BTreeMap::new();
        // `/a.html` and `a.html` are the same page, as in mdBook.
        let page = |p: &str| format!("/{}", p.trim_start_matches('/'));
        for (from, to) in &self.output.html.redirect {
            match from.split_once('#') {
                None => out.entry(page(from)).or_default().0 = to.clone(),
                Some((base, fragment)) => {
                    out.entry(page(base))
                        .or_default()
                        .1
                        .insert(format!("#{fragment}"), to.clone());
                }
            }
        }
        out
    }

    /// The Markdown extensions the book's chapters are read with.
    pub fn markdown_options(&self) -> pulldown_cmark::Options {
        let mut options = crate::markdown::options();
        let html = &self.output.html;
        options.set(
            pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
            html.smart_punctuation.unwrap_or(false),
        );
        options.set(
            pulldown_cmark::Options::ENABLE_DEFINITION_LIST,
            html.definition_lists.unwrap_or(false),
        );
        options
    }

    /// The languages, default first.
    pub fn languages(&self) -> &[Language] {
        &self.ordered
    }

    /// The default language.
    pub fn default_language(&self) -> &Language {
        &self.ordered[0]
    }
}

fn check_placeholders(
    ph: &PlaceholderConfig,
    text: &str,
    file: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let at_key = |needle: &str| {
        let offset = text.find(needle).unwrap_or(0);
        Location::from_offset(file, text, offset, needle.len())
    };
    if let Err(message) = crate::placeholder::Template::parse(&ph.template) {
        errors.push(
            Diagnostic::error("book-toml", message)
                .at(at_key("template"))
                .help("write the template network like `template = \"192.168.?.0/24\"`"),
        );
    }
    let rules = crate::placeholder::input::Rules {
        slots: Vec::new(),
        offsets: BTreeMap::new(),
        example: "192.168.10.0/24".into(),
    };
    if let Err(e) = crate::placeholder::input::parse_subnet(&ph.subnet, &rules) {
        errors.push(
            Diagnostic::error("book-toml", format!("[placeholders] subnet: {}", e.message("en")))
                .at(at_key("subnet"))
                .help("the default subnet is an IPv4 network in CIDR form, like `subnet = \"192.168.10.0/24\"`"),
        );
    }
    let mut params = std::collections::HashSet::new();
    for (name, slot) in &ph.slot {
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name != "prefix"
            && name != "netmask";
        if !valid {
            errors.push(
                Diagnostic::error("book-toml", format!("`{name}` cannot be a slot name"))
                    .at(at_key(&format!("slot.{name}")))
                    .help("slot names are letters, digits and `_`, start with a letter, and are not `prefix` or `netmask`"),
            );
        }
        if ["subnet", "os", "lang"].contains(&slot.param.as_str())
            || !params.insert(slot.param.clone())
        {
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!("slot `{name}`: parameter name `{}` is taken", slot.param),
                )
                .at(at_key(&format!("slot.{name}")))
                .help("give each slot its own `param`, other than `subnet`, `os` and `lang`"),
            );
        }
    }
    for offset in ph.fixed.keys() {
        if offset.parse::<u32>().is_err() {
            errors.push(
                Diagnostic::error(
                    "book-toml",
                    format!("`[placeholders.fixed.{offset}]`: `{offset}` is not a host offset"),
                )
                .at(at_key(&format!("fixed.{offset}")))
                .help(
                    "name the host offset as a number: `[placeholders.fixed.1]` for `192.168.?.1`",
                ),
            );
        }
    }
}

/// Removes the key at `path` (table names, then the key) from `value`.
fn remove(value: &mut toml::Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = value;
    for p in parents {
        match here.get_mut(p.as_str()) {
            Some(next) => here = next,
            None => return,
        }
    }
    if let Some(t) = here.as_table_mut() {
        t.remove(last.as_str());
    }
}

fn join_codes(codes: &[&String]) -> String {
    codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(text, Path::new("book.toml"))
    }

    #[test]
    fn defaults_fill_everything_optional() {
        let c = parse("").unwrap();
        assert_eq!(c.book.src, "src", "mdBook's layout without [language.*]");
        assert_eq!(c.languages()[0].dir, "");
        let c = parse("[language.en]\n").unwrap();
        assert_eq!(c.book.src, "content");
        assert_eq!(c.languages()[0].dir, "en/");
        assert_eq!(c.build.build_dir, "book");
        assert_eq!(c.output.html.theme, "theme");
        assert_eq!(c.languages().len(), 1);
        assert_eq!(c.default_language().code, "en");
    }

    #[test]
    fn default_language_comes_first() {
        let c = parse(
            "[book]\ntitle = \"T\"\n[language.en]\nname = \"English\"\n[language.zh]\nname = \"中文\"\ndefault = true\n",
        )
        .unwrap();
        let codes: Vec<_> = c.languages().iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["zh", "en"]);
        assert_eq!(c.languages()[1].title, "T");
    }

    #[test]
    fn search_chapter_settings_as_mdbook_orders_them() {
        // mdBook's own test (search.rs, chapter_settings_priority).
        let c = parse(
            "[output.html.search.chapter]\n\"cli/watch.md\" = { enable = true }\n\"cli\" = { enable = false }\n\"cli/inner/foo.md\" = { enable = false }\n\"cli/inner\" = { enable = true }\n\"foo\" = {}\n",
        )
        .unwrap();
        let search = &c.output.html.search;
        for (path, indexed) in [
            ("cli/watch.md", true),
            ("cli/index.md", false),
            ("cli/inner/index.md", true),
            ("cli/inner/foo.md", false),
            ("foo/x.md", true),
            ("client.md", true),
            ("other.md", true),
        ] {
            assert_eq!(search.indexed(path), indexed, "{path}");
        }
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        // In netplate's own layout, and in a strict mdBook book: an error.
        for toml in [
            "[book]\ntitle = \"T\"\ntitel = \"x\"\n[language.en]\n",
            "[book]\ntitle = \"T\"\ntitel = \"x\"\n[check]\nstrict = true\n",
        ] {
            let err = parse(toml).unwrap_err();
            let text = err[0].to_string();
            assert!(text.contains("unknown key `titel` in `[book]`"), "{text}");
            assert!(text.contains("book.toml:3:1"), "{text}");
            assert!(text.contains("did you mean `title`?"), "{text}");
        }
    }

    #[test]
    fn an_mdbook_book_s_unknown_keys_are_warnings_as_mdbook_0_4_ignored_them() {
        let c = parse(
            "[book]\nauthor = \"Me\"\nmultilingual = false\n[output.html.playpen]\neditor = \"ace\"\n[output.html.redirect]\n\"./old.html\" = \"new.html\"\n",
        )
        .unwrap();
        let unknown: Vec<String> = c
            .warnings
            .iter()
            .filter(|w| w.rule == "book-toml-unknown")
            .map(|w| format!("{}: {}", w.location.as_ref().unwrap().line, w.message))
            .collect();
        assert_eq!(
            unknown,
            [
                "2: unknown key `author` in `[book]` is ignored",
                "5: unknown key `editor` in `[output.html.playpen]` is ignored",
            ]
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w.to_string().contains("did you mean `authors`?"))
        );
        // mdBook joins a redirect key to the output folder: `./old.html`.
        assert!(c.output.html.redirect.contains_key("old.html"));
    }

    #[test]
    fn every_error_of_the_file_at_once_in_file_order() {
        let err = parse(
            "[book]\ntitel = \"x\"\nauthors = \"me\"\n[output.html]\nsite-url = \"example.org\"\nthem = \"t\"\n[bild]\n[check]\nstrict = true\n",
        )
        .unwrap_err();
        let lines: Vec<String> = err
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().unwrap().line, d.message))
            .collect();
        assert_eq!(
            lines,
            [
                "2: unknown key `titel` in `[book]`",
                "3: `book.authors` must be a list of strings, like `[\"a\", \"b\"]`",
                "5: `site-url` must be an absolute http(s) URL, not `example.org`",
                "6: unknown key `them` in `[output.html]`",
                "7: unknown key `bild` at the top level",
            ]
        );
    }

    #[test]
    fn mdbook_s_own_book_toml_is_accepted_with_one_warning() {
        let c = parse(
            r#"[book]
title = "mdBook Documentation"
language = "en"
multilingual = false

[rust]
edition = "2018"

[output.html]
smart-punctuation = true
site-url = "/mdBook/"
git-repository-url = "https://github.com/rust-lang/mdBook/tree/master/guide"
hash-files = true

[output.html.playground]
editable = true

[output.html.code.hidelines]
python = "~"

[output.html.search]
limit-results = 20

[output.html.redirect]
"/format/config.html" = "configuration/index.html"

[output.linkcheck]
follow-web-links = false

[preprocessor.guide-helper]
command = "cargo run --quiet --manifest-path guide-helper/Cargo.toml"

[build]
extra-watch-dirs = ["guide-helper/src"]
"#,
        )
        .unwrap();
        assert_eq!(c.book.title, "mdBook Documentation");
        assert_eq!(c.output.html.site_url, None);
        // What netplate implements of them is read.
        assert_eq!(
            c.output.html.redirect["/format/config.html"],
            "configuration/index.html"
        );
        assert_eq!(
            c.output.html.git_repository_url.as_deref(),
            Some("https://github.com/rust-lang/mdBook/tree/master/guide")
        );
        assert_eq!(c.warnings.len(), 2, "{:#?}", c.warnings);
        let ignored = &c.warnings[0];
        assert_eq!(
            ignored.message,
            "7 mdBook settings of book.toml have no effect in netplate"
        );
        assert_eq!(ignored.location.as_ref().unwrap().line, 4);
        assert!(
            ignored.notes[0].starts_with("line 4: `book.multilingual`"),
            "{:?}",
            ignored.notes
        );
        assert!(
            ignored
                .notes
                .iter()
                .any(|n| n.starts_with("line 27: `[output.linkcheck]`")),
            "{:?}",
            ignored.notes
        );
        assert!(
            c.warnings[1].message.contains("is a path"),
            "{}",
            c.warnings[1]
        );
    }

    #[test]
    fn wrong_types_are_errors_even_in_ignored_tables() {
        let err = parse("[output.html.playground]\neditable = \"yes\"\n").unwrap_err();
        assert_eq!(
            err[0].message,
            "`output.html.playground.editable` must be `true` or `false`"
        );
        let err = parse("[book\ntitle = 1\n").unwrap_err();
        assert!(
            err[0].message.starts_with("invalid book.toml:"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn first_listed_language_is_the_default_when_none_is_marked() {
        let c = parse("[language.zh]\n[language.en]\n").unwrap();
        let codes: Vec<_> = c
            .languages()
            .iter()
            .map(|l| (l.code.as_str(), l.default))
            .collect();
        assert_eq!(codes, [("zh", true), ("en", false)]);
    }

    #[test]
    fn errors_on_relative_site_url() {
        let err = parse("[output.html]\nsite-url = \"example.org\"\n").unwrap_err();
        assert!(err[0].to_string().contains("book.toml:2:1"), "{}", err[0]);
    }

    #[test]
    fn placeholders_are_checked() {
        let err =
            parse("[placeholders]\ntemplate = \"192.168.1.0/24\"\nsubnet = \"10.0.0.5/24\"\n")
                .unwrap_err();
        assert_eq!(err.len(), 2);
        assert!(err[0].to_string().contains("book.toml:2:1"), "{}", err[0]);
        assert!(err[1].to_string().contains("host bits"), "{}", err[1]);
        let ok = parse("[placeholders]\ntemplate = \"192.168.?.0/24\"\nsubnet = \"10.0.0.0/24\"\n[placeholders.slot.xxx]\nparam = \"vm\"\ndefault = 100\n").unwrap();
        assert_eq!(ok.placeholders.unwrap().slot["xxx"].default, 100);
    }

    #[test]
    fn site_url_gets_a_trailing_slash() {
        let c = parse("[output.html]\nsite-url = \"https://e.org/g\"\n").unwrap();
        assert_eq!(c.output.html.site_url.as_deref(), Some("https://e.org/g/"));
    }
}

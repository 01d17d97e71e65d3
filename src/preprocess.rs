//! mdBook's preprocessors: `[preprocessor.<name>]` programs that rewrite
//! the book before it is rendered (mdbook-admonish, mdbook-mermaid,
//! mdbook-katex, mdbook-toc, …), run with mdBook's protocol
//! (<https://rust-lang.github.io/mdBook/for_developers/preprocessors.html>):
//!
//! 1. **Order.** The built-in `links` (netplate's [`crate::include`]) and
//!    `index` (`README.md` → `index.html`) and every configured
//!    preprocessor are sorted by their `before`/`after` lists, ties by name,
//!    as mdBook sorts them; a cycle is an error.
//! 2. **Whether it runs.** With `renderers = […]`, when the list holds
//!    `html`; otherwise `<command> supports html` is asked, and exit status
//!    0 means yes. A command that is not installed is an error, or a warning
//!    with `optional = true` and in a book that is not strict (mdBook 0.4's
//!    way, for books brought as they are).
//! 3. **Running.** The command gets the JSON array `[context, book]` on
//!    stdin and writes the book back on stdout; each language's chapters
//!    are one book. Preprocessors ordered before `links` see the chapters
//!    as written (their `{{#include}}`s are expanded after them), the others
//!    see them expanded. The book is sent in mdBook 0.5's form (`items`)
//!    and, for preprocessors built against mdBook 0.4, also in 0.4's
//!    (`sections`); either comes back.
//! 4. **Back into the book.** Chapters keep their place in SUMMARY.md: a
//!    preprocessor may change a chapter's text and title, not add, remove or
//!    move chapters. A chapter whose text changed is located in the
//!    rewritten text from then on.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::{ErrorKind, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use serde_json::{Map, Value, json};

use crate::{
    config::Config,
    content::{self, LanguageBook, NavEntry},
    diagnostic::{Diagnostic, Location},
};

/// The mdBook version whose protocol this speaks, sent as `mdbook_version`.
pub const MDBOOK_VERSION: &str = "0.5.4";

/// The renderer netplate is, to mdBook's preprocessors.
const RENDERER: &str = "html";

/// mdBook's built-in preprocessors.
const LINKS: &str = "links";
const INDEX: &str = "index";

/// A configured preprocessor, in running order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    name: String,
    command: String,
    /// Ordered before `links`: sees `{{#include}}` unexpanded.
    before_links: bool,
    /// Ordered after `index`: sees `README.md` as `index.md`.
    after_index: bool,
}

/// Runs the book's preprocessors on every language's chapters (the module
/// docs). Problems are pushed to `diagnostics`.
pub fn run(
    root: &Path,
    config: &Config,
    languages: &mut [LanguageBook],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if config.preprocessors.is_empty() {
        return;
    }
    let toml_text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let at = |name: &str| table_location(&toml_text, name);
    let Some(steps) = order(config, diagnostics, &at) else {
        return;
    };
    let mut runs = Vec::new();
    for step in steps {
        match should_run(root, config, &step) {
            Ok(true) => runs.push(step),
            Ok(false) => {}
            Err(Missing) => {
                let optional = config.preprocessors[&step.name].optional;
                diagnostics.push(missing(
                    &step,
                    optional,
                    config.check.strict(),
                    at(&step.name),
                ));
            }
        }
    }
    if runs.is_empty() {
        return;
    }
    let abs_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    for language in languages.iter_mut() {
        let context = context(&abs_root, config, &language.language.code);
        let (raw, expanded): (Vec<&Step>, Vec<&Step>) = runs.iter().partition(|s| s.before_links);
        if !raw.is_empty() {
            let within = content::reach(root);
            // The chapters as written, their directives expanded afterwards.
            let texts: Vec<String> = language
                .chapters
                .iter()
                .map(|c| {
                    crate::fs::read_to_string_within(&root.join(&c.display_path), &within)
                        .unwrap_or_default()
                })
                .collect();
            let Some(out) = run_all(root, &context, language, &texts, &raw, diagnostics, &at)
            else {
                return;
            };
            for (chapter, (title, text)) in language.chapters.iter_mut().zip(out) {
                let expanded = content::expand_chapter(root, &chapter.display_path, &text);
                diagnostics.extend(
                    expanded
                        .diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .cloned(),
                );
                chapter.title = title;
                chapter.set_text(expanded);
            }
        }
        if !expanded.is_empty() {
            let texts: Vec<String> = language.chapters.iter().map(|c| c.source.clone()).collect();
            let Some(out) = run_all(
                root,
                &context,
                language,
                &texts,
                &expanded,
                diagnostics,
                &at,
            ) else {
                return;
            };
            for (chapter, (title, text)) in language.chapters.iter_mut().zip(out) {
                chapter.title = title;
                if text != chapter.source {
                    chapter.source = text;
                    // The map was of the text before; the rewritten text is
                    // what diagnostics show from now on.
                    chapter.map = None;
                }
            }
        }
    }
}

/// Runs `steps` in turn on one language's chapters (`texts`, in the order
/// of [`LanguageBook::chapters`]); their titles and texts after the last,
/// or `None` after an error (pushed).
fn run_all(
    root: &Path,
    context: &Value,
    language: &LanguageBook,
    texts: &[String],
    steps: &[&Step],
    diagnostics: &mut Vec<Diagnostic>,
    at: &dyn Fn(&str) -> Location,
) -> Option<Vec<(String, String)>> {
    let mut book = book_json(language, texts, false);
    for step in steps {
        if step.after_index {
            rename_index(&mut book);
        }
        match run_one(root, step, context, &book) {
            Ok(out) => book = out,
            Err(message) => {
                diagnostics.push(
                    Diagnostic::error(
                        "preprocessor",
                        format!("preprocessor `{}` failed: {message}", step.name),
                    )
                    .at(at(&step.name))
                    .note(format!("its command: `{}`", step.command))
                    .help("fix the preprocessor or its book.toml table, or remove the table to build without it"),
                );
                return None;
            }
        }
    }
    let chapters = chapters_of(&book);
    let listed = language
        .nav
        .iter()
        .filter(|e| matches!(e, NavEntry::Chapter(_) | NavEntry::Draft { .. }))
        .count();
    if chapters.len() != listed {
        diagnostics.push(
            Diagnostic::error(
                "preprocessor",
                format!(
                    "the preprocessors changed the chapters of `{}`: {listed} went in, {} came out",
                    language.language.code,
                    chapters.len()
                ),
            )
            .at(at(&steps[steps.len() - 1].name))
            .help("netplate keeps the chapters SUMMARY.md lists: a preprocessor may rewrite a chapter's text and title, not add or remove chapters"),
        );
        return None;
    }
    // Drafts have no page: keep the chapters with one.
    let mut out = Vec::with_capacity(language.chapters.len());
    for (entry, chapter) in language
        .nav
        .iter()
        .filter(|e| matches!(e, NavEntry::Chapter(_) | NavEntry::Draft { .. }))
        .zip(chapters)
    {
        if matches!(entry, NavEntry::Chapter(_)) {
            out.push(chapter);
        }
    }
    Some(out)
}

/// The command was not found.
struct Missing;

/// Step 2 of the module docs.
fn should_run(root: &Path, config: &Config, step: &Step) -> Result<bool, Missing> {
    if let Some(renderers) = &config.preprocessors[&step.name].renderers {
        return Ok(renderers.iter().any(|r| r == RENDERER));
    }
    let Ok(mut command) = compose(&step.command, root) else {
        return Err(Missing);
    };
    match command
        .arg("supports")
        .arg(RENDERER)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .current_dir(root)
        .status()
    {
        Ok(status) => Ok(status.code() == Some(0)),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(Missing),
        // Present but not runnable (permissions): running it says why.
        Err(_) => Ok(true),
    }
}

/// A preprocessor whose command is not installed: a warning when it is
/// optional, and in a book that is not strict (an mdBook book brought as it
/// is, which mdBook 0.4 built without it); an error otherwise, as in mdBook
/// 0.5.
fn missing(step: &Step, optional: bool, strict: bool, at: Location) -> Diagnostic {
    let program = step.command.split_whitespace().next().unwrap_or("");
    if optional {
        return Diagnostic::warning(
            "preprocessor",
            format!(
                "preprocessor `{}` is not installed (`{program}` not found): the book is built without it, as it is optional",
                step.name
            ),
        )
        .at(at);
    }
    let help = format!(
        "install it (often `cargo install mdbook-{}`), give its path with `command = \"…\"`, or build without it when it is missing: `optional = true` in `[preprocessor.{}]`",
        step.name, step.name
    );
    if !strict {
        return Diagnostic::warning(
            "preprocessor",
            format!(
                "preprocessor `{}` is not installed (`{program}` not found): the book is built without it",
                step.name
            ),
        )
        .at(at)
        .note("as mdBook 0.4 built it; mdBook 0.5 and `[check] strict = true` refuse to")
        .help(help);
    }
    Diagnostic::error(
        "preprocessor",
        format!(
            "preprocessor `{}` is not installed: `{program}` not found",
            step.name
        ),
    )
    .at(at)
    .help(help)
}

/// The command line as mdBook splits it (shell words); a program named by a
/// relative path is relative to the book's folder.
fn compose(command: &str, root: &Path) -> Result<Command, ()> {
    let mut words = shlex::Shlex::new(command);
    let program = PathBuf::from(words.next().ok_or(())?);
    let program = if program.components().count() == 1 {
        program
    } else {
        root.join(program)
    };
    let mut cmd = Command::new(program);
    cmd.args(words);
    Ok(cmd)
}

/// Runs one preprocessor on `book`; the book it gives back, or why not.
fn run_one(root: &Path, step: &Step, context: &Value, book: &Value) -> Result<Value, String> {
    let mut command =
        compose(&step.command, root).map_err(|_| "its command is empty".to_string())?;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .current_dir(root)
        .spawn()
        .map_err(|e| format!("could not start it: {e}"))?;
    let input = serde_json::to_vec(&json!([context, book])).map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take();
    // Written from another thread, so that a preprocessor that writes before
    // it has read everything cannot deadlock with us.
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A preprocessor may exit without reading (an error): its status says why.
            let _ = stdin.write_all(&input);
        }
    });
    let output = child
        .wait_with_output()
        .map_err(|e| format!("could not wait for it: {e}"))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!(
            "it exited with {} (its messages are above)",
            output.status
        ));
    }
    let value: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        let head: String = String::from_utf8_lossy(&output.stdout)
            .chars()
            .take(120)
            .collect();
        format!("what it wrote is not a book in mdBook's JSON ({e}); it begins `{head}`")
    })?;
    let items = value
        .get("items")
        .or_else(|| value.get("sections"))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            "what it wrote is JSON but not a book: it has no `items` (mdBook 0.5) or `sections` (0.4) list".to_string()
        })?;
    Ok(book_value(items.clone()))
}

/// A book in both protocol versions' form.
fn book_value(items: Vec<Value>) -> Value {
    json!({ "items": items.clone(), "sections": items, "__non_exhaustive": null })
}

/// The `[context, …]` half of the input.
fn context(root: &Path, config: &Config, language: &str) -> Value {
    let mut toml = Value::Object(Map::new());
    if let Ok(v) = serde_json::to_value(&config.toml) {
        toml = v;
    }
    let object = toml.as_object_mut().expect("a table is an object");
    let book = object
        .entry("book")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(book) = book.as_object_mut() {
        book.entry("src")
            .or_insert_with(|| Value::String(config.book.src.clone()));
        book.entry("language")
            .or_insert_with(|| Value::String(language.to_string()));
        book.entry("authors").or_insert_with(|| json!([]));
    }
    let build = object
        .entry("build")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(build) = build.as_object_mut() {
        build
            .entry("build-dir")
            .or_insert_with(|| Value::String(config.build.build_dir.clone()));
        build.entry("create-missing").or_insert(Value::Bool(true));
        build
            .entry("use-default-preprocessors")
            .or_insert(Value::Bool(true));
        build.entry("extra-watch-dirs").or_insert_with(|| json!([]));
    }
    json!({
        "root": root,
        "config": toml,
        "renderer": RENDERER,
        "mdbook_version": MDBOOK_VERSION,
        "__non_exhaustive": null,
    })
}

/// One language's chapters as mdBook's `Book`: chapters nested as
/// SUMMARY.md nests them, part titles and separators between.
fn book_json(language: &LanguageBook, texts: &[String], renamed: bool) -> Value {
    /// An open chapter: its depth and object.
    struct Open {
        depth: usize,
        chapter: Map<String, Value>,
    }
    fn close(items: &mut Vec<Value>, stack: &mut Vec<Open>, depth: usize) {
        while stack.last().is_some_and(|o| o.depth >= depth) {
            let done = stack.pop().expect("checked");
            let value = json!({ "Chapter": done.chapter });
            match stack.last_mut() {
                Some(parent) => {
                    if let Some(Value::Array(sub)) = parent.chapter.get_mut("sub_items") {
                        sub.push(value);
                    }
                }
                None => items.push(value),
            }
        }
    }
    let mut items = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    for entry in &language.nav {
        let (title, number, depth, path, text) = match entry {
            NavEntry::Part(title) => {
                close(&mut items, &mut stack, 0);
                items.push(json!({ "PartTitle": title }));
                continue;
            }
            NavEntry::Separator => {
                close(&mut items, &mut stack, 0);
                items.push(Value::String("Separator".into()));
                continue;
            }
            NavEntry::Draft {
                title,
                number,
                depth,
            } => (title, number, *depth, None, ""),
            NavEntry::Chapter(i) => {
                let c = &language.chapters[*i];
                (
                    &c.title,
                    &c.number,
                    c.depth,
                    Some(c.path.as_str()),
                    texts.get(*i).map_or("", String::as_str),
                )
            }
        };
        close(&mut items, &mut stack, depth);
        let parents: Vec<Value> = stack
            .iter()
            .map(|o| o.chapter.get("name").cloned().unwrap_or(Value::Null))
            .collect();
        let shown = path.map(|p| {
            if renamed {
                index_path(p)
            } else {
                p.to_string()
            }
        });
        let mut chapter = Map::new();
        chapter.insert("name".into(), Value::String(title.clone()));
        chapter.insert("content".into(), Value::String(text.to_string()));
        chapter.insert("number".into(), number_json(number.as_deref()));
        chapter.insert("sub_items".into(), Value::Array(Vec::new()));
        chapter.insert("path".into(), json!(shown));
        chapter.insert("source_path".into(), json!(path));
        chapter.insert("parent_names".into(), Value::Array(parents));
        stack.push(Open { depth, chapter });
    }
    close(&mut items, &mut stack, 0);
    book_value(items)
}

/// `1.2.` → `[1, 2]`.
fn number_json(number: Option<&str>) -> Value {
    match number {
        None => Value::Null,
        Some(n) => Value::Array(
            n.split('.')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse::<u32>().ok())
                .map(Value::from)
                .collect(),
        ),
    }
}

/// What mdBook's `index` preprocessor does to a path: `a/README.md` →
/// `a/index.md`.
fn index_path(path: &str) -> String {
    let html = content::html_path(path);
    if content::is_readme(path) {
        format!("{}md", html.strip_suffix("html").unwrap_or(&html))
    } else {
        path.to_string()
    }
}

/// Applies [`index_path`] to every chapter of `book`.
fn rename_index(book: &mut Value) {
    fn walk(items: &mut [Value]) {
        for item in items {
            if let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) {
                if let Some(Value::String(p)) = chapter.get("path") {
                    let renamed = index_path(p);
                    chapter.insert("path".into(), Value::String(renamed));
                }
                if let Some(Value::Array(sub)) = chapter.get_mut("sub_items") {
                    walk(sub);
                }
            }
        }
    }
    let items = book
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut items = items;
    walk(&mut items);
    *book = book_value(items);
}

/// Every chapter of `book` (drafts too), depth first: title and text.
fn chapters_of(book: &Value) -> Vec<(String, String)> {
    fn walk(items: &[Value], out: &mut Vec<(String, String)>) {
        for item in items {
            if let Some(chapter) = item.get("Chapter") {
                let text = |k: &str| {
                    chapter
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                out.push((text("name"), text("content")));
                if let Some(sub) = chapter.get("sub_items").and_then(Value::as_array) {
                    walk(sub, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some(items) = book.get("items").and_then(Value::as_array) {
        walk(items, &mut out);
    }
    out
}

/// Step 1 of the module docs: the configured preprocessors in running
/// order, or `None` after the error of a cycle (pushed).
fn order(
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
    at: &dyn Fn(&str) -> Location,
) -> Option<Vec<Step>> {
    let defaults = config
        .toml
        .get("build")
        .and_then(|b| b.get("use-default-preprocessors"))
        .and_then(toml::Value::as_bool)
        .unwrap_or(true);
    let mut names: BTreeSet<String> = config.preprocessors.keys().cloned().collect();
    if defaults {
        names.insert(LINKS.to_string());
        names.insert(INDEX.to_string());
    }
    // `a` runs before `b` for each (a, b).
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (name, table) in &config.preprocessors {
        for (list, key) in [(&table.before, "before"), (&table.after, "after")] {
            for other in list {
                if !names.contains(other) {
                    diagnostics.push(
                        Diagnostic::warning(
                            "preprocessor",
                            format!(
                                "`preprocessor.{name}.{key}` names `{other}`, which is not a preprocessor of this book"
                            ),
                        )
                        .at(at(name))
                        .help("the order is kept without it; remove the name, or add its `[preprocessor.…]` table"),
                    );
                    continue;
                }
                let edge = if key == "before" {
                    (name.clone(), other.clone())
                } else {
                    (other.clone(), name.clone())
                };
                edges.insert(edge);
            }
        }
    }
    // Kahn's algorithm, a whole layer at a time, each layer by name.
    let mut left = names.clone();
    let mut ordered: Vec<String> = Vec::new();
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|n| !edges.iter().any(|(a, b)| b == *n && left.contains(a)))
            .cloned()
            .collect();
        if ready.is_empty() {
            let cycle: Vec<String> = left.iter().map(|n| format!("`{n}`")).collect();
            let first = left.iter().find(|n| config.preprocessors.contains_key(*n));
            diagnostics.push(
                Diagnostic::error(
                    "preprocessor",
                    format!(
                        "the preprocessors' `before` and `after` lists make a cycle among {}",
                        cycle.join(", ")
                    ),
                )
                .at(at(first.map_or("", String::as_str)))
                .help("remove one of the `before`/`after` names so that an order exists"),
            );
            return None;
        }
        for n in &ready {
            left.remove(n);
        }
        ordered.extend(ready);
    }
    let position = |n: &str| ordered.iter().position(|o| o == n);
    let (links, index) = (position(LINKS), position(INDEX));
    let preprocessors: &BTreeMap<_, _> = &config.preprocessors;
    Some(
        ordered
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let table = preprocessors.get(name)?;
                Some(Step {
                    name: name.clone(),
                    command: table
                        .command
                        .clone()
                        .unwrap_or_else(|| format!("mdbook-{name}")),
                    before_links: links.is_some_and(|l| i < l),
                    after_index: index.is_some_and(|x| i > x),
                })
            })
            .collect(),
    )
}

/// Where `[preprocessor.<name>]` is in book.toml.
fn table_location(text: &str, name: &str) -> Location {
    let needle = format!("preprocessor.{name}");
    let offset = text.find(&needle).unwrap_or(0);
    let len = if text.contains(&needle) {
        needle.len()
    } else {
        0
    };
    Location::from_offset(Path::new("book.toml"), text, offset, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str) -> Config {
        Config::parse(toml, Path::new("book.toml")).expect("valid book.toml")
    }

    fn names(toml: &str) -> Result<Vec<(String, bool, bool)>, String> {
        let mut diagnostics = Vec::new();
        let at = |name: &str| table_location(toml, name);
        match order(&config(toml), &mut diagnostics, &at) {
            Some(steps) => Ok(steps
                .into_iter()
                .map(|s| (s.name, s.before_links, s.after_index))
                .collect()),
            None => Err(diagnostics[0].to_string()),
        }
    }

    #[test]
    fn ties_run_by_name_after_the_built_ins() {
        let got =
            names("[book]\ntitle = \"x\"\n[preprocessor.zeta]\n[preprocessor.alpha]\n").unwrap();
        // `alpha` < `index` < `links` < `zeta` by name: mdBook's layered sort.
        assert_eq!(
            got,
            [
                ("alpha".to_string(), true, false),
                ("zeta".to_string(), false, true)
            ]
        );
    }

    #[test]
    fn before_and_after_order_them() {
        let got = names(
            "[preprocessor.a]\nafter = [\"links\"]\n[preprocessor.b]\nbefore = [\"a\"]\nafter = [\"links\"]\n",
        )
        .unwrap();
        assert_eq!(
            got,
            [
                ("b".to_string(), false, true),
                ("a".to_string(), false, true)
            ]
        );
    }

    #[test]
    fn a_cycle_is_an_error_naming_its_members() {
        let err = names("[preprocessor.a]\nbefore = [\"b\"]\n[preprocessor.b]\nbefore = [\"a\"]\n")
            .unwrap_err();
        assert!(err.contains("cycle among `a`, `b`"), "{err}");
        assert!(err.contains("book.toml:1:2"), "{err}");
    }

    #[test]
    fn readme_becomes_index_after_the_index_preprocessor() {
        assert_eq!(index_path("README.md"), "index.md");
        assert_eq!(index_path("a/README.md"), "a/index.md");
        assert_eq!(index_path("a/Readme.md"), "a/index.md");
        assert_eq!(index_path("a/readme.txt.md"), "a/readme.txt.md");
        assert_eq!(index_path("intro.md"), "intro.md");
    }

    #[test]
    fn numbers_are_lists() {
        assert_eq!(number_json(Some("1.2.")), json!([1, 2]));
        assert_eq!(number_json(None), Value::Null);
    }
}

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
//!    0 means yes. A command that is not installed is a warning with
//!    `optional = true` or in a book that is not strict (mdBook 0.4's way,
//!    for books brought as they are), an error otherwise.
//! 3. **Running.** The command gets the JSON array `[context, book]` on
//!    stdin and writes the book back on stdout; each language's chapters
//!    are one book. Preprocessors ordered before `links` see the chapters
//!    as written (their `{{#include}}`s are expanded after them), the others
//!    see them expanded. The book is sent in mdBook 0.5's form (`items`);
//!    a preprocessor built against mdBook 0.4 fails on it with a message
//!    naming `sections`, 0.4's list, and is run again with 0.4's form.
//!    Either form comes back. The `supports` calls are made all at once
//!    while the chapters load, and the preprocessors are started all at
//!    once, each given its book when the one before it is done.
//! 4. **Back into the book.** Chapters keep their place in SUMMARY.md: a
//!    preprocessor may change a chapter's text and title, not add, remove or
//!    move chapters. A chapter whose text changed is located in the
//!    rewritten text from then on.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::{ErrorKind, Write},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
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
    /// What runs: `command`, or the program `cargo run` would run
    /// ([`cargo_built`]).
    program: String,
    /// Ordered before `links`: sees `{{#include}}` unexpanded.
    before_links: bool,
    /// Ordered after `index`: sees `README.md` as `index.md`.
    after_index: bool,
}

/// Work a caller starts on the chapters as they are, while the
/// preprocessors run on another core (`site` highlights their code blocks).
pub type Warm<'w> = dyn Fn(&[LanguageBook]) + 'w;

/// What [`probe`] finds out in the background while the chapters load.
#[derive(Default)]
struct Probed {
    /// The `supports` answer of each preprocessor.
    answers: BTreeMap<String, Result<bool, Missing>>,
    /// Each preprocessor started already, waiting for its book (for the
    /// first language): its start-up overlaps the loading too.
    started: BTreeMap<String, std::io::Result<Child>>,
    /// The command each runs ([`cargo_built`]).
    commands: BTreeMap<String, String>,
}

/// The book's preprocessors, being asked what they support and started,
/// on another thread while the chapters load ([`probe`]).
pub struct Probe {
    pending: Option<std::thread::JoinHandle<Probed>>,
    probed: Probed,
}

impl Probe {
    /// Waits for the background work.
    fn take(&mut self) -> Option<&mut Probed> {
        let pending = self.pending.take()?;
        self.probed = pending.join().unwrap_or_default();
        Some(&mut self.probed)
    }
}

impl Drop for Probe {
    /// A build that stops before [`run`] still waits for the answers, and
    /// stops what was started and not used: nothing outlives netplate.
    fn drop(&mut self) {
        let _ = self.take();
        for (_, child) in std::mem::take(&mut self.probed.started) {
            if let Ok(child) = child {
                stop(child);
            }
        }
    }
}

/// In the background, while the chapters load: builds what `cargo run`
/// commands run ([`cargo_built`]), starts every preprocessor the renderer
/// may need, and asks each whether it supports the renderer (step 2 of the
/// module docs), all at once: a `cargo run` command takes a while to
/// answer. [`run`] takes the results.
pub fn probe(root: &Path, config: &Config) -> Probe {
    if config.preprocessors.is_empty() {
        return Probe {
            pending: None,
            probed: Probed::default(),
        };
    }
    let root = root.to_path_buf();
    let tables: Vec<(String, String, Option<Vec<String>>)> = config
        .preprocessors
        .iter()
        .map(|(name, table)| {
            (
                name.clone(),
                table
                    .command
                    .clone()
                    .unwrap_or_else(|| format!("mdbook-{name}")),
                table.renderers.clone(),
            )
        })
        .collect();
    let pending = std::thread::spawn(move || {
        let commands = cargo_built(
            &root,
            tables
                .iter()
                .map(|(name, command, _)| (name.clone(), command.clone()))
                .collect(),
        );
        let started = tables
            .iter()
            .filter(|(_, _, renderers)| {
                renderers
                    .as_ref()
                    .is_none_or(|r| r.iter().any(|r| r == RENDERER))
            })
            .map(|(name, _, _)| (name.clone(), start(&root, &commands[name])))
            .collect();
        let answers = std::thread::scope(|scope| {
            let handles: Vec<_> = tables
                .iter()
                .map(|(name, _, renderers)| {
                    let (root, command) = (&root, &commands[name]);
                    (
                        name.clone(),
                        scope.spawn(move || should_run(root, command, renderers.as_deref())),
                    )
                })
                .collect();
            handles
                .into_iter()
                .map(|(name, h)| (name, h.join().unwrap_or(Ok(true))))
                .collect()
        });
        Probed {
            answers,
            started,
            commands,
        }
    });
    Probe {
        pending: Some(pending),
        probed: Probed::default(),
    }
}

/// The commands to run, by preprocessor: as configured, except that
/// `cargo run [options] [args]` (the Rust book's and the Reference's
/// in-tree preprocessors) becomes the program cargo builds, with the same
/// arguments. mdBook runs `cargo run` for `supports` and again for the
/// book, one after the other: four cargo start-ups for two preprocessors,
/// which cargo's build-folder lock makes wait for each other. Here cargo
/// builds them once, all packages together, as `cargo run` would, and the
/// programs run directly. Anything unusual in the command (an option not
/// known here, a cargo that fails) keeps the command as it is.
fn cargo_built(root: &Path, commands: BTreeMap<String, String>) -> BTreeMap<String, String> {
    // What `cargo build` needs for each: its build options, the binary, the
    // arguments after.
    // By build options: each preprocessor's name, binary and arguments.
    let mut builds: BTreeMap<Vec<String>, Vec<(String, CargoRun)>> = BTreeMap::new();
    for (name, command) in &commands {
        if let Some(run) = cargo_run(command) {
            builds
                .entry(run.options.clone())
                .or_default()
                .push((name.clone(), run));
        }
    }
    let mut out = commands;
    for (options, wanted) in builds {
        let mut build = Command::new("cargo");
        build
            .arg("build")
            .args(&options)
            .arg("--message-format=json-render-diagnostics")
            .current_dir(root)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit());
        for (_, CargoRun { bin, .. }) in &wanted {
            if let Some(bin) = bin {
                build.arg("--bin").arg(bin);
            }
        }
        let Ok(output) = build.output() else { continue };
        if !output.status.success() {
            continue;
        }
        // Each built program, by its target's name.
        let mut programs: BTreeMap<String, String> = BTreeMap::new();
        for line in output.stdout.split(|&b| b == b'\n') {
            let Ok(message) = serde_json::from_slice::<Value>(line) else {
                continue;
            };
            if let (Some(exe), Some(target)) = (
                message.get("executable").and_then(Value::as_str),
                message
                    .get("target")
                    .and_then(|t| t.get("name"))
                    .and_then(Value::as_str),
            ) {
                programs.insert(target.to_string(), exe.to_string());
            }
        }
        for (name, CargoRun { bin, args, .. }) in wanted {
            let program = match &bin {
                Some(bin) => programs.get(bin),
                None if programs.len() == 1 => programs.values().next(),
                None => None,
            };
            if let Some(program) = program {
                let words: Vec<&str> = std::iter::once(program.as_str())
                    .chain(args.iter().map(String::as_str))
                    .collect();
                if let Ok(joined) = shlex::try_join(words) {
                    out.insert(name, joined);
                }
            }
        }
    }
    out
}

/// A `cargo run` command line, read.
struct CargoRun {
    /// Its build options, without `--bin`.
    options: Vec<String>,
    /// The `--bin`.
    bin: Option<String>,
    /// The program's arguments.
    args: Vec<String>,
}

/// A `cargo run` command line, read; `None` for any other command, or one
/// with an option this does not know.
fn cargo_run(command: &str) -> Option<CargoRun> {
    let words: Vec<String> = shlex::split(command)?;
    let mut words = words.into_iter();
    if words.next()? != "cargo" || words.next()? != "run" {
        return None;
    }
    let (mut options, mut bin, mut args) = (Vec::new(), None, Vec::new());
    while let Some(word) = words.next() {
        match word.as_str() {
            "--" => {
                args.extend(words.by_ref());
            }
            "--bin" => bin = Some(words.next()?),
            "--manifest-path" | "--profile" | "--features" | "-F" | "--package" | "-p"
            | "--target-dir" => {
                options.push(word);
                options.push(words.next()?);
            }
            "--release"
            | "-r"
            | "-q"
            | "--quiet"
            | "--offline"
            | "--locked"
            | "--frozen"
            | "--all-features"
            | "--no-default-features" => options.push(word),
            w if w.starts_with('-') => return None,
            _ => args.push(word),
        }
    }
    Some(CargoRun { options, bin, args })
}

/// Runs the book's preprocessors on every language's chapters (the module
/// docs), with the answers of [`probe`]. Problems are pushed to
/// `diagnostics`.
pub fn run(
    mut probe: Probe,
    root: &Path,
    config: &Config,
    languages: &mut [LanguageBook],
    warm: Option<&Warm<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(probed) = probe.take() else {
        return;
    };
    let answers = std::mem::take(&mut probed.answers);
    // What is not taken from `probed.started` is stopped when `probe` drops.
    let toml_text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let at = |name: &str| table_location(&toml_text, name);
    let Some(mut steps) = order(config, diagnostics, &at) else {
        return;
    };
    for step in &mut steps {
        if let Some(program) = probed.commands.get(&step.name) {
            step.program = program.clone();
        }
    }
    let mut runs = Vec::new();
    for step in steps {
        match answers.get(&step.name).copied().unwrap_or(Ok(true)) {
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
    // The chain takes one core for a while: what can be done meanwhile with
    // the chapters as they are, is.
    if let Some(warm) = warm {
        warm(languages);
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
            let Some(out) = run_all(
                root,
                &context,
                language,
                &texts,
                (&raw, &mut probed.started),
                diagnostics,
                &at,
            ) else {
                return;
            };
            for (chapter, (title, text)) in language.chapters.iter_mut().zip(out) {
                let expanded = content::expand_chapter(
                    root,
                    &chapter.display_path,
                    &text,
                    &config.output.html.code.hidelines,
                );
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
                (&expanded, &mut probed.started),
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
    (steps, ready): (&[&Step], &mut BTreeMap<String, std::io::Result<Child>>),
    diagnostics: &mut Vec<Diagnostic>,
    at: &dyn Fn(&str) -> Location,
) -> Option<Vec<(String, String)>> {
    let mut book = book_json(language, texts, false);
    // Each started at once (or by [`probe`] already), so that their
    // start-up (a `cargo run` command checks its build first) overlaps the
    // work of those before them.
    let mut started: Vec<Option<std::io::Result<Child>>> = steps
        .iter()
        .map(|step| {
            Some(
                ready
                    .remove(&step.name)
                    .unwrap_or_else(|| start(root, &step.program)),
            )
        })
        .collect();
    for (i, step) in steps.iter().enumerate() {
        if step.after_index {
            rename_index(&mut book);
        }
        let child = started[i]
            .take()
            .unwrap_or_else(|| start(root, &step.program));
        match run_one(root, step, child, context, &book) {
            Ok(out) => book = out,
            Err(message) => {
                for child in started.iter_mut().filter_map(Option::take).flatten() {
                    stop(child);
                }
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
    // Drafts have no page: keep the chapters with one, each once (a chapter
    // listed twice is in the book twice, its first listing its own).
    let mut out: Vec<Option<(String, String)>> = vec![None; language.chapters.len()];
    for (entry, chapter) in language
        .nav
        .iter()
        .filter(|e| matches!(e, NavEntry::Chapter(_) | NavEntry::Draft { .. }))
        .zip(chapters)
    {
        if let NavEntry::Chapter(i) = entry
            && let Some(slot @ None) = out.get_mut(*i)
        {
            *slot = Some(chapter);
        }
    }
    out.into_iter().collect()
}

/// The command was not found.
#[derive(Debug, Clone, Copy)]
pub struct Missing;

/// Step 2 of the module docs, for one preprocessor's `command` and
/// `renderers`.
fn should_run(root: &Path, command: &str, renderers: Option<&[String]>) -> Result<bool, Missing> {
    if let Some(renderers) = renderers {
        return Ok(renderers.iter().any(|r| r == RENDERER));
    }
    let Ok(mut command) = compose(command, root) else {
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

/// Starts one preprocessor's `command`, its input, output and messages
/// piped.
fn start(root: &Path, command: &str) -> std::io::Result<Child> {
    let mut command =
        compose(command, root).map_err(|_| std::io::Error::other("its command is empty"))?;
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .current_dir(root)
        .spawn()
}

/// Stops a preprocessor that will not be given its book.
fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Runs one preprocessor, started as `child`, on `book` (mdBook 0.5's form,
/// `items`); the book it gives back, or why not. One built against mdBook
/// 0.4 fails on that form with a message that names `sections`, 0.4's list:
/// it is run again with 0.4's form.
fn run_one(
    root: &Path,
    step: &Step,
    child: std::io::Result<Child>,
    context: &Value,
    book: &Value,
) -> Result<Value, String> {
    let items = book
        .get("items")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let input = serde_json::to_vec(&json!([context, book])).map_err(|e| e.to_string())?;
    let show = |messages: &str| {
        let _ = std::io::stderr().write_all(messages.as_bytes());
    };
    match exchange(child, input)? {
        (Exchange::Done(out), messages) => {
            show(&messages);
            Ok(out)
        }
        (Exchange::Failed(status), first) if first.contains("sections") => {
            let legacy = json!({ "sections": items, "__non_exhaustive": null });
            let input = serde_json::to_vec(&json!([context, legacy])).map_err(|e| e.to_string())?;
            match exchange(start(root, &step.program), input)? {
                (Exchange::Done(out), messages) => {
                    show(&messages);
                    Ok(out)
                }
                (Exchange::Failed(again), messages) => {
                    show(&first);
                    show(&messages);
                    Err(format!(
                        "{}; given mdBook 0.4's form of the book (`sections`), which its first run ({status}) asked for",
                        failed(again)
                    ))
                }
            }
        }
        (Exchange::Failed(status), messages) => {
            show(&messages);
            Err(failed(status))
        }
    }
}

fn failed(status: std::process::ExitStatus) -> String {
    format!("it exited with {status} (its messages are above)")
}

/// How one run of a preprocessor ended.
enum Exchange {
    /// The book it wrote.
    Done(Value),
    /// It failed, with this status.
    Failed(std::process::ExitStatus),
}

/// Gives `child` its input and reads the book back; also what it wrote to
/// stderr (up to 1 MiB, the rest cut), for the caller to show.
fn exchange(child: std::io::Result<Child>, input: Vec<u8>) -> Result<(Exchange, String), String> {
    let mut child = child.map_err(|e| format!("could not start it: {e}"))?;
    let mut stdin = child.stdin.take();
    // Written from another thread, so that a preprocessor that writes before
    // it has read everything cannot deadlock with us.
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            // A preprocessor may exit without reading (an error): its status says why.
            let _ = stdin.write_all(&input);
        }
    });
    let stderr = child.stderr.take();
    let relay = std::thread::spawn(move || {
        const KEEP: usize = 1 << 20;
        let mut kept = Vec::new();
        let Some(mut stderr) = stderr else {
            return kept;
        };
        let mut buf = [0u8; 8192];
        loop {
            match std::io::Read::read(&mut stderr, &mut buf) {
                Ok(0) | Err(_) => return kept,
                // Read to the end, so that the preprocessor never blocks.
                Ok(n) => kept.extend_from_slice(&buf[..n.min(KEEP.saturating_sub(kept.len()))]),
            }
        }
    });
    let output = child
        .wait_with_output()
        .map_err(|e| format!("could not wait for it: {e}"))?;
    let _ = writer.join();
    let messages = String::from_utf8_lossy(&relay.join().unwrap_or_default()).into_owned();
    if !output.status.success() {
        return Ok((Exchange::Failed(output.status), messages));
    }
    let fail = |why: String| {
        let _ = std::io::stderr().write_all(messages.as_bytes());
        why
    };
    let value: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        let head: String = String::from_utf8_lossy(&output.stdout)
            .chars()
            .take(120)
            .collect();
        fail(format!(
            "what it wrote is not a book in mdBook's JSON ({e}); it begins `{head}`"
        ))
    })?;
    let items = value
        .get("items")
        .or_else(|| value.get("sections"))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            fail("what it wrote is JSON but not a book: it has no `items` (mdBook 0.5) or `sections` (0.4) list".to_string())
        })?;
    Ok((Exchange::Done(book_value(items.clone())), messages))
}

/// A book in mdBook 0.5's form.
fn book_value(items: Vec<Value>) -> Value {
    json!({ "items": items })
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
                let command = table
                    .command
                    .clone()
                    .unwrap_or_else(|| format!("mdbook-{name}"));
                Some(Step {
                    name: name.clone(),
                    program: command.clone(),
                    command,
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
    fn cargo_run_commands_are_read_as_cargo_reads_them() {
        let run = cargo_run(
            "cargo run --manifest-path packages/mdbook-trpl/Cargo.toml --bin mdbook-trpl-note",
        )
        .unwrap();
        assert_eq!(
            run.options,
            ["--manifest-path", "packages/mdbook-trpl/Cargo.toml"]
        );
        assert_eq!(run.bin.as_deref(), Some("mdbook-trpl-note"));
        assert!(run.args.is_empty());
        let run = cargo_run("cargo run --release -q -p spec -- --flag 'a b'").unwrap();
        assert_eq!(run.options, ["--release", "-q", "-p", "spec"]);
        assert_eq!(run.args, ["--flag", "a b"]);
        // Anything else is run as written.
        for other in [
            "mdbook-admonish",
            "cargo build",
            "cargo run --example x",
            "cargo +nightly run",
            "cargo run --bin",
            "cargo run 'unclosed",
        ] {
            assert!(cargo_run(other).is_none(), "{other}");
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

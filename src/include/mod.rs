//! mdBook's content directives, expanded as mdBook's `links` preprocessor
//! does, before a chapter is read as Markdown:
//!
//! - `{{#include PATH}}`, `{{#include PATH:ANCHOR}}`, `{{#include PATH:N}}`,
//!   `:N:M`, `:N:`, `::M`: the file's text, or some of its lines
//!   ([`lines`]);
//! - `{{#rustdoc_include PATH[:ANCHOR|:RANGE]}}`: the whole file, the lines
//!   outside the selection as Rust hidden lines (`# `);
//! - `{{#playground PATH ATTR…}}`: the file in a ` ```rust,ATTR,… ` block;
//! - `{{#title TEXT}}`: the page's `<title>`;
//! - `\{{#…}}`: the text without the backslash, not expanded.
//!
//! Paths are relative to the folder of the file the directive is in, and
//! must stay inside the book's folder (the folder of `book.toml`: mdBook
//! books include `../listings/…` beside `src/`). Included text is expanded
//! too, ten levels deep at most; an included line takes the text before the
//! directive on its line (a list item's indentation, a quote's `> `), so a
//! block included inside a list or a quote stays there.
//!
//! Then Rust hidden lines are taken out of ` ```rust ` blocks ([`hidden`]),
//! as mdBook's HTML renderer hides them, and out of blocks with mdBook's
//! `hidelines=PREFIX` attribute.
//!
//! The result is the chapter's text plus a [`SourceMap`]: a diagnostic at a
//! byte of included text names the included file and its own line. A file
//! that is missing, an anchor that is not in its file, a path that leaves
//! the book, an include cycle are errors at the directive; a `{{#name …}}`
//! mdBook does not know stays as written, with a warning once per file.
//!
//! Everything here is a pure function of the chapter's text and a function
//! that reads the book's files.

mod hidden;
mod lines;
mod map;
#[cfg(test)]
mod tests;

use std::{
    collections::HashSet,
    path::{Component, Path, PathBuf},
};

pub use self::hidden::Hidelines;
use self::lines::{LineRange, Selection, parse_selection};
use self::map::Mapped;
pub use self::map::{SourceFile, SourceMap};
use crate::{
    diagnostic::{Diagnostic, Location, closest},
    fs::ReadError,
};

/// How deep includes may nest (mdBook's `MAX_LINK_NESTED_DEPTH`).
pub const MAX_DEPTH: usize = 10;

/// How much text a chapter's includes may bring in, all levels counted:
/// ten files that each include the next ten times would make 10^10 copies
/// within [`MAX_DEPTH`] (a "billion laughs" of includes).
pub const MAX_INCLUDED: usize = 16 << 20;

/// How many files a chapter's directives may include, all levels counted
/// (the largest chapter of the Rust book has 47).
pub const MAX_INCLUDES: usize = 10_000;

/// After this many problems with a chapter's directives, the rest is not
/// expanded: a file that includes itself by many paths makes thousands.
pub const MAX_PROBLEMS: usize = 100;

/// A chapter with its directives expanded.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The text the Markdown stage reads.
    pub text: String,
    /// Where each byte of `text` comes from.
    pub map: SourceMap,
    /// The `{{#title …}}` text, if the chapter has one.
    pub title: Option<String>,
    /// Every file read, relative to the book's folder, in the order read.
    pub includes: Vec<PathBuf>,
    /// Errors and warnings, at the directives.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file by its path relative to the book's folder
/// ([`crate::fs::read_to_string_within`] for a book on disk).
pub type Read<'a> = dyn Fn(&Path) -> Result<String, ReadError> + 'a;

/// Expands the directives of `text`, the chapter at `path` (relative to the
/// book's folder, as diagnostics show it), reading included files with
/// `read`. Rust's hidden lines and `hidelines=` blocks' are left out.
pub fn expand(path: &Path, text: &str, read: &Read<'_>) -> Expanded {
    expand_within(path, text, read, 0, &Hidelines::new())
}

/// [`expand`], letting included paths reach `above` folders above the
/// book's folder: up to the repository the book is in (mdBook's own guide
/// includes `../../../examples/…` from the mdBook repository), never
/// further; and leaving out the lines `hidelines` hides by language too.
pub fn expand_within(
    path: &Path,
    text: &str,
    read: &Read<'_>,
    above: usize,
    hidelines: &Hidelines,
) -> Expanded {
    let mut x = Expander {
        read,
        above,
        files: vec![SourceFile {
            path: path.to_path_buf(),
            text: text.to_string(),
        }],
        includes: Vec::new(),
        title: None,
        diagnostics: Vec::new(),
        warned: HashSet::new(),
        budget: MAX_INCLUDED,
        includes_left: MAX_INCLUDES,
        over: false,
        stack: vec![Frame {
            file: 0,
            selection: String::new(),
            directive: None,
        }],
    };
    let source = Mapped::file(0, text);
    let expanded = if text.contains("{{") {
        let dir = path.parent().unwrap_or(Path::new(""));
        x.replace_all(&source, dir, 0)
    } else {
        source
    };
    let shown = hidden::hide_lines(&expanded, hidelines).unwrap_or(expanded);
    Expanded {
        map: SourceMap::new(x.files, &shown),
        text: shown.text,
        title: x.title,
        includes: x.includes,
        diagnostics: x.diagnostics,
    }
}

/// One file being expanded: the chapter, or a file it includes.
struct Frame {
    file: usize,
    /// What was taken of the file (`""` for all of it), for cycles.
    selection: String,
    /// Where the directive that included it is: (file, offset, length).
    directive: Option<(usize, usize, usize)>,
}

struct Expander<'r> {
    read: &'r Read<'r>,
    /// How many folders above the book's folder included paths may reach.
    above: usize,
    files: Vec<SourceFile>,
    includes: Vec<PathBuf>,
    title: Option<String>,
    diagnostics: Vec<Diagnostic>,
    /// Files that had an unknown directive reported.
    warned: HashSet<usize>,
    /// What included text may still be brought in ([`MAX_INCLUDED`]).
    budget: usize,
    /// How many more files may be included ([`MAX_INCLUDES`]).
    includes_left: usize,
    /// The budget ran out: nothing more is expanded.
    over: bool,
    stack: Vec<Frame>,
}

/// A `{{#…}}` found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link<'t> {
    start: usize,
    end: usize,
    kind: Kind<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind<'t> {
    /// `\{{#…}}`.
    Escaped,
    Include(&'t str, Selection),
    RustdocInclude(&'t str, Selection),
    /// `playpen` is mdBook's old name for it.
    Playground(&'t str, Vec<&'t str>, bool),
    Title(&'t str),
    /// `{{#name …}}` of a name mdBook does not know, or with no path.
    Unknown(&'t str),
}

/// Every directive of `s`, as mdBook's regex finds them:
///
/// ```text
/// \\\{\{\#.*\}\}  |  \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}
/// ```
fn find_links(s: &str) -> Vec<Link<'_>> {
    let bytes = s.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes[i + 1..].starts_with(b"{{#") {
            // `.*` is greedy and stops at the line's end.
            let line_end = s[i..].find('\n').map_or(s.len(), |n| i + n);
            if let Some(n) = s[i + 4..line_end].rfind("}}") {
                let end = i + 4 + n + 2;
                links.push(Link {
                    start: i,
                    end,
                    kind: Kind::Escaped,
                });
                i = end;
                continue;
            }
        }
        if bytes[i] == b'{'
            && bytes.get(i + 1) == Some(&b'{')
            && let Some((end, name, rest)) = directive_at(s, i)
        {
            links.push(Link {
                start: i,
                end,
                kind: kind(name, rest),
            });
            i = end;
            continue;
        }
        i += 1;
    }
    links
}

/// `{{\s*#name\s+rest}}` at byte `i` of `s`: (end, name, rest).
fn directive_at(s: &str, i: usize) -> Option<(usize, &str, &str)> {
    let after = &s[i + 2..];
    let hash = i + 2 + (after.len() - after.trim_start().len());
    let name_start = hash + 1;
    if s.as_bytes().get(hash) != Some(&b'#') {
        return None;
    }
    let name_len = s[name_start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if name_len == 0 {
        return None;
    }
    let rest_start = name_start + name_len;
    let run_len = s[rest_start..].find('}').unwrap_or(s.len() - rest_start);
    let run = &s[rest_start..rest_start + run_len];
    // `\s+` then `[^}]+`: the run starts with white space and has one
    // more character at least; `}}` follows it.
    if !run.starts_with(char::is_whitespace)
        || run.chars().count() < 2
        || !s[rest_start + run_len..].starts_with("}}")
    {
        return None;
    }
    let trimmed = run.trim_start();
    let rest = if trimmed.is_empty() {
        let last = run.chars().next_back().map_or(0, char::len_utf8);
        &run[run.len() - last..]
    } else {
        trimmed
    };
    Some((rest_start + run_len + 2, &s[name_start..rest_start], rest))
}

fn kind<'t>(name: &'t str, rest: &'t str) -> Kind<'t> {
    if name == "title" {
        return Kind::Title(rest);
    }
    let mut words = rest.split_whitespace();
    let Some(file) = words.next() else {
        return Kind::Unknown(name);
    };
    let split = |p: &'t str| match p.split_once(':') {
        Some((path, spec)) => (path, parse_selection(Some(spec))),
        None => (p, Selection::Range(LineRange::FULL)),
    };
    match name {
        "include" => {
            let (p, sel) = split(file);
            Kind::Include(p, sel)
        }
        "rustdoc_include" => {
            let (p, sel) = split(file);
            Kind::RustdocInclude(p, sel)
        }
        "playground" => Kind::Playground(file, words.collect(), false),
        "playpen" => Kind::Playground(file, words.collect(), true),
        _ => Kind::Unknown(name),
    }
}

/// `dir/path` without `.` and `..` (but for up to `above` leading `..`),
/// or `None` when it leaves the book's folder by more than `above` folders
/// (or is absolute).
fn resolve(dir: &Path, path: &str, above: usize) -> Option<PathBuf> {
    let mut up = 0;
    let mut out = PathBuf::new();
    for c in dir.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    up += 1;
                    if up > above {
                        return None;
                    }
                }
            }
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    let mut full: PathBuf = std::iter::repeat_n(Component::ParentDir, up).collect();
    full.push(out);
    Some(full)
}

fn selection_text(sel: &Selection) -> String {
    match sel {
        Selection::Anchor(a) => format!(":{a}"),
        Selection::Range(r) if r.is_full() => String::new(),
        Selection::Range(r) => format!(
            ":{}:{}",
            r.start.map_or(String::new(), |s| (s + 1).to_string()),
            r.end.map_or(String::new(), |e| e.to_string())
        ),
    }
}

impl Expander<'_> {
    /// mdBook's `replace_all`: the directives of `input` (text of the file
    /// in `dir`), expanded `depth` levels below the chapter.
    fn replace_all(&mut self, input: &Mapped, dir: &Path, depth: usize) -> Mapped {
        let mut out = Mapped::default();
        let mut prev = 0;
        for link in find_links(&input.text) {
            out.push_from(input, prev..link.start);
            prev = link.start;
            if self.over {
                break;
            }
            if self.diagnostics.len() >= MAX_PROBLEMS {
                self.over = true;
                self.diagnostics.push(
                    Diagnostic::error(
                        "include-size",
                        format!("more than {MAX_PROBLEMS} problems with this chapter's directives: the rest is not expanded"),
                    )
                    .at(self.at(input, &link))
                    .help("fix the problems above, then build again"),
                );
                break;
            }
            if matches!(
                link.kind,
                Kind::Include(..) | Kind::RustdocInclude(..) | Kind::Playground(..)
            ) {
                if self.includes_left == 0 {
                    self.run_out(input, &link, format!("this chapter's directives include more than {MAX_INCLUDES} files here, all levels counted"));
                    break;
                }
                self.includes_left -= 1;
            }
            let Some(content) = self.render(input, &link, dir, depth) else {
                // Left as written (mdBook does the same on errors).
                continue;
            };
            if self.over {
                // It ran out inside: said there.
                break;
            }
            if content.len() > self.budget {
                self.run_out(
                    input,
                    &link,
                    format!(
                        "the includes of this chapter bring in more than {} MiB of text here",
                        MAX_INCLUDED >> 20
                    ),
                );
                break;
            }
            self.budget -= content.len();
            prev = link.end;
            // The text before the directive on its line starts every
            // included line.
            let line_start = out.text.rfind('\n').map_or(0, |n| n + 1);
            let prefix = out.text[line_start..].to_string();
            if prefix.is_empty() && !content.text.contains('\r') {
                // mdBook joins the lines with `\n`: the text itself, but
                // for a last newline.
                let end = content.len() - usize::from(content.text.ends_with('\n'));
                out.push_from(&content, 0..end);
                continue;
            }
            let lines = lines::line_ranges(&content.text);
            for (i, r) in lines.iter().enumerate() {
                if i > 0 {
                    let (f, at) = content.origin(lines[i - 1].end).unwrap_or((0, 0));
                    out.push_fixed("\n", f, at);
                    let (f, at) = content.origin(r.start).unwrap_or((f, at));
                    out.push_fixed(&prefix, f, at);
                }
                out.push_from(&content, r.clone());
            }
        }
        out.push_from(input, prev..input.len());
        out
    }

    /// A limit of [`MAX_INCLUDES`] or [`MAX_INCLUDED`] is reached at `link`:
    /// says so there, with the way there, and nothing more is expanded.
    fn run_out(&mut self, input: &Mapped, link: &Link<'_>, message: String) {
        self.over = true;
        let mut d = Diagnostic::error("include-size", message)
            .at(self.at(input, link))
            .help("a file included many times over, at many levels, multiplies: include each part once");
        for note in self.included_from() {
            d = d.note(note);
        }
        self.diagnostics.push(d);
    }

    /// What `link` becomes, or `None` (and a diagnostic) when it stays as
    /// written.
    fn render(
        &mut self,
        input: &Mapped,
        link: &Link<'_>,
        dir: &Path,
        depth: usize,
    ) -> Option<Mapped> {
        let directive = &input.text[link.start..link.end];
        match &link.kind {
            Kind::Escaped => {
                let mut m = Mapped::default();
                m.push_from(input, link.start + 1..link.end);
                Some(m)
            }
            Kind::Title(title) => {
                self.title = Some(title.trim().to_string());
                Some(Mapped::default())
            }
            Kind::Unknown(name) => {
                let (file, _) = input.origin(link.start).unwrap_or((0, 0));
                if self.warned.insert(file) {
                    let known = ["include", "rustdoc_include", "playground", "title"];
                    let mut d = Diagnostic::warning(
                        "unknown-directive",
                        format!(
                            "`{directive}` is not a directive mdBook knows; it is shown as written"
                        ),
                    )
                    .at(self.at(input, link));
                    d = match closest(name, known) {
                        Some(k) if *name != k => d.help(format!(
                            "did you mean `{{{{#{k} …}}}}`? To show the text on purpose, write `\\{directive}`"
                        )),
                        _ => d.help(format!(
                            "the directives are include, rustdoc_include, playground and title, each with an argument; to show the text on purpose, write `\\{directive}`"
                        )),
                    };
                    for note in self.included_from() {
                        d = d.note(note);
                    }
                    self.diagnostics.push(d);
                }
                None
            }
            Kind::Include(path, sel) | Kind::RustdocInclude(path, sel) => {
                let rustdoc = matches!(link.kind, Kind::RustdocInclude(..));
                let (target, file) = self.read_file(input, link, dir, path)?;
                let text = self.files[file].text.clone();
                let taken = match sel {
                    Selection::Range(r) if rustdoc => {
                        Some(lines::take_rustdoc_include_lines(&text, file, *r))
                    }
                    Selection::Range(r) => {
                        let (m, n) = lines::take_lines(&text, file, *r);
                        if r.start.is_some_and(|s| s >= n) {
                            let mut d = Diagnostic::warning(
                                "include-range",
                                format!(
                                    "`{directive}` starts after the end of `{}`, which has {n} line{}: nothing is included",
                                    target.display(),
                                    if n == 1 { "" } else { "s" }
                                ),
                            )
                            .at(self.at(input, link))
                            .help("fix the line numbers: `:N` is line N, `:N:M` lines N to M, `:N:` from line N, `::M` up to line M");
                            for note in self.included_from() {
                                d = d.note(note);
                            }
                            self.diagnostics.push(d);
                        }
                        Some(m)
                    }
                    Selection::Anchor(a) if rustdoc => {
                        lines::take_rustdoc_include_anchored_lines(&text, file, a)
                    }
                    Selection::Anchor(a) => lines::take_anchored_lines(&text, file, a),
                };
                let Some(taken) = taken else {
                    let Selection::Anchor(anchor) = sel else {
                        return None;
                    };
                    let names = lines::anchors(&text);
                    let mut d = Diagnostic::error(
                        "include-anchor",
                        format!("anchor `{anchor}` is not in `{}`", target.display()),
                    )
                    .at(self.at(input, link));
                    d = match closest(anchor, names.iter().map(String::as_str)) {
                        Some(near) => d.help(format!("did you mean `{near}`? Write `{path}:{near}`")),
                        None => d.help(format!(
                            "mark the lines in `{}` with `ANCHOR: {anchor}` before them and `ANCHOR_END: {anchor}` after them (in comments), or fix the name",
                            target.display()
                        )),
                    };
                    if !names.is_empty() {
                        d = d.note(format!("its anchors: {}", names.join(", ")));
                    }
                    for note in self.included_from() {
                        d = d.note(note);
                    }
                    self.diagnostics.push(d);
                    return None;
                };
                self.nested(
                    input,
                    link,
                    &taken,
                    &target,
                    file,
                    selection_text(sel),
                    depth,
                )
            }
            Kind::Playground(path, attrs, old_name) => {
                if *old_name {
                    let mut d = Diagnostic::warning(
                        "deprecated-directive",
                        "`{{#playpen …}}` is the old name of `{{#playground …}}`",
                    )
                    .at(self.at(input, link))
                    .help("write `{{#playground …}}`");
                    for note in self.included_from() {
                        d = d.note(note);
                    }
                    self.diagnostics.push(d);
                }
                let (target, file) = self.read_file(input, link, dir, path)?;
                let text = self.files[file].text.clone();
                let (df, dat) = input.origin(link.start).unwrap_or((0, 0));
                let mut m = Mapped::default();
                let info = if attrs.is_empty() {
                    "rust".to_string()
                } else {
                    format!("rust,{}", attrs.join(","))
                };
                m.push_fixed(&format!("```{info}\n"), df, dat);
                m.push_exact(&text, file, 0);
                if !text.ends_with('\n') {
                    m.push_fixed("\n", file, text.len());
                }
                m.push_fixed("```\n", df, dat);
                self.nested(input, link, &m, &target, file, String::new(), depth)
            }
        }
    }

    /// Expands the directives of `taken`, the text of file `file` (at
    /// `target`) that `link` of `input` includes.
    #[allow(clippy::too_many_arguments)]
    fn nested(
        &mut self,
        input: &Mapped,
        link: &Link<'_>,
        taken: &Mapped,
        target: &Path,
        file: usize,
        selection: String,
        depth: usize,
    ) -> Option<Mapped> {
        if let Some(first) = self
            .stack
            .iter()
            .position(|f| f.file == file && f.selection == selection)
        {
            let chain: Vec<String> = self.stack[first..]
                .iter()
                .map(|f| self.files[f.file].path.display().to_string())
                .chain(std::iter::once(target.display().to_string()))
                .collect();
            let mut d = Diagnostic::error(
                "include-cycle",
                format!("include cycle: {}", chain.join(" → ")),
            )
            .at(self.at(input, link))
            .help("remove this include, or include a part of the file (`:anchor` or `:N:M`) that leaves the directive out");
            for note in self.included_from() {
                d = d.note(note);
            }
            self.diagnostics.push(d);
            return None;
        }
        if depth >= MAX_DEPTH {
            let mut d = Diagnostic::error(
                "include-depth",
                format!("includes are nested more than {MAX_DEPTH} levels deep here"),
            )
            .at(self.at(input, link))
            .help("include the innermost files directly, with fewer levels in between");
            for note in self.included_from() {
                d = d.note(note);
            }
            self.diagnostics.push(d);
            return None;
        }
        if !taken.text.contains("{{") {
            return Some(taken.clone());
        }
        let (df, dat) = input.origin(link.start).unwrap_or((0, 0));
        self.stack.push(Frame {
            file,
            selection,
            directive: Some((df, dat, link.end - link.start)),
        });
        let dir = target.parent().unwrap_or(Path::new("")).to_path_buf();
        let out = self.replace_all(taken, &dir, depth + 1);
        self.stack.pop();
        Some(out)
    }

    /// Reads the file `path` of `link`, relative to `dir`: its path from the
    /// book's folder and its index in `files`.
    fn read_file(
        &mut self,
        input: &Mapped,
        link: &Link<'_>,
        dir: &Path,
        path: &str,
    ) -> Option<(PathBuf, usize)> {
        let directive = input.text[link.start..link.end].to_string();
        let (file, _) = input.origin(link.start).unwrap_or((0, 0));
        let here = self.files[file].path.clone();
        let Some(target) = resolve(dir, path, self.above) else {
            let mut d = Diagnostic::error(
                "include-path",
                format!("`{path}` is outside the book's folder and its repository"),
            )
            .at(self.at(input, link))
            .help(format!(
                "include files inside the folder of book.toml, or of the git repository it is in, by a path relative to `{}`'s folder (`../listings/…` beside the chapters is fine)",
                here.display()
            ));
            for note in self.included_from() {
                d = d.note(note);
            }
            self.diagnostics.push(d);
            return None;
        };
        if let Some(i) = self.files.iter().position(|f| f.path == target) {
            return Some((target, i));
        }
        if !self.includes.contains(&target) {
            self.includes.push(target.clone());
        }
        match (self.read)(&target) {
            Ok(text) => {
                self.files.push(SourceFile {
                    path: target.clone(),
                    text,
                });
                Some((target, self.files.len() - 1))
            }
            Err(e) => {
                let help = if e.is_not_found() {
                    format!(
                        "the path is relative to the folder of `{}`: fix it, or create `{}`",
                        here.display(),
                        target.display()
                    )
                } else {
                    e.problem.help()
                };
                let mut d = Diagnostic::error(
                    "include",
                    format!("`{directive}`: `{}` {}", target.display(), e.problem),
                )
                .at(self.at(input, link))
                .help(help);
                for note in self.included_from() {
                    d = d.note(note);
                }
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// Where `link` of `input` is, in the file it was written in.
    fn at(&self, input: &Mapped, link: &Link<'_>) -> Location {
        let (file, at) = input.origin(link.start).unwrap_or((0, link.start));
        let f = &self.files[file];
        Location::from_offset(&f.path, &f.text, at, link.end - link.start)
    }

    /// `included from FILE:LINE:COL` for every include around the text
    /// being expanded, innermost first.
    fn included_from(&self) -> Vec<String> {
        self.stack
            .iter()
            .rev()
            .filter_map(|f| f.directive)
            .map(|(file, at, len)| {
                let f = &self.files[file];
                let loc = Location::from_offset(&f.path, &f.text, at, len);
                format!(
                    "included from {}:{}:{}",
                    loc.file.display(),
                    loc.line,
                    loc.column
                )
            })
            .collect()
    }
}

//! One chapter's Markdown to an HTML fragment plus what later stages need:
//! headings (for ids, the table of contents and the language check), links to
//! check, and code blocks with their fence attributes.
//!
//! The steps, over pulldown-cmark's event stream with source offsets:
//!
//! 1. headings get their `{#id}` or an automatic slug (Chinese included) and
//!    an anchor link;
//! 2. fenced code is highlighted by [`crate::highlight`] and titled with its
//!    `file=` path;
//! 3. links to other chapters (`other.md#id`) are rewritten to pages and
//!    recorded for checking once every chapter is known;
//! 4. GitHub alerts (`> [!NOTE]`) become admonitions, `::: details Title` …
//!    `:::` becomes `<details>`, footnotes get numbers and back-links;
//! 5. pulldown-cmark's HTML writer renders the rewritten stream (aligned
//!    table cells get a class, not a `style=`).

pub mod fence;
mod slug;

use std::{collections::HashMap, path::Path};

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options,
    Parser, Tag, TagEnd,
};

pub use self::{fence::Fence, slug::slugify};
use crate::{
    diagnostic::{Diagnostic, LineIndex, Location},
    highlight::{self, escape},
    i18n::Strings,
    include::SourceMap,
    placeholder::{Piece, Template, Values},
};

/// A heading of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// Byte offset in the chapter source.
    pub offset: usize,
}

/// A link to a chapter or an anchor, checked after all chapters are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// The target chapter, relative to the language folder (`basics.md`).
    pub chapter: String,
    /// The `#id`, if any.
    pub anchor: Option<String>,
    /// Byte offset and length of the link in the chapter source.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
    /// Written to the page (`other.html#id`, as mdBook books often do), not
    /// the chapter: `chapter` is then the page's path, and a page that is
    /// no chapter's (a redirect, an asset) is not checked.
    pub page: bool,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The parsed info string.
    pub fence: Fence,
    /// The block's text.
    pub text: String,
    /// 1-based line of the block's first text line in the file it is
    /// written in (the chapter, or a file the chapter includes).
    pub line: usize,
    /// Byte offset of the block's text in the chapter.
    pub offset: usize,
}

/// A rendered chapter.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML fragment for the page's `<main>`.
    pub html: String,
    /// Text of the first level-1 heading.
    pub title: Option<String>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Links to check.
    pub links: Vec<LinkTarget>,
    /// Every code block, in order.
    pub code_blocks: Vec<CodeBlock>,
    /// Every `::: tab`, in order.
    pub variants: Vec<Variant>,
    /// Problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

/// How a reader value starts in the HTML: `<span class="ph" data-ph="KEY">`.
pub const PH_SPAN: &str = "<span class=\"ph\" data-ph=";

/// The Markdown extensions netplate enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// What [`render`] needs besides the Markdown.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The chapter's path relative to its language folder (`basics.md`).
    pub chapter: &'a str,
    /// The chapter's path as diagnostics show it.
    pub file: &'a Path,
    /// Interface strings of the chapter's language.
    pub strings: &'a Strings,
    /// The reader's values, when the book has `[placeholders]`.
    pub fill: Option<Fill<'a>>,
    /// Where the bytes of an expanded chapter come from (its includes), for
    /// diagnostics; `None` when the source is `file` as written.
    pub map: Option<&'a SourceMap>,
    /// The Markdown extensions ([`options`] and what book.toml adds:
    /// [`crate::config::Config::markdown_options`]).
    pub options: Options,
}

impl<'a> Context<'a> {
    /// A context without placeholders.
    pub fn new(chapter: &'a str, file: &'a Path, strings: &'a Strings) -> Self {
        Context {
            chapter,
            file,
            strings,
            fill: None,
            map: None,
            options: options(),
        }
    }
}

/// A template network and the values to put in it.
#[derive(Clone, Copy)]
pub struct Fill<'a> {
    /// The book's template network.
    pub template: &'a Template,
    /// The reader's values.
    pub values: &'a Values,
    /// The declared slot names.
    pub slots: &'a [String],
}

impl Fill<'_> {
    /// Scans `text`, reporting errors at `offset` in `file`.
    fn scan<'t>(
        &self,
        text: &'t str,
        scope: bool,
    ) -> (Vec<Piece<'t>>, Vec<crate::placeholder::ScanError>) {
        let slots = self.slots;
        self.template
            .scan(text, scope, &|name: &str| slots.iter().any(|s| s == name))
    }
}

/// One variant of a `::: tabs` group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The ids it stands for (`centos`, `fedora`).
    pub ids: Vec<String>,
    /// Its label in this language.
    pub label: String,
    /// Byte offset of its `::: tab` line.
    pub offset: usize,
}

/// Renders `source` as the chapter described by `cx`.
pub fn render(source: &str, cx: &Context<'_>) -> Rendered {
    let mut r = Renderer {
        source,
        chapter: cx.chapter,
        file: cx.file,
        strings: cx.strings,
        fill: cx.fill,
        map: cx.map,
        scopes: Vec::new(),
        out: Vec::new(),
        rendered: Rendered::default(),
        heading: None,
        code: None,
        footnote: None,
        footnotes: Vec::new(),
        footnote_refs: HashMap::new(),
        containers: Vec::new(),
        skip_paragraph: false,
        depth: 0,
        ids: HashMap::new(),
        next_suffix: HashMap::new(),
        lines: std::cell::OnceCell::new(),
        literals: Vec::new(),
        kept: Vec::new(),
        keep_next: false,
    };
    for (event, range) in Parser::new_ext(source, cx.options).into_offset_iter() {
        r.event(event, range);
    }
    r.finish()
}

struct OpenHeading {
    index: usize,
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    text: String,
    offset: usize,
}

struct OpenCode {
    fence: Fence,
    text: String,
    offset: usize,
    lang_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContainerKind {
    Details,
    Tabs,
    Tab,
    /// `::: warning` or another dialect's block: its lines stay text.
    Foreign,
}

struct OpenContainer {
    kind: ContainerKind,
    depth: usize,
    offset: usize,
    len: usize,
}

struct Footnote<'a> {
    label: String,
    events: Vec<Event<'a>>,
    offset: usize,
}

struct Renderer<'a, 's> {
    source: &'a str,
    chapter: &'s str,
    file: &'s Path,
    strings: &'s Strings,
    fill: Option<Fill<'s>>,
    map: Option<&'s SourceMap>,
    /// Whether each open block (paragraph, item, heading, cell) has a
    /// template value, and its byte range.
    scopes: Vec<(bool, usize, usize)>,
    out: Vec<Event<'a>>,
    rendered: Rendered,
    heading: Option<OpenHeading>,
    code: Option<OpenCode>,
    footnote: Option<Footnote<'a>>,
    footnotes: Vec<Footnote<'a>>,
    /// label → (number, references so far)
    footnote_refs: HashMap<String, (usize, usize)>,
    containers: Vec<OpenContainer>,
    skip_paragraph: bool,
    depth: usize,
    /// id → offset of the heading that has it
    ids: HashMap<String, usize>,
    /// automatic id → the next `-n` suffix to try for it, so that the
    /// thousandth `## Same` finds `same-999` at once
    next_suffix: HashMap<String, usize>,
    /// The chapter's line starts, built for the first diagnostic.
    lines: std::cell::OnceCell<LineIndex>,
    /// `literal-value` warnings, by chapter byte offset; reported by
    /// [`Renderer::finish`] unless a [`LITERAL_OK`] comment keeps them.
    literals: Vec<(usize, Diagnostic)>,
    /// Byte ranges whose literals are meant (marked with [`LITERAL_OK`]).
    kept: Vec<(usize, usize)>,
    /// A [`LITERAL_OK`] HTML block was read: the next block keeps its literals.
    keep_next: bool,
}

/// The comment that keeps literals that look like template values, in the
/// paragraph (list item, heading, table cell) it is in, or, on a line of its
/// own, in the block after it: `<!-- netplate: literal -->`.
pub const LITERAL_OK: &str = "netplate: literal";

/// Whether `html` is the [`LITERAL_OK`] comment (spaces around `:` optional).
fn is_literal_ok(html: &str) -> bool {
    let words = |c: &str| {
        c.split_once(':')
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
    };
    html.trim()
        .strip_prefix("<!--")
        .and_then(|c| c.strip_suffix("-->"))
        .is_some_and(|c| words(c).is_some() && words(c) == words(LITERAL_OK))
}

impl<'a> Renderer<'a, '_> {
    fn loc(&self, offset: usize, len: usize) -> Location {
        match self.map {
            Some(map) => map.location(offset, len),
            None => {
                let lines = self.lines.get_or_init(|| LineIndex::new(self.source));
                Location::from_index(self.file, self.source, lines, offset, len)
            }
        }
    }

    fn push(&mut self, event: Event<'a>) {
        match &mut self.footnote {
            Some(f) => f.events.push(event),
            None => self.out.push(event),
        }
    }

    fn html(&mut self, html: String) {
        self.push(Event::Html(CowStr::from(html)));
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if self.skip_paragraph {
            if let Event::End(TagEnd::Paragraph) = event {
                self.skip_paragraph = false;
                self.scopes.pop();
            }
            return;
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        if let Event::End(TagEnd::Heading(_)) = event {
            self.end_heading();
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Html(ref html) | Event::InlineHtml(ref html)
                if self.fill.is_some() && is_literal_ok(html) =>
            {
                match self.scopes.last() {
                    Some(&(_, start, end)) => self.kept.push((start, end)),
                    None => self.keep_next = true,
                }
                self.push(event);
            }
            Event::Text(text) => {
                let base =
                    range.start + self.source[range.clone()].find(text.as_ref()).unwrap_or(0);
                let (plain, html) = self.fill_inline(&text, base, false);
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&plain);
                }
                match html {
                    Some(html) => self.html(html),
                    None => self.push(Event::Text(text)),
                }
            }
            Event::Code(text) => {
                let base =
                    range.start + self.source[range.clone()].find(text.as_ref()).unwrap_or(0);
                let (plain, html) = self.fill_inline(&text, base, true);
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&plain);
                }
                match html {
                    Some(html) => self.html(format!("<code>{html}</code>")),
                    None => self.push(Event::Code(text)),
                }
            }
            other => self.push(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: std::ops::Range<usize>) {
        if self.keep_next && !matches!(tag, Tag::HtmlBlock) {
            self.kept.push((range.start, range.end));
            self.keep_next = false;
        }
        if matches!(
            tag,
            Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell
        ) {
            let has = self
                .fill
                .is_some_and(|f| f.template.occurs_in(&self.source[range.clone()]));
            self.scopes.push((has, range.start, range.end));
        }
        if let Some(open) = self.containers.last()
            && open.kind == ContainerKind::Tabs
            && open.depth == self.depth
            && !(matches!(tag, Tag::Paragraph) && self.source[range.clone()].starts_with(":::"))
        {
            let d = Diagnostic::error(
                "container-syntax",
                "content inside `::: tabs` must be inside a `::: tab`",
            )
            .at(self.loc(
                range.start,
                self.source[range.clone()].find('\n').unwrap_or(range.len()),
            ))
            .help("start each variant with `::: tab <id> <label>` and end it with `:::`");
            self.rendered.diagnostics.push(d);
        }
        match tag {
            Tag::Paragraph if container_line(&self.source[range.clone()]).is_some() => {
                self.container(range);
                self.skip_paragraph = true;
                return;
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                // `## Mask {?netmask}`: Markdown reads a heading's last `{…}`
                // as its attributes, so the value would vanish.
                if self.fill.is_some()
                    && let Some((name, _)) = attrs.iter().find(|(k, _)| k.starts_with('?'))
                {
                    let line = &self.source[range.clone()];
                    let line = line.lines().next().unwrap_or(line).trim_end();
                    let at = line.rfind('{').unwrap_or(0);
                    let d = Diagnostic::error(
                        "placeholder",
                        format!("`{{{name}}}` at the end of a heading is read as the heading's attributes, not as a value"),
                    )
                    .at(self.loc(range.start + at, line.len() - at))
                    .help("give the heading an explicit `{#id}` after it, or write the value in backticks");
                    self.rendered.diagnostics.push(d);
                }
                let index = match &self.footnote {
                    Some(f) => f.events.len(),
                    None => self.out.len(),
                };
                self.push(Event::Html(CowStr::from(String::new())));
                self.heading = Some(OpenHeading {
                    index,
                    level,
                    id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    offset: range.start,
                });
                return;
            }
            Tag::CodeBlock(kind) => {
                let (info, lang_offset) = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        let fence_line = &self.source[range.start..];
                        let pos = fence_line.find(info.as_ref()).unwrap_or(0);
                        (info.to_string(), range.start + pos)
                    }
                    CodeBlockKind::Indented => (String::new(), range.start),
                };
                let fence = match fence::parse(&info) {
                    Ok(f) => f,
                    Err(e) => {
                        let d = Diagnostic::error("fence-syntax", e.message)
                            .at(self.loc(lang_offset + e.offset, 1))
                            .help("close the quote: `key=\"a value\"`");
                        self.rendered.diagnostics.push(d);
                        Fence::default()
                    }
                };
                if let Some((message, help)) =
                    fence.file().and_then(crate::script::file_path_problem)
                {
                    let at = info.find("file=").unwrap_or(0);
                    let len = info[at..]
                        .find(char::is_whitespace)
                        .unwrap_or(info.len() - at);
                    self.rendered.diagnostics.push(
                        Diagnostic::error("file-path", message)
                            .at(self.loc(lang_offset + at, len))
                            .help(help),
                    );
                }
                let body = match kind {
                    CodeBlockKind::Fenced(_) => self.source[range.start..]
                        .find('\n')
                        .map_or(range.end, |i| range.start + i + 1),
                    CodeBlockKind::Indented => range.start,
                };
                self.code = Some(OpenCode {
                    fence,
                    text: String::new(),
                    offset: body,
                    lang_offset,
                });
                return;
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest = self.link(&dest_url, range);
                self.depth += 1;
                if link_type == LinkType::Autolink {
                    // `<https://…>`: its text is its address, which print
                    // does not repeat after it.
                    self.push(Event::Html(
                        format!("<a class=\"url\" href=\"{}\">", escape(&dest)).into(),
                    ));
                    return;
                }
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
                return;
            }
            Tag::BlockQuote(Some(kind)) => {
                let (class, title) = match kind {
                    BlockQuoteKind::Note => ("note", self.strings.note),
                    BlockQuoteKind::Tip => ("tip", self.strings.tip),
                    BlockQuoteKind::Important => ("important", self.strings.important),
                    BlockQuoteKind::Warning => ("warning", self.strings.warning),
                    BlockQuoteKind::Caution => ("caution", self.strings.caution),
                };
                self.depth += 1;
                self.html(format!(
                    "<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n"
                ));
                return;
            }
            Tag::FootnoteDefinition(label) => {
                self.depth += 1;
                if let Some(open) = self.footnote.take() {
                    self.footnotes.push(open);
                }
                self.footnote = Some(Footnote {
                    label: label.to_string(),
                    events: Vec::new(),
                    offset: range.start,
                });
                return;
            }
            _ => {}
        }
        self.depth += 1;
        self.push(Event::Start(tag));
    }

    fn end(&mut self, end: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        if matches!(
            end,
            TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell
        ) {
            self.scopes.pop();
        }
        match end {
            TagEnd::BlockQuote(Some(_)) => self.html("</div>\n".to_string()),
            TagEnd::FootnoteDefinition => {
                if let Some(f) = self.footnote.take() {
                    self.footnotes.push(f);
                }
            }
            other => self.push(Event::End(other)),
        }
    }

    /// `::: details Title` opens a collapsible block, `::: tabs` a group of
    /// variants, `::: tab ids Label` one variant; `:::` closes the innermost.
    fn container(&mut self, range: std::ops::Range<usize>) {
        let text = &self.source[range.clone()];
        let first = text.lines().next().unwrap_or("").trim_end();
        let len = first.len();
        let at = self.loc(range.start, len);
        if text.trim_end().contains('\n') {
            self.rendered.diagnostics.push(
                Diagnostic::error("container-syntax", "a `:::` line must stand alone")
                    .at(at)
                    .help("leave a blank line after it"),
            );
            return;
        }
        let (kind, args) = container_line(first).unwrap_or(("", ""));
        if kind.is_empty() {
            match self.containers.pop() {
                Some(open) if open.depth == self.depth => {
                    let close = match open.kind {
                        ContainerKind::Details => "</details>\n",
                        ContainerKind::Tabs => "</div>\n",
                        ContainerKind::Tab => "</section>\n",
                        ContainerKind::Foreign => "<p>:::</p>\n",
                    };
                    self.html(close.to_string());
                }
                Some(open) => {
                    let d = Diagnostic::error("container-syntax", "this `:::` closes a block opened at another nesting level")
                        .at(at)
                        .note(format!("opened on line {}", self.loc(open.offset, open.len).line))
                        .help("open and close a `:::` block at the same level (not inside a list or quote)");
                    self.rendered.diagnostics.push(d);
                }
                None => self.rendered.diagnostics.push(
                    Diagnostic::error("container-syntax", "`:::` closes nothing")
                        .at(at)
                        .help("remove it, or open a block with `::: details Title` above"),
                ),
            }
            return;
        }
        let parent = self.containers.last().map(|c| c.kind);
        let (kind, html) = match kind {
            "details" => {
                let title = if args.is_empty() { "Details" } else { args };
                (
                    ContainerKind::Details,
                    format!(
                        "<details class=\"dropdown\"><summary>{}</summary>\n",
                        self.fill_plain_html(title, range.start + first.len() - args.len())
                    ),
                )
            }
            "tabs" => (ContainerKind::Tabs, "<div class=\"tabs\">\n".to_string()),
            "tab" => {
                if parent != Some(ContainerKind::Tabs) {
                    self.rendered.diagnostics.push(
                        Diagnostic::error(
                            "container-syntax",
                            "`::: tab` outside a `::: tabs` group",
                        )
                        .at(at)
                        .help("put the variants of one step between `::: tabs` and `:::`"),
                    );
                    return;
                }
                let (ids, label) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
                let label = label.trim();
                let ids: Vec<String> = ids.split(',').map(str::to_string).collect();
                let valid = |id: &String| {
                    !id.is_empty()
                        && id.starts_with(|c: char| c.is_ascii_lowercase())
                        && id.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
                        })
                };
                if label.is_empty() || !ids.iter().all(valid) {
                    self.rendered.diagnostics.push(
                        Diagnostic::error("container-syntax", "a tab needs ids and a label: `::: tab ubuntu-20.04 Ubuntu 20.04`")
                            .at(at)
                            .help("ids are lowercase letters, digits, `.` and `-`, several separated by `,` (`centos,fedora`); the label follows"),
                    );
                    return;
                }
                self.rendered.variants.push(Variant {
                    ids: ids.clone(),
                    label: label.to_string(),
                    offset: range.start,
                });
                (
                    ContainerKind::Tab,
                    format!(
                        "<section class=\"tab\" data-tab=\"{}\"><p class=\"tab-title\">{}</p>\n",
                        escape(&ids.join(",")),
                        escape(label)
                    ),
                )
            }
            other => {
                self.rendered.diagnostics.push(
                    Diagnostic::warning("container-syntax", format!("`::: {other}` is not a netplate block: it is shown as text"))
                        .at(at)
                        .help("netplate knows `::: details Title`, `::: tabs` and `::: tab <ids> <label>`; for a callout, write `> [!WARNING]` (or NOTE, TIP, IMPORTANT, CAUTION)"),
                );
                (
                    ContainerKind::Foreign,
                    format!("<p>{}</p>\n", escape(first)),
                )
            }
        };
        self.containers.push(OpenContainer {
            kind,
            depth: self.depth,
            offset: range.start,
            len,
        });
        self.html(html);
    }

    /// Fills placeholders of inline text. Returns the plain filled text and,
    /// when the text had placeholders, its HTML with marked values.
    fn fill_inline(&mut self, text: &str, offset: usize, _code: bool) -> (String, Option<String>) {
        let Some(fill) = self.fill else {
            return (text.to_string(), None);
        };
        let scope = self.scopes.last().is_some_and(|s| s.0);
        self.literals_in(fill, text, offset, scope, false);
        let relevant =
            fill.template.occurs_in(text) || (scope && text.contains(fill.template.netmask()));
        if !relevant {
            return (text.to_string(), None);
        }
        let (pieces, errors) = fill.scan(text, scope);
        self.scan_errors(&errors, offset);
        if !pieces.iter().any(|p| matches!(p, Piece::Value { .. })) {
            return (text.to_string(), None);
        }
        let mut html = String::new();
        for piece in &pieces {
            match piece {
                Piece::Text(t) => html.push_str(&escape(t)),
                Piece::Value { key, .. } => html.push_str(&format!(
                    "<span class=\"ph\" data-ph=\"{key}\">{}</span>",
                    escape(&fill.values.text(key))
                )),
            }
        }
        (fill.values.fill(&pieces), Some(html))
    }

    /// Escaped text with placeholders filled and marked (for titles).
    fn fill_plain_html(&mut self, text: &str, offset: usize) -> String {
        match self.fill_inline(text, offset, false) {
            (_, Some(html)) => html,
            (plain, None) => escape(&plain),
        }
    }

    /// Records a `literal-value` warning for each literal of `text` (at
    /// `offset` in the chapter) that looks like a template value.
    fn literals_in(&mut self, fill: Fill<'_>, text: &str, offset: usize, scope: bool, code: bool) {
        let before = if code {
            None
        } else {
            offset
                .checked_sub(1)
                .and_then(|p| self.source.as_bytes().get(p).copied())
        };
        for l in fill.template.literals_after(before, text, scope) {
            let keep = if code {
                "to keep the block's values as written on purpose, add `literal` after its language: ```text literal"
            } else {
                "to keep it as written on purpose, put `<!-- netplate: literal -->` in the paragraph, or on a line of its own before it"
            };
            let d = Diagnostic::warning("literal-value", l.message)
                .at(self.loc(offset + l.offset, l.len))
                .note(keep)
                .help(l.help);
            self.literals.push((offset + l.offset, d));
        }
    }

    fn scan_errors(&mut self, errors: &[crate::placeholder::ScanError], offset: usize) {
        for e in errors {
            let d = Diagnostic::error("placeholder", e.message.clone())
                .at(self.loc(offset + e.offset, e.len))
                .help(e.help.clone());
            self.rendered.diagnostics.push(d);
        }
    }

    fn end_heading(&mut self) {
        self.scopes.pop();
        let Some(h) = self.heading.take() else { return };
        let level = h.level as u8;
        let text = h.text.trim().to_string();
        let id = match h.id {
            Some(id) => {
                if let Some(&first) = self.ids.get(&id) {
                    let d = Diagnostic::error(
                        "duplicate-id",
                        format!("heading id `{id}` is used twice in this chapter"),
                    )
                    .at(self.loc(h.offset, self.source[h.offset..].find('\n').unwrap_or(0)))
                    .note(format!("first used on line {}", self.loc(first, 1).line))
                    .help("give each heading its own `{#id}`");
                    self.rendered.diagnostics.push(d);
                }
                id
            }
            None => {
                let base = slugify(&text);
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                // mdBook's rule: the first of `base`, `base-1`, `base-2`, …
                // not taken. Taken ids stay taken, so the search for a
                // base goes on where its last one ended.
                let mut id = base.clone();
                let next = self.next_suffix.entry(base.clone()).or_insert(1);
                while self.ids.contains_key(&id) {
                    id = format!("{base}-{next}");
                    *next += 1;
                }
                id
            }
        };
        self.ids.entry(id.clone()).or_insert(h.offset);
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&h.classes.join(" ")))
        };
        let open = format!("<h{level} id=\"{}\"{class}>", escape(&id));
        match &mut self.footnote {
            Some(f) => f.events[h.index] = Event::Html(open.into()),
            None => self.out[h.index] = Event::Html(open.into()),
        }
        self.html(format!(
            "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\"></a></h{level}>\n",
            escape(&id)
        ));
        if level == 1 && self.rendered.title.is_none() {
            self.rendered.title = Some(text.clone());
        }
        self.rendered.headings.push(Heading {
            level,
            id,
            text,
            offset: h.offset,
        });
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        let source = highlight::resolve(&code.fence.lang);
        if source == highlight::Source::Unknown {
            let lang = code.fence.lang.clone();
            let d = Diagnostic::warning("unknown-language", format!("no highlighting for language `{lang}`; the block is shown plain"))
                .at(self.loc(code.lang_offset, lang.len()))
                .help("use one of bash, console, yaml, ini, diff, interfaces, ifcfg, resolv, text, or a language syntect knows");
            self.rendered.diagnostics.push(d);
        }
        // `check=none` blocks are the author's own business; `literal` keeps
        // the block's values as written.
        let literal = code.fence.attr("check") == Some("none")
            || code
                .fence
                .attrs
                .iter()
                .any(|(k, v)| k == "literal" && v.is_none());
        if let Some(fill) = self.fill.filter(|_| !literal) {
            let scope = fill.template.occurs_in(&code.text);
            self.literals_in(fill, &code.text, code.offset, scope, true);
        }
        let body = match self.fill {
            Some(fill) if fill.template.occurs_in(&code.text) => {
                let (pieces, errors) = fill.scan(&code.text, true);
                self.scan_errors(&errors, code.offset);
                let mut filled = String::with_capacity(code.text.len());
                let mut marks = Vec::new();
                for piece in &pieces {
                    match piece {
                        Piece::Text(t) => filled.push_str(t),
                        Piece::Value { key, .. } => {
                            let start = filled.len();
                            filled.push_str(&fill.values.text(key));
                            marks.push((start, filled.len(), key.to_string()));
                        }
                    }
                }
                mark_values(&highlight::highlight(&filled, source), &filled, &marks)
            }
            _ => highlight::highlight(&code.text, source),
        };
        let lang_attr = if code.fence.lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", escape(&code.fence.lang))
        };
        // `tabindex`: a block wider than the page scrolls from the keyboard too.
        let html = match code.fence.file() {
            Some(file) => {
                // Copy as command sets the mode as the script does; a bad
                // `mode=` is reported by the script's fence check.
                let mode = code
                    .fence
                    .attrs
                    .iter()
                    .find(|(k, _)| k == "mode")
                    .and_then(|(_, m)| m.as_deref())
                    .filter(|m| crate::script::is_mode(m))
                    .map_or_else(String::new, |m| format!(" data-mode=\"{m}\""));
                format!(
                    "<figure class=\"code\"{lang_attr} data-file=\"{f}\"{mode}><figcaption class=\"code-title\">{f}</figcaption><pre class=\"hl\" tabindex=\"0\"><code>{body}</code></pre></figure>\n",
                    f = escape(file)
                )
            }
            None => format!(
                "<div class=\"code\"{lang_attr}><pre class=\"hl\" tabindex=\"0\"><code>{body}</code></pre></div>\n"
            ),
        };
        self.html(html);
        let line = self.loc(code.offset, 0).line;
        self.rendered.code_blocks.push(CodeBlock {
            fence: code.fence,
            text: code.text,
            line,
            offset: code.offset,
        });
    }

    /// Rewrites `other.md#id` to `other.html#id` and records it for checking.
    fn link(&mut self, dest: &CowStr<'a>, range: std::ops::Range<usize>) -> CowStr<'a> {
        let url = dest.as_ref();
        let is_external = url.contains("://")
            || url.starts_with("mailto:")
            || url.starts_with('/')
            || url.starts_with("//");
        if is_external {
            return dest.clone();
        }
        let (path, anchor) = match url.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (url, None),
        };
        let record = |chapter: String| LinkTarget {
            chapter,
            anchor: anchor.clone(),
            offset: range.start,
            len: range.len(),
            page: false,
        };
        if path.is_empty() {
            if anchor.is_some() {
                self.rendered.links.push(record(self.chapter.to_string()));
            }
            return dest.clone();
        }
        if path.ends_with(".html") {
            // A page of this book, when it does not climb out of it.
            let depth = self.chapter.matches('/').count();
            let climbs = path
                .split('/')
                .take_while(|p| *p == ".." || *p == ".")
                .filter(|p| *p == "..")
                .count();
            if climbs <= depth {
                let mut link = record(resolve_relative(self.chapter, path));
                link.page = true;
                self.rendered.links.push(link);
            }
            return dest.clone();
        }
        if !path.ends_with(".md") {
            return dest.clone();
        }
        let target = resolve_relative(self.chapter, path);
        self.rendered.links.push(record(target));
        let html = crate::content::html_path(path);
        match &anchor {
            Some(a) => CowStr::from(format!("{html}#{a}")),
            None => CowStr::from(html),
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let next = self.footnote_refs.len() + 1;
        let entry = self
            .footnote_refs
            .entry(label.to_string())
            .or_insert((next, 0));
        entry.1 += 1;
        let (number, count) = *entry;
        let id = footnote_id(label);
        let ref_id = if count == 1 {
            format!("fnref-{id}")
        } else {
            format!("fnref-{id}-{count}")
        };
        self.html(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{ref_id}\">{number}</a></sup>"
        ));
    }

    fn finish(mut self) -> Rendered {
        let kept = std::mem::take(&mut self.kept);
        for (offset, d) in std::mem::take(&mut self.literals) {
            if !kept.iter().any(|&(s, e)| (s..e).contains(&offset)) {
                self.rendered.diagnostics.push(d);
            }
        }
        if let Some(open) = self
            .containers
            .pop()
            .filter(|o| o.kind != ContainerKind::Foreign)
        {
            let d = Diagnostic::error(
                "container-syntax",
                "this `::: details` block is never closed",
            )
            .at(self.loc(open.offset, open.len))
            .help("add a line `:::` after the block's last line, with a blank line before it");
            self.rendered.diagnostics.push(d);
        }
        if let Some(f) = self.footnote.take() {
            self.footnotes.push(f);
        }
        let mut footnotes = std::mem::take(&mut self.footnotes);
        footnotes.sort_by_key(|f| self.footnote_refs.get(&f.label).map_or(usize::MAX, |r| r.0));
        let referenced = footnotes
            .iter()
            .any(|f| self.footnote_refs.contains_key(&f.label));
        if !referenced {
            // Definitions nobody references: warnings, and no empty section.
            for f in &footnotes {
                self.rendered
                    .diagnostics
                    .push(unused_footnote(f, self.loc(f.offset, f.label.len() + 4)));
            }
        } else {
            self.out.push(Event::Html(CowStr::from(format!(
                "<section class=\"footnotes\" role=\"doc-endnotes\"><h2 class=\"footnotes-title\">{}</h2><ol>\n",
                self.strings.footnotes
            ))));
            for mut f in footnotes {
                let id = footnote_id(&f.label);
                let Some(&(_, count)) = self.footnote_refs.get(&f.label) else {
                    let d = unused_footnote(&f, self.loc(f.offset, f.label.len() + 4));
                    self.rendered.diagnostics.push(d);
                    continue;
                };
                let back: String = (1..=count)
                    .map(|n| {
                        let target = if n == 1 { format!("fnref-{id}") } else { format!("fnref-{id}-{n}") };
                        let sup = if n == 1 { String::new() } else { format!("<sup>{n}</sup>") };
                        format!(
                            " <a href=\"#{target}\" class=\"footnote-back\" aria-label=\"{}\">↩{sup}</a>",
                            self.strings.back_to_text
                        )
                    })
                    .collect();
                self.out
                    .push(Event::Html(CowStr::from(format!("<li id=\"fn-{id}\">"))));
                let back = Event::Html(CowStr::from(back));
                match f
                    .events
                    .iter()
                    .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
                {
                    Some(i) if i == f.events.len() - 1 => f.events.insert(i, back),
                    _ => f.events.push(back),
                }
                self.out.extend(f.events);
                self.out.push(Event::Html(CowStr::from("</li>\n")));
            }
            self.out
                .push(Event::Html(CowStr::from("</ol></section>\n")));
        }
        let mut html = String::with_capacity(self.source.len() * 2);
        pulldown_cmark::html::push_html(&mut html, align_by_class(self.out.into_iter()));
        self.rendered.html = html;
        self.rendered
    }
}

/// pulldown-cmark aligns a table column with `style="text-align: …"` on its
/// cells, which a strict Content-Security-Policy (`style-src 'self'`)
/// refuses: the cells of aligned columns open with a class instead
/// (`align-left`, `align-center`, `align-right`; the theme's CSS aligns them).
fn align_by_class<'e>(events: impl Iterator<Item = Event<'e>>) -> impl Iterator<Item = Event<'e>> {
    let mut aligns = Vec::new();
    let mut head = false;
    let mut column = 0;
    events.map(move |event| {
        let mut class = None;
        match &event {
            Event::Start(Tag::Table(a)) => aligns.clone_from(a),
            Event::Start(Tag::TableHead) => {
                head = true;
                column = 0;
            }
            Event::End(TagEnd::TableHead) => head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::End(TagEnd::TableCell) => column += 1,
            Event::Start(Tag::TableCell) => {
                class = match aligns.get(column) {
                    Some(Alignment::Left) => Some("left"),
                    Some(Alignment::Center) => Some("center"),
                    Some(Alignment::Right) => Some("right"),
                    _ => None,
                }
            }
            _ => {}
        }
        match class {
            Some(class) => Event::Html(CowStr::from(format!(
                "<{} class=\"align-{class}\">",
                if head { "th" } else { "td" }
            ))),
            None => event,
        }
    })
}

fn unused_footnote(f: &Footnote<'_>, at: Location) -> Diagnostic {
    Diagnostic::warning(
        "unused-footnote",
        format!("footnote `[^{}]` is never referenced", f.label),
    )
    .at(at)
    .help(format!(
        "reference it with `[^{}]` in the text, or delete it",
        f.label
    ))
}

/// Reads a `:::` line (the first line of `paragraph`): its kind (`details`,
/// `tabs`, `tab`; empty for a closing `:::`) and its arguments.
///
/// A `:::` block of another dialect (VuePress's `::: warning`) written as
/// one paragraph with its content is not a `:::` line: it is text, as
/// mdBook shows it.
pub fn container_line(paragraph: &str) -> Option<(&str, &str)> {
    if !paragraph.starts_with(":::") {
        return None;
    }
    let first = paragraph.lines().next().unwrap_or("").trim_end();
    let rest = first.trim_start_matches(':').trim();
    let (kind, args) = match rest.split_once(char::is_whitespace) {
        Some((kind, args)) => (kind, args.trim()),
        None => (rest, ""),
    };
    if !is_own_container(kind) && paragraph.trim_end().contains('\n') {
        return None;
    }
    Some((kind, args))
}

/// Whether `kind` is one of netplate's `:::` blocks (`""` closes one).
fn is_own_container(kind: &str) -> bool {
    matches!(kind, "" | "details" | "tabs" | "tab")
}

/// Which tab of a group suits `os`: one with an id equal to it, else the one
/// with the longest id that is a family of it (`ubuntu` for `ubuntu-20.04`).
/// The browser chooses the same way.
pub fn best_variant<'v>(
    variants: impl IntoIterator<Item = &'v [String]>,
    os: &str,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, ids) in variants.into_iter().enumerate() {
        for id in ids {
            let score = if id == os {
                usize::MAX
            } else if os.starts_with(&format!("{id}-")) {
                id.len()
            } else {
                continue;
            };
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Wraps each `(start, end, key)` byte range of `text` (the text that
/// `html` displays) in `<span class="ph" data-ph="key">`. The highlighter may
/// have split a value across its own spans: the value's text then moves whole
/// into the first of them, and the tags around stay balanced.
pub fn mark_values(html: &str, text: &str, marks: &[(usize, usize, String)]) -> String {
    let mut out = String::with_capacity(html.len() + marks.len() * 40);
    let mut pos = 0; // byte position in `text`
    let mut next = marks.iter().peekable();
    let mut skip_until: Option<usize> = None;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] == b'<' {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            out.push_str(&html[i..end]);
            i = end;
            continue;
        }
        // One character of text: a plain character or an entity.
        let (len, decoded_len) = if bytes[i] == b'&' {
            let end = html[i..].find(';').map_or(1, |e| e + 1);
            let decoded = match &html[i..i + end] {
                "&amp;" | "&lt;" | "&gt;" | "&quot;" | "&#39;" | "&#x27;" => 1,
                _ => end,
            };
            (end, decoded)
        } else {
            let c = html[i..].chars().next().map_or(1, char::len_utf8);
            (c, c)
        };
        if let Some(end) = skip_until {
            if pos < end {
                // Text of a value already written whole: dropped.
                pos += decoded_len;
                i += len;
                continue;
            }
            skip_until = None;
        }
        if let Some((start, end, key)) = next.peek()
            && *start == pos
        {
            out.push_str(&format!(
                "<span class=\"ph\" data-ph=\"{key}\">{}</span>",
                escape(&text[*start..*end])
            ));
            skip_until = Some(*end);
            next.next();
            pos += decoded_len;
            i += len;
            continue;
        }
        out.push_str(&html[i..i + len]);
        pos += decoded_len;
        i += len;
    }
    out
}

fn footnote_id(label: &str) -> String {
    let slug = slugify(label);
    if slug.is_empty() {
        "x".to_string()
    } else {
        slug
    }
}

/// Resolves `path` (as written in a link) against the chapter `from`, both
/// relative to the language folder: (`a/b.md`, `../c.md`) → `c.md`.
pub fn resolve_relative(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests;

//! `netplate instructions`: the guide's steps as copy-paste-ready text for one
//! reader: their values filled in, only the variants of their OS, each config
//! file headed by its path. Plain text (no Markdown syntax) or Markdown.
//!
//! It walks the same Markdown events as [`crate::markdown`], after
//! [`crate::site::Site::load`] has checked the book. [`steps`] gives the same
//! walk as data (headings and filled code blocks of one OS), which
//! [`crate::script`] turns into a shell script.

use std::fmt::Write as _;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::{
    i18n::{Strings, strings},
    markdown::{self, Fill, best_variant, container_line, fence},
    placeholder::Piece,
};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: no Markdown syntax, code as it is to be pasted.
    Text,
    /// Markdown, with fenced code blocks.
    Markdown,
}

/// What a chapter shows one reader, in order: the parts a script is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A heading, as plain text.
    Heading {
        /// 1 for `#`, 2 for `##`, ...
        level: usize,
        /// The heading's text, values filled in.
        text: String,
    },
    /// A `::: details TITLE` block opens; headings inside it belong to it.
    Open(String),
    /// The innermost open `::: details` block closes.
    Close,
    /// A code block, values filled in.
    Code {
        /// Its info string.
        fence: fence::Fence,
        /// Its text, as the reader copies it.
        text: String,
        /// Where its opening fence starts in the chapter's source.
        offset: usize,
    },
}

/// The OS variant ids a chapter offers, group by group.
pub fn variant_groups(source: &str) -> Vec<Vec<(Vec<String>, String)>> {
    let mut groups: Vec<Vec<(Vec<String>, String)>> = Vec::new();
    let mut depth_of_tabs: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(source, markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::Paragraph) = event
            && let Some((kind, args)) = container_line(&source[range])
        {
            match kind {
                "tabs" => {
                    groups.push(Vec::new());
                    depth_of_tabs.push(true);
                }
                "tab" => {
                    let (ids, label) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
                    if let Some(group) = groups.last_mut() {
                        group.push((
                            ids.split(',').map(str::to_string).collect(),
                            label.trim().to_string(),
                        ));
                    }
                    depth_of_tabs.push(false);
                }
                "" => {
                    depth_of_tabs.pop();
                }
                _ => depth_of_tabs.push(false),
            }
        }
    }
    groups
}

/// Renders one chapter's Markdown for a reader.
pub fn render(
    source: &str,
    lang: &str,
    fill: Option<Fill<'_>>,
    os: Option<&str>,
    format: Format,
) -> String {
    walk(source, lang, fill, os, format).finish()
}

/// The headings and code blocks one reader sees in a chapter, in order:
/// with `os`, only that OS's variants; values filled in as in [`render`].
pub fn steps(source: &str, lang: &str, fill: Option<Fill<'_>>, os: Option<&str>) -> Vec<Step> {
    walk(source, lang, fill, os, Format::Text).steps
}

fn walk<'s>(
    source: &'s str,
    lang: &'s str,
    fill: Option<Fill<'s>>,
    os: Option<&'s str>,
    format: Format,
) -> Writer<'s> {
    let groups = variant_groups(source);
    let mut w = Writer {
        source,
        t: strings(lang),
        lang,
        fill,
        os,
        format,
        groups,
        out: String::new(),
        line: String::new(),
        lists: Vec::new(),
        quote: 0,
        alert: None,
        scopes: Vec::new(),
        containers: Vec::new(),
        group: 0,
        tab: 0,
        skip: 0,
        skip_paragraph: false,
        code: None,
        link: Vec::new(),
        footnotes: Vec::new(),
        footnote: None,
        heading: None,
        steps: Vec::new(),
    };
    for (event, range) in Parser::new_ext(source, markdown::options()).into_offset_iter() {
        w.event(event, range);
    }
    w
}

struct Writer<'s> {
    source: &'s str,
    t: &'static Strings,
    lang: &'s str,
    fill: Option<Fill<'s>>,
    os: Option<&'s str>,
    format: Format,
    groups: Vec<Vec<(Vec<String>, String)>>,
    out: String,
    /// The block being written.
    line: String,
    /// Open lists: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    quote: usize,
    alert: Option<&'static str>,
    scopes: Vec<bool>,
    /// Open `:::` blocks: whether each one hides its content, and whether
    /// it is a shown `::: details` block (a [`Step::Open`] was recorded).
    containers: Vec<(bool, bool)>,
    group: usize,
    tab: usize,
    /// How many open containers hide their content.
    skip: usize,
    skip_paragraph: bool,
    /// The open code block: fence, text so far, offset of its fence.
    code: Option<(fence::Fence, String, usize)>,
    /// Open links: external destination (empty for links inside the book)
    /// and where their text starts in the current block.
    link: Vec<(String, usize)>,
    footnotes: Vec<(String, String)>,
    footnote: Option<(String, String)>,
    heading: Option<HeadingLevel>,
    steps: Vec<Step>,
}

impl Writer<'_> {
    fn md(&self) -> bool {
        self.format == Format::Markdown
    }

    fn fill_text(&self, text: &str, scope: bool) -> String {
        match self.fill {
            Some(fill) if fill.template.occurs_in(text) || scope => {
                let slots = fill.slots;
                let (pieces, _) = fill
                    .template
                    .scan(text, scope, &|n: &str| slots.iter().any(|s| s == n));
                if pieces.iter().any(|p| matches!(p, Piece::Value { .. })) {
                    fill.values.fill(&pieces)
                } else {
                    text.to_string()
                }
            }
            _ => text.to_string(),
        }
    }

    fn push_inline(&mut self, text: &str) {
        match &mut self.footnote {
            Some((_, body)) => body.push_str(text),
            None => self.line.push_str(text),
        }
    }

    /// Writes the current block with list and quote prefixes, then a blank line.
    fn flush(&mut self, blank_after: bool) {
        let text = std::mem::take(&mut self.line);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let indent = "  ".repeat(self.lists.len().saturating_sub(1))
            + if self.lists.is_empty() { "" } else { "  " };
        let quote = if self.md() {
            "> ".repeat(self.quote)
        } else {
            "  ".repeat(self.quote)
        };
        for (i, l) in text.lines().enumerate() {
            let _ = writeln!(
                self.out,
                "{quote}{}{l}",
                if i == 0 && !self.lists.is_empty() {
                    ""
                } else {
                    &indent
                }
            );
        }
        if blank_after {
            self.out.push('\n');
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        if self.skip_paragraph {
            if let Event::End(TagEnd::Paragraph) = event {
                self.skip_paragraph = false;
                self.scopes.pop();
            }
            return;
        }
        if let Event::Start(Tag::Paragraph) = event
            && let Some((kind, args)) = container_line(&self.source[range.clone()])
        {
            self.scopes.push(false);
            self.skip_paragraph = true;
            self.container(kind, args);
            return;
        }
        if self.skip > 0 {
            return;
        }
        if let Some((_, text, _)) = &mut self.code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        let scope = self.scopes.last().copied().unwrap_or(false);
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(t) => {
                let filled = self.fill_text(&t, scope);
                self.push_inline(&filled);
            }
            Event::Code(t) => {
                let filled = self.fill_text(&t, scope);
                let text = if self.md() {
                    format!("`{filled}`")
                } else {
                    filled
                };
                self.push_inline(&text);
            }
            Event::SoftBreak => {
                let cjk = self.line.chars().last().is_some_and(|c| c as u32 >= 0x2E80);
                if !cjk {
                    self.push_inline(" ");
                }
            }
            Event::HardBreak => self.push_inline("\n"),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.push_inline(&format!("[{n}]"));
            }
            Event::TaskListMarker(done) => self.push_inline(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                self.flush(true);
                self.out.push_str("---\n\n");
            }
            _ => {}
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|(l, _)| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push((label.to_string(), String::new()));
                self.footnotes.len()
            }
        }
    }

    fn container(&mut self, kind: &str, args: &str) {
        let hidden_parent = self.skip > 0;
        let hide = match kind {
            "" => {
                let (hide, details) = self.containers.pop().unwrap_or_default();
                if hide {
                    self.skip -= 1;
                }
                if details {
                    self.steps.push(Step::Close);
                }
                return;
            }
            "tabs" => {
                self.group += 1;
                self.tab = 0;
                false
            }
            "tab" => {
                let group = self
                    .groups
                    .get(self.group.saturating_sub(1))
                    .cloned()
                    .unwrap_or_default();
                let index = self.tab;
                self.tab += 1;
                let show = match self.os {
                    Some(os) => {
                        best_variant(group.iter().map(|(ids, _)| ids.as_slice()), os) == Some(index)
                    }
                    None => true,
                };
                if show && self.os.is_none() && !hidden_parent {
                    let label = args
                        .split_once(char::is_whitespace)
                        .map_or("", |(_, l)| l.trim());
                    self.flush(true);
                    let _ = if self.md() {
                        writeln!(self.out, "**[{label}]**\n")
                    } else {
                        writeln!(self.out, "[{label}]\n")
                    };
                }
                !show
            }
            "details" => {
                if !hidden_parent {
                    self.flush(true);
                    let title = self.fill_text(args, false);
                    let _ = if self.md() {
                        writeln!(self.out, "**{title}**\n")
                    } else {
                        writeln!(self.out, "{title}\n")
                    };
                    self.steps.push(Step::Open(title));
                }
                self.containers.push((false, !hidden_parent));
                return;
            }
            _ => false,
        };
        self.containers.push((hide, false));
        if hide {
            self.skip += 1;
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        if matches!(
            tag,
            Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell
        ) {
            let has = self
                .fill
                .is_some_and(|f| f.template.occurs_in(&self.source[range.clone()]));
            self.scopes.push(has);
        }
        match tag {
            Tag::Heading { level, .. } => {
                self.flush(true);
                self.heading = Some(level);
            }
            Tag::Paragraph => {
                if let Some(title) = self.alert.take() {
                    let sep = if self.lang.starts_with("zh") {
                        "："
                    } else {
                        ": "
                    };
                    let text = if self.md() {
                        format!("**{title}**{sep}")
                    } else {
                        format!("{title}{sep}")
                    };
                    self.push_inline(&text);
                }
            }
            Tag::List(start) => {
                self.flush(true);
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush(false);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                };
                let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                self.line.push_str(&indent);
                self.line.push_str(&marker);
            }
            Tag::BlockQuote(kind) => {
                self.flush(true);
                match kind {
                    Some(kind) => {
                        self.alert = Some(match kind {
                            BlockQuoteKind::Note => self.t.note,
                            BlockQuoteKind::Tip => self.t.tip,
                            BlockQuoteKind::Important => self.t.important,
                            BlockQuoteKind::Warning => self.t.warning,
                            BlockQuoteKind::Caution => self.t.caution,
                        });
                    }
                    None => self.quote += 1,
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush(true);
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((
                    fence::parse(&info).unwrap_or_default(),
                    String::new(),
                    range.start,
                ));
            }
            Tag::Emphasis if self.md() => self.push_inline("*"),
            Tag::Strong if self.md() => self.push_inline("**"),
            Tag::Strikethrough if self.md() => self.push_inline("~~"),
            Tag::Link { dest_url, .. } => {
                let external = dest_url.contains("://");
                if self.md() && external {
                    self.push_inline("[");
                }
                let url = if external {
                    dest_url.to_string()
                } else {
                    String::new()
                };
                self.link.push((url, self.line.len()));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush(true);
                self.footnote_number(&label);
                self.footnote = Some((label.to_string(), String::new()));
            }
            Tag::TableRow | Tag::TableHead => self.flush(false),
            Tag::TableCell if !self.line.is_empty() => self.push_inline(" | "),
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        if matches!(
            end,
            TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell
        ) {
            self.scopes.pop();
        }
        match end {
            TagEnd::Heading(_) => {
                let level = self.heading.take().map_or(1, |l| l as usize);
                let text = std::mem::take(&mut self.line);
                let text = text.trim();
                self.steps.push(Step::Heading {
                    level,
                    text: text.to_string(),
                });
                if self.md() {
                    let _ = writeln!(self.out, "{} {text}\n", "#".repeat(level));
                } else {
                    let width: usize = text
                        .chars()
                        .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
                        .sum();
                    match level {
                        1 => {
                            let _ = writeln!(self.out, "{text}\n{}\n", "=".repeat(width));
                        }
                        2 => {
                            let _ = writeln!(self.out, "{text}\n{}\n", "-".repeat(width));
                        }
                        _ => {
                            let _ = writeln!(self.out, "{text}\n");
                        }
                    }
                }
            }
            TagEnd::Paragraph if self.footnote.is_none() => self.flush(self.lists.is_empty()),
            TagEnd::Item => self.flush(false),
            TagEnd::List(_) => {
                self.flush(false);
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push('\n');
                }
            }
            TagEnd::BlockQuote(kind) => {
                self.flush(true);
                if kind.is_none() {
                    self.quote = self.quote.saturating_sub(1);
                }
            }
            TagEnd::Emphasis if self.md() => self.push_inline("*"),
            TagEnd::Strong if self.md() => self.push_inline("**"),
            TagEnd::Strikethrough if self.md() => self.push_inline("~~"),
            TagEnd::Link => {
                let (url, start) = self.link.pop().unwrap_or_default();
                if !url.is_empty() {
                    let text = self
                        .line
                        .get(start..)
                        .unwrap_or("")
                        .trim_start_matches('[')
                        .to_string();
                    if self.md() {
                        self.push_inline(&format!("]({url})"));
                    } else if text != url {
                        self.push_inline(&format!(" ({url})"));
                    }
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some((label, body)) = self.footnote.take()
                    && let Some(entry) = self.footnotes.iter_mut().find(|(l, _)| *l == label)
                {
                    entry.1 = body.trim().to_string();
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => self.flush(false),
            TagEnd::Table => {
                self.flush(false);
                self.out.push('\n');
            }
            _ => {}
        }
    }

    fn end_code(&mut self) {
        let Some((fence, text, offset)) = self.code.take() else {
            return;
        };
        let scope = self.fill.is_some_and(|f| f.template.occurs_in(&text));
        let text = self.fill_text(&text, scope);
        self.steps.push(Step::Code {
            fence: fence.clone(),
            text: text.clone(),
            offset,
        });
        let file_label = if self.lang.starts_with("zh") {
            "文件"
        } else {
            "File"
        };
        let sep = if self.lang.starts_with("zh") {
            "："
        } else {
            ": "
        };
        if let Some(file) = fence.file() {
            let _ = if self.md() {
                writeln!(self.out, "{file_label}{sep}`{file}`\n")
            } else {
                writeln!(self.out, "{file_label}{sep}{file}\n")
            };
        }
        if self.md() {
            let _ = writeln!(self.out, "```{}", fence.lang);
            self.out.push_str(&text);
            self.out.push_str("```\n\n");
        } else {
            self.out.push_str(&text);
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.flush(true);
        let notes: Vec<(String, String)> = self
            .footnotes
            .iter()
            .filter(|(_, b)| !b.is_empty())
            .cloned()
            .collect();
        if !notes.is_empty() {
            let _ = writeln!(self.out, "{}\n", self.t.footnotes);
            for (i, (_, body)) in self.footnotes.iter().enumerate() {
                if !body.is_empty() {
                    let _ = writeln!(self.out, "[{}] {body}", i + 1);
                }
            }
            self.out.push('\n');
        }
        let mut out = self.out;
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

//! Full-text search, built with the site: one index per language, written as
//! a script (`<lang>/search-index.js`) so that it loads from `file://`
//! without `fetch`, and only when the reader starts searching.
//!
//! Text is segmented by [`tokens`]: runs of letters and digits are words
//! (matched by prefix, case-insensitive); runs of Chinese, Japanese or Korean
//! characters become overlapping character bigrams (`虚拟机` → `虚拟`, `拟机`),
//! so any two or more adjacent characters of a sentence find it, whatever
//! its length, without a dictionary. `theme/static/search.js` segments
//! the query with the same rules and runs the same [`Index::search_with`];
//! the browser tests check that both give the same answers.
//!
//! [`sections`] cuts a chapter at its headings, and a heading's section ends
//! with the block (tab, collapsible block, alert) the heading is in. The
//! reader's values are not indexed as words: a section's strings keep a mark
//! for each ([`MARK`]), and a query word matches a section holding a key
//! when it matches a word of that key's value in effect, the build's
//! ([`Index::search`]) or a reader's ([`Index::search_for`]; in the page,
//! `netplate.text`), which results and snippets show.

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
    hash::{BuildHasherDefault, Hasher},
};

/// Terms are short strings from our own pages, not input an attacker picks
/// to collide: a multiply-rotate hash (as rustc's FxHash) instead of SipHash,
/// which was a tenth of indexing.
#[derive(Default)]
struct TermHasher(u64);

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TermMap<K, V> = HashMap<K, V, BuildHasherDefault<TermHasher>>;

use crate::markdown::Rendered;

/// The index's file name in each language's folder.
pub const INDEX_FILE: &str = "search-index.js";

/// One section of a chapter: the text under a heading up to the next one,
/// or up to the end of the block (tab, collapsible, alert) the heading is
/// in, whichever comes first.
///
/// A reader's value (`<span class="ph" data-ph="KEY">`) is kept in the
/// heading, context and text as a mark: [`MARK`] `KEY` [`MARK_VALUE`] the
/// build's value [`MARK_END`]; [`fill`] replaces the marks with the build's
/// values or a reader's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's `id`; empty for the chapter's top (its `h1`).
    pub anchor: String,
    /// The heading's text (the chapter title for the top section).
    pub heading: String,
    /// The titles of the blocks the heading is in (`::: details`, `::: tab`,
    /// alerts), outermost first, joined by ` › `, leaving out one equal to
    /// the heading: "Firewall settings" for a heading "Ubuntu" in the tab
    /// "Ubuntu" of a collapsible block "Firewall settings".
    pub context: String,
    /// The section's plain text, whitespace collapsed.
    pub text: String,
}

impl Section {
    /// The heading with its context, what queries are matched against
    /// first.
    pub fn title(&self) -> String {
        if self.context.is_empty() {
            self.heading.clone()
        } else {
            format!("{} {}", self.context, self.heading)
        }
    }
}

/// Starts a reader's value in a section's strings: `MARK KEY MARK_VALUE
/// value MARK_END` (private-use characters, which the text never holds). The
/// index script keeps `MARK KEY MARK_VALUE` only.
pub const MARK: char = '\u{E000}';
/// Ends the key of a mark and starts the build's value.
pub const MARK_VALUE: char = '\u{E001}';
/// Ends a mark.
pub const MARK_END: char = '\u{E002}';

fn is_mark_char(c: char) -> bool {
    matches!(c, MARK | MARK_VALUE | MARK_END)
}

/// A piece of a section's string: text as it is, or a reader's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text.
    Text(&'a str),
    /// The value of `key` (`data-ph`), `value` in the build.
    Value {
        /// The placeholder's key: `1`, `xxx`, `prefix`, `netmask`.
        key: &'a str,
        /// The build's value.
        value: &'a str,
    },
}

/// Splits a section's string (heading, context or text) at its marks.
pub fn parts(text: &str) -> impl Iterator<Item = Part<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(at) = rest.find(MARK) else {
            return Some(Part::Text(std::mem::take(&mut rest)));
        };
        if at > 0 {
            let (text, after) = rest.split_at(at);
            rest = after;
            return Some(Part::Text(text));
        }
        let body = &rest[MARK.len_utf8()..];
        let end = body.find(MARK_END).unwrap_or(body.len());
        let (key, value) = body[..end]
            .split_once(MARK_VALUE)
            .unwrap_or((&body[..end], ""));
        rest = body.get(end + MARK_END.len_utf8()..).unwrap_or("");
        Some(Part::Value { key, value })
    })
}

/// A section's string with its marks replaced by `value(key)`.
pub fn fill(text: &str, value: &dyn Fn(&str) -> String) -> String {
    if !text.contains(MARK) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for part in parts(text) {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Value { key, .. } => out.push_str(&value(key)),
        }
    }
    out
}

/// A section's string as the build shows it: every mark its build's value.
pub fn plain(text: &str) -> String {
    if !text.contains(MARK) {
        return text.to_string();
    }
    parts(text)
        .map(|p| match p {
            Part::Text(t) | Part::Value { value: t, .. } => t,
        })
        .collect()
}

/// The reader's text for a placeholder key as pages carry it (`data-ph`):
/// what `netplate.text(key, values)` gives in the browser.
pub fn key_text(values: &crate::placeholder::Values, key: &str) -> String {
    values.text(&crate::placeholder::Key::from_data(key))
}

/// Headings that start a section: `h1` to `h4`. Deeper ones stay in the text.
const SECTION_LEVELS: std::ops::RangeInclusive<u8> = 1..=4;

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Tags whose text belongs to the word around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub", "u",
];

/// The value of attribute `name` in a start tag's inside (`p class="x"`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        if before.is_some_and(|c| c.is_ascii_whitespace())
            && let Some(value) = after.strip_prefix("=\"")
        {
            return value.find('"').map(|end| &value[..end]);
        }
        rest = after;
    }
    None
}

/// Whether a start tag's inside has `class` `name` among its classes.
fn has_class(tag: &str, name: &str) -> bool {
    attr(tag, "class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == name))
}

/// An element open where the splitter is (inline elements are not
/// followed: no heading or block title is inside one).
struct Open<'a> {
    name: &'a str,
    /// Its title (`<summary>`, `.tab-title`, `.alert-title`), once read.
    label: Option<String>,
    /// Whether the title still waits to see what follows it: text (then it
    /// is text of the section in effect) or a heading (then it is only that
    /// heading's context).
    pending: bool,
}

/// Where the splitter puts the text it reads.
enum Sink {
    /// The text of the section in effect.
    Section,
    /// A section heading's text, until its end tag.
    Heading { level: u8, text: String },
    /// A block's title, until the element at this depth closes.
    Label { depth: usize, text: String },
}

/// The state of [`sections`] as it reads a chapter's HTML.
struct Splitter<'a, H: Iterator<Item = &'a crate::markdown::Heading>> {
    out: Vec<Section>,
    headings: std::iter::Peekable<H>,
    /// Open elements, outermost first.
    open: Vec<Open<'a>>,
    /// How many of them have a title waiting ([`Open::pending`]).
    pending: usize,
    /// Sections in effect: (section, how many elements its heading is in).
    scopes: Vec<(usize, usize)>,
    sink: Sink,
    /// Inside a reader's value: its key and text.
    value: Option<(&'a str, String)>,
    /// Inside a footnote marker.
    skip_sup: bool,
}

impl<'a, H: Iterator<Item = &'a crate::markdown::Heading>> Splitter<'a, H> {
    /// Where text goes now.
    fn buffer(&mut self) -> &mut String {
        match &mut self.sink {
            Sink::Section => &mut self.out[self.scopes.last().map_or(0, |s| s.0)].text,
            Sink::Heading { text, .. } | Sink::Label { text, .. } => text,
        }
    }

    /// Titles waiting for what follows them, in `open[from..]`, become text
    /// of the section in effect.
    fn flush(&mut self, from: usize) {
        if self.pending == 0 {
            return;
        }
        let section = &mut self.out[self.scopes.last().map_or(0, |s| s.0)].text;
        for o in self.open[from..].iter_mut().filter(|o| o.pending) {
            o.pending = false;
            self.pending -= 1;
            section.push(' ');
            section.push_str(o.label.as_deref().unwrap_or(""));
            section.push(' ');
        }
    }

    /// Text, entities decoded.
    fn text(&mut self, text: &str) {
        if self.skip_sup {
            return;
        }
        if let Some((_, v)) = &mut self.value {
            v.push_str(text);
            return;
        }
        if self.pending > 0 && matches!(self.sink, Sink::Section) && !text.trim().is_empty() {
            self.flush(0);
        }
        push_text(self.buffer(), text);
    }

    /// A start tag: `tag` is what is between `<` and `>`, `name` its element.
    fn start(&mut self, tag: &'a str, name: &'a str) {
        if self.skip_sup || self.value.is_some() {
            return;
        }
        if INLINE.contains(&name) {
            // A reader's value, as the renderer writes it.
            if name == "span"
                && let Some(key) = tag.strip_prefix("span class=\"ph\" data-ph=\"")
            {
                let key = &key[..key.find('"').unwrap_or(key.len())];
                self.value = Some((key, String::new()));
            }
            return;
        }
        if name == "sup" && tag.contains("footnote-ref") {
            // `[^1]` markers: a number, not words of the text.
            self.skip_sup = true;
            return;
        }
        let level = match name.as_bytes() {
            [b'h', l @ b'1'..=b'4'] => Some(l - b'0'),
            _ => None,
        };
        if let (Some(level), Sink::Section) = (level, &self.sink)
            && let Some(h) = self.headings.peek()
            && h.level == level
            && attr(tag, "id") == Some(crate::highlight::escape(&h.id).as_str())
        {
            // A section heading: the titles waiting before it are its context.
            for o in &mut self.open {
                o.pending = false;
            }
            self.pending = 0;
            self.sink = Sink::Heading {
                level,
                text: String::new(),
            };
            return;
        }
        self.buffer().push(' ');
        if VOID.contains(&name) || tag.ends_with('/') || matches!(self.sink, Sink::Heading { .. }) {
            // Nothing inside a heading is followed: its end tag ends it.
            return;
        }
        let label = matches!(self.sink, Sink::Section)
            && (name == "summary"
                || (name == "p" && (has_class(tag, "tab-title") || has_class(tag, "alert-title"))));
        self.open.push(Open {
            name,
            label: None,
            pending: false,
        });
        if label {
            self.sink = Sink::Label {
                depth: self.open.len(),
                text: String::new(),
            };
        }
    }

    /// An end tag of element `name`.
    fn end(&mut self, name: &str) {
        if self.skip_sup {
            self.skip_sup = name != "sup";
            return;
        }
        if let Some((key, v)) = &self.value {
            if name == "span" {
                let mark = format!("{MARK}{key}{MARK_VALUE}{v}{MARK_END}");
                self.value = None;
                if matches!(self.sink, Sink::Section) {
                    self.flush(0);
                }
                self.buffer().push_str(&mark);
            }
            return;
        }
        if INLINE.contains(&name) {
            return;
        }
        if let Sink::Heading { level, text } = &mut self.sink {
            if name.as_bytes() == [b'h', b'0' + *level] {
                let text = collapse(text);
                self.sink = Sink::Section;
                self.heading(text);
            } else {
                text.push(' ');
            }
            return;
        }
        let Some(at) = self.open.iter().rposition(|o| o.name == name) else {
            return; // an end tag nothing opened
        };
        if let Sink::Label { depth, text } = &mut self.sink
            && at < *depth
        {
            // The title read: its block's label, waiting for what follows.
            let label = collapse(text);
            let own = at + 1 == *depth;
            self.sink = Sink::Section;
            self.open.truncate(at);
            match self.open.last_mut() {
                Some(block) if own => {
                    block.label = Some(label);
                    block.pending = true;
                    self.pending += 1;
                }
                _ => {
                    let text = self.buffer();
                    text.push(' ');
                    text.push_str(&label);
                    text.push(' ');
                }
            }
            return;
        }
        if matches!(self.sink, Sink::Section) {
            // A block closing on its title alone: the title was its text.
            self.flush(at);
        }
        for o in self.open.drain(at..) {
            if o.pending {
                self.pending -= 1;
            }
        }
        let depth = self.open.len();
        self.scopes.retain(|&(_, d)| d <= depth);
        self.buffer().push(' ');
    }

    /// A section heading read whole: its section starts.
    fn heading(&mut self, text: String) {
        let h = self
            .headings
            .next()
            .expect("the heading peeked at its start");
        let depth = self.open.len();
        if h.level == 1 && self.out.len() == 1 && self.out[0].text.trim().is_empty() {
            // The chapter's own title: the top section keeps its name.
            if text.contains(MARK) {
                self.out[0].heading = text;
            }
            return;
        }
        let heading = if text.contains(MARK) {
            text
        } else {
            h.text.clone()
        };
        let labels: Vec<&str> = self
            .open
            .iter()
            .filter_map(|o| o.label.as_deref())
            .filter(|l| !l.is_empty() && *l != heading)
            .collect();
        let context = labels.join(" › ");
        self.out.push(Section {
            anchor: h.id.clone(),
            heading,
            context,
            text: String::new(),
        });
        self.scopes.retain(|&(_, d)| d < depth);
        self.scopes.push((self.out.len() - 1, depth));
    }
}

/// Splits a rendered chapter into its sections.
///
/// The HTML is read as a tree of elements. A heading's section ends at the
/// next section heading or where the element it is in closes, and the text
/// after that belongs to the section in effect before (the heading above
/// the block). A block's title (a collapsible block's summary, a tab's
/// title) is the context of the headings inside the block; it is also text
/// of the section in effect, unless a heading comes right after it.
pub fn sections(rendered: &Rendered, title: &str) -> Vec<Section> {
    let html = rendered.html.as_str();
    let mut s = Splitter {
        out: vec![Section {
            anchor: String::new(),
            heading: title.to_string(),
            context: String::new(),
            text: String::new(),
        }],
        headings: rendered
            .headings
            .iter()
            .filter(|h| SECTION_LEVELS.contains(&h.level))
            .peekable(),
        open: Vec::new(),
        pending: 0,
        scopes: vec![(0, 0)],
        sink: Sink::Section,
        value: None,
        skip_sup: false,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let lt = rest.find(['<', '&']).unwrap_or(rest.len());
        if lt > 0 {
            s.text(&rest[..lt]);
            rest = &rest[lt..];
        } else if rest.starts_with('&') {
            let (ch, used) = entity(rest);
            s.text(ch);
            rest = &rest[used..];
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |i| &comment[i + 3..]);
        } else {
            let Some(gt) = rest.find('>') else { break };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let inner = tag.strip_prefix('/');
            let name = inner
                .unwrap_or(tag)
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            if inner.is_some() {
                s.end(name);
            } else {
                s.start(tag, name);
            }
        }
    }
    let mut out = s.out;
    for s in &mut out {
        s.text = collapse(&s.text);
    }
    out
}

/// Appends text from the page, without the characters marks are made of
/// (U+E000 to U+E002, which start with the byte 0xEE in UTF-8).
fn push_text(out: &mut String, text: &str) {
    if text.as_bytes().contains(&0xEE) && text.contains(is_mark_char) {
        out.extend(text.chars().filter(|&c| !is_mark_char(c)));
    } else {
        out.push_str(text);
    }
}

/// The character an entity at the start of `s` stands for, and its length.
fn entity(s: &str) -> (&'static str, usize) {
    const NAMED: &[(&str, &str)] = &[
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&nbsp;", " "),
    ];
    for (name, ch) in NAMED {
        if s.starts_with(name) {
            return (ch, name.len());
        }
    }
    ("&", 1)
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Chinese, Japanese and Korean characters: segmented into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF) // Extensions B–F
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Segments text into search terms (lowercase). See the module docs.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    each_token(&lower, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each term of already lowercased text, in order, as
/// slices of it (no allocation): words whole, CJK runs as overlapping
/// pairs of characters, a lone CJK character alone.
pub fn each_token<'a>(lower: &'a str, mut f: impl FnMut(&'a str)) {
    #[derive(PartialEq)]
    enum Run {
        Gap,
        Word,
        Han,
    }
    let mut run = Run::Gap;
    // Where the current run started; the last CJK character's start and
    // how many the run has.
    let (mut start, mut prev, mut han) = (0, 0, 0);
    // A word, or a lone CJK character, ends at `at`.
    let ends = |run: &Run, han: usize| *run == Run::Word || (*run == Run::Han && han == 1);
    for (i, c) in lower.char_indices() {
        if is_cjk(c) {
            if run != Run::Han {
                if ends(&run, han) {
                    f(&lower[start..i]);
                }
                (start, han) = (i, 0);
                run = Run::Han;
            } else {
                f(&lower[prev..i + c.len_utf8()]);
            }
            prev = i;
            han += 1;
        } else if is_word(c) {
            if run != Run::Word {
                if ends(&run, han) {
                    f(&lower[start..i]);
                }
                start = i;
                run = Run::Word;
            }
        } else if run != Run::Gap {
            if ends(&run, han) {
                f(&lower[start..i]);
            }
            run = Run::Gap;
        }
    }
    if ends(&run, han) {
        f(&lower[start..]);
    }
}

/// Maximal runs of two or more CJK characters: a query's phrases, which a
/// section must hold as they are typed.
fn cjk_runs(lower: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in lower.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    runs.retain(|r| r.chars().count() >= 2);
    runs
}

/// One language's index.
#[derive(Debug, Default)]
pub struct Index {
    /// (title, href relative to the language's folder), per chapter.
    chapters: Vec<(String, String)>,
    /// (chapter, section), in reading order.
    sections: Vec<(u32, Section)>,
    /// Term → sections holding it, ascending.
    terms: TermMap<String, Vec<u32>>,
    /// Placeholder key → its value in the build, and the sections holding
    /// it (in their heading, context or text), ascending.
    keys: BTreeMap<String, (String, Vec<u32>)>,
}

/// A chapter's sections and the terms of each, ready to add to an index.
#[derive(Debug)]
pub struct Chapter {
    title: String,
    href: String,
    sections: Vec<Section>,
    /// The sections' titles and texts, lowercased, one after the other.
    lower: String,
    /// Term (a range of `lower`) → the chapter's sections holding it,
    /// ascending.
    terms: Vec<(std::ops::Range<usize>, Vec<u32>)>,
    /// Placeholder key, its build's value, the chapter's sections holding
    /// it, ascending.
    keys: Vec<(String, String, Vec<u32>)>,
}

impl Chapter {
    /// Segments a chapter's sections (the costly part of indexing).
    pub fn new(title: &str, href: &str, sections: Vec<Section>) -> Chapter {
        // One buffer for the chapter: a term is a range of it, and only
        // terms new to the index are copied out (in `Index::add`).
        let mut lower = String::new();
        let mut spans = Vec::with_capacity(sections.len());
        let mut keys: Vec<(String, String, Vec<u32>)> = Vec::new();
        for (i, s) in sections.iter().enumerate() {
            let start = lower.len();
            for field in [&s.context, &s.heading, &s.text] {
                // A reader's value is not a term: it is matched against the
                // reader's own value of its key (see `Index::search_with`).
                for part in parts(field) {
                    match part {
                        Part::Text(t) => lower.push_str(&t.to_lowercase()),
                        Part::Value { key, value } => {
                            lower.push(' ');
                            let i = i as u32;
                            match keys.iter_mut().find(|k| k.0 == key) {
                                Some(k) if k.2.last() == Some(&i) => {}
                                Some(k) => k.2.push(i),
                                None => keys.push((key.to_string(), value.to_string(), vec![i])),
                            }
                        }
                    }
                }
                lower.push('\n');
            }
            spans.push(start..lower.len());
        }
        let mut found: TermMap<&str, Vec<u32>> = TermMap::default();
        for (i, span) in spans.iter().enumerate() {
            let i = i as u32;
            each_token(&lower[span.clone()], |t| {
                let ids = found.entry(t).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            });
        }
        let base = lower.as_ptr() as usize;
        let terms = found
            .into_iter()
            .map(|(t, ids)| {
                let start = t.as_ptr() as usize - base;
                (start..start + t.len(), ids)
            })
            .collect();
        Chapter {
            title: title.to_string(),
            href: href.to_string(),
            sections,
            lower,
            terms,
            keys,
        }
    }
}

/// A language's chapters as its index needs them, owned, so that the index
/// can be built on another thread while `serve` goes on.
#[derive(Debug, Default)]
pub struct Source {
    chapters: Vec<(String, String, String, Rendered)>,
}

impl Source {
    /// Adds a chapter: its title in the chapter list, its link, its rendered
    /// page (only the HTML and headings are kept).
    pub fn push(&mut self, title: &str, href: &str, rendered: &Rendered) {
        let kept = Rendered {
            html: rendered.html.clone(),
            headings: rendered
                .headings
                .iter()
                .filter(|h| SECTION_LEVELS.contains(&h.level))
                .cloned()
                .collect(),
            ..Rendered::default()
        };
        let page_title = rendered.title.clone().unwrap_or_else(|| title.to_string());
        self.chapters
            .push((title.to_string(), href.to_string(), page_title, kept));
    }

    /// Builds the index on this thread, unless `cancelled` says, between
    /// chapters, that the result is no longer wanted.
    pub fn index_unless(self, cancelled: impl Fn() -> bool) -> Option<Index> {
        let mut index = Index::default();
        for (title, href, page_title, rendered) in self.chapters {
            if cancelled() {
                return None;
            }
            index.add(Chapter::new(
                &title,
                &href,
                sections(&rendered, &page_title),
            ));
        }
        Some(index)
    }
}

/// A section as the page reads it: chapter, anchor, heading, text, context.
type ScriptSection<'a> = (u32, &'a str, Cow<'a, str>, Cow<'a, str>, Cow<'a, str>);

/// The index as the page reads it; see [`Index::to_script`].
#[derive(serde::Serialize)]
struct Script<'a> {
    c: &'a [(String, String)],
    s: Vec<ScriptSection<'a>>,
    t: Vec<&'a str>,
    p: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    k: Vec<(&'a str, &'a str, String)>,
}

/// A section's string as the index script holds it: each mark
/// `MARK KEY MARK_VALUE` (the page has the reader's value, the index holds
/// the build's once, in `k`).
fn script_text(text: &str) -> Cow<'_, str> {
    if !text.contains(MARK) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for part in parts(text) {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Value { key, .. } => {
                out.push(MARK);
                out.push_str(key);
                out.push(MARK_VALUE);
            }
        }
    }
    Cow::Owned(out)
}

/// Base-36 gaps between ascending ids, joined by commas.
fn gaps(ids: &[u32]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, id - last);
        last = id;
    }
    out
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The chapter's title.
    pub chapter: String,
    /// Link relative to the language's folder, with the section's anchor.
    pub href: String,
    /// The section's heading.
    pub heading: String,
    /// The blocks the heading is in, if any ([`Section::context`]).
    pub context: String,
    /// The section's text.
    pub text: String,
}

/// At most this many results are listed.
pub const MAX_RESULTS: usize = 30;

impl Index {
    /// Adds a chapter and its sections, in reading order.
    pub fn add_chapter(&mut self, title: &str, href: &str, sections: Vec<Section>) {
        self.add(Chapter::new(title, href, sections));
    }

    /// Adds a chapter segmented beforehand (on any thread).
    pub fn add(&mut self, chapter: Chapter) {
        let id = self.chapters.len() as u32;
        let first = self.sections.len() as u32;
        self.chapters.push((chapter.title, chapter.href));
        self.sections
            .extend(chapter.sections.into_iter().map(|s| (id, s)));
        for (range, sections) in chapter.terms {
            let term = &chapter.lower[range];
            let ids = sections.into_iter().map(|s| first + s);
            match self.terms.get_mut(term) {
                Some(known) => known.extend(ids),
                None => {
                    self.terms.insert(term.to_string(), ids.collect());
                }
            }
        }
        for (key, value, sections) in chapter.keys {
            let known = self.keys.entry(key).or_insert_with(|| (value, Vec::new()));
            known.1.extend(sections.into_iter().map(|s| first + s));
        }
    }

    /// Number of sections indexed.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The terms in UTF-16 order, the order the browser's binary search
    /// expects.
    fn sorted_terms(&self) -> Vec<(&String, &Vec<u32>)> {
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        terms
    }

    /// The index as a script for language `lang`:
    /// `(window.netplateSearch ||= {})[lang] = {c, s, t, p, k}` where `c`
    /// lists chapters `[title, href]`, `s` sections `[chapter, anchor,
    /// heading, text, context]` (reader values as `\uE000KEY\uE001`), `t` the
    /// terms sorted, `p` each term's sections as base-36 gaps joined by
    /// commas, and `k` (when the book has placeholders) `[key, the build's
    /// value, sections]` per placeholder key.
    pub fn to_script(&self, lang: &str) -> String {
        let terms = self.sorted_terms();
        let postings: Vec<String> = terms.iter().map(|(_, ids)| gaps(ids)).collect();
        let data = Script {
            c: &self.chapters,
            s: self
                .sections
                .iter()
                .map(|(c, s)| {
                    (
                        *c,
                        s.anchor.as_str(),
                        script_text(&s.heading),
                        script_text(&s.text),
                        script_text(&s.context),
                    )
                })
                .collect(),
            t: terms.iter().map(|(t, _)| t.as_str()).collect(),
            p: postings,
            k: self
                .keys
                .iter()
                .map(|(key, (value, ids))| (key.as_str(), value.as_str(), gaps(ids)))
                .collect(),
        };
        let lang = serde_json::to_string(lang).expect("a string serialises");
        let mut out = Vec::with_capacity(
            self.sections
                .iter()
                .map(|(_, s)| s.text.len() + 64)
                .sum::<usize>()
                * 5
                / 4,
        );
        out.extend_from_slice(b"(window.netplateSearch=window.netplateSearch||{})[");
        out.extend_from_slice(lang.as_bytes());
        out.extend_from_slice(b"]=");
        serde_json::to_writer(&mut out, &data).expect("strings and numbers serialise");
        out.extend_from_slice(b";\n");
        let out = String::from_utf8(out).expect("JSON is UTF-8");
        // Safe inside an inline <script> of a one-file book: JSON has `<`
        // only in strings, where `\/` and `\u0021` mean `/` and `!`.
        if out.contains("</") || out.contains("<!--") {
            return out.replace("</", "<\\/").replace("<!--", "<\\u0021--");
        }
        out
    }

    /// Sections holding every term of `query`, best first, for the build's
    /// values: the same rules as the browser's search.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_with(query, |key| {
            self.keys.get(key).map_or_else(String::new, |k| k.0.clone())
        })
    }

    /// [`Index::search`] for a reader with `values`, as a page they have
    /// personalised searches.
    pub fn search_for(&self, query: &str, values: &crate::placeholder::Values) -> Vec<Hit> {
        self.search_with(query, |key| key_text(values, key))
    }

    /// [`Index::search`] with `value(key)` as the text of each placeholder
    /// key: a section holding a key matches a query word that matches a
    /// word of the key's value, and results show the values.
    pub fn search_with(&self, query: &str, value: impl Fn(&str) -> String) -> Vec<Hit> {
        let q = query.trim().to_lowercase();
        let mut toks = tokens(&q);
        toks.sort_unstable();
        toks.dedup();
        if toks.is_empty() {
            return Vec::new();
        }
        // Each key's value, and its terms.
        let values: BTreeMap<&str, (String, Vec<String>)> = self
            .keys
            .keys()
            .map(|k| {
                let v = value(k);
                let terms = tokens(&v);
                (k.as_str(), (v, terms))
            })
            .collect();
        let value_of = |key: &str| values.get(key).map_or_else(|| value(key), |v| v.0.clone());
        let terms = self.sorted_terms();
        let mut found: Option<Vec<u32>> = None;
        for tok in &toks {
            let mut ids: Vec<u32> = Vec::new();
            let mut chars = tok.chars();
            let first = chars.next().expect("tokens are not empty");
            let one_cjk = is_cjk(first) && chars.next().is_none();
            // How a term matches: holding the character, equal (a pair of
            // CJK characters), or starting with the word.
            let matches = |t: &str| {
                if one_cjk {
                    t.contains(first)
                } else if is_cjk(first) {
                    t == tok
                } else {
                    t.starts_with(tok.as_str())
                }
            };
            if one_cjk {
                for (t, p) in &terms {
                    if t.contains(first) {
                        ids.extend(p.iter());
                    }
                }
            } else if is_cjk(first) {
                if let Some(p) = self.terms.get(tok) {
                    ids.extend(p.iter());
                }
            } else {
                let key: Vec<u16> = tok.encode_utf16().collect();
                let start =
                    terms.partition_point(|(t, _)| t.encode_utf16().lt(key.iter().copied()));
                for (t, p) in &terms[start..] {
                    if !t.starts_with(tok.as_str()) {
                        break;
                    }
                    ids.extend(p.iter());
                }
            }
            for (key, (_, sections)) in &self.keys {
                if values[key.as_str()].1.iter().any(|t| matches(t)) {
                    ids.extend(sections.iter());
                }
            }
            ids.sort_unstable();
            ids.dedup();
            found = Some(match found {
                None => ids,
                Some(prev) => prev
                    .into_iter()
                    .filter(|i| ids.binary_search(i).is_ok())
                    .collect(),
            });
        }
        let runs = cjk_runs(&q);
        let mut scored: Vec<(i64, u32)> = found
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| {
                let (_, s) = &self.sections[id as usize];
                let heading = fill(&s.title(), &value_of).to_lowercase();
                let text = fill(&s.text, &value_of).to_lowercase();
                if !runs
                    .iter()
                    .all(|r| heading.contains(r.as_str()) || text.contains(r.as_str()))
                {
                    return None;
                }
                let mut score = 0;
                if heading.contains(q.as_str()) {
                    score += 100;
                }
                score += 10 * toks.iter().filter(|t| heading.contains(t.as_str())).count() as i64;
                if text.contains(q.as_str()) {
                    score += 5;
                }
                Some((score, id))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(MAX_RESULTS)
            .map(|(_, id)| {
                let (c, s) = &self.sections[id as usize];
                let (title, href) = &self.chapters[*c as usize];
                Hit {
                    chapter: title.clone(),
                    href: if s.anchor.is_empty() {
                        href.clone()
                    } else {
                        format!("{href}#{}", s.anchor)
                    },
                    heading: fill(&s.heading, &value_of),
                    context: fill(&s.context, &value_of),
                    text: fill(&s.text, &value_of),
                }
            })
            .collect()
    }
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_segmented_into_bigrams_and_words_kept_whole() {
        assert_eq!(
            tokens("配置VMware虚拟机的网关"),
            ["配置", "vmware", "虚拟", "拟机", "机的", "的网", "网关"]
        );
        assert_eq!(tokens("网"), ["网"]);
        assert_eq!(tokens("a网b"), ["a", "网", "b"]);
        assert_eq!(tokens("x 网"), ["x", "网"]);
        assert_eq!(tokens("网关 x"), ["网关", "x"]);
        assert_eq!(tokens("ÄB网关c。防"), ["äb", "网关", "c", "防"]);
        assert_eq!(tokens("sudo netplan apply"), ["sudo", "netplan", "apply"]);
        assert_eq!(tokens("192.168.10.2/24"), ["192", "168", "10", "2", "24"]);
        assert_eq!(tokens("（a）VMware：设置"), ["a", "vmware", "设置"]);
        assert_eq!(
            tokens("ifcfg-ens33 BOOTPROTO=static"),
            ["ifcfg", "ens33", "bootproto", "static"]
        );
    }

    fn rendered(html: &str, headings: &[(u8, &str, &str)]) -> Rendered {
        Rendered {
            html: html.into(),
            headings: headings
                .iter()
                .map(|&(level, id, text)| crate::markdown::Heading {
                    level,
                    id: id.into(),
                    text: text.into(),
                    offset: 0,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn sections_follow_headings_and_drop_markup() {
        let r = rendered(
            "<h1 id=\"t\">Title<a class=\"anchor\" href=\"#t\"></a></h1>\n<p>Intro &amp; <code>ip a</code>d<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup>.</p>\
             <h2 id=\"one\">One</h2><ul><li>a</li><li>b</li></ul><h5 id=\"deep\">Deep</h5><p>x&lt;y</p>\
             <details class=\"dropdown\"><summary>Firewall</summary>\
             <h3 id=\"two\">Two &quot;2&quot;</h3><pre><code>line1\nline2</code></pre></details><h2 id=\"three\">Three</h2>",
            &[
                (1, "t", "Title"),
                (2, "one", "One"),
                (5, "deep", "Deep"),
                (3, "two", "Two \"2\""),
                (2, "three", "Three"),
            ],
        );
        let s = sections(&r, "Title");
        assert_eq!(
            s,
            [
                Section {
                    anchor: "".into(),
                    heading: "Title".into(),
                    context: "".into(),
                    text: "Intro & ip ad.".into()
                },
                Section {
                    anchor: "one".into(),
                    heading: "One".into(),
                    context: "".into(),
                    text: "a b Deep x<y".into()
                },
                Section {
                    anchor: "two".into(),
                    heading: "Two \"2\"".into(),
                    context: "Firewall".into(),
                    text: "line1 line2".into()
                },
                Section {
                    anchor: "three".into(),
                    heading: "Three".into(),
                    context: "".into(),
                    text: "".into()
                },
            ]
        );
    }

    fn index() -> Index {
        let mut index = Index::default();
        index.add_chapter(
            "配置网关和防火墙",
            "gateway.html",
            vec![
                Section {
                    anchor: "".into(),
                    heading: "配置网关和防火墙".into(),
                    context: "".into(),
                    text: "本章配置虚拟机的网关。".into(),
                },
                Section {
                    anchor: "fw".into(),
                    heading: "关闭防火墙".into(),
                    context: "".into(),
                    text: "CentOS 使用 firewalld。".into(),
                },
            ],
        );
        index.add_chapter(
            "Cloning",
            "cloning.html",
            vec![Section {
                anchor: "clone".into(),
                heading: "Cloning a VM".into(),
                context: "".into(),
                text: "虚拟机克隆以后修改 machine-id".into(),
            }],
        );
        index
    }

    fn hrefs(index: &Index, query: &str) -> Vec<String> {
        index.search(query).into_iter().map(|h| h.href).collect()
    }

    #[test]
    fn chinese_queries_need_the_characters_in_a_row() {
        let index = index();
        let hrefs = |q: &str| hrefs(&index, q);
        assert_eq!(hrefs("防火墙"), ["gateway.html", "gateway.html#fw"]);
        assert_eq!(hrefs("虚拟机克隆"), ["cloning.html#clone"]);
        // 网关 and 防火 are both in the top section, but not "网关防火".
        assert!(hrefs("网关防火").is_empty());
        assert_eq!(hrefs("墙"), ["gateway.html", "gateway.html#fw"]);
    }

    #[test]
    fn english_is_case_insensitive_with_prefixes_and_every_word_counts() {
        let index = index();
        let hrefs = |q: &str| hrefs(&index, q);
        assert_eq!(hrefs("FIREW"), ["gateway.html#fw"]);
        assert_eq!(hrefs("clon machine"), ["cloning.html#clone"]);
        assert!(hrefs("clon firewalld").is_empty());
        assert!(hrefs("  ").is_empty());
    }

    #[test]
    fn the_script_escapes_markup_and_encodes_gaps() {
        let mut index = Index::default();
        index.add_chapter(
            "T",
            "t.html",
            vec![
                Section {
                    anchor: "".into(),
                    heading: "T".into(),
                    context: "".into(),
                    text: "a </script> a".into(),
                },
                Section {
                    anchor: "b".into(),
                    heading: "B".into(),
                    context: "".into(),
                    text: "a".into(),
                },
            ],
        );
        let js = index.to_script("en");
        assert!(
            js.starts_with("(window.netplateSearch=window.netplateSearch||{})[\"en\"]={"),
            "{js}"
        );
        assert!(!js.contains("</script"), "{js}");
        // "a" is in sections 0 and 1: gaps 0 and 1.
        assert!(js.contains("\"p\":[\"0,1\""), "{js}");
        let mut s = String::new();
        push_base36(&mut s, 36 * 36 + 35);
        assert_eq!(s, "10z");
    }

    fn md(source: &str) -> Rendered {
        crate::markdown::render(
            source,
            &crate::markdown::Context::new(
                "t.md",
                std::path::Path::new("t.md"),
                crate::i18n::strings("en"),
            ),
        )
    }

    /// (anchor, context, heading, text) of each section.
    fn split(r: &Rendered) -> Vec<(String, String, String, String)> {
        sections(r, "T")
            .into_iter()
            .map(|s| (s.anchor, s.context, s.heading, s.text))
            .collect()
    }

    #[test]
    fn a_heading_in_a_block_ends_with_it_and_the_text_after_is_the_section_above() {
        let r = md("# T\n\nIntro.\n\n## Linux {#linux}\n\nPick one.\n\n\
             ::: tabs\n\n::: tab a Alpha\n\nAlpha text.\n\n:::\n\n::: tab b Beta\n\nBeta text.\n\n:::\n\n:::\n\n\
             ::: details Firewall\n\n#### Windows {#fw-win}\n\nWindows text.\n\n\
             ::: tabs\n\n::: tab c CentOS\n\n#### CentOS {#fw-centos}\n\nCentOS text.\n\n:::\n\n\
             ::: tab d Debian\n\n#### On Debian {#fw-debian}\n\nDebian text.\n\n:::\n\n:::\n\n:::\n\n\
             After the block.\n\n\
             ::: details More\n\nBefore inner.\n\n#### Inner {#inner}\n\nInner text.\n\n:::\n\n\
             > [!NOTE]\n> ### In a note {#note}\n>\n> Note text.\n\n\
             After the note.\n\n## Last {#last}\n\nLast text.\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let s = |a: &str, c: &str, h: &str, t: &str| (a.into(), c.into(), h.into(), t.into());
        assert_eq!(
            split(&r),
            [
                s("", "", "T", "Intro."),
                // Tabs without headings are text of the section they are in,
                // titles included; so is the text after a block, and a block's
                // title when text follows it.
                s(
                    "linux",
                    "",
                    "Linux",
                    "Pick one. Alpha Alpha text. Beta Beta text. After the block. More Before inner. After the note."
                ),
                s("fw-win", "Firewall", "Windows", "Windows text."),
                // A tab's title is the context of the heading right after it,
                // never text of the section before or of the tab before.
                s("fw-centos", "Firewall", "CentOS", "CentOS text."),
                s(
                    "fw-debian",
                    "Firewall › Debian",
                    "On Debian",
                    "Debian text."
                ),
                s("inner", "More", "Inner", "Inner text."),
                s("note", "Note", "In a note", "Note text."),
                s("last", "", "Last", "Last text."),
            ]
        );
        let mut index = Index::default();
        index.add_chapter("T", "t.html", sections(&r, "T"));
        assert_eq!(hrefs(&index, "firewall debian"), ["t.html#fw-debian"]);
        assert_eq!(hrefs(&index, "centos"), ["t.html#fw-centos"]);
        assert_eq!(hrefs(&index, "after"), ["t.html#linux"]);
        assert_eq!(hrefs(&index, "alpha"), ["t.html#linux"]);
    }

    #[test]
    fn markup_in_titles_and_blocks_that_close_on_their_title() {
        // A block with nothing but its title: the title is text.
        let r = rendered(
            "<h2 id=\"a\">A</h2><details><summary>Only <code>x</code>y</summary></details><p>p</p>\
             <div class=\"x\"><!-- <h2 id=\"b\"> --><h3 id=\"c\">C</h3><br><p>in</p></div></span><p>out &lt;</p>",
            &[(2, "a", "A"), (3, "c", "C")],
        );
        assert_eq!(
            split(&r),
            [
                ("".into(), "".into(), "T".into(), "".into()),
                ("a".into(), "".into(), "A".into(), "Only xy p out <".into()),
                ("c".into(), "".into(), "C".into(), "in".into()),
            ]
        );
        // Elements inside a heading end with it.
        let r = rendered(
            "<div><h2 id=\"d\"><em>D</em><sup>x</sup><div>y</h2><p>d</p>\
             <details><summary>S</summary><h3 id=\"e\">E</h3><p>e</p></details><p>after</p></div><p>top</p>",
            &[(2, "d", "Dxy"), (3, "e", "E")],
        );
        assert_eq!(
            split(&r),
            [
                ("".into(), "".into(), "T".into(), "top".into()),
                ("d".into(), "".into(), "Dxy".into(), "d after".into()),
                ("e".into(), "S".into(), "E".into(), "e".into()),
            ]
        );
    }

    const VALUES_HTML: &str = "<h1 id=\"t\">T</h1><p>Gateway <code><span class=\"ph\" data-ph=\"2\">192.168.10.2</span></code>, \
        VM <span class=\"ph\" data-ph=\"xxx\">192.168.10.100</span>/<span class=\"ph\" data-ph=\"prefix\">24</span>.\u{E000}</p>\
        <h2 id=\"vm\">VM <span class=\"ph\" data-ph=\"xxx\">192.168.10.100</span><a class=\"anchor\" href=\"#vm\"></a></h2>\
        <p>Mask <span class=\"ph\" data-ph=\"netmask\">255.255.255.0</span></p><h2 id=\"other\">Other</h2><p>192 is a number.</p>";

    fn values_index() -> Index {
        let r = rendered(
            VALUES_HTML,
            &[
                (1, "t", "T"),
                (2, "vm", "VM 192.168.10.100"),
                (2, "other", "Other"),
            ],
        );
        let mut index = Index::default();
        index.add_chapter("T", "t.html", sections(&r, "T"));
        index
    }

    fn reader() -> crate::placeholder::Values {
        crate::placeholder::Values {
            subnet: "10.20.0.0/16".parse().unwrap(),
            slots: [("xxx".to_string(), "10.20.5.6".parse().unwrap())].into(),
        }
    }

    #[test]
    fn reader_values_are_marks_in_the_text_with_the_builds_value() {
        let r = rendered(
            VALUES_HTML,
            &[(1, "t", "T"), (2, "vm", "VM 192.168.10.100")],
        );
        let s = sections(&r, "T");
        assert_eq!(
            s[0].text,
            "Gateway \u{E000}2\u{E001}192.168.10.2\u{E002}, VM \u{E000}xxx\u{E001}192.168.10.100\u{E002}/\u{E000}prefix\u{E001}24\u{E002}."
        );
        assert_eq!(
            plain(&s[0].text),
            "Gateway 192.168.10.2, VM 192.168.10.100/24."
        );
        assert_eq!(plain(&s[1].heading), "VM 192.168.10.100");
        let values = reader();
        assert_eq!(
            fill(&s[0].text, &|k| key_text(&values, k)),
            "Gateway 10.20.0.2, VM 10.20.5.6/16."
        );
        for (key, want) in [
            ("0", "10.20.0.0"),
            ("1", "10.20.0.1"),
            ("prefix", "16"),
            ("netmask", "255.255.0.0"),
            ("xxx", "10.20.5.6"),
            ("network", "10.20.0.0"),
        ] {
            assert_eq!(key_text(&values, key), want, "{key}");
        }
    }

    #[test]
    fn a_search_matches_the_values_in_effect_not_the_builds() {
        let index = values_index();
        let hrefs_for = |q: &str| -> Vec<String> {
            index
                .search_for(q, &reader())
                .into_iter()
                .map(|h| h.href)
                .collect()
        };
        // The build's values.
        assert_eq!(hrefs(&index, "192.168.10.100"), ["t.html#vm", "t.html"]);
        // Words match by prefix (255 starts with 2), and the heading
        // holding them ranks first.
        assert_eq!(hrefs(&index, "192.168.10.2"), ["t.html#vm", "t.html"]);
        assert_eq!(hrefs(&index, "255.255.255"), ["t.html#vm"]);
        assert_eq!(
            hrefs(&index, "192"),
            ["t.html#vm", "t.html", "t.html#other"]
        );
        // A reader's.
        assert_eq!(hrefs_for("10.20.5.6"), ["t.html#vm", "t.html"]);
        assert_eq!(hrefs_for("10.20"), ["t.html#vm", "t.html"]);
        assert_eq!(hrefs_for("10.20.0.2"), ["t.html#vm", "t.html"]);
        assert_eq!(hrefs_for("255.255.0.0"), ["t.html#vm"]);
        assert_eq!(hrefs_for("/16"), ["t.html"]);
        assert!(hrefs_for("192.168.10.100").is_empty());
        assert!(hrefs_for("168").is_empty());
        assert_eq!(hrefs_for("192"), ["t.html#other"]);
        let hits = index.search_for("10.20.5.6", &reader());
        assert_eq!(hits[0].heading, "VM 10.20.5.6");
        assert_eq!(hits[1].text, "Gateway 10.20.0.2, VM 10.20.5.6/16.");
        assert_eq!(index.search("vm")[0].heading, "VM 192.168.10.100");
    }

    #[test]
    fn the_script_holds_marks_and_each_keys_value_once() {
        let js = values_index().to_script("en");
        assert!(
            js.contains("VM \u{E000}xxx\u{E001}/\u{E000}prefix\u{E001}."),
            "{js}"
        );
        assert_eq!(js.matches("192.168.10.100").count(), 1, "{js}");
        assert!(!js.contains('\u{E002}'), "{js}");
        assert!(
            js.contains("\"k\":[[\"2\",\"192.168.10.2\",\"0\"],[\"netmask\",\"255.255.255.0\",\"1\"],[\"prefix\",\"24\",\"0\"],[\"xxx\",\"192.168.10.100\",\"0,1\"]]"),
            "{js}"
        );
        // No placeholders, no `k`.
        assert!(!index().to_script("zh").contains("\"k\""));
    }
}

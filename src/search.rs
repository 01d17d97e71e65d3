//! Full-text search, built with the site: one index per language, written as
//! a script (`<lang>/search-index.js`) so that it loads from `file://`
//! without `fetch`, and only when the reader starts searching.
//!
//! Text is segmented by [`tokens`]: runs of letters and digits are words
//! (matched by prefix, case-insensitive); runs of Chinese, Japanese or Korean
//! characters become overlapping character bigrams (`虚拟机` → `虚拟`, `拟机`),
//! so any two or more adjacent characters of a sentence find it, whatever
//! its length, without a dictionary. `theme/static/netplate.js` segments
//! the query with the same rules and runs the same [`Index::search`]; the
//! browser tests check that both give the same answers.

use std::{
    collections::HashMap,
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

/// One section of a chapter: the text under a heading up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's `id`; empty for the chapter's top (its `h1`).
    pub anchor: String,
    /// The heading's text (the chapter title for the top section).
    pub heading: String,
    /// The summary of the collapsible block (`::: details`) the heading is
    /// in, if any: "Firewall settings" for a heading "Ubuntu" inside it.
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

/// Headings that start a section: `h1` to `h4`. Deeper ones stay in the text.
const SECTION_LEVELS: std::ops::RangeInclusive<u8> = 1..=4;

/// Splits a rendered chapter into its sections.
pub fn sections(rendered: &Rendered, title: &str) -> Vec<Section> {
    let html = rendered.html.as_str();
    let mut out = vec![Section {
        anchor: String::new(),
        heading: title.to_string(),
        context: String::new(),
        text: String::new(),
    }];
    // Open `<details>` blocks, by their summaries, up to `scanned`.
    let mut details: Vec<String> = Vec::new();
    let mut scanned = 0;
    let mut headings = rendered
        .headings
        .iter()
        .filter(|h| SECTION_LEVELS.contains(&h.level))
        .peekable();
    let mut pos = 0;
    loop {
        // The next section heading's start tag, as the renderer writes it.
        let next = headings.peek().and_then(|h| {
            let tag = format!("<h{} id=\"{}\"", h.level, crate::highlight::escape(&h.id));
            html[pos..].find(&tag).map(|at| (pos + at, h.level))
        });
        let end = next.map_or(html.len(), |(at, _)| at);
        let last = out.last_mut().expect("the top section is always there");
        strip_into(&html[pos..end], &mut last.text);
        let Some((at, level)) = next else { break };
        let h = headings.next().expect("peeked");
        track_details(&html[scanned..at], &mut details);
        scanned = at;
        let close = format!("</h{level}>");
        pos = html[at..]
            .find(&close)
            .map_or(html.len(), |i| at + i + close.len());
        if h.level == 1 && out.len() == 1 && out[0].text.trim().is_empty() {
            // The chapter's own title: the top section keeps its name.
            continue;
        }
        out.push(Section {
            anchor: h.id.clone(),
            heading: h.text.clone(),
            context: details.last().cloned().unwrap_or_default(),
            text: String::new(),
        });
    }
    for s in &mut out {
        s.text = collapse(&s.text);
    }
    out
}

/// Follows `<details>` blocks opening and closing in `html`.
fn track_details(html: &str, open: &mut Vec<String>) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if rest.starts_with("<details") {
            let mut summary = String::new();
            if let Some(start) = rest.find("<summary") {
                let inner = &rest[start..];
                let from = inner.find('>').map_or(inner.len(), |i| i + 1);
                let to = inner.find("</summary>").unwrap_or(inner.len()).max(from);
                // The summary comes right after its <details>.
                if !rest[..start].contains("</details>") {
                    strip_into(&inner[from..to], &mut summary);
                }
            }
            open.push(collapse(&summary));
        } else if rest.starts_with("</details>") {
            open.pop();
        }
        rest = &rest[1..];
    }
}

/// Tags whose text belongs to the word around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub", "u",
];

/// Appends the text of an HTML fragment written by the renderer: tags
/// dropped (block tags become spaces), entities decoded, footnote markers
/// left out.
fn strip_into(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let (ch, used) = entity(rest);
            out.push_str(ch);
            rest = &rest[used..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if name == "sup" && !closing && tag.contains("footnote-ref") {
            // `[^1]` markers: a number, not words of the text.
            rest = rest.find("</sup>").map_or("", |i| &rest[i + 6..]);
            continue;
        }
        if !INLINE.contains(&name) {
            out.push(' ');
        }
    }
    out.push_str(rest);
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
}

impl Chapter {
    /// Segments a chapter's sections (the costly part of indexing).
    pub fn new(title: &str, href: &str, sections: Vec<Section>) -> Chapter {
        // One buffer for the chapter: a term is a range of it, and only
        // terms new to the index are copied out (in `Index::add`).
        let mut lower = String::new();
        let mut spans = Vec::with_capacity(sections.len());
        for s in &sections {
            let start = lower.len();
            lower.push_str(&s.context.to_lowercase());
            lower.push('\n');
            lower.push_str(&s.heading.to_lowercase());
            lower.push('\n');
            lower.push_str(&s.text.to_lowercase());
            lower.push('\n');
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

/// The index as the page reads it; see [`Index::to_script`].
#[derive(serde::Serialize)]
struct Script<'a> {
    c: &'a [(String, String)],
    s: Vec<(u32, &'a str, &'a str, &'a str, &'a str)>,
    t: Vec<&'a str>,
    p: Vec<String>,
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
    /// The collapsible block the heading is in, if any.
    pub context: String,
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
    /// `(window.netplateSearch ||= {})[lang] = {c, s, t, p}` where `c` lists
    /// chapters `[title, href]`, `s` sections `[chapter, anchor, heading,
    /// text]`, `t` the terms sorted and `p` each term's sections as
    /// base-36 gaps joined by commas.
    pub fn to_script(&self, lang: &str) -> String {
        let terms = self.sorted_terms();
        let postings: Vec<String> = terms
            .iter()
            .map(|(_, ids)| {
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
            })
            .collect();
        let data = Script {
            c: &self.chapters,
            s: self
                .sections
                .iter()
                .map(|(c, s)| {
                    (
                        *c,
                        s.anchor.as_str(),
                        s.heading.as_str(),
                        s.text.as_str(),
                        s.context.as_str(),
                    )
                })
                .collect(),
            t: terms.iter().map(|(t, _)| t.as_str()).collect(),
            p: postings,
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

    /// Sections holding every term of `query`, best first: the same rules
    /// as the browser's search.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let q = query.trim().to_lowercase();
        let mut toks = tokens(&q);
        toks.sort_unstable();
        toks.dedup();
        if toks.is_empty() {
            return Vec::new();
        }
        let terms = self.sorted_terms();
        let mut found: Option<Vec<u32>> = None;
        for tok in &toks {
            let mut ids: Vec<u32> = Vec::new();
            let mut chars = tok.chars();
            let first = chars.next().expect("tokens are not empty");
            if is_cjk(first) && chars.next().is_none() {
                // One character: any term holding it.
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
                let heading = s.title().to_lowercase();
                let text = s.text.to_lowercase();
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
                    heading: s.heading.clone(),
                    context: s.context.clone(),
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
                    text: "a b Deep x<y Firewall".into()
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
}

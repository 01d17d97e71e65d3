//! `SUMMARY.md`, read as mdBook reads it (`mdbook-summary`): a Markdown
//! document parsed with pulldown-cmark, so every list marker (`-`, `*`, `+`,
//! `1.`), every link form (`<my file.md>`, `"tooltip"` titles, reference
//! links), `---`/`***` separators and Markdown in titles work as they do in
//! mdBook.
//!
//! - An optional `# Title` first.
//! - Prefix chapters: links outside a list, before the first list or part.
//! - Numbered chapters: list items holding a link, nested by nesting lists;
//!   `# Part title` headings between lists; separators between them. The
//!   numbers run on across parts and separators (`1.`, `1.2.`).
//! - Suffix chapters: links after the numbered chapters.
//! - A link with an empty destination, `[Title]()`, is a draft: numbered and
//!   listed, with no page.
//!
//! Titles are their text with the Markdown styling removed, as mdBook's
//! sidebar shows them. `%20` in a path is a space.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Location};

/// What a line of SUMMARY.md is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A chapter or a draft (`path` is `None`).
    Chapter,
    /// A `# Part title` heading.
    Part,
    /// A `---` separator.
    Separator,
}

/// One entry of SUMMARY.md, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// Chapter, part title or separator.
    pub kind: EntryKind,
    /// The link text (the part's title; empty for a separator).
    pub title: String,
    /// The link target, `None` for a draft (`[Title]()`).
    pub path: Option<String>,
    /// Nesting depth (0 = top level).
    pub depth: usize,
    /// The section number (`1.2.`) of a numbered chapter.
    pub number: Option<String>,
    /// Byte offset of the entry in SUMMARY.md, for diagnostics.
    pub offset: usize,
    /// Byte length of the entry.
    pub len: usize,
}

impl SummaryEntry {
    /// Whether this is a numbered chapter (not a prefix or suffix chapter).
    pub fn numbered(&self) -> bool {
        self.number.is_some()
    }
}

/// Reads SUMMARY.md `text`; `file` names it in diagnostics. Gives the
/// entries and the warnings, or every error.
pub fn parse(
    text: &str,
    file: &Path,
) -> Result<(Vec<SummaryEntry>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut reader = Reader {
        text,
        file,
        entries: Vec::new(),
        errors: Vec::new(),
        numbers: Vec::new(),
        lists: 0,
        seen_numbered: false,
        item_has_link: Vec::new(),
        warnings: Vec::new(),
    };
    reader.run();
    if reader.errors.is_empty() {
        Ok((reader.entries, reader.warnings))
    } else {
        Err(reader.errors)
    }
}

struct Reader<'t> {
    text: &'t str,
    file: &'t Path,
    entries: Vec<SummaryEntry>,
    errors: Vec<Diagnostic>,
    /// The counters of the open lists, outermost first; the outermost one
    /// runs on across lists, parts and separators.
    numbers: Vec<u32>,
    /// Open lists.
    lists: usize,
    /// Whether a numbered chapter or part was seen (later links outside
    /// lists are suffix chapters).
    seen_numbered: bool,
    /// Per open list item: whether it already had its link.
    item_has_link: Vec<bool>,
    /// Problems that do not stop the build.
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn at(&self, offset: usize, len: usize) -> Location {
        Location::from_offset(self.file, self.text, offset, len)
    }

    fn run(&mut self) {
        let mut events = Parser::new_ext(self.text, Options::empty())
            .into_offset_iter()
            .peekable();
        let mut first_block = true;
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => {
                    let title = text_until(&mut events, |e| {
                        matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1)))
                    });
                    // The first heading, before any entry, is the book's
                    // title; later ones are part titles.
                    if !(first_block && self.entries.is_empty()) {
                        self.seen_numbered = true;
                        self.entries.push(SummaryEntry {
                            kind: EntryKind::Part,
                            title,
                            path: None,
                            depth: 0,
                            number: None,
                            offset: range.start,
                            len: line_len(self.text, range.start),
                        });
                    }
                }
                Event::Rule => self.entries.push(SummaryEntry {
                    kind: EntryKind::Separator,
                    title: String::new(),
                    path: None,
                    depth: 0,
                    number: None,
                    offset: range.start,
                    len: line_len(self.text, range.start),
                }),
                Event::Start(Tag::List(_)) => {
                    if self.lists == 0 && self.seen_suffix() {
                        self.errors.push(
                            Diagnostic::error(
                                "summary-syntax",
                                "a list of numbered chapters after the suffix chapters",
                            )
                            .at(self.at(range.start, line_len(self.text, range.start)))
                            .help("suffix chapters (links outside a list) come last; make them list items, or move them after the list"),
                        );
                    }
                    self.lists += 1;
                    self.seen_numbered = true;
                    if self.numbers.len() < self.lists {
                        self.numbers.push(0);
                    }
                }
                Event::End(TagEnd::List(_)) => {
                    self.lists -= 1;
                    // A nested list's counter restarts with its next parent.
                    self.numbers.truncate(self.lists.max(1));
                }
                Event::Start(Tag::Item) => self.item_has_link.push(false),
                Event::End(TagEnd::Item) if self.item_has_link.pop() == Some(false) => {
                    self.errors.push(
                            Diagnostic::error(
                                "summary-syntax",
                                "expected a chapter link like `- [Title](file.md)`",
                            )
                            .at(self.at(range.start, line_len(self.text, range.start)))
                            .help("a list item of SUMMARY.md holds one link `[Title](path.md)`; `[Title]()` is a draft"),
                        );
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let title = text_until(&mut events, |e| matches!(e, Event::End(TagEnd::Link)));
                    let path = dest_url.replace("%20", " ");
                    let path = path.trim_start_matches("./").to_string();
                    let len = range.len();
                    if self.lists > 0 {
                        match self.item_has_link.last_mut() {
                            Some(has) if !*has => *has = true,
                            _ => {
                                // mdBook keeps the item's first link and
                                // drops the rest: so does netplate, saying so.
                                self.warnings.push(
                                    Diagnostic::warning(
                                        "summary-syntax",
                                        format!("`{title}` is a second link in one list item of SUMMARY.md: it is not a chapter (mdBook drops it too)"),
                                    )
                                    .at(self.at(range.start, len))
                                    .help("put each chapter in its own list item: `- [Title](path.md)`"),
                                );
                                continue;
                            }
                        }
                        let depth = self.lists - 1;
                        if let Some(n) = self.numbers.get_mut(depth) {
                            *n += 1;
                        }
                        let number: String = self.numbers[..=depth]
                            .iter()
                            .map(|n| format!("{n}."))
                            .collect();
                        self.entries.push(SummaryEntry {
                            kind: EntryKind::Chapter,
                            title,
                            path: (!path.is_empty()).then_some(path),
                            depth,
                            number: Some(number),
                            offset: range.start,
                            len,
                        });
                    } else {
                        self.entries.push(SummaryEntry {
                            kind: EntryKind::Chapter,
                            title,
                            path: (!path.is_empty()).then_some(path),
                            depth: 0,
                            number: None,
                            offset: range.start,
                            len,
                        });
                    }
                }
                Event::Text(t) if !t.trim().is_empty() => {
                    if self.lists == 0 {
                        // mdBook skips text between the links; say so.
                        self.warnings.push(
                            Diagnostic::warning(
                                "summary-syntax",
                                "text outside the chapter links of SUMMARY.md is not shown",
                            )
                            .at(self.at(range.start, t.trim_end().len()))
                            .help("SUMMARY.md lists chapters: `[Title](file.md)`, `- [Title](file.md)`, `# Part`, `---`"),
                        );
                    } else if self.item_has_link.last() == Some(&false) {
                        self.stray(range.start, &t);
                        // One error per item: the text is it.
                        if let Some(has) = self.item_has_link.last_mut() {
                            *has = true;
                        }
                    }
                }
                _ => {}
            }
            first_block = false;
        }
    }

    /// Whether a link outside a list came after the numbered chapters.
    fn seen_suffix(&self) -> bool {
        self.seen_numbered
            && self
                .entries
                .last()
                .is_some_and(|e| e.kind == EntryKind::Chapter && e.number.is_none())
    }

    fn stray(&mut self, offset: usize, text: &str) {
        self.errors.push(
            Diagnostic::error(
                "summary-syntax",
                "expected a chapter link like `- [Title](file.md)`",
            )
            .at(self.at(offset, text.trim_end().len()))
            .help("each entry of SUMMARY.md is a heading, `---`, or a link `[Title](path.md)`, optionally as a list item"),
        );
    }
}

/// The plain text of events up to the one `end` matches (mdBook's
/// `stringify_events`: text and code kept, soft breaks as spaces).
fn text_until<'a>(
    events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    end: impl Fn(&Event<'a>) -> bool,
) -> String {
    let mut out = String::new();
    for (e, _) in events.by_ref() {
        if end(&e) {
            break;
        }
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The length of the line starting at `offset`.
fn line_len(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .find('\n')
        .unwrap_or(text.len().saturating_sub(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind, title, path, depth, number.
    type Row = (EntryKind, String, Option<String>, usize, Option<String>);

    fn entries(text: &str) -> Vec<Row> {
        parse(text, Path::new("SUMMARY.md"))
            .unwrap()
            .0
            .into_iter()
            .map(|e| (e.kind, e.title, e.path, e.depth, e.number))
            .collect()
    }

    fn ch(title: &str, path: Option<&str>, depth: usize, number: Option<&str>) -> Row {
        (
            EntryKind::Chapter,
            title.into(),
            path.map(Into::into),
            depth,
            number.map(Into::into),
        )
    }

    #[test]
    fn nesting_prefix_suffix_and_drafts() {
        let text = "# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n  - [One A](one/a.md)\n- [Two]()\n---\n[End](end.md)\n";
        assert_eq!(
            entries(text),
            [
                ch("Intro", Some("intro.md"), 0, None),
                ch("One", Some("one.md"), 0, Some("1.")),
                ch("One A", Some("one/a.md"), 1, Some("1.1.")),
                ch("Two", None, 0, Some("2.")),
                (EntryKind::Separator, String::new(), None, 0, None),
                ch("End", Some("end.md"), 0, None),
            ]
        );
    }

    #[test]
    fn a_second_link_in_an_item_is_dropped_with_a_warning() {
        // mdBook's own toc test book: `Deep Nest 4` is a lazy continuation
        // of `Deep Nest 3`'s item, which mdBook drops.
        let text = "- [Deep 1](d.md)\n    - [Deep 3](d/b.md)\n        [Deep 4](d/c.md)\n";
        let (got, warnings) = parse(text, Path::new("SUMMARY.md")).unwrap();
        let titles: Vec<&str> = got.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Deep 1", "Deep 3"]);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("`Deep 4` is a second link"));
        assert_eq!(warnings[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn every_list_marker_and_link_form_mdbook_reads() {
        let text = "# Summary\n\n+ [Plus](plus.md)\n\n1. [Ordered](<my file.md>)\n2. [Tip](tip.md \"A tooltip\")\n3. [Ref][r]\n4. [`Code` and *style*](a%20b.md)\n\n[r]: ref.md\n";
        let got = entries(text);
        let paths: Vec<Option<String>> = got.iter().map(|e| e.2.clone()).collect();
        assert_eq!(
            paths,
            [
                Some("plus.md".into()),
                Some("my file.md".into()),
                Some("tip.md".into()),
                Some("ref.md".into()),
                Some("a b.md".into()),
            ]
        );
        assert_eq!(got[4].1, "Code and style");
        // Numbering runs on from one list to the next, as in mdBook.
        let numbers: Vec<Option<String>> = got.iter().map(|e| e.4.clone()).collect();
        assert_eq!(
            numbers,
            ["1.", "2.", "3.", "4.", "5."].map(|n| Some(n.to_string()))
        );
    }

    #[test]
    fn parts_and_separators_keep_the_numbering() {
        // mdBook's `keep_numbering_after_separator` and parts.
        let text = "# Summary\n\n- [First](./first.md)\n\n---\n\n- [Second](./second.md)\n\n***\n\n# Part Two\n\n- [Third](./third.md)\n  - [Nested](./nested.md)\n";
        assert_eq!(
            entries(text),
            [
                ch("First", Some("first.md"), 0, Some("1.")),
                (EntryKind::Separator, String::new(), None, 0, None),
                ch("Second", Some("second.md"), 0, Some("2.")),
                (EntryKind::Separator, String::new(), None, 0, None),
                (EntryKind::Part, "Part Two".into(), None, 0, None),
                ch("Third", Some("third.md"), 0, Some("3.")),
                ch("Nested", Some("nested.md"), 1, Some("3.1.")),
            ]
        );
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = parse("# S\n- [Ok](ok.md)\n- just text\n", Path::new("SUMMARY.md")).unwrap_err();
        assert!(err[0].to_string().contains("SUMMARY.md:3:3"), "{}", err[0]);
        let err = parse(
            "- [A](a.md)\n\n[Suffix](s.md)\n\n- [B](b.md)\n",
            Path::new("SUMMARY.md"),
        )
        .unwrap_err();
        assert!(
            err[0].message.contains("after the suffix chapters"),
            "{}",
            err[0]
        );
        assert!(err[0].to_string().contains("SUMMARY.md:5:1"), "{}", err[0]);
    }

    #[test]
    fn text_between_links_is_a_warning_and_after_a_link_is_ignored() {
        let (e, w) = parse(
            "# S\n\nSome words.\n\n- [A](a.md) (soon)\n",
            Path::new("SUMMARY.md"),
        )
        .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(w.len(), 1);
        assert!(w[0].to_string().contains("SUMMARY.md:3:1"), "{}", w[0]);
    }

    #[test]
    fn html_comments_are_skipped() {
        let text =
            "# Summary\n\n<!-- hidden -->\n- [A](a.md)\n<!--\n- [B](b.md)\n-->\n- [C](c.md)\n";
        let paths: Vec<Option<String>> = entries(text).into_iter().map(|e| e.2).collect();
        assert_eq!(paths, [Some("a.md".into()), Some("c.md".into())]);
    }
}

//! The map of the original: `seed/elements.tsv` lists every element of
//! `seed/guide.rst` (each section heading, sentence, claim, command, config
//! line, code-block line, list item, the dropdown, each footnote) and where
//! each language of the guide has it, so that nothing can be dropped later.
//!
//! A row names a place as `chapter#heading-id` (the chapter's Markdown file
//! without `.md`) and quotes the Markdown source verbatim at that place. The
//! quote must lie within the heading's section: from the heading to the next
//! heading of the same or a higher level, or to the end of the `:::`
//! container (dropdown, tab) the heading is in, whichever comes first; a
//! section includes its subsections, and the chapter's `# Title {#id}` is the
//! whole chapter. Quotes are compared with whitespace runs collapsed. A kept
//! line of an original code block (command, config line, comment) must be a
//! whole line of the guide, and a section heading must be the heading line.
//! Both languages have the same chapters and heading ids, so a row names one
//! place for both; the one exception is the original's title, which is the
//! book's title in book.toml, `book.toml#language.zh` and `…#language.en`.
//!
//! A row whose `change` is empty keeps the element as the original has it
//! (translated, in English). Otherwise `change` starts with what the guide
//! did ([`CHANGES`]: `corrected:`, `typo fixed:`, `removed:` …) and says why;
//! the quotes then show the changed form, or for a removed element the place
//! where the guide says why it is gone. The older seed tests of guide.rs skip
//! seed text they list as changed on purpose (`REWORDED`, `CHANGED_CODE`):
//! each of those must have a row with a `change` here.
//!
//! The failures name the row (its line in elements.tsv and its seed line) and
//! what was not found where: an author who deletes a sentence learns which
//! original element went with it.

use std::{collections::BTreeSet, fs, ops::RangeInclusive, path::PathBuf};

use crate::book_test::repo;

const COLUMNS: [&str; 8] = [
    "seed_line",
    "kind",
    "seed_text",
    "zh",
    "zh_text",
    "en",
    "en_text",
    "change",
];

const KINDS: &[&str] = &[
    "title",
    "section",
    "label",
    "sentence",
    "claim",
    "command",
    "config",
    "comment",
    "link",
    "block",
    "step",
    "ui-path",
    "list-item",
    "dropdown",
    "footnote",
];

/// What a `change` starts with (before a colon and the reason).
const CHANGES: &[&str] = &[
    "corrected",
    "typo fixed",
    "reworded",
    "extended",
    "generalized",
    "narrowed",
    "placeholder",
    "moved",
    "answered",
    "replaced",
    "removed",
];

/// Kinds that are lines of a code block in the original: kept as they are,
/// they must be whole lines of the guide too, not just part of one.
const LINE_KINDS: &[&str] = &["command", "config", "comment", "block", "step"];

const LANGS: [&str; 2] = ["zh", "en"];

fn seed_path() -> PathBuf {
    repo().join("tests/testsuite/seed")
}

fn seed() -> Vec<String> {
    fs::read_to_string(seed_path().join("guide.rst"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One row of elements.tsv.
struct Row {
    /// The row's line in elements.tsv (1-based).
    tsv_line: usize,
    seed_lines: RangeInclusive<usize>,
    kind: String,
    seed_text: String,
    /// Per language (zh, en): the place and the quote.
    places: [(String, String); 2],
    change: String,
}

impl Row {
    /// How failures name the row.
    fn name(&self) -> String {
        let (a, b) = (self.seed_lines.start(), self.seed_lines.end());
        let lines = if a == b {
            format!("seed line {a}")
        } else {
            format!("seed lines {a}-{b}")
        };
        format!(
            "elements.tsv line {} ({lines}, {} {:?})",
            self.tsv_line, self.kind, self.seed_text
        )
    }

    fn kept(&self) -> bool {
        self.change.is_empty()
    }
}

fn rows() -> Vec<Row> {
    let text = fs::read_to_string(seed_path().join("elements.tsv")).unwrap();
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("elements.tsv is empty");
    assert_eq!(
        header.split('\t').collect::<Vec<_>>(),
        COLUMNS,
        "elements.tsv: the header row"
    );
    let mut rows = Vec::new();
    for (i, line) in lines {
        let tsv_line = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            f.len(),
            COLUMNS.len(),
            "elements.tsv line {tsv_line}: {} fields, not {}",
            f.len(),
            COLUMNS.len()
        );
        let number = |s: &str| {
            s.trim().parse::<usize>().unwrap_or_else(|_| {
                panic!("elements.tsv line {tsv_line}: bad seed_line {:?}", f[0])
            })
        };
        let seed_lines = match f[0].split_once('-') {
            Some((a, b)) => number(a)..=number(b),
            None => number(f[0])..=number(f[0]),
        };
        assert!(
            seed_lines.start() <= seed_lines.end() && *seed_lines.start() >= 1,
            "elements.tsv line {tsv_line}: bad seed_line range {:?}",
            f[0]
        );
        assert!(
            KINDS.contains(&f[1]),
            "elements.tsv line {tsv_line}: unknown kind {:?} (one of {KINDS:?})",
            f[1]
        );
        for (column, field) in COLUMNS.iter().zip(&f).take(7) {
            assert!(
                !field.trim().is_empty(),
                "elements.tsv line {tsv_line}: {column} is empty; every row says where both \
                 languages have the element"
            );
        }
        let change = f[7].trim();
        assert!(
            change.is_empty()
                || change
                    .split_once(": ")
                    .is_some_and(|(verb, why)| CHANGES.contains(&verb) && !why.trim().is_empty()),
            "elements.tsv line {tsv_line}: change {change:?} is empty (kept) or \"VERB: why\" \
             with VERB one of {CHANGES:?}"
        );
        rows.push(Row {
            tsv_line,
            seed_lines,
            kind: f[1].to_string(),
            seed_text: f[2].to_string(),
            places: [
                (f[3].to_string(), f[4].to_string()),
                (f[5].to_string(), f[6].to_string()),
            ],
            change: f[7].trim().to_string(),
        });
    }
    assert!(rows.len() > 100, "elements.tsv has {} rows", rows.len());
    rows
}

/// Whether a line of the original carries content, as opposed to pure
/// reStructuredText markup: blank lines, title and section adornments,
/// `.. code-block::` directives, `.. _label:` targets and directive options
/// such as `:class: dropdown`.
fn carries_content(line: &str) -> bool {
    let t = line.trim();
    let adornment = t.len() >= 3
        && t.chars().all(|c| t.starts_with(c))
        && t.starts_with(|c: char| c.is_ascii_punctuation());
    let option = t
        .strip_prefix(':')
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(name, rest)| {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && (rest.is_empty() || rest.starts_with(' '))
        });
    !(t.is_empty()
        || adornment
        || option
        || t.starts_with(".. code-block::")
        || (t.starts_with(".. _") && t.ends_with(':')))
}

/// Lines `range` (1-based) of the original, trimmed, joined by spaces.
fn seed_span(seed: &[String], range: RangeInclusive<usize>) -> String {
    collapse(
        &seed[range.start() - 1..*range.end()]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A heading of a Markdown chapter and its section (0-based lines, end
/// exclusive).
struct Heading {
    level: usize,
    id: Option<String>,
    line: usize,
    end: usize,
}

/// The headings of a chapter, outside code fences, with their sections.
fn headings(md: &str) -> Vec<Heading> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out: Vec<(Heading, usize)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut depth = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let ticks = |c: char| t.chars().take_while(|&x| x == c).count();
        if let Some((c, n)) = fence {
            if ticks(c) >= n && t.trim_start_matches(c).trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if let Some(c) = ['`', '~'].into_iter().find(|&c| ticks(c) >= 3) {
            fence = Some((c, ticks(c)));
            continue;
        }
        if t.starts_with(":::") {
            if t.trim() == ":::" {
                depth = depth.saturating_sub(1);
                open.retain(|&h| {
                    let keep = out[h].1 <= depth;
                    if !keep {
                        out[h].0.end = i;
                    }
                    keep
                });
            } else {
                depth += 1;
            }
            continue;
        }
        let level = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && t[level..].starts_with(' ') {
            open.retain(|&h| {
                let keep = out[h].0.level < level;
                if !keep {
                    out[h].0.end = i;
                }
                keep
            });
            let id = t.trim_end().strip_suffix('}').and_then(|r| {
                let (_, id) = r.rsplit_once("{#")?;
                Some(id.to_string())
            });
            open.push(out.len());
            out.push((
                Heading {
                    level,
                    id,
                    line: i,
                    end: lines.len(),
                },
                depth,
            ));
        }
    }
    out.into_iter().map(|(h, _)| h).collect()
}

/// A place of the guide: its file, the lines of the place's section
/// (1-based first line, for messages) and the lines themselves.
struct Section {
    file: String,
    first: usize,
    lines: Vec<String>,
    /// The heading line itself, for `section` rows.
    heading: String,
}

/// Resolves `chapter#id` for `lang`, or says why it cannot.
fn section(lang: &str, place: &str) -> Result<Section, String> {
    let (chapter, id) = place
        .split_once('#')
        .ok_or_else(|| format!("{lang} place {place:?} is not chapter#heading-id"))?;
    if chapter == "book.toml" {
        // The original's title is the book's title, per language in
        // book.toml: the place is the `[language.<lang>]` table.
        if id != format!("language.{lang}") {
            return Err(format!(
                "{lang} place {place:?}: in book.toml the place is language.{lang}"
            ));
        }
        let toml = fs::read_to_string(repo().join("book.toml")).unwrap();
        let lines: Vec<&str> = toml.lines().collect();
        let table = format!("[{id}]");
        let start = lines
            .iter()
            .position(|l| l.trim() == table)
            .ok_or_else(|| format!("book.toml has no {table}"))?;
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with('['))
            .map_or(lines.len(), |n| start + 1 + n);
        return Ok(Section {
            file: "book.toml".to_string(),
            first: start + 1,
            lines: lines[start..end].iter().map(|l| l.to_string()).collect(),
            heading: lines[start].to_string(),
        });
    }
    let file = format!("content/{lang}/{chapter}.md");
    let md = fs::read_to_string(repo().join(&file))
        .map_err(|e| format!("{lang}: no chapter {file} ({e})"))?;
    let lines: Vec<&str> = md.lines().collect();
    let h = headings(&md)
        .into_iter()
        .find(|h| h.id.as_deref() == Some(id))
        .ok_or_else(|| format!("{file} has no heading {{#{id}}}"))?;
    Ok(Section {
        file,
        first: h.line + 1,
        lines: lines[h.line..h.end].iter().map(|l| l.to_string()).collect(),
        heading: lines[h.line].to_string(),
    })
}

impl Section {
    fn has(&self, quote: &str) -> bool {
        collapse(&self.lines.join("\n")).contains(&collapse(quote))
    }

    /// Whether `quote` is one or more whole lines of the section.
    fn has_lines(&self, quote: &str) -> bool {
        let quote = collapse(quote);
        let lines: Vec<String> = self.lines.iter().map(|l| collapse(l)).collect();
        (0..lines.len()).any(|i| {
            let mut joined = String::new();
            for l in &lines[i..] {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(l);
                if joined.len() >= quote.len() {
                    return joined == quote;
                }
            }
            false
        })
    }

    fn describe(&self) -> String {
        format!(
            "{} lines {}-{}",
            self.file,
            self.first,
            self.first + self.lines.len() - 1
        )
    }
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s) with seed/elements.tsv (the map of every element of the original):\n- {}",
        problems.len(),
        problems.join("\n- ")
    );
}

#[test]
fn every_content_line_of_the_original_is_in_the_map() {
    let seed = seed();
    let rows = rows();
    let covered: BTreeSet<usize> = rows.iter().flat_map(|r| r.seed_lines.clone()).collect();
    let content: Vec<usize> = (1..=seed.len())
        .filter(|&n| carries_content(&seed[n - 1]))
        .collect();
    assert!(content.len() > 150, "{} content lines", content.len());
    let mut problems: Vec<String> = content
        .iter()
        .filter(|n| !covered.contains(n))
        .map(|&n| {
            format!(
                "seed line {n} {:?} has no row: say where each language has it, or why it was \
                 removed",
                seed[n - 1].trim()
            )
        })
        .collect();
    for r in &rows {
        if *r.seed_lines.end() > seed.len() {
            problems.push(format!(
                "{}: the original has {} lines",
                r.name(),
                seed.len()
            ));
        }
    }
    report(problems);
}

#[test]
fn each_row_quotes_its_seed_lines() {
    let seed = seed();
    let rows = rows();
    let mut problems = Vec::new();
    let mut last = 0;
    for r in &rows {
        let (a, b) = (*r.seed_lines.start(), *r.seed_lines.end());
        if b > seed.len() {
            continue;
        }
        if a < last {
            problems.push(format!("{}: rows go in the original's order", r.name()));
        }
        last = a;
        let quote = collapse(&r.seed_text);
        if !seed_span(&seed, a..=b).contains(&quote) {
            problems.push(format!(
                "{}: {:?} is not on the seed line(s): {:?}",
                r.name(),
                r.seed_text,
                seed_span(&seed, a..=b)
            ));
        } else if a < b
            && (seed_span(&seed, a + 1..=b).contains(&quote)
                || seed_span(&seed, a..=b - 1).contains(&quote))
        {
            problems.push(format!(
                "{}: the quote does not span lines {a}-{b}; name only the lines it is on",
                r.name()
            ));
        }
        if r.kind == "footnote" {
            let url = r.seed_text.split_once("] ").map(|(_, u)| u.trim());
            for (lang, (_, text)) in LANGS.iter().zip(&r.places) {
                if !url.is_some_and(|u| text.contains(u)) {
                    problems.push(format!(
                        "{}: {lang}_text lacks the footnote's link",
                        r.name()
                    ));
                }
            }
        }
        // A footnote mark [n]_ of the original goes with its element.
        for n in 1..=9 {
            if r.seed_text.contains(&format!("[{n}]_")) {
                for (lang, (_, text)) in LANGS.iter().zip(&r.places) {
                    if !text.contains(&format!("[^{n}]")) {
                        problems.push(format!(
                            "{}: {lang}_text lacks the footnote mark [^{n}]",
                            r.name()
                        ));
                    }
                }
            }
        }
    }
    report(problems);
}

#[test]
fn each_element_is_where_the_map_says_in_both_languages() {
    let mut problems = Vec::new();
    let rows = rows();
    for r in &rows {
        let [(zh, _), (en, _)] = &r.places;
        // Both languages have the same chapters and heading ids; only the
        // title's place differs (book.toml's table of each language).
        let same = zh == en || (zh == "book.toml#language.zh" && en == "book.toml#language.en");
        if !same {
            problems.push(format!(
                "{}: zh is at {zh}, en at {en}; both languages have it at the same heading",
                r.name()
            ));
        }
        for (lang, (place, quote)) in LANGS.iter().zip(&r.places) {
            let s = match section(lang, place) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{}: {e}", r.name()));
                    continue;
                }
            };
            let found = if r.kind == "section" {
                collapse(&s.heading).contains(&collapse(quote))
            } else if r.kept() && LINE_KINDS.contains(&r.kind.as_str()) {
                s.has_lines(quote)
            } else {
                s.has(quote)
            };
            if !found {
                let what = if r.kind == "section" {
                    format!("the heading line {:?}", s.heading)
                } else if r.kept() && LINE_KINDS.contains(&r.kind.as_str()) {
                    format!("a whole line in the section of {place} ({})", s.describe())
                } else {
                    format!("the section of {place} ({})", s.describe())
                };
                let how = if r.kept() {
                    "kept as is".to_string()
                } else {
                    format!("changed: {}", r.change)
                };
                problems.push(format!(
                    "{}: {lang} lacks {quote:?} in {what}, where the map says the guide has \
                     this element of the original ({how})",
                    r.name()
                ));
            }
        }
    }
    report(problems);
}

#[test]
fn both_languages_have_the_same_chapters_and_heading_ids() {
    let ids = |lang: &str| {
        let mut chapters: Vec<(String, Vec<Option<String>>)> =
            fs::read_dir(repo().join("content").join(lang))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .map(|p| {
                    let md = fs::read_to_string(&p).unwrap();
                    let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                    (name, headings(&md).into_iter().map(|h| h.id).collect())
                })
                .collect();
        chapters.sort();
        chapters
    };
    let (zh, en) = (ids("zh"), ids("en"));
    assert!(zh.len() > 5, "{} chapters", zh.len());
    assert_eq!(zh, en, "zh and en: chapters and their heading ids");
}

/// A string list of guide.rs (`REWORDED`, `CHANGED_CODE`): the seed text
/// that the older seed tests skip because the guide changed it on purpose.
fn guide_rs_list(name: &str) -> Vec<String> {
    let src = fs::read_to_string(repo().join("tests/testsuite/guide.rs")).unwrap();
    let start = src
        .find(&format!("const {name}: &[&str] = &["))
        .unwrap_or_else(|| panic!("guide.rs has no {name}"));
    let body = &src[start..];
    let body = &body[..body.find("\n];").unwrap()];
    let list: Vec<String> = body
        .lines()
        .skip(1)
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .strip_suffix("\",")
                .map(str::to_string)
        })
        .map(|s| s.replace("\\\"", "\"").replace("\\\\", "\\"))
        .collect();
    assert!(list.len() > 10, "guide.rs {name}: {list:?}");
    list
}

/// Seed text as guide.rs compares it: inline markup and footnote marks
/// removed, whitespace collapsed.
fn as_guide_rs(s: &str) -> String {
    let mut s = s
        .replace("``", "")
        .replace("**", "")
        .replace("\\ ", "")
        .replace(":ref:`config-network-firewall`", "配置网关和防火墙");
    for n in 1..=9 {
        s = s
            .replace(&format!(" [{n}]_"), "")
            .replace(&format!("[{n}]_"), "");
    }
    collapse(&s)
}

#[test]
fn the_map_agrees_with_the_deliberate_changes_of_guide_rs() {
    let seed = seed();
    let rows = rows();
    let mut problems = Vec::new();
    for list in ["REWORDED", "CHANGED_CODE"] {
        for entry in guide_rs_list(list) {
            let lines: Vec<usize> = (1..=seed.len())
                .filter(|&n| as_guide_rs(&seed[n - 1]).contains(&entry))
                .collect();
            if lines.is_empty() {
                problems.push(format!("guide.rs {list} {entry:?} is on no seed line"));
            }
            for n in lines {
                let overlapping: Vec<&Row> = rows
                    .iter()
                    .filter(|r| r.seed_lines.contains(&n))
                    .filter(|r| {
                        let t = as_guide_rs(&r.seed_text);
                        t.contains(&entry) || entry.contains(&t)
                    })
                    .collect();
                if !overlapping.iter().any(|r| !r.kept()) {
                    problems.push(format!(
                        "seed line {n}: guide.rs {list} lists {entry:?} as changed on purpose, \
                         but no row for it says what changed"
                    ));
                }
                for r in overlapping.iter().filter(|r| r.kept()) {
                    problems.push(format!(
                        "{}: kept as is, but guide.rs {list} lists {entry:?} as changed",
                        r.name()
                    ));
                }
            }
        }
    }
    report(problems);
}

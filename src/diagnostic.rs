//! Diagnostics in the style of rustc: severity, rule, `file:line:column`, the
//! offending source line with a caret, and a hint on how to fix it.
//!
//! Every stage that reads user input (book.toml, SUMMARY.md, chapters, code
//! blocks) reports problems as [`Diagnostic`]s so they all read the same.

use std::{borrow::Cow, fmt, path::PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Printed, but the build goes on.
    Warning,
    /// Fails the build.
    Error,
}

/// The most characters of a line a diagnostic keeps (and shows): a longer
/// line is cut to this many around the caret, so that a thousand
/// diagnostics on one long line do not each copy, and print, all of it.
pub const MAX_SHOWN: usize = 240;

/// A place in a source file, with the line's text for the caret display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user should see it (relative to the book when possible).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line (without its newline); of a line longer than
    /// [`MAX_SHOWN`] characters, only that many around the caret.
    pub source_line: String,
    /// The column of the line at which `source_line` starts: 1 unless a
    /// long line was cut before it.
    pub source_column: usize,
    /// Whether a long line was cut after `source_line`.
    pub cut_after: bool,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
}

/// Where each line of a text starts, computed once, so that turning many
/// byte offsets into lines and columns costs a binary search each instead
/// of a scan from the start of the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// How many lines the text has (a final newline starts an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The byte offset where 1-based `line` starts (the end of the text for
    /// a line past the last: `text_len`).
    pub fn line_start(&self, line: usize, text_len: usize) -> usize {
        match line {
            0 => 0,
            n => self.starts.get(n - 1).copied().unwrap_or(text_len),
        }
    }

    /// The byte offset of 1-based `column` (in characters) on 1-based
    /// `line` of `text`, clamped to the end of that line's text (newline
    /// included, so a column just past the line's end is its newline).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self.line_start(line, text.len()).min(text.len());
        let rest = &text[start..];
        start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i)
    }

    /// 1-based `line` of `text`, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line, text.len()).min(text.len());
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |&next| next - 1)
            .clamp(start, text.len());
        text[start..end].trim_end_matches('\r')
    }
}

impl Location {
    /// The location of byte `offset` (spanning `len` bytes) in `source`, read from `file`.
    ///
    /// Offsets past the end or inside a character are clamped, never a panic.
    /// It counts the lines before `offset`: for many locations in one text,
    /// build a [`LineIndex`] once and use [`Location::from_index`].
    pub fn from_offset(file: impl Into<PathBuf>, source: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(source, offset);
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = memchr_count(&source.as_bytes()[..line_start]) + 1;
        Self::at_line(file.into(), source, line, line_start, offset, len)
    }

    /// [`Location::from_offset`] with the lines of `source` already indexed.
    pub fn from_index(
        file: impl Into<PathBuf>,
        source: &str,
        index: &LineIndex,
        offset: usize,
        len: usize,
    ) -> Self {
        let offset = floor_char_boundary(source, offset);
        let line = index.line_of(offset);
        let line_start = index.line_start(line, source.len()).min(offset);
        Self::at_line(file.into(), source, line, line_start, offset, len)
    }

    fn at_line(
        file: PathBuf,
        source: &str,
        line: usize,
        line_start: usize,
        offset: usize,
        len: usize,
    ) -> Self {
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        let before = &source[line_start..offset];
        let column = before.chars().count() + 1;
        let end = floor_char_boundary(source, (offset + len).min(line_end));
        let width = source[offset..end].chars().count().max(1);
        // A long line: keep MAX_SHOWN characters, the caret a third in.
        let chars = if text.len() <= MAX_SHOWN {
            text.len()
        } else {
            text.chars().count()
        };
        let (source_line, source_column, cut_after) = if chars <= MAX_SHOWN {
            (text.to_string(), 1, false)
        } else {
            let first = column
                .saturating_sub(MAX_SHOWN / 3)
                .clamp(1, chars + 1 - MAX_SHOWN);
            let shown: String = text.chars().skip(first - 1).take(MAX_SHOWN).collect();
            (shown, first, chars > first - 1 + MAX_SHOWN)
        };
        Location {
            file,
            line,
            column,
            source_line,
            source_column,
            cut_after,
            width,
        }
    }

    /// The location of the start of 1-based `line`, underlining the whole line.
    pub fn from_line(file: impl Into<PathBuf>, source: &str, line: usize) -> Self {
        let offset: usize = source
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let len = source[offset.min(source.len())..]
            .find('\n')
            .unwrap_or(source.len() - offset.min(source.len()));
        Self::from_offset(file, source, offset, len)
    }
}

/// `offset` clamped to `text` and moved back to a character boundary.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How many newlines `bytes` holds (eight bytes at a time).
fn memchr_count(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Each byte equal to b'\n' becomes 0x80 (the classic SWAR test).
        let x = word ^ 0x0a0a_0a0a_0a0a_0a0a;
        let found =
            !(((x & 0x7f7f_7f7f_7f7f_7f7f) + 0x7f7f_7f7f_7f7f_7f7f) | x | 0x7f7f_7f7f_7f7f_7f7f);
        n += found.count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name of the rule, such as `missing-chapter`.
    pub rule: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub location: Option<Location>,
    /// Further places or facts (`note: ...` lines).
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error.
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, rule, message)
    }

    /// A new warning.
    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, rule, message)
    }

    fn new(severity: Severity, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            rule,
            message: message.into(),
            location: None,
            notes: Vec::new(),
            help: None,
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Adds a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Messages quote what the user wrote and source lines are the user's
        // text: control characters are shown escaped, never sent raw.
        writeln!(
            f,
            "{severity}[{}]: {}",
            self.rule,
            escape_controls(&self.message)
        )?;
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(
                f,
                "{pad}--> {}:{}:{}",
                escape_controls(&loc.file.to_string_lossy()),
                loc.line,
                loc.column
            )?;
            writeln!(f, "{pad} |")?;
            let cut_before = loc.source_column > 1;
            writeln!(
                f,
                "{} | {}{}{}",
                loc.line,
                if cut_before { "…" } else { "" },
                escape_controls(&loc.source_line),
                if loc.cut_after { "…" } else { "" }
            )?;
            // Wide (CJK) characters take two columns in a terminal.
            let skip = loc.column.saturating_sub(loc.source_column);
            let lead: usize = usize::from(cut_before)
                + loc
                    .source_line
                    .chars()
                    .take(skip)
                    .map(display_width)
                    .sum::<usize>();
            let width: usize = loc
                .source_line
                .chars()
                .skip(skip)
                .take(loc.width)
                .map(display_width)
                .sum::<usize>()
                .max(1);
            writeln!(f, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width))?;
        }
        for note in &self.notes {
            writeln!(f, "  = note: {}", escape_controls(note))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", escape_controls(help))?;
        }
        Ok(())
    }
}

/// Whether [`escape_controls`] escapes `c`: a control character other than
/// tab and newline (ESC, CR, BEL, DEL, C1 controls), or a character that
/// reorders or hides text in a terminal (bidirectional overrides and
/// isolates, zero-width marks).
fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

/// `text` with every control character (and bidirectional override) written
/// as Rust's `escape_debug` writes it (`\u{1b}`, `\r`), so that a value the
/// user typed or a file's text cannot move the cursor, recolour or reorder
/// the terminal it is printed to, or end a line of a generated script.
/// Tabs, newlines and every printable character, CJK included, stay as
/// they are. Borrows when there is nothing to escape.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Terminal columns of a character: 2 for East Asian wide characters, the
/// length of its escape for one [`escape_controls`] escapes, 1 otherwise.
fn display_width(c: char) -> usize {
    if is_escaped(c) {
        return c.escape_debug().count();
    }
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        0x09 => 4,
        _ => 1,
    }
}

/// The candidate closest to `word`, for a "did you mean" help: within two
/// edits (one for words of four characters or fewer), ties to the first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let chars = word.chars().count();
    let limit = if chars <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        // The distance is at least the difference in length: skip the
        // candidates that cannot be close, before the costly measure.
        .filter(|c| c.chars().count().abs_diff(chars) <= limit)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, _)| d > 0 && d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "first\n第二 line\nthird";
        let off = src.find("line").unwrap();
        let loc = Location::from_offset("a.md", src, off, 4);
        assert_eq!((loc.line, loc.column, loc.width), (2, 4, 4));
        assert_eq!(loc.source_line, "第二 line");
    }

    #[test]
    fn location_clamps_offsets_past_the_end() {
        let loc = Location::from_offset("a.md", "abc", 99, 3);
        assert_eq!((loc.line, loc.column), (1, 4));
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(escape_controls("ubuntu-22.04\t配置"), "ubuntu-22.04\t配置");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}[31mb\rc\u{7}\u{202e}d\\'\""),
            "a\\u{1b}[31mb\\rc\\u{7}\\u{202e}d\\'\""
        );
        let src = "x\u{1b}[2Jbad here\n";
        let off = src.find("bad").unwrap();
        let text = Diagnostic::error("r", "value `\u{1b}[2J`")
            .at(Location::from_offset("a\u{7}.md", src, off, 3))
            .to_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        // The caret stays under `bad`: the escape is 6 columns wide.
        assert_eq!(
            text,
            "error[r]: value `\\u{1b}[2J`\n --> a\\u{7}.md:1:6\n  |\n1 | x\\u{1b}[2Jbad here\n  |           ^^^\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!("{}[x](missing.md){}", "a".repeat(5000), "b".repeat(5000));
        let src = format!("first\n{line}\nlast\n");
        let off = src.find("[x]").unwrap();
        let loc = Location::from_offset("a.md", &src, off, 15);
        assert_eq!((loc.line, loc.column, loc.width), (2, 5001, 15));
        assert_eq!(loc.source_line.chars().count(), MAX_SHOWN);
        assert!(loc.source_column > 1 && loc.cut_after);
        let text = Diagnostic::error("r", "m").at(loc).to_string();
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(
            shown.starts_with("2 | …a") && shown.ends_with("b…"),
            "{shown}"
        );
        assert_eq!(
            caret.find('^'),
            shown.find("[x]").map(|b| shown[..b].chars().count())
        );
        // Short lines, CJK ones too, are kept whole.
        let cjk = "配".repeat(200);
        let loc = Location::from_offset("a.md", &cjk, cjk.len() - 3, 3);
        assert_eq!(
            (loc.source_column, loc.cut_after, loc.column),
            (1, false, 200)
        );
    }

    #[test]
    fn line_index_agrees_with_from_offset() {
        let src = "one\r\n二二\n\nfour\nlast";
        let index = LineIndex::new(src);
        assert_eq!(index.lines(), 5);
        for offset in (0..=src.len()).filter(|&o| src.is_char_boundary(o)) {
            assert_eq!(
                Location::from_index("a", src, &index, offset, 2),
                Location::from_offset("a", src, offset, 2),
                "{offset}"
            );
        }
        assert_eq!(index.line(src, 1), "one");
        assert_eq!(index.line(src, 2), "二二");
        assert_eq!(index.line(src, 5), "last");
        assert_eq!(index.line(src, 9), "");
        assert_eq!(index.offset(src, 2, 2), src.find('二').unwrap() + 3);
        assert_eq!(index.offset(src, 9, 1), src.len());
        assert_eq!(memchr_count(src.repeat(9).as_bytes()), 36);
    }

    #[test]
    fn display_reads_like_rustc_with_wide_characters() {
        let src = "# 标题\n- [坏](missing.md)\n";
        let off = src.find("[坏]").unwrap();
        let d = Diagnostic::error("missing-chapter", "chapter `missing.md` does not exist")
            .at(Location::from_offset("content/zh/SUMMARY.md", src, off, 17))
            .help("create it");
        let text = d.to_string();
        assert_eq!(
            text,
            "error[missing-chapter]: chapter `missing.md` does not exist\n \
             --> content/zh/SUMMARY.md:2:3\n  |\n2 | - [坏](missing.md)\n  |   ^^^^^^^^^^^^^^^^\n  = help: create it\n"
        );
    }
}

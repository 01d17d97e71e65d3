//! Diagnostics in the style of rustc: severity, rule, `file:line:column`, the
//! offending source line with a caret, and a hint on how to fix it.
//!
//! Every stage that reads user input (book.toml, SUMMARY.md, chapters, code
//! blocks) reports problems as [`Diagnostic`]s so they all read the same.

use std::{fmt, path::PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Printed, but the build goes on.
    Warning,
    /// Fails the build.
    Error,
}

/// A place in a source file, with the line's text for the caret display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user should see it (relative to the book when possible).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole text of the line (without its newline).
    pub source_line: String,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
}

impl Location {
    /// The location of byte `offset` (spanning `len` bytes) in `source`, read from `file`.
    ///
    /// Offsets past the end or inside a character are clamped, never a panic.
    pub fn from_offset(file: impl Into<PathBuf>, source: &str, offset: usize, len: usize) -> Self {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line = source[..line_start].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let source_line = source[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let mut end = (offset + len).min(line_end);
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let width = source[offset..end].chars().count().max(1);
        Location {
            file: file.into(),
            line,
            column,
            source_line,
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
        writeln!(f, "{severity}[{}]: {}", self.rule, self.message)?;
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(
                f,
                "{pad}--> {}:{}:{}",
                loc.file.display(),
                loc.line,
                loc.column
            )?;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", loc.line, loc.source_line)?;
            // Wide (CJK) characters take two columns in a terminal.
            let lead: usize = loc
                .source_line
                .chars()
                .take(loc.column - 1)
                .map(display_width)
                .sum();
            let width: usize = loc
                .source_line
                .chars()
                .skip(loc.column - 1)
                .take(loc.width)
                .map(display_width)
                .sum::<usize>()
                .max(1);
            writeln!(f, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width))?;
        }
        for note in &self.notes {
            writeln!(f, "  = note: {note}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Terminal columns of a character: 2 for East Asian wide characters, 1 otherwise.
fn display_width(c: char) -> usize {
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
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
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

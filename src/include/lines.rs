//! Which lines of an included file a directive takes, as mdBook's
//! `take_lines.rs` does: a line range, or the lines between `ANCHOR: name`
//! and `ANCHOR_END: name` (in whatever comment the file's language has, the
//! markers are found anywhere on their line). `rustdoc_include` takes the
//! whole file and turns the lines outside the selection into Rust hidden
//! lines (`# `).

use std::ops::Range;

use super::map::Mapped;

/// Lines `start..end`, 0-based, end exclusive; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineRange {
    pub(crate) start: Option<usize>,
    pub(crate) end: Option<usize>,
}

impl LineRange {
    pub(crate) const FULL: LineRange = LineRange {
        start: None,
        end: None,
    };

    fn contains(&self, line: usize) -> bool {
        self.start.is_none_or(|s| line >= s) && self.end.is_none_or(|e| line < e)
    }

    pub(crate) fn is_full(&self) -> bool {
        *self == LineRange::FULL
    }
}

/// What a directive takes of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Selection {
    Range(LineRange),
    Anchor(String),
}

/// Reads what follows the path's first `:` as mdBook does: `N` (line N),
/// `N:M`, `N:`, `:M`, `::`, or else an anchor name. A second part that is
/// not a number leaves the range open; a third `:` and what follows are
/// ignored.
pub(crate) fn parse_selection(spec: Option<&str>) -> Selection {
    let mut parts = spec.unwrap_or("").splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) if s.parse::<usize>().is_ok() => {
            s.parse::<usize>().ok().map(|n| n.saturating_sub(1))
        }
        Some("") | None => None,
        Some(anchor) => return Selection::Anchor(anchor.to_string()),
    };
    let end = parts.next().map(str::parse::<usize>);
    let range = match (start, end) {
        (Some(s), Some(Ok(e))) => LineRange {
            start: Some(s),
            end: Some(e),
        },
        (Some(s), Some(Err(_))) => LineRange {
            start: Some(s),
            end: None,
        },
        (Some(s), None) => LineRange {
            start: Some(s),
            end: Some(s + 1),
        },
        (None, Some(Ok(e))) => LineRange {
            start: None,
            end: Some(e),
        },
        (None, None) | (None, Some(Err(_))) => LineRange::FULL,
    };
    Selection::Range(range)
}

/// The byte ranges of `s`'s lines as [`str::lines`] gives them: without
/// `\n` or `\r\n`, no last empty line after a final newline.
pub(crate) fn line_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        let mut end = start + line.len();
        if line.ends_with('\n') {
            end -= 1;
            if s[start..end].ends_with('\r') {
                end -= 1;
            }
        }
        out.push(start..end);
        start += line.len();
    }
    out
}

/// The name in the first `marker\s*name` of `line` (mdBook's
/// `ANCHOR:\s*([\w_-]+)`).
fn marker<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let mut from = 0;
    while let Some(pos) = line[from..].find(marker) {
        let rest = line[from + pos + marker.len()..].trim_start();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if len > 0 {
            return Some(&rest[..len]);
        }
        from += pos + marker.len();
    }
    None
}

fn anchor_start(line: &str) -> Option<&str> {
    marker(line, "ANCHOR:")
}

fn anchor_end(line: &str) -> Option<&str> {
    marker(line, "ANCHOR_END:")
}

/// Every anchor `ANCHOR: name` of `s`, in order, once each.
pub(crate) fn anchors(s: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for r in line_ranges(s) {
        if let Some(name) = anchor_start(&s[r])
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names
}

/// Joins lines `(hidden, range)` of file `file` (text `s`) with `\n`, each
/// hidden one behind `# `.
fn join(s: &str, file: usize, lines: &[(bool, Range<usize>)]) -> Mapped {
    let mut m = Mapped::default();
    for (i, (hidden, r)) in lines.iter().enumerate() {
        if i > 0 {
            // The file's own newline when it is one (not `\r\n`): the
            // lines then make one piece.
            let prev = &lines[i - 1].1;
            if s.as_bytes().get(prev.end) == Some(&b'\n') {
                m.push_exact("\n", file, prev.end);
            } else {
                m.push_fixed("\n", file, prev.end);
            }
        }
        if *hidden {
            m.push_fixed("# ", file, r.start);
        }
        m.push_exact(&s[r.clone()], file, r.start);
    }
    m
}

/// Lines `range` of `s` (file `file`), and how many lines `s` has.
pub(crate) fn take_lines(s: &str, file: usize, range: LineRange) -> (Mapped, usize) {
    let lines = line_ranges(s);
    let n = lines.len();
    let kept: Vec<(bool, Range<usize>)> = lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| range.contains(*i))
        .map(|(_, r)| (false, r))
        .collect();
    (join(s, file, &kept), n)
}

/// The lines between `ANCHOR: anchor` and `ANCHOR_END: anchor` (or the end
/// of the file), without any marker lines; `None` when the anchor is not
/// there. A second `ANCHOR: anchor` inside is dropped as a marker.
pub(crate) fn take_anchored_lines(s: &str, file: usize, anchor: &str) -> Option<Mapped> {
    let mut kept = Vec::new();
    let mut found = false;
    for r in line_ranges(s) {
        let line = &s[r.clone()];
        if found {
            match anchor_end(line) {
                Some(name) if name == anchor => break,
                Some(_) => {}
                None if anchor_start(line).is_none() => kept.push((false, r)),
                None => {}
            }
        } else if anchor_start(line) == Some(anchor) {
            found = true;
        }
    }
    found.then(|| join(s, file, &kept))
}

/// The whole of `s`, the lines outside `range` hidden.
pub(crate) fn take_rustdoc_include_lines(s: &str, file: usize, range: LineRange) -> Mapped {
    let lines: Vec<(bool, Range<usize>)> = line_ranges(s)
        .into_iter()
        .enumerate()
        .map(|(i, r)| (!range.contains(i), r))
        .collect();
    join(s, file, &lines)
}

/// The whole of `s` without marker lines, the lines outside the anchor's
/// sections hidden; `None` when the anchor is not there.
pub(crate) fn take_rustdoc_include_anchored_lines(
    s: &str,
    file: usize,
    anchor: &str,
) -> Option<Mapped> {
    let mut lines = Vec::new();
    let mut within = false;
    let mut found = false;
    for r in line_ranges(s) {
        let line = &s[r.clone()];
        if within {
            match anchor_end(line) {
                Some(name) if name == anchor => within = false,
                Some(_) => {}
                None if anchor_start(line).is_none() => lines.push((false, r)),
                None => {}
            }
        } else if let Some(name) = anchor_start(line) {
            if name == anchor {
                within = true;
                found = true;
            }
        } else if anchor_end(line).is_none() {
            lines.push((true, r));
        }
    }
    found.then(|| join(s, file, &lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: Option<usize>, end: Option<usize>) -> LineRange {
        LineRange { start, end }
    }

    fn lines(s: &str, start: Option<usize>, end: Option<usize>) -> String {
        take_lines(s, 0, range(start, end)).0.text
    }

    fn anchored(s: &str, anchor: &str) -> String {
        take_anchored_lines(s, 0, anchor)
            .map(|m| m.text)
            .unwrap_or_default()
    }

    fn rustdoc(s: &str, start: Option<usize>, end: Option<usize>) -> String {
        take_rustdoc_include_lines(s, 0, range(start, end)).text
    }

    fn rustdoc_anchored(s: &str, anchor: &str) -> Option<String> {
        take_rustdoc_include_anchored_lines(s, 0, anchor).map(|m| m.text)
    }

    // mdBook's take_lines_test.
    #[test]
    fn line_ranges_as_mdbook() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(lines(s, Some(1), Some(3)), "ipsum\ndolor");
        assert_eq!(lines(s, Some(3), None), "sit\namet");
        assert_eq!(lines(s, None, Some(3)), "Lorem\nipsum\ndolor");
        assert_eq!(lines(s, None, None), s);
        assert_eq!(lines(s, Some(4), Some(3)), "");
        assert_eq!(lines(s, None, Some(100)), s);
        assert_eq!(lines("a\r\nb\r\n", None, None), "a\nb");
        assert_eq!(take_lines(s, 0, LineRange::FULL).1, 5);
    }

    // mdBook's take_anchored_lines_test.
    #[test]
    fn anchors_as_mdbook() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(take_anchored_lines(s, 0, "test"), None);
        let s = "Lorem\nipsum\ndolor\nANCHOR_END: test\nsit\namet";
        assert_eq!(take_anchored_lines(s, 0, "test"), None);
        let s = "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet";
        assert_eq!(anchored(s, "test"), "dolor\nsit\namet");
        let s = "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum";
        assert_eq!(anchored(s, "test"), "dolor\nsit\namet");
        let s = "Lorem\nANCHOR: test\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum";
        assert_eq!(anchored(s, "test"), "ipsum\ndolor\nsit\namet");
        let s = "Lorem\nANCHOR:    test2\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nANCHOR_END:test2\nipsum";
        assert_eq!(anchored(s, "test2"), "ipsum\ndolor\nsit\namet\nlorem");
        assert_eq!(anchored(s, "test"), "dolor\nsit\namet");
        assert_eq!(take_anchored_lines(s, 0, "something"), None);
        assert_eq!(anchors(s), ["test2", "test"]);
    }

    #[test]
    fn markers_in_any_comment_syntax() {
        let s = "-- ANCHOR: eqNonEmpty  \ninstance Eq\n-- ANCHOR_END: eqNonEmpty";
        assert_eq!(anchored(s, "eqNonEmpty"), "instance Eq");
        let s = "<!-- ANCHOR: a -->\n<p>x</p>\n<!-- ANCHOR_END: a -->\n";
        assert_eq!(anchored(s, "a"), "<p>x</p>");
        let s = "# ANCHOR: conf\nkey = 1\n# ANCHOR_END: conf\n";
        assert_eq!(anchored(s, "conf"), "key = 1");
        // A name is word characters and `-`.
        assert_eq!(
            marker("// ANCHOR: some-name_2 (see)", "ANCHOR:"),
            Some("some-name_2")
        );
        assert_eq!(marker("ANCHOR: ", "ANCHOR:"), None);
    }

    // mdBook's take_rustdoc_include_lines_test.
    #[test]
    fn rustdoc_ranges_as_mdbook() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(
            rustdoc(s, Some(1), Some(3)),
            "# Lorem\nipsum\ndolor\n# sit\n# amet"
        );
        assert_eq!(
            rustdoc(s, Some(3), None),
            "# Lorem\n# ipsum\n# dolor\nsit\namet"
        );
        assert_eq!(
            rustdoc(s, None, Some(3)),
            "Lorem\nipsum\ndolor\n# sit\n# amet"
        );
        assert_eq!(rustdoc(s, None, None), s);
        assert_eq!(
            rustdoc(s, Some(4), Some(3)),
            "# Lorem\n# ipsum\n# dolor\n# sit\n# amet"
        );
        assert_eq!(rustdoc(s, None, Some(100)), s);
    }

    // mdBook's take_rustdoc_include_anchored_lines_test.
    #[test]
    fn rustdoc_anchors_as_mdbook() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(rustdoc_anchored(s, "test"), None);
        let s = "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet";
        assert_eq!(
            rustdoc_anchored(s, "test").unwrap(),
            "# Lorem\n# ipsum\ndolor\nsit\namet"
        );
        let s = "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum";
        assert_eq!(
            rustdoc_anchored(s, "test").unwrap(),
            "# Lorem\n# ipsum\ndolor\nsit\namet\n# lorem\n# ipsum"
        );
        let s = "Lorem\nANCHOR: test\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum";
        assert_eq!(
            rustdoc_anchored(s, "test").unwrap(),
            "# Lorem\nipsum\ndolor\nsit\namet\n# lorem\n# ipsum"
        );
        let s = "Lorem\nANCHOR:    test2\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nANCHOR_END:test2\nipsum";
        assert_eq!(
            rustdoc_anchored(s, "test2").unwrap(),
            "# Lorem\nipsum\ndolor\nsit\namet\nlorem\n# ipsum"
        );
        assert_eq!(
            rustdoc_anchored(s, "test").unwrap(),
            "# Lorem\n# ipsum\ndolor\nsit\namet\n# lorem\n# ipsum"
        );
        let s = "Lorem\nANCHOR: test\nipsum\nANCHOR_END: test\ndolor\nANCHOR: test\nsit\nANCHOR_END: test\namet";
        assert_eq!(
            rustdoc_anchored(s, "test").unwrap(),
            "# Lorem\nipsum\n# dolor\nsit\n# amet"
        );
    }

    // mdBook's parse_* tests of links.rs.
    #[test]
    fn selections_as_mdbook() {
        let r = |s, e| Selection::Range(range(s, e));
        let a = |s: &str| Selection::Anchor(s.to_string());
        for (spec, want) in [
            (None, r(None, None)),
            (Some(""), r(None, None)),
            (Some(":"), r(None, None)),
            (Some(":NaN"), r(None, None)),
            (Some("5"), r(Some(4), Some(5))),
            (Some("1"), r(Some(0), Some(1))),
            (Some("0"), r(Some(0), Some(1))),
            (Some("5:"), r(Some(4), None)),
            (Some("5:NaN"), r(Some(4), None)),
            (Some(":5"), r(None, Some(5))),
            (Some("5:10"), r(Some(4), Some(10))),
            (Some("-5"), a("-5")),
            (Some("-5.7"), a("-5.7")),
            (Some("some-anchor:this-gets-ignored"), a("some-anchor")),
            (Some("5:10:17:anything:"), r(Some(4), Some(10))),
        ] {
            assert_eq!(parse_selection(spec), want, "{spec:?}");
        }
    }

    #[test]
    fn mapped_lines_point_into_the_file() {
        let s = "one\ntwo\nthree\n";
        let (m, _) = take_lines(s, 3, range(Some(1), None));
        assert_eq!(m.text, "two\nthree");
        assert_eq!(m.origin(0), Some((3, 4)));
        assert_eq!(m.origin(4), Some((3, 8)));
        let m = take_rustdoc_include_lines(s, 3, range(Some(1), Some(2)));
        assert_eq!(m.text, "# one\ntwo\n# three");
        assert_eq!(m.origin(2), Some((3, 0)));
        assert_eq!(m.origin(6), Some((3, 4)));
    }
}

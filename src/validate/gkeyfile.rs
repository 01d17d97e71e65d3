//! GLib's key-file grammar (GKeyFile), shared by the validators of files
//! NetworkManager loads with `g_key_file_load_from_*(…, G_KEY_FILE_NONE, …)`:
//! `NetworkManager.conf` ([`super::nm`]) and keyfile connection profiles
//! ([`super::nmconnection`]).
//!
//! Each line is read as `g_key_file_parse_line()` does, after leading
//! blanks:
//!
//! - empty, or starting with `#`: a comment (`#` only counts there);
//! - `[name]` with only blanks after `]`: a group header;
//! - anything with `=` not in first position: `key=value`, the key trimmed at
//!   its end, the value trimmed at its start only, `#` included;
//! - anything else: an error.
//!
//! [`read`] reports what GKeyFile rejects, plus what it accepts silently
//! but is almost always a mistake (an end-of-line `#` comment, a repeated
//! group or key), under the calling format's rule names ([`Rules`]), and
//! hands every group header and well-formed pair to a [`Visitor`] for the
//! format's own checks.

use std::collections::HashMap;

use super::{Finding, Span};

/// The rule names and wording a format uses for the grammar's findings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    /// A line GKeyFile rejects (error).
    pub(crate) syntax: &'static str,
    /// A pair before the first group (error).
    pub(crate) key_outside_group: &'static str,
    /// `#` inside a value (error).
    pub(crate) inline_comment: &'static str,
    /// A group header repeated (warning).
    pub(crate) duplicate_group: &'static str,
    /// A key repeated in a group (warning).
    pub(crate) duplicate_key: &'static str,
    /// What the consumer does with a file GKeyFile rejects, ending the
    /// syntax help (`NetworkManager refuses the whole file (…)`).
    pub(crate) refused: &'static str,
    /// The same, ending the key-outside-group help.
    pub(crate) refused_short: &'static str,
}

/// A `key=value` line, split.
#[derive(Debug)]
pub(crate) struct Pair<'a> {
    /// 1-based line.
    pub(crate) line: usize,
    /// Column of the key (after the indentation), 1-based.
    pub(crate) column: usize,
    /// The key, trimmed at its end.
    pub(crate) key: &'a str,
    /// The value, trimmed at its start only.
    pub(crate) value: &'a str,
    /// Column of the value, 1-based.
    pub(crate) value_column: usize,
}

impl Pair<'_> {
    /// Where the key is.
    pub(crate) fn key_span(&self) -> Span {
        Span::new(self.line, self.column, self.key.chars().count())
    }

    /// Where the value is.
    pub(crate) fn value_span(&self) -> Span {
        Span::new(self.line, self.value_column, self.value.chars().count())
    }

    /// Where the part of the value from byte `start` to `end` is.
    pub(crate) fn sub_span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.value.len());
        let end = end.clamp(start, self.value.len());
        Span::new(
            self.line,
            self.value_column + self.value[..start].chars().count(),
            self.value[start..end].chars().count(),
        )
    }

    /// The key without a `[locale]` suffix.
    pub(crate) fn base_key(&self) -> &str {
        self.key.split('[').next().unwrap_or(self.key)
    }
}

/// A format's checks on what the grammar read.
pub(crate) trait Visitor {
    /// A valid group header, `index` being the group's (a repeated group
    /// keeps its first index).
    fn group(&mut self, out: &mut Vec<Finding>, index: usize, name: &str, span: Span);

    /// A well-formed pair in group `index`, named `group`; `commented` when
    /// its value holds an end-of-line comment (already reported).
    fn pair(
        &mut self,
        out: &mut Vec<Finding>,
        index: usize,
        group: &str,
        pair: &Pair<'_>,
        commented: bool,
    );

    /// The group to suggest for `key` when it comes before any group:
    /// `[main]`, or a description such as `its group (e.g. [main])`.
    fn group_for(&self, key: &str) -> String;
}

/// Reads `text`, reporting the grammar's findings under `rules` and calling
/// `visitor` for groups and pairs, in order of appearance.
pub(crate) fn read(text: &str, rules: &Rules, visitor: &mut impl Visitor) -> Vec<Finding> {
    let mut reader = Reader {
        rules,
        findings: Vec::new(),
        groups: Vec::new(),
        keys: HashMap::new(),
        current: Current::None,
    };
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, &raw) in lines.iter().enumerate() {
        // GKeyFile drops the `\r` of a CRLF line ending, not a lone `\r`
        // at the very end of the text
        let raw = match raw.strip_suffix('\r') {
            Some(line) if i + 1 < lines.len() => line,
            _ => raw,
        };
        reader.line(i + 1, raw, visitor);
    }
    reader.findings
}

/// `g_ascii_isspace`.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// What the current group is.
#[derive(Debug, Clone, Copy)]
enum Current {
    /// No group header yet.
    None,
    /// A header GKeyFile rejected: its keys are not checked further.
    Invalid,
    /// A group, by index.
    Group(usize),
}

/// Reads lines, remembering groups and keys.
struct Reader<'r> {
    rules: &'r Rules,
    findings: Vec<Finding>,
    /// Group names, with the line of their first header.
    groups: Vec<(String, usize)>,
    /// `(group index, key)` → line first set.
    keys: HashMap<(usize, String), usize>,
    current: Current,
}

impl Reader<'_> {
    fn line(&mut self, n: usize, raw: &str, visitor: &mut impl Visitor) {
        let body = raw.trim_start_matches(is_space);
        let indent = raw.len() - body.len();
        let column = raw[..indent].chars().count() + 1;
        if body.is_empty() || body.starts_with('#') {
            return;
        }
        if let Some(name) = group_header(body) {
            self.group(n, column, name, visitor);
        } else if let Some(eq) = body.find('=').filter(|&i| i > 0) {
            self.pair(n, column, body, eq, visitor);
        } else {
            self.not_a_line(n, column, raw, body);
        }
    }

    fn not_a_line(&mut self, n: usize, column: usize, raw: &str, body: &str) {
        if body.starts_with('[') {
            // a broken header: do not report its keys as outside a group
            self.current = Current::Invalid;
        }
        let help = if body.starts_with('[') {
            if body.contains(']') {
                "only blanks may follow `]` in a group header: put comments on their own line"
            } else {
                "close the group header: `[name]`"
            }
        } else if body.starts_with(';') {
            "GKeyFile comments start with `#`, not `;`"
        } else if body.starts_with('=') {
            "the key before `=` is missing"
        } else {
            "write `key=value` inside a `[group]`, or start a comment with `#`"
        };
        self.findings.push(
            Finding::error(
                self.rules.syntax,
                Span::new(n, column, body.chars().count()),
                format!(
                    "Key file contains line “{raw}” which is not a key-value pair, group, or comment"
                ),
            )
            .help(format!("{help}; {}", self.rules.refused)),
        );
    }

    fn group(&mut self, n: usize, column: usize, name: &str, visitor: &mut impl Visitor) {
        let span = Span::new(n, column, name.chars().count() + 2);
        if name.is_empty()
            || name
                .chars()
                .any(|c| c == '[' || c == ']' || c.is_ascii_control())
        {
            self.findings.push(
                Finding::error(
                    self.rules.syntax,
                    span,
                    format!("Invalid group name: {name}"),
                )
                .help("a group name is not empty and has no `[`, `]` or control characters"),
            );
            self.current = Current::Invalid;
            return;
        }
        let index = match self.groups.iter().position(|(g, _)| g == name) {
            Some(i) => {
                let first = self.groups[i].1;
                self.findings.push(
                    Finding::warning(
                        self.rules.duplicate_group,
                        span,
                        format!("[{name}] appears again (first on line {first})"),
                    )
                    .help("GKeyFile merges both into one group, and a key set in both keeps its last value; keep one group"),
                );
                i
            }
            None => {
                self.groups.push((name.to_string(), n));
                self.groups.len() - 1
            }
        };
        visitor.group(&mut self.findings, index, name, span);
        self.current = Current::Group(index);
    }

    fn pair(&mut self, n: usize, column: usize, body: &str, eq: usize, visitor: &mut impl Visitor) {
        let key = body[..eq].trim_end_matches(is_space);
        let after = &body[eq + 1..];
        let value = after.trim_start_matches(is_space);
        let pair = Pair {
            line: n,
            column,
            key,
            value,
            value_column: column + body[..body.len() - value.len()].chars().count(),
        };
        let index = match self.current {
            Current::None => return self.outside_group(&pair, visitor),
            Current::Invalid => return,
            Current::Group(i) => i,
        };
        if !valid_key(key) {
            self.findings.push(
                Finding::error(
                    self.rules.syntax,
                    pair.key_span(),
                    format!("Invalid key name: {key}"),
                )
                .help("a key has no `[`, `]` or outer blanks, except a `[locale]` suffix"),
            );
            return;
        }
        self.encoding(&pair, index);
        self.duplicate_key(&pair, index);
        let commented = self.inline_comment(&pair);
        let group = self.groups[index].0.clone();
        visitor.pair(&mut self.findings, index, &group, &pair, commented);
    }

    fn outside_group(&mut self, pair: &Pair<'_>, visitor: &impl Visitor) {
        let suggestion = visitor.group_for(pair.base_key());
        self.findings.push(
            Finding::error(
                self.rules.key_outside_group,
                pair.key_span(),
                "Key file does not start with a group",
            )
            .help(format!(
                "put {suggestion} on a line above `{}`; {}",
                pair.key, self.rules.refused_short
            )),
        );
    }

    /// GKeyFile rejects an `Encoding` other than UTF-8 in the first group.
    fn encoding(&mut self, pair: &Pair<'_>, index: usize) {
        if index == 0 && pair.key == "Encoding" && !pair.value.eq_ignore_ascii_case("UTF-8") {
            self.findings.push(Finding::error(
                self.rules.syntax,
                pair.value_span(),
                format!("Key file contains unsupported encoding “{}”", pair.value),
            ));
        }
    }

    fn duplicate_key(&mut self, pair: &Pair<'_>, index: usize) {
        let slot = (index, pair.key.to_string());
        if let Some(&first) = self.keys.get(&slot) {
            let group = &self.groups[index].0;
            self.findings.push(
                Finding::warning(
                    self.rules.duplicate_key,
                    pair.key_span(),
                    format!(
                        "`{}` is set again in [{group}] (first on line {first})",
                        pair.key
                    ),
                )
                .help("the last value wins; keep one line"),
            );
        } else {
            self.keys.insert(slot, pair.line);
        }
    }

    /// Reports a `#` comment inside a value; returns whether there was one.
    fn inline_comment(&mut self, pair: &Pair<'_>) -> bool {
        let Some(at) = comment_start(pair.value) else {
            return false;
        };
        let column = pair.value_column + pair.value[..at].chars().count();
        self.findings.push(
            Finding::error(
                self.rules.inline_comment,
                Span::new(pair.line, column, pair.value[at..].chars().count()),
                format!(
                    "GKeyFile has no end-of-line comments: the value of `{}` is `{}`",
                    pair.key, pair.value
                ),
            )
            .help("move the comment to its own line starting with `#`"),
        );
        true
    }
}

/// The name inside a `[name]` header line, as `g_key_file_line_is_group()`
/// sees it: up to the first `]`, followed only by spaces and tabs.
fn group_header(body: &str) -> Option<&str> {
    let inner = body.strip_prefix('[')?;
    let close = inner.find(']')?;
    inner[close + 1..]
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(&inner[..close])
}

/// `g_key_file_is_key_name()`: no `=`, `[`, `]`, no blank at either end,
/// and an optional `[locale]` of letters, digits, `-`, `_`, `.`, `@`.
fn valid_key(key: &str) -> bool {
    let end = key.find(['[', ']']).unwrap_or(key.len());
    let name = &key[..end];
    if name.is_empty() || name.starts_with(' ') || name.ends_with(' ') {
        return false;
    }
    let rest = &key[end..];
    if rest.is_empty() {
        return true;
    }
    let Some(locale) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    locale
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
}

/// Where a `#` that looks like a comment starts in a value: at its start or
/// after a blank.
pub(crate) fn comment_start(value: &str) -> Option<usize> {
    if value.starts_with('#') {
        return Some(0);
    }
    value
        .char_indices()
        .zip(value.chars().skip(1))
        .find(|&((_, c), next)| is_space(c) && next == '#')
        .map(|((i, c), _)| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_starts() {
        assert_eq!(comment_start("# x"), Some(0));
        assert_eq!(comment_start("a # x"), Some(2));
        assert_eq!(comment_start("值\t#"), Some(4));
        assert_eq!(comment_start("a#b"), None);
    }

    #[test]
    fn headers_and_keys() {
        assert_eq!(group_header("[main]  \t"), Some("main"));
        assert_eq!(group_header("[main] #"), None);
        assert_eq!(group_header("[main"), None);
        assert!(valid_key("dns[de_DE.UTF-8@euro]"));
        assert!(!valid_key("key]"));
        assert!(!valid_key("key[x y]"));
    }

    #[test]
    fn sub_spans_count_characters() {
        let pair = Pair {
            line: 3,
            column: 1,
            key: "k",
            value: "网卡;10.0.0.1",
            value_column: 3,
        };
        let start = pair.value.find('1').unwrap();
        assert_eq!(pair.sub_span(start, pair.value.len()), Span::new(3, 6, 8));
    }
}

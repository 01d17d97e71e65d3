//! Rust hidden lines, as mdBook's HTML renderer hides them
//! (`hide_lines.rs`), taken out of the chapter's text.
//!
//! In a fenced block whose language (the info string's first word, words
//! split at spaces, tabs and commas: ` ```rust,ignore `) is `rust`, a line
//! that is `#` alone or starts with `# ` (after white space) is hidden, and a
//! line that starts with `##` shows one `#`. In a block with mdBook's
//! `hidelines=PREFIX` attribute, the lines starting with PREFIX (after white
//! space) are hidden, whatever the language. netplate has no playground to
//! show them again: hidden lines leave the page, its Copy button and its
//! search index.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::map::Mapped;

enum Rule {
    Rust,
    Prefix(String),
}

/// mdBook's rule for a block with info string `info`: Rust's for `rust`;
/// else the block's `hidelines=` prefix, or the one book.toml gives its
/// language (`[output.html.code.hidelines]`).
fn rule(info: &str, by_language: &Hidelines) -> Option<Rule> {
    let mut words = info.split([' ', '\t', ',']).filter(|w| !w.is_empty());
    let lang = words.next()?;
    if lang == "rust" {
        return Some(Rule::Rust);
    }
    words
        .find_map(|w| w.strip_prefix("hidelines="))
        .or_else(|| by_language.get(lang).map(String::as_str))
        .filter(|p| !p.is_empty())
        .map(|p| Rule::Prefix(p.to_string()))
}

/// `[output.html.code.hidelines]`: a prefix by fence language.
pub type Hidelines = std::collections::BTreeMap<String, String>;

/// `m` without the hidden lines of its code blocks; `None` when nothing is
/// hidden.
pub(crate) fn hide_lines(m: &Mapped, by_language: &Hidelines) -> Option<Mapped> {
    let text = &m.text;
    if !text.contains("rust") && !text.contains("hidelines=") && by_language.is_empty() {
        return None;
    }
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Rule> = None;
    for (event, range) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = rule(&info, by_language);
            }
            Event::End(TagEnd::CodeBlock) => current = None,
            Event::Text(t) => {
                if let Some(rule) = &current {
                    cut_lines(text, &t, range, rule, &mut cuts);
                }
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = Mapped::default();
    let mut prev = 0;
    for cut in cuts {
        if cut.start < prev {
            continue;
        }
        out.push_from(m, prev..cut.start);
        prev = cut.end;
    }
    out.push_from(m, prev..m.len());
    Some(out)
}

/// Adds to `cuts` what code text `t`, at `range` of `text`, hides.
fn cut_lines(text: &str, t: &str, range: Range<usize>, rule: &Rule, cuts: &mut Vec<Range<usize>>) {
    // The text's lines and where they end in `text`: the text is the source
    // itself, or one line of it after a container's prefix.
    let mut lines: Vec<(&str, usize)> = Vec::new();
    if text.get(range.clone()) == Some(t) {
        let mut at = range.start;
        for line in t.split_inclusive('\n') {
            let content = line.trim_end_matches('\n').trim_end_matches('\r');
            lines.push((content, at + content.len()));
            at += line.len();
        }
    } else {
        let content = t.trim_end_matches('\n').trim_end_matches('\r');
        if content.contains('\n') {
            return;
        }
        let start = range.start.min(text.len());
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let source_line = text[..line_end].trim_end_matches('\r');
        if !source_line.ends_with(content) {
            return;
        }
        lines.push((content, source_line.len()));
    }
    for (line, end) in lines {
        let start = end - line.len();
        let body = line.trim_start();
        let hidden = match rule {
            Rule::Rust => match body.strip_prefix('#') {
                Some(rest) if rest.starts_with('#') => {
                    // `##` shows one `#`.
                    let hash = start + (line.len() - body.len());
                    cuts.push(hash..hash + 1);
                    false
                }
                Some(rest) => rest.is_empty() || rest.starts_with(' '),
                None => false,
            },
            Rule::Prefix(prefix) => body.starts_with(prefix.as_str()),
        };
        if hidden {
            // The whole source line, with a container's prefix and the newline.
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
            cuts.push(line_start..line_end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hide(s: &str) -> String {
        hide_lines(&Mapped::file(0, s), &Hidelines::new()).map_or_else(|| s.to_string(), |m| m.text)
    }

    // mdBook's rendering/hidelines book, its rust block.
    #[test]
    fn rust_hidden_lines_as_mdbook() {
        let src = "```rust\n#![allow(something)]\n#\n#hidden();\n# hidden();\n## not_hidden();\n#[not_hidden]\nnot_hidden();\n```\n";
        assert_eq!(
            hide(src),
            "```rust\n#![allow(something)]\n#hidden();\n# not_hidden();\n#[not_hidden]\nnot_hidden();\n```\n"
        );
    }

    #[test]
    fn comma_info_strings_indentation_and_containers() {
        let src = "```rust,ignore\nfn main() {\n    # let x = 1;\n    ## a\n}\n```\n";
        assert_eq!(hide(src), "```rust,ignore\nfn main() {\n    # a\n}\n```\n");
        let src = "- item\n  ```rust\n  # use std::fmt;\n  fn f() {}\n  ```\n";
        assert_eq!(hide(src), "- item\n  ```rust\n  fn f() {}\n  ```\n");
        let src = "> ```rust\n> # hidden\n> shown\n> ```\n";
        assert_eq!(hide(src), "> ```rust\n> shown\n> ```\n");
    }

    #[test]
    fn other_languages_keep_their_hashes() {
        for src in [
            "```bash\n# a comment\necho\n```\n",
            "```ignore\n# x\n```\n",
            "```\n# x\n```\n",
            "    # indented code\n",
            "# A heading about rust\n",
        ] {
            assert_eq!(hide(src), src);
        }
    }

    // mdBook's rendering/hidelines book, its python blocks.
    #[test]
    fn hidelines_attribute() {
        let src = "```python,hidelines=!!!\n!!!hidden()\nnothidden():\n!!!    hidden()\n    !!!hidden()\n    nothidden()\n```\n";
        assert_eq!(
            hide(src),
            "```python,hidelines=!!!\nnothidden():\n    nothidden()\n```\n"
        );
    }

    // mdBook's rendering/hidelines book: `[output.html.code.hidelines]`.
    #[test]
    fn book_toml_gives_a_language_its_prefix() {
        let by_language = Hidelines::from([("python".to_string(), "~".to_string())]);
        let src = "```python\n~hidden()\nnothidden():\n~    hidden()\n    ~hidden()\n    nothidden()\n```\n\n```python,hidelines=!!!\n!!!gone\n~kept\n```\n\n```rust\n# hidden\n~kept\n```\n";
        let m = hide_lines(&Mapped::file(0, src), &by_language).unwrap();
        assert_eq!(
            m.text,
            "```python\nnothidden():\n    nothidden()\n```\n\n```python,hidelines=!!!\n~kept\n```\n\n```rust\n~kept\n```\n"
        );
    }

    #[test]
    fn cut_text_keeps_its_origins() {
        let src = "```rust\n# hidden\nshown\n```\n";
        let m = hide_lines(&Mapped::file(0, src), &Hidelines::new()).unwrap();
        let at = m.text.find("shown").unwrap();
        assert_eq!(m.origin(at), Some((0, src.find("shown").unwrap())));
    }
}

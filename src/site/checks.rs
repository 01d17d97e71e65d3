//! Checks that need the whole book: links between chapters, and the same
//! heading ids and variants in every language.

use std::collections::{HashMap, HashSet};

use crate::{content::Book, diagnostic::Diagnostic, markdown::Rendered};

/// Every link to a chapter or `#id` must land on something.
pub(crate) fn check_links(book: &Book, rendered: &[Vec<Rendered>], out: &mut Vec<Diagnostic>) {
    for (li, lang) in book.languages.iter().enumerate() {
        let ids: HashMap<&str, HashSet<&str>> = lang
            .chapters
            .iter()
            .zip(&rendered[li])
            .map(|(c, r)| {
                // Heading ids, and any `id` of the page's HTML (a raw
                // `<a id="old-name"></a>` kept for old links, footnotes).
                let mut ids: HashSet<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
                ids.extend(html_ids(&r.html));
                (c.path.as_str(), ids)
            })
            .collect();
        let page_paths: Vec<String> = lang.chapters.iter().map(|c| c.html_path()).collect();
        let pages: HashMap<&str, &str> = page_paths
            .iter()
            .zip(&lang.chapters)
            .map(|(p, c)| (p.as_str(), c.path.as_str()))
            .collect();
        for (chapter, r) in lang.chapters.iter().zip(&rendered[li]) {
            let locator = crate::check::Locator::new(chapter);
            for link in &r.links {
                let at = || locator.at(link.offset, link.len);
                let target = if link.page {
                    // `other.html#id`: the chapter whose page it is, if any.
                    match pages.get(link.chapter.as_str()) {
                        Some(path) => *path,
                        None => continue,
                    }
                } else {
                    link.chapter.as_str()
                };
                let Some(targets) = ids.get(target) else {
                    out.push(
                        Diagnostic::error(
                            "broken-link",
                            format!(
                                "link to `{}`, which is not a chapter of this book",
                                link.chapter
                            ),
                        )
                        .at(at())
                        .help(format!(
                            "link to a chapter listed in {}/{}SUMMARY.md, relative to this file",
                            book.config.book.src, lang.language.dir
                        )),
                    );
                    continue;
                };
                if let Some(anchor) = &link.anchor
                    && !targets.contains(anchor.as_str())
                {
                    let mut known: Vec<&str> = targets.iter().copied().collect();
                    known.sort_unstable();
                    out.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("`{target}` has no heading with id `{anchor}`"),
                        )
                        .at(at())
                        .help(format!("use one of its ids: {}", known.join(", "))),
                    );
                }
            }
        }
    }
}

/// The values of the `id="…"` attributes of `html`.
fn html_ids(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices(" id=").filter_map(move |(i, m)| {
        let rest = &html[i + m.len()..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..];
        value.find(quote).map(|end| &value[..end])
    })
}

/// Every language must have the same heading ids in each chapter, so that
/// the language switch always lands on the same section.
pub(crate) fn check_heading_ids(
    book: &Book,
    rendered: &[Vec<Rendered>],
    out: &mut Vec<Diagnostic>,
) {
    let Some((first, others)) = book.languages.split_first() else {
        return;
    };
    for (oi, other) in others.iter().enumerate() {
        let oi = oi + 1;
        let by_path: HashMap<&str, usize> = other
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.path.as_str(), i))
            .collect();
        for (ci, chapter) in first.chapters.iter().enumerate() {
            let Some(&cj) = by_path.get(chapter.path.as_str()) else {
                continue;
            };
            let pairs = [
                (
                    chapter,
                    &rendered[0][ci],
                    &other.chapters[cj],
                    &rendered[oi][cj],
                ),
                (
                    &other.chapters[cj],
                    &rendered[oi][cj],
                    chapter,
                    &rendered[0][ci],
                ),
            ];
            for (a, ra, b, rb) in pairs {
                let b_variants: HashSet<String> =
                    rb.variants.iter().map(|v| v.ids.join(",")).collect();
                for v in &ra.variants {
                    let ids = v.ids.join(",");
                    if !b_variants.contains(&ids) {
                        let len = a.source[v.offset..].find('\n').unwrap_or(0);
                        out.push(
                            Diagnostic::error(
                                "language-mismatch",
                                format!(
                                    "variant `{ids}` is in `{}` but not in `{}`",
                                    a.display_path.display(),
                                    b.display_path.display()
                                ),
                            )
                            .at(a.location(v.offset, len))
                            .help(format!(
                                "give `{}` the same `::: tab {ids} …` variant",
                                b.display_path.display()
                            )),
                        );
                    }
                }
                let b_ids: HashSet<&str> = rb.headings.iter().map(|h| h.id.as_str()).collect();
                // The chapter's title (level 1) is the top of the page: the
                // language switch needs no anchor for it.
                for h in ra.headings.iter().filter(|h| h.level > 1) {
                    if !b_ids.contains(h.id.as_str()) {
                        let len = a.source[h.offset..].find('\n').unwrap_or(0);
                        out.push(
                            Diagnostic::error(
                                "language-mismatch",
                                format!(
                                    "heading id `{}` is in `{}` but not in `{}`",
                                    h.id,
                                    a.display_path.display(),
                                    b.display_path.display()
                                ),
                            )
                            .at(a.location(h.offset, len))
                            .help(format!(
                                "give the matching heading in `{}` the same id: `{{#{}}}`",
                                b.display_path.display(),
                                h.id
                            )),
                        );
                    }
                }
            }
        }
    }
}

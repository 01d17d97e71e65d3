use std::path::Path;

use super::*;
use crate::i18n::strings;

fn md(source: &str) -> Rendered {
    render(
        source,
        "dir/page.md",
        Path::new("content/en/dir/page.md"),
        strings("en"),
    )
}

#[test]
fn explicit_and_automatic_heading_ids() {
    let r = md("# Title {#top}\n\n## 配置网关\n\n## Same\n\n## Same\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["top", "配置网关", "same", "same-1"]);
    assert_eq!(r.title.as_deref(), Some("Title"));
    assert!(
        r.html
            .contains("<h1 id=\"top\">Title<a class=\"anchor\" href=\"#top\""),
        "{}",
        r.html
    );
}

#[test]
fn duplicate_explicit_id_is_an_error_with_both_lines() {
    let r = md("## A {#x}\n\n## B {#x}\n");
    let d = &r.diagnostics[0];
    assert_eq!(d.rule, "duplicate-id");
    let text = d.to_string();
    assert!(text.contains("page.md:3:1"), "{text}");
    assert!(text.contains("first used on line 1"), "{text}");
}

#[test]
fn file_attribute_titles_the_block_and_is_kept() {
    let r = md("```yaml file=/etc/netplan/99-config.yaml\nnetwork:\n  version: 2\n```\n");
    assert!(
        r.html
            .contains("<figcaption class=\"code-title\">/etc/netplan/99-config.yaml</figcaption>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("hl-"), "highlighted: {}", r.html);
    let block = &r.code_blocks[0];
    assert_eq!(block.fence.lang, "yaml");
    assert_eq!(block.fence.file(), Some("/etc/netplan/99-config.yaml"));
    assert_eq!(block.text, "network:\n  version: 2\n");
    assert_eq!(block.line, 2);
}

#[test]
fn unknown_language_warns_and_renders_plain() {
    let r = md("text\n\n```klingon\n<x>\n```\n");
    let d = &r.diagnostics[0];
    assert_eq!(d.rule, "unknown-language");
    assert!(!d.is_error());
    assert!(d.to_string().contains("page.md:3:4"), "{d}");
    assert!(r.html.contains("<code>&lt;x&gt;\n</code>"), "{}", r.html);
}

#[test]
fn chapter_links_are_rewritten_and_recorded() {
    let r = md("See [a](other.md#sec), [b](../top.md), [c](#local) and [d](https://x.org/a.md).\n");
    assert!(r.html.contains("href=\"other.html#sec\""), "{}", r.html);
    assert!(r.html.contains("href=\"../top.html\""), "{}", r.html);
    assert!(r.html.contains("href=\"https://x.org/a.md\""), "{}", r.html);
    let targets: Vec<_> = r
        .links
        .iter()
        .map(|l| (l.chapter.as_str(), l.anchor.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("dir/other.md", Some("sec")),
            ("top.md", None),
            ("dir/page.md", Some("local"))
        ]
    );
}

#[test]
fn github_alerts_become_admonitions() {
    let r = render(
        "> [!WARNING]\n> Hot.\n",
        "a.md",
        Path::new("a.md"),
        strings("zh"),
    );
    assert!(
        r.html.contains(
            "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">警告</p>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("<p>Hot.</p>"), "{}", r.html);
}

#[test]
fn details_container_becomes_details_element() {
    let r = md(
        "::: details Firewall <settings>\n\n#### Windows {#fw}\n\n```bash\nufw disable\n```\n\n:::\n\nAfter.\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(
        r.html.starts_with(
            "<details class=\"dropdown\"><summary>Firewall &lt;settings&gt;</summary>"
        ),
        "{}",
        r.html
    );
    let close = r.html.find("</details>").unwrap();
    assert!(
        close > r.html.find("ufw").unwrap() && close < r.html.find("After.").unwrap(),
        "{}",
        r.html
    );
}

#[test]
fn unclosed_and_stray_containers_are_errors() {
    let r = md("::: details X\n\ntext\n");
    assert_eq!(r.diagnostics[0].rule, "container-syntax");
    assert!(r.diagnostics[0].to_string().contains("page.md:1:1"));
    let r = md("text\n\n:::\n");
    assert!(r.diagnostics[0].message.contains("closes nothing"));
    let r = md("::: tabs\n\n:::\n");
    assert!(r.diagnostics[0].message.contains("unknown block"));
}

#[test]
fn footnotes_are_numbered_with_back_links() {
    let r = md("One [^b] two [^a] again [^b].\n\n[^a]: Alpha.\n[^b]: <https://b.example/>\n");
    let h = &r.html;
    assert!(h.contains("<a href=\"#fn-b\" id=\"fnref-b\">1</a>"), "{h}");
    assert!(h.contains("<a href=\"#fn-a\" id=\"fnref-a\">2</a>"), "{h}");
    assert!(h.contains("id=\"fnref-b-2\">1</a>"), "{h}");
    let b = h.find("<li id=\"fn-b\">").unwrap();
    let a = h.find("<li id=\"fn-a\">").unwrap();
    assert!(b < a, "footnotes in order of reference: {h}");
    assert!(
        h.contains("href=\"#fnref-b-2\" class=\"footnote-back\""),
        "{h}"
    );
}

#[test]
fn gfm_tables_strikethrough_and_tasks() {
    let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n");
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("checkbox"));
}

#[test]
fn bad_fence_attribute_is_an_error() {
    let r = md("```yaml title=\"oops\n```\n");
    assert_eq!(r.diagnostics[0].rule, "fence-syntax");
}

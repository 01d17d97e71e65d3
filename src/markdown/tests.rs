use std::path::Path;

use super::*;
use crate::diagnostic::Severity;
use crate::i18n::strings;

fn md(source: &str) -> Rendered {
    render(
        source,
        &Context::new(
            "dir/page.md",
            Path::new("content/en/dir/page.md"),
            strings("en"),
        ),
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
        &Context::new("a.md", Path::new("a.md"), strings("zh")),
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
}

#[test]
fn other_dialects_blocks_are_text_with_a_warning() {
    // VuePress's custom container, as one paragraph: text, as mdBook shows it.
    let r = md("::: warning Careful\nThis is VuePress.\n:::\n");
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert!(
        r.html
            .contains("<p>::: warning Careful\nThis is VuePress.\n:::</p>"),
        "{}",
        r.html
    );
    // With blank lines: both lines stay text; one warning, at the opening.
    let r = md("::: frob\n\nInside.\n\n:::\n");
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].severity, Severity::Warning);
    assert!(
        r.diagnostics[0]
            .message
            .contains("`::: frob` is not a netplate block")
    );
    assert!(r.diagnostics[0].to_string().contains("page.md:1:1"));
    assert!(r.html.contains("<p>::: frob</p>"), "{}", r.html);
    assert!(r.html.contains("<p>Inside.</p>\n<p>:::</p>"), "{}", r.html);
    // Left open: no error either.
    assert!(
        md("::: tip\n\nOpen.\n")
            .diagnostics
            .iter()
            .all(|d| !d.is_error())
    );
}

#[test]
fn footnote_definitions_nobody_references_make_no_section() {
    let r = md("Text.\n\n[^a]: Alpha.\n");
    assert!(!r.html.contains("footnotes"), "{}", r.html);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].rule, "unused-footnote");
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

fn personal(source: &str) -> Rendered {
    use std::collections::BTreeMap;

    use crate::placeholder::{
        Template,
        input::{Rules, Slot, resolve},
    };
    let template = Template::parse("192.168.?.0/24").unwrap();
    let rules = Rules {
        slots: vec![Slot {
            name: "xxx".into(),
            default: 100,
            label: "the VM".into(),
        }],
        offsets: BTreeMap::new(),
        example: "192.168.10.0/24".into(),
    };
    let slots = BTreeMap::from([("xxx".to_string(), "10.20.5.6".to_string())]);
    let values = resolve("10.20.0.0/16", &slots, &rules, "en").unwrap();
    let names = vec!["xxx".to_string()];
    let cx = Context {
        fill: Some(Fill {
            template: &template,
            values: &values,
            slots: &names,
        }),
        ..Context::new("a.md", Path::new("a.md"), strings("en"))
    };
    render(source, &cx)
}

#[test]
fn placeholders_in_prose_code_and_blocks_become_marked_values() {
    let r = personal(
        "Gateway `192.168.?.1`, mask 255.255.255.0, VM 192.168.?.xxx.\n\n```yaml\naddresses: [192.168.?.xxx/24]\n```\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let h = &r.html;
    assert!(
        h.contains("<code><span class=\"ph\" data-ph=\"1\">10.20.0.1</span></code>"),
        "{h}"
    );
    assert!(
        h.contains("<span class=\"ph\" data-ph=\"netmask\">255.255.0.0</span>"),
        "{h}"
    );
    assert!(
        h.contains("VM <span class=\"ph\" data-ph=\"xxx\">10.20.5.6</span>."),
        "{h}"
    );
    assert!(h.contains("<span class=\"ph\" data-ph=\"xxx\">10.20.5.6</span>/<span class=\"ph\" data-ph=\"prefix\">16</span>"), "{h}");
    assert!(!h.contains("192.168.?"), "{h}");
    // The model keeps the template text for later stages.
    assert_eq!(r.code_blocks[0].text, "addresses: [192.168.?.xxx/24]\n");
}

#[test]
fn netmask_without_a_template_address_stays() {
    let r = personal("A mask 255.255.255.0 alone.\n");
    assert!(r.html.contains("A mask 255.255.255.0 alone."), "{}", r.html);
}

#[test]
fn unreadable_placeholder_is_an_error_at_its_place() {
    let r = personal("Text\n\n```bash\nping 192.168.?.yyy\n```\n");
    let d = &r.diagnostics[0];
    assert_eq!(d.rule, "placeholder");
    assert!(d.to_string().contains("a.md:4:6"), "{d}");
}

#[test]
fn values_split_by_the_highlighter_stay_whole_and_valid() {
    // syntect splits `192.168.?.1` in bash; the mark must hold the whole value.
    let html = mark_values(
        "<span class=\"a\">10.</span><span class=\"b\">0.0.1 x</span>",
        "10.0.0.1 x",
        &[(0, 8, "1".into())],
    );
    assert_eq!(
        html,
        "<span class=\"a\"><span class=\"ph\" data-ph=\"1\">10.0.0.1</span></span><span class=\"b\"> x</span>"
    );
    let html = mark_values("a &amp; 10.0.0.1", "a & 10.0.0.1", &[(4, 12, "1".into())]);
    assert_eq!(
        html,
        "a &amp; <span class=\"ph\" data-ph=\"1\">10.0.0.1</span>"
    );
}

#[test]
fn tabs_render_variants_with_ids() {
    let r = md(
        "::: tabs\n\n::: tab ubuntu-20.04 Ubuntu 20.04\n\nA\n\n:::\n\n::: tab centos,fedora CentOS\n\nB\n\n:::\n\n:::\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("<div class=\"tabs\">\n<section class=\"tab\" data-tab=\"ubuntu-20.04\"><p class=\"tab-title\">Ubuntu 20.04</p>"), "{}", r.html);
    assert!(r.html.contains("data-tab=\"centos,fedora\""), "{}", r.html);
    assert_eq!(r.variants.len(), 2);
    assert_eq!(r.variants[1].ids, ["centos", "fedora"]);
}

#[test]
fn tab_errors() {
    let r = md("::: tab x X\n\n:::\n");
    assert!(
        r.diagnostics[0].message.contains("outside a `::: tabs`"),
        "{:?}",
        r.diagnostics
    );
    let r = md("::: tabs\n\n::: tab Bad_Id Label\n\n:::\n\n:::\n");
    assert!(
        r.diagnostics[0].message.contains("needs ids and a label"),
        "{:?}",
        r.diagnostics
    );
    let r = md("::: tabs\n\nloose text\n\n:::\n");
    assert!(
        r.diagnostics[0]
            .message
            .contains("must be inside a `::: tab`"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn aligned_table_columns_get_classes_not_style_attributes() {
    let r = md(
        "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n\n[^n]\n\n[^n]: | x |\n    |--:|\n    | y |\n",
    );
    assert!(!r.html.contains("style="), "{}", r.html);
    assert!(
        r.html.contains(
            "<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(
            "<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"
        ),
        "{}",
        r.html
    );
    // A table in a footnote, written at the end, too.
    assert!(
        r.html.contains("<td class=\"align-right\">y</td>"),
        "{}",
        r.html
    );
}

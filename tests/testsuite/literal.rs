//! Literals that look like template values (`warning[literal-value]`), the
//! `{?NAME}` values, and the guide for a reader whose subnet is not a /24:
//! no value of the default /24 is left on any page.

use std::net::Ipv4Addr;

use crate::{
    book_test::{BookTest, html_text},
    browser::{eval, file_url, launch, submit_form, wait_for},
};

#[test]
fn literals_that_look_like_template_values_are_warnings_at_their_place() {
    let t = BookTest::fixture("literal");
    let run = t.run(&["check"]).success();
    insta::assert_snapshot!(run.stderr);
    // The kept ones, the block opted out and addresses of other subnets are
    // not reported (the snapshot has every warning; these lines have none).
    let source = t.read("content/en/literals.md");
    let first_clean = source
        .lines()
        .position(|l| l.contains("{#not-literals}"))
        .unwrap()
        + 1;
    for line in run
        .stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--> content/en/literals.md:"))
    {
        let n: usize = line.split(':').next().unwrap().parse().unwrap();
        assert!(n < first_clean, "a warning after the literals: line {n}");
    }
}

#[test]
fn deny_warnings_fails_the_build_on_a_literal() {
    let t = BookTest::fixture("literal");
    let run = t.run(&["build", "--deny-warnings"]).code(1);
    assert!(
        run.stderr
            .contains("error[literal-value]: `255.255.255.0` is the template's netmask"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/zh/literals.md:3:11"),
        "{}",
        run.stderr
    );
    assert!(!t.exists("book"), "nothing is written");
    // Without --deny-warnings the book builds, literals as written.
    let run = t.run(&["build", "--subnet", "10.20.0.0/16"]).success();
    assert!(run.stderr.contains("18 warnings"), "{}", run.stderr);
    assert!(
        t.read("book/en/literals.html")
            .contains("Gateway: 192.168.10.2")
    );
}

#[test]
fn a_kept_literal_needs_no_warning_and_a_literal_fence_keeps_a_block() {
    let t = BookTest::fixture("literal");
    t.replace(
        "content/zh/literals.md",
        "子网掩码都设置为 `255.255.255.0`，网关是 192.168.10.2。",
        "<!-- netplate: literal -->\n子网掩码都设置为 `255.255.255.0`，网关是 192.168.10.2。",
    );
    let run = t.run(&["check"]).success();
    assert!(!run.stderr.contains("content/zh/"), "{}", run.stderr);
    t.replace(
        "content/en/literals.md",
        "```text\nnetmask",
        "```text literal\nnetmask",
    );
    let run = t.run(&["check"]).success();
    assert!(!run.stderr.contains("literals.md:18:"), "{}", run.stderr);
    assert!(!run.stderr.contains("literals.md:19:"), "{}", run.stderr);
}

#[test]
fn books_without_placeholders_have_no_literal_values() {
    let t = BookTest::fixture("basic");
    t.write(
        "content/en/intro.md",
        &(t.read("content/en/intro.md") + "\nMask 255.255.255.0, a /24, 192.168.10.2.\n"),
    );
    let run = t.run(&["check", "--deny-warnings"]).success();
    assert!(!run.stderr.contains("literal-value"), "{}", run.stderr);
}

#[test]
fn slots_cannot_take_the_names_of_values() {
    let t = BookTest::fixture("literal");
    t.replace(
        "book.toml",
        "[placeholders.slot.xxx]",
        "[placeholders.slot.last]",
    );
    t.run(&["check"])
        .code(1)
        .stderr_has("error[book-toml]: `last` cannot be a slot name");
}

#[test]
fn a_heading_cannot_end_with_a_named_value() {
    let t = BookTest::fixture("literal");
    t.replace(
        "content/en/literals.md",
        "## Named values {#named}",
        "## Named values {#named}\n\n### Mask {?netmask}",
    );
    let run = t.run(&["check"]).code(1);
    assert!(
        run.stderr.contains("error[placeholder]: `{?netmask}` at the end of a heading is read as the heading's attributes"),
        "{}",
        run.stderr
    );
    // With an id after it, the value is text (both languages have the id).
    t.replace(
        "content/en/literals.md",
        "### Mask {?netmask}",
        "### Mask {?netmask} {#m}",
    );
    t.replace(
        "content/zh/literals.md",
        "## 命名的值 {#named}",
        "## 命名的值 {#named}\n\n### 子网掩码 {?netmask} {#m}",
    );
    t.run(&["build", "--subnet", "10.20.0.0/16"]).success();
    assert!(
        t.read("book/en/literals.html")
            .contains("Mask <span class=\"ph\" data-ph=\"netmask\">255.255.0.0</span>")
    );
    t.replace(
        "content/en/literals.md",
        "### Mask {?netmask} {#m}",
        "### Mask {?mask} {#m}",
    );
    t.run(&["check"])
        .code(1)
        .stderr_has("error[placeholder]: unknown value `{?mask}`");
}

#[test]
fn named_values_are_the_readers_in_prose_code_and_blocks() {
    let t = BookTest::fixture("literal");
    t.run(&["build", "--subnet", "10.20.0.0/16", "--vm", "10.20.5.6"])
        .success();
    let en = t.read("book/en/literals.html");
    let span =
        |key: &str, value: &str| format!("<span class=\"ph\" data-ph=\"{key}\">{value}</span>");
    for needle in [
        format!("<code>{}</code>", span("1", "10.20.0.1")),
        format!("<code>{}</code>", span("last", "10.20.255.254")),
        format!(
            "<code>{}/{}</code>",
            span("0", "10.20.0.0"),
            span("prefix", "16")
        ),
        format!("broadcast {}", span("broadcast", "10.20.255.255")),
        format!(
            "netmask {} (/{})",
            span("netmask", "255.255.0.0"),
            span("prefix", "16")
        ),
        // Beside a template address, the netmask is the reader's.
        format!("The mask <code>{}</code>", span("netmask", "255.255.0.0")),
    ] {
        assert!(en.contains(&needle), "{needle}\n{en}");
    }
    let text = html_text(&en);
    assert!(
        text.contains("10.20.0.0/16 via 10.20.0.2, hosts 10.20.0.1 to 10.20.255.254, broadcast 10.20.255.255, mask 255.255.0.0"),
        "{text}"
    );
    assert!(!en.contains("{?"), "{en}");
    let zh = html_text(&t.read("book/zh/literals.html"));
    assert!(
        zh.contains(
            "主机 10.20.0.1 到 10.20.255.254，广播地址 10.20.255.255，子网掩码 255.255.0.0（/16）。"
        ),
        "{zh}"
    );
}

/// The netmask sentence of the guide's gateway chapter, as a 10.20.0.0/16 reader reads it.
const SENTENCE_16: [(&str, &str); 2] = [
    (
        "zh",
        "子网掩码都设置为 255.255.0.0（也就是 /16），两边的地址都取自子网 10.20.0.0/16：能分配给机器的是 10.20.0.1 到 10.20.255.254，第一个地址 10.20.0.0 是网络地址，最后一个地址 10.20.255.255 是广播地址，这两个都不能用。",
    ),
    (
        "en",
        "Both use the subnet mask 255.255.0.0 (that is, /16) and take their addresses from the subnet 10.20.0.0/16: machines can use 10.20.0.1 to 10.20.255.254, while the first address, 10.20.0.0, identifies the network and the last, 10.20.255.255, is its broadcast address, so neither can be assigned.",
    ),
];

#[test]
fn a_16_reader_sees_their_netmask_and_no_value_of_the_default_24() {
    let t = BookTest::guide();
    t.run(&[
        "build",
        "--subnet",
        "10.20.0.0/16",
        "--vm",
        "10.20.5.6",
        "--single-file",
        "--deny-warnings",
    ])
    .success();
    for (lang, sentence) in SENTENCE_16 {
        for page in [
            format!("book/{lang}/gateway-firewall.html"),
            format!("book/{lang}.html"),
        ] {
            let text = html_text(&t.read(&page));
            assert!(text.contains(sentence), "{page}: {sentence}\n{text}");
        }
    }
    let mut articles = 0;
    for (path, text) in crate::personal::site_files(&t.path().join("book")) {
        assert!(!text.contains("255.255.255.0"), "255.255.255.0 in {path}");
        // The form shows the default subnet as its example: the guide's
        // text (articles, search index) has nothing of it.
        let content: Vec<&str> = if path.ends_with("search-index.js") {
            vec![&text]
        } else {
            text.split("<article")
                .skip(1)
                .map(|a| a.split("</article>").next().unwrap())
                .collect()
        };
        for part in content {
            articles += 1;
            for literal in ["192.168.10.", "/24"] {
                assert!(!part.contains(literal), "{literal} in {path}");
            }
        }
    }
    assert!(articles >= 12, "{articles} articles and indexes");
}

#[test]
fn instructions_for_a_16_reader_have_their_netmask() {
    let t = BookTest::guide();
    for (lang, sentence) in SENTENCE_16 {
        for format in ["text", "markdown", "script"] {
            let out = t
                .run(&[
                    "instructions",
                    "--subnet",
                    "10.20.0.0/16",
                    "--os",
                    "ubuntu-20.04",
                    "--lang",
                    lang,
                    "--format",
                    format,
                ])
                .success()
                .stdout;
            if format != "script" {
                let plain = out.replace('`', "").replace("**", "");
                assert!(plain.contains(sentence), "{lang} {format}:\n{out}");
            }
            assert!(!out.contains("255.255.255.0"), "{lang} {format}:\n{out}");
            assert!(out.contains("10.20.0.100/16"), "{lang} {format}:\n{out}");
        }
    }
}

/// The text of every value the page marks, in order.
fn marked(tab: &headless_chrome::Tab) -> Vec<String> {
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('article .ph[data-ph]')).map(e => e.dataset.ph + '=' + e.textContent))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

/// What the Rust engine marks on `page` for `subnet` (the VM at its default).
fn expected_marks(t: &BookTest, subnet: &str, page: &str) -> Vec<String> {
    t.run(&["build", "--subnet", subnet]).success();
    let html = t.read(page);
    let article = &html[html.find("<article").unwrap()..html.rfind("</article>").unwrap()];
    article
        .match_indices("<span class=\"ph\" data-ph=\"")
        .map(|(i, m)| {
            let rest = &article[i + m.len()..];
            let (key, rest) = rest.split_once("\">").unwrap();
            format!("{key}={}", rest.split_once("</span>").unwrap().0)
        })
        .collect()
}

#[test]
fn the_page_script_computes_named_values_as_the_engine_does() {
    let t = BookTest::guide();
    let page = "book/en/gateway-firewall.html";
    let subnets = [
        "10.20.0.0/16",
        "10.0.0.0/8",
        "172.16.0.8/29",
        "192.168.77.0/24",
    ];
    let want: Vec<Vec<String>> = subnets
        .iter()
        .map(|s| expected_marks(&t, s, page))
        .collect();
    t.build();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let book = t.path().join("book").canonicalize().unwrap();
    tab.navigate_to(&file_url(&book.join("en/gateway-firewall.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "!!(window.netplate && window.netplate.apply)");
    for (subnet, want) in subnets.iter().zip(&want) {
        assert_eq!(
            submit_form(&tab, subnet, ""),
            serde_json::Value::from(*subnet)
        );
        let got = marked(&tab);
        assert_eq!(&got, want, "{subnet}");
        for key in ["last", "broadcast", "netmask", "prefix"] {
            assert!(
                got.iter().any(|m| m.starts_with(&format!("{key}="))),
                "{key} on the page"
            );
        }
        let net: ipnet::Ipv4Net = subnet.parse().unwrap();
        let last = Ipv4Addr::from(u32::from(net.broadcast()) - 1);
        assert!(got.contains(&format!("last={last}")), "{subnet}: {got:?}");
    }
}

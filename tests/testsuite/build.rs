//! `netplate build` on good books: what lands in `book/`.

use crate::book_test::BookTest;

#[test]
fn builds_every_chapter_in_every_language() {
    let t = BookTest::fixture("basic");
    let run = t.build();
    assert!(
        run.stderr
            .contains("built 2 chapters × 2 languages (en, zh)"),
        "{}",
        run.stderr
    );
    for page in [
        "index.html",
        "404.html",
        "en/index.html",
        "en/intro.html",
        "en/guide/setup.html",
        "zh/intro.html",
        "zh/guide/setup.html",
        "static/netplate.css",
        "static/netplate.js",
        "static/highlight.css",
    ] {
        assert!(t.exists(&format!("book/{page}")), "missing book/{page}");
    }
    assert!(!t.exists("book/sitemap.xml"), "no sitemap without site-url");
}

#[test]
fn chapter_links_point_at_built_pages() {
    let t = BookTest::fixture("basic");
    t.build();
    let intro = t.read("book/en/intro.html");
    assert!(
        intro.contains("href=\"guide/setup.html#install\""),
        "{intro}"
    );
    let setup = t.read("book/zh/guide/setup.html");
    assert!(setup.contains("href=\"../intro.html#why\""), "{setup}");
    // Assets from a nested page are reached through the right number of `../`.
    assert!(
        setup.contains("href=\"../../static/netplate.css\""),
        "{setup}"
    );
}

#[test]
fn pages_have_lang_hreflang_and_a_switch_to_the_same_chapter() {
    let t = BookTest::fixture("basic");
    t.build();
    let zh = t.read("book/zh/guide/setup.html");
    assert!(zh.contains("<html lang=\"zh\""), "{zh}");
    // hreflang needs absolute URLs: none without `site-url` (see the
    // sitemap test for them with it).
    assert!(!zh.contains("hreflang=\"en\" href=\"../"), "{zh}");
    assert!(!zh.contains("<link rel=\"alternate\""), "{zh}");
    assert!(zh.contains("<a href=\"../../en/guide/setup.html\" hreflang=\"en\" lang=\"en\" data-lang=\"en\">English</a>"), "{zh}");
    assert!(
        zh.contains("aria-current=\"page\">安装</a>")
            || zh.contains(
                "aria-current=\"page\"><span class=\"chapter-number\">2.</span> 安装</a>"
            ),
        "{zh}"
    );
}

#[test]
fn sidebar_toc_and_pager() {
    let t = BookTest::fixture("basic");
    t.build();
    let intro = t.read("book/en/intro.html");
    assert!(
        intro.contains("<li class=\"toc-level-2\"><a href=\"#why\">Why</a></li>"),
        "{intro}"
    );
    assert!(
        intro.contains("rel=\"next\" href=\"../en/guide/setup.html\""),
        "{intro}"
    );
    assert!(
        !intro.contains("rel=\"prev\""),
        "first chapter has no previous"
    );
    let setup = t.read("book/en/guide/setup.html");
    assert!(
        setup.contains("rel=\"prev\" href=\"../../en/intro.html\""),
        "{setup}"
    );
}

#[test]
fn landing_page_links_every_language_without_javascript() {
    let t = BookTest::fixture("basic");
    t.build();
    let landing = t.read("book/index.html");
    assert!(landing.contains("href=\"en/intro.html\""), "{landing}");
    assert!(landing.contains("href=\"zh/intro.html\""), "{landing}");
    assert!(
        landing.contains("<script src=\"static/landing.js\"></script>")
            && t.read("book/static/landing.js")
                .contains("navigator.languages"),
        "redirects by browser preference, from a file (no inline script)"
    );
    // A language's index is its first chapter's page, as in mdBook: a real
    // page with its language and title, whose links resolve from there.
    let lang_index = t.read("book/zh/index.html");
    assert_eq!(lang_index, t.read("book/zh/intro.html"));
    assert!(
        lang_index.starts_with("<!DOCTYPE html>\n<html lang=\"zh\""),
        "{lang_index}"
    );
}

#[test]
fn sitemap_and_canonical_when_site_url_is_set() {
    let t = BookTest::fixture("basic");
    t.write(
        "book.toml",
        &(t.read("book.toml") + "\n[output.html]\nsite-url = \"https://example.org/docs\"\n"),
    );
    t.build();
    let sitemap = t.read("book/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/docs/zh/guide/setup.html</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("hreflang=\"en\" href=\"https://example.org/docs/en/guide/setup.html\""),
        "{sitemap}"
    );
    let page = t.read("book/en/intro.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.org/docs/en/intro.html\">"),
        "{page}"
    );
    for (code, href) in [
        ("zh", "https://example.org/docs/zh/intro.html"),
        ("en", "https://example.org/docs/en/intro.html"),
        ("x-default", "https://example.org/docs/index.html"),
    ] {
        assert!(
            page.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\">"
            )),
            "{page}"
        );
    }
    let not_found = t.read("book/404.html");
    assert!(
        not_found.contains("href=\"https://example.org/docs/en/intro.html\""),
        "{not_found}"
    );
}

#[test]
fn dest_dir_flag_and_book_dir_argument() {
    let t = BookTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    t.run(&[
        "build",
        t.path().to_str().unwrap(),
        "--dest-dir",
        dest.to_str().unwrap(),
    ])
    .success();
    assert!(dest.join("en/intro.html").is_file());
    assert!(!t.exists("book"));
}

#[test]
fn book_theme_overrides_a_template_and_keeps_the_rest() {
    let t = BookTest::fixture("basic");
    t.write(
        "theme/templates/404.html",
        "{% extends \"base.html\" %}{% block body %}<p class=\"mine\">{{ t.not_found }}</p>{% endblock %}",
    );
    t.build();
    assert!(
        t.read("book/404.html")
            .contains("<p class=\"mine\">Page not found</p>")
    );
    assert!(t.read("book/en/intro.html").contains("class=\"sidebar\""));
}

#[test]
fn templates_escape_values_from_the_book() {
    let t = BookTest::fixture("basic");
    t.replace(
        "book.toml",
        "title = \"Basic book\"",
        "title = \"<script>alert(1)</script>\"",
    );
    t.build();
    let page = t.read("book/en/intro.html");
    assert!(!page.contains("<script>alert(1)"), "title must be escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn rebuild_replaces_the_old_site_and_leaves_no_temporary_folders() {
    let t = BookTest::fixture("basic");
    t.build();
    t.write("book/stale.html", "old");
    t.build();
    assert!(
        !t.exists("book/stale.html"),
        "the new site replaces the old one"
    );
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn help_and_version() {
    let t = BookTest::fixture("basic");
    let run = t.run(&["--help"]).success();
    assert!(run.stdout.contains("build"), "{}", run.stdout);
    let run = t.run(&["--version"]).success();
    assert!(run.stdout.starts_with("netplate "), "{}", run.stdout);
}

//! An mdBook book as `mdbook init` lays it out: it builds unchanged, to
//! mdBook's URLs, with mdBook's keys accepted and its redirects written.

use crate::book_test::BookTest;

#[test]
fn an_mdbook_book_builds_to_mdbook_s_urls() {
    let t = BookTest::fixture("mdbook_layout");
    let run = t.build().success();
    // mdBook's URLs: no language folder, README.md as index.html.
    for page in [
        "index.html",
        "guide/setup.html",
        "404.html",
        "search-index.js",
    ] {
        assert!(t.exists(&format!("book/{page}")), "{page}: {}", run.stderr);
    }
    assert!(!t.exists("book/en"), "no language folder");
    let index = t.read("book/index.html");
    assert!(
        index.contains("href=\"guide/setup.html#install\""),
        "{index}"
    );
    assert!(index.contains("href=\"static/netplate.css\""), "{index}");
    let setup = t.read("book/guide/setup.html");
    assert!(setup.contains("href=\"../static/netplate.css\""), "{setup}");
    // mdBook's keys: one warning lists what has no effect.
    assert!(
        run.stderr
            .contains("warning[book-toml-ignored]: 1 mdBook setting"),
        "{}",
        run.stderr
    );
    // The session is read after its prompt; the tree is not judged; the
    // real syntax error is reported, as a warning in an mdBook book.
    assert!(
        run.stderr.contains("warning[shell/syntax]"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("[shell/").count(), 1, "{}", run.stderr);
    // The redirect.
    let old = t.read("book/old/setup.html");
    assert!(old.contains("url=../guide/setup.html"), "{old}");
    // additional-css and -js: copied, and linked from every page.
    assert_eq!(t.read("book/extra/custom.css"), "body { --custom: 1; }\n");
    assert!(t.exists("book/extra/custom.js"));
    assert!(
        setup.contains("<link rel=\"stylesheet\" href=\"../extra/custom.css\">"),
        "{setup}"
    );
    assert!(
        setup.contains("<script src=\"../extra/custom.js\"></script>"),
        "{setup}"
    );
    assert!(index.contains("href=\"extra/custom.css\""), "{index}");
    // git-repository-url and edit-url-template, as mdBook fills `{path}`.
    assert!(
        setup.contains("href=\"https://example.org/repo\""),
        "{setup}"
    );
    assert!(
        setup.contains("href=\"https://example.org/repo/edit/main/src/guide/setup.md\""),
        "{setup}"
    );
    // The one-file book builds too.
    t.run(&["build", "--single-file"]).success();
}

#[test]
fn strict_makes_block_errors_fail_and_a_redirect_cannot_replace_a_page() {
    let t = BookTest::fixture("mdbook_layout");
    t.write(
        "book.toml",
        &(t.read("book.toml") + "\n[check]\nstrict = true\n"),
    );
    t.run(&["build"]).code(1).stderr_has("error[shell/syntax]");
    let t = BookTest::fixture("mdbook_layout");
    t.replace("book.toml", "\"/old/setup.html\"", "\"/guide/setup.html\"");
    t.run(&["build"])
        .code(1)
        .stderr_has("`guide/setup.html` of the site would be both the page of chapter `src/guide/setup.md` and book.toml's `[output.html.redirect]` `/guide/setup.html`");
    let t = BookTest::fixture("mdbook_layout");
    t.remove("extra/custom.js");
    t.run(&["build"])
        .code(1)
        .stderr_has("`additional-js` names `extra/custom.js`, which does not exist");
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "\"extra/custom.css\"",
        "\"https://cdn.example/x.css\"",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("which is not a file of the book");
    let t = BookTest::fixture("mdbook_layout");
    t.replace("book.toml", "\"/old/setup.html\"", "\"/../x.html\"");
    t.run(&["build"])
        .code(1)
        .stderr_has("`/../x.html` is not a page path of the site");
}

/// mdBook 0.5's Markdown: smart punctuation and definition lists are on in
/// an mdBook book; `smart-punctuation = false` (or 0.4's `curly-quotes`)
/// turns the first off, and netplate's own layout keeps straight quotes
/// unless asked.
#[test]
fn smart_punctuation_and_definition_lists_as_in_mdbook() {
    let chapter = "# Setup\n\n## Install\n\nShe said \"hi\" -- it's done...\n\nTerm\n: its definition\n\n```bash\necho \"straight\" -- here\n```\n";
    let t = BookTest::fixture("mdbook_layout");
    t.write("src/guide/setup.md", chapter);
    t.build();
    let page = t.read("book/guide/setup.html");
    assert!(page.contains("She said “hi” – it’s done…"), "{page}");
    assert!(
        page.contains("<dl>") && page.contains("<dt>Term</dt>"),
        "{page}"
    );
    assert!(
        page.contains("<dd>its definition</dd>") || page.contains("<dd>\n"),
        "{page}"
    );
    // code is never touched
    assert!(page.contains("straight"), "{page}");
    assert!(!page.contains("“straight"), "{page}");

    for key in ["smart-punctuation", "curly-quotes"] {
        let t = BookTest::fixture("mdbook_layout");
        t.write("src/guide/setup.md", chapter);
        t.replace(
            "book.toml",
            "[output.html]\n",
            &format!("[output.html]\n{key} = false\ndefinition-lists = false\n"),
        );
        t.build();
        let page = t.read("book/guide/setup.html");
        assert!(
            page.contains("She said &quot;hi&quot; -- it's done...")
                || page.contains("She said \"hi\" -- it's done..."),
            "{key}: {page}"
        );
        assert!(!page.contains("<dl>"), "{page}");
    }
}

/// mdBook's `print.html`: the whole book in one page, with every chapter;
/// `[output.html.print] enable = false` leaves it out.
#[test]
fn print_html_holds_the_whole_book() {
    let t = BookTest::fixture("mdbook_layout");
    t.build();
    let print = t.read("book/print.html");
    assert_eq!(print.matches("<article").count(), 2, "{print}");
    assert!(print.contains("Introduction") && print.contains("Setup"));
    // links between chapters stay inside the page
    assert!(!print.contains("href=\"guide/setup.html"), "{print}");
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html]\n",
        "[output.html.print]\nenable = false\n\n[output.html]\n",
    );
    t.build();
    assert!(!t.exists("book/print.html"));
}

/// mdBook's `create-missing` (on by default in mdBook's layout): a listed
/// chapter that does not exist is created as `# Title`, with a warning;
/// `create-missing = false` makes it an error, as in netplate's own layout.
#[test]
fn create_missing_creates_listed_chapters() {
    let t = BookTest::fixture("mdbook_layout");
    t.write(
        "src/SUMMARY.md",
        &format!(
            "{}- [New & \"shiny\"](new/ch.md)\n",
            t.read("src/SUMMARY.md")
        ),
    );
    let run = t.build();
    assert!(
        run.stderr
            .contains("created `src/new/ch.md`: SUMMARY.md lists it and it did not exist"),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("src/new/ch.md"), "# New &amp; &quot;shiny&quot;\n");
    assert!(t.exists("book/new/ch.html"));

    let t = BookTest::fixture("mdbook_layout");
    t.write(
        "src/SUMMARY.md",
        &format!("{}- [New](new/ch.md)\n", t.read("src/SUMMARY.md")),
    );
    t.replace(
        "book.toml",
        "[book]\n",
        "[build]\ncreate-missing = false\n\n[book]\n",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("chapter `new/ch.md` is listed but `src/new/ch.md` does not exist");
    assert!(!t.exists("src/new/ch.md"));

    // netplate's own layout: an error unless asked
    let t = BookTest::guide();
    t.replace("content/en/SUMMARY.md", "\n", "\n- [Missing](missing.md)\n");
    t.replace("content/zh/SUMMARY.md", "\n", "\n- [缺少](missing.md)\n");
    t.run(&["build"]).code(1).stderr_has("does not exist");
    assert!(!t.exists("content/en/missing.md"));
}

/// mdBook's fragment redirects: `"/old.html#a" = "new.html#b"` beside
/// `"/old.html" = "new.html"` gives the old page a map its script follows;
/// fragments alone are an error, as in mdBook, except on a chapter's page,
/// which follows them itself.
#[test]
fn fragment_redirects() {
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html.redirect]\n",
        "[output.html.redirect]\n\"/gone.html\" = \"guide/setup.html\"\n\"/gone.html#old\" = \"guide/setup.html#install\"\n",
    );
    t.build();
    let page = t.read("book/gone.html");
    assert!(
        page.contains("data-fragments=\"{&quot;#old&quot;:&quot;guide/setup.html#install&quot;}\" data-to=\"guide/setup.html\""),
        "{page}"
    );
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html.redirect]\n",
        "[output.html.redirect]\n\"/gone.html#old\" = \"guide/setup.html#install\"\n",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("`/gone.html` has only `#fragment` redirects")
        .stderr_has("book.toml:");
    // A chapter's own page maps its fragments itself, as mdBook's does.
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html.redirect]\n",
        "[output.html.redirect]\n\"/guide/setup.html#old\" = \"#install\"\n",
    );
    t.build().success();
    let page = t.read("book/guide/setup.html");
    assert!(
        page.contains("<script src=\"../static/redirect.js\" data-fragments=\"{&quot;#old&quot;:&quot;#install&quot;}\"></script>"),
        "{page}"
    );
    let index = t.read("book/index.html");
    assert!(
        !index.contains("redirect.js"),
        "only the page with the map: {index}"
    );
}

/// mdBook's `404.md` (or `[output.html] input-404`) is the 404 page's text,
/// and not an unlisted chapter.
#[test]
fn the_404_page_is_404_md() {
    let t = BookTest::fixture("mdbook_layout");
    t.write("src/404.md", "# Lost\n\nThis page is *gone*.\n");
    let run = t.build();
    let page = t.read("book/404.html");
    assert!(page.contains("This page is <em>gone</em>."), "{page}");
    assert!(!run.stderr.contains("unlisted-chapter"), "{}", run.stderr);
    let t = BookTest::fixture("mdbook_layout");
    t.write("src/missing.md", "# Elsewhere\n");
    t.replace(
        "book.toml",
        "[output.html]\n",
        "[output.html]\ninput-404 = \"missing.md\"\n",
    );
    let run = t.build();
    assert!(t.read("book/404.html").contains("Elsewhere"));
    assert!(!run.stderr.contains("unlisted-chapter"), "{}", run.stderr);
}

/// Links written to the page (`setup.html#id`, as mdBook books do) are
/// checked like links to the chapter, and an anchor may be any `id` of the
/// page's HTML; in an mdBook book a broken one is a warning, with
/// `[check] strict = true` an error.
#[test]
fn html_links_and_raw_html_anchors_are_checked() {
    let t = BookTest::fixture("mdbook_layout");
    t.write(
        "src/guide/setup.md",
        "# Setup\n\n## Install\n\n<a id=\"old-name\"></a>\n\nSee [here](setup.html#old-name), [there](../index.html) and [std](../../std/index.html).\n\nBroken: [gone](setup.html#nowhere).\n",
    );
    let run = t.build();
    assert!(
        run.stderr
            .contains("warning[broken-link]: `guide/setup.md` has no heading with id `nowhere`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("broken-link").count(),
        1,
        "{}",
        run.stderr
    );
    t.replace(
        "book.toml",
        "[book]\n",
        "[check]\nstrict = true\n\n[book]\n",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("error[broken-link]: `guide/setup.md` has no heading with id `nowhere`");
}

/// mdBook's theme files have no effect in netplate: one warning names them.
#[test]
fn mdbook_theme_files_get_one_warning() {
    let t = BookTest::fixture("mdbook_layout");
    t.write("theme/index.hbs", "<html>{{ content }}</html>\n");
    t.write("theme/css/general.css", "body {}\n");
    let run = t.build();
    assert_eq!(
        run.stderr.matches("warning[theme-ignored]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("2 files of the theme folder are not netplate theme files and are not used: `theme/css/general.css`, `theme/index.hbs`"),
        "{}",
        run.stderr
    );
}

/// A chapter listed twice (the rustc book lists `platform-support/solaris.md`
/// twice, and mdBook 0.4 built it): a warning in an mdBook book, both
/// sidebar entries leading to its one page; an error when strict.
#[test]
fn a_chapter_listed_twice_is_a_warning_unless_strict() {
    let t = BookTest::fixture("mdbook_layout");
    t.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Introduction](README.md)\n\n- [Setup](guide/setup.md)\n- [Setup again](guide/setup.md)\n",
    );
    let run = t.build().success();
    assert!(
        run.stderr.contains(
            "warning[duplicate-chapter]: chapter `guide/setup.md` is listed twice: both entries lead to its one page"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("src/SUMMARY.md:6:"), "{}", run.stderr);
    let index = t.read("book/index.html");
    assert_eq!(
        index
            .matches("<li class=\"depth-0\"><a href=\"guide/setup.html\">")
            .count(),
        2,
        "both entries in the sidebar: {index}"
    );
    t.replace(
        "book.toml",
        "src = \"src\"\n",
        "src = \"src\"\n[check]\nstrict = true\n",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("error[duplicate-chapter]: chapter `guide/setup.md` is listed twice");
}

/// `[output.html.code.hidelines]`: a language's lines that start with its
/// prefix leave the page, as with the `hidelines=` fence attribute.
#[test]
fn book_toml_hidelines_hide_a_language_s_lines() {
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html.redirect]",
        "[output.html.code.hidelines]\npython = \"~\"\n\n[output.html.redirect]",
    );
    t.write(
        "src/guide/setup.md",
        "# Setup\n\n## Install {#install}\n\n```python\n~import secret\nprint(1)\n```\n",
    );
    let run = t.build().success();
    assert!(
        !run.stderr.contains("hidelines"),
        "not ignored: {}",
        run.stderr
    );
    let page = t.read("book/guide/setup.html");
    assert!(!page.contains("secret"), "{page}");
    assert!(page.contains("print"), "{page}");
}

/// `[output.html.search.chapter]`: chapters left out of the search index;
/// a key that matches no chapter is an error at its line, as in mdBook.
#[test]
fn search_chapter_settings_leave_chapters_out_of_the_index() {
    let t = BookTest::fixture("mdbook_layout");
    t.replace(
        "book.toml",
        "[output.html.redirect]",
        "[output.html.search.chapter]\n\"guide\" = { enable = false }\n\n[output.html.redirect]",
    );
    t.build().success();
    let index = t.read("book/search-index.js");
    assert!(!index.contains("guide/setup.html"), "{index}");
    assert!(index.contains("index.html"), "{index}");
    t.replace("book.toml", "\"guide\" = {", "\"gide\" = {");
    t.run(&["build"])
        .code(1)
        .stderr_has(
            "error[book-toml]: `[output.html.search.chapter]` key `gide` matches no chapter",
        )
        .stderr_has("book.toml:");
}

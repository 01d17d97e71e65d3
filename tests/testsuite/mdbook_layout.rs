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

//! One test per error a book can have: each fails the build with exit 1 and a
//! rustc-style diagnostic naming the file, line and column, and leaves the
//! previous `book/` untouched.

use crate::book_test::BookTest;

/// Builds once (good), applies `breakage`, builds again and expects failure
/// with every needle in stderr; checks the old site survived.
#[track_caller]
fn fails(breakage: impl FnOnce(&BookTest), needles: &[&str]) -> String {
    let t = BookTest::fixture("basic");
    t.build();
    let before = t.read("book/en/intro.html");
    breakage(&t);
    let run = t.run(&["build"]).code(1);
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        t.read("book/en/intro.html"),
        before,
        "a failed build must not touch book/"
    );
    run.stderr
}

#[test]
fn unknown_key_in_book_toml() {
    let stderr = fails(
        |t| {
            t.replace(
                "book.toml",
                "authors = [\"Test\"]",
                "authors = [\"Test\"]\nsrcdir = \"x\"",
            );
        },
        &[
            "error[book-toml]",
            "unknown key `srcdir` in `[book]`",
            "--> book.toml:4:1",
            "srcdir = \"x\"",
        ],
    );
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn invalid_toml_syntax() {
    fails(
        |t| {
            t.replace("book.toml", "title = \"Basic\"", "title = \"Basic");
        },
        &["error[book-toml]", "book.toml:2:"],
    );
}

#[test]
fn missing_book_toml() {
    let t = BookTest::fixture("basic");
    t.remove("book.toml");
    t.run(&["build"]).code(1).stderr_has("no `book.toml`");
}

#[test]
fn chapter_listed_but_missing() {
    fails(
        |t| {
            t.remove("content/zh/guide/setup.md");
        },
        &[
            "error[missing-chapter]",
            "--> content/zh/SUMMARY.md:4:3",
            "- [安装](guide/setup.md)",
        ],
    );
}

#[test]
fn markdown_file_not_listed_is_a_warning() {
    let t = BookTest::fixture("basic");
    t.write("content/en/draft.md", "# Draft\n");
    let run = t.build();
    assert!(
        run.stderr
            .contains("warning[unlisted-chapter]: `content/en/draft.md` is not listed"),
        "{}",
        run.stderr
    );
}

#[test]
fn summary_syntax_error() {
    fails(
        |t| {
            t.replace(
                "content/en/SUMMARY.md",
                "- [Setup](guide/setup.md)",
                "- Setup",
            );
        },
        &["error[summary-syntax]", "content/en/SUMMARY.md:4:3"],
    );
}

#[test]
fn link_to_missing_chapter() {
    fails(
        |t| {
            t.replace(
                "content/en/intro.md",
                "(guide/setup.md#install)",
                "(guide/steup.md#install)",
            );
        },
        &[
            "error[broken-link]",
            "guide/steup.md",
            "--> content/en/intro.md:3:6",
        ],
    );
}

#[test]
fn link_to_missing_anchor() {
    fails(
        |t| {
            t.replace(
                "content/zh/guide/setup.md",
                "(../intro.md#why)",
                "(../intro.md#how)",
            );
        },
        &[
            "error[broken-link]",
            "has no heading with id `how`",
            "content/zh/guide/setup.md:10:",
            "help: use one of its ids: intro, why",
        ],
    );
}

#[test]
fn heading_ids_differ_between_languages() {
    fails(
        |t| {
            t.replace("content/zh/intro.md", "{#why}", "{#reason}");
        },
        &[
            "error[language-mismatch]: heading id `why` is in `content/en/intro.md` but not in `content/zh/intro.md`",
            "--> content/en/intro.md:5:1",
            "heading id `reason` is in `content/zh/intro.md` but not in `content/en/intro.md`",
        ],
    );
}

#[test]
fn chapter_only_in_one_language() {
    fails(
        |t| {
            t.write("content/en/extra.md", "# Extra\n");
            t.replace(
                "content/en/SUMMARY.md",
                "- [Setup](guide/setup.md)",
                "- [Setup](guide/setup.md)\n- [Extra](extra.md)",
            );
        },
        &[
            "error[language-mismatch]: chapter `extra.md` is in `content/en/SUMMARY.md` but not in `content/zh/SUMMARY.md`",
        ],
    );
}

#[test]
fn unclosed_details_block() {
    fails(
        |t| {
            t.write(
                "content/en/intro.md",
                &(t.read("content/en/intro.md") + "\n::: details More\n\nHidden.\n"),
            );
        },
        &[
            "error[container-syntax]",
            "never closed",
            "content/en/intro.md:9:1",
        ],
    );
}

#[test]
fn unknown_fence_language_is_a_warning() {
    let t = BookTest::fixture("basic");
    t.write(
        "content/en/intro.md",
        &(t.read("content/en/intro.md") + "\n```klingon\nx\n```\n"),
    );
    let run = t.build();
    assert!(
        run.stderr.contains("warning[unknown-language]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/en/intro.md:9:4"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_template_names_template_and_line() {
    fails(
        |t| {
            t.write(
                "theme/templates/chapter.html",
                "{% extends \"base.html\" %}\n{% block body %}{{ content }\n{% endblock %}",
            );
        },
        &["template `chapter.html` failed", "line 2"],
    );
}

#[test]
fn two_default_languages() {
    fails(
        |t| {
            t.replace(
                "book.toml",
                "title = \"基础手册\"",
                "title = \"基础手册\"\ndefault = true",
            );
        },
        &["more than one default language: `en`, `zh`"],
    );
}

#[test]
fn destination_that_would_swallow_the_book_is_refused() {
    let t = BookTest::fixture("basic");
    t.run(&["build", "--dest-dir", "."])
        .code(1)
        .stderr_has("refusing to write the site");
    assert!(t.exists("content/en/intro.md"));
}

#[test]
fn usage_errors_exit_2() {
    let t = BookTest::fixture("basic");
    t.run(&["build", "--no-such-flag"]).code(2);
    t.run(&["frobnicate"]).code(2);
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let stderr = fails(
        |t| {
            t.replace(
                "content/en/intro.md",
                "(guide/setup.md#install)",
                "(nope.md)",
            );
            t.replace(
                "content/zh/guide/setup.md",
                "(../intro.md#why)",
                "(../intro.md#how)",
            );
        },
        &["due to 2 previous errors"],
    );
    assert_eq!(stderr.matches("error[broken-link]").count(), 2, "{stderr}");
}

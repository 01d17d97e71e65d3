//! mdBook's content directives: `{{#include}}` (anchors, line ranges),
//! `{{#rustdoc_include}}`, `{{#playground}}`, `{{#title}}`, the `\{{#…}}`
//! escape and Rust hidden lines, on two books: `mdbook_includes` (ours, one
//! chapter per directive) and `mdbook_all_includes` (mdBook's own include
//! test book, see its ORIGIN), whose code blocks must read as mdBook's
//! expected pages show them.

use crate::book_test::{BookTest, html_text};

/// The page's `<main>`.
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a <main>");
    let end = page.find("</main>").expect("a </main>");
    &page[start..end]
}

/// The text of every `<code>` block (`<pre><code>`) of `html`, without a
/// last newline.
fn code_blocks(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(pre) = rest.find("<pre") {
        rest = &rest[pre..];
        let Some(open) = rest.find("<code") else {
            break;
        };
        let body_start = open + rest[open..].find('>').unwrap() + 1;
        let end = rest.find("</code>").unwrap();
        out.push(
            html_text(&rest[body_start..end])
                .trim_end_matches('\n')
                .to_string(),
        );
        rest = &rest[end..];
    }
    out
}

/// `html` without mdBook's hidden lines (`<span class="boring">…</span>`).
fn without_boring(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<span class=\"boring\">") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</span>").unwrap();
        rest = &rest[i + end + "</span>".len()..];
    }
    out.push_str(rest);
    out
}

/// The HTML outside `<code>…</code>`.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<code") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</code>").unwrap();
        rest = &rest[i + end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_directive_is_expanded() {
    let t = BookTest::fixture("mdbook_includes");
    let run = t.build();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = t.read("book/en/directives.html");
    let main = main_of(&page);
    // `{{#title}}` is the whole <title>; the page's heading stays.
    assert!(
        page.contains("<title>Custom directives title</title>"),
        "{page}"
    );
    assert!(html_text(main).contains("Directives"));
    // No directive is left outside code, and the escaped one shows without
    // its backslash.
    assert!(!outside_code(main).contains("{{#"), "{main}");
    // An included Markdown file is Markdown, and not an unlisted chapter.
    assert!(main.contains("<p>This paragraph is included from <code>parts/intro.md</code>"));
    assert_eq!(
        code_blocks(main),
        [
            "line one\nline two\nline three",
            "line two",
            "line two\nline three",
            "line three",
            "line one\nline two",
            "  ethernets:\n    ens33:\n      dhcp4: true",
            "line one",
            "line one\nline two",
            "{{#include ../../listings/lines.txt}}",
        ]
    );
    // The list item and the quote keep their blocks.
    let list = &main[main.find("<li>").unwrap()..main.find("</li>").unwrap()];
    assert!(list.contains("line one"), "{list}");
    let quote = &main[main.find("<blockquote>").unwrap()..main.find("</blockquote>").unwrap()];
    assert!(html_text(quote).contains("line one\nline two"), "{quote}");

    let page = t.read("book/en/rust.html");
    let main = main_of(&page);
    assert!(page.contains("<title>Rust · Includes book</title>"));
    assert_eq!(
        code_blocks(main),
        [
            // rustdoc_include: the rest of the file is hidden.
            "fn main() {\n    println!(\"{}\", helper_hidden_away());\n}",
            // `# ` lines hidden, `##` is one `#`.
            "let map: HashMap<u8, u8> = HashMap::new();\n# an escaped hash",
            // playground: a rust block, its hidden lines hidden too.
            "fn main() {\n    println!(\"Hello, playground\");\n}",
        ]
    );
    // Hidden lines are in neither the page nor the search index.
    let search = t.read("book/en/search-index.js");
    for hidden in ["std::collections", "playground_secret", "ANCHOR"] {
        assert!(!page.contains(hidden), "{hidden} in the page");
        assert!(!search.contains(hidden), "{hidden} in the search index");
    }
    // `rust,ignore` and `rust,editable` are highlighted as Rust.
    assert_eq!(main.matches("data-lang=\"rust\"").count(), 3, "{main}");
    let ignore_block = &main[main.find("HashMap").unwrap() - 400..main.find("HashMap").unwrap()];
    assert!(ignore_block.contains("class=\"hl-"), "{ignore_block}");
}

#[test]
fn mdbook_s_include_book_builds_as_mdbook_shows_it() {
    let t = BookTest::fixture("mdbook_all_includes");
    let run = t.build();
    // recursive.md is on disk but not listed (see ORIGIN).
    assert!(
        run.stderr
            .contains("`content/en/recursive.md` is not listed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning[").count(), 1, "{}", run.stderr);
    for page in [
        "includes",
        "relative/includes",
        "anchors",
        "rustdoc",
        "playground",
        "multiline",
        "multiline/issues",
    ] {
        let html = t.read(&format!("book/en/{page}.html"));
        assert!(!main_of(&html).contains("{{#"), "{page}");
    }
    for page in ["includes", "relative/includes"] {
        let main = html_text(main_of(&t.read(&format!("book/en/{page}.html"))));
        assert!(main.contains("Sample"), "{page}: {main}");
        assert!(main.contains("This is a sample include."), "{page}: {main}");
    }
    // mdBook's expectations for these three are in its tests/testsuite/includes.rs.
    let code = |page: &str| code_blocks(main_of(&t.read(&format!("book/en/{page}.html"))));
    assert_eq!(code("anchors"), ["let x = 1;"]);
    assert_eq!(
        code("rustdoc"),
        [
            "fn main() {\n    some_function();\n}",
            "fn main() {\n    some_other_function();\n}"
        ]
    );
    assert_eq!(
        code("playground"),
        ["fn main() {\n    println!(\"Hello World!\");\n}"]
    );
    // The multiline pages: every code block as in mdBook's expected HTML,
    // its hidden lines left out.
    for (page, expected) in [
        ("multiline", "expected/multiline.html"),
        ("multiline/issues", "expected/multiline-issues.html"),
    ] {
        let want = code_blocks(&without_boring(&t.read(expected)));
        assert!(want.len() >= 5, "{expected}");
        assert_eq!(code(page), want, "{page}");
    }
    // The blocks included in lists and quotes stay inside them.
    let main = main_of(&t.read("book/en/multiline.html")).to_string();
    let list = &main[main.find("<ul>").unwrap()..main.rfind("</ul>").unwrap()];
    assert_eq!(list.matches("<pre").count(), 2, "{list}");
    let ordered = &main[main.find("<ol>").unwrap()..main.find("</ol>").unwrap()];
    assert_eq!(ordered.matches("<pre").count(), 1, "{ordered}");
}

#[test]
fn mdbook_recursive_include_is_an_error() {
    let t = BookTest::fixture("mdbook_all_includes");
    t.build();
    let before = t.read("book/en/includes.html");
    t.replace(
        "content/en/SUMMARY.md",
        "- [Include Anchors]",
        "- [Recursive Includes](./recursive.md)\n- [Include Anchors]",
    );
    let run = t.run(&["build"]).code(1);
    for needle in [
        "error[include-cycle]: include cycle: content/en/recursive.md → content/en/recursive.md",
        "--> content/en/recursive.md:2:1",
        "2 | {{#include recursive.md}}",
        "help: remove this include",
    ] {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
    }
    assert_eq!(t.read("book/en/includes.html"), before);
}

/// Builds `mdbook_includes`, applies `breakage`, builds again: exit 1, every
/// needle in stderr, no panic, `book/` as it was.
#[track_caller]
fn fails(breakage: impl FnOnce(&BookTest), needles: &[&str]) -> String {
    let t = BookTest::fixture("mdbook_includes");
    t.build();
    let before = t.read("book/en/directives.html");
    breakage(&t);
    let run = t.run(&["build"]).code(1);
    for needle in needles {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(t.read("book/en/directives.html"), before);
    run.stderr
}

#[test]
fn errors_name_the_chapter_line_and_column_and_how_to_fix_it() {
    fails(
        |t| {
            t.replace(
                "content/en/directives.md",
                "{{#include ../../listings/lines.txt:2}}",
                "{{#include ../../listings/gone.txt:2}}",
            );
        },
        &[
            "error[include]: `{{#include ../../listings/gone.txt:2}}`: `listings/gone.txt` does not exist",
            "--> content/en/directives.md:15:1",
            "help: the path is relative to the folder of `content/en/directives.md`",
        ],
    );
    fails(
        |t| {
            t.replace(
                "content/en/directives.md",
                "netplan.yaml:ethernets",
                "netplan.yaml:ethernet",
            );
        },
        &[
            "error[include-anchor]: anchor `ethernet` is not in `listings/netplan.yaml`",
            "--> content/en/directives.md:33:1",
            "did you mean `ethernets`?",
        ],
    );
    fails(
        |t| {
            t.replace(
                "content/en/directives.md",
                "{{#include parts/intro.md}}",
                "{{#include ../../../outside.md}}",
            );
        },
        &[
            "error[include-path]: `../../../outside.md` is outside the book's folder",
            "--> content/en/directives.md:4:1",
        ],
    );
    fails(
        |t| {
            t.write(
                "content/en/parts/intro.md",
                "Intro.\n\n{{#include ../directives.md}}\n",
            );
        },
        &[
            "error[include-cycle]: include cycle: content/en/directives.md → content/en/parts/intro.md → content/en/directives.md",
            "--> content/en/parts/intro.md:3:1",
            "note: included from content/en/directives.md:4:1",
        ],
    );
}

#[test]
fn problems_in_included_text_name_the_included_file_and_line() {
    let stderr = fails(
        |t| {
            t.write(
                "listings/setup.sh",
                "echo start\nif true; then\n  echo \"never closed\nfi\n",
            );
            t.write(
                "content/en/parts/intro.md",
                "Intro with a [broken link](nowhere.md).\n",
            );
            let rust = t.read("content/en/rust.md");
            t.write(
                "content/en/rust.md",
                &format!("{rust}\n## Setup\n\n```bash\n{{{{#include ../../listings/setup.sh}}}}\n```\n\nSee [the missing page](missing.md).\n"),
            );
        },
        &[
            // A shell block's error, in the included script.
            "--> listings/setup.sh:3:8",
            "3 |   echo \"never closed",
            // A broken link in an included Markdown file.
            "--> content/en/parts/intro.md:1:14",
            // The chapter's own lines after hidden lines and includes.
            "--> content/en/rust.md:27:5",
            "27 | See [the missing page](missing.md).",
        ],
    );
    assert!(stderr.contains("error[broken-link]"), "{stderr}");
}

#[test]
fn unknown_directives_are_kept_with_a_warning_naming_the_line() {
    let t = BookTest::fixture("mdbook_includes");
    t.replace(
        "content/en/rust.md",
        "## Playground",
        "Handlebars: {{#each items}} and {{#each others}}.\n\n## Playground",
    );
    let run = t.build();
    assert!(
        run.stderr.contains(
            "warning[unknown-directive]: `{{#each items}}` is not a directive mdBook knows"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/en/rust.md:17:13"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("unknown-directive").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        t.read("book/en/rust.html")
            .contains("{{#each items}} and {{#each others}}")
    );
}

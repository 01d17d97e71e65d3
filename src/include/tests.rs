use std::collections::HashMap;

use super::*;

/// A book of files in memory, by path from the book's folder.
fn book(files: &[(&str, &str)]) -> HashMap<PathBuf, String> {
    files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect()
}

fn run(files: &HashMap<PathBuf, String>, chapter: &str) -> Expanded {
    let read = |p: &Path| {
        files.get(p).cloned().ok_or_else(|| ReadError {
            path: p.to_path_buf(),
            problem: crate::fs::Problem::NotFound,
        })
    };
    expand(Path::new(chapter), &files[Path::new(chapter)], &read)
}

/// The expanded text, asserting no diagnostics.
fn ok(files: &[(&str, &str)], chapter: &str) -> String {
    let x = run(&book(files), chapter);
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    x.text
}

/// The diagnostics, rendered.
fn problems(files: &[(&str, &str)], chapter: &str) -> Vec<String> {
    run(&book(files), chapter)
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect()
}

const CH: &str = "content/en/ch.md";
const FIVE: &str = "one\ntwo\nthree\nfour\nfive\n";

#[test]
fn include_whole_file_and_line_ranges() {
    let with = |d: &str| {
        ok(
            &[(CH, &format!("{d}\nafter\n")), ("content/en/f.txt", FIVE)],
            CH,
        )
    };
    assert_eq!(
        with("{{#include f.txt}}"),
        "one\ntwo\nthree\nfour\nfive\nafter\n"
    );
    assert_eq!(with("{{#include f.txt:2}}"), "two\nafter\n");
    assert_eq!(with("{{#include f.txt:2:3}}"), "two\nthree\nafter\n");
    assert_eq!(with("{{#include f.txt:4:}}"), "four\nfive\nafter\n");
    assert_eq!(with("{{#include f.txt::2}}"), "one\ntwo\nafter\n");
    assert_eq!(
        with("{{#include f.txt::}}"),
        "one\ntwo\nthree\nfour\nfive\nafter\n"
    );
    assert_eq!(
        with("{{ #include f.txt }}"),
        "one\ntwo\nthree\nfour\nfive\nafter\n"
    );
    assert_eq!(with("x {{#include f.txt:1}} y"), "x one y\nafter\n");
}

#[test]
fn include_anchor_drops_marker_lines() {
    let src = "fn a() {}\n// ANCHOR: here\n// ANCHOR: other\nfn b() {}\n// ANCHOR_END: other\n// ANCHOR_END: here\nfn c() {}\n";
    assert_eq!(
        ok(
            &[
                (CH, "```rust\n{{#include src/lib.rs:here}}\n```\n"),
                ("content/en/src/lib.rs", src)
            ],
            CH
        ),
        "```rust\nfn b() {}\n```\n"
    );
}

#[test]
fn paths_are_relative_to_the_including_file_and_may_leave_src() {
    let files = [
        (
            "content/en/part/ch.md",
            "{{#include ../../../listings/a.md}}\n",
        ),
        ("listings/a.md", "A then {{#include sub/b.txt}}\n"),
        ("listings/sub/b.txt", "B"),
    ];
    let x = run(&book(&files), "content/en/part/ch.md");
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    assert_eq!(x.text, "A then B\n");
    assert_eq!(
        x.includes,
        [
            PathBuf::from("listings/a.md"),
            PathBuf::from("listings/sub/b.txt")
        ]
    );
}

// mdBook's includes/all_includes/src/multiline.md: the text before the
// directive starts every included line.
#[test]
fn included_lines_keep_the_indentation_and_quote_of_the_directive() {
    let hello = "pub fn main() {\n    println!(\"Hello, World\")\n}\n";
    let f = |chapter: &str| ok(&[(CH, chapter), ("content/en/hello.rs", hello)], CH);
    assert_eq!(
        f("- Indented once:\n  ```rust\n  {{#include hello.rs}}\n  ```\n"),
        "- Indented once:\n  ```rust\n  pub fn main() {\n      println!(\"Hello, World\")\n  }\n  ```\n"
    );
    assert_eq!(
        f("> > ```rust\n> > {{#include hello.rs}}\n> > ```\n"),
        "> > ```rust\n> > pub fn main() {\n> >     println!(\"Hello, World\")\n> > }\n> > ```\n"
    );
}

// mdBook's test_replace_all_escaped.
#[test]
fn escaped_directives_lose_the_backslash_only() {
    assert_eq!(
        ok(
            &[(
                CH,
                "```hbs\n\\{{#include file.rs}} << an escaped link!\n```\n\\{{#title X}}\n"
            )],
            CH
        ),
        "```hbs\n{{#include file.rs}} << an escaped link!\n```\n{{#title X}}\n"
    );
}

// mdBook's test_set_chapter_title.
#[test]
fn title_sets_the_page_title_and_leaves_nothing() {
    let x = run(&book(&[(CH, "{{#title My Title}}\n# My Chapter\n")]), CH);
    assert_eq!(x.text, "\n# My Chapter\n");
    assert_eq!(x.title.as_deref(), Some("My Title"));
    assert!(x.diagnostics.is_empty());
}

// mdBook's includes/all_includes/src/rustdoc.md.
#[test]
fn rustdoc_include_hides_the_rest_of_the_file() {
    let rs = "fn some_function() {\n    println!(\"some function\");\n}\n\nfn main() {\n    some_function();\n}\n";
    let files = [
        (CH, "```rust\n{{#rustdoc_include p.rs:5:7}}\n```\n"),
        ("content/en/p.rs", rs),
    ];
    // Hidden lines then leave the rust block.
    assert_eq!(
        ok(&files, CH),
        "```rust\nfn main() {\n    some_function();\n}\n```\n"
    );
    let anchored = "fn other() {\n    // ANCHOR: unused\n    println!(\"unused anchor\");\n    // ANCHOR_END: unused\n}\n\n// ANCHOR: shown\nfn main() {\n    other();\n}\n// ANCHOR_END: shown\n";
    let files = [
        (CH, "```rust\n{{#rustdoc_include p.rs:shown}}\n```\n"),
        ("content/en/p.rs", anchored),
    ];
    assert_eq!(
        ok(&files, CH),
        "```rust\nfn main() {\n    other();\n}\n```\n"
    );
    // Outside a rust block the `# ` lines stay (mdBook hides them there only).
    let files = [
        (CH, "```text\n{{#rustdoc_include p.rs:5:5}}\n```\n"),
        ("content/en/p.rs", rs),
    ];
    assert!(ok(&files, CH).contains("# }\n# \nfn main() {\n#     some_function();\n# }"));
}

// mdBook's includes/all_includes/src/playground.md.
#[test]
fn playground_is_a_rust_block_with_the_attributes() {
    let rs = "fn main() {\n    println!(\"Hello World!\");\n#\n#    // hidden\n}";
    assert_eq!(
        ok(
            &[
                (CH, "{{#playground example.rs editable no_run}}\n"),
                ("content/en/example.rs", rs)
            ],
            CH
        ),
        "```rust,editable,no_run\nfn main() {\n    println!(\"Hello World!\");\n}\n```\n"
    );
    let x = run(
        &book(&[(CH, "{{#playpen e.rs}}\n"), ("content/en/e.rs", "x\n")]),
        CH,
    );
    assert_eq!(x.text, "```rust\nx\n```\n");
    assert_eq!(x.diagnostics[0].rule, "deprecated-directive");
}

#[test]
fn unknown_directives_stay_with_one_warning_per_file() {
    let x = run(
        &book(&[(
            CH,
            "a\n{{#inclde f.txt}}\n{{#each items}}\n{{#include}} {{#}}\n",
        )]),
        CH,
    );
    assert_eq!(
        x.text,
        "a\n{{#inclde f.txt}}\n{{#each items}}\n{{#include}} {{#}}\n"
    );
    assert_eq!(x.diagnostics.len(), 1, "{:#?}", x.diagnostics);
    let d = x.diagnostics[0].to_string();
    assert!(d.starts_with("warning[unknown-directive]"), "{d}");
    assert!(d.contains("--> content/en/ch.md:2:1"), "{d}");
    assert!(d.contains("did you mean `{{#include …}}`?"), "{d}");
}

#[test]
fn missing_file_is_an_error_at_the_directive() {
    let p = problems(&[(CH, "# T\n\nSee {{#include gone.rs}}\n")], CH);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with(
            "error[include]: `{{#include gone.rs}}`: `content/en/gone.rs` does not exist"
        ),
        "{}",
        p[0]
    );
    assert!(p[0].contains("--> content/en/ch.md:3:5"), "{}", p[0]);
    assert!(
        p[0].contains("help: the path is relative to the folder of `content/en/ch.md`"),
        "{}",
        p[0]
    );
}

#[test]
fn missing_anchor_is_an_error_with_the_file_s_anchors() {
    let p = problems(
        &[
            (CH, "{{#include f.rs:mian}}\n"),
            (
                "content/en/f.rs",
                "// ANCHOR: main\nx\n// ANCHOR_END: main\n",
            ),
        ],
        CH,
    );
    assert!(
        p[0].starts_with("error[include-anchor]: anchor `mian` is not in `content/en/f.rs`"),
        "{}",
        p[0]
    );
    assert!(p[0].contains("ch.md:1:1"), "{}", p[0]);
    assert!(p[0].contains("did you mean `main`?"), "{}", p[0]);
    assert!(p[0].contains("note: its anchors: main"), "{}", p[0]);
    let p = problems(
        &[
            (CH, "{{#rustdoc_include f.rs:nope}}\n"),
            ("content/en/f.rs", "x\n"),
        ],
        CH,
    );
    assert!(p[0].contains("include-anchor"), "{}", p[0]);
}

#[test]
fn paths_outside_the_book_are_errors() {
    for path in ["../../../etc/passwd", "/etc/passwd"] {
        let p = problems(&[(CH, &format!("{{{{#include {path}}}}}\n"))], CH);
        assert!(
            p[0].starts_with(&format!(
                "error[include-path]: `{path}` is outside the book's folder"
            )),
            "{}",
            p[0]
        );
        assert!(p[0].contains("ch.md:1:1"), "{}", p[0]);
    }
}

#[test]
fn cycles_are_errors_naming_the_chain() {
    let p = problems(&[(CH, "Around the world\n{{#include ch.md}}\n")], CH);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(
            "error[include-cycle]: include cycle: content/en/ch.md → content/en/ch.md"
        ),
        "{}",
        p[0]
    );
    assert!(p[0].contains("--> content/en/ch.md:2:1"), "{}", p[0]);
    let p = problems(
        &[
            (CH, "{{#include a.md}}\n"),
            ("content/en/a.md", "a\n{{#include b.md}}"),
            ("content/en/b.md", "b\n{{#include a.md}}"),
        ],
        CH,
    );
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].contains("a.md → content/en/b.md → content/en/a.md"),
        "{}",
        p[0]
    );
    assert!(p[0].contains("--> content/en/b.md:2:1"), "{}", p[0]);
    assert!(
        p[0].contains("note: included from content/en/a.md:2:1"),
        "{}",
        p[0]
    );
    assert!(
        p[0].contains("note: included from content/en/ch.md:1:1"),
        "{}",
        p[0]
    );
}

#[test]
fn a_file_may_include_another_part_of_itself() {
    let src = "{{#include ch.md:part}}\n<!-- ANCHOR: part -->\nshared\n<!-- ANCHOR_END: part -->\n";
    assert_eq!(
        ok(&[(CH, src)], CH),
        "shared\n<!-- ANCHOR: part -->\nshared\n<!-- ANCHOR_END: part -->\n"
    );
}

#[test]
fn nesting_deeper_than_mdbook_allows_is_an_error() {
    let names: Vec<String> = (0..=MAX_DEPTH + 1)
        .map(|i| format!("content/en/f{i}.md"))
        .collect();
    let mut files: Vec<(String, String)> = (0..=MAX_DEPTH)
        .map(|i| (names[i].clone(), format!("{{{{#include f{}.md}}}}", i + 1)))
        .collect();
    files.push((names[MAX_DEPTH + 1].clone(), "end".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = problems(&refs, &names[0]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].starts_with("error[include-depth]"), "{}", p[0]);
    // Ten levels are fine.
    let files: Vec<(&str, &str)> = refs[1..].to_vec();
    assert_eq!(ok(&files, names[1].as_str()), "end");
}

#[test]
fn a_range_past_the_end_is_a_warning() {
    let p = problems(
        &[
            (CH, "{{#include f.txt:9:12}}\n"),
            ("content/en/f.txt", FIVE),
        ],
        CH,
    );
    assert!(p[0].starts_with("warning[include-range]"), "{}", p[0]);
    assert!(p[0].contains("which has 5 lines"), "{}", p[0]);
}

#[test]
fn locations_name_the_included_file_and_its_line() {
    let files = book(&[
        (
            CH,
            "# Title\n\n- list\n  {{#include sub/part.md}}\n\nlast line\n",
        ),
        (
            "content/en/sub/part.md",
            "first\nsecond bad\nthird {{#include x.txt}}\n",
        ),
        ("content/en/sub/x.txt", "X"),
    ]);
    let x = run(&files, CH);
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    assert_eq!(
        x.text,
        "# Title\n\n- list\n  first\n  second bad\n  third X\n\nlast line\n"
    );
    let at = |needle: &str| {
        let loc = x.map.location(x.text.find(needle).unwrap(), needle.len());
        (
            loc.file.display().to_string(),
            loc.line,
            loc.column,
            loc.source_line,
        )
    };
    assert_eq!(
        at("bad"),
        ("content/en/sub/part.md".into(), 2, 8, "second bad".into())
    );
    assert_eq!(at("X"), ("content/en/sub/x.txt".into(), 1, 1, "X".into()));
    assert_eq!(at("last"), (CH.into(), 6, 1, "last line".into()));
    assert_eq!(at("list").1, 3);
    // The repeated indentation is the included line's.
    let second = x.text.find("  second").unwrap();
    assert_eq!(
        x.map.location(second, 2).file,
        PathBuf::from("content/en/sub/part.md")
    );
    assert!(!x.map.is_identity());
    let plain = run(&book(&[(CH, "# Just text\n")]), CH);
    assert!(plain.map.is_identity());
}

#[test]
fn errors_in_included_files_name_that_file() {
    let p = problems(
        &[
            (CH, "intro\n\n{{#include a.md}}\n"),
            ("content/en/a.md", "line\n  {{#include missing.txt}}\n"),
        ],
        CH,
    );
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("`content/en/missing.txt` does not exist"),
        "{}",
        p[0]
    );
    assert!(p[0].contains("--> content/en/a.md:2:3"), "{}", p[0]);
    assert!(
        p[0].contains("note: included from content/en/ch.md:3:1"),
        "{}",
        p[0]
    );
}

// mdBook's find_links tests.
#[test]
fn directives_are_found_as_mdbook_s_regex_finds_them() {
    let kinds = |s: &str| -> Vec<(usize, usize, String)> {
        find_links(s)
            .into_iter()
            .map(|l| (l.start, l.end, format!("{:?}", l.kind)))
            .collect()
    };
    assert!(kinds("Some random text with {{#playground...").is_empty());
    assert!(kinds("Some random text with \\{{#include...").is_empty());
    // Matched but not directives: left as written.
    for s in [
        "{{#playground}} and {{#playground   }} {{}} {{#}}",
        "{{#playgroundz ar.rs}} and {{#incn}} {{baz}} {{#bar}}",
    ] {
        assert!(
            find_links(s)
                .iter()
                .all(|l| matches!(l.kind, Kind::Unknown(_))),
            "{s}"
        );
    }
    let got =
        kinds("Some random text with {{#playground file.rs}} and {{#playground test.rs }}...");
    assert_eq!(got[0].0..got[0].1, 22..45);
    assert_eq!(got[1].0..got[1].1, 50..74);
    let got =
        kinds("Some random text with escaped playground \\{{#playground file.rs editable}} ...");
    assert_eq!(got, [(41, 74, "Escaped".to_string())]);
    let s = "Some random text with escaped playground {{#include file.rs}} and \\{{#contents are \
             insignifficant in escaped link}} some more\n text  {{#playground my.rs editable \
             no_run should_panic}} ...";
    let got = kinds(s);
    assert_eq!(got.len(), 3);
    assert_eq!((got[0].0, got[0].1), (41, 61));
    assert_eq!(
        (got[1].0, got[1].1, got[1].2.as_str()),
        (66, 115, "Escaped")
    );
    assert_eq!((got[2].0, got[2].1), (133, 183));
    assert!(
        got[2]
            .2
            .contains("[\"editable\", \"no_run\", \"should_panic\"]")
    );
    let got = find_links("{{#playground foo-bar\\baz/_c++.rs}}");
    assert_eq!(
        got[0].kind,
        Kind::Playground("foo-bar\\baz/_c++.rs", vec![], false)
    );
    // Multi-byte text around directives.
    assert_eq!(kinds("中文 {{#include a.md}} 中文").len(), 1);
}

#[test]
fn included_text_is_read_once_per_file() {
    let files = book(&[
        (
            CH,
            "{{#include f.txt:1}} {{#include f.txt:2}} {{#include f.txt:3}}\n",
        ),
        ("content/en/f.txt", FIVE),
    ]);
    let x = run(&files, CH);
    assert_eq!(x.text, "one two three\n");
    assert_eq!(x.includes, [PathBuf::from("content/en/f.txt")]);
    assert_eq!(x.map.files.len(), 2);
}

#[test]
fn paths_may_reach_the_repository_the_book_is_in() {
    // mdBook's guide, two folders below the mdBook repository's root,
    // includes `../../../examples/…` from a chapter in `src/for_developers/`.
    let files = book(&[
        (
            "src/for_developers/pre.md",
            "{{#include ../../../examples/nop.rs}}\n",
        ),
        ("../examples/nop.rs", "fn main() {}\n"),
    ]);
    let read = |p: &Path| {
        files.get(p).cloned().ok_or_else(|| ReadError {
            path: p.to_path_buf(),
            problem: crate::fs::Problem::NotFound,
        })
    };
    let chapter = Path::new("src/for_developers/pre.md");
    let x = expand_within(chapter, &files[chapter], &read, 1, &Hidelines::new());
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    assert_eq!(x.text, "fn main() {}\n");
    // One folder further is outside the repository.
    let x = expand_within(
        chapter,
        "{{#include ../../../../x.rs}}\n",
        &read,
        1,
        &Hidelines::new(),
    );
    assert_eq!(x.diagnostics[0].rule, "include-path");
}

/// Files `f0.md` … `f9.md`, each of the first nine including the next
/// `times` times, the last holding `last`.
fn fan_out(times: usize, last: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = (0..9)
        .map(|i| {
            (
                format!("content/en/f{i}.md"),
                format!("{{{{#include f{}.md}}}}\n", i + 1).repeat(times),
            )
        })
        .collect();
    files.push(("content/en/f9.md".to_string(), last.to_string()));
    files
}

#[test]
fn includes_that_multiply_stop_at_the_size_limit() {
    // Each of nine files includes the next ten times: 10^9 copies of the
    // last one's kilobyte, within the nesting limit.
    let files = fan_out(10, &"x".repeat(1024));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = problems(&refs, names[0]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(
            "error[include-size]: the includes of this chapter bring in more than 16 MiB"
        ),
        "{}",
        p[0]
    );
    // Three levels of it are fine.
    assert_eq!(ok(&refs[6..], names[6]).len(), 1000 * 1025);
}

#[test]
fn includes_that_fan_out_stop_at_the_count_limit() {
    // Small files, each including the next four times: 4^9 includes of a
    // few bytes, under the size limit, over the count limit.
    let files = fan_out(4, "x");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = problems(&refs, names[0]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(
            "error[include-size]: this chapter's directives include more than 10000 files here"
        ),
        "{}",
        p[0]
    );
}

#[test]
fn a_flood_of_problems_stops_at_a_hundred() {
    // Every file includes two more, one folder down, and one that does not
    // exist: a thousand files within the ten levels, each a problem.
    let text = "{{#include a/x.md}}\n{{#include b/x.md}}\n{{#include nope.md}}\n";
    let read = |path: &Path| -> Result<String, ReadError> {
        if path.ends_with("nope.md") {
            Err(ReadError {
                path: path.to_path_buf(),
                problem: crate::fs::Problem::NotFound,
            })
        } else {
            Ok(text.to_string())
        }
    };
    let x = expand(Path::new("src/ch.md"), text, &read);
    assert_eq!(x.diagnostics.len(), MAX_PROBLEMS + 1);
    let last = x.diagnostics.last().unwrap().to_string();
    assert!(
        last.starts_with(
            "error[include-size]: more than 100 problems with this chapter's directives"
        ),
        "{last}"
    );
}

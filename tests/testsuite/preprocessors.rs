//! mdBook's preprocessors (`[preprocessor.<name>]`), run with mdBook's
//! protocol on the `preprocessors` book, whose `pre.py` speaks it (see its
//! docstring for its modes).

use serde_json::Value;

use crate::book_test::{BookTest, html_text};

/// The book with `[preprocessor.shout]` replaced by `tables`.
fn book(tables: &str) -> BookTest {
    let t = BookTest::fixture("preprocessors");
    t.replace(
        "book.toml",
        "[preprocessor.shout]\ncommand = \"python3 pre.py shout\"\n",
        tables,
    );
    t
}

fn page(t: &BookTest, rel: &str) -> String {
    html_text(&t.read(rel))
}

#[test]
fn a_preprocessor_rewrites_every_chapter_after_the_includes() {
    let t = BookTest::fixture("preprocessors");
    t.build();
    for rel in [
        "book/index.html",
        "book/one.html",
        "book/part/nested.html",
        "book/included.html",
    ] {
        let text = page(&t, rel);
        assert!(text.contains("SHOUTED"), "{rel}: {text}");
        assert!(!text.contains(":shout:"), "{rel}: {text}");
    }
    // `shout` sorts after `links`: the included snippet was rewritten too.
    assert!(page(&t, "book/included.html").contains("from the snippet SHOUTED"));
}

#[test]
fn it_gets_mdbook_s_context_and_book() {
    let t = book(
        "[preprocessor.nop]\ncommand = \"python3 pre.py nop --record input.json\"\nmine = 7\n",
    );
    t.build();
    let input: Value = serde_json::from_str(&t.read("input.json")).unwrap();
    let (context, book) = (&input[0], &input[1]);
    assert_eq!(context["renderer"], "html");
    assert_eq!(context["mdbook_version"], "0.5.4");
    assert_eq!(context["config"]["book"]["title"], "Preprocessed");
    // The preprocessor's own keys are in its table.
    assert_eq!(context["config"]["preprocessor"]["nop"]["mine"], 7);
    assert_eq!(
        std::path::Path::new(context["root"].as_str().unwrap()),
        std::fs::canonicalize(t.path()).unwrap().as_path()
    );
    let items = book["items"].as_array().unwrap();
    // As SUMMARY.md lists them: prefix chapter, part title, a chapter with
    // its sub-chapter, a draft, a separator, a chapter.
    assert_eq!(items.len(), 6, "{items:#?}");
    assert_eq!(items[0]["Chapter"]["name"], "Introduction");
    // `nop` sorts after `index`: README.md is index.md to it, as in mdBook.
    assert_eq!(items[0]["Chapter"]["path"], "index.md");
    assert_eq!(items[0]["Chapter"]["source_path"], "README.md");
    assert_eq!(items[1]["PartTitle"], "The part");
    let one = &items[2]["Chapter"];
    assert_eq!(one["number"], serde_json::json!([1]));
    let nested = &one["sub_items"][0]["Chapter"];
    assert_eq!(nested["path"], "part/nested.md");
    assert_eq!(nested["number"], serde_json::json!([1, 1]));
    assert_eq!(nested["parent_names"], serde_json::json!(["Chapter one"]));
    assert!(
        nested["content"]
            .as_str()
            .unwrap()
            .contains("Nested :shout:.")
    );
    assert_eq!(items[3]["Chapter"]["path"], Value::Null);
    assert_eq!(items[4], "Separator");
    // mdBook 0.5's form only (one built against 0.4 gets 0.4's, below).
    assert!(book.get("sections").is_none(), "{book:#?}");
}

#[test]
fn one_ordered_before_links_sees_the_includes_unexpanded() {
    // `after`/`before` as mdBook reads them; ties by name.
    let t = book(
        "[preprocessor.early]\ncommand = \"python3 pre.py nop --record early.json\"\nbefore = [\"links\"]\n\
         [preprocessor.late]\ncommand = \"python3 pre.py tag --tag late\"\nafter = [\"links\", \"later\"]\n\
         [preprocessor.later]\ncommand = \"python3 pre.py tag --tag later\"\n",
    );
    t.build();
    let early: Value = serde_json::from_str(&t.read("early.json")).unwrap();
    let included = &early[1]["items"][5]["Chapter"];
    assert_eq!(included["name"], "Included");
    assert!(
        included["content"]
            .as_str()
            .unwrap()
            .contains("{{#include snippet.txt}}"),
        "{included:#?}"
    );
    // and before `index`: README.md is still README.md
    assert_eq!(early[1]["items"][0]["Chapter"]["path"], "README.md");
    // `late` runs after `later`, which it names in `after`.
    let text = page(&t, "book/one.html");
    let (later, late) = (text.find("[later]").unwrap(), text.find("[late]").unwrap());
    assert!(later < late, "{text}");
    // the include was still expanded after `early`
    assert!(page(&t, "book/included.html").contains("from the snippet"));
}

#[test]
fn renderers_and_supports_decide_whether_it_runs() {
    // It says it does not support html: not run.
    let t = book("[preprocessor.shout]\ncommand = \"python3 pre.py shout --no-html\"\n");
    t.build();
    assert!(page(&t, "book/one.html").contains(":shout:"));
    // `renderers` without html: not run, whatever it says.
    let t =
        book("[preprocessor.shout]\ncommand = \"python3 pre.py shout\"\nrenderers = [\"latex\"]\n");
    t.build();
    assert!(page(&t, "book/one.html").contains(":shout:"));
    // `renderers` with html: run, without asking.
    let t = book(
        "[preprocessor.shout]\ncommand = \"python3 pre.py shout --no-html\"\nrenderers = [\"html\"]\n",
    );
    t.build();
    assert!(page(&t, "book/one.html").contains("SHOUTED"));
}

#[test]
fn a_failing_preprocessor_fails_the_build_naming_its_table() {
    let t = book("[preprocessor.broken]\ncommand = \"python3 pre.py fail\"\n");
    let run = t
        .run(&["build"])
        .code(1)
        .stderr_has("preprocessor `broken` failed: it exited with exit status: 3")
        .stderr_has("book.toml:6:2")
        .stderr_has("its command: `python3 pre.py fail`");
    // Its own message reaches the author.
    assert!(
        run.stderr.contains("pre.py: failing on purpose"),
        "{}",
        run.stderr
    );
    assert!(!t.exists("book"), "no site after a failed preprocessor");
}

#[test]
fn what_is_not_a_book_is_an_error() {
    let t = book("[preprocessor.junk]\ncommand = \"python3 pre.py garbage\"\n");
    t.run(&["build"])
        .code(1)
        .stderr_has("what it wrote is not a book in mdBook's JSON")
        .stderr_has("it begins `this is not JSON");
    let t = book("[preprocessor.dropper]\ncommand = \"python3 pre.py drop\"\n");
    t.run(&["build"])
        .code(1)
        .stderr_has("the preprocessors changed the chapters of `en`: 5 went in, 4 came out");
}

#[test]
fn a_missing_command_is_an_error_in_a_strict_book_unless_optional() {
    let t = book("[check]\nstrict = true\n[preprocessor.nowhere]\n");
    t.run(&["build"])
        .code(1)
        .stderr_has("preprocessor `nowhere` is not installed: `mdbook-nowhere` not found")
        .stderr_has("optional = true");
    assert!(!t.path().join("book").exists(), "no site is written");
    // An mdBook book as it is (not strict) builds without it, as mdBook 0.4
    // built the Rust book without its trpl preprocessors, and says so.
    let t = book("[preprocessor.nowhere]\n");
    let run = t.build();
    assert!(
        run.stderr.contains(
            "warning[preprocessor]: preprocessor `nowhere` is not installed (`mdbook-nowhere` not found): the book is built without it"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("mdBook 0.5 and `[check] strict = true` refuse to")
    );
    let t = book("[preprocessor.nowhere]\noptional = true\n");
    let run = t.build();
    assert!(
        run.stderr
            .contains("preprocessor `nowhere` is not installed (`mdbook-nowhere` not found)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_cycle_and_unknown_names() {
    let t = book(
        "[preprocessor.a]\ncommand = \"python3 pre.py nop\"\nbefore = [\"b\"]\n\
         [preprocessor.b]\ncommand = \"python3 pre.py nop\"\nbefore = [\"a\"]\n",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("make a cycle among `a`, `b`");
    let t = book("[preprocessor.a]\ncommand = \"python3 pre.py nop\"\nafter = [\"ghost\"]\n");
    let run = t.build();
    assert!(
        run.stderr.contains(
            "`preprocessor.a.after` names `ghost`, which is not a preprocessor of this book"
        ),
        "{}",
        run.stderr
    );
}

/// The book goes out in mdBook 0.5's form only (`items`); a preprocessor
/// built against mdBook 0.4 fails on it naming `sections`, and is run again
/// with 0.4's form, its first failure not shown.
#[test]
fn one_built_against_mdbook_0_4_gets_0_4_s_form() {
    let t = book(
        "[preprocessor.new]\ncommand = \"python3 pre.py tag --tag new --record new.json\"\n\
         [preprocessor.old]\ncommand = \"python3 pre.py tag --legacy --tag old --record old.json\"\nafter = [\"new\"]\n",
    );
    let run = t.build();
    assert!(!run.stderr.contains("missing field"), "{}", run.stderr);
    let page = page(&t, "book/index.html");
    assert!(page.contains("[new]") && page.contains("[old]"), "{page}");
    let new: Value = serde_json::from_str(&t.read("new.json")).unwrap();
    assert!(new[1].get("items").is_some() && new[1].get("sections").is_none());
    let old: Value = serde_json::from_str(&t.read("old.json")).unwrap();
    assert!(old[1].get("sections").is_some() && old[1].get("items").is_none());
    // One that fails on both forms says so, with both runs' messages.
    let t = book("[preprocessor.old]\ncommand = \"python3 pre.py fail-sections\"\n");
    t.write(
        "fail.py",
        "import sys\nif 'supports' in sys.argv:\n    sys.exit(0)\nsys.stdin.read()\nprint('missing field `sections`', file=sys.stderr)\nsys.exit(2)\n",
    );
    t.replace(
        "book.toml",
        "python3 pre.py fail-sections",
        "python3 fail.py",
    );
    t.run(&["build"])
        .code(1)
        .stderr_has("given mdBook 0.4's form of the book (`sections`), which its first run (exit status: 2) asked for");
}

/// A `cargo run` preprocessor (the Rust book's are): cargo builds it once,
/// and both the `supports` call and the run get its program, with the
/// command's arguments, as `cargo run` would run it.
#[test]
fn a_cargo_run_preprocessor_is_built_once_and_run() {
    let t = book(
        "[preprocessor.crate]\ncommand = \"cargo run --quiet --manifest-path pp/Cargo.toml --bin pp -- tag --tag crate\"\n",
    );
    // A program that logs how it was called, then is pre.py.
    t.write(
        "pp/Cargo.toml",
        "[package]\nname = \"pp\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    t.write(
        "pp/src/main.rs",
        r#"use std::io::Write;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open("calls.log").unwrap();
    writeln!(log, "{}", args.join(" ")).unwrap();
    let status = std::process::Command::new("python3").arg("pre.py").args(&args).status().unwrap();
    std::process::exit(status.code().unwrap_or(1));
}
"#,
    );
    let run = t.build();
    let page = page(&t, "book/index.html");
    assert!(page.contains("[crate]"), "{}\n{page}", run.stderr);
    // Called twice (in either order: the run is started while `supports`
    // is asked), with the command's arguments.
    let calls = t.read("calls.log");
    let mut calls: Vec<&str> = calls.lines().collect();
    calls.sort();
    assert_eq!(calls, ["tag --tag crate", "tag --tag crate supports html"]);
}

/// A chapter listed twice (a warning in an mdBook book) goes to the
/// preprocessors twice, as in mdBook 0.4; every chapter keeps its own text.
#[test]
fn a_chapter_listed_twice_keeps_every_chapter_s_text() {
    let t = book("[preprocessor.tag]\ncommand = \"python3 pre.py tag\"\n");
    t.replace(
        "src/SUMMARY.md",
        "- [Chapter one](one.md)\n",
        "- [Chapter one](one.md)\n- [One again](one.md)\n",
    );
    let run = t.build();
    assert!(
        run.stderr.contains("warning[duplicate-chapter]"),
        "{}",
        run.stderr
    );
    let one = page(&t, "book/one.html");
    assert!(one.contains("One") && one.contains("[tag]"), "{one}");
    let nested = page(&t, "book/part/nested.html");
    assert!(
        nested.contains("Nested") && !nested.contains("One :shout:"),
        "{nested}"
    );
    let included = page(&t, "book/included.html");
    assert!(included.contains("from the snippet"), "{included}");
}

//! mdBook's test-suite books and real books written for mdBook, built
//! unchanged with `netplate build`: each must pass or fail as the mdBook it
//! is written for does and write the same HTML pages (`expected.tsv` in
//! `tests/testsuite/upstream/mdbook/`, recorded by `record.py` there), except
//! the books in `deliberate.tsv`, each with its reason. No `{{#` directive
//! may be left outside code in a page.
//!
//! The books are other projects' and are not committed:
//! `tests/upstream/fetch-sources.sh` unpacks mdBook 0.5.4's crate (its test
//! books) and Debian's rustc 1.85.1 source (the Rust book, the Cargo book,
//! the Rustonomicon, ...) into `target/upstream-src/` (`ORIGIN.md`).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
    process::Command,
};

use crate::book_test::{copy_dir, html_text, repo};

fn html_pages(out: &Path) -> BTreeSet<String> {
    let mut pages = BTreeSet::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "toc.html" {
                    pages.insert(rel);
                }
            }
        }
    }
    pages
}

/// The text of `html` outside `<code>…</code>` and `<script>`.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = ["<code", "<script"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let end = if tag == "<code" {
            "</code>"
        } else {
            "</script>"
        };
        match rest[i..].find(end) {
            Some(e) => rest = &rest[i + e + end.len()..],
            None => return out,
        }
    }
}

#[test]
fn mdbook_books_build_as_mdbook_builds_them() {
    let here = repo().join("tests/testsuite/upstream/mdbook");
    let src = repo().join("target/upstream-src");
    for root in ["mdbook-crate", "rustc-books"] {
        assert!(
            src.join(root).join(".sha256").is_file(),
            "target/upstream-src/{root} is missing: run tests/upstream/fetch-sources.sh (tests/run.sh does)"
        );
    }
    let tmp = tempfile::TempDir::new().unwrap();
    let deliberate: BTreeMap<String, String> = std::fs::read_to_string(here.join("deliberate.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (book, why) = l.split_once('\t').expect("book<TAB>why");
            (book.to_string(), why.to_string())
        })
        .collect();
    let expected = std::fs::read_to_string(here.join("expected.tsv")).unwrap();
    let rows: Vec<&str> = expected.lines().filter(|l| !l.starts_with('#')).collect();
    // Each book in a copy of what it lives in, marked as a repository:
    // mdBook's test books with the whole crate, the real books alone.
    std::fs::create_dir_all(tmp.path().join("crate")).unwrap();
    copy_dir(
        &src.join("mdbook-crate"),
        &tmp.path().join("crate/mdbook-crate"),
    );
    std::fs::create_dir_all(tmp.path().join("crate/mdbook-crate/.git")).unwrap();
    let place = |book: &str| -> std::path::PathBuf {
        match book.strip_prefix("rustc-books/") {
            Some(rel) => {
                let copy = tmp.path().join("real").join(rel.replace('/', "_"));
                copy_dir(&src.join(book), &copy.join("book"));
                std::fs::create_dir_all(copy.join(".git")).unwrap();
                copy.join("book")
            }
            None => tmp.path().join("crate").join(book),
        }
    };
    // Books build in parallel, two at a time per core at most.
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|scope| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let chunks: Vec<Vec<&str>> = (0..threads)
            .map(|t| rows.iter().skip(t).step_by(threads).copied().collect())
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let place = &place;
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|line| {
                            let book = line.split('\t').next().unwrap().to_string();
                            let dir = place(&book);
                            (book, check_book(line, &dir))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut problems = Vec::new();
    let mut agreeing = 0;
    for (book, differs) in &results {
        match (differs.is_empty(), deliberate.get(book)) {
            (true, None) => agreeing += 1,
            (true, Some(_)) => problems.push(format!(
                "{book} agrees with mdBook now: remove it from deliberate.tsv"
            )),
            (false, None) => problems.push(format!("{book}: {}", differs.join("; "))),
            (false, Some(_)) => {}
        }
    }
    for book in deliberate.keys() {
        if !results.iter().any(|(b, _)| b == book) {
            problems.push(format!(
                "deliberate.tsv names `{book}`, which expected.tsv does not"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let real = results
        .iter()
        .filter(|(b, _)| b.starts_with("rustc-books/"))
        .count();
    assert_eq!(
        (results.len() - real, real),
        (47, 11),
        "expected.tsv lists mdBook's 47 test books with a book.toml and 11 real books"
    );
    assert_eq!(agreeing + deliberate.len(), results.len());
}

/// Builds the book in `dir` and says how it differs from its row of
/// expected.tsv (book, mdBook version, exit status, pages).
fn check_book(line: &str, dir: &Path) -> Vec<String> {
    let mut cols = line.split('\t');
    let (book, version, status) = (
        cols.next().unwrap(),
        cols.next().unwrap(),
        cols.next().unwrap(),
    );
    let pages: BTreeSet<String> = cols
        .next()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_netplate"))
        .arg("build")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{book}: netplate panicked:\n{stderr}"
    );
    let built = out.status.success();
    let mut differs = Vec::new();
    if built != (status == "0") {
        differs.push(format!(
            "{version} exits {status}, netplate {}: {}",
            out.status.code().unwrap_or(-1),
            stderr
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("")
        ));
    }
    if built && status == "0" {
        let got = html_pages(&dir.join("book"));
        if got != pages {
            differs.push(format!(
                "pages only {version} writes: {:?}; only netplate: {:?}",
                pages.difference(&got).collect::<Vec<_>>(),
                got.difference(&pages).collect::<Vec<_>>()
            ));
        }
    }
    if built {
        for page in html_pages(&dir.join("book")) {
            let html = std::fs::read_to_string(dir.join("book").join(&page)).unwrap();
            let text = html_text(&outside_code(&html));
            if let Some(i) = text.find("{{#") {
                let around: String = text[i..].chars().take(60).collect();
                differs.push(format!("{page}: a directive outside code: `{around}`"));
            }
        }
    }
    differs
}

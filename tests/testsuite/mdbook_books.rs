//! mdBook's own books (its guide and its test suite's books, see
//! `books/mdbook_upstream/ORIGIN.md`), built unchanged with `netplate build`:
//! each must pass or fail as mdBook 0.5.4 does and write the same HTML pages
//! (`expected.tsv`, recorded from mdBook by `record.py`), except the books in
//! `deliberate.tsv`, each with its reason. No `{{#` directive may be left
//! outside code in a page.

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
fn mdbook_s_books_build_as_mdbook_builds_them() {
    let fixtures = repo().join("tests/testsuite/books/mdbook_upstream");
    let tmp = tempfile::TempDir::new().unwrap();
    // The whole folder, marked as the repository mdBook's guide lives in.
    let copy = tmp.path().join("mdBook");
    copy_dir(&fixtures, &copy);
    std::fs::create_dir_all(copy.join(".git")).unwrap();

    let deliberate: BTreeMap<String, String> =
        std::fs::read_to_string(fixtures.join("deliberate.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (book, why) = l.split_once('\t').expect("book<TAB>why");
                (book.to_string(), why.to_string())
            })
            .collect();
    let expected = std::fs::read_to_string(fixtures.join("expected.tsv")).unwrap();
    let mut problems = Vec::new();
    let mut agreeing = 0;
    let mut books = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (book, status) = (cols.next().unwrap(), cols.next().unwrap());
        let pages: BTreeSet<String> = cols
            .next()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        books += 1;
        let dir = copy.join(book);
        let out = Command::new(env!("CARGO_BIN_EXE_netplate"))
            .arg("build")
            .current_dir(&dir)
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
                "mdBook exits {status}, netplate {}: {}",
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
                    "pages only mdBook writes: {:?}; only netplate: {:?}",
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
        if !expected
            .lines()
            .any(|l| l.split('\t').next() == Some(book.as_str()))
        {
            problems.push(format!(
                "deliberate.tsv names `{book}`, which expected.tsv does not"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        books, 48,
        "expected.tsv lists mdBook's 48 books with a book.toml"
    );
    assert_eq!(agreeing + deliberate.len(), books);
}

//! `build --single-file`: `book/<lang>.html` holds every chapter, needs no
//! other file (checked by opening it alone in Chromium), and its subnet form
//! and search work.

use std::{collections::BTreeSet, time::Duration};

use crate::{
    book_test::BookTest,
    browser::{
        browser_code_texts, eval, expected, file_url, instrument, launch, submit_form, wait_for,
    },
};

const CHAPTERS: &[&str] = &[
    "basics",
    "gateway-firewall",
    "find-and-verify",
    "cloning",
    "bridged-and-host-only",
    "windows-network",
    "qa",
];

fn built() -> BookTest {
    let t = BookTest::guide();
    let run = t.run(&["build", "--single-file"]).success();
    assert!(
        run.stderr.contains("one-file book: book/zh.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("one-file book: book/en.html"),
        "{}",
        run.stderr
    );
    t
}

/// Values of attribute `attr` in `html`.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn one_file_holds_every_chapter_and_every_link_inside_it_resolves() {
    let t = built();
    for lang in ["zh", "en"] {
        let single = t.read(&format!("book/{lang}.html"));
        let ids: BTreeSet<String> = attrs(&single, "id").into_iter().collect();
        let mut codes = Vec::new();
        // Every chapter, with every heading of its page.
        for chapter in CHAPTERS {
            assert!(
                single.contains(&format!("<article class=\"chapter\" id=\"{chapter}\">")),
                "{lang}: {chapter} missing"
            );
            let page = t.read(&format!("book/{lang}/{chapter}.html"));
            let article = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
            for id in attrs(article, "id") {
                assert!(
                    ids.contains(&format!("{chapter}--{id}")),
                    "{lang}: {chapter}#{id} missing"
                );
            }
            codes.extend(crate::browser::code_texts(article));
        }
        // Every code block, in order, as on the chapter pages.
        assert_eq!(
            crate::browser::code_texts(&single),
            codes,
            "{lang}: code blocks"
        );
        // No other file is needed: nothing linked in or loaded.
        assert!(
            !single.contains("<link rel=\"stylesheet\""),
            "{lang}: external stylesheet"
        );
        assert!(!single.contains("<script src"), "{lang}: external script");
        for src in attrs(&single, "src") {
            assert!(src.starts_with("data:"), "{lang}: loads {src}");
        }
        assert!(
            single.contains("window.netplateSearch"),
            "{lang}: search index inlined"
        );
        assert!(single.contains("id=\"ph-form\""), "{lang}: subnet form");
        // Links inside the file all land somewhere.
        for href in attrs(&single, "href") {
            if let Some(id) = href.strip_prefix('#') {
                assert!(
                    ids.contains(id),
                    "{lang}: link to #{id}, which is not in the file"
                );
            } else {
                assert!(
                    href.starts_with("http")
                        || href.starts_with("data:image/svg+xml,")
                        || href == "zh.html"
                        || href == "en.html",
                    "{lang}: link to {href}"
                );
            }
        }
    }
}

#[test]
fn the_file_alone_works_in_chromium_form_and_search_included() {
    let t = built();
    // Alone in an empty folder: nothing else can be loaded.
    let alone = tempfile::tempdir().unwrap();
    let path = alone.path().join("zh.html");
    std::fs::copy(t.path().join("book/zh.html"), &path).unwrap();
    let path = path.canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    tab.navigate_to(&file_url(&path))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    eval(&tab, "localStorage.clear(); true");

    // The subnet form personalises every chapter's blocks.
    let (subnet, vm) = ("10.20.0.0/16", "10.20.5.6");
    assert_eq!(submit_form(&tab, subnet, vm), subnet);
    let want = expected(subnet, vm);
    let all: Vec<String> = CHAPTERS
        .iter()
        .flat_map(|c| want[&format!("zh/{c}.html")].clone())
        .collect();
    assert_eq!(browser_code_texts(&tab), all);

    // Search: the inlined index, results link inside the file.
    tab.press_key("/").unwrap();
    tab.type_str("防火墙").unwrap();
    let mut first = serde_json::Value::Null;
    for _ in 0..100 {
        first = eval(
            &tab,
            "(document.querySelector('#search-results a[aria-selected=true]') || {}).hash || null",
        );
        if !first.is_null() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let first = first.as_str().expect("a search result").to_string();
    assert!(first.starts_with("#gateway-firewall"), "{first}");
    tab.press_key("Enter").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(eval(&tab, "location.hash"), first.as_str());
    assert_eq!(
        eval(
            &tab,
            "!!document.getElementById(decodeURIComponent(location.hash.slice(1)))"
        ),
        true
    );
    assert_eq!(eval(&tab, "location.pathname.endsWith('/zh.html')"), true);

    // The language switch lands on the same chapter and section of the
    // other file, also from a chapter's top.
    std::fs::copy(t.path().join("book/en.html"), alone.path().join("en.html")).unwrap();
    for (target, want) in [
        ("cloning", "#cloning"),
        (
            "gateway-firewall--linux-config",
            "#gateway-firewall--linux-config",
        ),
    ] {
        tab.navigate_to(&file_url(&path))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        eval(
            &tab,
            &format!(
                "document.getElementById('{target}').scrollIntoView(); window.scrollBy(0, 40); true"
            ),
        );
        tab.find_element("a[data-lang=en]")
            .unwrap()
            .click()
            .unwrap();
        wait_for(&tab, "location.pathname.endsWith('/en.html')");
        assert_eq!(eval(&tab, "location.hash"), want);
    }

    let rec = rec.lock().unwrap();
    assert!(rec.errors.is_empty(), "console errors: {:#?}", rec.errors);
    // Only the file itself, and the other language's file once switched to.
    let own = file_url(&path);
    let sibling = file_url(&alone.path().canonicalize().unwrap().join("en.html"));
    let others: Vec<_> = rec
        .requests
        .iter()
        .filter(|u| !u.starts_with(&own) && !u.starts_with(&sibling))
        .collect();
    assert!(others.is_empty(), "requests for other files: {others:#?}");
}

/// A book of `n` chapters per language, one of them in a subfolder.
fn long_book(n: usize) -> BookTest {
    let t = BookTest::fixture("basic");
    for lang in ["en", "zh"] {
        let mut summary =
            String::from("# Summary\n\n- [Introduction](intro.md)\n- [Setup](guide/setup.md)\n");
        for i in 0..n - 2 {
            summary.push_str(&format!("- [Chapter {i}](ch{i:03}.md)\n"));
            t.write(
                &format!("content/{lang}/ch{i:03}.md"),
                &format!("# Chapter {i}\n\nText {i}.\n"),
            );
        }
        t.write(&format!("content/{lang}/SUMMARY.md"), &summary);
    }
    t
}

#[test]
fn a_long_book_ships_its_chapter_list_once_and_the_script_fills_every_page() {
    let n = netplate::site::NAV_INLINE_MAX + 5;
    let t = long_book(n);
    t.build();
    // Pages no longer repeat the list: the last chapter appears only in
    // toc.js, toc.html and its own page's pager.
    let page = t.read("book/en/ch010.html");
    let last = format!("ch{:03}.html", n - 3);
    assert!(!page.contains(&last), "the list is still inline");
    assert!(page.contains("<script src=\"../en/toc.js\"></script>"));
    assert!(page.contains("<noscript><p><a href=\"../en/toc.html\">"));
    assert!(t.read("book/en/toc.js").contains(&last));
    assert!(
        t.read("book/en/toc.html")
            .contains(&format!("href=\"{last}\""))
    );

    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    for (page, current) in [
        ("en/ch010.html", "ch010.html"),
        ("zh/guide/setup.html", "guide/setup.html"),
    ] {
        tab.navigate_to(&file_url(&book.join(page)))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        assert_eq!(
            eval(
                &tab,
                "document.querySelectorAll('#sidebar .chapters a').length"
            ),
            n,
            "{page}"
        );
        let marked = eval(
            &tab,
            "document.querySelector('#sidebar a[aria-current=page]').getAttribute('href')",
        );
        assert!(
            marked.as_str().unwrap().ends_with(current),
            "{page}: {marked}"
        );
        // Links point at real pages, from any depth.
        let hrefs = eval(
            &tab,
            "JSON.stringify(Array.from(document.querySelectorAll('#sidebar .chapters a')).map(a => a.href))",
        );
        let hrefs: Vec<String> = serde_json::from_str(hrefs.as_str().unwrap()).unwrap();
        for href in hrefs {
            let path = href.strip_prefix("file://").unwrap();
            assert!(std::path::Path::new(path).is_file(), "{page}: {href}");
        }
    }
    assert!(
        rec.lock().unwrap().errors.is_empty(),
        "{:#?}",
        rec.lock().unwrap().errors
    );
}

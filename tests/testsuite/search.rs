//! Search: every heading of the guide is found by a word of it, Chinese
//! queries of two to four characters find their sections, and in real
//! Chromium from `file://` the page's own search (the index loaded only when
//! the reader opens it) gives the same answers and follows a result.

use std::{sync::OnceLock, time::Duration};

use netplate::{
    placeholder::setup::Reader,
    search::{self, Index},
    site::Site,
};

use crate::{
    book_test::{BookTest, repo},
    browser::{eval, file_url, instrument, launch, wait_for},
};

/// A section of the guide: (href, heading, text).
type Entry = (String, String, String);

/// The guide's index per language, with what each section is.
struct Guide {
    /// (language, index, sections).
    langs: Vec<(String, Index, Vec<Entry>)>,
}

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let site = Site::load(&repo(), &Reader::default()).unwrap();
        let langs = site
            .book
            .languages
            .iter()
            .enumerate()
            .map(|(li, lang)| {
                let mut sections = Vec::new();
                for (ci, chapter) in lang.chapters.iter().enumerate() {
                    let rendered = &site.rendered[li][ci];
                    for s in search::sections(rendered, &chapter.title) {
                        let href = if s.anchor.is_empty() {
                            chapter.html_path()
                        } else {
                            format!("{}#{}", chapter.html_path(), s.anchor)
                        };
                        sections.push((href, s.heading, s.text));
                    }
                }
                (lang.language.code.clone(), site.search(li), sections)
            })
            .collect();
        Guide { langs }
    })
}

fn hrefs(index: &Index, query: &str) -> Vec<String> {
    index.search(query).into_iter().map(|h| h.href).collect()
}

#[test]
fn every_heading_is_found_by_a_word_of_it_and_by_its_whole_text() {
    let guide = guide();
    let mut headings = 0;
    for (lang, index, sections) in &guide.langs {
        assert!(sections.len() >= 14, "{lang}: {} sections", sections.len());
        for (href, heading, _) in sections {
            headings += 1;
            let words = search::tokens(heading);
            assert!(!words.is_empty(), "{lang}: heading {heading:?} has no word");
            assert!(
                words.iter().any(|w| hrefs(index, w).contains(href)),
                "{lang}: no word of {heading:?} finds {href}"
            );
            let whole = hrefs(index, heading);
            assert!(
                whole.iter().take(5).any(|h| h == href),
                "{lang}: {heading:?} finds {whole:?}, not {href} in the first five"
            );
        }
    }
    assert!(headings >= 28, "{headings} headings");
}

#[test]
fn chinese_queries_of_two_to_four_characters_find_their_sections() {
    let (_, index, sections) = guide().langs.iter().find(|l| l.0 == "zh").unwrap();
    let mut queries = 0;
    for (href, heading, text) in sections {
        // Every two to four characters in a row, of the heading and the text.
        for source in [heading, text] {
            let chars: Vec<char> = source.chars().collect();
            for len in 2..=4 {
                for window in chars.windows(len) {
                    if !window.iter().all(|&c| search::is_cjk(c)) {
                        continue;
                    }
                    let q: String = window.iter().collect();
                    queries += 1;
                    assert!(
                        hrefs(index, &q).contains(href),
                        "{q:?} does not find {href}"
                    );
                }
            }
        }
    }
    assert!(queries > 3000, "{queries} queries");
    // What a reader of the guide looks for.
    for (q, want) in [
        ("网关", "gateway-firewall.html"),
        ("防火墙", "gateway-firewall.html#firewall-windows"),
        ("虚拟机克隆", "cloning.html"),
        ("子网掩码", "gateway-firewall.html#windows-host-config"),
        ("宿主机", "qa.html#ubuntu-host-cannot-ping-vmware"),
    ] {
        let found = hrefs(index, q);
        assert!(
            found.iter().any(|h| h == want),
            "{q:?} finds {found:?}, not {want}"
        );
    }
    // Characters that are in the guide, but never in a row.
    assert!(hrefs(index, "克隆防火墙").is_empty());
}

#[test]
fn english_is_case_insensitive_and_matches_prefixes() {
    let (_, index, _) = guide().langs.iter().find(|l| l.0 == "en").unwrap();
    for (q, want) in [
        ("FIREWALL", "gateway-firewall.html#firewall-windows"),
        ("Firew ubuntu", "gateway-firewall.html#firewall-ubuntu"),
        ("netpl", "gateway-firewall.html#linux-config"),
        ("clon", "cloning.html"),
        ("ping vmware", "qa.html#ubuntu-host-cannot-ping-vmware"),
    ] {
        let found = hrefs(index, q);
        assert!(
            found.iter().any(|h| h == want),
            "{q:?} finds {found:?}, not {want}"
        );
    }
    assert!(hrefs(index, "firewallz").is_empty());
}

#[test]
fn search_in_chromium_from_file_loads_on_demand_and_follows_a_result() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    tab.navigate_to(&file_url(&book.join("zh/basics.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(eval(&tab, "document.getElementById('search').hidden"), true);
    std::thread::sleep(Duration::from_millis(200));
    let index_requested = |rec: &std::sync::Mutex<crate::browser::Recorder>| {
        rec.lock()
            .unwrap()
            .requests
            .iter()
            .any(|u| u.ends_with("/zh/search-index.js"))
    };
    assert!(
        !index_requested(&rec),
        "the index loads only when searching"
    );

    // `/` opens the dialog and focuses the field; typing lists results.
    tab.press_key("/").unwrap();
    wait_for(&tab, "!document.getElementById('search').hidden");
    assert_eq!(
        eval(
            &tab,
            "document.activeElement.classList.contains('search-input')"
        ),
        true
    );
    tab.type_str("防火墙").unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results li').length > 0",
    );
    assert!(index_requested(&rec));
    let first = eval(
        &tab,
        "document.querySelector('#search-results a[aria-selected=true]').getAttribute('href')",
    );
    // Links are relative to the page, into the language's folder.
    let first = first
        .as_str()
        .unwrap()
        .strip_prefix("../zh/")
        .unwrap()
        .to_string();
    assert!(first.starts_with("gateway-firewall.html"), "{first}");
    let mark = eval(
        &tab,
        "document.querySelector('#search-results mark').textContent",
    );
    assert_eq!(mark, "防火墙");
    // Arrows move the selection; Enter follows it.
    tab.press_key("ArrowDown").unwrap();
    let second = eval(
        &tab,
        "document.querySelector('#search-results a[aria-selected=true]').getAttribute('href')",
    );
    assert_ne!(second.as_str().unwrap(), first);
    tab.press_key("ArrowUp").unwrap();
    tab.press_key("Enter").unwrap();
    wait_for(
        &tab,
        "location.pathname.endsWith('/zh/gateway-firewall.html')",
    );
    let hash = eval(&tab, "location.hash");
    assert_eq!(
        format!("gateway-firewall.html{}", hash.as_str().unwrap()),
        first
    );

    // `s` opens it too; Escape closes it and gives the focus back.
    tab.wait_until_navigated().unwrap();
    tab.press_key("s").unwrap();
    wait_for(&tab, "!document.getElementById('search').hidden");
    tab.press_key("Escape").unwrap();
    wait_for(&tab, "document.getElementById('search').hidden");

    // The page's search gives the Rust index's answers, query for query.
    let guide = guide();
    let (_, index, sections) = guide.langs.iter().find(|l| l.0 == "zh").unwrap();
    let mut queries: Vec<String> = sections
        .iter()
        .flat_map(|(_, heading, _)| search::tokens(heading))
        .collect();
    queries.extend(
        [
            "网关",
            "虚拟机克隆",
            "VMware NAT",
            "netplan apply",
            "子网掩码",
            "防火",
            "墙",
            "192.168",
            "  ",
        ]
        .map(String::from),
    );
    let js = format!(
        "Promise.all({}.map(q => new Promise(r => window.netplate.search(q, hits => r(hits.map(h => h.href)))))).then(JSON.stringify)",
        serde_json::to_string(&queries).unwrap()
    );
    let got: Vec<Vec<String>> = serde_json::from_str(
        tab.evaluate(&js, true)
            .unwrap()
            .value
            .unwrap()
            .as_str()
            .unwrap(),
    )
    .unwrap();
    for (q, got) in queries.iter().zip(got) {
        assert_eq!(got, hrefs(index, q), "query {q:?}: browser vs Rust");
    }
    // The browser splits text like the build does.
    let sample = "配置VMware虚拟机的网关：192.168.10.2/24，ifcfg-ens33";
    let js_tokens = eval(
        &tab,
        &format!(
            "JSON.stringify(window.netplate.tokens({}))",
            serde_json::to_string(sample).unwrap()
        ),
    );
    let js_tokens: Vec<String> = serde_json::from_str(js_tokens.as_str().unwrap()).unwrap();
    assert_eq!(js_tokens, search::tokens(sample));

    // `?search=` opens the dialog with that query; results do not carry it on.
    tab.navigate_to(&format!(
        "{}?search=%E8%99%9A%E6%8B%9F%E6%9C%BA%E5%85%8B%E9%9A%86&os=debian",
        file_url(&book.join("zh/qa.html"))
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results li').length > 0",
    );
    assert_eq!(
        eval(&tab, "document.querySelector('.search-input').value"),
        "虚拟机克隆"
    );
    let href = eval(
        &tab,
        "document.querySelector('#search-results a').getAttribute('href')",
    );
    assert_eq!(href, "../zh/cloning.html?os=debian");

    let rec = rec.lock().unwrap();
    assert!(rec.errors.is_empty(), "console errors: {:#?}", rec.errors);
    let prefix = file_url(&book);
    assert!(
        rec.requests.iter().all(|u| u.starts_with(&prefix)),
        "requests outside book/: {:#?}",
        rec.requests
    );
}

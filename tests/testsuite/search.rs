//! Search: every heading of the guide is found by a word of it, Chinese
//! queries of two to four characters find their sections, and in real
//! Chromium from `file://` the page's own search (the index loaded only when
//! the reader opens it) gives the same answers and follows a result.
//!
//! A section is exactly its own text (checked against the DOM's reading of
//! each chapter), and a personalised page searches and shows the reader's
//! values, as the Rust index does for them (and as an index built for them).

use std::{sync::OnceLock, time::Duration};

use netplate::{
    placeholder::{Values, setup::Reader},
    search::{self, Index},
    site::Site,
};

use crate::{
    book_test::{BookTest, repo},
    browser::{eval, file_url, instrument, launch, submit_form, wait_for},
};

/// A section of the guide: (href, heading, text).
type Entry = (String, String, String);

/// The guide's index per language, with what each section is.
struct Guide {
    /// (language, index, sections).
    langs: Vec<(String, Index, Vec<Entry>)>,
    /// Per language: (chapter's page, its rendered HTML, its sections).
    chapters: Vec<Vec<(String, String, Vec<search::Section>)>>,
    /// The guide built for [`SUBNET`] and [`VM`]: its index per language.
    personal: Vec<Index>,
    /// The values of [`SUBNET`] and [`VM`].
    values: Values,
}

/// The reader of these tests.
const SUBNET: &str = "10.20.0.0/16";
const VM: &str = "10.20.5.6";

fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| {
        let site = Site::load(&repo(), &Reader::default()).unwrap();
        let reader = Reader {
            subnet: Some(SUBNET.into()),
            params: [("vm".to_string(), VM.to_string())].into(),
        };
        let personal = Site::load(&repo(), &reader).unwrap();
        let chapters = site
            .book
            .languages
            .iter()
            .enumerate()
            .map(|(li, lang)| {
                lang.chapters
                    .iter()
                    .zip(&site.rendered[li])
                    .map(|(chapter, rendered)| {
                        (
                            chapter.html_path(),
                            rendered.html.clone(),
                            search::sections(rendered, &chapter.title),
                        )
                    })
                    .collect()
            })
            .collect();
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
                        sections.push((href, search::plain(&s.heading), search::plain(&s.text)));
                    }
                }
                (lang.language.code.clone(), site.search(li), sections)
            })
            .collect();
        Guide {
            langs,
            chapters,
            personal: (0..personal.book.languages.len())
                .map(|li| personal.search(li))
                .collect(),
            values: personal.placeholders.unwrap().values,
        }
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

/// What a result shows: (href, heading, context, text).
type Shown = (String, String, String, String);

fn shown(hits: Vec<search::Hit>) -> Vec<Shown> {
    hits.into_iter()
        .map(|h| (h.href, h.heading, h.context, h.text))
        .collect()
}

fn lang(code: &str) -> usize {
    guide().langs.iter().position(|l| l.0 == code).unwrap()
}

/// Whether `needle`'s words are, one after the other, words of `hay`.
fn has_words(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (search::tokens(hay), search::tokens(needle));
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A section as [`DOM_SECTIONS`] reads it: (anchor, text, next tab's title,
/// what follows its block).
type DomSection = (String, String, String, String);

/// Reads a chapter's HTML with the browser's parser: per section heading
/// (h1–h4 with an id), [anchor (empty for the chapter's h1), the text from
/// the heading to the next section heading or the end of the element it is
/// in, leaving out elements that hold section headings of their own, the
/// next tab's title when the heading is in a tab, the text of what follows
/// the block the heading is in].
const DOM_SECTIONS: &str = r#"(html) => {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const SEC = "h1[id],h2[id],h3[id],h4[id]";
  const INLINE = ["A", "ABBR", "B", "CODE", "DEL", "EM", "I", "KBD", "MARK", "S", "SMALL", "SPAN", "STRONG", "SUB", "U"];
  const text = (n) => n.nodeType === 3 ? n.data : n.nodeType !== 1 || n.matches("sup.footnote-ref") ? ""
    : INLINE.includes(n.tagName) ? Array.from(n.childNodes, text).join("") : " " + Array.from(n.childNodes, text).join("") + " ";
  return Array.from(body.querySelectorAll(SEC), (h, i) => {
    let own = "";
    for (let n = h.nextSibling; n && !(n.nodeType === 1 && n.matches(SEC)); n = n.nextSibling)
      if (!(n.nodeType === 1 && n.querySelector(SEC))) own += text(n);
    const tab = h.parentElement.closest("section.tab"), next = tab && tab.nextElementSibling, title = next && next.querySelector(".tab-title");
    let e = h.parentElement;
    while (e !== body && !e.nextElementSibling) e = e.parentElement;
    return [i === 0 && h.tagName === "H1" ? "" : h.id, own, title ? title.textContent : "", e === body ? "" : text(e.nextElementSibling)];
  });
}"#;

#[test]
fn every_section_is_exactly_its_own_text_as_the_dom_reads_it() {
    let guide = guide();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let htmls: Vec<Vec<&str>> = guide
        .chapters
        .iter()
        .map(|l| l.iter().map(|c| c.1.as_str()).collect())
        .collect();
    let js = format!(
        "JSON.stringify({}.map(l => l.map({DOM_SECTIONS})))",
        serde_json::to_string(&htmls).unwrap()
    );
    let dom: Vec<Vec<Vec<DomSection>>> =
        serde_json::from_str(eval(&tab, &js).as_str().unwrap()).unwrap();
    let (mut in_tabs, mut in_blocks) = (0, 0);
    for ((code, ..), (chapters, dom)) in guide.langs.iter().zip(guide.chapters.iter().zip(dom)) {
        for ((page, _, sections), dom) in chapters.iter().zip(dom) {
            let anchors: Vec<&str> = sections.iter().map(|s| s.anchor.as_str()).collect();
            let want: Vec<&str> = dom.iter().map(|d| d.0.as_str()).collect();
            assert_eq!(anchors, want, "{code}/{page}: sections");
            for (s, (_, own, next_tab, after)) in sections.iter().zip(&dom) {
                let text = search::plain(&s.text);
                let at = format!("{code}/{page}#{}", s.anchor);
                assert_eq!(
                    search::tokens(&text),
                    search::tokens(own),
                    "{at}: the section's text\n{text}\nis not the DOM's\n{own}"
                );
                if !next_tab.is_empty() {
                    in_tabs += 1;
                    assert!(
                        !text.contains(next_tab.as_str()),
                        "{at}: holds the next tab's title {next_tab:?}: {text}"
                    );
                }
                if !after.trim().is_empty() {
                    in_blocks += 1;
                    assert!(
                        !has_words(&text, after),
                        "{at}: holds what follows its block ({after:?}): {text}"
                    );
                }
            }
        }
    }
    // The firewall tabs (the last one has no next tab) and the collapsible
    // block's sections, in both languages.
    assert!(in_tabs >= 4, "{in_tabs} sections in tabs");
    assert!(in_blocks >= 8, "{in_blocks} sections in blocks");
}

#[test]
fn a_tabs_section_finds_its_own_words_not_the_next_tabs_or_the_text_after_the_block() {
    for (code, firewall) in [("en", "firewall"), ("zh", "防火墙")] {
        let (_, index, _) = &guide().langs[lang(code)];
        let hits = index.search(&format!("{firewall} debian"));
        assert_eq!(
            hits.first().map(|h| h.href.as_str()),
            Some("gateway-firewall.html#firewall-debian"),
            "{code}: {hits:#?}"
        );
        assert!(
            hits.iter()
                .all(|h| h.href != "gateway-firewall.html#firewall-centos-rhel"),
            "{code}: {hits:#?}"
        );
        assert!(!hits[0].text.contains("CentOS"), "{code}: {hits:#?}");
        let centos = hrefs(index, "centos");
        assert!(
            centos.contains(&"gateway-firewall.html#firewall-centos-rhel".to_string()),
            "{code}: {centos:?}"
        );
        assert!(
            !centos.contains(&"gateway-firewall.html#firewall-windows".to_string()),
            "{code}: {centos:?}"
        );
        // The paragraph after the collapsible block is the Linux section's.
        let baidu: Vec<String> = hrefs(index, "baidu")
            .into_iter()
            .filter(|h| h.starts_with("gateway-firewall.html"))
            .collect();
        assert_eq!(baidu, ["gateway-firewall.html#linux-config"], "{code}");
        assert!(
            hrefs(index, "ufw allow OpenSSH")
                .contains(&"gateway-firewall.html#firewall-ubuntu".into())
        );
    }
}

/// Queries about addresses: the reader's, parts of them, the build's.
const VALUE_QUERIES: &[&str] = &[
    "10.20.5.6",
    "10.20",
    "10.20.0.2",
    "10.20.0.1",
    "255.255.0.0",
    "255.255",
    "/16",
    "192.168.10.100",
    "192.168.10.2",
    "192.168",
    "255.255.255.0",
    "/24",
    "gateway 10.20",
    "ens33 10.20.5",
    "网关 10.20.0.2",
    "10",
];

/// The hrefs of the sections whose text holds a value of `key`.
fn sections_with(li: usize, key: &str) -> Vec<String> {
    let mark = format!("{}{key}{}", search::MARK, search::MARK_VALUE);
    let mut out = Vec::new();
    for (page, _, sections) in &guide().chapters[li] {
        for s in sections {
            if s.text.contains(&mark) || s.heading.contains(&mark) {
                out.push(if s.anchor.is_empty() {
                    page.clone()
                } else {
                    format!("{page}#{}", s.anchor)
                });
            }
        }
    }
    out
}

#[test]
fn a_readers_values_are_searched_and_shown_as_in_an_index_built_for_them() {
    let guide = guide();
    for (li, (code, index, sections)) in guide.langs.iter().enumerate() {
        let mut queries: Vec<String> = sections
            .iter()
            .flat_map(|(_, heading, _)| search::tokens(heading))
            .collect();
        queries.extend(VALUE_QUERIES.iter().map(|q| q.to_string()));
        for q in &queries {
            assert_eq!(
                shown(index.search_for(q, &guide.values)),
                shown(guide.personal[li].search(q)),
                "{code}: {q:?} for {SUBNET} {VM}, and in the index built for them"
            );
        }

        let vm = sections_with(li, "xxx");
        assert!(!vm.is_empty(), "{code}: no section with the VM's address");
        let hits = index.search_for(VM, &guide.values);
        let with_vm: Vec<&str> = hits
            .iter()
            .take_while(|h| h.text.contains(VM))
            .map(|h| h.href.as_str())
            .collect();
        assert_eq!(with_vm, vm, "{code}: {VM} finds its sections first");
        for h in &hits {
            assert!(!h.text.contains("192.168.10."), "{code}: {h:#?}");
        }
        // The build's values are not on the reader's page.
        assert!(index.search_for("192.168.10.100", &guide.values).is_empty());
        assert!(index.search_for("192.168", &guide.values).is_empty());
        assert_eq!(
            hrefs(index, "192.168.10.100")[..vm.len()],
            vm[..],
            "{code}: the build's own values"
        );
        // Its numbers may each start a word of the guide (`50-cloud-init`,
        // `chmod 600`, `17.10`, `20.04`), but never in its own text.
        assert!(
            index.search(VM).iter().all(|h| !h.text.contains(VM)),
            "{code}"
        );
        // Parts of an address, the gateway, the netmask.
        for (q, key) in [
            ("10.20", "xxx"),
            ("10.20", "1"),
            ("10.20.0.2", "2"),
            ("255.255.0.0", "netmask"),
            ("/16", "prefix"),
        ] {
            let found: Vec<String> = index
                .search_for(q, &guide.values)
                .into_iter()
                .map(|h| h.href)
                .collect();
            let want = sections_with(li, key);
            assert!(!want.is_empty(), "{code}: no section with {key}");
            for w in &want {
                assert!(found.contains(w), "{code}: {q:?} finds {found:?}, not {w}");
            }
        }
    }
}

/// `window.netplate.search` for each query, results as [`Shown`].
fn page_search(tab: &headless_chrome::Tab, queries: &[String]) -> Vec<Vec<Shown>> {
    let js = format!(
        "Promise.all({}.map(q => new Promise(r => window.netplate.search(q, hits => r(hits.map(h => [h.href, h.heading, h.context, h.text])))))).then(JSON.stringify)",
        serde_json::to_string(queries).unwrap()
    );
    serde_json::from_str(
        tab.evaluate(&js, true)
            .unwrap()
            .value
            .unwrap()
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

/// The page's search gives what the Rust index gives for `values`.
fn same_as_rust(tab: &headless_chrome::Tab, code: &str, values: Option<&Values>) {
    let (_, index, sections) = &guide().langs[lang(code)];
    let mut queries: Vec<String> = sections
        .iter()
        .flat_map(|(_, heading, _)| search::tokens(heading))
        .collect();
    queries.extend(VALUE_QUERIES.iter().map(|q| q.to_string()));
    queries.extend(["firewall debian", "centos", "防火墙 debian"].map(String::from));
    for (q, got) in queries.iter().zip(page_search(tab, &queries)) {
        let want = match values {
            Some(v) => shown(index.search_for(q, v)),
            None => shown(index.search(q)),
        };
        assert_eq!(got, want, "{code}: query {q:?}: browser vs Rust");
    }
}

/// Opens the search dialog with `/`, types `query` and returns the results'
/// (link, snippet, marked words) once listed.
fn dialog_search(tab: &headless_chrome::Tab, query: &str) -> Vec<(String, String, Vec<String>)> {
    tab.press_key("/").unwrap();
    wait_for(tab, "!document.getElementById('search').hidden");
    tab.type_str(query).unwrap();
    wait_for(
        tab,
        &format!(
            "document.querySelector('.search-input').value === {query:?} && (document.querySelectorAll('#search-results li').length > 0 || document.querySelector('.search-status').textContent !== '')"
        ),
    );
    let got = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results a'), a => [a.getAttribute('href'), a.querySelector('.search-snippet').textContent, Array.from(a.querySelectorAll('mark'), m => m.textContent)]))",
    );
    tab.press_key("Escape").unwrap();
    wait_for(tab, "document.getElementById('search').hidden");
    serde_json::from_str(got.as_str().unwrap()).unwrap()
}

#[test]
fn a_personalised_page_searches_and_shows_the_readers_values() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    tab.navigate_to(&file_url(&book.join("en/gateway-firewall.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    eval(&tab, "localStorage.clear(); true");
    // Before: the build's values.
    same_as_rust(&tab, "en", None);

    assert_eq!(submit_form(&tab, SUBNET, VM), SUBNET);
    let guide = guide();
    same_as_rust(&tab, "en", Some(&guide.values));

    // The dialog: the reader's address finds the sections with the VM's
    // address, and the snippets show it marked.
    let vm = sections_with(lang("en"), "xxx");
    let results = dialog_search(&tab, VM);
    assert!(results.len() >= vm.len(), "{results:#?}");
    for ((href, snippet, marks), want) in results.iter().zip(&vm) {
        // Links keep the reader's values in their query.
        let (page, anchor) = want.split_once('#').unwrap_or((want.as_str(), ""));
        let hash = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        assert_eq!(
            *href,
            format!("../en/{page}?subnet=10.20.0.0%2F16&vm={VM}{hash}")
        );
        assert!(snippet.contains(VM), "{href}: {snippet}");
        assert!(marks.iter().any(|m| m == VM), "{href}: marks {marks:?}");
    }
    for (href, snippet, _) in &results {
        assert!(!snippet.contains("192.168.10."), "{href}: {snippet}");
    }
    let gateway = dialog_search(&tab, "gateway 10.20.0.2");
    assert!(!gateway.is_empty());
    assert!(
        gateway.iter().any(|(_, s, _)| s.contains("10.20.0.2")),
        "{gateway:#?}"
    );
    // The build's address is not on the reader's page.
    assert!(dialog_search(&tab, "192.168.10.100").is_empty());
    assert_eq!(
        eval(&tab, "document.querySelector('.search-status').textContent"),
        eval(
            &tab,
            "document.getElementById('search').getAttribute('data-none')"
        )
    );

    // Another page, another language: the values persist, and so does search.
    tab.navigate_to(&file_url(&book.join("zh/basics.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(
        &tab,
        &format!("document.documentElement.dataset.phSubnet === {SUBNET:?}"),
    );
    same_as_rust(&tab, "zh", Some(&guide.values));
    let results = dialog_search(&tab, VM);
    assert!(
        results.first().is_some_and(|(_, s, _)| s.contains(VM)),
        "{results:#?}"
    );

    // Reset: the build's values again, in the same page's search.
    eval(&tab, "document.querySelector('.ph-reset').click(); true");
    wait_for(
        &tab,
        "document.documentElement.dataset.phSubnet === '192.168.10.0/24'",
    );
    same_as_rust(&tab, "zh", None);

    let rec = rec.lock().unwrap();
    assert!(rec.errors.is_empty(), "console errors: {:#?}", rec.errors);
}

#[test]
fn the_one_file_book_searches_and_shows_the_readers_values() {
    let t = BookTest::guide();
    t.run(&["build", "--single-file"]).success();
    let path = t.path().join("book/en.html").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    tab.navigate_to(&file_url(&path))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    eval(&tab, "localStorage.clear(); true");
    assert_eq!(submit_form(&tab, SUBNET, VM), SUBNET);
    same_as_rust(&tab, "en", Some(&guide().values));
    let vm = sections_with(lang("en"), "xxx");
    let results = dialog_search(&tab, VM);
    for ((href, snippet, _), want) in results.iter().zip(&vm) {
        // Links inside the file: chapter.html#x is #chapter--x.
        let (page, anchor) = want.split_once('#').unwrap_or((want.as_str(), ""));
        let id = page.trim_end_matches(".html");
        let hash = if anchor.is_empty() {
            format!("#{id}")
        } else {
            format!("#{id}--{anchor}")
        };
        assert_eq!(*href, hash);
        assert!(snippet.contains(VM), "{href}: {snippet}");
        assert!(!snippet.contains("192.168.10."), "{href}: {snippet}");
    }
    assert!(results.len() >= vm.len(), "{results:#?}");
    assert!(dialog_search(&tab, "192.168.10.100").is_empty());
    let rec = rec.lock().unwrap();
    assert!(rec.errors.is_empty(), "console errors: {:#?}", rec.errors);
}

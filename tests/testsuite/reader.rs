//! The reader's page in real Chromium, from `file://`: typed values change
//! nothing until the whole input is valid and applied (Enter or Apply), one
//! character at a time; errors stand beside the field they concern; the form
//! is where it serves; a language's index is a real page.

use std::time::Duration;

use headless_chrome::{Tab, browser::tab::ModifierKey};

use crate::{
    book_test::BookTest,
    browser::{eval, file_url, launch, wait_for},
};

/// What a reader can copy or share: the netplan block's text, what the last
/// Copy put on the clipboard, the URL's query, what is stored for the next
/// page, and the values the collapsed form says are in effect.
fn state(tab: &Tab) -> serde_json::Value {
    eval(
        tab,
        "JSON.stringify({ block: document.querySelector('figure.code[data-file^=\"/etc/netplan/\"] pre code').textContent, \
         query: location.search, \
         stored: [localStorage.getItem('netplate-subnet'), localStorage.getItem('netplate-slots')], \
         now: document.getElementById('ph-now').textContent })",
    )
}

/// Focuses the form's field `name` with its text selected (the next key
/// replaces it).
fn focus_field(tab: &Tab, name: &str) {
    eval(
        tab,
        &format!(
            "(() => {{ const i = document.querySelector('#ph-form input[name={name}]'); i.focus(); i.select(); return document.activeElement === i; }})()"
        ),
    );
    assert_eq!(
        eval(tab, &format!("document.activeElement.name === {name:?}")),
        true,
        "{name} has the focus (the form is open)"
    );
}

/// The messages beside each field, and which fields are marked invalid.
fn errors(tab: &Tab) -> serde_json::Value {
    eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#ph-form .ph-field')).map(f => \
         [f.querySelector('input').name, f.querySelector('.ph-error').textContent, f.querySelector('input').getAttribute('aria-invalid')]))",
    )
}

/// Types `text` key by key into the focused field; after every key, the
/// page, clipboard, URL and storage are still `before`.
fn type_changing_nothing(tab: &Tab, text: &str, before: &serde_json::Value) {
    for (i, c) in text.char_indices() {
        tab.type_str(&c.to_string()).unwrap();
        assert_eq!(
            &state(tab),
            before,
            "after typing {:?}, the page changed",
            &text[..i + c.len_utf8()]
        );
    }
    // Still nothing after the pause in which an error is shown.
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(&state(tab), before, "after typing {text:?} and waiting");
}

/// The guide built into a temporary folder (kept while the first value
/// lives), its `book/`, and a Chromium tab.
fn guide_in_chromium() -> (
    BookTest,
    std::path::PathBuf,
    headless_chrome::Browser,
    std::sync::Arc<Tab>,
) {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    (t, book, browser, tab)
}

fn open_chapter(tab: &Tab, book: &std::path::Path, page: &str) {
    tab.navigate_to(&file_url(&book.join(page)))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // Record what Copy puts on the clipboard.
    eval(
        tab,
        "window.copied = []; const w = navigator.clipboard.writeText.bind(navigator.clipboard); \
         navigator.clipboard.writeText = (t) => { window.copied.push(t); return w(t).catch(() => {}); }; true",
    );
}

#[test]
fn half_typed_values_are_never_applied_saved_or_shared() {
    let (_t, book, _browser, tab) = guide_in_chromium();
    open_chapter(&tab, &book, "en/gateway-firewall.html");
    eval(&tab, "localStorage.clear(); true");
    open_chapter(&tab, &book, "en/gateway-firewall.html");
    let built = state(&tab);
    assert!(
        built.as_str().unwrap().contains("192.168.10.100/24"),
        "{built}"
    );

    // The collapsed form shows the values in effect; opening it shows the fields.
    tab.find_element(".ph-summary").unwrap().click().unwrap();
    assert_eq!(eval(&tab, "document.getElementById('ph-panel').open"), true);

    // The subnet, key by key: nothing changes until Enter.
    focus_field(&tab, "subnet");
    type_changing_nothing(&tab, "10.20.0.0/16", &built);
    assert_eq!(
        eval(&tab, "document.querySelector('.ph-status').textContent"),
        "Not applied yet: press Enter or Apply."
    );
    tab.press_key("Enter").unwrap();
    let applied = state(&tab);
    let text = applied.as_str().unwrap();
    assert!(text.contains("10.20.0.100/16"), "{text}");
    assert!(text.contains("subnet=10.20.0.0/16"), "{text}");
    assert!(text.contains("\"stored\":[\"10.20.0.0/16\""), "{text}");
    assert!(
        text.contains("10.20.0.0/16 · VM address 10.20.0.100"),
        "{text}"
    );

    // The issue's cases: each is wrong once typed out; no prefix of it is
    // ever applied, and Enter on it changes nothing either.
    for (typed, message) in [
        ("10.20.255.255", "broadcast"),
        ("10.21.0.5", "outside 10.20.0.0/16"),
        ("5.6", "not an IPv4 address"),
    ] {
        focus_field(&tab, "vm");
        type_changing_nothing(&tab, typed, &applied);
        tab.press_key("Enter").unwrap();
        assert_eq!(state(&tab), applied, "Enter on {typed}");
        let shown = errors(&tab);
        let shown: Vec<(String, String, Option<String>)> =
            serde_json::from_str(shown.as_str().unwrap()).unwrap();
        assert_eq!(shown[0], ("subnet".into(), String::new(), None), "{typed}");
        assert_eq!(shown[1].0, "vm");
        assert!(
            shown[1].1.contains(message),
            "{typed}: the message beside the VM field: {:?}",
            shown[1].1
        );
        assert_eq!(shown[1].2.as_deref(), Some("true"), "{typed}");
    }

    // A good address, key by key: applied only on Enter, then everywhere.
    focus_field(&tab, "vm");
    type_changing_nothing(&tab, "10.20.5.6", &applied);
    tab.press_key("Enter").unwrap();
    let mine = state(&tab);
    let text = mine.as_str().unwrap();
    assert!(text.contains("10.20.5.6/16"), "{text}");
    assert!(text.contains("vm=10.20.5.6"), "{text}");
    assert!(text.contains("\\\"vm\\\":\\\"10.20.5.6\\\""), "{text}");
    assert_eq!(
        errors(&tab),
        serde_json::Value::from(r#"[["subnet","",null],["vm","",null]]"#)
    );
    // Copy copies the applied values.
    eval(
        &tab,
        "document.querySelector('figure.code[data-file^=\"/etc/netplan/\"] .copy-button:not(.command-button)').click(); true",
    );
    wait_for(&tab, "window.copied.length === 1");
    let copied = eval(&tab, "window.copied[0]");
    assert!(
        copied.as_str().unwrap().contains("- 10.20.5.6/16"),
        "{copied}"
    );

    // The next page opens with them, and no error.
    open_chapter(&tab, &book, "zh/gateway-firewall.html");
    let next = state(&tab);
    assert!(next.as_str().unwrap().contains("10.20.5.6/16"), "{next}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#ph-form [aria-invalid]').length"
        ),
        0
    );

    // A wrong subnet typed over it leaves everything on the last good values.
    tab.find_element(".ph-summary").unwrap().click().unwrap();
    focus_field(&tab, "subnet");
    type_changing_nothing(&tab, "10.20.0.0/33", &next);
    tab.find_element(".ph-apply").unwrap().click().unwrap();
    assert_eq!(state(&tab), next, "Apply on a bad subnet");
}

#[test]
fn a_subnet_without_a_free_host_marks_the_subnet_field() {
    let (_t, book, _browser, tab) = guide_in_chromium();
    open_chapter(&tab, &book, "en/gateway-firewall.html");
    eval(&tab, "localStorage.clear(); true");
    let before = state(&tab);
    tab.find_element(".ph-summary").unwrap().click().unwrap();
    focus_field(&tab, "subnet");
    // A /30 has two hosts, .1 and .2, both the guide's: no room for the VM.
    type_changing_nothing(&tab, "10.0.0.0/30", &before);
    tab.press_key("Enter").unwrap();
    assert_eq!(state(&tab), before);
    let shown = errors(&tab);
    let shown: Vec<(String, String, Option<String>)> =
        serde_json::from_str(shown.as_str().unwrap()).unwrap();
    assert_eq!(shown[0].0, "subnet");
    assert!(shown[0].1.contains("no free address"), "{shown:?}");
    assert_eq!(shown[0].2.as_deref(), Some("true"));
    assert_eq!(shown[1], ("vm".into(), String::new(), None), "{shown:?}");
}

#[test]
fn the_form_stands_above_chapters_with_addresses_and_below_the_others() {
    let (_t, book, _browser, tab) = guide_in_chromium();
    for lang in ["zh", "en"] {
        for chapter in [
            "basics",
            "gateway-firewall",
            "cloning",
            "windows-network",
            "qa",
        ] {
            open_chapter(&tab, &book, &format!("{lang}/{chapter}.html"));
            let got = eval(
                &tab,
                "JSON.stringify({ values: document.querySelectorAll('article .ph').length, \
                 before: !!(document.getElementById('ph-panel').compareDocumentPosition(document.querySelector('article')) & 4), \
                 after: !!(document.querySelector('article').compareDocumentPosition(document.getElementById('ph-panel')) & 4), \
                 open: document.getElementById('ph-panel').open, \
                 panel: Math.round(document.getElementById('ph-panel').getBoundingClientRect().height) })",
            );
            let got: serde_json::Value = serde_json::from_str(got.as_str().unwrap()).unwrap();
            let values = got["values"].as_u64().unwrap();
            assert_eq!(
                got["before"],
                values > 0,
                "{lang}/{chapter}: {values} values; above the text: {got}"
            );
            assert_eq!(got["after"], values == 0, "{lang}/{chapter}: {got}");
            // Collapsed to one line.
            assert_eq!(got["open"], false, "{lang}/{chapter}");
            assert!(
                got["panel"].as_u64().unwrap() < 60,
                "{lang}/{chapter}: {got}"
            );
        }
    }
}

#[test]
fn a_language_index_is_its_first_chapter_and_keeps_query_and_hash() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    for lang in ["zh", "en"] {
        let index = std::fs::read_to_string(book.join(format!("{lang}/index.html"))).unwrap();
        let first = std::fs::read_to_string(book.join(format!("{lang}/basics.html"))).unwrap();
        assert_eq!(
            index, first,
            "{lang}/index.html is the first chapter's page"
        );
        assert!(index.contains(&format!("<html lang=\"{lang}\"")));
    }
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    // A shared link to the index, with values and a section, keeps both.
    let url = format!(
        "{}?subnet=10.20.0.0/16&vm=10.20.5.6#basics",
        file_url(&book.join("en/index.html"))
    );
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(
        eval(&tab, "location.search + location.hash"),
        "?subnet=10.20.0.0/16&vm=10.20.5.6#basics"
    );
    assert_eq!(
        eval(&tab, "document.documentElement.dataset.phSubnet"),
        "10.20.0.0/16"
    );
}

#[test]
fn the_search_dialog_keeps_the_focus_and_closes_from_its_button() {
    let (_t, book, _browser, tab) = guide_in_chromium();
    open_chapter(&tab, &book, "en/gateway-firewall.html");
    tab.press_key("/").unwrap();
    wait_for(&tab, "!document.getElementById('search').hidden");
    tab.type_str("netplan").unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results [role=option]').length > 0",
    );
    // Results are links that are the listbox's options: no control inside another.
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#search-results [role=option] a, #search-results [role=option] button').length"
        ),
        0
    );
    // Tab and Shift+Tab go round the dialog's own controls, never the page behind it.
    let inside = "document.getElementById('search').contains(document.activeElement)";
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..6 {
        if i < 3 {
            tab.press_key("Tab").unwrap();
        } else {
            tab.press_key_with_modifiers("Tab", Some(&[ModifierKey::Shift]))
                .unwrap();
        }
        assert_eq!(eval(&tab, inside), true, "after {} Tab presses", i + 1);
        seen.insert(eval(&tab, "document.activeElement.className").to_string());
    }
    assert!(
        seen.len() >= 2,
        "the focus moves between controls: {seen:?}"
    );
    // The close button closes it and gives the focus back to the page.
    eval(
        &tab,
        "document.querySelector('.search-close').click(); true",
    );
    assert_eq!(eval(&tab, "document.getElementById('search').hidden"), true);
    assert_eq!(eval(&tab, inside), false);
}

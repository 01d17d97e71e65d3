//! The built guide in real headless Chromium, opened from `file://`: no
//! console errors, no request leaves `book/`, and the language switch lands
//! on the same section.
//!
//! Needs Debian's `chromium` (`tests/run.sh` installs it); set `CHROMIUM` to
//! use another binary.

use std::{
    ffi::OsStr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use headless_chrome::{
    Browser, LaunchOptions, Tab,
    protocol::cdp::{Network, types::Event},
};

use crate::book_test::BookTest;

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: install Debian's chromium (tests/run.sh does) or set CHROMIUM",
        path.display()
    );
    path
}

fn launch() -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .headless(true)
        .sandbox(false)
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    Browser::new(options).expect("launch chromium")
}

/// Everything a tab reported: requested URLs and console/JS errors.
#[derive(Default)]
struct Recorder {
    requests: Vec<String>,
    errors: Vec<String>,
}

fn instrument(tab: &Tab) -> Arc<Mutex<Recorder>> {
    let rec = Arc::new(Mutex::new(Recorder::default()));
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    tab.enable_log().unwrap();
    tab.enable_runtime().unwrap();
    let r = Arc::clone(&rec);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut r = r.lock().unwrap();
        match event {
            Event::NetworkRequestWillBeSent(e) => r.requests.push(e.params.request.url.clone()),
            Event::RuntimeExceptionThrown(e) => r
                .errors
                .push(format!("exception: {:?}", e.params.exception_details.text)),
            Event::RuntimeConsoleAPICalled(e)
                if format!("{:?}", e.params.Type).contains("Error") =>
            {
                r.errors.push(format!(
                    "console.error: {:?}",
                    e.params.args.first().and_then(|a| a.value.clone())
                ))
            }
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level).contains("Error") => {
                r.errors.push(format!(
                    "log: {} {:?}",
                    e.params.entry.text, e.params.entry.url
                ))
            }
            _ => {}
        }
    }))
    .unwrap();
    rec
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

#[test]
fn guide_pages_load_from_file_without_errors_or_outside_requests() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    let mut pages = vec!["404.html".to_string()];
    for lang in ["zh", "en"] {
        for chapter in [
            "basics",
            "gateway-firewall",
            "cloning",
            "windows-network",
            "qa",
        ] {
            pages.push(format!("{lang}/{chapter}.html"));
        }
    }
    for page in &pages {
        tab.navigate_to(&file_url(&book.join(page)))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        // Let deferred work (copy buttons, scroll spy) run.
        assert_eq!(
            eval(
                &tab,
                "document.querySelectorAll('.code .copy-button').length > 0 || !document.querySelector('.code')"
            ),
            true,
            "{page}: copy buttons"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    let rec = rec.lock().unwrap();
    assert!(rec.errors.is_empty(), "console errors: {:#?}", rec.errors);
    let prefix = file_url(&book);
    let outside: Vec<_> = rec
        .requests
        .iter()
        .filter(|u| !u.starts_with(&prefix))
        .collect();
    assert!(outside.is_empty(), "requests outside book/: {outside:#?}");
    // Stylesheets and the script were really requested from book/static.
    assert!(
        rec.requests
            .iter()
            .any(|u| u.ends_with("/static/netplate.css"))
    );
    assert!(
        rec.requests
            .iter()
            .any(|u| u.ends_with("/static/highlight.css"))
    );
    assert!(
        rec.requests
            .iter()
            .any(|u| u.ends_with("/static/netplate.js"))
    );
}

#[test]
fn language_switch_lands_on_the_same_section() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&file_url(&book.join("zh/gateway-firewall.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // Scroll the reader to a section in the middle of the page, then switch.
    eval(
        &tab,
        "document.getElementById('vmware-config').scrollIntoView(); true",
    );
    std::thread::sleep(Duration::from_millis(200));
    tab.find_element(".lang-switch a[data-lang=en]")
        .unwrap()
        .click()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    tab.wait_until_navigated().unwrap();
    let url = tab.get_url();
    assert!(
        url.ends_with("/en/gateway-firewall.html#vmware-config"),
        "{url}"
    );
    assert_eq!(eval(&tab, "document.documentElement.lang"), "en");
    // The section exists on the English page and is where the reader is.
    let top = eval(
        &tab,
        "Math.round(document.getElementById('vmware-config').getBoundingClientRect().top)",
    );
    let top = top.as_i64().unwrap();
    assert!(
        (0..200).contains(&top),
        "section at the top of the viewport, got {top}px"
    );

    // And back, from a section inside the firewall dropdown reached by its
    // anchor (the browser opens the dropdown).
    tab.navigate_to(&file_url(&book.join("en/basics.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.navigate_to(&format!(
        "{}#firewall-debian",
        file_url(&book.join("en/gateway-firewall.html"))
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    tab.find_element(".lang-switch a[data-lang=zh]")
        .unwrap()
        .click()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    tab.wait_until_navigated().unwrap();
    let url = tab.get_url();
    assert!(
        url.ends_with("/zh/gateway-firewall.html#firewall-debian"),
        "{url}"
    );
}

#[test]
fn theme_toggle_persists_across_pages() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&file_url(&book.join("en/basics.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let before = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    tab.find_element(".theme-toggle").unwrap().click().unwrap();
    let theme = eval(&tab, "document.documentElement.getAttribute('data-theme')");
    assert!(theme == "dark" || theme == "light", "{theme}");
    let after = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    assert_ne!(before, after, "the toggle changes the colours");
    tab.navigate_to(&file_url(&book.join("zh/qa.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(
        eval(&tab, "document.documentElement.getAttribute('data-theme')"),
        theme
    );
}

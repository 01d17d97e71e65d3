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

pub(crate) fn launch() -> Browser {
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
pub(crate) struct Recorder {
    pub(crate) requests: Vec<String>,
    pub(crate) errors: Vec<String>,
}

pub(crate) fn instrument(tab: &Tab) -> Arc<Mutex<Recorder>> {
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

pub(crate) fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub(crate) fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// Types `subnet` and `vm` into the page's form and submits it; returns the
/// subnet the page then has in effect.
pub(crate) fn submit_form(tab: &Tab, subnet: &str, vm: &str) -> serde_json::Value {
    let js = format!(
        "(() => {{ const f = document.getElementById('ph-form'); \
         const s = f.querySelector('input[name=subnet]'); s.value = {subnet:?}; s.dispatchEvent(new Event('input', {{bubbles: true}})); \
         const v = f.querySelector('input[name=vm]'); v.value = {vm:?}; v.dispatchEvent(new Event('input', {{bubbles: true}})); \
         f.requestSubmit(); return document.documentElement.dataset.phSubnet; }})()"
    );
    eval(tab, &js)
}

/// Waits until `js` is true in the tab.
pub(crate) fn wait_for(tab: &Tab, js: &str) {
    for _ in 0..100 {
        if eval(tab, js) == true {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {js}");
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

/// The text of every code block of a page's HTML, tags removed.
pub(crate) fn code_texts(html: &str) -> Vec<String> {
    html.match_indices("<pre class=\"hl\" tabindex=\"0\"><code>")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let inner = &rest[..rest.find("</code></pre>").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Deterministic (subnet, vm) pairs over /8 to /30: the VM either left to
/// its default, or a host picked in the subnet that the engine accepts.
fn pairs(n: usize) -> Vec<(String, String)> {
    use netplate::placeholder::setup::Reader;
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 32) as u32
    };
    let mut out = Vec::new();
    while out.len() < n {
        let prefix = 8 + (next() % 23) as u8;
        let net = ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(next()), prefix)
            .unwrap()
            .trunc();
        let size = u32::from(net.hostmask());
        let vm = if out.len() % 3 == 0 {
            String::new()
        } else {
            std::net::Ipv4Addr::from(u32::from(net.network()) + 2 + next() % (size - 2).max(1))
                .to_string()
        };
        let mut reader = Reader {
            subnet: Some(net.to_string()),
            ..Reader::default()
        };
        if !vm.is_empty() {
            reader.params.insert("vm".into(), vm.clone());
        }
        if netplate::site::Site::load(&crate::book_test::repo(), &reader).is_ok() {
            out.push((net.to_string(), vm));
        }
    }
    out
}

/// What the Rust engine renders for a pair: page → code block texts.
pub(crate) fn expected(subnet: &str, vm: &str) -> std::collections::HashMap<String, Vec<String>> {
    use netplate::placeholder::setup::Reader;
    let mut reader = Reader {
        subnet: Some(subnet.to_string()),
        ..Reader::default()
    };
    if !vm.is_empty() {
        reader.params.insert("vm".into(), vm.to_string());
    }
    let site = netplate::site::Site::load(&crate::book_test::repo(), &reader).unwrap();
    let mut pages = std::collections::HashMap::new();
    for (li, lang) in site.book.languages.iter().enumerate() {
        for (ci, chapter) in lang.chapters.iter().enumerate() {
            pages.insert(
                format!("{}/{}", lang.language.code, chapter.html_path()),
                code_texts(&site.rendered[li][ci].html),
            );
        }
    }
    pages
}

pub(crate) fn browser_code_texts(tab: &Tab) -> Vec<String> {
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('article pre.hl code')).map(c => c.textContent))",
    );
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

#[test]
fn browser_values_equal_the_rust_engine_for_many_subnets() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    let pages: Vec<String> = ["zh", "en"]
        .iter()
        .flat_map(|l| {
            [
                "basics",
                "gateway-firewall",
                "find-and-verify",
                "cloning",
                "bridged-and-host-only",
                "windows-network",
                "qa",
            ]
            .map(|c| format!("{l}/{c}.html"))
        })
        .collect();
    let all = pairs(60);
    for (i, page) in pages.iter().enumerate() {
        let mine: Vec<&(String, String)> = all.iter().skip(i).step_by(pages.len()).collect();
        // Half through the form, typed into a loaded page.
        tab.navigate_to(&file_url(&book.join(page)))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        eval(&tab, "localStorage.clear(); true");
        for (subnet, vm) in mine.iter().step_by(2) {
            assert_eq!(
                submit_form(&tab, subnet, vm),
                serde_json::Value::from(subnet.as_str()),
                "{page}: form did not apply {subnet}"
            );
            let want = expected(subnet, vm);
            assert_eq!(
                browser_code_texts(&tab),
                want[page],
                "{page} via the form: {subnet} {vm}"
            );
            // The copy button copies the personalised text: what the block
            // shows (a console block copies its commands, not its prompts).
            let copied = eval(
                &tab,
                "JSON.stringify(Array.from(document.querySelectorAll('article .code')).filter(b => b.dataset.lang !== 'console').map(b => [window.netplate.copyText(b), b.querySelector('pre.hl code').textContent]))",
            );
            let copied: Vec<(String, String)> =
                serde_json::from_str(copied.as_str().unwrap()).unwrap();
            for (copy, shown) in &copied {
                assert_eq!(copy, shown, "{page}: copy button text");
                assert!(
                    want[page].contains(shown),
                    "{page}: {shown:?} is not the engine's"
                );
            }
        }
        // Half through the URL.
        for (subnet, vm) in mine.iter().skip(1).step_by(2) {
            let url = format!("{}?subnet={subnet}&vm={vm}", file_url(&book.join(page)));
            tab.navigate_to(&url)
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            assert_eq!(
                browser_code_texts(&tab),
                expected(subnet, vm)[page],
                "{page} via the URL: {subnet} {vm}"
            );
        }
    }
    assert!(
        rec.lock().unwrap().errors.is_empty(),
        "{:#?}",
        rec.lock().unwrap().errors
    );
}

#[test]
fn invalid_input_shows_the_engines_message_and_changes_nothing() {
    use netplate::placeholder::setup::Reader;
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    for (lang, page) in [
        ("en", "en/gateway-firewall.html"),
        ("zh", "zh/gateway-firewall.html"),
    ] {
        tab.navigate_to(&file_url(&book.join(page)))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        let before = browser_code_texts(&tab);
        for (subnet, vm) in [
            ("10.0.0.5/24", ""),
            ("2001:db8::/64", ""),
            ("10.0.0.0/7", ""),
            ("10.0.0.0/24", "10.0.0.1"),
            ("10.0.0.0/28", "10.0.0.99"),
        ] {
            let mut reader = Reader {
                subnet: Some(subnet.into()),
                ..Reader::default()
            };
            if !vm.is_empty() {
                reader.params.insert("vm".into(), vm.into());
            }
            // The Rust engine's message, in the page's language.
            let book_dir = crate::book_test::repo();
            let config = netplate::config::Config::load(&book_dir).unwrap();
            let b = netplate::content::Book::load(&book_dir, config).unwrap();
            let setup = netplate::placeholder::setup::Setup::new(&b, &Reader::default())
                .unwrap()
                .unwrap();
            let rules = setup.rules(&b, lang, |u| {
                b.languages[u.lang].chapters[u.chapter].title.clone()
            });
            let err = netplate::placeholder::input::resolve(
                subnet,
                &reader
                    .params
                    .values()
                    .map(|v| ("xxx".to_string(), v.clone()))
                    .collect(),
                &rules,
                lang,
            )
            .unwrap_err();
            let js = format!(
                "(() => {{ const f = document.getElementById('ph-form'); \
                 const s = f.querySelector('input[name=subnet]'); const v = f.querySelector('input[name=vm]'); \
                 s.value = {subnet:?}; v.value = {vm:?}; \
                 s.dispatchEvent(new Event('input', {{bubbles: true}})); v.dispatchEvent(new Event('input', {{bubbles: true}})); \
                 f.requestSubmit(); return Array.from(f.querySelectorAll('.ph-error')).map(o => o.textContent).join(''); }})()"
            );
            let shown = eval(&tab, &js);
            assert_eq!(
                shown,
                serde_json::Value::from(err.message(lang)),
                "{lang}: {subnet} {vm}"
            );
            assert_eq!(
                browser_code_texts(&tab),
                before,
                "{lang}: invalid input changed the page"
            );
        }
    }
}

#[test]
fn os_choice_switches_every_group_and_persists_across_pages_and_languages() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let selected = "JSON.stringify(Array.from(document.querySelectorAll('.tabs')).map(g => { const s = Array.from(g.querySelectorAll('section.tab')).find(x => !x.hidden); return s ? s.dataset.tab : null; }))";
    tab.navigate_to(&format!(
        "{}?os=ubuntu-16.04",
        file_url(&book.join("en/gateway-firewall.html"))
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    // The exact id in the network group, its family (`ubuntu`) in the firewall group.
    assert_eq!(
        eval(&tab, selected),
        serde_json::Value::from(r#"["ubuntu-16.04","ubuntu"]"#)
    );
    // Another OS switches every group.
    eval(&tab, "window.netplate.setOs('centos-7'); true");
    assert_eq!(
        eval(&tab, selected),
        serde_json::Value::from(r#"["centos-7,rhel-7","centos-7,rhel-7"]"#)
    );
    // An OS only one group knows leaves the other group as it was.
    eval(&tab, "window.netplate.setOs('ubuntu'); true");
    assert_eq!(
        eval(&tab, selected),
        serde_json::Value::from(r#"["centos-7,rhel-7","ubuntu"]"#)
    );
    eval(&tab, "window.netplate.setOs('centos-7'); true");
    // The choice persists into the other language.
    tab.navigate_to(&file_url(&book.join("zh/gateway-firewall.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert_eq!(eval(&tab, "window.netplate.os()"), "centos-7");
    assert_eq!(
        eval(&tab, selected),
        serde_json::Value::from(r#"["centos-7,rhel-7","centos-7,rhel-7"]"#)
    );
}

#[test]
fn copy_button_leaves_out_prompts_and_output_of_console_sessions() {
    let t = BookTest::fixture("basic");
    let session = "\n```console\n$ ip -br addr\nlo UNKNOWN 127.0.0.1/8\n# systemctl restart \\\n    systemd-networkd\n$ echo done\ndone\n```\n";
    for lang in ["en", "zh"] {
        let path = format!("content/{lang}/intro.md");
        t.write(&path, &(t.read(&path) + session));
    }
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&file_url(&book.join("en/intro.html")))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let copied = eval(
        &tab,
        "window.netplate.copyText(document.querySelector('.code[data-lang=console]'))",
    );
    assert_eq!(
        copied,
        "ip -br addr\nsystemctl restart \\\n    systemd-networkd\necho done\n"
    );
}

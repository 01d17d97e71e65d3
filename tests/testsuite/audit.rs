//! The built guide served by a real web server the way GitHub Pages serves a
//! project site (nginx on 127.0.0.1, the site under `/guide/`, `404.html` for
//! any missing URL), and audited there: axe-core and Lighthouse in Chromium
//! (`tests/audit/`, see its README), the 404 page at any depth, and the
//! highlight colours' contrast.
//!
//! Needs Debian's nginx and chromium, Node.js, and `tests/audit/node_modules`:
//! `tests/run.sh` installs them all.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, ChildStdin, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    book_test::{BookTest, repo},
    browser::{eval, launch, wait_for},
    real_tools::require,
};

/// `tests/audit/`.
fn audit_dir() -> PathBuf {
    repo().join("tests/audit")
}

/// Panics, saying how to install them, when the audit's npm packages are missing.
#[track_caller]
fn require_node_modules() {
    require("node", "nodejs");
    let modules = audit_dir().join("node_modules");
    for package in ["puppeteer-core", "axe-core", "lighthouse"] {
        assert!(
            modules.join(package).join("package.json").exists(),
            "{} lacks {package}: run tests/run.sh (it runs `npm ci --prefix tests/audit`)",
            modules.display()
        );
    }
}

/// nginx serving a built book at `http://127.0.0.1:PORT/guide/`, through
/// `tests/audit/serve.mjs`; it stops when this is dropped (its standard input
/// closes), also when the test panics or dies.
pub(crate) struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    pub(crate) url: String,
}

impl Server {
    fn start(book: &Path) -> Server {
        Server::start_with(book, &[])
    }

    /// With `headers` (`Name: value`) added to every response.
    pub(crate) fn start_with(book: &Path, headers: &[&str]) -> Server {
        require("node", "nodejs");
        require("/usr/sbin/nginx", "nginx");
        let mut child = Command::new("node")
            .arg(audit_dir().join("serve.mjs"))
            .arg(book)
            .args(headers.iter().flat_map(|h| ["--header", h]))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run node tests/audit/serve.mjs");
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        if !url.starts_with("http://127.0.0.1:") {
            let status = child.wait().unwrap();
            panic!("tests/audit/serve.mjs did not start nginx ({status}), printed {line:?}");
        }
        Server { child, stdin, url }
    }

    /// `host:port`.
    pub(crate) fn authority(&self) -> &str {
        let rest = self.url.trim_start_matches("http://");
        &rest[..rest.find('/').unwrap()]
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What an HTTP GET returned.
struct Response {
    status: u16,
    body: String,
}

/// A plain HTTP/1.0 GET of `path` (absolute, e.g. `/guide/`) on `authority`.
fn get(authority: &str, path: &str) -> Response {
    let mut stream =
        TcpStream::connect(authority).unwrap_or_else(|e| panic!("connect {authority}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {path}: no status line in {head:?}"));
    Response {
        status,
        body: body.to_string(),
    }
}

#[test]
fn not_found_page_works_at_any_depth_under_a_sub_path() {
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book");
    let not_found = t.read("book/404.html");
    let server = Server::start(&book);
    let origin = format!("http://{}", server.authority());
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let mut problems = Vec::new();
    for missing in ["/guide/zh/missing.html", "/guide/deep/er/missing"] {
        let page = get(server.authority(), missing);
        assert_eq!(page.status, 404, "GET {missing}: status");
        assert_eq!(
            page.body, not_found,
            "GET {missing}: the body is book/404.html"
        );
        // Where a reader's browser takes the page's links, once its scripts ran.
        tab.navigate_to(&format!("{origin}{missing}"))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        wait_for(&tab, "document.readyState === 'complete'");
        std::thread::sleep(Duration::from_millis(500));
        let styled = eval(
            &tab,
            "[...document.styleSheets].some((s) => { try { return s.cssRules.length > 0; } catch (e) { return false; } })",
        );
        if styled != true {
            problems.push(format!("{missing}: no stylesheet applies"));
        }
        let links = eval(
            &tab,
            "JSON.stringify([].concat(\
               [...document.querySelectorAll('link[href]')].map((e) => ['link', e.getAttribute('href'), e.href]),\
               [...document.querySelectorAll('script[src]')].map((e) => ['script', e.getAttribute('src'), e.src]),\
               [...document.querySelectorAll('a[href]')].map((e) => ['a', e.getAttribute('href'), e.href])))",
        );
        let links: Vec<(String, String, String)> =
            serde_json::from_str(links.as_str().unwrap()).unwrap();
        assert!(
            links.iter().any(|(tag, _, _)| tag == "a"),
            "{missing}: the 404 page links no chapter"
        );
        for (tag, href, url) in links {
            let Some(path) = url.strip_prefix(&origin) else {
                continue; // another site, data: or javascript:
            };
            let path = path.split(['#', '?']).next().unwrap_or("/");
            let status = get(server.authority(), path).status;
            if status != 200 {
                problems.push(format!("{missing}: <{tag}> {href:?} → {path} is {status}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the 404 page, served for missing URLs under /guide/ as GitHub Pages does, is unstyled or links what does not exist there:\n{}",
        problems.join("\n")
    );
}

#[test]
fn audit_of_the_guide_meets_its_targets() {
    require_node_modules();
    require("/usr/bin/chromium", "chromium");
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book");
    let server = Server::start(&book);
    let report = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("audit/report.json");
    let started = Instant::now();
    let out = Command::new("node")
        .arg(audit_dir().join("audit.mjs"))
        .arg("--book")
        .arg(&book)
        .arg("--url")
        .arg(&server.url)
        .arg("--report")
        .arg(&report)
        .output()
        .expect("run node tests/audit/audit.mjs");
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("audit took {:.0} s", started.elapsed().as_secs_f64());
    assert!(
        out.status.success(),
        "the audit missed its targets ({}; the whole report: {}):\n{stdout}\n{stderr}",
        out.status,
        report.display()
    );
}

// --- Highlight colours: every one readable where it is shown ---

#[derive(Clone, Copy, PartialEq, Debug)]
struct Rgb(u8, u8, u8);

fn hex(value: &str) -> Option<Rgb> {
    let h = value.trim().strip_prefix('#')?;
    let n = |s: &str| u8::from_str_radix(s, 16).ok();
    match h.len() {
        3 => {
            let d: Vec<u8> = h
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8 * 17))
                .collect::<Option<_>>()?;
            Some(Rgb(d[0], d[1], d[2]))
        }
        6 => Some(Rgb(n(&h[0..2])?, n(&h[2..4])?, n(&h[4..6])?)),
        _ => None,
    }
}

/// WCAG 2 contrast ratio.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let l = |c: Rgb| {
        let ch = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
    };
    let (x, y) = (l(a), l(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every rule of a stylesheet as (the `@media` it is in, selector, body).
fn rules(css: &str) -> Vec<(String, String, String)> {
    let mut css = css.to_string();
    while let Some(start) = css.find("/*") {
        let end = css[start..].find("*/").map_or(css.len(), |e| start + e + 2);
        css.replace_range(start..end, "");
    }
    let mut out = Vec::new();
    let mut media: Vec<String> = Vec::new();
    let mut rest = css.as_str();
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (Some(o), c) if c.is_none_or(|c| o < c) => {
                let head = rest[..o].trim().to_string();
                if head.starts_with('@') {
                    media.push(head);
                    rest = &rest[o + 1..];
                } else {
                    let end = o + rest[o..].find('}').unwrap();
                    out.push((media.join(" "), head, rest[o + 1..end].to_string()));
                    rest = &rest[end + 1..];
                }
            }
            (_, Some(c)) => {
                media.pop();
                rest = &rest[c + 1..];
            }
            _ => break,
        }
    }
    out
}

fn property(body: &str, name: &str) -> Option<String> {
    body.split(';').find_map(|d| {
        let (p, v) = d.split_once(':')?;
        (p.trim() == name).then(|| v.trim().to_string())
    })
}

/// The light (`:root`) and dark code-block backgrounds of `netplate.css`.
fn code_backgrounds(css: &str) -> (Rgb, Rgb) {
    let mut light = None;
    let mut dark = None;
    for (media, selector, body) in rules(css) {
        let Some(value) = property(&body, "--code-bg") else {
            continue;
        };
        let color = hex(&value).unwrap_or_else(|| panic!("--code-bg {value:?} is not #rrggbb"));
        if selector == ":root" && media.is_empty() {
            light = Some(color);
        } else if selector.contains("data-theme=\"dark\"")
            || selector.contains("not([data-theme=\"light\"])")
        {
            dark = Some(color);
        }
    }
    (
        light.expect("light --code-bg"),
        dark.expect("dark --code-bg"),
    )
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Theme {
    Light,
    Dark,
}

/// Which theme a highlight rule belongs to, from its scope (`html[…] .hl-…`).
fn theme_of(media: &str, selector: &str) -> Option<Theme> {
    let first = selector.split(',').next().unwrap_or("").trim();
    let dark_media =
        media.contains("(prefers-color-scheme: dark)") && !media.contains("not all and");
    let dark = first.starts_with("html[data-theme=\"dark\"]")
        || (first.starts_with("html:not([data-theme=\"light\"])") && dark_media);
    let light = first.starts_with("html[data-theme=\"light\"]")
        || (first.starts_with("html:not([data-theme=\"dark\"])") && !dark_media);
    match (light, dark) {
        (true, false) => Some(Theme::Light),
        (false, true) => Some(Theme::Dark),
        _ => None,
    }
}

/// Every colour of a highlight stylesheet below 4.5:1 on its background,
/// and how many colours of each theme were checked.
fn unreadable(css: &str, light_bg: Rgb, dark_bg: Rgb) -> (Vec<String>, [usize; 2]) {
    let rules = rules(css);
    let mut problems = Vec::new();
    // Backgrounds that look like the code block's (a diff's lines, a file
    // header), where other tokens' colours can be shown too.
    let mut surfaces = vec![(Theme::Light, light_bg), (Theme::Dark, dark_bg)];
    for (media, selector, body) in &rules {
        let Some(bg) = property(body, "background-color") else {
            continue;
        };
        let Some(theme) = theme_of(media, selector) else {
            problems.push(format!(
                "{selector}: a background outside a theme's scope shows in both themes"
            ));
            continue;
        };
        let bg = hex(&bg).unwrap_or_else(|| panic!("{selector}: background {bg:?}"));
        let code = if theme == Theme::Light {
            light_bg
        } else {
            dark_bg
        };
        if contrast(bg, code) < 1.5 {
            surfaces.push((theme, bg));
        }
    }
    let mut checked = [0, 0];
    for (media, selector, body) in &rules {
        let Some(value) = property(body, "color") else {
            continue;
        };
        let fg =
            hex(&value).unwrap_or_else(|| panic!("{selector}: color {value:?} is not #rrggbb"));
        let themes = match theme_of(media, selector) {
            Some(theme) => vec![theme],
            None => vec![Theme::Light, Theme::Dark], // unscoped: shown in both
        };
        for theme in themes {
            let backgrounds: Vec<Rgb> = match property(body, "background-color") {
                Some(bg) => vec![hex(&bg).unwrap()],
                None => surfaces
                    .iter()
                    .filter(|(t, _)| *t == theme)
                    .map(|(_, bg)| *bg)
                    .collect(),
            };
            for bg in backgrounds {
                checked[theme as usize] += 1;
                let ratio = contrast(fg, bg);
                if ratio < 4.5 {
                    problems.push(format!(
                        "{theme:?} {selector}: {value} on {bg:?} is {ratio:.2}:1"
                    ));
                }
            }
        }
    }
    (problems, checked)
}

#[test]
fn highlight_colours_have_4_5_to_1_contrast_on_their_backgrounds() {
    let t = BookTest::guide();
    t.build();
    let (light_bg, dark_bg) = code_backgrounds(&t.read("book/static/netplate.css"));
    // All that build.rs generated, and what the build shipped (only the rules
    // the book's code uses).
    for (name, css, at_least) in [
        (
            "netplate::highlight::CSS",
            netplate::highlight::CSS.to_string(),
            100,
        ),
        (
            "book/static/highlight.css",
            t.read("book/static/highlight.css"),
            5,
        ),
    ] {
        let (problems, [light, dark]) = unreadable(&css, light_bg, dark_bg);
        assert!(
            light >= at_least && dark >= at_least,
            "{name}: only {light} light and {dark} dark colours checked"
        );
        assert!(
            problems.is_empty(),
            "{name}: colours below 4.5:1 (light code background {light_bg:?}, dark {dark_bg:?}):\n{}",
            problems.join("\n")
        );
    }
}

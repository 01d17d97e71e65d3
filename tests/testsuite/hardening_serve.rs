//! Issue 16, hardening: `serve` against hostile clients (slow and piled-up
//! connections, other sites' names, redirects off the server), the output
//! swap against kills, and the pages under a strict Content-Security-Policy.

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::Command,
    time::{Duration, Instant},
};

use crate::{
    book_test::BookTest,
    serve::{Server, WAIT},
};

/// A raw request with the given `Host` line (`None`: no `Host`), answered
/// on a fresh connection: (status, lower-cased head, body).
fn request_as(s: &Server, target: &str, host: Option<&str>) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
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
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

/// The `location:` header of a lower-cased head.
fn location(head: &str) -> Option<&str> {
    head.lines()
        .find_map(|l| l.strip_prefix("location:"))
        .map(str::trim)
}

/// Whether the server closed `stream` (EOF or reset) within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    while start.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_slowloris_is_dropped_within_the_header_timeout() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let start = Instant::now();
    // Half a request, then one more header line every half second: the
    // head never ends.
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    write!(slow, "GET /en/intro.html HTTP/1.1\r\nHost: {}\r\n", s.addr).unwrap();
    // And a connection that says nothing at all.
    let mut silent = TcpStream::connect(&s.addr).unwrap();
    let mut dropped = false;
    for i in 0..40 {
        if write!(slow, "X-Slow-{i}: a\r\n").is_err() {
            dropped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    // The 5 s timeout, with room for a loaded machine; the loop gave 20 s.
    assert!(
        dropped || closed_within(&mut slow, Duration::from_secs(1)),
        "a request head trickled for {:?} and the connection is still open",
        start.elapsed()
    );
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "dropped only after {:?}",
        start.elapsed()
    );
    assert!(
        closed_within(&mut silent, Duration::from_secs(5)),
        "a silent connection was kept open"
    );
    assert_eq!(
        s.get("/en/intro.html").0,
        200,
        "and readers are still served"
    );
}

/// A client that asks and never reads: the server gives the response up
/// after its write timeout (10 s without progress) and closes the
/// connection, instead of keeping it "in a request" for ever.
#[test]
fn a_client_that_never_reads_is_dropped_after_the_write_timeout() {
    let t = BookTest::fixture("basic");
    // A page of about 1 MB, asked for 60 times on one connection: far more
    // than the kernel's socket buffers hold.
    let big: String = (0..20_000)
        .map(|i| format!("Line {i} of a long chapter, for a client that never reads.\n\n"))
        .collect();
    for lang in ["en", "zh"] {
        let rel = format!("content/{lang}/intro.md");
        let text = t.read(&rel);
        t.write(&rel, &format!("{text}\n{big}"));
    }
    let s = Server::start(&t, &[]);
    let (status, page) = s.get("/en/intro.html");
    assert_eq!(status, 200, "{}", s.stderr());
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let asks: String = (0..60)
        .map(|_| format!("GET /en/intro.html HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr))
        .collect();
    stream.write_all(asks.as_bytes()).unwrap();
    // Not reading, past the timeout.
    std::thread::sleep(Duration::from_secs(14));
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let closed = loop {
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got += n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                break false;
            }
            Err(_) => break true,
        }
    };
    assert!(closed, "the connection is still open after {got} bytes");
    assert!(
        got < 60 * page.len(),
        "all {got} bytes were sent: the server waited for the reader"
    );
    assert_eq!(s.get("/en/intro.html").0, 200, "readers are still served");
}

#[test]
fn hundreds_of_idle_connections_do_not_lock_readers_out() {
    let t = BookTest::fixture("basic");
    // The audit's setting: 256 files for the whole process.
    let mut command = Command::new("sh");
    command.args([
        "-c",
        "ulimit -n 256 && exec \"$0\" serve --port 0",
        env!("CARGO_BIN_EXE_netplate"),
    ]);
    let s = Server::spawn(&t, command);
    // A page's event stream, open before the flood: it is in a request and
    // must not be closed to make room.
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    let mut held = Vec::new();
    for i in 0..400 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        if i % 2 == 0 {
            // Half a request head.
            let _ = write!(c, "GET / HTTP/1.1\r\nHost: {}\r\n", s.addr);
        }
        held.push(c);
    }
    // Served at once, not after the idle ones time out (5 s).
    let start = Instant::now();
    let (status, _, body) = request_as(&s, "/en/intro.html", Some(&s.addr));
    assert_eq!(status, 200);
    assert!(body.contains("<h1 id=\"intro\">"), "{body}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "a reader waited {:?} behind idle connections",
        start.elapsed()
    );
    assert!(
        !s.stderr().contains("Too many open files"),
        "{}",
        s.stderr()
    );
    // The stream still works: an edit reaches it.
    t.replace("content/en/intro.md", "Because.", "Because it is live.");
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/intro.html").1.contains("Because it is live."));
    drop(held);
}

#[test]
fn requests_for_another_sites_name_are_refused() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.com:{port}"),
        "evil.com".to_string(),
        format!("localhost.evil.com:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{}", port.parse::<u16>().unwrap().wrapping_add(1)),
    ] {
        for target in ["/en/intro.html", "/__netplate/events", "/en"] {
            let (status, head, body) = request_as(&s, target, Some(&host));
            assert_eq!(status, 421, "Host {host}, {target}: {head}");
            assert!(
                body.contains(&format!("http://127.0.0.1:{port}/")) && !body.contains("<h1"),
                "Host {host}: {body}"
            );
            assert!(!head.contains("text/event-stream"), "{head}");
        }
    }
    // A URI naming another host is refused too, whatever `Host` says.
    let (status, _, _) = request_as(&s, "http://evil.com/en/intro.html", Some(&s.addr));
    assert_eq!(status, 421);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = request_as(&s, "/en/intro.html", Some(&host));
        assert_eq!(status, 200, "Host {host}");
        assert!(body.contains("<h1 id=\"intro\">"));
    }
    // Without `Host` there is no name to rebind: answered.
    assert_eq!(request_as(&s, "/en/intro.html", None).0, 200);
}

#[test]
fn redirects_never_leave_the_server() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    for (target, expected) in [
        ("/en", "/en/"),
        ("//en", "/en/"),
        ("///en", "/en/"),
        ("//en?subnet=10.1.0.0/24", "/en/?subnet=10.1.0.0/24"),
        ("/./en", ""),
        ("/zh", "/zh/"),
    ] {
        let (status, head, _) = request_as(&s, target, Some(&s.addr));
        if expected.is_empty() {
            assert_eq!(status, 400, "{target}");
        } else {
            assert_eq!(status, 301, "{target}: {head}");
            assert_eq!(location(&head), Some(expected), "{target}");
        }
    }
    // Whatever the path, no `Location` names another host.
    for target in [
        "//evil.com",
        "//evil.com/",
        "///evil.com",
        "/\\evil.com",
        "/%5Cevil.com",
        "/%5C%5Cevil.com",
        "//%2Fevil.com",
        "/%2F%2Fevil.com",
        "/\\/evil.com",
        "//evil.com/%2e%2e",
        "/%09/evil.com",
    ] {
        let (status, head, _) = request_as(&s, target, Some(&s.addr));
        assert!(matches!(status, 400 | 404), "{target}: {status}\n{head}");
        if let Some(l) = location(&head) {
            assert!(
                l.starts_with('/') && !l.starts_with("//") && !l.starts_with("/\\"),
                "{target} → {l}"
            );
        }
    }
}

#[test]
fn encoded_escapes_never_reach_a_file_outside_the_site() {
    let t = BookTest::fixture("basic");
    t.write("secret.txt", "TOP-SECRET");
    let s = Server::start(&t, &[]);
    for target in [
        "/%252e%252e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/en/%2e%2e%5c%2e%2e%5csecret.txt",
        "/secret.txt",
        "/en/..;/secret.txt",
        "/en/%00/../../secret.txt",
    ] {
        let (status, _, body) = request_as(&s, target, Some(&s.addr));
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        assert!(!body.contains("TOP-SECRET"), "{target} leaked a file");
    }
}

#[test]
fn every_response_carries_the_strict_policy() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let policy = "content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'";
    for (target, host) in [
        ("/en/intro.html", s.addr.clone()),
        ("/static/netplate.css", s.addr.clone()),
        ("/en/missing.html", s.addr.clone()),
        ("/en", s.addr.clone()),
        ("/%2e%2e/x", s.addr.clone()),
        ("/__netplate/live.js", s.addr.clone()),
        ("/en/intro.html", format!("evil.com:{port}")),
    ] {
        let (_, head, _) = request_as(&s, target, Some(&host));
        assert!(head.contains(policy), "{target} (Host {host}):\n{head}");
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    }
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    const CHAPTERS: usize = 300;
    const KILLS: usize = 30;
    let t = BookTest::fixture("basic");
    // Both languages list the same chapters.
    let mut summary =
        String::from("# Summary\n\n- [Introduction](intro.md)\n- [Setup](guide/setup.md)\n");
    for i in 0..CHAPTERS {
        summary.push_str(&format!("- [Chapter {i}](c{i}.md)\n"));
        for lang in ["en", "zh"] {
            t.write(
                &format!("content/{lang}/c{i}.md"),
                &format!(
                    "# Chapter {i}\n\n{}\n\n```yaml\nnetwork:\n  version: 2\n```\n",
                    "Some words about networks. ".repeat(40)
                ),
            );
        }
    }
    t.write("content/en/SUMMARY.md", &summary);
    t.write("content/zh/SUMMARY.md", &summary);
    let set_run = |n: usize| {
        let toml = t.read("book.toml");
        let start = toml.find("title = \"Basic book").unwrap();
        let end = start + toml[start..].find('\n').unwrap();
        t.write(
            "book.toml",
            &format!(
                "{}title = \"Basic book run-{n}-\"{}",
                &toml[..start],
                &toml[end..]
            ),
        );
    };
    set_run(0);
    let started = Instant::now();
    t.build();
    let build_time = started.elapsed();
    let expected = files_below(&t.path().join("book"));
    // The run whose pages all of `book/` shows; panics on a mixed or
    // partial site.
    let whole_run = |why: &str| -> usize {
        let book = t.path().join("book");
        assert!(book.is_dir(), "{why}: no book/ at all");
        assert_eq!(files_below(&book), expected, "{why}: book/ is not whole");
        let runs: std::collections::BTreeSet<usize> = (0..CHAPTERS)
            .map(|i| {
                let page = t.read(&format!("book/en/c{i}.html"));
                let at = page.find("run-").expect("a run marker") + 4;
                page[at..at + page[at..].find('-').unwrap()]
                    .parse()
                    .unwrap()
            })
            .collect();
        assert_eq!(runs.len(), 1, "{why}: pages of several builds: {runs:?}");
        runs.into_iter().next().unwrap()
    };
    assert_eq!(whole_run("first build"), 0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut state = seed;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut shown = 0;
    let limit = build_time.as_micros() as u64 * 11 / 10 + 1;
    for attempt in 1..=KILLS {
        set_run(attempt);
        let delay = Duration::from_micros(random() % limit);
        let mut child = Command::new(env!("CARGO_BIN_EXE_netplate"))
            .arg("build")
            .current_dir(t.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let why = format!("seed {seed}, kill {attempt} after {delay:?} of a {build_time:?} build");
        let run = whole_run(&why);
        assert!(
            run == shown || run == attempt,
            "{why}: book/ shows run {run}, neither the last whole one ({shown}) nor this one"
        );
        shown = run;
    }
    // The next build clears what the kills left beside book/.
    set_run(KILLS + 1);
    t.build();
    assert_eq!(whole_run("a build after the kills"), KILLS + 1);
    let beside: Vec<String> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book."))
        .collect();
    assert!(beside.is_empty(), "left beside book/: {beside:?}");
}

// --- Strict Content-Security-Policy: the pages in Chromium ---

/// What a production server may send: the site's own files only.
const STRICT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'";

/// Collects every CSP violation of every document the tab loads, from
/// before the page's first script (DevTools' scripts are not subject to the
/// page's policy).
fn record_violations(tab: &headless_chrome::Tab) {
    use headless_chrome::protocol::cdp::Page;
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => \
                 window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' \
                 + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || '')));"
            .to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
}

/// The violations the current document reported so far.
fn violations(tab: &headless_chrome::Tab) -> Vec<String> {
    let list = crate::browser::eval(tab, "JSON.stringify(window.__csp || ['no recorder'])");
    serde_json::from_str(list.as_str().unwrap_or("[]")).unwrap()
}

fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    crate::browser::wait_for(tab, "document.readyState === 'complete'");
}

/// Whether any stylesheet applies to the page.
const STYLED: &str = "[...document.styleSheets].some((s) => { try { return s.cssRules.length > 0; } catch (e) { return false; } })";

#[test]
fn the_guide_works_under_a_strict_content_security_policy() {
    use crate::browser::{eval, instrument, launch, submit_form, wait_for};
    crate::real_tools::require("/usr/bin/chromium", "chromium");
    let t = BookTest::guide();
    // A moved page (mdBook's redirects), sent on by static/redirect.js.
    t.write(
        "book.toml",
        &(t.read("book.toml")
            + "\n[output.html.redirect]\n\"/moved/basics.html\" = \"../en/basics.html\"\n"),
    );
    t.build();
    let book = t.path().join("book");
    let server = crate::audit::Server::start_with(
        &book,
        &[&format!("Content-Security-Policy: {STRICT_CSP}")],
    );
    // With the site's URL known, the 404 page links its files too.
    t.replace(
        "book.toml",
        "theme = \"theme\"",
        &format!("theme = \"theme\"\nsite-url = \"{}\"", server.url),
    );
    t.build();
    let base = &server.url;
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    let rec = instrument(&tab);
    record_violations(&tab);
    let mut problems = Vec::new();
    let mut check = |tab: &headless_chrome::Tab, what: &str| {
        for v in violations(tab) {
            problems.push(format!("{what}: {v}"));
        }
        if eval(tab, STYLED) != true {
            problems.push(format!("{what}: no stylesheet applies"));
        }
    };

    // The landing page sends the reader to a language (static/landing.js).
    open(&tab, base);
    wait_for(&tab, "/\\/(zh|en)\\//.test(location.pathname)");
    check(&tab, "landing page");

    for lang in ["zh", "en"] {
        for chapter in [
            "basics",
            "gateway-firewall",
            "cloning",
            "windows-network",
            "qa",
        ] {
            let page = format!("{lang}/{chapter}.html");
            open(&tab, &format!("{base}{page}"));
            assert_eq!(
                eval(&tab, "document.documentElement.classList.contains('js')"),
                true,
                "{page}: static/boot.js ran"
            );
            assert_eq!(
                eval(
                    &tab,
                    "document.querySelectorAll('.code .copy-button').length > 0 || !document.querySelector('.code')"
                ),
                true,
                "{page}: copy buttons"
            );
            check(&tab, &page);
        }
    }

    // Theme switch, and the choice applied before the next page is drawn.
    open(&tab, &format!("{base}en/basics.html"));
    let before = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    tab.find_element(".theme-toggle").unwrap().click().unwrap();
    let theme = eval(&tab, "document.documentElement.getAttribute('data-theme')");
    assert!(theme == "dark" || theme == "light", "{theme}");
    assert_ne!(
        before,
        eval(&tab, "getComputedStyle(document.body).backgroundColor"),
        "the toggle changes the colours"
    );
    open(&tab, &format!("{base}zh/qa.html"));
    assert_eq!(
        eval(&tab, "document.documentElement.getAttribute('data-theme')"),
        theme
    );
    check(&tab, "theme switch");

    // Search: its script and index load on demand, results are listed.
    open(&tab, &format!("{base}zh/basics.html"));
    tab.find_element(".search-toggle").unwrap().click().unwrap();
    wait_for(&tab, "!document.getElementById('search').hidden");
    tab.type_str("防火墙").unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results li').length > 0",
    );
    check(&tab, "search");

    // The subnet picker changes the values in the code.
    open(&tab, &format!("{base}en/gateway-firewall.html"));
    assert_eq!(submit_form(&tab, "10.20.30.0/24", "77"), "10.20.30.0/24");
    wait_for(
        &tab,
        "[...document.querySelectorAll('pre code')].some((c) => c.textContent.includes('10.20.30.77'))",
    );
    check(&tab, "subnet picker");

    // The copy button copies (its fallback sets element.style, which the
    // policy allows).
    {
        use headless_chrome::protocol::cdp::Browser::{GrantPermissions, PermissionType};
        tab.call_method(GrantPermissions {
            permissions: vec![
                PermissionType::ClipboardReadWrite,
                PermissionType::ClipboardSanitizedWrite,
            ],
            origin: Some(base.trim_end_matches("/guide/").to_string()),
            browser_context_id: None,
        })
        .unwrap();
    }
    tab.find_element(".code .copy-button")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "!!document.querySelector('.code .copy-button.copied')",
    );
    check(&tab, "copy button");

    // A moved page sends the reader on, query and fragment kept (only the
    // script keeps them: the refresh does not).
    open(
        &tab,
        &format!("{base}moved/basics.html?subnet=10.9.0.0/24#top"),
    );
    wait_for(&tab, "location.pathname.endsWith('/en/basics.html')");
    assert_eq!(
        eval(&tab, "location.search + location.hash"),
        "?subnet=10.9.0.0/24#top"
    );
    check(&tab, "redirect");

    // The 404 page, at depth, styled and without violations.
    for missing in ["zh/missing.html", "deep/er/missing"] {
        open(&tab, &format!("{base}{missing}"));
        assert_eq!(
            eval(&tab, "document.querySelectorAll('a[href]').length > 0"),
            true
        );
        check(&tab, missing);
    }
    let errors = rec.lock().unwrap().errors.clone();
    let errors: Vec<_> = errors
        .into_iter()
        // The missing pages' own 404 status.
        .filter(|e| !e.contains("404 (Not Found)"))
        .collect();
    assert!(
        problems.is_empty() && errors.is_empty(),
        "under `{STRICT_CSP}`:\n{}\nconsole: {errors:#?}",
        problems.join("\n")
    );
}

#[test]
fn serve_pages_and_its_overlay_work_under_its_own_policy() {
    use crate::browser::{eval, launch, wait_for};
    crate::real_tools::require("/usr/bin/chromium", "chromium");
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let base = format!("http://{}/", s.addr);
    let browser = launch();
    let tab = browser.new_tab().unwrap();
    record_violations(&tab);
    let mut problems = Vec::new();
    for page in [
        "",
        "en/intro.html",
        "zh/guide/setup.html",
        "en/deep/missing.html",
    ] {
        open(&tab, &format!("{base}{page}"));
        if eval(&tab, STYLED) != true {
            problems.push(format!("/{page}: no stylesheet applies"));
        }
        problems.extend(
            violations(&tab)
                .into_iter()
                .map(|v| format!("/{page}: {v}")),
        );
    }
    // The 404 page's links work from any depth: they start at `/`.
    open(&tab, &format!("{base}en/deep/missing.html"));
    let href = eval(
        &tab,
        "document.querySelector('main a[href]').getAttribute('href')",
    );
    assert!(href.as_str().unwrap().starts_with("/en/"), "{href}");
    // A build error shows the overlay (styled through element.style).
    open(&tab, &format!("{base}en/intro.html"));
    std::thread::sleep(Duration::from_millis(300));
    t.replace(
        "content/en/guide/setup.md",
        "  version: 2",
        "  version: 2\n  renderr: networkd",
    );
    wait_for(&tab, "!!document.getElementById('netplate-overlay')");
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.getElementById('netplate-overlay')).position"
        ),
        "fixed"
    );
    problems.extend(
        violations(&tab)
            .into_iter()
            .map(|v| format!("overlay: {v}")),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What in `html` a strict policy refuses: inline scripts (not data
/// blocks), `<style>` elements, `style=` and `on…=` attributes,
/// `javascript:` URLs. Tags only: text and code have `<` escaped.
fn inline_code_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        rest = &rest[start + len + 1..];
        let lower = tag.to_ascii_lowercase();
        let name: String = lower[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let attributes: Vec<&str> = lower
            .split(|c: char| c.is_ascii_whitespace())
            .skip(1)
            .filter_map(|a| a.split('=').next())
            .collect();
        if (name == "script"
            && !attributes.contains(&"src")
            && !lower.contains("type=\"application/json\""))
            || name == "style"
            || attributes
                .iter()
                .any(|a| *a == "style" || (a.starts_with("on") && a.len() > 2))
            || lower.contains("javascript:")
        {
            found.push(tag.chars().take(120).collect());
        }
    }
    found
}

#[test]
fn no_page_carries_inline_script_or_style() {
    assert_eq!(
        inline_code_in("<p style=\"x\"><script>a</script><img onerror=\"b\"><style>"),
        [
            "<p style=\"x\">",
            "<script>",
            "<img onerror=\"b\">",
            "<style>"
        ]
    );
    assert!(
        inline_code_in(
            "<script src=\"a.js\"></script><code>&lt;p style=x&gt;</code><button aria-online=\"x\">"
        )
        .iter()
        .all(|t| t.contains("aria-online")),
        "text is not a tag"
    );
    // Every kind of page: the guide (subnet form, tabs, code), aligned
    // tables, redirects, a book too long for the chapter list on every page
    // (its toc.js), a book in mdBook's layout with its own CSS and JS, and
    // the 404 page where the site's URL is known.
    let guide = BookTest::guide();
    guide.write(
        "book.toml",
        &(guide.read("book.toml").replace(
            "theme = \"theme\"",
            "theme = \"theme\"\nsite-url = \"https://example.org/guide/\"",
        ) + "\n[output.html.redirect]\n\"/moved/deep/basics.html\" = \"../../en/basics.html\"\n"),
    );
    for lang in ["zh", "en"] {
        let path = format!("content/{lang}/qa.md");
        guide.write(
            &path,
            &(guide.read(&path) + "\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"),
        );
    }
    let long = BookTest::fixture("basic");
    let mut summary =
        String::from("# Summary\n\n- [Introduction](intro.md)\n- [Setup](guide/setup.md)\n");
    for i in 0..250 {
        summary.push_str(&format!("- [Chapter {i}](c{i}.md)\n"));
        for lang in ["en", "zh"] {
            long.write(
                &format!("content/{lang}/c{i}.md"),
                &format!("# Chapter {i}\n"),
            );
        }
    }
    long.write("content/en/SUMMARY.md", &summary);
    long.write("content/zh/SUMMARY.md", &summary);
    let mdbook = BookTest::fixture("mdbook_layout");
    let mut problems = Vec::new();
    for (name, t) in [("guide", &guide), ("long", &long), ("mdbook", &mdbook)] {
        t.build();
        let book = t.path().join("book");
        let pages: Vec<String> = files_below(&book)
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .collect();
        assert!(pages.len() > 3, "{name}: {pages:?}");
        for page in pages {
            // Without the site's URL, the 404 page inlines its style and
            // script (it is served at any depth): the one exception.
            if page == "404.html" && name != "guide" {
                continue;
            }
            // mdBook's print.html is the one-file book, self-contained like
            // `--single-file`'s: the documented exception too.
            if page == "print.html" && name == "mdbook" {
                continue;
            }
            for tag in inline_code_in(&t.read(&format!("book/{page}"))) {
                problems.push(format!("{name}: {page}: {tag}"));
            }
        }
    }
    assert!(
        guide
            .read("book/en/qa.html")
            .contains("class=\"align-center\"")
    );
    assert!(long.exists("book/en/toc.js"));
    assert!(
        guide
            .read("book/moved/deep/basics.html")
            .contains("src=\"../../static/redirect.js\"")
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

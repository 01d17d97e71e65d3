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

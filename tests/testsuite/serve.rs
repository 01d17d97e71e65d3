//! `netplate serve` over real HTTP: pages, reload events, the error overlay,
//! and refused paths. Each test serves a temporary copy of a fixture book on
//! a free port.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::book_test::BookTest;

/// A running `netplate serve` (also used by `hardening_serve`).
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    pub(crate) fn start(t: &BookTest, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_netplate"));
        command.args(["serve", "--port", "0"]).args(extra);
        Server::spawn(t, command)
    }

    /// Runs `command` (a `netplate serve --port 0` of some form) in the book.
    pub(crate) fn spawn(t: &BookTest, mut command: Command) -> Server {
        let mut child = command
            .current_dir(t.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        assert!(!addr.is_empty(), "serve printed no URL");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = std::sync::Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Server {
            child,
            addr,
            stderr,
        }
    }

    /// A raw request: (status, headers, body).
    pub(crate) fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_lowercase(), body.to_string())
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path);
        (status, body)
    }

    /// Subscribes to the event stream.
    pub(crate) fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "GET /__netplate/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        Events {
            stream: s,
            buffer: String::new(),
        }
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (up to a few seconds) until stderr contains `needle`.
    fn stderr_soon(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.stderr();
            if text.contains(needle) || start.elapsed() > Duration::from_secs(5) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn interrupt(mut self) -> std::process::ExitStatus {
        // The shell's own `kill`: /bin/kill (procps) is not on every machine.
        Command::new("sh")
            .args(["-c", &format!("kill -INT {}", self.child.id())])
            .status()
            .unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    /// Waits for the next event named `name`; returns its data.
    pub(crate) fn wait_for(&mut self, name: &str, timeout: Duration) -> String {
        let start = Instant::now();
        let needle = format!("event: {name}\n");
        loop {
            if let Some(i) = self.buffer.find(&needle) {
                let rest = &self.buffer[i + needle.len()..];
                if let Some(end) = rest.find("\n\n") {
                    let data: String = rest[..end]
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: "))
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.buffer = rest[end..].to_string();
                    return data;
                }
            }
            assert!(
                start.elapsed() < timeout,
                "no `{name}` event within {timeout:?}; got:\n{}",
                self.buffer
            );
            let mut buf = [0u8; 8192];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => self
                    .buffer
                    .push_str(&String::from_utf8_lossy(&buf[..n]).replace("\r\n", "\n")),
                Err(_) => {}
            }
        }
    }
}

pub(crate) const WAIT: Duration = Duration::from_secs(20);

#[test]
fn serves_pages_with_types_indexes_404_and_head() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let (status, head, body) = s.request("GET", "/en/intro.html");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(body.contains("<h1 id=\"intro\">"), "{body}");
    assert!(
        body.contains("/__netplate/live.js"),
        "the reload client is injected while serving"
    );
    let (status, head, _) = s.request("GET", "/static/netplate.css");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/css; charset=utf-8"),
        "{head}"
    );
    assert_eq!(s.get("/").0, 200, "index.html for the root");
    assert_eq!(
        s.get("/en/").1,
        s.get("/en/intro.html").1,
        "index.html for a folder: the first chapter"
    );
    let (status, head, _) = s.request("GET", "/en");
    assert_eq!(status, 301);
    assert!(head.contains("location: /en/"), "{head}");
    let (status, body) = s.get("/en/nope.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found"),
        "the site's 404 page: {body}"
    );
    let (status, head, body) = s.request("HEAD", "/en/intro.html");
    assert_eq!(status, 200);
    assert!(head.contains("content-length:"), "{head}");
    assert!(body.is_empty(), "HEAD has no body");
    assert_eq!(s.request("POST", "/en/intro.html").0, 405);
    // `build` output never carries the reload client.
    t.build();
    assert!(!t.read("book/en/intro.html").contains("__netplate"));
}

#[test]
fn paths_outside_the_site_are_refused() {
    let t = BookTest::fixture("basic");
    std::os::unix::fs::symlink("/etc/passwd", t.path().join("theme/leak.txt")).ok();
    std::fs::create_dir_all(t.path().join("theme/static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", t.path().join("theme/static/leak.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", t.path().join("content/en/etc")).unwrap();
    let s = Server::start(&t, &[]);
    for path in [
        "/../book.toml",
        "/en/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E%2Fbook.toml",
        "/en/%2e%2e/%2e%2e/etc/passwd",
        "/..%5cbook.toml",
        "/en\\..\\..\\book.toml",
        "//etc/passwd",
        "/static/leak.txt",
        "/en/etc/passwd",
        "/content/en/intro.md",
        "/book.toml",
    ] {
        let (status, body) = s.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("[book]"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn editing_a_chapter_reloads_open_pages_with_the_new_content() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    t.replace("content/en/intro.md", "Because.", "Because it is live.");
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/intro.html").1.contains("Because it is live."));
    assert!(
        s.get("/en/").1.contains("Because it is live."),
        "the language's index is the first chapter"
    );
    // The search index follows, right after the reload is sent.
    let start = std::time::Instant::now();
    while !s
        .get("/en/search-index.js")
        .1
        .contains("Because it is live.")
    {
        assert!(start.elapsed() < WAIT, "the search index was not rebuilt");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        s.stderr_soon("content/en/intro.md changed: rebuilt 1 page in")
            .contains("content/en/intro.md changed: rebuilt 1 page in"),
        "{}",
        s.stderr()
    );
    // A title change re-renders the language's pages: the sidebar shows it.
    t.replace("content/en/SUMMARY.md", "[Introduction]", "[Start here]");
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/guide/setup.html").1.contains("Start here"));
}

#[test]
fn a_broken_block_shows_the_overlay_and_keeps_the_last_good_pages() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    t.replace(
        "content/en/guide/setup.md",
        "  version: 2",
        "  version: 2\n  renderr: networkd",
    );
    let text = events.wait_for("build-error", WAIT);
    let text: String = serde_json::from_str(&text).unwrap();
    assert!(text.contains("error[netplan/unknown-key]"), "{text}");
    assert!(text.contains("content/en/guide/setup.md:"), "{text}");
    assert!(
        s.stderr_soon(text.lines().next().unwrap())
            .contains(text.lines().next().unwrap()),
        "the overlay says what the terminal says"
    );
    let (status, body) = s.get("/en/guide/setup.html");
    assert_eq!(status, 200);
    assert!(
        !body.contains("renderr"),
        "the last good page is still served"
    );
    // A page opened now sees the error at once.
    let mut late = s.events();
    late.wait_for("build-error", WAIT);
    // Fixed: pages reload, and new pages see no error.
    t.replace("content/en/guide/setup.md", "\n  renderr: networkd", "");
    events.wait_for("reload", WAIT);
    let mut fresh = s.events();
    std::thread::sleep(Duration::from_millis(500));
    let mut buf = [0u8; 4096];
    let n = fresh.stream.read(&mut buf).unwrap_or(0);
    assert!(
        !String::from_utf8_lossy(&buf[..n]).contains("build-error"),
        "the overlay is gone"
    );
}

#[test]
fn busy_port_suggests_another_and_ctrl_c_stops_cleanly() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let run = t.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(s.interrupt().success(), "Ctrl-C exits 0");
}

#[test]
fn exposing_the_site_warns() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &["--host", "0.0.0.0"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        s.stderr_soon("warning: serving on 0.0.0.0")
            .contains("warning: serving on 0.0.0.0"),
        "{}",
        s.stderr()
    );
}

#[test]
fn polling_mode_also_rebuilds() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &["--poll"]);
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(400));
    t.replace("content/zh/intro.md", "因为。", "因为轮询。");
    events.wait_for("reload", WAIT);
    assert!(s.get("/zh/intro.html").1.contains("因为轮询。"));
}

#[test]
fn editors_that_save_by_rename_trigger_one_rebuild() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    // vim-style: write a temporary file, move the original aside, rename.
    let dir = t.path().join("content/en");
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".intro.md.swp"), "x").unwrap();
    let text = std::fs::read_to_string(dir.join("intro.md"))
        .unwrap()
        .replace("Because.", "Because renamed.");
    std::fs::write(dir.join("intro.md.tmp"), text).unwrap();
    std::fs::rename(dir.join("intro.md"), dir.join("intro.md~")).unwrap();
    std::fs::rename(dir.join("intro.md.tmp"), dir.join("intro.md")).unwrap();
    std::fs::remove_file(dir.join("intro.md~")).unwrap();
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/intro.html").1.contains("Because renamed."));
    std::thread::sleep(Duration::from_millis(800));
    let rebuilds = s.stderr().matches(" changed: ").count();
    assert_eq!(rebuilds, 1, "one rebuild for one save:\n{}", s.stderr());
    assert!(!s.stderr().contains("build failed"), "{}", s.stderr());
}

#[test]
fn an_edit_with_a_new_kind_of_code_brings_its_colours() {
    let t = BookTest::fixture("basic");
    let s = Server::start(&t, &[]);
    let before = s.get("/static/highlight.css").1;
    assert!(!before.contains(".hl-markup"), "no diff in the book yet");
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    t.replace(
        "content/en/intro.md",
        "Because.",
        "Because.\n\n```diff\n-old\n+new\n```\n",
    );
    events.wait_for("reload", WAIT);
    let after = s.get("/static/highlight.css").1;
    assert!(after.contains(".hl-markup"), "{after}");
}

#[test]
fn editing_an_included_file_rebuilds_the_chapters_that_include_it() {
    let t = BookTest::fixture("mdbook_includes");
    let s = Server::start(&t, &[]);
    let mut events = s.events();
    std::thread::sleep(Duration::from_millis(300));
    // Outside the content folder: `../../listings/lines.txt`.
    t.replace("listings/lines.txt", "line two", "line two, live");
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/directives.html").1.contains("line two, live"));
    assert!(
        s.stderr_soon("listings/lines.txt changed: rebuilt 1 page in")
            .contains("listings/lines.txt changed: rebuilt 1 page in"),
        "{}",
        s.stderr()
    );
    // A Markdown file that only a chapter includes.
    t.replace(
        "content/en/parts/intro.md",
        "This paragraph",
        "This live paragraph",
    );
    events.wait_for("reload", WAIT);
    assert!(
        s.get("/en/directives.html")
            .1
            .contains("This live paragraph")
    );
    // A new include from a folder not watched before is watched from then on.
    t.write("extra/more.txt", "more text\n");
    t.replace(
        "content/en/rust.md",
        "## Playground",
        "```text\n{{#include ../../extra/more.txt}}\n```\n\n## Playground",
    );
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/rust.html").1.contains("more text"));
    std::thread::sleep(Duration::from_millis(300));
    t.write("extra/more.txt", "more text, edited\n");
    events.wait_for("reload", WAIT);
    assert!(s.get("/en/rust.html").1.contains("more text, edited"));
}

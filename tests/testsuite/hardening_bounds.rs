//! Issue 16 (hardening), bounds: every value a reader gives is bounded and
//! echoed escaped, odd subnets are refused, and no input costs more than
//! linear time (validators, headings, diagnostics, templates).

use crate::book_test::BookTest;

/// No raw control character (other than newline) in `text`.
#[track_caller]
fn assert_no_raw_controls(text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n')
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in:\n{text}");
}

#[test]
fn an_os_id_longer_than_the_limit_is_a_usage_error_not_a_panic() {
    let t = BookTest::guide();
    let os = format!("ubuntu-{}", "x".repeat(65_500));
    let run = t
        .run(&["instructions", "--os", &os, "--format", "script"])
        .code(2)
        .stderr_has("`--os` is 65507 characters long, more than the 64 it takes")
        .stderr_has("netplate instructions --os list");
    assert!(
        run.stderr.len() < 400,
        "the value is not echoed:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn every_reader_flag_is_bounded_and_named() {
    let t = BookTest::guide();
    let long = "1".repeat(65);
    for (args, flag) in [
        (vec!["build", "--subnet", long.as_str()], "--subnet"),
        (vec!["check", "--vm", long.as_str()], "--vm"),
        (vec!["instructions", "--lang", long.as_str()], "--lang"),
        (vec!["instructions", "--os", long.as_str()], "--os"),
        (vec!["test", "--os", long.as_str()], "--os"),
    ] {
        t.run(&args).code(2).stderr_has(&format!(
            "`{flag}` is 65 characters long, more than the 64 it takes"
        ));
    }
    assert!(!t.exists("book"), "nothing was built");
    // Numbers too: the lab's --readers and --jobs.
    t.run(&["test", "--readers", "5000"])
        .code(2)
        .stderr_has("5000 is not in 0..=1000");
    t.run(&["test", "--jobs", "0"])
        .code(2)
        .stderr_has("0 is not in 1..=256");
    // 64 characters is still a value (a wrong one, with its own message).
    t.run(&["build", "--subnet", &"1".repeat(64)])
        .code(2)
        .stderr_has("is not a subnet in CIDR form");
}

#[test]
fn control_characters_in_values_are_escaped_never_echoed() {
    let t = BookTest::guide();
    let esc = "10.0.0.0/\u{1b}[31m8";
    let run = t.run(&["build", "--subnet", esc]).code(2);
    assert_no_raw_controls(&run.stderr);
    assert!(
        run.stderr.contains(
            "`--subnet` holds a control character (character 10): `10.0.0.0/\\u{1b}[31m8`"
        ),
        "{}",
        run.stderr
    );
    for args in [
        vec!["instructions", "--os", "ubuntu-\u{1b}]0;pwned\u{7}"],
        vec!["instructions", "--lang", "en\r"],
        vec!["build", "--vm", "100\u{8}\u{8}\u{8}1"],
        // clap's own errors quote the argument
        vec!["test", "--readers", "\u{1b}[2J"],
        vec!["bogus\u{1b}[2J"],
        vec!["lint", "/tmp/netplate-no-such\u{1b}[2J"],
        vec!["build", "no-such-dir\u{1b}[2J"],
    ] {
        let run = t.run(&args);
        assert_ne!(run.code, 0, "{args:?}: {}", run.stderr);
        assert_no_raw_controls(&run.stderr);
        assert!(
            run.stderr.contains("\\u{") || run.stderr.contains("\\r"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn odd_subnets_are_refused_naming_the_value() {
    let t = BookTest::guide();
    for (subnet, says) in [
        (
            "224.0.0.0/8",
            "224.0.0.0/8 overlaps 224.0.0.0/4, the multicast range",
        ),
        (
            "127.0.0.0/8",
            "127.0.0.0/8 overlaps 127.0.0.0/8, the loopback network",
        ),
        (
            "255.255.255.0/24",
            "255.255.255.0/24 overlaps 240.0.0.0/4, reserved",
        ),
        (
            "0.0.0.0/16",
            "0.0.0.0/16 overlaps 0.0.0.0/8, which means “this network”",
        ),
        (
            "169.254.0.0/16",
            "169.254.0.0/16 overlaps 169.254.0.0/16, the link-local range",
        ),
        ("240.0.0.0/8", "240.0.0.0/8 overlaps 240.0.0.0/4"),
        (
            "10.0.0.0/08",
            "10.0.0.0/08 has a number with a leading zero, which some tools read as octal (010 is 8); write 10.0.0.0/8",
        ),
        ("010.0.0.0/8", "write 10.0.0.0/8"),
    ] {
        t.run(&["instructions", "--lang", "en", "--subnet", subnet])
            .code(2)
            .stderr_has(says);
    }
    t.run(&["instructions", "--lang", "en", "--vm", "0100"])
        .code(2)
        .stderr_has("0100 has a number with a leading zero")
        .stderr_has("write 100.");
}

/// Runs `f` on a thread and fails if it takes longer than `limit`: a guard
/// against exponential time only (a linear check takes milliseconds).
#[track_caller]
fn finishes_within<T: Send + 'static>(
    limit: std::time::Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} took longer than {limit:?}"))
}

/// The shapes that made brush-parser 0.4 exponential (unclosed `name[`
/// with anything but a plain name inside, nested parentheses) and their
/// neighbours, repeated up to 256 times in the places a word can stand:
/// each check stays fast. Before the bound, 26 × `a[$@` took 21 s, and
/// every further one doubled it.
#[test]
fn the_shell_validator_is_bounded_on_nested_subscripts_and_brackets() {
    use netplate::validate::{Format, check};
    let units = [
        "a[$@", "a[b[]", "a[$1", "a['x'", "a[\"x\"", "a[\\x", "a[$(x)", "a[${x}", "a[$?", "((",
        "$((", "${x:", "a[(", "x[", "$[a[", "a[", "(", "{ ", "a[$@]", "[[ ", "$[",
    ];
    let contexts = [
        ("", ""),
        ("echo ", ""),
        ("b[", "]=1"),
        ("x=", ""),
        ("echo \"", "\""),
        ("echo $(( ", " ))"),
        ("echo $(", ")"),
        ("if true; then\n  ", "\nfi"),
    ];
    for unit in units {
        for (before, after) in contexts {
            for n in [8, 16, 32, 64, 256] {
                let text = format!("{before}{}{after}\n", unit.repeat(n));
                let shown = format!("{before}{unit}×{n}{after}");
                finishes_within(std::time::Duration::from_secs(10), &shown, move || {
                    check(Format::Shell, &text)
                });
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Random words made of the pieces above: never slow.
    #[test]
    fn random_bracket_soups_check_fast(pieces in proptest::collection::vec(
        proptest::sample::select(vec![
            "a[", "]", "$@", "'x'", "\"", "\\x", "$(", ")", "${", "}", "(", "((", "$((", "$[",
            " ", "\n", "=", "b", "[", ";", "<<E\nE\n",
        ]),
        0..120,
    )) {
        let text = pieces.concat();
        finishes_within(std::time::Duration::from_secs(10), &format!("{text:?}"), move || {
            netplate::validate::check(netplate::validate::Format::Shell, &text)
        });
    }
}

#[test]
fn thousands_of_same_headings_get_mdbook_ids_in_linear_time() {
    use netplate::{i18n::strings, markdown};
    use std::path::Path;
    // mdBook's rule, with an explicit id in the way: the first free
    // `same`, `same-1`, `same-2`, …
    let r = markdown::render(
        "## Same {#same-2}\n\n## Same\n\n## Same\n\n## Same\n\n## Same-1\n",
        &markdown::Context::new("a.md", Path::new("a.md"), strings("en")),
    );
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["same-2", "same", "same-1", "same-3", "same-1-1"]);
    // 20 000 of them took 31 s (each tried every earlier suffix).
    let source = "## Same\n\ntext\n\n".repeat(20_000);
    let r = finishes_within(
        std::time::Duration::from_secs(60),
        "20 000 headings",
        move || {
            markdown::render(
                &source,
                &markdown::Context::new("a.md", Path::new("a.md"), strings("en")),
            )
        },
    );
    assert_eq!(r.headings.len(), 20_000);
    assert_eq!(r.headings[19_999].id, "same-19999");
}

#[test]
fn diagnostics_on_one_long_line_show_a_bounded_part_of_it() {
    let t = BookTest::fixture("basic");
    // 4000 broken links on one line printed the whole line with each: 1 GB.
    let line: Vec<String> = (0..4000)
        .map(|i| format!("[l{i}](missing{}.md)", i % 7))
        .collect();
    t.write(
        "content/en/guide/setup.md",
        &format!("# Setup {{#install}}\n\n{}\n", line.join(" ")),
    );
    let run = t.run(&["check"]).code(1);
    let count = run.stderr.matches("error[").count();
    assert!(count >= 4000, "{count} diagnostics");
    assert!(
        run.stderr.len() < count * 1200,
        "{} bytes for {count} diagnostics",
        run.stderr.len()
    );
    for shown in run.stderr.lines().filter(|l| l.starts_with("3 | ")) {
        assert!(
            shown.chars().count() <= 4 + 2 + netplate::diagnostic::MAX_SHOWN,
            "{shown}"
        );
    }
    // The caret still points at the link named in the message.
    let first = run
        .stderr
        .split("\n\n")
        .find(|d| d.contains("missing3.md"))
        .unwrap();
    let lines: Vec<&str> = first.lines().collect();
    let (shown, caret) = (lines[3], lines[4]);
    let at = caret.find('^').unwrap();
    assert!(
        shown.chars().skip(at).collect::<String>().starts_with("[l"),
        "{first}"
    );
}

#[test]
fn validators_stay_fast_on_files_of_many_lines() {
    let t = BookTest::fixture("basic");
    let n = 20_000;
    let files = [
        (
            "ifcfg",
            (0..n).map(|i| format!("FOO{i}=bar\n")).collect::<String>(),
        ),
        ("resolv", (0..n).map(|i| format!("foo{i} bar\n")).collect()),
        (
            "nm",
            format!(
                "[main]\n{}",
                (0..n).map(|i| format!("foo{i}=bar\n")).collect::<String>()
            ),
        ),
        (
            "shell",
            (0..n)
                .map(|i| format!("cat > /tmp/f{i} <<'EOF'\nline {i}\nEOF\n"))
                .collect(),
        ),
    ];
    for (format, text) in files {
        let path = t.path().join(format!("input-{format}"));
        std::fs::write(&path, text).unwrap();
        let book = t.path().to_path_buf();
        let run = finishes_within(
            std::time::Duration::from_secs(60),
            &format!("lint --as {format} on {n} lines"),
            move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_netplate"))
                    .args(["lint", "--as", format])
                    .arg(&path)
                    .current_dir(book)
                    .output()
                    .unwrap()
            },
        );
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            stdout.contains("netplate lint: 1 file(s)"),
            "{format}: {stdout:.300}"
        );
    }
}

#[test]
fn a_theme_loop_runs_out_of_fuel_with_a_clear_error() {
    let t = BookTest::fixture("basic");
    t.write(
        "theme/templates/chapter.html",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}",
    );
    let run = finishes_within(std::time::Duration::from_secs(120), "the theme loop", {
        let book = t.path().to_path_buf();
        move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_netplate"))
                .arg("build")
                .current_dir(book)
                .output()
                .unwrap()
        }
    });
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("template `chapter.html` failed: it did more work than any page needs")
            && stderr.contains("a loop that runs too long or never ends")
            && stderr.contains("theme/templates/chapter.html: line 1"),
        "{stderr}"
    );
    assert!(!t.exists("book"), "no half-written book/");
}

/// Inputs the fuzzers (fuzz/) found slow or crashing, one file each, named
/// `FORMAT-what.ext`: each is checked quickly now, without a panic.
#[test]
fn fuzz_regressions_check_fast() {
    use netplate::validate::{Format, check};
    let dir = crate::book_test::repo().join("tests/testsuite/fuzz_regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = name.split('-').next().and_then(Format::from_name);
        let Some(format) = format else {
            panic!("{name}: name it FORMAT-what (netplan-…, shell-…)");
        };
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        // netplan-rename-loop: saphyr reported one duplicate key again and
        // again, and the loop renamed it 65 536 times (1.8 s for 648 bytes).
        finishes_within(std::time::Duration::from_secs(5), &name, move || {
            check(format, &text)
        });
        seen += 1;
    }
    assert!(seen > 0);
}

/// The page's subnet form refuses the same odd subnets and leading zeros
/// with the Rust engine's message, word for word (ph.js reads the same
/// UNUSABLE list from the page's JSON).
#[test]
fn the_browser_refuses_odd_subnets_as_the_engine_does() {
    use crate::browser::{eval, file_url, launch};
    use netplate::placeholder::setup::{Reader, Setup};
    let t = BookTest::guide();
    t.build();
    let book = t.path().join("book").canonicalize().unwrap();
    let repo = crate::book_test::repo();
    let config = netplate::config::Config::load(&repo).unwrap();
    let b = netplate::content::Book::load(&repo, config).unwrap();
    let setup = Setup::new(&b, &Reader::default()).unwrap().unwrap();
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
        let rules = setup.rules(&b, lang, |u| {
            b.languages[u.lang].chapters[u.chapter].title.clone()
        });
        for (subnet, vm) in [
            ("224.0.0.0/8", ""),
            ("127.0.0.0/8", ""),
            ("255.255.255.0/24", ""),
            ("0.0.0.0/16", ""),
            ("169.254.0.0/16", ""),
            ("169.0.0.0/8", ""),
            ("240.0.0.0/8", ""),
            ("10.0.0.0/08", ""),
            ("010.0.0.0/8", ""),
            ("192.168.010.0", ""),
            ("10.0.0.0/24", "0100"),
            ("10.0.0.0/24", ".050"),
            ("10.0.0.0/24", "010.0.0.5"),
        ] {
            let slots = [("xxx".to_string(), vm.to_string())]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let err =
                netplate::placeholder::input::resolve(subnet, &slots, &rules, lang).unwrap_err();
            let js = format!(
                "(() => {{ const f = document.getElementById('ph-form'); \
                 const s = f.querySelector('input[name=subnet]'); const v = f.querySelector('input[name=vm]'); \
                 s.value = {subnet:?}; v.value = {vm:?}; \
                 s.dispatchEvent(new Event('input', {{bubbles: true}})); v.dispatchEvent(new Event('input', {{bubbles: true}})); \
                 f.requestSubmit(); return Array.from(f.querySelectorAll('.ph-error')).map(o => o.textContent).join(''); }})()"
            );
            assert_eq!(
                eval(&tab, &js),
                serde_json::Value::from(err.message(lang)),
                "{lang}: {subnet} {vm}"
            );
        }
    }
}

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

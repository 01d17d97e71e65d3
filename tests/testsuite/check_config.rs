//! `[check]` in book.toml: a book that is not a network guide builds with its
//! shell blocks checked for bash's syntax only; the network guide's rules are
//! the book's choice; `formats` and `deny-warnings` apply to every build.

use crate::book_test::BookTest;

/// Shell blocks of an ordinary book (mdBook's guide has such blocks): a
/// directory tree, log output, a variable set for a later command.
const ORDINARY: &str = "\n## Blocks {#blocks}\n\n```bash\nmy-book/\n├── book.toml\n└── src\n```\n\n```shell\n2024-01-01 INFO Book building has started\n```\n\n```sh\nBE_VERBOSE=false\n```\n";

/// The basic fixture with `block` in both languages' intro chapters.
fn basic_with(block: &str, check: &str) -> BookTest {
    let t = BookTest::fixture("basic");
    for lang in ["en", "zh"] {
        let path = format!("content/{lang}/intro.md");
        t.write(&path, &(t.read(&path) + block));
    }
    if !check.is_empty() {
        t.write("book.toml", &(t.read("book.toml") + "\n[check]\n" + check));
    }
    t
}

#[test]
fn an_ordinary_book_s_shell_blocks_build_with_only_bash_s_syntax_checked() {
    let t = basic_with(ORDINARY, "");
    let run = t.run(&["build", "--deny-warnings"]).success();
    // The fixture's own 2 blocks, and the 3 above in both languages.
    assert!(run.stderr.contains("validated 8"), "{}", run.stderr);
    // A real syntax error still fails, at its line.
    let t = basic_with("\n```bash\nif true; then\n  echo x\n```\n", "");
    let run = t.run(&["build"]).code(1);
    assert!(run.stderr.contains("error[shell/syntax]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/en/intro.md:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_network_rules_apply_where_the_book_asks_for_them() {
    let t = basic_with(ORDINARY, "shell = \"network\"\n");
    let run = t.run(&["build"]).code(1);
    assert!(
        run.stderr.contains("error[shell/config-as-command]"),
        "{}",
        run.stderr
    );
    // The guide asks for them.
    assert!(
        BookTest::guide()
            .read("book.toml")
            .contains("[check]\nshell = \"network\"")
    );
}

#[test]
fn formats_limits_what_is_validated_and_deny_warnings_is_book_wide() {
    let broken = "\n```yaml file=/etc/netplan/01.yaml\nnetwork:\n  version: 2\n  ethernets:\n    ens33:\n      adresses: [10.0.0.5/24]\n```\n";
    let t = basic_with(broken, "");
    t.run(&["build"])
        .code(1)
        .stderr_has("error[netplan/unknown-key]");
    let t = basic_with(broken, "formats = [\"shell\"]\n");
    let run = t.run(&["build"]).success();
    assert!(run.stderr.contains("validated 0"), "{}", run.stderr);

    let warned = "\n```yaml file=/etc/netplan/01.yaml\nnetwork:\n  version: 2\n  ethernets:\n    ens33:\n      addresses: [10.0.0.5/24]\n      gateway4: 10.0.0.2\n```\n";
    basic_with(warned, "")
        .run(&["build"])
        .success()
        .stderr_has("warning[netplan/gateway-deprecated]");
    basic_with(warned, "deny-warnings = true\n")
        .run(&["build"])
        .code(1)
        .stderr_has("error[netplan/gateway-deprecated]");
}

#[test]
fn bad_check_values_are_errors_at_their_key() {
    let t = basic_with("", "formats = [\"netplna\"]\nshell = \"strict\"\n");
    let run = t.run(&["build"]).code(1);
    for needle in [
        "`[check] formats` names `netplna`, which is no format netplate validates",
        "did you mean `netplan`?",
        "`[check] shell = \"strict\"`: write `\"syntax\"` or `\"network\"`",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    assert!(!t.exists("book"), "no half-written book/");
}

//! The ifcfg validator against its corpus (`validate/ifcfg/`) and against
//! what initscripts do with the files: source them in bash, then derive the
//! prefix with `ipcalc-ng` (config-formats.md §1 and §4).
//!
//! | folder | bash (`set -a; . FILE`) | netplate |
//! |---|---|---|
//! | `good/` | silent | no finding |
//! | `bad/` | `command not found` / syntax error for `ifcfg/syntax` files, silent for the rest (the values are wrong) | the `# expect:` rule, as an error |
//! | `warn/` | silent | the `# expect:` rule, as a warning, and no error |
//!
//! The files are sourced with an empty environment and `PATH=/nonexistent`,
//! in a temporary folder, so that a line bash runs as a command can only
//! fail with `command not found`.

use std::{path::Path, process::Command};

use netplate::validate::{Fact, Report, Severity, ifcfg};

use crate::{
    real_tools,
    validate_interfaces::{assert_spans_inside, check_corpus, corpus, mutations},
};

/// The corpus folders.
const KINDS: [&str; 3] = ["good", "bad", "warn"];

/// Sources `path` as initscripts do, then prints `IPADDR`, `PREFIX` and
/// `NETMASK` on stdout. Returns (stdout, stderr).
pub(crate) fn source(path: &Path) -> (String, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = Command::new("/bin/bash")
        .args([
            "-c",
            "set -a; . \"$1\"; printf '%s\\n' \"$IPADDR\" \"$PREFIX\" \"$NETMASK\"",
            "bash",
        ])
        .arg(path)
        .env_clear()
        .env("PATH", "/nonexistent")
        .current_dir(dir.path())
        .output()
        .expect("run bash");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether bash's stderr shows that it ran part of the file as a command or
/// could not parse it.
pub(crate) fn bash_complains(stderr: &str) -> bool {
    ["command not found", "syntax error", "unexpected EOF"]
        .iter()
        .any(|s| stderr.contains(s))
}

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus("ifcfg", ifcfg::check, &KINDS);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn corpus_agrees_with_bash() {
    let mut problems = Vec::new();
    for kind in KINDS {
        for (path, text) in corpus("ifcfg", kind) {
            let (_, stderr) = source(&path);
            let report = ifcfg::check(&text);
            let name = path.display();
            if bash_complains(&stderr) && !report.has_errors() {
                problems.push(format!(
                    "{name}: bash says {stderr:?}, netplate has no error"
                ));
            }
            if kind == "good" && !stderr.is_empty() {
                problems.push(format!("{name}: a good file, but bash says {stderr:?}"));
            }
            let syntax = report.findings.iter().any(|f| f.rule == "ifcfg/syntax");
            if syntax != bash_complains(&stderr) {
                problems.push(format!(
                    "{name}: bash complains={}, netplate ifcfg/syntax={syntax}: {stderr:?}",
                    bash_complains(&stderr)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What `ipcalc-ng --check` says about `IPADDR/PREFIX` (or `/NETMASK`):
/// `None` when the file sets no address.
fn ipcalc(path: &Path) -> Option<(bool, String)> {
    let (stdout, _) = source(path);
    let mut values = stdout.lines();
    let (ip, prefix, netmask) = (values.next()?, values.next()?, values.next()?);
    if ip.is_empty() {
        return None;
    }
    let arg = match (prefix, netmask) {
        ("", "") => ip.to_string(),
        ("", mask) => format!("{ip}/{mask}"),
        (p, _) => format!("{ip}/{p}"),
    };
    let out = Command::new("ipcalc-ng")
        .args(["--check", &arg])
        .output()
        .expect("run ipcalc-ng");
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn corpus_agrees_with_ipcalc_ng() {
    if !real_tools::have("ipcalc-ng") {
        eprintln!("ipcalc-ng is not installed (Debian's ipcalc-ng): skipping this cross-check");
        return;
    }
    let mut problems = Vec::new();
    for kind in KINDS {
        for (path, text) in corpus("ifcfg", kind) {
            let Some((accepted, stderr)) = ipcalc(&path) else {
                continue;
            };
            let report = ifcfg::check(&text);
            let address_error = report.findings.iter().any(|f| {
                f.severity == Severity::Error
                    && matches!(
                        f.rule,
                        "ifcfg/invalid-address"
                            | "ifcfg/invalid-prefix"
                            | "ifcfg/invalid-netmask"
                            | "ifcfg/unfilled-placeholder"
                    )
            });
            if !accepted && !address_error {
                problems.push(format!(
                    "{}: ipcalc-ng rejects it ({stderr}), netplate has no address error",
                    path.display()
                ));
            }
            if accepted && kind == "good" && report.has_errors() {
                problems.push(format!("{}: ipcalc-ng accepts a good file", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// How many lines of `text` set a key whose name starts with one of
/// `prefixes` and continues with digits only.
fn count_keys(text: &str, prefixes: &[&str]) -> usize {
    text.lines()
        .filter_map(|l| l.trim_start().split_once('='))
        .filter(|(k, _)| {
            prefixes.iter().any(|p| {
                k.strip_prefix(p)
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            })
        })
        .count()
}

/// How many facts of `report` satisfy `kind`.
fn count_facts(report: &Report, kind: fn(&Fact) -> bool) -> usize {
    report.facts.iter().filter(|f| kind(f)).count()
}

#[test]
fn good_files_give_their_addresses() {
    for (path, text) in corpus("ifcfg", "good") {
        let report = ifcfg::check(&text);
        let name = path.display();
        let addresses = count_facts(&report, |f| {
            matches!(
                f,
                Fact::Address {
                    prefix: Some(_),
                    ..
                }
            )
        });
        assert_eq!(addresses, count_keys(&text, &["IPADDR"]), "{name}");
        let gateways = count_facts(&report, |f| matches!(f, Fact::Gateway { .. }));
        assert_eq!(gateways, count_keys(&text, &["GATEWAY"]), "{name}");
        let servers = count_facts(&report, |f| matches!(f, Fact::Nameserver { .. }));
        assert_eq!(servers, count_keys(&text, &["DNS"]), "{name}");
        let masks = count_facts(&report, |f| matches!(f, Fact::Netmask { .. }));
        assert_eq!(masks, count_keys(&text, &["NETMASK"]), "{name}");
    }
}

#[test]
fn mutated_corpus_never_panics() {
    for kind in KINDS {
        for (_, text) in corpus("ifcfg", kind) {
            for mutant in mutations(&text) {
                let report = ifcfg::check(&mutant);
                assert_spans_inside(&mutant, &report);
            }
        }
    }
}

#[test]
fn random_text_never_panics() {
    const ALPHABET: &[&str] = &[
        "IPADDR", "PREFIX", "NETMASK", "DNS1", "=", " ", "\n", "'", "\"", "\\", "#", ";", "(", "$",
        "`", "10.7.0.", "255.", "?", "*", "xxx", "网卡", "\t", "\r", "ONBOOT", "yes", "24",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let report = ifcfg::check(&text);
        assert_spans_inside(&text, &report);
    }
}

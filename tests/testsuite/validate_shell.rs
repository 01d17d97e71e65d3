//! The shell validator against its corpus (`validate/shell/`), against
//! `bash -n` and against ShellCheck (config-formats.md §7).
//!
//! | folder | `bash -n` | netplate |
//! |---|---|---|
//! | `good/` | accepts | no finding |
//! | `bad/` | rejects (`shell/syntax` files) or accepts (config text pasted as commands) | the `# expect:` rule, as an error |
//! | `warn/` | accepts | the `# expect:` rule, as a warning, and no error |
//!
//! Agreement with the real tools, on every corpus file: bash rejects a file
//! exactly when netplate reports `shell/syntax`; wherever ShellCheck reports
//! SC2215, SC2034, SC2125 or SC2288 (config text or placeholders in a shell
//! block), netplate reports an error or a warning on the same line.

use std::{collections::BTreeSet, path::PathBuf, process::Command};

use netplate::validate::{Severity, shell};

use crate::{
    real_tools,
    validate_interfaces::{assert_spans_inside, check_corpus, corpus, mutations},
};

/// The corpus folders.
const KINDS: [&str; 3] = ["good", "bad", "warn"];

/// The ShellCheck codes that mean non-shell text in a shell block.
const CONFIG_CODES: [&str; 4] = ["SC2215", "SC2034", "SC2125", "SC2288"];

/// Every corpus file, with its text.
fn all_files() -> Vec<(PathBuf, String)> {
    KINDS
        .iter()
        .flat_map(|kind| corpus("shell", kind))
        .collect()
}

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus("shell", shell::check, &KINDS);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn syntax_errors_agree_with_bash_n() {
    let mut problems = Vec::new();
    for (path, text) in all_files() {
        let out = Command::new("bash")
            .arg("-n")
            .arg(&path)
            .output()
            .expect("run bash -n");
        let bash_rejects = !out.status.success();
        let report = shell::check(&text);
        let ours = report.findings.iter().any(|f| f.rule == "shell/syntax");
        if bash_rejects != ours {
            problems.push(format!(
                "{}: bash -n {} it ({}), netplate: {:#?}",
                path.display(),
                if bash_rejects { "rejects" } else { "accepts" },
                String::from_utf8_lossy(&out.stderr).trim(),
                report.findings
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// ShellCheck's findings with the codes of [`CONFIG_CODES`], as (file, line,
/// code), for all `files` in one run.
fn shellcheck(files: &[PathBuf]) -> BTreeSet<(PathBuf, usize, String)> {
    let out = Command::new("shellcheck")
        .args(["--norc", "-s", "bash", "-f", "gcc"])
        .args(files)
        .output()
        .expect("run shellcheck");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut found = BTreeSet::new();
    for line in stdout.lines() {
        let Some(code) = CONFIG_CODES
            .iter()
            .find(|c| line.ends_with(&format!("[{c}]")))
        else {
            continue;
        };
        // FILE:LINE:COL: level: message [SCnnnn]; FILE has no colon here.
        let mut parts = line.splitn(3, ':');
        let (Some(file), Some(number)) = (parts.next(), parts.next()) else {
            continue;
        };
        let number: usize = number.parse().expect("shellcheck line number");
        found.insert((PathBuf::from(file), number, code.to_string()));
    }
    found
}

#[test]
fn config_text_agrees_with_shellcheck() {
    real_tools::require("shellcheck", "shellcheck");
    let files = all_files();
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let flagged = shellcheck(&paths);
    assert!(
        flagged.iter().any(|(_, _, code)| code == "SC2034"),
        "ShellCheck found no SC2034 in the corpus: did it run?"
    );
    let mut problems = Vec::new();
    for (path, line, code) in &flagged {
        let text = &files
            .iter()
            .find(|(p, _)| p == path)
            .expect("corpus file")
            .1;
        let report = shell::check(text);
        if !report.findings.iter().any(|f| f.span.line == *line) {
            problems.push(format!(
                "{}:{line}: ShellCheck reports {code}, netplate nothing on that line: {:#?}",
                path.display(),
                report.findings
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_guide_s_mixed_block_is_flagged_line_by_line() {
    let (_, text) = corpus("shell", "bad")
        .into_iter()
        .find(|(p, _)| p.ends_with("mixed-guide-block.sh"))
        .expect("mixed-guide-block.sh");
    let report = shell::check(&text);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(needle))
            .unwrap_or_else(|| panic!("no line starts with {needle:?}"))
            + 1
    };
    let flagged = |needle: &str| {
        let line = line_of(needle);
        report
            .findings
            .iter()
            .find(|f| f.span.line == line)
            .map(|f| (f.rule, f.severity, f.message.clone()))
    };
    for (needle, format) in [
        ("network:", "netplan YAML"),
        ("version: 2", "netplan YAML"),
        ("- 10.7.0.128/24", "netplan YAML"),
        ("gateway4:", "netplan YAML"),
        ("addresses: [114", "netplan YAML"),
        ("BOOTPROTO=static", "ifcfg"),
        ("IPADDR=", "ifcfg"),
        ("auto ens33", "interfaces"),
        ("iface ens33", "interfaces"),
        ("address 10.7.0.128", "interfaces"),
        ("netmask", "interfaces"),
        ("search localdomain", "resolv.conf"),
        ("nameserver 8.8.8.8", "resolv.conf"),
        ("managed=true", "NetworkManager.conf"),
    ] {
        let (rule, severity, message) =
            flagged(needle).unwrap_or_else(|| panic!("{needle:?} is not flagged"));
        assert_eq!(
            (rule, severity),
            ("shell/config-as-command", Severity::Error),
            "{needle}"
        );
        assert!(message.contains(format), "{needle}: {message}");
    }
    for command in [
        "touch /etc/netplan",
        "sudo netplan apply",
        "vim /etc/sysconfig",
        "sudo reboot",
        "sudo vim /etc/network",
    ] {
        assert_eq!(flagged(command), None, "{command} is a real command");
    }
    assert!(report.findings.iter().all(|f| f.help.is_some()));
}

/// At most this many mutants of each corpus file are checked: parsing a
/// long snippet takes milliseconds in a debug build.
const MUTANTS_PER_FILE: usize = 120;

/// An even sample of [`mutations`] of `text`, with every whole-text rewrite
/// (the last ones).
fn sampled_mutations(text: &str) -> Vec<String> {
    let all = mutations(text);
    let stride = all.len().div_ceil(MUTANTS_PER_FILE).max(1);
    let rewrites = all.len().saturating_sub(7);
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0 || *i >= rewrites)
        .map(|(_, m)| m)
        .collect()
}

#[test]
fn mutated_corpus_never_panics() {
    for (_, text) in all_files() {
        for mutant in sampled_mutations(&text) {
            let report = shell::check(&mutant);
            assert_spans_inside(&mutant, &report);
        }
    }
}

#[test]
fn random_shell_text_never_panics() {
    const ALPHABET: &[&str] = &[
        "echo", " ", "\n", "'", "\"", "$(", "${", ")", "}", "(", "{", "<<", "EOF", "\\", "`", "|",
        "&", ";", ";;", "case", "esac", "if", "fi", "do", "done", "=", "x", "1.", "网卡", "-", ":",
        "#", "?", "*", "10.7.0.", "xxx",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let report = shell::check(&text);
        assert_spans_inside(&text, &report);
    }
}

//! The `/etc/network/interfaces` validator against its corpus
//! (`validate/interfaces/`) and against ifupdown itself.
//!
//! | folder | ifupdown (`ifquery --list`, `ifup -n`) | netplate |
//! |---|---|---|
//! | `good/` | accepts | no finding |
//! | `bad/` | rejects | the `# expect:` rule, as an error |
//! | `bad-silent/` | accepts, but the config breaks at run time or is silently wrong (`config-formats.md` §3; each file cites it) | the `# expect:` rule, as an error |
//! | `warn/` | accepts | the `# expect:` rule, as a warning, and no error |
//!
//! This file also holds the corpus helpers the resolv and nm tests share.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use netplate::validate::{Report, Severity, interfaces};

use crate::real_tools;

/// The files of `validate/<format>/<kind>/`, sorted, with their text.
pub(crate) fn corpus(format: &str, kind: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testsuite/validate")
        .join(format)
        .join(kind);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

/// The rule a corpus file names on its first line: `# expect: RULE`.
#[track_caller]
pub(crate) fn expected_rule(path: &Path, text: &str) -> String {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|| panic!("{}: first line must be `# expect: RULE`", path.display()))
}

/// Whether `report` has `rule` with `severity`.
pub(crate) fn has(report: &Report, rule: &str, severity: Severity) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.rule == rule && f.severity == severity)
}

/// Checks every corpus folder of a format against its validator (without
/// real tools); returns the problems found, one line each.
pub(crate) fn check_corpus(format: &str, check: fn(&str) -> Report, kinds: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for &kind in kinds {
        for (path, text) in corpus(format, kind) {
            let report = check(&text);
            let name = path.display();
            match kind {
                "good" if !report.findings.is_empty() => {
                    problems.push(format!(
                        "{name}: expected no finding, got {:#?}",
                        report.findings
                    ));
                }
                "good" => {}
                _ => {
                    let rule = expected_rule(&path, &text);
                    let severity = if kind == "warn" {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    if !has(&report, &rule, severity) {
                        problems.push(format!(
                            "{name}: expected {rule} ({severity:?}), got {:#?}",
                            report.findings
                        ));
                    }
                    if kind == "warn" && report.has_errors() {
                        problems.push(format!(
                            "{name}: expected no error, got {:#?}",
                            report.findings
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// Variants of `text` that stress a line parser: every truncation, and
/// comment marks, backslashes, tabs, brackets, `=`, CRLF and non-ASCII text
/// inserted along the way, plus whole-text rewrites.
pub(crate) fn mutations(text: &str) -> Vec<String> {
    let cuts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut out: Vec<String> = cuts.iter().map(|&i| text[..i].to_string()).collect();
    let inserts = [
        "#", "\\", "\t", "网卡", "\u{a0}", "\r\n", "=", "[", "]", "/", ";", "\n",
    ];
    for (n, &i) in cuts.iter().enumerate() {
        let piece = inserts[n % inserts.len()];
        out.push(format!("{}{piece}{}", &text[..i], &text[i..]));
    }
    out.push(text.replace(' ', "\t"));
    out.push(text.replace('\n', "\r\n"));
    out.push(text.replace('\n', "\\\n"));
    out.push(text.replace('\n', " # c\n"));
    out.push(text.lines().rev().collect::<Vec<_>>().join("\n"));
    out.push(
        text.lines()
            .flat_map(|l| [l, l])
            .collect::<Vec<_>>()
            .join("\n"),
    );
    out.push(text.chars().rev().collect());
    out
}

/// Asserts every finding points inside `text`.
#[track_caller]
pub(crate) fn assert_spans_inside(text: &str, report: &Report) {
    let lines: Vec<&str> = text.split('\n').collect();
    for f in &report.findings {
        let s = f.span;
        assert!(s.line >= 1 && s.line <= lines.len(), "{f:?} in {text:?}");
        let width = lines[s.line - 1].chars().count();
        assert!(s.column >= 1 && s.column <= width + 1, "{f:?} in {text:?}");
    }
}

// ---------------------------------------------------------------------------
// ifupdown
// ---------------------------------------------------------------------------

/// The path of an ifupdown program: `/usr/sbin` is not on every user's PATH.
pub(crate) fn ifupdown_program(name: &str) -> String {
    ["/usr/sbin/", "/sbin/"]
        .iter()
        .map(|dir| format!("{dir}{name}"))
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| name.to_string())
}

/// The interface names ifup is run on: `iface` names, except templates that
/// other stanzas inherit from, and `allow-*` names (`auto` names are checked
/// by `ifquery --list`).
fn names(text: &str) -> Vec<String> {
    let templates: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(" inherits ").map(|(_, t)| t.trim()))
        .collect();
    let mut names = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let picked: Vec<&str> = match words.first() {
            Some(&"iface") => words
                .get(1)
                .copied()
                .filter(|n| !templates.contains(n))
                .into_iter()
                .collect(),
            Some(w) if w.starts_with("allow-") => words[1..]
                .iter()
                .copied()
                .take_while(|w| !w.starts_with('#'))
                .collect(),
            _ => Vec::new(),
        };
        for name in picked {
            if !name.starts_with('/') && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Runs ifupdown on `text` hermetically (config-formats.md §1): the file and
/// the state directory live in a temporary folder, `ifup` is a dry run
/// (`-n`) without hook scripts. Returns whether every run exited 0, and
/// what they printed.
pub(crate) fn ifupdown(text: &str) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("interfaces");
    let state = dir.path().join("state");
    fs::write(&file, text).expect("write interfaces");
    fs::create_dir(&state).expect("state folder");
    let mut runs = vec![vec![
        "-i".into(),
        file.clone(),
        "--state-dir".into(),
        state.clone(),
        "--list".into(),
    ]];
    for name in names(text) {
        runs.push(vec![
            "-n".into(),
            "-i".into(),
            file.clone(),
            "--state-dir".into(),
            state.clone(),
            "--no-scripts".into(),
            name.into(),
        ]);
    }
    let mut accepted = true;
    let mut log = String::new();
    for (i, args) in runs.iter().enumerate() {
        let program = ifupdown_program(if i == 0 { "ifquery" } else { "ifup" });
        let out = Command::new(&program)
            .args(args)
            .current_dir(dir.path())
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        accepted &= out.status.success();
        log.push_str(&format!(
            "$ {program} {}\n{}{}[{}]\n",
            args.iter()
                .map(|a| a.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            out.status
        ));
    }
    (accepted, log)
}

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus(
        "interfaces",
        interfaces::check,
        &["good", "bad", "bad-silent", "warn"],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn corpus_matches_ifupdown() {
    real_tools::require(&ifupdown_program("ifquery"), "ifupdown");
    let mut problems = Vec::new();
    for kind in ["good", "bad", "bad-silent", "warn"] {
        for (path, text) in corpus("interfaces", kind) {
            let (accepted, log) = ifupdown(&text);
            let ours = interfaces::check(&text).has_errors();
            let expect_accept = kind != "bad";
            if accepted != expect_accept {
                problems.push(format!(
                    "{}: ifupdown {} it\n{log}",
                    path.display(),
                    if accepted { "accepts" } else { "rejects" }
                ));
            }
            // when ifupdown rejects, we report an error; when it accepts a
            // config that is not known to be silently wrong, we do not
            if !accepted && !ours || accepted && kind != "bad-silent" && ours {
                problems.push(format!(
                    "{}: ifupdown accepted={accepted}, netplate errors={ours}\n{log}",
                    path.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn bad_silent_files_cite_the_design_doc() {
    for (path, text) in corpus("interfaces", "bad-silent") {
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("# doc: config-formats.md §")),
            "{}: second line must cite the design doc",
            path.display()
        );
    }
}

#[test]
fn mutated_corpus_never_panics() {
    for kind in ["good", "bad", "bad-silent", "warn"] {
        for (_, text) in corpus("interfaces", kind) {
            for mutant in mutations(&text) {
                let report = interfaces::check(&mutant);
                assert_spans_inside(&mutant, &report);
            }
        }
    }
}

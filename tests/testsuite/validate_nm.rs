//! The `NetworkManager.conf` validator against its corpus (`validate/nm/`).
//!
//! GLib's GKeyFile is the real parser (config-formats.md §6). When
//! python3-gi is installed, every file is also loaded with
//! `GLib.KeyFile().load_from_data(…, GLib.KeyFileFlags.NONE)`, the call
//! NetworkManager makes: GKeyFile must accept `good/` and `warn/` files, and
//! reject a `bad/` file exactly when its rule is a GKeyFile error
//! (`nm/syntax`, `nm/key-outside-group`); the other `bad/` rules are
//! NetworkManager's own silent mistakes, which GKeyFile loads. Without
//! python3-gi, only netplate is checked.
//!
//! | folder | netplate |
//! |---|---|
//! | `good/` | no finding |
//! | `bad/` | the `# expect:` rule, as an error |
//! | `warn/` | the `# expect:` rule, as a warning, and no error |

use std::{
    io::Write,
    process::{Command, Stdio},
};

use netplate::validate::nm;

use crate::validate_interfaces::{
    assert_spans_inside, check_corpus, corpus, expected_rule, mutations,
};

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus("nm", nm::check, &["good", "bad", "warn"]);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The system interpreter, which has python3-gi (a pyenv one may not).
fn system_python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("python3")
}

/// Loads `text` with GLib's GKeyFile through python3-gi; `None` when
/// python3-gi is not installed, else whether it loaded (and GLib's error).
fn gkeyfile(text: &str) -> Option<Result<(), String>> {
    const PROBE: &str = "import sys\nfrom gi.repository import GLib\ndata = sys.stdin.buffer.read()\ntry:\n    GLib.KeyFile().load_from_data(data.decode(), len(data), GLib.KeyFileFlags.NONE)\nexcept GLib.Error as e:\n    print(e.message)\n    sys.exit(1)\n";
    let mut child = Command::new(system_python())
        .args(["-c", PROBE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named") {
        return None;
    }
    if out.status.success() {
        Some(Ok(()))
    } else {
        Some(Err(format!(
            "{}{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )))
    }
}

#[test]
fn corpus_matches_gkeyfile_when_available() {
    if gkeyfile("[a]\n").is_none() {
        eprintln!("python3-gi is not installed: GKeyFile cross-check skipped");
        return;
    }
    let mut problems = Vec::new();
    for kind in ["good", "bad", "warn"] {
        for (path, text) in corpus("nm", kind) {
            let loaded = gkeyfile(&text).unwrap_or(Ok(()));
            let should_load = kind != "bad"
                || !matches!(
                    expected_rule(&path, &text).as_str(),
                    "nm/syntax" | "nm/key-outside-group"
                );
            if loaded.is_ok() != should_load {
                problems.push(format!("{}: GKeyFile says {loaded:?}", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Loads each of `texts` with GKeyFile in one python3-gi process; `None`
/// when python3-gi is not installed, else GLib's error for each rejected
/// text.
pub(crate) fn gkeyfile_batch(texts: &[String]) -> Option<Vec<Option<String>>> {
    const PROBE: &str = "import sys, json\nfrom gi.repository import GLib\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        GLib.KeyFile().load_from_data(t, len(t.encode()), GLib.KeyFileFlags.NONE)\n        out.append(None)\n    except GLib.Error as e:\n        out.append(e.message)\njson.dump(out, sys.stdout)\n";
    // python3-gi present? (`None` otherwise.)
    let _ = gkeyfile("[a]\n")?;
    let mut child = Command::new(system_python())
        .args(["-c", PROBE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let input = serde_json::to_vec(texts).expect("json");
    child.stdin.take()?.write_all(&input).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(serde_json::from_slice(&out.stdout).expect("the GKeyFile probe's answer"))
}

/// GKeyFile and netplate agree on which mutated corpus texts GKeyFile
/// rejects: exactly those where netplate reports `nm/syntax` or
/// `nm/key-outside-group`.
#[test]
fn mutated_corpus_matches_gkeyfile_when_available() {
    let mut mutants = Vec::new();
    for kind in ["good", "bad", "warn"] {
        for (_, text) in corpus("nm", kind) {
            mutants.extend(mutations(&text));
        }
    }
    let Some(verdicts) = gkeyfile_batch(&mutants) else {
        eprintln!("python3-gi is not installed: GKeyFile cross-check skipped");
        return;
    };
    let rejected = verdicts.iter().filter(|v| v.is_some()).count();
    assert!(
        rejected > 100 && rejected < mutants.len() / 2,
        "{rejected} of {} rejected: is the probe working?",
        mutants.len()
    );
    let mut problems = Vec::new();
    for (text, glib) in mutants.iter().zip(verdicts) {
        let ours = nm::check(text)
            .findings
            .into_iter()
            .find(|f| matches!(f.rule, "nm/syntax" | "nm/key-outside-group"));
        if glib.is_some() != ours.is_some() {
            problems.push(format!(
                "{text:?}\n  GKeyFile: {glib:?}\n  netplate: {ours:?}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements, e.g.:\n{}",
        problems.len(),
        problems[..problems.len().min(5)].join("\n")
    );
}

#[test]
fn mutated_corpus_never_panics() {
    for kind in ["good", "bad", "warn"] {
        for (_, text) in corpus("nm", kind) {
            for mutant in mutations(&text) {
                let report = nm::check(&mutant);
                assert_spans_inside(&mutant, &report);
            }
        }
    }
}

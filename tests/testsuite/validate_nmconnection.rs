//! The keyfile connection profile validator against its corpus
//! (`validate/nmconnection/`, origin in its README).
//!
//! GLib's GKeyFile is the parser NetworkManager's keyfile plugin uses. When
//! python3-gi is installed, every file is also loaded with
//! `GLib.KeyFile().load_from_data(…, GLib.KeyFileFlags.NONE)`: GKeyFile must
//! accept `good/` and `warn/` files, and reject a `bad/` file exactly when
//! its rule is a GKeyFile error (`nmconnection/syntax`,
//! `nmconnection/key-outside-group`); the other `bad/` rules are
//! NetworkManager's own checks on what GKeyFile loads. Booleans are checked
//! against `GLib.KeyFile.get_boolean()`, which the keyfile reader calls.
//! Without python3-gi, only netplate is checked.
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

use netplate::validate::{Fact, nmconnection, semantic};

use crate::validate_interfaces::{
    assert_spans_inside, check_corpus, corpus, expected_rule, mutations,
};

/// The rules that mean GKeyFile itself rejects the file.
const GKEYFILE_ERRORS: [&str; 2] = ["nmconnection/syntax", "nmconnection/key-outside-group"];

#[test]
fn corpus_matches_the_validator() {
    let problems = check_corpus(
        "nmconnection",
        nmconnection::check,
        &["good", "bad", "warn"],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn corpus_is_big_enough_and_each_bad_file_has_one_mistake() {
    let mut count = 0;
    for kind in ["good", "bad", "warn"] {
        for (path, text) in corpus("nmconnection", kind) {
            count += 1;
            if kind == "bad" {
                let rule = expected_rule(&path, &text);
                let errors: Vec<_> = nmconnection::check(&text)
                    .findings
                    .into_iter()
                    .filter(|f| f.severity == netplate::validate::Severity::Error)
                    .collect();
                assert!(
                    errors.iter().all(|f| f.rule == rule),
                    "{}: {errors:#?}",
                    path.display()
                );
            }
        }
    }
    assert!(count >= 25, "only {count} corpus files");
}

/// The good profiles' addresses pass the semantic checks for the subnet
/// they were written for, and fail them for another reader's subnet.
#[test]
fn good_profiles_give_facts_for_the_semantic_checks() {
    let lab: ipnet::Ipv4Net = "10.7.0.0/24".parse().unwrap();
    let other: ipnet::Ipv4Net = "192.168.50.0/24".parse().unwrap();
    for (path, text) in corpus("nmconnection", "good") {
        let report = nmconnection::check(&text);
        let findings = semantic::check_in(&report.facts, lab);
        assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
        if report
            .facts
            .iter()
            .any(|f| matches!(f, Fact::Address { .. }))
        {
            let rules: Vec<_> = semantic::check_in(&report.facts, other)
                .into_iter()
                .map(|f| f.rule)
                .collect();
            assert!(
                rules.contains(&"semantic/address-outside-subnet"),
                "{}: {rules:?}",
                path.display()
            );
        }
    }
    let gateway_outside = "[connection]\nid=x\ntype=ethernet\ninterface-name=ens33\n[ipv4]\nmethod=manual\naddress1=10.7.0.128/24,10.7.1.2\n";
    let rules: Vec<_> = semantic::check(&nmconnection::check(gateway_outside).facts)
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules, ["semantic/gateway-outside-subnet"]);
}

/// The system interpreter, which has python3-gi (a pyenv one may not).
fn system_python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("python3")
}

/// Runs `probe` with python3-gi on `input` (JSON); `None` when python3-gi
/// is not installed, else the probe's JSON answer.
fn gi_probe(probe: &str, input: &serde_json::Value) -> Option<serde_json::Value> {
    let mut child = Command::new(system_python())
        .args(["-c", probe])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let bytes = serde_json::to_vec(input).expect("json");
    child.stdin.take()?.write_all(&bytes).ok()?;
    let out = child.wait_with_output().ok()?;
    if String::from_utf8_lossy(&out.stderr).contains("No module named") {
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("the GKeyFile probe's answer"))
}

/// Loads each of `texts` with GKeyFile in one python3-gi process; `None`
/// when python3-gi is not installed, else GLib's error for each rejected
/// text.
fn gkeyfile_batch(texts: &[String]) -> Option<Vec<Option<String>>> {
    const PROBE: &str = "import sys, json\nfrom gi.repository import GLib\nout = []\nfor t in json.load(sys.stdin):\n    try:\n        GLib.KeyFile().load_from_data(t, len(t.encode()), GLib.KeyFileFlags.NONE)\n        out.append(None)\n    except GLib.Error as e:\n        out.append(e.message)\njson.dump(out, sys.stdout)\n";
    let answer = gi_probe(PROBE, &serde_json::json!(texts))?;
    Some(serde_json::from_value(answer).expect("a list of verdicts"))
}

#[test]
fn corpus_matches_gkeyfile_when_available() {
    let mut files = Vec::new();
    for kind in ["good", "bad", "warn"] {
        for (path, text) in corpus("nmconnection", kind) {
            let should_load =
                kind != "bad" || !GKEYFILE_ERRORS.contains(&expected_rule(&path, &text).as_str());
            files.push((path, text, should_load));
        }
    }
    let texts: Vec<String> = files.iter().map(|(_, t, _)| t.clone()).collect();
    let Some(verdicts) = gkeyfile_batch(&texts) else {
        eprintln!("python3-gi is not installed: GKeyFile cross-check skipped");
        return;
    };
    let mut problems = Vec::new();
    for ((path, _, should_load), glib) in files.iter().zip(verdicts) {
        if glib.is_none() != *should_load {
            problems.push(format!("{}: GKeyFile says {glib:?}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `nmconnection/invalid-boolean` fires exactly for the values
/// `g_key_file_get_boolean()` cannot read.
#[test]
fn booleans_match_gkeyfile_when_available() {
    const PROBE: &str = "import sys, json\nfrom gi.repository import GLib\nout = []\nfor v in json.load(sys.stdin):\n    t = '[connection]\\nautoconnect=' + v + '\\n'\n    k = GLib.KeyFile()\n    k.load_from_data(t, len(t.encode()), GLib.KeyFileFlags.NONE)\n    try:\n        k.get_boolean('connection', 'autoconnect')\n        out.append(True)\n    except GLib.Error:\n        out.append(False)\njson.dump(out, sys.stdout)\n";
    let values = [
        "true", "false", "1", "0", "yes", "no", "True", "FALSE", "on", "off", "true  ", "t", "",
        "2", "truex",
    ];
    let Some(answer) = gi_probe(PROBE, &serde_json::json!(values)) else {
        eprintln!("python3-gi is not installed: GKeyFile cross-check skipped");
        return;
    };
    let glib: Vec<bool> = serde_json::from_value(answer).expect("a list of booleans");
    for (value, glib_reads_it) in values.iter().zip(glib) {
        let text = format!("[connection]\nid=x\ntype=bridge\nautoconnect={value}\n");
        let ours = !nmconnection::check(&text)
            .findings
            .iter()
            .any(|f| f.rule == "nmconnection/invalid-boolean");
        assert_eq!(ours, glib_reads_it, "autoconnect={value:?}");
    }
}

/// GKeyFile and netplate agree on which mutated corpus texts GKeyFile
/// rejects: exactly those where netplate reports a GKeyFile error.
#[test]
fn mutated_corpus_matches_gkeyfile_when_available() {
    let mut mutants = Vec::new();
    for kind in ["good", "bad", "warn"] {
        for (_, text) in corpus("nmconnection", kind) {
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
        let ours = nmconnection::check(text)
            .findings
            .into_iter()
            .find(|f| GKEYFILE_ERRORS.contains(&f.rule));
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
        for (_, text) in corpus("nmconnection", kind) {
            for mutant in mutations(&text) {
                let report = nmconnection::check(&mutant);
                assert_spans_inside(&mutant, &report);
            }
        }
    }
}

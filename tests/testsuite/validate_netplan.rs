//! The netplan validator against a corpus, and against the real netplan.
//!
//! `validate/netplan/` holds three folders of YAML files:
//!
//! - `good/`: valid configs (many adapted from canonical/netplan's
//!   `examples/`); netplan accepts them and netplate reports no error.
//! - `bad/`: each breaks one rule, named on its first line
//!   (`# expect: netplan/<rule>`); netplan rejects them (exit ≠ 0) and
//!   netplate reports that rule as an error.
//! - `bad-silent/`: netplan accepts them (at most with a warning) but they
//!   are wrong or partly ignored (duplicate keys, conflicting default routes,
//!   a second document); netplate reports the expected rule as an error.
//!   Each file cites `config-formats.md` for what netplan does with it.
//!
//! The real netplan is `/usr/libexec/netplan/generate --root-dir DIR`, run
//! hermetically in a user, mount and network namespace with `udevadm` and
//! `systemctl` bound to `/bin/true` (`config-formats.md` §1): it parses,
//! validates and runs the backend writers, whose failures (a `to: default`
//! without `via` aborts the networkd writer) the parse-only routes miss.

use std::{
    fs,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::Command,
};

use netplate::validate::{Format, Report, Severity, check};

/// The corpus folder.
const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/testsuite/validate/netplan"
);

/// netplan's generator, which `netplan generate` execs.
const GENERATE: &str = "/usr/libexec/netplan/generate";

/// Runs `generate` once per directory given after the first argument,
/// inside the namespaces, and leaves its exit code and output next to the
/// config. Where `/usr/bin/ovs-vsctl` is missing, an overlay on `/usr/bin`
/// (in `$1`) adds it as `/bin/true`: for OVS configs `generate` only checks
/// that the file exists (`validation.c`, "The 'ovs-vsctl' tool is required
/// to setup OpenVSwitch interfaces"), so the stand-in changes nothing else.
const RUN_GENERATE: &str = r#"
overlay=$1; shift
if [ ! -e /usr/bin/ovs-vsctl ]; then
    mkdir -p "$overlay/upper" "$overlay/work"
    if mount -t overlay overlay -o "lowerdir=/usr/bin,upperdir=$overlay/upper,workdir=$overlay/work" /usr/bin; then
        ln -s /bin/true /usr/bin/ovs-vsctl
    else
        echo "no overlay on /usr/bin: OVS configs fail for want of ovs-vsctl" >&2
    fi
fi
for tool in /bin/udevadm /bin/systemctl; do
    if [ -e "$tool" ]; then mount --bind /bin/true "$tool" || exit 99; fi
done
for dir in "$@"; do
    # The braces keep the shell's own "Aborted" (exit 134) out of the test log.
    { /usr/libexec/netplan/generate --root-dir "$dir" >"$dir/output" 2>&1; echo $? >"$dir/exit"; } 2>/dev/null
done
"#;

/// Which folder a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    Bad,
    BadSilent,
}

/// One corpus file.
#[derive(Debug)]
struct Case {
    class: Class,
    path: PathBuf,
    text: String,
}

impl Case {
    /// `bad/address-missing-prefix.yaml`.
    fn name(&self) -> String {
        let folder = self
            .path
            .parent()
            .and_then(Path::file_name)
            .unwrap_or_default();
        let file = self.path.file_name().unwrap_or_default();
        format!("{}/{}", folder.to_string_lossy(), file.to_string_lossy())
    }

    /// The rule on the first line, `# expect: netplan/<rule>`.
    fn expected_rule(&self) -> Option<&str> {
        self.text
            .lines()
            .next()?
            .strip_prefix("# expect: ")
            .map(str::trim)
    }

    fn report(&self) -> Report {
        check(Format::Netplan, &self.text)
    }
}

/// Every corpus file, folder by folder, sorted by name.
fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    for (folder, class) in [
        ("good", Class::Good),
        ("bad", Class::Bad),
        ("bad-silent", Class::BadSilent),
    ] {
        let dir = Path::new(CORPUS).join(folder);
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            cases.push(Case { class, path, text });
        }
    }
    cases
}

/// The rules of a report's errors.
fn error_rules(report: &Report) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect()
}

#[test]
fn the_corpus_covers_every_folder() {
    let cases = corpus();
    for class in [Class::Good, Class::Bad, Class::BadSilent] {
        let count = cases.iter().filter(|c| c.class == class).count();
        assert!(count >= 5, "only {count} {class:?} files");
    }
}

#[test]
fn good_files_have_no_errors() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter(|case| case.class == Class::Good)
        .filter_map(|case| {
            let report = case.report();
            report
                .has_errors()
                .then(|| format!("{}: {:#?}", case.name(), report.findings))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_files_report_their_rule_as_an_error() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter(|case| case.class != Class::Good)
        .filter_map(|case| {
            let Some(expected) = case.expected_rule() else {
                return Some(format!(
                    "{}: the first line must be `# expect: netplan/<rule>`",
                    case.name()
                ));
            };
            let report = case.report();
            let rules = error_rules(&report);
            (!rules.contains(&expected))
                .then(|| format!("{}: expected {expected}, got {rules:?}", case.name()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the real netplan did with one file.
#[derive(Debug)]
pub(crate) struct Verdict {
    /// `generate`'s exit code (134 when it aborts).
    pub(crate) exit: i32,
    /// Its stdout and stderr.
    pub(crate) output: String,
}

impl Verdict {
    pub(crate) fn rejects(&self) -> bool {
        self.exit != 0
    }

    /// Accepted without a word (no deprecation or consistency warning).
    fn clean(&self) -> bool {
        self.exit == 0 && self.output.trim().is_empty()
    }
}

/// Whether the real netplan is installed.
pub(crate) fn have_real_netplan() -> bool {
    Path::new(GENERATE).exists()
}

/// Runs the real netplan on each config (the only file of its root), in
/// one namespace for all of them.
pub(crate) fn run_real_netplan(configs: &[&str]) -> Vec<Verdict> {
    let root = tempfile::tempdir().expect("a temporary directory");
    let overlay = root.path().join("overlay");
    let dirs: Vec<PathBuf> = configs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let dir = root.path().join(i.to_string());
            let config = dir.join("etc/netplan/99_config.yaml");
            fs::create_dir_all(config.parent().expect("a parent")).expect("the config directory");
            fs::write(&config, text).expect("the config");
            // 0600, or netplan ≥ 0.106 warns that the file is too open.
            fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).expect("chmod 600");
            dir
        })
        .collect();
    let status = Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "--net",
            "--",
            "sh",
            "-c",
            RUN_GENERATE,
            "sh",
        ])
        .arg(&overlay)
        .args(&dirs)
        .status()
        .expect("unshare runs (util-linux)");
    // The kernel leaves the overlay's work folder at mode 000.
    let _ = fs::set_permissions(overlay.join("work/work"), fs::Permissions::from_mode(0o700));
    assert!(
        status.success(),
        "could not run {GENERATE} in a user+mount+net namespace ({status}); config-formats.md §1"
    );
    dirs.iter()
        .map(|dir| {
            let exit = fs::read_to_string(dir.join("exit")).unwrap_or_default();
            Verdict {
                exit: exit.trim().parse().unwrap_or(-1),
                output: fs::read_to_string(dir.join("output")).unwrap_or_default(),
            }
        })
        .collect()
}

#[test]
fn agrees_with_the_real_netplan() {
    crate::real_tools::require(GENERATE, "netplan.io");
    let cases = corpus();
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let verdicts = run_real_netplan(&texts);
    let mut failures = Vec::new();
    for (case, verdict) in cases.iter().zip(&verdicts) {
        let report = case.report();
        let ours = error_rules(&report);
        let name = case.name();
        let theirs = verdict.output.lines().next().unwrap_or("").trim();
        // The corpus is filed by what netplan does.
        match case.class {
            Class::Good if verdict.rejects() => failures.push(format!(
                "{name}: netplan rejects a good file (exit {}): {theirs}",
                verdict.exit
            )),
            Class::Bad if !verdict.rejects() => failures.push(format!(
                "{name}: netplan accepts it, so it belongs in bad-silent/"
            )),
            Class::BadSilent if verdict.rejects() => failures.push(format!(
                "{name}: netplan rejects it (exit {}), so it belongs in bad/",
                verdict.exit
            )),
            _ => {}
        }
        // Silent files are errors on purpose: they are checked against our rules only.
        if case.class == Class::BadSilent {
            continue;
        }
        if verdict.rejects() && ours.is_empty() {
            failures.push(format!(
                "{name}: netplan rejects it (exit {}: {theirs}) but netplate reports no error",
                verdict.exit
            ));
        }
        if verdict.clean() && !ours.is_empty() {
            failures.push(format!(
                "{name}: netplan accepts it cleanly but netplate reports {ours:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator (xorshift64), for the mutations below.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
    }
}

/// A few damaged versions of `text`: truncated, with tabs, colons, dashes,
/// brackets and quotes inserted, characters deleted, lines repeated.
fn mutations(text: &str, rng: &mut Rng) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = |rng: &mut Rng| rng.below(chars.len() + 1);
    let insert = |i: usize, s: &str| {
        chars[..i].iter().collect::<String>() + s + &chars[i..].iter().collect::<String>()
    };
    let mut out = Vec::new();
    for _ in 0..2 {
        out.push(chars[..at(rng)].iter().collect());
    }
    for piece in [
        "\t", ":", ": ", "- ", "[", "{", "\"", "'", "\n  ", "&a ", "*a", "? ", "---\n",
    ] {
        if rng.below(2) == 0 {
            out.push(insert(at(rng), piece));
        }
    }
    if !chars.is_empty() {
        let i = rng.below(chars.len());
        out.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
    }
    let lines: Vec<&str> = text.lines().collect();
    if !lines.is_empty() {
        let i = rng.below(lines.len());
        let mut repeated = lines.clone();
        repeated.insert(i, lines[i]);
        out.push(repeated.join("\n"));
    }
    out
}

#[test]
fn never_panics_on_damaged_configs() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut tried = 0;
    for case in corpus() {
        for text in mutations(&case.text, &mut rng) {
            let report = check(Format::Netplan, &text);
            let lines = text.lines().count() + 1;
            for finding in &report.findings {
                assert!(
                    (1..=lines).contains(&finding.span.line) && finding.span.column >= 1,
                    "{}: a finding outside the text: {finding:#?}\n{text}",
                    case.name()
                );
            }
            tried += 1;
        }
    }
    assert!(tried >= 300, "only {tried} mutations");
}

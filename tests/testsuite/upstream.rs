//! The validators against the tools' own test suites (issue 14).
//!
//! The fixtures are files that nobody here wrote, from an upstream
//! project's tests and examples: `tests/upstream/fetch-sources.sh` (which
//! `tests/run.sh` runs) downloads Debian 12's source packages of netplan.io,
//! ifupdown and network-manager, and each format's `extract.py` writes the
//! files and the verdicts their tests record into `target/upstream/<format>/`
//! (`$NETPLATE_UPSTREAM/<format>/` when that is set). They are not
//! committed. What is, in `tests/testsuite/upstream/<format>/`:
//! - `ORIGIN.md`: source package, version, tarball checksum and path of
//!   every file, and the licence;
//! - `extract.py`, which reads the test code and copies the files;
//! - `expected.tsv`: `file<TAB>accept|reject<TAB>why`, the verdict the
//!   upstream suite records (an example that must load, a case its test
//!   expects to fail), as `extract.py` writes it: the test fails when the
//!   generated one differs, so a new upstream version or a change of the
//!   extraction shows in the diff;
//! - `deliberate.tsv`: `file<TAB>accept|reject<TAB>reason`, the files where
//!   netplate's verdict differs on purpose, with netplate's verdict (e.g. a
//!   route whose gateway is outside every subnet of the interface: netplan
//!   writes it, the kernel refuses it, netplate rejects it).
//!
//! Without the fixture files the test fails, saying how to bring them.
//!
//! `netplate lint --as <format>` runs over every file; a file with an error
//! is rejected. Where the real tool is installed, its verdict is compared
//! too ([`Referee`]). A disagreement not listed fails the test, and so does
//! a listed one that no longer happens, so the list stays true.

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
    process::Command,
};

use crate::book_test::repo;

/// A tool's or netplate's verdict on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Accept,
    Reject,
}

impl Verdict {
    fn parse(s: &str, file: &Path, line: usize) -> Verdict {
        match s.trim() {
            "accept" => Verdict::Accept,
            "reject" => Verdict::Reject,
            other => panic!(
                "{}:{line}: verdict `{other}`: write `accept` or `reject`",
                file.display()
            ),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
        }
    }
}

/// The real tool, run on a batch of files (paths relative to the format's
/// folder): its verdict per file, or `None` for a file it cannot judge.
pub(crate) type Referee = fn(&Path, &[PathBuf]) -> Vec<Option<Verdict>>;

/// Rows of a `file<TAB>verdict<TAB>text` table, blank lines and `#`
/// comments skipped; none when the file does not exist.
fn table(path: &Path) -> BTreeMap<PathBuf, (Verdict, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let mut rows = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let file = cols.next().unwrap_or_default();
        let verdict = cols.next().unwrap_or_else(|| {
            panic!(
                "{}:{}: expected `file<TAB>accept|reject<TAB>reason`",
                path.display(),
                n + 1
            )
        });
        let why = cols.next().unwrap_or_default().trim().to_string();
        assert!(
            !why.is_empty(),
            "{}:{}: give the reason in the third column",
            path.display(),
            n + 1
        );
        let previous = rows.insert(
            PathBuf::from(file),
            (Verdict::parse(verdict, path, n + 1), why),
        );
        assert!(
            previous.is_none(),
            "{}:{}: `{file}` is listed twice",
            path.display(),
            n + 1
        );
    }
    rows
}

/// netplate's verdict on every file, from one `netplate lint` run.
fn lint(dir: &Path, format: &str, files: &[PathBuf]) -> Vec<Verdict> {
    let out = Command::new(env!("CARGO_BIN_EXE_netplate"))
        .current_dir(dir)
        .args(["lint", "--as", format, "--message-format", "json"])
        .args(files)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "netplate lint failed on {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rejected = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        if d["severity"] == "error" {
            rejected.insert(PathBuf::from(d["file"].as_str().unwrap()));
        }
    }
    files
        .iter()
        .map(|f| {
            if rejected.contains(f) {
                Verdict::Reject
            } else {
                Verdict::Accept
            }
        })
        .collect()
}

/// Agreement of one format, as the test prints it.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) files: usize,
    /// netplate gives the tool's verdict.
    pub(crate) agree: usize,
    /// Listed as deliberate: netplate rejects what the tool accepts.
    pub(crate) stricter: usize,
    /// Listed as deliberate: netplate accepts what the tool rejects.
    pub(crate) laxer: usize,
}

impl Tally {
    /// Agreement with deliberate strictness counted as agreement.
    pub(crate) fn rate(&self) -> f64 {
        (self.agree + self.stricter) as f64 / self.files.max(1) as f64
    }
}

/// What brings the fixture files.
const FETCH: &str = "run tests/upstream/fetch-sources.sh (tests/run.sh does)";

/// The folder `extract.py` wrote the fixtures of `format` into:
/// `$NETPLATE_UPSTREAM/<format>/` (relative to the repository) when that
/// is set, else `target/upstream/<format>/`.
fn data_dir(format: &str) -> PathBuf {
    let root = match std::env::var_os("NETPLATE_UPSTREAM") {
        Some(dir) => repo().join(dir),
        None => repo().join("target/upstream"),
    };
    root.join(format)
}

/// Panics, naming the first differing line, unless the committed record
/// is the one `extract.py` generated from the upstream source.
fn same_record(format: &str, committed: &Path, generated: &Path) {
    let ours = std::fs::read_to_string(committed)
        .unwrap_or_else(|e| panic!("{}: {e}", committed.display()));
    let Ok(theirs) = std::fs::read_to_string(generated) else {
        panic!(
            "upstream/{format}: no fixture files in {}: {FETCH}",
            generated.parent().unwrap().display()
        );
    };
    let (mut a, mut b) = (ours.lines(), theirs.lines());
    for n in 1.. {
        match (a.next(), b.next()) {
            (None, None) => return,
            (x, y) if x == y => continue,
            (x, y) => panic!(
                "upstream/{format}: the committed {} differs from the {} that extract.py generated from the upstream source, first at line {n}:\n  committed: {}\n  generated: {}\nIf the upstream version or extract.py changed on purpose, review the diff and copy the generated file over the committed one.",
                committed.display(),
                generated.display(),
                x.unwrap_or("(end of file)"),
                y.unwrap_or("(end of file)")
            ),
        }
    }
}

/// Runs `netplate lint --as <format>` over the folder's files and compares
/// with the recorded verdicts and, when given and installed, the real tool.
/// Panics with every unlisted disagreement and every stale deliberate row.
pub(crate) fn agree(format: &str, referee: Option<Referee>) -> Tally {
    let dir = repo().join("tests/testsuite/upstream").join(format);
    let data = data_dir(format);
    same_record(
        format,
        &dir.join("expected.tsv"),
        &data.join("expected.tsv"),
    );
    let expected = table(&dir.join("expected.tsv"));
    let deliberate = table(&dir.join("deliberate.tsv"));
    assert!(
        dir.join("ORIGIN.md").is_file(),
        "{}: every fixture folder says where its files come from",
        dir.display()
    );
    let files: Vec<PathBuf> = expected.keys().cloned().collect();
    assert!(
        !files.is_empty(),
        "{}/expected.tsv lists no file",
        dir.display()
    );
    let absent: Vec<&PathBuf> = files.iter().filter(|f| !data.join(f).is_file()).collect();
    if let Some(first) = absent.first() {
        panic!(
            "upstream/{format}: {} of the {} files of expected.tsv are not in {} (e.g. `{}`): {FETCH}",
            absent.len(),
            files.len(),
            data.display(),
            first.display()
        );
    }
    for f in deliberate.keys() {
        assert!(
            expected.contains_key(f),
            "{}: deliberate.tsv lists `{}`, which expected.tsv does not",
            dir.display(),
            f.display()
        );
    }
    let ours = lint(&data, format, &files);
    let theirs = referee.map(|r| r(&data, &files));
    let mut tally = Tally {
        files: files.len(),
        ..Tally::default()
    };
    let mut problems = String::new();
    for (i, f) in files.iter().enumerate() {
        let recorded = expected[f].0;
        // The real tool, where it ran, is the referee; else the record.
        let tool = theirs.as_ref().and_then(|t| t[i]).unwrap_or(recorded);
        let netplate = ours[i];
        if tool != recorded {
            eprintln!(
                "upstream/{format}: {}: the tool {}s what the record says it {}s ({})",
                f.display(),
                tool.name(),
                recorded.name(),
                expected[f].1
            );
        }
        match (netplate == tool, deliberate.get(f)) {
            (true, None) => tally.agree += 1,
            (true, Some(_)) => {
                let _ = writeln!(
                    problems,
                    "  {}: listed in deliberate.tsv, but netplate and the tool agree ({}): remove the row",
                    f.display(),
                    tool.name()
                );
            }
            (false, Some((listed, _))) if *listed == netplate => match netplate {
                Verdict::Reject => tally.stricter += 1,
                Verdict::Accept => tally.laxer += 1,
            },
            (false, _) => {
                let _ = writeln!(
                    problems,
                    "  {}: netplate {}s, the tool {}s ({})",
                    f.display(),
                    netplate.name(),
                    tool.name(),
                    expected[f].1
                );
            }
        }
    }
    eprintln!(
        "upstream/{format}: {} files, {} agree, {} deliberately stricter, {} deliberately laxer ({:.1}% counting strictness as agreement)",
        tally.files,
        tally.agree,
        tally.stricter,
        tally.laxer,
        100.0 * tally.rate()
    );
    assert!(
        problems.is_empty(),
        "upstream/{format}: fix netplate's verdict, or list the file in deliberate.tsv with the reason:\n{problems}"
    );
    assert!(
        tally.rate() >= 0.99,
        "upstream/{format}: agreement below 99%"
    );
    tally
}

//! The validators against the tools' own test suites (issue 14).
//!
//! Each folder `tests/testsuite/upstream/<format>/` holds files that nobody
//! here wrote, brought from an upstream project's tests and examples, with:
//! - `ORIGIN.md`: repository, commit and path of every file, and the licence;
//! - `expected.tsv`: `file<TAB>accept|reject<TAB>why`, the verdict the
//!   upstream suite records (an example that must load, a case its test
//!   expects to fail);
//! - `deliberate.tsv`: `file<TAB>accept|reject<TAB>reason`, the files where
//!   netplate's verdict differs on purpose, with netplate's verdict (e.g. a
//!   route whose gateway is outside every subnet of the interface: netplan
//!   writes it, the kernel refuses it, netplate rejects it).
//!
//! The files themselves sit in that folder or, for a suite whose files are
//! not committed here (its `ORIGIN.md` says why and how to bring them),
//! in `../shared/upstream/<format>/` beside the repository, with the same
//! relative paths.
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
/// comments skipped.
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

/// The folder holding the fixture files named in `expected.tsv`: the
/// tables' own folder, or `../shared/upstream/<format>/` beside the
/// repository. Panics, naming what is missing, when neither has them all.
fn data_dir(format: &str, tables: &Path, files: &[PathBuf]) -> PathBuf {
    let shared = repo().join("../shared/upstream").join(format);
    let mut missing = String::new();
    for dir in [tables, shared.as_path()] {
        let absent: Vec<&PathBuf> = files.iter().filter(|f| !dir.join(f).is_file()).collect();
        match absent.first() {
            None => return dir.to_path_buf(),
            Some(first) => {
                let _ = writeln!(
                    missing,
                    "  {}: {} of {} files missing (e.g. `{}`)",
                    dir.display(),
                    absent.len(),
                    files.len(),
                    first.display()
                );
            }
        }
    }
    panic!(
        "upstream/{format}: the files in expected.tsv are in neither folder; bring them as {}/ORIGIN.md says:\n{missing}",
        tables.display()
    );
}

/// Runs `netplate lint --as <format>` over the folder's files and compares
/// with the recorded verdicts and, when given and installed, the real tool.
/// Panics with every unlisted disagreement and every stale deliberate row.
pub(crate) fn agree(format: &str, referee: Option<Referee>) -> Tally {
    let dir = repo().join("tests/testsuite/upstream").join(format);
    let expected = table(&dir.join("expected.tsv"));
    let deliberate = table(&dir.join("deliberate.tsv"));
    assert!(
        dir.join("ORIGIN.md").is_file(),
        "{}: every fixture folder says where its files come from",
        dir.display()
    );
    let files: Vec<PathBuf> = expected.keys().cloned().collect();
    for f in deliberate.keys() {
        assert!(
            expected.contains_key(f),
            "{}: deliberate.tsv lists `{}`, which expected.tsv does not",
            dir.display(),
            f.display()
        );
    }
    let data = data_dir(format, &dir, &files);
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

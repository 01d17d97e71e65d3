//! The report: per OS, a table of checks × readers (✓/✗), then one
//! rustc-style diagnostic per failure naming the Markdown block at fault.

use std::fmt::Write as _;

use super::{
    Block, Results, Run,
    scenario::{Check, Mode, Phase, Topic},
};
use crate::diagnostic::Diagnostic;

fn phase(p: Phase) -> &'static str {
    match p {
        Phase::Before => "before",
        Phase::Applied => "applied",
        Phase::Rebooted => "rebooted",
        Phase::Firewall => "firewall",
    }
}

fn mark(check: Option<&Check>) -> &'static str {
    match check {
        None => "·",
        Some(c) if c.ok && c.note => "○",
        Some(c) if c.ok => "✓",
        Some(_) => "✗",
    }
}

/// The tables, as text.
pub fn table(results: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "readers (seed {}): {}",
        results.seed,
        results
            .readers
            .iter()
            .map(|r| format!("{} = {} vm {}", r.name, r.subnet, r.vm))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut oses: Vec<&str> = Vec::new();
    for run in &results.runs {
        if !oses.contains(&run.os.as_str()) {
            oses.push(&run.os);
        }
    }
    for os in oses {
        let runs: Vec<&Run> = results.runs.iter().filter(|r| r.os == os).collect();
        let _ = writeln!(out, "\n{os}");
        // Rows: every (phase, name) in first-seen order.
        let mut rows: Vec<(Phase, String)> = Vec::new();
        for run in &runs {
            for c in &run.outcome.checks {
                if !rows.iter().any(|(p, n)| *p == c.phase && *n == c.name) {
                    rows.push((c.phase, c.name.clone()));
                }
            }
        }
        let columns: Vec<String> = runs
            .iter()
            .map(|r| {
                let name = &results.readers[r.reader].name;
                match r.mode {
                    Mode::Script => name.replace("random ", "r"),
                    Mode::Commands => format!("{}·paste", name.replace("random ", "r")),
                }
            })
            .collect();
        let width = rows
            .iter()
            .map(|(_, n)| n.chars().count())
            .max()
            .unwrap_or(10)
            .min(70);
        let _ = write!(out, "  {:<8} {:<width$}", "", "");
        for c in &columns {
            let _ = write!(out, " {c:^7}");
        }
        out.push('\n');
        for (p, name) in &rows {
            let shown: String = name.chars().take(width).collect();
            let _ = write!(out, "  {:<8} {shown:<width$}", phase(*p));
            for run in &runs {
                let check = run
                    .outcome
                    .checks
                    .iter()
                    .find(|c| c.phase == *p && c.name == *name);
                let _ = write!(out, " {:^7}", mark(check));
            }
            out.push('\n');
        }
        let _ = write!(
            out,
            "  {:<8} {:<width$}",
            "", "packets sent outside the lab"
        );
        for run in &runs {
            let _ = write!(out, " {:^7}", run.outcome.outside_packets);
        }
        out.push('\n');
        let _ = write!(out, "  {:<8} {:<width$}", "", "seconds");
        for run in &runs {
            let _ = write!(out, " {:^7.1}", run.seconds);
        }
        out.push('\n');
        let mut warnings: Vec<&String> = Vec::new();
        for run in &runs {
            for w in &run.outcome.warnings {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        }
        if !warnings.is_empty() {
            let _ = writeln!(out, "  the tools' warnings:");
            for w in warnings.iter().take(20) {
                let _ = writeln!(out, "    {w}");
            }
            if warnings.len() > 20 {
                let _ = writeln!(out, "    … and {} more", warnings.len() - 20);
            }
        }
    }
    for (os, why) in &results.not_runnable {
        let _ = writeln!(out, "\n{os}: not runnable here: {why}");
    }
    out.push_str("\n✓ passed  ✗ failed  ○ no-op (reported, not failed)  · not run\n");
    out
}

/// The block a failed check blames.
fn blame<'b>(run: &'b Run, check: &Check) -> Option<&'b Block> {
    if let Some(i) = check.block {
        return run.blocks.get(i);
    }
    let is_file = |b: &&Block, prefixes: &[&str]| {
        b.file
            .as_deref()
            .is_some_and(|f| prefixes.iter().any(|p| f.starts_with(p)))
    };
    const NETWORK: &[&str] = &[
        "/etc/netplan",
        "/etc/network/interfaces",
        "/etc/sysconfig/network-scripts",
        "/etc/NetworkManager",
    ];
    match check.topic {
        Topic::Network => run.blocks.iter().find(|b| is_file(b, NETWORK)),
        Topic::Dns => run
            .blocks
            .iter()
            .find(|b| is_file(b, &["/etc/resolv", "/etc/resolvconf"]))
            .or_else(|| run.blocks.iter().find(|b| is_file(b, NETWORK))),
        Topic::Ssh | Topic::Firewall => run
            .blocks
            .iter()
            .find(|b| b.step.is_some() && b.text.contains("ssh")),
        Topic::Kept => {
            let path = check.name.split_whitespace().next().unwrap_or("");
            run.blocks.iter().find(|b| b.file.as_deref() == Some(path))
        }
        Topic::Steps => run.blocks.iter().find(|b| b.step.is_some()),
        Topic::Lab => None,
    }
}

/// One diagnostic per failed check (the same failure for several readers
/// once, listing them), and per lab error or packet that left the lab.
pub fn diagnostics(results: &Results) -> Vec<Diagnostic> {
    let mut out: Vec<(String, Diagnostic)> = Vec::new();
    for run in &results.runs {
        let reader = &results.readers[run.reader];
        let who = format!("{} ({} vm {})", reader.name, reader.subnet, reader.vm);
        let rerun = if run.reader == 0 {
            format!("netplate test --os {} --readers 0", run.os)
        } else {
            format!(
                "netplate test --os {} --seed {} --readers {}",
                run.os, results.seed, run.reader
            )
        };
        if let Some(e) = &run.outcome.lab_error {
            out.push((
                format!("lab {e}"),
                Diagnostic::error(
                    "lab/error",
                    format!("{}: the lab could not finish: {e}", run.os),
                )
                .note(format!("reader: {who}"))
                .help(format!(
                    "rerun with `{rerun} --keep DIR` and read DIR's logs"
                )),
            ));
        }
        if run.outcome.outside_packets > 0 {
            out.push((
                format!("packets {}", run.os),
                Diagnostic::error(
                    "lab/outside",
                    format!(
                        "{}: the VM sent {} packet(s) to addresses outside the lab",
                        run.os, run.outcome.outside_packets
                    ),
                )
                .note("they were dropped at the simulated VMnet8; none left the machine")
                .help("a step talks to the internet; the lab answers only its own names and addresses"),
            ));
        }
        for check in run.outcome.checks.iter().filter(|c| !c.ok && !c.note) {
            let key = format!(
                "{} {:?} {} {}",
                run.os, check.phase, check.name, run.mode as u8
            );
            if let Some((_, d)) = out.iter_mut().find(|(k, _)| *k == key) {
                d.notes
                    .push(format!("also for reader {who}: {}", check.detail));
                continue;
            }
            let mode = match run.mode {
                Mode::Script => "the script",
                Mode::Commands => "the Copy as command pastes",
            };
            let mut d = Diagnostic::error(
                "lab/check",
                format!(
                    "{} ({mode}), {}: {}",
                    run.os,
                    phase(check.phase),
                    check.name
                ),
            )
            .note(format!("reader {who}: {}", check.detail));
            if let Some(block) = blame(run, check) {
                d = d.at(block.location.clone());
            }
            let related: Vec<&String> = run
                .outcome
                .warnings
                .iter()
                .filter(|w| !w.starts_with("steps:") || check.topic == Topic::Steps)
                .take(6)
                .collect();
            for w in related {
                d.notes.push(format!("tool: {w}"));
            }
            if check.topic == Topic::Steps && !run.outcome.output.is_empty() {
                let tail: Vec<&str> = run.outcome.output.lines().rev().take(6).collect();
                for line in tail.into_iter().rev() {
                    d.notes.push(format!("output: {line}"));
                }
            }
            d = d.help(format!("rerun with `{rerun}`"));
            out.push((key, d));
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// A one-line summary.
pub fn summary(results: &Results) -> String {
    let checks: usize = results.runs.iter().map(|r| r.outcome.checks.len()).sum();
    let failed: usize = results
        .runs
        .iter()
        .map(|r| r.outcome.checks.iter().filter(|c| !c.ok && !c.note).count())
        .sum();
    let noops: usize = results
        .runs
        .iter()
        .map(|r| r.outcome.checks.iter().filter(|c| c.note).count())
        .sum();
    format!(
        "{} scenario(s), {checks} checks: {} passed, {failed} failed, {noops} no-op; {} OS not runnable here; {:.1} s",
        results.runs.len(),
        checks - failed - noops,
        results.not_runnable.len(),
        results.seconds
    )
}

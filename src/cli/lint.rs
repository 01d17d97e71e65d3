//! `netplate lint`: the guide's validators on real files, so a reader can
//! check the file they just edited before applying it.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::{
    diagnostic::{Diagnostic, LineIndex, Location, Severity, escape_controls},
    validate::{self, Format, semantic},
};

/// Arguments of `netplate lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The format, when the path does not tell (e.g. a copy in /tmp).
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// `human` (rustc-style) or `json` (one diagnostic per line).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

/// `--as`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// netplan YAML.
    Netplan,
    /// /etc/network/interfaces.
    Interfaces,
    /// ifcfg-* files.
    Ifcfg,
    /// resolv.conf.
    Resolv,
    /// NetworkManager.conf.
    Nm,
    /// NetworkManager keyfile connection profiles (*.nmconnection).
    Nmconnection,
    /// bash.
    Shell,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Netplan => Format::Netplan,
            FormatArg::Interfaces => Format::Interfaces,
            FormatArg::Ifcfg => Format::Ifcfg,
            FormatArg::Resolv => Format::Resolv,
            FormatArg::Nm => Format::Nm,
            FormatArg::Nmconnection => Format::Nmconnection,
            FormatArg::Shell => Format::Shell,
        }
    }
}

/// `--message-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Like rustc.
    Human,
    /// One JSON object per line.
    Json,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: usize,
    column: usize,
    end_column: usize,
    severity: &'a str,
    rule: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// A semantic finding as `lint` reports it on a file someone already runs:
/// the network address as a host is an error in a guide, where the
/// reader's subnet is known and a host address is as easy to write, but
/// Linux assigns it without complaint (ifupdown's own testcase.1 does), so
/// here it is a warning.
fn for_a_real_file(mut f: validate::Finding) -> validate::Finding {
    if f.rule == "semantic/network-address" {
        f.severity = Severity::Warning;
        f.help = Some(format!(
            "{}; Linux assigns it, but some peers take the network address for a broadcast",
            f.help.as_deref().unwrap_or("use a host address")
        ));
    }
    f
}

/// Exit 0 clean (warnings allowed), 1 errors, 2 usage.
pub(crate) fn run(args: &LintArgs) -> ExitCode {
    let mut errors = 0;
    let mut warnings = 0;
    let mut stdout = std::io::stdout().lock();
    // Formats first: a path whose format cannot be told stops everything.
    let mut jobs = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let shown = escape_controls(&path.to_string_lossy()).into_owned();
        match args
            .format
            .map(Format::from)
            .or_else(|| Format::from_path(&shown))
        {
            Some(f) => jobs.push((path, shown, f)),
            None => {
                eprintln!(
                    "error: cannot tell the format of `{shown}` from its path\n  = help: pass it: `netplate lint --as netplan|interfaces|ifcfg|resolv|nm|nmconnection|shell {shown}`"
                );
                return ExitCode::from(super::EXIT_USAGE);
            }
        }
    }
    // Files are read and checked on every core, then reported in order.
    let checked = crate::site::par_map(&jobs, |(path, _, format)| {
        let text = crate::fs::read_to_string(path)?;
        let report = validate::check(*format, &text);
        let mut findings = report.findings;
        findings.extend(
            semantic::check(&report.facts)
                .into_iter()
                .map(for_a_real_file),
        );
        findings.sort_by_key(|f| (f.span.line, f.span.column));
        Ok::<_, crate::fs::ReadError>((text, findings))
    });
    for ((path, shown, _), result) in jobs.iter().zip(checked) {
        let (text, findings) = match result {
            Ok(done) => done,
            Err(e) => {
                let mut d = e.diagnostic(Path::new(shown));
                d.message = format!("could not read `{shown}`: it {}", e.problem);
                eprint!("{d}");
                return ExitCode::from(super::EXIT_USAGE);
            }
        };
        let index = LineIndex::new(&text);
        for f in findings {
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            match args.message_format {
                MessageFormat::Json => {
                    let j = JsonDiagnostic {
                        file: shown.to_string(),
                        line: f.span.line,
                        column: f.span.column,
                        end_column: f.span.column + f.span.len.max(1),
                        severity: if f.severity == Severity::Error {
                            "error"
                        } else {
                            "warning"
                        },
                        rule: f.rule,
                        message: &f.message,
                        help: f.help.as_deref(),
                    };
                    let _ = writeln!(stdout, "{}", serde_json::to_string(&j).unwrap_or_default());
                }
                MessageFormat::Human => {
                    let start = index.offset(&text, f.span.line, f.span.column);
                    let len = text[start..]
                        .chars()
                        .take(f.span.len.max(1))
                        .map(char::len_utf8)
                        .sum();
                    let mut d = match f.severity {
                        Severity::Error => Diagnostic::error(f.rule, f.message.clone()),
                        Severity::Warning => Diagnostic::warning(f.rule, f.message.clone()),
                    }
                    .at(Location::from_index(path, &text, &index, start, len));
                    if let Some(help) = &f.help {
                        d = d.help(help.clone());
                    }
                    let _ = writeln!(stdout, "{d}");
                }
            }
        }
    }
    if args.message_format == MessageFormat::Human {
        let _ = writeln!(
            stdout,
            "netplate lint: {} file(s), {errors} error(s), {warnings} warning(s)",
            args.files.len()
        );
    }
    if errors > 0 {
        ExitCode::from(super::EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ifupdown's own testcase.1 assigns `1.2.3.4/30`, the network address:
    /// Linux takes it, so `lint` warns where a guide's check fails.
    #[test]
    fn a_network_address_is_a_warning_in_a_real_file() {
        let report = validate::check(
            Format::Interfaces,
            "iface eth0 inet static\n  address 1.2.3.4/30\n",
        );
        let found: Vec<validate::Finding> = semantic::check(&report.facts)
            .into_iter()
            .map(for_a_real_file)
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].rule, "semantic/network-address");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("Linux assigns it")
        );
        // the broadcast address stays an error
        let report = validate::check(
            Format::Interfaces,
            "iface eth0 inet static\n  address 1.2.3.7/30\n",
        );
        let found: Vec<validate::Finding> = semantic::check(&report.facts)
            .into_iter()
            .map(for_a_real_file)
            .collect();
        assert_eq!(found[0].severity, Severity::Error);
    }
}

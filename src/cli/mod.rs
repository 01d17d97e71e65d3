//! The command line: clap types and one file per subcommand.

mod build;
mod check;
mod instructions;
mod lint;
mod serve;
mod test;

use std::{io::Write, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{
    diagnostic::{Diagnostic, escape_controls},
    error::{Error, Result},
};

/// netplate builds a bilingual documentation site whose snippets are alive.
#[derive(Debug, Parser)]
#[command(name = "netplate", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into book/ (or --dest-dir).
    Build(build::BuildArgs),
    /// Build, serve on http://127.0.0.1:3000/, and rebuild on every change.
    Serve(serve::ServeArgs),
    /// Validate the book, every config and shell block included, without writing anything.
    Check(check::CheckArgs),
    /// Validate config files (netplan, interfaces, ifcfg, resolv.conf, NetworkManager.conf, shell).
    Lint(lint::LintArgs),
    /// Print the guide's steps for one reader: subnet, VM address and OS filled in.
    Instructions(instructions::InstructionsArgs),
    /// Run the guide's steps with the real tools in a simulated VMware NAT network (needs root).
    Test(test::TestArgs),
    /// Internal: a lab job's launcher (started by `netplate test`).
    #[command(name = "__lab", hide = true)]
    Lab {
        /// The job file.
        job: std::path::PathBuf,
    },
}

/// Exit code for content errors (bad Markdown, book.toml, ...).
pub const EXIT_CONTENT: u8 = 1;
/// Exit code for usage errors (bad flags); clap uses it too.
pub const EXIT_USAGE: u8 = 2;

/// Runs the parsed command line; prints diagnostics and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Instructions(args) => instructions::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Lint(args) => return lint::run(&args),
        Command::Test(args) => return test::run(&args),
        Command::Lab { job } => return crate::lab::sandbox::launcher_main(&job),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            match e {
                Error::Input(_) => ExitCode::from(EXIT_USAGE),
                _ => ExitCode::from(EXIT_CONTENT),
            }
        }
    }
}

/// The most characters a reader's value may have (`--subnet`, `--vm`,
/// `--os`, `--lang`): the longest valid one (`255.255.255.255/32`, an OS id,
/// a language code) is far shorter. A bound keeps a value pasted by mistake
/// (a whole file) out of messages and the generated script.
pub const MAX_VALUE_CHARS: usize = 64;

/// Checks a reader's value given to `flag` before anything uses it: at most
/// [`MAX_VALUE_CHARS`] characters and no control character (no valid
/// subnet, address, OS id or language code has one; a terminal would obey
/// it in an error message). The error names the flag and the limit.
pub fn check_reader_value(flag: &str, value: &str) -> Result<()> {
    let what = match flag {
        "--subnet" => "a subnet in CIDR form, like 10.20.0.0/16",
        "--vm" => "an address or a host number, like 10.20.0.100 or 100",
        "--os" => "an OS id, like ubuntu-22.04 (`netplate instructions --os list` shows them)",
        "--lang" => "a language code, like en",
        _ => "a short value",
    };
    let chars = value.chars().count();
    if chars > MAX_VALUE_CHARS {
        return Err(Error::Input(format!(
            "`{flag}` is {chars} characters long, more than the {MAX_VALUE_CHARS} it takes; \
             give {what}"
        )));
    }
    if let Some(at) = value.chars().position(char::is_control) {
        return Err(Error::Input(format!(
            "`{flag}` holds a control character (character {}): `{}`; give {what}",
            at + 1,
            value.escape_debug()
        )));
    }
    Ok(())
}

/// "validated 12 config and shell blocks (1 skipped by check=none: file:line), 2 warnings".
pub(crate) fn check_summary(validated: usize, opted_out: &[String], warnings: usize) -> String {
    let mut s = format!("validated {validated} config and shell blocks");
    if !opted_out.is_empty() {
        s.push_str(&format!(
            " ({} skipped by check=none: {})",
            opted_out.len(),
            opted_out.join(", ")
        ));
    }
    match warnings {
        0 => {}
        1 => s.push_str(", 1 warning"),
        n => s.push_str(&format!(", {n} warnings")),
    }
    s
}

/// Prints warnings to stderr.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{d}");
    }
}

/// Prints an error: every diagnostic, then the summary line, then the cause chain.
pub fn report_error(e: &Error) {
    let _ = std::io::stderr().lock().write_all(error_text(e).as_bytes());
}

/// An error as the terminal shows it (also `serve`'s overlay).
pub fn error_text(e: &Error) -> String {
    let mut out = String::new();
    if let Error::Diagnostics(diagnostics) = e {
        for d in diagnostics {
            out.push_str(&format!("{d}\n"));
        }
    }
    // Paths and values in the message are the user's: escaped.
    out.push_str(&format!("error: {}\n", escape_controls(&e.to_string())));
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        out.push_str(&format!(
            "  caused by: {}\n",
            escape_controls(&cause.to_string())
        ));
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}

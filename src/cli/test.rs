//! `netplate test`: run the guide's steps in the lab ([`crate::lab`]).

use std::{path::PathBuf, process::ExitCode};

use clap::{Args, ValueEnum};

use crate::{
    cli::{EXIT_CONTENT, EXIT_USAGE, print_diagnostics, report_error},
    diagnostic::escape_controls,
    lab::{self, LabError, report},
};

/// Arguments of `netplate test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The book's folder, where book.toml is.
    #[arg(value_name = "BOOK_DIR", default_value = ".")]
    pub book: PathBuf,
    /// Only these OS ids (repeatable); default: every id the guide covers.
    #[arg(long, value_name = "ID")]
    pub os: Vec<String>,
    /// Random readers besides the default one, from /8 to /29 (at most 1000).
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u16).range(..=MAX_READERS))]
    pub readers: u16,
    /// The random readers' seed (printed by every run, to rerun a failure).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Scenarios at once (default: the number of cores; at most 256).
    #[arg(long, value_name = "J", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    pub jobs: Option<u16>,
    /// Keep each scenario's logs (boot logs, the script, what it printed) in DIR.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// Skip the second run of the default reader that pastes each block's
    /// "Copy as command" string instead of running the script.
    #[arg(long)]
    pub no_pastes: bool,
    /// Where the package layers are cached.
    #[arg(
        long,
        value_name = "DIR",
        env = "NETPLATE_LAB_CACHE",
        default_value = "/var/cache/netplate/lab"
    )]
    pub cache: PathBuf,
    /// `human` (tables and diagnostics) or `json` (one object on stdout).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

/// The most random readers `--readers` takes: each is one more run of every OS.
const MAX_READERS: i64 = 1000;
/// The most scenarios `--jobs` runs at once: each is a set of namespaces.
const MAX_JOBS: i64 = 256;

/// `--message-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// For people.
    Human,
    /// For programs.
    Json,
}

pub(crate) fn run(args: &TestArgs) -> ExitCode {
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() % 100_000)
            .unwrap_or(1)
    });
    for os in &args.os {
        if let Err(e) = super::check_reader_value("--os", os) {
            report_error(&e);
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(2, |n| n.get()),
        usize::from,
    );
    let options = lab::Options {
        book: args.book.clone(),
        os: args.os.clone(),
        readers: usize::from(args.readers),
        seed,
        jobs,
        keep: args.keep.clone(),
        pastes: !args.no_pastes,
        cache: args.cache.clone(),
    };
    eprintln!(
        "netplate test: seed {seed}, {} random reader(s), {jobs} at a time",
        args.readers
    );
    let results = match lab::run(&options) {
        Ok(r) => r,
        Err(LabError::Unrunnable(why)) => {
            eprintln!("error: the lab cannot run here: {}", why.0);
            return ExitCode::from(EXIT_USAGE);
        }
        Err(LabError::Usage(e)) => {
            eprintln!("error: {}", escape_controls(&e));
            return ExitCode::from(EXIT_USAGE);
        }
        Err(LabError::Layer(e)) => {
            eprintln!("error: the lab cannot run here: {e}");
            eprintln!(
                "  help: the layers need Debian's package mirror once (apt-get); then they are cached"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(LabError::Book(e)) => {
            report_error(&e);
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let diagnostics = report::diagnostics(&results);
    match args.message_format {
        MessageFormat::Json => {
            let json = serde_json::json!({
                "results": results,
                "passed": results.passed(),
                "diagnostics": diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            });
            println!("{json}");
        }
        MessageFormat::Human => {
            print!("{}", report::table(&results));
            print_diagnostics(&diagnostics);
            for run in &results.runs {
                if let Some(dir) = &run.kept {
                    eprintln!("kept: {}", escape_controls(&dir.to_string_lossy()));
                }
            }
        }
    }
    eprintln!("{}", report::summary(&results));
    if results.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CONTENT)
    }
}

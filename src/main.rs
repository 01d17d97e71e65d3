use std::process::ExitCode;

use clap::Parser;
use netplate::{
    cli::{self, Cli},
    diagnostic::escape_controls,
};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            print_usage_error(e);
            return ExitCode::from(cli::EXIT_USAGE);
        }
    };
    cli::run(cli)
}

/// Prints clap's error. It quotes the offending argument as typed: when an
/// argument holds a control character, what is printed is the error of the
/// same command line with every argument escaped (`\u{1b}`), so that it
/// cannot drive the terminal.
fn print_usage_error(e: clap::Error) {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if !args.iter().any(|a| escape_controls(a) != a.as_str()) {
        let _ = e.print();
        return;
    }
    match Cli::try_parse_from(args.iter().map(|a| escape_controls(a).into_owned())) {
        Err(escaped) => {
            let _ = escaped.print();
        }
        Ok(_) => eprintln!("error: {}\n\nFor more information, try '--help'.", e.kind()),
    }
}

//! `netplate build`.

use std::path::PathBuf;

use clap::Args;

use crate::{error::Result, site};

/// Arguments of `netplate build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book's folder, where book.toml is.
    #[arg(default_value = ".")]
    pub book_dir: PathBuf,
    /// Where to write the site (default: the book's build-dir, `book/`).
    #[arg(short, long, value_name = "DIR")]
    pub dest_dir: Option<PathBuf>,
}

/// Builds, prints warnings and a one-line summary.
pub(crate) fn run(args: &BuildArgs) -> Result<()> {
    let report = site::build(&args.book_dir, args.dest_dir.as_deref())?;
    super::print_diagnostics(&report.warnings);
    let warnings = report.warnings.len();
    eprintln!(
        "netplate: built {} chapters × {} languages ({}) into {} in {} ms{}",
        report.chapters,
        report.languages.len(),
        report.languages.join(", "),
        site::display_path(&report.dest),
        report.elapsed.as_millis(),
        match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        }
    );
    Ok(())
}

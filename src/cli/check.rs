//! `netplate check`.

use std::path::PathBuf;

use clap::Args;

use super::build::ReaderArgs;
use crate::{
    error::Result,
    site::{Site, Strictness},
};

/// Arguments of `netplate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The book's folder, where book.toml is.
    #[arg(default_value = ".")]
    pub book_dir: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub reader: ReaderArgs,
}

pub(crate) fn run(args: &CheckArgs) -> Result<()> {
    let strictness = Strictness {
        deny_warnings: args.deny_warnings,
    };
    let site = Site::load_with(&args.book_dir, &args.reader.reader()?, strictness)?;
    super::print_diagnostics(&site.warnings);
    let chapters = site.book.languages.first().map_or(0, |l| l.chapters.len());
    eprintln!(
        "netplate: checked {chapters} chapters × {} languages; {}",
        site.book.languages.len(),
        super::check_summary(site.validated, &site.opted_out, site.warnings.len())
    );
    Ok(())
}

//! `netplate build`.

use std::path::PathBuf;

use clap::Args;

use crate::{diagnostic::escape_controls, error::Result, placeholder::setup::Reader, site};

/// Arguments of `netplate build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book's folder, where book.toml is.
    #[arg(default_value = ".")]
    pub book_dir: PathBuf,
    /// Where to write the site (default: the book's build-dir, `book/`).
    #[arg(short, long, value_name = "DIR")]
    pub dest_dir: Option<PathBuf>,
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Treat warnings (deprecated keys, style) as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also write `<lang>.html`: each language's whole guide in one
    /// self-contained file (styles, script, search and subnet form inlined)
    #[arg(long)]
    pub single_file: bool,
}

/// A reader's values, shared by `build` and `instructions`.
#[derive(Debug, Clone, Args)]
pub struct ReaderArgs {
    /// The reader's subnet in CIDR form, e.g. 10.20.0.0/16 (default: book.toml's).
    #[arg(long, value_name = "CIDR")]
    pub subnet: Option<String>,
    /// The VM's address, or its host number in the subnet (e.g. 10.20.5.6 or 100).
    #[arg(long, value_name = "ADDR")]
    pub vm: Option<String>,
}

impl ReaderArgs {
    /// As the library's [`Reader`], once each value passed
    /// [`super::check_reader_value`].
    pub fn reader(&self) -> Result<Reader> {
        let mut params = std::collections::BTreeMap::new();
        if let Some(subnet) = &self.subnet {
            super::check_reader_value("--subnet", subnet)?;
        }
        if let Some(vm) = &self.vm {
            super::check_reader_value("--vm", vm)?;
            params.insert("vm".to_string(), vm.clone());
        }
        Ok(Reader {
            subnet: self.subnet.clone(),
            params,
        })
    }
}

/// Builds, prints warnings and a one-line summary.
pub(crate) fn run(args: &BuildArgs) -> Result<()> {
    let strictness = site::Strictness {
        deny_warnings: args.deny_warnings,
    };
    let report = site::build_with(
        &args.book_dir,
        args.dest_dir.as_deref(),
        &args.reader.reader()?,
        strictness,
        site::Outputs {
            single_file: args.single_file,
        },
    )?;
    super::print_diagnostics(&report.warnings);
    eprintln!(
        "netplate: built {} chapters × {} languages ({}) into {} in {} ms; {}",
        report.chapters,
        report.languages.len(),
        report.languages.join(", "),
        escape_controls(&site::display_path(&report.dest)),
        report.elapsed.as_millis(),
        super::check_summary(report.validated, &report.opted_out, report.warnings.len())
    );
    for file in &report.single_files {
        eprintln!(
            "netplate: one-file book: {}",
            escape_controls(&site::display_path(&report.dest.join(file)))
        );
    }
    Ok(())
}

//! `netplate instructions`.

use std::{io::Write, path::PathBuf};

use clap::{Args, ValueEnum};

use super::build::ReaderArgs;
use crate::{
    error::{Error, Result},
    instructions::{self, Format},
    site::Site,
    steps,
};

/// Arguments of `netplate instructions`.
#[derive(Debug, Args)]
pub struct InstructionsArgs {
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// The guest OS, e.g. ubuntu-20.04; `list` shows the ids the guide covers.
    /// Without it, every variant is printed, each under its name.
    #[arg(long, value_name = "ID")]
    pub os: Option<String>,
    /// The language of the steps (default: the book's default language).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// `text` has no Markdown syntax; `markdown` keeps headings and fences;
    /// `script` is a bash script for one `--os` that writes the files (with
    /// backups) and applies them after asking.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// The book's folder, where book.toml is.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub book: PathBuf,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// A bash script (needs `--os`).
    Script,
}

pub(crate) fn run(args: &InstructionsArgs) -> Result<()> {
    let reader = args.reader.reader()?;
    if let Some(os) = &args.os {
        super::check_reader_value("--os", os)?;
    }
    if let Some(lang) = &args.lang {
        super::check_reader_value("--lang", lang)?;
    }
    let site = Site::load(&args.book, &reader)?;
    let book = &site.book;
    let lang_code = args
        .lang
        .clone()
        .unwrap_or_else(|| book.config.default_language().code.clone());
    let Some(lang) = book.languages.iter().find(|l| l.language.code == lang_code) else {
        let codes: Vec<&str> = book
            .languages
            .iter()
            .map(|l| l.language.code.as_str())
            .collect();
        return Err(Error::Input(format!(
            "this book has no language `{lang_code}`; use one of: {}",
            codes.join(", ")
        )));
    };
    let chapters = steps::chapters(&site, &lang_code).unwrap_or_default();
    let (variants, groups) = steps::variants(&chapters);
    let mut stdout = std::io::stdout().lock();
    if args.os.as_deref() == Some("list") {
        for (id, label) in steps::os_ids(&variants) {
            let _ = writeln!(stdout, "{id:<16} {label}");
        }
        return Ok(());
    }
    let ids = || {
        variants
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if args.format == FormatArg::Script && args.os.is_none() {
        return Err(Error::Input(format!(
            "`--format script` needs `--os ID`: a script is for one OS; the guide covers: {}",
            ids()
        )));
    }
    if let Some(os) = &args.os
        && !steps::covers(&groups, os)
    {
        return Err(Error::Input(format!(
            "the guide has no steps for the OS `{os}`; run `netplate instructions --os list` to see the ids it covers"
        )));
    }
    let facts = steps::facts(&site, &lang_code, args.os.as_deref());
    let fill = steps::fill(&site);
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Script => {
            let os = args.os.as_deref().unwrap_or_default();
            let chapter_steps = steps::for_os(&site, &chapters, &lang_code, os);
            let text =
                steps::script(&site, &lang_code, os, &chapter_steps).map_err(Error::Diagnostics)?;
            let _ = stdout.write_all(text.as_bytes());
            return Ok(());
        }
    };
    let mut out = String::new();
    let title = &lang.language.title;
    match format {
        Format::Markdown => out.push_str(&format!("# {title}\n\n")),
        Format::Text => {
            let width: usize = title
                .chars()
                .map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 })
                .sum();
            out.push_str(&format!("{title}\n{}\n\n", "=".repeat(width)));
        }
    }
    if site.placeholders.is_some() {
        out.push_str(&facts);
        out.push_str("\n\n");
    }
    for chapter in chapters {
        out.push_str(&instructions::render(
            &chapter.source,
            &lang_code,
            fill,
            args.os.as_deref(),
            format,
        ));
        out.push_str("\n\n");
    }
    let _ = stdout.write_all(out.trim_end().as_bytes());
    let _ = stdout.write_all(b"\n");
    Ok(())
}

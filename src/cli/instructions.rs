//! `netplate instructions`.

use std::{io::Write, path::PathBuf};

use clap::{Args, ValueEnum};

use super::build::ReaderArgs;
use crate::{
    error::{Error, Result},
    instructions::{self, Format},
    markdown::{Fill, best_variant},
    script,
    site::Site,
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
    let site = Site::load(&args.book, &args.reader.reader())?;
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
    let wanted = &book.config.output.instructions.chapters;
    let chapters: Vec<_> = lang
        .chapters
        .iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.path))
        .collect();

    // Every variant the chapters offer, in order of first appearance.
    let mut variants: Vec<(String, String)> = Vec::new();
    let mut groups = Vec::new();
    for chapter in &chapters {
        for group in instructions::variant_groups(&chapter.source) {
            for (ids, label) in &group {
                for id in ids {
                    if !variants.iter().any(|(v, _)| v == id) {
                        variants.push((id.clone(), label.clone()));
                    }
                }
            }
            groups.push(group);
        }
    }
    let mut stdout = std::io::stdout().lock();
    if args.os.as_deref() == Some("list") {
        for (id, label) in &variants {
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
    if let Some(os) = &args.os {
        let known = groups
            .iter()
            .any(|g| best_variant(g.iter().map(|(ids, _)| ids.as_slice()), os).is_some());
        if !known {
            return Err(Error::Input(format!(
                "the guide has no steps for the OS `{os}`; run `netplate instructions --os list` to see the ids it covers"
            )));
        }
    }

    // "Subnet 10.20.0.0/16 · VM address 10.20.0.100 · OS ubuntu-20.04".
    let zh = lang_code.starts_with("zh");
    let mut facts = Vec::new();
    if let Some(p) = &site.placeholders {
        facts.push(format!(
            "{} {}",
            if zh { "子网" } else { "Subnet" },
            p.values.subnet
        ));
        for (name, addr) in &p.values.slots {
            let label = book
                .config
                .placeholders
                .as_ref()
                .and_then(|c| c.slot.get(name))
                .and_then(|s| crate::config::localized(&s.label, &lang_code))
                .unwrap_or(name);
            facts.push(format!("{label} {addr}"));
        }
    }
    if let Some(os) = &args.os {
        facts.push(format!("{} {os}", if zh { "操作系统" } else { "OS" }));
    }
    let facts = facts.join(" · ");
    let fill = site.placeholders.as_ref().map(|p| Fill {
        template: &p.template,
        values: &p.values,
        slots: &p.slot_names,
    });
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Script => {
            let os = args.os.as_deref().unwrap_or_default();
            let steps: Vec<_> = chapters
                .iter()
                .map(|c| instructions::steps(&c.source, &lang_code, fill, Some(os)))
                .collect();
            let chapters: Vec<_> = chapters
                .iter()
                .zip(&steps)
                .map(|(c, steps)| script::Chapter {
                    file: &c.display_path,
                    source: &c.source,
                    steps,
                })
                .collect();
            let header = script::Header {
                title: &lang.language.title,
                facts: &facts,
                os,
                lang: &lang_code,
            };
            let text = script::script(&header, &chapters).map_err(Error::Diagnostics)?;
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

//! What one reader gets for one OS, from a loaded [`Site`]: the chapters
//! `netplate instructions` covers, the OS ids they offer, each chapter's
//! steps ([`instructions::steps`]) and the bash script of them
//! ([`script::script`]). `netplate instructions` prints these; `netplate
//! test` ([`crate::lab`]) runs them.

use std::path::PathBuf;

use crate::{
    content::Chapter,
    diagnostic::Diagnostic,
    instructions::{self, Step},
    markdown::{Fill, best_variant},
    script,
    site::Site,
};

/// The chapters of language `lang` that instructions cover (`[output.instructions]
/// chapters`, default all), or `None` when the book has no such language.
pub fn chapters<'s>(site: &'s Site, lang: &str) -> Option<Vec<&'s Chapter>> {
    let book = &site.book;
    let language = book.languages.iter().find(|l| l.language.code == lang)?;
    let wanted = &book.config.output.instructions.chapters;
    Some(
        language
            .chapters
            .iter()
            .filter(|c| wanted.is_empty() || wanted.contains(&c.path))
            .collect(),
    )
}

/// One tab group: each tab's OS ids and label.
pub type Group = Vec<(Vec<String>, String)>;

/// Every OS id the chapters offer with its tab label, in order of first
/// appearance, and the variant groups (for [`covers`]).
pub fn variants(chapters: &[&Chapter]) -> (Vec<(String, String)>, Vec<Group>) {
    let mut variants: Vec<(String, String)> = Vec::new();
    let mut groups = Vec::new();
    for chapter in chapters {
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
    (variants, groups)
}

/// The OS ids a reader can pick: every id but a bare family (`ubuntu`)
/// whose versions are listed too (`ubuntu-22.04`): such a tab is a step
/// shared by those versions (the firewall), not an OS of its own.
pub fn os_ids(variants: &[(String, String)]) -> Vec<&(String, String)> {
    variants
        .iter()
        .filter(|(id, _)| {
            id.contains('-')
                || !variants
                    .iter()
                    .any(|(v, _)| v.starts_with(&format!("{id}-")))
        })
        .collect()
}

/// Whether some variant group has steps for `os`.
pub fn covers(groups: &[Group], os: &str) -> bool {
    groups
        .iter()
        .any(|g| best_variant(g.iter().map(|(ids, _)| ids.as_slice()), os).is_some())
}

/// The reader's values filled in, if the book has placeholders.
pub fn fill(site: &Site) -> Option<Fill<'_>> {
    site.placeholders.as_ref().map(|p| Fill {
        template: &p.template,
        values: &p.values,
        slots: &p.slot_names,
    })
}

/// "Subnet 10.20.0.0/16 · VM address 10.20.0.100 · OS ubuntu-20.04".
pub fn facts(site: &Site, lang: &str, os: Option<&str>) -> String {
    let zh = lang.starts_with("zh");
    let mut facts = Vec::new();
    if let Some(p) = &site.placeholders {
        facts.push(format!(
            "{} {}",
            if zh { "子网" } else { "Subnet" },
            p.values.subnet
        ));
        for (name, addr) in &p.values.slots {
            let label = site
                .book
                .config
                .placeholders
                .as_ref()
                .and_then(|c| c.slot.get(name))
                .and_then(|s| crate::config::localized(&s.label, lang))
                .unwrap_or(name);
            facts.push(format!("{label} {addr}"));
        }
    }
    if let Some(os) = os {
        // The OS id as the reader typed it: control characters escaped.
        facts.push(format!(
            "{} {}",
            if zh { "操作系统" } else { "OS" },
            crate::diagnostic::escape_controls(os)
        ));
    }
    facts.join(" · ")
}

/// One chapter's steps for one OS, with where they come from.
#[derive(Debug, Clone)]
pub struct ChapterSteps {
    /// The chapter's path as diagnostics show it.
    pub file: PathBuf,
    /// Its Markdown.
    pub source: String,
    /// Where the bytes of `source` come from (its includes).
    pub map: Option<crate::include::SourceMap>,
    /// Its headings and code blocks for the OS, values filled in.
    pub steps: Vec<Step>,
}

impl ChapterSteps {
    /// The place of `len` bytes at `offset` of `source`, in the file the
    /// author wrote.
    pub fn location(&self, offset: usize, len: usize) -> crate::diagnostic::Location {
        match &self.map {
            Some(map) => map.location(offset, len),
            None => crate::diagnostic::Location::from_offset(&self.file, &self.source, offset, len),
        }
    }
}

/// Every covered chapter's steps for `os`.
pub fn for_os(site: &Site, chapters: &[&Chapter], lang: &str, os: &str) -> Vec<ChapterSteps> {
    let fill = fill(site);
    chapters
        .iter()
        .map(|c| ChapterSteps {
            file: c.display_path.clone(),
            source: c.source.clone(),
            map: c.map.clone(),
            steps: instructions::steps(&c.source, lang, fill, Some(os)),
        })
        .collect()
}

/// The bash script of `steps` (what `instructions --format script` prints).
pub fn script(
    site: &Site,
    lang: &str,
    os: &str,
    steps: &[ChapterSteps],
) -> Result<String, Vec<Diagnostic>> {
    let title = site
        .book
        .languages
        .iter()
        .find(|l| l.language.code == lang)
        .map(|l| l.language.title.clone())
        .unwrap_or_default();
    let facts = facts(site, lang, Some(os));
    let chapters: Vec<_> = steps
        .iter()
        .map(|c| script::Chapter {
            file: &c.file,
            source: &c.source,
            map: c.map.as_ref(),
            steps: &c.steps,
        })
        .collect();
    let header = script::Header {
        title: &title,
        facts: &facts,
        os,
        lang,
    };
    script::script(&header, &chapters)
}

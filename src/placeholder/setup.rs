//! The placeholders of one book: its template network, the offsets its
//! chapters use, and the reader's resolved values.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    Key, Piece, RESERVED, Template, Values,
    input::{self, Rules, Slot, Used},
    literal,
};
use crate::{
    config::{PlaceholderConfig, localized},
    content::Book,
    diagnostic::{Diagnostic, Location},
    error::{Error, Result},
};

/// What a reader asked for: a subnet and slot values by parameter name
/// (`vm`). Empty means the book's defaults.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// `--subnet`.
    pub subnet: Option<String>,
    /// `--vm` and other slot parameters, by parameter name.
    pub params: BTreeMap<String, String>,
}

/// Where the book uses a host offset literally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Use {
    /// Index of the language in the book.
    pub lang: usize,
    /// Index of the chapter in that language.
    pub chapter: usize,
    /// The file it is written in: the chapter (0), or a file it includes
    /// (an index in the chapter's [`crate::include::SourceMap::files`]).
    pub file: usize,
    /// 1-based line in `file`.
    pub line: usize,
}

/// A book's placeholders, resolved for one reader.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The template network.
    pub template: Template,
    /// Slot names in declaration order.
    pub slot_names: Vec<String>,
    /// The reader's values.
    pub values: Values,
    /// Host offsets the chapters use, with their first use per language.
    pub used: BTreeMap<u32, Vec<Use>>,
    /// What the reader asked for.
    pub reader: Reader,
    config: PlaceholderConfig,
}

impl Setup {
    /// Scans the book and resolves `reader`'s values. `None` when the book
    /// has no `[placeholders]`. A reader's bad input is [`Error::Input`]; a
    /// default that does not suit the book is a content error.
    pub fn new(book: &Book, reader: &Reader) -> Result<Option<Setup>> {
        let Some(config) = book.config.placeholders.clone() else {
            return Ok(None);
        };
        let mut template = Template::parse(&config.template)
            .map_err(|m| Error::Diagnostics(vec![Diagnostic::error("book-toml", m)]))?;
        if let Some(name) = config.slot.keys().find(|n| RESERVED.contains(&n.as_str())) {
            return Err(Error::Diagnostics(vec![
                Diagnostic::error("book-toml", format!("`{name}` cannot be a slot name")).help(
                    format!(
                        "slot names are not {}: pages use them for the reader's own values",
                        RESERVED
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            ]));
        }
        if let Ok(subnet) = config.subnet.parse::<ipnet::Ipv4Net>() {
            template.set_defaults(literal::Defaults {
                subnet: subnet.trunc(),
                slots: config
                    .slot
                    .iter()
                    .map(|(name, s)| (name.clone(), s.default))
                    .collect(),
            });
        }
        let slot_names: Vec<String> = config.slot.keys().cloned().collect();
        let mut used: BTreeMap<u32, Vec<Use>> = BTreeMap::new();
        for (li, lang) in book.languages.iter().enumerate() {
            for (ci, chapter) in lang.chapters.iter().enumerate() {
                if !template.occurs_in(&chapter.source) {
                    continue;
                }
                let (pieces, _) = template.scan(&chapter.source, false, &|n: &str| {
                    slot_names.iter().any(|s| s == n)
                });
                for piece in pieces {
                    // `{?network}` and `{?first}` name the subnet's ends, not
                    // a host the guide takes.
                    if let Piece::Value {
                        key: Key::Offset(n),
                        offset,
                        text,
                    } = piece
                        && !text.starts_with('{')
                    {
                        let uses = used.entry(n).or_default();
                        if !uses.iter().any(|u| u.lang == li) {
                            let at = chapter.location(offset, 0);
                            uses.push(Use {
                                lang: li,
                                chapter: ci,
                                file: chapter
                                    .map
                                    .as_ref()
                                    .and_then(|m| m.files.iter().position(|f| f.path == at.file))
                                    .unwrap_or(0),
                                line: at.line,
                            });
                        }
                    }
                }
            }
        }
        let mut setup = Setup {
            template,
            slot_names,
            values: Values {
                subnet: "0.0.0.0/8".parse().unwrap_or_default(),
                slots: BTreeMap::new(),
            },
            used,
            reader: reader.clone(),
            config,
        };
        let cli_rules = setup.rules(book, "en", |u| {
            let chapter = &book.languages[u.lang].chapters[u.chapter];
            let file = chapter
                .map
                .as_ref()
                .and_then(|m| m.files.get(u.file))
                .map_or(&chapter.display_path, |f| &f.path);
            format!("{}:{}", file.display(), u.line)
        });
        let slots = setup.slot_inputs(reader)?;
        let subnet = reader
            .subnet
            .clone()
            .unwrap_or_else(|| setup.config.subnet.clone());
        setup.values = input::resolve(&subnet, &slots, &cli_rules, "en").map_err(|e| {
            if reader.subnet.is_some() || !reader.params.is_empty() {
                Error::Input(e.message("en"))
            } else {
                Error::Diagnostics(vec![
                    Diagnostic::error(
                        "book-toml",
                        format!(
                            "the default values in [placeholders] do not suit the book: {}",
                            e.message("en")
                        ),
                    )
                    .at(Location::from_line("book.toml", "", 1))
                    .help("change `subnet` or the slot defaults in [placeholders]"),
                ])
            }
        })?;
        Ok(Some(setup))
    }

    /// The host offsets `source` uses, with the line of each use.
    pub fn offsets_in(&self, source: &str) -> Vec<(u32, usize)> {
        if !self.template.occurs_in(source) {
            return Vec::new();
        }
        let slots = &self.slot_names;
        let (pieces, _) = self
            .template
            .scan(source, false, &|n: &str| slots.iter().any(|s| s == n));
        pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Value {
                    key: Key::Offset(n),
                    offset,
                    text,
                } if !text.starts_with('{') => {
                    Some((n, source[..offset].matches('\n').count() + 1))
                }
                _ => None,
            })
            .collect()
    }

    /// Slot values by slot name, from the reader's parameters.
    fn slot_inputs(&self, reader: &Reader) -> Result<BTreeMap<String, String>> {
        let mut slots = BTreeMap::new();
        for (param, value) in &reader.params {
            let Some((name, _)) = self.config.slot.iter().find(|(_, s)| &s.param == param) else {
                let known: Vec<&str> = self
                    .config
                    .slot
                    .values()
                    .map(|s| s.param.as_str())
                    .collect();
                return Err(Error::Input(format!(
                    "this book has no `{param}` value; it has: {}",
                    known.join(", ")
                )));
            };
            slots.insert(name.clone(), value.clone());
        }
        Ok(slots)
    }

    /// The input rules, with messages' labels in `lang` and places named by `place`.
    pub fn rules(&self, book: &Book, lang: &str, place: impl Fn(&Use) -> String) -> Rules {
        let lang_index = book.languages.iter().position(|l| l.language.code == lang);
        Rules {
            slots: self
                .config
                .slot
                .iter()
                .map(|(name, s)| Slot {
                    name: name.clone(),
                    default: s.default,
                    label: localized(&s.name, lang).unwrap_or(name).to_string(),
                })
                .collect(),
            offsets: self
                .used
                .iter()
                .map(|(n, uses)| {
                    let u = uses
                        .iter()
                        .find(|u| Some(u.lang) == lang_index)
                        .unwrap_or(&uses[0]);
                    let label = self
                        .config
                        .fixed
                        .get(&n.to_string())
                        .and_then(|f| localized(&f.name, lang))
                        .map(str::to_string);
                    (
                        *n,
                        Used {
                            place: place(u),
                            label,
                        },
                    )
                })
                .collect(),
            example: self.config.subnet.clone(),
        }
    }

    /// The form and script data of a page in language `lang`.
    pub fn page(&self, book: &Book, lang: &str) -> PagePlaceholders {
        let rules = self.rules(book, lang, |u| {
            book.languages[u.lang].chapters[u.chapter].title.clone()
        });
        let slots: Vec<FormSlot> = self
            .config
            .slot
            .iter()
            .map(|(name, s)| FormSlot {
                name: name.clone(),
                param: s.param.clone(),
                label: localized(&s.label, lang).unwrap_or(name).to_string(),
                value: self
                    .values
                    .slots
                    .get(name)
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            })
            .collect();
        let data = ScriptData {
            defaults: Defaults {
                subnet: &self.config.subnet,
            },
            values: Current {
                subnet: self.values.subnet.to_string(),
                slots: self
                    .values
                    .slots
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect(),
            },
            slots: rules
                .slots
                .iter()
                .zip(&slots)
                .map(|(s, f)| ScriptSlot {
                    name: s.name.clone(),
                    param: f.param.clone(),
                    default: s.default,
                    label: s.label.clone(),
                })
                .collect(),
            offsets: rules
                .offsets
                .iter()
                .map(|(n, u)| {
                    (
                        n.to_string(),
                        ScriptUsed {
                            place: u.place.clone(),
                            label: u.label.clone(),
                        },
                    )
                })
                .collect(),
            what: input::what_templates(lang),
            messages: input::messages(lang)
                .iter()
                .map(|(c, m)| (*c, *m))
                .collect(),
            prefix_range: input::PREFIX_RANGE,
            unusable: input::UNUSABLE,
        };
        // `<` escaped so the JSON can sit in a <script> element.
        let json = serde_json::to_string(&data)
            .unwrap_or_default()
            .replace('<', "\\u003c");
        PagePlaceholders {
            subnet: self.values.subnet.to_string(),
            example: self.config.subnet.clone(),
            slots,
            json,
        }
    }
}

/// What a page template gets for the subnet form.
#[derive(Debug, Clone, Serialize)]
pub struct PagePlaceholders {
    /// The subnet the page was built with.
    pub subnet: String,
    /// An example subnet (the default).
    pub example: String,
    /// One field per slot.
    pub slots: Vec<FormSlot>,
    /// Data for the script, as JSON safe inside `<script>`.
    pub json: String,
}

/// A slot's form field.
#[derive(Debug, Clone, Serialize)]
pub struct FormSlot {
    /// Slot name.
    pub name: String,
    /// Parameter name (`vm`).
    pub param: String,
    /// Field label in the page's language.
    pub label: String,
    /// The value the page was built with.
    pub value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScriptData<'a> {
    defaults: Defaults<'a>,
    values: Current,
    slots: Vec<ScriptSlot>,
    offsets: BTreeMap<String, ScriptUsed>,
    what: BTreeMap<&'static str, &'static str>,
    messages: BTreeMap<&'static str, &'static str>,
    prefix_range: (u8, u8),
    unusable: &'static [(&'static str, &'static str)],
}

#[derive(Serialize)]
struct Defaults<'a> {
    subnet: &'a str,
}

#[derive(Serialize)]
struct Current {
    subnet: String,
    slots: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct ScriptSlot {
    name: String,
    param: String,
    default: u32,
    label: String,
}

#[derive(Serialize)]
struct ScriptUsed {
    place: String,
    label: Option<String>,
}

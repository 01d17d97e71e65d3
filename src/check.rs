//! The check stage: every config and shell block of the book, validated for
//! the reader values in `book.toml` and for a fixed sample of other readers'
//! values, since readers choose any subnet from /8 to /30.
//!
//! Which block is what:
//!
//! - `check=FORMAT` names the format; `check=none` opts a block out (the
//!   build lists such blocks);
//! - a `file=PATH` block is checked as the format its path implies
//!   ([`Format::from_path`]);
//! - `bash`, `sh`, `shell` blocks are shell; `console` blocks, and shell
//!   blocks whose first line starts with a `$ ` prompt, are shell after
//!   their prompts (`$ `, `# `), output lines skipped;
//! - anything else is not checked.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    hash::{BuildHasher, BuildHasherDefault, DefaultHasher},
    sync::{Mutex, OnceLock},
};

use ipnet::Ipv4Net;

use crate::{
    config::{CheckConfig, ShellCheck},
    content::{Book, Chapter},
    diagnostic::{Diagnostic, LineIndex, Location, Severity},
    markdown::{CodeBlock, Rendered},
    placeholder::{Piece, Template, Values, input, setup::Setup},
    validate::{self, Finding, Format, semantic},
};

/// What to check a block as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A config file of this format.
    Config(Format),
    /// Shell commands.
    Shell,
    /// A console session: commands after prompts.
    Console,
}

impl Kind {
    /// The format validating it.
    pub fn format(self) -> Format {
        match self {
            Kind::Config(f) => f,
            Kind::Shell | Kind::Console => Format::Shell,
        }
    }
}

/// Why a block is checked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classified {
    /// Checked as this kind.
    Check(Kind),
    /// `check=none`.
    OptedOut,
    /// A language netplate does not validate.
    NotChecked,
    /// `check=` names no format.
    UnknownFormat(String),
}

/// Decides what a block is, from its fence.
pub fn classify(block: &CodeBlock) -> Classified {
    if let Some(name) = block.fence.attr("check") {
        return match name {
            "none" => Classified::OptedOut,
            "shell" => Classified::Check(Kind::Shell),
            name => Format::from_name(name).map_or_else(
                || Classified::UnknownFormat(name.to_string()),
                |f| Classified::Check(Kind::Config(f)),
            ),
        };
    }
    let path = block.fence.file().or_else(|| path_comment(&block.text));
    if let Some(format) = path.and_then(Format::from_path) {
        return Classified::Check(if format == Format::Shell {
            Kind::Shell
        } else {
            Kind::Config(format)
        });
    }
    match block.fence.lang.as_str() {
        // A session written in a shell block (`$ mdbook build`, then its
        // output) is a console session.
        "bash" | "sh" | "shell" | "zsh"
            if block
                .text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("$ ")) =>
        {
            Classified::Check(Kind::Console)
        }
        "bash" | "sh" | "shell" | "zsh" => Classified::Check(Kind::Shell),
        "console" | "shell-session" => Classified::Check(Kind::Console),
        _ => Classified::NotChecked,
    }
}

/// A first line that is only a comment naming an absolute path
/// (`# /etc/sysconfig/network-scripts/ifcfg-ens18`) says which file the
/// block is, as `file=` does.
fn path_comment(text: &str) -> Option<&str> {
    let first = text.lines().next()?.trim();
    let path = first
        .strip_prefix('#')
        .or_else(|| first.strip_prefix(';'))?
        .trim();
    (path.starts_with('/') && !path.contains(char::is_whitespace)).then_some(path)
}

/// What the check stage found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Errors and warnings, positioned in the chapters.
    pub diagnostics: Vec<Diagnostic>,
    /// How many blocks were validated.
    pub validated: usize,
    /// Blocks opted out with `check=none`, as `file:line`.
    pub opted_out: Vec<String>,
}

/// One reader's values to validate with, and how to describe them.
pub struct Sample {
    values: Values,
    label: String,
}

/// The fixed sample: prefixes /8, /16, /23, /24, /28, /30; the VM at its
/// default, the first free host or the last usable host.
const SAMPLES: &[(&str, VmPick)] = &[
    ("10.0.0.0/8", VmPick::Last),
    ("172.16.0.0/16", VmPick::First),
    ("192.168.2.0/23", VmPick::Default),
    ("192.168.56.0/24", VmPick::Last),
    ("10.10.10.16/28", VmPick::First),
    ("10.10.10.4/30", VmPick::Last),
];

#[derive(Clone, Copy)]
enum VmPick {
    Default,
    First,
    Last,
}

/// The default reader and the fixed sample of other readers.
pub fn samples(setup: &Setup, book: &Book) -> Vec<Sample> {
    let rules = setup.rules(book, "en", |_| String::new());
    let describe = |v: &Values| {
        let slots: Vec<String> = v.slots.iter().map(|(k, a)| format!("{k} = {a}")).collect();
        format!("subnet {}, {}", v.subnet, slots.join(", "))
    };
    let mut out = vec![Sample {
        label: describe(&setup.values),
        values: setup.values.clone(),
    }];
    for (subnet, pick) in SAMPLES {
        let Ok(net) = subnet.parse::<Ipv4Net>() else {
            continue;
        };
        let size = u32::from(net.hostmask());
        let base = u32::from(net.network());
        // At most the first 8 candidates are tried: collect only those (a
        // /8 has 16 million hosts; collecting them all was 64 MB and most of
        // a serve rebuild).
        let candidates: Vec<u32> = match pick {
            VmPick::Default => vec![],
            VmPick::First => (1..size).map(|o| base + o).take(8).collect(),
            VmPick::Last => (1..size).rev().map(|o| base + o).take(8).collect(),
        };
        let resolved = if candidates.is_empty() {
            input::resolve(subnet, &BTreeMap::new(), &rules, "en").ok()
        } else {
            candidates.into_iter().find_map(|n| {
                let slots: BTreeMap<String, String> = rules
                    .slots
                    .first()
                    .map(|s| (s.name.clone(), std::net::Ipv4Addr::from(n).to_string()))
                    .into_iter()
                    .collect();
                input::resolve(subnet, &slots, &rules, "en").ok()
            })
        };
        // A subnet the book itself cannot serve (a guide offset does not
        // fit) is one readers are refused, so there is nothing to check.
        if let Some(values) = resolved {
            out.push(Sample {
                label: describe(&values),
                values,
            });
        }
    }
    out
}

/// [`Chapter::location`] for many places of one chapter: its lines are
/// indexed once, so that a block or a paragraph with thousands of
/// diagnostics costs a binary search for each, not a scan of the chapter.
pub(crate) struct Locator<'c> {
    chapter: &'c Chapter,
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'c> Locator<'c> {
    pub(crate) fn new(chapter: &'c Chapter) -> Locator<'c> {
        Locator {
            chapter,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// The place of `len` bytes at `offset` of the chapter's source.
    pub(crate) fn at(&self, offset: usize, len: usize) -> Location {
        let c = self.chapter;
        match &c.map {
            // A source map indexes its files itself.
            Some(map) => map.location(offset, len),
            None => Location::from_index(
                &c.display_path,
                &c.source,
                self.lines.get_or_init(|| LineIndex::new(&c.source)),
                offset,
                len,
            ),
        }
    }
}

/// Checks every block of every chapter.
pub fn book(book: &Book, rendered: &[Vec<Rendered>], setup: Option<&Setup>) -> Checked {
    let samples = setup.map(|s| samples(s, book)).unwrap_or_default();
    let mut checked = Checked::default();
    for (li, lang) in book.languages.iter().enumerate() {
        for (chapter, r) in lang.chapters.iter().zip(&rendered[li]) {
            let one = self::chapter(chapter, r, setup, &samples, &book.config.check);
            checked.diagnostics.extend(one.diagnostics);
            checked.validated += one.validated;
            checked.opted_out.extend(one.opted_out);
        }
    }
    checked
}

/// Checks the blocks of one chapter, for `samples` (see [`samples`]).
pub fn chapter(
    chapter: &Chapter,
    r: &Rendered,
    setup: Option<&Setup>,
    samples: &[Sample],
    rules: &CheckConfig,
) -> Checked {
    let mut checked = Checked::default();
    let locator = Locator::new(chapter);
    let locate = |offset: usize, len: usize| locator.at(offset, len);
    for block in &r.code_blocks {
        let at = |len: usize| locate(block.offset, len);
        match classify(block) {
            Classified::NotChecked => {}
            Classified::OptedOut => checked.opted_out.push({
                let at = at(0);
                format!("{}:{}", at.file.display(), at.line)
            }),
            Classified::UnknownFormat(name) => checked.diagnostics.push(
                Diagnostic::error("check-attribute", format!("`check={name}` names no format netplate knows"))
                    .at(at(0))
                    .help("use check=netplan, interfaces, ifcfg, resolv, nm, nmconnection, shell, or check=none to skip the block"),
            ),
            Classified::Check(kind) if !rules.validates(kind.format().name()) => {}
            Classified::Check(kind) => {
                checked.validated += 1;
                let found = block_diagnostics(&locate, block, kind, setup, samples, rules.shell);
                checked.diagnostics.extend(found.into_iter().map(|mut d| {
                    if !rules.strict() {
                        d.severity = Severity::Warning;
                    }
                    d
                }));
            }
        }
    }
    checked
}

/// The text of `template` with `values` filled, and a map from filled byte
/// offsets back to template byte offsets.
struct Filled {
    text: String,
    /// (filled start, template start, filled len, template len) per value.
    values: Vec<(usize, usize, usize, usize)>,
}

impl Filled {
    fn new(template: &str, fill: Option<(&Template, &Values, &[String])>) -> Filled {
        let Some((t, values, slots)) = fill.filter(|(t, _, _)| t.occurs_in(template)) else {
            return Filled {
                text: template.to_string(),
                values: Vec::new(),
            };
        };
        let (pieces, _) = t.scan(template, true, &|n: &str| slots.iter().any(|s| s == n));
        let mut text = String::with_capacity(template.len());
        let mut map = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Text(s) => text.push_str(s),
                Piece::Value {
                    key,
                    text: original,
                    offset,
                } => {
                    let value = values.text(&key);
                    map.push((text.len(), offset, value.len(), original.len()));
                    text.push_str(&value);
                }
            }
        }
        Filled { text, values: map }
    }

    /// The template byte offset of filled byte offset `off` (a binary
    /// search: the values are in text order).
    fn to_template(&self, off: usize) -> usize {
        let i = self.values.partition_point(|&(fs, ..)| fs <= off);
        let Some(&(fs, ts, fl, tl)) = i.checked_sub(1).and_then(|i| self.values.get(i)) else {
            return off;
        };
        if off < fs + fl {
            return ts;
        }
        let delta = (ts + tl) as isize - (fs + fl) as isize;
        (off as isize + delta).max(0) as usize
    }
}

/// A console session's commands as a script, with where each script line came from.
fn console_script(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut script = String::new();
    let mut map = Vec::new();
    let mut continues = false;
    for (i, line) in text.lines().enumerate() {
        let command = if continues {
            Some((line, 0))
        } else {
            line.strip_prefix("$ ")
                .or_else(|| line.strip_prefix("# "))
                .map(|l| (l, 2))
        };
        if let Some((cmd, shift)) = command {
            script.push_str(cmd);
            script.push('\n');
            map.push((i + 1, shift));
            continues = cmd.ends_with('\\');
        }
    }
    (script, map)
}

/// A validator's findings for `text`, and for a console session where each
/// script line came from.
type Validated = (Vec<Finding>, Option<Vec<(usize, usize)>>);

/// Runs the validator of `kind` on `text` (and the address checks against
/// `subnet`, or without a subnet, on their own), remembered across blocks:
/// the same block often comes back with the same values (in every language
/// of a book, a file repeated across chapters). Bounded to [`MEMO_MAX`]
/// results, then emptied.
fn validated(kind: Kind, text: &str, subnet: Option<Ipv4Net>, shell: ShellCheck) -> Validated {
    let key = BuildHasherDefault::<DefaultHasher>::default().hash_one((kind, subnet, shell, text));
    if let Some(e) = memo().entries.get(&key).and_then(|entries| {
        entries
            .iter()
            .find(|e| e.kind == kind && e.subnet == subnet && e.shell == shell && &*e.text == text)
    }) {
        return e.result.clone();
    }
    let result: Validated = match kind {
        Kind::Config(format) => {
            let report = validate::check(format, text);
            let mut findings = report.findings;
            match subnet {
                Some(subnet) => findings.extend(semantic::check_in(&report.facts, subnet)),
                None => findings.extend(semantic::check(&report.facts)),
            }
            (findings, None)
        }
        Kind::Shell => (shell_findings(text, subnet, shell), None),
        Kind::Console => {
            let (script, map) = console_script(text);
            (shell_findings(&script, subnet, shell), Some(map))
        }
    };
    let mut memo = memo();
    if memo.len >= MEMO_MAX {
        memo.entries.clear();
        memo.len = 0;
    }
    memo.len += 1;
    memo.entries.entry(key).or_default().push(Entry {
        kind,
        subnet,
        shell,
        text: text.into(),
        result: result.clone(),
    });
    result
}

/// A shell snippet's findings, with the semantic checks of the addresses
/// its `nmcli` command lines set.
fn shell_findings(text: &str, subnet: Option<Ipv4Net>, shell: ShellCheck) -> Vec<Finding> {
    let report = match shell {
        ShellCheck::Network => validate::check(Format::Shell, text),
        ShellCheck::Syntax => validate::shell::check_syntax(text),
    };
    let mut findings = report.findings;
    match subnet {
        Some(subnet) => findings.extend(semantic::check_in(&report.facts, subnet)),
        None => findings.extend(semantic::check(&report.facts)),
    }
    findings
}

/// How many validator results [`validated`] keeps.
const MEMO_MAX: usize = 10_000;

struct Entry {
    kind: Kind,
    subnet: Option<Ipv4Net>,
    shell: ShellCheck,
    text: Box<str>,
    result: Validated,
}

#[derive(Default)]
struct Memo {
    entries: HashMap<u64, Vec<Entry>>,
    len: usize,
}

fn memo() -> std::sync::MutexGuard<'static, Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// Forgets every remembered validator result, so that the next check runs
/// every validator again (the benchmarks time cold checks with it).
pub fn forget_validated() {
    let mut memo = memo();
    memo.entries.clear();
    memo.len = 0;
}

fn block_diagnostics(
    locate: &dyn Fn(usize, usize) -> Location,
    block: &CodeBlock,
    kind: Kind,
    setup: Option<&Setup>,
    samples: &[Sample],
    shell: ShellCheck,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashSet<(&'static str, usize, usize)> = HashSet::new();
    let default_sample = [None];
    // Shell findings depend on the snippet's shape only: every reader value
    // is made of digits, dots and a slash, a plain part of a word to bash.
    // Only `nmcli` command lines read addresses (facts, checked against the
    // subnet). So one reader says all for other shell blocks; config formats
    // and `nmcli` lines are checked for every sample.
    let same_for_all = matches!(kind, Kind::Shell | Kind::Console) && !block.text.contains("nmcli");
    let runs: Vec<Option<&Sample>> = if samples.is_empty()
        || same_for_all
        || setup.is_none_or(|s| !s.template.occurs_in(&block.text))
    {
        // Without placeholders the text is the same for every reader.
        match samples.first() {
            Some(s) => vec![Some(s)],
            None => default_sample.to_vec(),
        }
    } else {
        samples.iter().map(Some).collect()
    };
    for (i, sample) in runs.into_iter().enumerate() {
        let fill = setup
            .zip(sample)
            .map(|(s, sample)| (&s.template, &sample.values, s.slot_names.as_slice()));
        let filled = Filled::new(&block.text, fill);
        let lines = LineIndex::new(&filled.text);
        let (findings, line_map) =
            validated(kind, &filled.text, sample.map(|s| s.values.subnet), shell);
        for finding in findings {
            let (line, column) = match &line_map {
                Some(map) => map
                    .get(finding.span.line.saturating_sub(1))
                    .map_or((finding.span.line, finding.span.column), |&(l, shift)| {
                        (l, finding.span.column + shift)
                    }),
                None => (finding.span.line, finding.span.column),
            };
            let filled_start = lines.offset(&filled.text, line, column);
            let filled_end = lines.offset(&filled.text, line, column + finding.span.len.max(1));
            let start = filled.to_template(filled_start);
            let end = filled.to_template(filled_end).max(start + 1);
            if !seen.insert((finding.rule, start, finding.severity as usize)) {
                continue;
            }
            let location = locate(block.offset + start, end - start);
            let mut d = match finding.severity {
                Severity::Error => Diagnostic::error(finding.rule, finding.message),
                Severity::Warning => Diagnostic::warning(finding.rule, finding.message),
            }
            .at(location);
            if i > 0
                && let Some(sample) = sample
            {
                let filled_line = lines.line(&filled.text, line).trim();
                d = d.note(format!(
                    "with a reader's {}, this line reads `{filled_line}`",
                    sample.label
                ));
            }
            if let Some(help) = finding.help {
                d = d.help(help);
            }
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_path_comment_names_the_file() {
        let block = |lang: &str, text: &str| CodeBlock {
            fence: crate::markdown::fence::parse(lang).unwrap(),
            text: text.to_string(),
            line: 1,
            offset: 0,
        };
        assert_eq!(
            classify(&block(
                "sh",
                "# /etc/sysconfig/network-scripts/ifcfg-ens18\nTYPE=Ethernet\n"
            )),
            Classified::Check(Kind::Config(Format::Ifcfg))
        );
        assert_eq!(
            classify(&block("text", "# /etc/network/interfaces\nauto lo\n")),
            Classified::Check(Kind::Config(Format::Interfaces))
        );
        assert_eq!(
            classify(&block("sh", "# restart it\nsystemctl restart networking\n")),
            Classified::Check(Kind::Shell)
        );
        assert_eq!(classify(&block("text", "plain\n")), Classified::NotChecked);
    }

    #[test]
    fn console_sessions_keep_commands_only() {
        let (script, map) =
            console_script("$ ip addr\n1: lo\n# systemctl restart \\\n  networkd\n$ ok\n");
        assert_eq!(script, "ip addr\nsystemctl restart \\\n  networkd\nok\n");
        assert_eq!(map, [(1, 2), (3, 2), (4, 0), (5, 2)]);
    }

    #[test]
    fn filled_offsets_map_back_to_the_template() {
        let t = Template::parse("192.168.?.0/24").unwrap();
        let values = Values {
            subnet: "10.0.0.0/8".parse().unwrap(),
            slots: BTreeMap::from([("xxx".to_string(), "10.1.2.3".parse().unwrap())]),
        };
        let names = vec!["xxx".to_string()];
        let template = "a: 192.168.?.xxx/24 b\n";
        let f = Filled::new(template, Some((&t, &values, &names)));
        assert_eq!(f.text, "a: 10.1.2.3/8 b\n");
        assert_eq!(f.to_template(0), 0);
        assert_eq!(f.to_template(5), 3, "inside the value → its start");
        assert_eq!(f.to_template(11), 16, "the slash");
        assert_eq!(f.to_template(14), template.find(" b").unwrap() + 1);
    }
}

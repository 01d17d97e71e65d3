//! Validator for Debian's `/etc/network/interfaces` (interfaces(5), as
//! ifupdown 0.8.41 reads it).
//!
//! The text is read the way ifupdown's `config.c` reads it
//! (`get_line()` / `read_interfaces_defn()`):
//!
//! 1. `logical_lines` turns physical lines into logical ones: a line whose
//!    first non-blank character is `#` is a comment, a trailing `\` joins the
//!    next line, and blanks around the line are dropped. Every character keeps
//!    its source position, so findings point into the original text.
//! 2. Each logical line is split into words on C `isspace`. The first word
//!    picks the stanza (`iface`, `mapping`, `auto`, `allow-*`, `source`,
//!    `source-directory`, `no-auto-down`, `no-scripts`, `rename`); any other
//!    first word is an option of the open `iface` or `mapping` stanza, whose
//!    value is the **rest of the line**, `#` included.
//! 3. Once the whole file is read, each `iface` stanza is checked (required
//!    options, addresses, netmasks, repeated and unknown options) and each
//!    `auto`/`allow-*` name is matched with a stanza.
//!
//! Findings quote ifupdown's own message where ifupdown has one. Rules and
//! the real tool's verdict (`../shared/design/config-formats.md` §3, §8):
//!
//! | rule | severity | ifupdown |
//! |---|---|---|
//! | `interfaces/misplaced-option` | error | `misplaced option` |
//! | `interfaces/iface-syntax` | error | `too few parameters for iface line`, `'inherits' keyword is missing a parameter` |
//! | `interfaces/unknown-family` | error | `unknown or no address type and no inherits keyword specified` |
//! | `interfaces/unknown-method` | error | `unknown or no method and no inherits keyword specified` |
//! | `interfaces/unknown-inherit` | error | `unknown iface to inherit from: X (inet)` |
//! | `interfaces/extra-parameter` | warning | `extra parameter for the iface line not understood and ignored: X` |
//! | `interfaces/empty-value` | error | `option with empty value` |
//! | `interfaces/duplicate-script` | error | `duplicate script in mapping` |
//! | `interfaces/mapping-without-script` | error | ifup: `error trying to executing mapping script (null)` |
//! | `interfaces/missing-address` | error | ifup: `missing required variable: address` |
//! | `interfaces/missing-option` | error | ifup: `missing required variable: X` |
//! | `interfaces/auto-without-iface` | error | `unknown interface NAME` |
//! | `interfaces/trailing-comment` | error (warning on a `mapping` line) | `#` becomes an interface name or part of a value |
//! | `interfaces/invalid-address` | error | runtime: `any valid prefix is expected`; `/33` silently becomes `/0` |
//! | `interfaces/invalid-netmask` | error | runtime: `any valid prefix is expected` |
//! | `interfaces/invalid-gateway` | error | runtime |
//! | `interfaces/invalid-nameserver` | error | silent (resolvconf passes it to glibc, which drops it) |
//! | `interfaces/invalid-number` | error | runtime (`mtu`, `metric`) |
//! | `interfaces/multiple-values` | error | runtime: `either "local" is duplicate, or "netmask" is a garbage.` |
//! | `interfaces/duplicate-option` | warning | silent: values joined with a newline, only the first is used |
//! | `interfaces/unknown-option` | warning | silent: the option only becomes `IF_*` for hook scripts |
//! | `interfaces/netmask-conflict` | warning | silent: `netmask` wins over `/LEN` |
//! | `interfaces/missing-prefix` | warning | silent: ifupdown guesses a classful netmask |

use std::{
    collections::{HashMap, HashSet},
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
};

use super::{Fact, Finding, Report, Span};

/// Validates `text` as an `/etc/network/interfaces` file.
///
/// Never panics; every finding is positioned in `text`. Facts: each
/// `address` (with its prefix from `/LEN` or the stanza's `netmask`), each
/// `netmask`, `gateway` and `dns-nameservers` address.
pub fn check(text: &str) -> Report {
    let mut reader = Reader::default();
    for line in logical_lines(text) {
        reader.line(&line);
    }
    reader.finish()
}

// ---------------------------------------------------------------------------
// Lines and words
// ---------------------------------------------------------------------------

/// C's `isspace` in the "C" locale: what ifupdown strips and splits words on.
/// A no-break space or any other Unicode blank is *not* one.
fn is_c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// One logical line: its characters after continuation lines are joined,
/// with the source position (1-based line, 1-based column) of each one.
#[derive(Debug, Default)]
struct Line {
    chars: Vec<char>,
    pos: Vec<(usize, usize)>,
}

impl Line {
    /// Appends physical line `number`'s `text`, without its leading blanks
    /// when `strip_leading` (the first physical line of a logical one).
    fn push_physical(&mut self, text: &str, number: usize, strip_leading: bool) {
        let mut skipping = strip_leading;
        for (i, c) in text.chars().enumerate() {
            if skipping && is_c_space(c) {
                continue;
            }
            skipping = false;
            self.chars.push(c);
            self.pos.push((number, i + 1));
        }
    }

    /// Drops the last character (a continuation backslash).
    fn pop(&mut self) {
        self.chars.pop();
        self.pos.pop();
    }

    /// Drops trailing blanks.
    fn trim_end(&mut self) {
        while self.chars.last().is_some_and(|&c| is_c_space(c)) {
            self.pop();
        }
    }

    /// The words of the line, split on C blanks.
    fn words(&self) -> Vec<Word> {
        let mut words = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            if is_c_space(self.chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < self.chars.len() && !is_c_space(self.chars[i]) {
                i += 1;
            }
            words.push(Word {
                text: self.chars[start..i].iter().collect(),
                start,
                len: i - start,
            });
        }
        words
    }

    /// The span of `len` characters from character `start`.
    fn span(&self, start: usize, len: usize) -> Span {
        let (line, column) = match (self.pos.get(start), self.pos.last()) {
            (Some(&p), _) => p,
            // just past the end of the line: where a missing word would go
            (None, Some(&(line, column))) => (line, column + 1),
            (None, None) => (1, 1),
        };
        Span::new(line, column, len.max(1))
    }

    /// The span from character `start` to the end of the line.
    fn span_to_end(&self, start: usize) -> Span {
        self.span(start, self.chars.len().saturating_sub(start))
    }

    /// The text from character `start` to the end of the line.
    fn text_from(&self, start: usize) -> String {
        self.chars.get(start..).unwrap_or_default().iter().collect()
    }
}

/// A word of a logical line.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    /// Index of its first character in [`Line::chars`].
    start: usize,
    /// Length in characters.
    len: usize,
}

impl Word {
    /// Whether the word looks like the start of a `#` comment.
    fn is_comment(&self) -> bool {
        self.text.starts_with('#') && !is_placeholder(&self.text)
    }
}

/// Whether `word` is a placeholder made of `#` (`####.####`, `##:##`):
/// a value to fill in, not the start of a comment.
fn is_placeholder(word: &str) -> bool {
    word.contains('#')
        && word.chars().any(|c| matches!(c, '.' | ':' | '/'))
        && word
            .chars()
            .all(|c| matches!(c, '#' | '.' | ':' | '/') || c.is_ascii_digit())
}

/// Splits `text` into ifupdown's logical lines, dropping comments and blank
/// lines, like `get_line()` in ifupdown's `config.c`.
fn logical_lines(text: &str) -> Vec<Line> {
    let physical: Vec<&str> = text.split('\n').collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < physical.len() {
        let mut line = Line::default();
        line.push_physical(physical[i], i + 1, true);
        i += 1;
        if line.chars.first() == Some(&'#') {
            continue;
        }
        while line.chars.last() == Some(&'\\') {
            line.pop();
            let Some(next) = physical.get(i) else {
                break;
            };
            line.push_physical(next, i + 1, false);
            i += 1;
        }
        line.trim_end();
        if !line.chars.is_empty() {
            lines.push(line);
        }
    }
    lines
}

// ---------------------------------------------------------------------------
// Families, methods and options (interfaces(5) of ifupdown 0.8.41)
// ---------------------------------------------------------------------------

/// A method of an address family, with its documented and required options
/// (each a space-separated list).
#[derive(Debug)]
struct Method {
    name: &'static str,
    options: &'static str,
    required: &'static str,
}

impl Method {
    /// The options interfaces(5) documents for the method.
    fn options(&self) -> Vec<&'static str> {
        self.options.split_whitespace().collect()
    }

    fn has_option(&self, name: &str) -> bool {
        self.options.split_whitespace().any(|o| o == name)
    }

    /// The options `ifup` refuses to run without.
    fn required(&self) -> impl Iterator<Item = &'static str> {
        self.required.split_whitespace()
    }
}

/// An address family and its methods.
#[derive(Debug)]
struct Family {
    name: &'static str,
    methods: &'static [Method],
}

impl Family {
    fn method(&self, name: &str) -> Option<&'static Method> {
        self.methods.iter().find(|m| m.name == name)
    }

    fn method_names(&self) -> Vec<&'static str> {
        self.methods.iter().map(|m| m.name).collect()
    }
}

const fn method(name: &'static str, options: &'static str, required: &'static str) -> Method {
    Method {
        name,
        options,
        required,
    }
}

/// The families and methods of ifupdown 0.8.41, with their options from its
/// interfaces(5); the required options are the ones `ifup -n` reports
/// missing (run on Debian 12: `inet tunnel` does not require `address`).
static FAMILIES: [Family; 4] = [
    Family {
        name: "inet",
        methods: &[
            method("loopback", "", ""),
            method(
                "static",
                "address netmask broadcast metric gateway pointopoint hwaddress mtu scope",
                "address",
            ),
            method("manual", "hwaddress mtu", ""),
            method(
                "dhcp",
                "hostname metric leasetime vendor client hwaddress",
                "",
            ),
            method("bootp", "bootfile server hwaddr", ""),
            method(
                "tunnel",
                "address mode endpoint dstaddr local metric gateway ttl mtu",
                "mode endpoint",
            ),
            method("ppp", "provider unit options", ""),
            method("wvdial", "provider", ""),
            method("ipv4ll", "", ""),
        ],
    },
    Family {
        name: "inet6",
        methods: &[
            method(
                "auto",
                "privext accept_ra dhcp request_prefix ll-attempts ll-interval",
                "",
            ),
            method("loopback", "", ""),
            method(
                "static",
                "address netmask metric gateway media hwaddress mtu accept_ra autoconf privext \
                 scope preferred-lifetime dad-attempts dad-interval",
                "address",
            ),
            method("manual", "hwaddress mtu", ""),
            method(
                "dhcp",
                "hwaddress accept_ra autoconf request_prefix ll-attempts ll-interval",
                "",
            ),
            method(
                "tunnel",
                "address netmask mode endpoint dstaddr local metric gateway ttl mtu encaplimit",
                "mode endpoint",
            ),
            method(
                "v4tunnel",
                "address netmask endpoint local metric gateway ttl mtu preferred-lifetime",
                "endpoint",
            ),
            method("6to4", "local metric ttl mtu preferred-lifetime", "local"),
        ],
    },
    Family {
        name: "ipx",
        methods: &[
            method("static", "frame netnum", "frame netnum"),
            method("dynamic", "frame", "frame"),
        ],
    },
    Family {
        name: "can",
        methods: &[method(
            "static",
            "bitrate samplepoint loopback listenonly triple oneshot berr restart-ms",
            "bitrate",
        )],
    },
];

fn family(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == name)
}

/// Options every stanza may have: ifupdown's commands (which may repeat)
/// and `description`.
const COMMANDS: [&str; 6] = ["pre-up", "up", "post-up", "down", "pre-down", "post-down"];

/// Options ifupdown ignores but common hook packages read, by exact name
/// (the `dns-*` ones are those resolvconf and ifupdown's own resolved hook
/// read: a typo there silently loses the DNS servers).
const HOOK_OPTIONS: [&str; 14] = [
    "description",
    "dns-nameservers",
    "dns-nameserver",
    "dns-search",
    "dns-domain",
    "dns-sortlist",
    "dns-options",
    "dns-default-route",
    "onlink",
    "media",
    "vlan-raw-device",
    "vlan_raw_device",
    "slaves",
    "openvpn",
];

/// Prefixes of options read by hook packages (bridge-utils,
/// ifenslave, wpasupplicant, wireless-tools, ethtool, openvswitch, ...).
const HOOK_PREFIXES: [&str; 14] = [
    "bridge_",
    "bridge-",
    "bond-",
    "bond_",
    "wpa-",
    "wireless-",
    "ovs_",
    "ethernet-",
    "link-",
    "offload-",
    "hardware-",
    "ethtool-",
    "ucarp-",
    "tinc-",
];

/// Stanza keywords, for "did you mean" hints on misplaced options.
const STANZAS: [&str; 9] = [
    "iface",
    "auto",
    "allow-hotplug",
    "mapping",
    "source",
    "source-directory",
    "no-auto-down",
    "no-scripts",
    "rename",
];

/// Whether `name` may appear in any stanza.
fn is_generic_option(name: &str) -> bool {
    COMMANDS.contains(&name)
        || HOOK_OPTIONS.contains(&name)
        || HOOK_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether `name` is an option of some method of some family.
fn is_method_option(name: &str) -> bool {
    FAMILIES
        .iter()
        .flat_map(|f| f.methods)
        .any(|m| m.has_option(name))
}

/// Whether `name` is a command option (`up`, `post-down`, ...): it may be
/// repeated and its value goes to `/bin/sh`, where `#` starts a comment.
fn is_command(name: &str) -> bool {
    COMMANDS.contains(&name)
}

// ---------------------------------------------------------------------------
// Reading stanzas
// ---------------------------------------------------------------------------

/// One option line of an `iface` stanza.
#[derive(Debug, Clone)]
struct Opt {
    /// The option's name as written.
    name: String,
    name_span: Span,
    /// Words of the value before any end-of-line comment.
    words: Vec<WordAt>,
    /// Whether the option was copied from an `inherits` stanza.
    inherited: bool,
}

/// A word with its span, detached from its line.
#[derive(Debug, Clone)]
struct WordAt {
    text: String,
    span: Span,
}

impl Opt {
    /// The first word of the value.
    fn first(&self) -> Option<&WordAt> {
        self.words.first()
    }
}

/// An `iface` stanza.
#[derive(Debug)]
struct Iface {
    name: String,
    name_span: Span,
    /// The `iface NAME FAMILY METHOD` part of the header line.
    header_span: Span,
    family: Option<&'static Family>,
    method: Option<&'static Method>,
    options: Vec<Opt>,
}

/// A `mapping` stanza.
#[derive(Debug)]
struct Mapping {
    patterns: Vec<String>,
    span: Span,
    script: bool,
}

/// A name on an `auto` or `allow-*` line.
#[derive(Debug)]
struct AutoName {
    name: String,
    span: Span,
}

/// The stanza option lines belong to.
#[derive(Debug, Clone, Copy, Default)]
enum Open {
    #[default]
    None,
    Iface(usize),
    Mapping(usize),
}

/// Reads logical lines into stanzas, reporting line-level problems as it
/// goes; [`Reader::finish`] checks the stanzas.
#[derive(Debug, Default)]
struct Reader {
    findings: Vec<Finding>,
    facts: Vec<Fact>,
    ifaces: Vec<Iface>,
    mappings: Vec<Mapping>,
    autos: Vec<AutoName>,
    /// Names of stanzas other stanzas inherit from.
    templates: HashSet<String>,
    /// Whether a `source` or `source-directory` line reads other files,
    /// where stanzas this file does not define may be.
    sources: bool,
    open: Open,
}

impl Reader {
    /// Reads one logical line.
    fn line(&mut self, line: &Line) {
        let words = line.words();
        let Some(first) = words.first() else {
            return;
        };
        let keyword = first.text.as_str();
        match keyword {
            "iface" => self.iface(line, &words),
            "mapping" => self.mapping(line, &words),
            "auto" | "no-auto-down" | "no-scripts" | "rename" => self.names(line, &words),
            _ if keyword.starts_with("allow-") && keyword.len() > "allow-".len() => {
                self.names(line, &words)
            }
            "source" => self.source(),
            _ if keyword.starts_with("source-dir") => self.source(),
            _ => self.option(line, &words),
        }
    }

    /// `auto`, `allow-*`, `no-auto-down`, `no-scripts` and `rename` lines:
    /// a list of names (or patterns).
    fn names(&mut self, line: &Line, words: &[Word]) {
        let keyword = words[0].text.as_str();
        // ifupdown 0.8.41 (observed): a bare `auto`, `allow-*`, `no-scripts`
        // or `no-auto-down` line leaves the open stanza open
        if words.len() > 1 || keyword == "rename" {
            self.open = Open::None;
        }
        let comment = words
            .iter()
            .skip(1)
            .position(Word::is_comment)
            .map(|i| i + 1);
        let end = comment.unwrap_or(words.len());
        if let Some(c) = comment {
            self.trailing_comment_on_names(line, keyword, &words[c..]);
        }
        if keyword == "auto" || keyword.starts_with("allow-") {
            for w in &words[1..end] {
                self.autos.push(AutoName {
                    name: w.text.clone(),
                    span: line.span(w.start, w.len),
                });
            }
        }
    }

    fn trailing_comment_on_names(&mut self, line: &Line, keyword: &str, comment: &[Word]) {
        let quoted: Vec<String> = comment
            .iter()
            .take(4)
            .map(|w| format!("`{}`", w.text))
            .collect();
        let what = if keyword == "rename" {
            "rename patterns"
        } else {
            "interface names"
        };
        let mut finding = Finding::error(
            "interfaces/trailing-comment",
            line.span_to_end(comment[0].start),
            format!(
                "end-of-line comment on an `{keyword}` line: ifupdown reads {} as more {what}",
                quoted.join(", ")
            ),
        );
        let consequence = if keyword == "auto" || keyword.starts_with("allow-") {
            format!(
                "`ifquery --list` and `ifup` fail with `unknown interface {}`; ",
                comment[0].text
            )
        } else {
            String::new()
        };
        finding = finding.help(format!("{consequence}{COMMENT_HELP}"));
        self.findings.push(finding);
    }

    /// `source` and `source-directory` lines: their argument goes through
    /// `wordexp(3)`, where `#` starts a comment, so a trailing comment is
    /// fine there (observed with ifupdown 0.8.41).
    fn source(&mut self) {
        self.open = Open::None;
        self.sources = true;
    }

    /// `mapping PATTERN...` lines.
    fn mapping(&mut self, line: &Line, words: &[Word]) {
        if let Some(c) = words.iter().skip(1).find(|w| w.is_comment()) {
            self.findings.push(
                Finding::warning(
                    "interfaces/trailing-comment",
                    line.span_to_end(c.start),
                    "end-of-line comment on a `mapping` line: ifupdown reads its words as more interface patterns",
                )
                .help(COMMENT_HELP),
            );
        }
        self.mappings.push(Mapping {
            patterns: words[1..]
                .iter()
                .take_while(|w| !w.is_comment())
                .map(|w| w.text.clone())
                .collect(),
            span: line.span(words[0].start, words[0].len),
            script: false,
        });
        self.open = Open::Mapping(self.mappings.len() - 1);
    }

    /// A line whose first word is no stanza keyword: an option.
    fn option(&mut self, line: &Line, words: &[Word]) {
        match self.open {
            Open::None => self.misplaced(line, &words[0], false),
            Open::Mapping(i) => self.mapping_option(line, words, i),
            Open::Iface(i) => self.iface_option(line, words, i),
        }
    }

    fn misplaced(&mut self, line: &Line, word: &Word, in_mapping: bool) {
        let mut finding = Finding::error(
            "interfaces/misplaced-option",
            line.span(word.start, word.len),
            format!("misplaced option `{}`", word.text),
        );
        let help = match (in_mapping, closest(&word.text, STANZAS)) {
            (_, Some(s)) => format!("did you mean `{s}`? (ifupdown: misplaced option)"),
            (true, None) => {
                "a `mapping` stanza takes only `script` and `map` lines (ifupdown: misplaced option)"
                    .to_string()
            }
            (false, None) => "options belong after an `iface NAME inet METHOD` line; ifupdown stops reading the file here (misplaced option)".to_string(),
        };
        finding = finding.help(help);
        self.findings.push(finding);
    }

    fn mapping_option(&mut self, line: &Line, words: &[Word], index: usize) {
        match words[0].text.as_str() {
            "script" => {
                let span = line.span(words[0].start, words[0].len);
                if self.mappings[index].script {
                    self.findings.push(Finding::error(
                        "interfaces/duplicate-script",
                        span,
                        "duplicate script in mapping",
                    ));
                }
                self.mappings[index].script = true;
                self.value_comment(line, words);
            }
            "map" => {
                self.value_comment(line, words);
            }
            _ => self.misplaced(line, &words[0], true),
        }
    }

    fn iface_option(&mut self, line: &Line, words: &[Word], index: usize) {
        let name = &words[0];
        let name_span = line.span(name.start, name.len);
        if words.len() == 1 {
            self.findings.push(
                Finding::error(
                    "interfaces/empty-value",
                    name_span,
                    format!("option with empty value: `{}`", name.text),
                )
                .help("give the option a value or remove the line; ifupdown stops reading the file here"),
            );
        }
        let data_end = if is_command(&name.text) || words.len() == 1 {
            words.len()
        } else {
            self.value_comment(line, words).unwrap_or(words.len())
        };
        let opt = Opt {
            name: name.text.clone(),
            name_span,
            words: words[1..data_end]
                .iter()
                .map(|w| WordAt {
                    text: w.text.clone(),
                    span: line.span(w.start, w.len),
                })
                .collect(),
            inherited: false,
        };
        self.ifaces[index].options.push(opt);
    }

    /// Reports an end-of-line comment in an option's value; returns the index
    /// of the word it starts at.
    fn value_comment(&mut self, line: &Line, words: &[Word]) -> Option<usize> {
        let c = words.iter().skip(1).position(Word::is_comment)? + 1;
        let option = &words[0].text;
        let value = line.text_from(words[1].start);
        let comment = line.text_from(words[c].start);
        let mut help = String::from(COMMENT_HELP);
        if option == "address" {
            help = format!("ifup would run `ip addr add {value}/...`, which fails; {COMMENT_HELP}");
        }
        self.findings.push(
            Finding::error(
                "interfaces/trailing-comment",
                line.span_to_end(words[c].start),
                format!(
                    "end-of-line comment: ifupdown keeps `{comment}` as part of the value of `{option}` (`{value}`)"
                ),
            )
            .help(help),
        );
        Some(c)
    }
}

const COMMENT_HELP: &str = "move the comment to its own line: ifupdown treats `#` as a comment only at the start of a line";

// ---------------------------------------------------------------------------
// The `iface` line
// ---------------------------------------------------------------------------

/// What the words after `iface NAME` mean, as `read_interfaces_defn()` reads
/// them.
#[derive(Debug, Default)]
struct Header {
    family: Option<&'static Family>,
    method: Option<&'static Method>,
    /// Index of the `inherits` keyword.
    inherits_at: Option<usize>,
    /// Index of the first word after the method, when it is not `inherits`.
    extra_at: Option<usize>,
    /// Index of the last word ifupdown reads.
    last: usize,
}

fn parse_header(words: &[Word]) -> Header {
    let mut h = Header {
        last: 1,
        ..Header::default()
    };
    let Some(fam) = words.get(2) else {
        return h;
    };
    h.last = 2;
    h.family = family(&fam.text);
    match h.family {
        None if fam.text == "inherits" => h.inherits_at = Some(2),
        None => return h,
        Some(f) => {
            let Some(m) = words.get(3) else {
                return h;
            };
            h.last = 3;
            h.method = f.method(&m.text);
            if h.method.is_none() {
                if m.text == "inherits" {
                    h.inherits_at = Some(3);
                }
                return h;
            }
        }
    }
    if h.inherits_at.is_none() {
        match words.get(4) {
            Some(w) if w.text == "inherits" => h.inherits_at = Some(4),
            Some(_) => h.extra_at = Some(4),
            None => {}
        }
    }
    if let Some(k) = h.inherits_at {
        h.last = k + 1;
    } else if h.extra_at.is_some() {
        h.last = 4;
    }
    h
}

impl Reader {
    /// `iface NAME FAMILY METHOD [inherits OTHER]` lines.
    fn iface(&mut self, line: &Line, words: &[Word]) {
        let Some(name) = words.get(1) else {
            self.findings.push(
                Finding::error(
                    "interfaces/iface-syntax",
                    line.span(words[0].start, words[0].len),
                    "too few parameters for iface line",
                )
                .help("write `iface NAME inet METHOD`, e.g. `iface ens33 inet static`"),
            );
            self.open_iface(String::new(), line, words, None, None);
            return;
        };
        let h = parse_header(words);
        let mut family = h.family;
        let mut method = h.method;
        let ok = self.check_family_and_method(line, words, &h);
        let mut inherited = Vec::new();
        if ok {
            if let Some(k) = h.inherits_at {
                if let Some(parent) = self.inherit(line, words, k, family) {
                    let parent = &self.ifaces[parent];
                    family = family.or(parent.family);
                    method = method.or(parent.method);
                    inherited = parent.options.clone();
                    self.templates.insert(parent.name.clone());
                }
            } else if let Some(e) = h.extra_at {
                self.extra_parameter(line, &words[e]);
            }
            self.late_comment(line, words, &h);
        }
        let index = self.open_iface(name.text.clone(), line, words, family, method);
        for mut o in inherited {
            o.inherited = true;
            self.ifaces[index].options.push(o);
        }
    }

    /// Opens an `iface` stanza; returns its index.
    fn open_iface(
        &mut self,
        name: String,
        line: &Line,
        words: &[Word],
        family: Option<&'static Family>,
        method: Option<&'static Method>,
    ) -> usize {
        let name_word = words.get(1).unwrap_or(&words[0]);
        let last = words.get(3).or(words.last()).unwrap_or(&words[0]);
        self.ifaces.push(Iface {
            name,
            name_span: line.span(name_word.start, name_word.len),
            header_span: line.span(words[0].start, last.start + last.len - words[0].start),
            family,
            method,
            options: Vec::new(),
        });
        let index = self.ifaces.len() - 1;
        self.open = Open::Iface(index);
        index
    }

    /// Reports an unknown family or method; returns whether both are fine.
    fn check_family_and_method(&mut self, line: &Line, words: &[Word], h: &Header) -> bool {
        if h.family.is_none() && h.inherits_at.is_none() {
            let (span, help) = match words.get(2) {
                Some(w) => (
                    line.span(w.start, w.len),
                    slot_help(w, &["inet", "inet6", "ipx", "can"], "address family"),
                ),
                None => (
                    line.span_to_end(words[1].start + words[1].len),
                    "add the address family and method, e.g. `inet static`".to_string(),
                ),
            };
            self.findings.push(
                Finding::error(
                    "interfaces/unknown-family",
                    span,
                    "unknown or no address type and no inherits keyword specified",
                )
                .help(help),
            );
            return false;
        }
        if let (Some(f), None, None) = (h.family, h.method, h.inherits_at) {
            let methods = f.method_names();
            let (span, help) = match words.get(3) {
                Some(w) => (line.span(w.start, w.len), slot_help(w, &methods, f.name)),
                None => (
                    line.span_to_end(words[2].start + words[2].len),
                    format!("add the method: one of {}", list(&methods)),
                ),
            };
            self.findings.push(
                Finding::error(
                    "interfaces/unknown-method",
                    span,
                    "unknown or no method and no inherits keyword specified",
                )
                .help(help),
            );
            return false;
        }
        true
    }

    /// Resolves `inherits OTHER` at word `k`; returns the parent's index.
    fn inherit(
        &mut self,
        line: &Line,
        words: &[Word],
        k: usize,
        family: Option<&'static Family>,
    ) -> Option<usize> {
        let Some(parent) = words.get(k + 1) else {
            self.findings.push(Finding::error(
                "interfaces/iface-syntax",
                line.span(words[k].start, words[k].len),
                "'inherits' keyword is missing a parameter",
            ));
            return None;
        };
        let found = self.ifaces.iter().position(|i| {
            i.name == parent.text
                && family.is_none_or(|f| i.family.is_some_and(|g| g.name == f.name))
        });
        if found.is_none() {
            self.findings.push(
                Finding::error(
                    "interfaces/unknown-inherit",
                    line.span(parent.start, parent.len),
                    format!(
                        "unknown iface to inherit from: {} ({})",
                        parent.text,
                        family.map_or("*", |f| f.name)
                    ),
                )
                .help("the stanza to inherit from must come earlier in the file, with the same address family"),
            );
        }
        found
    }

    fn extra_parameter(&mut self, line: &Line, word: &Word) {
        let span = line.span_to_end(word.start);
        if word.is_comment() {
            self.findings.push(
                Finding::error(
                    "interfaces/trailing-comment",
                    span,
                    format!(
                        "end-of-line comment on an `iface` line: ifupdown warns `extra parameter for the iface line not understood and ignored: {}`",
                        word.text
                    ),
                )
                .help(COMMENT_HELP),
            );
        } else {
            self.findings.push(Finding::warning(
                "interfaces/extra-parameter",
                line.span(word.start, word.len),
                format!(
                    "extra parameter for the iface line not understood and ignored: {}",
                    word.text
                ),
            ));
        }
    }

    /// A comment after everything ifupdown reads on an `iface` line, which
    /// it silently ignores.
    fn late_comment(&mut self, line: &Line, words: &[Word], h: &Header) {
        if h.extra_at.is_some() {
            return;
        }
        if let Some(c) = words.iter().skip(h.last + 1).find(|w| w.is_comment()) {
            self.findings.push(
                Finding::error(
                    "interfaces/trailing-comment",
                    line.span_to_end(c.start),
                    "end-of-line comment on an `iface` line: ifupdown ignores everything after the inherited stanza's name",
                )
                .help(COMMENT_HELP),
            );
        }
    }
}

/// Help for a word in the family or method slot of an `iface` line.
fn slot_help(word: &Word, valid: &[&'static str], what: &str) -> String {
    if word.is_comment() {
        return format!(
            "ifupdown reads `{}` as the {what}: {COMMENT_HELP}",
            word.text
        );
    }
    match closest(&word.text, valid.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? valid: {}", list(valid)),
        None => format!("valid: {}", list(valid)),
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// Checks after reading
// ---------------------------------------------------------------------------

impl Reader {
    /// Checks the stanzas read and returns the report.
    fn finish(mut self) -> Report {
        let ifaces = std::mem::take(&mut self.ifaces);
        for iface in &ifaces {
            self.check_stanza(iface);
        }
        self.check_mappings();
        self.check_autos(&ifaces);
        self.findings.sort_by_key(|f| (f.span.line, f.span.column));
        Report {
            findings: self.findings,
            facts: self.facts,
        }
    }

    fn check_mappings(&mut self) {
        for m in &self.mappings {
            if !m.script {
                self.findings.push(
                    Finding::error(
                        "interfaces/mapping-without-script",
                        m.span,
                        "`mapping` stanza without a `script` line",
                    )
                    .help("ifup fails: `error trying to executing mapping script (null)`; add `script /path/to/script`"),
                );
            }
        }
    }

    /// Each `auto`/`allow-*` name needs an `iface` stanza (or a mapping).
    fn check_autos(&mut self, ifaces: &[Iface]) {
        let defined: HashSet<&str> = ifaces.iter().map(|i| i.name.as_str()).collect();
        let loopback = ifaces
            .iter()
            .find(|i| i.method.is_some_and(|m| m.name == "loopback"));
        // ifupdown defines `lo` itself unless some stanza uses the loopback
        // method; `auto lo` is always implied.
        let lo_defined = defined.contains("lo") || loopback.is_none();
        for auto in &self.autos {
            let (physical, logical) = match auto.name.split_once('=') {
                Some((p, l)) => (p, l),
                None => (auto.name.as_str(), auto.name.as_str()),
            };
            if physical.contains('/') && !auto.name.contains('=') {
                continue; // a pattern (`[VARIABLE]/VALUE[/N]`) over the kernel's interfaces
            }
            let mapped = self
                .mappings
                .iter()
                .any(|m| m.patterns.iter().any(|p| glob_match(p, physical)));
            // a sourced file may define it: `ifquery` reads those too
            if defined.contains(logical)
                || (logical == "lo" && lo_defined)
                || mapped
                || self.sources
            {
                continue;
            }
            self.findings.push(
                Finding::error(
                    "interfaces/auto-without-iface",
                    auto.span,
                    format!("unknown interface {logical}"),
                )
                .help(format!(
                    "add an `iface {logical} inet ...` stanza, or remove `{logical}` from this line"
                )),
            );
        }
        if let (Some(lo), false) = (loopback, defined.contains("lo")) {
            self.findings.push(
                Finding::error("interfaces/auto-without-iface", lo.name_span, "unknown interface lo")
                    .help(format!(
                        "the loopback method on `{}` stops ifupdown from defining `lo` itself, but `auto lo` stays implied; name this stanza `lo`",
                        lo.name
                    )),
            );
        }
    }

    /// Checks one `iface` stanza: repeated, unknown and required options,
    /// values; records facts.
    fn check_stanza(&mut self, iface: &Iface) {
        let (Some(family), Some(method)) = (iface.family, iface.method) else {
            return;
        };
        self.check_repeats(iface);
        self.check_required(iface, family, method);
        for opt in iface.options.iter().filter(|o| !o.inherited) {
            self.check_option_name(opt, family, method);
        }
        let mask = stanza_mask(iface, family);
        // semantic::check compares every netmask with the first address of
        // the file: only the first addressed stanza's netmask is a fact (the
        // others are in their own address's prefix)
        let first = !self.facts.iter().any(|f| {
            matches!(
                f,
                Fact::Address {
                    prefix: Some(_),
                    ..
                }
            )
        });
        // `inet6 tunnel` with `mode ipip6` carries IPv4: its address, netmask
        // and gateway go to `ip -4` (ifupdown's inet6.defn)
        let ipip6 = family.name == "inet6"
            && method.name == "tunnel"
            && iface.options.iter().any(|o| {
                o.name == "mode"
                    && o.first()
                        .is_some_and(|w| w.text.eq_ignore_ascii_case("ipip6"))
            });
        let applies =
            |o: &&Opt| !o.inherited && (method.has_option(&o.name) || is_generic_option(&o.name));
        for opt in iface.options.iter().filter(applies) {
            if ipip6 {
                self.check_ipip6_value(opt);
            } else {
                self.check_value(opt, family, method, mask, first);
            }
        }
    }

    /// The IPv4 values of an `inet6 tunnel` stanza with `mode ipip6`.
    fn check_ipip6_value(&mut self, opt: &Opt) {
        let Some(word) = opt.first() else {
            return;
        };
        let why = match opt.name.as_str() {
            "address" => parse_v4_cidr(&word.text).err(),
            "netmask" => parse_len(&word.text, 32).err(),
            "gateway" => parse_v4(&word.text).err(),
            name => value_problem(name, "inet6", &word.text).map(|(_, why)| why),
        };
        if let Some(why) = why {
            let rule = match opt.name.as_str() {
                "netmask" => "interfaces/invalid-netmask",
                "gateway" => "interfaces/invalid-gateway",
                "mtu" | "metric" => "interfaces/invalid-number",
                _ => "interfaces/invalid-address",
            };
            self.findings.push(
                Finding::error(rule, word.span, format!("invalid value `{}`: {why}", word.text))
                    .help("with `mode ipip6` the tunnel carries IPv4: ifupdown gives `address`, `netmask` and `gateway` to `ip -4`"),
            );
        }
    }

    fn check_repeats(&mut self, iface: &Iface) {
        // an inherited option counts as set before all of the stanza's own
        let mut first: HashMap<&str, &Opt> = HashMap::new();
        for opt in iface.options.iter().filter(|o| o.inherited) {
            first.entry(opt.name.as_str()).or_insert(opt);
        }
        for opt in iface.options.iter().filter(|o| !o.inherited) {
            if is_command(&opt.name) {
                continue;
            }
            let Some(earlier) = first.get(opt.name.as_str()).copied() else {
                first.insert(opt.name.as_str(), opt);
                continue;
            };
            let message = if earlier.inherited {
                format!(
                    "`{}` is already set by the inherited stanza: ifupdown appends this value to it instead of replacing it",
                    opt.name
                )
            } else {
                format!("`{}` is repeated in this stanza", opt.name)
            };
            let help = if opt.name == "address" {
                "ifupdown joins repeated values with a newline and `ip addr add` uses only the first; add more addresses with a second `iface` stanza for the same interface"
            } else {
                "ifupdown joins repeated values with a newline and only the first one takes effect; keep one line"
            };
            self.findings.push(
                Finding::warning("interfaces/duplicate-option", opt.name_span, message).help(help),
            );
        }
    }

    /// Required options; a template (a stanza others inherit from, and that
    /// is never brought up itself) needs none.
    fn check_required(&mut self, iface: &Iface, family: &Family, method: &Method) {
        if self.templates.contains(&iface.name) {
            let brought_up = self.autos.iter().any(|a| {
                let logical = a.name.split_once('=').map_or(a.name.as_str(), |(_, l)| l);
                logical == iface.name
            });
            if !brought_up {
                return;
            }
        }
        for req in method.required() {
            if iface.options.iter().any(|o| o.name == req) {
                continue;
            }
            let rule = if req == "address" {
                "interfaces/missing-address"
            } else {
                "interfaces/missing-option"
            };
            self.findings.push(
                Finding::error(rule, iface.header_span, format!("missing required variable: {req}"))
                    .help(format!(
                        "`{} {}` needs `{req}`; ifup fails with `missing required configuration variables for interface {}/{}`",
                        family.name, method.name, iface.name, family.name
                    )),
            );
        }
    }

    fn check_option_name(&mut self, opt: &Opt, family: &Family, method: &Method) {
        let name = opt.name.as_str();
        if method.has_option(name) || is_generic_option(name) {
            return;
        }
        let here = format!("{} {}", family.name, method.name);
        let (message, help) = if is_method_option(name) {
            (
                format!("`{name}` is not an option of the `{here}` method"),
                format!(
                    "ifupdown ignores it here; `{here}` takes {}",
                    if method.options.is_empty() {
                        "no options".to_string()
                    } else {
                        list(&method.options())
                    }
                ),
            )
        } else {
            let own = method.options();
            let candidates = own
                .iter()
                .chain(COMMANDS.iter())
                .chain(HOOK_OPTIONS.iter())
                .chain(STANZAS.iter());
            let hint = match closest(name, candidates.copied()) {
                Some(s) => format!("did you mean `{s}`? "),
                None => String::new(),
            };
            (
                format!("unknown option `{name}` for `{here}`"),
                format!(
                    "{hint}ifupdown does not check option names: it only passes `{name}` to hook scripts, so the setting silently does nothing"
                ),
            )
        };
        self.findings
            .push(Finding::warning("interfaces/unknown-option", opt.name_span, message).help(help));
    }
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// The netmask of a stanza as a prefix length, when its first `netmask`
/// (own or inherited) is valid: ifupdown prefers it over `/LEN`.
fn stanza_mask(iface: &Iface, family: &Family) -> Option<(u8, Span)> {
    let opt = iface.options.iter().find(|o| o.name == "netmask")?;
    let word = opt.first()?;
    let prefix = match family.name {
        "inet" => parse_v4_mask(&word.text).ok()?,
        "inet6" => parse_len(&word.text, 128).ok()?,
        _ => return None,
    };
    Some((prefix, word.span))
}

/// Options that take exactly one word.
const SINGLE_VALUED: [&str; 6] = [
    "address",
    "netmask",
    "gateway",
    "broadcast",
    "mtu",
    "metric",
];

impl Reader {
    fn check_value(
        &mut self,
        opt: &Opt,
        family: &Family,
        method: &Method,
        mask: Option<(u8, Span)>,
        first_stanza: bool,
    ) {
        let Some(first) = opt.first() else {
            return;
        };
        if SINGLE_VALUED.contains(&opt.name.as_str()) && opt.words.len() > 1 {
            self.multiple_values(opt);
        }
        match (opt.name.as_str(), family.name) {
            ("address", "inet") => self.v4_address(first, method, mask, opt.words.len() == 1),
            ("netmask", "inet") => self.v4_netmask(first, first_stanza),
            ("gateway", "inet") => match parse_v4(&first.text) {
                Ok(addr) => self.facts.push(Fact::Gateway {
                    addr,
                    span: first.span,
                }),
                Err(why) => self.invalid("interfaces/invalid-gateway", first, &why),
            },
            ("dns-nameservers" | "dns-nameserver", _) => self.nameservers(opt),
            (name, family) => {
                if let Some((rule, why)) = value_problem(name, family, &first.text) {
                    self.invalid(rule, first, &why);
                }
            }
        }
    }

    fn multiple_values(&mut self, opt: &Opt) {
        let second = &opt.words[1];
        let last = &opt.words[opt.words.len() - 1];
        let len = if second.span.line == last.span.line {
            last.span.column + last.span.len - second.span.column
        } else {
            second.span.len
        };
        let rest: Vec<&str> = opt.words[1..].iter().map(|w| w.text.as_str()).collect();
        let help = if opt.name == "address" && rest.first() == Some(&"netmask") {
            "put `netmask` on its own line, or write the prefix length: `address A/LEN`".to_string()
        } else {
            format!("keep one value per `{}` line", opt.name)
        };
        self.findings.push(
            Finding::error(
                "interfaces/multiple-values",
                Span::new(second.span.line, second.span.column, len),
                format!(
                    "`{}` takes one value, but ifupdown passes `{} {}` on as one",
                    opt.name,
                    opt.words[0].text,
                    rest.join(" ")
                ),
            )
            .help(format!("{help}; at runtime `ip` rejects it (e.g. `Error: either \"local\" is duplicate, or \"netmask\" is a garbage.`)")),
        );
    }

    fn invalid(&mut self, rule: &'static str, word: &WordAt, why: &str) {
        self.findings.push(Finding::error(
            rule,
            word.span,
            format!("invalid value `{}`: {why}", word.text),
        ));
    }

    /// Checks an IPv4 `address` and records it; `alone` when it is the only
    /// word of the value (else `multiple-values` already reported it).
    fn v4_address(
        &mut self,
        word: &WordAt,
        method: &Method,
        mask: Option<(u8, Span)>,
        alone: bool,
    ) {
        let (addr, len) = match parse_v4_cidr(&word.text) {
            Ok(v) => v,
            Err(why) => {
                let mut f = Finding::error(
                    "interfaces/invalid-address",
                    word.span,
                    format!("invalid address `{}`: {why}", word.text),
                );
                if is_placeholder(&word.text) {
                    f = f
                        .help("a placeholder is left: replace it with the address of this machine");
                } else if why.contains("/0") {
                    f = f.help("ifupdown accepts it silently and configures the address as /0: use 1 to 32");
                } else {
                    f = f.help("ifup accepts it, then `ip` fails at runtime: `any valid prefix is expected`");
                }
                self.findings.push(f);
                return;
            }
        };
        let prefix = match (mask, len) {
            (Some((m, span)), Some(l)) => {
                if m != l {
                    self.findings.push(
                        Finding::warning(
                            "interfaces/netmask-conflict",
                            span,
                            format!("the netmask (/{m}) contradicts `/{l}` in `address`"),
                        )
                        .help(format!(
                            "ifupdown uses the netmask and ignores /{l}; keep one of them"
                        )),
                    );
                }
                Some(m)
            }
            (Some((m, _)), None) => Some(m),
            (None, l) => l,
        };
        if prefix.is_none() && method.name == "static" && alone {
            self.findings.push(
                Finding::warning(
                    "interfaces/missing-prefix",
                    word.span,
                    format!("`{addr}` has no prefix length and the stanza has no `netmask`"),
                )
                .help(format!(
                    "ifupdown guesses the classful netmask /{}; write `address {addr}/LEN`",
                    classful(addr)
                )),
            );
        }
        self.facts.push(Fact::Address {
            addr,
            prefix,
            span: word.span,
        });
    }

    /// Checks an IPv4 `netmask`; records it when `fact`.
    fn v4_netmask(&mut self, word: &WordAt, fact: bool) {
        match parse_v4_mask(&word.text) {
            Ok(len) if fact => self.facts.push(Fact::Netmask {
                mask: mask_of(len),
                span: word.span,
            }),
            Ok(_) => {}
            Err(why) => self.findings.push(
                Finding::error(
                    "interfaces/invalid-netmask",
                    word.span,
                    format!("invalid netmask `{}`: {why}", word.text),
                )
                .help("ifup accepts it, then `ip` fails at runtime: `any valid prefix is expected`; write a contiguous mask such as 255.255.255.0, or a length from 0 to 32"),
            ),
        }
    }

    fn nameservers(&mut self, opt: &Opt) {
        for word in &opt.words {
            match parse_ip(&word.text) {
                Ok(addr) => self.facts.push(Fact::Nameserver {
                    addr,
                    span: word.span,
                }),
                Err(why) => self.findings.push(
                    Finding::error(
                        "interfaces/invalid-nameserver",
                        word.span,
                        format!("invalid nameserver `{}`: {why}", word.text),
                    )
                    .help(
                        "resolvconf writes it into resolv.conf as is, and glibc ignores the line",
                    ),
                ),
            }
        }
    }
}

/// What is wrong with the value `text` of option `name` in `family`, for
/// the values that give no fact: the rule and why.
fn value_problem(name: &str, family: &str, text: &str) -> Option<(&'static str, String)> {
    match (name, family) {
        ("address", "inet6") => parse_v6_cidr(text)
            .err()
            .map(|why| ("interfaces/invalid-address", why)),
        ("netmask", "inet6") => parse_len(text, 128)
            .err()
            .map(|why| ("interfaces/invalid-netmask", why)),
        ("gateway", "inet6") => text.parse::<Ipv6Addr>().is_err().then(|| {
            (
                "interfaces/invalid-gateway",
                "not an IPv6 address".to_string(),
            )
        }),
        ("broadcast", "inet") if !matches!(text, "+" | "-") => parse_v4(text)
            .err()
            .map(|why| ("interfaces/invalid-address", why)),
        ("mtu" | "metric", _) if !text.bytes().all(|b| b.is_ascii_digit()) => Some((
            "interfaces/invalid-number",
            "expected a whole number".to_string(),
        )),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Address parsing
// ---------------------------------------------------------------------------

/// Parses a dotted-quad IPv4 address, explaining what is wrong otherwise.
fn parse_v4(text: &str) -> Result<Ipv4Addr, String> {
    if let Ok(a) = text.parse::<Ipv4Addr>() {
        return Ok(a);
    }
    let parts: Vec<&str> = text.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() == 4 && parts.iter().all(numeric) {
        if parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
            return Err("leading zeros (C's inet_aton reads them as octal)".to_string());
        }
        return Err("each of the four numbers must be 0 to 255".to_string());
    }
    Err("not an IPv4 address (four numbers 0-255 separated by dots)".to_string())
}

/// Parses an IPv4 or IPv6 address.
fn parse_ip(text: &str) -> Result<IpAddr, String> {
    if text.contains(':') {
        // glibc accepts a zone (`fe80::1%eth0`) after the address
        let addr = text.split_once('%').map_or(text, |(a, _)| a);
        return addr
            .parse::<Ipv6Addr>()
            .map(IpAddr::V6)
            .map_err(|_| "not an IPv6 address".to_string());
    }
    if text.contains('/') {
        return Err("a nameserver is a bare address, without a prefix length".to_string());
    }
    parse_v4(text).map(IpAddr::V4)
}

/// Parses `A` or `A/LEN` with an IPv6 `A` and LEN from 0 to 128.
fn parse_v6_cidr(text: &str) -> Result<(), String> {
    let (addr, len) = match text.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (text, None),
    };
    if addr.parse::<Ipv6Addr>().is_err() {
        return Err("not an IPv6 address".to_string());
    }
    len.map_or(Ok(()), |l| parse_len(l, 128).map(drop))
}

/// Parses a prefix length from 0 to `max`.
fn parse_len(text: &str, max: u8) -> Result<u8, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("expected a prefix length from 0 to {max}"));
    }
    match text.parse::<u32>() {
        Ok(n) if n <= u32::from(max) => Ok(n as u8),
        _ => Err(format!("prefix length /{text} is greater than {max}")),
    }
}

/// Parses an IPv4 netmask, dotted or as a length, into a prefix length.
fn parse_v4_mask(text: &str) -> Result<u8, String> {
    if text.contains('.') {
        let mask = parse_v4(text)?;
        return ipnet::ipv4_mask_to_prefix(mask)
            .map_err(|_| "the mask's one-bits are not contiguous".to_string());
    }
    parse_len(text, 32)
}

/// Parses `A` or `A/LEN` (or `A/MASK`), with LEN from 1 to 32.
fn parse_v4_cidr(text: &str) -> Result<(Ipv4Addr, Option<u8>), String> {
    let Some((addr, len)) = text.split_once('/') else {
        return parse_v4(text).map(|a| (a, None));
    };
    let addr = parse_v4(addr)?;
    if len.is_empty() {
        return Err("empty prefix length after `/`".to_string());
    }
    let prefix = if len.contains('.') {
        parse_v4_mask(len)?
    } else if len.bytes().all(|b| b.is_ascii_digit()) {
        match len.parse::<u32>() {
            Ok(n @ 1..=32) => n as u8,
            _ => {
                return Err(format!(
                    "prefix length /{len} is out of range 1-32 (ifupdown configures /0)"
                ));
            }
        }
    } else {
        return Err(format!("`{len}` is not a prefix length"));
    };
    Ok((addr, Some(prefix)))
}

/// The netmask with `len` leading one-bits.
fn mask_of(len: u8) -> Ipv4Addr {
    let bits = u32::MAX
        .checked_shl(32 - u32::from(len.min(32)))
        .unwrap_or(0);
    Ipv4Addr::from(bits)
}

/// The classful prefix ifupdown guesses for an address without one.
fn classful(addr: Ipv4Addr) -> u8 {
    match addr.octets()[0] {
        0..=127 => 8,
        128..=191 => 16,
        192..=223 => 24,
        _ => 32,
    }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Shell-glob matching (`*`, `?`, `[...]`), as `fnmatch(3)` does for
/// mapping patterns.
fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while ni < n.len() {
        let step = match p.get(pi) {
            Some('*') => {
                backtrack = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => Some(pi + 1),
            Some('[') => match_class(&p, pi, n[ni]),
            Some(&c) if c == n[ni] => Some(pi + 1),
            _ => None,
        };
        match (step, backtrack) {
            (Some(next), _) => {
                pi = next;
                ni += 1;
            }
            (None, Some((star, from))) => {
                pi = star + 1;
                ni = from + 1;
                backtrack = Some((star, from + 1));
            }
            (None, None) => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches `c` against the bracket expression at `p[start]`; returns the
/// index after it on a match. An unclosed `[` matches itself.
fn match_class(p: &[char], start: usize, c: char) -> Option<usize> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() && (first || p[i] != ']') {
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&e| e != ']') {
            matched |= p[i] <= c && c <= p[i + 2];
            i += 3;
        } else {
            matched |= p[i] == c;
            i += 1;
        }
    }
    if i >= p.len() {
        return (c == '[').then_some(start + 1);
    }
    (matched != negate).then_some(i + 1)
}

/// The candidate closest to `word` within a small edit distance, for "did
/// you mean" hints ([`crate::diagnostic::closest`]). Shared with the other
/// line-grammar validators.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    crate::diagnostic::closest(word, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    use crate::validate::testing::assert_at;

    /// The one finding of `text` with `rule`.
    #[track_caller]
    fn only(text: &str, rule: &str) -> Finding {
        crate::validate::testing::only(crate::validate::Format::Interfaces, text, rule)
    }

    const GOOD: &str = "auto lo\niface lo inet loopback\n\nauto ens33\niface ens33 inet static\n    address 10.20.5.6\n    netmask 255.255.0.0\n    gateway 10.20.0.1\n    dns-nameservers 10.20.0.1 8.8.8.8\n";

    #[test]
    fn good_file_has_no_findings_and_all_facts() {
        let report = check(GOOD);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(
            report.facts,
            vec![
                Fact::Address {
                    addr: Ipv4Addr::new(10, 20, 5, 6),
                    prefix: Some(16),
                    span: Span::new(6, 13, 9)
                },
                Fact::Netmask {
                    mask: Ipv4Addr::new(255, 255, 0, 0),
                    span: Span::new(7, 13, 11)
                },
                Fact::Gateway {
                    addr: Ipv4Addr::new(10, 20, 0, 1),
                    span: Span::new(8, 13, 9)
                },
                Fact::Nameserver {
                    addr: "10.20.0.1".parse().unwrap(),
                    span: Span::new(9, 21, 9)
                },
                Fact::Nameserver {
                    addr: "8.8.8.8".parse().unwrap(),
                    span: Span::new(9, 31, 7)
                },
            ]
        );
    }

    #[test]
    fn prefix_comes_from_cidr_address() {
        let report = check("iface e0 inet static\n address 10.7.0.128/24\n");
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert!(matches!(
            report.facts[..],
            [Fact::Address {
                prefix: Some(24),
                ..
            }]
        ));
    }

    #[test]
    fn misplaced_option() {
        let f = only("address 10.0.0.1\n", "interfaces/misplaced-option");
        assert_at(&f, Severity::Error, 1, 1);
        let f = only(
            "mapping eth*\n script /bin/true\n address 1.2.3.4\n",
            "interfaces/misplaced-option",
        );
        assert_at(&f, Severity::Error, 3, 2);
        // `rename` and `source` end a stanza, as in ifupdown
        let f = only(
            "iface e0 inet manual\nrename a=b\n mtu 1500\n",
            "interfaces/misplaced-option",
        );
        assert_at(&f, Severity::Error, 3, 2);
    }

    #[test]
    fn bare_auto_line_keeps_the_stanza_open() {
        // observed with ifupdown 0.8.41: only a named `auto` ends the stanza
        let text = "iface e0 inet static\n address 10.0.0.1/24\nauto\n mtu 1500\n";
        assert!(
            check(text).findings.is_empty(),
            "{:#?}",
            check(text).findings
        );
        only(
            "iface e0 inet static\n address 10.0.0.1/24\nauto e0\n mtu 1500\n",
            "interfaces/misplaced-option",
        );
    }

    #[test]
    fn misplaced_option_suggests_a_stanza_keyword() {
        let f = only("ifcae e0 inet static\n", "interfaces/misplaced-option");
        assert!(f.help.unwrap().contains("`iface`"));
    }

    #[test]
    fn unknown_family() {
        let f = only("iface e0 ipv4 static\n", "interfaces/unknown-family");
        assert_at(&f, Severity::Error, 1, 10);
        assert_eq!(
            f.message,
            "unknown or no address type and no inherits keyword specified"
        );
        let f = only("iface e0\n", "interfaces/unknown-family");
        assert_at(&f, Severity::Error, 1, 9);
        // ifupdown 0.8.41 has no `link` family
        only("iface e0 link manual\n", "interfaces/unknown-family");
    }

    #[test]
    fn unknown_method() {
        let f = only("iface e0 inet statik\n", "interfaces/unknown-method");
        assert_at(&f, Severity::Error, 1, 15);
        assert!(f.help.unwrap().contains("did you mean `static`"));
        only("iface e0 inet\n", "interfaces/unknown-method");
        only("iface e0 inet auto\n", "interfaces/unknown-method");
        only("iface e0 can manual\n", "interfaces/unknown-method");
        assert!(check("iface e0 inet6 auto\n").findings.is_empty());
    }

    #[test]
    fn iface_syntax() {
        let f = only("iface\n", "interfaces/iface-syntax");
        assert_at(&f, Severity::Error, 1, 1);
        let f = only("iface e0 inet static inherits\n", "interfaces/iface-syntax");
        assert_at(&f, Severity::Error, 1, 22);
    }

    #[test]
    fn unknown_inherit() {
        let f = only(
            "iface e0 inet static inherits base\n address 1.2.3.4/24\n",
            "interfaces/unknown-inherit",
        );
        assert_at(&f, Severity::Error, 1, 31);
        assert_eq!(f.message, "unknown iface to inherit from: base (inet)");
    }

    #[test]
    fn inherits_copies_options_and_method() {
        let text = "iface base inet static\n address 10.0.0.1/24\niface e0 inherits base\n";
        assert!(
            check(text).findings.is_empty(),
            "{:#?}",
            check(text).findings
        );
        let f = only(
            "iface base inet static\n address 10.0.0.1/24\niface e0 inet static inherits base\n address 10.0.0.2/24\n",
            "interfaces/duplicate-option",
        );
        assert_at(&f, Severity::Warning, 4, 2);
        assert!(f.message.contains("inherited"));
    }

    #[test]
    fn templates_need_no_required_options() {
        let text = "iface ethernet inet static\n mtu 1500\nauto eth0\niface eth0 inet static inherits ethernet\n address 10.0.0.2/24\n";
        assert!(
            check(text).findings.is_empty(),
            "{:#?}",
            check(text).findings
        );
        // unless the template is brought up itself
        only(
            &format!("auto ethernet\n{text}"),
            "interfaces/missing-address",
        );
    }

    #[test]
    fn extra_parameter() {
        let f = only(
            "iface e0 inet static extra\n address 1.2.3.4/24\n",
            "interfaces/extra-parameter",
        );
        assert_at(&f, Severity::Warning, 1, 22);
    }

    #[test]
    fn empty_value() {
        let text = "iface e0 inet static\n address\n";
        let f = only(text, "interfaces/empty-value");
        assert_at(&f, Severity::Error, 2, 2);
        assert!(
            check(text)
                .findings
                .iter()
                .all(|f| f.rule != "interfaces/missing-address")
        );
    }

    #[test]
    fn duplicate_script_and_mapping_without_script() {
        let f = only(
            "mapping e*\n script /a\n script /b\n",
            "interfaces/duplicate-script",
        );
        assert_at(&f, Severity::Error, 3, 2);
        let f = only("mapping e*\n map x\n", "interfaces/mapping-without-script");
        assert_at(&f, Severity::Error, 1, 1);
    }

    #[test]
    fn missing_address() {
        let f = only(
            "auto ens33\niface ens33 inet static\n gateway 10.0.0.1\n",
            "interfaces/missing-address",
        );
        assert_at(&f, Severity::Error, 2, 1);
        assert_eq!(f.message, "missing required variable: address");
        // every stanza needs its own, even for the same interface
        only(
            "iface e0 inet static\n address 10.0.0.1/24\niface e0 inet static\n gateway 10.0.0.2\n",
            "interfaces/missing-address",
        );
    }

    #[test]
    fn missing_option() {
        let report = check("iface t0 inet tunnel\n address 10.0.0.1\n");
        let missing: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.rule == "interfaces/missing-option")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            missing,
            [
                "missing required variable: mode",
                "missing required variable: endpoint"
            ]
        );
        let f = only("iface can0 can static\n", "interfaces/missing-option");
        assert_at(&f, Severity::Error, 1, 1);
    }

    #[test]
    fn auto_without_iface() {
        let f = only(
            "auto e0 e1\niface e0 inet dhcp\n",
            "interfaces/auto-without-iface",
        );
        assert_at(&f, Severity::Error, 1, 9);
        assert_eq!(f.message, "unknown interface e1");
        only("allow-hotplug e1\n", "interfaces/auto-without-iface");
        only(
            "auto e0=foo\niface e0 inet dhcp\n",
            "interfaces/auto-without-iface",
        );
        // lo is implicit, patterns match kernel names, mappings pick names
        for ok in [
            "auto lo\n",
            "auto /eth*\n",
            "auto mac/00:11:22:*/1=eth\niface eth inet dhcp\n",
            "auto ens3/3\n",
            "auto e0=foo\niface foo inet dhcp\n",
            "auto e0\nmapping e*\n script /bin/true\n",
        ] {
            assert!(
                check(ok).findings.is_empty(),
                "{ok}: {:#?}",
                check(ok).findings
            );
        }
    }

    #[test]
    fn loopback_method_on_another_name_loses_lo() {
        let f = only("iface e0 inet loopback\n", "interfaces/auto-without-iface");
        assert_at(&f, Severity::Error, 1, 7);
        assert_eq!(f.message, "unknown interface lo");
    }

    #[test]
    fn trailing_comment_on_auto_line() {
        let f = only(
            "auto ens33  # ens33 name from ip addr\niface ens33 inet dhcp\n",
            "interfaces/trailing-comment",
        );
        assert_at(&f, Severity::Error, 1, 13);
        assert!(f.message.contains("interface names"), "{}", f.message);
        assert!(f.help.unwrap().contains("unknown interface #"));
        // the comment's words are not also reported as unknown interfaces
        assert!(
            check("auto ens33 # x\niface ens33 inet dhcp\n")
                .findings
                .iter()
                .all(|f| f.rule != "interfaces/auto-without-iface")
        );
    }

    #[test]
    fn trailing_comment_on_option_line() {
        let text = "iface e0 inet static\n address 10.7.0.128   # note\n netmask 24\n";
        let f = only(text, "interfaces/trailing-comment");
        assert_at(&f, Severity::Error, 2, 23);
        assert!(f.message.contains("`# note`"), "{}", f.message);
        // the value before the comment is still read
        assert!(matches!(
            check(text).facts[0],
            Fact::Address {
                prefix: Some(24),
                ..
            }
        ));
    }

    #[test]
    fn trailing_comment_in_a_mapping() {
        // ifup execs "/bin/echo # c" as the script's path, and fails
        let f = only(
            "mapping eth*\n script /bin/echo # c\n",
            "interfaces/trailing-comment",
        );
        assert_at(&f, Severity::Error, 2, 19);
        // more patterns are harmless
        let f = only(
            "mapping eth* # NICs\n script /bin/echo\n",
            "interfaces/trailing-comment",
        );
        assert_at(&f, Severity::Warning, 1, 14);
    }

    #[test]
    fn trailing_comment_on_iface_line() {
        let f = only("iface e0 inet dhcp # DHCP\n", "interfaces/trailing-comment");
        assert_at(&f, Severity::Error, 1, 20);
        let f = only("iface e0 inet # static\n", "interfaces/unknown-method");
        assert!(f.help.unwrap().contains("comment"));
    }

    #[test]
    fn comments_in_commands_and_sources_are_shell_comments() {
        let text = "source interfaces.d/* # local files\niface e0 inet manual\n up ip link set e0 promisc on # sniff\n";
        assert!(
            check(text).findings.is_empty(),
            "{:#?}",
            check(text).findings
        );
    }

    #[test]
    fn hash_inside_a_word_is_no_comment() {
        let text = "iface w0 inet dhcp\n wpa-ssid my#net\n wpa-psk secret\n";
        assert!(
            check(text).findings.is_empty(),
            "{:#?}",
            check(text).findings
        );
    }

    #[test]
    fn invalid_address() {
        for (text, col) in [
            ("iface e0 inet static\n address 192.168.300.1/24\n", 10),
            ("iface e0 inet static\n address 10.7.0.128/33\n", 10),
            ("iface e0 inet static\n address 10.7.0.128/0\n", 10),
            ("iface e0 inet static\n address 010.7.0.128/24\n", 10),
            ("iface e0 inet static\n address 10.7.0.128/\n", 10),
            ("iface e0 inet6 static\n address 10.7.0.128/64\n", 10),
            ("iface e0 inet6 static\n address fe80::1/129\n", 10),
        ] {
            let f = only(text, "interfaces/invalid-address");
            assert_at(&f, Severity::Error, 2, col);
        }
        let f = only(
            "iface e0 inet static\n address 10.7.0.128/33\n",
            "interfaces/invalid-address",
        );
        assert!(f.help.unwrap().contains("/0"));
    }

    #[test]
    fn invalid_netmask() {
        for mask in ["255.255.0.255", "33", "255.255.255.256", "0xffffff00"] {
            let text = format!("iface e0 inet static\n address 10.7.0.128\n netmask {mask}\n");
            let f = only(&text, "interfaces/invalid-netmask");
            assert_at(&f, Severity::Error, 3, 10);
        }
        for mask in ["24", "0", "32", "255.255.255.0", "0.0.0.0"] {
            let text = format!("iface e0 inet static\n address 10.7.0.128\n netmask {mask}\n");
            assert!(!check(&text).has_errors(), "{mask}");
        }
    }

    #[test]
    fn invalid_gateway_nameserver_and_number() {
        let f = only(
            "iface e0 inet static\n address 10.0.0.2/24\n gateway 10.0.0.256\n",
            "interfaces/invalid-gateway",
        );
        assert_at(&f, Severity::Error, 3, 10);
        let f = only(
            "iface e0 inet static\n address 10.0.0.2/24\n dns-nameservers 8.8.8.8 8.8.4.4/32\n",
            "interfaces/invalid-nameserver",
        );
        assert_at(&f, Severity::Error, 3, 26);
        let f = only(
            "iface e0 inet static\n address 10.0.0.2/24\n mtu 1500b\n",
            "interfaces/invalid-number",
        );
        assert_at(&f, Severity::Error, 3, 6);
    }

    #[test]
    fn multiple_values() {
        let f = only(
            "iface e0 inet static\n address 10.7.0.128 netmask 255.255.255.0\n",
            "interfaces/multiple-values",
        );
        assert_at(&f, Severity::Error, 2, 21);
        assert_eq!(f.span.len, 21);
        assert!(f.help.unwrap().contains("/LEN"));
    }

    #[test]
    fn duplicate_option() {
        let f = only(
            "iface e0 inet static\n address 10.7.0.128/24\n address 10.7.0.129/24\n",
            "interfaces/duplicate-option",
        );
        assert_at(&f, Severity::Warning, 3, 2);
        // commands may repeat
        let text = "iface e0 inet manual\n up true\n up true\n post-up true\n";
        assert!(check(text).findings.is_empty());
    }

    #[test]
    fn unknown_option() {
        let f = only(
            "iface e0 inet static\n address 10.7.0.128/24\n gatway 10.7.0.2\n",
            "interfaces/unknown-option",
        );
        assert_at(&f, Severity::Warning, 3, 2);
        assert!(f.help.unwrap().contains("did you mean `gateway`"));
        let f = only(
            "iface e0 inet dhcp\n address 10.7.0.128/24\n",
            "interfaces/unknown-option",
        );
        assert!(
            f.message
                .contains("not an option of the `inet dhcp` method")
        );
        // an option that does not apply gives no facts
        assert!(
            check("iface e0 inet dhcp\n address 10.7.0.128/24\n")
                .facts
                .is_empty()
        );
        let f = only(
            "iface e0 inet dhcp\n dns-nameserves 1.1.1.1\n",
            "interfaces/unknown-option",
        );
        assert!(f.help.unwrap().contains("dns-nameservers"));
        let hooks = "iface br0 inet manual\n bridge_ports eth0\n bond-mode 802.3ad\n vlan-raw-device eth0\n wpa-ssid x\n hwaddress 00:11:22:33:44:55\n mtu 9000\n description uplink\n";
        assert!(
            check(hooks).findings.is_empty(),
            "{:#?}",
            check(hooks).findings
        );
    }

    #[test]
    fn netmask_conflict() {
        let text = "iface e0 inet static\n address 10.7.0.128/24\n netmask 255.255.0.0\n";
        let f = only(text, "interfaces/netmask-conflict");
        assert_at(&f, Severity::Warning, 3, 10);
        // ifupdown uses the netmask
        assert!(matches!(
            check(text).facts[0],
            Fact::Address {
                prefix: Some(16),
                ..
            }
        ));
    }

    #[test]
    fn missing_prefix() {
        let text = "iface e0 inet static\n address 10.7.0.128\n";
        let f = only(text, "interfaces/missing-prefix");
        assert_at(&f, Severity::Warning, 2, 10);
        assert!(f.help.unwrap().contains("/8"));
        assert!(matches!(
            check(text).facts[0],
            Fact::Address { prefix: None, .. }
        ));
    }

    #[test]
    fn continuation_lines_join_and_keep_positions() {
        let text = "auto e0 \\\n  e1\niface e0 inet manual\niface e1 inet static\n address \\\n10.0.0.1/24\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert!(matches!(
            report.facts[..],
            [Fact::Address { span, .. }] if span == Span::new(6, 1, 11)
        ));
        // a comment line does not continue
        let text = "# note \\\nauto lo\n";
        assert!(check(text).findings.is_empty());
    }

    #[test]
    fn tabs_crlf_and_indented_comments_are_fine() {
        let text =
            "auto e0\r\n\tiface e0 inet static\r\n\t\t# comment\r\n\t\taddress 10.0.0.1/24\r\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }

    /// Each stanza's netmask goes with its own address: two ordinary
    /// stanzas with different netmasks are fine (ifupdown's testcase.1).
    #[test]
    fn netmasks_pair_with_their_own_stanza() {
        let text = "auto eth0 eth1\niface eth0 inet static\n  address 192.0.2.10\n  netmask 255.255.255.0\n\niface eth1 inet static\n  address 198.51.100.7\n  netmask 255.255.0.0\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        let netmasks = report
            .facts
            .iter()
            .filter(|f| matches!(f, Fact::Netmask { .. }))
            .count();
        assert_eq!(netmasks, 1);
        assert!(crate::validate::semantic::check(&report.facts).is_empty());
        // the second stanza's prefix still reaches the guide's checks
        assert!(report.facts.contains(&Fact::Address {
            addr: Ipv4Addr::new(198, 51, 100, 7),
            prefix: Some(16),
            span: Span::new(7, 11, 12)
        }));
    }

    /// `inet6 tunnel` with `mode ipip6` carries IPv4 (ifupdown's
    /// testcase.19).
    #[test]
    fn ipip6_tunnels_take_ipv4() {
        let text = "iface t3 inet6 tunnel\n  address 192.0.2.1\n  netmask 24\n  mode ipip6\n  endpoint 2001:db8::2\n  local 2001:db8::1\n  gateway 192.0.2.2\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        let f = only(
            &text.replace("192.0.2.2", "2001:db8::9"),
            "interfaces/invalid-gateway",
        );
        assert_at(&f, Severity::Error, 7, 11);
        let f = only(
            &text.replace("netmask 24", "netmask 64"),
            "interfaces/invalid-netmask",
        );
        assert_at(&f, Severity::Error, 3, 11);
        // without ipip6, inet6 stays IPv6
        only(
            &text.replace("ipip6", "ip6ip6"),
            "interfaces/invalid-gateway",
        );
    }

    /// A stanza may be in a sourced file, which `ifquery` reads too.
    #[test]
    fn names_may_be_defined_in_sourced_files() {
        let text = "source /etc/network/interfaces.d/*\n\nallow-hotplug eth0\nauto lo\niface lo inet loopback\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        only(
            "allow-hotplug eth0\nauto lo\niface lo inet loopback\n",
            "interfaces/auto-without-iface",
        );
    }

    /// `####.####` is a value to fill in, not the start of a comment.
    #[test]
    fn hash_placeholders_are_no_comments() {
        let report = check("iface eth0 inet static\n  address ####.####.####.####\n");
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.rule != "interfaces/trailing-comment"),
            "{:#?}",
            report.findings
        );
        let f = only(
            "iface eth0 inet static\n  address ####.####.####.####\n",
            "interfaces/invalid-address",
        );
        assert!(f.help.unwrap().contains("placeholder"));
        only(
            "iface eth0 inet static\n  address 10.0.0.1/24 # note\n",
            "interfaces/trailing-comment",
        );
    }

    #[test]
    fn no_break_space_is_not_a_separator() {
        let f = only(
            "iface e0 inet static\n address\u{a0}10.0.0.1/24\n",
            "interfaces/empty-value",
        );
        assert_at(&f, Severity::Error, 2, 2);
    }

    #[test]
    fn columns_count_characters() {
        let f = only("iface 网卡 inet statik\n", "interfaces/unknown-method");
        assert_at(&f, Severity::Error, 1, 15);
    }

    #[test]
    fn large_inputs_stay_fast() {
        let mut text = String::from("auto e0\niface e0 inet static\n address 10.0.0.1/24\n");
        for i in 0..2_000 {
            text.push_str(&format!(" up echo {i}\n gatway{i} x\n"));
        }
        let start = std::time::Instant::now();
        let report = check(&text);
        assert_eq!(report.findings.len(), 2_000);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn globs() {
        for (p, n, m) in [
            ("eth*", "eth0", true),
            ("eth?", "eth10", false),
            ("*", "", true),
            ("e[0-9]", "e5", true),
            ("e[!0-9]", "e5", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("[", "[", true),
        ] {
            assert_eq!(glob_match(p, n), m, "{p} {n}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_of(0), Ipv4Addr::new(0, 0, 0, 0));
        assert_eq!(mask_of(24), Ipv4Addr::new(255, 255, 255, 0));
        assert_eq!(mask_of(32), Ipv4Addr::new(255, 255, 255, 255));
        assert_eq!(classful(Ipv4Addr::new(172, 16, 0, 1)), 16);
    }
}

//! netplan YAML (`/etc/netplan/*.yaml`), checked the way netplan 0.106 and
//! 1.x check it (`../shared/design/config-formats.md` §2 and §8).
//!
//! The procedure:
//!
//! 1. **Load.** The text is parsed with saphyr into a small owned tree whose
//!    every node knows its line and column. saphyr refuses duplicate mapping
//!    keys outright, whereas netplan merges them silently; so when saphyr
//!    stops on one, the later key is renamed (its first character becomes a
//!    private-use character, which keeps every column in place) and the text
//!    is loaded again. The original name is put back in the tree, and the
//!    duplicate is reported from the tree like any other finding.
//! 2. **Tabs.** libyaml (netplan's parser) and saphyr disagree about tabs, so
//!    tabs are checked here with libyaml's rule (a tab may not start a line's
//!    indentation nor follow a `-`, `?` or `:` indicator in block context),
//!    and saphyr only ever sees them as spaces.
//! 3. **Schema.** The first document is walked against netplan's handler
//!    tables: unknown keys, types, booleans, unsigned ints, addresses,
//!    gateways, nameservers, routes, MAC addresses and interface names, each
//!    with netplan's own wording.
//! 4. **Across the file.** References between devices (bridge and bond
//!    members, VLAN links, bridge port maps, OVS patch ports), default
//!    routes that conflict, and what each definition's backend refuses once
//!    the backend is known (`netplan/backends.rs`: networkd, NetworkManager
//!    or OpenVSwitch, as netplan 0.106 chooses it).
//!
//! netplan stops at its first error; this validator reports every error it
//! can, but stops after syntax errors because the structure is not reliable
//! then.

use std::{
    collections::{HashMap, HashSet},
    fmt,
    net::{IpAddr, Ipv4Addr},
    panic::{AssertUnwindSafe, catch_unwind},
};

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, ScanError, YamlData};

use super::{Fact, Finding, Report, Span};

mod backends;
mod values;

use backends::{Backend, Def};

/// Validates `text` as a netplan YAML file.
pub fn check(text: &str) -> Report {
    let loaded = load(text);
    let tabs = tab_findings(text, &loaded.inside_nodes);
    let mut report = Report::default();
    let docs = match loaded.result {
        Ok(docs) => docs,
        Err(finding) => {
            // A tab usually is what broke the parser: then the tab is the news.
            let first_tab = tabs.first().map_or(usize::MAX, |t| t.span.line);
            if finding.span.line < first_tab {
                report.findings.push(finding);
            }
            report.findings.extend(tabs);
            return report;
        }
    };
    if !tabs.is_empty() {
        report.findings.extend(tabs);
        return report;
    }
    let mut walker = Walker::default();
    for doc in &docs {
        walker.duplicate_keys(doc);
    }
    if let Some(second) = docs.iter().skip(1).find(|d| !d.is_empty_document()) {
        walker.multiple_documents(text, second);
    }
    if let Some(doc) = docs.first() {
        walker.root(doc);
    }
    walker.finish()
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// The YAML does not parse.
const YAML_SYNTAX: &str = "netplan/yaml-syntax";
/// A tab where libyaml expects indentation.
const TAB_INDENT: &str = "netplan/tab-indent";
/// The same key twice in one mapping.
const DUPLICATE_KEY: &str = "netplan/duplicate-key";
/// More than one YAML document.
const MULTIPLE_DOCUMENTS: &str = "netplan/multiple-documents";
/// A key netplan does not know.
const UNKNOWN_KEY: &str = "netplan/unknown-key";
/// A key only newer netplan knows.
const NEWER_KEY: &str = "netplan/requires-newer-netplan";
/// A mapping, sequence or scalar where another is expected.
const TYPE: &str = "netplan/type";
/// `version` other than 2.
const VERSION: &str = "netplan/version";
/// An unknown renderer.
const RENDERER: &str = "netplan/renderer";
/// Not one of netplan's booleans.
const BOOL: &str = "netplan/bool";
/// Not an unsigned int.
const UINT: &str = "netplan/uint";
/// A value outside a fixed set.
const INVALID_VALUE: &str = "netplan/invalid-value";
/// A bad `addresses` item.
const ADDRESS: &str = "netplan/address";
/// A bad `gateway4`/`gateway6`.
const GATEWAY: &str = "netplan/gateway";
/// `gateway4`/`gateway6` are deprecated.
const GATEWAY_DEPRECATED: &str = "netplan/gateway-deprecated";
/// A bad nameserver address.
const NAMESERVER: &str = "netplan/nameserver";
/// A search domain that is not a domain name.
const SEARCH_DOMAIN: &str = "netplan/search-domain";
/// A bad route.
const ROUTE: &str = "netplan/route";
/// `to: default` without `via`: netplan 0.106 aborts.
const DEFAULT_ROUTE_WITHOUT_VIA: &str = "netplan/default-route-without-via";
/// Two default routes for the same family, table and metric.
const CONFLICTING_DEFAULT_ROUTE: &str = "netplan/conflicting-default-route";
/// A bad `routing-policy` rule.
const ROUTING_POLICY: &str = "netplan/routing-policy";
/// A bad MAC address.
const MACADDRESS: &str = "netplan/macaddress";
/// `set-name` without `match`.
const SET_NAME_WITHOUT_MATCH: &str = "netplan/set-name-without-match";
/// An interface id or name outside `[[:alnum:][:punct:]]+`.
const INVALID_NAME: &str = "netplan/invalid-name";
/// A device property that must be there is missing or out of range.
const MISSING_PROPERTY: &str = "netplan/missing-property";
/// A reference to an interface the file does not define.
const UNDEFINED_INTERFACE: &str = "netplan/undefined-interface";
/// An interface in two bridges/bonds.
const ALREADY_ASSIGNED: &str = "netplan/interface-already-assigned";
/// One id under two device types.
const DEVICE_TYPE_CONFLICT: &str = "netplan/device-type-conflict";
/// OpenVSwitch settings, patch ports and what the OVS backend refuses.
const OPENVSWITCH: &str = "netplan/openvswitch";
/// A tunnel's keys, addresses, TTL, VXLAN ranges.
const TUNNEL_RULE: &str = "netplan/tunnel";
/// WireGuard keys, peers and endpoints.
const WIREGUARD: &str = "netplan/wireguard";
/// Wi-Fi passphrases and channels.
const WIFI_RULE: &str = "netplan/wifi";
/// DHCPv4 and DHCPv6 overrides networkd cannot tell apart.
const DHCP_OVERRIDES_RULE: &str = "netplan/dhcp-overrides";
/// A VRF's routes or rules in another table.
const VRF_TABLE: &str = "netplan/vrf-table";

// ---------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    kind: Kind,
    span: Span,
}

/// A node's content. Scalars keep the text netplan sees (libyaml gives the
/// raw text of plain scalars: `~`, `yes` and `0x10` stay strings).
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value of `key` in a mapping; the last one wins, as in netplan.
    fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The key node `key` of a mapping (the last one).
    fn key(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| k)
    }

    /// The scalar value of `key` in a mapping.
    fn get_str(&self, key: &str) -> Option<(&str, Span)> {
        self.get(key).and_then(|v| Some((v.as_str()?, v.span)))
    }

    /// A document with nothing in it (`---` at the end of a file).
    fn is_empty_document(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s) if s.is_empty())
    }
}

/// What [`load`] gives back.
struct Loaded {
    /// The documents, or the finding that stopped the parser.
    result: Result<Vec<Node>, Finding>,
    /// Lines whose indentation lies inside a node that began on an earlier
    /// line (quoted, block and multi-line plain scalars, flow collections):
    /// libyaml's indentation rules do not apply there.
    inside_nodes: HashSet<usize>,
}

/// How many duplicate keys [`load`] renames before giving up.
const MAX_RENAMES: usize = 256;

/// Nodes nested deeper than this are cut off (their content becomes an empty
/// scalar), so that walking the tree cannot overflow the stack.
const MAX_DEPTH: usize = 256;

/// Content starting further right than this column is not parsed: saphyr
/// builds and drops its tree recursively, and the nesting depth of block
/// YAML is bounded by this column. No netplan file comes near it.
const MAX_CONTENT_COLUMN: usize = 200;

/// Parses `text` (step 1 of the module docs).
fn load(text: &str) -> Loaded {
    if let Some(line) = too_deep(text) {
        let message = format!(
            "content nested deeper than column {MAX_CONTENT_COLUMN}: netplate does not parse this"
        );
        let span = Span::line_of(text, line);
        return Loaded {
            result: Err(Finding::error(YAML_SYNTAX, span, message)
                .help("netplan configs are a few levels deep; is this really one?")),
            inside_nodes: HashSet::new(),
        };
    }
    // saphyr rejects tabs that libyaml accepts (`key:\tvalue`) and accepts
    // tabs libyaml rejects; tabs get their own check, so it sees spaces.
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let mut renames: HashMap<usize, char> = HashMap::new();
    let mut marks = (0u32..0x1_0000)
        .filter_map(|i| char::from_u32(0xF_0000 + i))
        .filter(|c| !text.contains(*c));
    loop {
        let source: String = chars.iter().collect();
        let error = match parse(&source, &renames) {
            Ok((docs, inside_nodes)) => {
                return Loaded {
                    result: Ok(docs),
                    inside_nodes,
                };
            }
            Err(error) => error,
        };
        let marker = *error.marker();
        let renamed = (error.info() == "duplicated key in mapping" && renames.len() < MAX_RENAMES)
            .then(|| rename_key(&mut chars, marker.index(), marks.next()?))
            .flatten();
        // Each round renames a key not renamed before, so there are at most
        // MAX_RENAMES rounds; saphyr reporting the same place again (an
        // input where the renamed key still clashes) ends them.
        match renamed {
            Some((index, original)) if !renames.contains_key(&index) => {
                renames.insert(index, original);
            }
            _ => {
                return Loaded {
                    result: Err(scan_finding(&error)),
                    inside_nodes: HashSet::new(),
                };
            }
        }
    }
}

/// The first line whose content (after indentation and `- `, `? `, `: `
/// indicators) starts beyond [`MAX_CONTENT_COLUMN`].
fn too_deep(text: &str) -> Option<usize> {
    let content_column = |line: &str| {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let blank = matches!(chars[i], ' ' | '\t');
            let indicator = matches!(chars[i], '-' | '?' | ':')
                && matches!(chars.get(i + 1), None | Some(' ' | '\t'));
            if !(blank || indicator) {
                break;
            }
            i += 1;
        }
        i
    };
    text.lines()
        .position(|l| content_column(l) > MAX_CONTENT_COLUMN)
        .map(|i| i + 1)
}

/// Replaces the first character of the key starting at char `index` by
/// `mark`; returns where and what it was. Keys that cannot be renamed so
/// (empty, escaped, complex) give `None`.
fn rename_key(chars: &mut [char], index: usize, mark: char) -> Option<(usize, char)> {
    let first = *chars.get(index)?;
    let at = if first == '"' || first == '\'' {
        index + 1
    } else {
        index
    };
    let original = *chars.get(at)?;
    if "\"'\\[]{}?*&!|>#:-, \n\r".contains(original) {
        return None;
    }
    chars[at] = mark;
    Some((at, original))
}

/// The finding for a saphyr scan error.
fn scan_finding(error: &ScanError) -> Finding {
    let marker = error.marker();
    let span = Span::new(marker.line().max(1), marker.col() + 1, 1);
    if error.info() == "duplicated key in mapping" {
        return Finding::error(DUPLICATE_KEY, span, "duplicate key in mapping")
            .help("netplan merges the two silently (or aborts when they disagree); keep one");
    }
    Finding::error(YAML_SYNTAX, span, format!("invalid YAML: {}", error.info())).help(format!(
        "netplan refuses the file: `Invalid YAML: {}:`",
        netplan_yaml_heading(error.info())
    ))
}

/// What netplan 0.106 prints after `Invalid YAML:` for the libyaml error
/// saphyr reports as `info` (`parser_error()` in netplan's `src/error.c`:
/// at the end of the input it says "aliases are not supported", in a block
/// mapping "inconsistent indentation", else libyaml's problem, which is
/// saphyr's text without its `while parsing …, ` context).
fn netplan_yaml_heading(info: &str) -> String {
    if info.contains("unexpected end of stream") {
        return "aliases are not supported".to_string();
    }
    if info.contains("did not find expected key") || info.contains("mapping values are not allowed")
    {
        return "inconsistent indentation".to_string();
    }
    let problem = match info.split_once(", ") {
        Some((context, problem)) if context.starts_with("while ") => problem,
        _ => info,
    };
    match problem {
        "expected ',' or ']'" => "did not find expected ',' or ']'".to_string(),
        "expected ',' or '}'" => "did not find expected ',' or '}'".to_string(),
        other => other.to_string(),
    }
}

/// Loads `source` with saphyr and converts the documents.
fn parse(
    source: &str,
    renames: &HashMap<usize, char>,
) -> Result<(Vec<Node>, HashSet<usize>), ScanError> {
    // saphyr is a third-party parser fed arbitrary text: a bug in it must
    // become a finding, never a crash of the build.
    let docs =
        catch_unwind(AssertUnwindSafe(|| MarkedYaml::load_from_str(source))).map_err(|_| {
            ScanError::new_str(Marker::new(0, 1, 0), "the YAML parser failed on this text")
        })??;
    let mut converter = Converter {
        source: Source::new(source),
        renames,
        inside_nodes: HashSet::new(),
    };
    let nodes = docs.iter().map(|d| converter.node(d, 0)).collect();
    Ok((nodes, converter.inside_nodes))
}

/// The text being parsed, indexable by character.
struct Source<'s> {
    text: &'s str,
    /// Byte offset of each character, plus the end.
    offsets: Vec<usize>,
    lines: Vec<&'s str>,
}

impl<'s> Source<'s> {
    fn new(text: &'s str) -> Source<'s> {
        let offsets = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        Source {
            text,
            offsets,
            lines: text.lines().collect(),
        }
    }

    /// Characters `start..end`.
    fn slice(&self, start: usize, end: usize) -> &'s str {
        let byte = |i: usize| self.offsets.get(i).copied().unwrap_or(self.text.len());
        self.text
            .get(byte(start)..byte(end.max(start)))
            .unwrap_or("")
    }

    /// 1-based `line`, or "".
    fn line(&self, line: usize) -> &'s str {
        self.lines.get(line.wrapping_sub(1)).copied().unwrap_or("")
    }

    /// The indentation (in characters) of 1-based `line`.
    fn indent_of(&self, line: usize) -> usize {
        self.line(line).chars().take_while(|c| *c == ' ').count()
    }
}

/// Turns saphyr's nodes into [`Node`]s.
struct Converter<'s, 'r> {
    source: Source<'s>,
    renames: &'r HashMap<usize, char>,
    inside_nodes: HashSet<usize>,
}

impl Converter<'_, '_> {
    fn node(&mut self, yaml: &MarkedYaml<'_>, depth: usize) -> Node {
        let (start, end) = (yaml.span.start, yaml.span.end);
        let span = self.span(start, end);
        if depth > MAX_DEPTH {
            return Node {
                kind: Kind::Scalar(String::new()),
                span,
            };
        }
        let kind = match &yaml.data {
            YamlData::Sequence(items) => {
                Kind::Seq(items.iter().map(|i| self.node(i, depth + 1)).collect())
            }
            YamlData::Mapping(map) => Kind::Map(
                map.iter()
                    .map(|(k, v)| (self.key(k, depth + 1), self.node(v, depth + 1)))
                    .collect(),
            ),
            YamlData::Tagged(_, inner) => return self.node(inner, depth + 1),
            YamlData::Value(Scalar::String(s)) => Kind::Scalar(s.to_string()),
            YamlData::Representation(s, _, _) => Kind::Scalar(s.to_string()),
            YamlData::Value(value) => {
                Kind::Scalar(self.raw(start, end).unwrap_or_else(|| scalar_text(value)))
            }
            YamlData::Alias(_) | YamlData::BadValue => {
                Kind::Scalar(self.raw(start, end).unwrap_or_default())
            }
        };
        let block_collection = !matches!(kind, Kind::Scalar(_))
            && !self
                .source
                .slice(start.index(), start.index() + 1)
                .starts_with(['[', '{']);
        if end.line() > start.line() && !block_collection {
            // Lines after the first are inside a scalar or flow collection.
            let last = if end.col() > self.source.indent_of(end.line()) {
                end.line()
            } else {
                end.line() - 1
            };
            self.inside_nodes.extend(start.line() + 1..=last);
        }
        Node { kind, span }
    }

    /// A mapping key, with the name [`load`] renamed put back.
    fn key(&mut self, yaml: &MarkedYaml<'_>, depth: usize) -> Node {
        let mut node = self.node(yaml, depth);
        let start = yaml.span.start.index();
        let original = self
            .renames
            .get(&start)
            .or_else(|| self.renames.get(&(start + 1)));
        if let (Some(original), Kind::Scalar(text)) = (original, &mut node.kind) {
            let rest: String = text.chars().skip(1).collect();
            *text = format!("{original}{rest}");
        }
        node
    }

    /// The raw text of a plain scalar, without its anchor or tag; `None` for
    /// an alias (whose text is the alias, not the value).
    fn raw(&self, start: Marker, end: Marker) -> Option<String> {
        let mut raw = self.source.slice(start.index(), end.index()).trim();
        while raw.starts_with(['&', '!']) {
            raw = raw
                .split_once(char::is_whitespace)
                .map_or("", |(_, rest)| rest.trim_start());
        }
        (!raw.starts_with('*')).then(|| raw.to_string())
    }

    fn span(&self, start: Marker, end: Marker) -> Span {
        let (line, column) = (start.line().max(1), start.col() + 1);
        if end.line() != start.line() {
            let rest = self
                .source
                .line(line)
                .chars()
                .count()
                .saturating_sub(start.col());
            return Span::new(line, column, rest.max(1));
        }
        let len = end.index().saturating_sub(start.index());
        if len == 0 && self.source.slice(start.index(), start.index() + 1) == ":" {
            // saphyr puts an empty value on its key's `:`; the value is after it.
            return Span::new(line, column + 1, 0);
        }
        Span::new(line, column, len)
    }
}

/// A resolved scalar written back as text.
fn scalar_text(value: &Scalar<'_>) -> String {
    match value {
        Scalar::Null => String::new(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Tabs (libyaml's rule)
// ---------------------------------------------------------------------------

/// Tabs where libyaml's scanner expects indentation: in a line's leading
/// whitespace, or after a `-`, `?` or `:` indicator that starts the line's
/// content. Lines in `inside_nodes` (continuations of scalars and flow
/// collections) are skipped: libyaml allows tabs there.
fn tab_findings(text: &str, inside_nodes: &HashSet<usize>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if inside_nodes.contains(&number) || !line.contains('\t') {
            continue;
        }
        if let Some(column) = tab_in_indentation(line) {
            out.push(
                Finding::error(
                    TAB_INDENT,
                    Span::new(number, column, 1),
                    "tabs are not allowed for indent",
                )
                .help(
                    "indent with spaces; netplan: `Invalid YAML: tabs are not allowed for indent:`",
                ),
            );
        }
    }
    out
}

/// The 1-based column of a tab that libyaml rejects on `line`.
fn tab_in_indentation(line: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    loop {
        while let Some(c @ (' ' | '\t')) = chars.get(i) {
            if *c == '\t' {
                return Some(i + 1);
            }
            i += 1;
        }
        let indicator = matches!(chars.get(i), Some('-' | '?' | ':'));
        let separated = matches!(chars.get(i + 1), None | Some(' ' | '\t'));
        if !(indicator && separated) {
            return None;
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------
// Schema (netplan's handler tables, src/parse.c)
// ---------------------------------------------------------------------------

/// What a key's value must be.
#[derive(Debug, Clone, Copy)]
enum Ty {
    /// `true/false/yes/no/on/off/y/n`, any case.
    Bool,
    /// An unsigned 32-bit int, as `g_ascii_strtoull` reads it.
    Uint,
    /// Any scalar.
    Str,
    /// A mapping of scalars to scalars.
    ScalarMap,
    /// `match.driver`: a glob or a sequence of globs.
    Drivers,
    /// A sequence of `T`.
    SeqOf(&'static Ty),
    /// A mapping with these keys.
    Map(&'static [Field]),
    /// A mapping from any scalar (an SSID) to `T`.
    MapOf(&'static Ty),
    /// One of these values; the message has `{}` for the value.
    Choice(&'static [&'static str], &'static str),
    /// Like `Choice`, with the netplan version that added each value when
    /// newer than 0.106 (older values warn, as newer keys do).
    Versioned(
        &'static [(&'static str, Option<&'static str>)],
        &'static str,
    ),
    /// `wakeonwlan`: flags, `default` alone.
    Wowlan,
    /// `ipv6-address-token`: an IPv6 address.
    Ipv6Token,
    /// `routing-policy` `type-of-service`: 0 to 255.
    Tos,
    /// `arp-ip-targets`: bare IPv4 addresses.
    Ipv4List,
    /// A bridge's `path-cost` (`false`) or `port-priority` (`true`): member
    /// interfaces to numbers.
    PortMap(bool),
    /// A tunnel's `key`/`keys`: a scalar or `{input, output, private}`.
    TunnelKey,
    /// A WireGuard peer's `endpoint`: `host:port`.
    Endpoint,
    /// A WireGuard peer's `allowed-ips`: `IP/LEN`, the length may be 0.
    AllowedIps,
    /// VXLAN `port-range`: two ports.
    PortRange,
    /// A device's `openvswitch:`.
    Ovs,
    /// `network.openvswitch:`.
    OvsGlobal,
    /// A MAC address.
    Mac,
    /// An interface name.
    Name,
    /// `network.version`.
    Version,
    /// `renderer`.
    Renderer,
    /// `gateway4` (`true`) or `gateway6` (`false`).
    Gateway(bool),
    /// `addresses`.
    Addresses,
    /// `nameservers.addresses`: bare IPs, each a [`Fact::Nameserver`].
    Nameservers,
    /// One bare IP (a tunnel's `local` and `remote`).
    Ip,
    /// `nameservers.search`.
    SearchList,
    /// `routes`.
    Routes,
    /// `routing-policy`.
    RoutingPolicy,
    /// Member interfaces of a bridge, bond or VRF.
    Members,
    /// A reference to another interface (`link`).
    Link,
    /// A VLAN id, 0 to 4094.
    VlanId,
}

/// One key of a mapping.
#[derive(Debug, Clone, Copy)]
struct Field {
    key: &'static str,
    ty: Ty,
    /// The netplan version that introduced the key, when newer than 0.106.
    since: Option<&'static str>,
}

const fn f(key: &'static str, ty: Ty) -> Field {
    Field {
        key,
        ty,
        since: None,
    }
}

const fn newer(key: &'static str, ty: Ty, since: &'static str) -> Field {
    Field {
        key,
        ty,
        since: Some(since),
    }
}

const BOOLS: [&str; 8] = ["true", "false", "yes", "no", "on", "off", "y", "n"];

const DHCP_OVERRIDES: &[Field] = &[
    f("hostname", Ty::Str),
    f("route-metric", Ty::Uint),
    f("send-hostname", Ty::Bool),
    f("use-dns", Ty::Bool),
    f("use-domains", Ty::Str),
    f("use-hostname", Ty::Bool),
    f("use-mtu", Ty::Bool),
    f("use-ntp", Ty::Bool),
    f("use-routes", Ty::Bool),
];

const NAMESERVERS: &[Field] = &[f("addresses", Ty::Nameservers), f("search", Ty::SearchList)];

const ROUTE_KEYS: &[Field] = &[
    f("from", Ty::Str),
    f("on-link", Ty::Bool),
    f(
        "scope",
        Ty::Choice(&["global", "link", "host"], "invalid route scope '{}'"),
    ),
    f("table", Ty::Uint),
    f("to", Ty::Str),
    f(
        "type",
        Ty::Choice(
            &[
                "unicast",
                "anycast",
                "blackhole",
                "broadcast",
                "local",
                "multicast",
                "nat",
                "prohibit",
                "throw",
                "unreachable",
                "xresolve",
            ],
            "invalid route type '{}'",
        ),
    ),
    f("via", Ty::Str),
    f("metric", Ty::Uint),
    f("mtu", Ty::Uint),
    f("congestion-window", Ty::Uint),
    f("advertised-receive-window", Ty::Uint),
    newer("advertised-mss", Ty::Uint, "1.0"),
];

const ROUTING_RULE: &[Field] = &[
    f("from", Ty::Str),
    f("to", Ty::Str),
    f("table", Ty::Uint),
    f("priority", Ty::Uint),
    f("mark", Ty::Uint),
    f("type-of-service", Ty::Tos),
];

const ADDRESS_OPTIONS: &[Field] = &[
    f(
        "lifetime",
        Ty::Choice(&["0", "forever"], "invalid lifetime value '{}'"),
    ),
    f("label", Ty::Str),
];

const NM_SETTINGS: &[Field] = &[
    f("name", Ty::Str),
    f("uuid", Ty::Str),
    f("stable-id", Ty::Str),
    f("device", Ty::Str),
    f("passthrough", Ty::ScalarMap),
];

const MATCH: &[Field] = &[
    f("name", Ty::Name),
    f("macaddress", Ty::Mac),
    f("driver", Ty::Drivers),
];

const AUTH: &[Field] = &[
    f(
        "key-management",
        Ty::Versioned(
            &[
                ("none", None),
                ("psk", None),
                ("eap", None),
                ("802.1x", None),
                ("sae", Some("0.107")),
                ("eap-sha256", Some("1.0")),
                ("eap-suite-b-192", Some("1.0")),
            ],
            "unknown key management type '{}'",
        ),
    ),
    f(
        "method",
        Ty::Versioned(
            &[
                ("tls", None),
                ("peap", None),
                ("ttls", None),
                ("leap", Some("1.0")),
                ("pwd", Some("1.0")),
            ],
            "unknown EAP method '{}'",
        ),
    ),
    f("identity", Ty::Str),
    f("anonymous-identity", Ty::Str),
    f("password", Ty::Str),
    f("ca-certificate", Ty::Str),
    f("client-certificate", Ty::Str),
    f("client-key", Ty::Str),
    f("client-key-password", Ty::Str),
    f("phase2-auth", Ty::Str),
];

/// `COMMON_LINK_HANDLERS`: every device type.
const COMMON: &[Field] = &[
    f("accept-ra", Ty::Bool),
    f(
        "activation-mode",
        Ty::Choice(
            &["manual", "off"],
            "Value of 'activation-mode' needs to be 'manual' or 'off'",
        ),
    ),
    f("addresses", Ty::Addresses),
    f("critical", Ty::Bool),
    f("ignore-carrier", Ty::Bool),
    f("dhcp4", Ty::Bool),
    f("dhcp6", Ty::Bool),
    f(
        "dhcp-identifier",
        Ty::Choice(&["duid", "mac"], "invalid DHCP client identifier type '{}'"),
    ),
    f("dhcp4-overrides", Ty::Map(DHCP_OVERRIDES)),
    f("dhcp6-overrides", Ty::Map(DHCP_OVERRIDES)),
    f("gateway4", Ty::Gateway(true)),
    f("gateway6", Ty::Gateway(false)),
    f(
        "ipv6-address-generation",
        Ty::Choice(
            &["eui64", "stable-privacy"],
            "unknown ipv6-address-generation '{}'",
        ),
    ),
    f("ipv6-address-token", Ty::Ipv6Token),
    f("ipv6-mtu", Ty::Uint),
    f("ipv6-privacy", Ty::Bool),
    f(
        "link-local",
        Ty::SeqOf(&Ty::Choice(
            &["ipv4", "ipv6"],
            "invalid value for link-local: '{}'",
        )),
    ),
    f("macaddress", Ty::Mac),
    f("mtu", Ty::Uint),
    f("nameservers", Ty::Map(NAMESERVERS)),
    f("optional", Ty::Bool),
    f(
        "optional-addresses",
        Ty::SeqOf(&Ty::Choice(
            &["ipv4-ll", "ipv6-ra", "dhcp4", "dhcp6", "static"],
            "invalid value for optional-addresses: '{}'",
        )),
    ),
    f("renderer", Ty::Renderer),
    f("routes", Ty::Routes),
    f("routing-policy", Ty::RoutingPolicy),
    f("neigh-suppress", Ty::Bool),
];

/// `COMMON_BACKEND_HANDLERS`.
const BACKEND: &[Field] = &[
    f("networkmanager", Ty::Map(NM_SETTINGS)),
    f("openvswitch", Ty::Ovs),
];

/// `PHYSICAL_LINK_HANDLERS`: ethernets, wifis, modems.
const PHYSICAL: &[Field] = &[
    f("match", Ty::Map(MATCH)),
    f("set-name", Ty::Str),
    f("wakeonlan", Ty::Bool),
    f("wakeonwlan", Ty::Wowlan),
    f("emit-lldp", Ty::Bool),
    f("receive-checksum-offload", Ty::Bool),
    f("transmit-checksum-offload", Ty::Bool),
    f("tcp-segmentation-offload", Ty::Bool),
    f("tcp6-segmentation-offload", Ty::Bool),
    f("generic-segmentation-offload", Ty::Bool),
    f("generic-receive-offload", Ty::Bool),
    f("large-receive-offload", Ty::Bool),
];

const ETHERNET: &[Field] = &[
    f("auth", Ty::Map(AUTH)),
    f("link", Ty::Link),
    f("virtual-function-count", Ty::Uint),
    f(
        "embedded-switch-mode",
        Ty::Choice(
            &["switchdev", "legacy"],
            "embedded-switch-mode needs to be 'switchdev' or 'legacy', not '{}'",
        ),
    ),
    f("delay-virtual-functions-rebind", Ty::Bool),
    f(
        "infiniband-mode",
        Ty::Choice(
            &["datagram", "connected"],
            "infiniband-mode needs to be 'datagram' or 'connected', not '{}'",
        ),
    ),
];

const ACCESS_POINT: &[Field] = &[
    f("password", Ty::Str),
    f(
        "mode",
        Ty::Choice(&["infrastructure", "adhoc", "ap"], "unknown wifi mode '{}'"),
    ),
    f(
        "band",
        Ty::Choice(&["5GHz", "2.4GHz", "5G", "2.4G"], "unknown wifi band '{}'"),
    ),
    f("bssid", Ty::Mac),
    f("hidden", Ty::Bool),
    f("channel", Ty::Uint),
    f("auth", Ty::Map(AUTH)),
    f("networkmanager", Ty::Map(NM_SETTINGS)),
];

const WIFI: &[Field] = &[
    f("access-points", Ty::MapOf(&Ty::Map(ACCESS_POINT))),
    f("auth", Ty::Map(AUTH)),
    f("regulatory-domain", Ty::Str),
];

const BRIDGE_PARAMETERS: &[Field] = &[
    f("ageing-time", Ty::Str),
    f("aging-time", Ty::Str),
    f("priority", Ty::Uint),
    f("port-priority", Ty::PortMap(true)),
    f("forward-delay", Ty::Str),
    f("hello-time", Ty::Str),
    f("max-age", Ty::Str),
    f("path-cost", Ty::PortMap(false)),
    f("stp", Ty::Bool),
];

const BRIDGE: &[Field] = &[
    f("interfaces", Ty::Members),
    f("parameters", Ty::Map(BRIDGE_PARAMETERS)),
];

const BOND_MODES: &[&str] = &[
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb",
    "balance-tcp",
    "balance-slb",
];

const BOND_PARAMETERS: &[Field] = &[
    f("mode", Ty::Choice(BOND_MODES, "unknown bond mode '{}'")),
    f("lacp-rate", Ty::Str),
    f("mii-monitor-interval", Ty::Str),
    f("min-links", Ty::Uint),
    f("transmit-hash-policy", Ty::Str),
    f("ad-select", Ty::Str),
    f("all-members-active", Ty::Bool),
    f("all-slaves-active", Ty::Bool),
    f("arp-interval", Ty::Str),
    f("arp-ip-targets", Ty::Ipv4List),
    f("arp-validate", Ty::Str),
    f("arp-all-targets", Ty::Str),
    f("up-delay", Ty::Str),
    f("down-delay", Ty::Str),
    f("fail-over-mac-policy", Ty::Str),
    f("gratuitous-arp", Ty::Uint),
    f("gratuitious-arp", Ty::Uint),
    f("packets-per-member", Ty::Uint),
    f("packets-per-slave", Ty::Uint),
    f("primary-reselect-policy", Ty::Str),
    f("resend-igmp", Ty::Uint),
    f("learn-packet-interval", Ty::Str),
    f("primary", Ty::Link),
];

const BOND: &[Field] = &[
    f("interfaces", Ty::Members),
    f("parameters", Ty::Map(BOND_PARAMETERS)),
];

const VLAN: &[Field] = &[f("id", Ty::VlanId), f("link", Ty::Link)];

const VRF: &[Field] = &[f("table", Ty::Uint), f("interfaces", Ty::Members)];

const MODEM: &[Field] = &[
    f("apn", Ty::Str),
    f("auto-config", Ty::Bool),
    f("device-id", Ty::Str),
    f("network-id", Ty::Str),
    f("number", Ty::Str),
    f("password", Ty::Str),
    f("pin", Ty::Str),
    f("sim-id", Ty::Str),
    f("sim-operator-id", Ty::Str),
    f("username", Ty::Str),
];

const TUNNEL_MODES: &[&str] = &[
    "sit",
    "gre",
    "ip6gre",
    "ipip",
    "ipip6",
    "ip6ip6",
    "vti",
    "vti6",
    "wireguard",
    "isatap",
    "gretap",
    "ip6gretap",
    "vxlan",
];

const VXLAN_NOTIFICATIONS: &[&str] = &["l2-miss", "l3-miss"];
const VXLAN_CHECKSUMS: &[&str] = &[
    "udp",
    "zero-udp6-tx",
    "zero-udp6-rx",
    "remote-tx",
    "remote-rx",
];
const VXLAN_EXTENSIONS: &[&str] = &["group-policy", "generic-protocol"];

const WIREGUARD_PEER_KEYS: &[Field] = &[f("public", Ty::Str), f("shared", Ty::Str)];

const WIREGUARD_PEER: &[Field] = &[
    f("keys", Ty::Map(WIREGUARD_PEER_KEYS)),
    f("keepalive", Ty::Uint),
    f("endpoint", Ty::Endpoint),
    f("allowed-ips", Ty::AllowedIps),
];

/// `tunnel_def_handlers`: every tunnel mode, WireGuard's and VXLAN's keys
/// included (all of them are in 0.106).
const TUNNEL: &[Field] = &[
    f(
        "mode",
        Ty::Choice(TUNNEL_MODES, "tunnel mode '{}' is not supported"),
    ),
    f("local", Ty::Ip),
    f("remote", Ty::Ip),
    f("ttl", Ty::Uint),
    f("key", Ty::TunnelKey),
    f("keys", Ty::TunnelKey),
    f("mark", Ty::Uint),
    f("port", Ty::Uint),
    f("peers", Ty::SeqOf(&Ty::Map(WIREGUARD_PEER))),
    f("link", Ty::Link),
    f("ageing", Ty::Uint),
    f("aging", Ty::Uint),
    f("id", Ty::Uint),
    f("limit", Ty::Uint),
    f("type-of-service", Ty::Uint),
    f("flow-label", Ty::Uint),
    f("do-not-fragment", Ty::Bool),
    f("short-circuit", Ty::Bool),
    f("arp-proxy", Ty::Bool),
    f("mac-learning", Ty::Bool),
    f(
        "notifications",
        Ty::SeqOf(&Ty::Choice(
            VXLAN_NOTIFICATIONS,
            "invalid value for notifications: '{}'",
        )),
    ),
    f(
        "checksums",
        Ty::SeqOf(&Ty::Choice(
            VXLAN_CHECKSUMS,
            "invalid value for checksums: '{}'",
        )),
    ),
    f(
        "extensions",
        Ty::SeqOf(&Ty::Choice(
            VXLAN_EXTENSIONS,
            "invalid value for extensions: '{}'",
        )),
    ),
    f("port-range", Ty::PortRange),
];

const TUNNEL_KEYS: &[Field] = &[
    f("input", Ty::Str),
    f("output", Ty::Str),
    f("private", Ty::Str),
];

const VETH: &[Field] = &[f("peer", Ty::Link)];

/// A device type under `network:`.
#[derive(Debug)]
struct Group {
    key: &'static str,
    fields: &'static [&'static [Field]],
    since: Option<&'static str>,
}

const GROUPS: &[Group] = &[
    Group {
        key: "ethernets",
        fields: &[COMMON, BACKEND, PHYSICAL, ETHERNET],
        since: None,
    },
    Group {
        key: "wifis",
        fields: &[COMMON, BACKEND, PHYSICAL, WIFI],
        since: None,
    },
    Group {
        key: "bridges",
        fields: &[COMMON, BACKEND, BRIDGE],
        since: None,
    },
    Group {
        key: "bonds",
        fields: &[COMMON, BACKEND, BOND],
        since: None,
    },
    Group {
        key: "vlans",
        fields: &[COMMON, BACKEND, VLAN],
        since: None,
    },
    Group {
        key: "tunnels",
        fields: &[COMMON, BACKEND, TUNNEL],
        since: None,
    },
    Group {
        key: "vrfs",
        fields: &[COMMON, BACKEND, VRF],
        since: None,
    },
    Group {
        key: "modems",
        fields: &[COMMON, BACKEND, PHYSICAL, MODEM],
        since: None,
    },
    Group {
        // netplan parses them with the ethernet handlers.
        key: "nm-devices",
        fields: &[COMMON, BACKEND, PHYSICAL, ETHERNET],
        since: None,
    },
    Group {
        key: "dummy-devices",
        fields: &[COMMON, BACKEND],
        since: Some("1.0"),
    },
    Group {
        key: "virtual-ethernets",
        fields: &[COMMON, BACKEND, VETH],
        since: Some("1.0"),
    },
];

/// `network:` keys other than the device types.
const NETWORK: &[Field] = &[
    f("version", Ty::Version),
    f("renderer", Ty::Renderer),
    f("openvswitch", Ty::OvsGlobal),
];

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// netplan's booleans (`handle_generic_bool`), any case.
fn is_bool(s: &str) -> bool {
    BOOLS.iter().any(|b| b.eq_ignore_ascii_case(s))
}

/// A netplan boolean that is true.
fn is_true(s: &str) -> bool {
    ["true", "yes", "on", "y"]
        .iter()
        .any(|b| b.eq_ignore_ascii_case(s))
}

/// `s` as `handle_generic_guint` reads it: `g_ascii_strtoull(s, &end, 10)`,
/// then the whole string must be used and the value fit in 32 bits. Like
/// there, the empty string is 0 and leading whitespace and a sign pass.
fn parse_uint(s: &str) -> Option<u32> {
    if s.is_empty() {
        return Some(0);
    }
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits.parse::<u32>().ok()?;
    // strtoull negates: -N wraps to a huge number unless N is 0.
    (!negative || value == 0).then_some(value)
}

/// The leading integer of `s`, as C's `strtol` reads it (`version: 2.0`
/// passes in netplan).
fn leading_int(s: &str) -> Option<i64> {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<i64>().ok().map(|v| sign * v)
}

/// A MAC address: 6 bytes, or 20 for InfiniBand, as `XX:XX:…`.
fn is_mac(s: &str) -> bool {
    let groups: Vec<&str> = s.split(':').collect();
    (groups.len() == 6 || groups.len() == 20)
        && groups
            .iter()
            .all(|g| g.len() == 2 && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An interface name: `^[[:alnum:][:punct:]]+$` in the C locale.
fn is_valid_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// An IP address as `inet_pton` reads it (Rust's parsers agree with it on
/// leading zeros, short forms and zones; config-formats.md §2.1).
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// The family of `IP[/anything]`, as netplan's `get_ip_family`.
fn ip_family(s: &str) -> Option<Family> {
    let ip = s.split('/').next().unwrap_or(s);
    parse_ip(ip).map(Family::of)
}

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    V4,
    V6,
}

impl Family {
    fn of(ip: IpAddr) -> Family {
        if ip.is_ipv4() { Family::V4 } else { Family::V6 }
    }

    fn max_prefix(self) -> u64 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        })
    }
}

/// The prefix length after `/`, as `g_ascii_strtoull(prefix, NULL, 10)`
/// reads it: trailing characters are ignored, no digits is 0, a minus sign
/// or an overflow gives a huge number. Also says whether characters were
/// ignored.
fn parse_prefix(s: &str) -> (u64, bool) {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let trailing = digits.is_empty() || digits.len() < rest.len() || t.len() < s.len();
    let value = digits
        .parse::<u64>()
        .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX });
    let value = if negative && value != 0 {
        u64::MAX
    } else {
        value
    };
    (value, trailing)
}

/// A domain name for `search`: dot-separated labels of letters, digits,
/// `-` and `_`, not starting or ending with `-`.
fn is_domain(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Edit distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------

/// A default route, for the consistency check netplan does after parsing.
#[derive(Debug)]
struct DefaultRoute {
    family: Family,
    table: Option<u32>,
    metric: Option<u32>,
    device: String,
    span: Span,
}

/// A device's reference to another interface.
#[derive(Debug)]
struct Reference {
    from: String,
    to: String,
    span: Span,
}

/// Where the walk is.
#[derive(Debug, Clone, Copy)]
struct Ctx<'a> {
    device: &'a str,
    group: &'static str,
}

/// Walks the tree and collects findings and facts (steps 3 and 4).
#[derive(Default)]
struct Walker {
    report: Report,
    /// Device id → its type.
    devices: HashMap<String, &'static str>,
    /// (VRF or not, interface) → the bridge, bond or VRF it belongs to,
    /// and which kind that is.
    masters: HashMap<(bool, String), (String, &'static str)>,
    references: Vec<Reference>,
    defaults: Vec<DefaultRoute>,
    /// `network.renderer`, when given.
    renderer: Option<String>,
    /// Every definition, for the checks of its backend (`backends.rs`).
    defs: HashMap<String, Def>,
    /// `renderer:` of the device type being walked, for the definitions
    /// after it (`handle_network_type`).
    type_renderer: Option<Backend>,
    /// Gateway facts (index into `report.facts`) and their device.
    gateways: Vec<(usize, String)>,
    /// `network.openvswitch.ssl` has its three files.
    ovs_ssl: bool,
    /// Patch port → its peer.
    peers: HashMap<String, String>,
}

impl Walker {
    fn push(&mut self, finding: Finding) {
        self.report.findings.push(finding);
    }

    fn error(&mut self, rule: &'static str, span: Span, message: impl Into<String>) {
        self.push(Finding::error(rule, span, message));
    }

    /// Ends the walk: the checks across the file, then the report in order.
    fn finish(mut self) -> Report {
        self.check_references();
        self.check_backends();
        self.check_default_routes();
        self.report
            .findings
            .sort_by_key(|f| (f.span.line, f.span.column));
        self.report
    }

    // -- shapes ------------------------------------------------------------

    fn scalar<'n>(&mut self, node: &'n Node) -> Option<&'n str> {
        let s = node.as_str();
        if s.is_none() {
            self.error(TYPE, node.span, "expected scalar");
        }
        s
    }

    fn sequence<'n>(&mut self, node: &'n Node) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ => {
                self.error(TYPE, node.span, "expected sequence");
                None
            }
        }
    }

    fn mapping<'n>(&mut self, node: &'n Node) -> Option<&'n [(Node, Node)]> {
        let entries = node.entries();
        if entries.is_none() {
            self.error(TYPE, node.span, "expected mapping (check indentation)");
        }
        entries
    }

    // -- whole-tree checks --------------------------------------------------

    /// Every mapping key that repeats an earlier one in the same mapping.
    fn duplicate_keys(&mut self, node: &Node) {
        match &node.kind {
            Kind::Scalar(_) => {}
            Kind::Seq(items) => items.iter().for_each(|i| self.duplicate_keys(i)),
            Kind::Map(entries) => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for (key, value) in entries {
                    if let Some(name) = key.as_str() {
                        if let Some(first) = seen.get(name) {
                            let message =
                                format!("duplicate key '{name}' (first on line {})", first.line);
                            self.push(Finding::error(DUPLICATE_KEY, key.span, message).help(
                                "netplan merges the two silently, the later value winning (0.106 aborts on conflicting `gateway4`s); keep one",
                            ));
                        } else {
                            seen.insert(name, key.span);
                        }
                    }
                    self.duplicate_keys(key);
                    self.duplicate_keys(value);
                }
            }
        }
    }

    fn multiple_documents(&mut self, text: &str, second: &Node) {
        // Point at the `---` that starts the second document.
        let marker = text
            .lines()
            .enumerate()
            .take(second.span.line)
            .filter(|(_, l)| l.starts_with("---"))
            .last()
            .map(|(i, _)| i + 1);
        let span = marker.map_or(second.span, |line| Span::new(line, 1, 3));
        let message = "a second YAML document: netplan reads only the first one";
        let help = "netplan ignores everything after the first document silently; use one file per document, or merge them";
        self.push(Finding::error(MULTIPLE_DOCUMENTS, span, message).help(help));
    }

    // -- network ------------------------------------------------------------

    fn root(&mut self, doc: &Node) {
        let Some(entries) = self.mapping(doc) else {
            return;
        };
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            if name == "network" {
                self.network(value);
            } else {
                self.unknown_key(key, name, &["network"]);
            }
        }
    }

    fn network(&mut self, node: &Node) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        self.renderer = node.get_str("renderer").map(|(s, _)| s.to_string());
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            if let Some(group) = GROUPS.iter().find(|g| g.key == name) {
                if let Some(since) = group.since {
                    self.newer_key(key, name, since);
                }
                self.group(group, value);
            } else if let Some(field) = NETWORK.iter().find(|f| f.key == name) {
                self.value(field.ty, value, None);
            } else {
                let keys: Vec<&str> = NETWORK
                    .iter()
                    .map(|f| f.key)
                    .chain(GROUPS.iter().map(|g| g.key))
                    .collect();
                self.unknown_key(key, name, &keys);
            }
        }
    }

    fn group(&mut self, group: &'static Group, node: &Node) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        self.type_renderer = None;
        for (key, definition) in entries {
            let Some(id) = self.scalar(key) else { continue };
            if id == "renderer" {
                // The device type's renderer, for the definitions after it.
                self.value(Ty::Renderer, definition, None);
                self.type_renderer = definition.as_str().and_then(Backend::from_renderer);
                continue;
            }
            self.device_id(id, key.span);
            if !self.defs.contains_key(id) {
                let renderer = self.type_renderer;
                self.def_mut(id).renderer = renderer;
            }
            match self.devices.get(id) {
                Some(other) if *other != group.key => {
                    let other = *other;
                    self.push(
                        Finding::error(
                            DEVICE_TYPE_CONFLICT,
                            key.span,
                            format!("Updated definition '{id}' changes device type"),
                        )
                        .help(format!(
                            "'{id}' is already defined under `{other}`; use one device type per id"
                        )),
                    );
                }
                _ => {
                    self.devices.insert(id.to_string(), group.key);
                }
            }
            self.device(group, id, key, definition);
        }
        self.type_renderer = None;
    }

    /// A device id: a valid name, and no glob (`match:` takes globs).
    fn device_id(&mut self, id: &str, span: Span) {
        if !is_valid_name(id) {
            let help =
                "an interface id is printable ASCII without spaces (`[[:alnum:][:punct:]]+`)";
            self.push(
                Finding::error(INVALID_NAME, span, format!("Invalid name '{id}'")).help(help),
            );
        } else if id.contains(['*', '?', '[', ']']) {
            let message = format!("Definition ID '{id}' must not use globbing");
            let help = "name the definition plainly and put the pattern in `match: {name: ...}`";
            self.push(Finding::error(INVALID_NAME, span, message).help(help));
        }
    }

    fn device(&mut self, group: &'static Group, id: &str, key: &Node, node: &Node) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        let ctx = Ctx {
            device: id,
            group: group.key,
        };
        self.fields(entries, group.fields, Some(ctx));
        self.device_properties(group, id, key, node);
    }

    /// What netplan's validation requires of a whole device definition.
    fn device_properties(&mut self, group: &Group, id: &str, key: &Node, node: &Node) {
        if node.get("match").is_none()
            && let Some(set_name) = node.key("set-name")
        {
            let message = format!("{id}: 'set-name:' requires 'match:' properties");
            let help =
                "add `match:` (for example `macaddress:`) so netplan knows which device to rename";
            self.push(Finding::error(SET_NAME_WITHOUT_MATCH, set_name.span, message).help(help));
        }
        self.required_properties(group, id, key, node);
        self.definition(group.key, id, key, node);
    }

    /// Properties a device type cannot do without.
    fn required_properties(&mut self, group: &Group, id: &str, key: &Node, node: &Node) {
        let tunnel_mode = node.get_str("mode").map(|(s, _)| s);
        let required: &[&str] = match (group.key, tunnel_mode) {
            ("vlans", _) => &["id", "link"],
            ("vrfs", _) => &["table"],
            ("wifis", _) => &["access-points"],
            ("tunnels", None) => &["mode"],
            // validate_tunnel_grammar: see `wireguard` in backends.rs.
            ("tunnels", Some("wireguard")) => &[],
            ("tunnels", Some("vxlan")) => &["id"],
            ("tunnels", Some(_)) => &["local", "remote"],
            _ => &[],
        };
        // An empty mapping of access points is none (`access_points` NULL).
        let missing = |p: &&&str| {
            node.get(p)
                .is_none_or(|v| **p == "access-points" && v.entries().is_some_and(<[_]>::is_empty))
        };
        for property in required.iter().filter(missing) {
            let (message, help) = match (group.key, *property) {
                (_, "access-points") => (
                    format!("{id}: No access points defined"),
                    "add `access-points:` with the SSID to join".to_string(),
                ),
                ("tunnels", "id") => (
                    format!("{id}: missing 'id' property (VXLAN VNI)"),
                    "add `id: VNI` (1 to 16777215)".to_string(),
                ),
                ("tunnels", "mode") => (
                    format!("{id}: missing 'mode' property for tunnel"),
                    format!("add `mode:` ({})", TUNNEL_MODES.join(", ")),
                ),
                ("tunnels", _) => (
                    format!("{id}: missing '{property}' property for tunnel"),
                    format!("add `{property}: IP`, the tunnel's {property} end"),
                ),
                _ => (
                    format!("{id}: missing '{property}' property"),
                    format!(
                        "a {} definition needs `{property}`",
                        &group.key[..group.key.len() - 1]
                    ),
                ),
            };
            self.push(Finding::error(MISSING_PROPERTY, key.span, message).help(help));
        }
    }

    /// Checks every entry of a mapping against `tables`.
    fn fields(
        &mut self,
        entries: &[(Node, Node)],
        tables: &[&'static [Field]],
        ctx: Option<Ctx<'_>>,
    ) {
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            match tables.iter().flat_map(|t| t.iter()).find(|f| f.key == name) {
                Some(field) => {
                    if let Some(since) = field.since {
                        self.newer_key(key, name, since);
                    }
                    self.value(field.ty, value, ctx);
                }
                None => {
                    let keys: Vec<&str> = tables
                        .iter()
                        .flat_map(|t| t.iter())
                        .map(|f| f.key)
                        .collect();
                    self.unknown_key(key, name, &keys);
                }
            }
        }
    }

    fn unknown_key(&mut self, key: &Node, name: &str, known: &[&str]) {
        let hint = known
            .iter()
            .filter(|k| distance(name, k) <= 2)
            .min_by_key(|k| distance(name, k));
        let mut finding = Finding::error(UNKNOWN_KEY, key.span, format!("unknown key '{name}'"));
        if let Some(hint) = hint {
            finding = finding.help(format!("did you mean '{hint}'?"));
        } else if name.contains(':') || name.contains(' ') {
            finding = finding.help("is the indentation or a `:` wrong here?");
        }
        self.push(finding);
    }

    fn newer_key(&mut self, key: &Node, name: &str, since: &str) {
        self.push(
            Finding::warning(
                NEWER_KEY,
                key.span,
                format!("'{name}' needs netplan {since} or later"),
            )
            .help(format!(
                "netplan 0.106 (Debian 12, Ubuntu 23.04) rejects it: `unknown key '{name}'`"
            )),
        );
    }

    /// Checks `node` against `ty`.
    fn value(&mut self, ty: Ty, node: &Node, ctx: Option<Ctx<'_>>) {
        match ty {
            Ty::Str => {
                self.scalar(node);
            }
            Ty::Bool => self.bool(node),
            Ty::Uint => {
                self.uint(node);
            }
            Ty::ScalarMap => {
                if let Some(entries) = self.mapping(node) {
                    for (k, v) in entries {
                        self.scalar(k);
                        self.scalar(v);
                    }
                }
            }
            Ty::Drivers => self.drivers(node),
            Ty::SeqOf(item) => {
                if let Some(items) = self.sequence(node) {
                    items.iter().for_each(|i| self.value(*item, i, ctx));
                }
            }
            Ty::Map(fields) => {
                if let Some(entries) = self.mapping(node) {
                    self.fields(entries, &[fields], ctx);
                }
            }
            Ty::MapOf(value) => {
                if let Some(entries) = self.mapping(node) {
                    for (k, v) in entries {
                        self.scalar(k);
                        self.value(*value, v, ctx);
                    }
                }
            }
            Ty::Choice(values, message) => self.choice(node, values, message),
            Ty::Versioned(values, message) => self.versioned(node, values, message),
            Ty::Wowlan => self.wowlan(node, ctx),
            Ty::Ipv6Token => self.ipv6_token(node),
            Ty::Tos => self.tos(node),
            Ty::Ipv4List => self.ipv4_list(node),
            Ty::PortMap(priority) => self.port_map(node, priority, ctx),
            Ty::TunnelKey => self.tunnel_key(node),
            Ty::Endpoint => self.endpoint(node),
            Ty::AllowedIps => self.allowed_ips(node),
            Ty::PortRange => self.port_range(node, ctx),
            Ty::Ovs => self.ovs_settings(node, ctx),
            Ty::OvsGlobal => self.ovs_global(node),
            Ty::Mac => self.mac(node),
            Ty::Name => self.name(node),
            Ty::Version => self.version(node),
            Ty::Renderer => self.renderer(node, ctx),
            Ty::Gateway(v4) => self.gateway(node, v4, ctx),
            Ty::Addresses => self.addresses(node),
            Ty::Nameservers => self.ip_list(node),
            Ty::Ip => match self.scalar(node) {
                // handle_tunnel_addr
                Some(s) if s.contains('/') => self.push(
                    Finding::error(
                        ADDRESS,
                        node.span,
                        format!("address '{s}' should not include /prefixlength"),
                    )
                    .help("a tunnel's `local` and `remote` are bare addresses"),
                ),
                Some(s) => {
                    self.bare_ip(s, node.span, ADDRESS);
                }
                None => {}
            },
            Ty::SearchList => self.search_list(node),
            Ty::Routes => self.routes(node, ctx),
            Ty::RoutingPolicy => self.routing_policy(node, ctx),
            Ty::Members => self.members(node, ctx),
            Ty::Link => self.link(node, ctx),
            Ty::VlanId => self.vlan_id(node, ctx),
        }
    }

    fn bool(&mut self, node: &Node) {
        if let Some(s) = self.scalar(node)
            && !is_bool(s)
        {
            self.push(
                Finding::error(BOOL, node.span, format!("invalid boolean value '{s}'"))
                    .help("use true or false (netplan also reads yes/no, on/off, y/n)"),
            );
        }
    }

    fn uint(&mut self, node: &Node) -> Option<u32> {
        let s = self.scalar(node)?;
        let value = parse_uint(s);
        if value.is_none() {
            self.push(
                Finding::error(UINT, node.span, format!("invalid unsigned int value '{s}'"))
                    .help("write a decimal number from 0 to 4294967295"),
            );
        }
        value
    }

    fn choice(&mut self, node: &Node, values: &[&str], message: &str) {
        if let Some(s) = self.scalar(node)
            && !values.contains(&s)
        {
            self.push(
                Finding::error(INVALID_VALUE, node.span, message.replace("{}", s))
                    .help(format!("expected one of: {}", values.join(", "))),
            );
        }
    }

    fn drivers(&mut self, node: &Node) {
        let globs = match &node.kind {
            Kind::Seq(items) if items.is_empty() => {
                self.push(
                    Finding::error(INVALID_NAME, node.span, "invalid sequence for 'driver'")
                        .help("give one driver glob, or a sequence of them"),
                );
                return;
            }
            Kind::Seq(items) => items.as_slice(),
            Kind::Map(_) => {
                self.push(
                    Finding::error(
                        TYPE,
                        node.span,
                        "invalid type for 'driver': must be a scalar or a sequence of scalars",
                    )
                    .help("write `driver: e1000`, or `driver: [e1000, e1000e]`"),
                );
                return;
            }
            Kind::Scalar(_) => std::slice::from_ref(node),
        };
        for glob in globs {
            if let Some(s) = self.scalar(glob)
                && s.contains(char::is_whitespace)
            {
                let help = "list several drivers as a sequence: `driver: [e1000, e1000e]`";
                self.push(
                    Finding::error(
                        INVALID_NAME,
                        glob.span,
                        "A 'driver' glob cannot contain whitespace",
                    )
                    .help(help),
                );
            }
        }
    }

    fn mac(&mut self, node: &Node) {
        if let Some(s) = self.scalar(node)
            && !is_mac(s)
        {
            self.push(
                Finding::error(
                    MACADDRESS,
                    node.span,
                    format!(
                        "Invalid MAC address '{s}', must be XX:XX:XX:XX:XX:XX or XX:XX:…(20 bytes)"
                    ),
                )
                .help("six hexadecimal bytes separated by colons, such as 00:0c:29:3e:5a:01"),
            );
        }
    }

    fn name(&mut self, node: &Node) {
        if let Some(s) = self.scalar(node)
            && !is_valid_name(s)
        {
            self.error(INVALID_NAME, node.span, format!("Invalid name '{s}'"));
        }
    }

    fn version(&mut self, node: &Node) {
        if let Some(s) = self.scalar(node)
            && leading_int(s) != Some(2)
        {
            self.push(
                Finding::error(VERSION, node.span, "Only version 2 is supported")
                    .help("write `version: 2`"),
            );
        }
    }

    fn renderer(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(s) = self.scalar(node) else { return };
        let sriov_vlan = s == "sriov" && ctx.is_some_and(|c| c.group == "vlans");
        if !(s == "networkd" || s == "NetworkManager" || sriov_vlan) {
            self.push(
                Finding::error(RENDERER, node.span, format!("unknown renderer '{s}'"))
                    .help("use `networkd` or `NetworkManager` (`sriov` only for a VLAN)"),
            );
        }
    }

    // -- addresses ----------------------------------------------------------

    fn gateway(&mut self, node: &Node, v4: bool, ctx: Option<Ctx<'_>>) {
        let Some(s) = self.scalar(node) else { return };
        let (key, family) = if v4 {
            ("gateway4", Family::V4)
        } else {
            ("gateway6", Family::V6)
        };
        match parse_ip(s) {
            Some(ip) if Family::of(ip) == family => {
                if let IpAddr::V4(addr) = ip {
                    self.gateway_fact(addr, node.span, ctx);
                }
                let message = format!("`{key}` has been deprecated, use default routes instead");
                let help = format!(
                    "netplan ≥ 0.103 warns; write instead:\n\nroutes:\n  - to: default\n    via: {s}"
                );
                self.push(Finding::warning(GATEWAY_DEPRECATED, node.span, message).help(help));
                if let Some(ctx) = ctx {
                    self.defaults.push(DefaultRoute {
                        family,
                        table: None,
                        metric: None,
                        device: ctx.device.to_string(),
                        span: node.span,
                    });
                }
            }
            _ => {
                let help = if s.contains('/') {
                    "a gateway is a bare address, without /prefix"
                } else {
                    "write one address of that family"
                };
                self.push(
                    Finding::error(
                        GATEWAY,
                        node.span,
                        format!("invalid {family} address '{s}'"),
                    )
                    .help(help),
                );
            }
        }
    }

    /// A gateway, as a [`Fact::Gateway`] that becomes a
    /// [`Fact::OnLinkGateway`] if the device turns out to be
    /// NetworkManager's ([`Walker::check_backends`]).
    fn gateway_fact(&mut self, addr: Ipv4Addr, span: Span, ctx: Option<Ctx<'_>>) {
        if let Some(ctx) = ctx {
            self.gateways
                .push((self.report.facts.len(), ctx.device.to_string()));
        }
        self.report.facts.push(Fact::Gateway { addr, span });
    }

    fn addresses(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            match &item.kind {
                Kind::Scalar(s) => self.address(s, item.span),
                Kind::Map(entries) => self.address_with_options(item, entries),
                Kind::Seq(_) => {
                    self.error(
                        TYPE,
                        item.span,
                        "expected either scalar or mapping (check indentation)",
                    );
                }
            }
        }
    }

    /// `- 10.0.0.5/24: {lifetime: 0, label: …}`.
    fn address_with_options(&mut self, item: &Node, entries: &[(Node, Node)]) {
        let Some((key, options)) = entries.first() else {
            self.error(
                ADDRESS,
                item.span,
                "an address item must not be an empty mapping",
            );
            return;
        };
        if let Some((extra, _)) = entries.get(1) {
            let message = "an address item with options has exactly one key, the address";
            let help = "netplan reads only the first key and ignores this one silently; indent the options under the address";
            self.push(Finding::error(ADDRESS, extra.span, message).help(help));
        }
        if let Some(address) = self.scalar(key) {
            self.address(address, key.span);
        }
        if let Some(options) = self.mapping(options) {
            self.fields(options, &[ADDRESS_OPTIONS], None);
        }
    }

    /// One `IP/LEN` of `addresses`, as `handle_addresses` checks it.
    fn address(&mut self, s: &str, span: Span) {
        let Some((ip, prefix)) = s.rsplit_once('/') else {
            self.push(
                Finding::error(
                    ADDRESS,
                    span,
                    format!("address '{s}' is missing /prefixlength"),
                )
                .help(format!(
                    "add the prefix length of the subnet, such as {s}/24"
                )),
            );
            return;
        };
        let Some(ip) = parse_ip(ip) else {
            self.error(
                ADDRESS,
                span,
                format!("malformed address '{s}', must be X.X.X.X/NN or X:X:X:X:X:X:X:X/NN"),
            );
            return;
        };
        let family = Family::of(ip);
        let (length, trailing) = parse_prefix(prefix);
        if length == 0 || length > family.max_prefix() {
            self.push(
                Finding::error(
                    ADDRESS,
                    span,
                    format!("invalid prefix length in address '{s}'"),
                )
                .help(format!(
                    "an {family} prefix length is 1 to {}",
                    family.max_prefix()
                )),
            );
            return;
        }
        if trailing {
            self.push(
                Finding::warning(
                    ADDRESS,
                    span,
                    format!("prefix length '{prefix}' in address '{s}' is read as /{length}"),
                )
                .help(format!("write {ip}/{length}")),
            );
        }
        if let (IpAddr::V4(addr), Ok(prefix)) = (ip, u8::try_from(length)) {
            self.report.facts.push(Fact::Address {
                addr,
                prefix: Some(prefix),
                span,
            });
        }
    }

    /// `nameservers.addresses`: bare IPs.
    fn ip_list(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            if let Some(s) = self.scalar(item)
                && let Some(addr) = self.bare_ip(s, item.span, NAMESERVER)
            {
                self.report.facts.push(Fact::Nameserver {
                    addr,
                    span: item.span,
                });
            }
        }
    }

    /// An IP without prefix, as netplan's nameserver, ARP target and tunnel
    /// handlers check it.
    fn bare_ip(&mut self, s: &str, span: Span, rule: &'static str) -> Option<IpAddr> {
        let ip = parse_ip(s);
        if ip.is_none() {
            let message = format!("malformed address '{s}', must be X.X.X.X or X:X:X:X:X:X:X:X");
            let help = if s.contains('/') {
                "write the address without /prefix"
            } else {
                "write an IPv4 or IPv6 address"
            };
            self.push(Finding::error(rule, span, message).help(help));
        }
        ip
    }

    fn search_list(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            if let Some(s) = self.scalar(item)
                && !is_domain(s)
            {
                let help =
                    "netplan passes it on unchecked; the resolver will search for it as a domain";
                self.push(
                    Finding::warning(
                        SEARCH_DOMAIN,
                        item.span,
                        format!("'{s}' is not a domain name"),
                    )
                    .help(help),
                );
            }
        }
    }

    // -- routes -------------------------------------------------------------

    fn routes(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            if let Some(entries) = self.mapping(item) {
                self.fields(entries, &[ROUTE_KEYS], ctx);
                self.route(item, ctx);
            }
        }
    }

    /// One route, as netplan's `handle_routes` and the networkd writer see it.
    fn route(&mut self, item: &Node, ctx: Option<Ctx<'_>>) {
        let to = item.get_str("to");
        let via = item.get_str("via");
        let kind = item.get_str("type").map_or("unicast", |(s, _)| s);
        let scope = item
            .get_str("scope")
            .map_or(backends::route_scope(kind, via.is_some()), |(s, _)| s);
        let to_family = to.and_then(|(s, span)| self.route_ip(s, span, "destination", true));
        let via_family = via.and_then(|(s, span)| self.route_ip(s, span, "gateway", false));
        if let (Some(a), Some(b), Some((v, span))) = (to_family, via_family, via)
            && a != b
        {
            let dest = to.map_or("", |(s, _)| s);
            let family = |f| if f == Family::V4 { "IPv4" } else { "IPv6" };
            self.push(
                Finding::error(
                    ROUTE,
                    span,
                    format!(
                        "the route to {dest} is {} but its gateway {v} is {}",
                        family(a),
                        family(b)
                    ),
                )
                .help(format!(
                    "`to` and `via` must both be IPv4 or both be IPv6; netplan says `IP family mismatch in route to {v}` (it names the gateway)"
                )),
            );
        }
        if let Some((from, span)) = item.get_str("from") {
            let from_family = self.route_ip(from, span, "source", false);
            if let (Some(a), Some(b)) = (from_family, via_family.or(to_family))
                && a != b
            {
                let target = via.or(to).map_or("", |(s, _)| s);
                self.error(
                    ROUTE,
                    span,
                    format!("IP family mismatch in route to {target}"),
                );
            }
        }
        let link_or_host = scope.eq_ignore_ascii_case("link") || scope.eq_ignore_ascii_case("host");
        let unicast = kind.eq_ignore_ascii_case("unicast");
        let problem = if link_or_host && to.is_none() {
            Some("link and host routes must specify a 'to' IP")
        } else if unicast && scope.eq_ignore_ascii_case("global") && (to.is_none() || via.is_none())
        {
            Some("global unicast route must include both a 'to' and 'via' IP")
        } else if !unicast && to.is_none() {
            Some("non-unicast routes must specify a 'to' IP")
        } else {
            None
        };
        if let Some(message) = problem {
            let help = if to.is_none() {
                "add `to:` (an IP/prefix, or `default`)"
            } else {
                "add `via: GATEWAY`, or leave out `scope: global` for a route on the link"
            };
            self.push(Finding::error(ROUTE, item.span, message).help(help));
        }
        let Some((to_text, to_span)) = to else {
            return;
        };
        if to_text == "default" && via.is_none() {
            let help = "netplan 0.106 aborts on it (`assertion failed: (ip_family == AF_INET || ip_family == AF_INET6)`); \
                add `via: GATEWAY`, or write `to: 0.0.0.0/0` for a link-scope default route";
            self.push(
                Finding::error(
                    DEFAULT_ROUTE_WITHOUT_VIA,
                    to_span,
                    "a default route needs `via:`",
                )
                .help(help),
            );
        }
        // A gateway `on-link: true` is reached off the subnet on purpose.
        let on_link = item.get_str("on-link").is_some_and(|(s, _)| is_true(s));
        if let (Some((v, span)), Some(Family::V4), false) = (via, via_family, on_link)
            && let Ok(addr) = v.parse::<Ipv4Addr>()
        {
            self.gateway_fact(addr, span, ctx);
        }
        let is_default = matches!(to_text, "default" | "0.0.0.0/0" | "::/0");
        if let (true, Some(family), Some(ctx)) = (is_default, to_family.or(via_family), ctx) {
            let table = item.get_str("table").and_then(|(s, _)| parse_uint(s));
            let metric = item.get_str("metric").and_then(|(s, _)| parse_uint(s));
            self.defaults.push(DefaultRoute {
                family,
                table,
                metric,
                device: ctx.device.to_string(),
                span: to_span,
            });
        }
    }

    /// Checks the IP of a route's `to`/`via`/`from`; returns its family.
    fn route_ip(
        &mut self,
        s: &str,
        span: Span,
        role: &str,
        may_be_default: bool,
    ) -> Option<Family> {
        if may_be_default && s == "default" {
            return None;
        }
        let Some(family) = ip_family(s) else {
            let default = if may_be_default { ", or `default`" } else { "" };
            self.push(
                Finding::error(ROUTE, span, format!("invalid route {role} '{s}'")).help(format!(
                    "write an IPv4 or IPv6 address{default}; netplan: `invalid IP family '-1'`"
                )),
            );
            return None;
        };
        if let Some((_, prefix)) = s.split_once('/') {
            let (length, trailing) = parse_prefix(prefix);
            if role != "destination" {
                self.push(
                    Finding::warning(ROUTE, span, format!("the route {role} '{s}' has a prefix"))
                        .help("netplan passes it on; systemd-networkd expects a bare address here"),
                );
            } else if trailing || length > family.max_prefix() {
                self.push(
                    Finding::warning(
                        ROUTE,
                        span,
                        format!("invalid prefix length in route destination '{s}'"),
                    )
                    .help(format!(
                        "an {family} prefix length is 0 to {}; systemd-networkd ignores this route",
                        family.max_prefix()
                    )),
                );
            }
        }
        Some(family)
    }

    fn routing_policy(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            let Some(entries) = self.mapping(item) else {
                continue;
            };
            self.fields(entries, &[ROUTING_RULE], ctx);
            if item.get("from").is_none() && item.get("to").is_none() {
                self.error(
                    ROUTING_POLICY,
                    item.span,
                    "IP routing policy must include either a 'from' or 'to' IP",
                );
            }
            let mut family = None;
            for key in ["from", "to"] {
                let Some((s, span)) = item.get_str(key) else {
                    continue;
                };
                match (ip_family(s), family) {
                    (None, _) => self.error(
                        ROUTING_POLICY,
                        span,
                        format!("invalid IP address '{s}' in routing policy"),
                    ),
                    (Some(f), Some(first)) if f != first => self.push(
                        Finding::error(
                            ROUTING_POLICY,
                            span,
                            format!("IP family mismatch in route to {s}"),
                        )
                        .help("`from` and `to` of a rule must both be IPv4 or both be IPv6"),
                    ),
                    (Some(f), _) => family = Some(f),
                }
            }
        }
    }

    // -- references ---------------------------------------------------------

    fn members(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        let Some(ctx) = ctx else { return };
        let kind = match ctx.group {
            "bonds" => "bond",
            "bridges" => "bridge",
            _ => "vrf",
        };
        for item in items {
            let Some(name) = self.scalar(item) else {
                continue;
            };
            self.references.push(Reference {
                from: ctx.device.to_string(),
                to: name.to_string(),
                span: item.span,
            });
            // A bridge or bond owns its members; a VRF only groups them.
            let slot = (kind == "vrf", name.to_string());
            match self.masters.get(&slot) {
                Some((master, master_kind)) if master != ctx.device => {
                    let message = format!(
                        "{}: interface '{name}' is already assigned to {master_kind} {master}",
                        ctx.device
                    );
                    self.error(ALREADY_ASSIGNED, item.span, message);
                }
                _ => {
                    self.masters.insert(slot, (ctx.device.to_string(), kind));
                }
            }
        }
    }

    fn link(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        if let (Some(name), Some(ctx)) = (self.scalar(node), ctx) {
            self.references.push(Reference {
                from: ctx.device.to_string(),
                to: name.to_string(),
                span: node.span,
            });
        }
    }

    fn vlan_id(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        if let Some(id) = self.uint(node)
            && id > 4094
        {
            let device = ctx.map_or("", |c| c.device);
            self.error(
                MISSING_PROPERTY,
                node.span,
                format!("{device}: invalid id '{id}' (allowed values are 0 to 4094)"),
            );
        }
    }

    /// Every interface a device names (bridge and bond members, VLAN links)
    /// must be defined: netplan only reads this one file here.
    fn check_references(&mut self) {
        for Reference { from, to, span } in std::mem::take(&mut self.references) {
            if self.devices.contains_key(&to) {
                continue;
            }
            let message = format!("{from}: interface '{to}' is not defined");
            let help = format!(
                "define '{to}' in this file too (for example under `ethernets:`): netplan needs it"
            );
            self.push(Finding::error(UNDEFINED_INTERFACE, span, message).help(help));
        }
    }

    /// netplan's "default route consistency": one default route per family,
    /// table and metric.
    fn check_default_routes(&mut self) {
        let mut findings = Vec::new();
        for (i, route) in self.defaults.iter().enumerate() {
            let Some(first) = self.defaults[..i].iter().find(|r| {
                r.family == route.family && r.table == route.table && r.metric == route.metric
            }) else {
                continue;
            };
            let table = route.table.map_or("main".to_string(), |t| t.to_string());
            let metric = route
                .metric
                .map_or("default".to_string(), |m| m.to_string());
            let message = format!(
                "conflicting default route for {} (table: {table}, metric: {metric}), first declared in {} on line {}",
                route.family, first.device, first.span.line
            );
            findings.push(Finding::error(CONFLICTING_DEFAULT_ROUTE, route.span, message).help(format!(
                "netplan only warns (`Conflicting default route declarations for {}…`) and writes both; keep one default route, or give them different `metric`s or `table`s",
                route.family
            )));
        }
        self.report.findings.extend(findings);
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;
    use crate::validate::Severity;

    /// The brief's example, as a guide prints it once filled.
    const EXAMPLE: &str = "\
network:
  version: 2
  renderer: networkd
  ethernets:
    ens33:
      addresses:
        - 10.20.5.6/16
      gateway4: 10.20.0.1
      nameservers:
        search: [localdomain, localhost]
        addresses: [114.114.114.114, 8.8.8.8]
";

    /// An ethernet `eth0` with `body` (indented by 6) as its definition.
    fn eth(body: &str) -> String {
        format!("network:\n  ethernets:\n    eth0:\n{body}")
    }

    /// The one finding of `text`, which must have rule `rule`.
    #[track_caller]
    fn single(text: &str, rule: &str) -> Finding {
        let report = check(text);
        assert_eq!(report.findings.len(), 1, "{text}\n{:#?}", report.findings);
        let finding = report.findings[0].clone();
        assert_eq!(finding.rule, rule, "{finding:#?}");
        finding
    }

    /// Asserts the one finding's rule, severity and position.
    #[track_caller]
    fn assert_single(
        text: &str,
        rule: &str,
        severity: Severity,
        line: usize,
        column: usize,
    ) -> Finding {
        let finding = single(text, rule);
        assert_eq!(finding.severity, severity, "{finding:#?}");
        assert_eq!(
            (finding.span.line, finding.span.column),
            (line, column),
            "{finding:#?}"
        );
        finding
    }

    #[track_caller]
    fn assert_clean(text: &str) {
        let report = check(text);
        assert!(report.findings.is_empty(), "{text}\n{:#?}", report.findings);
    }

    #[test]
    fn the_example_is_valid_and_yields_its_facts() {
        let report = check(EXAMPLE);
        assert!(!report.has_errors(), "{:#?}", report.findings);
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [GATEWAY_DEPRECATED]);
        assert_eq!(
            report.facts,
            [
                Fact::Address {
                    addr: Ipv4Addr::new(10, 20, 5, 6),
                    prefix: Some(16),
                    span: Span::new(7, 11, 12)
                },
                Fact::Gateway {
                    addr: Ipv4Addr::new(10, 20, 0, 1),
                    span: Span::new(8, 17, 9)
                },
                Fact::Nameserver {
                    addr: IpAddr::from([114, 114, 114, 114]),
                    span: Span::new(11, 21, 15)
                },
                Fact::Nameserver {
                    addr: IpAddr::from([8, 8, 8, 8]),
                    span: Span::new(11, 38, 7)
                },
            ]
        );
    }

    #[test]
    fn empty_and_comment_only_files_are_accepted() {
        assert_clean("");
        assert_clean("# nothing yet\n");
        // An explicit document is one: it must be a mapping.
        assert_single("---\n# nothing yet\n", TYPE, Severity::Error, 3, 1);
        assert_clean("network:\n  version: 2\n");
    }

    #[test]
    fn yaml_syntax_error_at_the_scanner_position() {
        let text = "touch /etc/netplan/x.yaml\nnetwork:\n  version: 2\n";
        let finding = assert_single(text, YAML_SYNTAX, Severity::Error, 2, 8);
        assert!(
            finding
                .help
                .unwrap_or_default()
                .starts_with("netplan refuses the file: `Invalid YAML:")
        );
    }

    #[test]
    fn inconsistent_indentation_uses_netplans_words() {
        let text = eth("      dhcp4: true\n   dhcp6: true\n");
        let finding = assert_single(&text, YAML_SYNTAX, Severity::Error, 5, 4);
        assert_eq!(
            finding.help.as_deref(),
            Some("netplan refuses the file: `Invalid YAML: inconsistent indentation:`")
        );
    }

    /// What the real netplan 0.106 printed for these files (ran on Debian
    /// 12): its headings, from saphyr's messages.
    #[test]
    fn yaml_headings_are_what_netplan_prints() {
        for (text, heading) in [
            (
                "network:\n  version: 2\n  ethernets: x: y\n",
                "inconsistent indentation",
            ),
            ("network:\n  version: \"2\n", "aliases are not supported"),
            (
                "network:\n  version: 2\n  ethernets: [a, b\n",
                "did not find expected ',' or ']'",
            ),
            ("network: {version: 2\n", "did not find expected ',' or '}'"),
        ] {
            let report = check(text);
            let help = report.findings[0].help.clone().unwrap_or_default();
            assert_eq!(
                help,
                format!("netplan refuses the file: `Invalid YAML: {heading}:`"),
                "{text}"
            );
        }
    }

    #[test]
    fn tab_in_indentation() {
        assert_single(&eth("\t  dhcp4: true\n"), TAB_INDENT, Severity::Error, 4, 1);
        assert_single(
            &eth("      dhcp4: true\n  \t\n"),
            TAB_INDENT,
            Severity::Error,
            5,
            3,
        );
        assert_single(
            &eth("      addresses:\n      -\t10.0.0.1/24\n"),
            TAB_INDENT,
            Severity::Error,
            5,
            8,
        );
    }

    #[test]
    fn tabs_libyaml_allows_are_accepted() {
        assert_clean(&eth("      dhcp4:\ttrue\n"));
        assert_clean(&eth("      dhcp4: true\t\n"));
        assert_clean(&eth("      dhcp4: true # a\tcomment\n"));
    }

    #[test]
    fn duplicate_keys_are_found_and_the_rest_is_still_checked() {
        let text = eth("      dhcp4: true\n      dhcp4: false\n      mtu: big\n");
        let report = check(&text);
        let found: Vec<(&str, usize, usize)> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.span.line, f.span.column))
            .collect();
        assert_eq!(found, [(DUPLICATE_KEY, 5, 7), (UINT, 6, 12)]);
        assert_eq!(
            report.findings[0].message,
            "duplicate key 'dhcp4' (first on line 4)"
        );
    }

    #[test]
    fn duplicate_device_ids_keep_their_names() {
        let text = "network:\n  ethernets:\n    ens33:\n      dhcp4: true\n    ens33:\n      addresses: [10.0.0.5/24]\n";
        let finding = assert_single(text, DUPLICATE_KEY, Severity::Error, 5, 5);
        assert!(finding.message.contains("'ens33'"), "{finding:#?}");
        assert_eq!(check(text).facts.len(), 1);
    }

    #[test]
    fn duplicate_quoted_keys() {
        let text = "network:\n  ethernets:\n    \"eth0\": {}\n    \"eth0\": {}\n";
        assert_single(text, DUPLICATE_KEY, Severity::Error, 4, 5);
    }

    #[test]
    fn a_second_document() {
        let text = "network:\n  version: 2\n---\nnetwork:\n  version: 2\n";
        assert_single(text, MULTIPLE_DOCUMENTS, Severity::Error, 3, 1);
        let text = "# two documents\n---\nnetwork:\n  version: 2\n--- {network: {version: 2}}\n";
        assert_single(text, MULTIPLE_DOCUMENTS, Severity::Error, 5, 1);
        assert_clean("---\nnetwork:\n  version: 2\n...\n");
        assert_clean("network:\n  version: 2\n---\n");
    }

    #[test]
    fn unknown_key_with_a_suggestion() {
        let finding = assert_single(
            &eth("      gatway4: 10.0.0.1\n"),
            UNKNOWN_KEY,
            Severity::Error,
            4,
            7,
        );
        assert_eq!(finding.message, "unknown key 'gatway4'");
        assert_eq!(finding.help.as_deref(), Some("did you mean 'gateway4'?"));
    }

    #[test]
    fn root_must_be_network() {
        let finding = assert_single(
            "ethernets:\n  eth0: {}\n",
            UNKNOWN_KEY,
            Severity::Error,
            1,
            1,
        );
        assert_eq!(finding.message, "unknown key 'ethernets'");
        assert_single("- network\n", TYPE, Severity::Error, 1, 1);
    }

    #[test]
    fn keys_of_newer_netplan_warn() {
        assert_single(
            "network:\n  dummy-devices:\n    dm0: {}\n",
            NEWER_KEY,
            Severity::Warning,
            2,
            3,
        );
    }

    #[test]
    fn wrong_node_types() {
        let finding = assert_single(
            &eth("      addresses: 10.0.0.5/24\n"),
            TYPE,
            Severity::Error,
            4,
            18,
        );
        assert_eq!(finding.message, "expected sequence");
        let finding = assert_single(
            &eth("      nameservers: []\n"),
            TYPE,
            Severity::Error,
            4,
            20,
        );
        assert_eq!(finding.message, "expected mapping (check indentation)");
        let finding = assert_single(
            &eth("      gateway4: [10.0.0.1]\n"),
            TYPE,
            Severity::Error,
            4,
            17,
        );
        assert_eq!(finding.message, "expected scalar");
        let finding = assert_single(
            "network:\n  ethernets:\n    eth0:\n",
            TYPE,
            Severity::Error,
            3,
            10,
        );
        assert_eq!(finding.message, "expected mapping (check indentation)");
    }

    #[test]
    fn version_must_be_2() {
        assert_single("network:\n  version: 1\n", VERSION, Severity::Error, 2, 12);
        assert_clean("network:\n  version: \"2\"\n");
        assert_clean("network:\n  version: 2.0\n");
    }

    #[test]
    fn renderer_is_networkd_or_networkmanager() {
        let finding = assert_single(
            "network:\n  renderer: systemd\n",
            RENDERER,
            Severity::Error,
            2,
            13,
        );
        assert_eq!(finding.message, "unknown renderer 'systemd'");
        assert_clean("network:\n  renderer: NetworkManager\n");
        assert_single(
            "network:\n  renderer: sriov\n",
            RENDERER,
            Severity::Error,
            2,
            13,
        );
        assert_clean(
            "network:\n  ethernets:\n    eth0: {}\n  vlans:\n    v1: {id: 1, link: eth0, renderer: sriov}\n",
        );
    }

    #[test]
    fn modems_need_networkmanager() {
        let text = "network:\n  modems:\n    cdc-wdm1:\n      apn: internet\n";
        assert_single(text, RENDERER, Severity::Error, 3, 5);
        assert_clean(
            "network:\n  renderer: NetworkManager\n  modems:\n    cdc-wdm1:\n      apn: internet\n",
        );
    }

    #[test]
    fn booleans_are_netplans() {
        let finding = assert_single(&eth("      dhcp4: maybe\n"), BOOL, Severity::Error, 4, 14);
        assert_eq!(finding.message, "invalid boolean value 'maybe'");
        assert_single(&eth("      dhcp4: 1\n"), BOOL, Severity::Error, 4, 14);
        assert_clean(&eth(
            "      dhcp4: Yes\n      dhcp6: OFF\n      critical: y\n      optional: \"true\"\n",
        ));
    }

    #[test]
    fn unsigned_ints_are_strtoull_ones() {
        let finding = assert_single(&eth("      mtu: big\n"), UINT, Severity::Error, 4, 12);
        assert_eq!(finding.message, "invalid unsigned int value 'big'");
        for bad in ["-1", "0x10", "1500.0", "4294967296"] {
            single(&eth(&format!("      mtu: {bad}\n")), UINT);
        }
        for good in ["1500", "+1500", "\"9000\"", "4294967295"] {
            assert_clean(&eth(&format!("      mtu: {good}\n")));
        }
    }

    #[test]
    fn values_from_a_fixed_set() {
        let finding = assert_single(
            &eth("      dhcp-identifier: foo\n"),
            INVALID_VALUE,
            Severity::Error,
            4,
            24,
        );
        assert_eq!(finding.message, "invalid DHCP client identifier type 'foo'");
        assert_single(
            &eth("      link-local: [ipv4, foo]\n"),
            INVALID_VALUE,
            Severity::Error,
            4,
            26,
        );
    }

    #[test]
    fn address_without_prefix() {
        let text = eth("      addresses:\n        - 10.7.0.128\n");
        let finding = assert_single(&text, ADDRESS, Severity::Error, 5, 11);
        assert_eq!(
            finding.message,
            "address '10.7.0.128' is missing /prefixlength"
        );
    }

    #[test]
    fn malformed_addresses() {
        for bad in [
            "192.168.300.1/24",
            "10.07.0.128/24",
            "192.168.?.xxx/24",
            "/24",
            "10.0.0.1/24/24",
        ] {
            let finding = single(&eth(&format!("      addresses: [\"{bad}\"]\n")), ADDRESS);
            assert_eq!(
                finding.message,
                format!("malformed address '{bad}', must be X.X.X.X/NN or X:X:X:X:X:X:X:X/NN")
            );
        }
    }

    #[test]
    fn prefix_lengths() {
        for bad in [
            "10.7.0.128/33",
            "10.7.0.128/0",
            "10.7.0.128/",
            "10.7.0.128/abc",
            "2001:db8::1/129",
        ] {
            let finding = single(&eth(&format!("      addresses: [\"{bad}\"]\n")), ADDRESS);
            assert_eq!(
                finding.message,
                format!("invalid prefix length in address '{bad}'")
            );
            assert_eq!(finding.severity, Severity::Error);
        }
        // strtoull stops at the first non-digit: netplan reads /24.
        let finding = assert_single(
            &eth("      addresses: [10.7.0.128/24x]\n"),
            ADDRESS,
            Severity::Warning,
            4,
            19,
        );
        assert_eq!(finding.help.as_deref(), Some("write 10.7.0.128/24"));
        assert_clean(&eth(
            "      addresses: [10.7.0.128/32, \"2001:db8::5/64\"]\n",
        ));
    }

    #[test]
    fn the_bad_item_of_a_list_is_pointed_at() {
        let text = eth(
            "      addresses:\n        - 10.7.0.2/24\n        - 10.7.0.3/24\n        - 192.168.300.1/24\n",
        );
        assert_single(&text, ADDRESS, Severity::Error, 7, 11);
    }

    #[test]
    fn addresses_with_options() {
        let text = eth(
            "      addresses:\n        - 10.0.0.5/24:\n            lifetime: 0\n            label: eth0:1\n",
        );
        assert_clean(&text);
        assert_eq!(check(&text).facts.len(), 1);
        let text = eth("      addresses:\n        - 10.0.0.5/24:\n            lifetime: 5\n");
        let finding = assert_single(&text, INVALID_VALUE, Severity::Error, 6, 23);
        assert_eq!(finding.message, "invalid lifetime value '5'");
        let text = eth(
            "      addresses:\n        - 10.0.0.5/24:\n            lifetime: 0\n          label: x\n",
        );
        assert_single(&text, ADDRESS, Severity::Error, 7, 11);
    }

    #[test]
    fn gateway_is_deprecated_with_a_routes_example() {
        let finding = assert_single(
            &eth("      gateway4: 10.7.0.2\n"),
            GATEWAY_DEPRECATED,
            Severity::Warning,
            4,
            17,
        );
        assert!(
            finding
                .help
                .unwrap_or_default()
                .ends_with("routes:\n  - to: default\n    via: 10.7.0.2")
        );
    }

    #[test]
    fn invalid_gateways() {
        let finding = assert_single(
            &eth("      gateway4: 10.7.0.2/24\n"),
            GATEWAY,
            Severity::Error,
            4,
            17,
        );
        assert_eq!(finding.message, "invalid IPv4 address '10.7.0.2/24'");
        single(&eth("      gateway4: 10.7.0.256\n"), GATEWAY);
        single(&eth("      gateway4: fe80::1\n"), GATEWAY);
        let finding = single(&eth("      gateway6: 10.0.0.1\n"), GATEWAY);
        assert_eq!(finding.message, "invalid IPv6 address '10.0.0.1'");
    }

    #[test]
    fn nameservers_are_bare_ips() {
        let text = eth("      nameservers:\n        addresses: [8.8.8.8, 114.114.114.1145]\n");
        let finding = assert_single(&text, NAMESERVER, Severity::Error, 5, 30);
        assert_eq!(
            finding.message,
            "malformed address '114.114.114.1145', must be X.X.X.X or X:X:X:X:X:X:X:X"
        );
        single(
            &eth("      nameservers:\n        addresses: [10.0.0.1/24]\n"),
            NAMESERVER,
        );
        single(
            &eth("      nameservers:\n        search: localdomain\n"),
            TYPE,
        );
    }

    #[test]
    fn search_domains_are_domain_names() {
        let text = eth("      nameservers:\n        search: [example.com, \"a b\"]\n");
        assert_single(&text, SEARCH_DOMAIN, Severity::Warning, 5, 31);
    }

    #[test]
    fn routes_need_to_and_valid_ips() {
        let finding = assert_single(
            &eth("      routes:\n        - via: 10.0.0.1\n"),
            ROUTE,
            Severity::Error,
            5,
            11,
        );
        assert_eq!(
            finding.message,
            "global unicast route must include both a 'to' and 'via' IP"
        );
        let finding = assert_single(
            &eth("      routes:\n        - to: default\n          via: 10.7.0.300\n"),
            ROUTE,
            Severity::Error,
            6,
            16,
        );
        assert_eq!(finding.message, "invalid route gateway '10.7.0.300'");
        let finding = assert_single(
            &eth("      routes:\n        - to: 10.1.0.0/16\n          via: fe80::1\n"),
            ROUTE,
            Severity::Error,
            6,
            16,
        );
        assert_eq!(
            finding.message,
            "the route to 10.1.0.0/16 is IPv4 but its gateway fe80::1 is IPv6"
        );
        let finding = single(&eth("      routes:\n        - type: unreachable\n"), ROUTE);
        assert_eq!(finding.message, "non-unicast routes must specify a 'to' IP");
        assert_clean(&eth("      routes:\n        - to: 10.1.0.0/16\n"));
        assert_clean(&eth(
            "      routes:\n        - to: 0.0.0.0/0\n          via: 10.0.0.1\n          on-link: true\n          metric: 100\n",
        ));
    }

    #[test]
    fn default_route_without_via() {
        let text = eth("      routes:\n        - to: default\n");
        let finding = assert_single(&text, DEFAULT_ROUTE_WITHOUT_VIA, Severity::Error, 5, 15);
        assert!(finding.help.unwrap_or_default().contains("aborts"));
    }

    #[test]
    fn one_default_route_per_family_table_and_metric() {
        let two = "network:\n  ethernets:\n    eth0:\n      routes:\n        - to: default\n          via: 10.0.0.1\n    eth1:\n      routes:\n        - to: 0.0.0.0/0\n          via: 10.0.1.1\n";
        let finding = assert_single(two, CONFLICTING_DEFAULT_ROUTE, Severity::Error, 9, 15);
        assert_eq!(
            finding.message,
            "conflicting default route for IPv4 (table: main, metric: default), first declared in eth0 on line 5"
        );
        assert_clean(&two.replace("10.0.1.1\n", "10.0.1.1\n          metric: 200\n"));
        assert_clean(&two.replace("10.0.1.1\n", "10.0.1.1\n          table: 100\n"));
        let with_gateway = eth(
            "      gateway4: 10.0.0.1\n      routes:\n        - to: default\n          via: 10.0.0.2\n",
        );
        let rules: Vec<&str> = check(&with_gateway)
            .findings
            .iter()
            .map(|f| f.rule)
            .collect();
        assert_eq!(rules, [GATEWAY_DEPRECATED, CONFLICTING_DEFAULT_ROUTE]);
    }

    #[test]
    fn routing_policy_needs_from_or_to() {
        let finding = assert_single(
            &eth("      routing-policy:\n        - table: 100\n"),
            ROUTING_POLICY,
            Severity::Error,
            5,
            11,
        );
        assert_eq!(
            finding.message,
            "IP routing policy must include either a 'from' or 'to' IP"
        );
    }

    #[test]
    fn mac_addresses() {
        let finding = assert_single(
            &eth("      macaddress: 00:0c:29:zz:00:01\n"),
            MACADDRESS,
            Severity::Error,
            4,
            19,
        );
        assert!(
            finding
                .message
                .starts_with("Invalid MAC address '00:0c:29:zz:00:01', must be XX:XX:XX:XX:XX:XX")
        );
        assert_clean(&eth("      macaddress: 00:0C:29:aa:bb:cc\n"));
    }

    #[test]
    fn set_name_requires_match() {
        let finding = assert_single(
            &eth("      set-name: lan0\n"),
            SET_NAME_WITHOUT_MATCH,
            Severity::Error,
            4,
            7,
        );
        assert_eq!(
            finding.message,
            "eth0: 'set-name:' requires 'match:' properties"
        );
        assert_clean(&eth(
            "      match:\n        macaddress: 00:0c:29:aa:bb:cc\n      set-name: lan0\n",
        ));
    }

    #[test]
    fn interface_names() {
        let text = "network:\n  ethernets:\n    \"ens 33\":\n      dhcp4: true\n";
        let finding = assert_single(text, INVALID_NAME, Severity::Error, 3, 5);
        assert_eq!(finding.message, "Invalid name 'ens 33'");
        assert_single(
            &eth("      match:\n        name: \"a b\"\n"),
            INVALID_NAME,
            Severity::Error,
            5,
            15,
        );
        assert_clean("network:\n  ethernets:\n    thisisaverylonginterfacename0: {}\n");
        let finding = single(
            "network:\n  ethernets:\n    \"en*\": {match: {name: \"en*\"}}\n",
            INVALID_NAME,
        );
        assert_eq!(finding.message, "Definition ID 'en*' must not use globbing");
    }

    #[test]
    fn vlans_need_id_and_link() {
        let finding = assert_single(
            "network:\n  vlans:\n    vlan10:\n      id: 10\n",
            MISSING_PROPERTY,
            Severity::Error,
            3,
            5,
        );
        assert_eq!(finding.message, "vlan10: missing 'link' property");
        let text = "network:\n  ethernets:\n    eth0: {}\n  vlans:\n    vlan10:\n      id: 4095\n      link: eth0\n";
        let finding = assert_single(text, MISSING_PROPERTY, Severity::Error, 6, 11);
        assert_eq!(
            finding.message,
            "vlan10: invalid id '4095' (allowed values are 0 to 4094)"
        );
    }

    #[test]
    fn tunnels_need_their_endpoints() {
        let text = "network:\n  tunnels:\n    gre1:\n      mode: gre\n      local: 10.0.0.1\n";
        let finding = assert_single(text, MISSING_PROPERTY, Severity::Error, 3, 5);
        assert_eq!(
            finding.message,
            "gre1: missing 'remote' property for tunnel"
        );
        let text =
            "network:\n  tunnels:\n    gre1: {mode: gre, local: 10.0.0.1, remote: 10.0.0.300}\n";
        assert_single(text, ADDRESS, Severity::Error, 3, 48);
        let text = "network:\n  tunnels:\n    wg0: {mode: wireguard}\n";
        assert_eq!(
            single(text, MISSING_PROPERTY).message,
            "wg0: missing 'key' property (private key) for wireguard"
        );
    }

    #[test]
    fn driver_globs_have_no_whitespace() {
        let text = eth("      match:\n        driver: \"e1000 e1000e\"\n");
        let finding = assert_single(&text, INVALID_NAME, Severity::Error, 5, 17);
        assert_eq!(finding.message, "A 'driver' glob cannot contain whitespace");
        assert_clean(&eth("      match:\n        driver: [e1000, \"ixgb*\"]\n"));
    }

    #[test]
    fn references_must_be_defined() {
        let finding = assert_single(
            "network:\n  bridges:\n    br0:\n      interfaces: [eth9]\n",
            UNDEFINED_INTERFACE,
            Severity::Error,
            4,
            20,
        );
        assert_eq!(finding.message, "br0: interface 'eth9' is not defined");
    }

    #[test]
    fn an_interface_in_two_masters() {
        let text = "network:\n  ethernets:\n    eth0: {}\n  bonds:\n    bond0:\n      interfaces: [eth0]\n  bridges:\n    br0:\n      interfaces: [eth0]\n";
        let finding = assert_single(text, ALREADY_ASSIGNED, Severity::Error, 9, 20);
        assert_eq!(
            finding.message,
            "br0: interface 'eth0' is already assigned to bond bond0"
        );
    }

    #[test]
    fn an_id_under_two_device_types() {
        let text = "network:\n  ethernets:\n    eth0: {}\n  bridges:\n    eth0: {}\n";
        let finding = assert_single(text, DEVICE_TYPE_CONFLICT, Severity::Error, 5, 5);
        assert_eq!(
            finding.message,
            "Updated definition 'eth0' changes device type"
        );
    }

    #[test]
    fn crlf_bom_anchors_and_aliases() {
        assert_clean(
            "\u{feff}network:\r\n  version: 2\r\n  ethernets:\r\n    eth0:\r\n      dhcp4: true\r\n",
        );
        let finding = single(
            "\u{feff}network:\r\n  ethernets:\r\n    eth0:\r\n      dhcp4: maybe\r\n",
            BOOL,
        );
        assert_eq!((finding.span.line, finding.span.column), (4, 14));
        assert_clean(
            "network:\n  ethernets:\n    eth0: &common {dhcp4: true}\n    eth1: *common\n",
        );
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let finding = single("network:\n  ethernets:\n    \"é0\": {}\n", INVALID_NAME);
        assert_eq!(finding.span, Span::new(3, 5, 4));
        let text = "network:\n  ethernets:\n    e0: {networkmanager: {name: é}, dhcp4: nö}\n";
        assert_eq!(single(text, BOOL).span, Span::new(3, 44, 2));
    }

    #[test]
    fn values_are_read_as_netplan_reads_them() {
        assert_eq!(parse_uint(""), Some(0));
        assert_eq!(parse_uint(" 7"), Some(7));
        assert_eq!(parse_uint("-0"), Some(0));
        assert_eq!(parse_uint("7 "), None);
        assert_eq!(parse_prefix("24"), (24, false));
        assert_eq!(parse_prefix("24abc"), (24, true));
        assert_eq!(parse_prefix("-1").0, u64::MAX);
        assert_eq!(leading_int("2abc"), Some(2));
        assert!(
            is_mac("00:0c:29:aa:bb:cc")
                && !is_mac("00:0c:29:aa:bb")
                && !is_mac("00-0c-29-aa-bb-cc")
        );
        assert!(is_domain("example.com.") && !is_domain("a..b"));
        assert_eq!(distance("gatway4", "gateway4"), 1);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let staircase: String = (0..3000)
            .map(|i| format!("{}a{i}:\n", " ".repeat(i)))
            .collect();
        single(&format!("network:\n{staircase}"), YAML_SYNTAX);
        single(&format!("{}x\n", "- ".repeat(100_000)), YAML_SYNTAX);
        let deep = format!(
            "network:\n  ethernets:\n    eth0:\n      routes: {}\n",
            "- ".repeat(5000)
        );
        assert!(check(&deep).has_errors());
        let flow = format!("network: {}{}\n", "[".repeat(300), "]".repeat(300));
        assert!(check(&flow).has_errors());
    }

    /// The error messages of `text`.
    fn errors(text: &str) -> Vec<String> {
        check(text)
            .findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect()
    }

    /// `text`'s only error, which must have `rule` and say `message`.
    #[track_caller]
    fn only_error(text: &str, rule: &str, message: &str) {
        let report = check(text);
        let errors: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{text}\n{errors:#?}");
        assert_eq!(
            (errors[0].rule, errors[0].message.as_str()),
            (rule, message)
        );
        assert!(errors[0].help.is_some(), "{:#?}", errors[0]);
    }

    #[track_caller]
    fn no_errors(text: &str) {
        let report = check(text);
        assert!(!report.has_errors(), "{text}\n{:#?}", report.findings);
    }

    #[test]
    fn renderer_at_the_device_type_level() {
        // Not a device called "renderer"; it applies to the definitions after it.
        let ap = "network:\n  wifis:\n    renderer: NetworkManager\n    wl0:\n      access-points:\n        home: {mode: ap, password: \"s3kr1t-passphrase\"}\n";
        assert_clean(ap);
        let before = "network:\n  wifis:\n    wl0:\n      access-points:\n        home: {mode: ap, password: \"s3kr1t-passphrase\"}\n    renderer: NetworkManager\n";
        only_error(
            before,
            RENDERER,
            "wl0: home: networkd does not support this wifi mode",
        );
        let bad = "network:\n  bridges:\n    renderer: systemd\n";
        assert_eq!(single(bad, RENDERER).message, "unknown renderer 'systemd'");
        // A device's own renderer wins over its type's.
        let own = "network:\n  modems:\n    renderer: NetworkManager\n    m0: {apn: internet, renderer: networkd}\n";
        only_error(
            own,
            RENDERER,
            "m0: networkd backend does not support GSM/CDMA modem configuration",
        );
    }

    #[test]
    fn gateways_on_link_and_with_networkmanager() {
        let route = |extra: &str| {
            format!(
                "network:\n{extra}  ethernets:\n    eth0:\n      addresses: [10.10.10.1/24]\n      routes:\n        - to: 0.0.0.0/0\n          via: 9.9.9.9\n          on-link: false\n"
            )
        };
        let gateway = |text: &str| {
            check(text)
                .facts
                .into_iter()
                .filter(|f| matches!(f, Fact::Gateway { .. } | Fact::OnLinkGateway { .. }))
                .collect::<Vec<_>>()
        };
        assert!(matches!(gateway(&route(""))[..], [Fact::Gateway { .. }]));
        // `on-link: true`: no subnet applies.
        assert!(gateway(&route("").replace("on-link: false", "on-link: true")).is_empty());
        // NetworkManager adds a route to the gateway itself.
        let nm = route("  renderer: NetworkManager\n");
        assert!(matches!(gateway(&nm)[..], [Fact::OnLinkGateway { .. }]));
        let nm_type = "network:\n  ethernets:\n    renderer: NetworkManager\n    eth0:\n      addresses: [10.10.10.1/24]\n      gateway4: 9.9.9.9\n";
        assert!(matches!(gateway(nm_type)[..], [Fact::OnLinkGateway { .. }]));
    }

    #[test]
    fn openvswitch_patch_ports_are_defined() {
        let ports = "network:\n  openvswitch:\n    ports:\n      - [patch0-1, patch1-0]\n  bridges:\n    br0: {interfaces: [patch0-1]}\n    br1: {interfaces: [patch1-0]}\n";
        assert_clean(ports);
        let alone = "network:\n  openvswitch:\n    ports: [[patch0-1, patch1-0]]\n  bridges:\n    br0: {interfaces: [patch0-1]}\n";
        only_error(
            alone,
            OPENVSWITCH,
            "patch1-0: OpenVSwitch patch port needs to be assigned to a bridge/bond",
        );
        let three = "network:\n  openvswitch:\n    ports: [[a, b, c]]\n";
        only_error(
            three,
            OPENVSWITCH,
            "An openvswitch peer port sequence must have exactly two entries",
        );
        let twice = "network:\n  openvswitch:\n    ports: [[x, y], [x, z]]\n  bridges:\n    br0: {interfaces: [x, y, z]}\n";
        assert_eq!(
            errors(twice),
            ["openvswitch port 'x' is already assigned to peer 'y'"]
        );
    }

    #[test]
    fn openvswitch_settings_and_backend() {
        let eth_ovs = |settings: &str| {
            format!("network:\n  ethernets:\n    eth0:\n      openvswitch: {settings}\n")
        };
        only_error(
            &eth_ovs("{lacp: passive}"),
            OPENVSWITCH,
            "Key 'lacp' is only valid for interface type 'openvswitch bond'",
        );
        only_error(
            &eth_ovs("{fail-mode: secure}"),
            OPENVSWITCH,
            "Key 'fail-mode' is only valid for interface type 'openvswitch bridge'",
        );
        only_error(
            &eth_ovs("{rstp: true}"),
            OPENVSWITCH,
            "Key is only valid for interface type 'openvswitch bridge'",
        );
        only_error(
            &eth_ovs("{}"),
            OPENVSWITCH,
            "eth0: This device type is not supported with the OpenVSwitch backend",
        );
        only_error(
            &eth_ovs("{external-ids: {iface-id: x}}"),
            OPENVSWITCH,
            "eth0: Interface needs to be assigned to an OVS bridge/bond to carry external-ids/other-config",
        );
        let bridge = |settings: &str| {
            format!(
                "network:\n  ethernets:\n    eth0: {{}}\n  bridges:\n    br0:\n      interfaces: [eth0]\n      openvswitch: {settings}\n"
            )
        };
        assert_clean(&bridge(
            "{fail-mode: secure, protocols: [OpenFlow13], controller: {addresses: [\"tcp:127.0.0.1\", \"ptcp:\", \"unix:/run/ovs\"]}}",
        ));
        only_error(
            &bridge("{fail-mode: open}"),
            INVALID_VALUE,
            "Value of 'fail-mode' needs to be 'standalone' or 'secure'",
        );
        only_error(
            &bridge("{protocols: [OpenFooBar13]}"),
            OPENVSWITCH,
            "Unsupported OVS 'protocol' value: OpenFooBar13",
        );
        for target in ["ptcp", "ptcp:65536", "\"tcp:[fe80:1234%eth0]\""] {
            let message = format!(
                "Unsupported OVS controller target: {}",
                target.trim_matches('"')
            );
            only_error(
                &bridge(&format!("{{controller: {{addresses: [{target}]}}}}")),
                OPENVSWITCH,
                &message,
            );
        }
        only_error(
            &bridge("{controller: {addresses: [\"ssl:10.10.10.1\"]}}"),
            OPENVSWITCH,
            "openvswitch bridge controller target 'ssl:10.10.10.1' needs SSL configuration, but global 'openvswitch.ssl' settings are not set",
        );
        let with_ssl = bridge("{controller: {addresses: [\"ssl:10.10.10.1\"]}}").replace(
            "network:\n",
            "network:\n  openvswitch:\n    ssl: {ca-cert: /a, certificate: /b, private-key: /c}\n",
        );
        assert_clean(&with_ssl);
        // Bonds: in a bridge, two members, an OVS mode.
        let bond = "network:\n  ethernets:\n    eth0: {}\n  bonds:\n    bond0:\n      interfaces: [eth0]\n      openvswitch: {}\n";
        assert_eq!(
            errors(bond),
            [
                "Bond bond0 needs to be a member of an OpenVSwitch bridge",
                "Bond bond0 needs to have at least 2 member interfaces"
            ]
        );
        let bond = "network:\n  ethernets:\n    eth0: {}\n    eth1: {}\n  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n      parameters: {mode: balance-rr}\n      openvswitch: {lacp: active}\n  bridges:\n    br0: {interfaces: [bond0]}\n";
        only_error(
            bond,
            OPENVSWITCH,
            "bond0: bond mode 'balance-rr' not supported by openvswitch",
        );
        // A plain bond in a plain bridge is not OVS's.
        assert_clean(
            &bond
                .replace("balance-rr", "balance-xor")
                .replace("      openvswitch: {lacp: active}\n", ""),
        );
    }

    #[test]
    fn nm_devices_take_ethernet_keys_and_need_a_connection_type() {
        let device = |passthrough: &str| {
            format!(
                "network:\n  renderer: NetworkManager\n  nm-devices:\n    nm0:\n      match: {{name: eth0}}\n      networkmanager:\n        passthrough: {passthrough}\n"
            )
        };
        no_errors(&device("{connection.type: ethernet}"));
        only_error(
            &device("{ethernet.mtu: \"1500\"}"),
            MISSING_PROPERTY,
            "nm0: network type 'nm-devices:' needs to provide a 'connection.type' via passthrough",
        );
    }

    #[test]
    fn ipv6_address_generation_and_token() {
        assert_clean(&eth("      ipv6-address-generation: eui64\n"));
        only_error(
            &eth("      ipv6-address-generation: stable-privacy\n"),
            RENDERER,
            "eth0: ipv6-address-generation mode is not supported by networkd",
        );
        assert_clean(&format!(
            "network:\n  renderer: NetworkManager\n{}",
            &eth("      ipv6-address-generation: stable-privacy\n")["network:\n".len()..]
        ));
        only_error(
            &eth("      ipv6-address-generation: eui64\n      ipv6-address-token: \"::2\"\n"),
            INVALID_VALUE,
            "eth0: ipv6-address-generation and ipv6-address-token are mutually exclusive",
        );
        only_error(
            &eth("      ipv6-address-token: INVALID\n"),
            INVALID_VALUE,
            "invalid ipv6-address-token 'INVALID'",
        );
    }

    #[test]
    fn vxlan_keys_are_0_106_keys_with_their_ranges() {
        let vxlan = |extra: &str| {
            format!(
                "network:\n  ethernets:\n    eth0: {{}}\n  tunnels:\n    vx0:\n      mode: vxlan\n      id: 1005\n      link: eth0\n      local: 10.0.0.1\n      remote: 10.0.0.2\n      mac-learning: true\n      port-range: [4000, 4100]\n      notifications: [l2-miss, l3-miss]\n      flow-label: 1000\n{extra}"
            )
        };
        assert_clean(&vxlan(""));
        only_error(
            &vxlan("      type-of-service: 1\n").replace("id: 1005", "id: 16777216"),
            TUNNEL_RULE,
            "vx0: VXLAN 'id' (VNI) must be in range [1..16777215]",
        );
        only_error(
            &vxlan("").replace("flow-label: 1000", "flow-label: 1048576"),
            TUNNEL_RULE,
            "vx0: VXLAN 'flow-label' must be in range [0..1048575]",
        );
        only_error(
            &vxlan("").replace("remote: 10.0.0.2", "remote: \"2001:db8::2\""),
            TUNNEL_RULE,
            "vx0: 'local' and 'remote' must be of same IP family type",
        );
        only_error(
            &vxlan("").replace("[4000, 4100]", "[4000]"),
            TUNNEL_RULE,
            "vx0: Expected exactly two values for port-range",
        );
    }

    #[test]
    fn values_newer_netplan_knows_warn() {
        let text = "network:\n  wifis:\n    wl0:\n      access-points:\n        home:\n          auth: {key-management: sae, password: \"s3kr1t-passphrase\"}\n";
        let finding = assert_single(text, NEWER_KEY, Severity::Warning, 6, 34);
        assert_eq!(finding.message, "'sae' needs netplan 0.107 or later");
        single(&text.replace("sae", "wpa3"), INVALID_VALUE);
    }

    #[test]
    fn what_networkmanager_refuses() {
        let nm = |body: &str| {
            format!("network:\n  renderer: NetworkManager\n  ethernets:\n    eth0:\n{body}")
        };
        for (body, message) in [
            (
                "      match: {driver: ixgbe}\n",
                "eth0: NetworkManager definitions do not support matching by driver",
            ),
            (
                "      addresses:\n        - 10.0.0.5/24: {lifetime: 0}\n",
                "eth0: NetworkManager does not support address options",
            ),
            (
                "      activation-mode: off\n",
                "eth0: NetworkManager definitions do not support activation-mode off",
            ),
            (
                "      ipv6-mtu: 1400\n",
                "eth0: NetworkManager definitions do not support ipv6-mtu",
            ),
            (
                "      routes:\n        - {to: 10.1.0.0/16, type: unreachable}\n",
                "eth0: NetworkManager only supports unicast routes",
            ),
        ] {
            only_error(&nm(body), RENDERER, message);
            // networkd takes them all.
            no_errors(&eth(body));
        }
        no_errors(&nm("      match: {driver: ixgbe}\n      set-name: lan0\n"));
    }

    #[test]
    fn what_networkd_refuses() {
        let wifi = |body: &str| format!("network:\n  wifis:\n    wl0:\n{body}");
        only_error(
            &wifi(
                "      match: {macaddress: \"00:11:22:33:44:55\"}\n      access-points: {home: {}}\n",
            ),
            RENDERER,
            "wl0: networkd backend does not support wifi with match:, only by interface name",
        );
        only_error(
            &wifi("      access-points: {home: {password: short}}\n"),
            WIFI_RULE,
            "home: ASCII passphrase must be between 8 and 63 characters (inclusive)",
        );
        let hex64 = "ab".repeat(32);
        no_errors(&wifi(&format!(
            "      access-points: {{home: {{password: \"{hex64}\"}}}}\n"
        )));
        only_error(
            &wifi(&format!(
                "      access-points: {{home: {{password: \"{}\"}}}}\n",
                "x".repeat(64)
            )),
            WIFI_RULE,
            "home: PSK length of 64 is only supported for hex-digit representation",
        );
        only_error(
            &eth("      auth: {key-management: psk, password: short}\n"),
            WIFI_RULE,
            "eth0: ASCII passphrase must be between 8 and 63 characters (inclusive)",
        );
        only_error(
            &wifi("      wakeonwlan: [tcp]\n      access-points: {home: {}}\n"),
            RENDERER,
            "unsupported wowlan_triggers mask: wpa_supplicant has no `tcp` trigger",
        );
        let overrides =
            eth("      dhcp4: true\n      dhcp6: true\n      dhcp4-overrides: {use-dns: false}\n");
        only_error(
            &overrides,
            DHCP_OVERRIDES_RULE,
            "eth0: networkd requires that use-dns has the same value in both dhcp4_overrides and dhcp6_overrides",
        );
        no_errors(&overrides.replace("dhcp6: true", "dhcp6: false"));
        no_errors(&overrides.replace("network:\n", "network:\n  renderer: NetworkManager\n"));
    }

    #[test]
    fn value_ranges() {
        only_error(
            &eth("      routing-policy:\n        - {from: 10.0.0.0/8, type-of-service: 256}\n"),
            ROUTING_POLICY,
            "invalid ToS (must be between 0 and 255): 256",
        );
        only_error(
            "network:\n  ethernets:\n    eth0: {}\n  bridges:\n    br0:\n      interfaces: [eth0]\n      parameters: {port-priority: {eth0: 64}}\n",
            INVALID_VALUE,
            "invalid port priority value (must be between 0 and 63): 64",
        );
        only_error(
            "network:\n  ethernets:\n    eth0: {}\n    eth1: {}\n  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n      parameters: {mode: active-backup, arp-ip-targets: [\"2001:db8::1\"]}\n",
            ADDRESS,
            "malformed address '2001:db8::1', must be X.X.X.X or X:X:X:X:X:X:X:X",
        );
        only_error(
            "network:\n  wifis:\n    wl0:\n      wakeonwlan: [bogus]\n      access-points: {home: {}}\n",
            INVALID_VALUE,
            "invalid value for wakeonwlan: 'bogus'",
        );
        only_error(
            "network:\n  wifis:\n    wl0:\n      wakeonwlan: [default, magic_pkt]\n      access-points: {home: {}}\n",
            INVALID_VALUE,
            "'default' is an exclusive flag for wakeonwlan",
        );
        let channel = |band: &str, channel: u32| {
            format!(
                "network:\n  wifis:\n    wl0:\n      access-points:\n        home: {{band: {band}, channel: {channel}}}\n"
            )
        };
        no_errors(&channel("2.4GHz", 14));
        no_errors(&channel("5GHz", 36));
        only_error(
            &channel("2.4GHz", 15),
            WIFI_RULE,
            "invalid 2.4GHz WiFi channel: 15",
        );
        only_error(
            &channel("5GHz", 14),
            WIFI_RULE,
            "invalid 5GHz WiFi channel: 14",
        );
        only_error(
            "network:\n  wifis:\n    wl0:\n      access-points: {}\n",
            MISSING_PROPERTY,
            "wl0: No access points defined",
        );
    }

    #[test]
    fn cross_references() {
        let text = "network:\n  bridges:\n    br0:\n      parameters: {path-cost: {eth0: 50}}\n";
        only_error(
            text,
            UNDEFINED_INTERFACE,
            "br0: interface 'eth0' is not defined",
        );
        only_error(
            &eth("      routing-policy:\n        - {from: 10.0.0.0/8, to: \"2001:db8::/64\"}\n"),
            ROUTING_POLICY,
            "IP family mismatch in route to 2001:db8::/64",
        );
        let vrf = "network:\n  vrfs:\n    vrf0:\n      table: 42\n      routes:\n        - {to: default, via: 10.0.0.1, table: 43}\n";
        only_error(vrf, VRF_TABLE, "vrf0: VRF routes table mismatch (42 != 43)");
        no_errors(&vrf.replace("table: 43", "table: 42"));
    }

    #[test]
    fn routes_follow_netplans_default_scope() {
        // No `via`: scope link, fine; `scope: global` without `via` is not.
        assert_clean(&eth("      routes:\n        - to: 10.1.0.0/16\n"));
        only_error(
            &eth("      routes:\n        - {to: 10.1.0.0/16, scope: global}\n"),
            ROUTE,
            "global unicast route must include both a 'to' and 'via' IP",
        );
    }

    #[test]
    fn tunnels_as_validate_tunnel_grammar_sees_them() {
        let tunnel = |body: &str| format!("network:\n  tunnels:\n    tun0:\n{body}");
        only_error(
            &tunnel(
                "      mode: sit\n      local: 10.0.0.1\n      remote: 10.0.0.2\n      ttl: 300\n",
            ),
            TUNNEL_RULE,
            "tun0: 'ttl' property for tunnel must be in range [1...255]",
        );
        only_error(
            &tunnel("      mode: ip6gre\n      local: 10.0.0.1\n      remote: \"2001:db8::2\"\n"),
            TUNNEL_RULE,
            "tun0: 'local' must be a valid IPv6 address for this tunnel type",
        );
        only_error(
            &tunnel(
                "      mode: gre\n      local: 10.0.0.1\n      remote: 10.0.0.2\n      key: [1]\n",
            ),
            TUNNEL_RULE,
            "invalid type for 'key[s]': must be a scalar or mapping",
        );
        only_error(
            &tunnel(
                "      mode: vti\n      local: 10.0.0.1\n      remote: 10.0.0.2\n      key: invalid\n",
            ),
            TUNNEL_RULE,
            "invalid tunnel key 'invalid'",
        );
        only_error(
            &tunnel(
                "      mode: sit\n      local: 10.0.0.1\n      remote: 10.0.0.2\n      keys: {input: 1234}\n",
            ),
            TUNNEL_RULE,
            "tun0: 'input-key' is not required for this tunnel type",
        );
        only_error(
            &tunnel("      mode: isatap\n      local: 10.0.0.1\n      remote: 10.0.0.2\n"),
            RENDERER,
            "tun0: ISATAP tunnel mode is not supported by networkd",
        );
        only_error(
            &tunnel("      mode: gretap\n      local: 10.0.0.1\n      remote: 10.0.0.2\n")
                .replace("network:\n", "network:\n  renderer: NetworkManager\n"),
            RENDERER,
            "tun0: GRETAP tunnel mode is not supported by NetworkManager",
        );
        only_error(
            &tunnel("      mode: sit\n      local: 10.0.0.1/24\n      remote: 10.0.0.2\n"),
            ADDRESS,
            "address '10.0.0.1/24' should not include /prefixlength",
        );
    }

    #[test]
    fn wireguard_keys_peers_and_endpoints() {
        let key = "4GgaQCy68nzNsUE5aJ9fuLzHhB65tAlwbmA72MWnOm8=";
        let wg = |peer: &str| {
            format!(
                "network:\n  tunnels:\n    wg0:\n      mode: wireguard\n      key: {key}\n      peers:\n        - {peer}\n"
            )
        };
        let good = format!(
            "{{keys: {{public: {key}}}, allowed-ips: [0.0.0.0/0], endpoint: \"1.2.3.4:51820\", keepalive: 25}}"
        );
        assert_clean(&wg(&good));
        for (peer, message) in [
            (
                "{allowed-ips: [0.0.0.0/0]}",
                "wg0: keys.public is required.",
            ),
            (
                "{keys: {public: bogus}, allowed-ips: [0.0.0.0/0]}",
                "wg0: invalid wireguard public key",
            ),
            (
                &format!("{{keys: {{public: {key}}}}}"),
                "wg0: 'to' is required to define the allowed IPs.",
            ),
            (
                &good.replace("1.2.3.4:51820", "1.2.3.4"),
                "endpoint '1.2.3.4' is missing :port",
            ),
            (
                &good.replace("1.2.3.4:51820", "1.2.3.4:100500"),
                "invalid port in endpoint '1.2.3.4:100500'",
            ),
            (
                &good.replace("0.0.0.0/0", "0.0.0.0"),
                "address '0.0.0.0' is missing /prefixlength",
            ),
            (
                &good.replace("keepalive: 25", "keepalive: 65536"),
                "wg0: keepalive must be 0-65535 inclusive.",
            ),
        ] {
            only_error(&wg(peer), WIREGUARD, message);
        }
        only_error(
            &wg(&good)
                .replace(key, "invalid")
                .replace("public: invalid", &format!("public: {key}")),
            WIREGUARD,
            "wg0: invalid wireguard private key",
        );
        let no_peers = format!("network:\n  tunnels:\n    wg0: {{mode: wireguard, key: {key}}}\n");
        only_error(&no_peers, WIREGUARD, "wg0: at least one peer is required.");
        // A key file is fine for networkd, not for NetworkManager.
        let file = wg(&good).replacen(key, "/etc/wireguard/private.key", 1);
        no_errors(&file);
        only_error(
            &file.replace("network:\n", "network:\n  renderer: NetworkManager\n"),
            WIREGUARD,
            "wg0: private key needs to be base64 encoded when using the NM backend",
        );
    }
}

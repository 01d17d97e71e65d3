//! RHEL/CentOS `ifcfg-*` files, read the way initscripts read them.
//!
//! initscripts `source` the file in bash (`set -a; . ifcfg-ens33`), so every
//! line that is not a comment must be a shell assignment `KEY=value`: a line
//! such as `IPADDR = 10.0.0.5` makes bash run `IPADDR` as a command
//! (`IPADDR: command not found`) and leaves the variable unset. This module
//! reads the text with bash's word rules (quotes, backslashes, `#` comments,
//! `;` separators), then checks the keys against initscripts' `sysconfig.txt`
//! and the values the way `expand_config()` and `ipcalc` use them.
//!
//! Rules (see `shared/design/config-formats.md` §4 and §8):
//!
//! | rule | severity |
//! |---|---|
//! | `ifcfg/syntax` | error |
//! | `ifcfg/unknown-key` | warning |
//! | `ifcfg/duplicate-key` | warning |
//! | `ifcfg/bootproto` | warning |
//! | `ifcfg/onboot` | warning |
//! | `ifcfg/unfilled-placeholder` | error |
//! | `ifcfg/invalid-address` | error |
//! | `ifcfg/invalid-prefix` | error |
//! | `ifcfg/invalid-netmask` | error |
//! | `ifcfg/invalid-mac` | error |
//! | `ifcfg/missing-prefix` | error |
//! | `ifcfg/prefix-mismatch` | error |
//! | `ifcfg/invalid-json` | error |
//! | `ifcfg/invalid-ssid` | error |
//! | `ifcfg/invalid-wifi` | error |
//! | `ifcfg/invalid-dcb` | error |
//! | `ifcfg/ignored` | error |
//! | `ifcfg/nm-version` | warning |
//!
//! The last six are NetworkManager's: its ifcfg-rh reader refuses the
//! whole file over the first five (its own test suite, `test-ifcfg-rh.c`,
//! expects exactly that; see `tests/testsuite/upstream/ifcfg/`), and over
//! `ifcfg/nm-version` in some of its versions only (1.42, Debian 12's, is
//! the one that suite is run from; 1.58 added the 6 GHz band).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Fact, Finding, Report, Span};

/// Keys documented by initscripts' `sysconfig.txt`, or in NetworkManager's
/// table of the keys its ifcfg-rh plugin reads and writes
/// (`nms_ifcfg_well_known_keys` in `nms-ifcfg-rh-utils.c`, NetworkManager
/// 1.58). Numbered variants (`IPADDR1`, `DNS2`) are matched by
/// [`is_known_key`].
const KNOWN_KEYS: &[&str] = &[
    "ACCEPT_ALL_MAC_ADDRESSES",
    "ACD_TIMEOUT",
    "AP_ISOLATION",
    "ARPCHECK",
    "ARPING_WAIT",
    "ARPUPDATE",
    "AUTH_RETRIES",
    "AUTOCONNECT_PRIORITY",
    "AUTOCONNECT_RETRIES",
    "AUTOCONNECT_SLAVES",
    "BAND",
    "BONDING_MASTER",
    "BONDING_OPTS",
    "BOND_PORT_PRIO",
    "BOND_PORT_QUEUE_ID",
    "BOOTPROTO",
    "BRIDGE",
    "BRIDGE_MACADDR",
    "BRIDGE_PORT_VLANS",
    "BRIDGE_UUID",
    "BRIDGE_VLANS",
    "BRIDGING_OPTS",
    "BROADCAST",
    "BROWSER_ONLY",
    "BSSID",
    "CHANNEL",
    "CIPHER_GROUP",
    "CIPHER_PAIRWISE",
    "CONNECTED_MODE",
    "CONNECTION_METERED",
    "CTCPROT",
    "DCB",
    "DCB_APP_FCOE_ADVERTISE",
    "DCB_APP_FCOE_ENABLE",
    "DCB_APP_FCOE_MODE",
    "DCB_APP_FCOE_PRIORITY",
    "DCB_APP_FCOE_WILLING",
    "DCB_APP_FIP_ADVERTISE",
    "DCB_APP_FIP_ENABLE",
    "DCB_APP_FIP_PRIORITY",
    "DCB_APP_FIP_WILLING",
    "DCB_APP_ISCSI_ADVERTISE",
    "DCB_APP_ISCSI_ENABLE",
    "DCB_APP_ISCSI_PRIORITY",
    "DCB_APP_ISCSI_WILLING",
    "DCB_PFC_ADVERTISE",
    "DCB_PFC_ENABLE",
    "DCB_PFC_UP",
    "DCB_PFC_WILLING",
    "DCB_PG_ADVERTISE",
    "DCB_PG_ENABLE",
    "DCB_PG_ID",
    "DCB_PG_PCT",
    "DCB_PG_STRICT",
    "DCB_PG_UP2TC",
    "DCB_PG_UPPCT",
    "DCB_PG_WILLING",
    "DEFAULTKEY",
    "DEFROUTE",
    "DELAY",
    "DEVICE",
    "DEVICETYPE",
    "DEVTIMEOUT",
    "DHCPV6C",
    "DHCPV6C_OPTIONS",
    "DHCPV6_DUID",
    "DHCPV6_HOSTNAME",
    "DHCPV6_HOSTNAME_FLAGS",
    "DHCPV6_IAID",
    "DHCPV6_PD_HINT",
    "DHCPV6_SEND_HOSTNAME",
    "DHCP_CLIENT_ID",
    "DHCP_FQDN",
    "DHCP_HOSTNAME",
    "DHCP_HOSTNAME_FLAGS",
    "DHCP_IAID",
    "DHCP_REJECT_SERVERS",
    "DHCP_SEND_HOSTNAME",
    "DHCP_VENDOR_CLASS_IDENTIFIER",
    "DNS_OVER_TLS",
    "DNS_PRIORITY",
    "DOMAIN",
    "ESSID",
    "ETHTOOL_OPTS",
    "ETHTOOL_WAKE_ON_LAN",
    "FILS",
    "GATEWAYDEV",
    "GATEWAY_PING_TIMEOUT",
    "GENERATE_MAC_ADDRESS_MASK",
    "GVRP",
    "HOSTNAME_FROM_DHCP",
    "HOSTNAME_FROM_DNS_LOOKUP",
    "HOSTNAME_ONLY_FROM_DEFAULT",
    "HOSTNAME_PRIORITY",
    "HOTPLUG",
    "HWADDR",
    "HWADDR_BLACKLIST",
    "IEEE_8021X_ALTSUBJECT_MATCHES",
    "IEEE_8021X_ANON_IDENTITY",
    "IEEE_8021X_AUTH_TIMEOUT",
    "IEEE_8021X_CA_CERT",
    "IEEE_8021X_CA_CERT_PASSWORD",
    "IEEE_8021X_CA_CERT_PASSWORD_FLAGS",
    "IEEE_8021X_CA_PATH",
    "IEEE_8021X_CLIENT_CERT",
    "IEEE_8021X_CLIENT_CERT_PASSWORD",
    "IEEE_8021X_CLIENT_CERT_PASSWORD_FLAGS",
    "IEEE_8021X_DOMAIN_MATCH",
    "IEEE_8021X_DOMAIN_SUFFIX_MATCH",
    "IEEE_8021X_EAP_METHODS",
    "IEEE_8021X_FAST_PROVISIONING",
    "IEEE_8021X_IDENTITY",
    "IEEE_8021X_INNER_AUTH_METHODS",
    "IEEE_8021X_INNER_CA_CERT",
    "IEEE_8021X_INNER_CA_CERT_PASSWORD",
    "IEEE_8021X_INNER_CA_CERT_PASSWORD_FLAGS",
    "IEEE_8021X_INNER_CLIENT_CERT",
    "IEEE_8021X_INNER_CLIENT_CERT_PASSWORD",
    "IEEE_8021X_INNER_CLIENT_CERT_PASSWORD_FLAGS",
    "IEEE_8021X_INNER_PRIVATE_KEY",
    "IEEE_8021X_INNER_PRIVATE_KEY_PASSWORD",
    "IEEE_8021X_INNER_PRIVATE_KEY_PASSWORD_FLAGS",
    "IEEE_8021X_OPENSSL_CIPHERS",
    "IEEE_8021X_OPTIONAL",
    "IEEE_8021X_PAC_FILE",
    "IEEE_8021X_PASSWORD",
    "IEEE_8021X_PASSWORD_FLAGS",
    "IEEE_8021X_PASSWORD_RAW",
    "IEEE_8021X_PASSWORD_RAW_FLAGS",
    "IEEE_8021X_PEAP_FORCE_NEW_LABEL",
    "IEEE_8021X_PEAP_VERSION",
    "IEEE_8021X_PHASE1_AUTH_FLAGS",
    "IEEE_8021X_PHASE2_ALTSUBJECT_MATCHES",
    "IEEE_8021X_PHASE2_CA_PATH",
    "IEEE_8021X_PHASE2_DOMAIN_MATCH",
    "IEEE_8021X_PHASE2_DOMAIN_SUFFIX_MATCH",
    "IEEE_8021X_PHASE2_SUBJECT_MATCH",
    "IEEE_8021X_PIN",
    "IEEE_8021X_PIN_FLAGS",
    "IEEE_8021X_PRIVATE_KEY",
    "IEEE_8021X_PRIVATE_KEY_PASSWORD",
    "IEEE_8021X_PRIVATE_KEY_PASSWORD_FLAGS",
    "IEEE_8021X_SUBJECT_MATCH",
    "IEEE_8021X_SYSTEM_CA_CERTS",
    "IPV4_AUTO_ROUTE_EXT_GW",
    "IPV4_DHCP_TIMEOUT",
    "IPV4_DNS_PRIORITY",
    "IPV4_FAILURE_FATAL",
    "IPV4_LINK_LOCAL",
    "IPV4_REPLACE_LOCAL_RULE",
    "IPV4_REQUIRED_TIMEOUT",
    "IPV4_ROUTE_METRIC",
    "IPV4_ROUTE_TABLE",
    "IPV6ADDR",
    "IPV6ADDR_SECONDARIES",
    "IPV6FORWARDING",
    "IPV6INIT",
    "IPV6TUNNELIPV4",
    "IPV6_ADDR_GEN_MODE",
    "IPV6_AUTOCONF",
    "IPV6_AUTO_ROUTE_EXT_GW",
    "IPV6_DEFAULTDEV",
    "IPV6_DEFAULTGW",
    "IPV6_DEFROUTE",
    "IPV6_DHCP_TIMEOUT",
    "IPV6_DISABLED",
    "IPV6_DNS_PRIORITY",
    "IPV6_DOMAIN",
    "IPV6_FAILURE_FATAL",
    "IPV6_MTU",
    "IPV6_PEERDNS",
    "IPV6_PEERROUTES",
    "IPV6_PRIVACY",
    "IPV6_PRIVACY_PREFER_PUBLIC_IP",
    "IPV6_RA_TIMEOUT",
    "IPV6_REPLACE_LOCAL_RULE",
    "IPV6_REQUIRED_TIMEOUT",
    "IPV6_RES_OPTIONS",
    "IPV6_ROUTE_METRIC",
    "IPV6_ROUTE_TABLE",
    "IPV6_TOKEN",
    "KEY_MGMT",
    "KEY_TYPE",
    "LINKDELAY",
    "LLDP",
    "LLMNR",
    "MACADDR",
    "MAC_ADDRESS_RANDOMIZATION",
    "MASTER",
    "MASTER_UUID",
    "MATCH_DRIVER",
    "MATCH_INTERFACE_NAME",
    "MATCH_KERNEL_COMMAND_LINE",
    "MATCH_PATH",
    "MDNS",
    "MODE",
    "MPTCP_FLAGS",
    "MTU",
    "MUD_URL",
    "MULTI_CONNECT",
    "MVRP",
    "NAME",
    "NETTYPE",
    "NETWORK",
    "NM_CONTROLLED",
    "ONBOOT",
    "ONPARENT",
    "OVS_PORT",
    "OVS_PORT_UUID",
    "PAC_SCRIPT",
    "PAC_URL",
    "PEERDNS",
    "PEERROUTES",
    "PERSISTENT_DHCLIENT",
    "PHYSDEV",
    "PKEY",
    "PKEY_ID",
    "PKEY_ID_NM",
    "PMF",
    "PORTNAME",
    "POWERSAVE",
    "PROXY_METHOD",
    "REORDER_HDR",
    "RES_OPTIONS",
    "SEARCH",
    "SECONDARY_UUIDS",
    "SECURITYMODE",
    "SLAVE",
    "SRCADDR",
    "SRIOV_AUTOPROBE_DRIVERS",
    "SRIOV_TOTAL_VFS",
    "SSID_HIDDEN",
    "STABLE_ID",
    "STP",
    "SUBCHANNELS",
    "TC_COMMIT",
    "TEAM_CONFIG",
    "TEAM_MASTER",
    "TEAM_MASTER_UUID",
    "TEAM_PORT_CONFIG",
    "TYPE",
    "USERCTL",
    "USERS",
    "UUID",
    "VLAN",
    "VLAN_EGRESS_PRIORITY_MAP",
    "VLAN_FLAGS",
    "VLAN_ID",
    "VLAN_INGRESS_PRIORITY_MAP",
    "VLAN_PROTOCOL",
    "VRF",
    "VRF_UUID",
    "WAIT_ACTIVATION_DELAY",
    "WEP_KEY_FLAGS",
    "WPA_ALLOW_WPA",
    "WPA_ALLOW_WPA2",
    "WPA_PSK",
    "WPA_PSK_FLAGS",
    "WPS_METHOD",
    "ZONE",
];

/// NetworkManager's numbered keys: the name alone or followed by a number
/// (`IPADDR`, `IPADDR1`, `ROUTING_RULE_3`).
const NM_NUMBERED_KEYS: &[&str] = &[
    "ADDRESS",
    "DNS",
    "FILTER",
    "GATEWAY",
    "IPADDR",
    "KEY",
    "KEY_PASSPHRASE",
    "METRIC",
    "NETMASK",
    "OPTIONS",
    "PREFIX",
    "QDISC",
    "ROUTING_RULE6_",
    "ROUTING_RULE_",
    "SRIOV_VF",
];

/// Prefixes of keys NetworkManager keeps as they are (`NM_USER_*`).
const NM_KEY_PREFIXES: &[&str] = &["NM_USER_"];

/// Keys that may carry a number (`IPADDR1`, `PREFIX1`, `DNS2`).
const NUMBERED_KEYS: &[&str] = &["IPADDR", "PREFIX", "NETMASK", "GATEWAY", "DNS"];

/// Whether `key` is an ifcfg key initscripts or NetworkManager read:
/// `BOOTPROTO`, `IPADDR`, `IPADDR1`, `DNS2`, …
pub fn is_known_key(key: &str) -> bool {
    KNOWN_KEYS.binary_search(&key).is_ok()
        || numbered(key).is_some()
        || NM_NUMBERED_KEYS
            .iter()
            .filter(|base| !NUMBERED_KEYS.contains(base))
            .any(|base| {
                key.strip_prefix(base)
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            })
        || NM_KEY_PREFIXES
            .iter()
            .any(|p| key.len() > p.len() && key.starts_with(p))
}

/// Splits `IPADDR1` into (`IPADDR`, `"1"`) and `IPADDR` into (`IPADDR`, `""`)
/// for the keys that take a number. `DNS` takes one from 1 on.
fn numbered(key: &str) -> Option<(&'static str, &str)> {
    NUMBERED_KEYS.iter().find_map(|base| {
        let suffix = key.strip_prefix(base)?;
        let digits = suffix.chars().all(|c| c.is_ascii_digit());
        let ok = if *base == "DNS" {
            digits && !suffix.is_empty() && !suffix.starts_with('0')
        } else {
            digits
        };
        ok.then_some((*base, suffix))
    })
}

/// Validates `text` as an `ifcfg-*` file.
pub fn check(text: &str) -> Report {
    let mut report = Report::default();
    let assignments = parse(text, &mut report.findings);
    check_keys(&assignments, &mut report.findings);
    let last = last_values(&assignments);
    for a in &last {
        check_value(a, &mut report);
    }
    check_prefixes(&last, &mut report);
    check_ignored(&last, &mut report.findings);
    check_wifi(&last, &mut report.findings);
    check_dcb(&last, &mut report.findings);
    report
        .findings
        .sort_by_key(|f| (f.span.line, f.span.column));
    report
}

// ---------------------------------------------------------------------------
// Reading the file as bash does.

/// One `KEY=value` assignment, as bash reads it.
#[derive(Debug, Clone)]
struct Assignment {
    /// The variable name.
    key: String,
    /// The value after quote removal.
    value: String,
    /// Where the key is.
    key_span: Span,
    /// Where the value is, quotes included (length 0 for `KEY=`).
    value_span: Span,
    /// Whether the value holds a `$` or backquote expansion, so that its
    /// text is not what initscripts see.
    expands: bool,
    /// The (line, column) of each character of `value`.
    positions: Vec<(usize, usize)>,
}

/// A cursor over the characters of the text, tracking line and column.
struct Cursor<'a> {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    column: usize,
    text: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            column: 1,
            text,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Skips spaces and tabs (not newlines).
    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\r')) {
            self.bump();
        }
    }

    /// Skips the rest of the line, newline excluded.
    fn skip_line(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    /// The span from (`line`, `column`) to the cursor, clamped to one line.
    fn span_from(&self, line: usize, column: usize, start_pos: usize) -> Span {
        let len = if self.line == line {
            self.pos - start_pos
        } else {
            self.text
                .lines()
                .nth(line - 1)
                .map_or(1, |l| l.chars().count().saturating_sub(column - 1))
        };
        Span::new(line, column, len)
    }
}

/// A shell word read from the text: its raw characters and value.
struct RawWord {
    /// The value after quote removal.
    value: String,
    /// The raw text.
    raw: String,
    /// Where the word starts.
    span: Span,
    /// Position (in characters) of the first `=` outside quotes, if any.
    equals: Option<usize>,
    /// Whether it holds a `$` or backquote outside single quotes.
    expands: bool,
    /// An unquoted shell operator that ended the word (`|`, `(`, …).
    operator: Option<char>,
    /// The quote left open at the end of the text.
    unterminated: Option<(char, Span)>,
    /// The (line, column) of each character of `value`.
    positions: Vec<(usize, usize)>,
}

/// Whether `c` ends an unquoted shell word as an operator.
fn is_operator(c: char) -> bool {
    matches!(c, '|' | '&' | '(' | ')' | '<' | '>' | ';')
}

/// Reads one shell word at the cursor (which is not on a blank).
fn read_word(cur: &mut Cursor<'_>) -> RawWord {
    let (line, column, start) = (cur.line, cur.column, cur.pos);
    // Room for the rest of the line (most words end there), so that the
    // word is not reallocated character by character.
    let room = cur.chars[cur.pos..]
        .iter()
        .take_while(|c| **c != '\n')
        .count()
        .min(256);
    let mut word = RawWord {
        value: String::with_capacity(room),
        raw: String::with_capacity(room),
        span: Span::new(line, column, 0),
        equals: None,
        expands: false,
        operator: None,
        unterminated: None,
        positions: Vec::with_capacity(room),
    };
    while let Some(c) = cur.peek() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            break;
        }
        if is_operator(c) {
            if c != ';' {
                word.operator = Some(c);
            }
            break;
        }
        match c {
            '\\' => {
                cur.bump();
                match cur.peek() {
                    // A line continuation: bash removes both characters.
                    Some('\n') => {
                        cur.bump();
                    }
                    Some(next) => {
                        word.raw.push(c);
                        word.push(cur, next);
                        cur.bump();
                    }
                    None => {}
                }
            }
            '\'' | '"' => read_quoted(cur, &mut word, c),
            _ => {
                if c == '=' && word.equals.is_none() {
                    word.equals = Some(word.raw.chars().count());
                }
                if c == '$' || c == '`' {
                    word.expands = true;
                }
                word.push(cur, c);
                cur.bump();
            }
        }
        if word.unterminated.is_some() {
            break;
        }
    }
    word.span = cur.span_from(line, column, start);
    word
}

impl RawWord {
    /// Appends `c`, the character under the cursor, to the raw text and the
    /// value.
    fn push(&mut self, cur: &Cursor<'_>, c: char) {
        self.raw.push(c);
        self.value.push(c);
        self.positions.push((cur.line, cur.column));
    }
}

/// Reads a quoted part of a word, from its opening `quote`.
fn read_quoted(cur: &mut Cursor<'_>, word: &mut RawWord, quote: char) {
    let open = Span::new(cur.line, cur.column, 1);
    cur.bump();
    word.raw.push(quote);
    loop {
        let Some(c) = cur.peek() else {
            word.unterminated = Some((quote, open));
            return;
        };
        if c == quote {
            cur.bump();
            word.raw.push(c);
            return;
        }
        if quote == '"' && c == '\\' {
            cur.bump();
            match cur.peek() {
                Some('\n') => {
                    cur.bump();
                }
                Some(next) => {
                    if !matches!(next, '$' | '`' | '"' | '\\') {
                        word.raw.push('\\');
                        word.value.push('\\');
                        word.positions
                            .push((cur.line, cur.column.saturating_sub(1).max(1)));
                    }
                    word.push(cur, next);
                    cur.bump();
                }
                None => {}
            }
            continue;
        }
        if quote == '"' && (c == '$' || c == '`') {
            word.expands = true;
        }
        word.push(cur, c);
        cur.bump();
    }
}

/// Whether `name` is a valid shell variable name.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The assignment `word` makes, if it is one (`KEY=value`).
fn as_assignment(word: &RawWord) -> Option<Assignment> {
    let eq = word.equals?;
    let key: String = word.raw.chars().take(eq).collect();
    if !is_name(&key) {
        return None;
    }
    let key_len = key.chars().count();
    let (key_line, key_column) = word.positions.first().copied()?;
    let (eq_line, eq_column) = word.positions.get(key_len).copied()?;
    let word_end = word.span.column + word.span.len;
    let value_len = if eq_line == word.span.line {
        word_end.saturating_sub(eq_column + 1)
    } else {
        0
    };
    Some(Assignment {
        key_span: Span::new(key_line, key_column, key_len),
        value_span: Span::new(eq_line, eq_column + 1, value_len),
        value: word.value.chars().skip(key_len + 1).collect(),
        positions: word.positions.iter().skip(key_len + 1).copied().collect(),
        key,
        expands: word.expands,
    })
}

/// Reads every assignment of `text`, reporting lines bash would not read as
/// assignments.
fn parse(text: &str, findings: &mut Vec<Finding>) -> Vec<Assignment> {
    let mut cur = Cursor::new(text);
    let mut out = Vec::new();
    loop {
        cur.skip_blanks();
        match cur.peek() {
            None => break,
            Some('\n' | ';') => {
                cur.bump();
            }
            Some('#') => cur.skip_line(),
            Some(_) => {
                if let Some(finding) = statement(&mut cur, &mut out) {
                    findings.push(finding);
                    cur.skip_line();
                }
            }
        }
    }
    out
}

/// Reads one statement (assignments up to the end of the line, a `;` or a
/// comment). Returns the syntax error that stops it, if any.
fn statement(cur: &mut Cursor<'_>, out: &mut Vec<Assignment>) -> Option<Finding> {
    let mut previous: Option<Assignment> = None;
    loop {
        let word = read_word(cur);
        if let Some((quote, open)) = word.unterminated {
            return Some(unterminated(quote, open));
        }
        if let Some(op) = word.operator {
            return Some(operator_error(cur, op));
        }
        match as_assignment(&word) {
            Some(a) => {
                previous = Some(a.clone());
                out.push(a);
            }
            None => return Some(command_error(cur, &word, previous.as_ref())),
        }
        cur.skip_blanks();
        match cur.peek() {
            None | Some('\n' | '#' | ';') => return None,
            Some(_) => {}
        }
    }
}

/// The error for a quote left open until the end of the file.
fn unterminated(quote: char, open: Span) -> Finding {
    Finding::error(
        "ifcfg/syntax",
        open,
        format!("this {quote} is never closed: bash reads the rest of the file as part of the value"),
    )
    .help(format!(
        "bash: unexpected EOF while looking for matching `{quote}'; close the quote on the same line"
    ))
}

/// The error for an unquoted shell operator (`|`, `(`, `<`, …) in a line.
fn operator_error(cur: &Cursor<'_>, op: char) -> Finding {
    let span = Span::new(cur.line, cur.column, 1);
    Finding::error(
        "ifcfg/syntax",
        span,
        format!("unquoted `{op}`: bash reads it as shell syntax, not as part of a value"),
    )
    .help("quote the whole value: KEY=\"value with (special) characters\"")
}

/// The error for a word that is not an assignment: bash runs it as a
/// command.
fn command_error(cur: &mut Cursor<'_>, word: &RawWord, previous: Option<&Assignment>) -> Finding {
    let command = word.value.clone();
    let line_span = line_rest(cur, word.span);
    if let Some(prev) = previous {
        return Finding::error(
            "ifcfg/syntax",
            word.span,
            format!(
                "the value of {} has a space and is not quoted: bash runs `{command}` as a command \
                 and sets {} only for it",
                prev.key, prev.key
            ),
        )
        .help(format!(
            "bash: `{command}: command not found`; quote the value: {}=\"{} {}\"",
            prev.key,
            prev.value,
            rest_of_line(cur, word.span)
        ));
    }
    if command == "export" {
        return Finding::error(
            "ifcfg/syntax",
            line_span,
            "`export` in an ifcfg file: initscripts do not need it (they source the file with \
             `set -a`) and NetworkManager's ifcfg-rh reader does not read such a line",
        )
        .help("write the assignment alone: KEY=value");
    }
    cur.skip_blanks();
    if is_name(&word.value) && cur.peek() == Some('=') {
        return Finding::error(
            "ifcfg/syntax",
            line_span,
            format!(
                "spaces around `=`: bash runs `{command}` as a command and leaves {command} unset"
            ),
        )
        .help(format!(
            "bash: `{command}: command not found`; write {command}=value with no spaces"
        ));
    }
    Finding::error(
        "ifcfg/syntax",
        line_span,
        format!("not a KEY=value assignment: bash runs `{command}` as a command"),
    )
    .help(format!(
        "bash: `{command}: command not found`; an ifcfg file holds only KEY=value lines and # comments"
    ))
}

/// The span from `start` to the end of its line, trailing blanks excluded.
fn line_rest(cur: &Cursor<'_>, start: Span) -> Span {
    let rest = rest_of_line(cur, start);
    Span::new(
        start.line,
        start.column,
        rest.chars().count().max(start.len),
    )
}

/// The text of the line of `start` from its column on, trailing blanks and
/// comment excluded.
fn rest_of_line(cur: &Cursor<'_>, start: Span) -> String {
    let line = cur.text.lines().nth(start.line - 1).unwrap_or("");
    let rest: String = line.chars().skip(start.column - 1).collect();
    let rest = match rest.find(" #") {
        Some(i) => &rest[..i],
        None => &rest,
    };
    rest.trim_end().to_string()
}

// ---------------------------------------------------------------------------
// Keys.

/// Reports unknown and repeated keys.
fn check_keys(assignments: &[Assignment], findings: &mut Vec<Finding>) {
    let mut seen: BTreeMap<&str, &Assignment> = BTreeMap::new();
    for a in assignments {
        if !is_known_key(&a.key) {
            findings.push(unknown_key(a));
        }
        if let Some(first) = seen.insert(&a.key, a) {
            findings.push(
                Finding::warning(
                    "ifcfg/duplicate-key",
                    a.key_span,
                    format!(
                        "{} is set again (first on line {}): bash keeps only the last value",
                        a.key, first.key_span.line
                    ),
                )
                .help("keep one line per key"),
            );
        }
    }
}

/// The warning for an unknown key, with a suggestion when one is close.
fn unknown_key(a: &Assignment) -> Finding {
    let finding = Finding::warning(
        "ifcfg/unknown-key",
        a.key_span,
        format!(
            "unknown key {}: initscripts and NetworkManager ignore it",
            a.key
        ),
    );
    match suggest_key(&a.key) {
        Some(s) => finding.help(format!("did you mean {s}?")),
        None => finding.help("see initscripts' sysconfig.txt for the keys of ifcfg files"),
    }
}

/// The known key closest to `key`, if close enough to be a typo.
fn suggest_key(key: &str) -> Option<String> {
    let upper = key.to_ascii_uppercase();
    if upper != key && is_known_key(&upper) {
        return Some(upper);
    }
    let candidates = KNOWN_KEYS.iter().copied().chain([
        "IPADDR", "PREFIX", "NETMASK", "GATEWAY", "DNS1", "DNS2", "DNS3",
    ]);
    closest(&upper, candidates).map(str::to_string)
}

/// The candidate closest to `word` by edit distance (a swap of two
/// neighbours is one edit: `dchp` → `dhcp`), within a third of its length
/// (at least 1, at most 3).
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let chars = word.chars().count();
    let limit = (chars / 3).clamp(1, 3);
    candidates
        // The distance is at least the difference in length: skip the
        // candidates that cannot be close, before the costly measure.
        .filter(|c| c.chars().count().abs_diff(chars) <= limit)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The assignments bash keeps: the last one of each key, in file order.
fn last_values(assignments: &[Assignment]) -> Vec<Assignment> {
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, a) in assignments.iter().enumerate() {
        last.insert(a.key.as_str(), i);
    }
    let mut out: Vec<Assignment> = assignments
        .iter()
        .enumerate()
        .filter(|&(i, a)| last.get(a.key.as_str()) == Some(&i))
        .map(|(_, a)| a.clone())
        .collect();
    out.sort_by_key(|a| (a.key_span.line, a.key_span.column));
    out
}

// ---------------------------------------------------------------------------
// Values.

/// Checks the value of one assignment and records the facts it gives.
fn check_value(a: &Assignment, report: &mut Report) {
    // `KEY=` unsets the key: NetworkManager reads an empty value as absent
    // (`svGetValueStr()`), and so do initscripts' `[ -n "$KEY" ]` tests.
    if a.expands || a.value.is_empty() {
        return;
    }
    if let Some(f) = placeholder(a) {
        report.findings.push(f);
        return;
    }
    let (base, _) = numbered(&a.key).unwrap_or(("", ""));
    let finding = match (a.key.as_str(), base) {
        ("BOOTPROTO", _) => bootproto(a),
        ("ONBOOT", _) => onboot(a),
        ("HWADDR" | "MACADDR", _) => mac(a),
        ("IPV6ADDR", _) => ipv6(a, true),
        ("IPV6_DEFAULTGW", _) => ipv6(a, false),
        (_, "IPADDR") => ipv4(a, "address", None),
        (_, "GATEWAY") => ipv4(a, "gateway", Some(&mut report.facts)),
        (_, "DNS") => dns(a, &mut report.facts),
        (_, "PREFIX") => prefix(a).err(),
        (_, "NETMASK") => netmask(a),
        ("TEAM_CONFIG" | "TEAM_PORT_CONFIG", _) => json(a),
        _ => None,
    };
    report.findings.extend(finding);
}

/// An unfilled placeholder (`*`, `?`, `xxx`) in a value.
fn placeholder(a: &Assignment) -> Option<Finding> {
    if !holds_no_glob(&a.key) {
        return None;
    }
    let (offset, len) = find_placeholder(&a.value, is_address_key(&a.key))?;
    let (line, column) = a.positions.get(offset).copied()?;
    let span = Span::new(line, column, len);
    Some(
        Finding::error(
            "ifcfg/unfilled-placeholder",
            span,
            format!(
                "{}={} still holds a placeholder: bash keeps `{}` literally",
                a.key,
                a.value,
                a.value.chars().skip(offset).take(len).collect::<String>()
            ),
        )
        .help("replace it with the real value for your network"),
    )
}

/// Whether a `*` or `?` in the value of `key` can only be a placeholder:
/// addresses, prefixes, MAC addresses and device names. Elsewhere they are
/// text (a passphrase, an SSID) or patterns (`MATCH_INTERFACE_NAME=ens*`),
/// and bash never expands globs in an assignment.
fn holds_no_glob(key: &str) -> bool {
    is_address_key(key)
        || matches!(numbered(key), Some(("PREFIX", _)))
        || matches!(key, "HWADDR" | "MACADDR" | "DEVICE" | "PHYSDEV")
}

/// Whether `key` holds an IP address.
fn is_address_key(key: &str) -> bool {
    matches!(
        numbered(key),
        Some(("IPADDR" | "GATEWAY" | "DNS" | "NETMASK", _))
    ) || key.starts_with("IPV6ADDR")
        || key == "IPV6_DEFAULTGW"
}

/// The character offset and length of a placeholder in `value`: a glob
/// character, or (in addresses) an `xxx` part.
fn find_placeholder(value: &str, address: bool) -> Option<(usize, usize)> {
    let chars: Vec<char> = value.chars().collect();
    if let Some(i) = chars.iter().position(|c| matches!(c, '*' | '?')) {
        let len = chars[i..]
            .iter()
            .take_while(|c| matches!(c, '*' | '?'))
            .count();
        return Some((i, len));
    }
    if !address {
        return None;
    }
    let mut start = 0;
    for part in value.split(['.', ':', '/']) {
        let n = part.chars().count();
        if n >= 2 && part.chars().all(|c| c == 'x' || c == 'X') {
            return Some((start, n));
        }
        start += n + 1;
    }
    None
}

/// Checks `BOOTPROTO`.
fn bootproto(a: &Assignment) -> Option<Finding> {
    let v = a.value.as_str();
    match v {
        "none" | "bootp" | "dhcp" => None,
        // NetworkManager ignores the whole file: `check_ignored()`
        _ if v.eq_ignore_ascii_case("ibft") => None,
        "static" => Some(
            Finding::warning(
                "ifcfg/bootproto",
                a.value_span,
                "BOOTPROTO=static is not a documented value: initscripts treat anything but \
                 dhcp or bootp as static, so it works, but only by accident",
            )
            .help("write BOOTPROTO=none for a static address"),
        ),
        _ => {
            let hint = closest(
                &v.to_ascii_lowercase(),
                ["none", "bootp", "dhcp"].into_iter(),
            )
            .map_or(String::new(), |s| format!("did you mean {s}? "));
            Some(
                Finding::warning(
                    "ifcfg/bootproto",
                    a.value_span,
                    format!(
                        "BOOTPROTO={v} is not none, bootp or dhcp: initscripts treat it as \
                         static and run no DHCP client"
                    ),
                )
                .help(format!("{hint}BOOTPROTO takes none, bootp or dhcp")),
            )
        }
    }
}

/// Checks `ONBOOT`.
fn onboot(a: &Assignment) -> Option<Finding> {
    if matches!(a.value.as_str(), "yes" | "no") {
        return None;
    }
    let suggestion = match a.value.to_ascii_lowercase().as_str() {
        "true" | "y" | "on" | "1" | "yes" => "yes",
        _ => "no",
    };
    Some(
        Finding::warning(
            "ifcfg/onboot",
            a.value_span,
            format!(
                "ONBOOT={} is not yes or no, the values sysconfig.txt documents",
                a.value
            ),
        )
        .help(format!("write ONBOOT={suggestion}")),
    )
}

/// The values `MACADDR` takes besides an address: NetworkManager's
/// `cloned-mac-address` modes (`nm-setting-wired.c`, `nm-setting-wireless.c`).
const MAC_MODES: [&str; 5] = ["preserve", "permanent", "random", "stable", "stable-ssid"];

/// Checks a MAC address (`HWADDR`, `MACADDR`): six octets, or twenty for
/// InfiniBand; `MACADDR` also takes NetworkManager's modes.
fn mac(a: &Assignment) -> Option<Finding> {
    let v = a.value.trim();
    let parts: Vec<&str> = v.split(':').collect();
    let ok = matches!(parts.len(), 6 | 20)
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()));
    let mode = a.key == "MACADDR" && MAC_MODES.contains(&v);
    (!ok && !mode).then(|| {
        let help = if a.key == "MACADDR" {
            "write six hex pairs separated by colons (00:0c:29:3e:5f:01), or one of NetworkManager's modes: preserve, permanent, random, stable, stable-ssid"
        } else {
            "write six hex pairs separated by colons: 00:0c:29:3e:5f:01 (twenty for InfiniBand)"
        };
        Finding::error(
            "ifcfg/invalid-mac",
            a.value_span,
            format!("{}={} is not a MAC address", a.key, a.value),
        )
        .help(help)
    })
}

/// Checks an IPv6 address, with an optional prefix when `prefixed`.
fn ipv6(a: &Assignment, prefixed: bool) -> Option<Finding> {
    let v = a.value.as_str();
    let (addr, rest) = match v.split_once(if prefixed { '/' } else { '%' }) {
        Some((addr, rest)) => (addr, Some(rest)),
        None => (v, None),
    };
    let prefix_ok = match rest {
        Some(p) if prefixed => p.parse::<u8>().is_ok_and(|p| p <= 128),
        Some(dev) => !dev.is_empty(),
        None => true,
    };
    (addr.parse::<Ipv6Addr>().is_err() || !prefix_ok).then(|| {
        Finding::error(
            "ifcfg/invalid-address",
            a.value_span,
            format!("{}={v} is not a valid IPv6 address", a.key),
        )
    })
}

/// Checks an IPv4 address (`IPADDRn`, `GATEWAYn`); records a gateway fact
/// when `facts` is given.
fn ipv4(a: &Assignment, what: &str, facts: Option<&mut Vec<Fact>>) -> Option<Finding> {
    match a.value.parse::<Ipv4Addr>() {
        Ok(addr) => {
            if let Some(facts) = facts {
                facts.push(Fact::Gateway {
                    addr,
                    span: a.value_span,
                });
            }
            None
        }
        Err(_) => Some(bad_ipv4(a, what)),
    }
}

/// The error for a value that is not an IPv4 address.
fn bad_ipv4(a: &Assignment, what: &str) -> Finding {
    let v = &a.value;
    let help = match v.split_once('/') {
        Some((addr, p)) if a.key.starts_with("IPADDR") => {
            format!("put the prefix in its own key: IPADDR={addr} and PREFIX={p}")
        }
        _ => format!(
            "ipcalc: `bad IPv4 address: {v}`; write four numbers 0-255 without leading zeros"
        ),
    };
    Finding::error(
        "ifcfg/invalid-address",
        a.value_span,
        format!("{}={v} is not a valid IPv4 {what}", a.key),
    )
    .help(help)
}

/// Checks `DNSn` the way NetworkManager's `nm_dns_uri_parse()` reads it: an
/// IPv4 or IPv6 address with an optional `#server-name` (for DNS over TLS),
/// or a `dns+tls://` / `dns+udp://` URI. A plain address is a fact.
fn dns(a: &Assignment, facts: &mut Vec<Fact>) -> Option<Finding> {
    let v = a.value.as_str();
    let uri = v
        .strip_prefix("dns+tls://")
        .map(|rest| (rest, true))
        .or_else(|| v.strip_prefix("dns+udp://").map(|rest| (rest, false)));
    let ok = match uri {
        Some((rest, tls)) => dns_uri(rest, tls),
        None => {
            let (addr, name) = match v.split_once('#') {
                Some((addr, name)) => (addr, Some(name)),
                None => (v, None),
            };
            match (addr.parse::<IpAddr>(), name) {
                (_, Some("")) | (Err(_), _) => false,
                (Ok(addr), _) => {
                    facts.push(Fact::Nameserver {
                        addr,
                        span: a.value_span,
                    });
                    true
                }
            }
        }
    };
    (!ok).then(|| {
        Finding::error(
            "ifcfg/invalid-address",
            a.value_span,
            format!("{}={v} is not a valid DNS server", a.key),
        )
        .help("write an IPv4 or IPv6 address, optionally followed by `#server-name` for DNS over TLS (NetworkManager also takes `dns+tls://ADDRESS[:PORT][#NAME]`)")
    })
}

/// Whether the part after `dns+tls://` or `dns+udp://` is valid: an IPv4
/// address or a bracketed IPv6 one (with `%ifname` only when link-local), an
/// optional port, and `#server-name` only for TLS.
fn dns_uri(rest: &str, tls: bool) -> bool {
    let (addr_port, name) = match rest.rsplit_once('#') {
        Some((a, n)) => (a, Some(n)),
        None => (rest, None),
    };
    if name == Some("") || (name.is_some() && !tls) {
        return false;
    }
    let port_ok = |p: &str| p.parse::<u16>().is_ok_and(|p| p > 0);
    if let Some(inner) = addr_port.strip_prefix('[') {
        let Some((addr, after)) = inner.split_once(']') else {
            return false;
        };
        let (addr, scope) = match addr.split_once('%') {
            Some((a, s)) => (a, Some(s)),
            None => (addr, None),
        };
        let Ok(addr) = addr.parse::<Ipv6Addr>() else {
            return false;
        };
        let scope_ok = scope.is_none_or(|s| !s.is_empty() && addr.is_unicast_link_local());
        let port = after.strip_prefix(':');
        scope_ok && (after.is_empty() || port.is_some_and(port_ok))
    } else {
        let (addr, port) = match addr_port.split_once(':') {
            Some((a, p)) => (a, Some(p)),
            None => (addr_port, None),
        };
        addr.parse::<Ipv4Addr>().is_ok() && port.is_none_or(port_ok)
    }
}

/// Checks a JSON value (`TEAM_CONFIG`, `TEAM_PORT_CONFIG`): NetworkManager
/// refuses the file when it does not parse (`invalid json`), and teamd
/// cannot use it.
fn json(a: &Assignment) -> Option<Finding> {
    let e = serde_json::from_str::<serde_json::Value>(&a.value).err()?;
    Some(
        Finding::error(
            "ifcfg/invalid-json",
            a.value_span,
            format!("{} is not valid JSON: {e}", a.key),
        )
        .help("NetworkManager refuses the file (`invalid json`); write the teamd configuration as a JSON object, e.g. '{\"runner\": {\"name\": \"activebackup\"}}'"),
    )
}

/// The prefix length `PREFIXn` gives, or the error for a bad one.
fn prefix(a: &Assignment) -> Result<u8, Finding> {
    let v = a.value.as_str();
    match v.parse::<u8>() {
        Ok(p) if p <= 32 && v.chars().all(|c| c.is_ascii_digit()) => Ok(p),
        _ => Err(Finding::error(
            "ifcfg/invalid-prefix",
            a.value_span,
            format!("{}={v} is not a prefix length from 0 to 32", a.key),
        )
        .help(format!(
            "ipcalc: `bad IPv4 prefix: {v}`; write the number of network bits, e.g. 24"
        ))),
    }
}

/// The netmask of prefix length `len`.
fn mask_of(len: u8) -> Ipv4Addr {
    Ipv4Addr::from(u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0))
}

/// The prefix length of a contiguous netmask.
fn mask_prefix(mask: Ipv4Addr) -> Option<u8> {
    let bits = u32::from(mask);
    let ones = bits.leading_ones();
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

/// Checks `NETMASKn` (its fact is recorded with its address, in
/// [`check_prefixes`]).
fn netmask(a: &Assignment) -> Option<Finding> {
    let v = a.value.as_str();
    match v.parse::<Ipv4Addr>() {
        Ok(mask) if mask_prefix(mask).is_some() => None,
        Ok(_) => Some(
            Finding::error(
                "ifcfg/invalid-netmask",
                a.value_span,
                format!("{}={v} is not a contiguous netmask", a.key),
            )
            .help(format!(
                "ipcalc: `bad IPv4 prefix: {v}`; a netmask is ones then zeros, like 255.255.255.0"
            )),
        ),
        Err(_) => Some(
            Finding::error(
                "ifcfg/invalid-netmask",
                a.value_span,
                format!("{}={v} is not a netmask", a.key),
            )
            .help("write it like 255.255.255.0, or use PREFIX=24 instead"),
        ),
    }
}

// ---------------------------------------------------------------------------
// Files NetworkManager refuses as a whole.

/// The value bash gives `key` in the file, if set and not empty.
fn value_of<'a>(assignments: &'a [Assignment], key: &str) -> Option<&'a Assignment> {
    assignments
        .iter()
        .find(|a| a.key == key && !a.value.is_empty() && !a.expands)
}

/// A boolean the way NetworkManager's `svGetValueBoolean()` reads it.
fn is_true(a: Option<&Assignment>) -> bool {
    a.is_some_and(|a| {
        matches!(
            a.value.to_ascii_lowercase().as_str(),
            "yes" | "true" | "t" | "y" | "1"
        )
    })
}

/// Files NetworkManager's ifcfg-rh reader ignores on purpose
/// (`connection_from_file_full()` in `nms-ifcfg-rh-reader.c`): an iBFT
/// description, which nm-initrd-generator handles at boot, and a sit tunnel
/// without `TYPE`.
fn check_ignored(assignments: &[Assignment], findings: &mut Vec<Finding>) {
    if let Some(b) = value_of(assignments, "BOOTPROTO")
        && b.value.eq_ignore_ascii_case("ibft")
    {
        findings.push(
            Finding::error(
                "ifcfg/ignored",
                b.value_span,
                "BOOTPROTO=ibft: NetworkManager ignores this file (`Ignoring iBFT configuration`)",
            )
            .help("the firmware's iBFT table configures this interface at boot (nm-initrd-generator); to configure it from this file, write BOOTPROTO=dhcp or none with the addresses"),
        );
    }
    if value_of(assignments, "TYPE").is_none()
        && value_of(assignments, "DEVICETYPE").is_none()
        && value_of(assignments, "TEAM_CONFIG").is_none()
        && let Some(t) = value_of(assignments, "IPV6TUNNELIPV4")
    {
        findings.push(
            Finding::error(
                "ifcfg/ignored",
                t.key_span,
                "an IPv6-in-IPv4 (sit) tunnel without TYPE: NetworkManager ignores this file (`Ignoring unsupported connection due to IPV6TUNNELIPV4`)",
            )
            .help("NetworkManager reads tunnels with TYPE=IPIP6 or an nmconnection profile (`nmcli connection add type ip-tunnel mode sit …`); initscripts' ifup-sit reads this form"),
        );
    }
}

// ---------------------------------------------------------------------------
// Wi-Fi.

/// The channels NetworkManager knows per band (`table_2ghz`, `table_5ghz`,
/// `table_6ghz` in libnm's `nm-utils.c`, NetworkManager 1.58).
/// [`CHANNELS_A_ABOVE_177`] are the 5 GHz ones above 177 that 1.42's
/// `a_table` has too.
const CHANNELS_BG: &[u32] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const CHANNELS_A: &[u32] = &[
    32, 36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144,
    149, 153, 157, 161, 165, 183, 184, 185, 187, 188, 189, 192, 196,
];
const CHANNELS_A_ABOVE_177: &[u32] = &[183, 184, 185, 187, 188, 192, 196];
const CHANNELS_6GHZ: &[u32] = &[
    1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 49, 53, 57, 61, 65, 69, 73, 77, 81, 85, 89, 93,
    97, 101, 105, 109, 113, 117, 121, 125, 129, 133, 137, 141, 145, 149, 153, 157, 161, 169, 173,
    177, 181, 185, 189, 193, 197, 201, 205, 209, 213, 217, 221, 225, 229, 233,
];

/// The Wi-Fi keys NetworkManager's reader refuses the file over
/// (`make_wireless_setting()`): an SSID of 0 or more than 32 bytes, an
/// unknown `MODE` or `BAND`, a channel outside 1–233 or not in its band, a
/// channel above 177 without a band. Where versions differ, a warning:
/// `BAND=6GHz` is 1.58's (earlier ones refuse the band), and 1.58 refuses
/// a channel above 177 without a band that earlier ones read as band `a`.
fn check_wifi(assignments: &[Assignment], findings: &mut Vec<Finding>) {
    if let Some(essid) = value_of(assignments, "ESSID") {
        let v = essid.value.as_str();
        let hex = v.len() > 2
            && v.len() % 2 == 0
            && v.starts_with("0x")
            && v[2..].bytes().all(|b| b.is_ascii_hexdigit());
        let bytes = if hex { (v.len() - 2) / 2 } else { v.len() };
        if bytes > 32 {
            findings.push(
                Finding::error(
                    "ifcfg/invalid-ssid",
                    essid.value_span,
                    format!("ESSID is {bytes} bytes long: an SSID has 1 to 32"),
                )
                .help("NetworkManager refuses the file (`Invalid SSID … (size not between 1 and 32 inclusive)`); check the network's name"),
            );
        }
    }
    if let Some(mode) = value_of(assignments, "MODE")
        && !matches!(
            mode.value.to_ascii_lowercase().as_str(),
            "ad-hoc" | "ap" | "managed" | "auto"
        )
    {
        findings.push(
            Finding::error(
                "ifcfg/invalid-wifi",
                mode.value_span,
                format!("MODE={} is not a Wi-Fi mode", mode.value),
            )
            .help("NetworkManager refuses the file; write MODE=Managed, Ad-Hoc, Ap or Auto"),
        );
    }
    let channel = value_of(assignments, "CHANNEL");
    let number = channel.map(|c| {
        c.value
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=233).contains(n) && c.value.bytes().all(|b| b.is_ascii_digit()))
    });
    if let (Some(c), Some(None)) = (channel, number) {
        findings.push(
            Finding::error(
                "ifcfg/invalid-wifi",
                c.value_span,
                format!("CHANNEL={} is not a Wi-Fi channel (1 to 233)", c.value),
            )
            .help("NetworkManager refuses the file (`Invalid wireless channel`)"),
        );
        return;
    }
    let number = number.flatten();
    match value_of(assignments, "BAND") {
        Some(band) => {
            let table = match band.value.as_str() {
                "bg" => CHANNELS_BG,
                "a" => CHANNELS_A,
                "6GHz" => {
                    findings.push(
                        Finding::warning(
                            "ifcfg/nm-version",
                            band.value_span,
                            "BAND=6GHz needs NetworkManager 1.58 or later",
                        )
                        .help("NetworkManager 1.56 and earlier (Debian 12's 1.42, RHEL 9's) refuse the file (`Invalid wireless band '6GHz'`)"),
                    );
                    CHANNELS_6GHZ
                }
                _ => {
                    findings.push(
                        Finding::error(
                            "ifcfg/invalid-wifi",
                            band.value_span,
                            format!("BAND={} is not a Wi-Fi band", band.value),
                        )
                        .help("NetworkManager refuses the file; write BAND=bg (2.4 GHz), a (5 GHz) or 6GHz"),
                    );
                    return;
                }
            };
            if let (Some(n), Some(c)) = (number, channel)
                && !table.contains(&n)
            {
                findings.push(
                    Finding::error(
                        "ifcfg/invalid-wifi",
                        c.value_span,
                        format!("channel {n} is not in band {}", band.value),
                    )
                    .help(format!(
                        "NetworkManager refuses the file (`Band '{}' invalid for channel {n}`); pick a channel of the band, or the band of the channel",
                        band.value
                    )),
                );
            }
        }
        None => {
            if let (Some(n), Some(c)) = (number, channel)
                && CHANNELS_A_ABOVE_177.contains(&n)
            {
                findings.push(
                    Finding::warning(
                        "ifcfg/nm-version",
                        c.value_span,
                        format!("channel {n} without BAND: NetworkManager 1.58 and later refuse it"),
                    )
                    .help("NetworkManager 1.56 and earlier read it as BAND=a (5 GHz); 1.58 refuses the file (`Setting channel without band is ambiguous and deprecated. Not supported for 6GHz.`); add BAND=a, or BAND=6GHz for 6 GHz"),
                );
            } else if let (Some(n), Some(c)) = (number, channel)
                && n > 177
            {
                findings.push(
                    Finding::error(
                        "ifcfg/invalid-wifi",
                        c.value_span,
                        format!("channel {n} without BAND: only 6 GHz has it"),
                    )
                    .help("NetworkManager refuses the file (`Setting channel without band is ambiguous and deprecated. Not supported for 6GHz.`); add BAND=6GHz"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Data center bridging.

/// The DCB arrays NetworkManager's reader refuses the file over
/// (`make_dcb_setting()`), when `DCB=yes` and the array's feature is
/// enabled (else it ignores them): eight 0/1 flags, eight priorities 0–7
/// (`f` too for `DCB_PG_ID`), eight comma-separated percentages (adding up
/// to 100 for `DCB_PG_PCT`).
fn check_dcb(assignments: &[Assignment], findings: &mut Vec<Finding>) {
    if !is_true(value_of(assignments, "DCB")) {
        return;
    }
    let pfc = is_true(value_of(assignments, "DCB_PFC_ENABLE"));
    let pg = is_true(value_of(assignments, "DCB_PG_ENABLE"));
    for (key, enabled) in [
        ("DCB_PFC_UP", pfc),
        ("DCB_PG_STRICT", pg),
        ("DCB_PG_ID", pg),
        ("DCB_PG_UP2TC", pg),
        ("DCB_PG_PCT", pg),
        ("DCB_PG_UPPCT", pg),
    ] {
        let Some(a) = value_of(assignments, key).filter(|_| enabled) else {
            continue;
        };
        let v = a.value.as_str();
        let problem = match key {
            "DCB_PFC_UP" | "DCB_PG_STRICT" => (v.len() != 8
                || !v.bytes().all(|b| b == b'0' || b == b'1'))
            .then_some("eight flags, each 0 or 1 (e.g. 01000000)"),
            "DCB_PG_ID" => (v.len() != 8
                || !v.bytes().all(|b| matches!(b, b'0'..=b'7' | b'f' | b'F')))
            .then_some("eight priority groups, each 0 to 7 or f (e.g. 0000111f)"),
            "DCB_PG_UP2TC" => (v.len() != 8 || !v.bytes().all(|b| matches!(b, b'0'..=b'7')))
                .then_some("eight traffic classes, each 0 to 7 (e.g. 01234567)"),
            _ => {
                let parts: Vec<Option<u32>> = v
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(|p| p.parse::<u32>().ok().filter(|n| *n <= 100))
                    .collect();
                let sum: Option<u32> = parts.iter().copied().sum();
                if parts.len() != 8 || sum.is_none() {
                    Some("eight comma-separated percentages from 0 to 100")
                } else if key == "DCB_PG_PCT" && sum != Some(100) {
                    Some("eight comma-separated percentages that add up to 100")
                } else {
                    None
                }
            }
        };
        if let Some(want) = problem {
            findings.push(
                Finding::error(
                    "ifcfg/invalid-dcb",
                    a.value_span,
                    format!("{key}={v} is not {want}"),
                )
                .help("NetworkManager refuses the file (`invalid DCB` value); fix the value, or turn the feature off"),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Addresses and their prefixes.

/// The keys of one address: `IPADDRn`, `PREFIXn`, `NETMASKn` with the same n.
#[derive(Default)]
struct Group<'a> {
    ipaddr: Option<&'a Assignment>,
    prefix: Option<&'a Assignment>,
    netmask: Option<&'a Assignment>,
}

/// Groups the address keys by their number.
fn groups(assignments: &[Assignment]) -> BTreeMap<String, Group<'_>> {
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for a in assignments
        .iter()
        .filter(|a| !a.expands && !a.value.is_empty())
    {
        let Some((base, n)) = numbered(&a.key) else {
            continue;
        };
        let group = groups.entry(n.to_string()).or_default();
        match base {
            "IPADDR" => group.ipaddr = Some(a),
            "PREFIX" => group.prefix = Some(a),
            "NETMASK" => group.netmask = Some(a),
            _ => {}
        }
    }
    groups
}

/// Checks that every address has a prefix and that `PREFIX` and `NETMASK`
/// agree; records the address facts, and the netmask of the first address
/// (the one [`super::semantic`] compares every netmask with; the others
/// are in their address's prefix).
///
/// An alias file (`DEVICE=eth0:1`) may leave the prefix out: ifup-aliases
/// and NetworkManager take the parent file's.
fn check_prefixes(assignments: &[Assignment], report: &mut Report) {
    let alias = assignments
        .iter()
        .any(|a| a.key == "DEVICE" && a.value.contains(':'));
    let mut first = true;
    for group in groups(assignments).values() {
        let prefix = group.prefix.and_then(|p| prefix(p).ok());
        let mask = group
            .netmask
            .and_then(|m| m.value.parse::<Ipv4Addr>().ok())
            .and_then(mask_prefix);
        if let (Some(p), Some(m), Some(pa), Some(ma)) = (prefix, mask, group.prefix, group.netmask)
            && p != m
        {
            report.findings.push(mismatch(pa, ma, p, m));
        }
        let Some(ip) = group.ipaddr else {
            continue;
        };
        if group.prefix.is_none() && group.netmask.is_none() && !alias {
            report.findings.push(missing_prefix(ip));
        }
        if let Ok(addr) = ip.value.parse::<Ipv4Addr>() {
            report.facts.push(Fact::Address {
                addr,
                prefix: prefix.or(mask),
                span: ip.value_span,
            });
            if let (true, Some(m), Some(ma)) = (first, mask, group.netmask) {
                report.facts.push(Fact::Netmask {
                    mask: mask_of(m),
                    span: ma.value_span,
                });
            }
            first = false;
        }
    }
}

/// The error for `PREFIX` and `NETMASK` giving different lengths.
fn mismatch(prefix: &Assignment, mask: &Assignment, p: u8, m: u8) -> Finding {
    let (first, second) = if prefix.key_span.line <= mask.key_span.line {
        (prefix, mask)
    } else {
        (mask, prefix)
    };
    Finding::error(
        "ifcfg/prefix-mismatch",
        second.value_span,
        format!(
            "{}={p} and {}={} (/{m}) disagree: initscripts use {} (it takes precedence over {})",
            prefix.key, mask.key, mask.value, prefix.key, mask.key
        ),
    )
    .help(format!(
        "keep only {}={p} (line {}), or make both say the same",
        prefix.key, first.key_span.line
    ))
}

/// The classful prefix old initscripts and NetworkManager guess for `addr`.
fn classful(addr: Ipv4Addr) -> u8 {
    match addr.octets()[0] {
        0..=127 => 8,
        128..=191 => 16,
        _ => 24,
    }
}

/// The error for an address without `PREFIX` or `NETMASK`.
fn missing_prefix(ip: &Assignment) -> Finding {
    let n = numbered(&ip.key).map_or("", |(_, n)| n);
    let guess = match ip.value.parse::<Ipv4Addr>() {
        Ok(addr) => format!(
            ": here /{} under the classful guess of initscripts ≤ 9 and NetworkManager, \
             /32 under ipcalc-ng (RHEL 8+ network-scripts)",
            classful(addr)
        ),
        Err(_) => String::new(),
    };
    Finding::error(
        "ifcfg/missing-prefix",
        ip.key_span,
        format!(
            "{} has no PREFIX{n} or NETMASK{n}, so its prefix is guessed{guess}",
            ip.key
        ),
    )
    .help(format!(
        "add PREFIX{n}=24 (the prefix length of your subnet) after {}",
        ip.key
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    /// The findings of `text` as (rule, severity, line, column).
    fn findings(text: &str) -> Vec<(&'static str, Severity, usize, usize)> {
        check(text)
            .findings
            .iter()
            .map(|f| (f.rule, f.severity, f.span.line, f.span.column))
            .collect()
    }

    /// Asserts that `text` gives exactly one finding, as described.
    #[track_caller]
    fn one(text: &str, rule: &str, severity: Severity, line: usize, column: usize) {
        assert_eq!(
            findings(text),
            vec![(rule, severity, line, column)],
            "{text}"
        );
    }

    const E: Severity = Severity::Error;
    const W: Severity = Severity::Warning;

    #[test]
    fn a_good_file_has_no_findings_and_gives_facts() {
        let text = "# static\nTYPE=Ethernet\nBOOTPROTO=none\nNAME=\"System ens33\"\nDEVICE=ens33\n\
                    ONBOOT=yes\nIPADDR=10.7.0.128\nPREFIX=24\nGATEWAY=10.7.0.2\nDNS1=10.7.0.2\n\
                    DNS2=8.8.8.8 # second\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(
            report.facts,
            vec![
                Fact::Gateway {
                    addr: Ipv4Addr::new(10, 7, 0, 2),
                    span: Span::new(9, 9, 8)
                },
                Fact::Nameserver {
                    addr: IpAddr::V4(Ipv4Addr::new(10, 7, 0, 2)),
                    span: Span::new(10, 6, 8)
                },
                Fact::Nameserver {
                    addr: IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8)),
                    span: Span::new(11, 6, 7)
                },
                Fact::Address {
                    addr: Ipv4Addr::new(10, 7, 0, 128),
                    prefix: Some(24),
                    span: Span::new(7, 8, 10)
                },
            ]
        );
    }

    #[test]
    fn netmask_gives_the_prefix_and_a_fact() {
        let report = check("IPADDR=10.7.0.128\nNETMASK=255.255.0.0\n");
        assert!(report.findings.is_empty());
        assert!(report.facts.contains(&Fact::Netmask {
            mask: Ipv4Addr::new(255, 255, 0, 0),
            span: Span::new(2, 9, 11)
        }));
        assert!(report.facts.contains(&Fact::Address {
            addr: Ipv4Addr::new(10, 7, 0, 128),
            prefix: Some(16),
            span: Span::new(1, 8, 10)
        }));
    }

    #[test]
    fn syntax_spaces_around_equals() {
        one("IPADDR = 10.7.0.128\nPREFIX=24\n", "ifcfg/syntax", E, 1, 1);
        let f = &check("ONBOOT=yes\nGATEWAY =10.7.0.2\n").findings[0];
        assert_eq!(f.span, Span::new(2, 1, 17));
        assert!(f.message.contains("spaces around `=`"), "{}", f.message);
        assert!(
            f.help
                .as_deref()
                .unwrap()
                .contains("GATEWAY: command not found")
        );
    }

    #[test]
    fn syntax_unquoted_space_in_value() {
        let text = "NAME=System ens33\n";
        one(text, "ifcfg/syntax", E, 1, 13);
        let f = &check(text).findings[0];
        assert!(
            f.help.as_deref().unwrap().contains("NAME=\"System ens33\""),
            "{:?}",
            f.help
        );
    }

    #[test]
    fn syntax_not_an_assignment() {
        one("ONBOOT=yes\nvim /etc/x\n", "ifcfg/syntax", E, 2, 1);
        one("  auto ens33\n", "ifcfg/syntax", E, 1, 3);
    }

    #[test]
    fn syntax_export() {
        one("export ONBOOT=yes\n", "ifcfg/syntax", E, 1, 1);
        assert!(
            check("export ONBOOT=yes\n").findings[0]
                .message
                .contains("set -a")
        );
    }

    #[test]
    fn syntax_unterminated_quote_and_operator() {
        one("NAME=\"ens33\nONBOOT=yes\n", "ifcfg/syntax", E, 1, 6);
        one("NAME=eth0(copy)\n", "ifcfg/syntax", E, 1, 10);
    }

    #[test]
    fn quoting_comments_and_separators_are_bash_s() {
        let text =
            "NAME='My eth0' ; ONBOOT=yes # boot\n  DEVICE=eth\\ 0\nDNS1=\"8.8.8.8\"\n\n#x=1\n";
        assert!(findings(text).is_empty(), "{:?}", findings(text));
        let report = check(text);
        assert!(report.facts.contains(&Fact::Nameserver {
            addr: IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8)),
            span: Span::new(3, 6, 9)
        }));
    }

    #[test]
    fn unknown_key_suggests() {
        one("GATWAY=10.7.0.2\n", "ifcfg/unknown-key", W, 1, 1);
        let f = &check("GATWAY=10.7.0.2\n").findings[0];
        assert_eq!(f.help.as_deref(), Some("did you mean GATEWAY?"));
        let f = &check("ipaddr=10.7.0.2\nPREFIX=24\n").findings[0];
        assert_eq!(f.help.as_deref(), Some("did you mean IPADDR?"));
        assert!(is_known_key("IPADDR2") && is_known_key("DNS3") && !is_known_key("DNS0"));
    }

    #[test]
    fn duplicate_key() {
        one("ONBOOT=no\nONBOOT=yes\n", "ifcfg/duplicate-key", W, 2, 1);
    }

    #[test]
    fn bootproto_static_and_typos() {
        one("BOOTPROTO=static\n", "ifcfg/bootproto", W, 1, 11);
        let f = &check("BOOTPROTO=dchp\n").findings[0];
        assert_eq!(f.rule, "ifcfg/bootproto");
        assert!(f.help.as_deref().unwrap().starts_with("did you mean dhcp?"));
        assert!(
            findings("BOOTPROTO=dhcp\nBOOTPROTO=none\n")
                .iter()
                .all(|f| f.0 != "ifcfg/bootproto")
        );
    }

    #[test]
    fn onboot_yes_no() {
        one("ONBOOT=true\n", "ifcfg/onboot", W, 1, 8);
        assert_eq!(
            check("ONBOOT=true\n").findings[0].help.as_deref(),
            Some("write ONBOOT=yes")
        );
    }

    #[test]
    fn unfilled_placeholders() {
        let text = "IPADDR=192.168.?.xxx\nPREFIX=24\n";
        one(text, "ifcfg/unfilled-placeholder", E, 1, 16);
        one(
            "IPADDR=10.7.0.xxx\nPREFIX=24\n",
            "ifcfg/unfilled-placeholder",
            E,
            1,
            15,
        );
        one("DEVICE=\"ens*\"\n", "ifcfg/unfilled-placeholder", E, 1, 12);
    }

    #[test]
    fn line_continuations_keep_positions() {
        // bash joins `\` + newline; the placeholder is found where it is.
        one(
            "IPADDR=192.168.\\\n?.5\nPREFIX=24\n",
            "ifcfg/unfilled-placeholder",
            E,
            2,
            1,
        );
    }

    #[test]
    fn invalid_addresses() {
        one(
            "IPADDR=192.168.300.1\nPREFIX=24\n",
            "ifcfg/invalid-address",
            E,
            1,
            8,
        );
        one("GATEWAY=10.07.0.2\n", "ifcfg/invalid-address", E, 1, 9);
        one("DNS1=8.8.8\n", "ifcfg/invalid-address", E, 1, 6);
        one(
            "IPV6ADDR=2001:db8::1/129\n",
            "ifcfg/invalid-address",
            E,
            1,
            10,
        );
        assert!(findings("DNS2=2001:4860:4860::8888\nIPV6ADDR=2001:db8::1/64\n").is_empty());
        let f = &check("IPADDR=10.7.0.5/24\nPREFIX=24\n").findings[0];
        assert!(f.help.as_deref().unwrap().contains("PREFIX=24"));
    }

    #[test]
    fn invalid_prefix() {
        one(
            "IPADDR=10.7.0.128\nPREFIX=33\n",
            "ifcfg/invalid-prefix",
            E,
            2,
            8,
        );
        one(
            "IPADDR=10.7.0.128\nPREFIX=/24\n",
            "ifcfg/invalid-prefix",
            E,
            2,
            8,
        );
    }

    #[test]
    fn invalid_netmask() {
        one(
            "IPADDR=10.7.0.128\nNETMASK=255.255.0.255\n",
            "ifcfg/invalid-netmask",
            E,
            2,
            9,
        );
        one(
            "IPADDR=10.7.0.128\nNETMASK=24\n",
            "ifcfg/invalid-netmask",
            E,
            2,
            9,
        );
    }

    #[test]
    fn invalid_mac() {
        one("HWADDR=00:0c:29:zz:00:01\n", "ifcfg/invalid-mac", E, 1, 8);
    }

    #[test]
    fn missing_prefix_explains_the_guess() {
        one("IPADDR=10.7.0.128\n", "ifcfg/missing-prefix", E, 1, 1);
        let f = &check("BOOTPROTO=none\nIPADDR1=10.7.0.128\n").findings[0];
        assert_eq!((f.span.line, f.span.column), (2, 1));
        assert!(f.message.contains("PREFIX1"), "{}", f.message);
        assert!(
            f.message.contains("/8") && f.message.contains("/32"),
            "{}",
            f.message
        );
        // The address is still recorded, without a prefix.
        assert!(check("IPADDR=10.7.0.128\n").facts.contains(&Fact::Address {
            addr: Ipv4Addr::new(10, 7, 0, 128),
            prefix: None,
            span: Span::new(1, 8, 10)
        }));
    }

    #[test]
    fn prefix_and_netmask_must_agree() {
        let text = "IPADDR=10.7.0.128\nPREFIX=24\nNETMASK=255.255.0.0\n";
        one(text, "ifcfg/prefix-mismatch", E, 3, 9);
        assert!(findings("IPADDR=10.7.0.128\nPREFIX=24\nNETMASK=255.255.255.0\n").is_empty());
    }

    #[test]
    fn expansions_are_not_checked() {
        assert!(findings("IPADDR=$ADDR\nPREFIX=\"${P}\"\n").is_empty());
    }

    /// NetworkManager's keys (its `nms_ifcfg_well_known_keys` table) are
    /// known: a wifi, 802.1X, DCB or VLAN file has no unknown-key warning.
    #[test]
    fn networkmanager_keys_are_known() {
        assert!(KNOWN_KEYS.is_sorted());
        for key in [
            "ESSID",
            "MODE",
            "KEY_MGMT",
            "CHANNEL",
            "IEEE_8021X_IDENTITY",
            "DCB_APP_FCOE_ENABLE",
            "VLAN_FLAGS",
            "MATCH_INTERFACE_NAME",
            "KEY1",
            "ROUTING_RULE_3",
            "NM_USER_NOTE",
        ] {
            assert!(is_known_key(key), "{key}");
        }
        assert!(!is_known_key("NM_USER_") && !is_known_key("ESSID2"));
        let text =
            "TYPE=Wireless\nESSID=cafe\nMODE=Managed\nKEY_MGMT=WPA-PSK\nCHANNEL=6\nBAND=bg\n";
        assert!(findings(text).is_empty(), "{:?}", findings(text));
    }

    /// `KEY=` unsets the key (NetworkManager's `svGetValueStr()`).
    #[test]
    fn empty_values_are_unset() {
        let report = check("IPADDR=\nGATEWAY=\nNETMASK=\nPREFIX=\nHWADDR=\nDNS1=\nMACADDR=\n");
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert!(report.facts.is_empty());
    }

    #[test]
    fn mac_addresses_infiniband_and_modes() {
        let ib = "80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c";
        assert!(findings(&format!("HWADDR={ib}\n")).is_empty());
        for mode in ["random", "permanent", "preserve", "stable", "stable-ssid"] {
            assert!(findings(&format!("MACADDR={mode}\n")).is_empty(), "{mode}");
        }
        one("HWADDR=random\n", "ifcfg/invalid-mac", E, 1, 8);
        let f = &check("MACADDR=randon\n").findings[0];
        assert!(f.help.as_deref().unwrap().contains("permanent"));
    }

    /// `DNSn` as `nm_dns_uri_parse()` reads it.
    #[test]
    fn dns_servers_as_networkmanager_reads_them() {
        for good in [
            "192.0.2.1",
            "192.0.2.1#dns.example",
            "2001:db8::53",
            "2001:db8::53#dns.example",
            "dns+tls://192.0.2.1",
            "dns+tls://192.0.2.1:853#dns.example",
            "dns+tls://[2001:db8::53]:853#dns.example",
            "dns+udp://[fe80::1%ens33]",
            "dns+udp://192.0.2.1:5353",
        ] {
            let report = check(&format!("DNS1={good}\n"));
            assert!(report.findings.is_empty(), "{good}: {:?}", report.findings);
        }
        for bad in [
            "192.0.2.1#",
            "dns.example",
            "dns+udp://192.0.2.1#dns.example",
            "dns+tls://2001:db8::53",
            "dns+tls://[2001:db8::53",
            "dns+udp://[2001:db8::1%ens33]",
            "dns+tls://192.0.2.1:0",
        ] {
            one(&format!("DNS1={bad}\n"), "ifcfg/invalid-address", E, 1, 6);
        }
        let report = check("DNS1=192.0.2.1#dns.example\nDNS2=2001:db8::53\n");
        assert_eq!(report.facts.len(), 2, "{:?}", report.facts);
    }

    /// `*` and `?` are placeholders only where a value cannot hold them.
    #[test]
    fn globs_in_text_and_patterns_are_not_placeholders() {
        assert!(findings("MATCH_INTERFACE_NAME=\"ens* eth? !veth*\"\n").is_empty());
        assert!(findings("WPA_PSK=\"who goes there?\"\nNAME=\"office *\"\n").is_empty());
        one(
            "HWADDR=00:0c:29:??:??:??\n",
            "ifcfg/unfilled-placeholder",
            E,
            1,
            17,
        );
    }

    /// An alias file takes its parent's prefix.
    #[test]
    fn an_alias_may_leave_the_prefix_to_its_parent() {
        assert!(findings("DEVICE=ens33:1\nIPADDR=10.7.0.129\n").is_empty());
        one(
            "DEVICE=ens33\nIPADDR=10.7.0.129\n",
            "ifcfg/missing-prefix",
            E,
            2,
            1,
        );
    }

    /// Only the first address's netmask is a fact (semantic compares every
    /// netmask with the first address); a netmask without its address
    /// gives none.
    #[test]
    fn netmask_facts_pair_with_their_address() {
        let text = "IPADDR0=10.7.0.128\nNETMASK0=255.255.255.0\nIPADDR1=172.16.0.5\nNETMASK1=255.255.0.0\nNETMASK7=255.0.0.0\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        let masks: Vec<&Fact> = report
            .facts
            .iter()
            .filter(|f| matches!(f, Fact::Netmask { .. }))
            .collect();
        assert_eq!(
            masks,
            [&Fact::Netmask {
                mask: Ipv4Addr::new(255, 255, 255, 0),
                span: Span::new(2, 10, 13)
            }]
        );
        assert!(crate::validate::semantic::check(&report.facts).is_empty());
    }

    /// Files NetworkManager's reader ignores whole.
    #[test]
    fn files_networkmanager_ignores() {
        one(
            "DEVICE=ibft0\nBOOTPROTO=ibft\nONBOOT=yes\n",
            "ifcfg/ignored",
            E,
            2,
            11,
        );
        one(
            "DEVICE=sit1\nIPV6INIT=yes\nIPV6TUNNELIPV4=192.0.2.9\n",
            "ifcfg/ignored",
            E,
            3,
            1,
        );
        assert!(findings("TYPE=IPIP6\nDEVICE=sit1\nIPV6TUNNELIPV4=192.0.2.9\n").is_empty());
    }

    #[test]
    fn wifi_values_networkmanager_refuses() {
        let long = "a".repeat(33);
        one(&format!("ESSID={long}\n"), "ifcfg/invalid-ssid", E, 1, 7);
        let hex33 = format!("0x{}", "61".repeat(33));
        one(&format!("ESSID={hex33}\n"), "ifcfg/invalid-ssid", E, 1, 7);
        assert!(findings(&format!("ESSID={}\n", "a".repeat(32))).is_empty());
        // `\"` is one byte once bash has read the quotes
        assert!(findings(&format!("ESSID=\"{}\\\"\"\n", "a".repeat(31))).is_empty());
        one("MODE=Station\n", "ifcfg/invalid-wifi", E, 1, 6);
        one("CHANNEL=300\n", "ifcfg/invalid-wifi", E, 1, 9);
        one("CHANNEL=9\nBAND=a\n", "ifcfg/invalid-wifi", E, 1, 9);
        one("CHANNEL=36\nBAND=bg\n", "ifcfg/invalid-wifi", E, 1, 9);
        assert_eq!(
            findings("CHANNEL=2\nBAND=6GHz\n"),
            vec![
                ("ifcfg/invalid-wifi", E, 1, 9),
                ("ifcfg/nm-version", W, 2, 6)
            ]
        );
        one("CHANNEL=6\nBAND=b\n", "ifcfg/invalid-wifi", E, 2, 6);
        // above 177 without a band: 1.42 takes band a and refuses a channel
        // its a_table lacks (189), 1.58 refuses them all
        one("CHANNEL=189\n", "ifcfg/invalid-wifi", E, 1, 9);
        one("CHANNEL=200\n", "ifcfg/invalid-wifi", E, 1, 9);
        // 1.42 reads 196 as band a (its test_write_wifi_ap_mode() writes
        // it), 1.58 refuses it: a warning; the 6 GHz band is 1.58's
        one("CHANNEL=196\n", "ifcfg/nm-version", W, 1, 9);
        one("CHANNEL=37\nBAND=6GHz\n", "ifcfg/nm-version", W, 2, 6);
        for ok in [
            "CHANNEL=6\nBAND=bg\n",
            "CHANNEL=36\nBAND=a\n",
            "CHANNEL=196\nBAND=a\n",
            "CHANNEL=36\n",
            "MODE=ad-hoc\n",
        ] {
            assert!(findings(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn team_config_is_json() {
        assert!(findings("TEAM_CONFIG='{\"runner\": {\"name\": \"lacp\"}}'\n").is_empty());
        one("TEAM_CONFIG='{ runner }'\n", "ifcfg/invalid-json", E, 1, 13);
        one(
            "TEAM_PORT_CONFIG='{\"prio\": }'\n",
            "ifcfg/invalid-json",
            E,
            1,
            18,
        );
    }

    #[test]
    fn dcb_arrays_networkmanager_refuses() {
        let on = "DCB=yes\nDCB_PG_ENABLE=yes\nDCB_PFC_ENABLE=yes\n";
        for ok in [
            "DCB_PG_ID=0000111f\n",
            "DCB_PG_PCT=25,25,25,25,0,0,0,0\n",
            "DCB_PG_UPPCT=100,100,100,100,100,100,100,100\n",
            "DCB_PG_STRICT=01000000\n",
            "DCB_PG_UP2TC=01234567\n",
            "DCB_PFC_UP=10000001\n",
        ] {
            let text = format!("{on}{ok}");
            assert!(findings(&text).is_empty(), "{text}");
        }
        for bad in [
            "DCB_PG_STRICT=0100000\n",
            "DCB_PG_STRICT=01000020\n",
            "DCB_PG_UP2TC=0123456f\n",
            "DCB_PG_ID=0000111g\n",
            "DCB_PG_PCT=25,25,25,25,1,0,0,0\n",
            "DCB_PG_PCT=25,25,25,25\n",
            "DCB_PG_UPPCT=100,100,100,100,100,100,100,101\n",
            "DCB_PFC_UP=1\n",
        ] {
            one(
                &format!("{on}{bad}"),
                "ifcfg/invalid-dcb",
                E,
                4,
                bad.find('=').unwrap() + 2,
            );
        }
        // ignored (with a warning from NetworkManager) while the feature is off
        assert!(findings("DCB=yes\nDCB_PG_STRICT=2\n").is_empty());
        assert!(findings("DCB_PG_ENABLE=yes\nDCB_PG_STRICT=2\n").is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "=",
            "\\",
            "\"",
            "'",
            "A=\\",
            "A=\"\\",
            "键=值",
            "IPADDR=键\nPREFIX=",
            "\r\n",
            "A=1;;;B",
            "PREFIX=99999999999",
            "IPADDR=\n",
            "#",
            "A=(",
            "NAME=a\\\nb",
        ] {
            let _ = check(text);
        }
    }
}

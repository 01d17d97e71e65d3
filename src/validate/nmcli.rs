//! `nmcli` command lines inside shell snippets (nmcli(1),
//! nm-settings-nmcli(5)), checked the way nmcli itself reads them.
//!
//! [`super::shell`] finds each `nmcli …` (or `sudo nmcli …`) command, unquotes
//! its words as bash would, and hands them here. What nmcli does, from
//! `src/nmcli/connections.c` and `src/libnmc-setting/nm-meta-setting-desc.c`:
//!
//! - objects and commands match by prefix, the first in nmcli's table winning
//!   (`c` is `connection`, `mod` and `m` are `modify`); anything else is
//!   `Error: argument '…' not understood`;
//! - `connection add` and `connection modify` take `[+|-]SETTING.PROPERTY
//!   VALUE` pairs, or property aliases (`ip4`, `gw4`, `con-name`, `ifname`…).
//!   A setting or property may be any unambiguous prefix of a real name
//!   (`ipv4.addr`), else `Error: invalid or not allowed setting` or
//!   `Error: invalid property`; a property without a value is `Error: value
//!   for '…' is missing`;
//! - `ipv4.addresses` is split on `,` only; an address without `/PREFIX` is
//!   taken as a /32 ("Missing prefix is regarded as prefix of 32"), so the
//!   subnet's other machines and the gateway are not on the link;
//! - `ipv4.dns` is split on `,` and blanks; `ipv4.gateway` is one address;
//!   `ipv4.method` is one of its values or an unambiguous prefix (and
//!   `static`, silently read as `manual`);
//! - the profile is verified at the end: `method manual` without any address
//!   fails (`ipv4.addresses: this property cannot be empty for
//!   'method=manual'`).
//!
//! | rule | severity | nmcli |
//! |---|---|---|
//! | `nmcli/unknown-command` | error | `Error: argument '…' not understood` |
//! | `nmcli/invalid-setting` | error | `Error: invalid or not allowed setting '…'` |
//! | `nmcli/invalid-property` | error | `Error: invalid property '…'` / `invalid <setting>.<property>` |
//! | `nmcli/missing-value` | error | `Error: value for '…' is missing.` |
//! | `nmcli/invalid-method` | error | `'…' not among [auto, link-local, manual, shared, disabled]` |
//! | `nmcli/invalid-address` | error | `invalid IP address` / `invalid prefix` |
//! | `nmcli/missing-prefix` | error | silent: the address becomes a /32 |
//! | `nmcli/invalid-gateway` | error | `invalid gateway address '…'` |
//! | `nmcli/invalid-dns` | error | `invalid IPv4 address '…'` |
//! | `nmcli/invalid-boolean` | error | `'…' is not valid; use [true, false]` |
//! | `nmcli/manual-without-address` | error on `add`, warning on `modify` | verification fails |
//!
//! Facts: each IPv4 address (with its prefix when written), gateway and DNS
//! server, for [`super::semantic`] and the reader's subnet.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Fact, Finding, Span, interfaces::closest, nmconnection};

/// One word of the command line, unquoted as bash passes it to nmcli.
#[derive(Debug, Clone)]
pub(crate) struct Arg {
    /// The word's value, or `None` when bash expands it (`$X`, `` `…` ``),
    /// so that only the running shell knows it.
    pub value: Option<String>,
    /// The span of each character of `value`, in the snippet.
    pub chars: Vec<Span>,
    /// The whole word as written, quotes included.
    pub span: Span,
}

impl Arg {
    /// The span of characters `start..end` of the value.
    fn part(&self, start: usize, end: usize) -> Span {
        let (Some(first), Some(last)) = (
            self.chars.get(start),
            self.chars.get(end.saturating_sub(1).max(start)),
        ) else {
            return self.span;
        };
        if first.line == last.line && last.column >= first.column {
            Span::new(
                first.line,
                first.column,
                last.column + last.len - first.column,
            )
        } else {
            *first
        }
    }
}

/// The first of `names` that `word` is a prefix of, as nmcli's
/// `matches()` picks commands.
fn command<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
    if word.is_empty() {
        return None;
    }
    names.iter().copied().find(|n| n.starts_with(word))
}

/// nmcli's `nmc_string_is_valid()`: an exact name, or a prefix of exactly
/// one name. `Err(candidates)` lists the names it is a prefix of (empty when
/// none).
fn unique<'a>(word: &str, names: &[&'a str]) -> Result<&'a str, Vec<&'a str>> {
    if let Some(exact) = names.iter().find(|n| **n == word) {
        return Ok(exact);
    }
    let hits: Vec<&str> = if word.is_empty() {
        Vec::new()
    } else {
        names
            .iter()
            .copied()
            .filter(|n| n.starts_with(word))
            .collect()
    };
    match hits.as_slice() {
        [one] => Ok(one),
        _ => Err(hits),
    }
}

/// Global options that take a value (`-f FIELDS`); matched by prefix.
const OPTIONS_WITH_VALUE: [&str; 6] = ["mode", "colors", "fields", "get-values", "escape", "wait"];

const OBJECTS: [&str; 7] = [
    "general",
    "monitor",
    "networking",
    "radio",
    "connection",
    "device",
    "agent",
];

const CONNECTION_COMMANDS: [&str; 14] = [
    "show", "up", "down", "add", "edit", "delete", "reload", "load", "modify", "clone", "import",
    "export", "migrate", "monitor",
];

/// nmcli's setting names and their aliases (`nm_meta_setting_infos_editor`).
const SETTINGS: &str = "6lowpan 802-1x adsl bluetooth bond bond-port bridge bridge-port cdma \
     connection dcb dummy 802-3-ethernet ethernet generic geneve gsm hostname hsr infiniband ipv4 \
     ipv6 ip-tunnel ipvlan link loopback macsec macvlan match 802-11-olpc-mesh olpc-mesh \
     ovs-bridge ovs-dpdk ovs-external-ids ovs-interface ovs-other-config ovs-patch ovs-port ppp \
     pppoe prefix-delegation proxy serial sriov tc team team-port tun veth vlan vpn vrf vxlan \
     wifi-p2p wimax 802-11-wireless wifi 802-11-wireless-security wifi-sec wireguard wpan \
     ethtool user";

/// nmcli's `ipv4` and `ipv6` properties (`property_infos_IP4_CONFIG`,
/// `property_infos_IP6_CONFIG`).
const IP_PROPERTIES: &str = "method dns dns-search dns-options dns-priority addresses gateway \
     routes route-metric route-table routing-rules replace-local-rule dhcp-send-release \
     routed-dns ignore-auto-routes ignore-auto-dns dhcp-iaid dhcp-dscp dhcp-timeout \
     dhcp-send-hostname dhcp-send-hostname-v2 forwarding dhcp-hostname dhcp-hostname-flags \
     never-default may-fail required-timeout dhcp-reject-servers auto-route-ext-gw \
     shared-dhcp-range shared-dhcp-lease-time";
const IP4_PROPERTIES: &str = "dhcp-client-id dhcp-fqdn dad-timeout dhcp-vendor-class-identifier \
     dhcp-ipv6-only-preferred clat link-local";
const IP6_PROPERTIES: &str = "ip6-privacy temp-valid-lifetime temp-preferred-lifetime \
     addr-gen-mode ra-timeout mtu dhcp-duid dhcp-pd-hint token";

/// Property aliases `add` and `modify` accept (`.property_alias`), and the
/// property the ones this module checks stand for.
const ALIASES: &str = "addr ageing-time apn arp-interval arp-ip-target autoconnect browser-only \
     bt-type cak channel ckn cloned-mac con-name config controller destination-port dev \
     dhcp-anycast downdelay egress encapsulation encrypt flags forward-delay group \
     group-forward-mask gw4 gw6 hairpin hello-time id ifname ingress ip4 ip6 lacp-rate local mac \
     master max-age method miimon mode mtu multi-queue multicast-snooping multicast-spec nsp \
     owner p-key pac-script pac-url page pan-id parent password path-cost peer pi port port-type \
     port1 port2 primary prio priority protocol queue-id remote service short-addr slave-type \
     source-port-max source-port-min ssid stp table tap transport-mode type updelay user \
     username vnet-hdr vpn-type";

fn alias_target(alias: &str) -> Option<(&'static str, &'static str)> {
    Some(match alias {
        "ip4" => ("ipv4", "addresses"),
        "gw4" => ("ipv4", "gateway"),
        "ip6" => ("ipv6", "addresses"),
        "gw6" => ("ipv6", "gateway"),
        "autoconnect" => ("connection", "autoconnect"),
        _ => return None,
    })
}

/// `connection add` options that are not properties.
const ADD_OPTIONS: [&str; 2] = ["save", "--"];

/// The properties nmcli knows for `setting` (canonical name), or `None`
/// when this module does not check that setting's property names.
fn properties(setting: &str) -> Option<Vec<&'static str>> {
    match setting {
        "ipv4" => Some(
            IP_PROPERTIES
                .split_whitespace()
                .chain(IP4_PROPERTIES.split_whitespace())
                .collect(),
        ),
        "ipv6" => Some(
            IP_PROPERTIES
                .split_whitespace()
                .chain(IP6_PROPERTIES.split_whitespace())
                .collect(),
        ),
        "connection" | "ethernet" | "802-3-ethernet" => {
            nmconnection::setting_keys(setting).map(|keys| keys.split_whitespace().collect())
        }
        _ => None,
    }
}

/// The canonical name nmcli stores a setting under, for the ones checked.
fn canonical(setting: &str) -> &str {
    match setting {
        "ethernet" => "802-3-ethernet",
        "wifi" => "802-11-wireless",
        "wifi-sec" => "802-11-wireless-security",
        "olpc-mesh" => "802-11-olpc-mesh",
        other => other,
    }
}

/// What one command line set, for the checks at its end.
#[derive(Default)]
struct Profile {
    manual4: Option<Span>,
    addresses4: bool,
}

/// Checks the words after `nmcli`, adding findings and facts.
pub(crate) fn check(args: &[Arg], out: &mut Vec<Finding>, facts: &mut Vec<Fact>) {
    let mut i = 0;
    // Global options.
    while let Some(arg) = args.get(i) {
        let Some(value) = &arg.value else { return };
        let Some(name) = value.strip_prefix("--").or_else(|| value.strip_prefix('-')) else {
            break;
        };
        i += 1;
        if !name.is_empty() && OPTIONS_WITH_VALUE.iter().any(|o| o.starts_with(name)) {
            i += 1;
        }
    }
    let Some(object) = args.get(i) else { return };
    let Some(word) = &object.value else { return };
    let Some(object_name) = command(word, &OBJECTS) else {
        if !matches!(word.as_str(), "help" | "h") {
            out.push(not_understood(object, word, &OBJECTS));
        }
        return;
    };
    if object_name != "connection" {
        return;
    }
    let Some(sub) = args.get(i + 1) else { return };
    let Some(word) = &sub.value else { return };
    if matches!(word.as_str(), "help" | "--help" | "-h") {
        return;
    }
    let Some(sub_name) = command(word, &CONNECTION_COMMANDS) else {
        out.push(not_understood(sub, word, &CONNECTION_COMMANDS));
        return;
    };
    let rest = &args[i + 2..];
    match sub_name {
        "modify" => {
            // [--temporary] [id|uuid|path] ID, then the properties.
            let mut j = 0;
            while rest
                .get(j)
                .and_then(|a| a.value.as_deref())
                .is_some_and(|v| v.starts_with("--"))
            {
                j += 1;
            }
            if rest
                .get(j)
                .and_then(|a| a.value.as_deref())
                .is_some_and(|v| matches!(v, "id" | "uuid" | "path"))
            {
                j += 1;
            }
            properties_of(&rest[(j + 1).min(rest.len())..], false, out, facts);
        }
        "add" => properties_of(rest, true, out, facts),
        _ => {}
    }
}

fn not_understood(arg: &Arg, word: &str, names: &[&str]) -> Finding {
    let mut f = Finding::error(
        "nmcli/unknown-command",
        arg.span,
        format!("nmcli does not know `{word}` here (`Error: argument '{word}' not understood`)"),
    );
    f = match closest(word, names.iter().copied()) {
        Some(best) => f.help(format!("did you mean `{best}`?")),
        None => f.help(format!("nmcli takes one of: {}", names.join(", "))),
    };
    f
}

/// The `[+|-]SETTING.PROPERTY VALUE` pairs of `add` or `modify`.
fn properties_of(args: &[Arg], add: bool, out: &mut Vec<Finding>, facts: &mut Vec<Fact>) {
    let settings: Vec<&str> = SETTINGS.split_whitespace().collect();
    let aliases: Vec<&str> = ALIASES.split_whitespace().collect();
    let mut profile = Profile::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let Some(word) = &arg.value else {
            // The name is not known before the shell runs: nor is the rest.
            return;
        };
        let (modifier, name) = match word.chars().next() {
            Some(c @ ('+' | '-')) if word.len() > 1 && !word.starts_with("--") => {
                (Some(c), &word[1..])
            }
            _ => (None, word.as_str()),
        };
        let name_start = usize::from(modifier.is_some());
        if add && ADD_OPTIONS.contains(&name) {
            i += 1;
            continue;
        }
        let stray = name.starts_with(|c: char| c.is_ascii_digit())
            && (name.parse::<IpAddr>().is_ok() || name.contains('/'));
        let target = if !stray && let Some((setting, property)) = name.split_once('.') {
            let setting_span = arg.part(name_start, name_start + setting.chars().count());
            let prop_start = name_start + setting.chars().count() + 1;
            let prop_span = arg.part(prop_start, prop_start + property.chars().count());
            let Some(value) = args.get(i) else {
                out.push(missing_value(arg, word));
                return;
            };
            i += 1;
            let setting = match unique(setting, &settings) {
                Ok(s) => canonical(s),
                Err(hits) => {
                    out.push(invalid_setting(setting, setting_span, &hits, &settings));
                    continue;
                }
            };
            let property = match properties(setting) {
                Some(known) => match unique(property, &known) {
                    Ok(p) => p,
                    Err(hits) => {
                        out.push(invalid_property(
                            setting, property, prop_span, &hits, &known,
                        ));
                        continue;
                    }
                },
                None => continue,
            };
            (setting, property, value)
        } else {
            if stray || !aliases.contains(&name) {
                let mut f = Finding::error(
                    "nmcli/invalid-property",
                    arg.span,
                    format!(
                        "`{word}` is neither SETTING.PROPERTY nor a property alias (`Error: invalid <setting>.<property> '{word}'.`)"
                    ),
                );
                f = if stray {
                    f.help("a stray value: quote a value with blanks, and give the gateway as its own property (`ipv4.gateway ADDRESS`)")
                } else if let Some(best) = closest(name, aliases.iter().copied()) {
                    f.help(format!("did you mean `{best}`?"))
                } else {
                    f.help("name the property as SETTING.PROPERTY, e.g. `ipv4.addresses`")
                };
                out.push(f);
                return;
            }
            let Some(value) = args.get(i) else {
                out.push(missing_value(arg, word));
                return;
            };
            i += 1;
            match alias_target(name) {
                Some((setting, property)) => (setting, property, value),
                None => continue,
            }
        };
        let (setting, property, value) = target;
        if modifier == Some('-') {
            continue;
        }
        let Some(text) = &value.value else { continue };
        if text.is_empty() {
            // `""` resets the property to its default.
            continue;
        }
        check_value(setting, property, value, text, &mut profile, out, facts);
    }
    if let Some(span) = profile.manual4
        && !profile.addresses4
    {
        let message = "`ipv4.method manual` needs an address: NetworkManager refuses the profile without one (`ipv4.addresses: this property cannot be empty for 'method=manual'`)";
        let help = "set `ipv4.addresses 192.168.x.y/24` in the same command";
        out.push(if add {
            Finding::error("nmcli/manual-without-address", span, message).help(help)
        } else {
            Finding::warning("nmcli/manual-without-address", span, message).help(
                "unless the profile already has an address, set `ipv4.addresses` in the same command",
            )
        });
    }
}

fn missing_value(arg: &Arg, word: &str) -> Finding {
    Finding::error(
        "nmcli/missing-value",
        arg.span,
        format!("`{word}` has no value (`Error: value for '{word}' is missing.`)"),
    )
    .help("give the value after the property; `\"\"` resets it to the default")
}

fn invalid_setting(word: &str, span: Span, hits: &[&str], all: &[&str]) -> Finding {
    let f = Finding::error(
        "nmcli/invalid-setting",
        span,
        if hits.is_empty() {
            format!(
                "nmcli has no setting `{word}` (`Error: invalid or not allowed setting '{word}'`)"
            )
        } else {
            format!(
                "`{word}` is ambiguous: it begins {} (`Error: invalid or not allowed setting '{word}'`)",
                hits.join(" and ")
            )
        },
    );
    match closest(word, all.iter().copied()) {
        Some(best) if hits.is_empty() => f.help(format!("did you mean `{best}`?")),
        _ => f.help("write the setting's name, e.g. `ipv4`, `ipv6`, `connection`"),
    }
}

fn invalid_property(
    setting: &str,
    word: &str,
    span: Span,
    hits: &[&str],
    known: &[&str],
) -> Finding {
    let f = Finding::error(
        "nmcli/invalid-property",
        span,
        if hits.is_empty() {
            format!(
                "the `{setting}` setting has no property `{word}` (`Error: invalid property '{word}'`)"
            )
        } else {
            format!(
                "`{setting}.{word}` is ambiguous: it begins {} (`Error: invalid property '{word}'`)",
                hits.join(" and ")
            )
        },
    );
    match closest(word, known.iter().copied()) {
        Some(best) if hits.is_empty() => f.help(format!("did you mean `{setting}.{best}`?")),
        _ if !hits.is_empty() => f.help(format!("write it out: `{setting}.{}`", hits[0])),
        _ => f.help(format!(
            "see `man nm-settings-nmcli` for the `{setting}` properties"
        )),
    }
}

/// Checks one property's value.
fn check_value(
    setting: &str,
    property: &str,
    arg: &Arg,
    text: &str,
    profile: &mut Profile,
    out: &mut Vec<Finding>,
    facts: &mut Vec<Fact>,
) {
    let v6 = setting == "ipv6";
    match (setting, property) {
        ("ipv4" | "ipv6", "method") => {
            let methods: &[&str] = if v6 {
                &[
                    "ignore",
                    "auto",
                    "dhcp",
                    "link-local",
                    "manual",
                    "shared",
                    "disabled",
                ]
            } else {
                &["auto", "link-local", "manual", "shared", "disabled"]
            };
            let read = if text.len() > 1 && "static".starts_with(text) {
                Ok("manual")
            } else {
                unique(text, methods)
            };
            match read {
                Ok(m) => {
                    if !v6 && m == "manual" {
                        profile.manual4 = Some(arg.span);
                    }
                }
                Err(_) => out.push(
                    Finding::error(
                        "nmcli/invalid-method",
                        arg.span,
                        format!(
                            "`{text}` is not an {setting}.method (`'{text}' not among [{}]`)",
                            methods.join(", ")
                        ),
                    )
                    .help("a static address is `manual`; DHCP is `auto`"),
                ),
            }
        }
        ("ipv4" | "ipv6", "addresses") => {
            for (start, item) in split(text, |c| c == ',') {
                let span = arg.part(start, start + item.chars().count());
                address(item, span, v6, out, facts);
                if !v6 {
                    profile.addresses4 = true;
                }
            }
        }
        ("ipv4" | "ipv6", "gateway") => {
            let item = text.trim();
            match parse(item, v6) {
                Some(IpAddr::V4(addr)) => facts.push(Fact::Gateway {
                    addr,
                    span: arg.span,
                }),
                Some(IpAddr::V6(_)) => {}
                None => out.push(
                    Finding::error(
                        "nmcli/invalid-gateway",
                        arg.span,
                        format!(
                            "`{item}` is not an {} address (`invalid gateway address '{item}'`)",
                            family(v6)
                        ),
                    )
                    .help("the gateway is one address, without a prefix: e.g. `192.168.x.2`"),
                ),
            }
        }
        ("ipv4" | "ipv6", "dns") => {
            for (start, item) in split(text, |c| c == ',' || c == ' ' || c == '\t') {
                let span = arg.part(start, start + item.chars().count());
                // `ADDRESS#SERVER-NAME` names the server for DNS over TLS.
                let addr = item.split('#').next().unwrap_or(item);
                match parse(addr, v6) {
                    Some(addr) => facts.push(Fact::Nameserver { addr, span }),
                    None => out.push(
                        Finding::error(
                            "nmcli/invalid-dns",
                            span,
                            format!("`{item}` is not an {} address of a DNS server", family(v6)),
                        )
                        .help("list the servers' addresses, separated by blanks or commas"),
                    ),
                }
            }
        }
        ("connection", "autoconnect") => {
            let yes = ["true", "yes", "on", "1"];
            let no = ["false", "no", "off", "0"];
            let all: Vec<&str> = yes.iter().chain(no.iter()).copied().collect();
            if unique(&text.to_ascii_lowercase(), &all).is_err() {
                out.push(
                    Finding::error(
                        "nmcli/invalid-boolean",
                        arg.span,
                        format!("`{text}` is not a boolean for connection.autoconnect"),
                    )
                    .help("use yes or no"),
                );
            }
        }
        _ => {}
    }
}

fn family(v6: bool) -> &'static str {
    if v6 { "IPv6" } else { "IPv4" }
}

fn parse(text: &str, v6: bool) -> Option<IpAddr> {
    if v6 {
        text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

/// The non-empty items of `text` split on `sep`, stripped, with the
/// character index where each starts.
fn split(text: &str, sep: impl Fn(char) -> bool) -> Vec<(usize, &str)> {
    let mut items = Vec::new();
    let mut from = (0, 0);
    let ends = text
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| sep(*c))
        .map(|(n, (b, c))| (n, b, c.len_utf8()))
        .chain(std::iter::once((text.chars().count(), text.len(), 0)));
    for (n, b, len) in ends {
        let piece = &text[from.1..b];
        let lead = piece.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            items.push((from.0 + lead, trimmed));
        }
        from = (n + 1, b + len);
    }
    items
}

/// One item of `ipv4.addresses`: `ADDRESS[/PREFIX]`.
fn address(item: &str, span: Span, v6: bool, out: &mut Vec<Finding>, facts: &mut Vec<Fact>) {
    let max = if v6 { 128 } else { 32 };
    let (addr_text, prefix_text) = match item.split_once('/') {
        Some((a, p)) => (a.trim(), Some(p)),
        None => (item, None),
    };
    let prefix = match prefix_text {
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= max => Some(n),
            _ => {
                let mut f = Finding::error(
                    "nmcli/invalid-address",
                    span,
                    format!(
                        "`{p}` is not a prefix length (`invalid prefix '{p}'; <0-{max}> allowed`)"
                    ),
                );
                f = if p.contains(char::is_whitespace) {
                    f.help("addresses are separated by commas; the gateway is its own property (`ipv4.gateway ADDRESS`)")
                } else {
                    f.help(format!("write the prefix length, 0 to {max}: e.g. `/24`"))
                };
                out.push(f);
                return;
            }
        },
        None => None,
    };
    let Some(addr) = parse(addr_text, v6) else {
        let mut f = Finding::error(
            "nmcli/invalid-address",
            span,
            format!(
                "`{addr_text}` is not an {} address (`invalid IP address`)",
                family(v6)
            ),
        );
        f = if addr_text.contains(char::is_whitespace) {
            f.help("addresses are separated by commas, not blanks")
        } else {
            f.help("write the address as ADDRESS/PREFIX, e.g. `192.168.x.y/24`")
        };
        out.push(f);
        return;
    };
    let IpAddr::V4(addr) = addr else { return };
    if prefix.is_none() {
        out.push(
            Finding::error(
                "nmcli/missing-prefix",
                span,
                format!("`{item}` has no prefix length: nmcli takes it as {item}/32, an address alone on its link"),
            )
            .help(format!("write the subnet's prefix: `{item}/24` for a 255.255.255.0 netmask")),
        );
    }
    facts.push(Fact::Address { addr, prefix, span });
}

#[cfg(test)]
mod tests {
    use crate::validate::{Fact, Format, Severity, check};

    fn rules(text: &str) -> Vec<(&'static str, Severity)> {
        check(Format::Shell, text)
            .findings
            .iter()
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    fn clean(text: &str) {
        assert_eq!(rules(text), vec![], "{text}");
    }

    #[test]
    fn the_guide_s_commands_are_clean_and_give_facts() {
        let text = "sudo nmcli connection modify ens33 ipv4.method manual ipv4.addresses 192.168.10.100/24 ipv4.gateway 192.168.10.2 ipv4.dns \"192.168.10.2 114.114.114.114\"\nsudo nmcli connection up ens33\n";
        let report = check(Format::Shell, text);
        assert_eq!(report.findings, vec![]);
        assert_eq!(report.facts.len(), 4, "{:#?}", report.facts);
        let Fact::Address { addr, prefix, span } = &report.facts[0] else {
            panic!("{:#?}", report.facts);
        };
        assert_eq!(
            (addr.to_string(), *prefix),
            ("192.168.10.100".into(), Some(24))
        );
        assert_eq!((span.line, span.column, span.len), (1, 70, 17));
        let Fact::Nameserver { span, .. } = &report.facts[3] else {
            panic!("{:#?}", report.facts);
        };
        // Inside the quotes: the second server.
        assert_eq!((span.line, span.column, span.len), (1, 137, 15));
        for ok in [
            "nmcli con mod ens33 ipv4.addr 10.0.0.5/24 ipv4.meth man",
            "nmcli c m ens33 +ipv4.dns 8.8.8.8,1.1.1.1",
            "nmcli -t -f NAME connection show",
            "nmcli connection add type ethernet con-name lab ifname ens33 ip4 10.0.0.5/24 gw4 10.0.0.2",
            "nmcli con mod ens33 ipv4.method static ipv4.addresses 10.0.0.5/24",
            "nmcli con mod ens33 -ipv4.dns 0 ipv4.gateway ''",
            "nmcli con mod \"$NAME\" ipv4.addresses \"$ADDR\"",
            "nmcli device status; nmcli general hostname vm1",
            "nmcli con mod ens33 802-3-ethernet.mtu 1400 ethernet.mac-address 00:0c:29:00:00:01 connection.autoconnect yes",
            "nmcli con mod ens33 wifi-sec.psk secret vpn.data x=1",
        ] {
            clean(ok);
        }
    }

    #[test]
    fn wrong_commands_settings_and_properties() {
        use Severity::Error;
        for (text, rule) in [
            ("nmcli connexion show", "nmcli/unknown-command"),
            (
                "nmcli con modfy ens33 ipv4.method auto",
                "nmcli/unknown-command",
            ),
            (
                "nmcli con mod ens33 ip4.addresses 10.0.0.5/24",
                "nmcli/invalid-setting",
            ),
            (
                "nmcli con mod ens33 ipv.method auto",
                "nmcli/invalid-setting",
            ),
            (
                "nmcli con mod ens33 ipv4.gatway 10.0.0.2",
                "nmcli/invalid-property",
            ),
            (
                "nmcli con mod ens33 ipv4.d 10.0.0.2",
                "nmcli/invalid-property",
            ),
            ("nmcli con mod ens33 ipv4.gateway", "nmcli/missing-value"),
            (
                "nmcli con mod ens33 ipv4.method manuel ipv4.addresses 10.0.0.5/24",
                "nmcli/invalid-method",
            ),
            (
                "nmcli con mod ens33 ipv4.addresses 10.0.0.5/24 10.0.0.2",
                "nmcli/invalid-property",
            ),
            (
                "nmcli con mod ens33 ipv4.addresses '10.0.0.5/24 10.0.0.2'",
                "nmcli/invalid-address",
            ),
            (
                "nmcli con mod ens33 ipv4.addresses 10.0.0.500/24",
                "nmcli/invalid-address",
            ),
            (
                "nmcli con mod ens33 ipv4.addresses 10.0.0.5/33",
                "nmcli/invalid-address",
            ),
            (
                "nmcli con mod ens33 ipv4.addresses 10.0.0.5",
                "nmcli/missing-prefix",
            ),
            (
                "nmcli con mod ens33 ipv4.gateway 10.0.0.2/24",
                "nmcli/invalid-gateway",
            ),
            (
                "nmcli con mod ens33 ipv4.dns \"8.8.8.8;8.8.4.4\"",
                "nmcli/invalid-dns",
            ),
            (
                "nmcli con mod ens33 connection.autoconnect maybe",
                "nmcli/invalid-boolean",
            ),
            (
                "nmcli con add type ethernet ifname ens33 ipv4.method manual",
                "nmcli/manual-without-address",
            ),
            (
                "sudo nmcli con mod ens33 ipv4.gatway 10.0.0.2",
                "nmcli/invalid-property",
            ),
        ] {
            assert_eq!(rules(text), vec![(rule, Error)], "{text}");
        }
        assert_eq!(
            rules("nmcli con mod ens33 ipv4.method manual"),
            vec![("nmcli/manual-without-address", Severity::Warning)]
        );
    }

    #[test]
    fn the_reader_s_subnet_rules_apply_to_the_facts() {
        let report = check(
            Format::Shell,
            "nmcli con mod ens33 ipv4.addresses 10.0.0.0/24 ipv4.gateway 10.0.1.2",
        );
        let semantic: Vec<&str> = crate::validate::semantic::check(&report.facts)
            .iter()
            .map(|f| f.rule)
            .collect();
        assert_eq!(
            semantic,
            vec![
                "semantic/network-address",
                "semantic/gateway-outside-subnet"
            ]
        );
    }
}

//! The value handlers of netplan 0.106 that check more than a type: wake-on-
//! WLAN flags, IPv6 tokens, type of service, ARP targets, bridge port maps,
//! tunnel keys, WireGuard endpoints and allowed IPs, VXLAN port ranges and
//! the OpenVSwitch settings (`src/parse.c`, the handler named in each doc).

use std::net::IpAddr;

use super::{
    ADDRESS, Backend, Ctx, Family, Field, INVALID_VALUE, Kind, NEWER_KEY, Node, OPENVSWITCH,
    RENDERER, ROUTING_POLICY, Reference, TUNNEL_RULE, Ty, WIREGUARD, Walker, parse_ip,
    parse_prefix, parse_uint,
};
use crate::validate::{Finding, Span};

/// `NETPLAN_WIFI_WOWLAN_TYPES`, matched without case.
const WOWLAN: &[&str] = &[
    "default",
    "any",
    "disconnect",
    "magic_pkt",
    "gtk_rekey_failure",
    "eap_identity_req",
    "four_way_handshake",
    "rfkill_release",
    "tcp",
];

/// `handle_ovs_protocol`.
const OVS_PROTOCOLS: &[&str] = &[
    "OpenFlow10",
    "OpenFlow11",
    "OpenFlow12",
    "OpenFlow13",
    "OpenFlow14",
    "OpenFlow15",
    "OpenFlow16",
];

const OVS_SSL: &[Field] = &[
    super::f("ca-cert", Ty::Str),
    super::f("certificate", Ty::Str),
    super::f("private-key", Ty::Str),
];

/// `is_wireguard_key`: 44 characters of base64 ending in one `=`.
pub(super) fn is_wireguard_key(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 44
        && b[43] == b'='
        && b[42] != b'='
        && b[..43]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

/// `is_hostname`: dot-separated labels of letters, digits and inner `-`.
fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// `validate_ovs_target`: `tcp:`/`ssl:` take `host[:port]`, `ptcp:`/`pssl:`
/// take `[port][:host]`; hosts are IPs (v6 in brackets, with an optional
/// `%zone`), ports 1 to 65535 (6653 when left out).
fn is_ovs_target(host_first: bool, rest: &str) -> bool {
    let (host, port): (Option<&str>, &str) = if host_first {
        if let Some(v6) = rest.strip_prefix('[') {
            match v6.rsplit_once("]:") {
                Some((h, p)) => (Some(h), p),
                None => (Some(v6), "6653"),
            }
        } else {
            match rest.split_once(':') {
                Some((h, p)) => (Some(h), p),
                None => (Some(rest), "6653"),
            }
        }
    } else if rest.is_empty() {
        (None, "6653")
    } else {
        match rest.split_once(':') {
            Some((p, h)) => (Some(h.trim_start_matches('[').trim_end_matches(']')), p),
            None => (None, rest),
        }
    };
    let host = host.map(|h| h.split('%').next().unwrap_or(h));
    // atoi: the leading digits.
    let digits: String = port.chars().take_while(char::is_ascii_digit).collect();
    let port_ok = digits
        .parse::<u32>()
        .is_ok_and(|p| (1..=65535).contains(&p));
    port_ok && host.is_none_or(|h| parse_ip(h).is_some())
}

impl Walker {
    /// `Ty::Versioned`: a value only newer netplan knows warns.
    pub(super) fn versioned(
        &mut self,
        node: &Node,
        values: &[(&str, Option<&str>)],
        message: &str,
    ) {
        let Some(s) = self.scalar(node) else { return };
        match values.iter().find(|(v, _)| *v == s) {
            Some((_, None)) => {}
            Some((_, Some(since))) => self.push(
                Finding::warning(
                    NEWER_KEY,
                    node.span,
                    format!("'{s}' needs netplan {since} or later"),
                )
                .help(format!(
                    "netplan 0.106 (Debian 12, Ubuntu 23.04) rejects it: `{}`",
                    message.replace("{}", s)
                )),
            ),
            None => {
                let known: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
                self.push(
                    Finding::error(INVALID_VALUE, node.span, message.replace("{}", s))
                        .help(format!("expected one of: {}", known.join(", "))),
                );
            }
        }
    }

    /// `handle_wowlan`: known flags, and `default` only alone.
    pub(super) fn wowlan(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        let mut flags = Vec::new();
        for item in items {
            let Some(s) = self.scalar(item) else { continue };
            match WOWLAN.iter().find(|w| w.eq_ignore_ascii_case(s)) {
                Some(w) => flags.push(*w),
                None => {
                    self.push(
                        Finding::error(
                            INVALID_VALUE,
                            item.span,
                            format!("invalid value for wakeonwlan: '{s}'"),
                        )
                        .help(format!("expected some of: {}", WOWLAN.join(", "))),
                    );
                    return;
                }
            }
        }
        if flags.contains(&"default") && flags.iter().any(|f| *f != "default") {
            let help = "`default` keeps the driver's setting; list other triggers without it";
            self.push(
                Finding::error(
                    INVALID_VALUE,
                    node.span,
                    "'default' is an exclusive flag for wakeonwlan",
                )
                .help(help),
            );
        } else if flags.contains(&"tcp")
            && let Some(ctx) = ctx
            && ctx.group == "wifis"
        {
            // append_wifi_wowlan_flags (networkd.c) has no `tcp`.
            let finding = Finding::error(
                RENDERER,
                node.span,
                "unsupported wowlan_triggers mask: wpa_supplicant has no `tcp` trigger",
            )
            .help("networkd's wpa_supplicant config cannot carry `tcp`; drop it, or use `renderer: NetworkManager`");
            self.defer(ctx.device, Backend::Networkd, finding);
        }
    }

    /// `handle_netdef_addrtok`.
    pub(super) fn ipv6_token(&mut self, node: &Node) {
        if let Some(s) = self.scalar(node)
            && !matches!(parse_ip(s), Some(IpAddr::V6(_)))
        {
            self.push(
                Finding::error(
                    INVALID_VALUE,
                    node.span,
                    format!("invalid ipv6-address-token '{s}'"),
                )
                .help(
                    "the token is the interface identifier, written as an IPv6 address such as ::2",
                ),
            );
        }
    }

    /// `handle_ip_rule_tos`.
    pub(super) fn tos(&mut self, node: &Node) {
        if let Some(tos) = self.uint(node)
            && tos > 255
        {
            self.push(
                Finding::error(
                    ROUTING_POLICY,
                    node.span,
                    format!("invalid ToS (must be between 0 and 255): {tos}"),
                )
                .help("the type of service is one byte"),
            );
        }
    }

    /// `handle_arp_ip_targets`: IPv4 only.
    pub(super) fn ipv4_list(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            if let Some(s) = self.scalar(item)
                && !matches!(parse_ip(s), Some(IpAddr::V4(_)))
            {
                let message =
                    format!("malformed address '{s}', must be X.X.X.X or X:X:X:X:X:X:X:X");
                self.push(
                    Finding::error(ADDRESS, item.span, message)
                        .help("bonding sends ARP probes: the targets are IPv4 addresses"),
                );
            }
        }
    }

    /// `handle_bridge_path_cost` and `handle_bridge_port_priority`: the keys
    /// are interfaces the file defines, the values numbers (priorities 0 to
    /// 63).
    pub(super) fn port_map(&mut self, node: &Node, priority: bool, ctx: Option<Ctx<'_>>) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            if let Some(ctx) = ctx {
                self.references.push(Reference {
                    from: ctx.device.to_string(),
                    to: name.to_string(),
                    span: key.span,
                });
            }
            let Some(s) = self.scalar(value) else {
                continue;
            };
            match parse_uint(s) {
                Some(v) if priority && v > 63 => self.push(
                    Finding::error(
                        INVALID_VALUE,
                        value.span,
                        format!("invalid port priority value (must be between 0 and 63): {s}"),
                    )
                    .help("a bridge port priority is 0 to 63"),
                ),
                Some(_) => {}
                None if priority => self.push(
                    Finding::error(
                        INVALID_VALUE,
                        value.span,
                        format!("invalid port priority value (must be between 0 and 63): {s}"),
                    )
                    .help("a bridge port priority is 0 to 63"),
                ),
                None => {
                    self.uint(value);
                }
            }
        }
    }

    /// `handle_tunnel_key_mapping`: a scalar (every key) or a mapping.
    pub(super) fn tunnel_key(&mut self, node: &Node) {
        match &node.kind {
            Kind::Scalar(_) => {}
            Kind::Map(entries) => self.fields(entries, &[super::TUNNEL_KEYS], None),
            Kind::Seq(_) => self.push(
                Finding::error(
                    TUNNEL_RULE,
                    node.span,
                    "invalid type for 'key[s]': must be a scalar or mapping",
                )
                .help("write `key: VALUE`, or `keys: {input: …, output: …}`"),
            ),
        }
    }

    /// `handle_wireguard_endpoint`.
    pub(super) fn endpoint(&mut self, node: &Node) {
        let Some(s) = self.scalar(node) else { return };
        let problem = (|| {
            if s.chars().count() < 3 {
                return Some(format!("invalid endpoint address or hostname '{s}'"));
            }
            let (address, port) = if let Some(v6) = s.strip_prefix('[') {
                let Some((address, rest)) = v6.rsplit_once(']') else {
                    return Some(format!("invalid address in endpoint '{s}'"));
                };
                (address, rest.rsplit_once(':').map(|(_, p)| p))
            } else {
                match s.rsplit_once(':') {
                    Some((a, p)) => (a, Some(p)),
                    None => (s, None),
                }
            };
            let Some(port) = port else {
                return Some(format!("endpoint '{s}' is missing :port"));
            };
            let (port, _) = parse_prefix(port);
            if port > 65535 {
                return Some(format!("invalid port in endpoint '{s}'"));
            }
            (parse_ip(address).is_none() && !is_hostname(address))
                .then(|| format!("invalid endpoint address or hostname '{s}'"))
        })();
        if let Some(message) = problem {
            self.push(
                Finding::error(WIREGUARD, node.span, message)
                    .help("write HOST:PORT, with an IPv6 address in brackets: [2001:db8::1]:51820"),
            );
        }
    }

    /// `handle_wireguard_allowed_ips`: `handle_generic_addresses` without the
    /// zero-prefix check.
    pub(super) fn allowed_ips(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            let Some(s) = self.scalar(item) else { continue };
            let Some((ip, prefix)) = s.rsplit_once('/') else {
                self.push(
                    Finding::error(
                        WIREGUARD,
                        item.span,
                        format!("address '{s}' is missing /prefixlength"),
                    )
                    .help(format!("write {s}/32 for one IPv4 host, /128 for IPv6")),
                );
                continue;
            };
            let Some(ip) = parse_ip(ip) else {
                self.error(
                    WIREGUARD,
                    item.span,
                    format!("malformed address '{s}', must be X.X.X.X/NN or X:X:X:X:X:X:X:X/NN"),
                );
                continue;
            };
            let family = Family::of(ip);
            if parse_prefix(prefix).0 > family.max_prefix() {
                self.push(
                    Finding::error(
                        WIREGUARD,
                        item.span,
                        format!("invalid prefix length in address '{s}'"),
                    )
                    .help(format!(
                        "an {family} prefix length is 0 to {}",
                        family.max_prefix()
                    )),
                );
            }
        }
    }

    /// `handle_vxlan_source_port`: exactly two ports.
    pub(super) fn port_range(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        if items.len() != 2 {
            let device = ctx.map_or("", |c| c.device);
            self.push(
                Finding::error(
                    TUNNEL_RULE,
                    node.span,
                    format!("{device}: Expected exactly two values for port-range"),
                )
                .help("write `port-range: [MIN, MAX]`"),
            );
            return;
        }
        for item in items {
            self.uint(item);
        }
    }

    /// A device's `openvswitch:` (`ovs_backend_settings_handlers`): which
    /// keys a device type may carry, their values, and whether they select
    /// the OpenVSwitch backend (`handle_ovs_backend`).
    pub(super) fn ovs_settings(&mut self, node: &Node, ctx: Option<Ctx<'_>>) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        let Some(ctx) = ctx else { return };
        let (bond, bridge) = (ctx.group == "bonds", ctx.group == "bridges");
        let mut extras = None;
        let mut others = 0;
        let mut ssl_targets = Vec::new();
        // netplan stops at a misplaced key, before choosing the backend.
        let mut misplaced = false;
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            let only = |what: &str| -> Option<String> {
                match what {
                    "bond" if !bond => Some(format!(
                        "Key '{name}' is only valid for interface type 'openvswitch bond'"
                    )),
                    "bridge" if !bridge && (name == "mcast-snooping" || name == "rstp") => {
                        Some("Key is only valid for interface type 'openvswitch bridge'".into())
                    }
                    "bridge" if !bridge => Some(format!(
                        "Key '{name}' is only valid for interface type 'openvswitch bridge'"
                    )),
                    _ => None,
                }
            };
            let owner = match name {
                "external-ids" | "other-config" => None,
                "lacp" => Some("bond"),
                "fail-mode" | "mcast-snooping" | "rstp" | "protocols" | "controller" => {
                    Some("bridge")
                }
                _ => {
                    self.unknown_key(
                        key,
                        name,
                        &[
                            "external-ids",
                            "other-config",
                            "lacp",
                            "fail-mode",
                            "mcast-snooping",
                            "rstp",
                            "protocols",
                            "controller",
                        ],
                    );
                    continue;
                }
            };
            if owner.is_some() {
                others += 1;
            }
            if name != "controller"
                && let Some(message) = owner.and_then(only)
            {
                misplaced = true;
                self.push(Finding::error(OPENVSWITCH, key.span, message).help(format!(
                    "move `{name}` to the OpenVSwitch {} it configures",
                    owner.unwrap_or_default()
                )));
                continue;
            }
            match name {
                "external-ids" | "other-config" => {
                    self.value(Ty::ScalarMap, value, None);
                    if value.entries().is_some_and(|e| !e.is_empty()) {
                        extras.get_or_insert(key.span);
                    }
                }
                "lacp" => self.value(
                    Ty::Choice(
                        &["active", "passive", "off"],
                        "Value of 'lacp' needs to be 'active', 'passive' or 'off'",
                    ),
                    value,
                    None,
                ),
                "fail-mode" => self.value(
                    Ty::Choice(
                        &["standalone", "secure"],
                        "Value of 'fail-mode' needs to be 'standalone' or 'secure'",
                    ),
                    value,
                    None,
                ),
                "mcast-snooping" | "rstp" => self.bool(value),
                "protocols" => self.ovs_protocols(value),
                _ => misplaced |= !self.ovs_controller(value, bridge, &mut ssl_targets),
            }
        }
        let def = self.def_mut(ctx.device);
        def.ovs_extras = def.ovs_extras.or(extras);
        def.ssl_targets.extend(ssl_targets);
        // Bonds and bridges always; others unless only external-ids and
        // other-config are given.
        if !misplaced && (bond || bridge || others > 0 || entries.is_empty()) {
            def.ovs = true;
        }
    }

    /// `controller: {addresses, connection-mode}` of an OVS bridge; false
    /// when a key is not a bridge's.
    fn ovs_controller(&mut self, node: &Node, bridge: bool, ssl: &mut Vec<(String, Span)>) -> bool {
        let Some(entries) = self.mapping(node) else {
            return true;
        };
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            if !matches!(name, "addresses" | "connection-mode") {
                self.unknown_key(key, name, &["addresses", "connection-mode"]);
                continue;
            }
            if !bridge {
                self.push(
                    Finding::error(
                        OPENVSWITCH,
                        key.span,
                        format!(
                            "Key 'controller.{name}' is only valid for interface type 'openvswitch bridge'"
                        ),
                    )
                    .help("an OpenFlow controller is set on an OpenVSwitch bridge"),
                );
                return false;
            }
            if name == "connection-mode" {
                self.value(
                    Ty::Choice(
                        &["in-band", "out-of-band"],
                        "Value of 'connection-mode' needs to be 'in-band' or 'out-of-band'",
                    ),
                    value,
                    None,
                );
                continue;
            }
            let Some(items) = self.sequence(value) else {
                continue;
            };
            for item in items {
                let Some(target) = self.scalar(item) else {
                    continue;
                };
                let (kind, rest) = target.split_once(':').unwrap_or((target, ""));
                let valid = target.contains(':')
                    && match kind {
                        "unix" | "punix" => !rest.is_empty() || target.ends_with(':'),
                        "tcp" | "ssl" => is_ovs_target(true, rest),
                        "ptcp" | "pssl" => is_ovs_target(false, rest),
                        _ => false,
                    };
                if !valid {
                    self.push(
                        Finding::error(
                            OPENVSWITCH,
                            item.span,
                            format!("Unsupported OVS controller target: {target}"),
                        )
                        .help("write tcp:HOST[:PORT], ssl:HOST[:PORT], ptcp:[PORT][:HOST], pssl:[PORT][:HOST] or unix:FILE"),
                    );
                } else if kind == "ssl" || kind == "pssl" {
                    ssl.push((target.to_string(), item.span));
                }
            }
        }
        true
    }

    fn ovs_protocols(&mut self, node: &Node) {
        let Some(items) = self.sequence(node) else {
            return;
        };
        for item in items {
            if let Some(s) = self.scalar(item)
                && !OVS_PROTOCOLS.contains(&s)
            {
                self.push(
                    Finding::error(
                        OPENVSWITCH,
                        item.span,
                        format!("Unsupported OVS 'protocol' value: {s}"),
                    )
                    .help(format!("expected some of: {}", OVS_PROTOCOLS.join(", "))),
                );
            }
        }
    }

    /// `network.openvswitch:` (`ovs_network_settings_handlers`): the patch
    /// ports it defines, and whether SSL is set up.
    pub(super) fn ovs_global(&mut self, node: &Node) {
        let Some(entries) = self.mapping(node) else {
            return;
        };
        for (key, value) in entries {
            let Some(name) = self.scalar(key) else {
                continue;
            };
            match name {
                "external-ids" | "other-config" => self.value(Ty::ScalarMap, value, None),
                "protocols" => self.ovs_protocols(value),
                "ssl" => {
                    self.value(Ty::Map(OVS_SSL), value, None);
                    self.ovs_ssl = OVS_SSL.iter().all(|f| value.get(f.key).is_some());
                }
                "ports" => self.patch_ports(value),
                _ => self.unknown_key(
                    key,
                    name,
                    &["external-ids", "other-config", "protocols", "ssl", "ports"],
                ),
            }
        }
    }

    /// `handle_network_ovs_settings_global_ports`: pairs of patch ports,
    /// each port with one peer.
    fn patch_ports(&mut self, node: &Node) {
        let Some(pairs) = self.sequence(node) else {
            return;
        };
        for pair in pairs {
            let Some(items) = self.sequence(pair) else {
                continue;
            };
            if items.len() != 2 {
                self.push(
                    Finding::error(
                        OPENVSWITCH,
                        pair.span,
                        "An openvswitch peer port sequence must have exactly two entries",
                    )
                    .help("a patch port pair is `[PORT, PEER]`"),
                );
                continue;
            }
            let (Some(a), Some(b)) = (self.scalar(&items[0]), self.scalar(&items[1])) else {
                continue;
            };
            for (port, node) in [(a, &items[0]), (b, &items[1])] {
                self.device_id(port, node.span);
                if !self.devices.contains_key(port) {
                    self.devices.insert(port.to_string(), "openvswitch.ports");
                    let def = self.def_mut(port);
                    def.group = "openvswitch.ports";
                    def.span = node.span;
                    def.ovs = true;
                }
            }
            for (port, peer, node) in [(a, b, &items[0]), (b, a, &items[1])] {
                match self.peers.get(port) {
                    Some(other) if other != peer => {
                        let message = format!(
                            "openvswitch port '{port}' is already assigned to peer '{other}'"
                        );
                        self.push(
                            Finding::error(OPENVSWITCH, node.span, message)
                                .help("a patch port has one peer; use another port name"),
                        );
                        break;
                    }
                    _ => {
                        self.peers.insert(port.to_string(), peer.to_string());
                    }
                }
            }
        }
    }
}

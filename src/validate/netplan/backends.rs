//! What netplan 0.106 checks of a whole definition (`validation.c`), and
//! what its backends refuse when they write it (`networkd.c`, `nm.c`,
//! `openvswitch.c`): so a problem of one backend is kept until the file is
//! read and every definition's backend is known (`renderer:` on the device,
//! its device type or `network:`, and OpenVSwitch chosen by `openvswitch:`
//! keys, OVS-only bond modes, patch ports and OVS members).

use std::collections::{HashMap, HashSet};

use super::{
    DHCP_OVERRIDES_RULE, Fact, Family, INVALID_VALUE, MISSING_PROPERTY, Node, OPENVSWITCH,
    RENDERER, TUNNEL_RULE, VRF_TABLE, WIFI_RULE, WIREGUARD, Walker, ip_family, is_true, parse_ip,
    parse_uint, values::is_wireguard_key,
};
use crate::validate::{Finding, Span};

/// The program a definition is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backend {
    Networkd,
    Nm,
    Ovs,
}

impl Backend {
    pub(super) fn from_renderer(s: &str) -> Option<Backend> {
        match s {
            "networkd" => Some(Backend::Networkd),
            "NetworkManager" => Some(Backend::Nm),
            _ => None,
        }
    }
}

/// One definition, as the backend checks need it.
#[derive(Debug, Default)]
pub(super) struct Def {
    /// Its device type (`ethernets`…, `openvswitch.ports` for patch ports).
    pub(super) group: &'static str,
    /// Its id's place.
    pub(super) span: Span,
    /// `renderer:` on the definition, or on its device type before it.
    pub(super) renderer: Option<Backend>,
    /// Its own keys choose OpenVSwitch.
    pub(super) ovs: bool,
    /// Non-empty `openvswitch.external-ids`/`other-config`.
    pub(super) ovs_extras: Option<Span>,
    /// `link:` of a VLAN.
    pub(super) link: Option<String>,
    /// A bond's `parameters.mode`.
    pub(super) bond_mode: Option<(String, Span)>,
    /// `ssl:`/`pssl:` controller targets of an OVS bridge.
    pub(super) ssl_targets: Vec<(String, Span)>,
    /// Problems of one backend only.
    pub(super) deferred: Vec<(Backend, Finding)>,
}

/// A tunnel mode's address family (`validate_tunnel_grammar`), `None` for
/// VXLAN and WireGuard.
fn tunnel_family(mode: &str) -> Option<Family> {
    match mode {
        "ipip6" | "ip6ip6" | "ip6gre" | "ip6gretap" | "vti6" => Some(Family::V6),
        "vxlan" | "wireguard" => None,
        _ => Some(Family::V4),
    }
}

/// The DHCP overrides netplan compares for networkd, in its order, with
/// whether they are booleans (default true).
const DHCP_OVERRIDES: &[(&str, bool)] = &[
    ("use-dns", true),
    ("use-domains", false),
    ("use-ntp", true),
    ("send-hostname", true),
    ("use-hostname", true),
    ("use-mtu", true),
    ("hostname", false),
    ("route-metric", false),
    ("use-routes", true),
];

/// `wifi_get_freq5`: the 5 GHz channels netplan knows.
const CHANNELS_5GHZ: &[u32] = &[
    7, 8, 9, 11, 12, 16, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60, 62, 64, 68,
    96, 100, 102, 104, 106, 108, 110, 112, 114, 116, 118, 120, 122, 124, 126, 128, 132, 134, 136,
    138, 140, 142, 144, 149, 151, 153, 155, 157, 159, 161, 165, 169, 173,
];

impl Walker {
    pub(super) fn def_mut(&mut self, id: &str) -> &mut Def {
        self.defs.entry(id.to_string()).or_default()
    }

    /// Keeps `finding` for when `id` turns out to be written by `backend`.
    pub(super) fn defer(&mut self, id: &str, backend: Backend, finding: Finding) {
        self.def_mut(id).deferred.push((backend, finding));
    }

    /// Keeps `finding` of networkd's `.network` writer, which also writes the
    /// base config of OpenVSwitch definitions.
    fn defer_network_file(&mut self, id: &str, finding: Finding) {
        self.defer(id, Backend::Ovs, finding.clone());
        self.defer(id, Backend::Networkd, finding);
    }

    /// The checks of one definition that need all of it (called after its
    /// keys were walked).
    pub(super) fn definition(&mut self, group: &'static str, id: &str, key: &Node, node: &Node) {
        let renderer = node
            .get_str("renderer")
            .and_then(|(s, _)| Backend::from_renderer(s));
        let def = self.def_mut(id);
        if def.group.is_empty() {
            def.group = group;
            def.span = key.span;
        }
        def.renderer = renderer.or(def.renderer);
        if let Some((link, _)) = node.get_str("link") {
            def.link = Some(link.to_string());
        }
        self.address_generation(id, node);
        self.networkmanager_limits(id, node);
        self.dhcp_overrides(id, node);
        if let Some(auth) = node.get("auth")
            && group != "wifis"
        {
            self.psk(id, id, Some(auth), None);
        }
        match group {
            "wifis" => self.wifi(id, node),
            "tunnels" => self.tunnel(id, key, node),
            "vrfs" => self.vrf_tables(id, node),
            "bonds" => self.bond_mode(id, node),
            "nm-devices" => self.nm_device(id, key, node),
            "modems" => {
                let message =
                    format!("{id}: networkd backend does not support GSM/CDMA modem configuration");
                let finding = Finding::error(RENDERER, key.span, message)
                    .help("add `renderer: NetworkManager`");
                self.defer(id, Backend::Networkd, finding);
            }
            _ => {}
        }
    }

    /// `ipv6-address-generation` and `ipv6-address-token`.
    fn address_generation(&mut self, id: &str, node: &Node) {
        let Some((mode, span)) = node.get_str("ipv6-address-generation") else {
            return;
        };
        if node.get("ipv6-address-token").is_some() {
            let message = format!(
                "{id}: ipv6-address-generation and ipv6-address-token are mutually exclusive"
            );
            self.push(
                Finding::error(INVALID_VALUE, span, message)
                    .help("a token fixes the interface identifier; drop one of the two"),
            );
        } else if mode == "stable-privacy" {
            // networkd.c: EUI-64 is networkd's default; stable-privacy has no
            // setting there.
            let message =
                format!("{id}: ipv6-address-generation mode is not supported by networkd");
            let help = "use `renderer: NetworkManager`, or `ipv6-address-token` with networkd (`eui64` is networkd's default)";
            let finding = Finding::error(RENDERER, span, message).help(help);
            self.defer_network_file(id, finding);
        }
    }

    /// What `netplan_netdef_write_nm` refuses.
    fn networkmanager_limits(&mut self, id: &str, node: &Node) {
        let mut findings = Vec::new();
        if let Some(driver) = node.get("match").and_then(|m| m.key("driver"))
            && node.get("set-name").is_none()
        {
            findings.push(
                Finding::error(
                    RENDERER,
                    driver.span,
                    format!("{id}: NetworkManager definitions do not support matching by driver"),
                )
                .help("match by `name` or `macaddress`, or add `set-name`, with NetworkManager"),
            );
        }
        if let Some(super::Kind::Seq(items)) = node.get("addresses").map(|a| &a.kind)
            && let Some(item) = items.iter().find(|i| i.entries().is_some())
        {
            findings.push(
                Finding::error(
                    RENDERER,
                    item.span,
                    format!("{id}: NetworkManager does not support address options"),
                )
                .help("`lifetime` and `label` need networkd; write the bare address with NetworkManager"),
            );
        }
        if let Some((mode, span)) = node.get_str("activation-mode")
            && mode != "manual"
        {
            findings.push(
                Finding::error(
                    RENDERER,
                    span,
                    format!(
                        "{id}: NetworkManager definitions do not support activation-mode {mode}"
                    ),
                )
                .help("NetworkManager supports only `activation-mode: manual`"),
            );
        }
        if let Some((mtu, span)) = node.get_str("ipv6-mtu")
            && parse_uint(mtu).is_some_and(|m| m != 0)
        {
            findings.push(
                Finding::error(
                    RENDERER,
                    span,
                    format!("{id}: NetworkManager definitions do not support ipv6-mtu"),
                )
                .help("set the IPv6 MTU with networkd, or the link `mtu` with NetworkManager"),
            );
        }
        if let Some(super::Kind::Seq(routes)) = node.get("routes").map(|r| &r.kind) {
            for route in routes {
                if let Some((kind, span)) = route.get_str("type")
                    && !kind.eq_ignore_ascii_case("unicast")
                {
                    findings.push(
                        Finding::error(
                            RENDERER,
                            span,
                            format!("{id}: NetworkManager only supports unicast routes"),
                        )
                        .help(format!("a `{kind}` route needs networkd")),
                    );
                    break;
                }
            }
        }
        for finding in findings {
            self.defer(id, Backend::Nm, finding);
        }
    }

    /// `combine_dhcp_overrides` (networkd.c): unless exactly one of DHCPv4
    /// and DHCPv6 is on, their overrides must agree.
    fn dhcp_overrides(&mut self, id: &str, node: &Node) {
        let on = |key: &str| node.get_str(key).is_some_and(|(s, _)| is_true(s));
        if on("dhcp4") != on("dhcp6") {
            return;
        }
        let (v4, v6) = (node.get("dhcp4-overrides"), node.get("dhcp6-overrides"));
        if v4.is_none() && v6.is_none() {
            return;
        }
        for (name, boolean) in DHCP_OVERRIDES {
            let read = |o: Option<&Node>| {
                let s = o.and_then(|o| o.get_str(name)).map(|(s, _)| s);
                if *boolean {
                    Some(s.is_none_or(is_true).to_string())
                } else if *name == "route-metric" {
                    s.and_then(parse_uint).map(|m| m.to_string())
                } else {
                    s.map(str::to_string)
                }
            };
            if read(v4) != read(v6) {
                let span = [v6, v4]
                    .into_iter()
                    .flatten()
                    .find_map(|o| o.key(name))
                    .map_or(Span::default(), |k| k.span);
                let message = format!(
                    "{id}: networkd requires that {name} has the same value in both dhcp4_overrides and dhcp6_overrides"
                );
                let help = "networkd has one [DHCP] section for both: give them the same value, or use NetworkManager";
                let finding = Finding::error(DHCP_OVERRIDES_RULE, span, message).help(help);
                self.defer_network_file(id, finding);
                return;
            }
        }
    }

    /// wpa_supplicant's PSK rules, which networkd's writer applies
    /// (`append_wpa_auth_conf`): 8 to 63 characters, or 64 hex digits.
    /// `label` is what netplan names: the id, or an access point's SSID.
    fn psk(&mut self, id: &str, label: &str, auth: Option<&Node>, shorthand: Option<&Node>) {
        let management = auth
            .and_then(|a| a.get_str("key-management"))
            .map(|(s, _)| s);
        let password = auth.and_then(|a| a.get("password")).or(shorthand);
        let psk = management == Some("psk") || (management.is_none() && shorthand.is_some());
        let Some(password) = password.filter(|_| psk) else {
            return;
        };
        let Some(text) = password.as_str() else {
            return;
        };
        let message = match text.len() {
            64 if !text.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("{label}: PSK length of 64 is only supported for hex-digit representation")
            }
            8..=64 => return,
            _ => {
                format!("{label}: ASCII passphrase must be between 8 and 63 characters (inclusive)")
            }
        };
        let finding = Finding::error(WIFI_RULE, password.span, message)
            .help("a WPA passphrase is 8 to 63 characters, or the key as 64 hexadecimal digits");
        self.defer(id, Backend::Networkd, finding);
    }

    fn wifi(&mut self, id: &str, node: &Node) {
        if let Some(m) = node.key("match") {
            let message = format!(
                "{id}: networkd backend does not support wifi with match:, only by interface name"
            );
            let finding = Finding::error(RENDERER, m.span, message).help(
                "name the wifi definition after the interface, or use `renderer: NetworkManager`",
            );
            self.defer(id, Backend::Networkd, finding);
        }
        let Some(points) = node.get("access-points").and_then(Node::entries) else {
            return;
        };
        for (ssid, ap) in points {
            let name = ssid.as_str().unwrap_or_default();
            if let Some((mode, span)) = ap.get_str("mode")
                && mode == "ap"
            {
                let finding = Finding::error(
                    RENDERER,
                    span,
                    format!("{id}: {name}: networkd does not support this wifi mode"),
                )
                .help("an access point needs `renderer: NetworkManager`");
                self.defer(id, Backend::Networkd, finding);
            }
            self.psk(id, name, ap.get("auth"), ap.get("password"));
            self.channel(ap);
        }
    }

    /// `wifi_get_freq24`/`wifi_get_freq5`: a channel of the band, when both
    /// are given (`generate` exits 1 otherwise).
    fn channel(&mut self, ap: &Node) {
        let (Some((band, _)), Some((channel, span))) = (ap.get_str("band"), ap.get_str("channel"))
        else {
            return;
        };
        let Some(channel) = parse_uint(channel).filter(|c| *c != 0) else {
            return;
        };
        let (valid, name) = match band {
            "2.4GHz" | "2.4G" => ((1..=14).contains(&channel), "2.4GHz"),
            "5GHz" | "5G" => (CHANNELS_5GHZ.contains(&channel), "5GHz"),
            _ => return,
        };
        if !valid {
            let help = if name == "2.4GHz" {
                "2.4GHz channels are 1 to 14".to_string()
            } else {
                "5GHz channels are 36, 40, 44, … 165 (netplan knows 7 to 173)".to_string()
            };
            self.push(
                Finding::error(
                    WIFI_RULE,
                    span,
                    format!("invalid {name} WiFi channel: {channel}"),
                )
                .help(help),
            );
        }
    }

    /// `validate_tunnel_grammar` and `validate_tunnel_backend_rules`.
    fn tunnel(&mut self, id: &str, key: &Node, node: &Node) {
        let Some((mode, _)) = node.get_str("mode") else {
            return;
        };
        let keys = node.get("keys").or_else(|| node.get("key"));
        let (input, output, private) = match keys.map(|k| &k.kind) {
            Some(super::Kind::Scalar(_)) => (keys, keys, keys),
            Some(super::Kind::Map(_)) => {
                let k = keys.expect("a key node");
                (k.get("input"), k.get("output"), k.get("private"))
            }
            _ => (None, None, None),
        };
        if mode == "wireguard" {
            self.wireguard(id, key, node, private);
            return;
        }
        for k in [input, output].into_iter().flatten() {
            if let Some(s) = k.as_str()
                && parse_uint(s).is_none()
                && !matches!(parse_ip(s), Some(std::net::IpAddr::V4(_)))
            {
                self.push(
                    Finding::error(TUNNEL_RULE, k.span, format!("invalid tunnel key '{s}'"))
                        .help("a tunnel key is a number or a dotted quad such as 1.2.3.4"),
                );
                break;
            }
        }
        if let Some((ttl, span)) = node.get_str("ttl")
            && parse_uint(ttl).is_some_and(|t| t > 255)
        {
            self.push(
                Finding::error(
                    TUNNEL_RULE,
                    span,
                    format!("{id}: 'ttl' property for tunnel must be in range [1...255]"),
                )
                .help("a TTL is one byte"),
            );
        }
        if mode == "vxlan" {
            self.vxlan(id, node);
        } else if let Some(family) = tunnel_family(mode) {
            for end in ["local", "remote"] {
                if let Some((ip, span)) = node.get_str(end)
                    && parse_ip(ip).is_some_and(|a| Family::of(a) != family)
                {
                    self.push(
                        Finding::error(
                            TUNNEL_RULE,
                            span,
                            format!("{id}: '{end}' must be a valid {family} address for this tunnel type"),
                        )
                        .help(format!("a {mode} tunnel runs over {family}")),
                    );
                }
            }
        }
        // Which modes take keys, per backend.
        let key_node = input.or(output);
        let (networkd_keys, nm_keys) = (
            matches!(
                mode,
                "vti" | "vti6" | "gre" | "ip6gre" | "gretap" | "ip6gretap"
            ),
            matches!(mode, "gre" | "ip6gre"),
        );
        if let Some(k) = key_node {
            let which = if input.is_some() {
                "input-key"
            } else {
                "output-key"
            };
            let finding = Finding::error(
                TUNNEL_RULE,
                k.span,
                format!("{id}: '{which}' is not required for this tunnel type"),
            )
            .help(format!("a {mode} tunnel takes no key"));
            if !networkd_keys {
                self.defer(id, Backend::Networkd, finding.clone());
            }
            if !nm_keys && !matches!(mode, "gretap" | "ip6gretap") {
                self.defer(id, Backend::Nm, finding);
            }
        }
        let upper = mode.to_ascii_uppercase();
        if mode == "isatap" {
            let finding = Finding::error(
                RENDERER,
                key.span,
                format!("{id}: {upper} tunnel mode is not supported by networkd"),
            )
            .help("use `renderer: NetworkManager` for ISATAP");
            self.defer(id, Backend::Networkd, finding);
        }
        if matches!(mode, "gretap" | "ip6gretap") {
            let finding = Finding::error(
                RENDERER,
                key.span,
                format!("{id}: {upper} tunnel mode is not supported by NetworkManager"),
            )
            .help("use networkd for GRETAP");
            self.defer(id, Backend::Nm, finding);
        }
    }

    /// VXLAN: the VNI, flow label and address families.
    fn vxlan(&mut self, id: &str, node: &Node) {
        if let Some((vni, span)) = node.get_str("id")
            && parse_uint(vni).is_some_and(|v| v > 16_777_215)
        {
            self.push(
                Finding::error(
                    TUNNEL_RULE,
                    span,
                    format!("{id}: VXLAN 'id' (VNI) must be in range [1..16777215]"),
                )
                .help("a VNI has 24 bits"),
            );
        }
        if let Some((label, span)) = node.get_str("flow-label")
            && parse_uint(label).is_some_and(|v| v > 1_048_575)
        {
            self.push(
                Finding::error(
                    TUNNEL_RULE,
                    span,
                    format!("{id}: VXLAN 'flow-label' must be in range [0..1048575]"),
                )
                .help("an IPv6 flow label has 20 bits"),
            );
        }
        let family = |k: &str| {
            node.get_str(k)
                .and_then(|(s, span)| Some((ip_family(s)?, span)))
        };
        if let (Some((a, _)), Some((b, span))) = (family("local"), family("remote"))
            && a != b
        {
            self.push(
                Finding::error(
                    TUNNEL_RULE,
                    span,
                    format!("{id}: 'local' and 'remote' must be of same IP family type"),
                )
                .help("write both ends as IPv4, or both as IPv6"),
            );
        }
    }

    /// The WireGuard half of `validate_tunnel_grammar`.
    fn wireguard(&mut self, id: &str, key: &Node, node: &Node, private: Option<&Node>) {
        let Some(private) = private else {
            self.push(
                Finding::error(
                    MISSING_PROPERTY,
                    key.span,
                    format!("{id}: missing 'key' property (private key) for wireguard"),
                )
                .help("add `key: PRIVATE-KEY` (from `wg genkey`), or `keys: {private: …}`"),
            );
            return;
        };
        let mut problems: Vec<(Span, String, &str)> = Vec::new();
        let base64 =
            "a key is 44 characters of base64 (`wg genkey`), or an absolute path to a file";
        if let Some(s) = private.as_str() {
            if !s.starts_with('/') && !is_wireguard_key(s) {
                problems.push((
                    private.span,
                    format!("{id}: invalid wireguard private key"),
                    base64,
                ));
            } else if s.starts_with('/') && !is_wireguard_key(s) {
                let finding = Finding::error(
                    WIREGUARD,
                    private.span,
                    format!(
                        "{id}: private key needs to be base64 encoded when using the NM backend"
                    ),
                )
                .help("NetworkManager takes the key itself, not a file");
                self.defer(id, Backend::Nm, finding);
            }
        }
        match node.get("peers").map(|p| &p.kind) {
            Some(super::Kind::Seq(peers)) if !peers.is_empty() => {
                for peer in peers {
                    let keys = peer.get("keys");
                    match keys.and_then(|k| k.get("public")) {
                        None => problems.push((
                            peer.span,
                            format!("{id}: keys.public is required."),
                            "add the peer's public key: `keys: {public: …}`",
                        )),
                        Some(public) if !public.as_str().is_some_and(is_wireguard_key) => problems
                            .push((
                                public.span,
                                format!("{id}: invalid wireguard public key"),
                                base64,
                            )),
                        Some(_) => {}
                    }
                    if let Some(shared) = keys.and_then(|k| k.get("shared"))
                        && let Some(s) = shared.as_str()
                    {
                        if !s.starts_with('/') && !is_wireguard_key(s) {
                            problems.push((
                                shared.span,
                                format!("{id}: invalid wireguard shared key"),
                                base64,
                            ));
                        } else if s.starts_with('/') && !is_wireguard_key(s) {
                            let finding = Finding::error(
                                WIREGUARD,
                                shared.span,
                                format!("{id}: shared key needs to be base64 encoded when using the NM backend"),
                            )
                            .help("NetworkManager takes the key itself, not a file");
                            self.defer(id, Backend::Nm, finding);
                        }
                    }
                    if !matches!(peer.get("allowed-ips").map(|a| &a.kind), Some(super::Kind::Seq(ips)) if !ips.is_empty())
                    {
                        problems.push((
                            peer.span,
                            format!("{id}: 'to' is required to define the allowed IPs."),
                            "add `allowed-ips: [IP/LEN, …]` to the peer",
                        ));
                    }
                    if let Some((keepalive, span)) = peer.get_str("keepalive")
                        && parse_uint(keepalive).is_some_and(|k| k > 65535)
                    {
                        problems.push((
                            span,
                            format!("{id}: keepalive must be 0-65535 inclusive."),
                            "the keepalive is in seconds, 0 to 65535",
                        ));
                    }
                }
            }
            _ => problems.push((
                key.span,
                format!("{id}: at least one peer is required."),
                "add `peers:` with the other end's public key and allowed IPs",
            )),
        }
        for (span, message, help) in problems {
            self.push(Finding::error(WIREGUARD, span, message).help(help));
        }
    }

    /// `adopt_and_validate_vrf_routes`: routes and rules of a VRF use its table.
    fn vrf_tables(&mut self, id: &str, node: &Node) {
        let Some(table) = node.get_str("table").and_then(|(s, _)| parse_uint(s)) else {
            return;
        };
        for (list, what) in [("routes", "routes"), ("routing-policy", "routing-policy")] {
            let Some(super::Kind::Seq(items)) = node.get(list).map(|l| &l.kind) else {
                continue;
            };
            for item in items {
                if let Some((t, span)) = item.get_str("table")
                    && let Some(t) = parse_uint(t)
                    && t != table
                {
                    self.push(
                        Finding::error(
                            VRF_TABLE,
                            span,
                            format!("{id}: VRF {what} table mismatch ({table} != {t})"),
                        )
                        .help(format!(
                            "a VRF's {what} use its table: write `table: {table}` or leave it out"
                        )),
                    );
                    return;
                }
            }
        }
    }

    fn bond_mode(&mut self, id: &str, node: &Node) {
        let Some((mode, span)) = node.get("parameters").and_then(|p| p.get_str("mode")) else {
            return;
        };
        let def = self.def_mut(id);
        def.bond_mode = Some((mode.to_string(), span));
        // handle_bond_mode: these modes exist only in OpenVSwitch.
        if mode == "balance-tcp" || mode == "balance-slb" {
            def.ovs = true;
        }
    }

    /// `nm-devices`: a passthrough with `connection.type`.
    fn nm_device(&mut self, id: &str, key: &Node, node: &Node) {
        let passthrough = node
            .get("networkmanager")
            .and_then(|n| n.get("passthrough"));
        if passthrough.and_then(|p| p.get("connection.type")).is_none() {
            let span = passthrough.map_or(key.span, |p| p.span);
            self.push(
                Finding::error(
                    MISSING_PROPERTY,
                    span,
                    format!("{id}: network type 'nm-devices:' needs to provide a 'connection.type' via passthrough"),
                )
                .help("add `networkmanager: {passthrough: {connection.type: …}}`"),
            );
        }
        let finding = Finding::error(
            RENDERER,
            key.span,
            format!("{id}: `nm-devices` need the NetworkManager renderer (netplan 0.106 aborts)"),
        )
        .help("add `renderer: NetworkManager`");
        self.defer(id, Backend::Networkd, finding);
    }

    /// Every definition's backend: OpenVSwitch when its keys choose it or an
    /// OVS member or link passes it on (`handle_bridge_interfaces`,
    /// `handle_bond_interfaces`, `handle_netdef_id_ref`), else its renderer,
    /// `network.renderer`, or networkd.
    fn backends(&self) -> HashMap<String, Backend> {
        let mut ovs: HashSet<&str> = self
            .defs
            .iter()
            .filter(|(_, d)| d.ovs)
            .map(|(id, _)| id.as_str())
            .collect();
        loop {
            let mut grown = false;
            for ((vrf, member), (master, _)) in &self.masters {
                if !vrf && ovs.contains(member.as_str()) {
                    grown |= ovs.insert(master.as_str());
                }
            }
            for (id, def) in &self.defs {
                if def.group == "vlans" && def.link.as_deref().is_some_and(|l| ovs.contains(l)) {
                    grown |= ovs.insert(id.as_str());
                }
            }
            if !grown {
                break;
            }
        }
        let global = self.renderer.as_deref().and_then(Backend::from_renderer);
        self.defs
            .iter()
            .map(|(id, def)| {
                let backend = if ovs.contains(id.as_str()) {
                    Backend::Ovs
                } else {
                    def.renderer.or(global).unwrap_or(Backend::Networkd)
                };
                (id.clone(), backend)
            })
            .collect()
    }

    /// Ends the walk's backend part: the kept findings of each definition's
    /// backend, OpenVSwitch's rules, and gateways NetworkManager reaches
    /// on-link.
    pub(super) fn check_backends(&mut self) {
        let backends = self.backends();
        let mut findings = Vec::new();
        let master = |id: &str, kind: &str| {
            self.masters
                .get(&(false, id.to_string()))
                .filter(|(_, k)| *k == kind)
                .map(|(m, _)| m.clone())
        };
        for (id, def) in &self.defs {
            let backend = backends[id];
            findings.extend(
                def.deferred
                    .iter()
                    .filter(|(b, _)| *b == backend)
                    .map(|(_, f)| f.clone()),
            );
            let in_master = master(id, "bridge").or_else(|| master(id, "bond"));
            if backend != Backend::Ovs {
                if let (Some(span), None) = (def.ovs_extras, &in_master) {
                    findings.push(
                        Finding::error(
                            OPENVSWITCH,
                            span,
                            format!("{id}: Interface needs to be assigned to an OVS bridge/bond to carry external-ids/other-config"),
                        )
                        .help("add it to an OpenVSwitch bridge or bond, or move the settings to `network.openvswitch`"),
                    );
                }
                continue;
            }
            match def.group {
                "bonds" => {
                    if master(id, "bridge").is_none() {
                        findings.push(
                            Finding::error(
                                OPENVSWITCH,
                                def.span,
                                format!("Bond {id} needs to be a member of an OpenVSwitch bridge"),
                            )
                            .help("list the bond in a bridge's `interfaces`"),
                        );
                    }
                    let members = self
                        .masters
                        .iter()
                        .filter(|((vrf, _), (m, k))| !vrf && m == id && *k == "bond")
                        .count();
                    if members < 2 {
                        findings.push(
                            Finding::error(
                                OPENVSWITCH,
                                def.span,
                                format!("Bond {id} needs to have at least 2 member interfaces"),
                            )
                            .help("an OpenVSwitch bond has two or more interfaces"),
                        );
                    }
                    if let Some((mode, span)) = &def.bond_mode
                        && !matches!(mode.as_str(), "active-backup" | "balance-tcp" | "balance-slb")
                    {
                        findings.push(
                            Finding::error(
                                OPENVSWITCH,
                                *span,
                                format!("{id}: bond mode '{mode}' not supported by openvswitch"),
                            )
                            .help("OpenVSwitch bonds are active-backup, balance-tcp or balance-slb"),
                        );
                    }
                }
                "bridges" => {
                    if !self.ovs_ssl {
                        for (target, span) in &def.ssl_targets {
                            findings.push(
                                Finding::error(
                                    OPENVSWITCH,
                                    *span,
                                    format!("openvswitch bridge controller target '{target}' needs SSL configuration, but global 'openvswitch.ssl' settings are not set"),
                                )
                                .help("set `network.openvswitch.ssl` (ca-cert, certificate, private-key)"),
                            );
                        }
                    }
                }
                "openvswitch.ports" => {
                    if in_master.is_none() {
                        findings.push(
                            Finding::error(
                                OPENVSWITCH,
                                def.span,
                                format!("{id}: OpenVSwitch patch port needs to be assigned to a bridge/bond"),
                            )
                            .help("list the port in an OpenVSwitch bridge's or bond's `interfaces`"),
                        );
                    }
                }
                "vlans" => {}
                _ => findings.push(
                    Finding::error(
                        OPENVSWITCH,
                        def.span,
                        format!("{id}: This device type is not supported with the OpenVSwitch backend"),
                    )
                    .help("OpenVSwitch makes bridges, bonds, VLANs and patch ports; put this interface in an OVS bridge instead"),
                ),
            }
        }
        findings.sort_by_key(|f| (f.span.line, f.span.column));
        self.report.findings.extend(findings);
        for (index, device) in std::mem::take(&mut self.gateways) {
            if backends.get(&device) == Some(&Backend::Nm)
                && let Some(Fact::Gateway { addr, span }) = self.report.facts.get(index).cloned()
            {
                self.report.facts[index] = Fact::OnLinkGateway { addr, span };
            }
        }
    }
}

/// A route's scope as netplan defaults it (`handle_routes`).
pub(super) fn route_scope(kind: &str, has_via: bool) -> &'static str {
    let kind = kind.to_ascii_lowercase();
    match kind.as_str() {
        "local" | "nat" => "host",
        "unicast" if !has_via => "link",
        "broadcast" | "multicast" | "anycast" => "link",
        _ => "global",
    }
}

//! Validator for NetworkManager keyfile connection profiles
//! (`/etc/NetworkManager/system-connections/*.nmconnection`, the default
//! profile format of RHEL 9, Rocky, Alma and Fedora; nm-settings-keyfile(5)).
//!
//! NetworkManager's keyfile plugin loads a profile with GKeyFile
//! ([`super::gkeyfile`], the grammar `NetworkManager.conf` shares), then
//! reads each group as a setting (`[ethernet]` and `[wifi]` are aliases of
//! `[802-3-ethernet]` and `[802-11-wireless]`) and verifies the connection.
//! What its reader does, from `libnm-core-impl/nm-keyfile.c`:
//!
//! - booleans go through `g_key_file_get_boolean()`, which reads only `true`,
//!   `false`, `1` and `0` (case-sensitive, outer blanks ignored); anything
//!   else is ignored with a warning and the default stays;
//! - `addressN=ADDR/PLEN,GATEWAY` (`/`, `;` and `,` are interchangeable):
//!   an address with characters other than hex digits, `:`, `.` and `%`, or
//!   with garbage after its fields, is dropped (`ignoring invalid IPv4
//!   address`, `garbage at the end of value`); a missing prefix length
//!   becomes /24 for IPv4 and /64 for IPv6 (`missing prefix length …,
//!   defaulting to 24`), and a prefix length that does not parse or is too
//!   long becomes the same default;
//! - `dns=` is a GKeyFile list, split on `;` only: `8.8.8.8,8.8.4.4` is one
//!   item and is dropped as an invalid address;
//! - a profile that fails verification (`method=manual` without an address,
//!   an unknown `type` or `method`, a bad `uuid`) is not loaded at all.
//!
//! | rule | severity | real verdict |
//! |---|---|---|
//! | `nmconnection/syntax` | error | GKeyFile rejects the file: the profile is not loaded |
//! | `nmconnection/key-outside-group` | error | GKeyFile: `Key file does not start with a group` |
//! | `nmconnection/inline-comment` | error | silent: `#` is part of the value |
//! | `nmconnection/missing-connection` | error, or warning with a type's group | no `[connection]` and no type's group (`[ethernet]`, `[wifi]`…): not a profile; with one, NetworkManager names the profile after its file and takes the type from the group |
//! | `nmconnection/missing-key` | warning (`id`), error (`type`, unless a type's group tells it) | `id` missing: the file name is used; `type` missing: taken from the type's group, else verification fails |
//! | `nmconnection/unknown-type` | error | verification fails: unknown connection type |
//! | `nmconnection/invalid-uuid` | error | `connection.uuid: '…' is not a valid UUID` |
//! | `nmconnection/invalid-boolean` | error | warned and ignored: the default is used |
//! | `nmconnection/invalid-method` | error | verification fails: `property is invalid` |
//! | `nmconnection/missing-address` | error | `this property cannot be empty for 'method=manual'` |
//! | `nmconnection/invalid-address` | error | the address is dropped with a warning |
//! | `nmconnection/invalid-prefix` | error | replaced by /24 (/64) with a warning |
//! | `nmconnection/invalid-gateway` | error | verification fails: not a valid gateway |
//! | `nmconnection/invalid-dns` | error | the server is dropped with a warning |
//! | `nmconnection/dns-comma` | error | the whole `,` list is one invalid item |
//! | `nmconnection/missing-prefix` | warning | /24 (/64) assumed with a warning |
//! | `nmconnection/missing-interface-name` | warning | silent: the profile may start on any ethernet device |
//! | `nmconnection/duplicate-group` | warning | silent: the groups are merged |
//! | `nmconnection/duplicate-key` | warning | silent: the last value wins |
//! | `nmconnection/unknown-group` | warning | silent: the group is ignored |
//! | `nmconnection/unknown-key` | warning | warned and ignored |
//!
//! Facts: every IPv4 address (with its prefix length when written), IPv4
//! gateway (`gateway=` or an address's gateway field) and DNS server, for
//! [`super::semantic`].

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
};

use super::{
    Fact, Finding, Report, Span,
    gkeyfile::{self, Pair, Rules, Visitor, is_space},
    interfaces::closest,
};

/// Validates `text` as a NetworkManager keyfile connection profile.
///
/// Never panics. Reports the IPv4 addresses, gateways and DNS servers as
/// facts.
pub fn check(text: &str) -> Report {
    let mut checks = Checks::default();
    let mut findings = gkeyfile::read(text, &RULES, &mut checks);
    checks.finish(&mut findings);
    Report {
        findings,
        facts: checks.facts,
    }
}

/// The grammar's rule names for connection profiles.
const RULES: Rules = Rules {
    syntax: "nmconnection/syntax",
    key_outside_group: "nmconnection/key-outside-group",
    inline_comment: "nmconnection/inline-comment",
    duplicate_group: "nmconnection/duplicate-group",
    duplicate_key: "nmconnection/duplicate-key",
    refused: "NetworkManager does not load the profile (`keyfile: load: failed to load connection`)",
    refused_short: "NetworkManager does not load the profile",
};

// ---------------------------------------------------------------------------
// What NetworkManager knows (nm-settings-nmcli(5), nm-settings-keyfile(5))
// ---------------------------------------------------------------------------

/// A setting (group) of a profile, with its keys (space-separated).
#[derive(Debug)]
struct Setting {
    /// The setting's names: its own and keyfile aliases.
    names: &'static str,
    /// Whether `names` is a prefix (`[wireguard-peer.KEY]`).
    prefix: bool,
    /// The properties checked; empty when any key is accepted.
    keys: &'static str,
    /// Properties read with `g_key_file_get_boolean()`.
    booleans: &'static str,
}

impl Setting {
    fn matches(&self, group: &str) -> bool {
        self.names.split_whitespace().any(|n| {
            if self.prefix {
                group.starts_with(n)
            } else {
                group == n
            }
        })
    }

    fn name(&self) -> &'static str {
        self.names.split_whitespace().next().unwrap_or(self.names)
    }

    fn any_key(&self) -> bool {
        self.keys.is_empty()
    }

    fn has_key(&self, key: &str) -> bool {
        self.any_key() || self.keys.split_whitespace().any(|k| k == key)
    }

    fn is_boolean(&self, key: &str) -> bool {
        self.booleans.split_whitespace().any(|k| k == key)
    }

    fn is_ip(&self) -> bool {
        matches!(self.name(), "ipv4" | "ipv6")
    }
}

const fn setting(names: &'static str, keys: &'static str, booleans: &'static str) -> Setting {
    Setting {
        names,
        prefix: false,
        keys,
        booleans,
    }
}

/// Keys `[ipv4]` and `[ipv6]` share (besides the numbered `addressN`,
/// `routeN`, `routeN_options`, `routing-ruleN`).
const IP_KEYS: &str = "method addresses address gateway dns dns-options dns-priority dns-search \
     ignore-auto-dns ignore-auto-routes may-fail never-default required-timeout route-metric \
     route-table routes routing-rules dhcp-hostname dhcp-hostname-flags dhcp-iaid \
     dhcp-send-hostname dhcp-send-hostname-v2 dhcp-send-release dhcp-timeout dhcp-dscp \
     auto-route-ext-gw replace-local-rule forwarding routed-dns";

const IP_BOOLEANS: &str =
    "ignore-auto-dns ignore-auto-routes may-fail never-default dhcp-send-hostname";

/// The settings checked key by key; the others accept any key.
static SETTINGS: [Setting; 12] = [
    setting(
        "connection",
        "id uuid type interface-name autoconnect autoconnect-priority autoconnect-retries \
         autoconnect-slaves autoconnect-ports multi-connect permissions timestamp read-only zone \
         master controller slave-type port-type secondaries gateway-ping-timeout metered lldp \
         mdns llmnr dns-over-tls dnssec mptcp-flags auth-retries wait-device-timeout \
         wait-activation-delay stable-id mud-url down-on-poweroff ip-ping-timeout \
         ip-ping-addresses ip-ping-addresses-require-all",
        "autoconnect read-only",
    ),
    setting(
        "ethernet 802-3-ethernet",
        "accept-all-mac-addresses assigned-mac-address auto-negotiate cloned-mac-address duplex \
         generate-mac-address-mask mac-address mac-address-blacklist mac-address-denylist mtu \
         port s390-nettype s390-options s390-subchannels speed wake-on-lan wake-on-lan-password",
        "auto-negotiate",
    ),
    setting(
        "wifi 802-11-wireless",
        "ap-isolation assigned-mac-address band bssid channel channel-width cloned-mac-address \
         generate-mac-address-mask hidden mac-address mac-address-blacklist mac-address-denylist \
         mac-address-randomization mode mtu powersave rate seen-bssids ssid tx-power wake-on-wlan",
        "hidden",
    ),
    setting(
        "wifi-security 802-11-wireless-security",
        "auth-alg fils group key-mgmt leap-password leap-password-flags leap-username pairwise \
         pmf proto psk psk-flags wep-key-flags wep-key-type wep-key0 wep-key1 wep-key2 wep-key3 \
         wep-tx-keyidx wps-method",
        "",
    ),
    // and the keys of `ip_extra()`
    setting("ipv4", IP_KEYS, IP_BOOLEANS),
    setting("ipv6", IP_KEYS, IP_BOOLEANS),
    setting(
        "vlan",
        "egress-priority-map flags id ingress-priority-map parent protocol",
        "",
    ),
    setting(
        "bridge",
        "ageing-time forward-delay group-address group-forward-mask hello-time mac-address \
         max-age multicast-hash-max multicast-last-member-count multicast-last-member-interval \
         multicast-membership-interval multicast-querier multicast-querier-interval \
         multicast-query-interval multicast-query-response-interval multicast-query-use-ifaddr \
         multicast-router multicast-snooping multicast-startup-query-count \
         multicast-startup-query-interval priority stp vlan-default-pvid vlan-filtering \
         vlan-protocol vlan-stats-enabled vlans",
        "stp multicast-snooping vlan-filtering multicast-querier multicast-query-use-ifaddr vlan-stats-enabled",
    ),
    setting(
        "bridge-port",
        "hairpin-mode path-cost priority vlans",
        "hairpin-mode",
    ),
    setting("bond-port", "queue-id prio", ""),
    setting(
        "match",
        "driver interface-name kernel-command-line path",
        "",
    ),
    setting(
        "proxy",
        "browser-only method pac-script pac-url",
        "browser-only",
    ),
];

/// The IP settings' own keys (beyond [`IP_KEYS`]).
fn ip_extra(setting: &str) -> &'static str {
    match setting {
        "ipv4" => {
            "dhcp-client-id dhcp-fqdn dhcp-vendor-class-identifier dhcp-ipv6-only-preferred \
             link-local dad-timeout shared-dhcp-range shared-dhcp-lease-time"
        }
        _ => {
            "addr-gen-mode dhcp-duid dhcp-pd-hint ip6-privacy mtu ra-timeout \
             temp-preferred-lifetime temp-valid-lifetime token"
        }
    }
}

/// Settings whose keys are not checked (bond options, VPN data, …).
const OPEN_SETTINGS: &str = "bond team team-port ethtool user vpn vpn-secrets 802-1x wireguard \
     infiniband tun macvlan vxlan ip-tunnel macsec dummy loopback veth vrf ovs-bridge ovs-port \
     ovs-interface ovs-patch ovs-dpdk ovs-external-ids ovs-other-config hostname link sriov tc \
     dcb pppoe ppp serial adsl bluetooth gsm cdma 802-11-olpc-mesh wpan 6lowpan wifi-p2p hsr \
     ipvlan generic ethernet-s390-options wimax geneve prefix-delegation";

static OPEN: Setting = setting(OPEN_SETTINGS, "", "");

static WIREGUARD_PEER: Setting = Setting {
    names: "wireguard-peer.",
    prefix: true,
    keys: "",
    booleans: "",
};

fn setting_for(group: &str) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .chain([&OPEN, &WIREGUARD_PEER])
        .find(|s| s.matches(group))
}

/// The properties of the setting named `name` (any of its names), when
/// this module checks them one by one: for nmcli's command lines.
pub(super) fn setting_keys(name: &str) -> Option<&'static str> {
    SETTINGS
        .iter()
        .find(|s| s.matches(name) && !s.is_ip())
        .map(|s| s.keys)
}

/// Every group name NetworkManager reads, for "did you mean" hints.
fn group_names() -> impl Iterator<Item = &'static str> {
    SETTINGS
        .iter()
        .chain([&OPEN])
        .flat_map(|s| s.names.split_whitespace())
}

/// `connection.type` values (setting names, and the keyfile aliases
/// `ethernet` and `wifi`).
const TYPES: &str = "802-3-ethernet ethernet 802-11-wireless wifi 802-11-olpc-mesh 6lowpan adsl \
     bluetooth bond bridge cdma dummy generic geneve gsm hsr infiniband ip-tunnel ipvlan loopback \
     macsec macvlan ovs-bridge ovs-interface ovs-patch ovs-port pppoe team tun veth vlan vpn vrf \
     vxlan wifi-p2p wimax wireguard wpan";

/// `ipv4.method` values.
const IPV4_METHODS: &str = "auto manual link-local shared disabled";
/// `ipv6.method` values.
const IPV6_METHODS: &str = "auto dhcp manual link-local shared disabled ignore";

/// Whether `key` is a numbered IP list key: `address1`, `addresses`,
/// `route2`, `route2_options`, `routing-rule1`.
fn numbered_ip_key(key: &str) -> Option<&'static str> {
    let key = key.strip_suffix("_options").unwrap_or(key);
    ["addresses", "address", "routing-rule", "routes", "route"]
        .into_iter()
        .find(|base| {
            key.strip_prefix(base)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        })
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// What one IP setting holds.
#[derive(Debug, Default)]
struct Ip {
    /// `method=`, with where its value is.
    method: Option<(String, Span)>,
    /// How many `addressN=` keys it has.
    addresses: usize,
}

/// What the profile holds, for the checks that need all of it.
#[derive(Debug, Default)]
struct Checks {
    /// Group index → its setting, if known.
    settings: HashMap<usize, Option<&'static Setting>>,
    /// The `[connection]` header, once seen.
    connection: Option<Span>,
    id: bool,
    /// `connection.type`, normalised (`ethernet` → `802-3-ethernet`).
    kind: Option<String>,
    /// The first group named after a connection type (`[ethernet]`,
    /// `[wifi]`, `[bridge]`): NetworkManager takes a missing `type` from it
    /// (`_normalize_connection_type()`).
    base: Option<String>,
    interface_name: bool,
    /// `[ethernet] mac-address` or `[match] interface-name`: the profile is
    /// bound to a device some other way.
    bound: bool,
    ipv4: Option<Ip>,
    ipv6: Option<Ip>,
    facts: Vec<Fact>,
}

impl Visitor for Checks {
    fn group(&mut self, out: &mut Vec<Finding>, index: usize, name: &str, span: Span) {
        let setting = setting_for(name);
        match setting.map(Setting::name) {
            None => unknown_group(out, span, name),
            Some("connection") => {
                self.connection.get_or_insert(span);
            }
            Some(_) => {}
        }
        if self.base.is_none() && TYPES.split_whitespace().any(|t| t == name) {
            self.base = Some(name.to_string());
        }
        self.settings.insert(index, setting);
    }

    fn pair(
        &mut self,
        out: &mut Vec<Finding>,
        index: usize,
        group: &str,
        pair: &Pair<'_>,
        commented: bool,
    ) {
        let Some(setting) = self.settings.get(&index).copied().flatten() else {
            return; // already reported as an unknown group
        };
        let key = pair.base_key();
        let numbered = setting.is_ip().then(|| numbered_ip_key(key)).flatten();
        let known = setting.has_key(key)
            || numbered.is_some()
            || (setting.is_ip()
                && ip_extra(setting.name())
                    .split_whitespace()
                    .any(|k| k == key));
        if !known {
            unknown_key(out, pair, group, setting);
            return;
        }
        let name = setting.name();
        self.presence(name, key, pair);
        if commented {
            return; // the value is not what the author meant
        }
        if setting.is_boolean(key) {
            boolean(out, pair, group);
        }
        match (name, key) {
            ("connection", "type") => self.kind(out, pair),
            ("connection", "uuid") => uuid(out, pair),
            ("ipv4" | "ipv6", "method") => self.method(out, pair, name == "ipv6"),
            ("ipv4" | "ipv6", "gateway") => self.gateway(out, pair, name == "ipv6"),
            ("ipv4" | "ipv6", "dns") => self.dns(out, pair, name == "ipv6"),
            ("ipv4" | "ipv6", "dns-search") => dns_search(out, pair),
            _ if matches!(numbered, Some("address" | "addresses")) => {
                self.address(out, pair, name == "ipv6");
            }
            _ => {}
        }
    }

    fn group_for(&self, key: &str) -> String {
        if numbered_ip_key(key).is_some() || IP_KEYS.split_whitespace().any(|k| k == key) {
            return "[ipv4]".to_string();
        }
        SETTINGS
            .iter()
            .find(|s| !s.any_key() && s.has_key(key))
            .map_or("its group (e.g. [connection])".to_string(), |s| {
                format!("[{}]", s.name())
            })
    }
}

impl Checks {
    /// Remembers the keys the whole-profile checks need.
    fn presence(&mut self, setting: &str, key: &str, pair: &Pair<'_>) {
        match (setting, key) {
            ("connection", "id") => self.id = true,
            ("connection", "type") => {
                // a commented value is reported; count the key as there
                self.kind.get_or_insert_with(String::new);
            }
            ("connection", "interface-name") => self.interface_name = true,
            ("ethernet", "mac-address") | ("match", "interface-name") => self.bound = true,
            _ => {}
        }
        if setting == "ipv4" || setting == "ipv6" {
            let ip = self.ip(setting == "ipv6");
            if numbered_ip_key(key).is_some_and(|b| b.starts_with("address")) {
                ip.addresses += 1;
            }
            if key == "method" && ip.method.is_none() {
                ip.method = Some((String::new(), pair.value_span()));
            }
        }
    }

    fn ip(&mut self, v6: bool) -> &mut Ip {
        if v6 {
            self.ipv6.get_or_insert_with(Ip::default)
        } else {
            self.ipv4.get_or_insert_with(Ip::default)
        }
    }

    fn kind(&mut self, out: &mut Vec<Finding>, pair: &Pair<'_>) {
        let value = pair.value;
        let normalised = match value {
            "ethernet" => "802-3-ethernet",
            "wifi" => "802-11-wireless",
            v => v,
        };
        self.kind = Some(normalised.to_string());
        if TYPES.split_whitespace().any(|t| t == value) {
            return;
        }
        let hint = match value {
            "wireless" | "wlan" | "802-11-wifi" => Some("wifi"),
            "eth" | "wired" | "802-3" => Some("ethernet"),
            _ => closest(value, TYPES.split_whitespace()),
        };
        let hint = hint.map_or(String::new(), |t| format!("did you mean `{t}`? "));
        out.push(
            Finding::error(
                "nmconnection/unknown-type",
                if value.is_empty() {
                    pair.key_span()
                } else {
                    pair.value_span()
                },
                format!("`type={value}` is not a connection type NetworkManager knows"),
            )
            .help(format!(
                "{hint}use `ethernet`, `wifi`, `bridge`, `bond`, `vlan`, … (nm-settings(5)); NetworkManager does not load the profile"
            )),
        );
    }

    fn method(&mut self, out: &mut Vec<Finding>, pair: &Pair<'_>, v6: bool) {
        let value = pair.value;
        let ip = self.ip(v6);
        ip.method = Some((value.to_string(), pair.value_span()));
        let (family, methods) = if v6 {
            ("ipv6", IPV6_METHODS)
        } else {
            ("ipv4", IPV4_METHODS)
        };
        if methods.split_whitespace().any(|m| m == value) {
            return;
        }
        let hint = match value {
            "static" | "none" => "a fixed address is `manual`; ".to_string(),
            "dhcp" => "DHCP is `auto`; ".to_string(),
            "ignore" => "`ignore` is for IPv6 only: for IPv4 write `disabled`; ".to_string(),
            v => closest(v, methods.split_whitespace())
                .map_or(String::new(), |m| format!("did you mean `{m}`? ")),
        };
        let list = methods.split_whitespace().collect::<Vec<_>>().join("`, `");
        out.push(
            Finding::error(
                "nmconnection/invalid-method",
                if value.is_empty() {
                    pair.key_span()
                } else {
                    pair.value_span()
                },
                format!("`method={value}` is not an {family} method"),
            )
            .help(format!(
                "{hint}{family}.method is one of `{list}`; NetworkManager does not load the profile"
            )),
        );
    }

    fn gateway(&mut self, out: &mut Vec<Finding>, pair: &Pair<'_>, v6: bool) {
        let value = pair.value.trim_end_matches(is_space);
        match parse_ip(value, v6) {
            Some(IpAddr::V4(addr)) => self.facts.push(Fact::Gateway {
                addr,
                span: pair.sub_span(0, value.len()),
            }),
            Some(IpAddr::V6(_)) => {}
            None => out.push(bad_gateway(pair, value, pair.sub_span(0, value.len()), v6)),
        }
    }

    fn dns(&mut self, out: &mut Vec<Finding>, pair: &Pair<'_>, v6: bool) {
        for (start, item) in list_items(pair.value) {
            let span = pair.sub_span(start, start + item.len());
            if item.contains(',') {
                out.push(dns_comma(pair, span));
                continue;
            }
            // NetworkManager ≥ 1.48 also takes `ADDR#SERVER-NAME` (DNS over TLS)
            let addr = item.split('#').next().unwrap_or(item);
            match parse_ip(addr, v6) {
                Some(addr) => self.facts.push(Fact::Nameserver { addr, span }),
                None => {
                    let family = if v6 { "IPv6" } else { "IPv4" };
                    out.push(
                        Finding::error(
                            "nmconnection/invalid-dns",
                            span,
                            format!("`{item}` in `{}` is not an {family} address", pair.key),
                        )
                        .help(format!(
                            "NetworkManager drops it (`ignoring invalid DNS server {family} address`); write the server's address{}",
                            if v6 { "" } else { ", IPv6 servers go in [ipv6]" }
                        )),
                    );
                }
            }
        }
    }

    fn address(&mut self, out: &mut Vec<Finding>, pair: &Pair<'_>, v6: bool) {
        let family = if v6 { "IPv6" } else { "IPv4" };
        let parsed = match parse_address(pair.value) {
            Ok(p) => p,
            Err(AddressError::Empty) => {
                out.push(
                    Finding::error(
                        "nmconnection/invalid-address",
                        pair.key_span(),
                        format!("`{}` is empty", pair.key),
                    )
                    .help(format!(
                        "write the address and its prefix length, e.g. `{}=10.7.0.128/24`; NetworkManager ignores an empty one",
                        pair.key
                    )),
                );
                return;
            }
            Err(AddressError::Unexpected(at)) => {
                let c = pair.value[at..].chars().next().unwrap_or(' ');
                let blank = is_space(c);
                out.push(
                    Finding::error(
                        "nmconnection/invalid-address",
                        pair.sub_span(at, at + c.len_utf8()),
                        format!(
                            "unexpected character {c:?} in `{}={}`",
                            pair.key, pair.value
                        ),
                    )
                    .help(if blank {
                        "remove the blank: NetworkManager's keyfile reader stops at it and drops the whole address".to_string()
                    } else {
                        format!(
                            "write `ADDRESS/PREFIX` or `ADDRESS/PREFIX,GATEWAY`, e.g. `{}=10.7.0.128/24,10.7.0.2`; NetworkManager drops the address",
                            pair.key
                        )
                    }),
                );
                return;
            }
            Err(AddressError::Garbage(at)) => {
                out.push(
                    Finding::error(
                        "nmconnection/invalid-address",
                        pair.sub_span(at, pair.value.len()),
                        format!("garbage at the end of `{}={}`", pair.key, pair.value),
                    )
                    .help(format!(
                        "one key holds one address: `ADDRESS/PREFIX[,GATEWAY]`; put another address in its own key (`address2=`); NetworkManager drops this one (`garbage at the end of value {}`)",
                        pair.key
                    )),
                );
                return;
            }
        };
        let (s, e) = parsed.addr;
        let text = &pair.value[s..e];
        let addr_span = pair.sub_span(s, e);
        let Some(addr) = parse_ip(text, v6) else {
            out.push(
                Finding::error(
                    "nmconnection/invalid-address",
                    addr_span,
                    format!("`{text}` in `{}` is not an {family} address", pair.key),
                )
                .help(format!(
                    "NetworkManager drops it (`ignoring invalid {family} address`){}",
                    if v6 {
                        ""
                    } else {
                        "; write four numbers 0-255 without leading zeros, and IPv6 addresses in [ipv6]"
                    }
                )),
            );
            return;
        };
        let max = if v6 { 128 } else { 32 };
        let default = if v6 { 64 } else { 24 };
        let prefix = match parsed.prefix {
            Some((s, e)) => {
                let p = &pair.value[s..e];
                match p.parse::<u32>() {
                    Ok(n) if n <= max && !p.is_empty() => Some(n as u8),
                    _ => {
                        out.push(
                            Finding::error(
                                "nmconnection/invalid-prefix",
                                pair.sub_span(s, e),
                                format!(
                                    "`/{p}` in `{}` is not an {family} prefix length (0 to {max})",
                                    pair.key
                                ),
                            )
                            .help(format!(
                                "NetworkManager replaces it with /{default} (`invalid prefix length for {}`); write the subnet's prefix length, e.g. `{text}/24`",
                                pair.key
                            )),
                        );
                        None
                    }
                }
            }
            None => {
                out.push(
                    Finding::warning(
                        "nmconnection/missing-prefix",
                        addr_span,
                        format!("`{}={}` has no prefix length", pair.key, pair.value),
                    )
                    .help(format!(
                        "NetworkManager's keyfile reader assumes /{default} and warns (`missing prefix length for {}`); write it: `{text}/{}`",
                        pair.key,
                        if v6 { 64 } else { 24 }
                    )),
                );
                None
            }
        };
        if let IpAddr::V4(addr) = addr {
            self.facts.push(Fact::Address {
                addr,
                prefix,
                span: addr_span,
            });
        }
        if let Some((s, e)) = parsed.gateway {
            let gw = &pair.value[s..e];
            match parse_ip(gw, v6) {
                Some(IpAddr::V4(addr)) => self.facts.push(Fact::Gateway {
                    addr,
                    span: pair.sub_span(s, e),
                }),
                Some(IpAddr::V6(_)) => {}
                None => out.push(bad_gateway(pair, gw, pair.sub_span(s, e), v6)),
            }
        }
    }

    /// The checks that need the whole profile.
    fn finish(&self, out: &mut Vec<Finding>) {
        let Some(header) = self.connection else {
            let finding = match &self.base {
                // NetworkManager's own Test_minimal_2 is `[802-3-ethernet]` alone
                Some(base) => Finding::warning(
                    "nmconnection/missing-connection",
                    Span::new(1, 1, 1),
                    format!("the profile has no [connection] group: NetworkManager names it after its file and takes its type from [{base}]"),
                )
                .help("start it with `[connection]`, `id=NAME` and `type=…`, so that `nmcli connection up NAME` finds it by a name you chose"),
                None => Finding::error(
                    "nmconnection/missing-connection",
                    Span::new(1, 1, 1),
                    "the profile has no [connection] group",
                )
                .help("start it with `[connection]`, `id=NAME` and `type=ethernet` (or the profile's type); NetworkManager does not load it"),
            };
            out.push(finding);
            return;
        };
        if !self.id {
            out.push(
                Finding::warning(
                    "nmconnection/missing-key",
                    header,
                    "[connection] has no `id`",
                )
                .help("add `id=NAME`, the name `nmcli connection up NAME` uses; without it NetworkManager names the profile after its file"),
            );
        }
        match &self.kind {
            None if self.base.is_some() => out.push(
                Finding::warning(
                    "nmconnection/missing-key",
                    header,
                    "[connection] has no `type`",
                )
                .help(format!(
                    "NetworkManager takes it from [{}]; write `type=` to say it",
                    self.base.as_deref().unwrap_or_default()
                )),
            ),
            None => out.push(
                Finding::error(
                    "nmconnection/missing-key",
                    header,
                    "[connection] has no `type`",
                )
                .help("add `type=ethernet` (or `wifi`, `bridge`, `bond`, `vlan`, …); NetworkManager does not load a profile without a type"),
            ),
            Some(kind) if kind == "802-3-ethernet" && !self.interface_name && !self.bound => out
                .push(
                    Finding::warning(
                        "nmconnection/missing-interface-name",
                        header,
                        "this ethernet profile names no interface",
                    )
                    .help("add `interface-name=ens33` (the NIC `ip link` shows) under [connection]; without it the profile may start on any ethernet device"),
                ),
            Some(_) => {}
        }
        for (ip, family) in [(&self.ipv4, "ipv4"), (&self.ipv6, "ipv6")] {
            let Some(ip) = ip else { continue };
            if let Some((method, span)) = &ip.method
                && method == "manual"
                && ip.addresses == 0
            {
                out.push(
                    Finding::error(
                        "nmconnection/missing-address",
                        *span,
                        format!("[{family}] method=manual has no address"),
                    )
                    .help(format!(
                        "add `address1=ADDRESS/PREFIX` (e.g. `address1=10.7.0.128/24,10.7.0.2`); NetworkManager refuses the profile: `{family}.addresses: this property cannot be empty for 'method=manual'`"
                    )),
                );
            }
        }
    }
}

fn bad_gateway(pair: &Pair<'_>, value: &str, span: Span, v6: bool) -> Finding {
    let family = if v6 { "IPv6" } else { "IPv4" };
    let help = if value.contains('/') {
        "a gateway is a bare address, without a prefix length".to_string()
    } else {
        format!("write the router's {family} address; NetworkManager does not load the profile")
    };
    Finding::error(
        "nmconnection/invalid-gateway",
        if value.is_empty() {
            pair.key_span()
        } else {
            span
        },
        format!(
            "`{value}` in `{}` is not an {family} gateway address",
            pair.key
        ),
    )
    .help(help)
}

fn dns_comma(pair: &Pair<'_>, span: Span) -> Finding {
    let fixed = pair
        .value
        .trim_end_matches(is_space)
        .replace(", ", ";")
        .replace(',', ";");
    Finding::error(
        "nmconnection/dns-comma",
        span,
        format!("`{}={}` separates its items with `,`", pair.key, pair.value),
    )
    .help(format!(
        "use `;`: `{}={fixed}`; GKeyFile lists are split on `;` only, so NetworkManager reads one invalid item and drops it",
        pair.key
    ))
}

fn dns_search(out: &mut Vec<Finding>, pair: &Pair<'_>) {
    for (start, item) in list_items(pair.value) {
        if item.contains(',') {
            out.push(dns_comma(pair, pair.sub_span(start, start + item.len())));
        }
    }
}

fn uuid(out: &mut Vec<Finding>, pair: &Pair<'_>) {
    let value = pair.value.trim_end_matches(is_space);
    // nm_uuid_is_valid_nmlegacy(): 32 hex digits, dashes anywhere but first
    let hex = value.chars().filter(char::is_ascii_hexdigit).count();
    let valid = hex == 32
        && !value.starts_with('-')
        && value.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if !valid {
        out.push(
            Finding::error(
                "nmconnection/invalid-uuid",
                if value.is_empty() {
                    pair.key_span()
                } else {
                    pair.value_span()
                },
                format!("`uuid={value}` is not a valid UUID"),
            )
            .help("write 32 hex digits as 8-4-4-4-12 (`uuidgen` prints one), or leave `uuid` out and NetworkManager derives one from the file's path; NetworkManager does not load the profile"),
        );
    }
}

fn boolean(out: &mut Vec<Finding>, pair: &Pair<'_>, group: &str) {
    let value = pair.value.trim_matches(is_space);
    if matches!(value, "true" | "false" | "1" | "0") {
        return;
    }
    let what = if value.is_empty() {
        "an empty value".to_string()
    } else {
        format!("`{value}`")
    };
    let fix = match value.to_ascii_lowercase().as_str() {
        "yes" | "on" | "y" | "true" => "write `true`; ",
        "no" | "off" | "n" | "false" => "write `false`; ",
        _ => "write `true` or `false`; ",
    };
    out.push(
        Finding::error(
            "nmconnection/invalid-boolean",
            if value.is_empty() {
                pair.key_span()
            } else {
                pair.value_span()
            },
            format!("`{}` in [{group}] takes a boolean, not {what}", pair.key),
        )
        .help(format!(
            "{fix}GKeyFile reads only `true`, `false`, `1` and `0` (case-sensitive), and NetworkManager keeps the default for anything else"
        )),
    );
}

fn unknown_group(out: &mut Vec<Finding>, span: Span, name: &str) {
    let hint = match closest(name, group_names()) {
        Some(g) => format!("did you mean [{g}]? "),
        None => String::new(),
    };
    out.push(
        Finding::warning(
            "nmconnection/unknown-group",
            span,
            format!("NetworkManager knows no setting [{name}]"),
        )
        .help(format!("{hint}NetworkManager ignores its keys")),
    );
}

fn unknown_key(out: &mut Vec<Finding>, pair: &Pair<'_>, group: &str, setting: &Setting) {
    let key = pair.base_key();
    let extra = if setting.is_ip() {
        ip_extra(setting.name())
    } else {
        ""
    };
    let names = setting
        .keys
        .split_whitespace()
        .chain(extra.split_whitespace());
    let hint = match closest(key, names) {
        Some(k) => format!("did you mean `{k}`? "),
        None if setting.is_ip() && key.starts_with("addr") => {
            "addresses are `address1=`, `address2=`, …; ".to_string()
        }
        None => String::new(),
    };
    out.push(
        Finding::warning(
            "nmconnection/unknown-key",
            pair.key_span(),
            format!("unknown key `{key}` in [{group}]"),
        )
        .help(format!("{hint}NetworkManager ignores it")),
    );
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// An IP of the family, as `inet_pton` reads it.
fn parse_ip(text: &str, v6: bool) -> Option<IpAddr> {
    if v6 {
        text.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        text.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

/// The items of a GKeyFile list (split on `;`, a trailing `;` allowed),
/// with their byte offsets, blanks around them trimmed, empty ones skipped.
fn list_items(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in value.split(';') {
        let trimmed = piece.trim_start_matches(is_space);
        let offset = start + piece.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_space);
        if !trimmed.is_empty() {
            out.push((offset, trimmed));
        }
        start += piece.len() + 1;
    }
    out
}

/// Byte ranges of an `addressN=` value's fields.
#[derive(Debug, PartialEq, Eq)]
struct AddressFields {
    addr: (usize, usize),
    prefix: Option<(usize, usize)>,
    gateway: Option<(usize, usize)>,
}

/// Why an `addressN=` value is dropped by the keyfile reader.
#[derive(Debug, PartialEq, Eq)]
enum AddressError {
    /// Nothing at all.
    Empty,
    /// A character no field allows, at this byte.
    Unexpected(usize),
    /// Another field after the gateway, from this byte.
    Garbage(usize),
}

/// Characters of an address field (`IP_ADDRESS_CHARS`).
fn address_char(c: char) -> bool {
    c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '%')
}

/// The delimiters, interchangeable (`DELIMITERS`).
fn delimiter(c: char) -> bool {
    matches!(c, '/' | ';' | ',')
}

/// One field as nm-keyfile.c's `read_field()` reads it from `*at`: `None`
/// at the end of input (leaving `*at` alone), `Err(byte)` at a bad
/// character (leaving `*at` alone), else the field's range, `*at` moving
/// past its delimiter (or to `None` at the end of input).
fn read_field(
    value: &str,
    at: &mut Option<usize>,
    allowed: fn(char) -> bool,
) -> Result<Option<(usize, usize)>, usize> {
    let Some(start) = *at else {
        return Ok(None);
    };
    if start >= value.len() {
        return Ok(None);
    }
    let end = value[start..]
        .char_indices()
        .find(|&(_, c)| !allowed(c))
        .map_or(value.len(), |(i, _)| start + i);
    match value[end..].chars().next() {
        None => {
            *at = None;
            Ok(Some((start, end)))
        }
        Some(c) if delimiter(c) => {
            *at = Some(end + 1);
            Ok(Some((start, end)))
        }
        Some(_) => Err(end),
    }
}

/// Splits an `addressN=` value as `read_one_ip_address_or_route()` does.
fn parse_address(value: &str) -> Result<AddressFields, AddressError> {
    let mut at = Some(0);
    let addr = read_field(value, &mut at, address_char)
        .map_err(AddressError::Unexpected)?
        .ok_or(AddressError::Empty)?;
    // the prefix length is skippable: a bad character leaves it for the gateway
    let prefix = read_field(value, &mut at, |c| c.is_ascii_digit()).unwrap_or(None);
    let gateway = read_field(value, &mut at, address_char).map_err(AddressError::Unexpected)?;
    if let Some(rest) = at
        && rest < value.len()
    {
        return Err(AddressError::Garbage(rest));
    }
    Ok(AddressFields {
        addr,
        prefix,
        gateway,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Format, Severity, testing::assert_at};

    #[track_caller]
    fn only(text: &str, rule: &str) -> Finding {
        crate::validate::testing::only(Format::Nmconnection, text, rule)
    }

    #[track_caller]
    fn clean(text: &str) {
        let report = check(text);
        assert!(report.findings.is_empty(), "{text}: {:#?}", report.findings);
    }

    const HEAD: &str = "[connection]\nid=ens33\ntype=ethernet\ninterface-name=ens33\n";

    fn profile(rest: &str) -> String {
        format!("{HEAD}{rest}")
    }

    #[test]
    fn rhel9_manual_profile_is_clean_and_gives_facts() {
        let text = profile(
            "uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\nautoconnect=true\n\n[ethernet]\n\n[ipv4]\nmethod=manual\naddress1=10.7.0.128/24,10.7.0.2\ndns=10.7.0.2;114.114.114.114;\ndns-search=localdomain;\nmay-fail=false\n\n[ipv6]\naddr-gen-mode=eui64\nmethod=auto\n\n[proxy]\n",
        );
        let report = check(&text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(
            report.facts,
            [
                Fact::Address {
                    addr: "10.7.0.128".parse().unwrap(),
                    prefix: Some(24),
                    span: Span::new(12, 10, 10),
                },
                Fact::Gateway {
                    addr: "10.7.0.2".parse().unwrap(),
                    span: Span::new(12, 24, 8),
                },
                Fact::Nameserver {
                    addr: "10.7.0.2".parse().unwrap(),
                    span: Span::new(13, 5, 8),
                },
                Fact::Nameserver {
                    addr: "114.114.114.114".parse().unwrap(),
                    span: Span::new(13, 14, 15),
                },
            ]
        );
    }

    #[test]
    fn address_fields_follow_the_keyfile_reader() {
        let f = |v: &str| parse_address(v);
        assert_eq!(
            f("10.7.0.128/24,10.7.0.2"),
            Ok(AddressFields {
                addr: (0, 10),
                prefix: Some((11, 13)),
                gateway: Some((14, 22)),
            })
        );
        // `/`, `;` and `,` are interchangeable; a trailing one is fine
        assert_eq!(
            f("10.7.0.128;24;10.7.0.2;").unwrap().gateway,
            Some((14, 22))
        );
        // the deprecated `ADDRESS/GATEWAY`: the prefix is skipped
        assert_eq!(
            f("10.7.0.128/10.7.0.2"),
            Ok(AddressFields {
                addr: (0, 10),
                prefix: None,
                gateway: Some((11, 19)),
            })
        );
        assert_eq!(f("10.7.0.128").unwrap().prefix, None);
        assert_eq!(f("10.7.0.128/").unwrap().prefix, None);
        assert_eq!(f("10.7.0.128//24").unwrap().prefix, Some((11, 11)));
        assert_eq!(f(""), Err(AddressError::Empty));
        assert_eq!(f("10.7.0.128/24 "), Err(AddressError::Unexpected(13)));
        assert_eq!(f("192.168.?.1/24"), Err(AddressError::Unexpected(8)));
        assert_eq!(
            f("10.7.0.128/24,10.7.0.2,10.7.0.3"),
            Err(AddressError::Garbage(23))
        );
        assert_eq!(
            f("fe80::1%eth0/64").unwrap_err(),
            AddressError::Unexpected(9)
        );
    }

    #[test]
    fn addresses() {
        let f = only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.300/24\n"),
            "nmconnection/invalid-address",
        );
        assert_at(&f, Severity::Error, 7, 10);
        assert!(f.message.contains("10.7.0.300"), "{}", f.message);
        let f = only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.128/33\n"),
            "nmconnection/invalid-prefix",
        );
        assert_at(&f, Severity::Error, 7, 21);
        assert!(f.help.unwrap().contains("/24"));
        let f = only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.128\n"),
            "nmconnection/missing-prefix",
        );
        assert_at(&f, Severity::Warning, 7, 10);
        let f = only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.128/24 \n"),
            "nmconnection/invalid-address",
        );
        assert!(f.help.unwrap().contains("blank"));
        only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.128/24,10.7.0.2,10.7.0.3\n"),
            "nmconnection/invalid-address",
        );
        only(
            &profile("[ipv4]\nmethod=manual\naddress1=2001:db8::5/64\n"),
            "nmconnection/invalid-address",
        );
        clean(&profile(
            "[ipv6]\nmethod=manual\naddress1=2001:db8::5/64,2001:db8::1\ngateway=2001:db8::1\ndns=2001:4860:4860::8888;\n",
        ));
        // `addresses` and the deprecated forms still count as addresses
        clean(&profile(
            "[ipv4]\nmethod=manual\naddresses1=10.7.0.128/24;10.7.0.2;\n",
        ));
    }

    #[test]
    fn manual_needs_an_address() {
        let f = only(
            &profile("[ipv4]\nmethod=manual\ngateway=10.7.0.2\n"),
            "nmconnection/missing-address",
        );
        assert_at(&f, Severity::Error, 6, 8);
        clean(&profile("[ipv4]\nmethod=auto\n"));
    }

    #[test]
    fn methods() {
        let f = only(
            &profile("[ipv4]\nmethod=static\naddress1=10.7.0.128/24\n"),
            "nmconnection/invalid-method",
        );
        assert!(f.help.unwrap().contains("`manual`"));
        only(
            &profile("[ipv4]\nmethod=ignore\n"),
            "nmconnection/invalid-method",
        );
        clean(&profile("[ipv6]\nmethod=ignore\n"));
        clean(&profile(
            "[ipv4]\nmethod=disabled\n[ipv6]\nmethod=disabled\n",
        ));
    }

    #[test]
    fn gateways_and_dns() {
        let f = only(
            &profile("[ipv4]\nmethod=manual\naddress1=10.7.0.128/24\ngateway=10.7.0.2/24\n"),
            "nmconnection/invalid-gateway",
        );
        assert_at(&f, Severity::Error, 8, 9);
        let f = only(
            &profile("[ipv4]\nmethod=auto\ndns=8.8.8.8,8.8.4.4\n"),
            "nmconnection/dns-comma",
        );
        assert_at(&f, Severity::Error, 7, 5);
        assert!(f.help.unwrap().contains("dns=8.8.8.8;8.8.4.4"));
        only(
            &profile("[ipv4]\nmethod=auto\ndns-search=a.example,b.example\n"),
            "nmconnection/dns-comma",
        );
        let f = only(
            &profile("[ipv4]\nmethod=auto\ndns=10.7.0.2;10.7.0.256\n"),
            "nmconnection/invalid-dns",
        );
        assert_at(&f, Severity::Error, 7, 14);
        clean(&profile(
            "[ipv4]\nmethod=auto\ndns= 10.7.0.2 ; 1.1.1.1#one.one.one.one ;\n",
        ));
    }

    #[test]
    fn booleans_are_gkeyfile_booleans() {
        for ok in ["true", "false", "1", "0", "true  "] {
            clean(&profile(&format!("autoconnect={ok}\n")));
        }
        for bad in ["yes", "no", "True", "on", ""] {
            only(
                &profile(&format!("autoconnect={bad}\n")),
                "nmconnection/invalid-boolean",
            );
        }
        let f = only(
            &profile("[ipv4]\nmethod=auto\nignore-auto-dns=yes\n"),
            "nmconnection/invalid-boolean",
        );
        assert_at(&f, Severity::Error, 7, 17);
        assert!(f.help.unwrap().starts_with("write `true`"));
    }

    #[test]
    fn connection_keys() {
        // NetworkManager names a profile without `id` after its file
        let f = only(
            "[connection]\ntype=ethernet\ninterface-name=ens33\n",
            "nmconnection/missing-key",
        );
        assert_at(&f, Severity::Warning, 1, 1);
        assert!(f.message.contains("`id`"));
        // and takes a missing `type` from the type's group (its
        // Test_minimal_1, Test_minimal_2, Test_minimal_port_2)
        let f = only(
            "[connection]\nid=x\ninterface-name=ens33\n[ethernet]\n",
            "nmconnection/missing-key",
        );
        assert_at(&f, Severity::Warning, 1, 1);
        assert!(f.help.unwrap().contains("[ethernet]"));
        let f = only("[802-3-ethernet]\n", "nmconnection/missing-connection");
        assert_at(&f, Severity::Warning, 1, 1);
        let f = only("[connection]\nid=x\n", "nmconnection/missing-key");
        assert!(f.message.contains("`type`"));
        let f = only(
            "[connection]\nid=x\ntype=wireless\n",
            "nmconnection/unknown-type",
        );
        assert!(f.help.unwrap().contains("`wifi`"));
        only("[ipv4]\nmethod=auto\n", "nmconnection/missing-connection");
        only("", "nmconnection/missing-connection");
        let f = only(
            &profile("uuid=5fb06bd0-0bb0-7ffb-45f1\n"),
            "nmconnection/invalid-uuid",
        );
        assert_at(&f, Severity::Error, 5, 6);
        clean(&profile("uuid=5FB06BD00BB07FFB45F1D6EDD65F3E03\n"));
        clean("[connection]\nid=br0\ntype=bridge\ninterface-name=br0\n[bridge]\nstp=false\n");
        clean("[connection]\nid=wlan\ntype=wifi\n[wifi]\nssid=lab\nmode=infrastructure\n");
    }

    #[test]
    fn ethernet_without_interface_name() {
        let f = only(
            "[connection]\nid=eth\ntype=802-3-ethernet\n",
            "nmconnection/missing-interface-name",
        );
        assert_at(&f, Severity::Warning, 1, 1);
        clean("[connection]\nid=eth\ntype=ethernet\n[ethernet]\nmac-address=00:0C:29:AA:BB:CC\n");
        clean("[connection]\nid=eth\ntype=ethernet\n[match]\ninterface-name=ens*\n");
    }

    #[test]
    fn unknown_groups_and_keys() {
        let f = only(
            &profile("[ipv5]\nmethod=auto\n"),
            "nmconnection/unknown-group",
        );
        assert!(f.help.unwrap().contains("[ipv4]"));
        let f = only(
            &profile("[ipv4]\nmethod=auto\ngatway=10.7.0.2\n"),
            "nmconnection/unknown-key",
        );
        assert_at(&f, Severity::Warning, 7, 1);
        assert!(f.help.unwrap().contains("`gateway`"));
        // numbered keys, open settings and locale suffixes are known
        clean(&profile(
            "[ipv4]\nmethod=auto\nroute1=10.8.0.0/16,10.7.0.2\nroute1_options=onlink=true\n[bond]\nmode=active-backup\nmiimon=100\n[wireguard-peer.abc=]\nallowed-ips=0.0.0.0/0;\n",
        ));
    }

    #[test]
    fn grammar_findings_use_this_format_s_rules() {
        only("id=x\n[connection]\n", "nmconnection/key-outside-group");
        only(&profile("[ipv4\nmethod=auto\n"), "nmconnection/syntax");
        let f = only(
            &profile("[ipv4]\nmethod=auto # DHCP\n"),
            "nmconnection/inline-comment",
        );
        assert_at(&f, Severity::Error, 6, 13);
        // reported once: not also as an invalid method
        assert_eq!(
            check(&profile("[ipv4]\nmethod=auto # DHCP\n"))
                .findings
                .len(),
            1
        );
        only(
            &profile("[ipv4]\nmethod=auto\n[ipv4]\n"),
            "nmconnection/duplicate-group",
        );
        only(&profile("id=again\n"), "nmconnection/duplicate-key");
    }

    #[test]
    fn columns_count_characters() {
        let f = only(
            "[connection]\nid=网卡\ntype=ethernet\ninterface-name=ens33\n[ipv4]\nmethod=manual\naddress1=10.7.0.1/24,网关\n",
            "nmconnection/invalid-address",
        );
        assert_at(&f, Severity::Error, 7, 22);
    }
}

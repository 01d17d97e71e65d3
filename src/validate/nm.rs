//! Validator for `NetworkManager.conf` and `conf.d/*.conf`
//! (NetworkManager.conf(5)).
//!
//! NetworkManager loads the file with GLib's
//! `g_key_file_load_from_file(…, G_KEY_FILE_NONE, …)`; if that fails, the
//! whole configuration fails (`Default config file invalid: …`). Each line is
//! read as `g_key_file_parse_line()` does ([`super::gkeyfile`]), after
//! leading blanks:
//!
//! - empty, or starting with `#`: a comment (`#` only counts there);
//! - `[name]` with only blanks after `]`: a group header;
//! - anything with `=` not in first position: `key=value`, the key trimmed at
//!   its end, the value trimmed at its start only, `#` included;
//! - anything else: an error.
//!
//! Then NetworkManager's own reading applies: the groups and keys
//! `nm-config.c` knows (it warns `unknown key 'K' in section [G]`), `managed`
//! read only from `[ifupdown]` by the ifupdown plugin (or from `[device*]`),
//! and booleans parsed by `_nm_utils_ascii_str_to_bool()`:
//! `true`/`yes`/`on`/`1` and `false`/`no`/`off`/`0`, any case; anything else
//! silently gives the default (`../shared/design/config-formats.md` §6, §8).
//!
//! | rule | severity | real verdict |
//! |---|---|---|
//! | `nm/syntax` | error | GKeyFile: `Key file contains line “…” which is not a key-value pair, group, or comment`, `Invalid group name: …`, `Invalid key name: …` |
//! | `nm/key-outside-group` | error | GKeyFile: `Key file does not start with a group` |
//! | `nm/managed-outside-ifupdown` | error | silent: the plugin never reads it |
//! | `nm/invalid-boolean` | error | silent: the default is used |
//! | `nm/inline-comment` | error | silent: `#` is part of the value |
//! | `nm/duplicate-group` | warning | silent: the groups are merged |
//! | `nm/duplicate-key` | warning | silent: the last value wins |
//! | `nm/unknown-group` | warning | NetworkManager warns about each key |
//! | `nm/unknown-key` | warning | NetworkManager: `unknown key 'K' in section [G]` |

use std::collections::HashMap;

use super::{
    Finding, Report, Span,
    gkeyfile::{self, Pair, Rules, Visitor, is_space},
    interfaces::closest,
};

/// Validates `text` as a NetworkManager configuration file.
///
/// Never panics. Reports no facts: the file holds no addresses the
/// semantic checks use.
pub fn check(text: &str) -> Report {
    Report {
        findings: gkeyfile::read(text, &RULES, &mut Checks::default()),
        facts: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// What NetworkManager knows (nm-config.c's `config_groups`, nm-config-base.h)
// ---------------------------------------------------------------------------

/// A group NetworkManager reads, by exact name or by prefix, with its keys
/// (space-separated).
#[derive(Debug)]
struct GroupSpec {
    name: &'static str,
    prefix: bool,
    keys: &'static str,
    /// Keys whose value is a list, which also take `key+=` and `key-=`.
    lists: &'static str,
    /// Booleans, parsed with `_nm_utils_ascii_str_to_bool()`.
    booleans: &'static str,
    /// Whether the [`CONNECTION_DEFAULTS`] are allowed (`[connection*]`).
    properties: bool,
}

impl GroupSpec {
    fn matches(&self, group: &str) -> bool {
        if self.prefix {
            group.starts_with(self.name)
        } else {
            group == self.name
        }
    }

    fn has_key(&self, key: &str) -> bool {
        self.keys.split_whitespace().any(|k| k == key)
            || (self.properties && CONNECTION_DEFAULTS.binary_search(&key).is_ok())
    }

    fn is_list(&self, key: &str) -> bool {
        self.lists.split_whitespace().any(|k| k == key)
    }

    fn is_boolean(&self, key: &str) -> bool {
        self.booleans.split_whitespace().any(|k| k == key)
    }
}

/// The `setting.property` keys a `[connection*]` group may set: the
/// properties NetworkManager reads a default for (each `NM_CON_DEFAULT()` of
/// its source, NetworkManager 1.58, as `check_config_key()` collects them).
/// Any other (`ipv4.addresses`, `wifi.tx-power`) it ignores, with
/// `unknown key … in section [connection]`.
const CONNECTION_DEFAULTS: &[&str] = &[
    "802-1x.auth-timeout",
    "cdma.mtu",
    "connection.auth-retries",
    "connection.autoconnect-ports",
    "connection.autoconnect-slaves",
    "connection.dns-over-tls",
    "connection.dnssec",
    "connection.down-on-poweroff",
    "connection.ip-ping-addresses-require-all",
    "connection.lldp",
    "connection.llmnr",
    "connection.mdns",
    "connection.mptcp-flags",
    "connection.mud-url",
    "connection.stable-id",
    "ethernet.cloned-mac-address",
    "ethernet.generate-mac-address-mask",
    "ethernet.mtu",
    "ethernet.wake-on-lan",
    "gsm.mtu",
    "hostname.from-dhcp",
    "hostname.from-dns-lookup",
    "hostname.only-from-default",
    "hostname.priority",
    "infiniband.mtu",
    "ip-tunnel.mtu",
    "ipv4.clat",
    "ipv4.dad-timeout",
    "ipv4.dhcp-client-id",
    "ipv4.dhcp-dscp",
    "ipv4.dhcp-hostname-flags",
    "ipv4.dhcp-iaid",
    "ipv4.dhcp-ipv6-only-preferred",
    "ipv4.dhcp-send-hostname",
    "ipv4.dhcp-send-release",
    "ipv4.dhcp-timeout",
    "ipv4.dhcp-vendor-class-identifier",
    "ipv4.dns-priority",
    "ipv4.forwarding",
    "ipv4.link-local",
    "ipv4.required-timeout",
    "ipv4.route-metric",
    "ipv4.route-table",
    "ipv4.routed-dns",
    "ipv6.addr-gen-mode",
    "ipv6.dhcp-duid",
    "ipv6.dhcp-hostname-flags",
    "ipv6.dhcp-iaid",
    "ipv6.dhcp-send-hostname",
    "ipv6.dhcp-send-release",
    "ipv6.dhcp-timeout",
    "ipv6.dns-priority",
    "ipv6.ip6-privacy",
    "ipv6.ra-timeout",
    "ipv6.required-timeout",
    "ipv6.route-metric",
    "ipv6.route-table",
    "ipv6.routed-dns",
    "ipv6.temp-preferred-lifetime",
    "ipv6.temp-valid-lifetime",
    "loopback.mtu",
    "macsec.offload",
    "sriov.autoprobe-drivers",
    "sriov.preserve-on-down",
    "vpn.timeout",
    "wifi-sec.fils",
    "wifi-sec.pmf",
    "wifi.ap-isolation",
    "wifi.cloned-mac-address",
    "wifi.generate-mac-address-mask",
    "wifi.mac-address-randomization",
    "wifi.mtu",
    "wifi.powersave",
    "wifi.wake-on-wlan",
    "wireguard.mtu",
];

const fn group(name: &'static str, prefix: bool, keys: &'static str) -> GroupSpec {
    GroupSpec {
        name,
        prefix,
        keys,
        lists: "",
        booleans: "",
        properties: false,
    }
}

/// NetworkManager's groups, in `nm-config.c`'s order (first match wins).
static GROUPS: [GroupSpec; 10] = [
    GroupSpec {
        lists: "plugins debug no-auto-default ignore-carrier assume-ipv6ll-only",
        booleans: "systemd-resolved monitor-connection-files",
        ..group(
            "main",
            false,
            "assume-ipv6ll-only auth-polkit autoconnect-retries-default configure-and-quit \
             debug dhcp dns firewall-backend hostname-mode ignore-carrier iwd-config-path \
             migrate-ifcfg-rh monitor-connection-files no-auto-default plugins rc-manager \
             slaves-order systemd-resolved",
        )
    },
    GroupSpec {
        lists: "domains",
        booleans: "audit",
        ..group("logging", false, "audit backend domains level")
    },
    GroupSpec {
        booleans: "enabled",
        ..group(
            "connectivity",
            false,
            "enabled interval timeout response uri",
        )
    },
    GroupSpec {
        lists: "unmanaged-devices",
        ..group("keyfile", false, "hostname path rename unmanaged-devices")
    },
    GroupSpec {
        booleans: "managed",
        ..group("ifupdown", false, "managed")
    },
    GroupSpec {
        lists: "match-device allowed-connections",
        booleans: "managed ignore-carrier keep-configuration check-connectivity \
                   wifi.scan-rand-mac-address wifi.iwd.autoconnect",
        ..group(
            "device",
            true,
            "managed ignore-carrier check-connectivity sriov-num-vfs keep-configuration \
             allowed-connections wifi.backend wifi.scan-rand-mac-address \
             wifi.scan-generate-mac-address-mask carrier-wait-timeout wifi.iwd.autoconnect \
             match-device stop-match",
        )
    },
    group(
        "global-dns",
        false,
        "searches options certification-authority resolve-mode",
    ),
    group("global-dns-domain-", true, "servers options"),
    GroupSpec {
        lists: "match-device",
        properties: true,
        ..group("connection", true, "match-device stop-match")
    },
    group(".config", false, "enable"),
];

fn group_spec(name: &str) -> Option<&'static GroupSpec> {
    GROUPS.iter().find(|g| g.matches(name))
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// The grammar's rule names for `NetworkManager.conf`.
const RULES: Rules = Rules {
    syntax: "nm/syntax",
    key_outside_group: "nm/key-outside-group",
    inline_comment: "nm/inline-comment",
    duplicate_group: "nm/duplicate-group",
    duplicate_key: "nm/duplicate-key",
    refused: "NetworkManager refuses the whole file (`Default config file invalid`)",
    refused_short: "NetworkManager refuses the whole file",
};

/// NetworkManager's checks on what GKeyFile read: what each group index
/// is, as far as NetworkManager knows it.
#[derive(Debug, Default)]
struct Checks {
    specs: HashMap<usize, Option<&'static GroupSpec>>,
}

impl Visitor for Checks {
    fn group(&mut self, out: &mut Vec<Finding>, index: usize, name: &str, span: Span) {
        let spec = group_spec(name);
        if spec.is_none() {
            unknown_group(out, span, name);
        }
        self.specs.insert(index, spec);
    }

    fn pair(
        &mut self,
        out: &mut Vec<Finding>,
        index: usize,
        group: &str,
        pair: &Pair<'_>,
        commented: bool,
    ) {
        let spec = self.specs.get(&index).copied().flatten();
        let key = pair.base_key();
        if key == "managed" && spec.is_none_or(|s| s.name != "ifupdown" && s.name != "device") {
            managed_outside(out, pair, group);
            return;
        }
        let Some(spec) = spec else {
            return; // already reported as an unknown group
        };
        if !known_key(out, pair, group, spec) {
            return;
        }
        if spec.is_boolean(key) && !commented {
            boolean(out, pair, group);
        }
    }

    fn group_for(&self, key: &str) -> String {
        if key == "managed" {
            "[ifupdown]".to_string()
        } else {
            GROUPS
                .iter()
                .find(|g| !g.prefix && g.has_key(key))
                .map_or("its group (e.g. [main])".to_string(), |g| {
                    format!("[{}]", g.name)
                })
        }
    }
}

fn unknown_group(out: &mut Vec<Finding>, span: Span, name: &str) {
    let known = GROUPS.iter().map(|g| g.name);
    let hint = match closest(name, known) {
        Some(g) => format!("did you mean [{g}]? "),
        None => String::new(),
    };
    let internal = if name.starts_with(".intern.") {
        "internal groups cannot be set by configuration; "
    } else {
        ""
    };
    out.push(
        Finding::warning(
            "nm/unknown-group",
            span,
            format!("NetworkManager knows no group [{name}]"),
        )
        .help(format!(
            "{hint}{internal}its keys do nothing (NetworkManager warns `unknown key … in section [{name}]`)"
        )),
    );
}

fn managed_outside(out: &mut Vec<Finding>, pair: &Pair<'_>, group: &str) {
    out.push(
        Finding::error(
            "nm/managed-outside-ifupdown",
            pair.key_span(),
            format!("`managed` in [{group}] is ignored: NetworkManager's ifupdown plugin reads it only from [ifupdown]"),
        )
        .help("move it under an `[ifupdown]` header (or use `[device-NAME]` with `match-device=` for per-device management)"),
    );
}

/// Reports a key NetworkManager does not know in `spec`'s group; returns
/// whether the key is known.
fn known_key(out: &mut Vec<Finding>, pair: &Pair<'_>, group: &str, spec: &GroupSpec) -> bool {
    let key = pair.base_key();
    if spec.has_key(key) {
        return true;
    }
    let (message, help) = match key.strip_suffix(['+', '-']) {
        Some(base) if spec.is_list(base) => return false,
        Some(base) if spec.has_key(base) => (
            format!("`{key}` in [{group}]: only list settings take `+=`/`-=`"),
            format!("NetworkManager drops it; write `{base}=`"),
        ),
        _ => {
            let defaults: &[&str] = if spec.properties {
                CONNECTION_DEFAULTS
            } else {
                &[]
            };
            let names = spec.keys.split_whitespace().chain(defaults.iter().copied());
            let hint = match closest(key, names) {
                Some(k) => format!("did you mean `{k}`? "),
                None if spec.properties && key.contains('.') => format!(
                    "NetworkManager takes a default for only some properties (NetworkManager.conf(5), CONNECTION SECTION): set `{key}` in the connection profile instead; "
                ),
                None => String::new(),
            };
            (
                format!("unknown key `{key}` in section [{group}]"),
                format!(
                    "{hint}NetworkManager ignores it (and logs `unknown key '{key}' in section [{group}]`)"
                ),
            )
        }
    };
    out.push(Finding::warning("nm/unknown-key", pair.key_span(), message).help(help));
    false
}

fn boolean(out: &mut Vec<Finding>, pair: &Pair<'_>, group: &str) {
    let value = pair.value.trim_matches(is_space);
    if parse_bool(value).is_some() {
        return;
    }
    let what = if value.is_empty() {
        "an empty value".to_string()
    } else {
        format!("`{value}`")
    };
    let span = if value.is_empty() {
        pair.key_span()
    } else {
        pair.value_span()
    };
    out.push(
        Finding::error(
            "nm/invalid-boolean",
            span,
            format!("`{}` in [{group}] takes a boolean, not {what}", pair.key),
        )
        .help("write `true` or `false`; NetworkManager silently uses the default for anything it cannot read as a boolean"),
    );
}

/// `_nm_utils_ascii_str_to_bool()` on a trimmed value.
fn parse_bool(value: &str) -> Option<bool> {
    let v = value.to_ascii_lowercase();
    match v.as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    use crate::validate::testing::assert_at;

    /// The one finding of `text` with `rule`.
    #[track_caller]
    fn only(text: &str, rule: &str) -> Finding {
        crate::validate::testing::only(crate::validate::Format::Nm, text, rule)
    }

    #[track_caller]
    fn clean(text: &str) {
        let report = check(text);
        assert!(report.findings.is_empty(), "{text}: {:#?}", report.findings);
    }

    #[test]
    fn ubuntu_default_is_clean() {
        clean(
            "[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n\n[device]\nwifi.scan-rand-mac-address=no\n",
        );
        clean(
            "# comment\n  # indented comment\n[main]\ndns = none\nplugins+=keyfile\n[keyfile]\nunmanaged-devices=interface-name:eth1\n[connection-eth]\nmatch-device=interface-name:eth*\nipv4.route-metric=100\n[global-dns-domain-*]\nservers=10.7.0.2\n[logging]\nlevel=INFO\n[device-wifi]\nmatch-device=type:wifi\nmanaged=yes\n[.config]\nenable=nm-version-min:1.20\n",
        );
        clean("[ifupdown]\r\nmanaged=true\r\n");
    }

    #[test]
    fn key_outside_group() {
        let f = only("managed=true\n", "nm/key-outside-group");
        assert_at(&f, Severity::Error, 1, 1);
        assert_eq!(f.message, "Key file does not start with a group");
        assert!(f.help.unwrap().contains("[ifupdown]"));
    }

    #[test]
    fn syntax() {
        let f = only("[ifupdown\nmanaged=true\n", "nm/syntax");
        assert_at(&f, Severity::Error, 1, 1);
        assert_eq!(
            f.message,
            "Key file contains line “[ifupdown” which is not a key-value pair, group, or comment"
        );
        for (text, line, column) in [
            ("[main]\n; comment\n", 2, 1),
            ("[main]\n  just words\n", 2, 3),
            ("[main]\n=value\n", 2, 1),
            ("[main] # the main group\n", 1, 1),
            ("[]\n", 1, 1),
            ("[a[b]\n", 1, 1),
            ("[main]\nkey]=1\n", 2, 1),
            ("[main]\nkey[x y]=1\n", 2, 1),
            ("[main]\nEncoding=latin1\n", 2, 10),
        ] {
            let f = only(text, "nm/syntax");
            assert_at(&f, Severity::Error, line, column);
        }
        // a locale suffix and blanks after `]` are fine
        clean("[main]   \ndns[de_DE.UTF-8@euro]=none\n");
    }

    #[test]
    fn a_broken_header_does_not_cascade() {
        let text = "[ifupdown] # comment\nmanaged=true\n";
        let report = check(text);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        assert_eq!(report.findings[0].rule, "nm/syntax");
    }

    #[test]
    fn managed_outside_ifupdown() {
        let f = only(
            "[main]\nplugins=ifupdown,keyfile\nmanaged=true\n",
            "nm/managed-outside-ifupdown",
        );
        assert_at(&f, Severity::Error, 3, 1);
        // also in a misspelt group, but not in [device*]
        only("[ifupdown ]\nmanaged=true\n", "nm/managed-outside-ifupdown");
        clean("[device-eth0]\nmatch-device=interface-name:eth0\nmanaged=false\n");
    }

    #[test]
    fn invalid_boolean() {
        let f = only("[ifupdown]\nmanaged=ture\n", "nm/invalid-boolean");
        assert_at(&f, Severity::Error, 2, 9);
        let f = only("[ifupdown]\nmanaged=\n", "nm/invalid-boolean");
        assert_at(&f, Severity::Error, 2, 1);
        for ok in [
            "true", "FALSE", "yes", "No", "on", "off", "1", "0", "true  ",
        ] {
            clean(&format!("[ifupdown]\nmanaged={ok}\n"));
        }
        only("[connectivity]\nenabled=2\n", "nm/invalid-boolean");
    }

    #[test]
    fn inline_comment() {
        let text = "[ifupdown]\nmanaged = true # trailing\n";
        let f = only(text, "nm/inline-comment");
        assert_at(&f, Severity::Error, 2, 16);
        assert!(f.message.contains("`true # trailing`"));
        // reported once: not also as an invalid boolean
        assert_eq!(check(text).findings.len(), 1);
        only("[main]\ndns=  # none\n", "nm/inline-comment");
        // `#` inside a word is data
        clean("[connectivity]\nuri=http://example.com/check#x\n");
    }

    #[test]
    fn duplicate_group_and_key() {
        let f = only(
            "[ifupdown]\nmanaged=false\n[ifupdown]\nmanaged=true\n",
            "nm/duplicate-group",
        );
        assert_at(&f, Severity::Warning, 3, 1);
        let f = only(
            "[ifupdown]\nmanaged=false\n[ifupdown]\nmanaged=true\n",
            "nm/duplicate-key",
        );
        assert_at(&f, Severity::Warning, 4, 1);
        assert!(f.message.contains("line 2"));
    }

    #[test]
    fn unknown_group() {
        let f = only("[Main]\ndns=none\n", "nm/unknown-group");
        assert_at(&f, Severity::Warning, 1, 1);
        assert!(f.help.unwrap().contains("[main]"));
        only("[.intern.main]\nx=1\n", "nm/unknown-group");
    }

    #[test]
    fn unknown_key() {
        let f = only("[ifupdown]\nmanged=true\n", "nm/unknown-key");
        assert_at(&f, Severity::Warning, 2, 1);
        assert!(f.help.unwrap().contains("`managed`"));
        let f = only("[main]\ndns+=none\n", "nm/unknown-key");
        assert!(f.message.contains("+="));
        only("[connection]\nnot-a-property=1\n", "nm/unknown-key");
    }

    /// NetworkManager's own NetworkManager-warn.conf test: `[connection*]`
    /// takes defaults only for the properties NetworkManager reads one for.
    #[test]
    fn connection_defaults_are_a_fixed_list() {
        clean(
            "[connection]\nipv4.route-metric=50\nipv4.dad-timeout=100\n\n[connection-wifi]\nmatch-device=type:wifi\nwifi.powersave=2\nipv6.ip6-privacy=1\n",
        );
        let f = only("[connection]\nipv4.addresses=1.2.3.4\n", "nm/unknown-key");
        assert!(f.help.unwrap().contains("connection profile"));
        let f = only("[connection-wifi]\nwifi.tx-power=99\n", "nm/unknown-key");
        assert_at(&f, Severity::Warning, 2, 1);
        let f = only("[connection]\nipv4.route-metrik=5\n", "nm/unknown-key");
        assert!(f.help.unwrap().contains("`ipv4.route-metric`"));
    }

    #[test]
    fn connection_defaults_are_sorted() {
        assert!(CONNECTION_DEFAULTS.is_sorted());
    }

    #[test]
    fn columns_count_characters() {
        let f = only("[main]\n\t键=值\n", "nm/unknown-key");
        assert_at(&f, Severity::Warning, 2, 2);
        let f = only("[ifupdown]\nmanaged=是 # 注释\n", "nm/inline-comment");
        assert_at(&f, Severity::Error, 2, 11);
    }
}

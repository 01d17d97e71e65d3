//! Validator for `NetworkManager.conf` and `conf.d/*.conf`
//! (NetworkManager.conf(5)).
//!
//! NetworkManager loads the file with GLib's
//! `g_key_file_load_from_file(…, G_KEY_FILE_NONE, …)`; if that fails, the
//! whole configuration fails (`Default config file invalid: …`). Each line is
//! read as `g_key_file_parse_line()` does, after leading blanks:
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

use super::{Finding, Report, Span, interfaces::closest};

/// Validates `text` as a NetworkManager configuration file.
///
/// Never panics. Reports no facts: the file holds no addresses the
/// semantic checks use.
pub fn check(text: &str) -> Report {
    let mut reader = Reader::default();
    for (i, raw) in text.split('\n').enumerate() {
        // GKeyFile drops the `\r` of a CRLF line ending
        reader.line(i + 1, raw.strip_suffix('\r').unwrap_or(raw));
    }
    Report {
        findings: reader.findings,
        facts: Vec::new(),
    }
}

/// `g_ascii_isspace`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
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
    /// Whether any `setting.property` key is allowed (`[connection*]`
    /// defaults).
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
        self.keys.split_whitespace().any(|k| k == key) || (self.properties && is_property(key))
    }

    fn is_list(&self, key: &str) -> bool {
        self.lists.split_whitespace().any(|k| k == key)
    }

    fn is_boolean(&self, key: &str) -> bool {
        self.booleans.split_whitespace().any(|k| k == key)
    }
}

/// Whether `key` looks like `setting.property` (`ipv6.ip6-privacy`).
fn is_property(key: &str) -> bool {
    key.split_once('.').is_some_and(|(s, p)| {
        let word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        word(s) && word(p)
    })
}

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

/// What the current group is.
#[derive(Debug, Clone, Copy, Default)]
enum Current {
    /// No group header yet.
    #[default]
    None,
    /// A header GKeyFile rejected: its keys are not checked further.
    Invalid,
    /// A group, with what NetworkManager knows about it (if anything).
    Group(usize, Option<&'static GroupSpec>),
}

/// A `key=value` line, split.
#[derive(Debug)]
struct Pair<'a> {
    line: usize,
    /// Column of the key (after the indentation), 1-based.
    column: usize,
    key: &'a str,
    value: &'a str,
    /// Column of the value, 1-based.
    value_column: usize,
}

impl Pair<'_> {
    fn key_span(&self) -> Span {
        Span::new(self.line, self.column, self.key.chars().count())
    }

    fn value_span(&self) -> Span {
        Span::new(self.line, self.value_column, self.value.chars().count())
    }

    /// The key without a `[locale]` suffix.
    fn base_key(&self) -> &str {
        self.key.split('[').next().unwrap_or(self.key)
    }
}

/// Reads lines, remembering groups and keys.
#[derive(Debug, Default)]
struct Reader {
    findings: Vec<Finding>,
    /// Group names, with the line of their first header.
    groups: Vec<(String, usize)>,
    /// `(group index, key)` → line first set.
    keys: HashMap<(usize, String), usize>,
    current: Current,
}

impl Reader {
    fn line(&mut self, n: usize, raw: &str) {
        let body = raw.trim_start_matches(is_space);
        let indent = raw.len() - body.len();
        let column = raw[..indent].chars().count() + 1;
        if body.is_empty() || body.starts_with('#') {
            return;
        }
        if let Some(name) = group_header(body) {
            self.group(n, column, name);
        } else if let Some(eq) = body.find('=').filter(|&i| i > 0) {
            self.pair(n, column, body, eq);
        } else {
            self.not_a_line(n, column, raw, body);
        }
    }

    fn not_a_line(&mut self, n: usize, column: usize, raw: &str, body: &str) {
        if body.starts_with('[') {
            // a broken header: do not report its keys as outside a group
            self.current = Current::Invalid;
        }
        let help = if body.starts_with('[') {
            if body.contains(']') {
                "only blanks may follow `]` in a group header: put comments on their own line"
            } else {
                "close the group header: `[name]`"
            }
        } else if body.starts_with(';') {
            "GKeyFile comments start with `#`, not `;`"
        } else if body.starts_with('=') {
            "the key before `=` is missing"
        } else {
            "write `key=value` inside a `[group]`, or start a comment with `#`"
        };
        self.findings.push(
            Finding::error(
                "nm/syntax",
                Span::new(n, column, body.chars().count()),
                format!(
                    "Key file contains line “{raw}” which is not a key-value pair, group, or comment"
                ),
            )
            .help(format!(
                "{help}; NetworkManager refuses the whole file (`Default config file invalid`)"
            )),
        );
    }

    fn group(&mut self, n: usize, column: usize, name: &str) {
        let span = Span::new(n, column, name.chars().count() + 2);
        if name.is_empty()
            || name
                .chars()
                .any(|c| c == '[' || c == ']' || c.is_ascii_control())
        {
            self.findings.push(
                Finding::error("nm/syntax", span, format!("Invalid group name: {name}"))
                    .help("a group name is not empty and has no `[`, `]` or control characters"),
            );
            self.current = Current::Invalid;
            return;
        }
        let index = match self.groups.iter().position(|(g, _)| g == name) {
            Some(i) => {
                let first = self.groups[i].1;
                self.findings.push(
                    Finding::warning(
                        "nm/duplicate-group",
                        span,
                        format!("[{name}] appears again (first on line {first})"),
                    )
                    .help("GKeyFile merges both into one group, and a key set in both keeps its last value; keep one group"),
                );
                i
            }
            None => {
                self.groups.push((name.to_string(), n));
                self.groups.len() - 1
            }
        };
        let spec = group_spec(name);
        if spec.is_none() {
            self.unknown_group(span, name);
        }
        self.current = Current::Group(index, spec);
    }

    fn unknown_group(&mut self, span: Span, name: &str) {
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
        self.findings.push(
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

    fn pair(&mut self, n: usize, column: usize, body: &str, eq: usize) {
        let key = body[..eq].trim_end_matches(is_space);
        let after = &body[eq + 1..];
        let value = after.trim_start_matches(is_space);
        let pair = Pair {
            line: n,
            column,
            key,
            value,
            value_column: column + body[..body.len() - value.len()].chars().count(),
        };
        let (index, spec) = match self.current {
            Current::None => return self.outside_group(&pair),
            Current::Invalid => return,
            Current::Group(i, spec) => (i, spec),
        };
        if !valid_key(key) {
            self.findings.push(
                Finding::error(
                    "nm/syntax",
                    pair.key_span(),
                    format!("Invalid key name: {key}"),
                )
                .help("a key has no `[`, `]` or outer blanks, except a `[locale]` suffix"),
            );
            return;
        }
        self.encoding(&pair, index);
        self.duplicate_key(&pair, index);
        self.check_pair(&pair, index, spec);
    }

    fn outside_group(&mut self, pair: &Pair<'_>) {
        let suggestion = if pair.base_key() == "managed" {
            "[ifupdown]".to_string()
        } else {
            GROUPS
                .iter()
                .find(|g| !g.prefix && g.has_key(pair.base_key()))
                .map_or("its group (e.g. [main])".to_string(), |g| {
                    format!("[{}]", g.name)
                })
        };
        self.findings.push(
            Finding::error(
                "nm/key-outside-group",
                pair.key_span(),
                "Key file does not start with a group",
            )
            .help(format!(
                "put {suggestion} on a line above `{}`; NetworkManager refuses the whole file",
                pair.key
            )),
        );
    }

    /// GKeyFile rejects an `Encoding` other than UTF-8 in the first group.
    fn encoding(&mut self, pair: &Pair<'_>, index: usize) {
        if index == 0 && pair.key == "Encoding" && !pair.value.eq_ignore_ascii_case("UTF-8") {
            self.findings.push(Finding::error(
                "nm/syntax",
                pair.value_span(),
                format!("Key file contains unsupported encoding “{}”", pair.value),
            ));
        }
    }

    fn duplicate_key(&mut self, pair: &Pair<'_>, index: usize) {
        let slot = (index, pair.key.to_string());
        if let Some(&first) = self.keys.get(&slot) {
            let group = &self.groups[index].0;
            self.findings.push(
                Finding::warning(
                    "nm/duplicate-key",
                    pair.key_span(),
                    format!(
                        "`{}` is set again in [{group}] (first on line {first})",
                        pair.key
                    ),
                )
                .help("the last value wins; keep one line"),
            );
        } else {
            self.keys.insert(slot, pair.line);
        }
    }

    fn check_pair(&mut self, pair: &Pair<'_>, index: usize, spec: Option<&'static GroupSpec>) {
        let group = self.groups[index].0.clone();
        let commented = self.inline_comment(pair);
        let key = pair.base_key();
        if key == "managed" && spec.is_none_or(|s| s.name != "ifupdown" && s.name != "device") {
            self.managed_outside(pair, &group);
            return;
        }
        let Some(spec) = spec else {
            return; // already reported as an unknown group
        };
        if !self.known_key(pair, &group, spec) {
            return;
        }
        if spec.is_boolean(key) && !commented {
            self.boolean(pair, &group);
        }
    }

    /// Reports a `#` comment inside a value; returns whether there was one.
    fn inline_comment(&mut self, pair: &Pair<'_>) -> bool {
        let Some(at) = comment_start(pair.value) else {
            return false;
        };
        let column = pair.value_column + pair.value[..at].chars().count();
        self.findings.push(
            Finding::error(
                "nm/inline-comment",
                Span::new(pair.line, column, pair.value[at..].chars().count()),
                format!(
                    "GKeyFile has no end-of-line comments: the value of `{}` is `{}`",
                    pair.key, pair.value
                ),
            )
            .help("move the comment to its own line starting with `#`"),
        );
        true
    }

    fn managed_outside(&mut self, pair: &Pair<'_>, group: &str) {
        self.findings.push(
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
    fn known_key(&mut self, pair: &Pair<'_>, group: &str, spec: &GroupSpec) -> bool {
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
                let names = spec.keys.split_whitespace();
                let hint = match closest(key, names) {
                    Some(k) => format!("did you mean `{k}`? "),
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
        self.findings
            .push(Finding::warning("nm/unknown-key", pair.key_span(), message).help(help));
        false
    }

    fn boolean(&mut self, pair: &Pair<'_>, group: &str) {
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
        self.findings.push(
            Finding::error(
                "nm/invalid-boolean",
                span,
                format!("`{}` in [{group}] takes a boolean, not {what}", pair.key),
            )
            .help("write `true` or `false`; NetworkManager silently uses the default for anything it cannot read as a boolean"),
        );
    }
}

/// The name inside a `[name]` header line, as `g_key_file_line_is_group()`
/// sees it: up to the first `]`, followed only by spaces and tabs.
fn group_header(body: &str) -> Option<&str> {
    let inner = body.strip_prefix('[')?;
    let close = inner.find(']')?;
    inner[close + 1..]
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(&inner[..close])
}

/// `g_key_file_is_key_name()`: no `=`, `[`, `]`, no blank at either end,
/// and an optional `[locale]` of letters, digits, `-`, `_`, `.`, `@`.
fn valid_key(key: &str) -> bool {
    let end = key.find(['[', ']']).unwrap_or(key.len());
    let name = &key[..end];
    if name.is_empty() || name.starts_with(' ') || name.ends_with(' ') {
        return false;
    }
    let rest = &key[end..];
    if rest.is_empty() {
        return true;
    }
    let Some(locale) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    locale
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
}

/// Where a `#` that looks like a comment starts in a value: at its start or
/// after a blank.
fn comment_start(value: &str) -> Option<usize> {
    if value.starts_with('#') {
        return Some(0);
    }
    value
        .char_indices()
        .zip(value.chars().skip(1))
        .find(|&((_, c), next)| is_space(c) && next == '#')
        .map(|((i, c), _)| i + c.len_utf8())
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

    #[test]
    fn columns_count_characters() {
        let f = only("[main]\n\t键=值\n", "nm/unknown-key");
        assert_at(&f, Severity::Warning, 2, 2);
        let f = only("[ifupdown]\nmanaged=是 # 注释\n", "nm/inline-comment");
        assert_at(&f, Severity::Error, 2, 11);
    }

    #[test]
    fn comment_starts() {
        assert_eq!(comment_start("# x"), Some(0));
        assert_eq!(comment_start("a # x"), Some(2));
        assert_eq!(comment_start("值\t#"), Some(4));
        assert_eq!(comment_start("a#b"), None);
    }
}

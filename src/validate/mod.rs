//! Validators for the config files and shell snippets a guide prints.
//!
//! Each format's validator is a pure function from text to a [`Report`]:
//! problems ([`Finding`]s, positioned inside the text) and the addresses it
//! read ([`Fact`]s). [`semantic`] then checks the facts against the reader's
//! subnet. The text is always the *filled* text: placeholders have been
//! replaced by a reader's values before a validator sees it.
//!
//! | format | module | parser |
//! |---|---|---|
//! | netplan YAML | [`netplan`] | saphyr-parser (YAML events with positions) |
//! | `/etc/network/interfaces` | [`interfaces`] | line grammar of interfaces(5) |
//! | `ifcfg-*` | [`ifcfg`] | shell assignments, as initscripts source them |
//! | `resolv.conf` | [`resolv`] | resolv.conf(5) line grammar |
//! | `NetworkManager.conf` | [`nm`] | GKeyFile grammar ([`gkeyfile`]) |
//! | keyfile profiles (`*.nmconnection`) | [`nmconnection`] | GKeyFile grammar ([`gkeyfile`]) |
//! | shell | [`shell`] | a real bash parser; `nmcli` command lines with nmcli's own rules ([`nmcli`]) |

mod gkeyfile;
pub mod ifcfg;
pub mod interfaces;
pub mod netplan;
pub mod nm;
mod nmcli;
pub mod nmconnection;
pub mod resolv;
pub mod semantic;
pub mod shell;

use std::net::{IpAddr, Ipv4Addr};

pub use crate::diagnostic::Severity;

/// The formats netplate validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// netplan YAML (`/etc/netplan/*.yaml`).
    Netplan,
    /// Debian's `/etc/network/interfaces` (ifupdown).
    Interfaces,
    /// RHEL/CentOS `ifcfg-*` files.
    Ifcfg,
    /// `resolv.conf` and resolvconf's `base`/`head`/`tail`.
    Resolv,
    /// `NetworkManager.conf` and its `conf.d/*.conf`.
    Nm,
    /// NetworkManager keyfile connection profiles
    /// (`system-connections/*.nmconnection`).
    Nmconnection,
    /// bash / sh commands.
    Shell,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Netplan,
        Format::Interfaces,
        Format::Ifcfg,
        Format::Resolv,
        Format::Nm,
        Format::Nmconnection,
        Format::Shell,
    ];

    /// The name used by `check=` and `--as`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Netplan => "netplan",
            Format::Interfaces => "interfaces",
            Format::Ifcfg => "ifcfg",
            Format::Resolv => "resolv",
            Format::Nm => "nm",
            Format::Nmconnection => "nmconnection",
            Format::Shell => "shell",
        }
    }

    /// The format named `name` (as in `check=netplan`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format a file's path implies: `/etc/netplan/*.yaml` → netplan,
    /// `/etc/network/interfaces` and `interfaces.d/*` → interfaces,
    /// `ifcfg-*` → ifcfg, `resolv.conf` and `resolvconf/resolv.conf.d/*` →
    /// resolv, `NetworkManager.conf` and `NetworkManager/conf.d/*.conf` → nm,
    /// `NetworkManager/system-connections/*.nmconnection` (under `/etc` or
    /// `/run`) → nmconnection.
    pub fn from_path(path: &str) -> Option<Format> {
        let path = path.replace('\\', "/");
        let name = path.rsplit('/').next().unwrap_or(&path);
        let parent = path.rsplit('/').nth(1).unwrap_or("");
        if (name.ends_with(".yaml") || name.ends_with(".yml"))
            && (parent == "netplan" || path.contains("/netplan/"))
        {
            Some(Format::Netplan)
        } else if name == "interfaces" || parent == "interfaces.d" {
            Some(Format::Interfaces)
        } else if name.starts_with("ifcfg-") {
            Some(Format::Ifcfg)
        } else if name == "resolv.conf" || parent == "resolv.conf.d" {
            Some(Format::Resolv)
        } else if name == "NetworkManager.conf"
            || (parent == "conf.d" && path.contains("NetworkManager/") && name.ends_with(".conf"))
        {
            Some(Format::Nm)
        } else if name.ends_with(".nmconnection")
            && parent == "system-connections"
            && path.contains("NetworkManager/system-connections/")
        {
            Some(Format::Nmconnection)
        } else if name.ends_with(".sh") || name.ends_with(".bash") {
            Some(Format::Shell)
        } else {
            None
        }
    }
}

/// A place inside the validated text: 1-based line and column (in
/// characters), and a length in characters (at least 1 when displayed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Length in characters.
    pub len: usize,
}

impl Span {
    /// A span.
    pub fn new(line: usize, column: usize, len: usize) -> Span {
        Span { line, column, len }
    }

    /// The whole of 1-based `line` of `text`, after its indentation.
    pub fn line_of(text: &str, line: usize) -> Span {
        let l = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let indent = l.chars().take_while(|c| c.is_whitespace()).count();
        Span::new(
            line,
            indent + 1,
            l.chars().count().saturating_sub(indent).max(1),
        )
    }

    /// The span of byte range `start..end` of `text`.
    pub fn from_bytes(text: &str, start: usize, end: usize) -> Span {
        let start = start.min(text.len());
        let end = end.clamp(start, text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        Span {
            line: text[..start].matches('\n').count() + 1,
            column: text.get(line_start..start).map_or(0, |s| s.chars().count()) + 1,
            len: text.get(start..end).map_or(0, |s| s.chars().count()),
        }
    }
}

/// One problem in a config file or snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The rule, namespaced by format: `netplan/unknown-key`.
    pub rule: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it, or the real tool's own wording.
    pub help: Option<String>,
}

impl Finding {
    /// An error.
    pub fn error(rule: &'static str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            rule,
            message: message.into(),
            span,
            help: None,
        }
    }

    /// A warning.
    pub fn warning(rule: &'static str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, span, message)
        }
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

/// An address a validator read, for the checks across formats in [`semantic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// An interface address, with its prefix length when the file gives one
    /// (`10.0.0.5/24`, or `address` + `netmask` combined by the validator).
    Address {
        /// The address.
        addr: Ipv4Addr,
        /// Its prefix length, if known.
        prefix: Option<u8>,
        /// Where.
        span: Span,
    },
    /// A default gateway / next hop.
    Gateway {
        /// The gateway.
        addr: Ipv4Addr,
        /// Where.
        span: Span,
    },
    /// A gateway the renderer reaches on-link, whatever the interface's
    /// subnets: netplan's NetworkManager backend adds a route to the gateway
    /// itself. Only the reader's subnet and the interface's own address
    /// apply to it.
    OnLinkGateway {
        /// The gateway.
        addr: Ipv4Addr,
        /// Where.
        span: Span,
    },
    /// A netmask written out (`255.255.255.0`).
    Netmask {
        /// The mask.
        mask: Ipv4Addr,
        /// Where.
        span: Span,
    },
    /// A DNS server.
    Nameserver {
        /// The server.
        addr: IpAddr,
        /// Where.
        span: Span,
    },
}

/// What a validator found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Problems, in order of appearance.
    pub findings: Vec<Finding>,
    /// Addresses read, for [`semantic`].
    pub facts: Vec<Fact>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Validates `text` as `format`.
pub fn check(format: Format, text: &str) -> Report {
    match format {
        Format::Netplan => netplan::check(text),
        Format::Interfaces => interfaces::check(text),
        Format::Ifcfg => ifcfg::check(text),
        Format::Resolv => resolv::check(text),
        Format::Nm => nm::check(text),
        Format::Nmconnection => nmconnection::check(text),
        Format::Shell => shell::check(text),
    }
}

/// Assertions shared by the validators' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Finding, Format, Severity, check};

    /// The one finding of `text` (as `format`) with `rule`, asserting there is exactly one.
    #[track_caller]
    pub(crate) fn only(format: Format, text: &str, rule: &str) -> Finding {
        let report = check(format, text);
        let hits: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(hits.len(), 1, "{rule} in {:#?}", report.findings);
        hits[0].clone()
    }

    /// Asserts a finding's severity, line and column.
    #[track_caller]
    pub(crate) fn assert_at(f: &Finding, severity: Severity, line: usize, column: usize) {
        assert_eq!(
            (f.severity, f.span.line, f.span.column),
            (severity, line, column),
            "{f:#?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_paths() {
        for (path, format) in [
            ("/etc/netplan/99-config.yaml", Some(Format::Netplan)),
            ("/etc/netplan/01-netcfg.yml", Some(Format::Netplan)),
            ("/etc/network/interfaces", Some(Format::Interfaces)),
            ("/etc/network/interfaces.d/ens33", Some(Format::Interfaces)),
            (
                "/etc/sysconfig/network-scripts/ifcfg-ens33",
                Some(Format::Ifcfg),
            ),
            ("/etc/resolv.conf", Some(Format::Resolv)),
            ("/etc/resolvconf/resolv.conf.d/base", Some(Format::Resolv)),
            ("/etc/NetworkManager/NetworkManager.conf", Some(Format::Nm)),
            (
                "/etc/NetworkManager/conf.d/10-managed.conf",
                Some(Format::Nm),
            ),
            (
                "/etc/NetworkManager/system-connections/ens33.nmconnection",
                Some(Format::Nmconnection),
            ),
            (
                "/run/NetworkManager/system-connections/ens33.nmconnection",
                Some(Format::Nmconnection),
            ),
            ("/etc/NetworkManager/system-connections/ens33", None),
            ("ens33.nmconnection", None),
            ("/etc/hosts", None),
            ("config.yaml", None),
        ] {
            assert_eq!(Format::from_path(path), format, "{path}");
        }
    }

    #[test]
    fn book_toml_knows_every_format_name() {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, crate::config::FORMAT_NAMES);
    }

    #[test]
    fn spans_count_characters() {
        let text = "a: 1\n键: 值值\n";
        let start = text.find('值').unwrap();
        assert_eq!(Span::from_bytes(text, start, start + 6), Span::new(2, 4, 2));
        assert_eq!(Span::line_of("x\n   indented\n", 2), Span::new(2, 4, 8));
    }
}

//! Literals that look like template values but are not: every reader sees
//! them as written, whatever subnet they chose.
//!
//! For a template `192.168.?.0/24` whose book defaults to `192.168.10.0/24`,
//! [`Template::literals`] finds:
//!
//! - the template's netmask `255.255.255.0` where it is not the reader's
//!   (no template value in the same paragraph, list item, heading, table cell
//!   or code block);
//! - the template's prefix `/24` standing alone (`a /24 network`), and a
//!   prefix other than `/24` after a template value (`192.168.?.0/16`);
//! - addresses of the default subnet written out (`192.168.10.2`,
//!   `192.168.10.0/24`);
//! - the template network with a number for `?` and the template's prefix
//!   (`192.168.1.0/24`).
//!
//! Addresses elsewhere (`8.8.8.8`, `127.0.0.1`, `255.255.255.255`,
//! `0.0.0.0/0`), a lone `192.168.1.1`, version numbers and paths are not
//! reported. The renderer turns each finding into a `literal-value` warning
//! and knows how an author keeps a literal on purpose.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{NAMED, Template};

/// A book's default values: its `[placeholders]` subnet and slot offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaults {
    /// The default subnet (`192.168.10.0/24`).
    pub subnet: Ipv4Net,
    /// Each slot's name and default host offset (`xxx`, 100).
    pub slots: Vec<(String, u32)>,
}

/// What kind of literal a [`Literal`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The template's netmask outside a template value's paragraph or block.
    Netmask,
    /// The template's prefix standing alone, or another prefix after a
    /// template value.
    Prefix,
    /// An address of the default subnet written out.
    DefaultAddress,
    /// The template network with a number for `?`, with the template's prefix.
    TemplateLike,
}

/// A literal that looks like a template value, at a byte range of the
/// scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// What it looks like.
    pub kind: Kind,
    /// Byte offset in the scanned text.
    pub offset: usize,
    /// Byte length.
    pub len: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to make it the reader's value.
    pub help: String,
}

impl Template {
    /// The literals of `text` that look like template values (see the
    /// [module](self)). `netmask_scope` says whether the template's netmask
    /// is the reader's here, as for [`Template::scan`]. A byte scan that
    /// stops only at digits and `/`.
    pub fn literals(&self, text: &str, netmask_scope: bool) -> Vec<Literal> {
        self.literals_after(None, text, netmask_scope)
    }

    /// [`Template::literals`] of a `text` that follows the byte `before` in
    /// its source (Markdown splits text at emphasis: `*/24` is a path).
    pub fn literals_after(
        &self,
        before: Option<u8>,
        text: &str,
        netmask_scope: bool,
    ) -> Vec<Literal> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(skip) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|b| b.is_ascii_digit() || *b == b'/'))
        {
            i += skip;
            let prev = i.checked_sub(1).map_or(before, |p| Some(bytes[p]));
            if bytes[i] == b'/' {
                if let Some((n, len)) = prefix_at(&text[i..]) {
                    if prev == Some(b'}') && ends_with_named_address(&text[..i]) {
                        if n != self.prefix_len {
                            out.push(self.wrong_prefix(i, len, n));
                        }
                    } else if n == self.prefix_len && standalone(prev) {
                        out.push(Literal {
                            kind: Kind::Prefix,
                            offset: i,
                            len,
                            message: format!(
                                "`/{n}` is the template's prefix length written literally: a reader with another prefix still sees /{n}"
                            ),
                            help: format!(
                                "write `/{{?prefix}}` for the reader's prefix length, or put the prefix right after a template address (`{}?.0/{n}`)",
                                self.lead
                            ),
                        });
                    }
                }
                i += 1;
                continue;
            }
            if prev.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
                i += digits_and_dots(&bytes[i..]);
                continue;
            }
            if text[i..].starts_with(&self.marker) {
                let end = i + self.address_len(&text[i..]);
                if let Some((n, len)) = prefix_at(&text[end..])
                    && n != self.prefix_len
                {
                    out.push(self.wrong_prefix(end, len, n));
                }
                i = end;
                continue;
            }
            let Some((addr, len)) = quad_at(&text[i..]) else {
                i += digits_and_dots(&bytes[i..]);
                continue;
            };
            let prefix = prefix_at(&text[i + len..]);
            let span = len + prefix.map_or(0, |(_, l)| l);
            let written = &text[i..i + span];
            if let Some(defaults) = self.defaults.as_ref().filter(|d| d.subnet.contains(&addr)) {
                out.push(Literal {
                    kind: Kind::DefaultAddress,
                    offset: i,
                    len: span,
                    message: format!(
                        "`{written}` is an address of the default subnet {} written out: a reader with another subnet still sees it",
                        defaults.subnet
                    ),
                    help: self.default_help(defaults, addr, prefix.map(|(n, _)| n)),
                });
            } else if prefix.is_none() && !netmask_scope && text[i..i + len] == *self.netmask {
                out.push(Literal {
                    kind: Kind::Netmask,
                    offset: i,
                    len,
                    message: format!(
                        "`{written}` is the template's netmask written literally: a reader with another prefix still sees it"
                    ),
                    help: format!(
                        "write `{{?netmask}}` for the reader's netmask (or keep it beside a template address like `{}?.1`, where it is theirs)",
                        self.lead
                    ),
                });
            } else if let Some((n, _)) = prefix.filter(|(n, _)| *n == self.prefix_len)
                && written.starts_with(&self.lead)
            {
                let octets = addr.octets();
                let host: Vec<String> = octets[4 - self.host_octets..]
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let template = format!("{}?.{}/{n}", self.lead, host.join("."));
                out.push(Literal {
                    kind: Kind::TemplateLike,
                    offset: i,
                    len: span,
                    message: format!(
                        "`{written}` looks like the template network `{}?.0/{}` with a number for `?`: every reader sees it as written",
                        self.lead, self.prefix_len
                    ),
                    help: format!("write `{template}` so that it becomes the reader's"),
                });
            }
            i += span;
        }
        out
    }

    /// Bytes of the template address at the start of `text` (which starts
    /// with the marker), without a `/prefix` or a sentence's final `.`.
    fn address_len(&self, text: &str) -> usize {
        let marker_len = self.marker.len();
        let mut end = text[marker_len..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .map_or(text.len(), |e| marker_len + e);
        while end > marker_len && text.as_bytes()[end - 1] == b'.' {
            end -= 1;
        }
        end
    }

    fn wrong_prefix(&self, offset: usize, len: usize, n: u8) -> Literal {
        Literal {
            kind: Kind::Prefix,
            offset,
            len,
            message: format!(
                "`/{n}` after a template address is not the reader's prefix length: only `/{}`, the template's, is",
                self.prefix_len
            ),
            help: format!(
                "write `/{}` to show the reader's prefix length; every reader sees `/{n}` as written",
                self.prefix_len
            ),
        }
    }

    /// How to write `addr` of the default subnet as a template value.
    fn default_help(&self, defaults: &Defaults, addr: Ipv4Addr, prefix: Option<u8>) -> String {
        let net = defaults.subnet;
        let offset = u32::from(addr) - u32::from(net.network());
        let top = u32::from(net.hostmask());
        let suffix = match prefix {
            Some(n) if n == net.prefix_len() => format!("/{}", self.prefix_len),
            Some(n) => format!("/{n}"),
            None => String::new(),
        };
        let fits = self.host_octets >= 4 || u64::from(offset) < 1u64 << (8 * self.host_octets);
        let template = fits.then(|| {
            let octets: Vec<String> = (0..self.host_octets)
                .rev()
                .map(|k| ((offset >> (8 * k)) & 255).to_string())
                .collect();
            format!("{}?.{}{suffix}", self.lead, octets.join("."))
        });
        let named = match offset {
            0 => None,
            o if o == top => Some(("broadcast", "the subnet's broadcast address")),
            o if o + 1 == top => Some(("last", "the subnet's last host")),
            _ => None,
        };
        // The slot's own syntax first, then `{?NAME}`, whose meaning follows
        // the reader's prefix (`192.168.?.255` is host 255, not the
        // broadcast address of a /16), then the host number.
        let mut ways = Vec::new();
        if let Some((name, _)) = defaults.slots.iter().find(|(_, d)| *d == offset) {
            ways.push(format!("`{}?.{name}{suffix}` (slot `{name}`)", self.lead));
        }
        if let Some((name, what)) = named.filter(|_| suffix.is_empty()) {
            ways.push(format!("`{{?{name}}}` ({what})"));
        }
        ways.extend(template.map(|t| format!("`{t}`")));
        if ways.is_empty() {
            return format!(
                "write it with `{}?` so that it becomes the reader's",
                self.lead
            );
        }
        format!(
            "write {} so that it becomes the reader's",
            ways.join(" or ")
        )
    }
}

/// Whether a prefix after `prev` stands alone (`a /24 network`, `（/24）`),
/// not in a path (`a/24`, `*/24`) or after an address.
fn standalone(prev: Option<u8>) -> bool {
    prev.is_none_or(|b| b.is_ascii_whitespace() || b >= 0x80 || b"([{\"',;=".contains(&b))
}

/// Whether `text` ends with a `{?NAME}` that is an address.
fn ends_with_named_address(text: &str) -> bool {
    NAMED.iter().any(|(name, key)| {
        matches!(
            key,
            super::Key::Offset(_) | super::Key::Last | super::Key::Broadcast
        ) && text.ends_with(&format!("{{?{name}}}"))
    })
}

/// A `/N` prefix length (0 to 32) at the start of `text`: (N, bytes).
fn prefix_at(text: &str) -> Option<(u8, usize)> {
    let rest = text.strip_prefix('/')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest.as_bytes()[digits..];
    if !(1..=2).contains(&digits) || !ends(after) || after.first() == Some(&b'/') {
        return None;
    }
    let n: u8 = rest[..digits].parse().ok().filter(|n| *n <= 32)?;
    Some((n, digits + 1))
}

/// A dotted IPv4 address at the start of `text`: (address, bytes).
fn quad_at(text: &str) -> Option<(Ipv4Addr, usize)> {
    let bytes = text.as_bytes();
    let mut octets = [0u8; 4];
    let mut i = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if bytes.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        *octet = text[i..i + digits].parse().ok()?;
        i += digits;
    }
    ends(&bytes[i..]).then(|| (Ipv4Addr::from(octets), i))
}

/// Whether a number ends before `rest`: no digit, letter or `_` follows, nor
/// a `.` and a digit (`1.2.3.4.5`); a sentence's `.` may.
fn ends(rest: &[u8]) -> bool {
    match rest {
        [b, ..] if b.is_ascii_alphanumeric() || *b == b'_' => false,
        [b'.', d, ..] if d.is_ascii_digit() => false,
        _ => true,
    }
}

/// Bytes of the run of digits and dots at the start of `bytes` (at least 1).
fn digits_and_dots(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .count()
        .max(1)
}

//! Reader-chosen values: the guide writes addresses in a template network
//! (`192.168.?.0/24`) and every reader sees their own.
//!
//! The language, for a template `192.168.?.0/24`:
//!
//! - `192.168.?.N` is host offset N of the reader's subnet (`192.168.?.0` is
//!   the network address, `192.168.?.1` the first host);
//! - `192.168.?.xxx` is the named slot `xxx` declared in `book.toml`, such as
//!   the address the reader chose for the VM;
//! - `/24` right after a template address (or `{?network}` and the other
//!   addresses below) is the reader's prefix length;
//! - `255.255.255.0` (the template's netmask) in a code block or paragraph
//!   that has a template value is the reader's netmask;
//! - `{?network}`, `{?first}`, `{?last}`, `{?broadcast}`, `{?netmask}` and
//!   `{?prefix}` are the reader's network address, first and last host,
//!   broadcast address, netmask and prefix length, wherever they stand
//!   ([`NAMED`]).
//!
//! [`Template::literals`] finds what looks like a template value written
//! literally (the template's netmask or prefix, an address of the default
//! subnet written out): the build warns about it ([`literal`]).
//!
//! [`Template::scan`] splits text into literal pieces and [`Key`]s; [`Values`]
//! turns keys into the reader's text; [`input`] checks what a reader typed.
//! The browser (`theme/static/ph.js`) computes exactly the same values
//! from the same keys, which pages carry as `<span class="ph" data-ph="KEY">`.

pub mod input;
pub mod literal;
pub mod setup;

use std::{collections::BTreeMap, fmt, net::Ipv4Addr};

use ipnet::Ipv4Net;

/// The template network of a book: `192.168.?.0/24`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The literal text before the `?`: `192.168.`.
    lead: String,
    /// How many octets follow the `?` (1 for `192.168.?.0`).
    host_octets: usize,
    /// The template's prefix length (24).
    prefix_len: u8,
    /// The template's netmask as written (`255.255.255.0`).
    netmask: String,
    /// `192.168.?`, which starts every template address.
    marker: String,
    /// The book's default values, for telling literals that look like
    /// template values ([`Template::literals`]).
    defaults: Option<literal::Defaults>,
}

/// What a placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// Host offset N of the reader's subnet.
    Offset(u32),
    /// A named slot (`xxx`).
    Slot(String),
    /// The reader's prefix length, written after a template address.
    Prefix,
    /// The reader's netmask.
    Netmask,
    /// The last host of the reader's subnet (the one before the broadcast).
    Last,
    /// The broadcast address of the reader's subnet.
    Broadcast,
}

/// The values `{?NAME}` stands for, wherever it is written.
pub const NAMED: &[(&str, Key)] = &[
    ("network", Key::Offset(0)),
    ("first", Key::Offset(1)),
    ("last", Key::Last),
    ("broadcast", Key::Broadcast),
    ("netmask", Key::Netmask),
    ("prefix", Key::Prefix),
];

/// Slot names a book cannot use: `data-ph` keys of their own.
pub const RESERVED: &[&str] = &["prefix", "netmask", "last", "broadcast"];

impl fmt::Display for Key {
    /// The key as pages carry it in `data-ph`: `1`, `xxx`, `prefix`,
    /// `netmask`, `last`, `broadcast`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Offset(n) => write!(f, "{n}"),
            Key::Slot(name) => f.write_str(name),
            Key::Prefix => f.write_str("prefix"),
            Key::Netmask => f.write_str("netmask"),
            Key::Last => f.write_str("last"),
            Key::Broadcast => f.write_str("broadcast"),
        }
    }
}

impl Key {
    /// The key a page carries in `data-ph` (the inverse of its `Display`):
    /// a number is a host offset; `prefix`, `netmask`, `last` and
    /// `broadcast` are themselves (slots may not take those names); any
    /// other word is a slot.
    pub fn from_data(key: &str) -> Key {
        match key {
            "prefix" => Key::Prefix,
            "netmask" => Key::Netmask,
            "last" => Key::Last,
            "broadcast" => Key::Broadcast,
            k if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
                Key::Offset(k.parse().unwrap_or(u32::MAX))
            }
            k => Key::Slot(k.to_string()),
        }
    }
}

/// A piece of scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text kept as it is.
    Text(&'a str),
    /// A placeholder; `text` is the template text it replaces.
    /// `{?NAME}` values have a `text` starting with `{`.
    Value {
        /// What it stands for.
        key: Key,
        /// The template text (`192.168.?.1`), for messages.
        text: &'a str,
        /// Byte offset in the scanned text.
        offset: usize,
    },
}

/// A `?` pattern the engine cannot read, at a byte offset of the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset.
    pub offset: usize,
    /// Byte length of the offending text.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Template {
    /// Parses `192.168.?.0/24`: dotted IPv4 with exactly one `?` octet, the
    /// octets after it `0`, and a prefix length that covers the `?`.
    pub fn parse(text: &str) -> Result<Template, String> {
        let (addr, prefix) = text.split_once('/').ok_or_else(|| {
            format!("template `{text}` needs a prefix length, like `192.168.?.0/24`")
        })?;
        let prefix_len: u8 = prefix
            .parse()
            .ok()
            .filter(|p| (1..=30).contains(p))
            .ok_or_else(|| format!("template `{text}` has an invalid prefix length `/{prefix}`"))?;
        let octets: Vec<&str> = addr.split('.').collect();
        if octets.len() != 4 || octets.iter().filter(|o| **o == "?").count() != 1 {
            return Err(format!(
                "template `{text}` must be four octets with exactly one `?`, like `192.168.?.0/24`"
            ));
        }
        let q = octets.iter().position(|o| *o == "?").unwrap_or(0);
        for (i, o) in octets.iter().enumerate() {
            let ok = match i.cmp(&q) {
                std::cmp::Ordering::Less => o.parse::<u8>().is_ok(),
                std::cmp::Ordering::Equal => true,
                std::cmp::Ordering::Greater => *o == "0",
            };
            if !ok {
                return Err(format!(
                    "template `{text}`: octets before `?` are numbers and octets after it are `0`"
                ));
            }
        }
        if usize::from(prefix_len) > (q + 1) * 8 || usize::from(prefix_len) <= q * 8 {
            return Err(format!(
                "template `{text}`: the prefix length must end inside the `?` octet"
            ));
        }
        let mask = u32::MAX << (32 - prefix_len);
        let lead: String = octets[..q].iter().map(|o| format!("{o}.")).collect();
        Ok(Template {
            marker: format!("{lead}?"),
            lead,
            host_octets: 3 - q,
            prefix_len,
            netmask: Ipv4Addr::from(mask).to_string(),
            defaults: None,
        })
    }

    /// Tells the template the book's default subnet and slot offsets, so that
    /// [`Template::literals`] also finds addresses of the default subnet
    /// written out.
    pub fn set_defaults(&mut self, defaults: literal::Defaults) {
        self.defaults = Some(defaults);
    }

    /// The literal that starts every template address: `192.168.?`.
    pub fn marker(&self) -> String {
        self.marker.clone()
    }

    /// Whether `text` contains a template value: a template address or a
    /// `{?NAME}`. Called for every block and paragraph of a book: a plain
    /// byte scan, no searcher to set up.
    pub fn occurs_in(&self, text: &str) -> bool {
        let (hay, needle) = (text.as_bytes(), self.marker.as_bytes());
        let Some((&first, rest)) = needle.split_first() else {
            return true;
        };
        let mut from = 0;
        while let Some(at) = hay[from..].iter().position(|&b| b == first || b == b'{') {
            let start = from + at + 1;
            let found = if hay[start - 1] == b'{' {
                hay[start..].starts_with(b"?")
                    && hay.get(start + 1).is_some_and(u8::is_ascii_lowercase)
            } else {
                hay[start..].starts_with(rest)
            };
            if found {
                return true;
            }
            from = start;
        }
        false
    }

    /// Splits `text` into literal pieces and placeholders. `netmask_scope`
    /// says whether the template's netmask counts as the reader's netmask
    /// here (the block or paragraph has a template value, see
    /// [`Template::occurs_in`]). `is_slot` tells declared slot names.
    pub fn scan<'a>(
        &self,
        text: &'a str,
        netmask_scope: bool,
        is_slot: &dyn Fn(&str) -> bool,
    ) -> (Vec<Piece<'a>>, Vec<ScanError>) {
        let marker = self.marker.as_str();
        let mut pieces = Vec::new();
        let mut errors = Vec::new();
        let mut literal_start = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        // Only a position holding the first byte of the marker, of the
        // netmask (ASCII digits, so always a character boundary) or `{` can
        // start a placeholder: jump from one to the next.
        let starts = [
            marker.as_bytes().first().copied(),
            self.netmask
                .as_bytes()
                .first()
                .copied()
                .filter(|_| netmask_scope),
            Some(b'{'),
        ];
        while i < text.len() {
            match bytes[i..].iter().position(|b| starts.contains(&Some(*b))) {
                Some(skip) => i += skip,
                None => break,
            }
            let rest = &text[i..];
            if let Some(name) = named_at(rest) {
                let len = name.len() + 3;
                match NAMED.iter().find(|(n, _)| *n == name) {
                    Some((_, key)) => {
                        if literal_start < i {
                            pieces.push(Piece::Text(&text[literal_start..i]));
                        }
                        pieces.push(Piece::Value {
                            key: key.clone(),
                            text: &text[i..i + len],
                            offset: i,
                        });
                        i += len;
                        // `{?network}/24`: the reader's prefix, as after a
                        // template address.
                        let suffix = format!("/{}", self.prefix_len);
                        let after = &text[i..];
                        if matches!(key, Key::Offset(_) | Key::Last | Key::Broadcast)
                            && after.starts_with(&suffix)
                            && !after[suffix.len()..].starts_with(|c: char| c.is_ascii_digit())
                        {
                            pieces.push(Piece::Text(&text[i..i + 1]));
                            pieces.push(Piece::Value {
                                key: Key::Prefix,
                                text: &text[i + 1..i + suffix.len()],
                                offset: i + 1,
                            });
                            i += suffix.len();
                        }
                        literal_start = i;
                        continue;
                    }
                    None => errors.push(ScanError {
                        offset: i,
                        len,
                        message: format!("unknown value `{{?{name}}}`"),
                        help: format!(
                            "write one of {}, or an address like `{}?.1`",
                            NAMED
                                .iter()
                                .map(|(n, _)| format!("`{{?{n}}}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            self.lead
                        ),
                    }),
                }
                i += len;
                continue;
            }
            let boundary_before =
                i == 0 || !(bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.');
            if boundary_before && rest.starts_with(marker) {
                match self.read_address(rest, is_slot) {
                    Ok((key, len, with_prefix)) => {
                        if literal_start < i {
                            pieces.push(Piece::Text(&text[literal_start..i]));
                        }
                        let addr_len = len - with_prefix.map_or(0, |p| p.len());
                        pieces.push(Piece::Value {
                            key,
                            text: &text[i..i + addr_len],
                            offset: i,
                        });
                        if let Some(p) = with_prefix {
                            // `/24`: the slash stays, the number is the reader's.
                            pieces.push(Piece::Text(&text[i + addr_len..i + addr_len + 1]));
                            pieces.push(Piece::Value {
                                key: Key::Prefix,
                                text: &p[1..],
                                offset: i + addr_len + 1,
                            });
                        }
                        i += len;
                        literal_start = i;
                        continue;
                    }
                    Err((len, message, help)) => {
                        errors.push(ScanError {
                            offset: i,
                            len,
                            message,
                            help,
                        });
                        i += marker.len();
                        continue;
                    }
                }
            }
            if netmask_scope && boundary_before && rest.starts_with(&self.netmask) {
                let end = i + self.netmask.len();
                // A sentence may end right after it: `… 255.255.255.0.`
                let continues = |j: usize| j < text.len() && bytes[j].is_ascii_digit();
                let boundary_after =
                    !(continues(end) || (bytes.get(end) == Some(&b'.') && continues(end + 1)));
                if boundary_after {
                    if literal_start < i {
                        pieces.push(Piece::Text(&text[literal_start..i]));
                    }
                    pieces.push(Piece::Value {
                        key: Key::Netmask,
                        text: &text[i..end],
                        offset: i,
                    });
                    i = end;
                    literal_start = i;
                    continue;
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        if literal_start < text.len() {
            pieces.push(Piece::Text(&text[literal_start..]));
        }
        (pieces, errors)
    }

    /// Reads one template address at the start of `text` (which starts with
    /// the marker): (key, bytes read, the `/24` if it follows).
    #[allow(clippy::type_complexity)]
    fn read_address<'a>(
        &self,
        text: &'a str,
        is_slot: &dyn Fn(&str) -> bool,
    ) -> Result<(Key, usize, Option<&'a str>), (usize, String, String)> {
        let marker_len = self.marker.len();
        let example = || format!("{}?.{}", self.lead, vec!["1"; self.host_octets].join("."));
        let token_end = text[marker_len..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .map_or(text.len(), |e| marker_len + e);
        let mut token = &text[marker_len..token_end];
        // A sentence may end right after an address: `… 192.168.?.1.`
        while token.ends_with('.') && token.len() > 1 {
            token = &token[..token.len() - 1];
        }
        let shown = &text[..marker_len + token.len()];
        let unreadable = |why: String| {
            (
                shown.len().max(marker_len),
                format!("cannot read the placeholder `{shown}`: {why}"),
                format!(
                    "write a host offset like `{}` or a slot declared under [placeholders.slot] in book.toml, like `{}?.xxx`",
                    example(),
                    self.lead
                ),
            )
        };
        let Some(rest) = token.strip_prefix('.') else {
            return Err(unreadable("a `.` must follow the `?`".into()));
        };
        let parts: Vec<&str> = rest.split('.').collect();
        let key = if parts.len() == 1 && parts[0].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name = parts[0];
            if !is_slot(name) {
                return Err((
                    shown.len(),
                    format!("unknown placeholder `{name}` in `{shown}`"),
                    format!(
                        "declare it in book.toml as `[placeholders.slot.{name}]`, or use a host offset like `{}`",
                        example()
                    ),
                ));
            }
            Key::Slot(name.to_string())
        } else if parts.len() == self.host_octets {
            let mut offset: u32 = 0;
            for p in &parts {
                match p.parse::<u8>() {
                    Ok(n) if !p.is_empty() && (p.len() == 1 || !p.starts_with('0')) => {
                        offset = offset * 256 + u32::from(n);
                    }
                    _ => return Err(unreadable(format!("`{p}` is not a number from 0 to 255"))),
                }
            }
            Key::Offset(offset)
        } else {
            return Err(unreadable(format!(
                "expected {} octet(s) after the `?`",
                self.host_octets
            )));
        };
        let mut len = shown.len();
        let suffix = format!("/{}", self.prefix_len);
        let after = &text[len..];
        let with_prefix = if after.starts_with(&suffix)
            && !after[suffix.len()..].starts_with(|c: char| c.is_ascii_digit())
        {
            len += suffix.len();
            Some(&after[..suffix.len()])
        } else {
            None
        };
        Ok((key, len, with_prefix))
    }

    /// The template's prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    /// The template's netmask text, `255.255.255.0`.
    pub fn netmask(&self) -> &str {
        &self.netmask
    }
}

/// The `NAME` of a `{?NAME}` (lowercase ASCII letters) at the start of `text`.
fn named_at(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("{?")?;
    let end = rest.find(|c: char| !c.is_ascii_lowercase())?;
    (end > 0 && rest[end..].starts_with('}')).then(|| &rest[..end])
}

/// A reader's values: their subnet and an address per slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    /// The reader's subnet (a network address).
    pub subnet: Ipv4Net,
    /// Each slot's address, inside `subnet`.
    pub slots: BTreeMap<String, Ipv4Addr>,
}

impl Values {
    /// The reader's text for `key`. Offsets past the subnet are clamped to
    /// the broadcast address ([`input::resolve`] rejects them beforehand).
    pub fn text(&self, key: &Key) -> String {
        match key {
            Key::Offset(n) => self.offset(*n).to_string(),
            Key::Slot(name) => self
                .slots
                .get(name)
                .map_or_else(|| self.subnet.network().to_string(), ToString::to_string),
            Key::Prefix => self.subnet.prefix_len().to_string(),
            Key::Netmask => self.subnet.netmask().to_string(),
            Key::Last => {
                Ipv4Addr::from(u32::from(self.subnet.broadcast()).saturating_sub(1)).to_string()
            }
            Key::Broadcast => self.subnet.broadcast().to_string(),
        }
    }

    /// Host offset `n` of the subnet.
    pub fn offset(&self, n: u32) -> Ipv4Addr {
        let network = u32::from(self.subnet.network());
        let size_minus_one = u32::from(self.subnet.hostmask());
        Ipv4Addr::from(network + n.min(size_minus_one))
    }

    /// Fills every placeholder of `pieces` with plain text.
    pub fn fill(&self, pieces: &[Piece<'_>]) -> String {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value { key, .. } => out.push_str(&self.text(key)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;

//! What a reader types: a subnet and, per slot, an address. Every rejection
//! has a code and named parameters; the message is a template in the reader's
//! language, shared with the browser so both say exactly the same.

use std::{collections::BTreeMap, net::Ipv4Addr, str::FromStr};

use ipnet::Ipv4Net;

use super::Values;

/// The smallest and largest prefix a reader may choose.
pub const PREFIX_RANGE: (u8, u8) = (8, 30);

/// Ranges no reader's network can be in, each with the code of its message:
/// the subnet may not overlap any of them (RFC 6890's special-purpose
/// ranges that a host cannot use as its LAN). The browser gets the same list.
pub const UNUSABLE: &[(&str, &str)] = &[
    ("subnet-this-network", "0.0.0.0/8"),
    ("subnet-loopback", "127.0.0.0/8"),
    ("subnet-link-local", "169.254.0.0/16"),
    ("subnet-multicast", "224.0.0.0/4"),
    ("subnet-reserved", "240.0.0.0/4"),
];

/// A slot as the rules need it.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Its name (`xxx`).
    pub name: String,
    /// Its default host offset.
    pub default: u32,
    /// What it is, in the reader's language ("the VM").
    pub label: String,
}

/// Everything the checks need to know about the book.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Slots in declaration order.
    pub slots: Vec<Slot>,
    /// Host offsets the book uses literally, with where (for messages) and
    /// what they are, if the book says ("the gateway").
    pub offsets: BTreeMap<u32, Used>,
    /// An example subnet for messages (the book's default).
    pub example: String,
}

/// A host offset the book uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    /// Where, such as a chapter title or `file:line`.
    pub place: String,
    /// What the address is, if the book says ("the gateway").
    pub label: Option<String>,
}

/// A rejected input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Which rule: `ipv6`, `host-bits`, `vm-taken`, ...
    pub code: &'static str,
    /// Which field: `subnet` or a slot name.
    pub field: String,
    /// The message's parameters.
    pub params: Vec<(&'static str, String)>,
}

impl InputError {
    fn new(code: &'static str, field: &str) -> Self {
        InputError {
            code,
            field: field.to_string(),
            params: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    /// The message in language `lang`.
    pub fn message(&self, lang: &str) -> String {
        let template = messages(lang)
            .iter()
            .find(|(code, _)| *code == self.code)
            .map_or(self.code, |(_, m)| *m);
        fill(template, &self.params)
    }
}

/// Replaces `{name}` in `template` by the parameter's value. The browser
/// does the same with the same templates.
pub fn fill(template: &str, params: &[(&'static str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

const EN: &[(&str, &str)] = &[
    ("empty", "Enter your subnet, for example {example}."),
    (
        "ipv6",
        "{value} is IPv6; this guide needs an IPv4 subnet, for example {example}.",
    ),
    (
        "no-prefix",
        "{value} has no prefix length; write it with one, for example {value}/24.",
    ),
    (
        "malformed",
        "{value} is not a subnet in CIDR form; write it like {example}.",
    ),
    (
        "leading-zero",
        "{value} has a number with a leading zero, which some tools read as octal (010 is 8); write {fixed}.",
    ),
    (
        "prefix-range",
        "The prefix /{prefix} is out of range; use a prefix from /8 to /30.",
    ),
    (
        "host-bits",
        "{value} has host bits set; the network is {network}.",
    ),
    (
        "subnet-this-network",
        "{value} overlaps {range}, which means “this network” and is no host's address; choose a private subnet, for example {example}.",
    ),
    (
        "subnet-loopback",
        "{value} overlaps {range}, the loopback network, whose addresses never leave the machine; choose a private subnet, for example {example}.",
    ),
    (
        "subnet-link-local",
        "{value} overlaps {range}, the link-local range hosts pick from without DHCP; choose a private subnet, for example {example}.",
    ),
    (
        "subnet-multicast",
        "{value} overlaps {range}, the multicast range, where no host has an address; choose a private subnet, for example {example}.",
    ),
    (
        "subnet-reserved",
        "{value} overlaps {range}, reserved (class E and the broadcast address), which hosts refuse; choose a private subnet, for example {example}.",
    ),
    (
        "offset-too-big",
        "The guide uses host .{offset} ({place}), which does not fit in {subnet}; choose a larger subnet (a shorter prefix).",
    ),
    (
        "offset-broadcast",
        "The guide uses host .{offset} ({place}), which is the broadcast address of {subnet}; choose a larger subnet (a shorter prefix).",
    ),
    (
        "slot-malformed",
        "{value} is not an IPv4 address or a host number; write it like {first} or {default}.",
    ),
    (
        "slot-outside",
        "{value} is outside {subnet}; choose an address from {first} to {last}.",
    ),
    (
        "slot-network",
        "{value} is the network address of {subnet}; choose an address from {first} to {last}.",
    ),
    (
        "slot-broadcast",
        "{value} is the broadcast address of {subnet}; choose an address from {first} to {last}.",
    ),
    (
        "slot-taken",
        "{value} is already {what}; choose another address.",
    ),
    (
        "slot-full",
        "{subnet} has no free address left for {label}; choose a larger subnet.",
    ),
];

const ZH: &[(&str, &str)] = &[
    ("empty", "请输入你的子网，例如 {example}。"),
    (
        "ipv6",
        "{value} 是 IPv6 地址；本指南需要 IPv4 子网，例如 {example}。",
    ),
    (
        "no-prefix",
        "{value} 缺少前缀长度；请写成例如 {value}/24 的形式。",
    ),
    (
        "malformed",
        "{value} 不是 CIDR 形式的子网；请写成 {example} 这样的形式。",
    ),
    (
        "leading-zero",
        "{value} 中有以 0 开头的数字，有些工具会把它当作八进制（010 即 8）；请写成 {fixed}。",
    ),
    (
        "prefix-range",
        "前缀 /{prefix} 超出范围；请使用 /8 到 /30 之间的前缀。",
    ),
    (
        "host-bits",
        "{value} 的主机位不为零；网络地址应为 {network}。",
    ),
    (
        "subnet-this-network",
        "{value} 与 {range} 重叠，该范围表示“本网络”，不是任何主机的地址；请选择私有子网，例如 {example}。",
    ),
    (
        "subnet-loopback",
        "{value} 与 {range} 重叠，这是环回网络，其地址不会离开本机；请选择私有子网，例如 {example}。",
    ),
    (
        "subnet-link-local",
        "{value} 与 {range} 重叠，这是主机在没有 DHCP 时自选的链路本地地址范围；请选择私有子网，例如 {example}。",
    ),
    (
        "subnet-multicast",
        "{value} 与 {range} 重叠，这是组播地址范围，没有主机使用其中的地址；请选择私有子网，例如 {example}。",
    ),
    (
        "subnet-reserved",
        "{value} 与 {range} 重叠，这是保留地址（E 类地址和广播地址），主机不接受；请选择私有子网，例如 {example}。",
    ),
    (
        "offset-too-big",
        "本指南用到主机 .{offset}（{place}），它不在 {subnet} 之内；请选择更大的子网（更短的前缀）。",
    ),
    (
        "offset-broadcast",
        "本指南用到主机 .{offset}（{place}），它是 {subnet} 的广播地址；请选择更大的子网（更短的前缀）。",
    ),
    (
        "slot-malformed",
        "{value} 不是 IPv4 地址或主机号；请写成 {first} 或 {default} 这样的形式。",
    ),
    (
        "slot-outside",
        "{value} 不在 {subnet} 之内；请选择 {first} 到 {last} 之间的地址。",
    ),
    (
        "slot-network",
        "{value} 是 {subnet} 的网络地址；请选择 {first} 到 {last} 之间的地址。",
    ),
    (
        "slot-broadcast",
        "{value} 是 {subnet} 的广播地址；请选择 {first} 到 {last} 之间的地址。",
    ),
    ("slot-taken", "{value} 已经是{what}；请换一个地址。"),
    (
        "slot-full",
        "{subnet} 中已没有空闲地址可用作{label}；请选择更大的子网。",
    ),
];

/// Every message template in `lang` (English for languages without a table).
pub fn messages(lang: &str) -> &'static [(&'static str, &'static str)] {
    match lang.split('-').next().unwrap_or(lang) {
        "zh" => ZH,
        _ => EN,
    }
}

/// How `slot-taken` names what an address already is, per language
/// (`named` when the book names the offset, else `unnamed`). The browser
/// builds `{what}` from the same templates.
pub fn what_templates(lang: &str) -> BTreeMap<&'static str, &'static str> {
    let zh = messages(lang) == ZH;
    BTreeMap::from([
        (
            "named",
            if zh {
                "{label}（.{offset}，{place}）"
            } else {
                "{label} (.{offset}, {place})"
            },
        ),
        (
            "unnamed",
            if zh {
                "本指南使用的 .{offset}（{place}）"
            } else {
                "used by the guide as .{offset} ({place})"
            },
        ),
    ])
}

fn taken_what(lang: &str, offset: u32, used: &Used) -> String {
    let templates = what_templates(lang);
    let mut params = vec![
        ("offset", offset.to_string()),
        ("place", used.place.clone()),
    ];
    let template = match &used.label {
        Some(label) => {
            params.push(("label", label.clone()));
            templates["named"]
        }
        None => templates["unnamed"],
    };
    fill(template, &params)
}

/// Parses and checks a reader's subnet.
pub fn parse_subnet(text: &str, rules: &Rules) -> Result<Ipv4Net, InputError> {
    let value = text.trim();
    let err = |code| {
        InputError::new(code, "subnet")
            .with("value", value)
            .with("example", &rules.example)
    };
    if value.is_empty() {
        return Err(err("empty"));
    }
    if value.contains(':') {
        return Err(err("ipv6"));
    }
    let Some((addr_text, prefix_text)) = value.split_once('/') else {
        return Err(if Ipv4Addr::from_str(value).is_ok() {
            err("no-prefix")
        } else if let Some(fixed) = without_leading_zeros(value) {
            err("leading-zero").with("fixed", fixed)
        } else {
            err("malformed")
        });
    };
    let is_number =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let Ok(addr) = Ipv4Addr::from_str(addr_text) else {
        return Err(match without_leading_zeros(addr_text) {
            Some(fixed) if is_number(prefix_text) => err("leading-zero").with(
                "fixed",
                format!("{fixed}/{}", prefix_text.parse::<u8>().unwrap_or_default()),
            ),
            _ => err("malformed"),
        });
    };
    if !is_number(prefix_text) {
        return Err(err("malformed"));
    }
    let prefix: u8 = prefix_text.parse().map_err(|_| err("malformed"))?;
    if prefix_text.len() > 1 && prefix_text.starts_with('0') {
        return Err(err("leading-zero").with("fixed", format!("{addr}/{prefix}")));
    }
    if !(PREFIX_RANGE.0..=PREFIX_RANGE.1).contains(&prefix) {
        return Err(err("prefix-range").with("prefix", prefix));
    }
    let net = Ipv4Net::new(addr, prefix).map_err(|_| err("malformed"))?;
    if net.network() != addr {
        return Err(err("host-bits").with("network", net.trunc()));
    }
    for (code, range) in UNUSABLE {
        let range: Ipv4Net = range.parse().map_err(|_| err("malformed"))?;
        if range.contains(&net.network()) || net.contains(&range.network()) {
            return Err(err(*code).with("range", range));
        }
    }
    Ok(net)
}

/// `text` (an address) written without leading zeros, when its only fault
/// is a number with one (`010.0.0.1`): glibc's `inet_aton` and ping read
/// such a number as octal, so netplate refuses it rather than guess.
fn without_leading_zeros(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('.').collect();
    let numbers = parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    if !numbers || !parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
        return None;
    }
    let octets: Vec<u8> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    Some(Ipv4Addr::new(octets[0], octets[1], octets[2], octets[3]).to_string())
}

/// Resolves a reader's input into [`Values`], in language `lang` for the
/// labels inside messages. `slots` maps slot names to what the reader typed
/// (absent or empty: the slot's default).
pub fn resolve(
    subnet: &str,
    slots: &BTreeMap<String, String>,
    rules: &Rules,
    lang: &str,
) -> Result<Values, InputError> {
    let net = parse_subnet(subnet, rules)?;
    let size_minus_one = u32::from(net.hostmask());
    let network = u32::from(net.network());
    let first = Ipv4Addr::from(network + 1);
    let last = Ipv4Addr::from(network + size_minus_one - 1);
    for (&offset, used) in &rules.offsets {
        let base = InputError::new("", "subnet")
            .with("offset", offset)
            .with("place", &used.place)
            .with("subnet", net);
        if offset > size_minus_one {
            return Err(InputError {
                code: "offset-too-big",
                ..base
            });
        }
        if offset != 0 && offset == size_minus_one {
            return Err(InputError {
                code: "offset-broadcast",
                ..base
            });
        }
    }
    // Addresses already spoken for: the guide's own, then earlier slots.
    let mut taken: BTreeMap<u32, String> = rules
        .offsets
        .iter()
        .filter(|(o, _)| **o != 0)
        .map(|(o, used)| (network + o, taken_what(lang, *o, used)))
        .collect();
    let mut values = BTreeMap::new();
    for slot in &rules.slots {
        let typed = slots
            .get(&slot.name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty());
        let addr = match typed {
            Some(text) => {
                let err = |code| {
                    InputError::new(code, &slot.name)
                        .with("value", text)
                        .with("subnet", net)
                        .with("first", first)
                        .with("last", last)
                        .with("default", slot.default)
                        .with("label", &slot.label)
                };
                let number = text.strip_prefix('.').unwrap_or(text);
                let fixed = match without_leading_zeros(text) {
                    Some(fixed) => Some(fixed),
                    None if number.len() > 1
                        && number.starts_with('0')
                        && number.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        Some(format!(
                            "{}{}",
                            &text[..text.len() - number.len()],
                            number.trim_start_matches('0').max("0")
                        ))
                    }
                    None => None,
                };
                if let Some(fixed) = fixed {
                    return Err(InputError::new("leading-zero", &slot.name)
                        .with("value", text)
                        .with("fixed", fixed));
                }
                let addr = parse_slot(text, network).ok_or_else(|| err("slot-malformed"))?;
                let n = u32::from(addr);
                if !net.contains(&addr) {
                    return Err(err("slot-outside"));
                }
                if n == network {
                    return Err(err("slot-network"));
                }
                if n == network + size_minus_one {
                    return Err(err("slot-broadcast"));
                }
                if let Some(what) = taken.get(&n) {
                    return Err(err("slot-taken").with("what", what));
                }
                addr
            }
            None => {
                // The default offset if it fits and is free, else the highest free host.
                let preferred = (slot.default >= 1 && slot.default < size_minus_one)
                    .then(|| network + slot.default)
                    .filter(|n| !taken.contains_key(n));
                let fallback = || {
                    (1..size_minus_one)
                        .rev()
                        .map(|o| network + o)
                        .find(|n| !taken.contains_key(n))
                };
                let n = preferred.or_else(fallback).ok_or_else(|| {
                    // No host left: the subnet is what to change.
                    InputError::new("slot-full", "subnet")
                        .with("subnet", net)
                        .with("label", &slot.label)
                })?;
                Ipv4Addr::from(n)
            }
        };
        taken.insert(u32::from(addr), slot.label.clone());
        values.insert(slot.name.clone(), addr);
    }
    Ok(Values {
        subnet: net,
        slots: values,
    })
}

/// A slot's input: a full address, or a host number (`100` or `.100`).
fn parse_slot(text: &str, network: u32) -> Option<Ipv4Addr> {
    if let Ok(addr) = Ipv4Addr::from_str(text) {
        return Some(addr);
    }
    let number = text.strip_prefix('.').unwrap_or(text);
    if number.is_empty() || number.len() > 10 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = number.parse().ok()?;
    network.checked_add(n).map(Ipv4Addr::from)
}

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::{
    input::{Rules, Slot, Used, resolve},
    *,
};

fn template() -> Template {
    Template::parse("192.168.?.0/24").unwrap()
}

fn is_xxx(name: &str) -> bool {
    name == "xxx"
}

fn keys(text: &str, scope: bool) -> Vec<(String, String)> {
    let (pieces, errors) = template().scan(text, scope, &is_xxx);
    assert!(errors.is_empty(), "{errors:?}");
    pieces
        .into_iter()
        .filter_map(|p| match p {
            Piece::Value { key, text, .. } => Some((key.to_string(), text.to_string())),
            Piece::Text(_) => None,
        })
        .collect()
}

fn rules() -> Rules {
    let mut offsets = BTreeMap::new();
    offsets.insert(
        0,
        Used {
            place: "vmware-config".into(),
            label: None,
        },
    );
    offsets.insert(
        1,
        Used {
            place: "gateway-firewall.md:5".into(),
            label: Some("the gateway".into()),
        },
    );
    Rules {
        slots: vec![Slot {
            name: "xxx".into(),
            default: 100,
            label: "the VM".into(),
        }],
        offsets,
        example: "192.168.10.0/24".into(),
    }
}

fn values(subnet: &str, vm: Option<&str>) -> Result<Values, input::InputError> {
    let mut slots = BTreeMap::new();
    if let Some(vm) = vm {
        slots.insert("xxx".to_string(), vm.to_string());
    }
    resolve(subnet, &slots, &rules(), "en")
}

#[test]
fn template_parses_and_knows_its_netmask() {
    let t = template();
    assert_eq!(t.marker(), "192.168.?");
    assert_eq!(t.netmask(), "255.255.255.0");
    assert!(Template::parse("192.168.1.0/24").is_err());
    assert!(Template::parse("192.168.?.0").is_err());
    assert!(Template::parse("192.168.?.1/24").is_err());
    assert!(Template::parse("10.?.0.0/16").is_ok());
}

#[test]
fn scans_offsets_slots_prefixes_and_netmasks() {
    let got = keys(
        "addresses: [192.168.?.xxx/24] gateway 192.168.?.1, mask 255.255.255.0.",
        true,
    );
    assert_eq!(
        got,
        [
            ("xxx".into(), "192.168.?.xxx".into()),
            ("prefix".into(), "24".into()),
            ("1".into(), "192.168.?.1".into()),
            ("netmask".into(), "255.255.255.0".into()),
        ]
    );
}

#[test]
fn netmask_only_counts_next_to_a_template_address() {
    assert!(keys("mask 255.255.255.0", false).is_empty());
    assert!(keys("1255.255.255.0 and 255.255.255.01", true).is_empty());
}

#[test]
fn sentence_end_after_an_address_is_not_part_of_it() {
    assert_eq!(
        keys("网关是 192.168.?.1。", false),
        [("1".into(), "192.168.?.1".into())]
    );
    assert_eq!(
        keys("it is 192.168.?.1.", false),
        [("1".into(), "192.168.?.1".into())]
    );
}

#[test]
fn unreadable_patterns_are_errors_with_offsets() {
    for (text, needle) in [
        ("ip 192.168.?.yyy", "unknown placeholder `yyy`"),
        ("ip 192.168.?.300", "`300` is not a number"),
        ("ip 192.168.? here", "a `.` must follow"),
        ("ip 192.168.?.1.2", "expected 1 octet"),
    ] {
        let (_, errors) = template().scan(text, false, &is_xxx);
        assert_eq!(errors.len(), 1, "{text}");
        assert_eq!(errors[0].offset, 3, "{text}");
        assert!(
            errors[0].message.contains(needle),
            "{text}: {}",
            errors[0].message
        );
    }
}

#[test]
fn values_fill_every_kind_of_key() {
    let v = values("10.20.0.0/16", Some("10.20.5.6")).unwrap();
    let (pieces, _) = template().scan(
        "192.168.?.xxx/24 via 192.168.?.1 mask 255.255.255.0 net 192.168.?.0",
        true,
        &is_xxx,
    );
    assert_eq!(
        v.fill(&pieces),
        "10.20.5.6/16 via 10.20.0.1 mask 255.255.0.0 net 10.20.0.0"
    );
}

#[test]
fn vm_defaults_to_its_offset_and_falls_back_in_small_subnets() {
    assert_eq!(
        values("10.0.0.0/24", None).unwrap().slots["xxx"].to_string(),
        "10.0.0.100"
    );
    // .100 does not fit a /28: the highest free host instead.
    assert_eq!(
        values("10.0.0.16/28", None).unwrap().slots["xxx"].to_string(),
        "10.0.0.30"
    );
    // A /30 has two hosts; .1 is the gateway.
    assert_eq!(
        values("10.0.0.4/30", None).unwrap().slots["xxx"].to_string(),
        "10.0.0.6"
    );
    // A host number is an offset.
    assert_eq!(
        values("10.0.0.0/24", Some(".7")).unwrap().slots["xxx"].to_string(),
        "10.0.0.7"
    );
    assert_eq!(
        values("10.0.0.0/24", Some("7")).unwrap().slots["xxx"].to_string(),
        "10.0.0.7"
    );
}

#[track_caller]
fn rejects(subnet: &str, vm: Option<&str>, code: &str, en: &str) {
    let e = values(subnet, vm).unwrap_err();
    assert_eq!(e.code, code, "{subnet} {vm:?}: {}", e.message("en"));
    assert_eq!(e.message("en"), en);
    assert!(!e.message("zh").is_empty() && e.message("zh") != e.message("en"));
}

#[test]
fn rejects_empty() {
    rejects(
        " ",
        None,
        "empty",
        "Enter your subnet, for example 192.168.10.0/24.",
    );
}

#[test]
fn rejects_ipv6() {
    rejects(
        "2001:db8::/64",
        None,
        "ipv6",
        "2001:db8::/64 is IPv6; this guide needs an IPv4 subnet, for example 192.168.10.0/24.",
    );
}

#[test]
fn rejects_missing_prefix() {
    rejects(
        "10.0.0.0",
        None,
        "no-prefix",
        "10.0.0.0 has no prefix length; write it with one, for example 10.0.0.0/24.",
    );
}

#[test]
fn rejects_malformed() {
    for bad in [
        "10.0.0/24",
        "10.0.0.256/24",
        "10.0.0.0/x",
        "ten/8",
        "10.0.0.0/",
        "10.0.0.0/024",
    ] {
        assert_eq!(values(bad, None).unwrap_err().code, "malformed", "{bad}");
    }
}

#[test]
fn rejects_prefix_out_of_range() {
    rejects(
        "10.0.0.0/7",
        None,
        "prefix-range",
        "The prefix /7 is out of range; use a prefix from /8 to /30.",
    );
    assert_eq!(
        values("10.0.0.0/31", None).unwrap_err().code,
        "prefix-range"
    );
}

#[test]
fn rejects_host_bits_and_suggests_the_network() {
    rejects(
        "10.0.0.5/24",
        None,
        "host-bits",
        "10.0.0.5/24 has host bits set; the network is 10.0.0.0/24.",
    );
}

#[test]
fn rejects_subnets_no_lan_can_be_in() {
    for (subnet, code, range) in [
        ("0.0.0.0/8", "subnet-this-network", "0.0.0.0/8"),
        ("0.0.0.0/16", "subnet-this-network", "0.0.0.0/8"),
        ("127.0.0.0/8", "subnet-loopback", "127.0.0.0/8"),
        ("127.10.0.0/16", "subnet-loopback", "127.0.0.0/8"),
        ("169.254.0.0/16", "subnet-link-local", "169.254.0.0/16"),
        ("169.254.3.0/24", "subnet-link-local", "169.254.0.0/16"),
        // a /8 that takes in the link-local range
        ("169.0.0.0/8", "subnet-link-local", "169.254.0.0/16"),
        ("224.0.0.0/8", "subnet-multicast", "224.0.0.0/4"),
        ("239.255.0.0/16", "subnet-multicast", "224.0.0.0/4"),
        ("240.0.0.0/8", "subnet-reserved", "240.0.0.0/4"),
        ("255.255.255.0/24", "subnet-reserved", "240.0.0.0/4"),
    ] {
        let e = values(subnet, None).unwrap_err();
        assert_eq!(e.code, code, "{subnet}");
        let en = e.message("en");
        assert!(
            en.starts_with(&format!("{subnet} overlaps {range}, "))
                && en.contains("192.168.10.0/24"),
            "{en}"
        );
        assert!(e.message("zh").contains(range));
    }
    rejects(
        "127.0.0.0/8",
        None,
        "subnet-loopback",
        "127.0.0.0/8 overlaps 127.0.0.0/8, the loopback network, whose addresses never leave \
         the machine; choose a private subnet, for example 192.168.10.0/24.",
    );
    // Their neighbours are fine.
    for ok in [
        "1.0.0.0/8",
        "126.0.0.0/8",
        "128.0.0.0/8",
        "169.253.0.0/16",
        "223.0.0.0/8",
    ] {
        assert!(values(ok, None).is_ok(), "{ok}");
    }
}

#[test]
fn rejects_leading_zeros_that_tools_read_as_octal() {
    rejects(
        "10.0.0.0/08",
        None,
        "leading-zero",
        "10.0.0.0/08 has a number with a leading zero, which some tools read as octal (010 is 8); \
         write 10.0.0.0/8.",
    );
    for (subnet, fixed) in [
        ("010.0.0.0/8", "10.0.0.0/8"),
        ("10.020.0.0/16", "10.20.0.0/16"),
        ("192.168.010.0", "192.168.10.0"),
    ] {
        let e = values(subnet, None).unwrap_err();
        assert_eq!(
            (e.code, e.params.last().unwrap().1.as_str()),
            ("leading-zero", fixed)
        );
    }
    for (vm, fixed) in [
        ("0100", "100"),
        (".0100", ".100"),
        ("10.0.0.0100", ""),
        ("010.0.0.5", "10.0.0.5"),
    ] {
        let e = values("10.0.0.0/24", Some(vm)).unwrap_err();
        if fixed.is_empty() {
            assert_eq!(e.code, "slot-malformed", "{vm}");
        } else {
            assert_eq!(e.code, "leading-zero", "{vm}");
            assert_eq!(e.field, "xxx");
            assert!(
                e.message("en").ends_with(&format!("write {fixed}.")),
                "{}",
                e.message("en")
            );
        }
    }
    // A lone zero is no leading zero.
    assert!(values("10.0.0.0/8", Some("10.0.0.9")).is_ok());
}

#[test]
fn rejects_vm_outside_the_subnet() {
    rejects(
        "10.0.0.0/24",
        Some("10.0.1.5"),
        "slot-outside",
        "10.0.1.5 is outside 10.0.0.0/24; choose an address from 10.0.0.1 to 10.0.0.254.",
    );
}

#[test]
fn rejects_vm_equal_to_network_or_broadcast() {
    assert_eq!(
        values("10.0.0.0/24", Some("10.0.0.0")).unwrap_err().code,
        "slot-network"
    );
    assert_eq!(
        values("10.0.0.0/24", Some("10.0.0.255")).unwrap_err().code,
        "slot-broadcast"
    );
}

#[test]
fn rejects_vm_equal_to_the_gateway() {
    rejects(
        "10.0.0.0/24",
        Some("10.0.0.1"),
        "slot-taken",
        "10.0.0.1 is already the gateway (.1, gateway-firewall.md:5); choose another address.",
    );
}

#[test]
fn rejects_malformed_vm() {
    assert_eq!(
        values("10.0.0.0/24", Some("10.0.0")).unwrap_err().code,
        "slot-malformed"
    );
    assert_eq!(
        values("10.0.0.0/24", Some("vm")).unwrap_err().code,
        "slot-malformed"
    );
}

#[test]
fn rejects_a_guide_offset_that_does_not_fit() {
    let mut r = rules();
    r.offsets.insert(
        200,
        Used {
            place: "cloning.md:9".into(),
            label: None,
        },
    );
    let e = resolve("10.0.0.0/28", &BTreeMap::new(), &r, "en").unwrap_err();
    assert_eq!(e.code, "offset-too-big");
    assert_eq!(
        e.message("en"),
        "The guide uses host .200 (cloning.md:9), which does not fit in 10.0.0.0/28; choose a larger subnet (a shorter prefix)."
    );
    let mut r = rules();
    r.offsets.insert(
        3,
        Used {
            place: "x".into(),
            label: None,
        },
    );
    assert_eq!(
        resolve("10.0.0.0/30", &BTreeMap::new(), &r, "en")
            .unwrap_err()
            .code,
        "offset-broadcast"
    );
}

/// Subnets a reader may choose: any prefix from /8 to /30 outside the
/// ranges no LAN can be in ([`super::input::UNUSABLE`]).
fn subnet_strategy() -> impl Strategy<Value = Ipv4Net> {
    (any::<u32>(), 8u8..=30)
        .prop_map(|(a, p)| Ipv4Net::new(Ipv4Addr::from(a), p).unwrap().trunc())
        .prop_filter("a usable subnet", |net| {
            super::input::UNUSABLE.iter().all(|(_, range)| {
                let range: Ipv4Net = range.parse().unwrap();
                !range.contains(&net.network()) && !net.contains(&range.network())
            })
        })
}

proptest! {
    #[test]
    fn filled_addresses_lie_in_the_subnet_and_slots_stay_distinct(net in subnet_strategy(), pick in any::<u32>()) {
        let v = values(&net.to_string(), None).unwrap();
        let vm = v.slots["xxx"];
        prop_assert!(net.contains(&vm));
        prop_assert!(vm != net.network() && vm != net.broadcast());
        prop_assert_ne!(vm, v.offset(1), "VM is not the gateway");
        prop_assert!(net.contains(&v.offset(1)));
        // Any host the reader picks that is free is accepted and used as is.
        let size = u32::from(net.hostmask());
        let host = Ipv4Addr::from(u32::from(net.network()) + 2 + pick % (size - 2).max(1));
        if host != net.broadcast() && net.contains(&host) {
            let v = values(&net.to_string(), Some(&host.to_string())).unwrap();
            prop_assert_eq!(v.slots["xxx"], host);
        }
        let (pieces, _) = template().scan("192.168.?.xxx/24 192.168.?.1 255.255.255.0", true, &is_xxx);
        let filled = v.fill(&pieces);
        prop_assert!(!filled.contains('?'));
        for word in filled.split([' ', '/']) {
            if let Ok(addr) = word.parse::<Ipv4Addr>() && word != net.netmask().to_string() {
                prop_assert!(net.contains(&addr), "{} not in {}", addr, net);
            }
        }
    }
}

#[test]
fn named_values_stand_anywhere_and_take_the_prefix() {
    let text = "{?network}/24, {?first} to {?last}, {?broadcast}, {?netmask} (/{?prefix})";
    assert!(template().occurs_in(text));
    assert_eq!(
        keys(text, false),
        [
            ("0".into(), "{?network}".into()),
            ("prefix".into(), "24".into()),
            ("1".into(), "{?first}".into()),
            ("last".into(), "{?last}".into()),
            ("broadcast".into(), "{?broadcast}".into()),
            ("netmask".into(), "{?netmask}".into()),
            ("prefix".into(), "{?prefix}".into()),
        ]
    );
    let (pieces, _) = template().scan(text, false, &is_xxx);
    for (subnet, want) in [
        (
            "10.20.0.0/16",
            "10.20.0.0/16, 10.20.0.1 to 10.20.255.254, 10.20.255.255, 255.255.0.0 (/16)",
        ),
        (
            "192.168.10.0/24",
            "192.168.10.0/24, 192.168.10.1 to 192.168.10.254, 192.168.10.255, 255.255.255.0 (/24)",
        ),
        (
            "10.0.0.0/8",
            "10.0.0.0/8, 10.0.0.1 to 10.255.255.254, 10.255.255.255, 255.0.0.0 (/8)",
        ),
        (
            "172.16.0.8/29",
            "172.16.0.8/29, 172.16.0.9 to 172.16.0.14, 172.16.0.15, 255.255.255.248 (/29)",
        ),
    ] {
        assert_eq!(values(subnet, None).unwrap().fill(&pieces), want);
    }
}

#[test]
fn braces_that_are_not_named_values_stay_text() {
    for text in ["echo ${?}", "{? a: b}", "{?Net}", "{?net", "{}"] {
        let (pieces, errors) = template().scan(text, false, &is_xxx);
        assert!(errors.is_empty(), "{text}: {errors:?}");
        assert_eq!(pieces, [Piece::Text(text)], "{text}");
    }
    assert!(!template().occurs_in("{? a: b} ${?}"));
    let (_, errors) = template().scan("mask {?mask}.", false, &is_xxx);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].offset, errors[0].len), (5, 7));
    assert_eq!(errors[0].message, "unknown value `{?mask}`");
    assert!(
        errors[0].help.contains("`{?netmask}`"),
        "{}",
        errors[0].help
    );
}

/// A /24 template whose book defaults to 192.168.10.0/24 and the VM to .100.
fn with_defaults() -> Template {
    let mut t = template();
    t.set_defaults(literal::Defaults {
        subnet: "192.168.10.0/24".parse().unwrap(),
        slots: vec![("xxx".into(), 100)],
    });
    t
}

/// (kind, the literal as written, help) of each literal of `text`.
fn literals(t: &Template, text: &str, scope: bool) -> Vec<(literal::Kind, String, String)> {
    t.literals(text, scope)
        .into_iter()
        .map(|l| (l.kind, text[l.offset..l.offset + l.len].to_string(), l.help))
        .collect()
}

#[test]
fn literals_that_look_like_template_values_are_found() {
    use literal::Kind::*;
    let t = with_defaults();
    let found = literals(
        &t,
        "子网掩码都设置为 255.255.255.0。A /24 net, (/24), 192.168.10.2, 地址192.168.10.100/24 and 192.168.1.0/24.",
        false,
    );
    let kinds: Vec<(literal::Kind, &str)> =
        found.iter().map(|(k, w, _)| (*k, w.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (Netmask, "255.255.255.0"),
            (Prefix, "/24"),
            (Prefix, "/24"),
            (DefaultAddress, "192.168.10.2"),
            (DefaultAddress, "192.168.10.100/24"),
            (TemplateLike, "192.168.1.0/24"),
        ]
    );
    assert_eq!(
        found[0].2,
        "write `{?netmask}` for the reader's netmask (or keep it beside a template address like `192.168.?.1`, where it is theirs)"
    );
    assert!(
        found[1].2.starts_with("write `/{?prefix}`"),
        "{}",
        found[1].2
    );
    assert_eq!(
        found[3].2,
        "write `192.168.?.2` so that it becomes the reader's"
    );
    assert_eq!(
        found[4].2,
        "write `192.168.?.xxx/24` (slot `xxx`) or `192.168.?.100/24` so that it becomes the reader's"
    );
    assert_eq!(
        found[5].2,
        "write `192.168.?.0/24` so that it becomes the reader's"
    );
}

#[test]
fn default_subnet_ends_are_named_values() {
    let t = with_defaults();
    let helps: Vec<String> = literals(
        &t,
        "192.168.10.0/24 192.168.10.0 192.168.10.254 192.168.10.255.",
        false,
    )
    .into_iter()
    .map(|(_, _, h)| h)
    .collect();
    assert_eq!(
        helps,
        [
            "write `192.168.?.0/24` so that it becomes the reader's",
            "write `192.168.?.0` so that it becomes the reader's",
            "write `{?last}` (the subnet's last host) or `192.168.?.254` so that it becomes the reader's",
            "write `{?broadcast}` (the subnet's broadcast address) or `192.168.?.255` so that it becomes the reader's",
        ]
    );
}

#[test]
fn a_prefix_after_a_template_value_must_be_the_templates() {
    let t = with_defaults();
    let found = literals(
        &t,
        "192.168.?.0/16, {?network}/8, 192.168.?.xxx/24, {?network}/24, {?netmask}/16",
        false,
    );
    let written: Vec<&str> = found.iter().map(|(_, w, _)| w.as_str()).collect();
    assert_eq!(written, ["/16", "/8"]);
    assert!(found.iter().all(|(k, _, _)| *k == literal::Kind::Prefix));
}

#[test]
fn literals_that_are_not_template_values_are_left_alone() {
    let t = with_defaults();
    for text in [
        "mask 255.255.255.0 beside 192.168.?.1",
        "255.255.255.255 1255.255.255.0 255.255.255.01 255.255.255.0.1 255.255.255.0/24",
        "8.8.8.8 114.114.114.114 127.0.0.1 0.0.0.0/0 10.0.0.0/24 172.16.0.0/16",
        "a lone 192.168.1.1, 192.168.1.0/16, 192.168.?.xxx/24, {?network}/24",
        "v192.168.10.1 x192.168.10.1 192.168.10.1a 192.168.10.1.5 1.192.168.10.1",
        "Ubuntu 20.04, version 1.2.3.4, 2021.02.24",
        "a/24 */24 https://example.org/2021/24 /24/ _/24 /240 /24a /2",
    ] {
        assert_eq!(literals(&t, text, true), [], "{text}");
    }
    // The netmask outside a template value's block is a literal.
    assert_eq!(literals(&t, "mask 255.255.255.0.", false).len(), 1);
    // A text that follows emphasis or a path in its source.
    assert_eq!(t.literals_after(Some(b'*'), "/24 here", false), []);
    assert_eq!(t.literals_after(Some(b' '), "/24 here", false).len(), 1);
}

#[test]
fn without_defaults_only_the_templates_own_values_are_literals() {
    let t = template();
    let found = literals(&t, "192.168.10.2 192.168.10.0/24 255.255.255.0 /24", false);
    let written: Vec<&str> = found.iter().map(|(_, w, _)| w.as_str()).collect();
    assert_eq!(written, ["192.168.10.0/24", "255.255.255.0", "/24"]);
}

#[test]
fn a_16_template_has_its_own_netmask_and_prefix() {
    let mut t = Template::parse("10.?.0.0/16").unwrap();
    t.set_defaults(literal::Defaults {
        subnet: "10.5.0.0/16".parse().unwrap(),
        slots: Vec::new(),
    });
    let found = literals(
        &t,
        "255.255.0.0, 255.255.255.0, /16, /24, 10.5.1.2 and 10.7.0.0/16",
        false,
    );
    let helps: Vec<(&str, &str)> = found
        .iter()
        .map(|(_, w, h)| (w.as_str(), h.as_str()))
        .collect();
    assert_eq!(helps.len(), 4, "{helps:?}");
    assert_eq!(helps[0].0, "255.255.0.0");
    assert_eq!(helps[1].0, "/16");
    assert_eq!(
        helps[2],
        (
            "10.5.1.2",
            "write `10.?.1.2` so that it becomes the reader's"
        )
    );
    assert_eq!(
        helps[3],
        (
            "10.7.0.0/16",
            "write `10.?.0.0/16` so that it becomes the reader's"
        )
    );
}

proptest! {
    #[test]
    fn literals_never_overlap_template_values(
        words in proptest::collection::vec(prop_oneof![
            Just("192.168.?.1".to_string()),
            Just("192.168.?.xxx/24".to_string()),
            Just("{?netmask}".to_string()),
            Just("{?network}/24".to_string()),
            Just("255.255.255.0".to_string()),
            Just("/24".to_string()),
            Just("/16".to_string()),
            Just("192.168.10.".to_string()),
            Just("。".to_string()),
            "[0-9./ a*?{}]{0,6}",
        ], 0..12),
        scope in any::<bool>(),
    ) {
        let text = words.concat();
        let t = with_defaults();
        let (pieces, _) = t.scan(&text, scope, &is_xxx);
        let values: Vec<(usize, usize)> = pieces.iter().filter_map(|p| match p {
            Piece::Value { offset, text, .. } => Some((*offset, offset + text.len())),
            Piece::Text(_) => None,
        }).collect();
        for l in t.literals(&text, scope) {
            prop_assert!(text.is_char_boundary(l.offset) && text.is_char_boundary(l.offset + l.len));
            prop_assert!(l.len > 0);
            for &(s, e) in &values {
                prop_assert!(l.offset + l.len <= s || l.offset >= e, "{:?} overlaps {}..{} in {:?}", l, s, e, text);
            }
        }
    }
}

#[test]
fn every_key_reads_back_from_what_pages_carry() {
    use super::Key;
    let keys = [
        Key::Offset(0),
        Key::Offset(2),
        Key::Offset(100),
        Key::Slot("xxx".into()),
        Key::Prefix,
        Key::Netmask,
        Key::Last,
        Key::Broadcast,
    ];
    for key in keys.iter().chain(super::NAMED.iter().map(|(_, k)| k)) {
        assert_eq!(&Key::from_data(&key.to_string()), key, "{key}");
    }
}

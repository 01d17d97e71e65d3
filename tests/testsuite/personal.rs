//! Reader-chosen values end to end: `build --subnet/--vm`, `instructions`,
//! and the whole guide rendered for random subnets.

use std::{net::Ipv4Addr, path::Path};

use ipnet::Ipv4Net;
use netplate::{placeholder::setup::Reader, site::Site};
use proptest::prelude::*;

use crate::book_test::{BookTest, repo};

/// Every `<span class="ph" data-ph="KEY">VALUE</span>` of a page.
fn marks(html: &str) -> Vec<(String, String)> {
    html.match_indices("<span class=\"ph\" data-ph=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            let (key, rest) = rest.split_once("\">").unwrap();
            let value = rest.split_once("</span>").unwrap().0;
            (key.to_string(), value.to_string())
        })
        .collect()
}

/// Asserts every mark of `html` is the right value for `net` and `vm`.
#[track_caller]
fn assert_marks(html: &str, net: Ipv4Net, vm: Ipv4Addr) {
    let found = marks(html);
    for (key, value) in &found {
        let expected = match key.as_str() {
            "xxx" => vm.to_string(),
            "prefix" => net.prefix_len().to_string(),
            "netmask" => net.netmask().to_string(),
            "last" => Ipv4Addr::from(u32::from(net.broadcast()) - 1).to_string(),
            "broadcast" => net.broadcast().to_string(),
            n => Ipv4Addr::from(u32::from(net.network()) + n.parse::<u32>().unwrap()).to_string(),
        };
        assert_eq!(value, &expected, "mark {key}");
        if let Ok(addr) = value.parse::<Ipv4Addr>()
            && key != "netmask"
        {
            assert!(net.contains(&addr), "{addr} outside {net}");
        }
    }
}

/// All text files of a built site.
pub(crate) fn site_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn build_with_subnet_personalises_every_page_for_every_prefix() {
    let t = BookTest::guide();
    for (subnet, vm, expected_vm) in [
        ("10.0.0.0/8", Some("10.1.2.3"), "10.1.2.3"),
        ("10.20.0.0/16", Some("10.20.5.6"), "10.20.5.6"),
        ("192.168.77.0/24", None, "192.168.77.100"),
        ("172.16.0.16/28", None, "172.16.0.30"),
        ("172.16.0.8/29", Some("172.16.0.11"), "172.16.0.11"),
    ] {
        let mut args = vec!["build", "--subnet", subnet];
        if let Some(vm) = vm {
            args.extend(["--vm", vm]);
        }
        t.run(&args).success();
        let net: Ipv4Net = subnet.parse().unwrap();
        let vm: Ipv4Addr = expected_vm.parse().unwrap();
        let mut marked = 0;
        for (path, text) in site_files(&t.path().join("book")) {
            assert!(
                !text.contains("192.168.?"),
                "{subnet}: a template survived in {path}"
            );
            assert_marks(&text, net, vm);
            marked += marks(&text).len();
        }
        assert!(marked > 20, "{subnet}: only {marked} values marked");
        let page = t.read("book/en/gateway-firewall.html");
        assert!(
            page.contains(&format!("<span class=\"ph\" data-ph=\"xxx\">{vm}</span>")),
            "{subnet}: VM address in the page"
        );
        assert!(
            page.contains(&format!("name=\"subnet\" value=\"{net}\"")),
            "{subnet}: form shows the subnet"
        );
    }
}

#[test]
fn build_with_defaults_uses_book_toml() {
    let t = BookTest::guide();
    t.build();
    let page = t.read("book/zh/gateway-firewall.html");
    assert_marks(
        &page,
        "192.168.10.0/24".parse().unwrap(),
        "192.168.10.100".parse().unwrap(),
    );
    assert!(page.contains("<span class=\"ph\" data-ph=\"1\">192.168.10.1</span>"));
}

#[test]
fn bad_reader_input_is_a_usage_error_naming_the_value() {
    let t = BookTest::guide();
    for (args, needle) in [
        (
            vec!["--subnet", "10.0.0.5/24"],
            "10.0.0.5/24 has host bits set; the network is 10.0.0.0/24.",
        ),
        (vec!["--subnet", "2001:db8::/64"], "2001:db8::/64 is IPv6"),
        (
            vec!["--subnet", "10.0.0.0/31"],
            "The prefix /31 is out of range",
        ),
        (
            vec!["--subnet", "10.0.0/24"],
            "10.0.0/24 is not a subnet in CIDR form",
        ),
        (
            vec!["--subnet", "10.0.0.0/24", "--vm", "10.0.0.1"],
            "10.0.0.1 is already the host's VMnet8 adapter",
        ),
        (
            vec!["--subnet", "10.0.0.0/24", "--vm", "10.0.0.2"],
            "10.0.0.2 is already VMware's NAT gateway",
        ),
        // A /30 has two hosts and the guide needs both (.1 host adapter, .2 NAT gateway).
        (
            vec!["--subnet", "172.16.0.4/30"],
            "172.16.0.4/30 has no free address left for the VM's address; choose a larger subnet.",
        ),
        (
            vec!["--subnet", "10.0.0.0/24", "--vm", "10.0.1.1"],
            "10.0.1.1 is outside 10.0.0.0/24",
        ),
        (
            vec!["--subnet", "10.0.0.0/24", "--vm", "10.0.0.255"],
            "broadcast address",
        ),
    ] {
        for command in ["build", "instructions"] {
            let mut all = vec![command];
            all.extend(&args);
            let run = t.run(&all).code(2);
            assert!(run.stderr.contains(needle), "{all:?}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{all:?} printed to stdout");
        }
    }
    assert!(!t.exists("book"), "no site is written for bad input");
}

#[test]
fn instructions_fill_values_for_every_prefix() {
    let t = BookTest::guide();
    for (subnet, vm) in [
        ("10.0.0.0/8", "10.1.2.3"),
        ("10.20.0.0/16", "10.20.5.6"),
        ("192.168.77.0/24", "192.168.77.9"),
        ("172.16.0.16/28", "172.16.0.20"),
        ("172.16.0.8/29", "172.16.0.14"),
    ] {
        let net: Ipv4Net = subnet.parse().unwrap();
        let gateway = Ipv4Addr::from(u32::from(net.network()) + 2);
        let run = t
            .run(&[
                "instructions",
                "--subnet",
                subnet,
                "--vm",
                vm,
                "--os",
                "ubuntu-20.04",
                "--lang",
                "en",
            ])
            .success();
        let out = &run.stdout;
        assert!(
            out.contains(&format!("- {vm}/{}", net.prefix_len())),
            "{subnet}:\n{out}"
        );
        assert!(
            out.contains(&format!("Gateway IP: {gateway}")),
            "{subnet}:\n{out}"
        );
        assert!(!out.contains("192.168.?"), "{subnet}: template left");
        // Only the chosen OS: no other release's steps, the matching firewall.
        assert!(
            !out.contains("IPADDR="),
            "{subnet}: another OS's steps:\n{out}"
        );
        assert!(out.contains("ufw allow OpenSSH"), "{subnet}:\n{out}");
        assert!(!out.contains("firewalld"), "{subnet}:\n{out}");
        // Plain text: no Markdown syntax.
        assert!(
            !out.contains("```") && !out.contains("**") && !out.contains("# Configuring"),
            "{subnet}:\n{out}"
        );
        assert!(
            out.contains("Configuring the gateway and firewall\n===="),
            "{subnet}:\n{out}"
        );
    }
}

#[test]
fn instructions_lists_os_ids_and_rejects_unknown_ones() {
    let t = BookTest::guide();
    let run = t.run(&["instructions", "--os", "list"]).success();
    for id in [
        "ubuntu-20.04",
        "ubuntu-18.04",
        "ubuntu-16.04",
        "centos-7",
        "rhel-7",
        "debian",
    ] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(id)),
            "{id} not listed:\n{}",
            run.stdout
        );
    }
    t.run(&["instructions", "--os", "plan9"])
        .code(2)
        .stderr_has("no steps for the OS `plan9`");
    t.run(&["instructions", "--lang", "fr"])
        .code(2)
        .stderr_has("no language `fr`");
}

#[test]
fn instructions_in_chinese_markdown_head_files_by_path() {
    let t = BookTest::guide();
    let run = t
        .run(&[
            "instructions",
            "--subnet",
            "10.20.0.0/16",
            "--os",
            "ubuntu-16.04",
            "--format",
            "markdown",
        ])
        .success();
    let out = &run.stdout;
    assert!(out.starts_with("# VM 和 HOST 之间的通信\n"), "{out}");
    assert!(
        out.contains("子网 10.20.0.0/16 · 虚拟机地址 10.20.0.100"),
        "{out}"
    );
    assert!(out.contains("针对 Ubuntu 16.04 要麻烦一些。"), "{out}");
    assert!(
        out.contains("文件：`/etc/network/interfaces`\n\n```interfaces\n"),
        "{out}"
    );
    assert!(out.contains("netmask 255.255.0.0"), "{out}");
}

/// Subnets a reader of this guide can use: /8 to /29 (a /30 is refused, see
/// above), outside the ranges no LAN can be in (loopback, multicast, …).
fn subnet_strategy() -> impl Strategy<Value = Ipv4Net> {
    (any::<u32>(), 8u8..=29)
        .prop_map(|(a, p)| Ipv4Net::new(Ipv4Addr::from(a), p).unwrap().trunc())
        .prop_filter("a usable subnet", |net| {
            netplate::placeholder::input::UNUSABLE
                .iter()
                .all(|(_, range)| {
                    let range: Ipv4Net = range.parse().unwrap();
                    !range.contains(&net.network()) && !net.contains(&range.network())
                })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn whole_guide_renders_with_no_template_left(net in subnet_strategy()) {
        let reader = Reader { subnet: Some(net.to_string()), ..Reader::default() };
        let site = Site::load(&repo(), &reader).unwrap();
        let vm = site.placeholders.as_ref().unwrap().values.slots["xxx"];
        prop_assert!(net.contains(&vm));
        for chapters in &site.rendered {
            for chapter in chapters {
                prop_assert!(!chapter.html.contains("192.168.?"));
                assert_marks(&chapter.html, net, vm);
            }
        }
    }
}

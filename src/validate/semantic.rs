//! Checks across one block's addresses, on the filled values: addresses in
//! the reader's subnet with the reader's prefix, no network or broadcast
//! address as a host, the gateway inside the address's subnet (unless the
//! renderer reaches it on-link, [`Fact::OnLinkGateway`]) and not the address
//! itself, netmasks that match the prefix.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{Fact, Finding, Span};

/// Checks that need no reader subnet: they hold for any file (`lint`).
pub fn check(facts: &[Fact]) -> Vec<Finding> {
    let mut out = Vec::new();
    let nets: Vec<Ipv4Net> = facts
        .iter()
        .filter_map(|f| match f {
            Fact::Address {
                addr,
                prefix: Some(p),
                ..
            } => Ipv4Net::new(*addr, *p).ok(),
            _ => None,
        })
        .collect();
    for fact in facts {
        match fact {
            Fact::Address {
                addr,
                prefix: Some(p),
                span,
            } if *p < 31 => {
                let Ok(net) = Ipv4Net::new(*addr, *p) else {
                    continue;
                };
                if *addr == net.network() {
                    out.push(
                        Finding::error(
                            "semantic/network-address",
                            *span,
                            format!(
                                "{addr} is the network address of {}, not a host",
                                net.trunc()
                            ),
                        )
                        .help(format!(
                            "use a host address from {} to {}",
                            first(net),
                            last(net)
                        )),
                    );
                } else if *addr == net.broadcast() {
                    out.push(
                        Finding::error(
                            "semantic/broadcast-address",
                            *span,
                            format!(
                                "{addr} is the broadcast address of {}, not a host",
                                net.trunc()
                            ),
                        )
                        .help(format!(
                            "use a host address from {} to {}",
                            first(net),
                            last(net)
                        )),
                    );
                }
            }
            Fact::OnLinkGateway { addr, span } if nets.iter().any(|n| n.addr() == *addr) => {
                out.push(gateway_is_address(*addr, *span));
            }
            Fact::Gateway { addr, span } => {
                if nets.iter().any(|n| n.addr() == *addr) {
                    out.push(gateway_is_address(*addr, *span));
                } else if !nets.is_empty() && !nets.iter().any(|n| n.contains(addr)) {
                    let list: Vec<String> = nets.iter().map(|n| n.trunc().to_string()).collect();
                    out.push(
                        Finding::error("semantic/gateway-outside-subnet", *span, format!("the gateway {addr} is outside the interface's subnet {}", list.join(", ")))
                            .help("the kernel refuses such a route (`Error: Nexthop has invalid gateway.`); use a gateway inside the subnet"),
                    );
                }
            }
            Fact::Netmask { mask, span } => {
                if let Some(net) = nets.first()
                    && net.netmask() != *mask
                {
                    out.push(
                        Finding::error(
                            "semantic/netmask-mismatch",
                            *span,
                            format!(
                                "netmask {mask} does not match the prefix /{} of {}",
                                net.prefix_len(),
                                net.addr()
                            ),
                        )
                        .help(format!(
                            "for /{} the netmask is {}",
                            net.prefix_len(),
                            net.netmask()
                        )),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Checks against the reader's subnet, for a guide's blocks.
pub fn check_in(facts: &[Fact], subnet: Ipv4Net) -> Vec<Finding> {
    let mut out = check(facts);
    for fact in facts {
        match fact {
            Fact::Address { addr, prefix, span } => {
                if !subnet.contains(addr) {
                    out.push(
                        Finding::error("semantic/address-outside-subnet", *span, format!("{addr} is outside the reader's subnet {subnet}"))
                            .help("write the address as a placeholder (`192.168.?.xxx`) so it follows the reader's subnet"),
                    );
                } else if let Some(p) = prefix
                    && *p != subnet.prefix_len()
                {
                    out.push(
                        Finding::error("semantic/prefix-mismatch", *span, format!("the prefix /{p} does not match the reader's subnet {subnet}"))
                            .help("write the prefix as a placeholder (`/24` right after a template address) so it follows the reader's subnet"),
                    );
                }
            }
            Fact::Netmask { mask, span } if *mask != subnet.netmask() => {
                out.push(
                    Finding::error("semantic/netmask-mismatch", *span, format!("netmask {mask} does not match the reader's subnet {subnet}"))
                        .help("write the netmask as `255.255.255.0` in a block with a template address, so it follows the reader's subnet"),
                );
            }
            Fact::Gateway { addr, span } | Fact::OnLinkGateway { addr, span }
                if !subnet.contains(addr) =>
            {
                out.push(
                    Finding::error(
                        "semantic/gateway-outside-subnet",
                        *span,
                        format!("the gateway {addr} is outside the reader's subnet {subnet}"),
                    )
                    .help("write the gateway as a template address such as `192.168.?.2`"),
                );
            }
            _ => {}
        }
    }
    out.sort_by_key(|f| (f.span.line, f.span.column));
    out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
    out
}

fn gateway_is_address(addr: Ipv4Addr, span: Span) -> Finding {
    Finding::error(
        "semantic/gateway-is-address",
        span,
        format!("the gateway {addr} is the interface's own address"),
    )
    .help("the gateway is another machine on the subnet, such as the router or the NAT device")
}

fn first(net: Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(net.network()) + 1)
}

fn last(net: Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(net.broadcast()) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(a: &str, p: u8) -> Fact {
        Fact::Address {
            addr: a.parse().unwrap(),
            prefix: Some(p),
            span: Span::new(1, 1, 1),
        }
    }
    fn gw(a: &str) -> Fact {
        Fact::Gateway {
            addr: a.parse().unwrap(),
            span: Span::new(2, 1, 1),
        }
    }
    fn rules(f: Vec<Finding>) -> Vec<&'static str> {
        f.into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn good_block_has_no_findings() {
        let facts = [addr("10.20.5.6", 16), gw("10.20.0.1")];
        assert!(check_in(&facts, "10.20.0.0/16".parse().unwrap()).is_empty());
    }

    #[test]
    fn gateway_outside_or_equal() {
        assert_eq!(
            rules(check(&[addr("10.0.0.5", 24), gw("10.0.1.1")])),
            ["semantic/gateway-outside-subnet"]
        );
        assert_eq!(
            rules(check(&[addr("10.0.0.5", 24), gw("10.0.0.5")])),
            ["semantic/gateway-is-address"]
        );
    }

    #[test]
    fn an_on_link_gateway_needs_no_subnet_but_the_readers() {
        let on_link = |a: &str| Fact::OnLinkGateway {
            addr: a.parse().unwrap(),
            span: Span::new(2, 1, 1),
        };
        assert!(check(&[addr("10.0.0.5", 24), on_link("10.0.1.1")]).is_empty());
        assert_eq!(
            rules(check(&[addr("10.0.0.5", 24), on_link("10.0.0.5")])),
            ["semantic/gateway-is-address"]
        );
        assert_eq!(
            rules(check_in(
                &[addr("10.0.0.5", 24), on_link("192.168.1.1")],
                "10.0.0.0/24".parse().unwrap()
            )),
            ["semantic/gateway-outside-subnet"]
        );
    }

    #[test]
    fn network_and_broadcast_are_not_hosts() {
        assert_eq!(
            rules(check(&[addr("10.0.0.0", 24)])),
            ["semantic/network-address"]
        );
        assert_eq!(
            rules(check(&[addr("10.0.0.255", 24)])),
            ["semantic/broadcast-address"]
        );
    }

    #[test]
    fn netmask_must_match_prefix() {
        let facts = [
            addr("10.0.0.5", 16),
            Fact::Netmask {
                mask: "255.255.255.0".parse().unwrap(),
                span: Span::new(3, 1, 1),
            },
        ];
        assert_eq!(rules(check(&facts)), ["semantic/netmask-mismatch"]);
    }

    #[test]
    fn hard_coded_prefix_fails_for_other_subnets() {
        let facts = [addr("10.20.5.6", 24)];
        assert_eq!(
            rules(check_in(&facts, "10.20.0.0/16".parse().unwrap())),
            ["semantic/prefix-mismatch"]
        );
        assert_eq!(
            rules(check_in(
                &[addr("192.168.1.5", 24)],
                "10.20.0.0/16".parse().unwrap()
            )),
            ["semantic/address-outside-subnet"]
        );
    }
}

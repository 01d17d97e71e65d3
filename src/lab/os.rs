//! The VM image per OS: which packages its layer holds, the state an
//! installer leaves (files, enabled services), its firewall, and what must
//! survive the guide's edits. Every image is Debian 12's userland with that
//! OS's network stack: netplan + systemd-networkd + systemd-resolved for
//! Ubuntu 18.04 and later, ifupdown + resolvconf + NetworkManager for Ubuntu
//! 16.04, ifupdown alone for a Debian 12 server.

use serde::{Deserialize, Serialize};

/// Packages every image has: the tools the lab itself uses (ip, ping, nft,
/// dnsmasq for the NAT device) and what a minimal server has (dbus, sudo,
/// udev, a DHCP client), plus apt-utils for the local repository.
const COMMON: &[&str] = &[
    "iproute2",
    "iputils-ping",
    "nftables",
    "dnsmasq-base",
    "dbus",
    "sudo",
    "udev",
    "isc-dhcp-client",
    "procps",
    "apt-utils",
];

/// What the guide tells the reader to install: staged in the image's local
/// repository, installed only when the reader's steps say so.
pub const STAGED: &[&str] = &["openssh-server"];

/// A file the installer left.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct File {
    /// Absolute path.
    pub path: String,
    /// Its text.
    pub text: String,
    /// Octal mode.
    pub mode: u32,
}

/// The OS's firewall, switched on to see whether a firewall step matters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Firewall {
    /// Its name in the report ("ufw").
    pub name: String,
    /// Commands (bash) that switch it on with its shipped default rules.
    pub on: Vec<String>,
}

/// An OS image.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// The layer's name (shared by OS ids with the same packages).
    pub layer: String,
    /// What it stands for, for the report.
    pub summary: String,
    /// Packages in its layer, on top of the common ones.
    pub packages: Vec<String>,
    /// Files the installer left.
    pub files: Vec<File>,
    /// Units enabled at install (`systemctl enable`), besides what packages enable.
    pub enable: Vec<String>,
    /// Units disabled at install.
    pub disable: Vec<String>,
    /// Its firewall, if the OS ships one.
    pub firewall: Option<Firewall>,
    /// Lines a file must still have after the guide's steps: (path, line).
    pub kept: Vec<(String, String)>,
    /// Log identifiers whose warnings the report shows.
    pub tools: Vec<String>,
}

impl Profile {
    /// Every package of the layer.
    pub fn all_packages(&self) -> Vec<&str> {
        COMMON
            .iter()
            .copied()
            .chain(self.packages.iter().map(String::as_str))
            .collect()
    }
}

/// RHEL 9 and its rebuilds, Fedora: NetworkManager with keyfiles only, the
/// installer's DHCP profile, firewalld on, sshd installed and enabled.
fn keyfile() -> Profile {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let file = |path: &str, text: &str, mode: u32| File {
        path: path.into(),
        text: text.into(),
        mode,
    };
    Profile {
        layer: "nm-keyfile".into(),
        summary: "NetworkManager 1.42 (keyfile plugin), firewalld 1.3, openssh-server".into(),
        packages: s(&["network-manager", "firewalld", "openssh-server"]),
        files: vec![
            file(
                "/etc/NetworkManager/NetworkManager.conf",
                "# Configuration file for NetworkManager.\n# See \"man 5 NetworkManager.conf\" for details.\n\n[main]\nplugins=keyfile\n",
                0o644,
            ),
            // RHEL's unit is sshd.service (Debian's is ssh.service, with an
            // alias `systemctl enable` refuses): the image has RHEL's name.
            file(
                "/etc/systemd/system/sshd.service",
                "[Unit]\nDescription=OpenSSH server daemon (RHEL's unit name)\nAfter=network.target\n\n\
                 [Service]\nExecStartPre=/usr/sbin/sshd -t\nExecStart=/usr/sbin/sshd -D\n\
                 ExecReload=/bin/kill -HUP $MAINPID\nKillMode=process\nRestart=on-failure\n\
                 RuntimeDirectory=sshd\nRuntimeDirectoryMode=0755\n\n[Install]\nWantedBy=multi-user.target\n",
                0o644,
            ),
            // What Anaconda writes for the adapter: DHCP.
            file(
                "/etc/NetworkManager/system-connections/ens33.nmconnection",
                "[connection]\nid=ens33\nuuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\ntype=ethernet\n\
                 autoconnect-priority=-999\ninterface-name=ens33\n\n[ethernet]\n\n[ipv4]\nmethod=auto\n\n\
                 [ipv6]\naddr-gen-mode=eui64\nmethod=auto\n\n[proxy]\n",
                0o600,
            ),
        ],
        enable: s(&[
            "NetworkManager.service",
            "firewalld.service",
            "sshd.service",
        ]),
        disable: s(&["ssh.service"]),
        firewall: Some(Firewall {
            name: "firewalld".into(),
            // The shipped zones: drop what the steps added to them.
            on: s(&[
                "rm -f /etc/firewalld/zones/public.xml /etc/firewalld/zones/public.xml.old",
                "systemctl start firewalld",
                "firewall-cmd --reload",
            ]),
        }),
        kept: vec![(
            "/etc/NetworkManager/NetworkManager.conf".into(),
            "plugins=keyfile".into(),
        )],
        tools: s(&["NetworkManager", "firewalld"]),
    }
}

/// Why an OS id cannot be brought up here, or its image.
pub fn profile(os: &str) -> Result<Profile, String> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let file = |path: &str, text: &str, mode: u32| File {
        path: path.into(),
        text: text.into(),
        mode,
    };
    let ufw = Firewall {
        name: "ufw".into(),
        on: s(&["ufw --force reset >/dev/null", "ufw --force enable"]),
    };
    let family = os.split('-').next().unwrap_or(os);
    let version = os
        .strip_prefix(family)
        .unwrap_or("")
        .trim_start_matches('-');
    match (family, version) {
        ("ubuntu", "16.04") => Ok(Profile {
            layer: "ifupdown-nm".into(),
            summary: "ifupdown 0.8 + resolvconf + NetworkManager 1.42 (ifupdown plugin), ufw".into(),
            packages: s(&["ifupdown", "resolvconf", "network-manager", "ufw"]),
            files: vec![
                file(
                    "/etc/network/interfaces",
                    "# interfaces(5) file used by ifup(8) and ifdown(8)\n\
                     source /etc/network/interfaces.d/*\n\n\
                     auto lo\niface lo inet loopback\n\n\
                     # The primary network interface\nauto ens33\niface ens33 inet dhcp\n",
                    0o644,
                ),
                file(
                    "/etc/NetworkManager/NetworkManager.conf",
                    "[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n",
                    0o644,
                ),
            ],
            enable: s(&["networking.service", "NetworkManager.service", "resolvconf.service"]),
            disable: vec![],
            firewall: Some(ufw),
            kept: vec![
                ("/etc/network/interfaces".into(), "auto lo".into()),
                ("/etc/network/interfaces".into(), "iface lo inet loopback".into()),
                ("/etc/NetworkManager/NetworkManager.conf".into(), "plugins=ifupdown,keyfile".into()),
            ],
            tools: s(&["NetworkManager", "ifup", "ifdown", "dhclient", "networking", "resolvconf"]),
        }),
        ("ubuntu", v) if ["18.04", "20.04", "22.04", "24.04", "26.04"].contains(&v) => {
            // subiquity (20.04, 22.04) writes 00-installer-config.yaml;
            // cloud-init (18.04, 24.04 and later) 50-cloud-init.yaml.
            let installer = if v == "20.04" || v == "22.04" {
                file(
                    "/etc/netplan/00-installer-config.yaml",
                    "# This is the network config written by 'subiquity'\nnetwork:\n  ethernets:\n    ens33:\n      dhcp4: true\n  version: 2\n",
                    0o600,
                )
            } else {
                file(
                    "/etc/netplan/50-cloud-init.yaml",
                    "network:\n  version: 2\n  ethernets:\n    ens33:\n      dhcp4: true\n",
                    0o600,
                )
            };
            Ok(Profile {
                layer: "netplan".into(),
                summary: "netplan 0.106 + systemd-networkd + systemd-resolved 252, ufw".into(),
                packages: s(&["netplan.io", "systemd-resolved", "ufw"]),
                files: vec![installer],
                enable: s(&["systemd-networkd.service", "systemd-resolved.service"]),
                disable: vec![],
                firewall: Some(ufw),
                kept: vec![],
                tools: s(&["systemd-networkd", "systemd-resolved", "netplan", "systemd-networkd-generator"]),
            })
        }
        ("debian", v) if v.is_empty() || v == "12" => Ok(Profile {
            layer: "ifupdown".into(),
            summary: "Debian 12 server: ifupdown 0.8 + dhclient, no resolvconf, no NetworkManager, no firewall rules".into(),
            packages: s(&["ifupdown"]),
            files: vec![
                // Stands for udev's "add" event of the adapter, which starts
                // Debian's ifup@ens33.service for an allow-hotplug adapter
                // (that unit waits for a udev device the lab has no udevd for).
                file(
                    "/etc/systemd/system/netplate-lab-hotplug@.service",
                    "[Unit]\nDescription=netplate lab: udev's add event for %I (ifupdown hotplug)\n\
                     After=network-pre.target\nBefore=network.target\nWants=network.target\n\n\
                     [Service]\nType=oneshot\nRemainAfterExit=yes\n\
                     ExecStart=/sbin/ifup --allow=hotplug %I\nExecStop=/sbin/ifdown %I\n",
                    0o644,
                ),
                file(
                "/etc/network/interfaces",
                "# This file describes the network interfaces available on your system\n\
                 # and how to activate them. For more information, see interfaces(5).\n\n\
                 source /etc/network/interfaces.d/*\n\n\
                 # The loopback network interface\nauto lo\niface lo inet loopback\n\n\
                 # The primary network interface\nallow-hotplug ens33\niface ens33 inet dhcp\n",
                0o644,
            )],
            enable: s(&["networking.service", "netplate-lab-hotplug@ens33.service"]),
            disable: vec![],
            firewall: None,
            kept: vec![
                ("/etc/network/interfaces".into(), "auto lo".into()),
                ("/etc/network/interfaces".into(), "iface lo inet loopback".into()),
            ],
            tools: s(&["ifup", "ifdown", "dhclient", "networking"]),
        }),
        ("rhel" | "rocky" | "almalinux", v) if v.starts_with('9') || v.starts_with("10") => Ok(keyfile()),
        ("fedora", _) => Ok(keyfile()),
        ("centos" | "rhel" | "rocky" | "almalinux", _) => Err(
            "ifcfg-* files have no consumer on Debian (no network-scripts, and Debian's NetworkManager has no ifcfg-rh plugin); \
             its files are still validated"
                .into(),
        ),
        _ => Err(format!("the lab has no image for `{os}`")),
    }
}

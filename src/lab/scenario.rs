//! One scenario, inside the VM root (see [`super::sandbox`]): the simulated
//! VMware NAT network, the installer's state, a booted systemd, the reader's
//! steps, a reboot, and the checks after each.

use std::{
    fs,
    io::{Read as _, Write as _},
    net::Ipv4Addr,
    os::unix::fs::PermissionsExt as _,
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use nix::{
    mount::{MntFlags, MsFlags, mount, umount2},
    sched::{CloneFlags, unshare},
    sys::{
        prctl,
        signal::{Signal, kill},
        wait::{WaitPidFlag, WaitStatus, waitpid},
    },
    unistd::{ForkResult, Pid, fork, getpid},
};
use serde::{Deserialize, Serialize};

use super::{os::Profile, sandbox};

/// The VM's adapter.
pub const NIC: &str = "ens33";
/// An address that exists only on the NAT device's loopback: the VM reaches
/// it only through a default route via `.2`.
pub const BEYOND: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 1);
/// Names the lab's DNS answers, with their lab addresses (on the NAT device).
pub const NAMES: &[(&str, Ipv4Addr)] = &[
    ("www.baidu.com", Ipv4Addr::new(198, 51, 100, 80)),
    ("www.example.com", Ipv4Addr::new(198, 51, 100, 81)),
];
/// Public resolvers a guide may configure: the NAT device answers on them
/// too, as VMware's NAT forwards to them (none of them is ever reached).
pub const RESOLVERS: &[Ipv4Addr] = &[
    Ipv4Addr::new(114, 114, 114, 114),
    Ipv4Addr::new(114, 114, 115, 115),
    Ipv4Addr::new(8, 8, 8, 8),
    Ipv4Addr::new(8, 8, 4, 4),
    Ipv4Addr::new(1, 1, 1, 1),
    Ipv4Addr::new(1, 0, 0, 1),
    Ipv4Addr::new(223, 5, 5, 5),
    Ipv4Addr::new(223, 6, 6, 6),
    Ipv4Addr::new(119, 29, 29, 29),
    Ipv4Addr::new(9, 9, 9, 9),
];

/// The reader's network, as the lab builds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Net {
    /// The subnet, `10.20.0.0/16`.
    pub subnet: String,
    /// Its prefix length.
    pub prefix: u8,
    /// The VM's address.
    pub vm: Ipv4Addr,
    /// The host's VMnet8 adapter (`.1`).
    pub host: Ipv4Addr,
    /// VMware's NAT device (`.2`).
    pub gateway: Ipv4Addr,
    /// VMware's DHCP pool.
    pub pool: (Ipv4Addr, Ipv4Addr),
    /// The netmask, dotted.
    pub netmask: Ipv4Addr,
}

/// How the reader's steps reach the VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// `instructions --format script`, run with `NETPLATE_YES=1`.
    Script,
    /// Each block's "Copy as command" string, then each step's commands,
    /// one paste at a time.
    Commands,
}

/// A paste: one block's command text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paste {
    /// Index of the block (into the outer side's list).
    pub block: usize,
    /// The bash text.
    pub text: String,
}

/// Everything the inside needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    /// The OS id.
    pub os: String,
    /// Its image.
    pub profile: Profile,
    /// The reader's network.
    pub net: Net,
    /// Script or pastes.
    pub mode: Mode,
    /// The script (Mode::Script).
    pub script: String,
    /// The pastes (Mode::Commands).
    pub pastes: Vec<Paste>,
    /// Firewall command lines of the steps, with their block.
    pub firewall_lines: Vec<Paste>,
    /// Whether the steps end with a reboot.
    pub reboots: bool,
    /// Enabled units of the machine (`*.wants/` links in its /etc) that the
    /// image does not have.
    pub foreign_wants: Vec<String>,
}

/// When a check ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Before the reader's steps (the installer's state).
    Before,
    /// After the reader's steps.
    Applied,
    /// After a reboot.
    Rebooted,
    /// With the OS's firewall on.
    Firewall,
}

/// What a check is about: decides which blocks a failure names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// The steps themselves ran.
    Steps,
    /// Addresses, routes, reachability.
    Network,
    /// Name resolution.
    Dns,
    /// sshd from the host.
    Ssh,
    /// A firewall step.
    Firewall,
    /// A file lost content.
    Kept,
    /// The lab itself.
    Lab,
}

/// One check's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    /// When.
    pub phase: Phase,
    /// About what.
    pub topic: Topic,
    /// What was checked, one line.
    pub name: String,
    /// Passed.
    pub ok: bool,
    /// Only reported, never a failure (a no-op firewall step).
    pub note: bool,
    /// What was seen.
    pub detail: String,
    /// The block at fault, when known (index into the outer side's list).
    pub block: Option<usize>,
}

/// What a scenario reports back (`/lab/outcome.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The tools' own warnings.
    pub warnings: Vec<String>,
    /// What the reader's steps printed.
    pub output: String,
    /// Packets the VM sent to addresses outside the lab.
    pub outside_packets: u64,
    /// Seconds per stage.
    pub timings: Vec<(String, f64)>,
    /// The lab failed (not the guide): why.
    pub lab_error: Option<String>,
}

/// Runs the scenario inside the VM root and writes `/lab/outcome.json`.
pub fn run_inside(scenario: &Scenario) -> i32 {
    let mut vm = Vm::new(scenario);
    if let Err(e) = vm.run() {
        vm.out.lab_error = Some(e);
    }
    vm.shutdown();
    match vm.read_audit() {
        Ok(n) => vm.out.outside_packets = n,
        Err(e) => {
            vm.out.lab_error.get_or_insert(format!("audit: {e}"));
        }
    }
    let json = serde_json::to_string(&vm.out).unwrap_or_default();
    if fs::write("/lab/outcome.json", json).is_err() {
        return 2;
    }
    0
}

struct Boot {
    /// systemd's pid, as seen here.
    systemd: Pid,
    /// The process that waits for it (exits when systemd does).
    keeper: Pid,
    /// Its cgroup folder.
    cgroup: std::path::PathBuf,
}

struct Vm<'s> {
    s: &'s Scenario,
    out: Outcome,
    boot: Option<Boot>,
    boots: usize,
    stage: Instant,
}

/// Output of a command, stdout and stderr together.
struct Ran {
    ok: bool,
    code: Option<i32>,
    text: String,
}

fn run(program: &str, args: &[&str]) -> Ran {
    run_with(program, args, None, Duration::from_secs(60))
}

fn run_with(program: &str, args: &[&str], input: Option<&[u8]>, limit: Duration) -> Ran {
    let secs = format!("{}", limit.as_secs().max(1));
    let mut command = Command::new("timeout");
    command
        .arg("-s")
        .arg("KILL")
        .arg(&secs)
        .arg(program)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Ran {
                ok: false,
                code: None,
                text: format!("{program}: {e}"),
            };
        }
    };
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // Small (a pipe holds 64 KiB): written at once, no thread, so that a
        // later fork never copies a half-held lock.
        let _ = stdin.write_all(input);
    }
    let mut text = String::new();
    let mut stderr = child.stderr.take();
    if let Some(out) = child.stdout.as_mut() {
        let _ = out.read_to_string(&mut text);
    }
    if let Some(err) = stderr.as_mut() {
        let mut e = String::new();
        let _ = err.read_to_string(&mut e);
        text.push_str(&e);
    }
    let status = child.wait();
    let code = status.as_ref().ok().and_then(|s| s.code());
    Ran {
        ok: status.is_ok_and(|s| s.success()),
        code,
        text,
    }
}

fn in_ns(ns: &str, args: &[&str]) -> Ran {
    let net = format!("--net=/run/netns/{ns}");
    let mut all = vec![net.as_str(), "--"];
    all.extend_from_slice(args);
    run("nsenter", &all)
}

fn sh(script: &str) -> Result<(), String> {
    let r = run("bash", &["-euc", script]);
    if r.ok {
        Ok(())
    } else {
        Err(format!("{script}: {}", r.text.trim()))
    }
}

impl<'s> Vm<'s> {
    fn new(s: &'s Scenario) -> Self {
        Vm {
            s,
            out: Outcome::default(),
            boot: None,
            boots: 0,
            stage: Instant::now(),
        }
    }

    fn time(&mut self, stage: &str) {
        let now = Instant::now();
        self.out
            .timings
            .push((stage.to_string(), (now - self.stage).as_secs_f64()));
        self.stage = now;
    }

    fn check(
        &mut self,
        phase: Phase,
        topic: Topic,
        name: impl Into<String>,
        ok: bool,
        detail: impl Into<String>,
    ) {
        self.out.checks.push(Check {
            phase,
            topic,
            name: name.into(),
            ok,
            note: false,
            detail: detail.into(),
            block: None,
        });
    }

    fn run(&mut self) -> Result<(), String> {
        self.install()?;
        self.topology()?;
        self.time("set up");
        self.boot()?;
        self.time("boot");
        // The installer's state works: the VM has a DHCP lease from the NAT device.
        let leased = wait(Duration::from_secs(15), || {
            self.addresses()
                .iter()
                .any(|(a, _)| in_pool(*a, self.s.net.pool))
        });
        let seen = self.addresses_text();
        self.check(
            Phase::Before,
            Topic::Lab,
            format!("installer's state: {NIC} leased an address from VMware's DHCP pool"),
            leased,
            seen,
        );
        self.time("DHCP lease");
        self.apply()?;
        self.time("steps");
        if self.boot.is_none() {
            // The steps rebooted the VM.
            self.boot()?;
        }
        self.checks(Phase::Applied);
        self.time("checks");
        self.collect_warnings();
        self.reboot()?;
        self.time("reboot");
        self.checks(Phase::Rebooted);
        self.kept();
        self.firewall();
        self.collect_warnings();
        self.time("firewall");
        Ok(())
    }

    /// The state the installer left: its files, enabled units, and nothing
    /// of the machine's own services.
    fn install(&mut self) -> Result<(), String> {
        for file in &self.s.profile.files {
            let path = Path::new(&file.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| format!("mkdir {}: {e}", dir.display()))?;
            }
            // Never through a link a package left there (an alias unit).
            let _ = fs::remove_file(path);
            fs::write(path, &file.text).map_err(|e| format!("write {}: {e}", file.path))?;
            fs::set_permissions(path, fs::Permissions::from_mode(file.mode))
                .map_err(|e| e.to_string())?;
        }
        for link in &self.s.foreign_wants {
            let _ = fs::remove_file(link);
        }
        // The machine's own apt policy must not stop the VM's services.
        let _ = fs::remove_file("/usr/sbin/policy-rc.d");
        fs::write("/etc/hostname", "vm\n").map_err(|e| e.to_string())?;
        fs::write("/etc/machine-id", "").map_err(|e| e.to_string())?;
        // Units that touch the clock, kernel, consoles, or the outside.
        const MASK: &[&str] = &[
            "systemd-timesyncd.service",
            "systemd-sysctl.service",
            "systemd-modules-load.service",
            "systemd-binfmt.service",
            "systemd-random-seed.service",
            "systemd-pstore.service",
            "systemd-tmpfiles-setup-dev.service",
            "systemd-udevd.service",
            "systemd-udev-trigger.service",
            "systemd-udev-settle.service",
            "systemd-firstboot.service",
            "systemd-hwdb-update.service",
            "systemd-journal-flush.service",
            "e2scrub_reap.service",
            "timers.target",
            "getty.target",
            "console-getty.service",
            "systemd-networkd-wait-online.service",
            "NetworkManager-wait-online.service",
            "ifupdown-wait-online.service",
            "apt-daily.service",
            "apt-daily-upgrade.service",
            "cron.service",
            // Machine-wide filesystems a container must not mount.
            "sys-kernel-debug.mount",
            "sys-kernel-tracing.mount",
            "sys-kernel-config.mount",
            "sys-fs-fuse-connections.mount",
            "proc-sys-fs-binfmt_misc.automount",
            "dev-hugepages.mount",
        ];
        for unit in MASK {
            let link = Path::new("/etc/systemd/system").join(unit);
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink("/dev/null", &link)
                .map_err(|e| format!("mask {unit}: {e}"))?;
        }
        let _ = fs::remove_file("/etc/systemd/system/default.target");
        std::os::unix::fs::symlink(
            "/lib/systemd/system/multi-user.target",
            "/etc/systemd/system/default.target",
        )
        .map_err(|e| e.to_string())?;
        fs::create_dir_all("/etc/systemd/system.conf.d").map_err(|e| e.to_string())?;
        fs::write(
            "/etc/systemd/system.conf.d/netplate-lab.conf",
            "[Manager]\nShowStatus=no\nDefaultTimeoutStartSec=20s\nDefaultTimeoutStopSec=5s\n",
        )
        .map_err(|e| e.to_string())?;
        for unit in &self.s.profile.disable {
            let _ = run("systemctl", &["--root=/", "disable", unit]);
        }
        for unit in &self.s.profile.enable {
            let r = run("systemctl", &["--root=/", "enable", unit]);
            if !r.ok && !unit.contains('@') {
                return Err(format!("systemctl enable {unit}: {}", r.text.trim()));
            }
            if unit.contains('@') {
                // An instance: wanted by the boot, as udev's add event would start it.
                let dir = Path::new("/etc/systemd/system/multi-user.target.wants");
                fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                let template = unit.split('@').next().unwrap_or(unit).to_string() + "@.service";
                let _ = fs::remove_file(dir.join(unit));
                std::os::unix::fs::symlink(
                    Path::new("/lib/systemd/system").join(template),
                    dir.join(unit),
                )
                .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    /// VMnet8: the host's bridge with `.1`, the NAT device with `.2`, DHCP
    /// and DNS, "the internet" on its loopback; the VM's `ens33` a port of
    /// the bridge, down until the VM brings it up. Nothing is connected to
    /// the machine's network.
    fn topology(&mut self) -> Result<(), String> {
        let n = &self.s.net;
        let p = n.prefix;
        let mut script = format!(
            "ip netns add host\nip netns add gw\n\
             ip -n host link set lo up\n\
             ip -n host link add vmnet8 type bridge\n\
             ip -n host addr add {host}/{p} dev vmnet8\n\
             ip -n host link set vmnet8 up\n\
             ip link add {NIC} address 00:0c:29:4e:50:33 type veth peer name vm-port netns host\n\
             ip -n host link set vm-port master vmnet8 up\n\
             ip -n gw link add eth0 address 00:50:56:e0:00:02 type veth peer name nat-port netns host\n\
             ip -n host link set nat-port master vmnet8 up\n\
             ip -n gw link set lo up\n\
             ip -n gw addr add {BEYOND}/32 dev lo\n\
             ip -n gw addr add {gw}/{p} dev eth0\n\
             ip -n gw link set eth0 up\n\
             ip netns exec gw sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 || true\n",
            host = n.host,
            gw = n.gateway,
        );
        for (_, addr) in NAMES {
            script.push_str(&format!("ip -n gw addr add {addr}/32 dev lo\n"));
        }
        for addr in RESOLVERS {
            script.push_str(&format!("ip -n gw addr add {addr}/32 dev lo\n"));
        }
        // Count every packet entering VMnet8 for an address outside the lab.
        let mut lab: Vec<String> = vec![
            n.subnet.clone(),
            "198.51.100.0/24".into(),
            "224.0.0.0/4".into(),
            "255.255.255.255".into(),
            "0.0.0.0".into(),
        ];
        lab.extend(RESOLVERS.iter().map(|a| a.to_string()));
        script.push_str(&format!(
            "nsenter --net=/run/netns/host nft -f - <<'EOF'\n\
             table bridge netplate_audit {{\n\
             \tcounter outside4 {{ }}\n\
             \tcounter outside6 {{ }}\n\
             \tchain pre {{\n\
             \t\ttype filter hook prerouting priority -300; policy accept;\n\
             \t\tether type ip ip daddr != {{ {} }} counter name outside4\n\
             \t\tether type ip6 ip6 daddr != {{ fe80::/10, ff00::/8 }} counter name outside6\n\
             \t}}\n}}\nEOF\n",
            lab.join(", ")
        ));
        sh(&script)?;
        // VMware's NAT device: DHCP (pool, lease to the VM's MAC) and DNS.
        let mut args: Vec<String> = [
            "--net=/run/netns/gw",
            "--",
            "dnsmasq",
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--user=root",
            "--bind-interfaces",
            "--interface=eth0",
            "--interface=lo",
            "--dhcp-authoritative",
            "--dhcp-leasefile=/tmp/gw.leases",
            "--log-dhcp",
            "--log-queries",
            "--log-facility=/tmp/gw-dnsmasq.log",
            "--pid-file=",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!(
            "--dhcp-range={},{},{},1h",
            n.pool.0, n.pool.1, n.netmask
        ));
        args.push(format!("--dhcp-option=option:router,{}", n.gateway));
        args.push(format!("--dhcp-option=option:dns-server,{}", n.gateway));
        args.push("--dhcp-option=option:domain-name,localdomain".into());
        for (name, addr) in NAMES {
            args.push(format!("--address=/{name}/{addr}"));
        }
        Command::new("nsenter")
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("dnsmasq: {e}"))?;
        let up = wait(Duration::from_secs(5), || {
            fs::read_to_string("/tmp/gw-dnsmasq.log").is_ok_and(|t| t.contains("DHCP, IP range"))
        });
        if !up {
            let log = fs::read_to_string("/tmp/gw-dnsmasq.log").unwrap_or_default();
            return Err(format!("the NAT device's dnsmasq did not start: {log}"));
        }
        Ok(())
    }

    fn read_audit(&self) -> Result<u64, String> {
        let r = in_ns(
            "host",
            &[
                "nft",
                "list",
                "counters",
                "table",
                "bridge",
                "netplate_audit",
            ],
        );
        if !r.ok {
            return Err(r.text);
        }
        Ok(r.text
            .split("packets ")
            .skip(1)
            .filter_map(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .sum())
    }

    /// Boots systemd as PID 1 of a child PID namespace sharing the VM's
    /// network, with its own mount and cgroup namespaces, a fresh /run and
    /// /tmp per boot (as a reboot gives), a read-only /sys except this
    /// network namespace's own devices (netplan apply's `udevadm trigger`
    /// writes their uevent), and a cgroup made for this boot.
    fn boot(&mut self) -> Result<(), String> {
        self.boots += 1;
        let cgroup = Path::new("/run/lab-cg").join(format!("boot{}", self.boots));
        fs::create_dir_all(&cgroup).map_err(|e| format!("cgroup: {e}"))?;
        let log =
            fs::File::create(format!("/lab/boot{}.log", self.boots)).map_err(|e| e.to_string())?;
        let (reader, writer) = nix::unistd::pipe().map_err(|e| e.to_string())?;
        // SAFETY: this process is single-threaded.
        match unsafe { fork() } {
            Ok(ForkResult::Child) => {
                drop(reader);
                let code = keeper(&cgroup, log, writer);
                // SAFETY: leave without the parent's destructors.
                unsafe { nix::libc::_exit(code) };
            }
            Ok(ForkResult::Parent { child }) => {
                drop(writer);
                let mut text = String::new();
                let _ = fs::File::from(reader).read_to_string(&mut text);
                let systemd = text
                    .trim()
                    .parse::<i32>()
                    .map(Pid::from_raw)
                    .map_err(|_| format!("systemd did not start: {}", text.trim()))?;
                self.boot = Some(Boot {
                    systemd,
                    keeper: child,
                    cgroup,
                });
            }
            Err(e) => return Err(format!("fork: {e}")),
        }
        let bus = wait(Duration::from_secs(15), || {
            self.in_vm(&["test", "-S", "/run/systemd/private"]).ok
        });
        if !bus {
            return Err("systemd did not come up (no /run/systemd/private)".into());
        }
        let state = self.in_vm_with(
            &["systemctl", "is-system-running", "--wait"],
            None,
            Duration::from_secs(40),
        );
        let state = state.text.trim().to_string();
        let failed = self
            .in_vm(&[
                "systemctl",
                "--no-legend",
                "--plain",
                "--state=failed",
                "list-units",
            ])
            .text;
        let failed: Vec<&str> = failed
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        // A network service that failed at boot blames the network's files.
        const NETWORK_UNITS: &[&str] = &[
            "networking",
            "NetworkManager",
            "systemd-networkd",
            "ifup@",
            "netplate-lab-hotplug@",
        ];
        let topic = if failed
            .iter()
            .any(|u| NETWORK_UNITS.iter().any(|n| u.starts_with(n)))
        {
            Topic::Network
        } else {
            Topic::Steps
        };
        self.check(
            if self.boots == 1 {
                Phase::Before
            } else {
                Phase::Rebooted
            },
            topic,
            format!("boot {}: systemd reached `running`", self.boots),
            state == "running",
            if failed.is_empty() {
                state
            } else {
                format!("{state}; failed: {}", failed.join(", "))
            },
        );
        Ok(())
    }

    fn in_vm(&self, args: &[&str]) -> Ran {
        self.in_vm_with(args, None, Duration::from_secs(60))
    }

    fn in_vm_with(&self, args: &[&str], input: Option<&[u8]>, limit: Duration) -> Ran {
        let Some(boot) = &self.boot else {
            return Ran {
                ok: false,
                code: None,
                text: "the VM is not running".into(),
            };
        };
        let target = boot.systemd.to_string();
        let mut all = vec![
            "--target",
            target.as_str(),
            "--mount",
            "--pid",
            "--cgroup",
            "--",
            "env",
            "-i",
            "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME=/root",
            "TERM=dumb",
            "LANG=C.UTF-8",
        ];
        all.extend_from_slice(args);
        run_with("nsenter", &all, input, limit)
    }

    fn booted(&mut self) -> bool {
        let Some(boot) = &self.boot else { return false };
        match waitpid(boot.keeper, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => true,
            _ => {
                let boot = self.boot.take();
                if let Some(b) = boot {
                    sandbox::remove_cgroup(&b.cgroup);
                }
                self.reset_nic();
                false
            }
        }
    }

    /// A reboot resets the adapter: no address, no route, down.
    fn reset_nic(&self) {
        let _ = sh(&format!(
            "ip -4 addr flush dev {NIC}; ip -6 addr flush dev {NIC} scope global || true; ip route flush dev {NIC} || true; ip link set {NIC} down"
        ));
    }

    fn wait_down(&mut self, limit: Duration) -> bool {
        wait(limit, || !self.booted())
    }

    fn shutdown(&mut self) {
        if let Some(boot) = &self.boot {
            // SIGRTMIN+4 is poweroff for systemd in a container.
            // SAFETY: a plain kill(2).
            let _ = unsafe { nix::libc::kill(boot.systemd.as_raw(), nix::libc::SIGRTMIN() + 4) };
            if !self.wait_down(Duration::from_secs(15))
                && let Some(boot) = &self.boot
            {
                let _ = kill(boot.systemd, Signal::SIGKILL);
                self.wait_down(Duration::from_secs(5));
            }
        }
    }

    fn reboot(&mut self) -> Result<(), String> {
        let _ = self.in_vm(&["systemctl", "reboot"]);
        if !self.wait_down(Duration::from_secs(20)) {
            return Err("the VM did not go down on `systemctl reboot`".into());
        }
        self.boot()
    }

    /// The reader's steps.
    fn apply(&mut self) -> Result<(), String> {
        let answers = "y\n".repeat(200);
        match self.s.mode {
            Mode::Script => {
                fs::write("/lab/netplate.sh", &self.s.script).map_err(|e| e.to_string())?;
                let r = self.in_vm_with(
                    &["env", "NETPLATE_YES=1", "bash", "/lab/netplate.sh"],
                    Some(answers.as_bytes()),
                    Duration::from_secs(300),
                );
                self.out.output.push_str(&r.text);
                // `reboot` returns before systemd goes down.
                let rebooted = if self.s.reboots {
                    self.wait_down(Duration::from_secs(20))
                } else {
                    !self.booted()
                };
                let ok = r.ok || (rebooted && self.s.reboots);
                let detail = match (r.code, rebooted) {
                    (_, true) => "the script rebooted the VM".to_string(),
                    (Some(c), false) => format!("exit status {c}"),
                    (None, false) => "killed (time limit of 300 s)".to_string(),
                };
                self.check(
                    Phase::Applied,
                    Topic::Steps,
                    "the reader's script runs to the end",
                    ok,
                    detail,
                );
                if rebooted && !self.s.reboots {
                    return Err("the VM went down during the steps, which have no reboot".into());
                }
                if rebooted {
                    self.wait_down(Duration::from_secs(20));
                }
            }
            Mode::Commands => {
                for paste in &self.s.pastes {
                    if self.boot.is_none() {
                        self.boot()?;
                    }
                    fs::write("/lab/paste.sh", &paste.text).map_err(|e| e.to_string())?;
                    let r = self.in_vm_with(
                        &["bash", "/lab/paste.sh"],
                        Some(answers.as_bytes()),
                        Duration::from_secs(300),
                    );
                    self.out.output.push_str(&paste.text);
                    self.out.output.push_str(&r.text);
                    let rebooted = if paste.text.contains("reboot") {
                        self.wait_down(Duration::from_secs(20))
                    } else {
                        !self.booted()
                    };
                    let ok = r.ok || rebooted;
                    self.out.checks.push(Check {
                        phase: Phase::Applied,
                        topic: Topic::Steps,
                        name: format!("paste {} runs without an error", paste.block + 1),
                        ok,
                        note: false,
                        detail: if rebooted {
                            "rebooted the VM".into()
                        } else {
                            format!(
                                "exit status {}: {}",
                                r.code.unwrap_or(-1),
                                last_lines(&r.text, 3)
                            )
                        },
                        block: Some(paste.block),
                    });
                    if rebooted {
                        self.wait_down(Duration::from_secs(20));
                    }
                }
            }
        }
        Ok(())
    }

    fn addresses(&self) -> Vec<(Ipv4Addr, u8)> {
        let r = run("ip", &["-j", "-4", "addr", "show", "dev", NIC]);
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&r.text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for link in json.as_array().into_iter().flatten() {
            for a in link["addr_info"].as_array().into_iter().flatten() {
                if let (Some(local), Some(prefix)) = (a["local"].as_str(), a["prefixlen"].as_u64())
                    && let Ok(addr) = local.parse()
                {
                    out.push((addr, prefix as u8));
                }
            }
        }
        out
    }

    fn addresses_text(&self) -> String {
        let list: Vec<String> = self
            .addresses()
            .iter()
            .map(|(a, p)| format!("{a}/{p}"))
            .collect();
        if list.is_empty() {
            format!("{NIC} has no IPv4 address")
        } else {
            format!("{NIC} has {}", list.join(", "))
        }
    }

    fn ping(&self, from_host: bool, target: &str) -> Ran {
        let args = ["ping", "-n", "-c", "1", "-W", "1", target];
        if from_host {
            in_ns("host", &args)
        } else {
            run(args[0], &args[1..])
        }
    }

    fn ssh_banner(&self) -> Ran {
        let probe = format!(
            "exec 3<>/dev/tcp/{}/22 && timeout 3 head -c 7 <&3",
            self.s.net.vm
        );
        in_ns("host", &["timeout", "4", "bash", "-c", &probe])
    }

    fn ssh_ok(&self) -> bool {
        self.ssh_banner().text.starts_with("SSH-2.0")
    }

    fn checks(&mut self, phase: Phase) {
        let n = self.s.net.clone();
        let want = (n.vm, n.prefix);
        let got = wait(Duration::from_secs(8), || self.addresses() == vec![want]);
        let seen = self.addresses_text();
        self.check(
            phase,
            Topic::Network,
            format!(
                "{NIC} has exactly {}/{} (no other IPv4 address)",
                n.vm, n.prefix
            ),
            got,
            seen,
        );
        let route = || {
            let r = run("ip", &["-j", "-4", "route", "show", "default"]);
            let json: serde_json::Value = serde_json::from_str(&r.text).unwrap_or_default();
            let routes: Vec<(String, String)> = json
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    (
                        r["gateway"].as_str().unwrap_or("").to_string(),
                        r["dev"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            routes
        };
        let gw = n.gateway.to_string();
        let ok = wait(Duration::from_secs(5), || {
            route() == vec![(gw.clone(), NIC.to_string())]
        });
        let routes = route();
        self.check(
            phase,
            Topic::Network,
            format!("the default route goes via {} dev {NIC}", n.gateway),
            ok,
            if routes.is_empty() {
                "no default route".into()
            } else {
                routes
                    .iter()
                    .map(|(g, d)| format!("default via {g} dev {d}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        );
        let lo = run("ip", &["-j", "link", "show", "lo"]);
        let lo_up = lo.text.contains("\"UP\"") || lo.text.contains("LOWER_UP");
        self.check(phase, Topic::Network, "lo is up", lo_up, "");
        for (from_host, target, what) in [
            (false, n.host.to_string(), "VM → host (.1)"),
            (false, n.gateway.to_string(), "VM → NAT gateway (.2)"),
            (false, BEYOND.to_string(), "VM → beyond the gateway"),
            (true, n.vm.to_string(), "host → VM"),
        ] {
            let r = self.ping(from_host, &target);
            self.check(
                phase,
                Topic::Network,
                format!("ping {what} {target}"),
                r.ok,
                last_lines(&r.text, 2),
            );
        }
        let (name, addr) = NAMES[0];
        let r = self.in_vm(&["getent", "ahostsv4", name]);
        let resolved = r
            .text
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().next())
            == Some(&addr.to_string());
        let servers = self.nameservers();
        self.check(
            phase,
            Topic::Dns,
            format!("{name} resolves through the configured DNS servers"),
            resolved,
            format!("{}; resolver: {servers}", last_lines(&r.text, 1)),
        );
        let r = self.in_vm(&["ping", "-n", "-c", "1", "-W", "1", name]);
        self.check(
            phase,
            Topic::Dns,
            format!("ping {name}"),
            r.ok,
            last_lines(&r.text, 2),
        );
        let banner = self.ssh_banner();
        self.check(
            phase,
            Topic::Ssh,
            "sshd answers the host on TCP 22",
            banner.text.starts_with("SSH-2.0"),
            last_lines(&banner.text, 1),
        );
    }

    /// The DNS servers in effect: resolved's upstreams or resolv.conf's.
    fn nameservers(&self) -> String {
        let upstream = self.in_vm(&["cat", "/run/systemd/resolve/resolv.conf"]);
        let conf = if upstream.ok {
            upstream.text
        } else {
            self.in_vm(&["cat", "/etc/resolv.conf"]).text
        };
        let servers: Vec<&str> = conf
            .lines()
            .filter_map(|l| l.strip_prefix("nameserver"))
            .map(str::trim)
            .collect();
        if servers.is_empty() {
            "no nameserver".into()
        } else {
            servers.join(", ")
        }
    }

    /// No file the guide did not mean to change lost content.
    fn kept(&mut self) {
        for (path, line) in self.s.profile.kept.clone() {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let ok = text.lines().any(|l| l.trim() == line);
            self.check(
                Phase::Rebooted,
                Topic::Kept,
                format!("{path} still has `{line}`"),
                ok,
                if ok {
                    String::new()
                } else {
                    format!("{path} lost the line `{line}`")
                },
            );
        }
    }

    /// Each firewall step changes something: with the OS's firewall on and
    /// without the step, the check it claims to fix fails; with it, it passes.
    fn firewall(&mut self) {
        if self.s.firewall_lines.is_empty() {
            return;
        }
        let Some(fw) = self.s.profile.firewall.clone() else {
            self.out.checks.push(Check {
                phase: Phase::Firewall,
                topic: Topic::Firewall,
                name: "the firewall step changes something".into(),
                ok: true,
                note: true,
                detail: "no-op: this OS enables no firewall by default".into(),
                block: self.s.firewall_lines.first().map(|p| p.block),
            });
            return;
        };
        for cmd in &fw.on {
            let _ = self.in_vm(&["bash", "-c", cmd]);
        }
        let ssh_before = self.ssh_ok();
        let ping_before = self.ping(true, &self.s.net.vm.to_string()).ok;
        let mut failures = Vec::new();
        for line in &self.s.firewall_lines {
            let r = self.in_vm(&["bash", "-c", &line.text]);
            if !r.ok {
                failures.push(format!("`{}`: {}", line.text, last_lines(&r.text, 2)));
            }
        }
        let ssh_after = wait(Duration::from_secs(5), || self.ssh_ok());
        let ping_after = self.ping(true, &self.s.net.vm.to_string()).ok;
        let block = self.s.firewall_lines.first().map(|p| p.block);
        let state = format!(
            "with {} on: ssh {} → {}, ping {} → {}",
            fw.name,
            yes(ssh_before),
            yes(ssh_after),
            yes(ping_before),
            yes(ping_after)
        );
        let (ok, note) = if !failures.is_empty() {
            (false, false)
        } else if ssh_before && ping_before {
            (true, true)
        } else {
            (ssh_after && ping_after, false)
        };
        self.out.checks.push(Check {
            phase: Phase::Firewall,
            topic: Topic::Firewall,
            name: format!("the firewall step opens ssh and ping with {} on", fw.name),
            ok,
            note,
            detail: if note {
                format!("no-op: {state}")
            } else if failures.is_empty() {
                state
            } else {
                format!("{state}; {}", failures.join("; "))
            },
            block,
        });
    }

    /// The tools' warnings of this boot (and the whole journal, kept with
    /// `--keep`).
    fn collect_warnings(&mut self) {
        let journal = self.in_vm(&["journalctl", "-b", "--no-pager", "-o", "short-monotonic"]);
        let _ = fs::write(
            format!("/lab/journal-boot{}.txt", self.boots),
            &journal.text,
        );
        let r = self.in_vm(&[
            "journalctl",
            "-b",
            "--no-pager",
            "-o",
            "short-monotonic",
            "-p",
            "warning",
        ]);
        for line in r.text.lines() {
            let tool = self
                .s
                .profile
                .tools
                .iter()
                .find(|t| line.contains(&format!(" {t}[")) || line.contains(&format!(" {t}:")));
            if tool.is_some() {
                // "[ 3979.214667] vm systemd-networkd[34]: …" → "systemd-networkd[34]: …"
                let text = line
                    .split_once("] ")
                    .map_or(line, |(_, rest)| rest)
                    .split_once(' ')
                    .map_or(line, |(_, rest)| rest)
                    .to_string();
                let text = format!("boot {}: {text}", self.boots);
                if !self.out.warnings.contains(&text) {
                    self.out.warnings.push(text);
                }
            }
        }
        for line in self.out.output.lines() {
            let lower = line.to_lowercase();
            if (lower.contains("warning") || lower.starts_with("error"))
                && !self.out.warnings.iter().any(|w| w.ends_with(line))
            {
                self.out.warnings.push(format!("steps: {line}"));
            }
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b { "passes" } else { "fails" }
}

fn in_pool(a: Ipv4Addr, pool: (Ipv4Addr, Ipv4Addr)) -> bool {
    u32::from(a) >= u32::from(pool.0) && u32::from(a) <= u32::from(pool.1)
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}

/// Polls `f` every 100 ms until it holds or `limit` passes.
fn wait(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The boot's keeper: joins the boot's cgroup, unshares mount, PID and
/// cgroup namespaces, forks systemd as PID 1 of the new PID namespace, tells
/// the parent systemd's pid and waits for it.
fn keeper(cgroup: &Path, log: fs::File, writer: std::os::fd::OwnedFd) -> i32 {
    let _ = prctl::set_pdeathsig(Signal::SIGKILL);
    let mut writer = fs::File::from(writer);
    let fail = |writer: &mut fs::File, e: String| {
        let _ = writer.write_all(e.as_bytes());
        1
    };
    if let Err(e) = fs::write(cgroup.join("cgroup.procs"), getpid().to_string()) {
        return fail(&mut writer, format!("join the boot's cgroup: {e}"));
    }
    if let Err(e) =
        unshare(CloneFlags::CLONE_NEWNS | CloneFlags::CLONE_NEWPID | CloneFlags::CLONE_NEWCGROUP)
    {
        return fail(&mut writer, format!("unshare: {e}"));
    }
    if let Err(e) = mount(
        None::<&str>,
        "/",
        None::<&str>,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None::<&str>,
    ) {
        return fail(&mut writer, format!("private mounts: {e}"));
    }
    // SAFETY: single-threaded.
    match unsafe { fork() } {
        Ok(ForkResult::Child) => {
            let _ = prctl::set_pdeathsig(Signal::SIGKILL);
            let e = exec_systemd(log);
            eprintln!("lab: {e}");
            // SAFETY: leave without destructors.
            unsafe { nix::libc::_exit(1) };
        }
        Ok(ForkResult::Parent { child }) => {
            let _ = writer.write_all(child.to_string().as_bytes());
            drop(writer);
            loop {
                match waitpid(child, None) {
                    Ok(WaitStatus::Exited(..) | WaitStatus::Signaled(..)) => return 0,
                    Ok(_) => continue,
                    Err(nix::errno::Errno::EINTR) => continue,
                    Err(_) => return 1,
                }
            }
        }
        Err(e) => fail(&mut writer, format!("fork: {e}")),
    }
}

/// PID 1 of the boot: its mounts, then systemd.
fn exec_systemd(log: fs::File) -> String {
    use std::os::unix::process::CommandExt as _;
    let step = || -> Result<(), String> {
        sandbox::private_dev(Path::new("/dev"))?;
        sandbox::private_proc(Path::new("/proc"))?;
        let m = |what: &str, r: nix::Result<()>| r.map_err(|e| format!("{what}: {e}"));
        m(
            "cgroup2",
            mount(
                Some("cgroup2"),
                "/sys/fs/cgroup",
                Some("cgroup2"),
                MsFlags::empty(),
                None::<&str>,
            ),
        )?;
        fs::create_dir_all("/run/lab-sysrw").map_err(|e| e.to_string())?;
        m(
            "sysfs",
            mount(
                Some("sysfs"),
                "/run/lab-sysrw",
                Some("sysfs"),
                MsFlags::empty(),
                None::<&str>,
            ),
        )?;
        m(
            "sysfs net",
            mount(
                Some("/run/lab-sysrw/devices/virtual/net"),
                "/sys/devices/virtual/net",
                None::<&str>,
                MsFlags::MS_BIND,
                None::<&str>,
            ),
        )?;
        m(
            "umount sysfs",
            umount2("/run/lab-sysrw", MntFlags::MNT_DETACH),
        )?;
        m(
            "tmp",
            mount(
                Some("tmpfs"),
                "/tmp",
                Some("tmpfs"),
                MsFlags::empty(),
                Some("mode=1777"),
            ),
        )?;
        m(
            "run",
            mount(
                Some("tmpfs"),
                "/run",
                Some("tmpfs"),
                MsFlags::empty(),
                Some("mode=755"),
            ),
        )?;
        Ok(())
    };
    if let Err(e) = step() {
        return e;
    }
    let err = Command::new("/lib/systemd/systemd")
        .arg("--log-target=console")
        .arg("--log-level=info")
        .env_clear()
        .env("container", "netplate-lab")
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .stdin(Stdio::null())
        .stdout(log.try_clone().map(Stdio::from).unwrap_or(Stdio::null()))
        .stderr(Stdio::from(log))
        .exec();
    format!("exec systemd: {err}")
}

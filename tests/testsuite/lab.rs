//! `netplate test`: the guide passes in the lab; the original's mistakes fail
//! it, naming the block; the lab leaves nothing behind, also when killed, and
//! no packet leaves it. Needs root (tests/run.sh runs as root); one lab run
//! at a time, so that the leftover checks see only their own run.

use std::{
    fs,
    os::unix::process::CommandExt as _,
    path::Path,
    process::{Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::book_test::{BookTest, Run};

static LAB: Mutex<()> = Mutex::new(());

fn lab() -> std::sync::MutexGuard<'static, ()> {
    assert!(
        nix::unistd::geteuid().is_root(),
        "the lab tests need root (tests/run.sh runs them as root)"
    );
    LAB.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every trace a lab run could leave on the machine.
fn leftovers() -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let cmdline = fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let environ = fs::read(entry.path().join("environ")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains("__lab")
            || String::from_utf8_lossy(&environ).contains("container=netplate-lab")
        {
            out.push(format!("process {name}: {cmdline}"));
        }
    }
    let mountinfo = fs::read_to_string("/proc/self/mountinfo").unwrap();
    for line in mountinfo.lines().filter(|l| l.contains("netplate-lab")) {
        out.push(format!("mount: {line}"));
    }
    for cg in ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"] {
        for entry in fs::read_dir(cg).into_iter().flatten().flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with("netplate-lab-")
            {
                out.push(format!("cgroup: {}", entry.path().display()));
            }
        }
    }
    for entry in fs::read_dir(std::env::temp_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("netplate-lab-")
        {
            out.push(format!("scratch: {}", entry.path().display()));
        }
    }
    out
}

/// What the machine's own state looks like: links, routes, sysctls, the
/// files the guide's steps write, /run's top level, /dev's nodes.
fn machine_state() -> Vec<String> {
    let mut out = Vec::new();
    for args in [&["-o", "link"][..], &["-o", "addr"][..], &["route"][..]] {
        let o = Command::new("ip").args(args).output().unwrap();
        out.push(String::from_utf8_lossy(&o.stdout).into_owned());
    }
    for path in [
        "/proc/sys/net/ipv4/ip_forward",
        "/proc/sys/kernel/hostname",
        "/etc/resolv.conf",
        "/etc/hostname",
        "/etc/network/interfaces",
        "/etc/netplan/99_config.yaml",
        "/etc/resolvconf/resolv.conf.d/base",
        "/etc/NetworkManager/NetworkManager.conf",
        "/etc/ufw/ufw.conf",
    ] {
        out.push(format!(
            "{path}: {:?} {:?}",
            fs::read_link(path).ok(),
            fs::read_to_string(path).ok()
        ));
    }
    for dir in [
        "/run",
        "/dev",
        "/etc/netplan",
        "/etc/network",
        "/etc/systemd/system",
    ] {
        let mut names: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with("netplate-lab"))
            .collect();
        names.sort();
        out.push(format!("{dir}: {}", names.join(" ")));
    }
    out
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// Runs the lab on one OS for the default reader, as JSON.
fn lab_run(book: &BookTest, os: &str) -> Run {
    book.run(&[
        "test",
        "--os",
        os,
        "--readers",
        "0",
        "--no-pastes",
        "--message-format",
        "json",
    ])
}

/// The failed checks of a JSON result: (check name, blamed place).
fn failures(value: &serde_json::Value) -> Vec<String> {
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_string())
        .collect()
}

#[track_caller]
fn assert_caught(book: &BookTest, os: &str, check: &str, block_line: &str) {
    let run = lab_run(book, os);
    assert_eq!(
        run.code, 1,
        "the lab must fail:\n{}\n{}",
        run.stdout, run.stderr
    );
    let value = json(&run);
    assert_eq!(value["passed"], false);
    let diagnostics = failures(&value);
    let hit = diagnostics
        .iter()
        .find(|d| d.contains(check))
        .unwrap_or_else(|| panic!("no failed check {check:?} in:\n{}", diagnostics.join("\n")));
    assert!(
        hit.contains("content/zh/gateway-firewall.md:") && hit.contains(block_line),
        "the diagnostic must name the block {block_line:?}:\n{hit}"
    );
}

/// Both languages' copy of the chapter get the same edit.
fn edit(book: &BookTest, from: &str, to: &str) {
    for lang in ["zh", "en"] {
        book.replace(&format!("content/{lang}/gateway-firewall.md"), from, to);
    }
}

#[test]
fn the_guide_passes_in_the_lab_for_every_runnable_os_and_random_readers() {
    let _lab = lab();
    let before = machine_state();
    let book = BookTest::guide();
    let run = book.run(&[
        "test",
        "--readers",
        "2",
        "--jobs",
        "3",
        "--message-format",
        "json",
    ]);
    let value = json(&run);
    assert_eq!(
        run.code,
        0,
        "{}\n{}",
        failures(&value).join("\n"),
        run.stderr
    );
    assert_eq!(value["passed"], true);
    let runs = value["results"]["runs"].as_array().unwrap();
    let oses: std::collections::BTreeSet<&str> =
        runs.iter().map(|r| r["os"].as_str().unwrap()).collect();
    for os in [
        "ubuntu-18.04",
        "ubuntu-20.04",
        "ubuntu-22.04",
        "ubuntu-24.04",
        "ubuntu-16.04",
        "debian",
    ] {
        assert!(oses.contains(os), "{os} was not run: {oses:?}");
    }
    // Default + 2 random readers per OS, and the pastes of the default one.
    assert_eq!(runs.len(), oses.len() * 4, "{}", run.stderr);
    for r in runs {
        assert_eq!(r["outcome"]["outside_packets"], 0);
        let checks = r["outcome"]["checks"].as_array().unwrap();
        assert!(checks.len() >= 20, "too few checks: {checks:?}");
        for name in [
            "ens33 has exactly",
            "the default route goes via",
            "sshd answers the host",
            "ping host → VM",
        ] {
            assert!(
                checks
                    .iter()
                    .any(|c| c["name"].as_str().unwrap().contains(name) && c["ok"] == true),
                "{} {}: no passing {name:?} check",
                r["os"],
                r["reader"]
            );
        }
    }
    let not_runnable = value["results"]["not_runnable"].as_array().unwrap();
    assert!(
        not_runnable
            .iter()
            .any(|n| n[0] == "centos-7" && n[1].as_str().unwrap().contains("ifcfg")),
        "{not_runnable:?}"
    );
    // The readers are printed with their seed, so that a failure can be rerun.
    assert!(run.stderr.contains("seed"), "{}", run.stderr);
    assert_eq!(leftovers(), Vec::<String>::new());
    assert_eq!(machine_state(), before, "the lab changed the machine");
}

#[test]
fn a_netplan_file_without_dhcp4_false_leaves_a_second_address() {
    let _lab = lab();
    let book = BookTest::guide();
    edit(&book, "      dhcp4: false\n", "");
    assert_caught(
        &book,
        "ubuntu-22.04",
        "has exactly 192.168.10.100/24",
        "```yaml file=/etc/netplan/99_config.yaml",
    );
}

#[test]
fn the_originals_gateway4_dot_1_is_caught() {
    let _lab = lab();
    let book = BookTest::guide();
    edit(
        &book,
        "      routes:\n        - to: 0.0.0.0/0\n          via: 192.168.?.2\n",
        "      gateway4: 192.168.?.1\n",
    );
    assert_caught(
        &book,
        "ubuntu-22.04",
        "the default route goes via 192.168.10.2",
        "```yaml file=/etc/netplan/99_config.yaml",
    );
}

#[test]
fn the_originals_end_of_line_comments_in_interfaces_are_caught() {
    let _lab = lab();
    let book = BookTest::guide();
    // The original's `auto ens33  # …`, in Debian's block. `check=none`:
    // netplate's own validator rejects it already; the lab must catch it
    // too, with the real ifupdown (which takes `#` and each word after it as
    // more adapters to bring up, and fails on them at boot).
    for lang in ["zh", "en"] {
        let rel = format!("content/{lang}/gateway-firewall.md");
        let text = book.read(&rel);
        let at = text
            .find("address 192.168.?.xxx/24\n")
            .expect("Debian's interfaces block");
        let fence = text[..at]
            .rfind("```interfaces file=/etc/network/interfaces")
            .unwrap();
        let auto = fence + text[fence..].find("auto ens33\n").unwrap();
        let mut edited = text.clone();
        edited.replace_range(
            auto..auto + "auto ens33\n".len(),
            "auto ens33  # the adapter name, see ifconfig\n",
        );
        edited.insert_str(
            fence + "```interfaces file=/etc/network/interfaces".len(),
            " check=none",
        );
        book.write(&rel, &edited);
    }
    assert_caught(
        &book,
        "debian",
        "systemd reached `running`",
        "```interfaces file=/etc/network/interfaces",
    );
}

#[test]
fn a_missing_netmask_is_caught_for_a_reader_whose_prefix_is_not_the_class_default() {
    let _lab = lab();
    let book = BookTest::guide();
    // A /16 in 10.0.0.0/8: ifupdown without a netmask guesses /8 by class.
    book.replace(
        "book.toml",
        "subnet = \"192.168.10.0/24\"",
        "subnet = \"10.20.0.0/16\"",
    );
    edit(
        &book,
        "address 192.168.?.xxx\nnetmask 255.255.255.0\n",
        "address 192.168.?.xxx\n",
    );
    assert_caught(
        &book,
        "ubuntu-16.04",
        "has exactly 10.20.0.100/16",
        "```interfaces file=/etc/network/interfaces",
    );
}

#[test]
fn the_tools_warnings_are_collected_from_the_vm() {
    let _lab = lab();
    let book = BookTest::guide();
    // The original's search line: networkd drops `localhost` and says so.
    edit(
        &book,
        "search: [localdomain]",
        "search: [localdomain, localhost]",
    );
    let run = lab_run(&book, "ubuntu-22.04");
    let value = json(&run);
    let warnings = value["results"]["runs"][0]["outcome"]["warnings"]
        .as_array()
        .unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("systemd-networkd")
                && w.as_str().unwrap().contains("localhost")),
        "networkd's warning is missing: {warnings:?}"
    );
}

#[test]
fn a_packet_for_an_address_outside_the_lab_fails_the_run() {
    let _lab = lab();
    let book = BookTest::guide();
    edit(
        &book,
        "sudo ufw allow OpenSSH\n```",
        "sudo ufw allow OpenSSH\nping -c 1 -W 1 203.0.113.7 || true\n```",
    );
    let run = lab_run(&book, "ubuntu-22.04");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let value = json(&run);
    let packets = value["results"]["runs"][0]["outcome"]["outside_packets"]
        .as_u64()
        .unwrap();
    assert!(packets >= 1, "the ping to 203.0.113.7 was not counted");
    assert!(
        failures(&value)
            .iter()
            .any(|d| d.contains("outside the lab")),
        "{value}"
    );
    assert_eq!(leftovers(), Vec::<String>::new());
}

fn kill_midway(group_signal: bool) {
    let _lab = lab();
    let book = BookTest::guide();
    let before = machine_state();
    let mut command = Command::new(env!("CARGO_BIN_EXE_netplate"));
    command
        .args(["test", "--os", "debian", "--readers", "0", "--no-pastes"])
        .current_dir(book.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if group_signal {
        command.process_group(0);
    }
    let mut child = command.spawn().unwrap();
    // Wait until a VM is booted (its systemd runs), then interrupt.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !leftovers().iter().any(|l| l.starts_with("cgroup")) {
        assert!(Instant::now() < deadline, "no VM came up");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    if group_signal {
        // Ctrl-C: the terminal signals the whole foreground group.
        nix::sys::signal::killpg(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    } else {
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL).unwrap();
    }
    let _ = child.wait();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !leftovers().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        leftovers(),
        Vec::<String>::new(),
        "left behind after the kill"
    );
    assert_eq!(machine_state(), before);
    assert!(Path::new(book.path()).exists());
}

#[test]
fn sigkill_of_netplate_test_leaves_no_namespace_mount_cgroup_or_process() {
    kill_midway(false);
}

#[test]
fn ctrl_c_of_netplate_test_leaves_nothing_behind() {
    kill_midway(true);
}

#[test]
fn without_root_the_lab_says_why_and_exits_2() {
    let book = BookTest::guide();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_netplate"))
        .args(["test", "--os", "debian"])
        .current_dir(book.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the lab cannot run here") && stderr.contains("root"),
        "{stderr}"
    );
}

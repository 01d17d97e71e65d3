//! ifupdown's, NetworkManager's ifcfg-rh and NetworkManager.conf test
//! suites as fixtures (issue 14): one test per format, through
//! [`upstream::agree`], with the real tool as referee where it is
//! installed.
//!
//! | format | files | referee |
//! |---|---|---|
//! | `interfaces` | ifupdown 0.8.41's `tests/linux/testcase.*` and `examples/` | `ifquery --list` and `ifup -n` on every stanza ([`validate_interfaces`]) |
//! | `ifcfg` | NetworkManager 1.42.4's `ifcfg-rh/tests/network-scripts/` | the record (what `test-ifcfg-rh.c` expects), and bash: a file bash cannot source cleanly is rejected ([`validate_ifcfg`]) |
//! | `nm` | NetworkManager 1.42.4's example and test `NetworkManager.conf` files | GLib's GKeyFile ([`validate_nm`]) |
//! | `nmconnection` | NetworkManager 1.42.4's keyfile plugin test profiles | GLib's GKeyFile, and the record (every profile loads) |
//!
//! The fixture files are not in the repository (their `ORIGIN.md` says
//! why): `tests/upstream/fetch-sources.sh` extracts them from Debian 12's
//! source packages into `target/upstream/`. Without them, the tests fail.

use std::path::{Path, PathBuf};

use crate::{
    real_tools,
    upstream::{self, Referee, Verdict},
    validate_ifcfg, validate_interfaces, validate_nm,
};

fn read(dir: &Path, file: &Path) -> String {
    let bytes = std::fs::read(dir.join(file)).expect("fixture");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// ifupdown: `ifquery --list`, then `ifup -n` on every stanza.
fn ifupdown(dir: &Path, files: &[PathBuf]) -> Vec<Option<Verdict>> {
    files
        .iter()
        .map(|f| {
            let (accepted, _) = validate_interfaces::ifupdown(&read(dir, f));
            Some(if accepted {
                Verdict::Accept
            } else {
                Verdict::Reject
            })
        })
        .collect()
}

/// bash, sourcing the file as initscripts do: a syntax error or a line run
/// as a command rejects the file. Else NetworkManager's recorded verdict
/// stands (`None`): bash cannot tell what ifcfg-rh makes of the values.
fn bash(dir: &Path, files: &[PathBuf]) -> Vec<Option<Verdict>> {
    files
        .iter()
        .map(|f| {
            let (_, stderr) = validate_ifcfg::source(&dir.join(f));
            validate_ifcfg::bash_complains(&stderr).then_some(Verdict::Reject)
        })
        .collect()
}

/// GLib's GKeyFile, loading each file as NetworkManager does.
fn gkeyfile(dir: &Path, files: &[PathBuf]) -> Vec<Option<Verdict>> {
    let texts: Vec<String> = files.iter().map(|f| read(dir, f)).collect();
    match validate_nm::gkeyfile_batch(&texts) {
        Some(verdicts) => verdicts
            .into_iter()
            .map(|e| {
                Some(if e.is_some() {
                    Verdict::Reject
                } else {
                    Verdict::Accept
                })
            })
            .collect(),
        None => vec![None; files.len()],
    }
}

#[test]
fn interfaces() {
    let referee: Option<Referee> =
        real_tools::have(&validate_interfaces::ifupdown_program("ifquery"))
            .then_some(ifupdown as Referee)
            .or_else(|| {
                eprintln!(
                    "upstream/interfaces: ifupdown is not installed: the record is the referee"
                );
                None
            });
    upstream::agree("interfaces", referee);
}

#[test]
fn ifcfg() {
    upstream::agree("ifcfg", Some(bash));
}

#[test]
fn nm() {
    upstream::agree("nm", Some(gkeyfile));
}

#[test]
fn nmconnection() {
    upstream::agree("nmconnection", Some(gkeyfile));
}

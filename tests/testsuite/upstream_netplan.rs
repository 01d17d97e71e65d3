//! netplan's own examples and generator tests (0.106) as judged by
//! `netplate lint --as netplan`, against the real `generate` where it is
//! installed, else against what the tests expect (issue 14). The fixtures
//! and their origin: `upstream/netplan/ORIGIN.md`.

use std::{fs, path::Path, path::PathBuf};

use crate::{
    upstream::{self, Verdict},
    validate_netplan::{have_real_netplan, run_real_netplan},
};

/// netplan 0.106's `generate` on each file, alone in its root's
/// `etc/netplan/` as in the generator tests; `None` for all when it is not
/// installed.
fn real_netplan(dir: &Path, files: &[PathBuf]) -> Vec<Option<Verdict>> {
    if !have_real_netplan() {
        eprintln!("upstream/netplan: netplan.io is not installed: comparing with the record only");
        return vec![None; files.len()];
    }
    let texts: Vec<String> = files
        .iter()
        .map(|f| fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    run_real_netplan(&texts)
        .iter()
        .map(|run| {
            Some(if run.rejects() {
                Verdict::Reject
            } else {
                Verdict::Accept
            })
        })
        .collect()
}

#[test]
fn agrees_with_netplan_on_its_own_tests() {
    upstream::agree("netplan", Some(real_netplan));
}

//! Helpers to run the real tools (netplan, ifupdown, bash, shellcheck)
//! hermetically, as cross-checks of netplate's validators. See
//! `../shared/design/config-formats.md` §1 for why each command is shaped so.

use std::{path::Path, process::Command};

/// Whether `program` is on PATH.
pub(crate) fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Panics with an install hint when a real tool is missing: the test
/// command (`tests/run.sh`) installs them, so a missing tool is a setup bug.
#[track_caller]
pub(crate) fn require(program: &str, package: &str) {
    assert!(
        have(program) || Path::new(program).exists(),
        "{program} is missing: install Debian's {package} (tests/run.sh does)"
    );
}

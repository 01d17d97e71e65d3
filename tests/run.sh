#!/usr/bin/env bash
# netplate's whole test suite, on a fresh Debian machine with Rust:
# installs what the tests need (Debian packages, as root or with sudo),
# then runs formatting, lints and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, by the command that proves each is there.
declare -A packages=(
  [chromium]=chromium                        # browser tests (tests/testsuite/browser.rs)
  [/usr/libexec/netplan/generate]=netplan.io # real-tool cross-checks of the validators
  [ifquery]=ifupdown
  [shellcheck]=shellcheck
  [unshare]=util-linux
  [/usr/lib/python3/dist-packages/gi]=python3-gi   # GKeyFile, the NetworkManager.conf referee
)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("${packages[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "tests/run.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component" || true
done

cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test

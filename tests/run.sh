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
  [ipcalc-ng]=ipcalc-ng                      # validate_ifcfg.rs: the Red Hat ipcalc, the prefix referee of ifcfg files
  [unshare]=util-linux
  [nsenter]=util-linux                       # netplate test (tests/testsuite/lab.rs): enters the booted VMs
  [setpriv]=util-linux                       # lab.rs: netplate test run as nobody exits 2
  [/lib/systemd/systemd]=systemd             # lab.rs: booted as PID 1 of every VM
  [/usr/lib/python3/dist-packages/gi]=python3-gi   # GKeyFile, the NetworkManager.conf referee
  [/usr/lib/python3/dist-packages/yaml]=python3-yaml  # tests/upstream/fetch-sources.sh: netplan's tests import yaml
  [python3]=python3                          # preprocessors.rs: the fixture's preprocessor pre.py speaks mdBook's protocol
  [curl]=curl                                # fetch-sources.sh: the books from crates.io and deb.debian.org
  [xz]=xz-utils                              # fetch-sources.sh: the .tar.xz source packages
  [/usr/sbin/nginx]=nginx                    # audits: the site served as GitHub Pages does (tests/testsuite/audit.rs)
  [node]=nodejs                              # audits: axe-core and Lighthouse (tests/audit/)
  [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]=fonts-wqy-microhei  # Chinese glyphs for the audits and screenshots
)
missing=()
for cmd in "${!packages[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("${packages[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "tests/run.sh: installing ${missing[*]}" >&2
  # Installing nginx starts its service (port 80, every interface) unless
  # policy-rc.d forbids it: forbid it while installing, as Docker images do.
  # The tests run their own nginx on 127.0.0.1 only.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ -z "$policy" ] || { $sudo rm -f "$policy"; trap - EXIT; }
fi

for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component" || true
done

# npm comes with NodeSource's nodejs, and is a package of its own with
# Debian's (which conflicts with NodeSource's): only when still missing.
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "tests/run.sh: installing npm" >&2
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends npm
fi

# npm packages of the audits (tests/audit/package-lock.json), when missing or
# older than the lock file; puppeteer-core drives the chromium above.
if [ ! -f tests/audit/node_modules/.package-lock.json ] \
  || [ tests/audit/package-lock.json -nt tests/audit/node_modules/.package-lock.json ]; then
  echo "tests/run.sh: installing tests/audit's npm packages" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/audit --no-audit --no-fund
fi

# The upstream test suites the validators are compared with
# (tests/testsuite/upstream.rs), from Debian 12's source packages on
# deb.debian.org, into target/upstream/; nothing when already there.
tests/upstream/fetch-sources.sh

cargo fmt --check
cargo clippy --all-targets -- -D warnings
# The audit measures performance, so it runs alone, after everything else;
# both runs report even when the first fails.
status=0
cargo test -- --skip audit_of_the_guide_meets_its_targets || status=$?
cargo test --test testsuite audit_of_the_guide_meets_its_targets || status=$?
exit "$status"

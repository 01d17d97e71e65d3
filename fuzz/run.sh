#!/usr/bin/env bash
# Seeds each target's corpus from the repository's own test files, then runs
# the targets JOBS at a time (default 2) for SECONDS each (default 600), at
# nice 19, or with CPUS=LIST on those cores only (taskset) at normal
# priority, so that other work on the other cores cannot starve them into
# false timeouts (libFuzzer's -timeout is wall-clock time):
#     [JOBS=N] [CPUS=1] fuzz/run.sh [SECONDS] [TARGET...]
# Crashes and slow inputs land in fuzz/artifacts/TARGET/; a summary line per
# target (executions, corpus size) in fuzz/artifacts/summary.txt.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
jobs="${JOBS:-2}"
if [ -n "${CPUS:-}" ]; then
  pin=(taskset -c "$CPUS")
else
  pin=(nice -n 19)
fi
shift || true
repo=..
seed() { # seed TARGET FILES...
  local dir="corpus/$1"
  shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "${f#../}" | tr '/' '_')"; done
  return 0
}
for fmt in netplan interfaces ifcfg resolv nm nmconnection shell; do
  seed "validate_$fmt" $repo/tests/testsuite/validate/$fmt/*/*
done
seed validate_nmcli $(grep -l nmcli $repo/tests/testsuite/validate/shell/*/* || true)
seed markdown $(find $repo/content $repo/tests/testsuite/books $repo/tests/testsuite/markdown -name '*.md')
seed include $(find $repo/tests/testsuite/books/mdbook_includes $repo/tests/testsuite/books/mdbook_all_includes -name '*.md')
seed summary $(find $repo/content $repo/tests/testsuite/books -name SUMMARY.md)
seed book_toml $repo/book.toml $(find $repo/tests/testsuite/books -name book.toml)
mkdir -p corpus/reader_values
printf '10.20.0.0/16\0100\0ubuntu-22.04' > corpus/reader_values/a
printf '192.168.010.0/24\00100\0centos-7' > corpus/reader_values/b
printf '224.0.0.0/8\0.5\0fedora' > corpus/reader_values/c
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(validate_shell validate_netplan validate_interfaces validate_ifcfg validate_resolv
           validate_nm validate_nmconnection validate_nmcli markdown summary book_toml
           reader_values include)
fi
mkdir -p artifacts
# Built once, so that edits during a long run do not rebuild per target.
nice -n 19 cargo +nightly fuzz build -O 2>&1 | tail -1
bin=target/x86_64-unknown-linux-gnu/release
run() {
  local t="$1"
  mkdir -p "artifacts/$t"
  "${pin[@]}" "$bin/$t" "corpus/$t" \
    -max_total_time="$secs" -timeout=1 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" > "artifacts/$t/log.txt" 2>&1 || true
  local execs
  execs=$(grep -E '^stat::number_of_executed_units' "artifacts/$t/log.txt" | awk '{print $2}' || true)
  echo "$t: ${execs:-?} executions in ${secs} s, corpus $(ls "corpus/$t" | wc -l) inputs, artifacts: $(ls "artifacts/$t" | grep -v log.txt | tr '\n' ' ')" >> artifacts/summary.txt
}
i=0
for t in "${targets[@]}"; do
  run "$t" &
  i=$((i + 1))
  if [ $((i % jobs)) -eq 0 ]; then wait; fi
done
wait
cat artifacts/summary.txt

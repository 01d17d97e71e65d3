#!/usr/bin/env bash
# The upstream test suites the validators are compared with
# (tests/testsuite/upstream.rs): downloads Debian 12's source packages of
# netplan.io, ifupdown and network-manager from deb.debian.org, unpacks
# their orig tarballs into target/upstream-src/, and runs every format's
# tests/testsuite/upstream/<format>/extract.py, which writes the fixture
# files and the generated expected.tsv into target/upstream/<format>/
# ($NETPLATE_UPSTREAM/<format>/ when that is set).
#
# It also brings the books tests/testsuite/mdbook_books.rs builds: mdBook
# 0.5.4's test-suite books from its crate on crates.io, and real books
# (the Rust Programming Language, the Cargo book, the Rustonomicon, ...)
# from Debian's rustc source package, into target/upstream-src/.
#
# The files are other projects' and are not committed; the committed
# expected.tsv is our record of them, and the tests fail when the
# generated one differs. Does nothing when the pinned sources are unpacked
# and extracted by the current extract.py. Runs as root or as a user: apt
# gets private lists and cache under target/upstream-src/apt/, and the
# machine's apt configuration is left alone. Needs apt-get, tar, xz,
# sha256sum and python3 with python3-yaml (netplan's tests import yaml).
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian 12's versions, and the sha256 of each orig tarball as its .dsc
# gives it (ifupdown is a native package: its one tarball).
declare -A version=(
  [netplan.io]=0.106-2+deb12u1
  [ifupdown]=0.8.41
  [network-manager]=1.42.4-1+deb12u1
)
declare -A tarball=(
  [netplan.io]=netplan.io_0.106.orig.tar.gz
  [ifupdown]=ifupdown_0.8.41.tar.xz
  [network-manager]=network-manager_1.42.4.orig.tar.xz
)
declare -A sha256=(
  [netplan.io]=09ca8c191f4cc387edb816c48aa77bcaffb712ba54a188fd27ce961eea02aa53
  [ifupdown]=222c5bef313a9e71d9be4b946c73c8606c98f9e0229153191d9c6d8fb9b3599c
  [network-manager]=86ee16a2f7f525629133fa0c3dc060caf96ae4f34084eda1c24551951abe5a3c
)
# Each fixture folder and the source package its extract.py reads.
declare -A source_of=(
  [netplan]=netplan.io
  [interfaces]=ifupdown
  [ifcfg]=network-manager
  [nm]=network-manager
  [nmconnection]=network-manager
)

src=target/upstream-src
out=${NETPLATE_UPSTREAM:-target/upstream}

# The stamp a tree unpacked from the right tarball carries.
unpacked() { [ "$(cat "$src/$1/.orig-sha256" 2>/dev/null)" = "${sha256[$1]}" ]; }

# The stamp of an extraction: its source, the extract.py that ran and the
# helpers every extract.py shares.
stamp() {
  { echo "${sha256[${source_of[$1]}]}"; cat "tests/testsuite/upstream/$1/extract.py" tests/testsuite/upstream/fixtures.py; } \
    | sha256sum | cut -d' ' -f1
}
extracted() { [ "$(cat "$out/$1/.stamp" 2>/dev/null)" = "$(stamp "$1")" ]; }

# sha256 of a downloaded tarball, empty when it is absent.
sum() { sha256sum "$src/downloads/$1" 2>/dev/null | cut -d' ' -f1 || true; }

apt_opts=(-o "Dir::Etc::SourceList=$PWD/$src/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$PWD/$src/apt/lists" -o "Dir::Cache=$PWD/$src/apt/cache")
apt_updated=""
download() {
  local pkg=$1
  [ "$(sum "${tarball[$pkg]}")" != "${sha256[$pkg]}" ] || return 0
  if [ -z "$apt_updated" ]; then
    mkdir -p "$src/apt/lists/partial" "$src/apt/cache" "$src/downloads"
    printf '%s\n' \
      'deb-src http://deb.debian.org/debian bookworm main' \
      'deb-src http://deb.debian.org/debian-security bookworm-security main' \
      'deb-src http://deb.debian.org/debian bookworm-updates main' >"$src/apt/sources.list"
    # As root, apt warns that it downloads unsandboxed (its _apt user
    # cannot write here): harmless, the files are checked against the
    # signed indices all the same.
    apt-get "${apt_opts[@]}" update -q
    apt_updated=1
  fi
  rm -f "$src/downloads/${tarball[$pkg]}"
  # The pinned version; if a point release has replaced it, bookworm's
  # current one, which will do only when its orig tarball is the same.
  (cd "$src/downloads" && apt-get "${apt_opts[@]}" source --download-only "$pkg=${version[$pkg]}") \
    || (cd "$src/downloads" \
      && echo "tests/upstream/fetch-sources.sh: $pkg ${version[$pkg]} is gone; trying bookworm's current $pkg" >&2 \
      && apt-get "${apt_opts[@]}" source --download-only "$pkg")
  local got
  got=$(sum "${tarball[$pkg]}")
  if [ "$got" != "${sha256[$pkg]}" ]; then
    echo "tests/upstream/fetch-sources.sh: ${tarball[$pkg]}: sha256 ${got:-(missing)}, expected ${sha256[$pkg]}: update the pins in $0, rerun, and compare the generated expected.tsv files with the committed ones" >&2
    exit 1
  fi
}

for pkg in "${!version[@]}"; do
  unpacked "$pkg" && continue
  echo "tests/upstream/fetch-sources.sh: downloading and unpacking $pkg ${version[$pkg]}" >&2
  download "$pkg"
  rm -rf "${src:?}/$pkg" "$src/$pkg.part"
  mkdir -p "$src/$pkg.part"
  tar -xf "$src/downloads/${tarball[$pkg]}" -C "$src/$pkg.part" --strip-components=1
  echo "${sha256[$pkg]}" >"$src/$pkg.part/.orig-sha256"
  mv "$src/$pkg.part" "$src/$pkg"
done

# Books, from other registries than Debian 12's: a name, its URL, its
# sha256, its top folder and the paths inside that to unpack. Each is unpacked into target/upstream-src/<name>/.
declare -A book_url=(
  [mdbook-crate]=https://static.crates.io/crates/mdbook/mdbook-0.5.4.crate
  # Debian 13's rustc source package (its orig tarball): the books of Rust
  # 1.85.1, as rust-lang/rust's rustbook builds them with mdBook 0.4.43.
  [rustc-books]=http://deb.debian.org/debian/pool/main/r/rustc/rustc_1.85.1%2bdfsg1.orig.tar.xz
)
declare -A book_sha256=(
  [mdbook-crate]=5f68ffebcd0b9a4eb72aaacc4342bc94e1d63c01893b7c921437f6ef02443699
  [rustc-books]=97153151aeee78416f595a4200b17c3713d271960f3bad91a44f2afaf0bb7799
)
declare -A book_top=(
  [mdbook-crate]=mdbook-0.5.4
  [rustc-books]=rustc-1.85.1-src
)
declare -A book_paths=(
  [mdbook-crate]="LICENSE tests/testsuite"
  [rustc-books]="COPYRIGHT LICENSE-APACHE LICENSE-MIT src/doc/book src/doc/nomicon src/doc/reference src/doc/rustc src/doc/rustdoc src/doc/edition-guide src/doc/style-guide src/doc/embedded-book src/doc/unstable-book src/doc/rust-by-example src/tools/cargo/src/doc src/tools/clippy/book"
)
for name in "${!book_url[@]}"; do
  [ "$(cat "$src/$name/.sha256" 2>/dev/null)" = "${book_sha256[$name]}" ] && continue
  echo "tests/upstream/fetch-sources.sh: downloading and unpacking $name" >&2
  mkdir -p "$src/downloads"
  file="$src/downloads/${book_url[$name]##*/}"
  if [ "$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)" != "${book_sha256[$name]}" ]; then
    curl -fsSL --retry 3 -o "$file.part" "${book_url[$name]}"
    mv "$file.part" "$file"
  fi
  got=$(sha256sum "$file" | cut -d' ' -f1)
  if [ "$got" != "${book_sha256[$name]}" ]; then
    echo "tests/upstream/fetch-sources.sh: ${book_url[$name]}: sha256 $got, expected ${book_sha256[$name]}: update the pin in $0 and re-record tests/testsuite/upstream/mdbook/expected.tsv" >&2
    exit 1
  fi
  rm -rf "${src:?}/$name" "$src/$name.part"
  mkdir -p "$src/$name.part"
  top=${book_top[$name]}
  # shellcheck disable=SC2086 # the paths are words
  tar -xf "$file" -C "$src/$name.part" --strip-components=1 $(printf "$top/%s " ${book_paths[$name]})
  echo "${book_sha256[$name]}" >"$src/$name.part/.sha256"
  mv "$src/$name.part" "$src/$name"
done

for format in "${!source_of[@]}"; do
  extracted "$format" && continue
  pkg=${source_of[$format]}
  echo "tests/upstream/fetch-sources.sh: extracting $format from $pkg" >&2
  rm -rf "${out:?}/$format" "$out/$format.part"
  mkdir -p "$out/$format.part"
  python3 "tests/testsuite/upstream/$format/extract.py" "$src/$pkg" "$out/$format.part" \
    "${tarball[$pkg]} (sha256 ${sha256[$pkg]})" >&2
  stamp "$format" >"$out/$format.part/.stamp"
  mv "$out/$format.part" "$out/$format"
done

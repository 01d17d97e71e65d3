#!/usr/bin/env python3
"""Copies NetworkManager's keyfile plugin test profiles out of its source
tree and writes expected.tsv beside them.

    python3 extract.py SRC OUT ORIGIN

SRC is the unpacked source (tests/upstream/fetch-sources.sh unpacks Debian
12's network-manager orig tarball, see ORIGIN.md), OUT the folder the
fixtures and expected.tsv go to (target/upstream/nmconnection/), ORIGIN the
tarball that SRC comes from, for the header of expected.tsv. The fixture
files are not committed (see ORIGIN.md); expected.tsv is, and the test
fails when the generated one differs from it.

`src/core/settings/plugins/keyfile/tests/test-keyfile-settings.c` reads
every profile of `keyfiles/` with `keyfile_read_connection_from_file()`,
which asserts that the reader succeeds and that the connection verifies
without normalization, or compares it with what the writer writes
(`write_test_connection_and_reread()`): all must load. The certificates
(`*.pem`) are not profiles.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fixtures  # noqa: E402  (tests/testsuite/upstream/fixtures.py)

TESTS = "src/core/settings/plugins/keyfile/tests"
DIR = TESTS + "/keyfiles"


def main():
    src, out, origin = fixtures.args(__doc__)
    c = fixtures.read(src, f"{TESTS}/test-keyfile-settings.c").decode()
    funcs = [(m.start(), m.group(1)) for m in re.finditer(r"^(\w+)\(", c, re.M)]
    names = [n for n in os.listdir(os.path.join(src, DIR)) if os.path.isfile(os.path.join(src, DIR, n))]
    rows = []
    os.makedirs(os.path.join(out, "keyfiles"), exist_ok=True)
    for n in sorted(n for n in names if not n.endswith(".pem")):
        with open(os.path.join(out, "keyfiles", n), "wb") as f:
            f.write(fixtures.read(src, f"{DIR}/{n}"))
        users = sorted(
            {
                max((f for f in funcs if f[0] < m.start()), default=(0, "?"))[1]
                for m in re.finditer(r'"/%s"' % re.escape(n), c)
            }
        )
        why = "loads in " + ", ".join(f"{u}()" for u in users) if users else "in the folder; no test expects it to fail"
        rows.append((f"keyfiles/{n}", "accept", why))
    fixtures.write_expected(
        out,
        f"# NetworkManager, {origin}, {DIR}/: every profile loads (test-keyfile-settings.c)\n"
        "# written by extract.py; do not edit by hand\n",
        rows,
    )


if __name__ == "__main__":
    main()

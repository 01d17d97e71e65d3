#!/usr/bin/env python3
"""Copies ifupdown 0.8.41's own test cases and example files out of its
source tree and writes expected.tsv beside them.

    python3 extract.py SRC OUT ORIGIN

SRC is the unpacked source package (tests/upstream/fetch-sources.sh
unpacks Debian 12's, see ORIGIN.md), OUT the folder the fixtures and
expected.tsv go to (target/upstream/interfaces/), ORIGIN the tarball that
SRC comes from, for the header of expected.tsv. The fixture files are not
committed (see ORIGIN.md); expected.tsv is, and the test fails when the
generated one differs from it.

The verdict of `tests/linux/testcase.N` is the exit code ifupdown's own
test (`tests/testbuild-linux`) records in `tests/linux/up.N`, from
`ifup -v --no-act-commands --force -i testcase.N <the "# RUN:" arguments>`:
0 is accept, anything else reject, with ifup's first complaint as the why.
The files of `examples/` that are interfaces(5) files must load.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fixtures  # noqa: E402  (tests/testsuite/upstream/fixtures.py)

# examples/bridge is prose around a snippet, not an interfaces file
EXAMPLES = ["examples/network-interfaces", "examples/pattern-matching"]


def main():
    src, out, origin = fixtures.args(__doc__)
    names = ["tests/linux/" + n for n in os.listdir(os.path.join(src, "tests/linux"))]
    cases = sorted(
        (n for n in names if re.search(r"/testcase\.\d+$", n)),
        key=lambda n: int(n.rsplit(".", 1)[1]),
    )
    rows = []
    for path in cases + EXAMPLES:
        text = fixtures.read(src, path)
        local = "ifupdown/" + path.split("/", 1)[1].replace("linux/", "")
        os.makedirs(os.path.join(out, os.path.dirname(local)), exist_ok=True)
        with open(os.path.join(out, local), "wb") as f:
            f.write(text)
        if path.startswith("examples/"):
            rows.append((local, "accept", f"{path}: an example that must load"))
            continue
        n = path.rsplit(".", 1)[1]
        up = fixtures.read(src, f"tests/linux/up.{n}").decode()
        code = int(re.match(r"exit code: (\d+)", up).group(1))
        run = " ".join(re.findall(r"^# RUN: (.*)$", text.decode(), re.M)) or "-a"
        if code == 0:
            rows.append((local, "accept", f"tests/linux/up.{n}: ifup {run} exits 0"))
        else:
            complaints = [
                line
                for line in up.split("====stderr====", 1)[-1].splitlines()
                if line.startswith("ifup: ") and "configuring interface" not in line
            ]
            why = complaints[0] if complaints else "ifup fails"
            rows.append((local, "reject", f"tests/linux/up.{n}: ifup {run} exits {code}: {why}"))
    fixtures.write_expected(
        out,
        f"# ifupdown, {origin}: tests/linux/testcase.* (verdict: the exit code in up.N) and examples/\n"
        "# written by extract.py; do not edit by hand\n",
        rows,
    )


if __name__ == "__main__":
    main()

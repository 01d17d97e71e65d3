#!/usr/bin/env python3
"""Brings ifupdown 0.8.41's own test cases and example files into this
folder and writes expected.tsv.

    python3 extract.py GIT_DIR [TAG]

GIT_DIR is a clone (bare or not) of Debian's ifupdown (ORIGIN.md names the
mirror used); TAG defaults to the one recorded in ORIGIN.md. The fixture
files are not committed (see ORIGIN.md); expected.tsv is, and this script
rewrites it the same way every time.

The verdict of `tests/linux/testcase.N` is the exit code ifupdown's own
test (`tests/testbuild-linux`) records in `tests/linux/up.N`, from
`ifup -v --no-act-commands --force -i testcase.N <the "# RUN:" arguments>`:
0 is accept, anything else reject, with ifup's first complaint as the why.
The files of `examples/` that are interfaces(5) files must load.
"""

import os
import re
import subprocess
import sys

TAG = "debian/0.8.41"
# examples/bridge is prose around a snippet, not an interfaces file
EXAMPLES = ["examples/network-interfaces", "examples/pattern-matching"]
HERE = os.path.dirname(os.path.abspath(__file__))


def git(git_dir, *args):
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True
    ).stdout


def main():
    git_dir = sys.argv[1]
    tag = sys.argv[2] if len(sys.argv) > 2 else TAG
    names = git(git_dir, "ls-tree", "--name-only", tag, "tests/linux/").decode().split()
    cases = sorted(
        (n for n in names if re.search(r"/testcase\.\d+$", n)),
        key=lambda n: int(n.rsplit(".", 1)[1]),
    )
    rows = []
    for path in cases + EXAMPLES:
        text = git(git_dir, "show", f"{tag}:{path}")
        local = "ifupdown/" + path.split("/", 1)[1].replace("linux/", "")
        os.makedirs(os.path.join(HERE, os.path.dirname(local)), exist_ok=True)
        with open(os.path.join(HERE, local), "wb") as f:
            f.write(text)
        if path.startswith("examples/"):
            rows.append((local, "accept", f"{path}: an example that must load"))
            continue
        n = path.rsplit(".", 1)[1]
        up = git(git_dir, "show", f"{tag}:tests/linux/up.{n}").decode()
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
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.write(
            f"# ifupdown {tag}: tests/linux/testcase.* (verdict: the exit code in up.N) and examples/\n"
            "# written by extract.py; do not edit by hand\n"
        )
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} files, {sum(v == 'reject' for _, v, _ in rows)} expected to fail")


if __name__ == "__main__":
    main()

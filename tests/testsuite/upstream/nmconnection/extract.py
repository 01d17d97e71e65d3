#!/usr/bin/env python3
"""Brings NetworkManager's keyfile plugin test profiles into this folder and
writes expected.tsv.

    python3 extract.py GIT_DIR [TAG]

GIT_DIR is a clone (bare or not) of github.com/NetworkManager/NetworkManager;
TAG defaults to the release recorded in ORIGIN.md. The fixture files are not
committed (see ORIGIN.md); expected.tsv is, and this script rewrites it the
same way every time.

`src/core/settings/plugins/keyfile/tests/test-keyfile-settings.c` reads
every profile of `keyfiles/` with `keyfile_read_connection_from_file()`,
which asserts that the reader succeeds and that the connection verifies
without normalization, or compares it with what the writer writes
(`write_test_connection_and_reread()`): all must load. The certificates
(`*.pem`) are not profiles.
"""

import os
import re
import subprocess
import sys

TAG = "1.58.1"
TESTS = "src/core/settings/plugins/keyfile/tests"
DIR = TESTS + "/keyfiles"
HERE = os.path.dirname(os.path.abspath(__file__))


def git(git_dir, *args):
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True
    ).stdout


def main():
    git_dir = sys.argv[1]
    tag = sys.argv[2] if len(sys.argv) > 2 else TAG
    c = git(git_dir, "show", f"{tag}:{TESTS}/test-keyfile-settings.c").decode()
    funcs = [(m.start(), m.group(1)) for m in re.finditer(r"^(\w+)\(", c, re.M)]
    names = [
        p.rsplit("/", 1)[1]
        for p in git(git_dir, "ls-tree", "--name-only", tag, DIR + "/").decode().splitlines()
    ]
    rows = []
    os.makedirs(os.path.join(HERE, "keyfiles"), exist_ok=True)
    for n in sorted(n for n in names if not n.endswith(".pem")):
        with open(os.path.join(HERE, "keyfiles", n), "wb") as f:
            f.write(git(git_dir, "show", f"{tag}:{DIR}/{n}"))
        users = sorted(
            {
                max((f for f in funcs if f[0] < m.start()), default=(0, "?"))[1]
                for m in re.finditer(r'"/%s"' % re.escape(n), c)
            }
        )
        why = "loads in " + ", ".join(f"{u}()" for u in users) if users else "in the folder; no test expects it to fail"
        rows.append((f"keyfiles/{n}", "accept", why))
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.write(
            f"# NetworkManager {tag}, {DIR}/: every profile loads (test-keyfile-settings.c)\n"
            "# written by extract.py; do not edit by hand\n"
        )
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} files")


if __name__ == "__main__":
    main()

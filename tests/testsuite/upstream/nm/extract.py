#!/usr/bin/env python3
"""Brings NetworkManager's NetworkManager.conf examples and test configs
into this folder and writes expected.tsv.

    python3 extract.py GIT_DIR [TAG]

GIT_DIR is a clone (bare or not) of github.com/NetworkManager/NetworkManager;
TAG defaults to the release recorded in ORIGIN.md. The fixture files are not
committed (see ORIGIN.md); expected.tsv is, and this script rewrites it the
same way every time.

Every file must load, except the ones `src/core/tests/config/test-config.c`
expects to fail: those passed to `setup_config(&error, …)` followed by
`g_assert_error(error, G_KEY_FILE_ERROR, …)`.
"""

import os
import re
import subprocess
import sys

TAG = "1.58.1"
TEST_DIR = "src/core/tests/config"
HERE = os.path.dirname(os.path.abspath(__file__))


def git(git_dir, *args):
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True
    ).stdout


def main():
    git_dir = sys.argv[1]
    tag = sys.argv[2] if len(sys.argv) > 2 else TAG
    tree = git(git_dir, "ls-tree", "-r", "--name-only", tag).decode().splitlines()
    paths = [
        p
        for p in tree
        if p.endswith(".conf")
        # the Fedora spec file installs this one in sysctl.d
        and p != "contrib/fedora/rpm/70-nm-connectivity.conf"
        and (
            p.startswith((TEST_DIR + "/", "examples/nm-conf.d/", "contrib/fedora/rpm/"))
            or p == "data/NetworkManager-ovs.conf"
        )
    ]
    c = git(git_dir, "show", f"{tag}:{TEST_DIR}/test-config.c").decode()
    fail = {}
    for m in re.finditer(
        r'setup_config\(&error,\s*TEST_DIR\s*"/([^"]+)"[^;]*;\s*g_assert_error\(error,\s*(G_KEY_FILE_ERROR[^)]*)\)',
        c,
    ):
        if "TEST_DIR" in m.group(0)[m.group(0).find('"', m.group(0).find('"') + 1) :]:
            continue  # the error comes from another file of the conf dir
        fn = re.findall(r"^(\w+)\(", c[: m.start()], re.M)[-1]
        fail[m.group(1)] = f"{fn}() asserts {m.group(2).replace(',', '')}"
    warn = re.search(r"g_assert_cmpint\(g_strv_length\(\(char \*\*\) warnings\), ==, (\d+)\)", c)
    rows = []
    for p in sorted(paths):
        local = p
        os.makedirs(os.path.join(HERE, os.path.dirname(local)), exist_ok=True)
        with open(os.path.join(HERE, local), "wb") as f:
            f.write(git(git_dir, "show", f"{tag}:{p}"))
        name = p[len(TEST_DIR) + 1 :] if p.startswith(TEST_DIR) else None
        if name in fail:
            rows.append((local, "reject", fail[name]))
        elif name == "NetworkManager-warn.conf" and warn:
            rows.append((local, "accept", f"test_config_warnings() loads it with {warn.group(1)} warnings"))
        elif name is not None:
            rows.append((local, "accept", "test-config.c loads it"))
        else:
            rows.append((local, "accept", "shipped configuration; must load"))
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.write(
            f"# NetworkManager {tag}: NetworkManager.conf examples, shipped confs and {TEST_DIR}/\n"
            "# written by extract.py; do not edit by hand\n"
        )
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} files, {sum(v == 'reject' for _, v, _ in rows)} expected to fail")


if __name__ == "__main__":
    main()

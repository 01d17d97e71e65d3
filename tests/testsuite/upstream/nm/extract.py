#!/usr/bin/env python3
"""Copies NetworkManager's NetworkManager.conf examples and test configs
out of its source tree and writes expected.tsv beside them.

    python3 extract.py SRC OUT ORIGIN

SRC is the unpacked source (tests/upstream/fetch-sources.sh unpacks Debian
12's network-manager orig tarball, see ORIGIN.md), OUT the folder the
fixtures and expected.tsv go to (target/upstream/nm/), ORIGIN the tarball
that SRC comes from, for the header of expected.tsv. The fixture files are
not committed (see ORIGIN.md); expected.tsv is, and the test fails when the
generated one differs from it.

Every file must load, except the ones `src/core/tests/config/test-config.c`
expects to fail: those passed to `setup_config(&error, …)` followed by
`g_assert_error(error, G_KEY_FILE_ERROR, …)`.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fixtures  # noqa: E402  (tests/testsuite/upstream/fixtures.py)

TEST_DIR = "src/core/tests/config"


def main():
    src, out, origin = fixtures.args(__doc__)
    tree = [
        os.path.relpath(os.path.join(d, n), src)
        for d, _, names in os.walk(src)
        for n in names
    ]
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
    c = fixtures.read(src, f"{TEST_DIR}/test-config.c").decode()
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
        os.makedirs(os.path.join(out, os.path.dirname(local)), exist_ok=True)
        with open(os.path.join(out, local), "wb") as f:
            f.write(fixtures.read(src, p))
        name = p[len(TEST_DIR) + 1 :] if p.startswith(TEST_DIR) else None
        if name in fail:
            rows.append((local, "reject", fail[name]))
        elif name == "NetworkManager-warn.conf" and warn:
            rows.append((local, "accept", f"test_config_warnings() loads it with {warn.group(1)} warnings"))
        elif name is not None:
            rows.append((local, "accept", "test-config.c loads it"))
        else:
            rows.append((local, "accept", "shipped configuration; must load"))
    fixtures.write_expected(
        out,
        f"# NetworkManager, {origin}: NetworkManager.conf examples, shipped confs and {TEST_DIR}/\n"
        "# written by extract.py; do not edit by hand\n",
        rows,
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Copies NetworkManager's ifcfg-rh test fixtures out of its source tree
and writes expected.tsv beside them: which files NetworkManager's own test
suite (test-ifcfg-rh.c) expects its ifcfg-rh reader to refuse.

    python3 extract.py SRC OUT ORIGIN

SRC is the unpacked source (tests/upstream/fetch-sources.sh unpacks Debian
12's network-manager orig tarball, see ORIGIN.md), OUT the folder the
fixtures and expected.tsv go to (target/upstream/ifcfg/), ORIGIN the
tarball that SRC comes from, for the header of expected.tsv. The fixture
files are not committed (see ORIGIN.md); expected.tsv is, and the test
fails when the generated one differs from it.

A file is expected to be rejected when a test passes it to
`_connection_from_file_fail()`, directly (`TEST_IFCFG_DIR "/ifcfg-x"` or a
`#define` of it) or through the data pointer of a test registered with
`g_test_add_data_func()` / `nmtst_add_test_func()`. Every other file is
expected to load: read by `_connection_from_file()`, compared as the
writer's output, or only present in the folder (`keys-*` and `network-*`
files are read together with their `ifcfg-*` file).
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fixtures  # noqa: E402  (tests/testsuite/upstream/fixtures.py)

TESTS = "src/core/settings/plugins/ifcfg-rh/tests"
SCRIPTS = TESTS + "/network-scripts"


def functions(c):
    """Top-level C functions: name -> (start, end) offsets of the body."""
    out = {}
    for m in re.finditer(r"^(\w+)\([^;{]*?\)\s*\{", c, re.M | re.S):
        end = c.find("\n}", m.end())
        out[m.group(1)] = (m.start(), end if end >= 0 else len(c))
    return out


def enclosing(funcs, pos):
    for name, (start, end) in funcs.items():
        if start <= pos <= end:
            return name
    return None


def main():
    src, out, origin = fixtures.args(__doc__)
    c = fixtures.read(src, f"{TESTS}/test-ifcfg-rh.c").decode()
    names = [
        n
        for n in sorted(os.listdir(os.path.join(src, SCRIPTS)))
        if re.match(r"(ifcfg|keys|network)-", n) and os.path.isfile(os.path.join(src, SCRIPTS, n))
    ]

    # `#define NAME TEST_IFCFG_DIR "/file"` (possibly continued on the next line)
    defines = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'#define\s+(\w+)\s*\\?\s*TEST_IFCFG_DIR\s+"/([^"]+)"', c
        )
    }

    def files_in(text):
        found = [m.group(1) for m in re.finditer(r'TEST_IFCFG_DIR\s+"/([^"]+)"', text)]
        found += [f for d, f in defines.items() if re.search(r"\b%s\b" % d, text)]
        return found

    funcs = functions(c)
    # registrations: test function -> files passed as its data
    data = {}
    for m in re.finditer(r"(?:g_test_add_data_func|nmtst_add_test_func)\s*\((.*?)\);", c, re.S):
        args = m.group(1)
        fn = None
        for word in re.findall(r"\b(test_\w+)\b", args):
            if word in funcs:
                fn = word
        if fn:
            data.setdefault(fn, []).extend(files_in(args))

    reject = {}
    for m in re.finditer(r"_connection_from_file_fail\s*\((.*?)\);", c, re.S):
        fn = enclosing(funcs, m.start())
        if fn is None or fn == "_connection_from_file_fail":
            continue
        first = m.group(1).split(",")[0]
        body = c[funcs[fn][0] : funcs[fn][1]]
        listed = files_in(first) or data.get(fn, [])
        warn = re.search(r'NMTST_EXPECT_NM_WARN\("([^"]*)"\)', body)
        cond = " (when built with JSON support)" if "nm_json_vt()" in body else ""
        for f in listed:
            why = f"{fn}() expects _connection_from_file_fail(){cond}"
            if warn:
                why += f', warning "{warn.group(1)}"'
            reject[f] = why

    # an alias file the reader ignores, with the warning the test expects
    for m in re.finditer(r'NMTST_EXPECT_NM_WARN\("\*([\w:.-]+)\*(has (?:no|invalid) DEVICE)\*"\)', c):
        fn = enclosing(funcs, m.start())
        reject["ifcfg-" + m.group(1)] = (
            f'{fn}() expects the reader to ignore this alias file (warning "{m.group(2)}")'
        )

    # files that only test_write_unknown() reads: shvar's round trip of odd
    # text, not a connection that is loaded; no verdict to compare with
    def users_of(n):
        return {enclosing(funcs, m.start()) for m in re.finditer(r'"/%s"' % re.escape(n), c)} | {
            fn for fn, fs in data.items() if n in fs
        }

    shvar_only = {
        n for n in names if users_of(re.sub(r"\.expected$", "", n)) - {"main"} == {"test_write_unknown"}
    }
    names = [n for n in names if n not in shvar_only]

    rows = []
    for n in sorted(names):
        if n in reject:
            rows.append((n, "reject", reject[n]))
            continue
        users = sorted(
            {enclosing(funcs, m.start()) or "main"
             for m in re.finditer(r'"/%s"' % re.escape(n), c)}
            | {fn for fn, fs in data.items() if n in fs}
            | {enclosing(funcs, m.start()) or "main"
               for d, f in defines.items() if f == n
               for m in re.finditer(r"\b%s\b" % d, c)}
        )
        users = [u for u in users if u != "main"] or users
        if n.endswith(".cexpected"):
            why = "what the ifcfg-rh writer writes" + (
                " in " + ", ".join(f"{u}()" for u in users[:3]) if users else ""
            ) + "; the tests read such files back"
        elif users:
            why = "loads in " + ", ".join(f"{u}()" for u in users[:3])
        elif n.startswith(("keys-", "network-")):
            why = "read together with its ifcfg file"
        else:
            why = "in the fixture folder; no test expects it to fail"
        rows.append((n, "accept", why))

    os.makedirs(os.path.join(out, "network-scripts"), exist_ok=True)
    for n in names:
        with open(os.path.join(out, "network-scripts", n), "wb") as f:
            f.write(fixtures.read(src, f"{SCRIPTS}/{n}"))
    fixtures.write_expected(
        out,
        f"# NetworkManager, {origin}, {SCRIPTS}/: the verdict of its test-ifcfg-rh.c\n"
        "# written by extract.py; do not edit by hand\n"
        f"# left out: {', '.join(sorted(shvar_only))} (shvar round trip only)\n",
        [(f"network-scripts/{n}", v, why) for n, v, why in rows],
    )


if __name__ == "__main__":
    main()

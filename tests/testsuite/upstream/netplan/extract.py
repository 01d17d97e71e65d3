#!/usr/bin/env python3
"""Extract netplan's own test inputs as fixtures for `upstream_netplan.rs`.

Usage: extract.py SRC OUT ORIGIN

SRC is netplan's unpacked source (tests/upstream/fetch-sources.sh unpacks
Debian 12's netplan.io 0.106 orig tarball, see ORIGIN.md), OUT the folder
the YAML files, netplan's licence and `expected.tsv` go to
(target/upstream/netplan/), ORIGIN the tarball that SRC comes from, for the
header of `expected.tsv`. The YAML files are not committed (ORIGIN.md says
why); `expected.tsv` is, and the test fails when the generated one differs
from it.

- `examples/*.yaml`: netplan's examples, which must load (accept).
- `tests/generator/test_*.py`: the YAML given to every
  `self.generate(...)` call, with `expect_fail=True` -> reject, else
  accept. The tests are run with `TestBase.generate` replaced by a
  recorder, so the YAML that loops, `%` formatting and helper functions
  build is the one the test passes; every statement of a test method is
  wrapped in try/except, so a check of generate()'s output (a file it
  would have written) does not end the test early. Nothing else runs: every `subprocess`
  entry point raises, assertions are no-ops, libnetplan is not loaded.
  A call is kept only when the YAML is self-contained: no `confs=`, no
  extra arguments, and no other YAML file in the root's
  `{lib,etc,run}/netplan/` (which `generate` would read too). Identical
  (YAML, verdict) pairs within one test module are kept once.
"""

import ast
import contextlib
import ctypes.util
import glob
import io
import random
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest


def materialize(tree, dest):
    """`examples/`, `tests/generator/` and `COPYING` of the source tree
    under dest, so that running the tests leaves the tree as it was."""
    for d in ('examples', 'tests/generator'):
        shutil.copytree(os.path.join(tree, d), os.path.join(dest, d))
    shutil.copy(os.path.join(tree, 'COPYING'), dest)


class Anything(str):
    """What a neutered assertion or the recorder returns: an empty string
    that is also a context manager swallowing what its block raises."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True

    def __getattr__(self, name):
        return lambda *a, **k: Anything()


def noop(*args, **kwargs):
    return Anything()


def refuse(*args, **kwargs):
    raise RuntimeError('extract.py runs no program')


def record_calls(src):
    """Every generate() call of every test, as dicts."""
    # Nothing the tests start may run: no program, no libnetplan.
    for name in ('Popen', 'call', 'check_call', 'check_output', 'run'):
        setattr(subprocess, name, refuse)
    os.system = refuse
    ctypes.util.find_library = lambda name: None
    sys.path.insert(0, os.path.join(src, 'tests'))
    import generator.base as base

    calls = []
    current = {}

    def generate(self, yaml, expect_fail=False, extra_args=[], confs=None,
                 skip_generated_yaml_validation=False):
        # Write the files as the real generate() does, for the tests that
        # look at or remove them afterwards.
        conf = os.path.join(self.confdir, 'a.yaml')
        os.makedirs(self.confdir, exist_ok=True)
        if yaml is not None:
            with open(conf, 'w') as f:
                f.write(yaml)
        for name, contents in (confs or {}).items():
            with open(os.path.join(self.confdir, name + '.yaml'), 'w') as f:
                f.write(contents)
        others = sorted(
            os.path.relpath(p, self.workdir.name)
            for d in ('lib', 'etc', 'run')
            for p in glob.glob(os.path.join(self.workdir.name, d, 'netplan', '*.yaml'))
            if p != conf)
        current['n'] += 1
        calls.append({
            'module': current['module'], 'test': current['test'],
            'line': caller_line(current['file']), 'n': current['n'],
            'yaml': yaml, 'expect_fail': bool(expect_fail),
            'extra_args': list(extra_args), 'confs': bool(confs), 'others': others,
        })
        return Anything()

    base.TestBase.generate = generate
    for name in dir(unittest.TestCase):
        if name.startswith('assert') or name == 'fail':
            setattr(base.TestBase, name, noop)
    for name in dir(base.TestBase):
        if name.startswith('assert_') or name == 'validate_generated_yaml':
            setattr(base.TestBase, name, noop)

    broken = []
    for path in sorted(glob.glob(os.path.join(src, 'tests/generator/test_*.py'))):
        module = os.path.basename(path)[:-3]
        mod = load_resilient('generator.' + module, path)
        suite = unittest.defaultTestLoader.loadTestsFromModule(mod)
        for test in iter_tests(suite):
            current.update(module=module, file=path, n=0,
                           test='%s.%s' % (type(test).__name__, test._testMethodName))
            random.seed(current['test'])  # eth_name() picks random names
            try:
                test.setUp()
                try:
                    getattr(test, test._testMethodName)()
                finally:
                    test.tearDown()
                    test.doCleanups()
            except Exception as e:  # a later call of this test may be missed
                broken.append('%s %s: %s: %s' % (module, current['test'], type(e).__name__, e))
    return calls, broken


class Resilient(ast.NodeTransformer):
    """Wraps every statement of every method in `try: ... except
    Exception: pass`, so that a check of what the real generate() would
    have written (a file read, a regex on it) does not stop the test
    before its next generate() call."""

    def visit_ClassDef(self, node):
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                item.body = self.wrap(item.body)
        return node

    def wrap(self, body):
        out = []
        for stmt in body:
            for field in ('body', 'orelse'):
                if isinstance(stmt, (ast.For, ast.While, ast.If, ast.With)) and getattr(stmt, field, None):
                    setattr(stmt, field, self.wrap(getattr(stmt, field)))
            docstring = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            if docstring or isinstance(stmt, (ast.Return, ast.Pass)):
                out.append(stmt)
                continue
            handler = ast.ExceptHandler(type=ast.Name('Exception', ast.Load()), name=None,
                                        body=[ast.Pass()])
            out.append(ast.Try(body=[stmt], handlers=[handler], orelse=[], finalbody=[]))
        return out


def load_resilient(name, path):
    """Imports the test module at path as name, its methods made resilient."""
    import importlib.util
    tree = Resilient().visit(ast.parse(open(path).read(), path))
    ast.fix_missing_locations(tree)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    exec(compile(tree, path, 'exec'), mod.__dict__)
    return mod


def caller_line(file):
    f = sys._getframe(2)
    while f is not None:
        if f.f_code.co_filename == file:
            return f.f_lineno
        f = f.f_back
    return 0


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def sanitize(name):
    return re.sub(r'[^A-Za-z0-9_.-]', '_', name)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tree, out, origin = sys.argv[1:]
    rows = []
    with tempfile.TemporaryDirectory() as src:
        materialize(tree, src)
        os.makedirs(out, exist_ok=True)
        for old in glob.glob(os.path.join(out, '**/*.yaml'), recursive=True):
            os.unlink(old)
        with open(os.path.join(src, 'COPYING'), 'rb') as f, \
                open(os.path.join(out, 'LICENSE'), 'wb') as g:
            g.write(f.read())
        for path in sorted(glob.glob(os.path.join(src, 'examples/*.yaml'))):
            name = 'examples/' + os.path.basename(path)
            write(out, name, open(path).read())
            rows.append((name, 'accept', 'examples/%s: an upstream example' % (
                os.path.basename(path))))
        examples = len(rows)
        with contextlib.redirect_stdout(sys.stderr):
            calls, broken = record_calls(src)

    skipped = {'confs': 0, 'extra_args': 0, 'other files': 0, 'no yaml': 0}
    seen = {}
    duplicates = 0
    per_test = {}
    for c in calls:
        if c['yaml'] is None:
            skipped['no yaml'] += 1
            continue
        if c['confs']:
            skipped['confs'] += 1
            continue
        if c['extra_args']:
            skipped['extra_args'] += 1
            continue
        if c['others']:
            skipped['other files'] += 1
            continue
        verdict = 'reject' if c['expect_fail'] else 'accept'
        key = (c['module'], c['yaml'], verdict)
        if key in seen:
            duplicates += 1
            continue
        base = sanitize(c['test'])
        k = per_test.get((c['module'], base), 0) + 1
        per_test[(c['module'], base)] = k
        name = 'generator/%s/%s%s.yaml' % (c['module'], base, '' if k == 1 else '.%d' % k)
        seen[key] = name
        write(out, name, c['yaml'])
        rows.append((name, verdict, 'tests/generator/%s.py:%d %s, call %d%s' % (
            c['module'], c['line'], c['test'], c['n'],
            ', expect_fail=True' if c['expect_fail'] else '')))

    with open(os.path.join(out, 'expected.tsv'), 'w') as f:
        f.write('# Written by extract.py from netplan, %s; do not edit.\n'
                '# file\tverdict\twhere upstream says so\n' % origin)
        for row in sorted(rows):
            f.write('\t'.join(row) + '\n')
    generated = len(rows) - examples
    print('source %s' % origin)
    print('examples: %d' % examples)
    print('generate() calls recorded: %d' % len(calls))
    print('kept: %d (accept %d, reject %d)' % (
        generated, sum(r[1] == 'accept' for r in rows[examples:]),
        sum(r[1] == 'reject' for r in rows[examples:])))
    print('skipped: %s; duplicates within a module: %d' % (
        ', '.join('%s %d' % kv for kv in skipped.items()), duplicates))
    print('tests that raised after their recorded calls (later calls may be missed): %d' % len(broken))
    for b in broken:
        print('  ' + b)


def write(out, name, text):
    path = os.path.join(out, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, 0o644)


if __name__ == '__main__':
    main()

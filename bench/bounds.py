#!/usr/bin/env python3
"""Inputs that used to cost more than linear time (issue 16, hardening), at
two sizes each, so that the growth shows: time and peak memory of one
`netplate` binary on each.

    python3 bench/bounds.py                         # target/release/netplate
    python3 bench/bounds.py --netplate /tmp/old-netplate --runs 3

Each case is a book (tests/testsuite/books/basic with one chapter replaced,
or a theme template added) checked or built, or a file given to
`netplate lint`. A case is stopped after --timeout seconds (shown as
">N s"). Linear cost means the large size takes about (large / small) times
as long as the small one. Python standard library only."""

import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
BASIC = REPO / "tests/testsuite/books/basic"


def ifcfg(n):
    return "".join(f"FOO{i}=bar\n" for i in range(n))


def resolv(n):
    return "".join(f"foo{i} bar\n" for i in range(n))


def nm(n):
    return "[main]\n" + "".join(f"foo{i}=bar\n" for i in range(n))


def heredocs(n):
    return "".join(f"cat > /tmp/f{i} <<'EOF'\nline {i}\nEOF\n" for i in range(n))


def fenced(lang, text, attrs=""):
    return f"# Setup\n\n```{lang}{attrs}\n{text}```\n"


# name, kind, small, large, make(n) -> (chapter text | None, {file: text}, args)
CASES = [
    ("ifcfg block, lines", "check", 10_000, 40_000,
     lambda n: (fenced("ini", ifcfg(n), ' file="/etc/sysconfig/network-scripts/ifcfg-ens33"'), {})),
    ("resolv block, lines", "check", 10_000, 40_000,
     lambda n: (fenced("text", resolv(n), ' file="/etc/resolv.conf"'), {})),
    ("nm block, lines", "check", 10_000, 40_000,
     lambda n: (fenced("ini", nm(n), ' file="/etc/NetworkManager/NetworkManager.conf"'), {})),
    ("ifcfg lint, lines", "lint ifcfg", 10_000, 40_000, lambda n: (ifcfg(n), {})),
    ("resolv lint, lines", "lint resolv", 10_000, 40_000, lambda n: (resolv(n), {})),
    ("nm lint, lines", "lint nm", 10_000, 40_000, lambda n: (nm(n), {})),
    ("`## Same` headings", "check", 5_000, 20_000,
     lambda n: ("# Setup\n\n" + "## Same\n\ntext\n\n" * n, {})),
    ("here-documents in a bash block", "check", 5_000, 20_000,
     lambda n: (fenced("bash", heredocs(n)), {})),
    ("broken links on one line", "check", 1_000, 4_000,
     lambda n: ("# Setup\n\n" + " ".join(f"[l{i}](missing{i % 7}.md)" for i in range(n)) + "\n", {})),
    ("`a[$@` in a bash block", "check", 20, 26,
     lambda n: (fenced("bash", "a[$@" * n + "\n"), {})),
    ("theme loop, outer × 100000 iterations", "build", 10, 10_000,
     lambda n: (None, {"theme/templates/chapter.html":
                       "{% for i in range(N) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
                       .replace("N", str(n))})),
]


def run_case(netplate, kind, chapter, files, timeout):
    """(seconds, peak RSS in MB, stderr bytes, stderr's last line), or Nones on timeout."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="netplate-bounds-"))
    try:
        if kind.startswith("lint"):
            target = tmp / "input"
            target.write_text(chapter)
            args = [netplate, "lint", "--as", kind.split()[1], str(target)]
        else:
            book = tmp / "book"
            shutil.copytree(BASIC, book)
            if chapter is not None:
                for lang in ("en", "zh"):
                    (book / "content" / lang / "guide/setup.md").write_text(chapter)
            for rel, text in files.items():
                (book / rel).parent.mkdir(parents=True, exist_ok=True)
                (book / rel).write_text(text)
            args = [netplate, kind, str(book)]
        err_path = tmp / "stderr"
        with open(err_path, "wb") as err, open(os.devnull, "wb") as out:
            start = time.monotonic()
            proc = subprocess.Popen(args, stdout=out, stderr=err)
            while True:
                pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - start > timeout:
                    proc.kill()
                    os.wait4(proc.pid, 0)
                    return None, None, None, ""
                time.sleep(0.01)
            elapsed = time.monotonic() - start
        size = err_path.stat().st_size
        with open(err_path, "rb") as f:
            f.seek(max(0, size - 4096))
            lines = f.read().decode(errors="replace").strip().splitlines()
        return elapsed, usage.ru_maxrss / 1024, size, (lines[-1] if lines else "")[:100]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--netplate", default=str(REPO / "target/release/netplate"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", default="", help="run cases whose name contains this")
    args = parser.parse_args()
    print(f"netplate: {args.netplate}")
    print("| case | small | large | time small | time large | growth | peak memory large | stderr large | stderr's last line (large) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, kind, small, large, make in CASES:
        if args.only and args.only not in name:
            continue
        times = []
        for n in (small, large):
            chapter, files = make(n)
            runs = []
            for _ in range(args.runs):
                elapsed, rss, err_bytes, last = run_case(args.netplate, kind, chapter, files, args.timeout)
                runs.append(elapsed)
            times.append(None if None in runs else statistics.median(runs))
        shown = [f"{t:.2f} s" if t is not None else f">{args.timeout:.0f} s" for t in times]
        growth = f"{times[1] / max(times[0], 1e-2):.1f}×" if None not in times else "-"
        mem = f"{rss:.0f} MB" if rss is not None else "-"
        err = f"{err_bytes / 1e6:.1f} MB" if err_bytes is not None else "-"
        print(f"| {name} | {small} | {large} | {shown[0]} | {shown[1]} | {growth} | {mem} | {err} | {last} |", flush=True)


if __name__ == "__main__":
    main()

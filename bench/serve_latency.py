#!/usr/bin/env python3
"""Benchmark of `netplate serve`: edit-to-reload latency and rebuild time
after a one-chapter edit, on a generated book of N chapters per language
(default 1000). Not a test: it prints medians. bench/run.py uses measure().

Usage: bench/serve_latency.py [--chapters N] [--runs R] [--netplate PATH]
Builds the release binary first when PATH is not given."""

import argparse
import json
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def release_binary():
    """Builds netplate in release mode; its path (honours CARGO_TARGET_DIR)."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO,
                          check=True, capture_output=True, text=True).stdout
    return str(pathlib.Path(json.loads(meta)["target_directory"]) / "release" / "netplate")


def measure(netplate, book, chapter, runs, pause=0.3):
    """Starts `netplate serve` in `book`, appends a line to `chapter` `runs`
    times and times each edit until the reload event on
    /__netplate/events. Returns {"latencies_ms": [...], "rebuilds_ms": [...]}
    (rebuilds as serve reports them). The chapter is restored afterwards."""
    book = pathlib.Path(book)
    chapter = pathlib.Path(chapter)
    original = chapter.read_text(encoding="utf-8")
    latencies = []
    with tempfile.TemporaryDirectory() as tmp:
        err_path = pathlib.Path(tmp) / "serve.err"
        with open(err_path, "w") as err:
            proc = subprocess.Popen([netplate, "serve", "--port", "0"], cwd=book, stdout=subprocess.PIPE,
                                    stderr=err, text=True)
            try:
                url = proc.stdout.readline().strip()
                if not url:
                    raise RuntimeError("serve did not start:\n" + err_path.read_text())
                host, port = url[len("http://"):].rstrip("/").rsplit(":", 1)
                sock = socket.create_connection((host, int(port)))
                sock.sendall(f"GET /__netplate/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                sock.settimeout(60)
                time.sleep(0.5)
                for run in range(runs):
                    buffered = b""
                    start = time.perf_counter()
                    chapter.write_text(original + f"\nEdit {run}.\n", encoding="utf-8")
                    while b"event: reload" not in buffered:
                        buffered += sock.recv(65536)
                        if b"build-error" in buffered:
                            raise RuntimeError("the edit broke the build:\n" + err_path.read_text())
                    latencies.append((time.perf_counter() - start) * 1000)
                    time.sleep(pause)
                sock.close()
            finally:
                chapter.write_text(original, encoding="utf-8")
                proc.terminate()
                proc.wait()
        rebuilds = [int(m) for m in re.findall(r"rebuilt 1 page in (\d+) ms", err_path.read_text())]
    return {"latencies_ms": latencies, "rebuilds_ms": rebuilds}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapters", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--netplate")
    args = ap.parse_args()
    netplate = str(pathlib.Path(args.netplate).resolve()) if args.netplate else release_binary()
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "corpus"
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), "--chapters", str(args.chapters), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        book = out / "netplate"
        subprocess.run([sys.executable, str(HERE / "prepare_corpus.py"), str(book)], check=True)
        chapter = book / "content" / "en" / f"ch{max(1, args.chapters // 2):04d}.md"
        try:
            r = measure(netplate, book, chapter, args.runs)
        except RuntimeError as e:
            sys.exit(str(e))
    latencies, rebuilds = r["latencies_ms"], r["rebuilds_ms"]
    print(f"chapters per language: {args.chapters} (zh + en)")
    print(f"edit → reload event, median of {len(latencies)}: {statistics.median(latencies):.1f} ms "
          f"(min {min(latencies):.1f}, max {max(latencies):.1f}; includes the 25 ms debounce)")
    if rebuilds:
        print(f"one-chapter rebuild as reported by serve, median: {statistics.median(rebuilds)} ms")


if __name__ == "__main__":
    main()

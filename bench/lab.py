#!/usr/bin/env python3
"""`netplate test`'s cost: per scenario and for the guide's whole matrix, cold
(package layers built from Debian's mirror into an empty cache) and warm
(layers cached). Needs root, like `netplate test` itself.

    sudo python3 bench/lab.py                 # cold + warm, 3 random readers, 2 at a time
    sudo python3 bench/lab.py --warm-only --jobs 4
    sudo python3 bench/lab.py --readers 1 --os debian

For each run: wall time of the whole command; per scenario its wall time and
its stages as the lab measured them inside the VM (set up, boot, DHCP lease,
steps, checks, reboot, firewall); median and max per OS. Writes
bench/results/lab.json and prints a Markdown table. Python standard library
only."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_lab(binary, args, cache):
    cmd = [binary, "test", ROOT, "--message-format", "json", "--cache", cache] + args
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit(f"netplate test failed to run (exit {p.returncode}):\n{p.stderr}")
    return wall, json.loads(p.stdout), p.returncode


def summarise(label, wall, result):
    runs = result["results"]["runs"]
    rows = []
    by_os = {}
    for r in runs:
        by_os.setdefault(r["os"], []).append(r)
    for os_id, rs in by_os.items():
        secs = [r["seconds"] for r in rs]
        stages = {}
        for r in rs:
            for name, s in r["outcome"]["timings"]:
                stages.setdefault(name, []).append(s)
        rows.append({
            "os": os_id,
            "scenarios": len(rs),
            "median_s": round(statistics.median(secs), 2),
            "max_s": round(max(secs), 2),
            "stages_median_s": {k: round(statistics.median(v), 2) for k, v in stages.items()},
        })
    return {"run": label, "wall_s": round(wall, 1), "scenarios": len(runs),
            "passed": result["passed"], "per_os": rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--readers", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--os", action="append", default=[])
    ap.add_argument("--warm-only", action="store_true")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("the lab needs root: sudo python3 bench/lab.py")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "netplate")
    lab_args = ["--readers", str(args.readers), "--jobs", str(args.jobs), "--seed", str(args.seed)]
    for o in args.os:
        lab_args += ["--os", o]
    results = []
    warm_cache = os.environ.get("NETPLATE_LAB_CACHE", "/var/cache/netplate/lab")
    if not args.warm_only:
        cold = tempfile.mkdtemp(prefix="netplate-lab-bench-")
        try:
            wall, res, _ = run_lab(binary, lab_args, cold)
            results.append(summarise("cold (layers built)", wall, res))
        finally:
            shutil.rmtree(cold, ignore_errors=True)
    wall, res, _ = run_lab(binary, lab_args, warm_cache)
    results.append(summarise("warm", wall, res))
    out = os.path.join(ROOT, "bench", "results", "lab.json")
    with open(out, "w") as f:
        json.dump({"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(),
                   "args": lab_args, "results": results}, f, indent=1)
    print("| run | scenarios | wall s | OS | median s | max s | stages (median s) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        for i, o in enumerate(r["per_os"]):
            stages = ", ".join(f"{k} {v}" for k, v in o["stages_median_s"].items())
            head = (r["run"], str(r["scenarios"]), str(r["wall_s"])) if i == 0 else ("", "", "")
            print(f"| {' | '.join(head)} | {o['os']} | {o['median_s']} | {o['max_s']} | {stages} |")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()

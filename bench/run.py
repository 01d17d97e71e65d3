#!/usr/bin/env python3
"""netplate against mdBook and Hugo on the same generated book (issue 7).

One command from a fresh clone:

    python3 bench/run.py                      # 100 and 1000 chapters per language, 5 runs
    python3 bench/run.py --quick              # CI smoke: 100 chapters, 1 run, no criterion
    python3 bench/run.py --chapters 100,1000 --runs 5 --skip hot,browser

What it does, all in one run so that ratios compare like with like (timings
on the project's machines drift by up to a third between runs minutes apart):

1. builds netplate (`cargo build --release`), installs mdBook 0.5.x
   (`cargo install mdbook --locked`) and Hugo (Debian's `hugo`) when missing,
   or skips a peer with a line saying why;
2. generates the corpus with bench/gen_corpus.py (+ bench/prepare_corpus.py
   for netplate) for every chapter count;
3. full builds into an empty destination, tools interleaved round by round:
   wall time (median of --runs), peak memory (max RSS of each process, from
   wait4), growth between the smallest and the largest count;
4. netplate's phases and write phase (`cargo bench --bench phases`);
5. incremental: a one-chapter edit under `netplate serve` (edit → reload
   event), `mdbook serve` (edit → "HTML book written") and `hugo server`
   (edit → "Total in N ms");
6. page weight of a chapter page (HTML + CSS + JS it references, gzip -6;
   fonts referenced by `@font-face`), search index per language;
7. re-personalising the largest page in headless Chromium (DevTools
   protocol, standard library websocket client);
8. validation throughput: `netplate lint` on every config block of the
   corpus, the build's check phase, and the criterion benches
   (`cargo bench --bench hot`);
9. with `--real-book DIR`, a real mdBook book (a clone of rust-lang/book)
   built by netplate and mdBook from copies, its includes and preprocessors
   run (RUSTUP_TOOLCHAIN=stable when the book pins a toolchain this machine
   lacks): time and the same HTML pages (bench/results/realbook.md is such
   a run, alone: `--skip build,phases,serve,weight,guide,browser,lint,hot,hugo`);
10. prints a Markdown table and writes bench/results/latest.{md,json}.

Python standard library only."""

import argparse
import base64
import datetime
import gzip
import html.parser
import json
import os
import pathlib
import platform
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import serve_latency  # noqa: E402

MDBOOK_VERSION = "0.5.4"
PARTS = ("build", "serve", "weight", "browser", "lint", "phases", "hot", "guide")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def median(xs):
    return statistics.median(xs) if xs else None


# ------------------------------------------------------------------ machine --

def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    osname = platform.platform()
    try:
        for line in open("/etc/os-release", encoding="utf-8"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "os": osname, "kernel": platform.release()}


def loadavg():
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return None


# -------------------------------------------------------------------- tools --

def run(cmd, **kw):
    return subprocess.run(cmd, **kw)


def version(cmd):
    try:
        return run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def netplate_binary(args):
    if args.netplate:
        return str(pathlib.Path(args.netplate).resolve())
    log("cargo build --release")
    return serve_latency.release_binary()


def ensure_mdbook(args):
    cands = [shutil.which("mdbook"), str(pathlib.Path.home() / ".cargo/bin/mdbook")]
    for c in cands:
        if c and os.access(c, os.X_OK) and version([c, "--version"]):
            return c, None
    if args.no_install:
        return None, "mdbook not found (--no-install)"
    if not shutil.which("cargo"):
        return None, "mdbook not found and no cargo to install it"
    for spec in (MDBOOK_VERSION, "^0.5"):
        log(f"cargo install mdbook --version {spec} --locked (a few minutes)")
        # Its own target folder: CARGO_TARGET_DIR may be shared with other builds.
        env = dict(os.environ, CARGO_TARGET_DIR=str(pathlib.Path(tempfile.gettempdir()) / "netplate-bench-mdbook"))
        if run(["cargo", "install", "mdbook", "--version", spec, "--locked"], env=env).returncode == 0:
            c = str(pathlib.Path.home() / ".cargo/bin/mdbook")
            if version([c, "--version"]):
                return c, None
    return None, "mdbook not found and `cargo install mdbook` failed"


def apt_install(package):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    log(f"apt-get install -y {package}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    return run(["apt-get", "install", "-y", "-qq", package], env=env).returncode == 0


def ensure_hugo(args):
    if shutil.which("hugo") and version(["hugo", "version"]):
        return shutil.which("hugo"), None
    if args.no_install:
        return None, "hugo not found (--no-install)"
    if apt_install("hugo") and shutil.which("hugo"):
        return shutil.which("hugo"), None
    return None, "hugo not found and `apt-get install hugo` failed or is not possible (needs root on Debian)"


def ensure_chromium(args):
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name), None
    if args.no_install:
        return None, "chromium not found (--no-install)"
    if apt_install("chromium") and shutil.which("chromium"):
        return shutil.which("chromium"), None
    return None, "chromium not found and `apt-get install chromium` failed or is not possible"


# ------------------------------------------------------------------- corpus --

def make_corpus(workdir, chapters):
    out = workdir / f"corpus-{chapters}"
    log(f"generating the corpus: {chapters} chapters per language")
    run([sys.executable, str(HERE / "gen_corpus.py"), "--chapters", str(chapters), "--out", str(out)],
        check=True, stdout=subprocess.DEVNULL)
    run([sys.executable, str(HERE / "prepare_corpus.py"), str(out / "netplate")], check=True)
    return out


# ------------------------------------------------------------- full builds --

def measured(cmd, cwd, env=None, cpu=None):
    """Runs cmd; (wall seconds, max RSS bytes). Adds its user and system
    CPU seconds to `cpu` (a dict) when given. Raises on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(map(str, cmd))} in {cwd} failed:\n{err.read().decode(errors='replace')[-3000:]}")
    if cpu is not None:
        cpu["user"] = cpu.get("user", 0.0) + usage.ru_utime
        cpu["sys"] = cpu.get("sys", 0.0) + usage.ru_stime
    return wall, usage.ru_maxrss * 1024


def build_once(tool, exe, corpus, cpu=None):
    """One full build of `corpus` by `tool` into an empty destination:
    (seconds, peak RSS bytes of its largest process); CPU time into `cpu`."""
    if tool == "netplate":
        book = corpus / "netplate"
        shutil.rmtree(book / "book", ignore_errors=True)
        return measured([exe, "build"], book, cpu=cpu)
    if tool == "mdbook":  # one book per language, built one after the other
        total, peak = 0.0, 0
        for lang in ("zh", "en"):
            book = corpus / f"mdbook-{lang}"
            shutil.rmtree(book / "book", ignore_errors=True)
            t, m = measured([exe, "build"], book, cpu=cpu)
            total, peak = total + t, max(peak, m)
        return total, peak
    if tool == "hugo":
        site = corpus / "hugo"
        for d in ("public", "resources"):
            shutil.rmtree(site / d, ignore_errors=True)
        return measured([exe, "--quiet"], site, cpu=cpu)
    raise ValueError(tool)


def output_bytes(tool, corpus):
    dirs = {"netplate": ["netplate/book"], "mdbook": ["mdbook-zh/book", "mdbook-en/book"], "hugo": ["hugo/public"]}[tool]
    return sum(f.stat().st_size for d in dirs for f in (corpus / d).rglob("*") if f.is_file())


def full_builds(tools, corpora, runs):
    """{tool: {chapters: {"times": [...], "peaks": [...]}}}, round by round
    with the tools' order rotated, so that drift spreads over all of them."""
    res = {t: {} for t in tools}
    for n, corpus in corpora.items():
        for r in range(runs):
            order = list(tools)[r % len(tools):] + list(tools)[:r % len(tools)]
            for tool in order:
                cpu = {}
                t, m = build_once(tool, tools[tool], corpus, cpu)
                slot = res[tool].setdefault(n, {"times": [], "peaks": [], "user": [], "sys": []})
                slot["times"].append(t)
                slot["peaks"].append(m)
                slot["user"].append(cpu.get("user", 0.0))
                slot["sys"].append(cpu.get("sys", 0.0))
                log(f"build {n:>5} × 2 {tool:<8} run {r + 1}/{runs}: {t:.2f} s, {m / 2**20:.0f} MB, "
                    f"CPU {cpu.get('user', 0):.2f} user + {cpu.get('sys', 0):.2f} sys")
        for tool in tools:
            res[tool][n]["output_bytes"] = output_bytes(tool, corpus)
    return res


def hugo_in_memory(exe, corpus, runs):
    """Hugo with --renderToMemory: its time without writing files."""
    site = corpus / "hugo"
    times = []
    for _ in range(runs):
        shutil.rmtree(site / "resources", ignore_errors=True)
        times.append(measured([exe, "--quiet", "--renderToMemory"], site)[0])
    return times


# ------------------------------------------------------------- cargo bench --

def cargo_bench_phases(book, runs):
    log(f"cargo bench --bench phases -- {book} --runs {runs}")
    p = run(["cargo", "bench", "--quiet", "--bench", "phases", "--", str(book), "--runs", str(runs)],
            cwd=REPO, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("cargo bench --bench phases failed:\n" + p.stderr[-3000:])
    sys.stderr.write(p.stderr[-4000:])
    for line in p.stdout.splitlines():
        if line.startswith("PHASES_JSON "):
            return json.loads(line[len("PHASES_JSON "):])
    raise RuntimeError("no PHASES_JSON line from the phases bench")


def cargo_target_dir():
    meta = run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO,
               check=True, capture_output=True, text=True).stdout
    return pathlib.Path(json.loads(meta)["target_directory"])


def cargo_bench_hot(quick):
    args = ["--warm-up-time", "1", "--measurement-time", "2" if quick else "3", "--noplot"]
    log("cargo bench --bench hot -- " + " ".join(args))
    started = time.time()
    p = run(["cargo", "bench", "--quiet", "--bench", "hot", "--"] + args, cwd=REPO,
            capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("cargo bench --bench hot failed:\n" + p.stderr[-3000:] + p.stdout[-3000:])
    out = []
    for bench_json in sorted((cargo_target_dir() / "criterion").rglob("new/benchmark.json")):
        if bench_json.stat().st_mtime < started:  # a benchmark of an earlier run, since renamed
            continue
        meta = json.loads(bench_json.read_text())
        est = json.loads((bench_json.parent / "estimates.json").read_text())
        ns = est["median"]["point_estimate"]
        tp = meta.get("throughput") or {}
        row = {"id": meta.get("full_id") or meta.get("title"), "median_ns": ns}
        if "Elements" in tp:
            row["per_second"] = tp["Elements"] / (ns / 1e9)
            row["unit"] = "elements/s"
        elif "Bytes" in tp:
            row["per_second"] = tp["Bytes"] / (ns / 1e9)
            row["unit"] = "bytes/s"
        out.append(row)
    return out


# -------------------------------------------------------------- incremental --

class LogWatcher:
    """A server process whose output lines are timestamped as they come."""

    def __init__(self, cmd, cwd):
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, errors="replace")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.cond.notify_all()

    def wait_for(self, pattern, after=0, timeout=180):
        """The first (time, match) of `pattern` in lines[after:]."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, line in self.lines[after:]:
                    m = rx.search(line)
                    if m:
                        return t, m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(l for _, l in self.lines[-20:])
                    raise RuntimeError(f"no line matching {pattern!r}:\n{tail}")
                self.cond.wait(min(left, 0.5))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peer_serve(cmd, cwd, chapter, runs, ready, start_rx, done_rx, report_rx=None, pause=2.0):
    """Edit `chapter` `runs` times under a peer's dev server: edit → `done_rx`
    line (ms), the rebuild from `start_rx` to `done_rx` (ms), and the figure
    the tool reports (report_rx's group 1, ms)."""
    original = chapter.read_text(encoding="utf-8")
    w = LogWatcher(cmd, cwd)
    out = {"latencies_ms": [], "rebuilds_ms": [], "reported_ms": []}
    try:
        w.wait_for(ready)
        time.sleep(1.0)
        for r in range(runs):
            with w.cond:
                mark = len(w.lines)
            t0 = time.perf_counter()
            chapter.write_text(original + f"\nEdit {r}.\n", encoding="utf-8")
            t_done, _ = w.wait_for(done_rx, after=mark, timeout=120)
            t_start, _ = w.wait_for(start_rx, after=mark, timeout=1)
            out["latencies_ms"].append((t_done - t0) * 1000)
            out["rebuilds_ms"].append((t_done - t_start) * 1000)
            if report_rx:
                _, m = w.wait_for(report_rx, after=mark, timeout=5)
                out["reported_ms"].append(float(m.group(1)))
            time.sleep(pause)
    finally:
        chapter.write_text(original, encoding="utf-8")
        w.stop()
    return out


def incremental(tools, corpus, n, runs):
    res = {}
    ch = f"ch{max(1, n // 2):04d}.md"
    if "netplate" in tools:
        log(f"netplate serve: {runs} edits of en/{ch}")
        try:
            res["netplate"] = serve_latency.measure(tools["netplate"], corpus / "netplate",
                                                    corpus / "netplate/content/en" / ch, runs)
        except RuntimeError as e:
            res["netplate"] = {"error": str(e)[:500]}
    if "mdbook" in tools:
        log(f"mdbook serve: {runs} edits of en/{ch}")
        port = free_port()
        try:
            res["mdbook"] = peer_serve([tools["mdbook"], "serve", "-n", "127.0.0.1", "-p", str(port)],
                                       corpus / "mdbook-en", corpus / "mdbook-en/src" / ch, runs,
                                       ready=r"Watching for changes", start_rx=r"Files changed",
                                       done_rx=r"HTML book written")
            res["mdbook"]["note"] = "en book only; mdbook serve rebuilds the whole book"
        except RuntimeError as e:
            res["mdbook"] = {"error": str(e)[:500]}
    if "hugo" in tools:
        log(f"hugo server: {runs} edits of en/{ch}")
        port = free_port()
        try:
            res["hugo"] = peer_serve([tools["hugo"], "server", "--bind", "127.0.0.1", "--port", str(port)],
                                     corpus / "hugo", corpus / "hugo/content/en" / ch, runs,
                                     ready=r"Web Server is available", start_rx=r"Change detected",
                                     done_rx=r"Total in \d+ ms", report_rx=r"Total in (\d+) ms")
            res["hugo"]["note"] = "hugo server, fast render mode, pages in memory"
        except RuntimeError as e:
            res["hugo"] = {"error": str(e)[:500]}
    return res


# -------------------------------------------------------------- page weight --

class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])


def gz(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def local(base, ref):
    """The file `ref` (relative URL) points to from `base`'s folder, if local."""
    u = urllib.parse.urlparse(ref)
    if u.scheme or u.netloc or not u.path:
        return None
    p = (base.parent / urllib.parse.unquote(u.path)).resolve()
    return p if p.is_file() else None


FONT_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def page_weight(page):
    """gzip sizes of a page and the CSS and JS it references; fonts that
    CSS loads with @font-face (raw: woff2 is compressed already)."""
    text = page.read_bytes()
    refs = Refs()
    refs.feed(text.decode("utf-8", errors="replace"))
    out = {"page": str(page), "html": gz(text), "css": 0, "js": 0, "fonts": 0, "files": 1,
           "css_files": [], "js_files": [], "font_files": []}
    seen = set()
    css_queue = [(page, r) for r in refs.css]
    while css_queue:
        base, ref = css_queue.pop(0)
        p = local(base, ref)
        if not p or p in seen:
            continue
        seen.add(p)
        data = p.read_bytes()
        out["css"] += gz(data)
        out["files"] += 1
        out["css_files"].append(p.name)
        css = data.decode("utf-8", errors="replace")
        for m in re.finditer(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css):
            css_queue.append((p, m.group(1)))
        for block in re.findall(r"@font-face\s*{[^}]*}", css):
            for u in FONT_URL.findall(block):
                f = local(p, u)
                if f and f not in seen:
                    seen.add(f)
                    out["fonts"] += f.stat().st_size
                    out["font_files"].append(f.name)
    for ref in refs.js:
        p = local(page, ref)
        if p and p not in seen:
            seen.add(p)
            out["js"] += gz(p.read_bytes())
            out["files"] += 1
            out["js_files"].append(p.name)
    out["total"] = out["html"] + out["css"] + out["js"]
    return out


def weights(tools, corpus):
    res = {}
    pages = {
        "netplate": corpus / "netplate/book/en/ch0001.html",
        "mdbook": corpus / "mdbook-en/book/ch0001.html",
        "hugo": corpus / "hugo/public/en/ch0001/index.html",
    }
    for tool in tools:
        if pages[tool].is_file():
            res[tool] = page_weight(pages[tool])
    return res


def search_indexes(tools, corpus):
    """{lang: {"netplate": {...} or None, "mdbook": {...}}}; raw and gzip bytes."""
    res = {}
    for lang in ("zh", "en"):
        row = {}
        if "netplate" in tools:
            f = corpus / "netplate/book" / lang / "search-index.js"
            row["netplate"] = {"file": f.name, "raw": f.stat().st_size, "gzip": gz(f.read_bytes())} if f.is_file() else None
        if "mdbook" in tools:
            book = corpus / f"mdbook-{lang}/book"
            found = sorted(book.glob("searchindex*.js")) or sorted(book.glob("searchindex*.json"))
            row["mdbook"] = ({"file": found[0].name, "raw": found[0].stat().st_size, "gzip": gz(found[0].read_bytes())}
                             if found else None)
        res[lang] = row
    return res


# ------------------------------------------------------------------ browser --

class DevTools:
    """A minimal client of Chromium's DevTools protocol over a websocket."""

    def __init__(self, ws_url):
        u = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            buf += chunk
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("DevTools refused the websocket: " + head.decode(errors="replace"))
        self.next_id = 0

    def _send(self, data):
        head = bytearray([0x81])
        n = len(data)
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head.append(0x80 | 126)
            head += struct.pack(">H", n)
        else:
            head.append(0x80 | 127)
            head += struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(data))
        self.sock.sendall(bytes(head) + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _message(self):
        parts = []
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i & 3] for i, b in enumerate(data))
            op = b0 & 0x0F
            if op == 8:
                raise RuntimeError("DevTools closed the websocket")
            if op in (9, 10):
                continue
            parts.append(data)
            if b0 & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self._send(json.dumps({"id": mid, "method": method, "params": params}).encode())
        while True:
            msg = self._message()
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"])[:800])
        return r["result"].get("value")


REPERSONALISE_JS = """(() => {
  const np = window.netplate;
  if (!np || !np.resolve || !np.apply) return {error: "the page has no window.netplate.resolve/apply"};
  const spans = document.querySelectorAll(".ph[data-ph]").length;
  const subnets = ["10.20.0.0/16", "172.16.5.0/24", "10.0.0.0/8", "192.168.56.0/24", "10.1.0.0/20"];
  const script = [], layout = [];
  const N = %d;
  const all0 = performance.now();
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const r = np.resolve(subnets[i %% subnets.length], {});
    if (!r.ok) return {error: JSON.stringify(r.error)};
    np.apply(r.values);
    const t1 = performance.now();
    void document.body.offsetHeight;  /* style and layout, synchronously */
    const t2 = performance.now();
    script.push(t1 - t0);
    layout.push(t2 - t0);
  }
  const total = performance.now() - all0;
  const med = (xs) => { xs = xs.slice().sort((a, b) => a - b); const m = xs.length >> 1; return xs.length %% 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2; };
  return {spans, iterations: N, script_median_ms: med(script), with_layout_median_ms: med(layout),
          with_layout_mean_ms: total / N, max_ms: Math.max(...layout), bytes: document.documentElement.outerHTML.length};
})()"""


def repersonalise(chromium, pages, iterations=200):
    """Opens each page from file:// in headless Chromium and times
    netplate.resolve + netplate.apply for a new subnet."""
    res = {}
    # Chromium's helper processes may still write to the profile as it quits.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                 "--no-default-browser-check", f"--user-data-dir={profile}",
                                 "--remote-debugging-port=0", "about:blank"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
        try:
            ws = None
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = proc.stderr.readline()
                if not line:
                    break
                m = re.search(r"DevTools listening on (ws://\S+)", line)
                if m:
                    ws = m.group(1)
                    break
            if not ws:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()
            browser = DevTools(ws)
            for label, page in pages.items():
                target = browser.call("Target.createTarget", url="about:blank")["targetId"]
                u = urllib.parse.urlparse(ws)
                tab = DevTools(f"ws://{u.hostname}:{u.port}/devtools/page/{target}")
                tab.call("Page.navigate", url=page.resolve().as_uri())
                deadline = time.monotonic() + 60
                while tab.evaluate("document.readyState") != "complete" and time.monotonic() < deadline:
                    time.sleep(0.1)
                r = tab.evaluate(REPERSONALISE_JS % iterations)
                r["page"] = str(page)
                res[label] = r
                browser.call("Target.closeTarget", targetId=target)
        finally:
            proc.terminate()
            proc.wait()
    return res


def largest_page(book):
    skip = {"toc.html", "index.html", "404.html"}  # not chapter pages
    pages = [p for p in book.rglob("*.html") if p.parent != book and p.name not in skip]
    return max(pages, key=lambda p: p.stat().st_size) if pages else None


# --------------------------------------------------------------- validation --

FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```", re.S | re.M)


def lint_corpus(netplate, corpus, workdir, runs):
    """Every config and shell block of the corpus as a file named so that
    `netplate lint` knows its format, values filled; one lint call on all."""
    out = workdir / f"lint-{corpus.name}"
    shutil.rmtree(out, ignore_errors=True)
    for d in ("netplan", "interfaces.d", "ifcfg", "shell"):
        (out / d).mkdir(parents=True)
    files = []
    fill = [("192.168.?.", "192.168.10."), ("10.0.?.", "10.0.10."), (".xxx", ".100"), (".yyy", ".101"), (".zzz", ".102")]
    for md in sorted((corpus / "netplate/content").rglob("ch*.md")):
        text = md.read_text(encoding="utf-8")
        for i, m in enumerate(FENCE.finditer(text)):
            lang, body = m.group(1), m.group(2)
            for a, b in fill:
                body = body.replace(a, b)
            stem = f"{md.parent.name}-{md.stem}-{i}"
            first = body.split("\n", 1)[0]
            if lang == "yaml":
                f = out / "netplan" / f"{stem}.yaml"
            elif lang == "text" and "iface " in body:
                f = out / "interfaces.d" / stem
            elif lang == "sh" and "ifcfg-" in first:
                f = out / "ifcfg" / f"ifcfg-{stem}"
            elif lang in ("bash", "sh"):
                f = out / "shell" / f"{stem}.sh"
            else:
                continue
            f.write_text(body, encoding="utf-8")
            files.append(str(f.relative_to(out)))
    times, findings = [], None
    for _ in range(runs):
        start = time.perf_counter()
        p = run([netplate, "lint", "--message-format", "json"] + files, cwd=out, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if p.returncode not in (0, 1):
            raise RuntimeError("netplate lint failed: " + p.stderr[-2000:])
        findings = len(p.stdout.splitlines())
    by_format = {d: sum(1 for f in files if f.startswith(d)) for d in ("netplan", "interfaces.d", "ifcfg", "shell")}
    shutil.rmtree(out, ignore_errors=True)
    t = median(times)
    return {"blocks": len(files), "by_format": by_format, "seconds": t, "blocks_per_s": len(files) / t,
            "findings": findings}


def real_book(netplate, mdbook, book, runs, workdir):
    """An mdBook book as its authors have it (the Rust book: `fetch` or clone
    rust-lang/book), with its includes and its preprocessors, built by
    netplate and by mdBook from copies, a new process each time, the tools
    interleaved run by run; the median of `runs`, and whether both write the
    same HTML pages (mdBook's toc.html aside).

    The Rust book's preprocessors are `cargo run` of its own crate, and its
    `rust-toolchain` file pins a toolchain this machine may not have: then
    both tools run with RUSTUP_TOOLCHAIN=stable (said in the report). One
    untimed build first compiles the preprocessors, so that neither tool's
    timing includes cargo compiling them."""
    out = {}
    tools = [(t, e) for t, e in (("netplate", netplate), ("mdbook", mdbook)) if e]
    env = dict(os.environ)
    pinned = book / "rust-toolchain"
    if pinned.exists() and shutil.which("rustup"):
        want = pinned.read_text().strip().splitlines()[-1].strip().strip('"')
        have = subprocess.run(["rustup", "toolchain", "list"], capture_output=True, text=True).stdout
        if not any(line.startswith(want) for line in have.splitlines()):
            env["RUSTUP_TOOLCHAIN"] = "stable"
            out["toolchain"] = f"RUSTUP_TOOLCHAIN=stable (the book pins {want}, not installed)"
    copies = {}
    for tool, exe in tools:
        copy = workdir / f"realbook-{tool}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(book, copy, ignore=shutil.ignore_patterns("book", ".git", "target"))
        (copy / ".git").mkdir()  # includes may reach the repository, as in its own
        measured([exe, "build"], copy, env=env)  # compiles the preprocessors, untimed
        copies[tool] = copy
        out[tool] = {"times": []}
    for _ in range(runs):
        for tool, exe in tools:
            shutil.rmtree(copies[tool] / "book", ignore_errors=True)
            out[tool]["times"].append(measured([exe, "build"], copies[tool], env=env)[0])
    for tool, _ in tools:
        html = copies[tool] / "book"
        pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
        out[tool]["median"] = median(out[tool]["times"])
        out[tool]["pages"] = [p for p in pages if p != "toc.html"]
    out["preprocessors"] = sorted(
        line.split(".", 1)[1].rstrip("]").strip()
        for line in (book / "book.toml").read_text().splitlines()
        if line.startswith("[preprocessor.")
    )
    if "netplate" in out and "mdbook" in out:
        out["ratio"] = out["netplate"]["median"] / out["mdbook"]["median"]
        out["same_pages"] = out["netplate"]["pages"] == out["mdbook"]["pages"]
    out["book"] = str(book)
    return out


def guide_build(netplate, runs, workdir):
    """The guide itself (the book beside Cargo.toml), a new process each time."""
    dest = workdir / "guide-book"
    times = []
    for _ in range(runs):
        shutil.rmtree(dest, ignore_errors=True)
        times.append(measured([netplate, "build", str(REPO), "--dest-dir", str(dest)], REPO)[0])
    return {"times": times, "first": times[0], "median": median(times), "dest": dest}


# ------------------------------------------------------------------- report --

def fmt_s(s):
    return "–" if s is None else (f"{s:.2f} s" if s < 10 else f"{s:.1f} s")


def fmt_mb(b):
    return "–" if b is None else f"{b / 2**20:.0f} MB"


def fmt_kb(b):
    return "–" if b is None else f"{b / 1024:.1f} KB"


def fmt_x(x):
    return "–" if x is None else (f"{x:.3f}×" if x < 1 else f"{x:.2f}×")


def ratio(a, b):
    return a / b if a is not None and b else None


def report(R):
    m = R["machine"]
    L = []
    add = L.append
    add(f"# netplate benchmark, {R['date']}")
    add("")
    add(f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, {m['os']} (kernel {m['kernel']}). "
        f"Load average before / after: {' '.join(map(str, R['load_before'] or []))} / {' '.join(map(str, R['load_after'] or []))}.")
    add(f"Tools: {'; '.join(f'{k} {v}' for k, v in R['versions'].items())}.")
    for tool, why in R["skipped"].items():
        add(f"Skipped {tool}: {why}.")
    add(f"Command: `{R['command']}`; corpus: `bench/gen_corpus.py` (zh + en), timings are medians of {R['runs']} runs "
        "with the tools interleaved; ratios compare figures of this one run only.")
    add("")
    B = R.get("builds")
    tools = [t for t in ("netplate", "mdbook", "hugo") if B and t in B]
    names = {"netplate": "netplate", "mdbook": "mdBook (zh + en)", "hugo": "Hugo (zh + en)"}
    ns = R["chapters"]
    if B:
        add("## Full build (highlighting and validation on), wall time")
        add("")
        head = "| chapters per language | " + " | ".join(names[t] for t in tools)
        cols = [t for t in ("mdbook", "hugo") if t in tools and "netplate" in tools]
        head += "".join(f" | netplate / {names[t].split()[0]}" for t in cols) + " |"
        add(head)
        add("|" + "---|" * (1 + len(tools) + len(cols)))
        med = {t: {n: median(B[t][n]["times"]) for n in B[t]} for t in tools}
        for n in ns:
            row = f"| {n} | " + " | ".join(fmt_s(med[t].get(n)) for t in tools)
            row += "".join(f" | {fmt_x(ratio(med['netplate'].get(n), med[t].get(n)))}" for t in cols)
            add(row + " |")
        if len(ns) > 1:
            lo, hi = ns[0], ns[-1]
            add(f"| growth {hi}/{lo} | " + " | ".join(fmt_x(ratio(med[t].get(hi), med[t].get(lo))) for t in tools)
                + " |" * (len(cols) + 1))
        hi = ns[-1]
        add(f"| peak memory at {hi} | " + " | ".join(fmt_mb(max(B[t][hi]["peaks"])) for t in tools) + " |" * (len(cols) + 1))
        add(f"| CPU at {hi}, user + system (median) | " + " | ".join(
            f"{median(B[t][hi]['user']):.2f} + {median(B[t][hi]['sys']):.2f} s" for t in tools) + " |" * (len(cols) + 1))
        add(f"| output written at {hi} | " + " | ".join(fmt_mb(B[t][hi].get("output_bytes")) for t in tools)
            + " |" * (len(cols) + 1))
        add("")
        if R.get("hugo_memory"):
            hm = R["hugo_memory"]
            share = 1 - median(hm) / med["hugo"][hi] if med.get("hugo", {}).get(hi) else None
            add(f"Hugo at {hi} with `--renderToMemory` (no files written): {fmt_s(median(hm))}, so writing is "
                + ("–" if share is None else f"{share:.0%}" if share > 0.02 else "≈ 0 (within this run's noise)")
                + " of its build.")
            add("")
    P = R.get("phases")
    if P:
        add(f"## netplate's phases at {P['chapters'] // 2} chapters per language (`cargo bench --bench phases`, median of {P['runs']})")
        add("")
        add("| phase | ms | |")
        add("|---|---|---|")
        for ph in P["phases"]:
            add(f"| {ph['phase']} | {ph['ms']:.1f} | {ph['note']} |")
        add("")
    S = R.get("serve")
    if S:
        add(f"## One chapter edited at {ns[-1]} chapters per language")
        add("")
        add("| tool | edit → reload (median) | rebuild (median) | note |")
        add("|---|---|---|---|")
        for t in ("netplate", "mdbook", "hugo"):
            if t not in S:
                continue
            s = S[t]
            if "error" in s:
                add(f"| {t} | n/a | n/a | {s['error'].splitlines()[0][:120]} |")
                continue
            lat = median(s["latencies_ms"])
            reb = median(s.get("reported_ms") or s.get("rebuilds_ms") or [])
            note = s.get("note", "netplate serve: edit → `event: reload` on /__netplate/events; rebuild as serve logs it")
            add(f"| {t} | {lat:.0f} ms | {'–' if reb is None else f'{reb:.0f} ms'} | {note} |")
        add("")
    W = R.get("weights")
    if W:
        add(f"## A chapter page's first load (en/ch0001, {ns[-1]} chapters; gzip -6)")
        add("")
        add("| tool | HTML | CSS | JS | total | files | web fonts (raw) |")
        add("|---|---|---|---|---|---|---|")
        for t, w in W.items():
            add(f"| {t} | {fmt_kb(w['html'])} | {fmt_kb(w['css'])} | {fmt_kb(w['js'])} | **{fmt_kb(w['total'])}** | "
                f"{w['files']} | {fmt_kb(w['fonts']) if w['fonts'] else 'none'} |")
        add("")
    X = R.get("search")
    if X:
        add(f"## Search index per language ({ns[-1]} chapters)")
        add("")
        add("| language | netplate raw / gzip | mdBook raw / gzip | netplate / mdBook (gzip) |")
        add("|---|---|---|---|")
        for lang, row in X.items():
            npx, mdx = row.get("netplate"), row.get("mdbook")
            a = f"{fmt_kb(npx['raw'])} / {fmt_kb(npx['gzip'])}" if npx else "n/a (no search index yet)"
            b = f"{fmt_kb(mdx['raw'])} / {fmt_kb(mdx['gzip'])}" if mdx else "n/a"
            add(f"| {lang} | {a} | {b} | {fmt_x(ratio(npx['gzip'], mdx['gzip'])) if npx and mdx else '–'} |")
        add("")
    J = R.get("browser")
    if J:
        add("## Re-personalising the largest page in Chromium (new subnet: `resolve` + `apply`)")
        add("")
        add("| page | placeholders | script (median) | + style and layout (median) | mean of the loop | max |")
        add("|---|---|---|---|---|---|")
        for label, j in J.items():
            if "error" in j:
                add(f"| {label} | n/a | {j['error']} | | | |")
                continue
            add(f"| {label} ({j['bytes'] // 1024} KB) | {j['spans']} | {j['script_median_ms']:.2f} ms | "
                f"{j['with_layout_median_ms']:.2f} ms | {j['with_layout_mean_ms']:.2f} ms | {j['max_ms']:.2f} ms |")
        add("")
    V = R.get("lint")
    if V or P or R.get("hot"):
        add("## Validation throughput")
        add("")
        add("| what | blocks | time | blocks per second |")
        add("|---|---|---|---|")
        if V:
            add(f"| `netplate lint` on the corpus's config and shell blocks ({', '.join(f'{k} {v}' for k, v in V['by_format'].items())}) "
                f"| {V['blocks']} | {V['seconds'] * 1000:.0f} ms | {V['blocks_per_s']:,.0f} |")
        if P:
            for label, prefix in (("all cores", "checks, all cores"), ("one core", "1 core: checks")):
                chk = next((p for p in P["phases"] if p["phase"].startswith(prefix)), None)
                if chk:
                    add(f"| the build's check phase, {label}, every block × every sample reader | {P['validated']} | "
                        f"{chk['ms']:.0f} ms | {P['validated'] / (chk['ms'] / 1000):,.0f} |")
        for h in R.get("hot") or []:
            if h["id"].startswith("validate/") and h.get("unit") == "elements/s":
                add(f"| criterion `{h['id']}` (one block, + address checks) | 1 | {h['median_ns'] / 1000:.1f} µs | {h['per_second']:,.0f} |")
        add("")
    H = R.get("hot")
    if H:
        add("## Hot functions (`cargo bench --bench hot`, criterion medians)")
        add("")
        add("| benchmark | median | throughput |")
        add("|---|---|---|")
        for h in H:
            tp = ""
            if h.get("unit") == "bytes/s":
                tp = f"{h['per_second'] / 2**20:.1f} MiB/s"
            elif h.get("unit"):
                tp = f"{h['per_second']:,.0f} /s"
            add(f"| {h['id']} | {h['median_ns'] / 1000:.1f} µs | {tp} |")
        add("")
    G = R.get("guide")
    if G:
        add(f"The guide itself (`netplate build` of this repository's book, new process): first {G['first'] * 1000:.0f} ms, "
            f"median {G['median'] * 1000:.0f} ms of {len(G['times'])}.")
        add("")
    T = R.get("targets")
    if T:
        add("## Issue 7 targets")
        add("")
        add("| target | measured | |")
        add("|---|---|---|")
        for t in T:
            add(f"| {t['target']} | {t['measured']} | {t['status']} |")
        add("")
    return "\n".join(L)


def targets(R):
    out = []

    def add(target, value, ok, shown):
        out.append({"target": target, "measured": shown,
                    "status": "n/a" if value is None else ("met" if ok else "**not met**")})

    B = R.get("builds") or {}
    ns = R["chapters"]
    hi, lo = ns[-1], ns[0]
    med = {t: {n: median(v["times"]) for n, v in B[t].items()} for t in B}
    npm = med.get("netplate", {})
    for peer, limit in (("mdbook", 0.15), ("hugo", 0.3)):
        r = ratio(npm.get(hi), med.get(peer, {}).get(hi))
        add(f"full build at {hi}: ≤ {limit}× {peer}", r, r is not None and r <= limit, fmt_x(r))
    if len(ns) > 1:
        g = ratio(npm.get(hi), npm.get(lo))
        add(f"growth {hi}/{lo} ≤ {hi / lo * 1.1:.0f}×", g, g is not None and g <= hi / lo * 1.1, fmt_x(g))
    peak = max(B["netplate"][hi]["peaks"]) if "netplate" in B and hi in B["netplate"] else None
    add(f"peak memory at {hi} ≤ 150 MB", peak, peak is not None and peak <= 150 * 2**20, fmt_mb(peak))
    s = (R.get("serve") or {}).get("netplate") or {}
    lat = median(s.get("latencies_ms") or [])
    add(f"serve: one-chapter edit → reload ≤ 50 ms at {hi}", lat, lat is not None and lat <= 50,
        "–" if lat is None else f"{lat:.0f} ms")
    w = (R.get("weights") or {}).get("netplate")
    add("chapter page first load ≤ 30 KB gzip, no web fonts", w and w["total"],
        bool(w) and w["total"] <= 30 * 1024 and not w["fonts"],
        "–" if not w else f"{fmt_kb(w['total'])}, fonts: {fmt_kb(w['fonts']) if w['fonts'] else 'none'}")
    for lang, row in (R.get("search") or {}).items():
        npx, mdx = row.get("netplate"), row.get("mdbook")
        r = ratio(npx["gzip"], mdx["gzip"]) if npx and mdx else None
        add(f"search index ({lang}) ≤ ¼ of mdBook's", r, r is not None and r <= 0.25,
            fmt_x(r) if r is not None else ("n/a (no search index yet)" if not npx else "n/a (no mdBook)"))
    J = R.get("browser") or {}
    if J:
        worst = max((j.get("with_layout_median_ms") or 0 for j in J.values() if "error" not in j), default=None)
        add("re-personalise the largest page ≤ 5 ms (incl. style and layout)", worst, worst is not None and worst <= 5,
            "–" if worst is None else f"{worst:.2f} ms")
    else:
        add("re-personalise the largest page ≤ 5 ms", None, False, "not measured")
    V = R.get("lint")
    add("`netplate lint` ≥ 50,000 blocks/s", V and V["blocks_per_s"], bool(V) and V["blocks_per_s"] >= 50000,
        "–" if not V else f"{V['blocks_per_s']:,.0f}/s")
    B = R.get("real_book")
    if B and "ratio" in B:
        pre = ", ".join(B.get("preprocessors") or []) or "none"
        add(f"a real mdBook book ({pathlib.Path(B['book']).name}, includes and preprocessors: {pre}) "
            "≤ 0.5× mdBook's build time, same pages", B["ratio"],
            B["ratio"] <= 0.5 and B["same_pages"],
            f"{B['netplate']['median']:.2f} s vs {B['mdbook']['median']:.2f} s = {fmt_x(B['ratio'])}, "
            f"{len(B['netplate']['pages'])} pages, {'the same' if B['same_pages'] else 'NOT the same'}"
            + (f"; {B['toolchain']}" if B.get("toolchain") else ""))
    P = R.get("phases")
    for label, prefix in (("all cores, as the build runs it", "checks, all cores"), ("one core", "1 core: checks")):
        chk = next((p for p in P["phases"] if p["phase"].startswith(prefix)), None) if P else None
        bps = P["validated"] / (chk["ms"] / 1000) if chk else None
        add(f"build's validation ≥ 50,000 blocks/s ({label})", bps, bps is not None and bps >= 50000,
            "–" if bps is None else f"{bps:,.0f}/s")
    G = R.get("guide")
    add("the guide builds in well under a second, cold", G and G["first"], bool(G) and G["first"] < 0.5,
        "–" if not G else f"{G['first'] * 1000:.0f} ms")
    return out


# --------------------------------------------------------------------- main --

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--chapters", default="100,1000", help="chapters per language, comma separated (default 100,1000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per build, median reported (default 5)")
    ap.add_argument("--quick", action="store_true", help="CI smoke: 100 chapters, 1 run, no criterion bench")
    ap.add_argument("--skip", default="", help=f"comma separated: mdbook, hugo, {', '.join(PARTS)}")
    ap.add_argument("--netplate", help="a netplate binary (default: cargo build --release)")
    ap.add_argument("--no-install", action="store_true", help="never install mdBook, Hugo or Chromium")
    ap.add_argument("--workdir", help="where corpora go (default: a temporary folder, removed)")
    ap.add_argument("--real-book", help="an mdBook book to build with netplate and mdBook too (e.g. a clone of rust-lang/book)")
    ap.add_argument("--out", default=str(HERE / "results"), help="where latest.md and latest.json go")
    args = ap.parse_args()
    if args.quick:
        args.chapters, args.runs = "100", 1
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.quick:
        skip.add("hot")
    ns = sorted({int(x) for x in args.chapters.split(",")})
    R = {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(),
         "command": "python3 bench/run.py " + " ".join(sys.argv[1:]), "chapters": ns, "runs": args.runs,
         "load_before": loadavg(), "versions": {}, "skipped": {}}
    log(f"machine: {R['machine']}; load {R['load_before']}")

    tools = {"netplate": netplate_binary(args)}
    R["versions"]["netplate"] = run(["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True,
                                    text=True).stdout.strip() or "?"
    for name, ensure, vcmd in (("mdbook", ensure_mdbook, ["--version"]), ("hugo", ensure_hugo, ["version"])):
        if name in skip:
            R["skipped"][name] = "--skip"
            continue
        exe, why = ensure(args)
        if exe:
            tools[name] = exe
            R["versions"][name] = version([exe] + vcmd)
        else:
            R["skipped"][name] = why
            log(f"skipping {name}: {why}")

    tmp = None
    if args.workdir:
        workdir = pathlib.Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="netplate-bench-")
        workdir = pathlib.Path(tmp.name)
    try:
        corpora = {n: make_corpus(workdir, n) for n in ns}
        big = corpora[ns[-1]]
        if "build" not in skip:
            builds = full_builds(tools, corpora, args.runs)
            R["builds"] = {t: {n: v for n, v in d.items()} for t, d in builds.items()}
            if "hugo" in tools:
                R["hugo_memory"] = hugo_in_memory(tools["hugo"], big, args.runs)
        else:  # the later parts read the built sites
            for t in tools:
                build_once(t, tools[t], big)
        if "phases" not in skip:
            try:
                R["phases"] = cargo_bench_phases(big / "netplate", min(args.runs, 3))
            except RuntimeError as e:
                log(str(e))
                R["skipped"]["phases"] = str(e).splitlines()[0]
        if "serve" not in skip:
            R["serve"] = incremental(tools, big, ns[-1], 3 if args.quick else max(args.runs, 5))
        if "weight" not in skip:
            R["weights"] = weights(tools, big)
            R["search"] = search_indexes(tools, big)
        if "guide" not in skip:
            g = guide_build(tools["netplate"], max(args.runs, 3), workdir)
            R["guide"] = {k: v for k, v in g.items() if k != "dest"}
        if "browser" not in skip:
            chromium, why = ensure_chromium(args)
            if chromium:
                pages = {f"corpus, {ns[-1]} chapters: " + largest_page(big / "netplate/book").relative_to(big / "netplate/book").as_posix():
                         largest_page(big / "netplate/book")}
                if "guide" not in skip and largest_page(workdir / "guide-book"):
                    gp = largest_page(workdir / "guide-book")
                    pages["the guide: " + gp.relative_to(workdir / "guide-book").as_posix()] = gp
                log("chromium: re-personalising " + ", ".join(pages))
                try:
                    R["browser"] = repersonalise(chromium, pages, 50 if args.quick else 200)
                except (RuntimeError, OSError) as e:
                    R["skipped"]["browser"] = str(e).splitlines()[0]
                R["versions"]["chromium"] = version([chromium, "--version"])
            else:
                R["skipped"]["browser"] = why
        if "lint" not in skip:
            R["lint"] = lint_corpus(tools["netplate"], big, workdir, 3)
        if args.real_book:
            R["real_book"] = real_book(tools["netplate"], tools.get("mdbook"), pathlib.Path(args.real_book).resolve(),
                                       3 if args.quick else max(args.runs, 5), workdir)
        if "hot" not in skip:
            try:
                R["hot"] = cargo_bench_hot(args.quick)
            except RuntimeError as e:
                log(str(e))
                R["skipped"]["hot"] = str(e).splitlines()[0]
    finally:
        if tmp:
            tmp.cleanup()
    R["load_after"] = loadavg()
    R["targets"] = targets(R)
    md = report(R)
    print(md)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(md + "\n", encoding="utf-8")
    (out / "latest.json").write_text(json.dumps(R, indent=1, default=str) + "\n", encoding="utf-8")
    log(f"wrote {out / 'latest.md'} and {out / 'latest.json'}")


if __name__ == "__main__":
    main()

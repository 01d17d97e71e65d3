// A real web server for the built site, the way GitHub Pages serves a project
// site: nginx on 127.0.0.1 (a free port), the book at /guide/, and
// /guide/404.html for any missing URL, with status 404.
//
// Everything nginx writes (config, pid, logs, temp folders) is in a fresh
// temporary folder; nothing under /etc or /var is read or written. nginx runs
// in the foreground as our child (and dies with us where util-linux's setpriv
// can set a parent-death signal).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The sub-path the site is served under, like https://user.github.io/guide/. */
export const BASE = '/guide/';

function which(cmd, fallbacks) {
  for (const dir of (process.env.PATH || '').split(':').concat(fallbacks)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

export function nginxPath() {
  const p = process.env.NGINX || which('nginx', ['/usr/sbin', '/usr/local/sbin', '/sbin']);
  if (!p) {
    throw new Error('nginx not found: install Debian\'s nginx (tests/run.sh does) or set NGINX');
  }
  return p;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function config(dir, port, headers) {
  const t = (name) => path.join(dir, name);
  // Response headers on everything, errors included (`always`). nginx has no
  // escape for `$` (a variable) in its strings: such values are refused.
  const added = headers
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9-]+$/.test(name) || /["$\\]/.test(value)) {
        throw new Error(`cannot pass the header ${name}: ${value} to nginx`);
      }
      return `\n    add_header ${name} "${value}" always;`;
    })
    .join('');
  return `# Written by tests/audit/lib/server.mjs for one test run.
master_process off;
daemon off;
worker_processes 1;
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${t('access.log')};
  client_body_temp_path ${t('tmp/body')};
  proxy_temp_path ${t('tmp/proxy')};
  fastcgi_temp_path ${t('tmp/fastcgi')};
  uwsgi_temp_path ${t('tmp/uwsgi')};
  scgi_temp_path ${t('tmp/scgi')};
  types {
    text/html html htm;
    text/css css;
    application/javascript js mjs;
    application/json json;
    application/xml xml;
    text/plain txt;
    image/svg+xml svg;
    image/png png;
    image/jpeg jpg jpeg;
    image/gif gif;
    image/webp webp;
    image/x-icon ico;
    font/woff2 woff2;
  }
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/css application/javascript application/json application/xml text/plain image/svg+xml;
  sendfile on;
  # Like GitHub Pages: gzip, ten minutes of caching.
  gzip on;
  gzip_min_length 256;
  gzip_types text/css application/javascript application/json application/xml text/plain image/svg+xml;
  server {
    listen 127.0.0.1:${port};
    server_name 127.0.0.1;
    root ${t('www')};
    expires 10m;
    error_page 404 ${BASE}404.html;${added}
    location = ${BASE.replace(/\/$/, '')} { return 301 ${BASE}; }
    location / { try_files $uri $uri.html $uri/ =404; }
  }
}
`;
}

function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`nginx exited (${child.exitCode ?? child.signalCode})`));
        return;
      }
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Serves `bookDir` at http://127.0.0.1:PORT/guide/, adding `headers` (`[name, value]`
 * pairs, e.g. a Content-Security-Policy) to every response. Returns
 * `{ url, origin, dir, child, stop() }` (stop returns a promise); `url` ends with the sub-path's slash.
 */
export async function startServer(bookDir, { headers = [] } = {}) {
  const book = fs.realpathSync(bookDir);
  if (!fs.existsSync(path.join(book, 'index.html'))) {
    throw new Error(`${book} has no index.html: build the guide first`);
  }
  const nginx = nginxPath();
  const setpriv = which('setpriv', ['/usr/bin', '/bin']);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netplate-nginx-'));
    for (const d of ['tmp', 'www']) fs.mkdirSync(path.join(dir, d));
    fs.symlinkSync(book, path.join(dir, 'www', BASE.replace(/\//g, '')));
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, headers));
    const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
    const [cmd, argv] = setpriv
      ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', nginx, ...args]]
      : [nginx, args];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const stop = () => stopServer(child, dir);
    try {
      await waitForPort(port, child, 10000);
    } catch (e) {
      let log = '';
      try { log = fs.readFileSync(path.join(dir, 'error.log'), 'utf8'); } catch { /* none */ }
      await stop();
      lastError = new Error(`${e.message}\n${stderr}${log}`);
      continue;
    }
    const origin = `http://127.0.0.1:${port}`;
    return { origin, url: origin + BASE, dir, child, stop };
  }
  throw lastError;
}

/** Stops nginx (SIGTERM, then SIGKILL after 3 s) and removes its folder. */
function stopServer(child, dir) {
  const done = () => fs.rmSync(dir, { recursive: true, force: true });
  if (child.exitCode !== null || child.signalCode !== null) {
    done();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try { child.kill('SIGKILL'); } catch { /* gone */ }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
      resolve();
    });
    try { child.kill('SIGTERM'); } catch { /* gone */ }
  });
}

/** For `process.on('exit')`: a last, synchronous SIGTERM. */
export function killNow(server) {
  try { server.child.kill('SIGTERM'); } catch { /* gone */ }
  try { fs.rmSync(server.dir, { recursive: true, force: true }); } catch { /* gone */ }
}

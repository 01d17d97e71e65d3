#!/usr/bin/env node
// Full-page screenshots of the built guide for a person to look at: the
// landing page, every chapter of every language and the 404 page (as served
// for a missing URL), at desktop 1280×800 and phone 390×844, light and dark,
// served by nginx under /guide/ as on GitHub Pages.
//
//   node tests/audit/screenshots.mjs [OUT_DIR] [--book DIR] [--scale N]
//
// OUT_DIR defaults to target/screenshots/; files are named
// PAGE--THEME--VIEWPORT.png, e.g. zh-gateway-firewall--dark--phone.png.
// --scale is the device pixel ratio (default 1).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, VIEWPORTS } from './lib/browser.mjs';
import { htmlPages, MISSING } from './lib/pages.mjs';
import { killNow, startServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

let out = path.join(repo, 'target', 'screenshots');
let book = path.join(repo, 'book');
let scale = 1;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--book') book = path.resolve(args[++i]);
  else if (args[i] === '--scale') scale = Number(args[++i]);
  else if (args[i] === '-h' || args[i] === '--help') {
    console.log('usage: node tests/audit/screenshots.mjs [OUT_DIR] [--book DIR] [--scale N]');
    process.exit(0);
  } else if (args[i].startsWith('-')) {
    console.error(`screenshots: unknown option ${args[i]}`);
    process.exit(2);
  } else out = path.resolve(args[i]);
}
if (!(scale > 0)) {
  console.error('screenshots: --scale must be a positive number');
  process.exit(2);
}

const started = Date.now();
fs.mkdirSync(out, { recursive: true });
const server = await startServer(book);
process.on('exit', () => killNow(server));
const browser = await launch();
const written = [];
try {
  // Redirect stubs (zh/index.html → zh/basics.html) show nothing of their own.
  const pages = htmlPages(book).filter(
    (p) => !/<meta\s+http-equiv=["']?refresh/i.test(fs.readFileSync(path.join(book, p), 'utf8')),
  );
  const targets = [
    ...pages.map((p) => ({ name: p.replace(/\.html$/, '').replace(/\//g, '-'), path: p })),
    { name: '404', path: MISSING[0] },
  ];
  const jobs = [];
  for (const t of targets) {
    for (const theme of ['light', 'dark']) {
      for (const [viewport, size] of Object.entries(VIEWPORTS)) jobs.push({ ...t, theme, viewport, size });
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const page = await browser.newPage();
      try {
        await page.setViewport({ ...job.size, deviceScaleFactor: scale });
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: job.theme }]);
        await page.goto(server.url + job.path, { waitUntil: 'load', timeout: 30000 });
        await page.evaluate(() => document.fonts.ready.then(() => true));
        const file = path.join(out, `${job.name}--${job.theme}--${job.viewport}.png`);
        await page.screenshot({ path: file, fullPage: true, captureBeyondViewport: true });
        written.push(file);
      } finally {
        await page.close().catch(() => {});
      }
    }
  };
  await Promise.all([worker(), worker()]);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
console.log(`${written.length} screenshots in ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

#!/usr/bin/env node
// Accessibility and quality audits of the built guide, served by nginx under
// a sub-path like GitHub Pages, in Debian's Chromium:
//
// - axe-core (WCAG 2.2 AA and best practices) on every page of both languages,
//   the 404 page as served for missing URLs, and the open search dialog with
//   results (one selected), in every theme (light, dark from the system, dark and light as
//   the reader's stored choice) at desktop 1280×800 and phone 390×844;
// - Lighthouse (accessibility, best practices, SEO, performance) on every page
//   with the mobile and the desktop preset;
// - console errors and failed requests of every page over http.
//
//   node tests/audit/audit.mjs [--book DIR] [--url URL] [--report FILE] [--only axe,lighthouse]
//
// Writes a JSON report (default target/audit/report.json), prints a summary,
// and exits 1 when a target is missed (2 when the audit itself could not run).
// See tests/audit/README.md.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import lighthouse, { desktopConfig } from 'lighthouse';

import { launch, prepare, THEMES, VIEWPORTS } from './lib/browser.mjs';
import { chapterPages, htmlPages, MISSING } from './lib/pages.mjs';
import { killNow, startServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

export const TARGETS = {
  axeViolations: 0,
  lighthouse: { accessibility: 100, 'best-practices': 100, seo: 100, performance: 98 },
  consoleErrors: 0,
  failedRequests: 0,
};
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const CATEGORIES = ['accessibility', 'best-practices', 'seo', 'performance'];
// Queries that list several results (the first one then selected with ↓).
const SEARCH_QUERY = { zh: '防火墙', en: 'firewall' };
/**
 * Lighthouse's settings besides its presets: no full-page screenshot (only
 * the HTML report shows it), and shorter quiet windows than the defaults
 * (1 s each) to end a run sooner: the site loads nothing after its load
 * event (the search index waits for a search), and the performance metrics
 * are simulated from what was recorded, so this halves a run's time without
 * changing what is measured. No audit is skipped.
 */
const LIGHTHOUSE_FLAGS = {
  logLevel: 'error',
  output: 'json',
  onlyCategories: CATEGORIES,
  disableFullPageScreenshot: true,
  pauseAfterFcpMs: 500,
  pauseAfterLoadMs: 500,
  networkQuietThresholdMs: 500,
  cpuQuietThresholdMs: 500,
};

function parseArgs(argv) {
  const opts = {
    book: path.join(repo, 'book'),
    url: null,
    report: path.join(repo, 'target', 'audit', 'report.json'),
    only: ['axe', 'lighthouse'],
    jobs: Number(process.env.AUDIT_JOBS || 2),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--book') opts.book = path.resolve(value());
    else if (a === '--url') opts.url = value().replace(/\/?$/, '/');
    else if (a === '--report') opts.report = path.resolve(value());
    else if (a === '--only') opts.only = value().split(',');
    else if (a === '--jobs') opts.jobs = Number(value());
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  for (const o of opts.only) if (!['axe', 'lighthouse'].includes(o)) usage(`--only: unknown ${o}`);
  if (!(opts.jobs >= 1)) usage('--jobs must be at least 1');
  return opts;
}

function usage(error) {
  const text = 'usage: node tests/audit/audit.mjs [--book DIR] [--url URL] [--report FILE] [--only axe,lighthouse] [--jobs N]';
  if (error) {
    console.error(`audit: ${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

/** Runs `tasks` (functions returning promises) `jobs` at a time, in order. */
async function pool(tasks, jobs) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

/** Whether a page is a redirect stub (`<meta http-equiv="refresh">`), and where to. */
function redirectOf(bookDir, rel) {
  const html = fs.readFileSync(path.join(bookDir, rel), 'utf8');
  const m = html.match(/<meta\s+http-equiv=["']?refresh["']?\s+content=["']?\s*\d+\s*;\s*url=([^"'>]+)/i);
  return m ? m[1].trim() : null;
}

/** Console errors, failed requests and the document's status while `page` is open. */
function record(page, docUrl, expectedStatus) {
  const log = { status: null, console: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url || '';
    // The document's own 404, when a missing URL is what is being tested.
    if (expectedStatus === 404 && at === docUrl && /status of 404/.test(m.text())) return;
    log.console.push(at ? `${m.text()} (${at})` : m.text());
  });
  page.on('pageerror', (e) => log.console.push(`uncaught: ${String(e.message).replace(/\s+/g, ' ')}`));
  const httpErrors = new Set();
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText || 'failed';
    // Chromium aborts a stylesheet or script that came back 404: said already.
    if (error === 'net::ERR_ABORTED' && httpErrors.has(r.url())) return;
    log.requests.push(`${r.url()}: ${error}`);
  });
  page.on('response', (r) => {
    if (r.url() === docUrl && r.request().isNavigationRequest()) {
      log.status = r.status();
      return;
    }
    if (r.status() >= 400) {
      httpErrors.add(r.url());
      log.requests.push(`${r.url()}: ${r.status()}`);
    }
  });
  return log;
}

async function settle(page) {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r()))));
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function runAxe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      }),
    AXE_TAGS,
  );
}

function summariseAxe(results) {
  const nodes = (n) => ({
    target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
    html: n.html.length > 160 ? `${n.html.slice(0, 157)}...` : n.html,
    summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim(),
  });
  return {
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      tags: v.tags,
      nodes: v.nodes.map(nodes),
    })),
    incomplete: results.incomplete.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(nodes) })),
  };
}

/** One axe run: a page (or its open search dialog) in one theme and viewport. */
async function axeTask(browser, base, job) {
  const page = await browser.newPage();
  const url = base + job.path;
  const log = record(page, url, job.expectedStatus);
  const out = { page: job.page, path: job.path, url, theme: job.theme, viewport: job.viewport, state: job.state };
  const started = Date.now();
  try {
    await prepare(page, job.theme, job.viewport);
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    await settle(page);
    if (job.state === 'search') {
      out.search = await openSearch(page, job.query);
      await settle(page);
      out.search.results = await page.evaluate(() => document.querySelectorAll('#search-results li').length);
    }
    Object.assign(out, summariseAxe(await runAxe(page)));
  } catch (e) {
    out.error = String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e);
  } finally {
    out.status = log.status;
    out.console = log.console;
    out.requests = log.requests;
    await page.close().catch(() => {});
    out.ms = Date.now() - started;
  }
  return out;
}

/** Presses `/`, types `query`, waits for results; reports what did not work. */
async function openSearch(page, query) {
  const problems = [];
  await page.keyboard.press('/');
  try {
    await page.waitForSelector('#search:not([hidden])', { timeout: 5000 });
  } catch {
    problems.push('pressing / did not open the search dialog');
    return { query, results: 0, problems };
  }
  const focused = await page
    .waitForFunction(() => document.activeElement && document.activeElement.matches('#search input'), { timeout: 3000 })
    .then(() => true, () => false);
  if (!focused) {
    problems.push('the search input did not get focus when the dialog opened');
    await page.focus('#search input');
  }
  await page.keyboard.type(query);
  const results = await page
    .waitForFunction(() => document.querySelectorAll('#search-results li').length, { timeout: 10000 })
    .then((h) => h.jsonValue(), () => 0);
  if (!results) problems.push(`typing ${JSON.stringify(query)} listed no results`);
  else {
    await page.keyboard.press('ArrowDown');
    const selected = await page
      .waitForFunction(() => document.querySelector('#search-results [aria-selected="true"]'), { timeout: 3000 })
      .then(() => true, () => false);
    if (!selected) problems.push('↓ selected no result');
  }
  return { query, results, problems };
}

/** A redirect stub: it must land on a page that exists, without errors. */
async function redirectTask(browser, base, job) {
  const page = await browser.newPage();
  const url = base + job.path;
  const log = record(page, url, 200);
  const expected = new URL(job.to, url).href;
  const out = { page: job.page, url, to: expected };
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    await page.waitForFunction((to) => location.href.split('#')[0] === to, { timeout: 10000 }, expected).catch(() => {});
    await page.waitForNetworkIdle({ idleTime: 200, timeout: 10000 }).catch(() => {});
    out.landed = page.url();
    if (out.landed.split('#')[0] !== expected) out.error = `did not land on ${expected}`;
  } catch (e) {
    out.error = String(e.message || e);
  } finally {
    out.status = log.status;
    out.console = log.console;
    out.requests = log.requests;
    await page.close().catch(() => {});
  }
  return out;
}

/** Lighthouse on one page with one preset (mobile: the default config). */
async function lighthouseTask(browser, base, job) {
  const page = await browser.newPage();
  const url = base + job.path;
  const out = { page: job.page, url, formFactor: job.formFactor };
  const started = Date.now();
  // Lighthouse's trace engine prints some errors itself (e.g. a LanternError
  // about insights of a newer Chromium's trace); keep them in the report.
  const printed = [];
  const consoleError = console.error;
  console.error = (...args) => printed.push(args.map((a) => String(a && a.stack ? a.stack.split('\n')[0] : a)).join(' '));
  try {
    const result = await lighthouse(url, { ...LIGHTHOUSE_FLAGS }, job.formFactor === 'desktop' ? desktopConfig : undefined, page);
    const lhr = result.lhr;
    if (lhr.runtimeError) out.error = `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
    out.warnings = [...lhr.runWarnings, ...new Set(printed)];
    out.scores = {};
    out.failing = [];
    out.hints = [];
    for (const id of CATEGORIES) {
      const cat = lhr.categories[id];
      out.scores[id] = cat.score === null ? null : Math.round(cat.score * 100);
      for (const ref of cat.auditRefs) {
        const a = lhr.audits[ref.id];
        if (a.score === null || a.score >= 1) continue;
        if (['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode)) continue;
        const item = {
          category: id,
          id: ref.id,
          score: a.score,
          weight: ref.weight,
          title: a.title,
          displayValue: a.displayValue,
          items: (a.details?.items || []).slice(0, 10).map((it) => describeItem(it)),
        };
        (ref.weight > 0 ? out.failing : out.hints).push(item);
      }
    }
    out.metrics = Object.fromEntries(
      ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map(
        (id) => [id, lhr.audits[id]?.displayValue],
      ),
    );
  } catch (e) {
    out.error = String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e);
  } finally {
    console.error = consoleError;
    await page.close().catch(() => {});
    out.ms = Date.now() - started;
  }
  return out;
}

function describeItem(it) {
  const node = it.node || (it.source && it.source.type === 'node' ? it.source : null);
  let what;
  if (node) what = node.snippet || node.selector;
  else if (it.url) what = typeof it.source === 'string' ? `${it.url} (${it.source})` : it.url;
  else if (typeof it.source === 'string') what = it.description ? `${it.source}: ${it.description}` : it.source;
  else if (it.source?.url) what = it.source.url;
  else if (it.description) what = it.description;
  else what = JSON.stringify(it).slice(0, 200);
  const reasons = (it.subItems?.items || []).map((s) => s.reason).filter(Boolean);
  return reasons.length ? `${what}: ${reasons.join('; ')}` : what;
}

/** Every failed target, as lines. */
function failures(report) {
  const out = [];
  for (const r of report.axe) {
    const where = `${r.path} [${r.theme}, ${r.viewport}${r.state === 'search' ? ', search open' : ''}]`;
    if (r.error) out.push(`axe could not run on ${where}: ${r.error}`);
    for (const v of r.violations || []) out.push(`axe ${v.id} (${v.impact}) on ${where}: ${v.nodes.length} node(s)`);
    for (const p of r.search?.problems || []) out.push(`search on ${where}: ${p}`);
    if (r.expectedStatus && r.status !== r.expectedStatus) {
      out.push(`${where}: status ${r.status}, expected ${r.expectedStatus}`);
    }
  }
  for (const r of report.redirects) if (r.error) out.push(`redirect ${r.page}: ${r.error}`);
  for (const r of report.lighthouse) {
    if (r.error) out.push(`lighthouse ${r.page} (${r.formFactor}): ${r.error}`);
    for (const [cat, target] of Object.entries(TARGETS.lighthouse)) {
      const s = r.scores?.[cat];
      if (s === undefined) continue;
      if (s === null || s < target) out.push(`lighthouse ${cat} ${s} < ${target} on ${r.page} (${r.formFactor})`);
    }
  }
  for (const c of report.console) {
    for (const e of c.console) out.push(`console error on ${c.page}: ${e}`);
    for (const e of c.requests) out.push(`failed request on ${c.page}: ${e}`);
  }
  return out;
}

/** Console errors and failed requests per page, over all its visits. */
function consoleByPage(visits) {
  const byPage = new Map();
  for (const v of visits) {
    const key = v.path ?? v.page;
    const entry = byPage.get(key) || { page: key, console: new Set(), requests: new Set() };
    for (const e of v.console || []) entry.console.add(e);
    for (const e of v.requests || []) entry.requests.add(e);
    byPage.set(key, entry);
  }
  return [...byPage.values()]
    .map((e) => ({ page: e.page, console: [...e.console].sort(), requests: [...e.requests].sort() }))
    .filter((e) => e.console.length || e.requests.length);
}

function summary(report) {
  const lines = [];
  const say = (s = '') => lines.push(s);
  say(`netplate audit of ${report.url} (${report.pages.length} pages, ${report.redirects.length} redirect stubs, 404 at ${MISSING.join(', ')})`);
  say(`Chromium ${report.versions.chromium}, axe-core ${report.versions.axe}, Lighthouse ${report.versions.lighthouse}; ${report.seconds.total} s (axe ${report.seconds.axe} s, Lighthouse ${report.seconds.lighthouse} s)`);
  if (report.only.includes('axe')) {
    say();
    const rules = new Map();
    for (const r of report.axe) {
      for (const v of r.violations || []) {
        const rule = rules.get(v.id) || { impact: v.impact, help: v.help, pages: new Map(), targets: new Set(), runs: 0 };
        rule.runs++;
        const ctx = `${r.theme}/${r.viewport}${r.state === 'search' ? '/search' : ''}`;
        const page = rule.pages.get(r.path) || new Set();
        page.add(ctx);
        rule.pages.set(r.path, page);
        for (const n of v.nodes) rule.targets.add(n.target);
        rules.set(v.id, rule);
      }
    }
    say(`axe-core (${AXE_TAGS.join(', ')}): ${report.axe.length} runs, ${rules.size} rule(s) violated`);
    for (const [id, rule] of [...rules].sort((a, b) => a[0].localeCompare(b[0]))) {
      say(`  ${id} (${rule.impact}): ${rule.help} — ${rule.runs} run(s)`);
      for (const [p, ctxs] of [...rule.pages].sort()) {
        const all = ctxs.size === Object.keys(THEMES).length * Object.keys(VIEWPORTS).length;
        say(`    ${p}: ${all ? 'every theme and viewport' : [...ctxs].sort().join(', ')}`);
      }
      const targets = [...rule.targets];
      say(`    nodes: ${targets.slice(0, 12).join(' | ')}${targets.length > 12 ? ` | … ${targets.length - 12} more` : ''}`);
    }
    const incomplete = new Map();
    for (const r of report.axe) for (const v of r.incomplete || []) incomplete.set(v.id, (incomplete.get(v.id) || 0) + v.nodes.length);
    if (incomplete.size) {
      say(`  needs review (axe "incomplete", not counted): ${[...incomplete].map(([id, n]) => `${id} ×${n}`).join(', ')}`);
    }
    const searches = report.axe.filter((r) => r.state === 'search');
    if (searches.length) {
      say(`  search dialog: ${searches.map((r) => `${r.path} ${r.theme}/${r.viewport}: ${r.search ? r.search.results : '?'} results`).slice(0, 2).join('; ')}${searches.length > 2 ? '; …' : ''}`);
    }
  }
  if (report.only.includes('lighthouse')) {
    say();
    const t = TARGETS.lighthouse;
    say(`Lighthouse (targets: accessibility ${t.accessibility}, best practices ${t['best-practices']}, SEO ${t.seo}, performance ≥ ${t.performance})`);
    say(`  ${'page'.padEnd(28)} ${'preset'.padEnd(8)} a11y  bp  seo perf  failing audits`);
    for (const r of report.lighthouse) {
      const s = r.scores || {};
      const cell = (c) => String(s[c] ?? '-').padStart(4);
      const failing = (r.failing || []).map((f) => `${f.id}${f.displayValue ? ` (${f.displayValue})` : ''}`).join(', ');
      say(`  ${r.page.padEnd(28)} ${r.formFactor.padEnd(8)}${cell('accessibility')}${cell('best-practices')}${cell('seo')}${cell('performance')}  ${r.error ? `ERROR ${r.error}` : failing}`);
    }
  }
  say();
  if (report.console.length) {
    say('Console errors and failed requests over http:');
    for (const c of report.console) {
      for (const e of c.console) say(`  ${c.page}: console: ${e}`);
      for (const e of c.requests) say(`  ${c.page}: request: ${e}`);
    }
  } else {
    say('Console errors and failed requests over http: none');
  }
  for (const r of report.redirects) say(`Redirect ${r.page} → ${r.landed || '?'}${r.error ? `: ${r.error}` : ''}`);
  say();
  if (report.failures.length) {
    say(`FAILED: ${report.failures.length} target(s) missed (report: ${report.reportPath})`);
  } else {
    say(`OK: every target met (report: ${report.reportPath})`);
  }
  return lines.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  // A hung browser must not hang the test suite.
  const limit = Number(process.env.AUDIT_TIMEOUT_S || 900);
  setTimeout(() => {
    console.error(`audit: still running after ${limit} s (AUDIT_TIMEOUT_S); giving up`);
    process.exit(2);
  }, limit * 1000).unref();
  if (!fs.existsSync(path.join(opts.book, 'index.html'))) {
    console.error(`audit: ${opts.book} has no index.html; build the guide first (cargo run --release -- build)`);
    process.exit(2);
  }
  let server = null;
  let base = opts.url;
  if (!base) {
    server = await startServer(opts.book);
    process.on('exit', () => killNow(server));
    base = server.url;
  }
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (server) killNow(server);
      process.exit(130);
    });
  }
  const browser = await launch();
  const report = {
    url: base,
    book: opts.book,
    reportPath: opts.report,
    only: opts.only,
    targets: TARGETS,
    axeTags: AXE_TAGS,
    themes: THEMES,
    viewports: VIEWPORTS,
    versions: {
      chromium: (await browser.version()).replace(/^[^/]*\//, ''),
      axe: require('axe-core/package.json').version,
      lighthouse: JSON.parse(fs.readFileSync(require.resolve('lighthouse/package.json'), 'utf8')).version,
      puppeteer: JSON.parse(fs.readFileSync(path.join(here, 'node_modules', 'puppeteer-core', 'package.json'), 'utf8')).version,
    },
    pages: [],
    redirects: [],
    axe: [],
    lighthouse: [],
    console: [],
    failures: [],
    seconds: {},
  };
  try {
    const all = htmlPages(opts.book);
    const stubs = all.filter((p) => redirectOf(opts.book, p));
    const pages = all.filter((p) => !stubs.includes(p));
    report.pages = pages;

    const tAxe = Date.now();
    const visits = [];
    report.redirects = await pool(
      stubs.map((p) => () => redirectTask(browser, base, { page: p, path: p, to: redirectOf(opts.book, p) })),
      opts.jobs,
    );
    visits.push(...report.redirects.map((r) => ({ ...r, path: r.page })));
    if (opts.only.includes('axe')) {
      const jobs = [];
      const targets = [
        ...pages.map((p) => ({ page: p, path: p, expectedStatus: 200 })),
        ...MISSING.map((m) => ({ page: `404.html as /${m}`, path: m, expectedStatus: 404 })),
      ];
      for (const t of targets) {
        for (const theme of Object.keys(THEMES)) {
          for (const viewport of Object.keys(VIEWPORTS)) jobs.push({ ...t, theme, viewport, state: 'page' });
        }
      }
      for (const lang of ['zh', 'en']) {
        const chapter = chapterPages(pages, lang)[0];
        if (!chapter) continue;
        for (const theme of Object.keys(THEMES)) {
          for (const viewport of Object.keys(VIEWPORTS)) {
            jobs.push({ page: chapter, path: chapter, expectedStatus: 200, theme, viewport, state: 'search', query: SEARCH_QUERY[lang] });
          }
        }
      }
      const results = await pool(jobs.map((j) => () => axeTask(browser, base, j).then((r) => ({ ...r, expectedStatus: j.expectedStatus }))), opts.jobs);
      report.axe = results;
      visits.push(...results);
    }
    report.seconds.axe = Math.round((Date.now() - tAxe) / 100) / 10;

    const tLh = Date.now();
    if (opts.only.includes('lighthouse')) {
      // One at a time: performance is measured, so nothing else runs meanwhile.
      const jobs = [];
      for (const p of [...pages, '404.html']) for (const formFactor of ['mobile', 'desktop']) jobs.push({ page: p, path: p, formFactor });
      for (const j of jobs) report.lighthouse.push(await lighthouseTask(browser, base, j));
    }
    report.seconds.lighthouse = Math.round((Date.now() - tLh) / 100) / 10;
    report.console = consoleByPage(visits);
  } finally {
    await browser.close().catch(() => {});
    if (server) await server.stop();
  }
  report.failures = failures(report);
  report.seconds.total = Math.round((Date.now() - t0) / 100) / 10;
  fs.mkdirSync(path.dirname(opts.report), { recursive: true });
  fs.writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
  console.log(summary(report));
  process.exit(report.failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`audit: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});

// Debian's Chromium through puppeteer-core (no browser is downloaded), with
// the flags this kind of machine needs: root, no network but loopback.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import puppeteer from 'puppeteer-core';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
};

/**
 * The themes a page is seen in: the system's preference (emulated), and the
 * reader's stored choice (localStorage `netplate-theme`, which wins over it).
 */
export const THEMES = {
  light: { scheme: 'light', stored: null },
  'dark-system': { scheme: 'dark', stored: null },
  'dark-stored': { scheme: 'light', stored: 'dark' },
  'light-stored': { scheme: 'dark', stored: 'light' },
};

export function chromiumPath() {
  const p = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(p)) {
    throw new Error(`${p} not found: install Debian's chromium (tests/run.sh does) or set CHROMIUM`);
  }
  return p;
}

/** Launches Chromium with a fresh profile; `close()` also removes the profile. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netplate-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true, // puppeteer adds --headless=new
    userDataDir,
    defaultViewport: null,
    protocolTimeout: 120000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--disable-dev-shm-usage',
      // A language the guide does not have, so that the landing page stays
      // (for a zh or en reader its script goes on to that language's first
      // chapter, which is audited as itself).
      '--lang=fr-FR',
      '--accept-lang=fr-FR,fr',
    ],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    try {
      await close();
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return browser;
}

/**
 * Sets up `page` for one theme and viewport: the emulated colour scheme, and
 * the stored choice written into localStorage before any of the page's
 * scripts run (so the page's own early script applies it, as for a reader
 * who chose it on an earlier visit).
 */
export async function prepare(page, themeName, viewportName) {
  const theme = THEMES[themeName];
  await page.setViewport(VIEWPORTS[viewportName]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme.scheme }]);
  await page.evaluateOnNewDocument((stored) => {
    try {
      if (stored) localStorage.setItem('netplate-theme', stored);
      else localStorage.removeItem('netplate-theme');
    } catch {
      /* opaque origin */
    }
  }, theme.stored);
}

// The pages of a built book, as URL paths under the site's sub-path.

import fs from 'node:fs';
import path from 'node:path';

/** URLs at which the 404 page is served: missing pages at several depths. */
export const MISSING = ['zh/no-such-page.html', 'deep/er/missing'];

/**
 * Every HTML page of the book (landing page, every chapter of every
 * language, any other page the build wrote), relative to the book folder,
 * sorted; 404.html is not among them (see MISSING).
 */
export function htmlPages(bookDir) {
  const out = [];
  const walk = (dir, rel) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), r);
      else if (entry.name.endsWith('.html') && r !== '404.html') out.push(r);
    }
  };
  walk(bookDir, '');
  return out.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/** The chapter pages of a language (`zh/…`), for the search dialog. */
export function chapterPages(pages, lang) {
  return pages.filter((p) => p.startsWith(`${lang}/`) && !p.endsWith('/index.html') && p !== `${lang}/index.html`);
}

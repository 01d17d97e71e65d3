#!/usr/bin/env node
// Serves a built book with nginx the way GitHub Pages serves a project site:
//   node tests/audit/serve.mjs [BOOK_DIR] [--header 'Name: value']...   (default: book/)
// prints the site's URL (http://127.0.0.1:PORT/guide/) on its first line and
// serves until Ctrl-C, SIGTERM, or its standard input closes (so a test that
// starts it through a pipe stops it by dropping the pipe, even if it dies).
// Needs no npm package.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { killNow, startServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const headers = [];
let bookArg;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--header') {
    const header = args[++i] || '';
    const colon = header.indexOf(':');
    if (colon < 1) {
      console.error(`--header wants 'Name: value', got ${JSON.stringify(header)}`);
      process.exit(2);
    }
    headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
  } else {
    bookArg = args[i];
  }
}
const book = path.resolve(bookArg || path.join(here, '..', '..', 'book'));

const server = await startServer(book, { headers });
process.on('exit', () => killNow(server));
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`nginx exited unexpectedly (${code ?? signal})`);
    process.exit(1);
  }
});
console.log(server.url);
if (!process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

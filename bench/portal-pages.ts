/**
 * `npm run bench:pages`: how heavy and how quick the portal's pages are in headless Chromium, on the demo, printed as
 * figures (no pass or fail). For each page, over several loads with a fresh cache: bytes transferred (compressed as
 * served), when content first paints, and when the page's own readiness mark is reached (the map: idle). The peer
 * figures of the issue (a static site of the same kind of data) were home 24 KB / 0.3 s, three charts 195 KB / 0.6 s,
 * an SVG map with a table 269 KB / 0.8 s.
 *
 *   npm run bench:pages                 # 5 loads per page
 *   npm run bench:pages -- --loads 10
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../portal/src/lib/server/pdf/chromium-launch.ts';

const { values } = parseArgs({ options: { loads: { type: 'string', default: '5' }, port: { type: 'string', default: '4391' } } });
const loads = Number(values.loads);
const port = Number(values.port);
const root = fileURLToPath(new URL('..', import.meta.url));
const home = await mkdtemp(path.join(tmpdir(), 'veta-bench-pages-'));
const base = `http://127.0.0.1:${port}`;

const PAGES: { name: string; url: string; ready?: string }[] = [
  { name: 'home', url: '/' },
  { name: 'trends (charts)', url: '/trends' },
  { name: 'map', url: '/map', ready: '[data-map-state="idle"]' },
  { name: 'regions', url: '/regions' },
  { name: 'region profile', url: '/es/regions/CO/all' },
  { name: 'annual report', url: '/reports' },
  { name: 'open data', url: '/data' },
];

const server = spawn(process.execPath, ['cli/bin.js', 'serve', '--with-demo', '--home', home, '--host', '127.0.0.1', '--port', String(port)], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => chunk.toString().includes('Veta portal:') && resolve());
    server.once('exit', (code) => reject(new Error(`veta serve exited with ${code}`)));
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    console.log(`${loads} loads per page, fresh cache each time; medians\n`);
    console.log(['page'.padEnd(18), 'KB transferred'.padStart(15), 'first paint ms'.padStart(15), 'ready ms'.padStart(10)].join(''));
    for (const page of PAGES) {
      const bytes: number[] = [];
      const paints: number[] = [];
      const ready: number[] = [];
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        let transferred = 0;
        cdp.on('Network.loadingFinished', (event) => void (transferred += event.encodedDataLength));
        const started = Date.now();
        await tab.goto(`${base}${page.url}`, { waitUntil: 'load' });
        if (page.ready) await tab.waitForSelector(page.ready, { timeout: 60_000 });
        ready.push(Date.now() - started);
        await tab.waitForLoadState('networkidle');
        paints.push(await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
        bytes.push(transferred);
        await context.close();
      }
      console.log(
        [page.name.padEnd(18), (median(bytes) / 1024).toFixed(1).padStart(15), median(paints).toFixed(0).padStart(15), String(median(ready)).padStart(10)].join(''),
      );
    }
  } finally {
    await browser.close();
  }
} finally {
  server.kill('SIGTERM');
  await rm(home, { recursive: true, force: true });
}

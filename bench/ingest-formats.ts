/**
 * `npm run bench:formats`: how fast Veta lands each export format, on demo data of a chosen size, printed as figures
 * (no pass or fail). Each format lands in a fresh warehouse, so each figure is the cost of that format alone; then
 * everything lands together and builds. `npm run bench` measures ingest and build at three scales against a floor.
 *
 *   npm run bench:formats                       # 2,000 producers (about 16,000 submissions)
 *   npm run bench:formats -- --producers 20000  # larger; the XLSX is left out past Excel's row limit
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoData } from '../ingest/demo/write-demo-data.ts';
import { ingestFile } from '../ingest/ingest-file.ts';
import { buildSnapshot } from '../warehouse/builder/build-snapshot.ts';
import { resolveHome } from '../warehouse/home.ts';
import { openLanding } from '../warehouse/landing/open-landing.ts';

const { values } = parseArgs({ options: { producers: { type: 'string', default: '2000' } } });
const producers = Number(values.producers);
const dir = await mkdtemp(path.join(tmpdir(), 'veta-bench-'));
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const megabytes = async (file: string) => (await stat(file)).size / 1024 / 1024;
const row = (cells: (string | number)[]) => console.log(cells.map((c) => String(c).padEnd(22)).join(''));

try {
  let started = process.hrtime.bigint();
  const manifest = await writeDemoData(path.join(dir, 'demo'), { producers, xlsx: producers <= 5000 });
  console.log(
    `demo: ${producers} producers, ${manifest.submissions} submissions, ${manifest.improvement_actions} actions, ` +
      `${manifest.sales} sales, written in ${seconds(started).toFixed(1)} s\n`,
  );
  row(['file', 'MB', 'rows', 'seconds', 'rows per second']);
  const files = Object.entries(manifest.files).filter((entry): entry is [string, string] => entry[1] !== null);
  for (const [name, file] of files) {
    const db = await openLanding(path.join(dir, `alone-${name}`, 'warehouse.duckdb'));
    try {
      started = process.hrtime.bigint();
      const summary = await ingestFile(db, file, { archiveDir: path.join(dir, `alone-${name}`, 'archive') });
      const took = seconds(started);
      row([name, (await megabytes(file)).toFixed(1), summary.rows_read, took.toFixed(2), Math.round(summary.rows_read / took)]);
    } finally {
      db.close();
    }
  }
  const home = resolveHome(path.join(dir, 'home'));
  const db = await openLanding(home.warehouse);
  started = process.hrtime.bigint();
  try {
    for (const [, file] of files) await ingestFile(db, file, { archiveDir: home.archive });
  } finally {
    db.close();
  }
  console.log(`\nall files into one warehouse: ${seconds(started).toFixed(1)} s`);
  started = process.hrtime.bigint();
  const report = await buildSnapshot({ home });
  console.log(
    `build: ${report.models_built} models, ${report.tests_passed + report.tests_failed} tests, ` +
      `${report.published ? 'published' : 'NOT published'}, ${seconds(started).toFixed(1)} s; ` +
      `snapshot ${(await megabytes(report.file)).toFixed(0)} MB`,
  );
  console.log(`peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

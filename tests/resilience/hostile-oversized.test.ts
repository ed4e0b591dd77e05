/**
 * Oversized input, made in the test under the system's temp folder: a 10 MB cell in a CSV, a JSON log and a
 * workbook; a header wider than a raw table holds; a first line that never ends; files past the size limits the
 * readers declare; and a CSV far larger than any export, to show that landing reads it through. A cell past DuckDB's
 * 2 MB line limit makes its row a reject with the reason, the rows around it land; a file past a declared limit is
 * refused with an IngestError saying the limit; the warehouse keeps what it had landed before.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES } from '../../ingest/csv-header.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import { MAX_COLUMNS } from '../../ingest/land-csv.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { suiteDir } from './arbitraries.ts';
import { atScale, FULL_SCALE, recordFigures, type Figures } from './figures.ts';
import { expectAccounted, expectIngestRefused } from './well-formed.ts';

const MiB = 1024 * 1024;
const LEDGER_HEADER = 'sale_id,producer_code,sale_date,gold_grams,fineness';
const ledgerRow = (i: number, producer = 'CO-P001') => `S${i},${producer},2024-01-05,${(i % 500) / 10},0.92`;

let dir: string;
let db: Database;
const figures: Figures = {};
/** Files ingested, landed or refused. */
let cases = 0;

const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  db = await openLanding(path.join(dir, 'warehouse.duckdb'));
  // What the warehouse had before the oversized files came.
  await land('earlier.csv', `${LEDGER_HEADER}\n${ledgerRow(0)}\n`);
});
afterAll(() => {
  recordFigures('hostile-oversized', { cases, ...figures });
  db.close();
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const folder = path.join(dir, path.basename(name, path.extname(name)));
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, name);
  await writeFile(file, content);
  return file;
}

async function land(name: string, content?: string | Buffer): Promise<IngestSummary> {
  const file = content === undefined ? name : await write(name, content);
  cases++;
  const summary = await ingestFile(db, file, { archiveDir: path.join(dir, 'archive') });
  await expectAccounted(db, summary);
  return summary;
}

/** The file must be refused with an IngestError saying `why`, and the warehouse keep what it had. */
async function refused(file: string, why: string | RegExp): Promise<void> {
  cases++;
  await expectIngestRefused(db, file, path.join(dir, 'archive'), why);
}

async function rejectReasons(summary: IngestSummary): Promise<{ line: number; reason: string }[]> {
  return db.query('select line, reason from meta.ingest_rejects where batch_id = $batch order by line', { batch: summary.batch_id });
}

const TEN_MB = 'x'.repeat(10 * MiB);
const LINE_LIMIT = /DuckDB could not read this row: Maximum line size of 2000000 bytes exceeded/;

describe('oversized cells', () => {
  it('rejects the row of a 10 MB cell in a CSV with the reason, and lands the rows around it', async () => {
    const summary = await land('big-cell.csv', `${LEDGER_HEADER}\n${ledgerRow(1)}\n${ledgerRow(2, `"${TEN_MB}"`)}\n${ledgerRow(3)}\n`);
    expect(summary).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    expect(await rejectReasons(summary)).toEqual([{ line: 3, reason: expect.stringMatching(LINE_LIMIT) }]);
  });

  it('rejects the record of a 10 MB cell in a JSON incident log the same way', async () => {
    const record = (id: string, summary: string) =>
      JSON.stringify({ incident_id: id, site_code: 'CO-P001-S1', reported_on: '2024-03-02', annex_ii_group: 'serious-abuses', severity: 'low', summary });
    const summary = await land('big-cell.ndjson', [record('INC-1', 'corto'), record('INC-2', TEN_MB), record('INC-3', 'corto')].join('\n'));
    expect(summary).toMatchObject({ format: 'incidents-json', rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    expect(await rejectReasons(summary)).toEqual([{ line: 3, reason: expect.stringMatching(LINE_LIMIT) }]);
  });

  it('rejects the row of a 10 MB cell in a workbook the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('visitas').addRows([
      ['_uuid', '_submission_time', 'notas'],
      ['u1', '2024-01-01', 'corto'],
      ['u2', '2024-01-02', TEN_MB],
      ['u3', '2024-01-03', 'corto'],
    ]);
    const file = await write('big-cell.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const summary = await land(file);
    expect(summary).toMatchObject({ format: 'kobo-xlsx', mapped: false, rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    expect(await rejectReasons(summary)).toEqual([{ line: 3, reason: expect.stringMatching(LINE_LIMIT) }]);
  });
});

describe('oversized files', () => {
  it(`refuses a header of more than ${MAX_COLUMNS.toLocaleString('en')} columns, as wide as no raw table can be`, async () => {
    const extra = Array.from({ length: MAX_COLUMNS }, (_, i) => `q${i}`);
    const file = await write('wide.csv', `${LEDGER_HEADER},${extra.join(',')}\n${ledgerRow(4)}${',x'.repeat(extra.length)}\n`);
    await refused(file, `wide.csv: line 1: the header names ${(MAX_COLUMNS + 5).toLocaleString('en')} columns; Veta lands at most 16,000`);
  });

  it('lands a header just under that, its cells where they belong', async () => {
    // 2,000 columns inside `npm test`, the most a raw table holds at full scale. Another form's export, so the wide
    // table is its own.
    const extra = Array.from({ length: atScale(2_000, MAX_COLUMNS - 2) }, (_, i) => `q${i}`);
    const started = performance.now();
    const header = ['_uuid', '_submission_time', ...extra].join(',');
    const summary = await land('wide-form.csv', `${header}\nu1,2024-01-01${extra.map((q) => `,${q}-value`).join('')}\n`);
    figures.widest_columns = extra.length + 2;
    figures.widest_seconds = Math.round((performance.now() - started) / 100) / 10;
    expect(summary).toMatchObject({ target_table: 'raw.kobo__wide_form', rows_read: 1, rows_loaded: 1 });
    const last = extra.at(-1)!;
    expect(await db.query(`select "${last}" as v from raw.kobo__wide_form`)).toEqual([{ v: `${last}-value` }]);
  }, 600_000);

  it(`refuses a first line that runs past ${MAX_HEADER_BYTES / MiB} MiB without ending`, async () => {
    const file = await write('one-line.csv', `${LEDGER_HEADER},${'n'.repeat(MAX_HEADER_BYTES + MiB)}`);
    await refused(file, /one-line\.csv: line 1: the header runs past 4 MiB without ending/);
  });

  it('lands a CSV far larger than an export, row for row', async () => {
    // 4 MB inside `npm test`, 256 MB at full scale: landing reads it through DuckDB's reader, not into JavaScript.
    const target = atScale(4, 256) * MiB;
    const file = path.join(dir, 'large', 'large-ledger.csv');
    await mkdir(path.dirname(file), { recursive: true });
    const out = createWriteStream(file);
    let rows = 0;
    let bytes = 0;
    if (!out.write(`${LEDGER_HEADER}\n`)) await once(out, 'drain');
    while (bytes < target) {
      const chunk = `${Array.from({ length: 1000 }, (_, i) => ledgerRow(1_000_000 + rows + i, `CO-P${(rows + i) % 997}`)).join('\n')}\n`;
      rows += 1000;
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const started = performance.now();
    try {
      const summary = await land(file);
      expect(summary).toMatchObject({ rows_read: rows, rows_loaded: rows, rows_rejected: 0, rows_duplicate: 0 });
    } finally {
      clearInterval(sampler);
    }
    Object.assign(figures, {
      large_csv_mb: Math.round(bytes / MiB),
      large_csv_rows: rows,
      large_csv_seconds: Math.round((performance.now() - started) / 100) / 10,
      large_csv_peak_rss_mb: Math.round(peak / MiB),
    });
  }, 1_800_000);
});

/** A file of `size` bytes that starts with `head` and holds zeros after it, without writing them to the disk. */
async function sparse(name: string, head: string, size: number): Promise<string> {
  const file = await write(name, head);
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return file;
}

// Each reads half a gigabyte (to check its encoding, then DuckDB up to its bound): seconds, so under
// `npm run test:resilience` only; `npm test` checks the same refusals on the smaller limits above.
describe.runIf(FULL_SCALE)('files past the 512 MiB a JSON document may have', () => {
  it('refuses a GeoJSON site registry past 512 MiB by its size, before parsing it', async () => {
    const file = await sparse('huge.geojson', '{"type": "FeatureCollection", "features": [', 513 * MiB);
    await refused(file, 'huge.geojson: is 513 MiB; Veta reads a FeatureCollection of up to 512 MiB: split the registry into several files');
  });

  it('refuses an incident log that is one JSON object past 512 MiB, saying how to send it instead', async () => {
    const file = await sparse('huge.json', '{"generated": "2024-05-01", "incidents": [', 513 * MiB);
    await refused(file, /huge\.json: holds one JSON value larger than 512 MiB, which Veta does not read whole: send the records as a top-level array/);
  });
});

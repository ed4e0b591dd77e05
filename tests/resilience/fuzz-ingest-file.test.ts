/**
 * Fuzzing `ingestFile` end to end (ingest/ingest-file.ts) on the demo's real exports bent two ways, into one landing
 * warehouse that keeps what every earlier case landed:
 *
 * - byte by byte (a CSV, a workbook, an ODK zip, a ledger, an incident log): the file lands and every row it read is
 *   loaded, rejected or a duplicate, as its ledger row, raw tables and rejects say; or it is refused with an
 *   IngestError naming it, and the warehouse is exactly as it was;
 * - cell by cell (a KoboToolbox CSV and a ledger whose cells get quotes, separators, line breaks, SQL, emptied keys,
 *   whose rows are repeated or dropped): every record of the file is read, none is lost.
 *
 * Fewer cases than the parsers' own suites: each case is a whole landing (archive copy, one DuckDB transaction, the
 * versions marked), a tenth to half a second on two cores, so 10,000 would take an hour; the readers it runs through
 * are fuzzed 10,000 times each in their own suites.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, KOBO_SEMICOLON, PLAIN_CSV } from '../../ingest/demo/csv-line.ts';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { IngestError } from '../../ingest/errors.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { awkwardText, expectRefusal, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { expectAccounted, warehouseState } from './well-formed.ts';

let dir: string;
let db: Database;
const samples = new Map<string, { name: string; bytes: Buffer }>();
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  db = await openLanding(path.join(dir, 'warehouse.duckdb'));
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3 });
  for (const [kind, file] of Object.entries(demo.files)) if (file) samples.set(kind, { name: path.basename(file), bytes: await readFile(file) });
  const incidents = [
    { incident_id: 'INC-1', site_code: 'CO-P001-S1', reported_on: '2024-03-02', annex_ii_group: 'serious-abuses', severity: 'critical', location: { lat: 6.2 } },
    { incident_id: 'INC-2', site_code: 'CO-P001-S2', reported_on: '2024-03-09', annex_ii_group: 'security-forces', severity: 'low' },
  ];
  samples.set('incidents_json', { name: 'incidents.json', bytes: Buffer.from(JSON.stringify(incidents, null, 1)) });
});
afterAll(() => db.close());

let n = 0;
/** Lands `bytes` under `name` in a folder of its own: the summary, or the warehouse unchanged by a refusal. */
async function land(name: string, bytes: Buffer): Promise<{ summary?: IngestSummary; file: string }> {
  const file = path.join(dir, `case-${++n}`, name);
  await mkdir(path.dirname(file));
  await writeFile(file, bytes);
  const before = await warehouseState(db);
  try {
    const summary = await ingestFile(db, file, { archiveDir: path.join(dir, 'archive') });
    await expectAccounted(db, summary);
    return { summary, file };
  } catch (error) {
    expectRefusal(error, { kind: IngestError, file: name, bytes: /\.(xlsx|zip)$/.test(name) ? undefined : bytes });
    expect(await warehouseState(db), 'a refused file leaves the warehouse as it was').toEqual(before);
    return { file };
  }
}

describe('ingestFile', () => {
  it('lands a bent export accounting for every row, losing no record of one bent cell by cell, or refuses it leaving the warehouse as it was', async () => {
    const outcomes = tally('landed', 'refused', 'rows_read', 'cell_files', 'cell_records');
    const bytes = fc
      .constantFrom(...samples.keys())
      .chain((kind) => mutated(samples.get(kind)!.bytes).map((bent) => ({ name: samples.get(kind)!.name, bytes: bent, records: undefined })));
    const tables = ['kobo_csv', 'sales_ledger'].map((kind) => {
      const { name, bytes: original } = samples.get(kind)!;
      const delimiter = kind === 'kobo_csv' ? ';' : ',';
      const [header, ...rows] = parseCsv(original.toString('utf8'), delimiter);
      return { name, delimiter, header, rows };
    });
    // A cell given new text: anything a person types, including what CSV and SQL give meaning to, or nothing.
    const edit = fc.record({ row: fc.nat(), column: fc.nat(), text: fc.oneof(awkwardText(40), fc.constant(''), fc.constantFrom("'; drop table raw.x; --", '"', '\n')) });
    const cells = fc.constantFrom(...tables).chain((table) =>
      fc
        .record({ edits: fc.array(edit, { maxLength: 6 }), repeated: fc.array(fc.nat(), { maxLength: 2 }), dropped: fc.array(fc.nat(), { maxLength: 2 }) })
        .map(({ edits, repeated, dropped }) => {
          let rows = table.rows.map((r) => [...r]);
          for (const e of edits) if (rows.length) rows[e.row % rows.length][e.column % table.header.length] = e.text;
          for (const r of repeated) if (rows.length) rows.push(rows[r % rows.length]);
          for (const r of dropped) if (rows.length > 1) rows = rows.filter((_, i) => i !== r % rows.length);
          const dialect = table.delimiter === ';' ? KOBO_SEMICOLON : PLAIN_CSV;
          const text = [table.header, ...rows].map((r) => `${csvLine(r, dialect)}\r\n`).join('');
          return { name: table.name, bytes: Buffer.from(text), records: rows.length };
        }),
    );
    await fuzz(
      { suite: 'ingest-file', small: 60, full: 2_000, figures: () => outcomes },
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: bytes }, { weight: 2, arbitrary: cells }), async ({ name, bytes: content, records }) => {
        const { summary } = await land(name, content);
        if (records !== undefined) {
          // Only cells changed, quoted as they must be: the file lands, every record read.
          expect(summary, 'an export with only its cells changed lands').toBeDefined();
          expect(summary!.rows_read, 'every record is read').toBe(records);
          outcomes.cell_files++;
          outcomes.cell_records += records;
        }
        if (summary) {
          outcomes.landed++;
          outcomes.rows_read += summary.rows_read;
        } else outcomes.refused++;
      }),
    );
    expect(outcomes.landed).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.cell_files).toBeGreaterThan(0);
  });
});

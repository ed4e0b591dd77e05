/**
 * The generator at a larger scale (2,000 producers, some 16,000 submissions), and the `maxSubmissions` cap that
 * benchmarks use: an export taken earlier, holding exactly the earliest submissions. Timings belong in benchmarks,
 * so nothing here measures speed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRecords, parseCsv } from '../../tests/helpers/parse-csv.ts';
import { writeDemoData, type DemoDataManifest } from './write-demo-data.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-demo-scale-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const lineCount = async (file: string) => (await readFile(file, 'utf8')).split('\n').length - 2;
let large: DemoDataManifest;

describe('writeDemoData at scale', () => {
  it('writes 2,000 producers and counts in the manifest what the files hold', async () => {
    large = await writeDemoData(await freshDir(), { producers: 2000 });
    expect(large.submissions).toBeGreaterThan(10_000);
    expect(await lineCount(large.files.kobo_csv)).toBe(large.submissions);
    expect(await lineCount(large.files.kobo_csv_comma)).toBe(large.submissions);
    expect(await lineCount(large.files.sales_ledger)).toBe(large.sales);
    expect(await lineCount(large.files.incidents)).toBe(large.incidents);
    expect(await lineCount(large.files.fairmined_register)).toBe(large.certified_producers);
    expect(large.producers).toBeGreaterThan(1950);
    expect(large.producers).toBeLessThanOrEqual(2000);
    expect(large.requirement_statuses).toBe(large.submissions * 27);
  });

  it('keeps exactly the earliest submissions under maxSubmissions, and ends the other files there', async () => {
    const capped = await writeDemoData(await freshDir(), { producers: 2000, maxSubmissions: 400, xlsx: false });
    expect(capped.files.kobo_xlsx).toBeNull();
    expect(capped.submissions).toBe(400);
    const uuids = async (file: string) => {
      // The first 401 lines are enough, and much quicker to parse than the whole large export.
      const text = await readFile(file, 'utf8');
      let end = 0;
      for (let line = 0; line <= 400; line += 1) end = text.indexOf('\r\n', end) + 2;
      const [header, ...rows] = parseCsv(text.slice(0, end), ';');
      return rows.map((row) => row[header.indexOf('_uuid')]);
    };
    expect(await uuids(capped.files.kobo_csv)).toEqual((await uuids(large.files.kobo_csv)).slice(0, 400));
    const [last] = csvRecords(await readFile(capped.files.kobo_csv, 'utf8'), ';').slice(-1);
    const end = last._submission_time.slice(0, 10);
    const sales = csvRecords(await readFile(capped.files.sales_ledger, 'utf8'));
    expect(sales.length).toBeGreaterThan(0);
    expect(sales.every((s) => s.sale_date <= end)).toBe(true);
    expect(csvRecords(await readFile(capped.files.incidents, 'utf8')).every((i) => i.reported_on <= end)).toBe(true);
    expect(capped.sales).toBeLessThan(large.sales);
  });
});

/**
 * The malformed-input corpus: files that real exports, tired people and hostile senders produce, each landed in a
 * fresh warehouse and checked against what `expected.yml` says it must do. Bad input gets an IngestError that names
 * the file and says what was expected, and leaves the warehouse as it was; a file that lands partly accounts for
 * every row. Nothing else may escape ingest: a TypeError or a raw engine error is a failure here.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { IngestError } from '../../ingest/errors.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { tempDir } from '../helpers/temp-home.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));
const CORPUS = path.join(HERE, 'corpus');
const MIN_FILES = 30;

const count = z.number().int().nonnegative();
const fragments = z.array(z.string().min(1));
const ErrorExpectation = z.strictObject({ error: fragments.min(1) });
const Cell = z
  .strictObject({ table: z.string(), line: z.number().int().min(2), column: z.string(), equals: z.string().optional(), length: count.optional() })
  .refine((c) => (c.equals === undefined) !== (c.length === undefined), 'a cell check has either equals or length');
const LandingExpectation = z.strictObject({
  rows_read: count,
  rows_loaded: count,
  rows_rejected: count,
  rows_duplicate: count,
  reasons: fragments,
  lines: z.array(z.number().int().min(1)).optional(),
  encoding: z.enum(['utf-8', 'windows-1252']).optional(),
  cells: z.array(Cell).optional(),
  no_columns: z.array(z.strictObject({ table: z.string(), column: z.string() })).optional(),
});
const Entry = z
  .strictObject({
    file: z.string().regex(/^\d{2}-[a-z0-9-]+\.[a-z0-9]+$/, 'NN-short-name.ext'),
    what: z.string().min(20),
    /** Made by the suite in its temp folder (too big to commit). */
    generated: z.enum(['zip-bomb']).optional(),
    expect: z.union([ErrorExpectation, LandingExpectation]),
  })
  .refine((e) => !('error' in e.expect) || e.expect.error.includes(e.file), 'an error names its file: list the file name as a fragment');
type Entry = z.infer<typeof Entry>;
type Landing = z.infer<typeof LandingExpectation>;

const entries: Entry[] = z.array(Entry).parse(parse(await readFile(path.join(HERE, 'expected.yml'), 'utf8')));

/** One member of 200 MiB of zero bytes, named like an ODK root table: a few hundred KB once deflated. */
async function writeZipBomb(file: string): Promise<void> {
  const zip = new JSZip();
  zip.file('veta_site_assessment_craft_2_1.csv', Buffer.alloc(200 * 2 ** 20));
  await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
}

const open: Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function land(entry: Entry): Promise<{ db: Database; dir: string; outcome: { summary: IngestSummary } | { error: unknown } }> {
  const dir = await tempDir();
  const db = await openLanding(path.join(dir, 'warehouse.duckdb'));
  open.push(db);
  let file = path.join(CORPUS, entry.file);
  if (entry.generated === 'zip-bomb') {
    file = path.join(dir, entry.file);
    await writeZipBomb(file);
  }
  try {
    return { db, dir, outcome: { summary: await ingestFile(db, file, { archiveDir: path.join(dir, 'archive') }) } };
  } catch (error) {
    return { db, dir, outcome: { error } };
  }
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function warehouseState(db: Database) {
  const [ledger] = await db.query<{ batches: number; rejects: number }>(
    `select (select count(*) from meta.ingest_batches)::integer as batches, (select count(*) from meta.ingest_rejects)::integer as rejects`,
  );
  const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'raw' order by 1`);
  return { ...ledger, raw_tables: tables.map((t) => t.table_name) };
}

async function checkLanding(db: Database, summary: IngestSummary, expected: Landing) {
  const counts = { rows_read: summary.rows_read, rows_loaded: summary.rows_loaded, rows_rejected: summary.rows_rejected, rows_duplicate: summary.rows_duplicate };
  expect(summary.rows_read, 'rows_read = rows_loaded + rows_rejected + rows_duplicate').toBe(
    summary.rows_loaded + summary.rows_rejected + summary.rows_duplicate,
  );
  expect(counts).toEqual({
    rows_read: expected.rows_read,
    rows_loaded: expected.rows_loaded,
    rows_rejected: expected.rows_rejected,
    rows_duplicate: expected.rows_duplicate,
  });
  if (expected.encoding) expect(summary.encoding).toBe(expected.encoding);

  // The ledger row says what the summary says.
  const batches = await db.query('select rows_read, rows_loaded, rows_rejected, rows_duplicate from meta.ingest_batches');
  expect(batches).toEqual([counts]);

  const rejects = await db.query<{ line: number | null; column_name: string | null; reason: string }>(
    'select line, column_name, reason from meta.ingest_rejects order by line, column_name',
  );
  expect(rejects.filter((r) => r.line === null), 'every reject has its line').toEqual([]);
  expect(rejects.length, `one reject per rejected row: ${JSON.stringify(rejects)}`).toBe(summary.rows_rejected);
  if (expected.lines) expect(rejects.map((r) => r.line)).toEqual(expected.lines);
  for (const fragment of expected.reasons) {
    expect(rejects.map((r) => r.reason), `a reject reason holds "${fragment}"`).toContainEqual(expect.stringContaining(fragment));
  }

  for (const cell of expected.cells ?? []) {
    const rows = await db.query<{ value: string | null }>(
      `select ${quote(cell.column)} as value from raw.${quote(cell.table)} where _source_row = $line`,
      { line: cell.line },
    );
    expect(rows, `one row at line ${cell.line} of ${cell.table}`).toHaveLength(1);
    if (cell.equals !== undefined) expect(rows[0].value, `${cell.column} at line ${cell.line}`).toBe(cell.equals);
    if (cell.length !== undefined) expect(rows[0].value?.length, `length of ${cell.column} at line ${cell.line}`).toBe(cell.length);
  }
  for (const { table, column } of expected.no_columns ?? []) {
    const found = await db.query(
      `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table and column_name = $column`,
      { table, column },
    );
    expect(found, `raw.${table} has no column ${column}`).toEqual([]);
  }
}

/** A SQL identifier, quoted: the corpus has hostile column names on purpose. */
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

describe('the malformed-input corpus', () => {
  it(`holds at least ${MIN_FILES} files, each with one expectation, and no expectation without its file`, async () => {
    const files = (await readdir(CORPUS)).sort();
    expect(files.length).toBeGreaterThanOrEqual(MIN_FILES);
    const names = entries.map((e) => e.file);
    expect(new Set(names).size, 'no file is listed twice').toBe(names.length);
    expect(entries.filter((e) => !e.generated).map((e) => e.file).sort()).toEqual(files);
    expect(entries.filter((e) => e.generated && files.includes(e.file)), 'a generated file is not committed').toEqual([]);
  });

  it.each(entries.map((e) => [`${e.file} ${'error' in e.expect ? 'is refused' : 'lands'}`, e] as const))(
    '%s',
    async (_name, entry) => {
      const { db, dir, outcome } = await land(entry);
      if ('error' in outcome) {
        const { error } = outcome;
        expect(error instanceof IngestError, `only an IngestError may escape ingest, got ${describeError(error)}`).toBe(true);
        const { message } = error as IngestError;
        if (!('error' in entry.expect)) expect.fail(`expected the file to land, but ingest refused it: ${message}`);
        for (const fragment of entry.expect.error) expect(message).toContain(fragment);
        // Messages name the file as the user gave it, not ingest's own copies of it.
        expect(message, 'the message mentions no internal temp copy').not.toContain(path.join(dir, 'archive'));
        expect(await warehouseState(db), 'the warehouse is as it was').toEqual({ batches: 0, rejects: 0, raw_tables: [] });
        return;
      }
      if ('error' in entry.expect) {
        const { summary } = outcome;
        expect.fail(
          `expected an IngestError holding ${JSON.stringify(entry.expect.error)}, but the file landed: ` +
            `${summary.target_table} (${summary.format}, mapped: ${summary.mapped}), ${summary.rows_loaded} of ${summary.rows_read} rows loaded`,
        );
      }
      await checkLanding(db, outcome.summary, entry.expect);
    },
    120_000,
  );
});

/**
 * What a well-formed result of the ingest readers is, for the fuzzing suites: detection gives a known format and
 * landing parts whose files exist, whose headers have columns and a delimiter DuckDB is told, and whose tables are
 * names a raw table can have; a landing summary accounts for every row, as the warehouse's ledger, raw tables and
 * rejects do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { FORMATS, type Detected } from '../../ingest/detect-format.ts';
import { IngestError } from '../../ingest/errors.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import { quoteIdentifier, type Database } from '../../warehouse/gateway/duckdb.ts';
import { expectRefusal, type RefusalExpectation } from './arbitraries.ts';

const DELIMITERS = [',', ';', '\t', '|'];

export async function expectWellFormed(detected: Detected): Promise<void> {
  expect(FORMATS).toContain(detected.format);
  expect(['utf-8', 'windows-1252']).toContain(detected.encoding);
  expect(typeof detected.mapped).toBe('boolean');
  expect(detected.parts.length, 'a detected file has something to land').toBeGreaterThan(0);
  for (const part of detected.parts) {
    expect(existsSync(part.file), `the part ${part.file} exists`).toBe(true);
    expect(DELIMITERS).toContain(part.header.delimiter);
    expect(part.header.columns.length).toBeGreaterThan(0);
    for (const column of part.header.columns) expect(typeof column).toBe('string');
    if (part.names) expect(part.names).toHaveLength(part.header.columns.length);
    // Table names are quoted where they are used; they must still be one plain name, as `veta ingest` prints them.
    expect(part.table).toMatch(/^[a-z0-9_]+$/);
    expect(typeof part.key.column).toBe('string');
  }
}

/** The counts of one landing, checked against each other and against what the warehouse holds for its batch. */
export async function expectAccounted(db: Database, summary: IngestSummary): Promise<void> {
  const { rows_read, rows_loaded, rows_rejected, rows_duplicate } = summary;
  expect(rows_read, 'rows_read = rows_loaded + rows_rejected + rows_duplicate').toBe(rows_loaded + rows_rejected + rows_duplicate);
  for (const count of [rows_read, rows_loaded, rows_rejected, rows_duplicate]) expect(count).toBeGreaterThanOrEqual(0);
  const [batch] = await db.query<{ rows_read: number; rows_loaded: number; rows_rejected: number; rows_duplicate: number }>(
    'select rows_read, rows_loaded, rows_rejected, rows_duplicate from meta.ingest_batches where batch_id = $batch',
    { batch: summary.batch_id },
  );
  expect(batch, 'the ledger says what the summary says').toEqual({ rows_read, rows_loaded, rows_rejected, rows_duplicate });
  const [{ rejects }] = await db.query<{ rejects: number }>(
    'select count(*)::integer as rejects from meta.ingest_rejects where batch_id = $batch',
    { batch: summary.batch_id },
  );
  expect(rejects, 'one reject per rejected row').toBe(rows_rejected);
  let landed = 0;
  // Two parts may land in one table (two sheets named alike): each table is counted once.
  for (const table of new Set(summary.target_table.split(', '))) {
    const [schema, name] = [table.slice(0, table.indexOf('.')), table.slice(table.indexOf('.') + 1)];
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from ${schema}.${quoteIdentifier(name)} where _batch_id = $batch`, {
      batch: summary.batch_id,
    });
    landed += n;
  }
  expect(landed, 'the raw tables hold the rows loaded').toBe(rows_loaded);
}

/** What a landing warehouse holds, to show that a refused file left it as it was. */
export async function warehouseState(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'raw' order by 1`);
  const state: Record<string, number> = {};
  for (const meta of ['ingest_batches', 'ingest_rejects']) {
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from meta.${meta}`);
    state[`meta.${meta}`] = n;
  }
  for (const { table_name } of tables) {
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from raw.${quoteIdentifier(table_name)}`);
    state[`raw.${table_name}`] = n;
  }
  return state;
}

/**
 * Runs a reader of landing parts and checks its outcome: well-formed parts (then `check`, then disposed), or its
 * named refusal. Says which.
 */
export async function detectedOrRefused(
  detect: () => Promise<Detected>,
  refusal: RefusalExpectation,
  check?: (detected: Detected) => Promise<void> | void,
): Promise<'read' | 'refused'> {
  let detected: Detected;
  try {
    detected = await detect();
  } catch (error) {
    expectRefusal(error, refusal);
    return 'refused';
  }
  try {
    await expectWellFormed(detected);
    await check?.(detected);
    return 'read';
  } finally {
    await detected.dispose();
  }
}

/** Ingesting `file` must be refused with an IngestError naming it and saying `why`, the warehouse kept as it was. */
export async function expectIngestRefused(db: Database, file: string, archiveDir: string, why: string | RegExp): Promise<void> {
  const before = await warehouseState(db);
  const error = await ingestFile(db, file, { archiveDir }).then(
    (summary) => new Error(`landed: ${JSON.stringify(summary)}`),
    (e: unknown) => e,
  );
  expectRefusal(error, { kind: IngestError, file: path.basename(file) });
  expect((error as Error).message).toMatch(why);
  expect(await warehouseState(db), 'the warehouse keeps what it had').toEqual(before);
}

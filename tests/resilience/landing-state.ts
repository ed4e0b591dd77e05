/**
 * What a landing warehouse (or a snapshot's copy of it) holds, read in a form two runs can be compared by: every raw
 * row, the ingest ledger with what each batch really left behind, and rows or rejects that belong to no batch. A
 * crash that loses a row, lands one twice or commits half a file shows up as a difference here.
 */
import { Database, quoteIdentifier } from '../../warehouse/gateway/duckdb.ts';
import { parseGrid } from '../helpers/export-files.ts';
import { readFile } from 'node:fs/promises';

export interface LedgerBatch {
  batch_id: string;
  file_name: string;
  file_hash: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_duplicate: number;
  /** Raw rows that carry this batch id, in every table. */
  rows_present: number;
  /** Rows of meta.ingest_rejects that carry this batch id. */
  rejects_present: number;
}

export interface LandingState {
  /** Each raw table's rows as JSON (without the batch id and landing time, which differ from run to run), sorted. */
  tables: Record<string, string[]>;
  /** Each raw table's columns, in order (those it was read with). */
  columns: Record<string, string[]>;
  batches: LedgerBatch[];
  /** Raw rows and rejects whose batch has no ledger row: what a half-committed file would leave. */
  orphans: number;
}

/**
 * Reads a database file holding the raw and meta schemas: the landing warehouse, or a snapshot. A snapshot's copy of
 * a raw table may have gained columns the models need (a choice question put together from its one-column-per-choice
 * export): `columns` keeps to those of the landing it was copied from.
 */
export async function readLanding(file: string, columns?: Record<string, string[]>): Promise<LandingState> {
  const db = await Database.open(file, { readOnly: true });
  try {
    const names = await db.query<{ table_name: string }>(
      `select table_name from duckdb_tables() where schema_name = 'raw' order by table_name`,
    );
    const tables: Record<string, string[]> = {};
    const tableColumns: Record<string, string[]> = {};
    const present = new Map<string, number>();
    let orphans = 0;
    for (const { table_name } of names) {
      const table = `raw.${quoteIdentifier(table_name)}`;
      const described = await db.query<{ column_name: string }>(`select column_name from (describe ${table})`);
      tableColumns[table_name] = columns?.[table_name] ?? described.map((c) => c.column_name);
      const kept = tableColumns[table_name].filter((c) => c !== '_batch_id' && c !== '_landed_at');
      const rows = await db.query(`select ${kept.map(quoteIdentifier).join(', ')} from ${table}`);
      tables[table_name] = rows.map((row) => JSON.stringify(row)).sort();
      const perBatch = await db.query<{ batch: string; n: number; known: boolean }>(
        `select _batch_id as batch, count(*)::integer as n,
                _batch_id in (select batch_id from meta.ingest_batches) as known
         from ${table} group by all`,
      );
      for (const { batch, n, known } of perBatch) {
        present.set(batch, (present.get(batch) ?? 0) + n);
        if (!known) orphans += n;
      }
    }
    const [{ n: orphanRejects }] = await db.query<{ n: number }>(
      `select count(*)::integer as n from meta.ingest_rejects where batch_id not in (select batch_id from meta.ingest_batches)`,
    );
    const batches = await db.query<Omit<LedgerBatch, 'rows_present'>>(
      `select batch_id, file_name, file_hash, rows_read, rows_loaded, rows_rejected, rows_duplicate,
              (select count(*) from meta.ingest_rejects r where r.batch_id = b.batch_id)::integer as rejects_present
       from meta.ingest_batches b order by ingested_at, batch_id`,
    );
    return {
      tables,
      columns: tableColumns,
      batches: batches.map((batch) => ({ ...batch, rows_present: present.get(batch.batch_id) ?? 0 })),
      orphans: orphans + orphanRejects,
    };
  } finally {
    db.close();
  }
}

/** Ledger rows that break `rows_read = rows_loaded + rows_rejected + rows_duplicate`, or that say other than what landed. */
export function ledgerProblems(state: LandingState): string[] {
  const problems: string[] = [];
  for (const b of state.batches) {
    if (b.rows_read !== b.rows_loaded + b.rows_rejected + b.rows_duplicate) {
      problems.push(`${b.file_name}: ${b.rows_read} read ≠ ${b.rows_loaded} loaded + ${b.rows_rejected} rejected + ${b.rows_duplicate} duplicate`);
    }
    if (b.rows_present !== b.rows_loaded) problems.push(`${b.file_name}: the ledger says ${b.rows_loaded} loaded, the raw tables hold ${b.rows_present}`);
    if (b.rejects_present !== b.rows_rejected) {
      problems.push(`${b.file_name}: the ledger says ${b.rows_rejected} rejected, meta.ingest_rejects holds ${b.rejects_present}`);
    }
  }
  if (state.orphans) problems.push(`${state.orphans} raw rows or rejects belong to no ledger batch`);
  return problems;
}

export interface RowDifference {
  /** Expected rows that are not there. */
  lost: number;
  /** Rows there more often than expected, or not expected at all. */
  duplicated: number;
}

/** Compares two lists of rows as multisets. */
export function rowDifference(expected: readonly string[], actual: readonly string[]): RowDifference {
  const counts = new Map<string, number>();
  for (const row of expected) counts.set(row, (counts.get(row) ?? 0) + 1);
  for (const row of actual) counts.set(row, (counts.get(row) ?? 0) - 1);
  let lost = 0;
  let duplicated = 0;
  for (const n of counts.values()) {
    if (n > 0) lost += n;
    else duplicated -= n;
  }
  return { lost, duplicated };
}

/** Adds up the differences of every raw table, a table missing on either side counting all its rows. */
export function landingDifference(expected: LandingState, actual: LandingState): RowDifference {
  const total: RowDifference = { lost: 0, duplicated: 0 };
  for (const table of new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])) {
    const { lost, duplicated } = rowDifference(expected.tables[table] ?? [], actual.tables[table] ?? []);
    total.lost += lost;
    total.duplicated += duplicated;
  }
  return total;
}

/**
 * The distinct records of delimited files, as JSON objects of the `identity` cells (every column when omitted), to
 * compare with what a raw table holds of the same columns. A later export repeats the records of an earlier one, and
 * may show one of them with a cell changed that is not part of what makes it a record (a survey's review status):
 * such a record is one record.
 */
export async function distinctFileRows(
  files: readonly string[],
  delimiter: string,
  identity?: readonly string[],
): Promise<{ columns: string[]; rows: string[] }> {
  const rows = new Set<string>();
  let columns: string[] = [...(identity ?? [])];
  for (const file of files) {
    const grid = parseGrid(await readFile(file, 'utf8'), delimiter);
    if (!identity) columns = grid.header;
    const at = columns.map((c) => grid.header.indexOf(c));
    for (const cells of grid.rows) rows.add(JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, cells[at[i]] ?? '']))));
  }
  return { columns, rows: [...rows].sort() };
}

/** A raw table's rows projected on the given columns, an empty cell as '' as in the file, in the same JSON form. */
export async function rawRowsOf(file: string, table: string, columns: readonly string[]): Promise<string[]> {
  const db = await Database.open(file, { readOnly: true });
  try {
    const rows = await db.query<Record<string, string | null>>(
      `select ${columns.map((c) => `coalesce(${quoteIdentifier(c)}, '') as ${quoteIdentifier(c)}`).join(', ')} from raw.${quoteIdentifier(table)}`,
    );
    return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c]])))).sort();
  } finally {
    db.close();
  }
}

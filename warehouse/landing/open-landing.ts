/**
 * The landing warehouse: raw tables exactly as files delivered them, plus the ingest ledger that accounts for every
 * row. Only `veta ingest` writes it; `veta build` reads it to make snapshots.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Database, MEMORY_LIMIT_VARIABLE } from '../gateway/duckdb.ts';

const LEDGER_DDL = `
create schema if not exists raw;
create schema if not exists meta;
create table if not exists meta.ingest_batches (
    batch_id varchar primary key,
    file_name varchar not null,
    file_path varchar not null,
    file_hash varchar not null,
    file_bytes bigint not null,
    format varchar not null,
    target_table varchar,
    rows_read integer not null,
    rows_loaded integer not null,
    rows_rejected integer not null,
    rows_duplicate integer not null,
    veta_version varchar not null,
    ingested_at timestamp not null
);
-- Repeat groups and the table of the submissions they belong to: their rows are current with their submission.
create table if not exists meta.repeat_tables (
    table_name varchar primary key,
    parent_table varchar not null,
    parent_lineage_key varchar not null
);
-- The submission versions that came with their repeat tables (a workbook, an ODK export): such a version's repeat
-- rows are all it has, none included, where a CSV export's version says nothing about them.
create table if not exists meta.repeat_versions (
    table_name varchar not null,
    parent_key varchar not null,
    parent_version varchar not null,
    primary key (table_name, parent_key, parent_version)
);
create table if not exists meta.ingest_rejects (
    batch_id varchar not null,
    file_name varchar not null,
    line integer,
    column_name varchar,
    raw_line varchar,
    reason varchar not null
);
`;

/** A size as VETA_MEMORY_LIMIT and DuckDB write it (`4GB`, `512MiB`), in bytes; NaN for anything else. */
function bytesOf(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B$/i.exec(size.trim());
  if (!match) return Number.NaN;
  const [, number, prefix, binary] = match;
  return Number(number) * (binary ? 1024 : 1000) ** ' KMGT'.indexOf(prefix.toUpperCase() || ' ');
}

/**
 * Caps DuckDB's memory for landing a file of `columns` columns. A file streams into its raw table, so more memory
 * only becomes cached blocks, and what a step needs past the cap (the keys of a large table) spills to disk: a
 * gigabyte of CSV lands in well under a gigabyte, beside a build or a server on the same machine. DuckDB reserves
 * room per column for the rows it reads at a time, so a wide file is given more (16,000 columns reserve some 12 GB,
 * of which they touch one). A lower cap the machine's owner set (VETA_MEMORY_LIMIT) stays.
 */
export async function capLandingMemory(db: Database, columns: number): Promise<void> {
  const cap = `${512 + columns}MB`;
  const given = process.env[MEMORY_LIMIT_VARIABLE];
  if (given && bytesOf(given) <= bytesOf(cap)) return;
  try {
    await db.run(`set memory_limit = '${cap}'`);
  } catch (error) {
    // Lowered after a wider file, DuckDB may still hold more than the new cap of what that file left: the higher cap
    // stays until it lets go of it.
    if (!/Failed to change memory limit/.test((error as Error).message)) throw error;
  }
}

export async function openLanding(file: string): Promise<Database> {
  await mkdir(path.dirname(file), { recursive: true });
  const db = await Database.open(file);
  try {
    // One commit for the schema of a new warehouse, not one (and a flush to disk) per table.
    await db.transaction(() => db.run(LEDGER_DDL));
    // One thread: a file's rows are numbered in file order as they stream in, and under the memory cap each thread
    // fills a row group of its own. Two threads on two cores spilled those to disk and waited on each other: 300,000
    // submissions took six times as long, and three times the CPU, as with one. The other cores are left to the
    // kernel's archive copy beside it, and to whatever else the machine runs.
    await db.run('set threads = 1');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

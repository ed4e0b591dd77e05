/**
 * The landing warehouse: raw tables exactly as files delivered them, plus the ingest ledger that accounts for every
 * row. Only `veta ingest` writes it; `veta build` reads it to make snapshots.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '../gateway/duckdb.ts';

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

export async function openLanding(file: string): Promise<Database> {
  await mkdir(path.dirname(file), { recursive: true });
  const db = await Database.open(file);
  try {
    await db.run(LEDGER_DDL);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

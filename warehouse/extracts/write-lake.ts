/**
 * An extract laid out as a lake: each mart that has a country and a year, as Parquet files partitioned the Hive way,
 * `fct_impact_metrics/country_code=CO/year=2024/data_0.parquet`, which Spark, Trino or DuckDB read as they are (DuckDB:
 * read_parquet of every file below the table's folder, with hive_partitioning = true), and of which a reader of one
 * country or one year scans only that part. It is where the data goes once one machine no longer holds it (docs/scaling.md).
 *
 * The rows are the tier's, through `publish/tier-view.ts` as for every other extract: a public lake holds exactly what
 * the public extract holds of those tables, small counts withheld and recent years held back alike. `lake.json` names
 * the snapshot and lists the tables.
 *
 * The lake is written beside its folder and then renamed into place, so a reader never sees half of one, and a write
 * cut short leaves only a `.partial` folder that the next write removes.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Database, quoteIdentifier, quoteLiteral } from '../gateway/duckdb.ts';
import { DICTIONARY_SQL, isWithheld, publicationRulesOf, tablesOf, tableView, type DictionaryColumn, type ViewTier } from '../publish/tier-view.ts';
import { ExtractFolderError } from './write-extracts.ts';

/** The partition columns, outermost first: a country's figures over the years sit under one folder. */
export const LAKE_PARTITIONS = ['country_code', 'year'] as const;
export const LAKE_MANIFEST = 'lake.json';

export interface LakeOptions {
  snapshot: string;
  out: string;
  tier: ViewTier;
}

export interface LakeTable {
  table: string;
  /** The table's folder, relative to the lake. */
  path: string;
  rows: number;
  /** Folders of one country and year. */
  partitions: number;
}

export interface LakeReport {
  snapshot_id: string;
  tier: ViewTier;
  out: string;
  partitioned_by: readonly string[];
  tables: LakeTable[];
}

export async function writeLake(options: LakeOptions): Promise<LakeReport> {
  const partial = `${options.out}.partial`;
  await refuseForeignFolder(options.out);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const db = await Database.open(options.snapshot, { readOnly: true });
  let report: LakeReport;
  try {
    const rules = await publicationRulesOf((sql) => db.query(sql));
    const [{ snapshot_id }] = await db.query<{ snapshot_id: string }>('select snapshot_id from meta.snapshot');
    report = { snapshot_id, tier: options.tier, out: options.out, partitioned_by: LAKE_PARTITIONS, tables: [] };
    for (const [table, columns] of tablesOf(await db.query<DictionaryColumn>(DICTIONARY_SQL))) {
      const [schema, name] = table.split('.');
      if (schema !== 'marts') continue;
      const view = tableView(columns, options.tier, rules);
      if (isWithheld(view) || !LAKE_PARTITIONS.every((p) => view.columns.some((c) => c.column_name === p))) continue;
      const dir = path.join(partial, name);
      await db.run(
        `copy (${view.sql}) to ${quoteLiteral(dir)} (format parquet, partition_by (${LAKE_PARTITIONS.map(quoteIdentifier).join(', ')}))`,
      );
      const [{ rows, partitions }] = await db.query<{ rows: number; partitions: number }>(
        `select count(*)::integer as rows, count(distinct (${LAKE_PARTITIONS.map(quoteIdentifier).join(', ')}))::integer as partitions
         from (${view.sql})`,
      );
      report.tables.push({ table, path: name, rows, partitions });
    }
  } finally {
    db.close();
  }
  // Where it was written says nothing once the folder is copied elsewhere.
  const manifest = { snapshot_id: report.snapshot_id, tier: report.tier, partitioned_by: report.partitioned_by, tables: report.tables };
  await writeFile(path.join(partial, LAKE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await swapIn(partial, options.out);
  return report;
}

/** A folder that exists, is not empty and holds no lake is someone else's: it is refused, never emptied. */
async function refuseForeignFolder(out: string): Promise<void> {
  const present = await readdir(out).catch(() => null);
  if (present === null || present.length === 0) return;
  const manifest = await readFile(path.join(out, LAKE_MANIFEST), 'utf8').catch(() => null);
  if (manifest === null) throw new ExtractFolderError(`${out} is not empty and holds no previous lake (no ${LAKE_MANIFEST}): choose an empty folder`);
}

/**
 * Puts the new lake where the old one was: the old one is renamed aside and removed once the new one is in place, so
 * a reader finds one whole lake or none, never a mix of two.
 */
async function swapIn(partial: string, out: string): Promise<void> {
  const previous = `${out}.previous`;
  await rm(previous, { recursive: true, force: true });
  const hadOne = await rename(out, previous).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(partial, out);
  if (hadOne) await rm(previous, { recursive: true, force: true });
}

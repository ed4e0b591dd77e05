/**
 * The requirement statuses model reshapes the assessment table's status and evidence columns (`m3/r_M3_6`,
 * `m3/r_M3_6_evidence`) by pattern, and DuckDB refuses a pattern that matches no column. An export can lack every
 * evidence column (a form mapped without evidence, an export trimmed by hand), so the snapshot's copy gets one empty
 * column of each kind it lacks: empty cells give no rows, so nothing is invented.
 */
import { quoteIdentifier, type Database } from '../gateway/duckdb.ts';

const STATUS = /^[a-z0-9_]+\/r_[A-Z0-9_]+$/;
const EVIDENCE = /^[a-z0-9_]+\/r_[A-Z0-9_]+_evidence$/;

export async function ensureWideColumns(db: Database, table: string): Promise<string[]> {
  const columns = (
    await db.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table`,
      { table },
    )
  ).map((c) => c.column_name);
  if (columns.length === 0) return [];
  const added: string[] = [];
  if (!columns.some((c) => STATUS.test(c))) added.push('_none/r_NONE');
  if (!columns.some((c) => EVIDENCE.test(c))) added.push('_none/r_NONE_evidence');
  for (const column of added) await db.run(`alter table raw.${quoteIdentifier(table)} add column ${quoteIdentifier(column)} varchar`);
  return added;
}

/**
 * `veta export`: open-data extracts of a snapshot, per access tier, with a Frictionless datapackage.json; or, with
 * `--lake`, the marts that have a country and a year as Parquet partitioned by both, for engines past one machine.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { ExtractFolderError, TIERS, writeExtracts, type Tier } from '../../warehouse/extracts/write-extracts.ts';
import { LAKE_PARTITIONS, writeLake } from '../../warehouse/extracts/write-lake.ts';
import type { Command } from '../command.ts';
import { CliError, UsageError } from '../errors.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write open-data extracts of a snapshot (Parquet, CSV, GeoJSON) with a Frictionless datapackage.json, or a Parquet lake.',
  usage: 'veta export [--snapshot ID] [--tier public|restricted] [--lake] [--out DIR] [--json]',
  help: [
    '  --snapshot ID    a kept snapshot (default: the published one)',
    '  --tier TIER      public (default): tables not about one site or person, public columns, small counts withheld;',
    '                   restricted: every table and column but personal data',
    `  --lake           instead of the extract, the tier's marts that have ${LAKE_PARTITIONS.join(' and ')} as Parquet`,
    `                   partitioned by them (<table>/${LAKE_PARTITIONS.map((p) => `${p}=…`).join('/')}/), which Spark, Trino or`,
    '                   DuckDB read as a Hive-partitioned lake; with lake.json naming the snapshot',
    '  --out DIR        where to write (default: <home>/extracts/<snapshot id>/<tier>, where the API serves it, or',
    '                   <tier>-lake beside it): an empty folder, or one holding a previous extract (or lake), replaced',
    '  --json           print one JSON object: snapshot_id, tier, out, tables, and withheld (extract) or',
    '                   partitioned_by (lake)',
  ],
  options: {
    snapshot: { type: 'string' },
    tier: { type: 'string' },
    lake: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context) {
    const tier = (context.values.tier ?? 'public') as Tier;
    if (!TIERS.includes(tier)) throw new UsageError(`unknown --tier "${tier}": expected one of ${TIERS.join(', ')}`);
    const id = context.values.snapshot;
    if (typeof id === 'string' && !/^[0-9a-f]{16}$/.test(id)) throw new UsageError(`--snapshot expects a snapshot id (16 hex digits), got "${id}"`);
    // Ids are checked above, so a path is only ever resolved inside the snapshots folder.
    const snapshot = typeof id === 'string' ? path.join(context.home.snapshots, `${id}.duckdb`) : context.home.published;
    try {
      await access(snapshot);
    } catch {
      throw new CliError(typeof id === 'string' ? `no kept snapshot ${id} under ${context.home.snapshots}` : 'nothing is published yet: run `veta build` first');
    }
    // By default beside the extracts `veta build` writes, under the snapshot's own id, where the API serves them.
    const lake = context.values.lake === true;
    const folder = lake ? `${tier}-lake` : tier;
    const out = typeof context.values.out === 'string' ? context.values.out : path.join(context.home.root, 'extracts', await snapshotIdOf(snapshot), folder);
    const refused = (error: Error) => {
      if (error instanceof ExtractFolderError) throw new CliError(error.message);
      throw error;
    };
    if (lake) {
      const written = await writeLake({ snapshot, out, tier }).catch(refused);
      if (context.values.json) context.out(JSON.stringify(written));
      for (const table of written.tables) context.err(`  ${table.table}: ${table.rows} rows in ${table.partitions} partitions (${table.path}/)`);
      context.err(`wrote the ${tier} lake of snapshot ${written.snapshot_id} to ${path.relative(process.cwd(), out) || '.'}`);
      return 0;
    }
    const report = await writeExtracts({ snapshot, out, tier }).catch(refused);
    if (context.values.json) context.out(JSON.stringify(report));
    for (const table of report.tables) context.err(`  ${table.table}: ${table.rows} rows (${table.files.join(', ')})`);
    for (const withheld of report.withheld) context.err(`  ${withheld.table}: not in the ${tier} extract: ${withheld.reason}`);
    context.err(`wrote the ${tier} extract of snapshot ${report.snapshot_id} to ${path.relative(process.cwd(), out) || '.'}`);
    return 0;
  },
};

async function snapshotIdOf(file: string): Promise<string> {
  const db = await Database.open(file, { readOnly: true });
  try {
    const [{ snapshot_id }] = await db.query<{ snapshot_id: string }>('select snapshot_id from meta.snapshot');
    return snapshot_id;
  } finally {
    db.close();
  }
}

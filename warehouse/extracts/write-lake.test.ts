import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedDemoForSuite, runCli } from '../../tests/helpers/demo-home.ts';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database, quoteLiteral } from '../gateway/duckdb.ts';
import type { VetaHome } from '../home.ts';
import { LAKE_MANIFEST, writeLake } from './write-lake.ts';

let home: VetaHome;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ home, remove } = await publishedDemoForSuite());
}, 120_000);
afterAll(() => remove?.());

async function query<T>(sql: string): Promise<T[]> {
  const db = await Database.open(':memory:');
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

describe('veta export --lake', () => {
  it('writes the public impact metrics partitioned by country and year, holding exactly the public extract\'s rows', async () => {
    const extract = await runCli(['export', '--home', home.root, '--tier', 'public', '--json']);
    expect(extract.code).toBe(0);
    const extractDir = (JSON.parse(extract.out[0]) as { out: string }).out;
    const written = await runCli(['export', '--home', home.root, '--lake', '--json']);
    expect(written.code).toBe(0);
    const lake = JSON.parse(written.out[0]) as { out: string; tables: { table: string; path: string; rows: number; partitions: number }[] };
    expect(path.basename(lake.out)).toBe('public-lake');
    // The only mart with both a country and a year in the public tier.
    expect(lake.tables.map((t) => t.table)).toEqual(['marts.fct_impact_metrics']);

    const [table] = lake.tables;
    const files = `${path.join(lake.out, table.path)}/**/*.parquet`;
    const fromLake = `read_parquet(${quoteLiteral(files)}, hive_partitioning = true)`;
    const fromExtract = `read_parquet(${quoteLiteral(path.join(extractDir, 'marts__fct_impact_metrics.parquet'))})`;
    const described = await query<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe select * from ${fromExtract})`);
    const columns = described.map((c) => c.column_name);
    expect(columns).toEqual(expect.arrayContaining(['country_code', 'year', 'suppressed']));
    // Hive partition values come back with guessed types (a year as BIGINT): they are cast to the extract's to compare.
    const select = (from: string) => `select ${described.map((c) => `${c.column_name}::${c.column_type}`).join(', ')} from ${from}`;
    const [counts] = await query<{ lake: number; extract: number; only_lake: number; only_extract: number }>(
      `select (select count(*) from ${fromLake})::integer as lake, (select count(*) from ${fromExtract})::integer as extract,
              (select count(*) from (${select(fromLake)} except all ${select(fromExtract)}))::integer as only_lake,
              (select count(*) from (${select(fromExtract)} except all ${select(fromLake)}))::integer as only_extract`,
    );
    expect(counts).toEqual({ lake: table.rows, extract: table.rows, only_lake: 0, only_extract: 0 });
    expect(table.rows).toBeGreaterThan(100);

    // One folder per country, one per year inside it, named the Hive way, as many as the report counts.
    const countries = await readdir(path.join(lake.out, table.path));
    expect(countries.length).toBeGreaterThan(1);
    expect(countries.every((c) => /^country_code=[A-Z]{2}$/.test(c))).toBe(true);
    const years = (await Promise.all(countries.map((c) => readdir(path.join(lake.out, table.path, c))))).flat();
    expect(years.every((y) => /^year=\d{4}$/.test(y))).toBe(true);
    expect(years).toHaveLength(table.partitions);
    const manifest = JSON.parse(await readFile(path.join(lake.out, LAKE_MANIFEST), 'utf8')) as { snapshot_id: string; tables: unknown[] };
    expect(manifest.tables).toEqual(lake.tables);
  });

  it('replaces a previous lake, and refuses a folder that holds anything else', async () => {
    const out = path.join(await tempDir(), 'lake');
    const first = await writeLake({ snapshot: home.published, out, tier: 'public' });
    const again = await writeLake({ snapshot: home.published, out, tier: 'public' });
    expect(again.tables).toEqual(first.tables);
    expect((await readdir(path.dirname(out))).sort()).toEqual(['lake']);

    const foreign = await tempDir();
    await writeFile(path.join(foreign, 'notes.txt'), 'mine');
    const refused = await runCli(['export', '--home', home.root, '--lake', '--out', foreign]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`${foreign} is not empty and holds no previous lake (no lake.json): choose an empty folder`);
    expect(await readdir(foreign)).toEqual(['notes.txt']);
  });
});

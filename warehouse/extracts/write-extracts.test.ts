import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, publishedDemo } from '../../tests/helpers/demo-home.ts';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database } from '../gateway/duckdb.ts';
import { grainKey } from '../publish/tier-view.ts';
import { writeExtracts } from './write-extracts.ts';

interface Resource {
  name: string;
  path: string;
  format: string;
  bytes: number;
  hash: string;
  schema?: { fields: { name: string; type: string; sensitivity?: string }[]; primaryKey?: string[] };
}

const readPackage = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8')) as { name: string; resources: Resource[]; 'x-veta': { withheld: { table: string }[] } };

async function parquetColumns(file: string): Promise<string[]> {
  const db = await Database.open(':memory:');
  try {
    return (await db.query<{ column_name: string }>(`select column_name from (describe select * from read_parquet('${file}'))`)).map((c) => c.column_name);
  } finally {
    db.close();
  }
}

/** A snapshot of one table by region, described as the build describes marts, to check the public rules on. */
async function regionSnapshot(dir: string): Promise<string> {
  const file = path.join(dir, 'snapshot.duckdb');
  const db = await Database.open(file);
  try {
    await db.run(`create schema meta; create schema marts;
      create table meta.snapshot as select 'abcdef0123456789' as snapshot_id, timestamp '2026-09-01 10:00:00' as built_at;
      create table marts.fct_regions as select * from (values ('CO', 12, 40.5::double), ('PE', 3, 7.25::double), ('BF', null, 1.0::double)) t(country_code, sites_known, gold_kg);
      create table meta.data_dictionary as select * from (values
        ('marts', 'fct_regions', 'Regions', 'one row per country (country_code)', 1, 'country_code', 'VARCHAR', null, 'public', 'Country'),
        ('marts', 'fct_regions', 'Regions', 'one row per country (country_code)', 2, 'sites_known', 'INTEGER', 'sites', 'public', 'Sites'),
        ('marts', 'fct_regions', 'Regions', 'one row per country (country_code)', 3, 'gold_kg', 'DOUBLE', 'kg', 'public', 'Gold')
      ) t(schema_name, table_name, table_description, grain, position, column_name, column_type, unit, sensitivity, description)`);
  } finally {
    db.close();
  }
  return file;
}

describe('grainKey', () => {
  it('reads the key a grain names in parentheses', () => {
    expect(grainKey('one row per judgement and flagged requirement (assessment_id, judged_as, requirement_id)')).toEqual([
      'assessment_id',
      'judged_as',
      'requirement_id',
    ]);
    expect(grainKey('one row')).toEqual([]);
  });
});

describe('writeExtracts', () => {
  it('withholds the figures of rows that count fewer sites than the threshold in the public extract, and says so', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'public');
    await writeExtracts({ snapshot: await regionSnapshot(dir), out, tier: 'public', minCount: 5 });
    const db = await Database.open(':memory:');
    try {
      expect(await db.query(`select * from read_parquet('${path.join(out, 'marts__fct_regions.parquet')}') order by country_code`)).toEqual([
        // No count, no figures: nothing vouches that the row is about enough sites.
        { country_code: 'BF', sites_known: null, gold_kg: null, suppressed: true },
        { country_code: 'CO', sites_known: 12, gold_kg: 40.5, suppressed: false },
        { country_code: 'PE', sites_known: null, gold_kg: null, suppressed: true },
      ]);
    } finally {
      db.close();
    }
  });

  it('replaces a previous extract in its folder, and refuses a folder that holds anything else', async () => {
    const dir = await tempDir();
    const snapshot = await regionSnapshot(dir);
    const out = path.join(dir, 'public');
    await writeExtracts({ snapshot, out, tier: 'public' });
    await expect(writeExtracts({ snapshot, out, tier: 'public' })).resolves.toMatchObject({ tables: [{ table: 'marts.fct_regions', rows: 3 }] });
    await writeFile(path.join(out, 'notes.txt'), 'mine');
    await expect(writeExtracts({ snapshot, out, tier: 'public' })).rejects.toThrow(/holds files no previous extract wrote \(notes\.txt\)/);
    await expect(writeExtracts({ snapshot, out: dir, tier: 'public' })).rejects.toThrow(/is not empty and holds no previous extract/);
  });

  it('clears what a write cut short left, by its journal, and writes the extract whole', async () => {
    const dir = await tempDir();
    const snapshot = await regionSnapshot(dir);
    const out = path.join(dir, 'public');
    // A second documented table that is not in the file: the write fails after the first table's files.
    const broken = path.join(dir, 'broken.duckdb');
    await copyFile(snapshot, broken);
    const db = await Database.open(broken);
    try {
      await db.run(`insert into meta.data_dictionary values
        ('marts', 'fct_sales', 'Sales', 'one row per sale (sale_id)', 1, 'sale_id', 'VARCHAR', null, 'public', 'Sale')`);
    } finally {
      db.close();
    }
    await expect(writeExtracts({ snapshot: broken, out, tier: 'public' })).rejects.toThrow(/fct_sales/);
    expect((await readdir(out)).sort()).toEqual(['.extract-in-progress', 'marts__fct_regions.csv', 'marts__fct_regions.parquet']);

    await expect(writeExtracts({ snapshot, out, tier: 'public' })).resolves.toMatchObject({ tables: [{ table: 'marts.fct_regions', rows: 3 }] });
    expect((await readdir(out)).sort()).toEqual(['datapackage.json', 'marts__fct_regions.csv', 'marts__fct_regions.parquet']);
    expect((await readPackage(out)).resources.map((r) => r.path).sort()).toEqual(['marts__fct_regions.csv', 'marts__fct_regions.parquet']);
  });
});

describe('veta export of the demo', () => {
  it('writes public and restricted extracts whose package lists every file with its hash and schema, by tier', async () => {
    const home = await publishedDemo();
    for (const tier of ['public', 'restricted'] as const) {
      const { code, out } = await runCli(['export', '--home', home.root, '--tier', tier, '--json']);
      expect(code).toBe(0);
      const report = JSON.parse(out[0]) as { out: string; tables: { table: string }[] };
      const pkg = await readPackage(report.out);
      expect(pkg.resources.length).toBeGreaterThan(10);
      for (const resource of pkg.resources) {
        const bytes = await readFile(path.join(report.out, resource.path));
        expect(resource.hash).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
        expect(resource.bytes).toBe(bytes.length);
        if (resource.format !== 'parquet') continue;
        // The files hold exactly the columns the schema lists, and none the tier may not see.
        const fields = resource.schema!.fields;
        expect(await parquetColumns(path.join(report.out, resource.path))).toEqual(fields.map((f) => f.name));
        for (const field of fields) {
          if (field.name === 'suppressed') continue;
          expect(tier === 'public' ? field.sensitivity === 'public' : field.sensitivity !== 'personal').toBe(true);
        }
      }
      if (tier === 'public') {
        // Nothing about one site, producer or assessment.
        expect(pkg['x-veta'].withheld.map((w) => w.table)).toEqual(expect.arrayContaining(['marts.dim_sites', 'marts.fct_requirement_results']));
        expect(pkg.resources.some((r) => r.path.startsWith('marts__dim_sites'))).toBe(false);
      } else {
        const sites = JSON.parse(await readFile(path.join(report.out, 'marts__dim_sites.geojson'), 'utf8')) as { features: { properties: Record<string, unknown> }[] };
        expect(sites.features.length).toBeGreaterThan(10);
        expect(Object.keys(sites.features[0].properties)).not.toContain('site_lon');
        expect(pkg.resources.some((r) => r.path === 'marts__fct_requirement_results.parquet')).toBe(true);
      }
    }
    const unknown = await runCli(['export', '--home', home.root, '--snapshot', '0123456789abcdef']);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/no kept snapshot 0123456789abcdef/);
  });

  it('maps the public tier by generalised places and region outlines, never a site\'s own coordinates', async () => {
    const home = await publishedDemo();
    const { out } = await runCli(['export', '--home', home.root, '--tier', 'public', '--json']);
    const dir = (JSON.parse(out[0]) as { out: string }).out;
    type Feature = { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };
    const read = async (file: string) => (JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { features: Feature[] }).features;

    const db = await Database.open(home.published, { readOnly: true });
    let sites: { site_lon: number; site_lat: number }[];
    let labels: Map<string, [number, number]>;
    let regionRows: number;
    try {
      sites = await db.query('select site_lon, site_lat from marts.dim_sites');
      labels = new Map(
        (await db.query<{ admin1_code: string; label_lon: number; label_lat: number }>('select admin1_code, label_lon, label_lat from catalogue.admin1_shapes')).map(
          (r) => [r.admin1_code, [r.label_lon, r.label_lat]],
        ),
      );
      [{ n: regionRows }] = await db.query<{ n: number }>(
        `select count(*)::integer as n from marts.fct_region_risk_profiles where edition = 'public' and mineral = 'all' and admin1_code is not null`,
      );
    } finally {
      db.close();
    }

    const places = await read('marts__fct_site_places.geojson');
    expect(places.length).toBeGreaterThan(3);
    const siteKeys = new Set(sites.map((s) => `${s.site_lon},${s.site_lat}`));
    for (const place of places) {
      const [lon, lat] = place.geometry.coordinates as [number, number];
      expect(siteKeys.has(`${lon},${lat}`)).toBe(false);
      if (place.properties.precision === 'admin1') expect([lon, lat]).toEqual(labels.get(place.properties.admin1_code as string));
      expect(Object.keys(place.properties)).not.toContain('place_lon');
      // A place with fewer than five sites says how many no more than any other public figure does.
      if (place.properties.suppressed) expect(place.properties.sites_known).toBeNull();
      else expect(place.properties.sites_known).toBeGreaterThanOrEqual(5);
    }
    expect(places.some((p) => p.properties.suppressed === true)).toBe(true);

    const regions = await read('marts__fct_region_risk_profiles.geojson');
    expect(regions).toHaveLength(regionRows);
    expect(new Set(regions.map((r) => r.geometry.type))).toEqual(new Set(['MultiPolygon']));
    expect(new Set(regions.map((r) => r.properties.mineral))).toEqual(new Set(['all']));
    // The public extract holds the public edition of the present only, as the public pages do.
    expect(new Set([...places, ...regions].map((r) => r.properties.edition))).toEqual(new Set(['public']));

    const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8')) as { licenses: { name: string }[]; sources: { title: string }[] };
    expect(pkg.licenses.map((l) => l.name)).toEqual(['CC-BY-4.0']);
    expect(pkg.sources.map((s) => s.title).join(' ')).toMatch(/Natural Earth.*IPIS.*Amazon Mining Watch/);
  });
});


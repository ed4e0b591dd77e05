import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database } from '../gateway/duckdb.ts';
import { buildOrder, loadProject } from './model-project.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

/** Writes a transforms/ tree from `{ 'marts/x.sql': '…' }` and documents every model in it. */
async function project(files: Record<string, string>, docs = true): Promise<string> {
  const root = await tempDir();
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), sql);
  }
  if (docs) {
    // Published models need a contract; one declared column is enough for these tests.
    const contract = (f: string) =>
      f.startsWith('marts/') ? ', columns: [{ name: x, description: d, type: integer, sensitivity: public }]' : '';
    const models = Object.keys(files).map((f) => `  - { name: ${path.basename(f, '.sql')}, description: d, grain: g${contract(f)} }`);
    await writeFile(path.join(root, '_models.yml'), `models:\n${models.join('\n')}\n`);
  }
  return root;
}

describe('buildOrder', () => {
  it('puts every model after what it reads, alphabetically among equals', () => {
    const models = [
      { relation: 'marts.b', dependsOn: ['intermediate.a', 'staging.z'] },
      { relation: 'intermediate.a', dependsOn: ['staging.z', 'staging.y'] },
      { relation: 'staging.z', dependsOn: [] },
      { relation: 'staging.y', dependsOn: [] },
    ];
    expect(buildOrder(models).map((m) => m.relation)).toEqual(['staging.y', 'staging.z', 'intermediate.a', 'marts.b']);
  });

  it('names the models of a cycle', () => {
    const models = [
      { relation: 'marts.a', dependsOn: ['marts.b'] },
      { relation: 'marts.b', dependsOn: ['marts.a'] },
      { relation: 'staging.c', dependsOn: [] },
    ];
    expect(() => buildOrder(models)).toThrow('models depend on each other in a cycle: marts.a, marts.b');
  });
});

describe('loadProject', () => {
  it('derives dependencies and sources from the SQL itself', async () => {
    const root = await project({
      'staging/kobo/stg_kobo__visits.sql': 'select * from raw.kobo__visits',
      'intermediate/int_visits_ranked.sql': 'with v as (select * from staging.stg_kobo__visits) select * from v',
      'marts/dim_sites.sql': 'select * from intermediate.int_visits_ranked join staging.stg_kobo__visits using (id)',
    });
    const models = await loadProject(db, root);
    expect(models.map((m) => [m.relation, m.dependsOn, m.sources])).toEqual([
      ['staging.stg_kobo__visits', [], ['raw.kobo__visits']],
      ['intermediate.int_visits_ranked', ['staging.stg_kobo__visits'], []],
      ['marts.dim_sites', ['intermediate.int_visits_ranked', 'staging.stg_kobo__visits'], []],
    ]);
  });

  it.each([
    [
      'a mart reading raw data',
      { 'marts/dim_x.sql': 'select * from raw.t' },
      /dim_x\.sql: only staging models may read raw tables \(reads raw\.t\)/,
    ],
    [
      'a reference to nothing known',
      { 'marts/dim_x.sql': 'select * from staging.missing' },
      /dim_x\.sql: reads staging\.missing, which is neither a model, a raw table, a catalogue table nor one of meta\.ingest_batches/,
    ],
    [
      'a staging model reading a mart',
      { 'staging/stg_a.sql': 'select * from marts.dim_b', 'marts/dim_b.sql': 'select 1 as x' },
      /stg_a\.sql: a staging model cannot read marts\.dim_b/,
    ],
    ['SQL that does not parse', { 'marts/dim_x.sql': 'selec * from' }, /dim_x\.sql: cannot parse SQL/],
    ['a model outside the layers', { 'reports/x.sql': 'select 1' }, /x\.sql: models live under staging\/, intermediate\/, marts\//],
  ])('refuses %s, naming the file', async (_name, files, message) => {
    await expect(loadProject(db, await project(files))).rejects.toThrow(message);
  });

  it('requires a published model to declare the type and sensitivity of its columns', async () => {
    const root = await project({ 'marts/dim_x.sql': 'select 1 as x' }, false);
    await writeFile(
      path.join(root, '_marts__models.yml'),
      'models:\n  - name: dim_x\n    description: d\n    grain: g\n    columns:\n      - { name: x, type: integer }\n',
    );
    await expect(loadProject(db, root)).rejects.toThrow(/dim_x\.sql: the published model dim_x column x lacks description, sensitivity/);
  });

  it('requires every model to document its grain', async () => {
    const root = await project({ 'marts/dim_x.sql': 'select 1 as x' }, false);
    await expect(loadProject(db, root)).rejects.toThrow(/dim_x\.sql: model dim_x has no entry \(description and grain\)/);
  });

  it('points at the mistake in a models file', async () => {
    const root = await project({ 'marts/dim_x.sql': 'select 1 as x' }, false);
    await writeFile(
      path.join(root, '_marts__models.yml'),
      'models:\n  - name: dim_x\n    description: d\n    grain: g\n    columns:\n      - name: x\n        tests: [uniq]\n',
    );
    await expect(loadProject(db, root)).rejects.toThrow(/_marts__models\.yml: at models\.0\.columns\.0\.tests\.0: /);
  });
});

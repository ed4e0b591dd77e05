import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingest-file.ts';
import { demoExport } from '../../tests/helpers/demo-home.ts';
import { tempDir, tempHome } from '../../tests/helpers/temp-home.ts';
import { Database } from '../gateway/duckdb.ts';
import type { VetaHome } from '../home.ts';
import { openLanding } from '../landing/open-landing.ts';
import { CATALOGUE_DIR, TRANSFORMS_DIR } from '../project-paths.ts';
import { buildSnapshot } from './build-snapshot.ts';
import { snapshotId } from './snapshot-id.ts';

async function land(home: VetaHome, file: string): Promise<void> {
  const db = await openLanding(home.warehouse);
  try {
    await ingestFile(db, file, { archiveDir: path.join(home.root, 'archive') });
  } finally {
    db.close();
  }
}

async function inSnapshot<T>(file: string, sql: string): Promise<T[]> {
  const db = await Database.open(file, { readOnly: true });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

describe('buildSnapshot with the project models', () => {
  it('publishes canonical marts whose every status traces back to the cell of the file it came from', async () => {
    const home = await tempHome();
    const demo = await demoExport(8, home.demo);
    await land(home, demo.file);
    const report = await buildSnapshot({ home });
    expect(report).toMatchObject({ published: true, models_failed: 0, tests_failed: 0, models_built: 38 });
    expect(report.tests_passed).toBeGreaterThan(100);

    const [counts] = await inSnapshot<{ sites: number; producers: number; assessments: number; results: number }>(
      home.published,
      `select (select count(*) from marts.dim_sites)::integer as sites,
              (select count(*) from marts.dim_producers)::integer as producers,
              (select count(*) from marts.fct_assessments)::integer as assessments,
              (select count(*) from marts.fct_requirement_results)::integer as results`,
    );
    expect(counts).toEqual({
      sites: demo.manifest.sites,
      producers: demo.manifest.producers,
      assessments: demo.manifest.submissions,
      results: demo.manifest.requirement_statuses,
    });

    // Evidence: each result names the question, submission, file and row; that cell of the file holds the status.
    const byUuid = new Map(demo.rows.map((row, i) => [demo.cell(row, '_uuid'), { row, line: i + 2 }]));
    const [{ hash }] = await inSnapshot<{ hash: string }>(home.published, 'select distinct file_hash as hash from meta.ingest_batches');
    const results = await inSnapshot<{ assessment_id: string; section_code: string; question_name: string; status_code: string; source_row: number; source_file_hash: string }>(
      home.published,
      'select assessment_id, section_code, question_name, status_code, source_row, source_file_hash from marts.fct_requirement_results',
    );
    const untraced = results.filter((r) => {
      const found = byUuid.get(r.assessment_id);
      const column = `${r.section_code.toLowerCase()}/${r.question_name}`;
      return !found || found.line !== r.source_row || r.source_file_hash !== hash || demo.cell(found.row, column) !== r.status_code;
    });
    expect(untraced).toEqual([]);

    // The site assessed most often is described by its latest visit, not its first.
    const visits = new Map<string, string[][]>();
    for (const row of demo.rows) visits.set(demo.cell(row, 'site/site_code'), [...(visits.get(demo.cell(row, 'site/site_code')) ?? []), row]);
    const [siteId, siteRows] = [...visits].sort((a, b) => b[1].length - a[1].length)[0];
    expect(siteRows.length).toBeGreaterThan(1);
    const latest = siteRows.map((r) => demo.cell(r, 'identification/assessment_date')).sort().at(-1);
    const [site] = await inSnapshot<{ d: string }>(
      home.published,
      `select strftime(last_assessment_date, '%Y-%m-%d') as d from marts.dim_sites where site_id = '${siteId}'`,
    );
    expect(site.d).toBe(latest);
  });

  it('keeps the published snapshot when a data test fails, and records the failing rows', async () => {
    const home = await tempHome();
    const demo = await demoExport(4, home.demo);
    await land(home, demo.file);
    const good = await buildSnapshot({ home });
    const before = await stat(home.published);

    const other = await demoExport(4, await tempDir());
    const rows = other.rows.slice(0, 3).map((r) => [...r]);
    // A new submission (fresh uuid) with a role the form does not offer.
    rows[1][other.header.indexOf('_uuid')] = '11111111-2222-4333-8444-555555555555';
    rows[1][other.header.indexOf('identification/assessor_role')] = 'minister';
    const bad = path.join(home.root, 'bad.csv');
    await writeFile(bad, [other.header, rows[1]].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\n'));
    await land(home, bad);

    const report = await buildSnapshot({ home });
    expect(report).toMatchObject({ published: false });
    expect(report.tests.filter((t) => !t.passed).map((t) => t.test).sort()).toEqual([
      'accepted_values_fct_assessments_assessor_role',
      'accepted_values_stg_kobo__veta_site_assessments_assessor_role',
    ]);
    expect(report.tests.find((t) => t.test === 'accepted_values_stg_kobo__veta_site_assessments_assessor_role')).toMatchObject({
      failing_rows: 1,
      sample: [expect.objectContaining({ assessor_role: 'minister', source_row: 2 })],
    });
    const after = await stat(home.published);
    expect(after.ino).toBe(before.ino);
    const [{ id }] = await inSnapshot<{ id: string }>(home.published, 'select snapshot_id as id from meta.snapshot');
    expect(id).toBe(good.snapshot_id);
    const audit = await inSnapshot(report.file, "select count(*)::integer as n from audit.test_failures where model like 'staging.%'");
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('builds the feed marts empty when only survey exports have landed, and says which source a model lacks', async () => {
    const home = await tempHome();
    await land(home, (await demoExport(3, home.demo)).file);
    const report = await buildSnapshot({ home });
    expect(report).toMatchObject({ published: true, models_failed: 0 });
    expect(report.models.find((m) => m.model === 'marts.fct_production_sales')).toEqual({
      model: 'marts.fct_production_sales',
      status: 'built',
      rows: 0,
    });

    const feedsOnly = await tempHome();
    const { manifest } = await demoExport(3, feedsOnly.demo);
    await land(feedsOnly, manifest.files.sales_ledger);
    const failed = await buildSnapshot({ home: feedsOnly });
    expect(failed.published).toBe(false);
    expect(failed.models).toContainEqual({
      model: 'staging.stg_kobo__veta_site_assessments',
      status: 'failed',
      error:
        'staging.stg_kobo__veta_site_assessments: nothing has landed in raw.kobo__veta_site_assessments yet: ' +
        'ingest a file of that source first',
    });
    expect(failed.models).toContainEqual({
      model: 'marts.fct_production_sales',
      status: 'built',
      rows: (await readFile(manifest.files.sales_ledger, 'utf8')).trim().split('\n').length - 1,
    });
  });

  it('reconciles every Fairmined premium in the ledger with the catalogue rates', async () => {
    const home = await tempHome();
    const { manifest } = await demoExport(40, home.demo);
    for (const file of [manifest.files.kobo_csv, manifest.files.sales_ledger, manifest.files.fairmined_register]) await land(home, file);
    expect((await buildSnapshot({ home })).published).toBe(true);
    const [premiums] = await inSnapshot<{ fairmined_sales: number; differing: number; certified: number }>(
      home.published,
      `select count(*) filter (where fairmined_model <> 'none')::integer as fairmined_sales,
              count(*) filter (where premium_usd <> expected_premium_usd)::integer as differing,
              (select count(*) from marts.dim_producers where is_fairmined_certified)::integer as certified
       from marts.fct_production_sales`,
    );
    expect(premiums.fairmined_sales).toBeGreaterThan(0);
    expect(premiums.differing).toBe(0);
    expect(premiums.certified).toBeGreaterThan(0);
  });

  it('reads decimal commas and day-first dates in a ledger saved in a Spanish or French locale', async () => {
    const home = await tempHome();
    await land(home, (await demoExport(3, home.demo)).file);
    const ledger = path.join(home.root, 'ventas.csv');
    await writeFile(
      ledger,
      'sale_id;producer_code;sale_date;period;gold_grams;fineness;fine_gold_grams;buyer;fairmined_model;is_ecological_gold;premium_usd\n' +
        'V-1;CO-P001;05/01/2024;2024-01;1 234,5;0,875;1 080,19;Comercializadora;labelled;false;4 320,76\n',
    );
    await land(home, ledger);
    expect((await buildSnapshot({ home })).published).toBe(true);
    const [sale] = await inSnapshot(
      home.published,
      `select strftime(sale_date, '%Y-%m-%d') as sale_date, gold_grams, fineness, premium_usd::double as premium_usd,
              expected_premium_usd::double as expected_premium_usd
       from marts.fct_production_sales`,
    );
    expect(sale).toEqual({ sale_date: '2024-01-05', gold_grams: 1234.5, fineness: 0.875, premium_usd: 4320.76, expected_premium_usd: 4320.76 });
  });

  it('lets an edited re-export supersede the earlier version of a submission, keeping both in raw', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    await land(home, demo.file);
    const edited = demo.rows.map((r) => [...r]);
    const target = edited[4];
    const uuid = demo.cell(target, '_uuid');
    const was = demo.cell(target, 'm5/r_M5_1');
    const now = was === 'conformant' ? 'in_progress' : 'conformant';
    target[demo.header.indexOf('m5/r_M5_1')] = now;
    target[demo.header.indexOf('meta/instanceID')] = 'uuid:0f0f0f0f-1111-4222-8333-444444444444';
    const reexport = path.join(home.root, 'reexport.csv');
    await writeFile(reexport, [demo.header, ...edited].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\n'));
    const db = await openLanding(home.warehouse);
    const summary = await ingestFile(db, reexport, { archiveDir: path.join(home.root, 'archive') });
    db.close();
    expect(summary).toMatchObject({ rows_loaded: 1, rows_superseding: 1, rows_duplicate: demo.rows.length - 1 });

    expect((await buildSnapshot({ home })).published).toBe(true);
    const [result] = await inSnapshot<{ status_code: string; source_file_hash: string }>(
      home.published,
      `select status_code, source_file_hash from marts.fct_requirement_results
       where assessment_id = '${uuid}' and requirement_id = 'craft-2.1.M5-1'`,
    );
    expect(result.status_code).toBe(now);
    const [{ hash }] = await inSnapshot<{ hash: string }>(
      home.published,
      `select file_hash as hash from meta.ingest_batches where batch_id = '${summary.batch_id}'`,
    );
    expect(result.source_file_hash).toBe(hash);
    const versions = await inSnapshot<{ v: string; status: string }>(
      home.published,
      `select _record_version as v, "m5/r_M5_1" as status from raw.kobo__veta_site_assessments where _submission_uuid = '${uuid}' order by _landed_at`,
    );
    expect(versions).toEqual([
      { v: demo.cell(demo.rows[4], 'meta/instanceID').replace('uuid:', ''), status: was },
      { v: '0f0f0f0f-1111-4222-8333-444444444444', status: now },
    ]);
    const [{ n }] = await inSnapshot<{ n: number }>(home.published, 'select count(*)::integer as n from marts.fct_assessments');
    expect(n).toBe(demo.rows.length);
  });

  it('names a snapshot by its inputs: the same inputs give the same id and the same marts, new ones a new id', async () => {
    const home = await tempHome();
    const demo = await demoExport(4, home.demo);
    await land(home, demo.file);
    const first = await buildSnapshot({ home });
    const again = await buildSnapshot({ home });
    expect(first.snapshot_id).toMatch(/^[0-9a-f]{16}$/);
    expect(again.snapshot_id).toBe(first.snapshot_id);
    const contents = async () => {
      const marts = await inSnapshot<{ table_name: string }>(home.published, `select table_name from duckdb_tables() where schema_name = 'marts' order by 1`);
      const hashes: Record<string, string> = {};
      for (const { table_name } of marts) {
        const [{ h }] = await inSnapshot<{ h: string }>(
          home.published,
          `select coalesce(sum(hash(t))::varchar, 'empty') as h from marts.${table_name} as t`,
        );
        hashes[table_name] = h;
      }
      return hashes;
    };
    const before = await contents();
    expect(Object.keys(before).length).toBeGreaterThan(8);
    await buildSnapshot({ home });
    expect(await contents()).toEqual(before);

    await land(home, demo.manifest.files.incidents);
    const changed = await buildSnapshot({ home });
    expect(changed.snapshot_id).not.toBe(first.snapshot_id);
    // Both stay under their ids; only the published one is served.
    expect((await readdir(home.snapshots)).sort()).toEqual([`${first.snapshot_id}.duckdb`, `${changed.snapshot_id}.duckdb`].sort());
  });

  it('starts afresh after a build that was killed, leaving the file of a build still running alone', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    await land(home, demo.file);
    const id = await snapshotId({ landing: home.warehouse, catalogueDir: CATALOGUE_DIR, transformsDir: TRANSFORMS_DIR, mappingsDir: home.mappings });
    await mkdir(home.snapshots, { recursive: true });
    // What a build killed while copying the landing leaves: its half-built file (under the name builds had before
    // they were named after their process, and under its dead process's pid, with a write-ahead log).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const abandoned = [`${id}.duckdb.building`, `${id}.duckdb.${dead}.building`];
    for (const name of abandoned) {
      const db = await Database.open(path.join(home.snapshots, name));
      await db.run('create schema raw; create table raw.half_copied (n integer)');
      db.close();
    }
    await writeFile(path.join(home.snapshots, `${id}.duckdb.${dead}.building.wal`), 'cut short');
    const running = `${id}.duckdb.${process.ppid}.building`;
    await writeFile(path.join(home.snapshots, running), '');

    const report = await buildSnapshot({ home });
    expect(report).toMatchObject({ snapshot_id: id, published: true });
    expect((await readdir(home.snapshots)).sort()).toEqual([`${id}.duckdb`, running].sort());
    const [{ n }] = await inSnapshot<{ n: number }>(home.published, `select count(*)::integer as n from duckdb_tables() where table_name = 'half_copied'`);
    expect(n).toBe(0);
  });

  it('keeps only the most recent snapshots, and always the one served', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    await land(home, demo.file);
    const ids: string[] = [];
    for (const file of [demo.manifest.files.incidents, demo.manifest.files.sales_ledger, demo.manifest.files.fairmined_register]) {
      ids.push((await buildSnapshot({ home, keep: 2 })).snapshot_id);
      await mkdir(path.join(home.root, 'extracts', ids.at(-1)!, 'public'), { recursive: true });
      await land(home, file);
    }
    ids.push((await buildSnapshot({ home, keep: 2 })).snapshot_id);
    expect(new Set(ids).size).toBe(4);
    expect((await readdir(home.snapshots)).sort()).toEqual(ids.slice(-2).map((id) => `${id}.duckdb`).sort());
    // A pruned snapshot's extracts go with it; a kept one's stay.
    expect(await readdir(path.join(home.root, 'extracts'))).toEqual([ids[2]]);
  });

  it('rebuilds a selected model and what reads it on the published snapshot, and refuses when data landed since', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    await land(home, demo.file);
    await expect(buildSnapshot({ home, select: 'fct_craft_site_status' })).rejects.toThrow(/none is published yet/);
    const full = await buildSnapshot({ home });
    const one = await buildSnapshot({ home, select: 'fct_craft_site_status' });
    expect(one.models.map((m) => m.model)).toEqual(['marts.fct_craft_site_status']);
    expect(one).toMatchObject({ published: true, snapshot_id: full.snapshot_id, tests_failed: 0 });
    const downstream = await buildSnapshot({ home, select: 'int_craft_site_statuses_judged+' });
    expect(downstream.models.map((m) => m.model)).toEqual([
      'intermediate.int_craft_site_statuses_judged',
      'intermediate.int_site_statuses_picked',
      'marts.fct_craft_site_status',
      'marts.fct_craft_status_evidence',
      'marts.fct_craft_status_history',
      'marts.fct_region_risk_profiles',
      'marts.fct_site_places',
    ]);
    // The untouched marts are the published ones, whole.
    const [{ n }] = await inSnapshot<{ n: number }>(home.published, 'select count(*)::integer as n from marts.fct_assessments');
    expect(n).toBe(demo.rows.length);
    await expect(buildSnapshot({ home, select: 'fct_nothing' })).rejects.toThrow(/--select fct_nothing: no model is called fct_nothing; models: /);
    await land(home, demo.manifest.files.incidents);
    await expect(buildSnapshot({ home, select: 'fct_incidents' })).rejects.toThrow(/1 ingest batches differ from the published snapshot's: run a full `veta build`/);
  });

  it('says what to do when nothing has been ingested', async () => {
    const home = await tempHome();
    await expect(buildSnapshot({ home })).rejects.toThrow(/nothing has been ingested .*veta ingest/);
  });
});

describe('buildSnapshot with a failing model', () => {
  it('skips what depends on it, still builds the independent models, and does not publish', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    await land(home, demo.file);
    const root = await tempDir();
    await mkdir(path.join(root, 'staging'));
    await mkdir(path.join(root, 'marts'));
    await writeFile(path.join(root, 'staging', 'stg_broken.sql'), 'select no_such_column from raw.kobo__veta_site_assessments');
    await writeFile(path.join(root, 'marts', 'dim_after_broken.sql'), 'select count(*)::integer as n from staging.stg_broken');
    await writeFile(path.join(root, 'staging', 'stg_ok.sql'), 'select _submission_uuid from raw.kobo__veta_site_assessments');
    await writeFile(path.join(root, 'marts', 'dim_independent.sql'), 'select count(*)::integer as n from staging.stg_ok');
    await writeFile(
      path.join(root, '_models.yml'),
      [
        'models:',
        ...['stg_broken', 'stg_ok', 'dim_after_broken', 'dim_independent'].map(
          (n) => `  - { name: ${n}, description: d, grain: g, columns: [{ name: n, description: d, type: integer, sensitivity: public }] }`,
        ),
      ].join('\n'),
    );
    const report = await buildSnapshot({ home, transformsDir: root });
    expect(report.models).toEqual([
      { model: 'staging.stg_broken', status: 'failed', error: expect.stringMatching(/^staging\.stg_broken \(stg_broken\.sql\): .*no_such_column/) },
      { model: 'staging.stg_ok', status: 'built', rows: demo.rows.length },
      { model: 'marts.dim_after_broken', status: 'skipped', error: 'staging.stg_broken did not build' },
      { model: 'marts.dim_independent', status: 'built', rows: 1 },
    ]);
    expect(report).toMatchObject({ models_built: 2, models_failed: 1 });
    expect(report.published).toBe(false);
    expect(await readFile(home.published).catch(() => 'absent')).toBe('absent');

    // --strict stops at the first failure: nothing after it is built.
    const strict = await buildSnapshot({ home, transformsDir: root, strict: true });
    expect(strict.models.map((m) => [m.model, m.status])).toEqual([
      ['staging.stg_broken', 'failed'],
      ['staging.stg_ok', 'skipped'],
      ['marts.dim_after_broken', 'skipped'],
      ['marts.dim_independent', 'skipped'],
    ]);
    expect(strict.models[1].error).toBe('--strict: stopped at the first failure');
  });

  it('computes each staging and intermediate view once while building, and publishes them as views of its own tables', async () => {
    const home = await tempHome();
    await land(home, (await demoExport(3, home.demo)).file);
    const root = await tempDir();
    for (const layer of ['staging', 'intermediate', 'marts']) await mkdir(path.join(root, layer));
    // random() gives other numbers each time the view is computed: two marts read the same draw only if it was kept.
    await writeFile(path.join(root, 'staging', 'stg_draws.sql'), 'select i::integer as i, random() as r from range(5) as t(i)');
    await writeFile(path.join(root, 'intermediate', 'int_draws_kept.sql'), 'select i, r from staging.stg_draws');
    await writeFile(path.join(root, 'marts', 'fct_draws_a.sql'), 'select i, r from intermediate.int_draws_kept');
    await writeFile(path.join(root, 'marts', 'fct_draws_b.sql'), 'select i, r from staging.stg_draws');
    const columns = '[{ name: i, description: d, type: integer, sensitivity: public, tests: [unique] }, { name: r, description: d, type: double, sensitivity: public }]';
    await writeFile(
      path.join(root, '_models.yml'),
      ['models:', ...['stg_draws', 'int_draws_kept', 'fct_draws_a', 'fct_draws_b'].map((n) => `  - { name: ${n}, description: d, grain: g, columns: ${columns} }`)].join('\n'),
    );
    const report = await buildSnapshot({ home, transformsDir: root });
    expect(report).toMatchObject({ published: true, models_built: 4, tests_failed: 0 });
    const modelTests = report.tests.filter((t) => !t.model.startsWith('catalogue.'));
    expect(modelTests.map((t) => [t.test, t.passed]).sort()).toEqual(
      ['fct_draws_a', 'fct_draws_b', 'int_draws_kept', 'stg_draws'].map((n) => [`unique_${n}_i`, true]),
    );

    const db = await Database.open(home.published, { readOnly: true });
    try {
      expect(await db.query('select i, r from marts.fct_draws_a order by i')).toEqual(await db.query('select i, r from marts.fct_draws_b order by i'));
      expect(await db.query(`select schema_name, view_name from duckdb_views() where not internal order by all`)).toEqual([
        { schema_name: 'intermediate', view_name: 'int_draws_kept' },
        { schema_name: 'staging', view_name: 'stg_draws' },
      ]);
      // The views read the snapshot itself: the database that held them during the build is gone.
      expect(await db.query('select count(*)::integer as n from intermediate.int_draws_kept')).toEqual([{ n: 5 }]);
      expect(await db.query(`select database_name from duckdb_databases() where not internal order by all`)).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('fails a published model whose columns differ from its contract, saying how', async () => {
    const home = await tempHome();
    await land(home, (await demoExport(3, home.demo)).file);
    const root = await tempDir();
    await mkdir(path.join(root, 'marts'));
    await writeFile(path.join(root, 'marts', 'dim_x.sql'), "select 1.5 as share, 'a' as label, 3 as extra");
    await writeFile(
      path.join(root, '_models.yml'),
      `models:
  - name: dim_x
    description: d
    grain: g
    columns:
      - { name: share, description: d, type: integer, sensitivity: public }
      - { name: label, description: d, type: varchar, sensitivity: public }
      - { name: missing, description: d, type: date, sensitivity: public }
`,
    );
    const report = await buildSnapshot({ home, transformsDir: root });
    expect(report.models).toEqual([
      {
        model: 'marts.dim_x',
        status: 'failed',
        error:
          'marts.dim_x (dim_x.sql): does not match its documented contract: column share is DECIMAL(2,1), declared ' +
          'INTEGER; column 3 is extra, declared missing',
      },
    ]);
  });
});

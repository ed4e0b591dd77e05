/**
 * The site endpoints against the snapshot they read: a profile holds every assessment of the site and the module
 * counts of its latest, and "explain this status" returns exactly the evidence rows of the current judgement, each
 * traced to its question, submission, file and row.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPaths, createToken } from '$warehouse/access/token-store.ts';
import { Database } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { VetaHome } from '$warehouse/home.ts';
import { demoExport, publishedDemoForSuite, runCli } from '../../../../../../tests/helpers/demo-home.ts';
import { createApi } from '../app.ts';

let home: VetaHome;
let remove: () => Promise<void>;
let reader: SnapshotReader;
let api: ReturnType<typeof createApi>;
let auth: Record<string, string>;

beforeAll(async () => {
  ({ home, remove } = await publishedDemoForSuite());
  const access = accessPaths(home.root);
  auth = { authorization: `Bearer ${(await createToken(access, { name: 'Field team', tier: 'implementer' })).token}` };
  reader = new SnapshotReader(home.published);
  api = createApi(reader, { access });
}, 120_000);
afterAll(async () => {
  reader?.close();
  await remove?.();
});

async function sql<T>(text: string): Promise<T[]> {
  const db = await Database.open(home.published, { readOnly: true });
  try {
    return await db.query<T>(text);
  } finally {
    db.close();
  }
}

describe('site endpoints', () => {
  it('explain a flagged status with the evidence rows of its judgement, down to the file row', async () => {
    const [flagged] = await sql<{ site_id: string; craft_status: string; assessment_id: string; n: number }>(
      `select s.site_id, s.craft_status, s.assessment_id, count(e.requirement_id)::integer as n
       from marts.fct_craft_site_status s
       join marts.fct_craft_status_evidence e on e.site_id = s.site_id and e.judged_as = 'current' and e.framework_version_id = s.framework_version_id
       where s.craft_status <> 'engage' group by all order by n desc, s.site_id limit 1`,
    );
    expect(flagged).toBeDefined();
    const body = (await (await api.request(`/api/v1/sites/${flagged.site_id}/evidence`, { headers: auth })).json()) as {
      craft_status: string;
      evidence: { submission_uuid: string; question_name: string; source_file_hash: string; source_row: number; craft_status: string }[];
    };
    expect(body.craft_status).toBe(flagged.craft_status);
    expect(body.evidence).toHaveLength(flagged.n);
    for (const row of body.evidence) {
      expect(row.submission_uuid).toBe(flagged.assessment_id);
      expect(row.question_name).toMatch(/\S/);
      expect(row.source_file_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.source_row).toBeGreaterThan(1);
      expect(row.craft_status).toBe(flagged.craft_status);
    }
    // The row named is the assessment's own row in the file it came from.
    const [{ source_row }] = await sql<{ source_row: number }>(`select source_row from marts.fct_assessments where assessment_id = '${flagged.assessment_id}'`);
    expect(new Set(body.evidence.map((e) => e.source_row))).toEqual(new Set([source_row]));
  });

  it('profile a site: every assessment in order, module counts of the latest, its improvement plans', async () => {
    const [site] = await sql<{ site_id: string; n: number }>(
      `select site_id, count(*)::integer as n from marts.fct_craft_status_history group by site_id order by n desc, site_id limit 1`,
    );
    const body = (await (await api.request(`/api/v1/sites/${site.site_id}`, { headers: auth })).json()) as {
      assessments: { assessment_date: string }[];
      modules: { requirements: number }[];
      improvement_plans: unknown[];
    };
    expect(body.assessments).toHaveLength(site.n);
    const dates = body.assessments.map((a) => a.assessment_date);
    expect(dates).toEqual([...dates].sort());
    const [{ requirements }] = await sql<{ requirements: number }>(
      `select count(*)::integer as requirements from marts.fct_requirement_results where assessment_id =
         (select assessment_id from marts.fct_craft_status_history where site_id = '${site.site_id}' order by assessment_date desc, assessment_id desc limit 1)`,
    );
    expect(body.modules.reduce((sum, m) => sum + m.requirements, 0)).toBe(requirements);
    const [{ plans }] = await sql<{ plans: number }>(`select count(*)::integer as plans from marts.fct_improvement_plans where site_id = '${site.site_id}'`);
    expect(body.improvement_plans).toHaveLength(plans);
  });

  it('refuse malformed parameters with what was expected', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/sites?country=CO%27%3B%20drop%20table%20x', /country: expected an ISO 3166-1 alpha-2 code/],
      ['/api/v1/sites?status=great', /status: expected one of engage, not_eligible, mitigate, suspend, disengage/],
      ['/api/v1/sites/%27%20or%20%271', /site id: expected the site code/],
      ['/api/v1/map/sites?status=1%3D1', /status: expected one of/],
      ['/api/v1/map/regions?year=twenty', /year: expected a year/],
    ];
    for (const [url, message] of cases) {
      const response = await api.request(url, { headers: auth });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('draw the choropleth from the published metric, withholding what the public may not see', async () => {
    const body = (await (await api.request('/api/v1/map/regions?metric=workers.women&mineral=all')).json()) as {
      year: number;
      regions: { features: { id: string; properties: { value: number | null; suppressed: boolean } }[] };
    };
    const rows = await sql<{ admin1_code: string; value: number; sites_count: number; producers_count: number }>(
      `select admin1_code, value, sites_count, producers_count from marts.fct_impact_metrics
       where metric_id = 'workers.women' and mineral = 'all' and year = ${body.year} and admin1_code is not null`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const feature = body.regions.features.find((f) => f.id === row.admin1_code)!;
      const small = row.sites_count < 5 || row.producers_count < 5;
      expect(feature.properties).toMatchObject(small ? { value: null, suppressed: true } : { value: row.value, suppressed: false });
    }
  });

  it('send the outlines apart from the values, in the same units, within the bounds they state', async () => {
    interface Outlines {
      features: { id: string; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }[];
    }
    const shapes = (await (await api.request('/api/v1/map/shapes')).json()) as { bounds: number[]; regions: Outlines; countries: Outlines };
    const values = (await (await api.request('/api/v1/map/regions?metric=workers.women&geometry=none')).json()) as {
      bounds: number[];
      regions: Outlines;
      countries: Outlines;
    };
    const full = (await (await api.request('/api/v1/map/regions?metric=workers.women')).json()) as { regions: Outlines; countries: Outlines };
    expect(shapes.regions.features.map((f) => f.id)).toEqual(values.regions.features.map((f) => f.id));
    expect(shapes.countries.features.map((f) => f.id)).toEqual(full.countries.features.map((f) => f.id));
    expect(shapes.regions.features.map((f) => f.geometry)).toEqual(full.regions.features.map((f) => f.geometry));
    expect(values.regions.features.every((f) => f.geometry === null)).toBe(true);
    expect(values.regions.features.map((f) => f.properties)).toEqual(full.regions.features.map((f) => f.properties));
    // The bounds are those of every vertex of the countries' outlines.
    const points: number[][] = [];
    const visit = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') points.push(c as number[]);
      else if (Array.isArray(c)) c.forEach(visit);
    };
    shapes.countries.features.forEach((f) => visit(f.geometry!.coordinates));
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    expect(shapes.bounds).toEqual([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
    expect(values.bounds).toEqual(shapes.bounds);
    // One country asked for, one country drawn.
    const colombia = (await (await api.request('/api/v1/map/shapes?country=CO')).json()) as { regions: Outlines; countries: Outlines };
    expect(colombia.countries.features.map((f) => f.id)).toEqual(['CO']);
    expect(colombia.regions.features.every((f) => f.properties.country_code === 'CO')).toBe(true);
    expect((await api.request('/api/v1/map/shapes?country=Colombia')).status).toBe(400);
    expect((await api.request('/api/v1/map/regions?geometry=some')).status).toBe(400);
  });

  it('review data quality as the snapshot records it: every batch, the rejects, coverage gaps', async () => {
    const body = (await (await api.request('/api/v1/quality', { headers: auth })).json()) as {
      batches: { rows_read: number; rows_loaded: number; rows_rejected: number; rows_duplicate: number }[];
      rejects_total: number;
      coverage_gaps: { coverage: number }[];
    };
    const [{ batches, rejects, gaps }] = await sql<{ batches: number; rejects: number; gaps: number }>(
      `select (select count(*) from meta.ingest_batches)::integer as batches, (select count(*) from meta.ingest_rejects)::integer as rejects,
              (select count(*) from marts.fct_region_risk_profiles where mineral = 'all' and admin1_code is not null and coverage < 1)::integer as gaps`,
    );
    expect(body.batches).toHaveLength(batches);
    for (const b of body.batches) expect(b.rows_read).toBe(b.rows_loaded + b.rows_rejected + b.rows_duplicate);
    expect(body.rejects_total).toBe(rejects);
    expect(body.coverage_gaps).toHaveLength(gaps);
    expect(body.coverage_gaps.every((g) => g.coverage < 1)).toBe(true);
  });

  it('names the newest build a failing data test kept from publishing, and its failing tests', async () => {
    const before = (await (await api.request('/api/v1/quality', { headers: auth })).json()) as { latest_failed_build: unknown };
    expect(before.latest_failed_build).toBeNull();
    // One new submission from an assessor role the form does not offer: the build runs, its tests fail, nothing is published.
    const { header, rows } = await demoExport(2);
    const row = [...rows[0]];
    row[header.indexOf('_uuid')] = '11111111-2222-4333-8444-555555555555';
    row[header.indexOf('identification/assessor_role')] = 'minister';
    const bad = path.join(home.root, 'bad-role.csv');
    await writeFile(bad, [header, row].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\n'));
    expect((await runCli(['ingest', '--home', home.root, bad])).code).toBe(0);
    expect((await runCli(['build', '--home', home.root])).code).toBe(1);

    const after = (await (await api.request('/api/v1/quality', { headers: auth })).json()) as {
      snapshot_id: string;
      latest_failed_build: { snapshot_id: string; failing_tests: { test: string; rows: number }[] };
    };
    expect(after.latest_failed_build.snapshot_id).not.toBe(after.snapshot_id);
    expect(after.latest_failed_build.failing_tests).toContainEqual({
      test: 'accepted_values_stg_kobo__veta_site_assessments_assessor_role',
      model: 'staging.stg_kobo__veta_site_assessments',
      rows: 1,
    });
  });
});


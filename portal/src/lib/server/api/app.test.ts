import { link, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { demoFacts, publishedDemo, runCli } from '../../../../../tests/helpers/demo-home.ts';
import { tempHome } from '../../../../../tests/helpers/temp-home.ts';
import { createApi } from './app.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';

const readers: SnapshotReader[] = [];
afterEach(() => readers.splice(0).forEach((r) => r.close()));

function api(published: string) {
  const reader = new SnapshotReader(published);
  readers.push(reader);
  return createApi(reader);
}

describe('GET /api/v1/health', () => {
  it('names the snapshot served and the rows of each published mart', async () => {
    const home = await publishedDemo();
    const response = await api(home.published).request('/api/v1/health');
    expect(response.status).toBe(200);
    const body = await response.json();
    const facts = await demoFacts();
    expect(body).toEqual({
      status: 'ok',
      snapshot_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      built_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      tables: {
        'marts.dim_producers': facts.producers,
        'marts.dim_sites': facts.sites,
        'marts.fct_assessments': expect.any(Number),
        // One current CRAFT status per site: the demo assesses every site under CRAFT 2.1 only.
        'marts.fct_craft_site_status': facts.sites,
        'marts.fct_craft_status_evidence': expect.any(Number),
        'marts.fct_craft_status_history': expect.any(Number),
        'marts.fct_fairmined_producers': expect.any(Number),
        'marts.fct_fairmined_requirement_dues': expect.any(Number),
        'marts.fct_impact_metrics': expect.any(Number),
        'marts.fct_improvement_plans': expect.any(Number),
        'marts.fct_improvement_actions': expect.any(Number),
        'marts.fct_incidents': expect.any(Number),
        'marts.fct_production_sales': expect.any(Number),
        'marts.fct_region_risk_profiles': expect.any(Number),
        'marts.fct_requirement_results': expect.any(Number),
        'marts.fct_site_places': expect.any(Number),
        'marts.fct_site_indicators': expect.any(Number),
      },
    });
  });

  it('answers 503 with a JSON error, not a stack trace, when nothing is published', async () => {
    const home = await tempHome();
    const response = await api(home.published).request('/api/v1/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: 'no_snapshot', message: 'no snapshot is published yet: run `veta build` (or `veta demo`)' },
    });
  });
});

describe('GET /api/v1/summary', () => {
  it('gives the headline figures of the snapshot it names', async () => {
    const home = await publishedDemo();
    const app = api(home.published);
    const summary = await (await app.request('/api/v1/summary')).json();
    const health = await (await app.request('/api/v1/health')).json();
    expect(summary).toEqual({
      snapshot_id: health.snapshot_id,
      built_at: health.built_at,
      figures: await demoFacts(),
    });
  });

  it('switches to a newly published snapshot without a restart', async () => {
    const home = await publishedDemo();
    const app = api(home.published);
    const before = (await (await app.request('/api/v1/summary')).json()).snapshot_id;
    // New input, new snapshot: an incident reported since.
    const incident = path.join(home.root, 'incident.csv');
    await writeFile(incident, 'incident_id,site_code,reported_on,annex_ii_group,severity,status\nINC-NEW-1,CO-P001-S1,2026-09-01,security-forces,low,open\n');
    expect((await runCli(['ingest', '--home', home.root, incident])).code).toBe(0);
    expect((await runCli(['build', '--home', home.root])).code).toBe(0);
    const after = (await (await app.request('/api/v1/summary')).json()).snapshot_id;
    expect(after).not.toBe(before);
    // The previous snapshot file stays under its id, so reports built from it can be rebuilt.
    const kept = path.join(home.snapshots, `${before}.duckdb`);
    const old = path.join(home.root, 'old.duckdb');
    await link(kept, old);
    await rename(old, home.published);
    expect((await (await app.request('/api/v1/summary')).json()).snapshot_id).toBe(before);
    await rm(home.published);
    expect((await app.request('/api/v1/summary')).status).toBe(503);
  });
});

describe('the API surface', () => {
  it('answers unknown paths with a JSON 404', async () => {
    const response = await api((await tempHome()).published).request('/api/v1/sites/../../etc/passwd');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('describes exactly the routes it serves in /openapi.json', async () => {
    const app = api((await tempHome()).published);
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace('/api/v1', '').replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const document = await (await app.request('/api/v1/openapi.json')).json();
    expect(document).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    const described = Object.entries(document.paths as Record<string, object>)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`))
      .sort();
    expect(served).toEqual(described);
  });
});

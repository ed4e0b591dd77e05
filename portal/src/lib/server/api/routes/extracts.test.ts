import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { VetaHome } from '$warehouse/home.ts';
import { runCli } from '../../../../../../tests/helpers/demo-home.ts';
import { suiteDemoHome } from '../../../../../../tests/helpers/suite-home.ts';
import { tempHome } from '../../../../../../tests/helpers/temp-home.ts';
import type { ExtractList } from '../../../reports/extract-types.ts';
import { createApi } from '../app.ts';

const readers: SnapshotReader[] = [];
afterEach(() => readers.splice(0).forEach((r) => r.close()));

function api(published: string) {
  const reader = new SnapshotReader(published);
  readers.push(reader);
  return createApi(reader);
}

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the public extracts', () => {
  let home: VetaHome;
  let id: string;
  const folder = () => path.join(home.root, 'extracts', id, 'public');
  beforeAll(async () => {
    home = await suiteDemoHome();
    // `veta demo` published one snapshot, and wrote its public extract.
    [id] = await readdir(path.join(home.root, 'extracts'));
  }, 120_000);

  it('lists the extract of the served snapshot with its dictionary, sources and a checksum per file', async () => {
    const response = await api(home.published).request('/api/v1/extracts');
    expect(response.status).toBe(200);
    const body = (await response.json()) as ExtractList;
    expect(body.snapshot_id).toBe(id);
    expect(body.extracts.map((e) => [e.snapshot_id, e.tier, e.is_served])).toEqual([[id, 'public', true]]);
    const [extract] = body.extracts;
    const pkg = JSON.parse(await readFile(path.join(folder(), 'datapackage.json'), 'utf8'));
    expect(extract.tables.flatMap((t) => t.files.map((f) => f.file)).sort()).toEqual(pkg.resources.map((r: { path: string }) => r.path).sort());
    for (const file of extract.tables.flatMap((t) => t.files)) {
      expect([file.file, file.sha256]).toEqual([file.file, sha256(await readFile(path.join(folder(), file.file)))]);
      expect(file.url).toBe(`/api/v1/extracts/${id}/${file.file}`);
    }
    const metrics = extract.tables.find((t) => t.table === 'marts.fct_impact_metrics');
    expect(metrics?.grain).toContain('one row per metric, country');
    expect(metrics?.fields.find((f) => f.name === 'sites_count')).toMatchObject({ type: 'integer', unit: 'sites' });
    // Rows about one site are never in the public extract.
    expect(extract.tables.map((t) => t.table)).not.toContain('marts.dim_sites');
    expect(extract.withheld.map((w) => w.table)).toContain('marts.dim_sites');
    expect(extract.sources.map((s) => s.title).join(' ')).toMatch(/Natural Earth.*IPIS.*Amazon Mining Watch/s);
    // The public is told restricted extracts exist and who may have them, and is given none.
    expect(body.restricted).toEqual({ served: false, note: expect.stringContaining('implementer and admin tokens only') });
  });

  it('serves each file with its media type and its SHA-256 as the ETag', async () => {
    const app = api(home.published);
    const parquet = await app.request(`/api/v1/extracts/${id}/marts__fct_impact_metrics.parquet`);
    expect(parquet.status).toBe(200);
    const bytes = new Uint8Array(await parquet.arrayBuffer());
    const hash = sha256(await readFile(path.join(folder(), 'marts__fct_impact_metrics.parquet')));
    expect(sha256(bytes)).toBe(hash);
    expect(Object.fromEntries(['content-type', 'etag', 'content-length'].map((h) => [h, parquet.headers.get(h)]))).toEqual({
      'content-type': 'application/vnd.apache.parquet',
      etag: `"${hash}"`,
      'content-length': String(bytes.length),
    });
    const csv = await app.request(`/api/v1/extracts/${id}/marts__fct_impact_metrics.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n')[0]).toBe('metric_id,country_code,admin1_code,mineral,unit,year,value,sites_count,producers_count,suppressed');
    const again = await app.request(`/api/v1/extracts/${id}/marts__fct_impact_metrics.parquet`, { headers: { 'If-None-Match': `"${hash}"` } });
    expect(again.status).toBe(304);
    const pkg = await app.request(`/api/v1/extracts/${id}/datapackage.json`);
    expect(await pkg.json()).toEqual(JSON.parse(await readFile(path.join(folder(), 'datapackage.json'), 'utf8')));
  });

  it('answers 404 for names the package does not list, traversal included', async () => {
    const app = api(home.published);
    // A file in the folder that no package lists is not served either.
    await writeFile(path.join(folder(), 'notes.txt'), 'not part of the extract\n');
    for (const file of ['notes.txt', 'nope.csv', '..%2F..%2F..%2Fpublished.duckdb', '..%2Fpublic%2Fdatapackage.json', '%2Fetc%2Fpasswd', 'marts__fct_impact_metrics.parquet%00.csv']) {
      const response = await app.request(`/api/v1/extracts/${id}/${file}`);
      expect([file, response.status]).toEqual([file, 404]);
      expect((await response.json()).error.code).toBe('not_found');
    }
    for (const url of [`/api/v1/extracts/0123456789abcdef/datapackage.json`, `/api/v1/extracts/..%2F..%2F${id}/datapackage.json`, `/api/v1/extracts/${id}/../../published.duckdb`]) {
      expect([url, (await app.request(url)).status]).toEqual([url, 404]);
    }
  });

  // Last in this suite: it publishes a newer snapshot in the suite's home.
  it('keeps the extract of an earlier snapshot beside the new one, newest first', async () => {
    const app = api(home.published);
    const incident = path.join(home.root, 'incident.csv');
    await writeFile(incident, 'incident_id,site_code,reported_on,annex_ii_group,severity,status\nINC-NEW-1,CO-P001-S1,2026-09-01,security-forces,low,open\n');
    expect((await runCli(['ingest', '--home', home.root, incident])).code).toBe(0);
    const newer = JSON.parse((await runCli(['build', '--home', home.root, '--json'])).out[0]).snapshot_id;
    expect(newer).not.toBe(id);
    const body = (await (await app.request('/api/v1/extracts')).json()) as ExtractList;
    expect(body.extracts.map((e) => [e.snapshot_id, e.is_served])).toEqual([
      [newer, true],
      [id, false],
    ]);
    expect((await app.request(`/api/v1/extracts/${id}/catalogue__countries.csv`)).status).toBe(200);
  }, 120_000);
});

it('serves no extract from a home where nothing is published', async () => {
  const app = api((await tempHome()).published);
  expect((await app.request('/api/v1/extracts/0123456789abcdef/datapackage.json')).status).toBe(404);
  expect((await app.request('/api/v1/extracts')).status).toBe(503);
});

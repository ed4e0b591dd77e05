/**
 * Every endpoint the API describes × every access tier: what each tier may and may not see. The public tier must
 * never receive a column the data dictionary marks restricted or personal (wherever it would appear in a body), site
 * endpoints answer 403 to it, a partner reads only the producers its token names, and every restricted read is in
 * the audit log. A new endpoint joins the matrix by being described in the OpenAPI document: the test fails until
 * it knows how to call it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPaths, createToken, revokeToken } from '$warehouse/access/token-store.ts';
import { Database } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { publishedDemoForSuite, runCli } from '../../../../../tests/helpers/demo-home.ts';
import { createApi } from './app.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';

type Tier = 'public' | 'partner' | 'implementer' | 'admin';
const TIERS: Tier[] = ['public', 'partner', 'implementer', 'admin'];

let api: ReturnType<typeof createApi>;
let reader: SnapshotReader;
let auditFile: string;
const tokens: Partial<Record<Tier, string>> = {};
let revoked: string;
let partnerProducer: string;
let partnerSite: string;
let otherSite: string;
let otherProducers: Set<string>;
let forbiddenKeys: Set<string>;
let remove: () => Promise<void>;

beforeAll(async () => {
  const demo = await publishedDemoForSuite();
  remove = demo.remove;
  const home = demo.home;
  const access = accessPaths(home.root);
  auditFile = access.audit;
  const db = await Database.open(home.published, { readOnly: true });
  try {
    const sites = await db.query<{ site_id: string; producer_id: string }>('select site_id, producer_id from marts.dim_sites order by producer_id, site_id');
    partnerProducer = sites[0].producer_id;
    partnerSite = sites[0].site_id;
    otherSite = sites.find((s) => s.producer_id !== partnerProducer)!.site_id;
    otherProducers = new Set(sites.map((s) => s.producer_id).filter((p) => p !== partnerProducer));
    // Names that are restricted or personal wherever they appear, so no public body may carry them as a key.
    const columns = await db.query<{ column_name: string; sensitivity: string }>(
      `select column_name, list(distinct sensitivity) as s, case when list_contains(list(distinct sensitivity), 'public') then 'public' else 'not public' end as sensitivity
       from meta.data_dictionary group by column_name`,
    );
    forbiddenKeys = new Set(columns.filter((c) => c.sensitivity !== 'public').map((c) => c.column_name));
  } finally {
    db.close();
  }
  tokens.partner = (await createToken(access, { name: 'Refiner A', tier: 'partner', producers: [partnerProducer] })).token;
  tokens.implementer = (await createToken(access, { name: 'Field team', tier: 'implementer' })).token;
  tokens.admin = (await createToken(access, { name: 'ARM data', tier: 'admin' })).token;
  const old = await createToken(access, { name: 'Former partner', tier: 'partner', producers: [partnerProducer] });
  await revokeToken(access, old.stored.token_id);
  revoked = old.token;
  const exported = await runCli(['export', '--home', home.root, '--tier', 'restricted']);
  if (exported.code !== 0) throw new Error(exported.err.join('\n'));
  reader = new SnapshotReader(home.published);
  api = createApi(reader, { access });
}, 120_000);
afterAll(async () => {
  reader?.close();
  await remove?.();
});

const headers = (tier: Tier): Record<string, string> => (tier === 'public' ? {} : { authorization: `Bearer ${tokens[tier]}` });

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

/** How to call each described path, and which status each tier gets. */
async function calls(): Promise<{ path: string; url: string; expected: Record<Tier, number> }[]> {
  const extracts = (await (await api.request('/api/v1/extracts')).json()) as { extracts?: { snapshot_id: string; resources?: { path: string }[] }[] };
  const extract = extracts.extracts?.[0];
  const file = extract?.resources?.[0]?.path;
  // A year the public may see (the publication lag holds back the latest), so every tier can read its report.
  const reports = (await (await api.request('/api/v1/reports')).json()) as { years: { year: number }[] };
  const year = reports.years[0].year;
  const everyone = { public: 200, partner: 200, implementer: 200, admin: 200 };
  const restricted = { public: 403, partner: 200, implementer: 200, admin: 200 };
  const known: Record<string, { url: string; expected: Record<Tier, number> }> = {
    '/health': { url: '/health', expected: everyone },
    '/summary': { url: '/summary', expected: everyone },
    '/summary/impact': { url: '/summary/impact', expected: everyone },
    '/regions': { url: '/regions', expected: everyone },
    '/regions/profile': { url: '/regions/profile?country=CO', expected: everyone },
    '/regions/profile.csv': { url: '/regions/profile.csv?country=CO&lang=es', expected: everyone },
    '/reports': { url: '/reports', expected: everyone },
    '/reports/{year}': { url: `/reports/${year}`, expected: everyone },
    '/extracts': { url: '/extracts', expected: everyone },
    '/extracts/{snapshot_id}/{file}': file
      ? { url: `/extracts/${extract!.snapshot_id}/${file}`, expected: everyone }
      : { url: '/extracts/0123456789abcdef/datapackage.json', expected: { public: 404, partner: 404, implementer: 404, admin: 404 } },
    '/metrics': { url: '/metrics', expected: everyone },
    '/metrics/places': { url: '/metrics/places', expected: everyone },
    '/metrics/series': { url: '/metrics/series?metric=workers.women', expected: everyone },
    '/sites': { url: '/sites', expected: restricted },
    '/sites/{id}': { url: `/sites/${partnerSite}`, expected: restricted },
    '/sites/{id}/evidence': { url: `/sites/${partnerSite}/evidence`, expected: restricted },
    '/map/regions': { url: '/map/regions', expected: everyone },
    '/map/shapes': { url: '/map/shapes', expected: everyone },
    '/map/sites': { url: '/map/sites', expected: everyone },
    '/openapi.json': { url: '/openapi.json', expected: everyone },
    '/access': { url: '/access', expected: everyone },
    '/quality': { url: '/quality', expected: { public: 403, partner: 403, implementer: 200, admin: 200 } },
  };
  return Object.keys(OPENAPI_DOCUMENT.paths).map((path) => {
    const call = known[path];
    if (!call) throw new Error(`the authorisation matrix does not know how to call ${path}: add it here`);
    return { path, ...call, url: `/api/v1${call.url}` };
  });
}

describe('the authorisation matrix', () => {
  it('gives each tier what it may see on every endpoint, and the public nothing restricted or personal', async () => {
    // The rule has teeth: exact places, who works a site and what an assessor wrote are among the keys it forbids.
    for (const key of ['site_id', 'producer_id', 'site_lon', 'site_lat', 'producer_name', 'evidence_text', 'source_row']) expect(forbiddenKeys).toContain(key);
    const seen: string[] = [];
    for (const { path, url, expected } of await calls()) {
      for (const tier of TIERS) {
        const response = await api.request(url, { headers: headers(tier) });
        expect(`${tier} ${path} ${response.status}`).toBe(`${tier} ${path} ${expected[tier]}`);
        seen.push(`${tier} ${path}`);
        if (response.status === 200 && !path.startsWith('/extracts/')) {
          expect(`${tier} ${path} ${response.headers.get('cache-control')}`).toBe(`${tier} ${path} ${tier === 'public' ? 'no-cache' : 'private, no-store'}`);
        }
        if (tier !== 'public' || response.status !== 200) continue;
        const type = response.headers.get('content-type') ?? '';
        if (!type.includes('json')) {
          // Files (CSV, Parquet) carry columns in a header line: none of them may be restricted or personal.
          const header = (await response.text()).split('\n')[0] ?? '';
          if (type.includes('csv')) for (const name of header.split(',')) expect(forbiddenKeys.has(name.replaceAll('"', ''))).toBe(false);
          continue;
        }
        const body = await response.json();
        if (path === '/openapi.json' || path.startsWith('/extracts')) continue;
        const leaked = [...keysOf(body)].filter((k) => forbiddenKeys.has(k));
        expect({ path, leaked }).toEqual({ path, leaked: [] });
      }
    }
    expect(seen.length).toBe(Object.keys(OPENAPI_DOCUMENT.paths).length * TIERS.length);
  });

  it('lets a partner read its producers\' sites only, and answers any other site as absent', async () => {
    const list = (await (await api.request('/api/v1/sites', { headers: headers('partner') })).json()) as { sites: { producer_id: string }[] };
    expect(list.sites.length).toBeGreaterThan(0);
    expect(new Set(list.sites.map((s) => s.producer_id))).toEqual(new Set([partnerProducer]));
    for (const url of [`/api/v1/sites/${otherSite}`, `/api/v1/sites/${otherSite}/evidence`]) {
      expect((await api.request(url, { headers: headers('partner') })).status).toBe(404);
      expect((await api.request(url, { headers: headers('implementer') })).status).toBe(200);
    }
    const markers = (await (await api.request('/api/v1/map/sites', { headers: headers('partner') })).json()) as {
      precision: string;
      as_of_date: string | null;
      sites: { features: { properties: { producer_id: string } }[] };
    };
    // Exact sites are the present; only the public's generalised places are an edition of a past day.
    expect(markers).toMatchObject({ precision: 'exact', as_of_date: null });
    const places = (await (await api.request('/api/v1/map/sites')).json()) as { precision: string; as_of_date: string | null };
    expect(places).toMatchObject({ precision: 'generalised', as_of_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(markers.sites.features.some((f) => otherProducers.has(f.properties.producer_id))).toBe(false);
  });

  it('refuses tokens that do not let their bearer in, never answering them as the public', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ authorization: `Bearer ${revoked}` }, 'the token was revoked on'],
      [{ authorization: 'Bearer veta_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'the token is unknown'],
      [{ authorization: "Bearer 'or'1'='1" }, 'the token is not a Veta token'],
      [{ authorization: tokens.admin! }, 'the Authorization header must be "Bearer <token>"'],
      [{ cookie: 'veta_session=nonsense' }, 'the token is not a Veta token'],
    ];
    for (const [sent, message] of cases) {
      const response = await api.request('/api/v1/summary', { headers: sent });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    // The portal's session cookie is a token like any other.
    expect((await api.request('/api/v1/sites', { headers: { cookie: `veta_session=${tokens.implementer}` } })).status).toBe(200);
  });

  it('logs every restricted read: who, what, when, and the answer', async () => {
    const before = Date.now();
    await api.request(`/api/v1/sites/${partnerSite}/evidence`, { headers: headers('partner') });
    await api.request(`/api/v1/sites/${otherSite}`, { headers: headers('partner') });
    const entries = (await readFile(auditFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const last = entries.slice(-2);
    expect(last.map((e) => [e.who, e.tier, e.path, e.status])).toEqual([
      ['Refiner A', 'partner', `/api/v1/sites/${partnerSite}/evidence`, 200],
      ['Refiner A', 'partner', `/api/v1/sites/${otherSite}`, 404],
    ]);
    expect(Date.parse(last[0].at as string)).toBeGreaterThanOrEqual(before - 1000);
    // Public reads are not logged: the log is of who used a restricted right.
    const count = entries.length;
    await api.request('/api/v1/summary');
    expect((await readFile(auditFile, 'utf8')).trim().split('\n')).toHaveLength(count);
  });

  it('serves restricted extracts to implementers and admins only, never to a partner or the public', async () => {
    type Listing = { extracts: { tier: string; snapshot_id: string; tables: { table: string; files: { file: string; url: string }[] }[] }[] };
    const listing = async (tier: Tier) => (await (await api.request('/api/v1/extracts', { headers: headers(tier) })).json()) as Listing;
    for (const tier of ['public', 'partner'] as const) expect((await listing(tier)).extracts.map((e) => e.tier)).not.toContain('restricted');
    const restricted = (await listing('implementer')).extracts.find((e) => e.tier === 'restricted')!;
    const sites = restricted.tables.find((t) => t.table === 'marts.dim_sites')!.files.find((f) => f.file.endsWith('.csv'))!;
    expect(sites.url).toMatch(/\?tier=restricted$/);
    const download = await api.request(sites.url, { headers: headers('admin') });
    expect(download.status).toBe(200);
    expect((await download.text()).split('\n')[0]).toContain('site_lon');
    for (const tier of ['public', 'partner'] as const) expect((await api.request(sites.url, { headers: headers(tier) })).status).toBe(403);
  });
});


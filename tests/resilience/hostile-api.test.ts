/**
 * Hostile requests to the API (portal/src/lib/server/api/), on the published demo snapshot with tokens of every tier:
 *
 * - every parameter of every endpoint the OpenAPI document describes (so a new endpoint is covered by being
 *   described) given SQL metacharacters, NUL, broken percent-encoding, very long and non-Latin values, as each tier;
 * - query strings generated from the described parameters and others, fuzzed (10,000 at full scale);
 * - download names on the extracts endpoints that are unknown or climb out of the extract folder;
 * - tokens that are not tokens: Bearer with garbage, overlong, non-ASCII, other schemes, cookie variants.
 *
 * Every answer is below 500, an error is JSON `{"error": {"code", "message"}}` without SQL in it, a refused token is
 * 401, and no answer carries data above the asker's tier: the public never gets a restricted or personal column, a
 * partner never a producer its token does not name.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPaths, createToken } from '$warehouse/access/token-store.ts';
import { Database } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { createApi } from '../../portal/src/lib/server/api/app.ts';
import { OPENAPI_DOCUMENT } from '../../portal/src/lib/server/api/openapi.ts';
import { publishedDemoForSuite, runCli } from '../helpers/demo-home.ts';
import { awkwardText, fuzz, tally } from './arbitraries.ts';
import { recordFigures } from './figures.ts';

type Tier = 'public' | 'partner' | 'implementer';
interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
}

let api: ReturnType<typeof createApi>;
let reader: SnapshotReader;
let remove: () => Promise<void>;
const tokens: Partial<Record<Tier | 'admin', string>> = {};
let partnerProducer: string;
/** Keys the public may never receive, wherever they appear in a body. */
let forbiddenKeys: Set<string>;
/** Good values for each endpoint's parameters, so one parameter at a time can be made hostile. */
let sample: Record<string, string>;
let requests = 0;

beforeAll(async () => {
  const demo = await publishedDemoForSuite();
  remove = demo.remove;
  const access = accessPaths(demo.home.root);
  const db = await Database.open(demo.home.published, { readOnly: true });
  try {
    const [site] = await db.query<{ site_id: string; producer_id: string }>('select site_id, producer_id from marts.dim_sites order by producer_id, site_id limit 1');
    partnerProducer = site.producer_id;
    const columns = await db.query<{ column_name: string; sensitivity: string }>(
      `select column_name, case when list_contains(list(distinct sensitivity), 'public') then 'public' else 'not public' end as sensitivity
       from meta.data_dictionary group by column_name`,
    );
    forbiddenKeys = new Set(columns.filter((c) => c.sensitivity !== 'public').map((c) => c.column_name));
    sample = { country: 'CO', admin1: '', mineral: 'gold', lang: 'es', id: site.site_id, status: 'engage', metric: '', year: '', snapshot: '' };
  } finally {
    db.close();
  }
  tokens.partner = (await createToken(access, { name: 'Refiner A', tier: 'partner', producers: [partnerProducer] })).token;
  tokens.implementer = (await createToken(access, { name: 'Field team', tier: 'implementer' })).token;
  tokens.admin = (await createToken(access, { name: 'ARM data', tier: 'admin' })).token;
  const exported = await runCli(['export', '--home', demo.home.root, '--tier', 'restricted']);
  if (exported.code !== 0) throw new Error(exported.err.join('\n'));
  reader = new SnapshotReader(demo.home.published);
  api = createApi(reader, { access });
  const extracts = (await (await api.request('/api/v1/extracts')).json()) as { extracts: { snapshot_id: string; tables: { files: { file: string }[] }[] }[] };
  sample.snapshot_id = extracts.extracts[0].snapshot_id;
  sample.file = extracts.extracts[0].tables[0].files[0].file;
  const reports = (await (await api.request('/api/v1/reports')).json()) as { years: { year: number }[] };
  sample.year = String(reports.years[0].year);
}, 180_000);
afterAll(async () => {
  recordFigures('hostile-api', { cases: requests, failures: 0 });
  reader?.close();
  await remove?.();
});

const headers = (tier: Tier): Record<string, string> => (tier === 'public' ? {} : { authorization: `Bearer ${tokens[tier]}` });

/** Every key of a JSON value, at any depth, and every producer_id value. */
function walk(value: unknown, keys = new Set<string>(), producers = new Set<string>()): { keys: Set<string>; producers: Set<string> } {
  if (Array.isArray(value)) value.forEach((v) => walk(v, keys, producers));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      if (k === 'producer_id' && typeof v === 'string') producers.add(v);
      walk(v, keys, producers);
    }
  }
  return { keys, producers };
}

/**
 * Asks `url` as `tier` (with its token, or with the headers `sent` instead) and checks the answer: below 500; an
 * error is the API's JSON shape, without the engine's words or a stack; data is no more than the tier may see.
 * Returns the status.
 */
async function ask(url: string, tier: Tier, sent: Record<string, string> = headers(tier)): Promise<number> {
  requests++;
  const response = await api.request(url, { headers: sent });
  const what = `${tier} ${url.slice(0, 300)}`;
  expect(response.status, `${what} answers below 500`).toBeLessThan(500);
  const type = response.headers.get('content-type') ?? '';
  if (response.status >= 400) {
    expect(type, `${what}: an error is JSON`).toContain('application/json');
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(Object.keys(body), what).toEqual(['error']);
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
    // Messages may quote what was asked, SQL and all; what they must not hold is what the engine or the runtime said.
    expect(body.error!.message as string, `${what}: no engine text or stack in an error`).not.toMatch(
      /Binder Error|Parser Error|Catalog Error|Conversion Error|INTERNAL Error|TypeError|\n\s+at \S+ \(/,
    );
    return response.status;
  }
  if (!type.includes('json')) {
    const text = await response.text();
    if (tier === 'public' && type.includes('csv')) {
      for (const name of (text.split('\n')[0] ?? '').split(',')) expect(forbiddenKeys.has(name.replaceAll('"', '')), `${what}: column ${name}`).toBe(false);
    }
    return response.status;
  }
  const { keys, producers } = walk(await response.json());
  if (tier === 'public' && !url.includes('/openapi.json') && !url.includes('/extracts')) {
    expect([...keys].filter((k) => forbiddenKeys.has(k)), `${what}: the public gets nothing restricted or personal`).toEqual([]);
  }
  if (tier === 'partner') expect([...producers].filter((p) => p !== partnerProducer), `${what}: a partner sees its producers only`).toEqual([]);
  return response.status;
}

/** The described GET endpoints and their parameters. */
function endpoints(): { path: string; parameters: Parameter[] }[] {
  return Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, operations]) => {
    const get = (operations as Record<string, { parameters?: readonly Parameter[] }>).get;
    return get ? [{ path, parameters: [...(get.parameters ?? [])] }] : [];
  });
}

/** The URL of an endpoint with good values for its parameters but `changed`, whose values are written as given. */
function url(endpoint: { path: string; parameters: Parameter[] }, changed: Record<string, string> = {}, raw = false): string {
  const value = (p: Parameter) => (p.name in changed ? changed[p.name] : (sample[p.name] ?? ''));
  const encode = (text: string) => (raw ? text : encodeURIComponent(text));
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(value(endpoint.parameters.find((p) => p.name === name)!)));
  const query = endpoint.parameters
    .filter((p) => p.in === 'query' && (p.required || p.name in changed))
    .map((p) => `${encodeURIComponent(p.name)}=${encode(value(p))}`);
  return `/api/v1${path}${query.length ? `?${query.join('&')}` : ''}`;
}

/** What an attacker or a broken client puts in a parameter. */
const HOSTILE = [
  "' OR 1=1 --",
  "'; DROP TABLE marts.dim_sites; --",
  '"; DROP TABLE x; --',
  "CO' UNION SELECT site_lat, site_lon FROM marts.dim_sites --",
  '1; select * from meta.data_dictionary',
  '%',
  '\u0000',
  'CO\u0000',
  '$1',
  '$country',
  '../../published.duckdb',
  'x'.repeat(10_000),
  'Côte d’Ivoire',
  '日本語',
  '🙂',
  '\u202eOC',
  '-1',
  '99999999999999999999',
  'NaN',
  '',
  ' ',
  '[]',
  '{"a":1}',
];
/** Written into the URL as they are: percent-encoding that does not decode, or decodes to what should not be there. */
const RAW = ['%', '%E0%A4%A', '%ZZ', '%00', '%2e%2e%2f%2e%2e%2fpublished.duckdb', '%C0%AE%C0%AE', '%FF%FE', "%27%20OR%201%3D1%20--"];

describe('hostile parameters', () => {
  it('answers every described parameter holding SQL, NUL, broken encodings, long or non-Latin text below 500, and no more than the tier may see', async () => {
    const described = endpoints();
    const withParameters = described.filter((e) => e.parameters.length > 0);
    expect(withParameters.map((e) => e.path)).toEqual(expect.arrayContaining(['/sites', '/metrics/series', '/regions/profile', '/extracts/{snapshot_id}/{file}']));
    for (const endpoint of withParameters) {
      for (const parameter of endpoint.parameters) {
        for (const value of HOSTILE) for (const tier of ['public', 'partner'] as const) await ask(url(endpoint, { [parameter.name]: value }), tier);
        for (const value of RAW) await ask(url(endpoint, { [parameter.name]: value }, true), 'public');
      }
    }
    // And parameters no endpoint describes, on every endpoint.
    for (const endpoint of described) await ask(`${url(endpoint)}${url(endpoint).includes('?') ? '&' : '?'}where=1%3D1&order=${encodeURIComponent("1; drop table x")}`, 'public');
  }, 600_000);

  it('answers generated query strings on every endpoint below 500, and no more than the tier may see', async () => {
    const described = endpoints();
    const outcomes = tally('ok', 'refused');
    const value = fc.oneof(fc.constantFrom(...HOSTILE.filter((h) => h.length < 100)), awkwardText(30), fc.constantFrom('CO', 'CO-ANT', 'gold', 'all', 'es', 'engage', '2023', 'workers.women'));
    const request = fc
      .record({
        endpoint: fc.constantFrom(...described),
        tier: fc.constantFrom<Tier>('public', 'partner', 'implementer'),
        pairs: fc.array(fc.tuple(fc.oneof(fc.constantFrom('country', 'admin1', 'mineral', 'metric', 'lang', 'year', 'status', 'snapshot', 'tier'), awkwardText(8)), value), { maxLength: 5 }),
        pathValues: fc.dictionary(fc.constantFrom('id', 'year', 'snapshot_id', 'file'), value, { maxKeys: 2 }),
      })
      .map(({ endpoint, tier, pairs, pathValues }) => {
        const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? sample[name] ?? ''));
        const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        return { tier, url: `/api/v1${path}${query ? `?${query}` : ''}` };
      });
    await fuzz(
      { suite: 'api-query', small: 200, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(request, async ({ tier, url: target }) => {
        const status = await ask(target, tier);
        if (status < 400) outcomes.ok++;
        else outcomes.refused++;
      }),
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 1_800_000);
});

describe('download names on the extracts endpoints', () => {
  it('answers unknown names and names that climb out of the extract with a JSON 4xx, never a file outside it', async () => {
    const names = [
      'nope.csv',
      'DATAPACKAGE.JSON',
      '..%2F..%2Fpublished.duckdb',
      '..%2F..%2F..%2Fsnapshots',
      '%2e%2e%2f%2e%2e%2fpublished.duckdb',
      '..%5C..%5Cpublished.duckdb',
      '%2Fetc%2Fpasswd',
      'datapackage.json%00.csv',
      `${encodeURIComponent(sample.file)}%00`,
      `${encodeURIComponent(sample.file)}%2F..%2F..%2F..%2Fpublished.duckdb`,
      encodeURIComponent('x'.repeat(5_000)),
      encodeURIComponent('données.csv'),
      '.',
      '%2E',
    ];
    const ids = [sample.snapshot_id, '..', '%2E%2E', '0123456789abcdef', `${sample.snapshot_id}%2F..`, 'ZZZZZZZZZZZZZZZZ', encodeURIComponent('../extracts')];
    for (const id of ids) {
      for (const name of names) {
        for (const tier of ['public', 'partner', 'implementer'] as const) {
          for (const query of ['', '?tier=restricted', '?tier=RESTRICTED', '?tier=..%2Frestricted']) {
            const status = await ask(`/api/v1/extracts/${id}/${name}${query}`, tier);
            expect([400, 403, 404], `${tier} ${id}/${name}${query}`).toContain(status);
          }
        }
      }
    }
    // What the package lists is served, and only to whom it is for.
    expect(await ask(`/api/v1/extracts/${sample.snapshot_id}/${encodeURIComponent(sample.file)}`, 'public')).toBe(200);
    expect(await ask(`/api/v1/extracts/${sample.snapshot_id}/datapackage.json?tier=restricted`, 'partner')).toBe(403);
    expect(await ask(`/api/v1/extracts/${sample.snapshot_id}/datapackage.json?tier=restricted`, 'implementer')).toBe(200);
    // Dot segments written plainly are resolved by the URL before routing: nothing outside /api/v1 answers.
    for (const raw of ['/api/v1/extracts/../../published.duckdb', '/api/v1/extracts/x/../../../published.duckdb']) {
      expect([400, 404]).toContain(await ask(raw, 'public'));
    }
  }, 600_000);
});

describe('tokens that are not tokens', () => {
  /** A valid token with something wrong with it, and garbage: every one is refused with 401, never answered as the public. */
  function malformed(): Record<string, string>[] {
    const valid = tokens.implementer!;
    return [
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: '' },
      { authorization: `Bearer ${valid} extra` },
      { authorization: `Bearer ${valid}x` },
      { authorization: `Bearer ${valid.slice(0, -1)}` },
      { authorization: `Bearer ${valid.replace(/^veta_/, 'VETA_')}` },
      { authorization: `Bearer ${valid}\u00e9` },
      { authorization: 'Bearer veta_0000000g_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { authorization: `Bearer veta_${'0'.repeat(8)}_${'A'.repeat(43)}` },
      { authorization: `Bearer ${'A'.repeat(100_000)}` },
      { authorization: 'Bearer \u00e9\u00e8\u00ff\u00fe' },
      { authorization: "Bearer ' OR 1=1 --" },
      { authorization: 'Basic dmV0YTp2ZXRh' },
      { authorization: `Token ${valid}` },
      { authorization: valid },
      { authorization: `Bearer ${valid}`.replace(' ', '\t\t') + ' Bearer' },
      { cookie: 'veta_session=nonsense' },
      { cookie: `veta_session="${valid}x"` },
      { cookie: `veta_session=${'B'.repeat(50_000)}` },
      { cookie: 'veta_session=%ZZ%E0%A4%A' },
      { cookie: `veta_session=${encodeURIComponent("' OR 1=1 --")}` },
      { cookie: `other=1; veta_session=garbage; third=${valid}` },
      // A valid cookie does not save a bad Authorization header: what is asked with is refused.
      { authorization: 'Bearer garbage', cookie: `veta_session=${valid}` },
    ];
  }

  it('refuses every malformed token with a JSON 401, on public and restricted endpoints alike', async () => {
    for (const sent of malformed()) {
      for (const target of ['/api/v1/summary', '/api/v1/sites', `/api/v1/sites/${sample.id}/evidence`, '/api/v1/quality', '/api/v1/extracts']) {
        requests++;
        const response = await api.request(target, { headers: sent });
        const label = `${JSON.stringify(sent).slice(0, 120)} ${target}`;
        expect(response.status, label).toBe(401);
        expect(await response.json(), label).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    }
    // The valid token itself, in either place and in the cookie's other spellings, still lets its holder in.
    const spellings: Record<string, string>[] = [
      { authorization: `bearer ${tokens.implementer}` },
      { cookie: `veta_session=${tokens.implementer}` },
      { cookie: `a=b; veta_session=${tokens.implementer}` },
    ];
    for (const sent of spellings) {
      expect(await ask('/api/v1/sites', 'implementer', sent), JSON.stringify(sent)).toBe(200);
    }
  }, 300_000);

  it('refuses any generated Authorization header or session cookie with 401, or answers as the public when there is none', async () => {
    const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 80 });
    const sent: fc.Arbitrary<Record<string, string>> = fc.oneof(
      fc.tuple(fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', '', 'Basic ', 'Bearer veta_'), latin1).map(([scheme, rest]) => ({ authorization: `${scheme}${rest}` })),
      latin1.map((value) => ({ cookie: `veta_session=${value}` })),
      latin1.map((value) => ({ cookie: value })),
    );
    const outcomes = tally('refused', 'public');
    await fuzz(
      { suite: 'api-token', small: 200, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(sent, async (given) => {
        requests++;
        const response = await api.request('/api/v1/sites', { headers: given });
        // The sites are for restricted tiers: 401 for a token refused, 403 for the public, never 200 or 500.
        expect([401, 403], JSON.stringify(given)).toContain(response.status);
        const body = (await response.json()) as { error?: { code: string } };
        expect(body.error?.code).toBe(response.status === 401 ? 'unauthorized' : 'forbidden');
        if (response.status === 403) {
          // Answered as the public only when no token was given at all: no Authorization header, no session cookie.
          expect('authorization' in given).toBe(false);
          outcomes.public++;
        } else outcomes.refused++;
      }),
    );
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 1_800_000);
});

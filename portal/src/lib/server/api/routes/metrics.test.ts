/**
 * The impact-metric endpoints on the full-size demo (120 producers, as `veta demo` makes it), which holds figures the
 * public may see and figures it may not, country totals of both kinds among them. Every answer is checked against the
 * snapshot's tables read here directly, the sums and the suppression rule computed again in plain JS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, type Row } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { resolveHome } from '$warehouse/home.ts';
import { runCli } from '../../../../../../tests/helpers/demo-home.ts';
import { createApi } from '../app.ts';
import { ARROW_STREAM } from './metrics-arrow.ts';
import { metricDefinitions, metricSeries } from './metrics-data.ts';
import type { HeadlineImpactAnswer, MetricsAnswer, PlacesAnswer, SeriesAnswer, SeriesRow } from './metrics-types.ts';
import { HEADLINE_METRICS } from './summary.ts';

const PRODUCERS = 120;
const MIN_COUNT = 5;

let dir: string;
let reader: SnapshotReader;
let db: Database;
let api: ReturnType<typeof createApi>;
let snapshotId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-metrics-'));
  const home = resolveHome(dir);
  const result = await runCli(['demo', '--home', home.root, '--producers', String(PRODUCERS)]);
  if (result.code !== 0) throw new Error(`veta demo failed:\n${result.err.join('\n')}`);
  reader = new SnapshotReader(home.published);
  api = createApi(reader);
  db = await Database.open(home.published, { readOnly: true });
  [{ snapshot_id: snapshotId }] = await db.query<{ snapshot_id: string }>('select snapshot_id from meta.snapshot');
}, 180_000);

afterAll(async () => {
  reader?.close();
  db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get<T>(url: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await api.request(url);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

interface MartRow {
  metric_id: string;
  country_code: string;
  admin1_code: string | null;
  mineral: string;
  year: number;
  value: number;
  sites_count: number;
  producers_count: number;
}

/** The publication lag, stated again: a year reaches the public once it ended 6 months before the as-of date. */
const LAG_MONTHS = 6;

/**
 * The mart read apart from the API (no view, no suppression): whole, or the years the public may see. The as-of
 * date is the snapshot's latest submission.
 */
async function mart(years: 'public' | 'all' = 'public'): Promise<MartRow[]> {
  const rows = await db.query<MartRow>(
    `select metric_id, country_code, admin1_code, mineral, year, value, sites_count, producers_count
     from marts.fct_impact_metrics order by metric_id, country_code, year`,
  );
  if (years === 'all') return rows;
  const [{ as_of }] = await db.query<{ as_of: string }>(`select max(submitted_at)::date::varchar as as_of from marts.fct_assessments`);
  const until = new Date(`${as_of}T00:00:00Z`);
  until.setUTCMonth(until.getUTCMonth() - LAG_MONTHS);
  return rows.filter((r) => new Date(Date.UTC(r.year, 11, 31)) <= until);
}
const ratioMetrics = async () =>
  new Set((await db.query<{ metric_id: string }>(`select metric_id from catalogue.impact_metrics where aggregation = 'ratio_in_year'`)).map((r) => r.metric_id));

/** The public rule, stated again: a figure resting on fewer than 5 sites or 5 producers is withheld. */
const small = (r: MartRow) => r.sites_count < MIN_COUNT || r.producers_count < MIN_COUNT;

/** What the public should get for one mart row. */
const publicRow = (r: MartRow): SeriesRow => ({
  metric_id: r.metric_id,
  year: r.year,
  country_code: r.country_code,
  admin1_code: r.admin1_code,
  mineral: r.mineral,
  value: small(r) ? null : r.value,
  sites_count: small(r) ? null : r.sites_count,
  producers_count: small(r) ? null : r.producers_count,
  countries: 1,
  suppressed: small(r),
});

const byKey = (rows: SeriesRow[]) => new Map(rows.map((r) => [`${r.metric_id} ${r.country_code} ${r.year}`, r]));

describe('GET /api/v1/metrics', () => {
  it('defines every metric of the catalogue, in its order, with titles in three languages, formula and sources', async () => {
    const { status, body, headers } = await get<MetricsAnswer>('/api/v1/metrics');
    expect(status).toBe(200);
    expect(body.snapshot_id).toBe(snapshotId);
    expect(headers.get('Veta-Snapshot-Id')).toBe(snapshotId);
    const rows = await db.query<Row>('select * from catalogue.impact_metrics order by position');
    const titles = new Map((await db.query<Row>('select source_id, title from catalogue.sources')).map((s) => [s.source_id, s.title]));
    expect(body.metrics.map((m) => m.metric_id)).toEqual(rows.map((r) => r.metric_id));
    for (const [i, row] of rows.entries()) {
      const metric = body.metrics[i];
      expect(metric).toMatchObject({
        unit: row.unit,
        aggregation: row.aggregation,
        theme: row.theme,
        title: { en: row.title_en, es: row.title_es, fr: row.title_fr },
        formula: { en: row.formula_en },
        source_tables: row.source_tables,
        confidence: row.confidence,
      });
      expect(metric.sources.map((s) => s.title)).toEqual((row.source_ids as string[]).map((id) => titles.get(id)));
      // Only a ratio may never be added up across countries.
      expect(metric.additive).toBe(row.aggregation !== 'ratio_in_year');
    }
    expect(body.metrics.some((m) => !m.additive)).toBe(true);
  });
});

describe('GET /api/v1/metrics/places', () => {
  it('lists the countries and minerals that have figures, the years they cover and the latest complete year', async () => {
    const { status, body } = await get<PlacesAnswer>('/api/v1/metrics/places');
    expect(status).toBe(200);
    const rows = await mart();
    expect(body.countries.map((c) => c.country_code).sort()).toEqual([...new Set(rows.map((r) => r.country_code))].sort());
    expect(body.minerals[0].mineral).toBe('all');
    expect(body.minerals.map((m) => m.mineral).sort()).toEqual([...new Set(rows.map((r) => r.mineral))].sort());
    const [peru] = await db.query<Row>(`select name_es from catalogue.countries where country_code = 'PE'`);
    expect(body.countries.find((c) => c.country_code === 'PE')?.name.es).toBe(peru.name_es);
    expect(body.years).toEqual({ first: Math.min(...rows.map((r) => r.year)), last: Math.max(...rows.map((r) => r.year)) });
    // The public's figures of the present are as of the day of the latest submission less the publication lag.
    const [{ as_of }] = await db.query<{ as_of: string }>(`select max(submitted_at)::date::varchar as as_of from marts.fct_assessments`);
    const asOf = new Date(`${as_of}T00:00:00Z`);
    asOf.setUTCMonth(asOf.getUTCMonth() - LAG_MONTHS);
    const complete = asOf.getUTCMonth() === 11 && asOf.getUTCDate() === 31 ? asOf.getUTCFullYear() : asOf.getUTCFullYear() - 1;
    expect(body.period).toEqual({ as_of_date: asOf.toISOString().slice(0, 10), latest_complete_year: complete });
  });
});

describe('GET /api/v1/metrics/series', () => {
  it('gives a country its mart rows by year, withholding for the public every figure that rests on fewer than 5 sites or producers', async () => {
    const rows = (await mart()).filter((r) => r.admin1_code === null && r.mineral === 'all');
    const countries = [...new Set(rows.map((r) => r.country_code))];
    const answered: SeriesRow[] = [];
    for (const country of countries) {
      const { status, body } = await get<SeriesAnswer>(`/api/v1/metrics/series?country=${country}`);
      expect(status).toBe(200);
      expect(body.min_count).toBe(MIN_COUNT);
      expect(body.metrics.every((m) => m.breakdown === 'place')).toBe(true);
      answered.push(...body.series);
    }
    const expected = rows.map(publicRow);
    expect(byKey(answered)).toEqual(byKey(expected));
    expect(answered).toHaveLength(expected.length);
    // Both kinds are there, or this would prove nothing about either.
    expect(answered.some((r) => r.suppressed)).toBe(true);
    expect(answered.some((r) => !r.suppressed)).toBe(true);
    // Withheld is null, never zero.
    for (const row of answered.filter((r) => r.suppressed)) expect([row.value, row.sites_count, row.producers_count]).toEqual([null, null, null]);
  });

  it('gives an admin-1 unit and a mineral their own rows, and takes the country from the unit', async () => {
    const rows = (await mart()).filter((r) => r.admin1_code !== null && r.mineral === 'gold' && r.metric_id === 'workers.women');
    const unit = rows.find((r) => !small(r))!.admin1_code!;
    const { status, body } = await get<SeriesAnswer>(`/api/v1/metrics/series?metric=workers.women&admin1=${unit}&mineral=gold`);
    expect(status).toBe(200);
    expect(body.place).toEqual({ country_code: unit.slice(0, 2), admin1_code: unit, mineral: 'gold' });
    expect(body.series).toEqual(rows.filter((r) => r.admin1_code === unit).map(publicRow));
  });

  it('adds up every country only for a stock or a flow, withholding a year when one country is withheld; a share comes country by country', async () => {
    const ratios = await ratioMetrics();
    const rows = (await mart()).filter((r) => r.admin1_code === null && r.mineral === 'all');
    const { status, body } = await get<SeriesAnswer>('/api/v1/metrics/series');
    expect(status).toBe(200);
    expect(body.place).toEqual({ country_code: null, admin1_code: null, mineral: 'all' });
    for (const metric of body.metrics) expect([metric.metric_id, metric.breakdown]).toEqual([metric.metric_id, ratios.has(metric.metric_id) ? 'by_country' : 'sum_of_countries']);

    const totals = new Map<string, SeriesRow>();
    for (const r of rows.filter((r) => !ratios.has(r.metric_id))) {
      const key = `${r.metric_id} null ${r.year}`;
      const total = totals.get(key) ?? { ...publicRow(r), country_code: null, value: 0, sites_count: 0, producers_count: 0, countries: 0, suppressed: false };
      totals.set(key, {
        ...total,
        value: total.value! + r.value,
        sites_count: total.sites_count! + r.sites_count,
        producers_count: total.producers_count! + r.producers_count,
        countries: total.countries + 1,
        suppressed: total.suppressed || small(r),
      });
    }
    const expected = [...totals.values()].map((t) =>
      t.suppressed ? { ...t, value: null, sites_count: null, producers_count: null } : { ...t, value: Math.round(t.value! * 1e4) / 1e4 },
    );
    const answered = byKey(body.series.filter((r) => !ratios.has(r.metric_id)));
    expect(answered).toEqual(byKey(expected));
    expect(expected.some((t) => t.suppressed) && expected.some((t) => !t.suppressed)).toBe(true);

    // Never a sum of shares: the shares are the countries' own rows, and there is no all-country row for them.
    const shares = body.series.filter((r) => ratios.has(r.metric_id));
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.every((r) => r.country_code !== null)).toBe(true);
    expect(byKey(shares)).toEqual(byKey(rows.filter((r) => ratios.has(r.metric_id)).map(publicRow)));
  });

  it('shows a partner every figure, and their plain sums, where the public sees them withheld', async () => {
    const ratios = await ratioMetrics();
    const rows = (await mart('all')).filter((r) => r.admin1_code === null && r.mineral === 'gold' && !ratios.has(r.metric_id));
    const answer = await reader.read(async (query, snapshot) => {
      const views = { query, snapshot, tier: 'partner' as const };
      const definitions = await metricDefinitions(views);
      const metrics = definitions.filter((d) => d.additive).map((d) => d.metric_id);
      return metricSeries(views, { metrics, country: null, admin1: null, mineral: 'gold' }, definitions);
    });
    expect(answer.min_count).toBeNull();
    expect(answer.series.every((r) => !r.suppressed && r.value !== null)).toBe(true);
    // No publication lag either: a partner sees the years the public waits for.
    expect(Math.max(...answer.series.map((r) => r.year))).toBe(Math.max(...rows.map((r) => r.year)));
    expect(Math.max(...rows.map((r) => r.year))).toBeGreaterThan(Math.max(...(await mart('public')).map((r) => r.year)));
    const sum = (metric: string, year: number) => rows.filter((r) => r.metric_id === metric && r.year === year).reduce((s, r) => s + r.value, 0);
    for (const row of answer.series) expect(row.value).toBeCloseTo(sum(row.metric_id, row.year), 3);
    expect(rows.some(small)).toBe(true);
  });

  it('answers an Arrow IPC stream with the same rows when asked for one, naming the snapshot in a header', async () => {
    const url = '/api/v1/metrics/series?metric=workers.women&metric=production.fairmined_share&mineral=gold';
    const json = (await get<SeriesAnswer>(url)).body;
    const response = await api.request(url, { headers: { Accept: `${ARROW_STREAM}, application/json;q=0.5` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(ARROW_STREAM);
    expect(response.headers.get('Veta-Snapshot-Id')).toBe(snapshotId);
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      metric_id: 'Utf8',
      year: 'Int32',
      country_code: 'Utf8',
      admin1_code: 'Utf8',
      mineral: 'Utf8',
      value: 'Float64',
      sites_count: 'Int32',
      producers_count: 'Int32',
      countries: 'Int32',
      suppressed: 'Bool',
    });
    expect(table.toArray().map((row) => ({ ...row.toJSON() }))).toEqual(json.series);
    expect(json.series.some((r) => r.value === null) && json.series.some((r) => r.value !== null)).toBe(true);

    const definitions = tableFromIPC(new Uint8Array(await (await api.request('/api/v1/metrics', { headers: { Accept: ARROW_STREAM } })).arrayBuffer()));
    expect(definitions.numRows).toBe((await get<MetricsAnswer>('/api/v1/metrics')).body.metrics.length);
    expect(definitions.get(0)?.toJSON()).toMatchObject({ metric_id: 'workers.total', title_fr: 'Personnes travaillant sur les sites' });
    expect([...(definitions.get(0)?.source_tables ?? [])]).toContain('marts.fct_site_indicators');
  });

  it.each([
    ['country=COL', 'country: expected an ISO 3166-1 alpha-2 code such as CO, or nothing for every country'],
    ['country=CO&country=PE', 'country: give it once'],
    ['country=XX', 'country: XX is not a country of the catalogue (an ISO 3166-1 alpha-2 code such as CO)'],
    ['country=PE&admin1=CO-NAR', 'admin1: CO-NAR is not a unit of PE (its code starts with PE-)'],
    ['admin1=CO-ZZZ', 'admin1: CO-ZZZ is not an admin-1 unit of the catalogue (an ISO 3166-2 code such as CO-NAR)'],
    ['mineral=unobtainium', 'mineral: unobtainium is not a code of the mineral list (such as gold), nor all'],
    ['metric=workers.women,workers.aliens', 'metric: workers.aliens is not a metric of the catalogue (GET /api/v1/metrics lists them)'],
    ['metrics=workers.women', 'unknown parameter metrics: expected metric, country, admin1 or mineral'],
    [`mineral=${encodeURIComponent("gold' or '1'='1")}`, 'mineral: expected a code of the mineral list such as gold, or all'],
    [`metric=${encodeURIComponent("workers.women'); drop table marts.fct_impact_metrics; --")}`, 'metric: expected metric ids such as workers.women (GET /api/v1/metrics lists them)'],
    [`country=${encodeURIComponent("C'")}`, 'country: expected an ISO 3166-1 alpha-2 code such as CO, or nothing for every country'],
  ])('answers 400 to %s, saying what was expected', async (search, message) => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(`/api/v1/metrics/series?${search}`);
    expect([status, body]).toEqual([400, { error: { code: 'bad_request', message } }]);
  });

  it('binds what it passes to SQL, so a quote in a value changes no query and the mart stays whole', async () => {
    const before = (await mart('all')).length;
    // Well-formed for the validation, so it reaches the catalogue checks as a bound value.
    const attempts = ['admin1=CO-X~', `metric=${encodeURIComponent("workers.women,x');drop table marts.fct_impact_metrics;--")}`];
    for (const search of attempts) expect((await api.request(`/api/v1/metrics/series?${search}`)).status).toBe(400);
    expect((await mart('all')).length).toBe(before);
  });
});

describe('GET /api/v1/summary/impact', () => {
  it('gives the headline metrics for every country in the latest complete year, beside the year before', async () => {
    const { status, body } = await get<HeadlineImpactAnswer>('/api/v1/summary/impact');
    expect(status).toBe(200);
    const places = (await get<PlacesAnswer>('/api/v1/metrics/places')).body;
    expect(body.year).toBe(places.period.latest_complete_year);
    expect(body.figures.map((f) => f.metric_id)).toEqual(
      (await db.query<{ metric_id: string }>('select metric_id from catalogue.impact_metrics order by position'))
        .map((r) => r.metric_id)
        .filter((id) => (HEADLINE_METRICS as readonly string[]).includes(id)),
    );
    const rows = (await mart()).filter((r) => r.admin1_code === null && r.mineral === 'all');
    const total = (metric: string, year: number) => {
      const countries = rows.filter((r) => r.metric_id === metric && r.year === year);
      return countries.some(small) || !countries.length ? null : countries.reduce((s, r) => s + r.value, 0);
    };
    for (const figure of body.figures) {
      const expected = total(figure.metric_id, body.year!);
      expect(figure.suppressed).toBe(expected === null);
      if (expected === null) expect(figure.value).toBeNull();
      else expect(figure.value).toBeCloseTo(expected, 3);
      const previous = total(figure.metric_id, body.year! - 1);
      if (previous === null) expect(figure.previous_value).toBeNull();
      else expect(figure.previous_value).toBeCloseTo(previous, 3);
    }
    // The demo's latest complete year has every headline figure, so the home page shows them all.
    expect(body.figures.every((f) => f.value !== null)).toBe(true);

    const arrow = await api.request('/api/v1/summary/impact', { headers: { Accept: ARROW_STREAM } });
    expect(arrow.headers.get('Veta-Snapshot-Id')).toBe(body.snapshot_id);
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()));
    expect(table.toArray().map((r) => ({ ...r.toJSON() }))).toEqual(body.figures);
  });
});

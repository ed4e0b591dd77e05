import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { VetaHome } from '$warehouse/home.ts';
import { runCli } from '../../../../../../tests/helpers/demo-home.ts';
import { parseCsv } from '../../../../../../tests/helpers/parse-csv.ts';
import { suiteDemoHome } from '../../../../../../tests/helpers/suite-home.ts';
import type { Report, ReportIndex } from '../../../reports/report-types.ts';
import type { ApiEnv } from '../access.ts';
import { createApi } from '../app.ts';
import { HEADLINE_METRICS } from './reports-figures.ts';
import { reportsRoutes } from './reports.ts';

// Enough producers that most countries' figures are published, and a few small ones are withheld.
const PRODUCERS = 48;
const YEAR = 2025;

const readers: SnapshotReader[] = [];
afterEach(() => readers.splice(0).forEach((r) => r.close()));

function api(home: VetaHome) {
  const reader = new SnapshotReader(home.published);
  readers.push(reader);
  return createApi(reader);
}

/** Runs SQL straight on a snapshot file, apart from the API and its views. */
async function onFile<T>(file: string, sql: string): Promise<T[]> {
  const db = await Database.open(file, { readOnly: true });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

/** The publication rule restated: a country's row is shown when it rests on at least 5 sites and 5 producers. */
const SHOWN = 'sites_count >= 5 and producers_count >= 5';

async function get<T>(app: ReturnType<typeof api>, url: string): Promise<{ status: number; body: T }> {
  const response = await app.request(url);
  return { status: response.status, body: (await response.json()) as T };
}

describe('GET /api/v1/reports', () => {
  let home: VetaHome;
  beforeAll(async () => {
    home = await suiteDemoHome(PRODUCERS);
  }, 120_000);

  it('lists the years with figures, and the snapshot kept under the served id', async () => {
    const { status, body } = await get<ReportIndex>(api(home), '/api/v1/reports');
    expect(status).toBe(200);
    // The public sees a year once it ended six months (public.lag_months) before the snapshot's latest submission.
    const years = await onFile<{ year: number }>(
      home.published,
      `select distinct year from marts.fct_impact_metrics
       where make_date(year, 12, 31) <= (select max(submitted_at)::date from marts.fct_assessments) - interval 6 month
       order by year desc`,
    );
    expect(body.years.map((y) => y.year)).toEqual(years.map((y) => y.year));
    expect(body.kept_snapshots).toEqual([body.snapshot_id]);
    const year = body.years.find((y) => y.year === YEAR);
    const countries = await onFile<{ shown: number; all: number }>(
      home.published,
      `select count(distinct country_code) filter (where ${SHOWN})::integer as shown, count(distinct country_code)::integer as "all"
       from marts.fct_impact_metrics where admin1_code is null and mineral = 'all' and year = ${YEAR}`,
    );
    expect(year).toEqual({ year: YEAR, countries: countries[0].shown, countries_withheld: countries[0].all - countries[0].shown });
  });

  it('gives the year in numbers as the published countries add them up, and withholds small countries', async () => {
    const response = await api(home).request(`/api/v1/reports/${YEAR}`);
    const body = (await response.json()) as Report;
    expect(response.status).toBe(200);
    expect(response.headers.get('Veta-Snapshot-Id')).toBe(body.snapshot_id);
    // The public sees the report year only once the publication lag has passed since it ended.
    expect(body.years_until! >= `${YEAR}-12-31`).toBe(true);
    const totals = await onFile<{ metric_id: string; year: number; value: number | null; shown: number; hidden: number }>(
      home.published,
      `select metric_id, year, round(sum(value) filter (where ${SHOWN}), 4)::double as value,
           count(*) filter (where ${SHOWN})::integer as shown, count(*) filter (where not (${SHOWN}))::integer as hidden
       from marts.fct_impact_metrics where admin1_code is null and mineral = 'all' group by all`,
    );
    const total = (metric: string, year: number) => totals.find((t) => t.metric_id === metric && t.year === year);
    expect(body.numbers.map((n) => n.metric_id)).toEqual([...HEADLINE_METRICS]);
    for (const n of body.numbers) {
      expect(n).toEqual({
        metric_id: n.metric_id,
        value: total(n.metric_id, YEAR)?.value ?? null,
        previous: total(n.metric_id, YEAR - 1)?.value ?? null,
        countries: total(n.metric_id, YEAR)?.shown ?? 0,
        countries_withheld: total(n.metric_id, YEAR)?.hidden ?? 0,
      });
    }
    expect(body.numbers.find((n) => n.metric_id === 'workers.total')?.value).toBeGreaterThan(0);

    const rows = await onFile<{ country_code: string; value: number; sites_count: number; shown: boolean }>(
      home.published,
      `select country_code, value, sites_count, (${SHOWN}) as shown from marts.fct_impact_metrics
       where admin1_code is null and mineral = 'all' and year = ${YEAR} and metric_id = 'workers.total' order by country_code`,
    );
    // The demo must hold both kinds of country for this test to mean anything.
    expect(rows.some((r) => r.shown) && rows.some((r) => !r.shown)).toBe(true);
    for (const row of rows) {
      const country = body.countries.find((c) => c.country_code === row.country_code);
      expect(country?.values['workers.total'].value).toBe(row.shown ? row.value : null);
      expect(country?.sites_assessed).toBe(row.shown ? row.sites_count : null);
    }
    expect(body.coverage.sites).toBe(rows.filter((r) => r.shown).reduce((n, r) => n + r.sites_count, 0));
  });

  it('counts the sites at each CRAFT status as the site statuses do, over the countries whose profile is shown', async () => {
    const { body } = await get<Report>(api(home), `/api/v1/reports/${YEAR}?lang=fr`);
    const statuses = await onFile<{ country_code: string; craft_status: string; sites: number }>(
      home.published,
      // the public edition: each site's status as of the as-of date less the publication lag, where it was then
      `select known.country_code, statuses.craft_status, count(*)::integer as sites
       from intermediate.int_site_statuses_picked as statuses
       inner join intermediate.int_sites_known_listed as known using (edition, site_id)
       where edition = 'public' group by all`,
    );
    const profiles = await onFile<{ country_code: string }>(
      home.published,
      `select country_code from marts.fct_region_risk_profiles where edition = 'public' and admin1_code is null and mineral = 'all'
       and sites_known >= 5 and sites_assessed >= 5 and sites_assessed_12_months >= 5 and sites_with_craft_status >= 5`,
    );
    const shown = new Set(profiles.map((p) => p.country_code));
    expect(shown.size).toBeGreaterThan(0);
    const expected = Object.fromEntries(
      body.craft.statuses.map((s) => [
        s.craft_status,
        statuses.filter((r) => shown.has(r.country_code) && r.craft_status === s.craft_status).reduce((n, r) => n + r.sites, 0),
      ]),
    );
    expect(body.craft.totals.by_status).toEqual(expected);
    expect(body.craft.statuses.map((s) => s.title)).toEqual(['Désengagement', 'Suspension', 'Atténuation', 'Non éligible', 'Engagement']);
    expect(body.craft.versions_judged.map((v) => v.version_id)).toEqual(['craft-2.1']);
    for (const country of body.craft.countries.filter((c) => !shown.has(c.country_code))) {
      expect(country).toMatchObject({ withheld: true, sites_known: null, sites_with_craft_status: null, top_risks: [] });
      expect(Object.values(country.shares).every((s) => s === null)).toBe(true);
    }
  });

  it('withholds the Fairmined producer table from the public, and aggregates it for a partner', async () => {
    const { body } = await get<Report>(api(home), `/api/v1/reports/${YEAR}`);
    expect(body.fairmined.producers).toBeNull();
    expect(body.fairmined.producers_withheld_reason).toContain('producer_id');
    // A partner's request, as the access middleware will mark it once tokens exist.
    const reader = new SnapshotReader(home.published);
    readers.push(reader);
    const partner = new Hono<ApiEnv>()
      .use(async (c, next) => {
        c.set('tier', 'partner');
        await next();
      })
      .route('/', reportsRoutes(reader));
    const partnerReport = (await (await partner.request(`/reports/${YEAR}`)).json()) as Report;
    const expected = await onFile<{ country_code: string; producers: number; certified: number }>(
      home.published,
      `select country_code, count(*)::integer as producers, count(*) filter (where certification_status = 'certified')::integer as certified
       from marts.fct_fairmined_producers group by all order by country_code`,
    );
    expect(partnerReport.fairmined.producers?.map(({ country_code, producers, certified }) => ({ country_code, producers, certified }))).toEqual(expected);
  });

  it.each([
    ['/api/v1/reports/20x5', 'year: a four-digit year expected'],
    ['/api/v1/reports/2025?lang=de', 'lang: one of en, es, fr expected'],
    ["/api/v1/reports/2025?lang=en'--", 'lang: one of en, es, fr expected'],
    ['/api/v1/reports/2025?snapshot=../../published', 'snapshot: a snapshot id (16 hexadecimal digits) expected'],
    ["/api/v1/reports?snapshot=0123456789abcdef' or '1'='1", 'snapshot: a snapshot id (16 hexadecimal digits) expected'],
  ])('answers %s with 400', async (url, message) => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(api(home), url);
    expect([status, body]).toEqual([400, { error: { code: 'bad_request', message } }]);
  });

  it('answers 404 for a year without figures and for a snapshot this server does not keep', async () => {
    const app = api(home);
    expect((await app.request('/api/v1/reports/1999')).status).toBe(404);
    const { status, body } = await get<{ error: { message: string } }>(app, '/api/v1/reports/2025?snapshot=0123456789abcdef');
    expect(status).toBe(404);
    expect(body.error.message).toBe('no kept snapshot 0123456789abcdef on this server: see /reports for the kept ones');
  });

  // Last in this suite: it publishes a newer snapshot in the suite's home.
  it('builds the report of a kept snapshot with the same figures after a newer snapshot is published', async () => {
    const app = api(home);
    const before = (await get<Report>(app, `/api/v1/reports/${YEAR}?lang=es`)).body;

    // New input that changes the year's figures: one more sale of a producer of a country whose figures are shown.
    const [header, ...sales] = parseCsv(await readFile(path.join(home.demo, 'production_sales_ledger.csv'), 'utf8'), ',');
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    const shown = new Set(before.countries.filter((c) => !c.withheld).map((c) => c.country_code));
    const sale = sales.find((r) => at(r, 'sale_date').startsWith(String(YEAR)) && shown.has(at(r, 'producer_code').slice(0, 2)));
    if (!sale) throw new Error('the demo ledger has no sale of a published country in the report year');
    const extra = [...sale];
    extra[header.indexOf('sale_id')] = 'SL-9999999';
    extra[header.indexOf('sale_date')] = `${YEAR}-12-30`;
    const ledger = path.join(home.root, 'extra-sales.csv');
    await writeFile(ledger, `${header.join(',')}\n${extra.map((v) => (/[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`);
    expect((await runCli(['ingest', '--home', home.root, ledger])).code).toBe(0);
    expect((await runCli(['build', '--home', home.root])).code).toBe(0);

    const after = (await get<Report>(app, `/api/v1/reports/${YEAR}?lang=es`)).body;
    expect(after.snapshot_id).not.toBe(before.snapshot_id);
    const gold = (r: Report) => r.numbers.find((n) => n.metric_id === 'production.fine_gold_g')?.value;
    expect(gold(after)).toBeGreaterThan(gold(before) ?? Infinity);

    const again = await get<Report>(app, `/api/v1/reports/${YEAR}?lang=es&snapshot=${before.snapshot_id}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...before, requested_snapshot: before.snapshot_id });
    const index = (await get<ReportIndex>(app, `/api/v1/reports?snapshot=${before.snapshot_id}`)).body;
    expect(index).toMatchObject({ snapshot_id: before.snapshot_id, requested_snapshot: before.snapshot_id });
    expect(index.kept_snapshots).toEqual([before.snapshot_id, after.snapshot_id].sort());
  }, 120_000);
});

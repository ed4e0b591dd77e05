/**
 * The regions endpoints on a demo snapshot large enough to hold both profiles the public may see and profiles it may
 * not, with the IPIS and Amazon Mining Watch files of the project's shared data landed when they are there. Figures
 * are checked against the snapshot's tables read here directly, and the trend against a computation in plain JS.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, type Row } from '$warehouse/gateway/duckdb.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { resolveHome, type VetaHome } from '$warehouse/home.ts';
import { runCli } from '../../../../../../tests/helpers/demo-home.ts';
import { parseCsv } from '../../../../../../tests/helpers/parse-csv.ts';
import type { RegionProfile, RegionsIndex } from '../../../regions/types.ts';
import type { ApiEnv } from '../access.ts';
import { createApi } from '../app.ts';
import { profileCsv } from './regions-csv.ts';
import { regionsRoutes } from './regions.ts';

const SHARED = fileURLToPath(new URL('../../../../../../../shared/data/', import.meta.url));
const IPIS_SAMPLE = path.join(SHARED, 'ipis-drc-sample', 'ipis-drc-sample.csv');
const AMW_FILE = path.join(SHARED, 'amazon-mining-watch', 'mining_by_subnational_admin_amazon_basin_2018-2025Q3_all_differences.csv');
const HAS_PARTNER_FILES = existsSync(IPIS_SAMPLE) && existsSync(AMW_FILE);
/** Enough producers for some places to count five sites or more; the test helpers' 12 leave every place below it. */
const PRODUCERS = 40;
const MIN_SITES = 5;

let dir: string;
let home: VetaHome;
let reader: SnapshotReader;
let db: Database;
let api: ReturnType<typeof createApi>;

async function cli(argv: string[]): Promise<void> {
  const result = await runCli(argv);
  if (result.code !== 0) throw new Error(`veta ${argv.join(' ')} failed:\n${result.err.join('\n')}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-regions-'));
  home = resolveHome(dir);
  await cli(['demo', '--home', home.root, '--producers', String(PRODUCERS)]);
  if (HAS_PARTNER_FILES) {
    await cli(['ingest', '--home', home.root, IPIS_SAMPLE, AMW_FILE]);
    await cli(['build', '--home', home.root]);
  }
  reader = new SnapshotReader(home.published);
  api = createApi(reader);
  db = await Database.open(home.published, { readOnly: true });
}, 180_000);

afterAll(async () => {
  reader?.close();
  db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await api.request(url);
  return { status: response.status, body: (await response.json()) as T };
}

interface MartRow extends Row {
  country_code: string;
  admin1_code: string | null;
  mineral: string;
}

/** The regions routes as a partner's token reads them. */
const partnerApi = () =>
  new Hono<ApiEnv>()
    .use(async (c, next) => {
      c.set('tier', 'partner');
      c.set('who', 'a buyer');
      await next();
    })
    .route('/api/v1', regionsRoutes(reader));

/** The mart's rows of one edition: the public tier reads the `public` one, every other tier the `current` one. */
const mart = (edition: 'public' | 'current' = 'public') =>
  db.query<MartRow>(`select * from marts.fct_region_risk_profiles where edition = $edition order by country_code, admin1_code nulls first, mineral`, {
    edition,
  });
const profileUrl = (r: { country_code: string; admin1_code: string | null; mineral: string }, file = 'profile') =>
  `/api/v1/regions/${file}?country=${r.country_code}${r.admin1_code ? `&admin1=${r.admin1_code}` : ''}&mineral=${r.mineral}`;
/** The rule the public view follows: a row counting fewer than 5 sites in any of its counts shows no figures. */
const COUNTS = ['sites_known', 'sites_assessed', 'sites_assessed_12_months', 'sites_with_craft_status'];
const smallRow = (r: Row) => COUNTS.some((c) => r[c] === null || (r[c] as number) < MIN_SITES);
const KEY = ['edition', 'country_code', 'admin1_code', 'mineral'];

describe('GET /api/v1/regions', () => {
  it('lists every place and mineral of the mart, with catalogue names in three languages', async () => {
    const { status, body } = await get<RegionsIndex>('/api/v1/regions');
    expect(status).toBe(200);
    const [snapshot] = await db.query<{ snapshot_id: string }>('select snapshot_id from meta.snapshot');
    expect(body.snapshot_id).toBe(snapshot.snapshot_id);
    expect(body.min_sites).toBe(MIN_SITES);

    const listed = body.countries.flatMap((c) => [
      ...c.minerals.map((m) => ({ country_code: c.country_code, admin1_code: null as string | null, ...m })),
      ...c.admin1_units.flatMap((u) => u.minerals.map((m) => ({ country_code: c.country_code, admin1_code: u.admin1_code, ...m }))),
    ]);
    const rows = await mart();
    const key = (r: { country_code: string; admin1_code: string | null; mineral: string }) => `${r.country_code} ${r.admin1_code} ${r.mineral}`;
    expect(listed.map(key).sort()).toEqual(rows.map(key).sort());
    const byKey = new Map(rows.map((r) => [key(r), r]));
    for (const place of listed) {
      const row = byKey.get(key(place))!;
      expect(place.suppressed).toBe(smallRow(row));
      expect(place.sites_known).toBe(smallRow(row) ? null : row.sites_known);
    }
    // The demo has both kinds, or this test would prove nothing about either.
    expect(listed.some((p) => p.suppressed)).toBe(true);
    expect(listed.some((p) => !p.suppressed)).toBe(true);

    const [names] = await db.query<Row>(
      `select c.name_es as country, a.name_fr as unit from catalogue.countries c, catalogue.admin1_units a
       where c.country_code = $country and a.admin1_code = $unit`,
      { country: body.countries[0].country_code, unit: body.countries[0].admin1_units[0].admin1_code },
    );
    expect(body.countries[0].name.es).toBe(names.country);
    expect(body.countries[0].admin1_units[0].name.fr).toBe(names.unit);
    const [gold] = await db.query<Row>(`select label_es from catalogue.code_lists where list_name = 'mineral' and code = 'gold'`);
    expect(body.minerals.find((m) => m.code === 'gold')?.name.es).toBe(gold.label_es);
  });
});

describe('GET /api/v1/regions/profile', () => {
  it('gives the mart row of a place with enough sites as it is, with the labels of its statuses and top risks', async () => {
    const rows = (await mart()).filter((r) => !smallRow(r));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const { status, body } = await get<RegionProfile>(profileUrl(row));
      expect(status).toBe(200);
      expect(body.suppressed).toBe(false);
      expect(body.profile).toEqual({ ...row, suppressed: false });
      for (const share of body.statuses) expect(share.share).toBe(row[`${share.craft_status}_share`]);
      const risks = [1, 2, 3].filter((n) => row[`top_risk_${n}_requirement_id`] !== null);
      expect(body.top_risks.map((r) => [r.requirement_id, r.share])).toEqual(
        risks.map((n) => [row[`top_risk_${n}_requirement_id`], row[`top_risk_${n}_share`]]),
      );
    }
    const withRisk = rows.find((r) => r.top_risk_1_requirement_id !== null)!;
    const { body } = await get<RegionProfile>(profileUrl(withRisk));
    const [requirement] = await db.query<Row>(`select title_es, title_fr from catalogue.requirements where requirement_id = $id`, {
      id: withRisk.top_risk_1_requirement_id as string,
    });
    expect(body.top_risks[0].title).toMatchObject({ es: requirement.title_es, fr: requirement.title_fr });
    const groups = new Map(
      (await db.query<Row>('select annex_ii_group, title_fr from catalogue.annex_ii_groups')).map((g) => [g.annex_ii_group, g.title_fr]),
    );
    const withGroup = [];
    for (const row of rows) {
      for (const risk of (await get<RegionProfile>(profileUrl(row))).body.top_risks) {
        expect(risk.annex_ii_title?.fr ?? null).toBe(risk.annex_ii_group ? groups.get(risk.annex_ii_group) : null);
        if (risk.annex_ii_group) withGroup.push(risk);
      }
    }
    expect(withGroup.length).toBeGreaterThan(0);
    const [engage] = await db.query<Row>(`select title_es from catalogue.craft_statuses where craft_status = 'engage'`);
    expect(body.statuses.find((s) => s.craft_status === 'engage')?.title.es).toBe(engage.title_es);
    expect(body.statuses.map((s) => s.severity)).toEqual([1, 2, 3, 4, 5]);
  });

  it('withholds everything but the place of a profile with fewer than 5 sites, and says so', async () => {
    const rows = (await mart()).filter(smallRow);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const { status, body } = await get<RegionProfile>(profileUrl(row));
      expect(status).toBe(200);
      expect(body.suppressed).toBe(true);
      expect(body.min_sites).toBe(MIN_SITES);
      for (const [column, value] of Object.entries(body.profile)) {
        // The key and the edition's day, the same on every row, stay.
        if (KEY.includes(column) || column === 'as_of_date') expect(value).toBe(row[column]);
        else if (column === 'suppressed') expect(value).toBe(true);
        // Not only the figures: a requirement id or a day would describe one of a handful of sites.
        else expect([column, value]).toEqual([column, null]);
      }
      expect(body.statuses.every((s) => s.share === null)).toBe(true);
      expect(body.top_risks).toEqual([]);
      expect(body.partners).toBeNull();
    }
  });

  it('names no site, producer or assessment in any answer', async () => {
    const ids = await db.query<{ id: string }>(
      `select site_id as id from marts.dim_sites union select producer_id from marts.dim_producers
       union select assessment_id from marts.fct_assessments`,
    );
    expect(ids.length).toBeGreaterThan(100);
    const answers = [JSON.stringify((await get('/api/v1/regions')).body)];
    for (const row of await mart()) {
      answers.push(JSON.stringify((await get(profileUrl(row))).body));
      answers.push(await (await api.request(profileUrl(row, 'profile.csv'))).text());
    }
    const text = answers.join('\n');
    expect(ids.filter(({ id }) => text.includes(id))).toEqual([]);
    // Nor a column that only restricted tiers see.
    expect(text).not.toMatch(/"(site_id|producer_id|assessment_id|craft_status_history|site_lon|site_lat)"/);
  });

  it('gives the trend of statuses per year, computed apart in JS, with years of fewer than 5 sites withheld and recent ones held back', async () => {
    const history = await db.query<{ site_id: string; day: string; version: string; assessment_id: string; craft_status: string }>(
      `select site_id, assessment_date::varchar as day, framework_version_id as version, assessment_id, craft_status
       from marts.fct_craft_status_history`,
    );
    const sites = await db.query<{ site_id: string; country_code: string; admin1_code: string | null; minerals: string[] }>(
      'select site_id, country_code, admin1_code, minerals from marts.dim_sites',
    );
    const statuses = (await db.query<{ craft_status: string }>('select craft_status from catalogue.craft_statuses')).map((s) => s.craft_status);
    const [{ as_of }] = await db.query<{ as_of: string }>('select max(as_of_date)::varchar as as_of from marts.fct_region_risk_profiles');
    // The publication lag: the public sees a year once it ended that many months before the as-of date.
    const rules = Object.fromEntries(
      (await db.query<{ rule_id: string; value: number }>('select rule_id, value::double as value from catalogue.publication_rules')).map((r) => [r.rule_id, r.value]),
    );
    expect(rules['public.minimum_count']).toBe(MIN_SITES);
    const until = new Date(`${as_of}T00:00:00Z`);
    until.setUTCMonth(until.getUTCMonth() - rules['public.lag_months']);
    const publicUntil = until.toISOString().slice(0, 10);
    // The demo's latest year is one the public does not see yet, or the lag would go untested.
    expect(`${as_of.slice(0, 4)}-12-31` > publicUntil).toBe(true);
    const expectedTrend = (place: MartRow) => {
      const here = new Set(
        sites
          .filter((s) => s.country_code === place.country_code && (place.admin1_code === null || s.admin1_code === place.admin1_code))
          .filter((s) => place.mineral === 'all' || s.minerals.includes(place.mineral))
          .map((s) => s.site_id),
      );
      const latest = new Map<string, (typeof history)[number]>();
      for (const h of history.filter((h) => here.has(h.site_id))) {
        const key = `${h.site_id} ${h.day.slice(0, 4)}`;
        const order = (x: typeof h) => `${x.day} ${x.version} ${x.assessment_id}`;
        if (!latest.has(key) || order(h) > order(latest.get(key)!)) latest.set(key, h);
      }
      const years = [...new Set([...latest.values()].map((h) => Number(h.day.slice(0, 4))))]
        .filter((year) => `${year}-12-31` <= publicUntil)
        .sort();
      return years.map((year) => {
        const inYear = [...latest.values()].filter((h) => h.day.startsWith(String(year)));
        const withheld = inYear.length < MIN_SITES;
        return {
          year,
          sites: withheld ? null : inYear.length,
          suppressed: withheld,
          is_partial: as_of.startsWith(String(year)) && !as_of.endsWith('-12-31'),
          shares: withheld
            ? null
            : Object.fromEntries(
                statuses.map((s) => [s, Math.round((inYear.filter((h) => h.craft_status === s).length / inYear.length) * 1e4) / 1e4]),
              ),
        };
      });
    };
    const trends = [];
    for (const row of await mart()) {
      const { body } = await get<RegionProfile>(profileUrl(row));
      expect(body.years_until).toBe(publicUntil);
      expect(body.trend).toEqual(expectedTrend(row));
      trends.push(...body.trend);
    }
    expect(trends.some((y) => y.suppressed)).toBe(true);
    expect(trends.some((y) => !y.suppressed)).toBe(true);
    // A year's shares add up to one.
    for (const y of trends.filter((t) => t.shares)) expect(Object.values(y.shares!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it('shows a tier that sees the table whole every figure, with no threshold', async () => {
    const partner = partnerApi();
    const row = (await mart('current')).find(smallRow)!;
    const body = (await (await partner.request(profileUrl(row))).json()) as RegionProfile;
    expect(body.min_sites).toBeNull();
    expect(body.years_until).toBeNull();
    expect(body.suppressed).toBe(false);
    // Its view has no `suppressed` column: nothing in it is withheld.
    expect(body.profile).toEqual(row);
    expect(body.trend.every((y) => !y.suppressed && y.sites !== null)).toBe(true);
    // Nor is a year held back: the year of the as-of date, not over yet, is there.
    expect(body.trend.at(-1)).toMatchObject({ year: Number(String(row.as_of_date).slice(0, 4)), is_partial: true });
  });

  it('gives the public the edition of six months before the as-of date, and a partner the current one', async () => {
    const partner = partnerApi();
    const [current, lagged] = [await mart('current'), await mart('public')];
    const asOf = String(current[0].as_of_date);
    const until = new Date(`${asOf}T00:00:00Z`);
    until.setUTCMonth(until.getUTCMonth() - 6);
    const country = (rows: MartRow[]) => rows.find((r) => r.country_code === 'CO' && r.admin1_code === null && r.mineral === 'all')!;
    // The demo assessed sites in those six months, or this would not tell the editions apart.
    expect(country(lagged).sites_assessed_12_months).not.toBe(country(current).sites_assessed_12_months);
    const publicBody = (await get<RegionProfile>(profileUrl(country(lagged)))).body;
    expect(publicBody.profile).toMatchObject({ edition: 'public', as_of_date: until.toISOString().slice(0, 10) });
    expect(publicBody.profile.sites_assessed_12_months).toBe(country(lagged).sites_assessed_12_months);
    const partnerBody = (await (await partner.request(profileUrl(country(current)))).json()) as RegionProfile;
    expect(partnerBody.profile).toMatchObject({ edition: 'current', as_of_date: asOf, sites_assessed_12_months: country(current).sites_assessed_12_months });
  });

  it.skipIf(!HAS_PARTNER_FILES)('gives the partner context of the mart: IPIS in the DRC, Amazon Mining Watch for gold', async () => {
    const shown = (await mart()).filter((r) => !smallRow(r));
    const drc = shown.find((r) => r.country_code === 'CD' && (r.ipis_visits as number) > 0);
    const amazon = shown.find((r) => r.amw_latest_year !== null);
    expect(drc && amazon).toBeTruthy();
    expect((await get<RegionProfile>(profileUrl(drc!))).body.partners?.ipis).toEqual({
      visits: drc!.ipis_visits,
      sites_visited: drc!.ipis_sites_visited,
      armed_interference_share: drc!.ipis_armed_interference_share,
      child_labour_share: drc!.ipis_child_labour_share,
      mercury_share: drc!.ipis_mercury_share,
      latest_visit_year: drc!.ipis_latest_visit_year,
    });
    expect((await get<RegionProfile>(profileUrl(amazon!))).body.partners?.amazon_mining_watch).toEqual({
      latest_year: amazon!.amw_latest_year,
      new_mining_area_ha: amazon!.amw_new_mining_area_ha,
      new_mining_area_previous_year_ha: amazon!.amw_new_mining_area_previous_year_ha,
    });
    const outside = shown.find((r) => r.ipis_visits === 0 && r.amw_latest_year === null)!;
    expect((await get<RegionProfile>(profileUrl(outside))).body.partners).toEqual({ ipis: null, amazon_mining_watch: null });
  });

  it('reads a lower-case code and an empty admin-1 unit (a form\'s "whole country") as the country profile', async () => {
    const row = (await mart()).find((r) => r.admin1_code === null && r.mineral === 'all')!;
    const { status, body } = await get<RegionProfile>(`/api/v1/regions/profile?country=${row.country_code.toLowerCase()}&admin1=`);
    expect(status).toBe(200);
    expect(body.place).toMatchObject({ country_code: row.country_code, admin1_code: null, mineral: 'all', mineral_name: null });
  });

  it.each([
    ['', 'country is required: an ISO 3166-1 alpha-2 code such as CO'],
    ['country=COL', 'country: expected an ISO 3166-1 alpha-2 code such as CO'],
    ['country=CO&admin1=PE-MDD', 'admin1: PE-MDD is not a unit of CO (its code starts with CO-)'],
    ['country=CO&mineral=Gold', 'mineral: expected a code of the mineral list such as gold, or all'],
    ["country=CO' OR '1'='1", 'country: expected an ISO 3166-1 alpha-2 code such as CO'],
    ['country=CO&admin1=CO-NAR%27%3B%20drop%20table%20marts.dim_sites%3B--', 'admin1: expected an ISO 3166-2 code such as CO-NAR, or nothing for the whole country'],
    ["country=CO&mineral=gold') union select site_id from marts.dim_sites --", 'mineral: expected a code of the mineral list such as gold, or all'],
    ['country=CO&mineral=%00', 'mineral: expected a code of the mineral list such as gold, or all'],
  ])('answers 400 to ?%s, saying what was expected', async (query, message) => {
    for (const file of ['profile', 'profile.csv']) {
      const { status, body } = await get(`/api/v1/regions/${file}?${query}`);
      expect(status).toBe(400);
      expect(body).toEqual({ error: { code: 'bad_request', message } });
    }
    // The snapshot is still whole and still answers.
    expect((await get<RegionsIndex>('/api/v1/regions')).status).toBe(200);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::integer as n from marts.dim_sites');
    expect(n).toBeGreaterThan(0);
  });

  it('answers 400 to a CSV language it does not have', async () => {
    const { status, body } = await get('/api/v1/regions/profile.csv?country=CO&lang=de');
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'bad_request', message: 'lang: expected one of en, es, fr' } });
  });

  it.each([
    ['country=ZZ', 'no risk profile for ZZ and mineral all'],
    ['country=CO&admin1=CO-ZZZ&mineral=gold', 'no risk profile for CO-ZZZ (CO) and mineral gold'],
    ['country=CO&mineral=mica', 'no risk profile for CO and mineral mica'],
  ])('answers 404 to a place without a profile (?%s)', async (query, start) => {
    for (const file of ['profile', 'profile.csv']) {
      const { status, body } = await get<{ error: { code: string; message: string } }>(`/api/v1/regions/${file}?${query}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toBe(
        `${start}: Veta knows no site there that mines it; GET /api/v1/regions lists the places and minerals that have one`,
      );
    }
  });
});

describe('GET /api/v1/regions/profile.csv', () => {
  it('holds the same figures as the JSON profile, one per line, each naming the snapshot, labelled in the language asked', async () => {
    const rows = (await mart()).filter((r) => !smallRow(r));
    // Between them the rows must label an admin-1 unit and a top risk, or those labels go unchecked.
    expect(rows.some((r) => r.admin1_code !== null) && rows.some((r) => r.top_risk_1_requirement_id !== null)).toBe(true);
    for (const row of rows) {
      const { body: json } = await get<RegionProfile>(profileUrl(row));
      const response = await api.request(`${profileUrl(row, 'profile.csv')}&lang=fr`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const name = [row.country_code, row.admin1_code, row.mineral, json.snapshot_id].filter(Boolean).join('-');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="veta-region-${name}.csv"`);
      // A byte-order mark first, which a decoder then drops.
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...lines] = parseCsv(new TextDecoder().decode(bytes).trimEnd());
      expect(header).toEqual(['snapshot_id', 'built_at', 'country_code', 'admin1_code', 'mineral', 'section', 'measure', 'year', 'value', 'label']);
      const records = lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
      expect(new Set(records.map((r) => `${r.snapshot_id} ${r.built_at} ${r.country_code} ${r.admin1_code} ${r.mineral}`))).toEqual(
        new Set([`${json.snapshot_id} ${json.built_at} ${row.country_code} ${row.admin1_code ?? ''} ${row.mineral}`]),
      );
      const profile = records.filter((r) => r.section === 'profile');
      expect(Object.fromEntries(profile.map((r) => [r.measure, r.value]))).toEqual(
        Object.fromEntries(Object.entries(json.profile).map(([k, v]) => [k, v === null ? '' : String(v)])),
      );
      const label = (measure: string) => profile.find((r) => r.measure === measure)?.label;
      expect(label('country_code')).toBe(json.place.country_name.fr);
      expect(label('admin1_code')).toBe(json.place.admin1_name?.fr ?? '');
      expect(label('top_risk_1_requirement_id')).toBe(json.top_risks[0]?.title.fr ?? '');
      expect(label('engage_share')).toBe(json.statuses.find((s) => s.craft_status === 'engage')?.title.fr);
      const trend = records.filter((r) => r.section === 'trend');
      expect(trend.length).toBe(json.trend.length * (2 + json.statuses.length));
      for (const year of json.trend) {
        const cell = (measure: string) => trend.find((r) => r.year === String(year.year) && r.measure === measure)?.value;
        expect(cell('sites')).toBe(year.sites === null ? '' : String(year.sites));
        expect(cell('suppressed')).toBe(String(year.suppressed));
        for (const s of json.statuses) expect(cell(`${s.craft_status}_share`)).toBe(year.shares ? String(year.shares[s.craft_status]) : '');
      }
    }
  });

  it('writes a label that looks like a formula as text, so a spreadsheet cannot run it', async () => {
    const { body } = await get<RegionProfile>(profileUrl((await mart()).find((r) => !smallRow(r))!));
    const hostile = { ...body, place: { ...body.place, country_name: { ...body.place.country_name, en: '=HYPERLINK("http://x")' } } };
    const line = profileCsv(hostile, 'en').split('\r\n').find((l) => l.includes(',profile,country_code,'))!;
    expect(line.endsWith(`"'=HYPERLINK(""http://x"")"`)).toBe(true);
  });
});

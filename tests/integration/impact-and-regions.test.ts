/**
 * The impact metrics and the buyer's view of regions (issue 5), checked against figures computed here in plain JS
 * from the files the demo wrote (its KoboToolbox export and its sales ledger), the coverage definition on a small
 * scenario written by hand (a few sites assessed at chosen days, and a partner's registry), and the partner context
 * from the real IPIS and Amazon Mining Watch files in the project's shared data.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, KOBO_SEMICOLON } from '../../ingest/demo/csv-line.ts';
import { DEMO_DATA_FILE_NAMES, writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { runCli, TEST_PRODUCERS } from '../helpers/demo-home.ts';
import { parseCsv } from '../helpers/parse-csv.ts';

const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const IPIS_SAMPLE = path.join(SHARED, 'ipis-drc-sample', 'ipis-drc-sample.csv');
const AMW_FILE = path.join(SHARED, 'amazon-mining-watch', 'mining_by_subnational_admin_amazon_basin_2018-2025Q3_all_differences.csv');
const IPIS_YEAR_ONLY = fileURLToPath(new URL('../malformed/corpus/33-ipis-year-only-dates.csv', import.meta.url));

// Homes for the whole file: the temp-home helper removes its folders after every test, and these are built once.
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function cli(argv: string[]): Promise<void> {
  const result = await runCli(argv);
  if (result.code !== 0) throw new Error(`veta ${argv.join(' ')} failed:\n${result.err.join('\n')}`);
}

async function query<T>(home: VetaHome, sql: string): Promise<T[]> {
  const db = await Database.open(home.published, { readOnly: true });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

/** A CSV file as records keyed by its header. */
async function records(file: string, delimiter = ','): Promise<Record<string, string>[]> {
  const [header, ...rows] = parseCsv(await readFile(file, 'utf8'), delimiter);
  return rows.filter((row) => row.length === header.length).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const group = <T>(items: T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const yearOf = (date: string) => date.slice(0, 4);

interface MetricRow {
  metric_id: string;
  country_code: string;
  admin1_code: string | null;
  mineral: string;
  year: number;
  value: number;
  sites_count: number | null;
  producers_count: number;
}

/** One metric's country totals (admin-1 empty, mineral all), by `country year`. */
async function countryTotals(home: VetaHome, metric: string): Promise<Record<string, number>> {
  const rows = await query<MetricRow>(
    home,
    `select * from marts.fct_impact_metrics where metric_id = '${metric}' and admin1_code is null and mineral = 'all'`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.country_code} ${r.year}`, r.value]));
}

describe('impact metrics and region profiles of the demo', () => {
  let home: VetaHome;
  let kobo: Record<string, string>[];

  beforeAll(async () => {
    home = resolveHome(await scratch('veta-impact-'));
    await cli(['demo', '--home', home.root, '--producers', String(TEST_PRODUCERS)]);
    kobo = await records(path.join(home.demo, DEMO_DATA_FILE_NAMES.kobo_csv), ';');
  }, 120_000);

  /** Each site's latest assessment in each year, from the export: the stock rule of catalogue.impact_metrics. */
  const latestInYear = () =>
    [...group(kobo, (r) => `${r['site/site_code']} ${yearOf(r['identification/assessment_date'])}`).values()].map(
      (rows) => rows.sort((a, b) => (a['identification/assessment_date'] + a._submission_time).localeCompare(b['identification/assessment_date'] + b._submission_time)).at(-1)!,
    );

  it('counts people working by sex, per country and year, at each site\'s latest assessment in the year', async () => {
    const expected: Record<string, Record<string, number>> = { 'workers.total': {}, 'workers.women': {}, 'workers.men': {} };
    for (const [key, rows] of group(latestInYear(), (r) => `${r['site/country']} ${yearOf(r['identification/assessment_date'])}`)) {
      const total = sum(rows.map((r) => Number(r['workforce/workers_total'])));
      const women = sum(rows.map((r) => Number(r['workforce/workers_women'])));
      expected['workers.total'][key] = total;
      expected['workers.women'][key] = women;
      expected['workers.men'][key] = total - women;
    }
    // A site assessed twice in a year counts once, with its later figures.
    expect(kobo.length).toBeGreaterThan(latestInYear().length);
    for (const metric of Object.keys(expected)) expect(await countryTotals(home, metric)).toEqual(expected[metric]);
  });

  it('sums the gold each country sold in a year from the ledgers, placing a producer where its sites are', async () => {
    const countryOf = new Map(kobo.map((r) => [r['site/producer_code'], r['site/country']]));
    const sales = await records(path.join(home.demo, DEMO_DATA_FILE_NAMES.sales_ledger));
    const expected = new Map<string, number>();
    for (const sale of sales) {
      const key = `${countryOf.get(sale.producer_code)} ${yearOf(sale.sale_date)}`;
      expected.set(key, (expected.get(key) ?? 0) + Number(sale.gold_grams));
    }
    const actual = await countryTotals(home, 'production.gold_g');
    expect(Object.keys(actual).sort()).toEqual([...expected.keys()].sort());
    for (const [key, grams] of expected) expect(actual[key]).toBeCloseTo(grams, 3);
    // Ledgers name no site: behind a year's figure are the producers that sold, and all of their sites.
    const sitesOf = group(kobo, (r) => r['site/producer_code']);
    const behind = [...group(sales, (s) => `${countryOf.get(s.producer_code)} ${yearOf(s.sale_date)}`)].map(([key, rows]) => {
      const producers = [...new Set(rows.map((s) => s.producer_code))];
      const sites = new Set(producers.flatMap((p) => sitesOf.get(p)!.map((r) => r['site/site_code'])));
      return { key, sites_count: sites.size, producers_count: producers.length };
    });
    const counts = await query<MetricRow>(
      home,
      `select * from marts.fct_impact_metrics where metric_id = 'production.gold_g' and admin1_code is null and mineral = 'all'`,
    );
    expect(counts.map((r) => ({ key: `${r.country_code} ${r.year}`, sites_count: r.sites_count, producers_count: r.producers_count })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      behind.sort((a, b) => a.key.localeCompare(b.key)),
    );
  });

  it('makes a year of mercury 12 times the mean of the monthly figures the year\'s assessments report', async () => {
    const expected = new Map<string, number>();
    for (const [key, rows] of group(kobo, (r) => `${r['site/site_code']} ${yearOf(r['identification/assessment_date'])}`)) {
      const monthly = rows
        .map((r) => (r['practices/mercury_used'] === 'no' ? 0 : r['practices/mercury_kg_per_month'] === '' ? null : Number(r['practices/mercury_kg_per_month'])))
        .filter((kg): kg is number => kg !== null);
      if (!monthly.length) continue;
      const place = `${rows[0]['site/country']} ${key.split(' ')[1]}`;
      expected.set(place, (expected.get(place) ?? 0) + (12 * sum(monthly)) / monthly.length);
    }
    const actual = await countryTotals(home, 'mercury.used_kg');
    expect(Object.keys(actual).sort()).toEqual([...expected.keys()].sort());
    for (const [key, kg] of expected) expect(actual[key]).toBeCloseTo(kg, 3);
  });

  it('defines every metric it publishes, and gives each row its definition\'s unit', async () => {
    const undefinedOrOtherUnit = await query(
      home,
      `select distinct m.metric_id, m.unit from marts.fct_impact_metrics m
       left join catalogue.impact_metrics d using (metric_id) where d.unit is distinct from m.unit`,
    );
    expect(undefinedOrOtherUnit).toEqual([]);
    const [{ defined, graded }] = await query<{ defined: number; graded: string }>(
      home,
      `select count(*)::integer as defined, string_agg(distinct confidence, ',') as graded from catalogue.impact_metrics`,
    );
    expect({ defined, graded }).toEqual({ defined: 30, graded: 'I' });
  });

  it('counts a site under each of its minerals and once under all, so mineral rows do not add up', async () => {
    const rows = await query<{ mineral: string; value: number; sites_count: number }>(
      home,
      `select mineral, value, sites_count from marts.fct_impact_metrics
       where metric_id = 'workers.total' and country_code = 'BO' and admin1_code is null
         and year = (select max(year) from marts.fct_impact_metrics where country_code = 'BO')
       order by mineral`,
    );
    const bolivia = latestInYear().filter((r) => r['site/country'] === 'BO').sort((a, b) => a['identification/assessment_date'].localeCompare(b['identification/assessment_date']));
    const site = bolivia.at(-1)!;
    const minerals = site['site/minerals'].split(' ').sort();
    // The demo's Bolivian site mines more than one mineral; each row holds all of its workers.
    expect(minerals.length).toBeGreaterThan(1);
    expect(rows).toEqual(
      ['all', ...minerals].sort().map((mineral) => ({ mineral, value: Number(site['workforce/workers_total']), sites_count: 1 })),
    );
  });

  it('profiles every place where the demo has sites, all of them assessed, without partner data', async () => {
    const profiles = await query<{ country_code: string; sites_known: number; sites_assessed: number; ipis_visits: number; amw_new_mining_area_ha: number | null }>(
      home,
      `select country_code, sites_known, sites_assessed, ipis_visits, amw_new_mining_area_ha
       from marts.fct_region_risk_profiles where edition = 'current' and admin1_code is null and mineral = 'all' order by country_code`,
    );
    const sites = group(kobo, (r) => r['site/country']);
    expect(profiles).toEqual(
      [...sites.keys()].sort().map((country) => {
        const known = new Set(sites.get(country)!.map((r) => r['site/site_code'])).size;
        return { country_code: country, sites_known: known, sites_assessed: known, ipis_visits: 0, amw_new_mining_area_ha: null };
      }),
    );
  });

  // The real partner files in the project's shared data (IPIS: ODC-BY; Amazon Mining Watch: CC BY 4.0); a clone
  // without ../shared/data has nothing to land, so the check is skipped there.
  it.skipIf(!existsSync(IPIS_SAMPLE) || !existsSync(AMW_FILE))(
    'adds IPIS context to DRC provinces and Amazon Mining Watch areas to Colombian departments, matched by name',
    async () => {
      await cli(['ingest', '--home', home.root, IPIS_SAMPLE, AMW_FILE]);
      await cli(['build', '--home', home.root]);

      // IPIS, in plain JS: the sample's pre-2015 provinces are the catalogue's DRC units.
      const unitOf: Record<string, string> = { 'Sud-Kivu': 'CD-SK', 'Nord-Kivu': 'CD-NK', Maniema: 'CD-MA', orientale: 'CD-OR', Katanga: 'CD-KA' };
      const visits = await records(IPIS_SAMPLE);
      expect(visits.every((v) => v.province_old in unitOf)).toBe(true);
      const latest = [...group(visits, (v) => v.pcode).values()].map((rows) => rows.sort((a, b) => Number(a.vid) - Number(b.vid)).at(-1)!);
      const share = (rows: Record<string, string>[], column: string) => {
        const recorded = rows.filter((r) => r[column] === '0' || r[column] === '1');
        return recorded.length ? Math.round((recorded.filter((r) => r[column] === '1').length / recorded.length) * 1e4) / 1e4 : null;
      };
      const context = (rows: Record<string, string>[], sites: Record<string, string>[]) => ({
        ipis_visits: rows.length,
        ipis_sites_visited: sites.length,
        ipis_armed_interference_share: share(sites, 'interference'),
        ipis_child_labour_share: share(sites, 'childunder15'),
        ipis_mercury_share: share(sites, 'mercury'),
        ipis_latest_visit_year: Math.max(...rows.map((r) => Number(yearOf(r.visit_date)))),
      });

      const drc = await query<{ admin1_code: string | null } & ReturnType<typeof context>>(
        home,
        `select admin1_code, ipis_visits, ipis_sites_visited, ipis_armed_interference_share, ipis_child_labour_share,
                ipis_mercury_share, ipis_latest_visit_year
         from marts.fct_region_risk_profiles where edition = 'current' and country_code = 'CD' and mineral = 'all' order by admin1_code nulls first`,
      );
      const demoUnits = [...new Set(kobo.filter((r) => r['site/country'] === 'CD').map((r) => r['site/admin1']))].sort();
      expect(demoUnits.length).toBeGreaterThan(0);
      expect(drc).toEqual([
        { admin1_code: null, ...context(visits, latest) },
        ...demoUnits.map((unit) => ({
          admin1_code: unit,
          ...context(
            visits.filter((v) => unitOf[v.province_old] === unit),
            latest.filter((v) => unitOf[v.province_old] === unit),
          ),
        })),
      ]);

      // Every visit of the sample found its province.
      const [{ placed }] = await query<{ placed: number }>(
        home,
        `select count(*)::integer as placed from intermediate.int_ipis_visits_placed where admin1_code is not null`,
      );
      expect(placed).toBe(visits.length);

      // Amazon Mining Watch: Colombian departments are the feed's units, so Cauca (the demo's Colombian sites) gets
      // its own figures; the latest year the feed has whole is 2024, and gold is the only mineral it speaks for.
      const amw = await records(AMW_FILE);
      const hectares = (rows: Record<string, string>[], period: string) =>
        Math.round(sum(rows.filter((r) => r.admin_year === period).map((r) => Number(r.intersected_area_ha))) * 1e4) / 1e4;
      const colombia = amw.filter((r) => r.admin_country_code === 'CO');
      const cauca = colombia.filter((r) => r.admin_name_field === 'Cauca');
      const rows = await query(
        home,
        `select admin1_code, mineral, amw_latest_year, amw_new_mining_area_ha, amw_new_mining_area_previous_year_ha
         from marts.fct_region_risk_profiles where edition = 'current' and country_code = 'CO' order by admin1_code nulls first, mineral`,
      );
      expect(rows).toEqual([
        { admin1_code: null, mineral: 'all', amw_latest_year: 2024, amw_new_mining_area_ha: hectares(colombia, '202400'), amw_new_mining_area_previous_year_ha: hectares(colombia, '202300') },
        { admin1_code: null, mineral: 'gold', amw_latest_year: 2024, amw_new_mining_area_ha: hectares(colombia, '202400'), amw_new_mining_area_previous_year_ha: hectares(colombia, '202300') },
        { admin1_code: 'CO-CAU', mineral: 'all', amw_latest_year: 2024, amw_new_mining_area_ha: hectares(cauca, '202400'), amw_new_mining_area_previous_year_ha: 0 },
        { admin1_code: 'CO-CAU', mineral: 'gold', amw_latest_year: 2024, amw_new_mining_area_ha: hectares(cauca, '202400'), amw_new_mining_area_previous_year_ha: 0 },
      ]);

      // Peru's units are provinces, not regions: the country gets its total, Madre de Dios nothing from the feed.
      const peru = await query(
        home,
        `select admin1_code, amw_new_mining_area_ha from marts.fct_region_risk_profiles
         where edition = 'current' and country_code = 'PE' and mineral = 'all' order by admin1_code nulls first`,
      );
      expect(peru).toEqual([
        { admin1_code: null, amw_new_mining_area_ha: hectares(amw.filter((r) => r.admin_country_code === 'PE'), '202400') },
        { admin1_code: 'PE-MDD', amw_new_mining_area_ha: null },
      ]);
    },
    120_000,
  );
});

/**
 * Coverage on a hand-made scenario, as of 2025-09-01 (the day of its latest submission): in Antioquia, A assessed
 * that day, B exactly 12 months before (still in the window), C one day earlier than that (out of it, though assessed
 * twice), D only in a partner's registry; E in the registry only, in Cauca. A is in the registry too and counts once.
 * A and B have a module 4 risk with no plan (suspend), A also an unmet legitimacy requirement; C's only finding is in
 * its earlier assessment, which no longer counts.
 */
describe('coverage: sites assessed in the last 12 months over sites known', () => {
  let home: VetaHome;

  const VISITS: { site: string; date: string; statuses?: Record<string, string> }[] = [
    { site: 'COV-A', date: '2025-09-01', statuses: { M4_1: 'risk_identified', M1_2: 'non_conformant' } },
    { site: 'COV-B', date: '2024-09-01', statuses: { M4_1: 'risk_identified' } },
    { site: 'COV-C', date: '2023-05-01', statuses: { M3_1: 'risk_identified' } },
    { site: 'COV-C', date: '2024-08-31' },
  ];

  beforeAll(async () => {
    const dir = await scratch('veta-coverage-');
    const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 1, xlsx: false, odk: false });
    const [header, template] = parseCsv(await readFile(demo.files.kobo_csv, 'utf8'), ';');
    const lines = [csvLine(header, KOBO_SEMICOLON)];
    VISITS.forEach((visit, i) => {
      const uuid = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
      const cells: Record<string, string> = {
        _uuid: uuid,
        'meta/instanceID': `uuid:${uuid}`,
        _submission_time: `${visit.date}T12:00:00`,
        _index: String(i + 1),
        'site/site_code': visit.site,
        'site/producer_code': `P-${visit.site}`,
        'site/country': 'CO',
        'site/admin1': 'CO-ANT',
        'identification/assessment_date': visit.date,
      };
      for (const column of Object.keys(cells)) if (!header.includes(column)) throw new Error(`the template has no column ${column}`);
      // Every requirement met but the visit's findings, whatever the template's answers were.
      for (const column of header) {
        const key = /\/r_([A-Z0-9_]+)$/.exec(column)?.[1];
        if (key) cells[column] = visit.statuses?.[key] ?? 'conformant';
        if (/\/r_[A-Z0-9_]+_evidence$/.test(column)) cells[column] = key && visit.statuses?.[key] ? 'Scenario finding' : '';
      }
      lines.push(csvLine(header.map((column, c) => cells[column] ?? template[c]), KOBO_SEMICOLON));
    });
    const assessments = path.join(dir, 'coverage_scenario.csv');
    await writeFile(assessments, `${lines.join('\r\n')}\r\n`);

    const feature = (code: string, admin1: string) => ({
      type: 'Feature',
      properties: { site_code: code, site_name: code, country_code: 'CO', admin1, minerals: 'oro' },
      geometry: { type: 'Point', coordinates: [-75.5, 6.2] },
    });
    const registry = path.join(dir, 'registro_sitios.geojson');
    await writeFile(
      registry,
      JSON.stringify({ type: 'FeatureCollection', features: [feature('COV-A', 'Antioquia'), feature('COV-D', 'ANTIOQUIA'), feature('COV-E', 'CO-CAU')] }),
    );

    home = resolveHome(path.join(dir, 'home'));
    await cli(['ingest', '--home', home.root, assessments, registry, IPIS_YEAR_ONLY]);
    await cli(['build', '--home', home.root]);
  }, 120_000);

  it('divides the sites assessed within 12 months of the as-of date by the sites known, assessed or registered', async () => {
    const rows = await query(
      home,
      `select admin1_code, sites_known, sites_assessed, sites_assessed_12_months, coverage, latest_assessment_date,
              median_months_since_assessment, as_of_date
       from marts.fct_region_risk_profiles where edition = 'current' and mineral = 'all' order by admin1_code nulls first`,
    );
    const profile = (admin1_code: string | null, known: number, assessed: number, inWindow: number, fresh: string | null, median: number | null) => ({
      admin1_code,
      sites_known: known,
      sites_assessed: assessed,
      sites_assessed_12_months: inWindow,
      coverage: Math.round((inWindow / known) * 1e4) / 1e4,
      latest_assessment_date: fresh,
      median_months_since_assessment: median,
      as_of_date: '2025-09-01',
    });
    expect(rows).toEqual([
      // Colombia: A and B of five; months since the latest assessments 0 (A), 12 (B) and 13 (C).
      profile(null, 5, 3, 2, '2025-09-01', 12),
      profile('CO-ANT', 4, 3, 2, '2025-09-01', 12),
      // A registry site alone: known, never assessed.
      profile('CO-CAU', 1, 0, 0, null, null),
    ]);
  });

  it('gives the shares of current statuses and the requirements most often found at the latest assessments', async () => {
    const rows = await query(
      home,
      `select admin1_code, sites_with_craft_status, engage_share, suspend_share, disengage_share,
              top_risk_1_requirement_id, top_risk_1_share, top_risk_2_requirement_id, top_risk_2_share,
              top_risk_3_requirement_id, top_risk_3_share
       from marts.fct_region_risk_profiles where edition = 'current' and mineral = 'all' and admin1_code = 'CO-ANT'`,
    );
    expect(rows).toEqual([
      {
        admin1_code: 'CO-ANT',
        sites_with_craft_status: 3,
        engage_share: 0.3333,
        suspend_share: 0.6667,
        // C's module 3 finding of 2023 was not found again: C is engaged, and the finding is not a top risk.
        disengage_share: 0,
        top_risk_1_requirement_id: 'craft-2.1.M4-1',
        top_risk_1_share: 0.6667,
        top_risk_2_requirement_id: 'craft-2.1.M1-2',
        top_risk_2_share: 0.3333,
        top_risk_3_requirement_id: null,
        top_risk_3_share: null,
      },
    ]);
  });

  it('places registry sites by an ISO code or a unit name, and reads their minerals', async () => {
    const rows = await query(
      home,
      `select site_id, known_from, admin1_code, minerals, is_assessed_in_window from intermediate.int_sites_known_listed
       where edition = 'current' order by site_id`,
    );
    expect(rows).toEqual([
      { site_id: 'COV-A', known_from: 'assessment', admin1_code: 'CO-ANT', minerals: expect.any(Array), is_assessed_in_window: true },
      { site_id: 'COV-B', known_from: 'assessment', admin1_code: 'CO-ANT', minerals: expect.any(Array), is_assessed_in_window: true },
      { site_id: 'COV-C', known_from: 'assessment', admin1_code: 'CO-ANT', minerals: expect.any(Array), is_assessed_in_window: false },
      { site_id: 'COV-D', known_from: 'registry', admin1_code: 'CO-ANT', minerals: ['gold'], is_assessed_in_window: false },
      { site_id: 'COV-E', known_from: 'registry', admin1_code: 'CO-CAU', minerals: ['gold'], is_assessed_in_window: false },
    ]);
  });

  it('publishes the figures of six months before the as-of date, from the assessments recorded by then', async () => {
    const rows = await query(
      home,
      `select admin1_code, sites_known, sites_assessed, sites_assessed_12_months, latest_assessment_date,
              median_months_since_assessment, sites_with_craft_status, engage_share, suspend_share,
              top_risk_1_requirement_id, top_risk_1_share, top_risk_2_requirement_id, as_of_date
       from marts.fct_region_risk_profiles where edition = 'public' and mineral = 'all' order by admin1_code nulls first`,
    );
    // On 2025-03-01 A's only assessment (2025-09-01) had not happened: A is known from the registry alone, and its
    // findings are in no share. B (2024-09-01, a module 4 risk with no plan) is suspended; C's latest assessment by
    // then (2024-08-31) found nothing, so C is engaged. Whole months since: 6 (B) and 7 (C, across seven month ends).
    const unit = { sites_known: 4, sites_assessed: 2, sites_assessed_12_months: 2, latest_assessment_date: '2024-09-01' };
    const statuses = { sites_with_craft_status: 2, engage_share: 0.5, suspend_share: 0.5, top_risk_1_requirement_id: 'craft-2.1.M4-1' };
    expect(rows).toEqual([
      { admin1_code: null, ...unit, sites_known: 5, median_months_since_assessment: 6.5, ...statuses, top_risk_1_share: 0.5, top_risk_2_requirement_id: null, as_of_date: '2025-03-01' },
      { admin1_code: 'CO-ANT', ...unit, median_months_since_assessment: 6.5, ...statuses, top_risk_1_share: 0.5, top_risk_2_requirement_id: null, as_of_date: '2025-03-01' },
      {
        admin1_code: 'CO-CAU',
        sites_known: 1,
        sites_assessed: 0,
        sites_assessed_12_months: 0,
        latest_assessment_date: null,
        median_months_since_assessment: null,
        sites_with_craft_status: 0,
        engage_share: null,
        suspend_share: null,
        top_risk_1_requirement_id: null,
        top_risk_1_share: null,
        top_risk_2_requirement_id: null,
        as_of_date: '2025-03-01',
      },
    ]);
    const known = await query<{ site_id: string; known_from: string }>(
      home,
      `select site_id, known_from from intermediate.int_sites_known_listed where edition = 'public' order by site_id`,
    );
    expect(known.map((k) => `${k.site_id} ${k.known_from}`)).toEqual([
      'COV-A registry',
      'COV-B assessment',
      'COV-C assessment',
      'COV-D registry',
      'COV-E registry',
    ]);
  });

  it('matches admin-1 names whatever their accents, case and hyphens, trusting a unit\'s local name over a translation', async () => {
    const rows = await query(
      home,
      `select country_code, name_key, admin1_code from intermediate.int_admin1_names_listed
       where (country_code, name_key) in (('CD', 'orientale'), ('CO', 'caqueta'), ('CO', 'bogota'), ('CO', 'cundinamarca'),
                                          ('GY', 'mahaica berbice'), ('MG', 'atsimo atsinanana'), ('CD', 'kasai oriental'))
       order by all`,
    );
    expect(rows).toEqual([
      { country_code: 'CD', name_key: 'kasai oriental', admin1_code: 'CD-KE' },
      { country_code: 'CD', name_key: 'orientale', admin1_code: 'CD-OR' },
      // Natural Earth joins Bogotá and Cundinamarca under one code.
      { country_code: 'CO', name_key: 'bogota', admin1_code: 'CO-CUN' },
      { country_code: 'CO', name_key: 'caqueta', admin1_code: 'CO-CAQ' },
      { country_code: 'CO', name_key: 'cundinamarca', admin1_code: 'CO-CUN' },
      // Natural Earth's English name of GY-ES, and Spanish name of MG-U, are another unit's local name.
      { country_code: 'GY', name_key: 'mahaica berbice', admin1_code: 'GY-MA' },
      { country_code: 'MG', name_key: 'atsimo atsinanana', admin1_code: 'MG-F' },
    ]);
  });

  it('keeps the year of an IPIS visit known only by its year, and places a visit by its province when it has no pre-2015 one', async () => {
    const rows = await query(
      home,
      `select visit_id, site_id, visit_year, visit_date, is_year_only_date, minerals, admin1_code, admin1_matched_on
       from intermediate.int_ipis_visits_placed order by visit_id`,
    );
    expect(rows).toEqual([
      // Ituri was carved out of Orientale in 2015: the catalogue's pre-2015 units have no such name.
      { visit_id: '308', site_id: 'codmine01426', visit_year: 2010, visit_date: null, is_year_only_date: true, minerals: ['tin'], admin1_code: 'CD-MA', admin1_matched_on: 'province' },
      { visit_id: '382', site_id: 'codmine01530', visit_year: 2010, visit_date: null, is_year_only_date: true, minerals: ['gold'], admin1_code: null, admin1_matched_on: null },
      { visit_id: '415', site_id: 'codmine01561', visit_year: 2009, visit_date: null, is_year_only_date: true, minerals: ['gold'], admin1_code: 'CD-SK', admin1_matched_on: 'province' },
    ]);
  });
});

/**
 * The figures of the annual report of a year, read from one snapshot through what the caller's tier may see
 * (`viewFor`): impact metrics by country and year, the countries' CRAFT profiles, Fairmined figures, and the catalogue
 * labels in the report's language. Withheld figures stay null; totals add up only the countries whose figures are
 * shown, and say how many were left out.
 */
import { quoteIdentifier, quoteLiteral } from '$warehouse/gateway/duckdb.ts';
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import { DEFAULT_MIN_COUNT, type TableView } from '$warehouse/publish/tier-view.ts';
import type { Locale } from '../../../i18n/locales.ts';
import type { CountryCraft, CountryFigures, FairminedProducers, FrameworkVersion, Report, ReportMetric, ReportYear } from '../../../reports/report-types.ts';
import type { AccessTier } from '../access.ts';
import { TableWithheldError, viewFor } from '../table-views.ts';

/** The year in numbers: who works at the sites, formalisation, mercury, responsible gold and its premium. */
export const HEADLINE_METRICS = [
  'workers.total',
  'workers.women',
  'workers.15_to_17',
  'producers.formalised',
  'mercury.avoided_kg',
  'production.fine_gold_g',
  'premium.usd',
] as const;

/** Fairmined uptake as the sales ledgers show it. */
export const FAIRMINED_METRICS = ['production.fine_gold_g', 'production.fairmined_share', 'premium.usd'] as const;

const REPORT_METRICS = [...new Set<string>([...HEADLINE_METRICS, ...FAIRMINED_METRICS])];
const METRIC_LIST = REPORT_METRICS.map(quoteLiteral).join(', ');

/** Rows of a place's whole country, every site once. */
const WHOLE_COUNTRY = `coalesce(admin1_code, '') = '' and mineral = 'all'`;

function suppressedColumn(view: TableView): string {
  return view.suppressible ? 'suppressed' : 'false as suppressed';
}

/** `<column>_<lang>`: the language is one of the known locales, never free text. */
function localized(column: string, lang: Locale): string {
  return quoteIdentifier(`${column}_${lang}`);
}

/** Years with figures in the snapshot, newest first, with how many countries' figures are shown and withheld. */
export async function reportYears(query: SnapshotQuery, snapshot: SnapshotInfo, tier: AccessTier): Promise<ReportYear[]> {
  const view = await viewFor(query, snapshot, 'marts.fct_impact_metrics', tier);
  return query<ReportYear>(
    `select year,
         count(distinct country_code) filter (where not suppressed)::integer as countries,
         (count(distinct country_code) - count(distinct country_code) filter (where not suppressed))::integer as countries_withheld
     from (select year, country_code, ${suppressedColumn(view)} from (${view.sql}) v where ${WHOLE_COUNTRY}) rows
     group by year order by year desc`,
  );
}

interface MetricRow {
  metric_id: string;
  country_code: string;
  year: number;
  value: number | null;
  sites_count: number | null;
  producers_count: number | null;
  suppressed: boolean;
}

interface TotalRow {
  metric_id: string;
  year: number;
  value: number | null;
  countries: number;
  countries_withheld: number;
}

interface RegionRow extends Record<string, unknown> {
  country_code: string;
  suppressed: boolean;
  as_of_date: string | null;
}

/** The report of `year`, or undefined when the snapshot has no figures for that year. */
export async function reportFigures(
  query: SnapshotQuery,
  snapshot: SnapshotInfo,
  tier: AccessTier,
  year: number,
  lang: Locale,
): Promise<Omit<Report, 'requested_snapshot'> | undefined> {
  const years = await reportYears(query, snapshot, tier);
  if (!years.some((y) => y.year === year)) return undefined;

  const metricsView = await viewFor(query, snapshot, 'marts.fct_impact_metrics', tier);
  const metricRows = `select metric_id, country_code, year, value, sites_count, producers_count, ${suppressedColumn(metricsView)}
      from (${metricsView.sql}) v where ${WHOLE_COUNTRY} and metric_id in (${METRIC_LIST}) and year <= $year`;
  const rows = await query<MetricRow>(`${metricRows} and year >= $year - 1 order by metric_id, country_code, year`, { year });
  const totals = await query<TotalRow>(
    `select metric_id, year,
         round(sum(value) filter (where not suppressed), 4)::double as value,
         count(*) filter (where not suppressed)::integer as countries,
         count(*) filter (where suppressed)::integer as countries_withheld
     from (${metricRows}) r group by metric_id, year order by metric_id, year`,
    { year },
  );

  const metrics = await catalogueMetrics(query, snapshot, tier, lang);
  const names = await countryNames(query, snapshot, tier, lang);
  const additive = new Set(metrics.filter((m) => m.aggregation !== 'ratio_in_year').map((m) => m.metric_id));
  const total = (metric: string, y: number) => totals.find((t) => t.metric_id === metric && t.year === y);

  const numbers = HEADLINE_METRICS.filter((m) => additive.has(m)).map((metric_id) => ({
    metric_id,
    value: total(metric_id, year)?.value ?? null,
    previous: total(metric_id, year - 1)?.value ?? null,
    countries: total(metric_id, year)?.countries ?? 0,
    countries_withheld: total(metric_id, year)?.countries_withheld ?? 0,
  }));
  const trend = totals
    .filter((t) => additive.has(t.metric_id))
    .map(({ year: y, metric_id, value, countries }) => ({ year: y, metric_id, value, countries }));

  // Sites and producers behind the workforce figures: those assessed in the year.
  const coverageRows = rows.filter((r) => r.metric_id === 'workers.total' && r.year === year);
  const shownCoverage = coverageRows.filter((r) => !r.suppressed);
  const coverage = {
    sites: shownCoverage.length ? shownCoverage.reduce((n, r) => n + (r.sites_count ?? 0), 0) : null,
    producers: shownCoverage.length ? shownCoverage.reduce((n, r) => n + (r.producers_count ?? 0), 0) : null,
    countries: shownCoverage.length,
    countries_withheld: coverageRows.length - shownCoverage.length,
  };

  const countryCodes = [...new Set(rows.filter((r) => r.year === year).map((r) => r.country_code))].sort();
  const countries: CountryFigures[] = countryCodes.map((code) => {
    const ofCountry = rows.filter((r) => r.country_code === code);
    const at = (metric: string, y: number) => ofCountry.find((r) => r.metric_id === metric && r.year === y);
    const base = at('workers.total', year);
    const withheld = ofCountry.filter((r) => r.year === year).every((r) => r.suppressed);
    return {
      country_code: code,
      name: names.get(code) ?? code,
      withheld,
      sites_assessed: base && !base.suppressed ? base.sites_count : null,
      producers_assessed: base && !base.suppressed ? base.producers_count : null,
      values: Object.fromEntries(
        REPORT_METRICS.map((m) => [m, { value: at(m, year)?.value ?? null, previous: at(m, year - 1)?.value ?? null }]),
      ),
    };
  });

  const craft = await craftUptake(query, snapshot, tier, lang, names);
  const frameworkVersions = await query<FrameworkVersion>(
    `select version_id, framework_id, version, released, status
     from (${(await viewFor(query, snapshot, 'catalogue.framework_versions', tier)).sql}) v order by framework_id, version_id`,
  );
  const judged = new Set(craft.versionIds);
  return {
    ...snapshot,
    year,
    lang,
    as_of_date: craft.asOfDate,
    // The threshold the snapshot's publication rules set, as the view applied it.
    minimum_count: metricsView.minCount ?? DEFAULT_MIN_COUNT,
    years_until: metricsView.yearsUntil,
    metrics,
    coverage,
    numbers,
    trend,
    countries,
    craft: {
      statuses: craft.statuses,
      totals: craft.totals,
      countries: craft.countries,
      versions_judged: frameworkVersions.filter((v) => judged.has(v.version_id)),
    },
    fairmined: {
      metric_ids: [...FAIRMINED_METRICS],
      version: frameworkVersions.find((v) => v.framework_id === 'fairmined' && v.status === 'current') ?? null,
      ...(await fairminedProducers(query, snapshot, tier, names)),
    },
    framework_versions: frameworkVersions,
  };
}

async function catalogueMetrics(query: SnapshotQuery, snapshot: SnapshotInfo, tier: AccessTier, lang: Locale): Promise<ReportMetric[]> {
  const view = await viewFor(query, snapshot, 'catalogue.impact_metrics', tier);
  return query<ReportMetric>(
    `select metric_id, ${localized('title', lang)} as title, unit, aggregation, formula_en, confidence
     from (${view.sql}) v where metric_id in (${METRIC_LIST}) order by position`,
  );
}

async function countryNames(query: SnapshotQuery, snapshot: SnapshotInfo, tier: AccessTier, lang: Locale): Promise<Map<string, string>> {
  const view = await viewFor(query, snapshot, 'catalogue.countries', tier);
  const rows = await query<{ country_code: string; name: string }>(`select country_code, ${localized('name', lang)} as name from (${view.sql}) v`);
  return new Map(rows.map((r) => [r.country_code, r.name]));
}

/**
 * Sites a share stands for. Shares are rounded to 4 decimals, so share × sites is within 0.5 of the count for fewer
 * than 10,000 sites, and rounding gives the count back.
 */
function sitesOf(share: number | null, sites: number | null): number {
  return share === null || sites === null ? 0 : Math.round(share * sites);
}

async function craftUptake(query: SnapshotQuery, snapshot: SnapshotInfo, tier: AccessTier, lang: Locale, names: Map<string, string>) {
  const statusesView = await viewFor(query, snapshot, 'catalogue.craft_statuses', tier);
  const statuses = await query<{ craft_status: string; title: string; severity: number }>(
    `select craft_status, ${localized('title', lang)} as title, severity from (${statusesView.sql}) v order by severity`,
  );
  const view = await viewFor(query, snapshot, 'marts.fct_region_risk_profiles', tier);
  const visible = new Set(view.columns.map((c) => c.column_name));
  const shareColumns = statuses.map((s) => `${s.craft_status}_share`).filter((c) => visible.has(c));
  const riskColumns = [1, 2, 3].flatMap((n) => [`top_risk_${n}_requirement_id`, `top_risk_${n}_share`]);
  const figureColumns = [
    'sites_known',
    'sites_assessed_12_months',
    'coverage',
    'sites_with_craft_status',
    'open_actions',
    'overdue_actions',
    'ipis_visits',
    'ipis_latest_visit_year',
    'amw_latest_year',
    'amw_new_mining_area_ha',
  ];
  const selected = [...figureColumns, ...shareColumns, ...riskColumns].filter((c) => visible.has(c)).map(quoteIdentifier);
  const rows = await query<RegionRow>(
    `select country_code, ${selected.join(', ')}, strftime(as_of_date, '%Y-%m-%d') as as_of_date, ${suppressedColumn(view)}
     from (${view.sql}) v where ${WHOLE_COUNTRY} order by country_code`,
  );
  const requirementIds = [...new Set(rows.flatMap((r) => [1, 2, 3].map((n) => r[`top_risk_${n}_requirement_id`])).filter((id): id is string => typeof id === 'string'))];
  const requirementsView = await viewFor(query, snapshot, 'catalogue.requirements', tier);
  const requirements = requirementIds.length
    ? await query<{ requirement_id: string; title: string; version_id: string }>(
        `select requirement_id, ${localized('title', lang)} as title, version_id from (${requirementsView.sql}) v
         where requirement_id in (${requirementIds.map(quoteLiteral).join(', ')})`,
      )
    : [];
  const figure = (row: RegionRow, column: string) => (row.suppressed ? null : ((row[column] as number | null | undefined) ?? null));
  const countries: CountryCraft[] = rows.map((row) => ({
    country_code: row.country_code,
    name: names.get(row.country_code) ?? row.country_code,
    withheld: row.suppressed,
    sites_known: figure(row, 'sites_known'),
    sites_assessed_12_months: figure(row, 'sites_assessed_12_months'),
    coverage: figure(row, 'coverage'),
    sites_with_craft_status: figure(row, 'sites_with_craft_status'),
    shares: Object.fromEntries(statuses.map((s) => [s.craft_status, figure(row, `${s.craft_status}_share`)])),
    // A withheld profile shows nothing, not even which requirements it names.
    top_risks: row.suppressed
      ? []
      : [1, 2, 3]
          .map((n) => ({ requirement_id: row[`top_risk_${n}_requirement_id`] as string | null, share: figure(row, `top_risk_${n}_share`) }))
          .filter((r): r is { requirement_id: string; share: number | null } => typeof r.requirement_id === 'string')
          .map((r) => ({ ...r, title: requirements.find((q) => q.requirement_id === r.requirement_id)?.title ?? null })),
    open_actions: figure(row, 'open_actions'),
    overdue_actions: figure(row, 'overdue_actions'),
    ipis_visits: figure(row, 'ipis_visits'),
    ipis_latest_visit_year: figure(row, 'ipis_latest_visit_year'),
    amw_latest_year: figure(row, 'amw_latest_year'),
    amw_new_mining_area_ha: figure(row, 'amw_new_mining_area_ha'),
  }));
  const shown = countries.filter((c) => !c.withheld);
  const totals = {
    sites_with_craft_status: shown.reduce((n, c) => n + (c.sites_with_craft_status ?? 0), 0),
    by_status: Object.fromEntries(
      statuses.map((s) => [s.craft_status, shown.reduce((n, c) => n + sitesOf(c.shares[s.craft_status], c.sites_with_craft_status), 0)]),
    ),
  };
  const asOfDate = rows.map((r) => r.as_of_date).filter((d): d is string => d !== null).sort().at(-1) ?? null;
  return { statuses, countries, totals, asOfDate, versionIds: [...new Set(requirements.map((r) => r.version_id))] };
}

/** Producers by country and certification, when the tier may read producer rows at all; else why it may not. */
async function fairminedProducers(
  query: SnapshotQuery,
  snapshot: SnapshotInfo,
  tier: AccessTier,
  names: Map<string, string>,
): Promise<{ producers: FairminedProducers[] | null; producers_withheld_reason: string | null }> {
  let view: TableView;
  try {
    view = await viewFor(query, snapshot, 'marts.fct_fairmined_producers', tier);
  } catch (error) {
    if (error instanceof TableWithheldError) return { producers: null, producers_withheld_reason: error.message };
    throw error;
  }
  const rows = await query<Omit<FairminedProducers, 'name'>>(
    `select country_code,
         count(*)::integer as producers,
         count(*) filter (where certification_status = 'certified')::integer as certified,
         count(*) filter (where is_ecological_gold)::integer as ecological_gold,
         count(*) filter (where is_year0_ready)::integer as year0_ready,
         coalesce(sum(requirements_due_unmet), 0)::integer as requirements_due_unmet
     from (${view.sql}) v group by country_code order by country_code`,
  );
  return { producers: rows.map((r) => ({ ...r, name: names.get(r.country_code) ?? r.country_code })), producers_withheld_reason: null };
}

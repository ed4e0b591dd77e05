/**
 * What the impact-metric endpoints read from a snapshot: the metrics' definitions (`catalogue.impact_metrics`), the
 * places and minerals that have figures, and the figures by year (`marts.fct_impact_metrics`), always through the
 * tier's view, so a figure resting on too few sites or producers is withheld for the public.
 *
 * Every country added up: the mart has no row for all countries, so the series sums the countries' rows, and only for
 * metrics whose definition allows it (a stock or a flow; a share is never added, it comes back country by country).
 * A site or producer lies in one country, so the countries' figures do not overlap. A total is withheld whenever one of
 * the figures it adds is: the total minus the figures shown would give the withheld one away.
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import type { Params, Row } from '$warehouse/gateway/duckdb.ts';
import type { TableView } from '$warehouse/publish/tier-view.ts';
import type { AccessTier } from '../access.ts';
import { viewFor } from '../table-views.ts';
import type {
  Breakdown,
  DataPeriod,
  MetricDefinition,
  MetricSource,
  PlacesAnswer,
  SeriesAnswer,
  SeriesMetric,
  SeriesRow,
  SnapshotFields,
  Texts,
} from './metrics-types.ts';

export const METRICS_TABLE = 'marts.fct_impact_metrics';
const DEFINITIONS_TABLE = 'catalogue.impact_metrics';

/** Aggregations whose figures add up across countries (catalogue.impact_metrics.aggregation); any other never does. */
const ADDITIVE_AGGREGATIONS = new Set(['latest_in_year', 'sum_in_year']);

export interface Views {
  query: SnapshotQuery;
  snapshot: SnapshotInfo;
  tier: AccessTier;
}

const view = ({ query, snapshot, tier }: Views, table: string) => viewFor(query, snapshot, table, tier);
const suppressedColumn = (v: TableView, alias: string) => (v.suppressible ? `${alias}.suppressed` : 'false');

/** The smallest count a figure the view shows rests on, or null when the view withholds nothing. */
export const minCountOf = (v: TableView): number | null => v.minCount;

/** `prefix_xx` columns of a row (`title_en`, `title_es`…) as texts by language, leaving out empty ones. */
function textsOf(row: Row, prefix: string): Texts {
  const texts: Texts = {};
  for (const [column, value] of Object.entries(row)) {
    const language = new RegExp(`^${prefix}_([a-z]{2})$`).exec(column)?.[1];
    if (language && typeof value === 'string' && value.trim()) texts[language] = value;
  }
  return texts;
}

/** Every metric the catalogue defines, in display order, with its sources. */
export async function metricDefinitions(views: Views): Promise<MetricDefinition[]> {
  const [metrics, sources] = await Promise.all([view(views, DEFINITIONS_TABLE), view(views, 'catalogue.sources')]);
  const [rows, sourceRows] = await Promise.all([
    views.query<Row>(`select * from (${metrics.sql}) m order by m.position, m.metric_id`),
    views.query<MetricSource>(`select s.source_id, s.title, s.url, s.kind from (${sources.sql}) s`),
  ]);
  const sourceById = new Map(sourceRows.map((s) => [s.source_id, s]));
  return rows.map((row) => {
    const sourceIds = (row.source_ids as string[] | null) ?? [];
    const aggregation = row.aggregation as string;
    return {
      metric_id: row.metric_id as string,
      position: row.position as number,
      theme: row.theme as string,
      unit: row.unit as string,
      aggregation,
      additive: ADDITIVE_AGGREGATIONS.has(aggregation),
      title: textsOf(row, 'title'),
      formula: textsOf(row, 'formula'),
      source_tables: (row.source_tables as string[] | null) ?? [],
      sources: sourceIds.map((id) => sourceById.get(id) ?? { source_id: id, title: id, url: null, kind: null }),
      confidence: row.confidence as string,
    };
  });
}

/**
 * How recent the data is: the as-of date of the region profiles (the day of the latest submission), and the latest
 * calendar year that had ended by then. A year still being recorded would look like a fall in every flow.
 */
export async function dataPeriod(views: Views): Promise<DataPeriod> {
  const profiles = await view(views, 'marts.fct_region_risk_profiles');
  const [row] = await views.query<{ as_of_date: string | null; latest_complete_year: number | null }>(
    `select max(p.as_of_date)::varchar as as_of_date,
            (year(max(p.as_of_date) + interval 1 day) - 1)::integer as latest_complete_year
     from (${profiles.sql}) p`,
  );
  return { as_of_date: row?.as_of_date ?? null, latest_complete_year: row?.latest_complete_year ?? null };
}

/** The countries and minerals that have figures, named in every language the catalogue has, and the years covered. */
export async function metricPlaces(views: Views): Promise<Omit<PlacesAnswer, keyof SnapshotFields>> {
  const [figures, countries, codeLists] = await Promise.all([
    view(views, METRICS_TABLE),
    view(views, 'catalogue.countries'),
    view(views, 'catalogue.code_lists'),
  ]);
  const [countryRows, mineralRows, [years], period] = await Promise.all([
    views.query<Row>(
      `select c.* from (${countries.sql}) c
       where c.country_code in (select f.country_code from (${figures.sql}) f)
       order by c.name_en`,
    ),
    views.query<Row>(
      `select f.mineral, l.* exclude (list_name, code, position)
       from (select distinct mineral from (${figures.sql}) f0) f
       left join (select * from (${codeLists.sql}) l0 where l0.list_name = 'mineral') l on l.code = f.mineral
       order by f.mineral <> 'all', l.position nulls last, f.mineral`,
    ),
    views.query<{ first: number | null; last: number | null }>(
      `select min(f.year)::integer as first, max(f.year)::integer as last from (${figures.sql}) f`,
    ),
    dataPeriod(views),
  ]);
  return {
    countries: countryRows.map((row) => ({ country_code: row.country_code as string, name: textsOf(row, 'name') })),
    minerals: mineralRows.map((row) => ({ mineral: row.mineral as string, label: textsOf(row, 'label') })),
    years: years ?? { first: null, last: null },
    period,
  };
}

/** What a series is asked for: metrics (already known to the catalogue), a country or all (null), a unit, a mineral. */
export interface SeriesRequest {
  metrics: string[];
  country: string | null;
  admin1: string | null;
  mineral: string;
}

/**
 * Why a place does not exist in the catalogue (a message for a 400), or null when it does. A place that exists but
 * has no figures is not an error: its series is empty.
 */
export async function unknownPlace(views: Views, request: SeriesRequest): Promise<string | null> {
  const [countries, units, codeLists] = await Promise.all([
    view(views, 'catalogue.countries'),
    view(views, 'catalogue.admin1_units'),
    view(views, 'catalogue.code_lists'),
  ]);
  const [found] = await views.query<{ country: boolean; admin1: boolean; mineral: boolean }>(
    `select
        $country::varchar is null or exists (select 1 from (${countries.sql}) c where c.country_code = $country::varchar) as country,
        $admin1::varchar is null or exists (select 1 from (${units.sql}) a where a.admin1_code = $admin1::varchar) as admin1,
        $mineral = 'all' or exists (select 1 from (${codeLists.sql}) l where l.list_name = 'mineral' and l.code = $mineral) as mineral`,
    { country: request.country, admin1: request.admin1, mineral: request.mineral },
  );
  if (!found.country) return `country: ${request.country} is not a country of the catalogue (an ISO 3166-1 alpha-2 code such as CO)`;
  if (!found.admin1) return `admin1: ${request.admin1} is not an admin-1 unit of the catalogue (an ISO 3166-2 code such as CO-NAR)`;
  if (!found.mineral) return `mineral: ${request.mineral} is not a code of the mineral list (such as gold), nor all`;
  return null;
}

const SERIES_COLUMNS = `metric_id, year, country_code, admin1_code, mineral, value, sites_count, producers_count, countries, suppressed`;

/**
 * The figures of the metrics asked for, by year, for one place or for every country. `definitions` must hold every
 * metric of the request (the route checks the ids against it).
 */
export async function metricSeries(
  views: Views,
  request: SeriesRequest,
  definitions: readonly MetricDefinition[],
): Promise<Omit<SeriesAnswer, keyof SnapshotFields>> {
  const figures = await view(views, METRICS_TABLE);
  const byId = new Map(definitions.map((d) => [d.metric_id, d]));
  const asked = request.metrics.map((id) => {
    const definition = byId.get(id);
    if (!definition) throw new Error(`metricSeries: ${id} is not a metric of the catalogue`);
    return definition;
  });
  const breakdownOf = (d: MetricDefinition): Breakdown => (request.country !== null ? 'place' : d.additive ? 'sum_of_countries' : 'by_country');
  const idsWith = (breakdown: Breakdown) => asked.filter((d) => breakdownOf(d) === breakdown).map((d) => d.metric_id).join(',');
  const suppressed = suppressedColumn(figures, 'f');
  // Metric ids hold no comma (the route accepts [a-z0-9_.-] only), so a list travels as one bound string.
  const sql =
    request.country !== null
      ? `select ${SERIES_COLUMNS} from (
           select f.metric_id, f.year, f.country_code, f.admin1_code, f.mineral, f.value::double as value,
                  f.sites_count::integer as sites_count, f.producers_count::integer as producers_count,
                  1 as countries, ${suppressed} as suppressed
           from (${figures.sql}) f
           where f.country_code = $country::varchar and f.admin1_code is not distinct from $admin1::varchar
             and f.mineral = $mineral::varchar and list_contains(string_split($place, ','), f.metric_id))`
      : `with country_rows as (
           select f.metric_id, f.year, f.country_code, f.value, f.sites_count, f.producers_count, ${suppressed} as suppressed
           from (${figures.sql}) f
           where f.admin1_code is null and f.mineral = $mineral::varchar
         )
         select ${SERIES_COLUMNS} from (
           select metric_id, year, null::varchar as country_code, null::varchar as admin1_code, $mineral::varchar as mineral,
                  case when bool_or(suppressed) then null else round(sum(value), 4) end::double as value,
                  case when bool_or(suppressed) then null else sum(sites_count) end::integer as sites_count,
                  case when bool_or(suppressed) then null else sum(producers_count) end::integer as producers_count,
                  count(*)::integer as countries, bool_or(suppressed) as suppressed
           from country_rows
           where list_contains(string_split($summed, ','), metric_id)
           group by metric_id, year
           union all
           select metric_id, year, country_code, null::varchar, $mineral::varchar, value::double, sites_count::integer,
                  producers_count::integer, 1, suppressed
           from country_rows
           where list_contains(string_split($by_country, ','), metric_id)
         )`;
  const params: Params =
    request.country !== null
      ? { country: request.country, admin1: request.admin1, mineral: request.mineral, place: idsWith('place') }
      : { mineral: request.mineral, summed: idsWith('sum_of_countries'), by_country: idsWith('by_country') };
  const [rows, period] = await Promise.all([views.query<SeriesRow>(sql, params), dataPeriod(views)]);
  const order = new Map(request.metrics.map((id, i) => [id, i]));
  rows.sort(
    (a, b) =>
      order.get(a.metric_id)! - order.get(b.metric_id)! ||
      (a.country_code ?? '').localeCompare(b.country_code ?? '') ||
      a.year - b.year,
  );
  const metrics: SeriesMetric[] = asked.map((d) => ({
    metric_id: d.metric_id,
    unit: d.unit,
    aggregation: d.aggregation,
    breakdown: breakdownOf(d),
  }));
  return {
    place: { country_code: request.country, admin1_code: request.admin1, mineral: request.mineral },
    period,
    min_count: minCountOf(figures),
    metrics,
    series: rows,
  };
}

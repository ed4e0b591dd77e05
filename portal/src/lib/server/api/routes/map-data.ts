/**
 * What the impact map draws: admin-1 outlines of the countries Veta has data for, coloured by one impact metric in
 * one year, and the sites at the precision the tier allows (generalised places for the public, the sites themselves
 * for a restricted grant, only its producers' for a partner). Outlines are simplified in the catalogue; only the
 * countries with data are sent, so the browser never receives the 37 countries' shapes.
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import type { AccessTier } from '../access.ts';
import { viewFor } from '../table-views.ts';
import { listSites } from './sites-data.ts';

export interface MapReadContext {
  query: SnapshotQuery;
  snapshot: SnapshotInfo;
  tier: AccessTier;
  producers: string[] | null;
}

export interface RegionsRequest {
  metric?: string;
  year?: number;
  mineral: string;
  country?: string;
}

/** A FeatureCollection that DuckDB assembles from JSON geometries, with foreign members for the snapshot. */
interface FeatureCollection {
  type: 'FeatureCollection';
  features: unknown[];
}

const asCollection = (text: string | null): FeatureCollection => (text ? (JSON.parse(text) as FeatureCollection) : { type: 'FeatureCollection', features: [] });

type Bounds = [number, number, number, number];

/** The countries the map draws: those with any impact figure the tier sees (or the one asked for). */
const presentCountries = (metricsSql: string) =>
  `present as (select distinct country_code from (${metricsSql}) where $country is null or country_code = $country)`;

/** [west, south, east, north] of the outlines of the countries present, from every vertex of their outlines. */
const BOUNDS_SQL = `select [min(json_extract_string(pt, '$[0]')::double), min(json_extract_string(pt, '$[1]')::double),
                            max(json_extract_string(pt, '$[0]')::double), max(json_extract_string(pt, '$[1]')::double)]
                    from (select unnest(json_extract(shapes.geometry, '$.coordinates[*][*][*]')) as pt
                          from catalogue.country_shapes as shapes inner join present using (country_code))`;

/** The countries present as features, `geometry` being the SQL of each one's geometry. */
const countryOutlines = (geometry: string) => `countries as (
    select json_object('type', 'Feature', 'id', shapes.country_code, 'geometry', ${geometry},
           'properties', json_object('country_code', shapes.country_code)) as feature
    from catalogue.country_shapes as shapes
    inner join present using (country_code)
)`;

const collectionOf = (cte: string) =>
  `(select json_object('type', 'FeatureCollection', 'features', list(feature order by feature ->> 'id'))::varchar from ${cte})`;

/**
 * Choropleth data: the metric's value by admin-1 unit in a year, on the units' outlines, or (geometry: false) with a
 * null geometry, for a page that draws the outlines of GET /map/shapes, which stay the same whatever it shows.
 */
export async function mapRegions(read: MapReadContext, request: RegionsRequest & { geometry: boolean }) {
  const metrics = await viewFor(read.query, read.snapshot, 'marts.fct_impact_metrics', read.tier);
  const definitions = await viewFor(read.query, read.snapshot, 'catalogue.impact_metrics', read.tier);
  const [definition] = await read.query<{ metric_id: string; unit: string; title_en: string; title_es: string; title_fr: string }>(
    `select metric_id, unit, title_en, title_es, title_fr from (${definitions.sql})
     where $metric is null or metric_id = $metric order by position limit 1`,
    { metric: request.metric ?? null },
  );
  if (!definition) return null;
  const [{ years }] = await read.query<{ years: number[] }>(
    `select coalesce(list(distinct year order by year), []) as years from (${metrics.sql}) where metric_id = $metric`,
    { metric: definition.metric_id },
  );
  const year = request.year ?? years.at(-1) ?? null;
  const params = { metric: definition.metric_id, year, mineral: request.mineral, country: request.country ?? null };
  const geometry = (alias: string) => (request.geometry ? `${alias}.geometry` : 'null');
  // Units whose country has any figure are drawn (grey where this metric has none), the rest of the world is not.
  // The shapes are read directly: catalogue boundaries, public in the dictionary, and only public columns leave.
  const [{ regions, countries, bounds }] = await read.query<{ regions: string | null; countries: string | null; bounds: Bounds | null }>(
    `with ${presentCountries(metrics.sql)},
     values_ as (
         select admin1_code, value, ${metrics.suppressible ? 'suppressed' : 'false as suppressed'}
         from (${metrics.sql})
         where metric_id = $metric and year = $year and mineral = $mineral and admin1_code is not null
     ),
     regions as (
         select json_object('type', 'Feature', 'id', shapes.admin1_code, 'geometry', ${geometry('shapes')},
                'properties', json_object('admin1_code', shapes.admin1_code, 'country_code', shapes.country_code,
                    'name', units.name, 'name_en', units.name_en, 'name_es', units.name_es, 'name_fr', units.name_fr, 'value', values_.value, 'suppressed', coalesce(values_.suppressed, false))) as feature
         from catalogue.admin1_shapes as shapes
         inner join present using (country_code)
         inner join catalogue.admin1_units as units using (admin1_code)
         left join values_ using (admin1_code)
     ),
     ${countryOutlines(geometry('shapes'))}
     select ${collectionOf('regions')} as regions, ${collectionOf('countries')} as countries, (${BOUNDS_SQL}) as bounds`,
    params,
  );
  return {
    ...read.snapshot,
    metric: definition,
    year,
    years,
    mineral: request.mineral,
    bounds: boundsOrNull(bounds),
    regions: asCollection(regions),
    countries: asCollection(countries),
  };
}

/**
 * The outlines alone (admin-1 units and countries, of the countries the map draws), whatever metric, year or mineral
 * it shows: the page fetches them once per snapshot, and the browser keeps them by their ETag.
 */
export async function mapShapes(read: MapReadContext, request: { country?: string }) {
  const metrics = await viewFor(read.query, read.snapshot, 'marts.fct_impact_metrics', read.tier);
  const [{ regions, countries, bounds }] = await read.query<{ regions: string | null; countries: string | null; bounds: Bounds | null }>(
    `with ${presentCountries(metrics.sql)},
     regions as (
         select json_object('type', 'Feature', 'id', shapes.admin1_code, 'geometry', shapes.geometry,
                'properties', json_object('admin1_code', shapes.admin1_code, 'country_code', shapes.country_code)) as feature
         from catalogue.admin1_shapes as shapes
         inner join present using (country_code)
     ),
     ${countryOutlines('shapes.geometry')}
     select ${collectionOf('regions')} as regions, ${collectionOf('countries')} as countries, (${BOUNDS_SQL}) as bounds`,
    { country: request.country ?? null },
  );
  return { ...read.snapshot, bounds: boundsOrNull(bounds), regions: asCollection(regions), countries: asCollection(countries) };
}

/** DuckDB gives min() of no rows as null: a map of no country has no bounds. */
const boundsOrNull = (bounds: Bounds | null): Bounds | null => (bounds && bounds.every((v) => v !== null) ? bounds : null);

export interface SitesRequest {
  country?: string;
  status?: string;
}

/** Map markers: generalised places for the public tier, sites for restricted grants. */
export async function mapSites(read: MapReadContext, request: SitesRequest) {
  if (read.tier === 'public') {
    const places = await viewFor(read.query, read.snapshot, 'marts.fct_site_places', read.tier);
    const statusShare = request.status ? `${request.status}_share` : null;
    const [{ text, as_of_date }] = await read.query<{ text: string | null; as_of_date: string | null }>(
      `select json_object('type', 'FeatureCollection', 'features', coalesce(list(json_object(
                 'type', 'Feature', 'id', place_id,
                 'geometry', json_object('type', 'Point', 'coordinates', [place_lon, place_lat]),
                 'properties', json_object('place_id', place_id, 'precision', precision, 'country_code', country_code,
                     'admin1_code', admin1_code, 'sites', sites_known, 'suppressed', suppressed,
                     'engage_share', engage_share, 'not_eligible_share', not_eligible_share, 'mitigate_share', mitigate_share,
                     'suspend_share', suspend_share, 'disengage_share', disengage_share))
             order by place_id), []))::varchar as text,
             strftime(max(as_of_date), '%Y-%m-%d') as as_of_date
       from (${places.sql}) as p
       where ($country is null or country_code = $country)
         ${statusShare ? `and coalesce(${statusShare}, 0) > 0` : ''}`,
      { country: request.country ?? null },
    );
    return { ...read.snapshot, precision: 'generalised', as_of_date, sites: asCollection(text) };
  }
  const sites = await listSites(read, { country: request.country, status: request.status });
  return {
    ...read.snapshot,
    precision: 'exact',
    as_of_date: null,
    sites: {
      type: 'FeatureCollection',
      features: sites
        .filter((s) => s.site_lon !== null && s.site_lat !== null)
        .map((s) => ({
          type: 'Feature',
          id: s.site_id,
          geometry: { type: 'Point', coordinates: [s.site_lon, s.site_lat] },
          properties: {
            site_id: s.site_id,
            site_name: s.site_name,
            producer_id: s.producer_id,
            country_code: s.country_code,
            admin1_code: s.admin1_code,
            craft_status: s.craft_status,
            is_stale: s.is_stale,
          },
        })),
    },
  };
}

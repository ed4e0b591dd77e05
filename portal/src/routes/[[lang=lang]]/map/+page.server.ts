// The impact map: the API's metric values by admin-1 unit (classed here, so the browser only paints), the markers the
// viewer's tier allows, and the same figures as tables for readers who cannot use the map. The outlines are not in
// the page: they are the same whatever the map shows, so the browser fetches them apart (GET /map/shapes) and keeps
// them by their ETag, and a page that changes the metric or the year carries only its values.
import { error } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { classBreaks, classOf } from '$lib/map/choropleth.ts';
import type { MetricsAnswer, PlacesAnswer } from '$lib/server/api/routes/metrics-types.ts';
import type { PageServerLoad } from './$types';

interface RegionProperties {
  admin1_code: string;
  country_code: string;
  name: string;
  name_en: string;
  name_es: string;
  name_fr: string;
  value: number | null;
  suppressed: boolean;
}

interface Feature<P> {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: P;
}

interface RegionsAnswer {
  snapshot_id: string;
  built_at: string;
  metric: { metric_id: string; unit: string; title_en: string; title_es: string; title_fr: string };
  year: number | null;
  years: number[];
  mineral: string;
  bounds: [number, number, number, number] | null;
  regions: { type: 'FeatureCollection'; features: Feature<RegionProperties>[] };
}

interface SitesAnswer {
  precision: 'generalised' | 'exact';
  as_of_date: string | null;
  sites: { type: 'FeatureCollection'; features: Feature<Record<string, string | number | boolean | null>>[] };
}

const FORWARDED = ['metric', 'year', 'mineral', 'country'];

async function answer<T>(response: Response, what: string): Promise<T | null> {
  if (response.status === 503) return null;
  if (response.status === 400 || response.status === 404) {
    const body = (await response.json()) as { error: { message: string } };
    error(response.status, { message: body.error.message });
  }
  if (!response.ok) error(502, { message: `the API answered ${response.status} for ${what}` });
  return (await response.json()) as T;
}

export const load: PageServerLoad = async ({ fetch, url, params }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const forwarded = new URLSearchParams();
  for (const key of FORWARDED) if (url.searchParams.get(key)) forwarded.set(key, url.searchParams.get(key)!);
  const siteQuery = new URLSearchParams();
  for (const key of ['country', 'status']) if (url.searchParams.get(key)) siteQuery.set(key, url.searchParams.get(key)!);

  const [regions, sites, metrics, places] = await Promise.all([
    fetch(`/api/v1/map/regions?${forwarded}&geometry=none`).then((r) => answer<RegionsAnswer>(r, '/api/v1/map/regions')),
    fetch(`/api/v1/map/sites?${siteQuery}`).then((r) => answer<SitesAnswer>(r, '/api/v1/map/sites')),
    fetch('/api/v1/metrics').then((r) => answer<MetricsAnswer>(r, '/api/v1/metrics')),
    fetch('/api/v1/metrics/places').then((r) => answer<PlacesAnswer>(r, '/api/v1/metrics/places')),
  ]);
  if (!regions || !sites || !metrics || !places) return { map: null };

  const values = regions.regions.features.map((f) => f.properties.value).filter((v): v is number => v !== null);
  const breaks = classBreaks(values);
  // The class each unit is painted with: 0–4 by value, -1 without a figure, -2 withheld.
  const classed = regions.regions.features.map((f) => ({
    ...f,
    properties: {
      ...f.properties,
      class: f.properties.suppressed ? -2 : f.properties.value === null ? -1 : classOf(f.properties.value, breaks),
    },
  }));
  const unitName = (p: RegionProperties) => p[`name_${locale}`] || p.name;
  const countryName = (code: string) => places.countries.find((c) => c.country_code === code)?.name[locale] ?? code;
  const rows = classed
    .map((f) => ({
      admin1_code: f.properties.admin1_code,
      unit: unitName(f.properties),
      country: countryName(f.properties.country_code),
      value: f.properties.value,
      suppressed: f.properties.suppressed,
    }))
    .filter((r) => r.value !== null || r.suppressed)
    .sort((a, b) => a.country.localeCompare(b.country, locale) || a.unit.localeCompare(b.unit, locale));
  const names = new Map(classed.map((f) => [f.properties.admin1_code, unitName(f.properties)]));
  const markers = sites.sites.features.map((f) => ({
    ...f,
    properties: { ...f.properties, label: String(f.properties.site_name ?? names.get(String(f.properties.admin1_code)) ?? countryName(String(f.properties.country_code))) },
  }));

  return {
    map: {
      snapshot_id: regions.snapshot_id,
      built_at: regions.built_at,
      metric: { id: regions.metric.metric_id, unit: regions.metric.unit, title: regions.metric[`title_${locale}`] },
      year: regions.year,
      years: regions.years,
      mineral: regions.mineral,
      query: Object.fromEntries(url.searchParams),
      metrics: metrics.metrics.map((m) => ({ id: m.metric_id, title: m.title[locale] ?? m.title.en })),
      countries: places.countries.map((c) => ({ code: c.country_code, name: c.name[locale] ?? c.name.en })),
      minerals: places.minerals.map((m) => ({ code: m.mineral, label: m.label[locale] ?? m.label.en })),
      breaks,
      bounds: regions.bounds,
      shapesUrl: `/api/v1/map/shapes${forwarded.get('country') ? `?country=${forwarded.get('country')}` : ''}`,
      regionClasses: Object.fromEntries(classed.map((f) => [f.id, f.properties.class])),
      precision: sites.precision,
      placesAsOf: sites.as_of_date,
      markers: { type: 'FeatureCollection' as const, features: markers },
      rows,
    },
  };
};

// The figures of one chart of the Trends page as a CSV file: the same API answer the chart is drawn from, one row per
// year (and country, for a share), labelled in the page's language. A withheld figure is an empty cell, never a zero.
import Papa from 'papaparse';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { TRENDS_MESSAGES } from '$lib/i18n/trends-messages.ts';
import type { RequestHandler } from './$types';
import { loadTrends, NothingPublished, textIn } from '../trends-data.server.ts';

const FIELDS = [
  'metric_id',
  'metric',
  'unit',
  'year',
  'country_code',
  'country',
  'admin1_code',
  'mineral',
  'value',
  'sites_count',
  'producers_count',
  'countries',
  'suppressed',
  'snapshot_id',
] as const;

export const GET: RequestHandler = async ({ fetch, url, params }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  let trends;
  try {
    trends = await loadTrends(fetch, url);
  } catch (failure) {
    if (failure instanceof NothingPublished) return new Response('no snapshot is published yet\n', { status: 503 });
    throw failure;
  }
  const { query, definitions, places, series } = trends;
  if (!query.metric) return new Response('metric: expected a metric id (GET /api/v1/metrics lists them)\n', { status: 400 });
  const definition = definitions.find((d) => d.metric_id === query.metric)!;
  const countryName = (code: string | null) => {
    if (code === null) return TRENDS_MESSAGES[locale].allCountries;
    const country = places.countries.find((c) => c.country_code === code);
    return country ? textIn(country.name, locale) : code;
  };
  const rows = series.series.map((row) => ({
    ...row,
    metric: textIn(definition.title, locale),
    unit: definition.unit,
    country: countryName(row.country_code),
    snapshot_id: series.snapshot_id,
  }));
  const csv = Papa.unparse({ fields: [...FIELDS], data: rows.map((row) => FIELDS.map((field) => row[field] ?? '')) });
  const name = ['veta', query.metric, query.country ?? 'all-countries', query.mineral, series.snapshot_id].join('_');
  return new Response(`${csv}\r\n`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.csv"`,
      'Veta-Snapshot-Id': series.snapshot_id,
    },
  });
};

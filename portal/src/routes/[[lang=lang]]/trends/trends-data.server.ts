/**
 * What the Trends page and its CSV download read from the API: the metric definitions, the places with figures and
 * the series of the chosen topic, country and mineral. Both go through here so that the file holds the figures the
 * page shows. Filter values come from the URL; one the API does not know falls back to "all" rather than failing,
 * since the page's own form only offers known ones.
 */
import { error } from '@sveltejs/kit';
import type { Locale } from '$lib/i18n/locales.ts';
import type { MetricDefinition, MetricsAnswer, PlacesAnswer, SeriesAnswer, SeriesRow, Texts } from '$lib/server/api/routes/metrics-types.ts';
import { HEADLINE_METRICS } from '$lib/server/api/routes/summary.ts';

type Fetch = typeof fetch;

/** The topic of the headline figures; the other topics are the catalogue's themes. */
export const HEADLINE_TOPIC = 'headline';

export interface TrendsQuery {
  topic: string;
  country: string | null;
  mineral: string;
  /** One metric only (the CSV of one chart); null for the topic's metrics. */
  metric: string | null;
}

export interface TrendsData {
  query: TrendsQuery;
  topics: string[];
  definitions: MetricDefinition[];
  places: PlacesAnswer;
  series: SeriesAnswer;
}

/** Thrown by `loadTrends` when nothing is published yet (the API answers 503). */
export class NothingPublished extends Error {}

/** The API's JSON answer at `path` (fetched in-process), or null when nothing is published yet. */
export async function fetchApi<T>(fetch: Fetch, path: string): Promise<T | null> {
  const response = await fetch(path);
  if (response.status === 503) return null;
  if (!response.ok) error(502, { message: `the API answered ${response.status} for ${path}` });
  return (await response.json()) as T;
}

async function api<T>(fetch: Fetch, path: string): Promise<T> {
  const answer = await fetchApi<T>(fetch, path);
  if (answer === null) throw new NothingPublished(path);
  return answer;
}

/** A catalogue text in `locale`, else in English, else in any language it has. */
export function textIn(texts: Texts, locale: Locale): string {
  return texts[locale] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

/** The metric ids a topic shows, in display order. */
export function topicMetrics(topic: string, definitions: readonly MetricDefinition[]): MetricDefinition[] {
  if (topic === HEADLINE_TOPIC) {
    return HEADLINE_METRICS.flatMap((id) => definitions.filter((d) => d.metric_id === id));
  }
  return definitions.filter((d) => d.theme === topic);
}

/** The figures the URL asks for: topic (`headline` by default), country and mineral, and for a CSV one metric. */
export async function loadTrends(fetch: Fetch, url: URL): Promise<TrendsData> {
  const [{ metrics: definitions }, places] = await Promise.all([
    api<MetricsAnswer>(fetch, '/api/v1/metrics'),
    api<PlacesAnswer>(fetch, '/api/v1/metrics/places'),
  ]);
  const topics = [HEADLINE_TOPIC, ...new Set(definitions.map((d) => d.theme))];
  const asked = (name: string) => url.searchParams.get(name) ?? '';
  const topic = topics.includes(asked('topic')) ? asked('topic') : HEADLINE_TOPIC;
  const country = places.countries.some((c) => c.country_code === asked('country')) ? asked('country') : null;
  const mineral = places.minerals.some((m) => m.mineral === asked('mineral')) ? asked('mineral') : 'all';
  const metric = definitions.some((d) => d.metric_id === asked('metric')) ? asked('metric') : null;
  const query: TrendsQuery = { topic, country, mineral, metric };
  const ids = metric ? [metric] : topicMetrics(topic, definitions).map((d) => d.metric_id);
  const search = new URLSearchParams([...ids.map((id) => ['metric', id]), ['mineral', mineral], ...(country ? [['country', country]] : [])]);
  const series = await api<SeriesAnswer>(fetch, `/api/v1/metrics/series?${search}`);
  return { query, topics, definitions, places, series };
}

/** What a row's line is called on a chart: its country's name when a share is shown country by country, else ''. */
export function seriesName(row: SeriesRow, places: PlacesAnswer, locale: Locale, byCountry: boolean): string {
  if (!byCountry || row.country_code === null) return '';
  const country = places.countries.find((c) => c.country_code === row.country_code);
  return country ? textIn(country.name, locale) : row.country_code;
}

/** The URL search of the page for `query` (a value left at "all" is left out), for links and the CSV. */
export function trendsSearch(query: Partial<TrendsQuery>): string {
  const search = new URLSearchParams();
  if (query.metric) search.set('metric', query.metric);
  if (query.topic && query.topic !== HEADLINE_TOPIC) search.set('topic', query.topic);
  if (query.country) search.set('country', query.country);
  if (query.mineral && query.mineral !== 'all') search.set('mineral', query.mineral);
  const text = search.toString();
  return text ? `?${text}` : '';
}

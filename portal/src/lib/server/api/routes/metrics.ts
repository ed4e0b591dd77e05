/**
 * Impact metrics for donors and the public: `GET /metrics` defines each metric (title, unit, formula, sources),
 * `GET /metrics/places` lists the countries and minerals that have figures, and `GET /metrics/series` gives the
 * figures by year for a place, or for every country added up where the definition allows it. The definitions and the
 * series answer an Arrow IPC stream instead of JSON to a request that accepts one.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { arrowTable, tabular, type ArrowColumnType } from './metrics-arrow.ts';
import { metricDefinitions, metricPlaces, metricSeries, unknownPlace, type SeriesRequest } from './metrics-data.ts';
import type { MetricDefinition, MetricsAnswer, PlacesAnswer, SeriesAnswer, SeriesRow } from './metrics-types.ts';

/** The columns of a series row in an Arrow answer. */
export const SERIES_ARROW_COLUMNS: { [K in keyof SeriesRow]: ArrowColumnType } = {
  metric_id: 'utf8',
  year: 'int32',
  country_code: 'utf8',
  admin1_code: 'utf8',
  mineral: 'utf8',
  value: 'float64',
  sites_count: 'int32',
  producers_count: 'int32',
  countries: 'int32',
  suppressed: 'bool',
};

// An empty field (a form's "every country" choice) is the same as no field; a field given twice is refused.
const single = (name: string, schema: z.ZodString) =>
  z
    .array(z.string())
    .max(1, `${name}: give it once`)
    .transform((values) => (values[0] === '' ? undefined : values[0]))
    .pipe(schema.optional())
    .optional();

const seriesQuery = z.strictObject(
  {
    metric: z
      .array(z.string())
      .transform((values) => values.flatMap((v) => v.split(',')).filter((v) => v !== ''))
      .pipe(z.array(z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'metric: expected metric ids such as workers.women (GET /api/v1/metrics lists them)')))
      .optional(),
    country: single('country', z.string().regex(/^[A-Za-z]{2}$/, 'country: expected an ISO 3166-1 alpha-2 code such as CO, or nothing for every country')),
    admin1: single('admin1', z.string().regex(/^[A-Za-z]{2}-[A-Za-z0-9~]{1,8}$/, 'admin1: expected an ISO 3166-2 code such as CO-NAR, or nothing for the whole country')),
    mineral: single('mineral', z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'mineral: expected a code of the mineral list such as gold, or all')),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}: expected metric, country, admin1 or mineral` : undefined,
  },
);

/** What the request asks for, or a 400 answer saying what was expected; the metric ids are checked later. */
function parseSeries(c: Context<ApiEnv>): (Omit<SeriesRequest, 'metrics'> & { metrics: string[] | null }) | Response {
  const parsed = seriesQuery.safeParse(c.req.queries());
  const bad = (message: string) => apiError(c, 400, 'bad_request', message);
  if (!parsed.success) return bad(parsed.error.issues.map((i) => i.message).join('; '));
  const { metric, mineral } = parsed.data;
  const admin1 = parsed.data.admin1?.toUpperCase() ?? null;
  // A unit names its country (CO-NAR lies in CO), so the country may be left out when the unit is given.
  const country = parsed.data.country?.toUpperCase() ?? admin1?.slice(0, 2) ?? null;
  if (admin1 && !admin1.startsWith(`${country}-`)) return bad(`admin1: ${admin1} is not a unit of ${country} (its code starts with ${country}-)`);
  return { metrics: metric?.length ? [...new Set(metric)] : null, country, admin1, mineral: mineral ?? 'all' };
}

/** The metric ids of the catalogue the request names (all of them when it names none), or why one is unknown. */
function metricsOf(asked: string[] | null, definitions: readonly MetricDefinition[]): string[] | string {
  if (!asked) return definitions.map((d) => d.metric_id);
  const known = new Set(definitions.map((d) => d.metric_id));
  const unknown = asked.filter((id) => !known.has(id));
  return unknown.length ? `metric: ${unknown.join(', ')} is not a metric of the catalogue (GET /api/v1/metrics lists them)` : asked;
}

/** A definition as one flat row: texts become `title_en`, `formula_en`…, sources their ids. */
function flatDefinition(d: MetricDefinition): Record<string, unknown> {
  const { title, formula, sources, ...rest } = d;
  return {
    ...rest,
    ...Object.fromEntries(Object.entries(title).map(([language, text]) => [`title_${language}`, text])),
    ...Object.fromEntries(Object.entries(formula).map(([language, text]) => [`formula_${language}`, text])),
    source_ids: sources.map((s) => s.source_id),
  };
}

function definitionsTable(definitions: readonly MetricDefinition[]) {
  const rows = definitions.map(flatDefinition);
  const texts = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => /^(title|formula)_[a-z]{2}$/.test(k))))].sort();
  const columns: Record<string, ArrowColumnType> = {
    metric_id: 'utf8',
    position: 'int32',
    theme: 'utf8',
    unit: 'utf8',
    aggregation: 'utf8',
    additive: 'bool',
    ...Object.fromEntries(texts.map((k) => [k, 'utf8' as const])),
    source_tables: 'utf8[]',
    source_ids: 'utf8[]',
    confidence: 'utf8',
  };
  return arrowTable(rows, columns);
}

export function metricsRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/metrics', async (c) => {
    const tier = c.get('tier');
    const answer: MetricsAnswer = await reader.read(async (query, snapshot) => ({
      ...snapshot,
      metrics: await metricDefinitions({ query, snapshot, tier }),
    }));
    return tabular(c, answer, answer, () => definitionsTable(answer.metrics));
  });

  app.get('/metrics/places', async (c) => {
    const tier = c.get('tier');
    const answer: PlacesAnswer = await reader.read(async (query, snapshot) => ({
      ...snapshot,
      ...(await metricPlaces({ query, snapshot, tier })),
    }));
    c.header('Veta-Snapshot-Id', answer.snapshot_id);
    return c.json(answer);
  });

  app.get('/metrics/series', async (c) => {
    const tier = c.get('tier');
    const asked = parseSeries(c);
    if (asked instanceof Response) return asked;
    const answer: SeriesAnswer | Response = await reader.read(async (query, snapshot) => {
      const views = { query, snapshot, tier };
      const definitions = await metricDefinitions(views);
      const metrics = metricsOf(asked.metrics, definitions);
      if (typeof metrics === 'string') return apiError(c, 400, 'bad_request', metrics);
      const request = { ...asked, metrics };
      const unknown = await unknownPlace(views, request);
      if (unknown) return apiError(c, 400, 'bad_request', unknown);
      return { ...snapshot, ...(await metricSeries(views, request, definitions)) };
    });
    if (answer instanceof Response) return answer;
    return tabular(c, answer, answer, () => arrowTable(answer.series, SERIES_ARROW_COLUMNS));
  });

  return app;
}

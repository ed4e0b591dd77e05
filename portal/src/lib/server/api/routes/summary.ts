/**
 * `GET /summary`: the headline figures of the home page. Aggregates only: no site, location or person is named, so
 * the answer is safe for the public tier. `GET /summary/impact`: the impact figures of the latest complete year, every
 * country added up, read through the tier's view like the trends they head.
 */
import { Hono } from 'hono';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { ApiEnv } from '../access.ts';
import { arrowTable, tabular } from './metrics-arrow.ts';
import { metricDefinitions, metricSeries, type Views } from './metrics-data.ts';
import type { HeadlineFigure, HeadlineImpactAnswer, SnapshotFields } from './metrics-types.ts';

export interface HeadlineFigures {
  sites: number;
  producers: number;
  countries: number;
  latest_assessment_date: string | null;
}

// Read directly, not through viewFor: dim_sites is restricted row by row, but only four aggregates over every site
// leave this query.
const HEADLINE_SQL = `
select
    count(*)::integer as sites,
    count(distinct producer_id)::integer as producers,
    count(distinct country_code)::integer as countries,
    strftime(max(last_assessment_date), '%Y-%m-%d') as latest_assessment_date
from marts.dim_sites
`;

/**
 * The impact donors ask about first: people reached (women and young people among them), mercury use avoided,
 * formalised organisations, gold sold and the Fairmined premium paid for it. Each adds up across countries.
 */
export const HEADLINE_METRICS = [
  'workers.total',
  'workers.women',
  'workers.15_to_17',
  'mercury.avoided_kg',
  'producers.formalised',
  'production.gold_g',
  'premium.usd',
] as const;

/** The headline metrics for every country, in the latest complete year, with the year before for comparison. */
export async function headlineImpact(views: Views): Promise<Omit<HeadlineImpactAnswer, keyof SnapshotFields>> {
  const definitions = await metricDefinitions(views);
  const metrics = definitions.filter((d) => d.additive && (HEADLINE_METRICS as readonly string[]).includes(d.metric_id));
  const { period, min_count, series } = await metricSeries(
    views,
    { metrics: metrics.map((d) => d.metric_id), country: null, admin1: null, mineral: 'all' },
    definitions,
  );
  const year = period.latest_complete_year;
  const rowOf = (id: string, y: number | null) => series.find((r) => r.metric_id === id && r.year === y && r.country_code === null);
  const figures: HeadlineFigure[] =
    year === null
      ? []
      : metrics.map((d) => {
          const row = rowOf(d.metric_id, year);
          return {
            metric_id: d.metric_id,
            unit: d.unit,
            year,
            value: row?.value ?? null,
            previous_value: rowOf(d.metric_id, year - 1)?.value ?? null,
            sites_count: row?.sites_count ?? null,
            producers_count: row?.producers_count ?? null,
            countries: row?.countries ?? null,
            suppressed: row?.suppressed ?? false,
          };
        });
  return { period, min_count, year, figures };
}

export function summaryRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/summary', async (c) => {
    const { rows, snapshot } = await reader.query<HeadlineFigures>(HEADLINE_SQL);
    return c.json({ ...snapshot, figures: rows[0] });
  });
  app.get('/summary/impact', async (c) => {
    const tier = c.get('tier');
    const answer: HeadlineImpactAnswer = await reader.read(async (query, snapshot) => ({
      ...snapshot,
      ...(await headlineImpact({ query, snapshot, tier })),
    }));
    return tabular(c, answer, answer, () =>
      arrowTable(answer.figures, {
        metric_id: 'utf8',
        unit: 'utf8',
        year: 'int32',
        value: 'float64',
        previous_value: 'float64',
        sites_count: 'int32',
        producers_count: 'int32',
        countries: 'int32',
        suppressed: 'bool',
      }),
    );
  });
  return app;
}

/** The OpenAPI description of the impact-metric endpoints (`/metrics…`, `/summary/impact`), spread into openapi.ts. */
import { ARROW_STREAM } from './metrics-arrow.ts';

interface Shared {
  snapshotFields: Record<string, object>;
  errorResponse: object;
}

const texts = (what: string) => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description: `${what} by language code (en, es, fr), in the languages the catalogue has it in`,
});

const period = {
  type: 'object',
  properties: {
    as_of_date: { type: ['string', 'null'], format: 'date', description: 'Day of the latest submission in the snapshot' },
    latest_complete_year: {
      type: ['integer', 'null'],
      description: 'Latest calendar year that had ended by the as-of date; later years are still being recorded',
    },
  },
  required: ['as_of_date', 'latest_complete_year'],
};

const minCount = {
  type: ['integer', 'null'],
  description: 'Smallest count of sites and of producers a figure shown to this access tier rests on; null when nothing is withheld',
};

const snapshotHeaders = {
  'Veta-Snapshot-Id': { description: 'Id of the snapshot that answered', schema: { type: 'string' } },
  'Veta-Built-At': { description: 'When that snapshot was built (UTC)', schema: { type: 'string', format: 'date-time' } },
};

const arrowContent = (what: string) => ({
  [ARROW_STREAM]: {
    schema: { type: 'string', format: 'binary', description: `Arrow IPC stream of ${what}, when the request sends \`Accept: ${ARROW_STREAM}\`` },
  },
});

const seriesRow = {
  type: 'object',
  properties: {
    metric_id: { type: 'string' },
    year: { type: 'integer' },
    country_code: { type: ['string', 'null'], description: 'ISO 3166-1 alpha-2; null for every country added up' },
    admin1_code: { type: ['string', 'null'], description: 'ISO 3166-2; null for the whole country' },
    mineral: { type: 'string', description: 'A code of the mineral list, or all (every site once)' },
    value: { type: ['number', 'null'], description: "In the metric's unit; null when withheld" },
    sites_count: { type: ['integer', 'null'], description: 'Sites behind the value; null when withheld' },
    producers_count: { type: ['integer', 'null'], description: 'Producer organisations behind the value; null when withheld' },
    countries: { type: 'integer', description: 'Countries whose figures the value covers' },
    suppressed: {
      type: 'boolean',
      description:
        'Withheld for this access tier: it rests on fewer sites or producers than min_count, or it adds up countries one of which is withheld (the total would give it away)',
    },
  },
  required: ['metric_id', 'year', 'country_code', 'admin1_code', 'mineral', 'value', 'sites_count', 'producers_count', 'countries', 'suppressed'],
};

export function metricsPaths({ snapshotFields, errorResponse }: Shared) {
  /** A 200 answer: a JSON object naming its snapshot, with `properties`, and the same as Arrow when `arrow` says of what. */
  const answer = (description: string, properties: object, required: string[], arrow?: string) => ({
    description,
    headers: snapshotHeaders,
    content: {
      'application/json': {
        schema: { type: 'object', properties: { ...snapshotFields, ...properties }, required: ['snapshot_id', 'built_at', ...required] },
      },
      ...(arrow ? arrowContent(arrow) : {}),
    },
  });
  const get = (operation: { summary: string; operationId: string; description?: string; parameters?: object[] }, ok: object, bad = false) => ({
    get: { ...operation, responses: { '200': ok, ...(bad ? { '400': errorResponse } : {}), '503': errorResponse } },
  });
  const object = (properties: Record<string, object>) => ({ type: 'object', properties });
  const array = (items: object) => ({ type: 'array', items });
  const nullable = (type: string, description?: string) => ({ type: [type, 'null'], ...(description ? { description } : {}) });

  return {
    '/metrics': get(
      { summary: 'Definitions of the impact metrics: title, unit, how a year is counted, formula and sources', operationId: 'listMetrics' },
      answer(
        'The metrics of catalogue.impact_metrics in display order. `additive` says whether countries may be added up (never for a share).',
        {
          metrics: array({
            ...object({
              metric_id: { type: 'string', example: 'workers.women' },
              position: { type: 'integer' },
              theme: { type: 'string' },
              unit: { type: 'string', example: 'persons' },
              aggregation: { type: 'string', enum: ['latest_in_year', 'sum_in_year', 'ratio_in_year'] },
              additive: { type: 'boolean' },
              title: texts('Title'),
              formula: texts('The formula in words'),
              source_tables: array({ type: 'string' }),
              sources: array(object({ source_id: { type: 'string' }, title: { type: 'string' }, url: nullable('string'), kind: nullable('string') })),
              confidence: { type: 'string', description: 'Catalogue grade; I marks a definition of Veta’s own' },
            }),
            required: ['metric_id', 'unit', 'aggregation', 'additive', 'title', 'formula', 'source_tables', 'sources'],
          }),
        },
        ['metrics'],
        'the definitions, one row per metric (texts as title_en, formula_en…; sources as source_ids)',
      ),
    ),
    '/metrics/places': get(
      { summary: 'Countries and minerals that have impact figures, with their names, and the years covered', operationId: 'listMetricPlaces' },
      answer(
        'What /metrics/series can be asked for',
        {
          countries: array(object({ country_code: { type: 'string' }, name: texts('Name') })),
          minerals: array(object({ mineral: { type: 'string' }, label: texts('Label') })),
          years: object({ first: nullable('integer'), last: nullable('integer') }),
          period,
        },
        ['countries', 'minerals', 'years', 'period'],
      ),
    ),
    '/metrics/series': get(
      {
        summary: 'Impact figures by year for a place and mineral, or for every country added up',
        description:
          'Figures are read through the access tier’s view: for the public, a figure resting on fewer than min_count sites or producers ' +
          'is withheld (value null, suppressed true), never shown as zero. Without `country`, every country is added up for a metric ' +
          'whose definition allows it (a stock or a flow); a share is never added up and comes back country by country ' +
          '(`metrics[].breakdown` says which).',
        operationId: 'getMetricSeries',
        parameters: [
          {
            name: 'metric',
            in: 'query',
            description: 'Metric ids, repeated or comma-separated; all metrics when left out',
            schema: array({ type: 'string', pattern: '^[a-z0-9_.-]{1,64}$' }),
            style: 'form',
            explode: true,
          },
          { name: 'country', in: 'query', description: 'ISO 3166-1 alpha-2 code; every country when left out', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
          { name: 'admin1', in: 'query', description: 'ISO 3166-2 code of an admin-1 unit of the country; the whole country when left out', schema: { type: 'string' } },
          { name: 'mineral', in: 'query', description: 'A code of the mineral list, or all (the default)', schema: { type: 'string' } },
        ],
      },
      answer(
        'The figures, by metric, country and year',
        {
          place: object({ country_code: nullable('string'), admin1_code: nullable('string'), mineral: { type: 'string' } }),
          period,
          min_count: minCount,
          metrics: array(
            object({
              metric_id: { type: 'string' },
              unit: { type: 'string' },
              aggregation: { type: 'string' },
              breakdown: { type: 'string', enum: ['place', 'sum_of_countries', 'by_country'] },
            }),
          ),
          series: array(seriesRow),
        },
        ['place', 'period', 'min_count', 'metrics', 'series'],
        'the series rows, with the columns of `series`',
      ),
      true,
    ),
    '/summary/impact': get(
      { summary: 'Headline impact figures: every country added up, in the latest complete year, with the year before', operationId: 'getSummaryImpact' },
      answer(
        'People reached, women and young people among them, mercury use avoided, formalised producers, gold sold and premium',
        {
          period,
          min_count: minCount,
          year: nullable('integer', 'The year of the figures: the latest complete year'),
          figures: array(
            object({
              metric_id: { type: 'string' },
              unit: { type: 'string' },
              year: { type: 'integer' },
              value: nullable('number'),
              previous_value: nullable('number', 'The year before'),
              sites_count: nullable('integer'),
              producers_count: nullable('integer'),
              countries: nullable('integer'),
              suppressed: { type: 'boolean' },
            }),
          ),
        },
        ['period', 'min_count', 'year', 'figures'],
        'the figures, one row per metric',
      ),
    ),
  };
}

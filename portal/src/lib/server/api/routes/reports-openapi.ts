/** The OpenAPI description of `/reports` and `/reports/{year}`, spread into the API's document (openapi.ts). */

/** The pieces every path of the document shares, passed in by openapi.ts. */
export interface SharedSchemas {
  snapshotFields: Record<string, object>;
  errorResponse: object;
}

const snapshotQuery = {
  name: 'snapshot',
  in: 'query',
  required: false,
  description:
    'Id of a kept snapshot (see kept_snapshots in /reports) to read instead of the published one: the same id always ' +
    'gives the same figures.',
  schema: { type: 'string', pattern: '^[0-9a-f]{16}$' },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

/** A 200 answer whose body is one JSON object. */
export function jsonObjectResponse(description: string, properties: Record<string, object>, required: readonly string[]) {
  return { description, content: { 'application/json': { schema: { type: 'object', properties, required } } } } as const;
}

export function reportsPaths({ snapshotFields, errorResponse }: SharedSchemas) {
  return {
    '/reports': {
      get: {
        summary: 'Years an annual report can be built for, and the kept snapshots a report can name',
        operationId: 'listReports',
        parameters: [snapshotQuery],
        responses: {
          '200': jsonObjectResponse(
            'Years with figures in the snapshot, newest first',
            {
              ...snapshotFields,
              requested_snapshot: { type: ['string', 'null'] },
              years: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    year: { type: 'integer' },
                    countries: { type: 'integer', description: 'Countries whose figures of the year are shown' },
                    countries_withheld: { type: 'integer', description: 'Countries whose figures are all withheld (small counts)' },
                  },
                },
              },
              kept_snapshots: { type: 'array', items: { type: 'string' } },
            },
            ['snapshot_id', 'built_at', 'years', 'kept_snapshots'],
          ),
          '400': errorResponse,
          '404': errorResponse,
          '503': errorResponse,
        },
      },
    },
    '/reports/{year}': {
      get: {
        summary: 'The figures of the annual report of a year: the year in numbers, progress per country, CRAFT and Fairmined uptake, methodology',
        description:
          'Impact metrics by country (whole country, every mineral) of the year and the one before, totals over the ' +
          'countries whose figures are not withheld, the CRAFT profile of each country as of the snapshot date, ' +
          'Fairmined figures, and the catalogue labels in the requested language. Withheld figures are null.',
        operationId: 'getReport',
        parameters: [
          { name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 1000, maximum: 9999 } },
          { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['en', 'es', 'fr'], default: 'en' } },
          snapshotQuery,
        ],
        responses: {
          '200': jsonObjectResponse(
            'The report figures of the snapshot',
            {
              ...snapshotFields,
              year: { type: 'integer' },
              lang: { type: 'string' },
              as_of_date: { type: ['string', 'null'], format: 'date' },
              requested_snapshot: { type: ['string', 'null'] },
              minimum_count: { type: 'integer', description: 'Rows counting fewer sites or producers are withheld' },
              years_until: { type: ['string', 'null'], format: 'date', description: 'Last day of the last year the caller may see (publication lag)' },
              metrics: { type: 'array', items: { type: 'object', description: 'catalogue.impact_metrics, labelled' } },
              coverage: { type: 'object' },
              numbers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    metric_id: { type: 'string' },
                    value: nullableNumber,
                    previous: nullableNumber,
                    countries: { type: 'integer' },
                    countries_withheld: { type: 'integer' },
                  },
                },
              },
              trend: { type: 'array', items: { type: 'object' } },
              countries: { type: 'array', items: { type: 'object' } },
              craft: { type: 'object' },
              fairmined: { type: 'object' },
              framework_versions: { type: 'array', items: { type: 'object' } },
            },
            ['snapshot_id', 'built_at', 'year', 'numbers', 'countries', 'craft', 'fairmined'],
          ),
          '400': errorResponse,
          '404': errorResponse,
          '503': errorResponse,
        },
      },
    },
  } as const;
}

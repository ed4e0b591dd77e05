/**
 * The OpenAPI description of the site-level and map endpoints, spread into the API's document (`openapi.ts`), which
 * passes its shared pieces (the error shape, the snapshot fields) in.
 */
import type { SharedSchemas } from './reports-openapi.ts';

const STATUSES = ['engage', 'not_eligible', 'mitigate', 'suspend', 'disengage'];
const bearer = [{ bearerToken: [] }, { sessionCookie: [] }];
const json = (description: string, properties: Record<string, object>) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', properties } } },
});
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const siteId = { name: 'id', in: 'path', required: true, description: 'The site code an implementer gave', schema: { type: 'string' } };
const featureCollection = { type: 'object', description: 'A GeoJSON FeatureCollection', properties: { type: { const: 'FeatureCollection' }, features: { type: 'array' } } };
const boundsSchema = {
  type: ['array', 'null'],
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  description: '[west, south, east, north] of the outlines, in degrees; null when no country has data',
};

export function sitesPaths({ snapshotFields, errorResponse }: SharedSchemas) {
  const restricted = { '401': errorResponse, '403': errorResponse, '503': errorResponse };
  return {
    '/sites': {
      get: {
        summary: 'The sites a token may read, with their current CRAFT status (restricted tiers; a partner: its producers only)',
        operationId: 'listSites',
        security: bearer,
        parameters: [
          query('country', 'ISO 3166-1 alpha-2 code'),
          query('admin1', 'ISO 3166-2 code'),
          query('status', 'Current CRAFT status', { type: 'string', enum: STATUSES }),
        ],
        responses: { '200': json('Sites', { ...snapshotFields, sites: { type: 'array' } }), '400': errorResponse, ...restricted },
      },
    },
    '/sites/{id}': {
      get: {
        summary: 'One site: its assessments over time, module by module at the latest one, and its improvement plans',
        operationId: 'getSite',
        security: bearer,
        parameters: [siteId],
        responses: {
          '200': json('The site', { ...snapshotFields, site: { type: 'object' }, assessments: { type: 'array' }, modules: { type: 'array' }, improvement_plans: { type: 'array' } }),
          '400': errorResponse,
          '404': errorResponse,
          ...restricted,
        },
      },
    },
    '/sites/{id}/evidence': {
      get: {
        summary: 'Why the site has its current CRAFT status: each flagged requirement with its question, submission uuid, form version, source file hash and row',
        operationId: 'getSiteEvidence',
        security: bearer,
        parameters: [siteId],
        responses: {
          '200': json('The evidence', { ...snapshotFields, site_id: { type: 'string' }, craft_status: { type: ['string', 'null'] }, evidence: { type: 'array' } }),
          '400': errorResponse,
          '404': errorResponse,
          ...restricted,
        },
      },
    },
    '/access': {
      get: {
        summary: 'The tier this request is served at, and whose token it carries',
        operationId: 'getAccess',
        responses: {
          '200': json('Access', { tier: { type: 'string', enum: ['public', 'partner', 'implementer', 'admin'] }, who: { type: ['string', 'null'] }, producers: { type: ['array', 'null'] } }),
          '401': errorResponse,
        },
      },
    },
    '/quality': {
      get: {
        summary: 'Data quality (implementers and admins): ingest batches, rejected rows with reasons, failing data tests, coverage gaps',
        operationId: 'getQuality',
        security: bearer,
        responses: {
          '200': json('The review', {
            ...snapshotFields,
            batches: { type: 'array' },
            rejects: { type: 'array' },
            rejects_total: { type: 'integer' },
            reject_reasons: { type: 'array' },
            failing_tests: { type: 'array' },
            latest_failed_build: { type: ['object', 'null'], description: 'The newest build not published because tests failed, when newer than the served snapshot' },
            coverage_gaps: { type: 'array' },
          }),
          ...restricted,
        },
      },
    },
    '/map/regions': {
      get: {
        summary: 'Admin-1 outlines of the countries with data (Natural Earth), coloured by an impact metric in a year; suppressed values are null',
        operationId: 'getMapRegions',
        parameters: [
          query('metric', 'Metric id (GET /metrics); default: the first'),
          query('year', 'Year; default: the latest with figures', { type: 'integer' }),
          query('mineral', 'Mineral code, or all (default)'),
          query('country', 'ISO 3166-1 alpha-2 code: only that country'),
          query('geometry', 'outlines (default), or none: every feature with a null geometry, for a client that draws GET /map/shapes', {
            type: 'string',
            enum: ['outlines', 'none'],
          }),
        ],
        responses: {
          '200': json('Outlines and values', {
            ...snapshotFields,
            metric: { type: 'object' },
            year: { type: ['integer', 'null'] },
            years: { type: 'array', items: { type: 'integer' } },
            mineral: { type: 'string' },
            bounds: boundsSchema,
            regions: featureCollection,
            countries: featureCollection,
          }),
          '400': errorResponse,
          '404': errorResponse,
          '503': errorResponse,
        },
      },
    },
    '/map/shapes': {
      get: {
        summary: 'The outlines alone (Natural Earth admin-1 units and countries) of the countries with data: the same whatever metric, year or mineral is shown, so a client fetches them once per snapshot',
        operationId: 'getMapShapes',
        parameters: [query('country', 'ISO 3166-1 alpha-2 code: only that country')],
        responses: {
          '200': json('Outlines', { ...snapshotFields, bounds: boundsSchema, regions: featureCollection, countries: featureCollection }),
          '400': errorResponse,
          '503': errorResponse,
        },
      },
    },
    '/map/sites': {
      get: {
        summary: 'Map markers at the precision the tier allows: generalised places (admin-1 label points or grid cells, counts suppressed) for the public, sites for tokens',
        operationId: 'getMapSites',
        parameters: [query('country', 'ISO 3166-1 alpha-2 code'), query('status', 'CRAFT status', { type: 'string', enum: STATUSES })],
        responses: {
          '200': json('Markers', {
            ...snapshotFields,
            precision: { type: 'string', enum: ['generalised', 'exact'] },
            as_of_date: {
              type: ['string', 'null'],
              format: 'date',
              description: 'The day the generalised places are as of (the public edition, held back by the publication lag); null for exact sites',
            },
            sites: featureCollection,
          }),
          '400': errorResponse,
          '401': errorResponse,
          '503': errorResponse,
        },
      },
    },
  };
}

export const SECURITY_SCHEMES = {
  bearerToken: { type: 'http', scheme: 'bearer', description: 'A token made with `veta token create` (partner, implementer or admin)' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'veta_session', description: 'The portal sign-in page stores the token here' },
} as const;

/**
 * The OpenAPI description of `/api/v1`. Written as data beside the routes; a test checks that every route the app
 * serves is described here and that nothing described is missing from the app.
 */
import { extractsPaths } from './routes/extracts-openapi.ts';
import { metricsPaths } from './routes/metrics-openapi.ts';
import { regionsPaths } from './routes/regions-openapi.ts';
import { reportsPaths } from './routes/reports-openapi.ts';
import { SECURITY_SCHEMES, sitesPaths } from './routes/sites-openapi.ts';

const snapshotFields = {
  snapshot_id: { type: 'string', description: 'Id of the published snapshot that answered', example: '20261129T143522Z-7f3a' },
  built_at: { type: 'string', format: 'date-time', description: 'When that snapshot was built (UTC)' },
} as const;

const errorResponse = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' } },
            required: ['code', 'message'],
          },
        },
      },
    },
  },
} as const;

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Veta API',
    version: '1',
    description:
      'Published marts of the Veta warehouse for responsible artisanal and small-scale mining. Every data response ' +
      'names the snapshot it comes from.',
  },
  servers: [{ url: '/api/v1' }],
  components: { securitySchemes: SECURITY_SCHEMES },
  paths: {
    '/health': {
      get: {
        summary: 'Snapshot served and row counts of the published marts',
        operationId: 'getHealth',
        responses: {
          '200': {
            description: 'The server is serving a published snapshot',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: { type: 'string', enum: ['ok'] },
                    ...snapshotFields,
                    tables: { type: 'object', additionalProperties: { type: 'integer' }, description: 'rows per mart' },
                  },
                  required: ['status', 'snapshot_id', 'built_at', 'tables'],
                },
              },
            },
          },
          '503': errorResponse,
        },
      },
    },
    '/summary': {
      get: {
        summary: 'Headline figures: sites, producers and countries assessed, and the latest assessment date',
        operationId: 'getSummary',
        responses: {
          '200': {
            description: 'Headline figures of the published snapshot',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    ...snapshotFields,
                    figures: {
                      type: 'object',
                      properties: {
                        sites: { type: 'integer', description: 'Mine sites with at least one assessment' },
                        producers: { type: 'integer', description: 'ASM organisations working those sites' },
                        countries: { type: 'integer', description: 'Countries the sites are in' },
                        latest_assessment_date: { type: ['string', 'null'], format: 'date' },
                      },
                      required: ['sites', 'producers', 'countries', 'latest_assessment_date'],
                    },
                  },
                  required: ['snapshot_id', 'built_at', 'figures'],
                },
              },
            },
          },
          '503': errorResponse,
        },
      },
    },
    ...regionsPaths(errorResponse, snapshotFields),
    ...reportsPaths({ snapshotFields, errorResponse }),
    ...extractsPaths({ snapshotFields, errorResponse }),
    ...metricsPaths({ snapshotFields, errorResponse }),
    ...sitesPaths({ snapshotFields, errorResponse }),
    '/openapi.json': {
      get: {
        summary: 'This document',
        operationId: 'getOpenApi',
        responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
      },
    },
  },
} as const;

/** The OpenAPI description of `/extracts` and `/extracts/{snapshot_id}/{file}`, spread into the API's document. */
import { jsonObjectResponse, type SharedSchemas } from './reports-openapi.ts';

export function extractsPaths({ snapshotFields, errorResponse }: SharedSchemas) {
  return {
    '/extracts': {
      get: {
        summary: 'Public open-data extracts, one per published snapshot, with their data dictionary, licence and sources',
        description:
          'Read from each extract\'s Frictionless datapackage.json. Restricted extracts are not served (access by token ' +
          'comes later); `restricted.note` says so.',
        operationId: 'listExtracts',
        responses: {
          '200': jsonObjectResponse(
            'The extracts, newest first; snapshot_id and built_at name the snapshot the portal serves',
            {
              ...snapshotFields,
              extracts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    snapshot_id: { type: 'string' },
                    tier: { type: 'string', enum: ['public'] },
                    is_served: { type: 'boolean' },
                    created: { type: ['string', 'null'], format: 'date-time' },
                    title: { type: 'string' },
                    licenses: { type: 'array', items: { type: 'object' } },
                    licence_note: { type: ['string', 'null'] },
                    sources: { type: 'array', items: { type: 'object' } },
                    withheld: { type: 'array', items: { type: 'object' } },
                    datapackage_url: { type: 'string' },
                    tables: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          table: { type: 'string' },
                          description: { type: 'string' },
                          grain: { type: 'string' },
                          fields: { type: 'array', items: { type: 'object' } },
                          files: {
                            type: 'array',
                            items: {
                              type: 'object',
                              properties: {
                                file: { type: 'string' },
                                format: { type: ['string', 'null'] },
                                media_type: { type: 'string' },
                                bytes: { type: ['integer', 'null'] },
                                sha256: { type: ['string', 'null'] },
                                url: { type: 'string' },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
              restricted: { type: 'object', properties: { served: { type: 'boolean' }, note: { type: 'string' } } },
            },
            ['snapshot_id', 'built_at', 'extracts', 'restricted'],
          ),
          '503': errorResponse,
        },
      },
    },
    '/extracts/{snapshot_id}/{file}': {
      get: {
        summary: 'One file of a public extract (Parquet, CSV, GeoJSON, or its datapackage.json)',
        description: 'The ETag is the file\'s SHA-256 as its datapackage.json gives it; If-None-Match answers 304.',
        operationId: 'getExtractFile',
        parameters: [
          { name: 'snapshot_id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } },
          { name: 'file', in: 'path', required: true, description: 'A file name the extract\'s datapackage.json lists', schema: { type: 'string' } },
          {
            name: 'tier',
            in: 'query',
            required: false,
            description: 'restricted: the restricted extract (implementer and admin tokens only; 403 otherwise)',
            schema: { type: 'string', enum: ['public', 'restricted'] },
          },
        ],
        responses: {
          '200': {
            description: 'The file',
            content: {
              'application/vnd.apache.parquet': {},
              'text/csv': {},
              'application/geo+json': {},
              'application/json': {},
            },
          },
          '304': { description: 'Not modified (If-None-Match matched the ETag)' },
          '401': errorResponse,
          '403': errorResponse,
          '404': errorResponse,
        },
      },
    },
  } as const;
}

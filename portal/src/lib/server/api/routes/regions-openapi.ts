/**
 * The OpenAPI description of the regions endpoints, spread into the API's document (`openapi.ts`), which passes its
 * shared pieces (the error shape, the snapshot fields) in.
 */
const names = {
  type: 'object',
  description: 'A name in English, Spanish and French',
  properties: { en: { type: 'string' }, es: { type: 'string' }, fr: { type: 'string' } },
  required: ['en', 'es', 'fr'],
} as const;

const nullableShare = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;

const regionMineral = {
  type: 'object',
  properties: {
    mineral: { type: 'string', description: 'A code of the mineral list, or all (every site once)' },
    sites_known: { type: ['integer', 'null'], description: 'Sites Veta knows there; null when withheld' },
    suppressed: { type: 'boolean', description: 'Whether the figures are withheld (fewer sites than min_sites)' },
  },
  required: ['mineral', 'sites_known', 'suppressed'],
} as const;

const placeParameters = [
  {
    name: 'country',
    in: 'query',
    required: true,
    description: 'ISO 3166-1 alpha-2 code of the country',
    schema: { type: 'string', pattern: '^[A-Za-z]{2}$', example: 'CO' },
  },
  {
    name: 'admin1',
    in: 'query',
    required: false,
    description: 'ISO 3166-2 code of an admin-1 unit of that country; absent or empty for the whole country',
    schema: { type: 'string', pattern: '^[A-Za-z]{2}-[A-Za-z0-9~]{1,8}$', example: 'CO-NAR' },
  },
  {
    name: 'mineral',
    in: 'query',
    required: false,
    description: 'A code of the mineral list, or all (the default): every site once',
    schema: { type: 'string', pattern: '^[a-z0-9_]{1,40}$', default: 'all', example: 'gold' },
  },
] as const;

const profileSchema = {
  type: 'object',
  properties: {
    as_of_date: { type: ['string', 'null'], format: 'date', description: 'The day the profile is as of (latest submission)' },
    min_sites: { type: ['integer', 'null'], description: 'Threshold under which figures are withheld for this tier; null when none are' },
    years_until: {
      type: ['string', 'null'],
      format: 'date',
      description: 'The trend shows only years ending on or before this day (the publication lag); null when it shows every year',
    },
    place: {
      type: 'object',
      properties: {
        country_code: { type: 'string' },
        admin1_code: { type: ['string', 'null'] },
        mineral: { type: 'string' },
        country_name: names,
        admin1_name: { oneOf: [names, { type: 'null' }] },
        mineral_name: { oneOf: [names, { type: 'null' }], description: 'null for all' },
      },
    },
    suppressed: { type: 'boolean', description: 'The place counts fewer sites than min_sites: only its key is given' },
    profile: {
      type: 'object',
      additionalProperties: true,
      description: 'The row of marts.fct_region_risk_profiles as the tier sees it (see the data dictionary)',
    },
    statuses: {
      type: 'array',
      description: 'Shares of the current CRAFT statuses, most severe first (catalogue.craft_statuses)',
      items: {
        type: 'object',
        properties: { craft_status: { type: 'string' }, severity: { type: 'integer' }, title: names, share: nullableShare },
      },
    },
    top_risks: {
      type: 'array',
      description: 'Requirements most often found at risk or unmet at the sites\' latest assessments, with the share of sites',
      items: {
        type: 'object',
        properties: {
          rank: { type: 'integer' },
          requirement_id: { type: 'string' },
          official_id: { type: ['string', 'null'] },
          title: names,
          section_id: { type: ['string', 'null'] },
          annex_ii_group: { type: ['string', 'null'] },
          annex_ii_title: { oneOf: [names, { type: 'null' }], description: 'Title of the OECD Annex II risk group' },
          required_response: { type: ['string', 'null'] },
          share: { type: 'number' },
        },
      },
    },
    trend: {
      type: 'array',
      description:
        'Per year, the sites assessed that year, each with the status its latest assessment of the year gave; a year with ' +
        'fewer sites than min_sites gives no count and no shares, and years after years_until are left out',
      items: {
        type: 'object',
        properties: {
          year: { type: 'integer' },
          sites: { type: ['integer', 'null'] },
          suppressed: { type: 'boolean' },
          is_partial: { type: 'boolean', description: 'The year is not over at the as-of date' },
          shares: { type: ['object', 'null'], additionalProperties: { type: 'number' } },
        },
      },
    },
    partners: {
      type: ['object', 'null'],
      description: 'Partner context (IPIS, ODC-BY 1.0; Amazon Mining Watch, CC BY 4.0); null when withheld',
      properties: {
        ipis: { type: ['object', 'null'] },
        amazon_mining_watch: { type: ['object', 'null'] },
      },
    },
  },
  required: ['as_of_date', 'min_sites', 'years_until', 'place', 'suppressed', 'profile', 'statuses', 'top_risks', 'trend', 'partners'],
} as const;

export function regionsPaths<E, F extends object>(errorResponse: E, snapshotFields: F) {
  const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
  return {
    '/regions': {
      get: {
        summary: 'Places and minerals with a supply-region risk profile, with their names, for pickers',
        operationId: 'listRegions',
        responses: {
          '200': json('Countries, their admin-1 units and the minerals each has a profile for', {
            type: 'object',
            properties: {
              ...snapshotFields,
              as_of_date: { type: ['string', 'null'], format: 'date' },
              min_sites: { type: ['integer', 'null'] },
              countries: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    country_code: { type: 'string' },
                    name: names,
                    minerals: { type: 'array', items: regionMineral, description: 'Profiles of the whole country' },
                    admin1_units: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: { admin1_code: { type: 'string' }, name: names, minerals: { type: 'array', items: regionMineral } },
                      },
                    },
                  },
                },
              },
              minerals: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: names } } },
            },
            required: ['snapshot_id', 'built_at', 'as_of_date', 'min_sites', 'countries', 'minerals'],
          }),
          '503': errorResponse,
        },
      },
    },
    '/regions/profile': {
      get: {
        summary: 'Risk profile of a country or admin-1 unit for a mineral: coverage, freshness, CRAFT statuses, top risks, plans, trend, partner context',
        operationId: 'getRegionProfile',
        parameters: placeParameters,
        responses: {
          '200': json('The profile', { ...profileSchema, properties: { ...snapshotFields, ...profileSchema.properties } }),
          '400': errorResponse,
          '404': errorResponse,
          '503': errorResponse,
        },
      },
    },
    '/regions/profile.csv': {
      get: {
        summary: 'The same profile as a CSV file: one figure per line, each naming its snapshot',
        operationId: 'getRegionProfileCsv',
        parameters: [
          ...placeParameters,
          {
            name: 'lang',
            in: 'query',
            required: false,
            description: 'Language of the label column',
            schema: { type: 'string', enum: ['en', 'es', 'fr'], default: 'en' },
          },
        ],
        responses: {
          '200': {
            description:
              'UTF-8 CSV (with a byte-order mark) with the columns snapshot_id, built_at, country_code, admin1_code, mineral, ' +
              'section (profile or trend), measure, year, value, label',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          '400': errorResponse,
          '404': errorResponse,
          '503': errorResponse,
        },
      },
    },
  };
}

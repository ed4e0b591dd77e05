/**
 * The buyers' view of supply regions: `GET /regions` lists the places and minerals that have a risk profile,
 * `GET /regions/profile` gives one (coverage, freshness, CRAFT statuses, top risks, improvement plans, trend, partner
 * context), and `GET /regions/profile.csv` the same as a file to attach to a due-diligence record. Every answer names
 * its snapshot, and figures resting on too few sites are withheld for the public tier.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { LOCALES } from '../../../i18n/locales.ts';
import type { ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { profileCsv, profileCsvFileName } from './regions-csv.ts';
import { regionProfile, regionsIndex, type PlaceKey } from './regions-data.ts';

// An empty field (a form's "whole country" choice) is the same as no field.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const placeQuery = z
  .object({
    country: z
      .string({ error: 'country is required: an ISO 3166-1 alpha-2 code such as CO' })
      .regex(/^[A-Za-z]{2}$/, 'country: expected an ISO 3166-1 alpha-2 code such as CO')
      .transform((s) => s.toUpperCase()),
    admin1: optional(
      z
        .string()
        .regex(/^[A-Za-z]{2}-[A-Za-z0-9~]{1,8}$/, 'admin1: expected an ISO 3166-2 code such as CO-NAR, or nothing for the whole country')
        .transform((s) => s.toUpperCase()),
    ),
    mineral: optional(z.string().regex(/^[a-z0-9_]{1,40}$/, 'mineral: expected a code of the mineral list such as gold, or all')),
    lang: optional(z.enum(LOCALES, { error: `lang: expected one of ${LOCALES.join(', ')}` })),
  })
  .refine((q) => !q.admin1 || q.admin1.startsWith(`${q.country}-`), {
    error: (issue) => {
      const q = issue.input as { admin1: string; country: string };
      return `admin1: ${q.admin1} is not a unit of ${q.country} (its code starts with ${q.country}-)`;
    },
  });

type PlaceQuery = z.infer<typeof placeQuery>;

/** The query's place, or a 400 response saying what was expected. */
function parsePlace(c: Context<ApiEnv>): { key: PlaceKey; query: PlaceQuery } | Response {
  const parsed = placeQuery.safeParse(c.req.query());
  if (!parsed.success) return apiError(c, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
  const { country, admin1, mineral } = parsed.data;
  return { key: { country, admin1: admin1 ?? null, mineral: mineral ?? 'all' }, query: parsed.data };
}

function notFound(c: Context<ApiEnv>, key: PlaceKey): Response {
  const place = key.admin1 ? `${key.admin1} (${key.country})` : key.country;
  return apiError(
    c,
    404,
    'not_found',
    `no risk profile for ${place} and mineral ${key.mineral}: Veta knows no site there that mines it; GET /api/v1/regions lists the places and minerals that have one`,
  );
}

export function regionsRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/regions', async (c) => {
    const tier = c.get('tier');
    return c.json(await reader.read((query, snapshot) => regionsIndex({ query, snapshot, tier })));
  });

  app.get('/regions/profile', async (c) => {
    const place = parsePlace(c);
    if (place instanceof Response) return place;
    const tier = c.get('tier');
    const profile = await reader.read((query, snapshot) => regionProfile({ query, snapshot, tier }, place.key));
    return profile ? c.json(profile) : notFound(c, place.key);
  });

  app.get('/regions/profile.csv', async (c) => {
    const place = parsePlace(c);
    if (place instanceof Response) return place;
    const tier = c.get('tier');
    const profile = await reader.read((query, snapshot) => regionProfile({ query, snapshot, tier }, place.key));
    if (!profile) return notFound(c, place.key);
    return c.body(profileCsv(profile, place.query.lang ?? 'en'), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${profileCsvFileName(profile)}"`,
    });
  });

  return app;
}

/**
 * The impact map's data: `GET /map/regions` (admin-1 outlines of the countries with data, coloured by an impact
 * metric in a year, or the values alone), `GET /map/shapes` (the outlines alone) and `GET /map/sites` (markers at the precision the tier allows: generalised places for the
 * public, sites for restricted grants).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { mapRegions, mapShapes, mapSites } from './map-data.ts';
import { CRAFT_STATUSES, siteRead } from './sites.ts';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const country = optional(z.string().regex(/^[A-Z]{2}$/, 'country: expected an ISO 3166-1 alpha-2 code such as CO'));

const regionsQuery = z.object({
  metric: optional(z.string().regex(/^[a-z0-9_.-]{1,60}$/, 'metric: expected a metric id such as workers.women (GET /metrics lists them)')),
  year: optional(z.coerce.number({ error: 'year: expected a year such as 2024' }).int('year: expected a whole year').min(1900).max(2200)),
  mineral: optional(z.string().regex(/^[a-z0-9_]{1,40}$/, 'mineral: expected a code of the mineral list such as gold, or all')),
  country,
  geometry: optional(z.enum(['outlines', 'none'], { error: 'geometry: expected outlines (the default) or none' })),
});

const shapesQuery = z.object({ country });

const sitesQuery = z.object({
  country,
  status: optional(z.enum(CRAFT_STATUSES, { error: `status: expected one of ${CRAFT_STATUSES.join(', ')}` })),
});

export function mapRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/map/regions', async (c) => {
    const parsed = regionsQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    const body = await reader.read((query, snapshot) =>
      mapRegions(siteRead(c, query, snapshot), { ...parsed.data, mineral: parsed.data.mineral ?? 'all', geometry: parsed.data.geometry !== 'none' }),
    );
    return body ? c.json(body) : apiError(c, 404, 'not_found', `no impact metric ${parsed.data.metric}: GET /api/v1/metrics lists them`);
  });

  app.get('/map/shapes', async (c) => {
    const parsed = shapesQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    return c.json(await reader.read((query, snapshot) => mapShapes(siteRead(c, query, snapshot), parsed.data)));
  });

  app.get('/map/sites', async (c) => {
    const parsed = sitesQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    return c.json(await reader.read((query, snapshot) => mapSites(siteRead(c, query, snapshot), parsed.data)));
  });

  return app;
}

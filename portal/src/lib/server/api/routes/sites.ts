/**
 * Site level, for the restricted tiers only: `GET /sites` (the sites a grant may see, with their current CRAFT
 * status), `GET /sites/{id}` (assessments over time, module by module, improvement plans) and
 * `GET /sites/{id}/evidence` ("why is this site suspend?": the flagged requirements down to the question, the
 * submission, the file and its row). The public tier gets 403 from the data dictionary's rule (a site's rows are not
 * public); a partner sees only the producers its token names, and any other site is answered 404, as if absent.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { producerScope, type ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { listSites, siteEvidence, siteProfile, type SiteReadContext } from './sites-data.ts';

export const CRAFT_STATUSES = ['engage', 'not_eligible', 'mitigate', 'suspend', 'disengage'] as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const siteFilterQuery = z.object({
  country: optional(z.string().regex(/^[A-Z]{2}$/, 'country: expected an ISO 3166-1 alpha-2 code such as CO')),
  admin1: optional(z.string().regex(/^[A-Z]{2}-[A-Z0-9~]{1,8}$/, 'admin1: expected an ISO 3166-2 code such as CO-NAR')),
  status: optional(z.enum(CRAFT_STATUSES, { error: `status: expected one of ${CRAFT_STATUSES.join(', ')}` })),
});

const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function siteRead(c: Context<ApiEnv>, query: SiteReadContext['query'], snapshot: SiteReadContext['snapshot']): SiteReadContext {
  return { query, snapshot, tier: c.get('tier'), producers: producerScope(c.get('grant') ?? null) };
}

function badSiteId(c: Context<ApiEnv>): Response {
  return apiError(c, 400, 'bad_request', 'site id: expected the site code an implementer gave (letters, digits, . _ -)');
}

function noSite(c: Context<ApiEnv>, id: string): Response {
  return apiError(c, 404, 'not_found', `no site ${id} among the sites this token may read`);
}

export function sitesRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/sites', async (c) => {
    const parsed = siteFilterQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    const body = await reader.read(async (query, snapshot) => ({
      ...snapshot,
      sites: await listSites(siteRead(c, query, snapshot), parsed.data),
    }));
    return c.json(body);
  });

  app.get('/sites/:id', async (c) => {
    const id = c.req.param('id');
    if (!SITE_ID.test(id)) return badSiteId(c);
    const body = await reader.read((query, snapshot) => siteProfile(siteRead(c, query, snapshot), id));
    return body ? c.json(body) : noSite(c, id);
  });

  app.get('/sites/:id/evidence', async (c) => {
    const id = c.req.param('id');
    if (!SITE_ID.test(id)) return badSiteId(c);
    const body = await reader.read((query, snapshot) => siteEvidence(siteRead(c, query, snapshot), id));
    return body ? c.json(body) : noSite(c, id);
  });

  return app;
}

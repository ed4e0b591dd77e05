/**
 * The Hono API under `/api/v1`, composed from its routes. The portal's server hook (hooks.server.ts) hands it its
 * requests before SvelteKit routes them; tests call `app.request()` on it directly, with no server.
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { logRestrictedRead, TokenRefusedError, verifyToken, type AccessPaths } from '$warehouse/access/token-store.ts';
import { NoSnapshotError, type SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { SESSION_COOKIE, type ApiEnv } from './access.ts';
import { apiError } from './errors.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { publicAnswers, type PublicAnswersOptions } from './public-answers.ts';
import { extractsRoutes } from './routes/extracts.ts';
import { healthRoutes } from './routes/health.ts';
import { mapRoutes } from './routes/map.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { qualityRoutes } from './routes/quality.ts';
import { regionsRoutes } from './routes/regions.ts';
import { reportsRoutes } from './routes/reports.ts';
import { sitesRoutes } from './routes/sites.ts';
import { summaryRoutes } from './routes/summary.ts';
import { TableWithheldError } from './table-views.ts';

export const API_BASE = '/api/v1';

export interface ApiOptions {
  /** Where tokens and the audit log live; without it the API serves the public tier only and refuses every token. */
  access?: AccessPaths;
  /** How much of the public's answers to keep in memory (public-answers.ts). */
  publicAnswers?: PublicAnswersOptions;
}

/** The token a request presents: a bearer token, else the portal's session cookie. */
function presentedToken(authorization: string | undefined, cookie: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (authorization !== undefined && !bearer) throw new TokenRefusedError('the Authorization header must be "Bearer <token>"');
  return bearer ?? (cookie || undefined);
}

export function createApi(reader: SnapshotReader, options: ApiOptions = {}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>().basePath(API_BASE);
  app.use(async (c, next) => {
    const token = presentedToken(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
    if (token === undefined) {
      c.set('tier', 'public');
      c.set('who', null);
      c.set('grant', null);
      return next();
    }
    // A token that does not let its bearer in is refused, never served the public view as if nothing was asked.
    if (!options.access) throw new TokenRefusedError('this server accepts no tokens');
    const grant = await verifyToken(options.access, token);
    c.set('tier', grant.tier);
    c.set('who', grant.name);
    c.set('grant', grant);
    await next();
    await logRestrictedRead(options.access, {
      at: new Date().toISOString(),
      token_id: grant.token_id,
      who: grant.name,
      tier: grant.tier,
      method: c.req.method,
      path: new URL(c.req.url).pathname + new URL(c.req.url).search,
      status: c.res.status,
      snapshot_id: c.res.headers.get('Veta-Snapshot-Id'),
    });
  });
  app.use(async (c, next) => {
    await next();
    // Figures change only when a snapshot is published, and the portal must not leak stale ones across a publish;
    // what a token reads is for its holder only, never for a cache shared along the way.
    c.header('Cache-Control', c.get('tier') === 'public' ? 'no-cache' : 'private, no-store');
  });
  app.use(publicAnswers(reader, options.publicAnswers));
  app.route('/', healthRoutes(reader));
  app.route('/', summaryRoutes(reader));
  app.route('/', metricsRoutes(reader));
  app.route('/', regionsRoutes(reader));
  app.route('/', reportsRoutes(reader));
  app.route('/', extractsRoutes(reader));
  app.route('/', sitesRoutes(reader));
  app.route('/', mapRoutes(reader));
  app.route('/', qualityRoutes(reader));
  app.get('/openapi.json', (c) => c.json(OPENAPI_DOCUMENT));
  app.notFound((c) => apiError(c, 404, 'not_found', `no such endpoint: ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof TokenRefusedError) return apiError(c, 401, 'unauthorized', error.message);
    if (error instanceof TableWithheldError) return apiError(c, 403, 'forbidden', error.message);
    if (error instanceof NoSnapshotError) {
      return apiError(c, 503, 'no_snapshot', 'no snapshot is published yet: run `veta build` (or `veta demo`)');
    }
    console.error(`api: ${c.req.method} ${c.req.path}:`, error);
    return apiError(c, 500, 'internal', 'the server could not answer this request; the error is in its log');
  });
  return app;
}

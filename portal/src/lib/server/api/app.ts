/**
 * The Hono API under `/api/v1`, composed from its routes. SvelteKit mounts it; tests call `app.request()` on it
 * directly, with no server.
 */
import { Hono } from 'hono';
import { NoSnapshotError, type SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { ApiEnv } from './access.ts';
import { apiError } from './errors.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { extractsRoutes } from './routes/extracts.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { regionsRoutes } from './routes/regions.ts';
import { reportsRoutes } from './routes/reports.ts';
import { summaryRoutes } from './routes/summary.ts';
import { TableWithheldError } from './table-views.ts';

export const API_BASE = '/api/v1';

export function createApi(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>().basePath(API_BASE);
  app.use(async (c, next) => {
    c.set('tier', 'public');
    c.set('who', null);
    await next();
  });
  app.use(async (c, next) => {
    await next();
    // Figures change only when a snapshot is published, and the portal must not leak stale ones across a publish.
    c.header('Cache-Control', 'no-cache');
  });
  app.route('/', healthRoutes(reader));
  app.route('/', summaryRoutes(reader));
  app.route('/', metricsRoutes(reader));
  app.route('/', regionsRoutes(reader));
  app.route('/', reportsRoutes(reader));
  app.route('/', extractsRoutes(reader));
  app.get('/openapi.json', (c) => c.json(OPENAPI_DOCUMENT));
  app.notFound((c) => apiError(c, 404, 'not_found', `no such endpoint: ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof TableWithheldError) return apiError(c, 403, 'forbidden', error.message);
    if (error instanceof NoSnapshotError) {
      return apiError(c, 503, 'no_snapshot', 'no snapshot is published yet: run `veta build` (or `veta demo`)');
    }
    console.error(`api: ${c.req.method} ${c.req.path}:`, error);
    return apiError(c, 500, 'internal', 'the server could not answer this request; the error is in its log');
  });
  return app;
}

/**
 * `GET /reports` and `GET /reports/{year}`: the annual report's figures, from the published snapshot or from a kept
 * one named with `?snapshot=<id>`, so that a report printed years ago can be built again with the same figures.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SnapshotInfo, SnapshotQuery, SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { LOCALES } from '../../../i18n/locales.ts';
import type { ReportIndex } from '../../../reports/report-types.ts';
import type { ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { reportFigures, reportYears } from './reports-figures.ts';
import { KeptSnapshots, servedHome, SNAPSHOT_ID } from './reports-kept-snapshots.ts';

const snapshotParam = z
  .string()
  .regex(SNAPSHOT_ID, 'snapshot: a snapshot id (16 hexadecimal digits) expected')
  .optional();

const indexQuery = z.object({ snapshot: snapshotParam });
const reportQuery = z.object({
  snapshot: snapshotParam,
  lang: z.enum(LOCALES, { message: `lang: one of ${LOCALES.join(', ')} expected` }).default('en'),
});

/** The first problem zod found, as a message for a person. */
function problem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'bad request';
}

export function reportsRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const kept = new KeptSnapshots(servedHome(reader.path)?.snapshots);

  /** Runs `work` on the snapshot the request names, or the served one; a 404 answer when no such snapshot is kept. */
  async function onSnapshot<R>(
    c: Context<ApiEnv>,
    id: string | undefined,
    work: (query: SnapshotQuery, snapshot: SnapshotInfo) => Promise<R>,
  ): Promise<R | Response> {
    if (id === undefined || id === (await reader.info()).snapshot_id) return reader.read(work);
    const named = await kept.reader(id);
    if (!named) return apiError(c, 404, 'not_found', `no kept snapshot ${id} on this server: see /reports for the kept ones`);
    return named.read(work);
  }

  return new Hono<ApiEnv>()
    .get('/reports', async (c) => {
      const parsed = indexQuery.safeParse(c.req.query());
      if (!parsed.success) return apiError(c, 400, 'bad_request', problem(parsed.error));
      const { snapshot } = parsed.data;
      const body = await onSnapshot(c, snapshot, async (query, info): Promise<ReportIndex> => ({
        ...info,
        requested_snapshot: snapshot ?? null,
        years: await reportYears(query, info, c.get('tier')),
        kept_snapshots: await kept.ids(),
      }));
      if (body instanceof Response) return body;
      // Named in a header too, so the access log can record which snapshot a restricted read saw.
      c.header('Veta-Snapshot-Id', body.snapshot_id);
      return c.json(body);
    })
    .get('/reports/:year', async (c) => {
      const yearText = c.req.param('year');
      if (!/^\d{4}$/.test(yearText)) return apiError(c, 400, 'bad_request', 'year: a four-digit year expected');
      const year = Number(yearText);
      const parsed = reportQuery.safeParse(c.req.query());
      if (!parsed.success) return apiError(c, 400, 'bad_request', problem(parsed.error));
      const { snapshot, lang } = parsed.data;
      const body = await onSnapshot(c, snapshot, async (query, info) => {
        const report = await reportFigures(query, info, c.get('tier'), year, lang);
        return report ? { ...report, requested_snapshot: snapshot ?? null } : undefined;
      });
      if (body instanceof Response) return body;
      if (!body) {
        return apiError(c, 404, 'not_found', `no figures for ${year} in this snapshot: /reports lists the years it has`);
      }
      c.header('Veta-Snapshot-Id', body.snapshot_id);
      return c.json(body);
    });
}

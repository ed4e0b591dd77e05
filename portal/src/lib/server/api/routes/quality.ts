/**
 * `GET /access`: the tier a request is served at and whose token it carries, for the portal's sign-in state.
 * `GET /quality` (implementers and admins): what the published snapshot was built from and what it could not use:
 * ingest batches with their accounting, rejected rows with their reasons, failing data tests (of the newest build
 * that was not published for them), and coverage gaps (places where sites known were not assessed in 12 months).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { tierAtLeast, type ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { namesIn, servedHome } from './reports-kept-snapshots.ts';

const FAILED_BUILD = /^([0-9a-f]{16})\.failed\.duckdb$/;

interface FailedBuild {
  snapshot_id: string;
  built_at: string;
  failing_tests: { test: string; model: string; rows: number }[];
}

/**
 * The newest failed build, when it is newer than the snapshot served: its failing tests are why the latest data is
 * not published. A published snapshot has none by construction (a build with a failing test is not published).
 */
async function latestFailedBuild(servedFile: string): Promise<FailedBuild | null> {
  const home = servedHome(servedFile);
  if (!home) return null;
  const dated = await Promise.all(
    (await namesIn(home.snapshots, FAILED_BUILD)).map(async (name) => ({ name, mtime: (await stat(path.join(home.snapshots, name))).mtimeMs })),
  );
  const newest = dated.sort((a, b) => b.mtime - a.mtime)[0];
  if (!newest || newest.mtime <= (await stat(servedFile)).mtimeMs) return null;
  const reader = new SnapshotReader(path.join(home.snapshots, newest.name));
  try {
    return await reader.read(async (query, snapshot) => ({
      ...snapshot,
      failing_tests: await query<{ test: string; model: string; rows: number }>(
        `select test, model, count(*)::integer as rows from audit.test_failures group by test, model order by model, test`,
      ),
    }));
  } catch (error) {
    // A build that failed before it wrote its tests' results says nothing here; the build's own output did.
    console.error(`quality: ${newest.name} cannot be read:`, (error as Error).message);
    return null;
  } finally {
    reader.close();
  }
}

/** Rejects listed at most: the quality page is a review, the rejects table itself is in the restricted extract. */
const REJECTS_SHOWN = 500;

export function qualityRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/access', (c) => {
    const grant = c.get('grant') ?? null;
    return c.json({ tier: c.get('tier'), who: c.get('who'), producers: grant?.tier === 'partner' ? grant.producers : null });
  });

  app.get('/quality', async (c) => {
    if (!tierAtLeast(c.get('tier'), 'implementer')) {
      return apiError(c, 403, 'forbidden', 'the data-quality review is for implementers and admins: sign in with such a token');
    }
    // Read directly, not through viewFor: the ledger tables are not in the data dictionary, and only implementers and
    // admins (checked above) get here.
    const body = await reader.read(async (query, snapshot) => ({
      ...snapshot,
      batches: await query(
        `select batch_id, file_name, format, target_table, rows_read::integer as rows_read, rows_loaded::integer as rows_loaded,
                rows_rejected::integer as rows_rejected, rows_duplicate::integer as rows_duplicate,
                strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ') as ingested_at
         from meta.ingest_batches order by ingested_at desc, batch_id`,
      ),
      rejects: await query(
        `select batch_id, file_name, line, column_name, reason from meta.ingest_rejects
         order by batch_id, file_name, line nulls last limit ${REJECTS_SHOWN}`,
      ),
      rejects_total: (await query<{ n: number }>(`select count(*)::integer as n from meta.ingest_rejects`))[0].n,
      reject_reasons: await query(
        `select reason, count(*)::integer as rows from meta.ingest_rejects group by reason order by rows desc, reason limit 50`,
      ),
      failing_tests: await query(`select test, model, count(*)::integer as rows from audit.test_failures group by test, model order by model, test`),
      latest_failed_build: await latestFailedBuild(reader.path),
      coverage_gaps: await query(
        `select country_code, admin1_code, sites_known, sites_assessed_12_months, coverage,
                strftime(latest_assessment_date, '%Y-%m-%d') as latest_assessment_date
         from marts.fct_region_risk_profiles
         where edition = 'current' and mineral = 'all' and admin1_code is not null and coverage < 1
         order by coverage, country_code, admin1_code`,
      ),
    }));
    return c.json(body);
  });

  return app;
}

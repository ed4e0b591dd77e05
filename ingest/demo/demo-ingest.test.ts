/**
 * The demo's KoboToolbox exports go through Veta's own ingest as a field team's would: the `;` export lands every
 * submission with nothing rejected, and the `,` export of the same submissions is recognised as duplicates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { ingestFile } from '../ingest-file.ts';
import { writeDemoData } from './write-demo-data.ts';

let dir = '';
let db: Database | null = null;
afterAll(async () => {
  db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the demo exports in Veta ingest', () => {
  it('land every submission once, whichever delimiter', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'veta-demo-ingest-'));
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 30, xlsx: false });
    db = await openLanding(path.join(dir, 'warehouse.duckdb'));
    const land = (file: string) => ingestFile(db!, file, { archiveDir: path.join(dir, 'archive') });

    const first = await land(manifest.files.kobo_csv);
    expect(first).toMatchObject({
      format: 'kobo-csv',
      rows_read: manifest.submissions,
      rows_loaded: manifest.submissions,
      rows_rejected: 0,
      rows_duplicate: 0,
    });
    expect(await land(manifest.files.kobo_csv_comma)).toMatchObject({ rows_read: manifest.submissions, rows_loaded: 0, rows_duplicate: manifest.submissions });
    const [landed] = await db.query<{ n: number; sites: number }>(
      `select count(*)::integer as n, count(distinct "site/site_code")::integer as sites from ${first.target_table}`,
    );
    expect(landed).toEqual({ n: manifest.submissions, sites: manifest.sites });
  });
});

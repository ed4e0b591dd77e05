/** A throw-away landing warehouse for a test, closed afterwards, and a way to ingest into it. */
import path from 'node:path';
import { afterEach } from 'vitest';
import { ingestFile, type IngestOptions } from '../../ingest/ingest-file.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { tempDir } from './temp-home.ts';

const open: Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

export async function landingWarehouse() {
  const dir = await tempDir();
  const db = await openLanding(path.join(dir, 'warehouse.duckdb'));
  open.push(db);
  const archiveDir = path.join(dir, 'archive');
  const land = (file: string, options: Omit<IngestOptions, 'archiveDir'> = {}) => ingestFile(db, file, { archiveDir, ...options });
  return { dir, db, land, archiveDir };
}

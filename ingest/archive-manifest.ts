/**
 * The archive's record of what landed: `manifest.jsonl` beside each archived input, one line per time it was ingested
 * (name, hash, size, the files of a folder, format, when, batch, Veta's version). Each line is written from the ledger
 * row its landing committed, after the commit; a process killed between the two leaves its line unwritten, so every
 * ingest first writes the line of the last batch in the ledger when its manifest lacks it. Only the last can lack it:
 * no ingest lands a file before it has seen to the one before.
 */
import { appendFile, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../warehouse/gateway/duckdb.ts';

export const MANIFEST = 'manifest.jsonl';

interface LedgerRow {
  batch_id: string;
  file_name: string;
  file_hash: string;
  file_bytes: number;
  format: string;
  received_at: string;
  veta_version: string;
}

const LEDGER_ROW = `
  select batch_id, file_name, file_hash, file_bytes::double as file_bytes, format,
         strftime(ingested_at, '%Y-%m-%dT%H:%M:%S.%gZ') as received_at, veta_version
  from meta.ingest_batches`;

/** Appends the manifest line of a committed batch, from its ledger row. */
export async function recordInManifest(db: Database, archiveDir: string, batchId: string): Promise<void> {
  const [row] = await db.query<LedgerRow>(`${LEDGER_ROW} where batch_id = $batch`, { batch: batchId });
  if (!row) throw new Error(`batch ${batchId} is not in the ledger, so the archive's manifest cannot name it`);
  await appendLine(archiveDir, row);
}

/** Writes the manifest line of the ledger's last batch if a kill after its commit left it unwritten. */
export async function reconcileManifest(db: Database, archiveDir: string): Promise<void> {
  const [last] = await db.query<LedgerRow>(`${LEDGER_ROW} order by ingested_at desc, batch_id desc limit 1`);
  if (!last) return;
  const copy = path.join(archiveDir, last.file_hash, last.file_name);
  // An archive moved or cleared since has no copy to describe.
  if (!(await stat(copy).then(() => true, () => false))) return;
  const text = await readFile(path.join(archiveDir, last.file_hash, MANIFEST), 'utf8').catch(() => '');
  const named = text.split('\n').some((line) => {
    try {
      return (JSON.parse(line) as { batch_id?: unknown }).batch_id === last.batch_id;
    } catch {
      return false;
    }
  });
  if (!named) await appendLine(archiveDir, last);
}

async function appendLine(archiveDir: string, row: LedgerRow): Promise<void> {
  const dir = path.join(archiveDir, row.file_hash);
  const copy = path.join(dir, row.file_name);
  // A folder (an unzipped ODK Central export) is archived as its files.
  const files = (await stat(copy)).isDirectory() ? (await readdir(copy)).sort() : undefined;
  const line = {
    name: row.file_name,
    sha256: row.file_hash,
    bytes: row.file_bytes,
    ...(files ? { files } : {}),
    format: row.format,
    received_at: row.received_at,
    batch_id: row.batch_id,
    veta_version: row.veta_version,
  };
  await appendFile(path.join(dir, MANIFEST), `${JSON.stringify(line)}\n`);
}

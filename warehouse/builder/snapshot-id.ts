/**
 * A snapshot's id is a hash of everything it is built from: the landing ledger (every batch, with the hash of the
 * file it landed), the standards catalogue, the SQL models and macros, the mapping files and Veta's version. The same
 * inputs give the same id, and the build from them the same figures; change any input and the id changes.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Database } from '../gateway/duckdb.ts';
import { VETA_VERSION } from '../version.ts';

/** Files under a folder, as paths relative to it, in a stable order; none when the folder does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

export interface SnapshotInputs {
  landing: string;
  catalogueDir: string;
  transformsDir: string;
  mappingsDir: string;
}

export async function snapshotId(inputs: SnapshotInputs): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`veta ${VETA_VERSION}\n`);
  const landing = await Database.open(inputs.landing, { readOnly: true });
  try {
    const batches = await landing.query<{ line: string }>(
      `select concat_ws(' ', batch_id, file_hash, format, rows_read, rows_loaded, rows_rejected, rows_duplicate) as line
       from meta.ingest_batches order by ingested_at, batch_id`,
    );
    for (const { line } of batches) hash.update(`batch ${line}\n`);
  } finally {
    landing.close();
  }
  for (const [kind, dir] of [['catalogue', inputs.catalogueDir], ['transforms', inputs.transformsDir], ['mappings', inputs.mappingsDir]]) {
    for (const file of await filesUnder(dir)) {
      const content = createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex');
      hash.update(`${kind} ${file.split(path.sep).join('/')} ${content}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

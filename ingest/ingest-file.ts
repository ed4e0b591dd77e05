/**
 * Lands one file as one transaction: the file is archived by content hash, its rows go to a raw table or to the
 * rejects, and a ledger row records what happened. If anything fails, the warehouse is left as it was.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../warehouse/gateway/duckdb.ts';
import { VETA_VERSION } from '../warehouse/version.ts';
import { detectFormat, type Format } from './detect-format.ts';
import { IngestError, isIngestError } from './errors.ts';
import { landCsv, type LandingCounts } from './land-csv.ts';

export interface IngestSummary extends LandingCounts {
  file: string;
  format: Format;
  batch_id: string;
  target_table: string;
}

export interface IngestOptions {
  /** Where input files are archived, by content hash. */
  archiveDir: string;
  format?: Format;
}

export async function ingestFile(db: Database, file: string, options: IngestOptions): Promise<IngestSummary> {
  const detected = await detectFormat(file, options.format);
  const { size } = await stat(file);
  const fileHash = await sha256(file);
  const fileName = path.basename(file);
  const archived = path.join(options.archiveDir, fileHash, fileName);
  await mkdir(path.dirname(archived), { recursive: true });
  await copyFile(file, archived);

  const batchId = randomUUID();
  try {
    const counts = await db.transaction(async () => {
      const landed = await landCsv(db, { file: archived, fileName, fileHash, batchId, ...detected });
      await db.run(
        `insert into meta.ingest_batches values ($batch, $name, $path, $hash, $bytes, $format, $table,
            $read, $loaded, $rejected, $duplicate, $version, now()::timestamp)`,
        {
          batch: batchId,
          name: fileName,
          path: path.resolve(file),
          hash: fileHash,
          bytes: size,
          format: detected.format,
          table: `raw.${detected.table}`,
          read: landed.rows_read,
          loaded: landed.rows_loaded,
          rejected: landed.rows_rejected,
          duplicate: landed.rows_duplicate,
          version: VETA_VERSION,
        },
      );
      return landed;
    });
    return { file, format: detected.format, batch_id: batchId, target_table: `raw.${detected.table}`, ...counts };
  } catch (error) {
    if (isIngestError(error)) throw error;
    throw new IngestError(file, (error as Error).message, { cause: error });
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

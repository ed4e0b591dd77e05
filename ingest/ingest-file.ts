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
import type { Encoding } from './text-encoding.ts';
import { landCsv, type LandingCounts } from './land-csv.ts';

export interface IngestSummary extends LandingCounts {
  file: string;
  format: Format;
  /** The text encoding the file came in (converted to UTF-8 when it was not). */
  encoding: Encoding;
  /** False for a form Veta has no mapping for: its rows landed in raw, untouched, and no model reads them yet. */
  mapped: boolean;
  batch_id: string;
  /** The raw tables the rows went to (a workbook's sheets land in one table each). */
  target_table: string;
}

export interface IngestOptions {
  /** Where input files are archived, by content hash. */
  archiveDir: string;
  format?: Format;
  /** Refuse the whole file at its first rejected row, instead of landing the rest. */
  strict?: boolean;
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
  const tables = detected.parts.map((part) => `raw.${part.table}`).join(', ');
  try {
    const counts = await db.transaction(async () => {
      const total: LandingCounts = { rows_read: 0, rows_loaded: 0, rows_rejected: 0, rows_duplicate: 0, rows_superseding: 0 };
      for (const part of detected.parts) {
        const landed = await landCsv(db, {
          ...part,
          // A CSV lands from its archived copy, the bytes its hash names; a workbook's sheets from their CSV.
          file: part.file === file ? archived : part.file,
          fileName: part.sheet ? `${fileName} [${part.sheet}]` : fileName,
          fileHash,
          batchId,
        });
        for (const key of Object.keys(total) as (keyof LandingCounts)[]) total[key] += landed[key];
        if (options.strict && landed.rows_rejected > 0) {
          const [first] = await db.query<{ line: number; column_name: string | null; reason: string }>(
            'select line, column_name, reason from meta.ingest_rejects where batch_id = $batch order by line limit 1',
            { batch: batchId },
          );
          // Thrown inside the transaction: nothing of this file lands.
          throw new IngestError(
            file,
            `${part.sheet ? `${part.sheet}, ` : ''}line ${first.line}, column ${first.column_name ?? '?'}: ${first.reason} ` +
              `(--strict: the file was not landed)`,
          );
        }
      }
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
          table: tables,
          read: total.rows_read,
          loaded: total.rows_loaded,
          rejected: total.rows_rejected,
          duplicate: total.rows_duplicate,
          version: VETA_VERSION,
        },
      );
      return total;
    });
    return {
      file,
      format: detected.format,
      encoding: detected.encoding,
      mapped: detected.mapped,
      batch_id: batchId,
      target_table: tables,
      ...counts,
    };
  } catch (error) {
    if (isIngestError(error)) throw error;
    throw new IngestError(file, (error as Error).message, { cause: error });
  } finally {
    await detected.dispose();
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

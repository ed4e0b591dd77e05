/**
 * Lands one file as one transaction: the file is archived by content hash, its rows go to a raw table or to the
 * rejects, and a ledger row records what happened. If anything fails, the warehouse is left as it was.
 *
 * The archive is `<archive>/<sha256>/<file name>`, the bytes as received, with `manifest.jsonl` beside them: one line
 * per time the file was ingested (name, hash, size, format, when, batch, Veta's version). An unzipped ODK Central
 * export (a folder) is archived as its top-level files, under a hash of their names and hashes.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { quoteLiteral, type Database } from '../warehouse/gateway/duckdb.ts';
import { VETA_VERSION } from '../warehouse/version.ts';
import { detectFormat, type Format, type LandingPart } from './detect-format.ts';
import { IngestError, isIngestError } from './errors.ts';
import type { Encoding } from './text-encoding.ts';
import { fingerprint } from './fingerprint.ts';
import { noProgress, type Progress } from './progress.ts';
import { landCsv, type LandingCounts } from './land-csv.ts';
import { markRepeatCurrent, type RepeatLink } from './record-versions.ts';

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
  /** What the person should know about how the file landed, and what to do. */
  note?: string;
}

export interface IngestOptions {
  /** Where input files are archived, by content hash. */
  archiveDir: string;
  format?: Format;
  /** Refuse the whole file at its first rejected row, instead of landing the rest. */
  strict?: boolean;
  /** Where hashing and landing a long file report how far they have got. */
  progress?: Progress;
}

export async function ingestFile(db: Database, file: string, options: IngestOptions): Promise<IngestSummary> {
  const progress = options.progress ?? noProgress;
  const detected = await detectFormat(file, options.format, progress);
  const fileName = path.basename(file);
  let archived = '';
  try {
    const { hash: fileHash, bytes: size, files } = await fingerprint(file, progress, detected.members);
    const archiveDir = path.join(options.archiveDir, fileHash);
    archived = path.join(archiveDir, fileName);
    await mkdir(files ? archived : archiveDir, { recursive: true });
    if (files) for (const name of files) await copyFile(path.join(file, name), path.join(archived, name));
    else await copyFile(file, archived);

    // A CSV lands from its archived copy, the bytes its hash names (a folder's tables from theirs); a workbook's
    // sheets and a zip's members from what detection unpacked.
    const archivedCopy = (part: string) =>
      part === file ? archived : files && path.resolve(path.dirname(part)) === path.resolve(file) ? path.join(archived, path.basename(part)) : part;
    const batchId = randomUUID();
    const tables = detected.parts.map((part) => `raw.${part.table}`).join(', ');
    const counts = await db.transaction(async () => {
      const total: LandingCounts = { rows_read: 0, rows_loaded: 0, rows_rejected: 0, rows_duplicate: 0, rows_superseding: 0, rows_older_version: 0 };
      for (const part of detected.parts) {
        const landed = await landCsv(db, {
          ...part,
          file: archivedCopy(part.file),
          fileName: part.sheet ? `${fileName} [${part.sheet}]` : fileName,
          fileHash,
          batchId,
          progress,
          hasRepeats: !part.repeatOf && detected.parts.some((other) => other.repeatOf),
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
      await markRepeats(db, detected.parts, batchId);
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
    const manifest = {
      name: fileName,
      sha256: fileHash,
      bytes: size,
      ...(files ? { files } : {}),
      format: detected.format,
      received_at: new Date().toISOString(),
      batch_id: batchId,
      veta_version: VETA_VERSION,
    };
    await appendFile(path.join(archiveDir, 'manifest.jsonl'), `${JSON.stringify(manifest)}\n`);
    return {
      file,
      format: detected.format,
      encoding: detected.encoding,
      mapped: detected.mapped,
      batch_id: batchId,
      target_table: tables,
      ...counts,
      ...(detected.note ? { note: detected.note } : {}),
    };
  } catch (error) {
    if (isIngestError(error)) throw error;
    // The engine names the copy it read; the person knows the file by the name they gave.
    const message = archived ? (error as Error).message.replaceAll(archived, fileName) : (error as Error).message;
    throw new IngestError(file, message, { cause: error });
  } finally {
    await detected.dispose();
  }
}


/**
 * Records which tables are repeats of which, then marks the current rows of every repeat this file touched, as a
 * repeat or as the submissions of one: a CSV export (no repeats) of an edited submission changes its repeat rows too.
 */
async function markRepeats(db: Database, parts: readonly LandingPart[], batchId: string): Promise<void> {
  const parent = parts.find((part) => !part.repeatOf);
  for (const repeat of parent ? parts.filter((part) => part.repeatOf) : []) {
    await db.run('insert or ignore into meta.repeat_tables values ($table, $parent, $key)', {
      table: repeat.table,
      parent: parent!.table,
      key: parent!.key.lineage,
    });
    await db.run(
      `insert or ignore into meta.repeat_versions
       select distinct $table, __submission_key, __submission_version from submission_versions`,
      { table: repeat.table },
    );
  }
  const tables = parts.map((part) => quoteLiteral(part.table)).join(', ');
  const links = await db.query<{ table_name: string; parent_table: string; parent_lineage_key: string }>(
    `select * from meta.repeat_tables where table_name in (${tables}) or parent_table in (${tables})`,
  );
  for (const link of links) {
    const repeatLink: RepeatLink = { table: link.table_name, parentTable: link.parent_table, parentLineageKey: link.parent_lineage_key };
    await markRepeatCurrent(db, repeatLink, batchId);
  }
}

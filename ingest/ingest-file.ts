/**
 * Lands one file as one transaction: the file is archived by content hash, its rows go to a raw table or to the
 * rejects, and a ledger row records what happened. If anything fails, the warehouse is left as it was.
 *
 * A CSV is read in JavaScript once, to hash it and to check the encoding and line breaks detection looked at only
 * the start of (archive-input.ts); the rare text that must be converted first (not UTF-8, line endings that change)
 * is then detected again in full and converted. DuckDB then reads it into its raw table while the kernel copies it to
 * the archive. The archive and its manifest are described in archive-input.ts and archive-manifest.ts.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { quoteLiteral, type Database } from '../warehouse/gateway/duckdb.ts';
import { capLandingMemory } from '../warehouse/landing/open-landing.ts';
import { VETA_VERSION } from '../warehouse/version.ts';
import { archiveCopy, clearIncoming, fingerprint, type Fingerprint } from './archive-input.ts';
import { reconcileManifest, recordInManifest } from './archive-manifest.ts';
import { detectFormat, type Detected, type Format, type LandingPart } from './detect-format.ts';
import { IngestError, isIngestError } from './errors.ts';
import type { Encoding } from './text-encoding.ts';
import { profileText } from './text-encoding.ts';
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
  await reconcileManifest(db, options.archiveDir);
  await clearIncoming(options.archiveDir);
  const fileName = path.basename(file);
  let detected = await detectFormat(file, options.format, progress, { deferTextCheck: true });
  let copying: Promise<string> | undefined;
  try {
    const readAs = await inputState(file, detected.members);
    const hashed = await fingerprint(file, { members: detected.members, checkText: detected.textCheckDeferred, progress });
    if (detected.textCheckDeferred) {
      const blankLines = await checkedBlankLines(file, hashed, progress);
      if (blankLines) detected.parts[0].blankLines = blankLines;
      else {
        await detected.dispose();
        detected = await detectFormat(file, options.format, progress);
      }
    }
    copying = archiveCopy(file, options.archiveDir, hashed);
    // Awaited before the ledger row; this only keeps an early failure from counting as unhandled meanwhile.
    copying.catch(() => {});
    const batchId = randomUUID();
    // Set outside the transaction: a cap DuckDB cannot lower yet fails its statement, which would abort the file.
    await capLandingMemory(db, Math.max(0, ...detected.parts.map((part) => (part.names ?? part.header.columns).length)));
    const counts = await landParts(db, detected, { file, fileName, batchId, hashed, copying, readAs, strict: options.strict === true, progress });
    await recordInManifest(db, options.archiveDir, batchId);
    return {
      file,
      format: detected.format,
      encoding: detected.encoding,
      mapped: detected.mapped,
      batch_id: batchId,
      target_table: targetTables(detected),
      ...counts,
      ...(detected.note ? { note: detected.note } : {}),
    };
  } catch (error) {
    // The copy is let finish (or fail) before the file is given up: the next ingest clears what it leaves.
    await copying?.catch(() => {});
    if (isIngestError(error)) throw error;
    // The engine names the path it read; the person knows the file by the name they gave.
    const message = file === fileName ? (error as Error).message : (error as Error).message.replaceAll(file, fileName);
    throw new IngestError(file, message, { cause: error });
  } finally {
    await detected.dispose();
  }
}

const targetTables = (detected: Detected) => detected.parts.map((part) => `raw.${part.table}`).join(', ');

interface Landing {
  file: string;
  fileName: string;
  batchId: string;
  hashed: Fingerprint;
  /** The archive copy being made while DuckDB reads the file. */
  copying: Promise<string>;
  /** The file's size and time of change when it was hashed. */
  readAs: string;
  strict: boolean;
  progress: Progress;
}

/** Lands every part of the file, then its ledger row, in one transaction. */
async function landParts(db: Database, detected: Detected, landing: Landing): Promise<LandingCounts> {
  const { batchId } = landing;
  return db.transaction(async () => {
    const total: LandingCounts = { rows_read: 0, rows_loaded: 0, rows_rejected: 0, rows_duplicate: 0, rows_superseding: 0, rows_older_version: 0 };
    for (const part of detected.parts) {
      const landed = await landCsv(db, {
        ...part,
        fileName: part.sheet ? `${landing.fileName} [${part.sheet}]` : landing.fileName,
        fileHash: landing.hashed.hash,
        batchId,
        progress: landing.progress,
        hasRepeats: !part.repeatOf && detected.parts.some((other) => other.repeatOf),
      });
      for (const key of Object.keys(total) as (keyof LandingCounts)[]) total[key] += landed[key];
      if (landing.strict && landed.rows_rejected > 0) {
        const [first] = await db.query<{ line: number; column_name: string | null; reason: string }>(
          'select line, column_name, reason from meta.ingest_rejects where batch_id = $batch order by line limit 1',
          { batch: batchId },
        );
        // Thrown inside the transaction: nothing of this file lands.
        throw new IngestError(
          landing.file,
          `${part.sheet ? `${part.sheet}, ` : ''}line ${first.line}, column ${first.column_name ?? '?'}: ${first.reason} ` +
            `(--strict: the file was not landed)`,
        );
      }
    }
    await markRepeats(db, detected.parts, batchId);
    await landing.copying;
    // DuckDB and the copy read the file after it was hashed: all saw the same bytes only if the file stood still.
    if ((await inputState(landing.file, detected.members)) !== landing.readAs) {
      throw new IngestError(landing.file, 'the file changed while it was being ingested: nothing of it was landed; ingest it again once it is complete');
    }
    await db.run(
      `insert into meta.ingest_batches values ($batch, $name, $path, $hash, $bytes, $format, $table,
          $read, $loaded, $rejected, $duplicate, $version, now()::timestamp)`,
      {
        batch: batchId,
        name: landing.fileName,
        path: path.resolve(landing.file),
        hash: landing.hashed.hash,
        bytes: landing.hashed.bytes,
        format: detected.format,
        table: targetTables(detected),
        read: total.rows_read,
        loaded: total.rows_loaded,
        rejected: total.rows_rejected,
        duplicate: total.rows_duplicate,
        version: VETA_VERSION,
      },
    );
    return total;
  });
}

/**
 * The empty lines of a CSV whose text was checked while it was hashed: none when its line breaks were plain, else
 * from a quote-by-quote profile. Undefined for a text to convert first (not UTF-8, line endings that change).
 */
async function checkedBlankLines(file: string, hashed: Fingerprint, progress: Progress): Promise<number[] | undefined> {
  if (!hashed.text?.utf8) return undefined;
  if (hashed.text.plainLineBreaks) return [];
  const profile = await profileText(file, progress);
  return profile.mixedLineEndings ? undefined : profile.blankLines;
}

/** The size and time of change of a file, or of each file of a folder: what must not change while it is read. */
async function inputState(input: string, members?: readonly string[]): Promise<string> {
  const state = async (file: string) => {
    const info = await stat(file);
    return `${info.size}:${info.mtimeMs}`;
  };
  if (!(await stat(input)).isDirectory()) return state(input);
  return (await Promise.all((members ?? []).map((member) => state(path.join(input, member))))).join(',');
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

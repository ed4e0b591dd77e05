/**
 * The content hash that names an input in the archive and in every landed row's `_file_hash`, and the archive copy.
 *
 * The hash is the SHA-256 of a file's bytes, or, for an unzipped export (a folder), of the list of its top-level files
 * with their own hashes. The same read checks a delimited text's encoding and line breaks (text-encoding.ts), which
 * detection left to it: a large export is read once in JavaScript, at the speed of the hash, before DuckDB reads it.
 *
 * The archive is `<archive>/<sha256>/<file name>`, the bytes as received. The copy is made by the kernel while DuckDB
 * reads the file, under `<archive>/.incoming/`, and renamed into place once whole, so the archive never holds a copy
 * cut short by a crash.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { meter, noProgress, type Progress } from './progress.ts';
import { CHUNK_BYTES, LineBreakScan, Utf8Check } from './text-encoding.ts';

export interface Fingerprint {
  hash: string;
  bytes: number;
  /** For a folder: the top-level files it holds, by name (media subfolders are not part of an export's data). */
  files?: string[];
  /**
   * For a text checked on the way (`checkText`): whether it is UTF-8, and whether its line breaks surely hold no
   * empty record and one line ending (false: only a quote-by-quote profile can tell).
   */
  text?: { utf8: boolean; plainLineBreaks: boolean };
}

export interface FingerprintOptions {
  /** For a folder: the files of it that are the input (an export's tables); by default all top-level files. */
  members?: readonly string[];
  /** Check a file's encoding and line breaks in the same read. */
  checkText?: boolean;
  progress?: Progress;
}

/** The folder copies are written in until they are whole; whatever a killed ingest left there is removed. */
const INCOMING = '.incoming';

async function hashFile(file: string, checkText: boolean, progress: Progress): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const utf8 = checkText ? new Utf8Check() : undefined;
  const breaks = checkText ? new LineBreakScan() : undefined;
  const bytes = (await stat(file)).size;
  const step = progress.start(`hashing ${path.basename(file)}`, { total: bytes, unit: 'bytes' });
  try {
    await pipeline(createReadStream(file, { highWaterMark: CHUNK_BYTES }), meter(step), async (chunks: AsyncIterable<Buffer>) => {
      for await (const data of chunks) {
        hash.update(data);
        utf8?.update(data);
        breaks?.update(data);
      }
    });
    step.finish();
  } catch (error) {
    step.finish('failed');
    throw error;
  }
  return { hash: hash.digest('hex'), bytes, ...(utf8 && breaks ? { text: { utf8: utf8.finish(), plainLineBreaks: breaks.finish() } } : {}) };
}

/** Hashes `input`, a file or an export's folder, checking a file's text when asked. */
export async function fingerprint(input: string, options: FingerprintOptions = {}): Promise<Fingerprint> {
  const progress = options.progress ?? noProgress;
  if (!(await stat(input)).isDirectory()) return hashFile(input, options.checkText === true, progress);
  const files = [
    ...(options.members ??
      (await readdir(input, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name)),
  ].sort();
  const listing = createHash('sha256');
  let bytes = 0;
  for (const name of files) {
    const file = await hashFile(path.join(input, name), false, progress);
    listing.update(`${name}\t${file.hash}\n`);
    bytes += file.bytes;
  }
  return { hash: listing.digest('hex'), bytes, files };
}

/** Whether an earlier copy is whole: as large as the input, file by file for a folder (an older Veta copied in place). */
async function isWholeCopy(target: string, { bytes, files }: Fingerprint): Promise<boolean> {
  const size = (file: string) => stat(file).then((info) => info.size, () => -1);
  if (!files) return (await size(target)) === bytes;
  const sizes = await Promise.all(files.map((file) => size(path.join(target, file))));
  return !sizes.includes(-1) && sizes.reduce((a, b) => a + b, 0) === bytes;
}

/**
 * Copies `input` into the archive under the hash it was fingerprinted with, and returns where the copy is. An input
 * archived before (the same bytes again) keeps its first copy.
 */
export async function archiveCopy(input: string, archiveDir: string, fingerprinted: Fingerprint): Promise<string> {
  const { hash, files } = fingerprinted;
  const name = path.basename(input);
  const target = path.join(archiveDir, hash, name);
  if (await isWholeCopy(target, fingerprinted)) return target;
  const incoming = path.join(archiveDir, INCOMING, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(incoming, { recursive: true });
  try {
    if (files) {
      await mkdir(path.join(incoming, name));
      for (const file of files) await copyFile(path.join(input, file), path.join(incoming, name, file));
    } else {
      await copyFile(input, path.join(incoming, name));
    }
    await mkdir(path.dirname(target), { recursive: true });
    // A folder is not renamed over an earlier one: what an older copy left goes first.
    await rm(target, { recursive: true, force: true });
    await rename(path.join(incoming, name), target);
    return target;
  } finally {
    await rm(incoming, { recursive: true, force: true });
    // Left only while another copy is being written (the folder is not empty then).
    await rmdir(path.dirname(incoming)).catch(() => {});
  }
}

/** Removes the copies a killed ingest left unfinished. Only one process writes a home at a time (DuckDB's lock). */
export async function clearIncoming(archiveDir: string): Promise<void> {
  await rm(path.join(archiveDir, INCOMING), { recursive: true, force: true });
}

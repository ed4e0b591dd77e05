/**
 * Archives an input by its content hash, reading it once: each chunk goes to the SHA-256 that names it, to the copy,
 * and, for a delimited text, to the checks of its encoding and line breaks (text-encoding.ts). So a large export is
 * read once here, beside DuckDB's own read, where hashing, copying and checking it were three passes before.
 *
 * The archive is `<archive>/<sha256>/<file name>`, the bytes as received. An unzipped ODK Central export (a folder)
 * is archived as its top-level files, under a hash of the list of their names and hashes. A copy is written under
 * `<archive>/.incoming/` and renamed into place once whole, so the archive never holds a copy cut short by a crash.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHUNK_BYTES, LineBreakScan, Utf8Check } from './text-encoding.ts';

export interface Archived {
  /** SHA-256 of the file's bytes, or of the folder's list of files with their hashes. */
  hash: string;
  bytes: number;
  /** For a folder: the top-level files it holds, by name (media subfolders are not part of an export's data). */
  files?: string[];
  /** Where the copy is: the file, or the folder holding the copies of its files. */
  path: string;
  /**
   * For a text checked on the way (`checkText`): whether it is UTF-8, and whether its line breaks surely hold no
   * empty record and one line ending (false: only a quote-by-quote profile can tell).
   */
  text?: { utf8: boolean; plainLineBreaks: boolean };
}

export interface ArchiveOptions {
  /** For a folder: the files of it that are the input (an export's tables); by default all top-level files. */
  members?: readonly string[];
  /** Check a file's encoding and line breaks while copying it. */
  checkText?: boolean;
}

/** The folder copies are written in until they are whole; whatever a killed ingest left there is removed. */
export const INCOMING = '.incoming';

/** Streams a file into `target`, returning its SHA-256 and size, and checking its text when asked. */
async function copyHashed(file: string, target: string, checkText: boolean): Promise<{ hash: string; bytes: number; text?: Archived['text'] }> {
  const hash = createHash('sha256');
  const utf8 = checkText ? new Utf8Check() : undefined;
  const breaks = checkText ? new LineBreakScan() : undefined;
  const out = await open(target, 'w');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      const data = chunk as Buffer;
      hash.update(data);
      utf8?.update(data);
      breaks?.update(data);
      bytes += data.length;
      // Written in full before the next chunk is read: the copy never runs ahead of what was hashed.
      for (let at = 0; at < data.length; ) at += (await out.write(data, at)).bytesWritten;
    }
  } finally {
    await out.close();
  }
  return { hash: hash.digest('hex'), bytes, ...(utf8 && breaks ? { text: { utf8: utf8.finish(), plainLineBreaks: breaks.finish() } } : {}) };
}

/**
 * Copies `input` (a file or an export's folder) into the archive under its content hash and returns what it found.
 * An input archived before (the same bytes again) keeps its first copy.
 */
export async function archiveInput(input: string, archiveDir: string, options: ArchiveOptions = {}): Promise<Archived> {
  const name = path.basename(input);
  const incoming = path.join(archiveDir, INCOMING, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await mkdir(incoming, { recursive: true });
  try {
    const info = await stat(input);
    let found: Omit<Archived, 'path'>;
    if (info.isDirectory()) {
      const files = [
        ...(options.members ??
          (await readdir(input, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name)),
      ].sort();
      await mkdir(path.join(incoming, name));
      const listing = createHash('sha256');
      let bytes = 0;
      for (const member of files) {
        const copied = await copyHashed(path.join(input, member), path.join(incoming, name, member), false);
        listing.update(`${member}\t${copied.hash}\n`);
        bytes += copied.bytes;
      }
      found = { hash: listing.digest('hex'), bytes, files };
    } else {
      found = await copyHashed(input, path.join(incoming, name), options.checkText === true);
    }
    const target = path.join(archiveDir, found.hash, name);
    await mkdir(path.dirname(target), { recursive: true });
    const kept = await stat(target).then(
      () => true,
      () => false,
    );
    if (!kept) await rename(path.join(incoming, name), target);
    return { ...found, path: target };
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

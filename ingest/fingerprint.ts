/**
 * The content hash that names an input in the archive and in every landed row's `_file_hash`: the SHA-256 of a
 * file's bytes, or, for an unzipped export (a folder), of the list of its top-level files with their own hashes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { meter, noProgress, type Progress } from './progress.ts';

export interface Fingerprint {
  hash: string;
  bytes: number;
  /** For a folder: the top-level files it holds, by name (media subfolders are not part of an export's data). */
  files?: string[];
}

export async function sha256(file: string, progress: Progress = noProgress): Promise<string> {
  const hash = createHash('sha256');
  const step = progress.start(`hashing ${path.basename(file)}`, { total: (await stat(file)).size, unit: 'bytes' });
  try {
    await pipeline(createReadStream(file), meter(step), hash);
    step.finish();
  } catch (error) {
    step.finish('failed');
    throw error;
  }
  return hash.digest('hex');
}

/** `members`: for a folder, the files of it that are the input (an export's tables); by default all top-level files. */
export async function fingerprint(input: string, progress: Progress = noProgress, members?: readonly string[]): Promise<Fingerprint> {
  const info = await stat(input);
  if (!info.isDirectory()) return { hash: await sha256(input, progress), bytes: info.size };
  const files = [
    ...(members ??
      (await readdir(input, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name)),
  ].sort();
  const listing = createHash('sha256');
  let bytes = 0;
  for (const name of files) {
    listing.update(`${name}\t${await sha256(path.join(input, name), progress)}\n`);
    bytes += (await stat(path.join(input, name))).size;
  }
  return { hash: listing.digest('hex'), bytes, files };
}

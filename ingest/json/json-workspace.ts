/**
 * What a JSON reader needs while it turns a file into CSV parts: a temp directory for the CSV (removed by the
 * `Detected.dispose` it returns), a UTF-8 copy of the file when it came in another encoding, and a private in-memory
 * DuckDB that spills to that directory rather than failing on a file larger than memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database, quoteLiteral } from '../../warehouse/gateway/duckdb.ts';
import type { Progress } from '../progress.ts';
import { profileText, transcodeToUtf8, type Encoding } from '../text-encoding.ts';

export interface JsonWorkspace {
  dir: string;
  /** The file as DuckDB reads it: the file itself, or its UTF-8 copy. */
  readable: string;
  encoding: Encoding;
  db: Database;
  /** Removes the directory and what is in it. */
  dispose(): Promise<void>;
}

/** `progress` reports the pass that checks the file's encoding, as for CSV files. */
export async function openJsonWorkspace(file: string, prefix: string, progress?: Progress): Promise<JsonWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    // JSON is UTF-8 by its standard, but a file saved by hand on a Windows office machine may be Windows-1252, which
    // DuckDB reads only as broken text: it is converted first, as CSV files are.
    const encoding: Encoding = (await profileText(file, progress)).utf8 ? 'utf-8' : 'windows-1252';
    let readable = file;
    if (encoding !== 'utf-8') {
      readable = path.join(dir, path.basename(file));
      await transcodeToUtf8(file, encoding, readable);
    }
    const db = await Database.open(':memory:');
    await db.run(`set temp_directory = ${quoteLiteral(path.join(dir, 'spill'))}`);
    // Row n of the CSV must be record n of the file: the default, set here because the landed rows' numbers rely on it.
    await db.run('set preserve_insertion_order = true');
    return { dir, readable, encoding, db, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

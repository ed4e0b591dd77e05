/**
 * The snapshots `veta build` keeps by id (`<home>/snapshots/<id>.duckdb`), for answers that must come from a named
 * snapshot rather than the published one: a report reproduced years later, an extract of the snapshot it cites.
 *
 * A requested id is never joined into a path: it is looked up among the file names the snapshots folder holds now,
 * and only a name found there is opened. Kept snapshots are never written again, so an open reader stays valid until
 * the build prunes the file; a pruned id is simply no longer listed.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveHome, type VetaHome } from '$warehouse/home.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';

/** What a snapshot id looks like (snapshot-id.ts): 16 hex digits. */
export const SNAPSHOT_ID = /^[0-9a-f]{16}$/;

/**
 * The home a served snapshot file belongs to: `<home>/published.duckdb`, or `<home>/snapshots/<id>.duckdb` when
 * `veta serve --snapshot ID` serves a kept one. Undefined for a file laid out otherwise (then nothing is kept).
 */
export function servedHome(servedFile: string): VetaHome | undefined {
  const file = path.resolve(servedFile);
  const here = resolveHome(path.dirname(file));
  if (here.published === file) return here;
  const above = resolveHome(path.dirname(path.dirname(file)));
  if (above.snapshots === path.dirname(file)) return above;
  return undefined;
}

/** Entries of a folder whose names match `pattern`, sorted; none when the folder does not exist. */
export async function namesIn(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => pattern.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** How many kept snapshots may be open at once besides the served one; the least recently used is closed. */
const OPEN_AT_MOST = 3;

export class KeptSnapshots {
  private readonly open = new Map<string, SnapshotReader>();

  constructor(private readonly dir: string | undefined) {}

  /** Ids of the snapshots kept now, sorted. */
  async ids(): Promise<string[]> {
    if (!this.dir) return [];
    return (await namesIn(this.dir, /^[0-9a-f]{16}\.duckdb$/)).map((name) => name.slice(0, -'.duckdb'.length));
  }

  /** A reader of the kept snapshot `id`, or undefined when no such snapshot is kept. */
  async reader(id: string): Promise<SnapshotReader | undefined> {
    const found = (await this.ids()).find((kept) => kept === id);
    if (!found || !this.dir) {
      // Pruned since it was last read: let go of it.
      this.open.get(id)?.close();
      this.open.delete(id);
      return undefined;
    }
    let reader = this.open.get(found);
    if (reader) {
      this.open.delete(found);
    } else {
      reader = new SnapshotReader(path.join(this.dir, `${found}.duckdb`));
    }
    this.open.set(found, reader);
    for (const [old, stale] of this.open) {
      if (this.open.size <= OPEN_AT_MOST) break;
      // close() waits for the queries still running on it.
      stale.close();
      this.open.delete(old);
    }
    return reader;
  }

  close(): void {
    for (const reader of this.open.values()) reader.close();
    this.open.clear();
  }
}

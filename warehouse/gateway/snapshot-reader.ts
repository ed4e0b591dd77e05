/**
 * Read-only access to the published snapshot for the API.
 *
 * A DuckDB reader that is already open keeps seeing the file it opened even after a new snapshot is renamed over it,
 * so the reader checks the file's identity on every request and opens the new one when it changed. The old instance
 * is closed once the queries still running on it have finished.
 */
import { stat } from 'node:fs/promises';
import { Database, type Params, type Row } from './duckdb.ts';

export interface SnapshotInfo {
  snapshot_id: string;
  built_at: string;
}

export class NoSnapshotError extends Error {
  constructor(readonly path: string) {
    super(`no published snapshot at ${path}: run \`veta build\` (or \`veta demo\`) first`);
    this.name = 'NoSnapshotError';
  }
}

export type SnapshotQuery = <T = Row>(sql: string, params?: Params) => Promise<T[]>;

interface OpenSnapshot {
  identity: string;
  database: Database;
  info: SnapshotInfo;
  inFlight: number;
  retired: boolean;
}

export class SnapshotReader {
  private current: OpenSnapshot | undefined;
  private opening: Promise<OpenSnapshot> | undefined;

  constructor(readonly path: string) {}

  /** Runs a query on the current snapshot and returns its rows with the id of the snapshot that answered. */
  async query<T = Row>(sql: string, params?: Params): Promise<{ rows: T[]; snapshot: SnapshotInfo }> {
    return this.read(async (query, snapshot) => ({ rows: await query<T>(sql, params), snapshot }));
  }

  /** Runs several queries on one snapshot, so a publish in between cannot mix two snapshots in one answer. */
  async read<R>(work: (query: SnapshotQuery, snapshot: SnapshotInfo) => Promise<R>): Promise<R> {
    const snapshot = await this.acquire();
    try {
      return await work((sql, params) => snapshot.database.query(sql, params), snapshot.info);
    } finally {
      this.release(snapshot);
    }
  }

  /** The snapshot that would answer a query now. */
  async info(): Promise<SnapshotInfo> {
    const snapshot = await this.acquire();
    this.release(snapshot);
    return snapshot.info;
  }

  close(): void {
    if (this.current) this.retire(this.current);
    this.current = undefined;
  }

  private async acquire(): Promise<OpenSnapshot> {
    const identity = await fileIdentity(this.path);
    if (identity === undefined) throw new NoSnapshotError(this.path);
    if (this.current?.identity !== identity) {
      // Concurrent requests that notice the same change share one open.
      this.opening ??= this.open(identity).finally(() => (this.opening = undefined));
      const next = await this.opening;
      if (this.current !== next) {
        if (this.current) this.retire(this.current);
        this.current = next;
      }
    }
    const snapshot = this.current;
    snapshot.inFlight += 1;
    return snapshot;
  }

  private release(snapshot: OpenSnapshot): void {
    snapshot.inFlight -= 1;
    if (snapshot.retired && snapshot.inFlight === 0) snapshot.database.close();
  }

  private retire(snapshot: OpenSnapshot): void {
    snapshot.retired = true;
    if (snapshot.inFlight === 0) snapshot.database.close();
  }

  private async open(identity: string): Promise<OpenSnapshot> {
    const database = await Database.open(this.path, { readOnly: true });
    try {
      const [info] = await database.query<{ snapshot_id: string; built_at: string }>(
        `select snapshot_id, strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') as built_at from meta.snapshot`,
      );
      if (!info) throw new Error(`${this.path} has no row in meta.snapshot: it was not published by \`veta build\``);
      return { identity, database, info, inFlight: 0, retired: false };
    } catch (error) {
      database.close();
      throw error;
    }
  }
}

/** Device, inode and modification time: a rename gives a new inode even when the clock has not moved. */
async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const stats = await stat(path);
    return `${stats.dev}:${stats.ino}:${stats.mtimeMs}:${stats.size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

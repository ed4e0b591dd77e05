/**
 * Read-only access to the published snapshot for the API.
 *
 * A DuckDB reader that is already open keeps seeing the file it opened even after a new snapshot is renamed over it,
 * so the reader checks the file's identity on every request and opens the new one when it changed. The old instance
 * is closed once the queries still running on it have finished.
 *
 * Each open snapshot keeps a few connections (sessions) and lends one to each read: one connection runs one statement
 * at a time, so with a single one every request waited behind the slowest (a region profile held up the health
 * check); with several, DuckDB runs them side by side. Reads past the pool's size wait their turn, first come first
 * served.
 */
import { stat } from 'node:fs/promises';
import { Database, type Params, type Row, type Session } from './duckdb.ts';

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

export interface ReaderOptions {
  /** Connections per open snapshot: how many reads run at once (4 by default). */
  connections?: number;
}

interface OpenSnapshot {
  identity: string;
  database: Database;
  info: SnapshotInfo;
  /** Reads that acquired this snapshot and have not finished, those waiting for a session included. */
  inFlight: number;
  retired: boolean;
  idle: Session[];
  sessions: number;
  waiting: ((session: Session) => void)[];
}

export class SnapshotReader {
  private current: OpenSnapshot | undefined;
  private opening: Promise<OpenSnapshot> | undefined;
  private readonly connections: number;

  constructor(
    readonly path: string,
    options: ReaderOptions = {},
  ) {
    this.connections = options.connections ?? 4;
    if (!Number.isInteger(this.connections) || this.connections < 1) throw new Error(`a reader needs at least one connection, not ${options.connections}`);
  }

  /** Runs a query on the current snapshot and returns its rows with the id of the snapshot that answered. */
  async query<T = Row>(sql: string, params?: Params): Promise<{ rows: T[]; snapshot: SnapshotInfo }> {
    return this.read(async (query, snapshot) => ({ rows: await query<T>(sql, params), snapshot }));
  }

  /** Runs several queries on one snapshot, so a publish in between cannot mix two snapshots in one answer. */
  async read<R>(work: (query: SnapshotQuery, snapshot: SnapshotInfo) => Promise<R>): Promise<R> {
    const snapshot = await this.acquire();
    let session: Session | undefined;
    try {
      session = await this.borrow(snapshot);
      const lent = session;
      return await work((sql, params) => lent.query(sql, params), snapshot.info);
    } finally {
      if (session) this.giveBack(snapshot, session);
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
    if (snapshot.retired && snapshot.inFlight === 0) closeSnapshot(snapshot);
  }

  private retire(snapshot: OpenSnapshot): void {
    snapshot.retired = true;
    if (snapshot.inFlight === 0) closeSnapshot(snapshot);
  }

  private async borrow(snapshot: OpenSnapshot): Promise<Session> {
    const idle = snapshot.idle.pop();
    if (idle) return idle;
    if (snapshot.sessions < this.connections) {
      snapshot.sessions += 1;
      try {
        return await snapshot.database.session();
      } catch (error) {
        snapshot.sessions -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => snapshot.waiting.push(resolve));
  }

  private giveBack(snapshot: OpenSnapshot, session: Session): void {
    const next = snapshot.waiting.shift();
    if (next) next(session);
    else snapshot.idle.push(session);
  }

  private async open(identity: string): Promise<OpenSnapshot> {
    const database = await Database.open(this.path, { readOnly: true });
    try {
      const [info] = await database.query<{ snapshot_id: string; built_at: string }>(
        `select snapshot_id, strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') as built_at from meta.snapshot`,
      );
      if (!info) throw new Error(`${this.path} has no row in meta.snapshot: it was not published by \`veta build\``);
      return { identity, database, info, inFlight: 0, retired: false, idle: [], sessions: 0, waiting: [] };
    } catch (error) {
      database.close();
      throw error;
    }
  }
}

/** Once nothing reads a retired snapshot, every session is idle: close them, then the database. */
function closeSnapshot(snapshot: OpenSnapshot): void {
  for (const session of snapshot.idle.splice(0)) session.close();
  snapshot.database.close();
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

/**
 * The one door to DuckDB. Nothing else in Veta imports @duckdb/node-api (the lint config enforces it), so engine
 * settings, value conversion and transactions are decided here once.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A JSON-safe value: BIGINT and DECIMAL arrive as strings, DATE/TIMESTAMP as ISO strings (cast in SQL for numbers). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type Row = Record<string, JsonValue>;
export type Params = Record<string, string | number | boolean | null>;

export interface OpenOptions {
  readOnly?: boolean;
}

/** Rows appended to one table, cell by cell, without SQL: see Database.textAppender. */
export interface TextAppender {
  /** One row, a cell per column of the table in order; null for SQL NULL. */
  appendRow(cells: readonly (string | null)[]): void;
  /** Writes what is still buffered and releases the appender; the rows are in the table once it returns. */
  close(): void;
}

/** A connection of its own to an open database (Database.session): queries on it run beside those on others. */
export interface Session {
  query<T = Row>(sql: string, params?: Params): Promise<T[]>;
  close(): void;
}

export interface ProgressOptions {
  /** How often to ask DuckDB how far it has got, in milliseconds. */
  intervalMs?: number;
}

/**
 * Autoinstall is off: the machine may have no internet, and a silent download attempt costs half a second before it
 * fails. Built-in extensions (parquet, json, icu) are statically linked and need no INSTALL.
 */
const ENGINE_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
} as const;

/**
 * `VETA_MEMORY_LIMIT` (a size such as `4GB`) caps the memory DuckDB uses before it spills to disk. Without it DuckDB
 * takes up to 80 % of the machine's memory, which a machine shared with other work may not have to give.
 */
export const MEMORY_LIMIT_VARIABLE = 'VETA_MEMORY_LIMIT';

function memoryLimit(): Record<string, string> {
  const value = process.env[MEMORY_LIMIT_VARIABLE]?.trim();
  if (!value) return {};
  if (!/^\d+(\.\d+)?\s*([KMGT]i?B|B)$/i.test(value)) {
    throw new Error(`${MEMORY_LIMIT_VARIABLE}="${value}" is not a size: expected a number and a unit, such as 4GB or 512MB`);
  }
  return { memory_limit: value };
}

export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (or creates) a database file. `:memory:` gives a private in-memory database. */
  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const settings: Record<string, string> = { ...ENGINE_OPTIONS, ...memoryLimit() };
    if (options.readOnly) settings.access_mode = 'READ_ONLY';
    // create(), never fromCache(): a cached instance keeps serving the old inode after a snapshot is swapped in.
    const instance = await DuckDBInstance.create(path, settings);
    const connection = await connectTo(instance);
    return new Database(path, instance, connection);
  }

  /** Runs one statement and returns its rows as JSON-safe objects. */
  async query<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return (await reader.getRowObjectsJson()) as T[];
  }

  /** Runs one or more statements, discarding results. */
  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /**
   * Runs a statement like run() (when `sql` holds several, the last one), calling `onProgress` every `intervalMs`
   * (200 by default) while it runs with the fraction done so far, as DuckDB estimates it, and with 1 once it has
   * succeeded. Fractions are within 0..1 and never go back, so a bar never shrinks; the same value may repeat, which
   * lets a reporter show that a slow step is still alive.
   *
   * The statement runs on a worker thread (the pending result's getResult()), so the event loop stays free to poll
   * the connection's progress; stepping it with runTask() instead would run DuckDB's work on the main thread. It uses
   * the same connection, so it takes part in a transaction open on it.
   */
  async runWithProgress(
    sql: string,
    params: Params | undefined,
    onProgress: (fraction: number) => void,
    options: ProgressOptions = {},
  ): Promise<void> {
    const pending = await this.connection.start(sql, params);
    let fraction = 0;
    let failure: { error: unknown } | undefined;
    const report = (value: number) => {
      if (failure) return;
      try {
        onProgress(value);
      } catch (error) {
        // Raised once the statement has ended: throwing now would leave it running with nobody awaiting it.
        failure = { error };
      }
    };
    const timer = setInterval(() => {
      // DuckDB says -1 until it has an estimate (and again once the statement is over). Its estimate can dip when a
      // later pipeline starts, which must not move a bar backwards.
      const { percentage } = this.connection.progress;
      if (percentage >= 0) fraction = Math.max(fraction, Math.min(1, percentage / 100));
      report(fraction);
    }, options.intervalMs ?? 200);
    try {
      await pending.getResult();
    } finally {
      clearInterval(timer);
    }
    report(1);
    if (failure) throw failure.error;
  }

  /**
   * An appender for a table of text columns. Landing goes through read_csv, two to three times faster on a million
   * rows; this is for rows that already live in JavaScript, and for the benchmark's peer that parses a CSV in JavaScript. A row with
   * more or fewer cells than the table has columns is refused before any of its cells is appended: DuckDB would
   * otherwise keep the cells it took, and the next row would start in the middle of this one.
   */
  async textAppender(table: string, schema = 'main'): Promise<TextAppender> {
    const appender = await this.connection.createAppender(table, schema);
    const columns = appender.columnCount;
    return {
      appendRow(cells) {
        if (cells.length !== columns) {
          throw new Error(`${schema}.${table}: a row of ${cells.length} cells, where the table has ${columns} columns`);
        }
        for (const cell of cells) {
          if (cell === null) appender.appendNull();
          else appender.appendVarchar(cell);
        }
        appender.endRow();
      },
      close() {
        appender.closeSync();
      },
    };
  }

  /**
   * Another connection to the same open database. One connection runs one statement at a time: a reader that serves
   * many requests keeps a few, so that a slow query does not hold up a quick one and both cores are used.
   */
  async session(): Promise<Session> {
    const connection = await connectTo(this.instance);
    return {
      async query<T = Row>(sql: string, params?: Params): Promise<T[]> {
        return (await (await connection.runAndReadAll(sql, params)).getRowObjectsJson()) as T[];
      },
      close: () => connection.closeSync(),
    };
  }

  /** Runs `work` inside one transaction: all of it lands, or none of it does. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK');
      throw error;
    }
  }

  /** Tables referenced by a query, as `schema.table` (or bare `table`), from DuckDB's own parser. */
  async referencedTables(sql: string): Promise<string[]> {
    // json_serialize_sql wants a constant, not a bound parameter.
    const [row] = await this.query<{ ast: string }>(`select json_serialize_sql(${quoteLiteral(sql)})::varchar as ast`);
    const ast = JSON.parse(row.ast) as { error: boolean; error_message?: string; statements?: unknown[] };
    if (ast.error) throw new Error(`cannot parse SQL: ${ast.error_message ?? 'unknown parser error'}`);
    return collectBaseTables(ast.statements ?? []);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A connection with the settings every Veta connection has. */
async function connectTo(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  // Timestamps are stored in UTC: casting now() must not depend on the server's zone.
  await connection.run("set TimeZone = 'UTC'");
  // DuckDB tracks a statement's progress only while its progress bar is on, and by default it would also draw that
  // bar on stdout, where `--json` output goes: track it, never draw it (runWithProgress reads it instead). These
  // are connection settings, not instance ones (DuckDBInstance.create refuses them). Tracking costs nothing one can
  // measure: landing a 3-million-row CSV took the same time with it on and off.
  await connection.run('set enable_progress_bar_print = false');
  await connection.run('set enable_progress_bar = true');
  return connection;
}

/** Quotes an identifier for DuckDB (names come from file headers, so never trust them). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal, for the few places (file paths in table functions) where DuckDB takes no parameter. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Walks a serialized parse tree for BASE_TABLE nodes. CTE names are collected per query node and excluded, so a
 * `with sites as (…) select * from sites` does not count `sites` as a dependency.
 */
function collectBaseTables(statements: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, ctes);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    let scope = ctes;
    const cteMap = record.cte_map as { map?: { key: string }[] } | undefined;
    if (cteMap?.map?.length) scope = new Set([...ctes, ...cteMap.map.map((entry) => entry.key.toLowerCase())]);
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') {
      const schema = typeof record.schema_name === 'string' ? record.schema_name : '';
      const table = record.table_name.toLowerCase();
      if (schema || !scope.has(table)) found.add(schema ? `${schema.toLowerCase()}.${table}` : table);
    }
    for (const value of Object.values(record)) visit(value, scope);
  };
  visit(statements, new Set());
  return [...found].sort();
}

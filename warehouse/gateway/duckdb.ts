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

/**
 * Autoinstall is off: the machine may have no internet, and a silent download attempt costs half a second before it
 * fails. Built-in extensions (parquet, json, icu) are statically linked and need no INSTALL.
 */
const ENGINE_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
} as const;

export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (or creates) a database file. `:memory:` gives a private in-memory database. */
  static async open(path: string, options: OpenOptions = {}): Promise<Database> {
    const settings: Record<string, string> = { ...ENGINE_OPTIONS };
    if (options.readOnly) settings.access_mode = 'READ_ONLY';
    // create(), never fromCache(): a cached instance keeps serving the old inode after a snapshot is swapped in.
    const instance = await DuckDBInstance.create(path, settings);
    const connection = await instance.connect();
    // Timestamps are stored in UTC: casting now() must not depend on the server's zone.
    await connection.run("set TimeZone = 'UTC'");
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

/** `GET /health`: which snapshot is served, when it was built, and how many rows each published mart holds. */
import { Hono } from 'hono';
import { quoteIdentifier, quoteLiteral } from '$warehouse/gateway/duckdb.ts';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';

export function healthRoutes(reader: SnapshotReader): Hono {
  return new Hono().get('/health', async (c) => {
    const body = await reader.read(async (query, snapshot) => {
      const marts = await query<{ table_name: string }>(
        `select table_name from duckdb_tables() where schema_name = 'marts' order by table_name`,
      );
      const counts = marts.length
        ? await query<{ name: string; n: number }>(
            marts
              .map(({ table_name: t }) => `select ${quoteLiteral(`marts.${t}`)} as name, count(*)::integer as n from marts.${quoteIdentifier(t)}`)
              .join(' union all '),
          )
        : [];
      return { status: 'ok', ...snapshot, tables: Object.fromEntries(counts.map(({ name, n }) => [name, n])) };
    });
    return c.json(body);
  });
}

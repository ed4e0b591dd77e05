/**
 * Tabular answers as JSON or, when the request asks for it with `Accept: application/vnd.apache.arrow.stream`, as an
 * Arrow IPC stream that pandas, polars, R or DuckDB read with their column types. DuckDB's node API has no Arrow
 * export, so the table is built from the rows the query returned. Either way the snapshot that answered is named in
 * the `Veta-Snapshot-Id` and `Veta-Built-At` headers (an Arrow stream has no room for it beside the table).
 */
import { Bool, Field, Float64, Int32, List, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { Context } from 'hono';
import type { SnapshotFields } from './metrics-types.ts';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export type ArrowColumnType = 'utf8' | 'int32' | 'float64' | 'bool' | 'utf8[]';

const ARROW_TYPES: Record<ArrowColumnType, () => DataType> = {
  utf8: () => new Utf8(),
  int32: () => new Int32(),
  float64: () => new Float64(),
  bool: () => new Bool(),
  'utf8[]': () => new List(new Field('item', new Utf8(), true)),
};

/** Whether the request lists the Arrow stream type in its Accept header (with a q above 0). */
export function wantsArrow(c: Context): boolean {
  return (c.req.header('Accept') ?? '').split(',').some((part) => {
    const [type, ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
    return type === ARROW_STREAM && !parameters.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/**
 * An Arrow table of `rows`, one column per entry of `columns`, in that order. Each column's type is stated rather than
 * inferred (as `tableFromArrays` would): a count column with a withheld (null) value must stay Int32, not become
 * Float64, and strings stay plain Utf8.
 */
export function arrowTable<R extends object>(rows: readonly R[], columns: { [K in keyof R]?: ArrowColumnType }): Table {
  const vectors = Object.fromEntries(
    (Object.entries(columns) as [keyof R & string, ArrowColumnType][]).map(([name, type]) => [
      name,
      vectorFromArray(
        rows.map((row) => row[name] ?? null),
        ARROW_TYPES[type](),
      ),
    ]),
  );
  return new Table(vectors);
}

/** Answers `json` as JSON, or the table `toTable` makes as an Arrow IPC stream when the request asks for Arrow. */
export function tabular(c: Context, snapshot: SnapshotFields, json: object, toTable: () => Table): Response {
  c.header('Veta-Snapshot-Id', snapshot.snapshot_id);
  c.header('Veta-Built-At', snapshot.built_at);
  c.header('Vary', 'Accept');
  if (!wantsArrow(c)) return c.json(json);
  return c.body(tableToIPC(toTable(), 'stream') as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': ARROW_STREAM });
}

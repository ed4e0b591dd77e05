/**
 * What a reader of a given tier may see of a published table, decided by the data dictionary (each column's
 * `sensitivity` and `unit`, each table's grain), never by a list kept in a page or an endpoint. The open-data extracts
 * and the API both select through it, so a figure the public extract withholds is withheld on the portal too:
 * - `public`: tables whose rows are not about one site, producer or person (every column of the grain's key is
 *   public), their public columns only; in a row that counts fewer than the threshold of sites or producers (or does
 *   not say how many) the figures are withheld and `suppressed` is true;
 * - `restricted`: every table, every column but personal ones (names of people, free-text evidence).
 */
import { quoteIdentifier } from '../gateway/duckdb.ts';

export const VIEW_TIERS = ['public', 'restricted'] as const;
export type ViewTier = (typeof VIEW_TIERS)[number];

/** The threshold the public tier suppresses counts under when a snapshot's catalogue does not set one. */
export const DEFAULT_MIN_COUNT = 5;

/** The snapshot's own threshold (catalogue.publication_rules), so an operator changes it as data. */
export const MINIMUM_COUNT_SQL = `select value::integer as n from catalogue.publication_rules where rule_id = 'public.minimum_count'`;

/** The threshold a snapshot sets, or the default for a snapshot built before publication rules existed. */
export async function minimumCountOf(query: <T>(sql: string) => Promise<T[]>): Promise<number> {
  try {
    return (await query<{ n: number }>(MINIMUM_COUNT_SQL))[0]?.n ?? DEFAULT_MIN_COUNT;
  } catch {
    return DEFAULT_MIN_COUNT;
  }
}

/** Units that count entities: a figure resting on fewer of them than the threshold could point at one of them. */
const COUNT_UNITS = new Set(['sites', 'producers']);

/** Numbers that say where a row is drawn, not how much: a generalised place stays on the map when its counts go. */
const POSITION_UNITS = new Set(['degrees (WGS84)']);

export interface DictionaryColumn {
  schema_name: string;
  table_name: string;
  table_description: string;
  grain: string;
  column_name: string;
  column_type: string;
  unit: string | null;
  sensitivity: string | null;
  description: string | null;
}

/** Every published table (marts and catalogue) with its columns, in dictionary order. */
export const DICTIONARY_SQL = `select schema_name, table_name, table_description, grain, column_name, column_type, unit, sensitivity, description
from meta.data_dictionary where schema_name in ('marts', 'catalogue') order by schema_name desc, table_name, position`;

export interface TableView {
  /** `schema.table`. */
  table: string;
  description: string;
  grain: string;
  /** The columns the tier sees, in dictionary order. */
  columns: DictionaryColumn[];
  /** Whether the view adds a `suppressed` column (public tier, rows that count sites or producers). */
  suppressible: boolean;
  /** `select … from schema.table`: the visible columns, figures withheld where the counts are too small. */
  sql: string;
}

export interface WithheldTable {
  table: string;
  reason: string;
}

/** The key columns a grain names in parentheses: `one row per site (site_id)` → site_id. */
export function grainKey(grain: string): string[] {
  const inside = /\(([^)]*)\)\s*$/.exec(grain)?.[1] ?? '';
  return inside.split(',').map((c) => c.trim()).filter(Boolean);
}

/** Whether a DuckDB type holds a figure (the kind of value suppression withholds). */
function isFigure(duckdbType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DOUBLE|FLOAT|REAL|DECIMAL)/i.test(duckdbType);
}

/** Groups dictionary rows by table. */
export function tablesOf(dictionary: readonly DictionaryColumn[]): Map<string, DictionaryColumn[]> {
  const tables = new Map<string, DictionaryColumn[]>();
  for (const column of dictionary) {
    const table = `${column.schema_name}.${column.table_name}`;
    tables.set(table, [...(tables.get(table) ?? []), column]);
  }
  return tables;
}

/** What `tier` sees of one table, or why it sees nothing of it. */
export function tableView(columns: readonly DictionaryColumn[], tier: ViewTier, minCount = DEFAULT_MIN_COUNT): TableView | WithheldTable {
  const [{ schema_name: schema, table_name: name, grain, table_description: description }] = columns;
  const table = `${schema}.${name}`;
  const visible = columns.filter((c) => (tier === 'public' ? c.sensitivity === 'public' : c.sensitivity !== 'personal'));
  const key = grainKey(grain);
  if (tier === 'public') {
    const hidden = key.filter((k) => !visible.some((c) => c.column_name === k));
    if (hidden.length) return { table, reason: `its rows are about one ${hidden.join(', ')}, which only restricted tiers see` };
  }
  const counts = tier === 'public' ? visible.filter((c) => COUNT_UNITS.has(c.unit ?? '')) : [];
  // A count that is missing cannot vouch for the figures beside it: they are withheld too.
  const withheld = counts.map((k) => `coalesce(${quoteIdentifier(k.column_name)} < ${Math.trunc(minCount)}, true)`).join(' or ');
  const select = visible.map((c) => {
    const q = quoteIdentifier(c.column_name);
    if (!counts.length || key.includes(c.column_name) || !isFigure(c.column_type) || POSITION_UNITS.has(c.unit ?? '')) return q;
    return `case when ${withheld} then null else ${q} end as ${q}`;
  });
  if (counts.length) select.push(`${withheld} as suppressed`);
  return {
    table,
    description,
    grain,
    columns: visible,
    suppressible: counts.length > 0,
    sql: `select ${select.join(', ')} from ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`,
  };
}

export function isWithheld(view: TableView | WithheldTable): view is WithheldTable {
  return 'reason' in view && !('sql' in view);
}

/**
 * What a reader of a given tier may see of a published table, decided by the data dictionary (each column's
 * `sensitivity` and `unit`, each table's grain), never by a list kept in a page or an endpoint. The open-data extracts
 * and the API both select through it, so a figure the public extract withholds is withheld on the portal too:
 * - `public`: tables whose rows are not about one site, producer or person (every column of the grain's key is
 *   public), their public columns only; in a row that counts fewer than the threshold of sites or producers (or does
 *   not say how many) all but its key, its place, its map position and its edition's day is withheld and
 *   `suppressed` is true;
 *   the publication lag (catalogue.publication_rules) holds back the recent past: yearly figures reach the public
 *   tier only for years that ended before the as-of date less the lag, and tables of the present, which come in two
 *   editions (an `edition` column in their key), show it the `public` edition, as of that day; so a finding reaches
 *   buyers and implementers before the public;
 * - `restricted`: every table, every column but personal ones (names of people, free-text evidence), and the
 *   `current` edition of the present.
 */
import { quoteIdentifier } from '../gateway/duckdb.ts';

export const VIEW_TIERS = ['public', 'restricted'] as const;
export type ViewTier = (typeof VIEW_TIERS)[number];

/** The threshold the public tier suppresses counts under when a snapshot's catalogue does not set one. */
export const DEFAULT_MIN_COUNT = 5;

/** The public tier's protections in one snapshot (catalogue.publication_rules), so an operator changes them as data. */
export interface PublicationRules {
  /** Figures resting on fewer sites or producers than this are withheld. */
  minCount: number;
  /**
   * Years the public may see end on or before this day (YYYY-MM-DD): the snapshot's as-of date less the publication
   * lag. Null when the snapshot sets no lag.
   */
  publicUntil: string | null;
}

export const DEFAULT_RULES: PublicationRules = { minCount: DEFAULT_MIN_COUNT, publicUntil: null };

const RULES_SQL = `select
    (select value::integer from catalogue.publication_rules where rule_id = 'public.minimum_count') as min_count,
    (select strftime(as_of_date - to_months(value::integer), '%Y-%m-%d')
     from catalogue.publication_rules, intermediate.int_as_of_dates_chosen where rule_id = 'public.lag_months') as public_until`;

/** A snapshot's rules, or the defaults for a snapshot built before publication rules existed. */
export async function publicationRulesOf(query: <T>(sql: string) => Promise<T[]>): Promise<PublicationRules> {
  try {
    const [row] = await query<{ min_count: number | null; public_until: string | null }>(RULES_SQL);
    return { minCount: row?.min_count ?? DEFAULT_MIN_COUNT, publicUntil: row?.public_until ?? null };
  } catch {
    return DEFAULT_RULES;
  }
}

/** Units that count entities: a figure resting on fewer of them than the threshold could point at one of them. */
const COUNT_UNITS = new Set(['sites', 'producers']);

/** Columns that name the place a row is about, which its key holds or implies (a place id, a region's code). */
const PLACE_COLUMNS = new Set(['country_code', 'admin1_code']);

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
  /** The count under which the view withholds figures; null when it withholds none. */
  minCount: number | null;
  /** The last day of the last year the view shows (the publication lag); null when it shows every year. */
  yearsUntil: string | null;
  /** The edition of a table of the present the view shows (`edition` in its key); null for other tables. */
  edition: 'public' | 'current' | null;
  /** `select … from schema.table`: the visible columns, figures withheld where the counts are too small. */
  sql: string;
}

/** The editions of a table of the present (its `edition` column), and the one each tier reads. */
export const EDITION_OF_TIER: Record<ViewTier, 'public' | 'current'> = { public: 'public', restricted: 'current' };

export interface WithheldTable {
  table: string;
  reason: string;
}

/** The key columns a grain names in parentheses: `one row per site (site_id)` → site_id. */
export function grainKey(grain: string): string[] {
  const inside = /\(([^)]*)\)\s*$/.exec(grain)?.[1] ?? '';
  return inside.split(',').map((c) => c.trim()).filter(Boolean);
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
export function tableView(columns: readonly DictionaryColumn[], tier: ViewTier, rules: PublicationRules = DEFAULT_RULES): TableView | WithheldTable {
  const { minCount, publicUntil } = rules;
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
  // In a withheld row only what says which row it is and where it is drawn stays: its key, its place and its map
  // position. Everything else goes, text and dates as well as figures: the requirement most at risk or the day of
  // the latest assessment at a place of three sites describes one of them as surely as a count does.
  // In a table of editions the as-of date is the edition's, the same on every row of it, so it stays too.
  const editionDate = (c: DictionaryColumn) => c.column_name === 'as_of_date' && key.includes('edition');
  const stays = (c: DictionaryColumn) =>
    key.includes(c.column_name) || PLACE_COLUMNS.has(c.column_name) || POSITION_UNITS.has(c.unit ?? '') || editionDate(c);
  const select = visible.map((c) => {
    const q = quoteIdentifier(c.column_name);
    if (!counts.length || stays(c)) return q;
    return `case when ${withheld} then null else ${q} end as ${q}`;
  });
  if (counts.length) select.push(`${withheld} as suppressed`);
  // The publication lag: a year reaches the public once it ended before the as-of date less the lag. The date is the
  // snapshot's own, never a request's, and checked to be a date before it is written into the SQL.
  const year = visible.find((c) => c.column_name === 'year' && c.unit === 'year' && key.includes('year'));
  const lagged = tier === 'public' && year && publicUntil && /^\d{4}-\d\d-\d\d$/.test(publicUntil);
  // One edition per tier, so a reader never sees a place twice and the public never sees the current edition.
  const edition = key.includes('edition') && visible.some((c) => c.column_name === 'edition') ? EDITION_OF_TIER[tier] : null;
  const conditions = [
    ...(lagged ? [`make_date(year::integer, 12, 31) <= date '${publicUntil}'`] : []),
    ...(edition ? [`edition = '${edition}'`] : []),
  ];
  const where = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  return {
    table,
    description,
    grain,
    columns: visible,
    suppressible: counts.length > 0,
    minCount: counts.length > 0 ? minCount : null,
    yearsUntil: lagged ? publicUntil : null,
    edition,
    sql: `select ${select.join(', ')} from ${quoteIdentifier(schema)}.${quoteIdentifier(name)}${where}`,
  };
}

export function isWithheld(view: TableView | WithheldTable): view is WithheldTable {
  return 'reason' in view && !('sql' in view);
}

/**
 * The published tables as a tier sees them (`warehouse/publish/tier-view.ts`): routes select from `view.sql` instead
 * of a table, so a column or a small count the tier may not see never reaches a response. The dictionary and the
 * snapshot's minimum count (catalogue.publication_rules) are read once per snapshot.
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import {
  DICTIONARY_SQL,
  isWithheld,
  minimumCountOf,
  tablesOf,
  tableView,
  type DictionaryColumn,
  type TableView,
} from '$warehouse/publish/tier-view.ts';
import { viewTierOf, type AccessTier } from './access.ts';

interface Dictionary {
  tables: Map<string, DictionaryColumn[]>;
  minCount: number;
}

const dictionaries = new Map<string, Promise<Dictionary>>();

async function dictionaryOf(query: SnapshotQuery, snapshot: SnapshotInfo): Promise<Dictionary> {
  let tables = dictionaries.get(snapshot.snapshot_id);
  if (!tables) {
    tables = Promise.all([query<DictionaryColumn>(DICTIONARY_SQL), minimumCountOf(query)]).then(([rows, minCount]) => ({
      tables: tablesOf(rows),
      minCount,
    }));
    // Only the snapshots being served matter; a long-running server does not keep every dictionary it ever read.
    if (dictionaries.size > 4) dictionaries.clear();
    dictionaries.set(snapshot.snapshot_id, tables);
  }
  return tables;
}

/** Thrown when a tier asks for a table it may not read; the app answers 403 with the reason. */
export class TableWithheldError extends Error {
  override name = 'TableWithheldError';
}

/** What `tier` sees of `table` (`schema.table`) in this snapshot; throws TableWithheldError when it sees nothing. */
export async function viewFor(query: SnapshotQuery, snapshot: SnapshotInfo, table: string, tier: AccessTier): Promise<TableView> {
  const { tables, minCount } = await dictionaryOf(query, snapshot);
  const columns = tables.get(table);
  if (!columns) throw new Error(`${table} is not in the data dictionary of snapshot ${snapshot.snapshot_id}`);
  const view = tableView(columns, viewTierOf(tier), minCount);
  if (isWithheld(view)) throw new TableWithheldError(`${table}: ${view.reason}`);
  return view;
}

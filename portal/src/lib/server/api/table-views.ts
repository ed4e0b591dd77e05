/**
 * The published tables as a tier sees them (`warehouse/publish/tier-view.ts`): routes select from `view.sql` instead
 * of a table, so a column, a small count or a year the tier may not see never reaches a response. The dictionary and
 * the snapshot's publication rules (minimum count, lag) are read once per snapshot.
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import {
  DICTIONARY_SQL,
  isWithheld,
  publicationRulesOf,
  tablesOf,
  tableView,
  type DictionaryColumn,
  type PublicationRules,
  type TableView,
} from '$warehouse/publish/tier-view.ts';
import { viewTierOf, type AccessTier } from './access.ts';

interface Dictionary {
  tables: Map<string, DictionaryColumn[]>;
  rules: PublicationRules;
}

const dictionaries = new Map<string, Promise<Dictionary>>();

async function dictionaryOf(query: SnapshotQuery, snapshot: SnapshotInfo): Promise<Dictionary> {
  let tables = dictionaries.get(snapshot.snapshot_id);
  if (!tables) {
    tables = Promise.all([query<DictionaryColumn>(DICTIONARY_SQL), publicationRulesOf(query)]).then(([rows, rules]) => ({
      tables: tablesOf(rows),
      rules,
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
  const { tables, rules } = await dictionaryOf(query, snapshot);
  const columns = tables.get(table);
  if (!columns) throw new Error(`${table} is not in the data dictionary of snapshot ${snapshot.snapshot_id}`);
  const view = tableView(columns, viewTierOf(tier), rules);
  if (isWithheld(view)) throw new TableWithheldError(`${table}: ${view.reason}`);
  return view;
}

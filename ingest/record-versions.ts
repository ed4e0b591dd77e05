/**
 * Which version of a record is current. Raw tables keep every version of a record that ever landed (an edited
 * submission, a corrected ledger row); the models read only the row marked `_is_current`, decided here, once:
 *
 * 1. a version that another version of the record names as its predecessor (`meta/deprecatedID`, written when a
 *    submission is edited) is never current;
 * 2. of the others, the one edited most (ODK Central's `Edits` count), then the one landed last, then the lower row
 *    of the file.
 *
 * So an older export ingested after a newer one does not undo an edit, whenever the export says which came first.
 * A repeat group's rows (improvement actions) follow their submission: current are the rows of the submission's most
 * preferred version that came with its repeats (a workbook or an ODK export: `meta.repeat_versions`), so an edit
 * that removes one action, or all of them, removes them; a CSV export, which has no repeats, says nothing about them
 * and does not hide the actions of the version before it.
 */
import { quoteIdentifier, quoteLiteral, type Database } from '../warehouse/gateway/duckdb.ts';
import { ODK_ROOT_METADATA } from './odk/odk-export-columns.ts';

/** Columns an export tool writes about the export rather than the record; they change from one export to the next. */
const EXPORT_METADATA = new Set<string>([...ODK_ROOT_METADATA, 'PARENT_KEY', 'SubmissionDate']);

/**
 * A row's version when the file names none: a hash of its non-empty cells, taken in column-name order so a re-export
 * with reordered or added empty columns gives the same version. Export metadata (Kobo's `_index` and other `_`
 * columns, ODK Central's trailing columns) is left out, so the same record from two exports or tools is one version.
 */
export function contentHash(columns: string[]): string {
  const hashed = columns.filter((c) => !c.startsWith('_') && !EXPORT_METADATA.has(c)).sort();
  if (hashed.length === 0) return `md5('')`;
  // One lambda over the zipped names and cells, not one CASE per column: DuckDB binds a call with a CASE argument per
  // column in time that grows with the square of their number (seconds for a 2,000-column export), a lambda in one
  // pass. Same text as `concat_ws(chr(30), <name> || chr(31) || <cell> for each non-empty cell)`, so the same hash.
  const names = hashed.map(quoteLiteral).join(', ');
  const cells = hashed.map(quoteIdentifier).join(', ');
  return (
    `md5(array_to_string(list_filter(list_transform(list_zip([${names}], [${cells}]), ` +
    `named -> case when nullif(trim(named[2]), '') is not null then named[1] || chr(31) || named[2] end), ` +
    `part -> part is not null), chr(30)))`
  );
}

/** Every version of the records a batch touched (all records without a batch), ranked: position 1 is current. */
function rankedVersions(table: string, lineageKey: string, touched?: string): string {
  const target = `raw.${quoteIdentifier(table)}`;
  const key = quoteIdentifier(lineageKey);
  return `
    select rid, record_key, record_version, row_number() over (
               partition by record_key
               order by is_superseded, edit_count desc nulls last, landed_at desc nulls last, source_row desc
           ) as position
    from (
        select version.rowid as rid, version.${key} as record_key, version._record_version as record_version,
               version._edit_count as edit_count, version._landed_at as landed_at, version._source_row as source_row,
               exists (
                   select 1 from ${target} as newer
                   where newer.${key} = version.${key} and newer._supersedes_version = version._record_version
                     and newer.rowid <> version.rowid
               ) as is_superseded
        from ${target} as version
        ${touched ? `where version.${key} in (${touched})` : ''}
    )`;
}

/** Sets `_is_current` for the records a batch touched, or for all of them. */
export async function markCurrent(db: Database, table: string, lineageKey: string, batchId?: string): Promise<void> {
  const target = `raw.${quoteIdentifier(table)}`;
  const key = quoteIdentifier(lineageKey);
  // Rows land current; only records a batch gave a second version need ranking, which keeps a first landing cheap.
  const touched = batchId
    ? `select ${key} from ${target} where ${key} in (select ${key} from ${target} where _batch_id = $batch)
       group by ${key} having count(*) > 1`
    : undefined;
  await db.run(
    `update ${target} set _is_current = ranked.position = 1
     from (${rankedVersions(table, lineageKey, touched)}) as ranked
     where ${target}.rowid = ranked.rid`,
    batchId ? { batch: batchId } : {},
  );
}

/** A repeat table and the table of the submissions its rows belong to. */
export interface RepeatLink {
  table: string;
  parentTable: string;
  parentLineageKey: string;
}

/**
 * Sets `_is_current` on a repeat table's rows from their submission (`_parent_key`, `_record_version` = the
 * submission's version they came with), for the submissions a batch touched in either table.
 */
export async function markRepeatCurrent(db: Database, link: RepeatLink, batchId: string): Promise<void> {
  const repeat = `raw.${quoteIdentifier(link.table)}`;
  const parent = `raw.${quoteIdentifier(link.parentTable)}`;
  const parentKey = quoteIdentifier(link.parentLineageKey);
  const touched = `select _parent_key from ${repeat} where _batch_id = $batch
                   union select ${parentKey} from ${parent} where _batch_id = $batch`;
  await db.run(
    `update ${repeat} set _is_current = ${repeat}._record_version = chosen.record_version
     from (
         select record_key, arg_min(record_version, position) as record_version
         from (${rankedVersions(link.parentTable, link.parentLineageKey, touched)}) as ranked
         where exists (
             select 1 from ${repeat} as row
             where row._parent_key = ranked.record_key and row._record_version = ranked.record_version
         ) or exists (
             select 1 from meta.repeat_versions as came
             where came.table_name = $table and came.parent_key = ranked.record_key
               and came.parent_version = ranked.record_version
         )
         group by record_key
     ) as chosen
     where ${repeat}._parent_key = chosen.record_key`,
    { batch: batchId, table: link.table },
  );
}

/**
 * Lands one delimited file into its raw table. DuckDB parses the file (every cell as text, so nothing is lost to
 * type guessing); rows it cannot parse go to the rejects with the line DuckDB found them on; rows without their key
 * (a submission uuid, a sale id …) are rejected; rows whose key and version already landed, or that come twice in
 * the file, are counted as duplicates.
 *
 * Lineage columns: `_batch_id`, `_file_hash`, `_source_row` (the record's row in the file, the header being row 1:
 * the row number a spreadsheet shows), the row's key (`_submission_uuid` for survey exports, `_record_key` for
 * partner feeds and ledgers), `_record_version`, `_supersedes_version`, `_landed_at` and `_is_current`.
 *
 * Versions: an edited submission keeps its key (its first uuid: KoboToolbox gives an edit a new `_uuid` and keeps the
 * first in `meta/rootUuid`) but gets a new instance id (`meta/instanceID`); a feed row re-sent with changed cells
 * keeps its key but not its content, so feeds are versioned by a hash of their non-empty cells; a repeat group's rows
 * are versioned by the version of the submission they came with. A new version is kept beside the earlier ones
 * (history); which one is current is decided in record-versions.ts.
 */
import { stat } from 'node:fs/promises';
import { quoteIdentifier, quoteLiteral, type Database } from '../warehouse/gateway/duckdb.ts';
import { uniqueNames, type CsvHeader } from './csv-header.ts';
import { IngestError } from './errors.ts';
import { noProgress, type Progress } from './progress.ts';
import { spreadsheetColumnSql } from './spreadsheet-column.ts';
import { contentHash, markCurrent } from './record-versions.ts';

export interface LandingCounts {
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_duplicate: number;
  /** Of the rows loaded, those that are a new version of a record landed before (an edited submission). */
  rows_superseding: number;
  /**
   * Of the duplicates, those matching a version that is no longer current (an older file again, or a correction
   * reverted to an earlier value): the current version is kept, and the summary says so.
   */
  rows_older_version: number;
}

/** Which column identifies a record, and the lineage column it is kept in. */
export interface RecordKey {
  column: string;
  lineage: '_submission_uuid' | '_record_key';
  /** Further columns that, with `column`, identify a record (a feed with one row per unit and period). */
  also?: string[];
  /** A prefix the key carries in this dialect only (ODK Central writes `uuid:…`), dropped so tools agree. */
  stripPrefix?: string;
  /**
   * The column that names the record's version (survey exports: `meta/instanceID`, new at every edit). Without one
   * (partner feeds), a hash of the row's non-empty cells is its version.
   */
  version?: string;
  /** The column that names the version this one replaces (survey exports: `meta/deprecatedID`), when present. */
  supersedes?: string;
  /** A column whose value, when there is one, is the key instead (KoboToolbox's `meta/rootUuid`, the first uuid). */
  root?: string;
  /** The column counting the record's edits (ODK Central's `Edits`): the higher count is the newer version. */
  edits?: string;
}

/**
 * The rows of a repeat group, landed after their submissions in the same file: `column` holds the submission's
 * uuid as the file gives it (`_submission__uuid`, ODK's `PARENT_KEY`).
 */
export interface RepeatOf {
  column: string;
}

export interface LandingInput {
  file: string;
  fileName: string;
  fileHash: string;
  batchId: string;
  header: CsvHeader;
  table: string;
  key: RecordKey;
  /** ODK Central leaves trailing empty cells out of its rows: pad short rows with empty cells instead of rejecting. */
  padShortRows?: boolean;
  /** Column names to read the file with instead of its header's (headers put back to Veta's paths). */
  names?: string[];
  /** Set for a repeat group's rows: they take their submission's key and version from the part landed before. */
  repeatOf?: RepeatOf;
  /** Set for submissions whose repeat groups land next: keep what those need to find their submission. */
  hasRepeats?: boolean;
  /** The empty lines of the file (text-encoding.ts), which DuckDB skips but counts. */
  blankLines?: number[];
  /** Where reading a long file reports how far it has got. */
  progress?: Progress;
  /** Rows the reader refused before DuckDB saw them (their lines are empty in the file): rejects as they are. */
  refused?: RefusedRow[];
}

/** A row refused by the reader that wrote the file DuckDB reads (a workbook's sheet), with where and why. */
export interface RefusedRow {
  line: number;
  column: string;
  rawLine: string;
  reason: string;
}

/**
 * The widest file that lands. DuckDB keeps a row of a table within one 256 KiB block, 16 bytes a text cell, so about
 * 16,380 columns fit; a raw table adds its ten lineage columns to the file's.
 */
export const MAX_COLUMNS = 16_000;

export async function landCsv(db: Database, input: LandingInput): Promise<LandingCounts> {
  const { key } = input;
  const prefix = key.stripPrefix ? quoteLiteral(key.stripPrefix) : null;
  const stripped = (column: string) => {
    const cell = `trim(${quoteIdentifier(column)})`;
    return prefix ? `(case when starts_with(${cell}, ${prefix}) then substr(${cell}, length(${prefix}) + 1) else ${cell} end)` : cell;
  };
  const lineageKey = key.lineage;
  const target = `raw.${quoteIdentifier(input.table)}`;
  const width = (input.names ?? input.header.columns).length;
  if (width > MAX_COLUMNS) {
    throw new IngestError(
      input.fileName,
      `line 1: the header names ${width.toLocaleString('en')} columns; Veta lands at most ${MAX_COLUMNS.toLocaleString('en')} ` +
        '(a spreadsheet holds 16,384): split the file, or export fewer questions',
    );
  }
  // Column names as DuckDB reads them (`name_1` for a second `Name`), without empty unnamed ones.
  const names = readNames(input);
  const columns = await withoutEmptyUnnamed(db, input, names);
  const lineageNamed = columns.find((c) => LINEAGE_COLUMNS.includes(c) || c === key.lineage);
  if (lineageNamed) {
    throw new IngestError(
      input.fileName,
      `line 1: the header has a column "${lineageNamed}", a name Veta keeps for a row's lineage: this looks like a table ` +
        'exported from Veta itself; send the original export instead',
    );
  }
  const has = (column: string | undefined): column is string => column !== undefined && columns.includes(column);
  const ownKey = has(key.root) ? `coalesce(nullif(${stripped(key.root)}, ''), ${stripped(key.column)})` : stripped(key.column);
  const keyColumn = key.also?.length
    ? // Empty parts stay in place (concat_ws would drop them and let two records share a key).
      `case when nullif(${ownKey}, '') is not null then concat_ws('|', ${[ownKey, ...key.also.map((c) => (has(c) ? `coalesce(${stripped(c)}, '')` : "''"))].join(', ')}) end`
    : ownKey;
  const link = input.repeatOf && has(input.repeatOf.column) ? stripped(input.repeatOf.column) : 'null';
  const versionColumn = has(key.version)
    ? `nullif(${stripped(key.version)}, '')`
    : input.repeatOf
      ? // A repeat row is the version of the submission it came with (submission_versions, below).
        `coalesce(submission.__submission_version, ${contentHash(columns)})`
      : contentHash(columns);

  await ensureColumns(db, input.table, lineageKey, columns);
  // Keys and versions landed before this file, to tell duplicates from new versions; none in a new table.
  const [{ prior }] = await db.query<{ prior: boolean }>(`select exists (select 1 from ${target}) as prior`);
  if (prior) {
    await db.run(
      `create or replace temp table known as
       select ${lineageKey} as record_key, coalesce(_record_version, '') as record_version, bool_or(_is_current) as is_current
       from ${target} group by all`,
    );
  }
  const batch = { batch: input.batchId };
  const thisBatch = `${target}.${quoteIdentifier('_batch_id')} = $batch`;

  // Every record of the file goes straight to the raw table, numbered in file order as DuckDB reads it: memory stays
  // flat however long the file. What is not to stay is taken out below, by key: rows without one go to the rejects,
  // and rows landed before come only as their key (and the key cell repeats link by), to be counted and removed.
  const cell = (column: string) =>
    prior && column !== key.column ? `case when known.record_key is null then file.${quoteIdentifier(column)} end` : `file.${quoteIdentifier(column)}`;
  await db.run('drop table if exists csv_rejects; drop table if exists csv_scans');
  await withProgress(input, (onProgress) =>
    db.runWithProgress(
      `insert into ${target} by name
       select $batch as _batch_id, $hash as _file_hash, (file.__ordinal + 1)::integer as _source_row,
              coalesce(file.__key, '') as ${lineageKey}, nullif(file.__version, '') as _record_version,
              file.__supersedes as _supersedes_version, file.__edits as _edit_count, file.__parent_key as _parent_key,
              now()::timestamp as _landed_at, ${prior ? 'case when known.record_key is null then true end' : 'true'} as _is_current,
              ${columns.map((c) => `${cell(c)} as ${quoteIdentifier(c)}`).join(', ')}
       from (
           select *, nullif(${keyColumn}, '') as __key, coalesce(${versionColumn}, '') as __version,
                  ${has(key.supersedes) ? `nullif(${stripped(key.supersedes)}, '')` : 'null'} as __supersedes,
                  ${has(key.edits) ? `try_cast(trim(${quoteIdentifier(key.edits)}) as integer)` : 'null::integer'} as __edits,
                  ${input.repeatOf ? 'submission.__submission_key' : 'null'} as __parent_key
           from (select row_number() over () as __ordinal, * from ${readCsvSql(input, names, { rejects: true })}) as numbered
           ${input.repeatOf ? `left join submission_versions as submission on submission.__link = ${link}` : ''}
       ) as file
       ${prior ? 'left join known on known.record_key = file.__key and known.record_version = file.__version' : ''}`,
      { ...batch, hash: input.fileHash },
      onProgress,
    ),
  );

  const [{ parsed }] = await db.query<{ parsed: number }>(`select count(*)::integer as parsed from ${target} where ${thisBatch}`, batch);
  const refused = input.refused ?? [];
  await placeRows(db, target, input.batchId, [...(input.blankLines ?? []), ...refused.map((row) => row.line)]);

  // The row as the file had it, put back together from its cells (DuckDB keeps the text only of rows it could not read).
  // One lambda over the cells rather than a CASE per column, which DuckDB binds in time growing with their square.
  const rawLine =
    `array_to_string(list_transform([${columns.map(quoteIdentifier).join(', ')}], ` +
    `cell -> case when cell is null then '' else '"' || replace(cell, '"', '""') || '"' end), ${quoteLiteral(input.header.delimiter)})`;
  await db.run(
    `insert into meta.ingest_rejects
     -- A cell past the header's last has no name: the column is named as a spreadsheet shows it.
     select $batch, $name, line::integer, coalesce(column_name, ${spreadsheetColumnSql('column_idx')}), csv_line,
            'DuckDB could not read this row: ' || error_message
     from csv_rejects
     -- One reject per row: a short row gives an error for each cell it lacks, the first one says it.
     qualify row_number() over (partition by line order by byte_position, column_idx) = 1
     union all
     select $batch, $name, _source_row, $keyName, ${rawLine}, $reason
     from ${target} where ${thisBatch} and ${lineageKey} = ''
     union all
     select $batch, $name, refused.line, refused.column, refused.rawLine, refused.reason
     from (select unnest(from_json($refused, '[{"line": "integer", "column": "varchar", "rawLine": "varchar", "reason": "varchar"}]')) as refused)`,
    {
      ...batch,
      refused: JSON.stringify(refused),
      name: input.fileName,
      keyName: key.column,
      reason: `no ${key.lineage === '_submission_uuid' ? 'submission uuid' : 'record key'}: the ${key.column} cell is empty`,
    },
  );
  const [{ missingKey, rejectedLines }] = await db.query<{ missingKey: number; rejectedLines: number }>(
    `select (select count(*) from ${target} where ${thisBatch} and ${lineageKey} = '')::integer as missingKey,
            (select count(distinct line) from csv_rejects)::integer as rejectedLines`,
    batch,
  );
  if (missingKey > 0) await db.run(`delete from ${target} where ${thisBatch} and ${lineageKey} = ''`, batch);

  if (input.hasRepeats) {
    // What the repeat groups landed after this part need: each submission's uuid in the file, key and version, for
    // every row with a key, those landed before included.
    await db.run(
      `create or replace temp table submission_versions as
       select distinct on (__link) ${stripped(key.column)} as __link, ${lineageKey} as __submission_key,
              coalesce(_record_version, '') as __submission_version
       from ${target} where ${thisBatch} order by __link, _source_row`,
      batch,
    );
  }

  // Duplicates, counted on their own so the accounting below is a check, not a remainder: records landed before (the
  // same key and version), and records twice in this file (two exports pasted together), which land once.
  let landedBefore = 0;
  let olderVersion = 0;
  if (prior) {
    [{ landedBefore, olderVersion }] = await db.query<{ landedBefore: number; olderVersion: number }>(
      `select count(*)::integer as landedBefore, count(*) filter (not known.is_current)::integer as olderVersion
       from ${target} join known
           on known.record_key = ${target}.${lineageKey} and known.record_version = coalesce(${target}._record_version, '')
       where ${thisBatch} and ${target}._is_current is null`,
      batch,
    );
    if (landedBefore > 0) await db.run(`delete from ${target} where ${thisBatch} and _is_current is null`, batch);
  }
  // Counted on the hashes of keys and versions first, a tenth of the memory of the texts at a million rows: distinct
  // hashes are distinct records, and only a file with a repeat (or two records whose hashes meet) is counted again.
  const [{ repeatedHashes, repeatedKeys }] = await db.query<{ repeatedHashes: number; repeatedKeys: number }>(
    `select (count(*) - count(distinct hash(${lineageKey}, coalesce(_record_version, ''))))::integer as repeatedHashes,
            (count(*) - count(distinct hash(${lineageKey})))::integer as repeatedKeys
     from ${target} where ${thisBatch}`,
    batch,
  );
  const [{ repeated }] =
    repeatedHashes === 0
      ? [{ repeated: 0 }]
      : await db.query<{ repeated: number }>(
          `select (count(*) - count(distinct (${lineageKey}, coalesce(_record_version, ''))))::integer as repeated
           from ${target} where ${thisBatch}`,
          batch,
        );
  if (repeated > 0) {
    // The first of each keeps its place; the window sees keys and row numbers only, not the rows.
    await db.run(
      `delete from ${target} where rowid in (
           select rowid from ${target} where ${thisBatch}
           qualify row_number() over (partition by ${lineageKey}, coalesce(_record_version, '') order by _source_row) > 1
       )`,
      batch,
    );
  }

  const [counts] = await db.query<{ loaded: number; superseding: number }>(
    `select count(*)::integer as loaded,
            ${prior ? `count(*) filter (${lineageKey} in (select record_key from known))` : '0'}::integer as superseding
     from ${target} where ${thisBatch}`,
    batch,
  );
  await db.run('drop table if exists known; drop table csv_rejects; drop table csv_scans');
  // Rows land current: only a record with a second version (landed before, or in this file) needs ranking.
  if (counts.superseding > 0 || repeatedKeys > 0) await markCurrent(db, input.table, lineageKey, input.batchId);
  const result = {
    rows_read: parsed + rejectedLines + refused.length,
    rows_loaded: counts.loaded,
    rows_rejected: rejectedLines + missingKey + refused.length,
    rows_duplicate: landedBefore + repeated,
    rows_superseding: counts.superseding,
    rows_older_version: olderVersion,
  };
  // Every row read is loaded, rejected or a duplicate; if not, the file must not land (the transaction rolls back).
  if (result.rows_read !== result.rows_loaded + result.rows_rejected + result.rows_duplicate) {
    throw new Error(
      `the rows do not add up (${result.rows_read} read, ${result.rows_loaded} loaded, ${result.rows_rejected} rejected, ` +
        `${result.rows_duplicate} duplicate): nothing of the file was landed; please report this`,
    );
  }
  return result;
}

/**
 * Gives the batch's rows their line in the file. They landed numbered as DuckDB read them, the n-th row read as line
 * n + 1, but DuckDB skips lines (empty ones, and those it cannot read) and counts them: with the skipped lines
 * s₁ < s₂ < … (the header is line 1), the n-th row read is on line n + 1 + k, k being how many j have s_j − j ≤ n.
 * An as-of join finds k for every row at once; a file with no skipped line is left as it landed.
 */
async function placeRows(db: Database, target: string, batchId: string, blankLines: readonly number[] = []): Promise<void> {
  const [{ lines }] = await db.query<{ lines: string }>(
    `select to_json(coalesce(list(distinct line order by line), [])::bigint[])::varchar as lines
     from (select line from csv_rejects union all select unnest(from_json($blank, '["bigint"]')) as line)
     where line > 1`,
    { blank: JSON.stringify(blankLines) },
  );
  if (lines === '[]') return;
  await db.run(
    `update ${target} set _source_row = ${target}._source_row + shift.skipped
     from (
         select read.rid, before.skipped
         from (select rowid as rid, _source_row - 1 as n from ${target} where _batch_id = $batch) as read
         asof join (
             select line - position as threshold, max(position) as skipped
             from (select line, row_number() over (order by line) as position from (select unnest(from_json($lines, '["bigint"]')) as line))
             group by all
         ) as before on read.n >= before.threshold
     ) as shift
     where ${target}.rowid = shift.rid`,
    { batch: batchId, lines },
  );
}

/** The file's column names as the raw table gets them: its header's (or those given), made unique, none empty. */
function readNames(input: LandingInput): string[] {
  return uniqueNames((input.names ?? input.header.columns).map((name, i) => name || `column${i + 1}`));
}

/**
 * The file as DuckDB reads it, every cell as text. The dialect is known from the header (csv-header.ts), so DuckDB
 * is told it rather than left to sniff: its sniffer gives up on a file whose last record is cut inside a quote (an
 * interrupted download), where a told reader makes the cut record a reject like any other. `rejects` keeps the rows
 * it cannot read in `csv_rejects`; without it they are skipped.
 */
function readCsvSql(input: LandingInput, names: readonly string[], { rejects }: { rejects: boolean }): string {
  const columns = names.map((name) => `${quoteLiteral(name)}: 'VARCHAR'`).join(', ');
  return `read_csv(${quoteLiteral(input.file)},
      header = true, auto_detect = false, columns = {${columns}},
      delim = ${quoteLiteral(input.header.delimiter)}, quote = '"', escape = '"',
      strict_mode = true, null_padding = ${input.padShortRows ? 'true' : 'false'},
      ${rejects ? "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans'" : 'ignore_errors = true'})`;
}

/** Runs the read of the file, reporting how much of it DuckDB has got through. */
async function withProgress(input: LandingInput, read: (onProgress: (fraction: number) => void) => Promise<void>): Promise<void> {
  const bytes = (await stat(input.file)).size;
  const step = (input.progress ?? noProgress).start(`landing ${input.fileName}`, { total: bytes, unit: 'bytes' });
  try {
    await read((fraction) => step.update(fraction * bytes));
    step.finish();
  } catch (error) {
    step.finish('failed');
    throw error;
  }
}

/**
 * Drops the columns whose header cell is empty and which hold nothing (Excel keeps `;;;` after cleared columns):
 * DuckDB would name them `column129`…, names no export has. An unnamed column with data keeps DuckDB's name. Only a
 * file with such a header cell is read for this, its unnamed columns alone.
 */
async function withoutEmptyUnnamed(db: Database, input: LandingInput, columns: string[]): Promise<string[]> {
  const header = input.names ?? input.header.columns;
  const unnamed = columns.filter((_, i) => header[i] === '');
  if (unnamed.length === 0) return columns;
  const [filled] = await db.query<Record<string, number>>(
    `select ${unnamed.map((c) => `count(nullif(trim(${quoteIdentifier(c)}), ''))::integer as ${quoteIdentifier(c)}`).join(', ')}
     from ${readCsvSql(input, columns, { rejects: false })}`,
  );
  return columns.filter((c) => !unnamed.includes(c) || filled[c] > 0);
}

/** The lineage columns about a row's version, after its key (see record-versions.ts). */
const VERSION_COLUMNS = {
  _record_version: 'varchar',
  _supersedes_version: 'varchar',
  _edit_count: 'integer',
  _parent_key: 'varchar',
  _landed_at: 'timestamp',
  _is_current: 'boolean',
} as const;

/** Every lineage column of a raw table but its key (`_submission_uuid` or `_record_key`). */
const LINEAGE_COLUMNS = ['_batch_id', '_file_hash', '_source_row', ...Object.keys(VERSION_COLUMNS)];

/** Creates the raw table on first use and adds the columns a newer version of a file brought; raw cells stay text. */
async function ensureColumns(db: Database, table: string, lineageKey: string, columns: string[]): Promise<void> {
  const target = `raw.${quoteIdentifier(table)}`;
  const lineage = [...LINEAGE_COLUMNS, lineageKey];
  const keyColumns = `_batch_id varchar not null, _file_hash varchar not null, _source_row integer not null, ${lineageKey} varchar not null`;
  const [{ exists }] = await db.query<{ exists: boolean }>(
    `select count(*) > 0 as exists from information_schema.tables where table_schema = 'raw' and table_name = $table`,
    { table },
  );
  if (!exists) {
    // A new table is made with all its columns in one statement: adding them one by one inside the file's transaction
    // takes time and memory in the square of their number (a 2,000-column export took seconds and a gigabyte).
    // DuckDB compares column names without case, as below.
    const seen = new Set(lineage.map((c) => c.toLowerCase()));
    const cells = columns.filter((c) => !seen.has(c.toLowerCase()) && seen.add(c.toLowerCase()));
    const versions = Object.entries(VERSION_COLUMNS).map(([column, type]) => `${column} ${type}`);
    await db.run(`create table ${target} (${[keyColumns, ...versions, ...cells.map((c) => `${quoteIdentifier(c)} varchar`)].join(', ')})`);
    return;
  }
  // Tables landed before a version column existed gain it, empty for their rows, and have their current rows marked.
  // DuckDB compares column names without case: `Buyer` is already there when `buyer` comes.
  const present = new Set(
    (
      await db.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table`,
        { table },
      )
    ).map((row) => row.column_name.toLowerCase()),
  );
  const added = Object.entries(VERSION_COLUMNS).filter(([column]) => !present.has(column.toLowerCase()));
  for (const [column, type] of added) await db.run(`alter table ${target} add column ${column} ${type}`);
  if (added.length > 0) await markCurrent(db, table, lineageKey);
  for (const column of columns) {
    if (lineage.includes(column) || present.has(column.toLowerCase())) continue;
    await db.run(`alter table ${target} add column ${quoteIdentifier(column)} varchar`);
    present.add(column.toLowerCase());
  }
}

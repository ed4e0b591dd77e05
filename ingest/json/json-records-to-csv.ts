/**
 * Writes JSON records as a UTF-8 CSV, so records from JSON feeds land through the same DuckDB CSV path, rejects and
 * lineage as every delimited export. One column per member, nested objects flattened into `/` paths (`location/lat`,
 * as KoboToolbox names grouped questions), the union of the members of all records in the order they were first seen.
 *
 * Cells: strings as they are; numbers and booleans as JSON writes them (DuckDB re-serialises a number, so `2.50` is
 * `2.5`: the same number); arrays as JSON text, since a list has no single cell; null as an empty cell. A member that
 * is an object in every record that has it gets its members' columns instead of its own; one that is an object in
 * some records and not in others, or only ever an empty object, is one column with the object as JSON text, so no
 * value is lost. The archived file keeps the bytes as they came.
 *
 * DuckDB does the work in two streaming passes over the records (which members exist, then the rows), so a large
 * NDJSON file never has to fit in memory.
 */
import { quoteIdentifier, quoteLiteral, type Database } from '../../warehouse/gateway/duckdb.ts';
import { uniqueNames } from '../csv-header.ts';

/** A member of the records, as its column name and the members leading to it. */
export interface FlatColumn {
  name: string;
  path: string[];
}

export interface RecordsCsv {
  /**
   * A relation (a view or a subquery in parentheses) with `record`, the record's 1-based position in the file, and
   * `json`, the object to flatten (NULL or anything but an object gives no cells), plus any `trailing` columns.
   */
  relation: string;
  /** Where the CSV goes. */
  target: string;
  /** Columns of the relation written as they are after the flattened ones (a feature's geometry, say). */
  trailing?: readonly string[];
  /**
   * What a flattened member named like a trailing column is called instead (compared without case, as DuckDB does):
   * the trailing columns keep their names, so the models can rely on them.
   */
  renameClash?: (column: FlatColumn) => string;
}

/** A JSON pointer (RFC 6901): `~` and `/` inside a member name are escaped, so any name can be reached. */
export function pointer(path: readonly string[]): string {
  return path.map((key) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A string literal for any text, a member name being outside input: DuckDB's parser stops at a NUL, so it is chr(0). */
export function textLiteral(value: string): string {
  return value.split('\0').map(quoteLiteral).join(' || chr(0) || ');
}

/** Defines `json_cell(value)`: the cell of a JSON value, as the header comment says. */
export async function createJsonCellMacro(db: Database): Promise<void> {
  await db.run(
    `create or replace temp macro json_cell(value) as
         case json_type(value)
             when 'VARCHAR' then value ->> '$'
             when 'NULL' then null
             else value::varchar
         end`,
  );
}

/**
 * The members of the records that get a column, in the order they were first seen. The records' distinct shapes
 * (json_structure: the keys and kinds of a record, without its values) are found in one streaming pass and are few,
 * as records of one log share their shape; they are walked for their members. json_group_structure would merge the
 * shapes in one step, but holds about 2 kB for every record it merged (2 GB for a million incidents).
 */
export async function flatColumns(db: Database, relation: string): Promise<FlatColumn[]> {
  // `id` is a member's place in the document json_each walks, so ordering by the ids along the path keeps the order.
  const members = await db.query<{ path: string[]; is_object: boolean; is_value: boolean }>(
    `with recursive shapes as (
         select json_structure(json) as shape, min(record) as first_record
         from ${relation} where json_type(json) = 'OBJECT'
         group by shape
     ),
     members(first_record, path, position, value, type) as (
         select shapes.first_record, [member.key], [member.id], member.value, member.type
         from shapes, json_each(shapes.shape) as member
         -- An empty object's shape is the text "JSON", whose one member has no key: such a record has no members.
         where json_type(shapes.shape) = 'OBJECT'
         union all
         select parent.first_record, list_append(parent.path, member.key), list_append(parent.position, member.id),
                member.value, member.type
         from members as parent, json_each(parent.value) as member
         where parent.type = 'OBJECT'
     )
     select path,
            bool_or(type = 'OBJECT') as is_object,
            -- A shape gives a null member the kind "NULL": it says nothing against the member being an object.
            bool_or(type <> 'OBJECT' and value <> '"NULL"') as is_value
     from members
     group by path
     order by min({'record': first_record, 'position': position})`,
  );
  const key = (path: readonly string[]) => JSON.stringify(path);
  const parents = new Set(members.flatMap(({ path }) => path.slice(0, -1).map((_, i) => key(path.slice(0, i + 1)))));
  // An object in some records and a value in others is one column (its object as JSON text), and so is a member that
  // is only ever an empty object; its members get none.
  const whole = new Set(members.filter((m) => m.is_object && (m.is_value || !parents.has(key(m.path)))).map((m) => key(m.path)));
  return members
    .filter(({ path, is_object }) => (!is_object || whole.has(key(path))) && !path.slice(0, -1).some((_, i) => whole.has(key(path.slice(0, i + 1)))))
    .map(({ path }) => ({ name: path.join('/'), path }));
}

/** Writes the CSV; returns its columns, as the header names them. */
export async function writeRecordsCsv(db: Database, options: RecordsCsv, columns: readonly FlatColumn[]): Promise<string[]> {
  const trailing = options.trailing ?? [];
  const clashes = new Set(trailing.map((name) => name.toLowerCase()));
  // A member named "" (JSON allows it) is named as DuckDB names an empty CSV header cell, `column<n>`: a column
  // needs a name to be written, and this is the one it would land with from a CSV.
  const flatNames = columns.map((column, i) =>
    clashes.has(column.name.toLowerCase()) && options.renameClash ? options.renameClash(column) : column.name || `column${i + 1}`,
  );
  // Names DuckDB can hold side by side, as landCsv will read them (csv-header.ts): `Status` and `status` both land.
  const names = uniqueNames([...trailing, ...flatNames]);
  const header = [...names.slice(trailing.length), ...names.slice(0, trailing.length)];
  await createJsonCellMacro(db);
  // One json_extract with every path parses each record once, however many columns there are.
  const paths = columns.map((column) => textLiteral(pointer(column.path))).join(', ');
  const cells = columns.map((_, i) => `json_cell(cells[${i + 1}]) as ${quoteIdentifier(header[i])}`);
  const passed = trailing.map((name, i) => `${quoteIdentifier(name)} as ${quoteIdentifier(header[columns.length + i])}`);
  const select = [...cells, ...passed].join(',\n            ');
  // Insertion order is kept (the engine's default, set again by the caller), so row n of the CSV is record n.
  await db.run(
    `copy (
         select ${select}
         from (select ${columns.length > 0 ? `json_extract(json, [${paths}])` : '[]::json[]'} as cells, * from ${options.relation})
     ) to ${quoteLiteral(options.target)} (format csv, header true, delimiter ',', quote '"', escape '"')`,
  );
  return header;
}

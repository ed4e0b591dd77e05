/**
 * Reads an incident log sent as JSON (issue 4: partners send incidents as CSV or JSON) as a CSV landing part, so its
 * records land in `raw.feeds__incidents` through the same path, rejects and lineage as the CSV log. Three layouts are
 * read, as partners' systems write them: a top-level array of records, an object holding the records in its one
 * array (`{"generated": "…", "incidents": […]}`), or one object per line (NDJSON, `.ndjson`/`.jsonl` or `.json`).
 *
 * Record n becomes row n + 1 of the CSV (the header is row 1), which is the `_source_row` it lands with and the line
 * a reject names: for an array, its n-th element; for NDJSON, its n-th non-blank line.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { quoteLiteral, type Database } from '../../warehouse/gateway/duckdb.ts';
import type { Detected } from '../detect-format.ts';
import { IngestError, isIngestError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { flatColumns, pointer, textLiteral, writeRecordsCsv } from './json-records-to-csv.ts';
import { jsonHead, jsonLayout, jsonSyntaxError } from './json-syntax-error.ts';
import { openJsonWorkspace } from './json-workspace.ts';
import { INCIDENT_FIELDS, INCIDENTS_TABLE } from '../incident-log.ts';


const EXPECTED =
  'an incident log: a JSON array of incident records, an object holding them in one array ({"incidents": […]}), ' +
  'or one JSON object per line';

/**
 * An object that holds the records is read whole, so DuckDB is allowed an object as large as the file, up to this
 * bound (it holds the parsed document in memory); records of an array or of NDJSON are read one at a time and may
 * each be as large.
 */
const MAX_JSON_DOCUMENT_BYTES = 512 * 1024 * 1024;
const DUCKDB_DEFAULT_OBJECT_BYTES = 16 * 1024 * 1024;

/** DuckDB's `json_type` as a person would say it. */
function kindOf(type: string): string {
  switch (type) {
    case 'ARRAY':
      return 'an array';
    case 'VARCHAR':
      return 'a string';
    case 'NULL':
      return 'null';
    case 'BOOLEAN':
      return 'true or false';
    default:
      return 'a number';
  }
}

/** Names for a message: the first ten, and how many more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown || 'no fields';
}

/** A file's first characters, to show what it is instead. */
function opening(head: string): string {
  const text = head.trimStart().slice(0, 20).replace(/\s+/g, ' ');
  return JSON.stringify(text.length < head.trimStart().length ? `${text}…` : text);
}

export async function detectIncidentsJson(file: string, progress?: Progress): Promise<Detected> {
  const workspace = await openJsonWorkspace(file, 'veta-json-', progress);
  const { db, readable, dispose } = workspace;
  try {
    const head = await jsonHead(readable);
    if (head.trim() === '') throw new IngestError(file, 'the file is empty: nothing to ingest');
    const layout = jsonLayout(head);
    if (!layout) throw new IngestError(file, `is not JSON (it starts with ${opening(head)}): expected ${EXPECTED}`);
    try {
      const { size } = await stat(readable);
      const objectBytes = Math.min(MAX_JSON_DOCUMENT_BYTES, Math.max(DUCKDB_DEFAULT_OBJECT_BYTES, size + 1));
      // `auto` tells NDJSON from objects spread over lines; an array is said to be one.
      await db.run(
        `create temp view json_values as
         select ordinality::integer as record, json
         from read_json_objects(${quoteLiteral(readable)}, format = ${quoteLiteral(layout === 'array' ? 'array' : 'auto')},
                                maximum_object_size = ${objectBytes}) with ordinality`,
      );
      const relation = layout === 'array' ? 'json_values' : await unwrapped(file, db);
      const [stray] = await db.query<{ record: number; type: string }>(
        `select record, json_type(json) as type from ${relation} where json_type(json) <> 'OBJECT' order by record limit 1`,
      );
      if (stray) throw new IngestError(file, `record ${stray.record} is ${kindOf(stray.type)}, not an object: expected ${EXPECTED}`);
      const columns = await flatColumns(db, relation);
      const [{ records }] = await db.query<{ records: number }>(`select count(*)::integer as records from ${relation}`);
      if (records === 0) throw new IngestError(file, `holds no records: expected ${EXPECTED}`);
      const top = new Set(columns.filter((column) => column.path.length === 1).map((column) => column.name));
      const missing = INCIDENT_FIELDS.filter((field) => !top.has(field));
      if (missing.length > 0) {
        throw new IngestError(
          file,
          `not an incident log: no record has ${missing.join(', ')} (its records have ${listed([...top])}; an incident ` +
            `record has ${INCIDENT_FIELDS.join(', ')})`,
        );
      }
      const target = path.join(workspace.dir, `${path.basename(file, path.extname(file))}.csv`);
      const names = await writeRecordsCsv(db, { relation, target }, columns);
      return {
        format: 'incidents-json',
        mapped: true,
        encoding: workspace.encoding,
        parts: [
          {
            file: target,
            table: INCIDENTS_TABLE,
            key: { column: 'incident_id', lineage: '_record_key' },
            header: { delimiter: ',', columns: names, hasBom: false },
            names,
          },
        ],
        dispose,
      };
    } catch (error) {
      if (isIngestError(error)) throw error;
      if (/maximum_object_size/.test(String(error))) {
        throw new IngestError(
          file,
          `holds one JSON value larger than ${MAX_JSON_DOCUMENT_BYTES / 1024 / 1024} MiB, which Veta does not read whole: ` +
            'send the records as a top-level array or as one JSON object per line (NDJSON)',
          { cause: error },
        );
      }
      throw await jsonSyntaxError(file, readable, layout, error, EXPECTED);
    }
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    db.close();
  }
}

/**
 * The relation of the records when the file's values are objects: the values themselves, or, when the file is one
 * object that is not a record and holds one array, that array's elements.
 */
async function unwrapped(file: string, db: Database): Promise<string> {
  const first = await db.query<{ type: string; keys: string[] | null; kind: string | null }>(
    `select json_type(json) as type, json_keys(json) as keys, json ->> 'type' as kind from json_values limit 2`,
  );
  if (first.length !== 1 || first[0].type !== 'OBJECT') return 'json_values';
  const keys = first[0].keys ?? [];
  if (keys.some((key) => (INCIDENT_FIELDS as readonly string[]).includes(key))) return 'json_values';
  if (first[0].kind === 'FeatureCollection') {
    throw new IngestError(file, `is a GeoJSON FeatureCollection (a site registry?), not ${EXPECTED}`);
  }
  const pointers = keys.map((key) => textLiteral(pointer([key])));
  const [{ types }] = pointers.length
    ? await db.query<{ types: string[] }>(`select json_type(json, [${pointers.join(', ')}]) as types from json_values`)
    : [{ types: [] as string[] }];
  const arrays = keys.filter((_, i) => types[i] === 'ARRAY');
  if (arrays.length === 0) return 'json_values';
  if (arrays.length > 1) {
    throw new IngestError(
      file,
      `holds several arrays (${arrays.map((key) => JSON.stringify(key)).join(', ')}) and no record: expected ${EXPECTED}`,
    );
  }
  const recordsAt = pointers[keys.indexOf(arrays[0])];
  // unnest rather than json_each, which takes time in the square of the array's length.
  await db.run(
    `create temp view json_records as
     select generate_subscripts(elements, 1)::integer as record, unnest(elements) as json
     from (select json_extract(json_extract(json, ${recordsAt}), '$[*]') as elements from json_values)`,
  );
  return 'json_records';
}

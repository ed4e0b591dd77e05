/**
 * Loads the standards catalogue (CSV files people edit, declared in `_catalogue.yml`) into the `catalogue` schema of
 * a snapshot. DuckDB reads each file with the declared types and no guessing, so a mistyped cell fails with its file
 * and line instead of turning into text; `;`-separated cells become lists. Boundary shapes come as GeoJSON: one row
 * per feature, the declared columns read from its properties and a `geometry` column holding the geometry as JSON.
 */
import path from 'node:path';
import { quoteIdentifier, quoteLiteral, type Database } from '../gateway/duckdb.ts';
import type { TestedTable } from './data-tests.ts';
import { ProjectError } from './errors.ts';
import { contractGaps, readTableDocs, type TableDoc } from './table-docs.ts';

export const CATALOGUE_SCHEMA = 'catalogue';
export const CATALOGUE_DOCS = '_catalogue.yml';

const CSV_DIALECT = `header = true, delim = ',', quote = '"', escape = '"'`;

export async function loadCatalogue(db: Database, dir: string): Promise<TestedTable[]> {
  const docsFile = path.join(dir, CATALOGUE_DOCS);
  const docs = await readTableDocs(docsFile, 'tables');
  await db.run(`create schema if not exists ${CATALOGUE_SCHEMA}`);
  const tables: TestedTable[] = [];
  for (const doc of docs) {
    const gaps = contractGaps(doc);
    if (!doc.file) gaps.push('names no file (CSV, or GeoJSON for shapes)');
    if (gaps.length) throw new ProjectError(`${docsFile}: table ${doc.name} ${gaps.join('; ')}`);
    const file = path.join(dir, doc.file!);
    if (file.endsWith('.geojson')) {
      await loadGeojson(db, file, doc);
      tables.push({ schema: CATALOGUE_SCHEMA, name: doc.name, doc });
      continue;
    }
    const source = `read_csv(${quoteLiteral(file)}, ${CSV_DIALECT}`;

    const header = await db
      .query<{ column_name: string }>(`select column_name from (describe select * from ${source}, all_varchar = true))`)
      .catch((error: Error) => {
        throw new ProjectError(`${file}: cannot be read as CSV: ${error.message}`, { cause: error });
      });
    const found = header.map((c) => c.column_name);
    const declared = doc.columns.map((c) => c.name);
    if (found.join() !== declared.join()) {
      throw new ProjectError(`${file}: line 1: the header is ${found.join(',')}; ${CATALOGUE_DOCS} declares ${declared.join(',')}`);
    }

    // Lists are stored in one cell, `;`-separated, so a spreadsheet can edit them.
    const readTypes = doc.columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type!.endsWith('[]') ? 'VARCHAR' : c.type!)}`);
    const select = doc.columns.map((c) => {
      const name = quoteIdentifier(c.name);
      return c.type!.endsWith('[]') ? `string_split(nullif(trim(${name}), ''), ';')::${c.type} as ${name}` : name;
    });
    try {
      await db.run(
        `create table ${CATALOGUE_SCHEMA}.${quoteIdentifier(doc.name)} as
         select ${select.join(', ')} from ${source}, auto_detect = false, strict_mode = true, columns = {${readTypes.join(', ')}})`,
      );
    } catch (error) {
      throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
    }
    tables.push({ schema: CATALOGUE_SCHEMA, name: doc.name, doc });
  }
  return tables;
}

/** Loads a FeatureCollection: declared columns from each feature's properties, `geometry` as JSON. */
async function loadGeojson(db: Database, file: string, doc: TableDoc): Promise<void> {
  const features = `(select unnest(features) as f from read_json(${quoteLiteral(file)}, columns = {type: 'VARCHAR', features: 'JSON[]'}, maximum_object_size = 134217728))`;
  const declared = doc.columns.filter((c) => c.name !== 'geometry').map((c) => c.name);
  const keys = await db
    .query<{ key: string }>(`select distinct unnest(json_keys(f -> 'properties')) as key from ${features} order by key`)
    .catch((error: Error) => {
      throw new ProjectError(`${file}: cannot be read as a GeoJSON FeatureCollection: ${error.message}`, { cause: error });
    });
  const found = keys.map((k) => k.key);
  if (found.join() !== [...declared].sort().join() || !doc.columns.some((c) => c.name === 'geometry')) {
    throw new ProjectError(`${file}: the features' properties are ${found.join(',')}; ${CATALOGUE_DOCS} declares ${declared.join(',')} and geometry`);
  }
  const select = doc.columns.map((c) =>
    c.name === 'geometry'
      ? `(f -> 'geometry')::json as geometry`
      : `(f -> 'properties' ->> ${quoteLiteral(c.name)})::${c.type} as ${quoteIdentifier(c.name)}`,
  );
  try {
    await db.run(`create table ${CATALOGUE_SCHEMA}.${quoteIdentifier(doc.name)} as select ${select.join(', ')} from ${features}`);
  } catch (error) {
    throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

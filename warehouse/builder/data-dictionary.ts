/**
 * The data dictionary: every published table and column with its meaning, type, unit and sensitivity, generated
 * from the table documentation (marts and catalogue YAML) so it is never written twice. A snapshot carries it as
 * `meta.data_dictionary`; docs/data-dictionary.md is rendered from the same entries.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../gateway/duckdb.ts';
import type { TestedTable } from './data-tests.ts';
import { CATALOGUE_DOCS, CATALOGUE_SCHEMA } from './load-catalogue.ts';
import { readTableDocs, SENSITIVITIES } from './table-docs.ts';

export interface DictionaryEntry {
  schema_name: string;
  table_name: string;
  table_description: string;
  grain: string;
  position: number;
  column_name: string;
  column_type: string;
  unit: string | null;
  sensitivity: string;
  description: string;
}

/** Published schemas, in the order the dictionary lists them. */
const PUBLISHED = ['marts', CATALOGUE_SCHEMA];

export function dictionaryEntries(tables: TestedTable[]): DictionaryEntry[] {
  return tables
    .filter((t) => PUBLISHED.includes(t.schema))
    .sort((a, b) => PUBLISHED.indexOf(a.schema) - PUBLISHED.indexOf(b.schema) || a.name.localeCompare(b.name))
    .flatMap((t) =>
      t.doc.columns.map((c, i) => ({
        schema_name: t.schema,
        table_name: t.name,
        table_description: t.doc.description,
        grain: t.doc.grain,
        position: i + 1,
        column_name: c.name,
        column_type: c.type ?? '',
        unit: c.unit ?? null,
        sensitivity: c.sensitivity ?? '',
        description: c.description ?? '',
      })),
    );
}

/** The published tables' documentation, read from the project files (no database needed). */
export async function readPublishedTables(transformsDir: string, catalogueDir: string): Promise<TestedTable[]> {
  const martsDir = path.join(transformsDir, 'marts');
  const files = (await readdir(martsDir)).filter((f) => /^_.*\.ya?ml$/.test(f)).sort();
  const marts = (await Promise.all(files.map((f) => readTableDocs(path.join(martsDir, f))))).flat();
  const catalogue = await readTableDocs(path.join(catalogueDir, CATALOGUE_DOCS), 'tables');
  return [
    ...marts.map((doc) => ({ schema: 'marts', name: doc.name, doc })),
    ...catalogue.map((doc) => ({ schema: CATALOGUE_SCHEMA, name: doc.name, doc })),
  ];
}

export async function writeDictionaryTable(db: Database, entries: DictionaryEntry[]): Promise<void> {
  await db.run(`create table meta.data_dictionary (
      schema_name varchar, table_name varchar, table_description varchar, grain varchar, position integer,
      column_name varchar, column_type varchar, unit varchar, sensitivity varchar, description varchar)`);
  // One JSON document, read by DuckDB: no row-by-row inserts from JS.
  await db.run(
    `insert into meta.data_dictionary by name
     select unnest(from_json($entries::json, '[{"schema_name":"VARCHAR","table_name":"VARCHAR",
       "table_description":"VARCHAR","grain":"VARCHAR","position":"INTEGER","column_name":"VARCHAR",
       "column_type":"VARCHAR","unit":"VARCHAR","sensitivity":"VARCHAR","description":"VARCHAR"}]'), recursive := true)`,
    { entries: JSON.stringify(entries) },
  );
}

const cell = (text: string | null) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderDictionaryMarkdown(entries: DictionaryEntry[]): string {
  const lines = [
    '# Data dictionary',
    '',
    '<!-- Generated from transforms/marts/_*.yml and warehouse/catalogue/_catalogue.yml by `npm run docs`. Do not edit. -->',
    '',
    'Every published table and column. Sensitivity says who may see a column:',
    '',
    `- **public**: may appear in public views, subject to aggregation, small-count suppression and publication lag;`,
    '- **restricted**: partner, implementer or admin roles only (exact site locations, producer-level detail);',
    '- **personal**: about an identifiable person (names, phone numbers, free-text evidence): never in public views.',
    '',
  ];
  if (entries.some((e) => !SENSITIVITIES.includes(e.sensitivity as never))) throw new Error('unknown sensitivity in dictionary');
  entries.forEach((e, i) => {
    const name = `${e.schema_name}.${e.table_name}`;
    const previous = entries[i - 1];
    if (!previous || `${previous.schema_name}.${previous.table_name}` !== name) {
      if (previous) lines.push('');
      lines.push(`## ${name}`, '', `${e.table_description} Grain: ${e.grain}.`, '');
      lines.push('| column | type | unit | sensitivity | meaning |', '| --- | --- | --- | --- | --- |');
    }
    lines.push(`| ${e.column_name} | ${e.column_type} | ${cell(e.unit)} | ${e.sensitivity} | ${cell(e.description)} |`);
  });
  lines.push('');
  return lines.join('\n');
}

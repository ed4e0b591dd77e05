import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { publishedDemo } from '../../tests/helpers/demo-home.ts';
import { Database } from '../gateway/duckdb.ts';
import { dictionaryEntries, readPublishedTables } from './data-dictionary.ts';
import { CATALOGUE_DIR, TRANSFORMS_DIR } from '../project-paths.ts';
import { DICTIONARY_DOC, renderProjectDictionary } from './render-dictionary-doc.ts';

describe('the data dictionary', () => {
  it('is committed as generated: run `npm run docs` after changing table documentation', async () => {
    expect(await readFile(DICTIONARY_DOC, 'utf8')).toBe(await renderProjectDictionary());
  });

  it('travels in every snapshot with one row per published column, restricted columns included', async () => {
    const home = await publishedDemo();
    const db = await Database.open(home.published, { readOnly: true });
    try {
      const rows = await db.query<{ schema_name: string; table_name: string; column_name: string; sensitivity: string }>(
        'select schema_name, table_name, column_name, sensitivity from meta.data_dictionary order by all',
      );
      const expected = dictionaryEntries(await readPublishedTables(TRANSFORMS_DIR, CATALOGUE_DIR));
      expect(rows).toHaveLength(expected.length);
      expect(rows).toContainEqual({ schema_name: 'marts', table_name: 'dim_sites', column_name: 'site_lat', sensitivity: 'restricted' });
      // Every published column of the snapshot is in the dictionary, and nothing else is.
      const actual = await db.query<{ c: string }>(
        `select table_schema || '.' || table_name || '.' || column_name as c from information_schema.columns
         where table_schema in ('marts', 'catalogue') order by c`,
      );
      expect(actual.map((r) => r.c)).toEqual(rows.map((r) => `${r.schema_name}.${r.table_name}.${r.column_name}`).sort());
    } finally {
      db.close();
    }
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database } from '../gateway/duckdb.ts';
import { loadCatalogue } from './load-catalogue.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const DOCS = `tables:
  - name: things
    description: d
    grain: one row per thing
    file: things.csv
    columns:
      - { name: thing_id, description: d, type: varchar, sensitivity: public }
      - { name: weight, description: d, type: integer, sensitivity: public }
      - { name: scope, description: d, type: 'varchar[]', sensitivity: public }
      - { name: is_new, description: d, type: boolean, sensitivity: public }
`;

async function catalogue(csv: string, docs = DOCS): Promise<string> {
  const dir = await tempDir();
  await writeFile(path.join(dir, '_catalogue.yml'), docs);
  await writeFile(path.join(dir, 'things.csv'), csv);
  return dir;
}

describe('loadCatalogue', () => {
  it('loads each file with the declared types, `;`-separated cells as lists', async () => {
    const dir = await catalogue('thing_id,weight,scope,is_new\na,1,gold;tin,true\n"b, with comma",2,,false\n');
    const tables = await loadCatalogue(db, dir);
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['catalogue.things']);
    expect(await db.query('select * from catalogue.things order by thing_id')).toEqual([
      { thing_id: 'a', weight: 1, scope: ['gold', 'tin'], is_new: true },
      { thing_id: 'b, with comma', weight: 2, scope: null, is_new: false },
    ]);
  });

  it('names the file, line and column of a cell that does not fit its type', async () => {
    const dir = await catalogue('thing_id,weight,scope,is_new\na,1,gold,true\nb,heavy,gold,true\n');
    await expect(loadCatalogue(db, dir)).rejects.toThrow(
      new RegExp(`${path.join(dir, 'things.csv')}: .*Line: 3[\\s\\S]*column "weight"[\\s\\S]*"heavy" to 'INTEGER'`),
    );
  });

  it('refuses a header that differs from the declared columns, naming both', async () => {
    const dir = await catalogue('thing_id,scope,weight,is_new\na,gold,1,true\n');
    await expect(loadCatalogue(db, dir)).rejects.toThrow(
      `${path.join(dir, 'things.csv')}: line 1: the header is thing_id,scope,weight,is_new; _catalogue.yml declares thing_id,weight,scope,is_new`,
    );
  });

  it('refuses a table whose columns are not fully documented', async () => {
    const dir = await catalogue('thing_id\na\n', DOCS.replace('{ name: weight, description: d, type: integer, sensitivity: public }', '{ name: weight }'));
    await expect(loadCatalogue(db, dir)).rejects.toThrow(/_catalogue\.yml: table things column weight lacks description, type, sensitivity/);
  });

  describe('GeoJSON shapes', () => {
    const SHAPES_DOCS = `tables:
  - name: shapes
    description: d
    grain: one row per unit (unit_id)
    file: shapes.geojson
    columns:
      - { name: unit_id, description: d, type: varchar, sensitivity: public }
      - { name: label_lon, description: d, type: double, sensitivity: public }
      - { name: geometry, description: d, type: json, sensitivity: public }
`;
    const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };

    async function shapes(features: unknown[]): Promise<string> {
      const dir = await tempDir();
      await writeFile(path.join(dir, '_catalogue.yml'), SHAPES_DOCS);
      await writeFile(path.join(dir, 'shapes.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
      return dir;
    }

    it('loads one row per feature: declared columns from its properties, the geometry as JSON', async () => {
      const dir = await shapes([
        { type: 'Feature', properties: { unit_id: 'A', label_lon: 0.5 }, geometry: square },
        { type: 'Feature', properties: { unit_id: 'B', label_lon: -1.25 }, geometry: { type: 'Point', coordinates: [2, 3] } },
      ]);
      await loadCatalogue(db, dir);
      expect(await db.query(`select unit_id, label_lon, json_extract_string(geometry, '$.type') as kind, geometry::varchar as g from catalogue.shapes order by unit_id`)).toEqual([
        { unit_id: 'A', label_lon: 0.5, kind: 'Polygon', g: JSON.stringify(square) },
        { unit_id: 'B', label_lon: -1.25, kind: 'Point', g: '{"type":"Point","coordinates":[2,3]}' },
      ]);
    });

    it('refuses features whose properties differ from the declared columns, naming both', async () => {
      const dir = await shapes([{ type: 'Feature', properties: { unit_id: 'A', label_x: 1 }, geometry: square }]);
      await expect(loadCatalogue(db, dir)).rejects.toThrow(
        `${path.join(dir, 'shapes.geojson')}: the features' properties are label_x,unit_id; _catalogue.yml declares unit_id,label_lon and geometry`,
      );
    });

    it('names the file of a property that does not fit its type', async () => {
      const dir = await shapes([{ type: 'Feature', properties: { unit_id: 'A', label_lon: 'east' }, geometry: square }]);
      await expect(loadCatalogue(db, dir)).rejects.toThrow(new RegExp(`${path.join(dir, 'shapes.geojson')}: .*'east'.*DOUBLE`));
    });
  });
});


/**
 * Fuzzing the catalogue loader's reading of the files people edit (warehouse/builder/load-catalogue.ts): CSV tables
 * generated with every declared type (text with quotes, separators and line breaks, integers, doubles, booleans,
 * dates, `;` lists) load row for row and cell for cell; the real catalogue's CSV files and a boundary GeoJSON, bent
 * byte by byte, load or are refused with a ProjectError naming the file (and, where DuckDB gives one, a line the file
 * has). Nothing else may escape: a build stops on a ProjectError and says which file to fix.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ProjectError } from '../../warehouse/builder/errors.ts';
import { CATALOGUE_DOCS, loadCatalogue } from '../../warehouse/builder/load-catalogue.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { awkwardText, expectRefusal, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';

const CATALOGUE = fileURLToPath(new URL('../../warehouse/catalogue/', import.meta.url));
/** Small tables of the real catalogue, of every declared type between them. */
const REAL_TABLES = ['frameworks', 'framework_versions', 'craft_statuses', 'code_lists', 'parameters', 'publication_rules', 'countries'];

type Doc = { name: string; file: string; columns: { name: string; type: string }[] };

let db: Database;
let dir: string;
let docs: Doc[];
const real = new Map<string, Buffer>();
const temp = suiteDir();
beforeAll(async () => {
  db = await Database.open(':memory:');
  dir = temp.path;
  docs = (parse(await readFile(path.join(CATALOGUE, CATALOGUE_DOCS), 'utf8')) as { tables: Doc[] }).tables;
  for (const name of REAL_TABLES) real.set(name, await readFile(path.join(CATALOGUE, docOf(name).file)));
});
afterAll(() => db.close());

function docOf(name: string): Doc {
  const doc = docs.find((d) => d.name === name);
  if (!doc) throw new Error(`the catalogue declares no table ${name}`);
  return doc;
}

let n = 0;
/** Loads one table from `content` in a folder of its own, as a fresh snapshot's catalogue would be. */
async function load(doc: object, file: string, content: Buffer | string): Promise<{ folder: string; error?: unknown }> {
  const folder = path.join(dir, `catalogue-${++n}`);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder);
  await writeFile(path.join(folder, CATALOGUE_DOCS), stringify({ tables: [doc] }));
  await writeFile(path.join(folder, file), content);
  await db.run('drop schema if exists catalogue cascade');
  try {
    await loadCatalogue(db, folder);
    return { folder };
  } catch (error) {
    return { folder, error };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const column = (name: string, type: string) => ({ name, description: 'd', type, sensitivity: 'public' });
const THINGS = {
  name: 'things',
  description: 'd',
  grain: 'one row per thing',
  file: 'things.csv',
  columns: [column('label', 'varchar'), column('weight', 'integer'), column('share', 'double'), column('is_new', 'boolean'), column('since', 'date'), column('scope', 'varchar[]')],
};

/** A cell written as a spreadsheet writes it: quoted when it must be. */
const csvCell = (text: string) => (/[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text);

const thing = fc.record({
  // DuckDB's CSV reader drops a U+FEFF that starts a cell (to it, a byte order mark wherever it is); a spreadsheet,
  // where the catalogue is edited, does not write one there.
  label: awkwardText(20).filter((t) => !t.startsWith('\uFEFF') && t.trim() !== ''),
  weight: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
  share: fc.double({ noNaN: true, noDefaultInfinity: true }).map((share) => share + 0),
  is_new: fc.boolean(),
  since: fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  scope: fc.array(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), { maxLength: 3 }),
});

const SHAPES = {
  name: 'shapes',
  description: 'd',
  grain: 'one row per unit (unit_id)',
  file: 'shapes.geojson',
  columns: [column('unit_id', 'varchar'), column('label_lon', 'double'), column('geometry', 'json')],
};
/** A boundary file as the catalogue ships them, small. */
const SHAPES_FILE = Buffer.from(
  JSON.stringify(
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { unit_id: 'CO-ANT', label_lon: -75.5 }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
        { type: 'Feature', properties: { unit_id: 'PE-MDD', label_lon: -70.3 }, geometry: { type: 'Point', coordinates: [2, 3] } },
      ],
    },
    null,
    1,
  ),
);

/** A generated table of every type (its rows known), or a real catalogue CSV or a boundary GeoJSON, bent. */
const input = () =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.tuple(fc.array(thing, { maxLength: 8 }), fc.constantFrom('\n', '\r\n')).map(([things, eol]) => ({ things, eol, doc: THINGS, bytes: undefined })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...REAL_TABLES).chain((name) => mutated(real.get(name)!).map((bytes) => ({ things: undefined, eol: '', doc: docOf(name), bytes }))),
    },
    { weight: 1, arbitrary: mutated(SHAPES_FILE).map((bytes) => ({ things: undefined, eol: '', doc: SHAPES, bytes })) },
  );

describe('loadCatalogue', () => {
  it('loads a generated table row for row and cell for cell, and a bent real one or a refusal naming the file', async () => {
    const outcomes = tally('generated', 'rows', 'loaded', 'refused');
    await fuzz(
      { suite: 'load-catalogue', small: 150, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(input(), async ({ things, eol, doc, bytes }) => {
        if (things) {
          const lines = [
            THINGS.columns.map((c) => c.name).join(','),
            ...things.map((t) => [csvCell(t.label), t.weight, String(t.share), t.is_new, t.since, t.scope.join(';')].join(',')),
          ];
          const { error } = await load(THINGS, 'things.csv', `${lines.join(eol)}${eol}`);
          if (error) throw error;
          const rows = await db.query<{ label: string; weight: number; share: number; is_new: boolean; since: string; scope: string[] | null }>(
            'select label, weight, share, is_new, since::varchar as since, scope from catalogue.things',
          );
          expect(rows).toEqual(things.map((t) => ({ ...t, scope: t.scope.length ? t.scope : null })));
          outcomes.generated++;
          outcomes.rows += things.length;
          return;
        }
        const { folder, error } = await load(doc, doc.file, bytes!);
        if (!error) return void outcomes.loaded++;
        expectRefusal(error, { kind: ProjectError, file: path.join(folder, doc.file), bytes });
        outcomes.refused++;
      }),
    );
    expect(outcomes.generated).toBeGreaterThan(0);
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

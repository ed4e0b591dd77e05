import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import type { Detected } from '../detect-format.ts';
import { landCsv } from '../land-csv.ts';
import { detectSiteRegistry, looksLikeFeatureCollection } from './detect-site-registry.ts';

const disposers: Detected[] = [];
const open: Database[] = [];
afterEach(async () => {
  open.splice(0).forEach((db) => db.close());
  await Promise.all(disposers.splice(0).map((detected) => detected.dispose()));
});

async function detected(file: string): Promise<Detected> {
  const result = await detectSiteRegistry(file);
  disposers.push(result);
  return result;
}

async function written(name: string, content: string): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, content);
  return file;
}

const collection = (features: unknown[], extra: object = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features }, null, 2);

const POLYGON = { type: 'Polygon', coordinates: [[[-70.36, -13.08], [-70.34, -13.08], [-70.34, -13.06], [-70.36, -13.06], [-70.36, -13.08]]] };

/** A partner's registry as QGIS exports it: a Point, a concession drawn as a Polygon, a site without code, one not yet located. */
const REGISTRY = collection(
  [
    {
      type: 'Feature',
      id: 101,
      properties: {
        site_code: 'CO-P007-S2',
        site_name: 'La Esperanza',
        country_code: 'CO',
        admin1: 'Antioquia',
        minerals: ['gold', 'silver'],
        licence: { number: 'HJ8-0912', expires: '2027-06-30' },
      },
      geometry: { type: 'Point', coordinates: [-75.5636, 6.2518] },
    },
    {
      type: 'Feature',
      id: 'site-2',
      properties: { site_code: 'PE-P012-S1', site_name: 'Puerto Luz', country_code: 'PE', admin1: 'Madre de Dios', minerals: 'gold' },
      geometry: POLYGON,
    },
    {
      type: 'Feature',
      properties: { site_name: 'Mina sin código', country_code: 'BO', admin1: 'La Paz' },
      geometry: { type: 'Point', coordinates: [-68.1, -16.5] },
    },
    {
      type: 'Feature',
      properties: { site_code: 'CD-P003-S1', site_name: 'Kamituga, Mwenga', country_code: 'CD', admin1: 'Sud-Kivu', minerals: 'gold; cassiterite' },
      geometry: null,
    },
  ],
  { name: 'registro_sitios_2024', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } },
);

const EXPECTED = 'expected a GeoJSON FeatureCollection of mine sites ({"type": "FeatureCollection", "features": […]})';

describe('detectSiteRegistry', () => {
  it("writes one row per feature: its properties, then its id, geometry type, point and geometry", async () => {
    const result = await detected(await written('sitios.geojson', REGISTRY));
    expect(result).toMatchObject({ format: 'site-registry-geojson', mapped: true, encoding: 'utf-8' });
    const [part] = result.parts;
    const columns = [
      'site_code', 'site_name', 'country_code', 'admin1', 'minerals', 'licence/number', 'licence/expires',
      'feature_id', 'geometry_type', 'longitude', 'latitude', 'geometry',
    ];
    expect(part).toMatchObject({
      table: 'feeds__site_registry',
      key: { column: 'site_code', lineage: '_record_key' },
      header: { delimiter: ',', columns, hasBom: false },
      names: columns,
    });
    expect(await readFile(part.file, 'utf8')).toBe(
      [
        columns.join(','),
        'CO-P007-S2,La Esperanza,CO,Antioquia,"[""gold"",""silver""]",HJ8-0912,2027-06-30,101,Point,-75.5636,6.2518,' +
          '"{""type"":""Point"",""coordinates"":[-75.5636,6.2518]}"',
        // The mean of the four corners, the closing vertex counted once.
        'PE-P012-S1,Puerto Luz,PE,Madre de Dios,gold,,,site-2,Polygon,-70.35,-13.07,' +
          `"${JSON.stringify(POLYGON).replaceAll('"', '""')}"`,
        ',Mina sin código,BO,La Paz,,,,,Point,-68.1,-16.5,"{""type"":""Point"",""coordinates"":[-68.1,-16.5]}"',
        'CD-P003-S1,"Kamituga, Mwenga",CD,Sud-Kivu,gold; cassiterite,,,,,,,',
        '',
      ].join('\n'),
    );
  });

  it('gives other geometries a representative point, keeps points off the globe, and moves a clashing property aside', async () => {
    const feature = (pcode: string, geometry: object | null, properties: object = {}) => ({ type: 'Feature', properties: { pcode, ...properties }, geometry });
    const file = await written(
      'ipis.json',
      collection([
        feature('codmine01', { type: 'MultiPolygon', coordinates: [[[[28, -3], [30, -3], [29, -1], [28, -3]]], [[[31, -2], [32, -2], [31, -2]]]] }, { longitude: '28.1' }),
        feature('codmine02', { type: 'LineString', coordinates: [[27.5, -2.5], [28.5, -2.0]] }),
        feature('codmine03', { type: 'MultiPoint', coordinates: [[27, -1], [28, -2], [29, -3]] }),
        feature('codmine04', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [27, -1] }] }),
        feature('codmine05', { type: 'Point', coordinates: [281.5, -95] }),
        feature('codmine06', { type: 'Point', coordinates: [0.00001, -0.5] }),
      ]),
    );
    const result = await detected(file);
    expect(result.parts[0].key).toEqual({ column: 'pcode', lineage: '_record_key' });
    const [header, ...rows] = parseCsv(await readFile(result.parts[0].file, 'utf8'));
    expect(header).toEqual(['pcode', 'properties/longitude', 'feature_id', 'geometry_type', 'longitude', 'latitude', 'geometry']);
    expect(rows.map((row) => row.slice(0, 6))).toEqual([
      // Both outer rings' vertices, each ring's closing vertex once: (28 + 30 + 29 + 31 + 32) / 5, (-3 - 3 - 1 - 2 - 2) / 5.
      ['codmine01', '28.1', '', 'MultiPolygon', '30', '-2.2'],
      ['codmine02', '', '', 'LineString', '28', '-2.25'],
      ['codmine03', '', '', 'MultiPoint', '28', '-2'],
      ['codmine04', '', '', 'GeometryCollection', '', ''],
      ['codmine05', '', '', 'Point', '281.5', '-95'],
      ['codmine06', '', '', 'Point', '0.00001', '-0.5'],
    ]);
  });

  it('writes a feature whose properties are an empty object as a row of empty cells, as QGIS exports a site not filled in', async () => {
    const file = await written(
      'sites.geojson',
      collection([
        { type: 'Feature', properties: { site_code: 'CO-P001-S1' }, geometry: { type: 'Point', coordinates: [-75.5, 6.2] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-70.3, -13] } },
      ]),
    );
    const [header, ...rows] = parseCsv(await readFile((await detected(file)).parts[0].file, 'utf8'));
    expect(header).toEqual(['site_code', 'feature_id', 'geometry_type', 'longitude', 'latitude', 'geometry']);
    expect(rows.map((row) => row.slice(0, 5))).toEqual([
      ['CO-P001-S1', '', 'Point', '-75.5', '6.2'],
      ['', '', 'Point', '-70.3', '-13'],
    ]);
  });

  describe('refuses what is not a FeatureCollection of sites, saying what was expected', () => {
    it.each([
      ['a single Feature', '{"type": "Feature", "properties": {"site_code": "CO-P001-S1"}, "geometry": null}', `is a single GeoJSON Feature, not ${EXPECTED.replace('expected ', '')}`],
      ['TopoJSON', '{"type": "Topology", "objects": {}}', `has "type": "Topology": ${EXPECTED}`],
      ['an object without a type', '{"features": []}', `has no "type": ${EXPECTED}`],
      ['a collection without features', '{"type": "FeatureCollection"}', `has no "features": ${EXPECTED}`],
      ['features that are not a list', '{"type": "FeatureCollection", "features": {"type": "Feature"}}', `has "features" that is not an array: ${EXPECTED}`],
      ['an empty collection', '{"type": "FeatureCollection", "features": []}', 'holds no features: nothing to ingest'],
      ['an array of features', '[{"type": "Feature"}]', `is a JSON array, not ${EXPECTED.replace('expected ', '')}`],
      ['a shapefile renamed', 'PK\u0003\u0004', `is not JSON: ${EXPECTED}`],
      ['two collections one after the other', '{"type": "FeatureCollection", "features": []}\n{"type": "FeatureCollection", "features": []}', `holds more than one JSON value: ${EXPECTED}`],
      ['a broken collection', '{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature", "properties": {"site_code": "A"}, "geometry": nul}\n  ]\n}',
        `line 4, column 71: malformed JSON (invalid literal): ${EXPECTED}`],
      ['sites without a code', collection([{ type: 'Feature', properties: { name: 'Sin código', country: 'BO' }, geometry: null }]),
        'no feature has a site_code, site_id, pcode or code property to name its site (their properties are name, country)'],
    ])('%s', async (_name, content, message) => {
      const file = await written('sites.geojson', content);
      await expect(detectSiteRegistry(file)).rejects.toThrow(`${file}: ${message}`);
    });
  });

  it('tells a FeatureCollection named .json from other JSON by its first bytes', async () => {
    expect(await looksLikeFeatureCollection(await written('sites.json', REGISTRY))).toBe(true);
    expect(await looksLikeFeatureCollection(await written('sites.json', '{ "type" : "FeatureCollection", "features": [] }'))).toBe(true);
    expect(await looksLikeFeatureCollection(await written('incidents.json', '[{"incident_id": "INC-1", "type": "Feature"}]'))).toBe(false);
  });

  // Natural Earth's admin-1 regions in the project's shared data: real polygons and multipolygons (regions, not sites),
  // read here with their codes as site codes; a clone without that folder beside it has nothing to read here.
  const ADMIN1 = fileURLToPath(new URL('../../../shared/data/boundaries/admin1.geojson', import.meta.url));
  it.skipIf(!existsSync(ADMIN1))('reads real boundaries: refused without a site code, and every point inside its shape\'s bounds with one', async () => {
    await expect(detectSiteRegistry(ADMIN1)).rejects.toThrow(
      `${ADMIN1}: no feature has a site_code, site_id, pcode or code property to name its site ` +
        '(their properties are country_code, admin1_code, name, name_en, name_es, name_fr, type_en)',
    );
    const text = await readFile(ADMIN1, 'utf8');
    const file = await written('admin1.geojson', text.replaceAll('"admin1_code"', '"code"'));
    const [header, ...rows] = parseCsv(await readFile((await detected(file)).parts[0].file, 'utf8'));
    const features = (JSON.parse(text) as { features: { properties: { admin1_code: string }; geometry: { coordinates: unknown } }[] }).features;
    expect(rows).toHaveLength(features.length);
    const at = (name: string) => header.indexOf(name);
    const outside = features.filter((feature, i) => {
      const positions = (feature.geometry.coordinates as unknown[]).flat(3) as number[];
      const lons = positions.filter((_, j) => j % 2 === 0);
      const lats = positions.filter((_, j) => j % 2 === 1);
      const [lon, lat] = [Number(rows[i][at('longitude')]), Number(rows[i][at('latitude')])];
      return rows[i][at('code')] !== feature.properties.admin1_code ||
        !(lon >= Math.min(...lons) && lon <= Math.max(...lons) && lat >= Math.min(...lats) && lat <= Math.max(...lats));
    });
    expect(outside).toEqual([]);
  });
});

describe('a site registry, landed', () => {
  it('lands feature n as row n + 1, and rejects the feature without a site code by its row', async () => {
    const dir = await tempDir();
    const db = await openLanding(path.join(dir, 'warehouse.duckdb'));
    open.push(db);
    const file = await written('sitios.geojson', REGISTRY);
    const [part] = (await detected(file)).parts;
    const counts = await landCsv(db, {
      ...part,
      fileName: 'sitios.geojson',
      fileHash: createHash('sha256').update(REGISTRY).digest('hex'),
      batchId: 'batch-1',
    });
    expect(counts).toEqual({ rows_read: 4, rows_loaded: 3, rows_rejected: 1, rows_duplicate: 0, rows_superseding: 0, rows_older_version: 0 });
    expect(await db.query('select file_name, line, column_name, reason from meta.ingest_rejects')).toEqual([
      { file_name: 'sitios.geojson', line: 4, column_name: 'site_code', reason: 'no record key: the site_code cell is empty' },
    ]);
    expect(
      await db.query('select _source_row, _record_key, geometry_type, longitude, latitude from raw.feeds__site_registry order by _source_row'),
    ).toEqual([
      { _source_row: 2, _record_key: 'CO-P007-S2', geometry_type: 'Point', longitude: '-75.5636', latitude: '6.2518' },
      { _source_row: 3, _record_key: 'PE-P012-S1', geometry_type: 'Polygon', longitude: '-70.35', latitude: '-13.07' },
      { _source_row: 5, _record_key: 'CD-P003-S1', geometry_type: null, longitude: null, latitude: null },
    ]);
  });
});

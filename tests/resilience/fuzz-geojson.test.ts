/**
 * Fuzzing the GeoJSON site-registry reader (ingest/geojson/detect-site-registry.ts): generated FeatureCollections
 * whose features carry any properties, ids and geometries (every GeoJSON type, empty or malformed coordinates, text
 * where numbers go, features that are not objects), and real registries bent byte by byte. A registry is read into a
 * CSV with one row per feature in order, each feature's site code in its row and a point that is empty or a plain
 * decimal number, or refused with an IngestError naming the file (and, for broken JSON, a line it has).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { detectSiteRegistry } from '../../ingest/geojson/detect-site-registry.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { awkwardText, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { detectedOrRefused } from './well-formed.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let dir: string;
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
});

const coordinate: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -180, max: 180, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom<Json>('6.25', 'x', null, true, [], {}) },
);
const position: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: fc.array(coordinate, { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(coordinate, { maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, 'here', 5) },
);
const positions = (min = 0) => fc.array(position, { minLength: min, maxLength: 6 });
const geometry: fc.Arbitrary<Json> = fc.oneof(
  position.map((coordinates) => ({ type: 'Point', coordinates })),
  positions().map((coordinates) => ({ type: 'MultiPoint', coordinates })),
  positions().map((coordinates) => ({ type: 'LineString', coordinates })),
  fc.array(positions(), { maxLength: 3 }).map((coordinates) => ({ type: 'MultiLineString', coordinates })),
  fc.array(positions(1), { maxLength: 3 }).map((rings) => ({ type: 'Polygon', coordinates: rings.map((r) => [...r, r[0]]) })),
  fc.array(fc.array(positions(1), { maxLength: 2 }), { maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
  fc.constantFrom<Json>(null, { type: 'GeometryCollection', geometries: [] }, { type: 'Circle', radius: 3 }, { type: 'Point' }, 'POINT(1 2)', []),
);

const propertyName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('site_code', 'site_id', 'pcode', 'code', 'name', 'mineral', 'workers') },
  { weight: 1, arbitrary: fc.constantFrom('geometry', 'longitude', 'Latitude', 'feature_id', 'geometry_type', '', 'a/b', 'x\u0000y') },
  { weight: 2, arbitrary: awkwardText(10) },
);
const propertyValue: fc.Arbitrary<Json> = fc.oneof(awkwardText(20), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.dictionary(awkwardText(6), awkwardText(6), { maxKeys: 2 }));

/** A feature: the site code first-class (text or number), other properties, an id now and then. */
const feature: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record(
        {
          code: fc.oneof(awkwardText(12), fc.integer().map(String)),
          properties: fc.dictionary(propertyName, propertyValue, { maxKeys: 5 }),
          geometry,
          id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
        },
        { requiredKeys: ['code', 'properties', 'geometry'] },
      )
      .map(({ code, properties, geometry: shape, id }) => ({
        type: 'Feature',
        ...(id === undefined ? {} : { id }),
        properties: { ...properties, site_code: code },
        geometry: shape,
      })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, 7, 'feature', [], { type: 'Feature' }, { type: 'Feature', properties: null, geometry: null }) },
);

/** A real registry, to bend byte by byte. */
const REGISTRY = Buffer.from(
  JSON.stringify(
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 1, properties: { site_code: 'CO-P001-S1', name: 'La Esperanza' }, geometry: { type: 'Point', coordinates: [-75.56, 6.25] } },
        {
          type: 'Feature',
          properties: { site_code: 'PE-P012-S1', mineral: 'gold' },
          geometry: { type: 'Polygon', coordinates: [[[-70.3, -13.0], [-70.2, -13.0], [-70.2, -13.1], [-70.3, -13.0]]] },
        },
      ],
    },
    null,
    2,
  ),
);

/** A generated registry (its features known, so each can be looked for) or a real one bent. */
const input = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(feature, { minLength: 1, maxLength: 8 }), fc.nat({ max: 2 }))
      .map(([features, indent]) => ({ features, bytes: Buffer.from(JSON.stringify({ type: 'FeatureCollection', name: 'registro', features }, null, indent)) })),
  },
  { weight: 2, arbitrary: mutated(REGISTRY).map((bytes) => ({ features: undefined, bytes })) },
);

const hasProperties = (f: Json): f is { properties: { site_code?: string } } => typeof f === 'object' && f !== null && 'properties' in f && f.properties !== null;

describe('detectSiteRegistry', () => {
  it('writes one row per feature in order with its site code and a plain point, or refuses the registry naming it and a line it has', async () => {
    const outcomes = tally('read', 'refused', 'features', 'bent');
    let n = 0;
    await fuzz(
      { suite: 'geojson', small: 100, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(input, async ({ features, bytes }) => {
        const file = path.join(dir, `sites-${++n}.geojson`);
        await writeFile(file, bytes);
        if (!features) {
          outcomes.bent++;
          outcomes[await detectedOrRefused(() => detectSiteRegistry(file), { kind: IngestError, file, bytes })]++;
          return;
        }
        const refusal = { kind: IngestError, file, bytes, says: /no feature has a site_code, site_id, pcode or code property/ };
        const outcome = await detectedOrRefused(() => detectSiteRegistry(file), refusal, async (result) => {
          const [header, ...rows] = parseCsv(await readFile(result.parts[0].file, 'utf8'));
          expect(rows, 'one row per feature').toHaveLength(features.length);
          const code = header.indexOf('site_code');
          expect(rows.map((row) => row[code])).toEqual(features.map((f) => (hasProperties(f) && f.properties.site_code) || ''));
          for (const axis of ['longitude', 'latitude']) {
            for (const row of rows) expect(row[header.indexOf(axis)], axis).toMatch(/^(-?\d+(\.\d+)?)?$/);
          }
          outcomes.features += features.length;
        });
        // A valid FeatureCollection is refused only when no feature has a property naming its site.
        if (features.some(hasProperties)) expect(outcome, 'a registry whose features name their sites is read').toBe('read');
        outcomes[outcome]++;
      }),
    );
    expect(outcomes.features, 'generated registries are read').toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.bent).toBeGreaterThan(0);
  });
});

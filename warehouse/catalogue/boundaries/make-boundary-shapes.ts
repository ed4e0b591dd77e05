/**
 * Writes the catalogue's boundary shapes (`admin1_shapes.geojson`, `country_shapes.geojson`) from Natural Earth's
 * admin-1 layer: one feature per ISO 3166-2 code (Natural Earth's units under one code merged), simplified for maps
 * drawn at country scale and with a label point inside each shape. That point is also where the public tier puts a
 * site it may not locate more precisely than its admin-1 unit, so it must lie inside the unit (polylabel), which a
 * plain centroid does not for crescent-shaped provinces.
 *
 * Run once when the boundaries change: `tsx make-boundary-shapes.ts <admin1.geojson> <countries.geojson> <out dir>`.
 * The output is committed: builds and the portal then need nothing outside the repository.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import simplify from '@turf/simplify';
import polylabel from 'polylabel';

type Ring = [number, number][];
type Polygon = Ring[];

interface SourceFeature {
  properties: { country_code: string; admin1_code?: string | null; name?: string | null };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}

export interface ShapeFeature {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry: { type: 'MultiPolygon'; coordinates: Polygon[] };
}

/** Degrees a simplified outline may stray from the original: about 2 km, a pixel or two on a map of a whole country. */
export const TOLERANCE_DEG = 0.02;
/** Coordinates are kept to 1e-3 degrees (about 110 m). */
const PRECISION = 1e3;

const round = (v: number) => Math.round(v * PRECISION) / PRECISION;

function polygonsOf(geometry: SourceFeature['geometry']): Polygon[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Twice the signed area of a ring (shoelace); its magnitude ranks polygons. */
function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(sum);
}

/** Rounds a ring and drops the points rounding made repeat; null when too little of it is left to enclose anything. */
function roundRing(ring: Ring): Ring | null {
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const point: [number, number] = [round(lon), round(lat)];
    const last = out.at(-1);
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  if (out.length < 4) return null;
  const [first, last] = [out[0], out.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([...first]);
  return out;
}

/** Simplifies and rounds polygons, keeping any polygon that survives and always the largest one. */
export function simplifyPolygons(polygons: Polygon[]): Polygon[] {
  const simplified = (
    simplify({ type: 'MultiPolygon', coordinates: polygons }, { tolerance: TOLERANCE_DEG, highQuality: true }) as { coordinates: Polygon[] }
  ).coordinates;
  const kept = simplified
    .map((polygon) => {
      const [outer, ...holes] = polygon.map(roundRing);
      return outer ? [outer, ...holes.filter((h): h is Ring => h !== null)] : null;
    })
    .filter((p): p is Polygon => p !== null);
  if (kept.length) return kept;
  // A tiny island unit can vanish whole at this tolerance: keep its largest polygon only rounded.
  const largest = [...polygons].sort((a, b) => ringArea(b[0]) - ringArea(a[0]))[0];
  return [largest.map((ring) => roundRing(ring) ?? ring.map(([x, y]) => [round(x), round(y)] as [number, number]))];
}

/** A point inside the largest polygon, as far from its edges as can be found to 1e-3 degrees. */
export function labelPoint(polygons: Polygon[]): [number, number] {
  const largest = [...polygons].sort((a, b) => ringArea(b[0]) - ringArea(a[0]))[0];
  const [lon, lat] = polylabel(largest, 1 / PRECISION);
  return [round(lon), round(lat)];
}

function shape(properties: Record<string, string>, polygons: Polygon[]): ShapeFeature {
  const [label_lon, label_lat] = labelPoint(polygons);
  return { type: 'Feature', properties: { ...properties, label_lon, label_lat }, geometry: { type: 'MultiPolygon', coordinates: simplifyPolygons(polygons) } };
}

/** One shape per admin-1 code, in code order. */
export function admin1Shapes(features: SourceFeature[]): ShapeFeature[] {
  const byCode = new Map<string, { country_code: string; polygons: Polygon[] }>();
  for (const { properties, geometry } of features) {
    // Two unnamed placeholder units (`CO-X01~`, `VE-X01~`) are left out, as admin1_units.csv leaves them out.
    if (!properties.admin1_code || !properties.name) continue;
    const entry = byCode.get(properties.admin1_code) ?? { country_code: properties.country_code, polygons: [] };
    entry.polygons.push(...polygonsOf(geometry));
    byCode.set(properties.admin1_code, entry);
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([admin1_code, { country_code, polygons }]) => shape({ admin1_code, country_code }, polygons));
}

/** One shape per country, in code order. */
export function countryShapes(features: SourceFeature[]): ShapeFeature[] {
  return [...features]
    .sort((a, b) => a.properties.country_code.localeCompare(b.properties.country_code))
    .map(({ properties, geometry }) => shape({ country_code: properties.country_code }, polygonsOf(geometry)));
}

/** A FeatureCollection with one feature per line, so a change to one unit is one line of the diff. */
export function featureCollectionText(features: ShapeFeature[]): string {
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [admin1File, countriesFile, out] = process.argv.slice(2);
  if (!out) throw new Error('usage: make-boundary-shapes.ts <admin1.geojson> <countries.geojson> <out dir>');
  const read = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { features: SourceFeature[] }).features;
  await writeFile(path.join(out, 'admin1_shapes.geojson'), featureCollectionText(admin1Shapes(await read(admin1File))));
  await writeFile(path.join(out, 'country_shapes.geojson'), featureCollectionText(countryShapes(await read(countriesFile))));
}

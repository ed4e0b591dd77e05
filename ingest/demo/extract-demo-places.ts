/**
 * Development tool, run once by hand: samples points inside Natural Earth admin-1 outlines and prints the source of
 * `demo-places.ts`. The generator itself never reads a boundary file (a fresh clone has none), so the points are
 * kept as code; rerun this only to change the places:
 *
 *   npx tsx ingest/demo/extract-demo-places.ts path/to/admin1.geojson > ingest/demo/demo-places.ts
 *
 * Each point lies at least MARGIN_DEG inside its unit (all eight neighbours at that distance are inside too), so the
 * generator's jitter of at most 0.01° keeps every site within the unit it is filed under.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { streamFor } from './demo-random.ts';

type Ring = [number, number][];
interface Feature {
  properties: { country_code: string; admin1_code: string; name: string | null };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface ExtractedPlace {
  country: string;
  admin1: string;
  name: string;
  points: [number, number][];
}

/** The units the demo places producers in: regions known for artisanal and small-scale mining. */
export const DEMO_UNITS: Readonly<Record<string, readonly string[]>> = {
  CO: ['CO-ANT', 'CO-NAR', 'CO-CAU', 'CO-CHO', 'CO-BOL'],
  PE: ['PE-MDD', 'PE-PUN', 'PE-ARE', 'PE-LAL'],
  BO: ['BO-L', 'BO-P', 'BO-O'],
  EC: ['EC-Z', 'EC-E', 'EC-O', 'EC-A'],
  BF: ['BF-PON', 'BF-GAN', 'BF-SOM', 'BF-COM'],
  GH: ['GH-AH', 'GH-WP', 'GH-EP'],
  CD: ['CD-SK', 'CD-NK', 'CD-MA', 'CD-OR'],
  TZ: ['TZ-27', 'TZ-18', 'TZ-13', 'TZ-14', 'TZ-26'],
  MN: ['MN-049', 'MN-041', 'MN-047', 'MN-055', 'MN-067'],
};

const POINTS_PER_UNIT = 8;
const MARGIN_DEG = 0.015;
const MAX_TRIES = 200_000;

/** Even-odd ray casting over every ring, so holes are outside. */
export function insidePolygons(lon: number, lat: number, polygons: Ring[][]): boolean {
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function wellInside(lon: number, lat: number, polygons: Ring[][]): boolean {
  for (const dx of [-MARGIN_DEG, 0, MARGIN_DEG]) {
    for (const dy of [-MARGIN_DEG, 0, MARGIN_DEG]) {
      if (!insidePolygons(lon + dx, lat + dy, polygons)) return false;
    }
  }
  return true;
}

export function extractDemoPlaces(features: Feature[], units = DEMO_UNITS, seed = 2021): ExtractedPlace[] {
  const places: ExtractedPlace[] = [];
  for (const [country, codes] of Object.entries(units)) {
    for (const code of codes) {
      // Natural Earth has a few unnamed slivers and duplicated codes; only a named feature of the right country counts.
      const matches = features.filter(
        (f) => f.properties.admin1_code === code && f.properties.country_code === country && f.properties.name,
      );
      if (matches.length !== 1) throw new Error(`${code}: expected one named Natural Earth feature, found ${matches.length}`);
      const [feature] = matches;
      const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      const all = polygons.flat(2);
      const [minLon, maxLon] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
      const [minLat, maxLat] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
      const random = streamFor(seed, 'place', code);
      const points: [number, number][] = [];
      for (let tries = 0; points.length < POINTS_PER_UNIT; tries += 1) {
        if (tries > MAX_TRIES) throw new Error(`${code}: found only ${points.length} points well inside the outline`);
        const lon = Number(random.between(minLon, maxLon).toFixed(4));
        const lat = Number(random.between(minLat, maxLat).toFixed(4));
        if (wellInside(lon, lat, polygons)) points.push([lon, lat]);
      }
      places.push({ country, admin1: code, name: feature.properties.name!, points });
    }
  }
  return places;
}

export function demoPlacesSource(places: ExtractedPlace[]): string {
  const lines = places.map(
    (p) =>
      `  { country: '${p.country}', admin1: '${p.admin1}', name: '${p.name.replaceAll("'", "\\'")}', points: ${JSON.stringify(p.points).replaceAll(',', ', ')} },`,
  );
  return `/**
 * Admin-1 units the demo places its producers in, with points inside each unit. Boundaries: Natural Earth (public
 * domain), the same admin-1 units as the portal's maps and the catalogue's admin1_units.csv. Generated once by
 * extract-demo-places.ts (${POINTS_PER_UNIT} points per unit, each at least ${MARGIN_DEG}° inside the outline); do not edit by hand.
 */
import type { DemoCountry } from './demo-countries.ts';

export interface DemoPlace {
  country: DemoCountry;
  /** ISO 3166-2 code, as in the form's admin1 choices. */
  admin1: string;
  /** Natural Earth's name of the unit. */
  name: string;
  /** [lon, lat], WGS84. */
  points: readonly (readonly [number, number])[];
}

export const DEMO_PLACES: readonly DemoPlace[] = [
${lines.join('\n')}
];
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: extract-demo-places.ts <admin1.geojson>');
  const geojson = JSON.parse(await readFile(file, 'utf8')) as { features: Feature[] };
  process.stdout.write(demoPlacesSource(extractDemoPlaces(geojson.features)));
}

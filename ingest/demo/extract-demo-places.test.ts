/** The development tool that sampled the demo's places: inside the outline, clear of its edges and holes. */
import { describe, expect, it } from 'vitest';
import { extractDemoPlaces, insidePolygons } from './extract-demo-places.ts';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const withHole = [square(0, 0, 1, 1), square(0.4, 0.4, 0.6, 0.6)];
const feature = (name: string | null) => ({
  properties: { country_code: 'XX', admin1_code: 'XX-A', name },
  geometry: { type: 'Polygon' as const, coordinates: withHole },
});

describe('extractDemoPlaces', () => {
  it('tests points against outlines, holes excluded', () => {
    expect(insidePolygons(0.2, 0.2, [withHole])).toBe(true);
    expect(insidePolygons(0.5, 0.5, [withHole])).toBe(false);
    expect(insidePolygons(1.5, 0.5, [withHole])).toBe(false);
  });

  it('samples eight points at least 0.015° inside the unit, the same ones for the same seed', () => {
    const [place] = extractDemoPlaces([feature(null), feature('Unit A')], { XX: ['XX-A'] });
    expect(place).toMatchObject({ country: 'XX', admin1: 'XX-A', name: 'Unit A' });
    expect(place.points).toHaveLength(8);
    for (const [lon, lat] of place.points) {
      expect(Math.min(lon, lat, 1 - lon, 1 - lat)).toBeGreaterThanOrEqual(0.015);
      expect(Math.abs(lon - 0.5) >= 0.115 || Math.abs(lat - 0.5) >= 0.115).toBe(true);
    }
    expect(extractDemoPlaces([feature('Unit A')], { XX: ['XX-A'] })).toEqual([place]);
  });

  it('names a unit it cannot find', () => {
    expect(() => extractDemoPlaces([feature(null)], { XX: ['XX-A'] })).toThrow('XX-A: expected one named Natural Earth feature, found 0');
  });
});

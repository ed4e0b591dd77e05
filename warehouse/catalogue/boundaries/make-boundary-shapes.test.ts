import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { admin1Shapes, labelPoint, simplifyPolygons } from './make-boundary-shapes.ts';

/** Even-odd test of a point against one ring. */
function inside([x, y]: [number, number], ring: [number, number][]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

describe('boundary shapes', () => {
  it('labels a C-shaped unit inside it, where its centroid would fall outside', () => {
    const c: [number, number][] = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]];
    const point = labelPoint([[c]]);
    expect(inside(point, c)).toBe(true);
    // The vertex average, (14/8, 12/8) once the closing point is dropped, sits in the gap of the C.
    expect(inside([1.75, 1.5], c)).toBe(false);
  });

  it('labels the largest polygon of a unit made of several', () => {
    const island: [number, number][] = [[10, 10], [10.1, 10], [10.1, 10.1], [10, 10]];
    const mainland: [number, number][] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    expect(inside(labelPoint([[island], [mainland]]), mainland)).toBe(true);
  });

  it('keeps a unit too small to survive simplification, rounded', () => {
    const tiny: [number, number][] = [[1.00001, 1], [1.004, 1], [1.004, 1.004], [1.00001, 1]];
    expect(simplifyPolygons([[tiny]])).toEqual([[[[1, 1], [1.004, 1], [1.004, 1.004], [1, 1]]]]);
  });

  it('the committed shapes label every unit inside its outline', async () => {
    const file = new URL('../admin1_shapes.geojson', import.meta.url);
    const { features } = JSON.parse(await readFile(file, 'utf8')) as { features: ReturnType<typeof admin1Shapes> };
    expect(features).toHaveLength(804);
    const outside = features.filter(({ properties, geometry }) => {
      const point: [number, number] = [Number(properties.label_lon), Number(properties.label_lat)];
      return !geometry.coordinates.some((polygon) => inside(point, polygon[0]) && !polygon.slice(1).some((hole) => inside(point, hole)));
    });
    expect(outside.map((f) => f.properties.admin1_code)).toEqual([]);
  });
});

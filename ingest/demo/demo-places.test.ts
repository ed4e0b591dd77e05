/** The embedded places: real admin-1 units of the catalogue, one profile each, as the extraction tool lists them. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COUNTRIES, DEMO_COUNTRIES, UNITS } from './demo-countries.ts';
import { DEMO_PLACES } from './demo-places.ts';
import { DEMO_UNITS } from './extract-demo-places.ts';
import { csvRecords } from '../../tests/helpers/parse-csv.ts';

describe('DEMO_PLACES', () => {
  it('uses only admin-1 units of the catalogue, in their own country', async () => {
    const file = fileURLToPath(new URL('../../warehouse/catalogue/admin1_units.csv', import.meta.url));
    const units = new Map(csvRecords(await readFile(file, 'utf8')).map((u) => [u.admin1_code, u.country_code]));
    for (const place of DEMO_PLACES) expect(units.get(place.admin1), place.admin1).toBe(place.country);
  });

  it('holds eight distinct points in each unit the extraction tool lists, 3 to 6 units per country', () => {
    expect(DEMO_PLACES.map((p) => p.admin1)).toEqual(Object.values(DEMO_UNITS).flat());
    for (const place of DEMO_PLACES) {
      expect(new Set(place.points.map((p) => p.join())).size).toBe(8);
      expect(UNITS[place.admin1], place.admin1).toBeDefined();
    }
    for (const country of DEMO_COUNTRIES) {
      const count = DEMO_PLACES.filter((p) => p.country === country).length;
      expect(count, country).toBeGreaterThanOrEqual(3);
      expect(count, country).toBeLessThanOrEqual(6);
    }
    expect(Object.keys(UNITS).sort()).toEqual(DEMO_PLACES.map((p) => p.admin1).sort());
    expect([...DEMO_COUNTRIES].sort()).toEqual(Object.keys(COUNTRIES).sort());
  });
});

/**
 * How the public map places sites (marts.fct_site_places): by default at their admin-1 unit's label point, and with
 * the publication rule public.site_grid_degrees at the centre of a grid cell, every known site counted in exactly one
 * place. Checked against the exact coordinates in dim_sites, which only restricted tiers see.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../warehouse/builder/build-snapshot.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { CATALOGUE_DIR } from '../../warehouse/project-paths.ts';
import type { VetaHome } from '../../warehouse/home.ts';
import { publishedDemo } from '../helpers/demo-home.ts';
import { tempDir } from '../helpers/temp-home.ts';

interface Place {
  place_id: string;
  precision: string;
  country_code: string;
  admin1_code: string | null;
  place_lon: number;
  place_lat: number;
  sites_known: number;
}

interface Site {
  site_id: string;
  country_code: string;
  admin1_code: string | null;
  site_lon: number;
  site_lat: number;
}

async function read(home: VetaHome): Promise<{ places: Place[]; sites: Site[] }> {
  const db = await Database.open(home.published, { readOnly: true });
  try {
    return {
      places: await db.query<Place>(
        `select place_id, precision, country_code, admin1_code, place_lon, place_lat, sites_known
         from marts.fct_site_places where edition = 'current' order by place_id`,
      ),
      sites: await db.query<Site>('select site_id, country_code, admin1_code, site_lon, site_lat from marts.dim_sites order by site_id'),
    };
  } finally {
    db.close();
  }
}

/** How many of `items` each key holds. */
function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('public site places', () => {
  it('count every site once, at its admin-1 unit\'s label point by default', async () => {
    const home = await publishedDemo();
    const { places, sites } = await read(home);
    expect(places.every((p) => p.precision === 'admin1')).toBe(true);
    expect(Object.fromEntries(places.map((p) => [p.place_id, p.sites_known]))).toEqual(tally(sites, (s) => s.admin1_code!));
  });

  it('count every site once, at the centre of its grid cell when the publication rule asks for a grid', async () => {
    const home = await publishedDemo();
    const catalogue = await tempDir();
    await cp(CATALOGUE_DIR, catalogue, { recursive: true });
    const rules = path.join(catalogue, 'publication_rules.csv');
    const text = await readFile(rules, 'utf8');
    expect(text).toMatch(/^public\.site_grid_degrees,0,/m);
    await writeFile(rules, text.replace(/^public\.site_grid_degrees,0,/m, 'public.site_grid_degrees,0.5,'));
    const report = await buildSnapshot({ home, catalogueDir: catalogue });
    expect(report.published).toBe(true);

    const { places, sites } = await read(home);
    expect(places.every((p) => p.precision === 'grid' && p.admin1_code === null)).toBe(true);
    const cell = (s: Site) => `${s.country_code}:grid:0.5:${Math.floor(s.site_lon / 0.5)}:${Math.floor(s.site_lat / 0.5)}`;
    expect(Object.fromEntries(places.map((p) => [p.place_id, p.sites_known]))).toEqual(tally(sites, cell));
    for (const site of sites) {
      const place = places.find((p) => p.place_id === cell(site))!;
      expect(Math.abs(site.site_lon - place.place_lon)).toBeLessThanOrEqual(0.25);
      expect(Math.abs(site.site_lat - place.place_lat)).toBeLessThanOrEqual(0.25);
      expect([place.place_lon * 4, place.place_lat * 4].every((v) => Math.abs(v - Math.round(v)) < 1e-9)).toBe(true);
    }
  });
});

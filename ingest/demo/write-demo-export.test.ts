import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { SITE_ASSESSMENT_EXPORT_COLUMNS as header } from '../kobo/site-assessment-form.ts';
import { DEMO_REGIONS } from './regions.ts';
import { demoRows, writeDemoExport } from './write-demo-export.ts';

describe('writeDemoExport', () => {
  it('writes the same bytes for the same seed, and other bytes for another', async () => {
    const [a, b, c] = await Promise.all([tempDir(), tempDir(), tempDir()]);
    const first = await writeDemoExport(a);
    const again = await writeDemoExport(b);
    const other = await writeDemoExport(c, { seed: 7 });
    expect(await readFile(again.file)).toEqual(await readFile(first.file));
    expect(await readFile(other.file)).not.toEqual(await readFile(first.file));
  });

  it('writes a Kobo-style export: quoted, semicolon-separated, the form columns then the metadata', async () => {
    const written = await writeDemoExport(await tempDir());
    const [headerLine, firstRow] = (await readFile(written.file, 'utf8')).split('\r\n');
    expect(headerLine).toBe(header.map((c) => `"${c}"`).join(';'));
    expect(firstRow.split('";"')).toHaveLength(header.length);
    expect(written).toMatchObject({ countries: 4 });
    expect(written.sites).toBeGreaterThan(written.producers);
    expect(written.submissions).toBeGreaterThan(written.sites);
  });

  it('places every site inside a known admin-1 region and keeps one location per site', () => {
    const rows = demoRows();
    const col = (name: string) => header.indexOf(name);
    const locations = new Map<string, string>();
    for (const row of rows) {
      const region = DEMO_REGIONS.find((r) => r.code === row[col('site/admin1')]);
      expect(region?.country.toLowerCase()).toBe(row[col('site/country')]);
      const point = [Number(row[col('_gps_longitude')]), Number(row[col('_gps_latitude')])];
      expect(region?.points).toContainEqual(point);
      const site = row[col('site/site_code')];
      expect(locations.get(site) ?? point.join()).toBe(point.join());
      locations.set(site, point.join());
    }
  });

  it('lists submissions in the order the server received them, with unique uuids', () => {
    const rows = demoRows();
    const received = rows.map((r) => r[header.indexOf('_submission_time')]);
    expect(received).toEqual([...received].sort());
    expect(new Set(rows.map((r) => r[header.indexOf('_uuid')])).size).toBe(rows.length);
  });
});

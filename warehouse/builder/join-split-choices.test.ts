import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingest-file.ts';
import { demoExport } from '../../tests/helpers/demo-home.ts';
import { tempHome } from '../../tests/helpers/temp-home.ts';
import { Database } from '../gateway/duckdb.ts';
import { openLanding } from '../landing/open-landing.ts';
import { buildSnapshot } from './build-snapshot.ts';

const MULTIPLE = ['site/minerals', 'workforce/women_roles', 'practices/environmental_measures'];

describe("an export with select_multiple as one column per choice only", () => {
  it('gives the models the same answers as the export with the joined column', async () => {
    const home = await tempHome();
    const demo = await demoExport(4, home.demo);
    // Kobo's "separate columns" option: the space-separated column is left out, the 1/0 columns stay.
    const keep = demo.header.map((h, i) => [h, i] as const).filter(([h]) => !MULTIPLE.includes(h));
    const file = path.join(home.demo, 'separate-columns.csv');
    const cells = (row: readonly string[]) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(';');
    await writeFile(file, [cells(keep.map(([h]) => h)), ...demo.rows.map((r) => cells(keep.map(([, i]) => r[i])))].join('\n'));
    const landing = await openLanding(home.warehouse);
    try {
      await ingestFile(landing, file, { archiveDir: home.archive });
    } finally {
      landing.close();
    }
    const report = await buildSnapshot({ home });
    expect(report).toMatchObject({ published: true, tests_failed: 0 });

    const db = await Database.open(home.published);
    try {
      const sites = await db.query<{ site_id: string; minerals: string[] }>(
        'select site_id, minerals from staging.stg_kobo__veta_site_assessments order by submission_uuid',
      );
      const expected = [...demo.rows]
        .sort((a, b) => demo.cell(a, '_uuid').localeCompare(demo.cell(b, '_uuid')))
        .map((r) => ({ site_id: demo.cell(r, 'site/site_code'), minerals: demo.cell(r, 'site/minerals').split(' ').sort() }));
      expect(sites).toEqual(expected);
      const [roles] = await db.query<{ n: number }>(
        `select count(*)::integer as n from staging.stg_kobo__veta_site_assessments where len(women_roles) > 0`,
      );
      expect(roles.n).toBe(demo.rows.filter((r) => demo.cell(r, 'workforce/women_roles').trim() !== '').length);
    } finally {
      db.close();
    }
  });
});

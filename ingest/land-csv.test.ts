import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { landingWarehouse } from '../tests/helpers/landing.ts';
import { MAX_COLUMNS } from './land-csv.ts';

describe('landCsv on wide files', () => {
  it('lands a 1,500-column export cell for cell, and knows it again as duplicates', async () => {
    // Landing once took time and memory in the square of the columns (a CASE per column, a column added at a time).
    const { dir, db, land } = await landingWarehouse();
    const questions = Array.from({ length: 1_500 }, (_, i) => `grupo_${i % 30}/pregunta_${i}`);
    const file = path.join(dir, 'censo_minero.csv');
    const row = (uuid: string) => [uuid, '2024-01-01', ...questions.map((q) => `${q}=${uuid}`)].join(';');
    await writeFile(file, `${['_uuid', '_submission_time', ...questions].join(';')}\n${row('u1')}\n${row('u2')}\n`);
    expect(await land(file)).toMatchObject({ target_table: 'raw.kobo__censo_minero', rows_loaded: 2, rows_rejected: 0 });
    const last = questions.at(-1)!;
    expect(await db.query(`select _submission_uuid, "${last}" as v from raw.kobo__censo_minero order by 1`)).toEqual([
      { _submission_uuid: 'u1', v: `${last}=u1` },
      { _submission_uuid: 'u2', v: `${last}=u2` },
    ]);
    expect(await land(file)).toMatchObject({ rows_read: 2, rows_loaded: 0, rows_duplicate: 2 });
  });

  it(`refuses a header of more than ${MAX_COLUMNS.toLocaleString('en')} columns, saying so, and lands nothing`, async () => {
    const { dir, db, land } = await landingWarehouse();
    const file = path.join(dir, 'wide.csv');
    const header = ['_uuid', '_submission_time', ...Array.from({ length: MAX_COLUMNS - 1 }, (_, i) => `q${i}`)];
    await writeFile(file, `${header.join(',')}\n${header.map(() => 'x').join(',')}\n`);
    await expect(land(file)).rejects.toThrow(
      'wide.csv: line 1: the header names 16,001 columns; Veta lands at most 16,000 (a spreadsheet holds 16,384): split the file, or export fewer questions',
    );
    expect(await db.query('select count(*)::integer as n from meta.ingest_batches')).toEqual([{ n: 0 }]);
  });
});

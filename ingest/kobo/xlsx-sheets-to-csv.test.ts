import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { REPEAT_KEY, xlsxSheetsToCsv } from './xlsx-sheets-to-csv.ts';

describe('xlsxSheetsToCsv', () => {
  it('keeps sheet row numbers through blank rows, with records as wide as the header, and keys repeats by order', async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    const main = workbook.addWorksheet('main');
    main.addRow(['_uuid', 'when']);
    main.addRow(['u1', new Date(Date.UTC(2024, 0, 5))]);
    const repeat = workbook.addWorksheet('improvement_actions');
    repeat.addRow(['action', '_submission__uuid']);
    repeat.addRow(['a', 'u1']);
    repeat.getRow(4).values = ['b', 'u1']; // row 3 left blank, as people leave rows in spreadsheets
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);

    const [first, second] = await xlsxSheetsToCsv(file, dir);
    expect(parseCsv(await readFile(first.file, 'utf8'), ';')).toEqual([['_uuid', 'when'], ['u1', '2024-01-05']]);
    const rows = parseCsv(await readFile(second.file, 'utf8'), ';');
    expect(rows[0]).toEqual(['action', '_submission__uuid', REPEAT_KEY]);
    expect(rows.slice(1)).toEqual([
      ['a', 'u1', 'u1/improvement_actions[1]'],
      ['', '', ''],
      ['b', 'u1', 'u1/improvement_actions[2]'],
    ]);
    expect(second).toMatchObject({ sheet: 'improvement_actions', rows: 2, isRepeat: true });
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
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

  it("refuses a row with a cell right of the header's last, leaving its line empty; an empty cell there is no cell", async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('principal');
    sheet.addRows([['_uuid', 'nombre'], ['u1', 'Mina Éxito'], ['u2', 'La Esperanza', null, 'nota al margen'], ['u3', 'El Porvenir']]);
    // Formatted but empty, as a sheet keeps the cells someone once selected.
    sheet.getRow(4).getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);
    const [main] = await xlsxSheetsToCsv(file, dir);
    expect(main.refused).toEqual([
      {
        line: 3,
        column: 'D',
        rawLine: '"u2";"La Esperanza";"";"nota al margen"',
        reason: "a cell right of the header's last column (B): Expected Number of Columns: 2 Found: 4",
      },
    ]);
    expect((await readFile(main.file, 'utf8')).split('\r\n')).toEqual(['"_uuid";"nombre"', '"u1";"Mina Éxito"', '', '"u3";"El Porvenir"', '']);
  });

  it("keeps a formula's cached result of 0 or an empty text, which exceljs's cell values leave out", async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('principal');
    sheet.addRow(['_uuid', 'trabajadores', 'menores', 'nota']);
    sheet.addRow(['u1', { formula: 'B3+1', result: 12 }, { formula: 'SUM(C3:C4)', result: 0 }, { formula: 'TRIM(" ")', result: '' }]);
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);
    const [main] = await xlsxSheetsToCsv(file, dir);
    expect(parseCsv(await readFile(main.file, 'utf8'), ';')[1]).toEqual(['u1', '12', '0', '']);
  });

  it('reads a repeat sheet whose header has an empty cell, the column named by nothing', async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('acciones');
    sheet.getRow(1).values = ['accion', null, 'plazo', '_submission__uuid'];
    sheet.getRow(2).values = ['cercar', 'x', '2024-06', 'u1'];
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);
    const [repeat] = await xlsxSheetsToCsv(file, dir);
    expect(repeat.columns).toEqual(['accion', '', 'plazo', '_submission__uuid']);
    expect(parseCsv(await readFile(repeat.file, 'utf8'), ';')).toEqual([
      ['accion', '', 'plazo', '_submission__uuid', REPEAT_KEY],
      ['cercar', 'x', '2024-06', 'u1', 'u1/acciones[1]'],
    ]);
  });

  it('says which part of a damaged workbook it could not read, and why, in words a person can act on', async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('principal').addRows([['_uuid', 'nombre'], ['u1', 'Mina Éxito']]);
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);
    const bent = async (name: string, change: (xml: string) => string) => {
      const zip = await JSZip.loadAsync(await readFile(file));
      zip.file('xl/worksheets/sheet1.xml', change(await zip.file('xl/worksheets/sheet1.xml')!.async('string')));
      const out = path.join(dir, name);
      await writeFile(out, await zip.generateAsync({ type: 'nodebuffer' }));
      return out;
    };
    // A cell without its reference: exceljs fails with a TypeError that says nothing to a person.
    const unreferenced = await bent('sin-referencia.xlsx', (xml) => xml.replace(/ r="A2"/, ''));
    await expect(xlsxSheetsToCsv(unreferenced, dir)).rejects.toThrow('xl/worksheets/sheet1.xml: its XML is not laid out as a spreadsheet writes it (damaged?)');
    // XML that does not close what it opened: the parser's own words, with where.
    const unclosed = await bent('mal-cerrado.xlsx', (xml) => xml.replace('</row>', '</rox>'));
    await expect(xlsxSheetsToCsv(unclosed, dir)).rejects.toThrow(/^xl\/worksheets\/sheet1\.xml: line 2, column \d+: unmatched closing tag: worksheet/);
  });

  /** The workbook rewritten with its parts in this order, as other writers order them; the rest after. */
  async function reordered(file: string, first: string[], last: string[]): Promise<string> {
    const source = await JSZip.loadAsync(await readFile(file));
    const names = Object.keys(source.files).filter((name) => !source.files[name].dir);
    const target = new JSZip();
    for (const name of [...first, ...names.filter((n) => !first.includes(n) && !last.includes(n)), ...last]) {
      if (source.file(name)) target.file(name, await source.file(name)!.async('nodebuffer'));
    }
    const out = file.replace(/\.xlsx$/, '-reordered.xlsx');
    await writeFile(out, await target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return out;
  }

  it('reads a workbook whose xl/workbook.xml comes after its sheets, and refuses one without it', async () => {
    const dir = await tempDir();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('principal').addRows([['_uuid', 'nombre'], ['u1', 'Mina Éxito']]);
    workbook.addWorksheet('acciones').addRows([['accion', '_submission__uuid'], ['cercar', 'u1']]);
    const file = path.join(dir, 'export.xlsx');
    await workbook.xlsx.writeFile(file);
    // Shared strings and relationships first, workbook.xml last: exceljs's reader once failed on it with a TypeError.
    const late = await reordered(file, ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'], ['xl/workbook.xml']);
    const sheets = await xlsxSheetsToCsv(late, dir);
    expect(sheets.map((s) => s.sheet)).toEqual(['principal', 'acciones']);
    expect(parseCsv(await readFile(sheets[0].file, 'utf8'), ';')).toEqual([['_uuid', 'nombre'], ['u1', 'Mina Éxito']]);
    expect(parseCsv(await readFile(sheets[1].file, 'utf8'), ';')[1]).toEqual(['cercar', 'u1', 'u1/acciones[1]']);

    const source = await JSZip.loadAsync(await readFile(file));
    source.remove('xl/workbook.xml');
    const headless = path.join(dir, 'headless.xlsx');
    await writeFile(headless, await source.generateAsync({ type: 'nodebuffer' }));
    await expect(xlsxSheetsToCsv(headless, dir)).rejects.toThrow('it has no xl/workbook.xml, the part that lists its sheets');
  });
});

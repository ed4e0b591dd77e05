/**
 * Writes an XLSForm workbook (sheets survey, choices, settings) that KoboToolbox and ODK Central accept as it is,
 * and reads one back, so tests can check a shipped form against what the catalogue would generate now.
 */
import ExcelJS from 'exceljs';
import { CHOICES_COLUMNS, SETTINGS_COLUMNS, SURVEY_COLUMNS, type Row, type XlsForm } from './build-xlsform.ts';

const SHEETS = [
  ['survey', SURVEY_COLUMNS],
  ['choices', CHOICES_COLUMNS],
  ['settings', SETTINGS_COLUMNS],
] as const;

/** A fixed date, so the workbook's metadata does not change with the clock. */
const EPOCH = new Date(Date.UTC(2024, 0, 1));

export async function writeXlsForm(form: XlsForm, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Veta';
  workbook.created = EPOCH;
  workbook.modified = EPOCH;
  for (const [name, columns] of SHEETS) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((key) => ({ header: key, key, width: key.startsWith('label') || key.startsWith('hint') ? 48 : 18 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of form[name]) {
      const unknown = Object.keys(row).filter((key) => !(columns as readonly string[]).includes(key));
      if (unknown.length) throw new Error(`${name} row ${row.name ?? ''} has columns the sheet lacks: ${unknown.join(', ')}`);
      sheet.addRow(row);
    }
  }
  await workbook.xlsx.writeFile(file);
}

/** Reads the three sheets back as rows keyed by header, leaving out empty cells. */
export async function readXlsForm(file: string): Promise<XlsForm> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const read = (name: string): Row[] => {
    const sheet = workbook.getWorksheet(name);
    if (!sheet) throw new Error(`${file}: no "${name}" sheet`);
    const header = (sheet.getRow(1).values as unknown[]).map((v) => (v == null ? '' : String(v)));
    const rows: Row[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const values = row.values as unknown[];
      const record: Row = {};
      header.forEach((key, i) => {
        const value = values[i];
        if (key && value != null && value !== '') record[key] = String(value);
      });
      rows.push(record);
    });
    return rows;
  };
  return { survey: read('survey'), choices: read('choices'), settings: read('settings') };
}

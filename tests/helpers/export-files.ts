/**
 * Reads and rewrites export files in plain JS, apart from ingest's own readers, so tests can count rows, find the
 * cell on a given row and write an edited re-export of the same file: delimited text, XLSX workbooks (every sheet)
 * and zips of CSV members.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { csvLine, type CsvDialect } from '../../ingest/demo/csv-line.ts';
import { parseCsv } from './parse-csv.ts';

/** A header and its data rows, in file order: `rows[i]` is row `i + 2` of the file, sheet or member. */
export interface Grid {
  header: string[];
  rows: string[][];
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

export function parseGrid(text: string, delimiter: string): Grid {
  const [header, ...rows] = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text, delimiter);
  return { header, rows };
}

export function gridText(grid: Grid, dialect: CsvDialect, eol = '\n'): string {
  return [grid.header, ...grid.rows].map((cells) => csvLine(cells, dialect) + eol).join('');
}

export async function readGrid(file: string, delimiter: string): Promise<Grid> {
  return parseGrid(await readFile(file, 'utf8'), delimiter);
}

/** A cell by its column name; '' when the row is short or the column absent. */
export function cellOf(grid: Grid, row: readonly string[], column: string): string {
  const at = grid.header.indexOf(column);
  return at < 0 ? '' : (row[at] ?? '');
}

/** Sets a cell by column name, adding the column (empty for every other row) after `after` when it is missing. */
export function setCell(grid: Grid, row: string[], column: string, value: string, after?: string): void {
  let at = grid.header.indexOf(column);
  if (at < 0) {
    at = after && grid.header.includes(after) ? grid.header.indexOf(after) + 1 : grid.header.length;
    grid.header.splice(at, 0, column);
    for (const other of grid.rows) {
      while (other.length < at) other.push('');
      other.splice(at, 0, '');
    }
  }
  while (row.length <= at) row.push('');
  row[at] = value;
}

/** A workbook cell as text: numbers as JS prints them, dates as ISO, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return JSON.stringify(value);
  }
  return String(value);
}

/** Every sheet of a workbook as a grid; blank rows stay, as empty rows, so `rows[i]` is still sheet row `i + 2`. */
export async function readWorkbook(file: string): Promise<(Grid & { sheet: string })[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((sheet) => {
    const values = (n: number) => ((sheet.getRow(n).values as ExcelJS.CellValue[]) ?? []).slice(1).map(cellText);
    const header = values(1);
    const rows: string[][] = [];
    for (let n = 2; n <= sheet.rowCount; n += 1) {
      const cells = values(n);
      rows.push(header.map((_, i) => cells[i] ?? ''));
    }
    return { sheet: sheet.name, header, rows };
  });
}

/** The CSV members of a zip, in the zip's order. */
export async function readZipMembers(file: string): Promise<{ member: string; text: string }[]> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const members = Object.values(zip.files).filter((entry) => !entry.dir && entry.name.toLowerCase().endsWith('.csv'));
  return Promise.all(members.map(async (entry) => ({ member: entry.name, text: await entry.async('string') })));
}

export async function writeZip(file: string, members: readonly { member: string; text: string }[], date: Date): Promise<void> {
  const zip = new JSZip();
  for (const { member, text } of members) zip.file(member, text, { date });
  await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

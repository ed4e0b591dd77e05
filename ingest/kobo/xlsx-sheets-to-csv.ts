/**
 * Turns a KoboToolbox XLSX export into one `;`-separated CSV per sheet, so each sheet lands through the same
 * DuckDB reader, rejects and lineage as a CSV export (DuckDB cannot read XLSX offline). Streams the workbook, so
 * memory stays flat for large exports. Row numbers are kept: row n of a CSV is row n of its sheet.
 *
 * A repeat sheet gains a `_repeat_key` column, `<submission uuid>/<sheet>[n]` (n counting that submission's rows in
 * order): Kobo's `_index` and `_parent_index` change with every export, the submission uuid and the order do not.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { RefusedRow } from '../land-csv.ts';
import { spreadsheetColumn } from '../spreadsheet-column.ts';
import { readZipMembers } from '../zip/unpack-zip.ts';

export interface SheetCsv {
  sheet: string;
  file: string;
  columns: string[];
  rows: number;
  isRepeat: boolean;
  /**
   * Rows with a cell right of the header's last column, refused here as a CSV row with too many cells is refused by
   * DuckDB: their lines are left empty in the CSV, so the other rows keep their sheet row.
   */
  refused: RefusedRow[];
}

export const REPEAT_KEY = '_repeat_key';

/** A cell as the text a CSV export would hold. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return text(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * A formula's value with its cached result: exceljs copies only the members of a formula value that are truthy, so a
 * result of 0 or "" is lost from `row.values`; the cell itself still has it.
 */
function withResult(value: ExcelJS.CellValue, cell: ExcelJS.Cell): ExcelJS.CellValue {
  const isFormula = value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value);
  if (!isFormula || 'result' in value || cell.result === undefined) return value;
  return { ...value, result: cell.result } as ExcelJS.CellValue;
}

const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

async function write(out: WriteStream, line: string): Promise<void> {
  if (!out.write(`${line}\r\n`)) await once(out, 'drain');
}

/** The parts of exceljs's streaming reader that read one part each; its own loop over the archive is not used. */
interface WorkbookParts {
  /** What xl/workbook.xml said, once read. */
  model?: { sheets?: unknown };
  _parseRels(part: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(part: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(part: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(part: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(part: NodeJS.ReadableStream, sheetNo: string): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * exceljs 4.4 (pinned) reads a workbook's parts in the order the archive holds them, through a zip stream whose
 * reading races: a workbook whose writer put xl/workbook.xml after its sheets failed with a TypeError, and now and
 * then whole sheets, or their names, were lost without an error (fuzzing found both). So the parts are read here by
 * name from the archive's directory, in the order they depend on each other (relationships, workbook, shared
 * strings, styles), then each sheet in archive order, with exceljs's own parsers, still streaming.
 */
export async function xlsxSheetsToCsv(file: string, outDir: string): Promise<SheetCsv[]> {
  return readZipMembers(file, async (zip) => {
    if (!zip.names.includes(WORKBOOK)) throw new Error(`it has no ${WORKBOOK}, the part that lists its sheets`);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache' });
    const parts = reader as unknown as WorkbookParts;
    const read = async (name: string, parse: (part: NodeJS.ReadableStream) => Promise<void>) => {
      if (zip.names.includes(name)) await parse(await zip.open(name)).catch((error: Error) => Promise.reject(damaged(name, error)));
    };
    await read('xl/_rels/workbook.xml.rels', (part) => parts._parseRels(part));
    await read(WORKBOOK, (part) => parts._parseWorkbook(part));
    if (!Array.isArray(parts.model?.sheets)) throw new Error(`its ${WORKBOOK} lists no sheets`);
    await read('xl/sharedStrings.xml', async (part) => {
      // Cached by the reader as they are parsed: the generator emits nothing, it only has to run to its end.
      const strings = parts._parseSharedStrings(part);
      while (!(await strings.next()).done);
    });
    await read('xl/styles.xml', (part) => parts._parseStyles(part));
    const sheets: SheetCsv[] = [];
    for (const name of zip.names) {
      const sheetNo = WORKSHEET.exec(name)?.[1];
      if (!sheetNo) continue;
      // Only exceljs's reading of the sheet is said to be damage (rowsOf): a fault of this file's own stays a fault.
      for (const { value } of parts._parseWorksheet(await zip.open(name), sheetNo)) {
        sheets.push(await sheetToCsv(value, rowsOf(value, name), path.join(outDir, String(sheets.length + 1))));
      }
    }
    return sheets;
  });
}

/**
 * A part exceljs could not read, said with the part: the XML parser's words (with its line and column) when the XML is
 * broken; when exceljs itself failed on XML laid out as it did not expect (a cell without its reference), its
 * TypeError says nothing to a person, so only that the part is damaged is said, the error kept as the cause.
 */
function damaged(part: string, error: Error): Error {
  const unexpected = error instanceof TypeError || error instanceof RangeError;
  // The XML parser says where as `2:1021: …`: line 2, column 1021 of the part.
  const said = error.message.trim().replace(/\s*\n\s*/g, ', ').replace(/^(\d+):(\d+): /, 'line $1, column $2: ');
  const why = unexpected ? 'its XML is not laid out as a spreadsheet writes it (damaged?)' : said;
  return new Error(`${part}: ${why}`, { cause: error });
}

/** The rows exceljs reads from a sheet's part, its failures said as damage to that part. */
async function* rowsOf(worksheet: ExcelJS.stream.xlsx.WorksheetReader, part: string): AsyncGenerator<ExcelJS.Row> {
  const rows = (worksheet as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  for (;;) {
    const next = await rows.next().catch((error: Error) => Promise.reject(damaged(part, error)));
    if (next.done) return;
    yield next.value;
  }
}

/** One sheet as a CSV at `<prefix>-<sheet name>.csv`. */
async function sheetToCsv(worksheet: ExcelJS.stream.xlsx.WorksheetReader, sheetRows: AsyncIterable<ExcelJS.Row>, prefix: string): Promise<SheetCsv> {
  const name = (worksheet as unknown as { name: string }).name;
  const target = `${prefix}-${name.replace(/[^A-Za-z0-9_-]+/g, '_')}.csv`;
  const out = createWriteStream(target, 'utf8');
  try {
    let columns: string[] = [];
    let width = 0;
    let uuidAt = -1;
    let rows = 0;
    let expected = 2;
    const seen = new Map<string, number>();
    const refused: RefusedRow[] = [];
    for await (const row of sheetRows) {
      // Array.from, not map: `row.values` has holes where cells are empty, which map would keep (a header with an
      // empty cell then had no text there to quote).
      const cells = Array.from((row.values as ExcelJS.CellValue[]).slice(1), (value, i) => text(withResult(value, row.getCell(i + 1))));
      if (row.number === 1) {
        columns = cells;
        uuidAt = columns.indexOf('_submission__uuid');
        const header = uuidAt >= 0 ? [...columns, REPEAT_KEY] : columns;
        width = header.length;
        await write(out, header.map(quote).join(';'));
        continue;
      }
      // Blank rows are not emitted by the reader: keep them as empty records so row numbers stay true.
      // As wide as the header (a repeat sheet's includes the added key), so the blank record is not short.
      for (; expected < row.number; expected += 1) await write(out, Array(width).fill('""').join(';'));
      expected = row.number + 1;
      const beyond = cells.findIndex((cell, i) => i >= columns.length && cell !== '');
      if (beyond >= 0) {
        const found = cells.findLastIndex((cell) => cell !== '') + 1;
        refused.push({
          line: row.number,
          column: spreadsheetColumn(beyond + 1),
          rawLine: cells.slice(0, found).map(quote).join(';'),
          reason: `a cell right of the header's last column (${spreadsheetColumn(columns.length)}): Expected Number of Columns: ${columns.length} Found: ${found}`,
        });
        await write(out, '');
        continue;
      }
      const padded = columns.map((_, i) => cells[i] ?? '');
      if (uuidAt >= 0) {
        const uuid = padded[uuidAt];
        const n = (seen.get(uuid) ?? 0) + 1;
        seen.set(uuid, n);
        padded.push(uuid ? `${uuid}/${name}[${n}]` : '');
      }
      await write(out, padded.map(quote).join(';'));
      rows += 1;
    }
    return { sheet: name, file: target, columns, rows, isRepeat: uuidAt >= 0, refused };
  } finally {
    out.end();
    await once(out, 'finish');
  }
}

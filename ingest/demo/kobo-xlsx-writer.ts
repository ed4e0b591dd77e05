/**
 * Streams a KoboToolbox-style XLSX export: the main table on the first sheet, then one sheet per repeat group linked
 * back by `_parent_index` and `_submission__uuid`. exceljs's streaming writer zips one sheet at a time, so the main
 * sheet is finished before a repeat sheet starts; the caller keeps repeat rows aside meanwhile.
 *
 * Numbers are written as numbers (integer and decimal answers, geopoint parts, 0/1 choice cells, `_id`, `_index`)
 * and dates as text, as Kobo does with "Store date and number responses as text" off. Every date inside the file is
 * the export's, so the same data always gives the same bytes.
 */
import ExcelJS from 'exceljs';
import { setZipEntryDates } from './set-zip-entry-dates.ts';

type Cell = string | number;

const BACKLOG_BYTES = 4 << 20;
/** Excel opens no sheet longer than this, header included. */
export const XLSX_MAX_ROWS = 1_048_576;

/** The zip's input stream: archiver wraps each entry in a readable-stream 2 PassThrough (no `writableLength` there). */
interface Pipe {
  once(event: 'drain', listener: (value?: unknown) => void): unknown;
  writableLength?: number;
  _writableState?: { length: number };
}

const backlog = (pipe: Pipe): number => pipe.writableLength ?? pipe._writableState?.length ?? 0;

export class KoboXlsxWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private sheetName = '';
  private sheetRows = 0;
  private rows = 0;

  constructor(
    readonly file: string,
    private readonly exportedAt: Date,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
    this.workbook.creator = 'KoboToolbox';
    this.workbook.created = exportedAt;
    this.workbook.modified = exportedAt;
  }

  /** Starts the next sheet, committing the previous one. */
  async startSheet(name: string, headers: readonly string[]): Promise<void> {
    await this.commitSheet();
    this.sheet = this.workbook.addWorksheet(name);
    this.sheetName = name;
    this.sheet.addRow([...headers]).commit();
    this.sheetRows = 1;
  }

  /** Adds a row; cells flagged numeric are written as numbers unless empty. */
  async addRow(cells: readonly string[], numeric?: readonly boolean[]): Promise<void> {
    if (!this.sheet) throw new Error('start a sheet before adding rows');
    if (this.sheetRows >= XLSX_MAX_ROWS) {
      throw new Error(`${this.file}: sheet ${this.sheetName} would exceed Excel's ${XLSX_MAX_ROWS} rows: write this data set without the XLSX export`);
    }
    this.sheetRows += 1;
    const values: Cell[] = numeric ? cells.map((c, i) => (numeric[i] && c !== '' ? Number(c) : c)) : [...cells];
    this.sheet.addRow(values).commit();
    this.rows += 1;
    if (this.rows % 256 === 0) await this.drain();
  }

  /**
   * exceljs hands each sheet's XML to the zip stream without waiting for it (its stream buffer ignores
   * backpressure), so a fast producer would pile the whole sheet up in memory. Wait here while the zip's input
   * holds more than a few megabytes; if exceljs's internals ever change shape, this falls back to yielding a turn.
   */
  private async drain(): Promise<void> {
    const pipes = (this.sheet as unknown as { stream?: { pipes?: Pipe[] } } | null)?.stream?.pipes ?? [];
    for (const pipe of pipes) {
      while (backlog(pipe) > BACKLOG_BYTES) await new Promise((resolve) => pipe.once('drain', resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async commitSheet(): Promise<void> {
    if (this.sheet) await this.sheet.commit();
    this.sheet = null;
  }

  async close(): Promise<void> {
    await this.commitSheet();
    await this.workbook.commit();
    await setZipEntryDates(this.file, this.exportedAt);
  }
}

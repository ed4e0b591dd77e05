/**
 * Fuzzing the XLSX readers (ingest/kobo/): workbooks generated with exceljs, as KoboToolbox and people editing
 * exports make them (several sheets, any sheet names Excel allows, cells of every kind: text, numbers, dates,
 * booleans, rich text, formulas with results, errors, blanks and blank rows), read back as CSV cell for cell and row
 * for row; and the demo's real export bent byte by byte, which detection reads into landing parts or refuses with an
 * IngestError naming the workbook. A broken workbook must never take the process down.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { IngestError } from '../../ingest/errors.ts';
import { detectKoboXlsx } from '../../ingest/kobo/detect-kobo-xlsx.ts';
import { xlsxSheetsToCsv } from '../../ingest/kobo/xlsx-sheets-to-csv.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { briefly, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { detectedOrRefused } from './well-formed.ts';
import { deflated, zipBytes } from '../helpers/zip-bytes.ts';

let dir: string;
let demoXlsx: Buffer;
/** The demo export's parts, in archive order. */
let parts: { name: string; content: Buffer }[];
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3, odk: false });
  demoXlsx = await readFile(demo.files.kobo_xlsx!);
  const zip = await JSZip.loadAsync(demoXlsx);
  parts = await Promise.all(
    Object.values(zip.files)
      .filter((entry) => !entry.dir)
      .map(async (entry) => ({ name: entry.name, content: await entry.async('nodebuffer') })),
  );
});

/**
 * The real export with one of its XML parts bent (a sheet, the shared strings, the workbook, its relationships …),
 * its parts in another order now and then, or one left out: what exceljs parses, behind a zip that is sound.
 */
function bentParts(): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      fc.nat({ max: parts.length - 1 }),
      fc.nat(),
      fc.boolean(),
      fc.oneof({ weight: 6, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: parts.length - 1 }) }),
    )
    .chain(([at, seed, shuffle, dropped]) =>
      mutated(parts[at].content).map((content) => {
        const entries = parts.map((part, i) => ({ ...part, content: i === at ? content : part.content })).filter((_, i) => i !== dropped);
        if (shuffle) entries.sort((a, b) => ((a.name.length * 31 + seed) % 7) - ((b.name.length * 31 + seed) % 7));
        return briefly(zipBytes(entries.map((entry) => deflated(entry.name, entry.content))));
      }),
    );
}

/** A character XML 1.0 holds as it is: tab and line feed, no other control character, no U+FFFE or U+FFFF. */
const xmlCharacter = (c: string) => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 || code === 0x09 || code === 0x0a) && code !== 0xfffe && code !== 0xffff;
};

/**
 * Text a cell can hold and read back unchanged: XML 1.0 has no control characters but tab and line feed, and reads a
 * carriage return as a line feed, so a spreadsheet never holds those.
 */
const cellText = fc.string({
  unit: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', 'é', 'ñ', '’', ';', ',', '"', "'", '\n', '\t', '<', '&', '=', '/', '🙂', '_') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => [...c].every(xmlCharacter)) },
  ),
  maxLength: 20,
});

/** A cell as exceljs writes it, and the text the CSV must hold for it. */
const cell: fc.Arbitrary<{ value: ExcelJS.CellValue; text: string }> = fc.oneof(
  { weight: 6, arbitrary: cellText.filter((t) => t.trim() === t || t === '').map((t) => ({ value: t, text: t })) },
  { weight: 2, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map((n) => ({ value: n, text: String(n) })) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((n) => !Object.is(n, -0)).map((n) => ({ value: n, text: String(n) })) },
  { weight: 1, arbitrary: fc.boolean().map((b) => ({ value: b, text: String(b) })) },
  {
    weight: 1,
    arbitrary: fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2090, 0, 1)), noInvalidDate: true }).map((d) => {
      const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      return { value: day, text: day.toISOString().slice(0, 10) };
    }),
  },
  { weight: 1, arbitrary: fc.array(cellText.filter((t) => t.length > 0), { minLength: 1, maxLength: 3 }).map((parts) => ({ value: { richText: parts.map((text) => ({ text })) }, text: parts.join('') })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((n) => ({ value: { formula: `${n}+0`, result: n }, text: String(n) })) },
  { weight: 1, arbitrary: fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!').map((error) => ({ value: { error } as ExcelJS.CellErrorValue, text: error })) },
  { weight: 2, arbitrary: fc.constant({ value: null, text: '' }) },
);

/** Sheet names Excel accepts: 1 to 31 characters, none of : \ / ? * [ ], unique without case. */
const sheetName = fc
  .string({ unit: fc.constantFrom('a', 'B', '1', ' ', '_', '-', 'é', 'ñ', '(', ')', '.', '🙂', "'"), minLength: 1, maxLength: 31 })
  .filter((name) => !name.startsWith("'") && !name.endsWith("'") && name.trim() !== '' && [...name].length <= 31);

interface Sheet {
  name: string;
  header: string[];
  /** Rows by their sheet row number (2 and on); a row left out is a blank row. */
  rows: { number: number; cells: { value: ExcelJS.CellValue; text: string }[] }[];
}

const sheet: fc.Arbitrary<Omit<Sheet, 'name'>> = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    header: fc.array(cellText.filter((t) => t.trim() === t && t !== ''), { minLength: width, maxLength: width }),
    rows: fc
      .array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(cell, { minLength: 1, maxLength: width })), { maxLength: 8 })
      .map((rows) => {
        let number = 1;
        // A row with no text at all is a blank row to the reader, and is written as one.
        return rows
          .map(([gap, cells]) => ({ number: (number += 1 + gap), cells }))
          .filter((row) => row.cells.some((c) => c.value !== null && c.value !== ''));
      }),
  }),
);

const workbook = fc.uniqueArray(sheetName, { minLength: 1, maxLength: 4, selector: (name) => name.toLowerCase() }).chain((names) =>
  fc.tuple(...names.map((name) => sheet.map((s): Sheet => ({ ...s, name })))),
);

async function write(sheets: Sheet[], file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const worksheet = book.addWorksheet(s.name);
    worksheet.getRow(1).values = s.header;
    for (const row of s.rows) row.cells.forEach((c, i) => (worksheet.getCell(row.number, i + 1).value = c.value));
  }
  await book.xlsx.writeFile(file);
}

/** Reads a generated workbook and checks each sheet's CSV against what was written, cell for cell. */
async function expectReadBack(sheets: Sheet[], file: string, out: string): Promise<number> {
  await write(sheets, file);
  await mkdir(out);
  const read = await xlsxSheetsToCsv(file, out);
  expect(read.map((s) => s.sheet)).toEqual(sheets.map((s) => s.name));
  let rows = 0;
  for (const [i, s] of sheets.entries()) {
    const csv = parseCsv(await readFile(read[i].file, 'utf8'), ';');
    expect(csv[0]).toEqual(s.header);
    expect(read[i].rows, 'rows read').toBe(s.rows.length);
    const last = s.rows.at(-1)?.number ?? 1;
    expect(csv, 'a record per sheet row up to the last').toHaveLength(last);
    for (const row of s.rows) {
      const expected = s.header.map((_, j) => row.cells[j]?.text ?? '');
      expect(csv[row.number - 1], `${s.name} row ${row.number}`).toEqual(expected);
    }
    rows += s.rows.length;
  }
  return rows;
}

describe('xlsxSheetsToCsv and detectKoboXlsx', () => {
  it('read a generated workbook back cell for cell, and a bent real export into landing parts or a refusal naming it', async () => {
    const outcomes = tally('generated', 'sheets', 'rows', 'read', 'refused');
    let n = 0;
    const input = fc.oneof(
      { weight: 2, arbitrary: workbook.map((sheets) => ({ sheets, bytes: undefined })) },
      { weight: 3, arbitrary: fc.oneof(mutated(demoXlsx), bentParts()).map((bytes) => ({ sheets: undefined, bytes })) },
    );
    await fuzz(
      { suite: 'xlsx-sheets', small: 100, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(input, async ({ sheets, bytes }) => {
        const file = path.join(dir, `book-${++n}.xlsx`);
        if (sheets) {
          outcomes.rows += await expectReadBack(sheets, file, path.join(dir, `book-${n}`));
          outcomes.generated++;
          outcomes.sheets += sheets.length;
          return;
        }
        await writeFile(file, bytes!);
        outcomes[await detectedOrRefused(() => detectKoboXlsx(file), { kind: IngestError, file })]++;
      }),
    );
    expect(outcomes.generated).toBeGreaterThan(0);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

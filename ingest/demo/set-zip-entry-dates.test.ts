/** Stamping a zip's entries with one date, so an XLSX written twice is the same file. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { setZipEntryDates } from './set-zip-entry-dates.ts';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every (local and central) time/date pair in the file, found through the central directory. */
function entryStamps(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const stamps: string[] = [];
  for (let n = 0; n < entries; n += 1) {
    const local = zip.readUInt32LE(at + 42);
    stamps.push(`${zip.readUInt16LE(at + 12)}/${zip.readUInt16LE(at + 14)}`, `${zip.readUInt16LE(local + 10)}/${zip.readUInt16LE(local + 12)}`);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return stamps;
}

describe('setZipEntryDates', () => {
  it('gives every entry the same MS-DOS date and leaves the workbook readable', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'veta-zip-'));
    const file = path.join(dir, 'book.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    workbook.addWorksheet('one').addRow(['a', 1]).commit();
    await workbook.commit();

    const entries = await setZipEntryDates(file, new Date(Date.UTC(2026, 9, 5, 9, 30, 14)));
    const stamps = entryStamps(await readFile(file));
    expect(stamps).toHaveLength(entries * 2);
    // 09:30:14 is (9 << 11) | (30 << 5) | 7 = 19399; 2026-10-05 is (46 << 9) | (10 << 5) | 5 = 23877.
    expect(new Set(stamps)).toEqual(new Set(['19399/23877']));

    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    expect(back.getWorksheet('one')!.getRow(1).values).toEqual([undefined, 'a', 1]);
  });

  it('refuses a file that is not a zip', async () => {
    dir ||= await mkdtemp(path.join(tmpdir(), 'veta-zip-'));
    const file = path.join(dir, 'not.zip');
    await writeFile(file, 'plain text, not a zip archive');
    await expect(setZipEntryDates(file, new Date())).rejects.toThrow(`${file}: not a zip file (no end of central directory)`);
  });
});

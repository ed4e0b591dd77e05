/** Reads a KoboToolbox XLSX export of Veta's form as landing parts: the main sheet and one per repeat group. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Detected, LandingPart } from '../detect-format.ts';
import { IngestError } from '../errors.ts';
import { KOBO_SUBMISSION_KEY, missingSignature, VETA_ASSESSMENT_TABLE, VETA_REPEAT_OF } from './veta-assessment-export.ts';
import { REPEAT_KEY, xlsxSheetsToCsv } from './xlsx-sheets-to-csv.ts';
import { checkZipLimits, listZip, verifyZipSizes, ZipRefusedError } from '../zip/unpack-zip.ts';

/**
 * A KoboToolbox XLSX export of Veta's form: the first sheet is the main table, each other sheet a repeat group
 * linked by `_submission__uuid` (improvement_actions lands in `kobo__veta_improvement_actions`).
 */
export async function detectKoboXlsx(file: string): Promise<Detected> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-xlsx-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    // A workbook is a zip: its parts are checked before exceljs inflates them.
    try {
      checkZipLimits(await listZip(file));
      await verifyZipSizes(file);
    } catch (error) {
      if (error instanceof ZipRefusedError) throw new IngestError(file, error.message, { cause: error });
      throw new IngestError(file, `cannot be read as an XLSX workbook: ${(error as Error).message}`, { cause: error });
    }
    const sheets = await xlsxSheetsToCsv(file, dir).catch((error: Error) => {
      throw new IngestError(file, `cannot be read as an XLSX workbook: ${error.message}`, { cause: error });
    });
    const [main, ...repeats] = sheets;
    const missing = main ? missingSignature(main.columns) : ['a first sheet'];
    if (!main || missing.length) {
      throw new IngestError(file, `sheet ${main?.sheet ?? '1'}, row 1: not an export of Veta's site-assessment form: the header lacks ${missing.join(', ')}`);
    }
    const parts: LandingPart[] = [
      {
        file: main.file,
        sheet: main.sheet,
        table: VETA_ASSESSMENT_TABLE,
        key: KOBO_SUBMISSION_KEY,
        header: { delimiter: ';', columns: main.columns, hasBom: false },
      },
    ];
    for (const repeat of repeats) {
      if (!repeat.isRepeat) {
        throw new IngestError(file, `sheet ${repeat.sheet}, row 1: a repeat sheet needs a _submission__uuid column to link its rows to their submission`);
      }
      const table = `kobo__veta_${repeat.sheet.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
      parts.push({
        file: repeat.file,
        sheet: repeat.sheet,
        table,
        key: { column: REPEAT_KEY, lineage: '_record_key' },
        header: { delimiter: ';', columns: [...repeat.columns, REPEAT_KEY], hasBom: false },
        repeatOf: VETA_REPEAT_OF,
      });
    }
    return { format: 'kobo-xlsx', mapped: true, encoding: 'utf-8', parts, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Reads a KoboToolbox XLSX export of Veta's form as landing parts: the main sheet and one per repeat group. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Detected, LandingPart } from '../detect-format.ts';
import { IngestError } from '../errors.ts';
import { uniqueNames } from '../csv-header.ts';
import { otherFormSlug } from '../table-slug.ts';
import { isLabelExport, normaliseHeaders, vetaHeaders } from './normalise-headers.ts';
import { KOBO_SUBMISSION_KEY, missingSignature, VETA_ASSESSMENT_TABLE, VETA_REPEAT_OF } from './veta-assessment-export.ts';
import { REPEAT_KEY, xlsxSheetsToCsv, type SheetCsv } from './xlsx-sheets-to-csv.ts';
import { checkZipLimits, listZip, verifyZipSizes, ZipRefusedError } from '../zip/unpack-zip.ts';

/**
 * A KoboToolbox XLSX export: the first sheet is the main table, each other sheet a repeat group linked by
 * `_submission__uuid`. Veta's form lands in its tables (improvement_actions in `kobo__veta_improvement_actions`),
 * whatever group separator it was exported with; another form lands untouched in its own (`kobo__<form>`,
 * `kobo__<form>__<sheet>`), not mapped.
 */
/** A sheet's rows refused for cells right of its header, for its landing part. */
const refusedOf = (sheet: SheetCsv) => (sheet.refused.length ? { refused: sheet.refused } : {});

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
    if (!main) throw new IngestError(file, 'the workbook has no sheet');
    // Veta's form, with groups separated by `/` or put back from another separator; else another KoboToolbox form.
    const normalised = uniqueNames(normaliseHeaders(main.columns, await vetaHeaders()));
    const isVeta = missingSignature(normalised).length === 0;
    const isOtherForm = !isVeta && main.columns.includes('_uuid') && main.columns.includes('_submission_time');
    if (!isVeta && !isOtherForm) {
      const missing = missingSignature(main.columns);
      throw new IngestError(file, `sheet ${main.sheet}, row 1: not an export of Veta's site-assessment form: the header lacks ${missing.join(', ')}`);
    }
    const form = otherFormSlug(path.basename(file, path.extname(file)));
    const note =
      isOtherForm && (await isLabelExport(main.columns))
        ? 'an export of Veta\'s form with question labels as headers: export it again from KoboToolbox with "XML values and headers"'
        : undefined;
    const parts: LandingPart[] = [
      {
        file: main.file,
        sheet: main.sheet,
        table: isVeta ? VETA_ASSESSMENT_TABLE : `kobo__${form}`,
        key: KOBO_SUBMISSION_KEY,
        header: { delimiter: ';', columns: isVeta ? normalised : main.columns, hasBom: false },
        ...(isVeta && normalised.some((name, i) => name !== main.columns[i]) ? { names: normalised } : {}),
        ...refusedOf(main),
      },
    ];
    for (const repeat of repeats) {
      if (!repeat.isRepeat) {
        throw new IngestError(file, `sheet ${repeat.sheet}, row 1: a repeat sheet needs a _submission__uuid column to link its rows to their submission`);
      }
      const sheet = repeat.sheet.toLowerCase().replace(/[^a-z0-9]+/g, '_');
      parts.push({
        file: repeat.file,
        sheet: repeat.sheet,
        table: isVeta ? `kobo__veta_${sheet}` : `kobo__${form}__${sheet}`,
        key: { column: REPEAT_KEY, lineage: '_record_key' },
        header: { delimiter: ';', columns: [...repeat.columns, REPEAT_KEY], hasBom: false },
        repeatOf: VETA_REPEAT_OF,
        ...refusedOf(repeat),
      });
    }
    if (!isVeta) return { format: 'kobo-xlsx', mapped: false, encoding: 'utf-8', parts, dispose, ...(note ? { note } : {}) };
    return { format: 'kobo-xlsx', mapped: true, encoding: 'utf-8', parts, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

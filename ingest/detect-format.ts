/**
 * Tells what kind of export a file is from its name and header, so `veta ingest` needs no flags for the common
 * case. Each recognised format names the raw table its rows land in.
 */
import path from 'node:path';
import { readCsvHeader, type CsvHeader } from './csv-header.ts';
import { missingSignature, VETA_ASSESSMENT_TABLE } from './kobo/veta-assessment-export.ts';
import { IngestError } from './errors.ts';

export const FORMATS = ['kobo-csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface Detected {
  format: Format;
  table: string;
  header: CsvHeader;
}

export async function detectFormat(file: string, forced?: Format): Promise<Detected> {
  const extension = path.extname(file).toLowerCase();
  if (!forced && extension !== '.csv') {
    throw new IngestError(file, `cannot tell the format of a "${extension || 'extension-less'}" file: expected a .csv export`);
  }
  const header = await readCsvHeader(file);
  const missing = missingSignature(header.columns);
  if (missing.length > 0) {
    throw new IngestError(
      file,
      `line 1: not an export of Veta's site-assessment form: the header lacks ${missing.join(', ')} ` +
        `(expected KoboToolbox "XML values and headers" with groups separated by "/")`,
    );
  }
  return { format: 'kobo-csv', table: VETA_ASSESSMENT_TABLE, header };
}

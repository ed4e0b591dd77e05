/**
 * Tells what kind of export a file is from its name and header, so `veta ingest` needs no flags for the common
 * case. Each format names the raw table its rows land in and the column that identifies a row.
 */
import path from 'node:path';
import { readCsvHeader, type CsvHeader } from './csv-header.ts';
import { IngestError } from './errors.ts';
import { missingSignature, VETA_ASSESSMENT_TABLE } from './kobo/veta-assessment-export.ts';
import type { RecordKey } from './land-csv.ts';

interface CsvFormat {
  format: string;
  /** What the file is, for messages: "a production and sales ledger". */
  what: string;
  table: string;
  key: RecordKey;
  /** The columns the header lacks to be this format (none: it is). */
  missing: (columns: readonly string[]) => string[];
}

const requires =
  (...signature: string[]) =>
  (columns: readonly string[]) =>
    signature.filter((column) => !columns.includes(column));

const CSV_FORMATS = [
  {
    format: 'kobo-csv',
    what: "an export of Veta's site-assessment form",
    table: VETA_ASSESSMENT_TABLE,
    key: { column: '_uuid', lineage: '_submission_uuid' },
    missing: missingSignature,
  },
  {
    format: 'sales-ledger-csv',
    what: 'a production and sales ledger',
    table: 'feeds__sales_ledger',
    key: { column: 'sale_id', lineage: '_record_key' },
    missing: requires('sale_id', 'producer_code', 'sale_date', 'gold_grams', 'fineness'),
  },
  {
    format: 'incidents-csv',
    what: 'an incident log',
    table: 'feeds__incidents',
    key: { column: 'incident_id', lineage: '_record_key' },
    missing: requires('incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'severity'),
  },
  {
    format: 'fairmined-register-csv',
    what: 'a Fairmined register of certified organisations',
    table: 'feeds__fairmined_register',
    key: { column: 'producer_code', lineage: '_record_key' },
    missing: requires('producer_code', 'organisation_name', 'certified_on', 'status'),
  },
] as const satisfies readonly CsvFormat[];

export const FORMATS = CSV_FORMATS.map((f) => f.format);
export type Format = (typeof CSV_FORMATS)[number]['format'];

export interface Detected {
  format: Format;
  table: string;
  key: RecordKey;
  header: CsvHeader;
}

export async function detectFormat(file: string, forced?: Format): Promise<Detected> {
  const extension = path.extname(file).toLowerCase();
  if (!forced && extension !== '.csv') {
    throw new IngestError(file, `cannot tell the format of a "${extension || 'extension-less'}" file: expected a .csv export`);
  }
  const header = await readCsvHeader(file);
  const candidates: readonly CsvFormat[] = forced ? CSV_FORMATS.filter((f) => f.format === forced) : CSV_FORMATS;
  const found = candidates.find((f) => f.missing(header.columns).length === 0);
  if (found) return { format: found.format as Format, table: found.table, key: found.key, header };
  const reasons = candidates.map((f) => `${f.what}: the header lacks ${f.missing(header.columns).join(', ')}`);
  throw new IngestError(
    file,
    `line 1: not a file Veta knows. It is not ${reasons.join('; nor ')} ` +
      `(survey exports: KoboToolbox "XML values and headers" with groups separated by "/")`,
  );
}

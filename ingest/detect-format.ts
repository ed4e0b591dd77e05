/**
 * Tells what kind of export a file is from its name and header, so `veta ingest` needs no flags for the common
 * case. Each format names the raw table its rows land in and the column that identifies a row.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCsvHeader, type CsvHeader } from './csv-header.ts';
import { IngestError } from './errors.ts';
import { missingSignature, VETA_ASSESSMENT_TABLE } from './kobo/veta-assessment-export.ts';
import { REPEAT_KEY, xlsxSheetsToCsv } from './kobo/xlsx-sheets-to-csv.ts';
import type { RecordKey } from './land-csv.ts';
import { koboHeader, odkZipToCsv, renameToKobo } from './odk/odk-zip-to-csv.ts';
import { isUtf8, transcodeToUtf8, type Encoding } from './text-encoding.ts';

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
    key: { column: '_uuid', lineage: '_submission_uuid', version: 'meta/instanceID', stripPrefix: 'uuid:' },
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

export const FORMATS = [...CSV_FORMATS.map((f) => f.format), 'kobo-xlsx', 'odk-central-zip', 'odk-central-csv'] as const;
export type Format = (typeof FORMATS)[number];

/** One delimited table to land: a CSV file as it came, or one sheet of a workbook. */
export interface LandingPart {
  file: string;
  /** See `LandingInput.padShortRows`. */
  padShortRows?: boolean;
  table: string;
  key: RecordKey;
  header: CsvHeader;
  /** The sheet, for workbooks. */
  sheet?: string;
}

export interface Detected {
  format: Format;
  /** Whether the models read what lands (Veta's forms and known feeds); other forms land in raw, untouched. */
  mapped: boolean;
  /** The file's text encoding; anything but UTF-8 was converted to a temp copy before landing. */
  encoding: Encoding;
  parts: LandingPart[];
  /** Removes what detection wrote aside (a workbook's sheets as CSV). */
  dispose(): Promise<void>;
}

const nothingToDispose = async () => {};

/** What a file really is, from its first bytes, when its name says otherwise. */
const MAGIC: readonly { magic: string; what: string; extensions: string[] }[] = [
  { magic: '%PDF', what: 'a PDF document', extensions: ['.pdf'] },
  { magic: 'PK\u0003\u0004', what: 'a zip archive (an XLSX workbook or an ODK Central export?)', extensions: ['.xlsx', '.zip'] },
  { magic: '\u00d0\u00cf\u0011\u00e0', what: 'an old Excel .xls workbook (save it as .xlsx or CSV)', extensions: ['.xls'] },
];

async function firstBytes(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

export async function detectFormat(file: string, forced?: Format): Promise<Detected> {
  const extension = path.extname(file).toLowerCase();
  const head = await firstBytes(file);
  if (head.length === 0) throw new IngestError(file, 'the file is empty: nothing to ingest');
  const kind = MAGIC.find(({ magic }) => head.startsWith(magic));
  if (kind && !kind.extensions.includes(extension)) {
    throw new IngestError(file, `is ${kind.what}, not the ${extension || 'extension-less'} file its name says`);
  }
  if (forced === 'kobo-xlsx' || (!forced && extension === '.xlsx')) return detectKoboXlsx(file);
  if (forced === 'odk-central-zip' || (!forced && extension === '.zip')) return detectOdkZip(file);
  if (!forced && extension !== '.csv') {
    throw new IngestError(
      file,
      `cannot tell the format of a "${extension || 'extension-less'}" file: expected a .csv, .xlsx or .zip export`,
    );
  }
  const encoding: Encoding = (await isUtf8(file)) ? 'utf-8' : 'windows-1252';
  let readable = file;
  let dispose = nothingToDispose;
  if (encoding !== 'utf-8') {
    const dir = await mkdtemp(path.join(tmpdir(), 'veta-utf8-'));
    dispose = () => rm(dir, { recursive: true, force: true });
    readable = path.join(dir, path.basename(file));
    await transcodeToUtf8(file, encoding, readable);
  }
  const header = await readCsvHeader(readable);
  const candidates: readonly CsvFormat[] = forced ? CSV_FORMATS.filter((f) => f.format === forced) : CSV_FORMATS;
  const found = candidates.find((f) => f.missing(header.columns).length === 0);
  if (found) {
    return {
      format: found.format as Format,
      mapped: true,
      encoding,
      parts: [{ file: readable, table: found.table, key: found.key, header }],
      dispose,
    };
  }
  const other = forced ? undefined : otherForm(file, header.columns);
  if (other) return { format: other.format, mapped: false, encoding, parts: [{ file: readable, header, ...other.part }], dispose };
  await dispose();
  const reasons = candidates.map((f) => `${f.what}: the header lacks ${f.missing(header.columns).join(', ')}`);
  throw new IngestError(
    file,
    `line 1: not a file Veta knows. It is not ${reasons.join('; nor ')} ` +
      `(survey exports: KoboToolbox "XML values and headers" with groups separated by "/")`,
  );
}

/**
 * A KoboToolbox XLSX export of Veta's form: the first sheet is the main table, each other sheet a repeat group
 * linked by `_submission__uuid` (improvement_actions lands in `kobo__veta_improvement_actions`).
 */
async function detectKoboXlsx(file: string): Promise<Detected> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-xlsx-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
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
        key: { column: '_uuid', lineage: '_submission_uuid', version: 'meta/instanceID', stripPrefix: 'uuid:' },
        header: { delimiter: ';', columns: main.columns, hasBom: false },
      },
    ];
    for (const repeat of repeats) {
      if (!repeat.isRepeat) {
        throw new IngestError(file, `sheet ${repeat.sheet}, row 1: a repeat sheet needs a _submission__uuid column to link its rows to their submission`);
      }
      const table = `kobo__veta_${repeat.sheet.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
      parts.push({ file: repeat.file, sheet: repeat.sheet, table, key: { column: REPEAT_KEY, lineage: '_record_key' }, header: { delimiter: ';', columns: [...repeat.columns, REPEAT_KEY], hasBom: false } });
    }
    return { format: 'kobo-xlsx', mapped: true, encoding: 'utf-8', parts, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * An ODK Central "CSV (zip)" export of Veta's form: the root table lands with the KoboToolbox exports (headers
 * renamed to Kobo's paths, `uuid:` dropped from keys so both tools' submissions meet), each repeat in its own table.
 */
async function detectOdkZip(file: string): Promise<Detected> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-odk-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const tables = await odkZipToCsv(await readFile(file), dir).catch((error: Error) => {
      throw new IngestError(file, `cannot be read as an ODK Central CSV zip: ${error.message}`, { cause: error });
    });
    const roots = tables.filter((t) => !t.isRepeat);
    if (roots.length !== 1) {
      throw new IngestError(file, `expected one root table (a CSV with SubmissionDate) in the zip, found ${roots.length}`);
    }
    const [root] = roots;
    const header = (columns: string[]): CsvHeader => ({ delimiter: ',', columns, hasBom: false });
    const repeats = tables.filter((t) => t.isRepeat);
    for (const t of repeats) {
      if (!t.repeat) throw new IngestError(file, `${t.member}: a repeat table is named <form id>-<repeat>.csv`);
    }
    if (missingSignature(root.columns.map((c) => koboHeader(c, false))).length > 0) {
      // Another form: its tables land in raw as they are, named after the form id.
      const form = slug(path.basename(root.member, '.csv'));
      const parts: LandingPart[] = [
        { file: root.file, sheet: root.member, table: `odk__${form}`, key: ODK_ROOT_KEY, header: header(root.columns), padShortRows: true },
        ...repeats.map((t) => ({
          file: t.file,
          sheet: t.member,
          table: `odk__${form}__${slug(t.repeat!)}`,
          key: { column: 'KEY', lineage: '_record_key', stripPrefix: 'uuid:' } satisfies RecordKey,
          header: header(t.columns),
          padShortRows: true,
        })),
      ];
      return { format: 'odk-central-zip', mapped: false, encoding: 'utf-8', parts, dispose };
    }
    const parts: LandingPart[] = [
      {
        file: root.file,
        sheet: root.member,
        table: VETA_ASSESSMENT_TABLE,
        key: { column: '_uuid', lineage: '_submission_uuid', version: 'meta/instanceID', stripPrefix: 'uuid:' },
        header: header(await renameToKobo(root)),
        padShortRows: true,
      },
    ];
    for (const t of repeats) {
      parts.push({
        file: t.file,
        sheet: t.member,
        table: `kobo__veta_${slug(t.repeat!)}`,
        key: { column: '_odk_key', lineage: '_record_key', stripPrefix: 'uuid:' },
        header: header(await renameToKobo(t)),
        padShortRows: true,
      });
    }
    return { format: 'odk-central-zip', mapped: true, encoding: 'utf-8', parts, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

const ODK_ROOT_KEY: RecordKey = { column: 'KEY', lineage: '_submission_uuid', version: 'meta-instanceID', stripPrefix: 'uuid:' };

/** A table name from a form id or an export's file name (Kobo names files `<title>_-_all_versions_-_…`). */
function slug(name: string): string {
  const base = name.split(/_-_| - /)[0];
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'form';
}

/**
 * An export of a form Veta has no mapping for yet: a KoboToolbox CSV (`_uuid`, `_submission_time`) or an ODK root
 * table (`KEY`, `SubmissionDate`). It lands untouched in its own raw table, so nothing is lost while a mapping is
 * written, and the summary says it was not mapped.
 */
function otherForm(file: string, columns: string[]): { format: Format; part: Omit<LandingPart, 'file' | 'header'> } | undefined {
  const form = slug(path.basename(file, path.extname(file)));
  if (columns.includes('_uuid') && columns.includes('_submission_time')) {
    return { format: 'kobo-csv', part: { table: `kobo__${form}`, key: { column: '_uuid', lineage: '_submission_uuid', version: 'meta/instanceID' } } };
  }
  if (columns.includes('KEY') && columns.includes('SubmissionDate')) {
    return { format: 'odk-central-csv', part: { table: `odk__${form}`, key: ODK_ROOT_KEY, padShortRows: true } };
  }
  return undefined;
}

/**
 * Tells what kind of export a file is from its name and header, so `veta ingest` needs no flags for the common
 * case. Each format names the raw table its rows land in and the column that identifies a row.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeaderTooLongError, readCsvHeader, uniqueNames, type CsvHeader } from './csv-header.ts';
import { IngestError } from './errors.ts';
import { fileHead } from './file-head.ts';
import { KOBO_SUBMISSION_KEY, missingSignature, VETA_ASSESSMENT_TABLE } from './kobo/veta-assessment-export.ts';
import { detectSiteRegistry, looksLikeFeatureCollection } from './geojson/detect-site-registry.ts';
import { INCIDENT_FIELDS, INCIDENTS_TABLE } from './incident-log.ts';
import { detectIncidentsJson } from './json/detect-json-records.ts';
import { detectKoboXlsx } from './kobo/detect-kobo-xlsx.ts';
import { isLabelExport, normaliseHeaders, vetaHeaders } from './kobo/normalise-headers.ts';
import type { RecordKey, RefusedRow, RepeatOf } from './land-csv.ts';
import { detectOdkFolder, detectOdkZip, isVetaOdkRoot, ODK_ROOT_KEY, vetaRootPart } from './odk/detect-odk-export.ts';
import { otherFormSlug } from './table-slug.ts';
import type { Progress } from './progress.ts';
import { profileHead, profileText, transcodeToUtf8, type Encoding } from './text-encoding.ts';

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
    key: KOBO_SUBMISSION_KEY,
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
    table: INCIDENTS_TABLE,
    key: { column: 'incident_id', lineage: '_record_key' },
    missing: requires(...INCIDENT_FIELDS),
  },
  {
    format: 'ipis-csv',
    what: 'an IPIS mine-site visits export',
    table: 'feeds__ipis_site_visits',
    key: { column: 'vid', lineage: '_record_key' },
    missing: requires('vid', 'pcode', 'visit_date', 'longitude', 'latitude', 'qualification'),
  },
  {
    format: 'amazon-mining-watch-csv',
    what: 'an Amazon Mining Watch export of new mining area by admin unit',
    table: 'feeds__amazon_mining_watch',
    // One row per admin unit, period and illegality class. `id` names the admin-1 unit the row falls in, not the
    // unit itself (Bolivian municipalities share theirs), so the unit's own code is part of the key.
    key: { column: 'id', also: ['admin_id_field', 'admin_year', 'admin_illegality_max'], lineage: '_record_key' },
    missing: requires('id', 'admin_country_code', 'admin_id_field', 'admin_year', 'intersected_area_ha'),
  },
  {
    format: 'fairmined-register-csv',
    what: 'a Fairmined register of certified organisations',
    table: 'feeds__fairmined_register',
    key: { column: 'producer_code', lineage: '_record_key' },
    missing: requires('producer_code', 'organisation_name', 'certified_on', 'status'),
  },
] as const satisfies readonly CsvFormat[];

export const FORMATS = [
  ...CSV_FORMATS.map((f) => f.format),
  'kobo-xlsx',
  'odk-central-zip',
  'odk-central-folder',
  'odk-central-csv',
  'surveycto-csv',
  'incidents-json',
  'site-registry-geojson',
] as const;
export type Format = (typeof FORMATS)[number];

/** Formats of a folder (an unzipped export). */
const FOLDER_FORMATS: readonly Format[] = ['odk-central-folder'];
/** CSV formats recognised by more than a header signature (dialects, other forms). */
const DERIVED_FORMATS: readonly Format[] = ['odk-central-csv', 'surveycto-csv', 'kobo-csv'];

/** One delimited table to land: a CSV file as it came, or one sheet of a workbook. */
export interface LandingPart {
  file: string;
  /** See `LandingInput.names`. */
  names?: string[];
  /** See `LandingInput.padShortRows`. */
  padShortRows?: boolean;
  table: string;
  key: RecordKey;
  header: CsvHeader;
  /** The sheet, for workbooks. */
  sheet?: string;
  /** See `LandingInput.repeatOf`: the part's rows belong to the submissions of the first part. */
  repeatOf?: RepeatOf;
  /** See `LandingInput.blankLines`. */
  blankLines?: number[];
  /** See `LandingInput.refused`. */
  refused?: RefusedRow[];
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
  /** What the person should know about how the file landed (a label export, unmapped). */
  note?: string;
  /** For a folder: the files of it that make the export (its tables), archived and hashed as the input. */
  members?: string[];
  /**
   * Set when a CSV was taken for UTF-8 with one line ending and no empty line from its first bytes alone (asked for
   * with `deferTextCheck`): its part reads the file itself and carries no blank lines, and the caller checks the whole
   * file (archive-input.ts) before it lands, detecting again without deferring when the check fails.
   */
  textCheckDeferred?: boolean;
}

export interface DetectOptions {
  /**
   * Check only the first bytes of a CSV's text now: the caller reads the whole file anyway (to hash it), and checks it
   * on that pass instead of a pass of its own here.
   */
  deferTextCheck?: boolean;
}

const nothingToDispose = async () => {};

/** What a file really is, from its first bytes, when its name says otherwise. */
const MAGIC: readonly { magic: string; what: string; extensions: string[] }[] = [
  { magic: '%PDF', what: 'a PDF document', extensions: ['.pdf'] },
  { magic: '\u0089PNG', what: 'a PNG image', extensions: [] },
  { magic: '\u00ff\u00d8\u00ff', what: 'a JPEG image', extensions: [] },
  { magic: 'GIF8', what: 'a GIF image', extensions: [] },
  { magic: '\u00ff\u00fe', what: 'UTF-16 text (Excel\'s "Unicode Text"; save it as "CSV UTF-8" instead)', extensions: [] },
  { magic: '\u00fe\u00ff', what: 'UTF-16 text (save it as "CSV UTF-8" instead)', extensions: [] },
  { magic: 'PK\u0003\u0004', what: 'a zip archive (an XLSX workbook or an ODK Central export?)', extensions: ['.xlsx', '.zip'] },
  { magic: '\u00d0\u00cf\u0011\u00e0', what: 'an old Excel .xls workbook (save it as .xlsx or CSV)', extensions: ['.xls'] },
];

/** What the first bytes of a file say it is when no magic number does: text of some kind, or nothing at all. */
function textKind(head: string): { what: string; empty?: boolean } | undefined {
  const text = head.replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (text === '') return { what: 'empty', empty: true };
  if (/^<(!doctype html|html|head)\b/i.test(text)) return { what: 'an HTML page (a login or error page saved instead of the export?)' };
  // Latin-1 reading of the bytes: UTF-8's multi-byte letters and Windows-1252's quotes fall in 0x80–0xff too.
  if (/^[\t\n\r\x20-\x7e\u0080-\u00ff]+$/.test(text)) return { what: 'a text file (a CSV export?)' };
  return undefined;
}

async function firstBytes(file: string): Promise<string> {
  return (await fileHead(file, 512)).toString('latin1');
}

export async function detectFormat(file: string, forced?: Format, progress?: Progress, options: DetectOptions = {}): Promise<Detected> {
  const isFolder = (await stat(file)).isDirectory();
  if (forced && !isFolder && (FOLDER_FORMATS.includes(forced) || DERIVED_FORMATS.includes(forced))) {
    if (FOLDER_FORMATS.includes(forced)) throw new IngestError(file, `--format ${forced} reads a folder, and this is a file`);
    // These formats are told apart by more than a header signature: detect, then hold the result to what was asked.
    const detected = await detectFormat(file, undefined, progress, options);
    if (detected.format === forced) return detected;
    await detected.dispose();
    throw new IngestError(file, `is not a ${forced} export: it reads as ${detected.format}`);
  }
  if (isFolder) return detectOdkFolder(file);
  const extension = path.extname(file).toLowerCase();
  const head = await firstBytes(file);
  const text = textKind(head);
  if (head.length === 0 || text?.empty) throw new IngestError(file, 'the file is empty: nothing to ingest');
  const kind = MAGIC.find(({ magic }) => head.startsWith(magic));
  if (kind && !kind.extensions.includes(extension)) {
    throw new IngestError(file, `is ${kind.what}, not the ${extension || 'extension-less'} file its name says`);
  }
  const zipNamed = ['.xlsx', '.zip'].includes(extension) && !forced;
  if (text && (zipNamed || text.what.startsWith('an HTML'))) {
    throw new IngestError(file, `is ${text.what}, not the ${extension || 'extension-less'} file its name says`);
  }
  if (forced === 'kobo-xlsx' || (!forced && extension === '.xlsx')) return detectKoboXlsx(file);
  if (forced === 'odk-central-zip' || (!forced && extension === '.zip')) return detectOdkZip(file);
  // A site registry is GeoJSON; other JSON is an incident log (its reader says so when it is not).
  const geojson = extension === '.geojson' || (extension === '.json' && (await looksLikeFeatureCollection(file)));
  if (forced === 'site-registry-geojson' || (!forced && geojson)) return detectSiteRegistry(file, progress);
  if (forced === 'incidents-json' || (!forced && ['.json', '.ndjson', '.jsonl'].includes(extension))) {
    return detectIncidentsJson(file, progress);
  }
  if (!forced && extension !== '.csv') {
    throw new IngestError(
      file,
      `cannot tell the format of a "${extension || 'extension-less'}" file: ` +
        'expected a .csv, .xlsx or .zip export, a .json/.ndjson incident log or a .geojson site registry',
    );
  }
  // A head that is not UTF-8 is a file to convert before anything else: checked whole now.
  const firstLook = options.deferTextCheck ? await profileHead(file) : undefined;
  const textCheckDeferred = firstLook?.utf8 === true;
  const profile = firstLook && textCheckDeferred ? firstLook : await profileText(file, progress);
  if (profile.blankLines[0] === 1) {
    throw new IngestError(file, 'line 1 is empty: a header is expected on the first line (remove the blank lines above it)');
  }
  const encoding: Encoding = profile.utf8 ? 'utf-8' : 'windows-1252';
  let readable = file;
  let dispose = nothingToDispose;
  if (encoding !== 'utf-8' || profile.mixedLineEndings) {
    const dir = await mkdtemp(path.join(tmpdir(), 'veta-utf8-'));
    dispose = () => rm(dir, { recursive: true, force: true });
    readable = path.join(dir, path.basename(file));
    await transcodeToUtf8(file, encoding, readable, profile.mixedLineEndings ? { lineEndings: 'lf' } : {});
  }
  const header = await readCsvHeader(readable).catch(async (error: Error) => {
    await dispose();
    throw error instanceof HeaderTooLongError ? new IngestError(file, error.message, { cause: error }) : error;
  });
  const blankLines = profile.blankLines.length ? profile.blankLines : undefined;
  const deferred = textCheckDeferred ? { textCheckDeferred } : {};
  const candidates: readonly CsvFormat[] = forced ? CSV_FORMATS.filter((f) => f.format === forced) : CSV_FORMATS;
  const found = candidates.find((f) => f.missing(header.columns).length === 0);
  if (!found && !forced && (await isLabelExport(header.columns))) {
    // Labels differ by language and name choices by their text: the export lands untouched, and a mapping (which the
    // draft makes from the labels) or a re-export with XML values makes it readable.
    const form = otherFormSlug(path.basename(file, path.extname(file)));
    return {
      format: 'kobo-csv',
      mapped: false,
      encoding,
      ...deferred,
      parts: [{ file: readable, header, table: `kobo__${form}`, key: KOBO_SUBMISSION_KEY, blankLines }],
      dispose,
      note:
        'an export of Veta\'s form with question labels as headers: export it again from KoboToolbox with "XML values ' +
        `and headers", or map it from its labels: veta ingest --draft-mapping kobo__${form}.yml ${path.basename(file)}`,
    };
  }
  try {
    refuseRepeatedColumns(file, header.columns);
  } catch (error) {
    await dispose();
    throw error;
  }
  if (found) {
    return {
      format: found.format as Format,
      mapped: true,
      encoding,
      ...deferred,
      parts: [{ file: readable, table: found.table, key: found.key, header, blankLines }],
      dispose,
    };
  }
  // A Veta form exported with another group separator, without groups, or from SurveyCTO: its paths are put back.
  const isSurveyCto = SURVEYCTO_SIGNATURE.every((column) => header.columns.includes(column));
  const normalised = uniqueNames(
    normaliseHeaders(isSurveyCto ? header.columns.map((c) => SURVEYCTO_TO_KOBO.get(c) ?? c) : header.columns, await vetaHeaders()),
  );
  if (!forced && missingSignature(normalised).length === 0) {
    const vetaForm = CSV_FORMATS[0];
    return {
      format: isSurveyCto ? 'surveycto-csv' : vetaForm.format,
      mapped: true,
      encoding,
      ...deferred,
      parts: [
        {
          file: readable,
          table: vetaForm.table,
          key: isSurveyCto ? { ...SURVEYCTO_KEY, column: '_uuid' } : vetaForm.key,
          header: { ...header, columns: normalised },
          names: normalised,
          blankLines,
        },
      ],
      dispose,
    };
  }
  // Veta's form in ODK Central's dialect, as the root table of an unzipped export.
  if ((!forced || forced === 'odk-central-csv') && header.columns.includes('SubmissionDate') && isVetaOdkRoot(header.columns)) {
    const root = { member: path.basename(file), file: readable, columns: header.columns, delimiter: header.delimiter, isRepeat: false, encoding };
    return { format: 'odk-central-csv', mapped: true, encoding, ...deferred, parts: [{ ...vetaRootPart(root), blankLines }], dispose };
  }
  const other = forced ? undefined : otherForm(file, header.columns);
  if (other) return { format: other.format, mapped: false, encoding, ...deferred, parts: [{ file: readable, header, blankLines, ...other.part }], dispose };
  await dispose();
  const reasons = candidates.map((f) => `${f.what}: the header lacks ${f.missing(header.columns).join(', ')}`);
  throw new IngestError(
    file,
    `line 1: not a file Veta knows. It is not ${reasons.join('; nor ')} ` +
      `(survey exports: KoboToolbox "XML values and headers" with groups separated by "/")`,
  );
}

/**
 * SurveyCTO's CSV export: `KEY` (`uuid:…`), `SubmissionDate`, `formdef_version` and, when the form has them,
 * `instanceID` and review columns. Field names are written without their groups.
 */
const SURVEYCTO_SIGNATURE = ['KEY', 'SubmissionDate', 'formdef_version'];
// A Map: a column named `constructor` must not find what every object inherits.
const SURVEYCTO_TO_KOBO = new Map([
  ['KEY', '_uuid'],
  ['SubmissionDate', '_submission_time'],
  ['formdef_version', '__version__'],
  ['instanceID', 'meta/instanceID'],
  ['review_status', '_validation_status'],
]);
/** Corrections made in SurveyCTO's review keep the key and change the cells: versions come from the content. */
const SURVEYCTO_KEY: RecordKey = { column: 'KEY', lineage: '_submission_uuid', stripPrefix: 'uuid:' };

/**
 * Two columns with the same name cannot both be the answer to one question (a corrected copy pasted beside the
 * original); which one to keep is for a person to say. Names that differ only in case are DuckDB's `name` and
 * `name_1`, and land (ODK Central's `deviceid` question and its `DeviceID` column).
 */
function refuseRepeatedColumns(file: string, columns: readonly string[]): void {
  const first = new Map<string, number>();
  columns.forEach((column, index) => {
    if (column === '') return;
    const earlier = first.get(column);
    if (earlier !== undefined) {
      throw new IngestError(
        file,
        `line 1, columns ${earlier + 1} and ${index + 1}: the header names "${column}" twice; keep the one that holds the ` +
          'answers, remove or rename the other, and ingest the file again',
      );
    }
    first.set(column, index);
  });
}

/**
 * An export of a form Veta has no mapping for yet: a KoboToolbox CSV (`_uuid`, `_submission_time`) or an ODK root
 * table (`KEY`, `SubmissionDate`). It lands untouched in its own raw table, so nothing is lost while a mapping is
 * written, and the summary says it was not mapped.
 */
function otherForm(file: string, columns: string[]): { format: Format; part: Omit<LandingPart, 'file' | 'header'> } | undefined {
  const form = otherFormSlug(path.basename(file, path.extname(file)));
  if (columns.includes('_uuid') && columns.includes('_submission_time')) {
    return { format: 'kobo-csv', part: { table: `kobo__${form}`, key: KOBO_SUBMISSION_KEY } };
  }
  if (SURVEYCTO_SIGNATURE.every((column) => columns.includes(column))) {
    return { format: 'surveycto-csv', part: { table: `surveycto__${form}`, key: SURVEYCTO_KEY } };
  }
  if (columns.includes('KEY') && columns.includes('SubmissionDate')) {
    return { format: 'odk-central-csv', part: { table: `odk__${form}`, key: ODK_ROOT_KEY, padShortRows: true } };
  }
  return undefined;
}

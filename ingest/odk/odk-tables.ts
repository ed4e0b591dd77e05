/**
 * Reads an ODK Central "CSV (zip)" export, zipped or unzipped into a folder, as its tables: the root table (the one
 * with `SubmissionDate`) and the repeat tables (`<form id>-<repeat>.csv`, linked by `PARENT_KEY`). For Veta's own
 * forms the header can be read with KoboToolbox's paths (`site-site_code` → `site/site_code`, `site-gps-Latitude` →
 * `site/_gps_latitude`, `KEY` → `_uuid` …) so both tools' exports meet in one raw table; the rows stay as they are.
 * Veta's group and question names never contain `-`, so the separator is unambiguous for them.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { HeaderTooLongError, readCsvHeader, uniqueNames } from '../csv-header.ts';
import { profileText, transcodeToUtf8, type Encoding } from '../text-encoding.ts';
import { listZip, unpackZip, ZipRefusedError, type ZipLimits } from '../zip/unpack-zip.ts';

export interface OdkTable {
  /** The member of the zip or the file of the folder, for messages. */
  member: string;
  file: string;
  columns: string[];
  isRepeat: boolean;
  /** The repeat's name (`improvement_actions`), from the member name `<form id>-<repeat>.csv`. */
  repeat?: string;
  /** The delimiter of its header (Excel re-saves a table with `;` in Spanish and French locales). */
  delimiter: string;
  /** The encoding it came in; `file` is a UTF-8 copy when it was not UTF-8. */
  encoding: Encoding;
  /** Its empty lines, which DuckDB skips but counts (LandingPart.blankLines). */
  blankLines?: number[];
}

// Maps, not object literals: a column is outside input, and one named `toString` or `constructor` must not find
// what every object inherits.
const GEO_SUFFIX = new Map([
  ['Latitude', 'latitude'],
  ['Longitude', 'longitude'],
  ['Altitude', 'altitude'],
  ['Accuracy', 'precision'],
]);
const ROOT_RENAMES = new Map([
  ['KEY', '_uuid'],
  ['SubmissionDate', '_submission_time'],
  ['FormVersion', '__version__'],
  ['ReviewState', '_validation_status'],
]);
const REPEAT_RENAMES = new Map([
  ['PARENT_KEY', '_submission__uuid'],
  ['KEY', '_odk_key'],
]);

export function koboHeader(odk: string, isRepeat: boolean): string {
  if (isRepeat) return REPEAT_RENAMES.get(odk) ?? odk.replaceAll('-', '/');
  const renamed = ROOT_RENAMES.get(odk);
  if (renamed) return renamed;
  const parts = odk.split('-');
  const suffix = GEO_SUFFIX.get(parts.at(-1)!);
  if (suffix && parts.length >= 2) {
    const question = parts.at(-2)!;
    return [...parts.slice(0, -2), `_${question}_${suffix}`].join('/');
  }
  return parts.join('/');
}

/** A table's columns with KoboToolbox's names, to read a table of Veta's forms with (see LandingPart.names). */
export const koboNames = (table: OdkTable): string[] => uniqueNames(table.columns.map((h) => koboHeader(h, table.isRepeat)));

/** Whether a CSV is a table of an ODK Central export, and which kind; other CSVs (an audit log) are left out. */
async function odkTable(member: string, file: string): Promise<OdkTable | undefined> {
  const { columns, delimiter } = await readCsvHeader(file).catch((error: Error) => {
    throw error instanceof HeaderTooLongError ? new HeaderTooLongError(`${member}: ${error.message}`, { cause: error }) : error;
  });
  const isRepeat = columns.includes('PARENT_KEY');
  if (!isRepeat && !columns.includes('SubmissionDate')) return undefined;
  const repeat = isRepeat ? /-([A-Za-z0-9_]+)\.csv$/.exec(member)?.[1] : undefined;
  return { member, file, columns, delimiter, isRepeat, repeat, encoding: 'utf-8' };
}

/**
 * Gives each table a UTF-8 copy with one line ending in `tempDir` when it needs one (Excel re-saves a table in
 * Windows-1252, or a hand edit mixes line endings), as a single CSV gets before it lands.
 */
export async function readableTables(tables: OdkTable[], tempDir: string): Promise<OdkTable[]> {
  const readable: OdkTable[] = [];
  for (const [n, table] of tables.entries()) {
    const profile = await profileText(table.file);
    const blankLines = profile.blankLines.length ? profile.blankLines : undefined;
    if (profile.utf8 && !profile.mixedLineEndings) {
      readable.push({ ...table, blankLines });
      continue;
    }
    const encoding: Encoding = profile.utf8 ? 'utf-8' : 'windows-1252';
    const file = path.join(tempDir, `utf8-${n}-${path.basename(table.file)}`);
    await transcodeToUtf8(table.file, encoding, file, profile.mixedLineEndings ? { lineEndings: 'lf' } : {});
    readable.push({ ...table, file, encoding, blankLines });
  }
  return readable;
}

const isCsv = (name: string) => name.toLowerCase().endsWith('.csv');
const depth = (name: string) => name.split('/').length - 1;

/**
 * The most tables a zipped export is read with. Each is unpacked and read on its own, milliseconds apiece: tens of
 * thousands of tiny CSVs would keep ingest busy for minutes on what no form has (a repeat group per table).
 */
export const MAX_ZIP_TABLES = 1_000;

/**
 * Unpacks the CSV tables of a zip into `outDir` and returns them: the top-level CSVs, or, when a folder was zipped
 * whole, the CSVs of that one folder. Media (`files/…`) is not unpacked. Only a member's base name is used on disk,
 * so a member named `../x.csv` cannot write outside the folder.
 */
export async function readOdkZip(file: string, outDir: string, limits?: ZipLimits): Promise<OdkTable[]> {
  const csvs = (await listZip(file)).filter((m) => !m.isDirectory && isCsv(m.name)).map((m) => m.name);
  const folders = new Set(csvs.filter((name) => depth(name) === 1).map((name) => name.split('/')[0]));
  const prefix = csvs.some((name) => depth(name) === 0) || folders.size !== 1 ? '' : `${[...folders][0]}/`;
  const wanted = (name: string) => isCsv(name) && name.startsWith(prefix) && depth(name) === depth(prefix);
  const tableCount = csvs.filter(wanted).length;
  if (tableCount > MAX_ZIP_TABLES) {
    throw new ZipRefusedError(
      `holds ${tableCount.toLocaleString('en')} CSV files to read as tables; an ODK Central export holds its root table and ` +
        `one per repeat group (at most ${MAX_ZIP_TABLES.toLocaleString('en')} are read)`,
    );
  }
  let n = 0;
  const written = await unpackZip(
    file,
    (m) => (wanted(m.name) ? path.join(outDir, `${++n}-${path.basename(m.name).replace(/[^A-Za-z0-9_.-]+/g, '_')}`) : undefined),
    limits,
  );
  const tables: OdkTable[] = [];
  for (const { member, path: unpacked } of written.sort((a, b) => a.member.name.localeCompare(b.member.name))) {
    const table = await odkTable(member.name, unpacked);
    if (table) tables.push(table);
  }
  return tables;
}

/** The tables of an export unzipped into a folder, read where they are. */
export async function readOdkFolder(dir: string): Promise<OdkTable[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && isCsv(e.name)).map((e) => e.name);
  const tables: OdkTable[] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    const table = await odkTable(name, path.join(dir, name)).catch(() => undefined);
    if (table) tables.push(table);
  }
  return tables;
}

/**
 * The tables of the unzipped ODK Central export a folder holds, when it holds one with repeats (they must land
 * together, as one input); undefined otherwise. Its other files are inputs of their own.
 */
export async function odkFolderTables(dir: string): Promise<string[] | undefined> {
  const tables = await readOdkFolder(dir).catch(() => []);
  const isExport = tables.some((t) => !t.isRepeat) && tables.some((t) => t.isRepeat);
  return isExport ? tables.map((t) => t.member) : undefined;
}

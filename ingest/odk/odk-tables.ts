/**
 * Reads an ODK Central "CSV (zip)" export, zipped or unzipped into a folder, as its tables: the root table (the one
 * with `SubmissionDate`) and the repeat tables (`<form id>-<repeat>.csv`, linked by `PARENT_KEY`). For Veta's own
 * forms the header can be read with KoboToolbox's paths (`site-site_code` → `site/site_code`, `site-gps-Latitude` →
 * `site/_gps_latitude`, `KEY` → `_uuid` …) so both tools' exports meet in one raw table; the rows stay as they are.
 * Veta's group and question names never contain `-`, so the separator is unambiguous for them.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readCsvHeader, uniqueNames } from '../csv-header.ts';
import { unpackZip, type ZipLimits } from '../zip/unpack-zip.ts';

export interface OdkTable {
  /** The member of the zip or the file of the folder, for messages. */
  member: string;
  file: string;
  columns: string[];
  isRepeat: boolean;
  /** The repeat's name (`improvement_actions`), from the member name `<form id>-<repeat>.csv`. */
  repeat?: string;
}

const GEO_SUFFIX: Record<string, string> = { Latitude: 'latitude', Longitude: 'longitude', Altitude: 'altitude', Accuracy: 'precision' };
const ROOT_RENAMES: Record<string, string> = {
  KEY: '_uuid',
  SubmissionDate: '_submission_time',
  FormVersion: '__version__',
  ReviewState: '_validation_status',
};

export function koboHeader(odk: string, isRepeat: boolean): string {
  if (isRepeat) return { PARENT_KEY: '_submission__uuid', KEY: '_odk_key' }[odk] ?? odk.replaceAll('-', '/');
  if (ROOT_RENAMES[odk]) return ROOT_RENAMES[odk];
  const parts = odk.split('-');
  const suffix = GEO_SUFFIX[parts.at(-1)!];
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
  const { columns } = await readCsvHeader(file);
  const isRepeat = columns.includes('PARENT_KEY');
  if (!isRepeat && !columns.includes('SubmissionDate')) return undefined;
  const repeat = isRepeat ? /-([A-Za-z0-9_]+)\.csv$/.exec(member)?.[1] : undefined;
  return { member, file, columns, isRepeat, repeat };
}

const isTopLevelCsv = (name: string) => name.toLowerCase().endsWith('.csv') && !name.includes('/') && !name.includes('\\');

/**
 * Unpacks the top-level CSV members of a zip into `outDir` and returns its tables. Media (`files/…`) is not unpacked.
 * Only a member's base name is used on disk, so a member named `../x.csv` cannot write outside the folder.
 */
export async function readOdkZip(file: string, outDir: string, limits?: ZipLimits): Promise<OdkTable[]> {
  let n = 0;
  const written = await unpackZip(
    file,
    (m) => (isTopLevelCsv(m.name) ? path.join(outDir, `${++n}-${path.basename(m.name).replace(/[^A-Za-z0-9_.-]+/g, '_')}`) : undefined),
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
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && isTopLevelCsv(e.name)).map((e) => e.name);
  const tables: OdkTable[] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    const table = await odkTable(name, path.join(dir, name));
    if (table) tables.push(table);
  }
  return tables;
}

/** Whether a folder holds an unzipped ODK Central export with repeats, which must land together, as one input. */
export async function isOdkFolder(dir: string): Promise<boolean> {
  const tables = await readOdkFolder(dir).catch(() => []);
  return tables.some((t) => !t.isRepeat) && tables.some((t) => t.isRepeat);
}

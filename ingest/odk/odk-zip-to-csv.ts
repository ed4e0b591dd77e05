/**
 * Unpacks an ODK Central "CSV (zip)" export into CSV files, one per table, ready to land. For Veta's own forms the
 * header can then be renamed to KoboToolbox's paths (`site-site_code` → `site/site_code`, `site-gps-Latitude` →
 * `site/_gps_latitude`, `KEY` → `_uuid` …) so both tools' exports meet in one raw table; the rows stay as they are.
 * Veta's group and question names never contain `-`, so the separator is unambiguous for them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { readCsvHeader } from '../csv-header.ts';

export interface OdkTable {
  /** The member of the zip, for messages. */
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

export async function odkZipToCsv(bytes: Buffer, outDir: string): Promise<OdkTable[]> {
  const zip = await JSZip.loadAsync(bytes);
  const members = Object.values(zip.files).filter((m) => !m.dir && m.name.toLowerCase().endsWith('.csv') && !m.name.includes('/'));
  const tables: OdkTable[] = [];
  for (const member of members.sort((a, b) => a.name.localeCompare(b.name))) {
    // Only the base name is used: a member named `../x.csv` cannot write outside the folder.
    const target = path.join(outDir, `${tables.length + 1}-${path.basename(member.name).replace(/[^A-Za-z0-9_.-]+/g, '_')}`);
    await writeFile(target, await member.async('nodebuffer'));
    const columns = (await readCsvHeader(target)).columns;
    const isRepeat = columns.includes('PARENT_KEY');
    if (!isRepeat && !columns.includes('SubmissionDate')) continue;
    const repeat = isRepeat ? /-([A-Za-z0-9_]+)\.csv$/.exec(member.name)?.[1] : undefined;
    tables.push({ member: member.name, file: target, columns, isRepeat, repeat });
  }
  return tables;
}

/** Rewrites a table's header with KoboToolbox's names (Veta's forms only) and returns them. */
export async function renameToKobo(table: OdkTable): Promise<string[]> {
  const columns = table.columns.map((h) => koboHeader(h, table.isRepeat));
  const text = await readFile(table.file, 'utf8');
  const newline = text.search(/\r?\n/);
  const body = newline < 0 ? '' : text.slice(newline);
  await writeFile(table.file, `${columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')}${body}`);
  return columns;
}

/** Reads an ODK Central "CSV (zip)" export, zipped or unzipped, as landing parts: Veta's forms mapped, others untouched. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CsvHeader } from '../csv-header.ts';
import type { Detected, LandingPart } from '../detect-format.ts';
import { IngestError } from '../errors.ts';
import { KOBO_SUBMISSION_KEY, missingSignature, VETA_ASSESSMENT_TABLE, VETA_REPEAT_OF } from '../kobo/veta-assessment-export.ts';
import type { RecordKey } from '../land-csv.ts';
import { otherFormSlug, tableSlug } from '../table-slug.ts';
import { ZipRefusedError } from '../zip/unpack-zip.ts';
import { koboHeader, koboNames, readableTables, readOdkFolder, readOdkZip, type OdkTable } from './odk-tables.ts';

/** An ODK root table's key: the submission's instance id; its version is the current instance id. */
export const ODK_ROOT_KEY: RecordKey = {
  column: 'KEY',
  lineage: '_submission_uuid',
  version: 'meta-instanceID',
  supersedes: 'meta-deprecatedID',
  edits: 'Edits',
  stripPrefix: 'uuid:',
};

/** Whether an ODK root table's header, read with KoboToolbox's names, is Veta's form. */
export const isVetaOdkRoot = (columns: readonly string[]) => missingSignature(columns.map((c) => koboHeader(c, false))).length === 0;

export async function detectOdkZip(file: string): Promise<Detected> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-odk-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const tables = await readOdkZip(file, dir).catch((error: Error) => {
      if (error instanceof ZipRefusedError) throw new IngestError(file, error.message, { cause: error });
      throw new IngestError(file, `cannot be read as an ODK Central CSV zip: ${error.message}`, { cause: error });
    });
    return { ...odkParts(file, await readableTables(tables, dir), 'odk-central-zip'), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** An export unzipped into a folder: its tables land from where they are (or from a UTF-8 copy). */
export async function detectOdkFolder(dir: string): Promise<Detected> {
  const temp = await mkdtemp(path.join(tmpdir(), 'veta-odk-'));
  const dispose = () => rm(temp, { recursive: true, force: true });
  try {
    const tables = await readOdkFolder(dir).catch((error: Error) => {
      throw new IngestError(dir, `cannot be read as an unzipped ODK Central export: ${error.message}`, { cause: error });
    });
    const detected = odkParts(dir, await readableTables(tables, temp), 'odk-central-folder');
    return { ...detected, members: tables.map((t) => t.member), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * The root table of Veta's form lands with the KoboToolbox exports (read with Kobo's names, `uuid:` dropped from
 * keys so both tools' submissions meet), each repeat in its own table; another form's tables land as they are.
 */
function odkParts(file: string, tables: OdkTable[], format: 'odk-central-zip' | 'odk-central-folder'): Omit<Detected, 'dispose'> {
  const roots = tables.filter((t) => !t.isRepeat);
  if (roots.length !== 1) {
    throw new IngestError(file, `expected one root table (a CSV with SubmissionDate) in the export, found ${roots.length}`);
  }
  const [root] = roots;
  const header = (table: OdkTable, columns = table.columns): CsvHeader => ({ delimiter: table.delimiter, columns, hasBom: false });
  // Not UTF-8 in any table: the file as a whole is said to be in that encoding (it was converted to land).
  const encoding = tables.find((t) => t.encoding !== 'utf-8')?.encoding ?? 'utf-8';
  const repeats = tables.filter((t) => t.isRepeat);
  for (const t of repeats) {
    if (!t.repeat) throw new IngestError(file, `${t.member}: a repeat table is named <form id>-<repeat>.csv`);
  }
  if (!isVetaOdkRoot(root.columns)) {
    const form = otherFormSlug(path.basename(root.member, '.csv'));
    const parts: LandingPart[] = [
      { file: root.file, sheet: root.member, table: `odk__${form}`, key: ODK_ROOT_KEY, header: header(root), padShortRows: true, blankLines: root.blankLines },
      ...repeats.map((t) => ({
        file: t.file,
        sheet: t.member,
        table: `odk__${form}__${tableSlug(t.repeat!)}`,
        key: { column: 'KEY', lineage: '_record_key', stripPrefix: 'uuid:' } satisfies RecordKey,
        header: header(t),
        padShortRows: true,
        blankLines: t.blankLines,
        // Rows of a repeat nested in another repeat name that repeat, not a submission: they keep their own versions.
        repeatOf: { column: 'PARENT_KEY' },
      })),
    ];
    return { format, mapped: false, encoding, parts };
  }
  const parts: LandingPart[] = [vetaRootPart(root), ...repeats.map((t) => {
    const names = koboNames(t);
    return {
      file: t.file,
      sheet: t.member,
      table: `kobo__veta_${tableSlug(t.repeat!)}`,
      key: { column: '_odk_key', lineage: '_record_key', stripPrefix: 'uuid:' } satisfies RecordKey,
      header: header(t, names),
      names,
      padShortRows: true,
      blankLines: t.blankLines,
      repeatOf: VETA_REPEAT_OF,
    };
  })];
  return { format, mapped: true, encoding, parts };
}

/** The root table of Veta's form, read with KoboToolbox's names into the table Kobo exports land in. */
export function vetaRootPart(root: OdkTable): LandingPart {
  const names = koboNames(root);
  return {
    file: root.file,
    sheet: root.member,
    table: VETA_ASSESSMENT_TABLE,
    key: KOBO_SUBMISSION_KEY,
    header: { delimiter: root.delimiter, columns: names, hasBom: false },
    names,
    padShortRows: true,
    blankLines: root.blankLines,
  };
}

/** Reads an ODK Central "CSV (zip)" export as landing parts: Veta's forms mapped, any other form untouched. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CsvHeader } from '../csv-header.ts';
import type { Detected, LandingPart } from '../detect-format.ts';
import { tableSlug } from '../table-slug.ts';
import { IngestError } from '../errors.ts';
import { KOBO_SUBMISSION_KEY, missingSignature, VETA_ASSESSMENT_TABLE } from '../kobo/veta-assessment-export.ts';
import type { RecordKey } from '../land-csv.ts';
import { koboHeader, odkZipToCsv, renameToKobo } from './odk-zip-to-csv.ts';

/** An ODK root table's key: the submission's instance id; its version is the current instance id. */
export const ODK_ROOT_KEY: RecordKey = {
  column: 'KEY',
  lineage: '_submission_uuid',
  version: 'meta-instanceID',
  supersedes: 'meta-deprecatedID',
  stripPrefix: 'uuid:',
};

/**
 * An ODK Central "CSV (zip)" export of Veta's form: the root table lands with the KoboToolbox exports (headers
 * renamed to Kobo's paths, `uuid:` dropped from keys so both tools' submissions meet), each repeat in its own table.
 */
export async function detectOdkZip(file: string): Promise<Detected> {
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
      const form = tableSlug(path.basename(root.member, '.csv'));
      const parts: LandingPart[] = [
        { file: root.file, sheet: root.member, table: `odk__${form}`, key: ODK_ROOT_KEY, header: header(root.columns), padShortRows: true },
        ...repeats.map((t) => ({
          file: t.file,
          sheet: t.member,
          table: `odk__${form}__${tableSlug(t.repeat!)}`,
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
        key: KOBO_SUBMISSION_KEY,
        header: header(await renameToKobo(root)),
        padShortRows: true,
      },
    ];
    for (const t of repeats) {
      parts.push({
        file: t.file,
        sheet: t.member,
        table: `kobo__veta_${tableSlug(t.repeat!)}`,
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

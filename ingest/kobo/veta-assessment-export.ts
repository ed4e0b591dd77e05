/**
 * Recognises a KoboToolbox CSV export of Veta's own site-assessment XLSForm (any framework version): its rows land
 * in one raw table, and the models map them to the canonical tables with no hand-made mapping.
 */
import type { RecordKey } from '../land-csv.ts';

/** Columns every export of the form has (with "XML values and headers" and groups separated by `/`). */
export const VETA_ASSESSMENT_SIGNATURE = ['_uuid', 'framework_version', 'site/site_code', 'identification/assessment_date'] as const;

export const VETA_ASSESSMENT_TABLE = 'kobo__veta_site_assessments';

/**
 * A KoboToolbox submission's key: its uuid; its version: the instance id, new at every edit, which names the version
 * it replaced in `meta/deprecatedID`. ODK Central prefixes both with `uuid:`; the prefix is dropped so tools agree.
 */
export const KOBO_SUBMISSION_KEY = {
  column: '_uuid',
  lineage: '_submission_uuid',
  version: 'meta/instanceID',
  supersedes: 'meta/deprecatedID',
  stripPrefix: 'uuid:',
} as const satisfies RecordKey;

/** A requirement status column: `m3/r_M3_6`. */
const STATUS_COLUMN = /^[a-z0-9_]+\/r_[A-Z0-9_]+$/;

export function missingSignature(columns: readonly string[]): string[] {
  const missing: string[] = VETA_ASSESSMENT_SIGNATURE.filter((column) => !columns.includes(column));
  if (!columns.some((column) => STATUS_COLUMN.test(column))) missing.push('requirement status columns (m1/r_M1_1 …)');
  return missing;
}

/**
 * Recognises a KoboToolbox CSV export of Veta's own site-assessment XLSForm (any framework version): its rows land
 * in one raw table, and the models map them to the canonical tables with no hand-made mapping.
 */
import type { RecordKey, RepeatOf } from '../land-csv.ts';

/** Columns every export of the form has (with "XML values and headers" and groups separated by `/`). */
export const VETA_ASSESSMENT_SIGNATURE = ['_uuid', 'framework_version', 'site/site_code', 'identification/assessment_date'] as const;

export const VETA_ASSESSMENT_TABLE = 'kobo__veta_site_assessments';

/**
 * A KoboToolbox submission's key: its uuid, or for an edited submission its first uuid (`meta/rootUuid`: Kobo gives
 * an edit a new `_uuid`); its version: the instance id, new at every edit, which names the version it replaced in
 * `meta/deprecatedID`. ODK Central prefixes them with `uuid:`, dropped so tools agree, and counts edits in `Edits`.
 */
export const KOBO_SUBMISSION_KEY = {
  column: '_uuid',
  lineage: '_submission_uuid',
  version: 'meta/instanceID',
  supersedes: 'meta/deprecatedID',
  root: 'meta/rootUuid',
  edits: 'Edits',
  stripPrefix: 'uuid:',
} as const satisfies RecordKey;

/** How a repeat sheet or table of Veta's form names the submission its rows belong to. */
export const VETA_REPEAT_OF = { column: '_submission__uuid' } as const satisfies RepeatOf;

/** A requirement status column: `m3/r_M3_6`. */
const STATUS_COLUMN = /^[a-z0-9_]+\/r_[A-Z0-9_]+$/;

export function missingSignature(columns: readonly string[]): string[] {
  const missing: string[] = VETA_ASSESSMENT_SIGNATURE.filter((column) => !columns.includes(column));
  if (!columns.some((column) => STATUS_COLUMN.test(column))) missing.push('requirement status columns (m1/r_M1_1 …)');
  return missing;
}

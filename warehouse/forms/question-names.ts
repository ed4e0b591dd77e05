/**
 * How a requirement becomes a question of the assessment form and back. The name keeps the requirement's key, so an
 * export column maps to its requirement with no hand-made mapping: `craft-2.1.M3-6` is asked as `r_M3_6`, and its
 * evidence as `r_M3_6_evidence`.
 */

const PREFIX = 'r_';
export const EVIDENCE_SUFFIX = '_evidence';

/** The question that asks for a requirement's status. */
export function questionName(requirementId: string, versionId: string): string {
  if (!requirementId.startsWith(`${versionId}.`)) {
    throw new Error(`requirement ${requirementId} does not belong to ${versionId}`);
  }
  const key = requirementId.slice(versionId.length + 1);
  if (!/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/.test(key)) {
    throw new Error(`requirement key "${key}" of ${requirementId} cannot become a form question name`);
  }
  return `${PREFIX}${key.replaceAll('-', '_')}`;
}

/** The requirement a status question asks about, or undefined for any other question. */
export function requirementOfQuestion(name: string, versionId: string): string | undefined {
  const match = /^r_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$/.exec(name);
  return match ? `${versionId}.${match[1].replaceAll('_', '-')}` : undefined;
}

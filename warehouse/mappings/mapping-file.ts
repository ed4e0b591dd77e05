/**
 * A mapping file says how the raw table of a form Veta did not write maps onto Veta's site assessment: which of its
 * columns answers which of Veta's questions, and how its answers recode to Veta's codes. Raw stays untouched; the
 * mapping is applied to each snapshot's copy (warehouse/builder/apply-mappings.ts), so a corrected mapping corrects
 * every figure at the next build, and each mapped row keeps the lineage of the row it came from.
 *
 * ```yaml
 * mapping_version: 1
 * source_table: kobo__mine_visit_2023      # the raw table the form landed in (`veta ingest` names it)
 * framework_version: craft-2.1             # the framework its statuses are judged under
 * fields:                                  # Veta's question ← the form's column
 *   site/site_code: grp_mine/mine_id
 *   site/country: { value: CO }            # the same answer for every row
 *   practices/mercury_used: { column: uses_mercury, recode: { Sí: 'yes', No: 'no' } }
 * requirements:                            # requirement ← the column holding its status
 *   craft-2.1.M3-6:
 *     column: child_labour
 *     recode: { Sí: risk_identified, No: conformant }
 *     evidence: child_labour_notes
 * ```
 *
 * Answers a recode does not list are kept as they are, so the data tests flag them instead of a guess hiding them.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import { z } from 'zod';

const recode = z.record(z.string(), z.string().nullable());

const field = z.union([
  z.string().min(1),
  z.strictObject({ column: z.string().min(1), recode: recode.optional() }),
  z.strictObject({ value: z.string() }),
]);

const requirement = z.strictObject({
  column: z.string().min(1),
  recode: recode.optional(),
  evidence: z.string().min(1).optional(),
});

export const mappingSchema = z.strictObject({
  mapping_version: z.literal(1),
  source_table: z.string().regex(/^[a-z0-9_]+$/, 'a raw table name: lower-case letters, digits and _'),
  framework_version: z.string().regex(/^[a-z]+-\d+(\.\d+)*$/, 'a framework version id such as craft-2.1'),
  form_id: z.string().min(1).optional(),
  fields: z.record(z.string(), field).default({}),
  requirements: z.record(z.string(), requirement).default({}),
});

export type Mapping = z.infer<typeof mappingSchema>;
export type FieldMapping = z.infer<typeof field>;

/** A mapping file that cannot be used; the message names the file, line and column. */
export class MappingError extends Error {
  override name = 'MappingError';
}

/** The line and column (1-based) of the node at a path of the document, or of the document when there is none. */
function position(node: Node | null | undefined, path: readonly PropertyKey[], lines: LineCounter): string {
  let current: unknown = node;
  for (const key of path) {
    if (!isMap(current)) break;
    const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
    if (!pair) break;
    current = pair.value ?? pair.key;
  }
  const offset = (current as Node | undefined)?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

/** Parses and checks a mapping file's text; `file` names it in messages. */
export function parseMapping(text: string, file: string): Mapping {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [syntax] = document.errors;
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw new MappingError(`${file}: line ${line}, column ${col}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const parsed = mappingSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = position(document.contents, issue.path, lines);
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new MappingError(`${file}: ${where}${at}: ${issue.message}`);
  }
  return parsed.data;
}

export async function readMapping(file: string): Promise<Mapping> {
  return parseMapping(await readFile(file, 'utf8'), file);
}

/** Every column of the source table a mapping reads, with where in the mapping it is named. */
export function referencedColumns(mapping: Mapping): { column: string; where: string }[] {
  const columns: { column: string; where: string }[] = [];
  for (const [veta, mapped] of Object.entries(mapping.fields)) {
    if (typeof mapped === 'string') columns.push({ column: mapped, where: `fields.${veta}` });
    else if ('column' in mapped) columns.push({ column: mapped.column, where: `fields.${veta}` });
  }
  for (const [requirement, mapped] of Object.entries(mapping.requirements)) {
    columns.push({ column: mapped.column, where: `requirements.${requirement}` });
    if (mapped.evidence) columns.push({ column: mapped.evidence, where: `requirements.${requirement}.evidence` });
  }
  return columns;
}

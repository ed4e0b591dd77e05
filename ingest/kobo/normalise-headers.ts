/**
 * KoboToolbox lets whoever exports choose the group separator, or leave groups out of the headers; ODK Central has a
 * "remove group names" option too. For Veta's own forms the full paths are known, so such headers are put back to the
 * `/`-separated paths the models read: `site.site_code`, `site-site_code` and `site_code` all become `site/site_code`.
 * Columns that match nothing keep their name and land as they are.
 */
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { koboExportColumns } from './kobo-export-columns.ts';

/** Framework versions whose forms Veta generates (those with requirements in the catalogue). */
const FORM_VERSIONS = ['craft-2.0', 'craft-2.1', 'fairmined-2.0'] as const;
const SEPARATORS = ['.', ':', '-', '__', ' / '];

let canonical: Promise<Set<string>> | undefined;
let labels: Promise<Set<string>> | undefined;

/** Every header an export of any of Veta's forms can have, as KoboToolbox writes it with `/` groups. */
export function vetaHeaders(): Promise<Set<string>> {
  canonical ??= Promise.all(FORM_VERSIONS.map((v) => generateForm(v))).then(
    (forms) => new Set(forms.flatMap((form) => koboExportColumns(form).map((c) => c.header))),
  );
  return canonical;
}

/** Every question and group label of Veta's forms, in every language the forms carry. */
function vetaLabels(): Promise<Set<string>> {
  labels ??= Promise.all(FORM_VERSIONS.map((v) => generateForm(v))).then(
    (forms) =>
      new Set(
        forms.flatMap((form) =>
          form.survey.flatMap((row) => Object.entries(row).filter(([column, text]) => column.startsWith('label::') && text).map(([, text]) => text.trim())),
        ),
      ),
  );
  return labels;
}

/**
 * Whether a header is an export of Veta's form with KoboToolbox's "Labels" instead of "XML values and headers": most
 * of its question columns (the last part of each path) are the form's labels, in some language. Such an export names
 * its choices by label too, so it cannot be read reliably; the person exporting is told which option to pick.
 */
export async function isLabelExport(columns: readonly string[]): Promise<boolean> {
  const known = await vetaLabels();
  const questions = columns.filter((c) => !c.startsWith('_'));
  const matching = questions.filter((c) => c.split('/').some((part) => known.has(part.trim())));
  return matching.length >= 5 && matching.length >= questions.length / 4;
}

/** A header without its groups: `site/site_code` → `site_code`, `site/minerals/gold` → `minerals/gold`. */
function withoutGroups(header: string, known: Set<string>): string {
  const parts = header.split('/');
  // A choice column keeps its question: the last two parts when the first ones are a question path.
  if (parts.length >= 3 && known.has(parts.slice(0, -1).join('/'))) return parts.slice(-2).join('/');
  return parts.at(-1)!;
}

export function normaliseHeaders(columns: readonly string[], known: Set<string>): string[] {
  const byLeaf = new Map<string, string | null>();
  for (const header of known) {
    const leaf = withoutGroups(header, known);
    // Two paths with the same leaf cannot be told apart without groups: leave such columns alone.
    byLeaf.set(leaf, byLeaf.has(leaf) && byLeaf.get(leaf) !== header ? null : header);
  }
  return columns.map((column) => {
    if (known.has(column)) return column;
    for (const separator of SEPARATORS) {
      const joined = column.split(separator).join('/');
      if (known.has(joined)) return joined;
      const leaf = byLeaf.get(joined);
      if (leaf) return leaf;
    }
    return byLeaf.get(column) ?? column;
  });
}

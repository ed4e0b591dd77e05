/** `veta ingest <path…>`: lands export files in the warehouse, one transaction per file. */
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat, FORMATS, type Format } from '../../ingest/detect-format.ts';
import { draftMapping, vetaQuestions } from '../../ingest/mapping/draft-mapping.ts';
import { UnknownVersionError } from '../../warehouse/forms/build-xlsform.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { MappingError, readMapping, referencedColumns, type Mapping } from '../../warehouse/mappings/mapping-file.ts';
import { requirementOfQuestion } from '../../warehouse/forms/question-names.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import { odkFolderTables } from '../../ingest/odk/odk-tables.ts';
import { createProgress, noProgress } from '../../ingest/progress.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import type { Command, Context } from '../command.ts';
import { CliError, UsageError } from '../errors.ts';

export const ingest: Command = {
  name: 'ingest',
  summary: 'Land survey exports and partner files in the warehouse, with their lineage; say what could not be used.',
  usage: 'veta ingest [--json] [--strict] [--format FORMAT] [--mapping FILE] <file|dir|zip>…\n' +
    '       veta ingest --draft-mapping FILE [--framework VERSION] <file>',
  help: [
    '  --json           print one JSON summary per file (file, format, rows_read, rows_loaded, rows_rejected,',
    '                   rows_duplicate, batch_id)',
    '  --strict         stop at the first problem: a file with a rejected row lands nothing, later files wait',
    `  --format FORMAT  do not guess the format; one of: ${FORMATS.join(', ')}`,
    '  --mapping FILE   map another form onto Veta\'s assessment with this mapping file: it is checked, kept',
    '                   under the home directory and applied at every `veta build`; files may be omitted',
    '                   when the form has landed already',
    '  --draft-mapping FILE',
    '                   write a first mapping of the form of <file> to FILE, for a person to finish; lands nothing',
    '  --framework VERSION',
    '                   the framework version the draft maps onto (default craft-2.1)',
  ],
  options: {
    json: { type: 'boolean' },
    strict: { type: 'boolean' },
    format: { type: 'string' },
    mapping: { type: 'string' },
    'draft-mapping': { type: 'string' },
    framework: { type: 'string' },
  },
  positionals: true,
  async run(context) {
    const format = context.values.format as Format | undefined;
    if (format !== undefined && !FORMATS.includes(format)) {
      throw new UsageError(`unknown --format "${format}": expected one of ${FORMATS.join(', ')}`);
    }
    const draft = context.values['draft-mapping'];
    if (typeof draft === 'string') return writeDraft(context, draft, format);
    const mappingFile = context.values.mapping;
    const mapping = typeof mappingFile === 'string' ? await checkMapping(mappingFile) : undefined;
    if (context.positionals.length === 0 && !mapping) throw new UsageError('ingest needs at least one file or directory');
    const files = await expandPaths(context.positionals);
    const summaries = await ingestPaths(context, files, format, mapping);
    if (mapping) await keepMapping(context, mapping, summaries);
    return summaries.length === files.length ? 0 : 1;
  },
};

/** A mapping file, read and checked against Veta's form before anything lands. */
async function checkMapping(file: string): Promise<{ file: string; mapping: Mapping }> {
  try {
    const mapping = await readMapping(file);
    const form = await generateForm(mapping.framework_version);
    const known = new Set(vetaQuestions(form).map((q) => q.path));
    const unknown = Object.keys(mapping.fields).filter((field) => !known.has(field));
    if (unknown.length) {
      throw new MappingError(
        `${file}: fields.${unknown[0]}: not a question of Veta's ${mapping.framework_version} form ` +
          `(questions are paths such as site/site_code; requirement statuses go under requirements:)`,
      );
    }
    const requirements = new Set(form.survey.map((row) => requirementOfQuestion(row.name, mapping.framework_version)));
    const missing = Object.keys(mapping.requirements).find((requirement) => !requirements.has(requirement));
    if (missing) {
      throw new MappingError(`${file}: requirements.${missing}: the catalogue has no such requirement in ${mapping.framework_version}`);
    }
    return { file, mapping };
  } catch (error) {
    if (error instanceof MappingError) throw new CliError(error.message);
    if (error instanceof UnknownVersionError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Keeps the mapping under the home directory, named after its table, where every build applies it. */
async function keepMapping(context: Context, { file, mapping }: { file: string; mapping: Mapping }, summaries: IngestSummary[]) {
  // Checked against the form as it landed, before it replaces a mapping that works.
  const columns = await landedColumns(context.home.warehouse, mapping.source_table);
  const absent = columns && referencedColumns(mapping).find(({ column }) => !columns.has(column));
  if (absent) {
    throw new CliError(`${file}: ${absent.where}: raw.${mapping.source_table} has no column "${absent.column}"; the mapping was not kept`);
  }
  await mkdir(context.home.mappings, { recursive: true });
  const kept = path.join(context.home.mappings, `${mapping.source_table}.yml`);
  await copyFile(file, kept);
  const landed = summaries.some((s) => s.target_table.split(', ').includes(`raw.${mapping.source_table}`));
  context.err(
    `mapping ${path.basename(file)} kept as ${path.relative(process.cwd(), kept)}: raw.${mapping.source_table} maps onto ` +
      `Veta's assessment at the next \`veta build\`${landed ? '' : ' (nothing of that form has landed in this run)'}`,
  );
}

/** The columns of a raw table of the landing warehouse, or undefined when nothing has landed in it. */
async function landedColumns(warehouse: string, table: string): Promise<Set<string> | undefined> {
  try {
    await stat(warehouse);
  } catch {
    return undefined;
  }
  const db = await Database.open(warehouse, { readOnly: true });
  try {
    const rows = await db.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table`,
      { table },
    );
    return rows.length ? new Set(rows.map((r) => r.column_name)) : undefined;
  } finally {
    db.close();
  }
}

/** Writes a first mapping of a file's form, for a person to finish; lands nothing. */
async function writeDraft(context: Context, out: string, format?: Format): Promise<number> {
  if (context.positionals.length !== 1) throw new UsageError('--draft-mapping drafts from exactly one export file');
  const [file] = context.positionals;
  const detected = await detectFormat(file, format);
  try {
    if (detected.mapped) {
      context.err(`${file} is an export Veta reads by itself (${detected.format}): it needs no mapping`);
      return 1;
    }
    const db = await Database.open(':memory:');
    try {
      const framework = typeof context.values.framework === 'string' ? context.values.framework : undefined;
      const text = await draftMapping(db, detected.parts[0], { fileName: path.basename(file), frameworkVersion: framework });
      await writeFile(out, text);
    } finally {
      db.close();
    }
    context.err(`wrote a draft mapping of ${path.basename(file)} to ${out}: finish it, then run veta ingest --mapping ${out}`);
    return 0;
  } finally {
    await detected.dispose();
  }
}

/** Ingests files one by one; a file that fails is reported and the others still land. */
export async function ingestPaths(
  context: Context,
  files: string[],
  format?: Format,
  mapping?: { mapping: Mapping },
): Promise<IngestSummary[]> {
  const db = await openLanding(context.home.warehouse);
  const progress = context.progress ? createProgress(context.progress) : noProgress;
  const summaries: IngestSummary[] = [];
  try {
    for (const file of files) {
      try {
        const strict = context.values.strict === true;
        const landed = await ingestFile(db, file, { archiveDir: context.home.archive, format, strict, progress });
        const table = mapping ? `raw.${mapping.mapping.source_table}` : undefined;
        const summary = table && landed.target_table.split(', ').includes(table) ? { ...landed, mapped: true } : landed;
        summaries.push(summary);
        if (context.values.json) context.out(JSON.stringify(summary));
        else context.err(describe(summary));
      } catch (error) {
        context.err(`error: ${(error as Error).message}`);
        if (context.values.strict) {
          context.err(`--strict: stopped; ${files.length - files.indexOf(file) - 1} later file(s) not read`);
          break;
        }
      }
    }
  } finally {
    db.close();
  }
  return summaries;
}

function describe(s: IngestSummary): string {
  return (
    `ingested ${path.basename(s.file)} (${s.format}${s.encoding === 'utf-8' ? '' : `, converted from ${s.encoding}`}) ` +
    `into ${s.target_table}: ${s.rows_read} rows read, ` +
    `${s.rows_loaded} loaded${s.rows_superseding ? ` (${s.rows_superseding} new versions of records landed before)` : ''}, ` +
    `${s.rows_rejected} rejected, ${s.rows_duplicate} duplicate` +
    (s.rows_older_version ? ` (${s.rows_older_version} of them an older version of their record: the current one was kept)` : '') +
    `; batch ${s.batch_id}` +
    (s.mapped ? '' : '. Not mapped: no model reads this form yet; its rows are kept in raw, untouched') +
    (s.note ? `. Note: ${s.note}` : '')
  );
}

/**
 * The inputs the paths name: files as given; for a folder, its files and, one by one, its subfolders. An unzipped
 * ODK Central export in a folder is one input (its repeat tables need their root table); the folder's other files
 * are inputs of their own.
 */
async function expandPaths(paths: string[]): Promise<string[]> {
  const inputs: string[] = [];
  const visit = async (given: string): Promise<void> => {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    if (!info.isDirectory()) {
      inputs.push(given);
      return;
    }
    const odk = await odkFolderTables(given);
    if (odk) inputs.push(given);
    const entries = (await readdir(given, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && !odk?.includes(entry.name)) inputs.push(path.join(given, entry.name));
      // An export's media folder (files/) holds attachments, not tables.
      else if (entry.isDirectory() && !(odk && entry.name === 'files')) await visit(path.join(given, entry.name));
    }
  };
  for (const given of paths) await visit(given);
  return inputs;
}

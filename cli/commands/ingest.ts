/** `veta ingest <path…>`: lands export files in the warehouse, one transaction per file. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FORMATS, type Format } from '../../ingest/detect-format.ts';
import { ingestFile, type IngestSummary } from '../../ingest/ingest-file.ts';
import { isOdkFolder } from '../../ingest/odk/odk-tables.ts';
import { createProgress, noProgress } from '../../ingest/progress.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import type { Command, Context } from '../command.ts';
import { UsageError } from '../errors.ts';

export const ingest: Command = {
  name: 'ingest',
  summary: 'Land survey exports and partner files in the warehouse, with their lineage; say what could not be used.',
  usage: 'veta ingest [--json] [--strict] [--format FORMAT] <file|dir|zip>…',
  help: [
    '  --json           print one JSON summary per file (file, format, rows_read, rows_loaded, rows_rejected,',
    '                   rows_duplicate, batch_id)',
    '  --strict         stop at the first problem: a file with a rejected row lands nothing, later files wait',
    `  --format FORMAT  do not guess the format; one of: ${FORMATS.join(', ')}`,
  ],
  options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, format: { type: 'string' } },
  positionals: true,
  async run(context) {
    if (context.positionals.length === 0) throw new UsageError('ingest needs at least one file or directory');
    const format = context.values.format as Format | undefined;
    if (format !== undefined && !FORMATS.includes(format)) {
      throw new UsageError(`unknown --format "${format}": expected one of ${FORMATS.join(', ')}`);
    }
    const files = await expandPaths(context.positionals);
    const summaries = await ingestPaths(context, files, format);
    return summaries.length === files.length ? 0 : 1;
  },
};

/** Ingests files one by one; a file that fails is reported and the others still land. */
export async function ingestPaths(context: Context, files: string[], format?: Format): Promise<IngestSummary[]> {
  const db = await openLanding(context.home.warehouse);
  const progress = context.progress ? createProgress(context.progress) : noProgress;
  const summaries: IngestSummary[] = [];
  try {
    for (const file of files) {
      try {
        const strict = context.values.strict === true;
        const summary = await ingestFile(db, file, { archiveDir: path.join(context.home.root, 'archive'), format, strict, progress });
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
    `${s.rows_loaded} loaded${s.rows_superseding ? ` (${s.rows_superseding} new versions of edited records)` : ''}, ` +
    `${s.rows_rejected} rejected, ${s.rows_duplicate} duplicate; batch ${s.batch_id}` +
    (s.mapped ? '' : '. Not mapped: no model reads this form yet; its rows are kept in raw, untouched')
  );
}

async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`);
    }
    // An unzipped ODK Central export lands as one input: its repeat tables need their root table.
    if (!info.isDirectory() || (await isOdkFolder(given))) files.push(given);
    else {
      const entries = await readdir(given, { withFileTypes: true });
      const inside = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => path.join(given, e.name));
      files.push(...inside.sort());
    }
  }
  return files;
}

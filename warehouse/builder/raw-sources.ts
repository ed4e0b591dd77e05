/**
 * The raw tables the models read (`_sources.yml` beside the staging models). A source that nothing has landed yet
 * is either created empty (optional feeds: a deployment without sales ledgers still builds) or named in a clear
 * error (the survey exports every mart starts from).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { quoteIdentifier, type Database } from '../gateway/duckdb.ts';
import { ProjectError } from './errors.ts';

const Source = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  description: z.string(),
  key: z.enum(['_submission_uuid', '_record_key']),
  optional: z.boolean(),
  columns: z.array(z.string()).default([]),
});
const SourcesFile = z.strictObject({ sources: z.array(Source) });
export type Source = z.infer<typeof Source>;

export const SOURCES_FILE = path.join('staging', '_sources.yml');

export async function readSources(transformsDir: string): Promise<Source[]> {
  const file = path.join(transformsDir, SOURCES_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return [];
  const parsed = SourcesFile.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(`${file}: at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data.sources;
}

/**
 * Creates the optional sources that are missing, and adds to present ones the declared columns they lack (exports
 * of an older form version, or from one tool only, do not have every column the models read); returns the required
 * sources that are missing. Only the snapshot's copy changes, never the landing warehouse.
 */
export async function prepareSources(db: Database, sources: Source[]): Promise<Source[]> {
  const present = new Set(
    (await db.query<{ table_name: string }>(`select table_name from duckdb_tables() where schema_name = 'raw'`)).map((t) => t.table_name),
  );
  for (const source of sources.filter((s) => present.has(s.name))) {
    for (const column of source.columns) {
      await db.run(`alter table raw.${quoteIdentifier(source.name)} add column if not exists ${quoteIdentifier(column)} varchar`);
    }
  }
  const missing: Source[] = [];
  for (const source of sources.filter((s) => !present.has(s.name))) {
    if (!source.optional) {
      missing.push(source);
      continue;
    }
    // The lineage columns ingest gives every raw table (ingest/land-csv.ts), so models read an empty source alike.
    const columns = ['_batch_id', '_file_hash', source.key, '_record_version', '_supersedes_version', ...source.columns];
    const typed = [...columns.map((c) => `${quoteIdentifier(c)} varchar`), '_source_row integer', '_landed_at timestamp', '_is_current boolean'];
    await db.run(`create table raw.${quoteIdentifier(source.name)} (${typed.join(', ')})`);
  }
  return missing;
}

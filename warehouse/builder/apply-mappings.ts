/**
 * Applies the mapping files of a Veta home to a snapshot's copy of raw: the rows of each mapped form, every version
 * with its `_is_current` mark, are added to `raw.kobo__veta_site_assessments` as if Veta's own form had collected them, keeping the lineage of the
 * row they came from (batch, file hash, row, submission uuid) and naming the mapping in `_mapping`. The landing
 * warehouse is never changed. `meta.applied_mappings` records which column of which form became which question.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { quoteIdentifier, quoteLiteral, type Database } from '../gateway/duckdb.ts';
import { questionName, EVIDENCE_SUFFIX } from '../forms/question-names.ts';
import { MappingError, readMapping, referencedColumns, type FieldMapping, type Mapping } from '../mappings/mapping-file.ts';

/** The raw table Veta's own form lands in, which the staging models read. */
export const ASSESSMENT_TABLE = 'kobo__veta_site_assessments';

/** Where mapped requirement statuses go: any group name works for the models; this one says where they came from. */
const MAPPED_GROUP = 'mapped';

/** Lineage a mapped row keeps from the row it came from. */
const LINEAGE = ['_batch_id', '_file_hash', '_source_row', '_submission_uuid', '_record_version', '_supersedes_version',
  '_edit_count', '_parent_key', '_landed_at', '_is_current'];

/** Export metadata carried over when the form has it under a name of either tool (unless the mapping says otherwise). */
const METADATA: Record<string, string[]> = {
  _submission_time: ['_submission_time', 'SubmissionDate'],
  start: ['start'],
  end: ['end'],
  __version__: ['__version__', 'FormVersion'],
  SubmitterID: ['SubmitterID'],
};

export interface AppliedMapping {
  file: string;
  source_table: string;
  /** Submissions mapped (current versions). */
  rows: number;
  /** Submissions that Veta's own export already brought, left out. */
  skipped: number;
}

async function mappingFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

export async function applyMappings(db: Database, dir: string): Promise<AppliedMapping[]> {
  const applied: AppliedMapping[] = [];
  await db.run(
    `create table meta.applied_mappings (mapping_file varchar, source_table varchar, veta_column varchar,
       source_column varchar, constant_value varchar, recoded boolean)`,
  );
  const sources = new Map<string, string>();
  for (const file of await mappingFiles(dir)) {
    const mapping = await readMapping(file);
    // Two mappings of one form would bring each of its submissions twice.
    const other = sources.get(mapping.source_table);
    if (other) {
      throw new MappingError(`${path.basename(file)}: ${other} already maps raw.${mapping.source_table}; keep one of the two`);
    }
    sources.set(mapping.source_table, path.basename(file));
    const counts = await applyMapping(db, mapping, path.basename(file));
    if (counts) applied.push({ file: path.basename(file), source_table: mapping.source_table, ...counts });
  }
  return applied;
}

/** The SQL giving a field's value: the column as it is, recoded, or a constant. */
function expression(mapped: FieldMapping | { column: string; recode?: Record<string, string | null> }): string {
  if (typeof mapped === 'string') return quoteIdentifier(mapped);
  if ('value' in mapped) return quoteLiteral(mapped.value);
  const column = quoteIdentifier(mapped.column);
  const entries = Object.entries(mapped.recode ?? {});
  if (entries.length === 0) return column;
  const whens = entries.map(([from, to]) => `when ${quoteLiteral(from)} then ${to === null ? 'null' : quoteLiteral(to)}`).join(' ');
  return `case trim(${column}) ${whens} else ${column} end`;
}

/** Adds the mapped rows; undefined when nothing has landed in the mapping's source table yet. */
async function applyMapping(db: Database, mapping: Mapping, file: string): Promise<{ rows: number; skipped: number } | undefined> {
  const present = await db.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table`,
    { table: mapping.source_table },
  );
  if (present.length === 0) return undefined;
  const sourceColumns = new Set(present.map((c) => c.column_name));
  if (!sourceColumns.has('_submission_uuid')) {
    throw new MappingError(`${file}: raw.${mapping.source_table} is not a survey export (it has no submission uuid): only forms map onto assessments`);
  }
  const requireColumn = (column: string, what: string) => {
    if (!sourceColumns.has(column)) throw new MappingError(`${file}: ${what}: raw.${mapping.source_table} has no column "${column}"`);
  };

  const columns = new Map<string, { sql: string; source: string | null; value: string | null; recoded: boolean }>();
  for (const column of LINEAGE) if (sourceColumns.has(column)) columns.set(column, { sql: quoteIdentifier(column), source: column, value: null, recoded: false });
  for (const [veta, names] of Object.entries(METADATA)) {
    const found = names.find((name) => sourceColumns.has(name));
    if (found) columns.set(veta, { sql: quoteIdentifier(found), source: found, value: null, recoded: false });
  }
  const constant = (value: string) => ({ sql: quoteLiteral(value), source: null, value, recoded: false });
  columns.set('framework_version', constant(mapping.framework_version));
  columns.set('form_id', constant(mapping.form_id ?? mapping.source_table));
  columns.set('_mapping', constant(file));

  for (const { column, where } of referencedColumns(mapping)) requireColumn(column, where);
  for (const [veta, mapped] of Object.entries(mapping.fields)) {
    const source = typeof mapped === 'string' ? mapped : 'column' in mapped ? mapped.column : null;
    const value = typeof mapped === 'object' && 'value' in mapped ? mapped.value : null;
    const recoded = typeof mapped === 'object' && 'recode' in mapped && mapped.recode !== undefined;
    columns.set(veta, { sql: expression(mapped), source, value, recoded });
  }
  const known = new Set(
    (await db.query<{ requirement_id: string }>(
      'select requirement_id from catalogue.requirements where version_id = $version',
      { version: mapping.framework_version },
    )).map((r) => r.requirement_id),
  );
  for (const [requirement, mapped] of Object.entries(mapping.requirements)) {
    if (!known.has(requirement)) {
      throw new MappingError(`${file}: requirements.${requirement}: the catalogue has no such requirement in ${mapping.framework_version}`);
    }
    const question = `${MAPPED_GROUP}/${questionName(requirement, mapping.framework_version)}`;
    columns.set(question, { sql: expression(mapped), source: mapped.column, value: null, recoded: mapped.recode !== undefined });
    if (mapped.evidence) {
      columns.set(`${question}${EVIDENCE_SUFFIX}`, { sql: quoteIdentifier(mapped.evidence), source: mapped.evidence, value: null, recoded: false });
    }
  }

  const target = `raw.${quoteIdentifier(ASSESSMENT_TABLE)}`;
  const select = [...columns].map(([veta, { sql }]) => `${sql} as ${quoteIdentifier(veta)}`).join(', ');
  const source = `raw.${quoteIdentifier(mapping.source_table)}`;
  await db.run(`create table if not exists ${target} as select ${select} from ${source} limit 0`);
  for (const veta of columns.keys()) {
    const type = veta === '_source_row' || veta === '_edit_count' ? 'integer' : veta === '_landed_at' ? 'timestamp' : veta === '_is_current' ? 'boolean' : 'varchar';
    await db.run(`alter table ${target} add column if not exists ${quoteIdentifier(veta)} ${type}`);
  }
  // A submission Veta's own export already brought (the same form exported twice, once with labels) is taken from
  // that export: counting it twice would double every figure it feeds.
  const native = `_submission_uuid in (select _submission_uuid from ${target} where _mapping is null)`;
  // Counted in submissions (current rows), not in versions.
  const [{ skipped }] = await db.query<{ skipped: number }>(
    `select count(*)::integer as skipped from ${source} where _is_current and ${native}`,
  );
  await db.run(`insert into ${target} by name select ${select} from ${source} where not (${native})`);
  for (const [veta, { source: from, value, recoded }] of columns) {
    if (LINEAGE.includes(veta)) continue;
    await db.run('insert into meta.applied_mappings values ($file, $table, $veta, $from, $value, $recoded)', {
      file,
      table: mapping.source_table,
      veta,
      from,
      value,
      recoded,
    });
  }
  const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from ${source} where _is_current`);
  return { rows: n - skipped, skipped };
}

/**
 * Finds the SQL models under transforms/ and orders them by what they read. The layer is the folder (staging,
 * intermediate, marts) and becomes the DuckDB schema; dependencies come from DuckDB's own parse of each query, so
 * nobody keeps an order by hand.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../gateway/duckdb.ts';
import { ProjectError } from './errors.ts';
import { contractGaps, readTableDocs, type TableDoc } from './table-docs.ts';

/** Tables of the snapshot's record a model may read: the ingest ledger and the mappings applied. */
const META_TABLES = ['meta.ingest_batches', 'meta.ingest_rejects', 'meta.applied_mappings'];

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
/** Shared SQL macros (`create macro …`), loaded before any model. */
export const MACROS_DIR = 'macros';
export type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  layer: Layer;
  /** `layer.name`, how other models refer to it. */
  relation: string;
  file: string;
  sql: string;
  doc: TableDoc;
  /** Models this one reads, as relations. */
  dependsOn: string[];
  /** Raw tables this one reads (staging only). */
  sources: string[];
}

/** Loads every model under `root`, checks the references, and returns them in an order that can be built. */
export async function loadProject(db: Database, root: string): Promise<Model[]> {
  const files = await listFiles(root);
  const docs = new Map<string, TableDoc>();
  // `_sources.yml` declares the raw tables, not models (see raw-sources.ts).
  for (const file of files.filter((f) => /\/_[^/]*\.ya?ml$/.test(f) && !f.endsWith(`${path.sep}_sources.yml`))) {
    for (const doc of await readTableDocs(file)) {
      if (docs.has(doc.name)) throw new ProjectError(`${file}: model ${doc.name} is documented twice`);
      docs.set(doc.name, doc);
    }
  }

  const models: Model[] = [];
  for (const file of files.filter((f) => f.endsWith('.sql'))) {
    const layer = path.relative(root, file).split(path.sep)[0] as Layer;
    if ((layer as string) === MACROS_DIR) continue;
    if (!LAYERS.includes(layer)) throw new ProjectError(`${file}: models live under ${LAYERS.join('/, ')}/`);
    const name = path.basename(file, '.sql');
    const doc = docs.get(name);
    if (!doc) throw new ProjectError(`${file}: model ${name} has no entry (description and grain) in a _${layer}__models.yml`);
    const sql = (await readFile(file, 'utf8')).trim().replace(/;\s*$/, '');
    let tables: string[];
    try {
      tables = await db.referencedTables(sql);
    } catch (error) {
      throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
    }
    models.push({ name, layer, relation: `${layer}.${name}`, file, sql, doc, dependsOn: [], sources: tables });
  }
  const documentedOnly = [...docs.keys()].filter((name) => !models.some((m) => m.name === name));
  if (documentedOnly.length) throw new ProjectError(`documented but no SQL file: ${documentedOnly.join(', ')}`);

  const byRelation = new Map(models.map((m) => [m.relation, m]));
  for (const model of models) {
    const referenced = model.sources;
    model.sources = [];
    for (const table of referenced) {
      if (byRelation.has(table)) model.dependsOn.push(table);
      else if (table.startsWith('raw.')) model.sources.push(table);
      // The catalogue is reference data loaded before any model: every layer may read it.
      else if (table.startsWith('catalogue.')) continue;
      // So is the record of what landed and how it was mapped, copied into the snapshot before the models run.
      else if (META_TABLES.includes(table)) continue;
      else throw new ProjectError(`${model.file}: reads ${table}, which is neither a model, a raw table, a catalogue table nor one of ${META_TABLES.join(', ')} (write schema.table)`);
    }
    if (model.sources.length && model.layer !== 'staging') {
      throw new ProjectError(`${model.file}: only staging models may read raw tables (reads ${model.sources.join(', ')})`);
    }
    const upward = model.dependsOn.filter((dep) => LAYERS.indexOf(byRelation.get(dep)!.layer) > LAYERS.indexOf(model.layer));
    if (upward.length) throw new ProjectError(`${model.file}: a ${model.layer} model cannot read ${upward.join(', ')}`);
    const gaps = model.layer === 'marts' ? contractGaps(model.doc) : [];
    if (gaps.length) throw new ProjectError(`${model.file}: the published model ${model.name} ${gaps.join('; ')}`);
  }
  return buildOrder(models);
}

/** Kahn's algorithm, alphabetical among equals so builds are repeatable; a cycle is named in the error. */
export function buildOrder<T extends { relation: string; dependsOn: string[] }>(models: T[]): T[] {
  const remaining = new Map(models.map((m) => [m.relation, new Set(m.dependsOn)]));
  const ordered: T[] = [];
  while (remaining.size) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([relation]) => relation).sort();
    if (!ready.length) throw new ProjectError(`models depend on each other in a cycle: ${[...remaining.keys()].sort().join(', ')}`);
    for (const relation of ready) {
      remaining.delete(relation);
      for (const deps of remaining.values()) deps.delete(relation);
      ordered.push(models.find((m) => m.relation === relation)!);
    }
  }
  return ordered;
}

/** Creates the project's macros (`transforms/macros/*.sql`), so every model can call them. */
export async function loadMacros(db: Database, root: string): Promise<string[]> {
  const files = (await listFiles(path.join(root, MACROS_DIR)).catch(() => [])).filter((f) => f.endsWith('.sql'));
  for (const file of files) {
    try {
      await db.run(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  return files.map((f) => path.basename(f, '.sql'));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

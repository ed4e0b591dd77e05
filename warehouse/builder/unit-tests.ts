/**
 * Runs a model's unit tests (`unit_tests:` in its YAML): each in a database of its own holding the real catalogue
 * and macros, the given rows as the relations the model reads, and nothing else; the model's SQL then has to give
 * the expected rows. A unit test pins a rule on a few rows a person can read, where data tests check every row.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database, quoteIdentifier, quoteLiteral } from '../gateway/duckdb.ts';
import { loadCatalogue } from './load-catalogue.ts';
import { loadMacros, type Model } from './model-project.ts';
import type { UnitTest } from './table-docs.ts';

export interface UnitTestResult {
  test: string;
  model: string;
  passed: boolean;
  /** What differed, or why the test could not run. */
  error?: string;
}

/** Rows compared as JSON text, so a date and its ISO text, or 2 and 2.0, are the same value. */
const canonical = (row: Record<string, unknown>, columns: string[]) =>
  JSON.stringify(columns.map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))));

export async function runUnitTests(models: Model[], catalogueDir: string, transformsDir: string): Promise<UnitTestResult[]> {
  const results: UnitTestResult[] = [];
  for (const model of models) {
    for (const test of model.doc.unit_tests) results.push(await runUnitTest(model, test, catalogueDir, transformsDir));
  }
  return results;
}

async function runUnitTest(model: Model, test: UnitTest, catalogueDir: string, transformsDir: string): Promise<UnitTestResult> {
  const id = `unit_${model.name}_${test.name}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-unit-'));
  const db = await Database.open(':memory:');
  try {
    await loadCatalogue(db, catalogueDir);
    await loadMacros(db, transformsDir);
    const missing = [...model.dependsOn, ...model.sources].filter((relation) => !(relation in test.given));
    if (missing.length) return { test: id, model: model.relation, passed: false, error: `no rows given for ${missing.join(', ')}` };
    for (const [relation, rows] of Object.entries(test.given)) {
      const [schema, name] = relation.split('.');
      await db.run(`create schema if not exists ${quoteIdentifier(schema)}`);
      // DuckDB types the given rows as it types a JSON file: dates stay text unless cast by the model.
      const file = path.join(dir, `${relation}.json`);
      await writeFile(file, JSON.stringify(rows));
      await db.run(`create table ${quoteIdentifier(schema)}.${quoteIdentifier(name)} as select * from read_json_auto(${quoteLiteral(file)})`);
    }
    const actual = await db.query<Record<string, unknown>>(model.sql);
    const columns = [...new Set(test.expect.flatMap((row) => Object.keys(row)))];
    const want = test.expect.map((row) => canonical(row, columns)).sort();
    const got = actual.map((row) => canonical(row, columns)).sort();
    if (JSON.stringify(want) === JSON.stringify(got)) return { test: id, model: model.relation, passed: true };
    const unexpected = got.filter((row) => !want.includes(row));
    const absent = want.filter((row) => !got.includes(row));
    return {
      test: id,
      model: model.relation,
      passed: false,
      error: `expected ${want.length} rows, got ${got.length}; (${columns.join(', ')}) missing: ${absent.slice(0, 3).join(' ') || 'none'}; unexpected: ${unexpected.slice(0, 3).join(' ') || 'none'}`,
    };
  } catch (error) {
    return { test: id, model: model.relation, passed: false, error: (error as Error).message };
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

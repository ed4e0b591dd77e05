/**
 * The data tests a model's YAML declares, compiled and run on small tables written here: a key of several columns
 * (`unique_combination`) fails on the rows that share it and on nothing else.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../gateway/duckdb.ts';
import { compileTests } from './data-tests.ts';
import { readTableDocs } from './table-docs.ts';

const MODELS = `models:
  - name: fct_results
    description: One status per assessment and requirement.
    grain: one row per assessment and requirement
    tests:
      - expression_is_true: { expression: status <> '' }
      - unique_combination:
          columns: [assessment_id, requirement_id]
          description: one result per assessment and requirement
      - expression_is_true: { expression: "status in ('met', 'unmet')" }
`;

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-data-tests-'));
  db = await Database.open(':memory:');
  await db.run('create schema marts');
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function tests() {
  const file = path.join(dir, '_marts__models.yml');
  await writeFile(file, MODELS);
  const [doc] = await readTableDocs(file);
  return compileTests({ schema: 'marts', name: 'fct_results', doc });
}

async function failing(rows: string): Promise<Record<string, unknown>[]> {
  await db.run(`create or replace table marts.fct_results as select * from (values ${rows}) as t(assessment_id, requirement_id, status)`);
  const unique = (await tests()).find((t) => t.kind === 'unique_combination')!;
  return db.query(`${unique.sql} order by all`);
}

describe('unique_combination', () => {
  it('is named after its columns, and the expression tests around it keep their place in the list', async () => {
    expect((await tests()).map((t) => t.id)).toEqual([
      'expression_is_true_fct_results_1',
      'unique_combination_fct_results_assessment_id_requirement_id',
      'expression_is_true_fct_results_3',
    ]);
  });

  it('passes when each combination is held by one row, though each column alone repeats', async () => {
    expect(await failing("('a1', 'r1', 'met'), ('a1', 'r2', 'unmet'), ('a2', 'r1', 'met')")).toEqual([]);
  });

  it('fails on each combination two rows hold, with how many hold it', async () => {
    const rows = "('a1', 'r1', 'met'), ('a1', 'r1', 'unmet'), ('a2', 'r1', 'met'), ('a2', 'r2', 'met'), ('a2', 'r2', 'met'), ('a2', 'r2', 'unmet')";
    expect(await failing(rows)).toEqual([
      { assessment_id: 'a1', requirement_id: 'r1', occurrences: 2 },
      { assessment_id: 'a2', requirement_id: 'r2', occurrences: 3 },
    ]);
  });

  it('counts rows whose key holds the same NULL as holding the same key', async () => {
    const rows = "('a1', null, 'met'), ('a1', null, 'unmet'), (null, 'r1', 'met')";
    expect(await failing(rows)).toEqual([{ assessment_id: 'a1', requirement_id: null, occurrences: 2 }]);
  });

  it('refuses a key of one column, which is the column test unique', async () => {
    const file = path.join(dir, '_one__models.yml');
    await writeFile(file, MODELS.replace('[assessment_id, requirement_id]', '[assessment_id]'));
    await expect(readTableDocs(file)).rejects.toThrow(
      /_one__models\.yml: at models\.0\.tests\.1\.unique_combination\.columns: Too small: expected array to have >=2 items$/,
    );
  });
});

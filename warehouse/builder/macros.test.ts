import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../gateway/duckdb.ts';
import { loadMacros } from './model-project.ts';
import { TRANSFORMS_DIR } from '../project-paths.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await loadMacros(db, TRANSFORMS_DIR);
});
afterAll(() => db.close());

const one = async (sql: string, value: string | null) => (await db.query<{ v: unknown }>(`select ${sql} as v`, { value }))[0].v;

describe('parse_number', () => {
  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1 234,5', 1234.5],
    ['1\u202f234,5', 1234.5],
    ['1.234,50', 1234.5],
    ['1,234.50', 1234.5],
    ["1'234.5", 1234.5],
    ['-3', -3],
    ['1,234', 1.234],
    ['abc', null],
    ['1,2,3', null],
    ['', null],
    [null, null],
  ])('%j → %j', async (value, expected) => {
    expect(await one('parse_number($value)', value)).toBe(expected);
  });
});

describe('parse_date', () => {
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024-01-05T10:00:00+02:00', '2024-01-05'],
    ['05/01/2024', '2024-01-05'],
    ['5-1-2024', '2024-01-05'],
    ['05.01.2024', '2024-01-05'],
    ['45296', '2024-01-05'],
    ['2019', null],
    ['31/02/2024', null],
    ['12', null],
    [null, null],
  ])('%j → %j', async (value, expected) => {
    expect(await one("strftime(parse_date($value), '%Y-%m-%d')", value)).toBe(expected);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, quoteIdentifier, quoteLiteral } from '../warehouse/gateway/duckdb.ts';
import { ODK_ROOT_METADATA } from './odk/odk-export-columns.ts';
import { contentHash } from './record-versions.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

/** How contentHash was written before it took a lambda: versions landed with it must still be recognised. */
function concatenatedHash(columns: string[]): string {
  const cells = columns
    .filter((c) => !c.startsWith('_') && !([...ODK_ROOT_METADATA, 'PARENT_KEY', 'SubmissionDate'] as string[]).includes(c))
    .sort()
    .map((c) => `case when nullif(trim(${quoteIdentifier(c)}), '') is not null then ${quoteLiteral(c)} || chr(31) || ${quoteIdentifier(c)} end`);
  return `md5(concat_ws(chr(30), ${cells.join(', ')}))`;
}

describe('contentHash', () => {
  it('gives the versions the concatenated form gave, for any cells', async () => {
    const columns = ['sale_id', 'Buyer', 'é', 'a"b', "it's", '_index', 'KEY', 'gold_grams', 'z'];
    const cell = fc.oneof(fc.constant(null), fc.constantFrom('', ' ', 'x', '\u001e', 'a\nb', '🙂', "'"), fc.string({ maxLength: 6 }));
    const rows = fc.sample(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { numRuns: 300, seed: 7 });
    await db.run(`create table cells (${columns.map((c) => `${quoteIdentifier(c)} varchar`).join(', ')})`);
    await db.run(
      `insert into cells select ${columns.map((_, i) => `cells[${i + 1}]`).join(', ')} from (select unnest(from_json($rows, '[["varchar"]]')) as cells)`,
      { rows: JSON.stringify(rows) },
    );
    const differ = await db.query(`select * from cells where ${contentHash(columns)} is distinct from ${concatenatedHash(columns)}`);
    expect(differ).toEqual([]);
    expect(await db.query('select count(*)::integer as n from cells')).toEqual([{ n: 300 }]);
  });

  it('hashes a record with no cells of its own to one version', () => {
    expect(contentHash(['_index', '_uuid'])).toBe(`md5('')`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../warehouse/gateway/duckdb.ts';
import { spreadsheetColumn, spreadsheetColumnSql } from './spreadsheet-column.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

describe('spreadsheetColumn', () => {
  it('names columns as a spreadsheet does, to the widest sheet', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703, 16_384].map(spreadsheetColumn)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('gives the same names in SQL for every column of a sheet', async () => {
    const rows = await db.query<{ n: number; name: string }>(`select n::integer as n, ${spreadsheetColumnSql('n')} as name from range(1, 16385) as t(n)`);
    expect(rows).toHaveLength(16_384);
    expect(rows.filter((row) => row.name !== spreadsheetColumn(row.n))).toEqual([]);
  });
});

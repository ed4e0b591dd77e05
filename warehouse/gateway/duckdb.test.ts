import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, quoteIdentifier } from './duckdb.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

describe('Database.referencedTables', () => {
  it('finds tables in joins and subqueries but not the names of CTEs', async () => {
    const sql = `
      with recent as (select * from staging.stg_kobo__site_assessments)
      select * from recent join marts.dim_sites using (site_id)
      where site_id in (select site_id from raw.kobo__site_assessments)`;
    expect(await db.referencedTables(sql)).toEqual([
      'marts.dim_sites',
      'raw.kobo__site_assessments',
      'staging.stg_kobo__site_assessments',
    ]);
  });

  it('keeps a real table that has the same name as a CTE in another scope', async () => {
    const sql = `select * from (with x as (select 1) select * from x), staging.x`;
    expect(await db.referencedTables(sql)).toEqual(['staging.x']);
  });

  it('names the parser error for SQL that does not parse', async () => {
    await expect(db.referencedTables('select from where')).rejects.toThrow(/cannot parse SQL: .*syntax error/i);
  });
});

describe('Database', () => {
  it('returns BIGINT as a string, which is why API SQL casts counts to integer', async () => {
    expect(await db.query('select count(*) as n, count(*)::integer as m from range(3)')).toEqual([{ n: '3', m: 3 }]);
  });

  it('rolls a failed transaction back completely', async () => {
    await db.run('create table t (x integer)');
    await expect(
      db.transaction(async () => {
        await db.run('insert into t values (1), (2)');
        await db.run('insert into missing_table values (3)');
      }),
    ).rejects.toThrow(/missing_table/);
    expect(await db.query('select count(*)::integer as n from t')).toEqual([{ n: 0 }]);
  });

  it('stores timestamps in UTC whatever the machine zone', async () => {
    const [{ zone }] = await db.query<{ zone: string }>("select current_setting('TimeZone') as zone");
    expect(zone).toBe('UTC');
  });

  it('quotes identifiers taken from file headers', async () => {
    await db.run(`create table ${quoteIdentifier('site/"name"')} (${quoteIdentifier('a;b')} varchar)`);
    expect(await db.query(`select count(*)::integer as n from ${quoteIdentifier('site/"name"')}`)).toEqual([{ n: 0 }]);
  });
});

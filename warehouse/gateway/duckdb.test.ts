import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Database, MEMORY_LIMIT_VARIABLE, quoteIdentifier, quoteLiteral } from './duckdb.ts';

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

describe('Database.open', () => {
  afterEach(() => {
    delete process.env[MEMORY_LIMIT_VARIABLE];
  });

  it('caps DuckDB\'s memory at VETA_MEMORY_LIMIT, and says what it expected of a value it cannot read', async () => {
    process.env[MEMORY_LIMIT_VARIABLE] = '123MB';
    const capped = await Database.open(':memory:');
    try {
      // DuckDB shows the limit in binary units: 123 MB is 117.3 MiB.
      expect(await capped.query("select current_setting('memory_limit') as m")).toEqual([{ m: '117.3 MiB' }]);
    } finally {
      capped.close();
    }
    process.env[MEMORY_LIMIT_VARIABLE] = 'lots';
    await expect(Database.open(':memory:')).rejects.toThrow('VETA_MEMORY_LIMIT="lots" is not a size: expected a number and a unit, such as 4GB or 512MB');
  });
});

describe('Database.textAppender', () => {
  it('appends rows of text, nulls kept apart from empty cells, and refuses a row of the wrong width', async () => {
    await db.run('create schema landing; create table landing.cells (a varchar, b varchar)');
    const appender = await db.textAppender('cells', 'landing');
    appender.appendRow(['gold; "fine"', '']);
    appender.appendRow([null, 'línea\ndos']);
    expect(() => appender.appendRow(['only one'])).toThrow('landing.cells: a row of 1 cells, where the table has 2 columns');
    // The refused row left nothing half-appended: the next row lands whole, in its own columns.
    appender.appendRow(['c', 'd']);
    appender.close();
    expect(await db.query('select a, b from landing.cells order by rowid')).toEqual([
      { a: 'gold; "fine"', b: '' },
      { a: null, b: 'línea\ndos' },
      { a: 'c', b: 'd' },
    ]);
  });
});

describe('Database.runWithProgress', () => {
  // Long enough for DuckDB to be caught half-way: landing 3 million rows takes a few hundred milliseconds.
  const ROWS = 3_000_000;
  let dir: string;
  let csv: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'veta-progress-'));
    csv = path.join(dir, 'ledger.csv');
    const writer = await Database.open(':memory:');
    try {
      await writer.run(
        `copy (select 'uuid-' || i as _uuid, 'site ' || (i % 977) as site, (i * 7 % 1000)::varchar as grams,
                      'sold, "fine" gold' as note
               from range(${ROWS}) as t(i))
         to ${quoteLiteral(csv)} (header, delimiter ',')`,
      );
    } finally {
      writer.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const landing = (table: string) =>
    `create table ${table} as select * from read_csv(${quoteLiteral(csv)}, header = true, all_varchar = true,
       store_rejects = true, rejects_table = 'csv_rejects_${table}', rejects_scan = 'csv_scans_${table}')`;
  const fingerprint = (table: string) =>
    db.query(`select count(*)::integer as n, sum(hash(_uuid, site, grams, note))::varchar as h from ${table}`);

  it("reports DuckDB's progress on a large read_csv, never backwards, and lands what run() lands", async () => {
    const seen: number[] = [];
    // Polled every 10 ms rather than 200 so that a fast machine still catches the statement half-way.
    const record = (f: number) => void seen.push(f);
    await db.transaction(() => db.runWithProgress(landing('with_progress'), undefined, record, { intervalMs: 10 }));
    await db.run(landing('without_progress'));

    expect(seen.some((f) => f > 0 && f < 1)).toBe(true);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);
    const [landed] = await fingerprint('with_progress');
    expect(landed.n).toBe(ROWS);
    expect(landed).toEqual((await fingerprint('without_progress'))[0]);
  });

  it('binds parameters and takes part in a transaction that rolls back', async () => {
    await db.runWithProgress('create table t as select $n::integer as n', { n: 7 }, () => {});
    expect(await db.query('select n from t')).toEqual([{ n: 7 }]);
    await expect(
      db.transaction(async () => {
        await db.runWithProgress('insert into t select * from range(8, 10)', undefined, () => {});
        await db.run('insert into missing_table values (1)');
      }),
    ).rejects.toThrow(/missing_table/);
    expect(await db.query('select n from t')).toEqual([{ n: 7 }]);
  });

  it("rejects with DuckDB's error for a statement that fails, and calls back nothing", async () => {
    const seen: number[] = [];
    await expect(db.runWithProgress('select * from missing_table', undefined, (f) => seen.push(f))).rejects.toThrow(
      /Table with name missing_table does not exist/,
    );
    expect(seen).toEqual([]);
  });

  it('raises an error of the callback once the statement has ended', async () => {
    await expect(
      db.runWithProgress('create table t as select 1 as n', undefined, () => {
        throw new Error('reporter broke');
      }),
    ).rejects.toThrow('reporter broke');
    // The statement was not abandoned half-way: it ran to its end, and the connection is free for the next one.
    expect(await db.query('select n from t')).toEqual([{ n: 1 }]);
  });

  it('keeps DuckDB from drawing its own progress bar, which would land on stdout among --json results', async () => {
    expect(
      await db.query(
        `select current_setting('enable_progress_bar')::boolean as on,
                current_setting('enable_progress_bar_print')::boolean as print`,
      ),
    ).toEqual([{ on: true, print: false }]);
  });
});

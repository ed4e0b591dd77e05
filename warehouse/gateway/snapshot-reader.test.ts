import { link, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database } from './duckdb.ts';
import { NoSnapshotError, SnapshotReader } from './snapshot-reader.ts';

async function writeSnapshot(file: string, id: string, rows: number): Promise<void> {
  const db = await Database.open(file);
  await db.run(`create schema meta; create table meta.snapshot as select '${id}' as snapshot_id, now()::timestamp as built_at`);
  await db.run(`create table sites as select range as i from range(${rows})`);
  db.close();
}

describe('SnapshotReader', () => {
  it('says there is nothing to read before anything is published', async () => {
    const reader = new SnapshotReader(path.join(await tempDir(), 'published.duckdb'));
    await expect(reader.query('select 1')).rejects.toBeInstanceOf(NoSnapshotError);
  });

  it('answers from a newly published file after an atomic rename, naming the snapshot that answered', async () => {
    const dir = await tempDir();
    const published = path.join(dir, 'published.duckdb');
    await writeSnapshot(path.join(dir, 'a.duckdb'), 'snapshot-a', 10);
    await link(path.join(dir, 'a.duckdb'), published);
    const reader = new SnapshotReader(published);
    const count = 'select count(*)::integer as n from sites';
    expect(await reader.query(count)).toMatchObject({ rows: [{ n: 10 }], snapshot: { snapshot_id: 'snapshot-a' } });

    await writeSnapshot(path.join(dir, 'b.duckdb'), 'snapshot-b', 100);
    await rename(path.join(dir, 'b.duckdb'), published);
    expect(await reader.query(count)).toMatchObject({ rows: [{ n: 100 }], snapshot: { snapshot_id: 'snapshot-b' } });
    reader.close();
  });

  it('lets a query that started on the old snapshot finish on it', async () => {
    const dir = await tempDir();
    const published = path.join(dir, 'published.duckdb');
    await writeSnapshot(published, 'old', 5);
    const reader = new SnapshotReader(published);
    const answer = await reader.read(async (query, snapshot) => {
      await writeSnapshot(path.join(dir, 'new.duckdb'), 'new', 7);
      await rename(path.join(dir, 'new.duckdb'), published);
      // A second request arrives meanwhile and opens the new snapshot.
      expect((await reader.info()).snapshot_id).toBe('new');
      const [{ n }] = await query<{ n: number }>('select count(*)::integer as n from sites');
      return { n, id: snapshot.snapshot_id };
    });
    expect(answer).toEqual({ n: 5, id: 'old' });
    reader.close();
  });

  it('answers a quick read while a slow one runs, on a connection of its own', async () => {
    const published = path.join(await tempDir(), 'published.duckdb');
    await writeSnapshot(published, 'a', 3);
    const finished: string[] = [];
    const race = async (reader: SnapshotReader) => {
      finished.length = 0;
      const slow = reader.query('select sum(range) as s from range(400000000)').then(() => finished.push('slow'));
      // Once the slow one holds its connection, a quick one is asked for.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const quick = reader.query('select count(*) as n from sites').then(() => finished.push('quick'));
      await Promise.all([slow, quick]);
      reader.close();
      return [...finished];
    };
    expect(await race(new SnapshotReader(published, { connections: 1 }))).toEqual(['slow', 'quick']);
    expect(await race(new SnapshotReader(published))).toEqual(['quick', 'slow']);
  });

  it('queues reads past its connections and answers every one, each from its own snapshot', async () => {
    const dir = await tempDir();
    const published = path.join(dir, 'published.duckdb');
    await writeSnapshot(published, 'first', 4);
    const reader = new SnapshotReader(published, { connections: 2 });
    const counts = Array.from({ length: 12 }, (_, i) =>
      reader.read(async (query, snapshot) => {
        const [{ n }] = await query<{ n: number }>(`select count(*)::integer + ${i} as n from sites`);
        return `${snapshot.snapshot_id}:${n - i}`;
      }),
    );
    expect(new Set(await Promise.all(counts))).toEqual(new Set(['first:4']));
    // The first snapshot's sessions are closed with it once a second is published.
    await writeSnapshot(path.join(dir, 'second.duckdb'), 'second', 9);
    await rename(path.join(dir, 'second.duckdb'), published);
    const later = Array.from({ length: 6 }, () => reader.query<{ n: number }>('select count(*)::integer as n from sites'));
    expect((await Promise.all(later)).map(({ rows, snapshot }) => `${snapshot.snapshot_id}:${rows[0].n}`)).toEqual(Array(6).fill('second:9'));
    reader.close();
    expect(() => new SnapshotReader(published, { connections: 0 })).toThrow(/at least one connection/);
  });

  it('refuses a file that was not published by a build', async () => {
    const file = path.join(await tempDir(), 'published.duckdb');
    const db = await Database.open(file);
    await db.run('create table x (i integer)');
    db.close();
    await expect(new SnapshotReader(file).info()).rejects.toThrow(/meta/);
  });
});
